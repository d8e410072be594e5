import Serving

/// A one-line chart of a series in block characters (▁▂▃▄▅▆▇█), for the terminal
/// summary: enough to see a scale-from-zero burst or a panic's overshoot without
/// opening timeseries.csv.
enum Sparkline {
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// `values` squeezed into at most `width` columns, each the mean of an equal share
    /// of consecutive values (integer bounds, so the same input always gives the same
    /// columns). Heights are relative to the largest column: it is █, zero is ▁, and
    /// any value above zero is at least ▂ so that "a little" never looks like "none".
    static func render(_ values: [Double], width: Int) -> String {
        columns(values, width: width).map(String.init).joined()
    }

    static func columns(_ values: [Double], width: Int) -> [Character] {
        let means = downsample(values, width: width)
        let top = means.max() ?? 0
        return means.map { value in
            guard top > 0, value > 0 else { return levels[0] }
            let step = Int((value / top * Double(levels.count - 1)).rounded(.up))
            return levels[min(max(step, 1), levels.count - 1)]
        }
    }

    /// Means of `width` consecutive shares of `values` (all of them when fewer).
    static func downsample(_ values: [Double], width: Int) -> [Double] {
        guard width > 0, !values.isEmpty else { return [] }
        let count = min(width, values.count)
        return (0..<count).map { column in
            let start = column * values.count / count
            let end = (column + 1) * values.count / count
            return values[start..<end].reduce(0, +) / Double(end - start)
        }
    }
}

extension TerminalSummary {
    static let sparklineWidth = 60

    /// Ready pods and arrivals per second over the run, one column per equal share of
    /// the simulated seconds; nil for a run without a time series.
    static func timelineLines(_ rows: [TimeSeriesRow], duration: Double) -> [String]? {
        guard !rows.isEmpty else { return nil }
        let pods = rows.map { Double($0.podsReady) }
        let load = rows.map { Double($0.arrivals) }
        let columns = min(sparklineWidth, rows.count)
        let podsMax = rows.map(\.podsReady).max() ?? 0
        let loadMax = rows.map(\.arrivals).max() ?? 0
        return [
            "  timeline  0–\(format(duration))s, \(columns) columns of \(format(duration / Double(columns)))s each",
            "    pods    \(Sparkline.render(pods, width: sparklineWidth))  ready, max \(podsMax)",
            "    load    \(Sparkline.render(load, width: sparklineWidth))  arrivals/s, max \(loadMax)",
        ]
    }
}
