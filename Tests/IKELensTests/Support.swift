import Foundation
@testable import IKELens

/// Paths and helpers shared by the tests.
enum Fixture {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleLogs = packageRoot.appendingPathComponent("SampleLogs")
    static let corpus = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/real")

    static var corpusAvailable: Bool { FileManager.default.fileExists(atPath: corpus.path) }

    static func bytes(_ url: URL) -> [UInt8] {
        (try? [UInt8](Data(contentsOf: url))) ?? []
    }

    /// The sample whose every line already carries a syslog server's header, and no debug: a
    /// relay's header or a capture tool's prefix stacked in front of that one is not learned
    /// (capture prefixes are learned in front of a router's own lines), so the damage sweeps
    /// that stack one leave it out.
    static let syslogServerOnly = "tunnel-down-syslog-only"

    /// A sample log's text (`SampleLogs/<name>.log`).
    static func sampleText(_ name: String) -> String {
        String(decoding: bytes(sampleLogs.appendingPathComponent("\(name).log")), as: UTF8.self)
    }

    static func sampleNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: sampleLogs.path)) ?? []
        return files.filter { $0.hasSuffix(".log") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// How the bytes are handed to the analyzer.
    enum Chunking: CustomStringConvertible {
        case whole, bytewise, random(seed: UInt64)
        var description: String {
            switch self {
            case .whole: return "whole"
            case .bytewise: return "1-byte"
            case .random(let s): return "random(\(s))"
            }
        }
    }

    static func device(_ bytes: [UInt8], file: String = "test.log", chunking: Chunking = .whole, onEvent: ((Event) -> Void)? = nil) -> DeviceTimeline {
        let a = LogAnalyzer(file: file, keepAllText: onEvent != nil, onEvent: onEvent)
        feed(a, bytes, chunking: chunking)
        return a.finish()
    }

    /// Feeds `bytes` to the analyzer in the chunks `chunking` says.
    static func feed(_ a: LogAnalyzer, _ bytes: [UInt8], chunking: Chunking) {
        switch chunking {
        case .whole:
            a.feed(bytes)
        case .bytewise:
            for b in bytes { a.feed([b]) }
        case .random(let seed):
            var rng = SplitMix64(seed: seed)
            var i = 0
            while i < bytes.count {
                let n = 1 + Int(rng.next() % 97)
                a.feed(Array(bytes[i..<min(bytes.count, i + n)]))
                i += n
            }
        }
    }

    static func analyze(_ text: String, file: String = "test.log", chunking: Chunking = .whole) -> Analysis {
        Analysis.diagnose([device(Array(text.utf8), file: file, chunking: chunking)])
    }

    static func events(_ text: String) -> [Event] {
        var out: [Event] = []
        _ = device(Array(text.utf8), onEvent: { out.append($0) })
        return out
    }

    static func event(_ line: String) -> Event {
        let all = events(line)
        precondition(all.count == 1, "expected one event from \(line), got \(all.count)")
        return all[0]
    }
}

/// Mechanical variations of a log that must not change what is found.
enum Variation: CaseIterable, CustomStringConvertible {
    case asIs, crlf, noFinalNewline, wrappedAt80, unrelatedSAInterleaved, syslogPrefixed, noTimestamps

    var description: String {
        switch self {
        case .asIs: return "as is"
        case .crlf: return "CRLF"
        case .noFinalNewline: return "no final newline"
        case .wrappedAt80: return "wrapped at 80 columns"
        case .unrelatedSAInterleaved: return "unrelated SA interleaved"
        case .syslogPrefixed: return "syslog-prefixed"
        case .noTimestamps: return "no timestamps"
        }
    }

    func apply(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        switch self {
        case .asIs:
            return lines.joined(separator: "\n") + "\n"
        case .crlf:
            return lines.joined(separator: "\r\n") + "\r\n"
        case .noFinalNewline:
            return lines.joined(separator: "\n")
        case .wrappedAt80:
            // An 80-column terminal: every longer line continues on the next, mid-word.
            var out: [String] = []
            for l in lines {
                var rest = Substring(l)
                while rest.count > 80 {
                    out.append(String(rest.prefix(80)))
                    rest = rest.dropFirst(80)
                }
                out.append(String(rest))
            }
            return out.joined(separator: "\n") + "\n"
        case .unrelatedSAInterleaved:
            // A busy router: another SA's burst before every packet this one receives.
            var out: [String] = Variation.unrelatedBurst
            for l in lines {
                if l.contains("received packet") { out += Variation.unrelatedBurst }
                out.append(l)
            }
            out += Variation.unrelatedBurst
            return out.joined(separator: "\n") + "\n"
        case .syslogPrefixed:
            var n = 1000
            return lines.map { l -> String in
                guard l.first == "*" || l.hasPrefix("ISAKMP") || l.hasPrefix("%") || l.hasPrefix("IPSEC") || l.hasPrefix("map_db") else { return l }
                n += 1
                return "<191>\(n): R9: " + l
            }.joined(separator: "\n") + "\n"
        case .noTimestamps:
            return lines.map { l -> String in
                guard l.first == "*", let r = l.range(of: ": ") else { return l }
                return String(l[r.upperBound...])
            }.joined(separator: "\n") + "\n"
        }
    }

    static let unrelatedBurst = [
        "*Jan  2 03:04:05.006: ISAKMP (4242): received packet from 198.51.100.9 dport 500 sport 500 Global (R) QM_IDLE",
        "*Jan  2 03:04:05.006: ISAKMP:(4242): processing HASH payload. message ID = 77",
        "*Jan  2 03:04:05.007: ISAKMP:(4242):Node 77, Input = IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY",
        "*Jan  2 03:04:05.007: ISAKMP:(4242):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE",
    ]
}
