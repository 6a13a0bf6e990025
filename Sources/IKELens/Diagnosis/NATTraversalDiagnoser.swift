/// NAT-T is in use and quick mode does not complete: look at UDP 4500.
public struct NATTraversalDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.retransmit, .nodeDeletedWithError]

    public static let description = DiagnoserDescription(
        id: "nat-t",
        severity: .warning,
        meaning: "NAT was detected (NAT-T, UDP 4500) and quick mode does not complete: the UDP 4500 path is the first suspect.",
        usualFix: "Permit and forward UDP 4500 (not only 500) between the peers.",
        triggering: [
            """
            *Nov 12 14:29:59.000: ISAKMP: (1001):NAT found, both nodes inside NAT
            *Nov 12 14:30:00.000: ISAKMP: (1001):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Nov 12 14:30:01.000: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 2002719471
            *Nov 12 14:30:01.001: ISAKMP-PAK: (1001):sending packet to 203.0.113.1 my_port 4500 peer_port 4500 (I) QM_IDLE
            *Nov 12 14:30:11.001: ISAKMP: (1001):retransmitting phase 2 QM_IDLE 2002719471 ...
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 14:29:59.000: ISAKMP: (1001):NAT found, both nodes inside NAT
            *Nov 12 14:30:01.000: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 2002719471
            *Nov 12 14:30:01.050: ISAKMP: (1001):Node 2002719471, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Nov 12 14:30:01.050: ISAKMP: (1001):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 1, sa.natTraversal, !sa.quickModes.isEmpty,
              !sa.quickModes.contains(where: { $0.result == .complete }) else { return nil }
        // A log that merely ends while quick mode runs is not a stall, and an
        // explicit refusal (error 32, PROPOSAL_NOT_CHOSEN) is not the path's fault.
        let stalled = sa.has {
            if case let .retransmit(_, _, _, phase) = $0 { return phase == 2 }
            if case let .nodeDeleted(_, reason, _) = $0 { return reason.contains("Death by retransmission P2") }
            return false
        }
        guard stalled else { return nil }
        let peer = Say.peer(sa)
        var evidence = sa.all { if case .natDetected = $0 { return true }; return false }.prefix(2).map { $0 }
        if let p = sa.events.first(where: { if case let .packetSent(_, lp, pp, _, _) = $0.kind { return lp == 4500 || pp == 4500 }; return false }) {
            evidence.append(p)
        }
        if let worked = sa.receivedOn4500BeforeQuickMode {
            evidence.append(worked)
            return finding(sa, on: device,
                           summary: "NAT-T in use with \(peer) and quick mode stalls, though UDP 4500 carried phase 1",
                           explanation: "A NAT sits between \(device.name) and \(peer) (NAT-T detected; the exchange moved to UDP 4500). Main mode ended on 4500 in both directions (line \(worked.firstLine)), then quick mode on the same port got no answer. The port is open, so look at what differs for the later packets: a NAT or firewall whose UDP 4500 state for this flow expired or changed, an IPsec pass-through or ALG on the path, or the peer dropping the proposal itself.",
                           fix: "Run `debug crypto isakmp` on \(peer) while retrying to see whether quick mode arrives; check the state the NAT or firewall keeps for UDP 4500 between the two addresses, and keep the mapping alive (\(Say.natKeepalive(sa))).",
                           evidence: evidence)
        }
        return finding(sa, on: device,
                       summary: "NAT-T in use with \(peer) and quick mode stalls: check UDP 4500",
                       explanation: "A NAT sits between \(device.name) and \(peer) (NAT-T detected; the exchange moved to UDP 4500). Phase 1 finished, but quick mode never completed. When UDP 500 passes and UDP 4500 does not (firewall rule, NAT port-forward for 500 only, an ISP filtering 4500), phase 1 ends on 4500 at MM5/MM6 or quick mode is lost exactly like this.",
                       fix: "Permit UDP 4500 both ways and forward it on any static NAT to \(device.name) or \(peer) (as for UDP 500; ESP is not needed with NAT-T). Check `show crypto isakmp sa detail` for the ports in use.",
                       evidence: evidence)
    }
}
