public enum Severity: String, Sendable, Equatable, Comparable {
    case error, warning, info

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A log line that proves part of a finding.
public struct Evidence: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var text: String

    public init(file: String, line: Int, text: String) {
        self.file = file
        self.line = line
        self.text = text
    }
}

/// A diagnosis: what failed, why, the lines that show it, and the fix.
public struct Finding: Sendable, Equatable {
    public var id: String
    public var severity: Severity
    public var device: String
    public var peer: String?
    /// The ISAKMP conn-id, or for IKEv2 (`ikeVersion` 2) the session id.
    public var connId: Int?
    public var ikeVersion = 1
    /// Which SA on the device (its `number`), to link report sections.
    public var saNumber: Int?
    public var summary: String
    public var explanation: String
    public var fix: String
    public var evidence: [Evidence]

    public init(id: String, severity: Severity, device: String, peer: String?, connId: Int?, saNumber: Int?,
                summary: String, explanation: String, fix: String, evidence: [Evidence]) {
        self.id = id
        self.severity = severity
        self.device = device
        self.peer = peer
        self.connId = connId
        self.saNumber = saNumber
        self.summary = summary
        self.explanation = explanation
        self.fix = fix
        self.evidence = evidence
    }
}

/// A diagnoser's documentation, which is also its test: log excerpts that
/// must (`triggering`) and must not (`nonTriggering`) produce its finding.
public struct DiagnoserDescription: Sendable {
    /// Stable kebab-case id, used in JSON and docs.
    public var id: String
    public var severity: Severity
    /// One line: what the finding means.
    public var meaning: String
    /// One line: the usual configuration fix.
    public var usualFix: String
    public var triggering: [String]
    public var nonTriggering: [String]

    public init(id: String, severity: Severity, meaning: String, usualFix: String, triggering: [String], nonTriggering: [String]) {
        self.id = id
        self.severity = severity
        self.meaning = meaning
        self.usualFix = usualFix
        self.triggering = triggering
        self.nonTriggering = nonTriggering
    }
}

/// One rule per failure mode. Looks at one SA's timeline and its events;
/// returns a finding or nil. Never prints.
public protocol Diagnoser: Sendable {
    static var description: DiagnoserDescription { get }
    /// The failure signs without which `diagnose(_:on:)` cannot fire: an SA
    /// carrying none of them is skipped by `SADiagnosis` (the busy-log fast path).
    static var triggers: Signals { get }
    init()
    /// One SA's diagnosis (most diagnosers).
    func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding?
    /// Router-wide messages that belong to no IKE SA (invalid SPI, weak algorithms…).
    func diagnose(device: DeviceTimeline) -> [Finding]
}

extension Diagnoser {
    public static var triggers: Signals { .all }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? { nil }
    public func diagnose(device: DeviceTimeline) -> [Finding] { [] }

    /// A device-level finding citing `evidence`.
    func finding(device: DeviceTimeline, peer: String?, summary: String, explanation: String, fix: String, evidence: [Event]) -> Finding {
        let d = Self.description
        var seen = Set<Int>()
        let ev = evidence.sorted { $0.firstLine < $1.firstLine }.filter { seen.insert($0.firstLine).inserted }
            .map { Evidence(file: device.file, line: $0.firstLine, text: $0.evidenceText) }
        return Finding(id: d.id, severity: d.severity, device: device.name, peer: peer, connId: nil, saNumber: nil,
                       summary: summary, explanation: explanation, fix: fix, evidence: ev)
    }

    /// A finding pre-filled with this diagnoser's id, severity and the SA's identity.
    func finding(_ sa: SecurityAssociation, on device: DeviceTimeline, summary: String, explanation: String,
                 fix: String, evidence: [Event]) -> Finding {
        let d = Self.description
        // Each fact once (its first occurrence): a retransmitted failure repeats the same lines.
        var seenLines = Set<Int>()
        var seenKinds: [EventKind] = []
        var ev: [Evidence] = []
        for e in evidence.sorted(by: { $0.firstLine < $1.firstLine }) where seenLines.insert(e.firstLine).inserted {
            if seenKinds.contains(e.kind) { continue }
            seenKinds.append(e.kind)
            ev.append(Evidence(file: device.file, line: e.firstLine, text: e.evidenceText))
        }
        var f = Finding(id: d.id, severity: d.severity, device: device.name, peer: sa.peer, connId: sa.connId,
                        saNumber: sa.number, summary: summary, explanation: explanation, fix: fix, evidence: ev)
        f.ikeVersion = sa.version
        return f
    }
}

/// Words shared by several diagnosers' explanations.
enum Say {
    static func peer(_ sa: SecurityAssociation) -> String { sa.peer ?? "the peer" }
    /// This router's address as the peer sees it, for the peer's `debug crypto condition`: behind
    /// NAT (NAT-T detected) the local address is not the one the peer knows.
    static func addressAtPeer(_ sa: SecurityAssociation, otherwise: String) -> String {
        guard sa.natTraversal, !sa.peerBehindNAT else { return sa.local ?? otherwise }
        return "<this router's address after NAT\(sa.local.map { ", not \($0)" } ?? "")>"
    }
    /// The address words of a key command for `address`: `address 192.0.2.1`, or for an IPv6
    /// peer `address ipv6 2001:DB8:1::1/128` (IOS takes IPv6 keys only with `ipv6` and a prefix):
    /// `pre-shared-key \(keyAddress(p)) key …`, `crypto isakmp key K \(keyAddress(p))`.
    static func keyAddress(_ address: String) -> String {
        address.utf8.contains(UInt8(ascii: ":")) ? "address ipv6 \(address)/128" : "address \(address)"
    }
    /// The NAT keepalive command of the SA's IKE version (`crypto ikev2 nat keepalive` takes
    /// seconds too).
    static func natKeepalive(_ sa: SecurityAssociation) -> String {
        sa.version == 2 ? "`crypto ikev2 nat keepalive 20`" : "`crypto isakmp nat keepalive 20`"
    }
    /// `once`, `twice`, `3 times`.
    static func times(_ n: Int) -> String { n == 1 ? "once" : n == 2 ? "twice" : "\(n) times" }
    /// A message ID as IOS prints it: unsigned, and signed as well when that differs
    /// (`beginning Quick Mode exchange, M-ID of -889293300` is 3405673996).
    static func messageID(_ m: MessageID) -> String {
        m >= 0x8000_0000 ? "\(m) (\(Int32(bitPattern: m)))" : "\(m)"
    }
}
