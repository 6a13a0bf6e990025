/// Quick mode refused because the peer's proposal reached an address of this router that no
/// crypto map is bound to (`IPSEC(validate_proposal): invalid local address X`).
public struct InvalidLocalAddressDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.invalidLocalAddress]

    public static let description = DiagnoserDescription(
        id: "invalid-local-address",
        severity: .error,
        meaning: "Quick mode refused because the peer negotiated with an address of this router that no crypto map uses as its local address (`IPSEC(validate_proposal): invalid local address`): the map is on another interface, not applied, or `local-address` names another one.",
        usualFix: "Apply the crypto map to the interface that owns the address the peer uses, or set `crypto map NAME local-address` to it; or point the peer's `set peer` at the map's address.",
        triggering: [
            """
            00:42:15: ISAKMP (0:3): received packet from 10.1.1.1 (R) QM_IDLE
            00:42:15: ISAKMP (0:3): processing HASH payload. message ID = -1407259328
            00:42:15: ISAKMP (0:3): processing SA payload. message ID = -1407259328
            00:42:15: ISAKMP (0:3): Checking IPSec proposal 1
            00:42:15: ISAKMP: transform 1, ESP_DES
            00:42:15: ISAKMP:   attributes in transform:
            00:42:15: ISAKMP:      encaps is 1
            00:42:15: ISAKMP (0:3): atts are acceptable.
            00:42:15: IPSEC(validate_proposal): invalid local address 10.2.2.2
            00:42:15: ISAKMP (0:3): atts not acceptable. Next payload is 0
            00:42:15: ISAKMP (0:3): SA not acceptable!
            """,
        ],
        nonTriggering: [
            """
            00:42:15: ISAKMP (0:3): atts are acceptable.
            00:42:15: IPSEC(validate_proposal_request): proposal part #1,
              (key eng. msg.) INBOUND local= 10.2.2.2, remote= 10.1.1.1,
                local_proxy= 192.168.2.0/255.255.255.0/0/0 (type=4),
                remote_proxy= 192.168.1.0/255.255.255.0/0/0 (type=4),
                protocol= ESP, transform= esp-des  (Tunnel),
                lifedur= 0s and 0kb,
                spi= 0x0(0), conn_id= 0, keysize= 0, flags= 0x2
            00:42:15: IPSEC(kei_proxy): head = MAP, map->ivrf = , kei->ivrf =
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let invalid = sa.first({ if case .invalidLocalAddress = $0 { return true }; return false }) else { return nil }
        guard case let .invalidLocalAddress(address) = invalid.kind else { return nil }
        let peer = Say.peer(sa)
        let at = address.map { "`\($0)`" } ?? "the address it used"
        var evidence = [invalid]
        evidence += sa.all {
            switch $0 {
            case .proposalInvalidated, .phase2NotAcceptable: return true
            case let .notify(sent, type, _): return sent && type == "PROPOSAL_NOT_CHOSEN"
            default: return false
            }
        }.filter { $0.firstLine >= invalid.firstLine }.prefix(3)
        let steps = [
            "\(peer) sent its quick-mode proposal to \(device.name) at \(address ?? "an address of this router").",
            "IOS checks that this address is the local address of a crypto map (the address of the interface the map is applied to, or its `local-address`): it is not (`IPSEC(validate_proposal): invalid local address`), so the proposal was refused.",
            "Either the crypto map is applied to another interface than the one that owns \(address ?? "this address") (or to none), or `crypto map … local-address` makes the map use another interface's address (a loopback), while \(peer) has `set peer` pointing at \(address ?? "this address").",
        ]
        let fix = "On \(device.name), `show crypto map` shows the interfaces the map is applied to and its local address. Either apply the map to the interface that owns \(at) (`interface … / crypto map NAME`) or set `crypto map NAME local-address <that interface>`; or, on \(peer), point `set peer` at the address the map uses. Both ends must agree on the tunnel endpoints."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused: no crypto map on \(device.name) uses \(at) as its local address",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
