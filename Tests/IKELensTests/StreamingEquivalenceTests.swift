import Foundation
import Testing
@testable import IKELens

/// Streaming output (`--format ndjson`, and `--follow`, which share `LogAnalyzer`'s streaming
/// path: each SA diagnosed and reported as it concludes, then let go) says what the whole
/// report (`--format json`) says: the same findings, and each SA with the same phase 1 result.
/// The differences by design: a failure that did not last is told first as it was, then by a
/// `recovered` object that lowers its errors to warnings (the whole report lowers them in place);
/// an SA's quick modes are those up to its last report (see `compare`).
@Suite struct StreamingEquivalenceTests {
    /// What the tests compare: the findings; per SA (device and number) its facts; and per SA,
    /// its quick modes by first line, with what each came to.
    struct Outcome {
        var findings: [String]
        var sas: [String: String]
        var quickModes: [String: [Int: String]]
    }

    /// One finding as compared.
    static func key(id: Any?, device: Any?, peer: Any?, connId: Any?, sa: Any?, severity: Any?) -> String {
        "\(id ?? "-") \(severity ?? "-") \(device ?? "-") peer \(peer ?? "-") conn-id \(connId ?? "-") SA #\(sa ?? "-")"
    }

    static func name(_ o: [String: Any]) -> String { "\(o["device"] ?? "-") SA #\(o["number"] ?? "-")" }

    /// One SA's facts: phase 1, role, peer, conn-id, deleted, its findings.
    static func facts(_ o: [String: Any]) -> String {
        "phase 1 \(o["phase1"] ?? "-"), \(o["role"] ?? "-"), peer \(o["peer"] ?? "-"), conn-id \(o["connId"] ?? "-"),"
            + " deleted \(o["deleted"] ?? "-"), findings \((o["findings"] as? [String]) ?? [])"
    }

    static func objects(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func quickModes(_ o: [String: Any]) -> [Int: String] {
        var out: [Int: String] = [:]
        for q in (o["quickModes"] as? [[String: Any]]) ?? [] { out[(q["firstLine"] as? Int) ?? 0] = "\(q["result"] ?? "-")" }
        return out
    }

    /// The whole report's outcome.
    static func whole(_ json: String) -> Outcome {
        let top = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:]
        let findings = ((top["findings"] as? [[String: Any]]) ?? []).map {
            key(id: $0["id"], device: $0["device"], peer: $0["peer"], connId: $0["connId"], sa: $0["sa"], severity: $0["severity"])
        }
        var out = Outcome(findings: findings.sorted(), sas: [:], quickModes: [:])
        for s in (top["sas"] as? [[String: Any]]) ?? [] {
            out.sas[name(s)] = facts(s)
            out.quickModes[name(s)] = quickModes(s)
        }
        return out
    }

    /// The streaming output's outcome: `recovered` objects lower the errors of the findings they
    /// name; the last `sa` object of an SA gives its facts. An SA reported again carries the
    /// quick modes since: they are gathered, the last word on each kept.
    static func streamed(_ ndjson: String) -> Outcome {
        let all = objects(ndjson)
        var recovered = Set<String>()
        for r in all where r["type"] as? String == "recovered" {
            for id in (r["findings"] as? [String]) ?? [] { recovered.insert("\(r["device"] ?? "-") \(r["sa"] ?? "-") \(id)") }
        }
        let findings = all.filter { $0["type"] as? String == "finding" }.map { f -> String in
            var severity = f["severity"]
            if severity as? String == "error", recovered.contains("\(f["device"] ?? "-") \(f["sa"] ?? "-") \(f["id"] ?? "-")") { severity = "warning" }
            return key(id: f["id"], device: f["device"], peer: f["peer"], connId: f["connId"], sa: f["sa"], severity: severity)
        }
        var out = Outcome(findings: findings.sorted(), sas: [:], quickModes: [:])
        for s in all where s["type"] as? String == "sa" {
            out.sas[name(s)] = facts(s)
            out.quickModes[name(s), default: [:]].merge(quickModes(s)) { $1 }
        }
        return out
    }

    /// `streamed` against `whole`, for `log` read as `how`: the same findings, the same SAs with
    /// the same facts, and no quick mode the whole report does not have, nor one ended otherwise.
    /// (A quick mode may be missing, or shown still under way: a quick mode that ended as the one
    /// before it did, the same failure retried, is no news and not reported again.)
    static func compare(_ streamed: Outcome, _ whole: Outcome, _ log: String, _ how: String) {
        #expect(streamed.findings == whole.findings, "\(log), \(how): findings")
        #expect(Set(streamed.sas.keys) == Set(whole.sas.keys), "\(log), \(how): SAs")
        for (sa, facts) in whole.sas where streamed.sas[sa] != nil && streamed.sas[sa] != facts {
            Issue.record("\(log) \(sa), \(how): \(streamed.sas[sa]!); whole report: \(facts)")
        }
        for (sa, qms) in streamed.quickModes {
            for (line, result) in qms where whole.quickModes[sa]?[line] == nil || result != "incomplete" && whole.quickModes[sa]?[line] != result {
                Issue.record("\(log) \(sa), \(how): quick mode at line \(line) \(result); whole report: \(whole.quickModes[sa]?[line] ?? "none")")
            }
        }
    }

    /// Runs the command line in process, its output to a file; returns the output.
    static func run(_ args: [String]) throws -> String {
        try runWithStatus(args).output
    }

    /// `run`, with the exit status.
    static func runWithStatus(_ args: [String]) throws -> (output: String, status: Int32) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-streaming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (outPath, errPath) = (dir.appendingPathComponent("out").path, dir.appendingPathComponent("err").path)
        let (o, e) = (open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644), open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644))
        try #require(o >= 0 && e >= 0)
        let (out, err) = (FDWriter(fd: o), FDWriter(fd: e))
        let status = CommandLineTool(out: out, err: err, stdoutIsTerminal: false).run(args)
        out.flush()
        err.flush()
        close(o)
        close(e)
        return (String(decoding: Fixture.bytes(URL(fileURLWithPath: outPath)), as: UTF8.self), status)
    }

    /// The streaming path in process on one thread, fed in reads of `chunk` bytes as `--follow`
    /// reads a growing file, with the end-of-input `sa` objects the command line prints.
    static func followed(_ bytes: [UInt8], file: String, chunk: Int) -> String {
        let a = LogAnalyzer(file: file)
        a.streaming = true
        a.retireReported = true
        a.keepsTimelines = false
        var w = JSONWriter(capacity: 1 << 12, compact: true)
        a.onFinding = { JSONReport.write($0, to: &w, type: "finding"); w.endLine() }
        a.onConcluded = { JSONReport.write($0, to: &w, type: "sa"); w.endLine() }
        var recovered: [String] = []
        a.onRecovered = { r in
            recovered.append(CommandLineTool.ndjson("recovered", .object(["device": .string(r.device), "sa": .int(r.failedSA),
                                                                            "findings": .array(r.findingIds.map(JSON.string))])))
        }
        for at in stride(from: 0, to: bytes.count, by: chunk) { a.feed(Array(bytes[at..<min(bytes.count, at + chunk)])) }
        a.reachedEndForNow()
        let devices = a.finishAll()
        devices.forEachSA { sa in
            let open = sa.phase1 != .failed && (!sa.dormant || sa.quickModes.contains { $0.result == .incomplete })
            // (Those still open, and those that ended without being concluded as the log went.)
            if open || !sa.dormant { JSONReport.write(sa, to: &w, type: "sa", open: open); w.endLine() }
        }
        var text: [UInt8] = []
        w.drain(over: 0) { text.append(contentsOf: $0) }
        return String(decoding: text, as: UTF8.self) + recovered.joined()
    }

    /// The logs compared: every sample, and the real logs where present (`Fixture.corpus`).
    static func logs() -> [URL] {
        var urls = Fixture.sampleNames().map { Fixture.sampleLogs.appendingPathComponent("\($0).log") }
        if Fixture.corpusAvailable {
            let real = ((try? FileManager.default.contentsOfDirectory(atPath: Fixture.corpus.path)) ?? []).filter { $0.hasSuffix(".log") }.sorted()
            urls += real.map { Fixture.corpus.appendingPathComponent($0) }
        }
        return urls
    }

    @Test func ndjsonAndFollowTellWhatTheWholeReportTells() throws {
        let urls = Self.logs()
        #expect(urls.count >= 61)
        var compared = 0
        for url in urls {
            let json = try Self.run(["--format", "json", url.path])
            // (An input the reports refuse, a Cisco ASA log: no document to compare.)
            guard !json.isEmpty else { continue }
            compared += 1
            let whole = Self.whole(json)
            let log = url.lastPathComponent
            let ndjson = try Self.run(["--format", "ndjson", url.path])
            Self.compare(Self.streamed(ndjson), whole, log, "ndjson")
            let summary = Self.objects(ndjson).last { $0["type"] as? String == "summary" }
            #expect(summary?["findings"] as? Int == whole.findings.count, "\(log), ndjson: the summary's count of findings")
            // (Reads of a growing file end anywhere: an SA is reported between them.)
            for chunk in [4096, 333] {
                Self.compare(Self.streamed(Self.followed(Fixture.bytes(url), file: url.path, chunk: chunk)), whole, log, "followed in reads of \(chunk)")
            }
        }
        #expect(compared >= 61)
    }

    // MARK: damaged logs

    /// A damaged form of a sample: its name, and the bytes made from the sample's.
    struct Damage: CustomTestStringConvertible, Sendable {
        let sample: String
        let how: String
        let make: @Sendable ([UInt8]) -> [UInt8]
        var testDescription: String { "\(sample), \(how)" }
    }

    /// The sample's lines (without their ends).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
    }

    static func joined(_ lines: [[UInt8]]) -> [UInt8] {
        Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    /// Every stamp `Mmm dd hh:mm:ss` moved on by `hours` (a second capture of the same router, later).
    static func later(_ bytes: [UInt8], hours: Int) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var l = String(line)
            if let r = l.range(of: #"\d\d:\d\d:\d\d"#, options: .regularExpression), l.distance(from: l.startIndex, to: r.lowerBound) < 12 {
                let h = (Int(l[r.lowerBound..<l.index(r.lowerBound, offsetBy: 2)])! + hours) % 24
                l.replaceSubrange(r.lowerBound..<l.index(r.lowerBound, offsetBy: 2), with: String(format: "%02d", h))
            }
            out += l + "\n"
        }
        return Array(out.dropLast().utf8)
    }

    /// Damaged forms on which the two paths once disagreed (review rev22 #11), each a real way a
    /// log reaches IKELens damaged.
    static let damages: [Damage] = [
        // A responder's capture that lost the retry after it asked the initiator for another DH
        // group (`INVALID_KE_PAYLOAD`), the log going on a minute later with another session:
        // the whole report's `ikev2-no-proposal-chosen` (no retry came up), which streaming never
        // told (an SA concluding sees no other SA). (A log that ends within seconds of the answer
        // tells nothing of a retry: the diagnoser's non-triggering example.)
        Damage(sample: "ikev2-invalid-ke-retry-responder", how: "the retry lost, the log going on") {
            joined(Array(lines($0).prefix(22)) + [Array("*Mar  4 08:42:07.500: IKEv2:(SESSION ID = 9,SA ID = 1):Sending DPD/liveness query".utf8)])
        },
        // The same capture pasted twice, the second an hour later: the second ask's retry is
        // the session still up from the first copy (no later SA came up).
        // (The log goes on a minute after the second copy: see the damage above.)
        Damage(sample: "ikev2-invalid-ke-retry-responder", how: "pasted twice, an hour apart") {
            $0 + later($0, hours: 1) + Array("\n*Mar  4 09:42:07.500: IKEv2:(SESSION ID = 9,SA ID = 1):Sending DPD/liveness query\n".utf8)
        },
        // A long log of a flapping tunnel: down (IKEv2 rekey unanswered, `peer-dead`) and logged
        // up again (`%CRYPTO-5-IKEV2_SESSION_STATUS: … is UP`) six times, an hour apart. The
        // whole report read only the first 8 `SESSION_STATUS` messages of the peer: the failures
        // after the fourth stayed errors, which streaming (every message as it comes) recovered.
        Damage(sample: "ikev2-rekey-unanswered-recovered", how: "flapping six times, an hour apart") { bytes in
            (0..<6).flatMap { later(bytes, hours: $0) }
        },
        // Twelve times: streaming read a chunk's UP messages after all its SAs, and the failures
        // of the first flaps were forgotten (8 a peer) before any message recovered them.
        Damage(sample: "ikev2-rekey-unanswered-recovered", how: "flapping twelve times, an hour apart") { bytes in
            (0..<12).flatMap { later(bytes, hours: $0) }
        },
    ]

    /// The whole report and streaming output of a damaged log tell the same findings (the
    /// streaming ones' errors lowered by its `recovered` notes), and exit with the same status;
    /// so does the streaming path fed as `--follow` reads a growing file.
    @Test(arguments: damages)
    func damagedLogsStreamTheFindingsTheWholeReportTells(_ damage: Damage) throws {
        let bytes = damage.make(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(damage.sample).log")))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-damaged-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(damage.sample).log").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let (json, jsonStatus) = try Self.runWithStatus(["--format", "json", path])
        let (ndjson, ndjsonStatus) = try Self.runWithStatus(["--format", "ndjson", path])
        let whole = Self.whole(json)
        #expect(!whole.findings.isEmpty, "\(damage): the damaged form's findings")
        #expect(Self.streamed(ndjson).findings == whole.findings, "\(damage), ndjson: findings")
        #expect(ndjsonStatus == jsonStatus, "\(damage): exit status")
        for chunk in [4096, 333] {
            #expect(Self.streamed(Self.followed(bytes, file: path, chunk: chunk)).findings == whole.findings, "\(damage), followed in reads of \(chunk): findings")
        }
        Self.compare(Self.streamed(ndjson), whole, damage.testDescription, "ndjson")
    }
}
