/// Writes pretty JSON straight into a byte buffer, without building a `JSON`
/// tree: the same bytes as `JSON.pretty()` (two-space indent, `"key": value`,
/// `[]`/`{}` when empty, `JSON.escape` escaping), provided the caller writes
/// object keys in sorted (`String <`) order, as the tree does.
///
/// Values go wherever the writer stands: after a `key`, as the next element
/// of the open array, or as the whole document. Drain `bytes` now and then
/// (`drain(over:to:)`) to keep the buffer small on big reports.
struct JSONWriter {
    /// The text written so far (UTF-8).
    var bytes: [UInt8] = []
    /// Open arrays and objects.
    private var depth = 0
    /// Whether the innermost open container already has a member (comma before the next).
    private var hasMembers = false
    /// A key was just written: the next value follows it on the same line.
    private var afterKey = false

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    // MARK: Containers

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        hasMembers = false
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if hasMembers { newline() }
        bytes.append(bracket)
        hasMembers = true
    }

    // MARK: Keys

    /// A fixed key of plain ASCII letters (written as is, nothing to escape).
    mutating func key(_ name: StaticString) {
        startMember()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":"), 0x20])
        afterKey = true
    }

    /// Any key, escaped.
    mutating func key(string name: String) {
        startMember()
        appendEscaped(name)
        bytes.append(contentsOf: [UInt8(ascii: ":"), 0x20])
        afterKey = true
    }

    // MARK: Values

    mutating func null() {
        separate()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])  // null
        hasMembers = true
    }

    mutating func bool(_ b: Bool) {
        separate()
        if b {
            bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65])  // true
        } else {
            bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])  // false
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

    /// A stamp as `Stamp.text`, in quotes (nothing in it needs escaping).
    mutating func stamp(_ s: Stamp) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        s.appendText(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
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

    // MARK: Output

    /// Hands the bytes written so far to `sink` and empties the buffer, once
    /// it holds at least `limit` bytes.
    mutating func drain(over limit: Int, to sink: (UnsafeRawBufferPointer) -> Void) {
        guard bytes.count >= limit, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(sink)
        bytes.removeAll(keepingCapacity: true)
    }

    /// A newline after the document, as the report files end.
    mutating func endLine() { bytes.append(0x0A) }

    // MARK: Layout

    /// Before a value: nothing after a key; a comma and a new line between elements.
    @inline(__always) private mutating func separate() {
        if afterKey { afterKey = false; return }
        if depth == 0 { return }
        startMember()
    }

    @inline(__always) private mutating func startMember() {
        if hasMembers { bytes.append(UInt8(ascii: ",")) }
        newline()
    }

    private mutating func newline() {
        bytes.append(0x0A)
        for _ in 0..<depth { bytes.append(0x20); bytes.append(0x20) }
    }

    // MARK: Escaping

    /// `s` in quotes, escaped as `JSON.escape` does; runs with nothing to
    /// escape (usually the whole string) are copied at once.
    mutating func appendEscaped(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaped($0) }
        if done == nil { appendEscaped(Array(s.utf8)) }
    }

    private mutating func appendEscaped(_ utf8: [UInt8]) {
        utf8.withUnsafeBufferPointer { appendEscaped($0) }
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var start = 0
        for i in 0..<utf8.count where JSONWriter.needsEscape(utf8[i]) {
            if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<i])) }
            appendEscape(utf8[i])
            start = i + 1
        }
        if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    @inline(__always) static func needsEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b == 0x7F
    }

    private mutating func appendEscape(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        default:
            bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
            bytes.append(JSON.hexDigits[Int(b >> 4)])
            bytes.append(JSON.hexDigits[Int(b & 0xF)])
        }
    }

    // MARK: Numbers

    /// `i` in decimal, as `String(i)`.
    private mutating func appendDecimal(_ i: Int) {
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.appendDecimal(i.magnitude)
    }
}
