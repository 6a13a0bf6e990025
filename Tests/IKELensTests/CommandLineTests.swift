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

    func run(_ args: [String], stdin: [UInt8]? = nil) throws -> Run {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.currentDirectoryURL = Fixture.packageRoot
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
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
            let r = try run([path])
            #expect(r.status == 2, "\(path)")
            #expect(r.err.contains(message), "\(path): \(r.err)")
            #expect(r.err.split(separator: "\n").count == 1)
        }
        let stdinEmpty = try run([], stdin: [])
        #expect(stdinEmpty.status == 2)
        #expect(stdinEmpty.err == "ikelens: standard input: empty input, nothing to analyze\n")
    }

    @Test func rejectsUnknownOptionsAndValues() throws {
        let bad = try run(["--format", "xml", "SampleLogs/r1-initiator-success.log"])
        #expect(bad.status == 2)
        #expect(bad.err.hasPrefix("ikelens: invalid value 'xml' for '--format': expected text, json\n"))
        let unknown = try run(["--frobnicate"])
        #expect(unknown.status == 2)
        #expect(unknown.err.hasPrefix("ikelens: unknown option '--frobnicate'\n"))
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

    @Test func analyzeWithAConfigCitesItsLines() throws {
        let r = try run(["analyze", "--config", "SampleLogs/configs/seed/r1.cfg", "--format", "json", "SampleLogs/r1-responder-keyring-mismatch.log"])
        #expect(r.status == 1)
        #expect(r.out.contains("\"file\": \"SampleLogs/configs/seed/r1.cfg\""))
        #expect(!r.out.contains("key cisco"))
    }
}
