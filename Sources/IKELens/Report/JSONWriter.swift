/// Writes pretty JSON straight into a byte buffer, without building a `JSON`
/// tree: the same bytes as `JSON.pretty()` (two-space indent, `"key": value`,
/// `[]`/`{}` when empty, `JSON.escape` escaping), provided the caller writes
/// object keys in sorted (`String <`) order, as the tree does.
///
/// Values go wherever the writer stands: after a `key`, as the next element
/// of the open array, or as the whole document. Drain `bytes` now and then
/// (`drain(over:to:)`) to keep the buffer small on big reports.
struct JSONWriter: ~Copyable {
    /// The text written so far (UTF-8).
    private var out: ByteBuffer
    /// A copy of the text written so far.
    var bytes: [UInt8] { out.array }
    /// Open arrays and objects.
    private var depth = 0
    /// Whether the innermost open container already has a member (comma before the next).
    private var hasMembers = false
    /// A key was just written: the next value follows it on the same line.
    private var afterKey = false
    /// One line, as `JSON.compact()`: no new lines, no indent, `"key":value`.
    private let compact: Bool

    init(capacity: Int = 1 << 16, compact: Bool = false) {
        out = ByteBuffer(capacity: capacity)
        self.compact = compact
    }

    /// A writer for more elements of the array `other` has open, at its depth and layout: its
    /// text follows `other`'s (as when the two render parts of one array side by side).
    init(elementsOf other: borrowing JSONWriter, capacity: Int) {
        out = ByteBuffer(capacity: capacity)
        compact = other.compact
        depth = other.depth
        hasMembers = other.hasMembers
    }

    /// The open array has members now (written by another writer: see `init(elementsOf:)`).
    mutating func noteMembers() { hasMembers = true; afterKey = false }

    // MARK: Containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        out.append(bracket)
        depth += 1
        hasMembers = false
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if hasMembers { newline() }
        out.append(bracket)
        hasMembers = true
    }

    // MARK: Keys

    /// A fixed key of plain ASCII letters (written as is, nothing to escape).
    @inline(__always) mutating func key(_ name: StaticString) {
        startMember()
        out.appendKey(name, compact: compact)
        afterKey = true
    }

    /// Any key, escaped.
    mutating func key(string name: String) {
        startMember()
        appendEscaped(name)
        if compact { out.append(UInt8(ascii: ":")) } else { out.append(": ") }
        afterKey = true
    }

    // MARK: Values

    mutating func null() {
        separate()
        out.append("null")
        hasMembers = true
    }

    mutating func bool(_ b: Bool) {
        separate()
        if b {
            out.append("true")
        } else {
            out.append("false")
        }
        hasMembers = true
    }

    mutating func int(_ i: Int) {
        separate()
        appendDecimal(i)
        hasMembers = true
    }

    mutating func string(_ s: String) {
        separate()
        appendEscaped(s)
        hasMembers = true
    }

    /// A fixed word with nothing to escape.
    mutating func string(_ s: StaticString) {
        separate()
        out.append(UInt8(ascii: "\""))
        out.append(s)
        out.append(UInt8(ascii: "\""))
        hasMembers = true
    }

    /// A stamp as `Stamp.text`, in quotes (nothing in it needs escaping).
    mutating func stamp(_ s: Stamp) {
        separate()
        out.append(UInt8(ascii: "\""))
        s.write(to: &out)
        out.append(UInt8(ascii: "\""))
        hasMembers = true
    }

    mutating func bool(_ b: Bool?) { if let b { bool(b) } else { null() } }
    mutating func int(_ i: Int?) { if let i { int(i) } else { null() } }
    mutating func string(_ s: String?) { if let s { string(s) } else { null() } }
    mutating func stamp(_ s: Stamp?) { if let s { stamp(s) } else { null() } }

    /// A whole tree, keys sorted as `JSON.pretty()` sorts them.
    mutating func value(_ v: JSON) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .string(let s): string(s)
        case .array(let a):
            beginArray()
            for e in a { value(e) }
            endArray()
        case .object(let o):
            beginObject()
            for (k, e) in o.sorted(by: { $0.key < $1.key }) {
                key(string: k)
                value(e)
            }
            endObject()
        }
    }

    // MARK: Fields (key and value)

    mutating func field(_ k: StaticString, _ v: String) { key(k); string(v) }
    mutating func field(_ k: StaticString, _ v: String?) { key(k); string(v) }
    mutating func field(_ k: StaticString, _ v: Int) { key(k); int(v) }
    mutating func field(_ k: StaticString, _ v: Int?) { key(k); int(v) }
    mutating func field(_ k: StaticString, _ v: Bool) { key(k); bool(v) }
    mutating func field(_ k: StaticString, _ v: Bool?) { key(k); bool(v) }
    mutating func field(_ k: StaticString, _ v: Stamp?) { key(k); stamp(v) }
    mutating func field(_ k: StaticString, _ v: [String]) {
        key(k)
        beginArray()
        for s in v { string(s) }
        endArray()
    }

    // MARK: Output

    /// Hands the bytes written so far to `sink` and empties the buffer, once
    /// it holds at least `limit` bytes.
    mutating func drain(over limit: Int, to sink: (UnsafeRawBufferPointer) -> Void) {
        guard out.count >= limit, out.count > 0 else { return }
        out.withUnsafeBytes(sink)
        out.removeAll()
    }

    /// Appends what `other` wrote, emptying it (see `init(elementsOf:)`).
    mutating func take(_ other: inout JSONWriter) {
        other.out.withUnsafeBytes { out.append($0) }
        other.out.removeAll()
    }

    /// Hands the text over in pieces of `size` bytes while it holds that many; the rest stays.
    mutating func drain(pieces size: Int, to sink: (UnsafeRawBufferPointer) -> Void) {
        guard out.count >= size else { return }
        let handed = out.withUnsafeBytes { all -> Int in
            var at = 0
            while all.count - at >= size {
                sink(UnsafeRawBufferPointer(rebasing: all[at..<(at + size)]))
                at += size
            }
            return at
        }
        out.removeFirst(handed)
    }

    /// A newline after the document, as the report files end.
    mutating func endLine() { out.append(0x0A) }

    // MARK: Layout

    /// Before a value: nothing after a key; a comma and a new line between elements.
    @inline(__always) private mutating func separate() {
        if afterKey { afterKey = false; return }
        if depth == 0 { return }
        startMember()
    }

    @inline(__always) private mutating func startMember() {
        if hasMembers { out.append(UInt8(ascii: ",")) }
        newline()
    }

    @inline(__always) private mutating func newline() {
        if compact { return }
        out.appendNewline(indent: 2 * depth)
    }

    // MARK: Escaping

    /// `s` in quotes, escaped as `JSON.escape` does; runs with nothing to
    /// escape (usually the whole string) are copied at once.
    mutating func appendEscaped(_ s: String) {
        // (`withUTF8`: a short string, most of a report's, is read where it lies; the UTF-8
        // view's contiguous storage is not offered for one, and an array was made of it.)
        var s = s
        s.withUTF8 { appendEscaped($0) }
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: checked eight bytes at a time, then copied at once.
        if let p = utf8.baseAddress, !JSONWriter.mayNeedEscape(p, utf8.count) {
            out.append(p, utf8.count)
            out.append(UInt8(ascii: "\""))
            return
        }
        var start = 0
        for i in 0..<utf8.count where JSONWriter.needsEscape(utf8[i]) {
            if start < i { out.append(UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            appendEscape(utf8[i])
            start = i + 1
        }
        if start < utf8.count { out.append(UnsafeBufferPointer(rebasing: utf8[start...])) }
        out.append(UInt8(ascii: "\""))
    }

    /// Whether some byte of `p[0..<n]` may need an escape (`needsEscape`); false only when none does.
    @inline(__always) static func mayNeedEscape(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        let raw = UnsafeRawPointer(p)
        var i = 0
        while i + 8 <= n {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // (A byte below 0x20, a quote, a backslash, DEL.)
            if (x &- 0x20 &* ones) & ~x & highs != 0 || hasZero(x ^ (0x22 &* ones)) || hasZero(x ^ (0x5C &* ones))
                || hasZero(x ^ (0x7F &* ones)) { return true }
            i += 8
        }
        while i < n {
            if needsEscape(p[i]) { return true }
            i += 1
        }
        return false
    }

    @inline(__always) static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x7F
    }

    private mutating func appendEscape(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): out.append("\\\"")
        case UInt8(ascii: "\\"): out.append("\\\\")
        case 0x0A: out.append("\\n")
        case 0x0D: out.append("\\r")
        case 0x09: out.append("\\t")
        default:
            out.append("\\u00")
            out.append(JSON.hexDigits[Int(b >> 4)])
            out.append(JSON.hexDigits[Int(b & 0xF)])
        }
    }

    // MARK: Numbers

    /// `i` in decimal, as `String(i)`.
    private mutating func appendDecimal(_ i: Int) {
        if i < 0 { out.append(UInt8(ascii: "-")) }
        out.appendDecimal(i.magnitude)
    }
}
