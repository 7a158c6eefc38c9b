/// Turns capture sections into `MachineFacts` fields (the section -> field mapping of capture format v1).
struct CaptureAssembler {
    private(set) var facts: MachineFacts
    private var seen: Set<String> = []
    private var linkSection: IPAddrParse?
    private var addrSection: IPAddrParse?
    private var pathsCheckedFile: String?
    private var pathsCheckedLine: Int?
    /// Warnings past `CaptureLimits.warningsPerCapture`, counted and not kept (a capture of a million repeated
    /// headers made a million warnings and a 167 MB report).
    private var warningsLeftOut = 0

    init(origin: FactsOrigin) {
        facts = MachineFacts(origin: origin)
    }

    /// The path named in `WslConfigFile.path` for a capture at `path`: `<path> [### wslconfig]`.
    static func wslconfigPath(_ path: String) -> String { "\(path) [### \(FactSection.wslconfig.rawValue)]" }

    mutating func add(_ section: CaptureSection, capturePath: String) {
        var diagnostics = SectionDiagnostics(file: section.file, section: section.name)
        defer { keep(diagnostics.warnings) }
        var section = section
        let (lines, note) = CaptureLimits.cut(section.lines, section: section.name)
        if let note {
            diagnostics.warn(line: section.headerLine, note)
            section.lines = lines
            section.text = lines.map(\.text).joined(separator: "\n")
        }
        guard let kind = FactSection(rawValue: section.name) else {
            diagnostics.warn(line: section.headerLine, "unknown section '\(section.name)'; skipped")
            return
        }
        guard seen.insert(section.name).inserted else {
            diagnostics.warn(line: section.headerLine, "section '\(section.name)' appears again; this copy is skipped")
            return
        }
        let text = section.text
        switch kind {
        case .procVersion: facts.procVersion = text
        case .osRelease: facts.osRelease = text
        case .env: facts.environment = PlainSections.environment(section.lines, diagnostics: &diagnostics)
        case .paths: facts.paths.existing = PlainSections.paths(section.lines, diagnostics: &diagnostics)
        case .pathsChecked:
            facts.paths.checked = PlainSections.paths(section.lines, diagnostics: &diagnostics)
            pathsCheckedFile = section.file
            pathsCheckedLine = section.headerLine
        case .wslInterop: facts.wslInterop = text
        case .container: facts.containerManager = PlainSections.singleValue(section.lines, diagnostics: &diagnostics)
        case .cgroup: facts.cgroup = text
        case .mountinfo: facts.mountinfo = text
        case .ipLink: linkSection = Self.addrOrLink(section, diagnostics: &diagnostics)
        case .ipAddr: addrSection = Self.addrOrLink(section, diagnostics: &diagnostics)
        case .ipRoute:
            facts.routes = Self.known(Self.routes(section, diagnostics: &diagnostics))
        case .ipRule:
            facts.rules = Self.known(Self.rules(section, family: .inet, diagnostics: &diagnostics))
        case .ipRule6:
            facts.rules6 = Self.known(Self.rules(section, family: .inet6, diagnostics: &diagnostics))
        case .ipNeigh:
            facts.neighbours = Self.known(Self.neighbours(section, diagnostics: &diagnostics))
        case .resolvConf: facts.resolvConf = text
        case .hosts: facts.hosts = text
        case .sysctl: facts.sysctls = PlainSections.sysctls(section.lines, diagnostics: &diagnostics)
        case .wslinfo: facts.wslinfo = WslinfoResult(output: Tokenizer.trimmed(text))
        case .wslconfig: facts.wslconfig = WslConfigFile(path: Self.wslconfigPath(capturePath), text: text)
        case .procNetTCP: facts.procNetTCP = text
        case .procNetTCP6: facts.procNetTCP6 = text
        case .listeners:
            facts.listeners = text
            let numbers = section.lines.map(\.number)
            for problem in ListenerTableText.parse(text).problems {
                let index = problem.line - 1
                diagnostics.warn(line: numbers.indices.contains(index) ? numbers[index] : section.headerLine, problem.message)
            }
        case .reach: facts.reach = text
        case .windowsNetstat, .windowsTasklist, .windowsExcludedPortRange, .windowsDynamicPortRange, .wslVersion, .wslConf,
             .wslList, .wslStatus, .windowsIpconfig:
            WindowsCapture.add(kind, text: text, to: &facts)
        case .wslMessages: facts.wslMessages = text
        case .wslForm: facts.wslForm = text
        case .systemdShow: facts.systemdShow = SupervisorSections.parseShowSection(section.lines, diagnostics: &diagnostics)
        case .journal: facts.journal = SupervisorSections.parseJournalSection(section.lines, diagnostics: &diagnostics)
        }
    }

    /// Adds `warnings` up to `CaptureLimits.warningsPerCapture` in all; counts the rest.
    mutating func keep(_ warnings: [FactWarning]) {
        let room = max(0, CaptureLimits.warningsPerCapture - facts.warnings.count)
        facts.warnings += warnings.prefix(room)
        warningsLeftOut += max(0, warnings.count - room)
    }

    /// The facts with links and addresses resolved: links come from `ip-link` when present, else from the link
    /// headers of `ip-addr`; addresses from `ip-addr`.
    func finished() -> MachineFacts {
        var facts = facts
        if warningsLeftOut > 0 {
            facts.warnings.append(FactWarning(message:
                "\(warningsLeftOut) more warnings in this capture are not shown (at most \(CaptureLimits.warningsPerCapture) a capture)"))
        }
        if seen.contains(FactSection.pathsChecked.rawValue) && !seen.contains(FactSection.paths.rawValue) {
            facts.warnings.append(FactWarning(
                file: pathsCheckedFile, section: FactSection.pathsChecked.rawValue, line: pathsCheckedLine,
                message: "paths-checked without a paths section: every checked path is taken as absent"))
        }
        if let linkSection {
            facts.links = linkSection.sawLink || !linkSection.hadContent ? linkSection.links : nil
        } else if let addrSection {
            facts.links = addrSection.sawLink || !addrSection.hadContent ? addrSection.links : nil
        }
        if let addrSection {
            let known = addrSection.sawAddresses || !addrSection.hadContent
                || (addrSection.sawLink && addrSection.addressesListed)
            facts.addresses = known ? addrSection.addresses : nil
        }
        return facts
    }

    /// A list is unknown (`nil`) when its section had content and none of it could be read.
    private static func known<Item>(_ parse: IPListParse<Item>) -> [Item]? {
        parse.hadContent && parse.items.isEmpty ? nil : parse.items
    }

    private static func addrOrLink(_ section: CaptureSection, diagnostics: inout SectionDiagnostics) -> IPAddrParse {
        switch IPSectionInput.classify(section.lines) {
        case .json(let text, let numbers, let command):
            let input = IPJSONInput.read(text: text, lineNumbers: numbers, command: command, diagnostics: &diagnostics)
            return IPAddrJSONParser.parse(input, diagnostics: &diagnostics)
        case .text(let items):
            return IPAddrTextForms.parse(items, diagnostics: &diagnostics)
        }
    }

    private static func routes(_ section: CaptureSection, diagnostics: inout SectionDiagnostics) -> IPListParse<Route> {
        switch IPSectionInput.classify(section.lines) {
        case .json(let text, let numbers, let command):
            let input = IPJSONInput.read(text: text, lineNumbers: numbers, command: command, diagnostics: &diagnostics)
            return IPRouteJSONParser.parse(input, diagnostics: &diagnostics)
        case .text(let items):
            return IPRouteTextParser.parse(items, diagnostics: &diagnostics)
        }
    }

    private static func rules(
        _ section: CaptureSection, family: AddressFamily, diagnostics: inout SectionDiagnostics
    ) -> IPListParse<Rule> {
        switch IPSectionInput.classify(section.lines) {
        case .json(let text, let numbers, let command):
            let input = IPJSONInput.read(text: text, lineNumbers: numbers, command: command, diagnostics: &diagnostics)
            return IPRuleJSONParser.parse(input, family: family, diagnostics: &diagnostics)
        case .text(let items):
            return IPRuleTextParser.parse(items, family: family, diagnostics: &diagnostics)
        }
    }

    private static func neighbours(_ section: CaptureSection, diagnostics: inout SectionDiagnostics) -> IPListParse<Neighbour> {
        switch IPSectionInput.classify(section.lines) {
        case .json(let text, let numbers, let command):
            let input = IPJSONInput.read(text: text, lineNumbers: numbers, command: command, diagnostics: &diagnostics)
            return IPNeighJSONParser.parse(input, diagnostics: &diagnostics)
        case .text(let items):
            return IPNeighTextParser.parse(items, diagnostics: &diagnostics)
        }
    }
}
