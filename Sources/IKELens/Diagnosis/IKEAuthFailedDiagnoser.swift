/// Phase 1 authentication of the peer failed (`%CRYPTO-6-IKMP_AUTH_FAIL: Authentication method N
/// failed with host X`): with certificates (method 3, RSA signatures) the peer's certificate or
/// signature did not verify; with pre-shared keys (method 1) the keys differ.
public struct IKEAuthFailedDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.authFailure]

    public static let description = DiagnoserDescription(
        id: "ike-auth-failed",
        severity: .error,
        meaning: "Phase 1 authentication of the peer failed (`IKMP_AUTH_FAIL: Authentication method N failed`, `IKMP_INVAL_CERT`, `%PKI-3-CERTIFICATE_INVALID_EXPIRED`; the `IKMP_MODE_FAILURE` that ends it is part of it): with RSA signatures (3) its certificate or signature did not verify; with pre-shared keys (1) the keys differ; with Easy VPN's XAUTH pre-shared key (65001, 65002, aggressive mode) the client's group key differs from its group's.",
        usualFix: "Certificates: trust the issuing CA (`crypto pki authenticate`), fix the clocks (NTP), reach the CRL or relax `revocation-check`; pre-shared keys: make them identical; Easy VPN: the client's group name and key against `crypto isakmp client configuration group` → `key` and the profile's `match identity group`.",
        triggering: [
            "*Mar  1 00:51:02.431: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 3 failed with host 10.0.50.2",
            // An Easy VPN server's `show logging`: the group key (XAUTHInitPreShared), one finding
            // with the aggressive mode's end.
            """
            *Mar  3 09:12:40.231: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 65001 failed with host 198.51.100.77
            *Mar  3 09:12:40.231: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at 198.51.100.77
            """,
            // The same with `debug crypto isakmp`: AM3's hash refused.
            """
            *Mar  3 09:12:40.211: ISAKMP (0): received packet from 198.51.100.77 dport 500 sport 500 Global (N) NEW SA
            *Mar  3 09:12:40.211: ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy
            *Mar  3 09:12:40.211: ISAKMP:      auth XAUTHInitPreShared
            *Mar  3 09:12:40.211: ISAKMP:(0):Hash algorithm offered does not match policy!
            *Mar  3 09:12:40.211: ISAKMP:(0):atts are not acceptable. Next payload is 3
            *Mar  3 09:12:40.211: ISAKMP:(0):Checking ISAKMP transform 2 against priority 10 policy
            *Mar  3 09:12:40.211: ISAKMP:      auth XAUTHInitPreShared
            *Mar  3 09:12:40.211: ISAKMP:(0):atts are acceptable. Next payload is 3
            *Mar  3 09:12:40.223: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_AM_AAA_AWAIT
            *Mar  3 09:12:40.227: ISAKMP:(1005): sending packet to 198.51.100.77 my_port 500 peer_port 500 (R) AG_INIT_EXCH
            *Mar  3 09:12:40.227: ISAKMP:(1005):Old State = IKE_R_AM_AAA_AWAIT  New State = IKE_R_AM2
            *Mar  3 09:12:40.411: ISAKMP (1005): received packet from 198.51.100.77 dport 500 sport 500 Global (R) AG_INIT_EXCH
            *Mar  3 09:12:40.411: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 65001 failed with host 198.51.100.77
            *Mar  3 09:12:40.411: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at 198.51.100.77
            """,
            // `show logging | include CRYPTO` on a certificate tunnel.
            "*Nov 12 16:19:58.511: %CRYPTO-5-IKMP_INVAL_CERT: Certificate received from 198.51.100.41 failed validation",
            """
            *Nov 12 16:20:01.101: ISAKMP (1041): received packet from 198.51.100.41 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Nov 12 16:20:01.101: ISAKMP:(1041):Old State = IKE_R_MM4  New State = IKE_R_MM5
            *Nov 12 16:20:01.102: ISAKMP:(1041): processing ID payload. message ID = 0
            *Nov 12 16:20:01.102: ISAKMP:(1041): processing CERT payload. message ID = 0
            *Nov 12 16:20:01.105: ISAKMP:(1041): processing SIG payload. message ID = 0
            *Nov 12 16:20:01.109: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 3 failed with host 198.51.100.41
            """,
            """
            *Nov 12 16:20:01.101: ISAKMP (1041): received packet from 198.51.100.41 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Nov 12 16:20:01.101: ISAKMP:(1041):Old State = IKE_R_MM4  New State = IKE_R_MM5
            *Nov 12 16:20:01.102: ISAKMP:(1041): processing CERT payload. message ID = 0
            *Nov 12 16:20:01.109: %PKI-3-CERTIFICATE_INVALID_EXPIRED: Certificate chain validation has failed.  The certificate (SN: 1A2B3C4D5E) has expired.    Validity period ended on 23:59:59 UTC Nov 10 2024
            *Nov 12 16:20:01.109: %CRYPTO-5-IKMP_INVAL_CERT: Certificate received from 198.51.100.41 failed validation
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 16:20:01.101: ISAKMP (1041): received packet from 198.51.100.41 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Nov 12 16:20:01.101: ISAKMP:(1041):Old State = IKE_R_MM4  New State = IKE_R_MM5
            *Nov 12 16:20:01.102: ISAKMP:(1041): processing ID payload. message ID = 0
            *Nov 12 16:20:01.102: ISAKMP:(1041): processing CERT payload. message ID = 0
            *Nov 12 16:20:01.105: ISAKMP:(1041): processing SIG payload. message ID = 0
            *Nov 12 16:20:01.109: ISAKMP:(1041):SA authentication status:
                authenticated
            *Nov 12 16:20:01.109: ISAKMP:(1041):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
            """,
        ])

    /// RFC 2409's authentication method numbers, and the XAUTH variants IOS negotiates for Easy VPN
    /// (draft-beaulieu-ike-xauth: 65001 XAUTHInitPreShared, 65002 XAUTHRespPreShared, 65003/4 DSS,
    /// 65005/6 RSA).
    static func methodName(_ n: Int) -> (name: String, certificate: Bool)? {
        switch n {
        case 1: return ("pre-shared key", false)
        case 65001: return ("XAUTHInitPreShared, a group pre-shared key plus XAUTH", false)
        case 65002: return ("XAUTHRespPreShared, a group pre-shared key plus XAUTH", false)
        case 2, 65003, 65004: return ("DSS signatures", true)
        case 3, 65005, 65006: return ("RSA signatures (certificates)", true)
        case 4, 5: return ("RSA encrypted nonces", false)
        default: return nil
        }
    }

    /// The Easy VPN / remote-access methods whose key is a client group's (`crypto isakmp client
    /// configuration group NAME` → `key`), chosen by the group ID the client sends.
    static func isGroupKey(_ n: Int?) -> Bool { n == 65001 || n == 65002 }

    /// The phase 1 `IKMP_MODE_FAILURE` lines (`Processing of Main|Aggressive mode failed with
    /// peer at X`): the same failure, told again as the exchange's end.
    static func isPhase1ModeFailure(_ e: Event) -> Bool {
        guard case let .syslog(m, _) = e.kind, m.hasSuffix("IKMP_MODE_FAILURE") else { return false }
        return e.text.contains("Processing of Main mode") || e.text.contains("Processing of Aggressive mode")
    }

    /// Aggressive mode, as the SA's states and packets show it (`IKE_R_AM2`, `AG_INIT_EXCH`) or
    /// its `IKMP_MODE_FAILURE` says.
    static func isAggressive(_ sa: SecurityAssociation) -> Bool {
        sa.states.contains { $0.to.contains("_AM") || $0.from.contains("_AM") } || sa.has {
            switch $0 {
            case .aggressiveModeBegin: return true
            case let .packetSent(_, _, _, _, label), let .packetReceived(_, _, _, _, label, _): return label.hasPrefix("AG_")
            default: return false
            }
        } || sa.events.contains { isPhase1ModeFailure($0) && $0.text.contains("Aggressive") }
    }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // MM5 that did not even decrypt is psk-mismatch's, which says more.
        guard sa.signals.isDisjoint(with: [.reservedNotZero, .badMessage]) else { return nil }
        let fails = sa.all { if case let .syslog(m, _) = $0 { return m.hasSuffix("IKMP_AUTH_FAIL") || EventKind.isCertificateFailure(m) }; return false }
        guard let first = fails.first else { return nil }
        let proposed = sa.attributes(in: sa.mainModeEvents).last { $0.0 == "authentication" }?.1
        var evidence = fails
        if let rx = sa.events.last(where: { e in
            if case let .packetReceived(_, _, _, _, label, _) = e.kind, label.contains("MM_KEY_EXCH") || label.contains("AG_"), e.firstLine < first.firstLine { return true }
            return false
        }) { evidence.append(rx) }
        let modeFailures = sa.events.filter(Self.isPhase1ModeFailure)
        evidence += modeFailures.prefix(1)
        let text = explain(device: device, peer: Say.peer(sa), fails: fails, proposed: proposed, role: sa.role,
                           aggressive: Self.isAggressive(sa), modeFailures: modeFailures)
        return finding(sa, on: device, summary: text.summary, explanation: text.explanation, fix: text.fix, evidence: evidence)
    }

    /// The message alone, with no IKE debug around it (`logging` without `debug crypto isakmp`).
    /// The `IKMP_MODE_FAILURE` IOS logs for the same peer as the exchange ends is part of it
    /// (`unexplained-failure` leaves it to this finding).
    /// (A message logged before its SA's peer was known — a log that starts in the exchange, the
    /// peer named first by a packet after it — is router-wide; the SA's own messages tell the
    /// story in the SA's finding, which this one would repeat.)
    public func diagnose(device: DeviceTimeline) -> [Finding] {
        let modes = RouterMessages.byPeer(device, mnemonic: "IKMP_MODE_FAILURE")
        let toldBySA = Set(device.sas.compactMap { $0.signals.contains(.authFailure) ? $0.peer : nil })
        return RouterMessages.byPeer(device, mnemonics: ["IKMP_AUTH_FAIL", "IKMP_INVAL_CERT"]).filter { $0.peer.map { !toldBySA.contains($0) } ?? true }.map { group in
            let (who, _) = RouterMessages.subject(group)
            let modeFailures = group.peer.map { p in modes.first { $0.peer == p }?.events.filter(Self.isPhase1ModeFailure) ?? [] } ?? []
            let aggressive = modeFailures.contains { $0.text.contains("Aggressive") }
            let text = explain(device: device, peer: who, fails: group.events, proposed: nil, role: nil, count: group.count,
                               aggressive: aggressive, modeFailures: modeFailures)
            return finding(device: device, peer: group.peer, summary: text.summary, explanation: text.explanation, fix: text.fix,
                           evidence: Array(group.events.prefix(3)) + Array(modeFailures.prefix(1)))
        }
    }

    /// The peers a device-level `IKMP_AUTH_FAIL` / `IKMP_INVAL_CERT` finding speaks of: their
    /// phase 1 `IKMP_MODE_FAILURE` is told there.
    static func routerWidePeers(_ device: DeviceTimeline) -> Set<String> {
        Set(RouterMessages.byPeer(device, mnemonics: ["IKMP_AUTH_FAIL", "IKMP_INVAL_CERT"]).compactMap { $0.otherPeers == 0 ? $0.peer : nil })
    }

    func explain(device: DeviceTimeline, peer: String, fails: [Event], proposed: String?, role: Role?, count: Int? = nil,
                 aggressive: Bool = false, modeFailures: [Event] = [])
        -> (summary: String, explanation: String, fix: String) {
        var number: Int?
        if let text = fails.first(where: { $0.text.contains("method ") })?.text, let r = text.range(of: "method ") {
            number = Int(text[r.upperBound...].prefix { $0.isNumber })
        }
        let method = number.flatMap(Self.methodName)
        // The PKI's own message names the check that failed.
        let pki = fails.compactMap { e -> String? in if case let .syslog(m, _) = e.kind, EventKind.isCertificateFailure(m) { return m }; return nil }
        let certificate = method?.certificate ?? (!pki.isEmpty || proposed.map { $0.uppercased().contains("RSA SIG") } ?? false)
        if certificate, let reason = Self.certificateReason(pki) {
            return explainCertificate(device: device, peer: peer, fails: fails, reason: reason, role: role, count: count)
        }
        let methodText = method.map { "method \(number!), \($0.name)" } ?? number.map { "method \($0)" } ?? proposed ?? "the negotiated method"
        let times = count ?? fails.count
        if !certificate, Self.isGroupKey(number) || aggressive {
            return explainAggressive(device: device, peer: peer, methodText: methodText, groupKey: Self.isGroupKey(number),
                                     times: times, role: role, modeFailures: modeFailures)
        }
        let roleText = role == .initiator ? "MM6, the responder's" : role == .responder ? "MM5, the initiator's" : "the last main-mode message, the peer's"
        // (`IKMP_INVAL_CERT` alone: the certificate failed validation, no method was named.)
        let logged = fails.contains { $0.text.contains("IKMP_AUTH_FAIL") } || !fails.contains { $0.text.contains("IKMP_INVAL_CERT") }
            ? "`IKMP_AUTH_FAIL` (\(methodText))" : "`IKMP_INVAL_CERT` (the certificate failed validation)"
        var steps = ["\(device.name) received \(roleText) identity and proof of it from \(peer), and the proof did not verify: IOS logged \(logged)\(times > 1 ? " \(times) times as the exchange was retried" : "") and phase 1 did not complete."]
        let fix: String
        if certificate {
            steps.append("With RSA signatures the peer sends its certificate and signs the exchange with the matching private key; \(device.name) must build a chain from that certificate to a CA it trusts, find every certificate valid at its own clock, and, if revocation checking is on, get a CRL saying it is not revoked. The usual causes: the issuing CA (or an intermediate) is not authenticated as a trustpoint on \(device.name); a certificate expired or is not yet valid, very often because one router's clock is wrong (no NTP, a clock reset by a reload); the CRL cannot be fetched from its distribution point; or the ISAKMP profile accepts only another trustpoint (`ca trust-point`).")
            steps.append("The message does not say which check failed: `debug crypto pki validation` and `debug crypto pki messages` on \(device.name) while the peer retries do.")
            fix = "On \(device.name) and \(peer): compare `show clock` (and configure `ntp server …`), check `show crypto pki certificates` for validity dates and the issuer of each router's certificate, and authenticate the issuing CA where it is missing (`crypto pki trustpoint <CA>` with `enrollment terminal`, then `crypto pki authenticate <CA>`). If the CRL is unreachable, make its distribution point reachable or use `revocation-check crl none` (accept when no CRL can be had) on the trustpoint. If an ISAKMP profile is used, its `ca trust-point` must name the peer's CA."
        } else if method == nil && proposed == nil {
            steps.append("The log does not show which method was negotiated (`auth pre-share` or `auth RSA sig` in the proposal, with `debug crypto isakmp`): with certificates the peer's certificate did not validate here (trustpoint, validity dates and clocks, CRL); with pre-shared keys the two keys differ.")
            fix = "Run `debug crypto isakmp` and `debug crypto pki validation` on \(device.name) while \(peer) retries; compare `show crypto isakmp key` (pre-shared keys) or `show crypto pki certificates` and `show clock` (certificates) on both ends."
        } else {
            steps.append("With a pre-shared key the proof is a hash keyed with material derived from the key: it verifies only when both ends hold the same key for each other's address. The keys differ, or \(device.name) took the key from another keyring than intended (the first keyring holding the peer's address, the default keyring first).")
            fix = "Compare the key for \(peer) on \(device.name) with the key for \(device.name)'s address on \(peer) (`show crypto isakmp key` on both) and make them identical; with several keyrings, keep \(peer)'s address in only one (`debug crypto isakmp detail` shows which was selected)."
        }
        let why = certificate ? "certificate or signature did not verify" : method == nil && proposed == nil ? "authentication failed" : "pre-shared keys differ"
        return ("\(device.name) could not authenticate \(peer) in phase 1 (\(why))", steps.joined(separator: " "), fix)
    }

    /// A pre-shared key in aggressive mode: an Easy VPN group's key (XAUTH methods 65001/65002),
    /// or a site-to-site key looked up by the identity AM1 carries. In aggressive mode the
    /// responder checks the initiator's hash in AM3, the initiator the responder's in AM2.
    func explainAggressive(device: DeviceTimeline, peer: String, methodText: String, groupKey: Bool, times: Int, role: Role?, modeFailures: [Event])
        -> (summary: String, explanation: String, fix: String) {
        let which = role == .initiator ? "in AM2, the responder's answer" : role == .responder || groupKey ? "in AM3, the \(groupKey ? "client" : "initiator")'s last message"
            : "in AM3 from an initiator, AM2 from a responder"
        let ended = modeFailures.isEmpty ? "" : ", then `IKMP_MODE_FAILURE` (`Processing of Aggressive mode failed with peer at \(peer)`)"
        var steps = ["\(device.name) could not verify \(peer)'s aggressive-mode hash (\(which)): IOS logged `IKMP_AUTH_FAIL` (\(methodText))\(times > 1 ? " \(times) times as the exchange was retried" : "")\(ended), and phase 1 did not complete."]
        let fix: String
        if groupKey {
            steps.append("This is the Easy VPN (remote access) method: the pre-shared key is the client group's, not a key for an address. The client names its group in AM1 (the group ID, ID type 11), the ISAKMP profile whose `match identity group NAME` takes that group is chosen, and the key is the `key` of `crypto isakmp client configuration group NAME`. The hash verifies only when the client's group password equals that key: the client's group password differs from the group's key, or the client names another group than the one meant for it.")
            steps.append("XAUTH (the user's name and password) comes after this check, so user accounts and the AAA server are not the cause. Clients come from any address, so a `crypto isakmp key … address \(peer)` is neither the cause nor the fix.")
            fix = "Compare the group name and group password set on the client (an IOS client's `crypto ipsec client ezvpn` → `group NAME key …`, the VPN client's connection entry) with \(device.name)'s `crypto isakmp client configuration group NAME` → `key …` (`show running-config | section client configuration group`), and check that the ISAKMP profile for these clients has `match identity group NAME` for the group the client sends (`show crypto isakmp profile`). Re-enter the key on both ends (in clear) to rule out a typo."
        } else {
            steps.append("With a pre-shared key the hash is keyed with material derived from the key: it verifies only when both ends hold the same key. In aggressive mode the responder chooses the key by the identity the initiator sends in AM1: for an address identity the key for that address, for a host name (FQDN) identity a key by host name (`crypto isakmp key … hostname NAME`, `pre-shared-key hostname NAME` in a keyring, with an ISAKMP profile's `match identity host NAME`). The keys differ, or the key chosen for the identity is not the one intended.")
            fix = "Compare the key \(device.name) holds for \(peer)'s identity (by address, or by host name when the peer sends an FQDN: `show crypto isakmp key`) with the key \(peer) holds for \(device.name), and make them identical; `debug crypto isakmp` on \(device.name) shows the identity AM1 carries and the key chosen for it."
        }
        let why = groupKey ? "the client's group key differs" : "pre-shared keys differ"
        return ("\(device.name) could not authenticate \(peer) in aggressive mode (\(why))", steps.joined(separator: " "), fix)
    }

    /// What a PKI message says failed, in words, or nil when none says more than "failed validation".
    static func certificateReason(_ mnemonics: [String]) -> (what: String, check: String)? {
        if mnemonics.contains(where: { $0.hasSuffix("INVALID_EXPIRED") }) { return ("has expired", "expired") }
        if mnemonics.contains(where: { $0.hasSuffix("NOT_YET_VALID") }) { return ("is not yet valid", "not yet valid") }
        if mnemonics.contains(where: { $0.hasSuffix("CERTIFICATE_REVOKED") }) { return ("is revoked", "revoked") }
        if mnemonics.contains(where: { $0.hasSuffix("CRL_FETCH_FAIL") }) { return ("could not be checked: the CRL could not be fetched", "CRL unavailable") }
        return nil
    }

    /// A certificate the PKI named the failure of (expired, not yet valid, revoked, CRL unreachable).
    func explainCertificate(device: DeviceTimeline, peer: String, fails: [Event], reason: (what: String, check: String), role: Role?, count: Int?)
        -> (summary: String, explanation: String, fix: String) {
        let times = count ?? fails.filter { $0.text.contains("IKMP_INVAL_CERT") || $0.text.contains("IKMP_AUTH_FAIL") }.count
        let roleText = role == .initiator ? "MM6" : role == .responder ? "MM5" : "its last main-mode message"
        var steps = ["\(peer) sent its certificate in \(roleText) and \(device.name) rejected it: the PKI says the certificate chain \(reason.what) (`\(fails.first { $0.text.contains("%PKI-") }?.text.split(separator: ":").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "%PKI")`)\(times > 1 ? ", \(times) times as the peer retried" : ""), so phase 1 could not authenticate it."]
        let fix: String
        switch reason.check {
        case "expired", "not yet valid":
            steps.append("Either the certificate's validity period really is over (or not begun), or one router's clock is wrong: a router without NTP, or whose clock was reset by a reload, sees a valid certificate as expired or not yet valid. The message gives the certificate's serial number and its validity dates: compare them with `show clock` on both routers.")
            fix = "Compare `show clock` on \(device.name) and \(peer) with the real time and configure NTP (`ntp server …`) on both; if the clocks are right, renew \(peer)'s certificate (`crypto pki enroll <trustpoint>` on \(peer), or re-enroll from the CA) and check its dates with `show crypto pki certificates`."
        case "revoked":
            steps.append("The CA revoked the certificate (it is on the CRL): \(peer) needs a new one.")
            fix = "Re-enroll \(peer) with the CA (`crypto pki enroll <trustpoint>`) and check the new certificate with `show crypto pki certificates`."
        default:
            steps.append("With revocation checking on, \(device.name) must fetch the CRL from the certificate's distribution point; it could not, so it refused the certificate.")
            fix = "Make the CRL distribution point reachable from \(device.name) (routing, HTTP/LDAP through any firewall), or use `revocation-check crl none` on the trustpoint to accept certificates when no CRL can be had."
        }
        return ("\(device.name) rejected \(peer)'s certificate in phase 1: it \(reason.what)", steps.joined(separator: " "), fix)
    }
}
