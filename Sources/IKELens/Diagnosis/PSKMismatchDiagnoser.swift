/// MM5 could not be decrypted: the two ends derived keys from different
/// pre-shared keys (`reserved not zero on ID payload`, `IKMP_BAD_MESSAGE`).
public struct PSKMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.reservedNotZero, .badMessage]

    public static let description = DiagnoserDescription(
        id: "psk-mismatch",
        severity: .error,
        meaning: "MM5 from the peer could not be decrypted (`reserved not zero on ID payload`, `IKMP_BAD_MESSAGE`): the two ends used different pre-shared keys.",
        usualFix: "Make the pre-shared key for the peer identical on both routers, in the keyring each side actually uses (`show crypto isakmp key`).",
        triggering: [
            """
            *Jul 16 20:21:25.317: ISAKMP (1004): received packet from 192.168.0.2 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Jul 16 20:21:25.317: ISAKMP: reserved not zero on ID payload!
            *Jul 16 20:21:25.317: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed
            """,
            """
            *Mar  1 00:42:09.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.1.20.2 failed its sanity check or is malformed
            """,
        ],
        nonTriggering: [
            """
            *Jul 16 20:21:25.317: ISAKMP (1004): received packet from 192.168.0.2 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Jul 16 20:21:25.317: ISAKMP:(1004):Old State = IKE_R_MM4  New State = IKE_R_MM5
            *Jul 16 20:21:25.318: ISAKMP:(1004): processing ID payload. message ID = 0
            *Jul 16 20:21:25.318: ISAKMP:(1004):SA authentication status:
                authenticated
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let bad = sa.all {
            switch $0 {
            case .reservedNotZero, .badMessage: return true
            default: return false
            }
        }
        guard !bad.isEmpty else { return nil }
        // An SA that authenticated had the right key: the line was another SA's (printed in
        // another order, or with its neighbours lost).
        if sa.reached("IKE_P1_COMPLETE") { return nil }
        let peer = Say.peer(sa)
        var evidence = bad
        evidence += sa.all {
            switch $0 {
            case .pskMatched, .keyringKey, .keySelected: return true
            default: return false
            }
        }
        if let rx = sa.events.last(where: { e in
            if case let .packetReceived(_, _, _, _, label, _) = e.kind, label.contains("MM_KEY_EXCH"), e.firstLine < bad[0].firstLine { return true }
            return false
        }) { evidence.append(rx) }
        let times = bad.filter { if case .badMessage = $0.kind { return true }; return false }.count
        var steps: [String] = []
        // (What this log shows: the garbled ID payload, the syslog message, or both.)
        let garbled = bad.contains { $0.kind == .reservedNotZero }
        let signs = [garbled ? "the ID payload decoded to garbage (`reserved not zero on ID payload`)" : nil,
                     times > 0 ? "IOS dropped the packet as malformed (`IKMP_BAD_MESSAGE`)\(times > 1 ? ", \(times) times as the peer retransmitted" : "")" : nil]
        // Only `IKMP_BAD_MESSAGE`, no state seen: which message it was is inferred, not shown.
        let onlyBadMessage = sa.states.isEmpty && !garbled
        if onlyBadMessage {
            steps.append("An IKE message from \(peer) failed its sanity check and IOS dropped it as malformed (`IKMP_BAD_MESSAGE`)\(times > 1 ? ", \(times) times" : ""); the log shows no more of the exchange. In main mode such a message is almost always MM5, decrypted with the wrong key.")
        } else {
            steps.append("\(device.name) received MM5 (the peer's encrypted identity) from \(peer) and could not decrypt it: \(signs.compactMap { $0 }.joined(separator: " and ")).")
        }
        steps.append("MM5 is encrypted with keys derived from the pre-shared key (SKEYID = prf(PSK, Ni | Nr)), so the two ends used different pre-shared keys.")
        var keyringNote = "Two causes fit: (1) the key strings differ between the routers; or (2) the strings are right but \(device.name) took the key from another keyring than intended: as a responder IOS picks the keyring at MM3 by the peer's address only (default keyring first, then the longest mask, then the first keyring in configuration order)"
        if let k = sa.keyKeyring { keyringNote += "; here it used keyring \(k)" }
        keyringNote += "."
        steps.append(keyringNote)
        steps.append("The peer sees its MM5 go unanswered and retransmits it until it gives up.")
        let fix = "Compare the key for \(peer) on \(device.name) with the key for \(device.name)'s address on the peer (`show crypto isakmp key` on both; `show running-config | section crypto keyring|crypto isakmp key`) and make them identical. If they already match, run `debug crypto isakmp detail` on \(device.name) to see which keyring was selected (`key for \(peer) found in …`, `Selecting … as final key`), and keep \(peer)'s address in only one keyring."
        return finding(sa, on: device,
                       summary: onlyBadMessage
                           ? "Pre-shared keys most likely differ between \(device.name) and \(peer): a main-mode message (MM5, as a rule) could not be decrypted"
                           : "Pre-shared keys differ between \(device.name) and \(peer): MM5 could not be decrypted",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
