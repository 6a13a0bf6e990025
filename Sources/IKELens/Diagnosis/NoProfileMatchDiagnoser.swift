/// The peer's identity matched no ISAKMP profile: the global configuration applies.
public struct NoProfileMatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .noProfileMatched

    public static let description = DiagnoserDescription(
        id: "no-profile-match",
        severity: .info,
        meaning: "The peer's identity matches none of the ISAKMP profiles (`peer matches *none* of the profiles`): the global configuration is used.",
        usualFix: "Nothing if no profiles are meant for this peer; otherwise add `match identity address …` to the intended profile.",
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
        return finding(sa, on: device,
                       summary: "\(peer)'s identity matches no ISAKMP profile on \(device.name); global settings apply",
                       explanation: "At MM5/MM6 \(device.name) looked for an ISAKMP profile whose `match identity` covers \(peer)'s identity and found none, so this SA uses the global configuration (global keys, no profile-specific keyring, VRF or settings). That is normal on routers without profiles. Where profiles exist, a crypto map or ipsec profile that names one (`set isakmp-profile`) will then refuse quick mode (error 32).",
                       fix: "If \(peer) should use a profile, add `match identity address \(peer) 255.255.255.255` (or its FQDN with `match identity host`) under it; otherwise nothing to do.",
                       evidence: [e])
    }
}
