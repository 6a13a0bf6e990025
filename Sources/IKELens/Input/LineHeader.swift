#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognizes the parts of a log line in front of the debug text: syslog
/// priority (`<191>`), sequence numbers (`2328304:`), host names
/// (`R1:` from `logging origin-id`), wall-clock and uptime stamps, and the
/// `*`/`.` clock-status marks. What remains is the body.
enum LineHeader {
    struct Result {
        var bodyStart: Int
        var stamp: Stamp?
        var hostRange: (Int, Int)?
        /// True when anything in front of the body was recognized as a header.
        var hadHeader: Bool
        /// Where the line a syslog relay (or a terminal program) was given starts, past its own
        /// header (`<189>12: R1: `, `Nov 10 09:00:00 10.0.0.1 `, RFC 5424's, `[09:00:00.123] `)
        /// and the one space after it; -1 when the line has none. `relayEndSeq`: past the
        /// relay's number after its host (`… 10.0.0.1 1234: `) when there is one, else -1.
        var relayEnd = -1
        var relayEndSeq = -1
        /// The line has a router's own stamp (`*Nov 10 09:00:00.123:`, with its colon).
        var routerStamp = false
        /// The last sequence number in front of the body (a relay's, the router's; its value
        /// and how many digits it was written with), or -1: a message's own, the same on a copy.
        var sequence = -1
    }

    /// The common case in one pass of fixed offsets: `[*.]Mmm dd hh:mm:ss[.fff]: `
    /// followed by a known debug body. `nil` for anything else (then `parse`
    /// decides); when not `nil`, the same result `parse` gives.
    @inline(__always)
    static func fast(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Result? {
        var result = Result(bodyStart: 0, hadHeader: false)
        return fast(line, from: from, into: &result) ? result : nil
    }

    /// `fast`, its result written into `result` (left as it was when false): the assembler's
    /// header stays in one place, not copied field by field out of an optional.
    static func fast(_ line: UnsafeBufferPointer<UInt8>, from: Int, into result: inout Result) -> Bool {
        guard let b = line.baseAddress else { return false }
        let n = line.count
        var p = from
        // (Offsets added wrapping: they stay within the line, checked once.)
        if p < n, b[p] == ASCII.star || b[p] == ASCII.dot { p &+= 1 }
        // `Mmm dd hh:mm:ss:` is 16 bytes; a body of at least 5 follows.
        guard n &- p >= 21, b[p &+ 3] == ASCII.space, b[p &+ 6] == ASCII.space,
              let month = monthIndex(b[p], b[p &+ 1], b[p &+ 2]) else { return false }
        let d0 = b[p &+ 4], d1 = b[p &+ 5]
        guard ASCII.isDigit(d1) else { return false }
        let day: Int
        if d0 == ASCII.space { day = Int(d1 &- 0x30) } else if ASCII.isDigit(d0) { day = Int(d0 &- 0x30) &* 10 &+ Int(d1 &- 0x30) } else { return false }
        guard day >= 1, day <= 31 else { return false }
        p &+= 7
        // `hh:mm:ss` in one load: each byte xor its digit's `0` or its colon is a digit's value
        // below 10 (a colon's 0), only for the digits and the colons.
        let x = UnsafeRawPointer(b + p).loadUnaligned(as: UInt64.self).littleEndian ^ 0x3030_3A30_303A_3030
        guard (x | (x &+ 0x7676_7676_7676_7676)) & 0x8080_8080_8080_8080 == 0, x & 0x0000_FF00_00FF_0000 == 0 else { return false }
        @inline(__always) func two(_ k: UInt64) -> Int { Int(truncatingIfNeeded: x >> (8 * k) & 0xFF) &* 10 &+ Int(truncatingIfNeeded: x >> (8 * k + 8) & 0xFF) }
        let h = two(0), mi = two(3), sec = two(6)
        guard h < 24, mi < 60, sec < 61 else { return false }
        p &+= 8
        var ms: Int16 = -1
        if b[p] == ASCII.dot {
            guard n &- p >= 5 else { return false }
            let x = b[p &+ 1] &- 0x30, y = b[p &+ 2] &- 0x30, z = b[p &+ 3] &- 0x30
            guard x < 10, y < 10, z < 10 else { return false }
            ms = Int16(x) &* 100 &+ Int16(y) &* 10 &+ Int16(z)
            p &+= 4
        }
        guard p < n, b[p] == ASCII.colon else { return false }
        p &+= 1
        while p < n, ASCII.isSpace(b[p]) { p &+= 1 }
        guard BodyPrefix.known(ByteCursor(line, from: p)) else { return false }
        var stamp = Stamp(kind: .wall)
        stamp.month = UInt8(month)
        stamp.day = UInt8(day)
        stamp.hour = UInt8(h); stamp.minute = UInt8(mi); stamp.second = UInt8(sec); stamp.millis = ms
        result = Result(bodyStart: p, stamp: stamp, hostRange: nil, hadHeader: true, routerStamp: true)
        return true
    }

    /// Parses the header of `line` starting at `from` (leading blanks skipped).
    static func parse(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Result {
        var c = ByteCursor(line, from: from)
        var stamp: Stamp?
        var host: (Int, Int)?
        var had = false
        var rounds = 0
        // The relay's part of the header ends where the router's line starts: at its own
        // stamp (with a colon), its sequence number, or its text.
        var relayEnd = -1, relayEndSeq = -1
        var routerStamp = false
        var seq = -1
        var numberedBeforeHost = false
        var inner = false
        // A number here would be the relay's (after its priority, or after its host).
        var numbering = false
        // (Two relays' headers in front of the router's stamp take 8 parts: Kiwi's stamp,
        // facility and host, its number, the first server's stamp, host and number, the stamp.)
        while rounds < 12 {
            rounds += 1
            c.skipSpaces()
            if c.atEnd { break }
            // (A line that starts as no header does, the usual indented field of a message,
            // `next-payload : 8`, `spi= 0x0(0), …`, is passed over without asking each form.)
            if rounds == 1, startsNoHeader(c) { break }
            if let (next, s, h) = rfc5424(c) {
                // The relay's stamp; the router's own, if it follows, replaces it (as below).
                if let s { stamp = s }
                host = host ?? h; c = next; had = true
                if !routerStamp { relayEnd = c.pos; relayEndSeq = -1; numberedBeforeHost = true; numbering = false }
                continue
            }
            if let next = priority(c) {
                c = next; had = true
                if !routerStamp { relayEnd = c.pos; relayEndSeq = -1; numbering = true }
                continue
            }
            if let next = bracketedStamp(c) {
                // A terminal program's stamp on each line it logged (`[2026-11-10 09:00:00] `,
                // `[09:00:00.123] `), and the space after it; a number after it is the router's.
                c = next; had = true
                if !routerStamp { relayEnd = c.pos + (c.peek == ASCII.space ? 1 : 0); relayEndSeq = -1; numbering = false }
                continue
            }
            if let (next, s) = timestamp(c) ?? (stamp == nil ? numericDate(c) : nil) {
                // A syslog server's own stamp may precede the router's: keep the last (the router's).
                stamp = s; c = next; had = true
                // A relay's stamp is followed by a space (its host comes next), a router's by a colon.
                // (Or a TAB: a log store's tab-separated export, `2024-06-19T12:28:44.251Z<TAB>r1<TAB>…`.)
                if next.pos > 0, next.buf[next.pos - 1] == ASCII.colon { routerStamp = true } else if !routerStamp {
                    relayEnd = c.pos + (c.peek.map(ASCII.isSpace) == true ? 1 : 0)
                    relayEndSeq = -1
                    numbering = false
                    // A relay's header in front of another's (a syslog file forwarded again: `Jul 16
                    // 20:21:26 collector01 routers: Jul 16 20:21:25 10.0.0.2 507: *Jul …`): the inner names the router.
                    inner = host != nil
                }
                continue
            }
            if let next = sequence(c) {
                // (Its digits as written: `000004` and `4` are two numbers.)
                var n = c
                if let v = n.readInt(), n.pos - c.pos <= 16 { seq = v * 19 + n.pos - c.pos } else { seq = -1 }
                c = next; had = true
                // The relay's (syslog's) number, right after its priority (`<189>12: R1: `) or after
                // a host that had none before it (`Nov 10 … 10.0.0.1 1234: `); any other, the
                // router's own (part of the line it printed). Then its colon and one space.
                if !routerStamp, relayEnd >= 0, relayEndSeq < 0, numbering {
                    relayEndSeq = min(n.pos + 2, c.pos)
                    numberedBeforeHost = host == nil
                }
                numbering = false
                continue
            }
            if stamp != nil, !routerStamp, host == nil, relayEnd == c.pos, c.pos + 5 <= c.end,
               c.buf[c.pos] == UInt8(ascii: "1") || c.buf[c.pos] == UInt8(ascii: "2"),
               ASCII.isDigit(c.buf[c.pos + 1]), ASCII.isDigit(c.buf[c.pos + 2]), ASCII.isDigit(c.buf[c.pos + 3]), c.buf[c.pos + 4] == ASCII.space {
                // A year after the relay's time (`Jul 16 20:21:25 2025 10.0.0.1 1: …`): its host comes next.
                c.pos += 5
                relayEnd = c.pos
                continue
            }
            if stamp != nil, !routerStamp, host == nil, c.peek == UInt8(ascii: "{"), let (next, h) = streamLabels(c) {
                // Grafana Loki's `logcli query`: its stamp, the stream's labels, the line.
                host = h; c = next; had = true
                relayEnd = c.pos; relayEndSeq = -1; numbering = true; numberedBeforeHost = false
                continue
            }
            if stamp != nil, !routerStamp, let next = facilityLevel(c) {
                // Kiwi Syslog Server's `Local7.Debug` after its stamp (its host comes next), or a
                // syslog-ng / rsyslog template's `local7.debug` after its host (its number comes
                // next, as it would right after the host).
                if host == nil {
                    relayEnd = next.pos
                } else {
                    // (Past it and one blank: more are an indented text's.)
                    relayEnd = facilityLevel(c, oneBlank: true)!.pos
                }
                c = next; had = true
                relayEndSeq = -1
                continue
            }
            if let (next, r) = hostName(c, afterStamp: stamp != nil) {
                // The first host names the device; an origin-id after a relay's host and number,
                // before the router's stamp (`Jul 16 20:21:25 syslog-fwd01 501: R2: *Jul 16 …`),
                // names it better: a forwarding syslog server stamps its own name on every router's lines.
                if host == nil || inner || !routerStamp && relayEndSeq >= 0 && r.1 < c.end && c.buf[r.1] == ASCII.colon { host = r; inner = false }
                c = next; had = true
                if !routerStamp {
                    // (Past the host, its colon and one space.)
                    var e = r.1
                    if e < c.pos, c.buf[e] == ASCII.colon { e += 1 }
                    relayEnd = min(e + 1, c.pos)
                    relayEndSeq = -1
                    numbering = !numberedBeforeHost
                }
                continue
            }
            break
        }
        // (An inner relay's header whose host was not taken, a message's later line: `… collector01
        // routers: Jul 16 20:21:25 10.0.0.2 508:         next-payload : 8`: the outer host is not the router.)
        if inner { host = nil }
        return Result(bodyStart: c.pos, stamp: stamp, hostRange: host, hadHeader: had,
                      relayEnd: relayEnd, relayEndSeq: relayEndSeq, routerStamp: routerStamp, sequence: seq)
    }

    /// Whether no header can start at `c`, nothing read before it: its first byte starts none of
    /// the forms `parse` asks for first (`<`, `[`, `*`, `.`, a digit, a capital letter), and a word
    /// in lower case is no host name (`hostName`) without a colon and a blank right after it.
    @inline(__always)
    private static func startsNoHeader(_ c: ByteCursor) -> Bool {
        let b = c.buf[c.pos]
        if b == UInt8(ascii: "<") || b == UInt8(ascii: "[") || b == ASCII.star || b == ASCII.dot || ASCII.isDigit(b) || ASCII.isUpper(b) {
            return false
        }
        guard ASCII.isLower(b) else { return true }
        var p = c.pos
        while p < c.end, ASCII.isWord(c.buf[p]) { p += 1 }
        return !(p - c.pos <= 64 && p + 1 < c.end && c.buf[p] == ASCII.colon && ASCII.isSpace(c.buf[p + 1]))
    }

    /// A syslog server's `Facility.Severity` column (Kiwi: `Local7.Debug`, `User.Info`; a
    /// syslog-ng or rsyslog template's `local7.debug`, `LOCAL4.NOTICE`, numeric `23.7`;
    /// `local7.debug:`) and the blanks after it (`oneBlank`: only one, the text's indentation
    /// after it kept).
    static func facilityLevel(_ c0: ByteCursor, oneBlank: Bool = false) -> ByteCursor? {
        // (Its shape first, `word.word ` — this runs after every relay stamp — then its names.)
        var c = c0
        let s = c.pos
        while let b = c.peek, ASCII.isAlnum(b) { c.pos += 1 }
        let f = c.pos
        guard f > s, f - s <= 8, c.skip(ASCII.dot) else { return nil }
        let l = c.pos
        while let b = c.peek, ASCII.isAlnum(b) { c.pos += 1 }
        let e = c.pos
        guard e > l, e - l <= 9 else { return nil }
        _ = c.skip(ASCII.colon)
        guard let b = c.peek, ASCII.isSpace(b) else { return nil }
        let facility = UnsafeBufferPointer(rebasing: c.buf[s..<f]), severity = UnsafeBufferPointer(rebasing: c.buf[l..<e])
        guard names(facility, syslogFacilities, numbered: 23), names(severity, syslogSeverities, numbered: 7) else { return nil }
        if oneBlank { c.pos += 1 } else { c.skipSpaces() }
        return c
    }

    /// Whether `word` is one of `names` (any case), or a number up to `numbered`.
    private static func names(_ word: UnsafeBufferPointer<UInt8>, _ names: [StaticString], numbered: Int) -> Bool {
        if word.allSatisfy(ASCII.isDigit) {
            return word.count <= 2 && word.reduce(0, { $0 * 10 + Int($1 &- 0x30) }) <= numbered
        }
        return names.contains { name in
            name.utf8CodeUnitCount == word.count
                && zip(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount), word).allSatisfy { $0 == $1 | (ASCII.isUpper($1) ? 0x20 : 0) }
        }
    }

    private static let syslogFacilities: [StaticString] = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
                                                           "authpriv", "ftp", "ntp", "security", "console", "audit", "alert", "clock",
                                                           "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"]
    private static let syslogSeverities: [StaticString] = ["emerg", "emergency", "panic", "alert", "crit", "critical", "err", "error",
                                                           "warn", "warning", "notice", "info", "informational", "debug", "debugging"]

    /// A log store's stream labels after its stamp (Loki's `{host="r1", job="syslog"}`) and the
    /// blanks after them: the value of `host` (or `hostname`) names the device.
    private static func streamLabels(_ c0: ByteCursor) -> (ByteCursor, (Int, Int))? {
        var c = c0
        c.pos += 1
        var host: (Int, Int)?
        while c.pos < c.end, c.buf[c.pos] != UInt8(ascii: "}"), c.pos - c0.pos < 1024 {
            // `name="value"`, separated by `, `.
            while let d = c.peek, d == ASCII.space || d == ASCII.comma { c.pos += 1 }
            let n = c.pos
            while let d = c.peek, ASCII.isWord(d) { c.pos += 1 }
            let name = UnsafeBufferPointer(rebasing: c.buf[n..<c.pos])
            guard c.pos > n, c.skip(UInt8(ascii: "=")), c.skip(UInt8(ascii: "\"")) else { return nil }
            let v = c.pos
            while let d = c.peek, d != UInt8(ascii: "\"") { c.pos += d == UInt8(ascii: "\\") ? 2 : 1 }
            guard c.pos < c.end else { return nil }
            if c.pos > v, host == nil || name.elementsEqual("host".utf8), name.elementsEqual("host".utf8) || name.elementsEqual("hostname".utf8) {
                host = (v, c.pos)
            }
            c.pos += 1
        }
        guard let h = host, c.skip(UInt8(ascii: "}")), let sp = c.peek, ASCII.isSpace(sp) else { return nil }
        // (Past all the blanks: logcli pads the labels to one width.)
        c.skipSpaces()
        return (c, h)
    }

    /// `<191>`
    private static func priority(_ c0: ByteCursor) -> ByteCursor? {
        var c = c0
        guard c.skip(UInt8(ascii: "<")) else { return nil }
        let s = c.pos
        while let b = c.peek, ASCII.isDigit(b) { c.pos += 1 }
        guard c.pos > s, c.pos - s <= 3, c.skip(UInt8(ascii: ">")) else { return nil }
        return c
    }

    /// `[…]` holding a time `hh:mm:ss` (and maybe a date, fractions, a zone, AM/PM): a terminal
    /// program's stamp on each line it logged.
    private static func bracketedStamp(_ c0: ByteCursor) -> ByteCursor? {
        var c = c0
        guard c.skip(UInt8(ascii: "[")) else { return nil }
        let s = c.pos
        var clock = false
        while let b = c.peek, b != UInt8(ascii: "]") {
            if !(ASCII.isAlnum(b) || ASCII.isSpace(b) || b == ASCII.colon || b == ASCII.dot || b == ASCII.minus || b == ASCII.slash
                 || b == UInt8(ascii: "+") || b == ASCII.comma) { return nil }
            if !clock, c.remaining >= 8, b == ASCII.colon, c.pos - s >= 2 {
                let p = c.buf.baseAddress! + c.pos
                clock = ASCII.isDigit(p[-2]) && ASCII.isDigit(p[-1]) && ASCII.isDigit(p[1]) && ASCII.isDigit(p[2])
                    && p[3] == ASCII.colon && ASCII.isDigit(p[4]) && ASCII.isDigit(p[5])
            }
            c.pos += 1
            if c.pos - s > 40 { return nil }
        }
        guard clock, c.skip(UInt8(ascii: "]")) else { return nil }
        return c
    }

    /// An RFC 5424 syslog header, as rsyslog and syslog-ng forward IOS messages:
    /// `<189>1 2024-11-10T09:00:00.000Z R1 APP-NAME PROCID MSGID STRUCTURED-DATA `,
    /// each field a token or `-`, structured data `-` or `[id k="v" …]…`. Returns the
    /// relay's stamp and the HOSTNAME (the device, as the other syslog forms' host);
    /// the message (usually the router's own stamp and the debug text) follows.
    private static func rfc5424(_ c0: ByteCursor) -> (ByteCursor, Stamp?, (Int, Int)?)? {
        guard var c = priority(c0), c.skip(UInt8(ascii: "1")), c.skip(ASCII.space) else { return nil }
        var stamp: Stamp?
        if c.skip(ASCII.minus) {
            guard let b = c.peek, ASCII.isSpace(b) else { return nil }
        } else if let (next, s) = iso(c) {
            stamp = s
            c = next
        } else {
            return nil
        }
        var host: (Int, Int)?
        // HOSTNAME, APP-NAME, PROCID, MSGID: printable tokens without spaces, `-` when absent.
        for field in 0..<4 {
            guard let sp = c.peek, ASCII.isSpace(sp) else { return nil }
            c.skipSpaces()
            let s = c.pos
            while let b = c.peek, b > 0x20, b < 0x7F { c.pos += 1 }
            guard c.pos > s, c.pos - s <= 255 else { return nil }
            if field == 0, !(c.pos - s == 1 && c.buf[s] == ASCII.minus) { host = (s, c.pos) }
        }
        guard let sp = c.peek, ASCII.isSpace(sp) else { return nil }
        c.skipSpaces()
        // STRUCTURED-DATA: `-`, or elements `[…]` whose quoted values may hold `\]` and `\"`.
        if !c.skip(ASCII.minus) {
            guard c.peek == UInt8(ascii: "[") else { return nil }
            while c.skip(UInt8(ascii: "[")) {
                var quoted = false
                while true {
                    guard let b = c.peek else { return nil }
                    c.pos += 1
                    if quoted && b == UInt8(ascii: "\\") { if !c.atEnd { c.pos += 1 }; continue }
                    if b == UInt8(ascii: "\"") { quoted.toggle() }
                    if b == UInt8(ascii: "]") && !quoted { break }
                }
            }
        }
        guard c.atEnd || ASCII.isSpace(c.peek!) else { return nil }
        // (One space before MSG: more are the message's own, an indented line's.)
        _ = c.skip(ASCII.space) || c.skip(ASCII.tab)
        _ = c.skip("\u{FEFF}")  // MSG may start with a UTF-8 byte-order mark
        return (c, stamp, host)
    }

    /// `2328304:` followed by something that is itself a header or a body.
    private static func sequence(_ c0: ByteCursor) -> ByteCursor? {
        var c = c0
        let s = c.pos
        while let b = c.peek, ASCII.isDigit(b) { c.pos += 1 }
        guard c.pos > s else { return nil }
        // `cat -n` / an editor's line numbers: digits and a TAB.
        if c.peek == ASCII.tab {
            c.skipSpaces()
            return followsHeaderOrBody(c) ? c : nil
        }
        guard c.skip(ASCII.colon) else { return nil }
        guard let b = c.peek, ASCII.isSpace(b) else { return nil }
        c.skipSpaces()
        guard followsHeaderOrBody(c) else { return nil }
        return c
    }

    /// `R1:` or `R1 ` (syslog origin-id / relay host) in front of a stamp or body.
    private static func hostName(_ c0: ByteCursor, afterStamp: Bool) -> (ByteCursor, (Int, Int))? {
        var c = c0
        let s = c.pos
        guard let f = c.peek, ASCII.isAlnum(f) else { return nil }
        if afterStamp, let e = ipv6End(c0) {
            // A relay that names the router by its IPv6 address (`Jul 16 20:21:25 2001:db8::1 1: …`).
            c.pos = e
            c.skipSpaces()
            guard followsHostName(c, afterStamp: true) else { return nil }
            return (c, (s, e))
        }
        while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
        let e = c.pos
        guard e > s, e - s <= 64 else { return nil }
        let colon = c.skip(ASCII.colon)
        guard let b = c.peek, ASCII.isSpace(b) else { return nil }
        c.skipSpaces()
        // Only after a relay's stamp may a host stand without its colon
        // (`2026-11-29T06:19:56Z r1 ISAKMP…`, `Nov 29 06:19:56 10.0.0.1 1234: …`);
        // a bare word before a body (`Crypto ISAKMP debugging is on`) names no host.
        if !colon && !afterStamp { return nil }
        // A bare run of digits is no host name (IOS names start with a letter; a relay's address
        // has dots): the rest of a line cut inside a number (`…TS:000` / `00061184 %IPSEC-3-…`).
        if !colon, c0.buf[s..<e].allSatisfy(ASCII.isDigit) { return nil }
        let probe = ByteCursor(c0.buf, from: s, to: c0.end)
        if BodyPrefix.known(probe) { return nil }  // `ISAKMP: ...` is a body, not a host
        // `R1: ISAKMP…` (origin-id) names a host when a header or a body follows.
        guard followsHostName(c, afterStamp: afterStamp) else { return nil }
        return (c, (s, e))
    }

    /// Whether what follows a host name makes it one: a header or a body; after a relay's stamp,
    /// maybe past its `facility.severity` (`10.0.0.1 local7.debug 12: …`).
    private static func followsHostName(_ c: ByteCursor, afterStamp: Bool) -> Bool {
        followsHeaderOrBody(c) || afterStamp && facilityLevel(c).map({ followsHeaderOrBody($0) }) == true
    }

    /// The end of an IPv6 address at `c` followed by a blank: hex digits and colons with `::` or
    /// at least four colons (a dotted IPv4 tail only after `::`), not ending in a single colon; a
    /// stamp or an uptime (`20:21:25.298:`, `00:27:07:`) is none.
    private static func ipv6End(_ c: ByteCursor) -> Int? {
        var p = c.pos
        var colons = 0, dots = 0, double = false
        while p < c.end {
            let b = c.buf[p]
            if b == ASCII.colon {
                colons += 1
                if p > c.pos, c.buf[p - 1] == ASCII.colon { double = true }
            } else if b == ASCII.dot {
                dots += 1
            } else if !ASCII.isHexDigit(b) {
                break
            }
            p += 1
        }
        guard p < c.end, ASCII.isSpace(c.buf[p]), p - c.pos <= 45, double || colons >= 4, dots == 0 || double && dots == 3 else { return nil }
        if c.buf[p - 1] == ASCII.colon, !(p - 2 >= c.pos && c.buf[p - 2] == ASCII.colon) { return nil }
        return p
    }

    /// Whether a header or a body starts at `c`: a stamp, a priority, a known body, or
    /// (`depth` levels deep) a sequence number or host in front of one, as in
    /// `<189>12: R1: 000004: *Jul 16 …` (relay sequence, origin-id, the router's own sequence).
    private static func followsHeaderOrBody(_ c: ByteCursor, depth: Int = 2) -> Bool {
        if c.atEnd { return false }
        if priority(c) != nil || timestamp(c) != nil { return true }
        if BodyPrefix.known(c) { return true }
        guard depth > 0 else { return false }
        // A further sequence number (`1234:`) or host (`R1:`).
        var d = c
        let s = d.pos
        while let b = d.peek, ASCII.isDigit(b) { d.pos += 1 }
        if d.pos > s, d.skip(ASCII.colon) {
            d.skipSpaces()
            if followsHeaderOrBody(d, depth: depth - 1) { return true }
        }
        var h = c
        if let f = h.peek, ASCII.isAlnum(f) {
            while let b = h.peek, ASCII.isWord(b) { h.pos += 1 }
            if h.skip(ASCII.colon), let b = h.peek, ASCII.isSpace(b) {
                h.skipSpaces()
                if followsHeaderOrBody(h, depth: depth - 1) { return true }
            }
        }
        return false
    }

    /// Wall-clock (`*Jun 19 [2024] 10:04:24[.826][ UTC]:`) or uptime
    /// (`00:27:07:`, `1d02h:`, `2w3d:`) stamp, with its trailing colon.
    static func timestamp(_ c0: ByteCursor) -> (ByteCursor, Stamp)? {
        var c = c0
        let marked = c.peek == ASCII.star || c.peek == ASCII.dot
        if marked { c.pos += 1 }
        if let r = wall(c, marked: marked) { return r }
        if let r = iso(c) { return r }
        if let r = uptime(c) { return r }
        // A year in front (`2026 Nov 10 09:00:00.123:`, as some syslog servers and tools write it).
        if c.remaining >= 19, let f = c.peek, f == UInt8(ascii: "1") || f == UInt8(ascii: "2") {
            var y = c
            if let year = y.readInt(), y.pos - c.pos == 4, let sp = y.peek, ASCII.isSpace(sp) {
                y.skipSpaces()
                if let (next, found) = wall(y), found.year == 0 {
                    var stamp = found
                    stamp.year = UInt16(year)
                    return (next, stamp)
                }
            }
        }
        return nil
    }

    /// A syslog server's ISO 8601 stamp: `2026-11-29T06:19:56[.123456][Z|+01:00]`.
    static func iso(_ c0: ByteCursor) -> (ByteCursor, Stamp)? {
        var c = c0
        guard c.remaining >= 19, let y = c.readInt(), c.pos - c0.pos == 4, y > 1900, c.skip(ASCII.minus),
              let mo = twoDigits(&c), mo >= 1, mo <= 12, c.skip(ASCII.minus), let day = twoDigits(&c), day >= 1, day <= 31,
              c.skip(UInt8(ascii: "T")) || c.skip(ASCII.space) else { return nil }
        guard let (after, h, mi, s, ms) = clock(c) else { return nil }
        c = after
        if let f = c.peek, ASCII.isDigit(f) { while let b = c.peek, ASCII.isDigit(b) { c.pos += 1 } }  // more fraction digits
        if c.skip(UInt8(ascii: "Z")) {
        } else if let b = c.peek, b == UInt8(ascii: "+") || b == ASCII.minus {
            var z = c
            z.pos += 1
            // `+01:00`, or `+0100` (journald's `-o short-iso`, `date +%FT%T%z`).
            if twoDigits(&z) != nil, z.skip(ASCII.colon) || z.peek.map(ASCII.isDigit) == true, twoDigits(&z) != nil { c = z }
        }
        var st = Stamp(kind: .wall)
        st.year = UInt16(y); st.month = UInt8(mo); st.day = UInt8(day)
        st.hour = h; st.minute = mi; st.second = s; st.millis = ms
        _ = c.skip(ASCII.colon)
        guard c.atEnd || ASCII.isSpace(c.peek!) else { return nil }
        return (c, st)
    }

    /// A syslog server's numeric date and time, `07/16/2024 20:21:25` or `16/07/2024 20:21:25`
    /// (Windows syslog servers), `16.07.2024 20:21:25`, with a space after it (a relay's stamp:
    /// its host follows; one in a TAB-separated column is left to `LearnedPrefix`).
    /// Day first when the first number cannot be a month, or with dots; month first otherwise.
    private static func numericDate(_ c0: ByteCursor) -> (ByteCursor, Stamp)? {
        var c = c0
        guard c.remaining >= 19, let a = twoDigits(&c), let sep = c.peek, sep == ASCII.slash || sep == ASCII.dot else { return nil }
        c.pos += 1
        guard let b = twoDigits(&c), c.skip(sep), let y = c.readInt(), c.pos - c0.pos == 10, y > 1900,
              c.peek == ASCII.space else { return nil }
        let (month, day) = sep == ASCII.dot || a > 12 ? (b, a) : (a, b)
        guard month >= 1, month <= 12, day >= 1, day <= 31 else { return nil }
        c.skipSpaces()
        guard let (after, h, mi, s, ms) = clock(c), after.peek == ASCII.space else { return nil }
        var st = Stamp(kind: .wall)
        st.year = UInt16(y); st.month = UInt8(month); st.day = UInt8(day)
        st.hour = h; st.minute = mi; st.second = s; st.millis = ms
        return (after, st)
    }

    private static func wall(_ c0: ByteCursor, marked: Bool = false) -> (ByteCursor, Stamp)? {
        var c = c0
        guard c.remaining >= 14 else { return nil }
        let b0 = c.buf[c.pos], b1 = c.buf[c.pos + 1], b2 = c.buf[c.pos + 2]
        guard ASCII.isUpper(b0), ASCII.isLower(b1), ASCII.isLower(b2) else { return nil }
        guard let m = monthIndex(b0, b1, b2) else { return nil }
        c.pos += 3
        guard let sp = c.peek, ASCII.isSpace(sp) else { return nil }
        c.skipSpaces()
        guard let day = c.readInt(), day >= 1, day <= 31 else { return nil }
        guard let sp2 = c.peek, ASCII.isSpace(sp2) else { return nil }
        c.skipSpaces()
        var stamp = Stamp(kind: .wall)
        stamp.month = UInt8(m)
        stamp.day = UInt8(day)
        // Optional year.
        var probe = c
        if let y = probe.readInt(), probe.pos - c.pos == 4, let sp3 = probe.peek, ASCII.isSpace(sp3) {
            stamp.year = UInt16(clamping: y)
            probe.skipSpaces()
            c = probe
        }
        guard let (afterTime, h, mi, s, ms) = clock(c) else { return nil }
        c = afterTime
        stamp.hour = h; stamp.minute = mi; stamp.second = s; stamp.millis = ms
        // Optional time zone: one or two upper-case words (`UTC`, `GMT`, `CET DST`) or a numeric
        // offset (`+0100`, `UTC-05:00`: a tool's rewrite), then the stamp's colon. (A relay's
        // stamp has no zone and no colon: its host follows, and may be upper-case too: `Nov 10 09:00:00 HQ 12: …`.)
        let beforeZone = c
        var loose = false
        for _ in 0..<2 {
            var z = c
            guard let sp = z.peek, ASCII.isSpace(sp) else { break }
            z.skipSpaces()
            let zs = z.pos
            while let b = z.peek, ASCII.isUpper(b) { z.pos += 1 }
            let len = z.pos - zs
            var named = len >= 2 && len <= 5
            if !named || z.peek.map(ASCII.isAlnum) == true, marked || ms >= 0, let e = zoneName(ByteCursor(z.buf, from: zs, to: z.end)) {
                // Any other name `clock timezone` was given, as typed (`cet`, `Utc`, `CST6`, `EST5EDT`,
                // `Z`), only on a router's stamp (its `*`/`.` or milliseconds; a relay's has neither).
                z.pos = e; named = true; loose = true
            }
            if len == 0 || named, let sign = z.peek, sign == UInt8(ascii: "+") || sign == ASCII.minus {
                // A numeric offset, alone or after the zone's name: `+0100`, `-05:00`, `UTC+1`.
                var o = z
                o.pos += 1
                let ds = o.pos
                while let b = o.peek, ASCII.isDigit(b) { o.pos += 1 }
                var digits = o.pos - ds
                if digits == 2, o.skip(ASCII.colon) {
                    let m = o.pos
                    while let b = o.peek, ASCII.isDigit(b) { o.pos += 1 }
                    digits = o.pos - m == 2 ? 4 : 0
                }
                if digits >= 1, digits <= 4 { z = o; named = true }
            }
            if named, let nb = z.peek, nb == ASCII.colon || ASCII.isSpace(nb) {
                c = z
            } else { break }
        }
        // (A relay's host with its colon is followed by the router's stamp or number: `Nov 10
        // 09:00:00.123 r1: *Nov 10 …`, `… r1: 12: …`.)
        if c.skip(ASCII.colon), !loose || !relayHostFollows(c) { return (c, stamp) }
        // A syslog relay's stamp is followed by a space, not a colon.
        c = beforeZone
        if let sp = c.peek, ASCII.isSpace(sp) { return (c, stamp) }
        return nil
    }

    /// The end of a time zone's name as `clock timezone` takes it: a letter, then letters or
    /// digits, at most 7 in all, followed by a colon, a blank or an offset's sign.
    private static func zoneName(_ z: ByteCursor) -> Int? {
        var p = z.pos
        guard p < z.end, ASCII.isAlpha(z.buf[p]) else { return nil }
        while p < z.end, ASCII.isAlnum(z.buf[p]) { p += 1 }
        guard p - z.pos <= 7, p < z.end, !BodyPrefix.known(z) else { return nil }  // (`IKEv2:`: the stamp lost its colon)
        let b = z.buf[p]
        return b == ASCII.colon || ASCII.isSpace(b) || b == UInt8(ascii: "+") || b == ASCII.minus ? p : nil
    }

    /// Whether a relay's header goes on after a host's colon: a stamp or a sequence number.
    private static func relayHostFollows(_ c0: ByteCursor) -> Bool {
        var c = c0
        c.skipSpaces()
        return timestamp(c) != nil || sequence(c) != nil
    }

    private static func clock(_ c0: ByteCursor) -> (ByteCursor, UInt8, UInt8, UInt8, Int16)? {
        var c = c0
        guard let h = twoDigits(&c), h < 24, c.skip(ASCII.colon),
              let m = twoDigits(&c), m < 60, c.skip(ASCII.colon),
              let s = twoDigits(&c), s < 61 else { return nil }
        var ms: Int16 = -1
        if let b = c.peek, b == ASCII.dot {
            var d = c
            d.pos += 1
            let start = d.pos
            var v = 0
            while let x = d.peek, ASCII.isDigit(x), d.pos - start < 6 { v = v * 10 + Int(x - 0x30); d.pos += 1 }
            let n = d.pos - start
            if n > 0 {
                var scaled = v
                if n < 3 { for _ in n..<3 { scaled *= 10 } } else { for _ in 3..<n { scaled /= 10 } }
                ms = Int16(scaled)
                c = d
            }
        }
        return (c, UInt8(h), UInt8(m), UInt8(s), ms)
    }

    private static func twoDigits(_ c: inout ByteCursor) -> Int? {
        guard c.remaining >= 2, ASCII.isDigit(c.buf[c.pos]), ASCII.isDigit(c.buf[c.pos + 1]) else { return nil }
        let v = Int(c.buf[c.pos] - 0x30) * 10 + Int(c.buf[c.pos + 1] - 0x30)
        c.pos += 2
        return v
    }

    private static func uptime(_ c0: ByteCursor) -> (ByteCursor, Stamp)? {
        var c = c0
        // hh:mm:ss[.mmm]:
        if let (after, h, m, s, ms) = clock(c), after.peek == ASCII.colon {
            c = after
            c.pos += 1
            var st = Stamp(kind: .uptime)
            st.hour = h; st.minute = m; st.second = s; st.millis = ms
            return (c, st)
        }
        // 1d02h: / 2w3d: / 1y2w: (over a year)
        guard let a = c.readInt(), a >= 0, let u1 = c.peek,
              u1 == UInt8(ascii: "d") || u1 == UInt8(ascii: "w") || u1 == UInt8(ascii: "y") else { return nil }
        c.pos += 1
        guard let b = c.readInt(), b >= 0, let u2 = c.peek,
              u2 == (u1 == UInt8(ascii: "y") ? UInt8(ascii: "w") : u1 == UInt8(ascii: "w") ? UInt8(ascii: "d") : UInt8(ascii: "h"))
        else { return nil }
        c.pos += 1
        guard c.skip(ASCII.colon) else { return nil }
        var st = Stamp(kind: .uptime)
        if u1 == UInt8(ascii: "y") {
            st.uptimeDays = UInt16(clamping: a * 365 + b * 7)
        } else if u1 == UInt8(ascii: "w") {
            st.uptimeDays = UInt16(clamping: a * 7 + b)
        } else {
            st.uptimeDays = UInt16(clamping: a)
            st.hour = UInt8(clamping: b)
        }
        return (c, st)
    }

    /// Where a second router stamp starts in a line's body (`…of the profiles*Nov 16
    /// 20:35:58.113: ISAKMP…`): two messages glued by a lost line end. Only a wall-clock
    /// stamp ending in the router's colon counts (`Mon dd [yyyy] hh:mm:ss[.mmm][ zone]:`,
    /// after an optional `*` or `.`), found from the colons of its clock.
    /// `starred`: the line's own stamp starts with `*` (the router's clock not synchronized):
    /// a glued one does too, and only the stars are looked at.
    static func gluedStamp(_ line: UnsafeBufferPointer<UInt8>, from start: Int, starred: Bool) -> Int? {
        guard let base = line.baseAddress else { return nil }
        let n = line.count
        var p = start
        if starred {
            while p + 16 < n, let hit = memchr(base + p, Int32(ASCII.star), n - p) {
                let s = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                p = s + 1
                if s > start, s + 1 < n, ASCII.isUpper(line[s + 1]), let (after, _) = timestamp(ByteCursor(line, from: s)),
                   line[after.pos - 1] == ASCII.colon {
                    return s
                }
            }
            return nil
        }
        while p + 3 < n, let hit = memchr(base + p, Int32(ASCII.colon), n - p) {
            let c = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            p = c + 1
            // The colon after the hours: `hh:mm:ss`, a space before it.
            if c >= start + 9, c + 5 < n, ASCII.isDigit(line[c - 1]), ASCII.isDigit(line[c - 2]), line[c - 3] == ASCII.space,
               ASCII.isDigit(line[c + 1]), ASCII.isDigit(line[c + 2]), line[c + 3] == ASCII.colon,
               ASCII.isDigit(line[c + 4]), ASCII.isDigit(line[c + 5]) {
                // Its month, up to `Mon dd yyyy ` before the hours.
                var k = c - 5
                let floor = max(start, c - 20)
                while k >= floor {
                    if ASCII.isUpper(line[k]), monthIndex(line[k], line[k + 1], line[k + 2]) != nil {
                        var s = k
                        if s > start, line[s - 1] == ASCII.star || line[s - 1] == ASCII.dot { s -= 1 }
                        if s > start, let (after, _) = timestamp(ByteCursor(line, from: s)), after.pos > c,
                           line[after.pos - 1] == ASCII.colon {
                            return s
                        }
                        break
                    }
                    k -= 1
                }
            }
            if let s = gluedUptime(line, colon: c, from: start) { return s }
        }
        return nil
    }

    /// Where a glued uptime stamp starts whose colon (after its hours, or its last one:
    /// `1d02h:`, `2w3d:`, `1y2w:`) is at `c`: `…New State = IKE_I_MM1 00:42:16: ISAKMP:(0):…`,
    /// `…!!!!00:42:15: IPSEC(…`, the stamp `service timestamps debug uptime` prints. A time in
    /// a message (`00:00:00` in other debug output) is none: only the stamp's whole shape, its
    /// colon, and a debug message after it (`ISAKMP`, `IPSEC(`, `%CRYPTO-…`) count; not after a
    /// digit or a colon (the rest of a number, a longer time).
    private static func gluedUptime(_ line: UnsafeBufferPointer<UInt8>, colon c: Int, from start: Int) -> Int? {
        let n = line.count
        guard c >= start + 3, c + 6 < n else { return nil }
        var s: Int
        let u = line[c - 1]
        if ASCII.isDigit(u) {
            guard ASCII.isDigit(line[c - 2]), ASCII.isDigit(line[c + 1]), ASCII.isDigit(line[c + 2]), line[c + 3] == ASCII.colon,
                  ASCII.isDigit(line[c + 4]), ASCII.isDigit(line[c + 5]) else { return nil }
            s = c - 2
        } else if u == UInt8(ascii: "h") || u == UInt8(ascii: "d") || u == UInt8(ascii: "w") {
            // `1d02h:` / `2w3d:` / `1y2w:`: digits, the larger unit, digits, the smaller.
            let larger = u == UInt8(ascii: "h") ? UInt8(ascii: "d") : u == UInt8(ascii: "d") ? UInt8(ascii: "w") : UInt8(ascii: "y")
            var k = c - 2
            while k > start, c - 1 - k <= 2, ASCII.isDigit(line[k]) { k -= 1 }
            guard k < c - 2, line[k] == larger else { return nil }
            let unit = k
            k -= 1
            while k >= start, unit - k <= 3, ASCII.isDigit(line[k]) { k -= 1 }
            guard k < unit - 1 else { return nil }
            s = k + 1
        } else {
            return nil
        }
        guard s > start else { return nil }
        let before = line[s - 1]
        guard !ASCII.isDigit(before), before != ASCII.colon else { return nil }
        guard let (after, stamp) = timestamp(ByteCursor(line, from: s)), stamp.kind == .uptime,
              line[after.pos - 1] == ASCII.colon else { return nil }
        var b = after
        b.skipSpaces()
        return BodyPrefix.known(b) ? s : nil
    }

    /// Where a second message without a stamp starts in a line's body (`…New State =
    /// IKE_I_MM2ISAKMP:(1001):Old State = …`, `…IKE_I_MM2 ISAKMP (0:3): …`): two messages of an
    /// unstamped log glued by a lost line end. Only a message's own start counts, as IOS prints
    /// it: `ISAKMP:(N):`, `ISAKMP (N[:M]):`, `ISAKMP: ` and `ISAKMP-PAK:`-like, `IPSEC(word):`;
    /// not the word in a message's text (`%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is OFF`, `sending
    /// ISAKMP packet`, `RECVD_PKT_NOT_IPSEC: `, an ASA's `602303: IPSEC: `): glued after a
    /// word, a `)` or a `.`, or after blanks that do not follow a colon.
    static func gluedMessage(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = line.baseAddress else { return nil }
        let n = line.count
        var p = start
        while p + 8 < n, let hit = memchr(base + p, Int32(UInt8(ascii: "I")), n - p - 8) {
            let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            p = k + 1
            guard k > start, line[k + 1] == UInt8(ascii: "S") || line[k + 1] == UInt8(ascii: "P") else { continue }
            var b = k - 1
            if ASCII.isSpace(line[b]) {
                while b > start, ASCII.isSpace(line[b]) { b -= 1 }
                guard line[b] != ASCII.colon, !ASCII.isSpace(line[b]) else { continue }
            } else {
                guard ASCII.isAlnum(line[b]) || line[b] == ASCII.rparen || line[b] == ASCII.dot || line[b] == UInt8(ascii: "!") else { continue }
            }
            if messageStart(ByteCursor(line, from: k)) { return k }
        }
        return nil
    }

    /// Whether an IOS debug message's own start is at `c` (see `gluedMessage`).
    private static func messageStart(_ c: ByteCursor) -> Bool {
        var q = c
        if q.startsWith("ISAKMP") {
            q.pos += 6
            guard let b = q.peek else { return false }
            if b == ASCII.colon {
                q.pos += 1
                guard let f = q.peek else { return false }
                if ASCII.isSpace(f) { return true }
                guard f == ASCII.lparen else { return false }
            } else if b == ASCII.space {
                q.pos += 1
                guard q.peek == ASCII.lparen else { return false }
            } else if b == ASCII.minus {
                // `ISAKMP-PAK:`, `ISAKMP-ERROR:`
                q.pos += 1
                let s = q.pos
                while let u = q.peek, ASCII.isUpper(u) { q.pos += 1 }
                return q.pos - s >= 2 && q.peek == ASCII.colon
            } else if b == ASCII.lparen {
            } else {
                return false
            }
            // `(N)` or `(N:M)`, then the colon.
            q.pos += 1
            let s = q.pos
            while let d = q.peek, ASCII.isDigit(d) || d == ASCII.colon, q.pos - s < 24 { q.pos += 1 }
            return q.pos > s && ASCII.isDigit(q.buf[s]) && q.skip(ASCII.rparen) && q.peek == ASCII.colon
        }
        guard q.startsWith("IPSEC(") || q.startsWith("IPSec(") else { return false }
        // `IPSEC(validate_proposal_request):`
        q.pos += 6
        let s = q.pos
        while let w = q.peek, ASCII.isWord(w), q.pos - s < 64 { q.pos += 1 }
        return q.pos > s && q.skip(ASCII.rparen) && q.peek == ASCII.colon
    }

    @inline(__always)
    static func monthIndex(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Int? {
        switch UInt32(a) << 16 | UInt32(b) << 8 | UInt32(c) {
        case 0x4A616E: return 1   // Jan
        case 0x466562: return 2   // Feb
        case 0x4D6172: return 3   // Mar
        case 0x417072: return 4   // Apr
        case 0x4D6179: return 5   // May
        case 0x4A756E: return 6   // Jun
        case 0x4A756C: return 7   // Jul
        case 0x417567: return 8   // Aug
        case 0x536570: return 9   // Sep
        case 0x4F6374: return 10  // Oct
        case 0x4E6F76: return 11  // Nov
        case 0x446563: return 12  // Dec
        default: return nil
        }
    }
}

/// The prefixes that start a debug or syslog record of interest.
enum BodyPrefix {
    /// True when the bytes at the cursor start a known debug/syslog body.
    @inline(__always) static func known(_ c: ByteCursor) -> Bool {
        guard let b = c.peek else { return false }
        switch b {
        case UInt8(ascii: "I"):
            // `IKEv2 IKE_AUTH Exchange REQUEST` (with a space) continues a packet record.
            // The facility word ends there (`ISAKMP:`, `IPSEC(`): `IPSEC_INSTALL_AWAIT` at
            // the start of a line is the rest of a state name wrapped at 80 columns.
            return isakmp(c) || ipsec(c, "IPSEC") || ipsec(c, "IPSec")
                || c.startsWith("IKEv2:") || c.startsWith("IKEv2-")
        case UInt8(ascii: "%"):
            guard c.remaining > 4 else { return false }
            return ASCII.isUpper(c.buf[c.pos + 1])
        case UInt8(ascii: "C"):
            return c.startsWith("Crypto mapdb") || c.startsWith("CRYPTO") || c.startsWith("CryptoEngine")
        case UInt8(ascii: "m"):
            return c.startsWith("map_db_")
        case UInt8(ascii: "N"):
            // `debug nhrp` (DMVPN): `NHRP: Adding Tunnel Endpoints …`, `NHRP-ATTR: …`.
            return c.startsWith("NHRP:") || c.startsWith("NHRP-")
        case UInt8(ascii: "("):
            return c.startsWith("(ipsec_")
        default:
            return false
        }
    }

    /// `ISAKMP:`, `ISAKMP-PAK:`, `ISAKMP (0):`, `ISAKMP : Scanning`: not a lone `ISAKMP`
    /// or `ISAKMP SA …` at the start of a line, the rest of a message wrapped at 80 columns.
    @inline(__always) private static func isakmp(_ c: ByteCursor) -> Bool {
        guard c.startsWith("ISAKMP") else { return false }
        let at = c.pos + 6
        guard at < c.end else { return false }
        switch c.buf[at] {
        case ASCII.colon, ASCII.minus, UInt8(ascii: "("): return true
        case ASCII.space, ASCII.tab: return at + 1 < c.end && (c.buf[at + 1] == UInt8(ascii: "(") || c.buf[at + 1] == ASCII.colon)
        default: return false
        }
    }

    /// `IPSEC(fn):`, `IPSEC:`: not `IPSEC packet has invalid spi` at the start of a line,
    /// the rest of a message wrapped at 80 columns.
    @inline(__always) private static func ipsec(_ c: ByteCursor, _ word: StaticString) -> Bool {
        guard c.startsWith(word) else { return false }
        let at = c.pos + word.utf8CodeUnitCount
        return at < c.end && (c.buf[at] == UInt8(ascii: "(") || c.buf[at] == ASCII.colon)
    }
}
