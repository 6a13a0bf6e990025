#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A correlator's SAs, in one run of memory that grows in place.
///
/// A busy device's full report keeps every SA it saw: a quarter of a million in 2 GB of log,
/// a hundred megabytes of structs. An `Array` grows by moving them all to a buffer twice the
/// size, both held while they move (the run's peak memory, at the growth after the last
/// power of two). Here the buffer is `realloc`'d: glibc moves a large block's pages (`mremap`),
/// not its bytes. Handed over (`take`), the SAs are moved into an `Array` a few megabytes at a
/// time, the pages moved from given back as they go, so the two are never both whole.
///
/// A value, copied on write, like the `Array` it stands for.
public struct SAStore: RandomAccessCollection {
    public typealias Element = SecurityAssociation
    public typealias Index = Int

    private final class Storage {
        var base: UnsafeMutablePointer<SecurityAssociation>?
        var count = 0
        var capacity = 0

        init() {}

        deinit {
            guard let base else { return }
            base.deinitialize(count: count)
            free(base)
        }

        func copy() -> Storage {
            let c = Storage()
            guard count > 0, let base else { return c }
            c.reserve(count)
            c.base!.initialize(from: base, count: count)
            c.count = count
            return c
        }

        /// Room for `n` SAs in all.
        func reserve(_ n: Int) {
            guard n > capacity else { return }
            let bytes = n * MemoryLayout<SecurityAssociation>.stride
            // (Swift values are moved bitwise: `realloc`'s move of the bytes is theirs.)
            guard let raw = realloc(base, bytes) else { fatalError("out of memory for \(n) SAs") }
            base = raw.bindMemory(to: SecurityAssociation.self, capacity: n)
            capacity = n
        }
    }

    private var storage = Storage()

    public init() {}

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.count }
    public var count: Int { storage.count }

    public subscript(i: Int) -> SecurityAssociation {
        unsafeAddress {
            precondition(i >= 0 && i < storage.count, "SA index out of range")
            return UnsafePointer(storage.base! + i)
        }
        unsafeMutableAddress {
            precondition(i >= 0 && i < storage.count, "SA index out of range")
            makeUnique()
            return storage.base! + i
        }
    }

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    public mutating func append(_ sa: SecurityAssociation) {
        makeUnique()
        let s = storage
        if s.count == s.capacity { s.reserve(Swift.max(16, s.capacity * 2)) }
        (s.base! + s.count).initialize(to: sa)
        s.count += 1
    }

    /// Drops the SAs at `dropped`, the others moved down in place, in order; returns each old
    /// index's new one (-1: dropped).
    mutating func remove(_ dropped: Set<Int>) -> [Int] {
        makeUnique()
        let s = storage
        var map = [Int](repeating: -1, count: s.count)
        guard let base = s.base else { return map }
        var kept = 0
        for i in 0..<s.count {
            if dropped.contains(i) {
                (base + i).deinitialize(count: 1)
            } else {
                if kept != i { (base + kept).moveInitialize(from: base + i, count: 1) }
                map[i] = kept
                kept += 1
            }
        }
        s.count = kept
        return map
    }

    /// Hands the SAs over as an array, leaving none (see the type's note).
    mutating func take() -> [SecurityAssociation] {
        defer { storage = Storage() }
        guard isKnownUniquelyReferenced(&storage) else { return Array(self) }
        let s = storage
        let n = s.count
        guard n > 0, let base = s.base else { return [] }
        let stride = MemoryLayout<SecurityAssociation>.stride
        let out = [SecurityAssociation](unsafeUninitializedCapacity: n) { buffer, initialized in
            let step = Swift.max(1, (4 << 20) / stride)
            var done = 0
            while done < n {
                let m = Swift.min(step, n - done)
                (buffer.baseAddress! + done).moveInitialize(from: base + done, count: m)
                done += m
                Self.giveBack(UnsafeMutableRawPointer(base), from: (done - m) * stride, to: done * stride)
            }
            initialized = n
        }
        s.count = 0  // (moved out: nothing left to deinitialize)
        return out
    }

    /// Gives the whole pages of `base[from..<to]` back to the system (their values moved out).
    private static func giveBack(_ base: UnsafeMutableRawPointer, from: Int, to: Int) {
        #if canImport(Glibc)
        let page = Swift.max(4096, sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + from + page - 1) / page * page
        let end = (Int(bitPattern: base) + to) / page * page
        guard end - start >= 1 << 20 else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_DONTNEED)
        #endif
    }
}
