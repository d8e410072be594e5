import Foundation

extension ResultFiles {
    public static let edgesHeader =
        "caller,callee_service,callee_revision,sent,completed,failed,in_flight,rate,latency_mean,latency_p50,latency_p95,latency_p99,error_share,cold,failures"

    /// edges.csv: one row per call-graph edge, by caller then callee revision; nil when
    /// the run had no calls. `failures` lists `reason=count` pairs joined by `;`.
    public static func edgesCSV(_ summary: Summary) -> Data? {
        guard let edges = summary.edges else { return nil }
        var text = edgesHeader + "\n"
        for caller in edges.keys.sorted() {
            let callees = edges[caller]!
            for revision in callees.keys.sorted() {
                let e = callees[revision]!
                let failures = e.failures.byReason.keys.sorted().map { "\($0)=\(e.failures.byReason[$0]!)" }.joined(separator: ";")
                let fields: [String] = [
                    caller, e.calleeService, revision, String(e.requests.sent), String(e.requests.completed),
                    String(e.requests.failed), String(e.requests.inFlight), NumberText.format(e.rate),
                    NumberText.format(e.latency.mean), NumberText.format(e.latency.p50), NumberText.format(e.latency.p95),
                    NumberText.format(e.latency.p99), NumberText.format(e.errorShare), String(e.cold), failures,
                ]
                text += fields.joined(separator: ",") + "\n"
            }
        }
        return Data(text.utf8)
    }
}
