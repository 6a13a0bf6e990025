public enum Role: String, Sendable, Equatable {
    case initiator, responder

    /// The role a packet line names: `(I)`, or `(R)` / `(N)` (a new SA, received by its responder).
    init?(packetRole: String?) {
        switch packetRole {
        case "I": self = .initiator
        case "R", "N": self = .responder
        default: return nil
        }
    }
}

public enum Phase1Result: String, Sendable, Equatable {
    case complete, failed, incomplete
}

public enum QuickModeResult: String, Sendable, Equatable {
    /// IKE_QM_PHASE2_COMPLETE reached.
    case complete
    /// This router refused the peer's proposal (error 32/256, PROPOSAL_NOT_CHOSEN sent).
    case rejected
    /// The peer refused ours (PROPOSAL_NOT_CHOSEN received, "Delete Larval", deleted).
    case refusedByPeer = "refused-by-peer"
    /// This router gave up waiting for the peer's answer ("Death by retransmission P2").
    case noReply = "no-reply"
    case incomplete
}

/// One state transition, where and when it happened.
///
/// Kept by the hundred thousand in a head-end's full report (a dozen per SA), so stored small:
/// the states IOS prints (`IKE_I_MM1`, `IKE_P1_COMPLETE`, `QM_IDLE` …) as their number in
/// `StateStep.known`, any other pair of names in a box of its own; the line in six bytes (2^48
/// lines). 32 bytes a step, where two `String`s and an `Int` took 56.
public struct StateStep: Sendable, Equatable {
    /// The names when one of them is not in `known` (nil for IOS's own).
    private let other: Names?
    private var lineLow: UInt32
    private var lineHigh: UInt16
    private var fromCode: UInt8
    private var toCode: UInt8
    public var stamp: Stamp?

    private final class Names: Sendable {
        let from: String, to: String
        init(_ from: String, _ to: String) { (self.from, self.to) = (from, to) }
    }

    public init(from: String, to: String, stamp: Stamp?, line: Int) {
        if let f = Self.code(of: from), let t = Self.code(of: to) {
            (fromCode, toCode, other) = (f, t, nil)
        } else {
            (fromCode, toCode, other) = (0, 0, Names(from, to))
        }
        (lineLow, lineHigh) = (0, 0)
        self.stamp = stamp
        self.line = line
    }

    public var from: String { other?.from ?? Self.known[Int(fromCode)] }
    public var to: String { other?.to ?? Self.known[Int(toCode)] }

    public var line: Int {
        get { Int(lineHigh) << 32 | Int(lineLow) }
        set {
            let n = max(0, min(newValue, 1 << 48 - 1))
            (lineLow, lineHigh) = (UInt32(truncatingIfNeeded: n), UInt16(truncatingIfNeeded: n >> 32))
        }
    }

    public static func == (a: StateStep, b: StateStep) -> Bool {
        a.from == b.from && a.to == b.to && a.stamp == b.stamp && a.line == b.line
    }

    /// The state names IOS's ISAKMP prints (`Old State = … New State = …`, `show crypto isakmp
    /// sa`), by number; the first is the empty name.
    static let known: [String] = [
        "",
        "IKE_READY", "IKE_P1_COMPLETE", "IKE_DEST_SA",
        "IKE_I_MM1", "IKE_I_MM2", "IKE_I_MM3", "IKE_I_MM4", "IKE_I_MM5", "IKE_I_MM6",
        "IKE_R_MM1", "IKE_R_MM2", "IKE_R_MM3", "IKE_R_MM4", "IKE_R_MM5", "IKE_R_MM6",
        "IKE_I_AM1", "IKE_I_AM2", "IKE_I_AM3", "IKE_R_AM1", "IKE_R_AM2", "IKE_R_AM3",
        "IKE_R_AM_AAA_AWAIT", "IKE_I_AM_AAA_AWAIT", "IKE_R_MM_AAA_AWAIT",
        "IKE_QM_READY", "IKE_QM_I_QM1", "IKE_QM_I_QM2", "IKE_QM_R_QM1", "IKE_QM_R_QM2",
        "IKE_QM_PHASE2_COMPLETE", "IKE_QM_IPSEC_INSTALL_AWAIT", "IKE_QM_SPI_STARVE",
        "IKE_QM_AAA_AWAIT", "IKE_QM_R_WAIT_AUTH",
        "IKE_XAUTH_REQ_SENT", "IKE_XAUTH_REPLY_AWAIT", "IKE_XAUTH_REPLY_SENT", "IKE_XAUTH_SET_SENT",
        "IKE_XAUTH_AAA_START_LOGIN_AWAIT", "IKE_XAUTH_AAA_CONT_LOGIN_AWAIT", "IKE_XAUTH_ACK_AWAIT",
        "IKE_XAUTH_AAA_AWAIT",
        "IKE_CONFIG_MODE_REQ_SENT", "IKE_CONFIG_MODE_SET_SENT", "IKE_CONFIG_AUTHOR_AAA_AWAIT",
        "IKE_CONFIG_MODE_REPLY_AWAIT",
        "MM_NO_STATE", "MM_SA_SETUP", "MM_KEY_EXCH", "MM_KEY_AUTH", "QM_IDLE",
        "AG_NO_STATE", "AG_INIT_EXCH", "AG_AUTH",
    ]

    /// The number of a name in `known`, or nil (looked up as the parser looks up its words:
    /// `Tokens.Table`, where a dictionary's seeded hasher cost a few hundred instructions a name).
    static func code(of name: String) -> UInt8? {
        var name = name
        return name.withUTF8 { bytes -> UInt8? in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
            guard bytes.count <= Tokens.Table.maxLength else { return nil }
            // (The table numbers the names but the empty one from 0: `known` without its first.)
            return table.entry(base, bytes.count).map { UInt8($0 + 1) }
        }
    }

    private static let table = Tokens.Table(known)
}

/// One quick-mode exchange of an IKE SA, by message ID.
public struct QuickMode: Sendable, Equatable {
    public var messageID: MessageID
    public var states: [StateStep] = []
    public var result: QuickModeResult = .incomplete
    public var firstLine: Int
    public var lastLine: Int
    public var start: Stamp?
    public var end: Stamp?
    /// The IPsec proxies (local / remote) proposed, when the log shows them.
    public var localProxy: String?
    public var remoteProxy: String?
    public var transform: String?
}

/// A ping's summary line (`Success rate is 100 percent (5/5)`): where, and the replies it got.
public struct PingResult: Sendable, Equatable {
    public var line: Int
    public var received: Int
    public var sent: Int

    /// The line as IOS prints it (up to the counts).
    public var text: String { "Success rate is \(sent > 0 ? received * 100 / sent : 0) percent (\(received)/\(sent))" }
}

/// One IKEv2 message exchanged (IKE_SA_INIT, IKE_AUTH, CREATE_CHILD_SA, INFORMATIONAL).
public struct Exchange: Sendable, Equatable {
    public var name: String
    public var messageID: Int?
    public var sent: Bool
    public var request: Bool?
    public var payloads: String?
    public var line: Int
    public var stamp: Stamp?
}

/// An `Int?` in eight bytes, where `Int?` takes sixteen in a struct: `Int.min` stands for nil
/// (no count, line, port or conn-id the log prints is that).
@propertyWrapper
public struct PackedInt: Sendable {
    private var raw: Int
    public init(wrappedValue: Int?) { raw = wrappedValue ?? .min }
    public var wrappedValue: Int? {
        get { raw == .min ? nil : raw }
        set { raw = newValue ?? .min }
    }
}

/// Everything known about one IKE SA on one device.
///
/// A busy device's full report keeps every SA it saw (a quarter of a million in 2 GB of log),
/// so the struct is kept small: what few SAs have (IKEv2's messages, XAUTH's ping, a front-door
/// VRF, an operator's clear …) lives in a box of its own (`Rare`, copied on write, absent from
/// most SAs); optional numbers are stored in eight bytes (`PackedInt`); the flags come last, where
/// they pad nothing. 408 bytes a stride, where the plain layout took 632.
public struct SecurityAssociation: Sendable {
    /// IKE version: 1 (ISAKMP main/quick mode) or 2.
    public var version = 1
    /// Order of first appearance on the device, from 1.
    public var number: Int
    public var device: String
    public var file: String
    /// ISAKMP conn-id; nil while the log only showed `(0)` for it.
    @PackedInt public var connId: Int? = nil
    public var peer: String?
    public var local: String?
    @PackedInt public var peerPort: Int? = nil
    /// The peer's port in the exchange's first packet (before a NAT-T switch to 4500): behind a
    /// NAT, the port the NAT gave that host (see `Recovery.Host`).
    @PackedInt public var firstPeerPort: Int? = nil
    @PackedInt public var localPort: Int? = nil
    /// Initiator: the profile of `SA request profile is …` (nil for `(NULL)`).
    public var requestedProfile: String?
    /// Responder (and initiator at MM6): `peer matches X profile`.
    public var matchedProfile: String?
    /// The keyring whose key derived this SA's keys (MM3 responder / MM1-MM4 initiator).
    public var keyKeyring: String?
    /// The keyring of the profile matched at MM5 (responder).
    public var profileKeyring: String?
    public var state: String?
    public var states: [StateStep] = []
    public var quickModes: [QuickMode] = []
    /// The shortest IPsec SA lifetimes (seconds, kilobytes) the SA's key-engine lines name
    /// (`lifedur= 3600s and 2560kb`).
    @PackedInt public var ipsecLifetimeSeconds: Int? = nil
    @PackedInt public var ipsecLifetimeKB: Int? = nil
    /// Events that carry facts (packets, states, keys, errors…), in log order.
    public var events: [Event] = []
    /// Events beyond the per-SA bound, counted not kept.
    public var droppedEvents = 0
    public var firstLine: Int
    public var lastLine: Int
    public var deleteReason: String?
    /// Phase 1 retransmissions by this router (see `RetransmitTally`).
    public var retransmissions = 0
    /// Diagnoser ids that fired on this SA (filled by the analysis).
    public var findingIds: [String] = []
    /// The findings of this SA, once diagnosed.
    public var findings: [Finding] = []
    /// Keepalive events kept since the keepalives were last pruned.
    var keepalives = 0
    /// Which of its stays dormant this is (stale entries of the dormant queue are skipped).
    var dormantGeneration = 0
    /// Events up to this line are never pruned (the first keepalives, with phase 1's
    /// end and the first quick modes among them); 0 until keepalives first pile up.
    var keepaliveFloor = 0
    /// What few SAs have (see `Rare`); nil until one of its fields is written.
    private var rare: Rare?
    var retransmitTally = RetransmitTally()
    public var start: Stamp?
    public var end: Stamp?
    /// The failure signs of every event this SA received (kept even when events are released).
    public var signals: Signals = []
    /// The line of the first `His hash no match`, and its length (see `Correlator.apply`).
    var natHashMismatchLine: Int32 = 0
    /// The FSM node of the last `Node M, Input = …` line (correlation state).
    var lastNode: MessageID?
    var natHashMismatchLength: UInt16 = 0
    var natHashMismatches: UInt8 = 0
    public var role: Role?
    public var phase1: Phase1Result = .incomplete
    /// IKEv2: the IKE SA came up (`Session … is UP`, `IKEV2 SA created`).
    public var established = false
    /// `peer matches *none* of the profiles`.
    public var matchedNoProfile = false
    /// A line of ISAKMP's own (`debug crypto isakmp`) was filed into this SA. Without one (a log
    /// of `debug crypto ipsec` alone) phase 1 is not in the log: see `phase1Implied`.
    public var isakmpLogged = false
    public var deleted = false
    /// The router reloaded while this SA was open (`%SYS-5-RELOAD`, `%SYS-5-RESTART`): IOS keeps no
    /// SA across a reload, so no later line is this SA's (see `Correlator`).
    public var lostInReload = false
    public var natTraversal = false
    /// Both NAT-D hashes missed (`His hash no match - this node outside NAT` twice): the
    /// peer is behind NAT and NAT-T takes over from MM5, though this router's address is not
    /// translated.
    public var peerBehindNAT = false
    /// Events arrived since the last diagnosis.
    public var needsDiagnosis = true
    /// Streaming: reported and still up, with nothing new since (see `Correlator.reported`).
    var dormant = false
    /// Concluded while still in phase 1 because no line spoke of it for longer than IOS keeps
    /// a negotiation (see `Correlator.sweepIdle`).
    var idleConcluded = false

    /// Deleted, or lost in a reload: the SA takes no more lines.
    public var ended: Bool { deleted || lostInReload }

    /// The fields few SAs have, boxed: shared by copies of the SA until one of them writes.
    private final class Rare: @unchecked Sendable {
        var exchanges: [Exchange] = []
        var peerIdentity: String?
        var keyringCandidates: [String] = []
        var pingAfter: PingResult?
        var frontDoorVRF: String?
        var clearedByOperator: Int?
        var reportedNodes: [MessageID] = []
        var savedTimeline: [TimelineRows.Row]?

        init() {}

        func copy() -> Rare {
            let c = Rare()
            (c.exchanges, c.peerIdentity, c.keyringCandidates, c.pingAfter) = (exchanges, peerIdentity, keyringCandidates, pingAfter)
            (c.frontDoorVRF, c.clearedByOperator, c.reportedNodes, c.savedTimeline) = (frontDoorVRF, clearedByOperator, reportedNodes, savedTimeline)
            return c
        }
    }

    /// The box, this SA's own to write (made on the first write, copied if shared).
    private mutating func ownRare() -> Rare {
        if rare == nil {
            rare = Rare()
        } else if !isKnownUniquelyReferenced(&rare) {
            rare = rare!.copy()
        }
        return rare.unsafelyUnwrapped
    }

    /// IKEv2: the messages of this IKE SA, in order.
    public var exchanges: [Exchange] {
        get { rare?.exchanges ?? [] }
        set { if rare != nil || !newValue.isEmpty { ownRare().exchanges = newValue } }
        _modify { let r = ownRare(); yield &r.exchanges }
    }
    /// IKEv2: the peer identity the profile was searched for (`'R1.LAB.LOCAL' of type 'FQDN'`).
    public var peerIdentity: String? {
        get { rare?.peerIdentity }
        set { if rare != nil || newValue != nil { ownRare().peerIdentity = newValue } }
    }
    /// Keyring lookups seen with `debug crypto isakmp detail`, in order.
    public var keyringCandidates: [String] {
        get { rare?.keyringCandidates ?? [] }
        set { if rare != nil || !newValue.isEmpty { ownRare().keyringCandidates = newValue } }
        _modify { let r = ownRare(); yield &r.keyringCandidates }
    }
    /// The result of a ping the log shows just after this SA's lines (see `Correlator.notePing`).
    public var pingAfter: PingResult? {
        get { rare?.pingAfter }
        set { if rare != nil || newValue != nil { ownRare().pingAfter = newValue } }
    }
    /// The front-door VRF the peer's packets arrive in, when the log names one other than the
    /// global table (`received packet from X dport 500 sport 500 INET (N) NEW SA`).
    public var frontDoorVRF: String? {
        get { rare?.frontDoorVRF }
        set { if rare != nil || newValue != nil { ownRare().frontDoorVRF = newValue } }
    }
    /// The line of the operator's `clear crypto …` that deleted this SA (see `Correlator`).
    public var clearedByOperator: Int? {
        get { rare?.clearedByOperator }
        set { if rare != nil || newValue != nil { ownRare().clearedByOperator = newValue } }
    }
    /// Streaming: the message IDs of the last quick modes reported and dropped from `quickModes`
    /// (see `Correlator.reported`): lines of theirs that come after are their tail.
    var reportedNodes: [MessageID] {
        get { rare?.reportedNodes ?? [] }
        set { if rare != nil || !newValue.isEmpty { ownRare().reportedNodes = newValue } }
        _modify { let r = ownRare(); yield &r.reportedNodes }
    }
    /// When the events were released (busy device), the timeline rendered before.
    public var savedTimeline: [TimelineRows.Row]? {
        get { rare?.savedTimeline }
        set { if rare != nil || newValue != nil { ownRare().savedTimeline = newValue } }
    }

    public init(number: Int, device: String, file: String, firstLine: Int) {
        self.number = number
        self.device = device
        self.file = file
        self.firstLine = firstLine
        self.lastLine = firstLine
    }

    /// Phase 1 is complete but not in the log: no ISAKMP line of this SA was logged (`debug crypto
    /// ipsec` alone), and IPsec SAs were negotiated under it, which IOS does only over a complete
    /// phase 1 (its quick modes are known from the key engine's lines).
    public var phase1Implied: Bool { phase1 == .complete && phase1NotLogged }

    /// IKEv1, and no ISAKMP line of this SA was logged: its phase 1 is not in the log (see
    /// `phase1Implied`), only what the key engine and the router's messages said of it.
    public var phase1NotLogged: Bool { version == 1 && !isakmpLogged }

    /// The profile this SA ran under, as far as the log shows.
    public var profile: String? { matchedProfile ?? requestedProfile }

    /// The keyring to show for this SA: the one whose key was used, else the profile's.
    public var keyring: String? { keyKeyring ?? profileKeyring }

    /// Whether the log saw this SA in state `s`.
    /// The last main-mode message (1, 3 or 5) this router sent as initiator: from its states, or
    /// from the packets it sent and retransmitted (`(I) MM_KEY_EXCH` is MM5) when the log starts
    /// after the state lines. Nil when it sent none the log shows.
    public var initiatorSentMainMode: Int? {
        if reached("IKE_I_MM5") { return 5 }
        func number(_ label: String) -> Int? {
            label.asciiHasPrefix("MM_KEY_EXCH") ? 5 : label.asciiHasPrefix("MM_SA_SETUP") ? 3 : label.asciiHasPrefix("MM_NO_STATE") ? 1 : nil
        }
        var sent = reached("IKE_I_MM3") ? 3 : reached("IKE_I_MM1") ? 1 : 0
        for e in events {
            switch e.kind {
            case let .packetSent(_, _, _, role, label) where role == "I": sent = max(sent, number(label) ?? 0)
            case let .retransmit(label?, _, _, phase) where phase != 2 && (role == .initiator || sent > 0): sent = max(sent, number(label) ?? 0)
            default: break
            }
        }
        return sent > 0 ? sent : nil
    }

    /// IKEv2: this router answered IKE_SA_INIT with `NOTIFY(INVALID_KE_PAYLOAD)` and nothing
    /// else followed on this session: it asked the initiator for another DH group (RFC 7296
    /// §1.2), and the initiator retries with a new IKE_SA_INIT (a new session here). Not a failure.
    public var v2AskedForAnotherGroup: Bool {
        guard version == 2, !established else { return false }
        var asked = false
        for x in exchanges {
            if x.name != "IKE_SA_INIT" { return false }
            if x.sent, x.request == false, let p = x.payloads, p.contains("INVALID_KE_PAYLOAD") { asked = true }
        }
        return asked
    }

    /// The state the SA was in when it ended: not the IKE_DEST_SA it was deleted to.
    public var stateBeforeDeletion: String? {
        state == "IKE_DEST_SA" ? states.last?.from : state
    }

    /// Whether the SA was ever in state `s`: entered it, or left it (a log that starts while
    /// the SA was in it shows only the way out: `IKE_I_MM5 → IKE_DEST_SA`).
    public func reached(_ s: String) -> Bool {
        states.contains { $0.to == s || $0.from == s } || state == s
    }

    public func has(_ predicate: (EventKind) -> Bool) -> Bool {
        events.contains { predicate($0.kind) }
    }

    public func first(_ predicate: (EventKind) -> Bool) -> Event? {
        events.first { predicate($0.kind) }
    }

    public func all(_ predicate: (EventKind) -> Bool) -> [Event] {
        events.filter { predicate($0.kind) }
    }

    /// This router's own refusal of a proposal (`NOTIFY PROPOSAL_NOT_CHOSEN` sent), if the log has one.
    public var sentProposalNotChosen: Event? {
        first { if case let .notify(sent, type, _) = $0 { return sent && type == "PROPOSAL_NOT_CHOSEN" }; return false }
    }

    /// The quick mode this router began last and the peer's DELETE after it, when that is the
    /// peer's only answer: no refusal of this router's own (`PROPOSAL_NOT_CHOSEN` sent), no
    /// quick-mode retransmission, no operator's clear. How ASAs and other makes refuse a quick
    /// mode (the correlator's quick-mode result and qm-refused-by-peer both read it so). The two
    /// events as positions in `events`: in the order they came, which tells them apart also when
    /// they share a line (messages a capture ran together).
    public func peerDeleteInQuickMode() -> (begin: Int, delete: Int)? {
        guard clearedByOperator == nil,
              let begin = events.lastIndex(where: { if case .quickModeBegin = $0.kind { return true }; return false }),
              let delete = events[(begin + 1)...].firstIndex(where: { e in
                  guard case let .payload(name, _) = e.kind else { return false }
                  return name == "DELETE"
              }) else { return nil }
        if has({
            switch $0 {
            case let .notify(sent, type, _): return sent && type == "PROPOSAL_NOT_CHOSEN"
            case let .retransmit(_, _, _, phase): return phase == 2
            default: return false
            }
        }) { return nil }
        return (begin, delete)
    }

    /// Drops the events and trims what stays to its size: the summary a
    /// concluded SA keeps on a busy device (arrays grown by doubling hold up to
    /// twice their elements).
    mutating func releaseEvents() {
        events = []
        states = Self.tight(states)
        exchanges = Self.tight(exchanges)
        keyringCandidates = Self.tight(keyringCandidates)
        for q in quickModes.indices { quickModes[q].states = Self.tight(quickModes[q].states) }
        quickModes = Self.tight(quickModes)
        if let t = savedTimeline { savedTimeline = Self.tight(t) }
    }

    /// The events' storage cut to their number, plus room for `spare` more.
    mutating func trimEvents(spare: Int) {
        guard events.capacity > events.count + 2 * spare else { return }
        var t: [Event] = []
        t.reserveCapacity(events.count + spare)
        t.append(contentsOf: events)
        events = t
    }

    private static func tight<T>(_ a: [T]) -> [T] {
        a.capacity > a.count ? a.withUnsafeBufferPointer { Array($0) } : a
    }

    /// A short label such as `conn-id 1012, peer 192.168.0.2`.
    public var label: String {
        var parts: [String] = []
        parts.append(connId.map { "conn-id \($0)" } ?? "conn-id (0)")
        if let peer { parts.append("peer \(peer)") }
        return parts.joined(separator: ", ")
    }
}

/// How many times a router retransmitted, from its lines. IOS prints three or four lines per
/// retransmission (`retransmitting phase 1 MM_KEY_EXCH...`, `incrementing error counter on sa,
/// attempt 2 of 5: retransmit phase 1`, `retransmitting phase 1 MM_KEY_EXCH`): the attempt
/// counter when the log has it, else the announcing lines (ending in `...`), else any line naming
/// the retransmitted packet.
public struct RetransmitTally: Sendable {
    private var attempts: Int32 = 0
    private var announced: Int32 = 0
    private var named: Int32 = 0
    /// The line of the last announcing line: a release that prints the announcement twice per
    /// retransmission (around the counter line) counts once.
    private var lastAnnounced: Int32 = -10

    public init() {}

    public init(_ events: some Sequence<Event>) {
        for e in events { add(e) }
    }

    public mutating func add(_ e: Event) {
        guard case let .retransmit(label, attempt, _, _) = e.kind else { return }
        if let attempt {
            attempts = max(attempts, Int32(clamping: attempt))
        } else if label != nil {
            // (The line's last three bytes before trailing spaces, read in place.)
            let end = e.text.utf8.reversed().drop { $0 == ASCII.space }.prefix(3)
            if end.elementsEqual([ASCII.dot, ASCII.dot, ASCII.dot]) {
                let line = Int32(clamping: e.firstLine)
                if line - lastAnnounced > 3 {
                    announced += 1
                    lastAnnounced = line
                }
            } else {
                named += 1
            }
        }
    }

    public var value: Int { Int(attempts > 0 ? attempts : announced > 0 ? announced : named) }
}
