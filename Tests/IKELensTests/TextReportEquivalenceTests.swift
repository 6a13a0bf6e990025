import Testing
@testable import IKELens

/// The byte-writing `TextReport` against `ReferenceTextReport` (the report as
/// it was written with `String`s): the same text, colour on and off, on every
/// sample log and on hand-made SAs and findings full of what `String` counts
/// differently from bytes (CR LF, combining marks, emoji, line breaks inside
/// row text, words longer than a line, blank text).
@Suite struct TextReportEquivalenceTests {
    static func sample(_ name: String) -> Analysis {
        let device = Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), file: "SampleLogs/\(name).log")
        return Analysis.diagnose([device])
    }

    static func expectSame(_ a: Analysis, width: Int = 100, fullTimelineLimit: Int = 12, _ label: String) {
        for color in [false, true] {
            var new = TextReport(color: color)
            var old = ReferenceTextReport(color: color)
            new.width = width
            old.width = width
            new.fullTimelineLimit = fullTimelineLimit
            old.fullTimelineLimit = fullTimelineLimit
            // (The report neutralizes control characters the reference printed as they were.)
            func neutral(_ s: String) -> String { TextWriter.neutralized(s, keepingEscape: color) }
            let text = new.render(a)
            let expected = neutral(old.render(a))
            #expect(text == expected, "\(label), color \(color), width \(width)")
            if text != expected {
                let got = Array(text.utf8), want = Array(expected.utf8)
                let at = (0..<min(got.count, want.count)).first { got[$0] != want[$0] } ?? min(got.count, want.count)
                Issue.record("first difference at byte \(at): \(String(decoding: got[max(0, at - 60)..<min(got.count, at + 60)], as: UTF8.self).debugDescription) vs \(String(decoding: want[max(0, at - 60)..<min(want.count, at + 60)], as: UTF8.self).debugDescription)")
            }
            for d in a.devices {
                for sa in d.sas {
                    #expect(new.renderSA(sa) == neutral(old.renderSA(sa)), "\(label) SA #\(sa.number), color \(color)")
                }
            }
            for (i, f) in a.findings.enumerated() {
                #expect(new.renderFinding(f, number: i + 1) == neutral(old.renderFinding(f, number: i + 1)), "\(label) finding \(i + 1), color \(color)")
            }
        }
    }

    @Test(arguments: Fixture.sampleNames())
    func sampleReportIsUnchanged(_ name: String) {
        let a = Self.sample(name)
        Self.expectSame(a, name)
        Self.expectSame(a, width: 80, name)
        Self.expectSame(a, width: 40, fullTimelineLimit: 0, name)
    }

    /// Pieces that make `String` and bytes disagree, and the prefixes the
    /// fix and the wrapping look at.
    static let pieces = [
        "a", "word", "192.168.0.2", " ", "  ", "\n", "\r", "\r\n", "\n\n", "é", "e\u{301}", "\u{301}", " \u{301}",
        "👩‍👩‍👧", "🇫🇷", "\u{600}", "·", "→", "\t", "\u{1B}[31m", "crypto ", "no ", "ip ", "!", "crypto\u{301} ",
        String(repeating: "x", count: 120), String(repeating: "é", count: 70), "IKE_P1_COMPLETE", "日本語",
    ]

    static func randomText(_ rng: inout SplitMix64, maxPieces: Int = 12) -> String {
        var s = ""
        for _ in 0..<Int(rng.next() % UInt64(maxPieces + 1)) {
            s += pieces[Int(rng.next() % UInt64(pieces.count))]
        }
        return s
    }

    static func randomStamp(_ rng: inout SplitMix64) -> Stamp? {
        switch rng.next() % 4 {
        case 0: return nil
        case 1:
            var s = Stamp(kind: .uptime)
            s.uptimeDays = UInt16(rng.next() % 3 == 0 ? rng.next() % 400 : 0)
            s.hour = UInt8(rng.next() % 24)
            s.minute = UInt8(rng.next() % 60)
            return s
        default:
            var s = Stamp(kind: .wall)
            s.month = UInt8(rng.next() % 13)
            s.day = UInt8(rng.next() % 32)
            s.year = rng.next() % 2 == 0 ? 0 : 2024
            s.hour = UInt8(rng.next() % 24)
            s.second = UInt8(rng.next() % 60)
            s.millis = Int16(rng.next() % 2 == 0 ? -1 : Int64(rng.next() % 1000))
            return s
        }
    }

    static func maybe(_ rng: inout SplitMix64) -> String? {
        rng.next() % 3 == 0 ? nil : randomText(&rng, maxPieces: 6)
    }

    static func randomAnalysis(seed: UInt64) -> Analysis {
        var rng = SplitMix64(seed: seed)
        var sas: [SecurityAssociation] = []
        for n in 1...Int(1 + rng.next() % 16) {
            var sa = SecurityAssociation(number: n, device: randomText(&rng, maxPieces: 3), file: "x.log", firstLine: Int(rng.next() % 5000) - 10)
            sa.version = rng.next() % 3 == 0 ? 2 : 1
            sa.lastLine = Int(rng.next() % 9000)
            sa.connId = rng.next() % 4 == 0 ? nil : Int(rng.next() % 3000)
            sa.peer = maybe(&rng)
            sa.local = maybe(&rng)
            sa.peerIdentity = maybe(&rng)
            sa.role = [Role.initiator, .responder, nil][Int(rng.next() % 3)]
            sa.matchedProfile = maybe(&rng)
            sa.matchedNoProfile = rng.next() % 2 == 0
            sa.keyKeyring = maybe(&rng)
            sa.profileKeyring = rng.next() % 3 == 0 ? sa.keyKeyring : maybe(&rng)
            sa.state = maybe(&rng)
            sa.phase1 = [Phase1Result.complete, .failed, .incomplete][Int(rng.next() % 3)]
            sa.isakmpLogged = rng.next() % 4 != 0
            sa.natTraversal = rng.next() % 2 == 0
            sa.clearedByOperator = rng.next() % 5 == 0 ? 7 : nil
            sa.droppedEvents = rng.next() % 4 == 0 ? Int(rng.next() % 100) : 0
            sa.start = randomStamp(&rng)
            sa.end = randomStamp(&rng)
            sa.findingIds = rng.next() % 2 == 0 ? [] : (0..<Int(1 + rng.next() % 3)).map { _ in randomText(&rng, maxPieces: 2) }
            sa.savedTimeline = (0..<Int(rng.next() % 12)).map { _ in
                TimelineRows.Row(stamp: randomStamp(&rng), line: Int(rng.next() % 200_000) - 5,
                                 text: randomText(&rng, maxPieces: 30), tone: [TimelineRows.Tone.plain, .good, .bad][Int(rng.next() % 3)])
            }
            for _ in 0..<Int(rng.next() % 3) {
                var q = QuickMode(messageID: rng.next() % 3 == 0 ? 0 : MessageID(truncatingIfNeeded: rng.next()), firstLine: 1, lastLine: 2)
                q.result = [QuickModeResult.complete, .rejected, .refusedByPeer, .noReply, .incomplete][Int(rng.next() % 5)]
                q.localProxy = maybe(&rng)
                q.remoteProxy = maybe(&rng)
                sa.quickModes.append(q)
            }
            sas.append(sa)
        }
        var stats = InputStats()
        stats.lines = Int(rng.next() % 100_000)
        stats.unrecognized = Int(rng.next() % 100)
        stats.truncated = Int(rng.next() % 3)
        stats.invalidUTF8 = Int(rng.next() % 3)
        stats.nul = Int(rng.next() % 3)
        let file = randomText(&rng, maxPieces: 4)
        let device = DeviceTimeline(name: rng.next() % 2 == 0 ? file : randomText(&rng, maxPieces: 3), file: file,
                                    stats: stats, sas: rng.next() % 10 == 0 ? [] : sas, unattributed: [])
        var findings: [Finding] = []
        for _ in 0..<Int(rng.next() % 5) {
            findings.append(Finding(
                id: randomText(&rng, maxPieces: 2), severity: [Severity.error, .warning, .info][Int(rng.next() % 3)],
                device: randomText(&rng, maxPieces: 2), peer: maybe(&rng), connId: rng.next() % 2 == 0 ? nil : Int(rng.next() % 5000),
                saNumber: rng.next() % 2 == 0 ? nil : Int(rng.next() % 50),
                summary: randomText(&rng, maxPieces: 30), explanation: randomText(&rng, maxPieces: 40),
                fix: randomText(&rng, maxPieces: 30),
                evidence: (0..<Int(rng.next() % 4)).map { _ in
                    Evidence(file: randomText(&rng, maxPieces: 3), line: Int(rng.next() % 100_000), text: randomText(&rng, maxPieces: 25))
                }))
        }
        return Analysis(devices: [device], findings: findings)
    }

    /// A one-line log's statistics say "1 line" (it said "1 lines").
    @Test func oneLineIsOneLine() {
        let a = Fixture.analyze("*Jun 19 10:04:24.826: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 1 failed with host 192.168.0.2\n")
        let text = TextReport(color: false).render(a)
        #expect(text.contains("test.log: 1 line, 1 recognized"))
        Self.expectSame(a, width: 80, fullTimelineLimit: 12, "one line")
    }

    @Test func trickyTextIsRenderedAsBefore() {
        for seed in 0..<300 as Range<UInt64> {
            let a = Self.randomAnalysis(seed: seed)
            Self.expectSame(a, width: [100, 80, 60, 20][Int(seed % 4)], fullTimelineLimit: [12, 3][Int(seed % 2)], "seed \(seed)")
        }
    }

    /// Several devices whose SAs add up to more than four screens: the device overview
    /// and every device as a table.
    @Test func manyDevicesAreRenderedAsBefore() {
        for seed in 0..<40 as Range<UInt64> {
            var rng = SplitMix64(seed: seed)
            var devices: [DeviceTimeline] = []
            var findings: [Finding] = []
            for part in 0..<Int(2 + rng.next() % 5) {
                let a = Self.randomAnalysis(seed: seed * 100 + UInt64(part))
                var d = a.devices[0]
                var more = seed * 1000 + UInt64(part) * 100
                while d.sas.count < 25 {
                    d.sas += Self.randomAnalysis(seed: more).devices[0].sas
                    more += 1
                }
                devices.append(d)
                findings += a.findings.map { f in
                    var f = f
                    if rng.next() % 4 != 0 { f.device = d.name }
                    if rng.next() % 3 == 0, let first = findings.first { f.id = first.id }
                    return f
                }
            }
            let a = Analysis(devices: devices, findings: findings)
            #expect(a.devices.reduce(0) { $0 + $1.sas.count } > 48)
            Self.expectSame(a, width: [100, 60][Int(seed % 2)], "many devices, seed \(seed)")
        }
    }

    /// A device whose log repeated itself (`InputStats.repeated`): one line, one stretch, two,
    /// three, and more than are named.
    @Test func repeatedLinesAreRenderedAsBefore() {
        let a = Self.sample("r1-responder-psk-mismatch")
        for stretches in [[7...7], [87...155], [10...20, 40...40], [10...20, 40...50, 60...70], [10...20, 40...50, 60...70]] as [[ClosedRange<Int>]] {
            for more in [0, 1, 5] where more == 0 || stretches.count == 3 {
                var b = a
                b.devices[0].stats.repeated = stretches.reduce(0) { $0 + $1.count } + more
                b.devices[0].stats.repeatedStretches = stretches
                b.devices[0].stats.repeatedStretchCount = stretches.count + more
                for width in [100, 60, 20] { Self.expectSame(b, width: width, "\(stretches) and \(more) more") }
            }
        }
    }

    @Test func wrapIsUnchanged() {
        var rng = SplitMix64(seed: 99)
        for i in 0..<2000 {
            let text = Self.randomText(&rng, maxPieces: 40)
            let indent = ["    ", "", " é ", "\u{301}"][i % 4]
            let first: String? = [nil, "  - ", "", "\u{1B}[2mx\u{1B}[0m  "][(i / 4) % 4]
            let firstWidth = i % 7
            for color in [false, true] {
                let dimmed = i % 2 == 0
                let new = TextReport(color: color).wrap(text, indent: indent, firstPrefix: first, firstWidth: firstWidth, dimmed: dimmed)
                // (The report neutralizes control characters the reference printed as they were.)
                let old = TextWriter.neutralized(ReferenceTextReport(color: color).wrap(text, indent: indent, firstPrefix: first, firstWidth: firstWidth, dimmed: dimmed),
                                                 keepingEscape: color)
                #expect(new == old, "\(text.debugDescription) indent \(indent.debugDescription) first \(String(describing: first))")
            }
        }
    }

    @Test func fixPrefixesCompareCharacters() {
        for (line, expected) in [(" x", true), (" \u{301}x", false), ("crypto map", true), ("crypto\u{301} map", false),
                                 ("!", true), ("!\u{301}", false), ("no", false), ("no é", true), ("ip\r\n", false)] {
            var s = line
            let got = s.withUTF8 { TextWriter.hasPrefix($0, " ") || TextWriter.hasPrefix($0, "crypto ") || TextWriter.hasPrefix($0, "no ")
                || TextWriter.hasPrefix($0, "ip ") || TextWriter.hasPrefix($0, "!") }
            #expect(got == expected, "\(line.debugDescription)")
            let part = Substring(line)
            #expect(got == (part.hasPrefix(" ") || part.hasPrefix("crypto ") || part.hasPrefix("no ") || part.hasPrefix("ip ") || part.hasPrefix("!")))
        }
    }

    @Test func linesAreCutAsStringSplitCutsThem() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2000 {
            var text = Self.randomText(&rng, maxPieces: 10)
            for keepEmpty in [false, true] {
                let expected = text.split(separator: "\n", omittingEmptySubsequences: !keepEmpty).map(String.init)
                let got: [String] = text.withUTF8 { utf8 in
                    var lines = TextWriter.Lines(utf8, keepEmpty: keepEmpty)
                    var out: [String] = []
                    while let r = lines.next() { out.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[r]), as: UTF8.self)) }
                    return out
                }
                #expect(got == expected, "\(text.debugDescription)")
            }
        }
    }
}
