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
