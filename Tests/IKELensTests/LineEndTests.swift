import Foundation
import Testing
@testable import IKELens

/// Line ends lost, or written as other characters than LF: the messages are read apart as the
/// router printed them, with the findings of the log as printed.
@Suite struct LineEndTests {
    /// `SampleLogs/invalid-local-address-responder.log` (uptime stamps: `00:42:15: IPSEC(…`),
    /// its lines, and the index of the line that holds the finding's evidence.
    static func uptimeSample() -> (lines: [String], at: Int) {
        let lines = Fixture.sampleText("invalid-local-address-responder").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return (lines, lines.firstIndex { $0.contains("invalid local address") }!)
    }

    /// `lines` with line `at` glued onto the one before, `between` them.
    static func glued(_ lines: [String], at: Int, _ between: String) -> String {
        var l = lines
        l[at - 1] += between + l[at]
        l.remove(at: at)
        return l.joined(separator: "\n")
    }

    /// Uptime stamps (`service timestamps debug uptime`) of a message glued onto the one before
    /// (a lost line end, with or without a blank for it), or with other output glued in front
    /// (`!!!!!`, a ping's): the message is read apart. Before, only a date stamp was found
    /// glued: the message went into the one before and `invalid-local-address` was lost.
    @Test func gluedUptimeStampsAreReadApart() {
        let (lines, at) = Self.uptimeSample()
        let clean = lines.joined(separator: "\n")
        let expected = DamageTests.findings(clean)
        #expect(expected.contains("1 invalid-local-address error"))
        #expect(DamageTests.findings(Self.glued(lines, at: at, " ")) == expected)
        #expect(DamageTests.findings(Self.glued(lines, at: at, "")) == expected)
        var fronted = lines
        fronted[at] = "!!!!!" + fronted[at]
        #expect(DamageTests.findings(fronted.joined(separator: "\n")) == expected)
        // Every line end lost, a blank for each.
        #expect(DamageTests.findings(lines.joined(separator: " ")) == expected)
        // Uptimes of a day or more: `1d02h:`, `2w3d:`.
        for stamp in ["1d02h:", "2w3d:"] {
            let days = lines.map { $0.replacingOccurrences(of: "00:42:15:", with: stamp).replacingOccurrences(of: "00:42:09:", with: stamp) }
            let daysExpected = DamageTests.findings(days.joined(separator: "\n"))
            #expect(daysExpected.contains("1 invalid-local-address error"))
            #expect(DamageTests.findings(Self.glued(days, at: at, " ")) == daysExpected)
            #expect(DamageTests.findings(Self.glued(days, at: at, "")) == daysExpected)
        }
        // The messages themselves, on the line's number.
        let events = Fixture.events("00:42:15: ISAKMP (0:3): Old State = IKE_READY  New State = IKE_R_MM1 00:42:16: ISAKMP (0:3): sending packet to 10.1.1.1 my_port 500 peer_port 500 (R) MM_SA_SETUP\n")
        #expect(events.map(\.text) == ["ISAKMP (0:3): Old State = IKE_READY  New State = IKE_R_MM1",
                                       "ISAKMP (0:3): sending packet to 10.1.1.1 my_port 500 peer_port 500 (R) MM_SA_SETUP"])
        #expect(events.map(\.firstLine) == [1, 1])
    }

    /// A time in a message is no glued stamp: not without a debug message after it, nor after
    /// a digit (the rest of a longer number).
    @Test func timesInsideAMessageStay() {
        let lines = [
            "00:42:15: ISAKMP (0:3): lifetime timer started at 00:42:15: 86400",
            "00:42:15: ISAKMP (0:3): SA life duration of 1000:42:15: ISAKMP (0:3): x",
        ]
        #expect(Fixture.events(lines.joined(separator: "\n") + "\n").map(\.text) == lines.map { String($0.dropFirst(10)) })
    }

    /// `invalid-local-address-responder.log` without its stamps (`no service timestamps`).
    static func unstampedSample() -> (lines: [String], at: Int) {
        let (lines, at) = uptimeSample()
        return (lines.map { $0.count > 10 && $0.dropFirst(2).hasPrefix(":") && $0.dropFirst(8).hasPrefix(": ") ? String($0.dropFirst(10)) : $0 }, at)
    }

    /// Two messages of a log without stamps on one line, the line end between them lost
    /// (`…New State = IKE_R_MM1ISAKMP (0:3): …`, or a blank for it): each is read as the line
    /// it was. Before, only a router stamp was looked for, and the second message went into
    /// the first.
    @Test func gluedUnstampedMessagesAreReadApart() {
        let (lines, at) = Self.unstampedSample()
        #expect(lines[at] == "IPSEC(validate_proposal): invalid local address 10.2.2.2")
        let expected = DamageTests.findings(lines.joined(separator: "\n"))
        #expect(expected.contains("1 invalid-local-address error"))
        #expect(DamageTests.findings(Self.glued(lines, at: at, "")) == expected)
        #expect(DamageTests.findings(Self.glued(lines, at: at, " ")) == expected)
        // Every state change glued to the message after it (`IKE_R_MM2ISAKMP (0:3): …`).
        var states = lines
        for i in states.indices.reversed() where i + 1 < states.count && states[i].contains("New State") {
            states[i] += states[i + 1]
            states.remove(at: i + 1)
        }
        #expect(states.count < lines.count - 5)
        #expect(DamageTests.findings(states.joined(separator: "\n")) == expected)
        #expect(Fixture.events("ISAKMP:(1001):Old State = IKE_I_MM1  New State = IKE_I_MM2ISAKMP:(1001):received packet from 10.1.1.1 dport 500 sport 500 Global (I) MM_SA_SETUP\n").map(\.text)
                == ["ISAKMP:(1001):Old State = IKE_I_MM1  New State = IKE_I_MM2",
                    "ISAKMP:(1001):received packet from 10.1.1.1 dport 500 sport 500 Global (I) MM_SA_SETUP"])
    }

    /// The facility's name inside a message's text is no message's start.
    @Test func facilityWordsInsideAMessageStay() {
        let lines = [
            "%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is OFF",
            "ISAKMP (0:3): sending ISAKMP packet to 10.1.1.1",
            "%CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet. (ip) vrf/dest_addr= /203.0.113.1, src_addr= 198.51.100.44, prot= 47",
            "%ASA-6-602303: IPSEC: An outbound LAN-to-LAN SA (SPI= 0x1) between 10.0.0.1 and 10.0.0.2 (user= 10.0.0.2) has been created.",
            "ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy",
        ]
        #expect(Fixture.events(lines.joined(separator: "\n") + "\n").map(\.text) == lines)
    }

    /// VT, FF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) as line
    /// ends (a log flattened by a tool, exported as JSON, copied from a web application): each
    /// ends a line, counted as one, in any chunks. Before, the whole log was one line.
    @Test(arguments: ["\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"])
    func otherLineEndsEndLines(_ end: String) {
        let text = Fixture.sampleText("p1-proposal-mismatch-responder").trimmingCharacters(in: .newlines)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let expected = DamageTests.findings(text)
        let separated = lines.joined(separator: end)
        #expect(DamageTests.findings(separated) == expected)
        for chunking in [Fixture.Chunking.whole, .bytewise, .random(seed: 3)] {
            let s = Fixture.device(Array(separated.utf8), chunking: chunking).stats
            #expect(s.lines == lines.count, "\(chunking)")
            #expect(s.recognized + s.unrecognized == s.lines, "\(chunking)")
        }
        // Before a LF (`\f\n`, a page break), only the LF ends the line: no blank line more.
        let paged = lines.joined(separator: end + "\n") + end + "\r\n"
        #expect(DamageTests.findings(paged) == expected)
        let s = Fixture.device(Array(paged.utf8), chunking: .bytewise).stats
        #expect(s.lines == lines.count)
        #expect(s.recognized + s.unrecognized == s.lines)
    }

    /// A file cut short inside its last message (no line end after it): the piece gives the
    /// findings of the log without it, or with it whole. Before, a piece naming no peer
    /// (`Processing of Main M`), a state name cut (`IKE_I_M`) or an error code cut (`error
    /// 25` of `256`) made a failure of its own (`unexplained-failure`, a second finding).
    @Test(arguments: [
        ("p1-proposal-mismatch-responder", "IKMP_MODE_FAILURE", "Processing of Main M"),
        ("syslog-auth-fail-ezvpn-group-server", "IKMP_MODE_FAILURE", "Processing of Aggressive "),
        ("invalid-spi-and-no-sa", "RECVD_PKT_INV_SPI", "spi=0x3EA71"),
        ("invalid-spi-and-no-sa", "RECVD_PKT_NOT_IPSEC", "vrf/dest_a"),
        ("transform-set-mismatch-isakmp-only-responder", "invalidated proposal with error", "with error 25"),
        ("transform-set-mismatch-isakmp-only-responder", "invalidated proposal with error", "with error "),
        ("r1-initiator-success", "New State = IKE_I_MM4", "New State = IKE_I_M"),
    ])
    func aLastMessageCutShortMakesNoFailure(_ name: String, _ message: String, _ cutAfter: String) {
        let lines = Fixture.sampleText(name).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = lines.firstIndex { $0.contains(message) }!
        let line = lines[at]
        let piece = String(line[..<line.range(of: cutAfter)!.upperBound])
        #expect(piece.count < line.count)
        let before = lines[..<at].joined(separator: "\n")
        let cut = DamageTests.findings(before + "\n" + piece)
        #expect(cut == DamageTests.findings(before) || cut == DamageTests.findings(before + "\n" + line))
        let s = Fixture.device(Array((before + "\n" + piece).utf8)).stats
        #expect(s.lines == at + 1)
        #expect(s.recognized + s.unrecognized == s.lines)
        // The same piece with its line end is read as it is (a message that ends so).
        #expect(DamageTests.findings(before + "\n" + line) == DamageTests.findings(before + "\n" + line + "\n"))
    }

    /// A whole last message without a line end is no cut one: its finding stays.
    @Test func aWholeLastMessageWithoutItsLineEndCounts() {
        let text = "*Mar  1 00:42:09.431: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 192.1.20.3"
        #expect(DamageTests.findings(text) == DamageTests.findings(text + "\n"))
        #expect(DamageTests.findings(text).contains("0 unexplained-failure error"))
    }

    /// Line numbers before each line (`cat -n`, `nl`, an editor's gutter) of a log a terminal
    /// cut at its width, inside addresses and words, whose first lines are no router's (the
    /// buffer's head, longer than the width): the cuts are joined as without the numbers.
    /// Before, the number was learned on the first router line, the lines held before it were
    /// read with theirs, so the longest line was not the terminal's width, and every cut was
    /// joined as a word wrap (`198.51.1 00.7`, `N EW SA`).
    @Test(arguments: ["%6d\t", "%6d ", "%4d | ", "%d ", "%d:"])
    func numberedLinesCutAtAWidthAreJoined(_ format: String) {
        let head = ["Log Buffer (4096 bytes): the first lines of show logging, longer than the terminal's width", "",
                    "Syslog logging: enabled (0 messages dropped, 0 flushes, 0 overruns, xml disabled)"]
        let lines = head + Fixture.sampleText("p1-proposal-mismatch-responder").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cut: [String] = []
        for line in lines {
            var rest = Substring(line)
            while rest.count > 50 { cut.append(String(rest.prefix(50))); rest = rest.dropFirst(50) }
            cut.append(String(rest))
        }
        let expected = DamageTests.findings(lines.joined(separator: "\n"))
        #expect(DamageTests.findings(cut.joined(separator: "\n")) == expected)
        let numbered = cut.enumerated().map { String(format: format, $0.offset + 1) + $0.element }.joined(separator: "\n")
        #expect(DamageTests.findings(numbered) == expected)
        let s = Fixture.device(Array(numbered.utf8)).stats
        #expect(s.lines == cut.count)
        #expect(s.recognized + s.unrecognized == s.lines)
    }
}
