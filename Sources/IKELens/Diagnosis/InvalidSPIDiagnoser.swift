/// ESP packets for an SA this router no longer has: the ends are out of sync.
public struct InvalidSPIDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "invalid-spi",
        severity: .warning,
        meaning: "ESP packets arrive for an SPI this router does not know (`RECVD_PKT_INV_SPI`): one end kept an SA the other deleted.",
        usualFix: "Enable `crypto isakmp invalid-spi-recovery` and DPD (`crypto isakmp keepalive`), or clear the peer's stale SA.",
        triggering: [
            "*Oct 24 04:31:10.058: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=61.128.1.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=103.1.1.1, input interface=GigabitEthernet1",
        ],
        nonTriggering: [
            "*Oct 24 04:31:10.058: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 103.1.1.1:500       Id: 103.1.1.1",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: "RECVD_PKT_INV_SPI").map { group in
            let (peer, s) = RouterMessages.subject(group)
            return finding(device: device, peer: group.peer,
                           summary: "\(peer) send\(s) ESP on an SA \(device.name) does not have (invalid SPI, \(RouterMessages.times(group.count)))",
                           explanation: "\(device.name) received IPsec packets from \(peer) with an SPI it has no SA for. One end deleted or rebuilt its SAs (reboot, `clear crypto`, lifetime expiry on one side only) while the other kept sending on the old ones. Traffic is dropped until the sender's old SA expires or is cleared, which can take up to the IPsec lifetime.",
                           fix: "On \(device.name) enable `crypto isakmp invalid-spi-recovery` (it tells the peer with an IKE notify) and dead peer detection on both ends (`crypto isakmp keepalive 10 3 periodic`); to recover now, `clear crypto sa peer \(group.peer ?? "<peer>")` on the sender.",
                           evidence: Array(group.events.prefix(3)))
        }
    }
}
