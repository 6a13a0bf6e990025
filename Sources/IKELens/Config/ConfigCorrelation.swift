/// `analyze --config`: ties log findings to the configuration lines behind
/// them, and reports where the log and the configuration disagree.
public enum ConfigCorrelation {
    public static let disagreementId = "config-log-disagreement"

    public static func apply(_ configs: [RouterConfig], to analysis: Analysis, showSecrets: Bool) -> Analysis {
        var out = analysis
        let tied = Self.tie(configs, to: analysis.devices)
        func config(for device: String) -> RouterConfig? { tied[device] }
        // Findings: add the configuration's view of the keys and profiles for the peer.
        for i in out.findings.indices {
            let f = out.findings[i]
            guard let cfg = config(for: f.device), let peer = f.peer, IPv4Prefix.parse(peer) != nil else { continue }
            let (text, lines) = describe(cfg, peer: peer)
            guard !text.isEmpty else { continue }
            out.findings[i].explanation += " Configuration \(cfg.file): " + text
            out.findings[i].evidence += lines.map { Evidence(file: cfg.file, line: $0, text: cfg.lineText($0, showSecrets: showSecrets)) }
        }
        // Disagreements: what the log shows IOS chose versus what the configuration predicts.
        for device in out.devices {
            guard let cfg = config(for: device.name) else { continue }
            for sa in device.sas where sa.version == 1 && sa.role == .responder {
                guard let peer = sa.peer, IPv4Prefix.parse(peer) != nil else { continue }
                let local = sa.local ?? cfg.addresses.first
                let fvrf = cfg.interfaces.first { $0.address == local }?.vrf
                var problems: [String] = []
                var lines: [Int] = []
                let key = Simulator.responderKey(cfg, peer: peer, fvrf: fvrf)
                if let logKeyring = sa.keyKeyring {
                    if let key, key.keyring.name != logKeyring {
                        problems.append("the log shows IOS took the key from keyring \(logKeyring) at MM3, but this configuration would choose \(key.keyring.name) (line \(key.entry.line))")
                        lines.append(key.entry.line)
                    } else if key == nil {
                        problems.append("the log shows a key from keyring \(logKeyring), but this configuration has no key for \(peer)")
                    }
                }
                if let logProfile = sa.matchedProfile {
                    let predicted = Simulator.responderProfile(cfg, identity: peer, fvrf: fvrf, local: local)
                    if predicted?.0.name != logProfile {
                        problems.append("the log shows the identity matched profile \(logProfile), but this configuration would match \(predicted.map { "\($0.0.name) (line \($0.1.line))" } ?? "no profile")")
                        if let p = predicted { lines.append(p.1.line) }
                    }
                }
                if sa.findingIds.contains(KeyringMismatchDiagnoser.description.id), let key,
                   let (profile, match, _) = Simulator.responderProfile(cfg, identity: sa.peerIdentity ?? peer, fvrf: fvrf, local: local),
                   profile.keyrings.contains(key.keyring.name) {
                    // A failure this configuration cannot produce: the log predates the fix, or
                    // the file is not what ran (then its fix, already made, would only mislead).
                    problems.append("the log shows IOS refused the key for the matched profile (`Key not found in keyrings of profile`), "
                        + "but with this configuration IOS takes the key from keyring \(key.keyring.name) (line \(key.entry.line)) and profile \(profile.name) (line \(match.line)) accepts that keyring: phase 1 would not fail this way")
                    lines += [key.entry.line, match.line]
                }
                guard !problems.isEmpty else { continue }
                out.findings.append(Finding(
                    id: disagreementId, severity: .warning, device: device.name, peer: peer, connId: sa.connId, saNumber: sa.number,
                    summary: "The configuration given for \(device.name) is not the one that produced this log",
                    explanation: "For SA #\(sa.number) with \(peer), " + problems.joined(separator: "; ") + ". The configuration file may be older or newer than the log, or belong to another router.",
                    fix: "Take `show running-config` from \(device.name) at the time of the log (or `show archive`) and check again.",
                    evidence: lines.map { Evidence(file: cfg.file, line: $0, text: cfg.lineText($0, showSecrets: showSecrets)) }))
            }
        }
        return out
    }

    /// Each device's configuration: the one whose hostname is the device's name, else (a log
    /// without a prompt or a relay's host is named after its file) the only one that owns the
    /// local address of the device's SAs, else the only one that holds every profile and keyring
    /// the log shows the device choosing.
    static func tie(_ configs: [RouterConfig], to devices: [DeviceTimeline]) -> [String: RouterConfig] {
        var out: [String: RouterConfig] = [:]
        for d in devices {
            if let c = configs.first(where: { $0.hostname.lowercased() == d.name.lowercased() }) {
                out[d.name] = c
                continue
            }
            let locals = Set(d.sas.compactMap(\.local))
            let owners = configs.filter { c in c.addresses.contains { locals.contains($0) } }
            if owners.count == 1 { out[d.name] = owners[0]; continue }
            // (A responder's log seldom shows its own address: the profile and keyring names it
            // shows IOS choosing are the configuration's own.)
            let profiles = Set(d.sas.compactMap(\.matchedProfile))
            let keyrings = Set(d.sas.flatMap { [$0.keyKeyring, $0.profileKeyring].compactMap { $0 } })
            guard !profiles.isEmpty || !keyrings.isEmpty else { continue }
            // (Not a router the log shows as a peer: the two ends' configurations name alike.)
            let peers = Set(d.sas.compactMap(\.peer))
            let namers = configs.filter { c in
                profiles.allSatisfy { p in c.profiles.contains { $0.name == p } } && keyrings.allSatisfy { k in c.keyrings.contains { $0.name == k } }
                    && !c.addresses.contains { peers.contains($0) }
            }
            if namers.count == 1 { out[d.name] = namers[0] }
        }
        return out
    }

    /// The configurations tied to no device (see `tie`): named apart, for a warning.
    public static func untied(_ configs: [RouterConfig], to devices: [DeviceTimeline]) -> [RouterConfig] {
        let used = Self.tie(configs, to: devices).values.map(\.file)
        return configs.filter { !used.contains($0.file) }
    }

    /// The keyrings holding `peer`'s address in order, and the profile its identity matches.
    static func describe(_ cfg: RouterConfig, peer: String) -> (String, [Int]) {
        guard let addr = IPv4Prefix.parse(peer) else { return ("", []) }
        var parts: [String] = []
        var lines: [Int] = []
        var holders: [String] = []
        for k in cfg.keyrings.sorted(by: { $0.order < $1.order }) {
            for e in k.entries where e.prefix?.contains(addr) == true {
                holders.append("\(k.name == "default" ? "the global keys" : "keyring \(k.name)")\(k.vrf.map { " (vrf \($0))" } ?? "") \(e.prefix!.length == 32 ? "/32" : "\(e.prefix!)") (line \(e.line))")
                lines.append(e.line)
            }
        }
        if holders.isEmpty {
            parts.append("no key for \(peer)")
        } else {
            parts.append("keys for \(peer) in " + holders.joined(separator: ", "))
            if let k = Simulator.responderKey(cfg, peer: peer, fvrf: nil) {
                parts.append("as responder IOS takes \(k.keyring.name)")
            }
        }
        if let (p, m, ties) = Simulator.responderProfile(cfg, identity: peer, fvrf: nil) {
            parts.append("identity \(peer) matches profile \(p.name) (line \(m.line))\(p.keyrings.isEmpty ? "" : ", keyring \(p.keyrings.joined(separator: ", "))")\(ties.isEmpty ? "" : " and equally \(ties.map(\.name).joined(separator: ", "))")")
            lines.append(m.line)
        }
        return (parts.joined(separator: "; ") + ".", lines)
    }
}
