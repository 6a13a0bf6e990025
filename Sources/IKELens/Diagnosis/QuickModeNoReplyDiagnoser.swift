/// The initiator's quick mode gets no answer: `retransmitting phase 2`, `Death by retransmission P2`.
public struct QuickModeNoReplyDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.retransmit, .nodeDeletedWithError]

    public static let description = DiagnoserDescription(
        id: "qm-no-reply",
        severity: .error,
        meaning: "Phase 1 is up but quick mode gets no answer (`retransmitting phase 2`, `Death by retransmission P2`).",
        usualFix: "Check that UDP 4500 (NAT-T) or 500 passes after phase 1, and the peer's debug for a silent refusal.",
        triggering: [
            """
            *Nov 12 14:30:01.000: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 2002719471
            *Nov 12 14:30:01.001: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            *Nov 12 14:30:11.001: ISAKMP: (1001):retransmitting phase 2 QM_IDLE 2002719471 ...
            *Nov 12 14:30:11.001: ISAKMP: (1001):incrementing error counter on node, attempt 1 of 5: retrans phase 2
            *Nov 12 14:30:11.001: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 14:30:01.000: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 2002719471
            *Nov 12 14:30:01.001: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            *Nov 12 14:30:01.050: ISAKMP: (1001):Node 2002719471, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Nov 12 14:30:01.050: ISAKMP: (1001):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // (Mode configuration and XAUTH, `CONF_XAUTH` / `CONF_ADDR`, retransmit as phase 2 too; a
        // retransmission that names no packet counts only where a quick mode is known: XAUTH's
        // `retrans phase 2` counter lines name none.)
        let hasQuickMode = !sa.quickModes.isEmpty
        let retrans = sa.all {
            guard case let .retransmit(label, _, _, phase) = $0, phase == 2 else { return false }
            if let label { return !label.asciiHasPrefix("CONF_") }
            return hasQuickMode
        }
        // (An SA that died waiting in XAUTH had no quick mode to answer: xauth-failed's.)
        // (Its step to IKE_DEST_SA lost, it is still in that XAUTH state as far as the log shows.)
        if sa.stateBeforeDeletion?.asciiHasPrefix("IKE_XAUTH_") == true { return nil }
        let deaths = sa.all { if case let .nodeDeleted(_, reason, _) = $0 { return reason.contains("Death by retransmission P2") }; return false }
        guard !retrans.isEmpty || !deaths.isEmpty else { return nil }
        guard !sa.quickModes.contains(where: { $0.result == .complete }) else { return nil }
        // (The peer answered it, with a refusal, and this router retried it anyway: refused, not unanswered.)
        guard !sa.has({ if case let .notify(false, type, _) = $0 { return type == "PROPOSAL_NOT_CHOSEN" || Correlator.refusesProxies(type) }; return false })
        else { return nil }
        let peer = Say.peer(sa)
        var evidence = Array(retrans.prefix(2)) + deaths
        let begin = sa.first({ if case .quickModeBegin = $0 { return true }; return false })
        if let begin { evidence.append(begin) }
        // (A log that starts in the retransmissions, its quick mode begun before: the peer's
        // answer to the first proposal, a refusal sent once, is not in it.)
        let first = (retrans + deaths).min { $0.firstLine < $1.firstLine }!
        let firstSent = sa.first { if case let .packetSent(_, _, _, _, label) = $0 { return label.asciiHasPrefix("QM_IDLE") }; return false }
        let startLost = (begin.map { $0.firstLine > first.firstLine } ?? true) && (firstSent.map { $0.firstLine > first.firstLine } ?? true)
        let start = startLost ? LostStart.phrase(retrans, deletion: "the quick mode's deletion") : nil
        var steps = start.map { ["The log starts after this quick mode began: its first line for it is \($0), so \(device.name)'s first proposal and anything \(peer) answered to it are not in the log — a refusal (`INVALID_ID_INFO`, `PROPOSAL_NOT_CHOSEN`) comes once, and \(device.name) retransmits after it as after silence. In the lines logged, phase 1 with \(peer) is up and the quick-mode proposal got no answer: \(device.name) retransmitted it\(deaths.isEmpty ? "" : " and gave up (`Death by retransmission P2`)")."] }
            ?? ["Phase 1 with \(peer) is up, but \(device.name)'s quick-mode proposal got no answer: it retransmitted it\(deaths.isEmpty ? "" : " and gave up (`Death by retransmission P2`)")."]
        let worked4500 = sa.natTraversal ? sa.receivedOn4500BeforeQuickMode : nil
        if let worked4500 {
            steps.append("The SA runs over NAT-T (UDP 4500), and 4500 carried the end of main mode both ways (line \(worked4500.firstLine)) just before: the port is not simply blocked. The peer silently dropping the proposal (it could not decrypt it, or holds a stale SA), or a NAT or firewall that treats the later packets differently, fits better.")
            evidence.append(worked4500)
        } else if sa.natTraversal {
            steps.append("The SA runs over NAT-T (UDP 4500): phase 1 moved to 4500 at MM5, so a path that passes UDP 500 but blocks or mis-translates UDP 4500 lets phase 1 finish and silently drops quick mode.")
        } else {
            steps.append("Phase 1 packets pass, so the path works for UDP 500; a peer that silently drops quick mode usually failed to decrypt it or has a stale SA (look for `IKMP_NO_SA` or invalid SPI messages there).")
        }
        steps.append("A peer that refuses the proposal normally answers `PROPOSAL_NOT_CHOSEN`; silence points at the path or the peer's state.")
        let fix = worked4500 != nil
            ? "Run `debug crypto isakmp` on \(peer) while retrying: no `received packet` for QM_IDLE means a device on the path (compare the NAT's or firewall's UDP 4500 state for this flow); a received but ignored packet means state — `clear crypto session remote \(sa.local ?? "<this router>")` on the peer."
            : sa.natTraversal
            ? "Permit UDP 4500 in both directions between \(device.name) and \(peer) (and any NAT's port-forwarding for 4500, not only 500); then `clear crypto session remote \(peer)` and retry. `debug crypto isakmp` on \(peer) shows whether the packets arrive."
            : "Run `debug crypto isakmp` on \(peer) while retrying: no `received packet` for QM_IDLE means the path; a received but ignored packet means state — `clear crypto session remote \(sa.local ?? "<this router>")` on the peer."
        return finding(sa, on: device,
                       summary: start.map { "\(peer) did not answer \(device.name)'s quick mode in the lines logged\(sa.natTraversal ? " (NAT-T, UDP 4500)" : "") (the log starts at \($0))" }
                           ?? "\(peer) never answered \(device.name)'s quick mode\(sa.natTraversal ? " (NAT-T, UDP 4500)" : "")",
                       explanation: steps.joined(separator: " "),
                       fix: start == nil ? fix : LostStart.captureFirst("quick mode", clear: "clear crypto sa peer \(peer)") + fix,
                       evidence: evidence)
    }
}
