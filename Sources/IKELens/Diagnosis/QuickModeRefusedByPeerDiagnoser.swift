/// Phase 1 is up but the peer refused our quick-mode proposal: we received
/// `NOTIFY PROPOSAL_NOT_CHOSEN` or a delete for the exchange ("Delete Larval").
public struct QuickModeRefusedByPeerDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.notifyReceived, .nodeDeletedWithError]

    public static let description = DiagnoserDescription(
        id: "qm-refused-by-peer",
        severity: .error,
        meaning: "Phase 1 is up, but the peer refused this router's quick-mode proposal (`PROPOSAL_NOT_CHOSEN` received, node deleted \"Delete Larval\"; or `INVALID_ID_INFO`, a peer of another make refusing the proxy identities).",
        usualFix: "Check the peer's log: its crypto map / ipsec profile for this traffic (profile, transform set, PFS, ACL) does not accept the proposal.",
        triggering: [
            """
            *Oct 25 20:37:02.884: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 570535495
            *Oct 25 20:37:02.885: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            *Oct 25 20:37:02.890: ISAKMP: (1001):processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3
                    spi 101951630, message ID = 1148084868, sa = 0x80007771564BEF58
            *Oct 25 20:37:02.890: ISAKMP-ERROR: (1001):deleting node 570535495 error TRUE reason "Delete Larval"
            """,
            // A peer of another make refusing the proxy identities.
            """
            *Oct  7 06:46:39.897: ISAKMP:(1003):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Oct  7 06:46:39.897: ISAKMP:(1003):beginning Quick Mode exchange, M-ID of 3411742196
            *Oct  7 06:46:39.897: ISAKMP:(1003): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) QM_IDLE
            *Oct  7 06:46:39.900: ISAKMP:(1003): processing NOTIFY INVALID_ID_INFO protocol 1
                    spi 0, message ID = 1993778370, sa = 0xF4763D20
            """,
        ],
        nonTriggering: [
            // INVALID_ID_INFO in main mode (MM5's identity) is phase 1's, not a quick-mode refusal.
            """
            *Oct  7 06:46:39.892: ISAKMP:(1003):Old State = IKE_I_MM4  New State = IKE_I_MM5
            *Oct  7 06:46:39.894: ISAKMP (1003): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_KEY_EXCH
            *Oct  7 06:46:39.900: ISAKMP:(1003): processing NOTIFY INVALID_ID_INFO protocol 1
                    spi 0, message ID = 1993778370, sa = 0xF4763D20
            """,
            """
            *Jun 19 10:04:24.840: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2823445093
            *Jun 19 10:04:24.841: ISAKMP:(1011):Node 2823445093, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.841: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.845: ISAKMP:(1011):Node 2823445093, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.845: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // (INVALID_ID_INFO refuses quick mode only once phase 1 is up: in MM5 it is phase 1's.)
        let inQuickMode = sa.reached("IKE_P1_COMPLETE")
        let notices = sa.all {
            switch $0 {
            case let .notify(sent, type, _): return !sent && (type == "PROPOSAL_NOT_CHOSEN" || inQuickMode && Correlator.refusesProxies(type))
            case let .nodeDeleted(_, reason, error): return error && reason == "Delete Larval"
            default: return false
            }
        }
        guard !notices.isEmpty else { return nil }
        // This router refusing the peer is another finding; here the peer refused us.
        if sa.has({ if case let .notify(sent, type, _) = $0 { return sent && type == "PROPOSAL_NOT_CHOSEN" }; return false }) { return nil }
        let peer = Say.peer(sa)
        var evidence = notices
        if let begin = sa.first({ if case .quickModeBegin = $0 { return true }; return false }) { evidence.append(begin) }
        let refused = sa.quickModes.filter { $0.result == .refusedByPeer }
        let ids = refused.map { $0.messageID == 0 ? "?" : Say.messageID($0.messageID) }
        var steps: [String] = []
        // (Each part of the story as this log shows it: the notify, the larval delete, or both.)
        let notified = notices.contains { if case .notify = $0.kind { return true }; return false }
        let invalidID = notices.contains { if case let .notify(_, type, _) = $0.kind { return Correlator.refusesProxies(type) }; return false }
        let larval = notices.contains { if case .nodeDeleted = $0.kind { return true }; return false }
        let answer = [notified ? (invalidID ? "it answered `NOTIFY INVALID_ID_INFO` (INVALID-ID-INFORMATION)" : "it answered `NOTIFY PROPOSAL_NOT_CHOSEN`") : nil,
                      larval ? "\(device.name) deleted the half-built IPsec SA (`Delete Larval`)" : nil].compactMap { $0 }.joined(separator: " and ")
        steps.append("Phase 1 with \(peer) is up\(sa.profile.map { " (ISAKMP profile \($0))" } ?? ""); \(device.name) proposed quick mode\(ids.isEmpty ? "" : " (M-ID \(ids.joined(separator: ", ")))") and \(peer) refused it: \(answer).")
        if sa.deleted, let reason = sa.deleteReason {
            steps.append("The IKE SA was then deleted too (reason \"\(reason)\").")
        }
        if invalidID {
            steps.append("INVALID-ID-INFORMATION in quick mode means the peer does not accept the proxy identities (the networks this router proposed to protect): its crypto ACL, or its traffic selectors, are not the mirror image of this router's. Peers of other makes (strongSwan, Palo Alto, Juniper, Check Point) answer a proxy-ID mismatch this way, where IOS answers PROPOSAL_NOT_CHOSEN.")
        }
        steps.append("The reason is on the peer. Usual causes: the peer has no crypto map entry or ipsec profile for this traffic from this router (error 32: peer or ACL missing from its map, or its map names another ISAKMP profile), the transform sets share no transform (error 256), PFS differs, or the crypto ACLs are not mirror images.")
        if sa.natTraversal { steps.append("The exchange runs over UDP 4500 (NAT-T).") }
        let fix = "On \(peer), run `debug crypto isakmp` and `debug crypto ipsec` (with `debug crypto condition peer ipv4 \(Say.addressAtPeer(sa, otherwise: "<this router>"))`) and look for `IPsec policy invalidated proposal with error N`: 32 = no matching map / profile, 256 = transform set or PFS. Compare `show crypto map` (peer, ACL, transform set, PFS, isakmp-profile) on both ends; the ACLs must mirror each other."
        return finding(sa, on: device,
                       summary: "\(peer) refused \(device.name)'s quick-mode proposal (\(invalidID ? "INVALID_ID_INFO: proxy identities not accepted" : notified ? "PROPOSAL_NOT_CHOSEN" : "its half-built IPsec SA deleted: Delete Larval"))",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
