import Foundation

/// The machine-readable report (`--format json`). Field names are a contract:
/// see the README. Unknown values are `null`, never omitted.
public enum JSONReport {
    public static func render(_ analysis: Analysis) -> String {
        var out: [UInt8] = []
        write(analysis) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many bytes the report gathers before handing them to the sink.
    static let chunkSize = 1 << 16

    /// Writes the report in chunks of about `chunkSize` bytes, the same bytes
    /// as `value(_:).pretty()` plus a newline, without holding the whole tree:
    /// findings and SAs are written straight from the analysis.
    public static func write(_ analysis: Analysis, to sink: (UnsafeRawBufferPointer) -> Void) {
        guard case let .object(top) = value(analysis, includeLists: false) else { return }
        var w = JSONWriter(capacity: chunkSize + chunkSize / 4)
        w.beginObject()
        for key in (Array(top.keys) + ["findings", "sas"]).sorted() {
            w.key(string: key)
            switch key {
            case "findings":
                w.beginArray()
                var sideBySide = SideBySide()
                analysis.findings.withUnsafeBufferPointer { findings in
                    sideBySide.write(findings, batch: findingBatch, to: &w, sink) { f, w in write(f, to: &w) }
                }
                w.endArray()
            case "sas":
                w.beginArray()
                var sideBySide = SideBySide()
                for d in analysis.devices.indices {
                    analysis.devices[d].sas.withUnsafeBufferPointer { sas in
                        sideBySide.write(sas, batch: saBatch, to: &w, sink) { sa, w in write(sa, to: &w) }
                    }
                }
                w.endArray()
            default:
                w.value(top[key] ?? .null)
            }
        }
        w.endObject()
        w.endLine()
        w.drain(over: 0, to: sink)
    }

    public static func value(_ analysis: Analysis) -> JSON {
        value(analysis, includeLists: true)
    }

    /// SAs a batch, and findings (longer texts): each of `SideBySide`'s two writers renders one
    /// batch at a time.
    static let saBatch = 256, findingBatch = 64

    /// Elements of the array a writer has open, many rendered two batches at a time side by
    /// side on two threads (the parse thread's core is idle by now) into writers of their own
    /// and handed on in order through the first writer: the same bytes, in chunks of the same
    /// size, as one writer's.
    struct SideBySide: ~Copyable {
        private let pair = UnsafeMutablePointer<JSONWriter>.allocate(capacity: 2)
        private var live = false

        deinit {
            if live { pair.deinitialize(count: 2) }
            pair.deallocate()
        }

        /// `items` through `render`, as elements of the array `w` has open; fewer than two
        /// batches left are rendered on `w` itself.
        mutating func write<T>(_ items: UnsafeBufferPointer<T>, batch: Int, to w: inout JSONWriter, _ sink: (UnsafeRawBufferPointer) -> Void,
                               render: @Sendable (borrowing T, inout JSONWriter) -> Void) {
            guard let base = items.baseAddress else { return }
            var i = 0
            while i < items.count {
                if items.count - i < 2 * batch {
                    render(items[i], &w)
                    w.drain(over: chunkSize, to: sink)
                    i += 1
                    continue
                }
                if !live {
                    // (The first batch follows what `w` wrote, the second the first.)
                    for k in 0..<2 { (pair + k).initialize(to: JSONWriter(elementsOf: w, capacity: chunkSize)) }
                    pair[1].noteMembers()
                    live = true
                }
                let start = i
                nonisolated(unsafe) let items = base
                nonisolated(unsafe) let writers = pair
                DispatchQueue.concurrentPerform(iterations: 2) { k in
                    let from = start + k * batch
                    for j in from..<(from + batch) { render((items + j).pointee, &writers[k]) }
                }
                // (Through `w`, in pieces of the report's chunk size, as one writer's.)
                for k in 0..<2 { w.take(&pair[k]) }
                w.drain(pieces: chunkSize, to: sink)
                w.noteMembers()
                for k in 0..<2 { pair[k].noteMembers() }
                i += 2 * batch
            }
        }
    }

    static func value(_ analysis: Analysis, includeLists: Bool) -> JSON {
        var total = InputStats()
        var files: [JSON] = []
        for d in analysis.devices {
            let s = d.stats
            total.lines += s.lines; total.unrecognized += s.unrecognized; total.noise += s.noise
            total.truncated += s.truncated; total.invalidUTF8 += s.invalidUTF8; total.nul += s.nul; total.bytes += s.bytes
            var file: [String: JSON] = [
                "file": .string(d.file), "device": .string(d.name), "bytes": .int(s.bytes),
                "lines": .int(s.lines), "recognized": .int(s.recognized), "unrecognized": .int(s.unrecognized),
                "noise": .int(s.noise), "truncated": .int(s.truncated), "invalidUTF8": .int(s.invalidUTF8),
                "nul": .int(s.nul),
            ]
            // (Only when so: the log was listed newest first and read turned round.)
            if s.newestFirst { file["newestFirst"] = .bool(true) }
            files.append(.object(file))
        }
        let input: JSON = .object([
            "lines": .int(total.lines), "recognized": .int(total.recognized), "unrecognized": .int(total.unrecognized),
            "noise": .int(total.noise), "truncated": .int(total.truncated), "invalidUTF8": .int(total.invalidUTF8),
            "nul": .int(total.nul), "bytes": .int(total.bytes), "files": .array(files),
        ])
        var sas: [JSON] = []
        var saCount = 0
        var phase1 = [Phase1Result.complete: 0, .failed: 0, .incomplete: 0]
        analysis.devices.forEachSA { sa in
            if includeLists { sas.append(saJSON(sa)) }
            saCount += 1
            phase1[sa.phase1, default: 0] += 1
        }
        var bySeverity: [String: JSON] = [:]
        // (Counted in place: `filter` copied each finding, a retain of every text.)
        var severities = [Severity.error: 0, .warning: 0, .info: 0]
        analysis.findings.withUnsafeBufferPointer { findings in
            for i in findings.indices { severities[findings[i].severity, default: 0] += 1 }
        }
        for (s, n) in severities { bySeverity[s.rawValue] = .int(n) }
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
        guard case var .object(fields) = saFields(sa) else { return .null }
        // (Only when so: phase 1 not in the log, `debug crypto ipsec` alone, and its IPsec SAs
        // negotiated, which IOS does only over a complete phase 1.)
        if sa.phase1Implied { fields["phase1Implied"] = .bool(true) }
        return .object(fields)
    }

    private static func saFields(_ sa: SecurityAssociation) -> JSON {
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
            "keyring": .str(sa.keyKeyring),
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

// MARK: Direct writing
//
// The same documents as `saJSON`, `stepJSON` and `findingJSON`, written
// straight to bytes. Keys go in sorted (`String <`) order, as the tree
// writes them; a field added to one side must be added to the other
// (`JSONWriterTests` compares the two byte for byte).
extension JSONReport {
    /// `saJSON(sa)`, written to `w`; an NDJSON line adds its `type` and, for an SA
    /// still open at the end, `"open": true` (each in its sorted place).
    static func write(_ sa: borrowing SecurityAssociation, to w: inout JSONWriter, type: StaticString? = nil, open: Bool = false) {
        w.beginObject()
        w.field("connId", sa.connId)
        w.field("deleteReason", sa.deleteReason)
        w.field("deleted", sa.deleted)
        w.field("device", sa.device)
        w.field("end", sa.end)
        w.key("exchanges")
        w.beginArray()
        for x in sa.exchanges {
            w.beginObject()
            w.field("exchange", x.name)
            w.field("line", x.line)
            w.field("messageId", x.messageID)
            w.field("payloads", x.payloads)
            w.field("request", x.request)
            w.field("sent", x.sent)
            w.field("time", x.stamp)
            w.endObject()
        }
        w.endArray()
        w.field("file", sa.file)
        w.field("findings", sa.findingIds)
        w.field("firstLine", sa.firstLine)
        w.field("identity", sa.peerIdentity)
        w.field("keyring", sa.keyKeyring)
        w.field("lastLine", sa.lastLine)
        w.field("local", sa.local)
        w.field("natTraversal", sa.natTraversal)
        w.field("number", sa.number)
        if open { w.field("open", true) }
        w.field("peer", sa.peer)
        w.field("phase1", sa.phase1.rawValue)
        if sa.phase1Implied { w.field("phase1Implied", true) }
        w.field("profile", sa.profile)
        w.field("profileKeyring", sa.profileKeyring)
        w.key("quickModes")
        w.beginArray()
        for q in sa.quickModes {
            w.beginObject()
            w.field("end", q.end)
            w.field("firstLine", q.firstLine)
            w.field("localProxy", q.localProxy)
            w.field("messageId", q.messageID == 0 ? nil : Int(q.messageID))
            w.field("remoteProxy", q.remoteProxy)
            w.field("result", q.result.rawValue)
            w.field("start", q.start)
            w.key("states")
            write(q.states, to: &w)
            w.field("transform", q.transform)
            w.endObject()
        }
        w.endArray()
        w.field("retransmissions", sa.retransmissions)
        w.field("role", sa.role?.rawValue)
        w.field("start", sa.start)
        w.field("state", sa.state)
        w.key("states")
        write(sa.states, to: &w)
        if let type { w.key("type"); w.string(type) }
        w.field("version", sa.version)
        w.endObject()
    }

    /// `.array(steps.map(stepJSON))`, written to `w`.
    static func write(_ steps: [StateStep], to w: inout JSONWriter) {
        w.beginArray()
        for s in steps {
            w.beginObject()
            w.field("from", s.from)
            w.field("line", s.line)
            w.field("time", s.stamp)
            w.field("to", s.to)
            w.endObject()
        }
        w.endArray()
    }

    /// `findingJSON(f)`, written to `w` (an NDJSON line adds its `type`).
    static func write(_ f: borrowing Finding, to w: inout JSONWriter, type: StaticString? = nil) {
        w.beginObject()
        w.field("connId", f.connId)
        w.field("device", f.device)
        w.key("evidence")
        w.beginArray()
        for e in f.evidence {
            w.beginObject()
            w.field("file", e.file)
            w.field("line", e.line)
            w.field("text", e.text)
            w.endObject()
        }
        w.endArray()
        w.field("explanation", f.explanation)
        w.field("fix", f.fix)
        w.field("id", f.id)
        w.field("peer", f.peer)
        w.field("sa", f.saNumber)
        w.field("severity", f.severity.rawValue)
        w.field("summary", f.summary)
        if let type { w.key("type"); w.string(type) }
        w.endObject()
    }
}

public enum IKELens {
    public static let version = "0.1.0"
}
