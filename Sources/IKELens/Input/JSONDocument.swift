/// A log store's export as one JSON document over many lines: a pretty-printed array of events
/// (`[` / `  {` / `    "message": "…",` …), an Elasticsearch search response
/// (`{"hits":{"hits":[{"_source":{…}}, …]}}`), or such a document on one line. Its objects are
/// found as they close; each innermost one that holds a message field (see
/// `RecordAssembler.jsonExportMessage`) is an event, read as a JSON-lines export's line is.
/// Only the bytes of objects still open and without an event in them are kept, so memory
/// follows one event, not the document.
struct JSONDocument {
    /// An object still open: where it starts in `buffer`, its first line, and whether an event
    /// was found inside it (then its bytes are no longer needed).
    private struct Open {
        var start: Int
        var line: Int
        var done: Bool
    }

    private var buffer: [UInt8] = []
    private var open: [Open] = []
    /// Arrays and objects still open (`[` or `{`).
    private var nesting: [UInt8] = []
    private var inString = false
    private var escaped = false
    /// An object that grew past this without an event is given up (its lines are noise).
    static let maxObject = 1 << 20

    /// True when `line`, the first of an input that is not blank, opens such a document: it
    /// starts with `[` (an array of events), or with `{` and does not close it on the line
    /// (a pretty-printed object; an object per line is a JSON-lines export).
    static func opens(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        guard i < line.count else { return false }
        if line[i] == UInt8(ascii: "[") {
            // (`[`, `[{`, `[ {`: not a bracketed stamp or tag such as `[09:00:00]`.)
            var k = i + 1
            while k < line.count, ASCII.isSpace(line[k]) || line[k] == 0x0D { k += 1 }
            return k == line.count || line[k] == UInt8(ascii: "{")
        }
        guard line[i] == UInt8(ascii: "{") else { return false }
        // (An object's first member is a string: `{`, `{"result": …`; not RTF's `{\rtf1`.)
        var k = i + 1
        while k < line.count, ASCII.isSpace(line[k]) || line[k] == 0x0D { k += 1 }
        guard k == line.count || line[k] == ASCII.quote || line[k] == UInt8(ascii: "}") else { return false }
        var d = JSONDocument()
        _ = d.feed(line, number: 0)
        return !d.nesting.isEmpty
    }

    /// True when no object or array is open: a line now may be no part of the document.
    var isClosed: Bool { nesting.isEmpty && !inString }

    /// The first line of the shallowest object still open that may yet hold an event: the
    /// lines before it can be read on (they hold no event).
    var heldFrom: Int? { open.first(where: { !$0.done })?.line }

    /// Reads `line` (numbered `number`); returns the events' objects that closed on it, each
    /// with its first line.
    mutating func feed(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> [(object: [UInt8], line: Int)] {
        var out: [(object: [UInt8], line: Int)] = []
        let base = buffer.count
        for (j, b) in line.enumerated() {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == ASCII.quote { inString = false }
                continue
            }
            switch b {
            case ASCII.quote: inString = true
            case UInt8(ascii: "["): nesting.append(b)
            case UInt8(ascii: "{"):
                nesting.append(b)
                open.append(Open(start: base + j, line: number, done: false))
            case UInt8(ascii: "]"):
                if nesting.last == UInt8(ascii: "[") { nesting.removeLast() }
            case UInt8(ascii: "}"):
                guard nesting.last == UInt8(ascii: "{"), let o = open.popLast() else { continue }
                nesting.removeLast()
                guard !o.done else { continue }
                // (The object's bytes: those kept from earlier lines, then this line's.)
                var object: [UInt8]
                if o.start >= base {
                    object = Array(line[(o.start - base)...j])
                } else {
                    object = Array(buffer[o.start...])
                    object.append(ASCII.space)
                    object.append(contentsOf: line[...j])
                }
                if object.count > 12, object.withUnsafeBufferPointer({ RecordAssembler.jsonExportMessage($0) }) != nil {
                    out.append((object, o.line))
                    for k in open.indices { open[k].done = true }
                }
            default: break
            }
        }
        // Keep this line's bytes while an object that may hold an event is open, and none
        // before the first such object's start.
        if let first = open.firstIndex(where: { !$0.done }) {
            // (The line goes after a space: what starts on it moves one on.)
            for k in open.indices where open[k].start >= base { open[k].start += 1 }
            buffer.append(ASCII.space)
            buffer.append(contentsOf: line)
            let from = open[first].start
            if from > 0 {
                buffer.removeFirst(from)
                for k in open.indices { open[k].start -= from }
            }
            if buffer.count > Self.maxObject {
                for k in open.indices { open[k].done = true }
                buffer.removeAll()
            }
        } else {
            buffer.removeAll(keepingCapacity: true)
        }
        return out
    }
}
