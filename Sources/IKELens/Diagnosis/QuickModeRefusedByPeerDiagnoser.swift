/// Phase 1 is up but the peer refused our quick-mode proposal: we received
/// `NOTIFY PROPOSAL_NOT_CHOSEN` or a delete for the exchange ("Delete Larval").
public struct QuickModeRefusedByPeerDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.notifyReceived, .nodeDeletedWithError]

    public static let description = DiagnoserDescription(
        id: "qm-refused-by-peer",
        severity: .error,
        meaning: "Phase 1 is up, but the peer refused this router's quick-mode proposal (`PROPOSAL_NOT_CHOSEN` received, node deleted \"Delete Larval\").",
        usualFix: "Check the peer's log: its crypto map / ipsec profile for this traffic (profile, transform set, PFS, ACL) does not accept the proposal.",
        triggering: [
            """
            *Oct 25 20:37:02.884: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 570535495
            *Oct 25 20:37:02.885: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            *Oct 25 20:37:02.890: ISAKMP: (1001):processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3
                    spi 101951630, message ID = 1148084868, sa = 0x80007771564BEF58
            *Oct 25 20:37:02.890: ISAKMP-ERROR: (1001):deleting node 570535495 error TRUE reason "Delete Larval"
            """,
        ],
        nonTriggering: [
            """
            *Jun 19 10:04:24.840: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2823445093
            *Jun 19 10:04:24.841: ISAKMP:(1011):Node 2823445093, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.841: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.845: ISAKMP:(1011):Node 2823445093, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.845: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let notices = sa.all {
            switch $0 {
            case let .notify(sent, type, _): return !sent && type == "PROPOSAL_NOT_CHOSEN"
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
        let larval = notices.contains { if case .nodeDeleted = $0.kind { return true }; return false }
        let answer = [notified ? "it answered `NOTIFY PROPOSAL_NOT_CHOSEN`" : nil,
                      larval ? "\(device.name) deleted the half-built IPsec SA (`Delete Larval`)" : nil].compactMap { $0 }.joined(separator: " and ")
        steps.append("Phase 1 with \(peer) is up\(sa.profile.map { " (ISAKMP profile \($0))" } ?? ""); \(device.name) proposed quick mode\(ids.isEmpty ? "" : " (M-ID \(ids.joined(separator: ", ")))") and \(peer) refused it: \(answer).")
        if sa.deleted, let reason = sa.deleteReason {
            steps.append("The IKE SA was then deleted too (reason \"\(reason)\").")
        }
        steps.append("The reason is on the peer. Usual causes: the peer has no crypto map entry or ipsec profile for this traffic from this router (error 32: peer or ACL missing from its map, or its map names another ISAKMP profile), the transform sets share no transform (error 256), PFS differs, or the crypto ACLs are not mirror images.")
        if sa.natTraversal { steps.append("The exchange runs over UDP 4500 (NAT-T).") }
        let fix = "On \(peer), run `debug crypto isakmp` and `debug crypto ipsec` (with `debug crypto condition peer ipv4 \(Say.addressAtPeer(sa, otherwise: "<this router>"))`) and look for `IPsec policy invalidated proposal with error N`: 32 = no matching map / profile, 256 = transform set or PFS. Compare `show crypto map` (peer, ACL, transform set, PFS, isakmp-profile) on both ends; the ACLs must mirror each other."
        return finding(sa, on: device,
                       summary: "\(peer) refused \(device.name)'s quick-mode proposal (\(notified ? "PROPOSAL_NOT_CHOSEN" : "its half-built IPsec SA deleted: Delete Larval"))",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
