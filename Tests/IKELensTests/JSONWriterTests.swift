import Testing
@testable import IKELens

/// The direct writer must give the very bytes of the `JSON` tree's `pretty()`.
@Suite struct JSONWriterTests {
    /// Strings that need every kind of escape, and some that need none.
    static let nasty = [
        "", "plain", "say \"hi\"", "C:\\path\\", "tab\there", "line\nbreak\r\n",
        "\u{0}\u{1}\u{8}\u{B}\u{C}\u{1F}", "del\u{7F}", "é ü 日本 🙂", "\\\"\u{7F}\"\\",
        "trailing\u{1B}", String(repeating: "long ", count: 40) + "\"",
        // (Each kind of escape inside an eight-byte block, after one, and after bytes above 0x7F.)
        "12345678\"9", "abcdefgh\\ijklmnop", "abcdefghijklmno\u{1}", "abcdefgh\u{7F}", "éééé\u{1F}xyz", "日本語\n日本語",
        String(repeating: "é", count: 9) + "\t", "0123456789abcdef\u{0}",
    ]

    static func written(_ body: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter(capacity: 16)
        body(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func stamps() -> [Stamp] {
        var out: [Stamp] = []
        for month: UInt8 in [0, 1, 6, 12, 13] {
            for (year, millis): (UInt16, Int16) in [(0, -1), (2024, 0), (0, 7), (99, 42), (0, 826), (1, 1234)] {
                var s = Stamp(kind: .wall)
                s.month = month; s.day = month == 6 ? 19 : 3; s.year = year
                s.hour = 10; s.minute = 4; s.second = 9; s.millis = millis
                out.append(s)
            }
        }
        for (days, hour): (UInt16, UInt8) in [(0, 0), (1, 2), (12, 23), (0, 100), (400, 255)] {
            var s = Stamp(kind: .uptime)
            s.uptimeDays = days; s.hour = hour; s.minute = 27; s.second = 7
            out.append(s)
            s.millis = 5
            out.append(s)
        }
        return out
    }

    static func sa(_ n: Int, text: String, sparse: Bool) -> SecurityAssociation {
        var sa = SecurityAssociation(number: n, device: "R\(text)", file: "f\(text).log", firstLine: n * 10)
        if sparse { return sa }
        let stamps = stamps()
        let stamp = stamps[n % stamps.count]
        sa.version = 2
        sa.peerIdentity = text
        sa.connId = -n
        sa.peer = "10.0.0.\(n)"
        sa.local = text
        sa.role = n % 2 == 0 ? .initiator : .responder
        sa.phase1 = .failed
        sa.state = "MM_\(text)"
        sa.matchedProfile = text
        sa.keyKeyring = "k\(text)"
        sa.profileKeyring = text
        sa.natTraversal = true
        sa.retransmissions = n
        sa.deleted = true
        sa.deleteReason = text
        sa.start = stamp
        sa.end = stamps[(n + 5) % stamps.count]
        sa.lastLine = Int.max
        sa.findingIds = [text, "psk-mismatch"]
        sa.exchanges = [
            Exchange(name: text, messageID: nil, sent: true, request: nil, payloads: nil, line: 1, stamp: nil),
            Exchange(name: "IKE_AUTH", messageID: 1, sent: false, request: false, payloads: text, line: 2, stamp: stamp),
        ]
        let step = StateStep(from: text, to: "QM_IDLE", stamp: stamp, line: 7)
        sa.states = [step, StateStep(from: "", to: text, stamp: nil, line: 0)]
        sa.quickModes = [
            QuickMode(messageID: 0, firstLine: 3, lastLine: 4),
            QuickMode(messageID: 0xFFFF_FFFF, states: [step], result: .refusedByPeer, firstLine: 5, lastLine: 6,
                      start: stamp, end: nil, localProxy: text, remoteProxy: "", transform: text),
        ]
        return sa
    }

    static func finding(_ n: Int, text: String) -> Finding {
        Finding(id: "id-\(text)", severity: [Severity.error, .warning, .info][n % 3], device: text,
                peer: n % 2 == 0 ? nil : text, connId: n % 3 == 0 ? nil : Int.min, saNumber: n % 2 == 0 ? n : nil,
                summary: text, explanation: text + text, fix: "",
                evidence: n % 2 == 0 ? [] : [Evidence(file: text, line: n, text: text), Evidence(file: "", line: 0, text: "x")])
    }

    @Test func stampBytesAreTheStampText() {
        for s in Self.stamps() {
            var bytes: [UInt8] = []
            s.appendText(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == s.text)
            bytes = []
            s.appendTimeText(to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == s.timeText)
        }
    }

    @Test func escapesAsTheTree() {
        for s in Self.nasty {
            var tree: [UInt8] = []
            JSON.escape(s, into: &tree)
            var w = JSONWriter()
            w.appendEscaped(s)
            #expect(w.bytes == tree, "\(s.debugDescription)")
        }
    }

    @Test func writesTreesAsPretty() {
        let values: [JSON] = [
            .null, .bool(true), .int(0), .int(-7), .int(Int.min), .int(Int.max), .string("a\"b"),
            .array([]), .object([:]),
            .array([.array([]), .object([:]), .null, .array([.int(1), .array([.object(["x": .null])])])]),
            .object(Dictionary(uniqueKeysWithValues: Self.nasty.enumerated().map { ($0.element, JSON.int($0.offset)) })),
            .object(["b": .array(Self.nasty.map(JSON.string)), "B": .object(["": .object([:]), "z": .array([])]), "a": .bool(false)]),
        ]
        for v in values {
            #expect(Self.written { $0.value(v) } == v.pretty(), "\(v)")
        }
    }

    @Test func writesSecurityAssociationsAsTheTree() {
        for (n, text) in Self.nasty.enumerated() {
            for sparse in [false, true] {
                let sa = Self.sa(n, text: text, sparse: sparse)
                #expect(Self.written { JSONReport.write(sa, to: &$0) } == JSONReport.saJSON(sa).pretty(), "\(text.debugDescription)")
            }
        }
    }

    @Test func writesFindingsAsTheTree() {
        for (n, text) in Self.nasty.enumerated() {
            let f = Self.finding(n, text: text)
            #expect(Self.written { JSONReport.write(f, to: &$0) } == JSONReport.findingJSON(f).pretty(), "\(text.debugDescription)")
        }
    }

    /// NDJSON lines: the compact writer gives the tree's `compact()`, with the
    /// line's `type` (and `open`) in their sorted places.
    @Test func writesNDJSONLinesAsTheCompactTree() {
        func line(_ value: JSON, _ extra: [String: JSON]) -> String {
            guard case var .object(o) = value else { return "" }
            for (k, v) in extra { o[k] = v }
            return JSON.object(o).compact()
        }
        func compact(_ body: (inout JSONWriter) -> Void) -> String {
            var w = JSONWriter(capacity: 16, compact: true)
            body(&w)
            return String(decoding: w.bytes, as: UTF8.self)
        }
        for (n, text) in Self.nasty.enumerated() {
            for sparse in [false, true] {
                let sa = Self.sa(n, text: text, sparse: sparse)
                #expect(compact { JSONReport.write(sa, to: &$0, type: "sa") } == line(JSONReport.saJSON(sa), ["type": .string("sa")]))
                #expect(compact { JSONReport.write(sa, to: &$0, type: "sa", open: true) }
                        == line(JSONReport.saJSON(sa), ["type": .string("sa"), "open": .bool(true)]))
            }
            let f = Self.finding(n, text: text)
            #expect(compact { JSONReport.write(f, to: &$0, type: "finding") } == line(JSONReport.findingJSON(f), ["type": .string("finding")]))
            #expect(compact { $0.value(.object(["k": .array([.int(n), .string(text), .object([:]), .array([])])])) }
                    == JSON.object(["k": .array([.int(n), .string(text), .object([:]), .array([])])]).compact())
        }
    }

    @Test func writesWholeReportsAsTheTree() {
        var stats = InputStats()
        stats.lines = 12; stats.unrecognized = 3; stats.bytes = 1 << 40; stats.nul = 1
        let devices = Self.nasty.enumerated().map { n, text in
            DeviceTimeline(name: text, file: "\(text).log", stats: stats,
                           sas: (0..<(n % 3)).map { Self.sa($0 + 1, text: text, sparse: $0 == 1) }, unattributed: [])
        }
        let findings = Self.nasty.enumerated().map { Self.finding($0.offset, text: $0.element) }
        let cases = [
            Analysis(devices: [], findings: []),
            Analysis(devices: [devices[0]], findings: []),
            Analysis(devices: devices, findings: []),
            Analysis(devices: [], findings: findings),
            Analysis(devices: devices, findings: findings),
        ]
        for a in cases {
            #expect(JSONReport.render(a) == JSONReport.value(a).pretty() + "\n")
        }
    }

    /// Devices busy enough that their SAs are rendered two batches at a time on two threads,
    /// between and after quiet ones: the same bytes as the tree, in chunks of the same size.
    @Test func rendersBusyDevicesSideBySideAsTheTree() {
        let b = JSONReport.saBatch
        for sizes in [[2 * b], [1, 2 * b + 1], [3, 4 * b + 7, 2 * b - 1, 5 * b]] {
            var n = 0
            let devices = sizes.enumerated().map { d, count in
                DeviceTimeline(name: "R\(d)", file: "r.log", stats: InputStats(), sas: (0..<count).map { _ in
                    n += 1
                    return Self.sa(n, text: "peer-\(n)", sparse: n % 5 == 0)
                }, unattributed: [])
            }
            let a = Analysis(devices: devices, findings: [Self.finding(1, text: "f")])
            var chunks: [Int] = []
            var bytes: [UInt8] = []
            JSONReport.write(a) { chunks.append($0.count); bytes.append(contentsOf: $0) }
            #expect(chunks.dropLast().allSatisfy { $0 >= JSONReport.chunkSize && $0 < JSONReport.chunkSize * 2 }, "\(sizes)")
            #expect(String(decoding: bytes, as: UTF8.self) == JSONReport.value(a).pretty() + "\n", "\(sizes)")
        }
    }

    /// A long report reaches the sink in chunks of about `chunkSize` bytes.
    @Test func handsTheReportOverInChunks() {
        let sas = (1...2000).map { Self.sa($0, text: "name-\($0)", sparse: false) }
        let a = Analysis(devices: [DeviceTimeline(name: "R", file: "r.log", stats: InputStats(), sas: sas, unattributed: [])], findings: [])
        var chunks: [Int] = []
        var bytes: [UInt8] = []
        JSONReport.write(a) { chunks.append($0.count); bytes.append(contentsOf: $0) }
        #expect(chunks.count > 2)
        #expect(chunks.dropLast().allSatisfy { $0 >= JSONReport.chunkSize && $0 < JSONReport.chunkSize * 2 })
        #expect(String(decoding: bytes, as: UTF8.self) == JSONReport.value(a).pretty() + "\n")
    }
}
