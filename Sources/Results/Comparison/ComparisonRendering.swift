import Foundation

/// The comparison's files and its terminal table. Pure functions of the table, so a
/// merged sharded sweep and an unsharded one render the same bytes.
public enum ComparisonFiles {
    public static let csvName = "comparison.csv"
    public static let markdownName = "comparison.md"

    public static func files(_ table: ComparisonTable) -> [(name: String, contents: Data)] {
        [(csvName, csv(table)), (markdownName, markdown(table))]
    }

    public static let csvHeader = "variant,metric,mean,half_width,lower,upper,replications"

    /// One row per variant and metric, in the summary's units; the interval columns
    /// are empty with a single replication.
    public static func csv(_ table: ComparisonTable) -> Data {
        var text = csvHeader + "\n"
        for cell in table.cells {
            let optional = { (value: Double?) in value.map(NumberText.format) ?? "" }
            text += [cell.variant, cell.metric, NumberText.format(cell.mean), optional(cell.halfWidth),
                     optional(cell.lower), optional(cell.upper), String(cell.replications)].joined(separator: ",")
            text += "\n"
        }
        return Data(text.utf8)
    }

    public static func markdown(_ table: ComparisonTable) -> Data {
        let plan = table.plan
        var text = "# Comparison: \(plan.scenario)\n\n"
        text += "\(plan.replications) replication\(plan.replications == 1 ? "" : "s") per variant. "
        text += "Replication r of every variant runs with seed = the variant's scenario seed + r "
        text += "(common random numbers: variants see the same arrivals). "
        text += "Cells are mean ± half-width of a \(Int(ComparisonTable.confidenceLevel * 100))% confidence interval "
        text += "(Student t, replications − 1 degrees of freedom).\n\n"
        if !plan.commonOverrides.isEmpty {
            text += "Every variant, the baseline included, is the scenario with "
            text += plan.commonOverrides.map(code).joined(separator: ", ") + ".\n\n"
        }
        text += "| Variant | Seeds | Overrides |\n|---|---|---|\n"
        for variant in plan.variants {
            let overrides = variant.overrides.isEmpty ? "(the scenario as written)"
                : variant.overrides.map(code).joined(separator: ", ")
            let last = variant.seed &+ UInt64(max(plan.replications - 1, 0))
            text += "| \(variant.name) | \(variant.seed)–\(last) | \(overrides) |\n"
        }
        text += "\n| Metric |" + plan.variants.map { " \($0.name) |" }.joined() + "\n"
        text += "|---|" + String(repeating: "---:|", count: plan.variants.count) + "\n"
        for (metric, row) in rows(table) {
            text += "| \(metric.label) |" + row.map { " \($0) |" }.joined() + "\n"
        }
        return Data(text.utf8)
    }

    /// Markdown inline code; a `|` would end the table cell.
    private static func code(_ text: String) -> String {
        "`" + text.replacingOccurrences(of: "|", with: "\\|") + "`"
    }

    /// The table for a terminal: metrics down, variants across, columns aligned.
    public static func terminal(_ table: ComparisonTable) -> String {
        let plan = table.plan
        var lines: [[String]] = [["metric"] + plan.variants.map(\.name)]
        for (metric, row) in rows(table) { lines.append([metric.label] + row) }
        let widths = (0..<lines[0].count).map { column in lines.map { $0[column].count }.max() ?? 0 }
        var text = "\(plan.scenario): \(plan.variants.count) variants × \(plan.replications) replications, "
        text += "mean ± \(Int(ComparisonTable.confidenceLevel * 100))% CI\n"
        for line in lines {
            let padded = line.enumerated().map { column, value in
                column == 0 ? value.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - value.count) + value
            }
            text += padded.joined(separator: "  ") + "\n"
        }
        return text
    }

    /// Each metric with its cells formatted for people, one per variant.
    private static func rows(_ table: ComparisonTable) -> [(ComparisonMetric, [String])] {
        table.plan.metrics.compactMap(ComparisonMetric.named).map { metric in
            (metric, table.plan.variants.map { variant in
                guard let cell = table.cell(variant: variant.name, metric: metric.name) else { return "" }
                let mean = fixed(cell.mean * metric.displayScale, metric.displayDecimals)
                guard let half = cell.halfWidth else { return mean }
                return mean + " ± " + fixed(half * metric.displayScale, metric.displayDecimals)
            })
        }
    }

    /// Fixed decimals without locale: the same text on every machine.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(value) }
        let whole = Int64(scaled)
        let unit = Int64(scale)
        var text = String(whole / unit)
        if decimals > 0 {
            let fraction = String(whole % unit)
            text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
        }
        return (value < 0 && whole != 0 ? "-" : "") + text
    }
}
