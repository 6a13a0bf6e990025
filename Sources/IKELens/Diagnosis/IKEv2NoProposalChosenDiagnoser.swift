/// IKEv2: `NOTIFY(NO_PROPOSAL_CHOSEN)` (or TS_UNACCEPTABLE) for the IKE SA or a child SA.
public struct IKEv2NoProposalChosenDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .v2Refusal

    public static let description = DiagnoserDescription(
        id: "ikev2-no-proposal-chosen",
        severity: .error,
        meaning: "IKEv2 `NO_PROPOSAL_CHOSEN` / `TS_UNACCEPTABLE`: in IKE_SA_INIT no common IKEv2 proposal (or `INVALID_KE_PAYLOAD` asking for another DH group, and no retry came up); in IKE_AUTH or CREATE_CHILD_SA the child SA's transforms or traffic selectors were refused.",
        usualFix: "Align the IKEv2 proposals (IKE_SA_INIT) or the transform sets, PFS and traffic selectors / ACLs (child SA) on both ends.",
        triggering: [
            """
            *Nov 12 16:00:01.100: IKEv2:(SESSION ID = 31,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 1D418169B24BF95A - Responder SPI : A645046F734260C6 Message id: 1
            IKEv2 IKE_AUTH Exchange RESPONSE
            Payload contents:
             VID IDr AUTH NOTIFY(NO_PROPOSAL_CHOSEN)
            """,
            // The responder refusing the child SA: its crypto ACL does not cover the traffic selectors.
            """
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 3CA0E7194B6D2F85 - Responder SPI : E512B8D40C7F9A36 Message id: 1
            IKEv2 IKE_AUTH Exchange REQUEST
            Payload contents:
             VID IDi AUTH SA TSi TSr NOTIFY(INITIAL_CONTACT) NOTIFY(SET_WINDOW_SIZE)
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Verification of peer's authentication data PASSED
            *Nov 17 13:26:50.086: IKEv2-ERROR:(SESSION ID = 15,SA ID = 1)::There was no IPSEC policy found for received TS
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Sending TS unacceptable notify
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Session with IKE ID PAIR (198.51.100.2, 203.0.113.1) is UP
            """,
            // The responder asks for another DH group (INVALID_KE_PAYLOAD) and no retry ever comes up.
            """
            *Mar  4 08:41:07.212: IKEv2:Received Packet [From 192.0.2.66:500/To 192.0.2.1:500/VRF i0:f0]
            Initiator SPI : 7A41C09E33D2B518 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange REQUEST
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Mar  4 08:41:07.212: IKEv2:(SESSION ID = 3,SA ID = 1):Processing IKE_SA_INIT message
            *Mar  4 08:41:07.212: IKEv2:(SESSION ID = 3,SA ID = 1):Sending invalid ke notify
            *Mar  4 08:41:07.212: IKEv2:(SESSION ID = 3,SA ID = 1):Sending Packet [To 192.0.2.66:500/From 192.0.2.1:500/VRF i0:f0]
            Initiator SPI : 7A41C09E33D2B518 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange RESPONSE
            Payload contents:
             NOTIFY(INVALID_KE_PAYLOAD)
            *Mar  4 08:41:07.212: IKEv2:(SESSION ID = 3,SA ID = 1):Deleting SA
            *Mar  4 08:42:07.212: IKEv2:(SESSION ID = 4,SA ID = 1):Sending DPD/liveness query
            """,
        ],
        nonTriggering: [
            // The log ends with the answer: a retry, which comes at once, may lie past its end.
            """
            *Mar  4 08:41:07.212: IKEv2:(SESSION ID = 3,SA ID = 1):Sending Packet [To 192.0.2.66:500/From 192.0.2.1:500/VRF i0:f0]
            Initiator SPI : 7A41C09E33D2B518 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange RESPONSE
            Payload contents:
             NOTIFY(INVALID_KE_PAYLOAD)
            *Mar  4 08:41:07.212: IKEv2:(SESSION ID = 3,SA ID = 1):Deleting SA
            """,
            """
            *Nov 12 16:00:01.100: IKEv2:(SESSION ID = 31,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 1D418169B24BF95A - Responder SPI : A645046F734260C6 Message id: 1
            IKEv2 IKE_AUTH Exchange RESPONSE
            Payload contents:
             VID IDr AUTH SA TSi TSr NOTIFY(SET_WINDOW_SIZE)
            """,
        ])

    /// How long after an `INVALID_KE_PAYLOAD` answer the log must go on for its missing retry to count.
    static let retryWindow = 5.0

    /// This router answered IKE_SA_INIT with `INVALID_KE_PAYLOAD` (it wants another DH group) and
    /// no later session from that peer came up: the initiator never retried with the group, or its
    /// retries were refused alike. (A retry that came up is DH-group negotiation, no failure; the
    /// device's other SAs tell, so streaming output, which diagnoses an SA as it ends and sees no
    /// other, holds such an SA until a later session comes up or the input ends: see
    /// `LogAnalyzer.groupAsks`.)
    private func groupNeverAgreed(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard !device.sas.isEmpty, let peerAddress = sa.peer,
              !device.sas.contains(where: { $0.number != sa.number && $0.peer == peerAddress && $0.established && $0.firstLine > sa.firstLine })
        else { return nil }
        let asks = device.sas.filter { $0.peer == peerAddress && $0.v2AskedForAnotherGroup }
        let peer = Say.peer(sa)
        let evidence = sa.events.filter { e in
            if case let .v2Packet(_, _, _, _, _, _, p) = e.kind { return (p ?? "").contains("INVALID_KE_PAYLOAD") }
            return false
        }
        // (An initiator retries at once with the group asked for: a log that ends within seconds
        // of the answer, cut or captured too briefly, cannot tell that no retry came; without
        // stamps, one that ends with the SA's own lines.)
        if let asked = evidence.last?.stamp, let end = device.lastStamp {
            if asked.seconds(until: end) < Self.retryWindow { return nil }
        } else if device.lastEventLine <= sa.lastLine {
            return nil
        }
        return finding(sa, on: device,
                       summary: "\(device.name) asked \(peer) for another DH group in IKE_SA_INIT (INVALID_KE_PAYLOAD) and no retry came up",
                       explanation: "\(device.name) answered \(peer)'s IKE_SA_INIT with `INVALID_KE_PAYLOAD`: the proposal lists a DH group \(device.name) accepts, but the key exchange (KE) payload was computed for another one, so \(device.name) asks for its preferred group (RFC 7296 §1.2). That is normal once, when the initiator then retries with that group. Here no later session from \(peer) came up in this log (\(asks.count) such answer\(asks.count == 1 ? "" : "s")): the initiator did not retry, or cannot use the group \(device.name) wants.",
                       fix: "Make the DH group the initiator sends first one \(device.name)'s `crypto ikev2 proposal` accepts (`group 19 20 14` in the same order of preference on both ends), or check on \(peer) why it does not retry with the group asked for.",
                       evidence: evidence)
    }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 2 else { return nil }
        func refuses(_ p: String?) -> Bool { (p ?? "").contains("NO_PROPOSAL_CHOSEN") || (p ?? "").contains("TS_UNACCEPTABLE") }
        // The refusal's packet, or (its dump lost) IOS's own line about it: `Received no proposal
        // chosen notify`, then the exchange is the last one before that line.
        let notices = sa.events.filter { if case let .v2Failure(t) = $0.kind { return EventKind.namesV2Refusal(t) }; return false }
        let notice = notices.first
        let x: Exchange
        let ts: Bool
        if let packet = sa.exchanges.first(where: { refuses($0.payloads) }) {
            x = packet
            ts = (x.payloads ?? "").contains("TS_UNACCEPTABLE")
        } else if let notice, let last = sa.exchanges.last(where: { $0.line < notice.firstLine }) {
            // (`Received no proposal chosen notify`: the peer refused; any other: this router.)
            x = Exchange(name: last.name, messageID: last.messageID, sent: !notice.text.contains("Received"),
                         request: false, payloads: nil, line: notice.firstLine, stamp: notice.stamp)
            ts = notices.contains { if case let .v2Failure(t) = $0.kind { return EventKind.namesV2SelectorRefusal(t) }; return false }
        } else if sa.v2AskedForAnotherGroup {
            return groupNeverAgreed(sa, on: device)
        } else {
            return nil
        }
        let peer = Say.peer(sa)
        let evidence = sa.events.filter { e in
            if case let .v2Packet(_, _, _, _, _, _, p) = e.kind { return refuses(p) }
            if case .v2Failure = e.kind { return true }
            return false
        }
        let who = x.sent ? device.name : peer
        let other = x.sent ? peer : device.name
        if x.name == "IKE_SA_INIT" {
            return finding(sa, on: device,
                           summary: "\(who) refused \(other)'s IKEv2 proposal in IKE_SA_INIT: no common encryption / integrity / PRF / DH group",
                           explanation: "The very first exchange failed: \(who) answered IKE_SA_INIT with `NO_PROPOSAL_CHOSEN`, so no IKE SA exists. IKEv2 proposals list encryption, integrity, PRF and Diffie-Hellman groups; at least one combination must be configured on both ends (the responder picks from the initiator's list, in the order of its own policy).",
                           fix: "Compare `show crypto ikev2 proposal` / `show crypto ikev2 policy` on \(device.name) and \(peer) (the default proposal differs between releases) and add a common proposal, e.g. `encryption aes-cbc-256`, `integrity sha256`, `group 14`, referenced by the `crypto ikev2 policy` that matches the local address and fVRF.",
                           evidence: evidence)
        }
        let v6 = (sa.peer ?? sa.local ?? "").contains(":")
        if x.name == "CREATE_CHILD_SA" {
            return createChildSA(sa, on: device, x, ts: ts, who: who, evidence: evidence, v6: v6)
        }
        return finding(sa, on: device,
                       summary: "The IKEv2 SA with \(peer) came up but \(who) refused the child SA in \(x.name) (\(ts ? "TS_UNACCEPTABLE" : "NO_PROPOSAL_CHOSEN"))",
                       explanation: "Authentication is done in the same \(x.name) exchange, and IOS can bring the IKE SA up while the IPsec (child) SA it carries is refused: \(who) answered with `\(ts ? "TS_UNACCEPTABLE" : "NO_PROPOSAL_CHOSEN")`. \(ts ? "The traffic selectors (the networks to protect) do not match the peer's ACL or tunnel." : "Either no transform set matches (ESP encryption, integrity, mode)\(x.name == "IKE_AUTH" ? "" : ", PFS differs (a rekey's CREATE_CHILD_SA carries its own DH group)"), or the traffic selectors match no crypto map / ipsec profile entry on \(who) (which IOS may also answer with TS_UNACCEPTABLE): NO_PROPOSAL_CHOSEN alone does not say which.\(x.name == "IKE_AUTH" ? " (PFS plays no part here: the first child SA, made in IKE_AUTH, uses the IKE SA's keys; a `set pfs` mismatch shows only at the first rekey.)" : "")") With no child SA the tunnel passes no traffic and the IKE SA is usually deleted soon after.",
                       fix: "Compare on both ends the ipsec profile or crypto map used for this peer: `show crypto ipsec transform-set`\(x.name == "IKE_AUTH" ? "" : ", `set pfs`"), and the ACL or tunnel mode (a VTI proposes \(v6 ? "::/0" : "0.0.0.0/0") selectors, a crypto map its ACL, GRE over IPsec the GRE packets between the tunnel endpoints); `debug crypto ikev2` and `debug crypto ipsec` on \(who) name the refused item.",
                       evidence: evidence)
    }

    /// CREATE_CHILD_SA refused: an additional child SA, or (`NOTIFY(REKEY_SA)` in this router's
    /// request) the rekey of one. Authentication is long done (IKE_AUTH); a refused rekey leaves
    /// the old child SA working until it expires. A rekey carrying KE (PFS) refused with the
    /// transforms the first child SA (IKE_AUTH: never a KE) was accepted with points at PFS.
    private func createChildSA(_ sa: SecurityAssociation, on device: DeviceTimeline, _ x: Exchange, ts: Bool, who: String,
                               evidence: [Event], v6: Bool) -> Finding {
        let peer = Say.peer(sa)
        let notify = ts ? "TS_UNACCEPTABLE" : "NO_PROPOSAL_CHOSEN"
        // This router's request of that exchange: the last rekey line and proposal before it.
        let request = sa.exchanges.last { $0.name == "CREATE_CHILD_SA" && $0.sent && $0.request == true && $0.line < x.line }
        let bound = request?.line ?? x.line
        let rekey = x.sent ? nil : sa.events.last { e in
            guard e.firstLine < bound, case .v2ChildRekey = e.kind else { return false }
            return true
        }
        let ke: Bool = { if case let .v2ChildRekey(k)? = rekey?.kind { return k }; return false }()
        func transforms(before line: Int, after: Int) -> String? {
            for e in sa.events.reversed() where e.firstLine < line && e.firstLine > after {
                if case let .v2ChildProposal(t) = e.kind { return t }
            }
            return nil
        }
        let authRequest = sa.exchanges.first { $0.name == "IKE_AUTH" && $0.sent && $0.request == true }
        let firstChildUp = sa.quickModes.contains { $0.result == .complete }
        let firstTransforms = authRequest.flatMap { transforms(before: $0.line, after: 0) }
        let rekeyTransforms = rekey.flatMap { r in transforms(before: r.firstLine, after: authRequest?.line ?? 0) }
        let pfsLikely = !ts && ke && firstChildUp && firstTransforms != nil && firstTransforms == rekeyTransforms
        var ev = evidence
        if let rekey { ev.append(rekey) }
        var steps: [String] = []
        if rekey != nil {
            steps.append("The IKE SA with \(peer) is up (authentication was done in IKE_AUTH, which also made the first child SA); \(device.name) asked in CREATE_CHILD_SA to rekey a child SA (`NOTIFY(REKEY_SA)`\(ke ? ", with a KE payload: PFS" : "")) and \(who) refused it with `\(notify)`.")
            steps.append("A refused rekey does not remove the child SA being rekeyed: it keeps carrying traffic until its lifetime expires (IOS tries the rekey again meanwhile); if no rekey succeeds by then, the tunnel stops passing traffic.")
        } else {
            steps.append("The IKE SA with \(peer) is up (authentication was done in IKE_AUTH); a CREATE_CHILD_SA exchange, which makes an additional child SA or rekeys one, was refused: \(who) answered with `\(notify)`. Child SAs already up are not affected by it.")
        }
        if pfsLikely, let t = firstTransforms {
            steps.append("The rekey proposed the same transforms (\(t)) that \(peer) accepted for the first child SA in IKE_AUTH; the difference is the KE payload, which IKE_AUTH never carries, so PFS is the likely mismatch: \(device.name)'s ipsec profile or crypto map has `set pfs` and \(peer)'s has none, or another group (a PFS mismatch shows only at the first rekey).")
        } else if ts {
            steps.append("The traffic selectors (the networks to protect) do not match the peer's ACL or tunnel.")
        } else {
            steps.append("Either no transform set matches (ESP encryption, integrity, mode), PFS differs (a CREATE_CHILD_SA carries its own DH group when PFS is set), or the traffic selectors match no crypto map / ipsec profile entry on \(who) (which IOS may also answer with TS_UNACCEPTABLE): NO_PROPOSAL_CHOSEN alone does not say which.")
        }
        let fix = pfsLikely
            ? "Configure the same PFS on both ends for this peer: `set pfs groupN` with the same group in the ipsec profile or crypto map on \(device.name) and \(peer), or on neither (`show crypto ipsec profile`, `show crypto map`); `debug crypto ikev2` and `debug crypto ipsec` on \(peer) confirm it."
            : "Compare on both ends the ipsec profile or crypto map used for this peer: `show crypto ipsec transform-set`, `set pfs`, and the ACL or tunnel mode (a VTI proposes \(v6 ? "::/0" : "0.0.0.0/0") selectors, a crypto map its ACL, GRE over IPsec the GRE packets between the tunnel endpoints); `debug crypto ikev2` and `debug crypto ipsec` on \(who) name the refused item."
        return finding(sa, on: device,
                       summary: rekey != nil
                           ? "\(who) refused \(device.name)'s rekey of a child SA in CREATE_CHILD_SA (\(notify))\(pfsLikely ? ": PFS most likely differs" : "")"
                           : "The IKEv2 SA with \(peer) is up but \(who) refused a child SA in CREATE_CHILD_SA (\(notify))",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: ev)
    }
}
