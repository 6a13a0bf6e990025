import Foundation
import Testing
@testable import IKELens

/// Logs that reach IKELens through another medium than a terminal: copied out of a PDF,
/// forwarded in a mail saved raw (quoted-printable), copied as a web page's highlighted HTML
/// source, pasted in a chat with Markdown's backticks, exported as CSV by a log store with the
/// router's stamp in a column of its own. Each gives the findings and SAs of the log as printed.
@Suite struct PastedFormTests {
    static let samples = Fixture.sampleNames().filter { $0 != "busy-headend" && $0 != Fixture.syslogServerOnly }

    /// `text` as a PDF viewer copies it: `fi`, `fl`, `ff`, `ffi`, `ffl` as ligatures, hyphens as
    /// Unicode's (hyphen, non-breaking hyphen, figure dash, en dash, minus), spaces as Unicode's
    /// (no-break, en to hair, narrow no-break, ideographic), each in turn.
    static func pdf(_ text: String) -> String {
        let ligatured = text.replacingOccurrences(of: "ffi", with: "\u{FB03}").replacingOccurrences(of: "ffl", with: "\u{FB04}")
            .replacingOccurrences(of: "ff", with: "\u{FB00}").replacingOccurrences(of: "fi", with: "\u{FB01}")
            .replacingOccurrences(of: "fl", with: "\u{FB02}")
        let hyphens: [Unicode.Scalar] = ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2212}"]
        let spaces: [Unicode.Scalar] = ["\u{A0}", "\u{2002}", "\u{2003}", "\u{2004}", "\u{2005}", "\u{2006}", "\u{2007}",
                                        "\u{2008}", "\u{2009}", "\u{200A}", "\u{202F}", "\u{3000}"]
        var out = String.UnicodeScalarView()
        var h = 0, s = 0
        for c in ligatured.unicodeScalars {
            if c == "-" { out.append(hyphens[h % hyphens.count]); h += 1 }
            else if c == " " { out.append(spaces[s % spaces.count]); s += 1 }
            else { out.append(c) }
        }
        return String(out)
    }

    /// `text` as a mail program sends it quoted-printable (RFC 2045): `=` and bytes past ASCII as
    /// `=XX`, a blank at a line's end as `=20`/`=09`, lines longer than 76 columns cut with a soft
    /// break (`=` at the end).
    static func quotedPrintable(_ text: String, lineEnd: String = "\n") -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var tokens: [String] = []
            for (i, b) in bytes.enumerated() {
                let blankAtEnd = (b == 0x20 || b == 0x09) && i == bytes.count - 1
                if b == UInt8(ascii: "=") || b >= 0x80 || blankAtEnd || b < 0x20 && b != 0x09 {
                    tokens.append("=" + String(b, radix: 16, uppercase: true).leftPadded(2))
                } else {
                    tokens.append(String(UnicodeScalar(b)))
                }
            }
            var current = ""
            for t in tokens {
                if current.count + t.count > 75 { out.append(current + "="); current = "" }
                current += t
            }
            out.append(current)
        }
        return out.joined(separator: lineEnd)
    }

    static let mailHeaders = """
        From: Alice Example <alice@example.com>
        To: noc@example.com
        Subject: Fwd: VPN to branch down, debug attached
        MIME-Version: 1.0
        Content-Type: text/plain; charset="utf-8"
        Content-Transfer-Encoding: quoted-printable


        """

    @Test(arguments: samples)
    func pdfCopyKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        let copied = Self.pdf(text)
        #expect(DamageTests.findings(copied) == expected)
        let a = Fixture.analyze(copied, chunking: .random(seed: 7))
        let s = a.devices[0].stats
        #expect(s.recognized + s.unrecognized == s.lines)
    }

    @Test func pdfLigaturesHyphensAndSpacesAreReadAsASCII() {
        let line = "*Jun 19 12:28:44.270: ISAKMP:(1012):Key not found in keyrings of pro\u{FB01}le , aborting exchange"
        let e = Fixture.event(line)
        let plain = Fixture.event(line.replacingOccurrences(of: "\u{FB01}", with: "fi"))
        #expect("\(e.kind)" == "\(plain.kind)")
        let state = "*Jun 19 12:28:44.251: ISAKMP:(0):Old\u{2002}State\u{3000}=\u{202F}IKE_READY\u{00A0} New State = IKE_R_MM1"
        #expect("\(Fixture.event(state).kind)" == "\(Fixture.event("*Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1").kind)")
    }

    @Test(arguments: samples)
    func quotedPrintableMailKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        #expect(DamageTests.findings(Self.quotedPrintable(text)) == expected, "quoted-printable")
        #expect(DamageTests.findings(Self.mailHeaders + Self.quotedPrintable(text, lineEnd: "\r\n")) == expected, "a raw mail, CRLF")
        #expect(DamageTests.findings(Self.quotedPrintable(Self.pdf(text))) == expected, "quoted-printable of a PDF's copy")
        let qp = Self.mailHeaders + Self.quotedPrintable(text)
        for seed in 1...2 as ClosedRange<UInt64> {
            let a = Fixture.analyze(qp, chunking: .random(seed: seed))
            let s = a.devices[0].stats
            #expect(s.recognized + s.unrecognized == s.lines)
            #expect(s.lines == qp.utf8.filter { $0 == 0x0A }.count + (qp.utf8.last == 0x0A ? 0 : 1))
        }
    }

    /// Evidence lines of a quoted-printable body cite the file's lines: the soft-broken line's first.
    @Test func quotedPrintableLinesKeepTheirNumbers() {
        let log = """
            *Jun 19 12:28:44.251: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (N) NEW SA
            *Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
            """
        let qp = Self.quotedPrintable(log)
        #expect(qp.split(separator: "\n").count == 4)
        var clean: [String] = []
        _ = Fixture.device(Array(log.utf8), onEvent: { clean.append("\($0.kind)") })
        var lines: [String] = []
        let d = Fixture.device(Array(qp.utf8), chunking: .bytewise, onEvent: { lines.append("\($0.firstLine) \($0.kind)") })
        #expect(clean.count == 2)
        #expect(lines == ["1 \(clean[0])", "3 \(clean[1])"])
        #expect(d.stats.lines == 4)
        #expect(d.stats.recognized + d.stats.unrecognized == 4)
    }

    /// A log with `=` at some line ends and `=3D` in its text, but IOS's bare `=` (`Old State =
    /// IKE_READY`) on the same lines, is no quoted-printable body: read as it is.
    @Test func equalsSignsAloneAreNoQuotedPrintable() {
        for name in Self.samples {
            let text = Fixture.sampleText(name)
            #expect(QuotedPrintable.detect(Array(text.utf8)) == false, "\(name)")
            // (Cut by a terminal: `… I_SPI=B7D20E4F9C316A58 R_SPI=0000000000000000 (R) MsgID =`.)
            for width in [64, 72, 76, 80] {
                var cut: [String] = []
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    var rest = Substring(line)
                    while rest.count > width { cut.append(String(rest.prefix(width))); rest = rest.dropFirst(width) }
                    cut.append(String(rest))
                }
                #expect(QuotedPrintable.detect(Array(cut.joined(separator: "\n").utf8)) == false, "\(name) cut at \(width)")
            }
        }
        let log = """
            R1(config)#crypto isakmp key 6 AbC=3D= address 10.0.0.2
            *Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1=
            *Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2
            """
        #expect(QuotedPrintable.detect(Array(log.utf8)) == false)
        #expect(QuotedPrintable.detect(Array(Self.quotedPrintable(log).utf8)) == true)
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
