/// The initiator sent MM5 and never got MM6: it retransmits MM_KEY_EXCH or
/// dies in IKE_I_MM5. The responder refused the identity or could not decrypt it.
public struct MM5RejectedByPeerDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.retransmit, .saDeleted]

    public static let description = DiagnoserDescription(
        id: "mm5-rejected-by-peer",
        severity: .error,
        meaning: "Initiator sent MM5 (its identity) and got no MM6: the responder refused it — keyring mismatch or different pre-shared key on the responder; with certificates (rsa-sig), the certificate rejected or MM5's fragments lost.",
        usualFix: "Look at the responder's log for `keyring-mismatch` or `psk-mismatch`; align its keyring or key for this peer (certificates: its PKI errors, or `crypto isakmp fragmentation`).",
        triggering: [
            """
            *Jun 19 12:28:44.270: ISAKMP:(1012): sending packet to 192.168.0.1 my_port 500 peer_port 500 (I) MM_KEY_EXCH
            *Jun 19 12:28:44.270: ISAKMP:(1012):Old State = IKE_I_MM4  New State = IKE_I_MM5
            *Jun 19 12:28:54.270: ISAKMP:(1012): retransmitting phase 1 MM_KEY_EXCH...
            *Jun 19 12:28:54.270: ISAKMP (1012): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
            *Jun 19 12:28:54.270: ISAKMP:(1012): sending packet to 192.168.0.1 my_port 500 peer_port 500 (I) MM_KEY_EXCH
            """,
        ],
        nonTriggering: [
            """
            *Jun 19 10:04:24.838: ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_KEY_EXCH
            *Jun 19 10:04:24.838: ISAKMP:(1011):Old State = IKE_I_MM4  New State = IKE_I_MM5
            *Jun 19 10:04:24.839: ISAKMP (1011): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_KEY_EXCH
            *Jun 19 10:04:24.839: ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6
            *Jun 19 10:04:24.839: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // (MM5 sent: by the states, or by the packets when the log starts after them.)
        guard sa.phase1 != .complete, !sa.reached("IKE_I_MM6"), !sa.reached("IKE_P1_COMPLETE"), sa.initiatorSentMainMode == 5 else { return nil }
        // Stuck after sending MM5: retransmitted it, or was deleted there.
        let mm5Index = sa.events.firstIndex { if case let .stateChange(_, to) = $0.kind { return to == "IKE_I_MM5" }; return false } ?? 0
        let after = sa.events[mm5Index...]
        let retransmits = after.filter { if case .retransmit = $0.kind { return true }; return false }
        // (A delete the operator's `clear` caused says nothing of the peer.)
        let deletes = sa.clearedByOperator != nil ? [] : after.filter { if case .saDeleted = $0.kind { return true }; return false }
        guard !retransmits.isEmpty || !deletes.isEmpty else { return nil }
        // MM6 came (the SA was then cleared, say): the peer did answer.
        let answered = after.contains { if case .packetReceived = $0.kind { return true }; return false }
        if answered && retransmits.isEmpty { return nil }
        let peer = Say.peer(sa)
        var evidence: [Event] = [sa.events[mm5Index]]
        evidence += retransmits.prefix(2)
        evidence += deletes
        if let req = sa.first({ if case .saRequest = $0 { return true }; return false }) { evidence.append(req) }
        if let k = sa.first({ if case .keyringKey = $0 { return true }; return false }) { evidence.append(k) }
        var steps: [String] = []
        steps.append("\(device.name) initiated main mode to \(peer)\(sa.requestedProfile.map { " with ISAKMP profile \($0)" } ?? "")\(sa.keyKeyring.map { " and the key from keyring \($0)" } ?? ""). MM1 to MM4 went through, so the peer answers and the phase 1 proposal was accepted.")
        steps.append("\(device.name) then sent MM5, its identity encrypted with keys derived from the pre-shared key, and never got MM6: it retransmitted MM_KEY_EXCH\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(deletes.isEmpty ? "" : " and gave up (`deleting SA reason \"\(sa.deleteReason ?? "")\"`)").")
        // NAT-T: MM5 is the first message on UDP 4500; nothing came back on that port.
        let on4500 = after.contains { if case let .packetSent(_, l, p, _, _) = $0.kind { return l == 4500 || p == 4500 }; return false }
        let silent4500 = on4500 && sa.receivedOn4500BeforeQuickMode == nil
        if silent4500 {
            steps.append("NAT was detected, so MM5 was the first message on UDP 4500, and nothing came back on that port: a firewall or NAT device that drops or mistranslates UDP 4500 loses MM5 the same way, so check that path first.")
        }
        // RSA signatures: no pre-shared key is involved; MM5 carries the certificate.
        let certificates = sa.has { if case let .attribute(name, value) = $0 { return name == "authentication" && value.lowercased().hasPrefix("rsa") }; return false }
        if certificates {
            if let auth = sa.mainModeEvents.last(where: { if case let .attribute(name, _) = $0.kind { return name == "authentication" }; return false }) {
                evidence.append(auth)
            }
            steps[1] = "\(device.name) then sent MM5, its identity, certificate and signature (the policy authenticates with RSA signatures, no pre-shared key), and never got MM6: it retransmitted MM_KEY_EXCH\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(deletes.isEmpty ? "" : " and gave up (`deleting SA reason \"\(sa.deleteReason ?? "")\"`)")."
            steps.append("\(silent4500 ? "Otherwise two" : "Two") causes fit: MM5, which carries the certificate, is larger than the path MTU and its IP fragments are dropped on the way (a firewall, a path with a smaller MTU); or the responder rejected the certificate (it does not trust the issuing CA, cannot reach the CRL, or its clock puts the certificate outside its validity: `%CRYPTO-5-IKMP_INVAL_CERT` or `IKMP_AUTH_FAIL` there). This log alone cannot tell which.")
            let fix = "On the responder \(peer), run `debug crypto isakmp` and `debug crypto pki transactions` with `debug crypto condition peer ipv4 \(Say.addressAtPeer(sa, otherwise: "<this router's address>"))` and bring the tunnel up from \(device.name) again: no MM5 there means fragments are lost (enable `crypto isakmp fragmentation` on both ends, or lower the MTU / permit fragments on the path); a certificate error there means trusting the issuing CA (`crypto pki authenticate`), reaching the CRL (or `revocation-check none` for a test) and fixing the clocks (NTP).\(silent4500 ? " First make sure UDP 4500 passes both ways between the two." : "")"
            return finding(sa, on: device,
                           summary: "\(peer) did not answer \(device.name)'s MM5: the certificate was rejected or MM5's fragments were lost",
                           explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
        }
        steps.append("\(silent4500 ? "Otherwise the" : "The") responder refused MM5. Two causes fit: the responder chose its key from another keyring than the profile that matches \(device.name)'s identity (`Key not found in keyrings of profile` there: keyring-mismatch), or the two pre-shared keys differ (`reserved not zero on ID payload` / `IKMP_BAD_MESSAGE` there: psk-mismatch). This log alone cannot tell which.")
        let fix = "On the responder \(peer), run `debug crypto condition peer ipv4 \(Say.addressAtPeer(sa, otherwise: "<this router's address>"))`, `debug crypto isakmp` and `debug crypto isakmp detail`, bring the tunnel up from \(device.name) again, and look for `Key not found in keyrings of profile` (keep \(device.name)'s address in one keyring only, the one its matching profile uses) or `reserved not zero on ID payload` (make the keys identical); `show crypto isakmp key` on both ends compares the keys.\(silent4500 ? " First make sure UDP 4500 passes both ways between the two (a capture on the responder's side shows whether MM5 arrives)." : "")"
        return finding(sa, on: device,
                       summary: "\(peer) did not answer \(device.name)'s MM5: the responder rejected its identity or key",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
