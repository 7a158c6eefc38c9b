import Foundation

/// Validates doctor JSON output against `docs/doctor-report.schema.json` with python3's `jsonschema`
/// (Draft 2020-12), so every test that reads the JSON also proves it matches the published schema.
public enum DoctorSchema {
    /// The schema file of this checkout.
    public static var schemaPath: String {
        Fixtures.repositoryRoot.appendingPathComponent("docs/doctor-report.schema.json").path
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    private static let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        texts = json.loads(sys.stdin.read()) if sys.argv[2] == "many" else [sys.stdin.read()]
        failed = False
        for index, text in enumerate(texts):
            label = "document %d: " % index if len(texts) > 1 else ""
            try:
                doc = json.loads(text)
            except ValueError as e:
                print("%snot one JSON document: %s" % (label, e)); failed = True; continue
            if not isinstance(doc, dict):
                print("%snot a JSON object" % label); failed = True; continue
            errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
            for e in errors[:10]:
                print("%s%s: %s" % (label, "/".join(str(p) for p in e.absolute_path), e.message[:300]))
                for sub in (e.context or [])[:6]:
                    print("    %s: %s" % ("/".join(str(p) for p in sub.absolute_path), sub.message[:200]))
            failed = failed or bool(errors)
        sys.exit(1 if failed else 0)
        """

    /// Throws `Invalid` (with the validator's messages) unless `jsonText` is exactly one JSON object valid against
    /// the schema (a report or an error object).
    public static func validate(_ jsonText: String) throws {
        try run(input: jsonText, mode: "one")
    }

    /// Validates many documents with one python3 process (each as `validate` would); the messages name the index.
    public static func validate(each jsonTexts: [String]) throws {
        let list = try JSONSerialization.data(withJSONObject: jsonTexts)
        try run(input: String(decoding: list, as: UTF8.self), mode: "many")
    }

    private static func run(input jsonText: String, mode: String) throws {
        let result = try SpawnedChild.runBlocking("/usr/bin/env", ["python3", "-c", script, schemaPath, mode], input: jsonText)
        if result.status != 0 || result.timedOut {
            throw Invalid(description: "schema validation failed (exit \(result.status)):\n\(result.stdout)\(result.stderr)")
        }
    }
}
