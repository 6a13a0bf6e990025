/// The responder sent MM4 and MM5 never came: it retransmits `(R) MM_KEY_EXCH`
/// until `Death by retransmission P1`, and the initiator does not resend MM3 (no
/// duplicates: MM4 reached it). With NAT between them, MM5 is the initiator's first
/// packet to UDP 4500, so a path that passes 500 and drops 4500 loses exactly it.
public struct MM5NotReceivedDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.retransmit, .saDeleted]

    public static let description = DiagnoserDescription(
        id: "mm5-not-received",
        severity: .error,
        meaning: "Responder sent MM4 and never received MM5 (it retransmits `(R) MM_KEY_EXCH` until the SA dies): with NAT, UDP 4500 is blocked; otherwise MM5 is lost or the initiator stopped. In aggressive mode, AM2 sent and AM3 never came (`(R) AG_INIT_EXCH`): the client did not accept AM2 (group key / pre-shared key).",
        usualFix: "Permit UDP 4500 both ways when NAT is detected; otherwise look at the initiator's debug and at fragments of a large MM5 (certificates); in aggressive mode compare the client's group name and key.",
        triggering: [
            """
            *Mar  3 09:12:01.115: ISAKMP:(1003):His hash no match - this node outside NAT
            *Mar  3 09:12:01.115: ISAKMP (1003): His hash no match - this node outside NAT
            *Mar  3 09:12:01.116: ISAKMP:(1003): sending packet to 198.51.100.7 my_port 500 peer_port 1024 (R) MM_KEY_EXCH
            *Mar  3 09:12:01.116: ISAKMP:(1003):Old State = IKE_R_MM3  New State = IKE_R_MM4
            *Mar  3 09:12:11.116: ISAKMP:(1003): retransmitting phase 1 MM_KEY_EXCH...
            *Mar  3 09:12:11.116: ISAKMP (1003): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
            *Mar  3 09:12:11.116: ISAKMP:(1003): sending packet to 198.51.100.7 my_port 500 peer_port 1024 (R) MM_KEY_EXCH
            """,
            // Aggressive mode (an EzVPN server): AM2 sent, AM3 never came.
            """
            *Mar  3 09:12:40.211: ISAKMP (0): received packet from 198.51.100.77 dport 500 sport 500 Global (N) NEW SA
            *Mar  3 09:12:40.223: ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_AM_EXCH
            *Mar  3 09:12:40.223: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_AM_AAA_AWAIT
            *Mar  3 09:12:40.227: ISAKMP:(1005): sending packet to 198.51.100.77 my_port 500 peer_port 500 (R) AG_INIT_EXCH
            *Mar  3 09:12:40.227: ISAKMP:(1005):Old State = IKE_R_AM_AAA_AWAIT  New State = IKE_R_AM2
            *Mar  3 09:12:50.227: ISAKMP:(1005): retransmitting phase 1 AG_INIT_EXCH...
            *Mar  3 09:12:50.227: ISAKMP (1005): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
            *Mar  3 09:13:40.227: ISAKMP:(1005):deleting SA reason "Death by retransmission P1" state (R) AG_INIT_EXCH (peer 198.51.100.77)
            *Mar  3 09:13:40.231: ISAKMP:(1005):Old State = IKE_R_AM2  New State = IKE_DEST_SA
            """,
        ],
        nonTriggering: [
            """
            *Mar  3 09:12:01.116: ISAKMP:(1003): sending packet to 198.51.100.7 my_port 500 peer_port 1024 (R) MM_KEY_EXCH
            *Mar  3 09:12:01.116: ISAKMP:(1003):Old State = IKE_R_MM3  New State = IKE_R_MM4
            *Mar  3 09:12:01.190: ISAKMP (1003): received packet from 198.51.100.7 dport 4500 sport 4500 Global (R) MM_KEY_EXCH
            *Mar  3 09:12:01.190: ISAKMP:(1003):Old State = IKE_R_MM4  New State = IKE_R_MM5
            """,
            """
            *Mar  3 09:12:01.116: ISAKMP:(1003):Old State = IKE_R_MM3  New State = IKE_R_MM4
            *Mar  3 09:12:11.116: ISAKMP (1003): received packet from 198.51.100.7 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Mar  3 09:12:11.116: ISAKMP:(1003): phase 1 packet is a duplicate of a previous packet.
            *Mar  3 09:12:11.116: ISAKMP:(1003): retransmitting due to retransmit phase 1
            """,
            // AM3 arrived: aggressive mode completed.
            """
            *Mar  3 09:12:40.227: ISAKMP:(1005): sending packet to 198.51.100.77 my_port 500 peer_port 500 (R) AG_INIT_EXCH
            *Mar  3 09:12:40.227: ISAKMP:(1005):Old State = IKE_R_AM_AAA_AWAIT  New State = IKE_R_AM2
            *Mar  3 09:12:40.311: ISAKMP (1005): received packet from 198.51.100.77 dport 500 sport 500 Global (R) AG_INIT_EXCH
            *Mar  3 09:12:40.315: ISAKMP:(1005):Old State = IKE_R_AM2  New State = IKE_P1_COMPLETE
            """,
        ])

    /// A source port other than 500 or 4500: a NAT translates the peer's ports (NAT-T applies).
    func translatedPortOf(_ sa: SecurityAssociation) -> Int? {
        sa.peerPort.flatMap { $0 != 500 && $0 != 4500 ? $0 : nil }
    }

    /// Aggressive mode: AM2 carries this router's hash, made with the pre-shared key (an EzVPN
    /// group's key); the initiator checks it before it sends AM3. An initiator that does not
    /// accept AM2 sends nothing back, so the responder retransmits AM2 until the SA dies.
    func aggressiveFinding(_ sa: SecurityAssociation, on device: DeviceTimeline, evidence: [Event], retransmits: [Event], died: Bool, nat: Bool) -> Finding {
        let peer = Say.peer(sa)
        var steps = ["\(device.name) answered \(peer)'s aggressive-mode AM1 with AM2 (`(R) AG_INIT_EXCH`), then heard nothing more: it retransmitted AM2\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(died ? " until the SA died (`Death by retransmission P1`)" : "")."]
        steps.append("AM2 carries \(device.name)'s hash, computed with the pre-shared key (for an EzVPN client, the group key of the group it named); the initiator checks it before sending AM3, the last message. An initiator that does not accept AM2 sends nothing back: the usual cause is a group name or group key (pre-shared key) on \(peer) that differs from \(device.name)'s, which only the client's log states (hash verification failed).")
        if nat {
            steps.append("NAT is in the path, so \(peer) sends AM3 to UDP 4500, not 500: a firewall or port-forward that passes 500 and drops 4500 loses AM3 exactly like this.")
        } else {
            steps.append("Otherwise AM3 is lost on the way (a firewall or IPS dropping it).")
        }
        let fix = "Check \(peer)'s group name and group key (pre-shared key) against \(device.name)'s: `crypto isakmp client configuration group <name>` → `key` (`show running-config | section client configuration group`), or for a site-to-site peer the pre-shared key for \(device.name)'s address; the client's own log (`debug crypto isakmp` on an IOS EzVPN client, the VPN client's log) shows AM2 refused.\(nat ? " Permit UDP 4500 from \(peer) to \(device.name) and back, and forward it as well as 500 on any NAT in front of \(device.name)." : " A capture on \(device.name)'s outside interface shows whether AM3 arrives.")"
        return finding(sa, on: device,
                       summary: "AM3 from \(peer) never arrived: \(device.name) retransmitted AM2\(died ? " until the SA died" : "") (the client did not accept it: group key, or UDP 4500 with NAT)",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 1, sa.phase1 != .complete, !sa.reached("IKE_P1_COMPLETE"), !sa.reached("IKE_R_MM5"),
              sa.role == .responder || sa.reached("IKE_R_MM1") || sa.reached("IKE_R_MM4") else { return nil }
        // (The peer resending MM3 is peer-unreachable's "replies lost" case.)
        guard !sa.has({ $0 == .duplicatePacket }) else { return nil }
        // (Aggressive mode's counterpart: AM2 sent, `(R) AG_INIT_EXCH`, and AM3 never came.)
        let mm4Index = sa.events.firstIndex {
            if case let .stateChange(_, to) = $0.kind { return to == "IKE_R_MM4" || to == "IKE_R_AM2" }
            if case let .packetSent(_, _, _, role, label) = $0.kind { return role == "R" && (label.hasPrefix("MM_KEY_EXCH") || label.hasPrefix("AG_INIT_EXCH")) }
            return false
        }
        guard let mm4Index else { return nil }
        let aggressive: Bool
        switch sa.events[mm4Index].kind {
        case let .stateChange(_, to): aggressive = to == "IKE_R_AM2"
        case let .packetSent(_, _, _, _, label): aggressive = label.hasPrefix("AG_INIT_EXCH")
        default: aggressive = false
        }
        let after = sa.events[mm4Index...]
        let retransmits = after.filter { if case let .retransmit(_, _, _, phase) = $0.kind { return phase != 2 }; return false }
        let deaths = after.filter { if case let .saDeleted(reason, _, _) = $0.kind { return reason.contains("Death by retransmission") }; return false }
        guard !retransmits.isEmpty || !deaths.isEmpty else { return nil }
        // Anything from the peer after MM4 means MM5 (or something) did arrive.
        guard !after.contains(where: { if case .packetReceived = $0.kind { return true }; return false }) else { return nil }
        let peer = Say.peer(sa)
        let nat = sa.all {
            if case .natDetected = $0 { return true }
            if case .natHashMismatch = $0 { return sa.peerBehindNAT }
            return false
        }
        let certificates = sa.has { if case let .attribute(name, value) = $0 { return name == "authentication" && value.lowercased().hasPrefix("rsa") }; return false }
        var evidence: [Event] = [sa.events[mm4Index]] + Array(retransmits.prefix(2)) + deaths + Array(nat.prefix(1))
        if let mm4 = after.first(where: { if case .packetSent = $0.kind { return true }; return false }) { evidence.append(mm4) }
        if aggressive {
            return aggressiveFinding(sa, on: device, evidence: evidence, retransmits: retransmits, died: !deaths.isEmpty, nat: !nat.isEmpty || translatedPortOf(sa) != nil)
        }
        let waited = "\(device.name) answered \(peer)'s MM3 with MM4 (`(R) MM_KEY_EXCH`), then heard nothing more: it retransmitted MM4\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(deaths.isEmpty ? "" : " until the SA died (`Death by retransmission P1`)"). The peer never resent MM3 (no `duplicate` lines), so MM4 reached it and it moved on to MM5, the first encrypted message, which never arrived here."
        // (The NAT-D lines lost, a source port other than 500 still shows a NAT translating ports.)
        let translatedPort = translatedPortOf(sa)
        if !nat.isEmpty || translatedPort != nil {
            let sign = nat.first.map { "NAT was detected in MM3/MM4 (line \($0.firstLine))" }
                ?? "\(peer) sends from UDP port \(translatedPort!), not 500, so a NAT translates its ports and NAT-T applies"
            return finding(sa, on: device,
                           summary: "MM5 from \(peer) never arrived after NAT was detected: UDP 4500 is most likely blocked",
                           explanation: "\(waited) \(sign), so \(peer) sent MM5 to UDP 4500 instead of 500. Main mode worked on UDP 500 up to here; a firewall, ACL or NAT port-forward that passes 500 and not 4500 drops MM5 exactly like this. A pre-shared key mismatch would look different: MM5 would arrive and fail to decrypt (`reserved not zero on ID payload`).",
                           fix: "Permit UDP 4500 from \(peer) to \(device.name) (and back) on every firewall and ACL in the path, and forward UDP 4500 as well as 500 on any static NAT or port-forward in front of \(device.name) or \(peer); `show crypto isakmp sa detail` and a capture on UDP 4500 confirm that MM5 arrives.",
                           evidence: evidence)
        }
        let certificateWords = certificates
            ? " With certificates (rsa-sig) MM5 carries the initiator's certificate and is often larger than the path MTU: its IP fragments are dropped by a firewall or lost on a path with a smaller MTU."
            : ""
        return finding(sa, on: device,
                       summary: "MM5 from \(peer) never arrived: \(device.name) retransmitted MM4\(deaths.isEmpty ? "" : " until the SA died")",
                       explanation: "\(waited) Either MM5 is lost on the way (a firewall or IPS dropping it, NAT the debug did not report)\(certificateWords.isEmpty ? "" : ", fragments of a large MM5"), or \(peer) stopped after MM4 because it failed to build MM5; only its own debug tells.\(certificateWords) A pre-shared key mismatch would look different: MM5 would arrive and fail to decrypt (`reserved not zero on ID payload`).",
                       fix: "On \(peer), run `debug crypto isakmp` with `debug crypto condition peer ipv4 \(sa.local ?? "<this router's address>")` and check that it sends MM5 (`(I) MM_KEY_EXCH`) and to which port; capture on \(device.name)'s outside interface to see whether it arrives\(certificates ? " (with certificates, look for fragments and lower the MTU or enable `crypto isakmp fragmentation`)" : "").",
                       evidence: evidence)
    }
}
