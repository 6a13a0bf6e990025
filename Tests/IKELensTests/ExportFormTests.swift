import Foundation
import Testing
@testable import IKELens

/// Review rev23's export forms: a log store's tab-separated export (Graylog's, Kibana's: each row
/// `stamp<TAB>host<TAB>line`, with or without its header row) and a spreadsheet's one column saved
/// as CSV with every line quoted (`"<line>"`, `""` a quote). Each reads as the log did: the same
/// findings and SAs under the same devices, the same exit code.
@Suite struct ExportFormTests {
    /// The findings and SAs of each device in `text`, read as the file `name`.log (a device named
    /// by no prompt or relay takes the file's name).
    static func byDevice(_ name: String, _ text: String, chunking: Fixture.Chunking = .whole) -> [String: [String]] {
        DamageTests.findingsByDevice([(name: "\(name).log", bytes: Array(text.utf8))], chunking: chunking)
    }

    /// The log's lines (the last line end dropped).
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// `text` as a log store exports it tab-separated: a row per line, `stamp<TAB>host<TAB>line`,
    /// the stamp the line's own as the store parsed it (ISO `2024-06-19T12:28:44.251Z`, or
    /// `2024-06-19 12:28:44.251`), a line without one at the last one's. `perEvent`: a row per
    /// event, its later lines (a message's unstamped ones) on lines of their own as the store
    /// wrote them, without columns (see `DamageTests.logStoreEvents`).
    static func tabSeparated(_ text: String, host: String, iso: Bool, header: Bool, perEvent: Bool = false) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var time = iso ? "2024-01-01T00:00:00.000Z" : "2024-01-01 00:00:00.000"
        func row(_ line: Substring) -> String {
            if let m = line.prefixMatch(of: /\*?\.?([A-Z][a-z]{2}) +(\d+) (\d\d:\d\d:\d\d)(\.\d+)?/), let month = months.firstIndex(of: String(m.1)) {
                let day = Int(m.2)!
                let date = "2024-\(month < 9 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)"
                let fraction = String((m.4 ?? ".000").prefix(4))
                time = iso ? "\(date)T\(m.3)\(fraction)Z" : "\(date) \(m.3)\(fraction)"
            }
            return "\(time)\t\(host)\t\(line)"
        }
        var rows = header ? ["timestamp\tsource\tmessage"] : []
        if perEvent {
            for e in DamageTests.logStoreEvents(text) { rows.append(row(e[0])); rows += e.dropFirst().map(String.init) }
        } else {
            rows += lines(text).map(row)
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// `text` as a spreadsheet saves its one column as CSV with every line quoted: `"<line>"`, a
    /// quote doubled, a blank line `""` (or left empty: `emptyBlank`); Excel's `CSV UTF-8` on
    /// Windows with its byte-order mark and CRLF (`excel`).
    static func quotedColumn(_ text: String, excel: Bool = false, emptyBlank: Bool = false) -> String {
        let rows = lines(text).map { l in emptyBlank && l.isEmpty ? "" : "\"" + l.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        return excel ? "\u{FEFF}" + rows.joined(separator: "\r\n") + "\r\n" : rows.joined(separator: "\n") + "\n"
    }

    /// The name of the one device of `name`'s sample (the host a log store's column names).
    static func deviceName(_ name: String) -> String {
        let devices = byDevice(name, Fixture.sampleText(name)).keys
        #expect(devices.count == 1, "\(name): \(devices.sorted())")
        return devices.first ?? "r1"
    }

    @Test(arguments: Fixture.sampleNames())
    func aTabSeparatedExportKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.byDevice(name, text)
        let host = Self.deviceName(name)
        for iso in [true, false] {
            for header in [false, true] {
                let tsv = Self.tabSeparated(text, host: host, iso: iso, header: header)
                #expect(Self.byDevice(name, tsv) == expected, "iso \(iso), header \(header)")
            }
        }
        let events = Self.tabSeparated(text, host: host, iso: true, header: false, perEvent: true)
        #expect(Self.byDevice(name, events) == expected, "a row per event")
        // (Without a header row, every line is read: none is left unrecognized that was not.)
        let tsv = Self.tabSeparated(text, host: host, iso: true, header: false)
        #expect(Fixture.device(Array(tsv.utf8)).stats.unrecognized == Fixture.device(Array(text.utf8)).stats.unrecognized)
    }

    @Test(arguments: Fixture.sampleNames())
    func aOneColumnQuotedCSVKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.byDevice(name, text)
        #expect(Self.byDevice(name, Self.quotedColumn(text)) == expected)
        #expect(Self.byDevice(name, Self.quotedColumn(text, excel: true)) == expected, "BOM and CRLF")
        #expect(Self.byDevice(name, Self.quotedColumn(text, emptyBlank: true)) == expected, "blank lines left empty")
        // (Every line read as the log's own: the same counts.)
        let original = Fixture.device(Array(text.utf8)).stats, quoted = Fixture.device(Array(Self.quotedColumn(text).utf8)).stats
        func counts(_ s: InputStats) -> String { "\(s.lines) lines, \(s.recognized) recognized, \(s.unrecognized) unrecognized, \(s.noise) noise" }
        #expect(counts(quoted) == counts(original))
    }

    /// Kiwi Syslog Server's tab-separated file (its stamp, `Local7.Debug`, the host, then the
    /// relay's number and the router's line): every sample, prompts and unstamped lines included,
    /// gives the log's findings under the host Kiwi names.
    @Test(arguments: Fixture.sampleNames())
    func aKiwiTabSeparatedFileKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        var n = 100
        let kiwi = Self.lines(text).map { l -> String in
            guard !l.allSatisfy({ $0 == " " }) else { return String(l) }
            n += 1
            return "2024-07-16 20:21:25\tLocal7.Debug\t10.0.0.1\t\(n): " + l
        }.joined(separator: "\n")
        // (Under the host Kiwi names, or the one a syslog server's line names itself.)
        #expect(Array(Self.byDevice(name, kiwi).values) == Array(Self.byDevice(name, text).values))
    }

    /// Either export fed in random chunks (a line, a row's columns, a quoted field cut anywhere)
    /// reads as it does whole.
    @Test(arguments: ["cleared-by-operator-initiator", "dmvpn-spoke-to-spoke-no-psk-initiator", "ikev2-init-no-proposal-chosen-initiator",
                      "rekey-storm-volume-lifetime-initiator", "r1-initiator-success-wrapped", "tunnel-down-syslog-only"])
    func exportsFedInChunksKeepTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.byDevice(name, text)
        let host = Self.deviceName(name)
        for seed: UInt64 in [1, 7, 42] {
            for header in [false, true] {
                let tsv = Self.tabSeparated(text, host: host, iso: seed != 7, header: header)
                #expect(Self.byDevice(name, tsv, chunking: .random(seed: seed)) == expected, "TSV, header \(header), seed \(seed)")
            }
            #expect(Self.byDevice(name, Self.quotedColumn(text, excel: seed == 7), chunking: .random(seed: seed)) == expected, "quoted, seed \(seed)")
        }
        #expect(Self.byDevice(name, Self.quotedColumn(text), chunking: .bytewise) == expected, "quoted, 1-byte")
    }

    /// The two exports of the logs the review named give the exit code the log does (0: nothing
    /// failed, `no-psk` a warning; 1: a failure), not 1 or 2 (`not a Cisco debug log`).
    @Test func exportsGiveTheLogsExitCode() throws {
        let cli = CommandLineTests()
        for name in ["cleared-by-operator-initiator", "dmvpn-spoke-to-spoke-no-psk-initiator", "ikev2-init-no-proposal-chosen-initiator"] {
            let text = Fixture.sampleText(name)
            let expected = try cli.run(["-"], stdin: Array(text.utf8))
            #expect(expected.status == (name.hasPrefix("ikev2") ? 1 : 0), "\(name)")
            for (what, export) in [("TSV", Self.tabSeparated(text, host: "R1", iso: true, header: false)), ("quoted", Self.quotedColumn(text))] {
                let run = try cli.run(["-"], stdin: Array(export.utf8))
                #expect(run.status == expected.status, "\(name), \(what): \(run.err)")
            }
        }
    }

    /// The review's first form, as it came: the operator's `clear crypto isakmp` is read at R1's
    /// prompt (a note, not an unexplained failure).
    @Test func aTabSeparatedExportKeepsThePromptsWithTheDevice() {
        let text = Fixture.sampleText("cleared-by-operator-initiator")
        for iso in [true, false] {
            let a = Fixture.analyze(Self.tabSeparated(text, host: "r1", iso: iso, header: false))
            #expect(a.findings.map { "\($0.device) \($0.saNumber ?? 0) \($0.id) \($0.severity)" } == ["r1 1 cleared-by-operator info"], "iso \(iso)")
            #expect(a.devices.map(\.stats.unrecognized) == [0], "iso \(iso)")
        }
    }

    /// A quoted line is taken for a spreadsheet's field only on strong evidence: one whose text,
    /// unquoted, is a router's line (its stamped message, a prompt). A quoted line of something
    /// else in an ordinary log stays as it was, and so do the lines after it.
    @Test func aQuotedLineIsUnquotedOnlyOnStrongEvidence() {
        let plain = "\"hello, world\"\n*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1\n\"just a quote\"\n"
        #expect(Fixture.events(plain).map(\.text) == ["\"hello, world\"", "ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1 \"just a quote\""])
        let log = "R1#debug crypto isakmp\nCrypto ISAKMP debugging is on\n\n"
            + "*Jun 19 10:04:26.112: ISAKMP:(1001):deleting SA reason \"No reason\" state (I) MM_SA_SETUP (peer 192.168.0.2)\n"
        let events = Fixture.events(Self.quotedColumn(log))
        #expect(events.map(\.text) == ["ISAKMP:(1001):deleting SA reason \"No reason\" state (I) MM_SA_SETUP (peer 192.168.0.2)"])
        #expect(events.map(\.text) == Fixture.events(log).map(\.text))
        #expect(events.first.map { if case .saDeleted("No reason", "MM_SA_SETUP", "192.168.0.2") = $0.kind { return true } else { return false } } == true)
        #expect(Fixture.analyze(Self.quotedColumn(log)).devices.map { "\($0.name) \($0.stats.noise) \($0.stats.unrecognized)" } == ["R1 3 0"])
    }

    /// A TAB inside an ordinary log's message (IOS's own, or one an editor put for spaces) is
    /// read as before: a relay's header followed by the router's line with TABs in it, and each
    /// sample with its indented lines' indentation a TAB, plain and behind a syslog relay's header.
    @Test func tabsInAnOrdinaryLogsMessagesAreKept() {
        let message = "*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY\tNew State = IKE_I_MM1"
        for log in ["Nov 10 09:00:00 10.0.0.1 12: \(message)\nNov 10 09:00:00 10.0.0.1 13: \tnext-payload : 8\n",
                    "\(message)\n\tnext-payload : 8\n", "2024-06-19T10:04:24.826Z\tr1\t\(message)\n2024-06-19T10:04:24.826Z\tr1\t\tnext-payload : 8\n"] {
            let e = Fixture.events(log)
            #expect(e.map(\.text) == ["ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1 | next-payload : 8"], "\(log)")
            #expect(e.first.map { if case .stateChange("IKE_READY", "IKE_I_MM1") = $0.kind { return true } else { return false } } == true, "\(log)")
        }
        for name in PastedFormTests.samples {
            let text = Fixture.sampleText(name)
            let expected = Self.byDevice(name, text)
            let tabbed = Self.lines(text).map { l in l.first == " " ? "\t" + l.drop { $0 == " " } : String(l) }
            #expect(Self.byDevice(name, tabbed.joined(separator: "\n")) == expected, "\(name)")
            let host = Self.deviceName(name)
            var n = 0
            let relayed = tabbed.map { l -> String in n += 1; return l.isEmpty ? l : "Nov 10 09:00:00 \(host) \(n): " + l }
            #expect(Self.byDevice(name, relayed.joined(separator: "\n")) == expected, "\(name), relayed")
        }
    }
}
