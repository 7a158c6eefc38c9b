import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// Names of this machine and its user, for the redactor.
enum LocalNames {
    static func hostNames() -> Set<String> {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return [] }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var names: Set<String> = [name]
        if let short = name.split(separator: ".").first { names.insert(String(short)) }
        return names
    }

    static func userNames(home: String) -> Set<String> {
        var names: Set<String> = []
        if let pw = getpwuid(geteuid()) { names.insert(String(cString: pw.pointee.pw_name)) }
        let last = URL(fileURLWithPath: home).lastPathComponent
        if !last.isEmpty && last != "/" { names.insert(last) }
        if let user = ProcessInfo.processInfo.environment["USER"] { names.insert(user) }
        return names
    }
}
