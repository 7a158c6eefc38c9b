/// Redaction of the `systemd-show` and `journal` sections: secrets first (`SecretMasking`: `--token X`,
/// `OPENCLAW_GATEWAY_TOKEN=X`, `Authorization: ...`), then addresses, MACs, host and user names as in every other
/// free text. Messages and command lines (`MESSAGE`, `_CMDLINE`) get both; the other fields are names or numbers.
extension Redactor {
    /// Fields whose text may hold a secret or an address.
    static let freeTextJournalFields: Set<String> = ["MESSAGE", "_CMDLINE"]

    func redactSupervisor(_ facts: inout MachineFacts) {
        facts.systemdShow = facts.systemdShow?.map { state in
            var s = state
            s.unit = scrubNames(state.unit)
            s.properties = state.properties.mapValues { scrub(SecretMasking.mask($0)) }
            s.skipped = state.skipped.map { scrub(SecretMasking.mask($0)) }
            return s
        }
        facts.journal = facts.journal?.map { query in
            var q = query
            q.unit = query.unit.map(scrubNames)
            q.skipped = query.skipped.map { scrub(SecretMasking.mask($0)) }
            q.entries = query.entries.map { entry in
                var fields = entry.fields
                for (key, value) in entry.fields {
                    fields[key] = key == "_CMDLINE" ? scrub(SecretMasking.maskCommandLine(value))
                        : Self.freeTextJournalFields.contains(key) ? scrub(SecretMasking.mask(value)) : scrubNames(value)
                }
                return JournalEntry(fields: fields)
            }
            return q
        }
    }

    /// The journal's command lines and messages, for learning user names from home directories (`/home/NAME/`).
    static func supervisorPathTexts(_ facts: MachineFacts) -> [String] {
        var texts: [String] = []
        for query in facts.journal ?? [] {
            for entry in query.entries {
                if let cmdline = entry.fields["_CMDLINE"] { texts.append(cmdline) }
                texts.append(entry.message)
            }
        }
        return texts
    }
}
