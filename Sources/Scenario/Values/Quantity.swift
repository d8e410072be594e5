import Foundation

/// A Kubernetes resource quantity (`500m`, `2`, `0.5`, `256Mi`, `1Gi`, `1G`, `100k`,
/// `1e3`), following the suffix rules of Kubernetes' `resource.Quantity`:
/// binary suffixes Ki Mi Gi Ti Pi Ei (powers of 1024), decimal suffixes
/// n u m k M G T P E (powers of 1000), or a decimal exponent `e<n>` / `E<n>`.
/// The suffixes are case-sensitive as in Kubernetes: `m` is milli, `M` is mega, and
/// `K` is not a suffix at all.
///
/// CPU quantities are in cores (`500m` = 0.5), memory quantities in bytes
/// (`1Gi` = 1073741824). Scenarios never need negative quantities, so a sign of `-`
/// is rejected here rather than by every field.
public struct Quantity: Sendable, Hashable, CustomStringConvertible {
    public var value: Double
    /// The text as written, for messages and reports.
    public var text: String

    static let binarySuffixes: [(String, Double)] = [
        ("Ki", 0x1p10), ("Mi", 0x1p20), ("Gi", 0x1p30), ("Ti", 0x1p40), ("Pi", 0x1p50), ("Ei", 0x1p60),
    ]
    static let decimalSuffixes: [(String, Double)] = [
        ("n", 1e-9), ("u", 1e-6), ("m", 1e-3), ("", 1), ("k", 1e3), ("M", 1e6), ("G", 1e9),
        ("T", 1e12), ("P", 1e15), ("E", 1e18),
    ]

    static let expectation = "must be a Kubernetes quantity such as 500m, 2, 256Mi or 1Gi"

    public init(parsing text: String) throws(ValueSyntaxError) {
        let trimmed = text.trimmingSpaces
        guard !trimmed.isEmpty else { throw ValueSyntaxError("\(Self.expectation), got an empty value") }
        if trimmed.hasPrefix("-") {
            throw ValueSyntaxError("must not be negative, got \(quoted(text))")
        }
        let numberText = trimmed.prefix { $0 == "+" || $0 == "." || ($0.isASCII && $0.isNumber) }
        let suffix = String(trimmed.dropFirst(numberText.count))
        guard NumberSyntax.isDecimal(String(numberText), allowExponent: false), let number = Double(numberText) else {
            throw ValueSyntaxError("\(Self.expectation), got \(quoted(text))")
        }
        let multiplier: Double
        if let binary = Self.binarySuffixes.first(where: { $0.0 == suffix }) {
            multiplier = binary.1
        } else if let decimal = Self.decimalSuffixes.first(where: { $0.0 == suffix }) {
            multiplier = decimal.1
        } else if let first = suffix.first, first == "e" || first == "E",
                  let exponent = NumberSyntax.integer(String(suffix.dropFirst())) {
            multiplier = pow(10, Double(exponent))
        } else {
            throw ValueSyntaxError(
                "unknown suffix \(quoted(suffix)) (use Ki, Mi, Gi, Ti, Pi, Ei or n, u, m, k, M, G, T, P, E), got \(quoted(text))")
        }
        let value = number * multiplier
        guard value.isFinite else { throw ValueSyntaxError("is too large, got \(quoted(text))") }
        self.value = value
        self.text = trimmed
    }

    public var description: String { text }
}
