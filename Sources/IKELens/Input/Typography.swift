/// The Unicode characters a PDF, a word processor, a chat program or a web page puts where a log
/// had ASCII, read as that ASCII: what the input layer reads a line as (`RecordAssembler`'s
/// typography) and what `SecretMasker` reads a typed command as (`readable`), from one table.
enum Typography {
    /// The length of the UTF-8 character at `i` in `t` and the ASCII it reads as: a space for a
    /// Unicode space (U+00A0 no-break, U+2000–U+200A en, em, thin, hair…, U+202F narrow no-break,
    /// U+205F, U+3000 ideographic), `-` for a Unicode hyphen (U+2010–U+2015, the minus U+2212,
    /// U+FE63, U+FF0D), nil for one that shows nothing (U+00AD soft hyphen, U+200B–U+200D
    /// zero-width space and joiners, U+2060 word joiner, U+FEFF byte-order mark); nil for
    /// any other character.
    @inline(__always)
    static func character(_ t: UnsafeBufferPointer<UInt8>, at i: Int) -> (length: Int, ascii: UInt8?)? {
        let n = t.count
        let hyphen = UInt8(ascii: "-"), space = UInt8(0x20)
        switch t[i] {
        case 0xC2:
            guard i + 1 < n else { return nil }
            if t[i + 1] == 0xA0 { return (2, space) }
            if t[i + 1] == 0xAD { return (2, nil) }
            return nil
        case 0xE2:
            guard i + 2 < n else { return nil }
            switch (t[i + 1], t[i + 2]) {
            case (0x80, 0x80...0x8A), (0x80, 0xAF), (0x81, 0x9F): return (3, space)
            case (0x80, 0x8B...0x8D), (0x81, 0xA0): return (3, nil)
            case (0x80, 0x90...0x95), (0x88, 0x92): return (3, hyphen)
            default: return nil
            }
        case 0xE3:
            guard i + 2 < n, t[i + 1] == 0x80, t[i + 2] == 0x80 else { return nil }
            return (3, space)
        case 0xEF:
            guard i + 2 < n else { return nil }
            switch (t[i + 1], t[i + 2]) {
            case (0xBB, 0xBF): return (3, nil)
            case (0xB9, 0xA3), (0xBC, 0x8D): return (3, hyphen)
            default: return nil
            }
        default:
            return nil
        }
    }
}
