#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hides pre-shared keys and other secrets in configuration lines and in
/// `show crypto isakmp key` output, so they never reach a report unless asked.
public enum SecretMasker {
    public static let mask = "*****"

    /// `pre-shared-key address 1.2.3.4 key cisco` → `… key *****`;
    /// `crypto isakmp key 6 ABC address …`, `pre-shared-key local X`,
    /// `username u secret 9 …`, `snmp-server community X RO` likewise.
    public static func mask(_ line: String) -> String {
        var tokens = words(line)
        var i = 0
        var masked = false
        func maskValue(from j: Int) {
            var k = j
            while k < tokens.count, tokens[k].isEmpty { k += 1 }
            if k < tokens.count, tokens[k].count == 1, tokens[k].first?.isNumber == true, k + 1 < tokens.count { k += 1 }
            if k < tokens.count, !tokens[k].isEmpty { tokens[k] = mask; masked = true }
        }
        while i < tokens.count {
            switch tokens[i].lowercased() {
            case "key", "secret", "password", "community":
                maskValue(from: i + 1)
                i += 2
            case "authentication" where i > 0 && tokens[i - 1].lowercased() == "nhrp":
                // `ip nhrp authentication X` (DMVPN's NHRP password).
                maskValue(from: i + 1)
                i += 2
            case "pre-shared-key":
                let next = i + 1 < tokens.count ? tokens[i + 1].lowercased() : ""
                if next == "address" || next == "hostname" || next.isEmpty {
                    i += 1
                } else {
                    var j = i + 1
                    if next == "local" || next == "remote" { j += 1 }
                    maskValue(from: j)
                    i = j + 1
                }
            default:
                i += 1
            }
        }
        return masked ? tokens.joined(separator: " ") : line
    }

    /// A line's words and the empty strings between blanks in a row, split at spaces and tabs
    /// (a configuration pasted from a file or a ticket may separate its words with tabs:
    /// `crypto isakmp key<TAB>X`). A masked line is joined again with spaces.
    private static func words(_ line: String) -> [String] {
        line.split(omittingEmptySubsequences: false) { $0 == " " || $0 == "\t" }.map(String.init)
    }

    /// Whether log text may carry a secret: one of the phrases `maskLog` masks after, in
    /// any case. A cheap scan, eight bytes at a time (stepping by seven, so each pair of
    /// bytes is seen), for the pairs k`ey`, pa`sw`ord, se`cr`et, co`mm`unity; the phrases
    /// are checked only around those (debug lines that say "key" or "keyring" pass on).
    public static func mayNameSecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = text.baseAddress else { return false }
        let n = text.count
        @inline(__always) func zeros(_ w: UInt64, _ b: UInt64) -> UInt64 {
            let x = w ^ (b &* 0x0101_0101_0101_0101)
            return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
        }
        func at(_ j: Int, _ phrase: StaticString) -> Bool {
            let m = phrase.utf8CodeUnitCount
            guard j >= 0, j + m <= n else { return false }
            let w = phrase.utf8Start
            var k = 0
            while k < m {
                // (A tab stands for the space a phrase ends with: `password<TAB>X`.)
                let b = p[j + k] == 0x09 ? 0x20 : p[j + k]
                if b | 0x20 != w[k] | 0x20 { return false }
                k += 1
            }
            return true
        }
        var start = 0
        while start < n, p[start] == 0x20 || p[start] == 0x09 { start += 1 }
        func phrase(at k: Int) -> Bool {
            switch p[k] | 0x20 {
            case UInt8(ascii: "e"):   // k·ey
                guard at(k - 1, "key") else { return false }
                if at(k - 12, "pre-shared-key") || at(k - 1, "key-string") || k - 1 == start { return true }
                // `message-digest-key`, `authentication-key` (OSPF), a sub-line's first word (`… | key X`).
                if at(k - 16, "message-digest-key") || at(k - 16, "authentication-key") || at(k - 3, "| key") { return true }
                // A command glued to a prompt or a message (`logged command:key X`, `R1(config-isakmp-group)#key X`),
                // in lower case: `ISAKMP:(1004):Key not found in keyrings …` is debug text.
                if k >= 2, p[k - 1] == UInt8(ascii: "k"), p[k - 2] == UInt8(ascii: ":") || p[k - 2] == UInt8(ascii: "#") { return true }
                // The word before `key`, however many spaces apart: `crypto  isakmp  key`.
                var e = k - 1
                while e > 0, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
                guard e < k - 1 else { return false }
                return at(e - 6, "isakmp") || at(e - 9, "pre-share") || at(e - 7, "-server")
            // (`password=`: a RADIUS attribute, `ipsec:tunnel-password=X`, an EzVPN group's key.)
            case UInt8(ascii: "s"): return at(k - 3, "password ") || at(k - 3, "password=")

            case UInt8(ascii: "c"): return at(k - 2, "secret ")
            // (A typed command IOS logged, `%PARSER-5-CFGLOG_LOGGEDCMD: … logged command:…`, is
            // configuration: `ip nhrp authentication X`, an EzVPN group's `key X`.)
            case UInt8(ascii: "m"): return at(k - 2, "community ") || at(k - 2, "command:")
            default: return false
            }
        }
        var i = 0
        while i < n - 1 {
            var w: UInt64 = 0
            if i + 8 <= n {
                w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            } else {
                for k in 0..<(n - i) { w |= UInt64(p[i + k]) << (8 * UInt64(k)) }
            }
            w |= 0x2020_2020_2020_2020
            let next = w >> 8
            // A pair's first byte at 0…6 (byte 7's pair is in the next window).
            var hits = (zeros(w, 0x65) & zeros(next, 0x79) | zeros(w, 0x73) & zeros(next, 0x77)
                | zeros(w, 0x63) & zeros(next, 0x72) | zeros(w, 0x6D) & zeros(next, 0x6D)) & 0x0080_8080_8080_8080
            while hits != 0 {
                let k = i + hits.trailingZeroBitCount / 8
                if k < n - 1, phrase(at: k) { return true }
                hits &= hits - 1
            }
            i += 7
        }
        return false
    }

    /// Masks the secrets of configuration commands that reached a log line (pasted
    /// after debug output, glued onto a debug line by a prompt, `%PARSER-5-CFGLOG_LOGGEDCMD`),
    /// and only those: `crypto isakmp key X`, `pre-shared-key … key X`, `pre-shared-key
    /// [local|remote] X`, `pre-share key X`, `key-string X`, `username … secret|password X`,
    /// `enable secret X`, `snmp-server community X`, `…-server key X`. Debug text that
    /// merely says "key" (`No pre-shared key with …`, `Found ADDRESS key in keyring …`)
    /// is left as it is.
    public static func maskLog(_ line: String) -> String {
        var tokens = words(line)
        // A token's word: lowercased, after any prompt or message it is glued to
        // (`R1(config)#crypto`, `payload!crypto`, `command:crypto`), trailing `,;` off.
        let words: [String] = tokens.map { t in
            var w = Substring(t.lowercased())
            if let cut = w.lastIndex(where: { $0 == ":" || $0 == "#" || $0 == "!" || $0 == ">" }) { w = w[w.index(after: cut)...] }
            while let last = w.last, last == "," || last == ";" { w = w.dropLast() }
            return String(w)
        }
        var masked = false
        func maskValue(from j: Int) {
            var k = j
            while k < tokens.count, tokens[k].isEmpty { k += 1 }
            if k < tokens.count, words[k].count == 1, words[k].first?.isNumber == true {
                var next = k + 1
                while next < tokens.count, tokens[next].isEmpty { next += 1 }
                if next < tokens.count { k = next }
            }
            if k < tokens.count, !tokens[k].isEmpty, tokens[k] != mask {
                tokens[k] = mask
                masked = true
            }
        }
        func previous(_ i: Int) -> String {
            var k = i - 1
            while k >= 0, tokens[k].isEmpty { k -= 1 }
            return k >= 0 ? words[k] : ""
        }
        let firstWord = tokens.firstIndex { !$0.isEmpty } ?? 0
        let english: Set<String> = ["", "for", "not", "is", "was", "found", "with", "matching", "of", "in", "mismatch", "from", "to"]
        // (Looked for once, not in each word: this runs on every line that names a secret's word.)
        let radiusPassword = line.utf8.withContiguousStorageIfAvailable { ByteSearch.contains("password=", in: $0) } ?? true
        for i in tokens.indices {
            switch words[i] {
            case "key":
                let prev = previous(i)
                let afterPSK = words[..<i].contains { $0.hasSuffix("pre-shared-key") }
                // A line that is just `key [0-9] X` (a RADIUS/TACACS server block's key).
                // (Up to the next sub-line of a record: `… | key X | …`.)
                let rest = words[(i + 1)...].prefix { $0 != "|" }.filter { !$0.isEmpty }
                // (Or glued to a prompt or a message: `logged command:key X`.)
                let lineStart = i == firstWord || previous(i) == "|" || tokens[i].utf8.first.map { $0 | 0x20 != UInt8(ascii: "k") } ?? false
                // (A sub-line that starts with `key` and a value is configuration too, whatever a
                // join put after it: debug text says `key` after other words.)
                let configLine = lineStart && (rest.count == 1 || rest.count == 2 && rest.first!.count == 1 && rest.first!.first!.isNumber
                    || i != firstWord && !rest.isEmpty && !english.contains(rest[rest.startIndex]))
                if prev == "isakmp" || prev == "pre-share" || prev.hasSuffix("-server") || afterPSK || configLine { maskValue(from: i + 1) }
                if prev == "isakmp" {
                    // `crypto isakmp key V address|hostname …`: what stands before `address`
                    // is the key, even when a line break inside it was joined with a space.
                    var k = i + 1
                    while k < tokens.count, tokens[k].isEmpty || tokens[k] == mask || words[k].count == 1 { k += 1 }
                    while k < tokens.count, !["address", "hostname", "no-xauth", ""].contains(words[k]) {
                        tokens[k] = mask
                        masked = true
                        k += 1
                    }
                }
            case let w where w.hasSuffix("pre-shared-key"):
                let next = words.dropFirst(i + 1).first { !$0.isEmpty } ?? ""
                if next == "address" || next == "hostname" || english.contains(next) { break }
                if next == "local" || next == "remote" {
                    let at = tokens.indices.dropFirst(i + 1).first { !tokens[$0].isEmpty }!
                    maskValue(from: at + 1)
                } else {
                    maskValue(from: i + 1)
                }
            case "key-string", "authentication-key":
                maskValue(from: i + 1)
            case "message-digest-key":
                // `ip ospf message-digest-key 1 md5 [7] X`.
                if let md5 = words.indices.dropFirst(i + 1).prefix(3).first(where: { words[$0] == "md5" }) { maskValue(from: md5 + 1) }
            case "secret", "password":
                let earlier = words[..<i]
                // `secret 9 X` / `password 7 X`: an encryption type, then the value.
                let rest = words[(i + 1)...].filter { !$0.isEmpty }
                let typed = rest.count >= 2 && rest.first!.count == 1 && rest.first!.first!.isNumber
                if typed || i == firstWord || earlier.contains("username") || earlier.contains("enable") || previous(i) == "chap" || previous(i) == "pap" {
                    maskValue(from: i + 1)
                }
            case "community":
                if previous(i) == "snmp-server" { maskValue(from: i + 1) }
            case "authentication":
                // `ip nhrp authentication X` (DMVPN's NHRP password).
                if previous(i) == "nhrp" { maskValue(from: i + 1) }
            case let w where radiusPassword && w.contains("password="):
                // A RADIUS attribute's value (`"ipsec:tunnel-password=X"`, `tunnel-password=X`):
                // after the `=`, up to a closing quote.
                if let eq = tokens[i].range(of: "password=", options: .caseInsensitive)?.upperBound, eq < tokens[i].endIndex {
                    let value = tokens[i][eq...]
                    let end = value.firstIndex(of: "\"") ?? value.endIndex
                    if value.startIndex < end, tokens[i][value.startIndex..<end] != Substring(mask) {
                        tokens[i].replaceSubrange(value.startIndex..<end, with: mask)
                        masked = true
                    }
                }
            default:
                break
            }
        }
        return masked ? tokens.joined(separator: " ") : line
    }

    /// How a log line ends with respect to a secret: in the value (`… crypto isakmp key
    /// SECR`, maybe cut by a line end), right after the word that introduces one (`… key`),
    /// or neither. A secret split over two lines is masked whole when its pieces are
    /// joined (in a value: as they are; after the word: with a space).
    public enum Tail: Sendable { case none, inValue, afterWord }

    /// The position of the last space or tab before `end` in `p`, or -1: eight bytes a step
    /// (log words run long: `IKE_QM_IPSEC_INSTALL_AWAIT`, addresses, hex handles).
    @inline(__always)
    static func lastBlank(_ p: UnsafePointer<UInt8>, before end: Int) -> Int {
        @inline(__always) func exactZeros(_ x: UInt64) -> UInt64 {
            // 0x80 in exactly the bytes of `x` that are zero (no borrow between bytes).
            let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
            return ~(((x & low7) &+ low7) | x | low7)
        }
        var e = end
        while e >= 8 {
            let w = UnsafeRawPointer(p + e - 8).loadUnaligned(as: UInt64.self)
            let m = exactZeros(w ^ 0x2020_2020_2020_2020) | exactZeros(w ^ 0x0909_0909_0909_0909)
            if m != 0 { return e - 8 + (63 - m.leadingZeroBitCount) / 8 }
            e -= 8
        }
        while e > 0 {
            e -= 1
            if p[e] == 0x20 || p[e] == 0x09 { return e }
        }
        return -1
    }

    public static func tail(of line: UnsafeBufferPointer<UInt8>) -> Tail {
        // Cheap first (this runs once per record): one of the last three words introduces a secret.
        guard let p = line.baseAddress else { return .none }
        @inline(__always) func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var e = line.count
        while e > 0, space(p[e - 1]) { e -= 1 }
        guard e > 0 else { return .none }
        var end = e
        var named = false
        var lastWordStart = -1
        for _ in 0..<3 {
            let s = lastBlank(p, before: end) + 1
            if lastWordStart < 0 { lastWordStart = s }
            // Only a word of an intro word's length is compared (`introducesSecret`).
            let n = end - s
            if n >= 3, n <= 14, introducesSecret(UnsafeBufferPointer(start: p + s, count: n)) { named = true; break }
            var k = s
            while k > 0, space(p[k - 1]) { k -= 1 }
            guard k > 0 else { break }
            end = k
        }
        // A `show crypto isakmp key` row cut before its key column (`keyring1     192.168.0.2`,
        // a table wrapped at 80 columns): the key is the next line's first word.
        // (Two spaces before the last word, or none of this: a debug line has one.)
        if !named, lastWordStart >= 2, space(p[lastWordStart - 2]), rowAwaitingKey(line) { return .afterWord }
        guard named else { return .none }
        // `maskLog` masks only what `mayCarrySecret` lets through: the debug lines that end near
        // `key`, `local` or `remote` (`local preshared key found`, `local port 500, remote port
        // 500`) stop here, without the two `String` passes below. The line with a word after it
        // (what `.afterWord` asks) carries every phrase the line does; a value masked already
        // (`… key *****`) is the line's own.
        let masked = e >= mask.utf8.count + 1 && line[(e - mask.utf8.count - 1)..<e].elementsEqual((" " + mask).utf8)
        if !masked && !mayCarrySecret(UnsafeBufferPointer(start: p, count: e)) {
            // Only the phrases that need a space after them (`password `, `secret `,
            // `community `) at the very end, or a line of one word, may carry one with a word
            // after them: then the line with a word after it is asked.
            let w = lastWordStart
            let last = UnsafeBufferPointer(start: p + w, count: e - w)
            guard w == 0 || equalsIgnoringCase(last, "password") || equalsIgnoringCase(last, "secret")
                || equalsIgnoringCase(last, "community") else { return .none }
            var probe = [UInt8](UnsafeBufferPointer(start: p, count: e))
            probe.append(0x20)
            probe.append(UInt8(ascii: "X"))
            guard probe.withUnsafeBufferPointer({ mayCarrySecret($0) }) else { return .none }
        }
        let s = String(decoding: UnsafeBufferPointer(rebasing: line[..<e]), as: UTF8.self)
        // A word after the line would be masked, and the line kept as it is (`… key`, `… key 0`).
        if maskLog(s + " X") == s + " " + mask { return .afterWord }
        // The line's last word is masked (a value masked already, the rest of one before it,
        // counts as a value).
        return e == line.count && maskLog(s).hasSuffix(" " + mask) ? .inValue : .none
    }

    /// Whether `word`, the first of a line after one that ended in a secret (`tail(of:)`), may
    /// be that secret's rest: not a word of the command itself (`address`, `crypto`, a word
    /// that introduces a secret: a whole key was followed by another line).
    static func mayBeRestOfSecret(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        if introducesSecret(word) || word.elementsEqual(mask.utf8) { return false }
        let lower = String(decoding: word, as: UTF8.self).lowercased()
        return !["address", "hostname", "no-xauth", "crypto", "username", "enable", "snmp-server", "tacacs-server",
                 "radius-server", "isakmp", "ikev2"].contains(lower)
    }

    /// A `show crypto isakmp key` row without its key: a name, two spaces or more, an address
    /// (`keyring1     192.168.0.2`), and nothing else.
    public static func rowAwaitingKey(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        @inline(__always) func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var e = line.count
        while e > 0, space(line[e - 1]) { e -= 1 }
        var a = e
        while a > 0, !space(line[a - 1]) { a -= 1 }
        // Two spaces or more before the last word first (a debug line has one): cheap.
        guard a >= 2, a < e, space(line[a - 2]), isAddress(UnsafeBufferPointer(rebasing: line[a..<e])) else { return false }
        var g = a
        while g > 0, space(line[g - 1]) { g -= 1 }
        guard a - g >= 2, g > 0 else { return false }
        var n = g
        while n > 0, !space(line[n - 1]) { n -= 1 }
        // The row alone, or glued onto the end of a debug line (then with a table's wide gap).
        guard line[..<n].allSatisfy(space) || a - g >= 3 else { return false }
        return line[n..<g].allSatisfy { ASCII.isWord($0) }
    }

    /// An IPv4 or IPv6 address, or a host name with a dot (a key table's address column).
    /// (Not punctuation alone: IOS's `Crypto tunnel is UP  .  Peer` has a lone `.` between
    /// two wide gaps, a row's shape, and `Peer` is no key.)
    private static func isAddress(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        var dots = 0, colons = 0, alnums = 0
        for c in w {
            if c == UInt8(ascii: ".") { dots += 1 } else if c == UInt8(ascii: ":") { colons += 1 }
            else if ASCII.isAlnum(c) { alnums += 1 }
            else if !(c == UInt8(ascii: "/") || c == UInt8(ascii: "-")) { return false }
        }
        return alnums > 0 && dots >= 1 || colons >= 2
    }

    /// `w` is `word` (lower-case ASCII), in any case.
    private static func equalsIgnoringCase(_ w: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard w.count == n else { return false }
        let p = word.utf8Start
        for i in 0..<n where w[i] | 0x20 != p[i] { return false }
        return true
    }

    /// `local` or `remote`, in any case: the side an IKEv2 keyring's `pre-shared-key local|remote
    /// X` gives its key for (a word of the command, not the key).
    static func namesKeySide(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        equalsIgnoringCase(w, "local") || equalsIgnoringCase(w, "remote")
    }

    /// `key`, `secret`, `password`, `community`, `key-string`, `pre-shared-key`, `local`,
    /// `remote`, in any case.
    private static func introducesSecret(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        func eq(_ word: StaticString) -> Bool { equalsIgnoringCase(w, word) }
        switch w.count {
        case 3: return eq("key")
        case 5: return eq("local")
        case 6: return eq("secret") || eq("remote")
        case 8: return eq("password")
        case 9: return eq("community")
        case 10: return eq("key-string")
        case 14: return eq("pre-shared-key")
        default: return false
        }
    }

    /// Whether `maskLog` may have something to mask in `text`: more than one word (it masks
    /// the word after a keyword), and a phrase it looks at (`mayNameSecret`).
    static func mayCarrySecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = text.baseAddress, memchr(base, 0x20, text.count) != nil || memchr(base, 0x09, text.count) != nil else { return false }
        return mayNameSecret(text)
    }

    /// `maskLog` for a field made of words of a log line (a packet's label, the rest of a
    /// line), run only when `mayCarrySecret`.
    static func maskField(_ field: String) -> String {
        var f = field
        return f.withUTF8(mayCarrySecret) ? maskLog(field) : field
    }

    /// `maskLog` for a log line's bytes, run only when `mayCarrySecret`.
    static func maskLog(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: text, as: UTF8.self)
        return mayCarrySecret(text) ? maskLog(s) : s
    }

    /// Where a `show crypto isakmp key` row's key is, when `t` ends like one: a name, two
    /// spaces or more, an address or host name (`10.1.1.1`, `0.0.0.0 [0.0.0.0]`,
    /// `peer1.example.com`), two spaces or more, the key. A row can stand alone, carry a
    /// syslog header, or be glued onto the end of a debug line.
    public static func tableRowKey(_ text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard let t = text.baseAddress else { return nil }
        @inline(__always) func space(_ i: Int) -> Bool { t[i] == 0x20 || t[i] == 0x09 }
        @inline(__always) func backOverSpaces(_ i: Int) -> Int { var j = i; while j > 0, space(j - 1) { j -= 1 }; return j }
        @inline(__always) func backOverWord(_ i: Int) -> Int { lastBlank(t, before: i) + 1 }
        func address(_ a: Int, _ b: Int) -> Bool { isAddress(UnsafeBufferPointer(start: t + a, count: b - a)) }
        // The usual line ends in a word after a single space: no row (plain loops first,
        // as this runs on every line a record takes).
        // A column's gap: two blanks or more, or a TAB (a table copied from a page or a wiki).
        @inline(__always) func wide(_ g: Int, _ a: Int) -> Bool { a - g >= 2 || a > g && (g..<a).contains { t[$0] == 0x09 } }
        var e = text.count
        while e > 0, space(e - 1) { e -= 1 }
        let s = backOverWord(e)
        guard s < e, s >= 1, t[s - 1] == 0x09 || s >= 2 && space(s - 2) else { return nil }
        let g = backOverSpaces(s)
        guard g > 0 else { return nil }
        var a = backOverWord(g)
        if t[a] == UInt8(ascii: "["), t[g - 1] == UInt8(ascii: "]") {
            // `0.0.0.0 [0.0.0.0]`: the mask in brackets follows the address.
            guard address(a + 1, g - 1) else { return nil }
            let g2 = backOverSpaces(a)
            guard g2 < a, g2 > 0 else { return nil }
            a = backOverWord(g2)
            guard address(a, g2) else { return nil }
        } else {
            guard address(a, g) else { return nil }
        }
        // Two spaces before the address too, unless a wrap trimmed them: then the gap
        // before the key (the table's wide address column) tells.
        let g3 = backOverSpaces(a)
        guard g3 > 0, wide(g3, a) || a > g3 && s - g >= 8 else { return nil }
        return s..<e
    }

    /// A row of `show crypto isakmp key`: the last column is the key.
    public static func maskTableRow(_ row: String) -> String {
        let trimmed = row.trimmingCharacters(in: .whitespaces)
        // (Columns apart by spaces, or by TABs: a table copied from a page or a wiki.)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("---"), let r = trimmed.lastIndex(where: { $0 == " " || $0 == "\t" }) else { return row }
        return String(trimmed[...r]) + mask
    }
}

import Foundation
