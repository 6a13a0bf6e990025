import Foundation
import Testing
@testable import IKELens

/// The built `ikelens` binary, run as a user would.
@Suite(.serialized) struct CommandLineTests {
    struct Run {
        var status: Int32
        var out: String
        var err: String
    }

    static var binary: URL {
        // Tests run from the build directory, beside the executable.
        let me = URL(fileURLWithPath: CommandLine.arguments[0])
        var dir = me.deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" || dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        for candidate in [dir, dir.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("ikelens")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Fixture.packageRoot.appendingPathComponent(".build/debug/ikelens")
    }

    func run(_ args: [String], stdin: [UInt8]? = nil, environment: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.currentDirectoryURL = Fixture.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env.merge(environment) { $1 }
        p.environment = env
        let o = Pipe(), e = Pipe(), i = Pipe()
        p.standardOutput = o
        p.standardError = e
        p.standardInput = i
        try p.run()
        if let stdin { i.fileHandleForWriting.write(Data(stdin)) }
        try i.fileHandleForWriting.close()
        let out = o.fileHandleForReading.readDataToEndOfFile()
        let err = e.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: out, as: UTF8.self), err: String(decoding: err, as: UTF8.self))
    }

    @Test func binaryIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the package first: \(Self.binary.path)")
    }

    /// Every SA of the full report has its `sa` line in the stream, also one whose phase 1
    /// failed without a delete being logged (it is never concluded as the log goes).
    @Test func everySAHasItsNDJSONLine() throws {
        for name in ["no-psk-initiator", "r1-responder-keyring-mismatch", "ikev2-profile-not-found-responder"] {
            let json = try run(["--format", "json", "SampleLogs/\(name).log"])
            let nd = try run(["--format", "ndjson", "SampleLogs/\(name).log"])
            let full = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
            let sas = (full?["sas"] as? [[String: Any]]) ?? []
            let streamed = nd.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                .filter { $0["type"] as? String == "sa" }
            #expect(!sas.isEmpty, "\(name)")
            #expect(streamed.map { $0["number"] as? Int } == sas.map { $0["number"] as? Int }, "\(name)")
            #expect(streamed.map { $0["phase1"] as? String } == sas.map { $0["phase1"] as? String }, "\(name)")
        }
    }

    /// The same file named twice, however spelled, is read once.
    @Test func aFileNamedTwiceIsReadOnce() throws {
        let once = try run(["--format", "json", "SampleLogs/r2-responder-qm-error32.log"])
        let twice = try run(["--format", "json", "SampleLogs/r2-responder-qm-error32.log", "./SampleLogs/../SampleLogs/r2-responder-qm-error32.log"])
        #expect(twice.status == 1)
        #expect(twice.out == once.out)
    }

    /// A report that cannot be written (a full disk) is an error, not a silent success.
    @Test func anOutputThatCannotBeWrittenExitsTwo() throws {
        try #require(FileManager.default.fileExists(atPath: "/dev/full"))
        for args in [["SampleLogs/r1-initiator-success.log"], ["events", "SampleLogs/r1-initiator-success.log"]] {
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = args
            p.currentDirectoryURL = Fixture.packageRoot
            let e = Pipe()
            p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
            p.standardError = e
            try p.run()
            let err = e.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 2, "\(args)")
            #expect(String(decoding: err, as: UTF8.self) == "ikelens: cannot write the output: No space left on device\n")
        }
    }

    /// A key server's `show logging` of GDOI messages only is crypto output: analyzed, not refused
    /// as "no IKE/ISAKMP debug output".
    @Test func aGDOIOnlyLogIsAnalyzed() throws {
        let r = try run(["--color", "never", "SampleLogs/getvpn-ks-unauthorized-gm.log"])
        #expect(r.status == 1)
        #expect(!r.err.contains("no IKE/ISAKMP debug output"))
        #expect(r.out.contains("gdoi-unauthorized-identity"))
        // A NUL at the end of most of its lines (a serial console's glitch): the same.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-gdoi-nul-\(getpid()).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("getvpn-ks-unauthorized-gm.log"), encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\n", with: "\0\n").utf8).write(to: URL(fileURLWithPath: path))
        let nul = try run(["--color", "never", path])
        #expect(nul.status == 1 && nul.err.isEmpty)
        #expect(nul.out.contains("gdoi-unauthorized-identity"))
    }

    @Test func exitsZeroOnASuccessfulTunnel() throws {
        let r = try run(["SampleLogs/r1-initiator-success.log"])
        #expect(r.status == 0)
        #expect(r.out == (try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.expected.txt"), encoding: .utf8)))
        #expect(r.err.isEmpty)
    }

    @Test func exitsOneWithAnErrorFindingAndPrintsTheGoldenJSON() throws {
        let r = try run(["analyze", "--format", "json", "SampleLogs/r1-responder-keyring-mismatch.log"])
        #expect(r.status == 1)
        #expect(r.out == (try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.expected.json"), encoding: .utf8)))
    }

    /// A report of many 64 KiB chunks reaches standard output whole and in order.
    @Test func printsALargeJSONReportWhole() throws {
        let r = try run(["analyze", "--format", "json", "SampleLogs/busy-headend.log"])
        #expect(r.out == (try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("busy-headend.expected.json"), encoding: .utf8)))
    }

    @Test func readsStandardInputWhenNoFileIsNamed() throws {
        let bytes = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log"))
        let r = try run(["--format=json"], stdin: bytes)
        #expect(r.status == 1)
        #expect(r.out.contains("\"id\": \"psk-mismatch\""))
        #expect(r.out.contains("\"file\": \"-\""))
        let dash = try run(["analyze", "-"], stdin: bytes)
        #expect(dash.status == 1)
    }

    @Test func neverColorsAPipeUnlessAsked() throws {
        let plain = try run(["SampleLogs/r1-responder-psk-mismatch.log"])
        #expect(!plain.out.contains("\u{1B}["))
        let colored = try run(["--color", "always", "SampleLogs/r1-responder-psk-mismatch.log"])
        #expect(colored.out.contains("\u{1B}[31m"))
    }

    @Test func reportsAMissingFileInOneLineAndExitsTwo() throws {
        let r = try run(["no/such.log"])
        #expect(r.status == 2)
        #expect(r.err == "ikelens: cannot open 'no/such.log': No such file or directory\n")
        #expect(r.out.isEmpty)
    }

    @Test func stillReportsTheReadableFilesWhenOneIsMissing() throws {
        let r = try run(["SampleLogs/r1-initiator-success.log", "missing.log"])
        #expect(r.status == 2)
        #expect(r.out.contains("Device R1"))
        #expect(r.err.hasPrefix("ikelens: cannot open 'missing.log'"))
    }

    @Test func rejectsEmptyBinaryDirectoryAndNonLogInputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.log")
        try Data().write(to: empty)
        let binary = dir.appendingPathComponent("blob.bin")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }).write(to: binary)
        let text = dir.appendingPathComponent("notes.txt")
        try Data("hello\nworld\n".utf8).write(to: text)
        for (path, message) in [(empty.path, "empty input"), (binary.path, "binary data"), (dir.path, "is a directory"),
                                (text.path, "no IKE/ISAKMP debug output found")] {
            for format in ["text", "json", "ndjson"] {
                let r = try run(["--format", format, path])
                #expect(r.status == 2, "\(format) \(path)")
                #expect(r.err.contains(message), "\(format) \(path): \(r.err)")
                #expect(r.err.split(separator: "\n").count == 1)
                #expect(r.out.isEmpty, "\(format) \(path): \(r.out)")
            }
        }
        let stdinEmpty = try run([], stdin: [])
        #expect(stdinEmpty.status == 2)
        #expect(stdinEmpty.err == "ikelens: standard input: empty input, nothing to analyze\n")
    }

    /// An executable (even with a log inside), compressed files and `/dev/zero` are refused at
    /// once with one line naming the format and, for a compressed one, how to read it.
    @Test func refusesExecutablesCompressedFilesAndZerosAtOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-binary-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log"))
        let elf = Array(Fixture.bytes(Self.binary).prefix(4096))
        #expect(elf.starts(with: [0x7F, 0x45, 0x4C, 0x46]))
        var rng = SplitMix64(seed: 1)
        let junk = (0..<3000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        let inputs: [(String, [UInt8], String)] = [
            ("binary-with-log.bin", elf + log + elf, "binary data (an ELF executable), not a Cisco debug log"),
            ("r1.log.gz", [0x1F, 0x8B, 0x08, 0x00] + junk, "gzip-compressed data, not a Cisco debug log; decompress it first: zcat PATH | COMMAND"),
            ("r1.log.bz2", Array("BZh91AY&SY".utf8) + junk, "bzip2-compressed data, not a Cisco debug log; decompress it first: bzcat PATH | COMMAND"),
            ("r1.log.xz", [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00] + junk, "xz-compressed data, not a Cisco debug log; decompress it first: xzcat PATH | COMMAND"),
            ("r1.log.zst", [0x28, 0xB5, 0x2F, 0xFD] + junk, "zstd-compressed data, not a Cisco debug log; decompress it first: zstdcat PATH | COMMAND"),
            ("logs.zip", [0x50, 0x4B, 0x03, 0x04] + junk, "a zip archive, not a Cisco debug log; extract the log first: unzip -p PATH | COMMAND"),
            // (A Word document is a zip archive too: unzipping it gives XML.)
            ("capture.docx", [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26) + Array("[Content_Types].xml".utf8) + junk,
             "an Office document (Word, Excel or OpenDocument), not a Cisco debug log; save it as plain text (.txt) or copy the log's text out of it"),
            ("r1 copy.log.gz", [0x1F, 0x8B, 0x08, 0x00] + junk, "gzip-compressed data, not a Cisco debug log; decompress it first: zcat 'PATH' | COMMAND"),
            // A short file with no magic number that IKELens knows, judged on all of it at its
            // end: `events` prints none of its "lines" before refusing it.
            ("report.pdf", Array("%PDF-1.4\n%\u{E2}\n1 0 obj\n<< /Type /Catalog >>\nstream\n".utf8) + junk, "binary data (NUL and control bytes), not a Cisco debug log"),
        ]
        for (name, bytes, message) in inputs {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            for args in [[path], ["--format", "json", path], ["--format", "ndjson", path], ["--follow", path], ["events", path]] {
                let r = try run(args)
                let command = args[0] == "events" ? "ikelens events" : "ikelens"
                #expect(r.status == 2, "\(args)")
                #expect(r.err == "ikelens: \(path): " + message.replacingOccurrences(of: "PATH", with: path).replacingOccurrences(of: "COMMAND", with: command) + "\n", "\(args)")
                #expect(r.out.isEmpty, "\(args): \(r.out.prefix(200))")
            }
        }
        // The executable itself, and a compressed standard input.
        let exe = try run([Self.binary.path])
        #expect(exe.status == 2)
        #expect(exe.err == "ikelens: \(Self.binary.path): binary data (an ELF executable), not a Cisco debug log\n")
        let piped = try run([], stdin: [0x1F, 0x8B, 0x08, 0x00] + junk)
        #expect(piped.status == 2)
        #expect(piped.err == "ikelens: standard input: gzip-compressed data, not a Cisco debug log; decompress it first: zcat FILE | ikelens\n")
        // `/dev/zero` never ends: it must be refused from its first bytes, not read forever.
        for args in [["/dev/zero"], ["--format", "ndjson", "/dev/zero"], ["--follow", "/dev/zero"], ["events", "/dev/zero"]] {
            let started = Date()
            let r = try run(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.err == "ikelens: /dev/zero: binary data (NUL and control bytes), not a Cisco debug log\n", "\(args)")
            #expect(r.out.isEmpty, "\(args)")
            #expect(Date().timeIntervalSince(started) < 10, "\(args)")
        }
        // A real log still reads with a few NULs and invalid bytes in it.
        var damaged = log
        for at in stride(from: 200, to: damaged.count, by: 1500) { damaged.insert(contentsOf: [0x00, 0xFF], at: at) }
        let ok = try run(["-"], stdin: damaged)
        #expect(ok.status == 1)
        #expect(ok.err.isEmpty)
        #expect(ok.out.contains("psk-mismatch"))
    }

    /// Several routers' logs with more than 48 SAs between them: a device overview first, its
    /// findings by id wrapped under their column, then each device's table.
    @Test func manyRoutersGetADeviceOverview() throws {
        let r = try run(["--color", "never", "SampleLogs/busy-headend.log", "SampleLogs/r2-responder-qm-error32.log",
                         "SampleLogs/peer-unreachable-then-up-initiator.log"])
        #expect(r.status == 1)
        let expected = """
        IKELens 0.1.0 — 3 devices, 203 IKE SAs, 53 errors, 1 warning

        Devices
          device  SAs   phase 1 ok  quick mode ok  findings
          HUB     200   160         148/160        keyring-mismatch×14, mm5-rejected-by-peer×10,
                                                   qm-profile-mismatch×12, psk-mismatch×16
          R2      1     1           0/1            qm-profile-mismatch
          R1      2     1           1/1            peer-unreachable

        Device HUB (SampleLogs/busy-headend.log)

        """
        #expect(r.out.hasPrefix(expected), "\(r.out.prefix(900))")
        // One router's log alone: no overview.
        let one = try run(["--color", "never", "SampleLogs/busy-headend.log"])
        #expect(!one.out.contains("\nDevices\n"))
    }

    /// `events` checks its input as `analyze` does: the same line on standard error and
    /// exit status 2, after the events it printed.
    @Test func eventsRefusesWhatAnalyzeRefuses() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-events-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.log").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let asa = dir.appendingPathComponent("asa.log").path
        try Data("%ASA-7-715077: Pitcher: received key delete msg, spi 0x1234\n%ASA-5-713041: IP = 10.0.0.2, IKE Initiator: New Phase 1\n".utf8)
            .write(to: URL(fileURLWithPath: asa))
        let notes = dir.appendingPathComponent("notes.txt").path
        try Data("hello\nworld\n".utf8).write(to: URL(fileURLWithPath: notes))
        // (A NUL a serial console's glitch left on each line: still the log it is.)
        let asaNUL = dir.appendingPathComponent("asa-nul.log").path
        try Data("%ASA-7-715077: Pitcher: received key delete msg, spi 0x1234\0\n%ASA-5-713041: IP = 10.0.0.2, IKE Initiator: New Phase 1\0\n".utf8)
            .write(to: URL(fileURLWithPath: asaNUL))
        let zeros = dir.appendingPathComponent("zeros.log").path
        try Data((0..<20).map { "line \($0) of a file that is no log at all\0\n" }.joined().utf8).write(to: URL(fileURLWithPath: zeros))
        let cases: [(String, String, Int)] = [
            (empty, "\(empty): empty input, nothing to analyze", 0),
            ("/dev/null", "/dev/null: empty input, nothing to analyze", 0),
            (asa, "\(asa): Cisco ASA log (%ASA- messages); IKELens reads IOS and IOS-XE debug output only, not ASA yet", 2),
            (asaNUL, "\(asaNUL): Cisco ASA log (%ASA- messages); IKELens reads IOS and IOS-XE debug output only, not ASA yet", 2),
            (zeros, "\(zeros): binary data (NUL bytes), not a Cisco debug log", 20),
            (notes, "\(notes): no IKE/ISAKMP debug output found in 2 lines (was 'debug crypto isakmp' on?)", 2),
        ]
        for (path, message, events) in cases {
            let analyze = try run([path])
            #expect(analyze.status == 2 && analyze.err == "ikelens: \(message)\n", "analyze \(path)")
            let r = try run(["events", path])
            #expect(r.status == 2, "events \(path)")
            #expect(r.err == "ikelens: \(message)\n", "events \(path)")
            #expect(r.out.split(separator: "\n").count == events, "events \(path): \(r.out)")
        }
        // A good log and a bad one: the good one's events, the bad one's line, status 2.
        let mixed = try run(["events", "SampleLogs/r1-responder-psk-mismatch.log", notes])
        #expect(mixed.status == 2)
        #expect(mixed.err == "ikelens: \(notes): no IKE/ISAKMP debug output found in 2 lines (was 'debug crypto isakmp' on?)\n")
        #expect(mixed.out.contains("\"file\":\"SampleLogs/r1-responder-psk-mismatch.log\""))
        let good = try run(["events", "SampleLogs/r1-responder-psk-mismatch.log"])
        #expect(good.status == 0 && good.err.isEmpty)
    }

    /// IKE debug behind a prefix whose shape was not learned (a single line; a prefix that
    /// changes its shape from line to line): the error says where the debug is, not that it was off.
    @Test func saysWhenTheDebugIsBehindAnUnknownPrefix() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-prefix-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = dir.appendingPathComponent("one.log").path
        try Data("15. *Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1\n".utf8).write(to: URL(fileURLWithPath: one))
        let varying = dir.appendingPathComponent("varying.log").path
        let lines = Fixture.sampleText("r1-responder-psk-mismatch").split(separator: "\n", omittingEmptySubsequences: false)
        // (Its shape from the line's number in binary: a letter and a dot for a one, a dash for a zero.)
        let text = lines.enumerated().map { l in
            "[" + String(l.offset + 1, radix: 2).map { $0 == "1" ? "x." : "-" }.joined() + "] " + l.element
        }.joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: varying))
        let stamped = lines.filter { $0.first == "*" }.count
        // (A prefix that holds a secret, or a line end a wrap left in it: quoted masked, on one line.)
        let secret = dir.appendingPathComponent("secret.log").path
        try Data("Preshared Key Zq0j3Fxnzp  *Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1\n".utf8).write(to: URL(fileURLWithPath: secret))
        let abbreviated = dir.appendingPathComponent("abbreviated.log").path
        try Data("cry is k Zq0j3Fxnzp a 10.0.0.2 *Jun 19 12:28:44.251: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1\n".utf8).write(to: URL(fileURLWithPath: abbreviated))
        #expect(CommandLineTool.quotedPrefix("IS\nAKMP:(1041): processin\rg\t\u{1B}") == "IS\\nAKMP:(1041): processin\\rg\\t?")
        for (path, message) in [(one, "IKE debug lines found behind an unrecognized prefix '15.' on 1 of 1 line; take it off each line (cut, sed) and try again"),
                                (varying, "IKE debug lines found behind an unrecognized prefix '[x.--]' on \(stamped) of \(lines.count) lines; take it off each line (cut, sed) and try again"),
                                (secret, "IKE debug lines found behind an unrecognized prefix 'Preshared Key *****' on 1 of 1 line; take it off each line (cut, sed) and try again"),
                                (abbreviated, "IKE debug lines found behind an unrecognized prefix 'cry is k ***** ***** *****' on 1 of 1 line; take it off each line (cut, sed) and try again")] {
            for args in [[path], ["events", path]] {
                let r = try run(args)
                #expect(r.status == 2, "\(args)")
                #expect(r.err == "ikelens: \(path): \(message)\n", "\(args)")
            }
        }
    }

    /// `show logging | include IPSEC` on IOS-XE: only the data plane's messages, relayed inside
    /// `%IOSXE-3-PLATFORM`. It is a crypto log (not "no IKE/ISAKMP debug output"): its warning.
    @Test func readsAnIOSXEDataPlaneOnlyLog() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-xe-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("hub.log").path
        try Data("""
            Hub#show logging | include IPSEC
            *Nov 15 14:20:13.884: %IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000061184392211874 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 46, src_addr 198.51.100.61, dest_addr 203.0.113.1, SPI 0x5a3c1f07
            *Nov 15 14:20:43.890: %IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000061214398102356 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 46, src_addr 198.51.100.61, dest_addr 203.0.113.1, SPI 0x5a3c1f07
            Hub#

            """.utf8).write(to: URL(fileURLWithPath: path))
        let r = try run(["--format", "json", path])
        #expect(r.status == 0 && r.err.isEmpty, "\(r.err)")
        #expect(r.out.contains("\"id\": \"esp-integrity-failed\""), "\(r.out.prefix(400))")
    }

    /// A syslog server's file in the sequenced and the RFC 5424 forms gives the report of
    /// the log as the router printed it.
    @Test func reportsASyslogRelayedLogAsTheLogItself() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-relay-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("no-psk-responder.log")), as: UTF8.self)
        // (Paths of the same length, so the text report wraps its lines alike.)
        func path(_ form: String) throws -> String {
            let sub = dir.appendingPathComponent(form)
            try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
            return sub.appendingPathComponent("no-psk-responder.log").path
        }
        let plainPath = try path("plain")
        try text.write(toFile: plainPath, atomically: false, encoding: .utf8)
        let forms: [(String, (Int) -> String)] = [
            ("seqnc", { n in "<189>\(n): HQ: \(String(format: "%06d", n)): " }),
            ("rfc-1", { _ in "<189>1 2024-11-10T09:00:00.000Z HQ - - - - " }),
            ("rfc-2", { n in "<189>1 2024-11-10T09:00:00.000Z HQ ios \(n) 12 [meta sequenceId=\"\(n)\"] " }),
        ]
        for format in ["text", "json"] {
            let plain = try run(["--format", format, "--color", "never", plainPath])
            #expect(plain.status == 1 && plain.out.contains("no-psk"))
            for (name, prefix) in forms {
                var n = 0
                let relayed = text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
                    guard l.first == "*" else { return String(l) }
                    n += 1
                    let line = name == "seqnc" ? l.replacingOccurrences(of: ": ISAKMP", with: " GMT: ISAKMP") : String(l)
                    return prefix(n) + line
                }.joined(separator: "\n")
                let path = try path(name)
                try relayed.write(toFile: path, atomically: false, encoding: .utf8)
                let r = try run(["--format", format, "--color", "never", path])
                #expect(r.status == plain.status, "\(name) \(format)")
                #expect(r.err.isEmpty, "\(name) \(format): \(r.err)")
                // (The input's size is all that differs.)
                func sized(_ s: String) -> String {
                    s.split(separator: "\n").filter { !$0.contains("\"bytes\": ") }.joined(separator: "\n")
                }
                #expect(sized(r.out) == sized(plain.out.replacingOccurrences(of: plainPath, with: path)), "\(name) \(format)")
            }
        }
    }

    /// A pre-shared key cut by a line end whose pieces got stamps or relay headers of their
    /// own, or another message between them, shows in no output format unless asked.
    @Test func neverShowsAKeySplitOverStampedLinesInAnyFormat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-split-key-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log")), as: UTF8.self)
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(contentsOf: [
            "*Jun 19 12:28:44.120: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin logged command:crypto isakmp key SECR",
            "*Jun 19 12:28:44.120: ETXYZ123 address 10.1.1.1",
            "R1(config)#crypto isakmp key SECRETX",
            "*Jun 19 12:28:44.121: YZ123 address 10.1.1.2",
            " pre-shared-key address 10.1.1.4 key SECRE",
            "*Jun 19 12:28:44.122: TXYZ123",
            "<189>55: R1:  pre-shared-key address 10.1.1.5 key SECRETXY",
            "<189>56: R1: Z123",
            " pre-shared-key address 10.1.1.6 key SECRETXYZ",
            "*Jun 19 12:28:44.123: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel5, changed state to up",
            "123",
        ], at: 30)
        let path = dir.appendingPathComponent("r1.log").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        for args in [["--format", "text"], ["--format", "json"], ["--format", "ndjson"], ["--format", "text", "--color", "always"]] {
            let r = try run(["analyze"] + args + [path])
            #expect(r.status == 1 && r.out.contains("psk-mismatch"), "\(args)")
            for piece in ["SECR", "ETXYZ", "YZ123", "TXYZ", "Z123"] { #expect(!r.out.contains(piece), "\(args): \(piece)") }
        }
        for args in [["events"], ["events", "--unrecognized"]] {
            let r = try run(args + [path])
            #expect(r.status == 0 && r.out.contains("***** address 10.1.1.2"), "\(args)")
            for piece in ["SECR", "ETXYZ", "YZ123", "TXYZ", "Z123"] { #expect(!r.out.contains(piece), "\(args): \(piece)") }
        }
    }

    /// IPsec's own keys and a transfer's credentials (a manual SA's session keys, OSPFv3's IPsec
    /// keys, a PKCS#12 password, a URL's password, `ip ftp password`, `pac key`), pasted as
    /// `show running-config`, logged as typed commands, as `show archive log config all` rows and
    /// as `show archive config differences` lines, show in no output format and no `events`
    /// listing; the rest of each line does.
    @Test func neverShowsIPsecKeysOrTransferCredentialsInAnyFormat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-ipsec-keys-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log")), as: UTF8.self)
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let logged = "*Jun 19 12:28:44.120: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:"
        lines.insert(contentsOf: [
            "R1#show running-config",
            "*Jul 16 20:21:25.298: ISAKMP:(0):found peer pre-shared key matching 192.168.0.2",
            "crypto map CM 20 ipsec-manual",
            " set session-key inbound esp 256 cipher 0A1B2C3D4E5F60718293A4B5C6D7E8F9 authenticator 9F8E7D6C5B4A39281706F5E4D3C2B1A0",
            " set session-key outbound ah 257 FEDCBA98765432100123456789ABCDEF",
            "interface Tunnel1",
            " ipv6 ospf encryption ipsec spi 256 esp aes-cbc 128 0D1C2B3A49586776F5E4D3C2B1A09F8E sha1 F0E1D2C3B4A5968778695A4B3C2D1E0F10213243",
            "archive",
            " path scp://backup:ArcS3cretQ@10.0.0.5/$h-$t",
            "radius server ISE",
            " pac key PacS3cretQ",
            "R1#",
            logged + "crypto pki import TP pkcs12 tftp://10.0.0.5/r1.p12 password P12S3cretQ",
            logged + "copy ftp://admin:FtpS3cretQ@10.0.0.5/r1.cfg running-config",
            logged + "ip ftp password 7 IpFtpS3cretQ",
            logged + "ospfv3 authentication ipsec spi 300 md5 A1B2C3D4E5F60718293A4B5C6D7E8F90",
            // (Rows a debug line came before: its continuation.)
            "*Jul 16 20:21:25.298: ISAKMP:(0): local preshared key found",
            " idx   sess           user@line      Logged command",
            "    1     1        admin@vty0     |ip http client password HttpS3cretQ",
            "    2     1        admin@vty0     |copy scp://backup:ScpS3cretQ@10.0.0.5/r1.cfg flash:",
            "*Jul 16 20:21:25.298: ISAKMP:(0): local preshared key found",
            "+area 0 authentication ipsec spi 301 sha1 7 1029384756AFBECDDCEBFA6574839201AFBECDDC",
        ], at: 30)
        let path = dir.appendingPathComponent("r1.log").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        let pieces = ["0A1B2C3D", "9F8E7D6C", "FEDCBA98", "0D1C2B3A", "F0E1D2C3", "ArcS3cret", "PacS3cret", "P12S3cret", "FtpS3cret",
                      "IpFtpS3cret", "A1B2C3D4", "HttpS3cret", "ScpS3cret", "10293847"]
        for args in [["--format", "text"], ["--format", "json"], ["--format", "ndjson"], ["--format", "text", "--color", "always"]] {
            let r = try run(["analyze"] + args + [path])
            #expect(r.status == 1 && r.out.contains("psk-mismatch"), "\(args)")
            for piece in pieces { #expect(!r.out.contains(piece), "\(args): \(piece)") }
        }
        let shown = [
            "set session-key inbound esp 256 cipher ***** authenticator *****", "set session-key outbound ah 257 *****",
            "ipv6 ospf encryption ipsec spi 256 esp aes-cbc 128 ***** sha1 *****", "path scp://backup:*****@10.0.0.5/$h-$t", "pac key *****",
            "crypto pki import TP pkcs12 tftp://10.0.0.5/r1.p12 password *****", "copy ftp://admin:*****@10.0.0.5/r1.cfg running-config",
            "ip ftp password 7 *****", "ospfv3 authentication ipsec spi 300 md5 *****", "|ip http client password *****",
            "|copy scp://backup:*****@10.0.0.5/r1.cfg flash:", "+area 0 authentication ipsec spi 301 sha1 7 *****",
        ]
        for args in [["events"], ["events", "--unrecognized"]] {
            let r = try run(args + [path])
            #expect(r.status == 0, "\(args)")
            for piece in pieces { #expect(!r.out.contains(piece), "\(args): \(piece)") }
            if args == ["events"] { for line in shown { #expect(r.out.contains(line), "\(line)") } }
        }
    }

    @Test func rejectsUnknownOptionsAndValues() throws {
        let bad = try run(["--format", "xml", "SampleLogs/r1-initiator-success.log"])
        #expect(bad.status == 2)
        // (One line on stderr, as every error.)
        #expect(bad.err == "ikelens: invalid value 'xml' for '--format': expected text, json, ndjson (see 'ikelens analyze --help')\n")
        let unknown = try run(["--frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.err == "ikelens: unknown option '--frobnicate' (see 'ikelens analyze --help')\n")
        let topic = try run(["help", "foo"])
        #expect(topic.status == 2 && topic.err == "ikelens: no help on 'foo': try analyze, events, config or diagnoses\n" && topic.out.isEmpty)
        // `config` alone is an error on stderr, not its help on stdout.
        let config = try run(["config"])
        #expect(config.status == 2 && config.out.isEmpty)
        #expect(config.err == "ikelens: missing command: 'config check' (see 'ikelens config check --help')\n")
        // An option before the command: not logs named `config` and `check`.
        let misplaced = try run(["--color", "always", "config", "check", "SampleLogs/configs/seed/r1.cfg"])
        #expect(misplaced.status == 2 && misplaced.out.isEmpty)
        #expect(misplaced.err == "ikelens: 'config' is a command: name it first, its options after it (ikelens config check [OPTIONS] …) (see 'ikelens config check --help')\n")
    }

    @Test func printsHelpAndVersion() throws {
        let v = try run(["--version"])
        #expect(v.status == 0)
        #expect(v.out == "ikelens \(IKELens.version)\n")
        for args in [["--help"], ["analyze", "--help"], ["events", "--help"], ["help", "events"]] {
            let h = try run(args)
            #expect(h.status == 0)
            #expect(h.out.contains("USAGE:"))
            #expect(h.out.contains("EXAMPLE:"))
        }
        let table = try run(["help", "diagnoses"])
        #expect(table.out == DiagnosisTable.markdown())
    }

    @Test func eventsPrintsOneJSONObjectPerRecordWithItsLines() throws {
        let r = try run(["events", "SampleLogs/r1-responder-keyring-mismatch.log"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasPrefix("{") && $0.hasSuffix("}") })
        let keyNotFound = lines.filter { $0.contains("\"kind\":\"key-not-in-profile-keyrings\"") }
        #expect(!keyNotFound.isEmpty)
        #expect(keyNotFound[0].contains("\"file\":\"SampleLogs/r1-responder-keyring-mismatch.log\""))
        #expect(keyNotFound[0].contains("\"line\":"))
    }

    @Test func eventsCanListOnlyTheUnrecognizedLines() throws {
        let r = try run(["events", "--unrecognized", "-"], stdin: Array("ISAKMP:(0): SA request profile is p\nR1#\nwhat is this\n".utf8))
        #expect(r.status == 0)
        #expect(r.out == #"{"connId":null,"facility":"none","file":"-","kind":"unrecognized","lastLine":3,"line":3,"text":"what is this","time":null}"# + "\n")
    }

    @Test func configCheckPredictsTheSeedAndExitsOne() throws {
        let r = try run(["config", "check", "SampleLogs/configs/seed/r1.cfg", "SampleLogs/configs/seed/r2.cfg"])
        #expect(r.status == 1)
        #expect(r.out == (try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("configs/seed/expected.txt"), encoding: .utf8)))
        let fixed = try run(["config", "check", "--format", "json", "SampleLogs/configs/mask-length/hub.cfg", "SampleLogs/configs/mask-length/spoke.cfg"])
        #expect(fixed.status == 0)
        #expect(fixed.out.contains("\"outcome\": \"establishes\""))
    }

    @Test func configCheckMasksKeysUnlessAsked() throws {
        let masked = try run(["config", "check", "SampleLogs/configs/seed/r1.cfg", "SampleLogs/configs/seed/r2.cfg"])
        #expect(!masked.out.contains("key cisco"))
        let shown = try run(["config", "check", "--show-secrets", "SampleLogs/configs/seed/r1.cfg", "SampleLogs/configs/seed/r2.cfg"])
        #expect(shown.out.contains("key cisco"))
    }

    @Test func configCheckRejectsMissingAndNonConfigFiles() throws {
        let none = try run(["config", "check"])
        #expect(none.status == 2)
        #expect(none.err.hasPrefix("ikelens: name at least one configuration file"))
        let log = try run(["config", "check", "SampleLogs/busy-headend.log"])
        #expect(log.status == 2)
        #expect(log.err.contains("no IOS configuration found"))
        let missing = try run(["config", "check", "nope.cfg"])
        #expect(missing.status == 2)
        #expect(missing.err == "ikelens: cannot open 'nope.cfg': No such file or directory\n")
    }

    /// A configuration is decoded as a log is: saved as UTF-16 with a BOM (Windows), or with
    /// a hole of zeros in it, it reads as the same configuration; a compressed one is named,
    /// with the command that reads it.
    @Test func configCheckDecodesConfigsAsLogsAre() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-cfg-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r1 = "SampleLogs/configs/seed/r1.cfg", r2 = "SampleLogs/configs/seed/r2.cfg"
        let reference = try run(["config", "check", "--format", "json", r1, r2])
        let text = Fixture.bytes(URL(fileURLWithPath: r1))
        let utf16: [UInt8] = [0xFF, 0xFE] + String(decoding: text, as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let holed = Array(text[..<200]) + [UInt8](repeating: 0, count: 4096) + Array(text[200...])
        for (name, bytes) in [("r1-utf16.cfg", utf16), ("r1-hole.cfg", holed)] as [(String, [UInt8])] {
            let path = dir.appendingPathComponent(name).path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let r = try run(["config", "check", "--format", "json", path, r2])
            #expect(r.status == reference.status, "\(name)")
            #expect(r.err.isEmpty, "\(name): \(r.err)")
            #expect(r.out.replacingOccurrences(of: path, with: r1) == reference.out, "\(name)")
        }
        let gz = dir.appendingPathComponent("r1.cfg.gz").path
        try Data([0x1F, 0x8B, 0x08, 0x00] + text).write(to: URL(fileURLWithPath: gz))
        let compressed = try run(["config", "check", gz, r2])
        #expect(compressed.status == 2)
        #expect(compressed.err == "ikelens: \(gz): gzip-compressed data, not a router configuration; decompress it first: zcat \(gz) > CONFIG\n")
    }

    /// The same router's configuration twice (the same path, or a copy): read once, the copy
    /// with a one-line warning; the router's own check, its error and exit 1 stay (before: the
    /// router faced itself, "2 routers, 0 directions, 0 errors", every lint twice, exit 0).
    @Test func configCheckReadsTheSameConfigurationOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-dup-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r1 = "SampleLogs/configs/seed/r1.cfg"
        let copy = dir.appendingPathComponent("r1-copy.cfg").path
        try Data(Fixture.bytes(URL(fileURLWithPath: r1))).write(to: URL(fileURLWithPath: copy))
        let alone = try run(["config", "check", r1])
        #expect(alone.status == 1)
        #expect(alone.out.hasPrefix("IKELens \(IKELens.version) config check — 1 router, 1 direction, 1 error, 2 warnings\n"))
        let twice = try run(["config", "check", r1, "./" + r1])
        #expect(twice.status == 1)
        #expect(twice.out == alone.out)
        #expect(twice.err.isEmpty)
        let copied = try run(["config", "check", r1, copy])
        #expect(copied.status == 1)
        #expect(copied.out == alone.out)
        #expect(copied.err == "ikelens: \(copy): the same configuration as \(r1) (R1): read once\n")
    }

    @Test func analyzeWithAConfigCitesItsLines() throws {
        let r = try run(["analyze", "--config", "SampleLogs/configs/seed/r1.cfg", "--format", "json", "SampleLogs/r1-responder-keyring-mismatch.log"])
        #expect(r.status == 1)
        #expect(r.out.contains("\"file\": \"SampleLogs/configs/seed/r1.cfg\""))
        #expect(!r.out.contains("key cisco"))
    }

    /// A log without prompts (named after its file) is tied to the configuration that holds the
    /// profile and keyring it shows IOS choosing, not to its peer's (which owns the SA's peer
    /// address); a configuration tied to no device is said on standard error, not dropped silently.
    @Test func analyzeTiesAConfigurationToALogWithoutPrompts() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-tie-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Fixture.sampleText("r1-responder-keyring-mismatch").split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("R1#") }.joined(separator: "\n")
        let log = dir.appendingPathComponent("hub-debug.log").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: log))
        let r = try run(["analyze", "--config", "SampleLogs/configs/seed/r1.cfg", "--config", "SampleLogs/configs/seed/r2.cfg", "--format", "json", log])
        #expect(r.status == 1)
        #expect(r.out.contains("\"file\": \"SampleLogs/configs/seed/r1.cfg\""))
        #expect(!r.out.contains("SampleLogs/configs/seed/r2.cfg"))
        #expect(r.err == "ikelens: SampleLogs/configs/seed/r2.cfg (hostname R2) matches no device in the logs (hub-debug) by name, by the local addresses of their SAs, or by the profiles and keyrings the logs show them choosing; it is not used\n")
        let alone = try run(["analyze", "--config", "SampleLogs/configs/seed/r2.cfg", "--color", "never", log])
        #expect(alone.status == 1)
        #expect(alone.err.hasPrefix("ikelens: SampleLogs/configs/seed/r2.cfg (hostname R2) matches no device"))
    }

    /// Several files: a summary after each, counting that file's findings; the exit status over all.
    @Test func ndjsonSummarizesEachFile() throws {
        let r = try run(["--format", "ndjson", "SampleLogs/r1-responder-keyring-mismatch.log", "SampleLogs/no-psk-initiator.log"])
        #expect(r.status == 1)
        let summaries = try r.out.split(separator: "\n").compactMap { l -> [String: Any]? in
            let o = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any]
            return o?["type"] as? String == "summary" ? o : nil
        }
        #expect(summaries.map { $0["findings"] as? Int } == [1, 2])
        #expect(summaries.map { $0["errors"] as? Int } == [1, 2])
        #expect(summaries.map { $0["openSAs"] as? Int } == [0, 0])
    }

    /// Two files of the same router (two captures of R1) are two devices named apart with their
    /// files, in the SAs and findings too: `R1 SA #1` alone would name either.
    @Test func twoFilesOfOneRouterAreNamedApart() throws {
        let r = try run(["--format", "json", "SampleLogs/r1-initiator-success.log", "SampleLogs/r1-responder-keyring-mismatch.log"])
        let o = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any]
        let sas = o?["sas"] as? [[String: Any]] ?? []
        #expect(sas.map { $0["device"] as? String } == ["R1 (r1-initiator-success.log)", "R1 (r1-responder-keyring-mismatch.log)"])
        let findings = o?["findings"] as? [[String: Any]] ?? []
        #expect(findings.map { $0["device"] as? String } == ["R1 (r1-responder-keyring-mismatch.log)"])
        let text = try run(["SampleLogs/r1-initiator-success.log", "SampleLogs/r1-responder-keyring-mismatch.log"]).out
        #expect(text.contains("Device R1 (r1-initiator-success.log)\n"))
    }

    /// A log in pieces (a syslog server's rotated `hub.log.1` and `hub.log`, a capture saved in
    /// parts) is read as one log, in time order whatever the order named: an exchange cut at the
    /// boundary is one SA, each router one device; as `cat` of the parts in time order would be.
    @Test func partsOfOneLogAreReadAsOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-parts-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let twoRouters = DamageTests.twoRoutersInterleaved { "[\($0)] " + $1 }
        let logs = ["r1-responder-keyring-mismatch", "busy-headend", "r1-initiator-success-wrapped", "r2-responder-qm-error32"]
            .map { ($0, Fixture.sampleText($0)) } + [("two-routers", twoRouters)]
        for (name, text) in logs {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let whole = dir.appendingPathComponent("\(name).txt").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: whole))
            // (The first part without its last line end: the parts' lines are not glued.)
            // (Between two lines that are not blank: a blank line at the end of a part is its last line's end.)
            var cut = lines.count / 2
            while lines[cut - 1].isEmpty || lines[cut].isEmpty { cut += 1 }
            let parts = [(dir.appendingPathComponent("\(name).log.1").path, lines[..<cut].joined(separator: "\n")),
                         (dir.appendingPathComponent("\(name).log").path, lines[cut...].joined(separator: "\n") + "\n")]
            for (path, t) in parts { try Data(t.utf8).write(to: URL(fileURLWithPath: path)) }
            // (JSON: a longer name would wrap the text report's lines elsewhere.)
            let expected = try run(["--format", "json", whole]).out
            #expect(expected.contains("\"number\": 1"), "\(name)")
            // Named newest first, as a shell's `\(name).log*` lists them.
            let label = "\(parts[0].0) + \(parts[1].0)"
            let read = try run(["--format", "json", parts[1].0, parts[0].0]).out
            #expect(read.contains(label) && read.replacingOccurrences(of: label, with: whole) == expected, "\(name)")
            #expect(try run(["--color", "never", parts[1].0, parts[0].0]).out.contains("\(name).log.1 + "), "\(name)")
            // Streaming reads them as one too.
            let nd = try run(["--format", "ndjson", parts[1].0, parts[0].0]).out
            #expect(nd.split(separator: "\n").filter { $0.contains("\"type\":\"summary\"") }.count == 1, "\(name)")
            // So does `ikelens events`: the whole log's events, line numbers through the parts.
            let events = try run(["events", parts[1].0, parts[0].0]).out
            #expect(events.replacingOccurrences(of: label, with: whole) == (try run(["events", whole]).out), "\(name)")
            // Parts saved under names of their own, one soon after the other: one log when both
            // name the same routers (prompts, tags), else two looks (busy-headend's second half
            // shows no prompt).
            let named = name != "busy-headend"
            let (p1, p2) = (dir.appendingPathComponent("\(name)-a.txt").path, dir.appendingPathComponent("\(name)-b.txt").path)
            try Data(parts[0].1.utf8).write(to: URL(fileURLWithPath: p1))
            try Data(parts[1].1.utf8).write(to: URL(fileURLWithPath: p2))
            let saved = try run(["--format", "json", p2, p1]).out
            #expect((saved.replacingOccurrences(of: "\(p1) + \(p2)", with: whole) == expected) == named, "\(name)")
        }
        // Two copies of one log (their times overlap) stay two devices, named apart.
        let copy = dir.appendingPathComponent("copy.log").path
        try Data(Fixture.sampleText("r1-responder-keyring-mismatch").utf8).write(to: URL(fileURLWithPath: copy))
        let two = try run(["--color", "never", "SampleLogs/r1-responder-keyring-mismatch.log", copy]).out
        #expect(two.hasPrefix("IKELens 0.1.0 — 2 devices, 2 IKE SAs, 2 errors"))
    }

    /// Streaming output tells a failure as its SA concludes; when a later SA to the same peer, in
    /// the same role, comes up, it says the failure did not last, and its error no longer counts
    /// (as the whole report lowers it to a warning).
    @Test func streamingSaysWhenAFailureRecovered() throws {
        let nd = try run(["--format", "ndjson", "SampleLogs/peer-unreachable-then-up-initiator.log"])
        #expect(nd.status == 0)
        let lines = nd.out.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("\"type\":\"recovered\"") }
                == [#"{"at":"Jun 19 10:04:24.849","by":2,"device":"R1","findings":["peer-unreachable"],"line":260,"peer":"192.168.0.2","sa":1,"type":"recovered"}"#])
        // (Told before SA #2's own line: as it comes up.)
        let at = try #require(lines.firstIndex { $0.contains("\"type\":\"recovered\"") })
        #expect(lines[at + 1].contains("\"number\":2"))
        #expect(lines.last?.contains("\"errors\":0,\"findings\":1") == true)
        let text = try run(["--follow", "--color", "never"], stdin: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-unreachable-then-up-initiator.log")))
        #expect(text.status == 0)
        #expect(text.out.contains("10:04:24.849  R1 SA #1 to 192.168.0.2 recovered: SA #2 came up — peer-unreachable did not last (now a warning)\n"))
        #expect(text.out.hasSuffix("267 lines, 1 finding (0 errors), 0 SAs still open\n"))
        // A keyring mismatch as responder, then this router's own attempt as initiator comes up:
        // the peer's attempts still fail, no recovery.
        let both = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log")) + Array("\n".utf8)
            + Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log"))
        let kept = try run(["--format", "ndjson"], stdin: both)
        #expect(kept.status == 1)
        #expect(!kept.out.contains("recovered"))
    }

    /// A peer declared dead, then a later SA to it up: streaming output says the failure
    /// recovered, and the exit status is 0, as in the whole report.
    @Test func streamingSaysWhenADeadPeerCameBack() throws {
        let nd = try run(["--format", "ndjson", "SampleLogs/peer-dead-then-up-initiator.log"])
        #expect(nd.status == 0)
        let lines = nd.out.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("\"type\":\"recovered\"") }
                == [#"{"at":"Jun 19 10:10:41.849","by":2,"device":"R1","findings":["peer-dead"],"line":467,"peer":"192.168.0.2","sa":1,"type":"recovered"}"#])
        #expect(lines.last?.contains("\"errors\":0,\"findings\":1") == true)
        let v2 = try run(["--format", "ndjson", "SampleLogs/ikev2-dpd-dead-then-up-initiator.log"])
        #expect(v2.status == 0)
        #expect(v2.out.contains(#""findings":["peer-dead"],"line":218,"peer":"198.51.100.2","sa":1,"type":"recovered"}"#))
        // A hub's unanswered rekey, the spoke initiating again: the same, in text as it follows.
        let hub = try run(["--format", "ndjson", "SampleLogs/ikev2-rekey-unanswered-recovered.log"])
        #expect(hub.status == 0)
        #expect(hub.out.contains(#"{"at":"Jun 3 08:49:55.263","by":2,"device":"HUB","findings":["peer-dead"],"line":215,"peer":"198.51.100.14","sa":1,"type":"recovered"}"#))
        let text = try run(["--follow", "--color", "never"], stdin: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-rekey-unanswered-recovered.log")))
        #expect(text.status == 0)
        #expect(text.out.contains("08:49:55.263  HUB SA #1 to 198.51.100.14 recovered: SA #2 came up — peer-dead did not last (now a warning)\n"))
        #expect(text.out.hasSuffix("227 lines, 1 finding (0 errors), 0 SAs still open\n"))
    }

    /// `--follow`'s note of a concluded IKEv2 SA in IKEv2's words, as the report has them: its
    /// session id, its IKE SA up or failed, its child SAs (before: `conn-id 12 … phase 1 complete,
    /// then deleted, quick mode 1/1 ok`, IKEv1's).
    @Test func followNotesAnIKEv2SessionInItsOwnWords() throws {
        let dead = try run(["--follow", "--color", "never"], stdin: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-dpd-dead-then-up-initiator.log")))
        #expect(dead.out.split(separator: "\n").filter { $0.hasPrefix("14:0") } == [
            "14:04:47.130  HQ SA #1 session 12 198.51.100.2 initiator: IKE SA up, then deleted, child SA 1/1 ok — peer-dead",
            "14:06:02.127  HQ SA #1 to 198.51.100.2 recovered: SA #2 came up — peer-dead did not last (now a warning)",
            "14:06:02.127  HQ SA #2 session 13 198.51.100.2 initiator: IKE SA up, child SA 1/1 ok",
        ])
        let failed = try run(["--follow", "--color", "never"], stdin: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-no-psk-responder.log")))
        #expect(failed.out.contains("\n08:14:37.086  HQ SA #1 session 23 198.51.100.9 responder: IKE SA failed — ikev2-no-psk\n"))
        // IKEv1 keeps its words.
        let v1 = try run(["--follow", "--color", "never"], stdin: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-dead-initiator.log")))
        #expect(v1.out.contains("  R1 SA #1 conn-id 1011 192.168.0.2 initiator: phase 1 complete, then deleted, quick mode 1/1 ok — peer-dead\n"))
    }

    /// A peer declared dead, then only the router's syslog says its tunnel is up again (no debug
    /// of that exchange): streaming output says the failure recovered, by no SA (`"by":null`,
    /// the message's tag in `logged`), and the exit status is 0, as in the whole report.
    @Test func streamingSaysWhenADeadPeerWasLoggedUp() throws {
        let log = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-dead-initiator.log")) + Array("""
            *Jun 19 10:12:07.514: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 192.168.0.2:500       Id: 192.168.0.2
            *Jun 19 10:12:07.518: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel1, changed state to up

            """.utf8)
        let nd = try run(["--format", "ndjson"], stdin: log)
        #expect(nd.status == 0)
        #expect(nd.out.split(separator: "\n").filter { $0.contains("\"type\":\"recovered\"") }
                == [#"{"at":"Jun 19 10:12:07.514","by":null,"device":"R1","findings":["peer-dead"],"line":284,"logged":"CRYPTO-5-SESSION_STATUS","peer":"192.168.0.2","sa":1,"type":"recovered"}"#])
        let text = try run(["--follow", "--color", "never"], stdin: log)
        #expect(text.status == 0)
        #expect(text.out.contains("10:12:07.514  R1 SA #1 to 192.168.0.2 recovered: tunnel logged up — peer-dead did not last (now a warning)\n"))
    }

    /// `debug crypto ipsec` alone, the tunnel up: streaming output says phase 1 is implied, as
    /// the whole report does, and nothing failed.
    @Test func streamingTellsAnIPsecOnlyTunnelsPhase1AsImplied() throws {
        let nd = try run(["--format", "ndjson", "SampleLogs/ipsec-only-success.log"])
        #expect(nd.status == 0)
        let sas = nd.out.split(separator: "\n").filter { $0.contains("\"type\":\"sa\"") }
        #expect(sas.count == 1)
        #expect(sas.first?.contains(#""peer":"192.168.0.1","phase1":"complete","phase1Implied":true,"profile":null"#) == true)
        let text = try run(["--follow", "--color", "never"], stdin: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ipsec-only-success.log")))
        #expect(text.status == 0)
        #expect(text.out == "10:58:31.403  R2 SA #1 192.168.0.1 responder: phase 1 not debugged, implied complete, quick mode 2/2 ok\n\n83 lines, 0 findings (0 errors), 0 SAs still open\n")
    }

    /// The DMVPN spoke whose ping gets through the hub: a warning in streaming output too.
    @Test func streamingTellsTheDMVPNShortcutAsAWarning() throws {
        let nd = try run(["--format", "ndjson", "SampleLogs/dmvpn-spoke-to-spoke-no-psk-initiator.log"])
        #expect(nd.status == 0)
        let lines = nd.out.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains("\"type\":\"finding\"") || $0.contains("\"id\":\"no-psk\"") }.map { $0.contains("\"severity\":\"warning\"") } == [true])
        #expect(lines.last?.contains("\"errors\":0,\"findings\":1") == true)
    }

    @Test func ndjsonPrintsOneObjectPerFindingAndPerConcludedSA() throws {
        let r = try run(["--format", "ndjson", "SampleLogs/busy-headend.log"])
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n")
        var types: [String: Int] = [:]
        for l in lines {
            let object = try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any]
            let type = object?["type"] as? String ?? "?"
            types[type, default: 0] += 1
        }
        #expect(types == ["sa": 200, "finding": 52, "summary": 1])
        #expect(lines.last?.contains("\"type\":\"summary\"") == true)
    }

    /// Streaming: a tunnel reported when it came up is still followed; a later quick mode
    /// that fails on the same IKE SA is diagnosed and reported too.
    @Test func streamingFollowsAnSAAfterItIsReported() throws {
        let up = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-success.log")), as: UTF8.self)
        let failing = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-qm-error32.log")), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        // The later quick mode (from the first packet after phase 1) of the failing sample, on the first SA's conn-id.
        let start = failing.firstIndex { $0.contains("received packet from") && $0.contains("QM_IDLE") }!
        let rekey = failing[start...].joined(separator: "\n").replacingOccurrences(of: "(1003)", with: "(1011)")

        let input = Pipe()
        let (p, o, buffer) = try Self.start(["--format", "ndjson"], input: input)
        defer { if p.isRunning { p.terminate() } }
        func waitFor(_ count: Int, of text: String) -> Bool {
            let deadline = Date().addingTimeInterval(15)
            while Date() < deadline {
                if buffer.text.components(separatedBy: text).count - 1 >= count { return true }
                Thread.sleep(forTimeInterval: 0.05)
            }
            return false
        }
        input.fileHandleForWriting.write(Data((up + "\n").utf8))
        #expect(waitFor(1, of: "\"type\":\"sa\""), "the tunnel is reported when it comes up")
        input.fileHandleForWriting.write(Data((rekey + "\n").utf8))
        #expect(waitFor(2, of: "\"type\":\"sa\""), "reported again when the rekey failed")
        // The same failure retried is no news; the SA's delete is.
        input.fileHandleForWriting.write(Data((rekey + "\n").utf8))
        input.fileHandleForWriting.write(Data("""
        *Oct  7 06:48:00.000: ISAKMP:(1011):deleting SA reason "Receive initial contact" state (R) QM_IDLE       (peer 192.168.0.1)
        *Oct  7 06:48:00.000: ISAKMP:(1011):Old State = IKE_P1_COMPLETE  New State = IKE_DEST_SA

        """.utf8))
        try input.fileHandleForWriting.close()
        Self.drain(p, o, buffer)
        let lines = buffer.text.split(separator: "\n")
        let saLines = lines.filter { $0.contains("\"type\":\"sa\"") }
        #expect(saLines.count == 3, "up, rekey failed, deleted")
        #expect(saLines.allSatisfy { $0.contains("\"connId\":1011") })
        #expect(saLines.first?.contains("\"findings\":[]") == true)
        #expect(saLines.last?.contains("\"deleted\":true") == true)
        #expect(lines.contains { $0.contains("\"type\":\"finding\"") && $0.contains("\"connId\":1011") && $0.contains("\"id\":\"qm-profile-mismatch\"") })
        #expect(lines.last?.contains("\"openSAs\":0") == true)
        #expect(p.terminationStatus == 1)
    }

    /// On a terminal (a pseudo-terminal from `script`), a file over 50 MB shows a progress line
    /// on standard error, for the report and for streaming output sent elsewhere, erased at the end.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func showsProgressOnATerminalForABigFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-progress-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log"))
        let big = dir.appendingPathComponent("big.log")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let h = try FileHandle(forWritingTo: big)
        let block = Data(Array(repeating: sample, count: 200).joined())
        while (try h.offset()) < UInt64(Progress.threshold + 1_000_000) { h.write(block) }
        try h.close()
        for format in ["json", "ndjson"] {
            let seen = try Self.onTerminal("'\(Self.binary.path)' --format \(format) '\(big.path)' > /dev/null", unset: "CI")
            #expect(seen.contains(" MB ("), "\(format): \(seen.prefix(200))")
            #expect(seen.contains("MB/s,") && seen.contains(" SAs"), "\(format)")
            #expect(seen.hasSuffix("\r\u{1B}[K"), "\(format): the line is erased at the end")
        }
    }

    /// What `command` prints run on a pseudo-terminal (`script`), in the package's folder,
    /// without the environment variable `unset`.
    static func onTerminal(_ command: String, unset: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qc", command, "/dev/null"]
        p.currentDirectoryURL = Fixture.packageRoot
        var env = ProcessInfo.processInfo.environment
        env[unset] = nil
        p.environment = env
        let o = Pipe()
        p.standardOutput = o
        p.standardInput = Pipe()
        try p.run()
        let seen = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return seen
    }

    /// `--width N` lays the text report out for N columns, following too; piped, the report
    /// stays at 100 columns whatever `COLUMNS` says (the goldens); a width it cannot fit is refused.
    @Test func widthSetsTheTextReportsColumns() throws {
        let file = "SampleLogs/r2-initiator-psk-mismatch.log"
        func widest(_ text: String) -> Int { text.split(separator: "\n").map(\.unicodeScalars.count).max() ?? 0 }
        let piped = try run([file], environment: ["COLUMNS": "70"])
        #expect(piped.out == String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-initiator-psk-mismatch.expected.txt")), as: UTF8.self))
        #expect(widest(piped.out) > 80)
        for args in [["--width", "80"], ["--width=72"], ["--width", "80", "--follow"]] {
            let p = Process()
            p.executableURL = Self.binary
            p.arguments = args + [file]
            p.currentDirectoryURL = Fixture.packageRoot
            let o = Pipe()
            p.standardOutput = o
            p.standardError = Pipe()
            try p.run()
            if args.contains("--follow") {
                Thread.sleep(forTimeInterval: 1)
                p.interrupt()
            }
            let out = String(decoding: o.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            let width = Int(args.joined(separator: " ").filter(\.isNumber))!
            #expect(out.contains("mm5-rejected-by-peer"), "\(args)")
            #expect(widest(out) <= width && widest(out) > width - 8, "\(args): \(widest(out))")
            #expect(p.terminationStatus == 1)
        }
        for bad in ["63", "251", "wide", ""] {
            let r = try run(["--width", bad, file])
            #expect(r.status == 2)
            #expect(r.err == "ikelens: invalid value '\(bad)' for '--width': expected a number of columns from 64 to 250 (see 'ikelens analyze --help')\n")
            #expect(r.out.isEmpty)
        }
    }

    /// On a terminal (a pseudo-terminal from `script`) the text report takes its width
    /// (TIOCGWINSZ; `COLUMNS` when the terminal tells none) between 64 and 100 columns.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func fitsTheTerminalsWidth() throws {
        for (setup, width) in [("stty cols 80 rows 50;", 80), ("stty cols 200 rows 50;", 100), ("stty cols 40 rows 50;", 64),
                               ("stty cols 0 rows 0; COLUMNS=72", 72), ("stty cols 0 rows 0; COLUMNS=none", 100)] {
            let seen = try Self.onTerminal("\(setup) '\(Self.binary.path)' --color never SampleLogs/r2-initiator-psk-mismatch.log", unset: "COLUMNS")
            let lines = seen.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
            let widest = lines.map(\.unicodeScalars.count).max() ?? 0
            #expect(seen.contains("mm5-rejected-by-peer"), "\(setup)")
            #expect(widest <= width && widest > width - 8, "\(setup): \(widest) columns")
        }
    }

    /// An IKEv2 SA is reported when it comes up with its first child SA, as an IKEv1 SA is
    /// when its quick mode is done: not left "open" at the end.
    @Test func streamingReportsAnIKEv2SAWhenItIsUp() throws {
        let r = try run(["--format", "ndjson", "SampleLogs/ikev2-success-initiator.log"])
        #expect(r.status == 0)
        let lines = r.out.split(separator: "\n")
        #expect(lines.filter { $0.contains("\"type\":\"sa\"") }.count == 1)
        #expect(!r.out.contains("\"open\":true"))
        #expect(lines.last?.contains("\"openSAs\":0") == true)
    }

    /// Starts `ikelens ARGS` with its standard output collected as it comes.
    /// Waits for the process to end and for its output to be read to the end. (Its last
    /// lines could otherwise still be in the reading handler's hands when the test looks.)
    static func drain(_ p: Process, _ o: Pipe, _ buffer: OutputBuffer) {
        p.waitUntilExit()
        let deadline = Date().addingTimeInterval(10)
        while !buffer.ended && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        o.fileHandleForReading.readabilityHandler = nil
        if !buffer.ended { buffer.append(o.fileHandleForReading.readDataToEndOfFile()) }
    }

    /// (`errors`, when given, collects its standard error as it comes.)
    static func start(_ args: [String], input: Pipe? = nil, errors: OutputBuffer? = nil) throws -> (Process, Pipe, OutputBuffer) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        let o = Pipe()
        if let input { p.standardInput = input }
        p.standardOutput = o
        let e = Pipe()
        p.standardError = e
        if let errors { e.fileHandleForReading.readabilityHandler = { h in errors.append(h.availableData) } }
        let buffer = OutputBuffer()
        o.fileHandleForReading.readabilityHandler = { h in buffer.append(h.availableData) }
        try p.run()
        return (p, o, buffer)
    }

    /// On a pipe (`ssh r1 'terminal monitor' | ikelens --format ndjson`) a finding is printed
    /// as soon as its lines have arrived, while the pipe is still open.
    @Test func ndjsonOnAPipePrintsFindingsBeforeTheInputEnds() throws {
        let input = Pipe()
        let (p, o, buffer) = try Self.start(["--format", "ndjson"], input: input)
        defer { if p.isRunning { p.terminate() } }
        input.fileHandleForWriting.write(Data(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log"))))
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && !buffer.text.contains("\"id\":\"psk-mismatch\"") { Thread.sleep(forTimeInterval: 0.05) }
        #expect(buffer.text.contains("\"id\":\"psk-mismatch\""), "the finding waited for the end of the input")
        #expect(!buffer.text.contains("\"type\":\"summary\""))
        try input.fileHandleForWriting.close()
        Self.drain(p, o, buffer)
        #expect(p.terminationStatus == 1)
        #expect(buffer.text.split(separator: "\n").last?.contains("\"type\":\"summary\"") == true)
    }

    /// Following a log that is being written: a first read of a few bytes is not judged
    /// binary, and the findings come as the lines do.
    @Test func followReadsALogWrittenInSmallPieces() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-follow-small-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("router.log")
        try Data().write(to: log)
        let bytes = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log"))
        let (p, o, buffer) = try Self.start(["--follow", "--format", "ndjson", log.path])
        defer { if p.isRunning { p.terminate() } }
        let handle = try FileHandle(forWritingTo: log)
        var at = 0
        for size in [30, 50, 300] + Array(repeating: 2000, count: bytes.count / 2000 + 1) where at < bytes.count {
            handle.seekToEndOfFile()
            handle.write(Data(bytes[at..<min(bytes.count, at + size)]))
            at += size
            Thread.sleep(forTimeInterval: 0.25)
        }
        try handle.close()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && !buffer.text.contains("\"id\":\"psk-mismatch\"") { Thread.sleep(forTimeInterval: 0.05) }
        #expect(buffer.text.contains("\"id\":\"psk-mismatch\""))
        #expect(p.isRunning, "still following")
        p.interrupt()
        p.waitUntilExit()
        o.fileHandleForReading.readabilityHandler = nil
        #expect(p.terminationStatus == 1)
    }

    /// Following refuses a short binary file once it has read to its end (it does not wait for
    /// a whole sample that will never come), and a followed log that showed no IKE debug output
    /// when interrupted fails as the same log read whole does.
    @Test func followTreatsBadInputAsReadingWholeDoes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-follow-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = SplitMix64(seed: 5)
        let bin = dir.appendingPathComponent("capture.bin")
        try Data((0..<20_000).map { _ in UInt8(truncatingIfNeeded: rng.next()) }).write(to: bin)
        let (p, o, _) = try Self.start(["--follow", bin.path])
        defer { if p.isRunning { p.terminate() } }
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!p.isRunning, "still following a binary file")
        p.waitUntilExit()
        o.fileHandleForReading.readabilityHandler = nil
        #expect(p.terminationStatus == 2)

        let text = dir.appendingPathComponent("hello.log")
        try Data("hello\n".utf8).write(to: text)
        let (q, o2, _) = try Self.start(["--follow", text.path])
        defer { if q.isRunning { q.terminate() } }
        Thread.sleep(forTimeInterval: 0.5)
        q.interrupt()
        q.waitUntilExit()
        o2.fileHandleForReading.readabilityHandler = nil
        #expect(q.terminationStatus == 2)
    }

    @Test func followReadsAppendedLinesSurvivesRotationAndSummarizesOnInterrupt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-follow-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("router.log")
        let psk = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-psk-mismatch.log")), as: UTF8.self)
        let lines = psk.split(separator: "\n", omittingEmptySubsequences: false)
        try (lines.prefix(60).joined(separator: "\n") + "\n").write(to: log, atomically: false, encoding: .utf8)

        let (p, o, buffer) = try Self.start(["--follow", "--format", "ndjson", log.path])
        defer { if p.isRunning { p.terminate() } }

        func waitFor(_ text: String) -> Bool { buffer.waitFor(text) }
        Thread.sleep(forTimeInterval: 0.4)
        #expect(!buffer.text.contains("psk-mismatch"))
        // The rest of the exchange is appended: the finding appears while following.
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        handle.write(Data((lines.dropFirst(60).joined(separator: "\n")).utf8))
        try handle.close()
        #expect(waitFor("\"id\":\"psk-mismatch\""))
        // Rotation by rename: a new file at the same path is read from its start.
        try FileManager.default.moveItem(at: log, to: dir.appendingPathComponent("router.log.1"))
        try Data(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log"))).write(to: log)
        #expect(waitFor("\"id\":\"keyring-mismatch\""))
        p.interrupt()
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!p.isRunning, "ikelens --follow did not stop on SIGINT")
        if p.isRunning { p.terminate() }
        Self.drain(p, o, buffer)
        let out = buffer.text.split(separator: "\n")
        #expect(p.terminationStatus == 1)
        #expect(out.last?.contains("\"type\":\"summary\"") == true)
        #expect(out.last?.contains("\"errors\":2") == true)
    }

    /// A followed file written again in place with more than was read (same inode: `cp new.log
    /// hub.log`, `ssh r1 'show logging' > hub.log`) is read again from its start, not on from
    /// the old offset: no line of the new content is lost (nor the device its prompt names),
    /// and standard error says so.
    @Test func followReadsAFileWrittenAgainInPlaceFromItsStart() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-follow-rewrite-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("hub.log")
        let before = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-initiator-psk-mismatch.log"))
        let after = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log"))
            + Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-qm-error32.log"))
        #expect(after.count > before.count)
        try Data(before).write(to: log)
        let errors = OutputBuffer()
        let (p, o, buffer) = try Self.start(["--follow", "--format", "ndjson", log.path], errors: errors)
        defer { if p.isRunning { p.terminate() } }
        func waitFor(_ text: String) -> Bool { buffer.waitFor(text) }
        #expect(waitFor("\"id\":\"mm5-rejected-by-peer\""))
        Thread.sleep(forTimeInterval: 0.5)
        // Written over from its start, never shorter than what was read: the size only grows,
        // as when the follower's poll falls after `cp`'s truncation and write.
        let handle = try FileHandle(forWritingTo: log)
        handle.write(Data(after))
        try handle.close()
        #expect(waitFor("\"id\":\"qm-profile-mismatch\""))
        Thread.sleep(forTimeInterval: 0.5)
        p.interrupt()
        Self.drain(p, o, buffer)
        let deadline = Date().addingTimeInterval(10)
        while !errors.ended && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        let objects = buffer.text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
        let keyring = objects.first { $0["type"] as? String == "finding" && $0["id"] as? String == "keyring-mismatch" }
        #expect(keyring?["device"] as? String == "R1", "the new content's first lines were read")
        let summary = objects.last { $0["type"] as? String == "summary" }
        let lines = (before + after).filter { $0 == 0x0A }.count
        #expect((summary?["input"] as? [String: Any])?["lines"] as? Int == lines, "every line written was read")
        #expect(errors.text.contains("hub.log was written again in place: reading it again from its start"), "\(errors.text)")
        #expect(p.terminationStatus == 1)
    }
}

/// Collects a child's output from a background handler.
final class OutputBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var sawEnd = false
    /// Nothing more to read: the reading handler was given the end of the output (no data).
    var ended: Bool { lock.lock(); defer { lock.unlock() }; return sawEnd }
    func append(_ d: Data) { lock.lock(); if d.isEmpty { sawEnd = true } else { data.append(d) }; lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    /// Whether `text` shows up in the output within 15 seconds.
    func waitFor(_ text: String) -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if self.text.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
