/// The WSL issue form's one-line fields (microsoft/WSL `.github/ISSUE_TEMPLATE/Bug_Report.yaml`): the value under
/// `### Windows Version` (`Microsoft Windows [Version 10.0.22631.4460]`, what `cmd.exe /c ver` prints; older forms
/// head it `### Version`), `### WSL Version` (`2.3.26.0`, the package version `wsl.exe --version` prints) and
/// `### Kernel Version` (`5.15.167.4-1`), read as the lines `wsl --version` prints for them (`Windows version: ...`,
/// `WSL version: ...`, `Kernel version: ...`) into the `wsl-version` section. A kernel release naming `microsoft`
/// (`5.15.133.1-microsoft-standard-WSL2`) is an `issue-form kernel field` block of the `osrelease` section, read as
/// `uname -r`'s answer is. Each block keeps its field's heading (`Kernel Version`), the provenance `read:` names. Pure.
enum TriageFormFields {
    /// The block for `words` on `line` under the heading `title` (its words, `###` included), or `nil`.
    static func block(heading title: String, words: [String], line: SourceLine) -> TriageBlock? {
        let field = title.split(separator: " ").drop { $0.allSatisfy { $0 == "#" } }.joined(separator: " ")
        let name = field.lowercased()
        let text: String
        switch name {
        case "windows version", "version", "windows build number":
            guard words.count <= 4, let build = windowsBuild(words) else { return nil }
            text = "Windows version: \(build)"
        case "wsl version", "are you using wsl 1 or wsl 2?", "wsl version(s)":
            if let box = checkedBox(words) {
                return TriageBlock(kind: .wslForm, found: .shape, command: nil, firstLine: line.number, lastLine: line.number,
                                   lines: [SourceLine(number: line.number, text: box)])
            }
            guard words.count == 1, let version = VersionNumber(words[0]), version.components.count >= 3 else { return nil }
            text = "WSL version: \(version)"
        case "kernel version":
            if words.count == 1, TriageShapes.isRelease(TriageShapes.releaseWord(words[0])), words[0].lowercased().contains("microsoft") {
                // `5.15.133.1-microsoft-standard-WSL2`: the kernel release, read as `uname -r` is (one fact, one
                // reading), its provenance the form's field.
                var block = TriageBlock(kind: .formRelease, found: .shape, command: nil, firstLine: line.number,
                                        lastLine: line.number, lines: [SourceLine(number: line.number, text: TriageShapes.releaseWord(words[0]))])
                block.heading = field
                return block
            }
            guard words.count == 1, !words[0].lowercased().contains("microsoft"), let version = VersionNumber(words[0]),
                  version.components.count >= 3 else { return nil }
            text = "Kernel version: \(words[0])"
        default:
            return nil
        }
        var block = TriageBlock(kind: .formVersion, found: .shape, command: nil, firstLine: line.number, lastLine: line.number,
                                lines: [SourceLine(number: line.number, text: text)])
        block.heading = field
        return block
    }

    /// `[x] WSL 2` / `[X] WSL 1` (the bullet already removed): the box as `[x] WSL N`; `nil` for an unchecked box.
    static func checkedBox(_ words: [String]) -> String? {
        guard words.count == 3, words[0].lowercased() == "[x]", words[1] == "WSL", words[2] == "1" || words[2] == "2" else { return nil }
        return "[x] WSL \(words[2])"
    }

    /// `10.0.22631.4460` in `Microsoft Windows [Version 10.0.22631.4460]`, `[版本 10.0.18362.207]` or alone: the four
    /// numbers `ver` prints (a prose `10.0.22631` is not read).
    static func windowsBuild(_ words: [String]) -> String? {
        for word in words.reversed() {
            let trimmed = word.trimming(charactersIn: "[]()")
            if trimmed.hasPrefix("10.0."), let version = VersionNumber(trimmed), version.components.count == 4,
               version.description == trimmed {
                return trimmed
            }
        }
        return nil
    }
}
