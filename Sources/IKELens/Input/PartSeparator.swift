/// A line put between logs pasted one after the other into one file, naming the file or the
/// router whose log follows: `head`'s and `tail`'s `==> r2.log <==`, a banner (`===== R2 =====`,
/// `---------- R2 ----------`, `----- R2 (10.0.0.2) -----`, a markdown heading `### r2.log`), an
/// INI-like section (`[R2]`), a script's arrow (`>>> R2`), a log file's name alone (`r2.log`), a caption (`R2 log:`, `Logs from
/// R2`; a name and its colon alone after a blank line, `R2:`), `more`'s three lines
/// (`::::::::::::::`, `r2.log`, `::::::::::::::`). The lines after it are that router's: two
/// routers' captures of one exchange print the same lines at the same NTP time, and without
/// prompts of their own nothing else tells them apart (see `RecordAssembler.startPart`).
///
/// Only what names one thing is one: a banner's or caption's words are the name and words such
/// as `log`, `debug`, `output`, `from`, `router` (a caption needs one of the first kind); a
/// word of IOS's (`show`, `debug crypto isakmp`, `Crypto ISAKMP debugging is on`), a line of
/// several names or a heading such as `=== Summary ===` is none.
enum PartSeparator {
    /// The name of the part a separator line at `from` begins, as a device is named (a file's
    /// name past its directories and without its extensions: `logs/r2.log` → `r2`; a host's as
    /// it is); nil when the line is none. `captions`: lines of plain words may be one (not the
    /// rest of a line a terminal cut); `afterBlank`: the line before was blank (a name and its
    /// colon alone is a caption then only); `afterLongest`: the line before may have been cut
    /// at a width not learned yet (the longest so far), so words without a colon may be its
    /// rest (`… Configured from console b` / `y console` at 64 columns) and are no caption.
    static func name(_ line: UnsafeBufferPointer<UInt8>, captions: Bool, afterBlank: Bool, afterLongest: Bool = false) -> String? {
        let n = contentEnd(line)
        guard n >= 3, n <= 160, !ASCII.isSpace(line[0]) else { return nil }
        let t = UnsafeBufferPointer(rebasing: line[..<n])
        let eq = UInt8(ascii: "="), lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
        // `head`/`tail` of several files: `==> path <==`.
        if n > 8, t[0] == eq, t[1] == eq, t[2] == gt, t[3] == ASCII.space,
           t[n - 1] == eq, t[n - 2] == eq, t[n - 3] == lt, t[n - 4] == ASCII.space {
            var a = 4, b = n - 4
            while a < b, ASCII.isSpace(t[a]) { a += 1 }
            while b > a, ASCII.isSpace(t[b - 1]) { b -= 1 }
            guard b > a else { return nil }
            let name = GrepPrefix.deviceName(UnsafeBufferPointer(rebasing: t[a..<b]))
            return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
        }
        let first = t[0]
        if bannerMarks.contains(first) {
            // A banner: a run of one mark, the words, the same run again or nothing.
            var k = 0
            while k < n, t[k] == first { k += 1 }
            guard k < n, t[k] == ASCII.space, first == ASCII.hash ? k <= 6 : k >= 2 else { return nil }
            var end = n
            while end > k, t[end - 1] == first { end -= 1 }
            guard end == n || ASCII.isSpace(t[end - 1]) else { return nil }
            return named(words(t, from: k, to: end), caption: false)
        }
        if first == gt { return arrowName(t) }
        if first == UInt8(ascii: "["), t[n - 1] == UInt8(ascii: "]") {
            // An INI-like section, `[R2]` (a script's loop over its devices).
            return named(words(t, from: 1, to: n - 1), caption: false)
        }
        guard captions, ASCII.isAlpha(first) else { return nil }
        var end = n
        let colon = t[n - 1] == ASCII.colon
        if colon { end -= 1 }
        let w = words(t, from: 0, to: end)
        if w.count == 1, !colon, isFileName(w[0]), !w[0].contains(UInt8(ascii: "/")) || afterBlank {
            // A log file's name alone (`r2.log`, `R2.txt`): what a user types above each log
            // pasted into one file (a path, `logs/r2.log`, after a blank line only).
            return named(w, caption: false)
        }
        if w.count == 1 {
            // `R2:` alone, after a blank line (or at the log's start), a router's name (a digit,
            // no lower-case letter, or a `-`, `_` or `.` in it), not a word (`Interfaces:`).
            guard colon, afterBlank,
                  w[0].contains(where: { ASCII.isDigit($0) || $0 == ASCII.minus || $0 == UInt8(ascii: "_") || $0 == ASCII.dot })
                    || !w[0].contains(where: ASCII.isLower) else { return nil }
            return named(w, caption: false)
        }
        guard colon || !afterLongest else { return nil }
        return named(w, caption: true)
    }

    /// The name a script's arrow gives the part after it, `>>> R2` (`>>> r2.log`, `>>> R2 log`):
    /// three marks or more, and a router's name (a digit in it), a file's, or a word that says it
    /// is a log; a mail's quoted line of one word (`>>> Thanks`) is none.
    static func arrowName(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        let n = contentEnd(line)
        let gt = UInt8(ascii: ">")
        var k = 0
        while k < n, line[k] == gt { k += 1 }
        guard k >= 3, k < n, n <= 160, line[k] == ASCII.space else { return nil }
        let w = words(UnsafeBufferPointer(rebasing: line[..<n]), from: k, to: n)
        guard let name = named(w, caption: false) else { return nil }
        let says = w.contains { logWords.contains(String(decoding: $0, as: UTF8.self).lowercased()) }
        guard says || w.contains(where: isFileName) || name.utf8.contains(where: ASCII.isDigit) else { return nil }
        return name
    }

    /// Whether `line` is one of the rules `more` puts around each file's name (`::::::::::::::`).
    static func isMoreRule(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = contentEnd(line)
        guard n >= 6, n <= 40 else { return false }
        for i in 0..<n where line[i] != ASCII.colon { return false }
        return true
    }

    /// The name `more` prints between its rules: a file's, alone on the line.
    static func moreName(_ line: UnsafeBufferPointer<UInt8>) -> String? {
        let n = contentEnd(line)
        guard n > 0, n <= 255, !ASCII.isSpace(line[0]) else { return nil }
        let t = UnsafeBufferPointer(rebasing: line[..<n])
        guard !t.contains(ASCII.space), isNameWord(t) else { return nil }
        let name = GrepPrefix.deviceName(t)
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
    }

    /// Where `line`'s text ends: before its trailing blanks and CR.
    private static func contentEnd(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var n = line.count
        while n > 0, ASCII.isSpace(line[n - 1]) || line[n - 1] == 0x0D { n -= 1 }
        return n
    }

    private static let bannerMarks: [UInt8] = [UInt8(ascii: "="), ASCII.minus, ASCII.hash, ASCII.star, UInt8(ascii: "~"), UInt8(ascii: "+")]

    /// The words of `t[from..<to]` (at most 6; nil past that).
    private static func words(_ t: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> [UnsafeBufferPointer<UInt8>] {
        var out: [UnsafeBufferPointer<UInt8>] = []
        var k = from
        while k < to {
            while k < to, ASCII.isSpace(t[k]) { k += 1 }
            let s = k
            while k < to, !ASCII.isSpace(t[k]) { k += 1 }
            if k > s {
                out.append(UnsafeBufferPointer(rebasing: t[s..<k]))
                if out.count > 6 { return [] }
            }
        }
        return out
    }

    /// The one name among `words`, as a device's; nil when there is not exactly one, when a
    /// word is no name's nor a filler's, or (`caption`) when no word says it is a log.
    private static func named(_ words: [UnsafeBufferPointer<UInt8>], caption: Bool) -> String? {
        guard !words.isEmpty, words.count <= (caption ? 5 : 4) else { return nil }
        var name: UnsafeBufferPointer<UInt8>?
        var saysLog = false
        for w in words {
            let lower = String(decoding: w, as: UTF8.self).lowercased()
            if stopWords.contains(lower) { return nil }
            if logWords.contains(lower) { saysLog = true; continue }
            if fillers.contains(lower) || isAddressInParentheses(w), words.count > 1 { continue }
            guard name == nil, isNameWord(w) else { return nil }
            name = w
        }
        guard let name, !caption || saysLog else { return nil }
        if isFileName(name) {
            let base = GrepPrefix.deviceName(name)
            return base.isEmpty ? nil : String(decoding: base, as: UTF8.self)
        }
        return String(decoding: name, as: UTF8.self)
    }

    /// The router's address after its name, `(10.0.0.1)`, `(2001:db8::1)`: a script's banner
    /// (`----- R2 (10.0.0.2) -----`).
    private static func isAddressInParentheses(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 5, w.count <= 41, w[0] == ASCII.lparen, w[w.count - 1] == ASCII.rparen else { return false }
        let inner = w[1..<(w.count - 1)]
        let dots = inner.count(where: { $0 == ASCII.dot }), colons = inner.count(where: { $0 == ASCII.colon })
        if dots == 3, colons == 0 { return inner.allSatisfy { ASCII.isDigit($0) || $0 == ASCII.dot } }
        return colons >= 2 && inner.allSatisfy { ASCII.isHexDigit($0) || $0 == ASCII.colon || $0 == ASCII.dot }
    }

    /// A host's or a file's name: letters, digits, `._-/@+~`, a letter among them, at most 64.
    private static func isNameWord(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count <= 64 else { return false }
        var letter = false
        for b in w {
            guard ASCII.isWord(b) || b == UInt8(ascii: "/") || b == UInt8(ascii: "@") || b == UInt8(ascii: "+") || b == UInt8(ascii: "~") else { return false }
            if ASCII.isAlpha(b) { letter = true }
        }
        return letter
    }

    /// A file's name (a path, or a log's extension: `r2.log`, `r2.txt`, `r2.log.1`) rather than
    /// a host's (`r2.example.com`).
    private static func isFileName(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        if w.contains(UInt8(ascii: "/")) { return true }
        let parts = String(decoding: w, as: UTF8.self).lowercased().split(separator: ".")
        return parts.dropFirst().contains { fileExtensions.contains(String($0)) }
    }

    private static let fileExtensions: Set<String> = ["log", "logs", "txt", "text", "out", "cap", "debug", "dbg", "trace", "rtf"]
    /// Words that say the lines are a log (a caption needs one).
    private static let logWords: Set<String> = ["log", "logs", "debug", "debugs", "output", "capture", "console", "trace", "syslog"]
    /// Words around the name that name nothing.
    private static let fillers: Set<String> = ["from", "of", "on", "for", "the", "router", "device", "host", "side", "file", "start",
                                               "begin", "end", "full", "raw"]
    /// Words that make a line no separator: IOS's commands and words, a heading's.
    private static let stopWords: Set<String> = ["show", "sh", "terminal", "term", "clear", "ping", "undebug", "no", "logging", "crypto",
                                                 "isakmp", "ipsec", "ikev2", "is", "summary", "notes", "note", "config",
                                                 "configuration", "result", "results", "error", "errors", "warning", "warnings",
                                                 "info", "snip", "cut", "here", "more", "truncated", "buffer", "enabled", "disabled",
                                                 "ok", "confirm", "yes", "done", "failed",
                                                 // (The field IOS prints alone under `SA authentication status:`, marked
                                                 // by a reader: `*** authenticated`, `## authenticated`.)
                                                 "authenticated", "unauthenticated"]
}
