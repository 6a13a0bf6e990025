/// What `grep` (or `rg`, `zgrep`) puts in front of each line it prints: the line's number
/// (`grep -n`: `6:00:42:09: ISAKMP…`), the file's name (`grep -H`, `grep -r`:
/// `logs/r1.log:*Jun 19…`), or both (`router1.log:6:…`); `-` instead of `:` on context lines
/// (`-A`/`-B`/`-C`: `r1.log-5-R1#`). Learned from the first lines of the input, where one of
/// them is, with what follows it, plainly a log line and the whole line is not; then taken off
/// every line that has it. With file names, each file's lines are its own device (grep over
/// several routers' logs), named after the file.
struct GrepPrefix: Equatable {
    /// Whether grep printed file names (`-H`, `-r`, several files).
    let named: Bool
    /// Whether a line number follows the name.
    let numbered: Bool
    /// The file's name on the last line read behind the prefix (`named` without `numbered`; see
    /// `lineStart`).
    private(set) var lastName: [UInt8] = []

    /// The prefix in front of `line`, when the line starts with one (nil: none seen).
    static func detect(_ line: UnsafeBufferPointer<UInt8>) -> GrepPrefix? {
        // `6:00:42:09: ISAKMP…`, `1-R2#debug crypto isakmp` (a sequence number has a space after
        // its colon; `1-R2#` could be a prompt, but no message: grep's context line).
        var k = 0
        while k < line.count, k < 10, ASCII.isDigit(line[k]) { k += 1 }
        // (grep writes no leading zero: `04:` is the rest of a stamp a line end cut.)
        if k > 0, line[0] != UInt8(ascii: "0"), k + 1 < line.count, line[k] == ASCII.colon || line[k] == ASCII.minus, line[k + 1] != ASCII.space,
           !Self.isStampRest(line, from: k + 1),
           readsAsLogLine(line, from: k + 1), !readsAsLogLine(line, from: 0, promptToo: line[k] == ASCII.colon) {
            return GrepPrefix(named: false, numbered: true)
        }
        guard !readsAsLogLine(line, from: 0) else { return nil }
        guard let p = split(line, numbered: nil) else { return nil }
        return GrepPrefix(named: true, numbered: p.numbered)
    }

    /// Where the line grep printed starts in `line`, and the file's name when grep printed one
    /// (start 0 when `line` has no such prefix: grep's `--` between context groups, a line that
    /// came from elsewhere). A line that starts with a blank or is empty behind the name alone
    /// (an indented field, the rest of a line a terminal cut at 80 columns, a blank line:
    /// `r1.log:  New State = …`) is told from a relay's `R1.example.com: *Jun 19…` by its name,
    /// the last line's.
    mutating func lineStart(_ line: UnsafeBufferPointer<UInt8>) -> (start: Int, name: Range<Int>?) {
        if named {
            guard let p = Self.split(line, numbered: numbered, lastName: lastName) else { return (0, nil) }
            if !numbered, !line[..<p.nameEnd].elementsEqual(lastName) {
                lastName.removeAll(keepingCapacity: true)
                lastName.append(contentsOf: line[..<p.nameEnd])
            }
            return (p.start, 0..<p.nameEnd)
        }
        var k = 0
        while k < line.count, k < 10, ASCII.isDigit(line[k]) { k += 1 }
        guard k > 0, k < line.count, line[k] == ASCII.colon || line[k] == ASCII.minus else { return (0, nil) }
        return (k + 1, nil)
    }

    /// A file's name and what follows it: the first `:` or `-` after a name with no blanks, a dot
    /// or a slash and a letter (not an address, a stamp or `ISAKMP`), then a line number and its
    /// `:` or `-` when `numbered` says so (nil: either), then the line — right after it (a relay's
    /// `R1.example.com: *Jun 19…` has a space there) and, when the number is not known to be
    /// there, a log line. With the prefix known to have no number, a blank or the line's end may
    /// follow the name when it is `lastName`.
    private static func split(_ line: UnsafeBufferPointer<UInt8>, numbered: Bool?,
                              lastName: [UInt8] = []) -> (nameEnd: Int, start: Int, numbered: Bool)? {
        var letter = false, dotOrSlash = false
        var k = 0
        while k < line.count, k < 256, !ASCII.isSpace(line[k]) {
            let b = line[k]
            if (b == ASCII.colon || b == ASCII.minus) && letter && dotOrSlash && k > 0 && line[0] != ASCII.star && line[0] != UInt8(ascii: "%") {
                var d = k + 1
                while d < line.count, d - k <= 10, ASCII.isDigit(line[d]) { d += 1 }
                let number = d > k + 1 && d < line.count && (line[d] == ASCII.colon || line[d] == ASCII.minus)
                // (A number with a blank after its colon is the router's sequence number, not
                // grep's: `r1.log:873204: Nov 20 19:14:37.988 GMT: IKEv2:…` is `grep -H`'s.)
                if numbered != false, number, d + 1 <= line.count,
                   numbered == true || d + 1 < line.count && !ASCII.isSpace(line[d + 1]) && readsAsLogLine(line, from: d + 1) {
                    return (k, d + 1, true)
                }
                if numbered != true, b == ASCII.colon, k + 1 < line.count, line[k + 1] != ASCII.space,
                   numbered == false || readsAsLogLine(line, from: k + 1) {
                    return (k, k + 1, false)
                }
                if numbered == false, b == ASCII.colon, k + 1 == line.count || ASCII.isSpace(line[k + 1]), line[..<k].elementsEqual(lastName) {
                    return (k, k + 1, false)
                }
            }
            // (A file's name: letters, digits, `._-/+~@`; not a CSV row's `"…","…"`.)
            guard ASCII.isAlnum(b) || b == ASCII.dot || b == UInt8(ascii: "/") || b == UInt8(ascii: "_") || b == ASCII.minus
                    || b == ASCII.colon || b == UInt8(ascii: "+") || b == UInt8(ascii: "~") || b == UInt8(ascii: "@") else { return nil }
            if ASCII.isAlpha(b) { letter = true }
            if b == ASCII.dot || b == UInt8(ascii: "/") { dotOrSlash = true }
            k += 1
        }
        return nil
    }

    /// A file's name as a device's: past its directories, without its extensions (`logs/r1.log.1`: `r1`).
    static func deviceName(_ name: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8> {
        var s = 0
        for (i, b) in name.enumerated() where b == UInt8(ascii: "/") { s = i + 1 }
        var e = s
        while e < name.count, name[e] != ASCII.dot { e += 1 }
        return e > s ? ArraySlice(name[s..<e]) : ArraySlice(name[s...])
    }

    /// Whether `line[from...]` starts like the rest of a stamp a line end cut after its day or in
    /// its time (`07:42:18.306: ISAKMP…`, `04.992: %DUAL…` after `51:`): digits, up to two more
    /// groups of `:` and digits, then a fraction and its colon, which no uptime, sequence number
    /// or stamp with its date starts with.
    static func isStampRest(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var p = from
        func digits() -> Bool {
            let s = p
            while p < line.count, ASCII.isDigit(line[p]) { p += 1 }
            return p > s
        }
        guard digits() else { return false }
        for _ in 0..<2 where p < line.count && line[p] == ASCII.colon {
            p += 1
            guard digits() else { return false }
        }
        guard p < line.count, line[p] == ASCII.dot else { return false }
        p += 1
        return digits() && p < line.count && line[p] == ASCII.colon
    }

    /// A router-stamped known message, a prompt, or a known message with no stamp at `from`.
    private static func readsAsLogLine(_ line: UnsafeBufferPointer<UInt8>, from: Int, promptToo: Bool = true) -> Bool {
        guard from < line.count else { return false }
        let h = LineHeader.parse(line, from: from)
        if BodyPrefix.known(ByteCursor(line, from: h.bodyStart)) { return true }
        guard promptToo else { return false }
        // A prompt: `R2#debug crypto isakmp`, `Hub(config)#`.
        return ByteScan.afterPromptName(line, from: from) == ASCII.hash
    }
}
