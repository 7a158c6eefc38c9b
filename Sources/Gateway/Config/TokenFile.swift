import SystemPackage

/// `--token-file PATH`: the gateway's token read from a private file, so it never appears in the process's command
/// line (`/proc/PID/cmdline` is readable by every local user).
///
/// The file must be a regular file owned by the effective user or root and neither readable nor writable by group or
/// others (`mode & 066 == 0`), as `ssh` demands of a private key, and no directory above it may be another
/// account's or writable by others (the state directory's rule, `StatePathTrust.ancestorRefusal`: whoever can
/// write a directory on the path can replace the file). It is opened `O_NONBLOCK` (a FIFO never blocks), read up to
/// `maxBytes`, one trailing newline (`\n` or `\r\n`) is stripped and an empty token is refused. The judgement of
/// the file is `judge` (pure); `read` is the edge (in `GatewayLive`).
public enum TokenFile {
    /// Bytes read at most; a longer file is refused.
    public static let maxBytes = 4096

    /// Why the file is refused: the path, and its owner and mode when known. The value is never part of it.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Problem: Sendable, Equatable {
            case cannotOpen(errno: Int32)
            case notRegular
            case foreignOwner(uid: UInt32, expected: UInt32)
            case readableByOthers(mode: UInt32, uid: UInt32)
            case tooLarge
            case empty
            case notUTF8
            /// A directory above the file may be changed by another account (`StatePathTrust`'s refusal).
            case untrustedDirectory(StatePathTrust.Refusal)
        }
        public var path: String
        public var problem: Problem
        /// The names (`getpwuid_r(3)`) of the file's owner and of the effective user, looked up by the edge that
        /// read the file (`read` in `GatewayLive`) for the refusals that show them; nil: not known.
        public var ownerName: String?
        public var effectiveUserName: String?

        public init(path: String, problem: Problem, ownerName: String? = nil, effectiveUserName: String? = nil) {
            self.path = path
            self.problem = problem
            self.ownerName = ownerName
            self.effectiveUserName = effectiveUserName
        }

        public var description: String {
            let head = "--token-file \(path)"
            switch problem {
            case .cannotOpen(let code):
                return "\(head): cannot be read (\(Errno(rawValue: code).description), errno \(code))."
            case .notRegular:
                return "\(head): not a regular file."
            case .foreignOwner(let uid, let expected):
                return "\(head): owned by \(StatePathTrust.Refusal.userText(uid, name: ownerName)), not by this user "
                    + "(\(StatePathTrust.Refusal.userText(expected, name: effectiveUserName))) or root; another account could change the token. "
                    + "Create the file as this user (`install -m 600 /dev/null \(path)`, then write the token into it)."
            case .readableByOthers(let mode, let uid):
                return "\(head): readable or writable by group or others (mode \(String(mode, radix: 8)), owner "
                    + "\(StatePathTrust.Refusal.userText(uid, name: ownerName))); the token would not be secret. Run `chmod 600 \(path)`."
            case .tooLarge:
                return "\(head): larger than \(TokenFile.maxBytes) bytes; it should hold the token only."
            case .empty:
                return "\(head): empty (after one trailing newline); a blank token is refused."
            case .notUTF8:
                return "\(head): not UTF-8 text."
            case .untrustedDirectory(let refusal):
                return "\(head): \(refusal.description)"
            }
        }
    }

    /// The token from the file's metadata and bytes (pure): the refusal, or the bytes as text with one trailing
    /// `\n` / `\r\n` stripped.
    public static func judge(path: String, isRegular: Bool, uid: UInt32, mode: UInt32, effectiveUID: UInt32,
                             bytes: [UInt8]) -> Result<String, Refusal> {
        guard isRegular else { return .failure(Refusal(path: path, problem: .notRegular)) }
        guard uid == effectiveUID || uid == 0 else { return .failure(Refusal(path: path, problem: .foreignOwner(uid: uid, expected: effectiveUID))) }
        guard mode & 0o066 == 0 else { return .failure(Refusal(path: path, problem: .readableByOthers(mode: mode, uid: uid))) }
        guard bytes.count <= maxBytes else { return .failure(Refusal(path: path, problem: .tooLarge)) }
        var body = bytes[...]
        if body.last == UInt8(ascii: "\n") {
            body = body.dropLast()
            if body.last == UInt8(ascii: "\r") { body = body.dropLast() }
        }
        guard !body.isEmpty else { return .failure(Refusal(path: path, problem: .empty)) }
        guard let text = String(validating: body, as: UTF8.self) else { return .failure(Refusal(path: path, problem: .notUTF8)) }
        return .success(text)
    }
}
