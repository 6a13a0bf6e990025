/// Renders `ikelens config check` results as text or JSON.
public enum ConfigReport {
    public static func text(_ c: ConfigCheck, color: Bool = false) -> String {
        let t = TextReport(color: color)
        var out = "IKELens \(IKELens.version) config check — \(c.routers.count) router\(c.routers.count == 1 ? "" : "s"), "
        out += "\(c.directions.count) direction\(c.directions.count == 1 ? "" : "s"), "
        let errors = c.findings.filter { $0.severity == .error }.count
        let warnings = c.findings.filter { $0.severity == .warning }.count
        // Nothing simulated is not the same as nothing wrong: the lint findings alone are not the check.
        if c.directions.isEmpty && errors + warnings == 0 {
            out += "nothing could be checked"
        } else {
            if c.directions.isEmpty { out.removeLast(2); out += " (nothing could be simulated), " }
            out += errors + warnings == 0 ? "no problems found" : "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
        }
        out += "\n"
        for r in c.routers {
            out += "  \(r.hostname): \(r.file) (\(Self.keyringsText(r)), \(r.profiles.count) ISAKMP profile\(r.profiles.count == 1 ? "" : "s"), \(r.policies.count) polic\(r.policies.count == 1 ? "y" : "ies")\(r.ikev2Profiles.isEmpty ? "" : ", \(r.ikev2Profiles.count) IKEv2 profile\(r.ikev2Profiles.count == 1 ? "" : "s")"))\n"
            if r.interfaces.isEmpty {
                out += t.wrap("no interfaces: an excerpt (`show running-config | section crypto`?), so where it receives IKE and from which address is not known; no tunnel to or from it is simulated, its keyrings, profiles and policies are checked alone. Give its whole configuration to check its tunnels.", indent: "    ", firstPrefix: "    ", dimmed: false)
            }
        }
        let excerpts = c.routers.filter(\.interfaces.isEmpty)
        if c.directions.isEmpty {
            out += "\nNo direction could be simulated: "
            out += !excerpts.isEmpty && excerpts.count == c.routers.count
                ? "no configuration given has interfaces, so no router's addresses are known.\n"
                : !excerpts.isEmpty
                ? "\(excerpts.map(\.hostname).joined(separator: ", ")) \(excerpts.count == 1 ? "has" : "have") no interfaces, and no other router given initiates to an address one given owns.\n"
                : c.routers.count >= 2
                ? "no router initiates to an address another one owns (by a tunnel or a crypto map entry), and none names a peer not given (tunnel destination, NHRP NBMA address, crypto map peer or /32 key) to be checked alone, so no direction could be checked.\n"
                : "the router names no peer (tunnel destination, NHRP NBMA address, crypto map peer or /32 key), so nothing could be checked.\n"
        }
        for d in c.directions {
            out += "\n\(d.initiator) → \(d.responder) (\(d.peerAddress))\(d.ikeVersion == 2 ? " IKEv2" : ""): \(d.outcome == "establishes" ? d.unpredictable.map { "UNPREDICTABLE: \($0)" } ?? "establishes" : d.outcome == "no-ipsec" ? "NO IPSEC: no-ipsec (the GRE goes in clear)" : "FAILS: \(d.outcome)")\n"
            for s in d.steps {
                out += t.wrap("\(s.router): \(s.text)", indent: "    ", firstPrefix: "  - ", dimmed: false)
            }
            if d.keyUnverified { out += "  (keys are encrypted and could not be compared)\n" }
            for b in d.problemsBehind {
                out += t.wrap("behind it: \(b.outcome): \(b.problem)", indent: "    ", firstPrefix: "  - ", dimmed: false)
            }
            if !d.fixLines.isEmpty {
                out += "  Fix on \(d.fixRouter ?? d.responder):\n"
                for l in d.fixLines { out += "    \(l)\n" }
                if let after = d.outcomeAfterFix {
                    out += "  Simulated again with the fix: \(after == "establishes" ? "establishes" : "still fails (\(after))")\n"
                }
            }
        }
        if !c.findings.isEmpty {
            out += "\nFindings\n"
            for (i, f) in c.findings.enumerated() { out += "\n" + t.renderFinding(f, number: i + 1) }
        }
        return TextWriter.neutralized(out, keepingEscape: color)
    }

    public static func json(_ c: ConfigCheck) -> String {
        var tunnels: [JSON] = []
        for d in c.directions {
            tunnels.append(.object([
                "initiator": .string(d.initiator),
                "responder": .string(d.responder),
                "peer": .string(d.peerAddress),
                "ikeVersion": .int(d.ikeVersion),
                "outcome": .string(d.outcome),
                "steps": .array(d.steps.map { s in
                    .object(["router": .string(s.router), "text": .string(s.text), "lines": .array(s.lines.filter { $0 > 0 }.map(JSON.int))])
                }),
                "fix": d.fixLines.isEmpty ? .null : .object(["router": .str(d.fixRouter), "lines": .array(d.fixLines.map(JSON.string))]),
                "outcomeAfterFix": .str(d.outcomeAfterFix),
                "unpredictable": .str(d.unpredictable),
                "keysVerified": .bool(!d.keyUnverified),
                "findings": .array(d.outcome == "establishes" ? [] : ([d.outcome] + d.problemsBehind.map(\.outcome)).map(JSON.string)),
                "problemsBehind": .array(d.problemsBehind.map { .object(["outcome": .string($0.outcome), "problem": .string($0.problem)]) }),
            ]))
        }
        let value: JSON = .object([
            "tool": .object(["name": .string("ikelens"), "version": .string(IKELens.version)]),
            "routers": .array(c.routers.map { .object(["file": .string($0.file), "hostname": .string($0.hostname)]) }),
            "tunnels": .array(tunnels),
            "findings": .array(c.findings.map(JSONReport.findingJSON)),
        ])
        return value.pretty() + "\n"
    }

    /// `2 keyrings`, `1 keyring and global keys`, `global keys only` (global `crypto isakmp key`s
    /// live in the implicit keyring `default`).
    static func keyringsText(_ r: RouterConfig) -> String {
        let named = r.keyrings.filter { $0.name != "default" }.count
        let global = r.keyrings.contains { $0.name == "default" && !$0.entries.isEmpty }
        if named == 0 { return global ? "global keys only" : "0 keyrings" }
        return "\(named) keyring\(named == 1 ? "" : "s")\(global ? " and global keys" : "")"
    }
}
