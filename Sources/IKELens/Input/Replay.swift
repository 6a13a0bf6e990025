/// A second copy of a router's log in the same input, read once: the console capture of
/// `debug crypto isakmp` followed by `show logging` (its header, then the whole buffer again),
/// or the same `show logging` pasted twice. Each copied message would otherwise be a second
/// event: a second SA at the copied `NEW SA`, the failure charged to it.
///
/// A copy starts where a device's stamps jump back in time to a record read before, byte for
/// byte (the router's stamp to the millisecond, or its sequence number, and the text); right
/// after a prompt that printed the log (`show logging`), it may also start at the latest stamp
/// read, with a record read at that stamp. It ends where the stamps pass the latest read before
/// it. The records in it that repeat one read before are not handed on (their lines count as
/// console noise); those that do not (the buffer held more than the capture) are read as usual.
/// At the latest stamp itself, a record is a copy only as many times as it was read at that
/// stamp (IOS prints the same block of lines twice in one millisecond: the buffer may go on
/// with the second block where the capture stopped after the first).
///
/// Two records confirm a copy (eight when the stamps have whole seconds only; one after `show
/// logging`), held until then: a single line out of order is not one, and a copy reaches the
/// latest stamp from the record read just before it. Lines the router printed twice in the same
/// millisecond, or two SAs' identical `(0)` lines, come without a jump back and are all read; a
/// log without stamps tells nothing, and is read as it is.
///
/// Keyed by device (a syslog server's file of several routers: their clocks differ), and each
/// device's debug and syslog messages ordered apart (see `Clock`). Memory is bounded: the hashes
/// of the last `RecentHashes.generation` to twice as many records, at most `boundaryLimit` records
/// at each device's latest stamp, and `heldLimit` held.
struct ReplayFilter {
    enum Verdict {
        /// Hand the record on.
        case read
        /// Keep it (a copy may begin with it): given back by `takeHeld` if not.
        case hold
        /// A copy of a record read before: counted, not handed on.
        case drop
    }

    /// The stamps of one kind of message of a device: its debug output, or its syslog messages
    /// (`%CRYPTO-…`), which IOS stamps apart (`service timestamps debug …` and `… log …`: one
    /// in UTC, the other in local time, is common). Each is ordered against its own.
    private struct Clock {
        /// The latest stamp read.
        var latest: Stamp?
        /// The records read at the latest stamp (or number), hashed, unless there were more than
        /// `boundaryLimit` (`boundaryFull`).
        var boundary: [UInt64] = []
        var boundaryFull = false
        /// How many times each of `boundary` was read (nil: too many to keep).
        var boundaryCounts: [UInt64: Int]? {
            boundaryFull ? nil : boundary.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        }
        /// The last record read, and the one read before the first at the latest stamp.
        var last: UInt64 = 0
        var beforeBoundary: UInt64 = 0
        /// In a copy: the latest stamp before it began, what is left of `boundary` to match,
        /// and the last stamp in it; the last record held, and whether it was at that stamp.
        var copyLatest: Stamp?
        var boundaryLeft: [UInt64: Int]?
        var lastInCopy: Stamp?
        var lastHeld: UInt64 = 0
        var lastHeldAtBoundary = false

        /// A record read past the latest stamp (or at one of another kind): the new latest.
        mutating func readAfter(_ stamp: Stamp?, _ hash: UInt64) {
            beforeBoundary = last
            if let s = stamp { latest = s }
            boundary.removeAll(keepingCapacity: true)
            boundary.append(hash)
            boundaryFull = false
            last = hash
        }

        /// A record read at the latest stamp.
        mutating func readSame(_ hash: UInt64) {
            if boundary.count < ReplayFilter.boundaryLimit {
                boundary.append(hash)
            } else {
                boundaryFull = true
            }
            last = hash
        }
    }

    /// One device's state.
    private struct Device {
        var clocks = [Clock(), Clock()]
        /// The latest sequence number read (-1: none), and the last line of the last record read.
        var latestNumber = -1
        var lastLine = -1
        /// A prompt printed the log after the last record read, and no stamp passed the
        /// latest since: a copy may start at the latest stamp. The prompt's line.
        var logShown = false
        var logShownAt = -1
        /// Reading a copy (`held` non-empty: not confirmed yet); the latest number before it
        /// began, and the last number in it.
        var inCopy = false
        var copyLatestNumber = -1
        var lastNumberInCopy = -1
        /// Records held while a copy is not confirmed, how many of them are stamped, and how
        /// many must be.
        var held: [Record] = []
        var heldStamped = 0
        var needed = 0
        /// Lines not handed on, and the stretches they were in (the first few).
        var lines = 0
        var stretches: [ClosedRange<Int>] = []
        var stretchCount = 0
        var stretchOpen = false
        /// A device that showed neither stamp nor number yet.
        var unstamped: Bool { latestNumber < 0 && clocks[0].latest == nil && clocks[1].latest == nil }

        /// Notes a record read (see `ReplayFilter.read`).
        mutating func read(_ record: Record, _ hash: UInt64, kind: Precision, clock c: Int, order: Order) {
            lastLine = record.lastLine
            guard kind != .none else { return }
            switch order {
            case .after, .unknown:
                // (A stamp of another kind than the latest, uptime after wall time: a clock set.)
                if record.sequence >= 19 { latestNumber = record.sequence / 19 }
                logShown = false
                clocks[c].readAfter(record.stamp, hash)
            case .same:
                clocks[c].readSame(hash)
            case .before:
                clocks[c].last = hash
            }
        }
    }

    private var devices: [Device] = []
    private var recent = RecentHashes()

    /// How many stretches each device keeps to name.
    static let shownStretches = 3
    /// How many records at one stamp each device keeps count of (`Clock.boundary`).
    static let boundaryLimit = 4096
    /// How many records a device holds at most while a copy is not confirmed.
    static let heldLimit = 64

    /// Whether `record` is read, held or dropped. Held records of its device that are not a copy
    /// after all are to be taken (`takeHeld`) and read before it (`release` is true).
    mutating func judge(_ record: Record) -> (Verdict, release: Bool) {
        let d = record.device
        while devices.count <= d { devices.append(Device()) }
        let kind = Self.precision(record)
        // (A device that showed no stamp yet: nothing to tell a copy by, nothing to remember.)
        if kind == .none, !devices[d].inCopy, devices[d].unstamped { return (.read, false) }
        if record.logShownAt > devices[d].logShownAt, record.firstLine > record.logShownAt {
            devices[d].logShownAt = record.logShownAt
            devices[d].logShown = devices[d].lastLine < record.logShownAt
        }
        let c = Self.clock(record)
        let hash = Self.hash(record)
        if !devices[d].inCopy {
            let order = kind == .none ? .unknown : Self.order(record, devices[d].clocks[c].latest, devices[d].latestNumber)
            let starts = order == .before && recent.contains(hash)
                || order == .same && devices[d].logShown && devices[d].clocks[c].boundary.contains(hash)
            guard starts else {
                read(record, hash, device: d, kind: kind, clock: c, order: order)
                return (.read, false)
            }
            // The stamps jumped back to a message read before (or, after `show logging`, a message
            // read at the latest stamp came again): a copy may begin here.
            // (One record is enough after `show logging`: the prompt says a copy follows.)
            devices[d].needed = devices[d].logShown ? 1 : kind == .seconds ? 8 : 2
            devices[d].inCopy = true
            devices[d].logShown = false
            for k in 0..<2 {
                devices[d].clocks[k].copyLatest = devices[d].clocks[k].latest
                devices[d].clocks[k].boundaryLeft = devices[d].clocks[k].boundaryCounts
                devices[d].clocks[k].lastInCopy = nil
                devices[d].clocks[k].lastHeld = 0
                devices[d].clocks[k].lastHeldAtBoundary = false
            }
            devices[d].copyLatestNumber = devices[d].latestNumber
            devices[d].lastNumberInCopy = -1
            devices[d].held = []
            devices[d].heldStamped = 0
            devices[d].stretchOpen = false
        }
        if kind != .none, Self.order(record, devices[d].clocks[c].lastInCopy, devices[d].lastNumberInCopy) == .before {
            // A copy after the copy (pasted three times): the latest stamp's records again.
            devices[d].clocks[c].boundaryLeft = devices[d].clocks[c].boundaryCounts
        }
        let order = kind == .none ? .unknown : Self.order(record, devices[d].clocks[c].copyLatest, devices[d].copyLatestNumber)
        if kind != .none {
            if record.stamp != nil { devices[d].clocks[c].lastInCopy = record.stamp }
            if record.sequence >= 19 { devices[d].lastNumberInCopy = record.sequence / 19 }
        }
        var copied: Bool
        switch order {
        case .after: copied = false
        case .same:
            if let left = devices[d].clocks[c].boundaryLeft {
                copied = (left[hash] ?? 0) > 0
            } else {
                copied = recent.contains(hash)
            }
            if copied, !devices[d].held.isEmpty, !devices[d].clocks[c].lastHeldAtBoundary,
               devices[d].clocks[c].lastHeld != devices[d].clocks[c].beforeBoundary {
                // (Not confirmed yet: a copy reaches the latest stamp from the record read just
                // before it. A line that came again out of order, then one the router printed
                // twice at the latest stamp, are no copy.)
                copied = false
            }
            if copied, devices[d].clocks[c].boundaryLeft != nil { devices[d].clocks[c].boundaryLeft![hash]! -= 1 }
        case .before, .unknown: copied = recent.contains(hash)
        }
        if copied, kind != .none {
            devices[d].clocks[c].lastHeld = hash
            devices[d].clocks[c].lastHeldAtBoundary = order == .same
        }
        if !copied {
            // Past the latest read before the copy began (the buffer goes on beyond the capture),
            // or a message the first copy did not hold: read as usual.
            let release = !devices[d].held.isEmpty
            // (Not confirmed: what was held is read after all.)
            if order == .after || release { devices[d].inCopy = false; devices[d].stretchOpen = false }
            read(record, hash, device: d)
            return (.read, release)
        }
        if devices[d].heldStamped < devices[d].needed {
            if devices[d].held.count >= Self.heldLimit {
                // (Lines without a stamp between, seen before, do not confirm a copy: too many
                // are read after all.)
                devices[d].inCopy = false
                devices[d].stretchOpen = false
                read(record, hash, device: d)
                return (.read, true)
            }
            devices[d].held.append(record)
            if kind != .none { devices[d].heldStamped += 1 }
            if devices[d].heldStamped < devices[d].needed { return (.hold, false) }
            // Confirmed: the held records are copies.
            let held = devices[d].held
            devices[d].held = []
            for r in held { count(r, device: d) }
            return (.drop, false)
        }
        count(record, device: d)
        return (.drop, false)
    }

    /// The records `device` held, to be read (in order) before the one just judged.
    mutating func takeHeld(device d: Int) -> [Record] {
        let held = devices[d].held
        devices[d].held = []
        devices[d].heldStamped = 0
        for r in held { read(r, Self.hash(r), device: d) }
        return held
    }

    /// At the input's end: every device's held records (no copy was confirmed), to be read.
    mutating func takeAllHeld() -> [Record] {
        var all: [Record] = []
        for d in devices.indices where !devices[d].held.isEmpty {
            all += takeHeld(device: d)
            devices[d].inCopy = false
        }
        return all
    }

    /// Lines of `device` not handed on (copies), and the stretches they were in (the first
    /// `shownStretches`) and how many stretches there were.
    func copied(device d: Int) -> (lines: Int, stretches: [ClosedRange<Int>], count: Int) {
        guard d < devices.count else { return (0, [], 0) }
        return (devices[d].lines, devices[d].stretches, devices[d].stretchCount)
    }

    /// Notes a record read (handed on): its hash, and where it leaves the latest stamp.
    private mutating func read(_ record: Record, _ hash: UInt64, device d: Int) {
        let kind = Self.precision(record)
        read(record, hash, device: d, kind: kind, clock: Self.clock(record),
             order: kind == .none ? .unknown : Self.order(record, devices[d].clocks[Self.clock(record)].latest, devices[d].latestNumber))
    }

    private mutating func read(_ record: Record, _ hash: UInt64, device d: Int, kind: Precision, clock c: Int, order: Order) {
        recent.insert(hash)
        // (One access to the device, changed in place: not one per field.)
        devices[d].read(record, hash, kind: kind, clock: c, order: order)
    }

    private mutating func count(_ record: Record, device d: Int) {
        devices[d].lines += record.lineCount
        if !devices[d].stretchOpen {
            devices[d].stretchOpen = true
            devices[d].stretchCount += 1
            if devices[d].stretchCount <= Self.shownStretches { devices[d].stretches.append(record.firstLine...record.lastLine) }
        } else if devices[d].stretchCount <= Self.shownStretches, let last = devices[d].stretches.indices.last {
            let s = devices[d].stretches[last]
            devices[d].stretches[last] = s.lowerBound...max(s.upperBound, record.lastLine)
        }
    }

    /// The clock a record is ordered by: 1 for a syslog message (`%FACILITY-…`), 0 for debug.
    private static func clock(_ r: Record) -> Int {
        r.text.first == UInt8(ascii: "%") ? 1 : 0
    }

    /// How precisely a record tells one message from another: by its sequence number or a stamp
    /// to the millisecond, by a stamp to the second, or not at all.
    private enum Precision { case exact, seconds, none }

    private static func precision(_ r: Record) -> Precision {
        if r.sequence >= 19 || (r.stamp?.millis ?? -1) >= 0 { return .exact }
        return r.stamp != nil ? .seconds : .none
    }

    private enum Order { case before, same, after, unknown }

    /// Where `r` stands against a stamp and sequence number: by the numbers when both have one,
    /// else by the stamps (of one kind).
    private static func order(_ r: Record, _ stamp: Stamp?, _ number: Int) -> Order {
        if r.sequence >= 19, number >= 0 {
            let n = r.sequence / 19
            return n < number ? .before : n == number ? .same : .after
        }
        guard let s = r.stamp, let l = stamp, s.kind == l.kind else { return .unknown }
        if s.day == l.day, s.month == l.month, s.year == l.year, s.uptimeDays == l.uptimeDays {
            // (The same day, as most are: the time of day alone, without `seconds(until:)`'s sums.)
            @inline(__always) func time(_ t: Stamp) -> Int {
                Int(t.hour) << 32 | Int(t.minute) << 24 | Int(t.second) << 16 | Int(max(t.millis, 0))
            }
            let (a, b) = (time(l), time(s))
            return b < a ? .before : b == a ? .same : .after
        }
        let d = l.seconds(until: s)
        return d < 0 ? .before : d == 0 ? .same : .after
    }

    /// The record's device, stamp, sequence number and text, hashed (a multiply and a shift per
    /// eight bytes: every record is hashed).
    static func hash(_ r: Record) -> UInt64 {
        let m: UInt64 = 0xFF51_AFD7_ED55_8CCD
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: r.device)
        if let s = r.stamp {
            h = (h ^ (UInt64(s.kind.rawValue) | UInt64(s.month) << 8 | UInt64(s.day) << 16 | UInt64(s.year) << 24
                | UInt64(s.hour) << 40 | UInt64(s.minute) << 48 | UInt64(s.second) << 56)) &* m
            h = (h ^ h >> 32 ^ (UInt64(UInt16(bitPattern: s.millis)) | UInt64(s.uptimeDays) << 16 | 1 << 40)) &* m
        }
        h = (h ^ h >> 32 ^ UInt64(bitPattern: Int64(r.sequence)) ^ (r.isOperatorCommand ? 1 << 63 : 0)) &* m
        h = r.text.withUnsafeBytes { raw -> UInt64 in
            var h = h
            let n = raw.count
            var i = 0
            while i + 8 <= n {
                h = (h ^ h >> 32 ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
                i += 8
            }
            var last = UInt64(n) << 56
            if i < n, n >= 8 {
                // (The last bytes from one load of the eight that end the text, the ones hashed
                // already shifted out: the same value the loop below makes.)
                last |= raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> (8 * UInt64(8 - (n - i)))
                i = n
            }
            var k: UInt64 = 0
            while i < n {
                last |= UInt64(raw[i]) << k
                i += 1
                k += 8
            }
            return (h ^ h >> 32 ^ last) &* m
        }
        h ^= h >> 29
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 32
        return h == 0 ? 1 : h
    }
}

/// The hashes of the records read lately: two tables of `generation` each, the older one
/// cleared and reused when the newer is full, so between `generation` and twice as many of
/// the latest are known (1 MiB in all).
///
/// Inserted `batch` at a time, in order (a lookup first places what waits, so it sees every
/// hash inserted before it, as if placed one by one): one hash's slot is a random one of 1 MiB,
/// and placed one per record each waited for its cache line (3% of a run's time on one load);
/// a batch's slots are read together first, their misses overlapping.
struct RecentHashes {
    static let generation = 1 << 15
    static let batch = 64
    /// Open addressing, linear probing, half full at most; 0 is an empty slot.
    private var newer: [UInt64] = []
    private var older: [UInt64] = []
    private var count = 0
    /// Inserted, not placed in `newer` yet.
    private var waiting: [UInt64] = []
    /// What the batch's first reads summed (kept, so the reads are made).
    private var touched: UInt64 = 0

    mutating func contains(_ h: UInt64) -> Bool {
        if !waiting.isEmpty { placeWaiting() }
        return Self.find(h, in: newer) || Self.find(h, in: older)
    }

    mutating func insert(_ h: UInt64) {
        if waiting.capacity < Self.batch { waiting.reserveCapacity(Self.batch) }
        waiting.append(h)
        if waiting.count == Self.batch { placeWaiting() }
    }

    private mutating func placeWaiting() {
        if newer.isEmpty { newer = Array(repeating: 0, count: 2 * Self.generation) }
        // (The slots' lines read first, all of them: the misses overlap. The table may turn over
        // within the batch: then some were read in vain.)
        let mask = newer.count - 1
        var sum: UInt64 = 0
        newer.withUnsafeBufferPointer { t in
            for h in waiting { sum &+= t[Int(truncatingIfNeeded: h) & mask] }
        }
        touched &+= sum
        for h in waiting { place(h) }
        waiting.removeAll(keepingCapacity: true)
    }

    private mutating func place(_ h: UInt64) {
        if count == Self.generation {
            swap(&newer, &older)
            if newer.isEmpty {
                newer = Array(repeating: 0, count: 2 * Self.generation)
            } else {
                newer.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            }
            count = 0
        }
        let mask = newer.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while newer[i] != 0 {
            if newer[i] == h { return }
            i = (i + 1) & mask
        }
        newer[i] = h
        count += 1
    }

    private static func find(_ h: UInt64, in table: [UInt64]) -> Bool {
        guard !table.isEmpty else { return false }
        let mask = table.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while table[i] != 0 {
            if table[i] == h { return true }
            i = (i + 1) & mask
        }
        return false
    }
}
