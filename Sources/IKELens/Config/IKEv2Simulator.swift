/// IKEv2 with pre-shared keys, as IOS walks it between two routers. It has
/// none of IKEv1's keyring trap (SKEYSEED uses only the nonces and the DH
/// secret, RFC 7296 §2.14): the identity arrives in IKE_AUTH with the AUTH
/// payload, so the responder picks its IKEv2 profile from the identity first
/// (`match identity remote address A [MASK]`, among the profiles that serve the
/// front-door VRF the packets arrive in), then the key in that profile's
/// keyring for the peer. Each side signs with its `pre-shared-key local` and
/// verifies the other with its `pre-shared-key remote` (a plain
/// `pre-shared-key K` is both).
extension Simulator {
    /// The entry of `keyring` for a peer: the longest `address` that holds `address`, else the
    /// entry whose `identity` is the peer's identity.
    static func ikev2Peer(_ keyring: IKEv2Keyring?, address: String, identity: String) -> IKEv2KeyringPeer? {
        guard let keyring else { return nil }
        let byAddress = keyring.peers.filter { $0.prefix?.contains(address) == true }
        if let best = byAddress.max(by: { $0.prefix!.length < $1.prefix!.length }) { return best }
        return keyring.peers.first { $0.identity == identity }
    }

    /// How specifically `m`, a `match identity remote` line, takes `identity` (nil: it does not).
    /// `address A MASK`: the mask length. `fqdn F` / `email E`: exactly that identity (IOS compares
    /// the whole name, case-insensitively): `fqdn example.net` does not take `sitea.example.net`.
    /// `fqdn domain D`: an FQDN in D (`D` or `….D`); `email domain D`: a user@ identity whose
    /// domain is in D. An exact name beats a domain, a longer domain a shorter one; an FQDN line
    /// never takes a user@ identity, nor an email line an FQDN, nor either an address.
    static func ikev2MatchRank(_ m: IdentityMatch, _ identity: String) -> Int? {
        if let pre = m.prefix { return pre.contains(identity) ? pre.length : nil }
        let id = identity.lowercased()
        guard IPv4Prefix.parse(id) == nil, id.contains("@") == m.email else { return nil }
        if let h = m.host?.lowercased() { return h == id ? 1_000 : nil }
        guard let d = m.domain?.lowercased() else { return nil }
        let name = id.split(separator: "@", omittingEmptySubsequences: false).last.map(String.init) ?? id
        return name == d || name.hasSuffix("." + d) ? 100 + d.count : nil
    }

    /// The responder's IKEv2 profile for an identity that arrives in front-door VRF `fvrf` (nil:
    /// the global table): among the profiles that serve that fVRF (`match fvrf`; without it a
    /// profile serves the global table only), the one `ikev2BestProfile` picks.
    static func ikev2ResponderProfile(_ cfg: RouterConfig, identity: String, fvrf: String?, signer: IKEv2Profile? = nil) -> (IKEv2Profile, Int)? {
        ikev2BestProfile(cfg.ikev2Profiles.filter { $0.serves(fvrf: fvrf) }, identity: identity, signer: signer)
    }

    /// Whether an IKEv2 `authentication local` method signs with a certificate (`rsa-sig`,
    /// `ecdsa-sig`) rather than a pre-shared key.
    static func ikev2Signs(_ method: String?) -> Bool { method.map { $0.hasSuffix("-sig") } ?? false }

    /// The identity the initiator's IKEv2 profile `p` sends: `identity local …`, its certificate's
    /// DN with `identity local dn`, else its address `local`.
    static func ikev2Identity(_ cfg: RouterConfig, _ p: IKEv2Profile, local: String) -> String {
        p.localIdentityDN ? "the DN of \(cfg.hostname)'s certificate (`identity local dn`)" : p.localIdentity ?? local
    }

    /// The profile of `profiles` whose `match identity remote` line takes `identity` most
    /// specifically (`ikev2MatchRank`), and that line; else, when the initiator (its profile
    /// `signer`) signs with a certificate, one with `match certificate MAP` (IOS ORs it with the
    /// `match identity` lines; the map is not read: assumed to match, as an ISAKMP profile's), and
    /// that line; else one with `match identity remote any`. A DN identity (`identity local dn`)
    /// is taken by no `match identity remote` line.
    static func ikev2BestProfile(_ profiles: [IKEv2Profile], identity: String, signer: IKEv2Profile? = nil) -> (IKEv2Profile, Int)? {
        var best: (IKEv2Profile, Int, Int)?
        for p in profiles where signer?.localIdentityDN != true {
            for m in p.matches {
                if let rank = ikev2MatchRank(m, identity), rank > (best?.2 ?? -1) { best = (p, m.line, rank) }
            }
        }
        if let best { return (best.0, best.1) }
        if ikev2Signs(signer?.localAuth), let p = profiles.first(where: { $0.certificateMap != nil }) { return (p, p.certificateMapLine) }
        return profiles.first { $0.matchesAny }.map { ($0, $0.line) }
    }

    /// `IKE_AUTH: identity … matches IKEv2 profile P (line N)`, by its `match certificate` line
    /// when that is `line`.
    static func ikev2MatchStep(_ b: RouterConfig, identity: String, _ p: IKEv2Profile, line: Int, extra: String = "") -> Step {
        let how = p.certificateMap != nil && line == p.certificateMapLine
            ? " by `match certificate \(p.certificateMap ?? "")` (line \(line); the certificate map is not read: assumed to match)" : " (line \(line))"
        return Step(router: b.hostname, text: "IKE_AUTH: identity \(identity) matches IKEv2 profile \(p.name)\(how)\(extra)", lines: [line, p.line])
    }

    /// `front-door VRF X`, or `the global routing table` (nil).
    static func fvrfText(_ fvrf: String?) -> String { fvrf.map { "front-door VRF \($0)" } ?? "the global routing table" }

    /// The fix when `cfg` has no IKEv2 policy, or its profile `profile` does not serve, front-door
    /// VRF `fvrf`: `match fvrf` in its first policy without one (when none serves the fVRF) and in
    /// `profile`. `match fvrf NAME`, unless that policy or profile also serves this router's
    /// IKEv2 tunnels or map entries in another fVRF, or the fVRF is the global table (which has no
    /// name): then `match fvrf any`, which serves every fVRF and the global table.
    static func ikev2FVRFFix(_ d: inout Direction, _ cfg: RouterConfig, profile: IKEv2Profile?, fvrf: String?) {
        let policy = cfg.ikev2Policies.contains { $0.serves(fvrf: fvrf) } ? nil : cfg.ikev2Policies.first { $0.fvrf == nil } ?? cfg.ikev2Policies.first
        let fixed = profile.flatMap { $0.serves(fvrf: fvrf) ? nil : $0 }
        let others = namedPeers(cfg).compactMap { intent(cfg, toward: $0) }.filter { $0.ikev2Profile != nil && $0.fvrf != fvrf }
        let shared = others.filter { o in policy?.serves(fvrf: o.fvrf) == true || (fixed != nil && o.ikev2Profile == fixed?.name) }
        let value = shared.isEmpty ? fvrf ?? "any" : "any"
        d.fixRouter = cfg.hostname
        d.fixLines = (policy.map { ["crypto ikev2 policy \($0.name)", " match fvrf \(value)"] } ?? [])
            + (fixed.map { ["crypto ikev2 profile \($0.name)", " match fvrf \(value)"] } ?? [])
        if let o = shared.first, let fvrf {
            d.fixLines.append("! (`match fvrf any`, not `match fvrf \(fvrf)`: \(o.kind) (line \(o.line)) uses it in \(fvrfText(o.fvrf)))")
        } else if value != "any" {
            d.fixLines.append("! (or `match fvrf any`, which serves every front-door VRF and the global table)")
        }
        d.fixEdit = .setIKEv2FVRF(policy: policy?.name, profile: fixed?.name, fvrf: value)
    }

    /// The `match identity remote` line that takes exactly `identity` (an address, a user@domain
    /// email, else an FQDN).
    static func ikev2MatchLine(_ identity: String) -> String {
        if IPv4Prefix.parse(identity) != nil { return " match identity remote address \(identity) 255.255.255.255" }
        return " match identity remote \(identity.contains("@") ? "email" : "fqdn") \(identity)"
    }

    /// A proposal of `a` and one of `b` with an encryption, an integrity (none with AES-GCM) and a
    /// DH group in common.
    static func ikev2Common(_ a: [IKEv2Proposal], _ b: [IKEv2Proposal]) -> (IKEv2Proposal, IKEv2Proposal)? {
        for p in a {
            for q in b {
                let enc = p.encryption.contains { q.encryption.contains($0) }
                let integ = (p.integrity.isEmpty && q.integrity.isEmpty) || p.integrity.contains { q.integrity.contains($0) }
                let group = p.groups.contains { q.groups.contains($0) }
                if enc && integ && group { return (p, q) }
            }
        }
        return nil
    }

    static func simulateIKEv2(initiator a: RouterConfig, responder b: RouterConfig, target: String, intent: Intent, local: String, into d: inout Direction) {
        d.ikeVersion = 2
        let name = intent.ikev2Profile ?? ""
        let aProfile = a.ikev2Profile(name)
        // (The first step replaces the IKEv1 one: nothing of IKEv1 applies.)
        d.steps = [Step(router: a.hostname,
                        text: "\(a.hostname) initiates to \(target) from \(local) with IKEv2 (\(intent.kind), line \(intent.line)) "
                            + (aProfile.map { "with IKEv2 profile \($0.name) (line \($0.line))" } ?? "naming IKEv2 profile \(name), which is not configured")
                            + ": IKEv1 keyrings, ISAKMP profiles and policies do not apply",
                        lines: [intent.line] + (aProfile.map { [$0.line] } ?? []))]
        guard let aProfile else {
            d.outcome = "ikev2-profile-not-found"
            d.problem = "\(a.hostname)'s \(intent.kind) (line \(intent.line)) names IKEv2 profile \(name), which is not configured: IOS does not start IKE_SA_INIT."
            d.fixRouter = a.hostname
            d.fixLines = ["crypto ikev2 profile \(name)", " match identity remote address \(target) 255.255.255.255",
                          " authentication remote pre-share", " authentication local pre-share", " keyring local <IKEv2 keyring with \(target)>"]
            return
        }
        if !ikeOn(b) {
            ikeOff(&d, initiator: a, responder: b, target: target, intent: intent, local: local)
            return
        }

        // IKE_SA_INIT: each end looks its IKEv2 policy up in the front-door VRF of its IKE packets
        // (the initiator's tunnel or map interface's, the responder's interface that owns the target).
        let identity = ikev2Identity(a, aProfile, local: local)
        let aFVRF = intent.fvrf, bFVRF = b.interfaces.first { $0.address == target && !$0.shutdown }?.vrf
        for (r, fvrf) in [(a, aFVRF), (b, bFVRF)] where !r.ikev2Policies.isEmpty && !r.ikev2Policies.contains(where: { $0.serves(fvrf: fvrf) }) {
            let policies = r.ikev2Policies.map { p in "\(p.name) (line \(p.line)\(p.fvrf.map { ", `match fvrf \($0)`" } ?? ""))" }.joined(separator: ", ")
            let why = "none of \(r.hostname)'s IKEv2 policies (\(policies)) serves \(fvrfText(fvrf)): a policy without `match fvrf` serves the global routing table only, and IOS's default policy, which serves every fVRF, applies only while no `crypto ikev2 policy` is configured"
            d.outcome = "ikev2-no-proposal-chosen"
            if r.hostname == a.hostname {
                d.problem = "\(a.hostname)'s \(intent.kind) (line \(intent.line)) runs IKE in \(fvrfText(fvrf)), but \(why). \(a.hostname) finds no IKEv2 policy for it and never sends IKE_SA_INIT."
                d.steps.append(Step(router: a.hostname, text: "IKE_SA_INIT: no IKEv2 policy of \(a.hostname) serves \(fvrfText(fvrf)) → not sent", lines: a.ikev2Policies.map(\.line)))
                ikev2FVRFFix(&d, a, profile: aProfile, fvrf: fvrf)
            } else {
                d.problem = "\(b.hostname) receives IKE_SA_INIT for \(target) in \(fvrfText(fvrf)), but \(why). \(b.hostname) has no proposal for \(a.hostname) and answers NO_PROPOSAL_CHOSEN."
                d.steps.append(Step(router: b.hostname, text: "IKE_SA_INIT: no IKEv2 policy of \(b.hostname) serves \(fvrfText(fvrf)) → NO_PROPOSAL_CHOSEN", lines: b.ikev2Policies.map(\.line)))
                ikev2FVRFFix(&d, b, profile: ikev2BestProfile(b.ikev2Profiles, identity: identity, signer: aProfile)?.0, fvrf: fvrf)
            }
            return
        }
        // Proposals (the default proposal when no `crypto ikev2 policy` is configured).
        let (aProps, aDefault) = a.ikev2Offer(fvrf: aFVRF)
        let (bProps, bDefault) = b.ikev2Offer(fvrf: bFVRF)
        func offerText(_ props: [IKEv2Proposal], _ isDefault: Bool) -> String {
            isDefault ? "the IOS default proposal (\(IKEv2Proposal.iosDefault.text); no `crypto ikev2 policy`, default assumed)"
                      : props.map { "\($0.name) (\($0.text))" }.joined(separator: "; ")
        }
        if let (p, q) = ikev2Common(aProps, bProps) {
            let assumed = aDefault || bDefault ? " (no `crypto ikev2 policy` on \([aDefault ? a.hostname : nil, bDefault ? b.hostname : nil].compactMap { $0 }.joined(separator: " and ")): IOS's default proposal assumed)" : ""
            d.steps.append(Step(router: b.hostname, text: "IKE_SA_INIT: \(a.hostname)'s proposal \(p.name) and \(b.hostname)'s proposal \(q.name) have an encryption, integrity and group in common\(assumed)",
                                lines: [q.line], otherLines: [p.line]))
        } else {
            d.outcome = "ikev2-no-proposal-chosen"
            d.problem = "No IKEv2 proposal of \(b.hostname) matches \(a.hostname)'s: \(a.hostname) offers \(offerText(aProps, aDefault)); \(b.hostname) accepts \(offerText(bProps, bDefault)). \(b.hostname) answers IKE_SA_INIT with NO_PROPOSAL_CHOSEN."
            d.steps.append(Step(router: b.hostname, text: "IKE_SA_INIT: no proposal in common → NO_PROPOSAL_CHOSEN", lines: bProps.map(\.line), otherLines: aProps.map(\.line)))
            d.fixRouter = b.hostname
            var added = aProps.first ?? .iosDefault
            if added.name == "default" || b.ikev2Proposals.contains(where: { $0.name == added.name }) { added.name = "PROP-\(a.ownName)" }
            added.line = 0
            d.fixLines = ["crypto ikev2 proposal \(added.name)", " encryption \(added.encryption.joined(separator: " "))"]
                + (added.integrity.isEmpty ? [] : [" integrity \(added.integrity.joined(separator: " "))"])
                + [" group \(added.groups.joined(separator: " "))", "crypto ikev2 policy \(b.ikev2Policies.first?.name ?? "POL-\(added.name)")", " proposal \(added.name)"]
            d.fixEdit = .addIKEv2Proposal(added)
            return
        }

        // Both ends sign with certificates (`authentication local rsa-sig` / `ecdsa-sig`): no keys to
        // look up; the methods must be accepted both ways, the certificates are not checked here.
        let signs = ikev2Signs
        if signs(aProfile.localAuth) {
            let signStep = Step(router: a.hostname, text: "\(a.hostname) signs its AUTH with its certificate (`authentication local \(aProfile.localAuth ?? "")`, line \(aProfile.localAuthLine)) and sends identity \(identity)",
                                lines: [aProfile.localAuthLine])
            // (It needs no key to send IKE_AUTH: the responder's profile comes first.)
            guard let (bProfile, matchLine) = ikev2ResponderProfile(b, identity: identity, fvrf: bFVRF, signer: aProfile) else {
                d.steps.append(signStep)
                ikev2ProfileNotFound(&d, initiator: a, responder: b, identity: identity, local: local, fvrf: bFVRF, signer: aProfile)
                return
            }
            if signs(bProfile.localAuth) {
                d.steps.append(signStep)
                d.steps.append(ikev2MatchStep(b, identity: identity, bProfile, line: matchLine))
                guard ikev2AuthMethod(signer: a, aProfile, verifier: b, bProfile, into: &d),
                      ikev2AuthMethod(signer: b, bProfile, verifier: a, aProfile, into: &d) else { return }
                d.steps.append(Step(router: b.hostname, text: "both AUTH payloads are signatures: the certificates, trustpoints and chains are not checked here (assumed valid)", lines: []))
                ikev2ChildSA(initiator: a, responder: b, profile: bProfile, target: target, intent: intent, local: local, into: &d)
                return
            }
        }
        // The initiator's key for the peer: its profile's keyring, the entry for the peer's address.
        let aKeyring = aProfile.keyring.flatMap(a.ikev2Keyring)
        guard let aPeer = ikev2Peer(aKeyring, address: target, identity: target), let aLocal = aPeer.localKey else {
            d.outcome = "ikev2-no-psk"
            d.problem = "\(a.hostname)'s IKEv2 profile \(aProfile.name) has \(aKeyring.map { "no pre-shared key for \(target) in keyring \($0.name)" } ?? "no keyring (`keyring local`)"): it cannot compute its AUTH payload and IKE_AUTH is never sent."
            d.steps.append(Step(router: a.hostname, text: "no IKEv2 key for \(target) → IKE_AUTH not sent", lines: [aProfile.line]))
            d.fixRouter = a.hostname
            let ring = aKeyring?.name ?? "KR-\(b.ownName)"
            d.fixLines = ["crypto ikev2 keyring \(ring)", " peer \(b.ownName)", "  address \(target)", "  pre-shared-key local <key>", "  pre-shared-key remote <key>"]
                + (aKeyring == nil ? ["crypto ikev2 profile \(aProfile.name)", " keyring local \(ring)"] : [])
            return
        }
        d.steps.append(Step(router: a.hostname, text: "\(a.hostname) signs its AUTH with the local key of peer \(aPeer.name) in IKEv2 keyring \(aKeyring?.name ?? "") (line \(aPeer.localKeyLine)) and sends identity \(identity)",
                            lines: [aPeer.line, aPeer.localKeyLine]))

        // The responder: profile by identity, then the key in that profile's keyring.
        guard let (bProfile, matchLine) = ikev2ResponderProfile(b, identity: identity, fvrf: bFVRF, signer: aProfile) else {
            ikev2ProfileNotFound(&d, initiator: a, responder: b, identity: identity, local: local, fvrf: bFVRF, signer: aProfile)
            return
        }
        let bKeyring = bProfile.keyring.flatMap(b.ikev2Keyring)
        d.steps.append(ikev2MatchStep(b, identity: identity, bProfile, line: matchLine, extra: bKeyring.map { ", keyring \($0.name)" } ?? ", which has no keyring"))
        // The responder accepts the initiator's AUTH method only if its profile allows it.
        guard ikev2AuthMethod(signer: a, aProfile, verifier: b, bProfile, into: &d) else { return }
        guard let bPeer = ikev2Peer(bKeyring, address: local, identity: identity), let bRemote = bPeer.remoteKey else {
            d.outcome = "ikev2-no-psk"
            d.problem = "\(b.hostname)'s IKEv2 profile \(bProfile.name) has \(bKeyring.map { "no pre-shared key for \(local) in keyring \($0.name)" } ?? "no keyring (`keyring local`)"): it cannot verify \(a.hostname)'s AUTH and answers AUTHENTICATION_FAILED."
            d.steps.append(Step(router: b.hostname, text: "no IKEv2 key for \(local) → AUTHENTICATION_FAILED", lines: [bProfile.line]))
            d.fixRouter = b.hostname
            let ring = bKeyring?.name ?? "KR-\(a.ownName)"
            d.fixLines = ["crypto ikev2 keyring \(ring)", " peer \(a.ownName)", "  address \(local)",
                          "  pre-shared-key local <the remote key of \(a.hostname)'s line \(aPeer.remoteKeyLine)>",
                          "  pre-shared-key remote <the local key of \(a.hostname)'s line \(aPeer.localKeyLine)>"]
                + (bKeyring == nil ? ["crypto ikev2 profile \(bProfile.name)", " keyring local \(ring)"] : [])
            if bKeyring != nil {
                d.fixEdit = .addIKEv2Peer(keyring: ring, address: local, local: aPeer.remoteKey ?? aLocal, remote: aLocal)
            }
            return
        }
        // Both AUTH payloads: the responder verifies the initiator's, then the initiator the responder's.
        let checks: [(signer: RouterConfig, signKey: Secret, signLine: Int, verifier: RouterConfig, verifyKey: Secret?, verifyPeer: IKEv2KeyringPeer, verifyRing: String)] = [
            (a, aLocal, aPeer.localKeyLine, b, bRemote, bPeer, bKeyring?.name ?? ""),
            (b, bPeer.localKey ?? bRemote, bPeer.localKeyLine, a, aPeer.remoteKey, aPeer, aKeyring?.name ?? ""),
        ]
        for (n, c) in checks.enumerated() {
            // (The initiator checks the responder's AUTH method before its key.)
            if n == 1, !ikev2AuthMethod(signer: b, bProfile, verifier: a, aProfile, into: &d) { return }
            let verifyLine = c.verifyPeer.remoteKeyLine
            guard let verifyKey = c.verifyKey else {
                d.outcome = "ikev2-auth-failed"
                d.problem = "\(c.verifier.hostname)'s IKEv2 keyring \(c.verifyRing) peer \(c.verifyPeer.name) (line \(c.verifyPeer.line)) has no remote key: it cannot verify \(c.signer.hostname)'s AUTH."
                d.steps.append(Step(router: c.verifier.hostname, text: "no remote key to verify \(c.signer.hostname)'s AUTH → AUTHENTICATION_FAILED", lines: [c.verifyPeer.line]))
                d.fixRouter = c.verifier.hostname
                d.fixLines = ["crypto ikev2 keyring \(c.verifyRing)", " peer \(c.verifyPeer.name)", "  pre-shared-key remote <the local key of \(c.signer.hostname)'s line \(c.signLine)>"]
                d.fixEdit = .setIKEv2Key(keyring: c.verifyRing, peerLine: c.verifyPeer.line, remote: true, key: c.signKey)
                return
            }
            func at(_ n: Int) -> String { n > 0 ? " (line \(n))" : "" }
            let what = "\(c.signer.hostname)'s local key\(at(c.signLine)) and \(c.verifier.hostname)'s remote key\(at(verifyLine))"
            switch c.signKey.compare(verifyKey) {
            case .equal:
                d.steps.append(Step(router: c.verifier.hostname, text: "\(c.verifier.hostname) verifies \(c.signer.hostname)'s AUTH: \(what) are equal",
                                    lines: [verifyLine], otherLines: [c.signLine]))
            case .different:
                d.outcome = "ikev2-auth-failed"
                d.problem = "\(c.signer.hostname) signs its AUTH with the local key of line \(c.signLine), and \(c.verifier.hostname) verifies it with the remote key of keyring \(c.verifyRing) peer \(c.verifyPeer.name) (line \(verifyLine)): the keys differ, so \(c.verifier.hostname) fails the AUTH payload (`AUTHENTICATION_FAILED`). In IKEv2 each side's local key must equal the other side's remote key."
                d.steps.append(Step(router: c.verifier.hostname, text: "\(c.verifier.hostname) verifies \(c.signer.hostname)'s AUTH: \(what) differ → AUTHENTICATION_FAILED",
                                    lines: [verifyLine], otherLines: [c.signLine]))
                d.fixRouter = c.verifier.hostname
                d.fixLines = ["crypto ikev2 keyring \(c.verifyRing)", " peer \(c.verifyPeer.name)", "  pre-shared-key remote <the local key of \(c.signer.hostname)'s line \(c.signLine)>"]
                d.fixEdit = .setIKEv2Key(keyring: c.verifyRing, peerLine: c.verifyPeer.line, remote: true, key: c.signKey)
                return
            case .cannotVerify:
                d.keyUnverified = true
                d.steps.append(Step(router: c.verifier.hostname, text: "\(what) are encrypted and cannot be compared: assumed equal, cannot verify",
                                    lines: [verifyLine], otherLines: [c.signLine]))
            }
        }

        ikev2ChildSA(initiator: a, responder: b, profile: bProfile, target: target, intent: intent, local: local, into: &d)
    }

    /// IKE_AUTH: no IKEv2 profile of `b` takes `identity` in front-door VRF `fvrf` (`IKEv2 profile
    /// not found`, AUTHENTICATION_FAILED). When a profile would take it but does not serve that
    /// fVRF, the fix is its `match fvrf`; else a `match identity remote` line for the identity.
    static func ikev2ProfileNotFound(_ d: inout Direction, initiator a: RouterConfig, responder b: RouterConfig, identity: String, local: String, fvrf: String?, signer: IKEv2Profile) {
        d.outcome = "ikev2-profile-not-found"
        if let (p, line) = ikev2BestProfile(b.ikev2Profiles, identity: identity, signer: signer) {
            d.problem = "\(b.hostname)'s IKEv2 profile \(p.name) takes identity \(identity) (line \(line)), but the IKE packets arrive in \(fvrfText(fvrf)) and the profile \(p.fvrf.map { "has `match fvrf \($0)`" } ?? "has no `match fvrf`: it serves the global routing table only"). No profile is found for \(a.hostname) (`IKEv2 profile not found`) and IKE_AUTH fails with AUTHENTICATION_FAILED."
            d.steps.append(Step(router: b.hostname, text: "IKE_AUTH: identity \(identity) matches IKEv2 profile \(p.name) (line \(line)), which does not serve \(fvrfText(fvrf)) → `IKEv2 profile not found`",
                                lines: [line, p.line]))
            ikev2FVRFFix(&d, b, profile: p, fvrf: fvrf)
            return
        }
        d.problem = "\(b.hostname) has no IKEv2 profile whose `match identity remote` covers \(identity): IKE_AUTH fails with AUTHENTICATION_FAILED (`IKEv2 profile not found`)."
        d.steps.append(Step(router: b.hostname, text: "IKE_AUTH: identity \(identity) matches no IKEv2 profile → `IKEv2 profile not found`", lines: b.ikev2Profiles.map(\.line)))
        d.fixRouter = b.hostname
        let wantedProfile = intentProfile(b, toward: local) ?? b.ikev2Profiles.first?.name
        if signer.localIdentityDN {
            // A DN is matched by a certificate map (`match identity remote` has no DN form).
            let map = "\(a.hostname)-MAP"
            d.problem += " \(a.hostname) sends the DN of its certificate (`identity local dn`): only `match certificate` takes it."
            d.fixLines = ["crypto pki certificate map \(map) 10", " subject-name co <a part of \(a.hostname)'s certificate subject, or issuer-name co <its CA>>",
                          "crypto ikev2 profile \(wantedProfile ?? "<profile>")", " match certificate \(map)"]
            if let wantedProfile { d.fixEdit = .setIKEv2CertificateMap(profile: wantedProfile, map: map) }
            return
        }
        // An exact `fqdn F` (or `email F`) whose domain the identity is in: written for the
        // domain, it would take it.
        let nearMiss = b.ikev2Profiles.lazy.flatMap { p in p.matches.map { (p, $0) } }.first { _, m in
            var asDomain = m
            (asDomain.host, asDomain.domain) = (nil, m.host)
            return m.host != nil && ikev2MatchRank(asDomain, identity) != nil
        }
        let wanted = nearMiss?.0.name ?? wantedProfile
        d.fixLines = ["crypto ikev2 profile \(wanted ?? "<profile>")", ikev2MatchLine(identity)]
        if let wanted { d.fixEdit = .addIKEv2Match(profile: wanted, address: identity) }
        if let (p, m) = nearMiss, let name = m.host {
            let (kind, what) = m.email ? ("email", "email identity") : ("fqdn", "FQDN")
            d.problem += " Its `match identity remote \(kind) \(name)` (IKEv2 profile \(p.name), line \(m.line)) is an exact match, of the \(what) \(name) only; `match identity remote \(kind) domain \(name)` would match every \(what) in \(name)."
            d.steps[d.steps.count - 1].lines = [m.line, p.line]
            d.fixLines.append("! (or, for every \(what) in \(name): `match identity remote \(kind) domain \(name)` in place of line \(m.line))")
        }
    }

    /// The child SA created with IKE_AUTH: the responder's tunnel or map entry and its transform
    /// sets. With none for the peer, a responder that takes any peer answers it: a FlexVPN server
    /// (the IKEv2 profile `profile` matched has `virtual-template N`: a Virtual-Access cloned from
    /// `interface Virtual-TemplateN type tunnel` carries the child SA), an mGRE tunnel or a
    /// dynamic crypto map.
    static func ikev2ChildSA(initiator a: RouterConfig, responder b: RouterConfig, profile: IKEv2Profile, target: String, intent: Intent, local: String, into d: inout Direction) {
        let template = profile.virtualTemplate.map { ($0, "IKEv2 profile \(profile.name)") }
        guard let bIntent = Self.intent(b, toward: local) ?? anyPeerIntent(b, for: local, target: target, template: template) else {
            d.outcome = "qm-no-matching-map"
            d.problem = "The IKE SA authenticates, but \(b.hostname) has no tunnel or crypto map entry for \(local): the child SA in IKE_AUTH is refused (TS_UNACCEPTABLE)."
            d.steps.append(Step(router: b.hostname, text: "child SA: no tunnel or crypto map entry for \(local) → TS_UNACCEPTABLE", lines: []))
            return
        }
        let aSets = intent.transformSets.compactMap(a.transformSet)
        let bSets = bIntent.transformSets.compactMap(b.transformSet)
        if !aSets.isEmpty, !bSets.isEmpty, !aSets.contains(where: { s in bSets.contains { $0.transformsText == s.transformsText } }) {
            d.outcome = "ikev2-no-proposal-chosen"
            d.problem = "The IKE SA authenticates, but for the child SA \(a.hostname) proposes \(aSets.map { "\($0.name) (\($0.signature))" }.joined(separator: ", ")) and \(b.hostname) accepts \(bSets.map { "\($0.name) (\($0.signature))" }.joined(separator: ", ")): IKE_AUTH answers NO_PROPOSAL_CHOSEN."
            d.steps.append(Step(router: b.hostname, text: "child SA: no common transform set → NO_PROPOSAL_CHOSEN", lines: bSets.map(\.line), otherLines: aSets.map(\.line)))
            addTransformSetFix(&d, from: a, to: b, aSets[0], bIntent)
            return
        }
        d.steps.append(Step(router: b.hostname, text: "child SA: \(bIntent.kind) (line \(bIntent.line)) accepts the transform set → tunnel up (IKEv2 checked: proposals, profile by identity, keys both ways, transform sets; not traffic selectors or PFS)",
                            lines: [bIntent.line]))
    }

    /// `authentication local M` of the signer's profile against `authentication remote …` of the
    /// verifier's: a method the verifier does not accept fails its AUTH payload
    /// (AUTHENTICATION_FAILED). False (and `d` set) when it fails; a profile without those lines
    /// is not judged.
    static func ikev2AuthMethod(signer: RouterConfig, _ sp: IKEv2Profile, verifier: RouterConfig, _ vp: IKEv2Profile, into d: inout Direction) -> Bool {
        guard let m = sp.localAuth, !vp.remoteAuths.isEmpty else { return true }
        func what(_ m: String) -> String {
            ["pre-share": "pre-shared-key", "rsa-sig": "RSA-signature", "ecdsa-sig": "ECDSA-signature"][m] ?? m
        }
        if vp.remoteAuths.contains(m) {
            d.steps.append(Step(router: verifier.hostname, text: "\(verifier.hostname)'s IKEv2 profile \(vp.name) accepts \(signer.hostname)'s \(what(m)) AUTH (`authentication remote \(m)`)",
                                lines: vp.remoteAuthLines.filter { $0 > 0 }))
            return true
        }
        let accepted = vp.remoteAuths.map { "`authentication remote \($0)`" }.joined(separator: ", ")
        d.outcome = "ikev2-auth-failed"
        d.problem = "\(signer.hostname) authenticates with `authentication local \(m)` (IKEv2 profile \(sp.name), line \(sp.localAuthLine)), but \(verifier.hostname)'s IKEv2 profile \(vp.name) accepts only \(accepted) (line \(vp.remoteAuthLines.map(String.init).joined(separator: ", "))): \(verifier.hostname) refuses \(signer.hostname)'s \(what(m)) AUTH payload (AUTHENTICATION_FAILED). Each side's `authentication local` must be one of the other side's `authentication remote` methods."
        d.steps.append(Step(router: verifier.hostname, text: "\(verifier.hostname)'s IKEv2 profile \(vp.name) accepts only \(accepted); \(signer.hostname) sends a \(what(m)) AUTH → AUTHENTICATION_FAILED",
                            lines: vp.remoteAuthLines.filter { $0 > 0 }, otherLines: [sp.localAuthLine]))
        d.fixRouter = verifier.hostname
        d.fixLines = ["crypto ikev2 profile \(vp.name)", " authentication remote \(m)",
                      "! (or have \(signer.hostname) sign with what \(verifier.hostname) expects: `authentication local \(vp.remoteAuths[0])` in its profile \(sp.name))"]
        d.fixEdit = .addIKEv2RemoteAuth(profile: vp.name, method: m)
        return false
    }

    /// The IKEv2 profile named by `cfg`'s tunnel or map entry toward `peer`.
    static func intentProfile(_ cfg: RouterConfig, toward peer: String) -> String? {
        intent(cfg, toward: peer)?.ikev2Profile
    }
}
