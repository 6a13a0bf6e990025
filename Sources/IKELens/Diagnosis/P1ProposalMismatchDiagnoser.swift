/// No ISAKMP policy matched the peer's phase 1 proposal.
public struct P1ProposalMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.phase1Refusal, .notifyReceived]

    public static let description = DiagnoserDescription(
        id: "p1-proposal-mismatch",
        severity: .error,
        meaning: "No ISAKMP policy matched the phase 1 proposal (`offered does not match policy`, `atts are not acceptable`, `phase 1 SA policy not acceptable`, `IKMP_MODE_FAILURE`); one rejected policy followed by an accepted one is normal.",
        usualFix: "Give both ends one common `crypto isakmp policy` (encryption, hash, DH group, authentication).",
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
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 1 else { return nil }
        let mm = sa.mainModeEvents
        if sa.has({ if case .noPreSharedKey = $0 { return true }; return false }) { return nil }
        let refusedHere = mm.filter {
            switch $0.kind {
            case .phase1NotAcceptable, .noOffersAccepted, .policyMismatch, .attsAcceptable(false): return true
            case let .syslog(m, _): return m.hasSuffix("IKMP_MODE_FAILURE")
            default: return false
            }
        }
        let refusedByPeer = mm.filter { if case let .notify(sent, type, _) = $0.kind { return !sent && type == "NO_PROPOSAL_CHOSEN" }; return false }
        let accepted = mm.contains { $0.kind == .attsAcceptable(true) }
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
