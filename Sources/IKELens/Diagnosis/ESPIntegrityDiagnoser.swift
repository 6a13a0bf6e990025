/// ESP packets whose integrity check (HMAC) fails: changed on the way, or the two
/// ends hold different keys for the SA (a rekey that went wrong).
public struct ESPIntegrityDiagnoser: Diagnoser {
    public init() {}

    static let mnemonics = ["RECVD_PKT_MAC_ERR", "IPSEC-3-HMAC_ERROR"]
    /// A quick mode this close before the first error makes a rekey the first suspect.
    static let rekeyWindow = 300.0

    public static let description = DiagnoserDescription(
        id: "esp-integrity-failed",
        severity: .warning,
        meaning: "ESP packets fail their integrity check (`RECVD_PKT_MAC_ERR: decrypt: mac verify failed`, XE `HMAC_ERROR`) and are dropped: corrupted on the path, or the ends disagree on the SA's keys after a rekey.",
        usualFix: "Compare `#pkts verify failed` with captures on both ends to find the device that alters packets; if the errors start at a rekey, clear the SA and check for a fixed release.",
        triggering: [
            """
            May 23 11:41:12.020: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel100, changed state to up
            May 23 11:41:38.139: %CRYPTO-4-RECVD_PKT_MAC_ERR: decrypt: mac verify failed for connection id=2989 local=172.16.200.18 remote=172.16.204.18 spi=999CD43B seqno=00071328
            """,
            """
            Nov 26 12:28:42.111: %IOSXE-3-PLATFORM: SIP0: cpp_cp: QFP:0.0 Thread:000 TS:00000182801541574367 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 349, src_addr 11.12.82.1, dest_addr 10.1.1.200, SPI 0xdad10535
            """,
        ],
        nonTriggering: [
            """
            May 23 11:41:38.139: %CRYPTO-4-PKT_REPLAY_ERR: decrypt: replay check failed connection id=2989, sequence number=71328
            """,
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonics: Self.mnemonics).map { group in
            let (who, _) = RouterMessages.subject(group)
            let ids = RouterMessages.connectionIds(group.events)
            let spis = RouterMessages.values(after: "spi=", in: group.events) + RouterMessages.values(after: "SPI 0x", in: group.events).map { "0x" + $0 }
            let which = ids.map { "\($0)\(spis.isEmpty ? "" : ", SPI \(spis.joined(separator: ", "))")" } ?? (spis.isEmpty ? nil : "SPI \(spis.joined(separator: ", "))")
            let subject = group.peer == nil && group.otherPeers == 0 ? "ESP packets" : "ESP packets from \(who)"
            var steps = ["\(device.name) dropped \(subject)\(which.map { " (\($0))" } ?? "") because the integrity check value (the HMAC at the end of each ESP packet) did not match what \(device.name) computed with the SA's key\(group.count > 1 ? "; the message was logged \(group.count) times" : "")."]
            steps.append("Either the packets were changed after the sender protected them, or the two ends do not hold the same keys for that SA. A few such drops can happen on any link; a steady stream means one of: corruption on the path (a faulty link, interface or middlebox such as a WAN optimizer or load balancer that alters the payload); keys out of step after a rekey (errors that start with a new SA and last until it is replaced; IOS has had defects that compute a wrong HMAC after a rekey with PFS, for instance DH group 21); or a crypto engine fault on either router.")
            if let rekey = rekeyBefore(group, on: device) {
                steps.append("Here the first error came \(Int(rekey.gap)) s after a quick mode with \(group.peer ?? "the peer") completed (line \(rekey.line)\(rekey.pfs.map { ", with PFS group \($0)" } ?? "")): the new SA is the first suspect.")
            }
            steps.append("IOS rate-limits this message, so more packets were dropped than lines logged: `show crypto ipsec sa detail` counts them as `#pkts verify failed` per SA.")
            let fix = "Watch `#pkts verify failed` in `show crypto ipsec sa detail` on \(device.name)\(group.peer.map { " for \($0)" } ?? ""): if it grows with traffic on every SA, capture ESP on both ends and compare the same SPI and sequence numbers to find the hop that alters them (then fix or bypass that link or device). If it started with a rekey and stays on one SA, `clear crypto sa\(group.peer.map { " peer \($0)" } ?? "")` to negotiate fresh keys, check the release notes of both ends for HMAC-after-rekey defects, and try another PFS group or transform until a fixed release is installed."
            return finding(device: device, peer: group.peer,
                           summary: "\(subject) fail \(device.name)'s integrity check (HMAC) and are dropped (\(RouterMessages.times(group.count)))",
                           explanation: steps.joined(separator: " "), fix: fix, evidence: Array(group.events.prefix(3)))
        }
    }

    /// The last quick mode with the group's peer that completed shortly before its first error
    /// (quick modes, not events: a busy device releases the events of concluded SAs), with the
    /// PFS group it negotiated when the events are still there.
    func rekeyBefore(_ group: RouterMessages.Group, on device: DeviceTimeline) -> (line: Int, gap: Double, pfs: String?)? {
        guard let peer = group.peer, let first = group.events.first, let at = first.stamp else { return nil }
        var best: (line: Int, gap: Double, pfs: String?)?
        for sa in device.sas where sa.peer == peer {
            for q in sa.quickModes where q.result == .complete {
                guard let done = q.states.last(where: { $0.to == "IKE_QM_PHASE2_COMPLETE" }), done.line < first.firstLine,
                      let t = done.stamp?.seconds(until: at), t >= 0, t <= Self.rekeyWindow else { continue }
                guard best.map({ t < $0.gap }) ?? true else { continue }
                let pfs = sa.events.last { e in
                    if case let .attribute(name, _) = e.kind { return name == "pfs-group" && e.firstLine >= q.firstLine && e.firstLine <= done.line }
                    return false
                }.flatMap { e -> String? in if case let .attribute(_, v) = e.kind { return v }; return nil }
                best = (done.line, t, pfs)
            }
        }
        return best
    }
}
