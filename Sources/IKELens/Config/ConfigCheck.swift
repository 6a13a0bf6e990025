/// `ikelens config check`: every direction between the routers given (or a
/// single router toward each peer it names), the predicted outcome with its
/// reasoning, the fix checked by simulating again, and lint findings.
public struct ConfigCheck: Sendable {
    public var routers: [RouterConfig]
    public var directions: [Simulator.Direction]
    public var findings: [Finding]

    public static func run(_ given: [RouterConfig], showSecrets: Bool = false) -> ConfigCheck {
        var routers = given
        nameApart(&routers)
        var directions: [Simulator.Direction] = []
        if routers.count >= 2 {
            var all = pairs(routers).map { ($0, Simulator.simulate(initiator: $0.a, responder: $0.b, peer: $0.target)) }.filter { $0.1.outcome != "not-configured" }
            oneKeyOneFix(&all)
            let outcomes = Dictionary(all.map { ("\($0.0.a.file) \($0.0.b.file) \($0.0.target)", $0.1.outcome) }, uniquingKeysWith: { x, _ in x })
            for (pair, simulated) in all {
                var d = simulated
                checkFix(&d, routers: routers, a: pair.a, b: pair.b, outcomes: outcomes)
                directions.append(d)
            }
            // Each router is checked alone toward the peers it names that no router given owns, as
            // with one file: a hub given with one spoke, toward its other spokes; a router that no
            // direction involves (another version of a router given): its own risks are not lost.
            // (A peer given with a leased source, `ip address dhcp`, is the address named for it.)
            let between = directions
            // (A router without interfaces is an excerpt, `show running-config | section crypto`:
            // where it receives IKE, and from which address, is not known.)
            for r in routers where !r.interfaces.isEmpty {
                directions += alone(r, toward: Simulator.namedPeers(r).filter { peer in
                    !routers.contains { $0.owns(peer) } && !between.contains { $0.responderFile == r.file && $0.initiatorAddress == peer }
                })
            }
        } else if let r = routers.first, !r.interfaces.isEmpty {
            directions += alone(r, toward: Simulator.namedPeers(r))
        }
        // The directions between two routers that fail on one thing and share one fix (a key that
        // differs seen from each end) are one problem: one finding.
        var groups: [[Simulator.Direction]] = []
        for d in directions where d.outcome != "establishes" && d.outcome != "not-configured" {
            if let g = groups.firstIndex(where: { sameProblem($0[0], d) }) { groups[g].append(d) } else { groups.append([d]) }
        }
        var findings = groups.map { finding(for: $0, routers: routers, showSecrets: showSecrets) }
        for r in routers { findings += ConfigLint.run(r, showSecrets: showSecrets) }
        return ConfigCheck(routers: routers, directions: directions, findings: findings)
    }

    /// `r` checked alone, toward each of `peers` as their responder, each fix checked on `r`
    /// alone (the one-file check, and a router no direction between the files involves).
    static func alone(_ r: RouterConfig, toward peers: [String]) -> [Simulator.Direction] {
        peers.map { peer in
            var d = responderOnly(r, peer: peer)
            checkFix(&d, routers: [r], a: nil, b: r)
            return d
        }
    }

    /// Two files that show the same host name (two routers left at `hostname Router`, two
    /// versions of one) are named apart with their files, as `analyze` names devices: `Router
    /// (ra.cfg)` (with the path given when the file names are the same too). The fixes then go
    /// to the one router they name, and IOS's names (its FQDN, the objects a fix adds) keep the
    /// host name as configured.
    static func nameApart(_ routers: inout [RouterConfig]) {
        for name in Set(routers.map(\.hostname)) {
            let same = routers.indices.filter { routers[$0].hostname == name }
            guard same.count > 1 else { continue }
            let files = same.map { LogAnalyzer.fileName(routers[$0].file) }
            for (n, i) in same.enumerated() {
                routers[i].configuredHostname = routers[i].ownName
                routers[i].hostname = "\(name) (\(Set(files).count == files.count ? files[n] : routers[i].file))"
            }
        }
    }

    /// A pre-shared key that differs between two routers fails both directions, each blaming its
    /// responder (`psk-mismatch` on the same two key lines, swapped): one disagreement. The
    /// reverse direction gets the first one's fix (on that direction's responder), and the first
    /// names the other way as the alternative: applying both would swap the keys, not match them.
    static func oneKeyOneFix(_ all: inout [((a: RouterConfig, b: RouterConfig, target: String), Simulator.Direction)]) {
        func addsKey(_ d: Simulator.Direction) -> Bool {
            if case .addKey = d.fixEdit { return true }
            return false
        }
        for i in all.indices where all[i].1.outcome == "psk-mismatch" && addsKey(all[i].1) {
            guard let k = all[i].1.keyLines else { continue }
            let first = all[i].1
            guard let j = all.indices.first(where: { j in
                let o = all[j].1
                return j > i && o.outcome == "psk-mismatch" && addsKey(o) && o.initiatorFile == first.responderFile && o.responderFile == first.initiatorFile
                    && o.keyLines.map { $0.initiator == k.responder && $0.responder == k.initiator } == true
            }) else { continue }
            let other = all[j].1
            all[i].1.fixLines.append("! (either this, or on \(other.fixRouter ?? other.responder): \(other.fixLines.joined(separator: " / ")); not both: that swaps the keys)")
            (all[j].1.fixRouter, all[j].1.fixLines, all[j].1.fixEdit) = (all[i].1.fixRouter, all[i].1.fixLines, all[i].1.fixEdit)
        }
    }

    /// Whether two failing directions are one problem: between the same two routers (and
    /// addresses), with the same outcome and the same fix on the same router.
    static func sameProblem(_ x: Simulator.Direction, _ y: Simulator.Direction) -> Bool {
        x.outcome == y.outcome && !x.fixLines.isEmpty && x.fixLines == y.fixLines && x.fixRouter == y.fixRouter
            && Set([x.initiatorFile, x.responderFile]) == Set([y.initiatorFile, y.responderFile])
            && Set([x.initiatorAddress ?? "", x.peerAddress]) == Set([y.initiatorAddress ?? "", y.peerAddress])
    }

    /// Every direction between the routers given: each router toward each address of another
    /// that it names (tunnel destination, map peer, key), and an address nobody given owns when the
    /// other's IKE toward it leaves a leased interface (`ip address dhcp`: it names the lease).
    static func pairs(_ routers: [RouterConfig]) -> [(a: RouterConfig, b: RouterConfig, target: String)] {
        var out: [(a: RouterConfig, b: RouterConfig, target: String)] = []
        for a in routers {
            for b in routers where b.file != a.file {
                let leased = a.addresses.contains { Simulator.leasedSource(b, toward: $0) != nil }
                for target in Simulator.namedPeers(a) where b.owns(target) || (leased && !routers.contains { $0.owns(target) }) {
                    out.append((a, b, target))
                }
            }
        }
        return out
    }

    /// With one router only: what happens when `peer` initiates to it. The
    /// peer's side is unknown, so its key is assumed right and its identity
    /// is its address.
    static func responderOnly(_ given: RouterConfig, peer: String) -> Simulator.Direction {
        // (Its IKE source leased, `ip address dhcp`: the peer targets an address not known here.)
        let lease = Simulator.leasedSource(given, toward: peer)
        let r = lease.map { Simulator.withLease(given, $0, Simulator.unknownLease) } ?? given
        var ghost = RouterConfig(file: "(peer \(peer))", hostname: peer)
        let local = Simulator.intent(r, toward: peer)?.localAddress ?? Simulator.plainGRE(r, toward: peer)?.source
            ?? r.interface(toward: peer)?.address ?? r.addresses.first ?? "0.0.0.0"
        ghost.interfaces = [Interface(name: "Ethernet0", address: peer, mask: "255.255.255.255", line: 0)]
        var tunnel = Interface(name: "Tunnel0", line: 0)
        tunnel.tunnelSource = peer
        tunnel.tunnelDestination = local
        ghost.interfaces.append(tunnel)
        // The peer is assumed to hold the key this router would pick for it (at the address it
        // targets: a keyring may serve only one local address), and its policies.
        let fvrf = r.interfaces.first { $0.address == local }?.vrf
        let key = Simulator.responderKey(r, peer: peer, fvrf: fvrf, local: local)?.entry.key
            ?? Secret(type: 0, text: "<\(peer)'s key>")
        ghost.keyrings = [Keyring(name: "default", vrf: nil, entries: [PSKEntry(prefix: IPv4Prefix(local), hostname: nil, key: key, line: 0)], line: 0, order: -1)]
        ghost.policies = r.policies
        // (And a certificate when this router has one, for its rsa-sig policies.)
        if !r.ikeTrustpoints.isEmpty {
            ghost.trustpoints = [("PEER-TP", 0)]
            ghost.routerCertificates["PEER-TP"] = 0
        }
        if let intent = Simulator.intent(r, toward: peer) {
            ghost.transformSets = intent.transformSets.compactMap(r.transformSet)
            ghost.ipsecProfiles = [IPsecProfile(name: "P", transformSets: intent.transformSets, isakmpProfile: nil, pfs: intent.pfs, line: 0)]
            ghost.interfaces[1].tunnelProtection = "P"
            if let v2 = intent.ikev2Profile {
                // An IKEv2 peer: assumed to hold the keys this router expects (its local key is this
                // router's remote key, and the reverse), and this router's proposals.
                let profile = r.ikev2Profile(v2)
                let mine = profile.flatMap { $0.keyring }.flatMap(r.ikev2Keyring)
                let entry = Simulator.ikev2Peer(mine, address: peer, identity: peer)
                let unknown = Secret(type: 0, text: "<\(peer)'s key>")
                ghost.ikev2Keyrings = [IKEv2Keyring(name: "KR", peers: [IKEv2KeyringPeer(name: r.ownName, prefix: IPv4Prefix(local), identity: nil,
                                                                                          localKey: entry?.remoteKey ?? unknown, remoteKey: entry?.localKey ?? unknown, line: 0)], line: 0)]
                // (And authenticates as this router expects: a certificate when it accepts only
                // signatures, which its `match certificate` then takes.)
                var p2 = IKEv2Profile(name: "P2", keyring: "KR", line: 0)
                p2.localAuth = profile?.remoteAuths.first
                p2.remoteAuths = profile?.localAuth.map { [$0] } ?? []
                ghost.ikev2Profiles = [p2]
                ghost.ikev2Proposals = r.ikev2Proposals
                // (The peer's IKE runs in its global table: its copies of the policies serve it.)
                ghost.ikev2Policies = r.ikev2Policies.map { var p = $0; p.fvrf = nil; return p }
                ghost.ipsecProfiles[0].ikev2Profile = "P2"
            }
        } else {
            // (This router has nothing for the peer: the peer is still assumed to protect what it
            // sends, not to run a plain GRE tunnel the check would then blame.)
            ghost.transformSets = r.transformSets
            ghost.ipsecProfiles = [IPsecProfile(name: "P", transformSets: r.transformSets.map(\.name), isakmpProfile: nil, pfs: nil, line: 0)]
            ghost.interfaces[1].tunnelProtection = "P"
        }
        // The peer proposes the proxies this router answers: a tunnel of the same mode, or the
        // mirror of its crypto map entry's ACL (from a crypto map of its own, not a tunnel).
        let answering = Simulator.intent(r, toward: peer)
            ?? Simulator.anyPeerIntent(r, for: peer, target: local, profile: Simulator.responderProfile(r, identity: peer, fvrf: fvrf, local: local)?.0)
        if let mode = answering?.tunnelMode {
            ghost.interfaces[1].tunnelMode = mode
        } else if let acl = answering?.acl.flatMap({ r.accessLists[$0] }) {
            let p = ghost.ipsecProfiles[0]
            var entry = CryptoMapEntry(map: "VPN", sequence: 10, line: 0)
            entry.peers = [local]
            entry.acl = "ACL"
            entry.transformSets = p.transformSets
            entry.ikev2Profile = p.ikev2Profile
            entry.pfs = p.pfs
            ghost.cryptoMaps = [entry]
            ghost.accessLists["ACL"] = acl.filter(\.permit).map(\.mirrored)
            ghost.interfaces.removeLast()
            ghost.interfaces[0].cryptoMap = "VPN"
        }
        var d = Simulator.simulate(initiator: ghost, responder: r, peer: local)
        d.initiator = peer
        d.initiatorAddress = peer
        d.initiatorFile = ""
        d.steps.removeAll { $0.router == peer }
        d.steps.insert(Simulator.Step(router: peer, text: "\(peer) initiates to \(local) (its configuration is not given: assumed to send its address as identity, with a matching key and policy)", lines: []), at: 0)
        if let lease {
            d.steps.insert(Simulator.leaseStep(r, lease, local, because: "unknown here, taken as \(local)"), at: 0)
        }
        if ["transform-set-mismatch", "pfs-mismatch", "proxy-id-mismatch", "psk-mismatch"].contains(d.outcome) {
            // Those need the peer's configuration to judge.
            d.outcome = "establishes"
            d.problem = ""
            d.fixLines = []
            d.fixEdit = nil
        }
        return d
    }

    /// Applies the fix to a copy of the configuration and simulates the same
    /// direction (and the reverse one) again; and, with `outcomes` (each direction's before the
    /// fix, by `initiator file, responder file, peer`), every other direction between the routers
    /// given that involves a router the fix edits: one that established and no longer does (a
    /// policy, an ipsec profile or an ACL other peers use too) is named in the fix.
    static func checkFix(_ d: inout Simulator.Direction, routers: [RouterConfig], a: RouterConfig?, b: RouterConfig, outcomes: [String: String] = [:]) {
        // Apply the fix, simulate again; a second problem behind the first gets its
        // fix too (three rounds at most), so the lines given are the whole change.
        var fixed = routers
        var current = d
        // (By router: both ends often name their objects alike, and may need the same edit.)
        var applied: [(router: String, edit: Simulator.FixEdit)] = []
        // The router the fix's lines are on so far (a later change on another is headed `! on R:`).
        var section = d.fixRouter
        for _ in 0..<3 {
            guard let edit = current.fixEdit, let who = current.fixRouter, !applied.contains(where: { $0 == (who, edit) }),
                  fixed.contains(where: { $0.hostname == who }) else { break }
            // (An edit of both ends names its routers: `onRouters`.)
            for i in fixed.indices where (edit.routers ?? [who]).contains(fixed[i].hostname) { edit.apply(to: &fixed[i]) }
            applied.append((who, edit))
            if current.fixLines != d.fixLines || applied.count > 1 {
                d.fixLines += (who == section ? [] : ["! on \(who):"]) + current.fixLines
                section = who
            }
            if let a, let na = fixed.first(where: { $0.file == a.file }), let nb = fixed.first(where: { $0.file == b.file }) {
                current = Simulator.simulate(initiator: na, responder: nb, peer: d.peerAddress)
            } else if let nb = fixed.first(where: { $0.file == b.file }) {
                current = responderOnly(nb, peer: d.initiator)
            }
            d.outcomeAfterFix = current.outcome
            if current.outcome == "establishes" { break }
            d.problemsBehind.append(.init(outcome: current.outcome, problem: current.problem))
        }
        let edited = Set(applied.flatMap { $0.edit.routers ?? [$0.router] })
        guard let a, !edited.isEmpty else { return }
        for other in pairs(fixed) where edited.contains(other.a.hostname) || edited.contains(other.b.hostname) {
            guard !(other.a.file == a.file && other.b.file == b.file && other.target == d.peerAddress),
                  outcomes["\(other.a.file) \(other.b.file) \(other.target)"] == "establishes" else { continue }
            let after = Simulator.simulate(initiator: other.a, responder: other.b, peer: other.target)
            if after.outcome != "establishes" {
                d.fixLines.append("! caution: with this change \(after.initiator) → \(after.responder) (\(other.target)), which establishes now, fails (\(after.outcome))")
            }
        }
    }

    /// The finding for `ds`, directions that are one problem (`sameProblem`; most often one).
    static func finding(for ds: [Simulator.Direction], routers: [RouterConfig], showSecrets: Bool) -> Finding {
        let d = ds[0]
        let desc = DiagnoserRegistry.description(of: d.outcome)
        var evidence: [Evidence] = []
        for x in ds {
            let responder = routers.first { $0.file == x.responderFile }
            let initiator = routers.first { $0.file == x.initiatorFile }
            for step in x.steps {
                let own = step.router == x.responder ? responder : initiator
                let other = step.router == x.responder ? initiator : responder
                for (cfg, lines) in [(own, step.lines), (other, step.otherLines)] {
                    guard let cfg else { continue }
                    for line in lines where line > 0 {
                        let e = Evidence(file: cfg.file, line: line, text: cfg.lineText(line, showSecrets: showSecrets))
                        if !evidence.contains(e) { evidence.append(e) }
                    }
                }
            }
        }
        var fix = d.fixLines.isEmpty ? (desc?.usualFix ?? "") : "On \(d.fixRouter ?? d.responder):\n" + d.fixLines.joined(separator: "\n")
        let after = ds.compactMap { x in x.outcomeAfterFix.map { "\(x.initiator) → \(x.responder) \($0 == "establishes" ? "establishes" : "still fails (\($0))")" } }
        if !after.isEmpty {
            fix += "\nSimulated again with this change: \(after.joined(separator: "; "))."
        }
        func name(_ x: Simulator.Direction) -> String { "\(x.initiator) → \(x.responder) (\(x.peerAddress))" }
        let which = ds.map(name).joined(separator: " and ")
        var explanation = d.problem
        if !d.problemsBehind.isEmpty {
            explanation += d.problemsBehind.count == 1
                ? " With that fixed, the simulation meets one more failure (the fix below covers it too): "
                : " With that fixed, the simulation meets \(d.problemsBehind.count) more, each once the ones before are fixed (the fix below covers all): "
            explanation += d.problemsBehind.map { "\($0.outcome): \($0.problem)" }.joined(separator: " Then ")
        }
        if ds.count > 1 {
            explanation += " \(ds.dropFirst().map(name).joined(separator: " and ")) fail\(ds.count == 2 ? "s" : "") for the same reason, and the same change fixes both ways."
        }
        let device = d.fixRouter ?? d.responder
        let peer = device == d.responder ? d.initiatorAddress : d.peerAddress
        // (No IPsec between them: the tunnel works, in clear; a warning, not a failure.)
        return Finding(id: d.outcome, severity: d.outcome == "no-ipsec" ? .warning : .error, device: device, peer: peer, connId: nil, saNumber: nil,
                       summary: d.outcome == "no-ipsec" ? "\(which): no IPsec configured, the GRE goes in clear"
                           : "\(which) would fail: \(d.outcome)",
                       explanation: explanation, fix: fix, evidence: evidence)
    }

    public var errorCount: Int { findings.filter { $0.severity == .error }.count }
}

/// Single-router risks, found without simulating a peer.
public enum ConfigLint {
    public static func run(_ r: RouterConfig, showSecrets: Bool) -> [Finding] {
        var out: [Finding] = []
        func ev(_ lines: [Int]) -> [Evidence] {
            lines.filter { $0 > 0 }.map { Evidence(file: r.file, line: $0, text: r.lineText($0, showSecrets: showSecrets)) }
        }
        func add(_ id: String, _ sev: Severity, _ summary: String, _ explanation: String, _ fix: String, _ lines: [Int]) {
            out.append(Finding(id: id, severity: sev, device: r.hostname, peer: nil, connId: nil, saNumber: nil,
                               summary: summary, explanation: explanation, fix: fix, evidence: ev(lines)))
        }
        // The same address in two keyrings of one VRF.
        let rings = r.keyrings.filter { $0.name != "default" }
        for (i, k1) in rings.enumerated() {
            // (Keyrings bound to different local addresses serve different packets: no conflict.)
            for k2 in rings[(i + 1)...] where k1.vrf == k2.vrf && (k1.localAddress == nil || k2.localAddress == nil || k1.localAddress == k2.localAddress) {
                for e1 in k1.entries {
                    guard let p1 = e1.prefix, let e2 = k2.entries.first(where: { $0.prefix == p1 }) else { continue }
                    // The keyring to keep is the one of the profile these peers' identity matches (MM5).
                    let address = IPv4Prefix.text(p1.address)
                    // (Two profiles matching equally: which one IOS takes is not known.)
                    let profile = Simulator.responderProfile(r, identity: address, fvrf: k1.vrf).flatMap { $0.2.isEmpty ? $0.0 : nil }
                    let uses1 = profile?.keyrings.contains(k1.name) ?? false, uses2 = profile?.keyrings.contains(k2.name) ?? false
                    let (keep, drop) = uses2 && !uses1 ? (k2, k1) : (k1, k2)
                    var why = "As responder, IOS picks the key at MM3 by address only and takes \(k1.name), the first in configuration order (Cisco calls two keyrings with the same address unsupported and unpredictable)."
                    if let profile, uses1 != uses2 {
                        why += uses2
                            ? " \(address)'s identity matches profile \(profile.name), whose keyring is \(k2.name): it fails with `Key not found in keyrings of profile`."
                            : " \(address)'s identity matches profile \(profile.name), whose keyring is \(k1.name): it works, but only by configuration order."
                    } else {
                        why += " A peer whose identity matches a profile that uses \(k2.name) then fails with `Key not found in keyrings of profile`."
                    }
                    let fix = profile != nil && uses1 != uses2
                        ? "Keep \(p1) only in \(keep.name), the keyring of profile \(profile!.name) that its identity matches:\n  crypto keyring \(drop.name)\n   no pre-shared-key address \(Simulator.entryAddress(e1, else: address))"
                        : "Keep \(p1) in one keyring only: the one of the profile these peers' identity matches (`crypto keyring <other>` / `no pre-shared-key address \(address)`), or use one keyring with several entries for all profiles."
                    add("keyring-duplicate-address", .warning,
                        "\(p1) is in two keyrings, \(k1.name) and \(k2.name)", why, fix,
                        [e1.line, e2.line])
                }
            }
        }
        // A global key overlapping a keyring's key.
        if let d = r.defaultKeyring {
            for g in d.entries {
                guard let gp = g.prefix else { continue }
                for k in rings where k.vrf == nil {
                    for e in k.entries {
                        guard let p = e.prefix, gp.contains(p.address) || p.contains(gp.address) else { continue }
                        // Peers outside the keyring's entry that take the global key: removing it strands them.
                        let stranded = gp.length == 32 ? [] : Simulator.peers(r, usingKeyOn: g.line, in: d.name).filter { IPv4Prefix.parse($0.peer).map { !p.contains($0) } ?? false }
                        let strandedNote = stranded.isEmpty ? "" : " \(stranded.map { "\($0.peer) (\($0.use))" }.joined(separator: ", ")) take\(stranded.count == 1 ? "s" : "") the global key too: give \(stranded.count == 1 ? "it a key" : "them keys") of \(stranded.count == 1 ? "its" : "their") own first."
                        add("global-key-overlap", .warning,
                            "Global key for \(gp) overlaps keyring \(k.name)'s key for \(p)",
                            "IOS checks the global (default) keyring first as responder, whatever the configuration order and even when a keyring holds a more specific key: peers in \(p) get the global key at MM3, and a profile that uses keyring \(k.name) then fails (`Key not found in keyrings of profile`) or the keys differ.",
                            "Remove the global key (`no crypto isakmp key … address \(Simulator.entryAddress(g, else: IPv4Prefix.text(gp.address)))`) and keep keys in keyrings, or make sure no profile expects \(k.name) for these peers.\(strandedNote)",
                            [g.line, e.line])
                    }
                }
            }
        }
        // Two profiles matching one identity equally (unless bound to different local addresses:
        // each serves only the IKE sessions that terminate on its own).
        for (i, p1) in r.profiles.enumerated() {
            for p2 in r.profiles[(i + 1)...] where Simulator.admits(r, p1.localAddress, local: Simulator.address(r, of: p2.localAddress)) {
                for m1 in p1.matches {
                    guard let pre = m1.prefix, let m2 = p2.matches.first(where: { $0.prefix == pre && $0.vrf == m1.vrf }) else { continue }
                    add("profile-ambiguous", .warning,
                        "Profiles \(p1.name) and \(p2.name) both match \(pre) equally",
                        "A responder picks the most specific `match identity`; with two equal matches the choice is unpredictable, so the keyring check and the crypto map's `set isakmp-profile` may fail for these peers.",
                        "Make the matches distinct (a longer mask in the profile meant for these peers) or remove one.",
                        [m1.line, m2.line])
                }
            }
        }
        // Profiles without keyring, profiles nothing uses.
        var used = Set(r.ipsecProfiles.compactMap(\.isakmpProfile) + r.cryptoMaps.compactMap(\.isakmpProfile) + r.dynamicMaps.compactMap(\.isakmpProfile))
        // A tunnel or map entry that names no profile initiates with the most specific match for
        // its peer (`Simulator.simulate`): that profile is used too.
        // Each peer the router names once, with the profile its identity lands in as responder.
        var seenPeers = Set<String>()
        var landsIn: [(peer: String, profile: String)] = []
        for peer in r.interfaces.compactMap(\.tunnelDestination) + r.cryptoMaps.flatMap(\.peers) where seenPeers.insert(peer).inserted {
            let intent = Simulator.intent(r, toward: peer)
            guard let (p, _, _) = Simulator.responderProfile(r, identity: peer, fvrf: intent?.fvrf, local: intent?.localAddress) else { continue }
            landsIn.append((peer, p.name))
            if let intent, intent.isakmpProfile == nil { used.insert(p.name) }
        }
        for p in r.profiles {
            if p.keyrings.isEmpty {
                add("profile-without-keyring", .warning, "ISAKMP profile \(p.name) has no keyring",
                    "Without a `keyring` line the profile accepts keys from any keyring (and for pre-shared keys IOS may reject the exchange on some releases); it gives no control over which key its peers use.",
                    "Add `keyring <name>` under `crypto isakmp profile \(p.name)`.", [p.line])
            }
            if !used.contains(p.name) {
                // Peers this router names whose identity lands in it as responder: not left over.
                let names = landsIn.filter { $0.profile == p.name }.map(\.peer)
                if names.isEmpty {
                    add("profile-unused", .info, "ISAKMP profile \(p.name) is used by no crypto map or ipsec profile",
                        "Peers whose identity matches it still land in it as responders (matching does not need a reference), but no tunnel initiates with it and no map checks it in quick mode.",
                        "Remove it if it is left over, or reference it (`set isakmp-profile \(p.name)`).", [p.line])
                } else {
                    let who = names.joined(separator: ", ")
                    add("profile-unused", .info, "ISAKMP profile \(p.name) is used by no crypto map or ipsec profile, but \(who) land\(names.count == 1 ? "s" : "") in it",
                        "No tunnel initiates with it and no map checks it in quick mode, yet as responder \(who)'s identity matches it most specifically, so \(names.count == 1 ? "that peer lands" : "those peers land") in it (matching does not need a reference): its keyring and settings apply to \(names.count == 1 ? "it" : "them"). It is not left over.",
                        "Either reference it where \(who)'s traffic is protected (`set isakmp-profile \(p.name)` on that crypto map entry or ipsec profile), or narrow its `match identity` so \(names.count == 1 ? "that peer lands" : "those peers land") in the profile meant for \(names.count == 1 ? "it" : "them"); removing it moves \(names.count == 1 ? "it" : "them") to another profile's keyring.", [p.line])
                }
            }
        }
        // Weak policies.
        for p in r.policies {
            let weak = ["des", "3des", "md5"].filter { p.encryption == $0 || p.hash == $0 } + (["1", "2", "5"].contains(p.group) ? ["group \(p.group)"] : [])
            guard !weak.isEmpty else { continue }
            add("weak-algorithms", .warning, "ISAKMP policy \(p.priority) uses weak algorithms (\(weak.joined(separator: ", ")))",
                "DES/3DES, MD5 and DH groups 1, 2 and 5 are broken or deprecated; IOS-XE flags them as not CSDL compliant and newer releases refuse them.",
                "Use `encryption aes 256`, `hash sha256` and `group 14` (or higher) on both ends.", [p.line])
        }
        return out
    }
}
