/// Deterministic, locale-free number text for CSV files: whole numbers without a
/// decimal point, others in Swift's shortest round-tripping form.
package enum NumberText {
    package static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return String(value)
    }
}
