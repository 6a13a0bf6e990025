#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small helpers for parsing ASCII fields out of UTF-8 bytes without making
/// `String`s. Everything here works on `UnsafeBufferPointer<UInt8>` slices.
@usableFromInline
enum ASCII {
    /// The value of a hexadecimal digit.
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let dot = UInt8(ascii: ".")
    static let star = UInt8(ascii: "*")
    static let comma = UInt8(ascii: ",")
    static let lparen = UInt8(ascii: "(")
    static let rparen = UInt8(ascii: ")")
    static let quote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let newline = UInt8(ascii: "\n")
    static let minus = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/")

    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { isUpper(b) || isLower(b) }
    @inline(__always) static func isHexDigit(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isAlpha(b) || isDigit(b) }
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == space || b == tab }
    /// Characters of identifiers such as state names, keyring and profile names.
    @inline(__always) static func isWord(_ b: UInt8) -> Bool {
        isAlnum(b) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || b == dot
    }
}

/// A cursor over a byte buffer. Value type; copying it is a cheap checkpoint.
@usableFromInline
struct ByteCursor {
    let buf: UnsafeBufferPointer<UInt8>
    var pos: Int
    let end: Int

    init(_ buf: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil) {
        self.buf = buf
        self.pos = from
        self.end = to ?? buf.count
    }

    @inline(__always) var atEnd: Bool { pos >= end }
    @inline(__always) var peek: UInt8? { pos < end ? buf[pos] : nil }
    @inline(__always) var remaining: Int { end - pos }

    @inline(__always) mutating func skipSpaces() {
        while pos < end, ASCII.isSpace(buf[pos]) { pos += 1 }
    }

    /// Skips blanks and the line ends between a record's lines (`…IKE_I_MM4` / `New State = …`).
    mutating func skipBlanksAndLineEnds() {
        while pos < end, buf[pos] == ASCII.newline || ASCII.isSpace(buf[pos]) { pos += 1 }
    }

    /// The record's text after this cursor's end: its next lines, when the cursor reads its first.
    var nextLines: ByteCursor { ByteCursor(buf, from: end, to: buf.count) }

    /// Skips spaces and the stray `.`/`!` a concurrent ping prints into a line.
    mutating func skipSpacesAndPingDots() {
        while pos < end, ASCII.isSpace(buf[pos]) || buf[pos] == ASCII.dot || buf[pos] == UInt8(ascii: "!") {
            pos += 1
        }
    }

    @inline(__always) mutating func skip(_ b: UInt8) -> Bool {
        if pos < end, buf[pos] == b { pos += 1; return true }
        return false
    }

    /// Consumes `literal` if the bytes at the cursor start with it.
    @inline(__always) mutating func skip(_ literal: StaticString) -> Bool {
        guard startsWith(literal) else { return false }
        pos += literal.utf8CodeUnitCount
        return true
    }

    @inline(__always) func startsWith(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - pos >= n, let base = buf.baseAddress else { return false }
        let p = literal.utf8Start
        // First byte inline (most probes fail there), the rest with memcmp.
        guard base[pos] == p[0] else { return false }
        return memcmp(base + pos, p, n) == 0
    }

    /// `startsWith`, each space of `literal` matched by a space or a tab (a console line whose
    /// spaces an editor or a copy made tabs: `Success<TAB>rate<TAB>is`).
    func startsWithPhrase(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - pos >= n else { return false }
        let p = literal.utf8Start
        for i in 0..<n {
            let b = buf[pos + i]
            guard b == p[i] || p[i] == ASCII.space && b == ASCII.tab else { return false }
        }
        return true
    }

    /// Consumes `literal` (in small letters) if the bytes at the cursor start with it in any case
    /// (IOS reads `CLEAR CRYPTO ISAKMP` as `clear crypto isakmp`).
    mutating func skipIgnoringCase(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard end - pos >= n else { return false }
        let p = literal.utf8Start
        for k in 0..<n where buf[pos + k] | 0x20 != p[k] { return false }
        pos += n
        return true
    }

    /// Consumes the bytes of `s` if the bytes at the cursor start with them.
    mutating func skip(string s: String) -> Bool {
        var s = s
        return s.withUTF8 { u in
            guard end - pos >= u.count, let base = buf.baseAddress, let p = u.baseAddress else { return u.isEmpty }
            guard memcmp(base + pos, p, u.count) == 0 else { return false }
            pos += u.count
            return true
        }
    }

    /// Consumes `value` written in decimal as Swift prints it (no sign, no leading zero).
    mutating func skipDecimal(_ value: Int) -> Bool {
        guard value >= 0, pos < end, buf[pos] != UInt8(ascii: "0") || value == 0 else { return false }
        var p = pos
        var v = 0
        while p < end, ASCII.isDigit(buf[p]), p - pos < 18 {
            v = v &* 10 &+ Int(buf[p] &- 0x30)
            p += 1
        }
        guard p > pos, v == value, p == end || !ASCII.isDigit(buf[p]) else { return false }
        if value == 0 && p - pos != 1 { return false }
        pos = p
        return true
    }

    /// Moves past the first occurrence of `literal`; false (cursor unchanged) if absent.
    mutating func skipPast(_ literal: StaticString) -> Bool {
        if let r = ByteSearch.find(literal, in: buf, from: pos, to: end) {
            pos = r + literal.utf8CodeUnitCount
            return true
        }
        return false
    }

    mutating func readInt() -> Int? {
        var neg = false
        var p = pos
        if p < end, buf[p] == ASCII.minus { neg = true; p += 1 }
        let start = p
        var v = 0
        // At most 18 digits: the value and its negation fit an `Int` (a damaged
        // line's 19-digit number must not trap); a longer run is no number.
        while p < end, ASCII.isDigit(buf[p]) {
            if p - start == 18 { return nil }
            v = v &* 10 &+ Int(buf[p] &- 0x30)
            p += 1
        }
        if p == start { return nil }
        pos = p
        return neg ? -v : v
    }

    /// Reads a run of word characters (`[A-Za-z0-9_.-]`), without trailing dots.
    mutating func readWord() -> (Int, Int)? {
        let start = pos
        while pos < end, ASCII.isWord(buf[pos]) { pos += 1 }
        var e = pos
        while e > start, buf[e - 1] == ASCII.dot { e -= 1 }
        return e > start ? (start, e) : nil
    }

    /// Reads up to the next space (or end): a token such as a name.
    mutating func readToken() -> (Int, Int)? {
        let start = pos
        while pos < end, !ASCII.isSpace(buf[pos]), buf[pos] != ASCII.newline { pos += 1 }
        return pos > start ? (start, pos) : nil
    }

    /// Reads an IPv4 or IPv6 address; returns its byte range.
    mutating func readAddress() -> (Int, Int)? {
        let start = pos
        var sawDigit = false
        var sawSep = false
        var colon = false, hex = false
        while pos < end {
            let b = buf[pos]
            if ASCII.isDigit(b) { sawDigit = true; pos += 1; continue }
            if b == ASCII.dot || b == ASCII.colon { sawSep = true; colon = colon || b == ASCII.colon; pos += 1; continue }
            if (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "f") { hex = true; pos += 1; continue }
            break
        }
        var e = pos
        while e > start, buf[e - 1] == ASCII.dot || buf[e - 1] == ASCII.colon { e -= 1 }
        pos = e
        guard sawDigit, sawSep, e - start >= 3 else { pos = start; return readRedactedAddress() }
        if !colon {
            // IPv4: four numbers of one to three digits (`77.77.77.` is a line cut short).
            var groups = 1, digits = 0
            for i in start..<e {
                if buf[i] == ASCII.dot {
                    if digits == 0 { groups = 0; break }
                    groups += 1; digits = 0
                } else { digits += 1 }
                if digits > 3 { groups = 0; break }
            }
            guard groups == 4, !hex else { pos = start; return readRedactedAddress() }
        }
        return (start, e)
    }

    /// An address masked before the log was shared: `x.x.x.x`, `X.X.X.X`, `a.b.c.d`,
    /// `10.x.x.x`, `192.168.X.X`, `xxx.xxx.xxx.xxx`, `192.168.*.*`, `***.***.***.***`,
    /// `#.#.#.#` (four groups of up to three digits, letters, `*` or `#`, one of them not
    /// digits), a placeholder in brackets (`<peer-ip>`, `[REDACTED]`, `<IP address>`,
    /// `<public IP>`), or a placeholder word naming an address (`PEER_IP`, `PUBLIC-IP`,
    /// `REMOTE_ADDR`: parts joined by `_` or `-`, one of them `IP` or `ADDR…`).
    @inline(never)
    mutating func readRedactedAddress() -> (Int, Int)? {
        let start = pos
        guard pos < end else { return nil }
        let first = buf[pos]
        if first == UInt8(ascii: "<") || first == UInt8(ascii: "[") {
            let close = first == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "]")
            var k = pos + 1
            // (Words of letters, digits, `-`, `_`, `.`, one space between them.)
            while k < end, k - pos <= 24 {
                let b = buf[k]
                if ASCII.isAlnum(b) || b == ASCII.minus || b == UInt8(ascii: "_") || b == ASCII.dot { k += 1; continue }
                if b == ASCII.space, k > pos + 1, buf[k - 1] != ASCII.space { k += 1; continue }
                break
            }
            guard k < end, buf[k] == close, k > pos + 1, buf[k - 1] != ASCII.space else { return nil }
            pos = k + 1
            return (start, pos)
        }
        @inline(__always) func isMaskMark(_ b: UInt8) -> Bool { b == UInt8(ascii: "*") || b == UInt8(ascii: "#") }
        guard ASCII.isAlnum(first) || isMaskMark(first) else { return nil }
        var k = pos
        var masked = false
        for group in 0..<4 {
            let g = k
            while k < end, k - g < 3, ASCII.isAlnum(buf[k]) || isMaskMark(buf[k]) {
                if !ASCII.isDigit(buf[k]) { masked = true }
                k += 1
            }
            // (A group of digits, of letters or of marks: not a word such as `peer`.)
            guard k > g, buf[g..<k].allSatisfy(ASCII.isDigit) || buf[g..<k].allSatisfy(ASCII.isAlpha)
                || buf[g..<k].allSatisfy(isMaskMark) else { return placeholderWord(from: start) }
            if group < 3 {
                guard k < end, buf[k] == ASCII.dot else { return placeholderWord(from: start) }
                k += 1
            }
        }
        guard masked, k == end || !(ASCII.isAlnum(buf[k]) || buf[k] == ASCII.dot || isMaskMark(buf[k])) else {
            return placeholderWord(from: start)
        }
        pos = k
        return (start, k)
    }

    /// `PEER_IP`, `PUBLIC-IP`, `REMOTE_ADDR`, `IP_ADDRESS`: two to four parts of letters and
    /// digits joined by `_` or `-`, one of them (in any case) `IP`, `IPV4`, `IPADDR`, `ADDR` or
    /// `ADDRESS`; a host name has no such part. Or a bare word that only masks (`XXXX`, `xxx`,
    /// `****`, `####`, `REDACTED`, `IPADDR`), what `sed` or a careful hand leaves of an address.
    private mutating func placeholderWord(from start: Int) -> (Int, Int)? {
        if let e = bareMask(from: start) {
            pos = e
            return (start, e)
        }
        var k = start
        var parts = 0
        var named = false
        while parts < 4 {
            let g = k
            while k < end, k - g < 12, ASCII.isAlnum(buf[k]) { k += 1 }
            guard k > g else { return nil }
            parts += 1
            var w: UInt64 = 0
            for i in g..<k { w = w << 8 | UInt64(buf[i] | 0x20) }
            // ("ip", "ipv4", "ipaddr", "addr", "address" as packed lower-case bytes.)
            if k - g <= 8, w == 0x6970 || w == 0x6970_7634 || w == 0x6970_6164_6472
                || w == 0x6164_6472 || w == 0x6164_6472_6573_73 { named = true }
            guard k < end, buf[k] == UInt8(ascii: "_") || buf[k] == ASCII.minus else { break }
            guard k + 1 < end, ASCII.isAlnum(buf[k + 1]) else { break }
            k += 1
        }
        guard named, parts >= 2, k == end || !(ASCII.isWord(buf[k]) || buf[k] == UInt8(ascii: "*")) else { return nil }
        pos = k
        return (start, k)
    }

    /// The end of a bare masking word at `start`: three or more of one mark, `X`, `x`, `*` or
    /// `#` (`XXXX`, `****`), or, in any case, `REDACTED`, `IPADDR`, `IPV4ADDR`; a word of its own
    /// (nothing of a word, a dot or a mark right after it). IOS never prints such a word where
    /// an address stands (`from X`, `peer X`, `host X`, `remote= X`).
    private func bareMask(from start: Int) -> Int? {
        guard start < end else { return nil }
        let first = buf[start]
        var k = start
        if first == UInt8(ascii: "X") || first == UInt8(ascii: "x") || first == UInt8(ascii: "*") || first == UInt8(ascii: "#") {
            while k < end, buf[k] == first { k += 1 }
            guard k - start >= 3 else { return nil }
        } else {
            var w: UInt64 = 0
            while k < end, ASCII.isAlnum(buf[k]) { w = w << 8 | UInt64(buf[k] | 0x20); k += 1 }
            guard k - start <= 8 else { return nil }
            // ("redacted", "ipaddr", "ipv4addr" as packed lower-case bytes.)
            guard w == 0x7265_6461_6374_6564 || w == 0x6970_6164_6472 || w == 0x6970_7634_6164_6472 else { return nil }
        }
        guard k == end || !(ASCII.isWord(buf[k]) || buf[k] == ASCII.dot || buf[k] == UInt8(ascii: "*") || buf[k] == UInt8(ascii: "#")) else { return nil }
        return k
    }

    /// The bytes of `r` as a `String` (a shared literal for a word IOS repeats, see `Tokens`).
    func string(_ r: (Int, Int)) -> String {
        Tokens.string(buf, r.0, r.1)
    }

    /// An address defanged before the log was shared (a security ticket's, a mail's:
    /// `198[.]51[.]100[.]41`, `198(.)51(.)100(.)41`, `198[dot]51[dot]100[dot]41`, only the last
    /// dot `198.51.100[.]41`, IPv6's `2001[:]db8[:][:]1`), as the address it stands for; nil
    /// (the cursor where it was) when there is none. Called where an address did not read, so
    /// a plain log's never come here.
    @inline(never)
    mutating func readDefangedAddress() -> String? {
        guard pos < end, ASCII.isHexDigit(buf[pos]) else { return nil }
        var out: [UInt8] = []
        var k = pos
        var marked = false
        while k < end, out.count < 48 {
            let b = buf[k]
            if ASCII.isHexDigit(b) || b == ASCII.dot || b == ASCII.colon {
                out.append(b)
                k += 1
            } else if let m = Defang.mark(buf, at: k, end: end), let last = out.last,
                      ASCII.isHexDigit(last) || m.byte == ASCII.colon && last == ASCII.colon, k + m.length < end,
                      ASCII.isHexDigit(buf[k + m.length]) || m.byte == ASCII.colon && Defang.mark(buf, at: k + m.length, end: end)?.byte == ASCII.colon {
                // (A mark between two groups, or IPv6's `[:][:]`; not at the address's end:
                // `…41[.]` ends a sentence.)
                out.append(m.byte)
                k += m.length
                marked = true
            } else {
                break
            }
        }
        // (A plain dot or colon after it is the sentence's, as `readAddress` leaves it.)
        while let last = out.last, last == ASCII.dot || last == ASCII.colon { out.removeLast(); k -= 1 }
        guard marked, out.contains(where: ASCII.isDigit) else { return nil }
        let whole = out.withUnsafeBufferPointer { o -> Bool in
            var c = ByteCursor(o)
            guard let r = c.readAddress() else { return false }
            return r.0 == 0 && r.1 == o.count
        }
        guard whole else { return nil }
        pos = k
        return String(decoding: out, as: UTF8.self)
    }

    /// The bytes of `r` as a `String`, defanging marks in it read as what they stand for
    /// (`r2[.]example[.]com`, `198[.]51[.]100[.]41:500`; see `Defang`). For the fields that
    /// name a peer by a token of its own (an identity, an IPsec SA's ends): few lines.
    func refangedString(_ r: (Int, Int)) -> String {
        for k in r.0..<r.1 where buf[k] == ASCII.lparen || buf[k] | 0x20 == UInt8(ascii: "{") {
            if Defang.mark(buf, at: k, end: r.1) != nil { return Defang.refanged(UnsafeBufferPointer(rebasing: buf[r.0..<r.1])) }
        }
        return string(r)
    }
}

/// Defanging: what security tickets and mails do to addresses so that nothing makes them a
/// link (`198[.]51[.]100[.]41`, `198(.)51(.)100(.)41`, `198[dot]51[dot]100[dot]41`,
/// `r2[.]example[.]com`, IPv6's `[:]`). Read back where a peer's address or name is read
/// (`ByteCursor.readDefangedAddress`, `refangedString`); the event's text keeps the log's.
enum Defang {
    /// The mark at `k` (`[.]`, `(.)`, `{.}`, `[dot]`, `(dot)` in any case, `[:]`): its length and
    /// the character it stands for; nil when there is none.
    static func mark(_ buf: UnsafeBufferPointer<UInt8>, at k: Int, end: Int) -> (length: Int, byte: UInt8)? {
        guard k + 2 < end else { return nil }
        let close: UInt8
        switch buf[k] {
        case UInt8(ascii: "["): close = UInt8(ascii: "]")
        case ASCII.lparen: close = ASCII.rparen
        case UInt8(ascii: "{"): close = UInt8(ascii: "}")
        default: return nil
        }
        let inner = buf[k + 1]
        if inner == ASCII.dot || inner == ASCII.colon { return buf[k + 2] == close ? (3, inner) : nil }
        guard k + 4 < end, inner | 0x20 == UInt8(ascii: "d"), buf[k + 2] | 0x20 == UInt8(ascii: "o"),
              buf[k + 3] | 0x20 == UInt8(ascii: "t"), buf[k + 4] == close else { return nil }
        return (5, ASCII.dot)
    }

    /// `bytes` with every mark read as the character it stands for.
    static func refanged(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var k = 0
        while k < bytes.count {
            if let m = mark(bytes, at: k, end: bytes.count) {
                out.append(m.byte)
                k += m.length
            } else {
                out.append(bytes[k])
                k += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with its marks read (a diagnosis reading an address out of an event's text).
    static func refanged(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == ASCII.lparen || $0 | 0x20 == UInt8(ascii: "{") }) else { return text }
        var t = text
        return t.withUTF8 { refanged($0) }
    }
}

/// IPv6 addresses in one spelling, so that one peer is one peer: `2001:db8:c0a8::2` (a
/// collector's lower case, another make's log) and `2001:DB8:C0A8:0:0:0:0:2` (zeros written out)
/// are the `2001:DB8:C0A8::2` IOS prints. IOS's spelling is RFC 5952's but in upper case: no
/// leading zeros in a group, the longest run of two or more zero groups (the first of equal
/// runs) as `::`, an IPv4 tail (`::FFFF:192.0.2.1`) kept dotted.
enum IPv6 {
    /// The 16-bit groups of the address `b` spells, and whether it ends in a dotted IPv4 tail;
    /// nil when `b` is no IPv6 address (an IPv4 address, a time, a word).
    static func groups(_ b: UnsafeBufferPointer<UInt8>) -> (groups: SIMD8<UInt16>, v4Tail: Bool)? {
        let n = b.count
        guard n >= 2, n <= 45 else { return nil }
        var g = SIMD8<UInt16>()
        var count = 0
        var gap = -1
        var k = 0
        var v4Tail = false
        if b[0] == ASCII.colon {
            guard b[1] == ASCII.colon else { return nil }
            gap = 0
            k = 2
        }
        while k < n {
            guard count < 8 else { return nil }
            // A group: one to four hex digits (or, last, a dotted IPv4 address: two groups).
            let s = k
            var v: UInt32 = 0
            while k < n, k - s < 5, let h = ASCII.hexValue(b[k]) { v = v << 4 | UInt32(h); k += 1 }
            guard k > s else { return nil }
            if k < n, b[k] == ASCII.dot {
                guard count <= 6, let v4 = ipv4(b, from: s) else { return nil }
                g[count] = UInt16(v4 >> 16)
                g[count + 1] = UInt16(v4 & 0xFFFF)
                count += 2
                v4Tail = true
                k = n
                break
            }
            guard k - s <= 4 else { return nil }
            g[count] = UInt16(v)
            count += 1
            if k == n { break }
            guard b[k] == ASCII.colon, k + 1 < n else { return nil }
            k += 1
            if b[k] == ASCII.colon {
                guard gap < 0 else { return nil }
                gap = count
                k += 1
            }
        }
        if gap < 0 {
            guard count == 8 else { return nil }
            return (g, v4Tail)
        }
        guard count < 8 else { return nil }
        // The groups after the gap move to the end; the gap is zeros.
        var out = SIMD8<UInt16>()
        for i in 0..<gap { out[i] = g[i] }
        for i in gap..<count { out[8 - count + i] = g[i] }
        return (out, v4Tail)
    }

    /// The dotted IPv4 address from `s` to the end of `b`, as 32 bits.
    private static func ipv4(_ b: UnsafeBufferPointer<UInt8>, from s: Int) -> UInt32? {
        var k = s
        var result: UInt32 = 0
        for part in 0..<4 {
            let p = k
            var v: UInt32 = 0
            while k < b.count, k - p < 3, ASCII.isDigit(b[k]) { v = v * 10 + UInt32(b[k] &- 0x30); k += 1 }
            guard k > p, v <= 255 else { return nil }
            result = result << 8 | v
            if part < 3 {
                guard k < b.count, b[k] == ASCII.dot else { return nil }
                k += 1
            }
        }
        return k == b.count ? result : nil
    }

    /// True when `b` is an IPv6 address.
    static func isAddress(_ b: UnsafeBufferPointer<UInt8>) -> Bool { groups(b) != nil }

    /// The address `b` spells in IOS's spelling, or nil when `b` is already spelled so, or is
    /// no IPv6 address (then it is left as it is). Checked on the bytes: the common case, an
    /// address as IOS printed it, makes no `String`.
    static func canonical(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        guard let (g, v4Tail) = groups(b) else { return nil }
        let hexGroups = v4Tail ? 6 : 8
        // The longest run of two or more zero groups; the first of equal runs.
        var best = -1, bestLength = 1
        var i = 0
        while i < hexGroups {
            guard g[i] == 0 else { i += 1; continue }
            var j = i
            while j < hexGroups, g[j] == 0 { j += 1 }
            if j - i > bestLength { (best, bestLength) = (i, j - i) }
            i = j
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { out -> String? in
            var n = 0
            var i = 0
            while i < hexGroups {
                if i == best {
                    out[n] = ASCII.colon; out[n + 1] = ASCII.colon
                    n += 2
                    i += bestLength
                    continue
                }
                if n > 0, out[n - 1] != ASCII.colon { out[n] = ASCII.colon; n += 1 }
                let v = g[i]
                var shift = 12
                while shift > 0, (v >> UInt16(shift)) & 0xF == 0 { shift -= 4 }
                while shift >= 0 {
                    let d = UInt8((v >> UInt16(shift)) & 0xF)
                    out[n] = d < 10 ? 0x30 + d : 0x41 + d - 10
                    n += 1
                    shift -= 4
                }
                i += 1
            }
            if v4Tail {
                if n > 0, out[n - 1] != ASCII.colon { out[n] = ASCII.colon; n += 1 }
                let tail = UInt32(g[6]) << 16 | UInt32(g[7])
                for part in 0..<4 {
                    let v = (tail >> UInt32(24 - 8 * part)) & 0xFF
                    if part > 0 { out[n] = ASCII.dot; n += 1 }
                    if v >= 100 { out[n] = 0x30 + UInt8(v / 100); n += 1 }
                    if v >= 10 { out[n] = 0x30 + UInt8(v / 10 % 10); n += 1 }
                    out[n] = 0x30 + UInt8(v % 10)
                    n += 1
                }
            }
            if n == b.count, memcmp(out.baseAddress!, b.baseAddress!, n) == 0 { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }

    /// `text` in IOS's spelling when it is an IPv6 address; otherwise `text`.
    static func canonical(_ text: String) -> String {
        var t = text
        return t.withUTF8 { canonical($0) } ?? text
    }
}

enum ByteScan {
    /// The byte after a prompt's name at `from` (`R2#`, `Hub(config-if)#`, `R1>`): the name a
    /// letter or digit, then word characters and parentheses; nil when the line ends first or
    /// `from` starts no name.
    static func afterPromptName(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> UInt8? {
        var k = from
        guard k < line.count else { return nil }
        if let e = redactedNameEnd(line, from: k) {
            k = e
        } else {
            guard ASCII.isAlnum(line[k]) else { return nil }
        }
        while k < line.count, ASCII.isWord(line[k]) || line[k] == ASCII.lparen || line[k] == ASCII.rparen { k += 1 }
        return k < line.count ? line[k] : nil
    }

    /// The end of a host name redacted before the log was shared, at `from`, when a prompt's mark
    /// (`#`, `>`, or a mode's `(`) follows it: `<hostname>`, `[REDACTED]`, `****`, `XXXXX`
    /// (`<hostname>#clear crypto isakmp`, as forum posts hide it). Such a prompt is still a prompt; it names no device.
    static func redactedNameEnd(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < line.count else { return nil }
        var k = from
        switch line[from] {
        case UInt8(ascii: "<"), UInt8(ascii: "["):
            let close = line[from] == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "]")
            k += 1
            while k < line.count, k - from <= 32, ASCII.isWord(line[k]) || line[k] == ASCII.space { k += 1 }
            guard k > from + 1, k < line.count, line[k] == close else { return nil }
            k += 1
        case ASCII.star, UInt8(ascii: "x"), UInt8(ascii: "X"):
            // (`XXXXX#`: three or more; `x1#` is a name.)
            while k < line.count, k - from < 32, line[k] == line[from] { k += 1 }
            guard line[from] == ASCII.star || k - from >= 3 else { return nil }
        default:
            return nil
        }
        guard k < line.count, line[k] == ASCII.hash || line[k] == UInt8(ascii: ">") || line[k] == ASCII.lparen else { return nil }
        return k
    }

    /// True when no byte is NUL or has the high bit set: 32 bytes per step, and memchr for NUL.
    static func isASCIIWithoutNUL(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let n = bytes.count
        if memchr(base, 0, n) != nil { return false }
        var acc: UInt64 = 0
        var i = 0
        while i + 32 <= n {
            acc |= base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                | base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            i += 32
        }
        while i < n {
            acc |= UInt64(base.load(fromByteOffset: i, as: UInt8.self))
            i += 1
        }
        return acc & 0x8080_8080_8080_8080 == 0
    }
}

@usableFromInline
enum ByteSearch {
    /// Position of the first occurrence of `literal` in `buf[from..<to]`.
    static func find(_ literal: StaticString, in buf: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil) -> Int? {
        let n = literal.utf8CodeUnitCount
        let end = to ?? buf.count
        guard n > 0, end - from >= n else { return nil }
        guard let base = buf.baseAddress else { return nil }
        let p = literal.utf8Start
        let first = Int32(p[0])
        var i = from
        let last = end - n
        while i <= last {
            // memchr for the first byte, memcmp for the rest.
            guard let hit = memchr(base + i, first, last - i + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if n == 1 || memcmp(base + at + 1, p + 1, n - 1) == 0 { return at }
            i = at + 1
        }
        return nil
    }

    static func contains(_ literal: StaticString, in buf: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil) -> Bool {
        find(literal, in: buf, from: from, to: to) != nil
    }
}

extension String {
    /// `hasPrefix` for ASCII literals on the UTF-8 view: no `Character` work.
    func asciiHasPrefix(_ p: StaticString) -> Bool {
        let n = p.utf8CodeUnitCount
        if let r = utf8.withContiguousStorageIfAvailable({ b in
            b.count >= n && (n == 0 || memcmp(b.baseAddress!, p.utf8Start, n) == 0)
        }) {
            return r
        }
        var it = utf8.makeIterator()
        let base = p.utf8Start
        for i in 0..<n {
            guard let b = it.next(), b == base[i] else { return false }
        }
        return true
    }

    /// `contains` for ASCII literals on the UTF-8 view.
    func asciiContains(_ p: StaticString) -> Bool {
        var s = self
        return s.withUTF8 { ByteSearch.contains(p, in: $0) }
    }
}

extension Array where Element == UInt8 {
    /// `v` in decimal, left-padded with zeros to at least `minDigits` digits.
    mutating func appendDecimal(_ v: UInt, minDigits: Int = 1) {
        var digits = 1
        var rest = v
        while rest >= 10 { rest /= 10; digits += 1 }
        for _ in digits..<Swift.max(digits, minDigits) { append(0x30) }
        let end = count + digits
        append(contentsOf: repeatElement(0x30, count: digits))
        var i = end - 1
        var n = v
        while n >= 10 {
            self[i] = 0x30 &+ UInt8(truncatingIfNeeded: n % 10)
            n /= 10
            i -= 1
        }
        self[i] = 0x30 &+ UInt8(truncatingIfNeeded: n)
    }
}

extension Array where Element == UInt8 {
    /// Appends what of `run` fits in `limit` bytes in all; false when some of it did not (a
    /// line held to its longest).
    mutating func append(_ run: UnsafeBufferPointer<UInt8>, upTo limit: Int) -> Bool {
        let room = Swift.max(0, limit - count)
        guard run.count > room else {
            append(contentsOf: run)
            return true
        }
        append(contentsOf: run.prefix(room))
        return false
    }
}
