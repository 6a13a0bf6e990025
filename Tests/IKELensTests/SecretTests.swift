import Foundation
import Testing
@testable import IKELens

/// Wrapping helpers for the sweeps below.
enum Wrap {
    /// A terminal's hard wrap: every line cut each `width` columns, nothing lost.
    static func hard(_ text: String, _ width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            var rest = Substring(l), out: [Substring] = []
            while rest.count > width { out.append(rest.prefix(width)); rest = rest.dropFirst(width) }
            out.append(rest)
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// A mail client's word wrap at `width` (the blank at each break eaten), each broken line
    /// after the first begun with `quote` (`> `, a reply's quote marks), if any.
    static func words(_ text: String, _ width: Int, quote: String = "") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var out: [String] = [], cur = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !cur.isEmpty, cur.count + 1 + word.count > width { out.append(cur); cur = String(word) } else { cur += (out.isEmpty && cur.isEmpty ? "" : " ") + word }
            }
            out.append(cur)
            return quote + out.joined(separator: "\n" + quote)
        }.joined(separator: "\n")
    }
}

/// IOS's own text shaped like a key table's row is no row: `Crypto tunnel is UP  .  Peer` has a
/// word, a wide gap, a lone `.`, a wide gap and a last word, yet `.` is no address and `Peer`
/// no key.
@Suite struct KeyTableShapeTests {
    static let nowrap = """
    HUB1#show logging | include SESSION_STATUS
    *Nov 29 06:19:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 198.51.100.21:500       Id: 198.51.100.21
    *Nov 29 07:02:17.550 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 198.51.100.21:500       Id: 198.51.100.21
    *Nov 29 07:02:48.016 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 198.51.100.21:500       Id: 198.51.100.21
    HUB1#

    """

    static func outcome(_ text: String) -> [String] {
        Fixture.analyze(text).findings.map { "\($0.severity) \($0.id) \($0.peer ?? "-") \($0.summary)" }
    }

    /// `show logging` on an 80-column terminal with `show-timezone` stamps: the UP message ends
    /// exactly at `Peer`, and the address is the next line's start. The UP messages keep their
    /// peer, so the tunnel came back up (a note, as unwrapped).
    @Test func sessionUpCutAfterPeerKeepsItsPeer() {
        let wrapped = Wrap.hard(Self.nowrap, 80)
        #expect(wrapped.contains("UP  .  Peer\n 198.51.100.21:500"))
        let whole = Fixture.events(Self.nowrap), cut = Fixture.events(wrapped)
        #expect(cut.map(\.text) == whole.map(\.text))
        #expect(cut.map(\.text).filter { $0.contains("UP  .") } == Array(repeating: "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 198.51.100.21:500       Id: 198.51.100.21", count: 2))
        #expect(Self.outcome(wrapped) == Self.outcome(Self.nowrap))
        #expect(Self.outcome(wrapped).first?.hasPrefix("info tunnel-down 198.51.100.21 The tunnel to 198.51.100.21 went down once and came back up") == true)
        // Alone, the cut UP line shows its last word.
        #expect(Fixture.events("*Nov 29 06:19:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer\n").map(\.text)
                == ["%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer"])
    }

    /// The syslog-only sample wrapped as a mail, a quoted reply or a wide terminal wraps it:
    /// the tunnel that went down and came back up is told so wherever the break falls.
    @Test func sessionUpWrappedAnywhereGivesTheSameFindings() {
        let text = Fixture.sampleText(Fixture.syslogServerOnly)
        func outcome(_ text: String) -> [String] { Self.outcome(text).filter { $0.contains(" 198.51.100.21 ") } }
        let whole = outcome(text)
        #expect(whole == ["info tunnel-down 198.51.100.21 The tunnel to 198.51.100.21 went down once and came back up; the log has no IKE debug for it to tell why"])
        var variants: [(String, String)] = []
        for w in 60...72 { variants.append(("mail \(w)", Wrap.words(text, w))) }
        for w in 62...72 { variants.append(("quoted \(w)", Wrap.words(text, w, quote: "> "))) }
        variants.append(("mail 132", Wrap.words(text, 132)))
        variants.append(("hard 120", Wrap.hard(text, 120)))
        for (name, wrapped) in variants {
            #expect(outcome(wrapped) == whole, "\(name)")
        }
    }
}
