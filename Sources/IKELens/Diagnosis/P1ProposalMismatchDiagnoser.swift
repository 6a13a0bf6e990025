/// No ISAKMP policy matched the peer's phase 1 proposal.
public struct P1ProposalMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.phase1Refusal, .notifyReceived]

    public static let description = DiagnoserDescription(
        id: "p1-proposal-mismatch",
        severity: .error,
        meaning: "No ISAKMP policy matched the phase 1 proposal (`offered does not match policy`, `atts are not acceptable`, `phase 1 SA policy not acceptable`, `IKMP_MODE_FAILURE`), or the peer refused this router's MM1 (`NO_PROPOSAL_CHOSEN`, or a notify IOS rejects: `Notify has no hash. Rejected.`); one rejected policy followed by an accepted one is normal.",
        usualFix: "Give both ends one common `crypto isakmp policy` (encryption, hash, DH group, authentication); a peer refusing MM1 may also lack a key for this router.",
        triggering: [
            """
            *Nov 12 14:02:11.120: ISAKMP (0): received packet from 198.51.100.7 dport 500 sport 500 Global (N) NEW SA
            *Nov 12 14:02:11.121: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
            *Nov 12 14:02:11.121: ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy
            *Nov 12 14:02:11.121: ISAKMP:      encryption DES-CBC
            *Nov 12 14:02:11.121: ISAKMP:      hash MD5
            *Nov 12 14:02:11.121: ISAKMP:      default group 1
            *Nov 12 14:02:11.121: ISAKMP:      auth pre-share
            *Nov 12 14:02:11.121: ISAKMP:(0):Encryption algorithm offered does not match policy!
            *Nov 12 14:02:11.121: ISAKMP:(0):atts are not acceptable. Next payload is 0
            *Nov 12 14:02:11.121: ISAKMP:(0):no offers accepted!
            *Nov 12 14:02:11.121: ISAKMP:(0): phase 1 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.7)
            """,
            // The initiator's side: the peer answers MM1 with a notify that has no hash (no keys yet).
            """
            *Jun 19 12:28:44.249: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1
            *Jun 19 12:28:44.249: ISAKMP:(0): beginning Main Mode exchange
            *Jun 19 12:28:44.249: ISAKMP:(0): sending packet to 192.168.0.1 my_port 500 peer_port 500 (I) MM_NO_STATE
            *Jun 19 12:28:44.256: ISAKMP (0): received packet from 192.168.0.1 dport 500 sport 500 Global (I) MM_NO_STATE
            *Jun 19 12:28:44.256: ISAKMP:(0):Notify has no hash. Rejected.
            *Jun 19 12:28:44.256: ISAKMP (0): Unknown Input IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY: state = IKE_I_MM1
            *Jun 19 12:28:44.256: ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY
            *Jun 19 12:28:44.256: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM1
            *Jun 19 12:28:54.249: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
            *Jun 19 12:28:54.249: ISAKMP (0): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
            """,
        ],
        nonTriggering: [
            """
            ISAKMP:(0):Checking ISAKMP transform 2 against priority 3 policy
            ISAKMP:      encryption 3DES-CBC
            ISAKMP:      hash SHA
            ISAKMP:(0):Encryption algorithm offered does not match policy!
            ISAKMP:(0):atts are not acceptable. Next payload is 0
            ISAKMP:(0):Checking ISAKMP transform 2 against priority 5 policy
            ISAKMP:      encryption 3DES-CBC
            ISAKMP:      hash SHA
            ISAKMP:(0):atts are acceptable. Next payload is 0
            """,
            // MM1 answered with MM2: the proposal was accepted.
            """
            *Jun 19 12:28:44.249: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1
            *Jun 19 12:28:44.249: ISAKMP:(0): sending packet to 192.168.0.1 my_port 500 peer_port 500 (I) MM_NO_STATE
            *Jun 19 12:28:44.256: ISAKMP (0): received packet from 192.168.0.1 dport 500 sport 500 Global (I) MM_NO_STATE
            *Jun 19 12:28:44.256: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2
            """,
            // A transform accepted, then the peer's hash refused (an Easy VPN group key): the
            // `IKMP_MODE_FAILURE` that ends it is ike-auth-failed's.
            """
            *Mar  3 09:12:40.211: ISAKMP (0): received packet from 198.51.100.77 dport 500 sport 500 Global (N) NEW SA
            *Mar  3 09:12:40.211: ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy
            *Mar  3 09:12:40.211: ISAKMP:      auth XAUTHInitPreShared
            *Mar  3 09:12:40.211: ISAKMP:(0):Hash algorithm offered does not match policy!
            *Mar  3 09:12:40.211: ISAKMP:(0):atts are not acceptable. Next payload is 3
            *Mar  3 09:12:40.211: ISAKMP:(0):Checking ISAKMP transform 2 against priority 10 policy
            *Mar  3 09:12:40.211: ISAKMP:      auth XAUTHInitPreShared
            *Mar  3 09:12:40.211: ISAKMP:(0):atts are acceptable. Next payload is 3
            *Mar  3 09:12:40.223: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_AM_AAA_AWAIT
            *Mar  3 09:12:40.227: ISAKMP:(1005): sending packet to 198.51.100.77 my_port 500 peer_port 500 (R) AG_INIT_EXCH
            *Mar  3 09:12:40.227: ISAKMP:(1005):Old State = IKE_R_AM_AAA_AWAIT  New State = IKE_R_AM2
            *Mar  3 09:12:40.411: ISAKMP (1005): received packet from 198.51.100.77 dport 500 sport 500 Global (R) AG_INIT_EXCH
            *Mar  3 09:12:40.411: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 65001 failed with host 198.51.100.77
            *Mar  3 09:12:40.411: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at 198.51.100.77
            """,
        ])

    /// `%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Informational mode failed with peer at …`.
    static func isInformational(_ e: Event) -> Bool { e.text.contains("Informational mode") }

    /// This router's MM1 answered by a notify that IOS drops (`Notify has no hash. Rejected.`): the
    /// peer refused the proposal, or has no key or policy for this router.
    func refusedInMM1(_ sa: SecurityAssociation, on device: DeviceTimeline, evidence: [Event]) -> Finding {
        let peer = Say.peer(sa)
        let notifies = evidence.filter { if case .unauthenticatedNotify(.some) = $0.kind { return true }; return false }.count
        let syslog = evidence.contains { if case .syslog = $0.kind { return true }; return false }
        let died = sa.deleteReason?.contains("Death by retransmission") == true
        let local = Say.addressAtPeer(sa, otherwise: "<this router's address>")
        var steps = ["\(device.name) started main mode and sent MM1 with its ISAKMP policies to \(peer); \(peer) answered \(notifies > 1 ? "each MM1 (\(notifies) times)" : "it") with an informational notify instead of MM2."]
        steps.append("No keys exist before MM2, so the notify carries no hash: IOS refuses to act on it (`Notify has no hash. Rejected.`, `Unknown Input IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY: state = IKE_I_MM1`\(syslog ? ", `%CRYPTO-6-IKMP_MODE_FAILURE: Processing of Informational mode failed`" : "")) and keeps retransmitting MM1\(died ? " until the SA dies (`Death by retransmission P1`)" : "").")
        steps.append("A notify in answer to MM1 is how the responder refuses the phase 1 proposal (NO_PROPOSAL_CHOSEN): UDP 500 works both ways, but none of \(device.name)'s policies is acceptable to \(peer) (encryption, hash, Diffie-Hellman group, authentication method, key length), or \(peer) has no pre-shared key for \(device.name)'s address, which IOS reports the same way (`Preshared authentication offered but does not match policy`).")
        return finding(sa, on: device,
                       summary: "\(peer) refused \(device.name)'s phase 1 proposal: MM1 was answered with a notify, not MM2",
                       explanation: steps.joined(separator: " "),
                       fix: "On \(peer), run `debug crypto isakmp` (limited with `debug crypto condition peer ipv4 \(local)`) to see why it refuses MM1 (`… offered does not match policy!`, `Preshared authentication offered but does not match policy`). Align the ISAKMP policies: make one `crypto isakmp policy` identical on both ends (`show crypto isakmp policy` on \(device.name) and \(peer)), and check that \(peer) has a key for \(device.name) (`crypto isakmp key … address \(local)` or a keyring entry, `show crypto isakmp key`) and a policy with `authentication pre-share`.",
                       evidence: evidence)
    }

    /// The log begins after the responder checked the peer's proposal (the buffer wrapped, debug
    /// turned on late): no `Checking ISAKMP transform` line, no attribute named, the SA's start not
    /// shown. The refusal lines that remain (`atts are not acceptable`, `phase 1 SA policy not
    /// acceptable`) end a missing pre-shared key (no-psk) the same way: they do not tell which.
    static func checkNotInLog(_ sa: SecurityAssociation) -> Bool {
        sa.role != .initiator && sa.states.first?.from != "IKE_READY"
            && !sa.mainModeEvents.contains {
                switch $0.kind {
                case .transformCheck, .policyMismatch, .attribute: return true
                case let .packetReceived(_, _, _, _, label, _): return label == "NEW SA"
                default: return false
                }
            }
    }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 1 else { return nil }
        let mm = sa.mainModeEvents
        if sa.has({ if case .noPreSharedKey = $0 { return true }; return false }) { return nil }
        let accepted = mm.contains { $0.kind == .attsAcceptable(true) }
        // (A proposal accepted here, or the peer's authentication failed: a main or aggressive
        // `IKMP_MODE_FAILURE` tells that later failure's end, not a refused proposal.)
        let modeFailureRefuses = !accepted && !sa.signals.contains(.authFailure)
        let refusedHere = mm.filter {
            switch $0.kind {
            case .phase1NotAcceptable, .noOffersAccepted, .policyMismatch, .attsAcceptable(false): return true
            // (`Processing of Informational mode failed`: a notify from the peer this router could
            // not process, such as its refusal of MM1; not a proposal refused here.)
            case let .syslog(m, _): return modeFailureRefuses && m.hasSuffix("IKMP_MODE_FAILURE") && !Self.isInformational($0)
            default: return false
            }
        }
        let refusedByPeer = mm.filter { if case let .notify(sent, type, _) = $0.kind { return !sent && type == "NO_PROPOSAL_CHOSEN" }; return false }
        // The peer answered this router's MM1 with a notify (no keys yet, so no hash: IOS drops it
        // and retransmits MM1 until the SA dies): how a responder refuses the proposal when the
        // notify's type is not printed.
        let mm1Refusal = sa.role == .initiator && !sa.reached("IKE_I_MM2") && !sa.reached("IKE_I_MM3")
            ? mm.filter {
                switch $0.kind {
                case .unauthenticatedNotify: return true
                case let .syslog(m, _): return m.hasSuffix("IKMP_MODE_FAILURE") && Self.isInformational($0)
                default: return false
                }
            }
            : []
        if refusedHere.isEmpty, refusedByPeer.isEmpty, !mm1Refusal.isEmpty {
            return refusedInMM1(sa, on: device, evidence: mm1Refusal)
        }
        if Self.checkNotInLog(sa), refusedByPeer.isEmpty { return nil }
        let decisive = refusedHere.contains {
            switch $0.kind {
            case .phase1NotAcceptable, .noOffersAccepted, .syslog: return true
            default: return false
            }
        }
        // A rejected policy followed by an accepted one is how IOS walks its list: normal.
        let onlyRejections = !refusedHere.isEmpty && !accepted && sa.phase1 == .failed
        guard decisive || !refusedByPeer.isEmpty || onlyRejections else { return nil }
        let peer = Say.peer(sa)
        var evidence = refusedHere + refusedByPeer
        if let first = mm.first(where: { if case .transformCheck = $0.kind { return true }; return false }) { evidence.append(first) }
        if !refusedByPeer.isEmpty && refusedHere.isEmpty {
            return finding(sa, on: device,
                           summary: "\(peer) refused \(device.name)'s phase 1 proposal (NO_PROPOSAL_CHOSEN): no common ISAKMP policy",
                           explanation: "\(device.name) offered its ISAKMP policies to \(peer) in MM1 and the peer answered `NO_PROPOSAL_CHOSEN`: none of its policies matches any of ours in encryption, hash, Diffie-Hellman group, authentication method (and key length). The details are in the peer's debug (`… offered does not match policy!`).",
                           fix: "Compare `show crypto isakmp policy` on \(device.name) and on \(peer) and make one policy identical on both (for example AES-256, SHA-256, group 14, pre-share); run `debug crypto isakmp` on \(peer) to see which attribute it rejected.",
                           evidence: evidence)
        }
        let attrs = sa.attributes(in: mm)
        let offered = PolicyWords.summary(attrs)
        let differing = Array(Set(refusedHere.compactMap { if case let .policyMismatch(a) = $0.kind { return a }; return nil })).sorted()
        let policies = mm.compactMap { if case let .transformCheck(_, p) = $0.kind { return p }; return nil }
        var uniquePolicies: [Int] = []
        for p in policies where !uniquePolicies.contains(p) { uniquePolicies.append(p) }
        var steps: [String] = []
        steps.append("\(peer) proposed phase 1 to \(device.name)\(offered.isEmpty ? "" : " with \(offered)").")
        if !uniquePolicies.isEmpty {
            let words = differing.map { a -> String in
                let name = a == "group" ? "Diffie-Hellman group" : a == "key-length" ? "key length" : a
                return "\(name) differs"
            }
            let list = uniquePolicies.map(String.init).joined(separator: ", ")
            let tail = words.isEmpty ? "" : ": " + words.joined(separator: "; ")
            steps.append("\(device.name) checked it against its ISAKMP \(uniquePolicies.count == 1 ? "policy" : "policies") \(list) and accepted none\(tail).")
        }
        steps.append("With no acceptable offer IOS rejects the SA (`phase 1 SA policy not acceptable`) and the peer sees its MM1 go unanswered or refused. Phase 1 parameters must match exactly on encryption, hash, DH group, authentication method and key length; only the lifetime may differ (the lower one is used).")
        var fix = "Make one `crypto isakmp policy` identical on both routers. "
        if !offered.isEmpty {
            fix += "The peer offers \(offered): either add a policy with those values on \(device.name) (`crypto isakmp policy <n>` with `encryption`, `hash`, `group`, `authentication` set accordingly) or, better, change the peer to one of \(device.name)'s policies (`show crypto isakmp policy`)"
            // (Whole settings: `group 1` is not `group 14`, nor `group 2` `group 20`.)
            let weak: Set<String> = ["encryption des", "encryption 3des", "hash md5", "group 1", "group 2", "group 5"]
            if offered.components(separatedBy: ", ").contains(where: weak.contains) {
                fix += " — the peer's proposal uses weak algorithms; prefer AES-256, SHA-256 and group 14 or higher on both ends"
            }
            fix += "."
        } else {
            fix += "Run `debug crypto isakmp` to see the attributes offered, and `show crypto isakmp policy` on both ends."
        }
        return finding(sa, on: device,
                       summary: "No ISAKMP policy on \(device.name) matches \(peer)'s phase 1 proposal\(differing.isEmpty ? "" : " (\(differing.joined(separator: ", ")) differ)")",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
