/// IKE messages for an IKE SA this router no longer has.
public struct IKMPNoSADiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "ikmp-no-sa",
        severity: .warning,
        meaning: "IKE messages arrive for an IKE SA this router does not have (`IKMP_NO_SA`): stale state on the peer.",
        usualFix: "Enable DPD on both ends; clear the peer's stale IKE SA.",
        triggering: [
            "*Nov 12 15:00:00.000: %CRYPTO-4-IKMP_NO_SA: IKE message from 198.51.100.9 has no SA and is not an initialization offer",
        ],
        nonTriggering: [
            "*Nov 12 15:00:00.000: %CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is ON",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: "IKMP_NO_SA").map { group in
            let (peer, s) = RouterMessages.subject(group)
            return finding(device: device, peer: group.peer,
                           summary: "\(peer) send\(s) IKE messages for an IKE SA \(device.name) no longer has (\(RouterMessages.times(group.count)))",
                           explanation: "\(peer) still uses an IKE SA (quick mode, DPD or delete messages) that \(device.name) has already removed, and the messages are not a new main mode either, so \(device.name) drops them. The peer keeps the stale SA until it expires or notices; tunnels stay down in the meantime.",
                           fix: "Enable dead peer detection on both ends (`crypto isakmp keepalive 10 3 periodic`) so stale SAs are removed, and clear it now on \(peer) (`clear crypto isakmp` / `clear crypto session remote <\(device.name)'s address>`).",
                           evidence: Array(group.events.prefix(3)))
        }
    }
}
