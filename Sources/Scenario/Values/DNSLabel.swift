/// Kubernetes' DNS-1123 label rule, which Knative applies to service and revision
/// names and which keeps a scenario name safe as a results folder name: at most 63
/// characters, lower-case letters, digits and `-`, starting and ending with a
/// letter or digit.
enum DNSLabel {
    static let maxLength = 63

    /// nil if `text` is a valid label, otherwise what is wrong with it.
    static func problem(with text: String) -> String? {
        if text.isEmpty { return "must not be empty" }
        if text.count > maxLength {
            return "must be at most \(maxLength) characters (a DNS-1123 label), got \(text.count) in \(quoted(text))"
        }
        let allowed = text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        if !allowed || text.hasPrefix("-") || text.hasSuffix("-") {
            return "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit), got \(quoted(text))"
        }
        return nil
    }
}
