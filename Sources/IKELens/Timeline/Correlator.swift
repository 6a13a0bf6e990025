/// Builds per-SA timelines for one device from its event stream.
///
/// IOS prints the conn-id as `(0)` until keys are derived, and some lines of a
/// live SA still print `(0)`. On a busy head-end the `(0)` lines of many SAs
/// interleave. Because the ISAKMP process handles one packet at a time, the
/// lines of one packet's processing come as a burst; so a `(0)` line goes to,
/// in order: the SA its peer address names; for a state transition, the SA
/// that is in the old state; else the SA of the burst in progress.
public struct Correlator {
    public let device: String
    public let file: String
    public private(set) var sas = SAStore()
    /// Significant events that belong to no SA (e.g. a lone syslog line): the first
    /// `keptPerGroup` of each group (message and peer), so a flood of one router
    /// message (invalid SPI, thousands a minute) does not grow memory; the rest counted. (A weak
    /// algorithm's message whose text none kept has is kept past them, up to 32 texts.)
    public private(set) var unattributed: [Event] = []
    /// Per group, the events counted but not kept in `unattributed`.
    public private(set) var unattributedMore: [UnattributedGroup: Int] = [:]
    private var unattributedKept: [UnattributedGroup: Int] = [:]
    /// The texts of the weak-algorithm messages kept (see `keepUnattributed`).
    private var keptWeakTexts: Set<String> = []
    /// The whole report's: the router's `Crypto tunnel is UP` messages (`Recovery.loggedUp`) past
    /// the `keptPerGroup` kept of their group, each the first since an SA with that peer had
    /// lines: a tunnel that went down and was logged up again all day long (DPD, then UP, a
    /// dozen times) has each failure recovered, as streaming output, which reads every such
    /// message as it comes, tells it. Before, the failures after the fourth flap stayed errors
    /// in the whole report only. (At most one per SA's lines: a flood of the message adds none.)
    public private(set) var loggedUpsNotKept: [Event] = []
    private var lastLoggedUpLine: [String: Int] = [:]
    /// Events kept per group of unattributed messages (findings cite three).
    public static let keptPerGroup = 8
    /// Unattributed events kept in all (the groups' counts go on beyond).
    public static let keptUnattributedMax = 20_000
    /// `(0)` retransmission lines held for the line that names their peer, at most.
    static let maxPendingRetransmits = 64

    /// Upper bound of events (and of phase 1 steps) kept per SA; more are counted, not kept.
    public static let maxEventsPerSA = 600
    /// Upper bound of quick modes (IKEv2: child SAs, and exchanges) kept per SA: a log
    /// with endless rekeys of one SA stays linear and bounded.
    public static let maxQuickModesPerSA = 256
    /// Upper bound of steps kept per quick mode.
    static let maxStatesPerQuickMode = 64

    private var byConnId = ConnIdMap()
    /// SAs without a conn-id yet, by peer.
    private var zeroByPeer: [String: Int] = [:]
    /// Latest SA by peer.
    private var byPeer: [String: Int] = [:]
    /// The SA of the burst in progress.
    private var current: Int?
    /// `(0)` retransmission lines wait for the line that names their peer.
    private var pendingRetransmits: [Event] = []
    /// `reserved not zero on ID payload!` (no conn-id, no peer) waits one event: the
    /// `IKMP_BAD_MESSAGE` IOS prints next names the peer it was about; without it, the SA
    /// current when it was printed takes it.
    private var pendingReserved: (event: Event, current: Int?, waited: Int)?
    /// Per SA: index of the last ID payload event, for XE's split fields.
    private var lastIdPayload: [Int: Int] = [:]
    /// Per SA: the keyring of the last `key for X found in K` (detail debug).
    private var lastFoundKeyring: [Int: String] = [:]
    private var selectedCandidate: [Int: (keyring: String, address: String, mask: String)] = [:]

    public init(device: String, file: String) {
        self.device = device
        self.file = file
    }

    /// SAs that concluded (deleted, failed, or up with quick mode done) since the
    /// last `takeConcluded()`: the analyzer diagnoses them while the log streams.
    private var concluded: [Int] = []

    /// Whether `takeConcluded()` has any to give.
    public var hasConcluded: Bool { !concluded.isEmpty }

    public mutating func takeConcluded() -> [Int] {
        if concluded.isEmpty { return [] }
        defer { concluded.removeAll(keepingCapacity: true) }
        return concluded
    }

    public var saCount: Int { sas.count }
    /// SAs seen so far, those already reported and dropped (streaming) included.
    public var saSeen: Int { nextNumber }

    public func sa(_ idx: Int) -> SecurityAssociation { sas[idx] }

    /// The SA lent to `body` where it lies: no copy of its arrays' and strings' references
    /// (a copy and its release, a few dozen atomic counts each, for every SA diagnosed).
    func withSA<R>(_ idx: Int, _ body: (borrowing SecurityAssociation) throws -> R) rethrows -> R { try body(sas[idx]) }

    /// Names the device an SA belongs to, as far as the log has shown it (the timeline names
    /// every SA again at the end).
    mutating func setDevice(_ idx: Int, _ name: String) { sas[idx].device = name }

    /// Hands the SAs over (the timeline is done with them), leaving none: moved into an array a
    /// few megabytes at a time, the store's pages given back as they go (see `SAStore.take`).
    mutating func takeSAs() -> [SecurityAssociation] { sas.take() }

    /// Stores the diagnosis of an SA; on a busy device releases its events,
    /// keeping the summary and (for SAs with findings, when `keepTimeline`: the
    /// text report shows it) the rendered timeline.
    public mutating func recordDiagnosis(_ idx: Int, findings: [Finding], release: Bool, keepTimeline: Bool = true) {
        for f in findings where !sas[idx].findingIds.contains(f.id) {
            sas[idx].findings.append(f)
            sas[idx].findingIds.append(f.id)
        }
        sas[idx].needsDiagnosis = false
        guard release else { return }
        if keepTimeline && (!sas[idx].findingIds.isEmpty || sas[idx].phase1 != .complete) {
            sas[idx].savedTimeline = (sas[idx].savedTimeline ?? []) + TimelineRows.rows(sas[idx])
        }
        sas[idx].releaseEvents()
        shareStrings(idx)
        lastIdPayload[idx] = nil
        sas[idx].lastNode = nil
        lastFoundKeyring[idx] = nil
        selectedCandidate[idx] = nil
    }

    /// The texts a concluded SA keeps that many SAs share (a hub's local proxy and transform set
    /// in every quick mode, a spoke's remote proxy in each of its SAs, `Death by retransmission
    /// P1`): one copy of each, shared, where each SA held its own (a busy device's full report keeps
    /// them all). Texts short enough to be stored in the `String` itself have no copy to share.
    private mutating func shareStrings(_ idx: Int) {
        func shared(_ s: inout String?) {
            guard let t = s, t.utf8.count > 15 else { return }
            if sharedStrings.count >= Self.sharedStringsKept { sharedStrings.removeAll(keepingCapacity: true) }
            s = sharedStrings.insert(t).memberAfterInsert
        }
        shared(&sas[idx].deleteReason)
        for q in sas[idx].quickModes.indices {
            shared(&sas[idx].quickModes[q].localProxy)
            shared(&sas[idx].quickModes[q].remoteProxy)
            shared(&sas[idx].quickModes[q].transform)
        }
    }

    /// The texts `shareStrings` shares, and how many it keeps at most (then it begins again).
    private var sharedStrings = Set<String>()
    private static let sharedStringsKept = 4096

    /// IKEv2 SAs by session id, and the one of the burst in progress.
    private var v2BySession: [Int: Int] = [:]
    /// The device printed IKEv2 debug: its key engine's lines (`debug crypto ipsec`) are IKEv2's
    /// child SAs, no IKEv1 phase 1 implied (see `ipsecSACreated`).
    private var sawIKEv2 = false
    private var currentV2: Int?
    /// The last line of the latest IKEv2 line read (any: also those without a session id that
    /// tell nothing), or of a line IOS prints within an IKEv2 exchange (`CRYPTO_PKI:` checking
    /// the peer's certificate, `IPSEC(…)` making its child SA), to tell a step of the clock from
    /// a session gone quiet (see `clockStepped`).
    private var lastV2Line = 0
    private var nextNumber = 0
    /// Streaming: SAs already reported and dropped; their conn-ids' late lines are ignored.
    private var retired = Set<Int>()
    private var retiredConnIds = Set<Int>()
    /// Streaming: tunnels still up that were let go past `maxDormant`, by conn-id, with what
    /// phase 1 settled (a hundred bytes or so each): their liveness lines are ignored, but news
    /// on one (a rekey, an error, a delete) follows it again, as an SA that knows its peer,
    /// role, profile and keyrings.
    private var droppedConnIds: [Int: DroppedTunnel] = [:]
    struct DroppedTunnel {
        var peer, local, requestedProfile, matchedProfile, keyKeyring, profileKeyring: String?
        var role: Role?
        var matchedNoProfile, natTraversal, peerBehindNAT: Bool
        var peerPort, firstPeerPort, localPort: Int?

        init(_ sa: SecurityAssociation) {
            (peer, local, requestedProfile, matchedProfile) = (sa.peer, sa.local, sa.requestedProfile, sa.matchedProfile)
            (keyKeyring, profileKeyring, role) = (sa.keyKeyring, sa.profileKeyring, sa.role)
            (matchedNoProfile, natTraversal, peerPort, localPort) = (sa.matchedNoProfile, sa.natTraversal, sa.peerPort, sa.localPort)
            (peerBehindNAT, firstPeerPort) = (sa.peerBehindNAT, sa.firstPeerPort)
        }

        func restore(_ sa: inout SecurityAssociation) {
            (sa.local, sa.requestedProfile, sa.matchedProfile) = (local, requestedProfile, matchedProfile)
            (sa.keyKeyring, sa.profileKeyring, sa.role) = (keyKeyring, profileKeyring, role)
            (sa.matchedNoProfile, sa.natTraversal, sa.peerPort, sa.localPort) = (matchedNoProfile, natTraversal, peerPort, localPort)
            (sa.peerBehindNAT, sa.firstPeerPort) = (peerBehindNAT, firstPeerPort)
        }
    }

    public func isRetired(_ idx: Int) -> Bool { retired.contains(idx) }

    /// Streaming: the peers of the SAs dropped once reported (see `retire`), so the router-wide
    /// rules still know the log showed an exchange with them (a `SESSION_STATUS … DOWN` after the
    /// SA concluded is that SA's, not a peer without debug). Bounded: past `maxPeersLetGo` the
    /// older half is forgotten (at least the `maxPeersLetGo` most recent are kept).
    private var peersLetGo = Set<String>()
    private var olderPeersLetGo = Set<String>()
    static let maxPeersLetGo = 16_384

    /// The peers of the SAs dropped so far (see `peersLetGo`).
    public var peersOfSAsLetGo: Set<String> { olderPeersLetGo.isEmpty ? peersLetGo : peersLetGo.union(olderPeersLetGo) }

    /// Streaming: SAs reported and still up, in the order they went quiet (stale entries
    /// skipped by generation), so the oldest are let go past `maxDormant`.
    private var dormantQueue: [(idx: Int, generation: Int)] = []
    private var dormantHead = 0
    /// Busy device: SAs in phase 1, oldest first, looked at once the log's time has moved on
    /// (see `sweepIdle`); an SA still active goes to the back again.
    private var negotiating: [Int] = []
    private var negotiatingHead = 0
    private var lastSweep: Stamp?
    private var eventsSinceSweepCheck = 0
    /// No line about a phase 1 for this long (log time): IOS gave it up long before (five
    /// retransmissions ten seconds apart, then `Death by retransmission P1`).
    static let idleSeconds: Double = 300
    /// Streaming: SAs in hand past which the oldest in phase 1 are concluded (`sweepIdle`).
    static let maxOpen = 2048
    /// Set for streaming output, whose SAs are dropped once reported.
    public var boundsOpenSAs = false
    private var dormantCount = 0
    /// Streaming: SAs reported and still up that go on being followed, at most. Past
    /// this many, the one quiet the longest is dropped (its later lines ignored).
    public static let maxDormant = 1024

    /// Streaming output: the SA was reported. One that ended (deleted, or phase 1 failed)
    /// is dropped; one still up keeps taking its lines (a rekey, a later failure, its
    /// delete) and is reported again when something more concludes, with the quick
    /// modes since.
    public mutating func reported(_ idx: Int) {
        guard !sas[idx].ended, sas[idx].phase1 == .complete else {
            retire(idx)
            return
        }
        // (The last two complete quick modes stay: a third for the same proxies soon after is a
        // rekey storm, which the SA's next report must still be able to tell.)
        let complete = sas[idx].quickModes.indices.filter { sas[idx].quickModes[$0].result == .complete }
        let kept = Set(complete.suffix(2))
        for (k, q) in sas[idx].quickModes.enumerated() where q.result != .incomplete && q.messageID != 0 && !kept.contains(k) {
            sas[idx].reportedNodes.append(q.messageID)
        }
        if sas[idx].reportedNodes.count > Self.reportedNodesKept { sas[idx].reportedNodes.removeFirst(sas[idx].reportedNodes.count - Self.reportedNodesKept) }
        sas[idx].quickModes = sas[idx].quickModes.enumerated().filter { $0.element.result == .incomplete || kept.contains($0.offset) }.map(\.element)
        sas[idx].findings = []
        sas[idx].savedTimeline = nil
        if !sas[idx].dormant { dormantCount += 1 }
        sas[idx].dormant = true
        sas[idx].dormantGeneration += 1
        dormantQueue.append((idx, sas[idx].dormantGeneration))
        while dormantCount > Self.maxDormant, dormantHead < dormantQueue.count {
            let (i, generation) = dormantQueue[dormantHead]
            dormantHead += 1
            if !retired.contains(i), sas[i].dormant, sas[i].dormantGeneration == generation { retire(i, stillUp: true) }
        }
        if dormantHead > 1024, dormantHead * 2 > dormantQueue.count {
            dormantQueue.removeFirst(dormantHead)
            dormantHead = 0
        }
    }

    /// The stamp and the last line of the last event added: where the log ends so far.
    public private(set) var lastStamp: Stamp?
    public private(set) var lastEventLine = 0

    /// Busy device (memory follows the SAs in flight): an SA still in phase 1 that no line has
    /// spoken of for `idleSeconds` of log time is concluded (diagnosed, and released when
    /// streaming), as if its end had been logged: a flood of exchanges that never finish does not
    /// pile up. Looked at once a minute of log time, each SA in phase 1 once per look.
    /// With `boundsOpenSAs` (streaming), past `maxOpen` SAs in hand the oldest still in phase 1
    /// are concluded too, whatever the clock says (a flood of exchanges that never finish, or
    /// stamps that go round): memory stays bounded; such an SA's later lines are ignored.
    @inline(never)
    private mutating func sweepIdle(now: Stamp?) {
        let crowded = boundsOpenSAs && sas.count - retired.count > Self.maxOpen
        // (Past three times as many, whatever the clock says: stamps that go round, or none.)
        let overrun = boundsOpenSAs && sas.count - retired.count > 3 * Self.maxOpen
        if !crowded {
            guard let now else { return }
            // (Calendar time: a log without years that runs past New Year keeps being swept.)
            guard let last = lastSweep, last.seconds(until: now) >= 0 else { lastSweep = now; return }
            guard last.seconds(until: now) >= 60, isBusy else { return }
            lastSweep = now
        }
        var open = sas.count - retired.count
        var todo = negotiating.count - negotiatingHead
        while todo > 0, negotiatingHead < negotiating.count {
            todo -= 1
            let i = negotiating[negotiatingHead]
            negotiatingHead += 1
            guard i < sas.count, !retired.contains(i), !sas[i].idleConcluded, inPhase1(i) else { continue }
            // Quiet for how long (log time; nil when the stamps cannot tell).
            let quiet = now.flatMap { n in sas[i].end.map { $0.seconds(until: n) } }
            let idle = quiet.map { $0 >= Self.idleSeconds } ?? false
            // Crowded, an SA quiet for half a minute is let go (IOS retransmits every ten
            // seconds: one still retransmitting is not); overrun, the oldest are.
            let letGo = crowded && open > Self.maxOpen * 3 / 4 && (quiet.map { $0 >= 30 } ?? false)
                || overrun && open > Self.maxOpen * 2
            if idle || letGo {
                open -= 1
                sas[i].idleConcluded = true
                conclude(i)
            } else {
                negotiating.append(i)
            }
        }
        if negotiatingHead > 1024, negotiatingHead * 2 > negotiating.count {
            negotiating.removeFirst(negotiatingHead)
            negotiatingHead = 0
        }
    }

    /// SA `i` is still negotiating phase 1 as far as the log shows: not ended, not up, no quick mode.
    private func inPhase1(_ i: Int) -> Bool {
        !sas[i].ended && !sas[i].established && !sas[i].reached("IKE_P1_COMPLETE") && sas[i].quickModes.isEmpty
    }

    /// SA `i` is still in phase 1 (IKEv2: its IKE SA not up), and no line has spoken of it for
    /// longer than IOS keeps a negotiation (`idleSeconds`) before `e`, or after it (a clock set back,
    /// by a reload or by hand): IOS gave it up, though the log shows no delete (not captured: a
    /// reload, two captures of the same peer hours apart). Its id, given again, is a new exchange's.
    private func gaveUp(_ i: Int, at e: borrowing Event) -> Bool {
        Self.longAfter(e.stamp, sas[i].end, seconds: Self.idleSeconds) && inPhase1(i)
    }

    /// IKEv2 session `i` is the one in hand and `e` comes right after the latest IKEv2 line (see
    /// `lastV2Line`; a blank line, a prompt or a syslog message between at most): however far its
    /// stamp is from the session's last one, the router's clock stepped (summer time, an NTP step
    /// or its first sync), the session did not go quiet. (Two captures hours apart are not read as one session
    /// this way: the second starts with its prompt and `debug` command, or after a delete.)
    private func clockStepped(_ i: Int, _ e: borrowing Event) -> Bool {
        currentV2 == i && e.firstLine > lastV2Line && e.firstLine - lastV2Line <= 4
    }

    /// `gaveUp` for IKEv2 session `i`, unless the clock stepped between its last line and `e`.
    private func gaveUpV2(_ i: Int, at e: borrowing Event) -> Bool {
        gaveUp(i, at: e) && !clockStepped(i, e)
    }

    /// SA `i` gave its id up (see `gaveUp`): it ends as the log left it.
    private mutating func concludeGivenUp(_ i: Int) {
        sas[i].idleConcluded = true
        conclude(i)
    }

    /// Message IDs of reported quick modes kept per SA (see `SecurityAssociation.reportedNodes`).
    static let reportedNodesKept = 4

    /// A line of a quick mode already reported, after the line that ended it: IOS prints the
    /// node's FSM input and last state change after its refusal (`deleting node N error TRUE
    /// reason "QM rejected"`, then `Node N, Input = …`, `Old State = IKE_QM_READY …`), and a
    /// read may end between them. The tail of what was reported: no news, and no quick mode of
    /// its own.
    private func endsReportedQuickMode(_ idx: Int, _ e: borrowing Event) -> Bool {
        // (The SAs created after the first of a quick mode seen by `debug crypto ipsec` alone: see
        // `ipsecSACreated`.)
        if case let .ipsecRequest(function, _, _, _, _, _, _, _) = e.kind, function == "create_sa", sas[idx].phase1NotLogged {
            return sas[idx].quickModes.last?.result == .complete && Self.ipsecExchangeBegin(sas[idx]) == nil
        }
        let nodes = sas[idx].reportedNodes
        guard !nodes.isEmpty else { return false }
        switch e.kind {
        case let .fsmInput(node?, _): return nodes.contains(node)
        case let .stateChange(from, to):
            guard Self.isQuickModeState(from) || Self.isQuickModeState(to), let node = sas[idx].lastNode else { return false }
            return nodes.contains(node)
        case let .nodeDeleted(m, _, _): return nodes.contains(m)
        default: return false
        }
    }

    /// A dormant SA with news (anything but a keepalive) is followed as active again.
    private mutating func wake(_ idx: Int) {
        sas[idx].dormant = false
        dormantCount -= 1
    }

    /// Streaming output: the SA was reported; drop it (its late lines too, unless it is
    /// `stillUp`: a tunnel let go while quiet, whose news makes an SA of its own again).
    public mutating func retire(_ idx: Int, stillUp: Bool = false) {
        if sas[idx].dormant { wake(idx) }
        retired.insert(idx)
        if let p = sas[idx].peer, !peersLetGo.contains(p) {
            peersLetGo.insert(p)
            if peersLetGo.count > Self.maxPeersLetGo {
                olderPeersLetGo = peersLetGo
                peersLetGo = []
            }
        }
        if let c = sas[idx].connId, sas[idx].version == 1 {
            // Its conn-id's later lines are ignored from now on (see `add`), not piled on it; unless
            // the router reloaded since the SA began, which freed the id (see `reloaded`).
            if sas[idx].number >= firstNumberSinceReload {
                if stillUp { droppedConnIds[c] = DroppedTunnel(sas[idx]) } else { retiredConnIds.insert(c) }
            }
            if byConnId[c] == idx { byConnId[c] = nil }
        }
    }

    /// Removes retired SAs once they are many, re-indexing the maps, so memory
    /// follows the SAs in flight, not the length of the log.
    public mutating func collectRetired(force: Bool = false) {
        guard !retired.isEmpty, force || retired.count >= 256 && retired.count * 4 >= sas.count else { return }
        let map = sas.remove(retired)
        func remap(_ d: [Int: Int]) -> [Int: Int] { d.compactMapValues { map[$0] >= 0 ? map[$0] : nil } }
        func remapKeys<V>(_ d: [Int: V]) -> [Int: V] {
            var out: [Int: V] = [:]
            for (k, v) in d where map[k] >= 0 { out[map[k]] = v }
            return out
        }
        byConnId.remapValues { map[$0] >= 0 ? map[$0] : nil }
        zeroByPeer = zeroByPeer.compactMapValues { map[$0] >= 0 ? map[$0] : nil }
        byPeer = byPeer.compactMapValues { map[$0] >= 0 ? map[$0] : nil }
        v2BySession = remap(v2BySession)
        lastIdPayload = remapKeys(lastIdPayload)
        lastFoundKeyring = remapKeys(lastFoundKeyring)
        selectedCandidate = remapKeys(selectedCandidate)
        current = current.flatMap { map[$0] >= 0 ? map[$0] : nil }
        if let held = pendingReserved { pendingReserved!.current = held.current.flatMap { map[$0] >= 0 ? map[$0] : nil } }
        currentV2 = currentV2.flatMap { map[$0] >= 0 ? map[$0] : nil }
        concluded = concluded.compactMap { map[$0] >= 0 ? map[$0] : nil }
        dormantQueue = dormantQueue[dormantHead...].compactMap { map[$0.idx] >= 0 ? (map[$0.idx], $0.generation) : nil }
        dormantHead = 0
        negotiating = negotiating[negotiatingHead...].compactMap { map[$0] >= 0 ? map[$0] : nil }
        negotiatingHead = 0
        retired.removeAll()
        if retiredConnIds.count > 200_000 { retiredConnIds.removeAll() }
        if droppedConnIds.count > 20_000 {
            // Past this many, their lines are ignored as those of ended SAs are.
            for id in droppedConnIds.keys { retiredConnIds.insert(id) }
            droppedConnIds.removeAll()
        }
    }

    public mutating func add(_ e: consuming Event) {
        if e.kind.isUnrecognized { return }
        eventsAdded += 1
        if let s = e.stamp { lastStamp = s }
        lastEventLine = e.lastLine
        // (Lines IOS prints within an IKEv2 exchange: see `lastV2Line`.)
        let withinV2 = sawIKEv2 && (e.facility == .crypto || e.facility == .ipsec || e.facility == .cryptoMap), line = e.lastLine
        defer { if withinV2 { lastV2Line = max(lastV2Line, line) } }
        if e.facility == .none, case let .operatorClear(command) = e.kind {
            // (`clear crypto sa`, `clear crypto pki crls` … delete no IKE SA.)
            if let scope = OperatorClear.Scope(command) {
                operatorClear = OperatorClear(event: copy e, stamp: current.flatMap { sas[$0].end }, scope: scope)
            }
            // (Kept for the router-wide rules: `clear crypto sa` explains the invalid SPIs after it.)
            keepUnattributed(e)
            return
        }
        if e.facility == .nhrp {
            // (NHRP's other lines, resolution requests and replies, tell the analysis nothing.)
            if case let .nhrpEndpoint(_, nbma) = e.kind { noteNHRPEndpoint(e, nbma: nbma) }
            return
        }
        if e.facility == .none, case let .pingResult(received, sent) = e.kind {
            notePing(PingResult(line: e.firstLine, received: received, sent: sent))
            return
        }
        if operatorClear != nil { ageOperatorClear(e) }
        eventsSinceSweepCheck += 1
        if eventsSinceSweepCheck >= 256 {
            eventsSinceSweepCheck = 0
            sweepIdle(now: e.stamp)
        }
        if pendingReserved != nil || e.kind.isReservedNotZero {
            if holdsReservedNotZero(e) { return }
        }
        if startsAnSA(e) {
            // The line that starts an SA twice in a row, stamp and all (a line a relay or a
            // capture doubled): the copy starts no SA of its own. (In a row: the next line, or
            // the next event past blank lines and noise, a double-spaced log's.)
            if let last = lastStart, last.line + 1 == e.firstLine || last.event + 1 == eventsAdded,
               last.stamp == e.stamp, last.connId == e.connId, last.kind == e.kind {
                lastStart?.line = e.lastLine
                lastStart?.event = eventsAdded
                return
            }
            lastStart = (e.lastLine, eventsAdded, e.stamp, e.connId, e.kind)
        }
        if !droppedConnIds.isEmpty, let id = e.connId, id != 0, byConnId[id] == nil, let tunnel = droppedConnIds[id] {
            // A tunnel let go while up and quiet: its liveness is no news; anything else (a
            // rekey, an error, its delete) is followed again, as an SA of its own (the
            // conn-id not given to an SA in negotiation, as a new conn-id would be), that
            // takes the lines naming its peer.
            if e.kind.isOther || Self.isKeepalive(e.kind) { return }
            droppedConnIds[id] = nil
            if !isNewSAPacket(e) {
                // (`newSA` files it under the event's conn-id.)
                let idx = newSA(e, role: nil)
                tunnel.restore(&sas[idx])
                if let p = tunnel.peer {
                    sas[idx].peer = p
                    byPeer[p] = idx
                }
            }
        }
        if !retiredConnIds.isEmpty, let id = e.connId, id != 0, byConnId[id] == nil, retiredConnIds.contains(id), !isNewSAPacket(e) {
            // (Unless main mode goes on under it: the id given again, to the `(0)` SA in progress.)
            guard Self.continuesMainMode(e.kind), let c = current, sas[c].connId == nil, !sas[c].deleted, readyForConnId(c) else { return }
            retiredConnIds.remove(id)
        }
        // A certificate chain the PKI could not verify (`CRYPTO_PKI: … No suitable trustpoints`)
        // belongs to the IKEv2 exchange in progress, or, in an IKEv1 log (rsa-sig), to the
        // ISAKMP SA in progress: not an IKEv2 SA of its own.
        if e.facility == .ikev2 || { if case .v2CertFailed = e.kind { return currentV2 != nil || current == nil }; return false }() {
            addV2(e)
            return
        }
        let significant = !e.kind.isOther
        if !significant {
            // `.other` lines only matter for conn-id allocation and burst context.
            if let id = e.connId, id != 0 {
                let idx = resolveConnId(id, e)
                flushPending(to: idx)
                current = idx
                touch(idx, e)
            }
            return
        }
        if case .retransmit = e.kind, (e.connId ?? 0) == 0, e.peer == nil {
            if pendingRetransmits.count >= Self.maxPendingRetransmits { flushPending(to: current) }
            pendingRetransmits.append(e)
            return
        }
        guard let idx = attribute(e) else {
            flushPending(to: current)
            if case let .syslog(tag, _) = e.kind, Self.isReload(tag) { reloaded() }
            keepUnattributed(e)
            return
        }
        flushPending(to: idx)
        current = idx
        apply(e, to: idx)
    }

    /// `%SYS-5-RELOAD` (the router going down) or `%SYS-5-RESTART` (up again), by its tag
    /// (`SYS-5-RELOAD`); not `%SYS-5-SCHEDULED_RELOAD`, a reload only planned.
    static func isReload(_ tag: String) -> Bool {
        tag.hasPrefix("SYS-") && (tag.hasSuffix("-RELOAD") || tag.hasSuffix("-RESTART"))
    }

    /// SAs numbered below this began before the router's last reload.
    private var firstNumberSinceReload = 0

    /// The router reloaded (a `logging host` file, or a console capture across the reload). IOS
    /// keeps no IKE SA across a reload and numbers conn-ids (and IKEv2 session ids) from the start
    /// again: the first SAs after it take ids the SAs before it held, maybe with another peer. Every
    /// SA still open ends here, lost in the reload, concluded as the log left it (a failing exchange
    /// keeps its own diagnosis), and no line after the reload goes to an SA before it: the maps
    /// forget them, and the scans for a `(0)` SA pass over them as over deleted ones.
    @inline(never) private mutating func reloaded() {
        resolvePendingReserved(badMessageFrom: nil)
        for i in sas.indices where !retired.contains(i) && !sas[i].ended {
            sas[i].lostInReload = true
            conclude(i)
        }
        byConnId.removeAll()
        zeroByPeer.removeAll()
        byPeer.removeAll()
        v2BySession.removeAll()
        current = nil
        currentV2 = nil
        retiredConnIds.removeAll()
        droppedConnIds.removeAll()
        firstNumberSinceReload = nextNumber + 1
    }

    /// Resolves a held `reserved not zero` line by `e`, and holds `e` if it is one (true).
    @inline(never)
    private mutating func holdsReservedNotZero(_ e: borrowing Event) -> Bool {
        if pendingReserved != nil, !e.kind.isOther {
            // (Lines of the same instant may come in another order: a few events' grace.)
            if case let .badMessage(peer) = e.kind {
                resolvePendingReserved(badMessageFrom: peer)
            } else if let w = pendingReserved!.current, w < sas.count,
                      (e.connId.map { $0 != 0 && $0 == sas[w].connId } ?? false) || (e.peer.map { $0 == sas[w].peer } ?? false) {
                // The SA current at the line goes on (its delete, say): it was that SA's.
                resolvePendingReserved(badMessageFrom: nil)
            } else {
                pendingReserved!.waited += 1
                if pendingReserved!.waited >= 3 { resolvePendingReserved(badMessageFrom: nil) }
            }
        }
        if case .reservedNotZero = e.kind, (e.connId ?? 0) == 0, e.facility == .isakmp {
            resolvePendingReserved(badMessageFrom: nil)
            pendingReserved = (copy e, current, 0)
            return true
        }
        return false
    }

    private mutating func resolvePendingReserved(badMessageFrom peer: String?) {
        guard let (r, was, _) = pendingReserved else { return }
        pendingReserved = nil
        var idx = was.flatMap { $0 < sas.count ? $0 : nil }
        if let peer, let i = byPeer[peer], !sas[i].deleted { idx = i }
        guard let idx else { keepUnattributed(r); return }
        let line = r.firstLine
        let before = sas[idx].events.count
        apply(r, to: idx)
        // Filed late: back in line order among the SA's events.
        var k = sas[idx].events.count - 1
        if k == before {
            while k > 0, sas[idx].events[k - 1].firstLine > line { sas[idx].events.swapAt(k - 1, k); k -= 1 }
        }
    }

    /// A `clear crypto …` typed at the prompt, while the deletions it causes may still come.
    /// (A class: held as an optional struct, it cost every event 0.7% more instructions, measured.)
    final class OperatorClear {
        let event: Event
        /// The last stamp before the command (the command has none).
        let stamp: Stamp?
        let scope: Scope

        init(event: Event, stamp: Stamp?, scope: Scope) {
            self.event = event
            self.stamp = stamp
            self.scope = scope
        }

        /// The words after `clear crypto` (abbreviated as IOS allows), lower-cased; nil for another command.
        static func words(_ command: String) -> [String]? {
            let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map { $0.lowercased() }
            guard words.count >= 3, words[0].hasPrefix("cle"), words[1].hasPrefix("cry") else { return nil }
            return Array(words.dropFirst(2))
        }

        /// The IKE SAs a command deletes: `clear crypto session [remote|peer X]` (both versions),
        /// `clear crypto isakmp [conn-id]` (IKEv1), `clear crypto ikev2 sa [remote X | id]` (IKEv2).
        struct Scope {
            var version = 0
            var peer: String?
            var connId: Int?

            init?(_ command: String) {
                guard let words = OperatorClear.words(command) else { return nil }
                var rest = words.dropFirst()
                switch words[0] {
                case let w where w.hasPrefix("ses"): version = 0
                case let w where w.hasPrefix("isa"): version = 1
                case let w where w.hasPrefix("ikev2"):
                    version = 2
                    if rest.first.map({ $0 == "sa" }) == true { rest = rest.dropFirst() }
                default: return nil
                }
                while let w = rest.first {
                    rest = rest.dropFirst()
                    if let n = Int(w) { connId = n; continue }
                    if w.hasPrefix("rem") || w == "peer", let a = rest.first { peer = a; rest = rest.dropFirst() }
                }
            }

            func covers(_ sa: SecurityAssociation) -> Bool {
                if version != 0 && sa.version != version { return false }
                if let peer, sa.peer != peer { return false }
                if let connId, sa.connId != connId { return false }
                return true
            }
        }
    }

    /// A command that deletes IPsec or IKE SAs (`clear crypto sa`, `… session`, `… isakmp`,
    /// `… ikev2 sa`), not `clear crypto pki crls` or a line a terminal garbled.
    static func clearsSAs(_ command: String) -> Bool {
        OperatorClear.Scope(command) != nil || OperatorClear.words(command)?.first == "sa"
    }

    /// A delete reason the operator's `clear` gives (`No reason`, a manual deletion), not a
    /// failure's (`Death by retransmission`, `P1 delete notify (in)`, `peers alive`).
    static func isClearReason(_ reason: String) -> Bool {
        reason.isEmpty || reason == "No reason" || reason.lowercased().contains("manual") || reason.lowercased().contains("clear")
    }
    private var operatorClear: OperatorClear?

    /// `debug nhrp`'s tunnel endpoints by NBMA address (DMVPN): NHRP resolves a spoke before the
    /// SA to it starts, so an SA whose peer is one takes the line when it gets that peer. At most
    /// `maxNHRPEndpoints`; past them the memory starts over.
    private var nhrpByNBMA: [String: Event] = [:]
    static let maxNHRPEndpoints = 1024

    private mutating func noteNHRPEndpoint(_ e: Event, nbma: String) {
        if nhrpByNBMA[nbma] == nil, nhrpByNBMA.count >= Self.maxNHRPEndpoints { nhrpByNBMA.removeAll() }
        nhrpByNBMA[nbma] = e
        if let idx = zeroByPeer[nbma] ?? byPeer[nbma], idx < sas.count, !sas[idx].ended, !retired.contains(idx) {
            attachNHRP(idx, e)
        }
    }

    /// The SA to an NBMA address takes the NHRP line that named it (once), in line order.
    private mutating func attachNHRP(_ idx: Int, _ e: Event) {
        guard sas[idx].events.count < Self.maxEventsPerSA,
              !sas[idx].events.contains(where: { if case .nhrpEndpoint = $0.kind { return true }; return false }) else { return }
        sas[idx].events.append(e)
        var k = sas[idx].events.count - 1
        while k > 0, sas[idx].events[k - 1].firstLine > e.firstLine { sas[idx].events.swapAt(k - 1, k); k -= 1 }
        sas[idx].needsDiagnosis = true
    }

    /// A ping's result goes to the SAs whose lines came just before it (the last 16 SAs, their last
    /// line at most 200 lines back) that have none yet: the ping that started them, or that ran
    /// while they failed, tells whether its traffic got through all the same.
    private mutating func notePing(_ p: PingResult) {
        for i in sas.indices.suffix(16).reversed() where sas[i].pingAfter == nil && !retired.contains(i) {
            guard p.line - sas[i].lastLine <= 200 else { continue }
            sas[i].pingAfter = p
        }
    }
    /// Deletions this many lines after a `clear`, or this long (log time), are not its doing.
    static let operatorClearLines = 5000
    static let operatorClearSeconds = 30.0

    @inline(never) private mutating func ageOperatorClear(_ e: borrowing Event) {
        guard let clear = operatorClear else { return }
        if e.firstLine - clear.event.firstLine > Self.operatorClearLines { operatorClear = nil }
    }

    /// An SA that existed before the operator's `clear` and is deleted right after it: the
    /// operator's doing. The command joins its timeline, once.
    @inline(never) private mutating func noteOperatorClear(_ idx: Int, _ e: borrowing Event) {
        guard let clear = operatorClear, sas[idx].firstLine < clear.event.firstLine else { return }
        if sas[idx].clearedByOperator != nil {
            // (Its delete line came after the state change, with a failure's reason: not cleared.)
            if case let .saDeleted(reason, _, _) = e.kind, !Self.isClearReason(reason) {
                sas[idx].clearedByOperator = nil
                sas[idx].signals.remove(.operatorClear)
            }
            return
        }
        // (By the clock too, when both ends have one: a message of another day is not the clear's.)
        if let before = clear.stamp, let s = e.stamp, before.seconds(until: s) > Self.operatorClearSeconds || before.seconds(until: s) < -1 {
            return
        }
        switch e.kind {
        case let .saDeleted(reason, _, _) where Self.isClearReason(reason): break
        case .v2Deleting: break
        case let .stateChange(_, to) where to == "IKE_DEST_SA" && Self.isClearReason(sas[idx].deleteReason ?? ""): break
        case let .nodeDeleted(_, reason, error) where error && Self.isClearReason(reason): break
        default: return
        }
        guard clear.scope.covers(sas[idx]) else { return }
        sas[idx].clearedByOperator = clear.event.firstLine
        sas[idx].signals.insert(.operatorClear)
        guard sas[idx].events.count < Self.maxEventsPerSA else { return }
        // (In line order among the SA's events: lines after the command may have come first.)
        sas[idx].events.append(clear.event)
        var k = sas[idx].events.count - 1
        while k > 0, sas[idx].events[k - 1].firstLine > clear.event.firstLine { sas[idx].events.swapAt(k - 1, k); k -= 1 }
    }

    /// Closes the timelines: phase 1 results, quick modes left open.
    public mutating func finish() {
        resolvePendingReserved(badMessageFrom: nil)
        flushPending(to: current)
        collectRetired(force: true)
        for i in sas.indices { judgePhase1(i) }
    }

    /// What phase 1 came to, by the end of the log.
    static func phase1Result(_ sa: SecurityAssociation) -> Phase1Result {
        if sa.version == 2 {
            return sa.established ? .complete : sa.clearedByOperator == nil && hasV2Failure(sa) ? .failed : .incomplete
        }
        // Quick mode runs only under a complete phase 1, even when the log starts after it.
        let inQuickMode = !sa.quickModes.isEmpty || sa.has {
            if case let .packetReceived(_, _, _, _, label, _) = $0 { return label.asciiHasPrefix("QM_IDLE") }
            if case let .packetSent(_, _, _, _, label) = $0 { return label.asciiHasPrefix("QM_IDLE") }
            return false
        }
        if sa.reached("IKE_P1_COMPLETE") || inQuickMode { return .complete }
        // (Deleted by the operator's `clear` while negotiating: cut short, not failed.)
        if sa.clearedByOperator != nil { return .incomplete }
        return hasPhase1Failure(sa) ? .failed : .incomplete
    }

    static func hasV2Failure(_ sa: SecurityAssociation) -> Bool {
        if sa.exchanges.contains(where: { $0.name == "IKE_SA_INIT" && ($0.payloads ?? "").contains("NO_PROPOSAL_CHOSEN") }) { return true }
        return sa.has {
            switch $0 {
            case .v2AuthResult(false), .v2ProfileNotFound, .v2LookupFailed, .v2CertFailed, .v2PeerIDCheckFailed, .v2Failure: return true
            default: return false
            }
        } || sa.deleted && !sa.exchanges.isEmpty  // (a session the log shows only the end of did not fail here)
            && !sa.v2AskedForAnotherGroup  // (asked for another DH group: the initiator retries)
    }

    // MARK: - IKEv2

    private mutating func addV2(_ e: consuming Event) {
        sawIKEv2 = true
        let line = e.lastLine
        defer { lastV2Line = max(lastV2Line, line) }
        var idx: Int?
        if let session = e.connId {
            // (A session begun by lines without its id, after a deleted one, takes the id too.)
            let pending = currentV2.map { sas[$0].connId == nil && !sas[$0].deleted } ?? false
            let held = v2BySession[session]
            if let i = held, !((sas[i].deleted || gaveUpV2(i, at: e)) && (isV2Start(e) || pending)) {
                // (A deleted session whose id starts IKE_SA_INIT again is a new session: IOS
                // reuses the id after a `clear` or an interface bounce; so is one IOS gave up.)
                idx = i
            } else if let c = currentV2, sas[c].connId == nil {
                // Lines printed before the session id was known belong to it.
                sas[c].connId = session
                v2BySession[session] = c
                idx = c
            } else if case .v2Deleting = e.kind {
                // The deletion of a session the log does not show (the first line of a log cut
                // after it): no SA to follow, only a line kept.
                keepUnattributed(e)
                return
            } else {
                let i = newSA(e, role: nil)
                sas[i].version = 2
                sas[i].connId = session
                v2BySession[session] = i
                idx = i
            }
            if let i = held, i != idx, !sas[i].deleted { concludeGivenUp(i) }
        } else if !e.kind.isOther {
            // (After a deleted session, a line without a session id starts the next one: the
            // keyring, policy and peer-block lookups IOS prints before its IKE_SA_INIT.)
            // (An IKE_SA_INIT request after this router answered one with INVALID_KE_PAYLOAD is the
            // initiator's retry, a new session, even when `Deleting SA` was not logged.)
            // (So does a line long after the session in hand went quiet still negotiating: IOS gave
            // it up, see `gaveUp`; a step of the clock is not that, see `clockStepped`.)
            if let c = currentV2, !sas[c].deleted, !(isV2Start(e) && sas[c].v2AskedForAnotherGroup), !gaveUpV2(c, at: e) {
                idx = c
            } else {
                if let c = currentV2, !sas[c].deleted, gaveUpV2(c, at: e) { concludeGivenUp(c) }
                let i = newSA(e, role: nil)
                sas[i].version = 2
                idx = i
            }
        }
        guard let i = idx else { return }
        currentV2 = i
        // `newSA` may have filed the conn-id map; IKEv2 ids live in their own map.
        if let id = sas[i].connId, byConnId[id] == i { byConnId[id] = nil }
        applyV2(e, to: i)
    }

    /// IKEv2 liveness traffic: empty (or only encrypted) INFORMATIONAL exchanges and the
    /// state machine's steps while `READY`.
    static func isV2Keepalive(_ kind: EventKind) -> Bool {
        switch kind {
        case let .v2Packet(_, _, _, exchange, _, _, payloads):
            return exchange == "INFORMATIONAL" && (payloads == nil || payloads == "ENCR")
        case let .v2State(state, _):
            return state == "READY"
        default:
            return false
        }
    }

    private func isV2Start(_ e: Event) -> Bool {
        if case let .v2Packet(_, _, _, exchange, request, _, _) = e.kind { return exchange == "IKE_SA_INIT" && request == true }
        return false
    }

    private mutating func applyV2(_ e: consuming Event, to i: Int) {
        if !retired.isEmpty && retired.contains(i) { return }
        if operatorClear != nil { noteOperatorClear(i, e) }
        if sas[i].dormant && !Self.isV2Keepalive(e.kind) { wake(i) }
        touch(i, e)
        if sas[i].established && Self.isV2Keepalive(e.kind) {
            // An IKEv2 SA that stays up: its liveness checks are kept up to a bound, then counted.
            sas[i].keepalives += 1
            if sas[i].keepalives > Self.keepalivesKept {
                sas[i].droppedEvents += 1
                return
            }
        }
        var keep = !e.kind.isOther
        switch e.kind {
        case let .v2Packet(sent, peer, local, named, stated, messageID, payloads):
            var (exchange, request) = (named, stated)
            if exchange == nil, let mid = messageID {
                // A dump that lost its `IKEv2 IKE_AUTH Exchange RESPONSE` line: the exchange is the
                // one the other side opened with this message ID (IKE_SA_INIT's is always 0).
                if let x = sas[i].exchanges.last(where: { $0.messageID == mid && $0.sent != sent }) {
                    exchange = x.name
                    if request == nil, let r = x.request { request = !r }
                } else if mid == 0 {
                    exchange = "IKE_SA_INIT"
                    if request == nil, !sas[i].exchanges.contains(where: { $0.messageID == 0 }) { request = true }
                }
            }
            if let peer, sas[i].peer == nil { setPeer(i, peer) }
            if let local, sas[i].local == nil { sas[i].local = local }
            // The initiator sends the requests of IKE_SA_INIT and IKE_AUTH, the responder their
            // responses: a response tells the role too, where the log lost the request (a logging
            // buffer that overwrote its start).
            if exchange == "IKE_SA_INIT" || exchange == "IKE_AUTH", let request, sas[i].role == nil {
                sas[i].role = sent == request ? .initiator : .responder
            }
            // (`[To 203.0.113.1:4500/From 198.51.100.2:4500 …]`: NAT was detected, the exchange moved to 4500.)
            if !sas[i].natTraversal, e.text.utf8.count > 0, e.text.contains(":4500/") || e.text.contains(":4500]") { sas[i].natTraversal = true }
            if let name = exchange, sas[i].exchanges.count < Self.maxQuickModesPerSA {
                sas[i].exchanges.append(Exchange(name: name, messageID: messageID, sent: sent, request: request,
                                                 payloads: payloads, line: e.firstLine, stamp: e.stamp))
                if name == "IKE_AUTH" || name == "CREATE_CHILD_SA", request == false {
                    let p = payloads ?? ""
                    var q = QuickMode(messageID: MessageID(truncatingIfNeeded: messageID ?? 0), firstLine: e.firstLine,
                                      lastLine: e.lastLine, start: e.stamp, end: e.stamp)
                    if p.contains("NO_PROPOSAL_CHOSEN") || p.contains("TS_UNACCEPTABLE") {
                        q.result = sent ? .rejected : .refusedByPeer
                        sas[i].quickModes.append(q)
                    } else if p.contains("TSi") && p.contains("TSr") {
                        q.result = .complete
                        sas[i].quickModes.append(q)
                    } else if name == "CREATE_CHILD_SA", sent, answersChildSA(i, messageID) {
                        // This router, the responder of the exchange, answered the peer's
                        // CREATE_CHILD_SA (a rekey of a child SA, or another one): its response shows
                        // only `ENCR`, as a responder's IKE_AUTH does (see `noteResponderChildSA`).
                        q.result = .complete
                        sas[i].quickModes.append(q)
                    }
                }
            }
        case let .v2State(state, _):
            sas[i].state = state
            if state.hasPrefix("I_") { sas[i].role = sas[i].role ?? .initiator }
            if state.hasPrefix("R_") { sas[i].role = sas[i].role ?? .responder }
        case let .v2IdentitySearch(identity, type):
            sas[i].peerIdentity = type.map { "\(identity) (\($0))" } ?? identity
        case let .v2ProfileMatched(profile):
            sas[i].matchedProfile = profile
        case let .v2KeyringKey(keyring):
            sas[i].profileKeyring = keyring
        case let .endpoints(local, remote):
            if let local, sas[i].local == nil { sas[i].local = local }
            if let remote, sas[i].peer == nil { setPeer(i, remote) }
        case let .v2SessionUp(local, remote):
            if !sas[i].established { noteResponderChildSA(i) }
            sas[i].established = true
            // Up, with its first child SA: concluded as an IKEv1 SA is at its quick mode's end.
            defer { concludeIfQuickModesDone(i) }
            if let remote, sas[i].peer == nil { setPeer(i, remote) }
            if let local, sas[i].local == nil { sas[i].local = local }
        case .v2Deleting:
            sas[i].deleted = true
            conclude(i)
        default:
            keep = keep && true
        }
        guard keep else { return }
        let signs = e.kind.signals
        if !signs.isEmpty { sas[i].signals.formUnion(signs) }
        if sas[i].events.count >= Self.maxEventsPerSA { dropMiddleEvents(i) }
        sas[i].events.append(e)
    }

    /// Session `i` received a CREATE_CHILD_SA request with message ID `mid` asking for a child SA
    /// (`SA … TSi TSr`, `NOTIFY(REKEY_SA)` for a rekey) and refused none since (`v2Failure`: a
    /// `NOTIFY(NO_PROPOSAL_CHOSEN)` or `TS_UNACCEPTABLE` built for its answer).
    private func answersChildSA(_ i: Int, _ mid: Int?) -> Bool {
        guard let request = sas[i].exchanges.last(where: { $0.name == "CREATE_CHILD_SA" && !$0.sent && $0.request == true && $0.messageID == mid }),
              let asked = request.payloads, asked.contains("TSi"), asked.contains("TSr") else { return false }
        for e in sas[i].events.reversed() {
            if e.firstLine <= request.line { break }
            if case .v2Failure = e.kind { return false }
        }
        return true
    }

    /// A responder's IKE SA comes up: its IKE_AUTH response carried the first child SA. The
    /// packet line shows only `ENCR` (IOS prints the payloads it encrypted on the line before,
    /// which is read only for a refusal: `v2Failure`), so the child SA is known from the
    /// session coming up. Without it, a hub whose tunnel came back when the spoke initiated again
    /// showed no child SA, and the tunnel that came back recovered no failure (see `Recovery`).
    private mutating func noteResponderChildSA(_ i: Int) {
        guard sas[i].role == .responder, sas[i].quickModes.count < Self.maxQuickModesPerSA,
              let auth = sas[i].exchanges.last(where: { $0.name == "IKE_AUTH" }), auth.sent, auth.request == false,
              !sas[i].quickModes.contains(where: { $0.messageID == MessageID(truncatingIfNeeded: auth.messageID ?? 0) }),
              // (This router refused the child SA, NO_PROPOSAL_CHOSEN or TS_UNACCEPTABLE: none made.)
              !sas[i].signals.contains(.v2Refusal) else { return }
        var q = QuickMode(messageID: MessageID(truncatingIfNeeded: auth.messageID ?? 0), firstLine: auth.line,
                          lastLine: auth.line, start: auth.stamp, end: auth.stamp)
        q.result = .complete
        sas[i].quickModes.append(q)
    }

    static func hasPhase1Failure(_ sa: SecurityAssociation) -> Bool {
        if sa.deleted || sa.reached("IKE_DEST_SA") { return true }
        return sa.has {
            switch $0 {
            case .keyNotInProfileKeyrings, .reservedNotZero, .badMessage, .fsmError, .noPreSharedKey,
                 .phase1NotAcceptable: return true
            case let .syslog(mnemonic, _): return mnemonic.hasSuffix("IKMP_AUTH_FAIL")
            default: return false
            }
        }
    }

    // MARK: - Attribution

    private mutating func attribute(_ e: Event) -> Int? {
        switch e.kind {
        case let .syslog(mnemonic, peer):
            // Router-wide messages (invalid SPI, no SA, not IPsec, link changes) are the
            // device's, not an IKE SA's; an IKE failure message joins its peer's SA.
            if mnemonic.contains("IKMP"), !mnemonic.contains("NO_SA"), let peer, let idx = byPeer[peer] { return idx }
            // (So does DMVPN's word on the tunnel to a peer, `socket is DOWN`, `Next Hop Server … is
            // DOWN`: the peer's latest SA, as evidence of that tunnel's fate.)
            if mnemonic.hasPrefix("DMVPN-"), let peer, let idx = byPeer[peer] { return idx }
            // The PKI's verdict on a certificate names no peer: the IKEv1 exchange in hand
            // (rsa-sig) received it, the one still in phase 1.
            if peer == nil, EventKind.isCertificateFailure(mnemonic), let c = current, !sas[c].deleted, !sas[c].reached("IKE_P1_COMPLETE"),
               let s = sas[c].state, s.asciiContains("_MM5") || s.asciiContains("_MM6") || s.asciiContains("_AM") {
                return c
            }
            return nil
        case .weakAlgorithm:
            return nil
        default:
            break
        }
        if let id = e.connId, id != 0 {
            if isNewSAPacket(e) { return newSA(e, role: .responder) }
            return resolveConnId(id, e)
        }
        switch e.kind {
        case .packetReceived where isNewSAPacket(e):
            // (`Created a peer struct for X` printed just before it, two lines swapped: that SA.)
            if let c = current, sas[c].role == nil, sas[c].connId == nil, sas[c].states.isEmpty, !sas[c].deleted,
               sas[c].peer == e.peer, e.firstLine - sas[c].lastLine <= 2, sas[c].events.count <= 1 {
                sas[c].role = .responder
                return c
            }
            return newSA(e, role: .responder)
        case .saRequest:
            if let c = current, isFreshInitiator(c) { return c }
            return newSA(e, role: .initiator)
        case .ipsecRequest(let function, _, let remote, _, _, _, _, _):
            if let remote, let idx = byPeer[remote], !sas[idx].deleted, sas[idx].reached("IKE_P1_COMPLETE") || function != "sa_request" {
                return idx
            }
            if function == "sa_request", let remote {
                if let idx = zeroByPeer[remote], !sas[idx].deleted { return idx }
                return newSA(e, role: .initiator)
            }
            // A peer's proposal with no ISAKMP line of a quick mode in hand (`debug crypto ipsec`
            // alone, or a log that starts there): the responder's SA with that peer, begun here.
            if function == "validate_proposal_request", !sawIKEv2, current.map({ sas[$0].phase1NotLogged && sas[$0].peer != remote }) ?? true {
                // (Its first line, which IOS prints twice, once without the fields: no SA's.)
                guard remote != nil else { return nil }
                return newSA(e, role: .responder)
            }
            return current ?? remote.flatMap { byPeer[$0] }
        case .stateChange(let from, let to):
            if from == "IKE_READY" && to != "IKE_READY" {
                if let c = current, sas[c].states.isEmpty, sas[c].connId == nil { return c }
                // Another SA's line came between the packet that made this SA and its first
                // state (a busy router): the most recent such SA, of this role, a few lines back.
                let responder = to.asciiHasPrefix("IKE_R_")
                if let idx = sas.indices.suffix(64).reversed().first(where: { i in
                    sas[i].connId == nil && !sas[i].ended && sas[i].states.isEmpty && e.firstLine - sas[i].lastLine <= 64
                        && (sas[i].role == nil || (sas[i].role == .responder) == responder)
                }) {
                    return idx
                }
                return newSA(e, role: responder ? .responder : .initiator)
            }
            if let c = current, sas[c].state == from || sas[c].state == nil || Self.isQuickModeState(from) { return c }
            // The step after the packet the SA in hand just received is its step, in whatever
            // state the log last saw it (the line of its step before was lost).
            if let c = current, Self.justReceived(sas[c].events, before: e.firstLine) { return c }
            // The most recent SA without a conn-id that is in the old state (among the
            // recent ones: an SA gets its conn-id within a few messages, and a scan of a
            // whole busy device per line would make long logs quadratic).
            let recent = sas.indices.suffix(Self.recentSAWindow).reversed()
            if let idx = recent.first(where: { sas[$0].connId == nil && !sas[$0].ended && sas[$0].state == from }) {
                return idx
            }
            return current
        default:
            break
        }
        if let peer = e.peer {
            if let c = current, sas[c].peer == nil, sas[c].connId == nil, !sas[c].deleted { return c }
            if let idx = zeroByPeer[peer], !sas[idx].deleted {
                // Both ends initiating at once (an IKE collision): two `(0)` SAs with this peer. A
                // packet line's `(I)` / `(R)` says which; another line naming the peer is the burst's.
                if let other = collidingSA(idx, peer, e) { return other }
                return idx
            }
            if let c = current, sas[c].peer == peer {
                // (The SA in hand took its conn-id; a `(0)` packet of the other role is the other's.)
                if sas[c].connId != nil, let other = collidingSA(c, peer, e) { return other }
                return c
            }
            if let idx = byPeer[peer] { return idx }
            return newSA(e, role: nil)
        }
        if let c = current { return c }
        // A log that starts mid-exchange, or a lone message: an SA of its own.
        return newSA(e, role: nil)
    }

    /// Where the last IPsec proposal IOS checked in `events` starts: its `Checking IPSec proposal
    /// N` line, or, in a log that lost that line (a logging buffer that overwrote the start), the
    /// first of its attributes left, its `transform N, ESP_…`.
    static func lastProposalStart(_ events: ArraySlice<Event>) -> Int? {
        events.lastIndex { if case .ipsecProposalCheck = $0.kind { return true }; return false }
            ?? events.firstIndex { if case .attribute("transform", _) = $0.kind { return true }; return false }
    }

    /// `esp-aes 256 esp-sha-hmac (Tunnel)` from the attributes of the last IPsec proposal IOS
    /// checked in `events`; nil without its `transform N, ESP_…` line.
    @inline(never)
    static func transformFromAttributes(_ events: ArraySlice<Event>) -> String? {
        guard let start = lastProposalStart(events) else { return nil }
        var cipher: String?, bits: String?, auth: String?, mode: String?
        for i in start..<events.endIndex {
            guard case let .attribute(name, value) = events[i].kind else { continue }
            switch name {
            case "transform":
                // `1, ESP_AES` → `esp-aes` (bytes: this runs per quick mode).
                let u = value.utf8
                let from = u.lastIndex(of: UInt8(ascii: ",")).map { u.index(after: $0) } ?? u.startIndex
                cipher = Self.transformWord(u[from...])
            case "key-length": bits = value
            case "authenticator":
                // `HMAC-SHA256` → `esp-sha256-hmac`.
                let a = Self.transformWord(value.utf8[...])
                auth = a.hasPrefix("hmac-") ? "esp-\(a.dropFirst(5))-hmac" : a
            case "encapsulation":
                // `1 (Tunnel)`, `3 (Tunnel-UDP)`; 2 and 4 are the transport modes.
                let first = value.utf8.first ?? 0
                mode = first == UInt8(ascii: "2") || first == UInt8(ascii: "4") ? "Transport" : "Tunnel"
            default: break
            }
        }
        guard var t = cipher, t.hasPrefix("esp") else { return nil }
        if let bits { t += " " + bits }
        if let auth { t += " " + auth }
        if let mode { t += " (" + mode + ")" }
        return t
    }

    /// An IOS attribute word as a transform set writes it: lower case, `-` for `_`, no spaces.
    static func transformWord(_ bytes: Substring.UTF8View) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for b in bytes where b != ASCII.space {
            out.append(b == UInt8(ascii: "_") ? ASCII.minus : ASCII.isUpper(b) ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `s` with each run of spaces one space (byte by byte: this runs per IPsec key-engine line).
    static func singleSpaced(_ s: String) -> String {
        var t = s
        let spaced: String? = t.withUTF8 { u in
            guard u.count > 1, (1..<u.count).contains(where: { u[$0] == 0x20 && u[$0 - 1] == 0x20 }) else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(u.count)
            var prev: UInt8 = 0
            for b in u {
                if !(b == 0x20 && prev == 0x20) { out.append(b) }
                prev = b
            }
            return String(decoding: out, as: UTF8.self)
        }
        return spaced ?? s
    }

    /// The last line that started an SA (see `add`).
    private var lastStart: (line: Int, event: Int, stamp: Stamp?, connId: Int?, kind: EventKind)?
    /// The events added so far (not the unrecognized).
    private var eventsAdded = 0

    /// An IKEv1 line that makes a new SA: a `NEW SA` packet, an SA request, IKE_READY left.
    private func startsAnSA(_ e: Event) -> Bool {
        switch e.kind {
        case .saRequest: return true
        case let .stateChange(from, _): return from == "IKE_READY"
        case .packetReceived: return isNewSAPacket(e)
        default: return false
        }
    }

    private func isNewSAPacket(_ e: Event) -> Bool {
        if case let .packetReceived(_, _, _, role, label, _) = e.kind {
            return role == "N" || label.asciiHasPrefix("NEW SA")
        }
        return false
    }

    private func isFreshInitiator(_ idx: Int) -> Bool {
        sas[idx].connId == nil && sas[idx].states.isEmpty && sas[idx].requestedProfile == nil && !sas[idx].deleted
            && !sas[idx].has { if case .saRequest = $0 { return true }; return false }
    }

    private mutating func resolveConnId(_ id: Int, _ e: Event) -> Int {
        if let idx = byConnId.lookup(id) {
            // A conn-id given again after its SA was deleted (a reload, two days' files one
            // after the other): main mode going on under it is the `(0)` SA in progress.
            // (Any line of it, once time has moved on well past the deletion: the deleted SA's
            // own last lines come within the same second.)
            // Or given again while its SA, never deleted in the log, was still in phase 1 but IOS
            // had given it up (`gaveUp`): the `(0)` SA that began after its last line takes the id.
            if let c = current, c != idx, sas[c].connId == nil, !sas[c].deleted,
               sas[idx].deleted && (Self.continuesMainMode(e.kind) || Self.longAfter(e.stamp, sas[idx].end))
                || sas[idx].lastLine < sas[c].firstLine && gaveUp(idx, at: e),
               readyForConnId(c), e.peer == nil || sas[c].peer == nil || sas[c].peer == e.peer {
                if !sas[idx].deleted { concludeGivenUp(idx) }
                return giveConnId(id, to: c)
            }
            // Not deleted in the log but up, and a main-mode step comes under its id: no SA steps
            // back into main mode, so the id was given again (its delete not captured: two captures
            // one after the other). The `(0)` SA in that state takes it.
            if Self.isMainModeStep(e.kind), sas[idx].state == "IKE_P1_COMPLETE", let other = reusedConnIdTaker(idx, e) {
                // (The id's lines since that exchange began are its own: the same capture pasted
                // again, a second day's capture of the same peer.)
                let since = sas[other].firstLine
                moveEvents(from: idx, to: other) { $0.connId == id && $0.firstLine > since }
                return giveConnId(id, to: other)
            }
            return idx
        }
        // Allocation: the `(0)` SA of the burst in progress (or of this peer) takes the id.
        var candidate: Int?
        if let c = current, sas[c].connId == nil, !sas[c].deleted, readyForConnId(c),
           e.peer == nil || sas[c].peer == nil || sas[c].peer == e.peer {
            candidate = c
        } else if let p = e.peer, let idx = zeroByPeer[p], readyForConnId(idx) {
            candidate = idx
        }
        if let idx = candidate {
            return giveConnId(id, to: idx)
        }
        if let idx = lostStepOwner(e) {
            return giveConnId(id, to: idx)
        }
        return giveConnId(id, to: newSA(e, role: nil))
    }

    /// `INVALID_ID_INFO` (IOS's name for INVALID-ID-INFORMATION): in quick mode, the peer's answer
    /// to proxy identities it does not accept (strongSwan, Palo Alto, Juniper, …).
    static func refusesProxies(_ notifyType: String) -> Bool {
        notifyType == "INVALID_ID_INFO" || notifyType == "INVALID_ID_INFORMATION"
    }

    /// Beside the `(0)` SA `idx` of `peer`, another `(0)` SA with that peer that `e` belongs to: the
    /// one of the packet's role, or (a line with no role) the SA in hand. Nil when there is none.
    /// (A packet with a conn-id goes by its conn-id: only `(0)` lines come here.)
    @inline(never) private func collidingSA(_ idx: Int, _ peer: String, _ e: Event) -> Int? {
        let role: Role?
        switch e.kind {
        case let .packetSent(_, _, _, r, _), let .packetReceived(_, _, _, r, _, _):
            role = Role(packetRole: r)
        default:
            // (A line that names the peer but no role: the SA in hand, when it is that peer's.)
            if let c = current, c != idx, sas[c].peer == peer, sas[c].connId == nil, !sas[c].deleted { return c }
            return nil
        }
        guard let role, let own = sas[idx].role, own != role else { return nil }
        return sas.indices.suffix(16).reversed().first { i in
            i != idx && sas[i].connId == nil && !sas[i].ended && sas[i].peer == peer && sas[i].role == role
        }
    }

    /// The state a main-mode responder waits for MM3 in (IKE_R_MM2), from `state`: that state, or
    /// the one before it (its step to MM2 lost too); nil past it. (An initiator's lookup before its
    /// conn-id names no peer: `Found ADDRESS key in keyring X`.)
    private static func mainModeStateBeforeKeys(_ state: String) -> String? {
        state == "IKE_R_MM1" || state == "IKE_R_MM2" ? "IKE_R_MM2" : nil
    }

    /// The last of `events` is a packet received (or its `Input = IKE_MESG_FROM_PEER` after it)
    /// a line or three before `line`.
    @inline(never) private static func justReceived(_ events: [Event], before line: Int) -> Bool {
        for ev in events.suffix(2).reversed() {
            guard line - ev.lastLine <= 3 else { return false }
            switch ev.kind {
            case .packetReceived: return true
            case .fsmInput: continue
            default: return false
            }
        }
        return false
    }

    /// A busy responder's `received packet from X … MM_SA_SETUP` line lost (a UDP relay dropped
    /// it): the `(0)` lines after it (`Old State = IKE_R_MM2  New State = IKE_R_MM3`, the KE and
    /// NONCE payloads) went to another `(0)` SA in that state. X's SA, left in IKE_R_MM2 (or in
    /// IKE_R_MM1, its step to MM2 lost too), looks up X's key again (`found peer pre-shared key
    /// matching X`: MM3's lookup) just before the conn-id comes. That SA takes the id, and the step (with the
    /// lines after it) that another SA took in its place comes back to it.
    @inline(never) private mutating func lostStepOwner(_ e: Event) -> Int? {
        guard let c = current, sas[c].connId == nil, !sas[c].deleted, let p = sas[c].peer, e.peer == nil || e.peer == p,
              let state = sas[c].state, let awaited = Self.mainModeStateBeforeKeys(state),
              let lookup = sas[c].events.last, e.firstLine - lookup.lastLine <= 4,
              case let .pskMatched(q) = lookup.kind, q == p,
              let since = sas[c].states.last?.line else { return nil }
        for x in sas.indices.suffix(16).reversed() where x != c && sas[x].connId == nil && !sas[x].ended {
            guard let step = sas[x].states.last, step.from == awaited, step.line > since, step.line < lookup.firstLine,
                  // (Not a step of its own: that one comes right after its own packet line.)
                  !sas[x].events.contains(where: { ev in
                      if case .packetReceived = ev.kind { return ev.firstLine < step.line && step.line - ev.firstLine <= 4 }
                      return false
                  }) else { continue }
            // (The step, and what came after it until the lookup: the lost packet's lines.)
            moveEvents(from: x, to: c) { $0.firstLine >= step.line && $0.firstLine < lookup.firstLine }
            break
        }
        return c
    }

    /// The SA `idx` takes conn-id `id`: filed under it, no longer a `(0)` SA of its peer.
    private mutating func giveConnId(_ id: Int, to idx: Int) -> Int {
        sas[idx].connId = id
        byConnId[id] = idx
        if let p = sas[idx].peer, zeroByPeer[p] == idx { zeroByPeer[p] = nil }
        return idx
    }

    /// `stamp` a minute (or `seconds`) or more after `end`, or before it (a clock reset by a
    /// reload, the same capture pasted again): both known.
    private static func longAfter(_ stamp: Stamp?, _ end: Stamp?, seconds: Double = 60) -> Bool {
        guard let stamp, let end else { return false }
        return abs(end.seconds(until: stamp)) >= seconds
    }

    /// The `(0)` SA, among the last few, in the state a main-mode step under a reused id leaves.
    @inline(never) private func reusedConnIdTaker(_ idx: Int, _ e: Event) -> Int? {
        guard case let .stateChange(from, _) = e.kind else { return nil }
        for c in sas.indices.suffix(16).reversed() where c != idx && sas[c].connId == nil && !sas[c].ended && sas[c].state == from {
            if readyForConnId(c) { return c }
        }
        return nil
    }

    /// A packet line under `id` naming another peer than SA `idx`'s, whose `(0)` SA is in hand.
    @inline(__always) private mutating func misfiledConnId(_ id: Int, _ idx: Int, _ kind: borrowing EventKind) -> Int? {
        switch kind {
        case let .packetSent(p, _, _, _, _), let .packetReceived(p, _, _, _, _, _):
            guard sas[idx].connId == id, let own = sas[idx].peer, own != p, let other = zeroByPeer[p] else { return nil }
            return repairConnIdOwner(id, from: idx, to: other)
        default:
            return nil
        }
    }

    /// Two `(0)` SAs in main mode at once (a busy responder): the conn-id goes to the one whose
    /// line came last, which may be the other's. The first line under the id that names a peer
    /// (`sending packet to X`) tells: when X is the other `(0)` SA's peer, the id and the lines
    /// that carried it move there, and the first SA is a `(0)` SA again. Returns the SA now
    /// holding the id, or nil when this is no such mix-up.
    @inline(never) private mutating func repairConnIdOwner(_ id: Int, from a: Int, to b: Int) -> Int? {
        guard a != b, sas[a].connId == id, sas[b].connId == nil, !sas[a].deleted, !sas[b].deleted,
              !sas[a].reached("IKE_P1_COMPLETE"), !sas[b].reached("IKE_P1_COMPLETE"),
              // (The id came with this burst: all of its lines so far are main mode's, a few.)
              sas[a].events.lazy.filter({ $0.connId == id }).count <= 64 else { return nil }
        moveEvents(from: a, to: b) { $0.connId == id }
        sas[a].connId = nil
        if let p = sas[a].peer { zeroByPeer[p] = a }
        if let p = sas[b].peer, zeroByPeer[p] == b { zeroByPeer[p] = nil }
        byConnId[id] = b
        sas[b].connId = id
        if current == a { current = b }
        return b
    }

    /// Moves the events of SA `a` that `moving` picks, with the state steps among them, to SA `b`
    /// (a line filed into the wrong `(0)` SA), and brings both SAs' states and signs up to date.
    private mutating func moveEvents(from a: Int, to b: Int, _ moving: (Event) -> Bool) {
        var keep: [Event] = [], move: [Event] = []
        for e in sas[a].events { if moving(e) { move.append(e) } else { keep.append(e) } }
        let movedSteps = Set(move.compactMap { e -> Int? in if case .stateChange = e.kind { return e.firstLine }; return nil })
        var keepSteps: [StateStep] = [], moveSteps: [StateStep] = []
        for s in sas[a].states { if movedSteps.contains(s.line) { moveSteps.append(s) } else { keepSteps.append(s) } }
        sas[a].events = keep
        sas[a].states = keepSteps
        sas[a].state = keepSteps.last?.to
        sas[a].signals = Self.signals(of: keep, keeping: sas[a].signals)
        sas[b].events = (sas[b].events + move).sorted { $0.firstLine < $1.firstLine }
        sas[b].states = (sas[b].states + moveSteps).sorted { $0.line < $1.line }
        sas[b].state = sas[b].states.last?.to ?? sas[b].state
        sas[b].signals = Self.signals(of: sas[b].events, keeping: sas[b].signals)
        for i in [a, b] {
            sas[i].needsDiagnosis = true
            if let last = sas[i].events.last?.lastLine { sas[i].lastLine = max(last, sas[i].states.last?.line ?? 0) }
            if let end = sas[i].events.last(where: { $0.stamp != nil })?.stamp { sas[i].end = end }
        }
    }

    /// The failure signs of `events`, with the ones the correlator sets itself kept from `old`.
    private static func signals(of events: [Event], keeping old: Signals) -> Signals {
        var s = old.intersection([.operatorClear, .quickModesRepeated])
        for e in events { s.formUnion(e.kind.signals) }
        return s
    }

    /// A main-mode state step: no SA takes one once phase 1 is complete.
    private static func isMainModeStep(_ kind: EventKind) -> Bool {
        guard case let .stateChange(from, to) = kind else { return false }
        return to != "IKE_DEST_SA" && (from.asciiHasPrefix("IKE_R_MM") || from.asciiHasPrefix("IKE_I_MM"))
    }

    /// A line of main mode in progress (a state step short of its end, a payload processed).
    private static func continuesMainMode(_ kind: EventKind) -> Bool {
        switch kind {
        case .stateChange: return isMainModeStep(kind)
        case .payload: return true
        default: return false
        }
    }

    /// IOS gives the conn-id right after the key exchange (`processing NONCE
    /// payload`, MM3/MM4); 12.x gives it from the first line, before any state.
    /// A `(0)` SA earlier in main mode does not take a conn-id that shows up: that
    /// line belongs to an SA the log started in the middle of.
    private func readyForConnId(_ idx: Int) -> Bool {
        // (No state seen: a log that starts mid-exchange. Its last packet tells: one still
        // `MM_NO_STATE` is MM1's or MM2's, before any key exchange.)
        guard let state = sas[idx].state else { return !Self.lastPacketBeforeKeys(sas[idx].events) }
        switch state {
        case "IKE_R_MM3", "IKE_R_MM4", "IKE_I_MM4", "IKE_I_MM3", "IKE_R_MM5", "IKE_I_MM5", "IKE_I_MM6", "IKE_P1_COMPLETE",
             "IKE_R_AM2", "IKE_I_AM1", "IKE_R_AM1", "IKE_R_AM_AAA_AWAIT", "IKE_I_AM2":
            return true
        default:
            return sas[idx].has { if case let .payload(name, _) = $0 { return name == "NONCE" || name == "KE" }; return false }
        }
    }

    /// The last packet among `events` comes before the key exchange: `MM_NO_STATE` (MM1, MM2),
    /// or `MM_SA_SETUP` sent (the responder's MM2, the initiator's MM3, waiting for the packet
    /// whose keys give the conn-id).
    private static func lastPacketBeforeKeys(_ events: [Event]) -> Bool {
        for e in events.reversed() {
            switch e.kind {
            case let .packetReceived(_, _, _, _, label, _): return label.asciiHasPrefix("MM_NO_STATE")
            case let .packetSent(_, _, _, _, label), let .retransmit(label?, _, _, _):
                return label.asciiHasPrefix("MM_NO_STATE") || label.asciiHasPrefix("MM_SA_SETUP")
            default: continue
            }
        }
        return false
    }

    private mutating func newSA(_ e: Event, role: Role?) -> Int {
        nextNumber += 1
        // (Made in place: a local SA appended would be copied and released, every field.)
        sas.append(SecurityAssociation(number: nextNumber, device: device, file: file, firstLine: e.firstLine))
        let idx = sas.count - 1
        sas[idx].role = role
        sas[idx].start = e.stamp
        negotiating.append(idx)
        if let id = e.connId, id != 0 {
            sas[idx].connId = id
            byConnId[id] = idx
        }
        if let p = e.peer { setPeer(idx, p) }
        return idx
    }

    /// `IPSEC(create_sa): sa created,`: its `sa_dest=` is the local address for the inbound SA,
    /// created first, and the peer's for the outbound one: no peer for an SA that has none yet
    /// (a log that starts in a quick mode; the packet lines after it name the peer).
    private static func isCreatedSA(_ kind: EventKind) -> Bool {
        if case .ipsecRequest("create_sa", _, _, _, _, _, _, _) = kind { return true }
        return false
    }

    private mutating func setPeer(_ idx: Int, _ peer: String) {
        guard sas[idx].peer == nil else { return }
        sas[idx].peer = peer
        byPeer[peer] = idx
        if sas[idx].connId == nil { zeroByPeer[peer] = idx }
        if !nhrpByNBMA.isEmpty, let e = nhrpByNBMA[peer] { attachNHRP(idx, e) }
    }

    private mutating func flushPending(to idx: Int?) {
        guard !pendingRetransmits.isEmpty else { return }
        let pending = pendingRetransmits
        pendingRetransmits.removeAll()
        for e in pending {
            if let idx { apply(e, to: idx) } else { keepUnattributed(e) }
        }
    }

    /// Files an event no SA takes: kept while its group has few, counted after.
    private mutating func keepUnattributed(_ e: consuming Event) {
        let group = UnattributedGroup(e)
        let kept = unattributedKept[group, default: 0]
        if kept < Self.keptPerGroup && unattributed.count < Self.keptUnattributedMax {
            unattributedKept[group] = kept + 1
            if case let .weakAlgorithm(text) = e.kind { keptWeakTexts.insert(text) }
            unattributed.append(e)
        } else if case let .weakAlgorithm(text) = e.kind, keptWeakTexts.count < Self.keptPerGroup * 4, !keptWeakTexts.contains(text) {
            // A weak algorithm the messages kept do not name yet (IOS names one per policy: after
            // eight `Either (3des) … or (md5) …`, the `DH Group (5)` ones): kept, or the finding
            // would not name it.
            keptWeakTexts.insert(text)
            unattributedKept[group] = kept + 1
            unattributed.append(e)
        } else {
            unattributedMore[group, default: 0] += 1
            if !boundsOpenSAs, case .syslog = e.kind, let (peer, _) = Recovery.loggedUp(e), let idx = byPeer[peer],
               sas[idx].lastLine > lastLoggedUpLine[peer] ?? 0 {
                lastLoggedUpLine[peer] = e.firstLine
                loggedUpsNotKept.append(e)
            }
        }
    }

    private mutating func touch(_ idx: Int, _ e: borrowing Event) {
        // (One access to the SA, not one per field: each checks the array is unique.)
        Self.touch(&sas[idx], e)
    }

    @inline(__always) private static func touch(_ sa: inout SecurityAssociation, _ e: borrowing Event) {
        if !e.kind.isOther { sa.needsDiagnosis = true }
        if e.facility == .isakmp { sa.isakmpLogged = true }
        if e.lastLine > sa.lastLine { sa.lastLine = e.lastLine }
        // (Lines held before the SA existed, `(0)` retransmissions, are filed into it later.)
        if e.firstLine < sa.firstLine { sa.firstLine = e.firstLine }
        if let s = e.stamp {
            if sa.start == nil { sa.start = s }
            sa.end = s
        }
    }

    static func isQuickModeState(_ s: String) -> Bool { s.asciiHasPrefix("IKE_QM_") }

    /// Above this many SAs on a device, concluded SAs are diagnosed as the log
    /// streams and their events released (summary kept), so memory does not grow
    /// with the log. Small logs keep every event for their timelines.
    public static let compactionThreshold = 64
    /// How far back a state change without a conn-id looks for its SA.
    static let recentSAWindow = 4096
    /// Keepalive events an SA keeps before they are pruned (see `pruneKeepalives`).
    public static let keepalivesKept = 16

    public var isBusy: Bool { sas.count > Self.compactionThreshold }

    private mutating func concludeIfQuickModesDone(_ idx: Int) {
        guard sas[idx].quickModes.allSatisfy({ $0.result == .complete }) else { return }
        conclude(idx)
    }

    private mutating func conclude(_ idx: Int) {
        if concluded.last != idx { concluded.append(idx) }
        // The phase 1 result as far as the log went (again at `finish`), judged as the whole
        // report judges it: streaming output reports the SA now, and may drop it.
        judgePhase1(idx)
    }

    /// Sets the SA's phase 1 result by `phase1Result`. Once complete it stays so: quick mode ran
    /// under it, and what comes later (a delete, a reported SA's quick modes and events let go)
    /// does not undo that.
    private mutating func judgePhase1(_ idx: Int) {
        if sas[idx].phase1 != .complete { sas[idx].phase1 = Self.phase1Result(sas[idx]) }
    }

    // MARK: - Applying facts

    private mutating func apply(_ e: consuming Event, to idx: Int) {
        // A reported SA takes nothing more (streaming): its memory is released when collected.
        if !retired.isEmpty && retired.contains(idx) { return }
        if operatorClear != nil { noteOperatorClear(idx, e) }
        if !zeroByPeer.isEmpty, let id = e.connId, id != 0, let fixed = misfiledConnId(id, idx, e.kind) {
            apply(e, to: fixed)
            return
        }
        if sas[idx].dormant && !Self.isKeepalive(e.kind) && !endsReportedQuickMode(idx, e) { wake(idx) }
        touch(idx, e)
        if sas[idx].peer == nil, let p = e.peer, !Self.isCreatedSA(e.kind) { setPeer(idx, p) }
        var keep = true
        switch e.kind {
        case let .stateChange(from, to):
            let step = StateStep(from: from, to: to, stamp: e.stamp, line: e.firstLine)
            if Self.isQuickModeState(from) || Self.isQuickModeState(to) {
                let node = sas[idx].lastNode
                if let q = quickModeIndex(idx, node, create: node != nil, e) {
                    if sas[idx].quickModes[q].states.count < Self.maxStatesPerQuickMode { sas[idx].quickModes[q].states.append(step) }
                    if to == "IKE_QM_PHASE2_COMPLETE" {
                        sas[idx].quickModes[q].result = .complete
                        if !sas[idx].signals.contains(.quickModesRepeated), q >= 2,
                           sas[idx].quickModes.lazy.filter({ $0.result == .complete }).count >= 3 {
                            sas[idx].signals.insert(.quickModesRepeated)
                        }
                        concludeIfQuickModesDone(idx)
                    }
                }
            } else {
                if sas[idx].states.count < Self.maxEventsPerSA {
                    // (Room for a usual SA's phase 1 steps at once, not grown by doubling from one.)
                    if sas[idx].states.capacity == 0 { sas[idx].states.reserveCapacity(16) }
                    sas[idx].states.append(step)
                }
                sas[idx].state = to
                if to.asciiHasPrefix("IKE_I_") || from.asciiHasPrefix("IKE_I_") { sas[idx].role = .initiator }
                if to.asciiHasPrefix("IKE_R_") || from.asciiHasPrefix("IKE_R_") { sas[idx].role = .responder }
                if to == "IKE_DEST_SA" { sas[idx].deleted = true; conclude(idx) }
            }
        case let .fsmInput(node, input):
            sas[idx].lastNode = node
            if let node, input.asciiContains("_QM") { _ = quickModeIndex(idx, node, create: true, e) }
            // (AAA's verdict on an XAUTH login is kept: `IKE_AAA_CONT_LOGIN_FAIL`.)
            keep = e.kind.isLoginRefusal
        case let .packetSent(_, lp, pp, role, _), let .packetReceived(_, lp, pp, role, _, _):
            if case let .packetReceived(_, _, _, _, _, vrf?) = e.kind, sas[idx].frontDoorVRF == nil { sas[idx].frontDoorVRF = vrf }
            if let lp { sas[idx].localPort = lp }
            if let pp {
                sas[idx].peerPort = pp
                if sas[idx].firstPeerPort == nil { sas[idx].firstPeerPort = pp }
            }
            if lp == 4500 || pp == 4500 { sas[idx].natTraversal = true }
            if sas[idx].role == nil, let role = Role(packetRole: role) { sas[idx].role = role }
        case .saRequest(let profile):
            sas[idx].requestedProfile = profile
            sas[idx].role = .initiator
        case let .initFailed(text) where sas[idx].role == nil:
            // (Only the initiator builds the first message, on the SA request IPsec's KMI message
            // made: a log that lost that request still tells the role.)
            if text.asciiHasPrefix("construct_initial_message") || text.asciiHasPrefix("Error while processing SA request")
                || text.asciiHasPrefix("Error while processing KMI") { sas[idx].role = .initiator }
        case .keyringKey(let k):
            let afterProfileMatch = sas[idx].matchedProfile != nil || sas[idx].matchedNoProfile
            if sas[idx].role == .responder && afterProfileMatch {
                sas[idx].profileKeyring = k
            } else {
                if sas[idx].keyKeyring == nil || sas[idx].role == .initiator { sas[idx].keyKeyring = k }
                if sas[idx].role == .initiator { sas[idx].profileKeyring = k }
            }
        case let .keyLookup(_, keyring, found):
            if found {
                lastFoundKeyring[idx] = keyring
                if !sas[idx].keyringCandidates.contains(keyring) { sas[idx].keyringCandidates.append(keyring) }
            }
        case let .keySelected(address, mask, final):
            let last = lastFoundKeyring[idx]
            if final {
                let afterProfileMatch = sas[idx].matchedProfile != nil
                var chosen = last
                if let cand = selectedCandidate[idx], cand.address == address, cand.mask == mask { chosen = cand.keyring }
                if let chosen {
                    if afterProfileMatch && sas[idx].role == .responder { sas[idx].profileKeyring = chosen } else { sas[idx].keyKeyring = chosen }
                }
                selectedCandidate[idx] = nil
            } else if let last {
                selectedCandidate[idx] = (last, address, mask)
            }
        case .profileMatch(let p):
            if let p { sas[idx].matchedProfile = p } else { sas[idx].matchedNoProfile = true }
        case .idPayload:
            lastIdPayload[idx] = sas[idx].events.count
        case let .idField(name, value):
            if let at = lastIdPayload[idx], at < sas[idx].events.count,
               case let .idPayload(t, a, p, port) = sas[idx].events[at].kind {
                var (t2, a2, p2, port2) = (t, a, p, port)
                switch name {
                case "type": t2 = Int(value)
                case "address": a2 = value
                case "protocol": p2 = Int(value)
                case "port": port2 = Int(value)
                default: break
                }
                sas[idx].events[at].kind = .idPayload(type: t2, address: a2, protocolNumber: p2, port: port2)
                sas[idx].events[at].lastLine = e.lastLine
            }
            keep = false
        case .attsAcceptable(true):
            // A quick mode whose log has no key-engine lines: its transform from the attributes
            // IOS accepted (`transform 1, ESP_AES`, `key length is 256`, `authenticator is
            // HMAC-SHA`, `encaps is 1 (Tunnel)`), written as a transform set is.
            if let q = sas[idx].quickModes.indices.last, sas[idx].quickModes[q].result == .incomplete,
               sas[idx].quickModes[q].transform == nil, let t = Self.transformFromAttributes(sas[idx].events.suffix(16)) {
                sas[idx].quickModes[q].transform = t
            }
        case .quickModeBegin(let m):
            // (A quick mode this router begins is an exchange of its own.)
            _ = quickModeIndex(idx, m, create: true, continuing: false, e)
        case .ipsecProposalCheck:
            // IOS checks the proposals of the quick mode whose node it set up when the packet came
            // (`set new node N to QM_IDLE`): with `processing SA payload. message ID = N` lost (a UDP
            // relay drops lines), the checks, and a proposal refused among them, are still N's,
            // which N's later lines complete.
            if let node = Self.nodeSincePacket(sas[idx].events) { _ = quickModeIndex(idx, node, create: true, e) }
        case let .payload(name, m):
            if name == "SA", m != 0 { _ = quickModeIndex(idx, m, create: true, e) }
            // (A DELETE received in quick mode is how some peers refuse it: see qm-refused-by-peer.)
            keep = name == "SA" || name == "ID" || name == "NONCE" || name == "KE" || name == "DELETE"
        case let .ipsecRequest(function, local, _, lp, rp, transform, seconds, kb):
            if let local, sas[idx].local == nil { sas[idx].local = local }
            // (The smallest the SA's key-engine lines name: the one that expires first.)
            if let seconds, seconds > 0 { sas[idx].ipsecLifetimeSeconds = min(seconds, sas[idx].ipsecLifetimeSeconds ?? .max) }
            if let kb, kb > 0 { sas[idx].ipsecLifetimeKB = min(kb, sas[idx].ipsecLifetimeKB ?? .max) }
            if function == "create_sa", sas[idx].phase1NotLogged, !sawIKEv2 {
                ipsecSACreated(idx, e, transform: transform)
                break
            }
            if let q = sas[idx].quickModes.indices.last, sas[idx].quickModes[q].result == .incomplete {
                if let lp { sas[idx].quickModes[q].localProxy = lp }
                if let rp { sas[idx].quickModes[q].remoteProxy = rp }
                // (The SA created names its transform without the mode: a fallback only.)
                if let transform, !transform.hasPrefix("NONE"), function != "create_sa" || sas[idx].quickModes[q].transform == nil {
                    // (As printed, without IOS's double space before the mode.)
                    sas[idx].quickModes[q].transform = Self.singleSpaced(transform)
                }
            }
        // (Not `map_db_check_isakmp_profile profile did not match` alone: IOS prints it for each crypto
        // map entry of another profile, and the next entry may match; the refusal lines follow it.)
        case .proposalInvalidated, .phase2NotAcceptable, .proxyNotSupported, .transformNotSupported, .invalidLocalAddress:
            markOpenQuickMode(idx, .rejected, e)
            if case let .phase2NotAcceptable(local, _) = e.kind, let local, sas[idx].local == nil { sas[idx].local = local }
            if case let .invalidLocalAddress(local) = e.kind, let local, sas[idx].local == nil { sas[idx].local = local }
        case let .endpoints(local, _):
            if let local, sas[idx].local == nil { sas[idx].local = local }
        case let .notify(sent, type, _):
            if type == "PROPOSAL_NOT_CHOSEN" {
                markOpenQuickMode(idx, sent ? .rejected : .refusedByPeer, e)
            } else if !sent, Self.refusesProxies(type), sas[idx].reached("IKE_P1_COMPLETE"),
                      sas[idx].quickModes.contains(where: { $0.result == .incomplete }) {
                // (A peer of another make refuses the proxy identities with INVALID-ID-INFORMATION.)
                markOpenQuickMode(idx, .refusedByPeer, e)
            }
        case let .nodeDeleted(m, reason, error):
            if let q = sas[idx].quickModes.firstIndex(where: { $0.messageID == m }) {
                if reason == "QM rejected" { sas[idx].quickModes[q].result = .rejected }
                // (A quick mode an operator's `clear` cut short was refused by nobody.)
                else if error, sas[idx].quickModes[q].result == .incomplete, sas[idx].clearedByOperator == nil {
                    // (Retransmitted until IOS gave up: nobody refused it, nobody answered.)
                    sas[idx].quickModes[q].result = reason.contains("Death by retransmission") ? .noReply : .refusedByPeer
                }
                sas[idx].quickModes[q].lastLine = e.lastLine
                sas[idx].quickModes[q].end = e.stamp ?? sas[idx].quickModes[q].end
                // The end of a failed quick mode concludes the SA's story so far.
                if error && sas[idx].quickModes[q].result != .complete { conclude(idx) }
            }
        case let .saDeleted(reason, _, _):
            sas[idx].deleted = true
            sas[idx].deleteReason = reason
            // (The peer's DELETE its only answer to this router's quick mode: refused.)
            if let q = sas[idx].quickModes.indices.last, sas[idx].quickModes[q].result == .incomplete, sas[idx].peerDeleteInQuickMode() != nil {
                sas[idx].quickModes[q].result = .refusedByPeer
            }
            conclude(idx)
        case .retransmit(_, _, _, let phase):
            if phase == 1 || phase == nil && !sas[idx].reached("IKE_P1_COMPLETE") {
                sas[idx].retransmitTally.add(e)
                sas[idx].retransmissions = sas[idx].retransmitTally.value
            }
        case let .phase1NotAcceptable(local, _):
            if let local, sas[idx].local == nil { sas[idx].local = local }
        case .natDetected:
            sas[idx].natTraversal = true
        case .natHashMismatch:
            // IOS checks two NAT-D hashes and prints `His hash no match - this node outside NAT`
            // for one of them even without NAT (then `No NAT Found for self or peer`); only when
            // neither matches is the peer behind NAT. The second line is kept, the first is not.
            // (The same line again right after it, its copy from a second syslog server merged
            // in, is no second hash: IOS prints the two with a `received payload type 20` between,
            // or in two spellings.)
            let length = UInt16(truncatingIfNeeded: e.text.utf8.count)
            if sas[idx].natHashMismatches == 1, e.firstLine == Int(sas[idx].natHashMismatchLine) + 1,
               length == sas[idx].natHashMismatchLength { return }
            // (IOS checks the two hashes one right after the other, a few lines apart: a mismatch
            // far from the first is another exchange's, under the same conn-id in a capture taken
            // again, and counts as a first one.)
            if sas[idx].natHashMismatches == 1, e.firstLine - Int(sas[idx].natHashMismatchLine) > 8 { sas[idx].natHashMismatches = 0 }
            sas[idx].natHashMismatches &+= 1
            sas[idx].natHashMismatchLine = Int32(truncatingIfNeeded: e.lastLine)
            sas[idx].natHashMismatchLength = length
            if sas[idx].natHashMismatches == 2 { sas[idx].peerBehindNAT = true; sas[idx].natTraversal = true } else { keep = false }
        default:
            break
        }
        guard keep else { return }
        let signs = e.kind.signals
        if !signs.isEmpty { sas[idx].signals.formUnion(signs) }
        if Self.isKeepalive(e.kind) {
            sas[idx].keepalives += 1
            if sas[idx].keepalives > Self.keepalivesKept {
                if sas[idx].keepaliveFloor == 0 {
                    // The first ones stay: what follows phase 1 and opens quick modes.
                    sas[idx].keepaliveFloor = e.firstLine
                    sas[idx].keepalives = 0
                } else {
                    pruneKeepalives(idx)
                }
            }
        }
        if sas[idx].events.count < Self.maxEventsPerSA {
            // Room for a usual SA's events at once, not grown by doubling from one.
            if sas[idx].events.capacity == 0 { sas[idx].events.reserveCapacity(16) }
        } else {
            dropMiddleEvents(idx)
        }
        sas[idx].events.append(e)
    }

    /// An SA's events are full (a peer that retries quick mode every half minute for hours): the
    /// middle gives way, a hundred at a time, counted as not kept. The first events show how the
    /// SA began, the latest what it does now (the quick mode being refused, with its proposal).
    @inline(never)
    private mutating func dropMiddleEvents(_ idx: Int) {
        let from = Self.maxEventsPerSA / 3
        dropEvents(idx) { $0.removeSubrange(from..<(from + 100)) }
    }

    /// Takes events out of SA `idx` with `removal`, counts them as not kept, and finds again the
    /// ID payload XE's split fields complete (its index moved).
    private mutating func dropEvents(_ idx: Int, _ removal: (inout [Event]) -> Void) {
        let idPayloadLine = lastIdPayload[idx].flatMap { $0 < sas[idx].events.count ? sas[idx].events[$0].firstLine : nil }
        let before = sas[idx].events.count
        removal(&sas[idx].events)
        sas[idx].droppedEvents += before - sas[idx].events.count
        if let line = idPayloadLine {
            lastIdPayload[idx] = sas[idx].events.lastIndex { e in
                if case .idPayload = e.kind { return e.firstLine == line }
                return false
            }
        }
    }

    /// A tunnel that stays up repeats its keepalives (DPD) for as long as the log runs.
    /// An SA keeps its first `keepalivesKept` of them; each time as many more pile up,
    /// those after the first and outside quick modes are dropped (counted in
    /// `droppedEvents`), with their `IKE_P1_COMPLETE` → itself steps: a long-lived SA's
    /// memory stays bounded.
    private mutating func pruneKeepalives(_ idx: Int) {
        let quickModes = sas[idx].quickModes.map { ($0.firstLine, $0.lastLine) }
        let floor = sas[idx].keepaliveFloor
        dropEvents(idx) {
            $0.removeAll { e in
                e.firstLine > floor && Self.isKeepalive(e.kind) && !quickModes.contains { e.firstLine >= $0.0 && e.firstLine <= $0.1 }
            }
        }
        sas[idx].states.removeAll { s in
            s.line > floor && s.from == "IKE_P1_COMPLETE" && s.to == "IKE_P1_COMPLETE"
        }
        sas[idx].keepalives = 0
        sas[idx].trimEvents(spare: Self.keepalivesKept)
    }

    /// Keepalive traffic: DPD notifies, informational nodes and their `QM_IDLE`
    /// packets, `IKE_P1_COMPLETE` → itself. No failure is among them.
    static func isKeepalive(_ kind: EventKind) -> Bool {
        switch kind {
        case let .packetSent(_, _, _, _, label), let .packetReceived(_, _, _, _, label, _): return label.asciiHasPrefix("QM_IDLE")
        case .newNode: return true
        case let .nodeDeleted(_, _, error): return !error
        case let .notify(_, type, _): return type.asciiContains("R_U_THERE") || type.asciiHasPrefix("DPD")
        case let .stateChange(from, to): return from == "IKE_P1_COMPLETE" && to == "IKE_P1_COMPLETE"
        default: return false
        }
    }

    /// The quick mode of `node` (made when `create`), else the last one. `continuing`: the line is
    /// one of an exchange under way, not its start.
    private mutating func quickModeIndex(_ idx: Int, _ node: MessageID?, create: Bool, continuing: Bool = true, _ e: Event) -> Int? {
        if let node, let q = sas[idx].quickModes.firstIndex(where: { $0.messageID == node }) {
            sas[idx].quickModes[q].lastLine = e.lastLine
            if let s = e.stamp { sas[idx].quickModes[q].end = s }
            return q
        }
        guard let node, node != 0 else { return sas[idx].quickModes.indices.last }
        // (Nor one reported and dropped, whose last lines come after: see `endsReportedQuickMode`.)
        if !sas[idx].reportedNodes.isEmpty, sas[idx].reportedNodes.contains(node) { return nil }
        guard create else { return sas[idx].quickModes.indices.last }
        // The last quick mode, of a message ID the log did not show (see `markOpenQuickMode`: its
        // `processing SA payload` and `set new node` lines lost), and no packet received since: the
        // same exchange, whose node this line names. It takes the ID: a proposal refused before the
        // one IOS accepted is no quick mode of its own.
        if continuing, let q = sas[idx].quickModes.indices.last, sas[idx].quickModes[q].messageID == 0,
           !Self.packetReceived(in: sas[idx].events, after: sas[idx].quickModes[q].lastLine) {
            sas[idx].quickModes[q].messageID = node
            sas[idx].quickModes[q].lastLine = e.lastLine
            if let s = e.stamp { sas[idx].quickModes[q].end = s }
            return q
        }
        guard sas[idx].quickModes.count < Self.maxQuickModesPerSA else { return nil }
        // (It began where IOS set up its node, a few lines before the payload that made it known,
        // with the packet that brought it just before that.)
        var first = e.firstLine, start = e.stamp
        if let n = sas[idx].events.suffix(12).last(where: { if case .newNode(node) = $0.kind { return true }; return false }) {
            first = n.firstLine
            start = n.stamp ?? start
            if let p = sas[idx].events.suffix(16).last(where: { if case .packetReceived = $0.kind { return $0.lastLine < n.firstLine && n.firstLine - $0.lastLine <= 2 }; return false }) {
                first = p.firstLine
                start = p.stamp ?? start
            }
        }
        sas[idx].quickModes.append(QuickMode(messageID: node, firstLine: first, lastLine: e.lastLine, start: start, end: e.stamp))
        return sas[idx].quickModes.count - 1
    }

    /// The node `set new node N to QM_IDLE` (N not 0) set up after the last packet among `events`:
    /// the exchange that packet began. Nil when no such line came after it.
    static func nodeSincePacket(_ events: [Event]) -> MessageID? {
        for ev in events.suffix(32).reversed() {
            switch ev.kind {
            case let .newNode(m) where m != 0: return m
            case .packetReceived, .packetSent: return nil
            default: continue
            }
        }
        return nil
    }

    /// Whether `events` hold a packet received after `line`.
    static func packetReceived(in events: [Event], after line: Int) -> Bool {
        for ev in events.reversed() {
            guard ev.firstLine > line else { return false }
            if case .packetReceived = ev.kind { return true }
        }
        return false
    }

    /// The first line of the exchange an SA without ISAKMP lines (`debug crypto ipsec` alone) is in:
    /// the key engine's request (`sa_request`, initiator) or the peer's proposal
    /// (`validate_proposal_request`, responder, whose first line IOS prints twice) since its last
    /// quick mode's last line; nil when none came since (the events a busy device released went
    /// with that quick mode).
    static func ipsecExchangeBegin(_ sa: SecurityAssociation) -> Event? {
        let since = sa.quickModes.last?.lastLine ?? 0
        var begin: Event?
        for ev in sa.events.reversed() {
            guard ev.firstLine > since else { break }
            if case let .ipsecRequest(function, _, _, _, _, _, _, _) = ev.kind,
               function == "sa_request" || function == "validate_proposal_request" {
                begin = ev
            }
        }
        return begin
    }

    /// `IPSEC(create_sa): sa created` for an SA the log shows no ISAKMP line of: the quick mode
    /// is known only from the key engine. Its first SA created completes it; the others of the
    /// pair (inbound, outbound) come after it with no new proposal, and are its own. (Not on a
    /// device that printed IKEv2 debug: there they are an IKEv2 child SA's, whose request came
    /// before the IKEv2 lines.)
    private mutating func ipsecSACreated(_ idx: Int, _ e: Event, transform created: String?) {
        let begin = Self.ipsecExchangeBegin(sas[idx])
        if begin == nil, let q = sas[idx].quickModes.indices.last, sas[idx].quickModes[q].result == .complete {
            sas[idx].quickModes[q].lastLine = e.lastLine
            if let s = e.stamp { sas[idx].quickModes[q].end = s }
            return
        }
        guard sas[idx].quickModes.count < Self.maxQuickModesPerSA else { return }
        var q = ipsecQuickMode(idx, begin: begin, e)
        q.result = .complete
        // (The SA created names its transform without the mode: a fallback only.)
        if q.transform == nil, let created { q.transform = Self.singleSpaced(created) }
        sas[idx].quickModes.append(q)
        concludeIfQuickModesDone(idx)
    }

    /// The quick mode of an SA without ISAKMP lines that `e` ends, from the request or proposal
    /// that began it (`begin`), with the proxies and transform the key engine named since.
    private func ipsecQuickMode(_ idx: Int, begin: Event?, _ e: Event) -> QuickMode {
        var q = QuickMode(messageID: 0, firstLine: begin?.firstLine ?? e.firstLine, lastLine: e.lastLine,
                          start: begin?.stamp ?? e.stamp, end: e.stamp)
        // (The latest the key engine named: `initialize_sas`, after the peer's proposal or our request.)
        for ev in sas[idx].events.reversed() {
            guard ev.firstLine >= q.firstLine else { break }
            guard case let .ipsecRequest(function, _, _, lp, rp, t, _, _) = ev.kind, function != "create_sa" else { continue }
            if q.localProxy == nil, let lp { (q.localProxy, q.remoteProxy) = (lp, rp) }
            if q.transform == nil, let t, !t.hasPrefix("NONE") { q.transform = Self.singleSpaced(t) }
        }
        return q
    }

    private mutating func markOpenQuickMode(_ idx: Int, _ result: QuickModeResult, _ e: Event) {
        let open = sas[idx].quickModes.lastIndex(where: { $0.result != .complete })
        let q: Int
        if let open {
            q = open
        } else {
            guard sas[idx].quickModes.count < Self.maxQuickModesPerSA else { return }
            // The log did not show the exchange's message ID (or start): an exchange of unknown ID.
            // (Without ISAKMP lines, from the peer's proposal the key engine showed, with its proxies.)
            sas[idx].quickModes.append(sas[idx].phase1NotLogged ? ipsecQuickMode(idx, begin: Self.ipsecExchangeBegin(sas[idx]), e)
                                           : QuickMode(messageID: 0, firstLine: e.firstLine, lastLine: e.lastLine, start: e.stamp, end: e.stamp))
            q = sas[idx].quickModes.count - 1
        }
        if sas[idx].quickModes[q].result == .incomplete || result == .rejected {
            sas[idx].quickModes[q].result = result
        }
        sas[idx].quickModes[q].lastLine = max(sas[idx].quickModes[q].lastLine, e.lastLine)
        if let s = e.stamp { sas[idx].quickModes[q].end = s }
    }
}

/// The SAs by conn-id, with the last lookup remembered: the lines of a burst under one conn-id
/// (most of a busy log's) hash it once.
struct ConnIdMap {
    private var map: [Int: Int] = [:]
    private var last: (id: Int, idx: Int?)?

    subscript(id: Int) -> Int? {
        get {
            if let last, last.id == id { return last.idx }
            return map[id]
        }
        set {
            map[id] = newValue
            last = (id, newValue)
        }
    }

    /// `self[id]`, remembered for the next lookup.
    mutating func lookup(_ id: Int) -> Int? {
        if let last, last.id == id { return last.idx }
        let idx = map[id]
        last = (id, idx)
        return idx
    }

    mutating func removeAll() {
        map.removeAll()
        last = nil
    }

    /// Each SA index through `f`; an entry whose index gives nil goes.
    mutating func remapValues(_ f: (Int) -> Int?) {
        map = map.compactMapValues(f)
        last = nil
    }
}
