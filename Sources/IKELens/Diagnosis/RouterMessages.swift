/// Groups the device-level syslog messages of one mnemonic by the peer they name.
enum RouterMessages {
    /// Peers reported one by one; beyond, the others make one group (a hub rebooted
    /// under thousands of spokes is one finding, not thousands).
    static let peersReported = 25

    typealias Group = (peer: String?, events: [Event], count: Int, otherPeers: Int)

    /// `events`: the messages kept (the first few of a flood); `count`: all of them;
    /// `otherPeers`: for the last group when there are more than `peersReported` peers,
    /// how many peers it stands for (those with the fewest messages).
    static func byPeer(_ device: DeviceTimeline, mnemonic: String) -> [Group] {
        byPeer(device, mnemonics: [mnemonic])
    }

    /// The same, for one message that releases spell differently (`PKT_REPLAY_ERR`, XE's `REPLAY_ERROR`).
    static func byPeer(_ device: DeviceTimeline, mnemonics: [String]) -> [Group] {
        let all = allPeers(device, mnemonics: mnemonics)
        guard all.count > peersReported else { return all }
        // The peers with most messages (first seen first among equals), in the order seen.
        let ranked = all.indices.sorted { all[$0].count != all[$1].count ? all[$0].count > all[$1].count : $0 < $1 }
        let shown = Set(ranked.prefix(peersReported))
        var out: [Group] = all.indices.filter { shown.contains($0) }.map { all[$0] }
        let rest = all.indices.filter { !shown.contains($0) }.map { all[$0] }
        out.append((peer: nil, events: Array(rest.flatMap(\.events).sorted { $0.firstLine < $1.firstLine }.prefix(3)),
                    count: rest.reduce(0) { $0 + $1.count }, otherPeers: rest.count))
        return out
    }

    /// The messages of one mnemonic that joined an SA (the log held its peer's exchange).
    static func inSA(_ sa: SecurityAssociation, mnemonic: String) -> [Event] {
        sa.events.filter { if case let .syslog(m, _) = $0.kind { return m.hasSuffix(mnemonic) }; return false }
    }

    /// Who a group's finding speaks of, and the verb's ending that goes with it.
    static func subject(_ group: Group) -> (who: String, s: String) {
        if group.otherPeers > 0 { return ("\(group.otherPeers) other peers", "") }
        return (group.peer ?? "a peer", "s")
    }

    private static func allPeers(_ device: DeviceTimeline, mnemonics: [String]) -> [Group] {
        func matches(_ m: String) -> Bool { mnemonics.contains { m.hasSuffix($0) } }
        var order: [String] = []
        var groups: [String: [Event]] = [:]
        var counts: [String: Int] = [:]
        for e in device.unattributed {
            guard case let .syslog(m, peer) = e.kind, matches(m) else { continue }
            let key = peer ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
            counts[key, default: 0] += 1
        }
        // Those counted beyond the kept ones (a group can be all counted once the keeping is full).
        let more = device.unattributedMore.filter { matches($0.key.message) }
            .sorted { ($0.key.peer ?? "", $0.key.message) < ($1.key.peer ?? "", $1.key.message) }
        for (group, n) in more {
            let key = group.peer ?? ""
            if groups[key] == nil { order.append(key); groups[key] = [] }
            counts[key, default: 0] += n
        }
        return order.map { (peer: $0.isEmpty ? nil : $0, events: groups[$0]!, count: counts[$0]!, otherPeers: 0) }
    }

    /// Unattributed events of `kind` (an `EventKind.name`) kept and counted in all.
    static func count(_ device: DeviceTimeline, kind: String, kept: Int) -> Int {
        kept + device.unattributedMore.filter { $0.key.message == kind }.reduce(0) { $0 + $1.value }
    }

    static func times(_ n: Int) -> String { n == 1 ? "once" : "\(n) times" }

    /// The distinct values printed after `label` in the messages (`connection id=` → `2013`, `SPI ` → `0x3caaaeb7`),
    /// in the order seen: which IPsec SAs a flood of data-plane drops is about.
    /// `allowing`: characters a value may hold besides letters and digits (`.:` for an address,
    /// read through a ticket's defanging: `10[.]2[.]2[.]2`).
    static func values(after label: String, in events: [Event], allowing: String = "") -> [String] {
        var out: [String] = []
        for e in events {
            let text = allowing.isEmpty ? e.text : Defang.refanged(e.text)
            guard let r = text.range(of: label) else { continue }
            let v = text[r.upperBound...].prefix { $0.isLetter || $0.isNumber || allowing.contains($0) }
            if !v.isEmpty, !out.contains(String(v)) { out.append(String(v)) }
        }
        return out
    }

    /// `connection id 2013` / `connection ids 2013, 2014`, or nil when none is printed.
    static func connectionIds(_ events: [Event]) -> String? {
        let ids = values(after: "connection id=", in: events)
        guard !ids.isEmpty else { return nil }
        return "connection id\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", "))"
    }
}

/// A diagnosis of one router message (`%CRYPTO-6-IKMP_…`): inside its peer's SA when the log holds
/// that exchange, else router-wide, one finding per peer (`RouterMessages.byPeer`). `words` says
/// it: `who` the peer (or `3 other peers`), `s` the verb's ending that goes with it.
public protocol RouterMessageDiagnoser: Diagnoser {
    static var mnemonic: String { get }
    static func words(device: DeviceTimeline, peer: String?, who: String, s: String, count: Int) -> (summary: String, explanation: String, fix: String)
}

extension RouterMessageDiagnoser {
    /// The message inside an SA (its peer's SA was in the log).
    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let events = RouterMessages.inSA(sa, mnemonic: Self.mnemonic)
        guard !events.isEmpty else { return nil }
        let w = Self.words(device: device, peer: sa.peer, who: Say.peer(sa), s: "s", count: events.count)
        return finding(sa, on: device, summary: w.summary, explanation: w.explanation, fix: w.fix, evidence: events)
    }

    /// The message alone (`show logging`, no debug, or its peer's SA not in the log).
    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: Self.mnemonic).map { group in
            let (who, s) = RouterMessages.subject(group)
            let w = Self.words(device: device, peer: group.peer, who: who, s: s, count: group.count)
            return finding(device: device, peer: group.peer, summary: w.summary, explanation: w.explanation, fix: w.fix,
                           evidence: Array(group.events.prefix(3)))
        }
    }
}
