/// `%CRYPTO-6-IKMP_NOT_ENCRYPTED: IKE packet from X was not encrypted and it should've been.`:
/// the peer sent a clear-text IKE packet for an exchange this router holds past the key exchange,
/// where every packet is encrypted. The two ends' IKE state is out of step: one side reloaded or
/// cleared its SAs (or resends an early main-mode packet late) while the other keeps the old
/// exchange, or at MM5/MM6 the ends derived different keys.
public struct IKMPNotEncryptedDiagnoser: RouterMessageDiagnoser {
    public init() {}

    public static let mnemonic = "IKMP_NOT_ENCRYPTED"

    public static let triggers: Signals = .unencryptedIKE

    public static let description = DiagnoserDescription(
        id: "ikmp-not-encrypted",
        severity: .warning,
        meaning: "The peer sent a clear-text IKE packet where an encrypted one was due (`IKMP_NOT_ENCRYPTED`): the two ends' IKE state is out of step (one side reloaded or cleared its SAs, a late retransmission, or MM5/MM6 with keys that differ).",
        usualFix: "Enable DPD on both ends (`crypto isakmp keepalive`) and clear the stale IKE SA; if it recurs at every attempt, compare the pre-shared keys.",
        triggering: [
            "*Jun 19 11:12:03.517: %CRYPTO-6-IKMP_NOT_ENCRYPTED: IKE packet from 192.168.0.2 was not encrypted and it should've been.",
        ],
        nonTriggering: [
            "*Nov 12 15:00:00.000: %CRYPTO-4-IKMP_NO_SA: IKE message from 198.51.100.9 has no SA and is not an initialization offer",
        ])

    public static func words(device: DeviceTimeline, peer: String?, who: String, s: String, count: Int) -> (summary: String, explanation: String, fix: String) {
        let p = peer ?? "<peer>"
        let d = device.name
        return (
            "\(who) send\(s) IKE packets in clear text where \(d) expects them encrypted (\(RouterMessages.times(count))): IKE state out of step",
            "\(d) logged `%CRYPTO-6-IKMP_NOT_ENCRYPTED` (`IKE packet from \(p) was not encrypted and it should've been.`)\(count > 1 ? " \(count) times" : ""): \(who) sent an IKE packet without encryption for an exchange that \(d) holds past the key exchange (MM5 on, or an established SA), where every packet must be encrypted, so \(d) dropped it. The two ends' IKE state is out of step. Usually one side reloaded or cleared its SAs and starts afresh while the other still holds the old SA, or resends an early main-mode packet that arrives late; or, at MM5/MM6, the two ends derived different keys (the pre-shared keys differ), so one side cannot take the other's encrypted messages. Tunnels to \(who) stay down until the stale state goes.",
            "Enable dead peer detection on both ends (`crypto isakmp keepalive 10 3 periodic`) so a stale SA is noticed and removed, and clear it now: `clear crypto session remote \(p)` (or `clear crypto isakmp <conn-id>` from `show crypto isakmp sa`) on \(d), the same for \(d) on \(p). If the message comes back at every new attempt, compare the pre-shared key for \(p) on \(d) (`show crypto isakmp key`) with the one for \(d) on \(p)."
        )
    }
}
