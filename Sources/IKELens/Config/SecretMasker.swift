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

    /// A row of `show crypto isakmp key`: the last column is the key.
    public static func maskTableRow(_ row: String) -> String {
        let trimmed = row.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.hasPrefix("---"), let r = trimmed.range(of: " ", options: .backwards) else { return row }
        return String(trimmed[..<r.upperBound]) + mask
    }
}

import Foundation
