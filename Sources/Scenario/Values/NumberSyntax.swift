/// Strict decimal number syntax for scenario values.
///
/// `Double("...")` also accepts `inf`, `nan` and hexadecimal floats, which a
/// scenario never means; YAML's own resolver differs between 1.1 and 1.2. So numbers
/// are read here, one way: an optional sign, digits with an optional fraction, and an
/// optional exponent (`1e3`, `2.5E-2`).
enum NumberSyntax {
    static func double(_ text: String) -> Double? {
        guard isDecimal(text, allowExponent: true) else { return nil }
        return Double(text)
    }

    /// A whole number; `3.0` is not one.
    static func integer(_ text: String) -> Int? {
        guard isDecimal(text, allowExponent: false), !text.contains(".") else { return nil }
        return Int(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func unsigned64(_ text: String) -> UInt64? {
        guard isDecimal(text, allowExponent: false), !text.contains("."), !text.hasPrefix("-") else { return nil }
        return UInt64(text.hasPrefix("+") ? String(text.dropFirst()) : text)
    }

    static func isDecimal(_ text: String, allowExponent: Bool) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if let first = scalars.first, first == "+" || first == "-" { scalars = scalars.dropFirst() }
        var digits = 0
        while let s = scalars.first, ("0"..."9").contains(s) { digits += 1; scalars = scalars.dropFirst() }
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            while let s = scalars.first, ("0"..."9").contains(s) { digits += 1; scalars = scalars.dropFirst() }
        }
        guard digits > 0 else { return false }
        if allowExponent, let e = scalars.first, e == "e" || e == "E" {
            scalars = scalars.dropFirst()
            if let sign = scalars.first, sign == "+" || sign == "-" { scalars = scalars.dropFirst() }
            var exponentDigits = 0
            while let s = scalars.first, ("0"..."9").contains(s) { exponentDigits += 1; scalars = scalars.dropFirst() }
            guard exponentDigits > 0 else { return false }
        }
        return scalars.isEmpty
    }
}
