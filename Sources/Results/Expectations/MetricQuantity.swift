import Foundation

/// A value written in an expectation or a tolerance: `2s`, `150ms`, `3`, `5%`.
public enum MetricQuantity: Sendable, Equatable, CustomStringConvertible {
    /// A duration, in seconds (`ns`, `us`/`µs`, `ms`, `s`, `m`, `h`).
    case seconds(Double)
    /// A bare number: a count, or seconds for a time metric.
    case number(Double)
    /// A percentage, stored as a fraction (`5%` is 0.05).
    case ratio(Double)

    public var value: Double {
        switch self {
        case .seconds(let v), .number(let v), .ratio(let v): v
        }
    }

    static let units: [(suffix: String, seconds: Double)] = [
        ("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600),
    ]

    /// nil when `text` is not a number with an optional known unit.
    public init?(parsing text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        // The longest prefix that is a number; the rest is the unit.
        var split = text.endIndex
        while split > text.startIndex, Double(text[..<split]) == nil {
            split = text.index(before: split)
        }
        guard split > text.startIndex, let number = Double(text[..<split]), number.isFinite else { return nil }
        let unit = text[split...].trimmingCharacters(in: .whitespaces)
        if unit.isEmpty { self = .number(number); return }
        if unit == "%" { self = .ratio(number / 100); return }
        guard let scale = Self.units.first(where: { $0.suffix == unit })?.seconds else { return nil }
        self = .seconds(number * scale)
    }

    public var description: String {
        switch self {
        case .seconds(let v): MetricFormat.seconds(v)
        case .number(let v): MetricFormat.number(v)
        case .ratio(let v): MetricFormat.number(v * 100) + "%"
        }
    }
}

/// How observed values print: times in a readable unit, counts as integers.
public enum MetricFormat {
    public static func seconds(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude == 0 { return "0s" }
        if magnitude < 1e-3 { return significant(value * 1e6) + "µs" }
        if magnitude < 1 { return significant(value * 1e3) + "ms" }
        return significant(value) + "s"
    }

    public static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return significant(value)
    }

    public static func value(_ value: Double, isSeconds: Bool) -> String {
        isSeconds ? seconds(value) : number(value)
    }

    /// `figures` significant digits (default 4), without trailing zeros; locale-free.
    static func significant(_ value: Double, figures: Int = 4) -> String {
        if value == 0 { return "0" }
        let digits = max(0, figures - 1 - Int((abs(value)).log10Floor))
        var text = String(format: "%.\(min(digits, 12))f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

private extension Double {
    var log10Floor: Double { Foundation.log10(self).rounded(.down) }
}
