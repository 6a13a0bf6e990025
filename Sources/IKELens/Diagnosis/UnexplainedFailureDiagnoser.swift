/// An SA that failed, whose cause no other rule recognizes: said plainly, so a failure is never
/// reported as "no problems found" (and a script gating on the exit status sees it).
public struct UnexplainedFailureDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "unexplained-failure",
        severity: .error,
        meaning: "Phase 1 failed, or quick mode was refused, and no other rule recognizes why: the lines that would tell are missing (debug turned on late, lines lost, only `%CRYPTO-6-IKMP_MODE_FAILURE` logged) or the failure is one IKELens does not know.",
        usualFix: "Capture `debug crypto isakmp` (with `detail`) and `debug crypto ipsec` on both ends from the first packet, and analyze that.",
        triggering: [
            // The syslog message alone (`show logging | include CRYPTO`, no debug on).
            "*Mar  1 00:42:09.431: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 192.1.20.3",
            """
            *Nov 17 09:12:10.101: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2
            *Nov 17 09:12:20.101: ISAKMP:(0): retransmitting phase 1 MM_SA_SETUP...
            *Nov 17 09:12:50.102: ISAKMP:(0):deleting SA reason "Death by retransmission P1" state (R) MM_SA_SETUP (peer 198.51.100.40)
            *Nov 17 09:12:50.102: ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_DEST_SA
            """,
        ],
        nonTriggering: [
            // Explained by another rule: that rule's finding, not this one.
            """
            *Mar  1 00:42:09.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.1.20.2 failed its sanity check or is malformed
            """,
            // The same for the router-wide messages: the aggressive mode's end is ike-auth-failed's.
            """
            *Mar  3 09:12:40.231: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 65001 failed with host 198.51.100.77
            *Mar  3 09:12:40.231: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at 198.51.100.77
            """,
            // Not a failure.
            """
            *Jun 19 10:04:24.839: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            """,
            // IKEv2 responder asking for another DH group (RFC 7296 §1.2): the initiator retries
            // with a new IKE_SA_INIT, a new session. Normal negotiation, not a failure.
            """
            *Nov 17 13:26:50.060: IKEv2:Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 3CA0E7194B6D2F85 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange REQUEST
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Nov 17 13:26:50.060: IKEv2:(SESSION ID = 14,SA ID = 1):Processing IKE_SA_INIT message
            *Nov 17 13:26:50.060: IKEv2:(SESSION ID = 14,SA ID = 1):Sending invalid ke notify
            *Nov 17 13:26:50.060: IKEv2:(SESSION ID = 14,SA ID = 1):Sending Packet [To 198.51.100.2:500/From 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 3CA0E7194B6D2F85 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange RESPONSE
            Payload contents:
             NOTIFY(INVALID_KE_PAYLOAD)
            *Nov 17 13:26:50.060: IKEv2:(SESSION ID = 14,SA ID = 1):Deleting SA
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // (Cheap first: this runs on every SA. A finding made before, by another rule, explains
        // it; this one's own is no reason.)
        guard Self.failed(sa), Self.unexplained(sa.findingIds) else { return nil }
        // (Run alone, as the examples do: the other rules first, as an analysis runs them.)
        return SADiagnosis().findings(sa, on: device).first { $0.id == Self.description.id }
    }

    /// `%CRYPTO-6-IKMP_MODE_FAILURE` with no IKE debug around it (`show logging | include CRYPTO`):
    /// the negotiation with that peer failed, and the log does not say why.
    public func diagnose(device: DeviceTimeline) -> [Finding] {
        // (A phase 1 failure whose `IKMP_AUTH_FAIL` names the same peer is ike-auth-failed's: it
        // tells the mode's end too.)
        let authFailed = IKEAuthFailedDiagnoser.routerWidePeers(device)
        return RouterMessages.byPeer(device, mnemonic: "IKMP_MODE_FAILURE").compactMap { group in
            let (who, _) = RouterMessages.subject(group)
            // The mode as the message names it (`Main`, `Aggressive`, `Quick`, `Informational`).
            let modes = Self.modes(group.events)
            let quick = modes == ["Quick"]
            let informational = modes == ["Informational"]
            let phase1 = !modes.isEmpty && modes.allSatisfy { $0 == "Main" || $0 == "Aggressive" }
            if phase1, let p = group.peer, group.otherPeers == 0, authFailed.contains(p) { return nil }
            let what = quick ? "Quick mode (phase 2)" : phase1 ? "Phase 1" : informational ? "An informational exchange" : "Negotiation"
            let times = group.count > 1 ? " (\(group.count) times)" : ""
            let p = group.peer ?? "<peer>"
            let quoted = modes.map { "`Processing of \($0) mode failed with peer at \(who)`" }.joined(separator: ", ")
            let note = quick ? "Phase 1 was up: the quick-mode proposal was refused by one end."
                : informational ? "An informational exchange carries a notify or a delete: one from \(who) could not be processed. Before phase 1 is up such a notify has no hash and IOS rejects it (`Notify has no hash. Rejected.`); that is how a peer refuses this router's MM1 (no common ISAKMP policy, or no key for this router), so check the phase 1 policies and keys on both ends." : ""
            return finding(device: device, peer: group.peer,
                           summary: "\(what) with \(who) failed\(times): the log does not show why",
                           explanation: "\(device.name) logged `%CRYPTO-6-IKMP_MODE_FAILURE` (\(quoted.isEmpty ? "`Processing of … mode failed with peer at \(who)`" : quoted))\(times): IOS gave up on the exchange. The message says only that it failed; the cause (proposal, key, identity, crypto ACL, transform set) is in the debug lines this log does not have. \(note)",
                           fix: "Capture the exchange with `debug crypto isakmp` and `debug crypto ipsec` (limited with `debug crypto condition peer ipv4 \(p)`), then `clear crypto session remote \(p)` to retry, and analyze that log.",
                           evidence: Array(group.events.prefix(3)))
        }
    }

    /// The modes the messages name, in the order seen: `Processing of <Mode> mode failed`.
    static func modes(_ events: [Event]) -> [String] {
        var out: [String] = []
        for e in events {
            guard let r = e.text.range(of: "Processing of ") else { continue }
            let m = String(e.text[r.upperBound...].prefix { $0.isLetter })
            if !m.isEmpty, !out.contains(m) { out.append(m) }
        }
        return out
    }

    /// No finding among `ids` (made before) explains a failure: none, this one's, or notes.
    static func unexplained(_ ids: [String]) -> Bool {
        ids.allSatisfy { $0 == description.id || DiagnoserRegistry.description(of: $0)?.severity == .info }
    }

    /// Phase 1 failed, or a quick mode was refused.
    static func failed(_ sa: SecurityAssociation) -> Bool {
        // (Deleted by the operator's `clear`: cut short, not failed; `cleared-by-operator` says so.)
        if sa.clearedByOperator != nil { return false }
        if sa.quickModes.contains(where: { $0.result == .rejected || $0.result == .refusedByPeer || $0.result == .noReply }) { return true }
        // (Most SAs came up: said by their states, before the full account of phase 1.)
        if sa.version == 1, !sa.quickModes.isEmpty || sa.reached("IKE_P1_COMPLETE") { return false }
        if sa.version == 2, sa.established { return false }
        return Correlator.phase1Result(sa) == .failed
    }

    /// The finding for a failed SA that no other rule explained (the caller ran them).
    func explain(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard Self.failed(sa) else { return nil }
        let failed = Correlator.phase1Result(sa) == .failed
        let peer = Say.peer(sa)
        // (The state it failed in, not the IKE_DEST_SA it was deleted to.)
        let state = sa.stateBeforeDeletion
        let what: String
        if failed {
            what = sa.version == 2 ? "The IKEv2 SA with \(peer) failed" : "Phase 1 with \(peer) failed\(state.map { " in \($0)" } ?? "")"
        } else {
            what = sa.quickModes.contains(where: { $0.result == .rejected || $0.result == .refusedByPeer })
                ? "Phase 1 with \(peer) is up, but quick mode was refused (\(sa.quickModes.contains { $0.result == .rejected } ? "by \(device.name)" : "by \(peer)"))"
                : "Phase 1 with \(peer) is up, but quick mode got no answer"
        }
        // The SA's last failure signs: its deletion, errors and state changes, newest last.
        let signs = sa.events.filter { e in
            switch e.kind {
            case .saDeleted, .fsmError, .v2Failure, .v2Deleting, .nodeDeleted, .notify, .retransmit, .stateChange: return true
            default: return false
            }
        }
        var evidence = Array(signs.suffix(4))
        var steps = ["\(what)\(sa.deleteReason.map { " (deleted: \"\($0)\")" } ?? ""), and none of IKELens's diagnoses matches the lines the log shows for it."]
        var summary = "\(what): the log does not show why"
        if failed, let m = Self.stoppedLikeAKeyringMismatch(sa) {
            // The decisive line lost (a relay drops lines): where it stopped says what it likely was.
            summary += " (it stopped where a keyring mismatch stops)"
            steps.append("It stopped where a keyring mismatch stops: at MM5, right after the identity matched ISAKMP profile \(m.profile) and IOS looked the key up in its keyring \(m.keyring), it ended the exchange (`FSM action returned error`). That is what IOS does when the key it took at MM3 came from another keyring; the line that says so (`Key not found in keyrings of profile`) is not in the log (a syslog relay may have dropped it). Check that \(peer)'s address is in one keyring only, \(m.keyring).")
            evidence = (evidence + m.lines).sorted { $0.firstLine < $1.firstLine }
        } else if failed, P1ProposalMismatchDiagnoser.checkNotInLog(sa),
                  let refusal = sa.mainModeEvents.first(where: { if case .phase1NotAcceptable = $0.kind { return true }; if case .noOffersAccepted = $0.kind { return true }; return false }) {
            // Refused at MM1, the check itself before the log's first line.
            summary = "\(what): refused at MM1, but the log begins after the proposal was checked"
            steps.append("\(device.name) refused \(peer)'s MM1 (`\(refusal.text)`), but the log begins after that proposal was checked (its first lines are missing: debug turned on late, the buffer wrapped), so it does not show why: no common ISAKMP policy (p1-proposal-mismatch) and no pre-shared key for the peer (no-psk) end with the same lines. The peer's next attempt in the log, if any, shows which.")
            evidence.append(refusal)
        } else if sa.states.first?.from == "IKE_READY" || sa.version == 2 && sa.exchanges.first?.name == "IKE_SA_INIT" {
            // (The log shows the exchange from its first step: nothing is missing at its start.)
            let debugs = sa.version == 2 ? "`debug crypto ikev2 error`, `debug crypto ikev2 packet`" : "`debug crypto isakmp detail`, `debug crypto ipsec`"
            steps.append("The log shows the exchange from its start, so either the cause is in a line IKELens does not read as one (a message it does not know yet), or in lines this capture does not have (\(debugs), or the other end's debug). The SA's last lines below show where it stopped.")
        } else {
            steps.append("Either the lines that would tell the cause are not in the log (debug turned on after the exchange began, the buffer wrapped, lines lost on the way to the syslog server, `debug crypto ipsec` not running), or this is a failure IKELens does not know yet. The SA's last lines are quoted below.")
        }
        let p = sa.peer ?? "<peer>"
        let fix = sa.version == 2
            ? "Capture the exchange again from its first packet on both ends: `debug crypto ikev2`, `debug crypto ikev2 error` and `debug crypto ipsec` (limited with `debug crypto condition peer ipv4 \(p)`), then `clear crypto ikev2 sa remote \(p)` to restart it, and analyze that log. Compare `show crypto ikev2 proposal`, `show crypto ikev2 profile`, the keyrings and the ipsec profile or crypto map on both ends meanwhile."
            : "Capture the exchange again from its first packet on both ends: `debug crypto isakmp`, `debug crypto isakmp detail` and `debug crypto ipsec` (limited with `debug crypto condition peer ipv4 \(p)`), then `clear crypto sa peer \(p)` and `clear crypto isakmp` to restart it, and analyze that log. Compare `show crypto isakmp policy`, the keys and the crypto map or tunnel protection on both ends meanwhile."
        return finding(sa, on: device,
                       summary: summary,
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }

    /// An IKEv1 responder that died in IKE_R_MM5 with an FSM error right after the matched
    /// profile's keyring lookup (`peer matches P profile`, `Found ADDRESS key in keyring K`,
    /// `FSM action returned error: 2`): how a keyring mismatch ends, its own line lost.
    static func stoppedLikeAKeyringMismatch(_ sa: SecurityAssociation) -> (profile: String, keyring: String, lines: [Event])? {
        guard sa.version == 1, sa.role == .responder, sa.stateBeforeDeletion == "IKE_R_MM5",
              let error = sa.events.lastIndex(where: { if case .fsmError = $0.kind { return true }; return false }) else { return nil }
        let before = sa.events[..<error].suffix(3)
        guard let k = before.last(where: { if case .keyringKey = $0.kind { return true }; return false }),
              case let .keyringKey(keyring) = k.kind,
              let m = before.last(where: { if case .profileMatch(.some) = $0.kind { return true }; return false }),
              case let .profileMatch(.some(profile)) = m.kind else { return nil }
        return (profile, keyring, [m, k])
    }
}
