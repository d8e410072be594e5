import Foundation

/// The service graph of a run with calls, as Graphviz DOT, in the manner of Kiali's
/// graph: each service a box holding its revisions, each call edge (caller service →
/// callee revision) labelled with its rate, p95 latency and error share, and the
/// edges where many calls met a cold start drawn thick and red. Entry traffic comes
/// from a `clients` node. Pure: the same summary gives the same bytes.
public enum ServiceGraph {
    /// An edge is "cold-heavy" when at least this share of its answered calls met a
    /// cold start.
    public static let coldHeavyShare = 0.01

    public static func dot(_ summary: Summary) -> String {
        var lines = ["digraph \(quote(summary.scenario)) {"]
        lines.append("  graph [rankdir=LR, compound=true, fontname=\"Helvetica\", label=\(quote("\(summary.scenario) (seed \(summary.seed))")), labelloc=t];")
        lines.append("  node [fontname=\"Helvetica\", shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fb\"];")
        lines.append("  edge [fontname=\"Helvetica\", fontsize=10];")
        lines.append("  clients [shape=oval, fillcolor=\"#ffffff\", label=\"clients\"];")
        let edges = summary.edges ?? [:]
        // Revisions by service, in name order.
        var byService: [String: [String]] = [:]
        for (name, revision) in summary.revisions { byService[revision.service, default: []].append(name) }
        var callsInto: [String: Int] = [:]
        for callees in edges.values {
            for (revision, edge) in callees { callsInto[revision, default: 0] += edge.requests.sent + edge.requests.warmupExcluded }
        }
        let seconds = max(0, summary.durationSeconds - summary.warmupSeconds)
        for service in byService.keys.sorted() {
            let revisions = byService[service]!.sorted()
            lines.append("  subgraph \(quote("cluster_" + service)) {")
            lines.append("    label=\(quote(service)); style=\"rounded\"; color=\"#7f8fa6\";")
            for name in revisions {
                let r = summary.revisions[name]!
                let label = "\(name)\\n\(r.requests.arrived) requests, p95 \(milliseconds(r.latency.p95))"
                lines.append("    \(quote(name)) [label=\(quote(label))];")
            }
            lines.append("  }")
        }
        // Entry traffic: what a revision received beyond the calls into it.
        for name in summary.revisions.keys.sorted() {
            let r = summary.revisions[name]!
            let entries = r.requests.arrived + r.requests.warmupExcluded - (callsInto[name] ?? 0)
            guard entries > 0 else { continue }
            let rate = seconds > 0 ? Double(r.requests.arrived - countedCallsInto(name, edges)) / seconds : 0
            lines.append("  clients -> \(quote(name)) [label=\(quote(rateText(rate)))];")
        }
        for caller in edges.keys.sorted() {
            // The edge leaves the caller's box (from its first revision, clipped at the box).
            guard let from = byService[caller]?.sorted().first else { continue }
            for revision in edges[caller]!.keys.sorted() {
                let e = edges[caller]![revision]!
                let answered = e.requests.completed + e.requests.failed
                let coldShare = answered > 0 ? Double(e.cold) / Double(answered) : 0
                var label = "\(rateText(e.rate))\\np95 \(milliseconds(e.latency.p95))\\nerrors \(percent(e.errorShare))"
                var style = "ltail=\(quote("cluster_" + caller))"
                if coldShare >= coldHeavyShare {
                    label += "\\ncold \(percent(coldShare))"
                    style += ", color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=2.5"
                } else if e.errorShare > 0 {
                    style += ", color=\"#e67e22\", fontcolor=\"#e67e22\""
                }
                lines.append("  \(quote(from)) -> \(quote(revision)) [label=\(quote(label)), \(style)];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func countedCallsInto(_ revision: String, _ edges: [String: [String: Summary.Edge]]) -> Int {
        edges.values.reduce(0) { $0 + ($1[revision]?.requests.sent ?? 0) }
    }

    /// A DOT string; backslashes are left alone, as labels use DOT's `\n`.
    static func quote(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    static func rateText(_ rate: Double) -> String { String(format: "%.2f rps", locale: nil, rate) }
    static func milliseconds(_ seconds: Double) -> String { String(format: "%.1f ms", locale: nil, seconds * 1000) }
    static func percent(_ share: Double) -> String { String(format: "%.1f%%", locale: nil, share * 100) }
}
