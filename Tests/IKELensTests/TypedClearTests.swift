import Foundation
import Testing
@testable import IKELens

/// `clear crypto …` typed at the prompt with a typo the operator corrected (raw backspaces, the
/// `BS SP BS` a terminal echoes for each, DEL): the command is the operator's clear as the
/// terminal shows it, and the SA it cut short is cleared by the operator, not failed.
@Suite struct TypedClearWithBackspacesTests {
    static let sample = Fixture.sampleText("cleared-by-operator-initiator")

    static let typed: [(String, String)] = [
        ("a backspace", "R1#clear crypto isakmo\u{8}p"),
        ("five backspaces", "R1#clear cyrpto\u{8}\u{8}\u{8}\u{8}\u{8}rypto isakmp"),
        ("the terminal's echo", "R1#clear cyrpto" + String(repeating: "\u{8} \u{8}", count: 5) + "rypto isakmp"),
        ("DEL", "R1#clear crypto iskamp\u{7F}\u{7F}\u{7F}\u{7F}akmp"),
        ("a typo in clear", "R1#cls\u{8}ear crypto isakmp"),
        ("the whole word again", "R1#clear crypto sesion\u{8}\u{8}\u{8}\u{8}\u{8}\u{8}isakmp"),
    ]

    @Test func aClearWithACorrectedTypoIsTheOperatorsClear() {
        let clean = DamageTests.findings(Self.sample)
        #expect(clean.contains("1 cleared-by-operator info"))
        #expect(Self.sample.contains("\nR1#clear crypto isakmp\n"))
        for (name, command) in Self.typed {
            let log = Self.sample.replacingOccurrences(of: "\nR1#clear crypto isakmp\n", with: "\n" + command + "\n")
            #expect(DamageTests.findings(log) == clean, "\(name)")
            let commands = Fixture.events(log).compactMap { e -> String? in if case let .operatorClear(c) = e.kind { return c } else { return nil } }
            #expect(commands == ["clear crypto isakmp"], "\(name)")
            let device = Fixture.device(Array(log.utf8))
            #expect(device.stats.lines == Fixture.device(Array(Self.sample.utf8)).stats.lines, "\(name)")
            #expect(device.stats.unrecognized == 0, "\(name)")
        }
    }
}
