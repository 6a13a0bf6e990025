/// Ansible's output of a router's log (`cisco.ios.ios_command` running `show logging`, its result
/// printed by `debug: var=output.stdout_lines`, by `-v`, by an ad-hoc `-o`, or by the `json`
/// callback): the log's lines are JSON strings — one per line of the log (`stdout_lines`), or the
/// whole log in one string with `\n` escapes (`stdout`) — inside Ansible's own text (`TASK [show
/// logging] ***`, `ok: [R1] => {`, `PLAY RECAP`). Read byte by byte, not framed into lines first:
/// a string that holds a whole log on one line streams, memory one of the log's lines. Each string
/// a result's field holds (not Ansible's own fields: `invocation`, `warnings`, …) has its escapes
/// undone and is handed on as the lines its `\n` escapes end, under the host its result names
/// (`ok: [R1]`, `R1 | SUCCESS`, the `json` callback's `"hosts": {"R1": …}`). Ansible's own lines
/// are handed on as such (console noise); any other line outside the JSON as it is. A result its
/// YAML callbacks print (`ok: [R1] =>`, then the result's YAML, indented) is read by `AnsibleYAML`.
///
/// Lines are numbered as they are handed on: each line of the file, except that a line which
/// holds strings of the log is numbered by those lines, one number each (a `stdout` on one line,
/// `stdout_lines` printed on one line). So the numbers are the file's lines when each of the log's
/// lines has a line of its own (`stdout_lines` pretty-printed), and the log's own lines when the
/// file is one line of it.
struct AnsibleOutput {
    /// What a line handed on is.
    enum Kind {
        /// A line of the router's log, from a JSON string.
        case log
        /// A line outside the JSON that is not Ansible's own (raw output after `R1 | CHANGED |
        /// rc=0 >>`, a line pasted in), or a blank one: read as it is.
        case plain
        /// Ansible's own line (`TASK [show logging] ***`, `ok: [R1] => {`, the JSON's brackets,
        /// its other fields, a `stdout_lines` after the `stdout` that held the same lines): console
        /// noise. (Its text is not handed on.)
        case tool
    }

    /// Receives each line: its text, number, whether it was cut at `maxLineLength`, what it is,
    /// and the host it is under (empty: none).
    typealias Sink = (_ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ cut: Bool, _ kind: Kind, _ host: [UInt8]) -> Void

    /// How much of a line's start is enough to tell a result's line or a JSON value's start (a
    /// result of a whole log on one line need not be held whole to be told).
    static let headLimit = 4096
    /// Containers deeper than this are read as Ansible's (a result is a few levels deep).
    static let maxDepth = 64
    static let maxKey = 64

    let maxLineLength: Int
    /// Bytes read.
    private(set) var bytesRead = 0
    /// The number the next line handed on takes.
    private var number = 1
    /// A line of a string was handed on since the last line end (the file's line took its number).
    private var pieceOnLine = false
    /// A byte was read since the last line end.
    private var lineStarted = false

    /// Inside a JSON value (a result's, or one alone).
    private var inJSON = false
    /// The JSON value closed on this line of the file: the line's rest is part of that line.
    private var afterJSON = false
    /// The line of the file so far, outside the JSON (at most `maxLineLength` bytes; cut).
    private var line: [UInt8] = []
    private var lineCut = false
    /// The line was looked at for a JSON value's start (at `headLimit` bytes: not again at its end).
    private var lineTried = false
    /// Ansible's own text that goes on to a blank line: a warning it wrapped, `-v`'s settings.
    private var toolBlock = false
    /// The host whose raw output the lines outside the JSON are (`R1 | CHANGED | rc=0 >>`).
    private var plainHost: [UInt8] = []
    /// The host the result in hand names (`ok: [R1] => {`), and whether its task failed (its
    /// `msg` is then Ansible's error, no output's).
    private var resultHost: [UInt8] = []
    private var resultFailed = false
    /// The result in hand printed as YAML, on the lines after its own (see `AnsibleYAML`).
    private var yaml: AnsibleYAML?

    /// An object or array of the JSON open around the byte in hand.
    private struct Frame {
        var object: Bool
        /// Its strings are the log's (no field of Ansible's own holds them).
        var reads: Bool
        /// The host its strings are under.
        var host: [UInt8]
        /// The `json` callback's `hosts`: its keys name hosts.
        var namesHosts: Bool
        /// (An object) the next string is a key.
        var expectsKey = true
        /// (An object) what its key in hand makes of the value: read, under which host, a
        /// `hosts` object.
        var childReads: Bool
        var childHost: [UInt8]
        var childNamesHosts = false
        /// (An object) a `stdout` field was read: a `stdout_lines` after it holds the same lines.
        var tookStdout = false
    }
    private var frames: [Frame] = []
    /// Containers open beyond `maxDepth`.
    private var beyond = 0
    private var inString = false
    private enum Role { case key, read, skip }
    private var role = Role.skip
    /// 0: none; 1: after a backslash; 2…5: a `\u` escape's hex digits so far.
    private var escape = 0
    private var code: UInt32 = 0
    /// A `\u` escape's high surrogate, waiting for its low one (0: none).
    private var highSurrogate: UInt32 = 0
    private var key: [UInt8] = []
    /// The line of the log in hand (from a string), whether it was cut, and its host.
    private var piece: [UInt8] = []
    private var pieceCut = false
    private var pieceHost: [UInt8] = []
    /// The string in hand had a `\n` before this line of it (an empty rest after it is no line).
    private var afterBreak = false

    /// The bytes held: a line outside the JSON, a line of a string, a key. Bounded by
    /// `maxLineLength` whatever the input (a whole log in one string is not held).
    var heldBytes: Int { line.count + piece.count + key.count + (yaml?.heldBytes ?? 0) }

    init(maxLineLength: Int = LineFramer.defaultMaxLineLength) {
        self.maxLineLength = maxLineLength
    }

    // MARK: Telling the input

    /// Whether an input that starts with `bytes` is Ansible's output, judged on its first lines
    /// that are not blank: a banner (`PLAY [routers] ***`, `TASK [show logging] ***`), a result's
    /// line (`ok: [R1] => {`, `R1 | SUCCESS => {…}`, `skipping: [R1]`), a JSON object whose first
    /// key is a result's or the `json` callback's (`{"changed": false, …}`, `{` / `"custom_stats":
    /// {},`, any key with `stdout` in it) or an array of strings (`[["R1#debug crypto isakmp", …`),
    /// also after Ansible's warnings and settings (`[WARNING]: …`, `Using … as config file`). nil
    /// while `bytes` hold too little to tell (`final`: they are all the input there is).
    static func judge(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) -> Bool? {
        let limit = min(bytes.count, 1 << 16)
        var i = 0
        var preamble = false
        while i < limit {
            let start = i
            var end = start
            while end < bytes.count, bytes[end] != ASCII.newline { end += 1 }
            if end == bytes.count, !final, end - start < headLimit { return nil }
            var e = min(end, start + headLimit)
            while e > start, bytes[e - 1] == 0x0D || ASCII.isSpace(bytes[e - 1]) { e -= 1 }
            i = end + 1
            var k = start
            while k < e, ASCII.isSpace(bytes[k]) { k += 1 }
            guard k < e else { continue }
            let text = UnsafeBufferPointer(rebasing: bytes[start..<e])
            if isBanner(text) || result(text) != nil { return true }
            if isPreamble(text) { preamble = true; continue }
            if bytes[k] == UInt8(ascii: "{") || bytes[k] == UInt8(ascii: "[") {
                return opensJSON(bytes, at: k, final: final)
            }
            // (After Ansible's warnings, a router's line says the input is its log.)
            if !preamble || LearnedPrefix.readsAsIs(text) || ByteScan.afterPromptName(text, from: k) == ASCII.hash { return false }
        }
        return final || bytes.count >= 1 << 16 ? false : nil
    }

    /// Whether the JSON value at `k` is a result's (an object whose first key is Ansible's) or an
    /// array of strings; nil while `bytes` end before that shows.
    private static func opensJSON(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int, final: Bool) -> Bool? {
        let array = bytes[k] == UInt8(ascii: "[")
        var p = k + 1
        while p < bytes.count, p - k < 1 << 12,
              ASCII.isSpace(bytes[p]) || bytes[p] == 0x0D || bytes[p] == ASCII.newline || array && bytes[p] == UInt8(ascii: "[") { p += 1 }
        guard p < bytes.count else { return final ? false : nil }
        guard bytes[p] == ASCII.quote else { return false }
        if array { return true }
        var q = p + 1
        while q < bytes.count, q - p <= maxKey, bytes[q] != ASCII.quote, bytes[q] != ASCII.newline { q += 1 }
        guard q < bytes.count else { return final ? false : nil }
        return isResultKey(UnsafeBufferPointer(rebasing: bytes[(p + 1)..<q]))
    }

    /// A result's first key (`{"changed": false, …}`, the `json` callback's `{"custom_stats": …`).
    private static func isResultKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = String(decoding: key, as: UTF8.self)
        return ["changed", "failed", "skipped", "unreachable", "invocation", "ansible_facts", "warnings", "deprecations",
                "custom_stats", "global_custom_stats", "plays"].contains(s) || s.hasPrefix("_ansible") || s.contains("stdout")
    }

    /// `PLAY [routers] ***`, `TASK [show logging] ***`, `PLAY RECAP ***`, `RUNNING HANDLER [x] ***`,
    /// profile_tasks' `Sunday 19 June 2022  12:28:44 +0000 (0:00:01.234) … ***`: Ansible fills its
    /// banners to the terminal's width with stars.
    /// Only a line that begins with one of Ansible's banner words (or a weekday, profile_tasks') is
    /// one: a router's line may end in stars too (`Id: ****`, an address masked before the log
    /// was shared), and a syslog server's file begins with a letter (`Nov 29 …`).
    private static func isBanner(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var e = text.count
        while e > 0, ASCII.isSpace(text[e - 1]) || text[e - 1] == 0x0D { e -= 1 }
        guard e >= 4, text[e - 1] == ASCII.star, text[e - 2] == ASCII.star, text[e - 3] == ASCII.star, ASCII.isAlpha(text[0]) else { return false }
        var k = 0
        while k < e, ASCII.isAlpha(text[k]) { k += 1 }
        let word = String(decoding: text[..<k], as: UTF8.self)
        return bannerWords.contains(word) || weekdays.contains(word)
    }

    /// The words Ansible's banners begin with: `PLAY [x]`, `PLAY RECAP`, `TASK [x]`, `RUNNING
    /// HANDLER [x]`, `PLAYBOOK: x.yml` (with `-v`), `CUSTOM STATS:`, `NOTIFIED HANDLER`, `DRY RUN`.
    private static let bannerWords: Set<String> = ["PLAY", "TASK", "RUNNING", "PLAYBOOK", "CUSTOM", "NOTIFIED", "DRY", "META"]
    private static let weekdays: Set<String> = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// Ansible's warnings and settings before (or between) its results (`[WARNING]: …`, `[DEPRECATION
    /// WARNING]: …`, `Using /etc/ansible/ansible.cfg as config file`, `ansible-playbook [core 2.15.0]`):
    /// the lines after one, to a blank line, are its own too (a warning wraps; `-v` lists settings).
    private static func isPreamble(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let c = ByteCursor(text)
        return c.startsWith("[WARNING]") || c.startsWith("[DEPRECATION WARNING]") || c.startsWith("[ERROR]")
            || c.startsWith("Using ") && ByteSearch.contains(" as config file", in: text) || c.startsWith("No config file found")
            || c.startsWith("ansible-playbook ") || c.startsWith("ansible [core")
    }

    /// A result's line (`ok: [R1] => {`, `fatal: [R1]: FAILED! => {…}`, `ok: [R1 -> localhost] =>
    /// (item=x) => {`, `skipping: [R1]`; an ad-hoc run's `R1 | SUCCESS => {`, `R1 | CHANGED | rc=0
    /// >>`): the host it names, whether the task failed, and where its JSON value starts (nil:
    /// none on the line) or that raw output follows (`>>`).
    static func result(_ text: UnsafeBufferPointer<UInt8>) -> (host: Range<Int>, failed: Bool, json: Int?, raw: Bool, yaml: Bool)? {
        var k = 0
        while k < text.count, ASCII.isLower(text[k]) { k += 1 }
        var host: Range<Int>
        var failed: Bool
        var c = ByteCursor(text, from: k)
        let word = k > 0 && k <= 11 ? String(decoding: text[..<k], as: UTF8.self) : ""
        if ["ok", "changed", "fatal", "failed", "skipping", "unreachable", "ignored", "rescued"].contains(word), c.skip(": [") {
            // `ok: [R1] …`: the host up to `]`, or to ` -> ` (a task delegated elsewhere).
            let h = c.pos
            while let b = c.peek, b != UInt8(ascii: "]"), b != ASCII.space { c.pos += 1 }
            guard c.pos > h, c.pos - h <= 255 else { return nil }
            host = h..<c.pos
            failed = word == "fatal" || word == "failed" || word == "unreachable"
            guard c.skip(string: " -> ") ? c.skipPast("]") : c.skip(UInt8(ascii: "]")) else { return nil }
            if c.startsWith(": FAILED!") || c.startsWith(": UNREACHABLE!") { failed = true }
        } else {
            // `R1 | SUCCESS => {`: the host, a bar, the outcome in capitals.
            c = ByteCursor(text)
            while let b = c.peek, !ASCII.isSpace(b) { c.pos += 1 }
            guard c.pos > 0, c.pos <= 255 else { return nil }
            host = 0..<c.pos
            guard c.skip(" | ") else { return nil }
            if c.skip("SUCCESS") || c.skip("CHANGED") || c.skip("SKIPPED") {
                failed = false
            } else if c.skip("FAILED!") || c.skip("UNREACHABLE!") || c.skip("FAILED") {
                failed = true
            } else {
                return nil
            }
            guard c.atEnd || c.peek == ASCII.space else { return nil }
        }
        // The JSON after `=> ` (the first such arrow: an item's label comes between, `=> (item=x) => {`).
        var afterArrow: Int?
        while c.skipPast("=> ") {
            afterArrow = c.pos
            var p = c.pos
            while p < text.count, ASCII.isSpace(text[p]) { p += 1 }
            if p < text.count, text[p] == UInt8(ascii: "{") || text[p] == UInt8(ascii: "[") { return (host, failed, p, false, false) }
        }
        var e = text.count
        while e > 0, ASCII.isSpace(text[e - 1]) || text[e - 1] == 0x0D { e -= 1 }
        let raw = e >= 2 && text[e - 1] == UInt8(ascii: ">") && text[e - 2] == UInt8(ascii: ">")
        if e >= 2, text[e - 1] == UInt8(ascii: ">"), text[e - 2] == UInt8(ascii: "=") { afterArrow = e }
        return (host, failed, nil, raw, afterArrow.map { yamlHeader(UnsafeBufferPointer(rebasing: text[min($0, e)..<e])) } ?? false)
    }

    /// What follows a result's last arrow when its YAML follows on the next lines: nothing
    /// (ansible-core's `ok: [R1] =>`), or community.general's `changed=false`, `skipped=true`.
    private static func yamlHeader(_ rest: UnsafeBufferPointer<UInt8>) -> Bool {
        var c = ByteCursor(rest)
        while !c.atEnd {
            guard c.skip("changed=") || c.skip("skipped=") else { return false }
            guard c.skip("true") || c.skip("false") else { return false }
            while let b = c.peek, ASCII.isSpace(b) { c.pos += 1 }
        }
        return true
    }

    /// Where a JSON value starts on `text`, a line outside the JSON: a result's (its host and
    /// whether it failed), or one alone at the line's start (`{`, `[`, `{"changed": …`, `[["R1#…`;
    /// not `[WARNING]`, a bracketed stamp or tag).
    private static func jsonStart(_ text: UnsafeBufferPointer<UInt8>) -> (at: Int, host: Range<Int>?, failed: Bool)? {
        var k = 0
        while k < text.count, ASCII.isSpace(text[k]) { k += 1 }
        guard k < text.count else { return nil }
        if text[k] == UInt8(ascii: "{") || text[k] == UInt8(ascii: "[") {
            var p = k + 1
            while p < text.count, ASCII.isSpace(text[p]) || text[p] == 0x0D { p += 1 }
            guard p == text.count || [ASCII.quote, UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "}")].contains(text[p])
            else { return nil }
            return (k, nil, false)
        }
        guard let r = result(text), let at = r.json else { return nil }
        return (at, r.host, r.failed)
    }

    /// Ansible's own fields: their strings are none of the log's (a module's arguments, a
    /// warning, a command's stderr, the `json` callback's play and task).
    static func isAnsiblesOwn(_ key: [UInt8], failed: Bool) -> Bool {
        if key.starts(with: "_ansible".utf8) { return true }
        switch String(decoding: key, as: UTF8.self) {
        case "action", "ansible_facts", "ansible_loop_var", "censored", "changed", "cmd", "custom_stats", "delta",
             "deprecations", "diff", "end", "exception", "failed", "failed_conditions", "false_condition",
             "global_custom_stats", "invocation", "item", "module_stderr", "module_stdout", "play", "rc",
             "skip_reason", "skipped", "start", "stats", "stderr", "stderr_lines", "task", "unreachable", "warnings":
            return true
        case "msg":
            // (A failed task's `msg` is Ansible's error; `debug: msg=…` shows what it was given.)
            return failed
        default:
            return false
        }
    }

    // MARK: Reading

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: Sink) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        bytesRead += chunk.count
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        var i = 0
        while i < bytes.count {
            if inString, escape == 0, highSurrogate == 0 {
                // A run of a string's plain bytes at once.
                var j = i
                while j < bytes.count, bytes[j] != ASCII.quote, bytes[j] != UInt8(ascii: "\\"), bytes[j] != ASCII.newline { j += 1 }
                if j > i {
                    append(UnsafeBufferPointer(rebasing: bytes[i..<j]))
                    i = j
                    continue
                }
            }
            take(bytes[i], body)
            i += 1
        }
    }

    /// Hands on the last line, when the input does not end with a line end.
    mutating func finish(_ body: Sink) {
        if lineStarted { endOfLine(body) }
        endYAML(body)
    }

    private mutating func take(_ b: UInt8, _ body: Sink) {
        if b == ASCII.newline {
            endOfLine(body)
            return
        }
        let first = !lineStarted
        lineStarted = true
        if inJSON, first, ASCII.isAlpha(b) {
            // A line of Ansible's own text (no line of a JSON value starts with a letter): the value
            // was cut short (a paste that lost its end); what follows is read as outside it.
            inJSON = false
            frames.removeAll(keepingCapacity: true)
            beyond = 0
        }
        if inJSON {
            if inString { stringByte(b, body) } else { structural(b, body) }
        } else if afterJSON {
            // (What follows the value on its line is Ansible's: counted with the line.)
        } else {
            if line.count < maxLineLength { line.append(b) } else { lineCut = true }
            // (A line of a YAML result is no JSON value's, whatever it starts with.)
            if !lineTried, line.count >= Self.headLimit, yaml == nil || !ASCII.isSpace(line[0]) {
                lineTried = true
                let start = line.withUnsafeBufferPointer { Self.jsonStart($0) }
                if let start {
                    endYAML(body)
                    enterJSON(start, body)
                }
            }
        }
    }

    /// A JSON value starts at `start.at` of the line in hand: its bytes so far are read as the
    /// value's, under the host its result names.
    private mutating func enterJSON(_ start: (at: Int, host: Range<Int>?, failed: Bool), _ body: Sink) {
        resultHost = start.host.map { Array(line[$0]) } ?? []
        resultFailed = start.failed
        plainHost = []
        toolBlock = false
        let rest = Array(line[start.at...])
        line.removeAll(keepingCapacity: true)
        lineCut = false
        inJSON = true
        frames.removeAll(keepingCapacity: true)
        beyond = 0
        for b in rest where inJSON {
            if inString { stringByte(b, body) } else { structural(b, body) }
        }
    }

    private mutating func endOfLine(_ body: Sink) {
        if !inJSON, !afterJSON {
            if yaml != nil, takeYAML(body) { return }
            if !lineTried, let start = line.withUnsafeBufferPointer({ Self.jsonStart($0) }) {
                enterJSON(start, body)
            } else {
                endOutsideLine(body)
                return
            }
        }
        // (A string does not go on past a line end: a quote lost in a paste ends it here.)
        if inString { endString(body) }
        if !pieceOnLine {
            body(UnsafeBufferPointer(start: nil, count: 0), number, false, .tool, [])
            number += 1
        }
        pieceOnLine = false
        lineStarted = false
        afterJSON = false
        line.removeAll(keepingCapacity: true)
        lineTried = false
    }

    /// A line outside the JSON: Ansible's own, blank, or another read as it is.
    private mutating func endOutsideLine(_ body: Sink) {
        var n = line.count
        while !lineCut, n > 0, line[n - 1] == 0x0D { n -= 1 }
        var kind = Kind.plain
        var host = plainHost
        line.withUnsafeBufferPointer { l in
            let text = UnsafeBufferPointer(rebasing: l[..<n])
            if text.allSatisfy({ ASCII.isSpace($0) }) {
                toolBlock = false
                host = []
            } else if let r = Self.result(text) {
                // (`R1 | CHANGED | rc=0 >>`: its raw output follows, the router's lines; `ok: [R1] =>`:
                // its YAML.)
                plainHost = r.raw ? Array(text[r.host]) : []
                if r.yaml { yaml = AnsibleYAML(host: Array(text[r.host]), failed: r.failed, maxLineLength: maxLineLength) }
                toolBlock = false
                kind = .tool
            } else if Self.isPreamble(text) {
                toolBlock = true
                kind = .tool
            } else if Self.isBanner(text) || Self.isRecap(text) || Self.isStatus(text) {
                plainHost = []
                toolBlock = false
                kind = .tool
            } else if toolBlock {
                kind = .tool
            }
        }
        if kind == .tool {
            body(UnsafeBufferPointer(start: nil, count: 0), number, lineCut, .tool, [])
        } else {
            line.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<n]), number, lineCut, .plain, host) }
        }
        number += 1
        line.removeAll(keepingCapacity: true)
        lineCut = false
        lineTried = false
        pieceOnLine = false
        lineStarted = false
    }

    /// A line after a YAML result's line: read as the result's, unless it is Ansible's next line
    /// (then the result ends, and false: the line is read as any other).
    private mutating func takeYAML(_ body: Sink) -> Bool {
        guard var y = yaml.take() else { return false }
        var n = number
        let taken = line.withUnsafeBufferPointer { y.take($0, cut: lineCut, number: &n, body) }
        if !taken { y.finish(number: &n, body) }
        number = n
        guard taken else { return false }
        yaml = y
        line.removeAll(keepingCapacity: true)
        lineCut = false
        lineTried = false
        pieceOnLine = false
        lineStarted = false
        return true
    }

    /// The YAML result in hand ends (Ansible's next line, a JSON value, the input's end).
    private mutating func endYAML(_ body: Sink) {
        guard var y = yaml.take() else { return }
        y.finish(number: &number, body)
    }

    /// `PLAY RECAP`'s line of a host: `R1   : ok=2    changed=0    unreachable=0    failed=0 …`.
    private static func isRecap(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        ByteSearch.contains(": ok=", in: text) && ByteSearch.contains(" failed=", in: text)
    }

    /// Other lines Ansible prints of a run (`included: … for R1`, `...ignoring`, `FAILED -
    /// RETRYING: …`).
    private static func isStatus(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let c = ByteCursor(text)
        if c.startsWith("included: ") || c.startsWith("...ignoring") || c.startsWith("FAILED - RETRYING: ") { return true }
        // (`-v`'s `1 plays in show.yml`.)
        var d = c
        return d.readInt() != nil && d.skip(" plays in ")
    }

    // MARK: JSON

    private mutating func structural(_ b: UInt8, _ body: Sink) {
        switch b {
        case ASCII.quote:
            inString = true
            escape = 0
            afterBreak = false
            if beyond > 0 {
                role = .skip
            } else if let top = frames.last {
                if top.object, top.expectsKey {
                    role = .key
                    key.removeAll(keepingCapacity: true)
                } else {
                    role = (top.object ? top.childReads : top.reads) ? .read : .skip
                    pieceHost = top.object ? top.childHost : top.host
                }
            } else {
                // (A string alone as the value.)
                role = .read
                pieceHost = resultHost
            }
            if role == .read {
                piece.removeAll(keepingCapacity: true)
                pieceCut = false
            }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            open(object: b == UInt8(ascii: "{"))
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            if beyond > 0 { beyond -= 1; return }
            guard !frames.isEmpty else { return }
            frames.removeLast()
            if frames.isEmpty { valueEnded() }
        case ASCII.comma:
            if beyond == 0, let t = frames.indices.last, frames[t].object { frames[t].expectsKey = true }
        default:
            break
        }
    }

    private mutating func open(object: Bool) {
        guard beyond == 0, frames.count < Self.maxDepth else { beyond += 1; return }
        var reads = true
        var host = resultHost
        var namesHosts = false
        if let top = frames.last {
            if top.object {
                (reads, host, namesHosts) = (top.childReads, top.childHost, top.childNamesHosts)
            } else {
                (reads, host) = (top.reads, top.host)
            }
        }
        frames.append(Frame(object: object, reads: reads, host: host, namesHosts: namesHosts, childReads: reads, childHost: host))
    }

    /// The top JSON value closed: the line's rest is Ansible's.
    private mutating func valueEnded() {
        inJSON = false
        afterJSON = true
        line.removeAll(keepingCapacity: true)
    }

    /// An object's key ended: what its value is read as.
    private mutating func keyEnded() {
        guard let t = frames.indices.last else { return }
        var f = frames[t]
        f.expectsKey = false
        if f.namesHosts {
            // (The `json` callback's `"hosts": {"R1": {…}}`.)
            f.childHost = key
            f.childReads = f.reads
            f.childNamesHosts = false
        } else {
            f.childHost = f.host
            f.childNamesHosts = key.elementsEqual("hosts".utf8)
            var reads = f.reads && !Self.isAnsiblesOwn(key, failed: resultFailed)
            if key.withUnsafeBufferPointer({ ByteSearch.contains("stdout", in: $0) }) {
                // `stdout` and `stdout_lines` hold the same lines: the log is read once.
                if f.tookStdout { reads = false }
                if reads { f.tookStdout = true }
            }
            f.childReads = reads
        }
        frames[t] = f
    }

    private mutating func stringByte(_ b: UInt8, _ body: Sink) {
        if escape == 1 {
            escape = 0
            switch b {
            case UInt8(ascii: "n"):
                if role == .read {
                    endPiece(body)
                    afterBreak = true
                }
            case UInt8(ascii: "t"): put(ASCII.tab)
            case UInt8(ascii: "r"): put(0x0D)
            case UInt8(ascii: "b"): put(0x08)
            case UInt8(ascii: "f"): put(0x0C)
            case UInt8(ascii: "u"): escape = 2; code = 0
            default: put(b)  // `\"`, `\\`, `\/`
            }
            return
        }
        if escape >= 2 {
            guard let d = ASCII.hexValue(b) else {
                // (Not four hex digits: a `?` for the escape, the byte as it is.)
                escape = 0
                put(UInt8(ascii: "?"))
                stringByte(b, body)
                return
            }
            code = code << 4 | UInt32(d)
            escape += 1
            if escape == 6 {
                escape = 0
                scalar(code)
            }
            return
        }
        switch b {
        case UInt8(ascii: "\\"): escape = 1
        case ASCII.quote: endString(body)
        default: put(b)
        }
    }

    /// A `\u` escape's code point, as UTF-8 (a surrogate pair's two escapes as one; a lone half `?`).
    private mutating func scalar(_ v: UInt32) {
        if v >= 0xD800, v < 0xDC00 {
            if highSurrogate != 0 { put(UInt8(ascii: "?")) }
            highSurrogate = v
            return
        }
        var v = v
        if v >= 0xDC00, v < 0xE000 {
            guard highSurrogate != 0 else { put(UInt8(ascii: "?")); return }
            v = 0x10000 + (highSurrogate - 0xD800) << 10 + (v - 0xDC00)
            highSurrogate = 0
        }
        let s = Unicode.Scalar(v) ?? "?"
        var utf8: [UInt8] = []
        utf8.append(contentsOf: String(s).utf8)
        for u in utf8 { put(u) }
    }

    @inline(__always) private mutating func put(_ b: UInt8) {
        if highSurrogate != 0 {
            highSurrogate = 0
            put(UInt8(ascii: "?"))
        }
        switch role {
        case .read:
            if piece.count < maxLineLength { piece.append(b) } else { pieceCut = true }
        case .key:
            if key.count < Self.maxKey { key.append(b) }
        case .skip:
            break
        }
    }

    /// A run of a string's bytes without escapes.
    private mutating func append(_ run: UnsafeBufferPointer<UInt8>) {
        switch role {
        case .read:
            if !piece.append(run, upTo: maxLineLength) { pieceCut = true }
        case .key:
            key.append(contentsOf: run.prefix(max(0, Self.maxKey - key.count)))
        case .skip:
            break
        }
    }

    /// The line of the log in hand ends (a `\n` escape, the string's end).
    private mutating func endPiece(_ body: Sink) {
        if highSurrogate != 0 { put(UInt8(ascii: "?")) }
        var n = piece.count
        // (`\r\n` escapes: the line without its CR, as the framer gives a file's lines.)
        while !pieceCut, n > 0, piece[n - 1] == 0x0D { n -= 1 }
        piece.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[..<n]), number, pieceCut, .log, pieceHost) }
        number += 1
        pieceOnLine = true
        piece.removeAll(keepingCapacity: true)
        pieceCut = false
    }

    private mutating func endString(_ body: Sink) {
        inString = false
        escape = 0
        switch role {
        case .key:
            keyEnded()
        case .read:
            // (`"…\n"`: the last line ended with it, as a file's last line end ends no line.)
            if !(afterBreak && piece.isEmpty && !pieceCut) { endPiece(body) }
            highSurrogate = 0
        case .skip:
            break
        }
        afterBreak = false
        if frames.isEmpty, beyond == 0 { valueEnded() }
    }
}
