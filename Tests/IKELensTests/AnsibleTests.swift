import Foundation
import Testing
@testable import IKELens

/// Ansible's output of routers' logs (`cisco.ios.ios_command` running `show logging`), as its
/// callbacks print it (see `AnsibleOutput`).
enum Ansible {
    /// `s` as a JSON string, as Python's `json.dumps` writes it (non-ASCII as `\u` escapes).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.utf16 {
            switch u {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(UInt8(u)))
            default:
                let hex = String(u, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }

    /// The log's lines (no empty one after its last line end).
    static func lines(_ text: String) -> [String] {
        var l = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// The log's lines as one string, as `stdout` holds it.
    static func stdout(_ text: String) -> String { quoted(lines(text).joined(separator: "\n")) }

    /// `stdout_lines` on one line: `[["…", "…"]]`.
    static func stdoutLines(_ text: String) -> String { "[[" + lines(text).map(quoted).joined(separator: ", ") + "]]" }

    /// A JSON list's items, one per line at `indent`, with commas.
    static func listed(_ items: [String], indent: Int) -> String {
        let pad = String(repeating: " ", count: indent)
        return items.map { pad + $0 }.joined(separator: ",\n")
    }

    /// One host's result as a playbook run prints it.
    enum Form: CaseIterable {
        /// `debug: var=output.stdout_lines`: a string per line of the log, each on a line of its own.
        case stdoutLines
        /// `debug: var=output.stdout`: the whole log in one string, on one line.
        case stdout
        /// `debug: var=output`: the registered result, `stdout` and `stdout_lines` both.
        case registered
        /// `-v`: the task's result on one line, its module's arguments too.
        case verbose
        /// `debug: msg="{{ output.stdout_lines }}"`.
        case msg

        func result(_ host: String, _ text: String) -> String {
            switch self {
            case .stdoutLines:
                return "ok: [\(host)] => {\n    \"output.stdout_lines\": [\n        [\n"
                    + Ansible.listed(Ansible.lines(text).map(Ansible.quoted), indent: 12) + "\n        ]\n    ]\n}\n"
            case .stdout:
                return "ok: [\(host)] => {\n    \"output.stdout\": [\n        \(Ansible.stdout(text))\n    ]\n}\n"
            case .registered:
                return "ok: [\(host)] => {\n    \"output\": {\n        \"changed\": false,\n        \"failed\": false,\n"
                    + "        \"stdout\": [\n            \(Ansible.stdout(text))\n        ],\n        \"stdout_lines\": [\n            [\n"
                    + Ansible.listed(Ansible.lines(text).map(Ansible.quoted), indent: 16) + "\n            ]\n        ]\n    }\n}\n"
            case .verbose:
                return "ok: [\(host)] => {\"changed\": false, \"invocation\": {\"module_args\": {\"commands\": [\"show logging\"], "
                    + "\"interval\": 1, \"match\": \"all\", \"retries\": 10, \"wait_for\": null}}, "
                    + "\"stdout\": [\(Ansible.stdout(text))], \"stdout_lines\": \(Ansible.stdoutLines(text))}\n"
            case .msg:
                return "ok: [\(host)] => {\n    \"msg\": [\n        [\n"
                    + Ansible.listed(Ansible.lines(text).map(Ansible.quoted), indent: 12) + "\n        ]\n    ]\n}\n"
            }
        }
    }

    static let stars = String(repeating: "*", count: 60)

    /// A playbook's run over `hosts` (name, log), each host's result in `form`, with Ansible's
    /// banners and recap around them.
    static func playbook(_ hosts: [(String, String)], _ form: Form) -> String {
        "\nPLAY [routers] \(stars)\n\nTASK [show logging] \(stars)\n"
            + hosts.map { form.result($0.0, $0.1) }.joined()
            + "\nPLAY RECAP \(stars)\n"
            + hosts.map { "\($0.0)\(String(repeating: " ", count: max(1, 27 - $0.0.count))): ok=2    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0    \n" }.joined()
    }

    /// An ad-hoc run with `-o`: each host's result on one line.
    static func adHoc(_ hosts: [(String, String)]) -> String {
        hosts.map { "\($0.0) | SUCCESS => {\"changed\": false, \"stdout\": [\(stdout($0.1))], \"stdout_lines\": \(stdoutLines($0.1))}\n" }.joined()
    }

    /// A task's result saved as a JSON file (`copy: content="{{ output | to_json }}"`), on one line.
    static func resultFile(_ text: String) -> String {
        "{\"changed\": false, \"failed\": false, \"stdout\": [\(stdout(text))], \"stdout_lines\": \(stdoutLines(text))}\n"
    }

    /// The same, pretty-printed (`to_nice_json`).
    static func niceResultFile(_ text: String) -> String {
        "{\n    \"changed\": false,\n    \"stdout\": [\n        \(stdout(text))\n    ],\n    \"stdout_lines\": [\n        [\n"
            + listed(lines(text).map(quoted), indent: 12) + "\n        ]\n    ]\n}\n"
    }

    /// The `json` callback's document (`ANSIBLE_STDOUT_CALLBACK=json`): each host's result under
    /// its name in the task's `hosts`.
    static func jsonCallback(_ hosts: [(String, String)]) -> String {
        let results = hosts.map { h in
            "                        \(quoted(h.0)): {\n                            \"_ansible_no_log\": false,\n"
                + "                            \"action\": \"cisco.ios.ios_command\",\n                            \"changed\": false,\n"
                + "                            \"invocation\": {\n                                \"module_args\": {\n"
                + "                                    \"commands\": [\n                                        \"show logging\"\n"
                + "                                    ]\n                                }\n                            },\n"
                + "                            \"stdout\": [\n                                \(stdout(h.1))\n                            ],\n"
                + "                            \"stdout_lines\": [\n                                [\n"
                + listed(lines(h.1).map(quoted), indent: 36) + "\n                                ]\n                            ]\n                        }"
        }.joined(separator: ",\n")
        return "{\n    \"custom_stats\": {},\n    \"global_custom_stats\": {},\n    \"plays\": [\n        {\n"
            + "            \"play\": {\n                \"duration\": {\n                    \"end\": \"2024-06-19T12:30:00.000000Z\",\n"
            + "                    \"start\": \"2024-06-19T12:29:58.000000Z\"\n                },\n                \"id\": \"0242ac11-0002\",\n"
            + "                \"name\": \"routers\"\n            },\n            \"tasks\": [\n                {\n"
            + "                    \"hosts\": {\n" + results + "\n                    },\n"
            + "                    \"task\": {\n                        \"id\": \"0242ac11-0004\",\n                        \"name\": \"show logging\"\n"
            + "                    }\n                }\n            ]\n        }\n    ],\n    \"stats\": {\n"
            + hosts.map { "        \(quoted($0.0)): {\n            \"changed\": 0,\n            \"ok\": 1\n        }" }.joined(separator: ",\n")
            + "\n    }\n}\n"
    }

    /// Every form of one router's log, by name.
    static func forms(_ host: String, _ text: String) -> [(String, String)] {
        Form.allCases.map { ("playbook, \($0)", playbook([(host, text)], $0)) }
            + [("ad-hoc -o", adHoc([(host, text)])), ("result file", resultFile(text)), ("result file, pretty", niceResultFile(text)), ("json callback", jsonCallback([(host, text)]))]
    }
}

extension DamageTests {
    /// Each sample in every form Ansible prints it in (a string per line, the whole log in one
    /// string, both, on one line with the module's arguments, an ad-hoc run's line, a result saved
    /// as JSON, the `json` callback's document): the findings and SAs of the log itself.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func ansiblesOutputOfALogKeepsItsFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        for (form, output) in Ansible.forms("R1", text) {
            #expect(Self.findings(output) == expected, "\(form)")
            let s = Fixture.device(Array(output.utf8)).stats
            #expect(s.unrecognized == Fixture.device(Array(text.utf8)).stats.unrecognized, "\(form)")
        }
    }

    /// Every line is counted: the file's lines, each of the log's lines a string holds on one line
    /// (numbered as the log's lines), Ansible's own lines as console noise; a line of the log is
    /// numbered by the file's line it is on (a string per line), or as the log's own line (the
    /// whole log in one string, on a file's first line).
    @Test func ansiblesLinesAreCountedAndTheLogsLinesNumbered() {
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        let plain = Fixture.device(Array(text.utf8))
        let plainEvents = Fixture.events(text)
        #expect(plain.stats.lines == 197 && plain.stats.noise == 20 && plain.stats.unrecognized == 0)

        // A string per line: the file's lines; the banners, the result's first 3 lines and last
        // 3, the recap (13 lines) are Ansible's.
        let lines = Ansible.playbook([("R1", text)], .stdoutLines)
        let fileLines = lines.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(fileLines == 197 + 13)
        let s = Fixture.device(Array(lines.utf8)).stats
        #expect(s.lines == fileLines && s.unrecognized == 0 && s.noise == 20 + 13 && s.recognized == s.lines)
        #expect(Fixture.events(lines).map { [$0.firstLine, $0.lastLine] } == plainEvents.map { [$0.firstLine + 7, $0.lastLine + 7] })

        // The whole log in one string on the file's first line: its lines numbered as the log's.
        let file = Ansible.resultFile(text)
        let one = Fixture.device(Array(file.utf8)).stats
        #expect([one.lines, one.noise, one.unrecognized, one.truncated] as [Int] == [197, 20, 0, 0])
        #expect(Fixture.events(file).map { [$0.firstLine, $0.lastLine] } == plainEvents.map { [$0.firstLine, $0.lastLine] })
        #expect(Fixture.events(file).map(\.text) == plainEvents.map(\.text))

        // `stdout` then `stdout_lines` of the same result: the log read once (not as a copy the
        // replay filter drops), the lines of `stdout_lines` Ansible's.
        let both = Ansible.playbook([("R1", text)], .registered)
        let b = Fixture.device(Array(both.utf8)).stats
        let bothLines = both.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        #expect(b.lines == bothLines + 196 && b.repeated == 0 && b.unrecognized == 0 && b.noise == b.lines - 197 + 20)

        // Whatever the chunks.
        for output in [lines, file, both, Ansible.jsonCallback([("R1", text)])] {
            let whole = Fixture.device(Array(output.utf8))
            for chunking in [Fixture.Chunking.bytewise, .random(seed: 5)] {
                let d = Fixture.device(Array(output.utf8), chunking: chunking)
                #expect(d.stats == whole.stats, "\(chunking)")
                #expect(Analysis.diagnose([d]).findings.map(\.id) == ["keyring-mismatch"], "\(chunking)")
                #expect(d.sas.map(Self.summary) == whole.sas.map(Self.summary), "\(chunking)")
            }
        }
    }

    /// The host a result names (`ok: [r1.lab]`, `r1.lab | SUCCESS`, the `json` callback's
    /// `"hosts": {"r1.lab": …}`) names the device of its lines: two routers' results in one run
    /// are two devices, each with its own log's findings and SAs, every line counted.
    @Test func eachResultsHostIsADevice() {
        let files = [("r1-responder-keyring-mismatch", "r1.lab"), ("r2-initiator-keyring-mismatch", "r2.lab")]
        let hosts = files.map { ($0.1, Fixture.sampleText($0.0)) }
        let separate = Self.findingsByDevice(files.map { ("\($0.1).log", Array(Fixture.sampleText($0.0).utf8)) })
        let expected = ["r1.lab": separate["R1"] ?? [], "r2.lab": separate["R2"] ?? []]
        #expect(expected["r1.lab"]?.first == "1 keyring-mismatch error" && expected["r2.lab"]?.first == "1 mm5-rejected-by-peer error")
        var outputs = Ansible.Form.allCases.map { ("playbook, \($0)", Ansible.playbook(hosts, $0)) }
        outputs += [("ad-hoc -o", Ansible.adHoc(hosts)), ("json callback", Ansible.jsonCallback(hosts))]
        for (form, output) in outputs {
            #expect(Self.findingsByDevice([("run.log", Array(output.utf8))]) == expected, "\(form)")
            let devices = SplitLineTests.devices(output)
            #expect(devices.map(\.name) == ["r1.lab", "r2.lab"], "\(form)")
            #expect(devices.map(\.stats.unrecognized) == [0, 0], "\(form)")
            // (Each of the log's lines a string holds on one line is a line.)
            let count = output.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            let folded = form == "playbook, stdoutLines" || form == "playbook, msg" ? 0 : hosts.map { Ansible.lines($0.1).count - 1 }.reduce(0, +)
            #expect(devices.map(\.stats.lines).reduce(0, +) == count + folded, "\(form)")
        }
        let bytewise = Self.findingsByDevice([("run.log", Array(Ansible.playbook(hosts, .stdoutLines).utf8))], chunking: .bytewise)
        #expect(bytewise == expected)
    }

    /// A router's whole log in one string on one line, far longer than a line may be (a busy
    /// head-end's 1.4 MB): read as it comes, the log's findings, no line cut; the reader holds a
    /// line of it at a time.
    @Test func aWholeLogInOneStringStreams() {
        let text = Fixture.sampleText("busy-headend")
        let output = "ok: [HUB] => {\"output.stdout\": [\(Ansible.stdout(text))]}\n"
        #expect(output.utf8.count > 1_400_000)
        #expect(Self.findings(output) == Self.findings(text))
        let s = Fixture.device(Array(output.utf8), chunking: .random(seed: 9)).stats
        #expect(s.lines == Ansible.lines(text).count && s.truncated == 0 && s.unrecognized == Fixture.device(Array(text.utf8)).stats.unrecognized)
        var reader = AnsibleOutput()
        var most = 0
        var count = 0
        let bytes = Array(output.utf8)
        var i = 0
        while i < bytes.count {
            let chunk = Array(bytes[i..<min(bytes.count, i + 65536)])
            chunk.withUnsafeBytes { reader.feed($0) { _, _, _, kind, _ in if kind == .log { count += 1 } } }
            most = max(most, reader.heldBytes)
            i += 65536
        }
        #expect(count == Ansible.lines(text).count && most < 1024)
        // A line of the string longer than a line may be is cut there, and counted so.
        let long = "ok: [R1] => {\"msg\": \"x\\n\(String(repeating: "y", count: 70_000))\\nz\"}\n"
        var got: [(Int, Int, Bool)] = []
        var r = AnsibleOutput()
        Array(long.utf8).withUnsafeBytes { r.feed($0) { line, number, cut, kind, _ in if kind == .log { got.append((line.count, number, cut)) } } }
        #expect(got.map { [$0.0, $0.1] } == [[1, 1], [LineFramer.defaultMaxLineLength, 2], [1, 3]] && got.map(\.2) == [false, true, false])
    }

    /// A string's escapes are undone (`\n` ends a line of the log; `\t`, `\"`, `\\`, `\/`, `\r`,
    /// `\u00e9`, a surrogate pair), each line handed on under the result's host, Ansible's lines as
    /// its own; fields of Ansible's own (a module's arguments, warnings, a failed task's `msg`) are
    /// none of the log's.
    @Test func aStringsEscapesAreUndone() {
        func read(_ s: String) -> [String] {
            var out: [String] = []
            var r = AnsibleOutput()
            Array(s.utf8).withUnsafeBytes {
                r.feed($0) { line, number, cut, kind, host in
                    out.append("\(number) \(kind) \(String(decoding: host, as: UTF8.self)) \(String(decoding: line, as: UTF8.self))")
                }
            }
            r.finish { line, number, _, kind, host in out.append("\(number) \(kind) \(String(decoding: host, as: UTF8.self)) \(String(decoding: line, as: UTF8.self))") }
            return out
        }
        #expect(read(#"ok: [R1 -> localhost] => {"msg": "a\tb \"q\" \\ \/ caf\u00e9 \ud83d\ude00\r\nnext\n"}"# + "\n")
                == ["1 log R1 a\tb \"q\" \\ / café 😀", "2 log R1 next"])
        #expect(read("TASK [x] ***\nok: [R2] => {\n    \"changed\": false,\n    \"invocation\": {\"module_args\": {\"commands\": [\"show logging\"]}},\n"
                     + "    \"warnings\": [\"a warning\"],\n    \"stdout\": [\"\", \"one\"]\n}\nR2 | CHANGED | rc=0 >>\nraw line\n\nPLAY RECAP ***\n")
                == ["1 tool  ", "2 tool  ", "3 tool  ", "4 tool  ", "5 tool  ", "6 log R2 ", "7 log R2 one", "8 tool  ", "9 tool  ",
                    "10 plain R2 raw line", "11 plain  ", "12 tool  "])
        #expect(read(#"fatal: [R1]: FAILED! => {"changed": false, "msg": "timeout value 30 seconds reached"}"#) == ["1 tool  "])
        // (A result cut short, its closing brackets lost: Ansible's next line is read as its own.)
        #expect(read("ok: [R1] => {\n    \"msg\": [\n        \"one\",\nPLAY RECAP ***\nR1 : ok=1    failed=0\n1 plays in show.yml\n")
                == ["1 tool  ", "2 tool  ", "3 log R1 one", "4 tool  ", "5 tool  ", "6 tool  "])
        // (A warning's lines, to a blank line or Ansible's next line; then an ad-hoc run's raw output.)
        #expect(read("[WARNING]: Platform linux on host R1 is using the discovered Python\ninterpreter at /usr/bin/python3\n"
                     + "R1 | CHANGED | rc=0 >>\n*Jun 19 12:28:44.251: ISAKMP: one\n\nTASK [x] ***\nlast\n")
                == ["1 tool  ", "2 tool  ", "3 tool  ", "4 plain R1 *Jun 19 12:28:44.251: ISAKMP: one", "5 plain  ", "6 tool  ", "7 plain  last"])
        // (A quote lost in a paste ends the string at its line's end.)
        #expect(read("[\n  \"*Jun 19 12:28:44.251: ISAKMP: one\n  \"two\"\n]") == ["1 tool  ", "2 log  *Jun 19 12:28:44.251: ISAKMP: one", "3 log  two", "4 tool  "])
    }

    /// What tells Ansible's output, on the input's first lines; a log with lines that only look a
    /// little like it (a quoted line, a bracketed stamp, a JSON export) is read as before.
    @Test func ansiblesOutputIsToldByItsFirstLines() {
        func judge(_ s: String, final: Bool = true) -> Bool? { Array(s.utf8).withUnsafeBufferPointer { AnsibleOutput.judge($0, final: final) } }
        for yes in ["PLAY [routers] ***\n", "\nTASK [show logging] *********\n", "ok: [R1] => {\n", "ok: [R1] => {\"stdout\": [\"R1#",
                    "R1 | SUCCESS => {\"changed\": false", "{\n    \"changed\": false,\n", "{\"changed\": false, \"stdout\": [\"x\"]}",
                    "{\n    \"custom_stats\": {},\n", "[\n    [\n        \"R1#debug crypto isakmp\",\n", "{\"output.stdout_lines\": [[",
                    "[WARNING]: Platform linux on host R1 is using the discovered Python\ninterpreter at /usr/bin/python3.10\n\nok: [R1] => {\n",
                    "Using /etc/ansible/ansible.cfg as config file\nfatal: [R1]: FAILED! => {\"msg\": \"x\"}\n", "skipping: [R1]\n"] {
            #expect(judge(yes) == true, "\(yes)")
        }
        for no in ["R1#debug crypto isakmp\n", "*Jun 19 12:28:44.251: ISAKMP (0): received packet\n", "\"quoted\"\n",
                   "[09:00:00] *Jun 19 12:28:44.251: ISAKMP (0): x\n", "{\"host\":\"R1\",\"message\":\"*Jun 19 …\"}\n",
                   "[\n  {\n    \"message\": \"x\"\n", "[R1] R1#debug crypto isakmp\n", "R1 | R1#debug crypto isakmp\n", "{\\rtf1\\ansi\n",
                   "[WARNING]: x\n*Jun 19 12:28:44.251: ISAKMP (0): received packet\n", "ok: fine\n", ""] {
            #expect(judge(no) == false, "\(no)")
        }
        // Told as soon as the first line is, not before.
        #expect(judge("ok: [R1] =", final: false) == nil && judge("{\n", final: false) == nil && judge("R1#debug", final: false) == nil)
        #expect(judge("R1#debug\n", final: false) == false)
        // A log with quoted lines in it, and one that starts with one: read as before.
        let text = Fixture.sampleText("r1-responder-keyring-mismatch")
        var lines = Ansible.lines(text)
        lines.insert("\"*Jun 19 12:28:44.251: ISAKMP: quoted\",", at: 40)
        lines.insert("\"R1 console\"", at: 0)
        let quoted = lines.joined(separator: "\n") + "\n"
        #expect(Self.findings(quoted) == Self.findings(text))
        let s = Fixture.device(Array(quoted.utf8)).stats
        #expect([s.lines, s.unrecognized, s.noise] as [Int] == [199, 1, 20])
    }
}
