/// The machine-readable report (`--format json`). Field names are a contract:
/// see the README. Unknown values are `null`, never omitted.
public enum JSONReport {
    public static func render(_ analysis: Analysis) -> String {
        var out = ""
        write(analysis) { out += $0 }
        return out
    }

    /// Writes the report piece by piece (one finding, one SA at a time), the
    /// same bytes as `value(_:).pretty()`, without holding the whole tree.
    public static func write(_ analysis: Analysis, to sink: (String) -> Void) {
        guard case let .object(top) = value(analysis, includeLists: false) else { return }
        sink("{\n")
        let keys = (Array(top.keys) + ["findings", "sas"]).sorted()
        for (k, key) in keys.enumerated() {
            var head = "  "
            var escaped: [UInt8] = []
            JSON.escape(key, into: &escaped)
            head += String(decoding: escaped, as: UTF8.self) + ": "
            let last = k == keys.count - 1
            if key == "findings" || key == "sas" {
                let count = key == "findings" ? analysis.findings.count : analysis.devices.reduce(0) { $0 + $1.sas.count }
                if count == 0 {
                    sink(head + "[]" + (last ? "\n" : ",\n"))
                    continue
                }
                sink(head + "[")
                var i = 0
                if key == "findings" {
                    for f in analysis.findings {
                        sink((i > 0 ? "," : "") + "\n    " + findingJSON(f).pretty(indent: 2))
                        i += 1
                    }
                } else {
                    for d in analysis.devices {
                        for sa in d.sas {
                            sink((i > 0 ? "," : "") + "\n    " + saJSON(sa).pretty(indent: 2))
                            i += 1
                        }
                    }
                }
                sink("\n  ]" + (last ? "\n" : ",\n"))
            } else {
                sink(head + top[key]!.pretty(indent: 1) + (last ? "\n" : ",\n"))
            }
        }
        sink("}\n")
    }

    public static func value(_ analysis: Analysis) -> JSON {
        value(analysis, includeLists: true)
    }

    static func value(_ analysis: Analysis, includeLists: Bool) -> JSON {
        var total = InputStats()
        var files: [JSON] = []
        for d in analysis.devices {
            let s = d.stats
            total.lines += s.lines; total.unrecognized += s.unrecognized; total.noise += s.noise
            total.truncated += s.truncated; total.invalidUTF8 += s.invalidUTF8; total.nul += s.nul; total.bytes += s.bytes
            files.append(.object([
                "file": .string(d.file), "device": .string(d.name), "bytes": .int(s.bytes),
                "lines": .int(s.lines), "recognized": .int(s.recognized), "unrecognized": .int(s.unrecognized),
                "noise": .int(s.noise), "truncated": .int(s.truncated), "invalidUTF8": .int(s.invalidUTF8),
                "nul": .int(s.nul),
            ]))
        }
        let input: JSON = .object([
            "lines": .int(total.lines), "recognized": .int(total.recognized), "unrecognized": .int(total.unrecognized),
            "noise": .int(total.noise), "truncated": .int(total.truncated), "invalidUTF8": .int(total.invalidUTF8),
            "nul": .int(total.nul), "bytes": .int(total.bytes), "files": .array(files),
        ])
        var sas: [JSON] = []
        var saCount = 0
        var phase1 = [Phase1Result.complete: 0, .failed: 0, .incomplete: 0]
        for d in analysis.devices {
            for sa in d.sas {
                if includeLists { sas.append(saJSON(sa)) }
                saCount += 1
                phase1[sa.phase1, default: 0] += 1
            }
        }
        var bySeverity: [String: JSON] = [:]
        for s in [Severity.error, .warning, .info] {
            bySeverity[s.rawValue] = .int(analysis.findings.filter { $0.severity == s }.count)
        }
        var top: [String: JSON] = [
            "tool": .object(["name": .string("ikelens"), "version": .string(IKELens.version)]),
            "input": input,
            "summary": .object([
                "devices": .int(analysis.devices.count),
                "sas": .int(saCount),
                "phase1": .object([
                    "complete": .int(phase1[.complete] ?? 0),
                    "failed": .int(phase1[.failed] ?? 0),
                    "incomplete": .int(phase1[.incomplete] ?? 0),
                ]),
                "findings": .object(bySeverity),
            ]),
        ]
        if includeLists {
            top["sas"] = .array(sas)
            top["findings"] = .array(analysis.findings.map(findingJSON))
        }
        return .object(top)
    }

    static func saJSON(_ sa: SecurityAssociation) -> JSON {
        .object([
            "device": .string(sa.device),
            "file": .string(sa.file),
            "version": .int(sa.version),
            "identity": .str(sa.peerIdentity),
            "exchanges": .array(sa.exchanges.map { x in
                .object([
                    "exchange": .string(x.name), "messageId": .num(x.messageID), "sent": .bool(x.sent),
                    "request": x.request.map(JSON.bool) ?? .null, "payloads": .str(x.payloads),
                    "line": .int(x.line), "time": .str(x.stamp?.text),
                ])
            }),
            "number": .int(sa.number),
            "connId": .num(sa.connId),
            "peer": .str(sa.peer),
            "local": .str(sa.local),
            "role": .str(sa.role?.rawValue),
            "phase1": .string(sa.phase1.rawValue),
            "state": .str(sa.state),
            "profile": .str(sa.profile),
            "keyring": .str(sa.keyring),
            "profileKeyring": .str(sa.profileKeyring),
            "natTraversal": .bool(sa.natTraversal),
            "retransmissions": .int(sa.retransmissions),
            "deleted": .bool(sa.deleted),
            "deleteReason": .str(sa.deleteReason),
            "states": .array(sa.states.map(stepJSON)),
            "start": .str(sa.start?.text),
            "end": .str(sa.end?.text),
            "firstLine": .int(sa.firstLine),
            "lastLine": .int(sa.lastLine),
            "quickModes": .array(sa.quickModes.map { q in
                .object([
                    "messageId": q.messageID == 0 ? .null : .int(Int(q.messageID)),
                    "result": .string(q.result.rawValue),
                    "states": .array(q.states.map(stepJSON)),
                    "localProxy": .str(q.localProxy),
                    "remoteProxy": .str(q.remoteProxy),
                    "transform": .str(q.transform),
                    "start": .str(q.start?.text),
                    "end": .str(q.end?.text),
                    "firstLine": .int(q.firstLine),
                ])
            }),
            "findings": .array(sa.findingIds.map(JSON.string)),
        ])
    }

    static func stepJSON(_ s: StateStep) -> JSON {
        .object(["from": .string(s.from), "to": .string(s.to), "time": .str(s.stamp?.text), "line": .int(s.line)])
    }

    public static func findingJSON(_ f: Finding) -> JSON {
        .object([
            "id": .string(f.id),
            "severity": .string(f.severity.rawValue),
            "device": .string(f.device),
            "peer": .str(f.peer),
            "connId": .num(f.connId),
            "sa": .num(f.saNumber),
            "summary": .string(f.summary),
            "explanation": .string(f.explanation),
            "fix": .string(f.fix),
            "evidence": .array(f.evidence.map { e in
                .object(["file": .string(e.file), "line": .int(e.line), "text": .string(e.text)])
            }),
        ])
    }
}

public enum IKELens {
    public static let version = "0.1.0"
}
