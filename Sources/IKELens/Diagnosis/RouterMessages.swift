/// Groups the device-level syslog messages of one mnemonic by the peer they name.
enum RouterMessages {
    static func byPeer(_ device: DeviceTimeline, mnemonic: String) -> [(peer: String?, events: [Event])] {
        var order: [String] = []
        var groups: [String: [Event]] = [:]
        for e in device.unattributed {
            guard case let .syslog(m, peer) = e.kind, m.hasSuffix(mnemonic) else { continue }
            let key = peer ?? ""
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(e)
        }
        return order.map { (peer: $0.isEmpty ? nil : $0, events: groups[$0]!) }
    }

    static func times(_ n: Int) -> String { n == 1 ? "once" : "\(n) times" }
}
