/// `analyze --config`: ties log findings to the configuration lines behind
/// them, and reports where the log and the configuration disagree.
public enum ConfigCorrelation {
    public static let disagreementId = "config-log-disagreement"

    public static func apply(_ configs: [RouterConfig], to analysis: Analysis, showSecrets: Bool) -> Analysis {
        var out = analysis
        func config(for device: String) -> RouterConfig? {
            configs.first { $0.hostname.lowercased() == device.lowercased() }
        }
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
