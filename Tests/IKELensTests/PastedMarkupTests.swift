import Foundation
import Testing
@testable import IKELens

extension PastedFormTests {
    /// `text` as a web page's highlighted code block, copied as HTML source: the text escaped,
    /// numbers and addresses in `<span class="hljs-number">`, IOS's words in other spans, `<b>`,
    /// `<i>`, `<font>` and `<code>` around others, the block in `<pre><code>`.
    static func highlighted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let lines = escaped.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            var l = String(l)
            l = l.replacing(/\d+\.\d+\.\d+\.\d+/) { "<span class=\"hljs-number\">\($0.output)</span>" }
            l = l.replacing(/IKE_[A-Z0-9_]+/) { "<b>\($0.output)</b>" }
            l = l.replacing(/ISAKMP|IPSEC|IKEv2/) { "<span class=\"hljs-keyword\">\($0.output)</span>" }
            l = l.replacing(/peer/) { "<i>\($0.output)</i>" }
            l = l.replacing(/profile|keyring/) { "<code>\($0.output)</code>" }
            l = l.replacing(/^\*[A-Z][a-z]{2} +\d+ [0-9:.]+/) { "<font color=\"#888888\">\($0.output)</font>" }
            return l
        }
        return "<pre><code class=\"language-plaintext hljs\">" + lines.joined(separator: "\n") + "</code></pre>"
    }

    @Test(arguments: samples)
    func highlightedHTMLKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        #expect(DamageTests.findings(Self.highlighted(text)) == expected)
    }

    /// IOS's own angle brackets (`<cr>`, `<1-65535>`, a masked `<peer-ip>`) and a tag-like word
    /// not of a known tag's form stay in the line.
    @Test func inlineTagsAreTakenOnlyWhenTheyAreHTML() {
        func stripped(_ s: String) -> String? {
            Array(s.utf8).withUnsafeBufferPointer { RecordAssembler.withoutMarkup($0, inline: RecordAssembler.hasClosingTag($0)) }.map { $0.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|") }
        }
        #expect(stripped("ISAKMP: local port 500, remote port <span class=\"hljs-number\">500</span>") == "ISAKMP: local port 500, remote port 500")
        #expect(stripped("<span class=\"hljs-comment\">*Jun 19</span> ISAKMP:(<b>0</b>):Old State = <i>IKE_READY</i>") == "*Jun 19 ISAKMP:(0):Old State = IKE_READY")
        #expect(stripped("R1(config)#crypto isakmp key ? <cr> <1-65535>") == nil)
        #expect(stripped("ISAKMP: received packet from <peer-ip> dport 500") == nil)
        #expect(stripped("a <b and c> d") == nil)
    }

    /// `text` pasted in a chat: every line in backticks.
    static func backtickedLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "`" + $0 + "`" }.joined(separator: "\n")
    }

    @Test(arguments: samples)
    func markdownBackticksKeepTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        #expect(DamageTests.findings(Self.backtickedLines(text)) == expected, "each line in backticks")
        let messages = DamageTests.logStoreEvents(text).map { e -> String in
            let m = e.joined(separator: "\n")
            return m.allSatisfy({ $0 == " " }) ? m : "`" + m + "`"
        }
        #expect(DamageTests.findings(messages.joined(separator: "\n")) == expected, "each message in backticks")
        let tokens = text.replacing(/\b(IKE_[A-Z0-9_]+|\d+\.\d+\.\d+\.\d+)\b/) { "`\($0.output.0)`" }
        #expect(DamageTests.findings(tokens) == expected, "words in backticks")
        #expect(DamageTests.findings("Here is the debug:\n```\n" + text + "\n```\nthanks") == expected, "a fenced block")
        #expect(DamageTests.findings("```text\n" + Self.backtickedLines(text) + "\n```") == expected, "backticks in a fenced block")
    }
}
