/// Clear-text packets arrive where IPsec is required: protection on one side only.
public struct NotIPsecDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "not-ipsec",
        severity: .warning,
        meaning: "Clear-text packets arrive where IPsec is expected (`RECVD_PKT_NOT_IPSEC`, e.g. GRE prot=47): protection configured on one side only.",
        usualFix: "Apply the same tunnel protection / crypto map on both ends (or remove it from both).",
        triggering: [
            "*Nov 12 15:01:00.000: %CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet. (ip) vrf/dest_addr= /203.0.113.1, src_addr= 198.51.100.44, prot= 47",
        ],
        nonTriggering: [
            "*Nov 12 15:01:00.000: %LINK-3-UPDOWN: Interface Tunnel1, changed state to up",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: "RECVD_PKT_NOT_IPSEC").map { group in
            let (peer, s) = RouterMessages.subject(group)
            let gre = group.events.contains { $0.text.contains("prot= 47") || $0.text.contains("prot=47") }
            return finding(device: device, peer: group.peer,
                           summary: "\(peer) send\(s) \(gre ? "GRE" : "traffic") in clear text where \(device.name) expects IPsec (\(RouterMessages.times(group.count)))",
                           explanation: "\(device.name) has IPsec protection for traffic from \(peer)\(gre ? " (the GRE tunnel, protocol 47)" : "") and drops the packets because they arrive unencrypted. The other end sends them without protection: its `tunnel protection ipsec profile` or crypto map is missing, or its ACL does not cover this traffic.",
                           fix: "On \(peer), apply the same protection as on \(device.name) (`tunnel protection ipsec profile …` on the tunnel interface, or the crypto map on the outside interface with a mirrored ACL). Compare `show crypto map` / `show crypto ipsec sa` on both ends.",
                           evidence: Array(group.events.prefix(3)))
        }
    }
}
