/// A tunnel that was up, torn down because the peer stopped answering liveness checks:
/// IKEv1 dead-peer detection (`DPD incrementing error counter (5/5)`, `peer X not
/// responding!`) or IKEv2 liveness / rekey requests retransmitted until `Maximum number of
/// retransmissions reached`. An outage of the peer or the path, not a configuration mismatch.
public struct PeerDeadDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.peerNotResponding]

    public static let description = DiagnoserDescription(
        id: "peer-dead",
        severity: .error,
        meaning: "An established tunnel went down because the peer stopped answering dead-peer detection (`DPD incrementing error counter`, `peer … not responding!`, IKEv2 `Maximum number of retransmissions reached`).",
        usualFix: "Find why the peer or the path went away at that time (reboot, WAN link, firewall or NAT state); the tunnel returns with the path.",
        triggering: [
            """
            *Nov 12 14:20:00.101: ISAKMP:(1004):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Nov 12 14:20:23.101: ISAKMP:(1004):DPD incrementing error counter (1/5)
            *Nov 12 14:20:23.101: ISAKMP:(1004):Sending NOTIFY DPD/R_U_THERE protocol 1
            *Nov 12 14:20:35.101: ISAKMP:(1004):DPD incrementing error counter (5/5)
            *Nov 12 14:20:35.101: ISAKMP:(1004):peer 203.0.113.2 not responding!
            *Nov 12 14:20:35.101: ISAKMP:(1004):deleting SA reason "peers alive" state (I) QM_IDLE       (peer 203.0.113.2)
            *Nov 12 14:20:35.101: ISAKMP:(1004):Old State = IKE_P1_COMPLETE  New State = IKE_DEST_SA
            """,
            """
            *Nov 12 14:02:11.127: IKEv2:(SESSION ID = 12,SA ID = 1):Session with IKE ID PAIR (198.51.100.2, 203.0.113.1) is UP
            *Nov 12 14:03:13.141: IKEv2:(SESSION ID = 12,SA ID = 1):Retransmitting packet
            *Nov 12 14:05:17.141: IKEv2:(SESSION ID = 12,SA ID = 1):Maximum number of retransmissions reached
            *Nov 12 14:05:17.141: IKEv2:(SESSION ID = 12,SA ID = 1):Deleting SA
            """,
        ],
        nonTriggering: [
            // One R_U_THERE missed, then the peer answered.
            """
            *Nov 12 14:20:00.101: ISAKMP:(1004):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Nov 12 14:20:23.101: ISAKMP:(1004):DPD incrementing error counter (1/5)
            *Nov 12 14:20:23.101: ISAKMP:(1004):Sending NOTIFY DPD/R_U_THERE protocol 1
            *Nov 12 14:20:23.109: ISAKMP:(1004):Received NOTIFY DPD/R_U_THERE_ACK protocol 1
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let wasUp = sa.version == 2 ? sa.established : sa.reached("IKE_P1_COMPLETE")
        guard wasUp else { return nil }
        let misses = sa.all { if case .peerNotResponding = $0 { return true }; return false }
        // Gave up: the peer named as not responding, the counter at its maximum, IKEv2's maximum.
        let named = misses.first { if case .peerNotResponding(_?, _, _) = $0.kind { return true }; return false }
        guard let gaveUp = named ?? misses.first(where: {
            guard case let .peerNotResponding(_, attempt, maxAttempts) = $0.kind else { return false }
            if let attempt, let maxAttempts { return attempt >= maxAttempts }
            return attempt == nil
        }) else { return nil }
        let peer = Say.peer(sa)
        // (A log that starts while the tunnel is up shows no way into it.)
        let upAt = sa.version == 2
            ? sa.first({ if case .v2SessionUp = $0 { return true }; return false })
            : sa.events.first { if case let .stateChange(from, to) = $0.kind { return to == "IKE_P1_COMPLETE" && from != to }; return false }
        let deleted = sa.all { if case .saDeleted = $0 { return true }; return $0 == .v2Deleting }
        var evidence = [gaveUp] + Array(misses.prefix(1)) + Array(deleted.prefix(1))
        if let upAt { evidence.append(upAt) }
        let counted = misses.compactMap { if case let .peerNotResponding(_, a, m) = $0.kind, let a { return (a, m) }; return nil }.last
        let retransmitted = sa.all { if case .retransmit = $0 { return true }; return false }.count
        // (IKEv2: the request left unanswered, the last one sent before IOS gave up.)
        let lastRequest = sa.exchanges.last { $0.sent && $0.request != false && $0.line < gaveUp.firstLine }?.name
        let rekey = lastRequest == "CREATE_CHILD_SA"
        let what = rekey ? "its rekey (CREATE_CHILD_SA)" : lastRequest == "INFORMATIONAL" ? "its liveness check (INFORMATIONAL)" : "its IKEv2 request"
        let checks = sa.version == 2
            ? "\(device.name)'s \(what.dropFirst(4)) went unanswered: it was retransmitted\(retransmitted > 0 ? " (\(Say.times(retransmitted)))" : "") until `Maximum number of retransmissions reached`"
            : "\(device.name)'s dead-peer-detection queries (`R_U_THERE`) went unanswered\(counted.map { " (\($0.0)\($0.1.map { " of \($0)" } ?? ""))" } ?? "")\(named == nil ? "" : " and IOS declared the peer dead (`peer \(peer) not responding!`)")"
        let upWhen = upAt.map { e in " (established at line \(e.firstLine)\(e.stamp.map { ", \($0.text)" } ?? ""))" } ?? " when the log begins"
        let dpdCommand = sa.version == 2 ? "`dpd 30 5 on-demand` in the IKEv2 profile" : "`crypto isakmp keepalive 30 5`"
        return finding(sa, on: device,
                       summary: rekey ? "\(peer) stopped answering: \(device.name)'s rekey went unanswered until it gave up\(deleted.isEmpty ? "" : " and deleted the tunnel")"
                           : "\(peer) stopped answering dead-peer detection: \(device.name) declared it dead\(deleted.isEmpty ? "" : " and deleted the tunnel")",
                       explanation: "The tunnel with \(peer) was up\(upWhen). Then \(checks).\(deleted.isEmpty ? "" : " The SA was deleted.") Nothing in the log points at configuration: the peer or the path between the two went away. The usual causes are a peer that rebooted or lost its WAN link, an ISP or firewall outage, a NAT or firewall that dropped its UDP 500/4500 state, or a peer that cleared its SAs and no longer answers for this one.",
                       fix: "Look at \(peer) at that time (`show version` for a reload, its WAN interface, routing and logs) and at the path from \(device.name)'s tunnel source (`ping \(peer) source <interface>`). The tunnel comes back with the path (traffic or the peer's own DPD restarts it). If drops recur on a healthy path, look for packet loss and for NAT or firewall timeouts (\(Say.natKeepalive(sa))), or make detection less eager (\(dpdCommand)).",
                       evidence: evidence)
    }
}
