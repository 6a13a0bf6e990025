import Foundation
import Testing
@testable import IKELens

/// Ansible's YAML output of routers' logs (see `AnsibleYAML`): PyYAML's emitter as the two YAML
/// callbacks run it, for the results a playbook prints.
extension Ansible {
    /// A value of a result.
    indirect enum Node {
        case string(String)
        case bool(Bool)
        case list([Node])
        /// Keys as given (PyYAML sorts them; these are given sorted).
        case map([(String, Node)])
    }

    /// A YAML callback: community.general's `yaml` (`stdout_callback = yaml`: PyYAML's indent 2,
    /// width 1000, the result 2 to the right, `changed=false` on the result's line) or
    /// ansible-core's default with `callback_result_format = yaml` (indent 4, PyYAML's width 80,
    /// the result 4 to the right, blank lines not).
    enum YAMLCallback: CaseIterable, CustomStringConvertible {
        case community, core

        var indent: Int { self == .community ? 2 : 4 }
        var width: Int { self == .community ? 1000 : 80 }
        var description: String { self == .community ? "community.general.yaml" : "result_format=yaml" }

        /// A result's lines after `ok: [host] =>` (`changed` on that line for community.general).
        func result(_ host: String, _ fields: [(String, Node)], failed: Bool = false) -> String {
            var fields = fields
            var header = failed ? "fatal: [\(host)]: FAILED! => " : "ok: [\(host)] => "
            if self == .community, let i = fields.firstIndex(where: { $0.0 == "changed" }), case .bool(let b) = fields[i].1 {
                header += "changed=\(b) "
                fields.remove(at: i)
            }
            var dumper = YAMLDumper(indent: indent, width: width)
            dumper.mapping(fields, indent: 0, inline: false)
            let dumped = dumper.out + "\n"
            switch self {
            case .community:
                // `'\n  '.join(dumped.split('\n')).rstrip()`, then the display's line end.
                var text = header + "\n" + dumped
                text = text.replacingOccurrences(of: "\n", with: "\n  ")
                while let last = text.unicodeScalars.last, last == " " || last == "\n" { text.unicodeScalars.removeLast() }
                return text + "\n"
            case .core:
                // `textwrap.indent`: blank lines stay blank.
                let lines = dumped.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                return header + "\n" + lines.map { $0.allSatisfy { $0 == " " } ? String($0) : "    " + $0 }.joined(separator: "\n") + "\n"
            }
        }
    }

    /// What a playbook prints of a host's log, in YAML.
    enum YAMLForm: CaseIterable {
        /// `-v`: the `ios_command` task's own result (its `stdout_lines` `<omitted>`, as the
        /// `stdout` holds the same).
        case verbose
        /// `debug: var=output`: the registered result, `stdout` and `stdout_lines` both.
        case registered
        /// `debug: var=output.stdout_lines`.
        case stdoutLines
        /// `debug: msg="{{ output.stdout_lines }}"`.
        case msg

        func result(_ callback: YAMLCallback, _ host: String, _ text: String) -> String {
            let lines = Ansible.lines(text)
            let stdout = Node.list([.string(lines.joined(separator: "\n"))])
            let stdoutLines = Node.list([.list(lines.map { .string($0) })])
            switch self {
            case .verbose:
                return callback.result(host, [("changed", .bool(false)), ("stdout", stdout), ("stdout_lines", .string("<omitted>"))])
            case .registered:
                return callback.result(host, [("output", .map([("changed", .bool(false)), ("failed", .bool(false)), ("stdout", stdout),
                                                                ("stdout_lines", stdoutLines)]))])
            case .stdoutLines:
                return callback.result(host, [("output.stdout_lines", stdoutLines)])
            case .msg:
                return callback.result(host, [("msg", stdoutLines)])
            }
        }
    }

    /// A playbook's run over `hosts` (name, log) with a YAML callback, each host's result in `form`.
    static func yamlPlaybook(_ hosts: [(String, String)], _ callback: YAMLCallback, _ form: YAMLForm) -> String {
        "\nPLAY [routers] \(stars)\n\nTASK [show logging] \(stars)\n"
            + hosts.map { form.result(callback, $0.0, $0.1) }.joined()
            + "\nPLAY RECAP \(stars)\n"
            + hosts.map { "\($0.0)\(String(repeating: " ", count: max(1, 27 - $0.0.count))): ok=2    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \n" }.joined()
    }

    /// A run with `-v` of the task and a `debug: var=output.stdout_lines` after it: the log
    /// twice, as a block literal and as strings.
    static func yamlVerboseAndDebug(_ host: String, _ text: String, _ callback: YAMLCallback) -> String {
        "No config file found; using defaults\n\nPLAY [routers] \(stars)\n\nTASK [show logging] \(stars)\n"
            + YAMLForm.verbose.result(callback, host, text) + "\nTASK [debug] \(stars)\n" + YAMLForm.stdoutLines.result(callback, host, text)
            + "\nPLAY RECAP \(stars)\n\(host)                         : ok=2    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0   \n"
    }

    /// Every YAML form of one router's log, by name.
    static func yamlForms(_ host: String, _ text: String) -> [(String, String)] {
        YAMLCallback.allCases.flatMap { c in YAMLForm.allCases.map { ("\(c), \($0)", yamlPlaybook([(host, text)], c, $0)) } }
            + YAMLCallback.allCases.map { ("\($0), -v and debug", yamlVerboseAndDebug(host, text, $0)) }
    }

    /// PyYAML's emitter (`yaml.dump(…, default_flow_style=False, allow_unicode=True)`) for a
    /// result's values: strings with a line end as block literals, munged as the callbacks do
    /// (`lossy`: no white space at a line's end, tabs expanded); the others plain, single- or
    /// double-quoted as PyYAML's analysis allows, folded at a space past `width`.
    struct YAMLDumper {
        let indent: Int
        let width: Int
        var out = ""
        var column = 0

        mutating func write(_ s: String) {
            out += s
            column += s.unicodeScalars.count
        }

        mutating func newline(to: Int) {
            out += "\n" + String(repeating: " ", count: to)
            column = to
        }

        mutating func pad(to: Int) {
            if column < to { write(String(repeating: " ", count: to - column)) }
        }

        mutating func mapping(_ pairs: [(String, Node)], indent i: Int, inline: Bool) {
            for (n, (key, value)) in pairs.enumerated() {
                if n == 0, inline { pad(to: i) } else if !out.isEmpty { newline(to: i) } else { pad(to: i) }
                write(key + ":")
                node(value, parent: i, inMapping: true)
            }
        }

        mutating func sequence(_ items: [Node], indent s: Int, inline: Bool) {
            for (n, item) in items.enumerated() {
                if n == 0, inline { pad(to: s) } else { newline(to: s) }
                write("-")
                switch item {
                case .list(let l) where !l.isEmpty: sequence(l, indent: s + indent, inline: true)
                case .map(let m) where !m.isEmpty: mapping(m, indent: s + indent, inline: true)
                default: node(item, parent: s, inMapping: false)
                }
            }
        }

        /// A value after its key's colon or its `-`.
        mutating func node(_ value: Node, parent: Int, inMapping: Bool) {
            switch value {
            case .bool(let b): write(" \(b)")
            case .list(let l) where l.isEmpty: write(" []")
            case .map(let m) where m.isEmpty: write(" {}")
            // (A sequence in a mapping is not indented: its `-` at the key's column.)
            case .list(let l): sequence(l, indent: parent, inline: false)
            case .map(let m): mapping(m, indent: parent + indent, inline: false)
            case .string(let s): scalar(s, indent: parent + indent)
            }
        }

        mutating func scalar(_ s: String, indent i: Int) {
            let u = Array(s.unicodeScalars)
            if u.contains(where: { "\n\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }) {
                literal(Self.munged(s), indent: i)
                return
            }
            let a = Self.analysis(u)
            if a.plain, Self.resolvesToString(s) {
                write(" ")
                folded(u, indent: i, quote: nil)
            } else if a.single {
                write(" '")
                folded(u, indent: i, quote: "'")
                write("'")
            } else {
                write(" \"")
                doubleQuoted(u, indent: i)
                write("\"")
            }
        }

        /// A block literal (`|-`; `|4-` when it starts with a space): its lines at `indent`, a
        /// blank one without.
        mutating func literal(_ s: String, indent i: Int) {
            var hints = ""
            if let f = s.unicodeScalars.first, f == " " || f == "\n" { hints += "\(indent)" }
            precondition(!s.hasSuffix("\n"))
            hints += "-"
            write(" |" + hints)
            for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.isEmpty {
                    out += "\n"
                    column = 0
                } else {
                    newline(to: i)
                    write(String(line))
                }
            }
        }

        /// The callbacks' munging of a string for a block literal: no trailing white space, tabs
        /// expanded, no special characters, no spaces before a line end.
        static func munged(_ s: String) -> String {
            var t = s
            while let l = t.unicodeScalars.last, l == " " || l == "\t" || l == "\n" || l == "\r" { t.unicodeScalars.removeLast() }
            var lines: [String] = []
            for line in t.split(separator: "\n", omittingEmptySubsequences: false) {
                var e = ""
                for c in line.unicodeScalars {
                    if c == "\t" {
                        e += String(repeating: " ", count: 8 - e.unicodeScalars.count % 8)
                    } else if c.value >= 0x20 && c.value <= 0x7E || c.value == 0x85 || c.value >= 0xA0 && c.value != 0xFEFF {
                        e.unicodeScalars.append(c)
                    }
                }
                while e.hasSuffix(" ") { e.removeLast() }
                lines.append(e)
            }
            return lines.joined(separator: "\n")
        }

        /// PyYAML's `analyze_scalar` (one line, `allow_unicode`): whether it may be plain (in
        /// block context), single-quoted.
        static func analysis(_ u: [Unicode.Scalar]) -> (plain: Bool, single: Bool) {
            if u.isEmpty { return (true, true) }
            var block = false
            var special = false
            let ws: Set<Unicode.Scalar> = ["\0", " ", "\t", "\r", "\n", "\u{85}", "\u{2028}", "\u{2029}"]
            let text = String(String.UnicodeScalarView(u))
            if text.hasPrefix("---") || text.hasPrefix("...") { block = true }
            var preceded = true
            var followed = u.count == 1 || ws.contains(u[1])
            for (i, c) in u.enumerated() {
                if i == 0 {
                    if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(c) { block = true }
                    if (c == "?" || c == ":") && followed { block = true }
                    if c == "-" && followed { block = true }
                } else {
                    if c == ":" && followed { block = true }
                    if c == "#" && preceded { block = true }
                }
                let v = c.value
                if !(v >= 0x20 && v <= 0x7E) {
                    if !(v == 0x85 || v >= 0xA0 && v <= 0xD7FF || v >= 0xE000 && v <= 0xFFFD || v >= 0x10000 && v < 0x10FFFF) || v == 0xFEFF {
                        special = true
                    }
                }
                preceded = ws.contains(c)
                followed = i + 2 >= u.count || ws.contains(u[i + 2])
            }
            let leadingOrTrailing = u.first == " " || u.last == " "
            return (!leadingOrTrailing && !special && !block, !special)
        }

        /// PyYAML's resolver: a plain scalar that would read back as no string (a number, a
        /// boolean, null, a date) is quoted.
        static func resolvesToString(_ s: String) -> Bool {
            let patterns = [
                "^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
                "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$",
                "^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$",
                "^(?:<<)$", "^(?:~|null|Null|NULL|)$", "^(?:=)$",
                "^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \\t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
            ]
            return !patterns.contains { s.range(of: $0, options: .regularExpression) != nil }
        }

        /// PyYAML's `write_plain` / `write_single_quoted` for one line: a single space past the
        /// width is a fold, the next line at `indent`.
        mutating func folded(_ u: [Unicode.Scalar], indent i: Int, quote: Unicode.Scalar?) {
            var start = 0
            var end = 0
            var spaces = false
            while end <= u.count {
                let ch: Unicode.Scalar? = end < u.count ? u[end] : nil
                if spaces {
                    if ch != " " {
                        if start + 1 == end, column > width, (quote == nil || start != 0 && end != u.count) {
                            newline(to: i)
                        } else {
                            write(String(String.UnicodeScalarView(u[start..<end])))
                        }
                        start = end
                    }
                } else if ch == nil || ch == " " || quote != nil && ch == quote {
                    if start < end {
                        write(String(String.UnicodeScalarView(u[start..<end])))
                        start = end
                    }
                }
                if let quote, ch == quote {
                    write("''")
                    start = end + 1
                }
                if let ch { spaces = ch == " " }
                end += 1
            }
        }

        /// PyYAML's `write_double_quoted`: escapes, and a fold past the width with `\` at the
        /// line's end (and `\ ` for a space starting the next).
        mutating func doubleQuoted(_ u: [Unicode.Scalar], indent i: Int) {
            let escapes: [UInt32: String] = [0: "0", 7: "a", 8: "b", 9: "t", 10: "n", 11: "v", 12: "f", 13: "r", 27: "e", 0x22: "\"",
                                             0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P"]
            var start = 0
            var end = 0
            while end <= u.count {
                let ch: Unicode.Scalar? = end < u.count ? u[end] : nil
                let special = ch.map { c in
                    let c = c.value
                    return c == 0x22 || c == 0x5C || c == 0x85 || c == 0x2028 || c == 0x2029 || c == 0xFEFF
                        || !(c >= 0x20 && c <= 0x7E || c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD)
                } ?? true
                if special {
                    if start < end {
                        write(String(String.UnicodeScalarView(u[start..<end])))
                        start = end
                    }
                    if let c = ch?.value {
                        if let e = escapes[c] {
                            write("\\" + e)
                        } else if c <= 0xFF {
                            write(String(format: "\\x%02X", c))
                        } else if c <= 0xFFFF {
                            write(String(format: "\\u%04X", c))
                        } else {
                            write(String(format: "\\U%08X", c))
                        }
                        start = end + 1
                    }
                }
                if end > 0, end < u.count - 1, ch == " " || start >= end, column + (end - start) > width {
                    write(String(String.UnicodeScalarView(u[start..<end])) + "\\")
                    if start < end { start = end }
                    newline(to: i)
                    if u[start] == " " { write("\\") }
                }
                end += 1
            }
        }
    }
}

extension DamageTests {
    /// Each sample in every YAML form (either callback; the task's own result with `-v`, a
    /// registered result, its `stdout_lines`, a `msg` of them; `-v`'s result and a `debug` of its
    /// `stdout_lines` in one run, the log read once): the findings and SAs of the log itself,
    /// every line of the file counted, each once.
    @Test(arguments: Fixture.sampleNames().filter { $0 != "busy-headend" })
    func ansiblesYAMLOutputOfALogKeepsItsFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = Self.findings(text)
        let unrecognized = Fixture.device(Array(text.utf8)).stats.unrecognized
        for (form, output) in Ansible.yamlForms("R1", text) {
            #expect(Self.findings(output) == expected, "\(form)")
            let s = Fixture.device(Array(output.utf8)).stats
            #expect(s.unrecognized == unrecognized, "\(form)")
            #expect(s.lines == output.split(separator: "\n", omittingEmptySubsequences: false).count - 1, "\(form)")
        }
    }

    /// The host each result names (`ok: [r1.lab] =>`) names the device of its lines: two routers'
    /// results in one run are two devices, each with its own log's findings and SAs, every line
    /// counted, whatever the chunks.
    @Test func eachYAMLResultsHostIsADevice() {
        let files = [("r1-responder-keyring-mismatch", "r1.lab"), ("r2-initiator-keyring-mismatch", "r2.lab")]
        let hosts = files.map { ($0.1, Fixture.sampleText($0.0)) }
        let separate = Self.findingsByDevice(files.map { ("\($0.1).log", Array(Fixture.sampleText($0.0).utf8)) })
        let expected = ["r1.lab": separate["R1"] ?? [], "r2.lab": separate["R2"] ?? []]
        #expect(expected["r1.lab"]?.first == "1 keyring-mismatch error" && expected["r2.lab"]?.first == "1 mm5-rejected-by-peer error")
        for callback in Ansible.YAMLCallback.allCases {
            for form in Ansible.YAMLForm.allCases {
                let output = Ansible.yamlPlaybook(hosts, callback, form)
                #expect(Self.findingsByDevice([("run.log", Array(output.utf8))]) == expected, "\(callback), \(form)")
                let devices = SplitLineTests.devices(output)
                #expect(devices.map(\.name) == ["r1.lab", "r2.lab"], "\(callback), \(form)")
                #expect(devices.map(\.stats.unrecognized) == [0, 0], "\(callback), \(form)")
                let count = output.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                #expect(devices.map(\.stats.lines).reduce(0, +) == count, "\(callback), \(form)")
            }
            let output = Array(Ansible.yamlPlaybook(hosts, callback, .stdoutLines).utf8)
            for chunking in [Fixture.Chunking.bytewise, .random(seed: 3)] {
                #expect(Self.findingsByDevice([("run.log", output)], chunking: chunking) == expected, "\(callback), \(chunking)")
            }
        }
    }

    /// The log's lines as the reader hands them on: each string of `stdout_lines` is the log's
    /// line as it was (`''` a quote, `"\t…"` escapes undone, a line folded at the width joined
    /// again with its space; no white space at its end), numbered by the file's line it starts
    /// on, its other lines Ansible's; a block literal's lines are the log's lines on the file's
    /// lines (as the callbacks munged them: no white space at their end, tabs expanded). Every
    /// number once, in order.
    @Test func yamlStringsAreTheLogsLines() throws {
        for name in ["ikev2-auth-failed-responder", "am3-not-received-ezvpn-server"] {
            let text = Fixture.sampleText(name)
            let lines = Ansible.lines(text)
            #expect(lines.contains { $0.contains("'") } || lines.contains { $0.contains("\t") }, "\(name)")
            let trimmed = lines.map { l in String(l.reversed().drop { $0 == " " || $0 == "\t" }.reversed()) }
            for callback in Ansible.YAMLCallback.allCases {
                for form in [Ansible.YAMLForm.stdoutLines, .verbose] {
                    let output = Ansible.yamlPlaybook([("R1", text)], callback, form)
                    let fileLines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                    var got: [(Int, String)] = []
                    var numbers: [Int] = []
                    var reader = AnsibleOutput()
                    let sink: AnsibleOutput.Sink = { line, number, _, kind, host in
                        numbers.append(number)
                        if kind == .log {
                            #expect(String(decoding: host, as: UTF8.self) == "R1")
                            got.append((number, String(decoding: line, as: UTF8.self)))
                        }
                    }
                    Array(output.utf8).withUnsafeBytes { reader.feed($0, sink) }
                    reader.finish(sink)
                    #expect(numbers == Array(1...fileLines.count), "\(name) \(callback) \(form)")
                    if form == .stdoutLines {
                        #expect(got.map(\.1) == trimmed, "\(name) \(callback) \(form)")
                        // (A string starts on its line, after its `- `.)
                        let starts = got.map { fileLines[$0.0 - 1].trimmingCharacters(in: .whitespaces).hasPrefix("- ") }
                        #expect(!starts.contains(false), "\(name) \(callback) \(form)")
                        if callback == .core {
                            // (Lines longer than the width were folded, and are read whole.)
                            #expect(fileLines.count > lines.count + 13, "\(name)")
                        }
                    } else {
                        let munged = Ansible.YAMLDumper.munged(lines.joined(separator: "\n")).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                        #expect(got.map(\.1) == munged, "\(name) \(callback) \(form)")
                        let first = try #require(got.first?.0)
                        #expect(got.map(\.0) == Array(first..<(first + munged.count)), "\(name) \(callback) \(form)")
                    }
                }
            }
            // The events read, their lines' text and numbers: those of the log, from the file's lines.
            let plain = Fixture.events(trimmed.joined(separator: "\n") + "\n")
            for callback in Ansible.YAMLCallback.allCases {
                let output = Ansible.yamlPlaybook([("R1", text)], callback, .stdoutLines)
                let events = Fixture.events(output)
                #expect(events.map(\.text) == plain.map(\.text), "\(name) \(callback)")
                let fileLines = output.split(separator: "\n", omittingEmptySubsequences: false)
                for e in events.prefix(40) {
                    #expect(fileLines[e.firstLine - 1].contains(e.text.prefix(20)), "\(name) \(callback) \(e.firstLine)")
                }
            }
        }
    }

    /// What the reader makes of a YAML result's other shapes: double-quoted escapes and folds, a
    /// block literal that starts with a space (`|4-`), Ansible's own fields (a module's arguments,
    /// a failed task's `msg`, a `stdout_lines` after the `stdout` of the same result, `rc`),
    /// results one after another, JSON after YAML, a quote lost.
    @Test func yamlResultsOtherShapes() {
        func read(_ s: String) -> [String] {
            var out: [String] = []
            var r = AnsibleOutput()
            let sink: AnsibleOutput.Sink = { line, number, _, kind, host in
                out.append("\(number) \(kind) \(String(decoding: host, as: UTF8.self)) \(String(decoding: line, as: UTF8.self))")
            }
            Array(s.utf8).withUnsafeBytes { r.feed($0, sink) }
            r.finish(sink)
            return out
        }
        // Double-quoted: escapes, a `\n` ending a line of the log, an escaped line break.
        #expect(read("ok: [R1] => \n    msg:\n    - \"a\\tb \\\"q\\\" caf\\xE9 \\u00e9\\nnext line that goes\\\n        \\ on\"\n    - 'it''s\n        folded'\n")
                == ["1 tool  ", "2 tool  ", "3 log R1 a\tb \"q\" café é", "4 log R1 next line that goes on", "5 log R1 it's folded",
                    "6 tool  "])
        // A block literal with an indentation indicator; a blank line in it; a plain string folded.
        #expect(read("ok: [R2] => changed=false \n  stdout:\n  - |2-\n      indented\n    next\n  \n    last\n  x:\n  - plain\n    folded\n  - true\n")
                == ["1 tool  ", "2 tool  ", "3 tool  ", "4 log R2   indented", "5 log R2 next", "6 log R2 ", "7 log R2 last", "8 tool  ",
                    "9 log R2 plain folded", "10 tool  ", "11 tool  "])
        // Ansible's own fields; `stdout_lines` after the `stdout` it repeats; a failed task's `msg`.
        #expect(read("ok: [R1] => \n    invocation:\n        module_args:\n            commands:\n            - show logging\n    rc: 0\n"
                     + "    stdout: one\n    stdout_lines:\n    - one\nfatal: [R1]: FAILED! => \n    changed: false\n    msg: 'timeout: 30 seconds'\n")
                == ["1 tool  ", "2 tool  ", "3 tool  ", "4 tool  ", "5 tool  ", "6 tool  ", "7 log R1 one", "8 tool  ", "9 tool  ",
                    "10 tool  ", "11 tool  ", "12 tool  "])
        // A quoted key; a mapping in a list; after the YAML, Ansible's line and a JSON result.
        #expect(read("ok: [R1] => (item=x) => \n    'a: b':\n    -   k: v\n        stdout: two\n\nTASK [x] ***\nok: [R3] => {\"msg\": \"three\"}\n")
                == ["1 tool  ", "2 tool  ", "3 log R1 v", "4 log R1 two", "5 plain  ", "6 tool  ", "7 log R3 three"])
        // A quote lost: the string ends where the next line is not indented past its node.
        #expect(read("ok: [R1] => \n    msg:\n    - 'lost\n    - found\nPLAY RECAP ***\n")
                == ["1 tool  ", "2 tool  ", "3 log R1 lost", "4 log R1 found", "5 tool  "])
        // What a result's line ends with when its YAML follows: its arrow, or community.general's header.
        for (line, yaml) in [("ok: [R1] => ", true), ("ok: [R1] =>", true), ("ok: [R1] => changed=false ", true),
                             ("skipping: [R1] => changed=false skipped=true", true), ("ok: [R1] => (item=x) => ", true),
                             ("ok: [R1]", false), ("ok: [R1] => (item=x)", false), ("ok: [R1] => changed", false)] {
            #expect(read(line + "\n    msg: one\n") == ["1 tool  ", yaml ? "2 log R1 one" : "2 plain      msg: one"], "\(line)")
        }
    }
}
