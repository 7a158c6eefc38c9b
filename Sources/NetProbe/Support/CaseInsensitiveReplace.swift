extension String {
    /// Every occurrence of `target`, compared character by character case-insensitively (each `Character` lower-cased,
    /// as Windows compares path names), replaced by `replacement`; left to right, matches never overlap. Foundation's
    /// `replacingOccurrences(of:with:options: .caseInsensitive)` without Foundation's locale machinery (which links
    /// ICU; docs/performance.md). An empty `target` changes nothing.
    public func replacingCaseInsensitive(_ target: String, with replacement: String) -> String {
        let pattern = target.map { $0.lowercased() }
        guard !pattern.isEmpty else { return self }
        let characters = Array(self)
        guard characters.count >= pattern.count else { return self }
        var out = ""
        var index = 0
        while index < characters.count {
            if index + pattern.count <= characters.count,
               characters[index].lowercased() == pattern[0],
               (1..<pattern.count).allSatisfy({ characters[index + $0].lowercased() == pattern[$0] }) {
                out += replacement
                index += pattern.count
            } else {
                out.append(characters[index])
                index += 1
            }
        }
        return out
    }
}
