/// Syntax checks for the addresses, prefixes and link-layer addresses found in `ip` output.
enum IPSyntax {
    /// The family of a literal IPv4 or IPv6 address (`IPAddress`), `nil` if `text` is neither (a zone `%eth0` too).
    static func family(ofAddress text: String) -> AddressFamily? {
        guard text.utf8.count < 64 else { return nil }
        return IPAddress(text)?.family
    }

    /// Splits `addr/len`, checking the address and the length for the family; `len` is `nil` without `/`.
    static func prefix(_ text: String) -> (address: String, family: AddressFamily, length: Int?)? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let address = String(parts[0])
        guard let family = family(ofAddress: address) else { return nil }
        guard parts.count == 2 else { return (address, family, nil) }
        guard let length = Int(parts[1]), length >= 0, length <= maxLength(family), parts[1].allSatisfy(\.isASCII)
        else { return nil }
        return (address, family, length)
    }

    static func maxLength(_ family: AddressFamily) -> Int { family == .inet ? 32 : 128 }

    /// A route destination as `ip` prints it: `default`, an address, a prefix, or `0/N`; returns its family
    /// when the text shows one.
    static func routeDestination(_ text: String) -> (valid: Bool, family: AddressFamily?) {
        if text == "default" { return (true, nil) }
        if text.hasPrefix("0/"), let length = Int(text.dropFirst(2)), (0...128).contains(length) {
            return (true, nil)
        }
        if let parsed = prefix(text) { return (true, parsed.family) }
        return (false, nil)
    }

    /// Whether `text` is colon-separated two-digit hex octets (`00:15:5d:45:a2:ee`); `octets` when it must
    /// have exactly that many.
    static func isLinkLayerAddress(_ text: String, octets: Int? = nil) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if let octets, parts.count != octets { return false }
        return !parts.isEmpty && parts.allSatisfy { part in
            part.count == 2 && part.allSatisfy { $0.isASCII && $0.isHexDigit }
        }
    }

    /// A decimal number made of ASCII digits only.
    static func decimal(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }
}
