/// The lines of an SA's timeline: state changes and the facts that explain them.
public enum TimelineRows {
    public enum Tone: Sendable { case plain, good, bad }
    public struct Row: Sendable {
        public var stamp: Stamp?
        public var line: Int
        public var text: String
        public var tone: Tone
    }

    public static func rows(_ sa: SecurityAssociation) -> [Row] {
        var rows: [Row] = []
        var lastRetransmit: Int?
        var runBase = ""
        var runCount = 0
        for e in sa.events {
            var text: String?
            var tone = Tone.plain
            switch e.kind {
            case let .stateChange(from, to):
                guard from != to else { continue }
                text = "\(from) → \(to)"
                if to == "IKE_P1_COMPLETE" || to == "IKE_QM_PHASE2_COMPLETE" { tone = .good }
                if to == "IKE_DEST_SA" { tone = .bad }
            case let .packetSent(peer, _, _, _, label): text = "sent \(label) to \(peer)"
            case let .packetReceived(peer, _, _, _, label, _): text = "received \(label) from \(peer)"
            case let .saRequest(p): text = "SA request, ISAKMP profile \(p ?? "(none)")"
            case let .keyringKey(k): text = "key found in keyring \(k)"
            case let .pskMatched(p): text = "pre-shared key found for \(p) (keyring not named)"
            case let .keyLookup(p, k, found): text = found ? "detail: key for \(p) found in \(k)" : "detail: no key for \(p) in \(k)"
            case let .keySelected(a, m, final): text = "detail: selecting \(a)/\(m) as \(final ? "final key" : "key")"
            case let .profileMatch(p): text = p.map { "identity matches profile \($0)" } ?? "identity matches no profile"
            case let .idPayload(_, a, _, _): text = "ID payload \(a ?? "?")"
            case let .authStatus(ok, _):
                text = ok ? "authenticated" : "NOT authenticated"
                tone = ok ? .good : .bad
            case .keyNotInProfileKeyrings: text = "Key not found in keyrings of profile: exchange aborted"; tone = .bad
            case let .fsmError(code): text = "FSM action returned error \(code)"; tone = .bad
            case .reservedNotZero: text = "reserved not zero on ID payload (MM5 not decryptable)"; tone = .bad
            case .badMessage: text = "IKMP_BAD_MESSAGE: message failed its sanity check"; tone = .bad
            case let .syslog(m, _) where m.hasSuffix("IKMP_AUTH_FAIL"):
                text = "IKMP_AUTH_FAIL: the peer's phase 1 authentication failed"; tone = .bad
            case .retransmit(let label, _, _, let phase):
                if let r = lastRetransmit {
                    // Collapse a run of retransmission lines into one row.
                    runCount += 1
                    rows[r].text = "\(runBase) (×\(runCount) lines)"
                    continue
                }
                // (IKEv2's `Retransmitting packet` names neither phase nor packet.)
                runBase = phase == nil && label == nil && e.facility == .ikev2 ? "retransmitted the last request (no answer)"
                    : "retransmit phase \(phase.map(String.init) ?? "?")\(label.map { " \($0)" } ?? "")"
                runCount = 1
                text = runBase
                tone = .bad
            case .duplicatePacket: text = "phase 1 packet is a duplicate (our reply was lost?)"
            case let .attsAcceptable(ok): if !ok { text = "proposal attributes not acceptable" }
            case let .policyMismatch(a): text = "\(a) offered does not match policy"
            case .phase1NotAcceptable: text = "phase 1 SA policy not acceptable"; tone = .bad
            case let .quickModeBegin(m): text = "quick mode begins, M-ID \(Say.messageID(m))"
            case let .ipsecRequest(function, _, remote, lp, rp, transform, _, _):
                // (The key engine's lines tell the quick mode only when no ISAKMP line does:
                // `debug crypto ipsec` alone.)
                guard sa.phase1NotLogged else { continue }
                let proxies = lp.map { l in ": \(l) ↔ \(rp ?? "?")" } ?? ""
                switch function {
                case "sa_request": text = "IPsec SA requested\(proxies)"
                case "validate_proposal_request":
                    // (IOS prints the proposal's first line twice, once without its fields.)
                    guard lp != nil else { continue }
                    text = "IPsec proposal from \(remote ?? "the peer")\(proxies)\(transform.map { t in t.hasPrefix("NONE") ? "" : ", \(Correlator.singleSpaced(t))" } ?? "")"
                case "create_sa":
                    text = remote != nil && remote == sa.peer ? "outbound IPsec SA created, to \(remote!)"
                        : remote != nil && remote == sa.local ? "inbound IPsec SA created" : "IPsec SA created\(remote.map { " (sa_dest \($0))" } ?? "")"
                    tone = .good
                default: continue
                }
            case .mapProfileMismatch: text = "crypto map: ISAKMP profile did not match"; tone = .bad
            case .mapNotFound: text = "crypto map: no matching map"; tone = .bad
            case .proxyNotSupported: text = "proxy identities not supported"; tone = .bad
            case let .invalidLocalAddress(a): text = "invalid local address\(a.map { " \($0)" } ?? ""): no crypto map there"; tone = .bad
            case let .transformNotSupported(t): text = "transform proposal not supported\(t.map { " {\($0)}" } ?? "")"; tone = .bad
            case let .proposalInvalidated(code): text = "IPsec policy invalidated proposal with error \(code)"; tone = .bad
            case .phase2NotAcceptable: text = "phase 2 SA policy not acceptable"; tone = .bad
            case let .notify(sent, type, _):
                if type == "INITIAL_CONTACT" { continue }
                text = sent ? "sent NOTIFY \(type)" : "received NOTIFY \(type)"
                if type.contains("NOT_CHOSEN") || type.contains("INVALID") { tone = .bad }
            case let .unauthenticatedNotify(state):
                // (Both lines of one notify: the row once, from the line that names the state.)
                guard let state else { continue }
                text = "received a notify without hash in \(state): rejected"
                tone = .bad
            case let .nodeDeleted(m, reason, error):
                guard error else { continue }
                text = "node \(m) deleted: \(reason)"
                tone = .bad
            case let .saDeleted(reason, _, _):
                text = "SA deleted: \(reason)"
                tone = reason.contains("Death") ? .bad : .plain
            case let .noPreSharedKey(p): text = "no pre-shared key for \(p ?? "the peer")"; tone = .bad
            case .noOffersAccepted: text = "no offers accepted"; tone = .bad
            case let .initFailed(t): text = t; tone = .bad
            case let .lifetime(sec, responder): text = responder ? "peer set the IKE lifetime to \(sec) s" : "lifetime \(sec) s"
            case let .weakAlgorithm(t): text = t; tone = .bad
            case let .natDetected(t): text = "NAT: \(t)"
            case .natHashMismatch: text = "NAT: the peer is behind NAT (neither NAT-D hash matched)"
            case let .operatorClear(command): text = "operator typed `\(command)`"
            case let .nhrpEndpoint(vpn, nbma): text = "NHRP (DMVPN): \(nbma) is the NBMA address of \(vpn.map { "tunnel address \($0)" } ?? "a tunnel endpoint")"
            case let .peerNotResponding(p, a, m):
                if let a { text = "DPD: R_U_THERE unanswered (\(a)\(m.map { "/\($0)" } ?? ""))" } else if let p { text = "peer \(p) not responding (DPD gave up)" } else { text = "maximum number of retransmissions reached" }
                tone = .bad
            case let .v2Packet(sent, peer, _, exchange, request, m, payloads):
                let dir = sent ? "sent" : "received"
                let kind = request.map { $0 ? " request" : " response" } ?? ""
                var t = "\(dir) \(exchange ?? "packet")\(kind)\(m.map { " #\($0)" } ?? "") \(sent ? "to" : "from") \(peer ?? "?")"
                if let payloads { t += ": \(payloads)" }
                if sent, request == false, exchange == "IKE_SA_INIT", (payloads ?? "").contains("INVALID_KE_PAYLOAD") {
                    t += " (asks for another DH group: the initiator retries)"
                }
                text = t
                if (payloads ?? "").contains("NO_PROPOSAL_CHOSEN") || (payloads ?? "").contains("AUTHENTICATION_FAILED") || (payloads ?? "").contains("TS_UNACCEPTABLE") { tone = .bad }
            case let .v2IdentitySearch(id, type): text = "looking up a profile for identity '\(id)'\(type.map { " (\($0))" } ?? "")"
            case let .v2ProfileMatched(p): text = "IKEv2 profile \(p) matched"
            case let .v2ProfileNotFound(t), let .v2LookupFailed(t): text = t; tone = .bad
            case let .v2KeyringKey(k): text = "pre-shared key from keyring \(k)"
            case let .v2AuthResult(ok):
                text = ok ? "peer's authentication data verified" : "peer's authentication data FAILED"
                tone = ok ? .good : .bad
            case let .v2CertFailed(t): text = t; tone = .bad
            case .v2PeerIDCheckFailed: text = "peer ID check failed"; tone = .bad
            case let .v2Failure(t): text = t; tone = .bad
            // (`IKEV2 SA created` then `Session with IKE ID PAIR (…) is UP`: two steps, not the same one twice.)
            case let .v2SessionUp(local, remote): text = local == nil && remote == nil ? "IKE SA created" : "IKE SA up"; tone = .good
            case .v2Deleting: text = "IKE SA deleted"
            default: continue
            }
            guard let t = text else { continue }
            rows.append(Row(stamp: e.stamp, line: e.firstLine, text: t, tone: tone))
            if case .retransmit = e.kind { lastRetransmit = rows.count - 1 } else { lastRetransmit = nil }
        }
        return collapseRepeats(rows)
    }

    /// A block of rows repeated back to back (the peer retransmitting MM5 and
    /// the router failing it the same way each time) is shown once, then counted.
    static func collapseRepeats(_ rows: [Row]) -> [Row] {
        var out: [Row] = []
        var i = 0
        while i < rows.count {
            var collapsed = false
            for period in 1...min(12, max(1, (rows.count - i) / 2)) where i + 2 * period <= rows.count {
                func same(_ a: Int, _ b: Int) -> Bool {
                    (0..<period).allSatisfy { rows[a + $0].text == rows[b + $0].text }
                }
                guard same(i, i + period) else { continue }
                var repeats = 1
                while i + (repeats + 1) * period <= rows.count, same(i, i + repeats * period) { repeats += 1 }
                if period == 1 && repeats < 3 { continue }
                out += rows[i..<(i + period)]
                let last = rows[i + repeats * period - 1]
                let first = rows[i + period]
                out.append(Row(stamp: first.stamp, line: first.line,
                               text: "… the \(period == 1 ? "same row" : "same \(period) rows") again \(repeats - 1) time\(repeats == 2 ? "" : "s"), to line \(last.line)",
                               tone: .plain))
                i += repeats * period
                collapsed = true
                break
            }
            if !collapsed {
                out.append(rows[i])
                i += 1
            }
        }
        return out
    }
}


import Foundation
