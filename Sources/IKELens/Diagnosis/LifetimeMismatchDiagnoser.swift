/// The peer shortened the IKE lifetime: not fatal, the lower value wins.
public struct LifetimeMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .responderLifetime

    public static let description = DiagnoserDescription(
        id: "lifetime-mismatch",
        severity: .info,
        meaning: "The two ends have different IKE lifetimes (`RESPONDER_LIFETIME` protocol 1, `restart ike sa timer`) or IPsec SA lifetimes (`RESPONDER_LIFETIME` protocol 3, in quick mode): not fatal, the lower one is used.",
        usualFix: "Optionally align `lifetime` in the ISAKMP policies (IKE) or the IPsec SA lifetime (`crypto ipsec security-association lifetime`, `set security-association lifetime` in the map / ipsec profile) of both ends.",
        triggering: [
            """
            ISAKMP (0:9577): received packet from 77.77.77.77 dport 500 sport 500 Global (I) MM_KEY_EXCH
            ISAKMP:(9577): processing NOTIFY RESPONDER_LIFETIME protocol 1
            ISAKMP:(9577): processing responder lifetime
            ISAKMP:(9577): restart ike sa timer to 3600 secs
            """,
            // The IPsec SA's lifetime (protocol 3, ESP), in quick mode.
            """
            *Jun 19 10:04:24.841: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2816227709
            *Jun 19 10:04:24.848: ISAKMP (1011): received packet from 192.168.0.2 dport 500 sport 500 Global (I) QM_IDLE
            *Jun 19 10:04:24.848: ISAKMP:(1011): processing NOTIFY RESPONDER_LIFETIME protocol 3
            \tspi 3303383539, message ID = 2816227709, sa = 0xF474C2E8
            *Jun 19 10:04:24.848: ISAKMP:(1011): processing responder lifetime
            *Jun 19 10:04:24.848: ISAKMP (1011): responder lifetime of 1800s
            """,
        ],
        nonTriggering: [
            """
            ISAKMP:(0):Returning Actual lifetime: 86400
            ISAKMP:(0)::Started lifetime timer: 86400.
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // `protocol 1` (ISAKMP) is the IKE SA's lifetime; `protocol 3` (ESP, 2 AH), inside quick
        // mode, the IPsec SA's.
        let ike = sa.all {
            if case let .notify(sent, type, proto) = $0 { return !sent && type == "RESPONDER_LIFETIME" && (proto ?? 1) == 1 }
            if case let .lifetime(_, responder) = $0 { return responder }
            return false
        }
        let ipsec = sa.all {
            if case let .notify(sent, type, proto?) = $0 { return !sent && type == "RESPONDER_LIFETIME" && (proto == 2 || proto == 3) }
            return false
        }
        guard !ike.isEmpty || !ipsec.isEmpty else { return nil }
        let peer = Say.peer(sa)
        let ipsecFix = "set the same IPsec SA lifetime on both ends: globally `crypto ipsec security-association lifetime seconds N` (and `kilobytes N`), or per tunnel `set security-association lifetime seconds N` in the crypto map entry or ipsec profile for \(peer)"
        guard !ike.isEmpty else {
            return finding(sa, on: device,
                           summary: "\(peer) uses a shorter IPsec SA lifetime; harmless",
                           explanation: "In quick mode \(peer) answered \(device.name)'s proposal with a shorter lifetime for the IPsec SA (`RESPONDER_LIFETIME` with protocol 3, ESP: the phase 2 SA, not the IKE SA). IKEv1 lets the lifetimes differ and uses the lower one, so this is not a failure; the IPsec SA only rekeys more often than \(device.name)'s configuration suggests.",
                           fix: "Nothing is required. To keep both ends consistent, \(ipsecFix).",
                           evidence: ipsec)
        }
        let seconds = ike.compactMap { if case let .lifetime(s, true) = $0.kind { return s }; return nil }.first
        return finding(sa, on: device,
                       summary: "\(peer) uses a shorter IKE lifetime\(seconds.map { " (\($0) s)" } ?? ""); harmless",
                       explanation: "\(device.name) proposed its ISAKMP lifetime and \(peer) answered with a shorter one (`RESPONDER_LIFETIME`)\(seconds.map { "; the SA now expires after \($0) s" } ?? ""). IKEv1 lets the lifetimes differ and uses the lower one, so this is not a failure; it only makes the SA rekey more often than this router's configuration suggests.\(ipsec.isEmpty ? "" : " In quick mode it shortened the IPsec SA's lifetime too (`RESPONDER_LIFETIME` with protocol 3, ESP).")",
                       fix: "Nothing is required. To keep both ends consistent, set the same `lifetime` under `crypto isakmp policy` on \(device.name) and \(peer)\(ipsec.isEmpty ? "" : "; for the IPsec SA, \(ipsecFix)").",
                       evidence: ike + ipsec)
    }
}
