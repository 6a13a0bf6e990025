/// A log listed newest first: what a log store's search shows and exports (Splunk, Graylog,
/// Kibana, Kiwi's viewer list the latest event on top), copied or saved as it is. Each
/// event's lines keep their order; the events run backwards in time. Told by the stamps of
/// the input's first lines, and turned round event by event (the events that share a stamp
/// kept as listed where the store listed them in arrival order).
enum NewestFirst {
    /// How much of the input's start is looked at before the order is judged.
    static let sampleBytes = 64 * 1024
    /// How much of a log turned round, at most, is read to judge the order of its ties (the
    /// events that share one stamp; see `oldestFirst`): a store lists them one way throughout.
    static let tieSampleBytes = 1024 * 1024

    /// Whether the stamped lines in `bytes` (the input's start) mostly run backwards in
    /// time: at least 3 steps back, four times as many as forward ones.
    /// Steps are counted between stamps, and between what the lines say of each SA (see
    /// `ContentOrder`): a log with few distinct stamps (whole seconds: an exchange's lines
    /// share one), or none, still tells its order.
    /// A store may keep the lines that share one stamp in arrival order (see `oldestFirst`):
    /// their steps forward must not outvote the log's steps back, so the steps between lines
    /// of different stamps are also judged alone; and where the stamps are too few for that,
    /// stamps that only step back, with the lines of each stamp plainly forward, tell too.
    static func looksNewestFirst(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var back = 0
        var forward = 0
        // (The steps between lines of different stamps.)
        var backAcross = 0
        var forwardAcross = 0
        // (A router's stamps and a relay's are compared each with its own kind: a message's later
        // lines, relayed as lines of their own, carry only the relay's whole seconds. The relay's
        // or the router's sequence numbers tell the order too.)
        var last: Double?
        var lastRelayed: Double?
        var lastOfAny: Double?
        // (Per host: each router's relayed lines have numbers of their own.)
        var lastSequence: [ArraySlice<UInt8>: (value: Int, tie: Int)] = [:]
        var content = ContentOrder()
        // (All steps counted, the log was plainly oldest first: as before, that stands.)
        var plainlyInOrder = false
        // (A stamp the router printed, not only a relay's.)
        var sawRouterStamp = false
        var console = ConsoleOrder()
        eachLine(bytes) { line, _ in
            if let (s, relayedOnly, sequence, host) = header(line) {
                console.stamped += 1
                if !relayedOnly { sawRouterStamp = true }
                if let l = relayedOnly ? lastRelayed : last {
                    if s < l { back += 1; backAcross += 1 } else if s > l { forward += 1; forwardAcross += 1 }
                }
                if relayedOnly { lastRelayed = s } else { last = s }
                if s != lastOfAny { content.tie += 1 }
                lastOfAny = s
                if sequence >= 0 {
                    let key = host.map { ArraySlice(line[$0.0..<$0.1]) } ?? []
                    if let l = lastSequence[key], sequence != l.value {
                        let isBack = sequence < l.value
                        if isBack { back += 1 } else { forward += 1 }
                        if l.tie != content.tie { if isBack { backAcross += 1 } else { forwardAcross += 1 } }
                    }
                    lastSequence[key] = (sequence, content.tie)
                }
            }
            content.read(line)
            console.read(line)
            if !plainlyInOrder { plainlyInOrder = Self.plainlyForward(back + content.back, forward + content.forward) }
            // (Plainly oldest first, ties or not: no need to look further.)
            return !(plainlyInOrder && Self.plainlyForward(backAcross + content.backAcross, forwardAcross + content.forwardAcross))
        }
        // (The stamps' own steps back between lines of different stamps.)
        let stampsBackAcross = backAcross
        backAcross += content.backAcross
        forwardAcross += content.forwardAcross
        if !plainlyInOrder && Self.mostlyBack(back + content.back, forward + content.forward) || Self.mostlyBack(backAcross, forwardAcross) {
            return true
        }
        // (Too few stamps for that, all stepping back, and the console's commands after what they
        // printed: a short log, `show logging | include CRYPTO` and three messages, turned round.)
        if stampsBackAcross > 0, forwardAcross == 0, back >= 4 * forward, console.back > 0, console.forward == 0 {
            return true
        }
        // (Few stamps, all stepping back, while the lines of each stamp plainly run forward.)
        guard backAcross > 0, backAcross >= 4 * forwardAcross else { return false }
        // (A syslog server's file of a router that stamps nothing, the server's whole seconds
        // stepping back once, with nothing said of the SAs across it: the server's clock set back
        // once, an NTP sync, in a file written as the messages came. A router's own stamps, or a
        // relay's numbers, tell a log of two seconds listed newest first.)
        guard sawRouterStamp || stampsBackAcross > 1 || content.backAcross > 0 else { return false }
        let (events, ties) = splitEvents(bytes)
        let steps = stepsInTies(bytes, events, ties)
        // (Or they plainly run backwards too: every line turned round, as `tac` lists a log.)
        return Self.mostlyBack(steps.forward, steps.back) || Self.mostlyBack(steps.back, steps.forward)
    }

    /// The order the console's lines tell: a command comes before what it printed. `show
    /// logging` before the log's messages (after all of them, with none after it: turned round),
    /// `configure terminal` before the configuration mode's prompts (`R1(config)#`).
    private struct ConsoleOrder {
        /// Stamped lines read so far (counted by the caller).
        var stamped = 0
        /// Stamped lines before the last prompt that printed the log (-1: none yet).
        private var stampedBeforeShow = -1
        /// A configuration mode's prompt came before any `configure terminal`.
        private var configBeforeEntering = false
        private var sawConfigure = false
        private var configSteps = (back: 0, forward: 0)

        mutating func read(_ line: UnsafeBufferPointer<UInt8>) {
            var k = 0
            while k < line.count, ASCII.isSpace(line[k]) { k += 1 }
            guard k < line.count, let mark = ByteScan.afterPromptName(line, from: k), mark == ASCII.hash else { return }
            var m = k
            while m < line.count, line[m] != ASCII.hash { m += 1 }
            guard m < line.count else { return }
            let mode = ByteSearch.contains("(conf", in: UnsafeBufferPointer(rebasing: line[k..<m]))
            var c = ByteCursor(line, from: m + 1)
            c.skipSpaces()
            if !mode, c.startsWith("sh"), ByteSearch.contains(" log", in: line, from: c.pos) {
                stampedBeforeShow = stamped
            } else if !mode, c.startsWith("conf") {
                if configBeforeEntering { configSteps.back += 1 } else { configSteps.forward += 1 }
                sawConfigure = true
                configBeforeEntering = false
            } else if mode, !sawConfigure {
                configBeforeEntering = true
            }
        }

        /// Steps back: the log printed before its command, a configuration mode before it was entered.
        var back: Int { configSteps.back + (stampedBeforeShow > 0 && stamped == stampedBeforeShow ? 1 : 0) }
        var forward: Int { configSteps.forward + (stampedBeforeShow == 0 && stamped > 0 ? 1 : 0) }
    }

    /// At least 8 steps forward, more than four times as many as back.
    private static func plainlyForward(_ back: Int, _ forward: Int) -> Bool {
        forward >= 8 && back * 4 < forward
    }

    /// At least 3 steps back, at least four times as many as forward.
    private static func mostlyBack(_ back: Int, _ forward: Int) -> Bool {
        back >= 3 && back >= 4 * forward
    }

    /// The order told by what the lines say, where stamps cannot (whole seconds, none): things an
    /// SA's debug always prints in the same order, compared per SA (its conn-id, IKEv2 session or
    /// SPI; a busy router interleaves them).
    /// - IKE state changes: `Old State = A  New State = B` then `Old State = B  New State = C`
    ///   is a step forward; the other way round, a step back.
    /// - An IKEv1 phase 1's milestones (`Milestone.ikev1`), an IKEv2 session's (`Milestone.ikev2`),
    ///   a quick mode's in the key engine's lines (`Milestone.ipsec`: the request or proposal, the
    ///   SAs created, the outbound SA enabled).
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
        /// The steps between lines of different stamps (see `tie`).
        private(set) var backAcross = 0
        private(set) var forwardAcross = 0
        /// Which run of lines with one stamp the next line is of (set by the reader): a store
        /// may list a tie's lines in arrival order though the log runs backwards.
        var tie = 0
        private var lastState: [ArraySlice<UInt8>: (old: ArraySlice<UInt8>, new: ArraySlice<UInt8>, tie: Int)] = [:]
        private var lastMilestone: [ArraySlice<UInt8>: (value: Int, tie: Int)] = [:]
        /// Per IKEv2 initiator SPI and the side whose count the message id is (a request this
        /// router sent and its response; or the peer's).
        private var lastMessage: [ArraySlice<UInt8>: (value: Int, tie: Int)] = [:]
        /// An IKEv2 packet whose dump (`Initiator SPI : … Message id: 1`, `IKEv2 IKE_AUTH Exchange
        /// REQUEST`) is still to come, in the head's line or the next few.
        private var packet: (sent: Bool, spi: ArraySlice<UInt8>?, id: Int?, request: Bool?, lines: Int)?

        /// Forgets what was read and counted (keeping the tables' room).
        mutating func reset() {
            back = 0
            forward = 0
            backAcross = 0
            forwardAcross = 0
            lastState.removeAll(keepingCapacity: true)
            lastMilestone.removeAll(keepingCapacity: true)
            lastMessage.removeAll(keepingCapacity: true)
            packet = nil
        }

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
            /// The key engine's lines of a quick mode (`debug crypto ipsec`), which name no SA: the
            /// router's one key engine, whose lines are all a log of that debug alone has to tell.
            static let ipsec: [(StaticString, Int)] = [
                ("IPSEC(sa_request)", 0), ("IPSEC(validate_proposal_request)", 0),
                ("IPSEC(create_sa)", 20), ("IPSEC(update_current_outbound_sa)", 30), ("IPSEC(key_engine_enable_outbound)", 30),
            ]
            static let keyEngine = ArraySlice("IPSEC".utf8)
        }

        mutating func read(_ line: UnsafeBufferPointer<UInt8>) {
            if let st = Self.stateChange(line) {
                // (Out of IKE_READY or IKE_QM_READY: a new SA or quick mode starts.)
                if st.old.elementsEqual("IKE_READY".utf8) || st.old.elementsEqual("IKE_QM_READY".utf8) {
                    lastState[st.sa] = nil
                } else if st.old != st.new {
                    if let l = lastState[st.sa] {
                        count(l.new == st.old ? 1 : st.new == l.old ? -1 : 0, since: l.tie)
                    }
                    lastState[st.sa] = (st.old, st.new, tie)
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
                    if rank == 0 { lastMilestone[sa] = nil } else { count(Self.step(&lastMilestone, sa, rank, tie)) }
                    break
                }
            }
            if !v2, let at = ByteSearch.find("IPSEC(", in: line) {
                for (text, rank) in Milestone.ipsec where ByteSearch.contains(text, in: line, from: at, to: min(line.count, at + 40)) {
                    if rank == 0 { lastMilestone[Milestone.keyEngine] = nil } else { count(Self.step(&lastMilestone, Milestone.keyEngine, rank, tie)) }
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
                count(Self.step(&lastMessage, spi + [p.sent == request ? 1 : 0], id * 2 + (request ? 0 : 1), tie))
                packet = nil
            } else {
                p.lines += 1
                packet = p.lines > 4 ? nil : p
            }
        }

        /// The step from the last value of `key` to `value` (1: forward, -1: back), and the run
        /// the last one was of; keeps `value`.
        private static func step(_ last: inout [ArraySlice<UInt8>: (value: Int, tie: Int)], _ key: ArraySlice<UInt8>, _ value: Int, _ tie: Int) -> (Int, since: Int) {
            defer { last[key] = (value, tie) }
            guard let l = last[key] else { return (0, tie) }
            return (value > l.value ? 1 : value < l.value ? -1 : 0, l.tie)
        }

        private mutating func count(_ s: (Int, since: Int)) { count(s.0, since: s.since) }

        /// Counts a step (1: forward, -1: back) from a line of run `since` to this one.
        private mutating func count(_ step: Int, since: Int) {
            if step > 0 { forward += 1 } else if step < 0 { back += 1 }
            if since != tie { if step > 0 { forwardAcross += 1 } else if step < 0 { backAcross += 1 } }
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
    ///
    /// Events that share one stamp (a tie: the lines of one millisecond, or of one second without
    /// `msec`) are listed by some stores in arrival order (a sort by time that keeps ties in
    /// index order: Kibana/Elasticsearch, `sort -s -r`), by others turned round with the rest
    /// (`tac`, a store that lists what it indexed last first). Which, is told by what the tied
    /// lines say (`stepsInTies`), summed over the input: a store does the one or the other
    /// throughout. Ties in arrival order keep it; with no clue, they are turned round with the rest.
    static func oldestFirst(_ bytes: [UInt8]) -> [UInt8] {
        var (events, ties) = bytes.withUnsafeBufferPointer { splitEvents($0) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 1)
        // (A CSV export's header row stays on top.)
        if let first = events.first,
           bytes[first].withUnsafeBufferPointer({ RecordAssembler.csvHeaderRow(UnsafeBufferPointer(rebasing: $0.prefix { $0 != ASCII.newline && $0 != 0x0D })) }) != nil {
            out.append(contentsOf: bytes[first])
            ties[0] = 1..<ties[0].upperBound
        }
        if bytes.withUnsafeBufferPointer({ linesTurned($0, events) }) {
            // Every line turned round, not each event: the lines read backwards one by one.
            var lines: [Range<Int>] = []
            bytes.withUnsafeBufferPointer { b in
                eachLine(UnsafeBufferPointer(rebasing: b[out.count...])) { _, whole in lines.append(whole); return true }
            }
            let start = out.count
            for r in lines.reversed() {
                var e = r.upperBound
                if e > r.lowerBound, bytes[start + e - 1] == ASCII.newline { e -= 1 }
                out.append(contentsOf: bytes[(start + r.lowerBound)..<(start + e)])
                out.append(ASCII.newline)
            }
            return out
        }
        let steps = bytes.withUnsafeBufferPointer { stepsInTies($0, events, ties) }
        let inArrivalOrder = steps.forward > steps.back
        for t in ties.reversed() {
            for k in 0..<t.count {
                out.append(contentsOf: bytes[events[inArrivalOrder ? t.lowerBound + k : t.upperBound - 1 - k]])
                if out.last != ASCII.newline { out.append(ASCII.newline) }
            }
        }
        return out
    }

    /// Whether every line of `bytes` was turned round (`tac`, a viewer that lists a file's lines
    /// newest first), not each event with its lines in order (a log store's export): the lines
    /// without a stamp after a stamped one (an event's, see `splitEvents`) are then the block of
    /// the stamped line after them, upside down. Told by the blocks of more than one line:
    /// IOS indents a block's first line least (`  (key eng. msg.) OUTBOUND …` before
    /// `    local_proxy= …`, `Initiator SPI : …` before ` SA KE N …`), and ends the head line the
    /// block goes on with a comma or a colon (`IPSEC(sa_request): ,`, `IPSEC(create_sa): sa
    /// created,`, `SA authentication status:`) or `ID payload`: in a turned log the lines' indentation shrinks towards the stamped line after
    /// them, which is the one that ends in a comma. Most blocks that tell say so (each block a
    /// vote, in the first `tieSampleBytes`).
    private static func linesTurned(_ bytes: UnsafeBufferPointer<UInt8>, _ events: [Range<Int>]) -> Bool {
        var turned = 0
        var inOrder = 0
        var read = 0
        /// A line's indentation, and whether it ends as a block's head does (blanks after it
        /// aside): in a comma or a colon, or in `ID payload` (its fields follow).
        func shape(_ line: UnsafeBufferPointer<UInt8>) -> (indent: Int, comma: Bool) {
            var i = 0
            while i < line.count, ASCII.isSpace(line[i]) { i += 1 }
            var e = line.count
            while e > i, ASCII.isSpace(line[e - 1]) { e -= 1 }
            return (i, e > i && (line[e - 1] == ASCII.comma || line[e - 1] == ASCII.colon)
                       || e - i >= 10 && ByteSearch.contains("ID payload", in: UnsafeBufferPointer(rebasing: line[(e - 10)..<e])))
        }
        for (n, e) in events.enumerated() where n + 1 < events.count {
            read += e.count
            if read > tieSampleBytes { break }
            var lines: [(indent: Int, comma: Bool)] = []
            var stamped = false
            eachLine(UnsafeBufferPointer(rebasing: bytes[e])) { line, _ in
                if lines.isEmpty { stamped = stamp(line) != nil }
                lines.append(shape(line))
                return stamped && lines.count < 64
            }
            // (A stamped line and its block: the block's first and last line, the heads on either side.)
            guard stamped, lines.count >= 2 else { continue }
            var vote = 0
            if lines.count >= 3, lines[1].indent != lines[lines.count - 1].indent {
                vote += lines[1].indent < lines[lines.count - 1].indent ? 1 : -1
            }
            var nextHead: (indent: Int, comma: Bool)?
            eachLine(UnsafeBufferPointer(rebasing: bytes[events[n + 1]])) { line, _ in
                if stamp(line) != nil { nextHead = shape(line) }
                return false
            }
            if let nextHead, lines[0].comma != nextHead.comma {
                vote += lines[0].comma ? 1 : -1
            }
            if vote > 0 { inOrder += 1 } else if vote < 0 { turned += 1 }
        }
        return turned > 0 && turned > 2 * inOrder
    }

    /// `bytes`'s events (see `oldestFirst`), and the runs of them that share one stamp, as ranges
    /// of the events. A prompt or a blank line joins the run it follows, as a store sorting by
    /// time keeps it behind its message; one before any stamp is a run of its own.
    private static func splitEvents(_ bytes: UnsafeBufferPointer<UInt8>) -> (events: [Range<Int>], ties: [Range<Int>]) {
        var events: [Range<Int>] = []
        var ties: [Range<Int>] = []
        var tieStamp: Double?
        var inEvent = false
        eachLine(bytes) { line, whole in
            if let s = stamp(line) {
                events.append(whole)
                inEvent = true
                if s == tieStamp, let t = ties.last {
                    ties[ties.count - 1] = t.lowerBound..<events.count
                } else {
                    ties.append((events.count - 1)..<events.count)
                    tieStamp = s
                }
            } else if inEvent, !isOwnEvent(line), let previous = events.last {
                events[events.count - 1] = previous.lowerBound..<whole.upperBound
            } else {
                events.append(whole)
                inEvent = false
                if tieStamp != nil, let t = ties.last {
                    ties[ties.count - 1] = t.lowerBound..<events.count
                } else {
                    ties.append((events.count - 1)..<events.count)
                }
            }
            return true
        }
        return (events, ties)
    }

    /// The steps back and forward inside each run of `ties` (what the lines say of each SA, a
    /// relay's numbers of each host, lines IOS prints one right after the other): forward
    /// outnumbering back, the events that share a stamp are listed in arrival order. Only steps
    /// inside one run count, each run read on its own: from one run to the next the log runs
    /// backwards either way. Read until the answer is plain, or `tieSampleBytes` of the runs are.
    private static func stepsInTies(_ bytes: UnsafeBufferPointer<UInt8>, _ events: [Range<Int>], _ ties: [Range<Int>]) -> (back: Int, forward: Int) {
        var content = ContentOrder()
        var lastSequence: [ArraySlice<UInt8>: Int] = [:]
        var back = 0
        var forward = 0
        var read = 0
        for t in ties where t.count > 1 {
            content.reset()
            lastSequence.removeAll(keepingCapacity: true)
            var adjacent = AdjacentLines()
            for e in t {
                read += events[e].count
                var first = true
                eachLine(UnsafeBufferPointer(rebasing: bytes[events[e]])) { line, _ in
                    if first { adjacent.read(line, own: isOwnEvent(line)) }
                    first = false
                    if let h = header(line), h.sequence >= 0 {
                        let key = h.host.map { ArraySlice(line[$0.0..<$0.1]) } ?? []
                        if let l = lastSequence[key] { if h.sequence < l { back += 1 } else if h.sequence > l { forward += 1 } }
                        lastSequence[key] = h.sequence
                    }
                    content.read(line)
                    return true
                }
            }
            back += content.back + adjacent.back
            forward += content.forward + adjacent.forward
            if read >= tieSampleBytes || max(forward, back) >= 32 && min(forward, back) * 4 < max(forward, back) { break }
        }
        return (back, forward)
    }

    /// Lines IOS prints one right after the other, in one order (each pair's second line comes
    /// after the first nearly always; the other way round, seldom): in a tie's events listed in
    /// arrival order the first of a pair comes right before the second; turned round, right after.
    /// Compared event by event (an event's first line), whatever SA the lines are of; a blank
    /// line or a prompt between two parts them (IOS prints a blank line after each state change).
    private struct AdjacentLines {
        private(set) var back = 0
        private(set) var forward = 0
        /// The pairs the last event's line is the first of (bit i: pair i), the second of.
        private var lastFirst: UInt64 = 0
        private var lastSecond: UInt64 = 0

        /// (At most 64: a bit each.)
        private static let pairs: [(StaticString, StaticString)] = [
            ("Input = ", "Old State = "),
            ("sending packet to", "Sending an IKE IPv"),
            ("Created a peer struct", "New peer created peer"), ("New peer created peer", "Locking peer struct"),
            ("Locking peer struct", "local port "), ("SA request profile is", "peer struct"),
            ("Old State = IKE_READY ", "beginning Main Mode exchange"),
            ("constructed NAT-T vendor-rfc3947 ID", "constructed NAT-T vendor-07 ID"),
            ("constructed NAT-T vendor-07 ID", "constructed NAT-T vendor-03 ID"),
            ("constructed NAT-T vendor-03 ID", "constructed NAT-T vendor-02 ID"),
            ("Checking ISAKMP transform", "encryption "),
            ("atts are acceptable. Next payload", "Acceptable atts:actual life"),
            ("Acceptable atts:actual life", "Acceptable atts:life"), ("Acceptable atts:life", "Fill atts in sa vpi_length"),
            ("Fill atts in sa vpi_length", "Fill atts in sa life_in_seconds"),
            ("Fill atts in sa life_in_seconds", "Returning Actual lifetime"), ("Returning Actual lifetime", "Started lifetime timer"),
            ("SA authentication status", "SA has been authenticated"), ("SA is doing", "pre-shared key authentication using"),
            ("Unlocking peer struct", "Deleting peer node by"),
            ("beginning Quick Mode exchange", "QM Initiator gets spi"),
            ("Checking IPSec proposal", ", ESP_"), ("Checking IPsec proposal", ", ESP_"), (", ESP_", "attributes in transform:"),
            ("Trying to insert a", "and inserted successfully"),
            ("Received IPSec Install callback", "Successfully installed IPSEC SA"),
            ("got a queue event", "rec'd enable notify from"), ("rec'd enable notify from", "enable SA with spi"),
            ("enable SA with spi", "IPSEC(update_current_outbound_sa)"),
            ("Searching Policy with fvrf", "Found Policy"), ("Generating IKE_SA_INIT message", "IKE Proposal:"),
            ("Verify peer's policy", "Peer's policy verified"), ("Peer's policy verified", "Get peer's authentication method"),
            ("Get peer's authentication method", "Peer's authentication method is"),
            ("Peer's authentication method is", "Get peer's preshared key"),
            ("Get peer's preshared key", "Verify peer's authentication data"),
            ("Get my authentication method", "My authentication method is"),
            ("IKEV2 SA created; inserting SA", "Session with IKE ID PAIR"),
            ("[IKEv2 -> Crypto Engine]", "[Crypto Engine -> IKEv2]"),
            ("Building packet for encryption", "Checking if request will fit"),
        ]

        mutating func read(_ line: UnsafeBufferPointer<UInt8>, own: Bool) {
            var first: UInt64 = 0
            var second: UInt64 = 0
            for (i, (a, b)) in Self.pairs.enumerated() where !own {
                if ByteSearch.contains(a, in: line) { first |= 1 << UInt64(i) }
                if ByteSearch.contains(b, in: line) { second |= 1 << UInt64(i) }
            }
            forward += (lastFirst & second).nonzeroBitCount
            back += (lastSecond & first).nonzeroBitCount
            (lastFirst, lastSecond) = (first, second)
        }
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
