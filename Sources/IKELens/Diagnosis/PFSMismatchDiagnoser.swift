/// Quick mode refused with error 256 although the transform was acceptable:
/// the two ends disagree on perfect forward secrecy.
public struct PFSMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .proposalInvalidated

    public static let description = DiagnoserDescription(
        id: "pfs-mismatch",
        severity: .error,
        meaning: "Quick mode refused with error 256 although `debug crypto ipsec` shows the transform and the crypto map accepted: PFS differs (the responder's `set pfs` and no PFS in the offer, or another DH group; a responder without `set pfs` accepts any offer).",
        usualFix: "Configure the same `set pfs groupN` on both ends' crypto map / ipsec profile, or on neither.",
        triggering: [
            """
            *Nov 12 14:10:02.001: ISAKMP-PAK: (1006):received packet from 198.51.100.6 dport 500 sport 500 Global (R) QM_IDLE
            *Nov 12 14:10:02.001: ISAKMP: (1006):Checking IPSec proposal 1
            *Nov 12 14:10:02.001: ISAKMP: (1006):transform 1, ESP_AES
            *Nov 12 14:10:02.001: ISAKMP: (1006):      group is 2
            *Nov 12 14:10:02.001: ISAKMP: (1006):atts are acceptable.
            *Nov 12 14:10:02.001: IPSEC(validate_proposal_request): proposal part #1,
              (key eng. msg.) INBOUND local= 203.0.113.1:0, remote= 198.51.100.6:0,
                local_proxy= 10.1.0.0/255.255.255.0/256/0,
                remote_proxy= 10.6.0.0/255.255.255.0/256/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 0s and 0kb,
                spi= 0x0(0), conn_id= 0, keysize= 128, flags= 0x0
            *Nov 12 14:10:02.002: (ipsec_process_proposal)Map Accepted: CMAP, 10
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1006):IPSec policy invalidated proposal with error 256
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1006):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.6)
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 14:10:02.001: ISAKMP: (1005):Checking IPSec proposal 1
            *Nov 12 14:10:02.001: ISAKMP: (1005):atts are acceptable.
            *Nov 12 14:10:02.002: IPSEC(ipsec_process_proposal): transform proposal not supported for identity:
                {esp-aes 256 esp-sha512-hmac }
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1005):IPSec policy invalidated proposal with error 256
            """,
            // Only `debug crypto isakmp`: error 256 cannot tell PFS from the transform set
            // (`atts are acceptable` is ISAKMP's check): transform-set-mismatch, worded so.
            """
            *Nov 12 14:10:02.001: ISAKMP-PAK: (1006):received packet from 198.51.100.6 dport 500 sport 500 Global (R) QM_IDLE
            *Nov 12 14:10:02.001: ISAKMP: (1006):Checking IPSec proposal 1
            *Nov 12 14:10:02.001: ISAKMP: (1006):transform 1, ESP_AES
            *Nov 12 14:10:02.001: ISAKMP: (1006):atts are acceptable.
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1006):IPSec policy invalidated proposal with error 256
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1006):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.6)
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let error256 = sa.proposalError(256) else { return nil }
        if sa.has({ if case .transformNotSupported = $0 { return true }; return false }) { return nil }
        let proposal = sa.lastQuickModeProposal
        guard proposal.contains(where: { $0.kind == .attsAcceptable(true) }), !proposal.contains(where: { $0.kind == .attsAcceptable(false) }) else { return nil }
        // (Without `debug crypto ipsec` error 256 cannot tell PFS from the transform set: transform-set-mismatch says so.)
        guard sa.lastProposalShowsIPsecDebug else { return nil }
        let peer = Say.peer(sa)
        let group = sa.attributes(in: proposal).last { $0.0 == "pfs-group" }?.1.trimmingCharacters(in: .whitespaces)
        var evidence = [error256]
        if let g = proposal.first(where: { if case let .attribute(n, _) = $0.kind { return n == "pfs-group" }; return false }) { evidence.append(g) }
        if let a = proposal.first(where: { $0.kind == .attsAcceptable(true) }) { evidence.append(a) }
        let offered = group.map { "PFS with Diffie-Hellman group \($0)" } ?? "no PFS (no `group` attribute in its proposal)"
        let steps = [
            "Phase 1 with \(peer) is up and its quick-mode transform was acceptable (`atts are acceptable`), yet \(device.name) invalidated the proposal with error 256 and refused it.",
            "With the transform and the crypto map accepted, what remains is perfect forward secrecy: the peer offered \(offered), and \(device.name)'s map / ipsec profile for this traffic \(group == nil ? "requires PFS (`set pfs`)" : "requires another Diffie-Hellman group (`set pfs groupN`; a responder without `set pfs` accepts any PFS offer)").",
            "Other settings that give error 256 (tunnel vs transport mode, a lifetime IOS cannot accept) are rarer; `show crypto map` on both ends tells.",
        ]
        let fix = group == nil
            ? "Make PFS identical on both ends: `set pfs groupN` in \(peer)'s crypto map entry / ipsec profile too (the same group as \(device.name)'s), or remove `set pfs` from \(device.name)'s. Compare `show crypto map` (line `PFS (Y/N)`) on both."
            : "Make the PFS group identical on both ends: `set pfs group\(group!)` in \(device.name)'s crypto map entry / ipsec profile for this traffic (or the group \(device.name) uses on \(peer)), or remove `set pfs` from both. Compare `show crypto map` (line `PFS (Y/N)`) on both."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused: PFS differs (peer offers \(group.map { "group \($0)" } ?? "no PFS"))",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}

import Foundation
