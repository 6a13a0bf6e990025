/// The router dropped log messages of its own (`%SYS-3-MSGLOST`): the timelines may miss lines.
public struct MessagesLostDiagnoser: Diagnoser {
    public init() {}

    public static let description = DiagnoserDescription(
        id: "messages-lost",
        severity: .warning,
        meaning: "The router dropped log messages (`%SYS-3-MSGLOST: N messages lost because of queue overflow`): under debug load its logging queue overflowed, so the log misses lines and the timelines and findings may be incomplete.",
        usualFix: "Log debug output to the buffer, not the console (`no logging console`, `logging buffered 1000000 debugging`), and narrow it with `debug crypto condition peer ipv4 X`.",
        triggering: [
            "*Jun 19 10:04:24.830: %SYS-3-MSGLOST: 113 messages lost because of queue overflow",
        ],
        nonTriggering: [
            "*Jun 19 10:04:24.830: %SYS-5-CONFIG_I: Configured from console by console",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        let groups = RouterMessages.byPeer(device, mnemonic: "SYS-3-MSGLOST")
        guard !groups.isEmpty else { return [] }
        let events = groups.flatMap(\.events).sorted { $0.firstLine < $1.firstLine }
        let reports = groups.reduce(0) { $0 + $1.count }
        // The number each message gives (`113 messages lost`), over the messages kept.
        let lost = events.reduce(0) { sum, e in
            guard let r = e.text.range(of: "MSGLOST: ") else { return sum }
            return sum + (Int(e.text[r.upperBound...].prefix { $0.isNumber }) ?? 0)
        }
        let atLeast = reports > events.count ? "at least " : ""
        let lines = events.map { String($0.firstLine) }
        let span = lines.count == 1 ? "at line \(lines[0])" : "between lines \(lines.first!) and \(lines.last!)"
        return [finding(device: device, peer: nil,
                        summary: "\(device.name) dropped \(lost > 0 ? "\(atLeast)\(lost) " : "")log messages (`%SYS-3-MSGLOST`, \(RouterMessages.times(reports))): the log is incomplete",
                        explanation: "\(device.name) reported \(RouterMessages.times(reports)) that its logging queue overflowed and messages were thrown away, \(span). Debug output is what fills it, above all when it goes to a console at 9600 baud. Lines of the exchanges in progress then are missing: an SA may look incomplete, a state change may be skipped, and a failure's cause may be among the lost lines, so findings near those lines deserve a second capture.",
                        fix: "On \(device.name), send debug output to the log buffer rather than the console (`no logging console`, `logging buffered 1000000 debugging`, then `show logging`), or to a syslog server (`logging host …`, `logging trap debugging`), and narrow the debugging to the peer in question (`debug crypto condition peer ipv4 <peer>`). Then capture the exchange again.",
                        evidence: Array(events.prefix(3)))]
    }
}
