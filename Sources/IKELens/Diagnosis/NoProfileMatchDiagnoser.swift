/// The peer's identity matched no ISAKMP profile: the global configuration applies.
public struct NoProfileMatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .noProfileMatched

    public static let description = DiagnoserDescription(
        id: "no-profile-match",
        severity: .info,
        meaning: "The peer's identity matches none of the ISAKMP profiles (`peer matches *none* of the profiles`): the global configuration is used.",
        usualFix: "Nothing if no profiles are meant for this peer; otherwise add `match identity address …` to the intended profile (with certificates, `match certificate` and a certificate map).",
        triggering: [
            """
            ISAKMP (0:9577): received packet from 77.77.77.77 dport 500 sport 500 Global (I) MM_KEY_EXCH
            ISAKMP:(0):: peer matches *none* of the profiles
            ISAKMP:(9577):SA authentication status:	authenticated
            """,
        ],
        nonTriggering: [
            """
            ISAKMP (1011): received packet from 192.168.0.1 dport 500 sport 500 Global (R) MM_KEY_EXCH
            ISAKMP:(0):: peer matches profile1 profile
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.matchedNoProfile, let e = sa.first({ $0 == .profileMatch(profile: nil) }) else { return nil }
        let peer = Say.peer(sa)
        // The identity the peer sent (the ID payload before the lookup): an address, a host name
        // (type 2), an EzVPN client's group (type 11, aggressive mode).
        // (Only a received one, right after `processing ID payload`: this router prints the ID
        // payload it sends too.)
        var identity: (type: Int?, value: String?)?
        var idEvent: Event?
        var processing = false
        for x in sa.events where x.firstLine <= e.firstLine {
            if case let .idPayload(t, a, _, _) = x.kind, processing { identity = (t, a); idEvent = x }
            if case let .payload(name, _) = x.kind { processing = name == "ID" } else { processing = false }
        }
        let aggressive = sa.reached("IKE_R_AM1") || sa.reached("IKE_I_AM1") || sa.reached("IKE_R_AM2") || sa.reached("IKE_I_AM2")
        let when = aggressive ? "In aggressive mode (its first message carries the identity)" : "At MM5/MM6"
        var match: String
        switch (identity?.type, identity?.value) {
        case let (11?, name?): match = "`match identity group \(name)`"
        case let (2?, name?): match = "`match identity host \(name)`"
        case let (3?, name?): match = "`match identity user \(name)`"
        default:
            // (The address it sent: behind NAT, its own, not the one its packets come from.)
            let address = identity?.type == 1 ? identity?.value ?? peer : peer
            let v6 = address.contains(":")
            match = "`match identity address \(v6 ? "ipv6 \(address)/128" : "\(address) 255.255.255.255")` (or its FQDN with `match identity host`)"
        }
        // With RSA signatures a profile is chosen by the peer's certificate (a certificate map on
        // its subject or issuer) more often than by the identity it sends.
        let certificates = sa.has { if case let .attribute(name, value) = $0 { return name == "authentication" && value.lowercased().hasPrefix("rsa") }; return false }
        if certificates {
            let host = identity?.type == 2 ? identity?.value : nil
            match = "`match certificate <map>` with a certificate map that matches its certificate (`crypto pki certificate map <map> 10`, `subject-name co \(host ?? "<its name>")`)\(host.map { ", or `match identity host \($0)`" } ?? ""), and `ca trust-point` naming the trustpoint that validates it"
        }
        let named = identity?.value.flatMap { $0 == sa.peer ? nil : "'s identity (\($0))" } ?? "'s identity"
        return finding(sa, on: device,
                       summary: "\(peer)\(named) matches no ISAKMP profile on \(device.name); global settings apply",
                       explanation: "\(when) \(device.name) looked for an ISAKMP profile whose `match identity`\(certificates ? " or `match certificate` (the peer authenticates with RSA signatures: its certificate can choose the profile)" : "") covers \(peer)\(named) and found none, so this SA uses the global configuration (global keys, no profile-specific keyring, VRF or settings). That is normal on routers without profiles. Where profiles exist, a crypto map or ipsec profile that names one (`set isakmp-profile`) will then refuse quick mode (error 32).",
                       fix: "If \(peer) should use a profile, add \(match) under it; otherwise nothing to do.",
                       evidence: [idEvent, e].compactMap { $0 })
    }
}
