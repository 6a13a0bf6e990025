/// IKEv2: the peer's AUTH payload did not verify (pre-shared key or identity).
public struct IKEv2AuthFailedDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .v2AuthFailure

    public static let description = DiagnoserDescription(
        id: "ikev2-auth-failed",
        severity: .error,
        meaning: "IKEv2 authentication failed (`Verification of peer's authentication data FAILED`, `AUTHENTICATION_FAILED`): usually the pre-shared keys differ.",
        usualFix: "Make the keys identical in both IKEv2 keyrings (each side's local and remote key), and check the identities the profiles match.",
        triggering: [
            """
            *Nov 12 16:10:00.200: IKEv2:(SESSION ID = 9,SA ID = 1):Searching policy based on peer's identity '198.51.100.2' of type 'IPv4 address'
            *Nov 12 16:10:00.200: IKEv2:found matching IKEv2 profile 'PROF'
            *Nov 12 16:10:00.201: IKEv2:% Getting preshared key from profile keyring KR
            *Nov 12 16:10:00.202: IKEv2:(SESSION ID = 9,SA ID = 1):Verify peer's authentication data
            *Nov 12 16:10:00.202: IKEv2:(SESSION ID = 9,SA ID = 1):Verification of peer's authentication data FAILED
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 16:10:00.202: IKEv2:(SESSION ID = 9,SA ID = 1):Verify peer's authentication data
            *Nov 12 16:10:00.202: IKEv2:(SESSION ID = 9,SA ID = 1):Verification of peer's authenctication data PASSED
            *Nov 12 16:10:00.203: IKEv2:(SESSION ID = 9,SA ID = 1):Session with IKE ID PAIR (198.51.100.2, 203.0.113.1) is UP
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 2 else { return nil }
        // Certificate, profile, peer-ID and missing-key failures have their own diagnoses.
        if sa.has({ switch $0 { case .v2CertFailed, .v2ProfileNotFound, .v2PeerIDCheckFailed: return true; default: return false } }) { return nil }
        if !IKEv2ProfileNotFoundDiagnoser.notFound(sa).isEmpty || IKEv2NoPSKDiagnoser.missingKey(sa) != nil { return nil }
        var evidence = sa.all { $0 == .v2AuthResult(passed: false) }
        let notified = sa.events.filter { if case let .v2Packet(_, _, _, _, _, _, p) = $0.kind { return (p ?? "").contains("AUTHENTICATION_FAILED") }; return false }
        guard !evidence.isEmpty || !notified.isEmpty else { return nil }
        evidence += notified
        evidence += sa.all { switch $0 { case .v2KeyringKey, .v2ProfileMatched, .v2IdentitySearch: return true; default: return false } }
        let peer = Say.peer(sa)
        let weVerified = sa.has { $0 == .v2AuthResult(passed: false) }
        let steps = [
            weVerified
                ? "\(device.name) could not verify \(peer)'s AUTH payload (`Verification of peer's authentication data FAILED`)\(sa.matchedProfile.map { " under IKEv2 profile \($0)" } ?? "")\(sa.profileKeyring.map { " with the key from keyring \($0)" } ?? "")."
                : "\(peer) refused \(device.name)'s authentication (`AUTHENTICATION_FAILED` notify).",
            "With pre-shared keys the AUTH payload is a MAC over the exchange keyed with the PSK, so a failure almost always means the two ends hold different keys for each other. In IKEv2 each direction can use its own key (`pre-shared-key local` / `remote`), so check both. Less often the identity sent (`identity local`) selects another profile or keyring on the verifier than intended, or the authentication methods differ (PSK vs certificate).",
        ]
        // The pair that failed: the verifier's `remote` key against the signer's `local` key
        // (with one `pre-shared-key X` per peer both are the same key).
        let here = sa.local ?? "this router"
        let pair = weVerified
            ? "the key \(device.name) verifies \(peer) with (its `pre-shared-key remote`, or the entry's only key) must equal the key \(peer) signs with (its `pre-shared-key local` for \(here))"
            : "the key \(device.name) signs with (its `pre-shared-key local`, or the entry's only key) must equal the key \(peer) verifies \(device.name) with (its `pre-shared-key remote` for \(here))"
        let fix = "Compare the IKEv2 keyrings: on \(device.name) `show crypto ikev2 profile` (keyring, `authentication local` / `remote`) and the keyring's entry for \(peer); on \(peer) the entry for \(here) — \(pair). Re-enter both keys (type 0) to rule out typos."
        return finding(sa, on: device,
                       summary: "IKEv2 authentication with \(peer) failed: pre-shared keys most likely differ",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
