/// A tunnel the router reported down (`%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN`,
/// IKEv2's `IKEV2_SESSION_STATUS`) to a peer the log has no IKE debug for: a syslog server's
/// file, which gets the router's notifications but not its debug output (level 7), says that a
/// tunnel went down and nothing about why. (With the peer's exchange in the log, the message is
/// part of its SA and the SA's own diagnoses speak.)
public struct TunnelDownDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "tunnel-down",
        severity: .warning,
        meaning: "The router logged a tunnel going down (`%CRYPTO-5-SESSION_STATUS … DOWN`) to a peer the log has no IKE debug for: when, not why.",
        usualFix: "Capture the next failure with `debug crypto condition peer ipv4 X`, `debug crypto isakmp` (or `ikev2`) and `debug crypto ipsec`, logged where the debug level reaches.",
        triggering: [
            """
            Nov 29 06:19:56 10.0.0.1 1234: Nov 29 06:19:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 192.168.0.2:500       Id: 192.168.0.2
            Nov 29 06:20:56 10.0.0.1 1235: Nov 29 06:20:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 192.168.0.2:500       Id: 192.168.0.2
            """,
        ],
        nonTriggering: [
            "Nov 29 06:19:56 10.0.0.1 1234: Nov 29 06:19:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 192.168.0.2:500       Id: 192.168.0.2",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: "SESSION_STATUS").compactMap { group -> Finding? in
            let downs = group.events.filter { Self.isDown($0.text) }
            guard let lastDown = downs.last else { return nil }
            // (A peer whose exchange the log holds is that SA's story; streaming output has
            // reported it, and let it go, before a DOWN that followed its end.)
            let address = group.peer
            if let address, device.hasSA(withPeer: address) { return nil }
            // (No address at all, a message cut before it: "a peer", not "0 other peers".)
            let peer = address ?? RouterMessages.subject(group).who
            let v2 = group.events.contains { $0.text.contains("IKEV2_SESSION_STATUS") }
            // Back up after its last DOWN, when every message was kept (a flood counts the rest).
            let upAgain = group.count == group.events.count && group.events.last.map { !Self.isDown($0.text) } == true
            let when = lastDown.stamp.map { " (last at \($0.text), line \(lastDown.firstLine))" } ?? " (last at line \(lastDown.firstLine))"
            let times = downs.count == group.count || group.count == group.events.count ? RouterMessages.times(downs.count) : "at least \(RouterMessages.times(downs.count))"
            let condition = address.map { a in a.contains(":") ? "`debug crypto condition peer ipv6 \(a)`" : "`debug crypto condition peer ipv4 \(a)`" } ?? "`debug crypto condition peer ipv4 <peer>`"
            let show = address.map { "`show crypto session remote \($0) detail`" } ?? "`show crypto session detail`"
            var f = finding(device: device, peer: address,
                            summary: "The tunnel to \(peer) went down \(times)\(upAgain ? " and came back up" : ""); the log has no IKE debug for it to tell why",
                            explanation: "\(device.name) logged `\(v2 ? "%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is DOWN" : "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN")` for \(peer)\(when)\(upAgain ? ", and UP again after it" : ""). That notification says the IKE and IPsec session ended, not why: a peer that rebooted or lost its path, dead peer detection, an idle timeout, a lifetime with no rekey, an operator's `clear crypto`, a failed rekey. This log holds no IKE debug lines for \(peer) (debug output is level 7: a syslog server set to `logging trap notifications` or `informational` never gets it).",
                            fix: "To see why, capture the next occurrence: on \(device.name) \(condition), `debug crypto \(v2 ? "ikev2" : "isakmp")` and `debug crypto ipsec`, logged to the buffer (`logging buffered 1000000 debugging`) or to the syslog server (`logging trap debugging`), then read that log with ikelens. Now: \(show) and `show crypto \(v2 ? "ikev2" : "isakmp") sa` on both ends.",
                            evidence: Array(downs.prefix(2)) + [lastDown])
            if upAgain { f.severity = .info }
            return f
        }
    }

    /// `Crypto tunnel is DOWN.` / `Crypto tunnel v2 is DOWN.`
    static func isDown(_ text: String) -> Bool { text.contains("is DOWN") }
}
