/// Quick mode refused because the proposed proxies match no crypto map entry
/// (crypto ACLs not mirror images), with no ISAKMP profile mismatch involved.
public struct ProxyIDMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .proxyOrMapNotFound

    public static let description = DiagnoserDescription(
        id: "proxy-id-mismatch",
        severity: .error,
        meaning: "Quick mode refused because the peer's proxies match no crypto map entry (`map_db_find_best did not find matching map`, `proxy identities not supported`): the crypto ACLs are not mirror images.",
        usualFix: "Make the crypto ACLs mirror each other (source/destination swapped, same protocol and ports) on both ends.",
        triggering: [
            """
            *Nov 12 14:20:05.500: ISAKMP:(1010):Checking IPsec proposal 1
            *Nov 12 14:20:05.500: ISAKMP:(1010):atts are acceptable.
            *Nov 12 14:20:05.500: IPSEC(validate_proposal_request): proposal part #1,
              (key eng. msg.) INBOUND local= 192.0.2.2:0, remote= 192.0.2.1:0,
                local_proxy= 10.2.0.0/255.255.0.0/0/0 (type=4),
                remote_proxy= 10.1.1.0/255.255.255.0/0/0 (type=4),
            *Nov 12 14:20:05.501: map_db_find_best did not find matching map
            *Nov 12 14:20:05.501: IPSEC(ipsec_process_proposal): proxy identities not supported
            *Nov 12 14:20:05.501: ISAKMP:(1010): IPsec policy invalidated proposal with error 32
            """,
        ],
        nonTriggering: [
            """
            *Oct 7 06:46:39.898: ISAKMP:(1003):Checking IPsec proposal 1
            *Oct 7 06:46:39.898: map_db_check_isakmp_profile profile did not match
            *Oct 7 06:46:39.898: map_db_find_best did not find matching map
            *Oct 7 06:46:39.898: IPSEC(ipsec_process_proposal): proxy identities not supported
            *Oct 7 06:46:39.898: ISAKMP:(1003): IPsec policy invalidated proposal with error 32
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let signs = sa.all { $0 == .proxyNotSupported || $0 == .mapNotFound }
        guard !signs.isEmpty, !sa.has({ $0 == .mapProfileMismatch }) else { return nil }
        let peer = Say.peer(sa)
        var evidence = signs
        if let e = sa.proposalError(32) { evidence.append(e) }
        if let v = sa.events.last(where: { if case let .ipsecRequest(fn, _, _, lp, _, _, _, _) = $0.kind { return fn == "validate_proposal_request" && lp != nil }; return false }) {
            evidence.append(v)
        }
        let proxies = sa.proxiesText
        let steps = [
            "Phase 1 with \(peer) is up. In quick mode the peer proposed to protect \(proxies.map { "\($0) (this router's side first)" } ?? "traffic whose proxies the log does not show").",
            "\(device.name) found no crypto map entry whose ACL covers exactly that traffic for this peer (`map_db_find_best did not find matching map`, `proxy identities not supported`) and refused the proposal (error 32, `PROPOSAL_NOT_CHOSEN`).",
            "The crypto ACLs of the two ends must be mirror images: the peer's source is our destination and vice versa, with the same protocol and ports; IOS responders accept a subset of their ACL but not a superset or an overlap.",
        ]
        let fix = "On \(device.name), compare the ACL of the crypto map entry for \(peer) (`show crypto map`, `show access-lists`) with the peer's: it must read `permit ip <\(device.name)'s network> <\(peer)'s network>`\(proxies.map { " matching \($0)" } ?? "") while the peer's reads the reverse. Fix whichever side is wider or different (a common case: one side uses `any` or a /16, the other a /24)."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused: the proposed traffic\(proxies.map { " (\($0))" } ?? "") matches no crypto map ACL",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
