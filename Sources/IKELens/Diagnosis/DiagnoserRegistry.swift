/// The one list of diagnosers. A test fails when a diagnoser file is not here.
public enum DiagnoserRegistry {
    public static let all: [any Diagnoser.Type] = [
        KeyringMismatchDiagnoser.self,
        PSKMismatchDiagnoser.self,
        MM5RejectedByPeerDiagnoser.self,
        QuickModeProfileMismatchDiagnoser.self,
        QuickModeRefusedByPeerDiagnoser.self,
        P1ProposalMismatchDiagnoser.self,
        NoPSKDiagnoser.self,
        IKEAuthFailedDiagnoser.self,
        PeerUnreachableDiagnoser.self,
        MM5NotReceivedDiagnoser.self,
        PeerDeadDiagnoser.self,
        XAuthFailedDiagnoser.self,
        TransformSetMismatchDiagnoser.self,
        InvalidLocalAddressDiagnoser.self,
        PFSMismatchDiagnoser.self,
        ProxyIDMismatchDiagnoser.self,
        QuickModeNoMatchingMapDiagnoser.self,
        QuickModeNoReplyDiagnoser.self,
        NATTraversalDiagnoser.self,
        LifetimeMismatchDiagnoser.self,
        RekeyStormDiagnoser.self,
        NoProfileMatchDiagnoser.self,
        InvalidSPIDiagnoser.self,
        IKMPNoSADiagnoser.self,
        IKMPNotEncryptedDiagnoser.self,
        SANotAuthenticatedDiagnoser.self,
        AttributeNotOfferedDiagnoser.self,
        NotIPsecDiagnoser.self,
        TunnelDownDiagnoser.self,
        IdentityNotAllowedDiagnoser.self,
        AntiReplayDiagnoser.self,
        GDOIUnauthorizedIdentityDiagnoser.self,
        ESPIntegrityDiagnoser.self,
        WeakAlgorithmsDiagnoser.self,
        IKEv2NoProposalChosenDiagnoser.self,
        IKEv2AuthFailedDiagnoser.self,
        IKEv2ProfileNotFoundDiagnoser.self,
        IKEv2NoPSKDiagnoser.self,
        IKEv2CertificateFailedDiagnoser.self,
        IKEv2PeerIDCheckDiagnoser.self,
        MessagesLostDiagnoser.self,
        ClearedByOperatorDiagnoser.self,
        // (Last: it speaks only where none of the above does.)
        UnexplainedFailureDiagnoser.self,
    ]

    public static func makeAll() -> [any Diagnoser] { all.map { $0.init() } }

    public static func description(of id: String) -> DiagnoserDescription? {
        all.first { $0.description.id == id }?.description
    }
}

/// The diagnosers an analysis runs on each SA as it concludes: every rule, then
/// `unexplained-failure` only where none spoke (without running them all a second time).
struct SADiagnosis: Sendable {
    let rules: [any Diagnoser] = DiagnoserRegistry.makeAll().filter { !($0 is UnexplainedFailureDiagnoser) }
    /// Each rule's triggers, read once: most SAs carry none of a rule's, and the rule is then
    /// not called at all (a call through `any Diagnoser` hands it the whole SA).
    let triggers: [Signals]
    let fallback = UnexplainedFailureDiagnoser()

    init() {
        triggers = rules.map { type(of: $0).triggers }
    }

    func findings(_ sa: SecurityAssociation, on device: DeviceTimeline) -> [Finding] {
        var found: [Finding] = []
        for i in rules.indices where !sa.signals.isDisjoint(with: triggers[i]) {
            if let f = rules[i].diagnose(sa, on: device) { found.append(f) }
        }
        // (A note, such as `no-profile-match`, explains no failure.)
        guard !found.contains(where: { $0.severity != .info }), UnexplainedFailureDiagnoser.unexplained(sa.findingIds),
              let f = fallback.explain(sa, on: device) else { return found }
        return found + [f]
    }
}
