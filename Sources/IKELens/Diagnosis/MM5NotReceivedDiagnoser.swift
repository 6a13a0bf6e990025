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
        meaning: "Responder sent MM4 and never received MM5 (it retransmits `(R) MM_KEY_EXCH` until the SA dies): with NAT, UDP 4500 is blocked; otherwise MM5 is lost or the initiator stopped.",
        usualFix: "Permit UDP 4500 both ways when NAT is detected; otherwise look at the initiator's debug and at fragments of a large MM5 (certificates).",
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
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 1, sa.phase1 != .complete, !sa.reached("IKE_P1_COMPLETE"), !sa.reached("IKE_R_MM5"),
              sa.role == .responder || sa.reached("IKE_R_MM1") || sa.reached("IKE_R_MM4") else { return nil }
        // (The peer resending MM3 is peer-unreachable's "replies lost" case.)
        guard !sa.has({ $0 == .duplicatePacket }) else { return nil }
        let mm4Index = sa.events.firstIndex {
            if case let .stateChange(_, to) = $0.kind { return to == "IKE_R_MM4" }
            if case let .packetSent(_, _, _, role, label) = $0.kind { return role == "R" && label.hasPrefix("MM_KEY_EXCH") }
            return false
        }
        guard let mm4Index else { return nil }
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
        let waited = "\(device.name) answered \(peer)'s MM3 with MM4 (`(R) MM_KEY_EXCH`), then heard nothing more: it retransmitted MM4\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(deaths.isEmpty ? "" : " until the SA died (`Death by retransmission P1`)"). The peer never resent MM3 (no `duplicate` lines), so MM4 reached it and it moved on to MM5, the first encrypted message, which never arrived here."
        // (The NAT-D lines lost, a source port other than 500 still shows a NAT translating ports.)
        let translatedPort = sa.peerPort.flatMap { $0 != 500 && $0 != 4500 ? $0 : nil }
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
