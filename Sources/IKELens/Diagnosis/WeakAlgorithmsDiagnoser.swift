/// IOS-XE refuses weak algorithms (not CSDL compliant).
public struct WeakAlgorithmsDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "weak-algorithms",
        severity: .warning,
        meaning: "IOS-XE flags weak algorithms in the configuration (`not CSDL compliant`: DES/3DES, MD5, DH group 1/2/5); newer releases refuse them.",
        usualFix: "Move the ISAKMP policies and transform sets to AES, SHA-256 or better, and DH group 14 or higher.",
        triggering: [
            "*Oct 25 17:42:36.915: ISAKMP-ERROR: (0):(65514): Either (3des) encryption algorithm or (md5) hash algorithmis not CSDL compliant",
        ],
        nonTriggering: [
            "*Oct 25 17:42:36.915: ISAKMP: (0):Checking ISAKMP transform 1 against priority 10 policy",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        let lines = device.unattributed.filter { if case .weakAlgorithm = $0.kind { return true }; return false }
        guard !lines.isEmpty else { return [] }
        // (Counted in lines: one printed twice with the same stamp is one event of two lines.)
        let total = RouterMessages.count(device, kind: EventKind.weakAlgorithm(text: "").name,
                                         kept: lines.reduce(0) { $0 + $1.lastLine - $1.firstLine + 1 })
        // `Either (3des) encryption algorithm or (sha) hash algorithm`: IOS names the pair; the
        // weak one is what CSDL refuses (DES, 3DES, MD5, DH group 1, 2, 5), not SHA-1 beside it.
        var named: [String] = []
        for e in lines {
            for word in ["des", "3des", "md5"] where e.text.contains("(\(word))") && !named.contains(word) { named.append(word) }
            for g in ["1", "2", "5"] where e.text.contains("DH Group (\(g))") && !named.contains("DH group \(g)") { named.append("DH group \(g)") }
        }
        let list = named.isEmpty ? "" : ": \(named.joined(separator: ", "))"
        return [finding(device: device, peer: nil,
                        summary: "\(device.name) flags weak crypto algorithms as not CSDL compliant\(named.isEmpty ? "" : " (\(named.joined(separator: ", ")))")",
                        explanation: "IOS-XE checks the ISAKMP policies against Cisco's secure development baseline (CSDL) and printed \(total) message\(total == 1 ? "" : "s") naming weak algorithms\(list). Depending on the release and license these are refused outright, so a tunnel that relies on them may not negotiate at all, or fail after an upgrade. The messages name algorithms, not policies: when `show crypto isakmp policy` lists none that uses them, they are IOS's default ISAKMP policies, checked when a crypto map is applied.",
                        fix: "Replace them on both ends: `encryption aes 256`, `hash sha256`, `group 14` (or higher) under `crypto isakmp policy`, and `esp-aes 256 esp-sha256-hmac` in transform sets still on `esp-3des` or `esp-md5-hmac`. If only IOS's default policies use them (`show crypto isakmp default policy`), `no crypto isakmp default policy` removes those.",
                        evidence: Array(lines.prefix(3)))]
    }
}
