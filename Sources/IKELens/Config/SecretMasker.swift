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
    /// `username u secret 9 …`, `snmp-server community X RO`, `key-string X` likewise, and
    /// whatever `maskLog` masks (`ntp authentication-key 1 md5 X`, `standby 1 authentication X`,
    /// SNMPv3's `auth sha X priv aes 128 Y`, …). A key chain's `key 1` (a key's number) and
    /// `key chain NAME` stay as they are. A line a terminal or a page changed (`readable`: a
    /// typo erased with backspaces, a Unicode hyphen or space, an HTML tag inside it) is masked as
    /// it reads, and then shows so.
    public static func mask(_ line: String) -> String {
        if let r = readable(line) {
            let m = maskWords(r)
            if m != r { return m }
        }
        return maskWords(line)
    }

    /// `mask` for a line as it is.
    private static func maskWords(_ line: String) -> String {
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
            case "key":
                let rest = tokens[(i + 1)...].filter { !$0.isEmpty }
                let next = rest.first?.lowercased() ?? ""
                // (`key 1` in a key chain: the key's number; `key chain`, `key config-key …`,
                // `crypto key generate|pubkey-chain …`: command words.)
                if rest.count == 1 && next.utf8.allSatisfy(ASCII.isDigit) || ["chain", "config-key", "generate", "pubkey-chain"].contains(next) {
                    i += 1
                } else {
                    maskValue(from: i + 1)
                    i += 2
                }
            case "secret", "password", "community", "key-string":
                maskValue(from: i + 1)
                i += 2
            case "authentication" where i > 0 && tokens[i - 1].lowercased() == "nhrp":
                // `ip nhrp authentication X` (DMVPN's NHRP password).
                maskValue(from: i + 1)
                i += 2
            case "pre-shared-key":
                let next = i + 1 < tokens.count ? tokens[i + 1].lowercased() : ""
                // (Its words abbreviated as typed at a prompt, `pre a A k X`, `pre-shared-key l X`,
                // when a word follows: `pre-shared-key a` alone is a key `a`.)
                let more = i + 2 < tokens.count && tokens[(i + 2)...].contains { !$0.isEmpty }
                if next.isEmpty || more && (abbreviates(next, "address", from: 1) || abbreviates(next, "hostname", from: 1)) {
                    i += 1
                } else {
                    var j = i + 1
                    if more && (abbreviates(next, "local", from: 1) || abbreviates(next, "remote", from: 1)) { j += 1 }
                    maskValue(from: j)
                    i = j + 1
                }
            default:
                i += 1
            }
        }
        let broad = masked ? tokens.joined(separator: " ") : line
        return maskLog(broad)
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
    /// (The phrases of a configuration alone, `standby 1 authentication X`, `snmp-server user
    /// …`, `wpa-psk X`, are `mayNameConfigurationSecret`'s.)
    /// Text a terminal or a page changed (`mayHideWords`) is looked at as it reads (`readable`).
    public static func mayNameSecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        scanNamesSecret(text) || mayHideWords(text) && readableCarries(text, configuration: false)
    }

    /// `mayNameSecret`'s scan of the text as it is.
    private static func scanNamesSecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = text.baseAddress else { return false }
        let n = text.count
        func at(_ j: Int, _ phrase: StaticString) -> Bool { Self.at(p, n, j, phrase) }
        var start = 0
        while start < n, p[start] == 0x20 || p[start] == 0x09 { start += 1 }
        func phrase(at k: Int) -> Bool {
            switch p[k] | 0x20 {
            case UInt8(ascii: "e"):   // k·ey
                guard at(k - 1, "key") else { return false }
                // (`set session-key inbound esp 256 cipher X`: a manual IPsec SA's keys.)
                if at(k - 12, "pre-shared-key") || at(k - 1, "key-string") || k - 1 == start || at(k - 9, "session-key") { return true }
                // `message-digest-key`, `authentication-key` (OSPF, NTP), a sub-line's first word (`… | key X`).
                if at(k - 16, "message-digest-key") || at(k - 16, "authentication-key") || at(k - 3, "| key") { return true }
                // A command glued to a prompt or a message (`logged command:key X`, `R1(config-isakmp-group)#key X`),
                // in lower case: `ISAKMP:(1004):Key not found in keyrings …` is debug text.
                // (Or after IOS's `!`: `…purging node 3952146721!key X`.)
                if k >= 2, p[k - 1] == UInt8(ascii: "k"), p[k - 2] == UInt8(ascii: ":") || p[k - 2] == UInt8(ascii: "#") || p[k - 2] == UInt8(ascii: "!") { return true }
                // Typed at a prompt while debug text was written, so glued onto its end
                // (`New State = IKE_I_MM5key X`): `glued` tells what such a word may follow.
                if k >= 2, p[k - 1] | 0x20 == UInt8(ascii: "k"), !wordEdge(p[k - 2]), glued(p[k - 2]),
                   k + 2 < n, p[k + 2] == 0x20 || p[k + 2] == 0x09 { return true }
                // (`key` and one word that end a line: `maskLog`'s bare key, glued onto a word too.)
                if endsInOneWord(p, n, k + 2) { return true }
                // The word before `key`, however many spaces apart: `crypto  isakmp  key`.
                var e = k - 1
                while e > 0, p[e - 1] == 0x20 || p[e - 1] == 0x09 { e -= 1 }
                guard e < k - 1 else { return false }
                // (A RADIUS server's `pac key X`.)
                // (A quoted field's opening quote alone before it, a CSV row's `" key X"`: a line's start.)
                if e >= 1, p[e - 1] == 0x22 || p[e - 1] == 0x27, e - 1 == start || p[e - 2] == 0x20 || p[e - 2] == 0x09 { return true }
                return at(e - 6, "isakmp") || isakmpAbbreviation(p, e) || at(e - 9, "pre-share") || at(e - 7, "-server") || at(e - 3, "pac") || serverOrGroupKey(p, n, k - 1)
            // (`password=`: a RADIUS attribute, `ipsec:tunnel-password=X`, an EzVPN group's key;
            // `key config-key password-encrypt X`.)
            case UInt8(ascii: "s"): return at(k - 3, "password ") || at(k - 3, "password=") || at(k - 3, "password-encrypt")
            case UInt8(ascii: "c"): return at(k - 2, "secret ") || abbreviatedCryptoKey(p, n, k)
            // (A typed command IOS logged, `%PARSER-5-CFGLOG_LOGGEDCMD: … logged command:…`, is
            // configuration: `ip nhrp authentication X`, an EzVPN group's `key X`.)
            case UInt8(ascii: "m"): return at(k - 2, "community ") || at(k - 2, "command:")
            // A keyring's `pre-shared-key` abbreviated, `pre a A k X` (the whole word is `key`'s).
            case UInt8(ascii: "p"): return abbreviatedPreSharedKey(p, n, k)
            // DMVPN's `ip nhrp authentication X` typed onto a debug message's end with no prompt
            // (`…payload type 20ip nhrp authentication X`): a single message is not scanned for
            // the configuration's other phrases (`mayNameConfigurationSecret`).
            case UInt8(ascii: "n"): return at(k, "nhrp authentication ") || at(k, "nhrp auth ")
            default: return false
            }
        }
        // (The pairs e·y, s·w, c·r, m·m, p·r, n·h.)
        return scanPairs(p, n, phrase: phrase, pairs: (0x65, 0x79, 0x73, 0x77, 0x63, 0x72, 0x6D, 0x6D), fifth: (0x70, 0x72), sixth: (0x6E, 0x68))
    }

    /// Whether text may carry the secret of a configuration's line that `mayNameSecret` does
    /// not look for: `ip nhrp authentication X`, `standby [1] authentication X`, `vrrp 1 …`,
    /// `glbp 1 …`, `snmp-server user U G v3 auth sha X …`, `snmp-server host A version 2c X`,
    /// `wpa-psk X`. The same scan, for the pairs authenticati`en`on, `sn`mp-server, wpa-p`sk`:
    /// run only on a record a configuration's line may have reached (`Record.displayText(of:configuration:)`).
    public static func mayNameConfigurationSecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        scanNamesConfigurationSecret(text) || mayHideWords(text) && readableCarries(text, configuration: true)
    }

    /// `mayNameConfigurationSecret`'s scan of the text as it is.
    private static func scanNamesConfigurationSecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = text.baseAddress else { return false }
        let n = text.count
        // (The pairs e·n, s·n, s·k, :·/.)
        return scanPairs(p, n, phrase: { configPhrase(p, n, $0) }, pairs: (0x65, 0x6E, 0x73, 0x6E, 0x73, 0x6B, 0x3A, 0x2F))
    }

    /// Whether `word` is `isakmp` or the abbreviation IOS takes for it (`cry isa key X add A`:
    /// a unique start of at least three letters).
    static func isIsakmp(_ word: String) -> Bool {
        abbreviates(word, "isakmp", from: 3)
    }

    /// Whether `word` is `whole` or a start of it IOS takes for it, `least` letters or more
    /// (`cry` for `crypto`, `a` for `address`): both in lower case.
    static func abbreviates(_ word: String, _ whole: String, from least: Int) -> Bool {
        word.utf8.count >= least && word.utf8.count <= whole.utf8.count && whole.hasPrefix(word)
    }

    /// Whether the word that ends at `e` in `p` is an abbreviation of `isakmp` (`isa`, `isak`,
    /// `isakm`), a word of its own (after a blank, a prompt's `#` or a message's `:`, or at the
    /// start): `cry isa key X`.
    private static func isakmpAbbreviation(_ p: UnsafePointer<UInt8>, _ e: Int) -> Bool {
        for word in isakmpStarts {
            let s = e - word.utf8CodeUnitCount
            guard s >= 0, at(p, e, s, word) else { continue }
            if s == 0 || p[s - 1] == 0x20 || p[s - 1] == 0x09 || p[s - 1] == UInt8(ascii: "#") || p[s - 1] == UInt8(ascii: ":") { return true }
        }
        return false
    }

    /// A byte a command's first word may follow: a blank, a prompt's `#` or `>`, a message's
    /// `:`, IOS's `!`, a quote.
    @inline(__always)
    private static func wordEdge(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == UInt8(ascii: "#") || b == UInt8(ascii: ":") || b == UInt8(ascii: "!")
            || b == UInt8(ascii: ">") || b == 0x22 || b == 0x27
    }

    /// A byte a command typed at a prompt may follow when debug text was written first and the
    /// typing glued onto its end (`…New State = IKE_I_MM5key X`, `…vendor-02 IDpre a A k X`,
    /// `…Id: 198.51.100.21pre r X`): a capital, a digit, a closing bracket, a dot, or a `wordEdge`.
    @inline(__always)
    static func glued(_ b: UInt8) -> Bool {
        wordEdge(b) || ASCII.isUpper(b) || ASCII.isDigit(b) || b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: ".")
    }

    /// `glued(p[k - 1])`, or a capital at `k` after a small letter (`…authenticatedCry Is Key X`).
    @inline(__always)
    private static func gluedAt(_ p: UnsafePointer<UInt8>, _ k: Int) -> Bool {
        k == 0 || glued(p[k - 1]) || ASCII.isUpper(p[k]) && ASCII.isLower(p[k - 1])
    }

    /// Whether blanks, one word and then the text's end or a join's ` | ` follow `j` in `p`
    /// (`… key X`: `maskLog`'s bare key).
    @inline(never)
    private static func endsInOneWord(_ p: UnsafePointer<UInt8>, _ n: Int, _ j: Int) -> Bool {
        @inline(__always) func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }
        var i = j
        guard i < n, blank(p[i]) else { return false }
        while i < n, blank(p[i]) { i += 1 }
        let s = i
        while i < n, !blank(p[i]), p[i] != 0x0A { i += 1 }
        guard i > s else { return false }
        let w = UnsafeBufferPointer(start: p + s, count: i - s)
        while i < n, blank(p[i]) { i += 1 }
        guard i == n || p[i] == 0x0A || p[i] == UInt8(ascii: "|") else { return false }
        // (Not debug text's: `local preshared key found`, `Load IPSEC key material`.)
        return !debugWordsAfterKey.contains { equalsIgnoringCase(w, $0) }
    }

    /// Words debug text ends with after `key` (`endsInOneWord`; `maskLog`'s list is longer).
    private static let debugWordsAfterKey: [StaticString] = ["found", "material", "matching", "mismatch", "with", "from", "for", "in"]

    /// How many bytes from `k` in `p[..<n]` are `whole`'s first ones (lower-case ASCII), in any case.
    @inline(__always)
    private static func prefixLength(_ p: UnsafePointer<UInt8>, _ n: Int, at k: Int, of whole: StaticString) -> Int {
        let w = whole.utf8Start, m = whole.utf8CodeUnitCount
        var e = k
        while e < n, e - k < m, p[e] | 0x20 == w[e - k] { e += 1 }
        return e - k
    }

    /// Whether `crypto isakmp key` abbreviated starts at `k` (`cry is key X`, `cr isa k X`:
    /// `expandAbbreviations`), a word of its own or `glued`. Out of line: `cr` is also `encryption`'s.
    @inline(never)
    private static func abbreviatedCryptoKey(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) -> Bool {
        // (Glued onto any word: the three words are rare enough, `…exchangecry isakmp k X`.)
        /// The end of the word at `s` if it starts `whole` (`least` letters or more), else -1.
        func word(_ s: Int, _ whole: StaticString, _ least: Int) -> Int {
            let e = s + prefixLength(p, n, at: s, of: whole)
            // (The text may end there: `…!cry is key`, the value on the next line.)
            guard e - s >= least, e == n || p[e] == 0x20 || p[e] == 0x09 else { return -1 }
            return e
        }
        // (Over a join's ` | ` or line feed too: a line cut after `cr`, its rest indented.)
        func blanks(_ e: Int) -> Int {
            var j = e
            while j < n, p[j] == 0x20 || p[j] == 0x09 || p[j] == 0x0A || p[j] == UInt8(ascii: "|") { j += 1 }
            return j
        }
        let c = word(k, "crypto", 2)
        guard c > 0, c < n else { return false }
        let i = word(blanks(c), "isakmp", 2)
        guard i < n else { return false }
        return i > 0 && word(blanks(i), "key", 1) > 0
    }

    /// Whether a keyring's `pre-shared-key` abbreviated starts at `k`, from three letters
    /// (`pre a A k X`, `pre-sh h H ke X`, `pre l X`: `expandAbbreviations`), a word of its own or
    /// `glued`, with a word after it. Out of line: `pr` is also `processing`'s, `proposal`'s.
    @inline(never)
    private static func abbreviatedPreSharedKey(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) -> Bool {
        let e = k + prefixLength(p, n, at: k, of: "pre-shared-key")
        // (From `pre-s` glued onto any word: `…offerpre-sh h H ke X`; `pre` glued so when a
        // word of one letter follows, `…secondspre a A k X`.)
        // (Or glued so with one word after it that ends the text, `…payloadpre X`.)
        guard gluedAt(p, k) || e - k >= 5 || e - k == 3 && e + 2 < n && p[e + 1] != 0x20 && (p[e + 2] == 0x20 || p[e + 2] == 0x09)
            || e - k == 3 && endsInOneWord(p, n, e) || e - k == 3 && sideAbbreviated(p, n, e + 1) else { return false }
        guard e - k >= 3, e - k < 14, e + 1 < n, p[e] == 0x20 || p[e] == 0x09 else { return false }
        // (Not debug text's `pre-shared key`: `found peer pre-shared key matching A`, `No pre-shared key with A`.)
        var j = e
        while j < n, p[j] == 0x20 || p[j] == 0x09 { j += 1 }
        return !(at(p, n, j, "key") && (j + 3 == n || p[j + 3] == 0x20 || p[j + 3] == 0x09))
    }

    /// Whether the word at `j` is a keyring's `local`, `remote`, `address` or `hostname`
    /// abbreviated (two letters or more: one is `abbreviatedPreSharedKey`'s own case) and a word
    /// follows it: `…compliantpre loc X`.
    private static func sideAbbreviated(_ p: UnsafePointer<UInt8>, _ n: Int, _ j: Int) -> Bool {
        guard j < n else { return false }
        for side: StaticString in ["local", "remote", "address", "hostname"] {
            let e = j + prefixLength(p, n, at: j, of: side)
            if e - j >= 2, e + 1 < n, p[e] == 0x20 || p[e] == 0x09, p[e + 1] != 0x20, p[e + 1] != 0x09 { return true }
        }
        return false
    }

    /// The abbreviations of `isakmp` IOS takes (`isakmpAbbreviation`).
    private static let isakmpStarts: [StaticString] = ["isa", "isak", "isakm"]

    /// 0x80 in each byte of `w` that is `b`.
    @inline(__always)
    private static func zeros(_ w: UInt64, _ b: UInt64) -> UInt64 {
        let x = w ^ (b &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The scan of `mayNameSecret` and `mayNameConfigurationSecret` for four pairs of bytes
    /// (`pairs`: each pair's first byte, then its second): `p[0..<n]` sixteen bytes at a time in a
    /// vector's lanes, in lower case; a block without a pair is passed over (most text holds none:
    /// a debug line's words), one with one is looked at as two windows of eight, where `marks`
    /// gives 0x80 in the bytes that start a pair (`next` is the window one byte on) and `phrase`
    /// is asked at each. The rest eight bytes at a time, stepping by eight (by seven near the
    /// end) so each pair of bytes is seen.
    @inline(__always)
    private static func scanPairs(_ p: UnsafePointer<UInt8>, _ n: Int, phrase: (Int) -> Bool,
                                  pairs: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8),
                                  fifth: (UInt8, UInt8)? = nil, sixth: (UInt8, UInt8)? = nil) -> Bool {
        @inline(__always) func marks(_ w: UInt64, _ next: UInt64) -> UInt64 {
            let four = zeros(w, UInt64(pairs.0)) & zeros(next, UInt64(pairs.1)) | zeros(w, UInt64(pairs.2)) & zeros(next, UInt64(pairs.3))
                | zeros(w, UInt64(pairs.4)) & zeros(next, UInt64(pairs.5)) | zeros(w, UInt64(pairs.6)) & zeros(next, UInt64(pairs.7))
            guard let fifth else { return four }
            let five = four | zeros(w, UInt64(fifth.0)) & zeros(next, UInt64(fifth.1))
            guard let sixth else { return five }
            return five | zeros(w, UInt64(sixth.0)) & zeros(next, UInt64(sixth.1))
        }
        var i = 0
        @inline(__always) func window(_ i: Int) -> Bool {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020
            let next = UnsafeRawPointer(p + i + 1).loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020
            var hits = marks(w, next) & 0x8080_8080_8080_8080
            while hits != 0 {
                if phrase(i + hits.trailingZeroBitCount / 8) { return true }
                hits &= hits - 1
            }
            return false
        }
        // Sixteen pairs a step while seventeen bytes are left (the vector one byte on loaded too).
        // (Whole vectors compared, not a vector and a byte: that form is not made into vector code.)
        let lower = SIMD16<UInt8>(repeating: 0x20)
        let a1 = SIMD16<UInt8>(repeating: pairs.0), b1 = SIMD16<UInt8>(repeating: pairs.1)
        let a2 = SIMD16<UInt8>(repeating: pairs.2), b2 = SIMD16<UInt8>(repeating: pairs.3)
        let a3 = SIMD16<UInt8>(repeating: pairs.4), b3 = SIMD16<UInt8>(repeating: pairs.5)
        let a4 = SIMD16<UInt8>(repeating: pairs.6), b4 = SIMD16<UInt8>(repeating: pairs.7)
        while i + 17 <= n {
            let w = UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<UInt8>.self) | lower
            let next = UnsafeRawPointer(p + i + 1).loadUnaligned(as: SIMD16<UInt8>.self) | lower
            let m1: SIMDMask<SIMD16<Int8>> = (w .== a1) .& (next .== b1)
            let m2: SIMDMask<SIMD16<Int8>> = (w .== a2) .& (next .== b2)
            let m3: SIMDMask<SIMD16<Int8>> = (w .== a3) .& (next .== b3)
            let m4: SIMDMask<SIMD16<Int8>> = (w .== a4) .& (next .== b4)
            var m = (m1 .| m2) .| (m3 .| m4)
            if let fifth {
                m = m .| ((w .== SIMD16<UInt8>(repeating: fifth.0)) .& (next .== SIMD16<UInt8>(repeating: fifth.1)))
            }
            if let sixth {
                m = m .| ((w .== SIMD16<UInt8>(repeating: sixth.0)) .& (next .== SIMD16<UInt8>(repeating: sixth.1)))
            }
            let lanes = unsafeBitCast(m, to: SIMD2<UInt64>.self)
            if lanes[0] | lanes[1] != 0, window(i) || window(i + 8) { return true }
            i += 16
        }
        // Eight pairs a step while nine bytes are left: the window one byte on loaded too, so
        // byte 7's pair is seen as well.
        while i + 9 <= n {
            if window(i) { return true }
            i += 8
        }
        while i < n - 1 {
            var w: UInt64 = 0
            if i + 8 <= n {
                w = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            } else if n >= 8 {
                // (The last bytes from one load of the eight that end the text, the ones before
                // them shifted out: the value the loop below makes.)
                w = UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self) >> (8 * UInt64(8 - (n - i)))
            } else {
                for k in 0..<(n - i) { w |= UInt64(p[i + k]) << (8 * UInt64(k)) }
            }
            w |= 0x2020_2020_2020_2020
            // A pair's first byte at 0…6 (byte 7's pair is in the next window).
            var hits = marks(w, w >> 8) & 0x0080_8080_8080_8080
            while hits != 0 {
                let k = i + hits.trailingZeroBitCount / 8
                if k < n - 1, phrase(k) { return true }
                hits &= hits - 1
            }
            i += 7
        }
        return false
    }

    /// `p[j…]` is `phrase` (lower-case ASCII), in any case; a tab stands for the space a phrase
    /// ends with (`password<TAB>X`).
    @inline(__always)
    private static func at(_ p: UnsafePointer<UInt8>, _ n: Int, _ j: Int, _ phrase: StaticString) -> Bool {
        let m = phrase.utf8CodeUnitCount
        guard j >= 0, j + m <= n else { return false }
        let w = phrase.utf8Start
        var k = 0
        while k < m {
            let b = p[j + k] == 0x09 ? 0x20 : p[j + k]
            if b | 0x20 != w[k] | 0x20 { return false }
            k += 1
        }
        return true
    }

    /// Where the word before the one that starts at `j` in `p` starts and ends, or `(-1, -1)`.
    private static func wordBefore(_ p: UnsafePointer<UInt8>, _ j: Int) -> (start: Int, end: Int) {
        @inline(__always) func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        var e = j
        while e > 0, blank(p[e - 1]) { e -= 1 }
        guard e < j, e > 0 else { return (-1, -1) }
        var s = e
        while s > 0, !blank(p[s - 1]) { s -= 1 }
        return (s, e)
    }

    /// `key` at `k` (`mayNameSecret`) after an address or a port number (a server's `host A … key
    /// X`, `server-private A key X`), or an EzVPN client's `group G key X`.
    @inline(never)
    private static func serverOrGroupKey(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) -> Bool {
        let (s, e) = wordBefore(p, k)
        guard s >= 0 else { return false }
        if (s..<e).allSatisfy({ ASCII.isDigit(p[$0]) || p[$0] == UInt8(ascii: ".") || p[$0] == UInt8(ascii: ":") }) { return true }
        let (g, ge) = wordBefore(p, s)
        return g >= 0 && ge - g == 5 && at(p, n, g, "group")
    }

    /// The configuration's phrases `mayNameConfigurationSecret` found a pair of at `k` (`en`, `sn`, `sk`):
    /// `ip nhrp authentication X`, `standby [1] authentication X`, `vrrp 1 …`, `glbp 1 …`,
    /// `snmp-server user U G v3 auth sha X …`, `snmp-server host A version 2c X`, `wpa-psk X`.
    /// (Out of line: most such pairs are debug text's, `Sending`, `sent`.)
    @inline(never)
    private static func configPhrase(_ p: UnsafePointer<UInt8>, _ n: Int, _ k: Int) -> Bool {
        @inline(__always) func at(_ j: Int, _ phrase: StaticString) -> Bool { Self.at(p, n, j, phrase) }
        switch (p[k] | 0x20, p[k + 1] | 0x20) {
        case (UInt8(ascii: "e"), UInt8(ascii: "n")):
            // OSPFv3's IPsec keys: `ipv6 ospf|ospfv3|area N authentication|encryption ipsec spi …`.
            if at(k, "encryption ipsec") || at(k - 4, "authentication ipsec") { return true }
            guard at(k - 4, "authentication"), k - 4 == 0 || p[k - 5] == 0x20 || p[k - 5] == 0x09 else { return false }
            /// The word `s..<e` is `word`, or ends in it after a prompt or a message it is glued to
            /// (`…payload!R1(config-if)#standby`).
            func ends(_ s: Int, _ e: Int, _ word: StaticString) -> Bool {
                let m = word.utf8CodeUnitCount
                guard e - s >= m, at(e - m, word) else { return false }
                return e - m == s || p[e - m - 1] == UInt8(ascii: "#") || p[e - m - 1] == UInt8(ascii: ":")
            }
            var (s, e) = wordBefore(p, k - 4)
            guard s >= 0 else { return false }
            if ends(s, e, "nhrp") || ends(s, e, "standby") { return true }
            guard (s..<e).allSatisfy({ ASCII.isDigit(p[$0]) }) else { return false }
            (s, e) = wordBefore(p, s)
            return s >= 0 && (ends(s, e, "vrrp") || ends(s, e, "glbp") || ends(s, e, "standby"))
        case (UInt8(ascii: "s"), UInt8(ascii: "n")):
            return at(k, "snmp-server user ") || at(k, "snmp-server host ")
        case (UInt8(ascii: "s"), UInt8(ascii: "k")):
            return at(k - 5, "wpa-psk")
        case (UInt8(ascii: ":"), UInt8(ascii: "/")):
            // A URL with a user's password, `ftp://USER:X@HOST/…`: a `:` and then an `@` in its word.
            guard at(k, "://") else { return false }
            var j = k + 3, colon = false
            while j < n, p[j] != 0x20, p[j] != 0x09 {
                if p[j] == UInt8(ascii: ":") { colon = true } else if p[j] == UInt8(ascii: "@") && colon { return true }
                j += 1
            }
            // (Or the word ends in the password: a join put a blank in it, `…:Ftp Passw0rd@…`.)
            return colon
        default:
            return false
        }
    }

    /// Masks the secrets of configuration commands that reached a log line (pasted
    /// after debug output, glued onto a debug line by a prompt, `%PARSER-5-CFGLOG_LOGGEDCMD`),
    /// and only those: `crypto isakmp key X`, `pre-shared-key … key X`, `pre-shared-key
    /// [local|remote] X`, `pre-share key X`, `key-string X`, `username … secret|password X`,
    /// `enable secret X`, `snmp-server community X`, `…-server key X`, a server's `host A … key X`,
    /// `neighbor N password X`, `ntp authentication-key N md5 X`, `standby|vrrp|glbp [N]
    /// authentication [text] X`, `ip nhrp authentication X`, SNMPv3's `auth sha X priv aes 128 Y`,
    /// `snmp-server host A version 2c X`, `wpa-psk ascii X`. Debug text that merely says "key"
    /// (`No pre-shared key with …`, `Found ADDRESS key in keyring …`) is left as it is, and so is
    /// a key chain's `key 1` (the key's number: its `key-string` is the secret).
    /// A line a terminal or a page changed (`readable`) is masked as it reads, and then shows so.
    /// (`bareKeys`: whether a `key X` that ends its line after other words is masked, `…matching
    /// 10.0.0.2 key X`, `…EV_FAIL key X`: a keyring's command whose start a join or a glued
    /// message hid. Not when asking whether a word after the line would be masked, `tail(of:)`:
    /// debug text ends in `… pre-shared key` too.)
    public static func maskLog(_ line: String, bareKeys: Bool = true) -> String {
        if let r = readable(line) {
            let m = maskLogWords(r, bareKeys: bareKeys)
            if m != r { return m }
        }
        return maskLogWords(line, bareKeys: bareKeys)
    }

    /// `maskLog` for a line as it is.
    private static func maskLogWords(_ line: String, bareKeys: Bool) -> String {
        var tokens = words(line)
        // A token's word: lowercased, after any prompt or message it is glued to
        // (`R1(config)#crypto`, `payload!crypto`, `command:crypto`), trailing `,;` off.
        var words: [String] = tokens.map { t in
            var w = Substring(t.lowercased())
            while w.count > 1, let last = w.last, last == "," || last == ";" { w = w.dropLast() }
            // (A comma too: `IPSEC(create_sa): sa created,enable secret X`.)
            if let cut = w.lastIndex(where: { $0 == ":" || $0 == "#" || $0 == "!" || $0 == ">" || $0 == "," }) { w = w[w.index(after: cut)...] }
            // (A quoted command, `"crypto isakmp key X address A"`: its quotes are not its words'.)
            while w.count > 1, let first = w.first, first == "\"" || first == "'" { w = w.dropFirst() }
            while w.count > 1, let last = w.last, last == "," || last == ";" || last == "\"" || last == "'" { w = w.dropLast() }
            // (A command typed while debug text was written, glued onto its end: `IKE_I_MM5key`,
            // `IDpre`, `198.51.100.21pre-sh`. Its word is what follows the text's last capital,
            // digit or dot, when that is such a command's start.)
            func command(_ tail: String) -> Bool {
                ["key", "key-string", "password", "secret"].contains(tail) || abbreviates(tail, "crypto", from: 2)
                    || abbreviates(tail, "pre-shared-key", from: 3)
            }
            let u = t.utf8
            if let cut = u.lastIndex(where: { ASCII.isUpper($0) || ASCII.isDigit($0) || [0x2E, 0x29, 0x22, 0x27].contains($0) }),
               cut != u.index(before: u.endIndex) {
                var tail = String(t[u.index(after: cut)...]).lowercased()
                while let last = tail.last, last == "\"" || last == "'" { tail.removeLast() }
                if command(tail) { return tail }
                // (From a capital: `authenticatedCry`, `192.168.0.2Cry`.)
                if ASCII.isUpper(u[cut]), cut > u.startIndex {
                    tail = String(t[cut...]).lowercased()
                    while let last = tail.last, last == "\"" || last == "'" { tail.removeLast() }
                    if command(tail) { return tail }
                }
            }
            // (`pre-s…` glued onto a word in small letters, `…offerpre-sh`: a hyphen no word ends in;
            // so is `key-string`'s, `…vendor ID is Unitykey-string X`.)
            if w.utf8.count > 5, let r = w.range(of: "pre-s"), r.lowerBound != w.startIndex, command(String(w[r.lowerBound...])) {
                return String(w[r.lowerBound...])
            }
            if w.utf8.count > 10, w.hasSuffix("key-string") { return "key-string" }
            return String(w)
        }
        // (`enable` typed onto the end of debug text in small letters, before `secret` or
        // `password`: `…or is malformedenable secret X`.)
        for i in words.indices where words[i].utf8.count > 6 && words[i].hasSuffix("enable") {
            let n = words[(i + 1)...].first { !$0.isEmpty }
            if n == "secret" || n == "password" { words[i] = "enable" }
        }
        // (So `key X`, `…major 157 mismatchkey X`: one word after it ends the line, and the word
        // is no other that ends in `key`.)
        for i in words.indices where words[i].utf8.count > 3 && words[i].hasSuffix("key") && !words[i].contains("-") {
            let rest = words[(i + 1)...].prefix { $0 != "|" }.filter { !$0.isEmpty }
            if rest.count == 1, !["monkey", "turkey", "donkey", "hockey", "jockey", "whiskey", "pubkey", "hotkey", "passkey"].contains(words[i]) {
                words[i] = "key"
            }
        }
        expandAbbreviations(&words, tokens: tokens)
        var masked = false
        /// The next word's index after `i` (past the blanks in a row), or `tokens.count`.
        func next(_ i: Int) -> Int {
            var k = i + 1
            while k < tokens.count, tokens[k].isEmpty { k += 1 }
            return k
        }
        func word(_ k: Int) -> String { k >= 0 && k < words.count ? words[k] : "" }
        /// Masks the value at `j` (past an encryption type, `0`, `7`); where the value is.
        @discardableResult
        func maskValue(from j: Int) -> Int {
            var k = j
            while k < tokens.count, tokens[k].isEmpty { k += 1 }
            if k < tokens.count, words[k].count == 1, words[k].first?.isNumber == true {
                let n = next(k)
                if n < tokens.count { k = n }
            }
            // (Not past the line a join ended: `key 7 | …`.)
            if k < tokens.count, !tokens[k].isEmpty, tokens[k] != mask, tokens[k] != "|" {
                tokens[k] = mask
                masked = true
            }
            return k
        }
        func previousIndex(_ i: Int) -> Int {
            var k = i - 1
            while k >= 0, tokens[k].isEmpty { k -= 1 }
            return k
        }
        func previous(_ i: Int) -> String { word(previousIndex(i)) }
        /// The words before `i` on its line of the record (a join put ` | ` between lines).
        func lineBefore(_ i: Int) -> ArraySlice<String> {
            let from = words[..<i].lastIndex(of: "|").map { $0 + 1 } ?? 0
            return words[from..<i]
        }
        let firstWord = tokens.firstIndex { !$0.isEmpty } ?? 0
        /// Whether word `i` is glued onto a prompt, a message or debug text (`R1(config)#key`,
        /// `command:password`, `IKE_I_MM5key`): its token holds more than it.
        func gluedWord(_ i: Int) -> Bool {
            let t = tokens[i].lowercased()
            guard !words[i].isEmpty, let r = t.range(of: words[i], options: .backwards) else { return false }
            return t[..<r.lowerBound].contains { $0 != "\"" && $0 != "'" }
        }
        /// Whether word `i` starts a command: the line's first, a joined line's first, or glued
        /// to a prompt or a message (`logged command:password X`, `R1(config-line)#password X`).
        func startsCommand(_ i: Int) -> Bool {
            i == firstWord || previous(i) == "|" || gluedWord(i)
        }
        func isNumber(_ w: String) -> Bool { !w.isEmpty && w.utf8.allSatisfy(ASCII.isDigit) }
        func isHash(_ w: String) -> Bool {
            w == "md5" || w.hasPrefix("sha") || w.hasPrefix("hmac-") || w.hasPrefix("cmac-")
        }
        let english: Set<String> = ["", "for", "not", "is", "was", "found", "with", "matching", "of", "in", "mismatch", "from", "to",
                                    "material", "payload", "exchange", "length", "proposal", "type", "data", "id", "size", "lookup",
                                    "expired", "request", "reply", "hash", "value", "pair", "error", "failed", "missing", "used", "set"]
        // (Looked for once, not in each word: this runs on every line that names a secret's word.)
        let radiusPassword = line.utf8.withContiguousStorageIfAvailable { ByteSearch.contains("password=", in: $0) } ?? true
        let url = line.utf8.withContiguousStorageIfAvailable { ByteSearch.contains("://", in: $0) } ?? true
        /// A URL's password, `ftp|scp|http://USER:X@HOST/…` (`copy`, an archive's `path`), masked
        /// and the user and the host kept; also where a join put a blank inside it (`…:Ftp Passw0rd@…`).
        func maskURLPassword(_ i: Int) {
            let t = tokens[i]
            guard let scheme = t.range(of: "://") else { return }
            let rest = t[scheme.upperBound...]
            guard let colon = rest.firstIndex(of: ":") else { return }
            let path = rest.firstIndex(of: "/") ?? rest.endIndex
            // The last `@` before the path; or, none there, the first after the colon (a password with a `/`).
            let at = rest[..<path].lastIndex(of: "@").flatMap { $0 > colon ? $0 : nil } ?? rest[colon...].firstIndex(of: "@")
            func replace(_ k: Int, _ r: Range<String.Index>) {
                guard !r.isEmpty, tokens[k][r] != Substring(mask) else { return }
                tokens[k].replaceSubrange(r, with: mask)
                masked = true
            }
            if let at {
                replace(i, t.index(after: colon)..<at)
            } else if path == rest.endIndex {
                // The URL ends in its password (`ftp://admin:Ftp`): its rest is the next word's start, up to its `@`.
                let n = next(i)
                guard n < tokens.count, tokens[n] != "|", let nat = tokens[n].firstIndex(of: "@") else { return }
                replace(n, tokens[n].startIndex..<nat)
                replace(i, t.index(after: colon)..<t.endIndex)
            }
        }
        for i in tokens.indices {
            if url { maskURLPassword(i) }
            switch words[i] {
            case "key":
                let prev = previous(i)
                let afterPSK = words[..<i].contains { $0.hasSuffix("pre-shared-key") }
                // A line that is just `key [0-9] X` (a RADIUS/TACACS server block's key).
                // (Up to the next sub-line of a record: `… | key X | …`; a value's rest masked
                // already, `key Zq9Sekr1 *****` after a line end cut it, is no word of its own.)
                let rest = words[(i + 1)...].prefix { $0 != "|" }.filter { !$0.isEmpty && $0 != mask }
                // (Or glued to a prompt or a message: `logged command:key X`.)
                // (After a quoted field's opening quote alone, a CSV row's `" key X"`, too.)
                let before = previous(i)
                let lineStart = i == firstWord || before == "|" || !before.isEmpty && before.allSatisfy { $0 == "\"" || $0 == "'" } || gluedWord(i)
                // A key chain's `key 1` is the number of a key, its `key-string` the secret.
                // (`key chain NAME`, `key config-key password-encrypt X`: command words, no value.)
                let keyNumber = rest.count == 1 && isNumber(rest.first!) && rest.first!.count <= 10
                    || rest.first.map(isCommandWord) ?? false
                // (A sub-line that starts with `key` and a value is configuration too, whatever a
                // join put after it: debug text says `key` after other words.)
                let configLine = lineStart && !keyNumber && (rest.count == 1 || rest.count == 2 && rest.first!.count == 1 && rest.first!.first!.isNumber
                    || i != firstWord && !rest.isEmpty && !english.contains(rest[rest.startIndex]))
                // A server's `host A … key X` (`tacacs-server host 10.1.1.5 key X`, `radius-server host A
                // auth-port 1645 acct-port 1646 key X`, `server-private A key 7 X`), after an address or port;
                // an EzVPN client's `group G key X`.
                let serverKey = prev.utf8.allSatisfy { ASCII.isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }
                    && lineBefore(i).contains { $0.hasSuffix("-server") || $0 == "server-private" }
                // A keyring's `… key X` whose start a join or glued debug text hid (`…matching
                // 10.0.0.2 key X`, `…EV_FAIL key X`): `key` and one word, not debug text's, end the line.
                // (Not a word glued onto a prompt, `key found!R1(c`: the value is a word of its own.)
                let bareKey = bareKeys && !prev.isEmpty && rest.count == 1 && !english.contains(rest[rest.startIndex]) && !keyNumber
                    && !gluedWord(next(i))
                let groupKey = word(previousIndex(previousIndex(i))) == "group"
                // (A RADIUS server's `pac key X`, also as an archive's row, `|pac key X`.)
                let pacKey = prev == "pac" || prev.count == 4 && prev.hasSuffix("pac") && "|+-".contains(prev.first!)
                if isIsakmp(prev) || prev == "pre-share" || prev.hasSuffix("-server") || afterPSK || configLine || serverKey || groupKey || pacKey || bareKey {
                    maskValue(from: i + 1)
                }
                if isIsakmp(prev) {
                    // `crypto isakmp key V address|hostname …`: what stands before `address`
                    // is the key, even when a line break inside it was joined with a space.
                    var k = i + 1
                    while k < tokens.count, tokens[k].isEmpty || tokens[k] == mask || words[k].count == 1 && words[k].first?.isNumber == true { k += 1 }
                    // (Abbreviated too: `cry is key X add A`, `… a A`, `… h H`.)
                    func ends(_ w: String) -> Bool {
                        w.isEmpty || w == "|" || abbreviates(w, "address", from: 1) || abbreviates(w, "hostname", from: 1)
                            || abbreviates(w, "no-xauth", from: 2)
                    }
                    while k < tokens.count, !ends(words[k]) {
                        tokens[k] = mask
                        masked = true
                        k += 1
                    }
                }
            case let w where w.hasSuffix("pre-shared-key"):
                // (Over a join's `|`: `pre` / ` l X`, a line cut there, its rest indented.)
                guard let at = tokens.indices.dropFirst(i + 1).first(where: { !tokens[$0].isEmpty && tokens[$0] != "|" }) else { break }
                let next = words[at]
                if next == "address" || next == "hostname" || english.contains(next) { break }
                maskValue(from: next == "local" || next == "remote" ? at + 1 : at)
            case "key-string", "area-password", "domain-password", "password-encrypt":
                // (IS-IS's `area-password X` and `domain-password X`; `key config-key password-encrypt X`.)
                maskValue(from: i + 1)
            case "authentication-key":
                // NTP's `authentication-key 1 md5 X [7]` (the key's number and its hash first);
                // OSPF's `authentication-key [7] X`.
                let n = next(i), h = next(n)
                if isNumber(word(n)), isHash(word(h)) {
                    maskValue(from: h + 1)
                } else if previous(i) != "ntp" {
                    maskValue(from: i + 1)
                }
            case "message-digest-key":
                // `ip ospf message-digest-key 1 md5 [7] X`.
                if let md5 = words.indices.dropFirst(i + 1).prefix(3).first(where: { words[$0] == "md5" }) { maskValue(from: md5 + 1) }
            case "secret", "password":
                let earlier = lineBefore(i)
                // `secret 9 X` / `password 7 X`: an encryption type, then the value.
                let rest = words[(i + 1)...].filter { !$0.isEmpty }
                let typed = rest.count >= 2 && rest.first!.count == 1 && rest.first!.first!.isNumber
                let p = previousIndex(i)
                // (`neighbor 192.0.2.1 password X`: BGP; `isis password X`; `l2tp tunnel password X`;
                // `ppp pap sent-username U password X`.)
                // (`ip ftp password X`, `ip http client password X`; a PKCS#12 file's or a PEM key's
                // `crypto pki import|export TP pkcs12 URL password X`.)
                if typed || startsCommand(i) || earlier.contains { $0.hasSuffix("username") } || earlier.contains("enable")
                    || ["chap", "pap", "isis", "tunnel", "ftp"].contains(word(p)) || word(previousIndex(p)) == "neighbor"
                    || word(p) == "client" && word(previousIndex(p)) == "http" || earlier.contains("pki") {
                    maskValue(from: i + 1)
                }
            case "community":
                // (Also glued onto debug text: `…vpi_length:4snmp-server community X`.)
                if previous(i).hasSuffix("snmp-server") { maskValue(from: i + 1) }
            case "authentication":
                // `ip nhrp authentication X` (DMVPN's NHRP password); HSRP's, VRRP's and GLBP's
                // `standby [1] authentication [text] X` (`md5 key-string X` is masked as a key-string,
                // `md5 key-chain NAME` names a key chain).
                let p = previousIndex(i)
                let group = isNumber(word(p)) ? word(previousIndex(p)) : word(p)
                if word(p) == "nhrp" || ["standby", "vrrp", "glbp"].contains(group) {
                    let n = next(i)
                    if word(n) == "text" { maskValue(from: n + 1) } else if word(n) != "md5" { maskValue(from: i + 1) }
                }
            case "auth":
                // SNMPv3: `snmp-server user U G v3 [encrypted] auth md5|sha X priv des|3des|aes 128 Y`.
                let n = next(i)
                if ["v3", "encrypted"].contains(previous(i)) || lineBefore(i).contains("snmp-server"), isHash(word(n)) || word(n) == "sha-2" {
                    let k = isNumber(word(next(n))) && word(next(n)).count == 3 ? next(n) : n
                    maskValue(from: k + 1)
                }
            case "priv":
                let n = next(i)
                if ["des", "3des", "aes"].contains(word(n)) {
                    let k = ["128", "192", "256"].contains(word(next(n))) ? next(n) : n
                    maskValue(from: k + 1)
                }
            case "host" where previous(i) == "snmp-server":
                // `snmp-server host A [vrf V] [informs|traps] [version 1|2c] COMMUNITY …` (version 3
                // names a user, no secret).
                var k = next(next(i))
                if word(k) == "vrf" { k = next(next(k)) }
                if word(k) == "informs" || word(k) == "traps" { k = next(k) }
                if word(k) == "version" {
                    guard ["1", "2c"].contains(word(next(k))) else { break }
                    k = next(next(k))
                }
                if k < tokens.count, tokens[k] != "|" { maskValue(from: k) }
            case "cipher", "authenticator" where lineBefore(i).contains("session-key"):
                // A manual IPsec SA's keys: `set session-key inbound|outbound esp SPI cipher X
                // [authenticator Y]` (the tunnel's own keys, in hex).
                maskValue(from: i + 1)
            case "ah" where lineBefore(i).contains("session-key"):
                // `set session-key inbound|outbound ah SPI X`: the key after the SPI.
                let n = next(i)
                if isNumber(word(n)) { maskValue(from: n + 1) }
            case "spi" where previous(i) == "ipsec":
                // OSPFv3's IPsec: `ipv6 ospf|ospfv3|area N authentication ipsec spi SPI md5|sha1 [0|7] X`,
                // `… encryption ipsec spi SPI esp des|3des|aes-cbc 128|192|256|null [0|7] X md5|sha1 [0|7] Y`
                // (the SPI, `esp` and the algorithms stay).
                let before = lineBefore(i)
                guard before.contains("authentication") || before.contains("encryption"), isNumber(word(next(i))) else { break }
                var k = next(next(i))
                if word(k) == "esp" {
                    k = next(k)
                    switch word(k) {
                    case "des", "3des": k = next(maskValue(from: k + 1))
                    case "aes-cbc":
                        let n = ["128", "192", "256"].contains(word(next(k))) ? next(k) : k
                        k = next(maskValue(from: n + 1))
                    case "null": k = next(k)
                    default: break
                    }
                }
                if isHash(word(k)) { maskValue(from: k + 1) }
            case "wpa-psk":
                // `wpa-psk ascii|hex [0|7] X` (a wireless SSID's pre-shared key).
                let n = next(i)
                maskValue(from: word(n) == "ascii" || word(n) == "hex" ? n + 1 : i + 1)
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

    /// Writes out, in `words` (`maskLogWords`' lower-case words; `tokens` their text), the
    /// commands IOS takes abbreviated that name a pre-shared key, so they are masked as the whole
    /// command is: `cry is key X add A` and `cr isa k X` (`crypto isakmp key`: `crypto` from two
    /// letters, `isakmp` from two, `key` from one), and a keyring's `pre a A k X`, `pre-sh h H ke X`,
    /// `pre l X`, `pre r X` (`pre-shared-key address|hostname … key`, `… local|remote`: from three
    /// letters, and its words from one). IKEv2's `pre X` (`pre-shared-key X`) only where its one
    /// word ends the line, or a rest masked already follows it, and not after `local` or `remote`
    /// (an IKEv2 profile's `authentication remote pre` / `-share`, cut). `cry…` and `pre` glued
    /// onto a word in small letters only with the command's other words after them. Debug text
    /// does not read so (`No pre-shared key with A`: `key` follows, not an address).
    static func expandAbbreviations(_ words: inout [String], tokens: [String]) {
        func next(_ i: Int) -> Int {
            var k = i + 1
            while k < words.count, words[k].isEmpty { k += 1 }
            return k
        }
        func word(_ k: Int) -> String { k < words.count ? words[k] : "" }
        // (Over a join's `|` too: a line cut after `cr`, its rest indented, ` is k X`.)
        func onward(_ j: Int) -> Int { var k = next(j); while word(k) == "|" { k = next(k) }; return k }
        var i = 0
        while i < words.count {
            let w = words[i]
            defer { i += 1 }
            // (`cr…` glued onto a word in small letters, `…exchangecry isakmp k X`, `…validationcr is k X`,
            // with the rest after it.)
            let gluedCrypto = ["cr", "cry", "cryp", "crypt", "crypto"].contains { w.utf8.count > max(3, $0.utf8.count) && w.hasSuffix($0) }
            guard w.utf8.count >= 2, let f = w.utf8.first, f == UInt8(ascii: "c") || f == UInt8(ascii: "p") || w.hasSuffix("pre") || gluedCrypto else { continue }
            if f == UInt8(ascii: "c") && !w.hasSuffix("pre") || gluedCrypto {
                let n = onward(i), k = onward(n)
                guard abbreviates(w, "crypto", from: 2) || gluedCrypto, abbreviates(word(n), "isakmp", from: 2), abbreviates(word(k), "key", from: 1) else { continue }
                // (`crypto isakmp keepalive 10 3`: `k` and `ke` are its start too; a number, not a key, follows.)
                if word(k) != "key", word(next(k)).utf8.allSatisfy(ASCII.isDigit), word(next(next(k))).isEmpty
                    || word(next(next(k))).utf8.allSatisfy(ASCII.isDigit) || ["periodic", "on-demand"].contains(word(next(next(k)))) { continue }
                words[n] = "isakmp"
                words[k] = "key"
                continue
            }
            let n = onward(i)
            let side = word(n)
            // (Or `pre` glued onto a word in small letters, `…in secondspre a A k X`: only with the
            // address, host name or side after it.)
            let gluedPre = w.utf8.count > 3 && w.hasSuffix("pre") && ["address", "hostname", "local", "remote"].contains { abbreviates(side, $0, from: 1) }
            // (Or with one word after it that ends the line: `…processing vendor id payloadpre X`.)
            let gluedPreAlone = w.utf8.count > 3 && w.hasSuffix("pre") && !side.isEmpty && side != "|"
                && (next(n) >= words.count || word(next(n)) == "|")
            guard abbreviates(w, "pre-shared-key", from: 3) || gluedPre || gluedPreAlone else { continue }
            if abbreviates(side, "address", from: 1) || abbreviates(side, "hostname", from: 1) {
                // `… address A [MASK] key X`, `… hostname H key X` (a host name a join split in two).
                var k = onward(onward(n))
                if !abbreviates(word(k), "key", from: 1) { k = onward(k) }
                guard abbreviates(word(k), "key", from: 1), onward(k) < words.count else { continue }
                words[i] = "pre-shared-key"
                words[n] = side.first == "a" ? "address" : "hostname"
                words[k] = "key"
            } else if side.utf8.count < 7, abbreviates(side, "local", from: 1) || abbreviates(side, "remote", from: 1), onward(n) < words.count {
                words[i] = "pre-shared-key"
                words[n] = side.first == "l" ? "local" : "remote"
            } else if w == "pre" || gluedPreAlone, !side.isEmpty, side != "|", next(n) >= words.count || word(next(n)) == "|" || tokens[next(n)] == mask,
                      !["local", "remote"].contains(words[..<i].last { !$0.isEmpty } ?? "") {
                // `pre X`: the command's only word after it ends its line (`pre-shared-key X`
                // written out is the whole command anyway), or a rest masked already follows it
                // (a line end cut the value, `pre Zq9Sekr1` / `t`). (Not an IKEv2 profile's `authentication
                // remote pre` / `-share`, a line cut inside `pre-share`.)
                words[i] = "pre-shared-key"
            }
        }
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
        var afterStart = -1, afterEnd = -1   // the word after the one looked at
        for back in 0..<3 {
            let s = lastBlank(p, before: end) + 1
            if lastWordStart < 0 { lastWordStart = s }
            var k = s
            while k > 0, space(p[k - 1]) { k -= 1 }
            let n = end - s
            if n >= 3, n <= 18, mayStartIntro(p[s], length: n) {
                // Only a word of an intro word's length, and first letter, is compared (`introKind`).
                let kind = introKind(UnsafeBufferPointer(start: p + s, count: n))
                if kind == 1 { named = true; break }
                if kind == 2 {
                    // A hash's name names a secret after a key's number (`ntp authentication-key 1 md5`)
                    // or before an encryption type (`message-digest-key 1 md5 7`).
                    func number(_ a: Int, _ b: Int) -> Bool { a >= 0 && b > a && (a..<b).allSatisfy { ASCII.isDigit(p[$0]) } }
                    let b = k > 0 ? lastBlank(p, before: k) + 1 : -1
                    if number(b, k) || number(afterStart, afterEnd) { named = true; break }
                }
            }
            // (After a prompt or a message it is glued to: `logged command:key-string`.)
            if n >= 5, gluedCommandWord(p, s, end) != nil { named = true; break }
            // (Or abbreviated, or typed onto debug text's end: `… k`, `pre l`, `IKE_I_MM5key`; one of
            // the last two words, as a value is one word: `… k Zq9S`, `…#pre l`, `pre Zq`.)
            if back < 2, abbreviatedIntro(p, s, end) { named = true; break }
            guard k > 0 else { break }
            (afterStart, afterEnd) = (s, end)
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
            guard w == 0 || last.count >= 8 && equalsIgnoringCase(UnsafeBufferPointer(rebasing: last[(last.count - 8)...]), "password")
                || equalsIgnoringCase(last, "secret") || equalsIgnoringCase(last, "community") else { return .none }
            var probe = [UInt8](UnsafeBufferPointer(start: p, count: e))
            probe.append(0x20)
            probe.append(UInt8(ascii: "X"))
            guard probe.withUnsafeBufferPointer({ mayCarrySecret($0) }) else { return .none }
        }
        let s = String(decoding: UnsafeBufferPointer(rebasing: line[..<e]), as: UTF8.self)
        // A word after the line would be masked, and the line kept as it is (`… key`, `… key 0`).
        if maskLog(s + " X", bareKeys: false) == s + " " + mask { return .afterWord }
        // The line's last word is masked (a value masked already, the rest of one before it,
        // counts as a value).
        return e == line.count && maskLog(s).hasSuffix(" " + mask) ? .inValue : .none
    }

    /// Whether the word `p[s..<e]` is one `expandAbbreviations` may write out as a word that
    /// introduces a secret (`k`, `ke`, `l…`, `r…`, `pre…`), or ends in `key` typed onto debug
    /// text's end (`IKE_I_MM5key`): `tail(of:)` then asks `maskLog`.
    @inline(__always)
    private static func abbreviatedIntro(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let n = e - s
        guard n > 0 else { return false }
        let f = p[s] | 0x20
        if n <= 2 { return f == UInt8(ascii: "k") || f == UInt8(ascii: "l") || f == UInt8(ascii: "r") }
        if n > 3, p[e - 1] | 0x20 == UInt8(ascii: "y"), at(p, e, e - 3, "key"), glued(p[e - 4]) || n > 14 && at(p, e, e - 14, "pre-shared-key") { return true }
        // `pre…` (three letters to thirteen), maybe past a prompt or IOS's `!` it is glued to
        // (`AES-CBC!R1(config-keyring)#pre`). Most words end in no letter such a start ends in.
        switch p[e - 1] | 0x20 {
        case UInt8(ascii: "e"), UInt8(ascii: "-") | 0x20, UInt8(ascii: "s"), UInt8(ascii: "h"), UInt8(ascii: "a"),
             UInt8(ascii: "r"), UInt8(ascii: "d"), UInt8(ascii: "k"): break
        default: return false
        }
        var w = e - 1
        let least = max(s, e - 14)
        while w >= least, p[w] != UInt8(ascii: "#"), p[w] != UInt8(ascii: "!"), p[w] != UInt8(ascii: ">") { w -= 1 }
        let start = w >= least ? w + 1 : s
        guard e - start >= 3, e - start < 14 else { return false }
        return prefixLength(p, e, at: start, of: "pre-shared-key") == e - start
    }

    /// Whether `word`, the first of a line after one that ended in a secret (`tail(of:)`), may
    /// be that secret's rest: not a word of the command itself (`address`, `crypto`, a word
    /// that introduces a secret: a whole key was followed by another line), nor one that starts
    /// a configuration's next section (`interface`, `router`: a key chain's or a server's block
    /// ended).
    static func mayBeRestOfSecret(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        if introducesSecret(word) || word.elementsEqual(mask.utf8) { return false }
        let lower = String(decoding: word, as: UTF8.self).lowercased()
        return !["address", "hostname", "no-xauth", "crypto", "username", "enable", "snmp-server", "tacacs-server",
                 "radius-server", "isakmp", "ikev2", "interface", "router"].contains(lower)
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

    /// A hash's name in a key's command: `md5`, `sha`, `sha1`, `sha-2`, `hmac-sha2-256`, `cmac-aes-128`.
    static func isHash(_ x: UnsafeBufferPointer<UInt8>) -> Bool {
        func prefix(_ word: StaticString) -> Bool {
            x.count >= word.utf8CodeUnitCount && equalsIgnoringCase(UnsafeBufferPointer(rebasing: x[..<word.utf8CodeUnitCount]), word)
        }
        switch x.first.map({ $0 | 0x20 }) {
        case UInt8(ascii: "m"): return equalsIgnoringCase(x, "md5")
        case UInt8(ascii: "s"): return prefix("sha")
        case UInt8(ascii: "h"): return prefix("hmac-")
        case UInt8(ascii: "c"): return prefix("cmac-")
        default: return false
        }
    }

    /// `address`, `hostname`, `chain`, `config-key`: a command's word where a key's value could
    /// stand (`pre-shared-key address A key X`, `key chain NAME`, `key config-key …`), never one.
    static func isCommandWord(_ w: String) -> Bool {
        ["address", "hostname", "chain", "config-key"].contains(w)
    }

    /// (Here also `address` and `hostname` abbreviated, `a`, `add`, `h`: `pre-shared-key` / `a A k X`.)
    static func isCommandWord(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard w.count >= 1, w.count <= 10 else { return false }
        let lower = String(decoding: w, as: UTF8.self).lowercased()
        return isCommandWord(lower) || abbreviates(lower, "address", from: 1) || abbreviates(lower, "hostname", from: 1)
    }

    /// Whether `w`, after a word that introduces a secret (`tail(of:)` said `.afterWord`), stands
    /// before the value rather than being it (`then`: the word after `w`): an encryption type
    /// (`0`, `7`), a key's side (`local`, `remote`), HSRP's `text`, a hash or a cipher (`md5`,
    /// `sha`, `aes`, `128`), a WPA key's `ascii` or `hex`, NTP's key number before its hash (`1 md5`).
    static func precedesValue(_ w: UnsafeBufferPointer<UInt8>, then: UnsafeBufferPointer<UInt8>) -> Bool {
        if w.count == 1 && ASCII.isDigit(w[0]) || namesKeySide(w) { return true }
        // (A key's side abbreviated, `pre-shared-key` / `l X`, with a value after it.)
        if w.count < 6, then.count > 0 {
            let lower = String(decoding: w, as: UTF8.self).lowercased()
            if abbreviates(lower, "local", from: 1) || abbreviates(lower, "remote", from: 1) { return true }
        }
        func eq(_ x: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool { equalsIgnoringCase(x, word) }
        func hash(_ x: UnsafeBufferPointer<UInt8>) -> Bool { isHash(x) }
        if eq(w, "text") || eq(w, "ascii") || eq(w, "hex") || hash(w) || eq(w, "des") || eq(w, "3des") || eq(w, "aes")
            || eq(w, "128") || eq(w, "192") || eq(w, "256") { return true }
        return w.allSatisfy(ASCII.isDigit) && hash(then)
    }

    /// `local` or `remote`, in any case: the side an IKEv2 keyring's `pre-shared-key local|remote
    /// X` gives its key for (a word of the command, not the key).
    static func namesKeySide(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        equalsIgnoringCase(w, "local") || equalsIgnoringCase(w, "remote")
    }

    /// `key`, `secret`, `password`, `community`, `key-string`, `pre-shared-key`, `local`,
    /// `remote`, `authentication`, `authentication-key`, `message-digest-key`, `wpa-psk`,
    /// `area-password`, `domain-password`, `password-encrypt`, in any case.
    static func introducesSecret(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        func eq(_ word: StaticString) -> Bool { equalsIgnoringCase(w, word) }
        switch w.count {
        case 3: return eq("key")
        case 5: return eq("local")
        case 6: return eq("secret") || eq("remote")
        case 7: return eq("wpa-psk")
        case 8: return eq("password")
        case 9: return eq("community")
        case 10: return eq("key-string")
        case 13: return eq("area-password")
        case 14: return eq("pre-shared-key") || eq("authentication")
        case 15: return eq("domain-password")
        case 16: return eq("password-encrypt")
        case 18: return eq("authentication-key") || eq("message-digest-key")
        default: return false
        }
    }

    /// Where a command's first word that introduces a secret starts in the word `p[s..<e]`, when
    /// a prompt or a message is glued to it (`logged command:key`, `…:key-string`,
    /// `R1(config-line)#password`, `…#pre-shared-key`, `…:wpa-psk`): only the lengths such a
    /// word has, by its last letter, are looked at.
    @inline(__always)
    private static func gluedCommandWord(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> Int? {
        let lengths: (Int, Int, Int)
        switch p[e - 1] | 0x20 {
        case UInt8(ascii: "y"): lengths = (3, 14, 0)     // key, pre-shared-key
        case UInt8(ascii: "d"): lengths = (8, 13, 15)    // password, area-password, domain-password
        case UInt8(ascii: "g"): lengths = (10, 0, 0)     // key-string
        case UInt8(ascii: "k"): lengths = (7, 0, 0)      // wpa-psk
        default: return nil
        }
        @inline(__always) func glued(_ n: Int) -> Bool {
            guard n > 0, e - n - 1 > s else { return false }
            let c = p[e - n - 1]
            return (c == UInt8(ascii: ":") || c == UInt8(ascii: "#")) && introducesSecret(UnsafeBufferPointer(start: p + e - n, count: n))
        }
        if glued(lengths.0) { return e - lengths.0 }
        if glued(lengths.1) { return e - lengths.1 }
        if glued(lengths.2) { return e - lengths.2 }
        return nil
    }

    /// Whether a word `n` long (3…18) that starts with `b` may be one `introKind` tells (not 0):
    /// the first letters of its words and hashes' names of that length (`key aes des hex md5 sha`
    /// for 3, `auth priv 3des sha1` for 4, …; a hash's name `sha…`, `hmac-…`, `cmac-…` for 6, 9,
    /// 11–13 and 17), in any case (`introKind` compares `b | 0x20`). Most words of a debug line
    /// are not compared.
    @inline(__always)
    private static func mayStartIntro(_ b: UInt8, length n: Int) -> Bool {
        let f = b | 0x20
        if f == UInt8(ascii: "3") { return n == 4 }
        guard f >= 0x60, f < 0x80 else { return false }
        // Bits of `a`…`w` (0x61…0x77), counted from 0x60.
        let a: UInt32 = 1 << 0x01, c: UInt32 = 1 << 0x03, d: UInt32 = 1 << 0x04, h: UInt32 = 1 << 0x08
        let k: UInt32 = 1 << 0x0B, l: UInt32 = 1 << 0x0C, m: UInt32 = 1 << 0x0D, p: UInt32 = 1 << 0x10
        let r: UInt32 = 1 << 0x12, s: UInt32 = 1 << 0x13, v: UInt32 = 1 << 0x16, w: UInt32 = 1 << 0x17
        let letters: UInt32
        switch n {
        case 3: letters = k | a | d | h | m | s
        case 4: letters = a | p | s
        case 5: letters = l | a | s
        case 6: letters = s | r | h | c
        case 7: letters = w | v
        case 8, 16: letters = p
        case 9: letters = c | s | h
        case 10: letters = k
        case 13: letters = a | s | h | c
        case 14: letters = p | a
        case 15: letters = d
        case 18: letters = a | m
        default: letters = s | h | c   // 11, 12, 17: a hash's name only
        }
        return letters >> UInt32(f - 0x60) & 1 != 0
    }

    /// 1: `introducesSecret(w)`, or a word before a secret's value in a command that has one
    /// (SNMPv3's `auth` and `priv`, a cipher, `aes`, `des`, `3des`, WPA's `ascii` or `hex`,
    /// `snmp-server host`'s `version`); 2: a hash's name (`md5`, `sha`, `sha1`, `sha256`,
    /// `hmac-…`, `cmac-…`: `tail(of:)` asks the words around it); 0: neither.
    @inline(__always)
    private static func introKind(_ w: UnsafeBufferPointer<UInt8>) -> Int {
        func eq(_ word: StaticString) -> Bool { equalsIgnoringCase(w, word) }
        switch w.count {
        case 3: return eq("key") || eq("aes") || eq("des") || eq("hex") ? 1 : eq("md5") || eq("sha") ? 2 : 0
        case 4: return eq("auth") || eq("priv") || eq("3des") ? 1 : eq("sha1") || eq("sha2") ? 2 : 0
        case 5: return eq("local") || eq("ascii") ? 1 : eq("sha-2") ? 2 : 0
        case 6: return eq("secret") || eq("remote") ? 1 : isHash(w) ? 2 : 0
        case 7: return eq("wpa-psk") || eq("version") ? 1 : 0
        case 8: return eq("password") ? 1 : 0
        case 9: return eq("community") ? 1 : isHash(w) ? 2 : 0
        case 10: return eq("key-string") ? 1 : 0
        case 13: return eq("area-password") ? 1 : isHash(w) ? 2 : 0
        case 14: return eq("pre-shared-key") || eq("authentication") ? 1 : 0
        case 15: return eq("domain-password") ? 1 : 0
        case 16: return eq("password-encrypt") ? 1 : 0
        case 18: return eq("authentication-key") || eq("message-digest-key") ? 1 : 0
        default: return isHash(w) ? 2 : 0
        }
    }

    /// Whether `maskLog` may have something to mask in `text`: more than one word (it masks
    /// the word after a keyword), and a phrase it looks at (`mayNameSecret`; with
    /// `configuration`, `mayNameConfigurationSecret` too).
    static func mayCarrySecret(_ text: UnsafeBufferPointer<UInt8>, configuration: Bool = true) -> Bool {
        guard let base = text.baseAddress else { return false }
        if memchr(base, 0x20, text.count) != nil || memchr(base, 0x09, text.count) != nil,
           scanNamesSecret(text) || configuration && scanNamesConfigurationSecret(text) { return true }
        // (A line a terminal or a page changed, as it reads: its words may be apart by a Unicode space only.)
        return mayHideWords(text) && readableCarries(text, configuration: configuration)
    }

    /// Whether `text` as it reads (`readable`) may carry a secret (`mayCarrySecret`); out of
    /// line: few lines get here.
    @inline(never)
    private static func readableCarries(_ text: UnsafeBufferPointer<UInt8>, configuration: Bool) -> Bool {
        guard let r = readable(text) else { return false }
        return r.withUnsafeBufferPointer { mayCarrySecret($0, configuration: configuration) }
    }

    /// `maskLog` for a field made of words of a log line (a packet's label, the rest of a
    /// line), run only when `mayCarrySecret`.
    static func maskField(_ field: String) -> String {
        var f = field
        return f.withUTF8 { mayCarrySecret($0) } ? maskLog(field) : field
    }

    /// `maskLog` for a log line's bytes, run only when `mayCarrySecret` (`configuration`: as there).
    static func maskLog(_ text: UnsafeBufferPointer<UInt8>, configuration: Bool = true) -> String {
        let s = String(decoding: text, as: UTF8.self)
        return mayCarrySecret(text, configuration: configuration) ? maskLog(s) : s
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
        if t[g - 1] == UInt8(ascii: "]") {
            // `0.0.0.0 [0.0.0.0]`: the mask in brackets follows the address (padded inside them
            // to the column's width too: `[0.0.0.0        ]`).
            let m = g - 1 > a ? g - 1 : backOverSpaces(g - 1)
            guard m > 0 else { return nil }
            a = backOverWord(m)
            guard t[a] == UInt8(ascii: "["), address(a + 1, m) else { return nil }
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
