#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IKELens

// Benchmark, not a test: generates a busy head-end log with known truth,
// analyzes it in process and as a whole `ikelens` process, checks the answer,
// prints MB/s and peak memory. Usage:
//   swift run -c release ikelens-bench [--mb N] [--keep PATH] [--binary PATH] [--write-sample PATH --sas N]

func arg(_ name: String) -> String? {
    let a = CommandLine.arguments
    guard let i = a.firstIndex(of: name), i + 1 < a.count else { return nil }
    return a[i + 1]
}

let usage = """
    usage: ikelens-bench [--mb N] [--keep PATH] [--binary PATH] [--sequential]
           ikelens-bench --stages FILE [--only WORD] [--analysis-only]
           ikelens-bench --write-sample PATH [--sas N]
    Generates a busy head-end log of N MB (default 200) with known truth, analyzes it in process
    and as an `ikelens` process (--format json, ndjson), checks the answer against the generator's,
    and prints MB/s, peak memory and the time ratio to `grep -c ISAKMP`. Build with -c release.
    """

// Every argument is checked before anything runs: a mistyped option must not start a 200 MB run.
do {
    let valued: Set = ["--mb", "--keep", "--binary", "--stages", "--only", "--write-sample", "--sas"]
    let flags: Set = ["--sequential", "--analysis-only"]
    var i = 1
    let a = CommandLine.arguments
    while i < a.count {
        if a[i] == "-h" || a[i] == "--help" { print(usage); exit(0) }
        if flags.contains(a[i]) { i += 1; continue }
        guard valued.contains(a[i]), i + 1 < a.count else {
            FileHandle.standardError.write(Data("ikelens-bench: \(valued.contains(a[i]) ? "missing value for" : "unknown argument") '\(a[i])'\n\(usage)\n".utf8))
            exit(2)
        }
        if ["--mb", "--sas"].contains(a[i]), Int(a[i + 1]).map({ $0 > 0 }) != true {
            FileHandle.standardError.write(Data("ikelens-bench: \(a[i]) wants a positive whole number, not '\(a[i + 1])'\n".utf8))
            exit(2)
        }
        i += 2
    }
}

func peakRSSKiB() -> Int {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? -1
    }
    return -1
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

// Writing a sample for SampleLogs/: a fixed number of SAs, small.
if let path = arg("--write-sample") {
    let sas = Int(arg("--sas") ?? "200") ?? 200
    var gen = BusyRouterLog(seed: 7, hostname: "HUB", concurrency: 25)
    var data: [UInt8] = []
    let truth = gen.generate(maxSAs: sas) { data.append(contentsOf: $0) }
    _ = FileManager.default.createFile(atPath: path, contents: Data(data))
    print("wrote \(path): \(truth.sas) SAs, \(truth.lines) lines, \(truth.bytes) bytes, findings \(truth.findings.sorted { $0.key < $1.key })")
    exit(0)
}

// Stage timing on an existing file: framing, records, events, full analysis.
if let path = arg("--stages") {
    print("sizes: Correlator \(MemoryLayout<Correlator>.size), Event \(MemoryLayout<Event>.size), EventKind \(MemoryLayout<EventKind>.size), SecurityAssociation \(MemoryLayout<SecurityAssociation>.size), StateStep \(MemoryLayout<StateStep>.stride), QuickMode \(MemoryLayout<QuickMode>.stride), Stamp \(MemoryLayout<Stamp>.size), Record \(MemoryLayout<Record>.size)")
    var data: [UInt8] = []
    try? InputReader.stream(path) { data.append(contentsOf: $0) }
    // `--only WORD`: run just the stages whose name contains WORD (for a profiler).
    let only = arg("--only")
    func time(_ name: String, _ body: () -> Int) {
        if let only, !name.contains(only) { return }
        let s = now()
        let n = body()
        let t = now() - s
        print(String(format: "%-28@ %.3f s  %6.0f MB/s  (%d)", name as NSString, t, Double(data.count) / 1e6 / t, n))
    }
    if CommandLine.arguments.contains("--analysis-only") {
        time("analysis") {
            let a = LogAnalyzer(file: path)
            data.withUnsafeBytes { a.feed($0) }
            return a.finishAll().reduce(0) { $0 + $1.findings.count }
        }
        exit(0)
    }
    time("lines (LineFramer)") {
        var f = LineFramer(); var n = 0
        data.withUnsafeBytes { f.feed($0) { _, _, _ in n += 1 } }
        return n
    }
    time("records (+RecordAssembler)") {
        var f = LineFramer(); var a = RecordAssembler(); var n = 0
        data.withUnsafeBytes { f.feed($0) { l, num, cut in a.push(l, number: num, cut: cut) { _, _ in n += 1 } } }
        return n
    }
    time("events (+EventParser)") {
        var f = LineFramer(); var a = RecordAssembler(); let p = EventParser(); var n = 0
        data.withUnsafeBytes { f.feed($0) { l, num, cut in a.push(l, number: num, cut: cut) { r, _ in n += p.parse(r).firstLine & 1 } } }
        return n
    }
    var events: [Event] = []
    if only == nil || "correlator alone".contains(only!) {
        var f = LineFramer(); var a = RecordAssembler(); let p = EventParser()
        data.withUnsafeBytes { f.feed($0) { l, num, cut in a.push(l, number: num, cut: cut) { r, _ in events.append(p.parse(r)) } } }
    }
    time("correlator alone") {
        var c = Correlator(device: "x", file: "x")
        for e in events { c.add(e) }
        c.finish()
        return c.saCount
    }
    for parallel in [true, false] {
        time(parallel ? "analysis, parallel parse (1 MiB chunks)" : "analysis, one thread (1 MiB chunks)") {
            let a = LogAnalyzer(file: path, parallel: parallel)
            var i = 0
            while i < data.count {
                let n = min(InputReader.chunkSize, data.count - i)
                data[i..<(i + n)].withUnsafeBytes { a.feed($0) }
                i += n
            }
            return a.finishAll().reduce(0) { $0 + $1.findings.count }
        }
    }
    time("analysis (+Correlator, diagnosis)") {
        let a = LogAnalyzer(file: path)
        data.withUnsafeBytes { a.feed($0) }
        return a.finishAll().reduce(0) { $0 + $1.findings.count }
    }
    // The reports alone, on an analysis made beforehand (untimed).
    if only == nil || ["report, text", "report, text (color)", "report, json"].contains(where: { $0.contains(only!) }) {
        let a = LogAnalyzer(file: path)
        data.withUnsafeBytes { a.feed($0) }
        let analysis = Analysis.diagnose(a.finishAll())
        time("report, text") {
            var n = 0
            TextReport(color: false).render(analysis) { n += $0.count }
            return n
        }
        time("report, text (color)") {
            var n = 0
            TextReport(color: true).render(analysis) { n += $0.count }
            return n
        }
        time("report, json") {
            var n = 0
            JSONReport.write(analysis) { n += $0.count }
            return n
        }
    }
    exit(0)
}

let megabytes = Int(arg("--mb") ?? "200") ?? 200
let path = arg("--keep") ?? NSTemporaryDirectory() + "ikelens-bench-\(getpid()).log"
print("generating \(megabytes) MB busy-router log at \(path) …")
guard let file = fopen(path, "w") else { print("cannot write \(path)"); exit(2) }
var gen = BusyRouterLog(seed: 42, hostname: "HUB", concurrency: 200)
let truth = gen.generate(targetBytes: megabytes * 1_000_000) { chunk in
    chunk.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
}
fclose(file)
print("  \(truth.sas) SAs, \(truth.lines) lines, \(truth.bytes) bytes")

func check(_ analysis: Analysis) -> Bool {
    var ok = true
    let sas = analysis.devices.flatMap(\.sas)
    if sas.count != truth.sas { print("  WRONG: \(sas.count) SAs, expected \(truth.sas)"); ok = false }
    let complete = sas.filter { $0.phase1 == .complete }.count
    if complete != truth.phase1Complete { print("  WRONG: \(complete) phase 1 complete, expected \(truth.phase1Complete)"); ok = false }
    var counts: [String: Int] = [:]
    for f in analysis.findings { counts[f.id, default: 0] += 1 }
    if counts != truth.findings { print("  WRONG: findings \(counts.sorted { $0.key < $1.key }), expected \(truth.findings.sorted { $0.key < $1.key })"); ok = false }
    return ok
}

// 1. In process: read, parse, correlate, diagnose.
let t0 = now()
let analyzer = LogAnalyzer(file: path, parallel: !CommandLine.arguments.contains("--sequential"))
do {
    try InputReader.stream(path) { analyzer.feed($0) }
} catch {
    print("read failed: \(error)"); exit(2)
}
let device = analyzer.finish()
let analysis = Analysis.diagnose([device])
let t1 = now()
let mbps = Double(truth.bytes) / 1e6 / (t1 - t0)
let correct = check(analysis)
print(String(format: "in process: %.2f s, %.0f MB/s, peak RSS %d MiB, %d SAs, %d findings, output %@",
             t1 - t0, mbps, peakRSSKiB() / 1024, device.sas.count, analysis.findings.count, correct ? "correct" : "WRONG"))

// 2. As a whole process: `ikelens analyze --format json FILE > /dev/null`, and grep for scale.
func runTimed(_ command: String) -> (Double, Int32) {
    let s = now()
    let status = system(command)
    return (now() - s, status)
}
let binary = arg("--binary") ?? {
    let me = CommandLine.arguments[0]
    let dir = (me as NSString).deletingLastPathComponent
    return dir + "/ikelens"
}()
/// Reads a report file line by line (without holding it).
func eachLine(_ file: String, _ body: (Substring) -> Void) {
    var carry: [UInt8] = []
    try? InputReader.stream(file) { chunk in
        var start = chunk.startIndex
        for i in chunk.indices where chunk[i] == 0x0A {
            carry.append(contentsOf: chunk[start..<i])
            body(Substring(String(decoding: carry, as: UTF8.self)))
            carry.removeAll(keepingCapacity: true)
            start = i + 1
        }
        carry.append(contentsOf: chunk[start...])
    }
    if !carry.isEmpty { body(Substring(String(decoding: carry, as: UTF8.self))) }
}

/// The value of `"key": "value"` / `"key":"value"` at the start of `rest`.
func quoted(after key: String, in line: Substring) -> Substring? {
    guard let r = line.range(of: key) else { return nil }
    let tail = line[r.upperBound...]
    guard let end = tail.firstIndex(of: "\"") else { return nil }
    return tail[..<end]
}

/// The `--format json` report against the truth: SAs are the objects with a
/// `number` key (indent 6), findings the objects with an `id` key (indent 6).
func checkJSONReport(_ file: String) -> Bool {
    var sas = 0, complete = 0
    var counts: [String: Int] = [:]
    eachLine(file) { line in
        if line.hasPrefix("      \"number\": ") { sas += 1 }
        if line == "      \"phase1\": \"complete\"," { complete += 1 }
        if line.hasPrefix("      \"id\": \""), let id = quoted(after: "      \"id\": \"", in: line) { counts[String(id), default: 0] += 1 }
    }
    return compare("json report", sas: sas, complete: complete, findings: counts)
}

/// The NDJSON lines against the truth: every SA (concluded or open; an SA that
/// concludes again, a failed rekey, has a line each time: its last counts), every finding once.
func checkNDJSON(_ file: String) -> Bool {
    var phase1Complete: [String: Bool] = [:]
    var counts: [String: Int] = [:]
    eachLine(file) { line in
        if line.hasSuffix("\"type\":\"sa\",\"version\":1}") || line.hasSuffix("\"type\":\"sa\",\"version\":2}") {
            guard let r = line.range(of: "\"number\":") else { return }
            let number = line[r.upperBound...].prefix { $0.isNumber }
            let device = quoted(after: "\"device\":\"", in: line) ?? ""
            phase1Complete["\(device) \(number)"] = line.contains("\"phase1\":\"complete\"")
        } else if line.hasSuffix("\"type\":\"finding\"}"), let id = quoted(after: ",\"id\":\"", in: line) {
            counts[String(id), default: 0] += 1
        }
    }
    return compare("ndjson", sas: phase1Complete.count, complete: phase1Complete.values.filter { $0 }.count, findings: counts)
}

func compare(_ what: String, sas: Int, complete: Int, findings: [String: Int]) -> Bool {
    var ok = true
    if sas != truth.sas { print("  WRONG (\(what)): \(sas) SAs, expected \(truth.sas)"); ok = false }
    if complete != truth.phase1Complete { print("  WRONG (\(what)): \(complete) phase 1 complete, expected \(truth.phase1Complete)"); ok = false }
    if findings != truth.findings {
        print("  WRONG (\(what)): findings \(findings.sorted { $0.key < $1.key }), expected \(truth.findings.sorted { $0.key < $1.key })")
        ok = false
    }
    return ok
}

var processesCorrect = true
if FileManager.default.isExecutableFile(atPath: binary) {
    // Outputs go to a file (the page cache), then are checked against the truth, untimed.
    let out = path + ".out"
    defer { unlink(out) }
    let (t, status) = runTimed("/usr/bin/time -f '%M' -o /tmp/ikelens-bench-rss '\(binary)' analyze --format json '\(path)' > '\(out)'")
    let rss = (try? String(contentsOfFile: "/tmp/ikelens-bench-rss", encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) } ?? -1
    let jsonOK = checkJSONReport(out)
    print(String(format: "process, --format json: %.2f s, %.0f MB/s, peak RSS %d MiB (exit %d), output %@", t, Double(truth.bytes) / 1e6 / t, rss / 1024,
                 status >> 8, jsonOK ? "correct" : "WRONG"))
    let (tn, _) = runTimed("/usr/bin/time -f '%M' -o /tmp/ikelens-bench-rss '\(binary)' analyze --format ndjson '\(path)' > '\(out)'")
    let rssN = (try? String(contentsOfFile: "/tmp/ikelens-bench-rss", encoding: .utf8))?.split(separator: "\n").last.flatMap { Int($0) } ?? -1
    let ndjsonOK = checkNDJSON(out)
    print(String(format: "process, --format ndjson (streaming): %.2f s, %.0f MB/s, peak RSS %d MiB, output %@", tn, Double(truth.bytes) / 1e6 / tn,
                 rssN / 1024, ndjsonOK ? "correct" : "WRONG"))
    processesCorrect = jsonOK && ndjsonOK
    // What the full report keeps per SA: its peak over the streaming run's, shared out.
    print(String(format: "full report's summary per SA: %.0f bytes ((json peak − ndjson peak) / SAs)",
                 Double((rss - rssN) * 1024) / Double(max(truth.sas, 1))))
    let (g, _) = runTimed("grep -c ISAKMP '\(path)' > /tmp/ikelens-bench-grep")
    print(String(format: "grep -c ISAKMP: %.2f s, %.0f MB/s; ikelens/grep time ratio %.1f", g, Double(truth.bytes) / 1e6 / g, t / g))
} else {
    print("(no ikelens binary at \(binary); build it to time the whole process)")
}
if arg("--keep") == nil { unlink(path) }
exit(correct && processesCorrect ? 0 : 1)
