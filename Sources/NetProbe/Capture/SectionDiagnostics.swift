/// Collects the warnings of one capture section, each naming the file, the section and a line in the file.
struct SectionDiagnostics: Sendable {
    let file: String
    let section: String
    private(set) var warnings: [FactWarning] = []

    init(file: String, section: String) {
        self.file = file
        self.section = section
    }

    mutating func warn(line: Int?, _ message: String) {
        warnings.append(FactWarning(file: file, section: section, line: line, message: message))
    }
}
