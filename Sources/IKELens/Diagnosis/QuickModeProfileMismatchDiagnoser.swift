/// Phase 1 completed, but quick mode was refused because the ISAKMP profile
/// negotiated at MM5 is not the one the crypto map / ipsec profile names
/// (`map_db_check_isakmp_profile profile did not match`, error 32).
public struct QuickModeProfileMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .mapProfileMismatch

    public static let description = DiagnoserDescription(
        id: "qm-profile-mismatch",
        severity: .error,
        meaning: "Quick mode refused with error 32: the ISAKMP profile chosen at MM5 is not the one the crypto map or ipsec profile for this traffic names (`profile did not match`).",
        usualFix: "Make the peer's identity match the profile the crypto map / ipsec profile uses (`set isakmp-profile`), or point the map at the profile that matches.",
        triggering: [
            """
            *Oct 7 06:46:39.893: ISAKMP:(0):: peer matches profile2 profile
            *Oct 7 06:46:39.893: ISAKMP:(1003):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
            *Oct 7 06:46:39.898: ISAKMP:(1003):Checking IPsec proposal 1
            *Oct 7 06:46:39.898: map_db_check_isakmp_profile profile did not match
            *Oct 7 06:46:39.898: map_db_find_best did not find matching map
            *Oct 7 06:46:39.898: IPSEC(ipsec_process_proposal): proxy identities not supported
            *Oct 7 06:46:39.898: ISAKMP:(1003): IPsec policy invalidated proposal with error 32
            *Oct 7 06:46:39.898: ISAKMP:(1003): phase 2 SA policy not acceptable! (local 192.168.0.2 remote 192.168.0.1)
            *Oct 7 06:46:39.898: ISAKMP:(1003):Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3
            """,
        ],
        nonTriggering: [
            // Error 32 without a profile line: the peer is missing from the map, not a profile mismatch.
            """
            *Oct 25 20:37:02.887: ISAKMP: (1003):Checking IPSec proposal 1
            *Oct 25 20:37:02.887: ISAKMP-ERROR: (1003):IPSec policy invalidated proposal with error 32
            *Oct 25 20:37:02.888: ISAKMP-ERROR: (1003):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 203.0.113.30)
            """,
            """
            *Feb 23 00:19:54.626: ISAKMP: (1001):Checking IPSec proposal 1
            *Feb 23 00:19:54.626: ISAKMP: (1001):atts are acceptable.
            *Feb 23 00:19:54.627: (ipsec_process_proposal)Map Accepted: CMAP, 10
            *Feb 23 00:19:54.951: ISAKMP: (1001):Old State = IKE_QM_R_QM2  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let mismatch = sa.first({ $0 == .mapProfileMismatch }) else { return nil }
        let refused = sa.all {
            switch $0 {
            case .proposalInvalidated, .phase2NotAcceptable, .mapNotFound, .proxyNotSupported: return true
            case let .notify(sent, type, _): return sent && type == "PROPOSAL_NOT_CHOSEN"
            default: return false
            }
        }
        guard !refused.isEmpty else { return nil }
        let peer = Say.peer(sa)
        var evidence = [mismatch] + refused
        if let pm = sa.first({ if case .profileMatch = $0 { return true }; return false }) { evidence.append(pm) }
        if let done = sa.events.first(where: { if case let .stateChange(_, to) = $0.kind { return to == "IKE_P1_COMPLETE" }; return false }) {
            evidence.append(done)
        }
        let profile = sa.profile
        let qm = sa.quickModes.last(where: { $0.result == .rejected })
        var steps: [String] = []
        steps.append("Phase 1 with \(peer) \(sa.phase1 == .complete ? "completed" : "went as far as the log shows")\(profile.map { " under ISAKMP profile \($0)" } ?? "")\(sa.matchedNoProfile ? " with no ISAKMP profile (`peer matches *none* of the profiles`)" : "").")
        var proxies = ""
        if let qm, let l = qm.localProxy, let r = qm.remoteProxy { proxies = " for traffic \(l) ↔ \(r)" }
        steps.append("In quick mode \(device.name) looked for a crypto map entry or ipsec profile\(proxies) and found one, but it names another ISAKMP profile than the one this SA negotiated (`map_db_check_isakmp_profile profile did not match`), so no map matched (`map_db_find_best did not find matching map`).")
        steps.append("IOS refused the proposal (`IPsec policy invalidated proposal with error 32`, `phase 2 SA policy not acceptable`) and told the peer `PROPOSAL_NOT_CHOSEN`. The peer sees its quick mode refused and keeps retrying.")
        steps.append("Profile selection on a responder follows the most specific `match identity`, not the configuration order, so a peer whose identity matches another profile than intended lands here even with the right keyring.")
        let fix = "On \(device.name), check `show crypto map` / `show crypto ipsec profile` for the entry protecting traffic to \(peer) and the ISAKMP profile it names (`set isakmp-profile`). Either make \(peer)'s identity match that profile (`match identity address \(peer) 255.255.255.255` under it, and remove the overlapping match\(profile.map { " from \($0)" } ?? "")), or set the map / ipsec profile to the profile that matches\(profile.map { " (`set isakmp-profile \($0)`)" } ?? "")."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused (error 32): ISAKMP profile \(profile ?? "(none)") is not the profile the crypto map / ipsec profile names",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
