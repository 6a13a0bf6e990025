/// Turns one `Record` into one `Event`: recognizes the facility prefix
/// (`ISAKMP:(N):`, `ISAKMP (0:N):`, `ISAKMP-PAK: (N):`, `IPSEC(fn):`,
/// `%FAC-SEV-MNEMONIC:` …), then dispatches on the message's first bytes to a
/// small parser per line kind. Works on bytes; makes `String`s only for the
/// fields an event keeps.
public struct EventParser {
    /// Keep the text of every event, not only of those the analysis cites.
    public var keepAllText: Bool

    public init(keepAllText: Bool = false) {
        self.keepAllText = keepAllText
    }

    public func parse(_ record: Record) -> Event {
        record.text.withUnsafeBufferPointer { buf in
            parse(record, buf)
        }
    }

    /// The event without its text, and whether `parse(_:)` would have kept the
    /// text (the caller makes it, possibly on another thread: `Record.displayText(of:)`).
    /// (Whether it keeps its text in `needsText`: an event in a tuple is copied on its way out.)
    func parseWithoutText(_ record: Record, _ buf: UnsafeBufferPointer<UInt8>, needsText: inout Bool) -> Event {
        if record.isOrphan {
            needsText = true
            return Event(kind: .unrecognized, facility: .none, connId: nil, firstLine: record.firstLine,
                         lastLine: record.lastLine, stamp: record.stamp, text: "")
        }
        var facility = Facility.none
        var connId: Int?
        let kind = Self.classify(record, buf, facility: &facility, connId: &connId)
        needsText = keepAllText || Self.keepsText(kind) && !Self.textIsRebuilt(kind, connId, buf)
        return Event(kind: kind, facility: facility, connId: connId, firstLine: record.firstLine, lastLine: record.lastLine,
                     stamp: record.stamp, text: "")
    }

    private func parse(_ record: Record, _ buf: UnsafeBufferPointer<UInt8>) -> Event {
        // The event is built once, at the end: no copy of a half-made event.
        if record.isOrphan {
            return Event(kind: .unrecognized, facility: .none, connId: nil, firstLine: record.firstLine,
                         lastLine: record.lastLine, stamp: record.stamp, text: record.displayText)
        }
        var facility = Facility.none
        var connId: Int?
        let kind = Self.classify(record, buf, facility: &facility, connId: &connId)
        let needsText = keepAllText || Self.keepsText(kind) && !Self.textIsRebuilt(kind, connId, buf)
        let text = needsText ? record.text.withUnsafeBufferPointer {
            Record.displayText(of: $0, configuration: record.mayHoldConfiguration(facility: facility))
        } : ""
        return Event(kind: kind, facility: facility, connId: connId, firstLine: record.firstLine, lastLine: record.lastLine,
                     stamp: record.stamp, text: text)
    }

    /// Whether the record is exactly what `Event.evidenceText` rebuilds from the event,
    /// so the event need not keep its text: a state change as IOS prints it,
    /// `ISAKMP:(N):Old State = X  New State = Y ` (a tenth of a busy log's lines), a packet
    /// sent or received as IOS 15 prints it (`ISAKMP:(N): sending packet to A my_port P peer_port P
    /// (R) MM_KEY_EXCH`, `ISAKMP (N): received packet from A dport P sport P Global (R) QM_IDLE `;
    /// another tenth), with a label of `Event.rebuiltLabelPadding`, and five other frequent lines.
    ///
    /// Checked on the bytes alone, no `String` compared: the numbers against the event's, the
    /// words by their shape, which is what the parsers above read them by (a state name is the
    /// run of `stateName`'s bytes after one space; an address, a run of digits and dots that
    /// ends in a digit, is read whole by `address` and kept as it is, as an IPv4 address; a label,
    /// one of IOS's, is its literal from `Tokens`). So the event's fields are the line's words,
    /// and nothing in the line is a secret's mask's.
    static func textIsRebuilt(_ kind: EventKind, _ connId: Int?, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let connId else { return false }
        var m = ByteCursor(buf)
        switch kind {
        case .stateChange:
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("):Old State = "), m.skipStateName(),
                  m.skip("  New State = "), m.skipStateName(), m.skip(ASCII.space) else { return false }
        case let .packetSent(_, localPort?, peerPort?, _?, _):
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("): sending packet to "), m.skipIPv4(), m.skip(" my_port "),
                  m.skipDecimal(localPort), m.skip(" peer_port "), m.skipDecimal(peerPort), m.skip(" ("), m.skipRole(), m.skip(") "),
                  m.skipRebuiltLabel() else { return false }
        case let .packetReceived(_, localPort?, peerPort?, _?, _, nil):
            guard m.skip("ISAKMP ("), m.skipDecimal(connId), m.skip("): received packet from "), m.skipIPv4(), m.skip(" dport "),
                  m.skipDecimal(localPort), m.skip(" sport "), m.skipDecimal(peerPort), m.skip(" Global ("), m.skipRole(), m.skip(") "),
                  m.skipRebuiltLabel() else { return false }
        // (`evidenceText`'s own lines for these: `ISAKMP:(N):` and the message as IOS prints it.)
        case let .transformCheck(transform?, policy?):
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("):Checking ISAKMP transform "), m.skipDecimal(transform),
                  m.skip(" against priority "), m.skipDecimal(policy), m.skip(" policy") else { return false }
        case .attsAcceptable(true):
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("):atts are acceptable.") else { return false }
        case .pskMatched:
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("):found peer pre-shared key matching "), m.skipIPv4() else { return false }
        case let .lifetime(seconds, false):
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("):Returning Actual lifetime: "), m.skipDecimal(seconds) else { return false }
        case .authStatus(true, _?):
            guard m.skip("ISAKMP:("), m.skipDecimal(connId), m.skip("):SA has been authenticated with "), m.skipIPv4() else { return false }
        default:
            return false
        }
        return m.atEnd
    }

    private static func classify(_ record: Record, _ buf: UnsafeBufferPointer<UInt8>,
                                 facility: inout Facility, connId: inout Int?) -> EventKind {
        var c = ByteCursor(buf, from: 0, to: record.headEnd)
        if Self.startsWithISAKMP(c) {
            facility = .isakmp
            connId = isakmpPrefix(&c)
            return isakmpMessage(c, buf, record)
        }
        if c.startsWith("IPSEC") || c.startsWith("IPSec") {
            facility = .ipsec
            return ipsecMessage(c, buf, record)
        }
        if c.peek == UInt8(ascii: "%") {
            facility = .syslog
            return syslogMessage(c)
        }
        if c.startsWith("map_db_") || c.startsWith("Crypto mapdb") || c.startsWith("(ipsec_") {
            facility = .cryptoMap
            if c.startsWith("map_db_check_isakmp_profile") && ByteSearch.contains("did not match", in: buf, from: c.pos, to: c.end) {
                return .mapProfileMismatch
            }
            if c.startsWith("map_db_find_best") && ByteSearch.contains("did not find", in: buf, from: c.pos, to: c.end) {
                return .mapNotFound
            }
            return .other
        }
        if c.startsWith("IKEv2") {
            facility = .ikev2
            connId = ikev2Prefix(&c)
            return ikev2Message(c, buf)
        }
        if c.startsWith("CRYPTO") || c.startsWith("Crypto") || c.startsWith("IKE") {
            facility = .crypto
            if c.startsWith("CRYPTO_PKI"), ByteSearch.contains("No suitable trustpoints", in: buf, from: c.pos, to: c.end)
                || ByteSearch.contains("No trust point for cert issuer", in: buf, from: c.pos, to: c.end) {
                return .v2CertFailed(text: rest(c))
            }
            return .other
        }
        if c.startsWith("NHRP") || c.startsWith("src: ") && ByteSearch.contains(", dst: ", in: buf, from: c.pos, to: c.end) {
            // (A resolution request's addresses, `src: 172.16.0.11, dst: 10.20.2.1`, are a line of their own.)
            facility = .nhrp
            return nhrpMessage(c)
        }
        if record.isPingSummary {
            // `Success rate is 100 percent (5/5), round-trip min/avg/max = 28/30/36 ms`.
            var d = c
            if d.skipPast("("), let received = d.readInt(), d.skip(UInt8(ascii: "/")), let sent = d.readInt() {
                return .pingResult(received: received, sent: sent)
            }
            return .unrecognized
        }
        if record.isOperatorCommand {
            // (`R1#clear crypto session`, `R1(config)#do clear cry isa`: the command after the prompt.)
            var d = ByteCursor(buf, from: 0, to: record.headEnd)
            _ = d.skipPast("#")
            d.skipSpaces()
            if d.skip("do ") { d.skipSpaces() }
            return .operatorClear(command: rest(d))
        }
        return .unrecognized
    }

    /// High-volume kinds that no finding cites verbatim skip the text (a `String`
    /// per line is the parser's main cost); `Event.evidenceText` rebuilds it.
    static func keepsText(_ kind: EventKind) -> Bool {
        switch kind {
        case .other, .fsmInput, .payload, .newNode, .ipsecProposalCheck, .idField, .v2State, .peerStruct, .mainModeBegin:
            return false
        case let .attribute(name, _):
            return name == "pfs-group"
        case .transformCheck:
            return true
        default:
            return true
        }
    }

    // MARK: - Prefixes

    /// `c.startsWith("ISAKMP")`, by two loads (nearly every line of a debug log asks).
    @inline(__always) static func startsWithISAKMP(_ c: ByteCursor) -> Bool {
        guard c.end - c.pos >= 6, let base = c.buf.baseAddress else { return false }
        let raw = UnsafeRawPointer(base + c.pos)
        // ("ISAK" and "MP", little-endian.)
        return raw.loadUnaligned(as: UInt32.self) == 0x4B41_5349 && raw.loadUnaligned(fromByteOffset: 4, as: UInt16.self) == 0x504D
    }

    /// Consumes `ISAKMP[-XXX][ ]:[ ](N | 0:N)[:]…`; returns the conn-id if printed.
    static func isakmpPrefix(_ c: inout ByteCursor) -> Int? {
        if startsWithISAKMP(c) { c.pos += 6 }
        // Most lines: `:(N)` or ` (N)`, N plain digits; read at once (then as below from the `)`).
        if c.end - c.pos >= 4, let base = c.buf.baseAddress,
           base[c.pos + 1] == ASCII.lparen, base[c.pos] == ASCII.colon || base[c.pos] == ASCII.space {
            var k = c.pos + 2
            var v = 0
            while k < c.end, k - c.pos - 2 < 18, ASCII.isDigit(base[k]) {
                v = v &* 10 &+ Int(base[k] &- 0x30)
                k += 1
            }
            if k > c.pos + 2, k < c.end, base[k] == ASCII.rparen {
                c.pos = k + 1
                isakmpPrefixTail(&c)
                return v
            }
        }
        if c.peek == ASCII.minus {
            c.pos += 1
            while let b = c.peek, ASCII.isUpper(b) || ASCII.isLower(b) { c.pos += 1 }
        }
        c.skipSpaces()
        _ = c.skip(ASCII.colon)
        c.skipSpaces()
        var conn: Int?
        if c.peek == ASCII.lparen {
            var d = c
            d.pos += 1
            // `(N)`, `(0:N)`, 12.4's `(0:N:SW:1)` (engine and slot after the conn-id).
            if let a = d.readInt() {
                var value = a
                if d.skip(ASCII.colon), let b = d.readInt() {
                    value = b
                    while d.skip(ASCII.colon) {
                        while let x = d.peek, ASCII.isAlnum(x) || x == UInt8(ascii: "/") { d.pos += 1 }
                    }
                }
                if d.skip(ASCII.rparen) {
                    conn = value
                    c = d
                }
            }
        }
        isakmpPrefixTail(&c)
        return conn
    }

    /// After the conn-id: `):`, `)::`, and XE's second id `(65514):`.
    @inline(__always) private static func isakmpPrefixTail(_ c: inout ByteCursor) {
        while let b = c.peek, b == ASCII.colon || ASCII.isSpace(b) { c.pos += 1 }
        if c.peek == ASCII.lparen {
            var d = c
            d.pos += 1
            if d.readInt() != nil, d.skip(ASCII.rparen), d.skip(ASCII.colon) {
                c = d
                c.skipSpaces()
            }
        }
    }

    // MARK: - ISAKMP messages

    static func isakmpMessage(_ c0: ByteCursor, _ buf: UnsafeBufferPointer<UInt8>, _ record: Record) -> EventKind {
        var c = c0
        c.skipSpaces()
        guard let first = c.peek else { return .other }
        switch first {
        case UInt8(ascii: "O"):
            if c.skip("Old State =") { return stateChange(c) }
        case UInt8(ascii: "N"):
            if c.skip("Node ") {
                guard let node = c.readInt() else { return .other }
                _ = c.skip(ASCII.comma)
                c.skipSpaces()
                if c.skip("Input =") { c.skipSpaces(); return .fsmInput(node: mid(node), input: fsmEvent(c)) }
                return .other
            }
            if c.skip("No pre-shared key with ") {
                return .noPreSharedKey(peer: address(&c))
            }
            if c.startsWith("No Cert or pre-shared address key") { return .noPreSharedKey(peer: nil) }
            if c.startsWith("NAT found") { return .natDetected(text: rest(c)) }
            if c.startsWith("Notify has no hash") { return .unauthenticatedNotify(state: nil) }
        case UInt8(ascii: "U"):
            // `Unknown Input IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY: state = IKE_I_MM1`: the notify's FSM side.
            if c.skip("Unknown Input "), ByteSearch.contains("IKE_INFO_NOTIFY", in: buf, from: c.pos, to: c.end) {
                var state: String?
                if c.skipPast("state = ") { state = stateName(&c) }
                return .unauthenticatedNotify(state: state)
            }
        case UInt8(ascii: "I"):
            if c.skip("Input =") { c.skipSpaces(); return .fsmInput(node: nil, input: fsmEvent(c)) }
            if c.skip("ID payload") { return idPayload(buf, record) }
            if c.skip("IPsec policy invalidated proposal with error") || c.skip("IPSec policy invalidated proposal with error") {
                c.skipSpaces()
                return .proposalInvalidated(error: c.readInt() ?? -1)
            }
            if c.skip("ISAKMP: Selecting ") || c.skip("ISAKMP:Selecting ") { return keySelected(c) }
        case UInt8(ascii: "s"):
            if c.skip("sending packet to ") { return packet(c, sent: true) }
            if c.skip("set new node ") {
                guard let n = c.readInt() else { return .other }
                return .newNode(messageID: mid(n))
            }
            if c.startsWith("speaking to") { return .other }
        case UInt8(ascii: "r"):
            if c.skip("received packet from ") { return packet(c, sent: false) }
            if c.skip("retransmitting phase ") {
                let phase = c.readInt()
                c.skipSpaces()
                var label: String?
                if let w = c.readWord() { label = c.string(w) }
                return .retransmit(label: label, attempt: nil, maxAttempts: nil, phase: phase)
            }
            if c.skip("retransmitting due to retransmit phase ") {
                return .retransmit(label: nil, attempt: nil, maxAttempts: nil, phase: c.readInt())
            }
            if c.startsWith("reserved not zero") { return .reservedNotZero }
        case UInt8(ascii: "i"):
            if c.skip("incrementing error counter on sa, attempt ") || c.skip("incrementing error counter on node, attempt ") {
                let a = c.readInt()
                c.skipSpaces()
                var m: Int?
                if c.skip("of ") { m = c.readInt() }
                var phase: Int?
                if c.skipPast("retransmit phase ") || c.skipPast("retrans phase ") { phase = c.readInt() }
                return .retransmit(label: nil, attempt: a, maxAttempts: m, phase: phase)
            }
        case UInt8(ascii: "S"):
            if c.startsWith("SA has outstanding requests") { return Self.endpoints(c) }
            if c.skip("SA request profile is ") {
                guard let t = c.readToken() else { return .saRequest(profile: nil) }
                let name = c.string(t)
                return .saRequest(profile: name == "(NULL)" ? nil : name)
            }
            if c.skip("SA authentication status:") {
                let text = ByteCursor(buf, from: c.pos, to: buf.count)
                let ok = ByteSearch.contains("authenticated", in: buf, from: text.pos)
                    && !ByteSearch.contains("not authenticated", in: buf, from: text.pos)
                    && !ByteSearch.contains("unauthenticated", in: buf, from: text.pos)
                return .authStatus(authenticated: ok, peer: nil)
            }
            if c.skip("SA has been authenticated with ") { return .authStatus(authenticated: true, peer: address(&c)) }
            if c.skip("Sending NOTIFY ") { return notify(c, sent: true) }
            if c.startsWith("SA is doing") { return .other }
        case UInt8(ascii: "p"):
            if c.skip("processing NOTIFY ") { return notify(c, sent: false) }
            if c.skip("processing ") {
                guard let w = c.readWord() else { return .other }
                let name = c.string(w)
                c.skipSpaces()
                guard c.skip("payload") else { return .other }
                var m: MessageID = 0
                // (`message ID= N`, `message ID =N`: a line wrapped at the `=` and joined.)
                if c.skipPast("message ID") {
                    c.skipSpaces()
                    if c.skip(UInt8(ascii: "=")) {
                        c.skipSpaces()
                        if let v = c.readInt() { m = mid(v) }
                    }
                }
                return .payload(name: name, messageID: m)
            }
            if c.skip("peer matches ") {
                if c.startsWith("*none*") { return .profileMatch(profile: nil) }
                guard let t = c.readToken() else { return .other }
                return .profileMatch(profile: c.string(t))
            }
            if c.skip("phase 2 SA policy not acceptable!") { return .phase2NotAcceptable(local: localRemote(c).0, remote: localRemote(c).1) }
            if c.skip("phase 1 SA policy not acceptable!") { return .phase1NotAcceptable(local: localRemote(c).0, remote: localRemote(c).1) }
            if c.startsWith("phase 1 packet is a duplicate") { return .duplicatePacket }
        case UInt8(ascii: "F"):
            if c.skip("Found ADDRESS key in keyring ") {
                guard let t = c.readToken() else { return .other }
                return .keyringKey(keyring: c.string(t))
            }
            if c.skip("Found a peer struct for ") { return peerStruct(c) }
            if c.skip("FSM action returned error:") {
                c.skipSpaces()
                return .fsmError(code: c.readInt() ?? -1)
            }
        case UInt8(ascii: "C"):
            if c.skip("Created a peer struct for ") { return peerStruct(c) }
            if c.skip("Checking ISAKMP transform ") {
                let t = c.readInt()
                var p: Int?
                if c.skipPast("priority ") { p = c.readInt() }
                return .transformCheck(transform: t, policy: p)
            }
            if c.skip("Checking IPsec proposal ") || c.skip("Checking IPSec proposal ") {
                return .ipsecProposalCheck(proposal: c.readInt())
            }
        case UInt8(ascii: "f"):
            if c.skip("found peer pre-shared key matching ") {
                guard let a = address(&c) else { return .other }
                return .pskMatched(peer: a)
            }
        case UInt8(ascii: "k"):
            if c.skip("key for ") {
                guard let a = address(&c) else { return .other }
                c.skipSpaces()
                let found: Bool
                if c.skip("found in ") { found = true } else if c.skip("not available in ") { found = false } else { return .other }
                guard let t = c.readToken() else { return .other }
                return .keyLookup(peer: a, keyring: c.string(t), found: found)
            }
        case UInt8(ascii: "K"):
            if c.startsWith("Key not found in keyrings of profile") { return .keyNotInProfileKeyrings }
        case UInt8(ascii: "b"):
            if c.skip("beginning Main Mode exchange") { return .mainModeBegin }
            if c.skip("beginning Aggressive Mode exchange") { return .aggressiveModeBegin }
            if c.skip("beginning Quick Mode exchange") {
                if c.skipPast("M-ID of "), let v = c.readInt() { return .quickModeBegin(messageID: mid(v)) }
                return .other
            }
        case UInt8(ascii: "d"):
            if c.skip("deleting SA reason ") { return saDeleted(c) }
            if c.skip("deleting node ") {
                guard let n = c.readInt() else { return .other }
                c.skipSpaces()
                var err = false
                if c.skip("error ") { err = c.startsWith("TRUE") }
                var reason = ""
                if c.skipPast("reason \"") { reason = quoted(&c) }
                return .nodeDeleted(messageID: mid(n), reason: reason, error: err)
            }
        case UInt8(ascii: "a"):
            if c.skip("atts are acceptable") { return .attsAcceptable(true) }
            if c.skip("atts are not acceptable") { return .attsAcceptable(false) }
            if c.startsWith("address") { return idField(c) }
        case UInt8(ascii: "E"):
            if c.startsWith("Encryption algorithm offered does not match policy") { return .policyMismatch(attribute: "encryption") }
        case UInt8(ascii: "H"):
            if c.startsWith("Hash algorithm offered does not match policy") { return .policyMismatch(attribute: "hash") }
        case UInt8(ascii: "D"):
            if c.startsWith("Diffie-Hellman group offered does not match policy") { return .policyMismatch(attribute: "group") }
        case UInt8(ascii: "A"):
            if c.startsWith("Authentication method offered does not match policy") { return .policyMismatch(attribute: "authentication") }
        case UInt8(ascii: "P"):
            if c.startsWith("Proposed key length does not match policy") { return .policyMismatch(attribute: "key-length") }
            // IOS prints it when it holds no pre-shared key for the peer (after `No pre-shared key
            // with …`): the sign of a missing key that survives when that line is lost.
            if c.startsWith("Preshared authentication offered but does not match policy") { return .noPreSharedKey(peer: nil) }
            if c.startsWith("Process initial contact") { return Self.endpoints(c) }
        default:
            break
        }
        if let k = miscMessage(c) { return k }
        if let attr = attribute(c) { return attr }
        if c.startsWith("next-payload") || c.startsWith("type ") || c.startsWith("protocol ") || c.startsWith("port ")
            || c.startsWith("length ") {
            return idField(c)
        }
        if c.startsWith("no pre-shared key based on hostname") {
            var d = c
            _ = d.skip("no pre-shared key based on hostname")
            d.skipSpaces()
            var name: String?
            if let t = d.readWord() { name = d.string(t) }
            return .noPreSharedKey(peer: name)
        }
        return .other
    }

    /// Messages found anywhere in the body (their position varies by release).
    static func miscMessage(_ c: ByteCursor) -> EventKind? {
        let b = c.buf, from = c.pos, to = c.end
        guard to > from else { return nil }
        switch b[from] {
        case UInt8(ascii: "n"):
            if c.startsWith("no offers accepted") { return .noOffersAccepted }
        case UInt8(ascii: "p"):
            // `peer 203.0.113.2 not responding!`: dead-peer detection gave up.
            if c.startsWith("peer "), ByteSearch.contains("not responding", in: b, from: from, to: to) {
                var d = c
                _ = d.skip("peer ")
                return .peerNotResponding(peer: address(&d), attempt: nil, maxAttempts: nil)
            }
        case UInt8(ascii: "c"):
            if c.startsWith("construct_initial_message") { return .initFailed(text: rest(c)) }
        case UInt8(ascii: "E"):
            if c.startsWith("Error while processing") { return .initFailed(text: rest(c)) }
            if c.startsWith("Either") && ByteSearch.contains("CSDL", in: b, from: from, to: to) { return .weakAlgorithm(text: rest(c)) }
        case UInt8(ascii: "R"):
            if c.startsWith("Returning Actual lifetime:") {
                var d = c
                _ = d.skip("Returning Actual lifetime:")
                d.skipSpaces()
                if let v = d.readInt() { return .lifetime(seconds: v, responder: false) }
            }
        case UInt8(ascii: "r"):
            if c.startsWith("restart ike sa timer to ") {
                var d = c
                _ = d.skip("restart ike sa timer to ")
                if let v = d.readInt() { return .lifetime(seconds: v, responder: true) }
            }
        case UInt8(ascii: "M"), UInt8(ascii: "H"):
            if ByteSearch.contains("hash no match", in: b, from: from, to: to) {
                if ByteSearch.contains("inside NAT", in: b, from: from, to: to) { return .natDetected(text: rest(c)) }
                // (One NAT-D hash of two: IOS prints it without NAT too, then `No NAT Found`.)
                if ByteSearch.contains("outside NAT", in: b, from: from, to: to) { return .natHashMismatch }
            }
        case UInt8(ascii: "D"):
            if c.startsWith("Detected port floating") { return .natDetected(text: rest(c)) }
            // `DPD incrementing error counter (2/5)`: an R_U_THERE went unanswered.
            if c.startsWith("DPD incrementing error counter") {
                var d = c
                _ = d.skipPast("(")
                let attempt = d.readInt()
                let maxAttempts = d.skip(UInt8(ascii: "/")) ? d.readInt() : nil
                return .peerNotResponding(peer: nil, attempt: attempt, maxAttempts: maxAttempts)
            }
        default:
            break
        }
        if notCSDLCompliant(b, from: from, to: to) { return .weakAlgorithm(text: rest(c)) }
        return nil
    }

    /// `ByteSearch.contains("not CSDL compliant", …)`, searched by `CSDL` (a line seldom has a
    /// capital C; every line has an `n`): this runs on most lines.
    static func notCSDLCompliant(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Bool {
        var i = from
        while let r = ByteSearch.find("CSDL compliant", in: b, from: i, to: to) {
            if r - from >= 4, b[r - 4] == UInt8(ascii: "n"), b[r - 3] == UInt8(ascii: "o"), b[r - 2] == UInt8(ascii: "t"),
               b[r - 1] == ASCII.space { return true }
            i = r + 1
        }
        return false
    }

    /// `IKE_MESG_FROM_PEER, IKE_MM_EXCH` → `IKE_MM_EXCH`: the event; the source
    /// (peer, internal, IPsec) is implied by it and a short string costs no allocation.
    static func fsmEvent(_ c0: ByteCursor) -> String {
        var c = c0
        if c.skipPast(",") { c.skipSpaces() }
        return rest(c)
    }

    static func mid(_ v: Int) -> MessageID {
        MessageID(truncatingIfNeeded: v)
    }

    /// The rest of the head line, trimmed.
    static func rest(_ c: ByteCursor) -> String {
        var e = c.end
        while e > c.pos, ASCII.isSpace(c.buf[e - 1]) { e -= 1 }
        guard e > c.pos else { return "" }
        // (A word IOS repeats, `IKE_MM_EXCH`, `AES-CBC`: nothing in it to mask.)
        if let w = Tokens.known(c.buf, c.pos, e) { return w }
        // Free text reaches the events' fields: a glued configuration secret is masked.
        let text = c.string((c.pos, e))
        return SecretMasker.mayCarrySecret(UnsafeBufferPointer(rebasing: c.buf[c.pos..<e])) ? SecretMasker.maskLog(text) : text
    }

    /// The two ends a line names: `local A`, `remote B` (after `local address`, `(local`, `with local`).
    static func endpoints(_ c0: ByteCursor) -> EventKind {
        var c = c0
        var local: String?, remote: String?
        if c.skipPast("local address ") || c.skipPast("local ") { local = address(&c) }
        if c.skipPast("remote ") { remote = address(&c) }
        return local == nil && remote == nil ? .other : .endpoints(local: local, remote: remote)
    }

    static func address(_ c: inout ByteCursor) -> String? {
        c.skipSpaces()
        // (`198[.]51[.]100[.]41`, defanged by a ticket or a mail, reads as the address.)
        guard let r = c.readAddress() else { return c.readDefangedAddress().map(IPv6.canonical) }
        // An IPv6 address in IOS's spelling, whichever the line used (`2001:db8::2`,
        // `2001:DB8:0:0:0:0:0:2`): the SAs compare peers as text.
        var k = r.0
        while k < r.1, c.buf[k] != ASCII.colon { k += 1 }
        if k < r.1, let a = IPv6.canonical(UnsafeBufferPointer(rebasing: c.buf[r.0..<r.1])) { return a }
        return c.string(r)
    }

    static func stateName(_ c: inout ByteCursor) -> String? {
        c.skipSpacesAndPingDots()
        let s = c.pos
        while let b = c.peek, ASCII.isUpper(b) || ASCII.isDigit(b) || b == UInt8(ascii: "_") { c.pos += 1 }
        return c.pos > s ? c.string((s, c.pos)) : nil
    }

    static func stateChange(_ c0: ByteCursor) -> EventKind {
        var c = c0
        guard let from = stateName(&c) else { return .other }
        c.skipSpacesAndPingDots()
        if c.pos >= c.end, c.end < c.buf.count {
            // (On the message's next line: a word wrap at the two blanks before `New State`.)
            c = c.nextLines
            c.skipBlanksAndLineEnds()
        }
        guard c.skip("New State =") else { return .other }
        guard let to = stateName(&c) else { return .other }
        return .stateChange(from: from, to: to)
    }

    /// `to 192.168.0.2 my_port 500 peer_port 500 (I) MM_NO_STATE` /
    /// `from 192.168.0.1 dport 500 sport 500 Global (R) MM_SA_SETUP` /
    /// 12.x `from 10.10.10.2 (N) NEW SA`.
    static func packet(_ c0: ByteCursor, sent: Bool) -> EventKind {
        var c = c0
        guard let peer = address(&c) else { return .other }
        var localPort: Int?
        var peerPort: Int?
        var role: String?
        var label = ""
        // Ports, in either naming, in any order: the first `my_port `, `peer_port `, `dport ` and
        // `sport ` after the address, found in one pass over the line's `port `s (each is one of
        // them, told by what comes before it), the values of `dport` and `sport` taking the place
        // of `my_port`'s and `peer_port`'s.
        var found: UInt8 = 0   // 1 my_port, 2 peer_port, 4 dport, 8 sport
        var ports: (my: Int?, peer: Int?, d: Int?) = (nil, nil, nil)
        var sportEnd = 0
        if let base = c.buf.baseAddress {
            var i = c.pos
            while found != 15, c.end - i >= 5, let hit = memchr(base + i, Int32(UInt8(ascii: "p")), c.end - i - 4) {
                let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                i = q + 1
                guard base[q + 1] == UInt8(ascii: "o"), base[q + 2] == UInt8(ascii: "r"), base[q + 3] == UInt8(ascii: "t"),
                      base[q + 4] == ASCII.space else { continue }
                @inline(__always) func after(_ prefix: StaticString) -> Bool {
                    let n = prefix.utf8CodeUnitCount
                    return q - n >= c.pos && memcmp(base + q - n, prefix.utf8Start, n) == 0
                }
                @inline(__always) func value() -> Int? {
                    var v = ByteCursor(c.buf, from: q + 5, to: c.end)
                    v.skipSpaces()
                    return v.readInt()
                }
                if found & 1 == 0, after("my_") { found |= 1; ports.my = value() }
                if found & 2 == 0, after("peer_") { found |= 2; ports.peer = value() }
                if found & 4 == 0, after("d") { found |= 4; ports.d = value() }
                if found & 8 == 0, after("s") { found |= 8; sportEnd = q + 5 }
            }
        }
        localPort = found & 4 != 0 ? ports.d : ports.my
        peerPort = ports.peer
        var vrf: String?
        if found & 8 != 0 {
            var d = ByteCursor(c.buf, from: sportEnd, to: c.end)
            d.skipSpaces()
            peerPort = d.readInt()
            // `sport 500 Global (R) …`, or the front-door VRF's name in its place.
            d.skipSpaces()
            if !sent, let b = d.peek, b != ASCII.lparen, !d.startsWith("Global"), let w = d.readToken(),
               w.1 - w.0 < 64, !c.buf[w.0..<w.1].contains(ASCII.lparen) {
                vrf = d.string(w)
            }
        }
        // Role in parentheses, then the label.
        var p = c.pos
        while p < c.end {
            // (From one `(` to the next.)
            guard let base = c.buf.baseAddress, let hit = memchr(base + p, Int32(ASCII.lparen), c.end - p) else { break }
            p = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if p + 2 < c.end, c.buf[p + 2] == ASCII.rparen,
               c.buf[p + 1] == UInt8(ascii: "I") || c.buf[p + 1] == UInt8(ascii: "R") || c.buf[p + 1] == UInt8(ascii: "N") {
                // (Literals: no `String` made per packet.)
                role = c.buf[p + 1] == UInt8(ascii: "I") ? "I" : c.buf[p + 1] == UInt8(ascii: "R") ? "R" : "N"
                var l = ByteCursor(c.buf, from: p + 3, to: c.end)
                // Labels are upper-case words (`MM_NO_STATE`, `NEW SA`); drop ping dots.
                l.skipSpaces()
                let s = l.pos
                while let b = l.peek, ASCII.isUpper(b) || b == UInt8(ascii: "_") || b == ASCII.space || ASCII.isDigit(b) { l.pos += 1 }
                var e = l.pos
                while e > s, c.buf[e - 1] == ASCII.space { e -= 1 }
                if e > s {
                    // (A label IOS prints on every SA, `QM_IDLE`, is a known word: nothing in it to mask.)
                    label = Tokens.known(c.buf, s, e) ?? SecretMasker.maskField(l.string((s, e)))
                } else {
                    label = rest(ByteCursor(c.buf, from: p + 3, to: c.end))
                }
                break
            }
            p += 1
        }
        if sent {
            return .packetSent(peer: peer, localPort: localPort, peerPort: peerPort, role: role, label: label)
        }
        return .packetReceived(peer: peer, localPort: localPort, peerPort: peerPort, role: role, label: label, vrf: vrf)
    }

    static func peerStruct(_ c0: ByteCursor) -> EventKind {
        var c = c0
        guard let peer = address(&c) else { return .other }
        var port: Int?
        if c.skipPast("peer port ") { port = c.readInt() }
        return .peerStruct(peer: peer, port: port)
    }

    /// `192.168.0.2,255.255.255.255 as final key`
    static func keySelected(_ c0: ByteCursor) -> EventKind {
        var c = c0
        guard let a = address(&c) else { return .other }
        _ = c.skip(ASCII.comma)
        let m = address(&c) ?? ""
        let final = ByteSearch.contains("final", in: c.buf, from: c.pos, to: c.end)
        return .keySelected(address: a, mask: m, final: final)
    }

    /// `… (local 192.168.0.2 remote 192.168.0.1)`
    static func localRemote(_ c0: ByteCursor) -> (String?, String?) {
        var c = c0
        var local: String?
        var remote: String?
        if c.skipPast("local ") { local = address(&c) }
        if c.skipPast("remote ") { remote = address(&c) }
        return (local, remote)
    }

    static func notify(_ c0: ByteCursor, sent: Bool) -> EventKind {
        var c = c0
        guard let w = c.readWord() else { return .other }
        let type = c.string(w)
        var proto: Int?
        if c.skipPast("protocol ") { proto = c.readInt() }
        return .notify(sent: sent, type: type, protocolNumber: proto)
    }

    /// `"Death by retransmission P1" state (I) MM_KEY_EXCH (peer 192.168.0.1)`
    static func saDeleted(_ c0: ByteCursor) -> EventKind {
        var c = c0
        var reason = ""
        if c.skip(ASCII.quote) { reason = quoted(&c) }
        var state: String?
        var d = c
        if d.skipPast("state ") {
            d.skipSpaces()
            if d.peek == ASCII.lparen { d.pos += 3 }
            d.skipSpaces()
            if let w = d.readWord() { state = d.string(w) }
        }
        var peer: String?
        if c.skipPast("(peer ") { peer = address(&c) }
        return .saDeleted(reason: reason, state: state, peer: peer)
    }

    /// The text up to the closing quote (a page's `&quot;` is one by then: `RecordAssembler`
    /// undoes HTML entities before a line is read).
    static func quoted(_ c: inout ByteCursor) -> String {
        let s = c.pos
        while let b = c.peek, b != ASCII.quote { c.pos += 1 }
        let r = c.string((s, c.pos))
        _ = c.skip(ASCII.quote)
        return r
    }

    /// The ID payload block: fields in the sub-lines (or joined onto the head).
    static func idPayload(_ buf: UnsafeBufferPointer<UInt8>, _ record: Record) -> EventKind {
        var type: Int?
        var addr: String?
        var proto: Int?
        var port: Int?
        // Every `name : value` pair after the head's "ID payload".
        var c = ByteCursor(buf, from: 0, to: buf.count)
        guard c.skipPast("ID payload") else { return .idPayload(type: nil, address: nil, protocolNumber: nil, port: nil) }
        while !c.atEnd {
            c.skipSpaces()
            if c.peek == ASCII.newline { c.pos += 1; continue }
            if c.skip("type") { if skipColon(&c) { type = c.readInt() }; continue }
            if c.skip("address") { if skipColon(&c) { addr = address(&c) }; continue }
            if c.skip("protocol") { if skipColon(&c) { proto = c.readInt() }; continue }
            if c.skip("port") { if skipColon(&c) { port = c.readInt() }; continue }
            // `FQDN name    : r2.example.com` (type 2), `USER FQDN : vpn@example.com` (type 3).
            // `group id     : EZGROUP` (type 11, an EzVPN client's group in aggressive mode).
            if c.skip("fqdn") || c.skip("hostname") || c.skip("FQDN name") || c.skip("USER FQDN") || c.skip("FQDN") || c.skip("group id") {
                if skipColon(&c) {
                    c.skipSpaces()
                    if let t = c.readToken() { addr = c.refangedString(t) }
                }
                continue
            }
            c.pos += 1
        }
        return .idPayload(type: type, address: addr, protocolNumber: proto, port: port)
    }

    private static func skipColon(_ c: inout ByteCursor) -> Bool {
        c.skipSpaces()
        guard c.skip(ASCII.colon) else { return false }
        c.skipSpaces()
        return true
    }

    /// XE prints some ID payload fields on their own prefixed lines.
    static func idField(_ c0: ByteCursor) -> EventKind {
        var c = c0
        guard let n = c.readWord() else { return .other }
        let name = c.string(n)
        c.skipSpaces()
        guard c.skip(ASCII.colon) else { return attribute(c0) ?? .other }
        c.skipSpaces()
        return .idField(name: name, value: rest(c))
    }

    /// Transform attribute lines: `encryption 3DES-CBC`, `hash MD5`,
    /// `default group 2`, `auth pre-share`, `life duration (VPI) of 0x0 0x1 0x51 0x80`,
    /// `key length is 256`, `encaps is 1 (Tunnel)`, `authenticator is HMAC-SHA` …
    static func attribute(_ c0: ByteCursor) -> EventKind? {
        var c = c0
        c.skipSpacesAndPingDots()
        // By the first letter (most lines stop there); within one, the first spelling that fits wins.
        let name: String
        switch c.peek {
        case UInt8(ascii: "e"):
            if c.skip("encryption ") { name = "encryption" } else if c.skip("encaps is ") { name = "encapsulation" } else { return nil }
        case UInt8(ascii: "h"):
            guard c.skip("hash ") else { return nil }
            name = "hash"
        case UInt8(ascii: "d"):
            guard c.skip("default group ") else { return nil }
            name = "group"
        case UInt8(ascii: "g"):
            if c.skip("group is ") { name = "pfs-group" } else if c.skip("group ") { name = "group" } else { return nil }
        case UInt8(ascii: "a"):
            if c.skip("auth ") { name = "authentication" } else if c.skip("authenticator is ") { name = "authenticator" } else { return nil }
        case UInt8(ascii: "l"):
            if c.skip("life type in ") { name = "life-type" } else if c.skip("life duration ") {
                return .attribute(name: "life-duration", value: String(lifeDuration(c)))
            } else { return nil }
        case UInt8(ascii: "k"):
            guard c.skip("key length is ") || c.skip("keylength of ") else { return nil }
            name = "key-length"
        case UInt8(ascii: "S"):
            if c.skip("SA life type in ") { name = "sa-life-type" } else if c.skip("SA life duration ") {
                return .attribute(name: "sa-life-duration", value: String(lifeDuration(c)))
            } else { return nil }
        case UInt8(ascii: "t"):
            guard c.skip("transform ") else { return nil }
            name = "transform"
        default:
            return nil
        }
        return .attribute(name: name, value: rest(c))
    }

    /// `(basic) of 6000` or `(VPI) of  0x0 0x1 0x51 0x80` (bytes, big-endian).
    static func lifeDuration(_ c0: ByteCursor) -> Int {
        var c = c0
        guard c.skipPast("of") else { return 0 }
        var value = 0
        var sawHex = false
        while !c.atEnd {
            c.skipSpaces()
            if c.skip("0x") {
                sawHex = true
                var v = 0
                while let b = c.peek {
                    let d: Int
                    if ASCII.isDigit(b) { d = Int(b - 0x30) } else if (b | 0x20) >= 0x61 && (b | 0x20) <= 0x66 { d = Int((b | 0x20) - 0x61 + 10) } else { break }
                    v = v &* 16 &+ d
                    c.pos += 1
                }
                value = value &* 256 &+ v
            } else if !sawHex, let v = c.readInt() {
                return v
            } else {
                break
            }
        }
        return value
    }

    // MARK: - IKEv2 messages

    /// Consumes `IKEv2[-PROTO-3]:` and `(SESSION ID = 31,SA ID = 1):` / `(172):`;
    /// returns the session id (the IKE SA's key on this device).
    static func ikev2Prefix(_ c: inout ByteCursor) -> Int? {
        _ = c.skip("IKEv2")
        while let b = c.peek, b == ASCII.minus || ASCII.isAlnum(b) { c.pos += 1 }
        c.skipSpaces()
        _ = c.skip(ASCII.colon)
        c.skipSpaces()
        var session: Int?
        if c.peek == ASCII.lparen {
            let s = c.pos
            var d = c
            d.pos += 1
            while let b = d.peek, b != ASCII.rparen, d.pos - s < 80 { d.pos += 1 }
            if d.peek == ASCII.rparen {
                var inner = ByteCursor(c.buf, from: s + 1, to: d.pos)
                var probe = inner
                if probe.skipPast("SESSION ID =") {
                    probe.skipSpaces()
                    session = probe.readInt()
                } else if inner.skipPast("SA ID =") {
                    inner.skipSpaces()
                    session = nil
                } else {
                    inner.skipSpaces()
                    session = inner.readInt()
                }
                c.pos = d.pos + 1
            }
        }
        while let b = c.peek, b == ASCII.colon || b == UInt8(ascii: "%") || ASCII.isSpace(b) { c.pos += 1 }
        return session
    }

    /// The payloads of a packet dump whose `Payload contents:` line was lost (a relay dropped
    /// it, a paste left it out): the sub-lines after the head and the SPI / exchange lines that
    /// are nothing but payload names (`SA KE N VID NOTIFY(NO_PROPOSAL_CHOSEN)`, `IDr AUTH`).
    @inline(never)
    static func payloadList(_ buf: UnsafeBufferPointer<UInt8>) -> String? {
        var words: [String] = []
        var s = 0
        while s < buf.count, buf[s] != ASCII.newline { s += 1 }
        while s < buf.count {
            let lineStart = s + 1
            var e = lineStart
            while e < buf.count, buf[e] != ASCII.newline { e += 1 }
            s = e
            var lineWords: [(Int, Int)] = []
            var i = lineStart
            var listed = true
            while i < e {
                while i < e, ASCII.isSpace(buf[i]) || buf[i] == UInt8(ascii: "|") { i += 1 }
                guard i < e else { break }
                let w = i
                while i < e, !ASCII.isSpace(buf[i]) { i += 1 }
                guard isPayloadName(UnsafeBufferPointer(rebasing: buf[w..<i])) else { listed = false; break }
                lineWords.append((w, i))
            }
            guard listed, !lineWords.isEmpty else { continue }
            for (a, b) in lineWords { words.append(Tokens.string(buf, a, b)) }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// `SA`, `IDr`, `TSi`, `NOTIFY(NO_PROPOSAL_CHOSEN)`: a capital, letters, digits or `_`, and
    /// at most one parenthesized capital name. (Not `Message`, `SPI`'s hex, `IKEv2`, `:`.)
    private static func isPayloadName(_ w: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let f = w.first, ASCII.isUpper(f), w.count <= 48 else { return false }
        var i = 1
        while i < w.count, ASCII.isAlnum(w[i]) || w[i] == UInt8(ascii: "_") { i += 1 }
        let name = UnsafeBufferPointer(rebasing: w[0..<i])
        // Words of the dump's other lines that look like names.
        if name.elementsEqual("IKEv2".utf8) || name.elementsEqual("Initiator".utf8) || name.elementsEqual("Responder".utf8)
            || name.elementsEqual("Exchange".utf8) || name.elementsEqual("REQUEST".utf8) || name.elementsEqual("RESPONSE".utf8)
            || name.elementsEqual("Payload".utf8) || name.elementsEqual("Message".utf8) { return false }
        // A payload name is short and mostly capitals (`IDr`, `CERTREQ`), not a word (`Insert`).
        var lower = 0
        for b in name where ASCII.isLower(b) { lower += 1 }
        guard lower <= 1 else { return false }
        if i == w.count { return true }
        guard w[i] == UInt8(ascii: "("), w[w.count - 1] == UInt8(ascii: ")"), w.count - i > 2 else { return false }
        for b in w[(i + 1)..<(w.count - 1)] where !(ASCII.isUpper(b) || ASCII.isDigit(b) || b == UInt8(ascii: "_")) { return false }
        return true
    }

    static func ikev2Message(_ c0: ByteCursor, _ buf: UnsafeBufferPointer<UInt8>) -> EventKind {
        var c = c0
        let all = ByteCursor(buf, from: 0, to: buf.count)
        func contains(_ s: StaticString) -> Bool { ByteSearch.contains(s, in: buf, from: c0.pos, to: buf.count) }
        if c.skip("Sending Packet [To ") || c.skip("Received Packet [From ") {
            let sent = c0.startsWith("Sending")
            let first = endpoint(&c)
            var second: String?
            if c.skipPast("/To ") || c.skipPast("/From ") { second = endpoint(&c) }
            var mid: Int?
            var d = all
            if d.skipPast("Message id: ") || d.skipPast("MsgID = ") { d.skipSpaces(); mid = d.readInt() }
            var exchange: String?
            var request: Bool?
            d = all
            if d.skipPast("IKEv2 "), let w = d.readWord() {
                let name = d.string(w)
                if name.hasPrefix("IKE_") || name == "CREATE_CHILD_SA" || name == "INFORMATIONAL" {
                    exchange = name
                    d.skipSpaces()
                    _ = d.skip("Exchange")
                    d.skipSpaces()
                    request = d.startsWith("REQUEST") ? true : d.startsWith("RESPONSE") ? false : nil
                }
            }
            var payloads: String?
            d = all
            if d.skipPast("Payload contents:") {
                let s = d.pos
                let text = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<buf.count]), as: UTF8.self)
                let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "|" || $0 == "\t" })
                // Lines pasted after the dump end up here: a configuration secret is masked.
                payloads = words.isEmpty ? nil : SecretMasker.maskLog(words.joined(separator: " "))
            } else {
                payloads = Self.payloadList(buf)
            }
            return .v2Packet(sent: sent, peer: first, local: second, exchange: exchange, request: request, messageID: mid, payloads: payloads)
        }
        if c.startsWith("SM Trace") {
            var d = all
            var state = "", event = ""
            if d.skipPast("CurState:") { d.skipSpaces(); if let w = d.readWord() { state = d.string(w) } }
            if d.skipPast("Event:") { d.skipSpaces(); if let w = d.readWord() { event = d.string(w) } }
            return .v2State(state: state, event: event)
        }
        if c.startsWith("Searching Policy with fvrf") { return Self.endpoints(c) }
        if c.skip("Searching policy based on peer's identity '") {
            let s = c.pos
            while let b = c.peek, b != UInt8(ascii: "'") { c.pos += 1 }
            let identity = c.refangedString((s, c.pos))
            var type: String?
            if c.skipPast("of type '") {
                let t = c.pos
                while let b = c.peek, b != UInt8(ascii: "'") { c.pos += 1 }
                type = c.string((t, c.pos))
            }
            return .v2IdentitySearch(identity: identity, type: type)
        }
        if c.skip("found matching IKEv2 profile '") {
            let s = c.pos
            while let b = c.peek, b != UInt8(ascii: "'") { c.pos += 1 }
            return .v2ProfileMatched(profile: c.string((s, c.pos)))
        }
        if contains("profile not found") || contains("Profile could not be found") {
            return .v2ProfileNotFound(text: rest(c0))
        }
        // IOS's generic error for any lookup that found nothing: the profile for the identity,
        // the peer's pre-shared key in the profile's keyring, the peer-ID check. The line
        // before it says which (the diagnosers read the order).
        if contains("Failed to locate an item in the database") {
            return .v2LookupFailed(text: rest(c0))
        }
        if c.skip("Getting preshared key from profile keyring ") {
            guard let t = c.readToken() else { return .other }
            return .v2KeyringKey(keyring: c.string(t))
        }
        // The keyring's `peer` block that covers the peer (`Matched peer block 'BRANCH2'`, or
        // unquoted): absent when the keyring has none for it.
        if c.skip("Matched peer block") {
            c.skipSpaces()
            _ = c.skip(UInt8(ascii: "'"))
            let s = c.pos
            while let b = c.peek, b != UInt8(ascii: "'"), !ASCII.isSpace(b) { c.pos += 1 }
            return .v2PeerBlock(name: c.string((s, c.pos)))
        }
        // The key lookup for the peer's identity (`Get peer's preshared key for 198.51.100.2`),
        // and its success (`Use preshared key for id 198.51.100.2, key len 8`).
        if c.skip("Get peer's preshared key for ") {
            guard let t = c.readToken() else { return .other }
            return .v2PSKLookup(identity: c.refangedString(t), found: nil)
        }
        if c.skip("Use preshared key for id ") {
            let s = c.pos
            while let b = c.peek, b != ASCII.comma, !ASCII.isSpace(b) { c.pos += 1 }
            guard c.pos > s else { return .other }
            return .v2PSKLookup(identity: c.refangedString((s, c.pos)), found: true)
        }
        // How each side authenticates: `Peer's authentication method is 'RSA'`, `My
        // authentication method is 'PSK'`.
        if c.startsWith("Peer's authentication method is ") || c.startsWith("My authentication method is ") {
            let peer = c.skip("Peer's")
            if !peer { _ = c.skip("My") }
            _ = c.skip(" authentication method is ")
            _ = c.skip(UInt8(ascii: "'"))
            let s = c.pos
            while let b = c.peek, b != UInt8(ascii: "'"), !ASCII.isSpace(b) { c.pos += 1 }
            guard c.pos > s else { return .other }
            return .v2AuthMethod(peer: peer, method: c.string((s, c.pos)))
        }
        if c.startsWith("Verification of peer's auth") {
            if contains("PASSED") { return .v2AuthResult(passed: true) }
            if contains("FAILED") { return .v2AuthResult(passed: false) }
        }
        if c.startsWith("Verify cert failed") { return .v2CertFailed(text: rest(c0)) }
        if c.startsWith("Peer ID check failed") { return .v2PeerIDCheckFailed }
        if c.startsWith("Retransmitting packet") { return .retransmit(label: nil, attempt: nil, maxAttempts: nil, phase: nil) }
        // (`IKEv2-ERROR:(…):: Maximum number …` repeats it: the prefix leaves a colon.)
        if c.startsWith("Maximum number of retransmissions") || c.startsWith(": Maximum number of retransmissions") {
            return .peerNotResponding(peer: nil, attempt: nil, maxAttempts: nil)
        }
        // This router refusing the child SA (a responder): `There was no IPSEC policy found for
        // received TS`, `Sending TS unacceptable notify`, or the notify in the payloads it encrypts.
        if c.startsWith("There was no IPSEC policy found") || c.startsWith("Sending") && contains("notify") && EventKind.namesV2Refusal(rest(c0)) {
            return .v2Failure(text: rest(c0))
        }
        if c.startsWith("Building packet for encryption"), let p = ByteSearch.find("NOTIFY(", in: buf, from: c.pos) {
            if ByteSearch.contains("NOTIFY(TS_UNACCEPTABLE)", in: buf, from: p, to: buf.count) { return .v2Failure(text: "Sending NOTIFY(TS_UNACCEPTABLE)") }
            if ByteSearch.contains("NOTIFY(NO_PROPOSAL_CHOSEN)", in: buf, from: p, to: buf.count) { return .v2Failure(text: "Sending NOTIFY(NO_PROPOSAL_CHOSEN)") }
            // (A rekey of a child SA: ` SA N KE TSi TSr NOTIFY(REKEY_SA) `, KE with PFS.)
            if ByteSearch.contains("NOTIFY(REKEY_SA)", in: buf, from: p, to: buf.count) {
                return .v2ChildRekey(ke: ByteSearch.contains(" KE ", in: buf, from: c.pos, to: p))
            }
        }
        if c.startsWith("ESP Proposal:") {
            var d = all
            guard d.skipPast("Num. transforms:") else { return .other }
            d.skipSpaces()
            _ = d.readInt()
            let text = String(decoding: UnsafeBufferPointer(rebasing: buf[d.pos..<buf.count]), as: UTF8.self)
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "|" || $0 == "\t" })
            // (Lines pasted after the proposal end up here too: a configuration secret is masked.)
            return words.isEmpty ? .other : .v2ChildProposal(transforms: SecretMasker.maskField(words.joined(separator: " ")))
        }
        if c.startsWith("Auth exchange failed") || c.startsWith("Verify auth failed") || c.startsWith("Abort exchange")
            || c.startsWith("Received no proposal chosen") || c.startsWith("Failed to")
            || c.startsWith("Failed SA init exchange") || c.startsWith("Initial exchange failed") {
            return .v2Failure(text: rest(c0))
        }
        if c.skip("Session with IKE ID PAIR (") {
            let remote = address(&c)
            _ = c.skip(ASCII.comma)
            let local = address(&c)
            if ByteSearch.contains("is UP", in: buf, from: c.pos, to: c.end) { return .v2SessionUp(local: local, remote: remote) }
            return .other
        }
        if c.startsWith("IKEV2 SA created") { return .v2SessionUp(local: nil, remote: nil) }
        if c.startsWith("Deleting SA") { return .v2Deleting }
        return .other
    }

    /// `198.51.100.2:500` / `FC00:123:123:123::1:500` → the address without its port. (Defanged,
    /// `198[.]51[.]100[.]2:500`, the address it stands for.)
    static func endpoint(_ c: inout ByteCursor) -> String? {
        let s = c.pos
        var defanged = false
        while let b = c.peek, b != UInt8(ascii: "/"), b != UInt8(ascii: "]"), !ASCII.isSpace(b) {
            if b == ASCII.lparen || b | 0x20 == UInt8(ascii: "{"), let m = Defang.mark(c.buf, at: c.pos, end: c.end) {
                c.pos += m.length
                defanged = true
                continue
            }
            c.pos += 1
        }
        var text = defanged ? c.refangedString((s, c.pos)) : c.string((s, c.pos))
        if let i = text.lastIndex(of: ":"), text[text.index(after: i)...].allSatisfy(\.isNumber) { text = String(text[..<i]) }
        return text.isEmpty || isCutIPv4(text) ? nil : IPv6.canonical(text)
    }

    /// Digits and dots that are no whole IPv4 address: a line cut short in its peer (`Peer
    /// 198.51.100`, `[To 203.0.11`, a capture stopped mid-line), no peer at all.
    static func isCutIPv4(_ text: String) -> Bool {
        var groups = 1, digits = 0
        for b in text.utf8 {
            if b == ASCII.dot {
                guard digits > 0 else { return true }
                groups += 1
                digits = 0
            } else if ASCII.isDigit(b) {
                digits += 1
            } else {
                return false
            }
        }
        return groups > 1 && (groups != 4 || digits == 0 || digits > 3)
    }

    /// `2001:DB8::2:500` → `2001:DB8::2` (in IOS's spelling, see `IPv6`): the port after an IPv6
    /// address; nil when the text is no IPv6 address and a port (`2001:DB8::2` would leave
    /// `2001:DB8:`, no address).
    static func ipv6WithoutPort(_ text: String) -> String? {
        var t = text
        return t.withUTF8 { b -> String? in
            var k = b.count
            while k > 0, ASCII.isDigit(b[k - 1]), b.count - k < 5 { k -= 1 }
            var port = 0
            for i in k..<b.count { port = port * 10 + Int(b[i] &- 0x30) }
            guard k < b.count, k >= 3, b[k - 1] == ASCII.colon, port <= 65535 else { return nil }
            let address = UnsafeBufferPointer(rebasing: b[0..<(k - 1)])
            guard IPv6.isAddress(address) else { return nil }
            return IPv6.canonical(address) ?? String(decoding: address, as: UTF8.self)
        }
    }

    // MARK: - IPsec messages

    /// `esp-des esp-sha-hmac` from 12.x's `(prot 3, trans 2, hmac_alg 2)` (IPsec DOI numbers:
    /// RFC 2407's ESP transforms and authentication algorithms); nil for numbers it does not know.
    static func transformFromNumbers(_ c0: ByteCursor) -> String? {
        func number(after key: StaticString) -> Int? {
            var d = c0
            guard d.skipPast(key) else { return nil }
            d.skipSpaces()
            return d.readInt()
        }
        guard number(after: "prot") == 3, let trans = number(after: "trans") else { return nil }
        let ciphers = [1: "esp-des", 2: "esp-des", 3: "esp-3des", 11: "esp-null", 12: "esp-aes"]
        guard let cipher = ciphers[trans] else { return nil }
        switch number(after: "hmac_alg") {
        case 1: return cipher + " esp-md5-hmac"
        case 2: return cipher + " esp-sha-hmac"
        case nil, 0: return cipher
        default: return nil
        }
    }

    static func ipsecMessage(_ c0: ByteCursor, _ buf: UnsafeBufferPointer<UInt8>, _ record: Record) -> EventKind {
        var c = c0
        _ = c.skip("IPSEC") || c.skip("IPSec")
        var function = ""
        if c.skip(ASCII.lparen) {
            let s = c.pos
            while let b = c.peek, b != ASCII.rparen { c.pos += 1 }
            function = c.string((s, c.pos))
            _ = c.skip(ASCII.rparen)
        }
        _ = c.skip(ASCII.colon)
        c.skipSpaces()
        if c.startsWith("proxy identities not supported") { return .proxyNotSupported }
        if c.startsWith("transform proposal not supported") {
            // The transform is on the next (indented or wrapped) line: `{esp-aes 256 esp-sha512-hmac }`.
            var d = ByteCursor(buf, from: c.pos, to: buf.count)
            var transform: String?
            if d.skipPast("{") {
                let s = d.pos
                while let b = d.peek, b != UInt8(ascii: "}") { d.pos += 1 }
                let t = d.string((s, d.pos)).trimmingCharacters(in: .whitespaces)
                transform = t.isEmpty ? nil : t
            }
            return .transformNotSupported(transform: transform)
        }
        if c.startsWith("transform proposal ("), ByteSearch.contains("not supported", in: buf, from: c.pos, to: c.end) {
            // 12.x: `transform proposal (prot 3, trans 2, hmac_alg 2) not supported`, in IPsec DOI numbers.
            return .transformNotSupported(transform: Self.transformFromNumbers(c))
        }
        switch function {
        case "sa_request", "validate_proposal_request", "initialize_sas", "create_sa", "validate_proposal":
            // Key-engine block: fields anywhere in the record, each after the first `name=` of its
            // name; all found in one pass over the record's `=` signs (a search per name, of
            // a dozen, went over the whole block each).
            let all = ByteCursor(buf, from: 0, to: buf.count)
            let keys = KeyEngineKeys(buf)
            func field(_ name: KeyEngineKeys.Key, _ alt: KeyEngineKeys.Key? = nil) -> String? {
                var d = all
                if let at = keys.after(name) ?? alt.flatMap({ keys.after($0) }) {
                    d.pos = at
                    d.skipSpaces()
                    let s = d.pos
                    while let b = d.peek, b != ASCII.comma, b != ASCII.newline { d.pos += 1 }
                    var e = d.pos
                    while e > s, ASCII.isSpace(buf[e - 1]) { e -= 1 }
                    guard e > s else { return nil }
                    // (A configuration's line joined onto the block's last line, `remote_proxy= A/M/0/0
                    // crypto isakmp key 0 X …`, runs on in the field: masked as the text is.)
                    let text = d.refangedString((s, e))
                    return SecretMasker.mayNameSecret(UnsafeBufferPointer(rebasing: buf[s..<e])) ? SecretMasker.maskLog(text) : text
                }
                return nil
            }
            if function == "validate_proposal", c.startsWith("invalid local address") {
                var d = c
                _ = d.skip("invalid local address")
                return .invalidLocalAddress(address: address(&d))
            }
            // The ends. `local= 192.168.0.1:500, remote= 192.168.0.2:500` (`:0` on the INBOUND and
            // OUTBOUND lines): 15.x prints each with its port, IPv6 too (`2001:DB8:C0A8::2:500`);
            // 12.x's `src=`/`dest=` and the created SA's `sa_dest=` have none. An IPv6 address
            // is one with or without a last group, so the port comes off only in `local=` and
            // `remote=`, and only when both ends read as an address and a port (12.x printed
            // `local= 2001:DB8::1` without one: that leaves `2001:DB8:`, no address).
            let localText = field(.local), remoteText = field(.remote)
            let ipv6Ends = [localText, remoteText].compactMap { $0 }.map(Self.ipv6WithoutPort)
            let portShown = !ipv6Ends.isEmpty && !ipv6Ends.contains(nil)
            func host(_ s: String?, port: Bool) -> String? {
                guard let s else { return nil }
                let u = s.utf8
                guard let i = u.firstIndex(of: ASCII.colon) else { return s }
                // `192.168.0.1:500` → `192.168.0.1`.
                if !u[u.index(after: i)...].contains(ASCII.colon) { return String(s[..<i]) }
                if port, let a = Self.ipv6WithoutPort(s) { return a }
                return IPv6.canonical(s)
            }
            // The lifetimes: `lifedur= 3600s and 2560kb` (request, initialize), `sa_lifetime(k/sec)=
            // (4608000/3600)` (created SA).
            var seconds: Int?, kb: Int?
            var d = all
            if let at = keys.after(.lifedur) {
                d.pos = at
                d.skipSpaces()
                if let s = d.readInt(), d.skip(UInt8(ascii: "s")) { seconds = s }
                d.skipSpaces()
                if d.skip("and") { d.skipSpaces(); if let k = d.readInt(), d.skip("kb") { kb = k } }
            } else if let at = keys.after(.saLifetime) {
                d.pos = at
                d.skipSpaces()
                if d.skip(ASCII.lparen), let k = d.readInt(), d.skip(UInt8(ascii: "/")), let s = d.readInt(), d.skip(ASCII.rparen) {
                    (seconds, kb) = (s, k)
                }
            }
            return .ipsecRequest(
                function: function,
                local: localText.map { host($0, port: portShown) } ?? host(field(.src), port: false),
                remote: remoteText.map { host($0, port: portShown) } ?? host(field(.dest), port: false),
                localProxy: field(.localProxy, .srcProxy),
                remoteProxy: field(.remoteProxy, .destProxy),
                transform: field(.transform, .saTrans),
                lifetimeSeconds: seconds, lifetimeKB: kb)
        default:
            return .other
        }
    }

    /// Where the key-engine block's fields begin: just past the first occurrence of each name
    /// (` local=`, `remote=`, `src_proxy=` …, anywhere in the record, inside a longer word too).
    /// Each name ends in `=`, so its occurrences are found at the record's `=` signs: one pass.
    struct KeyEngineKeys {
        enum Key: Int, CaseIterable {
            case local, remote, src, dest, localProxy, srcProxy, remoteProxy, destProxy, transform, saTrans, lifedur, saLifetime
        }
        static let names: [StaticString] = [
            " local=", "remote=", "src=", "dest=", "local_proxy=", "src_proxy=", "remote_proxy=", "dest_proxy=",
            "transform=", "sa_trans=", "lifedur=", "sa_lifetime(k/sec)=",
        ]
        /// Per key, the offset past its first occurrence; -1 when absent.
        private var at: (Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int) = (-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)

        init(_ buf: UnsafeBufferPointer<UInt8>) {
            guard let base = buf.baseAddress else { return }
            var i = 0
            while i < buf.count {
                guard let hit = memchr(base + i, Int32(UInt8(ascii: "=")), buf.count - i) else { break }
                let q = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                // (By the letter before the `=`, the names that end in it.)
                if q > 0 {
                    switch base[q - 1] {
                    case UInt8(ascii: "l"): note(.local, base, q)
                    case UInt8(ascii: "e"): note(.remote, base, q)
                    case UInt8(ascii: "c"): note(.src, base, q)
                    case UInt8(ascii: "t"): note(.dest, base, q)
                    case UInt8(ascii: "y"):
                        note(.localProxy, base, q); note(.srcProxy, base, q); note(.remoteProxy, base, q); note(.destProxy, base, q)
                    case UInt8(ascii: "m"): note(.transform, base, q)
                    case UInt8(ascii: "s"): note(.saTrans, base, q)
                    case UInt8(ascii: "r"): note(.lifedur, base, q)
                    case UInt8(ascii: ")"): note(.saLifetime, base, q)
                    default: break
                    }
                }
                i = q + 1
            }
        }

        /// `key` at its first occurrence, when its name ends at the `=` at `q`.
        @inline(__always) private mutating func note(_ key: Key, _ base: UnsafePointer<UInt8>, _ q: Int) {
            let name = Self.names[key.rawValue]
            let n = name.utf8CodeUnitCount, p = name.utf8Start
            guard q + 1 >= n else { return }
            let start = q + 1 - n
            for k in 0..<n - 1 where base[start + k] != p[k] { return }
            withUnsafeMutableBytes(of: &at) { raw in
                let slot = key.rawValue * MemoryLayout<Int>.stride
                if raw.load(fromByteOffset: slot, as: Int.self) < 0 { raw.storeBytes(of: q + 1, toByteOffset: slot, as: Int.self) }
            }
        }

        /// The offset just past `key`'s first occurrence, or nil.
        func after(_ key: Key) -> Int? {
            withUnsafeBytes(of: at) { raw in
                let v = raw.load(fromByteOffset: key.rawValue * MemoryLayout<Int>.stride, as: Int.self)
                return v < 0 ? nil : v
            }
        }
    }

    // MARK: - NHRP

    /// `debug nhrp` (DMVPN): a tunnel endpoint learned or used, `NHRP: Adding Tunnel Endpoints
    /// (VPN: 172.16.0.12, NBMA: 198.51.100.30)`; its other lines (resolution requests and replies)
    /// carry no fact the analysis uses.
    static func nhrpMessage(_ c: ByteCursor) -> EventKind {
        var d = c
        // (The blank after each colon a space or a tab: `address` skips it.)
        guard d.skipPast("NBMA:"), let nbma = address(&d) else { return .other }
        var v = c
        let vpn = v.skipPast("VPN:") ? address(&v) : nil
        return .nhrpEndpoint(vpn: vpn, nbma: nbma)
    }

    // MARK: - Syslog

    /// `%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed …`
    static func syslogMessage(_ c0: ByteCursor) -> EventKind {
        var c = c0
        _ = c.skip(UInt8(ascii: "%"))
        let s = c.pos
        while let b = c.peek, b != ASCII.colon, !ASCII.isSpace(b) { c.pos += 1 }
        let tag = c.string((s, c.pos))
        // Mnemonic is the part after the second `-`.
        let parts = tag.split(separator: "-", maxSplits: 2)
        let mnemonic = parts.count == 3 ? String(parts[2]) : tag
        _ = c.skip(ASCII.colon)
        // IOS-XE relays a data-plane message inside its own: `%IOSXE-3-PLATFORM: … cpp_cp: QFP:0.0
        // Thread:000 TS:… %IPSEC-3-REPLAY_ERROR: …`; the inner message is the one that tells.
        if tag.hasPrefix("IOSXE"), let inner = ByteSearch.find(" %", in: c.buf, from: c.pos, to: c.end) {
            return syslogMessage(ByteCursor(c.buf, from: inner + 1, to: c.end))
        }
        // (Its `src_addr=` is a decrypted packet's inner source, not an IKE peer.)
        if mnemonic == "RECVD_PKT_INV_IDENTITY_ACL" { return .syslog(mnemonic: tag, peer: nil) }
        var peer: String?
        // GETVPN names the other member after `sourceip-address` (anti-replay) or `identity:`
        // (registration): not after the `from` before it.
        if tag.hasPrefix("GDOI-") {
            var d = c
            if d.skipPast("sourceip-address ") || d.skipPast("identity: ") { return .syslog(mnemonic: tag, peer: address(&d)) }
        }
        // DMVPN names the other router by its NBMA address: `%DMVPN-5-CRYPTO_SS:  Tunnel0: local
        // address : 198.51.100.2 remote address : 203.0.113.2 socket is DOWN` (older releases:
        // `Tunnel0-203.0.113.2 socket is DOWN`); `%DMVPN-5-NHRP_NHS_DOWN: Tunnel0: Next Hop Server :
        // (Tunnel: 10.0.0.1 NBMA: 203.0.113.2 ) for (Tunnel: 10.0.0.2 NBMA: 198.51.100.2) is DOWN,
        // Reason: …` (and `NHRP_NHC_…`, `NHRP_NHP_…`): the first NBMA address is the other
        // router's, the one after `for` this router's own.
        if tag.hasPrefix("DMVPN-"), mnemonic == "CRYPTO_SS" || mnemonic.hasPrefix("NHRP_NH") {
            var d = c
            if d.skipPast("remote address : ") || d.skipPast("NBMA: ") { return .syslog(mnemonic: tag, peer: address(&d)) }
            d = c
            d.skipSpaces()
            if d.skip("Tunnel") {
                while let b = d.peek, b != UInt8(ascii: "-"), b != ASCII.colon, !ASCII.isSpace(b) { d.pos += 1 }
                if d.skip(UInt8(ascii: "-")) { return .syslog(mnemonic: tag, peer: address(&d)) }
            }
            return .syslog(mnemonic: tag, peer: nil)
        }
        // (`Crypto tunnel is DOWN. Peer 192.168.0.2:500`: the peer's address without its port.)
        // (Also on the message's next line, where a word wrap at the two blanks before `Peer` put it.)
        if tag.hasSuffix("SESSION_STATUS") {
            let next = c.nextLines
            for var d in [c, next] where d.pos < d.end {
                guard d.skipPast("Peer ") else { continue }
                let start = d.pos
                if let peer = endpoint(&d) { return .syslog(mnemonic: tag, peer: peer) }
                // (An address a line end cut, its rest on the message's next line, indented, or
                // joined after a blank: `Peer 192.` / `   168.0.2:500`.)
                var r = d.pos < d.end ? d : next
                r.skipBlanksAndLineEnds()
                guard d.pos > start, d.pos >= d.end || d.peek.map(ASCII.isSpace) == true, r.peek.map(ASCII.isDigit) == true else { break }
                var whole = Array(c.buf[start..<d.pos])
                while let b = r.peek, !ASCII.isSpace(b) { whole.append(b); r.pos += 1 }
                let peer = whole.withUnsafeBufferPointer { buf -> String? in
                    var w = ByteCursor(buf)
                    return endpoint(&w)
                }
                return .syslog(mnemonic: tag, peer: peer)
            }
        }
        // (The message's lines after its first, when it was wrapped: `…invalid spi for` /
        // `destaddr=…, prot=50, spi=…,` / `srcaddr=10.2.2.2`, as Cisco's documents print it.)
        for var d in [c, c.nextLines] where d.pos < d.end {
            if d.skipPast("from ") || d.skipPast("peer at ") || d.skipPast("srcaddr=") || d.skipPast("src_addr=") || d.skipPast("Peer ")
                || d.skipPast("remote=") || d.skipPast("with host ") || d.skipPast("src_addr ") || d.skipPast("Remote peer ") {
                peer = address(&d)
                break
            }
        }
        if mnemonic == "IKMP_BAD_MESSAGE" { return .badMessage(peer: peer) }
        return .syslog(mnemonic: tag, peer: peer)
    }
}

/// The words `EventParser.textIsRebuilt` reads by their shape.
extension ByteCursor {
    /// A state name as `EventParser.stateName` reads it (upper-case letters, digits, `_`).
    mutating func skipStateName() -> Bool {
        let s = pos
        while pos < end, ASCII.isUpper(buf[pos]) || ASCII.isDigit(buf[pos]) || buf[pos] == UInt8(ascii: "_") { pos += 1 }
        return pos > s
    }

    /// An IPv4 address as `EventParser.address` reads it and keeps it: digits and dots, a digit
    /// first and last, and no address character after it.
    mutating func skipIPv4() -> Bool {
        let s = pos
        while pos < end, ASCII.isDigit(buf[pos]) || buf[pos] == ASCII.dot { pos += 1 }
        guard pos > s, ASCII.isDigit(buf[s]), ASCII.isDigit(buf[pos - 1]) else { return false }
        // (`readAddress` reads on over hex letters and colons.)
        return pos == end || !(ASCII.isHexDigit(buf[pos]) || buf[pos] == ASCII.colon)
    }

    /// A packet's role, `I`, `R` or `N`.
    mutating func skipRole() -> Bool {
        guard pos < end, buf[pos] == UInt8(ascii: "I") || buf[pos] == UInt8(ascii: "R") || buf[pos] == UInt8(ascii: "N") else { return false }
        pos += 1
        return true
    }

    /// A packet label `evidenceText` rebuilds and the spaces IOS prints after it
    /// (`Event.rebuiltLabelPadding`), to the end.
    mutating func skipRebuiltLabel() -> Bool {
        var e = end
        while e > pos, buf[e - 1] == ASCII.space { e -= 1 }
        guard let pad = Event.rebuiltLabelPadding(UnsafeBufferPointer(rebasing: buf[pos..<e])), end - e == pad else { return false }
        pos = end
        return true
    }
}

import Foundation
