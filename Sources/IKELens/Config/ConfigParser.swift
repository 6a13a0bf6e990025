/// Reads the crypto-relevant parts of a `show running-config`. Unknown lines
/// are skipped, not errors; banners and certificate chains are skipped whole.
public enum ConfigParser {
    /// The prefix written `A [MASK]` from `w[i]`, and whether a mask followed. A bare `0.0.0.0`
    /// is how IOS prints the catch-all `0.0.0.0 0.0.0.0` (a wildcard key, `match identity address
    /// 0.0.0.0 [VRF]`): /0; any other bare address is a /32.
    static func printedPrefix(_ w: [String], at i: Int) -> (prefix: IPv4Prefix?, masked: Bool) {
        let mask = i + 1 < w.count && IPv4Prefix.parse(w[i + 1]) != nil ? w[i + 1] : nil
        return (IPv4Prefix(w[i], mask: mask ?? (w[i] == "0.0.0.0" ? "0.0.0.0" : nil)), mask != nil)
    }

    /// The block a configuration's line is in.
    fileprivate enum Section {
        case none, skip, keyring(Int), policy(Int), profile(Int), transformSet(Int), ipsecProfile(Int), cryptoMap(Int), dynamicMap(Int)
        case acl(String), interface(Int), certificateChain(String), networkGroup(String)
        case ikev2Proposal(Int), ikev2Policy(Int), ikev2Keyring(Int), ikev2Profile(Int)
    }

    /// A configuration that reached a syslog server, or a capture that stamped every line: the
    /// header in front of each line (`<189>1 2026-12-03T10:00:01Z r1 - - - - `, `Dec  3
    /// 10:00:01 10.1.1.1 123: `, a router's own stamp) taken off, when most lines that are not
    /// blank carry one (six in ten). A line's blanks after the header are its indentation.
    static func unprefixed(_ lines: [String]) -> [String] {
        var nonBlank = 0
        var headed = 0
        let bodies: [String?] = lines.map { l in
            guard !l.isEmpty else { return nil }
            nonBlank += 1
            var bytes = Array(l.utf8)
            bytes.append(0x20)   // (A header followed by nothing, a blank line relayed: a body all the same.)
            return bytes.withUnsafeBufferPointer { b -> String? in
                let h = LineHeader.parse(UnsafeBufferPointer(rebasing: b[..<(b.count - 1)]), from: 0)
                guard h.hadHeader || h.relayEnd >= 0, h.bodyStart > 0, h.bodyStart <= b.count - 1 else { return nil }
                headed += 1
                // (One blank after the header is its own; the rest are the line's.)
                var k = h.bodyStart
                if k > 0, b[k - 1] != 0x20, k < b.count - 1, b[k] == 0x20 { k += 1 }
                // (A BSD relay's host and the router's number after its date: `10.1.1.1 123: `.)
                if h.relayEnd >= 0, h.hostRange == nil {
                    var j = k
                    while j < b.count - 1, b[j] != 0x20, b[j] != 0x3A { j += 1 }
                    var d = j + 1
                    while d < b.count - 1, ASCII.isDigit(b[d]) { d += 1 }
                    if j > k, j < b.count - 1, b[j] == 0x20, d > j + 1, d + 1 < b.count, b[d] == 0x3A, b[d + 1] == 0x20 {
                        k = d + 2
                    } else if j > k, j + 1 < b.count, b[j] == 0x3A, b[j + 1] == 0x20 {
                        k = j + 2
                    }
                }
                return String(decoding: b[k..<(b.count - 1)], as: UTF8.self)
            }
        }
        guard nonBlank > 0, headed * 10 >= nonBlank * 6 else { return lines }
        return zip(lines, bodies).map { $1 ?? $0 }
    }

    /// The lines without the marks a mail (`> `, `>`) or a numbered view (`12: `, `12 `, `12<TAB>`)
    /// put before each: taken off when at least four lines in five carry them (the numbers
    /// counting up).
    static func unquoted(_ lines: [String]) -> [String] {
        let texts = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard texts.count >= 3 else { return lines }
        if texts.filter({ $0.hasPrefix(">") }).count * 5 >= texts.count * 4 {
            return lines.map { l in
                guard l.hasPrefix(">") else { return l }
                let rest = l.dropFirst()
                return String(rest.hasPrefix(" ") ? rest.dropFirst() : rest)
            }
        }
        // `12: `, `12. `, `12 `, `12<TAB>`: the number, its mark and one blank after it.
        func gutter(_ l: String) -> (number: Int, rest: Substring)? {
            let t = l.drop { $0 == " " }
            let digits = t.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 7, let v = Int(digits) else { return nil }
            var rest = t.dropFirst(digits.count)
            if rest.first == ":" || rest.first == "." { rest = rest.dropFirst() }
            guard let b = rest.first, b == " " || b == "\t" || rest.isEmpty else { return nil }
            return (v, rest.isEmpty ? rest : rest.dropFirst())
        }
        let numbered = lines.compactMap(gutter)
        guard numbered.count * 5 >= lines.count * 4 else { return lines }
        var rising = 0
        for (x, y) in zip(numbered, numbered.dropFirst()) where y.number > x.number { rising += 1 }
        guard rising * 5 >= (numbered.count - 1) * 4 else { return lines }
        return lines.map { l in gutter(l).map { String($0.rest) } ?? l }
    }

    /// A line of a terminal's capture without the pager's prompt: IOS prints ` --More-- `, and
    /// after a key backspaces, blanks and backspaces over it, then the next line. The text after
    /// the last backspace is the line (its indentation as printed); without the backspaces (taken
    /// out by a tool), what follows the prompt, its indentation not known (false). Backspaces
    /// elsewhere erase the character before them, as the terminal showed.
    static func unpaged(_ raw: String) -> (String, Bool) {
        guard raw.contains("--More--") || raw.utf8.contains(0x08) else { return (raw, true) }
        let bytes = Array(raw.utf8)
        if let more = raw.range(of: "--More--") {
            let after = raw.utf8.distance(from: raw.utf8.startIndex, to: more.upperBound)
            if let last = bytes.lastIndex(of: 0x08), last >= after - 1 {
                return (String(decoding: bytes[(last + 1)...], as: UTF8.self), true)
            }
            let rest = raw[more.upperBound...].drop { $0 == " " || $0 == "\t" }
            return (String(raw[..<more.lowerBound]).trimmingCharacters(in: .whitespaces).isEmpty ? String(rest) : raw, false)
        }
        // (Erased as a log's typed command is: `RecordAssembler.edited`.)
        return (String(decoding: RecordAssembler.edited(bytes), as: UTF8.self), true)
    }

    /// Whether a line printed without indentation, of words `w`, is a command of the block in
    /// hand (`section`) rather than a new one: known only for a configuration that lost its
    /// indentation or a line after the pager's prompt.
    fileprivate static func continuesBlock(_ section: Section, _ w: [String]) -> Bool {
        guard let a = w.first?.lowercased() else { return false }
        let b = w.count > 1 ? w[1].lowercased() : ""
        switch section {
        case .none, .skip: return false
        case .keyring: return ["pre-shared-key", "description", "local-address", "rsa-pubkey"].contains(a)
        case .policy: return ["encr", "encryption", "hash", "authentication", "group", "lifetime"].contains(a)
        case .profile:
            return ["keyring", "match", "vrf", "self-identity", "initiate", "local-address", "client", "isakmp", "keepalive",
                    "virtual-template", "ca", "description", "accounting", "qos-group"].contains(a)
        case .transformSet: return a == "mode"
        case .ipsecProfile: return ["set", "description", "responder-only"].contains(a)
        case .cryptoMap, .dynamicMap: return ["set", "match", "description", "reverse-route", "qos"].contains(a)
        case .acl: return ["permit", "deny", "remark"].contains(a) || Int(a) != nil && ["permit", "deny", "remark"].contains(b)
        case .certificateChain: return a == "certificate" || a == "quit" || a.allSatisfy(\.isHexDigit)
        case .networkGroup: return ["host", "network-object", "description", "group-object"].contains(a) || IPv4Prefix.parse(a) != nil
        case .ikev2Proposal: return ["encryption", "integrity", "group", "prf"].contains(a)
        case .ikev2Policy: return ["proposal", "match"].contains(a)
        case .ikev2Keyring: return ["peer", "address", "identity", "pre-shared-key", "hostname", "description"].contains(a)
        case .ikev2Profile:
            return ["match", "identity", "authentication", "keyring", "lifetime", "dpd", "nat", "virtual-template", "pki", "aaa",
                    "description", "config-exchange", "ivrf", "shutdown"].contains(a)
        case .interface:
            if a == "no" { return continuesBlock(section, Array(w.dropFirst())) }
            // (`ip route`, `ip access-list`, `crypto map NAME 10 …` begin blocks or global commands;
            // `ip address`, `ip nhrp …`, `crypto map NAME` belong to the interface.)
            if a == "ip" {
                let global: Set = ["route", "access-list", "domain", "domain-name", "name-server", "cef", "ssh", "http", "prefix-list",
                                   "sla", "forward-protocol", "multicast-routing", "local", "scp", "tftp", "ftp", "host",
                                   "default-gateway", "routing", "options", "finger", "classless", "subnet-zero", "audit",
                                   "inspect", "flow-export", "flow-cache", "wccp", "icmp", "explicit-path", "community-list",
                                   "as-path", "radius", "tacacs", "bgp-community", "dhcp", "source-route", "vrf", "nat", "sftp"]
                if b == "vrf" { return w.count > 2 && w[2] == "forwarding" }
                if b == "nat" { return w.count == 3 && (w[2] == "inside" || w[2] == "outside") }
                return !global.contains(b)
            }
            if a == "crypto" { return b == "map" && w.count == 3 }
            return ["description", "tunnel", "shutdown", "bandwidth", "delay", "keepalive", "duplex", "speed", "negotiation", "mtu",
                    "load-interval", "cdp", "media-type", "encapsulation", "ipv6", "standby", "vrrp", "service-policy", "vrf",
                    "zone-member", "pppoe", "pppoe-client", "dialer", "ppp", "hold-queue", "snmp", "logging", "nhrp"].contains(a)
        }
    }

    public static func parse(_ text: String, file: String) -> RouterConfig {
        // Lines end at LF, CR LF or a lone CR, read by bytes: in a `String` a CR LF is one
        // `Character`, which a split at "\n" never meets (a configuration saved on Windows was one line).
        var lines: [String] = []
        var line: [UInt8] = []
        var afterCR = false
        for b in text.utf8 {
            if b == 0x0A && afterCR { afterCR = false; continue }
            afterCR = b == 0x0D
            if b == 0x0A || b == 0x0D {
                lines.append(String(decoding: line, as: UTF8.self))
                line.removeAll(keepingCapacity: true)
            } else {
                line.append(b)
            }
        }
        lines.append(String(decoding: line, as: UTF8.self))
        if lines.last == "" { lines.removeLast() }
        // A capture's damage: the marks a mail or a ticket put before every line, and a
        // terminal's pager (`--More--`) and the backspaces that erased it.
        lines = Self.unquoted(lines)
        lines = Self.unprefixed(lines)
        var unknownIndent = Set<Int>()
        for i in lines.indices {
            let (text, known) = Self.unpaged(lines[i])
            lines[i] = text
            if !known { unknownIndent.insert(i) }
        }
        // A copy that lost its lines' indentation (a web page, a word processor), all or nearly
        // (IOS indents about half of a configuration's lines): a line's place in a block is told
        // by its command instead (`continuesBlock`).
        let indentedLines = lines.filter { $0.first == " " || $0.first == "\t" }.count
        let flat = indentedLines * 10 < lines.filter { !$0.isEmpty && !$0.hasPrefix("!") }.count
        var cfg = RouterConfig(file: file, hostname: LogAnalyzer.baseName(file))
        cfg.lines = lines

        var section = Section.none
        var bannerDelimiter: Character?
        var keyringOrder = 0

        func ensureDefaultKeyring() -> Int {
            if let i = cfg.keyrings.firstIndex(where: { $0.name == "default" }) { return i }
            cfg.keyrings.append(Keyring(name: "default", vrf: nil, line: 0, order: -1))
            return cfg.keyrings.count - 1
        }

        for (index, raw) in lines.enumerated() {
            let n = index + 1
            if let d = bannerDelimiter {
                if raw.contains(d) { bannerDelimiter = nil }
                continue
            }
            var indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }  // (a blank line, as a hand-edited file has, ends no block)
            if line.hasPrefix("!") { if !indented { section = .none }; continue }
            let w = line.split(separator: " ").map(String.init)
            if !indented, flat || unknownIndent.contains(index), Self.continuesBlock(section, w) { indented = true }
            if !indented {
                section = .none
                switch (w.first ?? "", w.count > 1 ? w[1] : "") {
                case ("hostname", _) where w.count > 1:
                    cfg.hostname = w[1]
                case ("banner", _):
                    // `banner motd ^C … ^C`: the delimiter is the first character after the type.
                    if w.count > 2, let d = w[2].first {
                        let rest = line.drop(while: { $0 != d }).dropFirst()
                        if !rest.contains(d) { bannerDelimiter = d }
                    }
                case ("no", "crypto") where w == ["no", "crypto", "isakmp", "default", "policy"]:
                    cfg.noDefaultPolicyLine = n
                case ("crypto", "keyring") where w.count > 2:
                    var k = Keyring(name: w[2], vrf: nil, line: n, order: keyringOrder)
                    keyringOrder += 1
                    if let v = w.firstIndex(of: "vrf"), v + 1 < w.count { k.vrf = w[v + 1] }
                    cfg.keyrings.append(k)
                    section = .keyring(cfg.keyrings.count - 1)
                case ("crypto", "isakmp") where w.count > 2:
                    switch w[2] {
                    case "policy":
                        cfg.policies.append(ISAKMPPolicy(priority: Int(w.count > 3 ? w[3] : "") ?? 0, line: n))
                        section = .policy(cfg.policies.count - 1)
                    case "profile" where w.count > 3:
                        cfg.profiles.append(ISAKMPProfile(name: w[3], line: n))
                        section = .profile(cfg.profiles.count - 1)
                    case "identity" where w.count > 3:
                        cfg.identityHostname = w[3] == "hostname"
                    case "key":
                        // crypto isakmp key [0|6|7] KEY address A [MASK] | hostname H
                        var j = 3
                        var type = 0
                        if j + 1 < w.count, let t = Int(w[j]), w[j].count == 1 { type = t; j += 1 }
                        guard j < w.count else { break }
                        let secret = Secret(type: type, text: w[j])
                        var entry = PSKEntry(prefix: nil, hostname: nil, key: secret, line: n)
                        if let a = w.firstIndex(of: "address"), a + 1 < w.count {
                            entry.prefix = Self.printedPrefix(w, at: a + 1).prefix
                        } else if let h = w.firstIndex(of: "hostname"), h + 1 < w.count {
                            entry.hostname = w[h + 1]
                        }
                        let i = ensureDefaultKeyring()
                        if cfg.keyrings[i].line == 0 { cfg.keyrings[i].line = n }
                        cfg.keyrings[i].entries.append(entry)
                    default:
                        break
                    }
                case ("crypto", "ipsec") where w.count > 3:
                    if w[2] == "transform-set" {
                        cfg.transformSets.append(TransformSet(name: w[3], transforms: Array(w.dropFirst(4)), line: n))
                        section = .transformSet(cfg.transformSets.count - 1)
                    } else if w[2] == "profile" {
                        cfg.ipsecProfiles.append(IPsecProfile(name: w[3], line: n))
                        section = .ipsecProfile(cfg.ipsecProfiles.count - 1)
                    }
                case ("ip", "domain") where w.count > 3 && w[2] == "name":
                    cfg.domainName = w[3]
                case ("ip", "domain-name") where w.count > 2:
                    cfg.domainName = w[2]
                case ("crypto", "map") where w.count > 4 && w[3] == "local-address":
                    cfg.mapLocalAddress[w[2]] = w[4]
                case ("crypto", "map") where w.count > 3:
                    guard let seq = Int(w[3]) else { break }
                    var e = CryptoMapEntry(map: w[2], sequence: seq, line: n)
                    e.dynamic = w.contains("dynamic")
                    if e.dynamic, let d = w.firstIndex(of: "dynamic"), d + 1 < w.count { e.dynamicMap = w[d + 1] }
                    cfg.cryptoMaps.append(e)
                    section = .cryptoMap(cfg.cryptoMaps.count - 1)
                case ("crypto", "dynamic-map") where w.count > 3:
                    // Kept as a template; a `crypto map … dynamic NAME` entry takes its settings.
                    guard let seq = Int(w[3]) else { break }
                    cfg.dynamicMaps.append(CryptoMapEntry(map: w[2], sequence: seq, line: n))
                    section = .dynamicMap(cfg.dynamicMaps.count - 1)
                case ("crypto", "ikev2") where w.count > 3:
                    switch w[2] {
                    case "proposal":
                        cfg.ikev2Proposals.append(IKEv2Proposal(name: w[3], line: n))
                        section = .ikev2Proposal(cfg.ikev2Proposals.count - 1)
                    case "policy":
                        cfg.ikev2Policies.append(IKEv2Policy(name: w[3], line: n))
                        section = .ikev2Policy(cfg.ikev2Policies.count - 1)
                    case "keyring":
                        cfg.ikev2Keyrings.append(IKEv2Keyring(name: w[3], line: n))
                        section = .ikev2Keyring(cfg.ikev2Keyrings.count - 1)
                    case "profile":
                        cfg.ikev2Profiles.append(IKEv2Profile(name: w[3], line: n))
                        section = .ikev2Profile(cfg.ikev2Profiles.count - 1)
                    default:
                        break
                    }
                case ("crypto", "pki"), ("crypto", "ca"):
                    // (A trustpoint's contents are not read: only that it exists. Of a certificate
                    // chain, only whether it holds the router's own certificate.)
                    if w.count > 3, w[2] == "trustpoint" { cfg.trustpoints.append((w[3], n)) }
                    section = w.count > 4 && w[2] == "certificate" && w[3] == "chain" ? .certificateChain(w[4]) : .skip
                case ("object-group", "network") where w.count > 2:
                    cfg.networkGroups[w[2]] = cfg.networkGroups[w[2]] ?? ([], [])
                    section = .networkGroup(w[2])
                case ("ip", "access-list") where w.count > 3 && w[2] == "extended":
                    cfg.accessLists[w[3], default: []] = cfg.accessLists[w[3]] ?? []
                    section = .acl(w[3])
                case ("access-list", _) where w.count > 2:
                    if let e = aclEntry(Array(w.dropFirst(2)), line: n) { cfg.accessLists[w[1], default: []].append(e) }
                case ("interface", _) where w.count > 1:
                    cfg.interfaces.append(Interface(name: w[1], line: n))
                    section = .interface(cfg.interfaces.count - 1)
                default:
                    break
                }
                continue
            }
            // Sub-commands.
            let a = w.first ?? ""
            switch section {
            case .keyring(let k):
                if a == "local-address", w.count > 1 { cfg.keyrings[k].localAddress = w[1]; cfg.keyrings[k].localAddressLine = n }
                if a == "pre-shared-key", w.count > 3 {
                    guard let keyAt = w.firstIndex(of: "key"), keyAt + 1 < w.count else { break }
                    var type = 0
                    var t = keyAt + 1
                    if t + 1 < w.count, w[t].count == 1, let ty = Int(w[t]) { type = ty; t += 1 }
                    var entry = PSKEntry(prefix: nil, hostname: nil, key: Secret(type: type, text: w[t]), line: n)
                    if w[1] == "address", w.count > 2 {
                        entry.prefix = Self.printedPrefix(w, at: 2).prefix
                    } else if w[1] == "hostname", w.count > 2 {
                        entry.hostname = w[2]
                    }
                    cfg.keyrings[k].entries.append(entry)
                }
            case .policy(let p):
                // (Masked: the next line glued onto this one, ` group 14crypto isakmp key X …`,
                // would show its key where the policy is named.)
                let v = w.count > 1 ? SecretMasker.mask(w[1...].joined(separator: " ")) : ""
                switch a {
                case "encr", "encryption": cfg.policies[p].encryption = v
                case "hash": cfg.policies[p].hash = v
                case "group": cfg.policies[p].group = v
                case "authentication": cfg.policies[p].authentication = v; cfg.policies[p].authenticationLine = n
                case "lifetime": cfg.policies[p].lifetime = Int(v) ?? cfg.policies[p].lifetime
                default: break
                }
            case .profile(let p):
                switch a {
                case "keyring" where w.count > 1: cfg.profiles[p].keyrings.append(w[1])
                case "vrf" where w.count > 1: cfg.profiles[p].vrf = w[1]
                case "local-address" where w.count > 1: cfg.profiles[p].localAddress = w[1]
                case "initiate" where w.count > 2 && w[1] == "mode": cfg.profiles[p].aggressive = w[2] == "aggressive"
                case "self-identity" where w.count > 1: cfg.profiles[p].selfIdentityFQDN = w[1] == "fqdn"
                case "virtual-template" where w.count > 1: cfg.profiles[p].virtualTemplate = Int(w[1])
                case "match" where w.count > 2 && w[1] == "certificate":
                    cfg.profiles[p].certificateMap = w[2]
                case "match" where w.count > 3 && w[1] == "identity":
                    var m = IdentityMatch(line: n)
                    if w[2] == "address" {
                        // (`match identity address 0.0.0.0 [VRF]`: the catch-all.)
                        let (prefix, masked) = Self.printedPrefix(w, at: 3)
                        m.prefix = prefix
                        let vrfAt = masked ? 5 : 4
                        if w.count > vrfAt { m.vrf = w[vrfAt] }
                    } else if w[2] == "host" {
                        if w[3] == "domain", w.count > 4 { m.domain = w[4] } else { m.host = w[3] }
                    }
                    cfg.profiles[p].matches.append(m)
                default: break
                }
            case .transformSet(let t):
                if a == "mode", w.count > 1 { cfg.transformSets[t].mode = w[1] }
            case .ipsecProfile(let i):
                if let set = setCommand(w) {
                    if let v = set.transformSets { cfg.ipsecProfiles[i].transformSets = v }
                    if let v = set.isakmpProfile { cfg.ipsecProfiles[i].isakmpProfile = v }
                    if let v = set.ikev2Profile { cfg.ipsecProfiles[i].ikev2Profile = v }
                    if let v = set.pfs { cfg.ipsecProfiles[i].pfs = v }
                }
            case .cryptoMap(let m):
                mapSubCommand(w, into: &cfg.cryptoMaps[m])
            case .dynamicMap(let m):
                mapSubCommand(w, into: &cfg.dynamicMaps[m])
            case .acl(let name):
                if let e = aclEntry(w, line: n) { cfg.accessLists[name, default: []].append(e) }
            case .interface(let i):
                switch a {
                case "ip" where w.count > 2 && w[1] == "address" && (w[2] == "dhcp" || w[2] == "negotiated"):
                    (cfg.interfaces[i].assignedAddress, cfg.interfaces[i].assignedAddressLine) = (w[2], n)
                case "ip" where w.count > 3 && w[1] == "address" && IPv4Prefix.parse(w[2]) != nil:
                    if !w.contains("secondary") { cfg.interfaces[i].address = w[2]; cfg.interfaces[i].mask = w[3] }
                case "ip" where w.count > 4 && w[1] == "nhrp" && (w[2] == "nhs" || w[2] == "map"):
                    // `ip nhrp nhs 172.16.0.1 nbma 203.0.113.1 [multicast]`, `ip nhrp map 172.16.0.1
                    // 203.0.113.1` (not `ip nhrp map multicast …`): the hub's NBMA address.
                    var nbma: String?
                    if w[2] == "nhs", let at = w.firstIndex(of: "nbma"), at + 1 < w.count { nbma = w[at + 1] }
                    if w[2] == "map", IPv4Prefix.parse(w[3]) != nil { nbma = w[4] }
                    if let nbma, IPv4Prefix.parse(nbma) != nil, !cfg.interfaces[i].nhrpNBMA.contains(nbma) { cfg.interfaces[i].nhrpNBMA.append(nbma) }
                case "ip" where w.count > 3 && w[1] == "vrf" && w[2] == "forwarding":
                    cfg.interfaces[i].vrf = w[3]
                case "vrf" where w.count > 2 && w[1] == "forwarding":
                    cfg.interfaces[i].vrf = w[2]
                case "shutdown": cfg.interfaces[i].shutdown = true
                case "tunnel" where w.count > 2:
                    switch w[1] {
                    case "source": cfg.interfaces[i].tunnelSource = w[2]
                    case "destination": cfg.interfaces[i].tunnelDestination = w[2]
                    case "vrf": cfg.interfaces[i].tunnelVRF = w[2]
                    case "mode": cfg.interfaces[i].tunnelMode = w[2...].joined(separator: " ")
                    case "protection" where w.count > 4: cfg.interfaces[i].tunnelProtection = w[4]
                    default: break
                    }
                case "crypto" where w.count > 2 && w[1] == "map":
                    cfg.interfaces[i].cryptoMap = w[2]
                case "ipv6" where w.count > 1 && ["address", "enable"].contains(w[1]),
                     "mpls" where w.count > 1 && w[1] == "ip",
                     "ip" where w.count > 2 && w[1] == "router" && w[2] == "isis",
                     "clns" where w.count > 2 && w[1] == "router" && w[2] == "isis":
                    let kind = a == "ipv6" ? "IPv6" : a == "mpls" ? "MPLS" : "IS-IS"
                    if !cfg.interfaces[i].nonIPv4.contains(where: { $0.kind == kind }) { cfg.interfaces[i].nonIPv4.append(.init(kind: kind, line: n)) }
                default: break
                }
            case .ikev2Proposal(let p):
                let v = SecretMasker.mask(w.dropFirst().joined(separator: " ")).split(separator: " ").map(String.init)
                switch a {
                case "encryption": cfg.ikev2Proposals[p].encryption += v
                case "integrity": cfg.ikev2Proposals[p].integrity += v
                case "group": cfg.ikev2Proposals[p].groups += v
                default: break
                }
            case .ikev2Policy(let p):
                if a == "proposal", w.count > 1 { cfg.ikev2Policies[p].proposals.append(w[1]) }
                if a == "match", w.count > 2, w[1] == "fvrf" { cfg.ikev2Policies[p].fvrf = w[2] }
            case .ikev2Keyring(let k):
                // `peer NAME` opens an entry; its lines (`address`, `pre-shared-key`) are
                // indented one more, but any indentation belongs to the last peer.
                if a == "peer", w.count > 1 {
                    cfg.ikev2Keyrings[k].peers.append(IKEv2KeyringPeer(name: w[1], line: n))
                    break
                }
                guard !cfg.ikev2Keyrings[k].peers.isEmpty else { break }
                let last = cfg.ikev2Keyrings[k].peers.count - 1
                switch a {
                case "address" where w.count > 1:
                    cfg.ikev2Keyrings[k].peers[last].prefix = Self.printedPrefix(w, at: 1).prefix
                case "identity" where w.count > 2:
                    cfg.ikev2Keyrings[k].peers[last].identity = w[2]
                case "pre-shared-key" where w.count > 1:
                    // pre-shared-key [local|remote] [0|6] KEY
                    var j = 1
                    let side = ["local", "remote"].contains(w[j]) ? w[j] : nil
                    if side != nil { j += 1 }
                    var type = 0
                    if j + 1 < w.count, w[j].count == 1, let t = Int(w[j]) { type = t; j += 1 }
                    guard j < w.count else { break }
                    let key = Secret(type: type, text: w[j])
                    if side != "remote" { cfg.ikev2Keyrings[k].peers[last].localKey = key; cfg.ikev2Keyrings[k].peers[last].localKeyLine = n }
                    if side != "local" { cfg.ikev2Keyrings[k].peers[last].remoteKey = key; cfg.ikev2Keyrings[k].peers[last].remoteKeyLine = n }
                default: break
                }
            case .ikev2Profile(let p):
                switch a {
                case "match" where w.count > 3 && w[1] == "identity" && w[2] == "remote":
                    var m = IdentityMatch(line: n)
                    if w[3] == "any" {
                        cfg.ikev2Profiles[p].matchesAny = true
                        break
                    }
                    if w[3] == "address", w.count > 4 {
                        m.prefix = Self.printedPrefix(w, at: 4).prefix
                    } else if w[3] == "fqdn" || w[3] == "email", w.count > 4 {
                        // `fqdn F` is that name only, `fqdn domain D` any name in D (`email E` /
                        // `email domain D` alike, for user@domain identities).
                        m.email = w[3] == "email"
                        if w[4] == "domain", w.count > 5 { m.domain = w[5] } else { m.host = w[4] }
                    }
                    cfg.ikev2Profiles[p].matches.append(m)
                case "match" where w.count > 2 && w[1] == "fvrf":
                    cfg.ikev2Profiles[p].fvrf = w[2]
                case "keyring" where w.count > 1:
                    cfg.ikev2Profiles[p].keyring = w.count > 2 && w[1] == "local" ? w[2] : w[1] == "local" ? nil : w[1]
                case "authentication" where w.count > 2:
                    if w[1] == "local" { cfg.ikev2Profiles[p].localAuth = w[2]; cfg.ikev2Profiles[p].localAuthLine = n }
                    if w[1] == "remote", !cfg.ikev2Profiles[p].remoteAuths.contains(w[2]) {
                        cfg.ikev2Profiles[p].remoteAuths.append(w[2])
                        cfg.ikev2Profiles[p].remoteAuthLines.append(n)
                    }
                case "identity" where w.count > 2 && w[1] == "local":
                    // (`identity local dn`: one word less than `fqdn F`, `address A`, `email E`.)
                    if w[2] == "dn" { cfg.ikev2Profiles[p].localIdentityDN = true } else if w.count > 3 { cfg.ikev2Profiles[p].localIdentity = w[3] }
                case "match" where w.count > 2 && w[1] == "certificate":
                    (cfg.ikev2Profiles[p].certificateMap, cfg.ikev2Profiles[p].certificateMapLine) = (w[2], n)
                case "virtual-template" where w.count > 1:
                    cfg.ikev2Profiles[p].virtualTemplate = Int(w[1])
                default: break
                }
            case .networkGroup(let name):
                // `host A`, `A MASK` (a network mask, not a wildcard), `range A B`, `group-object N`.
                if a == "host", w.count > 1, let p = IPv4Prefix(w[1]) {
                    cfg.networkGroups[name]?.prefixes.append(p)
                } else if a == "range", w.count > 2, let f = IPv4Prefix.parse(w[1]), let l = IPv4Prefix.parse(w[2]), f <= l {
                    cfg.networkGroups[name]?.prefixes += IPv4Prefix.range(f, l)
                } else if a == "group-object", w.count > 1 {
                    cfg.networkGroups[name]?.groups.append(w[1])
                } else if w.count > 1, IPv4Prefix.parse(a) != nil, let p = IPv4Prefix(a, mask: w[1]) {
                    cfg.networkGroups[name]?.prefixes.append(p)
                }
            case .certificateChain(let name):
                // ` certificate 03` is the router's own; ` certificate ca 01` the CA's, ` certificate
                // self-signed 01` a self-signed one; the hex lines and `quit` are skipped.
                if a == "certificate", w.count == 2, cfg.routerCertificates[name] == nil { cfg.routerCertificates[name] = n }
            case .none, .skip:
                break
            }
        }
        // An ACL entry that names `object-group network` groups stands for each pair of their
        // members, as IOS expands it (a crypto ACL's proxies included); one naming a group that
        // is not configured is dropped, as an entry not understood.
        for (name, entries) in cfg.accessLists {
            cfg.accessLists[name] = entries.flatMap { e -> [ACLEntry] in
                guard e.sourceGroup != nil || e.destinationGroup != nil else { return [e] }
                guard let sources = e.sourceGroup.map({ cfg.networkGroup($0) }) ?? [e.source],
                      let destinations = e.destinationGroup.map({ cfg.networkGroup($0) }) ?? [e.destination] else { return [] }
                return sources.flatMap { s in destinations.map { d in var x = e; (x.source, x.destination) = (s, d); return x } }
            }
        }
        // A `crypto map … dynamic NAME` entry has the settings of its dynamic map.
        for i in cfg.cryptoMaps.indices {
            guard let name = cfg.cryptoMaps[i].dynamicMap, let t = cfg.dynamicMaps.first(where: { $0.map == name }) else { continue }
            if cfg.cryptoMaps[i].transformSets.isEmpty { cfg.cryptoMaps[i].transformSets = t.transformSets }
            cfg.cryptoMaps[i].isakmpProfile = cfg.cryptoMaps[i].isakmpProfile ?? t.isakmpProfile
            cfg.cryptoMaps[i].ikev2Profile = cfg.cryptoMaps[i].ikev2Profile ?? t.ikev2Profile
            cfg.cryptoMaps[i].pfs = cfg.cryptoMaps[i].pfs ?? t.pfs
            cfg.cryptoMaps[i].acl = cfg.cryptoMaps[i].acl ?? t.acl
        }
        return cfg
    }

    /// `set …` and `match address` under a crypto map or dynamic-map entry.
    static func mapSubCommand(_ w: [String], into e: inout CryptoMapEntry) {
        if let set = setCommand(w) {
            if let v = set.peer { e.peers.append(v) }
            if let v = set.transformSets { e.transformSets = v }
            if let v = set.isakmpProfile { e.isakmpProfile = v }
            if let v = set.ikev2Profile { e.ikev2Profile = v }
            if let v = set.pfs { e.pfs = v }
        } else if w.first == "match", w.count > 2, w[1] == "address" {
            e.acl = w[2]
        }
    }

    /// The `set …` sub-commands shared by crypto map entries and ipsec profiles.
    struct SetCommand {
        var peer: String?
        var transformSets: [String]?
        var isakmpProfile: String?
        var ikev2Profile: String?
        var pfs: String?
    }

    static func setCommand(_ w: [String]) -> SetCommand? {
        guard w.first == "set", w.count >= 2 else { return nil }
        var s = SetCommand()
        switch w[1] {
        case "peer" where w.count > 2: s.peer = w[2]
        case "transform-set": s.transformSets = Array(w.dropFirst(2))
        case "isakmp-profile" where w.count > 2: s.isakmpProfile = w[2]
        case "ikev2-profile" where w.count > 2: s.ikev2Profile = w[2]
        case "pfs": s.pfs = w.count > 2 ? w[2] : "group1"  // bare `set pfs` is group 1
        default: break
        }
        return s
    }

    /// `permit ip 10.1.0.0 0.0.255.255 host 10.2.0.1` (wildcard masks), `permit udp host A eq
    /// isakmp host B eq isakmp` (an `eq` port kept after either end; other port operators skipped),
    /// `permit ip object-group A object-group B` (the groups named, expanded later).
    static func aclEntry(_ w: [String], line: Int) -> ACLEntry? {
        var i = 0
        if let s = Int(w.first ?? ""), s > 0 { i = 1 }  // sequence number
        guard i + 1 < w.count, w[i] == "permit" || w[i] == "deny" else { return nil }
        let permit = w[i] == "permit"
        let proto = w[i + 1]
        var j = i + 2
        var group: String?
        func endpoint() -> IPv4Prefix? {
            group = nil
            guard j < w.count else { return nil }
            if w[j] == "any" { j += 1; return IPv4Prefix(address: 0, mask: 0) }
            // (`object-group NAME`: expanded to its members once the configuration is read.)
            if w[j] == "object-group", j + 1 < w.count { group = w[j + 1]; j += 2; return IPv4Prefix(address: 0, mask: 0) }
            if w[j] == "host", j + 1 < w.count { j += 2; return IPv4Prefix(w[j - 1]) }
            guard let a = IPv4Prefix.parse(w[j]) else { return nil }
            if j + 1 < w.count, let wildcard = IPv4Prefix.parse(w[j + 1]) {
                j += 2
                return IPv4Prefix(address: a, mask: ~wildcard)
            }
            j += 1
            return IPv4Prefix(address: a, mask: 0xFFFF_FFFF)
        }
        // Ports may follow either end: `eq N` is kept, `gt`/`lt`/`neq N` and `range N M` skipped.
        func port() -> String? {
            guard j < w.count, ["eq", "gt", "lt", "neq", "range"].contains(w[j]) else { return nil }
            let op = w[j]
            j += op == "range" ? 3 : 2
            return op == "eq" && j <= w.count ? w[j - 1] : nil
        }
        guard let src = endpoint() else { return nil }
        let srcGroup = group
        let srcPort = port()
        guard let dst = endpoint() else { return nil }
        let dstPort = port()
        return ACLEntry(permit: permit, protocolName: proto, source: src, destination: dst, line: line, sourcePort: srcPort, destinationPort: dstPort,
                        sourceGroup: srcGroup, destinationGroup: group)
    }
}

import Foundation
