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
        let total = RouterMessages.count(device, kind: EventKind.weakAlgorithm(text: "").name, kept: lines.count)
        var named: [String] = []
        for e in lines {
            for word in ["des", "3des", "md5", "sha"] where e.text.contains("(\(word))") && !named.contains(word) { named.append(word) }
        }
        return [finding(device: device, peer: nil,
                        summary: "\(device.name) flags weak crypto algorithms as not CSDL compliant\(named.isEmpty ? "" : " (\(named.joined(separator: ", ")))")",
                        explanation: "IOS-XE checks the configured algorithms against Cisco's secure development baseline (CSDL) and reported \(total) policy or transform-set setting\(total == 1 ? "" : "s") as weak. Depending on the release and license these are refused outright, so a tunnel that relies on them may not negotiate at all, or fail after an upgrade.",
                        fix: "Replace them on both ends: `encryption aes 256`, `hash sha256`, `group 14` (or higher) under `crypto isakmp policy`, and `esp-aes 256 esp-sha256-hmac` transform sets.",
                        evidence: Array(lines.prefix(3)))]
    }
}
