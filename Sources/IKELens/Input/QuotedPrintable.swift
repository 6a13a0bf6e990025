/// A log forwarded in a mail and saved raw (an `.eml`, a mail program's "view source"): its body
/// in quoted-printable (RFC 2045), lines cut at 76 columns with a soft break (`=` at the end),
/// each `=` written `=3D`, a blank at a line's end `=20`/`=09`, a byte past ASCII `=E2=80=91`.
/// Read as it is, IOS's `Old State =3D IKE_READY` and its long lines cut anywhere are lost.
///
/// A body is known by evidence, not by an `=` alone (IOS prints `Old State = IKE_READY`, an `=`
/// may end a line a terminal cut, and IKEv2 prints `I_SPI=B7D20E4F…`): a run of lines of at most
/// 76 columns in which every `=` is an escape (`=` and two hex digits) or a soft break, holding a
/// soft break and an escape only quoted-printable writes (`strong`: `=3D` before no hex digit, a
/// blank `=20`/`=09` at a line's end, a character past ASCII `=E2=80=91`). The lines of the run
/// are held until it shows that (at most `maxHeld`), then read decoded; a line with a bare `=`
/// (`= `, `="`: a mail's headers, `charset="utf-8"`, or a plain log's text) or a longer line ends
/// a run, and a bare `=` ends the decoding (the body is over). A line cut by soft breaks is read as one, under its
/// first line's number; the lines it took are counted as its (`extra`).
struct QuotedPrintable {
    /// The `=` signs of one line: a soft break at its end, escapes, bare ones.
    struct Marks: Equatable {
        var softBreak = false
        var escapes = 0
        /// Escapes only quoted-printable writes (see the type's documentation).
        var strong = 0
        var bare = 0
    }

    /// Decoding: a body was found, and not ended yet.
    private(set) var active = false
    /// The lines of a run held while its evidence is gathered.
    private var held: [(line: [UInt8], number: Int, cut: Bool)] = []
    private var heldSoft = 0
    private var heldStrong = 0
    /// A line cut by soft breaks, decoded so far, its first line's number and how many lines it took.
    private var joined: [UInt8] = []
    private var joinedFirst = 0
    private var joinedLines = 0

    static let maxHeld = 64
    /// RFC 2045's longest encoded line.
    static let maxColumns = 76

    /// Lines are held or decoded: every line must come here.
    var engaged: Bool { active || !held.isEmpty }

    /// The `=` signs in `line` (a CR at its end left out).
    static func marks(_ line: UnsafeBufferPointer<UInt8>) -> Marks {
        var m = Marks()
        var end = line.count
        while end > 0, line[end - 1] == 0x0D { end -= 1 }
        var i = 0
        while i < end {
            guard let e = ByteSearch.find("=", in: line, from: i, to: end) else { break }
            if e == end - 1 { m.softBreak = true; break }
            if e + 2 < end, isUpperHex(line[e + 1]), isUpperHex(line[e + 2]) {
                m.escapes += 1
                let v = ASCII.hexValue(line[e + 1])! << 4 | ASCII.hexValue(line[e + 2])!
                let after = e + 3 < end ? line[e + 3] : 0
                if v == 0x3D && !isUpperHex(after)
                    || (v == 0x20 || v == 0x09) && (e + 3 == end || e + 4 == end && after == UInt8(ascii: "="))
                    || v >= 0xC2 && v <= 0xF4 && after == UInt8(ascii: "=") && e + 5 < end
                        && (line[e + 4] &- UInt8(ascii: "8") < 2 || line[e + 4] &- UInt8(ascii: "A") < 2) && isUpperHex(line[e + 5]) {
                    m.strong += 1
                }
                i = e + 3
            } else {
                m.bare += 1
                i = e + 1
            }
        }
        return m
    }

    @inline(__always)
    static func isUpperHex(_ b: UInt8) -> Bool { ASCII.isDigit(b) || b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F") }

    /// Takes one physical line; `out` receives each line to read (decoded, or as it was), its
    /// number, whether a terminal cut it, and how many physical lines after its first it took.
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                       _ out: (UnsafeBufferPointer<UInt8>, Int, Bool, Int) -> Void) {
        let m = Self.marks(line)
        if active {
            if m.bare > 0 {
                // (The body is over: what follows is read as it is.)
                active = false
                flushJoined(out)
                out(line, number, cut, 0)
                return
            }
            decode(line, number: number, cut: cut, softBreak: m.softBreak, out)
            return
        }
        var columns = line.count
        while columns > 0, line[columns - 1] == 0x0D { columns -= 1 }
        if m.bare > 0 || columns > Self.maxColumns || held.isEmpty && !m.softBreak && m.escapes == 0 {
            release(out)
            out(line, number, cut, 0)
            return
        }
        held.append((Array(line), number, cut))
        if m.softBreak { heldSoft += 1 }
        heldStrong += m.strong
        if heldSoft >= 1, heldStrong >= 1 {
            active = true
            let lines = held
            held = []
            (heldSoft, heldStrong) = (0, 0)
            for h in lines {
                h.line.withUnsafeBufferPointer { l in
                    decode(l, number: h.number, cut: h.cut, softBreak: Self.marks(l).softBreak, out)
                }
            }
        } else if held.count >= Self.maxHeld {
            release(out)
        }
    }

    /// Ends the input: a run held is read as it was, a line cut by a soft break as far as it came.
    mutating func finish(_ out: (UnsafeBufferPointer<UInt8>, Int, Bool, Int) -> Void) {
        release(out)
        flushJoined(out)
        active = false
    }

    /// The held run read as it was (no body after all).
    private mutating func release(_ out: (UnsafeBufferPointer<UInt8>, Int, Bool, Int) -> Void) {
        let lines = held
        held = []
        (heldSoft, heldStrong) = (0, 0)
        for h in lines { h.line.withUnsafeBufferPointer { out($0, h.number, h.cut, 0) } }
    }

    private mutating func flushJoined(_ out: (UnsafeBufferPointer<UInt8>, Int, Bool, Int) -> Void) {
        guard joinedLines > 0 else { return }
        let line = joined
        let extra = joinedLines - 1
        joined = []
        joinedLines = 0
        line.withUnsafeBufferPointer { out($0, joinedFirst, false, extra) }
    }

    /// `line` decoded onto the line in hand; handed on unless a soft break ends it.
    private mutating func decode(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, softBreak: Bool,
                                 _ out: (UnsafeBufferPointer<UInt8>, Int, Bool, Int) -> Void) {
        if joinedLines == 0 { joinedFirst = number }
        joinedLines += 1
        var end = line.count
        var cr = false
        while end > 0, line[end - 1] == 0x0D { end -= 1; cr = true }
        if softBreak { end -= 1 }
        var i = 0
        while i < end {
            let b = line[i]
            if b == UInt8(ascii: "="), i + 2 < end, let hi = ASCII.hexValue(line[i + 1]), let lo = ASCII.hexValue(line[i + 2]) {
                joined.append(UInt8(hi * 16 + lo))
                i += 3
                continue
            }
            joined.append(b)
            i += 1
        }
        guard !softBreak else { return }
        if cr { joined.append(0x0D) }
        let done = joined
        let extra = joinedLines - 1
        joined = []
        joinedLines = 0
        done.withUnsafeBufferPointer { out($0, joinedFirst, cut, extra) }
    }

    /// Whether `text`'s lines hold a quoted-printable body (for tests: `feed` decides the same).
    static func detect(_ text: [UInt8]) -> Bool {
        var qp = QuotedPrintable()
        var found = false
        var number = 1
        for l in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
            Array(l).withUnsafeBufferPointer { qp.feed($0, number: number, cut: false) { _, _, _, _ in } }
            if qp.active { found = true }
            number += 1
        }
        return found
    }
}
