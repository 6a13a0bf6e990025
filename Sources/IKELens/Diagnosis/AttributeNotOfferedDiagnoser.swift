/// `%CRYPTO-6-IKMP_SA_NOT_OFFERED: Remote peer X responded with attribute [encryption] not offered
/// or changed`: this router initiated, and the responder's answer (MM2, AM2) picked a phase 1
/// attribute value that none of the offered proposals held, or altered one. A responder must take
/// one proposal unchanged, so IOS refuses the answer and phase 1 fails.
public struct AttributeNotOfferedDiagnoser: Diagnoser {
    public init() {}

    static let mnemonic = "IKMP_SA_NOT_OFFERED"

    public static let triggers: Signals = .phase1Message

    public static let description = DiagnoserDescription(
        id: "attribute-not-offered",
        severity: .error,
        meaning: "The responder answered this router's phase 1 proposal with an attribute it never offered, or changed (`IKMP_SA_NOT_OFFERED`): a misbehaving or misconfigured peer.",
        usualFix: "Align the ISAKMP policies so the peer picks one of this router's proposals unchanged; check the peer's (often another vendor's) IKE settings.",
        triggering: [
            "Jun 19 10:14:12.113: %CRYPTO-6-IKMP_SA_NOT_OFFERED: Remote peer 192.168.0.2 responded with attribute [encryption] not offered or changed",
        ],
        nonTriggering: [
            "Jun 19 10:14:12.113: %CRYPTO-6-IKMP_SA_NOT_AUTH: Cannot accept Quick Mode exchange from 192.168.0.2 if SA is not authenticated!",
        ])

    /// The message inside an SA (its peer's SA was in the log).
    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let events = RouterMessages.inSA(sa, mnemonic: Self.mnemonic)
        guard !events.isEmpty else { return nil }
        let w = Self.words(device: device, peer: sa.peer, who: Say.peer(sa), events: events, count: events.count)
        return finding(sa, on: device, summary: w.summary, explanation: w.explanation, fix: w.fix, evidence: events)
    }

    /// The message alone (`show logging`, no debug, or its peer's SA not in the log).
    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: Self.mnemonic).map { group in
            let (who, _) = RouterMessages.subject(group)
            let w = Self.words(device: device, peer: group.peer, who: who, events: group.events, count: group.count)
            return finding(device: device, peer: group.peer, summary: w.summary, explanation: w.explanation, fix: w.fix,
                           evidence: Array(group.events.prefix(3)))
        }
    }

    /// The attributes the messages name: `attribute [encryption]` → `encryption`.
    static func attributes(_ events: [Event]) -> [String] {
        var out: [String] = []
        for e in events {
            guard let r = e.text.range(of: "attribute [") else { continue }
            let a = String(e.text[r.upperBound...].prefix { $0 != "]" })
            if !a.isEmpty, !out.contains(a) { out.append(a) }
        }
        return out
    }

    static func words(device: DeviceTimeline, peer: String?, who: String, events: [Event], count: Int) -> (summary: String, explanation: String, fix: String) {
        let attrs = attributes(events)
        let named = attrs.isEmpty ? "a phase 1 attribute" : attrs.count == 1 ? "the \(attrs[0]) attribute" : "the attributes \(attrs.joined(separator: ", "))"
        let p = peer ?? "<peer>"
        return (
            "\(who) answered \(device.name)'s phase 1 proposal with \(named) \(device.name) never offered (\(RouterMessages.times(count)))",
            "\(device.name) logged `%CRYPTO-6-IKMP_SA_NOT_OFFERED` (`Remote peer \(who) responded with attribute [\(attrs.first ?? "…")] not offered or changed`)\(count > 1 ? " \(count) times" : ""): \(device.name) initiated and offered its ISAKMP policies, and the responder's answer chose a value for \(named) that none of them held, or changed it. A responder must pick one offered proposal unchanged; IOS refuses the answer, and phase 1 fails. The peer is misbehaving or misconfigured: it forces a policy of its own whatever the offer (typical of another vendor's device or an old release).",
            "Align the ISAKMP policies: give \(p) a policy identical to one of \(device.name)'s (`show crypto isakmp policy` on both; encryption, hash, Diffie-Hellman group, authentication, key length)\(attrs.isEmpty ? "" : ", in particular its \(attrs.joined(separator: ", "))"). If \(p) is another vendor's device, check its IKE proposal settings and logs, and upgrade it if it alters the proposal it chose; `debug crypto isakmp` on \(device.name) shows the attributes offered and received."
        )
    }
}
