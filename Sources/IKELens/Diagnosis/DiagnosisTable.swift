/// The README's table of diagnoses, generated from the diagnosers' own
/// descriptions (a test fails when the README's copy is stale).
public enum DiagnosisTable {
    public static func markdown() -> String {
        var out = "| id | severity | what it means | usual fix |\n|---|---|---|---|\n"
        for d in DiagnoserRegistry.all {
            let desc = d.description
            out += "| `\(desc.id)` | \(desc.severity.rawValue) | \(escape(desc.meaning)) | \(escape(desc.usualFix)) |\n"
        }
        return out
    }

    private static func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
}

import Foundation
