// Fuzz target `lockmetadata`: the first line of a gateway lock file, which whoever holds the lock wrote, read as
// `InstanceMetadata` (`InstanceMetadata.read(lockFileBytes:)`: NetProbe's JSONReader and JSONValueDecoder, then every string made one line), as
// `gateway run`, `status`, `stop` and the doctor read it. These pure Gateway files are compiled into the harness.
// fuzz-sources: Sources/Gateway/Lock/InstanceMetadata.swift Sources/Gateway/Lock/InstanceStatus.swift
import NetProbe

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzBytes(data, size)
    let read = InstanceMetadata.read(lockFileBytes: bytes)

    // Only the first line counts: what follows a newline never changes the answer.
    let firstLine = Array(bytes.prefix { $0 != 0x0A })
    fuzzRequire(InstanceMetadata.read(lockFileBytes: firstLine) == read, "the bytes after the first newline changed the metadata")
    guard let metadata = read else { return 0 }

    // Every string another process wrote is one line: no control character, line feed or tab survives.
    for text in [metadata.bootId, metadata.instanceId, metadata.strategy, metadata.version, metadata.startedAt] + metadata.bindAddresses {
        fuzzRequire(!text.unicodeScalars.contains { $0.properties.generalCategory == .control }, "a control character in \(text.debugDescription)")
    }
    fuzzRequire(metadata.asOneLineText == metadata, "one-line text is not idempotent")

    // What the gateway writes (InstanceLock.write: NetProbe's JSON writer, sorted keys, one line, a newline) reads
    // back as itself.
    let written = Array(JSONValue(encoding: metadata).text.utf8)
    fuzzRequire(!written.contains(0x0A), "the written line holds a newline")
    fuzzRequire(InstanceMetadata.read(lockFileBytes: Array(written) + [0x0A] + bytes) == metadata, "the written line does not read back")
    return 0
}
