/// What a tool nobody told IKELens about put in front of every line of a router's log: IOS-XE's
/// binary-trace decoder (`show logging process iosrp`: `2024/06/19 12:28:44.251000000
/// {iosrp_R0-0}{255}: [buginf] [26234]: (debug): `, 17.x's `… [26234]: UUID: 0, ra: 0, TID: 0
/// (debug): `), Python's logging with its level (`2024-10-07 06:46:14,014 DEBUG `), a shell
/// loop's `date` (`Mon Oct  7 06:46:14 CEST 2024 `), `ts %.s` (`1728283014.000014 `), a
/// numbered list (`15. `). Not known by its text, as `GrepPrefix` and `CapturePrefix` are, but
/// by its shape, learned from the first lines (`ParseStage` holds them meanwhile): two of them
/// whose router's line — a router's stamp and a known message (`*Jun 19 …: ISAKMP…`), a known
/// message (`ISAKMP:`, `IKEv2:`, `IPSEC(`, `%CRYPTO-…`), a syslog relay's line — stands behind
/// something the line as a whole does not read as, of the same shape: runs of digits, of letters
/// and of blanks, and the other characters as they are (`d/d/d d:d:d.d {a_ad-d}{d}: [a] [d]:
/// (a):`), so a line's numbers, its level's or weekday's name, and the blanks that align a day
/// (`Oct  7`, `Oct 17`) change nothing. Then taken off every line that starts with that shape,
/// prompts, unstamped continuations and blank lines too, so each line is read as the router
/// printed it; a line without it (a prompt the trace's decoder did not wrap) is read as it is.
struct LearnedPrefix: Equatable {
    /// The prefix's shape: `digits`, `letters` and `blanks` for runs of them, any other byte itself.
    let shape: [UInt8]
    /// The blanks between the prefix and the router's line on the lines it was learned from (0:
    /// the line right after it, `[12:28:44]*Jun 19…`).
    let gap: Int

    static let digits: UInt8 = 0x01
    static let letters: UInt8 = 0x02
    static let blanks = ASCII.space
    /// How far into a line a router's message is looked for (the 17.x trace's prefix is ~100 bytes).
    static let maxLength = 160

    /// The prefix in front of `line` when the line is one to learn it from (nil: none seen): at
    /// the line's very start (an indented line is a message's own), something the parser does
    /// not read (no router's stamp, no known message, no prompt), then a router's message. Not
    /// a line one of the assembler's other readers takes apart (a JSON or CSV export's, an HTML
    /// mail's, a line with entities, escapes, terminal codes or bytes beyond ASCII, a mail's
    /// quote or a list's bullet: what looks unknown there may be the router's own line once
    /// read), and not a lone number, which is a line number's (`CapturePrefix`) or the rest of a
    /// stamp a line end cut after its day (`14 07:42:18.306: ISAKMP…`). A host's tag in angle
    /// brackets at the line's start (`<R1> *Jun 19…`) is no mail's markup (see `angleTagEnd`).
    static func detect(_ line: UnsafeBufferPointer<UInt8>) -> LearnedPrefix? {
        guard let first = line.first, !ASCII.isSpace(first), first != UInt8(ascii: "{"), first != ASCII.quote,
              first != ASCII.minus, first != UInt8(ascii: ">") else { return nil }
        var k = first == UInt8(ascii: "<") ? angleTagEnd(line) ?? 0 : 0
        while k < line.count {
            let b = line[k]
            // (A chat's nick in angle brackets, `[10:05] <neteng> *Jun 19 …`, is no mail's markup.)
            if b == UInt8(ascii: "<"), let e = nickEnd(line, at: k) { k = e; continue }
            if b < 0x20 && b != ASCII.tab || b >= 0x7F || b == UInt8(ascii: "&") || b == UInt8(ascii: "\\")
                || b == UInt8(ascii: "<") || b == ASCII.hash {
                return nil
            }
            k += 1
        }
        guard ByteScan.afterPromptName(line, from: 0) != ASCII.hash, LineHeader.fast(line, from: 0) == nil else { return nil }
        let h = LineHeader.parse(line, from: 0)
        guard !h.routerStamp, !BodyPrefix.known(ByteCursor(line, from: h.bodyStart)) else { return nil }
        guard let (end, start, shape) = split(line) else { return nil }
        return LearnedPrefix(shape: shape, gap: start - end)
    }

    /// The end of a host's tag in angle brackets at `line`'s start (`<R1>`, `<r1-rtr>`): a word
    /// with a letter in it, not a syslog priority (`<189>`, digits alone) nor an HTML tag a mail
    /// wraps a line in (`<p>`, `<div>`, `<br>`: `RecordAssembler.htmlTagEnd`); nil when there is none.
    static func angleTagEnd(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = 1
        var letter = false
        while k < line.count, k <= HostTag.maxWordLength, ASCII.isWord(line[k]) {
            if ASCII.isAlpha(line[k]) { letter = true }
            k += 1
        }
        guard letter, k < line.count, line[k] == UInt8(ascii: ">"), RecordAssembler.htmlTagEnd(line, at: 0) == nil else { return nil }
        return k + 1
    }

    /// The end of a chat's nick in angle brackets at `k`: IRC's log of a debug pasted into a
    /// channel, each line sent as a message of its own (`[10:05] <neteng> *Jun 19 …`,
    /// `10:05 <@neteng> …`). A nick's characters (a letter among them) after one mode sign at
    /// most, not an HTML tag a mail wraps a line in (`<p>`, `<br>`: `RecordAssembler.htmlTagEnd`),
    /// nor a syslog priority (`<189>`); nil when there is none.
    static func nickEnd(_ line: UnsafeBufferPointer<UInt8>, at k: Int) -> Int? {
        var p = k + 1
        if p < line.count, "@+%&~".utf8.contains(line[p]) { p += 1 }
        let start = p
        var letter = false
        while p < line.count, p - start < 32, ASCII.isAlnum(line[p]) || "_-[]^{}|`".utf8.contains(line[p]) {
            if ASCII.isAlpha(line[p]) { letter = true }
            p += 1
        }
        guard letter, p < line.count, line[p] == UInt8(ascii: ">"), RecordAssembler.htmlTagEnd(line, at: k) == nil else { return nil }
        return p + 1
    }

    /// Whether `line` reads as it is as a known message (a router's stamped one, a relay's): a log
    /// whose lines have no prefix to learn.
    static func readsAsIs(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        if LineHeader.fast(line, from: i) != nil { return true }
        return BodyPrefix.known(ByteCursor(line, from: LineHeader.parse(line, from: i).bodyStart))
    }

    /// The prefix in front of a router's line in `line`: where it ends (before the blanks after
    /// it), where the router's line starts, and its shape — one to learn: not a lone word, not a
    /// lone number. Where what follows a lone word reads as a syslog relay's header (`Mon` before
    /// `Oct  7 06:46:14 CEST 2024 Nov 29 06:19:55 hub1 48211: …`: `date`'s stamp read as a relay's
    /// stamp and host), a later start inside that header is looked for (`2024 Nov 29 … hub1 48211: …`);
    /// never one inside the router's own line.
    static func split(_ line: UnsafeBufferPointer<UInt8>) -> (end: Int, start: Int, shape: [UInt8])? {
        var from = 1
        var limit = Int.max
        while let (start, relayEnd) = messageStart(line, from: from), start < limit {
            var end = start
            while end > 0, ASCII.isSpace(line[end - 1]) { end -= 1 }
            if end > 0 {
                guard !isStampRest(line, end: end, start: start) else { return nil }
                let shape = shape(of: UnsafeBufferPointer(rebasing: line[..<end]))
                if shape != [digits], shape.contains(where: { $0 != letters && $0 != blanks }) { return (end, start, shape) }
            }
            guard relayEnd > start else { return nil }
            limit = min(limit, relayEnd)
            from = start + 1
        }
        return nil
    }

    /// Whether `line[..<end]`, in front of the router's line at `start`, is the rest of a router's
    /// stamp a line end cut (the line before ended inside it: a terminal's width, a relay's long
    /// host): of a stamp's characters only, and ending in its colon (`2:15.320: ISAKMP…`,
    /// `.320: ISAKMP…`, `: ISAKMP…`), or in its day before what reads as a stamp of the time alone
    /// (`ul 16 20:22:15.320: ISAKMP…`). (A numbered list's `15. `, `ts %.s`'s stamp end otherwise;
    /// so is a host's name and its colon, `R1:*Jun 19…`: an uptime's rest, `2d03h:`, is the only
    /// stamp's with letters before its colon, and those are `y`, `w`, `d`, `h`.)
    static func isStampRest(_ line: UnsafeBufferPointer<UInt8>, end: Int, start: Int) -> Bool {
        for k in 0..<end {
            let b = line[k]
            guard ASCII.isAlnum(b) || ASCII.isSpace(b) || b == ASCII.colon || b == ASCII.dot || b == ASCII.star else { return false }
        }
        if line[end - 1] == ASCII.colon {
            guard end == 1 || ASCII.isDigit(line[end - 2]) else { return false }
            var w = end - 1
            while w > 0, ASCII.isAlnum(line[w - 1]) { w -= 1 }
            return !line[w..<(end - 1)].contains { ASCII.isAlpha($0) && !"ywdh".utf8.contains($0) }
        }
        guard ASCII.isDigit(line[start]) else { return false }
        var d = end
        while d > 0, ASCII.isDigit(line[d - 1]) { d -= 1 }
        return end - d <= 2 && (d == 0 || ASCII.isSpace(line[d - 1]))
    }

    /// Where a router's line starts in `line` behind something else (not at its start, from
    /// `from` on): after a blank or a `]`, `)`, `}`, `|` or `:`, a line the parser reads as a
    /// known message — a router's stamp and the message, the message alone, a syslog relay's
    /// header in front of it (a numbered list of a syslog server's lines keeps the hosts) but not
    /// a bare word and its colon (`INFO: *Jun 19…`: a level, not a router's origin-id); nil when
    /// there is none in the first `maxLength` bytes. `relayEnd`: where the relay's header ends
    /// (-1: none).
    static func messageStart(_ line: UnsafeBufferPointer<UInt8>, from: Int = 1) -> (start: Int, relayEnd: Int)? {
        let n = min(line.count, maxLength + 1)
        var a = max(from, 1)
        while a < n {
            let p = line[a - 1]
            if ASCII.isSpace(p) || p == UInt8(ascii: "]") || p == ASCII.rparen || p == UInt8(ascii: "}") || p == UInt8(ascii: "|")
                || p == ASCII.colon || p == UInt8(ascii: ">"), !ASCII.isSpace(line[a]) {
                if LineHeader.fast(line, from: a) != nil { return (a, -1) }
                let h = LineHeader.parse(line, from: a)
                if BodyPrefix.known(ByteCursor(line, from: h.bodyStart)), h.hostRange.map({ $0.0 > a }) ?? true {
                    return (a, max(h.relayEnd, h.relayEndSeq))
                }
            }
            a += 1
        }
        return nil
    }

    /// The shape of `prefix` (see `shape`).
    static func shape(of prefix: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var s: [UInt8] = []
        var k = 0
        while k < prefix.count {
            let b = prefix[k]
            if ASCII.isDigit(b) {
                s.append(digits)
                while k < prefix.count, ASCII.isDigit(prefix[k]) { k += 1 }
            } else if ASCII.isAlpha(b) {
                s.append(letters)
                while k < prefix.count, ASCII.isAlpha(prefix[k]) { k += 1 }
            } else if ASCII.isSpace(b) {
                s.append(blanks)
                while k < prefix.count, ASCII.isSpace(prefix[k]) { k += 1 }
            } else {
                s.append(b)
                k += 1
            }
        }
        return s
    }

    /// Where the router's line starts in `line` (0 when the line does not start with the prefix's
    /// shape; the line's end when nothing follows the prefix). Up to `gap` blanks after it are
    /// the prefix's; more are the line's own indentation.
    func lineStart(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        let n = line.count
        var k = 0
        for t in shape {
            guard k < n else { return 0 }
            let b = line[k]
            switch t {
            case Self.digits:
                guard ASCII.isDigit(b) else { return 0 }
                repeat { k += 1 } while k < n && ASCII.isDigit(line[k])
            case Self.letters:
                guard ASCII.isAlpha(b) else { return 0 }
                repeat { k += 1 } while k < n && ASCII.isAlpha(line[k])
            case Self.blanks:
                guard ASCII.isSpace(b) else { return 0 }
                repeat { k += 1 } while k < n && ASCII.isSpace(line[k])
            default:
                guard b == t else { return 0 }
                k += 1
            }
        }
        if k == n { return n }
        guard gap > 0 else { return k }
        guard ASCII.isSpace(line[k]) else { return 0 }
        var g = 0
        while g < gap, k < n, ASCII.isSpace(line[k]) { k += 1; g += 1 }
        return k
    }

    /// The date and time in `line[..<end]`, the prefix (`2024/06/19 12:28:44.251000000`,
    /// `2024-10-07 06:46:14,014`, `Mon Oct  7 06:46:14 CEST 2024`): a numeric date with the year
    /// first or a month's name and the day, then the clock. Its year is left out, as a router's
    /// stamp has none: a log of some lines stamped by the router and some by the prefix alone
    /// keeps one calendar.
    static func stamp(_ line: UnsafeBufferPointer<UInt8>, before end: Int) -> Stamp? {
        var k = 0
        while k < end {
            if k == 0 || !ASCII.isAlnum(line[k - 1]), let s = dateAndTime(line, from: k, to: end) { return s }
            k += 1
        }
        return nil
    }

    private static func dateAndTime(_ line: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Stamp? {
        var k = from
        func number(_ most: Int) -> Int? {
            let s = k
            var v = 0
            while k < end, k - s < most, ASCII.isDigit(line[k]) { v = v * 10 + Int(line[k] &- 0x30); k += 1 }
            return k > s ? v : nil
        }
        func blanks() -> Bool {
            let s = k
            while k < end, ASCII.isSpace(line[k]) { k += 1 }
            return k > s
        }
        var stamp = Stamp(kind: .wall)
        if k + 3 <= end, ASCII.isUpper(line[k]), let m = LineHeader.monthIndex(line[k], line[k + 1], line[k + 2]) {
            // `Oct  7 06:46:14`, `Jun 19 2024 12:28:44`, Kibana's `Jun 19, 2024 @ 12:28:44.251`.
            k += 3
            guard blanks(), let day = number(2) else { return nil }
            if k < end, line[k] == ASCII.comma { k += 1 }
            guard blanks() else { return nil }
            stamp.month = UInt8(m)
            stamp.day = UInt8(day)
            let beforeYear = k
            if number(4) != nil, k - beforeYear == 4, blanks() {
                if k + 1 < end, line[k] == UInt8(ascii: "@"), ASCII.isSpace(line[k + 1]) { k += 1; _ = blanks() }
            } else {
                k = beforeYear
            }
        } else {
            // `2024/06/19 12:28:44`, `2024-10-07T06:46:14`.
            guard number(4) != nil, k - from == 4, k < end else { return nil }
            let sep = line[k]
            guard sep == ASCII.minus || sep == ASCII.slash || sep == ASCII.dot else { return nil }
            k += 1
            guard let m = number(2), k < end, line[k] == sep else { return nil }
            k += 1
            guard let day = number(2), k < end else { return nil }
            if line[k] == UInt8(ascii: "T") { k += 1 } else if !blanks() { return nil }
            stamp.month = UInt8(clamping: m)
            stamp.day = UInt8(clamping: day)
        }
        guard stamp.month >= 1, stamp.month <= 12, stamp.day >= 1, stamp.day <= 31 else { return nil }
        guard let h = number(2), h < 24, k < end, line[k] == ASCII.colon else { return nil }
        k += 1
        guard let mi = number(2), mi < 60, k < end, line[k] == ASCII.colon else { return nil }
        k += 1
        guard let s = number(2), s < 61 else { return nil }
        stamp.hour = UInt8(h); stamp.minute = UInt8(mi); stamp.second = UInt8(s)
        if k + 1 < end, line[k] == ASCII.dot || line[k] == ASCII.comma, ASCII.isDigit(line[k + 1]) {
            k += 1
            var ms = 0, digits = 0
            while k < end, ASCII.isDigit(line[k]) {
                if digits < 3 { ms = ms * 10 + Int(line[k] &- 0x30) }
                digits += 1
                k += 1
            }
            for _ in min(digits, 3)..<3 { ms *= 10 }
            stamp.millis = Int16(ms)
        }
        return stamp
    }

    /// `rest`, a router's message the router printed no stamp on, behind the prefix's `stamp` as
    /// a router would write it (`Jun 19 12:28:44.251: ISAKMP…`), in `out`.
    static func stamped(_ rest: UnsafeBufferPointer<UInt8>, _ stamp: Stamp, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: Stamp.monthNames[Int(stamp.month) - 1].utf8)
        out.append(ASCII.space)
        if stamp.day < 10 { out.append(ASCII.space) }
        out.appendDecimal(UInt(stamp.day))
        out.append(ASCII.space)
        stamp.appendTimeText(to: &out)
        out.append(ASCII.colon)
        out.append(ASCII.space)
        out.append(contentsOf: rest)
    }
}
