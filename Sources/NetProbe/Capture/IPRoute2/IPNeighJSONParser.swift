/// Reads `ip -j neigh` output (`dst`, `dev`, `lladdr`, `state` as a list of NUD states).
enum IPNeighJSONParser {
    static func parse(_ input: IPJSONInput, diagnostics: inout SectionDiagnostics) -> IPListParse<Neighbour> {
        var result = IPListParse<Neighbour>()
        result.hadContent = input.hasContent
        for entry in input.elements {
            let line = input.fileLine(entry)
            guard entry.members != nil else {
                diagnostics.warn(line: line, "`ip -j neigh` entry is not an object; ignored")
                continue
            }
            guard let destination = entry["dst"]?.string, IPSyntax.family(ofAddress: destination) != nil else {
                diagnostics.warn(line: line, "neighbour entry without a valid 'dst' address; ignored")
                continue
            }
            var neighbour = Neighbour(
                destination: destination, device: entry["dev"]?.string, lladdr: entry["lladdr"]?.string?.lowercased())
            if let state = entry["state"] {
                neighbour.state = state.elements?.compactMap(\.string) ?? state.string.map { [$0] } ?? []
            }
            result.items.append(neighbour)
        }
        return result
    }
}
