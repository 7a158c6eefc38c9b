/// Collects the warnings of one capture section, each naming the file, the section and a line in the file.
///
/// Keeps at most `CaptureLimits.warningsPerSection` of them, then one that says how many more were left out
/// (a section of a million bad lines must not make a million warnings).
struct SectionDiagnostics: Sendable {
    let file: String
    let section: String
    private var kept: [FactWarning] = []
    private var leftOut = 0

    init(file: String, section: String) {
        self.file = file
        self.section = section
    }

    var warnings: [FactWarning] {
        guard leftOut > 0 else { return kept }
        return kept + [FactWarning(
            file: file, section: section,
            message: "\(leftOut) more warnings in this section are not shown (at most \(CaptureLimits.warningsPerSection) a section)")]
    }

    mutating func warn(line: Int?, _ message: String) {
        guard kept.count < CaptureLimits.warningsPerSection else {
            leftOut += 1
            return
        }
        kept.append(FactWarning(file: file, section: section, line: line, message: message))
    }
}
