/// A failure the same peer got over: after an SA's failure, a later SA to the same peer, in the
/// same role, came up (quick mode complete; for a quick-mode failure, for the same proxies). (In the other role it is no recovery: a keyring
/// mismatch fails each time the peer initiates, however often this router's own attempts work.) The finding stays, told that it did not last, and an error becomes a
/// warning: a tunnel that came back is no outage, but a failure that recurs (a flapping tunnel,
/// a first attempt that always fails) is still worth fixing. One pass over a device's findings
/// after diagnosis, for every rule alike; the SAs that came up are indexed by peer, so a busy
/// hub costs one binary search per SA with findings.
enum Recovery {
    struct Up { let line: Int; let number: Int; let stamp: Stamp?; let role: Role?; let localProxy: String?; let remoteProxy: String? }

    /// The SAs of `sas` that came up, by peer, in the order of the line where they came up.
    static func index(_ sas: [SecurityAssociation]) -> [String: [Up]] {
        var byPeer: [String: [Up]] = [:]
        for sa in sas {
            guard let peer = sa.peer, let q = sa.quickModes.first(where: { $0.result == .complete }) else { continue }
            let step = q.states.last { $0.to == "IKE_QM_PHASE2_COMPLETE" }
            byPeer[peer, default: []].append(Up(line: step?.line ?? q.lastLine, number: sa.number, stamp: step?.stamp ?? q.end, role: sa.role,
                                          localProxy: q.localProxy, remoteProxy: q.remoteProxy))
        }
        for k in byPeer.keys { byPeer[k]!.sort { $0.line < $1.line } }
        return byPeer
    }

    /// The first SA other than `sa` to its peer, in its role (or one not known), that came up after `sa` began;
    /// when `sa`'s phase 1 completed (its failure was in quick mode), one that brought up the proxies a
    /// quick mode of `sa` failed for (another crypto map entry's tunnel to the peer is no recovery).
    static func laterUp(_ sa: SecurityAssociation, in index: [String: [Up]]) -> Up? {
        guard let peer = sa.peer, let ups = index[peer] else { return nil }
        var lo = 0, hi = ups.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ups[mid].line > sa.firstLine { hi = mid } else { lo = mid + 1 }
        }
        let failedProxies = sa.phase1 == .complete
            ? sa.quickModes.filter { $0.result != .complete && $0.localProxy != nil }.map { ($0.localProxy, $0.remoteProxy) } : []
        return ups[lo...].first { up in
            up.number != sa.number && (up.role == nil || sa.role == nil || up.role == sa.role)
                && (sa.phase1 != .complete || failedProxies.contains { $0.0 == up.localProxy && $0.1 == up.remoteProxy })
        }
    }

    /// Tells each error or warning of an SA that a later SA to the same peer came up, and lowers
    /// its errors to warnings.
    static func apply(_ sas: inout [SecurityAssociation]) {
        guard sas.contains(where: { sa in sa.findings.contains { $0.severity != .info } }) else { return }
        let index = index(sas)
        guard !index.isEmpty else { return }
        for i in sas.indices where sas[i].findings.contains(where: { $0.severity != .info }) {
            guard let up = laterUp(sas[i], in: index) else { continue }
            let peer = Say.peer(sas[i])
            let when = up.stamp.map { "at \($0.timeText)" } ?? "at line \(up.line)"
            for k in sas[i].findings.indices where sas[i].findings[k].severity != .info {
                let wasError = sas[i].findings[k].severity == .error
                sas[i].findings[k].summary += "; recovered: SA #\(up.number) to \(peer) came up \(when)"
                sas[i].findings[k].explanation += " It did not last: a later SA (#\(up.number)) to \(peer) came up \(when), its quick mode complete, so this failure was transient\(wasError ? " and is reported as a warning, not an error" : ""). If it comes back at every attempt (a flapping tunnel, a first attempt that always fails), fix it as below."
                if wasError { sas[i].findings[k].severity = .warning }
            }
        }
    }
}
