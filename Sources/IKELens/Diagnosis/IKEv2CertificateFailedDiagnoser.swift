/// IKEv2: the peer's certificate could not be validated (no trusted chain).
public struct IKEv2CertificateFailedDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .v2CertFailure

    public static let description = DiagnoserDescription(
        id: "ikev2-cert-failed",
        severity: .error,
        meaning: "IKEv2 certificate authentication failed: the peer's certificate chains to no trusted trustpoint (`No suitable trustpoints found`, `Verify cert failed`).",
        usualFix: "Install the issuing CA (and intermediates) as a trustpoint here, or make the peer send its full chain; check the profile's `pki trustpoint`.",
        triggering: [
            """
            2328317: Jun  8 19:14:38.055 GMT: CRYPTO_PKI: No trust point for cert issuer, looking up cert chain
            2328318: Jun  8 19:14:38.055 GMT: CRYPTO_PKI: (A16A8) No suitable trustpoints found
            2328321: Jun  8 19:14:38.059 GMT: IKEv2:(SESSION ID = 14607,SA ID = 68):Verify cert failed
            2328323: Jun  8 19:14:38.059 GMT: IKEv2:(SESSION ID = 14607,SA ID = 68):Verification of peer's authentication data FAILED
            """,
        ],
        nonTriggering: [
            """
            2328306: Jun  8 19:14:38.051 GMT: IKEv2:(SESSION ID = 14607,SA ID = 68):Peer's authentication method is 'RSA'
            2328323: Jun  8 19:14:38.059 GMT: IKEv2:(SESSION ID = 14607,SA ID = 68):Verification of peer's authenctication data PASSED
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 2 else { return nil }
        let failures = sa.all { if case .v2CertFailed = $0 { return true }; return false }
        guard !failures.isEmpty else { return nil }
        let peer = sa.peer ?? "the peer"
        let noChain = failures.contains { $0.text.contains("trust") }
        var evidence = failures
        evidence += sa.all { $0 == .v2AuthResult(passed: false) }
        return finding(sa, on: device,
                       summary: "\(device.name) could not validate \(peer)'s certificate\(noChain ? ": no trusted chain to its issuer" : "")",
                       explanation: "\(peer) authenticated with a certificate (RSA signature) and \(device.name) could not validate it\(noChain ? ": the issuer is not one of its trustpoints (`No trust point for cert issuer`, `No suitable trustpoints found`), and no certificate the peer sent leads to one" : ""), so authentication failed (`Verify cert failed`). A common case: the peer's certificate was issued by an intermediate CA and the peer (for example an ASA) does not send the chain, while \(device.name) trusts only the root.",
                       fix: "On \(device.name), authenticate the issuing CA (and any intermediate) as a trustpoint (`crypto pki trustpoint …`, `crypto pki authenticate …`) and reference it in the IKEv2 profile (`pki trustpoint …`), or make \(peer) send its certificate chain (on an ASA: `crypto map <map> <seq> set trustpoint <trustpoint> chain` on the crypto map entry for \(device.name)). `show crypto pki certificates` lists what is trusted.",
                       evidence: evidence)
    }
}
