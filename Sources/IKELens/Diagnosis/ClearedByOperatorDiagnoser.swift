/// An SA the operator deleted mid-negotiation (`R1#clear crypto session`, then `deleting SA
/// reason "No reason"`, IKE_PHASE1_DEL): cut short, not failed. A note, so that the SA that
/// ended without completing is accounted for, and no failure rule blames the peer for it.
public struct ClearedByOperatorDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.operatorClear]

    public static let description = DiagnoserDescription(
        id: "cleared-by-operator",
        severity: .info,
        meaning: "An SA still negotiating was deleted by a `clear crypto …` command typed at the router's prompt: cut short by the operator, not a failure.",
        usualFix: "Nothing to fix; let the negotiation finish (or capture a new one) to see whether the tunnel comes up.",
        triggering: [
            """
            *Jun 19 10:04:24.828: ISAKMP:(0): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_SA_SETUP
            *Jun 19 10:04:24.828: ISAKMP:(0):Old State = IKE_I_MM2  New State = IKE_I_MM3
            R1#clear crypto isakmp
            *Jun 19 10:04:26.112: ISAKMP:(0):deleting SA reason "No reason" state (I) MM_SA_SETUP (peer 192.168.0.2)
            *Jun 19 10:04:26.112: ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL
            *Jun 19 10:04:26.112: ISAKMP:(0):Old State = IKE_I_MM3  New State = IKE_DEST_SA
            """,
        ],
        nonTriggering: [
            // The same delete without the command: the exchange failed (unexplained here).
            """
            *Jun 19 10:04:24.828: ISAKMP:(0): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_SA_SETUP
            *Jun 19 10:04:24.828: ISAKMP:(0):Old State = IKE_I_MM2  New State = IKE_I_MM3
            *Jun 19 10:04:26.112: ISAKMP:(0):deleting SA reason "No reason" state (I) MM_SA_SETUP (peer 192.168.0.2)
            *Jun 19 10:04:26.112: ISAKMP:(0):Old State = IKE_I_MM3  New State = IKE_DEST_SA
            """,
            // A tunnel that was up, cleared: nothing to explain.
            """
            *Jun 19 10:04:24.843: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            R1#clear crypto session
            *Jun 19 10:05:02.002: ISAKMP:(1011):deleting SA reason "No reason" state (I) QM_IDLE       (peer 192.168.0.2)
            *Jun 19 10:05:02.002: ISAKMP:(1011):Old State = IKE_P1_COMPLETE  New State = IKE_DEST_SA
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let line = sa.clearedByOperator else { return nil }
        // (An SA that was failing before the clear keeps its failure's finding, and gets no note.)
        let benign: Signals = [.saDeleted, .nodeDeletedWithError, .operatorClear, .noProfileMatched, .responderLifetime]
        guard sa.signals.subtracting(benign).isEmpty else { return nil }
        // Only an SA cut short: phase 1 still running, or a quick mode still open.
        let phase1Up = sa.version == 2 ? sa.established : sa.reached("IKE_P1_COMPLETE")
        let openQuickMode = sa.quickModes.last.map { $0.result != .complete } ?? false
        guard !phase1Up || openQuickMode else { return nil }
        let command = sa.first({ if case .operatorClear = $0 { return true }; return false })
        let commandText: String
        if let command, case let .operatorClear(text) = command.kind { commandText = text } else { commandText = "clear crypto …" }
        let peer = Say.peer(sa)
        let stage = phase1Up ? "quick mode (phase 2)" : "phase 1"
        // (The state it was in, not the IKE_DEST_SA it was deleted to.)
        let state = phase1Up ? sa.quickModes.last?.states.last?.to : sa.stateBeforeDeletion
        var evidence: [Event] = command.map { [$0] } ?? []
        if let d = sa.first({ if case .saDeleted = $0 { return true }; return $0 == .v2Deleting }) { evidence.append(d) }
        return finding(sa, on: device,
                       summary: "The SA with \(peer) was cleared by the operator (`\(commandText)`, line \(line)) during \(stage): cut short, not failed",
                       explanation: "`\(commandText)` was typed at \(device.name)'s prompt while \(stage) with \(peer) was still running\(state.map { " (\($0))" } ?? ""), and the SA was deleted right after it (an internal delete, `IKE_PHASE1_DEL` / `No reason`, not a message from the peer). The log cannot tell whether this exchange would have succeeded.",
                       fix: "Nothing to fix for this SA. If the tunnel was being cleared because it would not come up, capture a new attempt from its first packet and analyze that.",
                       evidence: evidence)
    }
}
