/// The peer shortened the IKE lifetime: not fatal, the lower value wins.
public struct LifetimeMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .responderLifetime

    public static let description = DiagnoserDescription(
        id: "lifetime-mismatch",
        severity: .info,
        meaning: "The two ends have different IKE lifetimes (`RESPONDER_LIFETIME`, `restart ike sa timer`): not fatal, the lower one is used.",
        usualFix: "Optionally align `lifetime` in the ISAKMP policies of both ends.",
        triggering: [
            """
            ISAKMP (0:9577): received packet from 77.77.77.77 dport 500 sport 500 Global (I) MM_KEY_EXCH
            ISAKMP:(9577): processing NOTIFY RESPONDER_LIFETIME protocol 1
            ISAKMP:(9577): processing responder lifetime
            ISAKMP:(9577): restart ike sa timer to 3600 secs
            """,
        ],
        nonTriggering: [
            """
            ISAKMP:(0):Returning Actual lifetime: 86400
            ISAKMP:(0)::Started lifetime timer: 86400.
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let signs = sa.all {
            if case let .notify(sent, type, _) = $0 { return !sent && type == "RESPONDER_LIFETIME" }
            if case let .lifetime(_, responder) = $0 { return responder }
            return false
        }
        guard !signs.isEmpty else { return nil }
        let seconds = signs.compactMap { if case let .lifetime(s, true) = $0.kind { return s }; return nil }.first
        let peer = Say.peer(sa)
        return finding(sa, on: device,
                       summary: "\(peer) uses a shorter IKE lifetime\(seconds.map { " (\($0) s)" } ?? ""); harmless",
                       explanation: "\(device.name) proposed its ISAKMP lifetime and \(peer) answered with a shorter one (`RESPONDER_LIFETIME`)\(seconds.map { "; the SA now expires after \($0) s" } ?? ""). IKEv1 lets the lifetimes differ and uses the lower one, so this is not a failure; it only makes the SA rekey more often than this router's configuration suggests.",
                       fix: "Nothing is required. To keep both ends consistent, set the same `lifetime` under `crypto isakmp policy` on \(device.name) and \(peer).",
                       evidence: signs)
    }
}
