#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal's (or a mail client's) wrap with an indented rest, told from the log's first lines
/// before they are read: every line as long as the longest (the terminal's width) is followed by
/// a line that starts with the same blanks — one to four spaces, or a tab — that IOS's own
/// indented lines do not explain. The assembler learns such a wrap from the cuts it joins as it
/// reads (`RecordAssembler.takesWrapIndent`), but only after several rests: the first SAs of a
/// log wrapped with one space or a tab before each rest were read with their rests as lines of
/// their own (`IKE_R_MM` / ` 5`, a state that names no state; `re` / `\tason`). Told here, from
/// every line of the first ones at once, the assembler reads the log so from its first line.
///
/// Fed the input's chunks as they come (`observe`, before the chunk's lines are read), up to
/// `maxLines` lines, and asked after each (`wrap`) until it tells one: a file's first chunk (a
/// mebibyte) holds them all. Fed in small pieces (a pipe, `--follow`), the wrap may be told a few
/// lines later than its rests began: those lines are read as the assembler learns by itself.
struct WrapScan {
    /// How the rests of cut lines start: `spaces` blanks (1 to 4), or a tab.
    struct Wrap: Equatable {
        let width: Int
        let spaces: Int
        let tab: Bool
    }

    /// How many lines are looked at, at most.
    static let maxLines = 4_000
    /// Lines longer than this are no terminal's: no wrap is told.
    static let maxWidth = 320
    private static let classes = 9   // none, 1–5 spaces, a tab, other blanks, a message's start
    private static let tabClass = 6
    private static let messageClass = 8

    /// For each length of a line, how the lines after lines that long started (`classes`).
    private var after = [UInt16](repeating: 0, count: (maxWidth + 1) * classes)
    /// For each length of a line, which bytes (64 kinds) stood after the one blank of the lines
    /// after it that began with one.
    private var afterOneBlank = [UInt64](repeating: 0, count: maxWidth + 1)
    private var longest = 0
    private var previous = -1
    private var lines = 0
    private var blankLines = 0
    /// How many messages began after 0 to 4 spaces.
    private var baseVotes = [Int](repeating: 0, count: 5)
    private var tooLong = false
    private(set) var done = false

    /// The line not ended yet: its length so far, whether its last byte was a CR, and how it starts.
    private var partLength = 0
    private var partCR = false
    private var head: [UInt8] = []

    /// Takes in the lines of `chunk`, a line that goes on in the next chunk with it.
    mutating func observe(_ chunk: UnsafeRawBufferPointer) {
        guard !done, let base = chunk.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = chunk.count
        var start = 0
        while start < n {
            let nl = memchr(base + start, 0x0A, n - start)
            let end = nl.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
            if end > start {
                partLength += end - start
                partCR = base[end - 1] == 0x0D
                var k = start
                while head.count < 32, k < end {
                    head.append(base[k])
                    k += 1
                }
            }
            guard nl != nil else { break }
            endLine()
            if done { return }
            start = end + 1
        }
    }

    /// The line in hand ended: tallied after the one before, by how it starts.
    private mutating func endLine() {
        defer {
            lines += 1
            (partLength, partCR) = (0, false)
            head.removeAll(keepingCapacity: true)
            if lines >= Self.maxLines || tooLong { done = true }
        }
        var length = partLength - (partCR ? 1 : 0)
        if length > Self.maxWidth { tooLong = true }
        // (A mail's quote, `> ` or `>> `, is no part of the line the terminal cut: measured and
        // looked at without it.)
        var q = 0
        while q < head.count, head[q] == UInt8(ascii: ">") {
            q += 1
            if q < head.count, head[q] == 0x20 { q += 1 }
        }
        if q > 0 { head.removeFirst(min(q, head.count)); length -= q }
        // (Blanks before every message, a log pasted indented: measured and looked at without
        // them, as many as most messages had.)
        var k = 0
        while k < head.count, k < 5, head[k] == 0x20 { k += 1 }
        if k < head.count, k <= 4, Self.startsMessage(head[k...]) { baseVotes[k] &+= 1 }
        let base = baseVotes.indices.max { baseVotes[$0] < baseVotes[$1] } ?? 0
        if base > 0, k >= base, length > base {
            head.removeFirst(base)
            length -= base
        }
        // (A blank line between each two, a double-spaced copy: looked through.)
        if length <= 0 || head.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) && length <= head.count {
            blankLines += 1
            return
        }
        if previous >= 0, previous <= Self.maxWidth {
            // (Not the CR that ends a short line.)
            let c = Self.indentClass(head.prefix(length))
            after[previous * Self.classes + c] &+= 1
            if c == 1 { afterOneBlank[previous] |= 1 << UInt64(head[1] & 63) }
        }
        if length > longest { longest = length }
        previous = length
    }

    /// How a line that starts with `b` (its first bytes) starts: 0 no blank, 8 a message's start
    /// or a blank line (no rest), 1–5 that many spaces then a word, 6 a tab then a word or a
    /// blank, 7 other blanks, or a field of IOS's own blocks after the blanks (`    local_proxy=
    /// …`, `\tnext-payload : 8`, `  (key eng. msg.) …`): those a wrap's rest hardly starts with.
    private static func indentClass(_ b: ArraySlice<UInt8>) -> Int {
        guard let first = b.first else { return messageClass }
        guard first == 0x20 || first == 0x09 else { return startsMessage(b) ? messageClass : 0 }
        var k = b.startIndex
        if first == 0x09 {
            // (A tab, then a blank the cut kept: `\t peer_port 500`.)
            guard b.count > 1, b[k + 1] != 0x09 else { return 7 }
            return startsLikeField(b[(k + 1)...]) ? 7 : tabClass
        }
        while k < b.endIndex, b[k] == 0x20 { k += 1 }
        guard k < b.endIndex else { return b.count >= 6 ? 7 : 0 }
        return b[k] != 0x09 && k - b.startIndex <= 5 && !startsLikeField(b[k...]) ? k - b.startIndex : 7
    }

    /// A line no cut left (a blank one counts too): a router's stamp (`*Nov 12 …`, `Nov 12 …`,
    /// `00:42:09: …`), a syslog message's `%`, a sequence number before a stamp (`873222: Nov …`).
    private static func startsMessage(_ b: ArraySlice<UInt8>) -> Bool {
        let i = b.startIndex
        if b[i] == ASCII.star || b[i] == UInt8(ascii: "%") { return true }
        guard b.count >= 4 else { return false }
        var d = i
        while d < b.endIndex, d - i < 10, ASCII.isDigit(b[d]) { d += 1 }
        if d - i >= 3, d + 2 < b.endIndex, b[d] == ASCII.colon, b[d + 1] == 0x20,
           b[d + 2] == ASCII.star || ASCII.isUpper(b[d + 2]) { return true }
        if ASCII.isUpper(b[i]), ASCII.isLower(b[i + 1]), ASCII.isLower(b[i + 2]), b[i + 3] == 0x20 { return true }
        return ASCII.isDigit(b[i]) && ASCII.isDigit(b[i + 1]) && b[i + 2] == ASCII.colon && ASCII.isDigit(b[i + 3])
    }

    /// A block's field (`local_proxy= `, `next-payload : `, `(`): a name that starts with a
    /// letter, then `=` or `:` after blanks or none, or a parenthesis; or a `show` command's
    /// field of up to three words, its colon then a tab (`\tencryption algorithm:\tAES …`, `show
    /// crypto isakmp policy`).
    private static func startsLikeField(_ b: ArraySlice<UInt8>) -> Bool {
        guard let first = b.first else { return false }
        if first == UInt8(ascii: "(") { return true }
        guard ASCII.isAlpha(first) else { return false }
        var k = b.startIndex
        func word() { while k < b.endIndex, ASCII.isAlnum(b[k]) || b[k] == UInt8(ascii: "_") || b[k] == ASCII.minus || b[k] == ASCII.dot { k += 1 } }
        word()
        var p = k
        while p < b.endIndex, b[p] == 0x20 { p += 1 }
        if p < b.endIndex, b[p] == ASCII.colon || b[p] == UInt8(ascii: "=") { return true }
        for _ in 0..<2 {
            guard k + 1 < b.endIndex, b[k] == 0x20, ASCII.isAlpha(b[k + 1]) else { return false }
            k += 1
            word()
            if k + 1 < b.endIndex, b[k] == ASCII.colon, b[k + 1] == 0x09 { return true }
        }
        return false
    }

    /// Whether the lines seen are double-spaced: two in five blank at least (a copy from a page
    /// or a document that put a blank line after each).
    var doubleSpaced: Bool { blankLines >= 2 && blankLines * 5 >= lines * 2 }

    /// The wrap the lines seen show, if they show one: at least three lines of one length, 40
    /// columns or more and no more than four short of the longest line (a rest cut again may be
    /// that much longer, its blanks added), were followed by a line indented alike, most of the
    /// lines after them, more than went on bare; and lines after shorter ones start so a third as
    /// often at most (IOS indents the fields of its blocks, with a tab or spaces, after lines of
    /// any length). Of such lengths, the one most lines indented so followed is the width. A rest
    /// indented by `n` spaces starts with one more where the cut fell before a blank: those count
    /// for `n` too (and a rest with one blank for a bare wrap's).
    var wrap: Wrap? {
        guard !tooLong, longest >= 40 else { return nil }
        func count(_ length: Int, _ c: Int) -> Int { Int(after[length * Self.classes + c]) }
        func score(_ length: Int, _ c: Int) -> Int { c == Self.tabClass ? count(length, c) : count(length, c) + count(length, c + 1) }
        var width = 0, best = 0, bestScore = 0
        for length in max(40, longest - 4)...longest {
            // (On a tie, the number of blanks most rests had: `n` and `n + 1` against `n - 1` and `n`.)
            for c in [1, 2, 3, 4, Self.tabClass] where score(length, c) > bestScore
                || score(length, c) == bestScore && length == width && count(length, c) > count(length, best) {
                (width, best, bestScore) = (length, c, score(length, c))
            }
        }
        // (More than a bare wrap's score: its rests split tokens or began with the blank the cut
        // fell before. On a tie, none went on bare: a bare wrap's eight cuts or more, all before a
        // blank, would be a wonder — unless they all fell at one column of lines alike, a stamp's
        // `*Jul` / ` 16 20:22:15.320`: the rests must go on in four ways at least.)
        let diverse = afterOneBlank[width].nonzeroBitCount >= 4
        guard bestScore >= 3, bestScore > score(width, 0) || count(width, 0) == 0 && bestScore >= 8 && diverse else { return nil }
        var total = 0
        for c in 0..<Self.messageClass { total += count(width, c) }
        guard bestScore * 5 >= total * 3 else { return nil }
        // (Lines after shorter ones: those of 20 columns up to a little short of the width, which
        // a terminal did not cut.)
        var shortTotal = 0, shortBest = 0
        for length in 20..<max(20, width - 8) {
            for c in 0..<Self.messageClass { shortTotal += count(length, c) }
            shortBest += score(length, best)
        }
        // (The rate after the width three times that after shorter lines, at least.)
        guard bestScore * shortTotal >= 3 * shortBest * total else { return nil }
        return Wrap(width: width, spaces: best == Self.tabClass ? 0 : best, tab: best == Self.tabClass)
    }
}
