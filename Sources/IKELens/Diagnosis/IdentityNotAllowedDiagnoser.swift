/// `%CRYPTO-4-RECVD_PKT_INV_IDENTITY_ACL: ipsec check access: identity not allowed by ACL.`, then
/// `(ip) vrf/dest_addr= (none)/A, src_addr= B, prot= P`: a packet arrived in an IPsec SA and
/// decrypted, but its inner addresses are outside the proxy identities the SA was negotiated
/// for, so IOS drops it. The peer encrypts more than this router's crypto ACL expects: the two
/// ACLs (traffic selectors) are not mirror images. A and B are the inner packet's, not IKE peers.
public struct IdentityNotAllowedDiagnoser: Diagnoser {
    public init() {}

    static let mnemonic = "RECVD_PKT_INV_IDENTITY_ACL"

    public static let description = DiagnoserDescription(
        id: "identity-not-allowed",
        severity: .warning,
        meaning: "Decrypted packets fall outside the IPsec SA's proxy identities and are dropped (`RECVD_PKT_INV_IDENTITY_ACL`): the two ends' crypto ACLs are not mirror images (the peer's is broader).",
        usualFix: "Make the crypto ACLs (traffic selectors) of both ends exact mirror images, then `clear crypto sa`.",
        triggering: [
            """
            Jun 19 10:14:02.113: %CRYPTO-4-RECVD_PKT_INV_IDENTITY_ACL: ipsec check access: identity not allowed by ACL.
                    ip vrf/id= (none)/0
                    (ip) vrf/dest_addr= (none)/192.168.100.1, src_addr= 172.16.5.10, prot= 1
            """,
        ],
        nonTriggering: [
            """
            Jun 19 10:14:02.113: %CRYPTO-4-RECVD_PKT_NOT_IPSEC: Rec'd packet not an IPSEC packet.
                    (ip) vrf/dest_addr= 203.0.113.1, src_addr= 198.51.100.9, prot= 1
            """,
        ])

    static let protocols = [1: "ICMP", 6: "TCP", 17: "UDP", 47: "GRE", 50: "ESP", 89: "OSPF"]

    /// `src → dest TCP` of each distinct inner packet the messages print, in the order seen.
    static func flows(_ events: [Event]) -> [String] {
        var out: [String] = []
        for e in events {
            let t = e.text
            guard let d = t.range(of: "dest_addr= ") else { continue }
            // (`(none)/192.168.100.1`: the VRF, then the address.)
            var dest = String(t[d.upperBound...].prefix { $0 != "," && $0 != "\n" })
            if let slash = dest.lastIndex(of: "/") { dest = String(dest[dest.index(after: slash)...]) }
            let src = RouterMessages.values(after: "src_addr= ", in: [e], allowing: ".:").first
            let prot = RouterMessages.values(after: "prot= ", in: [e]).first.flatMap { Int($0) }
            guard let src, !dest.isEmpty else { continue }
            let p = prot.map { " " + (protocols[$0] ?? "protocol \($0)") } ?? ""
            let flow = "\(src) → \(dest)\(p)"
            if !out.contains(flow) { out.append(flow) }
        }
        return out
    }

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: Self.mnemonic).map { group in
            let flows = Self.flows(group.events)
            let shown = flows.prefix(3).joined(separator: "; ") + (flows.count > 3 ? "; …" : "")
            let inner = flows.isEmpty ? "" : " (\(shown))"
            let first = group.events.first.map { Self.flows([$0]) }?.first
            var steps = ["\(device.name) logged `%CRYPTO-4-RECVD_PKT_INV_IDENTITY_ACL` (`ipsec check access: identity not allowed by ACL`) \(RouterMessages.times(group.count)): packets arrived inside an IPsec SA and decrypted, but their inner addresses\(inner) are outside the proxy identities the SA was negotiated for, so \(device.name) dropped them."]
            steps.append("The two ends' crypto ACLs (or traffic selectors) are not mirror images: the peer's covers more (a broader ACL, `permit ip any any`, an extra subnet) and encrypts traffic into this SA that \(device.name)'s ACL does not expect. The addresses are the inner packets', not IKE peers; `show crypto ipsec sa` (local and remote ident) shows what the SA covers.")
            let flowWords = first.map { " (here \($0))" } ?? ""
            let fix = "Make the crypto ACLs mirror images: the peer's `match address` ACL (or its traffic selectors) must be \(device.name)'s with source and destination swapped. Either remove the traffic\(flowWords) from the peer's ACL, or, if it must be protected, add it to \(device.name)'s crypto ACL as well (and its mirror on the peer); compare `show crypto map` and `show access-lists` on both ends, then `clear crypto sa` so the SAs are negotiated again."
            return finding(device: device, peer: nil,
                           summary: "Decrypted packets fall outside the IPsec SA's proxy identities and are dropped (\(RouterMessages.times(group.count))): the crypto ACLs of the two ends are not mirror images",
                           explanation: steps.joined(separator: " "), fix: fix, evidence: Array(group.events.prefix(3)))
        }
    }
}
