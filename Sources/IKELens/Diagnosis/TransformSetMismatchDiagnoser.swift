/// Quick mode refused because no transform set matches the peer's proposal.
public struct TransformSetMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.transformNotSupported, .proposalInvalidated]

    public static let description = DiagnoserDescription(
        id: "transform-set-mismatch",
        severity: .error,
        meaning: "Quick mode refused because no transform set matches the proposal (`transform proposal not supported`, error 256 with unacceptable attributes); error 256 in a log without `debug crypto ipsec`, which cannot tell the transform set from PFS or the mode, is reported here as the likeliest cause, and says so. A proposal refused before a later one of the same quick mode is accepted is normal.",
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
            // Only `debug crypto isakmp`: error 256 cannot tell the transform set from PFS or the
            // mode (`atts are acceptable` is ISAKMP's check, printed for any transform it knows).
            """
            *Nov 13 10:21:44.509: ISAKMP-PAK: (1005):received packet from 198.51.100.5 dport 500 sport 500 Global (R) QM_IDLE
            *Nov 13 10:21:44.509: ISAKMP: (1005):Checking IPSec proposal 1
            *Nov 13 10:21:44.509: ISAKMP: (1005):transform 1, ESP_AES
            *Nov 13 10:21:44.509: ISAKMP: (1005):      authenticator is HMAC-SHA512
            *Nov 13 10:21:44.509: ISAKMP: (1005):      key length is 256
            *Nov 13 10:21:44.509: ISAKMP: (1005):atts are acceptable.
            *Nov 13 10:21:44.509: ISAKMP-ERROR: (1005):IPSec policy invalidated proposal with error 256
            *Nov 13 10:21:44.510: ISAKMP-ERROR: (1005):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.5)
            """,
        ],
        nonTriggering: [
            // `debug crypto ipsec` shows the transform and the map accepted: PFS (pfs-mismatch).
            """
            *Nov 12 14:10:02.001: ISAKMP: (1006):Checking IPSec proposal 1
            *Nov 12 14:10:02.001: ISAKMP: (1006):      group is 2
            *Nov 12 14:10:02.001: ISAKMP: (1006):atts are acceptable.
            *Nov 12 14:10:02.001: IPSEC(validate_proposal_request): proposal part #1,
              (key eng. msg.) INBOUND local= 203.0.113.1:0, remote= 198.51.100.6:0,
                local_proxy= 10.1.0.0/255.255.255.0/256/0,
                remote_proxy= 10.6.0.0/255.255.255.0/256/0,
                protocol= ESP, transform= esp-aes 256 esp-sha256-hmac  (Tunnel),
                lifedur= 0s and 0kb,
                spi= 0x0(0), conn_id= 0, keysize= 256, flags= 0x0
            *Nov 12 14:10:02.002: (ipsec_process_proposal)Map Accepted: CMAP, 20
            *Nov 12 14:10:02.002: ISAKMP-ERROR: (1006):IPSec policy invalidated proposal with error 256
            """,
            // The first proposal refused, the second accepted, and quick mode completes.
            """
            *Nov 13 10:21:44.509: ISAKMP: (1005):set new node 1374387520 to QM_IDLE
            *Nov 13 10:21:44.509: ISAKMP: (1005):processing SA payload. message ID = 1374387520
            *Nov 13 10:21:44.509: ISAKMP: (1005):Checking IPSec proposal 1
            *Nov 13 10:21:44.509: ISAKMP: (1005):transform 1, ESP_AES
            *Nov 13 10:21:44.509: ISAKMP: (1005):atts are acceptable.
            *Nov 13 10:21:44.509: IPSEC(ipsec_process_proposal): transform proposal not supported for identity:
                {esp-aes 256 esp-sha512-hmac }
            *Nov 13 10:21:44.509: ISAKMP-ERROR: (1005):IPSec policy invalidated proposal with error 256
            *Nov 13 10:21:44.509: ISAKMP: (1005):Checking IPSec proposal 2
            *Nov 13 10:21:44.509: ISAKMP: (1005):transform 1, ESP_AES
            *Nov 13 10:21:44.509: ISAKMP: (1005):atts are acceptable.
            *Nov 13 10:21:44.509: (ipsec_process_proposal)Map Accepted: CMAP, 10
            *Nov 13 10:21:44.509: ISAKMP: (1005):Node 1374387520, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Nov 13 10:21:44.509: ISAKMP: (1005):Old State = IKE_QM_READY  New State = IKE_QM_SPI_STARVE
            *Nov 13 10:21:44.510: ISAKMP: (1005):Node 1374387520, Input = IKE_MESG_INTERNAL, IKE_GOT_SPI
            *Nov 13 10:21:44.510: ISAKMP: (1005):Old State = IKE_QM_SPI_STARVE  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Nov 13 10:21:44.511: ISAKMP: (1005):Node 1374387520, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Nov 13 10:21:44.511: ISAKMP: (1005):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_R_QM2
            *Nov 13 10:21:44.514: ISAKMP: (1005):Node 1374387520, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Nov 13 10:21:44.514: ISAKMP: (1005):Old State = IKE_QM_R_QM2  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // (A proposal refused in a quick mode that went on to complete was one of several: a later one was accepted.)
        let unsupported = sa.all { if case .transformNotSupported = $0 { return true }; return false }.filter { !sa.inCompletedQuickMode($0) }
        let proposal = sa.lastQuickModeProposal
        let attsRefused = proposal.filter { $0.kind == .attsAcceptable(false) && !sa.inCompletedQuickMode($0) }
        let error256 = sa.proposalError(256)
        // Error 256 with no `debug crypto ipsec` line to say which part of the IPsec policy refused it.
        let unresolved = unsupported.isEmpty && attsRefused.isEmpty && error256 != nil && !sa.lastProposalShowsIPsecDebug
        guard !unsupported.isEmpty || (error256 != nil && !attsRefused.isEmpty) || unresolved else { return nil }
        let peer = Say.peer(sa)
        var evidence = unsupported + attsRefused
        if let error256 { evidence.append(error256) }
        if let notAcceptable = sa.first({ if case .phase2NotAcceptable = $0 { return true }; return false }) { evidence.append(notAcceptable) }
        let offered = unsupported.compactMap { if case let .transformNotSupported(t) = $0.kind { return t }; return nil }.first
            ?? sa.quickModes.last?.transform
        let proxies = sa.proxiesText
        if unresolved, let error256 {
            // (The transform as a transform set's command: without the mode IOS prints after it.)
            let command = offered.map { t in
                (t.range(of: " (").map { String(t[..<$0.lowerBound]) } ?? t).replacingOccurrences(of: "  ", with: " ")
            }
            let transformSet = "`crypto ipsec transform-set <name> \(command ?? "…")`"
            if let acceptable = sa.events.last(where: { $0.kind == .attsAcceptable(true) && $0.firstLine < error256.firstLine }) { evidence.append(acceptable) }
            let group = sa.attributes(in: proposal).last { $0.0 == "pfs-group" }?.1.trimmingCharacters(in: .whitespaces)
            // (A log that starts after the proposal's lines, a logging buffer that overwrote them:
            // what it offered is not in the log, so neither is its PFS.)
            let logged = !proposal.isEmpty
            let pfs = !logged ? "its attributes not in the log (it starts after them)"
                : group.map { "with PFS with Diffie-Hellman group \($0)" } ?? "with no PFS (no `group` attribute)"
            let steps = [
                "Phase 1 with \(peer) is up; in quick mode the peer proposed \(offered.map { "transform `\($0)`" } ?? "its transform set")\(proxies.map { " for \($0)" } ?? ""), \(pfs).",
                "\(device.name) refused it with `IPsec policy invalidated proposal with error 256`: its IPsec policy for this traffic does not accept the proposal. Error 256 stands for the transform set (encryption, key size, integrity), the mode (tunnel/transport) and PFS alike, and " + (logged ? "this log has no `debug crypto ipsec` lines to tell which: `atts are acceptable` is only ISAKMP's check of the attributes, which IOS prints even for a transform no transform set accepts." : "the lines of the proposal's check that could tell which are not in the log."),
                "The transform set is the likeliest cause; if it matches, PFS (`set pfs` on one end only, or another group) or the mode differs.",
            ]
            let fix = "On \(device.name), `show crypto ipsec transform-set` and `show crypto map` (or the tunnel's ipsec profile) for \(peer)'s entry: first make one of its transform sets match the offer (\(transformSet)), then the mode (`mode tunnel|transport`) and PFS (`set pfs`: the peer offers \(!logged ? "what the log does not show" : group.map { "group \($0)" } ?? "none")). To see which it is, run `debug crypto ipsec` with `debug crypto isakmp` and let \(peer) retry: `transform proposal not supported` names the transform set; the map accepted (`Map Accepted`) and still error 256 means PFS."
            return finding(sa, on: device,
                           summary: "Quick mode with \(peer) refused (error 256): most likely no transform set on \(device.name) matches \(offered.map { "`\($0)`" } ?? "the proposal"), else PFS or the mode differs",
                           explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
        }
        let steps = [
            "Phase 1 with \(peer) is up; in quick mode the peer proposed \(offered.map { "transform `\($0)`" } ?? "its transform set")\(proxies.map { " for \($0)" } ?? "").",
            "\(device.name) found the crypto map entry / ipsec profile for this traffic, but none of its transform sets matches the proposal (`transform proposal not supported`, `IPsec policy invalidated proposal with error 256`), so it refused the SA\(sa.sentProposalNotChosen != nil ? " and sent `PROPOSAL_NOT_CHOSEN`" : "").",
            "Encryption, key size, integrity algorithm and mode (tunnel/transport) must all match one transform set on each side. If the transforms do match, error 256 also means the PFS settings differ (see pfs-mismatch).",
        ]
        let fix = "On \(device.name), `show crypto ipsec transform-set` and `show crypto map` (or the tunnel's ipsec profile): add a transform set the peer proposes\(offered.map { " (`crypto ipsec transform-set <name> \($0.replacingOccurrences(of: "  ", with: " "))`)" } ?? "") to the entry for \(peer), or change the peer's transform set to one configured here; both ends need the same `mode tunnel|transport`."
        return finding(sa, on: device,
                       summary: "Quick mode with \(peer) refused: no transform set on \(device.name) matches \(offered.map { "`\($0)`" } ?? "the proposal")",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
