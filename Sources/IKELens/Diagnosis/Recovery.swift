/// A failure the same peer got over: after an SA's failure, a later SA to the same peer, in the
/// same role, came up (quick mode complete; for a quick-mode failure, for the same proxies; for a
/// tunnel that was up and went down, such as a peer declared dead, after it went down and for the
/// proxies it carried, in either role). (In the other role a failure to negotiate is no recovery: a keyring
/// mismatch fails each time the peer initiates, however often this router's own attempts work.) The finding stays, told that it did not last, and an error becomes a
/// warning: a tunnel that came back is no outage, but a failure that recurs (a flapping tunnel,
/// a first attempt that always fails) is still worth fixing. One pass over a device's findings
/// after diagnosis, for every rule alike; the SAs that came up are indexed by peer, so a busy
/// hub costs one binary search per SA with findings. A tunnel the router only logged up again
/// (`%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP`, no debug of its exchange) recovers a tunnel
/// that went down (see `loggedUp`).
enum Recovery {
    struct Up {
        let line: Int; let number: Int; let stamp: Stamp?; let role: Role?; let localProxy: String?; let remoteProxy: String?; var version = 1
        /// Logged up, no SA of it in the log: the syslog message's tag (`CRYPTO-5-SESSION_STATUS`).
        var logged: String?
        /// Which host behind the peer's address it was (see `Host`).
        var host = Host()
    }

    /// Which host an SA to a peer address was with, where the log tells hosts behind one NAT
    /// apart: the peer's identity (its ID payload: the host's own address or name), and the port
    /// its exchange began from (a NAT gives each host behind it a port of its own: `sport 1024`,
    /// `sport 1025`; 500 and 4500 are the ports a host itself uses, told apart by nothing). Two SAs
    /// are with other hosts when both name their identities and these differ, or their first
    /// ports differ and one was a NAT's: one host's tunnel coming up is no recovery of another's
    /// failure (a spoke with a wrong key behind the same NAT as one that works).
    struct Host: Equatable {
        var identity: String?
        var port: Int?

        init() {}
        init(_ sa: SecurityAssociation) {
            identity = sa.peerIdentity
            port = sa.firstPeerPort
        }

        func isOther(than h: Host) -> Bool {
            if let a = identity, let b = h.identity, a != b { return true }
            if let a = port, let b = h.port, a != b, !(Self.isOwn(a) && Self.isOwn(b)) { return true }
            return false
        }

        private static func isOwn(_ port: Int) -> Bool { port == 500 || port == 4500 }
    }

    /// `%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 192.168.0.2:500 …` (IKEv2:
    /// `%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is UP.  Peer …`): the router logged its
    /// tunnel to the peer up. It names neither a role nor proxies: it tells that a tunnel that
    /// went down is back (the peer answers again), not that a failed negotiation now works.
    static func loggedUp(_ e: Event) -> (peer: String, up: Up)? {
        guard case let .syslog(tag, peer?) = e.kind, tag.hasSuffix("SESSION_STATUS"), e.text.contains(" is UP") else { return nil }
        return (peer, Up(line: e.firstLine, number: 0, stamp: e.stamp, role: nil, localProxy: nil, remoteProxy: nil,
                         version: tag.contains("IKEV2") ? 2 : 1, logged: tag))
    }

    /// What a later SA must bring up for a failed one to count as recovered: its peer in the same
    /// role (or one not known), after it began; when its phase 1 completed and a quick mode of it
    /// failed, the proxies that quick mode failed for. When phase 1 completed and no quick mode
    /// failed, the tunnel was up and went down (DPD declared the peer dead, IKEv2's liveness check
    /// unanswered): it is back when a later SA, in either role, comes up after it went down, for
    /// one of the proxies it carried (any, when the log showed none).
    struct Failed {
        let number: Int, firstLine: Int, role: Role?, phase1Complete: Bool
        let host: Host
        let proxies: [(String?, String?)]
        /// Up, then down: the line it went down (its last), and the proxies it had up.
        let wentDown: Int?
        let upProxies: [(String?, String?)]

        init(_ sa: SecurityAssociation) {
            number = sa.number; firstLine = sa.firstLine; role = sa.role; phase1Complete = sa.phase1 == .complete
            host = Host(sa)
            proxies = phase1Complete ? sa.quickModes.filter { $0.result != .complete && $0.localProxy != nil }.map { ($0.localProxy, $0.remoteProxy) } : []
            // (An IKEv2 SA deleted is phase 1 `failed` whether or not it was up: up, it went down.)
            let droppedWhileUp = (phase1Complete || sa.version == 2 && sa.established) && !sa.quickModes.contains { $0.result != .complete }
            wentDown = droppedWhileUp ? sa.lastLine : nil
            upProxies = droppedWhileUp ? sa.quickModes.filter { $0.localProxy != nil }.map { ($0.localProxy, $0.remoteProxy) } : []
        }
    }

    /// Where `sa` came up (its first quick mode complete), if it did.
    static func up(_ sa: SecurityAssociation) -> Up? {
        guard sa.peer != nil, let q = sa.quickModes.first(where: { $0.result == .complete }) else { return nil }
        let step = q.states.last { $0.to == "IKE_QM_PHASE2_COMPLETE" }
        return Up(line: step?.line ?? q.lastLine, number: sa.number, stamp: step?.stamp ?? q.end, role: sa.role,
                  localProxy: q.localProxy, remoteProxy: q.remoteProxy, version: sa.version, host: Host(sa))
    }

    /// Whether `up` (an SA to the same peer) recovers `failed`. (Another crypto map entry's
    /// tunnel to the peer is no recovery of a quick mode refused for other proxies; another
    /// host's behind the same NAT, none of its failure: see `Host`.)
    static func recovers(_ up: Up, _ failed: Failed) -> Bool {
        guard up.number != failed.number, up.line > failed.firstLine, !up.host.isOther(than: failed.host) else { return false }
        if let down = failed.wentDown {
            // (An SA that came up before this one went down, a phase 1 rekey's, is no recovery of it.
            // In either role: a tunnel the peer lost comes back as often from the peer's side, a
            // spoke that rebooted initiating again to its hub.)
            return up.line > down && (up.logged != nil || failed.upProxies.isEmpty || failed.upProxies.contains { $0.0 == up.localProxy && $0.1 == up.remoteProxy })
        }
        guard up.logged == nil, up.role == nil || failed.role == nil || up.role == failed.role else { return false }
        return !failed.phase1Complete || failed.proxies.contains { $0.0 == up.localProxy && $0.1 == up.remoteProxy }
    }

    /// The SAs of `sas` that came up, and the tunnels `logged` up (the device's lines no SA
    /// took), by peer, in the order of the line where they came up.
    /// (Only those to `peers` when given: the peers whose failures are looked up.)
    static func index(_ sas: [SecurityAssociation], logged: [Event] = [], peers: Set<String>? = nil) -> [String: [Up]] {
        var byPeer: [String: [Up]] = [:]
        // (Each SA read in place: a `for sa in` loop copied every one, a retain of each field.)
        sas.withUnsafeBufferPointer { sas in
            for i in sas.indices {
                guard let peer = sas[i].peer, peers?.contains(peer) ?? true, let up = up(sas[i]) else { continue }
                byPeer[peer, default: []].append(up)
            }
        }
        for e in logged {
            guard let (peer, up) = loggedUp(e), peers?.contains(peer) ?? true else { continue }
            byPeer[peer, default: []].append(up)
        }
        for k in byPeer.keys { byPeer[k]!.sort { $0.line < $1.line } }
        return byPeer
    }

    /// The first SA other than `sa` to its peer that came up after `sa` began and recovers it.
    static func laterUp(_ sa: SecurityAssociation, in index: [String: [Up]]) -> Up? {
        guard let peer = sa.peer, let ups = index[peer] else { return nil }
        var lo = 0, hi = ups.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ups[mid].line > sa.firstLine { hi = mid } else { lo = mid + 1 }
        }
        let failed = Failed(sa)
        return ups[lo...].first { recovers($0, failed) }
    }

    /// Tells each error or warning of an SA that a later SA to the same peer came up (or, for a
    /// tunnel that went down, that the router logged it up again: `logged`, the device's lines no
    /// SA took), and lowers its errors to warnings.
    static func apply(_ sas: inout [SecurityAssociation], logged: [Event] = []) {
        // (The index holds the peers of failures only: a head-end's quarter of a million SAs up
        // are no recovery of anything, and cost time and memory to index.)
        var failedPeers = Set<String>()
        for i in sas.indices where sas[i].findings.contains(where: { $0.severity != .info }) {
            if let peer = sas[i].peer { failedPeers.insert(peer) }
        }
        guard !failedPeers.isEmpty else { return }
        let index = index(sas, logged: logged, peers: failedPeers)
        guard !index.isEmpty else { return }
        for i in sas.indices where sas[i].findings.contains(where: { $0.severity != .info }) {
            guard let up = laterUp(sas[i], in: index) else { continue }
            let peer = Say.peer(sas[i])
            let when = up.stamp.map { "at \($0.timeText)" } ?? "at line \(up.line)"
            for k in sas[i].findings.indices where sas[i].findings[k].severity != .info {
                let wasError = sas[i].findings[k].severity == .error
                if let tag = up.logged {
                    sas[i].findings[k].summary += "; recovered: tunnel to \(peer) logged up at \(up.stamp?.timeText ?? "line \(up.line)")"
                    sas[i].findings[k].explanation += " It did not last: the router logged the tunnel to \(peer) up again \(when) (`%\(tag): Crypto tunnel\(up.version == 2 ? " v2" : "") is UP`, line \(up.line); the log holds no debug of that exchange), so this failure was transient\(wasError ? " and is reported as a warning, not an error" : ""). If it comes back often (a flapping tunnel), fix it as below."
                    if wasError { sas[i].findings[k].severity = .warning }
                    continue
                }
                sas[i].findings[k].summary += "; recovered: SA #\(up.number) to \(peer) came up \(when)"
                sas[i].findings[k].explanation += " It did not last: a later SA (#\(up.number)) to \(peer) came up \(when), \(up.version == 2 ? "its child SA created" : "its quick mode complete"), so this failure was transient\(wasError ? " and is reported as a warning, not an error" : ""). If it comes back at every attempt (a flapping tunnel, a first attempt that always fails), fix it as below."
                if wasError { sas[i].findings[k].severity = .warning }
            }
        }
    }
}

/// A failure streaming output has told (its SA concluded), later recovered: a later SA to the
/// same peer came up (as `Recovery` tells the whole report's findings).
public struct RecoveryNote: Sendable {
    public let device: String
    /// The failed SA's number, its peer, and the ids of its findings (errors and warnings).
    public let failedSA: Int
    public let peer: String
    public let findingIds: [String]
    /// How many of those findings were errors (now warnings, as the whole report has them).
    public let errors: Int
    /// The SA that came up, where and when; nil when the router only logged the tunnel up
    /// (`logged`: the syslog message's tag, `CRYPTO-5-SESSION_STATUS`).
    public let upSA: Int?
    public var logged: String? = nil
    public let line: Int
    public let stamp: Stamp?
}

/// Streaming output's memory of failures told and of SAs that came up, per device and peer, so a
/// failure that did not last is told so when the tunnel comes up (or, concluded late, at once).
/// Bounded: past `maxPeers` peers with news the older half of them is forgotten.
struct RecoveryWatch {
    private struct Told { let failed: Recovery.Failed; let ids: [String]; let errors: Int }
    private struct Key: Hashable { let slot: Int; let peer: String }
    private var told: [Key: [Told]] = [:]
    private var ups: [Key: [Recovery.Up]] = [:]
    private var older: (told: [Key: [Told]], ups: [Key: [Recovery.Up]]) = ([:], [:])
    static let maxPeers = 8192
    static let perPeer = 8

    /// `sa` concluded with `findings` (those just told): notes its failure, and its coming up.
    /// Returns the failures it recovers, and its own failure when an SA that came up before
    /// it concluded recovers it.
    mutating func concluded(_ sa: SecurityAssociation, slot: Int, device: String, findings: [Finding]) -> [RecoveryNote] {
        guard let peer = sa.peer else { return [] }
        let key = Key(slot: slot, peer: peer)
        var notes: [RecoveryNote] = []
        let note = { (t: Told, up: Recovery.Up) in Self.note(t, up, peer: peer, device: device) }
        let failing = findings.filter { $0.severity != .info }
        if !failing.isEmpty {
            let t = Told(failed: Recovery.Failed(sa), ids: failing.map(\.id), errors: failing.filter { $0.severity == .error }.count)
            if let up = (ups[key] ?? older.ups[key] ?? []).first(where: { Recovery.recovers($0, t.failed) }) {
                notes.append(note(t, up))
            } else {
                remember(t, at: key)
            }
        }
        if let up = Recovery.up(sa), !(ups[key]?.contains { $0.number == up.number } ?? false) {
            notes += cameUp(up, at: key, device: device)
        }
        return notes
    }

    /// The router logged a tunnel up (see `Recovery.loggedUp`): the failures told that it recovers.
    mutating func loggedUp(_ e: Event, slot: Int, device: String) -> [RecoveryNote] {
        guard let (peer, up) = Recovery.loggedUp(e) else { return [] }
        return cameUp(up, at: Key(slot: slot, peer: peer), device: device)
    }

    private mutating func cameUp(_ up: Recovery.Up, at key: Key, device: String) -> [RecoveryNote] {
        var notes: [RecoveryNote] = []
        for generation in 0..<2 {
            let list = generation == 0 ? told[key] : older.told[key]
            guard let list, !list.isEmpty else { continue }
            let (gone, kept) = (list.filter { Recovery.recovers(up, $0.failed) }, list.filter { !Recovery.recovers(up, $0.failed) })
            notes += gone.map { Self.note($0, up, peer: key.peer, device: device) }
            if generation == 0 { told[key] = kept.isEmpty ? nil : kept } else { older.told[key] = kept.isEmpty ? nil : kept }
        }
        var list = ups[key] ?? []
        list.append(up)
        if list.count > Self.perPeer { list.removeFirst() }
        ups[key] = list
        bound()
        return notes
    }

    private static func note(_ t: Told, _ up: Recovery.Up, peer: String, device: String) -> RecoveryNote {
        var n = RecoveryNote(device: device, failedSA: t.failed.number, peer: peer, findingIds: t.ids, errors: t.errors,
                             upSA: up.logged == nil ? up.number : nil, line: up.line, stamp: up.stamp)
        n.logged = up.logged
        return n
    }

    private mutating func remember(_ t: Told, at key: Key) {
        var list = told[key] ?? []
        list.append(t)
        if list.count > Self.perPeer { list.removeFirst() }
        told[key] = list
        bound()
    }

    private mutating func bound() {
        guard told.count + ups.count > Self.maxPeers else { return }
        older = (told, ups)
        told = [:]
        ups = [:]
    }
}
