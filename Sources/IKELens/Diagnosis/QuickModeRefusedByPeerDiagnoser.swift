/// Phase 1 is up but the peer refused our quick-mode proposal: we received
/// `NOTIFY PROPOSAL_NOT_CHOSEN` or a delete for the exchange ("Delete Larval"), or, with no
/// notify at all, a DELETE that tore the IKE SA down before quick mode completed (ASAs and
/// other makes refuse a proxy-ID, transform set or PFS mismatch so).
public struct QuickModeRefusedByPeerDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.notifyReceived, .nodeDeletedWithError, .saDeleted]

    public static let description = DiagnoserDescription(
        id: "qm-refused-by-peer",
        severity: .error,
        meaning: "Phase 1 is up, but the peer refused this router's quick-mode proposal (`PROPOSAL_NOT_CHOSEN` received, node deleted \"Delete Larval\"; `INVALID_ID_INFO`, a peer of another make refusing the proxy identities; or no answer but a DELETE of the IKE SA while quick mode was in progress, as ASAs refuse).",
        usualFix: "Check the peer's log: its crypto map / ipsec profile for this traffic (profile, transform set, PFS, ACL mirroring this router's) does not accept the proposal.",
        triggering: [
            """
            *Oct 25 20:37:02.884: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 570535495
            *Oct 25 20:37:02.885: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            *Oct 25 20:37:02.890: ISAKMP: (1001):processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3
                    spi 101951630, message ID = 1148084868, sa = 0x80007771564BEF58
            *Oct 25 20:37:02.890: ISAKMP-ERROR: (1001):deleting node 570535495 error TRUE reason "Delete Larval"
            """,
            // A second quick mode on the same IKE SA (other proxies) refused after the first
            // came up: its own lines, and the proxies its `IPSEC(sa_request)` printed.
            """
            *Jun 19 10:04:24.843: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Jun 19 10:04:24.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2816227709
            *Jun 19 10:04:24.844: ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) QM_IDLE
            *Jun 19 10:04:24.844: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.849: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_INTERNAL, IKE_GOT_SPI
            *Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 10:04:30.100: IPSEC(sa_request): ,
              (key eng. msg.) OUTBOUND local= 192.168.0.1:500, remote= 192.168.0.2:500,
                local_proxy= 10.1.1.0/255.255.255.0/0/0,
                remote_proxy= 10.2.2.0/255.255.255.0/0/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 4608000kb,
                spi= 0x0(0), conn_id= 0, keysize= 128, flags= 0x0
            *Jun 19 10:04:30.100: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 3958013221
            *Jun 19 10:04:30.100: ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) QM_IDLE
            *Jun 19 10:04:30.100: ISAKMP:(1011):Node 3958013221, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:30.100: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:30.104: ISAKMP (1011): received packet from 192.168.0.2 dport 500 sport 500 Global (I) QM_IDLE
            *Jun 19 10:04:30.104: ISAKMP:(1011): processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3
                    spi 2590183730, message ID = 2087352339, sa = 0xF474C2E8
            *Jun 19 10:04:30.104: ISAKMP:(1011):deleting node 3958013221 error TRUE reason "Delete Larval"
            """,
            // A peer of another make refusing the proxy identities.
            """
            *Oct  7 06:46:39.897: ISAKMP:(1003):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Oct  7 06:46:39.897: ISAKMP:(1003):beginning Quick Mode exchange, M-ID of 3411742196
            *Oct  7 06:46:39.897: ISAKMP:(1003): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) QM_IDLE
            *Oct  7 06:46:39.900: ISAKMP:(1003): processing NOTIFY INVALID_ID_INFO protocol 1
                    spi 0, message ID = 1993778370, sa = 0xF4763D20
            """,
            // No notify: the peer (an ASA) answers QM1 with a DELETE and the IKE SA goes.
            """
            *Jun 19 14:02:11.305: ISAKMP:(1021):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Jun 19 14:02:11.306: ISAKMP:(1021):beginning Quick Mode exchange, M-ID of 1693522374
            *Jun 19 14:02:11.306: ISAKMP:(1021): sending packet to 198.51.100.30 my_port 500 peer_port 500 (I) QM_IDLE
            *Jun 19 14:02:11.306: ISAKMP:(1021):Node 1693522374, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 14:02:11.306: ISAKMP:(1021):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 14:02:11.318: ISAKMP (1021): received packet from 198.51.100.30 dport 500 sport 500 Global (I) QM_IDLE
            *Jun 19 14:02:11.318: ISAKMP: set new node 2870311951 to QM_IDLE
            *Jun 19 14:02:11.318: ISAKMP:(1021): processing HASH payload. message ID = 2870311951
            *Jun 19 14:02:11.318: ISAKMP:(1021): processing DELETE payload. message ID = 2870311951
            *Jun 19 14:02:11.318: ISAKMP:(1021):deleting SA reason "No reason" state (I) QM_IDLE       (peer 198.51.100.30)
            *Jun 19 14:02:11.318: ISAKMP:(1021):deleting node 2870311951 error FALSE reason "Informational (in) state 1"
            *Jun 19 14:02:11.319: ISAKMP:(1021):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL
            *Jun 19 14:02:11.319: ISAKMP:(1021):Old State = IKE_P1_COMPLETE  New State = IKE_DEST_SA
            """,
        ],
        nonTriggering: [
            // The peer deletes the IKE SA after quick mode completed (an idle tunnel, a clear): no refusal.
            """
            *Jun 19 14:02:11.306: ISAKMP:(1021):beginning Quick Mode exchange, M-ID of 1693522374
            *Jun 19 14:02:11.306: ISAKMP:(1021): sending packet to 198.51.100.30 my_port 500 peer_port 500 (I) QM_IDLE
            *Jun 19 14:02:11.306: ISAKMP:(1021):Node 1693522374, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 14:02:11.306: ISAKMP:(1021):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 14:02:11.318: ISAKMP:(1021):Node 1693522374, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 14:02:11.318: ISAKMP:(1021):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 15:02:11.318: ISAKMP (1021): received packet from 198.51.100.30 dport 500 sport 500 Global (I) QM_IDLE
            *Jun 19 15:02:11.318: ISAKMP:(1021): processing DELETE payload. message ID = 2870311951
            *Jun 19 15:02:11.318: ISAKMP:(1021):deleting SA reason "No reason" state (I) QM_IDLE       (peer 198.51.100.30)
            *Jun 19 15:02:11.319: ISAKMP:(1021):Old State = IKE_P1_COMPLETE  New State = IKE_DEST_SA
            """,
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
        guard !notices.isEmpty else { return deletedInQuickMode(sa, on: device) }
        // This router refusing the peer is another finding; here the peer refused us.
        if sa.sentProposalNotChosen != nil { return nil }
        let peer = Say.peer(sa)
        var evidence = notices
        let refused = sa.quickModes.filter { $0.result == .refusedByPeer }
        // The refused quick mode's own start (not an earlier one's on the same IKE SA), and the
        // proxies its `IPSEC(sa_request)` printed just before it, which the timeline's quick mode
        // does not show (the request comes before its M-ID is known).
        let refusedIDs = refused.map(\.messageID)
        let firstNotice = notices.map(\.firstLine).min() ?? Int.max
        let begins = sa.all { if case .quickModeBegin = $0 { return true }; return false }
        let begin = begins.last { if case let .quickModeBegin(m) = $0.kind { return refusedIDs.contains(m) }; return false }
            ?? begins.last { $0.firstLine < firstNotice }
        var proposed: String?
        if let begin {
            evidence.append(begin)
            let after = begins.last { $0.firstLine < begin.firstLine }?.firstLine ?? 0
            let shown = refused.contains { $0.localProxy != nil }
            if !shown, let request = sa.events.last(where: { e in
                guard e.firstLine < begin.firstLine, e.firstLine > after, case let .ipsecRequest("sa_request", _, _, lp, rp, _, _, _) = e.kind else { return false }
                return lp != nil && rp != nil
            }), case let .ipsecRequest(_, _, _, lp?, rp?, _, _, _) = request.kind {
                proposed = "\(lp) ↔ \(rp)"
                evidence.append(request)
            }
        }
        let ids = refused.map { $0.messageID == 0 ? "?" : Say.messageID($0.messageID) }
        var steps: [String] = []
        // (Each part of the story as this log shows it: the notify, the larval delete, or both.)
        let notified = notices.contains { if case .notify = $0.kind { return true }; return false }
        let invalidID = notices.contains { if case let .notify(_, type, _) = $0.kind { return Correlator.refusesProxies(type) }; return false }
        let larval = notices.contains { if case .nodeDeleted = $0.kind { return true }; return false }
        let answer = [notified ? (invalidID ? "it answered `NOTIFY INVALID_ID_INFO` (INVALID-ID-INFORMATION)" : "it answered `NOTIFY PROPOSAL_NOT_CHOSEN`") : nil,
                      larval ? "\(device.name) deleted the half-built IPsec SA (`Delete Larval`)" : nil].compactMap { $0 }.joined(separator: " and ")
        steps.append("Phase 1 with \(peer) is up\(sa.profile.map { " (ISAKMP profile \($0))" } ?? ""); \(device.name) proposed quick mode\(ids.isEmpty ? "" : " (M-ID \(ids.joined(separator: ", ")))") and \(peer) refused it: \(answer).")
        if let proposed { steps.append("The refused quick mode proposed the proxies \(proposed) (`IPSEC(sa_request)`).") }
        if sa.deleted, let reason = sa.deleteReason {
            steps.append("The IKE SA was then deleted too (reason \"\(reason)\").")
        }
        if invalidID {
            steps.append("INVALID-ID-INFORMATION in quick mode means the peer does not accept the proxy identities (the networks this router proposed to protect): its crypto ACL, or its traffic selectors, are not the mirror image of this router's. Peers of other makes (strongSwan, Palo Alto, Juniper, Check Point) answer a proxy-ID mismatch this way, where IOS answers PROPOSAL_NOT_CHOSEN.")
        }
        steps.append("The reason is on the peer. Usual causes: the peer has no crypto map entry or ipsec profile for this traffic from this router (error 32: peer or ACL missing from its map, or its map names another ISAKMP profile), the transform sets share no transform (error 256), PFS differs, or the crypto ACLs are not mirror images.")
        if sa.natTraversal { steps.append("The exchange runs over UDP 4500 (NAT-T).") }
        let fix = "On \(peer), run `debug crypto isakmp` and `debug crypto ipsec` (with `debug crypto condition peer ipv4 \(Say.addressAtPeer(sa, otherwise: "<this router>"))`) and look for `IPsec policy invalidated proposal with error N`: 32 = no matching map / profile, 256 = transform set or PFS. Compare `show crypto map` (peer, ACL, transform set, PFS, isakmp-profile) on both ends; the ACLs must mirror each other\(proposed.map { " (this router proposed \($0))" } ?? "")."
        return finding(sa, on: device,
                       summary: "\(peer) refused \(device.name)'s quick-mode proposal (\(invalidID ? "INVALID_ID_INFO: proxy identities not accepted" : notified ? "PROPOSAL_NOT_CHOSEN" : "its half-built IPsec SA deleted: Delete Larval"))",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }

    /// No notify: quick mode begun by this router, then a DELETE from the peer and the IKE SA torn
    /// down before the exchange completed. IOS answers a refusal with PROPOSAL_NOT_CHOSEN; an ASA
    /// (and other makes) deletes the SA instead.
    private func deletedInQuickMode(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // (This router refusing, or giving up on, the exchange is another finding.)
        // (By the order the events came: messages a capture ran together share one line.)
        guard let (b, d) = sa.peerDeleteInQuickMode(),
              case let .quickModeBegin(mid) = sa.events[b].kind,
              !sa.quickModes.contains(where: { $0.messageID == mid && $0.result == .complete }),
              let gone = sa.events[d...].first(where: { e in
                  guard case .saDeleted = e.kind else { return false }
                  return true
              }) else { return nil }
        let begin = sa.events[b], delete = sa.events[d]
        let peer = Say.peer(sa)
        let sent = sa.events[(b + 1)..<d].first { e in
            guard case .packetSent = e.kind else { return false }
            return true
        }
        let evidence = [begin, delete, gone] + (sent.map { [$0] } ?? [])
        let steps = [
            "Phase 1 with \(peer) is up\(sa.profile.map { " (ISAKMP profile \($0))" } ?? ""); \(device.name) began quick mode (M-ID \(Say.messageID(mid))) and sent its proposal\(sent == nil ? "" : " (QM1)").",
            "\(peer) did not answer it: no QM2, no notify, but a DELETE (`processing DELETE payload`), and \(device.name) deleted the IKE SA (`deleting SA reason \"\(sa.deleteReason ?? "No reason")\"`), so quick mode never completed.",
            "IOS refuses a quick mode with `PROPOSAL_NOT_CHOSEN`; a peer that deletes the SA instead is usually an ASA or another make refusing the proposal: the proxy identities (its crypto ACL is not the mirror image of this router's), the transform set, or PFS. The peer's log names it (an operator clearing the SA on the peer at that moment would look the same, once).",
        ]
        let fix = "On \(peer), check the crypto map entry for \(device.name) against this router's: its crypto ACL must mirror \(device.name)'s exactly (the same networks swapped, the same protocol and ports\(sa.proxiesText.map { "; proposed: \($0)" } ?? "")), the two need a transform set in common, and the same PFS (`set pfs groupN` on both or neither). Its debug says which: an ASA logs `Rejecting IPSec tunnel: no matching crypto map entry` or `All IPSec SA proposals found unacceptable!` (`debug crypto ikev1 127`); IOS, `IPsec policy invalidated proposal with error N` (`debug crypto isakmp` and `debug crypto ipsec`, with `debug crypto condition peer ipv4 \(Say.addressAtPeer(sa, otherwise: "<this router>"))`)."
        return finding(sa, on: device,
                       summary: "\(peer) refused \(device.name)'s quick-mode proposal by deleting the IKE SA (no notify)",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
