import Foundation

/// Writes to standard output and standard error through `FileHandle` (glibc's `stdout`/`stderr`
/// globals are not concurrency-safe in Swift 6).
enum Output {
    static func out(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }
    static func err(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
