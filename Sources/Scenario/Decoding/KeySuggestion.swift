/// Finds the known key a user most likely meant, for "did you mean" hints.
///
/// Spelling variants that Kubernetes users write out of habit (camelCase,
/// snake_case, other capitalisation) match exactly after normalising; otherwise the
/// closest key by edit distance wins if it is close enough to be a plausible typo.
enum KeySuggestion {
    static func closest(to word: String, among candidates: [String]) -> String? {
        let target = normalised(word)
        guard !target.isEmpty else { return nil }
        if let same = candidates.first(where: { normalised($0) == target }) { return same }
        // A third of the length, at least 1 and at most 3: "servces" -> "services",
        // but "name" does not suggest "seed".
        let limit = min(3, max(1, target.count / 3))
        var best: (key: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(target, normalised(candidate))
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.key
    }

    private static func normalised(_ key: String) -> [Character] {
        key.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " }.map { $0 }
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d = min(d, before[j - 2] + 1)
                }
                current[j] = d
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
