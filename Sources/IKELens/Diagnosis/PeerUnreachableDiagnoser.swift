/// Phase 1 packets go unanswered (retransmissions, `Death by retransmission P1`),
/// or the peer keeps resending because our replies are lost (`duplicate`).
public struct PeerUnreachableDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.duplicatePacket, .retransmit, .saDeleted, .peerNotResponding]

    public static let description = DiagnoserDescription(
        id: "peer-unreachable",
        severity: .error,
        meaning: "Phase 1 packets get no answer (`retransmitting phase 1 MM_NO_STATE`, `Death by retransmission P1`; aggressive mode's AM1, `AG_INIT_EXCH`, also when the responder refuses aggressive mode or has no key for the identity AM1 carries; IKEv2 `Retransmitting packet` up to `Maximum number of retransmissions reached` before the IKE SA is up: IKE_SA_INIT unanswered, or IKE_SA_INIT answered and IKE_AUTH not, UDP 4500 after NAT-T, its fragments or the responder dropping it), or the peer resends because the replies are lost (`phase 1 packet is a duplicate`).",
        usualFix: "Check reachability and UDP 500/4500 both ways (ACLs, NAT, firewalls), and that the peer has a crypto map or tunnel for this router; aggressive mode: the responder must allow it and hold a key for the identity sent (`crypto isakmp key … hostname NAME`), or use main mode between static addresses; IKEv2 IKE_AUTH unanswered: `crypto ikev2 fragmentation`, UDP 4500 and IP fragments, the responder's debug.",
        triggering: [
            """
            *Nov 12 14:05:00.100: ISAKMP:(0): SA request profile is (NULL)
            *Nov 12 14:05:00.100: ISAKMP: Created a peer struct for 203.0.113.99, peer port 500
            *Nov 12 14:05:00.101: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1
            *Nov 12 14:05:00.101: ISAKMP:(0): sending packet to 203.0.113.99 my_port 500 peer_port 500 (I) MM_NO_STATE
            *Nov 12 14:05:10.101: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
            *Nov 12 14:05:10.101: ISAKMP (0): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
            *Nov 12 14:05:10.101: ISAKMP:(0): sending packet to 203.0.113.99 my_port 500 peer_port 500 (I) MM_NO_STATE
            """,
            // A log that starts in the retransmissions (a full logging buffer overwrote its start):
            // no reply in the lines logged, said so.
            """
            *Nov 12 14:05:30.101: ISAKMP (0): incrementing error counter on sa, attempt 3 of 5: retransmit phase 1
            *Nov 12 14:05:30.101: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE
            *Nov 12 14:05:30.101: ISAKMP:(0): sending packet to 203.0.113.99 my_port 500 peer_port 500 (I) MM_NO_STATE
            *Nov 12 14:06:00.101: ISAKMP:(0):deleting SA reason "Death by retransmission P1" state (I) MM_NO_STATE (peer 203.0.113.99)
            *Nov 12 14:06:00.101: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_DEST_SA
            """,
            // Aggressive mode: AM1 (`(I) AG_INIT_EXCH`) unanswered.
            """
            *Nov 14 08:31:05.412: ISAKMP:(0): SA request profile is AM-PROF
            *Nov 14 08:31:05.412: ISAKMP: Created a peer struct for 203.0.113.99, peer port 500
            *Nov 14 08:31:05.412: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_AM1
            *Nov 14 08:31:05.412: ISAKMP:(0): beginning Aggressive Mode exchange
            *Nov 14 08:31:05.412: ISAKMP:(0): sending packet to 203.0.113.99 my_port 500 peer_port 500 (I) AG_INIT_EXCH
            *Nov 14 08:31:15.412: ISAKMP:(0): retransmitting phase 1 AG_INIT_EXCH...
            *Nov 14 08:31:15.412: ISAKMP (0): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
            *Nov 14 08:31:15.412: ISAKMP:(0): sending packet to 203.0.113.99 my_port 500 peer_port 500 (I) AG_INIT_EXCH
            """,
            """
            00:01:01: ISAKMP (0:1): received packet from 10.10.10.2 (N) NEW SA
            00:01:01: ISAKMP (0:1): sending packet to 10.10.10.2 (R) MM_SA_SETUP
            00:01:11: ISAKMP (0:1): received packet from 10.10.10.2 (R) MM_SA_SETUP
            00:01:11: ISAKMP (0:1): phase 1 packet is a duplicate of a previous packet.
            00:01:11: ISAKMP (0:1): retransmitting due to retransmit phase 1
            """,
            """
            *Nov 12 14:02:11.102: IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:500/From 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange REQUEST
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Nov 12 14:02:13.102: IKEv2:(SESSION ID = 12,SA ID = 1):Retransmitting packet
            *Nov 12 14:04:17.102: IKEv2:(SESSION ID = 12,SA ID = 1):Maximum number of retransmissions reached
            *Nov 12 14:04:17.102: IKEv2:(SESSION ID = 12,SA ID = 1):Initial exchange failed
            """,
            // IKE_SA_INIT answered, IKE_AUTH (UDP 4500 after NAT-T) retransmitted until IKEv2 gave
            // up; a response logged before the retransmissions was not taken as the answer.
            """
            *Nov 12 14:02:11.102: IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:500/From 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange REQUEST
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Nov 12 14:02:11.116: IKEv2:(SESSION ID = 12,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: 0
            IKEv2 IKE_SA_INIT Exchange RESPONSE
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Nov 12 14:02:11.116: IKEv2:(SESSION ID = 12,SA ID = 1):NAT detected float to init port 4500, resp port 4500
            *Nov 12 14:02:11.118: IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:4500/From 203.0.113.1:4500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: 1
            IKEv2 IKE_AUTH Exchange REQUEST
            Payload contents:
             ENCR
            *Nov 12 14:02:11.127: IKEv2:(SESSION ID = 12,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: 1
            IKEv2 IKE_AUTH Exchange RESPONSE
            Payload contents:
             VID IDr AUTH SA TSi TSr NOTIFY(SET_WINDOW_SIZE)
            *Nov 12 14:02:11.127: IKEv2:(SESSION ID = 12,SA ID = 1):Verify peer's policy
            *Nov 12 14:02:13.118: IKEv2:(SESSION ID = 12,SA ID = 1):Retransmitting packet
            *Nov 12 14:02:13.118: IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:4500/From 203.0.113.1:4500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: 1
            IKEv2 IKE_AUTH Exchange REQUEST
            Payload contents:
             ENCR
            *Nov 12 14:04:17.118: IKEv2:(SESSION ID = 12,SA ID = 1):Maximum number of retransmissions reached
            *Nov 12 14:04:17.118: IKEv2:(SESSION ID = 12,SA ID = 1):Abort exchange
            *Nov 12 14:04:17.118: IKEv2:(SESSION ID = 12,SA ID = 1):Deleting SA
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 14:05:00.101: ISAKMP:(0): sending packet to 203.0.113.9 my_port 500 peer_port 500 (I) MM_NO_STATE
            *Nov 12 14:05:10.101: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
            *Nov 12 14:05:10.101: ISAKMP:(0): sending packet to 203.0.113.9 my_port 500 peer_port 500 (I) MM_NO_STATE
            *Nov 12 14:05:10.300: ISAKMP (0): received packet from 203.0.113.9 dport 500 sport 500 Global (I) MM_NO_STATE
            *Nov 12 14:05:10.300: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        if sa.version == 2 { return diagnoseIKEv2(sa, on: device) }
        guard sa.version == 1, sa.phase1 != .complete else { return nil }
        let sent = sa.initiatorSentMainMode
        if sent == 5 { return nil }  // mm5-rejected-by-peer explains that one
        let peer = Say.peer(sa)
        let received = sa.all { if case .packetReceived = $0 { return true }; return false }
        let retransmits = sa.all { if case let .retransmit(_, _, _, phase) = $0 { return phase != 2 }; return false }
        let deaths = sa.all { if case let .saDeleted(reason, _, _) = $0 { return reason.contains("Death by retransmission P1") }; return false }
        let duplicates = sa.all { $0 == .duplicatePacket }
        if !duplicates.isEmpty {
            let evidence = Array(duplicates.prefix(1)) + Array(retransmits.prefix(1)) + Array(received.prefix(2)) + deaths
            return finding(sa, on: device,
                           summary: "\(peer) keeps resending its phase 1 packet: \(device.name)'s replies most likely do not reach it",
                           explanation: "\(device.name) answers \(peer) (\(sa.state.map { "last state \($0)" } ?? "phase 1")), but the peer sends the same packet again (`phase 1 packet is a duplicate of a previous packet`, \(duplicates.count) time\(duplicates.count == 1 ? "" : "s")) and \(device.name) retransmits its reply: the replies are most likely lost on the way back (less often the peer receives them and drops them, which only its own debug shows). Typical causes: an ACL, firewall or NAT on the return path dropping UDP 500/4500, asymmetric routing (the reply leaves by another interface or source address than the peer expects), or a `local-address` / crypto map on the wrong interface so the reply's source does not match.",
                           fix: "Trace the path from \(device.name) back to \(peer): check that UDP 500 (and 4500 with NAT) is permitted in both directions, that the route to \(peer) leaves by the interface that holds the crypto map or tunnel source, and that the peer sees replies from the address it sent to (`show crypto isakmp sa` on both ends; a packet capture on the peer side settles it).",
                           evidence: evidence)
        }
        let isInitiator = sa.role == .initiator || sa.reached("IKE_I_MM1") || sa.reached("IKE_I_AM1")
        guard isInitiator, !retransmits.isEmpty || !deaths.isEmpty else { return nil }
        if received.isEmpty, Self.sentAggressiveMode(sa) {
            return aggressiveUnanswered(sa, on: device, retransmits: retransmits, deaths: deaths)
        }
        if received.isEmpty && sent != 3 {
            var evidence = Array(retransmits.prefix(2)) + deaths
            if let sent = sa.first({ if case .packetSent = $0 { return true }; return false }) { evidence.append(sent) }
            let fix = "From \(device.name), check that \(peer) is reachable from the tunnel source address (`ping \(peer) source <interface>`) and that UDP 500 is permitted along the path; on \(peer), run `debug crypto isakmp` with `debug crypto condition peer ipv4 \(sa.local ?? "<this router>")` and check `show crypto map` / the tunnel destination for this router's address."
            let causes = "Either the packets do not reach the peer (routing, an ACL or firewall blocking UDP 500, NAT without NAT-T), or the peer ignores them: IKE not enabled on the interface that receives them, no crypto map / tunnel protection for this router's address, or the peer's IKEv1 policy list empty. A peer that receives MM1 but has no matching policy usually answers with a notification instead of silence."
            let tries = "\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(deaths.isEmpty ? "" : " and gave up (`Death by retransmission P1`)")"
            if let start = Self.lostStart(sa, retransmits, deaths) {
                // The log starts in the retransmissions: MM1 and what the peer answered to it
                // (a refusal is one packet, which IOS does not retransmit for) are not in it.
                return finding(sa, on: device,
                               summary: "\(peer) did not answer \(device.name)'s phase 1 in the lines logged (MM1 retransmitted\(deaths.isEmpty ? "" : " until the SA died"); the log starts at \(start))",
                               explanation: "The log starts after this exchange began: its first line for the SA is \(start), so \(device.name)'s first MM1 (`MM_NO_STATE`) and anything \(peer) answered to it are not in the log — a notification refusing the proposal comes once, and \(device.name) retransmits MM1 after it as after silence. In the lines logged, \(device.name) got no reply: it retransmitted\(tries). If \(peer) is really silent, these are the causes. \(causes)",
                               fix: LostStart.captureFirst("exchange", clear: "clear crypto session remote \(peer)") + fix,
                               evidence: evidence)
            }
            return finding(sa, on: device,
                           summary: "\(peer) never answered \(device.name)'s phase 1 (MM1 retransmitted\(deaths.isEmpty ? "" : " until the SA died"))",
                           explanation: "\(device.name) sent MM1 (`MM_NO_STATE`) to \(peer) and got no reply at all: it retransmitted\(tries). \(causes)",
                           fix: fix,
                           evidence: evidence)
        }
        if sent == 3 && !sa.reached("IKE_I_MM4") {
            let evidence = Array(retransmits.prefix(2)) + deaths + Array(received.prefix(1))
            return finding(sa, on: device,
                           summary: "\(peer) answered MM1 but went silent after MM3: it most likely has no pre-shared key for \(device.name)",
                           explanation: "The peer accepted \(device.name)'s phase 1 proposal (MM2 arrived) but never answered MM3 (the key exchange): \(device.name) retransmitted MM_SA_SETUP\(deaths.isEmpty ? "" : " until the SA died"). A responder needs a pre-shared key for the initiator's address to compute MM4, so the usual cause is a missing key (or one in another front-door VRF's keyring) on \(peer); less often MM3 is lost on the way (fragmentation of the larger KE packet).",
                           fix: "On \(peer), check `show crypto isakmp key` for \(sa.local ?? "this router's address") and run `debug crypto isakmp`: `No pre-shared key with …` confirms it.",
                           evidence: evidence)
        }
        return nil
    }

    /// Where the log starts in an exchange whose start it does not hold (a full logging buffer
    /// overwrote it): at a retransmission (`attempt 3 of 5`, or one without its count) or at the
    /// SA's deletion, before any line of its start (the SA request, the state leaving
    /// `IKE_READY`, `beginning Main Mode exchange`) and before any packet sent. Nil for an
    /// exchange logged from its start.
    static func lostStart(_ sa: SecurityAssociation, _ retransmits: [Event], _ deaths: [Event]) -> String? {
        guard let first = (retransmits + deaths).min(by: { $0.firstLine < $1.firstLine }) else { return nil }
        guard !sa.states.contains(where: { $0.from == "IKE_READY" }) else { return nil }
        let started = sa.has {
            switch $0 {
            case .saRequest, .mainModeBegin, .aggressiveModeBegin: return true
            default: return false
            }
        }
        guard !started, sa.first({ if case .packetSent = $0 { return true }; return false }).map({ $0.firstLine > first.firstLine }) ?? true else { return nil }
        return LostStart.phrase(retransmits)
    }

    /// This router began aggressive mode as the initiator: `IKE_I_AM1`, `beginning Aggressive Mode
    /// exchange`, or its AM1 sent (`(I) AG_INIT_EXCH`).
    static func sentAggressiveMode(_ sa: SecurityAssociation) -> Bool {
        sa.reached("IKE_I_AM1") || sa.has {
            switch $0 {
            case .aggressiveModeBegin: return true
            case let .packetSent(_, _, _, role, label): return role == "I" && label.hasPrefix("AG_INIT_EXCH")
            default: return false
            }
        }
    }

    /// Aggressive mode's AM1 (`(I) AG_INIT_EXCH`) unanswered. AM1 carries the proposal, the DH
    /// value and the initiator's identity at once, and a responder needs the key for that identity
    /// before it can answer with AM2: besides reachability, a responder that refuses aggressive
    /// mode or has no key (or profile) for the identity drops AM1 without a word.
    func aggressiveUnanswered(_ sa: SecurityAssociation, on device: DeviceTimeline, retransmits: [Event], deaths: [Event]) -> Finding {
        let peer = Say.peer(sa)
        // The identity AM1 carried: this router's own ID payload (no packet came back).
        let id = sa.events.lazy.compactMap { e -> (type: Int?, value: String)? in
            if case let .idPayload(type, value?, _, _) = e.kind { return (type, value) }
            return nil
        }.first
        let byName = id.map { $0.type == 2 || $0.type == 3 || $0.value.contains { $0.isLetter } && !$0.value.contains(":") } ?? false
        let identity = id.map { byName ? "FQDN \($0.value)" : "address \($0.value)" }
        let name = id?.value ?? "<its host name>"
        var evidence = Array(retransmits.prefix(2)) + deaths
        if let sent = sa.first({ if case .packetSent = $0 { return true }; return false }) { evidence.append(sent) }
        if let begin = sa.first({ $0 == .aggressiveModeBegin }) { evidence.append(begin) }
        let profile = sa.requestedProfile
        var steps = ["\(device.name) began aggressive mode\(profile.map { " (ISAKMP profile \($0))" } ?? "") and sent AM1 (`(I) AG_INIT_EXCH`) to \(peer), and got no reply at all: it retransmitted\(retransmits.isEmpty ? "" : " (\(Say.times(RetransmitTally(retransmits).value)))")\(deaths.isEmpty ? "" : " and gave up (`Death by retransmission P1`)")."]
        steps.append("AM1 carries the proposal, the Diffie-Hellman value and \(device.name)'s identity\(identity.map { " (\($0))" } ?? "") in one message. Either it does not reach \(peer) (routing, an ACL or firewall blocking UDP 500), or \(peer) drops it without an answer, for which aggressive mode has more causes than main mode:")
        steps.append("(1) the responder refuses aggressive mode (`crypto isakmp aggressive-mode disable` on IOS, `crypto ikev1 am-disable` on an ASA);")
        steps.append("(2) it has no key for the identity AM1 carries: it must answer with AM2, whose hash is made with the pre-shared key, so it looks the key up by that identity first\(byName ? " — a host-name identity needs a key by name (`crypto isakmp key KEY hostname \(name)`, or `pre-shared-key hostname \(name)` in a keyring) and, with ISAKMP profiles, one with `match identity host \(name)`; a key for \(device.name)'s address does not serve it" : " (the key for \(device.name)'s address, in the keyring of the front-door VRF the packet arrives in)");")
        steps.append("(3) it has no crypto map or tunnel for \(device.name) at all.")
        let local = sa.local ?? "<this router's address>"
        let fix = "From \(device.name), check that \(peer) is reachable from the tunnel source (`ping \(peer) source <interface>`) and that UDP 500 passes both ways. On \(peer), `debug crypto isakmp` with `debug crypto condition peer ipv4 \(local)` shows whether AM1 arrives and why it is dropped; check that aggressive mode is allowed (no `crypto isakmp aggressive-mode disable` on IOS, no `crypto ikev1 am-disable` on an ASA) and that it has a key\(byName ? " and a profile for \(name) (`crypto isakmp key … hostname \(name)`, `match identity host \(name)`; `show crypto isakmp key` lists its keys)" : " for \(device.name)'s address (`show crypto isakmp key`)"). If both ends have static addresses, main mode needs none of this: remove `initiate mode aggressive` from \(profile.map { "ISAKMP profile \($0)" } ?? "the ISAKMP profile") (or the `crypto isakmp peer` aggressive-mode settings) so \(device.name) identifies itself by address with the key for it."
        return finding(sa, on: device,
                       summary: "\(peer) never answered \(device.name)'s aggressive-mode AM1 (`AG_INIT_EXCH` retransmitted\(deaths.isEmpty ? "" : " until the SA died"))",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }

    /// IKEv2: the initiator's IKE_SA_INIT or IKE_AUTH request retransmitted (`Retransmitting
    /// packet`) up to `Maximum number of retransmissions reached`, with no answer.
    private func diagnoseIKEv2(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard !sa.established else { return nil }
        guard let firstRequest = sa.exchanges.first(where: { $0.sent && $0.request != false }),
              firstRequest.name == "IKE_SA_INIT" else { return nil }
        let retransmits = sa.all { if case .retransmit = $0 { return true }; return false }
        let gaveUp = sa.all { if case .peerNotResponding = $0 { return true }; return false }
        guard !retransmits.isEmpty || !gaveUp.isEmpty else { return nil }
        let peer = Say.peer(sa)
        let received = sa.exchanges.filter { !$0.sent }
        let sentInit = sa.events.first { if case let .v2Packet(true, _, _, x, _, _, _) = $0.kind { return x == "IKE_SA_INIT" }; return false }
        var evidence = Array(retransmits.prefix(1)) + Array(gaveUp.prefix(1))
        if let sentInit { evidence.append(sentInit) }
        let tries = "it retransmitted the request (\(Say.times(retransmits.count)))\(gaveUp.isEmpty ? "" : " until `Maximum number of retransmissions reached`")"
        if received.isEmpty {
            return finding(sa, on: device,
                           summary: "\(peer) never answered \(device.name)'s IKE_SA_INIT (retransmitted\(gaveUp.isEmpty ? "" : " until IKEv2 gave up"))",
                           explanation: "\(device.name) sent IKE_SA_INIT to \(peer) and got no reply at all: \(tries). Either the packets do not reach the peer (routing, an ACL or firewall blocking UDP 500, NAT in the way), or the peer ignores them: IKEv2 not configured on the interface or address they arrive at, no tunnel or crypto map for \(device.name)'s address, or a peer that speaks only IKEv1. A peer that receives IKE_SA_INIT but dislikes the proposal answers with `NO_PROPOSAL_CHOSEN` instead of silence.",
                           fix: "From \(device.name), check that \(peer) is reachable from the tunnel source (`ping \(peer) source <interface>`) and that UDP 500 and 4500 pass both ways; on \(peer), run `debug crypto ikev2` with `debug crypto condition peer ipv4 \(sa.local ?? "<this router's address>")` and check that it has an IKEv2 profile, keyring and tunnel (or crypto map) for this router.",
                           evidence: evidence)
        }
        // IKE_AUTH retransmitted with no answer after the retransmissions began: a response logged
        // before them (IOS retransmitted anyway) was not taken as the answer.
        guard received.contains(where: { $0.name == "IKE_SA_INIT" }),
              sa.exchanges.last(where: { $0.sent && $0.request != false })?.name == "IKE_AUTH" else { return nil }
        let retriedFrom = min(retransmits.first?.firstLine ?? Int.max, gaveUp.first?.firstLine ?? Int.max)
        guard !received.contains(where: { $0.name == "IKE_AUTH" && $0.line > retriedFrom }) else { return nil }
        let unaccepted = received.last { $0.name == "IKE_AUTH" }
        if let answer = sa.events.first(where: { if case let .v2Packet(false, _, _, x, _, _, _) = $0.kind { return x == "IKE_SA_INIT" }; return false }) {
            evidence.append(answer)
        }
        if let unaccepted, let e = sa.events.first(where: { $0.firstLine == unaccepted.line }) { evidence.append(e) }
        let natDetected = sa.natTraversal
        let ignored = unaccepted.map { "An IKE_AUTH response from \(peer) is logged (line \($0.line)) before the retransmissions, but \(device.name) went on retransmitting its request: it did not take that packet as the answer (it could not process it\(natDetected ? ", or it arrived on UDP 500 after the exchange moved to 4500" : ""), and IOS logged no error for it). " } ?? ""
        return finding(sa, on: device,
                       summary: unaccepted != nil
                           ? "\(peer) answered IKE_SA_INIT, but \(device.name) retransmitted IKE_AUTH\(natDetected ? " (UDP 4500, NAT detected)" : "") until IKEv2 gave up: no answer it accepted"
                           : natDetected
                           ? "\(peer) answered IKE_SA_INIT but never IKE_AUTH, sent to UDP 4500 after NAT was detected: 4500 (or the message's fragments) is lost on the way"
                           : "\(peer) answered IKE_SA_INIT but never IKE_AUTH: the larger, encrypted message is lost on the way",
                       explanation: "\(peer) answered IKE_SA_INIT, so it is reachable and accepts the proposal, but \(device.name)'s IKE_AUTH request got no reply: \(tries). IKE_AUTH is the first large, encrypted message: with certificates it is often bigger than the path MTU, and its IP fragments are dropped by a firewall or lost on a path with a smaller MTU. \(natDetected ? "NAT was detected, so IKE_AUTH went to UDP 4500: a path that passes 500 and drops 4500 loses it the same way. " : "With NAT between the two, IKE_AUTH moves to UDP 4500, which a firewall may block. ")\(ignored)Otherwise \(peer) receives IKE_AUTH and drops it without an answer (it cannot decrypt or process it, or a limit such as `crypto ikev2 limit` refuses it), which only its own debug shows; a peer that rejects the authentication itself answers with `AUTHENTICATION_FAILED` instead of silence.",
                       fix: "Enable IKEv2 fragmentation on both ends (`crypto ikev2 fragmentation mtu 1360`), permit UDP 4500 as well as 500 both ways and IP fragments along the path, and run `debug crypto ikev2` on \(peer) to see whether IKE_AUTH arrives.",
                       evidence: evidence)
    }
}
