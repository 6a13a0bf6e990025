/// Hides pre-shared keys and other secrets in configuration lines and in
/// `show crypto isakmp key` output, so they never reach a report unless asked.
public enum SecretMasker {
    public static let mask = "*****"

    /// `pre-shared-key address 1.2.3.4 key cisco` → `… key *****`;
    /// `crypto isakmp key 6 ABC address …`, `pre-shared-key local X`,
    /// `username u secret 9 …`, `snmp-server community X RO` likewise.
    public static func mask(_ line: String) -> String {
        var tokens = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        func maskValue(from j: Int) {
            var k = j
            while k < tokens.count, tokens[k].isEmpty { k += 1 }
            if k < tokens.count, tokens[k].count == 1, tokens[k].first?.isNumber == true, k + 1 < tokens.count { k += 1 }
            if k < tokens.count, !tokens[k].isEmpty { tokens[k] = mask }
        }
        while i < tokens.count {
            switch tokens[i].lowercased() {
            case "key", "secret", "password", "community":
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
        return tokens.joined(separator: " ")
    }

    /// Whether log text may carry a secret: one of the words `maskLog` looks at, in
    /// any case (a cheap byte scan, so most log lines skip `maskLog`).
    public static func mayNameSecret(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = text.count
        var i = 0
        func follows(_ word: StaticString, at j: Int) -> Bool {
            let m = word.utf8CodeUnitCount
            guard j + m <= n else { return false }
            let w = word.utf8Start
            for k in 1..<m where text[j + k] | 0x20 != w[k] { return false }
            return true
        }
        while i < n {
            switch text[i] | 0x20 {
            case UInt8(ascii: "k"): if follows("key", at: i) { return true }
            case UInt8(ascii: "s"): if follows("secret", at: i) { return true }
            case UInt8(ascii: "p"): if follows("password", at: i) { return true }
            case UInt8(ascii: "c"): if follows("community", at: i) { return true }
            default: break
            }
            i += 1
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
        var tokens = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
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
        for i in tokens.indices {
            switch words[i] {
            case "key":
                let prev = previous(i)
                let afterPSK = words[..<i].contains("pre-shared-key")
                // A line that is just `key [0-9] X` (a RADIUS/TACACS server block's key).
                let rest = words[(i + 1)...].filter { !$0.isEmpty }
                let configLine = i == firstWord && (rest.count == 1 || rest.count == 2 && rest.first!.count == 1 && rest.first!.first!.isNumber)
                if prev == "isakmp" || prev == "pre-share" || prev.hasSuffix("-server") || afterPSK || configLine { maskValue(from: i + 1) }
            case "pre-shared-key":
                let next = words.dropFirst(i + 1).first { !$0.isEmpty } ?? ""
                if next == "address" || next == "hostname" || english.contains(next) { break }
                if next == "local" || next == "remote" {
                    let at = tokens.indices.dropFirst(i + 1).first { !tokens[$0].isEmpty }!
                    maskValue(from: at + 1)
                } else {
                    maskValue(from: i + 1)
                }
            case "key-string":
                maskValue(from: i + 1)
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
            default:
                break
            }
        }
        return masked ? tokens.joined(separator: " ") : line
    }

    /// `maskLog` for a log line's bytes, only when the scan finds a word it looks at.
    static func maskLog(_ text: UnsafeBufferPointer<UInt8>) -> String {
        let s = String(decoding: text, as: UTF8.self)
        return mayNameSecret(text) ? maskLog(s) : s
    }

    /// A row of `show crypto isakmp key`: the last column is the key.
    public static func maskTableRow(_ row: String) -> String {
        let trimmed = row.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("---"), let r = trimmed.range(of: " ", options: .backwards) else { return row }
        return String(trimmed[..<r.upperBound]) + mask
    }
}

import Foundation
