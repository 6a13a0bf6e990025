extension Event {
    /// The event as one JSON object (an NDJSON line of `ikelens events`).
    public func json(file: String) -> JSON {
        var o: [String: JSON] = [
            "kind": .string(kind.name),
            "facility": .string(facility.rawValue),
            "file": .string(file),
            "line": .int(firstLine),
            "lastLine": .int(lastLine),
            "connId": .num(connId),
            "time": .str(stamp?.text),
        ]
        if !text.isEmpty { o["text"] = .string(text) }
        var f: [String: JSON] = [:]
        switch kind {
        case let .fsmInput(node, input): f = ["node": .num(node.map(Int.init)), "input": .string(input)]
        case let .stateChange(from, to): f = ["from": .string(from), "to": .string(to)]
        case let .fsmError(code): f = ["code": .int(code)]
        case let .packetSent(peer, lp, pp, role, label):
            f = ["peer": .string(peer), "localPort": .num(lp), "peerPort": .num(pp), "role": .str(role), "label": .string(label)]
        case let .packetReceived(peer, lp, pp, role, label, vrf):
            f = ["peer": .string(peer), "localPort": .num(lp), "peerPort": .num(pp), "role": .str(role), "label": .string(label)]
            if let vrf { f["vrf"] = .string(vrf) }
        case let .retransmit(label, attempt, maxAttempts, phase):
            f = ["label": .str(label), "attempt": .num(attempt), "maxAttempts": .num(maxAttempts), "phase": .num(phase)]
        case let .saRequest(profile): f = ["profile": .str(profile)]
        case let .peerStruct(peer, port): f = ["peer": .string(peer), "port": .num(port)]
        case let .payload(name, m): f = ["payload": .string(name), "messageId": .int(Int(m))]
        case let .keyringKey(k): f = ["keyring": .string(k)]
        case let .pskMatched(p): f = ["peer": .string(p)]
        case let .keyLookup(p, k, found): f = ["peer": .string(p), "keyring": .string(k), "found": .bool(found)]
        case let .keySelected(a, m, final): f = ["address": .string(a), "mask": .string(m), "final": .bool(final)]
        case let .noPreSharedKey(p): f = ["peer": .str(p)]
        case let .profileMatch(p): f = ["profile": .str(p)]
        case let .idPayload(t, a, p, port): f = ["idType": .num(t), "address": .str(a), "protocol": .num(p), "port": .num(port)]
        case let .idField(n, v): f = ["name": .string(n), "value": .string(v)]
        case let .authStatus(ok, p): f = ["authenticated": .bool(ok), "peer": .str(p)]
        case let .badMessage(p): f = ["peer": .str(p)]
        case let .transformCheck(t, p): f = ["transform": .num(t), "policy": .num(p)]
        case let .attribute(n, v): f = ["name": .string(n), "value": .string(v)]
        case let .attsAcceptable(ok): f = ["acceptable": .bool(ok)]
        case let .policyMismatch(a): f = ["attribute": .string(a)]
        case let .phase1NotAcceptable(l, r), let .phase2NotAcceptable(l, r): f = ["local": .str(l), "remote": .str(r)]
        case let .quickModeBegin(m), let .newNode(m): f = ["messageId": .int(Int(m))]
        case let .ipsecProposalCheck(p): f = ["proposal": .num(p)]
        case let .ipsecRequest(fn, l, r, lp, rp, t, seconds, kb):
            f = ["function": .string(fn), "local": .str(l), "remote": .str(r), "localProxy": .str(lp), "remoteProxy": .str(rp), "transform": .str(t)]
            if let seconds { f["lifetimeSeconds"] = .int(seconds) }
            if let kb { f["lifetimeKB"] = .int(kb) }
        case let .transformNotSupported(t): f = ["transform": .str(t)]
        case let .invalidLocalAddress(a): f = ["address": .str(a)]
        case let .endpoints(l, r): f = ["local": .str(l), "remote": .str(r)]
        case let .proposalInvalidated(e): f = ["error": .int(e)]
        case let .notify(sent, type, p): f = ["sent": .bool(sent), "type": .string(type), "protocol": .num(p)]
        case let .nodeDeleted(m, reason, error): f = ["messageId": .int(Int(m)), "reason": .string(reason), "error": .bool(error)]
        case let .saDeleted(reason, state, peer): f = ["reason": .string(reason), "state": .str(state), "peer": .str(peer)]
        case let .natDetected(t): f = ["detail": .string(t)]
        case let .operatorClear(command): f = ["command": .string(command)]
        case let .pingResult(received, sent): f = ["received": .int(received), "sent": .int(sent)]
        case let .nhrpEndpoint(vpn, nbma): f = ["vpn": .str(vpn), "nbma": .string(nbma)]
        case let .peerNotResponding(p, a, m): f = ["peer": .str(p), "attempt": .num(a), "maxAttempts": .num(m)]
        case let .syslog(m, p): f = ["mnemonic": .string(m), "peer": .str(p)]
        case let .initFailed(t), let .weakAlgorithm(t), let .v2ProfileNotFound(t), let .v2LookupFailed(t), let .v2CertFailed(t), let .v2Failure(t):
            f = ["detail": .string(t)]
        case let .lifetime(sec, responder): f = ["seconds": .int(sec), "responder": .bool(responder)]
        case let .v2Packet(sent, peer, local, exchange, request, m, payloads):
            f = ["sent": .bool(sent), "peer": .str(peer), "local": .str(local), "exchange": .str(exchange),
                 "request": request.map(JSON.bool) ?? .null, "messageId": .num(m), "payloads": .str(payloads)]
        case let .v2State(state, ev): f = ["state": .string(state), "event": .string(ev)]
        case let .unauthenticatedNotify(state): f = ["state": .str(state)]
        case let .v2IdentitySearch(id, type): f = ["identity": .string(id), "type": .str(type)]
        case let .v2ProfileMatched(p): f = ["profile": .string(p)]
        case let .v2KeyringKey(k): f = ["keyring": .string(k)]
        case let .v2PeerBlock(n): f = ["peerBlock": .string(n)]
        case let .v2PSKLookup(id, found): f = ["identity": .string(id), "found": found.map(JSON.bool) ?? .null]
        case let .v2AuthResult(ok): f = ["passed": .bool(ok)]
        case let .v2AuthMethod(peer, method): f = ["side": .string(peer ? "peer" : "local"), "method": .string(method)]
        case let .v2SessionUp(l, r): f = ["local": .str(l), "remote": .str(r)]
        case let .v2ChildProposal(t): f = ["transforms": .string(t)]
        case let .v2ChildRekey(ke): f = ["ke": .bool(ke)]
        case .duplicatePacket, .mainModeBegin, .aggressiveModeBegin, .keyNotInProfileKeyrings, .reservedNotZero,
             .mapProfileMismatch, .mapNotFound, .proxyNotSupported, .other, .unrecognized, .noOffersAccepted,
             .v2PeerIDCheckFailed, .v2Deleting, .natHashMismatch:
            break
        }
        if !f.isEmpty { o["fields"] = .object(f) }
        return .object(o)
    }
}
