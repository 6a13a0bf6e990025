/// What a capture or viewing tool put in front of every line of a router's log, beside grep's
/// (`GrepPrefix`): a line number, right-aligned and followed by a TAB or a space (`cat -n`,
/// `nl`, an editor's `:set nu`, `less -N`: `    12\t*Jun 19…`, `  12 R1#…`) or by a gutter's bar
/// (`bat`: `  12   │ *Jun 19…`; a code viewer: `  12 | …`), or the tool's own
/// time stamp and a space (moreutils `ts`: `Nov 10 09:00:00 `; a terminal program's log:
/// `[11/10/2025 9:00:00 AM] `, `2024-06-19 12:28:44 `; Python's logging, netmiko:
/// `2025-11-10 09:00:00,123 `; `11/10/2025 09:00:00 `). Learned from the first lines of the
/// input, where one of them is, past it, plainly a router's line (a router-stamped or known
/// message, a prompt; before a line number also a relay's, a mail's quoted or a colored line:
/// `readsAsNumberedLine`) — a tool's stamp not before a syslog relay's, which names a host after
/// its stamp — then taken off every line that has it, prompts, unstamped continuations and blank
/// lines too, so each line is read as the router printed it. (The router's own stamp, after it, is the event's time.)
struct CapturePrefix: Equatable {
    /// (`colonStamp`: a tool's stamp that ends in a colon, `10:04:24: `, learned from a prompt
    /// behind it: see `detect`.)
    enum Kind: Equatable { case lineNumber, stamp, colonStamp }
    let kind: Kind
    /// The last line number taken off (`lineNumber`).
    private(set) var lastNumber: Int
    /// The blanks after a line number beyond its first, as learned (a viewer that pads its
    /// gutter: `   26  *Nov 18…`): taken off with it, as many as a line has (`lineNumber`).
    private(set) var gap = 0

    /// The prefix in front of `line`, when the line starts with one (nil: none seen).
    static func detect(_ line: UnsafeBufferPointer<UInt8>) -> CapturePrefix? {
        // (Not a number and a space before a time: the rest of a stamp a line end cut after its
        // day, ` 14 07:42:18.306: ISAKMP…`.)
        if let (start, number) = lineNumber(line), start < line.count, !GrepPrefix.isStampRest(line, from: start) {
            // (`12 *Jun…` is no line of a router's; `12\t*Jun…` reads as one, a number and a TAB,
            // but not its prompt or unstamped lines.)
            if readsAsNumberedLine(line, from: start) {
                return CapturePrefix(kind: .lineNumber, lastNumber: number)
            }
            // A padded gutter (two to four blanks after the number): the router's line after them.
            var g = 0
            while g < 3, start + g < line.count, line[start + g] == ASCII.space { g += 1 }
            if g > 0, readsAsNumberedLine(line, from: start + g) {
                var p = CapturePrefix(kind: .lineNumber, lastNumber: number)
                p.gap = g
                return p
            }
        }
        if let end = stampEnd(line), end < line.count, ASCII.isSpace(line[end]), readsAsRouterLine(line, from: end + 1) {
            return CapturePrefix(kind: .stamp, lastNumber: -1)
        }
        if let end = stampEnd(line, colon: true), end < line.count, ASCII.isSpace(line[end]),
           ByteScan.afterPromptName(line, from: end + 1) == ASCII.hash || readsAsStampedRouterLine(line, from: end + 1) {
            // A stamp ending in a colon, as a router's does (SecureCRT's `10:04:24: `, ZOC's
            // `16.07.2024 20:21:25.298: `), is a tool's when a prompt or the router's own stamp
            // follows it: a router never prints its prompt, or a second stamp, after its stamp.
            return CapturePrefix(kind: .colonStamp, lastNumber: -1)
        }
        return nil
    }

    /// Where the router's line starts in `line` (0 when it has no such prefix: a piece of a
    /// line a terminal cut that starts with a number, a line from elsewhere). A line number
    /// counts when it is the one after the last (`cat -n`, an editor), or the line after it
    /// is plainly a router's (`nl` skips blank lines; an excerpt skips more).
    mutating func lineStart(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        switch kind {
        case .lineNumber:
            guard let (first, number) = Self.lineNumber(line) else { return 0 }
            let start = padded(line, first)
            guard number == lastNumber + 1 || start < line.count && Self.readsAsNumberedLine(line, from: start) else { return 0 }
            lastNumber = number
            return start
        case .stamp, .colonStamp:
            guard let end = Self.stampEnd(line, colon: kind == .colonStamp) else { return 0 }
            if end == line.count { return end }
            return ASCII.isSpace(line[end]) ? end + 1 : 0
        }
    }

    /// Where the router's line starts in `line`, one of the lines before the one a line number
    /// was learned from (held while it was): a smaller number (`    3\tLog Buffer …` before
    /// `    4\tR1#…`); 0 when it has none.
    func headLineStart(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        guard kind == .lineNumber, let (start, number) = Self.lineNumber(line), number < lastNumber else { return 0 }
        return padded(line, start)
    }

    /// Past the gutter's learned padding (`gap`) after `start`, as many blanks of it as the line has.
    private func padded(_ line: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var s = start
        while s - start < gap, s < line.count, line[s] == ASCII.space { s += 1 }
        return s
    }

    /// A line number in front of `line` (blanks, up to ten digits, then one TAB or space, or
    /// the line's end): where the line after it starts, and the number.
    private static func lineNumber(_ line: UnsafeBufferPointer<UInt8>) -> (Int, Int)? {
        var k = 0
        while k < line.count, k < 16, line[k] == ASCII.space { k += 1 }
        let d = k
        var v = 0
        while k < line.count, k - d < 10, ASCII.isDigit(line[k]) { v = v * 10 + Int(line[k] &- 0x30); k += 1 }
        guard k > d else { return nil }
        // (Not the year in front of a router's stamp: `2026 Nov 10 09:00:00.123: …`.)
        guard k == line.count || LineHeader.timestamp(ByteCursor(line, from: d)) == nil else { return nil }
        if k == line.count { return (k, v) }
        guard ASCII.isSpace(line[k]) else { return nil }
        // A gutter's bar after the number (`bat`'s `   4   │ `, a code viewer's `   4 | `).
        var b = k
        while b < line.count, b - k < 8, line[b] == ASCII.space { b += 1 }
        if b < line.count, let bar = gutterBar(line, at: b) {
            return (b + bar < line.count && line[b + bar] == ASCII.space ? b + bar + 1 : b + bar, v)
        }
        return (k + 1, v)
    }

    /// The length of a gutter's bar at `i` (`|`, `│`, `┃`, `¦`), or nil.
    private static func gutterBar(_ line: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        if line[i] == UInt8(ascii: "|") { return 1 }
        // (U+2502 │ and U+2503 ┃ are E2 94 82/83; U+00A6 ¦ is C2 A6.)
        if line[i] == 0xE2, i + 2 < line.count, line[i + 1] == 0x94, line[i + 2] == 0x82 || line[i + 2] == 0x83 { return 3 }
        if line[i] == 0xC2, i + 1 < line.count, line[i + 1] == 0xA6 { return 2 }
        return nil
    }

    /// A router's own line at `from`: a known message, with or without the router's stamp and
    /// sequence number, but no relay's header (host, priority, stamp without its colon); or a prompt.
    private static func readsAsRouterLine(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        guard from < line.count else { return false }
        if ByteScan.afterPromptName(line, from: from) == ASCII.hash { return true }
        let h = LineHeader.parse(line, from: from)
        guard h.hostRange == nil, h.relayEnd < 0, !h.hadHeader || h.routerStamp || h.stamp == nil else { return false }
        return BodyPrefix.known(ByteCursor(line, from: h.bodyStart))
    }

    /// A line of a router's log at `from` that a line number may stand before: the router's own
    /// (`readsAsRouterLine`), or, `cat -n` of a syslog server's file, of a mail, of a terminal's
    /// colored capture, a syslog relay's line of a known message (`<189>12: R1: *Jun 19…`,
    /// `Nov 10 09:00:00 10.0.0.1 13: …`), a mail's quote mark and a router's or a relay's line
    /// (`> *Jun 19…`), any of them after a terminal's color codes (`ESC[32m*Jun 19…`).
    private static func readsAsNumberedLine(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        guard from < line.count else { return false }
        if readsAsRouterLine(line, from: from) { return true }
        var k = from
        while k + 1 < line.count, line[k] == 0x1B, line[k + 1] == UInt8(ascii: "[") {
            // (A control sequence: its parameters, then its final byte.)
            k += 2
            while k < line.count, line[k] >= 0x20, line[k] < 0x40 { k += 1 }
            guard k < line.count else { return false }
            k += 1
        }
        if k > from { return readsAsNumberedLine(line, from: k) }
        if line[k] == UInt8(ascii: ">") {
            k += 1
            if k < line.count, line[k] == ASCII.space { k += 1 }
            if k < line.count, readsAsRouterLine(line, from: k) { return true }
        }
        guard k < line.count, !ASCII.isSpace(line[k]) else { return false }
        let h = LineHeader.parse(line, from: k)
        guard h.hostRange != nil || h.relayEnd >= 0 else { return false }
        if BodyPrefix.known(ByteCursor(line, from: h.bodyStart)) { return true }
        // A relay's header on a prompt too (a capture given a header on every line): its sequence
        // number and host, which the header is read with only before a message (`<189>0: R1: R1#…`).
        var b = h.bodyStart
        for _ in 0..<2 {
            var e = b
            while e < line.count, ASCII.isWord(line[e]) { e += 1 }
            guard e > b, e + 1 < line.count, line[e] == ASCII.colon, line[e + 1] == ASCII.space else { break }
            b = e + 2
        }
        return ByteScan.afterPromptName(line, from: b) == ASCII.hash
    }

    /// A router's own line at `from` that carries the router's stamp (`readsAsRouterLine`).
    private static func readsAsStampedRouterLine(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        guard from < line.count else { return false }
        let h = LineHeader.parse(line, from: from)
        return h.routerStamp && h.hostRange == nil && h.relayEnd < 0 && BodyPrefix.known(ByteCursor(line, from: h.bodyStart))
    }

    /// The end of a tool's time stamp at the start of `line` (before the blank after it):
    /// in brackets, anything holding a clock (`[11/10/2025 9:00:00 AM]`, `(09:00:00.123)`);
    /// bare, an optional weekday and date (`Nov 10`, `Nov 10 2025`, `2025-11-10`, `11/10/2025`,
    /// `10.11.2025`, `10-Nov-2025`), the clock (`9:00:00`, `09:00:00.123456`, `09:00:00,123`),
    /// then AM/PM, a zone, a year as the tool wrote them. Never the router's own stamp, which
    /// ends in a colon (`colon`: one that ends in a colon, the colon included; see `detect`).
    static func stampEnd(_ line: UnsafeBufferPointer<UInt8>, colon: Bool = false) -> Int? {
        let n = line.count
        guard n >= 7 else { return nil }
        if line[0] == UInt8(ascii: "[") || line[0] == ASCII.lparen {
            let close = line[0] == ASCII.lparen ? ASCII.rparen : UInt8(ascii: "]")
            var k = 1
            var clock = false
            while k < n, k <= 48, line[k] != close {
                let b = line[k]
                guard ASCII.isAlnum(b) || ASCII.isSpace(b) || b == ASCII.colon || b == ASCII.dot || b == ASCII.minus
                        || b == ASCII.slash || b == UInt8(ascii: "+") || b == ASCII.comma else { return nil }
                if !clock, b == ASCII.colon, k + 5 < n, ASCII.isDigit(line[k - 1]) { clock = Self.clock(line, from: k - 1 - (k >= 2 && ASCII.isDigit(line[k - 2]) ? 1 : 0)) != nil }
                k += 1
            }
            guard clock, k < n, line[k] == close else { return nil }
            return k + 1
        }
        var p = 0
        // A weekday (`Mon Nov 10 09:00:00 2025`, `date`'s way).
        if n > 4, ASCII.isUpper(line[0]), weekday(line[0], line[1], line[2]), line[3] == ASCII.space || line[3] == ASCII.comma {
            p = 4
            while p < n, line[p] == ASCII.space { p += 1 }
        }
        // The date, if any.
        if p + 3 <= n, ASCII.isUpper(line[p]), LineHeader.monthIndex(line[p], line[p + 1], line[p + 2]) != nil {
            // `Nov 10`, `Nov 10, 2025`, `Nov 10 2025`.
            var k = p + 3
            guard k < n, line[k] == ASCII.space else { return nil }
            while k < n, line[k] == ASCII.space { k += 1 }
            let d = k
            while k < n, k - d < 2, ASCII.isDigit(line[k]) { k += 1 }
            guard k > d else { return nil }
            if k < n, line[k] == ASCII.comma { k += 1 }
            guard k < n, line[k] == ASCII.space else { return nil }
            while k < n, line[k] == ASCII.space { k += 1 }
            if k + 4 < n, ASCII.isDigit(line[k]), ASCII.isDigit(line[k + 1]), ASCII.isDigit(line[k + 2]), ASCII.isDigit(line[k + 3]),
               line[k + 4] == ASCII.space {
                k += 5
                while k < n, line[k] == ASCII.space { k += 1 }
            }
            p = k
        } else if p < n, ASCII.isDigit(line[p]) {
            // `2025-11-10`, `11/10/2025`, `10.11.2025`, `10-Nov-2025`: three parts, one separator.
            var k = p
            var parts = 0
            var sep: UInt8 = 0
            var year = false
            while parts < 3 {
                let s = k
                if parts == 1, k + 3 <= n, ASCII.isUpper(line[k]), LineHeader.monthIndex(line[k], line[k + 1], line[k + 2]) != nil {
                    k += 3
                } else {
                    while k < n, k - s < 4, ASCII.isDigit(line[k]) { k += 1 }
                    guard k > s else { break }
                    if k - s == 4 { year = true }
                }
                parts += 1
                if parts == 3 { break }
                guard k < n, line[k] == ASCII.minus || line[k] == ASCII.slash || line[k] == ASCII.dot, sep == 0 || line[k] == sep else { break }
                sep = line[k]
                k += 1
            }
            if parts == 3 {
                guard year || sep == ASCII.slash, k < n, line[k] == ASCII.space || line[k] == UInt8(ascii: "T") else { return nil }
                k += 1
                while k < n, line[k] == ASCII.space { k += 1 }
                p = k
            }
        }
        guard var k = clock(line, from: p) else { return nil }
        // AM/PM, a zone (`Z`, `+01:00`, `+0100`, `UTC`, `GMT+1`), a year: each only where the
        // stamp goes on with it (a word after a blank may be the router's text).
        func word(at i: Int, _ w: StaticString) -> Int? {
            let c = ByteCursor(line, from: i)
            guard c.startsWith(w) else { return nil }
            let e = i + w.utf8CodeUnitCount
            return e == n || ASCII.isSpace(line[e]) || line[e] == UInt8(ascii: "+") || line[e] == ASCII.minus ? e : nil
        }
        if k + 3 <= n, line[k] == ASCII.space, let e = word(at: k + 1, "AM") ?? word(at: k + 1, "PM") ?? word(at: k + 1, "am") ?? word(at: k + 1, "pm") {
            k = e
        }
        if k < n, line[k] == UInt8(ascii: "Z") { k += 1 }
        if k + 4 < n, line[k] == ASCII.space, let e = word(at: k + 1, "UTC") ?? word(at: k + 1, "GMT") { k = e }
        if k < n, line[k] == UInt8(ascii: "+") || line[k] == ASCII.minus || line[k] == ASCII.space && k + 1 < n && (line[k + 1] == UInt8(ascii: "+") || line[k + 1] == ASCII.minus) {
            var o = line[k] == ASCII.space ? k + 2 : k + 1
            let d = o
            while o < n, o - d < 4, ASCII.isDigit(line[o]) { o += 1 }
            if o - d == 2, o + 2 < n, line[o] == ASCII.colon, ASCII.isDigit(line[o + 1]), ASCII.isDigit(line[o + 2]) { o += 3 }
            if o > d, o == n || ASCII.isSpace(line[o]) { k = o }
        }
        if k + 5 <= n, line[k] == ASCII.space, ASCII.isDigit(line[k + 1]), ASCII.isDigit(line[k + 2]), ASCII.isDigit(line[k + 3]),
           ASCII.isDigit(line[k + 4]), k + 5 == n || ASCII.isSpace(line[k + 5]) {
            k += 5
        }
        if colon {
            guard k < n, line[k] == ASCII.colon else { return nil }
            k += 1
        }
        // (The router's stamp ends in its colon: `Nov 10 09:00:00.123: ISAKMP…`, `00:27:07: …`.)
        guard k == n || ASCII.isSpace(line[k]) else { return nil }
        return k
    }

    /// `h:mm:ss` or `hh:mm:ss`, and a fraction after a dot or a comma: where it ends.
    private static func clock(_ line: UnsafeBufferPointer<UInt8>, from p: Int) -> Int? {
        let n = line.count
        var k = p
        while k < n, k - p < 2, ASCII.isDigit(line[k]) { k += 1 }
        guard k > p, k + 5 < n, line[k] == ASCII.colon, ASCII.isDigit(line[k + 1]), ASCII.isDigit(line[k + 2]), line[k + 3] == ASCII.colon,
              ASCII.isDigit(line[k + 4]), ASCII.isDigit(line[k + 5]) else { return nil }
        k += 6
        if k + 1 < n, line[k] == ASCII.dot || line[k] == ASCII.comma, ASCII.isDigit(line[k + 1]) {
            k += 1
            while k < n, ASCII.isDigit(line[k]) { k += 1 }
        }
        return k
    }

    private static func weekday(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        let w = [a, b, c]
        return ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].contains { $0.utf8.elementsEqual(w) }
    }
}
