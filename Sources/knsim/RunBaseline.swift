import Foundation
import Results

extension RunCommand {
    /// `knsim run --baseline FILE`: every metric that changed from a saved
    /// summary.json, absolute and relative. Informational: it never changes the exit
    /// status (`knsim check --baseline` is the gate).
    func printBaselineComparison(_ summary: Summary) throws {
        guard let baseline else { return }
        let comparison = BaselineComparison(baseline: try readBaselineMetrics(baseline), run: SummaryMetrics(summary))
        print(BaselineReport.render(comparison, against: baseline))
    }
}

/// A saved summary.json's metrics; a missing or malformed file is bad input.
func readBaselineMetrics(_ path: String) throws -> SummaryMetrics {
    let data: Data
    do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
        throw KnsimFailure.badInput("\(path): cannot read the baseline summary: \((error as NSError).localizedDescription)")
    }
    do { return try SummaryMetrics(json: data) } catch {
        throw KnsimFailure.badInput("\(path): not a summary.json (\(error))")
    }
}

enum BaselineReport {
    static func render(_ comparison: BaselineComparison, against path: String, onlyBeyondTolerance: Bool = false) -> String {
        let changed = comparison.changed
        var lines = ["baseline \(path): \(changed.count) of \(comparison.changes.count) metrics changed"]
        for change in changed where !onlyBeyondTolerance || !change.withinTolerance {
            let mark = change.withinTolerance ? "" : "  BEYOND TOLERANCE (\(change.tolerance))"
            lines.append("  " + change.line + mark)
        }
        return lines.joined(separator: "\n")
    }
}
