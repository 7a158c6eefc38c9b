// Fuzz target `redact`: free text through the redactor's text paths (secret masking, address/MAC tokens, the
// one-pass name scanner with prompts, paths and octal escapes) and their invariants: masking is idempotent,
// a scrubbed text holds no unmasked secret, and a learned mapping keeps the tokens it already had.
@testable import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = fuzzText(data, size)
    let masked = SecretMasking.mask(text)
    fuzzRequire(SecretMasking.mask(masked) == masked, "masking is not idempotent: \(masked)")
    let argv = text.split(separator: " ").map(String.init)
    let maskedArgv = SecretMasking.maskArguments(argv)
    fuzzRequire(maskedArgv.count == argv.count, "maskArguments changed the argument count")
    let redactor = Redactor(key: 0x5EED, hostNames: ["fuzzhost"], userNames: ["fuzzuser"])
    let scrubbed = redactor.scrub(text)
    fuzzRequire(SecretMasking.mask(scrubbed) == scrubbed, "a scrubbed text still holds a secret: \(scrubbed)")
    let learned = redactor.learning(from: [text])
    fuzzRequire(learned.scrubNames("fuzzhost") == redactor.scrubNames("fuzzhost"), "learning renumbered a known name")
    _ = learned.scrub(text)
    _ = NameHarvester.pathUserNames(in: text)
    return 0
}
