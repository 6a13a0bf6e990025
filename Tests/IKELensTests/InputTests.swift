import Foundation
import Testing
@testable import IKELens

@Suite struct LineFramerTests {
    func lines(_ chunks: [[UInt8]], max: Int = LineFramer.defaultMaxLineLength) -> ([String], Int) {
        var f = LineFramer(maxLineLength: max)
        var out: [String] = []
        for c in chunks { f.feed(c) { l, _, _ in out.append(String(decoding: l, as: UTF8.self)) } }
        f.finish { l, _, _ in out.append(String(decoding: l, as: UTF8.self)) }
        return (out, f.truncatedLines)
    }

    @Test func splitsOnLineFeedAndDropsCarriageReturn() {
        #expect(lines([Array("a\r\nb\nc\r\n".utf8)]).0 == ["a", "b", "c"])
    }

    @Test func keepsTheLastLineWithoutNewline() {
        #expect(lines([Array("a\nb".utf8)]).0 == ["a", "b"])
    }

    @Test func givesTheSameLinesWhateverTheChunking() {
        let text = Array("one\r\ntwo\n\nthree\nfour".utf8)
        let whole = lines([text]).0
        #expect(lines(text.map { [$0] }).0 == whole)
        #expect(lines([Array(text[0..<5]), Array(text[5..<6]), Array(text[6...])]).0 == whole)
    }

    /// Line ends that turn from LF to lone CR part-way: every CR-ended line is a line, however
    /// the input is chunked and however long the CR part (longer than a line may be); a short
    /// line's CR inside it (a terminal's) stays in it.
    @Test func splitsLinesEndedByLoneCRsAfterLineFeeds() {
        let crLines = (0..<12_000).map { $0 % 7 == 3 ? "" : "*Nov 10 09:00:00.002: ISAKMP:(\($0)): line \($0)" }
        let text = Array(("a\r\nb\n" + crLines.map { $0 + "\r" }.joined()).utf8)
        let expected = ["a", "b"] + crLines
        for size in [text.count, 1, 7, 97, 4096] {
            let chunks = stride(from: 0, to: text.count, by: size).map { Array(text[$0..<min(text.count, $0 + size)]) }
            let (out, cut) = lines(chunks)
            #expect(out.count == expected.count, "\(size)")
            #expect(out == expected, "\(size)")
            #expect(cut == 0, "\(size)")
        }
        #expect(lines([Array("x\ry\rz\n".utf8)]).0 == ["x\ry\rz"])
    }

    @Test func cutsAnOverlongLineAndCountsIt() {
        let long = [UInt8](repeating: 65, count: 100) + Array("\nok\n".utf8)
        let (out, cut) = lines([long], max: 10)
        #expect(out == ["AAAAAAAAAA", "ok"])
        #expect(cut == 1)
        let (out2, cut2) = lines(long.map { [$0] }, max: 10)
        #expect(out2 == ["AAAAAAAAAA", "ok"])
        #expect(cut2 == 1)
    }
}

@Suite struct HeaderTests {
    struct Form: Sendable, CustomTestStringConvertible {
        let line: String
        let stamp: String?
        var testDescription: String { line }
    }

    static let forms: [Form] = [
        Form(line: "*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: ".Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "Apr 20 11:06:55: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Apr 20 11:06:55"),
        Form(line: "Mar 13 15:29:24.294 UTC: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Mar 13 15:29:24.294"),
        Form(line: "*Nov 10 09:00:00.002 +0100: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Nov 10 09:00:00.002"),
        Form(line: "Nov 10 09:00:00.002 UTC-05:00: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Nov 10 09:00:00.002"),
        Form(line: "*Mar  1 00:42:09.431: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Mar 1 00:42:09.431"),
        Form(line: "Jun 19 2024 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 2024 10:04:24.826"),
        Form(line: "00:27:07: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "uptime 00:27:07"),
        Form(line: "1d02h: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "uptime 1d02:00:00"),
        Form(line: "2328304: Jun  8 19:14:38.051 GMT: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 8 19:14:38.051"),
        Form(line: "<191>1234: R1: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "<189>45: R1: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "Nov 29 06:19:56 10.0.0.1 1234: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: nil),
        Form(line: "2026-11-29T06:19:56.123456+00:00 10.0.0.1 1234: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "2026-11-29T06:19:56Z r1 ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Nov 29 2026 06:19:56"),
        Form(line: "R1#*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "    12\t*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "Hub(config-if)#ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: nil),
        Form(line: "*Jun 19 10:04:24.826: ISAKMP:(0:0:N/A:0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: " *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        // A relay's sequence and origin-id, then the router's own sequence number (`service sequence-numbers`).
        Form(line: "<189>12: R1: 000004: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "<189>12: R1: 000004: *Jun 19 10:04:24.826 GMT: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "<189>12: R1: 000004: Jun 19 10:04:24 UTC: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24"),
        Form(line: "12: 000004: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        // RFC 5424: the router's stamp wins over the relay's; without one, the relay's.
        Form(line: "<189>1 2024-11-10T09:00:00.000Z R1 - - - - *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "<189>1 2024-11-10T09:00:00.000+01:00 R1 ios 2211 42 [meta sequenceId=\"12\" x=\"a\\]b\"][y@9 z=\"\"] *Jun 19 10:04:24.826 UTC: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "<189>1 2024-11-10T09:00:00Z R1 - - - - ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Nov 10 2024 09:00:00"),
        Form(line: "<189>1 - - - - - - ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: nil),
        // Kiwi Syslog Server's tab-separated file: its stamp, `Facility.Severity`, the host.
        Form(line: "2024-07-16 20:21:25\tLocal7.Debug\t192.168.0.1\t182: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "2024-07-16 20:21:25\tlocal7.info\tR1\tISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jul 16 2024 20:21:25"),
        // The year in front, as some syslog servers and capture tools write it.
        Form(line: "2026 Nov 10 09:00:00.123: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Nov 10 2026 09:00:00.123"),
        Form(line: "2026 Nov 10 09:00:00 10.0.0.1 1234: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        // Uptime over a year; weeks and days.
        Form(line: "1y2w: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "uptime 379d00:00:00"),
        Form(line: "0w2d: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "uptime 2d00:00:00"),
        // A terminal's control in front: a colour code, the pager of `show logging` erased by backspaces.
        Form(line: "\u{1B}[0m*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        // A mail's quote marks; a terminal program's stamp on each line it logged; no-break spaces
        // (a log copied from a web page).
        Form(line: "> *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: ">> *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "[2026-11-10 09:00:00] *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "[09:00:00.123] ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: nil),
        Form(line: "*Jun\t19\t10:04:24.826:\tISAKMP:(0):Old\tState\t=\tIKE_READY\tNew\tState\t=\tIKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: "*Jun\u{A0}19 10:04:24.826:\u{A0}ISAKMP:(0):Old State = IKE_READY\u{A0}\u{A0}New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
        Form(line: " --More-- \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}         \u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}*Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1", stamp: "Jun 19 10:04:24.826"),
    ]

    @Test(arguments: forms)
    func everyHeaderFormGivesStampAndBody(_ form: Form) {
        let e = Fixture.event(form.line)
        #expect(e.kind == .stateChange(from: "IKE_READY", to: "IKE_I_MM1"))
        #expect(e.connId == 0)
        #expect(e.stamp?.text == form.stamp)
    }

    /// The fixed-offset fast path must say what the general header parser says,
    /// or nothing: on every header form above, every sample line, and each of
    /// them with one byte of the header changed.
    @Test func fastHeaderPathAgreesWithTheGeneralParser() {
        var lines = Self.forms.map(\.line)
        for name in Fixture.sampleNames() {
            let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent(name + ".log")), as: UTF8.self)
            lines += text.split(separator: "\n", omittingEmptySubsequences: true).prefix(400).map(String.init)
        }
        var variants: [[UInt8]] = []
        let replacements: [UInt8] = Array(" :.*0915aZ\t".utf8)
        for line in Self.forms.map(\.line) + Array(lines.prefix(300)) {
            let bytes = Array(line.utf8)
            variants.append(bytes)
            for k in 0..<min(26, bytes.count) {
                for r in replacements where bytes[k] != r {
                    var v = bytes
                    v[k] = r
                    variants.append(v)
                }
                var cut = bytes
                cut.remove(at: k)
                variants.append(cut)
            }
        }
        variants += lines.map { Array($0.utf8) }
        var fastHits = 0
        for v in variants {
            v.withUnsafeBufferPointer { buf in
                var from = 0
                while from < buf.count, ASCII.isSpace(buf[from]) { from += 1 }
                guard let f = LineHeader.fast(buf, from: from) else { return }
                fastHits += 1
                let g = LineHeader.parse(buf, from: from)
                #expect(f.bodyStart == g.bodyStart && f.stamp == g.stamp && f.hadHeader == g.hadHeader && g.hostRange == nil,
                        "\(String(decoding: buf, as: UTF8.self))")
                #expect(BodyPrefix.known(ByteCursor(buf, from: g.bodyStart)))
            }
        }
        #expect(fastHits > 1000)
    }

    @Test func readsThe12_4ConnIdWithEngineAndSlot() {
        #expect(Fixture.event("*Mar  1 00:10:11.111: ISAKMP:(0:1:SW:1):Old State = IKE_I_MM1  New State = IKE_I_MM2").connId == 1)
        #expect(Fixture.event("ISAKMP (0:134217729): received packet from 10.0.0.2 dport 500 sport 500 Global (I) MM_NO_STATE").connId == 134217729)
    }

    @Test func splitsASyslogServersFileIntoOneDevicePerRouter() {
        let a = LogAnalyzer(file: "syslog.log")
        a.feed(Array("""
        Nov 29 06:19:56 r1.example.net 101: *Nov 29 06:19:56.100: ISAKMP:(1001):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
        Nov 29 06:19:56 r2.example.net 201: *Nov 29 06:19:56.101: ISAKMP:(1001):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
        Nov 29 06:19:57 r1.example.net 102: *Nov 29 06:19:57.000: ISAKMP:(1001):deleting SA reason "No reason" state (I) QM_IDLE (peer 10.0.0.2)

        """.utf8))
        let devices = a.finishAll()
        #expect(devices.map(\.name) == ["r1.example.net", "r2.example.net"])
        #expect(devices.map { $0.sas.count } == [1, 1])
        #expect(devices[0].sas[0].role == .initiator && devices[1].sas[0].role == .responder)
        #expect(devices.map(\.stats.lines).reduce(0, +) == 3)
    }

    /// A forwarding syslog server stamps its own name on every router's lines: the router's
    /// origin-id after the relay's number (`syslog-fwd01 501: R2: *…`) names the device.
    @Test func anOriginIdAfterAForwardersHostNamesTheRouter() {
        let a = LogAnalyzer(file: "syslog.log")
        a.feed(Array("""
        Nov 29 06:19:56 syslog-fwd01 101: R1: *Nov 29 06:19:56.100: ISAKMP:(1001):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
        Nov 29 06:19:56 syslog-fwd01 201: R2: *Nov 29 06:19:56.101: ISAKMP:(1001):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
        Nov 29 06:19:57 syslog-fwd01 102: R1: *Nov 29 06:19:57.000: ISAKMP:(1001):deleting SA reason "No reason" state (I) QM_IDLE (peer 10.0.0.2)

        """.utf8))
        let devices = a.finishAll()
        #expect(devices.map(\.name) == ["R1", "R2"])
        #expect(devices.map { $0.sas.map(\.role) } == [[.initiator], [.responder]])
        #expect(devices[0].sas.first?.deleted == true)
        // Every line relayed so, a message's later lines too (`… 120: R1: Payload contents:`),
        // through the router's address or a forwarder: read as the router printed them.
        for name in ["r2-responder-success", "ikev2-child-no-proposal-chosen-initiator"] {
            // (From the first stamped line: the prompts before it come before any host is known.)
            let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), as: UTF8.self)
                .split(separator: "\n").drop { !$0.hasPrefix("*") }.joined(separator: "\n")
            let plain = Fixture.analyze(text)
            for relay in ["10.0.0.1", "syslog-fwd01"] {
                let relayed = text.split(separator: "\n").enumerated().map { "Nov 29 06:19:56 \(relay) \(100 + $0.offset): R1: \($0.element)" }
                let a = Fixture.analyze(relayed.joined(separator: "\n"))
                #expect(a.devices.map(\.name) == ["R1"], "\(name) via \(relay)")
                #expect(a.findings.map(\.id) == plain.findings.map(\.id), "\(name) via \(relay)")
                #expect(a.devices.map(\.stats.unrecognized) == plain.devices.map(\.stats.unrecognized), "\(name) via \(relay)")
                #expect(a.devices.flatMap(\.sas).map(\.phase1) == plain.devices.flatMap(\.sas).map(\.phase1), "\(name) via \(relay)")
            }
        }
    }

    /// A relay's stamp carries no time zone: an upper-case host after it (`HQ`, `CORE`) is the
    /// host, not a zone like the router's own `UTC:` (which ends in the stamp's colon).
    @Test func anUpperCaseHostAfterARelaysStampIsNoTimeZone() {
        let a = LogAnalyzer(file: "syslog.log")
        a.feed(Array("""
        Nov 10 09:00:00 HQ 12: *Nov 10 09:00:00.123 UTC: ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6
        Nov 10 09:00:00 CORE ISAKMP:(2022):Old State = IKE_R_MM5  New State = IKE_R_MM6
        Nov 10 09:00:01 HQ 13: *Nov 10 09:00:00.223 UTC: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE

        """.utf8))
        let devices = a.finishAll()
        #expect(devices.map(\.name) == ["HQ", "CORE"])
        #expect(devices.map { $0.sas.map(\.connId) } == [[1011], [2022]])
        #expect(devices[0].sas.first?.phase1 == .complete)
        #expect(devices[0].sas.first?.states.first?.stamp?.text == "Nov 10 09:00:00.123")
    }

    /// `clock timezone` takes any name, printed as typed (`cet`, `Utc`, `CST6`, `EST5EDT`, `Z`):
    /// between a router's stamp (its `*` or milliseconds) and its colon it is the zone, not a
    /// relay's host, whether the debug lines or only the `%CRYPTO` ones carry it. Two routers'
    /// captures stay two devices named by their prompts, as with `CET`.
    @Test func aZoneInLowerCaseOrWithDigitsIsNoRelaysHost() {
        let parts = ["r1-responder-psk-mismatch", "r2-initiator-psk-mismatch"].map { Fixture.sampleText($0) }
        func zoned(_ text: String, _ zone: String, onlyLog: Bool = false) -> String {
            text.replacing(onlyLog ? #/(?m)^(\*Jul 16 \d\d:\d\d:\d\d\.\d\d\d):( %)/# : #/(?m)^(\*Jul 16 \d\d:\d\d:\d\d\.\d\d\d):( )/#) {
                "\($0.1) \(zone):\($0.2)"
            }
        }
        let control = ConcatenatedCapturesTests.analyzeAll(zoned(parts[0], "CET") + zoned(parts[1], "CET"))
        #expect(control.devices.map(\.name) == ["R1", "R2"])
        let expected = control.devices.map { SeparatedLogsTests.findings(control, $0) }
        for zone in ["cet", "cest", "gmt", "Utc", "CST6", "EST5EDT", "UTC0", "Z", "PST8PDT"] {
            let a = ConcatenatedCapturesTests.analyzeAll(zoned(parts[0], zone) + zoned(parts[1], zone))
            #expect(a.devices.map(\.name) == ["R1", "R2"], "\(zone)")
            #expect(a.findings.map { "\($0.device) \($0.saNumber ?? 0) \($0.id)" } == ["R1 1 psk-mismatch", "R2 1 mm5-rejected-by-peer"], "\(zone)")
            #expect(a.devices.map { SeparatedLogsTests.findings(a, $0) } == expected, "\(zone)")
            #expect(a.devices.map(\.stats.lines) == control.devices.map(\.stats.lines), "\(zone)")
            #expect(a.devices.map(\.stats.unrecognized) == control.devices.map(\.stats.unrecognized), "\(zone)")
            #expect(a.devices.map(\.stats.repeated) == [0, 0], "\(zone)")
            // `service timestamps log … show-timezone` alone: only the syslog lines carry it.
            let one = ConcatenatedCapturesTests.analyzeAll(zoned(parts[0], zone, onlyLog: true))
            #expect(one.devices.map(\.name) == ["R1"], "\(zone)")
            #expect(one.findings.map { "\($0.device) \($0.saNumber ?? 0) \($0.id)" } == ["R1 1 psk-mismatch"], "\(zone)")
        }
        #expect(Fixture.event("*Jul 16 20:21:25.298 cet: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1").stamp?.text == "Jul 16 20:21:25.298")
        #expect(Fixture.event("Jul 16 20:21:25.298 EST5EDT: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1").stamp?.text == "Jul 16 20:21:25.298")
        // A relay's host with its colon is followed by the router's stamp or number; on a relay's
        // stamp without milliseconds, a lower-case word is its host as before.
        let m = "ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6"
        for (line, host) in [("Nov 10 09:00:00.123 r1: *Nov 10 09:00:00.123 UTC: " + m, "r1"), ("Nov 10 09:00:00.123 r1: 12: *Nov 10 09:00:00.123: " + m, "r1"),
                             ("Nov 10 09:00:00 r1: " + m, "r1"), ("Nov 10 09:00:00 r1: *Nov 10 09:00:00.123 cet: " + m, "r1")] {
            let a = LogAnalyzer(file: "syslog.log")
            a.feed(Array((line + "\n").utf8))
            #expect(a.finishAll().map(\.name) == [host], "\(line)")
        }
    }

    /// Further syslog servers' headers name the router as the BSD one does, so a file of two
    /// routers' lines is two devices: journald's `-o short-iso` (`+0000`), a Windows syslog
    /// server's numeric date (month or day first), Loki's `logcli` labels, and a syslog file
    /// forwarded again (a second server's header, or Kiwi's, in front of the first's: the inner
    /// header names the router).
    @Test func moreSyslogServersHeadersNameTheRouter() {
        let parts = ["r1-responder-psk-mismatch", "r2-initiator-psk-mismatch"].map {
            Fixture.sampleText($0).split(separator: "\n").drop { !$0.hasPrefix("*") }.map(String.init)
        }
        // Each router's messages (a stamped line and the lines after it), the two routers' in turn.
        let messages = parts.map { lines in
            lines.reduce(into: [[String]]()) { m, l in if l.hasPrefix("*") || m.isEmpty { m.append([l]) } else { m[m.count - 1].append(l) } }
        }
        func relayed(_ header: (String, Int) -> String) -> String {
            var lines: [String] = []
            var n = [500, 500]
            for i in 0..<max(messages[0].count, messages[1].count) {
                for (k, host) in ["r1", "r2"].enumerated() where i < messages[k].count {
                    for l in messages[k][i] { lines.append(header(host, n[k]) + l); n[k] += 1 }
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
        let control = ConcatenatedCapturesTests.analyzeAll(relayed { "Jul 16 20:21:25 \($0) \($1): " })
        #expect(control.devices.map(\.name) == ["r1", "r2"])
        #expect(control.findings.map { "\($0.device) \($0.saNumber ?? 0) \($0.id)" } == ["r1 1 psk-mismatch", "r2 1 mm5-rejected-by-peer"])
        // (Each line is counted once; by device only roughly, the two routers' messages alternating.)
        #expect(control.devices.map(\.stats.lines).reduce(0, +) == parts.map(\.count).reduce(0, +))
        #expect(control.devices.map(\.stats.unrecognized) == [0, 0])
        let forms: [(String, (String, Int) -> String)] = [
            ("journald short-iso", { "2024-07-16T20:21:25+0000 \($0) \($1): " }),
            ("journald short-iso-precise", { "2024-07-16T20:21:25.298+0000 \($0) \($1): " }),
            ("month first", { "07/16/2024 20:21:25 \($0) \($1): " }),
            ("day first", { "16/07/2024 20:21:25 \($0) \($1): " }),
            ("day first, dots", { "16.07.2024 20:21:25 \($0) \($1): " }),
            ("forwarded again", { "Jul 16 20:21:26 collector01 cisco-routers: Jul 16 20:21:25 \($0) \($1): " }),
            ("forwarded by Kiwi", { "2024-07-16 20:21:26\tLocal7.Debug\t10.9.9.9\tJul 16 20:21:25 \($0) \($1): " }),
            ("Loki", { h, _ in "2024-07-16T20:21:25Z {job=\"syslog\", host=\"\(h)\"} " }),
            ("Loki, padded", { h, _ in "2024-07-16T20:21:25.298Z {app=\"cisco\", host=\"\(h)\"}      " }),
        ]
        for (what, header) in forms {
            let a = ConcatenatedCapturesTests.analyzeAll(relayed(header))
            #expect(a.devices.map(\.name) == ["r1", "r2"], "\(what)")
            #expect(a.findings.map { "\($0.device) \($0.saNumber ?? 0) \($0.id)" } == ["r1 1 psk-mismatch", "r2 1 mm5-rejected-by-peer"], "\(what)")
            // (Without sequence numbers, Loki's lines that both routers printed alike in one
            // millisecond are told apart less well: one of R2's state lines is lost.)
            if !what.hasPrefix("Loki") {
                #expect(a.devices.map { SeparatedLogsTests.findings(a, $0) } == control.devices.map { SeparatedLogsTests.findings(control, $0) }, "\(what)")
            }
            #expect(a.devices.map(\.stats.lines).reduce(0, +) == parts.map(\.count).reduce(0, +), "\(what)")
            #expect(a.devices.map(\.stats.unrecognized) == [0, 0], "\(what)")
        }
        // Kiwi's TSV with its TABs expanded, a BSD relay's line inside: the syslog messages are read.
        let tunnel = Fixture.sampleText("tunnel-down-syslog-only").split(separator: "\n").enumerated()
            .map { "2024-07-16 20:21:25     Local7.Debug    10.0.0.1        \(100 + $0.offset): " + $0.element }.joined(separator: "\n")
        let t = ConcatenatedCapturesTests.analyzeAll(tunnel)
        #expect(t.devices.map(\.name) == ["hub1.example.net"])
        #expect(t.findings.map { "\($0.id) \($0.severity) \($0.peer ?? "-")" } == ["tunnel-down info 198.51.100.21", "tunnel-down warning 203.0.113.30"])
        #expect(t.devices.map(\.stats.unrecognized) == [0])
    }

    /// Sequence-numbered syslog and RFC 5424 name the router as the other syslog
    /// forms do (RFC 5424 by its HOSTNAME field), so a mixed file splits by device.
    @Test func splitsSequencedAndRFC5424SyslogByDevice() {
        let a = LogAnalyzer(file: "syslog.log")
        a.feed(Array("""
        <189>1 2026-11-29T06:19:56.100Z r1.example.net ios 2211 IKE [meta sequenceId="12"] *Nov 29 06:19:56.100: ISAKMP:(1001):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
        <189>1 2026-11-29T06:19:56.101+01:00 r2.example.net - - - - *Nov 29 06:19:56.101 UTC: ISAKMP:(1001):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
        <189>12: r1.example.net: 000004: *Nov 29 06:19:57.000 GMT: ISAKMP:(1001):deleting SA reason "No reason" state (I) QM_IDLE (peer 10.0.0.2)
        <189>1 2026-11-29T06:19:58Z r2.example.net - 33 44 - ISAKMP:(1001):deleting SA reason "No reason" state (R) QM_IDLE (peer 10.0.0.1)

        """.utf8))
        let devices = a.finishAll()
        #expect(devices.map(\.name) == ["r1.example.net", "r2.example.net"])
        #expect(devices.map { $0.sas.count } == [1, 1])
        #expect(devices.map { $0.sas[0].role } == [.initiator, .responder])
        #expect(devices.map { $0.sas[0].deleted } == [true, true])
        #expect(devices.map { $0.sas[0].peer } == ["10.0.0.2", "10.0.0.1"])
        #expect(devices.map(\.stats.lines).reduce(0, +) == 4)
        #expect(devices.map(\.stats.unrecognized).reduce(0, +) == 0)
    }

    /// Every sample log sent through a syslog server, in the sequenced and the
    /// RFC 5424 forms, gives the very findings it gives as the router printed it.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly })
    func syslogRelayedSampleGivesTheSameFindings(_ name: String) {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent(name + ".log")), as: UTF8.self)
        let plain = Fixture.analyze(text)
        let host = plain.devices[0].name
        let forms: [(Int, String) -> String] = [
            // (A line that has its IOS sequence number already gets only the relay's.)
            { n, l in "<189>\(n): \(host): " + (l.range(of: #"^\d+: "#, options: .regularExpression) == nil ? "\(String(repeating: "0", count: 6 - String(n).count))\(n): " : "") + l },
            { _, l in "<189>1 2024-11-10T09:00:00.000Z \(host) - - - - " + l },
            { n, l in "<190>1 2024-11-10T09:00:00.123456+01:00 \(host) ios \(n) 7 [origin ip=\"10.0.0.1\"][meta sequenceId=\"\(n)\"] " + l },
        ]
        for (k, form) in forms.enumerated() {
            var n = 0
            let relayed = text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
                // The lines that start an IOS message: a wall-clock or uptime stamp, or a sequence number.
                guard l.range(of: #"^(\*|\d+: |\d\d:\d\d:\d\d: )"#, options: .regularExpression) != nil else { return String(l) }
                n += 1
                // The sequenced form with a time zone after the router's time, as `service timestamps … show-timezone` prints.
                let line = k == 0 ? String(l).replacingOccurrences(of: #"^(\*\w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{3})"#, with: "$1 GMT", options: .regularExpression) : String(l)
                return form(n, line)
            }.joined(separator: "\n")
            #expect(n > 0, "\(name): no stamped line")
            let analysis = Fixture.analyze(relayed)
            #expect(analysis.devices.map(\.name) == [host], "\(name) form \(k)")
            #expect(analysis.findings == plain.findings, "\(name) form \(k)")
            #expect(analysis.devices[0].stats.unrecognized == plain.devices[0].stats.unrecognized, "\(name) form \(k)")
            #expect(analysis.devices[0].sas.map(\.connId) == plain.devices[0].sas.map(\.connId), "\(name) form \(k)")
        }
    }

    @Test func syslogOriginNamesTheDevice() {
        let d = Fixture.device(Array("<191>12: R7: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1\n".utf8))
        #expect(d.name == "R7")
    }

    @Test func promptNamesTheDevice() {
        let d = Fixture.device(Array("Hub-RTR#debug crypto isakmp\nISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1\n".utf8))
        #expect(d.name == "Hub-RTR")
        // Another router's prompt first (a ping from a host), then the router that turns the
        // debugging on: the device is that router; a later prompt of another one changes nothing.
        let log = "PC1#ping 172.16.2.2 rep 50\nType escape sequence to abort.\nPC1#\nRT2#deb cry isa\n"
            + "ISAKMP:(0):Old State = IKE_READY New State = IKE_R_MM1\nPC1#ping 172.16.2.2\n"
        #expect(Fixture.device(Array(log.utf8)).name == "RT2")
        #expect(Fixture.device(Array("PC1#ping 10.0.0.1\nRT2#show clock\nISAKMP:(0):Old State = IKE_READY New State = IKE_R_MM1\n".utf8)).name == "PC1")
    }
}

@Suite struct ContinuationTests {
    @Test func joinsAWordWrappedLine() {
        let events = Fixture.events("""
        *Jun 19 12:28:44.263: ISAKMP:(0):found peer pre-shared key matching
        192.168.0.2
        """)
        #expect(events.map(\.kind) == [.pskMatched(peer: "192.168.0.2")])
        #expect(events[0].firstLine == 1 && events[0].lastLine == 2)
    }

    @Test func joinsAStateChangeWrappedAfterTheEqualsSign() {
        let events = Fixture.events("*Jun 19 10:04:24.827: ISAKMP:(0):Old State = IKE_I_MM1 New State =\nIKE_I_MM2\n")
        #expect(events.map(\.kind) == [.stateChange(from: "IKE_I_MM1", to: "IKE_I_MM2")])
    }

    @Test func joinsAHardWrapInsideAWordAtColumn80() {
        let line = "*Jun 19 10:04:24.838: ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_KEY_EXCH"
        let wrapped = String(line.prefix(80)) + "\n" + String(line.dropFirst(80)) + "\n"
        #expect(Fixture.events(wrapped).map(\.kind) == Fixture.events(line).map(\.kind))
    }

    /// A state line cut at 80 columns where the next part starts like something else:
    /// `IPSEC_…` (a facility word, but glued to more), or `  New State` (indented, but the
    /// cut fell in the two spaces IOS prints); and a word wrap one column short of 80.
    @Test func joinsStateLinesCutWhereTheRestLooksLikeAnotherLine() {
        let cases = [
            "Jun 19 10:04:24.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_\nIPSEC_INSTALL_AWAIT\n",
            "1188: *Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT\n  New State = IKE_QM_PHASE2_COMPLETE\n",
            "*Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New\nState = IKE_QM_PHASE2_COMPLETE\n",
        ]
        let expected: [EventKind] = [
            .stateChange(from: "IKE_QM_I_QM1", to: "IKE_QM_IPSEC_INSTALL_AWAIT"),
            .stateChange(from: "IKE_QM_IPSEC_INSTALL_AWAIT", to: "IKE_QM_PHASE2_COMPLETE"),
            .stateChange(from: "IKE_QM_IPSEC_INSTALL_AWAIT", to: "IKE_QM_PHASE2_COMPLETE"),
        ]
        for (log, kind) in zip(cases, expected) {
            let events = Fixture.events(log)
            #expect(events.map(\.kind) == [kind], "\(log)")
            #expect(events.first?.lastLine == 2)
        }
        // The rest of a message that starts with a facility's word is still the rest: a
        // lone `ISAKMP`, `IPSEC packet …`; and `IK` / `Ev2` is a cut inside a word.
        let rests = [
            "*Jun 19 10:04:24.848: IPSEC(key_engine_enable_outbound): rec'd enable notify from \nISAKMP\n",
            "*Jun 19 10:04:24.848: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd \nIPSEC packet has invalid spi for destaddr=203.0.113.1\n",
            "123: *Jun 19 10:04:24.848: IKEv2:(SESSION ID = 7,SA ID = 1):[Crypto Engine -> IK\nEv2] DH key Computation PASSED\n",
        ]
        for log in rests {
            let events = Fixture.events(log)
            #expect(events.count == 1 && events[0].lastLine == 2, "\(log)")
            #expect(!(events.first?.text.contains("IK Ev2") ?? true))
        }
    }

    /// A mail client's word wrap (no terminal's width) of a log whose messages repeat: each
    /// copy breaks at the same word, so the broken lines are all as long and look like a
    /// terminal's width, yet an address after a word keeps its blank (`from` / `192.1.20.2 …`),
    /// and a terminal's cut inside an address is joined whole; a word wrap whose longest
    /// lines happen to be 64 or 72 long is unlearned when shorter lines go on too; and a
    /// `message ID =` cut at its `=` keeps its number.
    @Test func aWordWrapOfRepeatedMessagesIsNoTerminalWidth() {
        func wordWrap(_ text: String, _ width: Int) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                var out: [String] = [], cur = ""
                for word in line.split(separator: " ") {
                    if !cur.isEmpty, cur.count + 1 + word.count > width { out.append(cur); cur = String(word) } else { cur += (cur.isEmpty ? "" : " ") + word }
                }
                out.append(cur)
                return out.joined(separator: "\n")
            }.joined(separator: "\n")
        }
        let two = """
        *Mar  1 00:42:09.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.1.20.2 failed its sanity check or is malformed
        *Mar  1 00:42:12.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 203.0.113.9 failed its sanity check or is malformed
        *Mar  1 00:42:19.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.1.20.2 failed its sanity check or is malformed
        *Mar  1 00:42:22.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 203.0.113.9 failed its sanity check or is malformed

        """
        let wrapped = wordWrap(two, 72)
        #expect(wrapped.split(separator: "\n").first?.hasSuffix("IKE message from") == true)
        let a = Fixture.analyze(wrapped)
        #expect(a.findings.map { "\($0.id) \($0.peer ?? "-")" } == ["psk-mismatch 192.1.20.2", "psk-mismatch 203.0.113.9"])
        for name in ["syslog-ikmp-not-encrypted", "r2-responder-qm-error32", "busy-headend"] {
            let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), as: UTF8.self)
            let whole = Fixture.analyze(text)
            for width in [64, 72] {
                let cut = Fixture.analyze(wordWrap(text, width))
                #expect(cut.findings.map { "\($0.id) \($0.peer ?? "-") \($0.summary)" } == whole.findings.map { "\($0.id) \($0.peer ?? "-") \($0.summary)" }, "\(name) at \(width)")
                #expect(cut.devices.flatMap(\.sas).map { "\($0.phase1) \($0.quickModes.map { "\($0.messageID) \($0.result)" })" }
                        == whole.devices.flatMap(\.sas).map { "\($0.phase1) \($0.quickModes.map { "\($0.messageID) \($0.result)" })" }, "\(name) at \(width)")
            }
        }
        // A terminal's hard wrap at an unusual width (74) of the same repeated messages: cut inside
        // the address (`… from 192.16` / `8.0.2 was …`), the first copy too, before the width is known.
        let repeated = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("syslog-ikmp-not-encrypted.log")), as: UTF8.self)
        let hard = repeated.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            var rest = Substring(l), out: [Substring] = []
            while rest.count > 74 { out.append(rest.prefix(74)); rest = rest.dropFirst(74) }
            out.append(rest)
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
        #expect(hard.contains("IKE packet from 192.16\n8.0.2 was"))
        #expect(Fixture.analyze(hard).findings.map { "\($0.id) \($0.peer ?? "-") \($0.summary)" } == Fixture.analyze(repeated).findings.map { "\($0.id) \($0.peer ?? "-") \($0.summary)" })
        for cut in ["message ID= 3411742196", "message ID =3411742196", "message ID=3411742196"] {
            #expect(Fixture.events("*Oct  7 06:46:39.898: ISAKMP:(1003): processing SA payload. \(cut)\n").map(\.kind)
                    == [.payload(name: "SA", messageID: 3411742196)])
        }
    }

    /// Numbers far out of range on a damaged line are no numbers, never a trap.
    @Test func readsOutOfRangeNumbersWithoutTrapping() {
        let log = """
        *Jun 19 10:04:24.826: ISAKMP:(-9223372036854775808):Old State = IKE_READY  New State = IKE_I_MM1
        00:27:07: ISAKMP (0:-9223372036854775808): sending packet to 10.15.58.38 (I) MM_NO_STATE
        *Jun 19 10:04:24.826: ISAKMP:      life duration (VPI) of  0xFFFFFFFFFFFFFFFFFF
        *Jun 19 10:04:24.826: ISAKMP:(1011):processing NONCE payload. message ID = -9223372036854775808
        *Jun 19 10:04:24.826: ISAKMP:(1011):Node -9223372036854775808, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
        *Jun -9223372036854775808 10:04:24.826: ISAKMP:(0): sending packet
        *Jun 19 -9223372036854775808:04:24.826: ISAKMP:(0): sending packet
        *Jun 19 10:04:24.826: ISAKMP:(99999999999999999999):Old State = IKE_READY  New State = IKE_I_MM1

        """
        let events = Fixture.events(log)
        // The two lines with a broken time stamp continue the record before them.
        #expect(events.map(\.firstLine) == [1, 2, 3, 4, 5, 8])
        #expect(events.map(\.connId) == [nil, nil, nil, 1011, 1011, nil])
        #expect(events[3].kind == .payload(name: "NONCE", messageID: 0))
        let analysis = Fixture.analyze(log)
        #expect(analysis.devices.first?.stats.lines == 8)
    }

    @Test func readsTheIndentedIDPayloadBlock() {
        let events = Fixture.events("""
        *Jun 19 10:04:24.838: ISAKMP (1011): ID payload
            next-payload : 8
            type          : 1
            address       : 192.168.0.1
            protocol      : 17
            port         : 500
            length        : 12
        """)
        #expect(events.map(\.kind) == [.idPayload(type: 1, address: "192.168.0.1", protocolNumber: 17, port: 500)])
        #expect(events[0].lastLine == 7)
        // An FQDN identity (type 2) and a user FQDN (type 3), as 12.4 and 15 print them.
        let named = Fixture.events("""
        *Mar  1 00:25:41.531: ISAKMP (0:1001): ID payload
                next-payload : 8
                type         : 2
                FQDN name    : srx110c2821
                protocol     : 17
                port         : 500
                length       : 19
        *Mar  1 00:25:41.531: ISAKMP (0:1002): ID payload
                next-payload : 8
                type         : 3
                USER FQDN    : vpn@example.com
                protocol     : 17
                port         : 500
                length       : 23
        *Mar  3 09:12:40.211: ISAKMP (0): ID payload
                next-payload : 13
                type         : 11
                group id     : EZGROUP
                protocol     : 17
                port         : 500
                length       : 15
        """)
        // (And an EzVPN client's group, type 11, in aggressive mode's AM1.)
        #expect(named.map(\.kind) == [.idPayload(type: 2, address: "srx110c2821", protocolNumber: 17, port: 500),
                                      .idPayload(type: 3, address: "vpn@example.com", protocolNumber: 17, port: 500),
                                      .idPayload(type: 11, address: "EZGROUP", protocolNumber: 17, port: 500)])
    }

    @Test func foldsXEPrefixedIDFieldsIntoThePayload() {
        let d = Fixture.device(Array("""
        ISAKMP: (1003):ID payload
                next-payload : 8
                type         : 1
        ISAKMP: (1003): address      : 100.64.1.2
        ISAKMP: (1003): protocol     : 17
                port         : 0
                length       : 12

        """.utf8))
        let ids = d.sas[0].events.compactMap { e -> String? in
            if case let .idPayload(_, a, _, _) = e.kind { return a }
            return nil
        }
        #expect(ids == ["100.64.1.2"])
    }

    @Test func readsTheKeyEngineBlockOfAnIPsecRequest() {
        let events = Fixture.events("""
        *Jun 19 10:04:24.826: IPSEC(sa_request): ,
          (key eng. msg.) OUTBOUND local= 192.168.0.1:500, remote= 192.168.0.2:500,
            local_proxy= 192.168.0.1/255.255.255.255/47/0,
            remote_proxy= 192.168.0.2/255.255.255.255/47/0,
            protocol= ESP, transform= esp-aes esp-sha256-hmac (Tunnel),
        """)
        #expect(events.map(\.kind) == [.ipsecRequest(function: "sa_request", local: "192.168.0.1", remote: "192.168.0.2",
                                                    localProxy: "192.168.0.1/255.255.255.255/47/0",
                                                    remoteProxy: "192.168.0.2/255.255.255.255/47/0",
                                                    transform: "esp-aes esp-sha256-hmac (Tunnel)")])
        // The IPsec SA's lifetimes, as requested and as created.
        let lifetimes = Fixture.events("""
        *Jun 19 10:04:24.826: IPSEC(sa_request): ,
          (key eng. msg.) OUTBOUND local= 192.168.0.1:500, remote= 192.168.0.2:500,
            local_proxy= 192.168.0.1/255.255.255.255/47/0,
            remote_proxy= 192.168.0.2/255.255.255.255/47/0,
            protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
            lifedur= 3600s and 2560kb,
            spi= 0x0(0), conn_id= 0, keysize= 128, flags= 0x0
        *Jun 19 10:04:24.848: IPSEC(create_sa): sa created,
          (sa) sa_dest= 192.168.0.1, sa_proto= 50,
            sa_spi= 0xC4E5A1F3(3303383539),
            sa_trans= esp-aes esp-sha256-hmac , sa_conn_id= 1
            sa_lifetime(k/sec)= (4608000/3600)
        """).compactMap { e -> String? in
            guard case let .ipsecRequest(fn, _, _, _, _, _, seconds, kb) = e.kind else { return nil }
            return "\(fn) \(seconds ?? 0) \(kb ?? 0)"
        }
        #expect(lifetimes == ["sa_request 3600 2560", "create_sa 3600 4608000"])
    }

    @Test func setsPromptsPingOutputAndBlankLinesAsideAsNoise() {
        let d = Fixture.device(Array("""
        R1#ping 192.168.200.1 source lo0
        Type escape sequence to abort.
        Sending 5, 100-byte ICMP Echos to 192.168.200.1, timeout is 2 seconds:
        Packet sent with a source address of 192.168.100.1
        .!!!!

        Success rate is 80 percent (4/5), round-trip min/avg/max = 1/1/1 ms
        Hub-RTR(config)#ip route 192.168.3.0 255.255.255.0 203.0.113.30
        *Jun 19 10:04:24.826: ISAKMP:(0): SA request profile is profile2

        """.utf8))
        #expect(d.stats.lines == 9)
        #expect(d.stats.noise == 8)
        #expect(d.stats.unrecognized == 0)
        #expect(d.name == "R1")
    }

    /// A ping's summary stays console noise in the counts, and is an event of its own as well
    /// (whether the traffic got through); `debug nhrp`'s lines are NHRP's, a tunnel endpoint's
    /// NBMA address the fact kept.
    @Test func readsPingSummariesAndNHRPEndpoints() {
        let text = """
        SPOKE1#ping 10.20.2.1 source 10.20.1.1
        *Apr 11 14:20:05.311: NHRP: Send Resolution Request via Tunnel0 vrf 0, packet size: 72
        *Apr 11 14:20:05.311:  src: 172.16.0.11, dst: 10.20.2.1
        *Apr 11 14:20:05.327: NHRP: Adding Tunnel Endpoints (VPN: 172.16.0.12, NBMA: 198.51.100.30)
        !!!!!
        Success rate is 100 percent (5/5), round-trip min/avg/max = 28/30/36 ms

        """
        var events: [Event] = []
        let d = Fixture.device(Array(text.utf8), onEvent: { events.append($0) })
        #expect((d.stats.lines, d.stats.noise, d.stats.unrecognized) == (6, 3, 0))
        #expect(events.map { "\($0.facility) \($0.kind.name) \($0.firstLine)" }
                == ["nhrp other 2", "nhrp other 3", "nhrp nhrp-endpoint 4", "none ping-result 6"])
        #expect(events.map(\.kind).suffix(2) == [.nhrpEndpoint(vpn: "172.16.0.12", nbma: "198.51.100.30"), .pingResult(received: 5, sent: 5)])
    }

    /// A terminal of 100 columns: IKEv2's `Building packet for encryption.` (89 columns with its
    /// stamp) followed by the `Payload contents:` it prints, three times, is no word wrap that
    /// unlearns the width; a later identity cut at 100 columns is joined whole (it read
    /// `1 98.51.100.2`).
    @Test func aPacketBuiltForEncryptionIsNoWordWrap() {
        var cut: [String] = []
        for line in Fixture.sampleText("ikev2-dpd-dead-then-up-initiator").split(separator: "\n", omittingEmptySubsequences: false) {
            var rest = Substring(line)
            while rest.count > 100 { cut.append(String(rest.prefix(100))); rest = rest.dropFirst(100) }
            cut.append(String(rest))
        }
        let sas = Fixture.device(Array(cut.joined(separator: "\n").utf8)).sas
        #expect(sas.map { $0.peerIdentity ?? "-" } == ["198.51.100.2 (IPv4 address)", "198.51.100.2 (IPv4 address)"])
    }

    /// Two routers' captures one after the other: R1's ping summary, an event of R1's, is R1's
    /// line and R1's console noise (not a line of R2's, nor R2's noise); so are each router's
    /// prompts and blank lines: each counts the lines and the noise of its own file.
    @Test func aPingSummaryIsItsOwnRoutersNoise() {
        let r2 = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-success.log")), as: UTF8.self)
        let r1 = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log")), as: UTF8.self)
        let a = LogAnalyzer(file: "two.log")
        a.feed(Array((r2 + r1).utf8))
        #expect(a.finishAll().map { "\($0.name) \($0.stats.lines) \($0.stats.noise)" } == ["R2 198 17", "R1 196 24"])
    }

    @Test func countsLinesNobodyUnderstandsAndLosesNone() {
        var unrecognized: [Event] = []
        let d = Fixture.device(Array("""
        R1#
        dst             src             state          conn-id status
        192.168.0.2     192.168.0.1     QM_IDLE           1011 ACTIVE
        *Jun 19 10:04:24.826: SOMEOTHER: debug line
        *Jun 19 10:04:24.826: ISAKMP:(0): SA request profile is profile2

        """.utf8), onEvent: { if $0.kind == .unrecognized { unrecognized.append($0) } })
        #expect(d.stats.lines == 5)
        #expect(d.stats.unrecognized == 3)
        #expect(d.stats.recognized == 2)
        #expect(unrecognized.map(\.firstLine) == [2, 3, 4])
        #expect(unrecognized[0].text.hasPrefix("dst"))
    }

    @Test func treatsTheOutputOfATypedCommandAsConsoleNoise() {
        let d = Fixture.device(Array("""
        R1#show crypto isakmp sa
        dst             src             state          conn-id status
        192.168.0.2     192.168.0.1     QM_IDLE           1011 ACTIVE
        R1#
        orphan after a bare prompt

        """.utf8))
        #expect(d.stats.lines == 5)
        #expect(d.stats.noise == 4)
        #expect(d.stats.unrecognized == 1)
    }

    @Test func neverShowsAPreSharedKeyFromShowCryptoIsakmpKey() {
        var texts: [String] = []
        _ = Fixture.device(Array("""
        R1#
        Keyring      Hostname/Address          Preshared Key

        default      0.0.0.0 [0.0.0.0]          cisco3
        keyring1     192.168.0.0 [255.255.0.0]  cisco
         crypto isakmp key 0 supersecret address 1.2.3.4
          pre-shared-key address 192.168.0.2 key cisco2

        """.utf8), onEvent: { texts.append($0.text) })
        let all = texts.joined(separator: "\n")
        #expect(!all.contains("cisco3") && !all.contains("supersecret") && !all.contains("cisco2"))
        #expect(!all.contains(" cisco\n") && !all.hasSuffix(" cisco"))
        #expect(all.contains("*****"))
    }

    /// The same table with its columns apart by TABs (copied from a page or a wiki, as the
    /// seed document shows it), with and without its header, in every output: each row's key is
    /// masked, its keyring name kept.
    @Test func neverShowsAPreSharedKeyFromATabSeparatedKeyTable() {
        let rows = "default\t0.0.0.0\t[0.0.0.0]\tTabKey3\nkeyring1\t192.168.0.0\t[255.255.0.0]\tTabKey1\nkeyring2\t192.168.0.2\t\tTabKey2\n"
        let debug = Fixture.sampleText("r1-responder-keyring-mismatch")
        for table in ["Keyring\tHostname/Address\t\tPreshared Key\n" + rows, rows] {
            let log = debug.split(separator: "\n", omittingEmptySubsequences: false).prefix(30).joined(separator: "\n") + "\n" + table
                + debug.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(30).joined(separator: "\n")
            var texts: [String] = []
            _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text) })
            var report: [UInt8] = []
            JSONReport.write(Fixture.analyze(log)) { report.append(contentsOf: $0) }
            let all = texts.joined(separator: "\n") + String(decoding: report, as: UTF8.self)
            for secret in ["TabKey1", "TabKey2", "TabKey3"] { #expect(!all.contains(secret), "\(secret)") }
            #expect(texts.contains("keyring1\t192.168.0.0\t[255.255.0.0]\t*****"))
            #expect(texts.contains("keyring2\t192.168.0.2\t\t*****"))
        }
    }

    /// Configuration pasted right after a debug line joins it as wrapped text: its keys
    /// are masked there too, and a key table after a debug line is masked row by row.
    /// Routing protocols' keys pasted after debug lines (OSPF's `message-digest-key … md5 X` and
    /// `authentication-key X`, a bare `key X` of a server or key-chain block) are masked too,
    /// also where one line was joined onto another.
    @Test func neverShowsOtherConfigurationKeys() {
        let log = """
        *Nov 10 09:00:00.100: ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6
         ip ospf message-digest-key 1 md5 OspfSecret11
         key KeySecret22
        *Nov 10 09:00:00.200: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
        ip ospf authentication-key 7 AuthSecret33

        """
        var texts: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text) })
        var report: [UInt8] = []
        JSONReport.write(Fixture.analyze(log)) { report.append(contentsOf: $0) }
        let all = texts.joined(separator: "\n") + String(decoding: report, as: UTF8.self)
        for secret in ["OspfSecret11", "KeySecret22", "AuthSecret33"] { #expect(!all.contains(secret), "\(secret)") }
        #expect(all.contains("message-digest-key 1 md5 *****"))
    }

    /// `pre-shared-key local SECRET` cut inside `local` (`… pre-shared-key lo` / `cal SECRET`):
    /// the value after the side is masked.
    @Test func neverShowsAKeyWhoseSideWordWasCut() {
        let log = "00:01:11: ISAKMP (0:1): retransmitting phase 1 MM_SA_SETUP...  pre-shared-key lo\ncal SideSecret55\n"
            + "00:01:11: ISAKMP (0:1): incrementing error counter on sa: retransmit phase 1\n"
        var texts: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text) })
        #expect(!texts.joined().contains("SideSecret55"))
        #expect(texts.first?.hasSuffix("pre-shared-key local *****") == true)
    }

    /// A `show crypto isakmp key` row glued onto a debug line that a terminal wrapped, its key
    /// cut onto a line of its own: the key is masked.
    @Test func neverShowsAKeyOfARowGluedOntoAWrappedLine() {
        let log = "*Nov 13 16:40:02.517: ISAKMP (0): received packet from 192.0.2.1 dport 500 sport\n"
            + " 500 Global (N) NEW SA keyring1     192.168.0.2                                 \n"
            + "RowSecret44\n"
            + "*Nov 13 16:40:02.517: ISAKMP: Created a peer struct for 192.0.2.1, peer port 500\n"
        var texts: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text) })
        #expect(!texts.joined().contains("RowSecret44"))
        #expect(texts.count == 2)
    }

    @Test func neverShowsAKeyPastedAfterADebugLine() {
        var texts: [String] = []
        _ = Fixture.device(Array("""
        *Jun 19 12:28:44.270: ISAKMP:(1012):Key not found in keyrings of profile , aborting exchange
        crypto isakmp key SuperSecret123 address 0.0.0.0
         pre-shared-key address 10.0.0.1 key OtherSecret456
        *Jun 19 12:28:44.271: ISAKMP:(1012):Old State = IKE_R_MM5  New State = IKE_R_MM5
        Keyring      Hostname/Address          Preshared Key
        default      0.0.0.0 [0.0.0.0]          TableSecret789
        *Nov 18 20:31:38.261: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 65001 failed with host 198.51.100.77
        default      0.0.0.0        [0.0.0.0        ]            PaddedSecret1
        keyring1     10.1.0.0       [255.255.0.0    ]            PaddedSecret2

        """.utf8), onEvent: { texts.append($0.text) })
        let all = texts.joined(separator: "\n")
        #expect(!all.contains("SuperSecret123") && !all.contains("OtherSecret456") && !all.contains("TableSecret789"))
        // (Rows whose mask is padded inside its brackets to the column's width, after a message
        // with no header before them.)
        #expect(!all.contains("PaddedSecret"))
        #expect(all.contains("keyring1     10.1.0.0       [255.255.0.0    ]            *****"))
        #expect(all.contains("crypto isakmp key ***** address 0.0.0.0"))
        #expect(all.contains("Key not found in keyrings of profile"))
    }

    /// A configuration's key line pasted after a key-engine block, joined onto its last field:
    /// the field is masked as the event's text is, so the event's fields hold no key either.
    @Test func aKeyJoinedOntoAKeyEngineFieldIsNoFieldOfIt() {
        let events = Fixture.events("""
        *Feb 23 00:19:54.629: IPSEC(create_sa): sa created,
          (sa) sa_dest= 192.168.0.2, sa_proto= 50,
            sa_spi= 0x5A1F3C2B(1512979499),
            sa_trans= esp-aes esp-sha256-hmac , sa_conn_id= 2001
            sa_lifetime(k/sec)= (4608000/3600),
            local_proxy= 10.1.1.0/255.255.255.0/256/0,
            remote_proxy= 192.168.101.0/255.255.255.0/256/0
        crypto isakmp key 0 ZqJoined1 address 10.178.160.126 255.255.255.0
        *Feb 23 00:19:54.630: ISAKMP: (1001):Old State = IKE_QM_R_QM2  New State = IKE_QM_PHASE2_COMPLETE

        """)
        let all = events.map { "\($0.kind) \($0.text)" }.joined(separator: "\n")
        #expect(!all.contains("ZqJoined1"))
        #expect(all.contains("remoteProxy: Optional(\"192.168.101.0/255.255.255.0/256/0 crypto isakmp key 0 ***** address 10.178.160.126 255.255.255.0\")"))
    }

    /// Secrets that reach a log in other ways: glued onto a debug line by a prompt, logged
    /// as a typed command, as a key table's header glued on or its row alone, wrapped at 80.
    @Test func neverShowsAKeyGluedLoggedOrWrapped() {
        let psk = " pre-shared-key address 192.168.0.2 key " + String(repeating: "SECRETXYZ123", count: 6)
        let log = """
        *Jul 16 20:21:25.317: ISAKMP: reserved not zero on ID payload!crypto isakmp key GLUEDSECRET1 address 10.1.1.1
        *Jul 16 20:21:25.317: ISAKMP: reserved not zero on ID payload!R1(config)#crypto isakmp key GLUEDSECRET2 address 10.1.1.1
        *Jul 16 20:21:25.318: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:crypto isakmp key LOGGEDSECRET address 10.1.1.1
        <189>55: R1: crypto isakmp key SYSLOGSECRET address 10.1.1.1
        *Jul 16 20:21:25.319: ISAKMP: reserved not zero on ID payload!Keyring      Hostname/Address                            Preshared Key
        default      10.1.1.1                                    TABLESECRET1
        *Jul 16 20:21:25.320: ISAKMP: reserved not zero on ID payload!
        default      10.1.1.2                                    TABLESECRET2
        *Jul 16 20:21:25.321: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (N) NEW SA
        crypto keyring keyring1
        \(String(psk.prefix(80)))
        \(String(psk.dropFirst(80)))
        *Jul 16 20:21:25.322: ISAKMP:(0): authentication local pre-share key IKEV2SECRET
        username admin privilege 15 secret 9 USERSECRET
        *Jul 16 20:21:25.323: ISAKMP: reserved not zero on ID payload!
        username admin password 0 PASSWORDSECRET
        *Jul 16 20:21:25.323: username admin password 0 PASSWORDSECRET2
        crypto  isakmp  key  SPACEDSECRET  address 10.1.1.1
        *Jul 16 20:21:25.324: ISAKMP:(1004):Old State = IKE_R_MM5  New State = IKE_R_MM5pre-shared-key address 10.1.1.1 key GLUEDPSKSECRET
        *Jul 16 20:21:25.325: ISAKMP (1011): ID payloadkeyring1     192.168.0.2                                 ROWSECRET1
        \tnext-payload : 8
        *Oct 25 20:37:02.887: ISAKMP: (1003):      SA life type in seconds keyring1
        192.168.0.2                                 ROWSECRET2
        *Jun 19 10:04:24.826: keyring1     192.168.0.2                                 ROWSECRET3
        *Oct 25 20:37:02.887: ISAKMP-PAK: (1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE       CRYPTO ISAKMP KEY LABELSECRET ADDRESS 10.1.1.1
        *Jun 19 12:28:44.263: RADIUS:   Cisco AVpair       [1]   31  "ipsec:tunnel-password=AVPAIRSECRET"
        *Jun 19 12:28:44.267: AAA/AUTHOR/IKE: Processing AV tunnel-password=AAASECRET
        *Jun 19 12:29:00.002: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:key GROUPKEYSECRET
        *Jun 19 12:29:00.003: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:ip nhrp authentication NHRPSECRET
        R1(config-isakmp-group)#key PROMPTGROUPSECRET

        """
        var texts: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text + " " + String(describing: $0.kind)) })
        let all = texts.joined(separator: "\n")
        var fields = ""
        _ = Fixture.device(Array(log.utf8), onEvent: { fields += String(describing: $0.kind) })
        #expect(!fields.contains("SECRET"), "a field carries a secret: \(fields)")
        for secret in ["GLUEDSECRET", "LOGGEDSECRET", "SYSLOGSECRET", "TABLESECRET", "SECRETXYZ123", "ETXYZ123", "IKEV2SECRET", "USERSECRET",
                       "PASSWORDSECRET", "SPACEDSECRET", "GLUEDPSKSECRET", "ROWSECRET", "LABELSECRET",
                       // An EzVPN group's key from RADIUS (`debug radius`), typed, and DMVPN's NHRP password.
                       "AVPAIRSECRET", "AAASECRET", "GROUPKEYSECRET", "NHRPSECRET", "PROMPTGROUPSECRET",
] {
            #expect(!all.contains(secret), "\(secret) leaked")
        }
        #expect(all.contains("reserved not zero on ID payload!crypto isakmp key ***** address 10.1.1.1"))
        #expect(all.contains("logged command:crypto isakmp key ***** address 10.1.1.1"))
        #expect(all.contains(#""ipsec:tunnel-password=*****""#) && all.contains("logged command:ip nhrp authentication *****"))
        #expect(SecretMasker.mask(" ip nhrp authentication NHRPCFG") == " ip nhrp authentication *****")
        // The same through every report format.
        let analysis = Analysis.diagnose([Fixture.device(Array(log.utf8))])
        var json = ""
        JSONReport.write(analysis) { json += String(decoding: $0, as: UTF8.self) }
        var text = ""
        TextReport(color: false).render(analysis) { text += String(decoding: $0, as: UTF8.self) }
        #expect(!json.contains("SECRET") && !text.contains("SECRET"))
    }

    /// Words separated by tabs (a configuration pasted from a file or a ticket after a prompt):
    /// the secret is masked as with spaces.
    @Test func neverShowsAKeySeparatedByTabs() {
        let log = "R1#\ncrypto isakmp key\tTABKEYSECRET\taddress 192.168.0.9\nusername vpn password\tTABPASSWORDSECRET\n"
            + " pre-shared-key address 192.168.0.2 key\tTABPSKSECRET\nenable secret\tTABENABLESECRET\nkey\tTABALONESECRET\n"
            + "*Jun 19 12:29:00.003: ISAKMP:(1012):Old State = IKE_R_MM5  New State = IKE_R_MM5\n"
        var texts: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text) })
        #expect(texts == ["crypto isakmp key ***** address 192.168.0.9", "username vpn password *****",
                          "pre-shared-key address 192.168.0.2 key *****", "enable secret *****", "key *****",
                          "ISAKMP:(1012):Old State = IKE_R_MM5  New State = IKE_R_MM5"])
        // (A line with nothing to mask keeps its tabs.)
        #expect(SecretMasker.maskLog("next-payload\t: 8") == "next-payload\t: 8" && SecretMasker.mask("crypto\tmap") == "crypto\tmap")
    }

    /// Masking looks for configuration commands, not for the word "key": debug text that
    /// says it, wrapped anywhere, is read and shown as logged.
    @Test func debugTextThatSaysKeyIsNeitherMaskedNorMisread() {
        let lines = [
            "Nov 10 09:00:00 10.0.0.1 26: *Nov 14 07:42:18.306: ISAKMP-ERROR: (0):No pre-shared key with 198.51.100.20!",
            "*Jun 19 12:28:44.263: ISAKMP:(1012):Found ADDRESS key in keyring keyring1",
            "*Jun 19 12:28:44.263: ISAKMP:(0):found peer pre-shared key matching 192.168.0.2",
            "*Jun 19 12:28:44.270: ISAKMP:(1012):Key not found in keyrings of profile , aborting exchange",
        ]
        for line in lines {
            let whole = Fixture.events(line + "\n")
            #expect(whole.count == 1 && whole[0].text == String(line[line.range(of: "ISAKMP")!.lowerBound...]))
            for cut in stride(from: 60, to: line.count - 1, by: 1) where cut == 80 {
                let wrapped = Fixture.events(String(line.prefix(cut)) + "\n" + String(line.dropFirst(cut)) + "\n")
                #expect(wrapped.map(\.kind) == whole.map(\.kind) && wrapped.map(\.text) == whole.map(\.text), "cut at \(cut): \(line)")
            }
        }
        #expect(SecretMasker.maskLog("ISAKMP:(0): authentication local pre-share key cisco") == "ISAKMP:(0): authentication local pre-share key *****")
        #expect(SecretMasker.maskLog("snmp-server community public RO") == "snmp-server community ***** RO")
        #expect(SecretMasker.maskLog(" key 7 0822455D0A16") == " key 7 *****")
        #expect(SecretMasker.maskLog("ISAKMP:(0):Sending XAUTH password request") == "ISAKMP:(0):Sending XAUTH password request")
    }

    /// Thousands of lines of other output after a debug line do not become one record
    /// (nor take quadratic time): a few join it as wrapped text, the rest are unrecognized.
    @Test func otherOutputAfterADebugLineIsNotOneEndlessRecord() {
        var log = "*Nov 10 09:00:00.021: ISAKMP:(1001): processing SA payload. message ID = 0\n"
        for i in 0..<5000 { log += "some unrelated output line \(i) of a command\n" }
        for i in 0..<2000 { log += "    indented output line \(i) of another command, long enough to fill the record\n" }
        var records: [Int] = []
        let d = Fixture.device(Array(log.utf8), onEvent: { records.append($0.lastLine - $0.firstLine + 1) })
        #expect(d.stats.lines == 7001)
        #expect(records.first == 1 + RecordAssembler.maxSoftJoins)
        #expect(d.stats.unrecognized == 5000 - RecordAssembler.maxSoftJoins + 2000)
    }

    /// Evidence is a short text: an event keeps at most `maxDisplayBytes` of its line.
    @Test func anEventKeepsAShortTextOfAHugeLine() {
        let line = "ISAKMP:(1012):Key not found in keyrings of profile , aborting exchange " + String(repeating: "é", count: 3000)
        let e = Fixture.event(line)
        #expect(e.kind == .keyNotInProfileKeyrings)
        #expect(e.text.hasPrefix("ISAKMP:(1012):Key not found in keyrings of profile"))
        #expect(e.text.hasSuffix("…"))
        #expect(e.text.utf8.count <= Record.maxDisplayBytes + "…".utf8.count)
        #expect(!e.text.contains("\u{FFFD}"))
    }

    @Test func toleratesPingDotsInsideAStateLine() {
        #expect(Fixture.event("ISAKMP:(0):Old State = .IKE_I_MM2  New State = IKE_I_MM3").kind == .stateChange(from: "IKE_I_MM2", to: "IKE_I_MM3"))
        #expect(Fixture.event("*Oct 25 18:51:49.100: ISAKMP: (1001):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE.....").kind
                == .stateChange(from: "IKE_QM_I_QM1", to: "IKE_QM_PHASE2_COMPLETE"))
    }

    @Test func neverCrashesAndAccountsForEveryLineOnArbitraryBytes() {
        var rng = SplitMix64(seed: 99)
        // (Lone-CR files are a decoded encoding of their own: see EncodingTests.)
        let alphabet = Array("ISAKMP:(0) *Jun 19 10:04:24.826: \t\n#.!%-()0123456789abcXYZ".utf8) + [0, 0xFF, 0xC3, 0x80, 0xE2]
        for _ in 0..<40 {
            let n = Int(rng.next() % 3000)
            let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let d = Fixture.device(bytes, chunking: .random(seed: rng.next()))
            let newlines = bytes.filter { $0 == 0x0A }.count
            let expectedLines = newlines + (bytes.last == 0x0A || bytes.isEmpty ? 0 : 1)
            #expect(d.stats.lines == expectedLines)
            #expect(d.stats.recognized + d.stats.unrecognized == d.stats.lines)
            #expect(d.stats.unrecognized >= 0 && d.stats.noise <= d.stats.recognized)
        }
    }

    @Test func countsInvalidUTF8AndNulLines() {
        var bytes = Array("ISAKMP:(0): SA request profile is p\u{e9}\n".utf8)
        bytes += [0x49, 0x53, 0xFF, 0xFE, 0x0A, 0x00, 0x00, 0x0A]
        let d = Fixture.device(bytes)
        #expect(d.stats.invalidUTF8 == 1)
        #expect(d.stats.nul == 1)
        #expect(d.stats.lines == 3)
    }

    /// Plain-ASCII chunks skip the per-line check; a bad byte in an earlier
    /// chunk of the same line must still count, however the input is cut.
    @Test(arguments: [Fixture.Chunking.whole, .bytewise, .random(seed: 3), .random(seed: 11)])
    func countsBadBytesWhateverTheChunking(_ chunking: Fixture.Chunking) {
        var bytes: [UInt8] = []
        for i in 0..<40 {
            bytes += Array("*Nov 10 09:00:00.006: ISAKMP:(0): line \(i) plain text here\n".utf8)
            if i % 7 == 3 { bytes += Array("*Nov 10 09:00:00.006: ISAKMP:(0): bad ".utf8) + [0xC3] + Array(" byte then plain\n".utf8) }
            if i % 9 == 4 { bytes += Array("*Nov 10 09:00:00.006: ISAKMP:(0): a NUL ".utf8) + [0x00] + Array(" here\n".utf8) }
        }
        let d = Fixture.device(bytes, chunking: chunking)
        #expect(d.stats.invalidUTF8 == 6)
        #expect(d.stats.nul == 4)
        #expect(d.stats.lines == 50)
    }
}

/// Every sample log, damaged at random the ways real logs are: never a crash,
/// every line accounted for.
@Suite struct DamageTests {
    static func damage(_ text: String, seed: UInt64) -> String {
        var rng = SplitMix64(seed: seed)
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let r = rng.next() % 100
            switch r {
            case 0..<3: continue                                   // lost line
            case 3..<8:                                            // wrapped at a random width
                var rest = Substring(line)
                let w = 40 + Int(rng.next() % 60)
                while rest.count > w { out.append(String(rest.prefix(w))); rest = rest.dropFirst(w) }
                out.append(String(rest))
            case 8..<10: out.append("R1#"); out.append(String(line))  // prompt between lines
            case 10..<12: out.append(String(line) + ".!!!!")          // ping output glued on
            case 12..<13: out.append(String(line.prefix(line.count / 2)))  // cut short
            case 13..<14: out.append(String(line) + "\r")
            default: out.append(String(line))
            }
        }
        return out.joined(separator: "\n")
    }

    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func survivesRandomDamage(_ name: String) {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), as: UTF8.self)
        for seed in 1...4 as ClosedRange<UInt64> {
            let damaged = Self.damage(text, seed: seed)
            let analysis = Fixture.analyze(damaged, chunking: .random(seed: seed))
            let s = analysis.devices[0].stats
            #expect(s.recognized + s.unrecognized == s.lines)
            let newlines = damaged.utf8.filter { $0 == 0x0A }.count
            #expect(s.lines == newlines + (damaged.utf8.last == 0x0A || damaged.isEmpty ? 0 : 1))
            #expect(analysis.findings.allSatisfy { !$0.summary.isEmpty && !$0.evidence.isEmpty || $0.severity != .error })
        }
    }
}

extension DamageTests {
    /// The findings with their severities (a failure recovered is a warning, not an error), and
    /// what each SA came to (without line numbers, which damage moves).
    static func findings(_ text: String) -> [String] { findings(bytes: Array(text.utf8)) }

    static func findings(bytes: [UInt8]) -> [String] {
        let analysis = Analysis.diagnose([Fixture.device(bytes)])
        return analysis.findings.map(line).sorted() + analysis.devices.flatMap(\.sas).map(summary)
    }

    /// A finding as `findings` lists it: its SA's number, its id and its severity.
    static func line(_ f: Finding) -> String { "\(f.saNumber ?? 0) \(f.id) \(f.severity)" }

    /// What an SA came to (see `findings`).
    static func summary(_ sa: SecurityAssociation) -> String {
        "\(sa.number) \(sa.peer ?? "-") \(sa.role.map { "\($0)" } ?? "-") \(sa.phase1) \(sa.state ?? "-") "
            + "\(sa.matchedProfile ?? "-") \(sa.keyKeyring ?? "-") \(sa.profileKeyring ?? "-") \(sa.peerIdentity ?? "-") "
            + sa.states.map { "\($0.from)>\($0.to)" }.joined(separator: ",") + " "
            + sa.quickModes.map { "\($0.result) \($0.localProxy ?? "-") \($0.remoteProxy ?? "-") \($0.transform ?? "-")" }.joined(separator: ",")
    }

    /// `findings` for each device the files hold, by the device's name, the files analysed together.
    static func findingsByDevice(_ files: [(name: String, bytes: [UInt8])], chunking: Fixture.Chunking = .whole) -> [String: [String]] {
        let devices = files.flatMap { f in
            let a = LogAnalyzer(file: f.name)
            Fixture.feed(a, f.bytes, chunking: chunking)
            return a.finishAll()
        }
        let analysis = Analysis.diagnose(devices)
        var out: [String: [String]] = [:]
        for d in analysis.devices {
            out[d.name, default: []] += analysis.findings.filter { $0.device == d.name }.map(line).sorted()
                + d.sas.map(summary)
        }
        return out
    }

    /// Two routers' logs in one syslog server's file, their lines interleaved one by one
    /// (`Dec  4 10:00:07 10.0.0.2 8: …`). Each router's packet dumps, whose lines name no message
    /// of their own (`Payload contents:`, ` VID IDr AUTH NOTIFY(NO_PROPOSAL_CHOSEN)`), are its own
    /// again after the other's line (before: read as unrecognized text with the relay's header in
    /// it; child SAs refused by the peer, a peer found dead, a role were lost). A router's record
    /// parked while the other's was held, then parked again by its next message, is handed on,
    /// not overwritten (before: `SA request profile is profile1` was lost without a count, and
    /// the SA's profile with it). A router's first lines, its console's before its first message,
    /// are its own by the relay's number after its name (before: unrecognized, the relay's header
    /// in them, and a quick mode lost). Each device gives what its lines give alone.
    @Test(arguments: [("ikev2-child-no-proposal-chosen-initiator", "ikev2-child-rekey-pfs-initiator"),
                      ("ikev2-dpd-dead-then-up-initiator", "ikev2-init-no-proposal-chosen-initiator"),
                      ("ikev2-rekey-unanswered-recovered", "ikev2-success-initiator"),
                      ("ikev2-cert-chain-failed-responder", "ikev2-child-no-proposal-chosen-initiator"),
                      ("p1-proposal-mismatch-responder", "p1-proposal-refused-initiator"),
                      ("qm-deleted-by-peer-initiator", "qm-invalid-id-info-initiator"),
                      ("ikev2-invalid-ke-retry-responder", "ikev2-no-psk-responder"),
                      ("ipsec-only-success", "lifetime-mismatch-initiator")])
    func twoRoutersInOneSyslogFileKeepEachRoutersRecords(_ first: String, _ second: String) {
        func relayed(_ name: String, host: String) -> [String] {
            Fixture.sampleText(name).split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.enumerated().map {
                "Dec  4 10:\(String(format: "%02d", $0.offset / 60 % 60)):\(String(format: "%02d", $0.offset % 60)) \(host) \($0.offset + 1): \($0.element)"
            }
        }
        func byDevice(_ lines: [String]) -> [String: [String]] {
            Self.findingsByDevice([(name: "syslog.log", bytes: Array((lines.joined(separator: "\n") + "\n").utf8))])
        }
        let a = relayed(first, host: "10.0.0.1"), b = relayed(second, host: "10.0.0.2")
        var expected = byDevice(a)
        expected.merge(byDevice(b)) { x, _ in x }
        #expect(expected.count == 2)
        var mixed: [String] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            // (In proportion: the two logs end together.)
            if j >= b.count || i < a.count && i * b.count <= j * a.count { mixed.append(a[i]); i += 1 } else { mixed.append(b[j]); j += 1 }
        }
        #expect(byDevice(mixed) == expected)
    }

    /// Damage that loses nothing: every sample gives the same findings when a syslog message
    /// is printed inside each IKEv2 packet dump, or when a syslog relay's prefix (on each
    /// message: its time-stamped first line) makes the lines long and a terminal then wraps
    /// them at 80 columns.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly })
    func benignDamageKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        var interleaved: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            interleaved.append(String(line))
            if line.contains("Packet [") {
                interleaved.append("*Nov 15 16:05:40.482: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up")
            }
        }
        #expect(Self.findings(interleaved.joined(separator: "\n")) == expected, "syslog line inside packet dumps")
        // (An Enter pressed at the console there: a bare prompt between a packet's line and its dump.)
        let prompted = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { l -> [Substring] in l.contains("Packet [") ? [l, "R1#"] : [l] }
        #expect(Self.findings(prompted.joined(separator: "\n")) == expected, "a bare prompt inside packet dumps")
        // (`show clock` typed there, and before a message every 40 lines or so: its answer's time
        // is no stamp of the log's.)
        let clock: [Substring] = ["R1#", "R1#show clock", "*10:00:01.123 UTC Thu Dec 3 2026", "R1#", ".09:59:58 CET Wed Dec 2 2026", "R1#"]
        var since = 0
        let clocked = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { l -> [Substring] in
            since += 1
            if l.hasPrefix("Initiator SPI") { return [l] + clock }
            if since >= 40, l.first == "*" { since = 0; return clock + [l] }
            return [l]
        }
        #expect(Self.findings(clocked.joined(separator: "\n")) == expected, "show clock typed between debug lines")
        var wrapped: [String] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var rest = line.first != "*" ? Substring(line) : Substring("Nov 10 09:00:00 10.0.0.1 \(n + 1): " + line)
            while rest.count > 80 { wrapped.append(String(rest.prefix(80))); rest = rest.dropFirst(80) }
            wrapped.append(String(rest))
        }
        #expect(Self.findings(wrapped.joined(separator: "\n")) == expected, "syslog prefix, wrapped at 80")
        // A long host name: the cut at 80 columns falls inside the router's stamp after the
        // relay's header (`… 1001: *Jul` / ` 16 20:22:15.320: ISAKMP…`), at each of its columns;
        // its rest (`51:04.992: %DUAL…`) is not grep's line number either. (The relay names a
        // device apart from the prompts' router: the findings of all devices are compared.)
        func allFindings(_ log: String) -> [String] {
            let a = Analysis.diagnose(SplitLineTests.devices(log))
            return a.findings.map { "\($0.id) \($0.peer ?? "-")" }.sorted()
                + a.devices.flatMap(\.sas).map { "\($0.peer ?? "-") \($0.phase1) " + $0.quickModes.map { "\($0.result)" }.joined(separator: ",") }.sorted()
        }
        let all = allFindings(text)
        for header in ["Nov 10 09:00:41 ", "2025-11-10T09:00:41.037037+01:00 "] {
            for cut in 1...20 {
                // (The stamp starts `cut` columns before the 80th: header, host, ` 1001: `.)
                let host = String(repeating: "vpn-hub-01.example.com-", count: 3).prefix(80 - cut - 7 - header.count - 1) + "x"
                var lines: [String] = []
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let full = line.first != "*" ? Substring(line) : Substring(header + host + " \(1000 + n): " + line)
                    lines += SplitLineTests.pieces(full)
                }
                #expect(allFindings(lines.joined(separator: "\n")) == all, "\(header)\(host): stamp cut \(cut) columns in")
            }
        }
        // A terminal of another width than 80 or 132 columns: learned from the log. (Not a log
        // a terminal already cut at 80 columns: two widths at once is no terminal's doing.)
        for width in [64, 72, 100] where !name.hasSuffix("-wrapped") {
            var cut: [String] = []
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                var rest = Substring(line)
                while rest.count > width { cut.append(String(rest.prefix(width))); rest = rest.dropFirst(width) }
                cut.append(String(rest))
            }
            #expect(Self.findings(cut.joined(separator: "\n")) == expected, "wrapped at \(width) columns")
        }
        // A syslog server's file (rsyslog): a message's later lines are on its line, as `#012`.
        var escaped: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            // (A router's prompt is no syslog message: it is on a line of its own; so is a ping's
            // output on the console, which no syslog server is sent.)
            let prompt = line.prefix { $0.isLetter || $0.isNumber }.count > 0 && line.drop { $0.isLetter || $0.isNumber }.first == "#"
            let console = line.hasPrefix("!!!") || line.hasPrefix("Success rate is")
            if line.first == "*" || escaped.isEmpty || prompt || console {
                escaped.append("Nov 10 09:00:00 10.0.0.1 \(escaped.count + 1): " + line)
            } else {
                escaped[escaped.count - 1] += "#012" + line.replacingOccurrences(of: "\t", with: "#011")
            }
        }
        if escaped.count > 1, text.contains("\n*") {
            #expect(Self.findings(escaped.joined(separator: "\n")) == expected, "rsyslog #012 escapes")
        }
        // A relay that gives every line a header, an IKEv2 packet dump's lines and the rest of
        // a line a terminal wrapped included.
        let relayed = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.element.isEmpty ? "" : "<189>\($0.offset + 1): R1: " + $0.element }
        #expect(Self.findings(relayed.joined(separator: "\n")) == expected, "relay header on every line")
        // … the first line without it.
        let firstBare = [String(text.prefix { $0 != "\n" })] + relayed.dropFirst()
        #expect(Self.findings(firstBare.joined(separator: "\n")) == expected, "relay header on every line but the first")
        // A terminal wrapped the lines at 80 columns, then a relay gave each piece a header.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for header in [{ (n: Int) in "<189>\(n): R1: " }, { n in "Nov 10 09:00:00 10.0.0.1 \(n): " }] {
            var n = 0
            let pieces = lines.flatMap { $0.isEmpty ? [""] : SplitLineTests.pieces($0).map { n += 1; return header(n) + $0 } }
            #expect(Self.findings(pieces.joined(separator: "\n")) == expected, "relay header on every piece of a wrapped line")
        }
        // Another message between a line wrapped at 80 columns and its rest.
        let interrupted = lines.flatMap { l -> [String] in
            let p = SplitLineTests.pieces(l)
            return p.count == 1 ? p : [p[0], "*Nov 15 16:05:40.482: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up"] + p.dropFirst()
        }
        #expect(Self.findings(interrupted.joined(separator: "\n")) == expected, "a message between a wrapped line and its rest")
        // A terminal program's stamp on each piece of a line wrapped at 80 columns; a mail's quote
        // marks on every line; no-break spaces for double spaces.
        let stamped = lines.flatMap { $0.isEmpty ? [""] : SplitLineTests.pieces($0).map { "[2026-11-10 09:00:00] " + $0 } }
        #expect(Self.findings(stamped.joined(separator: "\n")) == expected, "a program's stamp on every piece of a wrapped line")
        let quoted = lines.flatMap { SplitLineTests.pieces($0).map { "> " + $0 } }
        #expect(Self.findings(quoted.joined(separator: "\n")) == expected, "a mail's quote marks")
        #expect(Self.findings(text.replacingOccurrences(of: "  ", with: " \u{A0}")) == expected, "no-break spaces")
        // `\n\r` line ends; markdown's escaped star; grep's line numbers, file names, both, and its
        // context lines (`-`) and group separators (`--`).
        #expect(Self.findings(text.replacingOccurrences(of: "\n", with: "\n\r")) == expected, "LF CR line ends")
        #expect(Self.findings(text.replacingOccurrences(of: "\n*", with: "\n\\*")) == expected, "markdown's escaped star")
        let markdown = ["_", "*", "#", "[", "]", "<", ">"].reduce(text) { $0.replacingOccurrences(of: $1, with: "\\" + $1) }
        #expect(Self.findings(markdown) == expected, "markdown's escapes (a note-taking tool)")
        let numbered = lines.enumerated().map { "\($0.offset + 1):" + $0.element }
        #expect(Self.findings(numbered.joined(separator: "\n")) == expected, "grep -n")
        #expect(Self.findings(lines.map { "logs/r1.log:" + $0 }.joined(separator: "\n")) == expected, "grep -H")
        let context = lines.enumerated().map { "r1.log" + ($0.offset % 3 == 0 ? ":" : "-") + "\($0.offset + 1)" + ($0.offset % 3 == 0 ? ":" : "-") + $0.element }
        #expect(Self.findings(context.joined(separator: "\n") + "\n--") == expected, "grep -Hn -C")
        // Listed newest first, as a log store shows and exports it; a CSV export of it, header
        // row on top.
        let events = Self.logStoreEvents(text)
        let newestFirst = events.reversed().flatMap { $0 }
        #expect(Self.findings(newestFirst.joined(separator: "\n")) == expected, "newest first")
        let csvNewestFirst = ["\"_raw\",\"_time\",\"host\""] + events.reversed().map { e in
            "\"" + e.joined(separator: "\n").replacingOccurrences(of: "\"", with: "\"\"") + "\",\"2024-07-16T20:21:25.000+0000\",\"r1\""
        }.filter { !$0.contains("\n") }
        if events.allSatisfy({ $0.count == 1 }) {
            #expect(Self.findings(csvNewestFirst.joined(separator: "\n")) == expected, "a CSV export newest first")
        }
        // Two syslog servers' files merged by time (`sort -m`): each second's numbered messages
        // once from each server, one block after the other.
        var blocks: [(String, [String])] = []
        var second = "00:00:00"
        for (n, l) in lines.enumerated() where !l.isEmpty {
            if let m = l.firstMatch(of: /\*?[A-Z][a-z]{2} +\d+ (\d\d:\d\d:\d\d)/) { second = String(m.1) }
            let relayed = "Nov 10 \(second) 10.0.0.1 \(n + 1): " + l
            if blocks.last?.0 == second { blocks[blocks.count - 1].1.append(relayed) } else { blocks.append((second, [relayed])) }
        }
        let single = blocks.flatMap(\.1).joined(separator: "\n")
        let merged = blocks.flatMap { $0.1 + $0.1 }.joined(separator: "\n")
        #expect(Self.findings(merged) == Self.findings(single), "two syslog servers' files merged by time")
        // A page's source or an HTML mail: `&nbsp;` for double spaces, quotes and brackets escaped
        // (some twice over).
        let html = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        #expect(Self.findings(html.replacingOccurrences(of: "  ", with: " &nbsp;")) == expected, "HTML entities")
        #expect(Self.findings(html.replacingOccurrences(of: "  ", with: " &amp;nbsp;")) == expected, "HTML entities escaped twice")
        // (Numeric ones, hex as a page's tool writes an apostrophe, `&#x27;`, or decimal.)
        let numeric = text.replacingOccurrences(of: "&", with: "&#38;").replacingOccurrences(of: "'", with: "&#x27;")
            .replacingOccurrences(of: "\"", with: "&#X22;").replacingOccurrences(of: "<", with: "&#60;").replacingOccurrences(of: ">", with: "&#x3e;")
        #expect(Self.findings(numeric.replacingOccurrences(of: "  ", with: " &#xA0;")) == expected, "numeric HTML entities")
        #expect(Self.findings(text.replacingOccurrences(of: " ", with: "\t")) == expected, "tabs for spaces")
        // Pasted as an indented block (markdown's four spaces), the lines a terminal wrapped included.
        let block = lines.map { $0.isEmpty ? "" : "    " + $0 }
        #expect(Self.findings(block.joined(separator: "\n")) == expected, "an indented block")
        // Every message twice, as a syslog server that got it through two relays writes it.
        var seq = 0
        let copies = lines.flatMap { l -> [String] in
            guard l.first == "*" else { return [String(l)] }
            seq += 1
            return ["Nov 10 09:00:00 10.0.0.1 \(seq): " + l, "Nov 10 09:00:02 10.0.0.1 \(seq): " + l]
        }
        #expect(Self.findings(copies.joined(separator: "\n")) == expected, "every message twice")
        // A Splunk search exported as CSV: each line is the first field of a row, quoted.
        let csv = ["\"_raw\",\"_time\",\"host\""] + lines.filter { !$0.isEmpty }
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\",\"2024-07-16T20:21:25.000+0000\",\"r1\"" }
        #expect(Self.findings(csv.joined(separator: "\n")) == expected, "a CSV export")
        // Oldest first, a message's unstamped lines in its own field (the log store merged them
        // into its event), rows ended by CRLF; and such rows without their header.
        let mergedRows = events.map { e in "\"" + e.joined(separator: "\n").replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let splunk = ["\"_raw\",\"_time\",\"host\""] + mergedRows.map { $0 + ",\"2024-07-16T20:21:25.000+0000\",\"r1\"" }
        #expect(Self.findings(splunk.joined(separator: "\r\n") + "\r\n") == expected, "a CSV export, fields over lines")
        let headless = mergedRows.map { "\"2024-07-16T20:21:25.000Z\",\"r1\"," + $0 }
        #expect(Self.findings(headless.joined(separator: "\n")) == expected, "CSV rows over lines without their header")
        // Graylog's and Kibana's CSV exports: the line in the last column, named by the header row
        // (quoted or not, a field quoted only when it holds a comma or a quote).
        func quote(_ s: Substring) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let graylog = ["\"timestamp\",\"source\",\"message\""] + lines.filter { !$0.isEmpty }
            .map { "\"2024-07-16T20:21:25.000Z\",\"r1\"," + quote($0) }
        #expect(Self.findings(graylog.joined(separator: "\n")) == expected, "a CSV export with the line last")
        let kibana = ["@timestamp,host.name,message"] + lines.filter { !$0.isEmpty }
            .map { "\"Jul 16, 2024 @ 20:21:25.000\",r1," + ($0.contains(",") || $0.contains("\"") ? quote($0) : String($0)) }
        #expect(Self.findings(kibana.joined(separator: "\n")) == expected, "a CSV export with an unquoted header")
        // Rows pasted without their header: a stamp first, then the line.
        let bare = lines.filter { !$0.isEmpty }.map { "\"2024-07-16T20:21:25.000Z\",\"r1\"," + quote($0) }
        #expect(Self.findings(bare.joined(separator: "\n")) == expected, "CSV rows without their header")
    }

    /// A terminal of another width than 80 columns, wider (a Windows console's 120, a resized
    /// window's 109) or narrower (64, 72): the width is learned from the log, at its first cut
    /// (`… (peer 203.0.113.9` / `9)` was a phantom SA and an ERROR, `IKE_QM_PHASE2_COMPLET` /
    /// `E` a quick mode "incomplete", `… (I) MM_KEY_E` / `XCH` went to the 80-column state line
    /// before it), and every sample gives the findings and SAs of the log as printed. (Not the
    /// syslog server's file: its `Crypto tunnel is UP  .  Peer` cut after `P` is masked as a
    /// key table's row, and its relay's stamp cut in its zone, `… 06:19:55.123 U` / `TC: %…`, is
    /// read as no stamp: two other problems.)
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly && !$0.hasSuffix("-wrapped") })
    func aTerminalOfAnyWidthIsLearned(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for width in [62, 64, 66, 70, 72, 79, 84, 88, 93, 100, 104, 109, 113, 116, 120, 124, 127, 132, 140, 148, 160, 175, 200] {
            let cut = lines.flatMap { SplitLineTests.pieces($0, width: width) }
            #expect(Self.findings(cut.joined(separator: "\n")) == expected, "wrapped at \(width) columns")
        }
    }

    /// `text` as a mail client word-wraps it at `width` columns (Outlook's 76, Gmail's 78,
    /// Thunderbird's 72), `quote` in front of each line: a longer line breaks at its last blank
    /// that fits, the blanks there dropped (a word longer than the width is cut at it).
    static func wordWrapped(_ text: String, at width: Int, quote: String = "") -> String {
        let w = width - quote.count
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            var out: [String] = []
            var rest = Substring(line)
            while rest.count > w {
                let chars = Array(rest)
                // (A blank after the line's first word: not its indentation.)
                var k = w
                while k > 0, !(chars[k] == " " && chars[..<k].contains { $0 != " " }) { k -= 1 }
                if k == 0 {
                    out.append(String(chars[..<w]))
                    rest = rest.dropFirst(w)
                } else {
                    var e = k
                    while e > 0, chars[e - 1] == " " { e -= 1 }
                    out.append(String(chars[..<e]))
                    rest = rest.dropFirst(k).drop { $0 == " " }
                }
            }
            out.append(String(rest))
            return out.map { quote + $0 }
        }.joined(separator: "\n")
    }

    /// A log mailed and word-wrapped (at 76 or 78 columns, Outlook's and Gmail's, quoted or not)
    /// is no terminal's cut: `show logging | include CRYPTO`, whose messages all broke at column
    /// 75 as a terminal of 75 columns would cut them, broke between a number and a word IOS never
    /// writes together (`Authentication method 65001` / `failed`): the words keep their blank
    /// (before: `Aggressivemode`, `65001failed`, a false `unexplained-failure`); nor is a first
    /// break at 72 columns, a terminal's usual width, between a word and a name in capitals
    /// (`profile keyring` / `IKEV2-KEYRING`: the keyring was lost). Every sample gives its
    /// findings and SAs. (Not wrapped at 72 columns: a terminal's usual width too.)
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && !$0.hasSuffix("-wrapped") })
    func aMailsWordWrapIsNoTerminalWidth(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        for width in [76, 78] {
            for quote in ["", "> "] {
                #expect(Self.findings(Self.wordWrapped(text, at: width, quote: quote)) == expected, "word-wrapped at \(width) columns, quoted with '\(quote)'")
            }
        }
    }

    /// A log a terminal of 64, 72 or 100 columns cut (tokens split, blanks kept), then quoted in a
    /// mail's reply, once or twice (`> `, `>> `, `> > ` before every piece): each line is measured
    /// without its quote marks, so the terminal's width is learned as it is unquoted (before: 7 to
    /// 15 samples of 70 lost or changed a finding, `Checking NAT dis covery`; 80 columns, a width
    /// known beforehand, read).
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && !$0.hasSuffix("-wrapped") })
    func aTerminalsCutQuotedInAMailIsRejoined(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        for width in [64, 72, 100] {
            for quote in ["> ", ">> ", "> > "] {
                let cut = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
                    let b = Array(line.utf8)
                    guard b.count > width else { return [quote + String(line)] }
                    return stride(from: 0, to: b.count, by: width).map { quote + String(decoding: b[$0..<min(b.count, $0 + width)], as: UTF8.self) }
                }
                #expect(Self.findings(cut.joined(separator: "\n")) == expected, "cut at \(width) columns, quoted with '\(quote)'")
            }
        }
    }

    /// A page's word wrap near 72 columns (a TAC document copied as it was shown), whose first
    /// break kept its blank (`…SM Trace-> SA: ` / `I_SPI=…`, 71 columns) and whose next, longer, line
    /// broke between two words (`…Searching policy` / `based on …`, 72): no terminal of 72
    /// columns, the words keep their blank (before: `policybased`, the peer's identity lost).
    @Test func aWordWrapNearAUsualWidthIsNoTerminalsCut() {
        let log = [
            "Mar  4 10:12:30.101: IKEv2:(SESSION ID = 172,SA ID = 1):SM Trace-> SA: ",
            "I_SPI=0A1B2C3D4E5F6071 R_SPI=8192A3B4C5D6E7F8 (R) MsgID = 1 CurState:",
            "R_WAIT_AUTH Event: EV_GET_POLICY_BY_PEERID",
            "Mar  4 10:12:30.101: IKEv2:(SESSION ID = 172,SA ID = 1):Searching policy",
            "based on peer's identity 'hostname=vpn.example.org' of type 'DER ASN1 DN'",
            "Mar  4 10:12:30.102: IKEv2:%Profile could not be found by peer certificate.",
        ].joined(separator: "\n") + "\n"
        let events = Fixture.events(log)
        #expect(events.map(\.text).contains("IKEv2:(SESSION ID = 172,SA ID = 1):Searching policy based on peer's identity 'hostname=vpn.example.org' of type 'DER ASN1 DN'"))
        #expect(events.contains { $0.kind == .v2IdentitySearch(identity: "hostname=vpn.example.org", type: "DER ASN1 DN") })
    }

    /// A log pasted into a chat (Slack): the time it shows between messages (`10:33`, `10:33 AM`),
    /// its header, `Edited`, a reaction's count, after a line exactly 80 columns long that ends in
    /// an address (`… found peer pre-shared key matching 203.0.113.99`), right after it or after
    /// the message that follows, is no rest of a cut line (before: a phantom SA with peer
    /// `203.0.113.9910:33`, or the line's peer lost).
    @Test func aChatsTimeIsNoRestOfACutLine() {
        let text = Fixture.sampleText("peer-unreachable-initiator")
        let expected = Self.findings(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = lines.firstIndex { $0.count == 80 && $0.hasSuffix("matching 203.0.113.99") }
        #expect(at != nil)
        guard let at else { return }
        for chat in ["10:33", "10:33 AM", "Jane Doe  10:32 AM", "[10:32 AM] Jane Doe", "Edited", "12"] {
            for after in [1, 2] {
                var pasted = lines
                pasted.insert(chat, at: at + after)
                #expect(Self.findings(pasted.joined(separator: "\n")) == expected, "'\(chat)' \(after) line(s) after it")
            }
        }
    }

    /// A syslog relay's long header puts a terminal's cut inside the router's stamp of every
    /// message (`… 1001: *Jul` / ` 16 20:22:15.320: ISAKMP…`) at a width no cut taught yet (64,
    /// 72 columns): each piece waits for its rest as at 80 columns (before: read alone, the
    /// message after it without its stamp). Every message cut alike before a message inside it
    /// (`… QFP:0.0 Thread` / `:000 TS:0000006118… %IPSEC-3-HMAC_ERROR: …`) is no tool's prefix
    /// on every line (before: learned as one, the HMAC error without its peer).
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly && !$0.hasSuffix("-wrapped") })
    func aStampCutAtAnotherWidthWaitsForItsRest(_ name: String) {
        let text = Fixture.sampleText(name)
        func allFindings(_ log: String) -> [String] {
            let a = Analysis.diagnose(SplitLineTests.devices(log))
            return a.findings.map { "\($0.id) \($0.peer ?? "-")" }.sorted()
                + a.devices.flatMap(\.sas).map { "\($0.peer ?? "-") \($0.phase1) " + $0.quickModes.map { "\($0.result)" }.joined(separator: ",") }.sorted()
        }
        let all = allFindings(text)
        for width in [64, 72] {
            for cut in [1, 5, 9, 13] {
                let header = "Nov 10 09:00:41 "
                let host = String(repeating: "vpn-hub-01.example.com-", count: 3).prefix(width - cut - 7 - header.count - 1) + "x"
                var lines: [String] = []
                for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let full = line.first != "*" ? Substring(line) : Substring(header + host + " \(1000 + n): " + line)
                    lines += SplitLineTests.pieces(full, width: width)
                }
                #expect(allFindings(lines.joined(separator: "\n")) == all, "\(width) columns, the stamp cut \(cut) columns in")
            }
        }
    }

    /// grep's prefixes are told from what starts log lines: uptime and sequence numbers, a
    /// relay's host, addresses, a plain message.
    @Test func grepPrefixesAreToldFromLogLines() throws {
        func detect(_ s: String) -> GrepPrefix? { Array(s.utf8).withUnsafeBufferPointer { GrepPrefix.detect($0) } }
        #expect(detect("6:00:42:09: ISAKMP (0:0): received packet from 10.1.1.1 dport 500 sport 500 Global (N) NEW SA")
                == GrepPrefix(named: false, numbered: true))
        #expect(detect("12:R2#debug crypto isakmp") == GrepPrefix(named: false, numbered: true))
        #expect(detect("1-R1#debug crypto isakmp") == GrepPrefix(named: false, numbered: true))
        #expect(detect("router1.log:*Jun 19 12:28:44.249: ISAKMP:(0): SA request profile is profile1")
                == GrepPrefix(named: true, numbered: false))
        #expect(detect("logs/r1.log:57:*Jun 19 12:28:44.249: ISAKMP:(0): SA request profile is profile1")
                == GrepPrefix(named: true, numbered: true))
        #expect(detect("my-logs/hub-1.log-3-R1#debug crypto isakmp") == GrepPrefix(named: true, numbered: true))
        // (The router's sequence number after grep's file name is no line number of grep's.)
        #expect(detect("r1.log:873204: Nov 20 19:14:37.988 GMT: IKEv2:(SESSION ID = 2291,SA ID = 14):Completed SA init exchange")
                == GrepPrefix(named: true, numbered: false))
        #expect(detect("r1.log:7:873204: Nov 20 19:14:37.988 GMT: IKEv2:(SESSION ID = 2291,SA ID = 14):Completed SA init exchange")
                == GrepPrefix(named: true, numbered: true))
        for line in ["00:42:09: ISAKMP (0:0): received packet from 10.1.1.1 dport 500 sport 500 Global (N) NEW SA",
                     "000123: *Jun 19 12:28:44.249: ISAKMP:(0): SA request profile is profile1",
                     "R1.example.com: *Jun 19 12:28:44.249: ISAKMP:(0): SA request profile is profile1",
                     "Nov 10 09:00:00 10.0.0.1 13: *Nov 10 09:00:00.123: ISAKMP:(0): beginning Main Mode exchange",
                     "*Jun 19 12:28:44.249: ISAKMP:(0): SA request profile is profile1",
                     "ISAKMP:(1012):Old State = IKE_I_MM4  New State = IKE_I_MM5",
                     "%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 10.0.0.2"] {
            #expect(detect(line) == nil, "\(line)")
        }
    }

    /// `text`'s events as a log store keeps them: a stamped line and the lines without a stamp
    /// after it (as Splunk merges them); a prompt or a blank line on its own.
    static func logStoreEvents(_ text: String) -> [[Substring]] {
        var events: [[Substring]] = []
        var inEvent = false
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for l in lines where !(l.isEmpty && l.endIndex == text.endIndex) {
            let bytes = Array(l.utf8)
            let stamped = bytes.withUnsafeBufferPointer { b in
                var k = 0
                while k < b.count, b[k] == 0x20 { k += 1 }
                return k < b.count && LineHeader.parse(b, from: k).stamp != nil
            }
            let own = l.allSatisfy { $0 == " " } || l.first.map { $0.isLetter || $0.isNumber } == true
                && l.prefix { $0.isLetter || $0.isNumber || "-_()".contains($0) }.count < l.count
                && "#>".contains(l[l.index(l.startIndex, offsetBy: l.prefix { $0.isLetter || $0.isNumber || "-_()".contains($0) }.count)])
            if stamped { events.append([l]); inEvent = true }
            else if inEvent, !own, !events.isEmpty { events[events.count - 1].append(l) }
            else { events.append([l]); inEvent = false }
        }
        return events
    }

    /// `text` as a router without `msec` in `service timestamps debug datetime` prints it: each
    /// stamp's fraction of a second dropped (`*Nov 12 14:02:11.123:` → `*Nov 12 14:02:11:`).
    static func wholeSeconds(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { l in
            guard let m = l.prefix(48).firstMatch(of: /(\d\d:\d\d:\d\d)\.\d+/) else { return String(l) }
            return l.replacingCharacters(in: m.range, with: m.1)
        }.joined(separator: "\n")
    }

    /// A log store's export (newest first, each event's lines in order) of a router whose stamps
    /// have whole seconds: an exchange's lines share one stamp, so what they say tells the order
    /// (IKE states, an SA's milestones, IKEv2 message ids). Every sample gives the findings and
    /// SAs of the log in order; and the log in order is not turned round, nor is it with a few
    /// neighbouring messages swapped (syslog over UDP), nor two captures one after the other.
    @Test(arguments: Fixture.sampleNames())
    func aNewestFirstExportWithWholeSecondsIsTurnedRound(_ name: String) {
        let original = Fixture.sampleText(name)
        let text = Self.wholeSeconds(original)
        let expected = Self.findingsAndSAs(original)
        #expect(Self.findingsAndSAs(text) == expected, "whole seconds, in order")
        let events = Self.logStoreEvents(text)
        #expect(Self.findingsAndSAs(events.reversed().flatMap { $0 }.joined(separator: "\n")) == expected, "whole seconds, newest first")
        func turned(_ log: String) -> Bool { Fixture.analyze(log).devices.contains { $0.stats.newestFirst } }
        #expect(!turned(text), "whole seconds, in order")
        var swapped = events
        for i in stride(from: 3, to: swapped.count - 1, by: 11) { swapped.swapAt(i, i + 1) }
        #expect(!turned(swapped.flatMap { $0 }.joined(separator: "\n")), "whole seconds, some neighbouring messages swapped")
        #expect(!turned(text + "\n" + text), "whole seconds, the capture twice")
    }

    /// A store that sorts by time, newest first, and keeps the events of one stamp in arrival
    /// order (Kibana/Elasticsearch, `sort -s -r`): the events run backwards, the lines of one
    /// millisecond (of one second without `msec`) forward. Every sample gives the findings and
    /// SAs of the log in order; so does a syslog server's file of a router that stamps nothing,
    /// whose relay stamps whole seconds and numbers the messages. (Not busy-headend in whole
    /// seconds: its last second alone is longer than the input's start the order is judged by,
    /// and runs forward.)
    @Test(arguments: Fixture.sampleNames())
    func aNewestFirstExportWithTiesInArrivalOrderIsTurnedRound(_ name: String) {
        let text = Fixture.sampleText(name)
        #expect(Self.findings(Self.newestFirstKeepingTies(text)) == Self.findings(text), "ties in arrival order")
        guard name != "busy-headend" else { return }
        #expect(Self.findingsAndSAs(Self.newestFirstKeepingTies(Self.wholeSeconds(text))) == Self.findingsAndSAs(text), "whole seconds, ties in arrival order")
        var relayed: [String] = []
        var second: Substring?
        for (n, line) in text.split(separator: "\n").enumerated() {
            guard let m = line.prefixMatch(of: #/\*?([A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d)\.\d+: /#) else {
                if let second, !line.contains("#") { relayed.append("\(second) 10.0.0.1 \(1000 + n): " + line) }
                continue
            }
            second = m.1
            relayed.append("\(m.1) 10.0.0.1 \(1000 + n): " + line[m.range.upperBound...])
        }
        if relayed.count > 1 {
            #expect(Self.findingsAndSAs(Self.newestFirstKeepingTies(relayed.joined(separator: "\n"))) == Self.findingsAndSAs(relayed.joined(separator: "\n")), "a relay's whole seconds")
        }
    }

    /// Listed newest first with each millisecond's lines in arrival order, the review's cases
    /// are told so and diagnosed as the log in order (each tie was turned round too: the quick
    /// mode's attributes fell under the wrong proposal, `transform-set-mismatch` "with no PFS";
    /// a false `ikev2-no-proposal-chosen`; an extra `qm-no-reply`). So are they with whole
    /// seconds, where the few stamps alone do not tell the order (the IKEv2 log's lines all
    /// share one second: in order however listed).
    @Test func newestFirstWithTiesInArrivalOrderIsToldAndDiagnosed() {
        for (name, ids) in [("pfs-mismatch-responder", ["pfs-mismatch", "no-profile-match"]),
                            ("ikev2-invalid-ke-retry-responder", []), ("xauth-no-reply-server", ["xauth-failed"])] {
            let original = Fixture.sampleText(name)
            for text in name.hasPrefix("ikev2") ? [original] : [original, Self.wholeSeconds(original)] {
                let a = Fixture.analyze(Self.newestFirstKeepingTies(text))
                #expect(a.devices[0].stats.newestFirst, "\(name)")
                #expect(a.findings.map(\.id) == ids, "\(name)")
                #expect(a.devices[0].sas.count == Fixture.analyze(text).devices[0].sas.count, "\(name)")
            }
        }
    }

    /// `text` listed newest first with the events of one stamp in arrival order (see
    /// `logStoreEvents`); a prompt or a blank line stays behind the event it followed, the lines
    /// before any stamp together.
    static func newestFirstKeepingTies(_ text: String) -> String {
        var ties: [(stamp: Double?, events: [[Substring]])] = []
        var last: Double?
        for e in logStoreEvents(text) {
            let bytes = Array(e[0].utf8)
            let own = bytes.withUnsafeBufferPointer { b in
                var k = 0
                while k < b.count, b[k] == 0x20 { k += 1 }
                return k < b.count ? LineHeader.parse(b, from: k).stamp?.seconds : nil
            }
            if let own { last = own }
            if let t = ties.last, t.stamp == last { ties[ties.count - 1].events.append(e) } else { ties.append((last, [e])) }
        }
        return ties.reversed().flatMap { $0.events.flatMap { $0 } }.joined(separator: "\n")
    }

    /// A log's findings (SA number and id) and its SAs' outcomes, to compare a damaged copy with.
    static func findingsAndSAs(_ t: String) -> [String] {
        let a = Fixture.analyze(t)
        return a.findings.map { "\($0.saNumber ?? 0) \($0.id)" }.sorted()
            + a.devices.flatMap(\.sas).map { "\($0.number) \($0.phase1) \($0.state ?? "-") \($0.quickModes.map { "\($0.result)" })" }
    }

    /// Addresses masked before the log was shared (`x.x.x.x`, `X.X.X.X`, `<peer-ip>`, the last two
    /// octets `x`): the same findings on the same SAs (a one-peer log needs no address to tell;
    /// the hub, the scanned router and the syslog server's two tunnels hear from many addresses,
    /// which whole masks make one).
    @Test(arguments: Fixture.sampleNames().filter { !["busy-headend", "invalid-spi-scan-and-stale-r1", Fixture.syslogServerOnly].contains($0) })
    func redactedAddressesKeepTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let findings = Self.findingsAndSAs
        let expected = findings(text)
        // (A test may use a regular expression: every dotted quad, wherever it stands.)
        let quad = #"\b([0-9]{1,3})\.([0-9]{1,3})\.[0-9]{1,3}\.[0-9]{1,3}\b"#
        for style in ["x.x.x.x", "X.X.X.X", "<peer-ip>", "$1.$2.x.x"] {
            let masked = text.replacingOccurrences(of: quad, with: style, options: .regularExpression)
            #expect(masked != text)
            #expect(findings(masked) == expected, "\(style)")
        }
    }

    /// Addresses replaced by a bare word that only masks (`XXXX`, `xxxxx`, `****`, `####`,
    /// `REDACTED`, `IPADDR`: what `sed` or a careful hand leaves for a forum post): read as a
    /// masked address, with the unmasked log's findings on the same SAs. Before, the word was no
    /// address: `psk-mismatch` came with a contradicting `mm5-not-received`, a refused proposal
    /// with `peer-unreachable` and `unexplained-failure`, WARNINGs turned ERRORs.
    @Test(arguments: Fixture.sampleNames().filter { !["busy-headend", "invalid-spi-scan-and-stale-r1", Fixture.syslogServerOnly].contains($0) })
    func bareMaskingWordsKeepTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let findings = Self.findingsAndSAs
        let expected = findings(text)
        let quad = #"\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b"#
        for style in ["XXXX", "xxxxx", "****", "####", "REDACTED", "redacted", "IPADDR"] {
            let masked = text.replacingOccurrences(of: quad, with: style, options: .regularExpression)
            #expect(findings(masked) == expected, "\(style)")
        }
    }

    /// A syslog server's file whose first line ends in stars (`Id: ****`, an address masked) is
    /// a router's log, not Ansible's output (whose banners end so, `TASK [x] ***`, but begin with
    /// Ansible's words): read as the same file masked with `XXXX`. Before, every line that ended
    /// in stars was taken for a banner and dropped, and the file had "no IKE/ISAKMP debug output".
    @Test func aSyslogFileEndingInStarsIsNoAnsibleOutput() {
        let text = Fixture.sampleText(Fixture.syslogServerOnly)
        let quad = #"\b[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\b"#
        let stars = text.replacingOccurrences(of: quad, with: "****", options: .regularExpression)
        let words = text.replacingOccurrences(of: quad, with: "XXXX", options: .regularExpression)
        let a = Fixture.analyze(stars), b = Fixture.analyze(words)
        #expect(a.devices.map(\.stats.noise) == b.devices.map(\.stats.noise))
        #expect(a.devices.map(\.stats.recognized) == b.devices.map(\.stats.recognized))
        #expect(a.findings.map(\.id) == b.findings.map(\.id))
        #expect(a.findings.map(\.id).contains("tunnel-down"))
    }

    /// The field under `SA authentication status:` marked by a reader before the log was shared
    /// (`*** authenticated`, `## authenticated`, `** authenticated`) is no banner between two
    /// routers' logs (`===== R2 =====`, `### r2.log`): one device, the unmarked log's findings.
    /// Before, a device named `authenticated` took every line after it, with a duplicate ERROR.
    @Test func aMarkedFieldIsNoSeparator() {
        let text = Fixture.sampleText("transform-set-mismatch-isakmp-only-responder")
        #expect(text.contains("\n        authenticated\n"))
        let expected = DamageTests.findings(text)
        for mark in ["***", "##", "**", "###"] {
            let marked = text.replacingOccurrences(of: "\n        authenticated\n", with: "\n\(mark)         authenticated\n")
            #expect(DamageTests.findings(marked) == expected, "\(mark)")
            #expect(Fixture.analyze(marked).devices.map(\.name) == ["Hub"], "\(mark)")
        }
    }

    /// A reader's marks in front of the first debug line (`--> *Nov 17 …`, `==> `, `>>> `, `*** `,
    /// `!!! `): read as the unmarked log, every line recognized. Before, that first message was
    /// unrecognized with the lines that continue it, and an IKEv2 SA lost its role.
    @Test(arguments: ["ikev2-auth-failed-responder", "r1-responder-psk-mismatch", "p1-proposal-refused-initiator"])
    func marksBeforeTheFirstMessageAreNoText(_ name: String) throws {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        let unrecognized = Fixture.analyze(text).devices.map(\.stats.unrecognized)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = try #require(lines.firstIndex { $0.hasPrefix("*") })
        for mark in ["-->", "==>", ">>>", "***", "!!!"] {
            var marked = lines
            marked[first] = mark + " " + lines[first]
            let log = marked.joined(separator: "\n")
            #expect(DamageTests.findings(log) == expected, "\(mark)")
            #expect(Fixture.analyze(log).devices.map(\.stats.unrecognized) == unrecognized, "\(mark)")
        }
    }

    /// A masking word is a word of its own where an address stands; a longer word, a word with
    /// a dot or a mark after it, or two marks, is none.
    @Test func aBareMaskIsOnlyAWholeMaskingWord() {
        func peer(_ p: String) -> String? {
            let e = Fixture.event("*Jun 19 10:04:24.826: ISAKMP (0): received packet from \(p) dport 500 sport 500 Global (N) NEW SA")
            if case let .packetReceived(peer, _, _, _, _, _) = e.kind { return peer }
            return nil
        }
        #expect(peer("XXXX") == "XXXX")
        #expect(peer("****") == "****")
        #expect(peer("REDACTED") == "REDACTED")
        #expect(peer("XX") == nil)
        #expect(peer("REDACTEDX") == nil)
        #expect(peer("XXXX.") == nil)
        #expect(peer("XXX*") == nil)
    }

    /// More masks people use: octets replaced by `*` or `#`, all four or some (`192.168.*.*`,
    /// `203.0.113.*`, `***.***.***.***`, `#.#.#.#`), a placeholder of words in brackets
    /// (`<IP address>`, `<public IP>`) or a placeholder word (`PEER_IP`): read as the masks above
    /// are, with the unmasked log's findings on the same SAs.
    @Test(arguments: ["r1-responder-psk-mismatch", "p1-proposal-refused-initiator", "r1-responder-keyring-mismatch",
                      "qm-deleted-by-peer-initiator"])
    func maskedAddressesWithStarsOrWordsKeepTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let findings = Self.findingsAndSAs
        let expected = findings(text)
        let quad = #"\b([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.[0-9]{1,3}\b"#
        for style in ["$1.$2.*.*", "$1.$2.$3.*", "*.*.*.*", "***.***.***.***", "#.#.#.#", "<IP address>",
                      "<public IP>", "PEER_IP", "[IP removed]"] {
            let masked = text.replacingOccurrences(of: quad, with: style, options: .regularExpression)
            #expect(masked != text)
            #expect(findings(masked) == expected, "\(style)")
        }
    }

    /// Addresses defanged by a security ticket or a mail (`198[.]51[.]100[.]41`, `198(.)51(.)100(.)41`,
    /// `198[dot]51[dot]100[dot]41`, the last dot only): the plain log's findings on the same SAs,
    /// with the same peers, identities and proxies.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func defangedAddressesReadAsTheAddresses(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let quad = #"\b([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\b"#
        for style in ["$1[.]$2[.]$3[.]$4", "$1(.)$2(.)$3(.)$4", "$1[dot]$2[dot]$3[dot]$4", "$1.$2.$3[.]$4"] {
            let defanged = text.replacingOccurrences(of: quad, with: style, options: .regularExpression)
            #expect(defanged != text || !text.contains(#/\d\.\d/#))
            #expect(Self.findings(defanged) == expected, "\(style)")
        }
    }

    /// A defanged address is read where an address is (a packet's peer, an ID payload's, an
    /// IKEv2 packet's ends, a syslog message's peer), as the address; the SA names its peer, its
    /// ID payload the address. What only looks like one is not read so.
    @Test func aDefangedAddressIsTheAddress() {
        let text = Fixture.sampleText("r1-responder-keyring-mismatch").replacingOccurrences(of: "192.168.0.2", with: "192[.]168[.]0[.]2")
        let analysis = Fixture.analyze(text)
        #expect(analysis.findings.map(\.id) == ["keyring-mismatch"])
        #expect(analysis.devices.flatMap(\.sas).map(\.peer) == ["192.168.0.2"])
        let ids = Fixture.events(text).compactMap { e -> String? in
            if case let .idPayload(_, address, _, _) = e.kind { return address ?? "?" }
            return nil
        }
        #expect(!ids.isEmpty && ids.allSatisfy { $0 == "192.168.0.2" })
        func kind(_ line: String) -> EventKind { Fixture.event("*Nov 17 13:26:50.071: " + line).kind }
        #expect(kind("ISAKMP (0): received packet from 198(.)51(.)100(.)41 dport 500 sport 500 Global (N) NEW SA")
            == .packetReceived(peer: "198.51.100.41", localPort: 500, peerPort: 500, role: "N", label: "NEW SA", vrf: nil))
        #expect(kind("ISAKMP:(1012): sending packet to 198{.}51{.}100{.}41 my_port 500 peer_port 500 (R) MM_KEY_EXCH")
            == .packetSent(peer: "198.51.100.41", localPort: 500, peerPort: 500, role: "R", label: "MM_KEY_EXCH"))
        #expect(kind("ISAKMP:(0):found peer pre-shared key matching 198[DOT]51[DOT]100[DOT]41.") == .pskMatched(peer: "198.51.100.41"))
        #expect(kind("ISAKMP:(0):found peer pre-shared key matching 2001[:]db8[:][:]41") == .pskMatched(peer: "2001:DB8::41"))
        guard case let .v2Packet(_, peer, local, _, _, _, _) = kind("IKEv2:Received Packet [From 198[.]51[.]100[.]2:500/To 203[.]0[.]113[.]1:500/VRF i0:f0] ") else {
            Issue.record("no IKEv2 packet")
            return
        }
        #expect(peer == "198.51.100.2" && local == "203.0.113.1")
        #expect(kind("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 198[.]51[.]100[.]2:500 Id: 198[.]51[.]100[.]2")
            == .syslog(mnemonic: "CRYPTO-5-SESSION_STATUS", peer: "198.51.100.2"))
        #expect(kind("IKEv2:(SESSION ID = 15,SA ID = 1):Get peer's preshared key for r2[.]example[.]com")
            == .v2PSKLookup(identity: "r2.example.com", found: nil))
        // (Not a mark between two groups: a sentence's bracket, a role, an address cut short.)
        for line in ["ISAKMP:(0):found peer pre-shared key matching 198(R)", "ISAKMP:(0):found peer pre-shared key matching 10[.]",
                     "ISAKMP:(0):found peer pre-shared key matching 198[.]51[.]100"] {
            #expect(kind(line) == .other, "\(line)")
        }
    }

    /// A log pasted through a mail, a page, a document or a chat: Outlook's `<p
    /// class=MsoPlainText>…<o:p></o:p></p>`, a `<div>` per line, lines joined by `<br />` on one
    /// line, a `<br>` after each line, a list's bullets (`•<TAB>`, `• `, `- `), a zero-width space
    /// at each line's start, soft hyphens inside IOS's words, telnet's `\r\0` line ends: the
    /// unmasked sample's findings on the same SAs, every line counted.
    @Test(arguments: ["r1-responder-psk-mismatch", "p1-proposal-refused-initiator", "qm-deleted-by-peer-initiator"])
    func pasteArtefactsAtLineStartsKeepTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let expected = Self.findings(text)
        func each(_ f: (String) -> String) -> String { lines.map(f).joined(separator: "\n") + "\n" }
        let damaged: [(String, String)] = [
            ("Outlook", "<html><body>\n" + each { "<p class=MsoPlainText>\($0)<o:p></o:p></p>" } + "</body></html>\n"),
            ("div", each { "<div>\($0)</div>" }),
            ("br", each { "\($0)<br>" }),
            ("bullet tab", each { "\u{2022}\t\($0)" }),
            ("bullet space", each { $0.isEmpty ? $0 : "\u{2022} \($0)" }),
            ("dash", each { $0.isEmpty ? $0 : "- \($0)" }),
            ("zero-width space", each { "\u{200B}\($0)" }),
            ("soft hyphens", each { $0.replacingOccurrences(of: "IKE_", with: "IKE_\u{AD}").replacingOccurrences(of: "_MM", with: "_\u{AD}MM") }),
            // WordPad's Rich Text: control words before the first line, `\par` after each, `\'a0`
            // for a no-break space (its header's two lines and closing brace are not the log's).
            ("RTF", "{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0\\fnil\\fcharset0 Courier New;}}\n{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \n\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang9 "
                + each { $0.replacingOccurrences(of: "  ", with: "\\'a0 ") + "\\par" } + "}\n"),
        ]
        let notTheLog = ["RTF": 3]
        // (Lines joined by `<br />` are all on one line's number: a finding that orders events by
        // their lines, such as a quick mode's DELETE after its start, cannot tell them apart; the
        // phase 1 samples are read alike.)
        let oneLine = name.hasPrefix("qm-") ? [] : [("one line", lines.joined(separator: "<br />") + "\n")]
        for (damage, log) in damaged + oneLine {
            #expect(Self.findings(log) == expected, "\(damage)")
            let stats = Analysis.diagnose([Fixture.device(Array(log.utf8))]).devices[0].stats
            #expect(stats.lines == log.split(separator: "\n", omittingEmptySubsequences: false).count - 1, "\(damage)")
            #expect(stats.unrecognized == notTheLog[damage] ?? 0, "\(damage)")
        }
        // Telnet: `\r\0\n`, or `\r\0` alone, after every line (was refused as binary).
        for end in ["\r\0\n", "\r\0"] {
            let log = Array((lines.joined(separator: end) + end).utf8)
            #expect(Self.findings(bytes: log) == expected, "\(end.debugDescription)")
            #expect(Fixture.device(log).stats.nul == 0, "\(end.debugDescription)")
        }
    }

    /// A log whose every line end was lost (pasted into a one-line field, a paragraph), that
    /// starts with the prompt and command that began it (`R1#show logging | include CRYPTO
    /// *Jun 19 …: %CRYPTO-…`): its messages are read apart after the prompt too, as they are
    /// after a message (it was "no IKE debug output").
    @Test(arguments: ["syslog-ikmp-not-encrypted", "r1-responder-psk-mismatch", "p1-proposal-refused-initiator"])
    func aFlattenedLogAfterItsPromptIsReadApart(_ name: String) {
        let text = Fixture.sampleText(name)
        #expect(text.hasPrefix("R1#") || text.hasPrefix("R2#"))
        let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
        func summary(_ log: String) -> [String] {
            let a = Analysis.diagnose(SplitLineTests.devices(log))
            return a.devices.map { "\($0.name) \($0.sas.count)" } + a.findings.map { "\($0.device) \($0.saNumber ?? 0) \($0.id)" }
        }
        let expected = summary(text)
        #expect(!expected.dropFirst().isEmpty)
        for separator in [" ", ""] {
            #expect(summary(lines.joined(separator: separator) + "\n") == expected, "\(separator.debugDescription)")
        }
    }

    /// The same log flattened when its copy began below the prompt, at text of another kind: the
    /// debug's confirmation, ping's banner, `show logging`'s buffer line, a mail's words. Its
    /// messages are read apart all the same, the device named by the file (it was refused whole,
    /// "no IKE/ISAKMP debug output … (was 'debug crypto isakmp' on?)", exit 2).
    @Test(arguments: ["r1-responder-psk-mismatch", "p1-proposal-refused-initiator"])
    func aFlattenedLogAfterOtherTextIsReadApart(_ name: String) {
        let text = Fixture.sampleText(name)
        let lines = text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }
        let log = lines.drop { !$0.hasPrefix("*") }.joined(separator: " ")
        func summary(_ log: String) -> [String] {
            let a = Analysis.diagnose(SplitLineTests.devices(log))
            return a.devices.map { "\($0.sas.count)" } + a.findings.map { "\($0.saNumber ?? 0) \($0.id)" }
        }
        let expected = summary(text)
        #expect(expected.count > 1)
        for head in ["Crypto ISAKMP debugging is on ", "Type escape sequence to abort. ", "Log Buffer (4096 bytes): ",
                     "Here is the debug from the router: "] {
            #expect(summary(head + log + "\n") == expected, "\(head)")
        }
    }

    /// Syslog copied from Wireshark's "Follow UDP Stream": each message a datagram without a line
    /// end, its relay header (`<191>102: `) glued to the end of the message before it (a
    /// multi-line message keeps its own line ends). Read as the log it carries: the same SAs
    /// (profile and keyring names without `<191>102:`), the same findings, though many messages
    /// share one line (the quick mode's DELETE came after its start by the order of the events).
    @Test(arguments: ["qm-deleted-by-peer-initiator", "r1-responder-psk-mismatch", "r1-initiator-qm-error32"])
    func syslogDatagramsRunTogetherAreReadApart(_ name: String) {
        let text = Fixture.sampleText(name)
        var glued = ""
        var n = 100
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("*") {
                glued += "<191>\(n): " + line
                n += 1
            } else if line.hasPrefix(" ") || line.hasPrefix("\t") {
                glued += "\r\n" + line
            }
        }
        glued += "\n"
        #expect(glued.contains("<191>103: *"))
        #expect(DamageTests.findings(glued) == DamageTests.findings(text.split(separator: "\n").filter { $0.hasPrefix("*") || $0.hasPrefix(" ") || $0.hasPrefix("\t") }.joined(separator: "\n")))
        #expect(!Fixture.analyze(glued).devices.flatMap(\.sas).contains { ($0.matchedProfile ?? "").contains("<") || ($0.keyKeyring ?? "").contains("<") })
    }

    /// A log listed newest first is said to be so, and read oldest first; a log in order, or a
    /// busy router's with its SAs interleaved, is not turned round.
    @Test func aNewestFirstLogIsToldAndTurnedRound() throws {
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        let turned = text.split(separator: "\n").reversed().joined(separator: "\n")
        let a = Fixture.analyze(turned)
        #expect(a.devices[0].stats.newestFirst)
        #expect(a.findings.map(\.id) == ["keyring-mismatch"])
        #expect(TextReport(color: false).render(a).contains("listed newest first (a log store's order): read oldest first, lines numbered in that order"))
        #expect(JSONReport.render(a).contains("\"newestFirst\": true"))
        for name in ["r1-responder-keyring-mismatch", "busy-headend"] {
            #expect(!Fixture.analyze(Fixture.sampleText(name)).devices[0].stats.newestFirst, "\(name)")
        }
        // Read a byte at a time: judged all the same once enough of it is in.
        let a1 = Fixture.device(Array(turned.utf8), chunking: .bytewise)
        #expect(a1.stats.newestFirst)
    }

    /// A syslog server's file listed newest first, where each of a message's later lines was
    /// relayed as a line of its own (`… 10.0.0.1 1164:     sa_spi= 0x…`): those lines carry
    /// only the relay's whole seconds, which must not outvote the router's stamps (the relay's
    /// numbers, counting down, tell the order too).
    @Test func aNewestFirstRelayFileWithRelayedContinuationLinesIsTurnedRound() {
        let text = Fixture.sampleText("r2-responder-success")
        var relayed: [String] = []
        var second = "Jun 19 10:04:24"
        for (n, line) in text.split(separator: "\n").enumerated() where !line.hasPrefix("R2#") {
            if line.hasPrefix("*Jun 19 ") { second = String(line.dropFirst().prefix(15)) }
            relayed.append("\(second) 10.0.0.1 \(1000 + n): \(line)")
        }
        let inOrder = Fixture.analyze(relayed.joined(separator: "\n"))
        let turned = Fixture.analyze(relayed.reversed().joined(separator: "\n"))
        #expect(!inOrder.devices[0].stats.newestFirst)
        #expect(turned.devices[0].stats.newestFirst)
        #expect(turned.devices.flatMap(\.sas).map { "\($0.phase1) \($0.quickModes.map(\.result))" }
                == inOrder.devices.flatMap(\.sas).map { "\($0.phase1) \($0.quickModes.map(\.result))" })
        #expect(turned.devices.flatMap(\.sas).map(\.phase1) == [.complete])
        // Several routers' lines in turn, each numbered by its own count: in order, however the
        // numbers compare from one router to the next.
        let routers = (1...6).map { r -> [String] in
            text.split(separator: "\n").filter { $0.hasPrefix("*") }.enumerated().map { "<189>\((7 - r) * 1000 + $0.offset): R\(r): \($0.element)" }
        }
        let roundRobin = (0..<routers[0].count).flatMap { i in routers.map { $0[i] } }
        let analyzer = LogAnalyzer(file: "six.log")
        analyzer.feed(Array(roundRobin.joined(separator: "\n").utf8))
        let six = Analysis.diagnose(analyzer.finishAll())
        #expect(!six.devices[0].stats.newestFirst)
        #expect(six.devices.map { "\($0.name) \($0.sas.map(\.phase1))" } == (1...6).map { "R\($0) [IKELens.Phase1Result.complete]" })
    }

    /// A log cut at 80 columns by its terminal, then through `grep -H .` and `grep -Hn .` (and
    /// `grep -H ''`, blank lines kept): the unprefixed log's findings on the same SAs. A line that
    /// starts with a blank behind the file's name (the rest of a cut line, `r1.log: N_IP)`, an
    /// indented field) or is empty behind it loses the name too: it kept it, and the cut line's
    /// rest was no rest.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly })
    func grepsFileNamesComeOffTheRestOfAWrappedLine(_ name: String) {
        let wrapped = Variation.wrappedAt80.apply(Fixture.sampleText(name))
        let expected = Self.findings(wrapped)
        let lines = wrapped.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let nonBlank = lines.enumerated().filter { !$0.element.isEmpty }
        for (what, grepped) in [("grep -H .", nonBlank.map { "logs/r1.log:" + $0.element }),
                                ("grep -Hn .", nonBlank.map { "r1.log:\($0.offset + 1):" + $0.element }),
                                ("grep -H ''", lines.map { "r1.log:" + $0 })] {
            #expect(Self.findings(grepped.joined(separator: "\n") + "\n") == expected, "\(what)")
        }
        let all = Fixture.device(Array(lines.map { "r1.log:" + $0 }.joined(separator: "\n").utf8)).stats
        let plain = Fixture.device(Array(wrapped.utf8)).stats
        #expect(all.unrecognized == plain.unrecognized && all.noise == plain.noise)
    }

    /// `grep -rn -C2` over two routers' logs: each file's lines are its own device, context lines
    /// (`-`) and group separators (`--`) included.
    @Test func grepOverSeveralFilesKeepsTheRoutersApart() {
        var out: [String] = []
        for (file, name) in [("logs/r1.log", "r1-responder-keyring-mismatch"), ("logs/r2.log", "r2-initiator-keyring-mismatch")] {
            for (n, l) in Fixture.sampleText(name).split(separator: "\n").enumerated() {
                out.append(file + (n % 4 == 0 ? "-" : ":") + "\(n + 1)" + (n % 4 == 0 ? "-" : ":") + l)
                if n % 40 == 39 { out.append("--") }
            }
        }
        let a = LogAnalyzer(file: "-")
        a.feed(Array(out.joined(separator: "\n").utf8))
        let analysis = Analysis.diagnose(a.finishAll())
        #expect(analysis.devices.map(\.name) == ["r1", "r2"])
        #expect(analysis.findings.map { "\($0.device) \($0.id)" } == ["r1 keyring-mismatch", "r2 mm5-rejected-by-peer"])
    }

    /// A CSV export's host column names the device, and each router's rows are its own.
    @Test func csvExportHostColumnNamesTheDevices() {
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        let rows = ["hub-a", "10.9.9.9"].flatMap { host in
            text.split(separator: "\n").map { "\"2024-07-16T20:21:25Z\",\"\(host)\",\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        }
        let a = LogAnalyzer(file: "export.csv")
        Fixture.feed(a, Array((["\"_time\",\"host\",\"_raw\""] + rows).joined(separator: "\n").utf8), chunking: .bytewise)
        let analysis = Analysis.diagnose(a.finishAll())
        #expect(analysis.devices.map(\.name) == ["hub-a", "10.9.9.9"])
        #expect(analysis.findings.map(\.id) == ["keyring-mismatch", "keyring-mismatch"])
        // A forwarder on a syslog server: its host column names the server, each line its router.
        let relayed = ["10.0.0.1", "10.0.0.2"].flatMap { router in
            text.split(separator: "\n").enumerated().map { n, l in
                "\"2024-07-16T20:21:25Z\",\"syslog01\",\"Jun 19 12:29:54 \(router) \(n + 1): " + l.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
        }
        let fwd = LogAnalyzer(file: "export.csv")
        fwd.feed(Array((["\"_time\",\"host\",\"_raw\""] + relayed).joined(separator: "\n").utf8))
        let server = Analysis.diagnose(fwd.finishAll())
        #expect(server.devices.map(\.name) == ["10.0.0.1", "10.0.0.2"])
        // A spreadsheet's semicolons; QRadar's `Log Source` (`R1 @ 10.0.0.1`) and `Payload`.
        let semicolons = text.split(separator: "\n").map { "19.06.2024 12:28:44.251;R1;" + $0 }
        #expect(Fixture.analyze((["Zeit;host;message"] + semicolons).joined(separator: "\n")).findings.map(\.id) == ["keyring-mismatch"])
        let qradar = text.split(separator: "\n").map { "\"Cisco IOS Message\",\"HUB @ 10.0.0.1\",\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let q = Fixture.analyze((["\"Event Name\",\"Log Source\",\"Payload\""] + qradar).joined(separator: "\n"))
        #expect(q.devices.map(\.name) == ["HUB"])
        #expect(q.findings.map(\.id) == ["keyring-mismatch"])
        // A column that holds a file path (Splunk's `source`) names no device.
        let splunk = text.split(separator: "\n").map { "\"/var/log/net/r1.log\",\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let one = Fixture.analyze((["source,_raw"] + splunk).joined(separator: "\n"))
        #expect(one.devices.map(\.name) == ["R1"])
        #expect(one.findings.map(\.id) == ["keyring-mismatch"])
    }
}

extension DamageTests {
    /// An IKEv2 packet dump that lost a line (a relay dropped it): the refusal it carried is
    /// still read, from the payload list without its `Payload contents:` line, from the message
    /// ID without the `IKEv2 … Exchange RESPONSE` line, or (the notify's line itself lost) from
    /// IOS's `Received no proposal chosen notify`.
    @Test(arguments: [("ikev2-init-no-proposal-chosen-initiator", "Payload contents:"),
                      ("ikev2-init-no-proposal-chosen-initiator", "IKEv2 IKE_SA_INIT Exchange RESPONSE"),
                      ("ikev2-init-no-proposal-chosen-initiator", " NOTIFY(NO_PROPOSAL_CHOSEN)"),
                      ("ikev2-child-no-proposal-chosen-initiator", "Payload contents:"),
                      ("ikev2-child-no-proposal-chosen-initiator", "IKEv2 IKE_AUTH Exchange RESPONSE")])
    func aPacketDumpMissingALineStillShowsTheRefusal(_ name: String, _ lost: String) {
        let text = Fixture.sampleText(name)
        let whole = Fixture.analyze(text).findings.map { "\($0.id) \($0.summary)" }
        // (The refusal's dump loses the line: the notify's own, or the nearest such line above it.)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let notify = lines.firstIndex { $0.contains("NOTIFY(NO_PROPOSAL_CHOSEN)") }!
        let cut = lines[...notify].lastIndex { $0.trimmingCharacters(in: .whitespaces) == lost.trimmingCharacters(in: .whitespaces) }
        #expect(cut != nil)
        if let cut { lines.remove(at: cut) }
        let damaged = Fixture.analyze(lines.joined(separator: "\n")).findings.map { "\($0.id) \($0.summary)" }
        #expect(damaged.contains { $0.hasPrefix("ikev2-no-proposal-chosen") })
        #expect(damaged.first == whole.first)
        #expect(!damaged.contains { $0.hasPrefix("unexplained-failure") })
    }
}

@Suite struct EncodingTests {
    static let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log")), as: UTF8.self)

    static func utf16(_ s: String, bigEndian: Bool, bom: Bool) -> [UInt8] {
        var out: [UInt8] = bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : []
        for u in s.utf16 {
            let hi = UInt8(u >> 8), lo = UInt8(u & 0xFF)
            out += bigEndian ? [hi, lo] : [lo, hi]
        }
        return out
    }

    @Test func readsUTF16OldMacLineEndingsAndAByteOrderMarkLikeUTF8() {
        let reference = Fixture.analyze(Self.text)
        let inputs: [(String, [UInt8])] = [
            ("UTF-16LE with BOM", Self.utf16(Self.text, bigEndian: false, bom: true)),
            ("UTF-16BE with BOM", Self.utf16(Self.text, bigEndian: true, bom: true)),
            ("UTF-16LE without BOM", Self.utf16(Self.text, bigEndian: false, bom: false)),
            ("CR line endings", Array(Self.text.replacingOccurrences(of: "\n", with: "\r").utf8)),
            ("UTF-8 BOM", [0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)),
        ]
        for (name, bytes) in inputs {
            for chunking in [Fixture.Chunking.whole, .bytewise, .random(seed: 2)] {
                let d = Fixture.device(bytes, chunking: chunking)
                let a = Analysis.diagnose([d])
                #expect(a.findings.map(\.id) == reference.findings.map(\.id), "\(name) \(chunking)")
                #expect(d.stats.lines == reference.devices[0].stats.lines, "\(name) \(chunking)")
                #expect(d.stats.unrecognized == 0, "\(name) \(chunking)")
            }
        }
    }

    /// A file whose line ends change part-way from LF to a lone CR (appended to by a tool that
    /// writes CRs): the CR part is read line by line too, also when it is longer than a line may
    /// be (64 KiB) and however it is chunked. Before, it was one line, cut at 64 KiB, and its
    /// findings were lost ("163 lines" read as 83, `qm-refused-by-peer` gone, exit 0).
    @Test(arguments: ["qm-deleted-by-peer-initiator", "peer-unreachable-initiator", "busy-headend"])
    func aFileWhoseLineEndsTurnToCRIsReadLineByLine(_ name: String) {
        let text = Fixture.sampleText(name)
        let reference = Fixture.analyze(text)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for cutAt in [lines.count / 2, lines.count / 3] {
            let mixed = lines[..<cutAt].map { $0 + "\n" }.joined() + lines[cutAt...].map { $0 + "\r" }.joined()
            for chunking in [Fixture.Chunking.whole, .random(seed: 5)] {
                let d = Fixture.device(Array(mixed.utf8), chunking: chunking)
                let a = Analysis.diagnose([d])
                #expect(a.findings.map(\.id) == reference.findings.map(\.id), "\(cutAt) \(chunking)")
                #expect(d.stats.lines == reference.devices[0].stats.lines, "\(cutAt) \(chunking)")
                #expect(d.stats.truncated == 0 && d.stats.unrecognized == reference.devices[0].stats.unrecognized, "\(cutAt) \(chunking)")
            }
        }
    }

    /// A file written in UTF-16 and appended to in UTF-8 (PowerShell's `>`, then cmd's or Git
    /// Bash's `>>`): the UTF-8 part is read as UTF-8 from the line end where it begins, however the
    /// input is chunked. Before, it was decoded as UTF-16 into one line of CJK characters, counted
    /// as recognized, and its findings were lost with exit 0.
    @Test func aUTF16FileAppendedToInUTF8IsReadWhole() {
        let reference = Fixture.analyze(Self.text)
        let lines = Self.text.split(separator: "\n", omittingEmptySubsequences: false)
        for cut in [lines.count / 3, lines.count / 2] {
            let head = lines[..<cut].joined(separator: "\r\n") + "\r\n"
            let tail = lines[cut...].joined(separator: "\n")
            for bom in [true, false] {
                let bytes = Self.utf16(head, bigEndian: false, bom: bom) + Array(tail.utf8)
                for chunking in [Fixture.Chunking.whole, .bytewise, .random(seed: 3)] {
                    let d = Fixture.device(bytes, chunking: chunking)
                    let a = Analysis.diagnose([d])
                    #expect(a.findings.map(\.id) == reference.findings.map(\.id), "\(cut) \(bom) \(chunking)")
                    #expect(d.stats.lines == reference.devices[0].stats.lines, "\(cut) \(bom) \(chunking)")
                    #expect(d.stats.unrecognized == 0, "\(cut) \(bom) \(chunking)")
                }
            }
        }
    }

    /// The other order: a file written in UTF-8 and appended to in UTF-16 (PowerShell 5.1's `>>`
    /// onto a capture another tool saved), with or without a byte-order mark, in little or big
    /// endian, where the UTF-16 part begins in the first 64 KiB or far past it, however the input
    /// is chunked: the UTF-16 part is transcoded from where it begins. Before, the file was
    /// refused as binary data (the first 64 KiB held its zeros), or, past them, the UTF-16 part's
    /// lines were read with a NUL in every other byte and its findings lost.
    @Test(arguments: ["r1-responder-keyring-mismatch", "busy-headend"])
    func aUTF8FileAppendedToInUTF16IsReadWhole(_ name: String) {
        let text = Fixture.sampleText(name)
        let reference = Fixture.analyze(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for cut in [lines.count / 3, lines.count - 12] {
            let head = lines[..<cut].joined(separator: "\n") + "\n"
            let tail = lines[cut...].joined(separator: "\r\n")
            for (bom, big) in [(true, false), (false, false), (true, true)] {
                let bytes = Array(head.utf8) + Self.utf16(tail, bigEndian: big, bom: bom)
                for chunking in name == "busy-headend" ? [Fixture.Chunking.random(seed: 4)] : [.whole, .bytewise, .random(seed: 3)] {
                    let d = Fixture.device(bytes, chunking: chunking)
                    let a = Analysis.diagnose([d])
                    #expect(a.findings.map(\.id) == reference.findings.map(\.id), "\(cut) \(bom) \(big) \(chunking)")
                    #expect(d.stats.lines == reference.devices[0].stats.lines, "\(cut) \(bom) \(big) \(chunking)")
                    #expect(d.stats.unrecognized == reference.devices[0].stats.unrecognized, "\(cut) \(bom) \(big) \(chunking)")
                }
            }
        }
    }

    /// Telnet's `CR NUL` line ends and a hole of zeros in a UTF-8 log are no start of UTF-16 text.
    @Test func nulBytesOfAUTF8LogAreNotTakenForUTF16() {
        let crNul = Self.text.replacingOccurrences(of: "\n", with: "\r\u{0}\n")
        var holed = Array(Self.text.utf8)
        holed.insert(contentsOf: [UInt8](repeating: 0, count: 4096), at: holed.count / 2)
        for bytes in [Array(crNul.utf8), holed] {
            var decoder = InputDecoder()
            var out: [UInt8] = []
            for chunking in [Fixture.Chunking.whole, .bytewise] {
                decoder = InputDecoder()
                out = []
                if case .whole = chunking { bytes.withUnsafeBytes { decoder.feed($0) { out += $0 } } }
                else { for b in bytes { [b].withUnsafeBytes { decoder.feed($0) { out += $0 } } } }
                decoder.finish { out += $0 }
                #expect(decoder.encoding == .utf8)
                #expect(out == bytes)
            }
        }
    }

    @Test func keepsCharactersOutsideTheBasicPlaneWhenTranscoding() {
        var decoder = InputDecoder()
        var out: [UInt8] = []
        let bytes = Self.utf16("ISAKMP: caf\u{e9} \u{1F600} ok\n" + String(repeating: "x", count: 80), bigEndian: false, bom: true)
        for b in bytes { [b].withUnsafeBytes { decoder.feed($0) { out += $0 } } }
        decoder.finish { out += $0 }
        #expect(String(decoding: out, as: UTF8.self).hasPrefix("ISAKMP: caf\u{e9} \u{1F600} ok\n"))
        #expect(decoder.encoding == .utf16LE)
    }
}

/// An executable, a compressed file or `/dev/zero` is refused from its first bytes
/// (and not read on); a real log with a few NUL or invalid bytes is not.
@Suite struct BinaryInputTests {
    static let log = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log"))

    static func feed(_ bytes: [UInt8], chunking: Fixture.Chunking, parallel: Bool = false) -> (LogAnalyzer, [DeviceTimeline]) {
        let a = LogAnalyzer(file: "input", parallel: parallel)
        Fixture.feed(a, bytes, chunking: chunking)
        return (a, a.finishAll())
    }

    static let magics: [(BinaryFormat, [UInt8])] = [
        (.elf, [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00]),
        (.gzip, [0x1F, 0x8B, 0x08, 0x00]),
        (.bzip2, Array("BZh91AY&SY".utf8)),
        (.xz, [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0x00, 0x04]),
        (.zstd, [0x28, 0xB5, 0x2F, 0xFD, 0x04, 0x58]),
        (.zip, [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]),
    ]

    /// The magic number decides, even with a whole debug log behind it (as in an
    /// executable's string table): nothing of it is parsed.
    @Test func knownFormatsAreRefusedByTheirMagicNumber() {
        for (format, magic) in Self.magics {
            for chunking in [Fixture.Chunking.whole, .bytewise, .random(seed: 5)] {
                let (a, devices) = Self.feed(magic + Self.log, chunking: chunking)
                #expect(a.binary == format, "\(format) \(chunking)")
                #expect(devices.allSatisfy { $0.sas.isEmpty && $0.stats.lines == 0 }, "\(format) \(chunking)")
                #expect(a.debugEvents == 0)
            }
        }
        #expect(BinaryFormat.gzip.decompressor == "zcat" && BinaryFormat.zip.decompressor == "unzip -p" && BinaryFormat.elf.decompressor == nil)
    }

    /// `/dev/zero` has no end: the first chunk says binary, so the reader can stop
    /// (`parseAhead` chunks later when the parse runs on its own thread).
    @Test func zerosAreBinaryFromTheFirstChunk() {
        let zeros = [UInt8](repeating: 0, count: InputReader.chunkSize)
        let a = LogAnalyzer(file: "/dev/zero")
        a.feed(zeros)
        #expect(a.binary == .data)
        let p = LogAnalyzer(file: "/dev/zero", parallel: true)
        for _ in 0..<LogAnalyzer.parseAhead { p.feed(zeros) }
        #expect(p.binary == nil)
        p.feed(zeros)
        #expect(p.binary == .data)
        #expect(p.finishAll()[0].stats.lines == 0)
        // 64 KiB in small reads decides as well.
        let small = LogAnalyzer(file: "/dev/zero")
        for _ in 0..<(InputDecoder.sampleSize / 4096) { small.feed([UInt8](repeating: 0, count: 4096)) }
        #expect(small.binary == .data)
    }

    /// Random bytes and a short blob of all byte values are binary too (judged on
    /// all of a short input, at its end).
    @Test func controlBytesThroughoutAreBinary() {
        var rng = SplitMix64(seed: 7)
        let random = (0..<100_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        #expect(Self.feed(random, chunking: .whole).0.binary == .data)
        let blob = (0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }
        for chunking in [Fixture.Chunking.whole, .bytewise] {
            #expect(Self.feed(blob, chunking: chunking).0.binary == .data, "\(chunking)")
        }
    }

    /// A real log stays a log: NUL and invalid bytes here and there, a terminal's
    /// escape sequences and backspaces, UTF-16, a line that starts with `BZh`, and
    /// a megabyte of zeros after the first 64 KiB of text (a syslog file after a crash).
    @Test(arguments: [Fixture.Chunking.whole, .bytewise, .random(seed: 9)])
    func damagedRealLogsAreNotBinary(_ chunking: Fixture.Chunking) {
        let reference = Fixture.analyze(String(decoding: Self.log, as: UTF8.self)).findings.map(\.id)
        let long = Array(repeating: Self.log, count: InputDecoder.sampleSize / Self.log.count + 1).joined()
        var damaged: [UInt8] = []
        for (i, line) in Self.log.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            damaged += line
            if i % 10 == 3 { damaged += [0x00] }
            if i % 7 == 2 { damaged += [0xFF, 0xC3] }
            if i % 5 == 1 { damaged += Array("\u{1B}[0m \u{08}\u{08}".utf8) }
            damaged.append(0x0A)
        }
        let padded = Array(long) + [UInt8](repeating: 0, count: 1 << 20)
        let inputs: [(String, [UInt8])] = [
            ("damaged", damaged),
            ("BZh line", Array("BZh91 is not bzip2\n".utf8) + Self.log),
            ("UTF-16LE", EncodingTests.utf16(String(decoding: Self.log, as: UTF8.self), bigEndian: false, bom: false)),
            ("zeros after the text", padded),
        ]
        for (name, bytes) in inputs {
            if case .bytewise = chunking, name == "zeros after the text" { continue }  // a megabyte a byte at a time
            let (a, devices) = Self.feed(bytes, chunking: chunking)
            #expect(a.binary == nil, "\(name)")
            // (The log over and over before the zeros: its copies are read once, see `ReplayFilter`.)
            let ids = Analysis.diagnose(devices).findings.map(\.id)
            #expect(ids == reference, "\(name)")
        }
    }

    /// A crash leaves a block of zeros (a hole) where a line was being written; the router's
    /// next line follows the zeros. Within the first 64 KiB the hole must not make the log
    /// binary, and the line after it is read: the same SA, states and findings, the line
    /// with the zeros counted once, as a line with NUL bytes.
    @Test(arguments: [Fixture.Chunking.whole, .random(seed: 4)])
    func holesOfZerosInALogAreReadAround(_ chunking: Fixture.Chunking) {
        let lines = Self.log.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let hole = [UInt8](repeating: 0, count: 4096)
        func joined(_ ls: [[UInt8]]) -> [UInt8] { Array(ls.joined(separator: [0x0A])) }
        let reference = Self.feed(Self.log, chunking: .whole).1[0]
        // At a line start: line 11 is the zeros and then line 11's text.
        let atStart = joined(Array(lines[..<10])) + [0x0A] + hole + joined(Array(lines[10...]))
        // Inside a line (the crash cut line 21 after 25 bytes; line 22 follows the zeros).
        let inside = joined(Array(lines[..<20])) + [0x0A] + Array(lines[20].prefix(25)) + hole + joined(Array(lines[21...]))
        // A short log with a hole at its end (judged at the end of the input).
        let short = Self.log + hole
        for (name, bytes, linesLost) in [("at a line start", atStart, 0), ("inside a line", inside, 1), ("at the end", short, 0)] {
            let (a, devices) = Self.feed(bytes, chunking: chunking)
            #expect(a.binary == nil, "\(name)")
            guard a.binary == nil, let d = devices.first else { continue }
            #expect(d.stats.nul == 1, "\(name)")
            #expect(d.stats.lines == reference.stats.lines - linesLost + (name == "at the end" ? 1 : 0), "\(name)")
            #expect(d.sas.map(\.states.count) == reference.sas.map(\.states.count), "\(name)")
            #expect(d.sas.map(\.state) == reference.sas.map(\.state), "\(name)")
            #expect(Analysis.diagnose(devices).findings.map(\.id) == Analysis.diagnose([reference]).findings.map(\.id), "\(name)")
        }
        // Zeros and next to no text is still binary (a file of zeros with a stray byte).
        #expect(Self.feed([0x41, 0x0A] + [UInt8](repeating: 0, count: 8192), chunking: chunking).0.binary == .data)
    }
}

/// Damage that moves or splits a line without losing its text: a relay's header on each
/// piece of a line a terminal wrapped at 80 columns, another message between a wrapped line
/// and its rest, a first line without the relay's header the others have, a key split
/// over lines with stamps of their own.
@Suite struct SplitLineTests {
    static let packet = "*Nov 10 09:00:00.100: ISAKMP (1011): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_KEY_EXCH"
    static let state = "*Nov 10 09:00:00.101: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE"
    static let kinds: [EventKind] = [
        .packetReceived(peer: "192.168.0.2", localPort: 500, peerPort: 500, role: "I", label: "MM_KEY_EXCH"),
        .stateChange(from: "IKE_QM_I_QM1", to: "IKE_QM_PHASE2_COMPLETE"),
    ]
    static func body(_ line: String) -> String { String(line.dropFirst(22)) }

    /// `line` as an 80-column terminal shows it.
    static func pieces(_ line: Substring, width: Int = 80) -> [String] {
        var out: [String] = []
        var rest = line
        while rest.count > width { out.append(String(rest.prefix(width))); rest = rest.dropFirst(width) }
        out.append(String(rest))
        return out
    }

    static func devices(_ log: String) -> [DeviceTimeline] {
        let a = LogAnalyzer(file: "test.log")
        a.feed(Array(log.utf8))
        return a.finishAll()
    }

    static let relays: [(String, @Sendable (Int) -> String)] = [
        ("R1", { n in "<189>\(n): R1: " }),
        ("10.0.0.1", { n in "Nov 10 09:00:00 10.0.0.1 \(n): " }),
        ("10.0.0.1", { _ in "Nov 10 09:00:00 10.0.0.1 " }),
        ("2001:db8::1", { n in "Nov 10 09:00:00 2001:db8::1 \(n): " }),
        ("10.0.0.1", { n in "Nov 10 09:00:00 2025 10.0.0.1 \(n): " }),
        ("R1", { _ in "<189>1 2024-11-10T09:00:00.000Z R1 - - - - " }),
    ]

    /// A relay that gave each piece of a line wrapped at 80 columns a header of its own: the
    /// pieces are still one line (they were read as lines nobody understood).
    @Test func readsAWrappedLineWhoseEveryPieceARelayGaveAHeader() {
        for (host, header) in Self.relays {
            var n = 0
            let log = [Self.packet, Self.state].flatMap { Self.pieces(Substring($0)) }.map { n += 1; return header(n) + $0 }
            #expect(log.count == 4)
            let events = Fixture.events(log.joined(separator: "\n") + "\n")
            #expect(events.map(\.kind) == Self.kinds, "\(host)")
            #expect(events.map(\.text) == [Self.body(Self.packet), Self.body(Self.state)], "\(host)")
            #expect(events.map { [$0.firstLine, $0.lastLine] } == [[1, 2], [3, 4]], "\(host)")
            let devices = Self.devices(log.joined(separator: "\n") + "\n")
            #expect(devices.map(\.name) == [host] && devices[0].stats.unrecognized == 0, "\(host)")
        }
    }

    /// A piece that starts with a run of digits and a space (a line cut inside a number, then
    /// given a relay's header) is no message from a host named by those digits: it continues
    /// the line (here an IOS-XE platform message whose relayed `%IPSEC-3-HMAC_ERROR` names its
    /// peer on the third piece).
    @Test func aPieceStartingWithDigitsContinuesItsLine() {
        let line = "*Nov 15 14:20:13.884: %IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000061184392211874 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 46, src_addr 198.51.100.61, dest_addr 203.0.113.1, SPI 0x5e2a91c7"
        let relayed = Self.pieces(Substring(line)).map { "<189>1 2024-11-10T09:00:00.000Z R1 - - - - " + $0 }
        #expect(relayed.count == 3 && relayed[1].contains("- - - - 00061184392211874 %IPSEC"))
        let events = Fixture.events(relayed.joined(separator: "\n") + "\n")
        #expect(events.count == 1)
        #expect(events.first?.peer == "198.51.100.61")
        #expect(events.map { [$0.firstLine, $0.lastLine] } == [[1, 3]])
    }

    /// A relayed line is measured for an 80-column cut as the relay gave it: a whole relayed
    /// line that happens to be 80 long is not cut when the next relayed line continues another
    /// message; a number after a terminal program's stamp is the router's (part of the line it
    /// printed); RFC 5424's MSG keeps its indentation; a piece's own `1: …` is text.
    @Test func relayedPiecesAreMeasuredAsTheRelayGaveThem() {
        let eighty = "Nov 10 09:00:00 10.0.0.1 7: Nov 30 22:49:14.468: IKEv2:% IKEv2 profile not found"
        #expect(eighty.count == 80)
        let log = [eighty, "Nov 10 09:00:00 10.0.0.1 8: Nov 30 22:49:14.468: IKEv2:(SESSION ID = 172,SA ID = 1):: Failed to",
                   "Nov 10 09:00:00 10.0.0.1 9: locate an item in the database"].joined(separator: "\n")
        let events = Fixture.events(log)
        #expect(events.map(\.kind) == [.v2ProfileNotFound(text: "IKEv2 profile not found"),
                                       .v2LookupFailed(text: "Failed to locate an item in the database")])
        #expect(events.map { [$0.firstLine, $0.lastLine] } == [[1, 1], [2, 3]])
        let line = "873205: Nov 20 19:14:37.988 GMT: IKEv2:(SESSION ID = 2291,SA ID = 14):Starting timer (30 sec) to wait for auth message"
        let stamped = Self.pieces(Substring(line)).map { "[2026-11-10 09:00:00] " + $0 }.joined(separator: "\n")
        #expect(Fixture.events(stamped).map(\.text) == ["IKEv2:(SESSION ID = 2291,SA ID = 14):Starting timer (30 sec) to wait for auth message"])
        let rfc = ["<189>1 2024-11-10T09:00:00.000Z R1 - - - - *Nov 10 09:00:00.100: ISAKMP (1011): ID payload",
                   "<189>1 2024-11-10T09:00:00.000Z R1 - - - -         next-payload : 8",
                   "<189>1 2024-11-10T09:00:00.000Z R1 - - - -         type         : 1"].joined(separator: "\n")
        #expect(Fixture.events(rfc).map(\.text) == ["ISAKMP (1011): ID payload | next-payload : 8 | type         : 1"])
        let reap = "*Oct 25 18:50:01.497: ISAKMP: (0):Deleting peer node by peer_reap for 203.0.113.1: 80007309399748E0"
        for header in ["[09:00:00.123] ", "<189>1 2024-11-10T09:00:00.000Z R1 - - - - ", "Nov 10 09:00:00 10.0.0.1 "] {
            let log = Self.pieces(Substring(reap)).map { header + $0 }.joined(separator: "\n")
            #expect(Fixture.events(log).map(\.text) == [String(reap.dropFirst(22))], "\(header)")
        }
    }

    /// A log pasted through a word processor: its curly quotes are IOS's straight ones, so the
    /// line that names the failure is still read (`peer’s authentication data FAILED`).
    @Test func curlyQuotesReadAsStraightOnes() {
        let log = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-auth-failed-responder.log")), as: UTF8.self)
        let curly = log.replacingOccurrences(of: "peer's", with: "peer\u{2019}s")
        #expect(curly != log)
        #expect(Fixture.analyze(curly).findings.map(\.id) == Fixture.analyze(log).findings.map(\.id))
        #expect(Fixture.analyze(curly).findings.map(\.id) == ["ikev2-auth-failed"])
        let quoted = "*Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Verification of peer\u{2019}s authentication data FAILED"
        #expect(Fixture.events(quoted).map(\.text) == ["IKEv2:(SESSION ID = 15,SA ID = 1):Verification of peer's authentication data FAILED"])
    }

    /// A terminal program's stamp on every line it logged without brackets (PuTTY's
    /// `2024-06-19 12:28:44 `): an IKEv2 packet dump's unstamped lines still continue their
    /// packet, with every word, and the prompt still names the device.
    @Test func aTerminalProgramsPlainStampOnEveryLineIsNotTheRouters() {
        let log = """
            Spoke30#debug crypto ikev2
            *Nov 16 07:19:03.881: IKEv2:(SESSION ID = 3,SA ID = 1):Sending Packet [To 203.0.113.1:500/From 192.0.2.30:500/VRF i0:f0]
            Initiator SPI : 7E03B5C19A24D6F8 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange REQUEST
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            """
        let plain = Fixture.device(Array(log.utf8))
        let stamped = log.split(separator: "\n").map { "2024-06-19 12:28:44 " + $0 }.joined(separator: "\n")
        var texts: [String] = []
        let device = Fixture.device(Array(stamped.utf8), onEvent: { texts.append($0.text) })
        #expect(device.name == "Spoke30")
        #expect(device.stats.unrecognized == 0)
        #expect(texts.last == Fixture.events(log).last?.text)
        #expect(texts.last?.contains("Initiator SPI : 7E03B5C19A24D6F8") == true)
        #expect(device.sas.map(\.exchanges) == plain.sas.map(\.exchanges))
        #expect(device.sas.first?.exchanges.first?.payloads == "SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)")
    }

    /// Another message printed between a line cut at 80 columns and its rest (a
    /// `%LINEPROTO-5-UPDOWN`, another SA's line, with or without a stamp) is a record of its
    /// own, and the cut line still gets its rest.
    @Test func aMessageBetweenAWrappedLineAndItsRestLeavesBothWhole() {
        let between = [
            ("*Nov 10 09:00:00.102: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up",
             EventKind.syslog(mnemonic: "LINEPROTO-5-UPDOWN", peer: nil)),
            ("*Nov 10 09:00:00.102: ISAKMP:(2002):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE",
             .stateChange(from: "IKE_P1_COMPLETE", to: "IKE_P1_COMPLETE")),
            ("ISAKMP:(2002):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE",
             .stateChange(from: "IKE_P1_COMPLETE", to: "IKE_P1_COMPLETE")),
        ]
        for (line, kind) in between {
            let p = Self.pieces(Substring(Self.packet)), s = Self.pieces(Substring(Self.state))
            let log = [p[0], line, p[1], s[0], line, s[1]].joined(separator: "\n") + "\n"
            let events = Fixture.events(log)
            // (The message that came between goes first: it was printed inside the cut line.)
            #expect(events.map(\.kind) == [kind, Self.kinds[0], kind, Self.kinds[1]], "\(line)")
            let between = line.first == "*" ? Self.body(line) : line
            #expect(events.map(\.text) == [between, Self.body(Self.packet), between, Self.body(Self.state)], "\(line)")
            #expect(events.map { [$0.firstLine, $0.lastLine] } == [[2, 2], [1, 3], [5, 5], [4, 6]], "\(line)")
        }
        // A line that is 80 columns long and whole: the message after it is not its rest, nor
        // are the fields of the message after it.
        let whole = "*Nov 13 11:48:09.214: ISAKMP: (1006):SA has been authenticated with 198.51.100.6"
        #expect(whole.count == 80)
        let log = [whole, "*Nov 13 11:48:09.214: ISAKMP: (1006):SA authentication status:", "        authenticated"].joined(separator: "\n")
        #expect(Fixture.events(log).map(\.kind) == [.authStatus(authenticated: true, peer: "198.51.100.6"), .authStatus(authenticated: true, peer: nil)])
        // … nor is the dump of an IKEv2 packet line after it.
        let insert = "*Nov 16 07:19:03.881: IKEv2:(SESSION ID = 3,SA ID = 1):Insert SA".padding(toLength: 80, withPad: " ", startingAt: 0)
        let packet = [insert, "*Nov 16 07:19:03.895: IKEv2:(SESSION ID = 3,SA ID = 1):Received Packet [From 203.0.113.1:500/To 192.0.2.30:500/VRF i0:f0] ",
                      "Initiator SPI : 7E03B5C19A24D6F8 - Responder SPI : 0000000000000000 Message id: 0", "IKEv2 IKE_SA_INIT Exchange RESPONSE ",
                      "Payload contents: ", " NOTIFY(NO_PROPOSAL_CHOSEN) "].joined(separator: "\n")
        #expect(Fixture.events(packet).map(\.kind) == [.other, .v2Packet(sent: false, peer: "203.0.113.1", local: "192.0.2.30", exchange: "IKE_SA_INIT",
                                                                          request: false, messageID: 0, payloads: "NOTIFY(NO_PROPOSAL_CHOSEN)")])
    }

    /// A syslog server's file that interleaves two routers line by line (`<189>N: R1: …` /
    /// `<189>N: R2: …`): a line of one router that is no message of its own (its ping output, an
    /// ID payload's field) neither joins the other router's message nor is lost; a message of
    /// several lines with the other router's lines between its own is whole; each router gets
    /// the findings its own log gives.
    @Test func twoRoutersInterleavedLineByLineStayApart() {
        let glued = "<189>1: R1: *Jun 19 12:28:44.251: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (N) NEW SA\n"
            + "<189>2: R2: Type escape sequence to abort.\n"
        #expect(Fixture.events(glued).map(\.text) == ["ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (N) NEW SA"])
        func lines(_ name: String) -> [Substring] {
            String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false)
        }
        let (a, b) = (lines("r1-responder-keyring-mismatch"), lines("r2-initiator-keyring-mismatch"))
        var out: [String] = []
        var (i, j) = (0, 0)
        while i < a.count || j < b.count {
            for _ in 0..<3 where i < a.count { out.append("<189>\(out.count + 1): R1: \(a[i])"); i += 1 }
            for _ in 0..<2 where j < b.count { out.append("<189>\(out.count + 1): R2: \(b[j])"); j += 1 }
        }
        let analysis = Analysis.diagnose(Self.devices(out.joined(separator: "\n")))
        #expect(analysis.findings.map { [$0.device, $0.id] } == [["R1", "keyring-mismatch"], ["R2", "mm5-rejected-by-peer"]])
        #expect(analysis.devices.map { $0.sas.count } == [1, 1])
        #expect(analysis.devices.map(\.stats.unrecognized) == [0, 0])
        // The ID payload R1 received keeps its fields, though R2's lines came between them.
        let id = analysis.devices[0].sas[0].events.first { if case .idPayload = $0.kind { return true }; return false }
        #expect(id?.text.contains("address      : 192.168.0.2") == true)
    }

    /// A log exported by a log store as JSON lines (Elasticsearch/ECS `host.name`, Graylog's
    /// `source`, a plain `host`): each object's message is read as the line it was (its `\n`
    /// escapes as the message's lines), under its host.
    @Test func readsAJSONLinesExport() {
        let ecs = #"{"@timestamp":"2026-11-10T09:00:00Z","host":{"name":"R1"},"message":"*Nov 10 09:00:00.100: ISAKMP (1011): ID payload\n\tnext-payload : 8\n\taddress      : 192.168.0.2","log":{"level":"debug"}}"#
        let plain = #"{"host":"R2","message":"*Nov 10 09:00:00.200: ISAKMP:(1012):Old State = IKE_I_MM5  New State = IKE_I_MM6 caf\u00e9 \"q\""}"#
        let graylog = #"{"source":"R2","timestamp":1,"message":"*Nov 10 09:00:00.300: ISAKMP:(1012):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE"}"#
        let devices = Self.devices([ecs, plain, graylog].joined(separator: "\n") + "\n")
        #expect(devices.map(\.name) == ["R1", "R2"])
        #expect(devices.map { $0.stats.unrecognized } == [0, 0])
        // (In line order: each router's record in hand waits for its router's next line.)
        let events = Fixture.events([ecs, plain, graylog].joined(separator: "\n") + "\n").sorted { $0.firstLine < $1.firstLine }
        #expect(events.map(\.text) == ["ISAKMP (1011): ID payload | next-payload : 8 | address      : 192.168.0.2",
                                       "ISAKMP:(1012):Old State = IKE_I_MM5  New State = IKE_I_MM6 café \"q\"",
                                       "ISAKMP:(1012):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE"])
        #expect(events.map(\.firstLine) == [1, 2, 3])
        // Fed a byte at a time (a JSON line split over reads) the same.
        let log = [ecs, plain, graylog].joined(separator: "\n") + "\n"
        let analyzer = LogAnalyzer(file: "test.log")
        for b in Array(log.utf8) { analyzer.feed([b]) }
        let bytewise = analyzer.finishAll()
        #expect(bytewise.map(\.name) == ["R1", "R2"] && bytewise.map { $0.stats.unrecognized } == [0, 0])
        #expect(bytewise.map { $0.sas.count } == devices.map { $0.sas.count })
    }

    /// Other log stores' JSON exports: the line under `_raw` (flat, or Splunk's
    /// `{"result":{"_raw":…}}`), `log` (fluent-bit), `SyslogMessage` (Azure, host `Computer`),
    /// ECS's `event.original`, GELF's `full_message` / `short_message`, `raw`, `Message`,
    /// Graylog's `{"message":{"message":…}}`; a JSON array of such objects, pretty-printed or
    /// on one line, and an Elasticsearch search response (`hits.hits[]._source`) over many
    /// lines: each read as the sample is, under its host, every line counted.
    @Test func readsOtherJSONExportsAndDocuments() throws {
        let text = Fixture.sampleText("r1-responder-psk-mismatch")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        func summary(_ log: String) -> [String] {
            let devices = Self.devices(log)
            let a = Analysis.diagnose(devices)
            return devices.map { "\($0.name) \($0.stats.lines) \($0.stats.unrecognized)" }
                + a.findings.map { "\($0.saNumber ?? 0) \($0.id)" }
                + devices.flatMap(\.sas).map { "\($0.number) \($0.peer ?? "-") \($0.phase1) \($0.state ?? "-")" }
        }
        let expected = summary(text)
        #expect(expected.first == "R1 \(lines.count) 0")
        func compact(_ o: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }
        func pretty(_ o: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]), as: UTF8.self)
        }
        let objects: [(String, (String) -> Any)] = [
            ("_raw", { ["_raw": $0, "_time": "2025-07-16T20:21:25.000+00:00", "host": "R1"] }),
            ("Splunk result", { ["preview": false, "result": ["_raw": $0, "host": "R1", "source": "udp:514"]] }),
            ("fluent-bit log", { ["date": 1.0, "log": $0, "hostname": "R1"] }),
            ("Azure SyslogMessage", { ["Computer": "R1", "Facility": "local7", "SyslogMessage": $0] }),
            ("ECS event.original", { ["event": ["original": $0, "kind": "event"], "host": ["name": "R1"]] }),
            ("GELF full_message", { ["full_message": $0, "host": "R1", "version": "1.1"] }),
            ("GELF short_message", { ["short_message": $0, "host": "R1"] }),
            ("raw", { ["raw": $0, "host": "R1"] }),
            ("Message", { ["Message": $0, "HostName": "R1"] }),
            ("Graylog message.message", { ["message": ["message": $0, "source": "R1"], "index": "graylog_0"] }),
        ]
        for (name, object) in objects {
            let log = try lines.map { try compact(object($0)) }.joined(separator: "\n") + "\n"
            #expect(summary(log) == expected, "\(name)")
        }
        // A JSON array, pretty-printed (a line per key) and on one line.
        let events = lines.map { ["@timestamp": "2025-07-16T20:21:25Z", "host": "R1", "message": $0] }
        let array = try pretty(events)
        #expect(summary(array + "\n").dropFirst() == expected.dropFirst())
        #expect(summary(array + "\n").first == "R1 \(array.split(separator: "\n").count) 0")
        #expect(summary(try compact(events) + "\n").dropFirst() == expected.dropFirst())
        // An Elasticsearch search response.
        let response: [String: Any] = ["took": 3, "hits": ["total": ["value": lines.count],
            "hits": lines.map { ["_index": "syslog", "_source": ["message": $0, "host": ["name": "R1"]]] }]]
        let es = try pretty(response)
        #expect(summary(es).dropFirst() == expected.dropFirst())
        #expect(summary(es).first == "R1 \(es.split(separator: "\n").count) 0")
    }

    /// Two messages on one physical line, the line end between them lost (a capture that
    /// dropped it, a paste): each is read as its own line, both on the line's number; a
    /// stamp-like text that is no router stamp (no colon after it, no month before it) stays.
    @Test func twoMessagesGluedOnOneLineAreReadApart() {
        let glued = [
            "*Nov 16 20:35:58.113: ISAKMP: (0):peer matches *none* of the profiles*Nov 16 20:35:58.113: ISAKMP: (1003):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE",
            "Nov 16 20:35:58.113: ISAKMP:(1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE      Nov 16 2026 20:35:58.119 UTC: ISAKMP:(1003):set new node 1627384950 to QM_IDLE",
        ]
        let events = Fixture.events(glued.joined(separator: "\n") + "\n")
        #expect(events.map(\.text) == [
            "ISAKMP: (0):peer matches *none* of the profiles",
            "ISAKMP: (1003):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE",
            "ISAKMP:(1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE",
            "ISAKMP:(1003):set new node 1627384950 to QM_IDLE",
        ])
        #expect(events.map { [$0.firstLine, $0.lastLine] } == [[1, 1], [1, 1], [2, 2], [2, 2]])
        #expect(events[1].kind == .stateChange(from: "IKE_R_MM5", to: "IKE_P1_COMPLETE"))
        // After an ID payload's field (a line with no stamp of its own).
        let field = "*Nov 13 11:48:09.214: ISAKMP: (0):ID payload\n        next-payload : 8\n        length       : 12*Nov 13 11:48:09.214: ISAKMP: (0):peer matches *none* of the profiles\n"
        #expect(Fixture.events(field).map(\.text) == ["ISAKMP: (0):ID payload | next-payload : 8 | length       : 12", "ISAKMP: (0):peer matches *none* of the profiles"])
        let unglued = [
            "*Nov 16 20:35:58.113: CRYPTO_PKI: certificate valid from Nov 16 20:35:58 2026 until *Dec 16 20:35:58 2027",
            "*Nov 16 20:35:58.113: ISAKMP: (1003):lifetime timer started at 20:35:58: 86400",
        ]
        #expect(Fixture.events(unglued.joined(separator: "\n")).map(\.text) == unglued.map { String($0.dropFirst(22)) })
    }

    /// A log flattened onto one line (every line end lost, a blank in its place: a paste
    /// through a tool that joins lines), as long as a line may be (64 KiB; what is longer is cut
    /// and said so): each of its hundreds of messages is read, with the findings and SAs of the
    /// log as printed. Before: a call per glued message, too deep for a thread's stack (a crash
    /// in the debug build).
    @Test func aWholeLogOnOneLineIsReadMessageByMessage() {
        var lines: [Substring] = []
        var length = 0
        for line in Fixture.sampleText("busy-headend").split(separator: "\n") {
            guard length + line.utf8.count + 1 < LineFramer.defaultMaxLineLength else { break }
            lines.append(line)
            length += line.utf8.count + 1
        }
        let flat = lines.joined(separator: " ")
        let events = Fixture.events(flat + "\n")
        #expect(lines.count > 500)
        #expect(events.count == Fixture.events(lines.joined(separator: "\n") + "\n").count)
        #expect(Set(events.map(\.firstLine)) == [1])
        #expect(DamageTests.findings(flat) == DamageTests.findings(lines.joined(separator: "\n")))
    }

    /// A terminal's codes anywhere in a line (a colourizing pager's colours around the whole
    /// message or one word, a window title) are taken out: the message reads as printed, and
    /// none of them reaches a report.
    @Test func terminalCodesInsideALineAreTakenOut() {
        let log = [
            "\u{1B}[1;32m*Nov 10 09:00:00.100: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1 \u{1B}[0m",
            "*Nov 10 09:00:00.100: ISAKMP:(0): SA request profile is \u{1B}[33mprofile2\u{1B}[0m",
            "\u{1B}]0;R1 console\u{07}*Nov 10 09:00:00.101: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2\u{1B}[K",
        ].joined(separator: "\n") + "\n"
        let events = Fixture.events(log)
        #expect(events.map(\.kind) == [.stateChange(from: "IKE_READY", to: "IKE_I_MM1"), .saRequest(profile: "profile2"),
                                       .stateChange(from: "IKE_I_MM1", to: "IKE_I_MM2")])
        #expect(events.map(\.text) == ["ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1 ",
                                       "ISAKMP:(0): SA request profile is profile2",
                                       "ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2"])
        var report: [UInt8] = []
        TextReport(color: false).render(Fixture.analyze(log)) { report.append(contentsOf: $0) }
        #expect(!report.contains(0x1B) && !report.contains(0x07))
    }

    /// Any other control character a log carries (a bell) reaches the text report
    /// as `?`, never as itself: it would act on the reader's terminal. A backspace and DEL erase
    /// the character before them, as the terminal showed the line (`fi^?le2^H`: `fle`).
    @Test func controlCharactersNeverReachTheTextReport() {
        let log = "*Nov 10 09:00:00.100: ISAKMP:(0): SA request profile is pro\u{07}fi\u{7F}le2\u{08}\n"
            + "*Nov 10 09:00:00.100: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1\n"
        for color in [false, true] {
            var report: [UInt8] = []
            TextReport(color: color).render(Fixture.analyze(log)) { report.append(contentsOf: $0) }
            let text = String(decoding: report, as: UTF8.self)
            #expect(text.contains("ISAKMP profile pro?fle"), "color \(color)")
            #expect(!report.contains { $0 < 0x20 && $0 != 0x0A && $0 != 0x1B || $0 == 0x7F }, "color \(color)")
            #expect(report.contains(0x1B) == color)
        }
    }

    /// The first line of a syslog server's file without the relay's header the others have
    /// (the capture started mid-line, a header lost) is the same router's: one device, not
    /// the file and the router.
    @Test func aFirstLineWithoutTheRelaysHeaderBelongsToItsRouter() {
        let lines = [
            "*Nov 10 09:00:00.100: ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6",
            "*Nov 10 09:00:00.200: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE",
            "*Nov 10 09:00:00.300: ISAKMP:(1011):deleting SA reason \"No reason\" state (I) QM_IDLE (peer 192.168.0.2)",
        ]
        for (host, header) in Self.relays {
            let log = ([lines[0]] + lines.dropFirst().enumerated().map { header($0.offset + 2) + $0.element }).joined(separator: "\n") + "\n"
            let devices = Self.devices(log)
            #expect(devices.map(\.name) == [host], "\(host)")
            #expect(devices.map { $0.sas.count } == [1], "\(host)")
            #expect(devices[0].sas.first?.states.map { "\($0.from)>\($0.to)" } == ["IKE_I_MM5>IKE_I_MM6", "IKE_I_MM6>IKE_P1_COMPLETE"], "\(host)")
            #expect(devices[0].sas.first?.deleted == true && devices[0].stats.lines == 3, "\(host)")
        }
        // A log that a prompt names first is that router's; a relayed line of another router
        // pasted into it is another device.
        let pasted = ["HQ#", lines[0], "<189>7: R2: " + lines[1], lines[2]].joined(separator: "\n") + "\n"
        #expect(Self.devices(pasted).map(\.name) == ["HQ", "R2"])
    }

    /// A message a syslog server got twice (two relays, two `logging host` lines to one
    /// server): the copy has the same sequence number and stamp and is read once. IOS itself
    /// prints some lines twice in one millisecond (`deleting SA reason "Death by
    /// retransmission P1"`): without sequence numbers, or with two, both are read.
    @Test func aMessageAServerGotTwiceIsReadOnce() {
        let lines = [
            "*Nov 10 09:00:00.100: ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6",
            "*Nov 10 09:00:00.200: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE",
        ]
        let copies = lines.enumerated().flatMap { n, l in
            ["Nov 10 09:00:00 10.0.0.1 \(n + 7): " + l, "Nov 10 09:00:01 10.0.0.1 \(n + 7): " + l]
        }.joined(separator: "\n")
        let events = Fixture.events(copies)
        #expect(events.map(\.kind) == [.stateChange(from: "IKE_I_MM5", to: "IKE_I_MM6"), .stateChange(from: "IKE_I_MM6", to: "IKE_P1_COMPLETE")])
        #expect(events.map { [$0.firstLine, $0.lastLine] } == [[1, 2], [3, 4]])
        let twice = "*Nov 14 08:32:05.412: ISAKMP:(0):deleting SA reason \"Death by retransmission P1\" state (I) MM_NO_STATE (peer 203.0.113.99)"
        let before = lines.joined(separator: "\n") + "\n"
        #expect(Fixture.events(before + twice + "\n" + twice).count == 4)
        #expect(Fixture.events("<189>7: R1: " + twice + "\n<189>8: R1: " + twice).count == 2)
    }

    /// A log whose every line came twice, stamp and all, with no sequence number to tell (two
    /// `logging host` paths into one file, a capture saved twice over itself): from the third
    /// copy on, each copy is read as part of its line's record, so the log reads as the single
    /// one but for the first two messages (IOS prints some lines twice: two copies alone tell
    /// nothing); the diagnoses are the same, and the lines are all counted. (Here a prompt
    /// after every other pair, lines that came once: no log doubled from its first lines on, as
    /// `DoubledScan` tells one.)
    @Test func aLogWhoseEveryLineCameTwiceReadsAsTheSingleLog() {
        let single = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("no-psk-responder.log")), as: UTF8.self)
        let doubled = single.split(separator: "\n", omittingEmptySubsequences: false).enumerated().flatMap { i, l in
            l.hasPrefix("*") ? [l, l] + (i % 2 == 0 ? ["R1#"] : []) : [l]
        }.joined(separator: "\n")
        let (a, b) = (Fixture.events(single), Fixture.events(doubled))
        #expect(b.count == a.count + 2)
        #expect(b.dropFirst(4).map(\.kind) == a.dropFirst(2).map(\.kind))
        #expect(b.dropFirst(4).map(\.text) == a.dropFirst(2).map(\.text))
        #expect(b.dropFirst(4).allSatisfy { $0.lastLine > $0.firstLine })
        let (x, y) = (Fixture.analyze(single), Fixture.analyze(doubled))
        #expect(y.findings.map(\.id) == x.findings.map(\.id) && !x.findings.isEmpty)
        // (The first copies, read apart, start no SA of their own: no SA is split.)
        #expect(y.devices.map { $0.sas.count } == x.devices.map { $0.sas.count })
        // One line that starts an SA, doubled alone (`IKE_READY → IKE_I_MM1` twice in a row).
        let lines = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log")), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let at = lines.firstIndex { $0.hasSuffix("New State = IKE_I_MM1") }!
        let once = Fixture.analyze(lines.joined(separator: "\n"))
        let twice = Fixture.analyze((lines[...at] + lines[at...]).joined(separator: "\n"))
        #expect(once.devices[0].sas.count == 1 && twice.devices[0].sas.count == 1)
        // So in a double-spaced log (a blank line after each, a line end converted twice): the
        // copy is the next message, not the next line.
        let spaced = Fixture.analyze((lines[...at] + lines[at...]).joined(separator: "\n\n"))
        #expect(spaced.devices[0].sas.count == 1 && spaced.findings.map(\.id) == once.findings.map(\.id))
        // (Another message between them, in the same millisecond: two SAs' starts, not a copy.)
        let stamp = String(lines[at].prefix { $0 != "I" })
        let between = Fixture.analyze((lines[...at] + [Substring(stamp + "ISAKMP:(0): beginning Main Mode exchange")] + lines[at...]).joined(separator: "\n\n"))
        #expect(between.devices[0].sas.count == 2)
        #expect(y.devices.first?.stats.lines == doubled.split(separator: "\n", omittingEmptySubsequences: false).count - 1)
    }

    /// A log whose every line came twice in a row, byte for byte, a wrapped message's rests and
    /// a block's lines too (a relay that sends each line twice): told from its first lines, it
    /// reads as the single log from its first line on: the same events with the same texts, each
    /// over the lines of its own and their copies, and the same findings. (Before, a wrapped
    /// message's rest read with its copy: `CurState: I_SPI=…`, an SA's role lost.) A log with a
    /// few lines twice is read as it is.
    @Test(arguments: Fixture.sampleNames())
    func aLogWhoseEveryLineCameTwiceInARowReadsAsTheSingleLog(_ name: String) {
        let single = Fixture.sampleText(name)
        var lines = single.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        let doubled = lines.flatMap { [$0, $0] }.joined(separator: "\n") + "\n"
        let (a, b) = (Fixture.events(single), Fixture.events(doubled))
        #expect(b.map(\.kind) == a.map(\.kind))
        #expect(b.map(\.text) == a.map(\.text))
        // (A ping's summary and a typed `clear crypto …` are records of their own line, made
        // at once: their copies are console noise, as they are.)
        #expect(b.map { [$0.firstLine, $0.lastLine] } == a.map { [2 * $0.firstLine - 1, $0.kind.isOwnLine ? 2 * $0.lastLine - 1 : 2 * $0.lastLine] })
        let (x, y) = (Fixture.analyze(single), Fixture.analyze(doubled))
        #expect(y.findings.map(\.id) == x.findings.map(\.id))
        #expect(y.devices.map { $0.sas.count } == x.devices.map { $0.sas.count })
        #expect(y.devices.map { $0.stats.lines } == x.devices.map { 2 * $0.stats.lines })
        #expect(y.devices.map { $0.stats.unrecognized } == x.devices.map { 2 * $0.stats.unrecognized })
        #expect(y.devices.map { $0.stats.noise } == x.devices.map { 2 * $0.stats.noise })
    }

    @Test func aLogWithAFewLinesTwiceIsNotReadAsDoubled() {
        // Six lines of ten twice: no doubled log, each copy read as IOS printed it.
        let lines = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log")), as: UTF8.self)
            .split(separator: "\n").prefix(10)
        let some = lines.enumerated().flatMap { i, l in i < 6 ? [l, l] : [l] }.joined(separator: "\n") + "\n"
        var scan = DoubledScan()
        some.utf8.withContiguousStorageIfAvailable { scan.observe(UnsafeRawBufferPointer($0)) }
        #expect(scan.verdict == false)
        let all = lines.flatMap { [$0, $0] }.joined(separator: "\n") + "\n"
        var whole = DoubledScan()
        all.utf8.withContiguousStorageIfAvailable { whole.observe(UnsafeRawBufferPointer($0)) }
        #expect(whole.verdict == true)
        // (Too few lines to tell: no verdict yet.)
        var short = DoubledScan()
        (lines.prefix(3).flatMap { [$0, $0] }.joined(separator: "\n") + "\n").utf8.withContiguousStorageIfAvailable { short.observe(UnsafeRawBufferPointer($0)) }
        #expect(short.verdict == nil)
    }

    /// A pre-shared key cut by a line end, its pieces given stamps (or relay headers) of their
    /// own or another message between them, never shows: not in events, not in any report.
    @Test func neverShowsAKeySplitOverStampedLines() {
        let log = """
        *Nov 10 09:00:00.100: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1
        *Nov 10 09:00:00.120: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin logged command:crypto isakmp key SECR
        *Nov 10 09:00:00.120: ETXYZ123 address 10.1.1.1
        R1(config)#crypto isakmp key PROMPTSEC
        *Nov 10 09:00:00.140: RETXYZ456 address 10.1.1.2
        *Nov 10 09:00:00.150: crypto isakmp key
        *Nov 10 09:00:00.150: WORDSECRET789 address 10.1.1.3
         pre-shared-key address 10.1.1.4 key KEYRINGSE
        *Nov 10 09:00:00.160: CRETABC
        <189>55: R1:  pre-shared-key address 10.1.1.5 key RELAYSE
        <189>56: R1: CRETDEF
         pre-shared-key address 10.1.1.6 key BETWEENSE
        *Nov 10 09:00:00.170: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up
        CRETGHI
        *Nov 10 09:00:00.171: crypto isakmp key 0 \("")
        *Nov 10 09:00:00.171: TYPEDSECRET address 10.1.1.7
        *Nov 10 09:00:00.172: crypto isakmp key \("")
        *Nov 10 09:00:00.172: STAMPED
        WORDRESTSECRET address 10.1.1.8
         pre-shared-key address 10.1.1.9 key BLANKSE
        *Nov 10 09:00:00.173: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up

        CRETMNO
        *Nov 10 09:00:00.174: ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL username admin password
        0 TYPEDPASSWORD
        *Nov 10 09:00:00.174: crypto isakmp key STAMPONLYSE
        *Nov 10 09:00:00.174: \("")
        CRETPQR address 10.1.1.10
        *Nov 10 09:00:00.176: keyring1     192.168.0.2                                 \("")
        *Nov 10 09:00:00.176: ROWKEYSECRET
        keyring2     192.168.0.3                                 \("")
        NEXTROWKEYSECRET
        R1#show crypto isakmp key
        Keyring      Hostname/Address                            Preshared Key
        default      10.1.1.1                                    TABLESE
        *Nov 10 09:00:00.175: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up
        CRETJKL
        *Nov 10 09:00:00.177: ISAKMP: (0):constructed NAT-T vendor-03 ID  pre-shared-key
         local SIDESECRET
        *Nov 10 09:00:00.178: pre-shared-key
        *Nov 10 09:00:00.178: remote STAMPEDSIDESECRET
        *Nov 10 09:00:00.180: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2

        """
        var texts: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { texts.append($0.text) })
        let all = texts.joined(separator: "\n")
        for piece in ["SECR", "ETXYZ123", "PROMPTSEC", "RETXYZ456", "WORDSECRET789", "KEYRINGSE", "CRETABC", "RELAYSE", "CRETDEF",
                      "BETWEENSE", "CRETGHI", "TYPEDSECRET", "STAMPED", "WORDRESTSECRET", "TABLESE", "CRETJKL", "BLANKSE", "CRETMNO",
                      "TYPEDPASSWORD", "STAMPONLYSE", "CRETPQR", "ROWKEYSECRET", "SIDESECRET"] {
            #expect(!all.contains(piece), "\(piece) leaked")
        }
        #expect(texts.contains("***** address 10.1.1.1") || all.contains("logged command:crypto isakmp key ***** address 10.1.1.1"))
        #expect(texts.contains("***** address 10.1.1.2") && all.contains("***** address 10.1.1.3"))
        #expect(texts.contains("%LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up"))
        // (A key table's row cut before its key keeps its keyring name and address; the row
        // after a prompt's command is that command's output, noise.)
        #expect(all.contains("keyring1     192.168.0.2") && !all.contains("keyring2"))
        let analysis = Analysis.diagnose([Fixture.device(Array(log.utf8))])
        var json = ""
        JSONReport.write(analysis) { json += String(decoding: $0, as: UTF8.self) }
        var text = ""
        TextReport(color: false).render(analysis) { text += String(decoding: $0, as: UTF8.self) }
        #expect(!json.contains("SE") && !text.contains("CRET"))
    }
}

/// Two routers' captures pasted one after the other, each with its own prompt typing `debug
/// crypto …`: two devices, each with its own SA, and the two ends linked.
@Suite struct ConcatenatedCapturesTests {
    static func analyzeAll(_ text: String) -> Analysis {
        let analyzer = LogAnalyzer(file: "both.log")
        analyzer.feed(Array(text.utf8))
        return Analysis.diagnose(analyzer.finishAll())
    }

    @Test func eachRoutersCaptureIsItsOwnDevice() {
        let a = Self.analyzeAll(Fixture.sampleText("r1-responder-keyring-mismatch") + Fixture.sampleText("r2-initiator-keyring-mismatch")
                                + Fixture.sampleText("r1-responder-psk-mismatch"))
        #expect(a.devices.map(\.name) == ["R1", "R2"])
        #expect(a.devices.map { $0.sas.map(\.connId) } == [[1012, 1004], [1012]])
        #expect(a.devices.map { $0.sas.map(\.role) } == [[.responder, .responder], [.initiator]])
        #expect(a.findings.map(\.id) == ["keyring-mismatch", "psk-mismatch", "mm5-rejected-by-peer"])
        // (The initiator's finding names what the responder's log shows.)
        #expect(a.findings[2].explanation.contains("keyring-mismatch (R1 SA #1)"))
    }

    /// `show logging` and `do debug …` begin a capture too, and a router's prompt seen again
    /// takes its lines back.
    @Test func showLoggingAndDoDebugBeginCapturesAndAPromptGoesBack() {
        let r1 = Fixture.sampleText("r1-responder-keyring-mismatch").replacingOccurrences(of: "R1#debug crypto isakmp", with: "R1#show logging")
        let r2 = Fixture.sampleText("r2-initiator-keyring-mismatch").replacingOccurrences(of: "R2#debug crypto isakmp", with: "R2(config)#do debug crypto isakmp")
        let lines = r1.split(separator: "\n", omittingEmptySubsequences: false)
        // R1's capture in two parts, R2's between them: R1's prompt takes its rest back.
        let log = lines[..<60].joined(separator: "\n") + "\n" + r2 + "R1#\n" + lines[60...].joined(separator: "\n")
        let a = Self.analyzeAll(log)
        #expect(a.devices.map(\.name) == ["R1", "R2"])
        #expect(a.devices.map { $0.sas.map(\.connId) } == [[1012], [1012]])
        #expect(a.findings.map(\.id) == ["keyring-mismatch", "mm5-rejected-by-peer"])
    }

    /// Debug output watched over SSH: each capture begins with `terminal monitor` (`term mon`),
    /// the debugging turned on earlier, out of the capture.
    @Test func terminalMonitorBeginsACapture() {
        for (one, two) in [("terminal monitor", "terminal monitor"), ("term mon", "terminal monitor"), ("terminal monitor", "debug crypto isakmp")] {
            let r1 = Fixture.sampleText("r1-responder-keyring-mismatch").replacingOccurrences(of: "R1#debug crypto isakmp", with: "R1#" + one)
            let r2 = Fixture.sampleText("r2-initiator-keyring-mismatch").replacingOccurrences(of: "R2#debug crypto isakmp", with: "R2#" + two)
            let a = Self.analyzeAll(r1 + r2)
            #expect(a.devices.map(\.name) == ["R1", "R2"], "\(one), \(two)")
            #expect(a.devices.map { $0.sas.map(\.role) } == [[.responder], [.initiator]], "\(one), \(two)")
            #expect(a.findings.map(\.id) == ["keyring-mismatch", "mm5-rejected-by-peer"], "\(one), \(two)")
        }
        // `terminal monitor` typed before a `hostname` change: the prompt that turns the
        // debugging on, before any debug output, names the device.
        let renamed = "Router#terminal monitor\nRouter#conf t\nRouter(config)#hostname R1\nR1(config)#end\n"
            + Fixture.sampleText("r1-responder-keyring-mismatch")
        #expect(Self.analyzeAll(renamed).devices.map(\.name) == ["R1"])
        // `terminal no monitor` ends one; typed by another router it begins nothing.
        let r1 = Fixture.sampleText("r1-responder-keyring-mismatch").replacingOccurrences(of: "R1#debug crypto isakmp", with: "R1#terminal monitor")
        let r2 = Fixture.sampleText("r2-initiator-keyring-mismatch").replacingOccurrences(of: "R2#debug crypto isakmp", with: "R2#terminal no monitor")
        #expect(Self.analyzeAll(r1 + r2).devices.map(\.name) == ["R1"])
    }

    @Test func oneRoutersDebugTypedTwiceIsOneDevice() {
        let r1 = Fixture.sampleText("r1-responder-keyring-mismatch")
        let a = Self.analyzeAll(r1 + r1.replacingOccurrences(of: "Jun 19 ", with: "Jun 20 "))
        #expect(a.devices.map(\.name) == ["R1"])
        #expect(a.devices[0].sas.count == 2)
    }
}

/// Two routers' logs pasted one after the other into one file with a line between them that
/// names the file or the router (`head`'s `==> r2.log <==`, `===== R2 =====`, `R2 log:`: see
/// `PartSeparator`), where the second has no prompt of its own (only its debug lines copied) or
/// both routers are left as `Router`: two devices, each with the findings, SAs and lines of its
/// own file, none of the second's lines taken for a copy of the first's (both routers print the
/// same lines at the same NTP time).
@Suite struct SeparatedLogsTests {
    static let pairs = [("r1-responder-psk-mismatch", "r2-initiator-psk-mismatch"),
                        ("r1-responder-keyring-mismatch", "r2-initiator-keyring-mismatch"),
                        ("r1-initiator-qm-error32", "r2-responder-qm-error32"), ("r1-initiator-success", "r2-responder-success")]

    /// Each separator for the router's name (`R1`), and the name it gives the part: a file's as
    /// a file's device is named (`r1`), a host's as it is.
    static let separators: [(String, @Sendable (String) -> String, @Sendable (String) -> String)] = [
        ("head", { "==> \($0.lowercased()).log <==\n" }, { $0.lowercased() }),
        ("head with a path, after a blank line", { "\n==> logs/\($0.lowercased()).log <==\n" }, { $0.lowercased() }),
        ("more", { "::::::::::::::\n\($0.lowercased()).log\n::::::::::::::\n" }, { $0.lowercased() }),
        ("a banner", { "===== \($0) =====\n" }, { $0 }),
        ("a dashed banner", { "---------- \($0) ----------\n" }, { $0 }),
        ("a dashed banner with the address", { "----- \($0) (10.0.0.\($0.last!)) -----\n" }, { $0 }),
        ("an INI-like section", { "[\($0)]\n" }, { $0 }),
        ("a markdown heading", { "### \($0.lowercased()).log\n" }, { $0.lowercased() }),
        ("a caption", { "\($0) log:\n" }, { $0 }),
        ("a name alone after a blank line", { "\n\($0):\n" }, { $0 }),
        ("Logs from", { "\nLogs from \($0)\n\n" }, { $0 }),
        ("a script's arrow", { ">>> \($0)\n" }, { $0 }),
        ("a script's arrow and a file", { ">>>> \($0.lowercased()).log\n" }, { $0.lowercased() }),
        ("a log file's name alone", { "\($0.lowercased()).log\n" }, { $0.lowercased() }),
        ("a log file's path alone after a blank line", { "\nlogs/\($0).txt\n" }, { $0 }),
    ]

    /// A sample as pasted: as captured, its prompts (and `debug`'s confirmations) taken out,
    /// or its router left as `Router`.
    enum Part: CaseIterable { case asCaptured, withoutPrompts, namedRouter }

    static func part(_ name: String, _ how: Part) -> String {
        var text = Fixture.sampleText(name)
        if !text.hasSuffix("\n") { text += "\n" }
        switch how {
        case .asCaptured: return text
        case .withoutPrompts:
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .filter { !$0.contains(#/^[A-Za-z0-9_-]+(\(config[^)]*\))?#/#) && !$0.hasPrefix("Crypto ") }
                .map { $0 + "\n" }.joined()
        case .namedRouter: return text.replacing(#/(?m)^R[12]([#>(])/#) { "Router\($0.1)" }
        }
    }

    static func lineCount(_ s: String) -> Int { s.count(where: { $0 == "\n" }) }

    static func analyzeAll(_ text: String) -> Analysis {
        let a = LogAnalyzer(file: "both.log")
        a.feed(Array(text.utf8))
        return Analysis.diagnose(a.finishAll())
    }

    /// What each device came to (`DamageTests.findings` of one device).
    static func findings(_ analysis: Analysis, _ device: DeviceTimeline) -> [String] {
        analysis.findings.filter { $0.device == device.name }.map(DamageTests.line).sorted()
            + device.sas.map(DamageTests.summary)
    }

    @Test(arguments: pairs.map { "\($0.0) \($0.1)" })
    func eachLogIsItsOwnDevice(_ pair: String) {
        let names = pair.split(separator: " ").map(String.init)
        for how in Part.allCases {
            let parts = names.map { Self.part($0, how) }
            let alone = parts.map { DamageTests.findings($0) }
            for (what, separator, named) in Self.separators {
                let seps = ["R1", "R2"].map(separator)
                let log = seps[0] + parts[0] + seps[1] + parts[1]
                let analysis = Self.analyzeAll(log)
                let devices = analysis.devices
                let expectedNames: [String]
                switch how {
                case .asCaptured: expectedNames = ["R1", "R2"]
                case .withoutPrompts: expectedNames = ["R1", "R2"].map(named)
                case .namedRouter: expectedNames = ["R1", "R2"].map { "Router (\(named($0)))" }
                }
                #expect(devices.map(\.name) == expectedNames, "\(what), \(how)")
                guard devices.count == 2 else { continue }
                #expect(devices.map { Self.findings(analysis, $0) } == alone, "\(what), \(how)")
                // Every line counted once, each part's with its device (the second separator's
                // blank line before it, the first's), none of them a copy.
                let blanks = seps[1].prefix { $0 == "\n" }.count
                let expectedLines = [Self.lineCount(seps[0] + parts[0]) + blanks, Self.lineCount(seps[1] + parts[1]) - blanks]
                #expect(devices.map(\.stats.lines) == expectedLines, "\(what), \(how)")
                #expect(devices.map(\.stats.repeated) == [0, 0], "\(what), \(how)")
                #expect(devices.map(\.stats.unrecognized) == parts.map { Fixture.analyze($0).devices[0].stats.unrecognized }, "\(what), \(how)")
            }
        }
    }

    /// The findings are the two files' read together: the initiator's names the responder's.
    @Test func theInitiatorsFindingNamesTheRespondersInTheOtherPart() {
        let log = "==> r1.log <==\n" + Self.part("r1-responder-psk-mismatch", .withoutPrompts)
            + "==> r2.log <==\n" + Self.part("r2-initiator-psk-mismatch", .withoutPrompts)
        let a = Self.analyzeAll(log)
        #expect(a.findings.map { "\($0.device) \($0.id) \($0.peer ?? "-")" } == ["r1 psk-mismatch 192.168.0.2", "r2 mm5-rejected-by-peer 192.168.0.1"])
        #expect(a.findings[1].explanation.contains("psk-mismatch (r1 SA #1)"))
    }

    /// A separator at the top names the log's one device when no prompt does; a separator that
    /// names the part in hand again (the same file twice), or a log pasted twice after its own
    /// name, is one device: a second copy is read once.
    @Test func aSeparatorOfTheSameRouterSplitsNothing() {
        let r1 = Self.part("r1-responder-psk-mismatch", .withoutPrompts)
        let once = Self.analyzeAll("===== R1 =====\n" + r1)
        #expect(once.devices.map(\.name) == ["R1"])
        #expect(DamageTests.findings("===== R1 =====\n" + r1) == DamageTests.findings(r1))
        let twice = Self.analyzeAll("==> r1.log <==\n" + r1 + "\n==> r1.log <==\n" + r1)
        #expect(twice.devices.map(\.name) == ["r1"])
        #expect(twice.devices.map { Self.findings(twice, $0) } == [DamageTests.findings(r1)])
        #expect(twice.devices[0].stats.repeated > 0)
        // A prompt after the separator names the device.
        let prompted = Self.analyzeAll("==> r1.log <==\n" + Self.part("r1-responder-psk-mismatch", .asCaptured))
        #expect(prompted.devices.map(\.name) == ["R1"])
        // A third part of the first router's: back to its device.
        let r2 = Self.part("r2-initiator-psk-mismatch", .withoutPrompts)
        let lines = r1.split(separator: "\n", omittingEmptySubsequences: false)
        let back = Self.analyzeAll("===== R1 =====\n" + lines[..<60].joined(separator: "\n") + "\n===== R2 =====\n" + r2
                                   + "===== R1 =====\n" + lines[60...].joined(separator: "\n"))
        #expect(back.devices.map(\.name) == ["R1", "R2"])
        #expect(back.devices.map { Self.findings(back, $0) } == [DamageTests.findings(r1), DamageTests.findings(r2)])
    }

    /// The rest of a line cut at a width not learned yet (64 columns: the first cut line is the
    /// longest so far) is no caption, though its words would make one (`y console`, a router's
    /// name and a word that says the lines are a log): the log stays one device with the same
    /// findings. The same words after a line that was not cut are a caption.
    @Test func theRestOfALineCutAtAWidthNotLearnedIsNoCaption() {
        let text = Fixture.sampleText("r1-initiator-success")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let k = lines.firstIndex { $0.hasPrefix("R1#ping") }! + 1
        let message = "*Nov 17 10:14:58.011: %SYS-5-CONFIG_I: Configured from console by console"
        let whole = lines[..<k] + [message] + lines[k...]
        lines.insert(contentsOf: [String(message.prefix(64)), String(message.dropFirst(64))], at: k)
        #expect(lines[k + 1] == "y console")
        let cut = Self.analyzeAll(lines.joined(separator: "\n"))
        #expect(cut.devices.map(\.name) == ["R1"])
        #expect(DamageTests.findings(lines.joined(separator: "\n")) == DamageTests.findings(whole.joined(separator: "\n")))
        "R2 console".utf8CString.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: UInt8.self) { b in
                let line = UnsafeBufferPointer(rebasing: b.dropLast())
                #expect(PartSeparator.name(line, captions: true, afterBlank: true) == "R2")
                #expect(PartSeparator.name(line, captions: true, afterBlank: false, afterLongest: true) == nil)
            }
        }
    }

    /// Lines that only look like one are none: a heading of a word that names no router, IOS's
    /// own lines, a pager's `--More--`, a markdown rule, a command typed without its prompt, a
    /// word and its colon. Put in the middle of a sample (after a prompt, before a message), the
    /// sample reads as with a blank line there: the same devices, findings and SAs.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func linesThatNameNoRouterSplitNothing(_ name: String) {
        let lines = Fixture.sampleText(name).split(separator: "\n", omittingEmptySubsequences: false)
        let k = lines.indices.first { $0 >= lines.count / 2 && lines[$0].hasPrefix("*") } ?? lines.count / 2
        func with(_ line: String) -> String { (lines[..<k] + ["R1#", Substring(line)] + lines[k...]).joined(separator: "\n") }
        let control = Self.analyzeAll(with(""))
        for line in ["===== Summary =====", "--More--", "---", "-- ", "show logging", "Crypto ISAKMP debugging is on",
                     "Log Buffer (65536 bytes):", "### show crypto isakmp sa", "debug crypto isakmp", "Interfaces:",
                     "*** Authorized access only ***", "#pkts encaps: 9", "IPSEC_INSTALL_AWAIT", "E_I_MM2:", "output:",
                     "===== R1 log: 10.0.0.1 =====", "Debug output", "[OK]", "[confirm]", "[-- MARK --]", "----- (10.0.0.1) -----",
                     "[10.0.0.1]", ">>> Thanks", ">> R2", ">>> see below", "flash:/r2.log", "logs/r2.log"] {
            let a = Self.analyzeAll(with(line))
            #expect(a.devices.map(\.name) == control.devices.map(\.name), "\(line)")
            #expect(a.devices.map { Self.findings(a, $0) } == control.devices.map { Self.findings(control, $0) }, "\(line)")
        }
        // A configuration's banner (`show running-config` after the debug) names no router's log.
        let banner = "R1#show running-config\nBuilding configuration...\n!\nbanner motd ^C\n*** HQ-RTR1 ***\n^C\n!\nend\n"
        let configured = Self.analyzeAll(lines[..<k].joined(separator: "\n") + "\n" + banner + lines[k...].joined(separator: "\n"))
        #expect(configured.devices.map(\.name) == control.devices.map(\.name))
    }
}

/// What a capture or viewing tool put in front of every line (`CapturePrefix`), a Windows
/// editor's bytes, a syslog template's `facility.severity` after the host: the log reads as the
/// router printed it, prompts, typed commands and unstamped continuation lines included.
extension DamageTests {
    /// Each sample's lines, each given `prefix(n)` (`n` from 1), the last line's end kept.
    static func prefixed(_ text: String, _ prefix: (Int) -> String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.enumerated().map { $0.offset == lines.count - 1 && $0.element.isEmpty ? "" : prefix($0.offset + 1) + $0.element }
            .joined(separator: "\n")
    }

    static let captureTools: [(String, @Sendable (Int) -> String)] = [
        ("cat -n", { n in String(repeating: " ", count: max(0, 6 - String(n).count)) + "\(n)\t" }),
        ("an editor's :set nu", { n in String(repeating: " ", count: max(0, 3 - String(n).count)) + "\(n) " }),
        ("less -N", { n in String(repeating: " ", count: max(0, 7 - String(n).count)) + "\(n) " }),
        ("bat's gutter", { n in String(repeating: " ", count: max(0, 6 - String(n).count)) + "\(n)   │ " }),
        ("a code viewer's gutter", { n in String(repeating: " ", count: max(0, 4 - String(n).count)) + "\(n) | " }),
        // (A viewer that pads its gutter with two or three blanks: learned from the first line a
        // router's behind them, the router's own indent kept.)
        ("a gutter padded with two blanks", { n in String(repeating: " ", count: max(0, 5 - String(n).count)) + "\(n)  " }),
        ("a gutter padded with three blanks", { n in "\(n)   " }),
        ("moreutils ts", { n in "Nov 10 09:\(10 + n / 60):\(10 + n % 50) " }),
        ("ts -s", { n in "00:00:\(10 + n % 50).\(100_000 + n) " }),
        ("a terminal program's US stamp", { n in "[11/10/2025 \(1 + n % 9):00:\(10 + n % 50) AM] " }),
        ("a bare US stamp", { n in "11/10/2025 09:00:\(10 + n % 50) " }),
        ("Python logging", { n in "2025-11-10 09:00:\(10 + n % 50),\(100 + n % 900) " }),
        ("an ISO stamp with its zone", { n in "2025-11-10T09:00:\(10 + n % 50).123+01:00 " }),
        // (A terminal program's stamp that ends in a colon, as a router's does: told by the
        // prompt, or the router's own stamp, behind it.)
        ("SecureCRT's stamp and colon", { n in "10:\(10 + n / 60 % 50):\(10 + n % 50): " }),
        ("ZOC's stamp and colon", { n in "16.07.2024 20:\(10 + n / 60 % 50):\(10 + n % 50).\(100 + n % 900): " }),
        ("Python's logging and a colon", { n in "2024-07-16 20:21:\(10 + n % 50),\(100 + n % 900): " }),
    ]

    /// A line number or a tool's stamp on every line, prompt and blank lines too: the same
    /// findings on the same SAs as the log without them.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly })
    func aCaptureToolsPrefixOnEveryLineKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        for (tool, prefix) in Self.captureTools {
            #expect(Self.findings(Self.prefixed(text, prefix)) == expected, "\(tool)")
        }
    }

    /// The prompt line behind the prefix still says who typed `clear crypto isakmp` (the SA is
    /// cleared by the operator, not a failure nobody explains), and names the device; an IKEv2
    /// packet's unstamped lines still continue it.
    @Test func aPromptAndUnstampedLinesBehindACaptureToolsPrefixAreRead() {
        let cleared = Fixture.sampleText("cleared-by-operator-initiator")
        let ikev2 = Fixture.sampleText("ikev2-auth-failed-responder")
        let plain = Fixture.device(Array(ikev2.utf8))
        for (tool, prefix) in Self.captureTools {
            let a = Fixture.analyze(Self.prefixed(cleared, prefix))
            #expect(a.findings.map(\.id) == ["cleared-by-operator"], "\(tool)")
            #expect(a.devices.map(\.name) == ["R1"], "\(tool)")
            let d = Fixture.device(Array(Self.prefixed(ikev2, prefix).utf8))
            #expect(d.stats.unrecognized == plain.stats.unrecognized, "\(tool)")
            #expect(d.sas.map(\.exchanges) == plain.sas.map(\.exchanges), "\(tool)")
        }
        // The router's stamp after the tool's is the event's time.
        let events = Fixture.events("[11/10/2025 9:00:00 AM] *Jul 16 20:22:15.320: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed\n"
                                    + "[11/10/2025 9:00:01 AM] R1#clear crypto isakmp\n[11/10/2025 9:00:02 AM] ")
        #expect(events.map(\.text) == ["%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed", "R1#clear crypto isakmp"])
        #expect(events.first?.stamp?.text == "Jul 16 20:22:15.320")
    }

    /// A host name redacted before the log was shared (`<hostname>#`, `[REDACTED]#`, `****#`,
    /// `XXXXX#`) leaves the prompt a prompt: the typed `clear crypto isakmp` still clears (a
    /// note, not a failure nobody explains), a `ping`'s summary still counts; it names no device
    /// (the file's name does). Every sample with its prompts so redacted reads as it did.
    @Test func aRedactedPromptIsStillAPrompt() {
        for mask in ["<hostname>", "[REDACTED]", "****", "XXXXX", "<router name>"] {
            for name in Fixture.sampleNames() where name != "busy-headend" {
                let text = Fixture.sampleText(name)
                let redacted = text.replacing(#/(?m)^[A-Za-z][\w-]*((?:\([\w-]*\))?#)/#) { mask + $0.1 }
                #expect(Self.findings(redacted) == Self.findings(text), "\(mask) \(name)")
                let (plain, masked) = (Fixture.device(Array(text.utf8)).stats, Fixture.device(Array(redacted.utf8)).stats)
                #expect((masked.lines, masked.noise, masked.unrecognized) == (plain.lines, plain.noise, plain.unrecognized), "\(mask) \(name)")
            }
            let cleared = Fixture.sampleText("cleared-by-operator-initiator").replacing(#/(?m)^R1#/#) { _ in mask + "#" }
            let a = Fixture.analyze(cleared, file: "logs/cleared.log")
            #expect(a.findings.map { "\($0.severity) \($0.id)" } == ["info cleared-by-operator"], "\(mask)")
            #expect(a.devices.map(\.name) == ["cleared"], "\(mask)")
            let dmvpn = Fixture.sampleText("dmvpn-spoke-to-spoke-no-psk-initiator").replacing(#/(?m)^SPOKE1#/#) { _ in mask + "#" }
            #expect(Fixture.analyze(dmvpn).findings.map { "\($0.severity) \($0.id)" } == ["warning no-psk"], "\(mask)")
        }
        // (Another router's prompt still names the device; a redacted one beside it is no other router.)
        let named = "<hostname>#debug crypto isakmp\n" + Fixture.sampleText("cleared-by-operator-initiator")
        #expect(Fixture.analyze(named).devices.map(\.name) == ["R1"])
    }

    /// A prompt behind a stamp is read as a prompt, wherever it comes: a router never prints its
    /// prompt after its stamp, so the stamp is a terminal program's (`10:04:24: R1#clear crypto
    /// isakmp`), on a line of its own or on every line.
    @Test func aPromptBehindAStampIsAPrompt() {
        let text = Fixture.sampleText("cleared-by-operator-initiator")
        let stamped = text.replacing(#/(?m)^(R1#)/#) { "10:04:24: " + $0.1 }
        #expect(stamped != text)
        #expect(Self.findings(stamped) == Self.findings(text))
        let (plain, read) = (Fixture.device(Array(text.utf8)).stats, Fixture.device(Array(stamped.utf8)).stats)
        #expect((read.lines, read.noise, read.unrecognized) == (plain.lines, plain.noise, plain.unrecognized))
        #expect(Fixture.analyze(stamped).devices.map(\.name) == ["R1"])
    }

    /// Every sample as a router that stamps nothing prints it (`no service timestamps debug`,
    /// `no service timestamps log`): its messages are told apart by the words they start with,
    /// `debug nhrp`'s too (before: a DMVPN spoke's `NHRP: Adding Tunnel Endpoints` line was the
    /// rest of the line before it, the spoke-to-spoke context lost, `no-psk` an error).
    @Test(arguments: Fixture.sampleNames())
    func aRouterThatStampsNothingKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let unstamped = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> Substring in
            guard let m = line.prefixMatch(of: #/\*?\.?[A-Z][a-z]{2} +\d+ (?:\d{4} )?\d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z]{3,4})?: /#) else { return line }
            return line[m.range.upperBound...]
        }.joined(separator: "\n")
        #expect(unstamped != text || !text.contains(":00"), "\(name)")
        #expect(Self.findings(unstamped) == Self.findings(text), "\(name)")
    }

    /// A router that printed no stamps (`no service timestamps debug`), captured through a tool
    /// that stamps every line it receives: each message takes the tool's stamp as its time, and a
    /// line the terminal cut at 80 columns (the tool stamped each piece) is still joined, its
    /// width measured without the stamp.
    @Test func aMessageWithoutAStampOfItsOwnTakesTheCaptureToolsStamp() {
        let events = Fixture.events("2025-11-10 09:00:10,123 ISAKMP:(1012):Old State = IKE_R_MM5  New State = IKE_DEST_SA\n"
                                    + "2025-11-10T09:00:11.456Z ISAKMP:(1012):Old State = IKE_DEST_SA  New State = IKE_DEST_SA\n")
        #expect(events.map { $0.stamp?.text } == ["Nov 10 09:00:10.123", "Nov 10 09:00:11.456"])
        func unstamped(_ line: Substring) -> Substring {
            // (`*Jun 19 12:28:44.251: ISAKMP…` → `ISAKMP…`.)
            guard line.first == "*" || line.first?.isUppercase == true, let r = line.range(of: ": "),
                  line.distance(from: line.startIndex, to: r.lowerBound) >= 14,
                  line[..<r.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || " *:.".contains($0) }) else { return line }
            return line[r.upperBound...]
        }
        for name in ["getvpn-timebased-replay-gm", "r1-responder-keyring-mismatch", "pfs-mismatch-responder"] {
            let lines = Fixture.sampleText(name).split(separator: "\n", omittingEmptySubsequences: false).map(unstamped)
            var plain = "", cut = ""
            for (n, line) in lines.enumerated() {
                let stamp = "2025-11-10 09:\(10 + n / 60):\(10 + n % 50).\(100 + n % 900) "
                plain += stamp + line + "\n"
                var rest = line
                while rest.count > 80 {
                    cut += stamp + rest.prefix(80) + "\n"
                    rest = rest.dropFirst(80)
                }
                cut += stamp + rest + "\n"
            }
            #expect(cut.count > plain.count + 10, "\(name)")
            #expect(Self.findings(cut) == Self.findings(plain), "\(name)")
            #expect(Self.findings(plain) == Self.findings(Fixture.sampleText(name)), "\(name)")
            #expect(Fixture.device(Array(plain.utf8)).sas.allSatisfy { $0.start != nil }, "\(name)")
        }
    }

    /// A line number is told from what starts a router's own lines (its sequence numbers, uptime,
    /// a year in front of its stamp) and a tool's stamp from a router's stamp and a relay's.
    @Test func captureToolsPrefixesAreToldFromLogLines() {
        func detect(_ s: String) -> CapturePrefix.Kind? { Array(s.utf8).withUnsafeBufferPointer { CapturePrefix.detect($0)?.kind } }
        let m = "*Jul 16 20:22:15.320: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed"
        for line in ["     1\t" + m, "   1 " + m, "1 " + m, "    12\tR1#clear crypto isakmp", " 9 ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1"] {
            #expect(detect(line) == .lineNumber, "\(line)")
        }
        for line in ["Nov 10 09:00:00 " + m, "Nov 10 09:00:01 R1#clear crypto isakmp", "[11/10/2025 9:00:00 AM] " + m,
                     "2025-11-10 09:00:00,123 " + m, "11/10/2025 09:00:00 " + m, "10.11.2025 09:00:00 " + m, "00:00:05.123456 " + m,
                     "Mon Nov 10 09:00:00 UTC 2025 " + m, "(09:00:00) " + m] {
            #expect(detect(line) == .stamp, "\(line)")
        }
        // A stamp that ends in a colon is a tool's only with a prompt or the router's stamp behind
        // it; then it is taken off every line that has it (the router's uptime stamp after it kept).
        let v2 = "873204: Nov 20 19:14:37.988 GMT: IKEv2:(SESSION ID = 2291,SA ID = 14):NAT not found"
        for (line, rest) in [("10:04:24: R1#clear crypto isakmp", "R1#clear crypto isakmp"), ("16.07.2024 20:21:25.298: R1#debug crypto isakmp", "R1#debug crypto isakmp"),
                             ("10:04:24: <hostname>#", "<hostname>#"), ("2024-07-16 20:21:25,298: " + m, m), ("10:04:24: " + v2, v2)] {
            var p = Array(line.utf8).withUnsafeBufferPointer { CapturePrefix.detect($0) }
            #expect(p != nil && p?.kind != .stamp, "\(line)")
            for (next, nextRest) in [(line, rest), ("10:04:25: 00:27:07: ISAKMP:(0): beginning Main Mode exchange", "00:27:07: ISAKMP:(0): beginning Main Mode exchange"),
                                     ("16.07.2024 20:21:25.298:   next-payload : 8", "  next-payload : 8"), ("10:04:26: ", "")] where p != nil {
                let k = Array(next.utf8).withUnsafeBufferPointer { p!.lineStart($0) }
                #expect(String(decoding: next.utf8.dropFirst(k), as: UTF8.self) == nextRest, "\(line) → \(next)")
            }
        }
        for line in [m, "000123: " + m, "00:27:07: ISAKMP:(0): beginning Main Mode exchange", "1d02h: ISAKMP:(0): beginning Main Mode exchange",
                     "2026 Nov 10 09:00:00.123: ISAKMP:(0): beginning Main Mode exchange", "Nov 10 09:00:00.123: ISAKMP:(0): beginning Main Mode exchange",
                     "Nov 10 09:00:00 UTC: ISAKMP:(0): beginning Main Mode exchange", "Nov 10 09:00:00 10.0.0.1 13: " + m,
                     "Nov 10 09:00:00 R1: " + m, "2026-11-29T06:19:56Z r1 ISAKMP:(0): beginning Main Mode exchange",
                     "2024-07-16 20:21:25\tLocal7.Debug\t192.168.0.1\t182: " + m, "<189>12: R1: " + m, "12 packets sent", "   1 ",
                     "00:27:07: R1", "10:04:24: Nov 10 09:00:00 10.0.0.1 13: " + m] {
            #expect(detect(line) == nil, "\(line)")
        }
    }

    /// A log saved as Windows-1252 or Latin-1: its no-break space is the byte 0xA0 (a space
    /// where it stands), its curly quotes 0x91–0x94 (straight ones); a UTF-8 character that
    /// holds the byte 0xA0 (`à`, `†`) is kept.
    @Test func aWindows1252NoBreakSpaceIsASpace() {
        let text = Fixture.sampleText("r1-responder-psk-mismatch")
        let expected = Self.findings(text)
        var bytes: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = Array(line.utf8)
            if let k = line.range(of: ": ")?.lowerBound { l[line.utf8.distance(from: line.utf8.startIndex, to: k) + 1] = 0xA0 }
            bytes += l + [0x0A]
        }
        #expect(bytes.contains(0xA0))
        #expect(Self.findings(bytes: bytes) == expected)
        #expect(Fixture.device(bytes).stats.unrecognized == Fixture.device(Array(text.utf8)).stats.unrecognized)
        var texts: [String] = []
        let line = Array("*Jul 16 20:22:15.320:".utf8) + [0xA0] + Array("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed \u{E0} \u{2020} x".utf8)
            + [0x93] + Array("y".utf8) + [0x94, 0x0A]
        _ = Fixture.device(line, onEvent: { texts.append($0.text) })
        #expect(texts == ["%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed \u{E0} \u{2020} x\"y\""])
    }

    /// A web page's no-break spaces (`&nbsp;` for each double space) as UTF-8, and gone through
    /// Windows-1252 and back (mojibake: `Â` before each, `*Jun 19Â  10:04:24…`; and `Â` before the
    /// byte 0xA0 alone): every sample gives its own findings, every line read as before. A `Â`
    /// before anything else is the text's own.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func aNoBreakSpaceGoneThroughWindows1252IsASpace(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let unrecognized = Fixture.device(Array(text.utf8)).stats.unrecognized
        for (what, nbsp) in [("no-break space", [0xC2, 0xA0]), ("mojibake", [0xC3, 0x82, 0xC2, 0xA0]), ("mojibake, Latin-1", [0xC3, 0x82, 0xA0])] as [(String, [UInt8])] {
            var bytes: [UInt8] = []
            let t = Array(text.utf8)
            var i = 0
            while i < t.count {
                if t[i] == 0x20, i + 1 < t.count, t[i + 1] == 0x20 { bytes += nbsp + [0x20]; i += 2; continue }
                bytes.append(t[i])
                i += 1
            }
            #expect(Self.findings(bytes: bytes) == expected, "\(what)")
            #expect(Fixture.device(bytes).stats.unrecognized == unrecognized, "\(what)")
        }
        if name == "r1-responder-psk-mismatch" {
            var texts: [String] = []
            let line = Array("*Jul 16 20:22:15.320:".utf8) + [0xC3, 0x82, 0xC2, 0xA0] + Array("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed \u{C2}x".utf8) + [0x0A]
            _ = Fixture.device(line, onEvent: { texts.append($0.text) })
            #expect(texts == ["%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed \u{C2}x"])
        }
    }

    /// A byte-order mark (U+FEFF) at the start of every line (files joined line by line), or
    /// after a BSD syslog relay's header (a server's legacy file template writing an RFC 5424
    /// message, whose text starts with one): the same findings as without.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly })
    func aByteOrderMarkOnEveryLineIsNoText(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        #expect(Self.findings(Self.prefixed(text) { _ in "\u{FEFF}" }) == expected, "at each line's start")
        let relayed = Self.prefixed(text) { n in "Jul 16 20:21:\(10 + n % 50) 192.168.0.1 \u{FEFF}" }
        #expect(Self.findings(relayed) == Self.findings(Self.prefixed(text) { n in "Jul 16 20:21:\(10 + n % 50) 192.168.0.1 " }), "after a relay's header")
    }

    /// A syslog server's template with the facility and severity after the host
    /// (`Nov 10 09:00:00 10.0.0.1 local7.debug 12: …`, any facility and severity, any case, or
    /// their numbers), on each message or on every line: the same findings, the host the device.
    @Test func aFacilityAndSeverityAfterTheRelaysHostAreItsHeader() {
        let text = Fixture.sampleText("r1-responder-psk-mismatch")
        let expected = Self.findings(text)
        for facility in ["local7.debug", "LOCAL4.NOTICE", "user.info", "23.7", "kern.err:"] {
            let each = Self.prefixed(text) { n in "Nov 10 09:00:00 10.0.0.1 \(facility) \(n): " }
            #expect(Self.findings(each) == expected, "\(facility) on every line")
            let messages = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.element.first == "*" ? "Nov 10 09:00:00 10.0.0.1 \(facility) \($0.offset): " + $0.element : String($0.element) }
            #expect(Self.findings(messages.joined(separator: "\n")) == expected, "\(facility) on each message")
            #expect(Fixture.analyze(each).devices.map(\.name) == ["10.0.0.1"])
        }
        let e = Fixture.event("Nov 10 09:00:00 10.0.0.1 local7.debug 0: *Jul 16 20:22:15.320: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed")
        #expect(e.stamp?.text == "Jul 16 20:22:15.320")
        #expect(e.text == "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed")
    }
}

/// What a tool IKELens knows nothing of put in front of every line (`LearnedPrefix`): its shape
/// learned from the first lines, the log read as the router printed it.
extension DamageTests {
    /// IOS-XE's binary trace (`show logging process iosrp`, as 16.x and 17.x decode it), Python's
    /// logging with its level, a shell loop's `date`, moreutils `ts %.s`, a numbered list.
    static let unknownTools: [(String, @Sendable (Int) -> String)] = [
        ("IOS-XE 16 binary trace", { n in "2024/06/19 12:28:\(10 + n % 50).\(100_000_000 + n) {iosrp_R0-0}{255}: [buginf] [26234]: (debug): " }),
        ("IOS-XE 17 binary trace", { n in "2024/06/19 12:28:\(10 + n % 50).\(100_000_000 + n) {iosrp_R0-0}{\(n % 3 == 0 ? 1 : 255)}: [buginf] [26234]: UUID: 0, ra: 0, TID: 0 (debug): " }),
        ("Python logging with its level", { n in "2024-10-07 06:46:\(10 + n % 50),\(100 + n % 900) \(n % 7 == 0 ? "INFO" : "DEBUG") " }),
        ("date in a shell loop", { n in "Mon Oct \(n % 30 < 9 ? " " : "")\(1 + n % 30) 06:46:\(10 + n % 50) CEST 2024 " }),
        ("moreutils ts %.s", { n in "1728283\(100 + n % 900).\(100_000 + n) " }),
        ("a numbered list", { n in "\(n). " }),
    ]

    /// Such a prefix on every line, prompts, unstamped continuations and blank lines too: the same
    /// findings on the same SAs, the same devices, as the log without it. IOS-XE's trace wraps the
    /// router's messages only: the prompts and lines around them as they are.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func anUnknownToolsPrefixOnEveryLineKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let devices = Fixture.analyze(text).devices.map(\.name)
        for (tool, prefix) in Self.unknownTools {
            let prefixed = Self.prefixed(text, prefix)
            #expect(Self.findings(prefixed) == expected, "\(tool)")
            #expect(Fixture.analyze(prefixed).devices.map(\.name) == devices, "\(tool)")
        }
        let traced = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { $0.element.first == "*" ? Self.unknownTools[1].1($0.offset + 1) + $0.element : String($0.element) }
        #expect(Self.findings(traced.joined(separator: "\n")) == expected, "the router's messages in the trace")
    }

    /// The whole output of `show logging process iosrp` (its header, the decoder's lines): the
    /// sample's findings; the prompt around it still names the router.
    @Test func anIOSXEBinaryTraceReadsAsTheLog() {
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let traced = ["R1#show logging process iosrp",
                      "Logging display requested on 2024/06/19 12:30:02 (UTC) for Hostname: [R1], Model: [ISR4431/K9], Version: [17.06.05], SN: [FDO21520TGH], MD_SN: [FGL215090H6]",
                      "", "Displaying logs from the last 0 days, 0 hours, 10 minutes, 0 seconds", "executing cmd on chassis 1 ...",
                      "# of files collected = 12", ""]
            + lines.enumerated().map { $0.element.first == "*" ? Self.unknownTools[0].1($0.offset) + $0.element : String($0.element) }
            + ["======= Unified Trace Decoder Information/Statistics ======", "R1#"]
        #expect(Self.findingsAndSAs(traced.joined(separator: "\n")) == Self.findingsAndSAs(text))
        #expect(Fixture.analyze(traced.joined(separator: "\n")).devices.map(\.name) == ["R1"])
        // The first lines are held while the prefix is learned, in whatever chunks they come.
        let whole = Fixture.device(Array(traced.joined(separator: "\n").utf8))
        for chunking in [Fixture.Chunking.bytewise, .random(seed: 5), .random(seed: 17)] {
            let d = Fixture.device(Array(traced.joined(separator: "\n").utf8), chunking: chunking)
            #expect(d.stats == whole.stats, "\(chunking)")
            #expect(Analysis.diagnose([d]).findings.map(\.id) == ["keyring-mismatch"], "\(chunking)")
        }
    }

    /// IOS-XE's trace of a router that stamps no debug of its own: the trace's date and time is
    /// each message's stamp (its year left out, as a router's), the SAs' times as the router's
    /// stamps would have told them.
    @Test func theTracesTimeStampsAMessageTheRouterDidNot() {
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        let traced = text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            guard let m = l.firstMatch(of: #/^\*Jun 19 (\d\d:\d\d:\d\d\.\d\d\d): /#) else { return String(l) }
            return "2024/06/19 \(m.1)000000 {iosrp_R0-0}{255}: [buginf] [26234]: (debug): " + l[m.range.upperBound...]
        }.joined(separator: "\n")
        #expect(!traced.contains("*Jun"))
        #expect(Self.findingsAndSAs(traced) == Self.findingsAndSAs(text))
        #expect(Fixture.events(traced).map { $0.stamp?.text } == Fixture.events(text).map { $0.stamp?.text })
        let two = Fixture.events("2024/06/19 12:28:44.251000000 {iosrp_R0-0}{255}: [buginf] [26234]: (debug): ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1\n"
                                 + "2024/06/19 12:28:45.000000000 {iosrp_R0-0}{255}: [buginf] [26234]: (debug): ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2\n")
        #expect(two.map { $0.stamp?.text } == ["Jun 19 12:28:44.251", "Jun 19 12:28:45.000"])
        #expect(two.map(\.text) == ["ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1", "ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2"])
    }

    /// Two routers' debug interleaved by time, each line behind its router's name as a multi-host
    /// tool tags it: read as the two routers' own files are, under the tag's names.
    static func twoRoutersInterleaved(_ tag: (String, String) -> String, names: (String, String) = ("R1", "R2"),
                                      _ variation: Variation = .asIs) -> String {
        // (A message with the lines that continue it is one record; records go by their stamp,
        // R1's first in a tie, each router's in their own order.)
        func records(_ name: String, _ router: Int) -> [(stamp: String, router: Int, index: Int, lines: [String])] {
            var out: [(stamp: String, router: Int, index: Int, lines: [String])] = []
            var stamp = ""
            for line in variation.apply(Fixture.sampleText(name)).split(separator: "\n", omittingEmptySubsequences: false) {
                let m = line.firstMatch(of: /^\*?([A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d\.\d{3})/)
                if let m { stamp = String(m.1) }
                if m != nil || out.isEmpty {
                    out.append((stamp, router, out.count, [String(line)]))
                } else {
                    out[out.count - 1].lines.append(String(line))
                }
            }
            return out
        }
        let all = (records("r1-responder-psk-mismatch", 0) + records("r2-initiator-psk-mismatch", 1))
            .sorted { ($0.stamp, $0.router, $0.index) < ($1.stamp, $1.router, $1.index) }
        return all.flatMap { r in r.lines.map { tag(r.router == 0 ? names.0 : names.1, $0) } }.joined(separator: "\n") + "\n"
    }

    /// Fabric's and netmiko scripts' `[R1] `, Ansible's and docker-compose's `R1 | `, paste's
    /// `R1<TAB>`, and the like, in front of two routers' lines interleaved by time: each router
    /// its own device, named by the tag, with the findings and SAs of its own file (the tag's
    /// shape is the same for both: read as one prefix, R2's initiator lines went into R1's SA).
    @Test func aMultiHostToolsTagNamesEachLinesRouter() {
        let files = [("r1-responder-psk-mismatch", "r1.log"), ("r2-initiator-psk-mismatch", "r2.log")]
        let expected = Self.findingsByDevice(files.map { ($0.1, Array(Fixture.sampleText($0.0).utf8)) })
        #expect(expected["R1"]?.first == "1 psk-mismatch error" && expected["R2"]?.first == "1 mm5-rejected-by-peer error")
        let tags: [(String, (String, String) -> String)] = [
            ("[R1] ", { "[\($0)] " + $1 }), ("R1 | ", { $0 + " | " + $1 }), ("R1<TAB>", { $0 + "\t" + $1 }),
            ("(R1) ", { "(\($0)) " + $1 }), ("R1> ", { $0 + "> " + $1 }), ("R1 - ", { $0 + " - " + $1 }),
            // (A logger named after each router, behind its time and level: the prompts behind
            // it, `R1#`, tell the name is the router's.)
            ("Python logging", { "2024-07-16 20:21:25,298 INFO [\($0)] " + $1 }),
        ]
        for (tool, tag) in tags {
            let text = Self.twoRoutersInterleaved(tag)
            #expect(Self.findingsByDevice([("two.log", Array(text.utf8))]) == expected, "\(tool)")
        }
        // The router's stamps left out (`no service timestamps debug`): each message takes the
        // logger's date and time.
        var time = "00:00:00,000"
        let unstamped = Self.twoRoutersInterleaved { name, line in
            var rest = Substring(line)
            if let m = line.firstMatch(of: #/^\*?[A-Z][a-z]{2} +\d+ (\d\d:\d\d:\d\d)\.(\d{3}): /#) {
                time = "\(m.1),\(m.2)"
                rest = line[m.range.upperBound...]
            }
            return "2024-07-16 \(time) INFO [\(name)] " + rest
        }
        #expect(!unstamped.contains("*Jul") && Self.findingsByDevice([("two.log", Array(unstamped.utf8))]) == expected)
        // Named by the tag, not by the prompts behind it.
        let rtr = Self.twoRoutersInterleaved({ "[\($0)]: " + $1 }, names: ("r1-rtr", "r2-rtr"))
        let named = Self.findingsByDevice([("two.log", Array(rtr.utf8))])
        #expect(named["r1-rtr"] == expected["R1"] && named["r2-rtr"] == expected["R2"] && named.count == 2)
        // Whatever the chunks (the lines are held while the tag is judged).
        let bracket = Array(Self.twoRoutersInterleaved({ "[\($0)] " + $1 }).utf8)
        for chunking in [Fixture.Chunking.bytewise, .random(seed: 3)] {
            #expect(Self.findingsByDevice([("two.log", bracket)], chunking: chunking) == expected, "\(chunking)")
        }
        // Each router's lines cut at 80 columns by its terminal, the tag put on every piece.
        let wrapped = files.map { ($0.1, Array(Variation.wrappedAt80.apply(Fixture.sampleText($0.0)).utf8)) }
        let pieces = Self.twoRoutersInterleaved({ $0 + " | " + $1 }, .wrappedAt80)
        #expect(Self.findingsByDevice([("two.log", Array(pieces.utf8))]) == Self.findingsByDevice(wrapped))
        let devices = LogAnalyzer(file: "two.log")
        devices.feed(bracket)
        let stats = devices.finishAll().map(\.stats)
        #expect(stats.map(\.lines).reduce(0, +) == 258 && stats.map(\.unrecognized) == [0, 0])
    }

    /// A host's name and its colon with no blank after it (`R1:*Jun 19…`: some collectors,
    /// `sed 's/^/R1:/'`), before the router's stamp with or without its `*`, and a tag in angle
    /// brackets (`<R1> `): read as the other tags are, each router its own device (they were
    /// refused: IKE debug lines behind an unrecognized prefix).
    @Test func aHostsColonOrAngleBracketsTagNamesEachLinesRouter() {
        let files = [("r1-responder-psk-mismatch", "r1.log"), ("r2-initiator-psk-mismatch", "r2.log")]
        let expected = Self.findingsByDevice(files.map { ($0.1, Array(Fixture.sampleText($0.0).utf8)) })
        let tags: [(String, (String, String) -> String)] = [
            ("R1:", { $0 + ":" + $1 }), ("R1: before a stamp without its *", { $0 + ":" + ($1.hasPrefix("*") ? String($1.dropFirst()) : $1) }),
            ("<R1> ", { "<\($0)> " + $1 }), ("<R1>: ", { "<\($0)>: " + $1 }), ("<R1>", { "<\($0)>" + $1 }),
        ]
        for (tool, tag) in tags {
            let text = Self.twoRoutersInterleaved(tag)
            #expect(Self.findingsByDevice([("two.log", Array(text.utf8))]) == expected, "\(tool)")
            let a = LogAnalyzer(file: "two.log")
            a.feed(Array(text.utf8))
            #expect(a.finishAll().map(\.stats.unrecognized) == [0, 0], "\(tool)")
        }
        // One router's log: its findings and SAs, the device named by the tag.
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        for tag in ["R1:", "<R1> ", "<R1>"] {
            let tagged = Self.prefixed(text) { _ in tag }
            #expect(Self.findings(tagged) == Self.findings(text), "\(tag)")
            // (The router's stamp whole, its date too: `<R1>*Jun 19 12:28:44.251:` was read from
            // `12:28:…`, an uptime's, the date taken for the tag's.)
            #expect(Fixture.events(tagged).map(\.stamp) == Fixture.events(text).map(\.stamp), "\(tag)")
            let analysis = Fixture.analyze(tagged)
            #expect(analysis.devices.map(\.name) == ["R1"] && analysis.devices[0].stats.unrecognized == 0, "\(tag)")
        }
        // What is no tag: a syslog priority (`<189>`), a mail's HTML tag, a prompt, the rest of an
        // uptime stamp a line end cut (`2d03h:`).
        func detect(_ s: String) -> LearnedPrefix? { Array(s.utf8).withUnsafeBufferPointer { LearnedPrefix.detect($0) } }
        let m = "*Jul 16 20:22:15.320: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed"
        let bare = "ISAKMP:(1012):Old State = IKE_I_MM4  New State = IKE_I_MM5"
        #expect(detect("R1:" + m) != nil && detect("R1:" + m) == detect("R2:" + bare))
        #expect(detect("<R1> " + m) != nil && detect("<R1> " + m) == detect("<R22> " + bare))
        for line in ["<189>" + m, "<189> " + m, "<p> " + m, "<br>" + m, "R1#" + m, "2d03h:" + bare, "1w2d:" + bare, "12:" + bare] {
            #expect(detect(line) == nil, "\(line)")
        }
    }

    /// A level, a thread or a number that varies in front of the lines is no router's name
    /// (Python logging's `DEBUG`/`INFO`, `[worker-3]`); a word among others is one only when the
    /// prompts behind it name it: one device, the log's findings, as before.
    @Test func aVaryingLevelOrThreadInAPrefixIsNoRoutersName() {
        let text = Fixture.sampleText("r1-responder-psk-mismatch")
        let expected = Self.findings(text)
        for (tool, prefix) in [("[DEBUG] ", { (n: Int) in n % 3 == 0 ? "[INFO] " : "[DEBUG] " }),
                               ("(warning) | ", { n in n % 4 == 0 ? "(warning) | " : "(notice) | " }),
                               ("[worker-3] ", { n in "[worker-\(n % 2 + 3)] " }),
                               ("[Thread-1] ", { n in "[Thread-\(n % 3 + 1)] " }),
                               ("IOS-XE's trace of two processes", { n in
                                   "2024/06/19 12:28:\(10 + n % 50).251 {\(n % 2 == 0 ? "iosrp_R0-0" : "fman_F0-0")}{1}: [buginf] [\(n % 2 == 0 ? 26234 : 4410)]: (\(n % 5 == 0 ? "note" : "debug")): " })] {
            let prefixed = Self.prefixed(text, prefix)
            #expect(Self.findings(prefixed) == expected, "\(tool)")
            #expect(Fixture.analyze(prefixed).devices.map(\.name) == ["R1"], "\(tool)")
        }
        // One value, the prompts naming another router: the prompts name it.
        #expect(Fixture.analyze(Self.prefixed(text) { _ in "[console-a] " }).devices.map(\.name) == ["R1"])
        #expect(Fixture.analyze(Self.prefixed(text) { _ in "[r1.lab] " }).devices.map(\.name) == ["r1.lab"])
    }

    /// A line number in front of what is not the router's line as it printed it: `cat -n` of a
    /// syslog server's file (`    12  <189>11: R1: *Jun 19 …`), of a mail that quoted the log
    /// (`    12  > *Jun 19 …`), of a terminal's colored capture (`    12  ESC[32m*Jun 19 …`):
    /// taken off, every sample's findings and SAs as without.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func aLineNumberBeforeARelaysAMailsOrAColoredLineIsTakenOff(_ name: String) {
        let text = Fixture.sampleText(name)
        func outcome(_ t: String) -> [String] {
            let a = Fixture.analyze(t)
            return a.findings.map { "\($0.id) \($0.severity)" }.sorted() + ["\(a.devices.flatMap(\.sas).count) SAs"]
        }
        let expected = outcome(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let forms: [(String, (Int, Substring) -> String)] = [
            ("a relay's header", { i, l in l.isEmpty ? "" : "<189>\(i): R1: " + l }),
            ("a mail's quote", { _, l in "> " + l }),
            ("color codes", { _, l in l.isEmpty ? "" : "\u{1B}[32m" + l + "\u{1B}[0m" }),
        ]
        for (what, form) in forms {
            let numbered = lines.enumerated().map { i, l in
                String(repeating: " ", count: max(0, 5 - String(i + 1).count)) + "\(i + 1)  " + form(i, l)
            }
            #expect(outcome(numbered.joined(separator: "\n")) == expected, "\(what)")
        }
    }

    /// A debug pasted into an IRC channel line by line, as the channel's log keeps it: each line
    /// behind its time and the nick in angle brackets (`[10:05] <neteng> `, `10:05 <@neteng> `,
    /// blank lines too). Every sample gives its own findings and SAs, every line read; a mail's
    /// HTML tag, a syslog priority or an address in angle brackets is still no nick.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func aDebugPastedIntoAChatLineByLineIsRead(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let unrecognized = Fixture.analyze(text).devices.map(\.stats.unrecognized)
        for prefix in [{ (n: Int) in "[10:\(String(format: "%02d", n % 60))] <neteng> " }, { n in "10:\(String(format: "%02d", n % 60)) <@net_eng2> " }] {
            let pasted = Self.prefixed(text, prefix)
            #expect(Self.findings(pasted) == expected, "\(prefix(5))")
            #expect(Fixture.analyze(pasted).devices.map(\.stats.unrecognized) == unrecognized, "\(prefix(5))")
        }
        func detect(_ s: String) -> LearnedPrefix? { Array(s.utf8).withUnsafeBufferPointer { LearnedPrefix.detect($0) } }
        let m = "*Jul 16 20:22:15.320: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed"
        #expect(detect("[10:05] <neteng> " + m) != nil)
        for line in ["[10:05] <189> " + m, "[10:05] <p> " + m, "[10:05] <span style=\"x\"> " + m, "[10:05] <ops@example.net> " + m] {
            #expect(detect(line) == nil, "\(line)")
        }
    }

    /// One router's log behind its tag (`[R1] `): the log's findings on the same SAs; the device
    /// named by the tag when no prompt names it otherwise.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func oneRoutersTagKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let tagged = Self.prefixed(text) { _ in "[R7] " }
        #expect(Self.findings(tagged) == Self.findings(text))
        let names = Fixture.analyze(text).devices.map(\.name)
        #expect(Fixture.analyze(tagged).devices.map(\.name) == names.map { $0 == "test" ? "R7" : $0 })
    }

    /// The same tool's prefix on two lines has one shape, whatever its numbers and words; what
    /// the parser, grep's or a known tool's reader, or an export's reads as it is has none to
    /// learn, nor has a prompt, an indented line, a lone word or number in front, or the rest of
    /// a stamp a line end cut.
    @Test func anUnknownToolsPrefixIsToldFromLogLinesByItsShape() {
        func detect(_ s: String) -> LearnedPrefix? { Array(s.utf8).withUnsafeBufferPointer { LearnedPrefix.detect($0) } }
        let m = "*Jul 16 20:22:15.320: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed"
        let bare = "ISAKMP:(1012):Old State = IKE_I_MM4  New State = IKE_I_MM5"
        for (a, b) in [("2024/06/19 12:28:44.251000000 {iosrp_R0-0}{255}: [buginf] [26234]: (debug): " + m,
                        "2024/06/19 12:28:45.1 {iosrp_R0-0}{1}: [buginf] [4]: (note): " + bare),
                       ("2024/06/19 12:28:44.251 {iosrp_R0-0}{1}: [buginf] [26234]: UUID: 0, ra: 0, TID: 0 (debug): " + m,
                        "2024/06/19 12:28:44.251 {iosrp_R0-0}{1}: [buginf] [26234]: UUID: 0, ra: 0, TID: 0 (debug): " + bare),
                       ("2024-10-07 06:46:14,014 DEBUG " + m, "2024-10-07 06:46:15,900 WARNING " + bare),
                       ("Mon Oct  7 06:46:14 CEST 2024 " + m, "Mon Oct 17 06:46:14 CEST 2024 " + bare),
                       ("1728283014.000014 " + m, "1728283015.5 " + bare), ("9. " + m, "10. " + bare),
                       ("DEBUG:netmiko:" + m, "INFO:netmiko:" + bare), ("[worker-3] | " + m, "[worker-12] | " + bare)] {
            #expect(detect(a) != nil && detect(a) == detect(b), "\(a)")
        }
        for line in [m, bare, "000123: " + m, "<189>12: R1: " + m, "Nov 10 09:00:00 10.0.0.1 13: " + m, "R1#" + m, "R1#debug crypto isakmp",
                     "  12 " + m, "DEBUG " + m, "14 07:42:18.306: " + bare, "{\"message\":\"" + m + "\"}", "\"" + m + "\",\"R1\"", "> " + m,
                     "- " + m, "<p>" + m + "</p>", "Crypto ISAKMP debugging is on", "   next-payload : 8", "15. Crypto ISAKMP debugging is on",
                     // (The rest of a router's stamp a line end cut: the line before ended in it.)
                     ": " + bare, ".320: " + bare, "2:15.320: " + bare, "ul 16 20:22:15.320: " + bare, "n  7 20:22:15.320: " + bare] {
            #expect(detect(line) == nil, "\(line)")
        }
        // A syslog server's line behind it keeps its relay's header (the host names the device).
        #expect(detect("15. Nov 10 09:00:00 10.0.0.1 13: " + m) == detect("16. " + m))
        // Taken off the lines that start with its shape, up to the blanks it was learned with.
        let p = detect("15. " + m)!
        for (line, rest) in [("7. " + m, m), ("123. R1#clear crypto isakmp", "R1#clear crypto isakmp"), ("8.  next-payload : 8", " next-payload : 8"),
                             ("9.", ""), ("10.0.0.1 is up", "10.0.0.1 is up"), ("R1#", "R1#")] {
            let k = Array(line.utf8).withUnsafeBufferPointer { p.lineStart($0) }
            #expect(String(line.utf8.dropFirst(k))! == rest, "\(line)")
        }
    }
}

/// A second copy of the log in the same input (see `ReplayFilter`): the console capture of the
/// debug, then `show logging` printing the whole buffer again; a log pasted twice. The copy is
/// read once; its lines are counted as console noise, and the report says where they were.
extension DamageTests {
    /// What `show logging` prints before the buffer, after the router's own prompt.
    static func showLogging(_ text: String) -> String {
        let host = text.firstMatch(of: #/(?m)^([A-Za-z][\w-]*)#/#).map { String($0.1) } ?? "R1"
        return "\(host)#show logging\n"
            + "Syslog logging: enabled (0 messages dropped, 3 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)\n\n"
            + "    Console logging: level debugging, 1372 messages logged, xml disabled,\n                     filtering disabled\n"
            + "    Buffer logging:  level debugging, 1372 messages logged, xml disabled,\n                    filtering disabled\n"
            + "    Trap logging: level informational, 98 message lines logged\n\nLog Buffer (65536 bytes):\n\n"
    }

    /// The console capture stopped after `part` of the log's lines, then `show logging` and the
    /// whole log again.
    static func captureThenShowLogging(_ text: String, _ part: Double) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines[..<Int(Double(lines.count) * part)].joined(separator: "\n") + "\n" + showLogging(text) + text
    }

    /// Every device's counts, and the input's lines.
    static func allStats(_ text: String, parallel: Bool = false, chunking: Fixture.Chunking = .whole) -> ([InputStats], Int) {
        let a = LogAnalyzer(file: "test.log", parallel: parallel)
        Fixture.feed(a, Array(text.utf8), chunking: chunking)
        return (a.finishAll().map(\.stats), text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0))
    }

    /// Every sample gives its own findings and SAs when its console capture (stopped at 30, 60 or
    /// 85 % of its lines) is followed by `show logging` and the whole buffer, when it is pasted
    /// twice or three times, and when `show logging` is pasted twice; every line is counted.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly })
    func aSecondCopyOfTheLogIsReadOnce(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let whole = text.hasSuffix("\n") ? text : text + "\n"
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        // What was read before the copy, and the input.
        var inputs = [("pasted twice", whole, whole + whole), ("pasted three times", whole, whole + whole + whole),
                      ("show logging twice", whole, Self.showLogging(text) + whole + Self.showLogging(text) + whole)]
        for part in [0.3, 0.6, 0.85] {
            let capture = lines[..<Int(Double(lines.count) * part)].joined(separator: "\n")
            inputs.append(("capture of \(Int(part * 100)) %, then show logging", capture, Self.captureThenShowLogging(text, part)))
        }
        for (what, first, input) in inputs {
            #expect(Self.findings(input) == expected, "\(what)")
            let (stats, count) = Self.allStats(input)
            #expect(stats.reduce(0) { $0 + $1.lines } == count, "\(what)")
            // (A capture that stopped before the first message has nothing to repeat.)
            #expect((stats.reduce(0) { $0 + $1.repeated } > 0) == first.contains(#/\d\d:\d\d:\d\d/#), "\(what)")
        }
    }

    /// The lines of a copy are all counted, as console noise; the text report names where they
    /// were, once for the device. Read in chunks of any size, or on two threads, the same.
    @Test func aCopysLinesAreCountedAndNamed() {
        let text = Fixture.sampleText("r1-responder-psk-mismatch")
        let input = Self.captureThenShowLogging(text, 0.6)
        // 72 lines of capture, 11 of `show logging`'s header, then the log's 119 lines.
        let (stats, lines) = Self.allStats(input)
        let (once, _) = Self.allStats(text)
        #expect(lines == 72 + 11 + 119 && stats.count == 1)
        let s = stats[0]
        #expect(s.lines == lines && s.unrecognized == 0)
        // The log's lines 4–72 again (its stamped messages; the prompts and blank lines are
        // noise anyway), at lines 87–155: 64 lines, counted as noise.
        #expect(s.repeated == 64 && s.repeatedStretches == [87...155] && s.repeatedStretchCount == 1)
        let captureNoise = Self.allStats(text.split(separator: "\n", omittingEmptySubsequences: false)[..<72].joined(separator: "\n")).0[0].noise
        #expect(s.noise == captureNoise + 11 + once[0].noise + 64)
        #expect(s.recognized == lines)
        for (parallel, chunking) in [(false, Fixture.Chunking.bytewise), (true, .random(seed: 3)), (true, .whole)] {
            #expect(Self.allStats(input, parallel: parallel, chunking: chunking).0 == stats, "\(chunking), parallel \(parallel)")
        }
        let analysis = Fixture.analyze(input)
        var writer = TextReport(color: false)
        writer.width = 100
        #expect(writer.render(analysis).contains("""
              test.log: 202 lines, 202 recognized (97 console noise), 0 unrecognized
              lines 87–155 repeat earlier lines, stamps and all (a second copy of the log, such as show
                logging after the capture): 64 lines not read again
            """))
        // The JSON report's counts are the same (the copy's lines in `noise`).
        guard case let .object(top) = JSONReport.value(analysis), case let .object(counts)? = top["input"] else {
            Issue.record("no input counts")
            return
        }
        #expect(counts["lines"] == .int(202) && counts["noise"] == .int(97) && counts["recognized"] == .int(202))
        // Pasted twice: one stretch; three times: the second and third copies one stretch.
        #expect(Self.allStats(text + text).0[0].repeatedStretches == [123...236])
        #expect(Self.allStats(text + text + text).0[0].repeatedStretches == [123...355])
        // Each copy of a syslog server's file of two routers, whose clocks differ by hours, is read
        // once per router.
        let r1 = text.split(separator: "\n").filter { $0.hasPrefix("*") }.map { "Jul 16 20:21:25 r1.example.net " + $0 }
        let r2 = Fixture.sampleText("r2-initiator-psk-mismatch").replacingOccurrences(of: "Jul 16 20:", with: "Jul 16 14:")
            .split(separator: "\n").filter { $0.hasPrefix("*") }.map { "Jul 16 14:21:25 r2.example.net " + $0 }
        var both: [String] = []
        for i in 0..<max(r1.count, r2.count) { both += (i < r1.count ? [r1[i]] : []) + (i < r2.count ? [r2[i]] : []) }
        let file = both.joined(separator: "\n") + "\n"
        let single = Analysis.diagnose(SplitLineTests.devices(file))
        let doubled = Analysis.diagnose(SplitLineTests.devices(file + file))
        #expect(single.findings.map { "\($0.device) \($0.id)" } == ["r1.example.net psk-mismatch", "r2.example.net mm5-rejected-by-peer"])
        #expect(doubled.findings.map { "\($0.device) \($0.id)" } == single.findings.map { "\($0.device) \($0.id)" })
        #expect(doubled.devices.map { $0.sas.count } == [1, 1])
        #expect(single.devices.map(\.stats.repeated) == [0, 0])
        // (Every line that made an event the first time is a copy's line the second.)
        #expect(doubled.devices.reduce(0) { $0 + $1.stats.repeated } == Fixture.events(file).count)
        #expect(doubled.devices.map(\.stats.lines) == single.devices.map { 2 * $0.stats.lines })
        // (A copy's lines are its router's console noise, beside the noise of the first copy.)
        #expect(doubled.devices.map(\.stats.noise) == zip(single.devices, doubled.devices).map { $0.stats.noise + $1.stats.repeated })
    }

    /// Lines a busy router prints alike in one millisecond, for two SAs at once (their `(0)`
    /// lines), come without a jump back in time: all are read. After a capture that stopped
    /// among them, `show logging` repeats each only as many times as the capture had it: the
    /// rest of the buffer's are read.
    @Test func identicalLinesOfTwoSAsInOneMillisecondAreAllRead() {
        let lines = Fixture.sampleText("r1-responder-psk-mismatch").split(separator: "\n").filter { $0.hasPrefix("*") }
        let a: [String] = lines.prefix { $0.contains("20:21:25.298") }.map(String.init)
        let b: [String] = a.map { $0.replacingOccurrences(of: "192.168.0.2", with: "192.168.0.3").replacingOccurrences(of: "F4B12C58", with: "F4B13D60") }
        // Two lines of one SA, then two of the other: no line next to its twin.
        var busy: [String] = []
        for i in stride(from: 0, to: a.count, by: 2) {
            busy += a[i..<min(i + 2, a.count)]
            busy += b[i..<min(i + 2, b.count)]
        }
        let log = "HUB#debug crypto isakmp\n" + busy.joined(separator: "\n") + "\n"
        let events = Fixture.events(log)
        #expect(events.count == busy.count)
        #expect(Set(busy).count < busy.count - 10)
        #expect(Self.allStats(log).0[0].repeated == 0)
        for k in [5, 16, busy.count / 2, busy.count - 3] {
            let input = "HUB#debug crypto isakmp\n" + busy[..<k].joined(separator: "\n") + "\n" + Self.showLogging(log) + log
            #expect(Fixture.events(input).map { "\($0.kind) \($0.text)" } == events.map { "\($0.kind) \($0.text)" }, "capture of \(k) lines")
            #expect(Self.allStats(input).0[0].repeated == k, "capture of \(k) lines")
        }
        // The busy head-end's own log: nothing in it repeats.
        #expect(Self.allStats(Fixture.sampleText("busy-headend")).0.map(\.repeated).allSatisfy { $0 == 0 })
    }

    /// What cannot tell a copy apart is read as it is: a log without stamps, or with whole
    /// seconds and no `show logging` between, repeated a few lines only; one line that comes
    /// again out of order. A log pasted twice whose stamps have whole seconds is a copy when many
    /// of its lines repeat.
    @Test func aCopyIsOnlyToldBySureSigns() {
        let text = Fixture.sampleText("r1-responder-psk-mismatch")
        let unstamped = text.replacing(#/(?m)^\*Jul 16 \d\d:\d\d:\d\d\.\d\d\d: /#, with: "")
        #expect(Self.allStats(unstamped + unstamped).0[0].repeated == 0)
        let seconds = text.replacing(#/(?m)^(\*Jul 16 \d\d:\d\d:\d\d)\.\d\d\d: /#) { "\($0.1): " }
        #expect(Self.allStats(seconds + seconds).0[0].repeated > 0)
        #expect(Self.findings(seconds + seconds) == Self.findings(seconds))
        let few = seconds.split(separator: "\n").filter { $0.hasPrefix("*") }
        let shortCopy = (few + few[..<7]).joined(separator: "\n")
        #expect(Self.allStats(shortCopy).0[0].repeated == 0)
        // One line again, out of order (a relay's late copy): read, once more.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let late = lines[..<80] + [lines[60]] + lines[80...]
        #expect(Self.allStats(late.joined(separator: "\n")).0[0].repeated == 0)
    }
}

/// IPv6 peers: each sample with its IPv4 addresses written as IPv6 ones gives the findings and
/// SAs of the sample, the addresses mapped; and one peer written two ways is one peer.
@Suite struct IPv6PeerTests {
    /// Every IPv4 address a.b.c.d (not a mask's `255.…`, not `0.…`) as `2001:DB8:<a><b>::<c·256+d>`
    /// in IOS's spelling, and `IKE IPv4 Packet` as `IKE IPv6 Packet`.
    static func mapped(_ text: String) -> String {
        let b = Array(text.replacingOccurrences(of: "IKE IPv4 Packet", with: "IKE IPv6 Packet").utf8)
        var out: [UInt8] = []
        out.reserveCapacity(b.count + b.count / 4)
        var i = 0
        while i < b.count {
            guard ASCII.isDigit(b[i]), i == 0 || !(ASCII.isDigit(b[i - 1]) || b[i - 1] == ASCII.dot) else {
                out.append(b[i]); i += 1; continue
            }
            var j = i
            while j < b.count, ASCII.isDigit(b[j]) || b[j] == ASCII.dot { j += 1 }
            var e = j
            if b[e - 1] == ASCII.dot { e -= 1 }  // a sentence's dot
            let parts = String(decoding: b[i..<e], as: UTF8.self).split(separator: ".", omittingEmptySubsequences: false)
            let octets = parts.compactMap { $0.count <= 3 ? UInt32($0) : nil }.filter { $0 <= 255 }
            if parts.count == 4, octets.count == 4, octets[0] != 255, octets[0] != 0 {
                let low = octets[2] * 256 + octets[3]
                let v6 = "2001:DB8:" + String(octets[0], radix: 16, uppercase: true)
                    + (octets[1] < 16 ? "0" : "") + String(octets[1], radix: 16, uppercase: true)
                    + "::" + (low == 0 ? "" : String(low, radix: 16, uppercase: true))
                out += Array(v6.utf8)
                out += b[e..<j]
            } else {
                out += b[i..<j]
            }
            i = j
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with each line `select` picks rewritten: each IPv6 address in it (not a proxy's,
    /// `address/mask/…`) through `spell`.
    static func respelled(_ text: String, lines select: (Substring) -> Bool, _ spell: (String) -> String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard select(line) else { return String(line) }
            var out = ""
            var rest = line[...]
            while let r = rest.range(of: "2001:DB8:") {
                out += rest[..<r.lowerBound]
                var e = r.upperBound
                while e < rest.endIndex, rest[e].isHexDigit || rest[e] == ":" { e = rest.index(after: e) }
                let word = String(rest[r.lowerBound..<e])
                out += e < rest.endIndex && rest[e] == "/" ? word : spell(word)
                rest = rest[e...]
            }
            return out + rest
        }.joined(separator: "\n")
    }

    static let samples = Fixture.sampleNames().filter { $0 != "busy-headend" }

    /// The key engine's ends carry their port (`remote= 2001:DB8:C0A8::2:500`, `local=
    /// 2001:DB8:C0A8::1:0`) as IPv4's do: the peer is the address, not a second one with the
    /// port in it (before: a phantom SA on every initiator sample, and `peer-unreachable-then-up`
    /// diagnosed `unexplained-failure`).
    @Test(arguments: samples)
    func ipv6PeersGiveTheIPv4Findings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text).map(Self.mapped)
        #expect(DamageTests.findings(Self.mapped(text)) == expected)
    }

    /// One peer, written in lower case in the key engine's and the syslog messages' lines
    /// (`2001:db8:c0a8::2`), or with its zeros written out in the syslog messages'
    /// (`2001:DB8:C0A8:0:0:0:0:2`), is the peer IOS's debug lines name (before: a second peer,
    /// `tunnel-down` beside `peer-dead`, a second `psk-mismatch`).
    @Test(arguments: samples)
    func onePeerWrittenTwoWaysIsOnePeer(_ name: String) {
        let uniform = Self.mapped(Fixture.sampleText(name))
        let expected = DamageTests.findings(uniform)
        let lower = Self.respelled(uniform, lines: { $0.contains("%CRYPTO") || $0.contains("IPSEC(") || $0.contains("(key eng") }) { $0.lowercased() }
        #expect(DamageTests.findings(lower) == expected)
        // (`2001:DB8:C0A8::2` → `2001:DB8:C0A8:0:0:0:0:2`; a port after it, `Peer …::2:500`, stays.)
        let expanded = Self.respelled(uniform, lines: { $0.contains("%CRYPTO") }) { word in
            guard let gap = word.range(of: "::") else { return word }
            let head = word[..<gap.lowerBound].split(separator: ":"), tail = word[gap.upperBound...].split(separator: ":")
            return (head + Array(repeating: "0", count: 7 - head.count) + tail).joined(separator: ":")
        }
        #expect(DamageTests.findings(expanded) == expected)
    }

    /// The IPv6 respellings the syslog's and other tools' lines use, read as IOS prints them.
    @Test func ipv6AddressesAreReadInIOSSpelling() {
        func peer(_ address: String) -> String? {
            Fixture.event("*Nov 17 13:26:50.071: %CRYPTO-4-IKMP_NO_SA: IKE message from \(address) has no SA and is not an initialization offer").peer
        }
        #expect(peer("2001:db8:c0a8::2") == "2001:DB8:C0A8::2")
        #expect(peer("2001:DB8:C0A8:0:0:0:0:2") == "2001:DB8:C0A8::2")
        #expect(peer("2001:0db8:c0a8:0000:0000:0000:0000:0002") == "2001:DB8:C0A8::2")
        // The longest run of zeros (the first of two equal ones) is `::`; a single zero stays.
        #expect(peer("2001:db8:0:0:1:0:0:1") == "2001:DB8::1:0:0:1")
        #expect(peer("2001:db8:0:1:0:0:0:1") == "2001:DB8:0:1::1")
        #expect(peer("2001:db8:1:1:1:1:0:1") == "2001:DB8:1:1:1:1:0:1")
        #expect(peer("fe80:0:0:0:0:0:0:0") == "FE80::")
        #expect(peer("0:0:0:0:0:0:0:1") == "::1")
        #expect(peer("::ffff:192.0.2.1") == "::FFFF:192.0.2.1")
        #expect(peer("2001:DB8:C0A8::2") == "2001:DB8:C0A8::2")
        #expect(peer("192.168.0.2") == "192.168.0.2")
        // The key engine: the port comes off an IPv6 end as off an IPv4 one; 12.x's ends, printed
        // without one, stay whole.
        func ends(_ line: String) -> [String?] {
            guard case let .ipsecRequest(_, local, remote, _, _, _, _, _) = Fixture.event("*Nov 17 13:26:50.071: IPSEC(sa_request): ,\n  (key eng. msg.) OUTBOUND " + line).kind else { return [] }
            return [local, remote]
        }
        #expect(ends("local= 2001:DB8:C0A8::1:0, remote= 2001:db8:c0a8::2:500,") == ["2001:DB8:C0A8::1", "2001:DB8:C0A8::2"])
        #expect(ends("local= 2001:DB8:C0A8:0:0:0:0:1:4500, remote= 2001:DB8:C0A8::2:4500,") == ["2001:DB8:C0A8::1", "2001:DB8:C0A8::2"])
        #expect(ends("local= 2001:DB8::1:1, remote= 2001:DB8::2,") == ["2001:DB8::1:1", "2001:DB8::2"])
        #expect(ends("local= 192.168.0.1:500, remote= 192.168.0.2:500,") == ["192.168.0.1", "192.168.0.2"])
    }
}

/// The header parser's short cuts give what the whole parse gives.
@Suite struct HeaderShortCutTests {
    static func parse(_ line: String) -> LineHeader.Result {
        Array(line.utf8).withUnsafeBufferPointer { LineHeader.parse($0, from: 0) }
    }

    static func fast(_ line: String) -> LineHeader.Result? {
        Array(line.utf8).withUnsafeBufferPointer { LineHeader.fast($0, from: 0) }
    }

    @Test func anIndentedFieldHasNoHeader() {
        for line in ["\tnext-payload : 8", "    spi= 0x0(0), conn_id= 0, keysize= 256, flags= 0x0", "authenticated", "%%%", "keyring: "] {
            let h = Self.parse(line)
            #expect(!h.hadHeader && h.stamp == nil && h.hostRange == nil, "\(line)")
            var k = 0
            for b in line.utf8 { if b == 0x20 || b == 0x09 { k += 1 } else { break } }
            #expect(h.bodyStart == k, "\(line)")
        }
    }

    @Test func aHostInLowerCaseStillNamesTheDevice() {
        let h = Self.parse("r1: *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY New State = IKE_I_MM1")
        #expect(h.hadHeader && h.hostRange != nil && h.stamp != nil)
    }

    @Test func theFastPathTakesOnlyAWholeClock() {
        let good = "*Nov 10 23:59:60.999: ISAKMP:(0): processing SA payload"
        let f = Self.fast(good)
        #expect(f != nil && f?.stamp == Self.parse(good).stamp && f?.bodyStart == Self.parse(good).bodyStart)
        #expect(f?.stamp?.second == 60 && f?.stamp?.hour == 23 && f?.stamp?.millis == 999)
        for bad in ["*Nov 10 24:00:00.000: ISAKMP:(0): x", "*Nov 10 09:60:00.000: ISAKMP:(0): x", "*Nov 10 09:00:61.000: ISAKMP:(0): x",
                    "*Nov 10 09:0a:00.000: ISAKMP:(0): x", "*Nov 10 09-00:00.000: ISAKMP:(0): x", "*Nov 10 09:00.00.000: ISAKMP:(0): x",
                    "*Nov 10 0/:00:00.000: ISAKMP:(0): x", "*Nov 10 09:00:0:.000: ISAKMP:(0): x"] {
            #expect(Self.fast(bad) == nil, "\(bad)")
        }
    }
}

extension DamageTests {
    /// `text` as a terminal or a mail client that indents what it wraps cuts it at `width`
    /// columns (review rev23): each line longer is cut there, and each rest begins with two blanks
    /// (`…Processing IKE_SA_INIT m` / `  essage`). `terminal`: the rests are cut again at the
    /// width, their blanks counted in it; else the line is cut in pieces of `width` and each rest
    /// is indented after (then `width + 2` long).
    static func indentWrapped(_ text: String, at width: Int, terminal: Bool = true) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line -> [String] in
            if !terminal { return SplitLineTests.pieces(line, width: width).enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element } }
            var out: [String] = []
            var rest = String(line)
            while rest.count > width {
                out.append(String(rest.prefix(width)))
                rest = "  " + rest.dropFirst(width)
            }
            out.append(rest)
            return out
        }.joined(separator: "\n")
    }

    /// The events' kinds and texts, to compare two forms of a log (line numbers aside).
    static func eventTexts(_ text: String) -> [String] {
        Fixture.events(text).map { "\($0.kind) \($0.text)" }
    }

    /// A log cut at 80 columns by a terminal or a mail client that indents what it wraps (two
    /// blanks before each rest): every sample gives the findings and SAs of the log as printed,
    /// and the events of the same log wrapped without the indent (before: the rests were taken
    /// for an IKEv2 packet's indented lines or fields of their own, `Processing IKE_SA_INIT m  essage`;
    /// 16 of the samples lost their diagnosis, `unexplained-failure` for an IKEv2 authentication
    /// failure, no `peer-dead`). So do the rests cut in pieces of 80 then indented (82 long), and
    /// the terminals of 132 and 79 columns.
    @Test(arguments: Fixture.sampleNames())
    func anIndentedWrapReadsAsTheLog(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let plain = Self.eventTexts(text.split(separator: "\n", omittingEmptySubsequences: false)
            .flatMap { SplitLineTests.pieces($0) }.joined(separator: "\n"))
        for terminal in [true, false] {
            let wrapped = Self.indentWrapped(text, at: 80, terminal: terminal)
            #expect(Self.findings(wrapped) == expected, "indented wrap at 80, terminal: \(terminal)")
            #expect(Self.eventTexts(wrapped) == plain, "indented wrap at 80, terminal: \(terminal)")
        }
        guard name != "busy-headend", name != Fixture.syslogServerOnly, !name.hasSuffix("-wrapped") else { return }
        for width in [132, 79] {
            #expect(Self.findings(Self.indentWrapped(text, at: width)) == expected, "indented wrap at \(width)")
        }
    }

    /// The rests of an indented wrap: the two blanks come off a rest that splits a token or a
    /// word, or that leaves a blank the cut kept; a line that was 80 columns long as IOS printed
    /// it keeps the block after it (`  (key eng. msg.) …`, an ID payload's `    next-payload : 8`).
    @Test func theRestsOfAnIndentedWrapAreTheLinesTheyContinue() {
        let log = [
            "*Nov 17 13:26:50.071: IKEv2:(SESSION ID = 15,SA ID = 1):Processing IKE_SA_INIT m",
            "  essage",
            "*Nov 17 13:26:50.071: IKEv2:(SESSION ID = 15,SA ID = 1):[IKEv2 -> Crypto Engine]",
            "   Computing DH public key, DH Group 19",
            "*Nov 17 13:26:50.074: IKEv2:(SESSION ID = 15,SA ID = 1):Sending Packet [To 198.5",
            "  1.100.2:500/From 203.0.113.1:500/VRF i0:f0] ",
            "Initiator SPI : 3CA0E7194B6D2F85 - Responder SPI : E512B8D40C7F9A36 Message id: ",
            "  0",
            "IKEv2 IKE_SA_INIT Exchange RESPONSE ",
            "Payload contents: ",
            " SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATIO",
            "  N_IP) ",
            "*Jun 19 10:04:24.848: IPSEC(validate_proposal_request): proposal part #1, xxxxxx",
            "  (key eng. msg.) INBOUND local= 192.168.0.2:0, remote= 192.168.0.1:0,",
            "    local_proxy= 10.2.0.0/255.255.255.0/256/0,",
            "*Jun 19 10:04:24.849: ISAKMP (1012): ID payload, printed as eighty columns wide.",
            "    next-payload : 8",
        ].joined(separator: "\n") + "\n"
        let texts = Fixture.events(log).map(\.text)
        #expect(texts == [
            "IKEv2:(SESSION ID = 15,SA ID = 1):Processing IKE_SA_INIT message",
            "IKEv2:(SESSION ID = 15,SA ID = 1):[IKEv2 -> Crypto Engine] Computing DH public key, DH Group 19",
            "IKEv2:(SESSION ID = 15,SA ID = 1):Sending Packet [To 198.51.100.2:500/From 203.0.113.1:500/VRF i0:f0] Initiator SPI : 3CA0E7194B6D2F85 - Responder SPI : E512B8D40C7F9A36 Message id: 0 IKEv2 IKE_SA_INIT Exchange RESPONSE Payload contents:  | SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP) ",
            "IPSEC(validate_proposal_request): proposal part #1, xxxxxx | (key eng. msg.) INBOUND local= 192.168.0.2:0, remote= 192.168.0.1:0, | local_proxy= 10.2.0.0/255.255.255.0/256/0,",
            "ISAKMP (1012): ID payload, printed as eighty columns wide. | next-payload : 8",
        ])
    }
}

extension DamageTests {
    /// A log whose every line was turned round (`tac`, a viewer that lists a file newest first),
    /// not each event with its lines in order: every sample gives the findings and SAs of the log
    /// as printed.
    @Test(arguments: Fixture.sampleNames())
    func aLogTurnedLineByLineReadsAsTheLog(_ name: String) {
        let text = Fixture.sampleText(name)
        let turned = text.split(separator: "\n").reversed().joined(separator: "\n")
        #expect(Self.findings(turned) == Self.findings(text))
    }

    /// The DMVPN spoke's log turned line by line (review rev23): its few stamps (two, one
    /// millisecond apart) step back once, and the lines of each stamp run backwards too (`local
    /// port` before `Locking peer struct`): it is newest first, and read oldest first line by line,
    /// the key engine's request block under its head again (`IPSEC(sa_request): ,`, whose GRE
    /// proxies tell a spoke-to-spoke tunnel) and the ping's success after the SA's lines. Before, it
    /// was read as listed: the block went to `SA request profile is` upside down, the ping came
    /// before the SA, and `no-psk` was an ERROR (the traffic through the hub unseen).
    @Test func theDMVPNSpokesLogTurnedLineByLineIsReadOldestFirst() {
        let text = Fixture.sampleText("dmvpn-spoke-to-spoke-no-psk-initiator")
        let turned = text.split(separator: "\n").reversed().joined(separator: "\n")
        let a = Fixture.analyze(turned)
        #expect(a.devices[0].stats.newestFirst)
        #expect(a.findings.map { "\($0.id) \($0.severity)" } == ["no-psk warning"])
        #expect(Fixture.events(turned).map(\.text) == Fixture.events(text).map(\.text))
        // A log store's export (each event's lines in order) is still turned event by event.
        let events = Self.logStoreEvents(text)
        #expect(Fixture.events(events.reversed().flatMap { $0 }.joined(separator: "\n")).map(\.text) == Fixture.events(text).map(\.text))
    }
}

private extension EventKind {
    /// A record of its own line, made at once (`RecordAssembler.emitPingSummary`, `emitOperatorCommand`).
    var isOwnLine: Bool {
        switch self {
        case .pingResult, .operatorClear: return true
        default: return false
        }
    }
}

/// The replay filter's memory of the latest records' hashes (`RecentHashes`), placed in
/// batches: a lookup sees every hash inserted before it, and exactly the latest ones are kept.
@Suite struct RecentHashesTests {
    static func hash(_ k: Int) -> UInt64 { UInt64(k) &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// After `n` distinct hashes, the last `((n - 1) % generation) + 1` and the `generation`
    /// before them are known (the newer table and the older), no earlier one.
    static func oldestKnown(after n: Int) -> Int {
        let g = RecentHashes.generation
        return max(1, n - ((n - 1) % g + 1) - g + 1)
    }

    @Test(arguments: [1, 63, 64, 65, RecentHashes.generation, RecentHashes.generation + 1,
                      2 * RecentHashes.generation + 100, 3 * RecentHashes.generation - 1])
    func aLookupSeesEveryHashInsertedBeforeIt(n: Int) {
        var recent = RecentHashes()
        func has(_ k: Int) -> Bool { recent.contains(Self.hash(k)) }
        for k in 1...n {
            recent.insert(Self.hash(k))
            // (Looked up at once, in the middle of a batch: the hash just inserted is known.)
            if k % 1000 == 0 { #expect(has(k)) }
        }
        let oldest = Self.oldestKnown(after: n)
        #expect(has(n))
        #expect(has(oldest))
        #expect(has((oldest + n) / 2))
        if oldest > 1 { #expect(!has(oldest - 1)) }
        #expect(!has(n + 1))
    }

    @Test func aHashInsertedAgainIsCountedOnce() {
        var recent = RecentHashes()
        func has(_ k: Int) -> Bool { recent.contains(Self.hash(k)) }
        let g = RecentHashes.generation
        // (Each hash twice: the tables turn over after `generation` distinct ones, not inserts.)
        for k in 1...g { recent.insert(Self.hash(k)); recent.insert(Self.hash(k)) }
        recent.insert(Self.hash(g + 1))
        #expect(has(1))
        #expect(has(g + 1))
    }
}
