/// Quick mode refused because no transform set matches the peer's proposal.
public struct TransformSetMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.transformNotSupported, .proposalInvalidated]

    public static let description = DiagnoserDescription(
        id: "transform-set-mismatch",
        severity: .error,
        meaning: "Quick mode refused because no transform set matches the proposal (`transform proposal not supported`, error 256 with unacceptable attributes).",
        usualFix: "Give both ends a common `crypto ipsec transform-set` (ESP encryption, integrity, mode) in the map or ipsec profile for this peer.",
        triggering: [
            """
            *Nov 12 14:10:02.001: ISAKMP-PAK: (1005):received packet from 198.51.100.5 dport 500 sport 500 Global (R) QM_IDLE
            *Nov 12 14:10:02.001: ISAKMP: (1005):Checking IPSec proposal 1
            *Nov 12 14:10:02.001: ISAKMP: (1005):transform 1, ESP_AES
            *Nov 12 14:10:02.001: ISAKMP: (1005):atts are acceptable.
            *Nov 12 14:10:02.002: IPSEC(ipsec_process_proposal): transform proposal not supported for identity:
                {esp-aes 256 esp-sha512-hmac }
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1005):IPSec policy invalidated proposal with error 256
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1005):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.5)
            """,
            // 12.x: the transform in IPsec DOI numbers, then `SA not acceptable!`.
            """
            00:42:09: ISAKMP (0:3): Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
            00:42:15: ISAKMP (0:3): received packet from 10.1.1.1 dport 500 sport 500 Global (R) QM_IDLE
            00:42:15: ISAKMP: set new node -1407259328 to QM_IDLE
            00:42:15: ISAKMP (0:3): processing SA payload. message ID = -1407259328
            00:42:15: ISAKMP (0:3): Checking IPSec proposal 1
            00:42:15: ISAKMP: transform 1, ESP_DES
            00:42:15: ISAKMP:      authenticator is HMAC-SHA
            00:42:15: ISAKMP (0:3): atts are acceptable.
            00:42:15: IPSEC(validate_proposal): transform proposal (prot 3, trans 2, hmac_alg 2) not supported
            00:42:15: ISAKMP (0:3): atts not acceptable. Next payload is 0
            00:42:15: ISAKMP (0:3): SA not acceptable!
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 14:10:02.001: ISAKMP: (1006):Checking IPSec proposal 1
            *Nov 12 14:10:02.001: ISAKMP: (1006):      group is 2
            *Nov 12 14:10:02.001: ISAKMP: (1006):atts are acceptable.
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1006):IPSec policy invalidated proposal with error 256
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let unsupported = sa.all { if case .transformNotSupported = $0 { return true }; return false }
        let proposal = sa.lastQuickModeProposal
        let attsRefused = proposal.filter { $0.kind == .attsAcceptable(false) }
        let error256 = sa.proposalError(256)
        guard !unsupported.isEmpty || (error256 != nil && !attsRefused.isEmpty) else { return nil }
        let peer = Say.peer(sa)
        var evidence = unsupported + attsRefused
        if let error256 { evidence.append(error256) }
        if let notAcceptable = sa.first({ if case .phase2NotAcceptable = $0 { return true }; return false }) { evidence.append(notAcceptable) }
        let offered = unsupported.compactMap { if case let .transformNotSupported(t) = $0.kind { return t }; return nil }.first
            ?? sa.quickModes.last?.transform
        let proxies = sa.proxiesText
        let steps = [
            "Phase 1 with \(peer) is up; in quick mode the peer proposed \(offered.map { "transform `\($0)`" } ?? "its transform set")\(proxies.map { " for \($0)" } ?? "").",
            "\(device.name) found the crypto map entry / ipsec profile for this traffic, but none of its transform sets matches the proposal (`transform proposal not supported`, `IPsec policy invalidated proposal with error 256`), so it refused the SA and sent `PROPOSAL_NOT_CHOSEN`.",
            "Encryption, key size, integrity algorithm and mode (tunnel/transport) must all match one transform set on each side. If the transforms do match, error 256 also means the PFS settings differ (see pfs-mismatch).",
        ]
        let fix = "On \(device.name), `show crypto ipsec transform-set` and `show crypto map` (or the tunnel's ipsec profile): add a transform set the peer proposes\(offered.map { " (`crypto ipsec transform-set <name> \($0.replacingOccurrences(of: "  ", with: " "))`)" } ?? "") to the entry for \(peer), or change the peer's transform set to one configured here; both ends need the same `mode tunnel|transport`."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused: no transform set on \(device.name) matches \(offered.map { "`\($0)`" } ?? "the proposal")",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}

import Foundation
