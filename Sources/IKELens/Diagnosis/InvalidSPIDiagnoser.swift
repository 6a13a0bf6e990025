/// ESP packets for an SA this router no longer has: the ends are out of sync.
public struct InvalidSPIDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "invalid-spi",
        severity: .warning,
        meaning: "ESP packets arrive for an SPI this router does not know (`RECVD_PKT_INV_SPI`): one end kept an SA the other deleted.",
        usualFix: "Enable `crypto isakmp invalid-spi-recovery` and DPD (`crypto isakmp keepalive`), or clear the peer's stale SA.",
        triggering: [
            "*Oct 24 04:31:10.058: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=61.128.1.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=103.1.1.1, input interface=GigabitEthernet1",
        ],
        nonTriggering: [
            "*Oct 24 04:31:10.058: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 103.1.1.1:500       Id: 103.1.1.1",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        let groups = RouterMessages.byPeer(device, mnemonic: "RECVD_PKT_INV_SPI")
        // This router chose the SPIs of its inbound SAs, each its own: one SPI from several
        // sources none of which negotiated with it is not a stale SA but stray or scanning
        // traffic (Internet scanners send ESP with a fixed SPI to any address).
        // (Each group's SPIs as its messages name them: `spi=0x77B40000(2008285184)` → `0x77B40000`.)
        let spis = groups.map { RouterMessages.values(after: "spi=", in: $0.events) }
        var sources: [String: Set<String>] = [:]
        for (g, named) in zip(groups, spis) { if let p = g.peer { for spi in named { sources[spi, default: []].insert(p) } } }
        let stray = groups.indices.filter { i in
            guard let p = groups[i].peer, !device.hasSA(withPeer: p) else { return false }
            return spis[i].contains { sources[$0]!.count > 1 }
        }
        var findings = groups.indices.filter { !stray.contains($0) }.map { stale(groups[$0], on: device) }
        if !stray.isEmpty {
            let shared = stray.flatMap { spis[$0] }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            findings.append(scan(stray.map { groups[$0] }, spis: shared, on: device))
        }
        return findings
    }

    /// ESP from hosts that never negotiated with this router, sharing an SPI: one finding.
    private func scan(_ groups: [RouterMessages.Group], spis: [String], on device: DeviceTimeline) -> Finding {
        let peers = groups.compactMap(\.peer)
        let count = groups.reduce(0) { $0 + $1.count }
        let named = peers.prefix(5).joined(separator: ", ") + (peers.count > 5 ? " and \(peers.count - 5) more" : "")
        var f = finding(device: device, peer: nil,
                        summary: "\(peers.count) hosts that never negotiated with \(device.name) send ESP with the same SPI (\(spis.prefix(3).joined(separator: ", "))): stray or scanning traffic, not a VPN fault",
                        explanation: "\(device.name) logged `RECVD_PKT_INV_SPI` \(RouterMessages.times(count)) from \(named). None of them appears in an IKE exchange in this log, and they send the same SPI, though \(device.name) gives each of its inbound SAs its own: these are not peers with a stale SA but hosts probing the address (ESP scans use a fixed SPI) or traffic meant for someone else; nothing in the log ties them to a tunnel.",
                        fix: "Nothing to fix in the VPN: do not enable `crypto isakmp invalid-spi-recovery` for them (it would start IKE toward unknown hosts). To keep such packets off the router, permit ESP and UDP 500/4500 on the outside interface's ACL only from the known peers.",
                        evidence: Array(groups.flatMap(\.events).sorted { $0.firstLine < $1.firstLine }.prefix(3)))
        f.severity = .info
        return f
    }

    /// ESP on an SA this router no longer has, from one peer (or the rest of many).
    private func stale(_ group: RouterMessages.Group, on device: DeviceTimeline) -> Finding {
        let (peer, s) = RouterMessages.subject(group)
        // The clear runs on the sender, naming this router: the address the packets were for.
        let here = RouterMessages.values(after: "destaddr=", in: group.events, allowing: ".:").first
        let clear = group.peer.map { p in "`clear crypto sa peer \(here ?? "<this router's address>")` on \(p) (or `clear crypto sa peer \(p)` here, which makes both ends negotiate afresh)" }
            ?? "`clear crypto sa peer <this router's address>` on the sender"
        // A quick mode with that peer completed after the last such message: in sync again.
        let last = group.events.last?.lastLine ?? Int.max
        let first = group.events.first?.firstLine ?? 0
        let withPeer = group.peer.map { p in device.sas.filter { $0.peer == p } } ?? []
        let recovered = withPeer.lazy.flatMap(\.quickModes).first { $0.result == .complete && $0.firstLine > last }
        let after = recovered.map { " A quick mode with \(group.peer!) completed after it (line \($0.lastLine)): the two ends agree on their SAs again." } ?? ""
        // The IKE SA with the peer (the last one begun before the first message) and its version.
        let ike = withPeer.last { $0.firstLine < first } ?? withPeer.first
        let v2 = ike?.version == 2
        // An IKE SA up when the messages came: IOS tells the peer over it already.
        let up = withPeer.last { sa in
            let established = sa.version == 2 ? sa.established : sa.states.contains { $0.to == "IKE_P1_COMPLETE" && $0.line < first }
            return established && sa.firstLine < first && !(sa.ended && sa.lastLine < first)
        }
        let dpd = v2 ? "`dpd 10 3 periodic` in the IKEv2 profile" : "`crypto isakmp keepalive 10 3 periodic`"
        // The operator cleared this router's SAs just before: the peer still uses its old ones.
        let cleared = device.unattributed.last { e in
            guard case let .operatorClear(command) = e.kind, Correlator.clearsSAs(command) else { return false }
            return e.firstLine < first && first - e.firstLine <= 5000
        }
        if let cleared, case let .operatorClear(command) = cleared.kind {
            let recovery = v2 ? "dead peer detection on both ends (\(dpd))"
                : "`crypto isakmp invalid-spi-recovery` on \(device.name) (it tells the peer with an IKE notify) and dead peer detection on both ends (\(dpd))"
            return finding(device: device, peer: group.peer,
                           summary: "\(peer) send\(s) ESP on SAs \(device.name) cleared (`\(command)`, line \(cleared.firstLine)): invalid SPI, \(RouterMessages.times(group.count))",
                           explanation: "The operator typed `\(command)` at \(device.name)'s prompt (line \(cleared.firstLine)), which deleted its IPsec SAs; \(peer) kept sending on its own copies of them, whose SPIs \(device.name) no longer knows. This is the expected aftermath of the clear, not a fault: it lasts until the peer notices (an IKE delete, DPD, or its SA's lifetime) and negotiates afresh.\(after)",
                           fix: "Nothing to fix for the clear itself; for quicker recovery after one, enable \(recovery).",
                           evidence: [cleared] + Array(group.events.prefix(2)))
        }
        var explanation = "\(device.name) received IPsec packets from \(peer) with an SPI it has no SA for. One end deleted or rebuilt its SAs (reboot, `clear crypto`, lifetime expiry on one side only) while the other kept sending on the old ones. Traffic is dropped until the sender's old SA expires or is cleared, which can take up to the IPsec lifetime."
        let fix: String
        if let up, let p = group.peer {
            // (Invalid SPI recovery only starts an IKE SA to send the notify when none exists.)
            let which = up.connId.map { "conn-id \($0), " } ?? ""
            explanation += " The IKE SA with \(p) was up at the time (\(which)begun at line \(up.firstLine)): IOS already tells the peer over it (an INVALID_SPI notify), so the peer should rebuild. Messages that go on mean the peer ignores the notify, or the packets come from an SA or a source this router never had (a NAT that puts two sites behind one address)."
            fix = "Compare `show crypto ipsec sa peer \(p)` on both ends (the SPIs each expects); to recover now, `clear crypto session remote \(p)` on \(device.name) rebuilds the IKE and IPsec SAs with it. \(v2 ? "" : "`crypto isakmp invalid-spi-recovery` changes nothing here: it only starts an IKE SA to send the notify when none exists. ")If it recurs, debug the peer while it happens."
        } else if v2 {
            fix = "Enable dead peer detection on both ends (\(dpd); IKEv2 has no `invalid-spi-recovery`: IOS sends the INVALID_SPI notify only over an IKE SA that is up); to recover now, \(clear)."
        } else {
            fix = "On \(device.name) enable `crypto isakmp invalid-spi-recovery` (it tells the peer with an IKE notify) and dead peer detection on both ends (\(dpd)); to recover now, \(clear)."
        }
        return finding(device: device, peer: group.peer,
                       summary: "\(peer) send\(s) ESP on an SA \(device.name) does not have (invalid SPI, \(RouterMessages.times(group.count)))",
                       explanation: explanation + after, fix: fix, evidence: Array(group.events.prefix(3)))
    }
}
