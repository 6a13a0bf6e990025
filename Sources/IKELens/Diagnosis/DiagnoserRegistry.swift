/// The one list of diagnosers. A test fails when a diagnoser file is not here.
public enum DiagnoserRegistry {
    public static let all: [any Diagnoser.Type] = [
        KeyringMismatchDiagnoser.self,
        PSKMismatchDiagnoser.self,
        MM5RejectedByPeerDiagnoser.self,
        QuickModeProfileMismatchDiagnoser.self,
        QuickModeRefusedByPeerDiagnoser.self,
    ]

    public static func makeAll() -> [any Diagnoser] { all.map { $0.init() } }

    public static func description(of id: String) -> DiagnoserDescription? {
        all.first { $0.description.id == id }?.description
    }
}
