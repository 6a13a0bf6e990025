/// A typed command as a reader sees it, where a terminal or a page changed its bytes: what
/// `SecretMasker` looks for a secret in, so a key the bytes hide from its words is masked too.
extension SecretMasker {
    /// Whether `text` holds a byte that can hide a command's words: a terminal's erase (BS 0x08,
    /// DEL 0x7F) or another control byte but TAB, a byte of a character past ASCII (a Unicode
    /// hyphen or space: `pre‑shared‑key`, `key MySecret`), or `<` (an HTML highlighter's
    /// tag inside the command: `crypto isakmp <span class="kw">key</span> X`). Sixteen bytes
    /// a step: most log lines have none, and pass on without a copy.
    static func mayHideWords(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = text.baseAddress else { return false }
        let n = text.count
        var i = 0
        let tab = SIMD16<UInt8>(repeating: 0x09), space = SIMD16<UInt8>(repeating: 0x20)
        let del = SIMD16<UInt8>(repeating: 0x7F), lt = SIMD16<UInt8>(repeating: 0x3C)
        while i + 16 <= n {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let control: SIMDMask<SIMD16<Int8>> = (v .< space) .& (v .!= tab)
            let m: SIMDMask<SIMD16<Int8>> = ((v .>= del) .| control) .| (v .== lt)
            if any(m) { return true }
            i += 16
        }
        while i < n {
            let b = p[i]
            if b >= 0x7F || b < 0x20 && b != 0x09 || b == 0x3C { return true }
            i += 1
        }
        return false
    }

    /// `text` as a terminal shows it and a reader reads it, or nil when that is `text` itself:
    /// each BS or DEL erases the character before it (a typo corrected at the prompt, `kye^H^Hey`,
    /// and the `BS SP BS` a terminal echoes for it), a terminal's escape sequence and any other
    /// control byte but TAB go; a Unicode hyphen is `-`, a Unicode space a space, and a soft
    /// hyphen, a zero-width space or joiner and a byte-order mark go (`Typography`); an HTML tag of the kind that marks
    /// text up (`<span class="kw">`, `</span>`, `<b>`, `<code>`; `<br>` a space) goes, as a browser
    /// shows the text (not a placeholder's `<peer-ip>`, nor a syslog priority's `<189>`).
    static func readable(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard mayHideWords(text) else { return nil }
        let n = text.count
        var out: [UInt8] = []
        out.reserveCapacity(n)
        var changed = false
        var i = 0
        while i < n {
            let b = text[i]
            if b == 0x08 || b == 0x7F {
                // The character before, all its bytes (a terminal erases a character, not a byte).
                while let last = out.last, last & 0xC0 == 0x80 { out.removeLast() }
                if !out.isEmpty { out.removeLast() }
                changed = true
                i += 1
                continue
            }
            if b == 0x1B {
                i = RecordAssembler.pastTerminalCode(text, at: i)
                changed = true
                continue
            }
            if b < 0x20 && b != 0x09 {
                changed = true
                i += 1
                continue
            }
            if b == UInt8(ascii: "<"), let (end, breaks) = markupTagEnd(text, at: i) {
                if breaks { out.append(0x20) }
                changed = true
                i = end
                continue
            }
            if b >= 0xC2, let (length, replacement) = Typography.character(text, at: i) {
                if let r = replacement { out.append(r) }
                changed = true
                i += length
                continue
            }
            out.append(b)
            i += 1
        }
        return changed ? out : nil
    }

    /// `readable` for a `String`.
    static func readable(_ line: String) -> String? {
        var l = line
        return l.withUTF8 { readable($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The end of the HTML tag at `k` that marks text up (`<span …>`, `</span>`, `<b>`, `<code>`,
    /// `<font color=…>`, `<br />`), and whether it breaks the line (`<br>`, `<p>`, `<div>`, `<li>`:
    /// a space where it stood); nil for a `<` that starts none (`<peer-ip>`, `<189>`, `a < b`).
    private static func markupTagEnd(_ t: UnsafeBufferPointer<UInt8>, at k: Int) -> (Int, Bool)? {
        let n = t.count
        var p = k + 1
        if p < n, t[p] == UInt8(ascii: "/") { p += 1 }
        let s = p
        while p < n, p - s < 8, ASCII.isAlnum(t[p]) || t[p] == ASCII.colon { p += 1 }
        guard p > s, p < n, ASCII.isAlpha(t[s]) else { return nil }
        let name = String(decoding: UnsafeBufferPointer(rebasing: t[s..<p]), as: UTF8.self).lowercased()
        let inline: Set<String> = ["span", "b", "i", "u", "s", "em", "strong", "code", "kbd", "samp", "tt", "var", "mark",
                                   "font", "small", "big", "sub", "sup", "a", "del", "ins", "wbr", "o:p", "pre", "q", "cite"]
        let block: Set<String> = ["br", "p", "div", "li", "td", "th", "tr"]
        guard inline.contains(name) || block.contains(name) else { return nil }
        let breaks = block.contains(name)
        if t[p] == UInt8(ascii: ">") { return (p + 1, breaks) }
        guard t[p] == 0x20 || t[p] == 0x09 || t[p] == UInt8(ascii: "/") else { return nil }
        while p < n, p - k < 512, t[p] != UInt8(ascii: ">"), t[p] != UInt8(ascii: "<") { p += 1 }
        return p < n && t[p] == UInt8(ascii: ">") ? (p + 1, breaks) : nil
    }
}
