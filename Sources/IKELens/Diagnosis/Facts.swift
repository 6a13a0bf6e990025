/// Small queries over an SA's events that several diagnosers share.
extension SecurityAssociation {
    /// Events before phase 1 completed (main mode), or all when it never did.
    var mainModeEvents: ArraySlice<Event> {
        let end = events.firstIndex { if case let .stateChange(_, to) = $0.kind { return to == "IKE_P1_COMPLETE" }; return false }
            ?? events.firstIndex { if case .ipsecProposalCheck = $0.kind { return true }; return false }
            ?? events.endIndex
        return events[..<end]
    }

    /// Events of the last quick-mode proposal check onwards.
    var lastQuickModeProposal: ArraySlice<Event> {
        let start = Correlator.lastProposalStart(events[...])
        return start.map { events[$0...] } ?? events[events.endIndex...]
    }

    func attributes(in slice: ArraySlice<Event>) -> [(String, String)] {
        slice.compactMap { if case let .attribute(n, v) = $0.kind { return (n, v) }; return nil }
    }

    /// The first `IPsec policy invalidated proposal with error <code>` that refused a quick mode:
    /// not one of a quick mode that went on to complete (the peer's first proposal refused, a later
    /// one of the same exchange accepted, as a second ISAKMP policy can be in phase 1).
    func proposalError(_ code: Int) -> Event? {
        events.first { e in
            if case let .proposalInvalidated(c) = e.kind { return c == code && !inCompletedQuickMode(e) }
            return false
        }
    }

    /// Whether `e` lies within the lines of a quick mode that reached IKE_QM_PHASE2_COMPLETE: a
    /// proposal refused there was one of several, and a later one was accepted.
    func inCompletedQuickMode(_ e: Event) -> Bool {
        quickModes.contains { $0.result == .complete && $0.firstLine <= e.firstLine && e.firstLine <= $0.lastLine }
    }

    /// Whether the last quick-mode proposal shows `debug crypto ipsec` lines (`IPSEC(validate_proposal_request)`,
    /// `transform proposal not supported`, the crypto map checks): without them error 256 cannot tell
    /// the transform set from PFS or the mode, since `atts are acceptable` is only ISAKMP's check of
    /// the attributes, printed even for a transform no transform set accepts.
    var lastProposalShowsIPsecDebug: Bool {
        lastQuickModeProposal.contains { $0.facility == .ipsec || $0.facility == .cryptoMap }
    }

    /// The proxies of the last quick mode, as `local ↔ remote`, if the log showed them.
    var proxiesText: String? {
        if let q = quickModes.last(where: { $0.localProxy != nil }), let l = q.localProxy, let r = q.remoteProxy { return "\(l) ↔ \(r)" }
        return nil
    }

    var roleWord: String { role.map { $0.rawValue } ?? "router" }
}

/// IOS configuration keywords for the attribute values debug prints.
enum PolicyWords {
    static func encryption(_ v: String, keyLength: String?) -> String {
        let u = v.uppercased()
        if u.hasPrefix("AES") { return "aes" + (keyLength.map { " \($0)" } ?? "") }
        if u.hasPrefix("3DES") { return "3des" }
        if u.hasPrefix("DES") { return "des" }
        return v.lowercased()
    }

    static func hash(_ v: String) -> String {
        switch v.uppercased() {
        case "SHA", "SHA1": return "sha"
        case "MD5": return "md5"
        default: return v.lowercased()
        }
    }

    static func summary(_ attrs: [(String, String)]) -> String {
        var parts: [String] = []
        let keyLength = attrs.last { $0.0 == "key-length" }?.1
        if let e = attrs.last(where: { $0.0 == "encryption" })?.1 { parts.append("encryption \(encryption(e, keyLength: keyLength))") }
        if let h = attrs.last(where: { $0.0 == "hash" })?.1 { parts.append("hash \(hash(h))") }
        if let g = attrs.last(where: { $0.0 == "group" })?.1 { parts.append("group \(g)") }
        if let a = attrs.last(where: { $0.0 == "authentication" })?.1 { parts.append("authentication \(a)") }
        if let l = attrs.last(where: { $0.0 == "life-duration" })?.1 { parts.append("lifetime \(l)") }
        return parts.joined(separator: ", ")
    }
}

extension SecurityAssociation {
    /// A packet from the peer on UDP 4500 (NAT-T) before quick mode began: the 4500 path worked
    /// both ways then (this router had sent on it first).
    var receivedOn4500BeforeQuickMode: Event? {
        let quickModeStart = quickModes.first?.firstLine ?? Int.max
        return events.first { e in
            guard e.firstLine < quickModeStart, case let .packetReceived(_, localPort, peerPort, _, _, _) = e.kind else { return false }
            return localPort == 4500 || peerPort == 4500
        }
    }
}

/// A log whose start a full logging buffer overwrote, begun in an exchange's retransmissions:
/// where it starts, as a finding says it.
enum LostStart {
    /// `retransmission attempt 3` (the first counted one among `retransmits`), `a retransmission`
    /// (none counted), or `the SA's deletion` (none at all).
    static func phrase(_ retransmits: [Event], deletion: String = "the SA's deletion") -> String {
        if retransmits.isEmpty { return deletion }
        let attempt = retransmits.lazy.compactMap { e -> Int? in
            if case let .retransmit(_, attempt?, _, _) = e.kind { return attempt }
            return nil
        }.first
        return attempt.map { "retransmission attempt \($0)" } ?? "a retransmission"
    }

    /// The first step of a fix for such a finding: see the `exchange` whole, after `clear`.
    static func captureFirst(_ exchange: String, clear: String) -> String {
        "Capture the \(exchange) from its start to tell silence from a refusal: a larger logging buffer (`logging buffered 1000000 debugging`, `clear logging`), then `\(clear)` with `debug crypto isakmp` on. "
    }
}
