import Results

extension TerminalSummary {
    /// One line per call-graph edge, e.g.
    /// `  calls     myapp → user-v1  2.063/s  p95 40.2ms  0 failed  22 cold`.
    static func callLines(_ s: Summary) -> [String] {
        guard let edges = s.edges else { return [] }
        var lines: [String] = []
        for caller in edges.keys.sorted() {
            for revision in edges[caller]!.keys.sorted() {
                let e = edges[caller]![revision]!
                let label = lines.isEmpty ? "  calls     " : "            "
                lines.append(label + "\(caller) → \(revision)  \(format(e.rate))/s  p95 \(ms(e.latency.p95))  "
                             + "\(e.requests.failed) failed  \(e.cold) cold")
            }
        }
        return lines
    }
}
