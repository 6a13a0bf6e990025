/// Error 32 with no profile or proxy line: the peer (or its traffic) is missing
/// from this router's crypto map.
public struct QuickModeNoMatchingMapDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .proposalInvalidated

    public static let description = DiagnoserDescription(
        id: "qm-no-matching-map",
        severity: .error,
        meaning: "Quick mode refused with error 32 and no profile or proxy message: this peer, or its traffic, has no crypto map entry here.",
        usualFix: "Add a crypto map entry (set peer, match address, transform set) or an ACL line for this peer's traffic.",
        triggering: [
            """
            *Oct 25 20:37:02.887: ISAKMP-PAK: (1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE
            *Oct 25 20:37:02.887: ISAKMP: (1003):Checking IPSec proposal 1
            *Oct 25 20:37:02.887: ISAKMP: (1003):atts are acceptable.
            *Oct 25 20:37:02.887: ISAKMP-ERROR: (1003):IPSec policy invalidated proposal with error 32
            *Oct 25 20:37:02.888: ISAKMP-ERROR: (1003):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 203.0.113.30)
            """,
        ],
        nonTriggering: [
            """
            *Oct 7 06:46:39.898: ISAKMP:(1003):Checking IPsec proposal 1
            *Oct 7 06:46:39.898: map_db_check_isakmp_profile profile did not match
            *Oct 7 06:46:39.898: ISAKMP:(1003): IPsec policy invalidated proposal with error 32
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let error32 = sa.proposalError(32) else { return nil }
        guard !sa.has({ $0 == .mapProfileMismatch || $0 == .proxyNotSupported || $0 == .mapNotFound }) else { return nil }
        let peer = Say.peer(sa)
        var evidence = [error32]
        if let n = sa.first({ if case .phase2NotAcceptable = $0 { return true }; return false }) { evidence.append(n) }
        if let n = sa.sentProposalNotChosen { evidence.append(n) }
        let rejected = sa.quickModes.filter { $0.result == .rejected }.count
        // The profile and proxy lines come from `debug crypto ipsec`: their absence says something
        // only when it ran (an `IPSEC(…)` or `map_db_…` line in this SA).
        let ipsecDebug = sa.events.contains { $0.facility == .ipsec || $0.facility == .cryptoMap }
        let cause = ipsecDebug
            ? "With no `map_db_check_isakmp_profile` or `proxy identities not supported` line, the usual cause is that \(peer) is simply not in the map: no entry with `set peer \(peer)` (or a dynamic map entry) whose ACL covers the proposed networks — typical on a hub where a new spoke was added to the routing but not to the crypto map."
            : "`debug crypto ipsec` was not running (no `IPSEC(` line), so the log cannot tell error 32's causes apart: no entry for \(peer) or its traffic, an entry naming another ISAKMP profile, or proxies that do not mirror the entry's ACL. The most common is that \(peer) is simply not in the map: no entry with `set peer \(peer)` (or a dynamic map entry) whose ACL covers the proposed networks — typical on a hub where a new spoke was added to the routing but not to the crypto map."
        let steps = [
            "Phase 1 with \(peer) is up\(sa.natTraversal ? " (over NAT-T, UDP 4500)" : ""), but \(device.name) refused \(rejected > 1 ? "each of its \(rejected) quick-mode proposals" : "its quick-mode proposal") with `IPsec policy invalidated proposal with error 32` and `phase 2 SA policy not acceptable`.",
            "Error 32 means no crypto map entry or ipsec profile on \(device.name) accepts this peer and this traffic. " + cause,
            ipsecDebug
                ? "Run `debug crypto ipsec` with `debug crypto isakmp` to see the proposed proxies (`validate_proposal_request`) if the map does list the peer."
                : "Run `debug crypto ipsec` with `debug crypto isakmp` and let the peer retry: its lines name the proposed proxies (`validate_proposal_request`) and which check failed.",
        ]
        let fix = "On \(device.name), `show crypto map` and look for \(peer): add an entry (`crypto map <map> <seq> ipsec-isakmp`, `set peer \(peer)`, `set transform-set …`, `match address <acl>`) or extend the ACL of the existing entry with the peer's networks, mirrored on the peer; on a hub with many spokes a dynamic crypto map (or a VTI) avoids one entry per spoke."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused (error 32): \(ipsecDebug ? "" : "most likely ")no crypto map entry on \(device.name) for this peer or its traffic",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
