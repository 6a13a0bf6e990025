#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer for writing reports: raw stores after one capacity
/// check, none of `Array`'s per-append bookkeeping. Not copyable: one owner.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = Swift.max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Room for `n` more bytes.
    @inline(__always) mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        var c = capacity * 2
        while c < needed { c *= 2 }
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        capacity = c
    }

    @inline(__always) mutating func append(_ b: UInt8) {
        reserve(1)
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return }
        append(p.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// `n` bytes from `p`: the short runs a report writes most (keys, words, a state's name)
    /// byte by byte, longer ones with `memcpy` (a call costs more than a dozen stores).
    @inline(__always) mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        reserve(n)
        Self.copy(p, to: base + count, n)
        count += n
    }

    @inline(__always) private static func copy(_ p: UnsafePointer<UInt8>, to d: UnsafeMutablePointer<UInt8>, _ n: Int) {
        if n > 16 {
            memcpy(d, p, n)
        } else {
            for k in 0..<n { d[k] = p[k] }
        }
    }

    /// A new line and `n` spaces (a pretty report's indent), with one capacity check.
    @inline(__always) mutating func appendNewline(indent n: Int) {
        reserve(n + 1)
        base[count] = 0x0A
        let d = UnsafeMutableRawPointer(base + count + 1)
        var k = 0
        while k + 8 <= n {
            d.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: k, as: UInt64.self)
            k += 8
        }
        while k < n { d.storeBytes(of: 0x20 as UInt8, toByteOffset: k, as: UInt8.self); k += 1 }
        count += n + 1
    }

    /// `"name": ` (`"name":` when `compact`), with one capacity check: a JSON key of plain letters.
    @inline(__always) mutating func appendKey(_ name: StaticString, compact: Bool) {
        let n = name.utf8CodeUnitCount
        reserve(n + 4)
        base[count] = UInt8(ascii: "\"")
        Self.copy(name.utf8Start, to: base + count + 1, n)
        base[count + n + 1] = UInt8(ascii: "\"")
        base[count + n + 2] = UInt8(ascii: ":")
        if compact {
            count += n + 3
        } else {
            base[count + n + 3] = 0x20
            count += n + 4
        }
    }

    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(bytes))
    }

    @inline(__always) mutating func append(_ literal: StaticString) {
        append(literal.utf8Start, literal.utf8CodeUnitCount)
    }

    /// `n` copies of `b`.
    @inline(__always) mutating func append(repeating b: UInt8, count n: Int) {
        guard n > 0 else { return }
        reserve(n)
        memset(base + count, Int32(b), n)
        count += n
    }

    /// `v` in decimal, left-padded with zeros to at least `minDigits` digits.
    mutating func appendDecimal(_ v: UInt, minDigits: Int = 1) {
        // (A UInt has at most 20 digits.)
        reserve(Swift.max(20, minDigits))
        count += Self.writeDecimal(v, minDigits: minDigits, to: base + count)
    }

    /// Writes `v` in decimal, left-padded with zeros to at least `minDigits` digits, at `p` (room
    /// for them checked by the caller); returns how many bytes it wrote.
    @inline(__always) static func writeDecimal(_ v: UInt, minDigits: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        // (One or two digits, the usual stamp field, without the digit count.)
        if v < 100, minDigits <= 2 {
            if v < 10, minDigits <= 1 {
                p[0] = 0x30 &+ UInt8(truncatingIfNeeded: v)
                return 1
            }
            p[0] = 0x30 &+ UInt8(truncatingIfNeeded: v / 10)
            p[1] = 0x30 &+ UInt8(truncatingIfNeeded: v % 10)
            return 2
        }
        var digits = 1
        var rest = v
        while rest >= 10 { rest /= 10; digits += 1 }
        let width = Swift.max(digits, minDigits)
        var n = v
        for i in stride(from: width - 1, through: 0, by: -1) {
            p[i] = 0x30 &+ UInt8(truncatingIfNeeded: n % 10)
            n /= 10
        }
        return width
    }

    /// Up to `n` bytes written by `body` straight into the buffer after one capacity check;
    /// `body` gets where the next byte goes and returns how many it wrote.
    @inline(__always) mutating func write(upTo n: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(n)
        count += body(base + count)
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    mutating func removeAll() { count = 0 }

    /// Drops the first `n` bytes, the rest moved to the front.
    mutating func removeFirst(_ n: Int) {
        precondition(n >= 0 && n <= count)
        // (The two may overlap: `copyMemory` allows it.)
        if n < count { UnsafeMutableRawPointer(base).copyMemory(from: base + n, byteCount: count - n) }
        count -= n
    }

    /// A copy of the bytes written.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

extension Stamp {
    /// Appends `text` as UTF-8, without making a `String` (after one capacity check: at most
    /// 48 bytes).
    func write(to out: inout ByteBuffer) {
        out.write(upTo: 48) { p in
            var n = 0
            @inline(__always) func decimal(_ v: Int, _ minDigits: Int = 1) {
                n += ByteBuffer.writeDecimal(UInt(v), minDigits: minDigits, to: p + n)
            }
            @inline(__always) func byte(_ b: UInt8) { p[n] = b; n += 1 }
            switch kind {
            case .wall:
                if month >= 1 && month <= 12 {
                    let names: StaticString = "JanFebMarAprMayJunJulAugSepOctNovDec"
                    let m = names.utf8Start + (Int(month) - 1) * 3
                    byte(m[0]); byte(m[1]); byte(m[2])
                } else {
                    byte(UInt8(ascii: "?"))
                }
                byte(0x20)
                decimal(Int(day))
                if year > 0 {
                    byte(0x20)
                    decimal(Int(year))
                }
                byte(0x20)
            case .uptime:
                for b in "uptime ".utf8 { byte(b) }
            }
            if kind == .uptime, uptimeDays > 0 {
                decimal(Int(uptimeDays))
                byte(UInt8(ascii: "d"))
            }
            decimal(Int(hour), 2)
            byte(ASCII.colon)
            decimal(Int(minute), 2)
            byte(ASCII.colon)
            decimal(Int(second), 2)
            if millis >= 0 {
                byte(ASCII.dot)
                decimal(Int(millis), 3)
            }
            return n
        }
    }
}
