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

    @Test func iosLogsAreMostlyRecognized() {
        // IKEv1 IOS / IOS-XE logs: at most 5% unrecognized lines overall.
        var lines = 0, unrecognized = 0
        for prefix in ["01-", "04-", "05-", "06-", "07-", "08-", "09-", "10-", "16-", "17-", "20-", "21-"] {
            let d = Self.analyze(Self.file(prefix)).devices[0]
            lines += d.stats.lines
            unrecognized += d.stats.unrecognized
        }
        #expect(lines > 0)
        #expect(Double(unrecognized) <= Double(lines) * 0.05, "\(unrecognized) of \(lines) lines unrecognized")
    }
}
