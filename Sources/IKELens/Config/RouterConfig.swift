/// A pre-shared key as configured. The text is kept to compare keys between
/// routers, and never printed unless the user asks (`--show-secrets`).
public struct Secret: Sendable, Equatable {
    /// 0 = clear text, 6 = AES-encrypted, 7 = Vigenère-obfuscated.
    public var type: Int
    public var text: String

    public init(type: Int, text: String) {
        self.type = type
        self.text = text
    }

    public enum Comparison: Sendable, Equatable { case equal, different, cannotVerify }

    /// Encrypted keys can only be compared as text: equal text is the same key,
    /// different text proves nothing (another master key or salt).
    public func compare(_ other: Secret) -> Comparison {
        if type == other.type && text == other.text { return .equal }
        if type == 0 && other.type == 0 { return .different }
        return .cannotVerify
    }
}

/// An IPv4 address and mask, as 32-bit values.
public struct IPv4Prefix: Sendable, Equatable, CustomStringConvertible {
    public var address: UInt32
    public var mask: UInt32

    public init(address: UInt32, mask: UInt32) {
        self.address = address & mask
        self.mask = mask
    }

    public init?(_ address: String, mask: String? = nil) {
        guard let a = IPv4Prefix.parse(address) else { return nil }
        let m = mask.flatMap(IPv4Prefix.parse) ?? 0xFFFF_FFFF
        self.init(address: a, mask: m)
    }

    public var length: Int { mask.nonzeroBitCount }

    public func contains(_ a: UInt32) -> Bool { a & mask == address }

    public func contains(_ s: String) -> Bool { IPv4Prefix.parse(s).map(contains) ?? false }

    public static func parse(_ s: String) -> UInt32? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for p in parts {
            guard let n = UInt32(p), n < 256 else { return nil }
            v = v << 8 | n
        }
        return v
    }

    /// The fewest prefixes that cover `first`…`last` (`range A B` in an object-group).
    public static func range(_ first: UInt32, _ last: UInt32) -> [IPv4Prefix] {
        var out: [IPv4Prefix] = []
        var a = UInt64(first)
        while a <= UInt64(last) {
            var size: UInt64 = a == 0 ? 1 << 32 : UInt64(1) << UInt64(UInt32(a).trailingZeroBitCount)
            while a + size - 1 > UInt64(last) { size >>= 1 }
            out.append(IPv4Prefix(address: UInt32(a), mask: size == 1 << 32 ? 0 : ~UInt32(size - 1)))
            a += size
        }
        return out
    }

    public static func text(_ v: UInt32) -> String {
        "\(v >> 24).\((v >> 16) & 0xFF).\((v >> 8) & 0xFF).\(v & 0xFF)"
    }

    public var description: String { "\(IPv4Prefix.text(address))/\(length)" }
}

/// `pre-shared-key address A [MASK] key K` in a keyring, or a global
/// `crypto isakmp key K address A [MASK]` (keyring `default`).
public struct PSKEntry: Sendable, Equatable {
    public var prefix: IPv4Prefix?
    public var hostname: String?
    public var key: Secret
    public var line: Int
}

public struct Keyring: Sendable, Equatable {
    public var name: String
    public var vrf: String?
    /// `local-address A|INTERFACE`: the keyring serves only IKE packets to that local address.
    public var localAddress: String?
    public var entries: [PSKEntry] = []
    public var line: Int
    /// Order in the configuration (the default keyring has -1: it is searched first).
    public var order: Int
    /// The line of `local-address` (0: none).
    public var localAddressLine = 0
}

public struct ISAKMPPolicy: Sendable, Equatable {
    public var priority: Int
    public var encryption = "des"
    public var hash = "sha"
    public var group = "1"
    /// IOS's default is `rsa-sig`: a policy without an `authentication` line (0, see
    /// `authenticationLine`) authenticates with RSA signatures, not the pre-shared keys.
    public var authentication = "rsa-sig"
    public var lifetime = 86_400
    public var line: Int
    /// The line of `authentication` (0: none, IOS's default).
    public var authenticationLine = 0

    /// Whether the method signs with a certificate (`rsa-sig`), rather than using the pre-shared
    /// keys.
    public var signs: Bool { authentication.hasSuffix("-sig") }

    /// IOS 15.x's default protection suites (`show crypto isakmp default policy`), used when no
    /// `crypto isakmp policy` is configured.
    public static let iosDefaults: [ISAKMPPolicy] = [
        ("aes", "sha", "5", "rsa-sig"), ("aes", "sha", "5", "pre-share"), ("aes", "md5", "5", "rsa-sig"), ("aes", "md5", "5", "pre-share"),
        ("3des", "sha", "2", "rsa-sig"), ("3des", "sha", "2", "pre-share"), ("3des", "md5", "2", "rsa-sig"), ("3des", "md5", "2", "pre-share"),
    ].enumerated().map { i, p in
        ISAKMPPolicy(priority: 65507 + i, encryption: p.0, hash: p.1, group: p.2, authentication: p.3, line: 0)
    }

    /// The attributes that must match between peers (all but the lifetime).
    public var signature: String { "\(encryption)/\(hash)/\(group)/\(authentication)" }
    public var text: String { "encryption \(encryption), hash \(hash), group \(group), authentication \(authentication)" }
}

public struct IdentityMatch: Sendable, Equatable {
    public var prefix: IPv4Prefix?
    public var host: String?
    /// `match identity host domain D`: any FQDN in that domain.
    public var domain: String? = nil
    /// `host`/`domain` name a user FQDN (user@domain), not an FQDN: IKEv2 `match identity remote
    /// email E` / `email domain D`.
    public var email = false
    public var vrf: String?
    public var line: Int
}

public struct ISAKMPProfile: Sendable, Equatable {
    public var name: String
    public var keyrings: [String] = []
    public var matches: [IdentityMatch] = []
    public var vrf: String?
    public var localAddress: String?
    /// `virtual-template N`: a dynamic VTI. Each peer that lands in the profile gets a
    /// Virtual-Access cloned from `interface Virtual-TemplateN type tunnel`.
    public var virtualTemplate: Int? = nil
    /// `self-identity fqdn` (true) or `self-identity address` (false); nil: the global
    /// `crypto isakmp identity`.
    public var selfIdentityFQDN: Bool? = nil
    /// `initiate mode aggressive`: the identity travels in the first message, so the responder
    /// picks the profile (and its keyring's key) from it; main mode's MM3/MM5 keyring trap does
    /// not apply.
    public var aggressive = false
    public var line: Int
    /// `match certificate MAP`: peers whose certificate the map matches (with `rsa-sig`); the
    /// map itself is not read.
    public var certificateMap: String? = nil
}

public struct TransformSet: Sendable, Equatable {
    public var name: String
    public var transforms: [String]
    public var mode = "tunnel"
    public var line: Int
    public var signature: String { transforms.joined(separator: " ") + " (\(mode))" }
    /// What must match between two peers: the transforms. The mode does not: `mode transport`
    /// asks for transport and falls back to tunnel when the other side (or the traffic) wants it.
    public var transformsText: String { transforms.joined(separator: " ") }

    /// IOS 15.x's default transform sets, which a crypto map entry or ipsec profile with no `set
    /// transform-set` proposes and accepts (`show crypto ipsec transform-set`: esp-aes esp-sha-hmac
    /// first, then esp-3des esp-sha-hmac, both `will negotiate = { Transport, }`).
    public static let iosDefaults: [TransformSet] = [
        TransformSet(name: "#$!default_transform_set_1", transforms: ["esp-aes", "esp-sha-hmac"], mode: "transport", line: 0),
        TransformSet(name: "#$!default_transform_set_0", transforms: ["esp-3des", "esp-sha-hmac"], mode: "transport", line: 0),
    ]
}

public struct IPsecProfile: Sendable, Equatable {
    public var name: String
    public var transformSets: [String] = []
    public var isakmpProfile: String?
    /// `set ikev2-profile P`: the tunnels it protects negotiate with IKEv2.
    public var ikev2Profile: String? = nil
    public var pfs: String?
    public var line: Int
}

public struct CryptoMapEntry: Sendable, Equatable {
    public var map: String
    public var sequence: Int
    public var dynamic = false
    /// `crypto map M N ipsec-isakmp dynamic NAME`: the dynamic map it uses.
    public var dynamicMap: String?
    public var peers: [String] = []
    public var acl: String?
    public var transformSets: [String] = []
    public var isakmpProfile: String?
    /// `set ikev2-profile P`: the entry negotiates with IKEv2.
    public var ikev2Profile: String? = nil
    public var pfs: String?
    public var line: Int
}

/// `crypto ikev2 proposal NAME`: the IKE SA transforms offered or accepted (each line may list
/// several; any common one of each kind is enough).
public struct IKEv2Proposal: Sendable, Equatable {
    public var name: String
    public var encryption: [String] = []
    public var integrity: [String] = []
    public var groups: [String] = []
    public var line: Int

    public var text: String {
        "encryption \(encryption.joined(separator: " ")), integrity \(integrity.isEmpty ? "none" : integrity.joined(separator: " ")), group \(groups.joined(separator: " "))"
    }

    /// IOS 15.x's `crypto ikev2 proposal default`, used when no `crypto ikev2 policy` is
    /// configured (`show crypto ikev2 proposal default`).
    public static let iosDefault = IKEv2Proposal(name: "default", encryption: ["aes-cbc-256", "aes-cbc-192", "aes-cbc-128"],
                                                 integrity: ["sha512", "sha384", "sha256", "sha1", "md5"], groups: ["5", "2"], line: 0)
}

/// A `crypto ikev2 policy` or `crypto ikev2 profile`, which IOS looks up in the front-door VRF the
/// IKE packets use (`IKEv2:Searching Policy with fvrf N, local address A`).
public protocol IKEv2FrontDoorMatching {
    /// `match fvrf NAME` (`any`: every fVRF, the global table included); nil: no `match fvrf`,
    /// which serves the global routing table only.
    var fvrf: String? { get }
}

extension IKEv2FrontDoorMatching {
    /// Whether it serves IKE in front-door VRF `vrf` (nil: the global routing table).
    public func serves(fvrf vrf: String?) -> Bool { fvrf == "any" || fvrf == vrf }
}

/// `crypto ikev2 policy NAME`: the proposals it allows, in the front-door VRF it matches.
public struct IKEv2Policy: Sendable, Equatable, IKEv2FrontDoorMatching {
    public var name: String
    public var proposals: [String] = []
    public var fvrf: String? = nil
    public var line: Int
}

/// `peer NAME` in a `crypto ikev2 keyring`: `address A [MASK]`, `identity …`,
/// `pre-shared-key [local|remote] KEY` (a plain `pre-shared-key K` is both).
public struct IKEv2KeyringPeer: Sendable, Equatable {
    public var name: String
    public var prefix: IPv4Prefix?
    public var identity: String?
    public var localKey: Secret?
    public var remoteKey: Secret?
    public var line: Int
    public var localKeyLine = 0
    public var remoteKeyLine = 0
}

public struct IKEv2Keyring: Sendable, Equatable {
    public var name: String
    public var peers: [IKEv2KeyringPeer] = []
    public var line: Int
}

/// `crypto ikev2 profile NAME`: chosen by the responder from the peer's identity
/// (`match identity remote address A [MASK]` / `fqdn [domain] F` / `email [domain] E`), it names the keyring
/// (`keyring local K`) and the authentication methods.
public struct IKEv2Profile: Sendable, Equatable, IKEv2FrontDoorMatching {
    public var name: String
    public var matches: [IdentityMatch] = []
    /// `match identity remote any`.
    public var matchesAny = false
    public var keyring: String?
    /// `authentication local M`: how this side signs its AUTH payload (`pre-share`, `rsa-sig`,
    /// `ecdsa-sig`), and its line.
    public var localAuth: String?
    public var localAuthLine = 0
    /// `authentication remote M` (one line per method): the AUTH methods it accepts from the peer.
    public var remoteAuths: [String] = []
    public var remoteAuthLines: [Int] = []
    /// `identity local fqdn F` / `address A` (default: the address the IKE packets come from).
    public var localIdentity: String?
    /// `identity local dn`: the subject name of its certificate, which no `match identity remote`
    /// line takes (only a `match certificate` map).
    public var localIdentityDN = false
    /// `match certificate MAP` and its line: peers whose certificate the map matches, when they
    /// sign; the map itself (`crypto pki certificate map`) is not read.
    public var certificateMap: String? = nil
    public var certificateMapLine = 0
    /// `match fvrf NAME|any`: the front-door VRF it serves (nil: the global table only).
    public var fvrf: String? = nil
    /// `virtual-template N`: a FlexVPN server (IKEv2 dynamic VTI). Each peer that lands in the
    /// profile gets a Virtual-Access cloned from `interface Virtual-TemplateN type tunnel`, which
    /// answers its child SA.
    public var virtualTemplate: Int? = nil
    public var line: Int
}

public struct ACLEntry: Sendable, Equatable {
    public var permit: Bool
    public var protocolName: String
    public var source: IPv4Prefix
    public var destination: IPv4Prefix
    public var line: Int
    /// `eq PORT` after the source or the destination, as written (`500`, `isakmp`); nil: any port.
    /// (`gt`, `lt`, `neq` and `range` are not kept: an IKEv1 proxy carries one port or none.)
    public var sourcePort: String? = nil
    public var destinationPort: String? = nil
    /// `object-group NAME` in place of the source or the destination: the entry stands for each of
    /// the group's members (`RouterConfig.networkGroups`), which the parser expands it to, keeping
    /// the names to write the line as configured.
    public var sourceGroup: String? = nil
    public var destinationGroup: String? = nil

    /// The IP protocol number a crypto ACL entry proposes as its proxies' protocol: 0 for `ip`
    /// (any protocol), 47 for `gre`, …; nil for a name not known here.
    public var protocolNumber: Int? {
        if let n = Int(protocolName) { return n }
        return ["ip": 0, "icmp": 1, "igmp": 2, "ipinip": 4, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ahp": 51,
                "eigrp": 88, "ospf": 89, "nos": 94, "pim": 103, "pcp": 108][protocolName.lowercased()]
    }

    /// A port as a number when IOS names it (`isakmp`, `www`, …), else as written.
    static func portNumber(_ p: String) -> String {
        ["isakmp": "500", "non500-isakmp": "4500", "www": "80", "telnet": "23", "ftp": "21", "ftp-data": "20", "smtp": "25",
         "domain": "53", "bootps": "67", "bootpc": "68", "tftp": "69", "ntp": "123", "snmp": "161", "snmptrap": "162",
         "bgp": "179", "syslog": "514", "cmd": "514", "pop3": "110", "ident": "113", "login": "513"][p.lowercased()] ?? p
    }
}

public struct Interface: Sendable, Equatable {
    public var name: String
    public var address: String?
    public var mask: String?
    public var vrf: String?
    public var shutdown = false
    public var tunnelSource: String?
    public var tunnelDestination: String?
    public var tunnelProtection: String?
    public var tunnelVRF: String?
    /// `tunnel mode gre multipoint`, `ipsec ipv4`, … (nil: point-to-point GRE).
    public var tunnelMode: String? = nil
    /// The NBMA addresses of a DMVPN spoke's hubs (`ip nhrp nhs X nbma Y`, `ip nhrp map X Y`):
    /// the spoke initiates IKE to each of them.
    public var nhrpNBMA: [String] = []
    public var cryptoMap: String?
    public var line: Int
    /// What the interface carries besides IPv4, each with its first line: `IPv6` (`ipv6 address`,
    /// `ipv6 enable`), `MPLS` (`mpls ip`), `IS-IS` (`ip router isis`, `clns router isis`: CLNS
    /// frames, not IP). A GRE tunnel carries them; an IPv4 VTI (`tunnel mode ipsec ipv4`) carries
    /// IPv4 (unicast and multicast) only.
    public var nonIPv4: [Payload] = []
    /// `ip address dhcp` / `ip address negotiated` (PPP, PPPoE) and its line: the address is
    /// assigned at run time, not in the configuration.
    public var assignedAddress: String? = nil
    public var assignedAddressLine = 0

    public struct Payload: Sendable, Equatable {
        public var kind: String
        public var line: Int
    }
}

/// One router's crypto configuration, with the line of every statement.
public struct RouterConfig: Sendable {
    public var file: String
    /// What the reports call the router: its host name, or, when two files given show the same
    /// one, the host name and its file (`Router (ra.cfg)`, see `ConfigCheck.nameApart`).
    public var hostname: String
    /// The host name as configured, when `hostname` is made apart with its file (nil: `hostname`
    /// is it). IOS sends it in its FQDN; the objects a fix adds are named after it.
    public var configuredHostname: String? = nil
    /// The host name as configured (`hostname NAME`).
    public var ownName: String { configuredHostname ?? hostname }
    public var interfaces: [Interface] = []
    /// Keyrings in configuration order; the global keys form keyring `default`.
    public var keyrings: [Keyring] = []
    public var policies: [ISAKMPPolicy] = []
    public var profiles: [ISAKMPProfile] = []
    public var transformSets: [TransformSet] = []
    public var ipsecProfiles: [IPsecProfile] = []
    public var cryptoMaps: [CryptoMapEntry] = []
    /// `crypto dynamic-map` entries (templates for dynamic crypto map entries).
    public var dynamicMaps: [CryptoMapEntry] = []
    public var accessLists: [String: [ACLEntry]] = [:]
    /// `object-group network NAME`: its members (`host A`, `A MASK`, `range A B` as the prefixes
    /// that cover it) and the groups it nests (`group-object NAME`).
    public var networkGroups: [String: (prefixes: [IPv4Prefix], groups: [String])] = [:]

    /// The prefixes of `object-group network NAME`, its nested groups' included; nil when it is
    /// not configured (or nests one that is not).
    public func networkGroup(_ name: String, seen: Set<String> = []) -> [IPv4Prefix]? {
        guard let g = networkGroups[name], !seen.contains(name) else { return nil }
        var out = g.prefixes
        for n in g.groups {
            guard let more = networkGroup(n, seen: seen.union([name])) else { return nil }
            out += more.filter { !out.contains($0) }
        }
        return out
    }
    /// `crypto map NAME local-address INTERFACE`: the map's IKE packets are sourced from (and
    /// answered on) that interface's address, not the address of the interface the map is on.
    public var mapLocalAddress: [String: String] = [:]
    /// `no crypto isakmp default policy` (its line): IOS's default protection suites are off, so a
    /// router with no `crypto isakmp policy` has no ISAKMP policy at all.
    public var noDefaultPolicyLine: Int? = nil
    /// `crypto isakmp identity hostname`: IKEv1 sends the FQDN, not the address, as identity.
    public var identityHostname = false
    /// `crypto pki trustpoint NAME` (or `crypto ca trustpoint`) and their lines.
    public var trustpoints: [(name: String, line: Int)] = []
    /// The router's own certificates: `crypto pki certificate chain NAME` (or `crypto ca
    /// certificate chain`) → the line of its `certificate SERIAL` entry. Not `certificate ca
    /// SERIAL` (the CA's, which every enrolled or authenticated trustpoint holds) nor `certificate
    /// self-signed SERIAL`.
    public var routerCertificates: [String: Int] = [:]

    /// IOS's own trustpoints, which never sign IKE: the HTTPS server's self-signed `TP-self-signed-…`
    /// (no peer can validate it) and IOS-XE's Smart Licensing `SLA-TrustPoint` (a CA certificate
    /// only), which every IOS-XE 16.10+ `show running-config` has.
    public static func isBuiltIn(trustpoint name: String) -> Bool { name.hasPrefix("TP-self-signed-") || name == "SLA-TrustPoint" }

    /// The trustpoints IKE can sign with: those with a certificate of the router's own in their
    /// chain (a trustpoint that only authenticated its CA, `certificate ca` alone, has nothing to
    /// sign with), IOS's own ones (`isBuiltIn`) excepted.
    public var ikeTrustpoints: [(name: String, line: Int)] {
        trustpoints.filter { routerCertificates[$0.name] != nil && !Self.isBuiltIn(trustpoint: $0.name) }
    }

    /// Why the router has no certificate to sign IKE with (`ikeTrustpoints` empty): no trustpoint
    /// at all, or what each of its trustpoints lacks.
    public var noCertificateReason: String {
        if trustpoints.isEmpty { return "no `crypto pki trustpoint`" }
        return trustpoints.map { tp in
            if tp.name.hasPrefix("TP-self-signed-") { return "\(tp.name) is the HTTPS server's self-signed trustpoint, which no peer can validate" }
            if tp.name == "SLA-TrustPoint" { return "SLA-TrustPoint is IOS-XE's Smart Licensing trustpoint (a CA certificate only)" }
            return "trustpoint \(tp.name) (line \(tp.line)) holds no certificate of the router's own (no `certificate SERIAL` in `crypto pki certificate chain \(tp.name)`, at most the CA's: not enrolled)"
        }.joined(separator: "; ")
    }
    /// `ip domain name D` / `ip domain-name D`.
    public var domainName: String?

    /// hostname.domain, as IOS sends it with `crypto isakmp identity hostname`.
    public var fqdn: String { domainName.map { "\(ownName).\($0)" } ?? ownName }
    public var ikev2Proposals: [IKEv2Proposal] = []
    public var ikev2Policies: [IKEv2Policy] = []
    public var ikev2Keyrings: [IKEv2Keyring] = []
    public var ikev2Profiles: [IKEv2Profile] = []
    /// The raw lines, to cite as evidence (keys masked when rendered).
    public var lines: [String] = []

    public init(file: String, hostname: String) {
        self.file = file
        self.hostname = hostname
    }

    public var defaultKeyring: Keyring? { keyrings.first { $0.name == "default" } }

    public func keyring(_ name: String) -> Keyring? { keyrings.first { $0.name == name } }
    public func profile(_ name: String) -> ISAKMPProfile? { profiles.first { $0.name == name } }
    public func ipsecProfile(_ name: String) -> IPsecProfile? { ipsecProfiles.first { $0.name == name } }
    public func transformSet(_ name: String) -> TransformSet? { transformSets.first { $0.name == name } }
    public func ikev2Profile(_ name: String) -> IKEv2Profile? { ikev2Profiles.first { $0.name == name } }
    public func ikev2Keyring(_ name: String) -> IKEv2Keyring? { ikev2Keyrings.first { $0.name == name } }

    /// The IKEv2 proposals this router offers and accepts for IKE in front-door VRF `fvrf` (nil:
    /// the global table): those of its `crypto ikev2 policy`s that serve that fVRF (`match fvrf`;
    /// a policy without it serves the global table only), or IOS's default proposal when it has
    /// no policy at all (`isDefault`). IOS's default policy (`show crypto ikev2 policy default`:
    /// `Match fvrf : any`, `Match address local : any`, proposal default) serves every fVRF, but
    /// only while no `crypto ikev2 policy` is configured: once one is, an fVRF that none of them
    /// matches has no policy (no proposal).
    public func ikev2Offer(fvrf: String?) -> (proposals: [IKEv2Proposal], isDefault: Bool) {
        if ikev2Policies.isEmpty { return ([.iosDefault], true) }
        let names = ikev2Policies.filter { $0.serves(fvrf: fvrf) }.flatMap(\.proposals)
        return (names.compactMap { n in ikev2Proposals.first { $0.name == n } }, false)
    }

    public func interface(_ name: String) -> Interface? {
        interfaces.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The address crypto map `map` uses: its `local-address` interface's, else that of the
    /// interface it is applied to.
    public func mapAddress(_ map: String) -> (address: String?, vrf: String?) {
        if let name = mapLocalAddress[map], let i = interface(name) { return (i.address, i.vrf) }
        let itf = interfaces.first { $0.cryptoMap == map }
        return (itf?.address, itf?.vrf)
    }

    /// The router's own IPv4 addresses.
    public var addresses: [String] { interfaces.compactMap { $0.shutdown ? nil : $0.address } }

    public func owns(_ address: String) -> Bool { addresses.contains(address) }

    /// The interface whose subnet holds `address` (the way out towards a peer).
    public func interface(toward address: String) -> Interface? {
        interfaces.first { i in
            guard let a = i.address, let p = IPv4Prefix(a, mask: i.mask ?? "255.255.255.255") else { return false }
            return p.contains(address) && !i.shutdown
        }
    }

    /// The line's text with any key replaced by `*****` (unless `showSecrets`).
    public func lineText(_ n: Int, showSecrets: Bool) -> String {
        guard n >= 1, n <= lines.count else { return "" }
        let t = lines[n - 1].trimmingCharacters(in: .whitespaces)
        return showSecrets ? t : SecretMasker.mask(t)
    }
}

import Foundation
