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
        let method = Self.method(sa, verified: weVerified)
        if case let .signature(signs) = method {
            return signatureFailed(sa, on: device, peer: peer, weVerified: weVerified, evidence: evidence + signs)
        }
        var steps = [
            weVerified
                ? "\(device.name) could not verify \(peer)'s AUTH payload (`Verification of peer's authentication data FAILED`)\(sa.matchedProfile.map { " under IKEv2 profile \($0)" } ?? "")\(sa.profileKeyring.map { " with the key from keyring \($0)" } ?? "")."
                : "\(peer) refused \(device.name)'s authentication (`AUTHENTICATION_FAILED` notify).",
            "With pre-shared keys the AUTH payload is a MAC over the exchange keyed with the PSK, so a failure almost always means the two ends hold different keys for each other. In IKEv2 each direction can use its own key (`pre-shared-key local` / `remote`), so check both. Less often the identity sent (`identity local`) selects another profile or keyring on the verifier than intended, or the authentication methods differ (PSK vs certificate).",
        ]
        if case .unknown = method {
            steps.append("This log does not show how the SA authenticates (no key lookup, no authentication method: its lines before the failure are not in it), so pre-shared keys are the likely cause, not a certain one; if the SA uses certificates, the certificate or its chain did not verify instead (`debug crypto pki transactions` tells).")
        }
        // The pair that failed: the verifier's `remote` key against the signer's `local` key
        // (with one `pre-shared-key X` per peer both are the same key).
        let here = sa.local ?? "this router"
        let pair = weVerified
            ? "the key \(device.name) verifies \(peer) with (its `pre-shared-key remote`, or the entry's only key) must equal the key \(peer) signs with (its `pre-shared-key local` for \(here))"
            : "the key \(device.name) signs with (its `pre-shared-key local`, or the entry's only key) must equal the key \(peer) verifies \(device.name) with (its `pre-shared-key remote` for \(here))"
        let fix = "Compare the IKEv2 keyrings: on \(device.name) `show crypto ikev2 profile` (keyring, `authentication local` / `remote`) and the keyring's entry for \(peer); on \(peer) the entry for \(here) — \(pair). Re-enter both keys (type 0) to rule out typos."
        return finding(sa, on: device,
                       summary: "IKEv2 authentication with \(peer) failed: pre-shared keys most likely differ\(method.isUnknown ? " (the log does not show the method)" : "")",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }

    /// How the SA authenticated, as its lines tell.
    enum Method {
        /// A key was looked up (`Getting preshared key from profile keyring`, `Get peer's
        /// preshared key for`), or the method named is PSK.
        case preSharedKey
        /// Signatures (certificates), no key looked up: `Peer's authentication method is 'RSA'`
        /// (or ECDSA; `My …` where the peer refused this router's AUTH), a state machine event
        /// of certificate checking (`EV_VERIFY_X509_CERTS`, `EV_CERT_FAIL`); the first two such
        /// lines.
        case signature([Event])
        /// Nothing tells: a log that lost its start may keep only the state trace and the failure.
        case unknown

        var isUnknown: Bool { if case .unknown = self { return true }; return false }
    }

    static func method(_ sa: SecurityAssociation, verified: Bool) -> Method {
        var signs: [Event] = []
        for e in sa.events {
            switch e.kind {
            case .v2KeyringKey, .v2PSKLookup:
                return .preSharedKey
            case let .v2State(_, event) where verified:
                if event.contains("X509") || event.contains("CERT_FAIL") { signs.append(e) }
            case let .v2AuthMethod(peerSide, method) where peerSide == verified:
                // (The method of the side whose AUTH failed: the peer's where this router
                // verified it, its own where the peer refused it.)
                if method == "PSK" { return .preSharedKey }
                if method.hasPrefix("RSA") || method.hasPrefix("ECDSA") { signs.append(e) }
            default:
                break
            }
        }
        return signs.isEmpty ? .unknown : .signature(Array(signs.prefix(2)))
    }

    private func signatureFailed(_ sa: SecurityAssociation, on device: DeviceTimeline, peer: String, weVerified: Bool, evidence: [Event]) -> Finding {
        let how = weVerified
            ? "\(device.name) could not verify \(peer)'s AUTH payload (`Verification of peer's authentication data FAILED`)"
            : "\(peer) refused \(device.name)'s authentication (`AUTHENTICATION_FAILED` notify)"
        let explanation = "\(how). The SA authenticates with certificates (RSA or ECDSA signatures), not pre-shared keys: the log shows the certificate checks, and no key lookup. With signatures, AUTH fails when the certificate does not validate (no trusted chain to its issuer, expired, revoked or its CRL unreachable), when its key does not match the signature, or when the identity sent does not match the certificate. The lines that said which are not in this log\(weVerified ? "" : " (they are in \(peer)'s debug)")."
        let fix = "On \(weVerified ? device.name : peer), `debug crypto pki transactions` and `debug crypto pki validation` with `debug crypto ikev2` show which check failed; `show crypto pki certificates` lists the trustpoints and their validity. Make both ends trust each other's issuing CA (`crypto pki authenticate …`, the IKEv2 profile's `pki trustpoint …`), check the certificates' dates against the routers' clocks (NTP), and that revocation checking can reach its CRL (or `revocation-check none` while testing)."
        return finding(sa, on: device,
                       summary: "IKEv2 authentication with \(peer) failed: the certificate or signature did not verify",
                       explanation: explanation, fix: fix, evidence: evidence)
    }
}
