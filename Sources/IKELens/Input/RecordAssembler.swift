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
    /// The device the record belongs to (set when it is emitted: `RecordAssembler.device(of:)`).
    public var device = 0
    /// Where the last sub-line starts in `text` (after its `\n`; 0: the head).
    var lastBreak = 0
    /// Lines joined as soft-wrapped text (not at a terminal's width).
    var softJoins = 0
    /// The sequence number in front of the head line (a relay's, the router's), or -1.
    var sequence = -1
    /// The last line ends in a secret (masked): a `show crypto isakmp key` row's key, the rest
    /// of a secret a line before ended in.
    var endsInSecret = false
    /// A command typed at the router's prompt that changes the SAs (`clear crypto session`):
    /// the text is the prompt line. (The line also counts as console noise.)
    public var isOperatorCommand = false
    /// The line of the last prompt that printed the log (`show logging`) before the record was
    /// emitted, or -1: what follows it may be a copy of lines read before (see `ReplayFilter`).
    var logShownAt = -1
    /// A ping's summary (`Success rate is 100 percent (5/5)`): whether the traffic it sent got
    /// through. (The line also counts as console noise.)
    public var isPingSummary = false

    public init() {}

    mutating func reset() {
        text.removeAll(keepingCapacity: true)
        resetFields()
    }

    /// `reset` but for `text`.
    @inline(__always)
    mutating func resetFields() {
        firstLine = 0; lastLine = 0; stamp = nil
        headEnd = 0; hasPrefix = false; hasHeader = false; isOrphan = false; wasCut = false; hostID = nil; device = 0
        lastBreak = 0; softJoins = 0; endsInSecret = false; sequence = -1; isOperatorCommand = false; logShownAt = -1
        isPingSummary = false
    }

    public var lineCount: Int { lastLine - firstLine + 1 }

    /// The record as one readable string (sub-lines joined by ` | `).
    public var displayText: String {
        text.withUnsafeBufferPointer { Record.displayText(of: $0, configuration: mayHoldConfiguration(facility: .none)) }
    }

    /// Whether a configuration's line may have reached the record: it is more than one line
    /// (the lines a debug line took as its continuation), or no debug message (a line alone, a
    /// stamp a tool gave it). A single debug message is not looked at for the secrets only a
    /// configuration carries (`SecretMasker.mayNameConfigurationSecret`): it runs on every record.
    func mayHoldConfiguration(facility: Facility) -> Bool {
        Self.mayHoldConfiguration(lines: lineCount, facility: facility)
    }

    static func mayHoldConfiguration(lines: Int, facility: Facility) -> Bool {
        lines > 1 || facility == .none
    }

    /// An event keeps at most this much of its record's text (evidence is a short text,
    /// not a whole log: IOS messages stay well under it; a line of junk does not).
    public static let maxDisplayBytes = 1024

    /// `displayText` of a record's `text` bytes (`configuration`: `mayHoldConfiguration`).
    static func displayText(of text: UnsafeBufferPointer<UInt8>, configuration: Bool = true) -> String {
        if text.count > maxDisplayBytes {
            // Cut at a character boundary, and say so.
            var end = maxDisplayBytes
            while end > 0, text[end] & 0xC0 == 0x80 { end -= 1 }
            return displayText(of: UnsafeBufferPointer(rebasing: text[..<end]), configuration: configuration) + "…"
        }
        // Every event text is made here: a configuration secret that reached the log
        // (pasted, glued, wrapped) is masked here, after the record was classified.
        guard let base = text.baseAddress, memchr(base, Int32(ASCII.newline), text.count) != nil else {
            // (A command typed at a prompt glued onto a debug line, `…payload!R1(config-if)#standby 1
            // authentication X`, or after IOS's `!`, is a configuration's line too.)
            let glued = !configuration && text.baseAddress.map {
                memchr($0, Int32(UInt8(ascii: "#")), text.count) != nil || memchr($0, Int32(UInt8(ascii: "!")), text.count) != nil
            } ?? false
            return SecretMasker.maskLog(text, configuration: configuration || glued)
        }
        var joined: [UInt8] = []
        joined.reserveCapacity(text.count + 16)
        // (Each sub-line copied whole, from one line feed to the next.)
        var s = 0
        while s < text.count {
            guard let hit = memchr(base + s, Int32(ASCII.newline), text.count - s) else {
                joined.append(contentsOf: UnsafeBufferPointer(rebasing: text[s...]))
                break
            }
            let k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            joined.append(contentsOf: UnsafeBufferPointer(rebasing: text[s..<k]))
            joined.append(ASCII.space)
            joined.append(UInt8(ascii: "|"))
            joined.append(ASCII.space)
            s = k + 1
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
    /// The log was listed newest first and was read turned round (see `NewestFirst`).
    public var newestFirst = false
    /// Lines that repeated lines of the device read before (a second copy of its log:
    /// `show logging` after the console capture, a log pasted twice), read once (see
    /// `ReplayFilter`); counted as noise too. The stretches they were in (the first
    /// `ReplayFilter.shownStretches`: first and last line), and how many stretches there were.
    public var repeated = 0
    public var repeatedStretches: [ClosedRange<Int>] = []
    public var repeatedStretchCount = 0

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
    /// A syslog server's file whose lines mostly name their host: a line that names none
    /// (a first line without the relay's header, a header lost to damage) belongs to the
    /// host of the lines around it (see `device(of:)`).
    public private(set) var hostlessLinesJoinHosts = false
    /// The device of the record emitted last (`device(of:)`).
    private var lastDevice = 0

    /// The device a record belongs to, records given in order: 0, the log's own, and one
    /// per host a syslog header names. When the hosts are the log's own devices (no prompt
    /// named another first), the first host is device 0 and a record that names none goes
    /// to the device of the record before it (device 0 before any); otherwise host `k` is
    /// device `k + 1` and a record that names none device 0.
    private mutating func device(of record: Record) -> Int {
        device(host: record.hostID)
    }

    /// `device(of:)` of a record whose header named `host` (nil: none).
    private mutating func device(host: Int?) -> Int {
        guard let h = host else { return hostlessLinesJoinHosts ? lastDevice : 0 }
        lastDevice = hostlessLinesJoinHosts ? h : h + 1
        return lastDevice
    }

    /// The name of `device` (`device(of:)`), as far as the log has shown it, or nil.
    public static func deviceName(_ device: Int, hosts: [String], hostName: String?, joined: Bool) -> String? {
        let k = joined ? device : device - 1
        // (A part of a log split by separator lines that nothing named: the file's name.)
        return k >= 0 && k < hosts.count ? (hosts[k].isEmpty ? nil : hosts[k]) : hostName
    }

    private var current = Record()
    private var hasCurrent = false
    /// A terminal width other than 80/132 the log shows it was cut at (see `learnWidth`), -1 if none.
    private var learnedWidth = -1
    /// How many lines that start no message followed a line of each length (see `learnWidth`),
    /// and how many of those a word wrap may have broken off (no blank at the break, no token split).
    private var continuationsAfter = [UInt16](repeating: 0, count: 320)
    private var wordBreaksAfter = [UInt16](repeating: 0, count: 320)
    /// What the cuts after lines of each length showed (`CutSign`): bit 1, a terminal's cut (a
    /// blank kept at it, a token split); bit 2, a word wrap's (two words IOS keeps apart).
    private var cutSigns = [UInt8](repeating: 0, count: 320)
    /// The longest physical line read so far (not a relay's), and the length of the line before this one.
    private var longestLine = 0
    private var previousLength = 0
    /// A line 80 or 132 long was joined with its rest: the log shows a terminal of that width.
    private var fixedWidthCut = false
    /// The rests of lines cut at the terminal's width begin with blanks the terminal or a mail
    /// client put there, `wrapIndent` of them (one to four: `…To 203.0.113.` / `  1:500/VRF
    /// i0:f0]`): learned from the log (see `takesWrapIndent`), they are taken off such a rest,
    /// which is then read as a bare one.
    private var indentedWraps = false
    private var wrapIndent = 2
    /// The rests begin with a tab instead (told before reading, see `presetWrap`).
    private var wrapIndentTab = false
    /// What the rests after lines cut at the terminal's width showed: the points of those that
    /// began with the wrap's blanks a cut does not explain, and how many went on bare; and the
    /// rests that completed a split token after each number of blanks, 1 to 4 (see `takesWrapIndent`).
    private var indentedRestScore = 0
    private var indentVotes = [Int](repeating: 0, count: 5)
    private var bareRests = 0
    /// The line in hand had the blanks of an indented wrap taken off, that many (see `indentedWraps`).
    private var wrapIndentTaken = false
    private var wrapIndentTakenCount = 0
    /// The line before ended in a blank.
    private var previousEndedBlank = false
    /// …and of the line before that.
    private var lengthBefore = 0
    /// A `clear crypto …` command the prompt line just read carried (see `Record.isOperatorCommand`).
    private var operatorCommand: [UInt8] = []
    /// The line number of the last prompt, the prompt (`R1# `) and what was typed after it
    /// when that is no `clear crypto …` of its own.
    private var typedAtPrompt: (line: Int, prompt: [UInt8], typed: [UInt8])?
    /// Where the record in hand's last line was cut at a terminal's width (see `Cut`).
    private var lastCut = Cut()
    /// The length of the line in hand, whole (a relay's header and all).
    private var wholeLength = 0
    /// The mail's quote marks (`> `, `>> `, `> > `) taken off the front of the line in hand: its
    /// length is measured without them, as the sender's mail program wrapped it before a reply
    /// quoted it (a line cut at 72 columns is 74 long behind `> `).
    private var quoteTaken = 0
    /// The mail quotes without a blank after its marks (`>*Jun 19 …`, not `> *Jun 19 …`): a blank
    /// after the marks is then the line's own (the rest of a line cut before a blank, `> with
    /// error 256`), not the quote's.
    private var bareQuotes = false
    /// Blank lines right before the line in hand (a double-spaced copy has one before each).
    private var blankRun = 0
    /// The log is double-spaced, told with its wrap before it is read (`presetWrap`).
    private var presetDoubleSpaced = false
    /// Set by the caller for the next line it pushes: that many bytes at its start are a stamp
    /// the caller put there (a capture tool's, for a message the router printed no stamp on),
    /// not printed by the terminal: a cut at the terminal's width is measured without them.
    public var stampAdded = 0
    /// The start of the line in hand that carries `stampAdded` bytes (nil: none).
    private var stampedStart: UnsafePointer<UInt8>?
    private var stampedBy = 0
    /// A record whose last line was cut at a terminal's width (or in a secret's value), kept
    /// while the message that came next (another process's: `%LINEPROTO-5-UPDOWN`, another
    /// SA's line) is in hand: the rest of its line may follow that message (`resumeHeld`).
    private var held = Record()
    private var hasHeld = false
    private var heldCut = Cut()
    /// The length of the record in hand's last line, and of the held record's; the held one was
    /// shorter than a line before it (so no terminal's cut at 80 or 132 columns).
    private var currentLength = 0
    private var heldLength = 0
    private var heldBelowLongest = false
    /// The held record is a block (an indented block under its head, or a head that opens one:
    /// `IPSEC(sa_request): ,`, `ID payload`) that another process's message interrupted (see
    /// `opensBlock`): its indented lines after that message are still its own. The indentation of
    /// its last indented line (-1: none yet).
    private var heldBlock = false
    private var heldSubIndent = -1
    /// The indentation of the last indented line the record in hand took as a sub-line: the
    /// record's first line and where that sub-line starts in its text, and the indentation.
    private var subIndent = (firstLine: -1, lastBreak: 0, indent: -1)
    private var heldTail = SecretMasker.Tail.none
    /// The record was held by the line just pushed (it waits for one more line).
    private var heldNow = false
    /// The last line (a prompt's command, a line nobody understood) ended in a secret's
    /// value, or right after the word that introduces one: the next line may go on with it.
    private var secretTail = SecretMasker.Tail.none
    /// Where the next message glued onto the line being read starts, and the secret's tail
    /// it may hold (see `readLine`).
    private var gluedRest: (at: Int, tail: SecretMasker.Tail)?
    private var orphan = Record()
    /// A line with its no-break spaces made spaces (reused).
    private var scratch: [UInt8] = []
    /// The indentation of the messages' lines (a log pasted as an indented block: markdown's
    /// four spaces): taken off every line that has it, so their continuations' indentation
    /// and width are as the router printed them.
    private var baseIndent = 0
    /// How much of it the line in hand had taken off.
    private var takenIndent = 0
    /// The relay numbers its lines after their host (`Nov 10 … 10.0.0.1 14: `), as the last
    /// message's first line showed: a relayed piece's `1: …` after the host is then its number.
    private var relayNumbered = true
    /// Inside the table `show crypto isakmp key` prints (until a blank line or prompt).
    private var inKeyTable = false
    /// After a prompt with a command (`R1#show crypto isakmp sa`), lines that are
    /// neither debug nor a continuation are that command's output.
    private var afterCommand = false
    /// The line of the last prompt that printed the log (`show logging`), or -1.
    private var logShownLine = -1

    /// Cleared by the caller when the lines it pushes hold no `<` (it looked through their
    /// chunk at once): no HTML tags to take off then.
    public var markupPossible = true
    /// Cleared by the caller when the lines it pushes hold no backtick (it looked through their
    /// chunk at once): no Markdown code spans to take off then.
    public var backticksPossible = true
    /// A line showed HTML's inline tags (a closing `</span>`, `</b>`): from then on the known
    /// tags are taken off inside lines too, not only around them (see `withoutMarkup`).
    private var inlineMarkupSeen = false
    /// Set by the caller when the lines it pushes are known to be plain ASCII
    /// without NUL (it scanned their chunk at once): no per-line check then.
    public var linesKnownClean = false
    /// Cleared by the caller when the lines it pushes cannot hold rsyslog's `#012`
    /// escapes (it looked through their chunk at once).
    public var escapesPossible = true
    /// Cleared by the caller when the lines it pushes hold no ESC (it looked through their
    /// chunk at once): no terminal codes to take out then.
    public var terminalCodesPossible = true
    /// Cleared by the caller when the lines it pushes hold no backspace or DEL (it looked through
    /// their chunk at once): no terminal's erasing to apply then.
    public var backspacesPossible = true
    /// Cleared by the caller when the lines it pushes hold no `&` and no backslash (it looked
    /// through their chunk at once): no HTML entities or markdown escapes to undo then.
    public var entitiesPossible = true
    /// The last router stamp began with `*` (see `LineHeader.gluedStamp`).
    private var starredStamps = false
    /// The device was named by the prompt that turned crypto debugging on.
    private var debugNamedHost = false
    /// …by a prompt that typed `terminal monitor`: one that turns the debugging on before any
    /// debug output names it better (the hostname changed between them).
    private var monitorNamedHost = false
    /// Another router's prompt typed `debug crypto …` after this one's debug output (two
    /// routers' captures pasted one after the other): the device the lines after it go to,
    /// once the record in hand is out.
    private var promptDevice: Int?
    /// The log's routers were told apart by their prompts (see `promptDevice`), or by separator
    /// lines between their logs (see `startPart`).
    private var promptSplit = false
    /// `hostName` is the name a separator line gave the first part (`==> r1.log <==` at the top),
    /// not a prompt's: the first prompt names the device instead.
    private var hostNamedBySeparator = false
    /// The name the separator line before the part in hand gave it (see `PartSeparator`), and
    /// whether a prompt is yet to name that part (its first prompt does).
    private var partName: String?
    private var partUnnamed = false
    /// The names separator lines gave the parts split apart (by host), to name apart two whose
    /// prompts name them alike (both routers left as `Router`: `Router (R1)`, `Router (R2)`).
    private var partNames: [Int: String] = [:]
    /// Lines with a header or a known prefix since the part in hand began.
    private var partLines = 0
    /// The line of the last rule `more` puts around a file's name (`::::::::::::::`), and of
    /// the name after it, and the name.
    private var moreRuleLine = -2
    private var moreNameLine = -2
    private var moreName: String?
    /// Console lines of a separator before the line that ends it (`more`'s rule and name), to
    /// be counted as the new part's.
    private var separatorLines = 0
    /// After a prompt that printed the configuration (`show running-config`), until a message:
    /// its lines are no separators (a `banner motd` of `*** HQ-RTR1 ***`).
    private var showsConfig = false
    /// The console lines (noise that is no record: prompts, blank lines, a command's output) of
    /// each device of a log split by its prompts or separator lines, and how many of them are
    /// blank; by device, the first's left out: each device's own, where the other counts are the
    /// whole input's (see `LogAnalyzer.finishAll`).
    public private(set) var partNoise: [Int] = []
    public private(set) var partBlank: [Int] = []
    /// Records in hand of other routers than the last line's (see `switchHost`).
    private var parked: [Int: (record: Record, cut: Cut)] = [:]
    /// Lines that repeated the one-line record before them, stamp and all (see `readLine`).
    private var exactRepeats = 0
    private var stampedLines = 0
    /// The log came doubled, every line twice in a row (`presetDoubled`, told by `DoubledScan`):
    /// the line before (not blank), its number, and whether it was itself the second of a pair.
    private var doubledLines = false
    private var lastPhysical: [UInt8] = []
    private var lastPhysicalNumber = -1
    private var lastPhysicalWasCopy = false
    /// The line of the last record made of one line at once (`emitPingSummary`,
    /// `emitOperatorCommand`): a copy of it is that line's again, console noise as it is.
    private var ownRecordLine = -1
    /// A relayed line cut at a terminal's width inside the router's stamp after the relay's
    /// header (`… host 1001: *Jul` / ` 16 20:22:15.320: ISAKMP…`), held to be read with the
    /// line that holds the stamp's rest; its number. (See `holdStampPiece`.)
    private var stampPiece: [UInt8] = []
    private var stampPieceNumber = 0
    /// A piece whose next line was not its rest is being read alone: not held again.
    private var stampPieceRead = false
    /// Where the cut stamp starts in `stampPiece`.
    private var stampPieceAt = 0
    /// The physical line being read (valid during `pushLine` only), for `stampPiece`.
    private var physicalLine: UnsafeBufferPointer<UInt8>?

    public init() {}

    /// Receives each completed record, with the lines to count as unrecognized if it is not
    /// understood (0 for a record whose lines the assembler counted itself): the assembler does
    /// not wait for the answer, so records can be parsed on another thread (see `LogAnalyzer`).
    public typealias Emit = (Record, _ unrecognizedLines: Int) throws -> Void

    /// Takes one physical line; `emit` receives each record it completes.
    public mutating func push(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
        _ emit: Emit
    ) rethrows {
        if doubledLines, number != lastPhysicalNumber, readsAsCopy(line, number: number, cut: cut) { return }
        if terminalCodesPossible, let base = line.baseAddress, memchr(base, 0x1B, line.count) != nil {
            try pushWithoutTerminalCodes(line, number: number, cut: cut, emit)
            return
        }
        if backspacesPossible, let edited = Self.edited(line) {
            // Characters typed while debug output was written and erased again (`x^H`, the
            // `BS SP BS` a terminal echoes, DEL), anywhere in a line: read as the terminal showed it.
            backspacesPossible = false
            defer { backspacesPossible = true }
            try edited.withUnsafeBufferPointer { try push($0, number: number, cut: cut, emit) }
            return
        }
        if entitiesPossible, let base = line.baseAddress,
           memchr(base, Int32(UInt8(ascii: "&")), line.count) != nil || memchr(base, Int32(UInt8(ascii: "\\")), line.count) != nil {
            try pushWithoutEntities(line, number: number, cut: cut, emit)
            return
        }
        if markupPossible, let base = line.baseAddress, memchr(base, Int32(UInt8(ascii: "<")), line.count) != nil {
            try pushWithoutMarkup(line, number: number, cut: cut, emit)
            return
        }
        if backticksPossible, let base = line.baseAddress, memchr(base, Int32(UInt8(ascii: "`")), line.count) != nil {
            try pushWithoutBackticks(line, number: number, cut: cut, emit)
            return
        }
        if escapesPossible, let base = line.baseAddress, memchr(base, Int32(UInt8(ascii: "#")), line.count) != nil,
           ByteSearch.contains("#012", in: line) {
            try pushEscaped(line, number: number, cut: cut, emit)
            return
        }
        if !linesKnownClean, let base = line.baseAddress, memchr(base, 0, line.count) != nil {
            try pushAroundNULs(line, number: number, cut: cut, emit)
            return
        }
        if !stampPiece.isEmpty {
            try pushAfterStampPiece(line, number: number, cut: cut, emit)
            return
        }
        try pushLine(line, number: number, cut: cut, emit)
    }

    /// A line with a terminal's codes anywhere in it (colours around a message or a word, a
    /// window title): read without them.
    @inline(never)
    private mutating func pushWithoutTerminalCodes(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                                   _ emit: Emit) rethrows {
        var copy: [UInt8] = []
        Self.withoutTerminalCodes(line, into: &copy)
        terminalCodesPossible = false
        defer { terminalCodesPossible = true }
        try copy.withUnsafeBufferPointer { try push($0, number: number, cut: cut, emit) }
    }

    /// A line copied from a web page's source or an HTML mail: its HTML entities undone
    /// (`&nbsp;` for one of IOS's double spaces, `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;`,
    /// numeric ones, decimal or hex: `&#39;`, `&#x27;`), twice over for a page that escaped them
    /// again (`&amp;nbsp;`).
    @inline(never)
    private mutating func pushWithoutEntities(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                              _ emit: Emit) rethrows {
        var copy = Array(line)
        for _ in 0..<2 {
            guard let undone = Self.withoutEntities(copy) else { break }
            copy = undone
        }
        entitiesPossible = false
        defer { entitiesPossible = true }
        try copy.withUnsafeBufferPointer { try push($0, number: number, cut: cut, emit) }
    }

    /// A line pasted from an HTML mail or page: the tags around it taken off (Outlook's `<p
    /// class=MsoPlainText>…<o:p></o:p></p>`, a `<div>` per line, a trailing `<br>`), and lines
    /// joined by `<br />` read apart, each on this line's number (the line counted once).
    @inline(never)
    private mutating func pushWithoutMarkup(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                            _ emit: Emit) rethrows {
        markupPossible = false
        defer { markupPossible = true }
        if !inlineMarkupSeen, Self.hasClosingTag(line) { inlineMarkupSeen = true }
        guard let pieces = Self.withoutMarkup(line, inline: inlineMarkupSeen) else {
            try push(line, number: number, cut: cut, emit)
            return
        }
        for (k, piece) in pieces.enumerated() {
            try piece.withUnsafeBufferPointer { try push($0, number: number, cut: cut && k == pieces.count - 1, emit) }
        }
        stats.lines -= pieces.count - 1
    }

    /// The end of the HTML tag at `k` (`<p class=MsoPlainText>`, `</div>`, `<o:p>`, `<br />`),
    /// or nil: a tag of the few a mail or a page wraps text in, not a syslog priority (`<189>`)
    /// or a masked address (`<peer-ip>`).
    static func htmlTagEnd(_ line: UnsafeBufferPointer<UInt8>, at k: Int) -> Int? {
        var p = k + 1
        if p < line.count, line[p] == UInt8(ascii: "/") { p += 1 }
        let nameStart = p
        while p < line.count, p - nameStart < 12, ASCII.isAlnum(line[p]) || line[p] == ASCII.colon { p += 1 }
        guard p > nameStart, p < line.count else { return nil }
        var name: UInt64 = 0
        for i in nameStart..<p { name = name << 8 | UInt64(line[i] | 0x20) }
        // (p, div, span, br, o:p, pre, font, html, body, code, tt, li, b, i, u.)
        let names: [UInt64] = [0x70, 0x646976, 0x7370616E, 0x6272, 0x6F3A70, 0x707265, 0x666F6E74, 0x68746D6C,
                               0x626F6479, 0x636F6465, 0x7474, 0x6C69, 0x62, 0x69, 0x75]
        guard p - nameStart <= 4, names.contains(name) else { return nil }
        if line[p] == UInt8(ascii: ">") { return p + 1 }
        guard ASCII.isSpace(line[p]) || line[p] == UInt8(ascii: "/") else { return nil }
        while p < line.count, p - k < 256, line[p] != UInt8(ascii: ">"), line[p] != UInt8(ascii: "<") { p += 1 }
        return p < line.count && line[p] == UInt8(ascii: ">") ? p + 1 : nil
    }

    /// Whether `line` holds a known tag's closing tag (`</span>`, `</b>`, `</font>`): HTML's
    /// inline markup, as a web page's highlighted code block puts around words.
    static func hasClosingTag(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while let at = ByteSearch.find("</", in: line, from: k) {
            if htmlTagEnd(line, at: at) != nil { return true }
            k = at + 2
        }
        return false
    }

    /// The end of a known tag at `k` inside a line (see `htmlTagEnd`): one with attributes must
    /// have an `=` among them (`<span class="hljs-number">`, `<font color=#888>`), so that IOS's
    /// own angle brackets (`<cr>`, `<1-65535>`) and words in them stay.
    static func inlineTagEnd(_ line: UnsafeBufferPointer<UInt8>, at k: Int) -> Int? {
        guard let e = htmlTagEnd(line, at: k) else { return nil }
        if line[e - 2] == UInt8(ascii: "/") || !line[k..<e].contains(ASCII.space) { return e }
        return line[k..<e].contains(UInt8(ascii: "=")) ? e : nil
    }

    /// `line`'s pieces between `<br>` tags, each without the tags at its start and end (and,
    /// `inline`, the known tags inside it: a web page's highlighter's `<span class="hljs-number">
    /// 10.1.1.2</span>`, `<b>`, `<i>`, `<code>`, `<font …>`); nil when it has no such tag.
    static func withoutMarkup(_ line: UnsafeBufferPointer<UInt8>, inline: Bool = false) -> [[UInt8]]? {
        var pieces: [[UInt8]] = []
        var found = false
        var start = 0
        var k = 0
        func add(_ from: Int, _ to: Int) {
            var a = from, b = to
            while a < b, line[a] == UInt8(ascii: "<"), let e = htmlTagEnd(line, at: a), e <= b { a = e; found = true }
            while a < b, line[b - 1] == UInt8(ascii: ">"),
                  let open = line[a..<b].lastIndex(of: UInt8(ascii: "<")), htmlTagEnd(line, at: open) == b { b = open; found = true }
            guard inline else { pieces.append(Array(line[a..<b])); return }
            var piece: [UInt8] = []
            piece.reserveCapacity(b - a)
            var i = a
            while i < b {
                if line[i] == UInt8(ascii: "<"), let e = inlineTagEnd(line, at: i), e <= b {
                    i = e
                    found = true
                    continue
                }
                piece.append(line[i])
                i += 1
            }
            pieces.append(piece)
        }
        while k < line.count {
            guard line[k] == UInt8(ascii: "<") else { k += 1; continue }
            if k + 3 < line.count, line[k + 1] | 0x20 == UInt8(ascii: "b"), line[k + 2] | 0x20 == UInt8(ascii: "r"),
               let e = htmlTagEnd(line, at: k) {
                found = true
                add(start, k)
                start = e
                k = e
                continue
            }
            k += 1
        }
        // (A `<br>` at the end ends the last line: no empty line after it.)
        if start < line.count || pieces.isEmpty { add(start, line.count) }
        return found ? pieces : nil
    }

    /// `line` with its HTML entities undone, markdown's escapes (`\_`, `\*`, `\#`, `\[` …: a
    /// log pasted through a note-taking tool or a converter) and Rich Text's markup (a capture
    /// saved from WordPad or Outlook as `.rtf`: control words before the text, `\par` after it,
    /// `\'a0` for a byte); nil when it has none.
    static func withoutEntities(_ line: [UInt8]) -> [UInt8]? {
        var (a, b) = (0, line.count)
        @inline(__always) func lower(_ k: Int) -> Bool { k < b && line[k] >= 0x61 && line[k] <= 0x7A }
        // (No log line starts with a backslash and a letter, or ends with `\par`.)
        while a < b, line[a] == UInt8(ascii: "\\"), lower(a + 1) {
            a += 1
            while lower(a) { a += 1 }
            if a < b, line[a] == UInt8(ascii: "-") { a += 1 }
            while a < b, ASCII.isDigit(line[a]) { a += 1 }
            if a < b, line[a] == ASCII.space { a += 1 }
        }
        var e = b
        while e > a, ASCII.isSpace(line[e - 1]) || line[e - 1] == 0x0D || line[e - 1] == UInt8(ascii: "}") { e -= 1 }
        for word in ["\\par", "\\line"] where e - a >= word.utf8.count && line[(e - word.utf8.count)..<e].elementsEqual(word.utf8) {
            b = e - word.utf8.count
        }
        guard a == 0 && b == line.count else { return withoutEntities(Array(line[a..<b])) ?? Array(line[a..<b]) }
        let entities: [(String, UInt8)] = [
            ("&nbsp;", ASCII.space), ("&quot;", ASCII.quote), ("&amp;", UInt8(ascii: "&")),
            ("&lt;", UInt8(ascii: "<")), ("&gt;", UInt8(ascii: ">")), ("&apos;", UInt8(ascii: "'")),
        ]
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var found = false
        var i = 0
        next: while i < line.count {
            if line[i] == UInt8(ascii: "\\"), i + 3 < line.count, line[i + 1] == UInt8(ascii: "'"),
               let hi = ASCII.hexValue(line[i + 2]), let lo = ASCII.hexValue(line[i + 3]) {
                // RTF's `\'hh`: a byte of the document's code page (Windows-1252), `\'a0` its no-break space.
                let v = UInt8(hi * 16 + lo)
                if v == 0xA0 { out.append(ASCII.space) } else if v < 0x80 { out.append(v) } else { out += Array(String(UnicodeScalar(v)).utf8) }
                i += 4
                found = true
                continue
            }
            if line[i] == UInt8(ascii: "\\"), i + 1 < line.count, Self.markdownEscaped.contains(line[i + 1]) {
                out.append(line[i + 1])
                i += 2
                found = true
                continue
            }
            if line[i] == UInt8(ascii: "&"), i + 3 < line.count, line[i + 1] == UInt8(ascii: "#") {
                // A numeric one, decimal or hex (`&#39;`, `&#x27;`, `&#X3C;`, `&#xa0;`).
                let hex = line[i + 2] | 0x20 == UInt8(ascii: "x")
                var j = i + (hex ? 3 : 2)
                var v: UInt32 = 0
                let first = j
                while j < line.count, j - first < 7 {
                    if hex, let d = ASCII.hexValue(line[j]) { v = v * 16 + UInt32(d) } else if !hex, ASCII.isDigit(line[j]) { v = v * 10 + UInt32(line[j] - 0x30) } else { break }
                    j += 1
                }
                if j > first, j < line.count, line[j] == UInt8(ascii: ";"), v >= 0x20, v != 0x7F, let u = UnicodeScalar(v) {
                    if v == 0xA0 { out.append(ASCII.space) } else { out += Array(String(u).utf8) }
                    i = j + 1
                    found = true
                    continue
                }
            }
            if line[i] == UInt8(ascii: "&") {
                for (name, b) in entities {
                    let u = Array(name.utf8)
                    if i + u.count <= line.count, line[i..<i + u.count].elementsEqual(u) {
                        out.append(b)
                        i += u.count
                        found = true
                        continue next
                    }
                }
            }
            out.append(line[i])
            i += 1
        }
        return found ? out : nil
    }

    /// A line pasted in a chat or a Markdown note with backticks around it, around each message
    /// (`` `*Mar  1 00:01:02.123: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1` ``)
    /// or around words (`` `IKE_READY` ``, `` `10.1.1.2` ``): read without them.
    @inline(never)
    private mutating func pushWithoutBackticks(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                               _ emit: Emit) rethrows {
        backticksPossible = false
        defer { backticksPossible = true }
        guard let copy = Self.withoutCodeSpans(line) else {
            try push(line, number: number, cut: cut, emit)
            return
        }
        try copy.withUnsafeBufferPointer { try push($0, number: number, cut: cut, emit) }
    }

    /// `line` without the backticks that open or close Markdown's code spans: each one not
    /// between two letters or digits (IOS prints none); nil when it has none, and for a fence's
    /// line (```` ``` ````, ```` ```text ````), left as it is.
    static func withoutCodeSpans(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let tick = UInt8(ascii: "`")
        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        if i + 2 < line.count, line[i] == tick, line[i + 1] == tick, line[i + 2] == tick { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(line.count)
        var found = false
        for k in 0..<line.count {
            if line[k] == tick, !(k > 0 && ASCII.isAlnum(line[k - 1]) && k + 1 < line.count && ASCII.isAlnum(line[k + 1])) {
                found = true
                continue
            }
            out.append(line[k])
        }
        return found ? out : nil
    }

    /// The characters markdown escapes with a backslash.
    static let markdownEscaped: Set<UInt8> = Set("_*#[]()<>-.!|`{}+~\\".utf8)

    /// A line with NUL bytes in it. A crash leaves a run of zeros in a log file where a
    /// line was being written, and the router's next line follows the zeros on the same
    /// physical line: when what follows the last NULs starts a message, it is read as the
    /// line, and the cut-off text before it is kept as an unrecognized fragment (the line
    /// counts once, with the message). Otherwise the line is read without its NULs.
    private mutating func pushAroundNULs(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                         _ emit: Emit) rethrows {
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
            Self.startOrphan(&orphan, UnsafeBufferPointer(rebasing: all[..<lastRun]), number: number, cut: false)
            // A secret in it is masked as in any record: a key table row's key here, the
            // rest when the event's text is made.
            Self.maskTableRowKey(&orphan, from: 0)
            try flushHeld(emit)
            orphan.device = device(of: orphan)
            orphan.logShownAt = logShownLine
            try emit(orphan, 0)
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
                                      _ emit: Emit) rethrows {
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
        appendRestOfMessage(pieces.dropFirst(), of: number)
    }

    /// A log exported by a log store as JSON lines (Elasticsearch, Graylog, Loki, `journalctl -o
    /// json`, Splunk, fluent-bit, Azure Monitor): the message field's text, its escapes undone,
    /// and the host field if any (`"host":"R1"`, `"hostname"`, `"source"`, `"Computer"`, ECS's
    /// `"host":{"name":"R1"}`). The message field is the first of `_raw`, `event.original` (ECS,
    /// nested or flat), `full_message`, `message`, `MESSAGE`, `Message`, `SyslogMessage`, `msg`,
    /// `log`, `raw`, `short_message` that holds a string, at any depth (Splunk's
    /// `{"result":{"_raw":…}}`, Graylog's `{"message":{"message":…}}`).
    @inline(never)
    static func jsonExportMessage(_ line: UnsafeBufferPointer<UInt8>) -> (text: [UInt8], host: [UInt8]?)? {
        // The string value of the first `key` in `line`, its escapes undone.
        // (Of every place the key stands, the first whose value is a string: a key of the same
        // name may hold an object, `"message":{"message":"…"}`, or stand escaped in a value.)
        func value(after key: StaticString, in line: UnsafeBufferPointer<UInt8> = line) -> [UInt8]? {
            var from = 0
            var found: Int?
            while found == nil, let k = ByteSearch.find(key, in: line, from: from) {
                from = k + 1
                guard k == 0 || line[k - 1] != UInt8(ascii: "\\") else { continue }
                var i = k + key.utf8CodeUnitCount
                while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
                guard i < line.count, line[i] == ASCII.colon else { continue }
                i += 1
                while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
                guard i < line.count, line[i] == UInt8(ascii: "\"") else { continue }
                found = i + 1
            }
            guard var i = found else { return nil }
            var out: [UInt8] = []
            while i < line.count, line[i] != UInt8(ascii: "\"") {
                var b = line[i]
                if b == UInt8(ascii: "\\"), i + 1 < line.count {
                    i += 1
                    switch line[i] {
                    case UInt8(ascii: "n"): b = ASCII.newline
                    case UInt8(ascii: "t"): b = ASCII.tab
                    case UInt8(ascii: "r"): b = 0x0D
                    case UInt8(ascii: "u"):
                        // `\u00e9`: the code point as UTF-8 (a surrogate half becomes `?`).
                        var v: UInt32 = 0
                        var n = 0
                        while n < 4, i + 1 < line.count, let d = ASCII.hexValue(line[i + 1]) { v = v << 4 | UInt32(d); i += 1; n += 1 }
                        let scalar = Unicode.Scalar(v) ?? "?"
                        out.append(contentsOf: Array(String(Character(scalar)).utf8))
                        i += 1
                        continue
                    default: b = line[i]  // `\"`, `\\`, `\/`
                    }
                }
                out.append(b)
                i += 1
            }
            return out
        }
        func eventOriginal() -> [UInt8]? {
            if let v = value(after: "\"event.original\"") { return v }
            guard let e = ByteSearch.find("\"event\"", in: line) else { return nil }
            return value(after: "\"original\"", in: UnsafeBufferPointer(rebasing: line[e...]))
        }
        var found: [UInt8]? = value(after: "\"_raw\"") ?? eventOriginal()
        let messageKeys: [StaticString] = ["\"full_message\"", "\"message\"", "\"MESSAGE\"", "\"Message\"",
                                           "\"SyslogMessage\"", "\"msg\"", "\"log\"", "\"raw\"", "\"short_message\""]
        for key in messageKeys where found == nil { found = value(after: key) }
        guard let text = found else { return nil }
        var host: [UInt8]?
        let hostKeys: [StaticString] = ["\"hostname\"", "\"HostName\"", "\"host\"", "\"host.name\"", "\"Computer\"", "\"source\""]
        for key in hostKeys where host == nil { host = value(after: key) }
        if host == nil, let h = ByteSearch.find("\"host\"", in: line) {
            // ECS: `"host":{"name":"R1", …}`.
            host = value(after: "\"name\"", in: UnsafeBufferPointer(rebasing: line[h...]))
        }
        return (text, host.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `push` for a line of a JSON export (`{…"message":"…"…}`): the message is read as the
    /// lines it holds, under its host's name (as a relay's `<0>0: R1: ` header would give it),
    /// and the physical line counts once; false when the line is none (then `push` it). Called
    /// by the reader for lines that start with `{`, so that `push` stays as lean as the usual
    /// line needs.
    @inline(never)
    public mutating func pushJSONExport(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                        _ emit: Emit) rethrows -> Bool {
        guard line.count > 12, let message = Self.jsonExportMessage(line) else { return false }
        var pieces = message.text.split(separator: ASCII.newline, omittingEmptySubsequences: false).map { Array($0) }
        while pieces.count > 1, pieces.last!.allSatisfy(ASCII.isSpace) { pieces.removeLast() }
        var first = pieces[0]
        if let host = message.host, first.first != UInt8(ascii: "<") {
            first = Self.underHost(host, first)
        }
        // (Through `push`, as any line: its checks apply to the message's text too.)
        try first.withUnsafeBufferPointer { try push($0, number: number, cut: cut, emit) }
        appendRestOfMessage(pieces.dropFirst(), of: number)
        return true
    }

    /// A line of the tool that collected the log, not the router's (Ansible's `TASK [show logging]
    /// ***`, `ok: [R1] => {`, the brackets and fields of its JSON): console noise, and no part of
    /// the router's lines around it, as a blank line is none.
    public mutating func pushToolLine(number: Int, cut: Bool, _ emit: Emit) rethrows {
        try push(UnsafeBufferPointer(start: nil, count: 0), number: number, cut: cut, emit)
        stats.blank -= 1
    }

    /// Counts `extra` physical lines more for the line just pushed: a line of a mail's
    /// quoted-printable body that soft breaks had cut (see `QuotedPrintable`), read as one.
    public mutating func countJoinedLines(_ extra: Int) {
        stats.lines += extra
    }

    /// A CSV export's columns, learned from its header row (`"timestamp","source","message"`,
    /// `@timestamp,host.name,message`, `"_raw","_time","host",…`): which one holds the line as
    /// logged, and which the router's name (-1: none).
    public private(set) var csvLineColumn = -1
    private var csvHostColumn = -1
    /// The column of the time the log store gave each line (`_time`, `@timestamp`, `timestamp`),
    /// -1: none. A store that parsed the router's stamp out of the line keeps it there only.
    private var csvTimeColumn = -1
    /// The export's field separator: a comma, or a semicolon (a spreadsheet in a locale whose
    /// decimal mark is the comma), or a tab.
    private var csvSeparator = ASCII.comma
    /// The input is a spreadsheet's one column of the log's lines, each quoted (see `pushCSVRow`).
    private var csvQuotedLines = false

    /// The fields of a CSV row (RFC 4180: a quoted field may hold commas, `""` is a quote); nil
    /// when a quote is left open or text follows a closing quote.
    static func csvFields(_ line: UnsafeBufferPointer<UInt8>, separator: UInt8 = ASCII.comma) -> [[UInt8]]? {
        var fields: [[UInt8]] = []
        var i = 0
        var end = line.count
        while end > 0, line[end - 1] == 0x0D { end -= 1 }
        while true {
            var field: [UInt8] = []
            if i < end, line[i] == ASCII.quote {
                i += 1
                var closed = false
                while i < end {
                    if line[i] == ASCII.quote {
                        if i + 1 < end, line[i + 1] == ASCII.quote { field.append(ASCII.quote); i += 2; continue }
                        closed = true
                        i += 1
                        break
                    }
                    field.append(line[i])
                    i += 1
                }
                guard closed, i == end || line[i] == separator else { return nil }
            } else {
                while i < end, line[i] != separator { field.append(line[i]); i += 1 }
            }
            fields.append(field)
            if i >= end { return fields }
            i += 1  // the comma
        }
    }

    /// The columns of a CSV export's header row: the line's (`_raw`, `message`, `msg`, `log`, …),
    /// the host's (`host`, `hostname`, `host.name`, `source`, `device`) and the time's (`_time`,
    /// `timestamp`, `@timestamp`, `date`), or nil when the row is no such header (every field a
    /// short name, one of them the line's).
    static func csvHeader(_ fields: [[UInt8]]) -> (line: Int, host: Int, time: Int)? {
        guard fields.count >= 2, fields.count <= 64 else { return nil }
        var line = -1
        var host = -1
        var hostRank = Int.max
        var time = -1
        var timeRank = Int.max
        for (k, f) in fields.enumerated() {
            guard f.count <= 40, f.allSatisfy({ ASCII.isAlnum($0) || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") || $0 == ASCII.minus || $0 == ASCII.space }) else { return nil }
            let name = String(decoding: f, as: UTF8.self).lowercased()
            if line < 0, ["_raw", "raw", "message", "msg", "full_message", "log", "raw message", "rawmessage",
                          "syslog message", "message text", "text", "event", "event.original", "payload",
                          "raw_message", "log message", "log.original"].contains(name) { line = k }
            let ranks = ["host": 0, "hostname": 1, "host.name": 2, "host.hostname": 3, "log.syslog.hostname": 4,
                         "device": 5, "devicename": 6, "device name": 7, "node": 8, "log source": 9, "logsource": 10,
                         "source": 11, "fromhost": 12, "source ip": 13, "sourceip": 14, "host.ip": 15]
            if let r = ranks[name], r < hostRank { host = k; hostRank = r }
            let timeRanks = ["_time": 0, "@timestamp": 1, "timestamp": 2, "time": 3, "date": 4, "datetime": 5, "date/time": 6,
                             "event time": 7, "eventtime": 8, "devtime": 9, "device time": 10, "log time": 11, "logtime": 12,
                             "received time": 13, "receivedtime": 14, "timegenerated": 15, "generated": 16]
            if let r = timeRanks[name], r < timeRank { time = k; timeRank = r }
        }
        return line >= 0 ? (line, host, time) : nil
    }

    /// `push` for a row of a CSV export: its line's field, under its host's name when the
    /// export has a host column (as a relay's `<0>0: R1: ` header would give it). Without a
    /// header row (Splunk's `"_raw","_time",…` has one, but rows get pasted without it), the
    /// first field, or when that is only a stamp the last one (Graylog's, Kibana's order). Returns false when
    /// the line is no such row (then `push` it).
    @inline(never)
    public mutating func pushCSVExport(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                       _ emit: Emit) rethrows -> Bool {
        if !csvRow.isEmpty {
            // A row whose quoted field goes on past its line end (a message with its unstamped
            // lines, merged into one event by the log store): held to its closing quote.
            var end = line.count
            while end > 0, line[end - 1] == 0x0D { end -= 1 }
            csvRow.append(0x0A)
            csvRow.append(contentsOf: line[..<end])
            csvRowLines += 1
            if Self.quotesOpen(csvRow) {
                if csvRow.count <= Self.maxCSVRow, csvRowLines <= Self.maxCSVRowLines { return true }
                // (Too long for a row: its lines are read as they are.)
                try releaseCSVRow(emit)
                return true
            }
            let row = csvRow
            csvRow = []
            let first = csvRowFirst
            return try row.withUnsafeBufferPointer { r in
                if try pushCSVRow(r, number: first, cut: cut, emit) { return true }
                // (No row after all: its lines are read as they are.)
                csvRow = row
                try releaseCSVRow(emit)
                return true
            }
        }
        if csvLineColumn < 0, let (header, separator) = Self.csvHeaderRow(line) {
            // (The header row itself is read as any line: it names no message.)
            csvLineColumn = header.line
            csvHostColumn = header.host
            csvTimeColumn = header.time
            csvSeparator = separator
            return false
        }
        if line.count > 2, line[0] == ASCII.quote || csvLineColumn >= 0, Self.quotesOpen(line) {
            var end = line.count
            while end > 0, line[end - 1] == 0x0D { end -= 1 }
            csvRow = Array(line[..<end])
            csvRowFirst = number
            csvRowLines = 1
            return true
        }
        return try pushCSVRow(line, number: number, cut: cut, emit)
    }

    /// A row's quoted field held over lines (see `pushCSVExport`): the row so far, its first
    /// line's number, how many lines it has.
    private var csvRow: [UInt8] = []
    private var csvRowFirst = 0
    private var csvRowLines = 0
    /// A row held longer than this is no row (a quote left open by mistake).
    static let maxCSVRow = 1 << 16
    static let maxCSVRowLines = 256
    /// A CSV row's quoted field is open at a line's end.
    public var csvRowOpen: Bool { !csvRow.isEmpty }

    /// An odd number of quotes: a quoted field left open (`""` inside one counts twice).
    static func quotesOpen(_ bytes: some Collection<UInt8>) -> Bool {
        var open = false
        for b in bytes where b == ASCII.quote { open.toggle() }
        return open
    }

    /// The lines of a row held open, read as they are (no row after all).
    private mutating func releaseCSVRow(_ emit: Emit) rethrows {
        let row = csvRow
        csvRow = []
        var number = csvRowFirst
        for piece in row.split(separator: 0x0A, omittingEmptySubsequences: false) {
            try Array(piece).withUnsafeBufferPointer { try push($0, number: number, cut: false, emit) }
            number += 1
        }
    }

    /// One row of a CSV export (its fields' line ends in it for a row held over lines): its
    /// message's lines read each under its number, as the lines they were.
    private mutating func pushCSVRow(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                     _ emit: Emit) rethrows -> Bool {
        // (`""`, two bytes, is a blank line of a spreadsheet's one column.)
        guard line.count > 2 || csvQuotedLines && csvLineColumn < 0, let fields = Self.csvFields(line, separator: csvSeparator) else { return false }
        var text: [UInt8]
        var host: [UInt8] = []
        var time: [UInt8] = []
        if csvLineColumn < 0, fields.count == 1, line[0] == ASCII.quote {
            // A spreadsheet's one column saved as CSV, every line a quoted field (`"*Jun 19 …:
            // ISAKMP…"`, `""` a quote, `""` alone a blank line): the line, once one such field read
            // as a router's line (its stamped or known message, a relay's, a prompt).
            guard csvQuotedLines || fields[0].withUnsafeBufferPointer({ f in
                LearnedPrefix.readsAsIs(f) || HostTag.promptName(f, from: 0) != nil
            }) else { return false }
            csvQuotedLines = true
            text = fields[0]
        } else if csvLineColumn >= 0 {
            guard fields.count > csvLineColumn else { return false }
            text = fields[csvLineColumn]
            if csvTimeColumn >= 0, csvTimeColumn < fields.count { time = fields[csvTimeColumn] }
            if csvHostColumn >= 0, csvHostColumn < fields.count {
                host = fields[csvHostColumn]
                // QRadar's `R1 @ 10.0.0.1`: the name in front.
                if let at = host.firstIndex(of: UInt8(ascii: "@")), at > 1, host[at - 1] == ASCII.space { host = Array(host[..<(at - 1)]) }
                if host.contains(where: { $0 == ASCII.space || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") && !host.contains(UInt8(ascii: ".")) }) {
                    host = []  // (a file path, Splunk's `source`; not a router's name)
                }
            }
        } else {
            guard line[0] == ASCII.quote, fields.count >= 2, !fields[0].isEmpty else { return false }
            text = fields[0]
            let onlyStamp = text.withUnsafeBufferPointer { t in
                let h = LineHeader.parse(t, from: 0)
                return h.hadHeader && h.bodyStart >= t.count
            }
            if onlyStamp { (time, text) = (fields[0], fields[fields.count - 1]) }
        }
        // (A line that names its router itself, a syslog server's `Jun 19 12:29:54 10.0.0.1 250: …`
        // collected by a forwarder whose host column is the server, keeps that name.)
        if text.contains(0x0A) {
            // A message and its unstamped lines in one field: each line under its own number.
            var n = number
            for piece in text.split(separator: 0x0A, omittingEmptySubsequences: false) {
                var l = Array(piece)
                if l.last == 0x0D { l.removeLast() }
                try pushCSVText(l, host: host, time: n == number ? time : [], number: n, cut: false, emit)
                n += 1
            }
            return true
        }
        try pushCSVText(text, host: host, time: time, number: number, cut: cut, emit)
        return true
    }

    /// A line of a CSV export's row, under its host (see `pushCSVRow`); a router's message without
    /// a stamp of its own (the log store parsed it out into its time column) behind the time
    /// column's date and time, as the router wrote it (`Jun 19 12:28:44.251: ISAKMP…`).
    private mutating func pushCSVText(_ text: [UInt8], host: [UInt8], time: [UInt8], number: Int, cut: Bool,
                                      _ emit: Emit) rethrows {
        var text = text
        if !time.isEmpty, text.withUnsafeBufferPointer(Self.startsRouterMessage),
           let stamp = time.withUnsafeBufferPointer({ LearnedPrefix.stamp($0, before: $0.count) }) {
            var stamped: [UInt8] = []
            text.withUnsafeBufferPointer { LearnedPrefix.stamped($0, stamp, into: &stamped) }
            text = stamped
        }
        if !host.isEmpty, text.first != UInt8(ascii: "<"),
           text.withUnsafeBufferPointer({ t in let h = LineHeader.parse(t, from: 0); return h.hostRange == nil && h.relayEnd < 0 }) {
            text = Self.underHost(host, text)
        }
        try text.withUnsafeBufferPointer { try push($0, number: number, cut: cut, emit) }
    }

    /// Whether `text` starts a router's message without its stamp: a known one (`ISAKMP:(0):…`,
    /// `%CRYPTO-…`), or a facility's capitals and a colon after them (`ISAKMP AAA: Accounting is
    /// not enabled`, `ISAKMP/xauth: …`, `NHRP: …`); not a prompt (`HUB#debug crypto isakmp`), not the console's
    /// words (`Crypto ISAKMP debugging is on`).
    static func startsRouterMessage(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if BodyPrefix.known(ByteCursor(text, from: 0)) { return true }
        var k = 0
        while k < text.count, ASCII.isUpper(text[k]) || ASCII.isDigit(text[k]) || text[k] == UInt8(ascii: "_") { k += 1 }
        guard k >= 3, k < text.count, ASCII.isUpper(text[0]),
              text[k] == ASCII.colon || text[k] == ASCII.space || text[k] == ASCII.lparen || text[k] == ASCII.slash else { return false }
        let end = min(text.count, 40)
        return k < end && text[k..<end].contains(ASCII.colon)
    }

    /// `text` under a relay's header naming `host` (`<0>0: R1: …`): how an export's or grep's
    /// host column is given to the lines it names. (Its number, 0, is no message's: see
    /// `seenBefore`.)
    static func underHost(_ host: some Collection<UInt8>, _ text: some Collection<UInt8>) -> [UInt8] {
        var line: [UInt8] = []
        appendHostHeader(host, to: &line)
        line.append(contentsOf: text)
        return line
    }

    /// The header `underHost` puts in front of a line, appended to `line`.
    static func appendHostHeader(_ host: some Collection<UInt8>, to line: inout [UInt8]) {
        line.append(contentsOf: "<0>0: ".utf8)
        line.append(contentsOf: host)
        line.append(ASCII.colon)
        line.append(ASCII.space)
    }

    /// A CSV export's header row (see `csvHeader`), its fields separated by commas, semicolons
    /// or tabs, and the separator.
    static func csvHeaderRow(_ line: UnsafeBufferPointer<UInt8>) -> ((line: Int, host: Int, time: Int), UInt8)? {
        for separator in [ASCII.comma, UInt8(ascii: ";"), ASCII.tab] where line.contains(separator) {
            if let fields = csvFields(line, separator: separator), let header = csvHeader(fields) { return (header, separator) }
        }
        return nil
    }

    /// The other lines of a message that came on one physical line (`#012`, `\n`), joined to the
    /// record that line started.
    private mutating func appendRestOfMessage(_ pieces: ArraySlice<[UInt8]>, of number: Int) {
        guard hasCurrent, current.lastLine == number else { return }
        for piece in pieces {
            piece.withUnsafeBufferPointer { appendLineOfMessage($0) }
        }
        lastCut = Cut()
    }

    /// Appends a line of the message in hand that came apart from it (an rsyslog piece,
    /// a dump line a relay gave a header of its own): indented, a sub-line; else joined.
    private mutating func appendLineOfMessage(_ piece: UnsafeBufferPointer<UInt8>) {
        var indent = 0
        while indent < piece.count, ASCII.isSpace(piece[indent]) { indent += 1 }
        if indent == piece.count || current.text.count + piece.count > Self.maxRecordBytes { return }
        if indent == 0 && !(current.text.last.map(ASCII.isSpace) ?? true) { current.text.append(ASCII.space) }
        Self.appendContinuation(&current, UnsafeBufferPointer(rebasing: piece[indent...]), asSubLine: indent > 0)
    }

    /// Where a host's name stands among those the lines before named.
    private enum SeenHost { case last, other, none }

    /// `name` is the last line's host, another one the lines before named, or none of them.
    /// (`mutating`, as its callers: a non-mutating call from them copies the assembler first.)
    private mutating func seenHost(_ name: UnsafeBufferPointer<UInt8>) -> SeenHost {
        if name.count == lastHost.count, memcmp(name.baseAddress!, lastHost, lastHost.count) == 0 { return .last }
        return hostIndex[String(decoding: name, as: UTF8.self)] != nil ? .other : .none
    }

    /// A host the lines before named, not the last line's (or a new one with the relay's number
    /// after it), and one blank at `c`: past them, and the host's range (a relay's header on
    /// another router's line).
    private mutating func knownHost(_ c: ByteCursor) -> (ByteCursor, (Int, Int))? {
        var p = c
        let start = p.pos
        while let b = p.peek, ASCII.isWord(b) { p.pos += 1 }
        let end = p.pos
        guard end > start, end - start <= 64, p.skip(ASCII.space) || p.skip(ASCII.tab) else { return nil }
        switch seenHost(UnsafeBufferPointer(rebasing: p.buf[start..<end])) {
        case .last: return nil
        case .other: break
        case .none:
            // A router not seen yet, its relay's number after it as on the lines before
            // (`… 10.0.0.1 7: SPOKE1#ping 10.20.2.1`, its console's lines before its first message).
            var q = p
            guard relayNumbered, q.readInt() != nil, q.skip(ASCII.colon), q.skip(ASCII.space) else { return nil }
        }
        return (p, (start, end))
    }

    /// `HOST NUMBER: NAME: ` at `c`, NAME the last line's host (nil) or another known one (its
    /// range): a forwarding syslog server's header and the router's origin-id; where the text starts.
    /// (`mutating`: called in place from `readOneLine`; a non-mutating call there copies the whole
    /// assembler, a kilobyte, first.)
    private mutating func forwardedOrigin(_ c: ByteCursor) -> (ByteCursor, (Int, Int)?)? {
        var p = c
        let h = p.pos
        while let b = p.peek, ASCII.isWord(b) { p.pos += 1 }
        guard p.pos > h, p.pos - h <= 255, p.skip(ASCII.space), p.readInt() != nil, p.skip(ASCII.colon), p.skip(ASCII.space) else { return nil }
        let start = p.pos
        while let b = p.peek, ASCII.isWord(b) { p.pos += 1 }
        let end = p.pos
        guard end > start, end - start <= 64, p.skip(ASCII.colon), p.skip(ASCII.space) else { return nil }
        switch seenHost(UnsafeBufferPointer(rebasing: p.buf[start..<end])) {
        case .last: return (p, nil)
        case .other: return (p, (start, end))
        case .none: return nil
        }
    }

    /// Where the line a syslog relay was given starts, in a relayed line whose text is no
    /// known message (the header parser stops in front of what it cannot tell from a
    /// body: `<189>13: R1: E_I_MM2`, `Nov 10 09:00:00 10.0.0.1 13: HQ#`): past a sequence
    /// number and the host of the records in hand, with the one space after each (an
    /// indented field keeps its indentation). `nil` when the line names another host, or
    /// a relay's stamp is not followed by this one's.
    /// `otherHost`: the range of the name of another router than the lines before named, when
    /// the relay's line names it after its number (`<189>2: R2: Type escape sequence to abort.` among
    /// R1's lines): the text after it is that router's.
    /// (`mutating`: called in place from `readOneLine`; a non-mutating call there copies the whole
    /// assembler, a kilobyte, first.)
    private mutating func relayedText(_ line: UnsafeBufferPointer<UInt8>, header: LineHeader.Result, otherHost: inout (Int, Int)?) -> Int? {
        if let r = header.hostRange {
            guard r.1 - r.0 == lastHost.count, memcmp(line.baseAddress! + r.0, lastHost, lastHost.count) == 0 else { return nil }
        }
        var c = ByteCursor(line, from: header.bodyStart)
        if header.relayEnd >= 0, header.relayEnd < header.bodyStart {
            // Only blanks between the relay's header (and the space after it) and the text:
            // they indent the text.
            var k = header.relayEnd
            while k < header.bodyStart, ASCII.isSpace(line[k]) { k += 1 }
            if k == header.bodyStart { c.pos = header.relayEnd }
        }
        var named = header.hostRange != nil
        // (A host the header parser took, RFC 5424's, ends the relay's header.)
        var numbered = named
        var f = 0
        while f < line.count, ASCII.isSpace(line[f]) { f += 1 }
        let priority = f < line.count && line[f] == UInt8(ascii: "<")
        // A terminal program's stamp on each line it logged (PuTTY's `2024-06-19 12:28:44 `: a
        // date, a space, a time) names no host: the router's line follows it. (A TAB after it is a
        // log store's column, `2024-06-19 12:28:44.251<TAB>r1<TAB>…`: the host follows.)
        let toolStamp = header.stamp != nil && !priority && f + 10 < line.count && line[f + 10] == ASCII.space
            && LineHeader.iso(ByteCursor(line, from: f)).map { $0.0.peek != ASCII.tab } == true
        var facility = false
        for _ in 0..<3 {
            // (A sequence number and a host, once each: `1: 80007F…` after them is the text;
            // between them, a syslog template's `local7.debug`.)
            var p = c
            if named, !numbered, !facility, let f = LineHeader.facilityLevel(p, oneBlank: true) {
                c = f; facility = true; continue
            }
            // (A syslog number follows its priority or its host: `<189>13: `, `10.0.0.1 13: `.)
            if !numbered, priority || named && relayNumbered, p.readInt() != nil, p.skip(ASCII.colon), p.skip(ASCII.space) {
                c = p; numbered = true; continue
            }
            p = c
            if !named, !numbered, !lastHost.isEmpty, let (after, origin) = forwardedOrigin(p) {
                // A forwarding server's host and number, then the router's origin-id, which named
                // the device (`… syslog-fwd01 501: R1: Payload contents:`, a message's later line).
                if let origin { otherHost = origin }
                c = after; named = true; numbered = true; continue
            }
            if !named, !lastHost.isEmpty, p.remaining > lastHost.count,
               memcmp(line.baseAddress! + p.pos, lastHost, lastHost.count) == 0 {
                p.pos += lastHost.count
                _ = p.skip(ASCII.colon)
                // (One blank after it: a space, or a log store's TAB between its columns.)
                if p.skip(ASCII.space) || p.skip(ASCII.tab) { c = p; named = true; continue }
            } else if !named, !lastHost.isEmpty, priority, let f = p.peek, ASCII.isAlnum(f) {
                // Another router's name, its colon and a space (where this relay puts the host).
                let start = p.pos
                while let b = p.peek, ASCII.isWord(b) { p.pos += 1 }
                let end = p.pos
                if end - start <= 64, p.skip(ASCII.colon), p.skip(ASCII.space) {
                    otherHost = (start, end)
                    c = p; named = true; continue
                }
            } else if !named, lastHost.isEmpty, priority || header.stamp != nil && !toolStamp, let f = p.peek, ASCII.isAlnum(f) {
                // Before any host is known (the lines before had no relay header): after a
                // syslog priority an origin-id `R1: `, after a relay's stamp its host.
                while let b = p.peek, ASCII.isWord(b) { p.pos += 1 }
                if p.pos - c.pos <= 64, p.skip(ASCII.colon) || header.stamp != nil, p.skip(ASCII.space) || p.skip(ASCII.tab) { c = p; named = true; continue }
            }
            if !named, !lastHost.isEmpty, header.stamp != nil, !toolStamp, !priority, let (after, other) = knownHost(c) {
                // Another router's line after the relay's stamp (a syslog server's file that mixes
                // routers, a packet dump's line of one between two messages of the other): the
                // text after its host is that router's.
                otherHost = other
                c = after; named = true; continue
            }
            break
        }
        // A BSD syslog line names its host after the relay's stamp.
        if header.stamp != nil && !named && !toolStamp { return nil }
        return c.pos
    }

    /// The text starts like a message of its own: a facility's word in capitals and its
    /// punctuation (`OSPF-1 ADJ`, `CDP-EV:`, `NHRP:`, `CRYPTO_PKI:`), not the rest of a line
    /// cut at 80 columns (`E_I_MM2`, `NONCE payload`).
    private static func startsLikeMessage(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let c = ByteCursor(line, from: start)
        if c.startsWith("ISAKMP") || c.startsWith("IPSEC") || c.startsWith("IKEv2") || c.startsWith("IPSec") { return true }
        var i = start
        while i < line.count, ASCII.isUpper(line[i]) || ASCII.isDigit(line[i]) || line[i] == UInt8(ascii: "_") { i += 1 }
        guard i - start >= 2, i < line.count else { return false }
        return line[i] == ASCII.colon || line[i] == ASCII.minus || line[i] == ASCII.lparen
    }

    private mutating func pushLine(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
        _ emit: Emit
    ) rethrows {
        heldNow = false
        stats.lines += 1
        if cut { stats.truncated += 1 }
        if !linesKnownClean { checkEncoding(line) }
        let tail = secretTail
        secretTail = .none
        var line = line
        stampedBy = stampAdded
        stampedStart = stampAdded > 0 ? line.baseAddress : nil
        stampAdded = 0
        takenIndent = 0
        quoteTaken = 0
        if baseIndent > 0 {
            var k = 0
            while k < baseIndent, k < line.count, ASCII.isSpace(line[k]) { k += 1 }
            if k == baseIndent { line = UnsafeBufferPointer(rebasing: line[k...]); takenIndent = k }
        }
        wrapIndentTaken = false
        let n = takeWrapIndent(line, number: number)
        if n > 0 { line = UnsafeBufferPointer(rebasing: line[n...]) }
        wholeLength = line.count - stampedBy
        var measured = line.count
        if !linesKnownClean, Self.mayHaveTypography(line), Self.withoutTypography(line, into: &scratch) {
            // A log copied from a web page or a document: no-break spaces (`&nbsp;`) for some
            // of its spaces, an editor's curly quotes for IOS's straight ones (`peer’s`).
            let copy = scratch
            wholeLength = copy.count - stampedBy
            // (Measured as the terminal printed it: one column for each space, not its bytes.)
            measured = copy.count
            try copy.withUnsafeBufferPointer {
                if stampedBy > 0 { stampedStart = $0.baseAddress }
                try readLine($0, number: number, cut: cut, relayed: false, tail: tail, emit)
            }
        } else {
            try readLine(line, number: number, cut: cut, relayed: false, tail: tail, emit)
        }
        // (A double-spaced copy, a blank line after each line: the line before the blank is still
        // the one a rest after it continues.)
        let blank = !line.contains(where: { !ASCII.isSpace($0) && $0 != 0x0D })
        blankRun = blank ? blankRun + 1 : 0
        if blank, presetDoubleSpaced || stats.blank >= 4 && stats.blank * 5 >= stats.lines * 2 {
            stampedStart = nil
            stampedBy = 0
            if hasHeld && !heldNow { try flushHeld(emit) }
            return
        }
        lengthBefore = previousLength
        previousLength = measured - stampedBy - quoteTaken
        previousEndedBlank = line.last == ASCII.space
        if wrapIndentTaken, !hardWrapped(previousLength),
           hardWrapped(previousLength + wrapIndentTakenCount) || learnedWidth < 0 && previousLength + wrapIndentTakenCount == longestLine {
            // A rest that filled the terminal's width with its blanks: cut again (or, before
            // the width is known, as long as the longest line so far).
            previousLength += wrapIndentTakenCount
            if hasCurrent, current.lastLine == number, hardWrapped(previousLength) { lastCut.whole = true; lastCut.relayed = true }
        }
        if hasCurrent, current.lastLine == number { currentLength = previousLength }
        if previousLength > longestLine { noteLongest(previousLength) }
        stampedStart = nil
        stampedBy = 0
        // The held record waits for one line only.
        if hasHeld && !heldNow { try flushHeld(emit) }
    }

    /// How many blanks before `line` are a wrap's before the rest of a line cut at the terminal's
    /// width (0: none), noted as taken (`wrapIndentTaken`): the rest is read bare.
    private mutating func takeWrapIndent(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Int {
        guard line.count > 1, line[0] == ASCII.space || wrapIndentTab && line[0] == ASCII.tab, stampedBy == 0,
              hardWrapped(previousLength) || indentedWraps && hasHeld && !heldBlock
                || learnedWidth < 0 && previousLength >= 40 && previousLength == longestLine else { return 0 }
        let n = takesWrapIndent(line, number: number)
        if n > 0 {
            wrapIndentTaken = true
            wrapIndentTakenCount = n
        }
        return n
    }

    /// Reads one line (`relayed`: the line a syslog relay was given, its header taken off).
    /// The messages glued on one line (its line ends lost) are read one after the other, in a
    /// loop: a whole log flattened onto one line is tens of thousands of them, too deep for
    /// a call each.
    private mutating func readLine(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, relayed: Bool, tail: SecretMasker.Tail,
        _ emit: Emit
    ) rethrows {
        var line = line, tail = tail
        while true {
            gluedRest = nil
            try readOneLine(line, number: number, cut: cut, relayed: relayed, tail: tail, emit)
            guard let rest = gluedRest else { return }
            line = UnsafeBufferPointer(rebasing: line[rest.at...])
            tail = rest.tail
        }
    }

    /// Reads `line[..<end]`, the message before one glued on at `g`, as a line of its own, and
    /// leaves the glued one in `gluedRest` for `readLine` (with the secret the first ended in).
    private mutating func readBeforeGlued(
        _ line: UnsafeBufferPointer<UInt8>, end: Int, glued g: Int, number: Int, relayed: Bool, tail: SecretMasker.Tail,
        _ emit: Emit
    ) rethrows {
        wholeLength = end
        try readLine(UnsafeBufferPointer(rebasing: line[..<end]), number: number, cut: false, relayed: relayed, tail: tail, emit)
        let rest = secretTail
        secretTail = .none
        wholeLength = line.count - g
        gluedRest = (g, rest)
    }

    /// Reads one line; a message glued after the first is left in `gluedRest` for `readLine`.
    private mutating func readOneLine(
        _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, relayed: Bool, tail: SecretMasker.Tail,
        _ emit: Emit
    ) rethrows {
        // (Without a stamp the caller put in front: the terminal never printed it.)
        let physicalLength = line.count - (stampedBy > 0 && line.baseAddress == stampedStart ? stampedBy : 0)
        if !relayed { physicalLine = line }

        var i = 0
        while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
        if i < line.count, line[i] == 0x1B || line[i] == 0x08 || line[i] == 0x0D || line[i] == ASCII.minus
            || line[i] == UInt8(ascii: ">") && !(i == 0 && hasCurrent && current.text.last == ASCII.minus && lastCut.continues(relayed: relayed))
                && !(i == 0 && !relayed && PartSeparator.arrowName(line) != nil)
            || line[i] == UInt8(ascii: "\\") || line[i] == 0xE2 {
            let p = Self.pastTerminalControl(line, from: i, bareQuotes: bareQuotes)
            if p > i {
                // A terminal's control sequences (colour codes, a pager's `--More--` and the
                // backspaces that erase it in `show logging` output), a mail's quote marks (not
                // the `>` of an arrow, `SM Trace-` / `> SA:`, that a terminal's width cut), or a
                // list's bullet (`•<TAB>`, `- `: Word, OneNote, a chat), in front of the line.
                takenIndent = -1  // (the line's indentation is no longer known)
                wholeLength = line.count - p
                var p = p
                if !relayed, line[i] == UInt8(ascii: ">"), line[i..<p].allSatisfy({ $0 == UInt8(ascii: ">") || $0 == ASCII.space }) {
                    if !bareQuotes, p < line.count, line[p - 1] == UInt8(ascii: ">"), !ASCII.isSpace(line[p]) {
                        // `>*Jun 19 …`: this mail quotes without a blank after its marks.
                        bareQuotes = true
                    }
                    // (A wrap's blanks before a rest, inside the quote: `> ` then ` SA`.)
                    if !wrapIndentTaken, i == 0 { p += takeWrapIndent(UnsafeBufferPointer(rebasing: line[p...]), number: number) }
                    quoteTaken = p
                }
                try readLine(UnsafeBufferPointer(rebasing: line[p...]), number: number, cut: cut, relayed: relayed, tail: tail, emit)
                return
            }
        }
        let indent = i
        if lastCut.continues(relayed: relayed), i == 0, hasCurrent, i < line.count, ASCII.isUpper(line[0]), current.text.last == UInt8(ascii: "%") {
            // A syslog message's `%` at a terminal's width, its mnemonic the next line's start
            // (`CRYPTO-4-…` would otherwise start a message of its own).
            current.lastLine = number
            if cut { current.wasCut = true }
            Self.joinWrapped(&current, line, indent: 0, hardWrapped: true)
            lastCut = Cut(whole: hardWrapped(physicalLength), relayed: hardWrapped(physicalLength), body: false)
            return
        }
        if i == line.count {
            // (A blank line between a held record or a secret's start and their rest changes nothing.)
            if i > 0, !relayed, hasCurrent, current.lastLine == number - 1, previousLength >= 40, previousLength == longestLine,
               previousLength < cutSigns.count, !lastCut.whole {
                // Blanks alone after the longest line: the padding IOS put after a word
                // (`QM_IDLE      `) that a terminal's cut left on a line of its own.
                cutSigns[previousLength] |= 1
            }
            stats.blank += 1
            stats.noise += 1
            if promptSplit { notePartNoise(blank: true) }
            heldNow = hasHeld
            secretTail = tail
            return
        }
        if line[i] == ASCII.star || line[i] == ASCII.dot || ASCII.isDigit(line[i]), Self.isClockOutput(line, from: i) {
            // `show clock`'s answer typed between debug lines (`*10:00:01.123 UTC Thu Dec 3 2026`),
            // a packet's dump in hand or not: console noise, its time no stamp of the log's.
            stats.noise += 1
            if promptSplit { notePartNoise(blank: false) }
            heldNow = hasHeld
            secretTail = tail
            return
        }
        var header = LineHeader.Result(bodyStart: 0, hadHeader: false)
        var body: ByteCursor
        var prefixed: Bool
        if LineHeader.fast(line, from: i, into: &header) {
            body = ByteCursor(line, from: header.bodyStart)
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
        } else if header.hadHeader, !prefixed, header.hostRange == nil, header.relayEnd < 0, header.bodyStart < line.count,
                  promptEnd(line, from: header.bodyStart) != nil {
            // A prompt behind a stamp (`10:04:24: R1#clear crypto isakmp`): a terminal program's
            // stamp on each line it logged, not the router's, which never prints its own prompt
            // after its stamp. The prompt is read as it is without it.
            wholeLength = line.count - header.bodyStart
            try readLine(UnsafeBufferPointer(rebasing: line[header.bodyStart...]), number: number, cut: cut, relayed: relayed, tail: tail, emit)
            return
        }

        if header.routerStamp { starredStamps = line[indent] == ASCII.star }
        let textStart = header.hadHeader || prefixed ? header.bodyStart : indent
        if header.routerStamp || !header.hadHeader && !prefixed && (hasCurrent || promptEnd(line, from: i) != nil || Self.mayHoldFlattenedLog(line) || Self.startsWithMarks(line, from: i)),
           let g = LineHeader.gluedStamp(line, from: textStart, starred: starredStamps) {
            // Two messages on one line, the line end between them lost (`…of the profiles*Nov 16
            // 20:35:58.113: ISAKMP…`, a field of an ID payload and the next message; a log whose
            // every line end was lost, after the prompt and command that began it: `R1#show
            // logging | include CRYPTO *Jun 19 …: %CRYPTO-…`): each is read as the line it was.
            var end = g
            while end > textStart, ASCII.isSpace(line[end - 1]) { end -= 1 }
            end = Self.beforeGluedRelayHeader(line, end: end, from: textStart)
            if !hasCurrent, Self.startsWithMarks(line, from: textStart), Self.isMarks(line, from: textStart, to: end) {
                // Only a reader's marks before the first message (`--> *Nov 17 …`): the message
                // is read as if they were not there, as after a mail's quote marks.
                wholeLength = line.count - g
                gluedRest = (g, tail)
                return
            }
            try readBeforeGlued(line, end: end, glued: g, number: number, relayed: relayed, tail: tail, emit)
            return
        }
        if prefixed ? header.stamp == nil || header.routerStamp && header.stamp?.kind == .uptime
                    : !header.hadHeader && hasCurrent && current.stamp?.kind != .wall,
           let g = LineHeader.gluedMessage(line, from: textStart) {
            // Two messages of a log without stamps (or with uptime ones) on one line, the line end
            // between them lost (`…New State = IKE_I_MM2ISAKMP:(1001):Old State = …`): each is
            // read as the line it was, as the stamped ones above.
            var end = g
            while end > textStart, ASCII.isSpace(line[end - 1]) { end -= 1 }
            try readBeforeGlued(line, end: end, glued: g, number: number, relayed: relayed, tail: tail, emit)
            return
        }
        if relayed, !prefixed, !header.routerStamp || header.bodyStart >= line.count, !stampPieceRead, mayBeCut(wholeLength), let whole = physicalLine,
           Self.isStampPiece(line, from: i) {
            // The stamp after the relay's header is cut by the terminal's width: its rest is
            // the next line's start.
            var at = 0
            if let a = whole.baseAddress, let b = line.baseAddress { at = max(0, min(whole.count, a.distance(to: b) + i)) }
            holdStampPiece(whole, at: at, number: number, tail: tail)
            return
        }
        var otherHost: (Int, Int)?
        if header.hadHeader, !prefixed, !header.routerStamp, !relayed, let at = relayedText(line, header: header, otherHost: &otherHost) {
            if let (h0, h1) = otherHost {
                // Another router's line that is no message of its own (the rest of its cut line,
                // an ID payload's field, its ping output, its prompt): that router's record in
                // hand is taken up again, or what follows is that router's.
                let id = hostID(UnsafeBufferPointer(rebasing: line[h0..<h1]))
                try flushHeld(emit)
                try switchHost(to: id, emit)
                if hasCurrent, current.hostID != id { try emitCurrent(emit); lastCut = Cut() }
            }
            // A syslog relay's header on a line that is no message of its own (a relay that gave
            // every line a header: the rest of a line cut at 80 columns, an ID payload's field,
            // a packet dump's line, a prompt): the line the relay was given is read as it is
            // read without one.
            try readLine(UnsafeBufferPointer(rebasing: line[at...]), number: number, cut: cut, relayed: true, tail: tail, emit)
            return
        }
        if header.routerStamp, !prefixed, hasCurrent || hasHeld, !Self.startsLikeMessage(line, at: header.bodyStart) {
            // A piece of a line cut at 80 or 132 columns that a tool gave a stamp of its own, the
            // same as the line it continues (or, after a message that came between, the held one's).
            let rest = UnsafeBufferPointer(rebasing: line[header.bodyStart...])
            let marks = wrapMarks(wholeLength, physicalLength, header, textAt: header.bodyStart)
            if hasHeld, heldCut.whole || heldCut.body, !lastCut.whole, !lastCut.body, current.lineCount == 1, header.stamp == held.stamp,
               !Self.awaitsPacketDump(current) {
                try resumeHeld(emit)
            }
            if hasCurrent, lastCut.whole || lastCut.body, header.stamp == current.stamp {
                current.lastLine = number
                if cut { current.wasCut = true }
                Self.joinWrapped(&current, rest, indent: 0, hardWrapped: true)
                lastCut = marks
                return
            }
        }
        if header.relayEnd >= 0, header.bodyStart >= line.count, !relayed, header.routerStamp, !prefixed, !stampPieceRead,
           mayBeCut(physicalLength) {
            // A relay's header and the router's stamp, cut by the terminal's width right after it.
            holdStampPiece(line, at: max(header.relayEnd, header.relayEndSeq), number: number, tail: tail)
            return
        }
        if header.hadHeader, !prefixed, header.bodyStart >= line.count {
            // A stamp or a relay's header and nothing after it: a blank line.
            stats.blank += 1
            stats.noise += 1
            if promptSplit { notePartNoise(blank: true) }
            heldNow = hasHeld
            secretTail = tail
            return
        }
        if header.hadHeader || prefixed {
            inKeyTable = false
            partLines &+= 1
            showsConfig = false
            if !relayed, takenIndent >= 0 { baseIndent = takenIndent + i }
            if header.relayEnd >= 0, header.hostRange != nil { relayNumbered = header.relayEndSeq >= 0 }
            if let r = header.hostRange, hostName == nil { hostName = body.string(r) }
            let host = header.hostRange.map { hostID(UnsafeBufferPointer(rebasing: line[$0.0..<$0.1])) }
            if let host { try switchHost(to: host, emit) }
            // (Not number 0, the header `underHost` gives an export's lines: IOS's twice-printed
            // lines, stamp and all, are two rows of an export.)
            if header.sequence >= 19, hasCurrent, current.sequence == header.sequence, current.firstLine == current.lastLine,
               current.stamp == header.stamp, currentRepeats(line, header: header) {
                // The same message again, its sequence number and stamp too, from the same router:
                // a copy (two syslog relays, two `logging host` lines to one server), part of the
                // record. (IOS prints some lines twice in the same millisecond: not numbered alike.)
                current.lastLine = number
                return
            }
            // (Number 0: the header `underHost` gives an export's or grep's lines, on every line.)
            if header.sequence >= 19, let host, seenBefore(host: host, line, header: header) {
                // The same numbered message of the same router seen a little earlier, not right
                // before: two syslog servers' files merged by time (`sort -m`), each second's
                // messages once from each. Part of the record in hand, as any copy.
                if hasCurrent { current.lastLine = number } else { stats.noise += 1 }
                return
            }
            if header.stamp != nil { stampedLines += 1 }
            if header.sequence < 0, hasCurrent, abs(line.count - header.bodyStart - current.text.count) <= 16,
               current.firstLine == current.lastLine, header.stamp != nil,
               current.stamp == header.stamp, currentRepeats(line, header: header) {
                // The same message again, stamp and all, with no number to tell: a log whose
                // every line came twice (two `logging host` paths to one file) has many; IOS
                // prints a few lines twice or more (`… is not CSDL compliant` for each weak
                // policy). From the third copy on, while a third of the stamped lines so far are
                // such copies, a copy is part of its record.
                exactRepeats += 1
                if exactRepeats >= 3, exactRepeats * 3 >= stampedLines {
                    current.lastLine = number
                    return
                }
            }
            if hasCurrent && header.hadHeader && !body.startsWith("IKEv2") && Self.awaitsPacketDump(current) {
                // Another message printed inside an IKEv2 packet dump (`%LINEPROTO-5-UPDOWN`,
                // other debugging): a record of its own; the dump's lines after it still
                // continue the packet.
                try emitInterloper(line, number: number, cut: cut, header: header, prefixed: prefixed, tail: tail, emit)
                return
            }
            // A secret's value cut by a line end, however the pieces were stamped or what came
            // between (`… logged command:crypto isakmp key SECR` / `*Nov 10 …: ETXYZ address …`).
            let currentTail = hasCurrent ? Self.secretTail(of: current) : .none
            if hasCurrent {
                if lastCut.any || currentTail != .none && prefixed {
                    // Its last line was cut at a terminal's width, or in a secret (its rest is
                    // not this line): its rest may come after this message.
                    try holdCurrent(cut: lastCut, tail: currentTail, block: false, emit)
                } else if !relayed, Self.isInterloper(line, at: header.bodyStart), Self.opensBlock(current) {
                    // Another process's message printed inside a block (`%LINEPROTO-5-UPDOWN`,
                    // `CDP-EV:`, `NHRP:` between `IPSEC(sa_request): ,` and its `local_proxy=` or
                    // an ID payload's fields): the block's indented lines after it are the block's.
                    try holdCurrent(cut: Cut(), tail: .none, block: true, emit)
                } else {
                    try emitCurrent(emit)
                }
            }
            var line = line
            // (The line looked at before the prompt's copy is taken: its two arrays retained.)
            if typedAtPrompt?.line == number - 1, let typing = typedAtPrompt, header.hadHeader,
               let g = Self.gluedClear(line, from: header.bodyStart, typed: typing.typed) {
                // A `clear crypto …` typed at the prompt just before, its rest after this message:
                // the command's own record, then the message without it.
                typedAtPrompt = nil
                var end = line.count
                while end > g, ASCII.isSpace(line[end - 1]) { end -= 1 }
                let glued = Self.edited(UnsafeBufferPointer(rebasing: line[g..<end])) ?? Array(line[g..<end])
                let typed = Self.edited(typing.typed + glued)
                operatorCommand = typing.prompt + (Self.isClearTyping(typed) ? typed : typing.typed + [ASCII.space] + glued)
                try emitOperatorCommand(number: number, emit)
                line = UnsafeBufferPointer(rebasing: line[..<g])
            }
            Self.start(&current, line, number: number, cut: cut, header: header, prefixed: prefixed, host: host)
            if !prefixed, tail != .none || currentTail != .none {
                // The rest of a secret the line before ended in.
                Self.maskFirstWord(&current, from: 0, after: tail != .none ? tail : currentTail)
            } else if prefixed, tail != .none {
                // (A line nobody read ended in one: its rest may follow this message.)
                secretTail = tail
            }
            Self.maskTableRowKey(&current, from: 0)
            hasCurrent = true
            lastCut = wrapMarks(wholeLength, physicalLength, header, textAt: header.bodyStart)
            return
        }

        if isNoise(line, from: indent, relayed: relayed, number: number) {
            inKeyTable = false
            stats.noise += 1
            if promptRead, operatorCommand.isEmpty, hasCurrent, Self.awaitsPacketDump(current) {
                // An Enter pressed at the console between an IKEv2 packet's line and its dump
                // (`Sending Packet […]` / `HUB#` / `Initiator SPI : …`), or a command typed there
                // (`HUB#show clock`, its answer): the dump still follows.
                if promptSplit { notePartNoise(blank: false) }
                return
            }
            if hasCurrent { try emitCurrent(emit) }
            if let d = promptDevice {
                try flushHeld(emit)
                if separatorLines > 0 {
                    // (`more`'s rule and name before the rule that ends them: the new part's too.)
                    if lastDevice > 0, lastDevice < partNoise.count { partNoise[lastDevice] -= separatorLines }
                    let k = separatorLines
                    separatorLines = 0
                    lastDevice = d
                    for _ in 0..<k { notePartNoise(blank: false) }
                }
                lastDevice = d
                promptDevice = nil
            }
            if !operatorCommand.isEmpty {
                try emitOperatorCommand(number: number, emit)
            } else if ByteCursor(line, from: indent).startsWithPhrase("Success rate is") {
                try emitPingSummary(UnsafeBufferPointer(rebasing: line[indent...]), number: number, emit)
            } else if promptSplit {
                notePartNoise(blank: false)
            }
            return
        }

        var tail = tail
        // (A secret's start on a line read before, not the record's own: what the join glues
        // onto the record's text is no rest of the record's word.)
        let carried = tail != .none
        let currentTail = hasCurrent ? Self.secretTail(of: current) : .none
        if hasHeld, heldBlock, hasCurrent, current.lineCount == 1, current.lastLine == number - 1, indent > 0, !relayed,
           !lastCut.continues(relayed: relayed), Self.isBlockField(line, indent: indent, hardWrapped: false),
           held.lastBreak == 0 || indent == heldSubIndent || Self.lastLineEndsInComma(held) {
            // A line of the held block after another process's message (see `opensBlock`): the
            // message is a record of its own, the block the record in hand again.
            try resumeHeld(emit)
            lastCut = Cut()
        }
        if hasHeld, heldCut.continues(relayed: relayed) || heldTail != .none, !lastCut.continues(relayed: relayed), currentTail == .none,
           current.lineCount == 1,
           !Self.looksLikeKeyTableRow(line), !Self.awaitsPacketDump(current),
           // (An IKEv2 packet dump's head, `Payload contents:`, is the message in hand's: `Building
           // packet for encryption.` prints one; a line before it exactly 132 long was no cut.)
           !ByteCursor(line, from: indent).startsWith("Payload contents"),
           !Self.cannotBeRest(held.text, line, indent: indent),
           !restOfLongerLine(line, indent: indent, number: number),
           !wordWrappedBefore(line, indent: indent),
           !Self.isBlockField(line, indent: indent, hardWrapped: true)
            || held.lastBreak > 0 && line[0] != ASCII.tab && !Self.startsLikeField(line, from: indent) {
            // The rest of the held record's line, after the message that came between (an
            // indented rest only when the held record's cut line was an indented one, and not
            // a field: the message's own fields follow it).
            try resumeHeld(emit)
            if heldCut.continues(relayed: relayed) { fixedWidthCut = true }
            if heldTail == .inValue { lastCut.whole = true; lastCut.relayed = true }
            if tail == .none { tail = heldTail }
        } else if tail == .none {
            tail = currentTail
        }
        // How the line would continue the record in hand: wrapped text, or an indented sub-line.
        if !relayed, hasCurrent, !lastCut.whole, previousLength >= 40, current.lastLine == number - 1 {
            learnWidth(from: line, indent: indent, previous: previousLength)
        }
        var hardWrapped = lastCut.continues(relayed: relayed)
        if hardWrapped, hasCurrent, Self.cannotBeRest(current.text, line, indent: indent) {
            // A chat's time between messages, a line that would spoil the address the line ends in:
            // no rest of a cut, a line that goes on the message as a word-wrapped one would.
            hardWrapped = false
        }
        if hardWrapped, !relayed, hasCurrent, previousLength == learnedWidth, cutSigns[learnedWidth] & 1 == 0 {
            // What the cuts at a learned width show, until one shows a terminal's.
            switch Self.cutSign(current.text, line, indent: indent) {
            case .blank, .inToken: cutSigns[learnedWidth] |= 1
            case .betweenWords: cutSigns[learnedWidth] |= 2; learnedWidth = -1  // a word wrap's after all
            case .none: break
            }
        }
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
                // (A key table's row, or a configuration line, may end in a secret a line end cut.)
                stats.noise += 1
                if promptSplit { notePartNoise(blank: false) }
                if ByteSearch.contains("Preshared Key", in: line) { inKeyTable = true }
                secretTail = inKeyTable || Self.looksLikeKeyTableRow(line) ? .inValue : SecretMasker.tail(of: line)
                return
            }
            stats.unrecognized += 1
            Self.startOrphan(&orphan, UnsafeBufferPointer(rebasing: line[indent...]), number: number, cut: cut)
            if tail != .none, tail == .afterWord || indent == 0, !Self.looksLikeKeyTableRow(line) {
                Self.maskFirstWord(&orphan, from: 0, after: tail)
                if orphan.endsInSecret { secretTail = .inValue }
            }
            // `show crypto isakmp key`: the rows after its header carry keys.
            if ByteSearch.contains("Preshared Key", in: line) {
                inKeyTable = true
            } else if ByteSearch.contains("key ", in: line) || ByteSearch.contains("pre-shared-key", in: line)
                        || ByteSearch.contains("secret ", in: line) || ByteSearch.contains("password ", in: line) {
                secretTail = SecretMasker.tail(of: UnsafeBufferPointer(rebasing: line[indent...]))
                let masked = SecretMasker.mask(String(decoding: orphan.text, as: UTF8.self))
                orphan.text = Array(masked.utf8)
                orphan.headEnd = orphan.text.count
            } else if SecretMasker.rowAwaitingKey(UnsafeBufferPointer(rebasing: line[indent...])) {
                // A row cut before its key: the key is the next line's first word.
                secretTail = .afterWord
            } else if inKeyTable || Self.looksLikeKeyTableRow(line) {
                // (A row ends in its key: a line end may have cut it.)
                secretTail = .inValue
                let masked = SecretMasker.maskTableRow(String(decoding: orphan.text, as: UTF8.self))
                orphan.text = Array(masked.utf8)
                orphan.headEnd = orphan.text.count
            } else if secretTail == .none {
                // (A key table's row cut before its key.)
                secretTail = SecretMasker.tail(of: UnsafeBufferPointer(rebasing: line[indent...]))
            }
            try flushHeld(emit)
            orphan.device = device(of: orphan)
            orphan.logShownAt = logShownLine
            try emit(orphan, 0)
            return
        }

        // A continuation of the record in hand.
        current.lastLine = number
        if cut { current.wasCut = true }
        let joinedAt = current.text.count
        if blockField {
            Self.appendContinuation(&current, UnsafeBufferPointer(rebasing: line[indent...]), asSubLine: true)
            subIndent = (current.firstLine, current.lastBreak, indent)
        } else {
            if hardWrapped, previousLength != learnedWidth, previousLength == 80 || previousLength == 132 { fixedWidthCut = true }
            if hardWrapped, indent == 0, !wrapIndentTaken, !relayed, Self.cutSign(current.text, line, indent: 0) == .inToken {
                // A bare rest that splits a token: this terminal does not indent what it wraps.
                bareRests &+= 1
                if bareRests * 2 >= indentedRestScore { indentedWraps = false }
            }
            Self.joinWrapped(&current, line, indent: indent, hardWrapped: hardWrapped,
                             sure: hardWrapped && previousLength == learnedWidth && (learnedWidth > 80 || cutSigns[learnedWidth] & 1 != 0),
                             longest: previousLength == longestLine)
        }
        if tail == .afterWord || tail == .inValue && indent == 0 {
            // The rest of a secret its last line ended in (`… key SECRETXY` / `Z123`). (Not an
            // indented line after a value: a line end cut no value before a blank, the next line
            // of a configuration starts there: ` ip nhrp authentication X` / ` ip nhrp network-id 1`.)
            Self.maskFirstWord(&current, from: joinedAt, after: tail, ownLine: !carried)
        }
        lastCut = Cut(whole: self.hardWrapped(relayed ? wholeLength : physicalLength), relayed: self.hardWrapped(physicalLength), body: false)
    }

    /// `line` without the terminal codes in it, in `out` (see `pastTerminalCode`).
    static func withoutTerminalCodes(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        var i = 0
        while i < line.count {
            if line[i] == 0x1B { i = pastTerminalCode(line, at: i); continue }
            out.append(line[i])
            i += 1
        }
    }

    /// Past the terminal code whose ESC is at `i` in `line`: a CSI sequence (`ESC [ … m`, colours
    /// and cursor moves), an OSC string (`ESC ] … BEL`, a window title), a two-byte escape.
    static func pastTerminalCode(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Int {
        let n = line.count
        var i = start + 1
        guard i < n else { return n }
        switch line[i] {
        case UInt8(ascii: "["):
            i += 1
            while i < n, line[i] >= 0x20, line[i] <= 0x3F { i += 1 }  // parameters, intermediates
            if i < n, line[i] >= 0x40, line[i] <= 0x7E { i += 1 }     // the final byte
        case UInt8(ascii: "]"):
            i += 1
            while i < n, line[i] != 0x07, line[i] != 0x1B { i += 1 }
            if i < n, line[i] == 0x07 { i += 1 } else if i + 1 < n, line[i + 1] == UInt8(ascii: "\\") { i += 2 }
        default:
            i += 1
        }
        return i
    }

    /// A no-break space's or a curly quote's first byte in `line`, in UTF-8 or as Windows-1252
    /// or Latin-1 write it (out of line: the caller is hot).
    @inline(never)
    private static func mayHaveTypography(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return false }
        return memchr(base, 0xC2, line.count) != nil || memchr(base, 0xE2, line.count) != nil
            || memchr(base, 0xA0, line.count) != nil || memchr(base, 0xEF, line.count) != nil || memchr(base, 0xE3, line.count) != nil
            || line.contains { $0 &- 0x91 < 4 }
    }

    /// `line` with each no-break space (U+00A0) and other typographic space a space, each
    /// typographic hyphen a hyphen, each ligature its letters (a log copied out of a PDF), each
    /// curly quote (U+2018/2019, U+201C/201D) a straight one, soft hyphens (U+00AD) and
    /// zero-width spaces and joiners (U+200B–U+200D) and byte-order marks (U+FEFF: a syslog server's file template writes
    /// the one an RFC 5424 message's text starts with after its own header; files joined line by
    /// line keep each one's) taken out, in `out`; false when it has none. A byte that is no part of
    /// a UTF-8 character is read as Windows-1252 writes them (a log saved by a Windows editor
    /// or copied from a Windows program): 0xA0 a no-break space, 0x91–0x94 curly quotes. A
    /// no-break space that went through Windows-1252 and back to UTF-8 (`Â` before it) is one space.
    private static func withoutTypography(_ line: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) -> Bool {
        out.removeAll(keepingCapacity: true)
        var found = false
        var i = 0
        while i < line.count {
            if line[i] == 0xC3, i + 2 < line.count, line[i + 1] == 0x82,
               line[i + 2] == 0xA0 || i + 3 < line.count && line[i + 2] == 0xC2 && line[i + 3] == 0xA0 {
                // `Â` and a no-break space: a web page's `&nbsp;` read as Windows-1252 and written
                // as UTF-8 again (mojibake, `*Jun 19Â  10:04:24…`): one space.
                out.append(ASCII.space)
                found = true
                i += line[i + 2] == 0xA0 ? 3 : 4
                continue
            }
            if line[i] >= 0xC2, let (k, ascii) = Typography.character(line, at: i) {
                // A PDF's or a word processor's spaces and hyphens (`pre‑shared`), a soft hyphen
                // put inside a long word (`IKE_­R_MM5`), a chat program's zero-width spaces, a
                // byte-order mark.
                if let ascii { out.append(ascii) }
                found = true
                i += k
                continue
            }
            if line[i] == 0xEF, i + 2 < line.count, line[i + 1] == 0xAC, line[i + 2] &- 0x80 < 5 {
                // A PDF's ligatures (U+FB00–U+FB04: ff, fi, fl, ffi, ffl): `proﬁle`.
                out.append(contentsOf: Self.ligatures[Int(line[i + 2] &- 0x80)])
                found = true
                i += 3
                continue
            }
            if line[i] == 0xE2, i + 2 < line.count, line[i + 1] == 0x80, (0x98...0x9D).contains(line[i + 2]), line[i + 2] != 0x9A, line[i + 2] != 0x9B {
                out.append(line[i + 2] <= 0x99 ? UInt8(ascii: "'") : UInt8(ascii: "\""))
                found = true
                i += 3
                continue
            }
            if line[i] >= 0x80 {
                let k = UTF8Check.sequenceLength(line, at: i)
                if k > 0 {
                    out.append(contentsOf: line[i..<i + k])
                    i += k
                    continue
                }
                if line[i] == 0xA0 || line[i] &- 0x91 < 4 {
                    out.append(line[i] == 0xA0 ? ASCII.space : line[i] <= 0x92 ? UInt8(ascii: "'") : UInt8(ascii: "\""))
                    found = true
                    i += 1
                    continue
                }
            }
            out.append(line[i])
            i += 1
        }
        return found
    }

    /// The letters of the ligatures U+FB00–U+FB04.
    private static let ligatures: [[UInt8]] = ["ff", "fi", "fl", "ffi", "ffl"].map { Array($0.utf8) }

    /// Past the terminal control in front of a line: ESC sequences (`ESC [ 0 m`), backspaces,
    /// a pager's `--More--`, a mail's quote marks, a list's bullet, and the blanks between them.
    private static func pastTerminalControl(_ line: UnsafeBufferPointer<UInt8>, from start: Int, bareQuotes: Bool = false) -> Int {
        var p = start
        var end = start
        let n = line.count
        while p < n {
            let b = line[p]
            // (A CR in front: `\n\r` line ends, which some capture tools keep from the device.)
            if b == 0x08 || b == 0x0D { p += 1; end = p; continue }
            // (Markdown's escape of the stamp's star: `\*Jun 19 …`.)
            if b == UInt8(ascii: "\\"), p + 1 < n, line[p + 1] == ASCII.star { p += 1; end = p; break }
            if ASCII.isSpace(b) { p += 1; continue }
            if b == 0x1B {
                p = Self.pastTerminalCode(line, at: p)
                end = p
                continue
            }
            if b == ASCII.minus, ByteCursor(line, from: p).startsWith("--More--") { p += 8; end = p; continue }
            // A list's bullet: `•` (U+2022) and the blank after it; `- ` at the line's very start,
            // before a word (no IOS line starts so).
            if b == 0xE2, p + 2 < n, line[p + 1] == 0x80, line[p + 2] == 0xA2 {
                p += 3
                if p < n, ASCII.isSpace(line[p]) { p += 1 }
                end = p
                continue
            }
            if b == ASCII.minus, p == 0, p + 2 < n, ASCII.isSpace(line[p + 1]), !ASCII.isSpace(line[p + 2]), line[p + 2] != ASCII.minus {
                p += 2
                end = p
                continue
            }
            if b == UInt8(ascii: ">") {
                // A mail's quote (`> `, `>> `): the mark and the one space after it (the mark
                // alone where the mail quotes without one: `bareQuotes`; a mark after it still
                // takes the blank between them, `> >`).
                p += 1
                if p < n, line[p] == ASCII.space, !bareQuotes || p + 1 < n && line[p + 1] == UInt8(ascii: ">") { p += 1 }
                end = p
                continue
            }
            break
        }
        return end
    }

    /// The messages each router's sequence numbers named lately, by host (see `seenBefore`).
    private var recentMessages: [Int: SequenceWindow] = [:]

    /// Whether this router's message with this sequence number, stamp and text came before
    /// (within the last numbers its `SequenceWindow` keeps); notes it if not.
    private mutating func seenBefore(host: Int, _ line: UnsafeBufferPointer<UInt8>, header: LineHeader.Result) -> Bool {
        var h = Hasher()
        h.combine(header.stamp)
        h.combine(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[header.bodyStart...])))
        // (`sequence` is the number times 19 plus its digits: `LineHeader.Result`.)
        let size = recentMessages.count < 64 ? 8192 : 512
        return recentMessages[host, default: SequenceWindow(size: size)].seen(header.sequence / 19, h.finalize())
    }

    /// Whether `line` (its body, trailing spaces aside) is the text of the record in hand, a
    /// one-line record, from the same host.
    /// (`mutating`: called in place from `readOneLine`; a non-mutating call there copies the whole
    /// assembler, a kilobyte, first.)
    private mutating func currentRepeats(_ line: UnsafeBufferPointer<UInt8>, header: LineHeader.Result) -> Bool {
        var e = line.count
        while e > header.bodyStart, ASCII.isSpace(line[e - 1]) { e -= 1 }
        var n = current.text.count
        while n > 0, ASCII.isSpace(current.text[n - 1]) { n -= 1 }
        guard e - header.bodyStart == n, n > 0 else { return false }
        if let r = header.hostRange {
            guard let id = current.hostID, id == lastHostID, r.1 - r.0 == lastHost.count,
                  memcmp(line.baseAddress! + r.0, lastHost, lastHost.count) == 0 else { return false }
        } else if current.hostID != nil {
            return false
        }
        return current.text.withUnsafeBufferPointer { memcmp($0.baseAddress!, line.baseAddress! + header.bodyStart, n) == 0 }
    }

    /// Where a line was cut at a terminal's width (80 or 132 columns): measured on the whole
    /// line (`whole`: a relayed line a terminal then wrapped, header and all), on the line a
    /// syslog relay was given (`relayed`: past its header, or past the number after its host;
    /// a relay that gave each piece of a wrapped line a header), and past the line's whole header
    /// (`body`: a line a tool gave a stamp of its own). A relayed piece continues a cut measured
    /// past the relay's header (a whole relayed line a terminal wrapped leaves its rest bare); a
    /// bare line either (a relay or a tool may have given the messages' first lines a header and
    /// left their wrapped rests bare).
    struct Cut {
        var whole = false, relayed = false, body = false
        var any: Bool { whole || relayed || body }
        func continues(relayed r: Bool) -> Bool { r ? relayed : whole || relayed }
    }

    @inline(__always)
    private func wrapMarks(_ whole: Int, _ n: Int, _ h: LineHeader.Result, textAt: Int) -> Cut {
        let w = hardWrapped(whole)
        let r = h.relayEnd >= 0 ? hardWrapped(n - (h.relayEndSeq >= 0 ? h.relayEndSeq : h.relayEnd)) : hardWrapped(n)
        return Cut(whole: w, relayed: r, body: hardWrapped(n - textAt))
    }

    /// Where the text before a glued router stamp ends without the syslog header that came in
    /// front of the stamp: `<191>102:` or `<191>` (a syslog datagram's priority and sequence
    /// number, as Wireshark's "Follow UDP Stream" shows messages sent without a line end, one
    /// after the other: `…profile is profile2<191>102: *Jun 19 …`). `end` when there is none.
    static func beforeGluedRelayHeader(_ line: UnsafeBufferPointer<UInt8>, end: Int, from start: Int) -> Int {
        var k = end
        if k > start, line[k - 1] == ASCII.colon {
            k -= 1
            let digitsEnd = k
            while k > start, ASCII.isDigit(line[k - 1]) { k -= 1 }
            guard k < digitsEnd else { return end }
        }
        guard k > start, line[k - 1] == UInt8(ascii: ">") else { return end }
        k -= 1
        let priEnd = k
        while k > start, ASCII.isDigit(line[k - 1]) { k -= 1 }
        guard priEnd - k >= 1, priEnd - k <= 3, k > start, line[k - 1] == UInt8(ascii: "<") else { return end }
        k -= 1
        while k > start, ASCII.isSpace(line[k - 1]) { k -= 1 }
        return k
    }

    /// A reader's marks in front of the line (`--> `, `==> `, `>>> `, `*** `, `!!! `, `## `): one to
    /// four of them, then a blank. A router stamp after them starts a message, also before any
    /// record (the first debug line marked); after one, the stamp is found as any glued one.
    static func startsWithMarks(_ line: UnsafeBufferPointer<UInt8>, from i: Int) -> Bool {
        var k = i
        while k < line.count, k - i < 4, isMark(line[k]) { k += 1 }
        return k > i && k < line.count && line[k] == ASCII.space
    }

    /// Whether `line[from..<to]` is marks alone, one to four (see `startsWithMarks`).
    static func isMarks(_ line: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        to > from && to - from <= 4 && line[from..<to].allSatisfy(isMark)
    }

    private static func isMark(_ b: UInt8) -> Bool {
        b == ASCII.minus || b == UInt8(ascii: "=") || b == UInt8(ascii: ">") || b == UInt8(ascii: "<") || b == ASCII.star
            || b == UInt8(ascii: "!") || b == ASCII.hash
    }

    /// A line long enough to hold a log whose every line end was lost, before any record: it may
    /// begin with text of its own instead of a prompt (`Crypto ISAKMP debugging is on *Jul 16 …`,
    /// ping's banner, `Log Buffer (4096 bytes): `, a mail's words), and its messages are found
    /// by their router stamps as after a prompt.
    private static func mayHoldFlattenedLog(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count >= 160
    }

    /// Whether `line[from...]`, all that follows a relay's header, is the start of a router's
    /// stamp cut short (`*Jul`, `*Jul 16 20:22:`, `Jul 16 20:22:15.3`): a star or dot, a month,
    /// then only digits, spaces, colons and dots.
    @inline(never)
    private static func isStampPiece(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var p = from
        if p < line.count, line[p] == ASCII.star || line[p] == ASCII.dot { p += 1 }
        if p > from, line.count - p < 3 {
            // (`*`, `*N`, `*No`: a month's first letters.)
            let letters = line[p...]
            return letters.allSatisfy(ASCII.isAlpha) && Stamp.monthNames.contains { name in zip(name.utf8, letters).allSatisfy { $0 | 0x20 == $1 | 0x20 } }
        }
        guard line.count - p >= 3, line.count - p <= 22, LineHeader.monthIndex(line[p], line[p + 1], line[p + 2]) != nil else { return false }
        for b in line[(p + 3)...] where !(ASCII.isDigit(b) || b == ASCII.space || b == ASCII.colon || b == ASCII.dot) { return false }
        return true
    }

    /// Holds `line`, whose router's stamp (at `at`) a terminal's width cut, for the next line.
    @inline(never)
    private mutating func holdStampPiece(_ line: UnsafeBufferPointer<UInt8>, at: Int, number: Int, tail: SecretMasker.Tail) {
        stampPiece = Array(line)
        stampPieceNumber = number
        stampPieceAt = at
        heldNow = hasHeld
        secretTail = tail
    }

    /// The line after a held stamp piece: when the two make a stamped line (`*Jul` + ` 16
    /// 20:22:15.320: ISAKMP…`), they are read as that one line, numbered from the piece; else the
    /// piece is read alone, as any line, then this line.
    @inline(never)
    private mutating func pushAfterStampPiece(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                                              _ emit: Emit) rethrows {
        let piece = stampPiece
        let pieceNumber = stampPieceNumber
        stampPiece = []
        var whole = piece
        whole.append(contentsOf: line)
        let joined = whole.withUnsafeBufferPointer { w -> Bool in
            let at = min(stampPieceAt, piece.count)
            if LineHeader.parse(UnsafeBufferPointer(rebasing: w[..<piece.count]), from: at).routerStamp {
                // A whole stamp at the width: the next line is its message when it starts as one
                // (a space, or a known message), not when it has a header of its own.
                guard let first = line.first, first == ASCII.space || BodyPrefix.known(ByteCursor(line, from: 0)),
                      !LineHeader.parse(line, from: 0).hadHeader || first == ASCII.space else { return false }
            }
            let h = LineHeader.parse(w, from: at)
            return h.routerStamp && h.bodyStart > piece.count && h.bodyStart < w.count
        }
        if joined {
            // (The piece's line was counted when it was held: this one is counted now. The two
            // are lines the terminal printed, the longest as long as its width: not their sum.)
            let (longest, width) = (longestLine, learnedWidth)
            try whole.withUnsafeBufferPointer { try push($0, number: pieceNumber, cut: cut, emit) }
            (longestLine, learnedWidth) = (longest, width)
            if line.count > longestLine { noteLongest(line.count) }
            (lengthBefore, previousLength) = (piece.count, line.count)
            if hasCurrent, current.firstLine == pieceNumber {
                current.lastLine = number
                currentLength = line.count
                // (The line is cut again where this piece is cut: at the terminal's width.)
                let again = hardWrapped(line.count)
                lastCut = Cut(whole: again, relayed: again, body: false)
            }
            return
        }
        // (Not a stamp's rest: the piece is a line of its own, counted once.)
        stats.lines -= 1
        stampPieceRead = true
        try piece.withUnsafeBufferPointer { try push($0, number: pieceNumber, cut: false, emit) }
        stampPieceRead = false
        try push(line, number: number, cut: cut, emit)
    }

    /// The record ends in the start of an address and `line` starts with its rest, the two
    /// one dotted quad only together (`… from 192.16` / `8.0.2 was …`), or its last number's
    /// rest (`… (peer 203.0.113.9` / `9)`): a terminal's cut at a width not learned yet, not a
    /// word wrap (which breaks at a blank).
    private static func cutInsideAddress(_ text: [UInt8], _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let last = text.last, ASCII.isDigit(last) || last == ASCII.dot, let first = line.first, ASCII.isDigit(first) || first == ASCII.dot else { return false }
        var s = text.count
        while s > 0, ASCII.isDigit(text[s - 1]) || text[s - 1] == ASCII.dot { s -= 1 }
        guard s == 0 || !ASCII.isAlnum(text[s - 1]), text.count - s <= 15 else { return false }
        var e = 0
        while e < line.count, ASCII.isDigit(line[e]) || line[e] == ASCII.dot { e += 1 }
        guard text.count - s + e <= 15 else { return false }
        // (Digits and dots only: a dotted quad at their start is the whole of them. Each part
        // alone no address: `10.0.0.1` / `2.3.4.5` are two.)
        func quad(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer(startsWithIPv4) }
        let head = Array(text[s...]), rest = Array(line[..<e])
        guard quad(head + rest) else { return false }
        // (A number's piece before an address's rest, `1` / `92.168.0.2`, is that address's start.)
        if quad(rest) { return !head.contains(ASCII.dot) && (head + rest).withUnsafeBufferPointer { isDottedQuad($0) } }
        if !quad(head) { return true }
        // A whole address cut in its last number: the number stays one, and what IOS writes after
        // an address follows it (`9` / `9)`, `5` / `5:500`; not `12` / `.5`, nor `5` / `5: R1#`).
        guard e <= 2, !rest.contains(ASCII.dot), (head + rest).withUnsafeBufferPointer({ isDottedQuad($0) }) else { return false }
        guard e < line.count else { return true }
        let after = line[e]
        return after == ASCII.space || after == ASCII.rparen || after == UInt8(ascii: "]") || after == ASCII.comma
            || after == ASCII.slash || after == ASCII.dot || after == UInt8(ascii: "'") || after == ASCII.quote
            || after == ASCII.colon && e + 1 < line.count && ASCII.isDigit(line[e + 1])
    }

    /// `bytes` is a dotted-quad address, each number at most 255.
    static func isDottedQuad(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0, value = 0, digits = 0
        for b in bytes {
            if ASCII.isDigit(b) {
                value = value * 10 + Int(b - 0x30)
                digits += 1
                guard digits <= 3, value <= 255 else { return false }
            } else if b == ASCII.dot, digits > 0, parts < 3 {
                parts += 1
                (value, digits) = (0, 0)
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
    }

    /// `line` starts with a dotted-quad address and a blank or its end (`192.1.20.2 failed …`).
    private static func startsWithIPv4(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        for part in 0..<4 {
            let s = i
            while i < line.count, ASCII.isDigit(line[i]), i - s < 3 { i += 1 }
            guard i > s else { return false }
            if part < 3 {
                guard i < line.count, line[i] == ASCII.dot else { return false }
                i += 1
            }
        }
        return i == line.count || !ASCII.isDigit(line[i]) && line[i] != ASCII.dot
    }

    /// Joins wrapped text onto `record`'s last line: a terminal hard-wraps at 80 columns
    /// (joined as is); a web page wraps at a word and eats the space (one is put back).
    private static func joinWrapped(_ record: inout Record, _ line: UnsafeBufferPointer<UInt8>, indent: Int, hardWrapped: Bool,
                                    sure: Bool = false, longest: Bool = false) {
        let endsInSpace = record.text.last.map(ASCII.isSpace) ?? true
        // At exactly 80 columns, a capitalized word after a lower-case letter or after an
        // IOS name with an underscore starts a new word (`…IKE_QM_IPSEC_INSTALL_AWAIT` /
        // `New State = …`): a word wrap, not a cut (`IK` / `Ev2`, `I` / `Psec` are cuts). Not
        // at a width the log showed a terminal's (`sure`: over 80 columns, which no word wrap
        // makes, or a cut there no word wrap makes): there it is a name cut (`Cur` / `State:`).
        let newWord = hardWrapped && !sure && line.count > indent + 1 && ASCII.isUpper(line[indent]) && ASCII.isLower(line[indent + 1])
            && (record.text.last.map(ASCII.isLower) == true || lastWordHasUnderscore(record.text))
        // Two words IOS keeps apart (`… IKE message from` / `192.1.20.2 failed …`, `method 65001` /
        // `failed`): a word wrap took the blank (the same message wrapped alike each time looks
        // like a terminal's width). Without a width, a token a word wrap never splits
        // (`192.16` / `8.0.2`, `IKE_QM_PHASE2_COMPLET` / `E`) at the end of the longest line so
        // far (`longest`: a terminal's first cut) is joined whole.
        // (A configuration's word cut, `pre-shared-k` / `ey`, `snmp-se` / `rver`, is joined whole
        // at any width: its secret is masked as the whole command's.)
        if indent == 0 && !endsInSpace && !cutInsideCommandWord(record.text, line) {
            let sign = cutSign(record.text, line, indent: 0)
            if hardWrapped ? newWord || sign == .betweenWords : !longest || sign != .inToken { record.text.append(ASCII.space) }
        }
        if !hardWrapped { record.softJoins += 1 }
        appendContinuation(&record, UnsafeBufferPointer(rebasing: line[(hardWrapped ? 0 : indent)...]), asSubLine: false)
    }

    /// Masks the first word of `record`'s text from `start` on (past the spaces or line break
    /// a join put there): the rest of a secret that a line before ended in (a prompt's
    /// `crypto isakmp key SECR`, then a stamped `ETXYZ address …`). `ownLine`: that line is the
    /// record's last, the word glued onto it (if so) made whole.
    private static func maskFirstWord(_ record: inout Record, from start: Int, after tail: SecretMasker.Tail, ownLine: Bool = false) {
        var tail = tail
        var s = start
        while s < record.text.count, ASCII.isSpace(record.text[s]) || record.text[s] == ASCII.newline { s += 1 }
        var e = s
        while e < record.text.count, !ASCII.isSpace(record.text[e]), record.text[e] != ASCII.newline { e += 1 }
        /// The word after the one that ends at `end`, on the same line.
        func nextWord(after end: Int) -> (Int, Int) {
            var s = end
            while s < record.text.count, ASCII.isSpace(record.text[s]) { s += 1 }
            var e = s
            while e < record.text.count, !ASCII.isSpace(record.text[e]), record.text[e] != ASCII.newline { e += 1 }
            return (s, e)
        }
        /// Where the word that ends at `end` starts, on the same line.
        func wordStart(before end: Int) -> Int {
            var w = end
            while w > 0, !ASCII.isSpace(record.text[w - 1]), record.text[w - 1] != ASCII.newline { w -= 1 }
            return w
        }
        if tail == .inValue, s == start, s > 0, !ASCII.isSpace(record.text[s - 1]) {
            // A word the line end cut and the join made whole: `pre-shared-key lo` / `cal SECRET`
            // names the key's side, and the value is the word after it.
            let w = wordStart(before: s)
            if record.text.withUnsafeBufferPointer({ SecretMasker.namesKeySide(UnsafeBufferPointer(rebasing: $0[w..<e])) }) {
                tail = .afterWord
                (s, e) = nextWord(after: e)
            } else if ownLine, !record.text[w..<s].reversed().starts(with: SecretMasker.mask.utf8.reversed()) {
                // The join made the word whole (`te` / `xt SECRET`, `md` / `5 SECRET`: `text`,
                // `md5`): the text shown masks it with its line (a piece masked already, a key
                // table's row, is masked on).
                return
            }
        }
        if tail == .afterWord, ownLine, s == start, s > 0, !ASCII.isSpace(record.text[s - 1]), record.text[s - 1] != ASCII.newline {
            // Glued on: a word the line end cut, made whole, is a command's word after all
            // (`key` / `-string 7 X`: `key-string`), its value masked with its line.
            let w = wordStart(before: s)
            if record.text.withUnsafeBufferPointer({ t in
                var a = w
                // (Past a prompt or a message the word is glued to: `logged command:key`.)
                for k in stride(from: s - 1, through: w, by: -1) where t[k] == ASCII.colon || t[k] == UInt8(ascii: "#") { a = k + 1; break }
                // (Or `key` abbreviated, cut inside: `… h H k` / `e X`, `ke`.)
                return SecretMasker.introducesSecret(UnsafeBufferPointer(rebasing: t[a..<e]))
                    || e - a <= 3 && SecretMasker.abbreviates(String(decoding: t[a..<e], as: UTF8.self).lowercased(), "key", from: 1)
            }) { return }
        }
        if tail == .afterWord, s > start, e - s <= 2 {
            // `key` abbreviated and cut inside, its rest read as a word of its own (`… h H k` /
            // `e X`): the value is the word after it.
            var p = start
            while p > 0, ASCII.isSpace(record.text[p - 1]) || record.text[p - 1] == ASCII.newline { p -= 1 }
            let (s2, e2) = nextWord(after: e)
            if p - wordStart(before: p) == 1, e2 > s2,
               SecretMasker.abbreviates(String(decoding: record.text[(p - 1)..<p] + record.text[s..<e], as: UTF8.self).lowercased(), "key", from: 2) {
                (s, e) = (s2, e2)
            }
        }
        if tail == .afterWord {
            // `password` / `0 SECRET`: the encryption type, then the value; `pre-shared-key` /
            // `local SECRET`: which side's key; `authentication` / `text SECRET`, `authentication-key
            // 1` / `md5 SECRET`, `auth` / `sha SECRET`, `priv` / `aes 128 SECRET`, `wpa-psk` /
            // `ascii 0 SECRET`: the words before the value.
            var skipped = 0
            while skipped < 3, e > s, record.text.withUnsafeBufferPointer({ t in
                SecretMasker.precedesValue(UnsafeBufferPointer(rebasing: t[s..<e]), then: {
                    let (s2, e2) = nextWord(after: e)
                    return UnsafeBufferPointer(rebasing: t[s2..<e2])
                }())
            }) {
                (s, e) = nextWord(after: e)
                skipped += 1
            }
            // (A command's own word after all: a key chain's `key 1`, then `key-string X` on the
            // next line, is a key's number and its key-string, not `key 1 X` cut; `pre-shared-key` /
            // `address A key X`, `key` / `chain NAME`.)
            if e > s, record.text.withUnsafeBufferPointer({
                let w = UnsafeBufferPointer(rebasing: $0[s..<e])
                return SecretMasker.introducesSecret(w) || SecretMasker.isCommandWord(w)
            }) { return }
        }
        // (After a value that may have been whole, not a word of the command: `address`,
        // `hostname`, `pre-shared-key`. After the word that introduces it, the value whatever it is.)
        // (Nor a key table row's keyring name: `keyring2     192.168.0.3 …`.)
        var g = e
        while g < record.text.count, ASCII.isSpace(record.text[g]) { g += 1 }
        if g - e >= 2, g < record.text.count, ASCII.isDigit(record.text[g]) || record.text[g] == ASCII.colon { return }
        guard e > s, !record.text[s..<e].elementsEqual(SecretMasker.mask.utf8),
              tail == .afterWord || record.text.withUnsafeBufferPointer({ SecretMasker.mayBeRestOfSecret(UnsafeBufferPointer(rebasing: $0[s..<e])) })
        else { return }
        if record.text[e...].allSatisfy(ASCII.isSpace) { record.endsInSecret = true }
        record.text.replaceSubrange(s..<e, with: SecretMasker.mask.utf8)
        let delta = SecretMasker.mask.utf8.count - (e - s)
        if record.headEnd >= e { record.headEnd += delta }
        if record.lastBreak > s { record.lastBreak += delta }
    }

    /// How the record's last line ends with respect to a secret (`SecretMasker.tail(of:)`:
    /// cheap unless one of its last words introduces one).
    private static func secretTail(of record: Record) -> SecretMasker.Tail {
        if record.endsInSecret { return .inValue }
        return record.text.withUnsafeBufferPointer { SecretMasker.tail(of: UnsafeBufferPointer(rebasing: $0[record.lastBreak...])) }
    }

    /// A `show crypto isakmp key` row at the end of the record's last line (glued onto a
    /// debug line, given a time stamp, joined after a wrap): its key is masked in the
    /// record itself, so no field made from the record carries it.
    private static func maskTableRowKey(_ record: inout Record, from start: Int) {
        let found: Range<Int>? = record.text.withUnsafeBufferPointer { t in
            SecretMasker.tableRowKey(UnsafeBufferPointer(rebasing: t[start...])).map { ($0.lowerBound + start)..<($0.upperBound + start) }
        }
        if found != nil { record.endsInSecret = true }
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

    /// (`mutating`: called in place from `readOneLine`; a non-mutating call there copies the whole
    /// assembler, a kilobyte, first.)
    private mutating func joinsCurrent(_ line: UnsafeBufferPointer<UInt8>, blockField: Bool, hardWrapped: Bool) -> Bool {
        if current.text.count + line.count > Self.maxRecordBytes { return false }
        if inKeyTable || Self.looksLikeKeyTableRow(line) { return false }
        if !hardWrapped && !blockField && current.softJoins >= Self.maxSoftJoins {
            return false
        }
        return !ByteSearch.contains("Preshared Key", in: line)
    }

    /// A row of `show crypto isakmp key` without its header: `keyring  address  key`.
    static func looksLikeKeyTableRow(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count > 8 && !ASCII.isSpace(line[0]) && (SecretMasker.tableRowKey(line) != nil || SecretMasker.rowAwaitingKey(line))
    }

    /// How many blanks in front of `line`, which starts with blanks after a line as long as the
    /// terminal's width, a terminal or a mail client put there as it wrapped that line (`…Processing
    /// IKE_SA_INIT m` / `  essage`; one to four, the same throughout): 0 when the line is an indented
    /// line of its own. Learned from the log, for each number of blanks `n`: a rest whose blanks
    /// but `n`, were they the line's own, would stand inside a token (`203.0.113.` / `  1:500`, `m`
    /// / `  essage`: three points), or between two (IOS writes one blank between words, two only
    /// after a full stop and before a parenthesis), or make one blank the cut kept (`dport` / `
    /// 500`) counts two points (a single blank only inside a token: a line's own otherwise); any
    /// other one (not before `New State`, which IOS prints after two blanks) one; a bare rest that
    /// splits a token (a terminal that does not indent) counts against it. The number with the
    /// most points, two (four for one blank) and more than twice the bare rests, makes it so (two
    /// on a tie). (Before a terminal's width is learned, a rest after a line as long as the longest
    /// so far counts only with a sign.) A line that reads as an indented field of its own once the
    /// blanks are taken off (`    next-payload : 8` after a line that was 80 long as IOS printed
    /// it) or as a block's head (`  (key eng. msg.) INBOUND …`, `  (sa) sa_dest=…`) keeps them.
    @inline(never)
    private mutating func takesWrapIndent(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Int {
        guard hasCurrent ? current.lastLine == number - 1 - blankRun : indentedWraps && hasHeld && !heldBlock else { return 0 }
        if wrapIndentTab {
            // (A tab before a field, `\tnext-payload : 8`, or a block's head is IOS's own.)
            guard line[0] == ASCII.tab, line[1] != ASCII.tab else { return 0 }
            let rest = UnsafeBufferPointer(rebasing: line[1...])
            // (Not `…New` / `\tState = IKE_QM_PHASE2_COMPLETE`: a field only in a block.)
            let inBlock = !hasCurrent || current.lastBreak > 0 || Self.opensBlock(current)
            return Self.startsLikeField(rest, from: 0) && inBlock || Self.isBlockHead(rest) ? 0 : 1
        }
        var t = 0
        while t < line.count, line[t] == ASCII.space { t += 1 }
        guard t < line.count, line[t] != ASCII.tab else { return 0 }
        // (In a block too, a rest that starts with a digit: IOS starts no block's field so, and
        // the cut may well fall in the first block, `remote= 192.1` / `    68.0.2:500,`.)
        if !indentedWraps, hasCurrent, t <= 5, current.lastBreak == 0 || t >= 2 && ASCII.isDigit(line[t]), !hasHeld, !(t >= 4 && Self.startsLikeField(line, from: t)),
           !Self.isBlockHead(UnsafeBufferPointer(rebasing: line[t...])),
           let last = current.text.last, last != ASCII.dot, line[t] != ASCII.lparen {
            // (Not in a block, whose lines IOS indents: `    sa_lifetime(k/sec)= …`.)
            // A rest that may complete a token the cut split (`dpor` / `    t 500`; but for four
            // blanks, only where it surely does: a two-blank wrap's cut at a blank has three, a
            // single blank is a line's own), or a rest after a cut at a blank with four blanks
            // before it (`keyring` / `     KR`, five: IOS indents no message's rest so): such a rest
            // (two for a single blank) after a number of blanks other than two, more than after
            // two, and that number is the wrap's.
            let sign = Self.cutSign(current.text, UnsafeBufferPointer(rebasing: line[t...]), indent: 0)
            let blankCut = previousEndedBlank || ASCII.isSpace(last)
            var n = 0
            if !blankCut, t <= 4, sign == .inToken || t == 4 && sign == .none {
                n = t
            } else if sign != .inToken, blankCut ? t == 4 : t == 5 {
                n = 4
            }
            if n > 0 {
                indentVotes[n] &+= 1
                if n != wrapIndent, indentVotes[n] >= (n == 1 ? 2 : 1), indentVotes[n] > indentVotes[wrapIndent] {
                    wrapIndent = n
                    indentedRestScore = 0
                }
            }
        }
        let n = wrapIndent
        guard t >= n else { return 0 }
        let k = t - n
        let rest = UnsafeBufferPointer(rebasing: line[n...])
        if keepsBlanks(line, taking: n, of: t) { return 0 }
        if indentedWraps { return n }
        guard hasCurrent, !ByteCursor(rest, from: k).startsWith("New State") else { return 0 }
        // The blanks the line would hold at the cut were the wrap's blanks its own: two or more
        // between two tokens (IOS writes one, save after a sentence's full stop and before a
        // parenthesis: `failed.  The`, `esp-sha-hmac  (Tunnel)`), or inside one (`203.0.113.` /
        // `  1:500`); one more (a cut at a blank, indented); or more (IOS's padding, `QM_IDLE      `).
        // (A single blank is a line's own: only a split token tells it.)
        var end = current.text.count
        while end > current.lastBreak, current.text[end - 1] == ASCII.space { end -= 1 }
        let last = end > current.lastBreak ? current.text[end - 1] : ASCII.space
        let blanks = k + (previousEndedBlank || end < current.text.count ? 1 : 0)
        let first = rest[k]
        let shows = ASCII.isSpace(last) ? false
            : blanks == 0 ? (n >= 2 && last != ASCII.dot && first != ASCII.lparen) || Self.cutSign(current.text, rest, indent: 0) == .inToken
            : blanks == 1 && n >= 2
        // (Before a terminal's width is known, after a line as long as the longest so far: only a
        // sign counts.)
        if !shows && !hardWrapped(previousLength) { return 0 }
        indentedRestScore &+= shows ? 2 : 1
        if indentedRestScore >= (n == 1 ? 4 : 2), bareRests * 2 < indentedRestScore { indentedWraps = true }
        return indentedWraps ? n : 0
    }

    /// A log whose every line came twice in a row, told from its first lines before they are
    /// read (`DoubledScan`): from the first line on, the second of two alike is read as part of
    /// what the first was part of.
    mutating func presetDoubled() {
        doubledLines = true
    }

    /// In a doubled log (`presetDoubled`), whether `line` is the line before it again, that line
    /// part of the record in hand and no copy itself (a line IOS printed twice comes four times):
    /// then it is counted, and made part of the record as a copy is (`exactRepeats`). Blank lines
    /// are read as they are. (Called once for each physical line: not for the line `push` hands
    /// itself again, cleaned.)
    private mutating func readsAsCopy(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool) -> Bool {
        let follows = lastPhysicalNumber == number - 1
        lastPhysicalNumber = number
        guard line.contains(where: { $0 != ASCII.space && $0 != ASCII.tab && $0 != 0x0D }) else {
            lastPhysical.removeAll(keepingCapacity: true)
            lastPhysicalWasCopy = false
            return false
        }
        if follows, !lastPhysicalWasCopy, hasCurrent && current.lastLine == number - 1 || ownRecordLine == number - 1,
           line.elementsEqual(lastPhysical) {
            lastPhysicalWasCopy = true
            stats.lines += 1
            if cut { stats.truncated += 1 }
            if ownRecordLine == number - 1 { stats.noise += 1 } else { current.lastLine = number }
            return true
        }
        lastPhysicalWasCopy = false
        lastPhysical.removeAll(keepingCapacity: true)
        lastPhysical.append(contentsOf: line)
        return false
    }

    /// A wrap told from the log's first lines before they are read (`WrapScan`): the terminal's
    /// width, and the blanks or the tab before each rest, taken for learned from the first line on.
    mutating func presetWrap(_ wrap: WrapScan.Wrap, doubleSpaced: Bool = false) {
        presetDoubleSpaced = doubleSpaced
        if wrap.width != 80 && wrap.width != 132 { learnedWidth = wrap.width }
        if wrap.width > longestLine { longestLine = wrap.width }
        wrapIndentTab = wrap.tab
        wrapIndent = wrap.tab ? 1 : wrap.spaces
        indentVotes[wrapIndent] = 1_000
        indentedRestScore = 1_000
        indentedWraps = true
    }

    /// Whether a line with `t` blanks in front keeps them all, read as IOS's own indentation
    /// rather than `n` blanks a wrap put before a rest: an indented field (`    next-payload :
    /// 8`, `    local_proxy= …` after a line that ends as a block's does) or a block's head
    /// (`  (key eng. msg.) INBOUND …`, `  (sa) sa_dest=…`) once they are taken off.
    private func keepsBlanks(_ line: UnsafeBufferPointer<UInt8>, taking n: Int, of t: Int) -> Bool {
        let k = t - n
        let rest = UnsafeBufferPointer(rebasing: line[n...])
        if k >= 2 && Self.startsLikeField(rest, from: k) || k == 0 && Self.isBlockHead(rest) { return true }
        // (Taking them all: a field after a line that announces one, a comma's or a colon's.)
        guard k == 0, n >= 3, hasCurrent, Self.startsLikeField(rest, from: 0) else { return false }
        var e = current.text.count
        while e > current.lastBreak, ASCII.isSpace(current.text[e - 1]) { e -= 1 }
        return e > current.lastBreak && (current.text[e - 1] == ASCII.comma || current.text[e - 1] == ASCII.colon)
            || current.lastBreak > 0
    }

    /// The head of an indented block IOS prints: `(key eng. msg.) `, `(sa) `: a parenthesis of
    /// words in small letters, then a blank.
    private static func isBlockHead(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.count > 3, text[0] == ASCII.lparen else { return false }
        var i = 1
        while i < text.count, ASCII.isLower(text[i]) || text[i] == ASCII.dot || text[i] == ASCII.space { i += 1 }
        return i > 1 && i + 1 < text.count && text[i] == ASCII.rparen && text[i + 1] == ASCII.space
    }

    /// A terminal wraps at exactly its width (80, 132, or one learned from the log: `learnWidth`);
    /// other lengths are a web page or mail client wrapping at a word.
    @inline(__always)
    private func hardWrapped(_ previousLength: Int) -> Bool {
        // Not 79 or 81: a line cut a column short of the width, its space trimmed or
        // eaten by a word wrap, ends a word (`… New` / `State = …`).
        previousLength == 80 || previousLength == 132 || previousLength == learnedWidth
    }

    /// A line `n` long may have been cut by the terminal: at its width, or, before any cut
    /// taught it, as the longest line so far (a stamp's piece is held on that: it is read alone
    /// when the next line does not complete it).
    private func mayBeCut(_ n: Int) -> Bool {
        hardWrapped(n) || learnedWidth < 0 && n >= 40 && n >= longestLine
    }

    @inline(never)
    private mutating func noteLongest(_ n: Int) {
        longestLine = n
        if learnedWidth > 0 && n > learnedWidth { learnedWidth = -1 }
    }

    /// `line` is the rest of the message in hand, cut at a width not learned yet, rather than of
    /// the held record's line, 80 (or 132) long, that it came after, in a log that showed no cut
    /// at 80 (or 132) columns yet: that message is as long as the longest line and split inside
    /// a token that `line` completes (`… (I) MM_KEY_E` / `XCH`), which the held line's end does
    /// not, or does no better than it when longer lines came before the held one (a terminal
    /// that printed them cut nothing at 80 columns).
    /// (`mutating`: called in place from `readOneLine`; a non-mutating call there copies the whole
    /// assembler, a kilobyte, first.)
    private mutating func restOfLongerLine(_ line: UnsafeBufferPointer<UInt8>, indent: Int, number: Int) -> Bool {
        guard !fixedWidthCut, hasCurrent, current.lastLine == number - 1, !lastCut.whole, previousLength == longestLine,
              previousLength > heldLength, Self.cutSign(current.text, line, indent: indent) == .inToken else { return false }
        return heldBelowLongest || Self.cutSign(held.text, line, indent: indent) != .inToken
    }

    /// Learns a terminal's width other than 80 or 132 columns from the log itself. `line` starts
    /// no message and follows a line `previous` long. A terminal cuts only lines of exactly its
    /// width, the longest in the log, anywhere in them; a mail client or `fold -s` breaks lines
    /// of 72 to 80 columns at a blank, which it drops. A continuation after a line that long makes
    /// it the width when none followed lines a little shorter (a word wrap's) and no cut there
    /// fell between two words IOS keeps apart (`CutSign.betweenWords`): at once for a width over
    /// 80 columns (no mail client's) or a usual one, or after a cut a word wrap cannot make (a
    /// blank kept at it, a token split: `CutSign`); else at the second. A longer line later
    /// unlearns it (another capture, not wrapped).
    @inline(never)
    private mutating func learnWidth(from line: UnsafeBufferPointer<UInt8>, indent: Int, previous: Int) {
        // (An IKEv2 packet's header line is followed by its dump's lines: no cut; nor is `Building
        // packet for encryption.`, followed by the `Payload contents:` it prints; nor a chat's time.)
        // (A cut just before a space leaves the rest one space in; a sub-line is indented more, or by a tab.)
        guard indent == 0 || indent == 1 && line[0] == ASCII.space, previous >= 40, previous < continuationsAfter.count, previous != learnedWidth,
              !Self.looksLikeKeyTableRow(line), !Self.awaitsPacketDump(current),
              !ByteCursor(line, from: indent).startsWith("Payload contents"),
              !Self.cannotBeRest(current.text, line, indent: indent) else { return }
        let sign = Self.cutSign(current.text, line, indent: indent)
        // (After a message that came between a line cut at 80 or 132 columns and its rest, a
        // line that may be that rest teaches nothing, unless it completes a token the message split.)
        guard sign == .inToken || !hardWrapped(lengthBefore) else { return }
        continuationsAfter[previous] &+= 1
        switch sign {
        case .blank, .inToken: cutSigns[previous] |= 1
        case .betweenWords: cutSigns[previous] |= 2; wordBreaksAfter[previous] &+= 1
        case .none: wordBreaksAfter[previous] &+= 1
        }
        if learnedWidth > 0, previous < learnedWidth, previous >= learnedWidth - 12,
           wordBreaksAfter[(learnedWidth - 12)..<learnedWidth].reduce(0, &+) >= 3 {
            // Lines a little shorter go on too: a word wrap after all, whose longest lines
            // happened to be as long.
            learnedWidth = -1
            return
        }
        guard previous == longestLine, cutSigns[previous] & 2 == 0 else { return }
        let exact = continuationsAfter[previous]
        // (A line that goes on after a blank or inside a token, an IOS message's second line
        // `Num. transforms: 4`, is no word wrap's sign.)
        let near = wordBreaksAfter[(previous - 12)..<previous].reduce(0, &+)
        let usual = previous == 64 || previous == 72 || previous == 79 || previous == 100
        // (Over 80 columns, a line that starts like another program's message, `BGP: …`, is
        // not taken for a cut's rest alone.)
        let wide = previous > 80 && (sign != .none || !Self.startsLikeMessage(line, at: indent))
        // (Two words without their blank, the weakest sign of a cut: not when shorter lines went
        // on too, whatever their sign — a word wrap's lines end at different lengths, and a
        // `format=flowed` one keeps a blank at each break: `…:SM Trace-> SA: ` / `I_SPI=…` at 71
        // columns, `…:Searching policy` / `based on peer's identity …` at 72.)
        let shorterWentOn = sign == .none && continuationsAfter[(previous - 12)..<previous].reduce(0, &+) > 0
        if near == 0 && !shorterWentOn && (exact >= 2 || usual || wide || cutSigns[previous] & 1 != 0) {
            learnedWidth = previous
            lastCut.whole = true
        }
    }

    /// What the end of the record's text and the start of the line that may go on it tell of a
    /// cut between them. A terminal cuts anywhere: a blank at the cut stays on one side, and a
    /// token may be split (`203.0.113.9` / `9)`, `IKE_QM_PHASE2_COMPLET` / `E`, `NOTIFY(` /
    /// `NAT_…`). A word wrap breaks at a blank and drops it: the two sides are words, and some
    /// IOS never writes together (`method 65001` / `failed`, `from` / `192.1.20.2`, `keyring` /
    /// `IKEV2-KEYRING`).
    enum CutSign { case none, blank, inToken, betweenWords }

    static func cutSign(_ text: [UInt8], _ line: UnsafeBufferPointer<UInt8>, indent: Int) -> CutSign {
        guard let last = text.last, last != ASCII.newline, indent < line.count else { return .none }
        if ASCII.isSpace(last) || indent > 0 { return .blank }
        let first = line[0]
        // (No IOS word ends with these, nor starts with those; a colon follows a word directly:
        // `…0.2` / `:500,`.)
        if last == ASCII.lparen || last == UInt8(ascii: "[") || last == UInt8(ascii: "_") || last == ASCII.slash
            || first == ASCII.rparen || first == UInt8(ascii: "]") || first == UInt8(ascii: "_") || first == ASCII.slash
            || first == ASCII.colon && line.count > 1 && !ASCII.isSpace(line[1]) && ASCII.isAlnum(last) {
            return .inToken
        }
        if cutInsideAddress(text, line) || cutInsideName(text, line) || cutInsideWord(text, line) { return .inToken }
        // (An address after a word, a word in small letters after a comma: IOS puts a blank there.)
        if ASCII.isAlpha(last) && startsWithIPv4(line) || last == ASCII.comma && ASCII.isLower(first) { return .betweenWords }
        if ASCII.isLower(last), line.count > 1, ASCII.isUpper(first), ASCII.isUpper(line[1]) {
            // A word in small letters, then a name in capitals (`profile keyring` / `IKEV2-KEYRING`):
            // IOS writes no such token (not `0x` / `AB12`: a number's).
            var s = text.count
            while s > 0, ASCII.isLower(text[s - 1]) { s -= 1 }
            if text.count - s >= 3, s == 0 || !ASCII.isAlnum(text[s - 1]) { return .betweenWords }
        }
        if ASCII.isDigit(last) {
            // A number, then a word of three letters or more (`65001` / `failed`; not a unit,
            // `3600s`, `4608000kb`, nor triple DES, `3` / `des`, a cipher's name and a key's
            // word in a configuration: `esp 3des 0 KEY`).
            var s = text.count
            while s > 0, ASCII.isDigit(text[s - 1]) { s -= 1 }
            var e = 0
            while e < line.count, ASCII.isLower(line[e]) { e += 1 }
            let tripleDES = s == text.count - 1 && text[s] == UInt8(ascii: "3") && e == 3
                && line[0] == UInt8(ascii: "d") && line[1] == UInt8(ascii: "e") && line[2] == UInt8(ascii: "s")
            if s == 0 || ASCII.isSpace(text[s - 1]), e >= 3, !tripleDES, e == line.count || !ASCII.isAlnum(line[e]) { return .betweenWords }
        }
        return .none
    }

    /// A word in small letters cut where one side is one or two letters that make no word
    /// (`fr` / `om`, `k` / `eyring`, `fro` / `m`, `VRF i` / `0:f0`): a word wrap leaves whole words.
    private static func cutInsideWord(_ text: [UInt8], _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var s = text.count
        while s > 0, ASCII.isLower(text[s - 1]) { s -= 1 }
        var e = 0
        while e < line.count, ASCII.isLower(line[e]) { e += 1 }
        let left = text.count - s, right = e
        guard left > 0 || right > 0 else { return false }
        // (Not `peer's` / `authentication`: an apostrophe's letters are a word's end.)
        if left > 0, left <= 2, s == 0 || !ASCII.isAlnum(text[s - 1]) && text[s - 1] != UInt8(ascii: "'"),
           !isShortWord(text[s], left == 2 ? text[s + 1] : 0) { return true }
        return right > 0 && right <= 2 && (e == line.count || !ASCII.isAlnum(line[e]))
            && (left > 0 || s > 0 && ASCII.isAlpha(text[s - 1])) && !isShortWord(line[0], right == 2 ? line[1] : 0)
    }

    /// A word of a configuration's command that names a secret, cut in two pieces neither of
    /// which is such a word (`pre-shared-k` / `ey`, `snmp-se` / `rver`, `isa` / `kmp`, `p` / `re`,
    /// `passw` / `ord`): letters and hyphens on both sides of the cut, the second piece a word's
    /// end. A debug line cut between two words is not (`crypto` / `isakmp` makes no word).
    static func cutInsideCommandWord(_ text: [UInt8], _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func letter(_ b: UInt8) -> Bool { ASCII.isAlpha(b) || b == UInt8(ascii: "-") }
        var s = text.count
        while s > 0, letter(text[s - 1]), text.count - s < 20 { s -= 1 }
        var e = 0
        while e < line.count, letter(line[e]), e < 20 { e += 1 }
        guard s < text.count, e > 0, e == line.count || line[e] == ASCII.space || line[e] == 0x09 else { return false }
        let left = String(decoding: text[s...], as: UTF8.self).lowercased()
        let right = String(decoding: line[..<e], as: UTF8.self).lowercased()
        let whole = left + right
        // (A hyphen ends no word: `pre-shared-` / `key`.)
        guard !commandWords.contains(left), !commandWords.contains(right) || left.hasSuffix("-") else { return false }
        // (`pre-shared-key`, `crypto` and `isakmp` abbreviated, `p` / `re`, `pre-sh` / `ared`,
        // `i` / `s`, are IOS's too.)
        return commandWords.contains(whole) || SecretMasker.abbreviates(whole, "pre-shared-key", from: 3)
            || SecretMasker.abbreviates(whole, "crypto", from: 2) || SecretMasker.abbreviates(whole, "isakmp", from: 2)
    }

    /// The words of a configuration's commands that name a secret or its peer (`cutInsideCommandWord`).
    private static let commandWords: Set<String> = [
        "crypto", "isakmp", "key", "pre-shared-key", "keyring", "snmp-server", "tacacs-server", "radius-server", "community",
        "password", "secret", "username", "enable", "key-string", "authentication", "address", "hostname", "nhrp",
        "local", "remote",
    ]

    /// One or two small letters that are a word IOS or English writes alone (`a`, `to`, `sa`, `ms`,
    /// `ke`, `dh`).
    private static func isShortWord(_ a: UInt8, _ b: UInt8) -> Bool {
        let w = UInt16(a) << 8 | UInt16(b)
        let words: [UInt16] = [0x6100, 0x616D, 0x616E, 0x6173, 0x6174, 0x6265, 0x6279, 0x646F, 0x676F, 0x6865, 0x6964, 0x6966,
                               0x696E, 0x6970, 0x6973, 0x6974, 0x6B62, 0x6D65, 0x6D73, 0x6D79, 0x6E6F, 0x6F66, 0x6F6B, 0x6F6E,
                               0x6F72, 0x7361, 0x736F, 0x746F, 0x7570, 0x7573, 0x7673, 0x7765, 0x6B65, 0x6468]
        return words.contains(w)
    }

    /// An IOS name in capitals with an underscore cut, its rest in capitals too
    /// (`IKE_QM_PHASE2_COMPLET` / `E`, `MM_KEY_E` / `XCH`; not `IKE_I_MM4` / `New State`, nor
    /// `QM_IDLE` / `3411742196`).
    private static func cutInsideName(_ text: [UInt8], _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = line.first, ASCII.isUpper(first) else { return false }
        var s = text.count
        var underscore = false
        while s > 0, ASCII.isUpper(text[s - 1]) || ASCII.isDigit(text[s - 1]) || text[s - 1] == UInt8(ascii: "_") {
            if text[s - 1] == UInt8(ascii: "_") { underscore = true }
            s -= 1
        }
        guard underscore, text.count - s >= 3, s == 0 || !ASCII.isAlnum(text[s - 1]) && text[s - 1] != UInt8(ascii: "=") else { return false }
        var e = 0
        while e < line.count, ASCII.isUpper(line[e]) || ASCII.isDigit(line[e]) || line[e] == UInt8(ascii: "_") { e += 1 }
        return e == line.count || !ASCII.isLower(line[e])
    }

    /// `line` cannot be the rest of the record's last line, though that was as long as the
    /// terminal's width: a chat's time or header between messages (`10:33`, `Jane Doe  10:32 AM`,
    /// `[10:32 AM] Jane Doe`), or a line that would spoil the address the record ends in
    /// (`203.0.113.99` / `10:33`, `12`, `Edited`; not `203.0.113.9` / `9)`).
    static func cannotBeRest(_ text: [UInt8], _ line: UnsafeBufferPointer<UInt8>, indent: Int) -> Bool {
        guard indent < line.count else { return false }
        if isChatHeader(line, from: indent) { return true }
        guard indent == 0, let last = text.last, ASCII.isDigit(last), ASCII.isAlnum(line[0]) else { return false }
        var s = text.count
        while s > 0, ASCII.isDigit(text[s - 1]) || text[s - 1] == ASCII.dot { s -= 1 }
        guard s == 0 || !ASCII.isAlnum(text[s - 1]), text.count - s <= 15,
              text.withUnsafeBufferPointer({ isDottedQuad(UnsafeBufferPointer(rebasing: $0[s...])) }) else { return false }
        return !cutInsideAddress(text, line)
    }

    /// `line[from...]` is a chat's time (`10:33`, `10:33 AM`) or its header with a name
    /// (`Jane Doe  10:32 AM`, `[10:32 AM] Jane Doe`).
    private static func isChatHeader(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        var e = line.count
        while e > from, ASCII.isSpace(line[e - 1]) { e -= 1 }
        guard e - from >= 4, e - from <= 60, ASCII.isDigit(line[e - 1]) || line[e - 1] | 0x20 == UInt8(ascii: "m") || line[from] == UInt8(ascii: "[") else { return false }
        /// Where the clock time at `i` ends (`H:MM`, `HH:MM`, with ` AM` or ` PM` or not; not a
        /// stamp's `10:33:05`), or nil.
        func time(at i: Int) -> Int? {
            var p = i
            while p < e, p - i < 2, ASCII.isDigit(line[p]) { p += 1 }
            guard p > i, p + 3 <= e, line[p] == ASCII.colon, ASCII.isDigit(line[p + 1]), ASCII.isDigit(line[p + 2]) else { return nil }
            p += 3
            if p < e, line[p] == ASCII.colon || ASCII.isDigit(line[p]) { return nil }
            if p + 3 <= e, line[p] == ASCII.space, line[p + 1] | 0x20 == UInt8(ascii: "a") || line[p + 1] | 0x20 == UInt8(ascii: "p"),
               line[p + 2] | 0x20 == UInt8(ascii: "m") { p += 3 }
            return p
        }
        if time(at: from) == e { return true }
        if line[from] == UInt8(ascii: "["), let t = time(at: from + 1), t < e, line[t] == UInt8(ascii: "]") { return true }
        // A name, two blanks or more, the time.
        guard ASCII.isAlpha(line[from]) else { return false }
        var k = from
        while k < e, ASCII.isAlpha(line[k]) || line[k] == ASCII.dot || line[k] == ASCII.minus || line[k] == UInt8(ascii: "'")
                || line[k] == ASCII.space && !(k + 1 < e && ASCII.isSpace(line[k + 1])) { k += 1 }
        guard k + 1 < e, ASCII.isSpace(line[k]), ASCII.isSpace(line[k + 1]) else { return false }
        while k < e, ASCII.isSpace(line[k]) { k += 1 }
        return time(at: k) == e
    }

    /// An indented sub-line's shape: `(key eng. msg.) …`, `name : value`, `name= value`.
    private static func startsLikeField(_ line: UnsafeBufferPointer<UInt8>, from indent: Int) -> Bool {
        var i = indent
        guard i < line.count else { return false }
        if line[i] == UInt8(ascii: "(") { return true }
        // (No field's name starts with a digit: `    68.0.2:500,` is the rest of an address a cut split.)
        if ASCII.isDigit(line[i]) { return false }
        @inline(__always) func word() { while i < line.count, ASCII.isAlnum(line[i]) || line[i] == UInt8(ascii: "_") || line[i] == ASCII.minus || line[i] == ASCII.dot { i += 1 } }
        word()
        let afterWord = i
        while i < line.count, line[i] == ASCII.space { i += 1 }
        if i < line.count && (line[i] == ASCII.colon || line[i] == UInt8(ascii: "=")) { return true }
        // `connection id=2013, sequence number=…` (a data-plane message's second line): two
        // words, the second with its `=` (`New State = …`, the rest of a cut state line, has a
        // space before it).
        guard i == afterWord + 1, i > indent + 1 else { return false }
        let second = i
        word()
        return i > second && i < line.count && line[i] == UInt8(ascii: "=")
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
    private static func appendContinuation(_ record: inout Record, _ piece: UnsafeBufferPointer<UInt8>, asSubLine: Bool) {
        if asSubLine {
            record.text.append(ASCII.newline)
            record.lastBreak = record.text.count
        }
        let at = record.text.count
        record.text.append(contentsOf: piece)
        tabsToSpaces(&record.text, from: at)
        record.endsInSecret = false
        trimTrailingSpaces(&record.text, floor: record.lastBreak)
        maskTableRowKey(&record, from: record.lastBreak)
        if record.lastBreak == 0 { record.headEnd = record.text.count }
    }

    public mutating func finish(_ emit: Emit) rethrows {
        // (A CSV row left open at the end: its lines read as they are.)
        if !csvRow.isEmpty { try releaseCSVRow(emit) }
        if !stampPiece.isEmpty {
            // (A stamp piece on the last line: read alone, counted once.)
            let piece = stampPiece
            stampPiece = []
            stats.lines -= 1
            stampPieceRead = true
            try piece.withUnsafeBufferPointer { try push($0, number: stampPieceNumber, cut: false, emit) }
            stampPieceRead = false
        }
        try flushHeld(emit)
        if hasCurrent { try emitCurrent(emit) }
        for (_, p) in parked.sorted(by: { $0.value.record.firstLine < $1.value.record.firstLine }) {
            current = p.record
            hasCurrent = true
            try emitCurrent(emit)
        }
        parked.removeAll()
    }

    /// Makes `host`'s record in hand the one in hand: a syslog server's file interleaves its
    /// routers line by line, and a message of several lines (an ID payload and its fields, a line
    /// cut at 80 columns and its rest) may have another router's lines between its own. The
    /// record in hand of the router before waits, parked, for that router's next line.
    private mutating func switchHost(to host: Int, _ emit: Emit) rethrows {
        if parked.isEmpty && (!hasCurrent || current.hostID == nil || current.hostID == host) { return }
        if hasCurrent, let other = current.hostID, other != host, !hasHeld {
            if let older = parked.removeValue(forKey: other) {
                // That router's record parked before, left parked while a record was held (its
                // next message began without it): handed on first, not overwritten.
                let newer = (current, lastCut)
                current = older.record
                hasCurrent = true
                try emitCurrent(emit)
                (current, lastCut) = newer
            }
            parked[other] = (current, lastCut)
            current = Record()
            hasCurrent = false
            lastCut = Cut()
        }
        if !hasCurrent, let p = parked.removeValue(forKey: host) {
            (current, lastCut) = p
            hasCurrent = true
        }
    }

    /// The record in hand is an IKEv2 packet line (`Received Packet [From …]`) whose
    /// dump (`IKEv2 IKE_AUTH Exchange RESPONSE`, `Payload contents:`, the payloads) has
    /// not all come yet.
    /// Whether `record` is a block another process's message may interrupt: an IKE or IPsec debug
    /// message with an indented block under its head (the key engine's `(key eng. msg.)` and
    /// `local_proxy=` lines, an ID payload's fields), or a head that announces one (ends in `,` or `:`, `ID payload`, an IKEv2
    /// proposal's `Num. transforms: 4`).
    static func opensBlock(_ record: Record) -> Bool {
        // (An IKE or IPsec debug message's: `ISAKMP…`, `IPSEC(…)`, `IKEv2…`; a syslog message has no block.)
        guard record.text.first == UInt8(ascii: "I") else { return false }
        if record.lastBreak > 0 { return true }
        return record.text.withUnsafeBufferPointer { t in
            var e = t.count
            while e > 0, ASCII.isSpace(t[e - 1]) { e -= 1 }
            guard e > 0 else { return false }
            if t[e - 1] == ASCII.comma || t[e - 1] == ASCII.colon { return true }
            let head = UnsafeBufferPointer(rebasing: t[..<e])
            if e >= 10, ByteSearch.find("ID payload", in: head, from: e - 10) != nil { return true }
            return ByteSearch.contains("Num. transforms:", in: head)
        }
    }

    /// Holds the record in hand (after the one held before is emitted) while the message that
    /// came between its line and its rest is read: its last line was cut (`cut`) or ended in a
    /// secret (`tail`), or, with `block`, another process's message interrupted its block (and
    /// the indentation of the block's last sub-line is kept with it, see `heldSubIndent`).
    private mutating func holdCurrent(cut: Cut, tail: SecretMasker.Tail, block: Bool, _ emit: Emit) rethrows {
        try flushHeld(emit)
        let sub = subIndent.firstLine == current.firstLine && subIndent.lastBreak == current.lastBreak ? subIndent.indent : -1
        swap(&held, &current)
        hasHeld = true
        (heldCut, heldTail, heldLength) = (cut, tail, currentLength)
        heldBelowLongest = currentLength < longestLine
        heldNow = true
        hasCurrent = false
        heldBlock = block
        if block { heldSubIndent = held.lastBreak > 0 ? sub : -1 }
    }

    /// The record's last line (its head or last sub-line) ends in a comma: its block goes on.
    private static func lastLineEndsInComma(_ record: Record) -> Bool {
        var e = record.text.count
        while e > record.lastBreak, ASCII.isSpace(record.text[e - 1]) { e -= 1 }
        return e > record.lastBreak && record.text[e - 1] == ASCII.comma
    }

    /// Whether the message at `start` is another process's, printed inside an IKE or IPsec
    /// block without taking its lines: a syslog message (`%LINEPROTO-5-UPDOWN: …`, one line) or
    /// another debug's line (`CDP-EV:`, `NHRP:`, `OSPF:`), not the crypto debug's own.
    static func isInterloper(_ line: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + 4 < line.count else { return false }
        // (Told by the first byte for most lines: this runs on every message after another.)
        switch line[start] {
        case UInt8(ascii: "%"):
            return ASCII.isUpper(line[start + 1])
        case UInt8(ascii: "I"):
            let c = ByteCursor(line, from: start)
            if c.startsWith("ISAKMP") || c.startsWith("IPSEC") || c.startsWith("IPSec") || c.startsWith("IKEv2") { return false }
        case UInt8(ascii: "C"):
            let c = ByteCursor(line, from: start)
            if c.startsWith("CRYPTO") || c.startsWith("Crypto") { return false }
        case UInt8(ascii: "m"):
            return false
        default:
            if !ASCII.isUpper(line[start]) { return false }
        }
        return startsLikeMessage(line, at: start)
    }

    @inline(__always) private static func awaitsPacketDump(_ record: Record) -> Bool {
        return record.text.withUnsafeBufferPointer { t in
            guard ByteCursor(t).startsWith("IKEv2"), ByteSearch.contains("Packet [", in: t) else { return false }
            guard let at = ByteSearch.find("Payload contents", in: t, from: 0) else { return true }
            // `Payload contents:` is the dump's last line but one: its payloads follow (a sub-line).
            return memchr(t.baseAddress! + at, Int32(ASCII.newline), t.count - at) == nil
        }
    }

    /// Starts `record` with a head line (its header stripped).
    private static func start(_ record: inout Record, _ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool,
                              header: LineHeader.Result, prefixed: Bool, host: Int?) {
        record.resetFields()
        record.hostID = host
        record.firstLine = number
        record.lastLine = number
        record.stamp = header.stamp
        record.sequence = header.sequence
        record.hasPrefix = prefixed
        record.hasHeader = header.hadHeader
        record.wasCut = cut
        // (The old text replaced in one step: emptied and refilled, capacity kept.)
        record.text.replaceSubrange(0..<record.text.count, with: UnsafeBufferPointer(rebasing: line[header.bodyStart...]))
        tabsToSpaces(&record.text, from: 0)
        Self.trimTrailingSpaces(&record.text, floor: 0)
        record.headEnd = record.text.count
    }

    /// Starts `record` as a line nobody understood (unrecognized as is), with `text`.
    private static func startOrphan(_ record: inout Record, _ text: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool) {
        record.reset()
        record.firstLine = number
        record.lastLine = number
        record.isOrphan = true
        record.wasCut = cut
        record.text.append(contentsOf: text)
        record.headEnd = record.text.count
    }

    /// Emits one line as a record of its own, leaving the record in hand open.
    private mutating func emitInterloper(_ line: UnsafeBufferPointer<UInt8>, number: Int, cut: Bool, header: LineHeader.Result,
                                         prefixed: Bool, tail: SecretMasker.Tail, _ emit: Emit) rethrows {
        let host = header.hostRange.map { hostID(UnsafeBufferPointer(rebasing: line[$0.0..<$0.1])) }
        Self.start(&orphan, line, number: number, cut: cut, header: header, prefixed: prefixed, host: host)
        if !prefixed, tail != .none { Self.maskFirstWord(&orphan, from: 0, after: tail) }
        secretTail = Self.secretTail(of: orphan)
        Self.maskTableRowKey(&orphan, from: 0)
        try flushHeld(emit)
        orphan.device = device(of: orphan)
        orphan.logShownAt = logShownLine
        try emit(orphan, 1)
    }

    /// The line after a message that came between a held record's line and its rest is that
    /// rest: the message is emitted (it was printed in the middle of the held record's line)
    /// and the held record is the record in hand again.
    private mutating func resumeHeld(_ emit: Emit) rethrows {
        hasHeld = false
        swap(&current, &held)
        hasCurrent = true
        held.device = device(of: held)
        held.logShownAt = logShownLine
        try emit(held, held.lineCount)
        lastCut = heldCut
    }

    /// Whether the message in hand, the one that came after the held record, was itself wrapped
    /// at a word just before `line`: its line and `line`'s first word would not have fit in 79
    /// columns (`…Input = IKE_MESG_INTERNAL,` / `IKE_PROCESS_MAIN_MODE`, a web page's word wrap
    /// after a line exactly 80 long that was held as a terminal's cut). Then `line` is its rest,
    /// not the held record's.
    private func wordWrappedBefore(_ line: UnsafeBufferPointer<UInt8>, indent: Int) -> Bool {
        guard indent == 0, hasCurrent, current.lastLine > 0, previousLength >= 40, previousLength < 80, !previousEndedBlank else { return false }
        var e = 0
        while e < line.count, !ASCII.isSpace(line[e]) { e += 1 }
        // (At 80 too: `fold -s` and some pages keep a line a column short of the width.)
        guard previousLength + 1 + e >= 80, e > 0, let last = held.text.last else { return false }
        // (Not when `line` surely completes a token the held line was cut in: `…New State = IKE_QM`
        // / `_PHASE2_COMPLETE`, `…recei` / `ved`, is a terminal's cut, the message between it and
        // its rest printed there. A name after a whole one, `IKE_I_MM6` / `IKE_PROCESS_MAIN_MODE`, is not.)
        let first = line[0]
        let inToken = first == UInt8(ascii: "_") || first == ASCII.rparen || first == UInt8(ascii: "]") || first == ASCII.slash
            || last == ASCII.lparen || last == UInt8(ascii: "_") || last == ASCII.slash || last == UInt8(ascii: "[")
            || ASCII.isLower(last) && ASCII.isLower(first)
        return !inToken
    }

    /// Emits the held record (before anything that came after it).
    private mutating func flushHeld(_ emit: Emit) rethrows {
        guard hasHeld else { return }
        hasHeld = false
        held.device = device(of: held)
        held.logShownAt = logShownLine
        try emit(held, held.lineCount)
    }

    private mutating func emitCurrent(_ emit: Emit) rethrows {
        // (Looked at here: `flushHeld` is a call of its own, and a record is seldom held.)
        if hasHeld { try flushHeld(emit) }
        hasCurrent = false
        // (Handed on where it lies: moving it out and back, a swap each way, cost more.)
        current.device = device(host: current.hostID)
        current.logShownAt = logShownLine
        try emit(current, current.lineCount)
    }

    public mutating func setBytes(_ n: Int) { stats.bytes = n }

    /// The `clear crypto …` command just read, as a record of its own: the SAs it deletes are
    /// the operator's doing, not failures.
    @inline(never) private mutating func emitOperatorCommand(number: Int, _ emit: Emit) rethrows {
        try flushHeld(emit)
        var record = Record()
        record.firstLine = number
        record.lastLine = number
        record.text = operatorCommand
        record.headEnd = record.text.count
        record.isOperatorCommand = true
        ownRecordLine = number
        operatorCommand.removeAll()
        // (The device of the lines around it: a prompt names no syslog host.)
        record.device = lastDevice
        record.logShownAt = logShownLine
        try emit(record, 0)
    }

    /// A ping's summary line, as a record of its own: the traffic it tested got through or not
    /// (what a failed tunnel's diagnosis weighs: DMVPN traffic still flowing through the hub).
    @inline(never) private mutating func emitPingSummary(_ line: UnsafeBufferPointer<UInt8>, number: Int, _ emit: Emit) rethrows {
        try flushHeld(emit)
        var record = Record()
        record.firstLine = number
        record.lastLine = number
        var end = line.count
        while end > 0, ASCII.isSpace(line[end - 1]) { end -= 1 }
        record.text = Array(line[..<end])
        Self.tabsToSpaces(&record.text, from: 0)
        record.headEnd = record.text.count
        record.isPingSummary = true
        ownRecordLine = number
        record.device = lastDevice
        try emit(record, 0)
    }

    /// Tabs in a line's text are spaces (an editor's or a copy's tabs for spaces: IOS prints
    /// none there; an indentation's tabs were taken off before).
    @inline(__always) private static func tabsToSpaces(_ text: inout [UInt8], from start: Int) {
        let n = text.count - start
        guard n > 0 else { return }
        let found = text.withUnsafeBufferPointer { memchr($0.baseAddress! + start, Int32(ASCII.tab), n) != nil }
        guard found else { return }
        for i in start..<text.count where text[i] == ASCII.tab { text[i] = ASCII.space }
    }

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
            // The first host a syslog header names is the log's own device unless a prompt
            // named another one before (`R1#` … then a pasted syslog line of R2's).
            if hosts.isEmpty { hostlessLinesJoinHosts = hostName == nil || hostNamedBySeparator || hostName == name }
            hosts.append(name)
            hostIndex[name] = hosts.count - 1
            return hosts.count - 1
        }()
        lastHost = Array(bytes)
        lastHostID = id
        return id
    }

    private mutating func hostID(named name: String) -> Int {
        var name = name
        return name.withUTF8 { hostID($0) }
    }

    /// Where a prompt (`R1#`, `Hub(config-if)#`) at `from` ends, if the line starts with one.
    private func promptEnd(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var c = ByteCursor(line, from: from)
        if let e = ByteScan.redactedNameEnd(line, from: from) {
            c.pos = e
        } else {
            guard let f = c.peek, ASCII.isAlnum(f) else { return nil }
            while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
        }
        if c.skip(ASCII.lparen) {
            while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
            guard c.skip(ASCII.rparen) else { return nil }
        }
        guard c.skip(ASCII.hash) else { return nil }
        return c.pos
    }

    /// Router prompts (`R2#`, `Hub-RTR(config)#ip route …`), ping output,
    /// `debug` confirmations: console output that is not debug text.
    private mutating func isNoise(_ line: UnsafeBufferPointer<UInt8>, from: Int, relayed: Bool, number: Int) -> Bool {
        promptRead = false
        if from == 0, !relayed, !showsConfig, line.count >= 3, line.count <= 255, readSeparator(line, number: number) { return true }
        var c = ByteCursor(line, from: from)
        // Ping progress: only `.`, `!`, `U`, spaces.
        var onlyPing = true
        for k in from..<line.count {
            let b = line[k]
            if !(b == ASCII.dot || b == UInt8(ascii: "!") || b == UInt8(ascii: "U") || ASCII.isSpace(b)) { onlyPing = false; break }
        }
        if onlyPing { return true }
        // Prompt (its host name redacted too: `<hostname>#`, `[REDACTED]#`, `****#`).
        let redactedEnd = ByteScan.redactedNameEnd(line, from: from)
        if let f = c.peek, ASCII.isAlnum(f) || redactedEnd != nil {
            let s = c.pos
            if let r = redactedEnd { c.pos = r }
            while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
            let e = c.pos
            if c.skip(ASCII.lparen) {
                while let b = c.peek, ASCII.isWord(b) { c.pos += 1 }
                if !c.skip(ASCII.rparen) { return knownConsoleLine(line, from: from) }
            }
            if let b = c.peek, b == ASCII.hash || (b == UInt8(ascii: ">") && c.pos + 1 == line.count) {
                // (A prompt a syslog relay carried names no device: the relay's header does,
                // when it names a host; a terminal program's stamp names none.)
                var rest = c
                rest.pos += 1
                rest.skipSpaces()
                // (A capture begins at the prompt that turns debugging on, that prints the log, or
                // that sends the log to the terminal: `terminal monitor` over SSH.)
                let showsLog = Self.showsLog(rest)
                if showsLog { logShownLine = number }
                let turnsDebug = Self.turnsDebugOn(rest) || showsLog
                let debugOn = turnsDebug || Self.monitorsTerminal(rest)
                let name = UnsafeBufferPointer(rebasing: line[s..<e])
                // (The device the lines go to now: its index among the hosts, once there are any.)
                let device = min(lastDevice, hosts.count - 1)
                if redactedEnd != nil {
                    // (A name redacted before the log was shared names no device: the file's
                    // name, or what else the log shows, does.)
                } else if partUnnamed, !hosts.isEmpty, !relayed, e - s <= 64, namePart(String(decoding: name, as: UTF8.self)) {
                    // (The first prompt of a part a separator line began names it.)
                } else if promptSplit, !relayed, let k = hostIndex[String(decoding: name, as: UTF8.self)], k != device {
                    // Back to a router whose capture came before (its prompt, whatever it typed).
                    promptDevice = k
                } else if debugOn, debugNamedHost, !relayed, e - s <= 64, stampedLines > 0, let first = hostName,
                   hosts.isEmpty || hostlessLinesJoinHosts,
                   !name.elementsEqual((hosts.isEmpty ? first : hosts[device]).utf8) {
                    // Another router's capture after this one's (`R1#debug crypto isakmp` … then
                    // `R2#debug crypto isakmp` …): its lines are that router's. The routers
                    // become hosts, as a syslog server's would (the first one device 0).
                    if hosts.isEmpty { _ = first.utf8.withContiguousStorageIfAvailable { hostID($0) } }
                    promptDevice = hostID(name)
                    promptSplit = true
                } else if !relayed || lastHost.isEmpty, e - s <= 64,
                          hostName == nil || hostNamedBySeparator || !debugNamedHost && debugOn || monitorNamedHost && turnsDebug && stampedLines == 0 {
                    // The first prompt names the device, unless another router's prompt turns
                    // the debugging on (`PC1#ping …` then `RT2#debug crypto isakmp`; `Router#terminal
                    // monitor`, `hostname R1`, then `R1#debug crypto isakmp`). (So does it over the
                    // name of a separator line above the log: `==> r1.log <==`.)
                    hostName = c.string((s, e))
                    hostNamedBySeparator = false
                    partUnnamed = false
                    if debugOn { debugNamedHost = true }
                    monitorNamedHost = !turnsDebug && debugOn
                }
                afterCommand = !rest.atEnd
                showsConfig = Self.isCommand(rest, "sh", then: "run") || Self.isCommand(rest, "sh", then: "star")
                if afterCommand { secretTail = SecretMasker.tail(of: UnsafeBufferPointer(rebasing: line[rest.pos...])) }
                // (Only this router's prompt, or one of the routers the log was split into: another
                // router's command, echoed in this one's log, deletes nothing here. A syslog file's
                // devices are named by its headers, an address as often as not: any prompt is theirs.)
                // (A redacted name is the log's own router's, as far as anyone can tell.)
                let ownPrompt = redactedEnd != nil || (promptSplit ? hostIndex[String(decoding: name, as: UTF8.self)] != nil
                    : !hosts.isEmpty || (hostName.map { name.elementsEqual($0.utf8) } ?? true))
                var end = line.count
                while end > rest.pos, ASCII.isSpace(line[end - 1]) { end -= 1 }
                // (A typo corrected at the prompt, `clear cyrpto^H^H^H^H^Hrypto isakmp`: the command as
                // the terminal shows it, its backspaces applied.)
                let raw = UnsafeBufferPointer(rebasing: line[rest.pos..<end])
                let edited = Self.edited(raw)
                let typed = edited ?? Array(raw)
                let clears = edited.map { e in e.withUnsafeBufferPointer { Self.clearsCrypto(ByteCursor($0, from: 0)) } } ?? Self.clearsCrypto(rest)
                if ownPrompt, clears, typed.split(whereSeparator: ASCII.isSpace).count >= 3 {
                    operatorCommand = Array(line[s..<rest.pos]) + typed
                }
                // (What is typed at the prompt may go on after the next message: `gluedClear`.)
                typedAtPrompt = ownPrompt && operatorCommand.isEmpty ? (number, Array(line[s..<rest.pos]), typed) : nil
                promptRead = promptDevice == nil
                return true
            }
        }
        return knownConsoleLine(line, from: from)
    }

    /// Whether `line` from `start` is `show clock`'s answer: a time (after IOS's `*` or `.` when
    /// the clock is not authoritative, milliseconds or not), a time zone's name, a weekday, a
    /// month, a day and a year (`*10:00:01.123 UTC Thu Dec 3 2026`), and nothing more.
    static func isClockOutput(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var c = ByteCursor(line, from: start)
        if c.peek == ASCII.star || c.peek == ASCII.dot { c.pos += 1 }
        for k in 0..<3 {
            guard c.pos + 1 < line.count, ASCII.isDigit(line[c.pos]), ASCII.isDigit(line[c.pos + 1]) else { return false }
            c.pos += 2
            if k < 2 { guard c.skip(ASCII.colon) else { return false } }
        }
        if c.skip(ASCII.dot) { while let b = c.peek, ASCII.isDigit(b) { c.pos += 1 } }
        guard c.skip(ASCII.space) else { return false }
        var zone = 0
        while let b = c.peek, ASCII.isUpper(b) { c.pos += 1; zone += 1 }
        guard zone >= 2, zone <= 5, c.skip(ASCII.space) else { return false }
        let days: [StaticString] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        guard c.pos + 3 < line.count, days.contains(where: { c.startsWith($0) }), line[c.pos + 3] == ASCII.space else { return false }
        c.pos += 4
        guard c.pos + 3 < line.count, LineHeader.monthIndex(line[c.pos], line[c.pos + 1], line[c.pos + 2]) != nil else { return false }
        c.pos += 3
        c.skipSpaces()
        var digits = 0
        while let b = c.peek, ASCII.isDigit(b) { c.pos += 1; digits += 1 }
        guard digits >= 1, digits <= 2, c.skip(ASCII.space) else { return false }
        digits = 0
        while let b = c.peek, ASCII.isDigit(b) { c.pos += 1; digits += 1 }
        guard digits == 4 else { return false }
        while let b = c.peek, ASCII.isSpace(b) || b == 0x0D { c.pos += 1 }
        return c.atEnd
    }

    /// The line `isNoise` read last was a prompt (an operator's Enter at the console, or a command
    /// typed at it: `show clock`) that named no other router.
    private var promptRead = false

    /// A separator line between logs pasted one after the other (see `PartSeparator`): console
    /// noise, and the start of another part (`startPart`). `more`'s three lines (a rule, the
    /// file's name, a rule) are one when the last is read.
    private mutating func readSeparator(_ line: UnsafeBufferPointer<UInt8>, number: Int) -> Bool {
        let first = line[0]
        if first == ASCII.colon, PartSeparator.isMoreRule(line) {
            if moreNameLine == number - 1, moreRuleLine == number - 2, let n = moreName {
                startPart(n)
                if promptDevice != nil { separatorLines = 2 }
                moreName = nil
            }
            moreRuleLine = number
            return true
        }
        if moreRuleLine == number - 1, let n = PartSeparator.moreName(line) {
            moreNameLine = number
            moreName = n
            return true
        }
        guard ASCII.isAlpha(first) || first == UInt8(ascii: "=") || first == ASCII.minus || first == ASCII.hash || first == ASCII.star
                || first == UInt8(ascii: "~") || first == UInt8(ascii: "+") || first == UInt8(ascii: "[") || first == UInt8(ascii: ">") else { return false }
        // (Not the rest of a line a terminal cut: a caption is plain words. Nor, without its
        // colon, the line after one that may have been cut at a width not learned yet: `…
        // Configured from console b` / `y console` at 64 columns.)
        let mayBeRest = hasCurrent && current.lastLine == number - 1 && mayBeCut(previousLength)
        guard let n = PartSeparator.name(line, captions: !(hasCurrent && lastCut.any), afterBlank: previousLength == 0,
                                         afterLongest: mayBeRest) else { return false }
        startPart(n)
        return true
    }

    /// A separator line named `name` begins another router's log (`==> r2.log <==`): the lines
    /// after it are another device's, named by the first prompt after it, else by `name` (see
    /// `namePart`). Nothing read since the last one (a separator at the top, two in a row): it
    /// names the part in hand. The same name as the part in hand's: the same router's log goes
    /// on; an earlier part's: back to it. In a syslog server's file, whose lines name their
    /// routers, it is only noise.
    private mutating func startPart(_ name: String) {
        let d = min(lastDevice, hosts.count - 1)
        if partLines == 0 {
            if hosts.isEmpty {
                if hostName == nil || hostNamedBySeparator { hostName = name; hostNamedBySeparator = true }
                partName = name
                partUnnamed = true
            } else if promptSplit, partUnnamed, d >= 0, hostIndex[name] == nil {
                renameHost(d, to: name)
                partNames[d] = name
                partName = name
            }
            return
        }
        if partName == name || (d >= 0 ? hosts[d] : hostName ?? "") == name { return }
        guard hosts.isEmpty || promptSplit else { return }
        let before = partName
        partLines = 0
        partName = name
        if let k = hostIndex[name] ?? partNames.first(where: { $0.value == name })?.key {
            promptDevice = k
            partUnnamed = false
            return
        }
        if hosts.isEmpty {
            // (The part before is the log's first device, named as it was: by its prompt, its
            // separator, or the file's name.)
            _ = hostID(named: hostName ?? "")
            if let before { partNames[0] = before }
        }
        let k = hostID(named: name)
        partNames[k] = name
        promptDevice = k
        promptSplit = true
        partUnnamed = true
    }

    /// The first prompt (`name`) of a part a separator line began, the part in hand: names it,
    /// unless that router's log came before. Named like an earlier part by a prompt right at its
    /// start (both routers left as `Router`), the two are named apart by their separators' names
    /// (`Router (R1)`, `Router (R2)`), and the prompt's name goes to this one. False when the
    /// prompt is an earlier part's router's, after this part's lines: read as usual.
    private mutating func namePart(_ name: String) -> Bool {
        let d = min(lastDevice, hosts.count - 1)
        guard d >= 0 else { return false }
        if let k = hostIndex[name], k != d {
            guard partLines == 0 else { partUnnamed = false; return false }
            let own = partNames[d] ?? hosts[d]
            renameHost(d, to: own.isEmpty || own == name ? name : "\(name) (\(own))")
            if hosts[k] == name, let other = partNames[k], other != name { renameHost(k, to: "\(name) (\(other))") }
            hostIndex[name] = d
        } else if hostIndex[name] == nil {
            renameHost(d, to: name)
        }
        partUnnamed = false
        return true
    }

    /// A console line of the device of the lines in hand (see `partNoise`).
    @inline(never) private mutating func notePartNoise(blank: Bool) {
        let d = lastDevice
        guard d > 0 else { return }
        while partNoise.count <= d { partNoise.append(0); partBlank.append(0) }
        partNoise[d] += 1
        if blank { partBlank[d] += 1 }
    }

    /// Gives host `k` another name (see `namePart`).
    private mutating func renameHost(_ k: Int, to name: String) {
        if hostIndex[hosts[k]] == k { hostIndex[hosts[k]] = nil }
        hosts[k] = name
        hostIndex[name] = k
        lastHostID = -1
    }

    /// A command that turns crypto debugging on (`debug crypto isakmp`, `deb cry ipsec`).
    private static func turnsDebugOn(_ command: ByteCursor) -> Bool { isCommand(command, "deb", then: "cry") }

    /// A command that deletes SAs (`clear crypto session`, `clear cry isa`, `clear crypto sa peer X`,
    /// `clear crypto ikev2 sa`).
    private static func clearsCrypto(_ command: ByteCursor) -> Bool { isCommand(command, "cle", then: "cry") }

    /// A command that sends the log to this terminal (`terminal monitor`, `term mon`): how debug
    /// output is watched over SSH, a capture's first line.
    private static func monitorsTerminal(_ command: ByteCursor) -> Bool { isCommand(command, "term", then: "mon") }

    /// A command that prints the log buffer (`show logging`, `sh log`): a capture pasted from it.
    private static func showsLog(_ command: ByteCursor) -> Bool { isCommand(command, "sh", then: "log") }

    /// An IOS command abbreviated as IOS allows (`word`'s start, then any letters) whose next
    /// word starts with `argument`, in any case (`CLEAR CRYPTO ISAKMP`); from configuration mode
    /// too (`do …`).
    private static func isCommand(_ command: ByteCursor, _ word: StaticString, then argument: StaticString) -> Bool {
        var c = command
        if c.skipIgnoringCase("do ") { c.skipSpaces() }
        guard c.skipIgnoringCase(word) else { return false }
        while let b = c.peek, ASCII.isAlpha(b) { c.pos += 1 }
        guard let b = c.peek, ASCII.isSpace(b) else { return false }
        c.skipSpaces()
        return c.skipIgnoringCase(argument)
    }

    /// Where the rest of a `clear crypto …` command glued onto the end of a message starts (nil:
    /// none), `typed` the part typed at the prompt before it. A router without `logging
    /// synchronous` prints a message over what the operator types at its prompt, and the typing
    /// goes on after the message's text (`… changed state to upclear crypto isakmp`, or `R1#clear
    /// cry` then `… changed state to uppto isakmp`; `ISAKMP is OFFno shut` in a real capture).
    private static func gluedClear(_ line: UnsafeBufferPointer<UInt8>, from: Int, typed: [UInt8]) -> Int? {
        guard typed.count <= 40 else { return nil }
        var k = from + 1
        while k + 2 < line.count {
            let glued = Array(line[k...])
            if glued.count <= 80, isClearTyping(edited(typed + glued)) || !typed.isEmpty && isClearTyping(edited(typed + [ASCII.space] + glued)) { return k }
            k += 1
        }
        return nil
    }

    /// What was typed as the terminal shows it, or nil when it erased nothing: each backspace
    /// (BS 0x08, also in the `BS SP BS` a terminal echoes for one) or DEL (0x7F) erases the
    /// character before it, as IOS's line editing does (`clear crypto isakmo^Hp`).
    static func edited(_ typed: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = typed.baseAddress, memchr(base, 0x08, typed.count) != nil || memchr(base, 0x7F, typed.count) != nil else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(typed.count)
        for b in typed {
            if b == 0x08 || b == 0x7F {
                // (A character, all its bytes.)
                while let last = out.last, last & 0xC0 == 0x80 { out.removeLast() }
                if !out.isEmpty { out.removeLast() }
            } else {
                out.append(b)
            }
        }
        return out
    }

    /// `edited` for bytes in hand: the bytes themselves when nothing was erased.
    static func edited(_ typed: [UInt8]) -> [UInt8] {
        typed.withUnsafeBufferPointer { edited($0) } ?? typed
    }

    /// Whether `bytes` is a whole `clear crypto …` command that deletes SAs, each of its first
    /// three words a start of IOS's (`cle cry isa`, `CLEAR CRYPTO SESSION`).
    private static func isClearTyping(_ bytes: [UInt8]) -> Bool {
        let words = bytes.split(whereSeparator: ASCII.isSpace)
        func starts(_ w: ArraySlice<UInt8>, _ of: String, least: Int) -> Bool {
            w.count >= least && w.count <= of.utf8.count && zip(w, of.utf8).allSatisfy { $0 | 0x20 == $1 }
        }
        guard words.count >= 3, starts(words[0], "clear", least: 3), starts(words[1], "crypto", least: 3),
              ["isakmp", "session", "sa", "ikev2"].contains(where: { starts(words[2], $0, least: 2) }) else { return false }
        return Correlator.clearsSAs(String(decoding: bytes, as: UTF8.self))
    }

    private func knownConsoleLine(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Bool {
        let c = ByteCursor(line, from: from)
        // (Their spaces may be tabs: `startsWithPhrase`.)
        return c.startsWithPhrase("Type escape sequence") || c.startsWithPhrase("Sending ")
            && (ByteSearch.contains("ICMP Echos", in: line) || ByteSearch.contains("ICMP\tEchos", in: line))
            || c.startsWithPhrase("Packet sent with a source address") || c.startsWithPhrase("Success rate is")
            || c.startsWith("Enter configuration commands") || c.startsWith("Crypto ISAKMP")
            || c.startsWith("Crypto IPSEC") || c.startsWith("Crypto IKEv2") || c.startsWith("Translating \"")
            || c.startsWith("Building configuration") || c.startsWith("--More--")
    }
}

enum UTF8Check {
    /// The length of the UTF-8 character at `i` (a byte >= 0x80), or 0 when none starts there.
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let x = b[i]
        let need: Int
        if x & 0xE0 == 0xC0 { guard x >= 0xC2 else { return 0 }; need = 1 }
        else if x & 0xF0 == 0xE0 { need = 2 }
        else if x & 0xF8 == 0xF0 { guard x <= 0xF4 else { return 0 }; need = 3 }
        else { return 0 }
        guard i + need < b.count else { return 0 }
        for k in 1...need where b[i + k] & 0xC0 != 0x80 { return 0 }
        return need + 1
    }

    static func isValid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            if b[i] < 0x80 { i += 1; continue }
            let k = sequenceLength(b, at: i)
            if k == 0 { return false }
            i += k
        }
        return true
    }
}

/// The last sequence numbers of one router's messages (8,192 for each of the first 64 routers
/// of a log, a busy head-end's two or three seconds; 512 for each one after, so a syslog
/// server's file of thousands of routers stays small), each with a hash of its stamp and text: a
/// message seen again is a copy; a number much lower than the last (a reload) starts over.
struct SequenceWindow {
    private var last = -1
    private var hashes: [UInt32]

    /// `size`: a power of two.
    init(size: Int) { hashes = Array(repeating: 0, count: size) }

    mutating func seen(_ sequence: Int, _ hash: Int) -> Bool {
        let size = hashes.count
        let mark = UInt32(truncatingIfNeeded: hash) | 1
        let slot = sequence & (size - 1)
        if sequence > last {
            // (The numbers skipped since the last are no messages seen.)
            var k = max(last + 1, sequence - size + 1)
            while k < sequence { hashes[k & (size - 1)] = 0; k += 1 }
            last = sequence
            hashes[slot] = mark
            return false
        }
        if sequence > last - size {
            if hashes[slot] == mark { return true }
            hashes[slot] = mark
            return false
        }
        for i in hashes.indices { hashes[i] = 0 }
        last = sequence
        hashes[slot] = mark
        return false
    }
}
