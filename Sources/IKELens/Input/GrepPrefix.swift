/// What `grep` puts in front of each line it prints: the line's number (`grep -n`:
/// `6:00:42:09: ISAKMP…`), the file's name (`grep -H`, `grep -r`: `logs/r1.log:*Jun 19…`), or
/// both (`router1.log:6:…`); `-` instead of `:` on context lines (`-A`/`-B`/`-C`).
/// Learned from the first lines of the input, where one of them is, with what follows it,
/// plainly a log line and the whole line is not; then taken off every line that has it.
struct GrepPrefix: Equatable {
    /// The file name grep printed (empty with `-n` alone).
    let name: [UInt8]
    /// Whether a line number follows the name.
    let numbered: Bool

    /// The prefix in front of `line`, when the line starts with one (nil: none seen).
    static func detect(_ line: UnsafeBufferPointer<UInt8>) -> GrepPrefix? {
        guard let colon = line.firstIndex(of: ASCII.colon), colon > 0, colon < 256 else { return nil }
        let head = line[..<colon]
        if head.allSatisfy(ASCII.isDigit) {
            // `6:00:42:09: ISAKMP…`, `1:R2#debug crypto isakmp` (a sequence number has a space after its colon).
            guard head.count <= 9, colon + 1 < line.count, line[colon + 1] != ASCII.space,
                  readsAsLogLine(line, from: colon + 1), !readsAsLogLine(line, from: 0) else { return nil }
            return GrepPrefix(name: [], numbered: true)
        }
        // A file's name: no blanks, a dot or a slash, a letter (not an address, a stamp or `ISAKMP`),
        // the line right after its colon (a relay's `R1.example.com: *Jun 19…` has a space there).
        guard colon + 1 < line.count, line[colon + 1] != ASCII.space, !head.contains(where: ASCII.isSpace), head.contains(ASCII.dot) || head.contains(UInt8(ascii: "/")),
              head.contains(where: ASCII.isAlpha), head.first != ASCII.star, head.first != UInt8(ascii: "%") else { return nil }
        let name = Array(head)
        var k = colon + 1
        while k < line.count, ASCII.isDigit(line[k]) { k += 1 }
        if k > colon + 1, k < line.count, line[k] == ASCII.colon || line[k] == ASCII.minus, readsAsLogLine(line, from: k + 1) {
            return GrepPrefix(name: name, numbered: true)
        }
        guard readsAsLogLine(line, from: colon + 1) else { return nil }
        return GrepPrefix(name: name, numbered: false)
    }

    /// Where the line grep printed starts in `line` (0 when `line` has no such prefix: grep's
    /// `--` between context groups, a line that came from elsewhere).
    func lineStart(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var k = 0
        if !name.isEmpty {
            guard line.count > name.count, line.starts(with: name) else { return 0 }
            k = name.count
            guard line[k] == ASCII.colon || line[k] == ASCII.minus else { return 0 }
            k += 1
        }
        if numbered {
            let digits = k
            while k < line.count, k - digits < 10, ASCII.isDigit(line[k]) { k += 1 }
            guard k > digits, k < line.count, line[k] == ASCII.colon || line[k] == ASCII.minus else { return 0 }
            k += 1
        }
        return k
    }

    /// A router-stamped known message, a prompt, or a known message with no stamp at `from`.
    private static func readsAsLogLine(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        guard from < line.count else { return false }
        let h = LineHeader.parse(line, from: from)
        if BodyPrefix.known(ByteCursor(line, from: h.bodyStart)) { return true }
        // A prompt: `R2#debug crypto isakmp`, `Hub(config)#`.
        var k = from
        guard ASCII.isAlnum(line[k]) else { return false }
        while k < line.count, ASCII.isWord(line[k]) || line[k] == ASCII.lparen || line[k] == ASCII.rparen { k += 1 }
        return k < line.count && line[k] == ASCII.hash
    }
}
