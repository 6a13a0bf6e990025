/// ESP packets dropped by the anti-replay check: they arrived behind the receive window,
/// reordered on the way (QoS after encryption, parallel paths, fragments) far more often than replayed.
public struct AntiReplayDiagnoser: Diagnoser {
    public init() {}

    static let mnemonics = ["PKT_REPLAY_ERR", "IPSEC-3-REPLAY_ERROR"]
    /// GETVPN: `%GDOI-4-TIMEBASED_REPLAY_FAILED: An anti replay check has failed in group G from
    /// sourceip-address X. my_pseudotime is A secs, peer_pseudotime is B secs, replay_window is W (second)`.
    static let timeBased = "TIMEBASED_REPLAY_FAILED"

    /// The number printed after `label` (`my_pseudotime is ` → 600006.78).
    static func number(after label: String, in text: String) -> Double? {
        guard let r = text.range(of: label) else { return nil }
        return Double(String(text[r.upperBound...].prefix { $0.isNumber || $0 == "." }))
    }

    /// GDOI time-based anti-replay: the group members' pseudotimes (the key server's clock, handed
    /// out in rekeys) differ by more than the window. Not reordering: the members are out of sync.
    func timeBasedFinding(_ group: RouterMessages.Group, drops: [Event], on device: DeviceTimeline) -> Finding {
        let (who, _) = RouterMessages.subject(group)
        let first = group.events.first?.text ?? ""
        let name = first.range(of: "in group ").map { String(first[$0.upperBound...].prefix { !$0.isWhitespace }) }
        let mine = Self.number(after: "my_pseudotime is ", in: first)
        let theirs = Self.number(after: "peer_pseudotime is ", in: first)
        let window = Self.number(after: "replay_window is ", in: first).map { Int($0) }
        let skew = mine.flatMap { m in theirs.map { Int(abs(m - $0).rounded()) } }
        let skewWords = skew.map { s in "\(s) seconds" + (s >= 3600 ? String(format: " (about %.1f hours)", Double(s) / 3600) : "") }
        let inGroup = name.map { " in group \($0)" } ?? ""
        var steps = ["\(device.name) logged `%GDOI-4-TIMEBASED_REPLAY_FAILED` (`An anti replay check has failed\(inGroup) from sourceip-address \(who)`) \(RouterMessages.times(group.count))\(drops.isEmpty ? "" : ", with `%CRYPTO-4-PKT_REPLAY_ERR` for the packets dropped"): this is GETVPN's (GDOI's) time-based anti-replay, not ESP sequence numbers falling behind a window."]
        steps.append("Every group member stamps its packets with a pseudotime that the key server hands out in its rekeys; a receiver drops a packet whose pseudotime differs from its own by more than the replay window\(window.map { " (\($0) seconds here)" } ?? "").")
        if let mine, let theirs, let skewWords {
            steps.append("Here \(device.name)'s pseudotime is \(String(format: "%.2f", mine)) s and \(who)'s \(String(format: "%.2f", theirs)) s: \(skewWords) apart, far beyond any reordering.")
        }
        steps.append("The members are out of sync: one of them missed rekeys (multicast rekeys not delivered, unicast rekeys unacknowledged) or the cooperative key servers (COOP) split and each hands out its own time.")
        let fix = "Fix it on the GDOI side, not with an IPsec window: on the key server check that rekeys reach every member and that COOP is whole (`show crypto gdoi ks coop`, `show crypto gdoi ks members`; `show crypto gdoi` on \(device.name) and \(who) shows each member's last rekey), then make the member that fell behind register again with `clear crypto gdoi\(name.map { " group \($0)" } ?? "")` on it so it takes the key server's current pseudotime. The window is the key server's `replay time window-size` (in the group's `sa ipsec`); widening it only hides members that are out of sync."
        return finding(device: device, peer: group.peer,
                       summary: "GETVPN time-based anti-replay drops packets from \(who)\(inGroup): the group members' pseudotimes differ\(skew.map { " by \($0) seconds" } ?? "") (\(RouterMessages.times(group.count)))",
                       explanation: steps.joined(separator: " "), fix: fix,
                       evidence: Array(group.events.prefix(2)) + Array(drops.prefix(1)))
    }

    public static let description = DiagnoserDescription(
        id: "anti-replay",
        severity: .warning,
        meaning: "ESP packets fail the anti-replay check (`PKT_REPLAY_ERR: decrypt: replay check failed`, XE `REPLAY_ERROR`): they arrive behind the receive window, usually reordered by QoS or the path; with GETVPN's `TIMEBASED_REPLAY_FAILED`, the group members' pseudotimes are out of sync.",
        usualFix: "Widen the window (`crypto ipsec security-association replay window-size 1024`), classify before encryption (`qos pre-classify`), avoid fragmenting after encryption; disabling the check is the last resort. GETVPN: fix the rekeys / COOP and `clear crypto gdoi` on the member out of sync.",
        triggering: [
            """
            *Sep 14 05:59:54.113: %LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-PPP2, changed state to up
            *Sep 14 06:00:45.693: %CRYPTO-4-PKT_REPLAY_ERR: decrypt: replay check failed
                    connection id=29, sequence number=219
            *Sep 14 06:07:26.245: %LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-PPP2, changed state to down
            """,
            """
            *Dec  2 09:14:05.331: %IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000218592203456219 %IPSEC-3-REPLAY_ERROR: IPSec SA receives anti-replay error, DP Handle 13, src_addr 198.51.100.7, dest_addr 203.0.113.1, SPI 0x3caaaeb7
            """,
            // GETVPN's time-based anti-replay.
            """
            *Feb 10 21:01:56.043: %GDOI-4-TIMEBASED_REPLAY_FAILED: An anti replay check has failed in group GETVPN from sourceip-address 100.0.0.9. my_pseudotime is 600006.78 secs, peer_pseudotime is 500033.34 secs, replay_window is 100 (second)
            *Feb 10 21:01:56.043: %CRYPTO-4-PKT_REPLAY_ERR: decrypt: replay check failed connection id=29, sequence number=11
            """,
        ],
        nonTriggering: [
            """
            *Sep 14 05:59:54.113: %LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-PPP2, changed state to up
            *Sep 14 06:00:45.693: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=203.0.113.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=198.51.100.9, input interface=GigabitEthernet1
            """,
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        // GETVPN's time-based check says why: the drops are the members' clocks, not reordering.
        let gdoi = RouterMessages.byPeer(device, mnemonic: Self.timeBased)
        if !gdoi.isEmpty {
            let drops = RouterMessages.byPeer(device, mnemonics: Self.mnemonics).flatMap(\.events)
            return gdoi.map { timeBasedFinding($0, drops: drops, on: device) }
        }
        return RouterMessages.byPeer(device, mnemonics: Self.mnemonics).map { group in
            let (who, _) = RouterMessages.subject(group)
            let ids = RouterMessages.connectionIds(group.events)
            let spis = RouterMessages.values(after: "SPI 0x", in: group.events).map { "0x" + $0 }
            let which = ids ?? (spis.isEmpty ? nil : "SPI \(spis.joined(separator: ", "))")
            let subject = group.peer == nil && group.otherPeers == 0 ? "ESP packets" : "ESP packets from \(who)"
            let seqZero = group.events.contains { $0.text.contains("sequence number=0,") || $0.text.hasSuffix("sequence number=0") }
            var steps = ["\(device.name) dropped \(subject)\(which.map { " (\($0))" } ?? "") because their ESP sequence numbers fell behind its anti-replay window (64 packets unless configured otherwise): newer packets of the same SA had already arrived\(group.count > 1 ? "; the message was logged \(group.count) times" : "")."]
            steps.append("A real replay attack is rare; the usual cause is reordering between the two routers: QoS queuing applied after encryption (priority traffic such as voice or routing updates overtaking bulk data of the same SA), load sharing over parallel paths in the provider network, or large packets fragmented after encryption that are reassembled and decrypted later than the small ones around them.")
            steps.append("IOS rate-limits this message, so the packets dropped are more than the lines logged: `show crypto ipsec sa detail` counts them as `#pkts replay failed`. Drops of TCP segments or routing-protocol packets show up as slow transfers or flapping neighbors over the tunnel.")
            if seqZero {
                steps.append("A sequence number of 0 is never valid in ESP: reordering cannot explain that one; it points at a software defect on the sender.")
            }
            let peerNote = group.peer.map { " (or `set security-association replay window-size 1024` in the crypto map entry or ipsec profile for \($0) only)" } ?? " (or per crypto map entry / ipsec profile with `set security-association replay window-size 1024`)"
            let fix = "On \(device.name), widen the window: `crypto ipsec security-association replay window-size 1024`\(peerNote); it applies to SAs negotiated afterwards, so `clear crypto sa\(group.peer.map { " peer \($0)" } ?? "")` to use it now. Remove the reordering where it starts: on the sender use `qos pre-classify` on the tunnel interface or crypto map and shape or queue before encryption; avoid fragmentation after encryption (`ip mtu 1400` and `ip tcp adjust-mss 1360` on the tunnel, `crypto ipsec fragmentation before-encryption`). Turning the check off (`crypto ipsec security-association replay disable`) stops the drops but removes replay protection: keep it as the last resort."
            return finding(device: device, peer: group.peer,
                           summary: "\(subject) fail \(device.name)'s anti-replay check, most likely reordered on the way (\(RouterMessages.times(group.count)))",
                           explanation: steps.joined(separator: " "), fix: fix, evidence: Array(group.events.prefix(3)))
        }
    }
}

import Foundation
