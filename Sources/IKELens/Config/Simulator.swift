/// Simulates IOS's IKEv1 keyring and profile selection between two routers'
/// configurations, one direction at a time, the way the routers walk it.
public enum Simulator {
    /// One step of the reasoning, with the configuration lines behind it.
    public struct Step: Sendable, Equatable {
        public var router: String
        public var text: String
        /// Lines of `router`'s configuration.
        public var lines: [Int]
        /// Lines of the other router's configuration (a step that compares both).
        public var otherLines: [Int] = []
    }

    /// What one router intends toward a peer address (from a tunnel or a crypto map).
    public struct Intent: Sendable, Equatable {
        public var kind: String          // "tunnel Tunnel1" / "crypto map OUTSIDE 10"
        public var line: Int
        public var localAddress: String?
        public var fvrf: String?
        public var isakmpProfile: String?
        public var transformSets: [String]
        public var pfs: String?
        public var acl: String?
        /// The ipsec profile a tunnel's protection names.
        public var ipsecProfile: String? = nil
        /// `set ikev2-profile P` (ipsec profile or map entry): the tunnel negotiates with IKEv2.
        public var ikev2Profile: String? = nil
        /// The ACL entries whose traffic starts the negotiation (nil: every permit of `acl`). A
        /// plain GRE tunnel protected by a crypto map proposes only the entry its GRE matches; a
        /// protected tunnel, the proxies its mode fixes (`tunnelProxy`).
        public var proxies: [ACLEntry]? = nil
        /// A protected tunnel's `tunnel mode` (`ipsec ipv4`, `gre ip`, the default, `gre
        /// multipoint`); nil for a crypto map entry.
        public var tunnelMode: String? = nil
        /// A dynamic VTI: the Virtual-Access IOS clones for the peer from a Virtual-Template (an
        /// ISAKMP profile's or a FlexVPN IKEv2 profile's `virtual-template N`). Since Multi-SA dVTI
        /// (15.2(1)T, XE 3.x) it accepts the IPsec selectors the initiator proposes, so a crypto
        /// map peer (subnet proxies) lands on it; only a static VTI answers any ↔ any alone.
        public var dynamicVTI = false
        /// A dynamic crypto map entry's `crypto dynamic-map NAME N` entry that answers (its
        /// settings are the intent's; `line` is its line).
        public var dynamicEntry: CryptoMapEntry? = nil

        /// The configuration line that enters this intent's settings (`crypto map M 10`,
        /// `crypto ipsec profile P`, `crypto dynamic-map D 10`).
        var entryLine: String {
            if let t = dynamicEntry { return "crypto dynamic-map \(t.map) \(t.sequence)" }
            if kind.hasPrefix("tunnel") { return "crypto ipsec profile \(ipsecProfile ?? "<profile>")" }
            return "crypto map " + kind.split(separator: " ").dropFirst(2).joined(separator: " ")
        }
    }

    /// A change to one router's configuration model, to check a fix by simulating again.
    public enum FixEdit: Sendable, Equatable {
        case removeKey(keyring: String, line: Int)
        case addKey(keyring: String, vrf: String?, peer: String, key: Secret)
        case addPolicy(ISAKMPPolicy)
        case setProfile(intentLine: Int, profile: String)
        case addTransformSet(TransformSet, intentLine: Int)
        case setPFS(intentLine: Int, pfs: String?)
        case addACL(name: String, entry: ACLEntry)
        /// Replaces the entries on `lines` of ACL `name` by `entry` (where the first of them was).
        case replaceACLEntries(name: String, lines: [Int], entry: ACLEntry)
        case addMapEntry(peer: String, transformSets: [String], pfs: String?, acl: String, entries: [ACLEntry])
        case completeMapEntry(line: Int, acl: String, entries: [ACLEntry])
        /// Adds dynamic map entry `template` (`crypto dynamic-map NAME N` and its settings) and
        /// the crypto map entry `parent` that uses it (`crypto map M N ipsec-isakmp dynamic NAME`).
        case addDynamicMap(template: CryptoMapEntry, parent: CryptoMapEntry)
        /// Applies crypto map `map` to the interface on `interfaceLine` (`crypto map NAME` under it).
        case applyCryptoMap(interfaceLine: Int, map: String)
        /// Copies the crypto map entry on `line` into crypto map `map` as entry `sequence` (the
        /// interface the peer reaches has that map, and an interface takes one crypto map).
        case copyMapEntry(line: Int, map: String, sequence: Int)
        /// Sets the `pre-shared-key local|remote` of the IKEv2 keyring peer entry on `peerLine`.
        case setIKEv2Key(keyring: String, peerLine: Int, remote: Bool, key: Secret)
        /// Adds a peer entry (both keys) to an IKEv2 keyring, creating it if needed.
        case addIKEv2Peer(keyring: String, address: String, local: Secret, remote: Secret)
        /// Adds a proposal and a policy that allows it.
        case addIKEv2Proposal(IKEv2Proposal)
        /// Adds `match identity remote address A 255.255.255.255` (or `fqdn A`, `email A`) to an
        /// IKEv2 profile.
        case addIKEv2Match(profile: String, address: String)
        /// Sets a keyring's `local-address` (nil: removes it).
        case setKeyringLocalAddress(keyring: String, localAddress: String?)
        /// Adds `match identity host FQDN` to an ISAKMP profile.
        case addISAKMPHostMatch(profile: String, host: String)
        /// Sets `match certificate MAP` in an IKEv2 profile.
        case setIKEv2CertificateMap(profile: String, map: String)
        /// Adds `authentication remote M` to an IKEv2 profile.
        case addIKEv2RemoteAuth(profile: String, method: String)
        /// Sets `match fvrf F` (a VRF name or `any`) in an IKEv2 policy and an IKEv2 profile.
        case setIKEv2FVRF(policy: String?, profile: String?, fvrf: String)
        /// Sets the `tunnel mode` of the tunnel interface on `interfaceLine`.
        case setTunnelMode(interfaceLine: Int, mode: String)
        /// Replaces the crypto map entry on `mapLine` by a static VTI: `profile` and `tunnel` added,
        /// the entry removed (and its map from the interface when it was the map's only entry).
        case replaceMapEntryWithVTI(mapLine: Int, tunnel: Interface, profile: IPsecProfile)
        /// Sets `authentication M` in policy N.
        case setPolicyAuthentication(priority: Int, method: String)
        /// Moves the crypto map entry (`set peer`) or tunnel (`tunnel destination`) on `line` and
        /// the /32 key on `keyLine` of keyring `keyring` from a peer's former address to `to`, with `key`.
        case repointPeer(line: Int, keyring: String, keyLine: Int, from: String, to: String, key: Secret)
        /// The edits of each router named (hostname: its edits): a fix of both ends of one tunnel.
        indirect case onRouters([String: [FixEdit]])

        /// The routers the edit changes when they are not (only) the direction's `fixRouter`.
        public var routers: [String]? {
            if case let .onRouters(edits) = self { return edits.keys.sorted() }
            return nil
        }

        /// Applies the edit to `cfg` (the model only; the file is not touched).
        public func apply(to cfg: inout RouterConfig) {
            switch self {
            case let .removeKey(keyring, line):
                if let k = cfg.keyrings.firstIndex(where: { $0.name == keyring }) { cfg.keyrings[k].entries.removeAll { $0.line == line } }
            case let .addKey(keyring, vrf, peer, key):
                let entry = PSKEntry(prefix: IPv4Prefix(peer), hostname: nil, key: key, line: 0)
                if let k = cfg.keyrings.firstIndex(where: { $0.name == keyring }) {
                    cfg.keyrings[k].entries.removeAll { $0.prefix == entry.prefix }
                    cfg.keyrings[k].entries.append(entry)
                    if keyring != "default" { cfg.keyrings[k].vrf = vrf }  // (`crypto keyring K vrf V` binds it)
                } else {
                    cfg.keyrings.append(Keyring(name: keyring, vrf: vrf, entries: [entry], line: 0, order: keyring == "default" ? -1 : cfg.keyrings.count))
                }
            case let .addPolicy(p):
                cfg.policies.append(p)
            case let .repointPeer(line, keyring, keyLine, from, to, key):
                if let i = cfg.cryptoMaps.firstIndex(where: { $0.line == line }) {
                    cfg.cryptoMaps[i].peers = cfg.cryptoMaps[i].peers.map { $0 == from ? to : $0 }
                }
                if let i = cfg.interfaces.firstIndex(where: { $0.line == line }), cfg.interfaces[i].tunnelDestination == from {
                    cfg.interfaces[i].tunnelDestination = to
                }
                if let k = cfg.keyrings.firstIndex(where: { $0.name == keyring }),
                   let e = cfg.keyrings[k].entries.firstIndex(where: { $0.line == keyLine }) {
                    cfg.keyrings[k].entries[e].prefix = IPv4Prefix(to)
                    cfg.keyrings[k].entries[e].key = key
                }
            case let .setProfile(line, profile):
                if let i = cfg.cryptoMaps.firstIndex(where: { $0.line == line }) { cfg.cryptoMaps[i].isakmpProfile = profile }
                if let i = cfg.dynamicMaps.firstIndex(where: { $0.line == line }) { cfg.dynamicMaps[i].isakmpProfile = profile }
                if let t = cfg.interfaces.first(where: { $0.line == line })?.tunnelProtection,
                   let i = cfg.ipsecProfiles.firstIndex(where: { $0.name == t }) { cfg.ipsecProfiles[i].isakmpProfile = profile }
            case let .addTransformSet(ts, line):
                if cfg.transformSet(ts.name) == nil { cfg.transformSets.append(ts) }
                if let i = cfg.cryptoMaps.firstIndex(where: { $0.line == line }) { cfg.cryptoMaps[i].transformSets.append(ts.name) }
                if let i = cfg.dynamicMaps.firstIndex(where: { $0.line == line }) { cfg.dynamicMaps[i].transformSets.append(ts.name) }
                if let t = cfg.interfaces.first(where: { $0.line == line })?.tunnelProtection,
                   let i = cfg.ipsecProfiles.firstIndex(where: { $0.name == t }) { cfg.ipsecProfiles[i].transformSets.append(ts.name) }
            case let .setPFS(line, pfs):
                if let i = cfg.cryptoMaps.firstIndex(where: { $0.line == line }) { cfg.cryptoMaps[i].pfs = pfs }
                if let i = cfg.dynamicMaps.firstIndex(where: { $0.line == line }) { cfg.dynamicMaps[i].pfs = pfs }
                if let t = cfg.interfaces.first(where: { $0.line == line })?.tunnelProtection,
                   let i = cfg.ipsecProfiles.firstIndex(where: { $0.name == t }) { cfg.ipsecProfiles[i].pfs = pfs }
            case let .addACL(name, entry):
                cfg.accessLists[name, default: []].append(entry)
            case let .replaceACLEntries(name, lines, entry):
                guard var acl = cfg.accessLists[name], let at = acl.firstIndex(where: { lines.contains($0.line) }) else { break }
                acl.removeAll { lines.contains($0.line) }
                acl.insert(entry, at: min(at, acl.count))
                cfg.accessLists[name] = acl
            case let .setPolicyAuthentication(n, method):
                if let i = cfg.policies.firstIndex(where: { $0.priority == n }) { cfg.policies[i].authentication = method }
            case let .onRouters(edits):
                for e in edits[cfg.hostname] ?? [] { e.apply(to: &cfg) }
            case let .replaceMapEntryWithVTI(mapLine, tunnel, profile):
                guard let e = cfg.cryptoMaps.first(where: { $0.line == mapLine }) else { break }
                cfg.cryptoMaps.removeAll { $0.line == mapLine }
                if !cfg.cryptoMaps.contains(where: { $0.map == e.map }) {
                    for i in cfg.interfaces.indices where cfg.interfaces[i].cryptoMap == e.map { cfg.interfaces[i].cryptoMap = nil }
                }
                cfg.ipsecProfiles.append(profile)
                cfg.interfaces.append(tunnel)
            case let .setTunnelMode(line, mode):
                if let i = cfg.interfaces.firstIndex(where: { $0.line == line }) { cfg.interfaces[i].tunnelMode = mode }
            case let .addMapEntry(peer, sets, pfs, acl, entries):
                let map = cfg.interfaces.first { $0.cryptoMap != nil }?.cryptoMap ?? "VPN"
                var e = CryptoMapEntry(map: map, sequence: (cfg.cryptoMaps.map(\.sequence).max() ?? 0) + 10, line: 0)
                e.peers = [peer]
                e.transformSets = sets
                e.pfs = pfs
                e.acl = acl
                cfg.accessLists[acl, default: []] += entries
                cfg.cryptoMaps.append(e)
            case let .completeMapEntry(line, acl, entries):
                if let i = cfg.cryptoMaps.firstIndex(where: { $0.line == line }) { cfg.cryptoMaps[i].acl = acl }
                cfg.accessLists[acl, default: []] += entries
            case let .addDynamicMap(template, parent):
                cfg.dynamicMaps.append(template)
                cfg.cryptoMaps.append(parent)
            case let .applyCryptoMap(line, map):
                if let i = cfg.interfaces.firstIndex(where: { $0.line == line }) { cfg.interfaces[i].cryptoMap = map }
            case let .copyMapEntry(line, map, sequence):
                guard var e = cfg.cryptoMaps.first(where: { $0.line == line }) else { break }
                (e.map, e.sequence, e.line) = (map, sequence, 0)
                cfg.cryptoMaps.append(e)
            case let .setIKEv2Key(keyring, peerLine, remote, key):
                guard let k = cfg.ikev2Keyrings.firstIndex(where: { $0.name == keyring }),
                      let p = cfg.ikev2Keyrings[k].peers.firstIndex(where: { $0.line == peerLine }) else { break }
                if remote { cfg.ikev2Keyrings[k].peers[p].remoteKey = key } else { cfg.ikev2Keyrings[k].peers[p].localKey = key }
            case let .addIKEv2Peer(keyring, address, local, remote):
                let peer = IKEv2KeyringPeer(name: address, prefix: IPv4Prefix(address), identity: nil, localKey: local, remoteKey: remote, line: 0)
                if let k = cfg.ikev2Keyrings.firstIndex(where: { $0.name == keyring }) {
                    cfg.ikev2Keyrings[k].peers.insert(peer, at: 0)
                } else {
                    cfg.ikev2Keyrings.append(IKEv2Keyring(name: keyring, peers: [peer], line: 0))
                }
            case let .addIKEv2Proposal(p):
                cfg.ikev2Proposals.append(p)
                if cfg.ikev2Policies.isEmpty {
                    cfg.ikev2Policies.append(IKEv2Policy(name: "POL-\(p.name)", proposals: [p.name], line: 0))
                } else {
                    cfg.ikev2Policies[0].proposals.append(p.name)
                }
            case let .setKeyringLocalAddress(keyring, localAddress):
                if let k = cfg.keyrings.firstIndex(where: { $0.name == keyring }) { cfg.keyrings[k].localAddress = localAddress }
            case let .addISAKMPHostMatch(profile, host):
                if let i = cfg.profiles.firstIndex(where: { $0.name == profile }) {
                    cfg.profiles[i].matches.append(IdentityMatch(prefix: nil, host: host, vrf: nil, line: 0))
                }
            case let .setIKEv2CertificateMap(profile, map):
                if let i = cfg.ikev2Profiles.firstIndex(where: { $0.name == profile }) { cfg.ikev2Profiles[i].certificateMap = map }
            case let .addIKEv2RemoteAuth(profile, method):
                if let i = cfg.ikev2Profiles.firstIndex(where: { $0.name == profile }) {
                    cfg.ikev2Profiles[i].remoteAuths.append(method)
                    cfg.ikev2Profiles[i].remoteAuthLines.append(0)
                }
            case let .setIKEv2FVRF(policy, profile, fvrf):
                if let i = cfg.ikev2Policies.firstIndex(where: { $0.name == policy }) { cfg.ikev2Policies[i].fvrf = fvrf }
                if let i = cfg.ikev2Profiles.firstIndex(where: { $0.name == profile }) { cfg.ikev2Profiles[i].fvrf = fvrf }
            case let .addIKEv2Match(profile, address):
                if let i = cfg.ikev2Profiles.firstIndex(where: { $0.name == profile }) {
                    // (An FQDN identity: `match identity remote fqdn F`; user@domain: `email E`.)
                    let isAddress = IPv4Prefix.parse(address) != nil
                    cfg.ikev2Profiles[i].matches.append(IdentityMatch(prefix: isAddress ? IPv4Prefix(address) : nil, host: isAddress ? nil : address,
                                                                      email: address.contains("@"), vrf: nil, line: 0))
                }
            }
        }
    }

    /// The outcome of one direction.
    public struct Direction: Sendable {
        public var initiator: String
        public var responder: String
        public var initiatorFile: String
        public var responderFile: String
        public var peerAddress: String
        /// The initiator's own address (the responder's peer).
        public var initiatorAddress: String?
        /// `establishes`, or the id of the finding that stops it.
        public var outcome: String
        public var steps: [Step] = []
        /// The failure's explanation (empty when it establishes).
        public var problem: String = ""
        /// The router whose configuration the fix changes, and the lines.
        public var fixRouter: String?
        public var fixLines: [String] = []
        /// The fix as a model edit (what `fixLines` say), to simulate it.
        public var fixEdit: FixEdit?
        /// Outcome when the simulation runs again with the fix applied.
        public var outcomeAfterFix: String?
        /// The failures the simulation met behind this one, each after the fixes before it were
        /// applied (`ConfigCheck.checkFix`): a transform set and PFS that also differ behind a
        /// key mismatch. Each one's fix is in `fixLines`.
        public var problemsBehind: [Behind] = []
        public struct Behind: Sendable, Equatable {
            public var outcome: String
            public var problem: String
        }
        /// Key texts could not be compared (encrypted and different).
        public var keyUnverified = false
        /// It establishes only by IOS's unpredictable pick between equal `match identity` lines:
        /// what happens with the other profile (nil when the pick does not matter).
        public var unpredictable: String?
        /// 2 when the initiator's tunnel or map entry names an IKEv2 profile.
        public var ikeVersion = 1
        /// `psk-mismatch`: the lines of the initiator's key and of the responder's, which differ
        /// (the reverse direction that fails on the same two lines is the same disagreement).
        public var keyLines: (initiator: Int, responder: Int)? = nil
    }

    // MARK: - Intents

    /// The tunnel or crypto map entry of `cfg` that targets `peer`.
    public static func intent(_ cfg: RouterConfig, toward peer: String) -> Intent? {
        // (A DMVPN spoke's mGRE tunnel has no destination: it initiates to its hubs' NBMA addresses.)
        // (A tunnel without `tunnel protection` is not protected by itself: its GRE is protected
        // only by a crypto map whose ACL matches it, see `plainGRE`.)
        for i in cfg.interfaces where i.tunnelProtection != nil && (i.tunnelDestination == peer || i.nhrpNBMA.contains(peer)) && !i.shutdown {
            let p = i.tunnelProtection.flatMap(cfg.ipsecProfile)
            var local: String?
            var fvrf = i.tunnelVRF
            if let src = i.tunnelSource {
                if IPv4Prefix.parse(src) != nil { local = src } else if let si = cfg.interface(src) {
                    local = si.address
                    if fvrf == nil { fvrf = si.vrf }
                }
            }
            return Intent(kind: "tunnel \(i.name)", line: i.line, localAddress: local, fvrf: fvrf,
                          isakmpProfile: p?.isakmpProfile, transformSets: p?.transformSets ?? [], pfs: p?.pfs, acl: nil,
                          ipsecProfile: i.tunnelProtection, ikev2Profile: p?.ikev2Profile, tunnelMode: i.tunnelMode ?? "gre ip")
        }
        // (An entry without `match address`, or naming an ACL that is not configured, is
        // incomplete: IOS does not use it; nor a map applied to no interface.)
        for e in cfg.cryptoMaps where e.peers.contains(peer) && e.acl.map({ cfg.accessLists[$0] != nil }) == true && applied(cfg, e.map) {
            return mapIntent(cfg, e)
        }
        return nil
    }

    /// Whether crypto map `map` is on an interface that is up.
    static func applied(_ cfg: RouterConfig, _ map: String) -> Bool {
        cfg.interfaces.contains { $0.cryptoMap == map && !$0.shutdown }
    }

    /// Whether IOS answers IKE at all: it turns ISAKMP on (`%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is
    /// ON`) only once a crypto map is applied to an interface or a tunnel (or Virtual-Template)
    /// has `tunnel protection`; until then IKE packets get no answer.
    static func ikeOn(_ cfg: RouterConfig) -> Bool {
        cfg.interfaces.contains { i in i.tunnelProtection != nil || i.cryptoMap.map { m in cfg.cryptoMaps.contains { $0.map == m } } == true }
    }

    /// The interface to apply crypto map `map` to so that it answers `peer`, which targets
    /// `target`: the interface that owns `target`, unless that is the map's `local-address`
    /// interface (a loopback): then the one toward the peer.
    static func mapInterface(_ cfg: RouterConfig, map: String, target: String, peer: String) -> Interface? {
        let owner = cfg.interfaces.first { $0.address == target && !$0.shutdown }
        if let owner, cfg.mapLocalAddress[map]?.lowercased() != owner.name.lowercased() { return owner }
        return cfg.interface(toward: peer) ?? owner
    }

    /// The fix for crypto map entry `e`, complete but in a map applied to no interface that is up:
    /// the map applied to the interface `peer` reaches (`target`), or, when that interface has
    /// another crypto map already (an interface takes one), the entry copied into that map.
    static func applyMapFix(_ d: inout Direction, _ b: RouterConfig, _ e: CryptoMapEntry, target: String, peer: String) {
        d.fixRouter = b.hostname
        guard let itf = mapInterface(b, map: e.map, target: target, peer: peer) else {
            d.fixLines = ["! apply crypto map \(e.map) to the interface \(peer) reaches \(b.hostname) on (`crypto map \(e.map)` under it)"]
            return
        }
        guard let other = itf.cryptoMap, other != e.map else {
            d.fixLines = ["interface \(itf.name)", " crypto map \(e.map)"]
            d.fixEdit = .applyCryptoMap(interfaceLine: itf.line, map: e.map)
            return
        }
        let sequence = (b.cryptoMaps.filter { $0.map == other }.map(\.sequence).max() ?? 0) + 10
        d.fixLines = ["crypto map \(other) \(sequence) ipsec-isakmp"] + e.peers.map { " set peer \($0)" }
            + (e.transformSets.isEmpty ? [] : [" set transform-set \(e.transformSets.joined(separator: " "))"])
            + (e.pfs.map { [" set pfs \($0)"] } ?? []) + (e.isakmpProfile.map { [" set isakmp-profile \($0)"] } ?? [])
            + (e.ikev2Profile.map { [" set ikev2-profile \($0)"] } ?? []) + (e.acl.map { [" match address \($0)"] } ?? [])
            + ["! (\(itf.name) has crypto map \(other), and an interface takes one crypto map: the entry moves into \(other) rather than \(e.map) replacing it)"]
        d.fixEdit = .copyMapEntry(line: e.line, map: other, sequence: sequence)
    }

    /// The responder answers no IKE (`ikeOn` false): the initiator's main mode gets no reply. Its
    /// crypto map entry for the initiator, applied to no interface, is named and the fix applies
    /// it; without one, the fix gives it an entry (the initiator's ACL mirrored) and applies it.
    static func ikeOff(_ d: inout Direction, initiator a: RouterConfig, responder b: RouterConfig, target: String, intent: Intent, local: String) {
        d.outcome = "peer-unreachable"
        if intent.ikev2Profile != nil { d.ikeVersion = 2 }
        d.problem = "\(b.hostname) answers no IKE: none of its interfaces has a crypto map or `tunnel protection`, and IOS turns ISAKMP on only when one has (`%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is ON`). \(a.hostname)'s \(intent.ikev2Profile == nil ? "main mode to \(target) gets no answer (`retransmitting phase 1 MM_NO_STATE`)" : "IKE_SA_INIT to \(target) gets no answer (`Retransmitting packet`)")."
        let unapplied = b.cryptoMaps.first { $0.peers.contains(local) }
        d.steps.append(Step(router: b.hostname, text: "no crypto map on any interface and no `tunnel protection` → ISAKMP is off: \(a.hostname)'s IKE to \(target) gets no answer"
                                + (unapplied.map { " (crypto map \($0.map) \($0.sequence), line \($0.line), for \(local), is applied to no interface)" } ?? ""),
                            lines: unapplied.map { [$0.line] } ?? []))
        d.fixRouter = b.hostname
        if let e = unapplied {
            d.problem += " \(b.hostname)'s crypto map \(e.map) \(e.sequence) (line \(e.line)), its entry for \(local), is applied to no interface: IOS uses a crypto map only on an interface, so \(b.hostname) neither answers \(local) nor initiates to it with that entry."
            applyMapFix(&d, b, e, target: target, peer: local)
            return
        }
        let itf = mapInterface(b, map: "VPN", target: target, peer: local)
        let mirrored = intent.acl.flatMap { a.accessLists[$0] }?.filter(\.permit).map(\.mirrored) ?? []
        guard !mirrored.isEmpty, let itf else {
            d.fixLines = ["! give \(b.hostname) \(intent.kind.hasPrefix("tunnel") ? "a tunnel toward \(local) with `tunnel protection`, as \(a.hostname)'s \(intent.kind)" : "a crypto map entry for \(local), applied to the interface \(a.hostname) reaches it on")"]
            return
        }
        let aclName = "VPN-\(a.ownName)"
        // (The entry `addMapEntry` makes: map VPN, as no interface has a map, after every other entry.)
        d.fixLines = ["crypto map VPN \((b.cryptoMaps.map(\.sequence).max() ?? 0) + 10) ipsec-isakmp", " set peer \(local)", " set transform-set \(intent.transformSets.first ?? "<transform-set>")", " match address \(aclName)",
                      "ip access-list extended \(aclName)"] + mirrored.map(\.permitLine) + ["interface \(itf.name)", " crypto map VPN"]
        d.fixEdit = .onRouters([b.hostname: [.addMapEntry(peer: local, transformSets: intent.transformSets, pfs: intent.pfs, acl: aclName, entries: mirrored),
                                             .applyCryptoMap(interfaceLine: itf.line, map: "VPN")]])
    }

    static func mapIntent(_ cfg: RouterConfig, _ e: CryptoMapEntry) -> Intent {
        let itf = cfg.mapAddress(e.map)
        return Intent(kind: "crypto map \(e.map) \(e.sequence)", line: e.line, localAddress: itf.address, fvrf: itf.vrf,
                      isakmpProfile: e.isakmpProfile, transformSets: e.transformSets, pfs: e.pfs, acl: e.acl, ikev2Profile: e.ikev2Profile)
    }

    /// A point-to-point GRE tunnel toward `peer` without `tunnel protection` (when no protected
    /// tunnel goes there), with the address its GRE packets come from and the interface they
    /// leave by (the tunnel source's).
    static func plainGRE(_ cfg: RouterConfig, toward peer: String) -> (tunnel: Interface, source: String?, egress: Interface?)? {
        guard !cfg.interfaces.contains(where: { $0.tunnelProtection != nil && $0.tunnelDestination == peer && !$0.shutdown }),
              let t = cfg.interfaces.first(where: { $0.tunnelDestination == peer && $0.tunnelProtection == nil && !$0.shutdown
                                                    && ($0.tunnelMode == nil || $0.tunnelMode == "gre ip") }) else { return nil }
        guard let src = t.tunnelSource else { return (t, nil, nil) }
        if IPv4Prefix.parse(src) != nil { return (t, src, cfg.interfaces.first { $0.address == src }) }
        let i = cfg.interface(src)
        return (t, i?.address, i)
    }

    /// The entry of the crypto map on `itf` whose ACL permits GRE from `src` to `dst` (the first
    /// entry of each ACL that matches decides), and that ACL entry.
    static func greMapEntry(_ cfg: RouterConfig, on itf: Interface?, from src: String, to dst: String) -> (CryptoMapEntry, ACLEntry)? {
        // (No routing table here: the GRE leaves by the route to the destination, often not the
        // tunnel source's interface (a loopback): any interface's crypto map that permits it.)
        if let hit = greMapEntry(cfg, map: itf?.cryptoMap, from: src, to: dst) { return hit }
        for i in cfg.interfaces where !i.shutdown && i.cryptoMap != nil && i.cryptoMap != itf?.cryptoMap {
            if let hit = greMapEntry(cfg, map: i.cryptoMap, from: src, to: dst) { return hit }
        }
        return nil
    }

    private static func greMapEntry(_ cfg: RouterConfig, map: String?, from src: String, to dst: String) -> (CryptoMapEntry, ACLEntry)? {
        guard let map, let s = IPv4Prefix.parse(src), let t = IPv4Prefix.parse(dst) else { return nil }
        for e in cfg.cryptoMaps.filter({ $0.map == map }).sorted(by: { $0.sequence < $1.sequence }) {
            guard let acl = e.acl.flatMap({ cfg.accessLists[$0] }) else { continue }
            if let hit = acl.first(where: { ["gre", "ip", "47"].contains($0.protocolName) && $0.source.contains(s) && $0.destination.contains(t) }), hit.permit {
                return (e, hit)
            }
        }
        return nil
    }

    /// `, local-address Loopback0` when the intent's crypto map is sourced from another interface.
    static func mapLocal(_ cfg: RouterConfig, _ intent: Intent) -> String {
        let w = intent.kind.split(separator: " ")
        guard w.count > 2, w[0] == "crypto", let name = cfg.mapLocalAddress[String(w[2])] else { return "" }
        return ", local-address \(name)"
    }

    /// The addresses `cfg` points at: tunnel destinations, crypto map peers, /32 keys.
    public static func namedPeers(_ cfg: RouterConfig) -> [String] {
        var out: [String] = []
        func add(_ s: String) { if !out.contains(s), IPv4Prefix.parse(s) != nil { out.append(s) } }
        for i in cfg.interfaces where !i.shutdown {
            if let d = i.tunnelDestination { add(d) }
            if i.tunnelProtection != nil { i.nhrpNBMA.forEach(add) }
        }
        for e in cfg.cryptoMaps { e.peers.forEach(add) }
        for k in cfg.keyrings { for e in k.entries { if let p = e.prefix, p.length == 32 { add(IPv4Prefix.text(p.address)) } } }
        return out
    }

    // MARK: - Key selection

    struct KeyChoice {
        var keyring: Keyring
        var entry: PSKEntry
        var tiedWith: [Keyring]
        var candidates: [(Keyring, PSKEntry)]
    }

    /// Responder at MM3: address keys only, the fVRF's keyrings, the default
    /// keyring first, then the longest mask, then configuration order.
    static func responderKey(_ cfg: RouterConfig, peer: String, fvrf: String?, local: String? = nil) -> KeyChoice? {
        guard let addr = IPv4Prefix.parse(peer) else { return nil }
        func serves(_ k: Keyring) -> Bool { Self.serves(cfg, k, local: local) }
        func matching(_ rings: [Keyring]) -> [(Keyring, PSKEntry)] {
            rings.flatMap { k in k.entries.filter { $0.prefix?.contains(addr) == true }.map { (k, $0) } }
        }
        if fvrf == nil, let d = cfg.defaultKeyring {
            let m = matching([d])
            if let best = m.max(by: { $0.1.prefix!.length < $1.1.prefix!.length }) {
                return KeyChoice(keyring: best.0, entry: best.1, tiedWith: [], candidates: m + matching(cfg.keyrings.filter { $0.name != "default" && $0.vrf == nil }))
            }
        }
        let rings = cfg.keyrings.filter { $0.name != "default" && $0.vrf == fvrf && serves($0) }.sorted { $0.order < $1.order }
        let m = matching(rings)
        guard let longest = m.map({ $0.1.prefix!.length }).max() else { return nil }
        let best = m.filter { $0.1.prefix!.length == longest }
        let first = best[0]
        return KeyChoice(keyring: first.0, entry: first.1, tiedWith: best.dropFirst().map { $0.0 }, candidates: m)
    }

    /// A keyring with `local-address` serves only packets to that address (or interface's).
    static func serves(_ cfg: RouterConfig, _ k: Keyring, local: String?) -> Bool {
        admits(cfg, k.localAddress, local: local)
    }

    /// Whether `local-address A|INTERFACE` (nil: none) under a keyring or an ISAKMP profile admits
    /// the IKE packets sent to `local`, the address the peer targets: IOS considers such a keyring
    /// or profile only for IKE sessions that terminate on that address (or interface's). With no
    /// `local-address`, or `local` unknown, every packet.
    static func admits(_ cfg: RouterConfig, _ localAddress: String?, local: String?) -> Bool {
        guard let la = address(cfg, of: localAddress), let local else { return true }
        return la == local
    }

    /// The address a `local-address` names: an interface's, or the address itself.
    static func address(_ cfg: RouterConfig, of localAddress: String?) -> String? {
        // (An interface whose address is assigned at run time, `ip address dhcp`: not known, so
        // not a restriction here.)
        localAddress.flatMap { la in cfg.interface(la).map { $0.address } ?? la }
    }

    // MARK: - Addresses assigned at run time

    /// The interface `cfg`'s tunnel or crypto map entry toward `peer` sources its IKE from, when
    /// its address is assigned at run time (`ip address dhcp`, `negotiated`) and not known here.
    static func leasedSource(_ cfg: RouterConfig, toward peer: String) -> Interface? {
        guard let intent = intent(cfg, toward: peer), intent.localAddress == nil else { return nil }
        let name: String?
        if intent.kind.hasPrefix("tunnel") {
            name = cfg.interfaces.first { $0.line == intent.line }?.tunnelSource
        } else {
            let map = cfg.cryptoMaps.first { $0.line == intent.line }?.map
            name = map.flatMap { m in cfg.mapLocalAddress[m] ?? cfg.interfaces.first { $0.cryptoMap == m && !$0.shutdown }?.name }
        }
        return name.flatMap { cfg.interface($0) }.flatMap { $0.assignedAddress != nil && $0.address == nil ? $0 : nil }
    }

    /// `cfg` with the leased interface `itf` holding `address` (as a /32), the lease assumed.
    static func withLease(_ cfg: RouterConfig, _ itf: Interface, _ address: String) -> RouterConfig {
        var c = cfg
        if let i = c.interfaces.firstIndex(where: { $0.line == itf.line }) { (c.interfaces[i].address, c.interfaces[i].mask) = (address, "255.255.255.255") }
        return c
    }

    /// The step that says which address a leased interface is taken to hold.
    static func leaseStep(_ cfg: RouterConfig, _ itf: Interface, _ address: String, because why: String) -> Step {
        Step(router: cfg.hostname, text: "\(cfg.hostname)'s \(itf.name) has `ip address \(itf.assignedAddress ?? "dhcp")` (line \(itf.assignedAddressLine)): the IKE source is the address assigned at run time, not in the configuration; \(why)",
             lines: [itf.assignedAddressLine])
    }

    /// An address no router has, for a leased interface nothing names: only wildcard keys and
    /// matches (`0.0.0.0 0.0.0.0`) take it, as they take any lease.
    static let unknownLease = "0.0.0.0"

    /// Initiator: the profile's keyrings, else the most specific key anywhere (default first).
    static func initiatorKey(_ cfg: RouterConfig, peer: String, profile: ISAKMPProfile?, fvrf: String?) -> KeyChoice? {
        guard let addr = IPv4Prefix.parse(peer) else { return nil }
        if let profile, !profile.keyrings.isEmpty {
            let rings = profile.keyrings.compactMap(cfg.keyring)
            let m = rings.flatMap { k in k.entries.filter { $0.prefix?.contains(addr) == true }.map { (k, $0) } }
            guard let best = m.max(by: { $0.1.prefix!.length < $1.1.prefix!.length }) else { return nil }
            return KeyChoice(keyring: best.0, entry: best.1, tiedWith: [], candidates: m)
        }
        return responderKey(cfg, peer: peer, fvrf: fvrf)
    }

    /// Responder at MM5: the most specific `match identity address`, whatever the order, among
    /// the profiles that admit `local`, the address the peer targets (a profile with
    /// `local-address` serves only the IKE sessions that terminate there).
    static func responderProfile(_ cfg: RouterConfig, identity: String, fvrf: String?, local: String? = nil) -> (ISAKMPProfile, IdentityMatch, [ISAKMPProfile])? {
        guard let addr = IPv4Prefix.parse(identity) else { return fqdnProfile(cfg, identity: identity, fvrf: fvrf, local: local) }
        var best: [(ISAKMPProfile, IdentityMatch)] = []
        var bestLength = -1
        for p in cfg.profiles where admits(cfg, p.localAddress, local: local) {
            for m in p.matches {
                guard let pre = m.prefix, pre.contains(addr), m.vrf == fvrf else { continue }
                if pre.length > bestLength { best = [(p, m)]; bestLength = pre.length } else if pre.length == bestLength, !best.contains(where: { $0.0.name == p.name }) { best.append((p, m)) }
            }
        }
        guard let first = best.first else { return nil }
        return (first.0, first.1, best.dropFirst().map { $0.0 })
    }

    /// Responder at MM5 for an FQDN identity (`crypto isakmp identity hostname`): `match identity
    /// host FQDN` (exact, case-insensitive) before `match identity host domain D`.
    static func fqdnProfile(_ cfg: RouterConfig, identity: String, fvrf: String?, local: String?) -> (ISAKMPProfile, IdentityMatch, [ISAKMPProfile])? {
        let id = identity.lowercased()
        var exact: [(ISAKMPProfile, IdentityMatch)] = []
        var inDomain: [(ISAKMPProfile, IdentityMatch)] = []
        for p in cfg.profiles where admits(cfg, p.localAddress, local: local) {
            for m in p.matches where m.vrf == fvrf {
                if m.host?.lowercased() == id { exact.append((p, m)) }
                if let d = m.domain?.lowercased(), id.hasSuffix("." + d) { inDomain.append((p, m)) }
            }
        }
        guard let first = (exact.isEmpty ? inDomain : exact).first else { return nil }
        return (first.0, first.1, (exact.isEmpty ? inDomain : exact).dropFirst().map(\.0).filter { $0.name != first.0.name })
    }

    /// The identity an IKEv1 initiator sends in MM5: its FQDN with `self-identity fqdn` in its
    /// profile or a global `crypto isakmp identity hostname` (unless the profile says
    /// `self-identity address`), else its address.
    static func identity(_ cfg: RouterConfig, profile: ISAKMPProfile?, local: String) -> String {
        (profile?.selfIdentityFQDN ?? cfg.identityHostname) ? cfg.fqdn : local
    }

    static func describe(_ p: IPv4Prefix) -> String { p.length == 32 ? "/32" : "/\(p.length) (\(p))" }

    // MARK: - One direction

    public static func simulate(initiator a: RouterConfig, responder b: RouterConfig, peer target: String) -> Direction {
        // An end whose IKE source is leased (`ip address dhcp`) is simulated with the address the
        // other end names for it, never the address of another of its interfaces (a tunnel's, a
        // loopback's). The initiator: an address the responder names (a tunnel destination or map
        // peer it does not own), the first with which it establishes; with none, an unknown one
        // only wildcards take. The responder: the address the initiator targets.
        if let itf = leasedSource(a, toward: target) {
            let named = namedPeers(b).filter { !b.owns($0) && intent(b, toward: $0) != nil }
            var out: Direction?
            for x in named.isEmpty ? [unknownLease] : named {
                let d = simulate(initiator: withLease(a, itf, x), responder: b, peer: target)
                if out == nil || d.outcome == "establishes" { out = d }
                if d.outcome == "establishes" { break }
            }
            guard var d = out else { return Direction(initiator: a.hostname, responder: b.hostname, initiatorFile: a.file, responderFile: b.file, peerAddress: target, outcome: "not-configured") }
            let x = d.initiatorAddress ?? unknownLease
            let why = x == unknownLease
                ? "\(b.hostname) names no address for it, so it is unknown (taken as \(x): only a wildcard key or match, 0.0.0.0 0.0.0.0, takes it, as it takes any lease)"
                : "taken as \(x), the address \(b.hostname) names for it (\(intent(b, toward: x).map { "\($0.kind), line \($0.line)" } ?? ""))\(named.count > 1 ? ", of those it names for peers not given: \(named.joined(separator: ", "))" : "")"
            d.steps.insert(leaseStep(a, itf, x, because: why), at: 0)
            if x == unknownLease {
                // (A key or match for a lease nobody knows must take any address: the wildcard.)
                d.fixLines = d.fixLines.map { $0.replacingOccurrences(of: "address \(x) key", with: "address \(x) 0.0.0.0 key")
                    .replacingOccurrences(of: "address \(x) 255.255.255.255", with: "address \(x) 0.0.0.0") }
            }
            return d
        }
        if !b.owns(target), let itf = a.addresses.lazy.compactMap({ leasedSource(b, toward: $0) }).first {
            var d = simulate(initiator: a, responder: withLease(b, itf, target), peer: target)
            d.steps.insert(leaseStep(b, itf, target, because: "taken as \(target), the address \(a.hostname) targets"), at: 0)
            return d
        }
        var d = Direction(initiator: a.hostname, responder: b.hostname, initiatorFile: a.file, responderFile: b.file,
                          peerAddress: target, outcome: "establishes")
        var greIntent: Intent?
        if let gre = plainGRE(a, toward: target) {
            if let i = simulatePlainGRE(a, b, target: target, gre: gre, into: &d) { greIntent = i } else { return d }
        }
        guard var intent = greIntent ?? intent(a, toward: target) else {
            d.outcome = "not-configured"
            d.steps.append(Step(router: a.hostname, text: "\(a.hostname) has no tunnel or crypto map entry toward \(target): it does not initiate", lines: []))
            return d
        }
        let local = intent.localAddress ?? b.interface(toward: target).flatMap { _ in a.addresses.first } ?? "?"
        d.initiatorAddress = local
        if intent.ikev2Profile != nil {
            // IKEv2: none of the IKEv1 keyring, ISAKMP profile or policy rules apply.
            simulateIKEv2(initiator: a, responder: b, target: target, intent: intent, local: local, into: &d)
            return d
        }
        if let mode = intent.tunnelMode { intent.proxies = tunnelProxy(mode: mode, local: local, peer: target, line: intent.line).map { [$0] } }
        // With no profile configured, the initiator takes the most specific match for the peer.
        let fallback = intent.isakmpProfile == nil ? responderProfile(a, identity: target, fvrf: intent.fvrf, local: intent.localAddress)?.0 : nil
        let aProfile = intent.isakmpProfile.flatMap(a.profile) ?? fallback
        let profileText: String
        if let p = aProfile {
            profileText = fallback != nil ? ", no profile configured: takes the most specific match, ISAKMP profile \(p.name) (line \(p.line))"
                                           : " with ISAKMP profile \(p.name) (line \(p.line))"
        } else {
            profileText = intent.isakmpProfile.map { " naming ISAKMP profile \($0), which is not configured" } ?? ", no ISAKMP profile"
        }
        d.steps.append(Step(router: a.hostname,
                            text: "\(a.hostname) initiates to \(target) from \(local) (\(intent.kind), line \(intent.line)\(mapLocal(a, intent)))\(profileText)",
                            lines: [intent.line] + (aProfile.map { [$0.line] } ?? [])))
        if !ikeOn(b) {
            ikeOff(&d, initiator: a, responder: b, target: target, intent: intent, local: local)
            return d
        }
        let bItf = b.interfaces.first { $0.address == target }
        let fvrf = bItf?.vrf
        // A router with no `crypto isakmp policy` uses IOS's default protection suites, unless
        // `no crypto isakmp default policy` turned them off: then it has no policy at all.
        let aDefault = a.policies.isEmpty && a.noDefaultPolicyLine == nil, bDefault = b.policies.isEmpty && b.noDefaultPolicyLine == nil
        let aPolicies = (aDefault ? ISAKMPPolicy.iosDefaults : a.policies).sorted { $0.priority < $1.priority }
        let bPolicies = (bDefault ? ISAKMPPolicy.iosDefaults : b.policies).sorted { $0.priority < $1.priority }
        let assumed = [aDefault ? a.hostname : nil, bDefault ? b.hostname : nil].compactMap { $0 }
        let assumedText = assumed.isEmpty ? "" : " (\(assumed.joined(separator: " and ")) ha\(assumed.count == 1 ? "s" : "ve") no `crypto isakmp policy`: IOS 15.x's default policies 65507–65514 assumed)"
        // MM1's policy: the initiator's first (by priority) that one of the responder's equals. A
        // policy that signs (`rsa-sig`, IOS's default) takes part only when both ends have a
        // certificate (a trustpoint whose chain holds the router's own certificate, not only its
        // CA's: IOS-XE's SLA-TrustPoint does not count): without one IOS does not use it, so two routers on IOS's
        // defaults agree on a pre-shared-key suite. Its method decides whether keys are looked up.
        let certificates = !a.ikeTrustpoints.isEmpty && !b.ikeTrustpoints.isEmpty
        func firstMatch(_ usable: (ISAKMPPolicy) -> Bool) -> (ISAKMPPolicy, ISAKMPPolicy)? {
            for ap in aPolicies where usable(ap) {
                if let bp = bPolicies.first(where: { $0.signature == ap.signature }) { return (ap, bp) }
            }
            return nil
        }
        let matched = firstMatch { !$0.signs || certificates }
        func agreed(_ m: (ISAKMPPolicy, ISAKMPPolicy)) {
            d.steps.append(Step(router: b.hostname, text: "MM1: \(a.hostname)'s policy \(m.0.priority) (\(m.0.text)) matches \(b.hostname)'s policy \(m.1.priority)\(m.1.line > 0 ? " (line \(m.1.line))" : "")\(assumedText)", lines: [m.1.line]))
        }
        if matched == nil, let signed = firstMatch({ _ in true }) {
            noCertificate(&d, initiator: a, responder: b, signed, assumedText: assumedText)
            return d
        }
        let sentIdentity = identity(a, profile: aProfile, local: local)
        if let m = matched, m.0.signs {
            // Certificates: no key is looked up at MM1/MM3, nor a profile's keyring at MM5.
            agreed(m)
            let tps = [a, b].map { r in "\(r.hostname): \(r.ikeTrustpoints.map { "\($0.name) (line \($0.line))" }.joined(separator: ", "))" }.joined(separator: "; ")
            d.steps.append(Step(router: b.hostname, text: "authentication \(m.0.authentication): both sign with their certificates (trustpoints \(tps)); the certificates and their CA are not checked here (assumed valid), and no pre-shared key is used",
                                lines: b.ikeTrustpoints.map(\.line), otherLines: a.ikeTrustpoints.map(\.line)))
            let mm5 = profileStep(b, identity: sentIdentity, local: local, target: target, fvrf: fvrf)
            var negotiated = mm5.match?.0
            if let (p, m, _) = mm5.match {
                d.steps.append(Step(router: b.hostname, text: mm5.text, lines: [m.line, p.line]))
            } else if let p = b.profiles.first(where: { $0.certificateMap != nil && admits(b, $0.localAddress, local: target) }) {
                // (`match certificate MAP`: the map is not read.)
                negotiated = p
                d.steps.append(Step(router: b.hostname, text: "MM5: profile \(p.name) matches by `match certificate \(p.certificateMap ?? "")` (the certificate map is not read: assumed to match)", lines: [p.line]))
            } else {
                d.steps.append(Step(router: b.hostname, text: mm5.text, lines: []))
            }
            quickMode(initiator: a, responder: b, target: target, intent: intent, local: local, aProfile: aProfile,
                      negotiated: negotiated, tied: mm5.match?.2 ?? [], sentIdentity: sentIdentity, fvrf: fvrf, into: &d)
            return d
        }
        // Initiator's key.
        guard let aKey = initiatorKey(a, peer: target, profile: aProfile, fvrf: intent.fvrf) else {
            d.outcome = "no-psk"
            d.problem = "\(a.hostname) has no pre-shared key for \(target)\(aProfile.map { " in the keyrings of profile \($0.name) (\($0.keyrings.joined(separator: ", ")))" } ?? "") and cannot start main mode (`No pre-shared key with \(target)!`)."
            d.steps.append(Step(router: a.hostname, text: "no key for \(target) → `No pre-shared key with \(target)!`", lines: aProfile.map { [$0.line] } ?? []))
            d.fixRouter = a.hostname
            let ring = aProfile?.keyrings.first ?? "<keyring>"
            d.fixLines = ["crypto keyring \(ring)", " pre-shared-key address \(target) key <same key as on \(b.hostname)>"]
            if let bk = responderKey(b, peer: intent.localAddress ?? "", fvrf: nil) {
                d.fixEdit = .addKey(keyring: ring, vrf: intent.fvrf, peer: target, key: bk.entry.key)
            }
            return d
        }
        d.steps.append(Step(router: a.hostname, text: "\(a.hostname) takes the key for \(target) from keyring \(aKey.keyring.name) (line \(aKey.entry.line))", lines: [aKey.entry.line]))

        // Responder: policies (MM1), MM3 key, MM5 profile.
        if aPolicies.isEmpty || bPolicies.isEmpty {
            noPolicy(&d, initiator: a, responder: b, aPolicies: aPolicies, bPolicies: bPolicies)
            return d
        }
        do {
            if let m = matched {
                agreed(m)
            } else {
                d.outcome = "p1-proposal-mismatch"
                let offered = aPolicies.map { "\($0.priority): \($0.text)" }.joined(separator: "; ")
                let own = bPolicies.map { "\($0.priority): \($0.text)" }.joined(separator: "; ")
                d.problem = "No ISAKMP policy of \(b.hostname) matches \(a.hostname)'s proposal. \(a.hostname) offers \(offered); \(b.hostname) has \(own).\(assumedText)"
                d.steps.append(Step(router: b.hostname, text: "MM1: none of \(b.hostname)'s policies (\(bDefault ? "IOS defaults" : bPolicies.map { "line \($0.line)" }.joined(separator: ", "))) matches → `phase 1 SA policy not acceptable`\(assumedText)", lines: bPolicies.map { $0.line }))
                // A router on the defaults gets the other's policy (any configured policy replaces
                // the defaults); else the responder gets the initiator's first pre-shared-key one.
                let onA = aDefault && !bDefault
                d.fixRouter = onA ? a.hostname : b.hostname
                let p = onA ? bPolicies[0] : aPolicies.first { $0.authentication == "pre-share" } ?? aPolicies[0]
                let priority = onA ? p.priority : max(1, (b.policies.map(\.priority).max() ?? 0) + 10)
                d.fixLines = ["crypto isakmp policy \(priority)", " encryption \(p.encryption)", " hash \(p.hash)",
                              " authentication \(p.authentication)", " group \(p.group)"]
                var np = p
                np.priority = priority
                np.line = 0
                d.fixEdit = .addPolicy(np)
                return d
            }
        }
        // Aggressive mode: the identity is in the first message, so the responder takes the profile
        // it matches first, and the key from that profile's keyrings.
        let aggressive = aProfile?.aggressive == true
        let amProfile = aggressive ? responderProfile(b, identity: identity(a, profile: aProfile, local: local), fvrf: fvrf, local: target)?.0 : nil
        let amKey = amProfile.flatMap { $0.keyrings.isEmpty ? nil : initiatorKey(b, peer: local, profile: $0, fvrf: fvrf) }
        guard let bKey = amKey ?? responderKey(b, peer: local, fvrf: fvrf, local: target) else {
            d.outcome = "no-psk"
            d.problem = "\(b.hostname) has no pre-shared key for \(local)\(fvrf.map { " in the keyrings of front-door VRF \($0)" } ?? " in the global keyrings") and refuses the pre-shared-key proposal."
            d.steps.append(Step(router: b.hostname, text: "\(b.hostname) as responder for \(local) (fVRF \(fvrf ?? "global")): no key → `No pre-shared key with \(local)!`", lines: []))
            d.fixRouter = b.hostname
            // The keyring of the profile this peer's identity will match (so MM5 finds the key
            // there too), bound to the peer's front-door VRF; else one of that VRF's keyrings.
            let profileRing = responderProfile(b, identity: local, fvrf: fvrf, local: target)?.0.keyrings.first
            let ring = profileRing ?? b.keyrings.first { $0.name != "default" && $0.vrf == fvrf }?.name ?? "KR-\(a.ownName)"
            d.fixLines = ["crypto keyring \(ring)\(fvrf.map { " vrf \($0)" } ?? "")",
                          " pre-shared-key address \(local) key <same key as on \(a.hostname)>"]
            d.fixEdit = .addKey(keyring: ring, vrf: fvrf, peer: local, key: aKey.entry.key)
            if let f = Self.formerAddress(of: a, intent: intent, local: local, in: b, fvrf: fvrf, target: target) {
                // The responder names another address where this peer's should be: the peer was
                // readdressed (a new ISP address) or its address mistyped. The fix moves that place
                // and its key to the peer's address rather than adding a second set beside them.
                let what = !f.tunnel ? "Its \(f.place) (line \(f.line)) names peer \(f.old) instead, with a key for \(f.old) (line \(f.entry.line)) and an ACL that covers \(a.hostname)'s traffic"
                    : "Its \(f.place) (line \(f.line)), protected and sourced where \(a.hostname)'s packets arrive, has `tunnel destination \(f.old)` instead, with a key for \(f.old) (line \(f.entry.line))"
                d.problem += " \(what): \(f.old) looks like \(a.hostname)'s former (or mistyped) address."
                d.steps[d.steps.count - 1].text += "; \(f.place) and the key of line \(f.entry.line) are for \(f.old), no router given: \(a.hostname)'s former address?"
                d.steps[d.steps.count - 1].lines = [f.line, f.entry.line]
                d.fixLines = f.keyring.name == "default"
                    ? ["no crypto isakmp key <the key of line \(f.entry.line)> address \(f.old)",
                       "crypto isakmp key <same key as on \(a.hostname)> address \(local)"]
                    : ["crypto keyring \(f.keyring.name)", " no pre-shared-key address \(f.old)",
                       " pre-shared-key address \(local) key <same key as on \(a.hostname)>"]
                d.fixLines += [f.place] + (f.tunnel ? [" tunnel destination \(local)"] : [" no set peer \(f.old)", " set peer \(local)"])
                d.fixEdit = .repointPeer(line: f.line, keyring: f.keyring.name, keyLine: f.entry.line, from: f.old, to: local, key: aKey.entry.key)
                return d
            }
            if let k = b.keyring(ring), let la = k.localAddress, !Self.serves(b, k, local: target) {
                // The keyring is bound to another local address: that is what leaves it out (with
                // or without a key for the peer), so the fix moves it to the address the peer targets.
                let here = bItf?.name ?? target
                let there = b.interface(la).map { "\($0.name)\($0.address.map { " (\($0))" } ?? "")" } ?? la
                let held = k.entries.first { $0.prefix?.contains(IPv4Prefix.parse(local) ?? 0) == true }
                d.problem += " Keyring \(ring)\(held.map { " holds a key for \(local) (line \($0.line)), but it" } ?? "") has `local-address \(la)` (line \(k.localAddressLine)): it serves only IKE packets sent to \(there), and \(a.hostname)'s arrive at \(target)."
                d.steps[d.steps.count - 1].text += "; keyring \(ring) is bound to `local-address \(la)`, not \(target)"
                d.steps[d.steps.count - 1].lines = [k.line, k.localAddressLine] + (held.map { [$0.line] } ?? [])
                d.fixLines = ["crypto keyring \(ring)", " local-address \(here)"]
                    + (held == nil ? [" pre-shared-key address \(local) key <same key as on \(a.hostname)>"] : [])
                    + ["! (\(ring) then no longer serves packets sent to \(there): peers that reach \(b.hostname) there need a keyring of their own)"]
                d.fixEdit = .setKeyringLocalAddress(keyring: ring, localAddress: here)
            }
            return d
        }
        let localAddress = IPv4Prefix.parse(local) ?? 0
        var keyText = "\(b.hostname) as responder for \(local) (fVRF \(fvrf ?? "global")) at MM3: "
        if aggressive {
            keyText = "\(b.hostname) as responder for \(local) (fVRF \(fvrf ?? "global")) in aggressive mode (`initiate mode aggressive` in \(a.hostname)'s profile \(aProfile?.name ?? "")): the identity comes in the first message\(amKey != nil ? ", matches profile \(amProfile?.name ?? "") → its keyring \(amKey?.keyring.name ?? ""), no MM3/MM5 keyring mismatch possible" : ""); "
        }
        let others = bKey.candidates.filter { $0.0.name != bKey.keyring.name || $0.1.line != bKey.entry.line }
        if bKey.keyring.name == "default" {
            keyText += "global key for \(local) (line \(bKey.entry.line)), checked before any keyring → takes the default keyring"
        } else if !bKey.tiedWith.isEmpty {
            let all = [bKey.keyring] + bKey.tiedWith
            keyText += "keys in " + all.map { k in "\(k.name) (line \(k.entries.first { $0.prefix?.contains(localAddress) == true }?.line ?? k.line))" }.joined(separator: " and ")
            keyText += ", all \(describe(bKey.entry.prefix!)) → takes \(bKey.keyring.name), first in configuration (Cisco: unsupported, unpredictable)"
        } else if !others.isEmpty {
            keyText += "keys in " + ([(bKey.keyring, bKey.entry)] + others).map { "\($0.0.name) \(describe($0.1.prefix!)) (line \($0.1.line))" }.joined(separator: ", ")
            keyText += " → takes \(bKey.keyring.name), the longest mask"
        } else {
            keyText += "key in keyring \(bKey.keyring.name) (line \(bKey.entry.line))"
        }
        d.steps.append(Step(router: b.hostname, text: keyText, lines: bKey.candidates.map { $0.1.line }))

        // Key equality.
        switch aKey.entry.key.compare(bKey.entry.key) {
        case .equal:
            d.steps.append(Step(router: b.hostname, text: "the two keys are equal", lines: [bKey.entry.line], otherLines: [aKey.entry.line]))
        case .different:
            d.outcome = "psk-mismatch"
            d.keyLines = (aKey.entry.line, bKey.entry.line)
            d.problem = "\(b.hostname) uses the key of keyring \(bKey.keyring.name) (line \(bKey.entry.line)) and \(a.hostname) the key of keyring \(aKey.keyring.name) (line \(aKey.entry.line)); the two keys differ, so \(b.hostname) cannot decrypt MM5 (`reserved not zero on ID payload`, `IKMP_BAD_MESSAGE`)."
            d.steps.append(Step(router: b.hostname, text: "keys differ → MM5 cannot be decrypted (`reserved not zero on ID payload`)", lines: [bKey.entry.line], otherLines: [aKey.entry.line]))
            d.fixRouter = b.hostname
            // When the profile this peer lands in holds the right key in its own keyring, the
            // key IOS took is an overlapping one (a global or wider key): remove that one.
            if let (p, _, _) = responderProfile(b, identity: local, fvrf: fvrf, local: target),
               let ring = p.keyrings.compactMap(b.keyring).first(where: { k in k.entries.contains { $0.prefix?.contains(localAddress) == true && $0.key.compare(aKey.entry.key) == .equal } }),
               ring.name != bKey.keyring.name {
                let pre = Self.entryAddress(bKey.entry, else: local)
                d.fixLines = bKey.keyring.name == "default"
                    ? ["no crypto isakmp key \(SecretMasker.mask) address \(pre)"]
                    : ["crypto keyring \(bKey.keyring.name)", " no pre-shared-key address \(pre)"]
                d.problem += " Profile \(p.name), which \(local)'s identity matches, holds the right key in keyring \(ring.name), but the \(bKey.keyring.name == "default" ? "global key" : "key in \(bKey.keyring.name)") for \(pre) is chosen first at MM3."
                if bKey.entry.prefix.map({ $0.length < 32 }) == true {
                    // The peers this router names that take the same wide key: they need one of their own.
                    let dependants = Self.peers(b, usingKeyOn: bKey.entry.line, in: bKey.keyring.name).filter { $0.peer != local }
                    if let dyn = b.cryptoMaps.first(where: { $0.dynamic || $0.dynamicMap != nil }) {
                        // Peers of a dynamic map are not named: the wide key may be all they have.
                        // Moved into a keyring, it still serves them, and the /32 wins by its mask.
                        d.fixLines = ["! crypto map \(dyn.map) \(dyn.sequence) (dynamic, line \(dyn.line)) may serve peers that only this key covers: move it into a keyring rather than delete it",
                                      "crypto keyring WIDE",
                                      " pre-shared-key address \(pre) key <the key of line \(bKey.entry.line)>"] + d.fixLines
                    }
                    if dependants.isEmpty {
                        d.fixLines.append("! check first which other peers rely on the key for \(pre)")
                    } else {
                        var lines: [String] = []
                        for dep in dependants {
                            lines.append("! \(dep.peer) (\(dep.use)) takes this key too: give it its own first")
                            lines.append(bKey.keyring.name == "default"
                                ? "crypto isakmp key <the key of line \(bKey.entry.line)> address \(dep.peer)"
                                : "crypto keyring \(bKey.keyring.name)\n pre-shared-key address \(dep.peer) key <the key of line \(bKey.entry.line)>")
                        }
                        d.fixLines = lines + d.fixLines
                    }
                }
                d.fixEdit = .removeKey(keyring: bKey.keyring.name, line: bKey.entry.line)
                return d
            }
            d.fixLines = ["crypto keyring \(bKey.keyring.name)", " pre-shared-key address \(Self.entryAddress(bKey.entry, else: local)) key <the key of \(a.hostname)'s line \(aKey.entry.line)>"]
            if bKey.keyring.name == "default" {
                d.fixLines = ["crypto isakmp key <the key of \(a.hostname)'s line \(aKey.entry.line)> address \(local)"]
            }
            d.fixEdit = .addKey(keyring: bKey.keyring.name, vrf: bKey.keyring.vrf, peer: local, key: aKey.entry.key)
            return d
        case .cannotVerify:
            d.keyUnverified = true
            d.steps.append(Step(router: b.hostname, text: "keys are encrypted (type \(aKey.entry.key.type)/\(bKey.entry.key.type)) and cannot be compared: assumed equal, cannot verify", lines: [bKey.entry.line], otherLines: [aKey.entry.line]))
        }

        // MM5: profile by identity.
        var negotiated: ISAKMPProfile?
        var tied: [ISAKMPProfile] = []
        let mm5 = profileStep(b, identity: sentIdentity, local: local, target: target, fvrf: fvrf)
        if let (p, m, ties) = mm5.match {
            negotiated = p
            tied = ties
            var t = mm5.text
            if !ties.isEmpty {
                t += " and equally \(ties.map { "\($0.name) (line \($0.line))" }.joined(separator: ", ")): IOS takes one unpredictably"
                // With a tied profile whose keyring is not the one taken at MM3, the other pick fails.
                if p.keyrings.isEmpty || p.keyrings.contains(bKey.keyring.name),
                   let bad = ties.first(where: { !$0.keyrings.isEmpty && !$0.keyrings.contains(bKey.keyring.name) }) {
                    d.unpredictable = "establishes with profile \(p.name), fails with \(bad.name) (keyring-mismatch: \(bad.keyrings.joined(separator: ", ")) ≠ \(bKey.keyring.name))"
                }
            }
            if !p.keyrings.isEmpty, !p.keyrings.contains(bKey.keyring.name) {
                t += " → keyring \(p.keyrings.joined(separator: ", ")) ≠ \(bKey.keyring.name) → `Key not found in keyrings of profile`"
                d.steps.append(Step(router: b.hostname, text: t, lines: [m.line, p.line]))
                d.outcome = "keyring-mismatch"
                d.problem = "\(b.hostname), as responder, took the key for \(local) from keyring \(bKey.keyring.name) at MM3 (before the identity is known), but the identity matches profile \(p.name), whose keyring is \(p.keyrings.joined(separator: ", ")): phase 1 aborts with `Key not found in keyrings of profile`, even if the key texts are equal."
                d.fixRouter = b.hostname
                let profileHasKey = p.keyrings.compactMap(b.keyring).contains { k in k.entries.contains { $0.prefix?.contains(localAddress) == true } }
                if profileHasKey {
                    d.fixEdit = .removeKey(keyring: bKey.keyring.name, line: bKey.entry.line)
                    if bKey.keyring.name == "default" {
                        // (The entry as configured: its network and mask, not the peer's address.)
                        let pre = Self.entryAddress(bKey.entry, else: local)
                        d.fixLines = ["no crypto isakmp key \(SecretMasker.mask) address \(pre)"]
                        if let prefix = bKey.entry.prefix, prefix.length < 32 {
                            d.fixLines.append("! (that key also serves the other peers in \(IPv4Prefix.text(prefix.address))/\(prefix.length): give them keys of their own first)")
                        }
                    } else {
                        d.fixLines = ["crypto keyring \(bKey.keyring.name)", " no pre-shared-key address \(Self.entryAddress(bKey.entry, else: local))"]
                    }
                } else {
                    d.fixLines = ["crypto keyring \(p.keyrings[0])", " pre-shared-key address \(local) key <same key as on \(a.hostname)>",
                                  "crypto keyring \(bKey.keyring.name)", " no pre-shared-key address \(local)"]
                    d.fixEdit = .addKey(keyring: p.keyrings[0], vrf: fvrf, peer: local, key: aKey.entry.key)
                }
                return d
            }
            t += p.keyrings.isEmpty ? " (no keyring: any key accepted)" : " → keyring \(bKey.keyring.name) is the profile's: authenticated"
            d.steps.append(Step(router: b.hostname, text: t, lines: [m.line, p.line]))
        } else {
            d.steps.append(Step(router: b.hostname, text: mm5.text, lines: []))
        }
        quickMode(initiator: a, responder: b, target: target, intent: intent, local: local, aProfile: aProfile,
                  negotiated: negotiated, tied: tied, sentIdentity: sentIdentity, fvrf: fvrf, into: &d)
        return d
    }

    /// Where a responder names a peer under another address (`formerAddress`): a crypto map
    /// entry or a protected tunnel, with the /32 key for that address.
    struct FormerAddress {
        /// `crypto map CMAP 10`, `interface Tunnel0`: the command to enter to change it.
        var place: String
        var line: Int
        /// A tunnel (`tunnel destination`), else a crypto map entry (`set peer`).
        var tunnel: Bool
        var old: String
        var keyring: Keyring
        var entry: PSKEntry
    }

    /// The responder `b` has no key for `local`, the initiator's address: a protected tunnel
    /// from the address `a` targets whose destination, or an entry of a crypto map applied there
    /// whose one peer, is an address owned by neither router, with a /32 key for that address
    /// alone among `fvrf`'s keyrings, is `a`'s under a former (or mistyped) address: a tunnel
    /// when `a` initiates by a tunnel, a map entry whose ACL covers every proxy `a` proposes when
    /// by a crypto map. Nil unless exactly one place is so.
    static func formerAddress(of a: RouterConfig, intent: Intent, local: String, in b: RouterConfig, fvrf: String?, target: String) -> FormerAddress? {
        func key(_ old: String) -> (Keyring, PSKEntry)? {
            guard old != local, !a.owns(old), !b.owns(old), let addr = IPv4Prefix.parse(old) else { return nil }
            let keys = b.keyrings.filter { $0.name == "default" || $0.vrf == fvrf }.flatMap { k in
                k.entries.filter { $0.prefix?.contains(addr) == true }.map { (k, $0) }
            }
            guard keys.count == 1, keys[0].1.prefix?.length == 32 else { return nil }
            return keys[0]
        }
        let here = b.interfaces.filter { !$0.shutdown && $0.address == target }
        var found: [FormerAddress] = []
        if intent.tunnelMode != nil {
            for t in b.interfaces where !t.shutdown && t.tunnelProtection != nil && t.nhrpNBMA.isEmpty {
                guard let old = t.tunnelDestination, let src = t.tunnelSource,
                      src == target || b.interface(src)?.address == target, let (k, entry) = key(old) else { continue }
                found.append(FormerAddress(place: "interface \(t.name)", line: t.line, tunnel: true, old: old, keyring: k, entry: entry))
            }
        } else if let proxies = intent.proxies ?? intent.acl.flatMap({ a.accessLists[$0] }), proxies.contains(where: \.permit) {
            let maps = Set(here.compactMap(\.cryptoMap))
            for e in b.cryptoMaps where maps.contains(e.map) && e.peers.count == 1 && e.ikev2Profile == nil {
                guard let acl = e.acl.flatMap({ b.accessLists[$0] }),
                      proxies.allSatisfy({ p in !p.permit || acl.contains { $0.permit && $0.accepts(p) } }),
                      let (k, entry) = key(e.peers[0]) else { continue }
                found.append(FormerAddress(place: "crypto map \(e.map) \(e.sequence)", line: e.line, tunnel: false, old: e.peers[0], keyring: k, entry: entry))
            }
        }
        return found.count == 1 ? found[0] : nil
    }

    /// MM5 at the responder: the profile `identity` matches (`responderProfile`, among those that
    /// admit `target`), and the step's text, naming the profiles it matches too that serve other
    /// local addresses (`local-address`).
    static func profileStep(_ b: RouterConfig, identity: String, local: String, target: String, fvrf: String?)
        -> (match: (ISAKMPProfile, IdentityMatch, [ISAKMPProfile])?, text: String) {
        let elsewhere = responderProfile(b, identity: identity, fvrf: fvrf).map { [$0.0] + $0.2 }?.filter { !admits(b, $0.localAddress, local: target) } ?? []
        let elsewhereText = elsewhere.isEmpty ? "" : " (\(elsewhere.map { "\($0.name) has `local-address \($0.localAddress ?? "")`" }.joined(separator: ", ")): not for IKE sent to \(target))"
        guard let match = responderProfile(b, identity: identity, fvrf: fvrf, local: target) else {
            return (nil, "MM5: identity \(identity) matches no ISAKMP profile\(elsewhereText): global configuration")
        }
        return (match, "MM5: identity \(identity == local ? local : "\(identity) (FQDN: `crypto isakmp identity hostname`/`self-identity fqdn`)") matches profile \(match.0.name) (line \(match.1.line))\(elsewhereText)")
    }

    /// Quick mode at the responder, once phase 1 completes under `negotiated` (`tied`: the
    /// profiles that match equally): the tunnel or map entry that answers the initiator, its
    /// ISAKMP profile, transform sets, PFS and proxies.
    static func quickMode(initiator a: RouterConfig, responder b: RouterConfig, target: String, intent: Intent, local: String, aProfile: ISAKMPProfile?,
                          negotiated: ISAKMPProfile?, tied: [ISAKMPProfile], sentIdentity: String, fvrf: String?, into d: inout Direction) {
        // Phase 2 at the responder.
        guard var bIntent = Self.intent(b, toward: local) ?? anyPeerIntent(b, for: local, target: target, profile: negotiated) else {
            d.outcome = "qm-no-matching-map"
            d.problem = "Phase 1 completes, but \(b.hostname) has no tunnel or crypto map entry for \(local): quick mode is refused with error 32."
            d.steps.append(Step(router: b.hostname, text: "quick mode: no tunnel or crypto map entry for \(local) → error 32", lines: []))
            d.fixRouter = b.hostname
            // The ACL mirrors the initiator's (a tunnel's traffic: GRE between the two ends).
            let mirrored = intent.acl.flatMap { a.accessLists[$0] }?.filter(\.permit).map(\.mirrored) ?? []
            let aclBody = mirrored.isEmpty ? [" permit <the traffic \(a.hostname) protects, mirrored>"] : mirrored.map(\.permitLine)
            let aclName = "VPN-\(a.ownName)"
            let map = b.interfaces.first { $0.cryptoMap != nil }?.cryptoMap ?? "<map>"
            d.fixLines = ["crypto map \(map) \((b.cryptoMaps.map(\.sequence).max() ?? 0) + 10) ipsec-isakmp", " set peer \(local)",
                          " set transform-set \(intent.transformSets.first ?? "<transform-set>")", " match address \(aclName)"]
            if let e = b.cryptoMaps.first(where: { $0.peers.contains(local) }), e.acl.map({ b.accessLists[$0] != nil }) == true, !applied(b, e.map) {
                // A complete entry for the peer in a map on no interface that is up: IOS does not
                // use it (not an ACL that is missing).
                let on = b.interfaces.filter { $0.cryptoMap == e.map }.map(\.name)
                let why = on.isEmpty ? "is applied to no interface" : "is applied only to \(on.joined(separator: ", ")), which \(on.count == 1 ? "is" : "are") shut down"
                d.problem = "Phase 1 completes, but \(b.hostname)'s crypto map \(e.map), whose entry \(e.sequence) (line \(e.line)) is for \(local), \(why): IOS uses a crypto map only on an interface, so quick mode is refused with error 32 (and \(b.hostname) never initiates to \(local))."
                d.steps[d.steps.count - 1] = Step(router: b.hostname, text: "quick mode: crypto map \(e.map) \(e.sequence) (line \(e.line)) is for \(local), but crypto map \(e.map) \(why) → unused → error 32", lines: [e.line])
                applyMapFix(&d, b, e, target: target, peer: local)
                return
            }
            if let incomplete = b.cryptoMaps.first(where: { $0.peers.contains(local) }) {
                // An entry for the peer that IOS does not use: no `match address`, or an ACL that
                // is not configured.
                let why = incomplete.acl.map { "names ACL \($0), which is not configured" } ?? "has no `match address`"
                d.problem = "Phase 1 completes, but \(b.hostname)'s crypto map \(incomplete.map) \(incomplete.sequence) (line \(incomplete.line)) for \(local) \(why): IOS keeps the entry incomplete and does not use it, so quick mode is refused with error 32 (and \(b.hostname) never initiates to \(local))."
                d.steps[d.steps.count - 1] = Step(router: b.hostname, text: "quick mode: crypto map \(incomplete.map) \(incomplete.sequence) (line \(incomplete.line)) \(why) → incomplete, unused → error 32", lines: [incomplete.line])
                let name = incomplete.acl ?? aclName
                d.fixLines = ["crypto map \(incomplete.map) \(incomplete.sequence) ipsec-isakmp", " match address \(name)", "ip access-list extended \(name)"] + aclBody
                d.fixEdit = mirrored.isEmpty ? nil : .completeMapEntry(line: incomplete.line, acl: name, entries: mirrored)
            } else {
                d.fixLines += ["ip access-list extended \(aclName)"] + aclBody
                if !mirrored.isEmpty {
                    d.fixEdit = .addMapEntry(peer: local, transformSets: intent.transformSets, pfs: intent.pfs, acl: aclName, entries: mirrored)
                }
            }
            return
        }
        if let wanted = bIntent.isakmpProfile, wanted == negotiated?.name, d.unpredictable == nil,
           let other = tied.first(where: { $0.name != wanted }) {
            // The equally matching profile passes phase 1 too, then not the map's check.
            d.unpredictable = "establishes with profile \(wanted), fails with \(other.name) (qm-profile-mismatch: \(bIntent.kind) names \(wanted))"
        }
        if let wanted = bIntent.isakmpProfile, wanted != negotiated?.name {
            d.outcome = "qm-profile-mismatch"
            d.problem = "Phase 1 completes under \(negotiated.map { "profile \($0.name)" } ?? "no profile"), but \(b.hostname)'s \(bIntent.kind) (line \(bIntent.line)) names ISAKMP profile \(wanted): `map_db_check_isakmp_profile profile did not match`, quick mode refused with error 32."
            d.steps.append(Step(router: b.hostname, text: "quick mode: \(bIntent.kind) (line \(bIntent.line)) wants profile \(wanted), SA has \(negotiated?.name ?? "none") → error 32", lines: [bIntent.line]))
            d.fixRouter = b.hostname
            if let neg = negotiated, let t = bIntent.dynamicEntry {
                dynamicProfileFix(&d, b, t, negotiated: neg.name, wanted: wanted, peer: local)
            } else if let neg = negotiated {
                d.fixEdit = .setProfile(intentLine: bIntent.line, profile: neg.name)
                d.fixLines = [bIntent.entryLine, " set isakmp-profile \(neg.name)"]
            } else if sentIdentity != local {
                // An FQDN identity (`crypto isakmp identity hostname`, `self-identity fqdn`): a
                // `match identity address` cannot match it, whatever it says.
                let source = aProfile?.selfIdentityFQDN == true
                    ? "`self-identity fqdn` in \(a.hostname)'s profile \(aProfile?.name ?? "")" : "`crypto isakmp identity hostname` on \(a.hostname)"
                d.problem += " \(a.hostname) sends identity \(sentIdentity), an FQDN (\(source)): only `match identity host` matches it."
                d.fixLines = ["crypto isakmp profile \(wanted)", " match identity host \(sentIdentity)",
                              aProfile?.selfIdentityFQDN == true
                                ? "! (or on \(a.hostname): `self-identity address` in profile \(aProfile?.name ?? ""), so it sends its address)"
                                : "! (or on \(a.hostname): `no crypto isakmp identity hostname`, so it sends its address)"]
                d.fixEdit = .addISAKMPHostMatch(profile: wanted, host: sentIdentity)
            } else {
                // (In a front-door VRF the match names it: without it, it matches global peers only.)
                d.fixLines = ["crypto isakmp profile \(wanted)", " match identity address \(local) 255.255.255.255\(fvrf.map { " \($0)" } ?? "")"]
            }
            return
        }
        // Transform sets and PFS.
        let (aSets, aDefaultSets) = transformSets(a, intent), (bSets, bDefaultSets) = transformSets(b, bIntent)
        if !aSets.isEmpty, !bSets.isEmpty, !aSets.contains(where: { s in bSets.contains { $0.transformsText == s.transformsText } }) {
            d.outcome = "transform-set-mismatch"
            let defaults = [aDefaultSets ? (a, intent) : nil, bDefaultSets ? (b, bIntent) : nil].compactMap { $0 }
                .map { " \($0.0.hostname)'s \($0.1.entryLine) has no `set transform-set`: it uses IOS's default transform sets." }.joined()
            d.problem = "\(a.hostname) proposes \(aSets.map { "\($0.name) (\($0.signature))" }.joined(separator: ", ")); \(b.hostname) accepts \(bSets.map { "\($0.name) (\($0.signature))" }.joined(separator: ", ")): no common transform set, quick mode refused with error 256.\(defaults)"
            d.steps.append(Step(router: b.hostname, text: "quick mode: no common transform set\(bDefaultSets ? " (\(b.hostname): IOS's defaults)" : aDefaultSets ? " (\(a.hostname): IOS's defaults)" : "") → error 256",
                                lines: bSets.map { $0.line } + (bDefaultSets ? [settingsLine(b, bIntent)] : []), otherLines: aSets.map { $0.line } + (aDefaultSets ? [settingsLine(a, intent)] : [])))
            // The side on IOS's defaults gets the other's set (a configured set replaces them).
            if aDefaultSets && !bDefaultSets {
                addTransformSetFix(&d, from: b, to: a, bSets[0], intent)
            } else {
                addTransformSetFix(&d, from: a, to: b, aSets[0], bIntent)
            }
            return
        }
        // A responder without `set pfs` accepts any PFS offer; with it, the initiator must offer its
        // group (a bare `set pfs`, group 1, also takes group 2), as IOS's `set pfs` documents.
        if let bPFS = bIntent.pfs, intent.pfs != bPFS, !(bPFS == "group1" && intent.pfs == "group2") {
            d.outcome = "pfs-mismatch"
            d.problem = "\(a.hostname) uses \(intent.pfs.map { "PFS \($0)" } ?? "no PFS") and \(b.hostname) \(bIntent.pfs.map { "PFS \($0)" } ?? "no PFS"): quick mode refused with error 256."
            d.steps.append(Step(router: b.hostname, text: "quick mode: PFS \(intent.pfs ?? "off") vs \(bIntent.pfs ?? "off") → error 256", lines: [bIntent.line], otherLines: [intent.line]))
            // The initiator offers the responder's group (rather than the responder dropping PFS).
            d.fixRouter = a.hostname
            d.fixLines = [intent.entryLine, " set pfs \(bPFS)"]
            d.fixEdit = .setPFS(intentLine: intent.line, pfs: bPFS)
            return
        }
        // A protected tunnel answers only the proxies its own mode fixes, exactly; a dynamic VTI
        // (multi-SA) takes a crypto map's proposal as it comes, but a tunnel initiator of the
        // other mode (GRE) still carries nothing a VTI can use.
        if let bMode = bIntent.tunnelMode, !(bIntent.dynamicVTI && intent.tunnelMode == nil),
           let wanted = tunnelProxy(mode: bMode, local: bIntent.localAddress ?? target, peer: local, line: bIntent.line),
           let e = (intent.proxies ?? intent.acl.flatMap { a.accessLists[$0] } ?? []).first(where: { p in p.permit && !(wanted.accepts(p) && p.accepts(wanted)) }) {
            tunnelProxyMismatch(&d, initiator: a, responder: b, intent, bIntent, proposal: e, wanted: wanted)
            return
        }
        // A plain GRE tunnel's proposal (one ACL entry): IOS walks the responder's map entries for
        // this peer, so the one whose ACL covers it takes it (another entry may carry the LANs).
        if let proxies = intent.proxies, bIntent.tunnelMode == nil,
           let e = b.cryptoMaps.filter({ $0.peers.contains(local) && applied(b, $0.map) }).sorted(by: { $0.sequence < $1.sequence }).first(where: { entry in
               guard let acl = entry.acl.flatMap({ b.accessLists[$0] }) else { return false }
               return proxies.allSatisfy { p in !p.permit || acl.contains { $0.accepts(p) } }
           }) {
            bIntent = mapIntent(b, e)
        }
        // Crypto ACLs must mirror (crypto maps): each proposal inside an entry of the responder's,
        // protocol and ports included.
        if let aAcl = intent.proxies ?? intent.acl.flatMap({ a.accessLists[$0] }), let bAcl = bIntent.acl.flatMap({ b.accessLists[$0] }),
           let e = aAcl.first(where: { p in p.permit && !bAcl.contains { $0.accepts(p) } }) {
            let acl = bIntent.acl ?? "<acl>"
            d.outcome = "proxy-id-mismatch"
            d.fixRouter = b.hostname
            if let narrow = bAcl.first(where: { $0.permit && $0.source == e.destination && $0.destination == e.source }) {
                // The mirror addresses are there, for a narrower protocol or port: that entry is
                // widened to the mirror (not doubled by a second one).
                d.problem = "\(a.hostname) proposes \(e.proxyText) (line \(e.line)); \(b.hostname)'s ACL \(acl) has the mirror addresses only as \(narrow.proxyText) (line \(narrow.line)). IOS accepts a proposal only inside one of its crypto ACL entries, protocol and ports included: this one is broader, so quick mode is refused (`proxy identities not supported`). The two ACLs must mirror each other exactly."
                d.steps.append(Step(router: b.hostname, text: "quick mode: proxies \(e.mirrored.proxyText) broader than ACL \(acl)'s \(narrow.protocolName) entry for them (line \(narrow.line)) → `proxy identities not supported`", lines: [narrow.line], otherLines: [e.line]))
                d.fixLines = ["ip access-list extended \(acl)", " no" + narrow.permitLine, e.mirrored.permitLine]
                d.fixEdit = .replaceACLEntries(name: acl, lines: [narrow.line], entry: e.mirrored)
                return
            }
            d.problem = "\(a.hostname) proposes \(e.source) → \(e.destination) (line \(e.line)); no entry of \(b.hostname)'s ACL \(acl) covers the mirror \(e.destination) → \(e.source): quick mode refused (`proxy identities not supported`)."
            d.steps.append(Step(router: b.hostname, text: "quick mode: proxies \(e.destination) ↔ \(e.source) not in ACL \(acl) → `proxy identities not supported`", lines: bAcl.map { $0.line }, otherLines: [e.line]))
            if isVTI(intent.tunnelMode ?? ""), b.cryptoMaps.contains(where: { $0.line == bIntent.line && $0.peers.contains(local) }) {
                // A VTI proposes any ↔ any: the map's end becomes a VTI too, not an any ↔ any ACL.
                d.problem += " \(a.hostname)'s \(intent.kind) is a VTI (`tunnel mode \(intent.tunnelMode ?? "")`): it proposes any ↔ any and nothing else."
                vtiForCryptoMap(&d, map: b, bIntent, peer: local, vti: a, intent)
                return
            }
            d.fixLines = ["ip access-list extended \(acl)", e.mirrored.permitLine]
            d.fixEdit = .addACL(name: bIntent.acl ?? "", entry: e.mirrored)
            return
        }
        let multiSA = bIntent.dynamicVTI && intent.tunnelMode == nil ? " (a dynamic VTI accepts the proxies a crypto map proposes: multi-SA dVTI)" : ""
        d.steps.append(Step(router: b.hostname, text: "quick mode: \(bIntent.kind) (line \(bIntent.line)) accepts the proposal\(multiSA) → tunnel up", lines: [bIntent.line]))
    }

    /// The fix when a dynamic map entry (`crypto dynamic-map D N`, template `t`) wants profile
    /// `wanted` and `peer`'s SA is negotiated under `negotiated`. `set isakmp-profile` under the
    /// parent `crypto map M N ipsec-isakmp dynamic D` is not where IOS takes it from, and changing
    /// D N's would take `wanted` away from every other peer of that entry. IOS takes, for an SA,
    /// the first dynamic entry whose `set isakmp-profile` is the SA's, so a dynamic map of its
    /// own for `negotiated` (its settings as D N's), in a crypto map entry of the same map,
    /// answers `peer` and leaves D N to its peers (as Cisco's VRF-aware IPsec examples do).
    static func dynamicProfileFix(_ d: inout Direction, _ b: RouterConfig, _ t: CryptoMapEntry, negotiated: String, wanted: String, peer: String) {
        guard let parent = b.cryptoMaps.first(where: { $0.dynamicMap == t.map }) else { return }
        let names = Set(b.dynamicMaps.map(\.map))
        let base = "\(t.map)-\(negotiated)"
        let name = names.contains(base) ? (2...).lazy.map { "\(base)-\($0)" }.first { !names.contains($0) } ?? base : base
        let used = Set(b.cryptoMaps.filter { $0.map == parent.map }.map(\.sequence))
        // (After the parent: dynamic entries come after the static ones.)
        let sequence = (parent.sequence + 1...65535).first { !used.contains($0) } ?? (1..<parent.sequence).reversed().first { !used.contains($0) } ?? parent.sequence
        var template = t
        (template.map, template.sequence, template.isakmpProfile, template.line) = (name, 10, negotiated, 0)
        var entry = CryptoMapEntry(map: parent.map, sequence: sequence, dynamic: true, dynamicMap: name, line: 0)
        (entry.transformSets, entry.isakmpProfile, entry.pfs, entry.acl, entry.ikev2Profile) = (template.transformSets, negotiated, template.pfs, template.acl, template.ikev2Profile)
        d.problem += " That profile is set in crypto dynamic-map \(t.map) \(t.sequence) (line \(t.line)), not under crypto map \(parent.map) \(parent.sequence) (line \(parent.line)), which only names \(t.map); and \(t.map) \(t.sequence) answers every peer of that entry: setting \(negotiated) there would take \(wanted) away from them."
        d.fixLines = ["crypto dynamic-map \(name) 10"]
            + (t.transformSets.isEmpty ? [] : [" set transform-set \(t.transformSets.joined(separator: " "))"])
            + (t.pfs.map { [" set pfs \($0)"] } ?? []) + [" set isakmp-profile \(negotiated)"] + (t.acl.map { [" match address \($0)"] } ?? [])
            + ["crypto map \(parent.map) \(sequence) ipsec-isakmp dynamic \(name)",
               "! (IOS answers an SA with the first dynamic entry whose `set isakmp-profile` is the SA's: \(peer)'s, negotiated under \(negotiated), takes \(name); \(t.map) \(t.sequence) keeps serving the peers under \(wanted))",
               "! (or, if \(negotiated) is not meant for \(peer): narrow its `match identity` so that \(peer) lands in \(wanted))"]
        d.fixEdit = .addDynamicMap(template: template, parent: entry)
    }

    /// The proxies a protected tunnel negotiates, fixed by its mode: a VTI (`tunnel mode ipsec
    /// ipv4`) proposes any ↔ any, any protocol (`0.0.0.0/0.0.0.0/0/0` in a debug), and a static
    /// one accepts only that (a dynamic VTI accepts a crypto map's proxies too, see
    /// `Intent.dynamicVTI`); GRE (`tunnel mode gre ip`, the default, or `gre multipoint`) its own address ↔ the
    /// peer's, protocol 47 only. nil when an address is not known. `line`, the tunnel's, is cited as
    /// the proposal's.
    static func tunnelProxy(mode: String, local: String, peer: String, line: Int) -> ACLEntry? {
        let any = IPv4Prefix(address: 0, mask: 0)
        if isVTI(mode) { return ACLEntry(permit: true, protocolName: "ip", source: any, destination: any, line: line) }
        guard let s = IPv4Prefix(local), let d = IPv4Prefix(peer) else { return nil }
        return ACLEntry(permit: true, protocolName: "gre", source: s, destination: d, line: line)
    }

    static func isVTI(_ mode: String) -> Bool { mode.hasPrefix("ipsec") }

    /// Quick mode refused by a protected tunnel: it answers only the proxies its mode fixes
    /// (`tunnelProxy`), and the initiator proposes others. A tunnel of the other mode (a VTI on one
    /// end, GRE on the other: each refuses the other's proxies), or a crypto map entry whose ACL is
    /// not exactly their mirror. IOS logs `proxy identities not supported` and refuses with error
    /// 32; the initiator sees PROPOSAL_NOT_CHOSEN. The fix gives both tunnels one mode (the
    /// point-to-point GRE end becomes a VTI; facing a multipoint GRE (DMVPN) end, or a GRE end that
    /// carries IPv6, MPLS or IS-IS (`Interface.nonIPv4`), the VTI end becomes GRE), or makes the
    /// crypto ACL the tunnel's proxies mirrored.
    static func tunnelProxyMismatch(_ d: inout Direction, initiator a: RouterConfig, responder b: RouterConfig, _ intent: Intent, _ bIntent: Intent,
                                    proposal e: ACLEntry, wanted: ACLEntry) {
        func mode(_ m: String) -> String {
            isVTI(m) ? "a VTI (`tunnel mode \(m)`)" : m == "gre ip" ? "GRE (`tunnel mode gre ip`, the default)" : "GRE (`tunnel mode \(m)`)"
        }
        let bMode = bIntent.tunnelMode ?? "gre ip"
        let accepts = "\(b.hostname)'s \(bIntent.kind) (line \(bIntent.line)) is \(mode(bMode)): it accepts only \(wanted.mirrored.proxyText)"
        d.outcome = "proxy-id-mismatch"
        d.steps.append(Step(router: b.hostname, text: "quick mode: proxies \(e.mirrored.proxyText) are not those of \(bIntent.kind), \(isVTI(bMode) ? "a VTI" : "a GRE tunnel") → `proxy identities not supported`, error 32",
                            lines: [bIntent.line], otherLines: [e.line]))
        guard let aMode = intent.tunnelMode else {
            let acl = intent.acl ?? "<acl>"
            let permits = (intent.proxies ?? intent.acl.flatMap { a.accessLists[$0] } ?? []).filter(\.permit)
            d.problem = "\(a.hostname)'s \(intent.kind) proposes \(e.proxyText) (ACL \(acl), line \(e.line)); \(accepts). \(b.hostname) refuses the proposal (`proxy identities not supported`, error 32): a crypto map toward a \(isVTI(bMode) ? "VTI" : "GRE tunnel") must propose exactly the tunnel's proxies."
            if isVTI(bMode) {
                vtiForCryptoMap(&d, map: a, intent, peer: d.peerAddress, vti: b, bIntent)
                return
            }
            d.fixRouter = a.hostname
            // (An entry written with object-groups stands for several: its line is removed once.)
            let removed = permits.map { " no" + $0.permitLine }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            d.fixLines = ["ip access-list extended \(acl)"] + removed + [wanted.mirrored.permitLine]
            d.fixEdit = .replaceACLEntries(name: acl, lines: permits.map(\.line), entry: wanted.mirrored)
            return
        }
        d.problem = "\(a.hostname)'s \(intent.kind) (line \(intent.line)) is \(mode(aMode)) and proposes \(e.proxyText); \(accepts). \(b.hostname) refuses the proposal (`proxy identities not supported`, error 32) and \(a.hostname) sees PROPOSAL_NOT_CHOSEN. Both ends of a tunnel must use the same `tunnel mode`."
        // (Only a VTI against GRE gets here: two GRE ends propose the same addresses.)
        let ends = [(a, intent, aMode), (b, bIntent, bMode)]
        guard let gre = ends.first(where: { !isVTI($0.2) }), let vti = ends.first(where: { isVTI($0.2) }) else { return }
        func tunnel(_ end: (RouterConfig, Intent, String)) -> Interface? {
            end.0.interfaces.first { $0.line == end.1.line && $0.name.lowercased().hasPrefix("tunnel") }
        }
        // (A GRE tunnel that carries IPv6, MPLS or IS-IS stays GRE: an IPv4 VTI would drop them.)
        let greTunnel = tunnel(gre)
        let payload = greTunnel?.nonIPv4 ?? []
        let carried = payload.map { p in "\(p.kind) (`\(gre.0.lineText(p.line, showSecrets: false))`, line \(p.line))" }.joined(separator: " and ")
        if gre.2 == "gre ip", let t = greTunnel, payload.isEmpty {
            d.fixRouter = gre.0.hostname
            d.fixLines = ["interface \(t.name)", " tunnel mode ipsec ipv4"]
            d.fixEdit = .setTunnelMode(interfaceLine: t.line, mode: "ipsec ipv4")
        } else if let t = tunnel(vti) {
            d.fixRouter = vti.0.hostname
            d.fixLines = ["interface \(t.name)", " tunnel mode gre ip"]
            if let g = greTunnel, !payload.isEmpty {
                d.fixLines.append("! (not \(gre.0.hostname)'s \(g.name) to `tunnel mode ipsec ipv4`: it carries \(carried), which an IPv4 VTI cannot carry; \(vti.0.hostname)'s \(t.name) then needs \(payload.map(\.kind).joined(separator: " and ")) configured as well)")
            }
            d.fixEdit = .setTunnelMode(interfaceLine: t.line, mode: "gre ip")
        } else if !payload.isEmpty {
            d.fixRouter = vti.0.hostname
            d.fixLines = ["! \(gre.0.hostname)'s \(greTunnel?.name ?? "tunnel") carries \(carried), which an IPv4 VTI cannot carry: give \(vti.0.hostname)'s \(vti.1.kind) a GRE tunnel (`tunnel mode gre ip`) toward it instead"]
        } else {
            d.fixRouter = b.hostname
            d.fixLines = ["! give \(a.hostname)'s \(intent.kind) and \(b.hostname)'s \(bIntent.kind) the same `tunnel mode`"]
        }
    }

    /// The fix when `map`'s crypto map entry (`entry`) and `vti`'s static VTI toward it (`vtiIntent`)
    /// refuse each other's proxies: the VTI proposes and accepts only any ↔ any, the map its ACL's
    /// subnets. Widening that ACL to `permit ip any any` is no fix: on the crypto map of the
    /// Internet interface it encrypts everything the router sends to the peer's side (Internet,
    /// management, routing protocols) and drops the clear-text traffic that matches it, which cuts
    /// the router off. The map's end becomes a static VTI too (an ipsec profile with the entry's
    /// settings, `interface TunnelN` sourced from the map's interface, `tunnel mode ipsec ipv4`,
    /// routes for the ACL's destinations into it), and the entry goes; the other ways are said: a
    /// crypto map entry or a dynamic VTI (multi-SA) on the VTI's end.
    static func vtiForCryptoMap(_ d: inout Direction, map r: RouterConfig, _ entry: Intent, peer: String, vti: RouterConfig, _ vtiIntent: Intent) {
        d.fixRouter = r.hostname
        guard let e = r.cryptoMaps.first(where: { $0.line == entry.line }) else { return }
        let acl = entry.acl.flatMap { r.accessLists[$0] }?.filter(\.permit) ?? []
        let wan = r.mapLocalAddress[e.map].flatMap { r.interface($0) } ?? r.interfaces.first { $0.cryptoMap == e.map && !$0.shutdown }
        let number = (1...).first { (n: Int) -> Bool in r.interface("Tunnel\(n)") == nil } ?? 1
        var tunnel = Interface(name: "Tunnel\(number)", line: 0)
        tunnel.tunnelSource = wan?.name
        tunnel.tunnelDestination = peer
        tunnel.tunnelMode = "ipsec ipv4"
        let name = r.ipsecProfile("VTI-\(vti.ownName)") == nil ? "VTI-\(vti.ownName)"
            : (2...).lazy.map { (n: Int) -> String in "VTI-\(vti.ownName)-\(n)" }.first { r.ipsecProfile($0) == nil } ?? "VTI"
        tunnel.tunnelProtection = name
        let profile = IPsecProfile(name: name, transformSets: e.transformSets, isakmpProfile: e.isakmpProfile, ikev2Profile: e.ikev2Profile, pfs: e.pfs, line: 0)
        // The tunnel's address: the other host of the peer VTI's /30 or /31, else unnumbered to
        // the LAN the ACL protects (or the WAN interface).
        let peerTunnel = vti.interfaces.first { $0.line == vtiIntent.line }
        let lan = r.interfaces.first { (i: Interface) -> Bool in
            guard let a = i.address else { return false }
            return acl.contains { $0.source.contains(a) }
        }
        var address = "ip unnumbered \(lan?.name ?? wan?.name ?? "<interface>")"
        if let pa = peerTunnel?.address.flatMap(IPv4Prefix.parse), let pm = peerTunnel?.mask, let p = IPv4Prefix(IPv4Prefix.text(pa), mask: pm), p.length >= 30 {
            let other: UInt32 = p.length == 31 ? pa ^ 1 : (pa & 3) == 1 ? p.address + 2 : p.address + 1
            address = "ip address \(IPv4Prefix.text(other)) \(pm)"
            tunnel.address = IPv4Prefix.text(other)
            tunnel.mask = pm
        }
        func route(_ p: IPv4Prefix, via t: String) -> String { "ip route \(IPv4Prefix.text(p.address)) \(IPv4Prefix.text(p.mask)) \(t)" }
        func unique(_ ps: [IPv4Prefix]) -> [IPv4Prefix] { ps.reduce(into: []) { if $1.length > 0, !$0.contains($1) { $0.append($1) } } }
        let only = r.cryptoMaps.filter { $0.map == e.map }.count == 1
        let wanName = wan?.name ?? "<WAN interface>"
        var lines = ["crypto ipsec profile \(name)"]
        if !e.transformSets.isEmpty { lines.append(" set transform-set \(e.transformSets.joined(separator: " "))") }
        if let pfs = e.pfs { lines.append(" set pfs \(pfs)") }
        if let p = e.isakmpProfile { lines.append(" set isakmp-profile \(p)") }
        lines += ["interface \(tunnel.name)", " \(address)", " tunnel source \(wanName)", " tunnel mode ipsec ipv4",
                  " tunnel destination \(peer)", " tunnel protection ipsec profile \(name)"]
        lines += unique(acl.map(\.destination)).map { route($0, via: tunnel.name) }
        lines += only ? ["interface \(wanName)", " no crypto map \(e.map)"] : ["no crypto map \(e.map) \(e.sequence)"]
        let theirs = peerTunnel?.name ?? "<its tunnel>"
        lines += unique(acl.map(\.source)).map { "! on \(vti.hostname) (routing is not checked here): \(route($0, via: theirs))" }
        let aclName = entry.acl.map { "ACL \($0)" } ?? "the crypto ACL"
        lines.append("! (not `permit ip any any` in \(aclName): on the crypto map of \(wan?.name ?? "the Internet interface") it would encrypt all of \(r.hostname)'s traffic toward \(vti.hostname) and drop the clear-text traffic it matches, Internet, management and routing included)")
        lines.append("! (or on \(vti.hostname): answer \(r.hostname) with a crypto map entry whose ACL mirrors \(entry.acl ?? "its ACL"), or a dynamic VTI, `virtual-template` in the ISAKMP profile, which accepts its subnets: multi-SA)")
        d.fixLines = lines
        d.fixEdit = .replaceMapEntryWithVTI(mapLine: e.line, tunnel: tunnel, profile: profile)
    }

    /// A GRE tunnel without `tunnel protection`: its GRE packets (tunnel source → destination, IP
    /// protocol 47) are protected only when the crypto map on the interface they leave by has an
    /// ACL entry that permits them. Then that map entry negotiates, proposing that entry (the
    /// returned intent); else the GRE goes in clear, and the peer drops it (`not-ipsec`) when its
    /// own crypto map expects it protected, or no IPsec is configured between the two at all
    /// (`no-ipsec`, unless a crypto map entry protects other traffic to the peer: nil returned
    /// with a step added, and that entry is simulated).
    static func simulatePlainGRE(_ a: RouterConfig, _ b: RouterConfig, target: String, gre: (tunnel: Interface, source: String?, egress: Interface?),
                                 into d: inout Direction) -> Intent? {
        let t = gre.tunnel
        let src = gre.source ?? "?"
        let via = gre.egress.map { " out \($0.name)" } ?? ""
        if let (e, entry) = greMapEntry(a, on: gre.egress, from: src, to: target) {
            var i = mapIntent(a, e)
            i.proxies = [entry]
            d.steps.append(Step(router: a.hostname, text: "\(t.name) (line \(t.line)) has no `tunnel protection`: its GRE \(src) → \(target) leaves\(via), whose crypto map \(e.map) \(e.sequence) permits it (ACL \(e.acl ?? ""), line \(entry.line)): the crypto map protects it",
                                lines: [t.line, entry.line]))
            return i
        }
        let mapOnEgress = gre.egress?.cryptoMap
        let aText = "\(a.hostname)'s \(t.name) (line \(t.line)) has no `tunnel protection`, and \(mapOnEgress.map { "no entry of crypto map \($0) on \(gre.egress?.name ?? "")" } ?? "no crypto map on the interface it leaves by\(gre.egress.map { " (\($0.name))" } ?? "")") permits its GRE \(src) → \(target) (IP protocol 47)"
        d.steps.append(Step(router: a.hostname, text: "\(t.name) (line \(t.line)) has no `tunnel protection`; \(mapOnEgress.map { "crypto map \($0) on \(gre.egress?.name ?? "") does not permit" } ?? "no crypto map\(via) protects") its GRE \(src) → \(target) → sent in clear",
                            lines: [t.line]))
        d.initiatorAddress = gre.source
        // The peer's crypto map on the interface the GRE arrives on: does its ACL (mirrored) cover it?
        let ingress = b.interfaces.first { $0.address == target && !$0.shutdown }
        if let (be, bEntry) = greMapEntry(b, on: ingress, from: target, to: src) {
            d.outcome = "not-ipsec"
            d.problem = "\(aText): the GRE packets go in clear. \(b.hostname)'s crypto map \(be.map) \(be.sequence) (ACL \(be.acl ?? ""), line \(bEntry.line)) expects that traffic protected, so \(b.hostname) drops them (`%CRYPTO-4-RECVD_PKT_NOT_IPSEC`) and \(t.name) stays down."
            d.steps.append(Step(router: b.hostname, text: "clear GRE \(src) → \(target) matches crypto map \(be.map) \(be.sequence) (ACL \(be.acl ?? ""), line \(bEntry.line)) → dropped, `RECVD_PKT_NOT_IPSEC`",
                                lines: [bEntry.line]))
            d.fixRouter = a.hostname
            let entry = ACLEntry(permit: true, protocolName: "gre", source: IPv4Prefix(src) ?? IPv4Prefix(address: 0, mask: 0xFFFF_FFFF),
                                 destination: IPv4Prefix(target) ?? IPv4Prefix(address: 0, mask: 0xFFFF_FFFF), line: 0)
            if let mine = a.cryptoMaps.first(where: { $0.map == mapOnEgress && $0.peers.contains(target) }), let acl = mine.acl, a.accessLists[acl] != nil {
                d.fixLines = ["ip access-list extended \(acl)", entry.permitLine]
                d.fixEdit = .addACL(name: acl, entry: entry)
            } else {
                d.fixLines = ["crypto ipsec profile GRE-\(b.ownName)", " set transform-set \(be.transformSets.first ?? "<transform-set>")",
                              "interface \(t.name)", " tunnel protection ipsec profile GRE-\(b.ownName)"]
            }
            return nil
        }
        if let other = intent(a, toward: target) {
            // (Other traffic to the peer is protected by a crypto map: simulate that; the GRE goes in clear and the peer takes it.)
            d.steps.append(Step(router: a.hostname, text: "\(b.hostname) expects no IPsec for that GRE either; \(other.kind) (line \(other.line)) protects other traffic to \(target)", lines: [other.line]))
            return other
        }
        let unapplied = a.cryptoMaps.first { $0.peers.contains(target) && !applied(a, $0.map) }
        d.outcome = "no-ipsec"
        d.problem = "\(aText), and \(b.hostname) expects none for it\(ingress?.cryptoMap == nil ? " (no crypto map on \(ingress?.name ?? "the interface that owns \(target)"))" : "")\(unapplied.map { "; \(a.hostname)'s crypto map \($0.map) \($0.sequence) (line \($0.line)), for \(target), is applied to no interface" } ?? ""): no IPsec is configured between \(a.hostname) and \(b.hostname), and the GRE tunnel carries its traffic in clear."
        d.steps.append(Step(router: b.hostname, text: "clear GRE \(src) → \(target): no crypto map of \(b.hostname) expects it protected → accepted in clear: no IPsec", lines: []))
        d.fixRouter = a.hostname
        d.fixLines = ["crypto ipsec profile GRE-\(b.ownName)", " set transform-set \(unapplied?.transformSets.first ?? a.transformSets.first?.name ?? "<transform-set>")", "interface \(t.name)", " tunnel protection ipsec profile GRE-\(b.ownName)",
                      "! (and the same on \(b.hostname)'s tunnel toward \(src))"]
        return nil
    }

    /// A router with `no crypto isakmp default policy` and no `crypto isakmp policy` has no ISAKMP
    /// policy: as initiator it has nothing to offer in MM1, as responder it refuses every proposal.
    /// The fix gives it the other router's policy (or brings IOS's defaults back when one of them
    /// matches the other's).
    static func noPolicy(_ d: inout Direction, initiator a: RouterConfig, responder b: RouterConfig, aPolicies: [ISAKMPPolicy], bPolicies: [ISAKMPPolicy]) {
        d.outcome = "p1-proposal-mismatch"
        let onA = aPolicies.isEmpty
        let r = onA ? a : b
        let other = onA ? bPolicies : aPolicies
        let off = "`no crypto isakmp default policy` (line \(r.noDefaultPolicyLine ?? 0)) and no `crypto isakmp policy`"
        if onA {
            d.problem = "\(a.hostname) has \(off): it has no ISAKMP policy, so it has nothing to propose in MM1 and main mode to \(d.peerAddress) never starts."
            d.steps.append(Step(router: a.hostname, text: "MM1: \(a.hostname) has no ISAKMP policy (IOS's defaults turned off) → nothing to propose", lines: [r.noDefaultPolicyLine ?? 0]))
        } else {
            d.problem = "\(b.hostname) has \(off): it has no ISAKMP policy and refuses every proposal (`phase 1 SA policy not acceptable`), \(a.hostname)'s included."
            d.steps.append(Step(router: b.hostname, text: "MM1: \(b.hostname) has no ISAKMP policy (IOS's defaults turned off) → `phase 1 SA policy not acceptable`", lines: [r.noDefaultPolicyLine ?? 0],
                                otherLines: aPolicies.map(\.line)))
        }
        d.fixRouter = r.hostname
        // The other router's first pre-shared-key policy (or, when it has none either, AES-256,
        // SHA-256, group 14 with pre-shared keys).
        var p = other.first { $0.authentication == "pre-share" } ?? other.first
            ?? ISAKMPPolicy(priority: 10, encryption: "aes 256", hash: "sha256", group: "14", authentication: "pre-share", line: 0)
        if p.line == 0 && p.priority > 10_000 { p.priority = 10 }  // (not an IOS default's number)
        p.line = 0
        d.fixLines = ["crypto isakmp policy \(p.priority)", " encryption \(p.encryption)", " hash \(p.hash)",
                      " authentication \(p.authentication)", " group \(p.group)"]
        if other.contains(where: { o in ISAKMPPolicy.iosDefaults.contains { $0.signature == o.signature } }) {
            d.fixLines.append("! (or remove `no crypto isakmp default policy`: one of IOS's default policies matches \(onA ? b.hostname : a.hostname)'s)")
        }
        d.fixEdit = .addPolicy(p)
    }

    /// The line that enters `intent`'s settings (`crypto ipsec profile P` for a tunnel,
    /// `crypto map M 10`), see `Intent.entryLine`.
    static func settingsLine(_ cfg: RouterConfig, _ intent: Intent) -> Int {
        intent.ipsecProfile.flatMap(cfg.ipsecProfile)?.line ?? intent.line
    }

    /// The transform sets a tunnel or map entry proposes or accepts: those it names that are
    /// configured, or IOS 15.x's default transform sets (`isDefault`) when it names none.
    static func transformSets(_ cfg: RouterConfig, _ intent: Intent) -> (sets: [TransformSet], isDefault: Bool) {
        intent.transformSets.isEmpty ? (TransformSet.iosDefaults, true) : (intent.transformSets.compactMap(cfg.transformSet), false)
    }

    /// Phase 1 agrees only on a policy that signs (`authentication rsa-sig`, IOS's default when
    /// a policy has no `authentication` line), and a router has no certificate to sign with (no
    /// trustpoint with a certificate of its own: `RouterConfig.ikeTrustpoints`): the pre-shared keys
    /// are never used with that policy, and phase 1 cannot authenticate. The fix gives each end that
    /// configures the matched policy a pre-shared-key one of that suite, without touching a policy
    /// other peers may sign with.
    static func noCertificate(_ d: inout Direction, initiator a: RouterConfig, responder b: RouterConfig, _ m: (ISAKMPPolicy, ISAKMPPolicy), assumedText: String) {
        let (ap, bp) = m
        let bare = [(a, ap), (b, bp)].filter { $0.1.line > 0 && $0.1.authenticationLine == 0 }.map { "\($0.0.hostname)'s policy \($0.1.priority)" }
        let without = [a, b].filter { $0.ikeTrustpoints.isEmpty }
        let who = without.map(\.hostname).joined(separator: " and ")
        let lacks = without.map(\.noCertificateReason)
        let why = Set(lacks).count == 1 ? lacks[0] : zip(without, lacks).map { "\($0.hostname): \($1)" }.joined(separator: "; ")
        d.outcome = "ike-auth-failed"
        d.problem = "\(a.hostname) and \(b.hostname) agree in MM1 only on policies that sign: \(a.hostname)'s policy \(ap.priority) / \(b.hostname)'s policy \(bp.priority) (\(ap.text))"
            + (bare.isEmpty ? "" : ": \(bare.joined(separator: " and ")) \(bare.count == 1 ? "has" : "have") no `authentication` line, and IOS's default is rsa-sig")
            + ". RSA signatures need a certificate on each router, and \(who) \(without.count == 1 ? "has" : "have") none (\(why)): the pre-shared keys are never used with this policy, and phase 1 cannot authenticate.\(assumedText)"
        d.steps.append(Step(router: b.hostname, text: "MM1: \(a.hostname)'s policy \(ap.priority) (\(ap.text)) matches \(b.hostname)'s policy \(bp.priority)\(bp.line > 0 ? " (line \(bp.line))" : ""), but \(who) \(without.count == 1 ? "has" : "have") no certificate to sign with → phase 1 cannot authenticate (the pre-shared keys are not used)",
                            lines: [bp.line], otherLines: [ap.line]))
        // Each end whose policy is configured (an end on IOS's defaults has the pre-shared-key twin
        // of that suite already) gets a pre-shared-key policy of that suite, the least disruptive
        // way: a policy without `authentication` on a router without a certificate signs for no
        // peer, so it becomes `authentication pre-share`; one that says `authentication rsa-sig`,
        // or that a router with a certificate may sign with toward other peers, is kept, and a
        // pre-shared-key twin is added after its other policies (offered and matched last, so no
        // negotiation that matches an earlier policy changes).
        let ends = [(b, bp), (a, ap)].filter { $0.1.line > 0 }
        d.fixRouter = ends.first?.0.hostname ?? b.hostname
        var edits: [String: [FixEdit]] = [:]
        for (n, (r, p)) in ends.enumerated() {
            d.fixLines += n == 0 ? [] : ["! on \(r.hostname):"]
            if p.authenticationLine == 0 && r.ikeTrustpoints.isEmpty {
                d.fixLines += ["crypto isakmp policy \(p.priority)", " authentication pre-share",
                               "! (policy \(p.priority) has no `authentication` line and \(r.hostname) has no certificate: no peer signs with it)"]
                edits[r.hostname, default: []].append(.setPolicyAuthentication(priority: p.priority, method: "pre-share"))
            } else {
                var twin = p
                twin.priority = freePolicyPriority(r)
                twin.authentication = "pre-share"
                (twin.line, twin.authenticationLine) = (0, 0)
                d.fixLines += ["crypto isakmp policy \(twin.priority)", " encryption \(twin.encryption)", " hash \(twin.hash)", " authentication pre-share", " group \(twin.group)"]
                let kept = p.authenticationLine > 0 ? "says `authentication \(p.authentication)` (line \(p.authenticationLine))" : "has no `authentication` line (rsa-sig)"
                d.fixLines.append("! (least disruptive: policy \(p.priority) \(kept) and is kept for the peers that sign with certificates; policy \(twin.priority), its suite with pre-shared keys, comes after \(r.hostname)'s other policies and changes no other negotiation)")
                edits[r.hostname, default: []].append(.addPolicy(twin))
            }
        }
        d.fixLines.append(without.count == 2 ? "! (or enroll both routers in a PKI: a trustpoint and a certificate each)"
                                             : "! (or enroll \(who) in \(without[0].hostname == a.hostname ? b.hostname : a.hostname)'s PKI: a trustpoint and a certificate, and nothing else changes)")
        d.fixEdit = .onRouters(edits)
    }

    /// A priority for a policy added to `cfg` after all of its own (IOS takes 1–10000): 10 more
    /// than its highest, else the highest free one.
    static func freePolicyPriority(_ cfg: RouterConfig) -> Int {
        let used = Set(cfg.policies.map(\.priority))
        let next = (used.max() ?? 0) + 10
        return next <= 10_000 ? next : (1...10_000).reversed().first { !used.contains($0) } ?? 10_000
    }

    /// The fix for no common transform set: one router's set added to the other's entry (under
    /// another name when it has a set of that name already; only referenced when it has a set with
    /// the same transforms).
    static func addTransformSetFix(_ d: inout Direction, from a: RouterConfig, to b: RouterConfig, _ set: TransformSet, _ bIntent: Intent) {
        d.fixRouter = b.hostname
        if let own = b.transformSets.first(where: { $0.transformsText == set.transformsText }) {
            d.fixLines = [bIntent.entryLine, " set transform-set \((bIntent.transformSets + [own.name]).joined(separator: " "))"]
            d.fixEdit = .addTransformSet(own, intentLine: bIntent.line)
            return
        }
        var added = set
        if b.transformSet(added.name) != nil { added.name += "-\(a.ownName)" }
        d.fixLines = ["crypto ipsec transform-set \(added.name) \(added.transforms.joined(separator: " "))", " mode \(added.mode)",
                      bIntent.entryLine, " set transform-set \((bIntent.transformSets + [added.name]).joined(separator: " "))"]
        d.fixEdit = .addTransformSet(added, intentLine: bIntent.line)
    }

    /// The peers `cfg` names (tunnels, crypto map entries) that would take the key on `line` of
    /// `keyring`, as initiator or responder, and what names them.
    static func peers(_ cfg: RouterConfig, usingKeyOn line: Int, in keyring: String) -> [(peer: String, use: String)] {
        var out: [(peer: String, use: String)] = []
        for peer in namedPeers(cfg) {
            guard let intent = intent(cfg, toward: peer) else { continue }
            let profile = intent.isakmpProfile.flatMap { name in cfg.profiles.first { $0.name == name } }
            let asInitiator = initiatorKey(cfg, peer: peer, profile: profile, fvrf: intent.fvrf)
            let asResponder = responderKey(cfg, peer: peer, fvrf: intent.fvrf, local: intent.localAddress)
            let takes = [asInitiator, asResponder].contains { $0?.keyring.name == keyring && $0?.entry.line == line }
            if takes { out.append((peer, "\(intent.kind), line \(intent.line)")) }
        }
        return out
    }

    /// A key entry's address as configured: `10.1.1.0 255.255.255.0`, a host without its mask.
    static func entryAddress(_ entry: PSKEntry, else fallback: String) -> String {
        entry.prefix.map { "\(IPv4Prefix.text($0.address))\($0.length == 32 ? "" : " \(IPv4Prefix.text($0.mask))")" } ?? fallback
    }

    static func aclText(_ p: IPv4Prefix) -> String {
        if p.length == 0 { return "any" }
        if p.length == 32 { return "host \(IPv4Prefix.text(p.address))" }
        return "\(IPv4Prefix.text(p.address)) \(IPv4Prefix.text(~p.mask))"
    }

    /// What answers `peer`'s quick mode on `cfg` when no tunnel or map entry names it: a dynamic
    /// VTI (the negotiated profile's `virtual-template N` and its `interface Virtual-TemplateN type
    /// tunnel` with tunnel protection), an mGRE tunnel (`tunnel mode gre multipoint`, a DMVPN hub)
    /// protected by an ipsec profile whose tunnel source owns `target`, the address the peer
    /// targets, or a dynamic crypto map entry. All accept any peer whose phase 1 passes.
    static func anyPeerIntent(_ cfg: RouterConfig, for peer: String, target: String, profile: ISAKMPProfile?) -> Intent? {
        anyPeerIntent(cfg, for: peer, target: target, template: profile.flatMap { p in p.virtualTemplate.map { ($0, "profile \(p.name)") } }, negotiated: profile?.name)
    }

    /// `anyPeerIntent` with the negotiated profile's `virtual-template N` (`template.number`) and
    /// that profile as the report names it (`template.profile`: `profile P`, `IKEv2 profile P`):
    /// an ISAKMP profile's and an IKEv2 profile's (FlexVPN server) clone a Virtual-Access alike.
    static func anyPeerIntent(_ cfg: RouterConfig, for peer: String, target: String, template: (number: Int, profile: String)?, negotiated: String? = nil) -> Intent? {
        func tunnelIntent(_ i: Interface, _ kind: String) -> Intent {
            let p = i.tunnelProtection.flatMap(cfg.ipsecProfile)
            return Intent(kind: kind, line: i.line, localAddress: target, fvrf: i.tunnelVRF ?? cfg.interfaces.first { $0.address == target }?.vrf,
                          isakmpProfile: p?.isakmpProfile, transformSets: p?.transformSets ?? [], pfs: p?.pfs, acl: nil,
                          ipsecProfile: i.tunnelProtection, ikev2Profile: p?.ikev2Profile, tunnelMode: i.tunnelMode ?? "gre ip")
        }
        if let (n, owner) = template,
           let vt = cfg.interfaces.first(where: { $0.name.lowercased() == "virtual-template\(n)" && $0.tunnelProtection != nil && !$0.shutdown }) {
            var i = tunnelIntent(vt, "\(vt.name) (dynamic VTI of \(owner))")
            i.dynamicVTI = isVTI(i.tunnelMode ?? "")
            return i
        }
        for i in cfg.interfaces where i.tunnelMode == "gre multipoint" && i.tunnelProtection != nil && !i.shutdown {
            guard let src = i.tunnelSource else { continue }
            let owns = src == target || cfg.interface(src)?.address == target
            if owns { return tunnelIntent(i, "tunnel \(i.name) (mGRE, any peer)") }
        }
        return dynamicIntent(cfg, for: peer, target: target, negotiated: negotiated)
    }

    /// A dynamic crypto map entry (no `set peer`) accepts any peer: the map that answers on
    /// `target`, the address the peer targets (a hub with one dynamic map per ISP interface), else
    /// the first one. IOS walks that map's dynamic entries in order, and each one's `crypto
    /// dynamic-map` entries, and takes the first whose `set isakmp-profile` is `negotiated`, the
    /// profile of the SA (or that names none); with none, the first (whose check then fails).
    static func dynamicIntent(_ cfg: RouterConfig, for peer: String, target: String, negotiated: String? = nil) -> Intent? {
        let dynamic = cfg.cryptoMaps.filter { $0.dynamic || $0.peers.isEmpty }
        guard let first = dynamic.first(where: { cfg.mapAddress($0.map).address == target }) ?? dynamic.first else { return nil }
        var candidates: [(entry: CryptoMapEntry, template: CryptoMapEntry?)] = []
        for e in dynamic.filter({ $0.map == first.map }).sorted(by: { $0.sequence < $1.sequence }) {
            let templates = cfg.dynamicMaps.filter { $0.map == e.dynamicMap }.sorted { $0.sequence < $1.sequence }
            candidates += templates.isEmpty ? [(e, nil)] : templates.map { (e, $0) }
        }
        let (e, t) = candidates.first { c in (c.template ?? c.entry).isakmpProfile.map { $0 == negotiated } ?? true } ?? candidates[0]
        let s = t ?? e
        let itf = cfg.mapAddress(e.map)
        var i = Intent(kind: "crypto map \(e.map) \(e.sequence)\(t.map { " (dynamic-map \($0.map) \($0.sequence))" } ?? "")", line: s.line,
                       localAddress: itf.address, fvrf: itf.vrf, isakmpProfile: s.isakmpProfile, transformSets: s.transformSets, pfs: s.pfs,
                       acl: s.acl, ikev2Profile: s.ikev2Profile)
        i.dynamicEntry = t
        return i
    }
}

extension ACLEntry {
    /// The entry that covers the same traffic from the other end (source and destination, and
    /// their ports, swapped).
    /// (Literal addresses: the other router has not the object-groups of this one.)
    var mirrored: ACLEntry {
        ACLEntry(permit: true, protocolName: protocolName, source: destination, destination: source, line: 0,
                 sourcePort: destinationPort, destinationPort: sourcePort)
    }

    /// `permit ip 10.0.0.0 0.0.0.255 host 10.9.0.1`, as a line of an extended ACL (`object-group
    /// NAME` where the entry was written with one).
    var permitLine: String {
        let s = sourceGroup.map { "object-group \($0)" } ?? Simulator.aclText(source)
        let d = destinationGroup.map { "object-group \($0)" } ?? Simulator.aclText(destination)
        return " \(permit ? "permit" : "deny") \(protocolName) \(s)\(sourcePort.map { " eq \($0)" } ?? "") \(d)\(destinationPort.map { " eq \($0)" } ?? "")"
    }

    /// `198.51.100.2/32 → 203.0.113.1/32, protocol gre`: the proxies this entry proposes.
    var proxyText: String {
        "\(source)\(sourcePort.map { " port \($0)" } ?? "") → \(destination)\(destinationPort.map { " port \($0)" } ?? ""), protocol \(protocolNumber == 0 ? "ip (any)" : protocolName)"
    }

    /// Whether this entry of a responder's crypto ACL accepts `proposal`, an entry of the
    /// initiator's: the proposal's mirror must lie inside this entry, its addresses, its protocol
    /// (`ip` takes any, else the same one) and its `eq` ports (none takes any). IOS refuses a
    /// proposal broader than each of its entries (`proxy identities not supported`): `permit ip`
    /// proposed to a `permit gre` entry (protocol 0 against 47) is refused, the reverse accepted.
    func accepts(_ proposal: ACLEntry) -> Bool {
        let m = proposal.mirrored
        func inside(_ p: IPv4Prefix, _ mine: IPv4Prefix) -> Bool { (mine.mask & p.mask) == mine.mask && mine.contains(p.address) }
        func port(_ mine: String?, _ theirs: String?) -> Bool { mine == nil || theirs.map(ACLEntry.portNumber) == mine.map(ACLEntry.portNumber) }
        let proto = protocolNumber == 0 || (protocolNumber.map { $0 == m.protocolNumber } ?? (protocolName.lowercased() == m.protocolName.lowercased()))
        return permit && proto && inside(m.source, source) && inside(m.destination, destination)
            && port(sourcePort, m.sourcePort) && port(destinationPort, m.destinationPort)
    }
}
