/// "Did you mean …?" support: the closest candidate by edit distance.
enum Suggestion {
    /// The candidate closest to `word` by Levenshtein distance, if it is close enough to be a
    /// plausible typo (distance ≤ max(1, word.count / 3)).
    static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word.lowercased(), candidate.lowercased())
            if best == nil || d < best!.1 { best = (candidate, d) }
        }
        guard let (candidate, d) = best, d <= max(1, (word.count + 1) / 3) else { return nil }
        return candidate
    }

    /// Edit distance between two strings by Unicode scalars, counting a swap of two adjacent
    /// scalars as one edit (optimal string alignment), so 'trian' is one edit from 'train'.
    /// - Complexity: O(*a* · *b*).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1,
                                       previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = Swift.min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }

    /// A note for a diagnostic: "did you mean 'x'?", or nil when nothing is close.
    static func note(for word: String, in candidates: some Sequence<String>) -> [String] {
        closest(to: word, in: candidates).map { ["did you mean '\($0)'?"] } ?? []
    }
}
