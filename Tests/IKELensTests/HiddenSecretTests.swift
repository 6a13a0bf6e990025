import Foundation
import Testing
@testable import IKELens

/// A pre-shared key in a typed command whose words a terminal or a page changed: a typo the
/// operator corrected with backspaces (raw BS, the `BS SP BS` a terminal echoes, DEL), a
/// Unicode hyphen in `pre-shared-key` (U+2010–U+2013, U+2212), a Unicode space between the
/// words (U+2000–U+200A, U+00A0, U+202F, U+3000), an HTML highlighter's tag inside the command.
/// The key shows in no output, wherever the command stands (alone after a prompt, a debug
/// message glued before or after it), and the line's findings are those of its plain form.
@Suite struct HiddenSecretTests {
    static let secret = "MySecret123"
    static let plain = "crypto isakmp key MySecret123 address 10.0.0.2"
    static let plainPSK = "pre-shared-key address 10.0.0.2 key MySecret123"

    /// Each form of a command and the plain command it reads as.
    static let forms: [(name: String, command: String, plain: String)] = {
        var f: [(String, String, String)] = [
            ("backspaces", "crypto isakmp kye\u{8}\u{8}ey MySecret123 address 10.0.0.2", plain),
            ("backspace echo", "crypto isakmp kye\u{8} \u{8}\u{8} \u{8}ey MySecret123 address 10.0.0.2", plain),
            ("DEL", "crypto isakmp kye\u{7F}\u{7F}ey MySecret123 address 10.0.0.2", plain),
            ("backspace in crypto", "crypto isakmo\u{8}p key MySecret123 address 10.0.0.2", plain),
            ("span", "crypto isakmp <span class=\"kw\">key</span> MySecret123 address 10.0.0.2", plain),
            ("b", "crypto isakmp <b>key</b> MySecret123 address 10.0.0.2", plain),
            ("code", "<code>crypto isakmp key</code> MySecret123 address 10.0.0.2", plain),
            ("span after the key", "crypto isakmp key MySecret123</span> address 10.0.0.2", plain),
            ("span around the key", "crypto isakmp <span class=\"kw\">key</span> <span class=\"str\">MySecret123</span> address 10.0.0.2", plain),
        ]
        for h in ["\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2212}"] {
            f.append(("hyphen U+\(String(h.unicodeScalars.first!.value, radix: 16, uppercase: true))",
                      "pre\(h)shared\(h)key address 10.0.0.2 key MySecret123", plainPSK))
        }
        for s in ["\u{2009}", "\u{2002}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{00A0}", "\u{202F}", "\u{3000}"] {
            let hex = String(s.unicodeScalars.first!.value, radix: 16, uppercase: true)
            f.append(("space U+\(hex)", "crypto\(s)isakmp\(s)key\(s)MySecret123\(s)address 10.0.0.2", plain))
            f.append(("space U+\(hex) once", "crypto isakmp key\(s)MySecret123 address 10.0.0.2", plain))
        }
        return f
    }()

    static let sample = Fixture.sampleText("r1-responder-psk-mismatch")
    static let debugBefore = "*Jul 16 20:21:25.298: ISAKMP:(0): processing vendor id payload!"
    static let debugAfter = "*Jul 16 20:21:25.298: ISAKMP:(0): processing vendor id payload"

    /// The sample with `command` put in at line 30 in each way a console shows it.
    static func logs(_ command: String, prompt: String = "R1(config)#") -> [(String, String)] {
        let lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func with(_ inserted: [String]) -> String { (lines[..<30] + inserted + lines[30...]).joined(separator: "\n") }
        return [
            ("alone", with([prompt + command])),
            ("after a debug message", with([debugBefore + prompt + command])),
            ("before a debug message", with([prompt + command + debugAfter])),
            ("after a prompt, no mode", with(["R1#" + command])),
            ("onto a line the finding cites", cited(prompt + command)),
        ]
    }

    /// The sample with `glued` glued onto the end of line 92, `ISAKMP: reserved not zero on ID
    /// payload!`, a line the psk-mismatch finding cites as evidence.
    static func cited(_ glued: String) -> String {
        var lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[91] += glued
        return lines.joined(separator: "\n")
    }

    @Test func aKeyInACommandATerminalOrAPageChangedNeverShows() {
        for (name, command, plainCommand) in Self.forms {
            for ((way, log), (_, plainLog)) in zip(Self.logs(command), Self.logs(plainCommand)) {
                let (events, all) = ConfigurationSecretTests.everyOutput(log)
                #expect(!all.contains(Self.secret), "\(name) \(way): \(events.filter { $0.contains("Secret") })")
                #expect(DamageTests.findings(log) == DamageTests.findings(plainLog), "\(name) \(way)")
                let device = Fixture.device(Array(log.utf8))
                #expect(device.stats.lines == log.utf8.filter { $0 == 0x0A }.count + (log.hasSuffix("\n") ? 0 : 1), "\(name) \(way)")
                #expect(device.stats.recognized + device.stats.unrecognized == device.stats.lines, "\(name) \(way)")
            }
        }
    }

    /// `SecretMasker` itself, as `config check` and every event's text use it: the key masked,
    /// and text without such a command kept as it is.
    @Test func theMaskerMasksEachForm() {
        for (name, command, _) in Self.forms {
            for text in [command, "R1(config)#" + command, Self.debugBefore + "R1(config)#" + command, "R1(config)#" + command + Self.debugAfter] {
                #expect(!SecretMasker.maskLog(text).contains(Self.secret), "\(name): \(text)")
                #expect(!SecretMasker.mask(text).contains(Self.secret), "\(name): \(text)")
                var t = text
                #expect(t.withUTF8 { SecretMasker.mayCarrySecret($0) }, "\(name): \(text)")
                #expect(!Array(text.utf8).withUnsafeBufferPointer { Record.displayText(of: $0, configuration: false) }.contains(Self.secret), "\(name): \(text)")
            }
        }
        for text in ["ISAKMP:(1004):Old State = IKE_R_MM5\u{2009} New State = IKE_R_MM5", "R1#show crypto isakmp sa\u{8}\u{8}",
                     "<b>ISAKMP:(0):found peer pre-shared key matching 192.168.0.2</b>", "ISAKMP:(0):found peer pre-shared key matching <peer-ip>"] {
            #expect(SecretMasker.maskLog(text) == text, "\(text)")
        }
    }

    /// A configuration file given to `config check` with such a line: its evidence masks the key.
    @Test func aConfigurationsLineWithSuchAKeyIsMasked() {
        for (name, command, _) in Self.forms {
            let cfg = ConfigParser.parse("hostname R1\ncrypto keyring K1\n " + command + "\n", file: "r1.cfg")
            #expect(!cfg.lineText(3, showSecrets: false).contains(Self.secret), "\(name)")
        }
    }
}

extension CommandLineTests {
    /// The keys `HiddenSecretTests` hides (backspaces, Unicode hyphens and spaces, HTML tags),
    /// glued onto debug lines of a log and in a configuration: in no output format, no `events`
    /// listing, no `config check` report.
    @Test func aKeyATerminalOrAPageHidShowsInNoFormat() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ikelens-hidden-key-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var lines = HiddenSecretTests.sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.insert(contentsOf: HiddenSecretTests.forms.flatMap { f in
            [HiddenSecretTests.debugBefore + "R1(config)#" + f.command, "R1(config)#" + f.command + HiddenSecretTests.debugAfter]
        }, at: 30)
        let path = dir.appendingPathComponent("r1.log").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: false, encoding: .utf8)
        for args in [["analyze", "--format", "text"], ["analyze", "--format", "json"], ["analyze", "--format", "ndjson"],
                     ["analyze", "--format", "text", "--color", "always"], ["events"], ["events", "--unrecognized"]] {
            let r = try run(args + [path])
            #expect(r.status == (args[0] == "events" ? 0 : 1) && (args.last == "--unrecognized" || !r.out.isEmpty), "\(args)")
            #expect(!r.out.contains(HiddenSecretTests.secret) && !r.err.contains(HiddenSecretTests.secret), "\(args)")
        }
        // Each glued onto a line the finding cites: in the reports' evidence.
        for (k, f) in HiddenSecretTests.forms.enumerated() {
            let cited = dir.appendingPathComponent("cited\(k).log").path
            try HiddenSecretTests.cited("R1(config)#" + f.command).write(toFile: cited, atomically: false, encoding: .utf8)
            for format in ["text", "json"] {
                let r = try run(["analyze", "--format", format, cited])
                #expect(r.status == 1 && r.out.contains("psk-mismatch") && r.out.contains(SecretMasker.mask), "\(f.name) \(format)")
                #expect(!r.out.contains(HiddenSecretTests.secret), "\(f.name) \(format)")
            }
        }
        let cfg = dir.appendingPathComponent("r1.cfg").path
        let config = ["hostname R1", "crypto keyring K1"] + HiddenSecretTests.forms.map { " " + $0.command } + [
            "crypto isakmp policy 10", " authentication pre-share", "crypto isakmp profile P1", " keyring K1",
            " match identity address 10.0.0.2 255.255.255.255"]
        try (config.joined(separator: "\n") + "\n").write(toFile: cfg, atomically: false, encoding: .utf8)
        for format in ["text", "json"] {
            let r = try run(["config", "check", "--format", format, cfg])
            #expect(!r.out.contains(HiddenSecretTests.secret) && !r.err.contains(HiddenSecretTests.secret), "\(format)")
        }
    }
}

/// Review rev23's leaks: a key in a command IOS takes abbreviated (`cry isa key X add A`), and a
/// configuration line pasted right after an IKEv2 ESP proposal's transforms, which the
/// proposal's event took in as more of its transforms.
@Suite struct AbbreviatedAndPastedSecretTests {
    @Test func anAbbreviatedCommandsKeyIsMasked() {
        for line in ["cry isa key MySecret123 add 10.0.0.2", "R1(config)#crypto isak key MySecret123 address 10.0.0.2",
                     "*Nov 16 07:19:03.881: IKEv2:(SESSION ID = 3,SA ID = 1):Request queued for computation of DH keycry isa key MySecret123 add 10.0.0.2"] {
            #expect(!SecretMasker.maskLog(line).contains("MySecret123"), "\(line)")
            #expect(line.utf8.withContiguousStorageIfAvailable { SecretMasker.mayNameSecret($0) } == true, "\(line)")
        }
        // Words that only begin like it stay: debug text's `isa`-words are no command.
        #expect(SecretMasker.maskLog("ISAKMP: isabel key found") == "ISAKMP: isabel key found")
        // In a log, glued onto a debug line: no event shows it.
        var lines = Fixture.sampleText("ikev2-child-rekey-pfs-initiator").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[20] += "cry isa key MySecret123 add 10.0.0.2"
        #expect(!Fixture.events(lines.joined(separator: "\n")).contains { "\($0)".contains("MySecret123") })
    }

    /// A bare `key X` line (an EzVPN group's) quoted as a CSV row's field, joined onto an IKEv2
    /// packet's payload list: masked after the opening quote as at a line's start.
    @Test func aQuotedBareKeyLineIsMasked() {
        let joined = "Payload contents: \" key MySecret123\" | NOTIFY(NO_PROPOSAL_CHOSEN)"
        #expect(SecretMasker.maskLog(joined) == "Payload contents: \" key ***** | NOTIFY(NO_PROPOSAL_CHOSEN)")
        #expect(joined.utf8.withContiguousStorageIfAvailable { SecretMasker.mayNameSecret($0) } == true)
        #expect(SecretMasker.maskLog("ISAKMP:(1004):Key not found in keyrings of profile") == "ISAKMP:(1004):Key not found in keyrings of profile")
    }

    /// A configuration's line after an ESP proposal's transform line (no stamp of its own) is
    /// masked in the transforms the event keeps: in `ikelens events` before, the key showed.
    @Test func aKeyPastedAfterAProposalsTransformsIsMasked() throws {
        let lines = Fixture.sampleText("ikev2-child-rekey-pfs-initiator").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.firstIndex { $0.contains("AES-CBC   SHA256   Don't use ESN") })
        for pasted in ["crypto isakmp key MySecret123 address 10.0.0.2 no-xauth", "pre-shared-key 0 MySecret123"] {
            var l = lines
            l.insert(pasted, at: at + 1)
            let transforms = Fixture.events(l.joined(separator: "\n")).compactMap { e -> String? in
                if case let .v2ChildProposal(t) = e.kind { return t }
                return nil
            }
            #expect(transforms.contains { $0.hasPrefix("AES-CBC SHA256 Don't use ESN") && $0.contains("*****") }, "\(transforms)")
            #expect(!transforms.contains { $0.contains("MySecret123") })
        }
    }
}
