/// Groups the device-level syslog messages of one mnemonic by the peer they name.
enum RouterMessages {
    /// `events`: the messages kept (the first few of a flood); `count`: all of them.
    static func byPeer(_ device: DeviceTimeline, mnemonic: String) -> [(peer: String?, events: [Event], count: Int)] {
        var order: [String] = []
        var groups: [String: [Event]] = [:]
        var counts: [String: Int] = [:]
        for e in device.unattributed {
            guard case let .syslog(m, peer) = e.kind, m.hasSuffix(mnemonic) else { continue }
            let key = peer ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
            counts[key, default: 0] += 1
        }
        // Those counted beyond the kept ones (a group can be all counted once the keeping is full).
        let more = device.unattributedMore.filter { $0.key.message.hasSuffix(mnemonic) }
            .sorted { ($0.key.peer ?? "", $0.key.message) < ($1.key.peer ?? "", $1.key.message) }
        for (group, n) in more {
            let key = group.peer ?? ""
            if groups[key] == nil { order.append(key); groups[key] = [] }
            counts[key, default: 0] += n
        }
        return order.map { (peer: $0.isEmpty ? nil : $0, events: groups[$0]!, count: counts[$0]!) }
    }

    /// Unattributed events of `kind` (an `EventKind.name`) kept and counted in all.
    static func count(_ device: DeviceTimeline, kind: String, kept: Int) -> Int {
        kept + device.unattributedMore.filter { $0.key.message == kind }.reduce(0) { $0 + $1.value }
    }

    static func times(_ n: Int) -> String { n == 1 ? "once" : "\(n) times" }
}
