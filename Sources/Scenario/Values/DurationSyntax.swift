import Engine

/// Durations as Kubernetes and Knative users write them: Go's `time.ParseDuration`
/// syntax (`250ms`, `30s`, `10m`, `1h`, `1.5s`, `100us`, `500ns`, `1m30s`), plus a
/// plain number meaning seconds (`30`, `0.25`), as Knative's `timeoutSeconds` does.
///
/// Durations are never negative here: every duration in a scenario is a span of
/// time. Values are rounded to the nearest nanosecond.
public enum DurationSyntax {
    /// Nanoseconds per unit, longest spelling first so `ms` is not read as `m`.
    static let units: [(name: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("\u{00B5}s", 1_000), ("\u{03BC}s", 1_000), ("ms", 1_000_000),
        ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000),
    ]

    static let expectation = "must be a duration such as 250ms, 30s or 1m30s"

    public static func parse(_ text: String) throws(ValueSyntaxError) -> SimDuration {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw ValueSyntaxError("\(expectation), got an empty value") }
        if trimmed.hasPrefix("-") {
            throw ValueSyntaxError("must not be negative, got \(quoted(text))")
        }
        if let seconds = NumberSyntax.double(trimmed) {
            guard seconds.isFinite, seconds * 1e9 < 9.2e18 else { throw tooLong(text) }
            return .seconds(seconds)
        }
        var rest = Substring(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed)
        var total: Int64 = 0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(number.count)
            let unitText = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            rest = rest.dropFirst(unitText.count)
            guard !number.isEmpty, NumberSyntax.isDecimal(String(number), allowExponent: false) else {
                throw ValueSyntaxError("\(expectation), got \(quoted(text))")
            }
            guard !unitText.isEmpty else {
                throw ValueSyntaxError("needs a unit after \(number) (ns, us, ms, s, m or h), got \(quoted(text))")
            }
            guard let unit = units.first(where: { $0.name == unitText }) else {
                throw ValueSyntaxError("unknown unit \(quoted(String(unitText))) (use ns, us, ms, s, m or h), got \(quoted(text))")
            }
            guard let part = nanoseconds(number, unit: unit.nanoseconds) else { throw tooLong(text) }
            let (sum, overflow) = total.addingReportingOverflow(part)
            guard !overflow else { throw tooLong(text) }
            total = sum
        }
        return SimDuration(nanoseconds: total)
    }

    /// `whole.fraction` x unit, in integer nanoseconds where it can be, so `1.5s` is
    /// exactly 1_500_000_000 and not a float's neighbour.
    private static func nanoseconds(_ number: Substring, unit: Int64) -> Int64? {
        let parts = number.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let wholeText = parts[0]
        let fractionText = parts.count > 1 ? parts[1] : ""
        var value: Int64 = 0
        if !wholeText.isEmpty {
            guard let whole = Int64(wholeText) else { return nil }
            let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
            guard !overflow else { return nil }
            value = product
        }
        if !fractionText.isEmpty, let fraction = Double("0." + fractionText) {
            let (sum, overflow) = value.addingReportingOverflow(Int64((fraction * Double(unit)).rounded()))
            guard !overflow else { return nil }
            value = sum
        }
        return value
    }

    private static func tooLong(_ text: String) -> ValueSyntaxError {
        ValueSyntaxError("is too long (the longest is about 292 years), got \(quoted(text))")
    }
}

extension DurationSyntax {
    /// A time in seconds as a Double, for distribution parameters and samples: a
    /// plain number is taken as written (not rounded to the nanosecond, so a
    /// written-out distribution reads back identical); a duration is converted.
    public static func seconds(_ text: String) throws(ValueSyntaxError) -> Double {
        if let seconds = NumberSyntax.double(text.trimmingSpaces), seconds.isFinite, seconds >= 0 {
            return seconds
        }
        return try parse(text).seconds
    }
}

extension SimDuration {
    /// Parses `250ms`, `1m30s`, `30` (seconds) and the like; see `DurationSyntax`.
    public init(parsing text: String) throws(ValueSyntaxError) {
        self = try DurationSyntax.parse(text)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s = s.dropFirst() }
        while let c = s.last, c == " " || c == "\t" { s = s.dropLast() }
        return String(s)
    }
}

extension DurationSyntax {
    /// The shortest text `parse` reads back as exactly `duration`: `250ms`, `1m30s`,
    /// `1.5s`, `2h`, `0s`.
    public static func format(_ duration: SimDuration) -> String {
        let ns = duration.nanoseconds
        if ns == 0 { return "0s" }
        if ns < 0 { return "-" + format(SimDuration(nanoseconds: ns == .min ? .max : -ns)) }
        if ns < 1_000_000_000 {
            if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
            if ns % 1_000 == 0 { return "\(ns / 1_000)us" }
            return "\(ns)ns"
        }
        let hours = ns / 3_600_000_000_000
        let minutes = ns % 3_600_000_000_000 / 60_000_000_000
        let rest = ns % 60_000_000_000
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if rest > 0 {
            let whole = rest / 1_000_000_000
            let fraction = rest % 1_000_000_000
            text += "\(whole)"
            if fraction > 0 {
                var digits = String(fraction)
                digits = String(repeating: "0", count: 9 - digits.count) + digits
                while digits.hasSuffix("0") { digits.removeLast() }
                text += "." + digits
            }
            text += "s"
        }
        return text
    }
}
