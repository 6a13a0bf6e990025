/// The word of a learned prefix (`LearnedPrefix`) that names the router each line came from: a
/// multi-host tool's tag — Fabric's and netmiko scripts' `[R1] `, Ansible's and docker-compose's
/// `R1 | `, `paste`'s or `awk`'s `R1<TAB>`, `(R1) `, `R1> `, `R1 - `, `[r1-rtr]: ` — in front of
/// two routers' debug interleaved by time. Its shape is the same for every router (`[R1] `,
/// `[R2] `), so the prefix alone would read them as one device; each line is read under its
/// tag's host instead, as a syslog relay's header would give it (`RecordAssembler.underHost`).
///
/// Judged on the lines the prefix was learned from and the `window` lines after it (held until
/// then): a prefix that is the word alone (its brackets, bar, tab aside) is a host's tag when
/// two of its values each come on several lines, or one names the prompt behind it (`[R1]
/// R1#debug…`), or it has one value and no prompt names the router otherwise; a word among
/// others (a stamp, a level) only when its values are two or more and the prompts behind it
/// name them. Never a level's, a stream's, a thread's, a weekday's or a month's name (Python
/// logging's `DEBUG`/`INFO`, IOS-XE's trace `(debug)`, `[worker-3]`), nor a word without a
/// letter (a number, a stamp's part) unless an IPv4 address, nor one of too many values.
struct HostTag {
    /// One word of the prefix that may be the host's, and what the lines showed of it.
    struct Candidate {
        /// Its index among the prefix's words (see `word`).
        let word: Int
        /// Its values so far, at most `maxValues`, and on how many lines each came.
        var values: [[UInt8]] = []
        var counts: [Int] = []
        /// A value read as no host's, or more values than `maxValues`.
        var ruledOut = false
        /// Lines whose prompt behind the prefix (`R1#`) is the value's name, or another name.
        var promptsNaming = 0
        var promptsOther = 0
    }

    /// The prefix is the word alone.
    let lone: Bool
    private(set) var candidates: [Candidate]
    /// How many lines with the prefix were looked at.
    private(set) var lines = 0

    /// How many lines after the prefix was learned are held while the tag is judged.
    static let window = 64
    static let maxValues = 16
    static let maxWordLength = 64

    /// The prefix's words that may name a host, from `line`, whose prefix ends at `end` (nil:
    /// none).
    init?(_ line: UnsafeBufferPointer<UInt8>, before end: Int) {
        var found: [Candidate] = []
        var index = 0
        var k = 0
        while let r = Self.nextWord(line, from: k, before: end) {
            if Self.readsAsHost(UnsafeBufferPointer(rebasing: line[r])), found.count < 8 { found.append(Candidate(word: index)) }
            index += 1
            k = r.upperBound
        }
        guard !found.isEmpty else { return nil }
        lone = index == 1
        candidates = found
    }

    /// Takes note of `line`'s values and the prompt behind the prefix (ending at `end`; 0: the
    /// line has none).
    mutating func observe(_ line: UnsafeBufferPointer<UInt8>, before end: Int) {
        guard end > 0 else { return }
        lines += 1
        let prompt = Self.promptName(line, from: end)
        for i in candidates.indices where !candidates[i].ruledOut {
            guard let r = Self.word(candidates[i].word, in: line, before: end) else { continue }
            let value = UnsafeBufferPointer(rebasing: line[r])
            if let v = candidates[i].values.firstIndex(where: { value.elementsEqual($0) }) {
                candidates[i].counts[v] += 1
            } else if candidates[i].values.count < Self.maxValues, Self.readsAsHost(value) {
                candidates[i].values.append(Array(value))
                candidates[i].counts.append(1)
            } else {
                candidates[i].ruledOut = true
                continue
            }
            if let prompt {
                if Self.names(value, UnsafeBufferPointer(rebasing: line[prompt])) {
                    candidates[i].promptsNaming += 1
                } else {
                    candidates[i].promptsOther += 1
                }
            }
        }
    }

    /// The word that names each line's host (its index among the prefix's words), nil: none.
    var hostWord: Int? {
        for c in candidates where !c.ruledOut {
            if lone {
                if c.values.count >= 2, c.promptsNaming > 0 || c.counts.filter({ $0 >= 3 }).count >= 2 { return c.word }
                if c.values.count == 1, c.promptsOther == 0 { return c.word }
            } else if c.values.count >= 2, c.promptsNaming > 0, c.promptsOther == 0 {
                return c.word
            }
        }
        return nil
    }

    /// The range of the `index`th word in `line[..<end]`: a run of letters, digits, `.`, `_` and
    /// `-` with a letter or digit in it. (The prefix's shape fixes where each word is: the same
    /// index is the same word on every line with it.)
    static func word(_ index: Int, in line: UnsafeBufferPointer<UInt8>, before end: Int) -> Range<Int>? {
        var k = 0
        var i = 0
        while let r = nextWord(line, from: k, before: end) {
            if i == index { return r }
            i += 1
            k = r.upperBound
        }
        return nil
    }

    private static func nextWord(_ line: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Range<Int>? {
        var k = from
        while k < end {
            guard ASCII.isWord(line[k]) else { k += 1; continue }
            let s = k
            var alnum = false
            while k < end, ASCII.isWord(line[k]) {
                if ASCII.isAlnum(line[k]) { alnum = true }
                k += 1
            }
            if alnum { return s..<k }
        }
        return nil
    }

    /// Whether `word` may be a router's name: a letter in it (not a number or a stamp's part)
    /// and not a name a logging tool puts there (a level, a stream, a thread, a day, a month), or
    /// an IPv4 address.
    static func readsAsHost(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count <= maxWordLength, let first = word.first, ASCII.isAlnum(first) else { return false }
        if isIPv4(word) { return true }
        guard word.contains(where: ASCII.isAlpha) else { return false }
        // (`worker-3`, `Thread-12`, `DEBUG`: the name without the number after it.)
        var e = word.count
        while e > 1, ASCII.isDigit(word[e - 1]) || word[e - 1] == ASCII.minus || word[e - 1] == UInt8(ascii: "_") || word[e - 1] == ASCII.dot {
            e -= 1
        }
        var stem = ""
        for b in word[..<e] { stem.unicodeScalars.append(Unicode.Scalar(ASCII.isUpper(b) ? b | 0x20 : b)) }
        return !notHosts.contains(stem)
    }

    /// Names a logging tool writes where a host's could be.
    private static let notHosts: Set<String> = [
        // Levels (Python's, syslog's, Java's, IOS-XE's trace).
        "debug", "dbg", "info", "inf", "information", "informational", "notice", "note", "notif", "notification",
        "warn", "wrn", "warning", "error", "err", "errors", "crit", "critical", "fatal", "alert", "emerg", "emergency",
        "panic", "trace", "verbose", "severe", "fine", "finer", "finest", "all", "off", "level",
        // Streams and a tool's own words (Fabric's `out:`, `run:`).
        "stdout", "stderr", "out", "output", "in", "input", "run", "sudo", "local", "put", "get", "log", "logs", "console",
        // Threads and processes.
        "thread", "mainthread", "dummy", "worker", "pool", "threadpoolexecutor", "executor", "task", "proc", "process",
        "job", "pid", "tid", "uuid", "main", "child", "conn", "session", "sess", "chan", "channel", "exec", "shell",
        // Days, months, zones.
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        "utc", "gmt", "z", "am", "pm",
    ]

    private static func isIPv4(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0, digits = 0
        for b in word {
            if ASCII.isDigit(b) {
                digits += 1
                guard digits <= 3 else { return false }
            } else if b == ASCII.dot, digits > 0 {
                parts += 1
                digits = 0
            } else {
                return false
            }
        }
        return parts == 3 && digits > 0
    }

    /// The name of the prompt at `from` (`R1#`, `R1(config)#`), nil when there is none.
    static func promptName(_ line: UnsafeBufferPointer<UInt8>, from: Int) -> Range<Int>? {
        var k = from
        guard k < line.count, ASCII.isAlnum(line[k]) else { return nil }
        while k < line.count, ASCII.isWord(line[k]) { k += 1 }
        let e = k
        if k < line.count, line[k] == ASCII.lparen {
            while k < line.count, line[k] != ASCII.rparen, line[k] != ASCII.hash { k += 1 }
            guard k < line.count, line[k] == ASCII.rparen else { return nil }
            k += 1
        }
        return k < line.count && line[k] == ASCII.hash ? from..<e : nil
    }

    /// Whether `value` names the router `prompt` names: the same name, its letters' case aside,
    /// or that name and a domain (`r1.example.com`).
    static func names(_ value: UnsafeBufferPointer<UInt8>, _ prompt: UnsafeBufferPointer<UInt8>) -> Bool {
        guard value.count >= prompt.count, value.count == prompt.count || value[prompt.count] == ASCII.dot else { return false }
        for k in 0..<prompt.count where value[k] | 0x20 != prompt[k] | 0x20 { return false }
        return true
    }
}
