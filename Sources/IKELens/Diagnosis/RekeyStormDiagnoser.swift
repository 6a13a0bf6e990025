/// The same IPsec SA renegotiated again and again: three or more complete quick modes for the
/// same proxies within a quarter of the IPsec SA's time lifetime (IOS rekeys at about 90% of a
/// lifetime, so time alone gives one rekey per lifetime). What expires that soon is the volume
/// lifetime (`lifedur= 3600s and 2560kb`: 2560 KB is the least IOS takes), or an end that deletes
/// the SA each time. Every tunnel still works; each rekey costs both ends a key exchange and can
/// drop the packets around the switch-over.
public struct RekeyStormDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .quickModesRepeated

    /// A log without times: the volume lifetime alone tells, at this size or below (about 10 MB,
    /// which a 1 Mbit/s flow uses up in 80 s).
    static let tinyVolumeKB = 10_240

    public static let description = DiagnoserDescription(
        id: "rekey-storm",
        severity: .warning,
        meaning: "The same proxies were renegotiated by three or more complete quick modes within a quarter of the IPsec SA's time lifetime (900 s for 3600 s; without times in the log, with a volume lifetime of 10240 KB or less): the IPsec SA expires by volume (`lifedur= 3600s and 2560kb`) or is deleted each time.",
        usualFix: "Raise the IPsec SA volume lifetime: `set security-association lifetime kilobytes N` in the crypto map entry or ipsec profile, or globally `crypto ipsec security-association lifetime kilobytes N` (default 4608000); `kilobytes disable` where supported.",
        triggering: [
            // Three quick modes for the GRE proxies, six seconds apart, with a 2560 KB lifetime.
            """
            *Jun 19 10:04:24.843: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Jun 19 10:04:24.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2816227709
            *Jun 19 10:04:24.844: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.848: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:24.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 192.168.0.1/255.255.255.255/47/0,
                remote_proxy= 192.168.0.2/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 2560kb,
            *Jun 19 10:04:24.849: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 10:04:30.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2022050301
            *Jun 19 10:04:30.844: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:30.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:30.848: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:30.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:30.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 192.168.0.1/255.255.255.255/47/0,
                remote_proxy= 192.168.0.2/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 2560kb,
            *Jun 19 10:04:30.849: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:30.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 10:04:36.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 1560161641
            *Jun 19 10:04:36.844: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:36.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:36.848: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:36.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:36.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 192.168.0.1/255.255.255.255/47/0,
                remote_proxy= 192.168.0.2/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 2560kb,
            *Jun 19 10:04:36.849: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:36.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ],
        nonTriggering: [
            // Hourly rekeys (the default 3600 s lifetime, renewed at about 90% of it).
            """
            *Jun 19 10:04:24.843: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Jun 19 10:04:24.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2816227709
            *Jun 19 10:04:24.844: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.848: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:24.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 192.168.0.1/255.255.255.255/47/0,
                remote_proxy= 192.168.0.2/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 4608000kb,
            *Jun 19 10:04:24.849: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 10:58:30.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2022050301
            *Jun 19 10:58:30.844: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:58:30.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:58:30.848: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:58:30.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:58:30.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 192.168.0.1/255.255.255.255/47/0,
                remote_proxy= 192.168.0.2/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 4608000kb,
            *Jun 19 10:58:30.849: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:58:30.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 11:52:36.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 1560161641
            *Jun 19 11:52:36.844: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 11:52:36.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 11:52:36.848: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 11:52:36.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 11:52:36.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 192.168.0.1/255.255.255.255/47/0,
                remote_proxy= 192.168.0.2/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 4608000kb,
            *Jun 19 11:52:36.849: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 11:52:36.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            """,
            // Three quick modes at once, one per line of the crypto ACL: other proxies each.
            """
            *Jun 19 10:04:24.843: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
            *Jun 19 10:04:24.843: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2816227709
            *Jun 19 10:04:24.844: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.844: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.848: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.848: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:24.848: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 10.1.1.0/255.255.255.0/0/0,
                remote_proxy= 10.2.1.0/255.255.255.0/0/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 2560kb,
            *Jun 19 10:04:24.849: ISAKMP:(1011):Node 2816227709, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:24.849: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 10:04:24.853: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2022050301
            *Jun 19 10:04:24.854: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.854: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.858: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.858: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:24.858: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 10.1.2.0/255.255.255.0/0/0,
                remote_proxy= 10.2.2.0/255.255.255.0/0/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 2560kb,
            *Jun 19 10:04:24.859: ISAKMP:(1011):Node 2022050301, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:24.859: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            *Jun 19 10:04:24.863: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 1560161641
            *Jun 19 10:04:24.864: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            *Jun 19 10:04:24.864: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            *Jun 19 10:04:24.868: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            *Jun 19 10:04:24.868: ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT
            *Jun 19 10:04:24.868: IPSEC(initialize_sas): ,
              (key eng. msg.) INBOUND local= 192.168.0.1:0, remote= 192.168.0.2:0,
                local_proxy= 10.1.3.0/255.255.255.0/0/0,
                remote_proxy= 10.2.3.0/255.255.255.0/0/0,
                protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
                lifedur= 3600s and 2560kb,
            *Jun 19 10:04:24.869: ISAKMP:(1011):Node 1560161641, Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE
            *Jun 19 10:04:24.869: ISAKMP:(1011):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE
            """,
        ])

    /// A quick mode that completed, and when.
    private struct Done { let q: QuickMode; let at: Stamp?; let line: Int }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        // By proxy pair, in log order (a quick mode whose proxies the log does not show may be any
        // line of the crypto ACL: not counted).
        var pairs: [String: [Done]] = [:]
        var order: [String] = []
        for q in sa.quickModes where q.result == .complete {
            guard let l = q.localProxy, let r = q.remoteProxy else { continue }
            let step = q.states.last { $0.to == "IKE_QM_PHASE2_COMPLETE" }
            let key = l + "\u{0}" + r
            if pairs[key] == nil { order.append(key) }
            pairs[key, default: []].append(Done(q: q, at: step?.stamp ?? q.end, line: step?.line ?? q.lastLine))
        }
        let lifetime = sa.ipsecLifetimeSeconds ?? 3600
        let window = Double(lifetime) / 4
        // The longest run of quick modes any three consecutive of which completed within the window.
        var storm: [Done] = []
        for key in order {
            guard let done = pairs[key], done.count >= 3 else { continue }
            let timed = done.allSatisfy { $0.at != nil }
            var run: [Done] = []
            var best: [Done] = []
            var i = 2
            while i < done.count {
                let fast: Bool
                if timed, let a = done[i - 2].at, let b = done[i].at {
                    let span = a.seconds(until: b)
                    fast = span >= 0 && span <= window
                } else {
                    // No times: only a volume lifetime at the bottom of the range tells.
                    fast = !timed && (sa.ipsecLifetimeKB ?? .max) <= Self.tinyVolumeKB
                }
                if fast {
                    if run.isEmpty { run = Array(done[(i - 2)...i]) } else { run.append(done[i]) }
                } else if !run.isEmpty {
                    if run.count > best.count { best = run }
                    run = []
                }
                i += 1
            }
            if run.count > best.count { best = run }
            if best.count > storm.count { storm = best }
        }
        guard storm.count >= 3, let first = storm.first, let last = storm.last else { return nil }
        let peer = Say.peer(sa)
        let proxies = "\(first.q.localProxy ?? "?") ↔ \(first.q.remoteProxy ?? "?")"
        let span = first.at.flatMap { a in last.at.map { a.seconds(until: $0) } }
        let every = span.map { $0 / Double(storm.count - 1) }
        let spanText = span.map { " in \(Self.seconds($0))" } ?? ""
        let everyText = every.map { " (about every \(Self.seconds($0)))" } ?? ""
        let kb = sa.ipsecLifetimeKB
        let kbEvent = kb.flatMap { k in sa.events.first { if case let .ipsecRequest(_, _, _, _, _, _, _, v) = $0.kind { return v == k }; return false } }
        // Who began them: this router (its quick modes as initiator) or the peer.
        let ours = storm.filter { $0.q.states.contains { $0.to == "IKE_QM_I_QM1" } }.count
        let byUs = ours * 2 > storm.count
        let byPeer = ours == 0 && storm.allSatisfy { !$0.q.states.isEmpty }
        var steps: [String] = []
        steps.append("\(device.name) completed \(storm.count) quick modes with \(peer) for the same proxies (\(proxies))\(spanText)\(everyText), one IPsec SA replacing the other, while the IPsec SA's time lifetime is \(lifetime) s\(sa.ipsecLifetimeSeconds == nil ? " (the default; the log does not show it)" : ""): by time alone IOS renews an IPsec SA once per lifetime, at about 90% of it.")
        if let kb {
            let size = kb <= 2560 ? ", the least IOS accepts" : kb == 4_608_000 ? ", the default, which a fast link uses up in seconds" : ""
            steps.append("What expires this soon is the volume lifetime: the key-engine lines give the IPsec SA \(kb) KB (`lifedur= \(sa.ipsecLifetimeSeconds ?? lifetime)s and \(kb)kb`)\(size), and IOS renews the SA when about 90% of it has been encrypted or decrypted.")
        } else {
            steps.append("The usual cause is a small volume lifetime (`set security-association lifetime kilobytes`) on either end, which the log does not show; less often an end that deletes the IPsec SA each time (a DELETE notification, `crypto ipsec security-association idle-time`) and traffic that brings it back.")
        }
        if byUs {
            steps.append("\(device.name) began the quick modes itself, so its own lifetime is the one that runs out.")
        } else if byPeer {
            steps.append("\(peer) began the quick modes, so its lifetime runs out first (the shorter of the two ends' lifetimes decides).")
        }
        steps.append("The tunnel keeps working, but each rekey costs both ends a key exchange (a Diffie-Hellman with PFS) and crypto-engine work, and packets around each switch-over can be dropped (`%CRYPTO-4-RECVD_PKT_INV_SPI` while one end still uses the old SA).")
        let ends = byUs ? "on \(device.name) (and keep \(peer)'s no smaller)" : byPeer ? "on \(peer) (and keep \(device.name)'s no smaller)" : "on \(device.name) and \(peer)"
        let fix = "Raise the IPsec SA volume lifetime \(ends): `set security-association lifetime kilobytes N` in the crypto map entry or ipsec profile that protects this tunnel, or globally `crypto ipsec security-association lifetime kilobytes N` (the default is 4608000 KB); where the release supports it, `set security-association lifetime kilobytes disable` (or globally `crypto ipsec security-association lifetime kilobytes disable`) leaves only the time lifetime. `show crypto ipsec sa peer \(peer)` shows what is left (`sa timing: remaining key lifetime (k/sec)`)."
        var evidence: [Event] = []
        if let kbEvent { evidence.append(kbEvent) }
        for d in [first, last] {
            if let e = sa.events.first(where: { $0.firstLine == d.line }) { evidence.append(e) }
        }
        evidence += storm.prefix(5).compactMap { d in sa.events.first { if case let .quickModeBegin(m) = $0.kind { return m == d.q.messageID }; return false } }
        var f = finding(sa, on: device,
                        summary: "The IPsec SA with \(peer) was negotiated \(storm.count) times\(spanText)\(everyText)\(kb.map { ": its volume lifetime is \($0) KB" } ?? ", far sooner than its \(lifetime) s lifetime")",
                        explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
        // (Every completion line is the same state change: the last one is cited too.)
        if let e = sa.events.first(where: { $0.firstLine == last.line }), !f.evidence.contains(where: { $0.line == e.firstLine }) {
            f.evidence.append(Evidence(file: device.file, line: e.firstLine, text: e.evidenceText))
            f.evidence.sort { $0.line < $1.line }
        }
        return f
    }

    /// `6 s`, `1.5 s`, `12 min`.
    static func seconds(_ s: Double) -> String {
        if s >= 120 { return "\(Int((s / 60).rounded())) min" }
        if s >= 10 || s == s.rounded() { return "\(Int(s.rounded())) s" }
        return "\((s * 10).rounded() / 10) s"
    }
}
