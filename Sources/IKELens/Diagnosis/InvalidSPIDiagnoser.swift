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
            // The clear runs on the sender, naming this router: the address the packets were for.
            let here = RouterMessages.values(after: "destaddr=", in: group.events, allowing: ".:").first
            let clear = group.peer.map { p in "`clear crypto sa peer \(here ?? "<this router's address>")` on \(p) (or `clear crypto sa peer \(p)` here, which makes both ends negotiate afresh)" }
                ?? "`clear crypto sa peer <this router's address>` on the sender"
            // A quick mode with that peer completed after the last such message: in sync again.
            let last = group.events.last?.lastLine ?? Int.max
            let recovered = group.peer.flatMap { p in
                device.sas.lazy.filter { $0.peer == p }.flatMap(\.quickModes).first { $0.result == .complete && $0.firstLine > last }
            }
            let after = recovered.map { " A quick mode with \(group.peer!) completed after it (line \($0.lastLine)): the two ends agree on their SAs again." } ?? ""
            // The operator cleared this router's SAs just before: the peer still uses its old ones.
            let first = group.events.first?.firstLine ?? 0
            let cleared = device.unattributed.last { e in
                guard case let .operatorClear(command) = e.kind, Correlator.clearsSAs(command) else { return false }
                return e.firstLine < first && first - e.firstLine <= 5000
            }
            if let cleared, case let .operatorClear(command) = cleared.kind {
                return finding(device: device, peer: group.peer,
                               summary: "\(peer) send\(s) ESP on SAs \(device.name) cleared (`\(command)`, line \(cleared.firstLine)): invalid SPI, \(RouterMessages.times(group.count))",
                               explanation: "The operator typed `\(command)` at \(device.name)'s prompt (line \(cleared.firstLine)), which deleted its IPsec SAs; \(peer) kept sending on its own copies of them, whose SPIs \(device.name) no longer knows. This is the expected aftermath of the clear, not a fault: it lasts until the peer notices (an IKE delete, DPD, or its SA's lifetime) and negotiates afresh.\(after)",
                               fix: "Nothing to fix for the clear itself; for quicker recovery after one, enable `crypto isakmp invalid-spi-recovery` on \(device.name) (it tells the peer with an IKE notify) and dead peer detection on both ends (`crypto isakmp keepalive 10 3 periodic`).",
                               evidence: [cleared] + Array(group.events.prefix(2)))
            }
            return finding(device: device, peer: group.peer,
                           summary: "\(peer) send\(s) ESP on an SA \(device.name) does not have (invalid SPI, \(RouterMessages.times(group.count)))",
                           explanation: "\(device.name) received IPsec packets from \(peer) with an SPI it has no SA for. One end deleted or rebuilt its SAs (reboot, `clear crypto`, lifetime expiry on one side only) while the other kept sending on the old ones. Traffic is dropped until the sender's old SA expires or is cleared, which can take up to the IPsec lifetime.\(after)",
                           fix: "On \(device.name) enable `crypto isakmp invalid-spi-recovery` (it tells the peer with an IKE notify) and dead peer detection on both ends (`crypto isakmp keepalive 10 3 periodic`); to recover now, \(clear).",
                           evidence: Array(group.events.prefix(3)))
        }
    }
}
