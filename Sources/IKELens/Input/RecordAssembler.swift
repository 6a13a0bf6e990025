#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One logical log record: a head line (header stripped) plus the lines that
/// continue it. Wrapped continuations are joined onto the line they continue;
/// indented lines (ID payload fields, key-engine blocks, proxy_match fields)
/// become sub-lines, separated by LF in `text`.
public struct Record {
    public var firstLine = 0
    public var lastLine = 0
    public var stamp: Stamp?
    /// Head body, then `\n` + each sub-line.
    public var text: [UInt8] = []
    /// End of the head line in `text`.
    public var headEnd = 0
    /// True when the head began with a known debug/syslog prefix.
    public var hasPrefix = false
    /// True when the head had a recognizable header (stamp, sequence, host).
    public var hasHeader = false
    /// A line that continues nothing and starts nothing: unrecognized as is.
    public var isOrphan = false
    /// A physical line of this record was cut at the length bound.
    public var wasCut = false
    /// The host the line's syslog header named (index into `RecordAssembler.hosts`).
    public var hostID: Int?
    /// Where the last sub-line starts in `text` (after its `\n`; 0: the head).
    var lastBreak = 0
    /// Lines joined as soft-wrapped text (not at a terminal's width).
    var softJoins = 0

    public init() {}

    mutating func reset() {
        firstLine = 0; lastLine = 0; stamp = nil
        text.removeAll(keepingCapacity: true)
        headEnd = 0; hasPrefix = false; hasHeader = false; isOrphan = false; wasCut = false; hostID = nil
        lastBreak = 0; softJoins = 0
    }

    public var lineCount: Int { lastLine - firstLine + 1 }

    /// The record as one readable string (sub-lines joined by ` | `).
    public var displayText: String {
        text.withUnsafeBufferPointer { Record.displayText(of: $0) }
    }

    /// An event keeps at most this much of its record's text (evidence is a short text,
    /// not a whole log: IOS messages stay well under it; a line of junk does not).
    public static let maxDisplayBytes = 1024

    /// `displayText` of a record's `text` bytes.
    static func displayText(of text: UnsafeBufferPointer<UInt8>) -> String {
        if text.count > maxDisplayBytes {
            // Cut at a character boundary, and say so.
            var end = maxDisplayBytes
            while end > 0, text[end] & 0xC0 == 0x80 { end -= 1 }
            return displayText(of: UnsafeBufferPointer(rebasing: text[..<end])) + "…"
        }
        // Every event text is made here: a configuration secret that reached the log
        // (pasted, glued, wrapped) is masked here, after the record was classified.
        guard let base = text.baseAddress, memchr(base, Int32(ASCII.newline), text.count) != nil else {
            return SecretMasker.maskLog(text)
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count + 16)
        for b in text {
            if b == ASCII.newline { joined.append(contentsOf: [ASCII.space, UInt8(ascii: "|"), ASCII.space]) } else { joined.append(b) }
        }
        return joined.withUnsafeBufferPointer { SecretMasker.maskLog($0) }
    }
}

/// Counts of what the input held, line by line.
public struct InputStats: Sendable, Equatable {
    public var lines = 0
    public var noise = 0
    public var blank = 0
    /// Lines that were neither understood nor noise.
    public var unrecognized = 0
    public var truncated = 0
    public var invalidUTF8 = 0
    public var nul = 0
    public var bytes = 0

    public init() {}
    public var recognized: Int { lines - unrecognized }
}

/// Turns physical lines into `Record`s: strips headers, joins continuations,
/// sets noise (prompts, ping output, blank lines) aside. Keeps one record in
/// hand, since the next line may still continue it.
public struct RecordAssembler {
    public private(set) var stats = InputStats()
    /// The first host name the log reveals (prompt `R1#` or syslog `R1:`).
    public private(set) var hostName: String?
    /// Hosts named by syslog headers (`<191>12: R1: …`, a relay's `10.0.0.1 1234: …`), in order seen.
    public private(set) var hosts: [String] = []
    /// `hosts` by name (a syslog server's file may interleave thousands of routers).
    private var hostIndex: [String: Int] = [:]
    private var lastHost: [UInt8] = []
    private var lastHostID = -1

    private var current = Record()
    private var hasCurrent = false
    private var lastPhysicalLength = 0
    private var orphan = Record()
    /// Inside the table `show crypto isakmp key` prints (until a blank line or prompt).
    private var inKeyTable = false
    /// After a prompt with a command (`R1#show crypto isakmp sa`), lines that are
    /// neither debug nor a continuation are that command's output.
    private var afterCommand = false

    /// Set by the caller when the lines it pushes are known to be plain ASCII
    /// without NUL (it scanned their chunk at once): no per-line check then.
    public var linesKnownClean = false
    /// Cleared by the caller when the lines it pushes cannot hold rsyslog's `#012`
    /// escapes (it looked through their chunk at once).
    public var escapesPossible = true

    public init() {}

    /// Takes one physical line. `emit` receives each completed record and
    /// answers whether it was understood; the lines of a record that was not
    /// are counted as unrecognized.
    public mutating func push(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
        _ emit: (Record) throws -> Bool
    ) rethrows {
        if escapesPossible, let base = line.baseAddress, memchr(base, Int32(UInt8(ascii: "#")), line.count) != nil,
           ByteSearch.contains("#012", in: line) {
            try pushEscaped(line, number: number, cut: cut, emit)
            return
        }
        if !linesKnownClean, let base = line.baseAddress, memchr(base, 0, line.count) != nil {
            try pushAroundNULs(line, number: number, cut: cut, emit)
            return
        }
        try pushLine(line, number: number, cut: cut, emit)
    }

    /// A line with NUL bytes in it. A crash leaves a run of zeros in a log file where a
    /// line was being written, and the router's next line follows the zeros on the same
    /// physical line: when what follows the last NULs starts a message, it is read as the
    /// line, and the cut-off text before it is kept as an unrecognized fragment (the line
    /// counts once, with the message). Otherwise the line is read without its NULs.
    private mutating func pushAroundNULs(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                         _ emit: (Record) throws -> Bool) rethrows {
        stats.nul += 1
        var kept: [UInt8] = []
        kept.reserveCapacity(line.count)
        var lastRun = -1  // where the text after the last run of NULs starts in `kept`
        var i = 0
        while i < line.count {
            if line[i] == 0 {
                while i < line.count, line[i] == 0 { i += 1 }
                lastRun = kept.count
                continue
            }
            kept.append(line[i])
            i += 1
        }
        let clean = linesKnownClean
        linesKnownClean = true  // checked here instead: no NUL is left; UTF-8 below
        defer { linesKnownClean = clean }
        try kept.withUnsafeBufferPointer { all in
            if !UTF8Check.isValid(all) { stats.invalidUTF8 += 1 }
            guard lastRun > 0, lastRun < all.count, Self.startsMessage(UnsafeBufferPointer(rebasing: all[lastRun...])) else {
                try pushLine(all, number: number, cut: cut, emit)
                return
            }
            if hasCurrent { try emitCurrent(emit) }
            orphan.reset()
            orphan.firstLine = number
            orphan.lastLine = number
            orphan.isOrphan = true
            orphan.text.append(contentsOf: UnsafeBufferPointer(rebasing: all[..<lastRun]))
            orphan.headEnd = orphan.text.count
            // A secret in it is masked as in any record: a key table row's key here, the
            // rest when the event's text is made.
            Self.maskTableRowKey(&orphan, from: 0)
            _ = try emit(orphan)
            try pushLine(UnsafeBufferPointer(rebasing: all[lastRun...]), number: number, cut: cut, emit)
        }
    }

    /// Whether `line` starts a message: a header, or a known debug or syslog prefix.
    private static func startsMessage(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        if LineHeader.fast(line, from: i) != nil { return true }
        let h = LineHeader.parse(line, from: i)
        return h.hadHeader || BodyPrefix.known(ByteCursor(line, from: h.bodyStart))
    }

    /// A syslog server's line for a message of several lines: rsyslog writes its line
    /// feeds as `#012` and tabs as `#011` (`…ID payload#012#011next-payload : 8#012…`).
    /// The first piece is read as a line; the others continue its record, as the lines
    /// of the same message do in a router's own log.
    private mutating func pushEscaped(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                      _ emit: (Record) throws -> Bool) rethrows {
        var pieces: [[UInt8]] = [[]]
        var i = 0
        while i < line.count {
            if line[i] == UInt8(ascii: "#"), i + 3 < line.count, line[i + 1] == UInt8(ascii: "0"),
               ASCII.isDigit(line[i + 2]), ASCII.isDigit(line[i + 3]) {
                switch (line[i + 2], line[i + 3]) {
                case (UInt8(ascii: "1"), UInt8(ascii: "2")): pieces.append([]); i += 4; continue
                case (UInt8(ascii: "1"), UInt8(ascii: "1")): pieces[pieces.count - 1].append(ASCII.tab); i += 4; continue
                case (UInt8(ascii: "1"), UInt8(ascii: "5")): i += 4; continue
                default: break
                }
            }
            pieces[pieces.count - 1].append(line[i])
            i += 1
        }
        try pieces[0].withUnsafeBufferPointer { try pushLine($0, number: number, cut: cut, emit) }
        guard hasCurrent, current.lastLine == number else { return }
        for piece in pieces.dropFirst() {
            piece.withUnsafeBufferPointer { appendLineOfMessage($0) }
        }
        lastPhysicalLength = 0
    }

    /// Appends a line of the message in hand that came apart from it (an rsyslog piece,
    /// a dump line a relay gave a header of its own): indented, a sub-line; else joined.
    private mutating func appendLineOfMessage(_ piece: UnsafeBufferPointer<UInt8>) {
        var indent = 0
        while indent < piece.count, ASCII.isSpace(piece[indent]) { indent += 1 }
        if indent == piece.count || current.text.count + piece.count > Self.maxRecordBytes { return }
        if indent == 0 && !(current.text.last.map(ASCII.isSpace) ?? true) { current.text.append(ASCII.space) }
        appendContinuation(UnsafeBufferPointer(rebasing: piece[indent...]), asSubLine: indent > 0)
    }

    /// Where a line that continues a message starts in a relayed line's `body`, after the
    /// relay's `N: host: ` (the header parser leaves it when no known debug body follows):
    /// an indented line (an ID payload field, a key-engine block, a dump's payloads), at
    /// its position; an IKEv2 packet dump's `Initiator SPI : …`, `IKEv2 IKE_AUTH Exchange
    /// RESPONSE`, `Payload contents:`, at its position negated (they continue a dump only).
    private static func continuationInRelayedLine(_ body: ByteCursor) -> Int? {
        var c = body
        var probe = body
        if probe.readInt() != nil, probe.skip(ASCII.colon), probe.skip(ASCII.space) {
            let s = probe.pos
            while let b = probe.peek, b != ASCII.space, b != ASCII.colon { probe.pos += 1 }
            if probe.pos > s, probe.skip(ASCII.colon), probe.skip(ASCII.space) { c = probe }
        }
        guard let b = c.peek else { return nil }
        if ASCII.isSpace(b) { return c.pos }
        let dump = c.startsWith("Initiator SPI") || c.startsWith("IKEv2 ") || c.startsWith("Payload contents")
        return dump ? -c.pos : nil
    }

    private mutating func pushLine(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
        _ emit: (Record) throws -> Bool
    ) rethrows {
        stats.lines += 1
        if cut { stats.truncated += 1 }
        if !linesKnownClean { checkEncoding(line) }
        let physicalLength = line.count

        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        let indent = i
        if i == line.count {
            stats.blank += 1
            stats.noise += 1
            return
        }
        var header: LineHeader.Result
        var body: ByteCursor
        var prefixed: Bool
        if let h = LineHeader.fast(line, from: i) {
            header = h
            body = ByteCursor(line, from: h.bodyStart)
            prefixed = true
        } else {
            header = LineHeader.parse(line, from: i)
            body = ByteCursor(line, from: header.bodyStart)
            prefixed = BodyPrefix.known(body)
        }
        if !header.hadHeader && !prefixed, let after = promptEnd(line, from: i) {
            // A debug line printed right after a prompt: `R1#*Jun 19 10:04:24.826: ISAKMP…`.
            let h = LineHeader.parse(line, from: after)
            let b = ByteCursor(line, from: h.bodyStart)
            if h.hadHeader || BodyPrefix.known(b) {
                header = h
                body = b
                prefixed = BodyPrefix.known(b)
            }
        }

        if header.hadHeader, !prefixed, hasCurrent, let at = Self.continuationInRelayedLine(body),
           at > 0 || awaitsPacketDump() {
            // A relay that gave each line of a message a header of its own (no IOS time
            // stamp, no debug prefix): the line still belongs to the message in hand.
            current.lastLine = number
            if cut { current.wasCut = true }
            appendLineOfMessage(UnsafeBufferPointer(rebasing: line[abs(at)...]))
            lastPhysicalLength = 0
            return
        }
        if header.hadHeader || prefixed {
            inKeyTable = false
            if let r = header.hostRange, hostName == nil { hostName = body.string(r) }
            if hasCurrent && header.hadHeader && !body.startsWith("IKEv2") && awaitsPacketDump() {
                // Another message printed inside an IKEv2 packet dump (`%LINEPROTO-5-UPDOWN`,
                // other debugging): a record of its own; the dump's lines after it still
                // continue the packet.
                try emitInterloper(line, number: number, cut: cut, header: header, prefixed: prefixed, emit)
                return
            }
            if hasCurrent { try emitCurrent(emit) }
            let host = header.hostRange.map { hostID(UnsafeBufferPointer(rebasing: line[$0.0..<$0.1])) }
            Self.start(&current, line, number: number, cut: cut, header: header, prefixed: prefixed, host: host)
            Self.maskTableRowKey(&current, from: 0)
            hasCurrent = true
            lastPhysicalLength = physicalLength
            return
        }

        if isNoise(line, from: indent) {
            inKeyTable = false
            stats.noise += 1
            if hasCurrent { try emitCurrent(emit) }
            return
        }

        // How the line would continue the record in hand: wrapped text, or an indented sub-line.
        let hardWrapped = Self.hardWrapped(lastPhysicalLength)
        if hasCurrent, !inKeyTable, current.lastBreak == 0,
           current.text.withUnsafeBufferPointer({ ByteSearch.contains("Preshared Key", in: $0) }) {
            // `show crypto isakmp key` glued onto a debug line: its rows follow.
            inKeyTable = true
        }
        var blockField = Self.isBlockField(line, indent: indent, hardWrapped: hardWrapped)
        if blockField, hardWrapped, hasCurrent, current.lastBreak == 0, line[0] != ASCII.tab, !Self.startsLikeField(line, from: indent) {
            // Cut at 80 columns inside a run of spaces (`Old State = X  New State = Y`):
            // the rest of the head line, not an indented sub-line.
            blockField = false
        }
        if hasCurrent && !joinsCurrent(line, blockField: blockField, hardWrapped: hardWrapped) { try emitCurrent(emit) }

        guard hasCurrent else {
            if afterCommand {
                // Output of a command typed at the prompt (`show crypto isakmp sa` …): console noise.
                stats.noise += 1
                return
            }
            stats.unrecognized += 1
            orphan.reset()
            orphan.firstLine = number
            orphan.lastLine = number
            orphan.isOrphan = true
            orphan.wasCut = cut
            orphan.text.append(contentsOf: UnsafeBufferPointer(rebasing: line[indent...]))
            orphan.headEnd = orphan.text.count
            // `show crypto isakmp key`: the rows after its header carry keys.
            if ByteSearch.contains("Preshared Key", in: line) {
                inKeyTable = true
            } else if ByteSearch.contains("key ", in: line) || ByteSearch.contains("pre-shared-key", in: line)
                        || ByteSearch.contains("secret ", in: line) || ByteSearch.contains("password ", in: line) {
                let masked = SecretMasker.mask(String(decoding: orphan.text, as: UTF8.self))
                orphan.text = Array(masked.utf8)
                orphan.headEnd = orphan.text.count
            } else if inKeyTable || Self.looksLikeKeyTableRow(line) {
                let masked = SecretMasker.maskTableRow(String(decoding: orphan.text, as: UTF8.self))
                orphan.text = Array(masked.utf8)
                orphan.headEnd = orphan.text.count
            }
            _ = try emit(orphan)
            return
        }

        // A continuation of the record in hand.
        current.lastLine = number
        if cut { current.wasCut = true }
        if blockField {
            appendContinuation(UnsafeBufferPointer(rebasing: line[indent...]), asSubLine: true)
        } else {
            // Wrapped text: a terminal hard-wraps at 80 columns (join as is); a
            // web page wraps at a word and eats the space (put one back).
            let endsInSpace = current.text.last.map(ASCII.isSpace) ?? true
            // At exactly 80 columns, a capitalized word after a lower-case letter or after an
            // IOS name with an underscore starts a new word (`…IKE_QM_IPSEC_INSTALL_AWAIT` /
            // `New State = …`): a word wrap, not a cut (`IK` / `Ev2`, `I` / `Psec` are cuts).
            let newWord = hardWrapped && line.count > indent + 1 && ASCII.isUpper(line[indent]) && ASCII.isLower(line[indent + 1])
                && (current.text.last.map(ASCII.isLower) == true || Self.lastWordHasUnderscore(current.text))
            if indent == 0 && (!hardWrapped || newWord) && !endsInSpace {
                current.text.append(ASCII.space)
            }
            if !hardWrapped { current.softJoins += 1 }
            appendContinuation(UnsafeBufferPointer(rebasing: line[(hardWrapped ? 0 : indent)...]), asSubLine: false)
        }
        lastPhysicalLength = physicalLength
    }

    /// A `show crypto isakmp key` row at the end of the record's last line (glued onto a
    /// debug line, given a time stamp, joined after a wrap): its key is masked in the
    /// record itself, so no field made from the record carries it.
    private static func maskTableRowKey(_ record: inout Record, from start: Int) {
        let found: Range<Int>? = record.text.withUnsafeBufferPointer { t in
            SecretMasker.tableRowKey(UnsafeBufferPointer(rebasing: t[start...])).map { ($0.lowerBound + start)..<($0.upperBound + start) }
        }
        guard let key = found, !record.text[key].elementsEqual(SecretMasker.mask.utf8) else { return }
        record.text.replaceSubrange(key, with: SecretMasker.mask.utf8)
        if record.lastBreak == 0 { record.headEnd = record.text.count }
    }

    /// A record stays one IOS message: at most `maxRecordBytes`, at most `maxSoftJoins`
    /// lines joined as soft-wrapped text (thousands of lines of other output after a
    /// debug line are not one record), and a `show crypto isakmp key` table is not a
    /// continuation (its rows carry keys; they are masked as lines of their own).
    public static let maxRecordBytes = 16 * 1024
    public static let maxSoftJoins = 8

    private func joinsCurrent(_ line: UnsafeBufferPointer<UInt8>, blockField: Bool, hardWrapped: Bool) -> Bool {
        if current.text.count + line.count > Self.maxRecordBytes { return false }
        if inKeyTable || Self.looksLikeKeyTableRow(line) { return false }
        if !hardWrapped && !blockField && current.softJoins >= Self.maxSoftJoins {
            return false
        }
        return !ByteSearch.contains("Preshared Key", in: line)
    }

    /// A row of `show crypto isakmp key` without its header: `keyring  address  key`.
    static func looksLikeKeyTableRow(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count > 8 && !ASCII.isSpace(line[0]) && SecretMasker.tableRowKey(line) != nil
    }

    /// A terminal wraps at exactly its width (80, or 132); other widths are a
    /// web page or mail client wrapping at a word.
    private static func hardWrapped(_ previousLength: Int) -> Bool {
        // Not 79 or 81: a line cut a column short of the width, its space trimmed or
        // eaten by a word wrap, ends a word (`… New` / `State = …`).
        previousLength == 80 || previousLength == 132
    }

    /// An indented sub-line's shape: `(key eng. msg.) …`, `name : value`, `name= value`.
    private static func startsLikeField(_ line: UnsafeBufferPointer<UInt8>, from indent: Int) -> Bool {
        var i = indent
        guard i < line.count else { return false }
        if line[i] == UInt8(ascii: "(") { return true }
        while i < line.count, ASCII.isAlnum(line[i]) || line[i] == UInt8(ascii: "_") || line[i] == ASCII.minus || line[i] == ASCII.dot { i += 1 }
        while i < line.count, line[i] == ASCII.space { i += 1 }
        return i < line.count && (line[i] == ASCII.colon || line[i] == UInt8(ascii: "="))
    }

    /// An indented sub-line (ID payload field, key-engine or proxy block line).
    private static func isBlockField(_ line: UnsafeBufferPointer<UInt8>, indent: Int, hardWrapped: Bool) -> Bool {
        indent >= 2 || (indent == 1 && !hardWrapped) || (indent > 0 && line[0] == ASCII.tab)
    }

    /// The last word of `text` (after its last space) has an `_`: an IOS state or event name.
    private static func lastWordHasUnderscore(_ text: [UInt8]) -> Bool {
        var i = text.count
        while i > 0, !ASCII.isSpace(text[i - 1]) {
            if text[i - 1] == UInt8(ascii: "_") { return true }
            i -= 1
        }
        return false
    }

    /// Appends a continuation to the record in hand, as a sub-line of its own or onto its
    /// last line (any space in between already put by the caller). The bytes go in as they
    /// are: the record is classified on them (a line wrapped inside `No pre-shared key with`
    /// stays that message); a secret in them is masked when the event's text is made
    /// (`Record.displayText(of:)`), a key table row's key here.
    private mutating func appendContinuation(_ piece: UnsafeBufferPointer<UInt8>, asSubLine: Bool) {
        if asSubLine {
            current.text.append(ASCII.newline)
            current.lastBreak = current.text.count
        }
        current.text.append(contentsOf: piece)
        Self.trimTrailingSpaces(&current.text, floor: current.lastBreak)
        Self.maskTableRowKey(&current, from: current.lastBreak)
        if current.lastBreak == 0 { current.headEnd = current.text.count }
    }

    public mutating func finish(_ emit: (Record) throws -> Bool) rethrows {
        if hasCurrent { try emitCurrent(emit) }
    }

    /// The record in hand is an IKEv2 packet line (`Received Packet [From …]`) whose
    /// dump (`IKEv2 IKE_AUTH Exchange RESPONSE`, `Payload contents:`, the payloads) has
    /// not all come yet.
    @inline(__always) private func awaitsPacketDump() -> Bool {
        return current.text.withUnsafeBufferPointer { t in
            guard ByteCursor(t).startsWith("IKEv2"), ByteSearch.contains("Packet [", in: t) else { return false }
            guard let at = ByteSearch.find("Payload contents", in: t, from: 0) else { return true }
            // `Payload contents:` is the dump's last line but one: its payloads follow (a sub-line).
            return memchr(t.baseAddress! + at, Int32(ASCII.newline), t.count - at) == nil
        }
    }

    /// Starts `record` with a head line (its header stripped).
    private static func start(_ record: inout Record, _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                              header: LineHeader.Result, prefixed: Bool, host: Int?) {
        record.reset()
        record.hostID = host
        record.firstLine = number
        record.lastLine = number
        record.stamp = header.stamp
        record.hasPrefix = prefixed
        record.hasHeader = header.hadHeader
        record.wasCut = cut
        record.text.append(contentsOf: UnsafeBufferPointer(rebasing: line[header.bodyStart...]))
        Self.trimTrailingSpaces(&record.text, floor: 0)
        record.headEnd = record.text.count
    }

    /// Emits one line as a record of its own, leaving the record in hand open.
    private mutating func emitInterloper(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, header: LineHeader.Result,
                                         prefixed: Bool, _ emit: (Record) throws -> Bool) rethrows {
        let host = header.hostRange.map { hostID(UnsafeBufferPointer(rebasing: line[$0.0..<$0.1])) }
        Self.start(&orphan, line, number: number, cut: cut, header: header, prefixed: prefixed, host: host)
        Self.maskTableRowKey(&orphan, from: 0)
        if try !emit(orphan) { stats.unrecognized += 1 }
    }

    private mutating func emitCurrent(_ emit: (Record) throws -> Bool) rethrows {
        hasCurrent = false
        // Lent out of `self` by a swap (a move): no retain of its text per record.
        var record = Record()
        swap(&record, &current)
        defer { swap(&record, &current) }
        if try !emit(record) { stats.unrecognized += record.lineCount }
    }

    public mutating func setBytes(_ n: Int) { stats.bytes = n }

    private static func trimTrailingSpaces(_ text: inout [UInt8], floor: Int) {
        // Keep one trailing space: it tells a later wrapped line that a word ended.
        var n = text.count
        while n > floor + 1, ASCII.isSpace(text[n - 1]), ASCII.isSpace(text[n - 2]) { n -= 1 }
        if n < text.count { text.removeLast(text.count - n) }
    }

    private mutating func checkEncoding(_ line: UnsafeBufferPointer<UInt8>) {
        // Eight bytes at a time: any byte >= 0x80, any zero byte.
        var high = false
        var nul = false
        let n = line.count
        var i = 0
        if let base = line.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if w & 0x8080_8080_8080_8080 != 0 { high = true }
                if (w &- 0x0101_0101_0101_0101) & ~w & 0x8080_8080_8080_8080 != 0 { nul = true }
                i += 8
            }
        }
        while i < n {
            let b = line[i]
            if b >= 0x80 { high = true }
            if b == 0 { nul = true }
            i += 1
        }
        if nul { stats.nul += 1 }
        if high, !UTF8Check.isValid(line) { stats.invalidUTF8 += 1 }
    }

    /// The host's index; the last one is checked first (no allocation per line).
    private mutating func hostID(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        if lastHostID >= 0, bytes.elementsEqual(lastHost) { return lastHostID }
        let name = String(decoding: bytes, as: UTF8.self)
        let id = hostIndex[name] ?? {
            hosts.append(name)
            hostIndex[name] = hosts.count - 1
            return hosts.count - 1
        }()
        lastHost = Array(bytes)
        lastHostID = id
        return id
    }

    /// Where a prompt (`R1#`, `Hub(config-if)#`) at `from` ends, if the line starts with one.
    private func promptEnd(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var c = ByteCursor(line, from: from)
        guard let f = c.peek, ASCII.isAlnum(f) else { return nil }
        while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
        if c.skip(ASCII.lparen) {
            while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
            guard c.skip(ASCII.rparen) else { return nil }
        }
        guard c.skip(ASCII.hash) else { return nil }
        return c.pos
    }

    /// Router prompts (`R2#`, `Hub-RTR(config)#ip route …`), ping output,
    /// `debug` confirmations: console output that is not debug text.
    private mutating func isNoise(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var c = ByteCursor(line, from: from)
        // Ping progress: only `.`, `!`, `U`, spaces.
        var onlyPing = true
        for k in from..<line.count {
            let b = line[k]
            if !(b == ASCII.dot || b == UInt8(ascii: "!") || b == UInt8(ascii: "U") || ASCII.isSpace(b)) { onlyPing = false; break }
        }
        if onlyPing { return true }
        // Prompt.
        if let f = c.peek, ASCII.isAlnum(f) {
            let s = c.pos
            while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
            let e = c.pos
            if c.skip(ASCII.lparen) {
                while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
                if !c.skip(ASCII.rparen) { return knownConsoleLine(line, from: from) }
            }
            if let b = c.peek, b == ASCII.hash || (b == UInt8(ascii: ">") && c.pos + 1 == line.count) {
                if hostName == nil, e - s <= 64 { hostName = c.string((s, e)) }
                var rest = c
                rest.pos += 1
                rest.skipSpaces()
                afterCommand = !rest.atEnd
                return true
            }
        }
        return knownConsoleLine(line, from: from)
    }

    private func knownConsoleLine(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        let c = ByteCursor(line, from: from)
        return c.startsWith("Type escape sequence") || c.startsWith("Sending ") && ByteSearch.contains("ICMP Echos", in: line)
            || c.startsWith("Packet sent with a source address") || c.startsWith("Success rate is")
            || c.startsWith("Enter configuration commands") || c.startsWith("Crypto ISAKMP")
            || c.startsWith("Crypto IPSEC") || c.startsWith("Crypto IKEv2") || c.startsWith("Translating \"")
            || c.startsWith("Building configuration") || c.startsWith("--More--")
    }
}

enum UTF8Check {
    static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = b.count
        while i < n {
            let x = b[i]
            if x < 0x80 { i += 1; continue }
            var need = 0
            if x & 0xE0 == 0xC0 { need = 1; if x < 0xC2 { return false } }
            else if x & 0xF0 == 0xE0 { need = 2 }
            else if x & 0xF8 == 0xF0 { need = 3; if x > 0xF4 { return false } }
            else { return false }
            if i + need >= n { return false }
            for k in 1...need where b[i + k] & 0xC0 != 0x80 { return false }
            i += need + 1
        }
        return true
    }
}
