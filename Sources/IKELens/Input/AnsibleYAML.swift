/// A result as Ansible's YAML output prints it (community.general's `yaml` stdout callback, or
/// ansible-core's default callback with `callback_result_format = yaml`): after the result's line
/// (`ok: [R1] =>`, community.general's `ok: [R1] => changed=false`), the result as a mapping that
/// PyYAML wrote in block style, every line indented (by 4, or 2). The log is in its strings: the
/// whole log in one block literal (`stdout:` / `- |-` / the log's lines, indented), or a string per
/// line (`stdout_lines:` / `- - R1#debug crypto isakmp` / `  - '*Jun 19 12:28:44.251: ISAKMP …'`),
/// plain, single-quoted (`''` a quote) or double-quoted (`\t`, `\n`, … escapes), one that is
/// longer than the dumper's width (ansible-core's 80, community.general's 1000) folded onto the
/// next, more indented lines, rejoined with a space (an escaped line break, `\` at a
/// double-quoted line's end, with none).
///
/// Read line by line (`take`), as `AnsibleOutput` reads JSON: each string a field holds that is
/// not Ansible's own is handed on as the log's lines, under the result's host; the other lines
/// are Ansible's. The result ends at a line that is not indented and not blank (Ansible's next).
/// Every line of the file keeps its number: a line of a block literal is a line of the log; a
/// string folded over lines takes its first line's number, and its other lines are Ansible's (a
/// double-quoted string's `\n` escapes end lines of the log, one number each, as JSON's).
struct AnsibleYAML {
    typealias Sink = AnsibleOutput.Sink

    /// The host the result names, and whether its task failed (its `msg` is Ansible's error).
    let host: [UInt8]
    let failed: Bool
    let maxLineLength: Int

    init(host: [UInt8], failed: Bool, maxLineLength: Int) {
        self.host = host
        self.failed = failed
        self.maxLineLength = maxLineLength
    }

    /// A mapping open around the line in hand: the column of its keys, whether its strings are the
    /// log's, what its key in hand makes of its value, whether a `stdout` field was read in it.
    private struct Frame {
        var column: Int
        var reads: Bool
        var childReads: Bool
        var tookStdout = false
    }
    private var frames: [Frame] = []

    /// A scalar that goes on past its first line.
    private enum Open { case none, plain, single, double, block }
    private var open = Open.none
    /// The column of the open scalar's node (its `-` or its key): its further lines are indented more.
    private var owner = 0
    /// (A block literal) its lines' indentation; -1: told by its first line that is not blank.
    private var blockIndent = -1
    /// The open scalar's strings are the log's.
    private var reads = false
    /// The line of the log in hand, and whether it was cut at `maxLineLength`.
    private var piece: [UInt8] = []
    private var pieceCut = false
    /// How much of `piece` an escape ended: white space before it is no folding's to trim.
    private var kept = 0
    /// The file's lines the open scalar took (that took no number yet), and the lines of the log
    /// it handed on (a `\n` escape, a blank line in a quoted string).
    private var owedLines = 0
    private var piecesOut = 0
    /// A double-quoted line ended with an escaped line break: the next line goes on without a space.
    private var escapedBreak = false
    /// A line of the log ended inside the quoted string (a `\n` escape, a blank line): what follows
    /// starts the next, without a space; an empty rest at the string's end is no line.
    private var afterBreak = false
    private var key: [UInt8] = []

    /// The bytes held: a line of the log, a key. Bounded by `maxLineLength`.
    var heldBytes: Int { piece.count + key.count }

    // MARK: Lines

    /// Reads a line of the file after the result's line (without its line end): false when it is
    /// not the result's (not indented and not blank: Ansible's next line), and then nothing of it
    /// was read; `finish` ends the result.
    mutating func take(_ line: UnsafeBufferPointer<UInt8>, cut: Bool, number: inout Int, _ body: Sink) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == 0x0D || ASCII.isSpace(line[end - 1]) { end -= 1 }
        var indent = 0
        while indent < end, line[indent] == ASCII.space { indent += 1 }
        let blank = end == 0
        if !blank, indent == 0 { return false }
        switch open {
        case .block:
            if blank {
                // (A blank line of the block, or the one after it: the same to the log's reader.)
                emit(nil, cut: false, reads ? .log : .plain, number: &number, body)
                return true
            }
            if blockIndent < 0, indent > owner { blockIndent = indent }
            if blockIndent >= 0, indent >= blockIndent {
                // (The callbacks take the white space off a block literal's lines' ends, and a
                // string's lines are handed on without it too: a log printed both ways, `-v`'s
                // `stdout` then a `debug` of its `stdout_lines`, is the same copy twice.)
                emit(UnsafeBufferPointer(rebasing: line[blockIndent..<end]), cut: cut, reads ? .log : .tool, number: &number, body)
                return true
            }
            open = .none
        case .plain:
            if !blank, indent > owner {
                // A plain string folded: its next line, after one space.
                owedLines += 1
                trimFolded()
                put(ASCII.space)
                append(UnsafeBufferPointer(rebasing: line[indent..<end]))
                if cut { pieceCut = true }
                return true
            }
            close(number: &number, body)
        case .single, .double:
            if blank {
                // A blank line in a quoted string is a line end in it.
                owedLines += 1
                if !afterBreak { trimFolded() }
                endPiece(number: &number, body)
                afterBreak = true
                return true
            }
            if indent > owner {
                owedLines += 1
                if escapedBreak {
                    escapedBreak = false
                } else if !afterBreak {
                    trimFolded()
                    put(ASCII.space)
                }
                afterBreak = false
                quoted(UnsafeBufferPointer(rebasing: line[..<end]), from: indent, cut: cut, number: &number, body)
                return true
            }
            // (Not indented past the string's node: its closing quote was lost, it ends here.)
            close(number: &number, body)
        case .none:
            break
        }
        if blank {
            emit(nil, cut: false, .plain, number: &number, body)
        } else {
            node(UnsafeBufferPointer(rebasing: line[..<end]), from: indent, cut: cut, number: &number, body)
        }
        return true
    }

    /// The result ends: a string still open is handed on.
    mutating func finish(number: inout Int, _ body: Sink) {
        close(number: &number, body)
        frames.removeAll()
    }

    /// A line of the result's structure: `- ` items (`- - x`, `-   - x`), a key (`stdout:`,
    /// `output.stdout_lines:`, `'a: b':`), then the value on the line, if any.
    private mutating func node(_ t: UnsafeBufferPointer<UInt8>, from start: Int, cut: Bool, number: inout Int, _ body: Sink) {
        var p = start
        var nodeColumn = start - 1
        var valueReads = frames.last?.childReads ?? true
        while p < t.count, t[p] == ASCII.minus, p + 1 == t.count || t[p + 1] == ASCII.space {
            // (A sequence at a key's column is that key's value.)
            while let f = frames.last, f.column > p { frames.removeLast() }
            valueReads = frames.last?.childReads ?? true
            nodeColumn = p
            p += 1
            while p < t.count, t[p] == ASCII.space { p += 1 }
        }
        if p < t.count, let after = keyEnd(t, from: p) {
            while let f = frames.last, f.column > p { frames.removeLast() }
            if frames.last?.column != p {
                guard frames.count < AnsibleOutput.maxDepth else {
                    emit(nil, cut: cut, .tool, number: &number, body)
                    return
                }
                frames.append(Frame(column: p, reads: frames.last?.childReads ?? true, childReads: false))
            }
            var f = frames[frames.count - 1]
            var r = f.reads && !AnsibleOutput.isAnsiblesOwn(key, failed: failed)
            if key.withUnsafeBufferPointer({ ByteSearch.contains("stdout", in: $0) }) {
                // `stdout` and `stdout_lines` hold the same lines: the log is read once.
                if f.tookStdout { r = false }
                if r { f.tookStdout = true }
            }
            f.childReads = r
            frames[frames.count - 1] = f
            valueReads = r
            nodeColumn = p
            p = after
            while p < t.count, t[p] == ASCII.space { p += 1 }
        }
        value(t, from: p, node: nodeColumn, reads: valueReads, cut: cut, number: &number, body)
    }

    /// Where a key that starts at `p` ends, after its colon (nil: no key): a plain key ends at the
    /// first `: ` (a plain string has none, nor a `:` at its end), a quoted one at its closing
    /// quote and a colon. The key is left in `key`.
    private mutating func keyEnd(_ t: UnsafeBufferPointer<UInt8>, from p: Int) -> Int? {
        key.removeAll(keepingCapacity: true)
        let first = t[p]
        if first == UInt8(ascii: "'") || first == ASCII.quote {
            var i = p + 1
            while i < t.count {
                if t[i] == first {
                    if first == UInt8(ascii: "'"), i + 1 < t.count, t[i + 1] == first {
                        if key.count < AnsibleOutput.maxKey { key.append(first) }
                        i += 2
                        continue
                    }
                    break
                }
                if first == ASCII.quote, t[i] == UInt8(ascii: "\\") { i += 1 }
                if i < t.count, key.count < AnsibleOutput.maxKey { key.append(t[i]) }
                i += 1
            }
            guard i + 1 < t.count, t[i + 1] == ASCII.colon, i + 2 == t.count || t[i + 2] == ASCII.space else { return nil }
            return i + 2
        }
        if first == UInt8(ascii: "?") || first == UInt8(ascii: "[") || first == UInt8(ascii: "{") || first == UInt8(ascii: "|")
            || first == UInt8(ascii: ">") { return nil }
        var i = p
        while i < t.count {
            if t[i] == ASCII.colon, i + 1 == t.count || t[i + 1] == ASCII.space {
                key.append(contentsOf: UnsafeBufferPointer(rebasing: t[p..<min(i, p + AnsibleOutput.maxKey)]))
                return i + 1
            }
            i += 1
        }
        return nil
    }

    /// A node's value from `p` on its line (nothing: it is on the lines after, a mapping or a
    /// sequence); `node` is its key's or `-`'s column.
    private mutating func value(_ t: UnsafeBufferPointer<UInt8>, from start: Int, node: Int, reads: Bool, cut: Bool,
                                number: inout Int, _ body: Sink) {
        var p = start
        // (A tag, an anchor: `!!binary`, `&id001`; what follows is the value.)
        while p < t.count, t[p] == UInt8(ascii: "!") || t[p] == UInt8(ascii: "&") {
            while p < t.count, t[p] != ASCII.space { p += 1 }
            while p < t.count, t[p] == ASCII.space { p += 1 }
        }
        owner = node
        self.reads = reads
        piece.removeAll(keepingCapacity: true)
        pieceCut = false
        kept = 0
        owedLines = 1
        piecesOut = 0
        escapedBreak = false
        afterBreak = false
        guard p < t.count else {
            emit(nil, cut: cut, .tool, number: &number, body)
            return
        }
        switch t[p] {
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            // A block scalar: its lines follow, indented past its node (`|4-`: by 4 exactly).
            open = .block
            blockIndent = -1
            var q = p + 1
            while q < t.count, t[q] != ASCII.space {
                if ASCII.isDigit(t[q]), t[q] != UInt8(ascii: "0") { blockIndent = node + Int(t[q] - UInt8(ascii: "0")) }
                q += 1
            }
            if blockIndent >= 0, blockIndent <= node { blockIndent = node + 1 }
            emit(nil, cut: cut, .tool, number: &number, body)
        case UInt8(ascii: "'"), ASCII.quote:
            open = t[p] == ASCII.quote ? .double : .single
            quoted(t, from: p + 1, cut: cut, number: &number, body)
        case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "*"):
            // (An empty list or mapping, `[]`, `{}`; an alias: no string of its own.)
            emit(nil, cut: cut, .tool, number: &number, body)
        default:
            // A plain string: it may go on, folded, on the next lines.
            open = .plain
            append(UnsafeBufferPointer(rebasing: t[p...]))
            if cut { pieceCut = true }
        }
    }

    /// A quoted string's bytes from `p` (the open quote's kind): up to its closing quote, which
    /// closes it, or the line's end, where it goes on (a line cut short ends it: its quote is lost).
    private mutating func quoted(_ t: UnsafeBufferPointer<UInt8>, from start: Int, cut: Bool, number: inout Int, _ body: Sink) {
        var i = start
        if open == .single {
            while i < t.count {
                let b = t[i]
                if b == UInt8(ascii: "'") {
                    if i + 1 < t.count, t[i + 1] == b {
                        put(b)
                        kept = piece.count
                        i += 2
                        continue
                    }
                    close(number: &number, body)
                    return
                }
                var j = i + 1
                while j < t.count, t[j] != UInt8(ascii: "'") { j += 1 }
                append(UnsafeBufferPointer(rebasing: t[i..<j]))
                i = j
            }
        } else {
            while i < t.count {
                let b = t[i]
                if b == ASCII.quote {
                    close(number: &number, body)
                    return
                }
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < t.count else {
                        escapedBreak = true
                        break
                    }
                    i = escape(t, at: i + 1, number: &number, body)
                    kept = piece.count
                    continue
                }
                var j = i + 1
                while j < t.count, t[j] != ASCII.quote, t[j] != UInt8(ascii: "\\") { j += 1 }
                append(UnsafeBufferPointer(rebasing: t[i..<j]))
                i = j
            }
        }
        if cut {
            pieceCut = true
            close(number: &number, body)
        }
    }

    /// A double-quoted string's escape, its letter at `k`: where the string goes on.
    private mutating func escape(_ t: UnsafeBufferPointer<UInt8>, at k: Int, number: inout Int, _ body: Sink) -> Int {
        let e = t[k]
        switch e {
        case UInt8(ascii: "n"):
            endPiece(number: &number, body)
            afterBreak = true
            return k + 1
        case UInt8(ascii: "t"), ASCII.tab: put(ASCII.tab)
        case UInt8(ascii: "0"): put(0)
        case UInt8(ascii: "a"): put(0x07)
        case UInt8(ascii: "b"): put(0x08)
        case UInt8(ascii: "v"): put(0x0B)
        case UInt8(ascii: "f"): put(0x0C)
        case UInt8(ascii: "r"): put(0x0D)
        case UInt8(ascii: "e"): put(0x1B)
        case UInt8(ascii: "N"): scalar(0x85)
        case UInt8(ascii: "_"): scalar(0xA0)
        case UInt8(ascii: "L"): scalar(0x2028)
        case UInt8(ascii: "P"): scalar(0x2029)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
            var v: UInt32 = 0
            var q = k + 1
            while q < t.count, q <= k + digits, let d = ASCII.hexValue(t[q]) {
                v = v << 4 | UInt32(d)
                q += 1
            }
            // (Not as many hex digits as the escape takes: a `?` for it, the rest as it is.)
            if q == k + 1 + digits { scalar(v) } else { put(UInt8(ascii: "?")) }
            return q
        default:
            // `\"`, `\\`, `\/`, `\ ` (a space a folding would have taken).
            put(e)
        }
        return k + 1
    }

    /// A code point as UTF-8 (`?` for none).
    private mutating func scalar(_ v: UInt32) {
        for u in String(Unicode.Scalar(v) ?? "?").utf8 { put(u) }
    }

    // MARK: Handing on

    /// The open string ends: its last line of the log, then its other lines of the file as Ansible's.
    private mutating func close(number: inout Int, _ body: Sink) {
        switch open {
        case .none, .block:
            open = .none
            return
        case .plain:
            if reads, piece.withUnsafeBufferPointer({ Self.isNoString($0) }) { reads = false }
            endPiece(number: &number, body)
        case .single, .double:
            // (`"…\n"`: the last line ended with it, as a file's last line end ends no line.)
            if !(afterBreak && piece.isEmpty && !pieceCut) { endPiece(number: &number, body) }
        }
        open = .none
        while owedLines > piecesOut {
            emit(nil, cut: false, .tool, number: &number, body)
            owedLines -= 1
        }
        owedLines = 0
        piecesOut = 0
    }

    /// A plain scalar that YAML reads as no string (`null`, `~`, `true`, `false`, a number): no line.
    private static func isNoString(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        // (Only a short one is looked at as a word: no string is made of a log's line.)
        if s.count <= 5, ["", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"].contains(String(decoding: s, as: UTF8.self)) {
            return true
        }
        var digits = false
        for b in s {
            if ASCII.isDigit(b) { digits = true } else if !"+-._eE".utf8.contains(b) { return false }
        }
        return digits
    }

    /// The line of the log in hand ends: handed on (the file's line it took, if it took none yet).
    private mutating func endPiece(number: inout Int, _ body: Sink) {
        if reads {
            var n = piece.count
            // (`\r\n` escapes: the line without its CR, as the framer gives a file's lines; no white
            // space at its end, as a block literal has none: see `take`.)
            while !pieceCut, n > 0, piece[n - 1] == 0x0D || ASCII.isSpace(piece[n - 1]) { n -= 1 }
            piece.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<n]), number, pieceCut, .log, host) }
            number += 1
            piecesOut += 1
        }
        piece.removeAll(keepingCapacity: true)
        pieceCut = false
        kept = 0
    }

    /// A line handed on at once: a line of a block literal, or Ansible's (nil: its text not handed on).
    private func emit(_ line: UnsafeBufferPointer<UInt8>?, cut: Bool, _ kind: AnsibleOutput.Kind, number: inout Int, _ body: Sink) {
        let text = kind == .tool ? nil : line
        body(text ?? UnsafeBufferPointer(start: nil, count: 0), number, cut, kind, kind == .log ? host : [])
        number += 1
    }

    /// A folded line's white space at its end (not an escape's) goes with the folding.
    private mutating func trimFolded() {
        while piece.count > kept, let b = piece.last, ASCII.isSpace(b) { piece.removeLast() }
    }

    @inline(__always) private mutating func put(_ b: UInt8) {
        if piece.count < maxLineLength { piece.append(b) } else { pieceCut = true }
    }

    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        if !piece.append(run, upTo: maxLineLength) { pieceCut = true }
    }
}
