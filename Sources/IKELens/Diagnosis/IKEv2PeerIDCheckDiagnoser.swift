/// IKEv2 (ASA): the identity the peer sent is not in its certificate.
public struct IKEv2PeerIDCheckDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .v2PeerIDCheck

    public static let description = DiagnoserDescription(
        id: "ikev2-peer-id-check-failed",
        severity: .error,
        meaning: "IKEv2 peer ID validation failed (`Peer ID check failed`): the identity the peer sent is not in its certificate's subject alternative names.",
        usualFix: "Put the identity (address or FQDN) in the peer certificate's SAN, or relax the check (`peer-id-validate cert` / `nocheck` on an ASA tunnel-group).",
        triggering: [
            """
            IKEv2-PLAT-3: Peer ID check started, received ID type: IPv4 address
            IKEv2-PLAT-2: Peer ID check: failed to retreive IP from SAN
            IKEv2-PLAT-1: Peer ID check failed
            IKEv2-PROTO-1: (172): Failed to locate an item in the database
            """,
        ],
        nonTriggering: [
            """
            IKEv2-PLAT-3: Peer ID check started, received ID type: IPv4 address
            IKEv2-PROTO-3: (172): Verify peer's authentication data
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 2, let failed = sa.first({ $0 == .v2PeerIDCheckFailed }) else { return nil }
        let peer = sa.peer ?? "the peer"
        var evidence = [failed]
        evidence += sa.all { if case .v2Failure = $0 { return true }; return false }
        return finding(sa, on: device,
                       summary: "\(device.name) rejected \(peer)'s identity: it does not appear in the peer's certificate (peer ID check)",
                       explanation: "\(peer) identified itself (for example by IP address) and authenticated with a certificate; \(device.name) checks that this identity appears in the certificate's subject alternative names (IP address, DNS name or RFC822 name) and found none, so it failed authentication (`Peer ID check failed`, `Auth exchange failed`).",
                       fix: "Reissue \(peer)'s certificate with its address or FQDN in the SAN, or make it send an identity its certificate holds (`identity local dn` / `fqdn`); on an ASA the check can be relaxed in the tunnel-group (`peer-id-validate cert` or `nocheck`).",
                       evidence: evidence)
    }
}
