#if canImport(Glibc)
import Glibc
#endif

/// The `ikelens` command line: parses arguments, runs a command, returns the
/// exit status. Output goes through the given writers, so tests can run it
/// in process; `main.swift` only wires it to the real streams.
public struct CommandLineTool {
    /// `paths` without those naming a file named before (by its resolved path), in order.
    static func distinctFiles(_ paths: [String]) -> [String] {
        var seen = Set<String>()
        return paths.filter { path in
            guard path != "-", let resolved = realpath(path, nil) else { return true }
            defer { free(resolved) }
            return seen.insert(String(cString: resolved)).inserted
        }
    }

    /// Feeds the files of one input (one file, or the parts of one log: `RotatedParts`) to
    /// `analyzer`, in order, a line end between parts when one lacks its last.
    static func read(_ part: [String], into analyzer: LogAnalyzer, progress: (String) -> Progress? = { _ in nil },
                     afterChunk: () -> Void = {}) throws(InputReader.Failure) {
        var lastByte: UInt8 = 0x0A
        for file in part {
            if lastByte != 0x0A {
                let nl: [UInt8] = [0x0A]
                nl.withUnsafeBytes { analyzer.feed($0) }
            }
            let shown = progress(file)
            try InputReader.stream(file, until: { analyzer.binary != nil }) { chunk in
                analyzer.feed(chunk)
                if let b = chunk.last { lastByte = b }
                afterChunk()
                shown?.update(chunk.count)
            }
            shown?.clear()
        }
    }

    public enum Exit {
        public static let ok: Int32 = 0
        public static let findings: Int32 = 1
        public static let failure: Int32 = 2
    }

    let out: FDWriter
    let err: FDWriter
    let stdoutIsTerminal: Bool
    /// The process ends right after `run`: the analysis is left for the exit to reclaim
    /// rather than freed piece by piece (a 2 GB log's is hundreds of thousands of SAs).
    public var exitsAfterRun = false

    public init(out: FDWriter, err: FDWriter, stdoutIsTerminal: Bool) {
        self.out = out
        self.err = err
        self.stdoutIsTerminal = stdoutIsTerminal
    }

    /// What `exitsAfterRun` leaves to the process's exit.
    private final class LeftToExit: @unchecked Sendable {
        var kept: [Analysis] = []
        static let shared = LeftToExit()
    }

    public func run(_ args: [String]) -> Int32 {
        var rest = args
        let command: String
        if let first = rest.first, ["analyze", "events", "help", "config"].contains(first) {
            command = first
            rest.removeFirst()
        } else if rest.first == "--version" || rest.first == "-V" {
            out.write("ikelens \(IKELens.version)\n")
            return Exit.ok
        } else if rest.first == "--help" || rest.first == "-h" {
            out.write(Help.main)
            return Exit.ok
        } else {
            command = "analyze"
        }
        switch command {
        case "help":
            switch rest.first {
            case "analyze": out.write(Help.analyze)
            case "events": out.write(Help.events)
            case "diagnoses": out.write(DiagnosisTable.markdown())
            case "config": out.write(Help.config)
            case nil, "help", "--help", "-h": out.write(Help.main)
            case let topic?: return usage("no help on '\(topic)': try analyze, events, config or diagnoses", "help")
            }
            return Exit.ok
        case "events":
            return events(rest)
        case "config":
            guard rest.first == "check" else {
                if rest.first == "--help" || rest.first == "-h" { out.write(Help.config); return Exit.ok }
                if rest.isEmpty { return usage("missing command: 'config check'", "config check") }
                return usage("unknown config command '\(rest.first ?? "")' (did you mean 'config check'?)", "config check")
            }
            return configCheck(Array(rest.dropFirst()))
        default:
            return analyze(rest)
        }
    }

    // MARK: config check

    func configCheck(_ args: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(args, flags: ["--help", "-h", "--show-secrets"], valued: ["--format": ["text", "json"], "--color": ["auto", "always", "never"]])
        } catch { return usage(error.message, "config check") }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            out.write(Help.config)
            return Exit.ok
        }
        guard !parsed.positionals.isEmpty else { return usage("name at least one configuration file", "config check") }
        var routers: [RouterConfig] = []
        var failed = false
        // The same file named twice (`*.cfg r1.cfg`, `./r1.cfg r1.cfg`) is read once, as by
        // `analyze`; the same configuration in another file (a copy, a backup) is too, with a
        // warning: twice, the router would only face itself and its own check would be lost.
        for file in Self.distinctFiles(parsed.positionals) {
            guard let cfg = readConfig(file) else { failed = true; continue }
            if let same = routers.first(where: { $0.lines == cfg.lines }) {
                err.write("ikelens: \(file == "-" ? "standard input" : file): the same configuration as \(same.file == "-" ? "standard input" : same.file) (\(same.hostname)): read once\n")
                continue
            }
            routers.append(cfg)
        }
        err.flush()
        if !routers.isEmpty {
            let check = ConfigCheck.run(routers, showSecrets: parsed.flags.contains("--show-secrets"))
            if parsed.options["--format"] == "json" {
                out.write(ConfigReport.json(check))
            } else {
                let mode = parsed.options["--color"] ?? "auto"
                out.write(ConfigReport.text(check, color: mode == "always" || (mode == "auto" && stdoutIsTerminal && Self.colorAllowed())))
            }
            out.flush()
            if failed { return Exit.failure }
            return check.errorCount > 0 ? Exit.findings : Exit.ok
        }
        return Exit.failure
    }

    /// Reads and parses one configuration file; prints a one-line error if it cannot.
    func readConfig(_ file: String) -> RouterConfig? {
        var bytes: [UInt8] = []
        do {
            try InputReader.stream(file) { bytes.append(contentsOf: $0) }
        } catch {
            err.write("ikelens: \(error.message)\n")
            return nil
        }
        let name = file == "-" ? "standard input" : file
        if bytes.isEmpty { err.write("ikelens: \(name): empty configuration\n"); return nil }
        // Decoded as a log is: a BOM or UTF-16 (a configuration saved on Windows), a
        // compressed file or binary data named, a hole of zeros (a crash) left out.
        var decoder = InputDecoder()
        var text: [UInt8] = []
        bytes.withUnsafeBytes { raw in decoder.feed(raw) { text.append(contentsOf: $0) } }
        decoder.finish { text.append(contentsOf: $0) }
        if let format = decoder.binary {
            err.write("ikelens: " + Self.refusal(format, name: name, file: file, notA: "a router configuration", extract: "it", then: "> CONFIG") + "\n")
            return nil
        }
        text.removeAll { $0 == 0 }
        let cfg = ConfigParser.parse(String(decoding: text, as: UTF8.self), file: file)
        if cfg.keyrings.isEmpty && cfg.profiles.isEmpty && cfg.cryptoMaps.isEmpty && cfg.interfaces.isEmpty && cfg.policies.isEmpty {
            err.write("ikelens: \(name): no IOS configuration found (no interfaces, keyrings, ISAKMP policies or crypto maps)\n")
            return nil
        }
        return cfg
    }

    private func usage(_ message: String, _ command: String) -> Int32 {
        err.write(command == "help" ? "ikelens: \(message)\n" : "ikelens: \(message) (see 'ikelens \(command) --help')\n")
        return Exit.failure
    }

    // MARK: analyze

    /// The widths `--width` accepts: the SA table's titles take 64 columns.
    static let widths = 64...250
    /// A terminal's width is used within these: never wider than the report piped (100).
    static let terminalWidths = 64...100

    /// The columns the text report fits: `--width N`; else, on a terminal, its width
    /// (`TIOCGWINSZ`, else a valid `COLUMNS`) within `terminalWidths`; else (piped,
    /// redirected) 100.
    func reportWidth(_ parsed: Arguments) -> Int? {
        if let given = parsed.options["--width"] {
            guard let n = Int(given), Self.widths.contains(n) else { return nil }
            return n
        }
        guard stdoutIsTerminal else { return TextReport().width }
        var columns = FDWriter.terminalColumns(out.fd)
        if columns == nil, let env = getenv("COLUMNS"), let n = Int(String(cString: env)), n > 0 { columns = n }
        guard let columns else { return TextReport().width }
        return min(max(columns, Self.terminalWidths.lowerBound), Self.terminalWidths.upperBound)
    }

    func analyze(_ args: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(args, flags: ["--help", "-h", "--show-secrets", "--follow", "-f"], valued: [
                "--format": ["text", "json", "ndjson"], "--color": ["auto", "always", "never"], "--config": [], "--width": [],
            ])
        } catch { return usage(error.message, "analyze") }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            out.write(Help.analyze)
            return Exit.ok
        }
        guard let width = reportWidth(parsed) else {
            return usage("invalid value '\(parsed.options["--width"] ?? "")' for '--width': expected a number of columns from \(Self.widths.lowerBound) to \(Self.widths.upperBound)", "analyze")
        }
        if parsed.positionals.filter({ $0 == "-" }).count > 1 { return usage("standard input ('-') can be named only once", "analyze") }
        if let k = parsed.positionals.firstIndex(where: { ["config", "events", "analyze", "help"].contains($0) }),
           access(parsed.positionals[k], F_OK) != 0 {
            // (An option before the command, `ikelens --color always config check r1.cfg`: not logs named `config` and `check`.)
            let command = parsed.positionals[k] == "config" ? "config check" : parsed.positionals[k]
            return usage("'\(parsed.positionals[k])' is a command: name it first, its options after it (ikelens \(command) [OPTIONS] …)", command)
        }
        // The same file named twice (`*.log r1.log`, `./r1.log r1.log`) is read once: twice
        // would double its SAs and findings.
        let files = parsed.positionals.isEmpty ? ["-"] : Self.distinctFiles(parsed.positionals)
        let follow = parsed.flags.contains("--follow") || parsed.flags.contains("-f")
        if follow || parsed.options["--format"] == "ndjson" {
            if follow && files.count > 1 { return usage("--follow reads one log (a file or standard input)", "analyze") }
            if follow && parsed.options["--format"] == "json" { return usage("--follow prints as it goes: use --format text or ndjson, not json", "analyze") }
            if !(parsed.values["--config"] ?? []).isEmpty { return usage("--config works with the text and json reports, not while streaming", "analyze") }
            return analyzeStreaming(files, follow: follow, ndjson: parsed.options["--format"] == "ndjson", colorMode: parsed.options["--color"] ?? "auto",
                                    width: width, wrapNotes: stdoutIsTerminal || parsed.options["--width"] != nil)
        }
        var devices: [DeviceTimeline] = []
        var failed = false
        for part in RotatedParts.plan(files) {
            let file = part.joined(separator: " + ")
            let analyzer = LogAnalyzer(file: file, parallel: true)
            analyzer.keepsTimelines = parsed.options["--format"] != "json"
            do {
                try Self.read(part, into: analyzer) { Progress(file: $0, err: err, analyzer: analyzer) }
            } catch {
                err.write("ikelens: \(error.message)\n")
                failed = true
                continue
            }
            let found = analyzer.finishAll()
            if let problem = Self.inputProblem(found, analyzer) {
                err.write("ikelens: \(problem)\n")
                failed = true
                continue
            }
            devices += found
        }
        var configs: [RouterConfig] = []
        for file in parsed.values["--config"] ?? [] {
            if let cfg = readConfig(file) { configs.append(cfg) } else { failed = true }
        }
        err.flush()
        var analysis = Analysis.diagnose(devices)
        if !configs.isEmpty {
            analysis = ConfigCorrelation.apply(configs, to: analysis, showSecrets: parsed.flags.contains("--show-secrets"))
            if !devices.isEmpty {
                // (Said, not silently dropped: the report would read as if the configuration agreed.)
                let names = devices.map(\.name).joined(separator: ", ")
                for c in ConfigCorrelation.untied(configs, to: devices) {
                    err.write("ikelens: \(c.file) (hostname \(c.hostname.isEmpty ? "not set" : c.hostname)) matches no device in the logs (\(names)) by name, by the local addresses of their SAs, or by the profiles and keyrings the logs show them choosing; it is not used\n")
                }
                err.flush()
            }
        }
        if !devices.isEmpty {
            switch parsed.options["--format"] ?? "text" {
            case "json":
                JSONReport.write(analysis) { out.write($0) }
            default:
                let colorMode = parsed.options["--color"] ?? "auto"
                let color = colorMode == "always" || (colorMode == "auto" && stdoutIsTerminal && Self.colorAllowed())
                var report = TextReport(color: color)
                report.width = width
                report.render(analysis) { out.write($0) }
            }
        }
        out.flush()
        let status = failed ? Exit.failure : analysis.errorCount > 0 ? Exit.findings : Exit.ok
        if exitsAfterRun { LeftToExit.shared.kept.append(analysis) }
        return status
    }

    /// `inputProblem` of one input, whichever devices it held. `command` is how to run
    /// ikelens again on a decompressed input (`ikelens events`).
    static func inputProblem(_ devices: [DeviceTimeline], _ a: LogAnalyzer, command: String = "ikelens") -> String? {
        var whole = devices[0]
        whole.stats = devices.reduce(InputStats()) { acc, d in
            var t = acc
            t.lines += d.stats.lines; t.unrecognized += d.stats.unrecognized; t.noise += d.stats.noise
            t.bytes += d.stats.bytes; t.nul += d.stats.nul; t.invalidUTF8 += d.stats.invalidUTF8
            return t
        }
        return inputProblem(whole, a, command: command, gdoi: devices.contains(where: hasGDOIMessages))
    }

    /// GETVPN's `%GDOI-…` messages (a key server refusing a member, time-based anti-replay): crypto
    /// output to analyze, though no IKE debug is in the log.
    static func hasGDOIMessages(_ d: DeviceTimeline) -> Bool {
        d.unattributed.contains { if case let .syslog(m, _) = $0.kind { return m.hasPrefix("GDOI-") }; return false }
            || d.unattributedMore.keys.contains { $0.message.hasPrefix("GDOI-") }
    }

    /// An input that read fine but is not something to analyze.
    static func inputProblem(_ d: DeviceTimeline, _ a: LogAnalyzer, command: String = "ikelens", gdoi: Bool? = nil) -> String? {
        let name = d.file == "-" ? "standard input" : d.file
        if let format = a.binary {
            // (Checked first: the bytes of a binary input are not framed, so it reads as empty.)
            return refusal(format, name: name, file: d.file, notA: "a Cisco debug log", extract: "the log", then: "| \(command)")
        }
        if d.stats.bytes == 0 { return "\(name): empty input, nothing to analyze" }
        let gdoiOnly = a.debugEvents == 0 && (gdoi ?? hasGDOIMessages(d))
        // (Not when its lines read as messages all the same: a short log a serial console's
        // glitch left a NUL on most lines of.)
        if d.stats.nul * 2 > d.stats.lines && d.stats.nul > 0 && a.debugEvents == 0 && a.asaEvents == 0 && !gdoiOnly {
            return "\(name): binary data (NUL bytes), not a Cisco debug log"
        }
        if a.debugEvents == 0 && a.asaEvents > 0 {
            return "\(name): Cisco ASA log (%ASA- messages); IKELens reads IOS and IOS-XE debug output only, not ASA yet"
        }
        if a.debugEvents == 0, !gdoiOnly {
            if a.linesBehindUnknownPrefix > 0 {
                // The debug is there, behind what a tool put in front of its lines (a prefix whose
                // shape was not learned: it varies, or came after the first lines): not a debug
                // that was off.
                let n = a.linesBehindUnknownPrefix
                var prefix = quotedPrefix(a.unknownPrefix)
                if prefix.count > 60 { prefix = String(prefix.prefix(60)) + "…" }
                return "\(name): IKE debug lines found behind an unrecognized prefix '\(prefix)' on \(n) of \(d.stats.lines) line\(d.stats.lines == 1 ? "" : "s"); "
                    + "take it off each line (cut, sed) and try again"
            }
            return "\(name): no IKE/ISAKMP debug output found in \(d.stats.lines) line\(d.stats.lines == 1 ? "" : "s") (was 'debug crypto isakmp' on?)"
        }
        return nil
    }

    /// The text in front of a log's debug lines as a refusal quotes it: on one line (a control
    /// character written as its escape, `\n`, `\t`), its secrets masked as a log line's are, and
    /// whatever follows a word that may introduce one (`Preshared Key X`, `key-st X`) masked too:
    /// the prefix is only a hint of what to cut.
    static func quotedPrefix(_ prefix: String) -> String {
        var flat = ""
        for u in prefix.unicodeScalars {
            switch u {
            case "\n": flat += "\\n"
            case "\r": flat += "\\r"
            case "\t": flat += "\\t"
            default: flat.unicodeScalars.append(u.value < 0x20 || u.value == 0x7F ? "?" : u)
            }
        }
        let masked = SecretMasker.maskLog(flat)
        var words = masked.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if let i = words.firstIndex(where: { w in
            let l = w.lowercased()
            return ["k", "ke", "pre", "psk"].contains(l) || l.hasPrefix("pre-s") || l.hasPrefix("key") || l.hasSuffix("key")
                || ["secret", "password", "community", "authentication"].contains { l.hasSuffix($0) }
        }), i + 1 < words.count {
            for j in (i + 1)..<words.count where !words[j].isEmpty { words[j] = SecretMasker.mask }
        }
        return words.joined(separator: " ")
    }

    /// A binary input refused in one line: what it is and, when compressed or archived, the
    /// command that reads it (`…; decompress it first: zcat r1.log.gz | ikelens`).
    static func refusal(_ format: BinaryFormat, name: String, file: String, notA kind: String, extract: String, then rest: String) -> String {
        if format == .office { return "\(name): \(format.what), not \(kind); save it as plain text (.txt) or copy the log's text out of it" }
        guard let tool = format.decompressor else { return "\(name): \(format.what), not \(kind)" }
        let verb = format == .zip ? "extract \(extract)" : "decompress it"
        return "\(name): \(format.what), not \(kind); \(verb) first: \(tool) \(file == "-" ? "FILE" : shellWord(file)) \(rest)"
    }

    /// `path` as a shell word to paste: as is when plain, else single-quoted.
    static func shellWord(_ path: String) -> String {
        let plain = !path.isEmpty && path.utf8.allSatisfy { b in
            ASCII.isAlnum(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ",") || b == UInt8(ascii: "@") || b == UInt8(ascii: ":")
        }
        if plain { return path }
        return "'" + path.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }

    static func colorAllowed() -> Bool {
        if getenv("NO_COLOR") != nil { return false }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
        return true
    }

    // MARK: streaming (--follow, --format ndjson)

    /// Prints each finding as soon as its SA concludes (and, in NDJSON, each
    /// concluded SA), flushed at once; at the end of the input or on Ctrl-C,
    /// what is still open and a summary. Memory follows the SAs in flight.
    /// `wrapNotes`: the one-line notes (an SA concluded or recovered) are wrapped to `width`
    /// too (on a terminal, or a width asked for); else one line each, as a log's lines are.
    func analyzeStreaming(_ files: [String], follow: Bool, ndjson: Bool, colorMode: String, width: Int, wrapNotes: Bool) -> Int32 {
        let out = self.out
        var report = TextReport(color: colorMode == "always" || (colorMode == "auto" && stdoutIsTerminal && Self.colorAllowed()))
        report.width = width
        // A note: `time`, two spaces, `text`; wrapped under an indent of 4 (`wrapNotes`).
        func note(_ time: String, _ text: String) -> String {
            wrapNotes ? report.wrap(text, indent: "    ", firstPrefix: time + "  ", firstWidth: time.count + 2, dimmed: false) : time + "  " + text + "\n"
        }
        var errors = 0
        var findingNumber = 0
        var failed = false
        if follow { StopSignal.install() }
        let lines = NDJSONLines(out)
        for part in follow ? files.map({ [$0] }) : RotatedParts.plan(files) {
            let file = part.joined(separator: " + ")
            // (Each file's summary counts its own findings; the numbering and the exit status
            // run over all of them.)
            let (errorsBefore, findingsBefore) = (errors, findingNumber)
            // A whole file: parse on a second thread, flush after each chunk. Following, or
            // on a pipe: one thread, so a chunk's findings are out before the next read waits
            // (the second thread correlates a chunk only when the next one arrives).
            let analyzer = LogAnalyzer(file: file, parallel: !follow && part.allSatisfy(InputReader.isRegularFile))
            analyzer.streaming = true
            analyzer.retireReported = true
            analyzer.keepsTimelines = !ndjson
            analyzer.onFinding = { f in
                if f.severity == .error { errors += 1 }
                findingNumber += 1
                if ndjson {
                    lines.finding(f)
                } else {
                    out.write("\n" + report.renderFinding(f, number: findingNumber))
                }
            }
            func concludedNote(_ sa: borrowing SecurityAssociation) {
                if ndjson {
                    lines.sa(sa)
                } else {
                    // (IKEv2 in its own words, as the report's: session, IKE SA, child SAs.)
                    let v2 = sa.version == 2
                    let qm = sa.quickModes.isEmpty ? "" : ", \(v2 ? "child SA" : "quick mode") \(sa.quickModes.filter { $0.result == .complete }.count)/\(sa.quickModes.count) ok"
                    // (No ISAKMP line of it, `debug crypto ipsec` alone: no conn-id, and phase 1 not in the log.)
                    let id = sa.connId.map { "\(v2 ? "session" : "conn-id") \($0) " } ?? (sa.phase1NotLogged || v2 ? "" : "(0) ")
                    var phase1 = sa.phase1Implied ? "not debugged, implied complete" : sa.phase1NotLogged && sa.phase1 == .incomplete ? "not debugged" : sa.phase1.rawValue
                    if v2, sa.phase1 == .complete { phase1 = "up" }
                    out.write(note(sa.end?.timeText ?? "-", "\(sa.device) SA #\(sa.number) \(id)\(sa.peer ?? "?")"
                                   + " \(sa.role?.rawValue ?? "")\(sa.role == nil ? "" : ": ")\(v2 ? "IKE SA" : "phase 1") \(phase1)\(sa.deleted && sa.phase1 == .complete ? ", then deleted" : "")\(qm)"
                                   + (sa.findingIds.isEmpty ? "" : " — \(sa.findingIds.joined(separator: ", "))")))
                }
            }
            analyzer.onConcluded = { concludedNote($0) }
            // A failure told before, gone when a later SA to the peer came up: said so, and its
            // errors no longer count (the whole report lowers them to warnings).
            analyzer.onRecovered = { r in
                errors -= r.errors
                if ndjson {
                    lines.recovered(r)
                } else {
                    out.write(note(r.stamp?.timeText ?? "line \(r.line)", "\(r.device) SA #\(r.failedSA) to \(r.peer) recovered: \(r.upSA.map { "SA #\($0) came up" } ?? "tunnel logged up")"
                                   + " — \(r.findingIds.joined(separator: ", ")) did not last\(r.errors > 0 ? " (now a warning)" : "")"))
                }
            }
            do {
                if follow {
                    // (Output that can no longer be written ends the follow: nobody reads it.)
                    // A file read again from its start says so, as `tail -F` does: its lines are
                    // numbered on from those read before.
                    let restarted = { (why: InputReader.Restart) in
                        out.flush()
                        switch why {
                        case .rotated: err.write("ikelens: \(file) was replaced (rotated): reading the new file from its start\n")
                        case .truncated: err.write("ikelens: \(file) was truncated: reading it again from its start\n")
                        case .rewritten: err.write("ikelens: \(file) was written again in place: reading it again from its start\n")
                        }
                        err.flush()
                    }
                    try InputReader.follow(file, until: { analyzer.binary != nil || out.failure != nil }, atEnd: { analyzer.reachedEndForNow() },
                                           restarted: restarted) { analyzer.feed($0); out.flush() }
                } else {
                    // A progress line only when the findings do not go to the same terminal.
                    try Self.read(part, into: analyzer, progress: { stdoutIsTerminal ? nil : Progress(file: $0, err: err, analyzer: analyzer) }) { out.flush() }
                }
            } catch {
                out.flush()
                err.write("ikelens: \(error.message)\n")
                err.flush()
                failed = true
                continue
            }
            let devices = analyzer.finishAll()
            // A whole input that was not a debug log says so, as the reports do (also when a
            // followed log is interrupted before it showed any).
            if let problem = Self.inputProblem(devices, analyzer) {
                out.flush()
                err.write("ikelens: \(problem)\n")
                err.flush()
                failed = true
                continue
            }
            // What is still open (never concluded, or a quick mode begun since reported), then the summary.
            // (Walked in place: a flood of SAs still open is not copied into a list first.)
            func isOpen(_ sa: borrowing SecurityAssociation) -> Bool {
                // (An SA whose phase 1 failed has ended, whatever was logged after.)
                sa.phase1 != .failed && (!sa.dormant || sa.quickModes.contains { $0.result == .incomplete })
            }
            var openCount = 0
            devices.forEachSA { sa in if isOpen(sa) { openCount += 1 } }
            // An SA that ended without being reported as it went (its phase 1 failed, and no
            // delete was logged): its note now, as for any concluded SA.
            devices.forEachSA { sa in if !isOpen(sa) && !sa.dormant { concludedNote(sa) } }
            if ndjson {
                devices.forEachSA { sa in if isOpen(sa) { lines.sa(sa, open: true) } }
                let a = Analysis(devices: devices, findings: [])
                if case let .object(top) = JSONReport.value(a, includeLists: false) {
                    out.write(Self.ndjson("summary", .object(["input": top["input"]!, "openSAs": .int(openCount),
                                                             "errors": .int(errors - errorsBefore), "findings": .int(findingNumber - findingsBefore)])))
                }
            } else {
                if openCount > 0 {
                    let heading = "Still open at the end of \(file == "-" ? "the input" : file) (\(openCount) SA\(openCount == 1 ? "" : "s")):"
                    out.write("\n" + (wrapNotes ? report.wrap(heading, indent: "  ", firstPrefix: "", dimmed: false) : heading + "\n"))
                    devices.forEachSA { sa in if isOpen(sa) { out.write("\n" + report.renderSA(sa)) } }
                }
                let lines = devices.reduce(0) { $0 + $1.stats.lines }
                let (found, erred) = (findingNumber - findingsBefore, errors - errorsBefore)
                out.write("\n\(lines) line\(lines == 1 ? "" : "s"), \(found) finding\(found == 1 ? "" : "s") (\(erred) error\(erred == 1 ? "" : "s")), \(openCount) SA\(openCount == 1 ? "" : "s") still open\n")
            }
            out.flush()
        }
        if failed { return Exit.failure }
        return errors > 0 ? Exit.findings : Exit.ok
    }

    /// NDJSON: one compact object a line, written straight to bytes.
    final class NDJSONLines {
        private var w = JSONWriter(capacity: 1 << 14, compact: true)
        private let out: FDWriter

        init(_ out: FDWriter) { self.out = out }

        func finding(_ f: Finding) {
            JSONReport.write(f, to: &w, type: "finding")
            end()
        }

        /// `{"type":"recovered", …}`: a failure told before, recovered by the SA `by`.
        func recovered(_ r: RecoveryNote) {
            w.beginObject()
            w.field("at", r.stamp)
            w.field("by", r.upSA)
            w.field("device", r.device)
            w.field("findings", r.findingIds)
            w.field("line", r.line)
            if let logged = r.logged { w.field("logged", logged) }
            w.field("peer", r.peer)
            w.field("sa", r.failedSA)
            w.field("type", "recovered")
            w.endObject()
            end()
        }

        func sa(_ sa: borrowing SecurityAssociation, open: Bool = false) {
            JSONReport.write(sa, to: &w, type: "sa", open: open)
            end()
        }

        private func end() {
            w.endLine()
            w.drain(over: 0) { out.write($0) }
        }
    }

    static func ndjson(_ type: String, _ value: JSON, extra: [String: JSON] = [:]) -> String {
        guard case var .object(o) = value else { return value.compact() + "\n" }
        o["type"] = .string(type)
        for (k, v) in extra { o[k] = v }
        return JSON.object(o).compact() + "\n"
    }

    // MARK: events

    func events(_ args: [String]) -> Int32 {
        let parsed: Arguments
        do {
            parsed = try Arguments(args, flags: ["--help", "-h", "--unrecognized"], valued: [:])
        } catch { return usage(error.message, "events") }
        if parsed.flags.contains("--help") || parsed.flags.contains("-h") {
            out.write(Help.events)
            return Exit.ok
        }
        let onlyUnrecognized = parsed.flags.contains("--unrecognized")
        let files = parsed.positionals.isEmpty ? ["-"] : Self.distinctFiles(parsed.positionals)
        var failed = false
        // (The parts of one log, rotated files, are read as one, in time order, as `analyze`
        // reads them: their events as the one log's, line numbers counted through the parts.)
        for part in RotatedParts.plan(files) {
            let file = part.joined(separator: " + ")
            // Events are held until the input is judged text (its first 64 KiB, or all of a
            // shorter input), so binary data gives its one-line error and no "events".
            let held = HeldLines(out)
            let analyzer = LogAnalyzer(file: file, keepAllText: true) { event in
                if onlyUnrecognized && !event.kind.isUnrecognized { return }
                held.write(event.json(file: file).compact() + "\n")
            }
            do {
                try Self.read(part, into: analyzer, afterChunk: {
                    if analyzer.inputJudged, analyzer.binary == nil { held.release() }
                })
            } catch {
                held.release()
                out.flush()
                err.write("ikelens: \(error.message)\n")
                failed = true
                continue
            }
            let ending = analyzer.finishAll()
            if analyzer.binary == nil { held.release() }
            // An input that is not a debug log says so, as `analyze` does (after the
            // events of a text input, which stay printed).
            if let problem = Self.inputProblem(ending, analyzer, command: "ikelens events") {
                out.flush()
                err.write("ikelens: \(problem)\n")
                failed = true
            }
        }
        out.flush()
        err.flush()
        return failed ? Exit.failure : Exit.ok
    }
}

/// Output lines held back until `release`, then written straight through.
private final class HeldLines {
    private let out: FDWriter
    private var lines: [String]? = []
    init(_ out: FDWriter) { self.out = out }
    func write(_ line: String) {
        if lines == nil { out.write(line) } else { lines!.append(line) }
    }
    func release() {
        guard let held = lines else { return }
        lines = nil
        for line in held { out.write(line) }
    }
}

enum Help {
    static let main = """
    OVERVIEW: Explain Cisco IOS IKEv1 (ISAKMP) and IKEv2 debug logs: per-SA timelines and why they failed.

    USAGE: ikelens [analyze] [options] [FILE ...]
           ikelens events [--unrecognized] [FILE ...]
           ikelens config check [--format text|json] [--color auto|always|never] [--show-secrets] CONFIG ...

    COMMANDS:
      analyze (default)   Timeline per IKE SA and diagnoses with evidence and fix.
      events              The typed event stream as NDJSON, one event per line.
      config check        Predict keyring, profile and proposal failures from router configurations.
      help [COMMAND]      Show help for a command; 'help diagnoses' prints the table of diagnoses.

    OPTIONS:
      --version           Show the version.
      -h, --help          Show this help.

    EXAMPLE:
      ssh r1 'show logging' | ikelens
      ikelens --format json r1.log r2.log

    """

    static let analyze = """
    OVERVIEW: Rebuild every IKE SA from `debug crypto isakmp` output and explain failures.

    Each FILE is one device (named by the host name the log shows, else the file
    name). No FILE, or '-', reads standard input. Exit status: 0 = analyzed, no
    error found; 1 = at least one error-level finding; 2 = usage error or input
    that cannot be read, is binary or compressed, or holds no IKE debug output.

    USAGE: ikelens analyze [--format text|json|ndjson] [--follow] [--color auto|always|never] [--width N] [--config CFG ...] [--show-secrets] [FILE ...]

    OPTIONS:
      --format <format>   text (default), json (one document at the end), or ndjson (one JSON object per
                          finding and per concluded SA as they happen, then a summary object).
      -f, --follow        Keep reading as the file grows, like `tail -f` (survives rotation by rename,
                          truncation and a rewrite in place, reading the file again from its start);
                          print each finding as soon as its SA concludes. Ctrl-C prints what is still
                          open and a summary.
      --config <file>     A router's `show running-config` (repeat for each router): findings then
                          name the configuration lines behind them, and disagreements between the
                          log and the configuration are reported.
      --show-secrets      Show pre-shared keys in configuration evidence (masked by default).
      --color <when>      auto (default: only on a terminal, not with NO_COLOR), always, never.
      --width <columns>   The text report's width, 64 to 250. Default: on a terminal its width (else
                          COLUMNS) within 64 to 100; piped or redirected, 100.
      -h, --help          Show this help.

    EXAMPLE:
      ikelens analyze --format json SampleLogs/r1-responder-keyring-mismatch.log

    """

    static let config = """
    OVERVIEW: Read routers' `show running-config` and predict IKEv1 and IKEv2 failures before any
    packet flows, by simulating IOS's keyring and profile selection in both directions.

    With two or more CONFIGs, every pair that points at each other (tunnel destination, crypto map
    peer, keyring address) is simulated in both directions; with one, its own risks toward every peer
    it names. Each direction gets an outcome (establishes, or the finding id that stops it), the
    reasoning as the router walks it, and the fix as IOS lines, checked by simulating again.
    Pre-shared keys are masked unless --show-secrets is given. Exit status as for analyze.

    USAGE: ikelens config check [--format text|json] [--color auto|always|never] [--show-secrets] CONFIG ...

    OPTIONS:
      --format <format>   text (default) or json.
      --show-secrets      Show pre-shared keys in evidence lines (masked by default).
      --color <when>      auto (default), always, never.
      -h, --help          Show this help.

    EXAMPLE:
      ikelens config check SampleLogs/configs/seed/r1.cfg SampleLogs/configs/seed/r2.cfg

    """

    static let events = """
    OVERVIEW: Print the typed event stream as NDJSON: one JSON object per log record, with its
    source file, line number(s), conn-id, kind and fields. For debugging and for other tools.
    Exit status 2 (after the events) for input that analyze refuses: unreadable, empty, binary or
    compressed, an ASA log, or no IKE debug output.

    USAGE: ikelens events [--unrecognized] [FILE ...]

    OPTIONS:
      --unrecognized      Only the lines the parser did not understand (to send them in).
      -h, --help          Show this help.

    EXAMPLE:
      ikelens events --unrecognized router.log

    """
}
