/// A log listed newest first: what a log store's search shows and exports (Splunk, Graylog,
/// Kibana, Kiwi's viewer list the latest event on top), copied or saved as it is. Each
/// event's lines keep their order; the events run backwards in time. Told by the stamps of
/// the input's first lines, and turned round event by event.
enum NewestFirst {
    /// How much of the input's start is looked at before the order is judged.
    static let sampleBytes = 64 * 1024

    /// Whether the stamped lines in `bytes` (the input's start) mostly run backwards in
    /// time: at least 3 steps back, four times as many as forward ones.
    /// Steps are counted between stamps, and between what the lines say of each SA (see
    /// `ContentOrder`): a log with few distinct stamps (whole seconds: an exchange's lines
    /// share one), or none, still tells its order.
    static func looksNewestFirst(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var back = 0
        var forward = 0
        // (A router's stamps and a relay's are compared each with its own kind: a message's later
        // lines, relayed as lines of their own, carry only the relay's whole seconds. The relay's
        // or the router's sequence numbers tell the order too.)
        var last: Double?
        var lastRelayed: Double?
        // (Per host: each router's relayed lines have numbers of their own.)
        var lastSequence: [ArraySlice<UInt8>: Int] = [:]
        var content = ContentOrder()
        eachLine(bytes) { line, _ in
            if let (s, relayedOnly, sequence, host) = header(line) {
                if let l = relayedOnly ? lastRelayed : last {
                    if s < l { back += 1 } else if s > l { forward += 1 }
                }
                if relayedOnly { lastRelayed = s } else { last = s }
                if sequence >= 0 {
                    let key = host.map { ArraySlice(line[$0.0..<$0.1]) } ?? []
                    if let l = lastSequence[key] { if sequence < l { back += 1 } else if sequence > l { forward += 1 } }
                    lastSequence[key] = sequence
                }
            }
            content.read(line)
            // (Plainly oldest first: no need to look further.)
            return forward + content.forward < 8 || (back + content.back) * 4 >= forward + content.forward
        }
        back += content.back
        forward += content.forward
        return back >= 3 && back >= 4 * forward
    }

    /// The order told by what the lines say, where stamps cannot (whole seconds, none): things an
    /// SA's debug always prints in the same order, compared per SA (its conn-id, IKEv2 session or
    /// SPI; a busy router interleaves them).
    /// - IKE state changes: `Old State = A  New State = B` then `Old State = B  New State = C`
    ///   is a step forward; the other way round, a step back.
    /// - An IKEv1 phase 1's milestones (`Milestone.ikev1`), an IKEv2 session's (`Milestone.ikev2`).
    /// - An IKEv2 packet's message id per SPI and side (a request before its response, message 0
    ///   before message 1: `IKE_SA_INIT` before `IKE_AUTH` before `INFORMATIONAL`).
    ///
    /// The start of an SA (`NEW SA`, `beginning Main Mode exchange`, a change out of `IKE_READY`)
    /// and an IKEv2 session's end (`Deleting SA`: IOS reuses the session's number) are compared
    /// with nothing: in a log in order the line before is the previous SA's last, in one turned
    /// round the line after is; either would count a false step at every new SA on conn-id (0).
    private struct ContentOrder {
        private(set) var back = 0
        private(set) var forward = 0
        private var lastState: [ArraySlice<UInt8>: (old: ArraySlice<UInt8>, new: ArraySlice<UInt8>)] = [:]
        private var lastMilestone: [ArraySlice<UInt8>: Int] = [:]
        /// Per IKEv2 initiator SPI and the side whose count the message id is (a request this
        /// router sent and its response; or the peer's).
        private var lastMessage: [ArraySlice<UInt8>: Int] = [:]
        /// An IKEv2 packet whose dump (`Initiator SPI : … Message id: 1`, `IKEv2 IKE_AUTH Exchange
        /// REQUEST`) is still to come, in the head's line or the next few.
        private var packet: (sent: Bool, spi: ArraySlice<UInt8>?, id: Int?, request: Bool?, lines: Int)?

        /// What an SA's debug prints in this order; a line is the first of them it holds, in the
        /// table's order (rank 0: an SA's start or end, compared with nothing). Of IKEv1, only a phase 1's lines (`message ID =
        /// 0`): quick modes repeat on the SA's conn-id, with no start line each. Only what comes
        /// in this order for initiator and responder, main and aggressive mode (an aggressive
        /// mode's ID payload comes before the transforms are checked, a main mode's after).
        private enum Milestone {
            static let ikev1: [(StaticString, Int)] = [
                ("NEW SA", 0), ("SA request profile is", 0), ("beginning Main Mode exchange", 0),
                ("beginning Aggressive Mode exchange", 0), ("Old State = IKE_READY ", 0),
                ("processing SA payload. message ID = 0", 10), ("Checking ISAKMP transform", 20),
                ("no offers accepted", 30), ("phase 1 SA policy not acceptable", 31),
                ("processing KE payload. message ID = 0", 40), ("processing NONCE payload. message ID = 0", 45),
                ("processing HASH payload. message ID = 0", 55),
                ("SA authentication status", 60), ("SA has been authenticated", 60), ("deleting SA reason", 70),
                ("Unlocking peer struct", 80), ("Deleting peer node", 90), ("purging SA", 95),
            ]
            /// (`Processing`/`Generating IKE_SA_INIT message` come in either order, as do the
            /// IKE_AUTH message's and the check of the peer's authentication: initiator or responder.)
            static let ikev2: [(StaticString, Int)] = [
                ("Deleting SA", 0),
                ("IKE_SA_INIT message", 10), ("Completed SA init exchange", 20),
                ("Stopping timer to wait for auth message", 27), ("to wait for auth message", 25),
                ("IKE_AUTH message", 30), ("Verification of peer's auth", 30),
                ("IKEV2 SA created", 40), (") is UP", 40), ("Auth exchange failed", 40),
            ]
        }

        mutating func read(_ line: UnsafeBufferPointer<UInt8>) {
            if let st = Self.stateChange(line) {
                // (Out of IKE_READY or IKE_QM_READY: a new SA or quick mode starts.)
                if st.old.elementsEqual("IKE_READY".utf8) || st.old.elementsEqual("IKE_QM_READY".utf8) {
                    lastState[st.sa] = nil
                } else if st.old != st.new {
                    if let l = lastState[st.sa] {
                        if l.new == st.old { forward += 1 } else if st.new == l.old { back += 1 }
                    }
                    lastState[st.sa] = (st.old, st.new)
                }
            }
            let v1 = ByteSearch.contains("ISAKMP", in: line)
            let v2 = !v1 && ByteSearch.contains("IKEv2", in: line)
            if v1 || v2 {
                for (text, rank) in v1 ? Milestone.ikev1 : Milestone.ikev2 {
                    guard let at = ByteSearch.find(text, in: line) else { continue }
                    // (A line of no SA, `ISAKMP: Unlocking peer struct …` of older IOS: the SAs
                    // one after another would each step back from the last one's.)
                    let sa = Self.firstParenthesis(line, before: at)
                    if sa.isEmpty { break }
                    if rank == 0 { lastMilestone[sa] = nil } else { count(Self.step(&lastMilestone, sa, rank)) }
                    break
                }
            }
            readPacket(line, head: v2)
        }

        /// An IKEv2 packet's head (`Sending Packet [To …`, `Received Packet [From …`) and its dump.
        private mutating func readPacket(_ line: UnsafeBufferPointer<UInt8>, head: Bool) {
            if head, let s = ByteSearch.find("Packet [", in: line), s >= 8 {
                if ByteSearch.contains("Sending ", in: line, from: s - 8, to: s) {
                    packet = (true, nil, nil, nil, 0)
                } else if ByteSearch.contains("Received ", in: line, from: max(0, s - 9), to: s) {
                    packet = (false, nil, nil, nil, 0)
                }
            }
            guard var p = packet else { return }
            if p.spi == nil, let s = ByteSearch.find("Initiator SPI : ", in: line) {
                var e = s + 16
                while e < line.count, ASCII.isHexDigit(line[e]) { e += 1 }
                p.spi = ArraySlice(line[(s + 16)..<e])
            }
            if p.id == nil, let m = ByteSearch.find("Message id: ", in: line) {
                var c = ByteCursor(line, from: m + 12)
                p.id = c.readInt()
            }
            if p.request == nil, let x = ByteSearch.find(" Exchange RE", in: line) {
                var c = ByteCursor(line, from: x + 12)
                p.request = c.skip("QUEST") ? true : c.skip("SPONSE") ? false : nil
            }
            if let spi = p.spi, let id = p.id, let request = p.request {
                // (This router's count: the requests it sends, the responses it gets.)
                count(Self.step(&lastMessage, spi + [p.sent == request ? 1 : 0], id * 2 + (request ? 0 : 1)))
                packet = nil
            } else {
                p.lines += 1
                packet = p.lines > 4 ? nil : p
            }
        }

        /// Compares `value` with the last one of `key` (1: a step forward, -1: back), and keeps it.
        private static func step(_ last: inout [ArraySlice<UInt8>: Int], _ key: ArraySlice<UInt8>, _ value: Int) -> Int {
            defer { last[key] = value }
            guard let l = last[key] else { return 0 }
            return value > l ? 1 : value < l ? -1 : 0
        }

        private mutating func count(_ step: Int) {
            if step > 0 { forward += 1 } else if step < 0 { back += 1 }
        }

        /// The first parenthesis's content in front of `before`: an SA's conn-id (`ISAKMP:(1004):`),
        /// an IKEv2 session (`(SESSION ID = 4,SA ID = 1)`); empty when none.
        private static func firstParenthesis(_ line: UnsafeBufferPointer<UInt8>, before: Int) -> ArraySlice<UInt8> {
            guard let l = line[..<before].firstIndex(of: ASCII.lparen),
                  let r = line[l..<before].firstIndex(of: UInt8(ascii: ")")) else { return [] }
            return ArraySlice(line[(l + 1)..<r])
        }

        /// The two states of an `Old State = A  New State = B` line, and its SA's conn-id.
        private static func stateChange(_ line: UnsafeBufferPointer<UInt8>) -> (sa: ArraySlice<UInt8>, old: ArraySlice<UInt8>, new: ArraySlice<UInt8>)? {
            guard let o = ByteSearch.find("Old State = ", in: line) else { return nil }
            func word(at k: Int) -> ArraySlice<UInt8> {
                var e = k
                while e < line.count, !ASCII.isSpace(line[e]) { e += 1 }
                return ArraySlice(line[k..<e])
            }
            let old = word(at: o + 12)
            guard let n = ByteSearch.find("New State = ", in: line, from: o + 12) else { return nil }
            return (Self.firstParenthesis(line, before: o), old, word(at: n + 12))
        }
    }

    /// `bytes` oldest first: its events in reverse order, each event a stamped line and the
    /// unstamped lines after it (the rest of an `IPSEC(validate_proposal_request)` record, an ID
    /// payload's fields, an IKEv2 packet dump, a line a terminal wrapped, a multi-line event a
    /// log store kept whole); a prompt or a blank line is an event of its own. Every line is kept.
    static func oldestFirst(_ bytes: [UInt8]) -> [UInt8] {
        var events: [Range<Int>] = []
        var inEvent = false
        bytes.withUnsafeBufferPointer { b in
            eachLine(b) { line, whole in
                if stamp(line) != nil {
                    events.append(whole)
                    inEvent = true
                } else if inEvent, !isOwnEvent(line), let previous = events.last {
                    events[events.count - 1] = previous.lowerBound..<whole.upperBound
                } else {
                    events.append(whole)
                    inEvent = false
                }
                return true
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        // (A CSV export's header row stays on top.)
        if let first = events.first,
           bytes[first].withUnsafeBufferPointer({ RecordAssembler.csvHeaderRow(UnsafeBufferPointer(rebasing: $0.prefix { $0 != ASCII.newline && $0 != 0x0D })) }) != nil {
            out.append(contentsOf: bytes[first])
            events.removeFirst()
        }
        for r in events.reversed() {
            out.append(contentsOf: bytes[r])
            if out.last != ASCII.newline { out.append(ASCII.newline) }
        }
        return out
    }

    /// A blank line, or a prompt (`R1#`, `R1#clear crypto session`): console lines between events.
    private static func isOwnEvent(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while k < line.count, ASCII.isSpace(line[k]) { k += 1 }
        guard k < line.count else { return true }
        let mark = ByteScan.afterPromptName(line, from: k)
        return mark == ASCII.hash || mark == UInt8(ascii: ">")
    }

    /// The time of a line's stamp in seconds; in a CSV row, of the first field that starts with one.
    private static func stamp(_ line: UnsafeBufferPointer<UInt8>) -> Double? {
        header(line)?.seconds
    }

    /// A stamped line's time in seconds, whether only a relay stamped it (no router's stamp
    /// after the relay's header), and its last sequence number (-1: none).
    private static func header(_ line: UnsafeBufferPointer<UInt8>) -> (seconds: Double, relayedOnly: Bool, sequence: Int, host: (Int, Int)?)? {
        var from = 0
        while from < line.count, ASCII.isSpace(line[from]) { from += 1 }
        if from < line.count, line[from] == UInt8(ascii: "{") {
            // (A JSON export's line: the stamp at the start of a string value, `"_raw":"*Jul …`.)
            var k = from
            while let q = line[k...].firstIndex(of: ASCII.quote) {
                k = q + 1
                var b = q - 1
                while b > from, ASCII.isSpace(line[b]) { b -= 1 }
                guard line[b] == ASCII.colon, k < line.count, !ASCII.isSpace(line[k]) else { continue }
                let h = LineHeader.fast(line, from: k) ?? LineHeader.parse(line, from: k)
                if h.hadHeader, let s = h.stamp { return (s.seconds, h.relayEnd >= 0 && !h.routerStamp, -1, nil) }
            }
            return nil
        }
        while true {
            while from < line.count, ASCII.isSpace(line[from]) || line[from] == ASCII.quote { from += 1 }
            guard from < line.count else { return nil }
            let h = LineHeader.fast(line, from: from) ?? LineHeader.parse(line, from: from)
            // (Only a relay's numbers: a number in front of a router's own line may be grep's or
            // an editor's, counting up whatever the order.)
            if h.hadHeader, let s = h.stamp { return (s.seconds, h.relayEnd >= 0 && !h.routerStamp, h.relayEnd >= 0 ? h.sequence : -1, h.hostRange) }
            // (The next field of a CSV row: `"Nov 30, 2026 @ 10:00:00.000",r1,"*Nov 30 10:00:00.123: ISAKMP…"`.)
            guard let comma = line[from...].firstIndex(of: ASCII.comma), line.contains(ASCII.quote) else { return nil }
            from = comma + 1
        }
    }

    /// Hands each line (without its line end) and where it lies with its line end to `body`,
    /// until it answers false.
    private static func eachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>) -> Bool) {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != ASCII.newline { end += 1 }
            var e = end
            if e > start, bytes[e - 1] == 0x0D { e -= 1 }
            guard body(UnsafeBufferPointer(rebasing: bytes[start..<e]), start..<min(end + 1, bytes.count)) else { return }
            start = end + 1
        }
    }
}
