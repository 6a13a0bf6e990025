/// `%CRYPTO-6-IKMP_SA_NOT_AUTH: Cannot accept Quick Mode exchange from X if SA is not authenticated!`:
/// the peer started quick mode on an ISAKMP SA whose phase 1 this router never authenticated.
/// IOS drops the quick mode; the peer, which believes phase 1 completed, retries until it gives up.
/// In aggressive mode the initiator sends AM3 and goes straight on to quick mode, so a responder
/// that failed to authenticate AM3 (another pre-shared key) sees exactly this; stale state on one
/// end (a reboot, a `clear` on one side only) is the other cause.
public struct SANotAuthenticatedDiagnoser: RouterMessageDiagnoser {
    public init() {}

    public static let mnemonic = "IKMP_SA_NOT_AUTH"

    public static let triggers: Signals = .phase1Message

    public static let description = DiagnoserDescription(
        id: "sa-not-authenticated",
        severity: .error,
        meaning: "The peer started quick mode on an IKE SA this router never authenticated (`IKMP_SA_NOT_AUTH`): the peer believes phase 1 completed; usually the pre-shared key or identity failed on this side, or one end holds stale state.",
        usualFix: "Make the pre-shared keys (or certificates) match for this peer on both ends and clear the IKE SAs on both (`clear crypto isakmp`).",
        triggering: [
            "Jun 19 10:14:02.113: %CRYPTO-6-IKMP_SA_NOT_AUTH: Cannot accept Quick Mode exchange from 192.168.0.2 if SA is not authenticated!",
        ],
        nonTriggering: [
            "Jun 19 10:14:02.113: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 192.168.0.2",
        ])

    public static func words(device: DeviceTimeline, peer: String?, who: String, s: String, count: Int) -> (summary: String, explanation: String, fix: String) {
        let p = peer ?? "<peer>"
        return (
            "\(who) start\(s) quick mode on an IKE SA \(device.name) never authenticated (\(RouterMessages.times(count)))",
            "\(device.name) logged `%CRYPTO-6-IKMP_SA_NOT_AUTH` (`Cannot accept Quick Mode exchange from \(who) if SA is not authenticated!`)\(count > 1 ? " \(count) times" : ""): \(who) sent a quick-mode (phase 2) message on an ISAKMP SA whose phase 1 \(device.name) never authenticated, and \(device.name) dropped it. \(who) believes phase 1 completed; \(device.name) does not, so no IPsec SA comes up. Usually authentication failed on this side: the pre-shared keys differ (or \(device.name) took the key from another keyring), or the peer's identity or certificate was refused. In aggressive mode (EzVPN, remote access) the initiator sends its last message and goes straight on to quick mode, so a responder that could not authenticate it sees exactly this. Otherwise one end holds stale state: a reboot or a `clear` on one side only, the other still using the old SA.",
            "Compare the pre-shared key for \(p) on \(device.name) (`show crypto isakmp key`, in the keyring the ISAKMP profile uses) with the one for \(device.name) on \(p), and the identities or certificates; `debug crypto isakmp` on \(device.name) shows phase 1 authentication failing. Then clear the stale SAs on both ends: `clear crypto isakmp` and `clear crypto sa peer \(p)` here, the same for \(device.name) on \(p); enable DPD (`crypto isakmp keepalive 10 3 periodic`) so stale SAs go away by themselves."
        )
    }
}
