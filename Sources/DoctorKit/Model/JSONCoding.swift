import FoundationEssentials

/// The one JSON configuration of the doctor's output: sorted keys (stable, diffable reports).
enum JSONCoding {
    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static var decoder: JSONDecoder { JSONDecoder() }
}
