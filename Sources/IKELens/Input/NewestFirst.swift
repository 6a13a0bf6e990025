/// A log listed newest first: what a log store's search shows and exports (Splunk, Graylog,
/// Kibana, Kiwi's viewer list the latest event on top), copied or saved as it is. Each
/// event's lines keep their order; the events run backwards in time. Told by the stamps of
/// the input's first lines, and turned round event by event.
enum NewestFirst {
    /// How much of the input's start is looked at before the order is judged.
    static let sampleBytes = 64 * 1024

    /// Whether the stamped lines in `bytes` (the input's start) mostly run backwards in
    /// time: at least 3 steps back, four times as many as forward ones.
    /// Steps are counted between stamps, and between IKE state changes (`Old State = A  New
    /// State = B` then `Old State = B  New State = C` is a step forward; the other way round, a
    /// step back): a log with few distinct stamps, or none, still tells its order.
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
        // (By SA: the conn-id in front, `ISAKMP:(1004):Old State = …`; a busy router interleaves them.)
        var lastState: [ArraySlice<UInt8>: (old: ArraySlice<UInt8>, new: ArraySlice<UInt8>)] = [:]
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
            if let st = stateChange(line), st.old != st.new {
                if let l = lastState[st.sa] {
                    if l.new == st.old { forward += 1 } else if st.new == l.old { back += 1 }
                }
                lastState[st.sa] = (st.old, st.new)
            }
            // (Plainly oldest first: no need to look further.)
            return forward < 8 || back * 4 >= forward
        }
        return back >= 3 && back >= 4 * forward
    }

    /// The two states of an `Old State = A  New State = B` line, and its SA's conn-id (the first
    /// parenthesis in front of them; empty when none).
    private static func stateChange(_ line: UnsafeBufferPointer<UInt8>) -> (sa: ArraySlice<UInt8>, old: ArraySlice<UInt8>, new: ArraySlice<UInt8>)? {
        guard let o = ByteSearch.find("Old State = ", in: line) else { return nil }
        var sa = ArraySlice<UInt8>()
        if let l = line[..<o].firstIndex(of: ASCII.lparen), let r = line[l..<o].firstIndex(of: UInt8(ascii: ")")) {
            sa = ArraySlice(line[(l + 1)..<r])
        }
        func word(at k: Int) -> ArraySlice<UInt8> {
            var e = k
            while e < line.count, !ASCII.isSpace(line[e]) { e += 1 }
            return ArraySlice(line[k..<e])
        }
        let old = word(at: o + 12)
        guard let n = ByteSearch.find("New State = ", in: line, from: o + 12) else { return nil }
        return (sa, old, word(at: n + 12))
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
