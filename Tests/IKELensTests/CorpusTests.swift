import Foundation
import Testing
@testable import IKELens

/// Real public logs from `../shared/corpus/real/`, read in place; skipped
/// where the folder is absent.
@Suite(.enabled(if: Fixture.corpusAvailable, "../shared/corpus/real is not present"))
struct CorpusTests {
    static func analyze(_ name: String) -> Analysis {
        let url = Fixture.corpus.appendingPathComponent(name)
        return Analysis.diagnose([Fixture.device(Fixture.bytes(url), file: name)])
    }

    static func file(_ prefix: String) -> String {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: Fixture.corpus.path)) ?? []
        return all.first { $0.hasPrefix(prefix) } ?? prefix
    }

    @Test func everyLogParsesWithoutLosingALine() throws {
        let all = try FileManager.default.contentsOfDirectory(atPath: Fixture.corpus.path).filter { $0.hasSuffix(".log") }
        #expect(all.count >= 21)
        for name in all {
            let bytes = Fixture.bytes(Fixture.corpus.appendingPathComponent(name))
            let whole = Fixture.device(bytes, file: name)
            let chunked = Fixture.device(bytes, file: name, chunking: .random(seed: 5))
            #expect(whole.stats == chunked.stats, "\(name)")
            #expect(whole.stats.recognized + whole.stats.unrecognized == whole.stats.lines)
            #expect(whole.sas.count == chunked.sas.count, "\(name)")
        }
    }

    @Test func labeledIKEv1OutcomesAreDiagnosed() {
        // wrong-psk: a lone IKMP_BAD_MESSAGE line.
        #expect(Self.analyze(Self.file("21-")).findings.map(\.id) == ["psk-mismatch"])
        // success: phase 1 and quick mode complete, no error.
        let ok = Self.analyze(Self.file("07-"))
        #expect(ok.errorCount == 0)
        #expect(ok.devices[0].sas.contains { $0.phase1 == .complete && $0.quickModes.contains { $0.result == .complete } })
        let responder = Self.analyze(Self.file("20-"))
        #expect(responder.errorCount == 0)
        #expect(responder.devices[0].sas.contains { $0.quickModes.contains { $0.result == .complete } })
        // Initiator refused in quick mode (PROPOSAL_NOT_CHOSEN received).
        #expect(Self.analyze(Self.file("09-")).findings.map(\.id).contains("qm-refused-by-peer"))
        // PFS mismatch seen from the initiator: the peer refuses quick mode.
        #expect(Self.analyze(Self.file("01-")).findings.map(\.id).contains("qm-refused-by-peer"))
        // The responder that refuses with error 32 rejects the quick mode.
        let hub = Self.analyze(Self.file("10-"))
        #expect(hub.devices[0].sas.first?.quickModes.contains { $0.result == .rejected } == true)
        #expect(hub.devices[0].sas.first?.phase1 == .complete)
    }

    struct Outcome: Sendable, CustomTestStringConvertible {
        let prefix: String
        let findings: [String]
        var testDescription: String { prefix }
    }

    /// The labeled outcome of every IOS / IOS-XE log, as `INDEX.md` states it
    /// (success: no error; excerpts that end before the failure: no finding).
    static let outcomes: [Outcome] = [
        Outcome(prefix: "01-", findings: ["qm-refused-by-peer", "lifetime-mismatch", "no-profile-match"]),
        Outcome(prefix: "04-", findings: ["invalid-spi"]),
        Outcome(prefix: "05-", findings: []),
        Outcome(prefix: "06-", findings: ["no-psk"]),
        Outcome(prefix: "07-", findings: ["no-profile-match"]),
        Outcome(prefix: "08-", findings: ["weak-algorithms"]),
        Outcome(prefix: "09-", findings: ["qm-refused-by-peer"]),
        Outcome(prefix: "10-", findings: ["qm-no-matching-map"]),
        Outcome(prefix: "11-", findings: ["ikev2-no-proposal-chosen"]),
        Outcome(prefix: "12-", findings: ["ikev2-peer-id-check-failed"]),
        Outcome(prefix: "13-", findings: ["ikev2-profile-not-found"]),
        Outcome(prefix: "14-", findings: ["ikev2-cert-failed"]),
        Outcome(prefix: "15-", findings: []),
        Outcome(prefix: "16-", findings: ["peer-unreachable"]),
        Outcome(prefix: "17-", findings: []),
        Outcome(prefix: "20-", findings: []),
        Outcome(prefix: "21-", findings: ["psk-mismatch"]),
    ]

    @Test(arguments: outcomes)
    func labeledOutcomeIsDiagnosed(_ o: Outcome) {
        let analysis = Self.analyze(Self.file(o.prefix))
        #expect(analysis.findings.map(\.id) == o.findings)
    }

    /// The finding `id` of the real log whose name starts with `prefix`.
    static func finding(_ prefix: String, _ id: String) throws -> Finding {
        try #require(analyze(file(prefix)).findings.first { $0.id == id })
    }

    /// What a senior engineer's reading of the real logs found said wrongly, said rightly now.
    @Test func explanationsSayWhatTheRealLogsShow() throws {
        // 04: the operator's own `clear cry sa` (line 1) made the invalid SPIs; the tunnel re-formed.
        let spi = try Self.finding("04-", "invalid-spi")
        #expect(spi.summary.contains("HQ cleared (`clear cry sa`, line 1)"))
        #expect(!spi.fix.contains("clear crypto sa peer"))
        #expect(spi.explanation.contains("A quick mode with 103.1.1.1 completed after it (line 194)"))
        // 10: no `debug crypto ipsec` output, so error 32's causes cannot be told apart.
        let map = try Self.finding("10-", "qm-no-matching-map")
        #expect(map.summary.contains("most likely no crypto map entry"))
        #expect(map.explanation.contains("`debug crypto ipsec` was not running"))
        // 08: the weak one of each pair (not SHA-1), the DH groups, and every line counted.
        let weak = try Self.finding("08-", "weak-algorithms")
        #expect(weak.summary.hasSuffix("(3des, md5, DH group 2, DH group 5)"))
        #expect(weak.explanation.contains("printed 12 messages"))
        #expect(weak.fix.contains("no crypto isakmp default policy"))
        // 01: the M-ID as IOS printed it too; error 256 covers PFS.
        let refused = try Self.finding("01-", "qm-refused-by-peer")
        #expect(refused.explanation.contains("M-ID 3405673996 (-889293300)"))
        #expect(refused.fix.contains("256 = transform set or PFS"))
        // 09: behind NAT, the peer's debug condition needs the translated address.
        let nat = try Self.finding("09-", "qm-refused-by-peer")
        #expect(nat.fix.contains("condition peer ipv4 <this router's address after NAT, not 172.16.0.2>"))
        // 11: the first line deletes a session the log does not show: no SA; IPv6 selectors.
        let v6 = Self.analyze(Self.file("11-"))
        #expect(v6.devices[0].sas.count == 1)
        #expect(v6.findings.first?.fix.contains("a VTI proposes ::/0 selectors") == true)
        // 14: an ASA sends its chain by the crypto map's trustpoint, not a remote-access command.
        let cert = try Self.finding("14-", "ikev2-cert-failed")
        #expect(cert.fix.contains("`crypto map <map> <seq> set trustpoint <trustpoint> chain`"))
        #expect(!cert.fix.contains("remote-access"))
        // 21: one syslog line: which message failed is inferred, and the summary says so.
        #expect(Self.analyze(Self.file("21-")).findings[0].summary.hasPrefix("Pre-shared keys most likely differ"))
        // IKEv2 findings name the session, not a conn-id.
        let v2 = Self.analyze(Self.file("13-"))
        #expect(v2.findings[0].ikeVersion == 2)
        var report = TextReport(color: false)
        report.width = 100
        #expect(report.render(v2).contains("· IKEv2 session 172"))
    }

    @Test func asaLogsAreRefusedWithAClearMessage() {
        let a = LogAnalyzer(file: "asa.log")
        a.feed(Fixture.bytes(Fixture.corpus.appendingPathComponent(Self.file("02-"))))
        let d = a.finish()
        #expect(CommandLineTool.inputProblem(d, a)?.contains("Cisco ASA log") == true)
    }

    @Test func iosLogsAreMostlyRecognized() {
        // IKEv1 IOS / IOS-XE logs: at most 5% unrecognized lines overall.
        var lines = 0, unrecognized = 0
        for prefix in ["01-", "04-", "05-", "06-", "07-", "08-", "09-", "10-", "11-", "13-", "14-", "15-", "16-", "17-", "20-", "21-"] {
            let d = Self.analyze(Self.file(prefix)).devices[0]
            lines += d.stats.lines
            unrecognized += d.stats.unrecognized
        }
        #expect(lines > 0)
        #expect(Double(unrecognized) <= Double(lines) * 0.05, "\(unrecognized) of \(lines) lines unrecognized")
    }
}
