/// Parsers for configuration values with the syntax Knative accepts (Go's `strconv`
/// and `time.ParseDuration`), so a value valid in a config map or an annotation is
/// valid here and means the same thing.
///
/// Deliberate differences, all stricter: non-finite floats ("NaN", "Inf") and Go's hex
/// float syntax are rejected; a `DeciderSpec` built from them would be meaningless.
enum GoValueParsing {
    /// `strconv.ParseFloat(s, 64)` for decimal syntax: optional sign, digits with an
    /// optional fraction, optional exponent, no surrounding spaces. Decimal-to-binary
    /// conversion is correctly rounded, as Go's is.
    static func float(_ s: String) -> Double? {
        // [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
        let chars = Array(s.utf8)
        var i = 0
        func digitRun() -> Int {
            let start = i
            while i < chars.count, chars[i] >= 48, chars[i] <= 57 { i += 1 }
            return i - start
        }
        if i < chars.count, chars[i] == 43 || chars[i] == 45 { i += 1 }   // + -
        var mantissaDigits = digitRun()
        if i < chars.count, chars[i] == 46 {                                 // .
            i += 1
            mantissaDigits += digitRun()
        }
        guard mantissaDigits > 0 else { return nil }
        if i < chars.count, chars[i] == 101 || chars[i] == 69 {              // e E
            i += 1
            if i < chars.count, chars[i] == 43 || chars[i] == 45 { i += 1 }
            guard digitRun() > 0 else { return nil }
        }
        guard i == chars.count, let value = Double(s), value.isFinite else { return nil }
        return value
    }

    /// `strconv.ParseInt(s, 10, 32)`: optional sign and decimal digits, in Int32 range.
    static func int32(_ s: String) -> Int32? {
        var body = Substring(s)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int32(s.hasPrefix("+") ? String(s.dropFirst()) : s)
    }

    /// `strconv.ParseBool`.
    static func bool(_ s: String) -> Bool? {
        switch s {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// `time.ParseDuration`, in nanoseconds: a possibly signed sequence of decimal
    /// numbers, each with an optional fraction and a unit ("ns", "us", "µs", "ms", "s",
    /// "m", "h"), e.g. "60s", "1m30s", "1.5h"; "0" alone is allowed.
    static func duration(_ text: String) -> Int64? {
        var s = Substring(text)
        var negative = false
        if let c = s.first, c == "-" || c == "+" {
            negative = c == "-"
            s = s.dropFirst()
        }
        if s == "0" { return 0 }
        if s.isEmpty { return nil }
        var total: UInt64 = 0
        while !s.isEmpty {
            // Whole part.
            guard let first = s.first, first == "." || first.isASCIIDigit else { return nil }
            var whole: UInt64 = 0
            var sawWhole = false
            while let c = s.first, c.isASCIIDigit {
                guard whole <= (1 << 63) / 10 else { return nil }
                whole = whole * 10 + UInt64(c.asciiValue! - 48)
                guard whole <= 1 << 63 else { return nil }
                sawWhole = true
                s = s.dropFirst()
            }
            // Fraction: Go keeps the digits that fit and scales them in float64.
            var fraction: UInt64 = 0
            var scale = 1.0
            var sawFraction = false
            if s.first == "." {
                s = s.dropFirst()
                var overflowed = false
                while let c = s.first, c.isASCIIDigit {
                    sawFraction = true
                    if !overflowed {
                        if fraction > ((1 << 63) - 1) / 10 {
                            overflowed = true
                        } else {
                            let next = fraction * 10 + UInt64(c.asciiValue! - 48)
                            if next > 1 << 63 { overflowed = true } else {
                                fraction = next
                                scale *= 10
                            }
                        }
                    }
                    s = s.dropFirst()
                }
            }
            guard sawWhole || sawFraction else { return nil }
            // Unit.
            var unitText = ""
            while let c = s.first, c != ".", !c.isASCIIDigit {
                unitText.append(c)
                s = s.dropFirst()
            }
            guard let unit = durationUnits[unitText] else { return nil }
            guard whole <= (1 << 63) / unit else { return nil }
            whole *= unit
            if fraction > 0 {
                whole += UInt64(Double(fraction) * (Double(unit) / scale))
                guard whole <= 1 << 63 else { return nil }
            }
            total += whole
            guard total <= 1 << 63 else { return nil }
        }
        if negative { return total == 1 << 63 ? Int64.min : -Int64(total) }
        guard total <= UInt64(Int64.max) else { return nil }
        return Int64(total)
    }

    private static let durationUnits: [String: UInt64] = [
        "ns": 1, "us": 1_000, "\u{00B5}s": 1_000, "\u{03BC}s": 1_000,
        "ms": 1_000_000, "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Formats nanoseconds as a short duration for messages ("60s", "1.5s", "250ms").
enum DurationText {
    static func describe(_ ns: Int64) -> String {
        if ns % KPATiming.nanosecondsPerSecond == 0 { return "\(ns / KPATiming.nanosecondsPerSecond)s" }
        if ns % 1_000_000 == 0 { return "\(ns / 1_000_000)ms" }
        return "\(ns)ns"
    }
}
