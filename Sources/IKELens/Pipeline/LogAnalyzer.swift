#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// What the parse stage hands to the correlation side for one record: the record
/// (its text borrowed), its text bytes, and the lines to count as unrecognized if
/// the parser does not understand it (see `RecordAssembler.push`). The parser runs
/// on the receiving side (see `LogAnalyzer`'s `parallel`).
typealias RecordSink = (Record, _ text: UnsafeBufferPointer<UInt8>, _ unrecognizedLines: Int) -> Void

/// One chunk's items handed between the threads, each with the text bytes it carries (if
/// any) appended to one buffer: no allocation per item. Filled by the parse thread, drained in
/// order by the correlation side, which moves each item out (an event is never copied on its
/// way: a copy retains every string it holds).
final class HandoverQueue<Item>: @unchecked Sendable {
    private var items: UnsafeMutablePointer<Item>
    /// Per item: where its text bytes are in `texts` (length -1: none).
    private var spans: UnsafeMutablePointer<(at: Int32, length: Int32)>
    private var capacity: Int
    private(set) var count = 0
    private var texts: ByteBuffer

    /// (A 1 MiB chunk of lines of 64 bytes: the queue does not grow for the usual log.)
    init(capacity: Int = 16384, textCapacity: Int) {
        self.capacity = capacity
        items = .allocate(capacity: capacity)
        spans = .allocate(capacity: capacity)
        texts = ByteBuffer(capacity: textCapacity)
    }

    deinit {
        items.deinitialize(count: count)
        items.deallocate()
        spans.deallocate()
    }

    func append(_ item: consuming Item, text: UnsafeBufferPointer<UInt8>?) {
        if count == capacity { grow() }
        (items + count).initialize(to: item)
        var span: (at: Int32, length: Int32) = (0, -1)
        if let text {
            span = (Int32(truncatingIfNeeded: texts.count), Int32(truncatingIfNeeded: text.count))
            texts.append(text)
        }
        spans[count] = span
        count += 1
    }

    /// Hands every item to `body` in order, with its text bytes, and empties the queue
    /// (capacity kept). `prepare` changes an item that carries text where it lies, before it
    /// is moved out (an item changed in `body` would be copied first).
    func drain(prepare: ((inout Item, UnsafeBufferPointer<UInt8>) -> Void)? = nil, _ body: (consuming Item, UnsafeBufferPointer<UInt8>?) -> Void) {
        let n = count
        count = 0
        texts.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for i in 0..<n {
                let s = spans[i]
                let text = s.length < 0 ? nil : UnsafeBufferPointer(rebasing: bytes[Int(s.at)..<Int(s.at) + Int(s.length)])
                if let prepare, let text { prepare(&items[i], text) }
                body((items + i).move(), text)
            }
        }
        texts.removeAll()
    }

    private func grow() {
        let bigger = capacity * 2
        let m = UnsafeMutablePointer<Item>.allocate(capacity: bigger)
        m.moveInitialize(from: items, count: count)
        items.deallocate()
        items = m
        let p = UnsafeMutablePointer<(at: Int32, length: Int32)>.allocate(capacity: bigger)
        p.moveInitialize(from: spans, count: count)
        spans.deallocate()
        spans = p
        capacity = bigger
    }
}

/// An assembled record as it crosses to the correlation side, which parses it (its text bytes
/// cross beside it): what the parser reads of it besides its text, its device, and the lines
/// to count as unrecognized if the parser does not understand it.
struct HandedRecord {
    var firstLine: Int, lastLine: Int, headEnd: Int, device: Int, unrecognizedLines: Int
    var stamp: Stamp?
    var isOrphan: Bool, isPingSummary: Bool, isOperatorCommand: Bool

    init(_ r: Record, unrecognizedLines: Int) {
        (firstLine, lastLine, headEnd, device, stamp) = (r.firstLine, r.lastLine, r.headEnd, r.device, r.stamp)
        (isOrphan, isPingSummary, isOperatorCommand) = (r.isOrphan, r.isPingSummary, r.isOperatorCommand)
        self.unrecognizedLines = unrecognizedLines
    }

    /// The record again, its text empty (the text bytes are read where they crossed).
    var record: Record {
        var r = Record()
        (r.firstLine, r.lastLine, r.headEnd, r.device, r.stamp) = (firstLine, lastLine, headEnd, device, stamp)
        (r.isOrphan, r.isPingSummary, r.isOperatorCommand) = (isOrphan, isPingSummary, isOperatorCommand)
        return r
    }
}

/// An event parsed on the parse thread (streaming output, whose correlating side also
/// diagnoses and writes each SA as it concludes: there the parser is the parse thread's), its
/// device slot and line count; the text bytes of an event that keeps its text cross beside it,
/// made a `String` on the correlation side.
struct HandedEvent {
    var event: Event
    var slot: Int32, lines: Int32

    /// The event, moved out.
    consuming func take() -> Event { event }
}

/// A reusable copy of one input chunk, grown as needed, never shrunk.
final class ChunkCopy: @unchecked Sendable {
    private var storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
    private var count = 0

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0..<count]) }

    func fill(_ chunk: UnsafeRawBufferPointer) {
        if chunk.count > storage.count {
            storage.deallocate()
            storage = .allocate(byteCount: chunk.count, alignment: 16)
        }
        if let base = chunk.baseAddress, let to = storage.baseAddress { to.copyMemory(from: base, byteCount: chunk.count) }
        count = chunk.count
    }

    deinit { storage.deallocate() }
}

/// The parser's part of `ParseStage`: its counts, changed for each record on the correlation
/// side (`event(of:)`) while the parse thread changes the assembler's state. Kept
/// in the stage itself, the counts shared cache lines with the assembler's fields, and each
/// record's count waited for its line to come back from the other core (a load that missed on
/// every record: 3% of the run's time in one instruction). Here they have lines of their own:
/// 64 bytes of padding on either side, whatever the allocator puts next to the object.
final class ParserSide: @unchecked Sendable {
    private let padBefore: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
    let parser: EventParser
    var debugEvents = 0
    var asaEvents = 0
    var linesBehindUnknownPrefix = 0
    var unknownPrefix: [UInt8] = []
    /// Lines of records handed on that the parser did not understand (the assembler's
    /// `unrecognizedLines` for each).
    var unrecognizedHandedOn = 0
    /// The last line, when the input ended in it without its line end (see `LineFramer.unterminatedLine`).
    var cutLine = 0
    private let padAfter: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)

    init(parser: EventParser) { self.parser = parser }

    /// The event of a record handed on (`RecordSink`): parsed and counted; its text made a
    /// `String` when the event keeps it (`needsText`), unless not `makingText` (the text is
    /// then made on the other thread: `text(_:lines:facility:)`).
    @inline(__always)
    func event(of record: Record, _ text: UnsafeBufferPointer<UInt8>, unrecognizedLines: Int, makingText: Bool = true,
               needsText: inout Bool) -> Event {
        var event = parser.parseWithoutText(record, text, needsText: &needsText)
        if cutLine > 0, record.lastLine == cutLine, !event.kind.isUnrecognized, event.kind.mayBeCut {
            // A file cut short in its last message (`…New State = IKE_I_M`, `…Processing of
            // Main M`, `…with error 25`): what the cut left tells nothing, and no failure.
            event.kind = .other
        }
        if event.kind.isUnrecognized {
            unrecognizedHandedOn += unrecognizedLines
            if debugEvents == 0 { noteUnknownPrefix(text) }
        }
        switch event.facility {
        case .isakmp, .ipsec, .ikev2, .cryptoMap, .crypto: debugEvents += 1
        case .syslog:
            // (`%CRYPTO-…`, and IOS-XE's data-plane `%IPSEC-3-HMAC_ERROR` / `REPLAY_ERROR`,
            // `%IKEV2-…`, relayed inside `%IOSXE-3-PLATFORM`.)
            if ByteSearch.contains("CRYPTO", in: text) || ByteSearch.contains("%IPSEC-", in: text) || ByteSearch.contains("%IKEV2-", in: text) {
                debugEvents += 1
            }
            if ByteCursor(text).startsWith("%ASA-") { asaEvents += 1 }
        case .none, .nhrp: break
        }
        if needsText, makingText { event.text = ParseStage.text(text, lines: record.lineCount, facility: event.facility) }
        return event
    }

    /// An unrecognized line before any debug record: counted when it holds a router's message
    /// behind something unknown (see `linesBehindUnknownPrefix`).
    @inline(never)
    private func noteUnknownPrefix(_ text: UnsafeBufferPointer<UInt8>) {
        guard let (a, _) = LearnedPrefix.messageStart(text) else { return }
        if linesBehindUnknownPrefix == 0 {
            var e = a
            while e > 0, ASCII.isSpace(text[e - 1]) { e -= 1 }
            unknownPrefix = Array(text[..<(LearnedPrefix.split(text)?.end ?? e)])
        }
        linesBehindUnknownPrefix += 1
    }
}

/// Bytes → lines → records, then records → events: the part of the pipeline that
/// needs no SA state. With `LogAnalyzer`'s `parallel`, `run` (bytes to records) runs
/// on the parse thread, `side.event(of:)` (the parser) on the correlation side as it drains
/// each chunk's records (for streaming output, on the parse thread as well): the two
/// halves keep apart what they change, and one thread at a time runs each.
final class ParseStage: @unchecked Sendable {
    private var decoder = InputDecoder()
    private var framer = LineFramer()
    private(set) var assembler = RecordAssembler()
    /// The parser's part of the stage, in an object of its own (see `ParserSide`).
    let side: ParserSide
    /// Records that came from IKE/IPsec debug or crypto syslog (not other facilities).
    var debugEvents: Int { side.debugEvents }
    /// Cisco ASA syslog records (`%ASA-7-715077:`), which IKELens does not read yet.
    var asaEvents: Int { side.asaEvents }
    /// Unrecognized lines that hold a router's message behind something unknown (see
    /// `LearnedPrefix.messageStart`), counted until the first debug record (they tell the
    /// input's problem when no IKE debug is read at all), and the first one's prefix.
    var linesBehindUnknownPrefix: Int { side.linesBehindUnknownPrefix }
    var unknownPrefix: [UInt8] { side.unknownPrefix }

    init(keepAllText: Bool) {
        side = ParserSide(parser: EventParser(keepAllText: keepAllText))
    }

    /// Set when the input turned out not to be text (the decoder hands nothing on since).
    var binary: BinaryFormat? { decoder.binary }

    func judgeInputSoFar() { decoder.judgeSoFar() }
    var inputJudged: Bool { decoder.judged }

    func run(_ chunk: UnsafeRawBufferPointer, _ sink: RecordSink) {
        decoder.feed(chunk) { frame($0, sink) }
    }

    func finish(_ sink: RecordSink) {
        decoder.finish { frame($0, sink) }
        if !ansibleJudged { judgeAnsible(UnsafeRawBufferPointer(start: nil, count: 0), final: true, sink) }
        if ansible != nil { ansible!.finish { line, number, cut, kind, host in pushAnsible(line, number: number, cut: cut, kind, host: host, sink) } }
        framer.finish { line, number, cut in pushReadingExports(line, number: number, cut: cut, sink) }
        if quotedPrintable.engaged {
            quotedPrintable.finish { line, number, cut, extra in pushDecoded(line, number: number, cut: cut, extra: extra, sink) }
        }
        side.cutLine = framer.unterminatedLine
        releaseHead(sink)
        // (A document cut short: the lines of its open object are counted.)
        if jsonDocument != nil { pushBlankLines(upTo: jsonLastLine + 1, sink) }
        assembler.finish { record, lines in handle(record, lines, sink) }
        for r in replays.takeAllHeld() { readHeld(r, sink) }
        assembler.setBytes(framer.bytesRead + (ansible?.bytesRead ?? 0))
    }

    /// Second copies of the log's records, read once (see `ReplayFilter`).
    private var replays = ReplayFilter()

    /// The assembler's counts, with the lines of records handed on that were not understood
    /// (`event(of:)`), and device 0's copied lines (`copied(device:)`) as console noise.
    var stats: InputStats {
        var s = assembler.stats
        s.unrecognized += side.unrecognizedHandedOn
        s.noise += replays.copied(device: 0).lines
        return s
    }

    /// The lines of `device` (a record's `device`) that repeated lines read before, not handed
    /// on (see `ReplayFilter`).
    func copied(device: Int) -> (lines: Int, stretches: [ClosedRange<Int>], count: Int) {
        replays.copied(device: device)
    }

    /// Whether the start of the line the framer holds (bytes after the last line
    /// end) is known to be plain ASCII without NUL.
    private var carryClean = true
    /// The chunk before had `#01` or ended in a `#` (see `frame`).
    private var carryEscapes = false
    /// The line carried over from earlier chunks has an ESC.
    private var carryCodes = false
    /// The line carried over from earlier chunks has a backspace or DEL.
    private var carryErasing = false
    /// The line carried over from earlier chunks has an `&`.
    private var carryAmpersands = false
    /// The line carried over from earlier chunks has a `<`.
    private var carryMarkup = false
    /// The line carried over from earlier chunks has a backtick.
    private var carryBackticks = false
    /// The line carried over from earlier chunks may be a JSON export's.
    private var carryJSON = false
    /// The input is a CSV export with a header row (see `RecordAssembler.pushCSVExport`):
    /// every line goes through the exports' reader (its rows need not start with a quote).
    private var csvExport = false
    /// How many of the first lines are still to go through the exports' reader one by one,
    /// which looks at them for a CSV header (the first) or grep's prefixes (see `GrepPrefix`).
    private static let headLines = 20
    private var headLinesLeft = headLines
    /// The input is grep's output: the prefix it put on every line.
    private var grepPrefix: GrepPrefix?
    /// How many lines after grep's line numbers were learned must still show one (or be grep's
    /// `--`): a line without means the number was a log's own text, and it is dropped.
    private var grepChecksLeft = 0
    /// A line number or a tool's stamp on every line (see `CapturePrefix`).
    private var capturePrefix: CapturePrefix?
    /// An unknown tool's prefix on every line, learned from its shape (see `LearnedPrefix`).
    private var learnedPrefix: LearnedPrefix?
    /// The first lines, held while such a prefix may still be learned: the lines before the two
    /// it is learned from (a prompt, `debug`'s confirmations, behind it too) are read without it
    /// as well. Learning ends, and the held lines are read as they are, at a line the router
    /// printed as it is (its stamped message) before any line to learn from, at grep's or a
    /// known tool's prefix, at an export's line, after the first `headLines` lines, or at the
    /// input's end.
    private var heldHead: [(line: [UInt8], number: Int, cut: Bool)] = []
    private var learning = true
    /// How many lines more may be held (a capture may begin with a router's configuration typed
    /// at its prompts, `show` output, before the first message).
    private static let learningLines = 256
    private var learningLinesLeft = learningLines
    /// The prefixes of the first lines that had one to learn (see `learn`).
    private var headShapes: [LearnedPrefix] = []
    /// The longest of the lines held so far, how many were that long, and the length of the
    /// last one (see `learn`).
    private var headLongest = 0
    private var headLongestCount = 0
    private var headPrevious = 0
    /// A line behind a learned prefix given the prefix's stamp (see `pushLearned`).
    private var restamped: [UInt8] = []
    /// The learned prefix's words that may name each line's router, while they are judged (see
    /// `HostTag`): the lines since the prefix was learned are held with the first ones meanwhile.
    private var hostTag: HostTag?
    /// The learned prefix's word that names each line's router (see `HostTag`), nil: none.
    private var hostWord: Int?
    /// A line behind the learned prefix under its router's name (see `pushLearned`).
    private var tagged: [UInt8] = []
    /// The input is one JSON document over many lines (see `JSONDocument`), and the next of its
    /// line numbers still to be handed on.
    private var jsonDocument: JSONDocument?
    private var jsonNextLine = 0
    private var jsonLastLine = -1
    /// A line that is not blank was read (a JSON document opens on the first).
    private var sawContent = false
    /// The input is Ansible's output (see `AnsibleOutput`): read by its reader, not the framer.
    /// Judged on the input's first lines (held meanwhile in `ansibleHead`).
    private var ansible: AnsibleOutput?
    private var ansibleJudged = false
    private var ansibleHead: [UInt8] = []

    private func frame(_ bytes: UnsafeRawBufferPointer, _ sink: RecordSink) {
        if ansibleJudged {
            if ansible != nil {
                ansible!.feed(bytes) { line, number, cut, kind, host in pushAnsible(line, number: number, cut: cut, kind, host: host, sink) }
            } else {
                frameLines(bytes, sink)
            }
            return
        }
        judgeAnsible(bytes, final: false, sink)
    }

    /// Whether the input is Ansible's output, judged on its first lines (`AnsibleOutput.judge`):
    /// its start is held until that is told, then read by the reader it calls for.
    @inline(never)
    private func judgeAnsible(_ bytes: UnsafeRawBufferPointer, final: Bool, _ sink: RecordSink) {
        let raw = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        let verdict: Bool?
        if ansibleHead.isEmpty {
            // (The usual first chunk tells at once: judged where it lies, not copied.)
            verdict = AnsibleOutput.judge(raw, final: final)
            if verdict == nil { ansibleHead.append(contentsOf: raw) }
        } else {
            ansibleHead.append(contentsOf: raw)
            // (A line not yet whole tells nothing new: judged again when one ends.)
            let tells = final || raw.baseAddress.map { memchr($0, 0x0A, raw.count) != nil } ?? false
                || ansibleHead.count >= AnsibleOutput.headLimit
            verdict = tells ? ansibleHead.withUnsafeBufferPointer { AnsibleOutput.judge($0, final: final) } : nil
        }
        guard let verdict else { return }
        ansibleJudged = true
        if verdict { ansible = AnsibleOutput() }
        let head = ansibleHead
        ansibleHead = []
        if head.isEmpty {
            if bytes.count > 0 { frame(bytes, sink) }
        } else {
            head.withUnsafeBytes { frame($0, sink) }
        }
    }

    /// A line of Ansible's output (see `AnsibleOutput`): a line of the router's log under the
    /// host its result names (as a relay's header would give it, unless the line names its own),
    /// Ansible's own line as console noise, another as it is.
    private func pushAnsible(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ kind: AnsibleOutput.Kind, host: [UInt8],
                             _ sink: RecordSink) {
        if kind == .tool {
            assembler.pushToolLine(number: number, cut: cut) { record, lines in handle(record, lines, sink) }
            return
        }
        if !host.isEmpty, !Self.namesOwnHost(line) {
            tagged.removeAll(keepingCapacity: true)
            RecordAssembler.appendHostHeader(host, to: &tagged)
            tagged.append(contentsOf: line)
            let relayed = tagged
            relayed.withUnsafeBufferPointer { l in assembler.push(l, number: number, cut: cut) { record, lines in handle(record, lines, sink) } }
            return
        }
        assembler.push(line, number: number, cut: cut) { record, lines in handle(record, lines, sink) }
    }

    /// Whether `text` is blank or names its router itself (a syslog relay's line): not put under
    /// the host a tool's tag or result names.
    private static func namesOwnHost(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.contains(where: { !ASCII.isSpace($0) && $0 != 0x0D }) else { return true }
        guard LineHeader.fast(text, from: 0) == nil else { return false }
        let h = LineHeader.parse(text, from: 0)
        return h.hostRange != nil || h.relayEnd >= 0
    }

    /// `frame` for an input that is no Ansible output: its lines through the framer.
    private func frameLines(_ bytes: UnsafeRawBufferPointer, _ sink: RecordSink) {
        if !quotedPrintableSeen { noteSoftBreaks(bytes) }
        if wrapScan != nil { scanWrap(bytes) }
        if doubledScan != nil { scanDoubled(bytes) }
        var bytes = bytes
        while headLinesLeft > 0 || learning, let base = bytes.baseAddress, let end = memchr(base, 0x0A, bytes.count) {
            // The first lines through the exports' reader, the rest as usual.
            let k = base.distance(to: UnsafeRawPointer(end)) + 1
            framer.feed(UnsafeRawBufferPointer(rebasing: bytes[..<k])) { line, number, cut in pushReadingExports(line, number: number, cut: cut, sink) }
            bytes = UnsafeRawBufferPointer(rebasing: bytes[k...])
        }
        // A plain-ASCII chunk (the usual case) spares the per-line encoding checks;
        // the line carried over from earlier chunks must be clean too.
        let clean = ByteScan.isASCIIWithoutNUL(bytes)
        assembler.linesKnownClean = clean && carryClean
        let hasLineEnd = bytes.baseAddress.map { memchr($0, 0x0A, bytes.count) != nil } ?? false
        carryClean = hasLineEnd ? clean : carryClean && clean
        // rsyslog's `#012` escapes: looked for in the chunk once, not on every line (the
        // line carried over from the chunk before counts if that chunk had one, or a `#`
        // at its very end).
        let raw = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        let escapes = ByteSearch.contains("#01", in: raw)
        assembler.escapesPossible = escapes || carryEscapes
        carryEscapes = escapes || raw.suffix(3).contains(UInt8(ascii: "#"))
        // Terminal codes: looked for in the chunk once (the carried line too, if it had one).
        let codes = raw.baseAddress.map { memchr($0, 0x1B, raw.count) != nil } ?? false
        assembler.terminalCodesPossible = codes || carryCodes
        carryCodes = hasLineEnd ? codes : carryCodes || codes
        // Backspaces and DELs (a terminal's erasing): the same.
        let erasing = raw.baseAddress.map { memchr($0, 0x08, raw.count) != nil || memchr($0, 0x7F, raw.count) != nil } ?? false
        assembler.backspacesPossible = erasing || carryErasing
        carryErasing = hasLineEnd ? erasing : carryErasing || erasing
        // HTML entities (`&nbsp;`, a log copied from a page's source): looked for the same way.
        // (Markdown's backslash escapes too: `IKE\_R\_MM5`.)
        let ampersands = raw.baseAddress.map {
            memchr($0, Int32(UInt8(ascii: "&")), raw.count) != nil || memchr($0, Int32(UInt8(ascii: "\\")), raw.count) != nil
        } ?? false
        assembler.entitiesPossible = ampersands || carryAmpersands
        carryAmpersands = hasLineEnd ? ampersands : carryAmpersands || ampersands
        // HTML tags (a log pasted from an HTML mail: `<p class=MsoPlainText>…</p>`, `<br />`).
        let markup = raw.baseAddress.map { memchr($0, Int32(UInt8(ascii: "<")), raw.count) != nil } ?? false
        assembler.markupPossible = markup || carryMarkup
        carryMarkup = hasLineEnd ? markup : carryMarkup || markup
        // Markdown's backticks (a log pasted in a chat: `` `*Mar  1 …` ``).
        let backticks = raw.baseAddress.map { memchr($0, Int32(UInt8(ascii: "`")), raw.count) != nil } ?? false
        assembler.backticksPossible = backticks || carryBackticks
        carryBackticks = hasLineEnd ? backticks : carryBackticks || backticks
        defer {
            assembler.linesKnownClean = false; assembler.escapesPossible = true; assembler.terminalCodesPossible = true
            assembler.entitiesPossible = true; assembler.markupPossible = true; assembler.backticksPossible = true
            assembler.backspacesPossible = true
        }
        // A JSON-lines export (a line that starts with `{`): looked for in the chunk once, and
        // its lines read by a loop of their own, so the usual one stays as lean as it was.
        // So is a CSV export's (a line that starts with `"`: Splunk's `"_raw","_time",…`).
        var json = quotedPrintableSeen || csvExport || jsonDocument != nil || grepPrefix != nil || capturePrefix != nil || learnedPrefix != nil || headLinesLeft > 0
            || learning || raw.first == UInt8(ascii: "{") || raw.first == ASCII.quote || carryJSON
        if !json, let base = raw.baseAddress {
            // (`{` and a quote at a line's start are rare in debug output: memchr for each, then
            // look at the byte before.)
            for mark in [UInt8(ascii: "{"), ASCII.quote] where !json {
                var p = 0
                while p < raw.count, let hit = memchr(base + p, Int32(mark), raw.count - p) {
                    let i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if i == 0 || base[i - 1] == ASCII.newline { json = true; break }
                    p = i + 1
                }
            }
        }
        carryJSON = raw.last.map { $0 != ASCII.newline } ?? false ? json : false
        if json {
            framer.feed(bytes) { line, number, cut in pushReadingExports(line, number: number, cut: cut, sink) }
            return
        }
        // (`self` lent to the closure unretained: it outlives the call. The line is pushed by a
        // method of its own: there `self` is held by the caller, where the closure's unretained
        // one was retained and released around every line to reach the assembler.)
        framer.feed(bytes) { [unowned(unsafe) self] line, number, cut in pushPlain(line, number: number, cut: cut, sink) }
    }

    /// The first lines, looked at before they are read for a wrap that indents its rests (see
    /// `WrapScan`); nil once told, or once enough lines showed none.
    private var wrapScan: WrapScan? = WrapScan()

    /// Looks at the chunk's lines for a wrap before they are read: when they show one, the
    /// assembler reads them, and every line after, with it.
    private func scanWrap(_ bytes: UnsafeRawBufferPointer) {
        wrapScan!.observe(bytes)
        if let wrap = wrapScan!.wrap {
            assembler.presetWrap(wrap, doubleSpaced: wrapScan!.doubleSpaced)
            wrapScan = nil
        } else if wrapScan!.done {
            wrapScan = nil
        }
    }

    /// The first lines, looked at before they are read for a log whose every line came twice
    /// (see `DoubledScan`); nil once it told.
    private var doubledScan: DoubledScan? = DoubledScan()

    private func scanDoubled(_ bytes: UnsafeRawBufferPointer) {
        doubledScan!.observe(bytes)
        guard let doubled = doubledScan!.verdict else { return }
        if doubled { assembler.presetDoubled() }
        doubledScan = nil
    }

    /// One line of the usual input, pushed to the assembler.
    @inline(never)
    private func pushPlain(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) {
        assembler.push(line, number: number, cut: cut) { [unowned(unsafe) self] record, lines in handle(record, lines, sink) }
    }

    /// A mail's quoted-printable body (see `QuotedPrintable`): looked for once a chunk showed a
    /// line ending in `=` (a soft break), then every line goes through it.
    private var quotedPrintable = QuotedPrintable()
    private var quotedPrintableSeen = false
    /// The chunk before ended in `=` (its soft break's line end in this one).
    private var carrySoftBreak = false
    /// A line handed on by `quotedPrintable` is being read.
    private var readingDecoded = false

    /// Whether `bytes` show a line ending in `=`, a quoted-printable soft break (or may, with
    /// the chunk before).
    @inline(never)
    private func noteSoftBreaks(_ bytes: UnsafeRawBufferPointer) {
        let raw = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        if carrySoftBreak, let b = raw.first, b == ASCII.newline || b == 0x0D { quotedPrintableSeen = true }
        // (One pass over the chunk's `=`s: IOS prints some on many lines, `Old State = …`.)
        var k = 0
        while !quotedPrintableSeen, let e = ByteSearch.find("=", in: raw, from: k) {
            if e + 1 < raw.count, raw[e + 1] == ASCII.newline || raw[e + 1] == 0x0D && e + 2 < raw.count && raw[e + 2] == ASCII.newline {
                quotedPrintableSeen = true
            }
            k = e + 1
        }
        carrySoftBreak = raw.last == UInt8(ascii: "=") || raw.count >= 2 && raw[raw.count - 2] == UInt8(ascii: "=") && raw.last == 0x0D
    }

    /// A line `quotedPrintable` handed on (decoded, or as it was), read as any; the physical lines
    /// more that a soft break joined to it are counted.
    private func pushDecoded(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, extra: Int, _ sink: RecordSink) {
        readingDecoded = true
        defer { readingDecoded = false }
        // (Decoded, or held from another chunk: not known to be plain ASCII, nor free of tags.)
        withoutChunkHints { pushReadingExports(line, number: number, cut: cut, sink) }
        if extra > 0 { assembler.countJoinedLines(extra) }
    }

    /// A line that may be a JSON export's (`{…"message":…}`) or a CSV export's (`"<the line>",…`),
    /// else the usual one.
    private func pushReadingExports(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) {
        if quotedPrintableSeen, !readingDecoded {
            quotedPrintable.feed(line, number: number, cut: cut) { l, n, c, extra in
                if l.baseAddress == line.baseAddress, extra == 0 {
                    // (This line as it is: read under this chunk's hints.)
                    readingDecoded = true
                    pushReadingExports(l, number: n, cut: c, sink)
                    readingDecoded = false
                } else {
                    pushDecoded(l, number: n, cut: c, extra: extra, sink)
                }
            }
            return
        }
        if !sawContent, !line.allSatisfy({ ASCII.isSpace($0) || $0 == 0x0D }) {
            sawContent = true
            if JSONDocument.opens(line) {
                releaseHead(sink)
                jsonDocument = JSONDocument()
                jsonNextLine = number
                headLinesLeft = 0
            }
        }
        if jsonDocument != nil {
            pushJSONDocument(line, number: number, cut: cut, sink)
            return
        }
        if headLinesLeft > 0 {
            // (A CSV export's header row is its first line: `@timestamp,host.name,message`.)
            if headLinesLeft == Self.headLines, RecordAssembler.csvHeaderRow(line) != nil
                || line.first == ASCII.quote && RecordAssembler.quotesOpen(line) && RecordAssembler.csvFields(line) == nil {
                // (Or a row without its header whose quoted field goes on past the line's end.)
                csvExport = true
            }
            headLinesLeft -= 1
            if csvExport { learning = false }
            if !csvExport, grepPrefix == nil, capturePrefix == nil, learnedPrefix == nil {
                if let p = GrepPrefix.detect(line) {
                    // (Set first: the lines held before this one have it too.)
                    grepPrefix = p
                    releaseHead(sink)
                    headLinesLeft = 0
                    // (Its lines after the learning one still come here to be checked.)
                    grepChecksLeft = 8
                } else if let p = CapturePrefix.detect(line) {
                    // (Set first: the lines held before this one have it too.)
                    capturePrefix = p
                    releaseHead(sink)
                    headLinesLeft = 0
                }
            }
        } else if grepChecksLeft > 0, var p = grepPrefix, !p.named {
            grepChecksLeft -= 1
            if p.lineStart(line).start == 0, !line.isEmpty, !(line.count == 2 && line[0] == ASCII.minus && line[1] == ASCII.minus) {
                grepPrefix = nil
                grepChecksLeft = 0
            }
        }
        if learning, learn(line, number: number, cut: cut, sink) { return }
        if capturePrefix != nil {
            // (A line a terminal cut is measured without it: the tool put it on each piece.)
            let k = capturePrefix!.lineStart(line)
            // (A message the router printed no stamp on takes the tool's: the time it came.)
            if capturePrefix!.kind != .lineNumber, pushRestamped(line, from: k, number: number, cut: cut, sink) { return }
            assembler.push(UnsafeBufferPointer(rebasing: line[k...]), number: number, cut: cut) { record, lines in handle(record, lines, sink) }
            return
        }
        if grepPrefix != nil {
            let (k, name) = grepPrefix!.lineStart(line)
            if let name {
                // (Each file's lines under its own name, as a relay's header would give them.)
                let relayed = RecordAssembler.underHost(GrepPrefix.deviceName(UnsafeBufferPointer(rebasing: line[name])), line[k...])
                relayed.withUnsafeBufferPointer { l in assembler.push(l, number: number, cut: cut) { record, lines in handle(record, lines, sink) } }
                return
            }
            assembler.push(UnsafeBufferPointer(rebasing: line[k...]), number: number, cut: cut) { record, lines in handle(record, lines, sink) }
            return
        }
        if hostTag != nil {
            holdTagged(line, number: number, cut: cut, sink)
            return
        }
        if learnedPrefix != nil {
            pushLearned(line, number: number, cut: cut, sink)
            return
        }
        pushAsUsual(line, number: number, cut: cut, sink)
    }

    /// A line no prefix was learned for: a JSON or CSV export's, else the usual one.
    private func pushAsUsual(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) {
        if line.first == UInt8(ascii: "{"), assembler.pushJSONExport(line, number: number, cut: cut, { record, lines in handle(record, lines, sink) }) { return }
        if line.first == ASCII.quote || csvExport || assembler.csvRowOpen, assembler.pushCSVExport(line, number: number, cut: cut, { record, lines in handle(record, lines, sink) }) { return }
        assembler.push(line, number: number, cut: cut) { record, lines in handle(record, lines, sink) }
    }

    /// One of the first lines while an unknown prefix may still be learned (see `heldHead`):
    /// held; or, this line's prefix of the shape of one before, learned, and the held lines and
    /// this one read behind it. False when learning ends here and the line is read as usual.
    private func learn(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) -> Bool {
        // (A line after one as long as the longest so far, when three lines or more were that long
        // — a terminal's width — may be the rest of a line the terminal cut: what stands before a
        // message in it is the cut line's text, `Thread` / `:000 TS:0000006118… %IPSEC-…`, no
        // tool's prefix, though every such message is cut alike.)
        let mayBeRest = headPrevious >= 40 && headPrevious == headLongest && headLongestCount >= 3
        headPrevious = line.count
        if line.count > headLongest { (headLongest, headLongestCount) = (line.count, 0) }
        if line.count == headLongest { headLongestCount += 1 }
        if !mayBeRest, let p = LearnedPrefix.detect(line) {
            if headShapes.contains(p) {
                learnedPrefix = p
                learning = false
                headLinesLeft = 0
                headShapes = []
                let k = p.lineStart(line)
                if var tag = HostTag(line, before: k) {
                    // A word in it may name each line's router: judged on the lines so far and
                    // the next ones, held meanwhile.
                    for h in heldHead { h.line.withUnsafeBufferPointer { tag.observe($0, before: p.lineStart($0)) } }
                    tag.observe(line, before: k)
                    hostTag = tag
                    heldHead.append((Array(line), number, cut))
                    return true
                }
                let held = heldHead
                heldHead = []
                withoutChunkHints {
                    for h in held { h.line.withUnsafeBufferPointer { pushLearned($0, number: h.number, cut: h.cut, sink) } }
                }
                pushLearned(line, number: number, cut: cut, sink)
                return true
            }
            headShapes.append(p)
        } else if headShapes.isEmpty, line.first == UInt8(ascii: "{") || line.first == ASCII.quote || LearnedPrefix.readsAsIs(line) {
            // A message as the router (or a relay) wrote it, or an export's line, before any line to learn from.
            releaseHead(sink)
            return false
        }
        heldHead.append((Array(line), number, cut))
        learningLinesLeft -= 1
        if learningLinesLeft == 0 { releaseHead(sink) }
        return true
    }

    /// Ends learning a prefix (see `heldHead`): the lines held are read as they are.
    private func releaseHead(_ sink: RecordSink) {
        if hostTag != nil { releaseTagged(sink); return }
        learning = false
        guard !heldHead.isEmpty else { return }
        let held = heldHead
        heldHead = []
        withoutChunkHints {
            for h in held {
                h.line.withUnsafeBufferPointer { line in
                    // A line number before each line (`cat -n`, an editor's gutter, `grep -n`), learned
                    // from a later line: taken off the held ones too, so that their lengths are the
                    // router's (a terminal's width learned from them, its cuts joined after).
                    if let p = capturePrefix, p.kind == .lineNumber {
                        assembler.push(UnsafeBufferPointer(rebasing: line[p.headLineStart(line)...]), number: h.number, cut: h.cut) { record, lines in handle(record, lines, sink) }
                    } else if var g = grepPrefix, !g.named {
                        assembler.push(UnsafeBufferPointer(rebasing: line[g.lineStart(line).start...]), number: h.number, cut: h.cut) { record, lines in handle(record, lines, sink) }
                    } else {
                        pushAsUsual(line, number: h.number, cut: h.cut, sink)
                    }
                }
            }
        }
    }

    /// A line while the learned prefix's words are judged as a host's tag (see `hostTag`): held,
    /// and all the held lines read once the `HostTag.window`th is.
    private func holdTagged(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) {
        hostTag!.observe(line, before: learnedPrefix!.lineStart(line))
        heldHead.append((Array(line), number, cut))
        if heldHead.count >= Self.learningLines + HostTag.window || hostTag!.lines >= HostTag.window { releaseTagged(sink) }
    }

    /// Ends judging the learned prefix's words (see `hostTag`): the lines held are read behind
    /// the prefix, under their routers' names when a word names them.
    private func releaseTagged(_ sink: RecordSink) {
        hostWord = hostTag!.hostWord
        hostTag = nil
        let held = heldHead
        heldHead = []
        withoutChunkHints {
            for h in held { h.line.withUnsafeBufferPointer { pushLearned($0, number: h.number, cut: h.cut, sink) } }
        }
    }

    /// Runs `body` with the assembler's hints about the chunk being read taken back (lines held
    /// from an earlier chunk are not known to be clean ASCII, nor free of escapes or codes).
    private func withoutChunkHints(_ body: () -> Void) {
        let hints = (assembler.linesKnownClean, assembler.escapesPossible, assembler.terminalCodesPossible,
                     assembler.entitiesPossible, assembler.markupPossible, assembler.backticksPossible, assembler.backspacesPossible)
        assembler.linesKnownClean = false; assembler.escapesPossible = true; assembler.terminalCodesPossible = true
        assembler.entitiesPossible = true; assembler.markupPossible = true; assembler.backticksPossible = true
        assembler.backspacesPossible = true
        body()
        (assembler.linesKnownClean, assembler.escapesPossible, assembler.terminalCodesPossible,
         assembler.entitiesPossible, assembler.markupPossible, assembler.backticksPossible, assembler.backspacesPossible) = hints
    }

    /// A line read behind the learned prefix (see `LearnedPrefix`), as the router printed it. A
    /// message the router printed no stamp on (IOS-XE's trace without `service timestamps`, the
    /// time in its prefix only) is given the prefix's date and time as its stamp. A line whose
    /// prefix names its router (see `HostTag`) is read under that router's name, as a relay's
    /// header would give it, unless the line names one itself (a relay's line behind the tag).
    private func pushLearned(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) {
        let k = learnedPrefix!.lineStart(line)
        if let w = hostWord, k > 0, k < line.count, let host = HostTag.word(w, in: line, before: k),
           pushUnderHost(line, host: host, from: k, number: number, cut: cut, sink) {
            return
        }
        if pushRestamped(line, from: k, number: number, cut: cut, sink) { return }
        assembler.push(UnsafeBufferPointer(rebasing: line[k...]), number: number, cut: cut) { record, lines in handle(record, lines, sink) }
    }

    /// `line[k...]` under the host `line[host]` names (see `pushLearned`); false when it is
    /// blank or names its own.
    private func pushUnderHost(_ line: UnsafeBufferPointer<UInt8>, host: Range<Int>, from k: Int, number: Int, cut: Bool,
                               _ sink: RecordSink) -> Bool {
        let rest = UnsafeBufferPointer(rebasing: line[k...])
        guard !Self.namesOwnHost(rest) else { return false }
        tagged.removeAll(keepingCapacity: true)
        RecordAssembler.appendHostHeader(line[host], to: &tagged)
        // (A message the router printed no stamp on takes the prefix's, as in `pushRestamped`.)
        if restamp(line, from: k) { tagged.append(contentsOf: restamped) } else { tagged.append(contentsOf: rest) }
        let relayed = tagged
        relayed.withUnsafeBufferPointer { l in assembler.push(l, number: number, cut: cut) { record, lines in handle(record, lines, sink) } }
        return true
    }

    /// A router's message after a prefix (`line[..<k]`) that holds a date and time, when the
    /// router printed no stamp of its own (the message starts at `k`): read behind the prefix's
    /// stamp, as the router would have written it. False when the line is no such message.
    private func pushRestamped(_ line: UnsafeBufferPointer<UInt8>, from k: Int, number: Int, cut: Bool, _ sink: RecordSink) -> Bool {
        guard restamp(line, from: k) else { return false }
        let stamped = restamped
        stamped.withUnsafeBufferPointer { l in assembler.push(l, number: number, cut: cut) { record, lines in handle(record, lines, sink) } }
        return true
    }

    /// `line[k...]` behind the date and time of the prefix in front of it, in `restamped`, when
    /// it is a router's message without a stamp of its own; the assembler told how many bytes
    /// the stamp added (a terminal's cut is measured without them). False when it is no such
    /// message.
    private func restamp(_ line: UnsafeBufferPointer<UInt8>, from k: Int) -> Bool {
        guard k > 0, k < line.count, BodyPrefix.known(ByteCursor(line, from: k)), let stamp = LearnedPrefix.stamp(line, before: k) else { return false }
        LearnedPrefix.stamped(UnsafeBufferPointer(rebasing: line[k...]), stamp, into: &restamped)
        assembler.stampAdded = restamped.count - (line.count - k)
        return true
    }

    /// A line of a JSON document: its events' objects are read as a JSON-lines export's lines,
    /// each numbered by its object's first line; the document's other lines are blank lines to
    /// the assembler (every line counted once, in order). A line outside the document (after
    /// it closed) is read as usual.
    private func pushJSONDocument(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, _ sink: RecordSink) {
        jsonLastLine = number
        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        if jsonDocument!.isClosed, i < line.count, line[i] != UInt8(ascii: "{"), line[i] != UInt8(ascii: "[") {
            pushBlankLines(upTo: number, sink)
            assembler.push(line, number: number, cut: cut) { record, lines in handle(record, lines, sink) }
            jsonNextLine = number + 1
            return
        }
        for (object, first) in jsonDocument!.feed(line, number: number) {
            pushBlankLines(upTo: first, sink)
            let n = max(first, jsonNextLine)
            let read = object.withUnsafeBufferPointer { o in
                assembler.pushJSONExport(o, number: n, cut: false, { record, lines in handle(record, lines, sink) })
            }
            if !read { assembler.push(UnsafeBufferPointer(start: nil, count: 0), number: n, cut: false) { record, lines in handle(record, lines, sink) } }
            jsonNextLine = n + 1
        }
        pushBlankLines(upTo: min(jsonDocument!.heldFrom ?? (number + 1), number + 1), sink)
    }

    /// The document's lines before `number` not yet handed on, as blank lines.
    private func pushBlankLines(upTo number: Int, _ sink: RecordSink) {
        while jsonNextLine < number {
            assembler.push(UnsafeBufferPointer(start: nil, count: 0), number: jsonNextLine, cut: false) { record, lines in handle(record, lines, sink) }
            jsonNextLine += 1
        }
    }

    /// Reads a record, unless it repeats one read before, in a second copy of the log (see
    /// `ReplayFilter`): held while that is not sure yet, then dropped or read after all.
    private func handle(_ record: Record, _ unrecognizedLines: Int, _ sink: RecordSink) {
        let (verdict, release) = replays.judge(record)
        if release {
            for r in replays.takeHeld(device: record.device) { readHeld(r, sink) }
        }
        switch verdict {
        case .read: handOn(record, unrecognizedLines, sink)
        // (Its lines are counted as noise when dropped, or as read when given back.)
        case .hold, .drop: break
        }
    }

    /// A record held by `replays` and given back: read, its lines counted as unrecognized if
    /// the parser does not understand it (nothing was counted for it when it was held).
    private func readHeld(_ record: Record, _ sink: RecordSink) {
        handOn(record, record.lineCount, sink)
    }


    private func handOn(_ record: Record, _ unrecognizedLines: Int, _ sink: RecordSink) {
        record.text.withUnsafeBufferPointer { sink(record, $0, unrecognizedLines) }
    }

    // The parser's part: on the correlation side, or for streaming output on the parse thread
    // (one of them for a whole input; the records `finish` hands on, on the correlation side
    // once the parse thread is done).


    /// The text an event keeps (`needsText`), as the report shows it.
    static func text(_ text: UnsafeBufferPointer<UInt8>, lines: Int, facility: Facility) -> String {
        Record.displayText(of: text, configuration: Record.mayHoldConfiguration(lines: lines, facility: facility))
    }
}

/// The whole path for one input: bytes → lines → records → events → SA
/// timelines → findings. Feed chunks of any size, then `finishAll`. Memory
/// stays bounded by the longest line plus what the timelines keep per SA.
///
/// With `parallel`, the parse stage's bytes-to-records half runs on a second
/// thread up to `parseAhead` chunks ahead of the correlation side, which parses
/// the records into events and correlates them (for streaming output, which
/// diagnoses and writes each SA as it concludes, the parse thread parses too):
/// two cores, the two halves about even; the result is the same, in the same order.
public final class LogAnalyzer {
    public let file: String
    private let stage: ParseStage
    /// The stage's parser, held here: reading it through `stage` read a cache line the parse
    /// thread keeps changing (see `ParserSide`).
    private let parser: ParserSide
    /// One correlator per device: index 0 for lines that name no host, then
    /// one per host a syslog header names (a syslog server's file mixes routers).
    private var correlators: [Correlator]
    private var hostLines: [Int] = [0]
    private var hostUnrecognized: [Int] = [0]
    /// Console lines that are events as well (a ping's summary, an operator's `clear`), by host:
    /// the assembler counts them as noise of the whole input, and they are the host's.
    private var hostNoise: [Int] = [0]
    /// Receives every event as it is parsed (for `ikelens events`).
    private let onEvent: ((Event) -> Void)?
    private let diagnosis = SADiagnosis()
    /// The device-wide rules: every rule, `unexplained-failure`'s (lone syslog failures) too.
    private var deviceRules: [any Diagnoser] { diagnosis.rules + [diagnosis.fallback] }
    /// Receives each finding as soon as its SA concludes (streaming output).
    public var onFinding: ((Finding) -> Void)?
    /// Receives each SA when it concludes (streaming output), with its findings.
    public var onConcluded: ((SecurityAssociation) -> Void)?
    /// Receives, in streaming output, each failure told before that a later SA to the same peer
    /// turned out to recover (see `Recovery`), as that SA comes up.
    public var onRecovered: ((RecoveryNote) -> Void)?
    private var recoveryWatch = RecoveryWatch()
    /// Streaming: IKEv2 SAs this router answered with `INVALID_KE_PAYLOAD` (it asked the peer
    /// for another DH group), held with their slot until the log tells whether a later session
    /// from that peer came up. The whole report judges such an SA by the device's other SAs
    /// (`ikev2-no-proposal-chosen` when no retry came up); an SA concluding sees none, so its
    /// finding waits here: dropped when a later SA to the peer is up, told at the end of the
    /// input (a log cut short after the refusal, an initiator that never retried). Bounded: past
    /// `maxGroupAsks` the oldest is judged at once, by what the log showed so far.
    private var groupAsks: [(slot: Int, sa: SecurityAssociation)] = []
    static let maxGroupAsks = 1024
    /// Streaming: per device slot and peer, the first line of the latest SA seen up (a later
    /// group ask's retry may have concluded before it, in the same chunk). Bounded as `groupAsks`'
    /// peers are: cleared past `maxUpPeers`.
    private var upSince: [Int: [String: Int]] = [:]
    static let maxUpPeers = 16_384
    /// Diagnose SAs as they conclude even on small logs (streaming output).
    public var streaming = false
    /// Streaming output: drop each SA once reported, so memory stays bounded.
    public var retireReported = false {
        didSet { for i in correlators.indices { correlators[i].boundsOpenSAs = retireReported } }
    }
    /// Keep the rendered timeline of an SA with findings when its events are released
    /// (only the text report shows it: JSON and NDJSON output set this off).
    public var keepsTimelines = true
    /// Parse on a second thread (see the type's documentation).
    public let parallel: Bool
    private var pendingDiagnoses: [(Int, Int)] = []
    /// Streaming: tunnels the router logged up (`Recovery.loggedUp`), told among the diagnoses
    /// pending with them, after those of the SAs that began before the message (an SA up in the
    /// same chunk is the one to name; see `drainDiagnoses`).
    private var pendingLoggedUps: [(slot: Int, event: Event)] = []
    /// Host names as far as the parse stage has seen them (read on this side only).
    private var hostName: String?
    private var hosts: [String] = []
    private var hostsJoined = false
    private let queue = DispatchQueue(label: "ikelens.parse")
    /// Chunks handed to the parse thread and not yet correlated, oldest first: the parse
    /// thread may run `parseAhead` chunks ahead of the correlation (one for streaming output),
    /// so neither waits for the other when one chunk takes one side longer than the last.
    private var inFlight: [Batch] = []
    /// Batches correlated, to take the next chunks (their buffers grown already).
    private var idle: [Batch] = []
    static let parseAhead = 2

    /// One chunk's trip between threads: its bytes, the records the parse thread made of
    /// them, and what the parse stage knew after it.
    private final class Batch: @unchecked Sendable {
        /// The chunk's records, when the correlation side parses them (the full report).
        var records: HandoverQueue<HandedRecord>?
        /// The chunk's events, when the parse thread parses them too (streaming output).
        var events: HandoverQueue<HandedEvent>?
        /// The chunk the parse thread reads (a copy: the caller's buffer is reused).
        let chunk = ChunkCopy()
        /// Signalled when the parse thread is done with the chunk.
        let parsed = DispatchSemaphore(value: 0)
        var hostName: String?
        var hosts: [String] = []
        var hostsJoined = false
        var binary: BinaryFormat?
    }

    /// SAs seen so far, on all devices of this input.
    public var saCount: Int { correlators.reduce(0) { $0 + $1.saSeen } }

    public var debugEvents: Int { stage.debugEvents }
    public var asaEvents: Int { stage.asaEvents }
    /// Unrecognized lines with a router's message behind an unknown prefix, before any debug
    /// record, and the first one's prefix (see `ParseStage.linesBehindUnknownPrefix`).
    public var linesBehindUnknownPrefix: Int { stage.linesBehindUnknownPrefix }
    public var unknownPrefix: String { String(decoding: stage.unknownPrefix, as: UTF8.self) }
    /// Set once the input shows it is not text (an executable, a compressed file,
    /// zeros): the rest of it is not parsed, and the reader can stop. With `parallel`
    /// it is seen a few chunks late (when the parse thread hands that chunk over).
    public private(set) var binary: BinaryFormat?
    /// Whether the input has been judged text or binary (a whole sample seen, or binary
    /// found); an input shorter than the sample is judged when it ends. (One thread only.)
    public var inputJudged: Bool { binary != nil || (!parallel && stage.inputJudged) }

    public init(file: String, keepAllText: Bool = false, parallel: Bool = false, onEvent: ((Event) -> Void)? = nil) {
        self.file = file
        self.stage = ParseStage(keepAllText: keepAllText)
        self.parser = stage.side
        self.correlators = [Correlator(device: file, file: file)]
        self.onEvent = onEvent
        self.parallel = parallel && onEvent == nil
    }

    /// The input read so far is all there is for now (a followed log at its end): judge whether
    /// it is text without waiting for a whole sample. (One thread only.)
    public func reachedEndForNow() {
        // (A log that grows is written oldest first: its order is not waited for.)
        if order == .unjudged { keepOrder() }
        guard !parallel, binary == nil else { return }
        stage.judgeInputSoFar()
        binary = stage.binary
    }

    /// Whether the input's order is known yet (see `NewestFirst`).
    private enum Order { case unjudged, oldestFirst, newestFirst }
    private var order = Order.unjudged
    /// The input's start, held until its order is judged; the whole input when it is newest first.
    private var held: [UInt8] = []
    /// The input was a log listed newest first, read turned round (oldest first).
    public private(set) var readNewestFirst = false
    /// The first and the last stamp of the records read (in the order read).
    public private(set) var firstStamp: Stamp?
    public private(set) var lastStamp: Stamp?

    public func feed(_ chunk: UnsafeRawBufferPointer) {
        if order == .oldestFirst { feedInOrder(chunk); return }
        feedJudgingOrder(chunk)
    }

    /// `feed` until the input's order is known, and for a log held to be turned round.
    @inline(never)
    private func feedJudgingOrder(_ chunk: UnsafeRawBufferPointer) {
        switch order {
        case .oldestFirst:
            feedInOrder(chunk)
        case .newestFirst:
            held.append(contentsOf: chunk)
        case .unjudged:
            // (Streaming output judges by the first chunk, whatever its size: a pipe's findings
            // are not held back for a sample.)
            if held.isEmpty, chunk.count >= NewestFirst.sampleBytes || streaming {
                // (The usual first chunk holds the whole sample: judged where it lies.)
                if NewestFirst.looksNewestFirst(UnsafeBufferPointer(start: chunk.baseAddress?.assumingMemoryBound(to: UInt8.self), count: min(chunk.count, NewestFirst.sampleBytes))) {
                    order = .newestFirst
                    readNewestFirst = true
                    held.append(contentsOf: chunk)
                } else {
                    order = .oldestFirst
                    feedInOrder(chunk)
                }
                return
            }
            held.append(contentsOf: chunk)
            if held.count >= NewestFirst.sampleBytes { judgeOrder() }
        }
    }

    /// Judges the order by the input's start: newest first, the input is held to the end and
    /// then read turned round; else what was held is read and the rest as it comes.
    @inline(never)
    private func judgeOrder() {
        if held.withUnsafeBufferPointer({ NewestFirst.looksNewestFirst(UnsafeBufferPointer(rebasing: $0.prefix(NewestFirst.sampleBytes))) }) {
            order = .newestFirst
            readNewestFirst = true
        } else {
            keepOrder()
        }
    }

    @inline(never)
    private func keepOrder() {
        order = .oldestFirst
        let start = held
        held = []
        start.withUnsafeBytes { feedInOrder($0) }
    }

    private func feedInOrder(_ chunk: UnsafeRawBufferPointer) {
        if binary != nil { return }
        guard parallel else {
            stage.run(chunk) { read($0, $1, unrecognizedLines: $2) }
            binary = stage.binary
            syncHosts()
            drainDiagnoses()
            return
        }
        // Start this chunk; correlate the oldest once the parse thread has enough ahead.
        let batch = idle.popLast() ?? Batch()
        batch.chunk.fill(chunk)
        let stage = self.stage
        // (Streaming: the correlating side diagnoses and writes each SA as it concludes, and the
        // parser is the parse thread's; else the correlating side parses, and writes the report
        // when the input ends: the two threads' work comes out about even either way.)
        let parseHere = streaming
        queue.async {
            if parseHere {
                let events = batch.events ?? HandoverQueue(textCapacity: 1 << 16)
                batch.events = events
                stage.run(batch.chunk.bytes) { record, text, lines in
                    var needsText = false
                    // (The event made where it is handed on, and `needsText` read after: no copy of it.)
                    events.append(HandedEvent(event: stage.side.event(of: record, text, unrecognizedLines: lines, makingText: false, needsText: &needsText),
                                              slot: Int32(truncatingIfNeeded: record.device), lines: Int32(clamping: record.lineCount)),
                                  text: needsText ? text : nil)
                }
            } else {
                let records = batch.records ?? HandoverQueue(textCapacity: 1 << 20)
                batch.records = records
                stage.run(batch.chunk.bytes) { records.append(HandedRecord($0, unrecognizedLines: $2), text: $1) }
            }
            batch.hostName = stage.assembler.hostName
            batch.hosts = stage.assembler.hosts
            batch.hostsJoined = stage.assembler.hostlessLinesJoinHosts
            batch.binary = stage.binary
            batch.parsed.signal()
        }
        inFlight.append(batch)
        // (Streaming output keeps one chunk ahead: its memory is bounded whatever the input's
        // size, and each batch's events and bytes count in it.)
        if inFlight.count > (streaming ? 1 : Self.parseAhead) { correlateOldest() }
    }

    /// Waits for the oldest chunk in flight to be parsed, and correlates its records.
    private func correlateOldest() {
        let batch = inFlight.removeFirst()
        batch.parsed.wait()
        binary = batch.binary
        (hostName, hosts, hostsJoined) = (batch.hostName, batch.hosts, batch.hostsJoined)
        batch.records?.drain { handed, text in
            read(handed.record, text ?? UnsafeBufferPointer(start: nil, count: 0), unrecognizedLines: handed.unrecognizedLines)
        }
        batch.events?.drain(prepare: { $0.event.text = ParseStage.text($1, lines: Int($0.lines), facility: $0.event.facility) }) { handed, _ in
            let (slot, lines) = (Int(handed.slot), Int(handed.lines))
            consume(handed.take(), slot: slot, lineCount: lines)
        }
        idle.append(batch)
        drainDiagnoses()
    }

    public func feed(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feed($0) }
    }

    private func syncHosts() {
        hostName = stage.assembler.hostName
        hostsJoined = stage.assembler.hostlessLinesJoinHosts
        // (A host may be renamed: a part of a log split by separator lines, named by its prompt.)
        if stage.assembler.hosts != hosts { hosts = stage.assembler.hosts }
    }

    private func drainDiagnoses() {
        guard !pendingDiagnoses.isEmpty || !pendingLoggedUps.isEmpty else { return }
        let pending = pendingDiagnoses
        pendingDiagnoses.removeAll(keepingCapacity: true)
        var seen = Set<Int>()
        // A tunnel logged up is told after the SAs that began before its message (the SA it is
        // about, up in the same chunk, is the one to name), and before those that began after
        // it, which it cannot recover: a chunk that holds a tunnel flapping a dozen times recovers
        // each failure, as the whole report does. (Told all after the chunk's SAs, the failures
        // of the first flaps were forgotten, `RecoveryWatch.perPeer` per peer, before any
        // message came: they stayed errors.)
        var up = 0
        func loggedUps(before line: Int) {
            guard let onRecovered else { return }
            while up < pendingLoggedUps.count, pendingLoggedUps[up].event.firstLine < line {
                let (slot, e) = pendingLoggedUps[up]
                up += 1
                for note in recoveryWatch.loggedUp(e, slot: slot, device: deviceName(slot)) { onRecovered(note) }
            }
        }
        for (slot, idx) in pending where seen.insert(slot << 40 | idx).inserted && !correlators[slot].isRetired(idx) {
            if up < pendingLoggedUps.count { loggedUps(before: correlators[slot].sas[idx].firstLine) }
            diagnoseSA(slot, idx, release: correlators[slot].isBusy)
        }
        loggedUps(before: .max)
        pendingLoggedUps.removeAll(keepingCapacity: true)
        if retireReported {
            for slot in correlators.indices { correlators[slot].collectRetired() }
        }
    }

    /// A record the parse stage handed on: parsed here (see `ParserSide.event(of:)`), then correlated.
    private func read(_ record: Record, _ text: UnsafeBufferPointer<UInt8>, unrecognizedLines: Int) {
        var needsText = false
        consume(parser.event(of: record, text, unrecognizedLines: unrecognizedLines, needsText: &needsText), slot: record.device, lineCount: record.lineCount)
    }

    private func consume(_ event: consuming Event, slot: Int, lineCount: Int) {
        onEvent?(event)
        if let s = event.stamp {
            if firstStamp == nil { firstStamp = s }
            lastStamp = s
        }
        while correlators.count <= slot {
            correlators.append(Correlator(device: file, file: file))
            correlators[correlators.count - 1].boundsOpenSAs = retireReported
            hostLines.append(0)
            hostUnrecognized.append(0)
            hostNoise.append(0)
        }
        if slot > 0 {
            hostLines[slot] += lineCount
            if event.kind.isUnrecognized { hostUnrecognized[slot] += lineCount }
            switch event.kind {
            case .pingResult, .operatorClear: hostNoise[slot] += lineCount
            default: break
            }
        }
        if streaming, onRecovered != nil, case .syslog = event.kind, Recovery.loggedUp(event) != nil {
            pendingLoggedUps.append((slot, copy event))
            if pendingLoggedUps.count >= 1024 { drainDiagnoses() }
        }
        correlators[slot].add(event)
        // (Most events conclude no SA: no array handed over for them.)
        guard correlators[slot].hasConcluded else { return }
        let done = correlators[slot].takeConcluded()
        if !done.isEmpty, streaming || correlators[slot].isBusy {
            // Diagnosed after the chunk (the device's name may still come), or sooner when a
            // chunk concludes thousands (a flood of short exchanges): memory stays bounded.
            for idx in done { pendingDiagnoses.append((slot, idx)) }
            if pendingDiagnoses.count >= 1024, retireReported { drainDiagnoses() }
        }
    }

    /// Ends the input; returns the device's timeline (SAs not yet diagnosed).
    public func finish() -> DeviceTimeline {
        finishAll()[0]
    }

    /// Ends the input; one timeline per device the input holds: usually one, several when a
    /// syslog server's file names several routers.
    public func finishAll() -> [DeviceTimeline] {
        if order == .unjudged { judgeOrder() }
        if order == .newestFirst {
            let turned = NewestFirst.oldestFirst(held)
            held = []
            order = .oldestFirst
            turned.withUnsafeBytes { feedInOrder($0) }
        }
        while !inFlight.isEmpty { correlateOldest() }
        stage.finish { read($0, $1, unrecognizedLines: $2) }
        binary = stage.binary
        syncHosts()
        drainDiagnoses()
        for i in correlators.indices { correlators[i].finish() }
        var devices: [DeviceTimeline] = []
        var rest = stage.stats
        (rest.repeated, rest.repeatedStretches, rest.repeatedStretchCount) = stage.copied(device: 0)
        for slot in correlators.indices.dropFirst() {
            var stats = InputStats()
            // (A copy's lines were handed on to no correlator: they are the device's noise.)
            (stats.repeated, stats.repeatedStretches, stats.repeatedStretchCount) = stage.copied(device: slot)
            stats.lines = hostLines[slot] + stats.repeated
            stats.noise = stats.repeated + hostNoise[slot]
            stats.unrecognized = hostUnrecognized[slot]
            rest.lines -= stats.lines
            rest.unrecognized -= stats.unrecognized
            // (The assembler counted its console lines that are events as noise of the whole
            // input; a copy's lines it counted as read.)
            rest.noise -= hostNoise[slot]
            // (A log split by its prompts or separator lines: the part's console lines are its own.)
            let partNoise = slot < stage.assembler.partNoise.count ? stage.assembler.partNoise[slot] : 0
            let partBlank = slot < stage.assembler.partBlank.count ? stage.assembler.partBlank[slot] : 0
            stats.lines += partNoise
            stats.noise += partNoise
            stats.blank += partBlank
            rest.lines -= partNoise
            rest.noise -= partNoise
            rest.blank -= partBlank
            devices.append(timeline(slot, name: deviceName(slot), stats: stats))
        }
        // (Streaming: its SAs may all be dropped once reported, but a group ask held for it is told with it.)
        if devices.isEmpty || hostsJoined || !correlators[0].sas.isEmpty || !correlators[0].unattributed.isEmpty
            || groupAsks.contains(where: { $0.slot == 0 }) {
            // (Device 0 is the first host's when the hosts are the log's own devices.)
            devices.insert(timeline(0, name: deviceName(0), stats: rest), at: 0)
        } else {
            // Only noise without a host: it belongs to the (first) router's file all the same.
            var s = devices[0].stats
            s.lines += rest.lines; s.unrecognized += rest.unrecognized; s.noise += rest.noise; s.blank += rest.blank
            s.truncated = rest.truncated; s.invalidUTF8 = rest.invalidUTF8; s.nul = rest.nul; s.bytes = rest.bytes
            s.repeated += rest.repeated; s.repeatedStretches += rest.repeatedStretches; s.repeatedStretchCount += rest.repeatedStretchCount
            devices[0].stats = s
        }
        if readNewestFirst { for i in devices.indices { devices[i].stats.newestFirst = true } }
        return devices
    }

    /// The device's name as far as the log has shown it.
    private func deviceName(_ slot: Int) -> String {
        RecordAssembler.deviceName(slot, hosts: hosts, hostName: hostName, joined: hostsJoined) ?? Self.baseName(file)
    }

    private func diagnoseSA(_ slot: Int, _ idx: Int, release: Bool) {
        // The SA diagnosed where it lies, not copied; streaming output also weighs it as it was
        // before its events are released (group asks, recovery, the news it brings): a copy then.
        let view = DeviceTimeline(name: deviceName(slot), file: file, stats: InputStats(), sas: [], unattributed: [])
        correlators[slot].setDevice(idx, view.name)
        let fresh = correlators[slot].withSA(idx) { sa in diagnosis.findings(sa, on: view).filter { !sa.findingIds.contains($0.id) } }
        guard streaming || onRecovered != nil || onConcluded != nil else {
            correlators[slot].recordDiagnosis(idx, findings: fresh, release: release, keepTimeline: keepsTimelines)
            for f in fresh { onFinding?(f) }
            return
        }
        let sa = correlators[slot].sa(idx)
        if streaming { noteGroupAsk(sa, slot: slot, findings: fresh) }
        correlators[slot].recordDiagnosis(idx, findings: fresh, release: release, keepTimeline: keepsTimelines)
        for f in fresh { onFinding?(f) }
        if let onRecovered {
            for note in recoveryWatch.concluded(sa, slot: slot, device: view.name, findings: fresh) { onRecovered(note) }
        }
        if let onConcluded {
            // An SA reported before (still up then) is reported again only with news: a new
            // finding, or its end; a routine rekey, or the same failure retried, is not.
            let news = sa.dormantGeneration == 0 || !fresh.isEmpty || sa.ended
            if news {
                var done = correlators[slot].sa(idx)
                done.device = view.name
                onConcluded(done)
            }
            if retireReported { correlators[slot].reported(idx) }
        }
    }

    /// Streaming: an IKEv2 SA up drops the group asks it answers (`groupAsks`); one that asked
    /// the peer for another DH group, and was told nothing for it, is held (see `groupAsks`).
    private func noteGroupAsk(_ sa: SecurityAssociation, slot: Int, findings: [Finding]) {
        guard sa.version == 2, let peer = sa.peer else { return }
        if sa.established {
            if upSince[slot, default: [:]].count >= Self.maxUpPeers { upSince[slot] = [:] }
            upSince[slot, default: [:]][peer] = max(upSince[slot]?[peer] ?? 0, sa.firstLine)
            groupAsks.removeAll { $0.slot == slot && $0.sa.peer == peer && $0.sa.firstLine < sa.firstLine }
            return
        }
        guard sa.v2AskedForAnotherGroup, !findings.contains(where: { $0.id == IKEv2NoProposalChosenDiagnoser.description.id }),
              !sa.findingIds.contains(IKEv2NoProposalChosenDiagnoser.description.id),
              (upSince[slot]?[peer] ?? 0) <= sa.firstLine,
              !groupAsks.contains(where: { $0.slot == slot && $0.sa.number == sa.number }) else { return }
        groupAsks.append((slot, sa))
        if groupAsks.count > Self.maxGroupAsks {
            let oldest = groupAsks.removeFirst()
            judgeGroupAsk(oldest.sa, slot: oldest.slot, others: [])
        }
    }

    /// A held group ask (`groupAsks`) judged as the whole report judges it, on the device's SAs
    /// in hand (`others`) and those held: its finding, if any, told, and the SA reported again
    /// with it.
    private func judgeGroupAsk(_ held: SecurityAssociation, slot: Int, others: [SecurityAssociation]) {
        var sa = held
        var view = DeviceTimeline(name: deviceName(slot), file: file, stats: InputStats(), sas: others, unattributed: [])
        (view.lastStamp, view.lastEventLine) = (correlators[slot].lastStamp, correlators[slot].lastEventLine)
        view.sas += groupAsks.filter { $0.slot == slot }.map(\.sa)
        if !view.sas.contains(where: { $0.number == sa.number }) { view.sas.append(sa) }
        sa.device = view.name
        let fresh = diagnosis.findings(sa, on: view).filter { !sa.findingIds.contains($0.id) }
        guard !fresh.isEmpty else { return }
        sa.findings += fresh
        sa.findingIds += fresh.map(\.id)
        for f in fresh { onFinding?(f) }
        if let onRecovered {
            for note in recoveryWatch.concluded(sa, slot: slot, device: view.name, findings: fresh) { onRecovered(note) }
        }
        onConcluded?(sa)
    }

    /// The device's timeline, diagnosed; its SAs move out of the correlator (no copy).
    private func timeline(_ slot: Int, name: String, stats: InputStats) -> DeviceTimeline {
        var sas = correlators[slot].takeSAs()
        for i in sas.indices { sas[i].device = name }
        var device = DeviceTimeline(name: name, file: file, stats: stats, sas: sas, unattributed: correlators[slot].unattributed)
        device.unattributedMore = correlators[slot].unattributedMore
        device.peersLetGo = correlators[slot].peersOfSAsLetGo
        (device.lastStamp, device.lastEventLine) = (correlators[slot].lastStamp, correlators[slot].lastEventLine)
        sas = []
        // SAs not diagnosed yet (still open, or with events since their diagnosis).
        for i in device.sas.indices where device.sas[i].needsDiagnosis || device.sas[i].findings.isEmpty && device.sas[i].findingIds.isEmpty {
            let sa = device.sas[i]
            var fresh: [Finding] = []
            for f in diagnosis.findings(sa, on: device) where !device.sas[i].findingIds.contains(f.id) {
                device.sas[i].findings.append(f)
                device.sas[i].findingIds.append(f.id)
                if streaming { onFinding?(f) }
                fresh.append(f)
            }
            device.sas[i].needsDiagnosis = false
            if streaming, let onRecovered, !fresh.isEmpty {
                for note in recoveryWatch.concluded(sa, slot: slot, device: name, findings: fresh) { onRecovered(note) }
            }
        }
        if streaming, groupAsks.contains(where: { $0.slot == slot }) {
            // (The input ended: the asks no later SA answered are told, as the whole report tells them.)
            // (One still in hand was diagnosed above, with the device's SAs.)
            let inHand = Set(device.sas.map(\.number))
            for ask in groupAsks where ask.slot == slot && !inHand.contains(ask.sa.number) {
                judgeGroupAsk(ask.sa, slot: slot, others: device.sas)
            }
            groupAsks.removeAll { $0.slot == slot }
        }
        // (Streaming output has reported each finding as its SA concluded: it is not rewritten.)
        if !streaming { Recovery.apply(&device.sas, logged: device.unattributed + correlators[slot].loggedUpsNotKept) }
        // (Gathered into room made for them: a busy device's tens of thousands, grown by doubling,
        // held twice the array while it moved.)
        var findings: [Finding] = []
        findings.reserveCapacity(device.sas.reduce(64) { $0 + $1.findings.count })
        for sa in device.sas { findings += sa.findings }
        for d in deviceRules {
            let routerWide = d.diagnose(device: device)
            findings += routerWide
            if streaming { routerWide.forEach { onFinding?($0) } }
        }
        device.findings = findings
        device.diagnosed = true
        return device
    }

    /// The last component of a path (`logs/r1.log` → `r1.log`).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func baseName(_ path: String) -> String {
        if path == "-" { return "stdin" }
        let last = fileName(path)
        if let dot = last.lastIndex(of: "."), dot != last.startIndex { return String(last[..<dot]) }
        return last
    }
}

/// Everything one run found: devices, their SAs, and the findings.
public struct Analysis: Sendable {
    public var devices: [DeviceTimeline]
    public var findings: [Finding]

    public init(devices: [DeviceTimeline], findings: [Finding]) {
        self.devices = devices
        self.findings = findings
    }

    /// Collects the findings of `devices` (diagnosed by their `LogAnalyzer`;
    /// a device built by hand is diagnosed here).
    /// Two files that show the same router name (two captures of R1) are two devices: each is
    /// named with its file (`R1 (a.log)`), in its SAs and findings too, so a reference such as
    /// `R1 SA #1` names one of them.
    static func nameApart(_ devs: inout [DeviceTimeline]) {
        let byName = Dictionary(grouping: devs.indices, by: { devs[$0].name })
        for (name, indices) in byName where indices.count > 1 && Set(indices.map { devs[$0].file }).count > 1 {
            for d in indices {
                let apart = "\(name) (\(LogAnalyzer.fileName(devs[d].file)))"
                devs[d].name = apart
                for s in devs[d].sas.indices {
                    devs[d].sas[s].device = apart
                    for f in devs[d].sas[s].findings.indices where devs[d].sas[s].findings[f].device == name { devs[d].sas[s].findings[f].device = apart }
                }
                for f in devs[d].findings.indices where devs[d].findings[f].device == name { devs[d].findings[f].device = apart }
            }
        }
    }

    public static func diagnose(_ devices: [DeviceTimeline], diagnosers: [any Diagnoser] = DiagnoserRegistry.makeAll()) -> Analysis {
        var devs = devices
        Self.nameApart(&devs)
        var findings: [Finding] = []
        for d in devs.indices {
            if devs[d].diagnosed {
                findings += devs[d].findings
                continue
            }
            let device = devs[d]
            for s in device.sas.indices {
                let sa = device.sas[s]
                for diagnoser in diagnosers {
                    if let f = diagnoser.diagnose(sa, on: device) {
                        devs[d].sas[s].findingIds.append(f.id)
                        devs[d].sas[s].findings.append(f)
                    }
                }
            }
            Recovery.apply(&devs[d].sas, logged: device.unattributed)
            findings += devs[d].sas.flatMap(\.findings)
            for diagnoser in diagnosers {
                findings += diagnoser.diagnose(device: device)
            }
            devs[d].findings = findings
            devs[d].diagnosed = true
        }
        Self.linkBothEnds(&devs, &findings)
        return Analysis(devices: devs, findings: findings)
    }

    /// Both ends' logs in one run: an initiator whose MM5 went unanswered (`mm5-rejected-by-peer`)
    /// learns from the responder's log why (its `keyring-mismatch`, `psk-mismatch` or
    /// `ike-auth-failed` for this initiator); one whose quick mode was refused (`qm-refused-by-peer`),
    /// the responder's quick-mode finding (`qm-profile-mismatch`, `pfs-mismatch`, …). The two SAs must name each other's addresses where their logs show them, be
    /// on two devices, and overlap in time when the logs show neither address.
    static func linkBothEnds(_ devs: inout [DeviceTimeline], _ findings: inout [Finding]) {
        // (One device: no other end to learn from.)
        guard devs.count > 1 else { return }
        struct Why { let id: String, device: String, sa: Int, local: String?, peer: String?, start: Stamp?, end: Stamp?, identities: Set<String> }
        // The addresses of the ID payloads an SA's log shows (sent and received): the two ends of
        // one exchange show the same (NAT does not rewrite them).
        func identities(_ sa: SecurityAssociation) -> Set<String> {
            Set(sa.events.compactMap { if case let .idPayload(_, address?, _, _) = $0.kind { return address }; return nil })
        }
        // What the responder's log says, for the initiator's finding that waits for it.
        let answers: [String: Set<String>] = [
            "mm5-rejected-by-peer": ["keyring-mismatch", "psk-mismatch", "ike-auth-failed"],
            "qm-refused-by-peer": ["qm-profile-mismatch", "pfs-mismatch", "transform-set-mismatch", "proxy-id-mismatch",
                                   "qm-no-matching-map", "invalid-local-address"],
        ]
        let told = answers.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        var whys: [Why] = []
        for d in devs {
            for sa in d.sas {
                for f in sa.findings where told.contains(f.id) {
                    whys.append(Why(id: f.id, device: d.name, sa: sa.number, local: sa.local, peer: sa.peer, start: sa.start, end: sa.end,
                                    identities: identities(sa)))
                }
            }
        }
        guard !whys.isEmpty else { return }
        func overlap(_ sa: SecurityAssociation, _ w: Why) -> Bool {
            guard let a = sa.start, let b = sa.end, let c = w.start, let e = w.end, a.kind == .wall, c.kind == .wall else { return false }
            return a.seconds(until: e) >= 0 && c.seconds(until: b) >= 0
        }
        func why(for sa: SecurityAssociation, on device: String, among ids: Set<String>) -> Why? {
            // The ends name each other: by their local addresses where the logs show them.
            let named = whys.filter { w in
                guard ids.contains(w.id), w.device != device, let p = sa.peer, let wp = w.peer, p != wp else { return false }
                if let l = w.local, l != p { return false }
                if let l = sa.local, l != wp { return false }
                return true
            }
            let fits = named.filter { w in w.local != nil || sa.local != nil || overlap(sa, w) }
            if fits.count == 1 { return fits[0] }
            // Neither log shows its own address and the clocks do not agree (another time zone,
            // no NTP): the only answer in the run for this peer, to this router's only such
            // failure, within a time zone's reach of it (another day's exchange is not it).
            // (Where both logs show ID payloads, one of the same address: another exchange's is not it.)
            if fits.isEmpty, named.count == 1, waitingCount(sa.peer, device) == 1, let a = sa.start, let c = named[0].start,
               a.kind == .wall, c.kind == .wall, abs(a.seconds(until: c)) <= 14 * 3600 + 300 {
                let mine = identities(sa), theirs = named[0].identities
                if mine.isEmpty || theirs.isEmpty || !mine.isDisjoint(with: theirs) { return named[0] }
            }
            // (A hub refusing several spokes: the one whose exchange ran at the same time, else the
            // one that began within a second or two of it, plainly nearer than any other.)
            let atTheTime = fits.filter { overlap(sa, $0) }
            if atTheTime.count == 1 { return atTheTime[0] }
            guard let a = sa.start, a.kind == .wall else { return nil }
            let near = atTheTime.compactMap { w in w.start.map { (w, abs(a.seconds(until: $0))) } }.sorted { $0.1 < $1.1 }
            guard let best = near.first, best.1 < 2 else { return nil }
            return near.count == 1 || near[1].1 > best.1 + 1 ? best.0 : nil
        }
        func waitingCount(_ peer: String?, _ device: String) -> Int {
            devs.reduce(0) { n, d in
                d.name != device ? n : n + d.sas.filter { $0.peer == peer && $0.findings.contains { answers[$0.id] != nil } }.count
            }
        }
        func link(_ f: inout Finding, _ w: Why) {
            let sentence = "\(w.device)'s log in this run tells which: \(w.id) (\(w.device) SA #\(w.sa))."
            if f.explanation.contains("This log alone cannot tell which.") {
                f.explanation = f.explanation.replacingOccurrences(of: "This log alone cannot tell which.", with: sentence)
            } else {
                f.explanation += " " + sentence
            }
        }
        for d in devs.indices {
            for s in devs[d].sas.indices {
                for (waiting, ids) in answers where devs[d].sas[s].findings.contains(where: { $0.id == waiting }) {
                    guard let w = why(for: devs[d].sas[s], on: devs[d].name, among: ids) else { continue }
                    for k in devs[d].sas[s].findings.indices where devs[d].sas[s].findings[k].id == waiting {
                        link(&devs[d].sas[s].findings[k], w)
                    }
                    for k in findings.indices where findings[k].id == waiting && findings[k].device == devs[d].name
                        && findings[k].saNumber == devs[d].sas[s].number {
                        link(&findings[k], w)
                    }
                }
            }
        }
    }

    /// Convenience: analyzes whole in-memory logs, `(file, bytes)` each.
    public static func run(_ inputs: [(String, [UInt8])]) -> Analysis {
        var devices: [DeviceTimeline] = []
        for (file, bytes) in inputs {
            let a = LogAnalyzer(file: file)
            a.feed(bytes)
            devices += a.finishAll()
        }
        return diagnose(devices)
    }

    /// (Counted in place: `filter` copied every error finding, 20 MB at the end of a 2 GB log's report.)
    public var errorCount: Int {
        var n = 0
        for i in findings.indices where findings[i].severity == .error { n += 1 }
        return n
    }
}
