#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines, one chunk at a time.
///
/// Driven like a swift-nio decoder: `feed` as many chunks as arrive (any size,
/// down to one byte), then `finish` once at end of input. Lines are handed to
/// the caller as borrowed byte buffers, valid only during the call, so the
/// framer itself never copies a line that lies whole inside a chunk. A line is
/// split on LF; one trailing CR is removed. A line longer than `maxLineLength`
/// is cut at that length (the rest up to the next LF is skipped) and flagged,
/// never fatal, so the memory used is bounded whatever the input.
public struct LineFramer {
    /// Lines longer than this are cut. 64 KiB is far beyond any IOS debug line.
    public static let defaultMaxLineLength = 64 * 1024

    public let maxLineLength: Int
    /// Number of the last line handed out (1-based).
    public private(set) var lineNumber = 0
    /// How many lines were cut at `maxLineLength`.
    public private(set) var truncatedLines = 0
    /// Total bytes fed.
    public private(set) var bytesRead = 0

    private var carry: [UInt8] = []
    private var carryOverflowed = false

    public init(maxLineLength: Int = LineFramer.defaultMaxLineLength) {
        precondition(maxLineLength > 0)
        self.maxLineLength = maxLineLength
    }

    /// Feeds one chunk; `body` receives each complete line with its number and
    /// whether it was cut.
    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void
    ) rethrows {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        bytesRead += chunk.count
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        let end = chunk.count
        var start = 0
        while start < end {
            let remaining = end - start
            guard let hit = memchr(bytes + start, 0x0A, remaining) else {
                try carryOn(UnsafeBufferPointer(start: bytes + start, count: remaining), body)
                return
            }
            let nl = bytes.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if carry.isEmpty && !carryOverflowed {
                var len = nl - start
                if len > Self.loneCRLook || loneCRs {
                    // (Rare: a line this long. See `emitLoneCRLines`.)
                    let line = UnsafeBufferPointer(start: bytes + start, count: len)
                    let rest = try emitLoneCRLines(line, body)
                    if rest > 0 {
                        try emit(UnsafeBufferPointer(rebasing: line[rest...]), cut: false, body)
                        start = nl + 1
                        continue
                    }
                    loneCRs = false
                }
                var cut = false
                if len > maxLineLength { len = maxLineLength; cut = true }
                try emit(UnsafeBufferPointer(start: bytes + start, count: len), cut: cut, body)
            } else {
                try carryOn(UnsafeBufferPointer(start: bytes + start, count: nl - start), body)
                try flushCarry(body)
            }
            start = nl + 1
        }
    }

    /// Convenience for tests and small inputs.
    public mutating func feed(
        _ chunk: [UInt8],
        _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void
    ) rethrows {
        try chunk.withUnsafeBytes { try feed($0, body) }
    }

    /// Hands out the last line if the input did not end with LF.
    public mutating func finish(_ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) rethrows {
        if !carry.isEmpty || carryOverflowed {
            try flushCarry(body)
            unterminatedLine = lineNumber
        }
    }

    /// The number of the last line when the input ended inside it, without its line end (a file
    /// cut short: its last message may be cut anywhere); 0 when the input ended with a LF.
    public private(set) var unterminatedLine = 0

    /// A line longer than this is looked at for lone CRs (see `emitLoneCRLines`).
    static let loneCRLook = 2048
    /// Lines ended by lone CRs were found (see `emitLoneCRLines`): one is a line end from then on,
    /// until a line ends with LF again.
    private var loneCRs = false

    /// Where a line holds lines ended by lone CRs (a file whose line ends changed part-way from
    /// LF to CR, appended to by a tool that writes CRs: a serial capture, an old Mac export),
    /// hands out each, and returns where the last one's rest begins; 0 when `line` holds none:
    /// fewer than two lone CRs (not the `\r` of a `\r\n` at its end; telnet's `\r\0` counts as
    /// one CR). Only looked at in a line over `loneCRLook` bytes; a real line is far shorter. A
    /// file of lone-CR lines from its start is converted whole by `InputDecoder`.
    private mutating func emitLoneCRLines(_ line: UnsafeBufferPointer<UInt8>,
                                          _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) rethrows -> Int {
        guard let base = line.baseAddress else { return 0 }
        var n = line.count
        while n > 0, line[n - 1] == 0x0D { n -= 1 }
        var ends: [Int] = []
        var p = 0
        while p < n, let hit = memchr(base + p, 0x0D, n - p) {
            let cr = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            ends.append(cr)
            p = cr + 1
        }
        guard ends.count >= (loneCRs ? 1 : 2) else { return 0 }
        loneCRs = true
        var s = 0
        for cr in ends {
            try emit(UnsafeBufferPointer(rebasing: line[s..<cr]), cut: false, body)
            s = cr + 1
            if s < line.count, line[s] == 0 { s += 1 }
        }
        return s
    }

    /// Carries `part` on; a carried line that would be cut is first looked at for lines ended by
    /// lone CRs (see `emitLoneCRLines`): those are handed out, only the last one's rest carried.
    private mutating func carryOn(_ part: UnsafeBufferPointer<UInt8>,
                                  _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) rethrows {
        guard !carryOverflowed, loneCRs || carry.count + part.count > maxLineLength else { return appendCarry(part) }
        var whole = carry
        whole.append(contentsOf: part)
        if try !carryRest(of: whole, body) { appendCarry(part) }
    }

    /// Hands out the lines ended by lone CRs in `whole`, the carried line and what came after it
    /// (see `emitLoneCRLines`), and carries only the last one's rest; false when it holds none.
    private mutating func carryRest(of whole: [UInt8],
                                    _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) rethrows -> Bool {
        let rest = try whole.withUnsafeBufferPointer { try emitLoneCRLines($0, body) }
        guard rest > 0 else { return false }
        carry.removeAll(keepingCapacity: true)
        whole.withUnsafeBufferPointer { appendCarry(UnsafeBufferPointer(rebasing: $0[rest...])) }
        return true
    }

    private mutating func appendCarry(_ part: UnsafeBufferPointer<UInt8>) {
        let room = maxLineLength - carry.count
        if part.count > room {
            if room > 0 { carry.append(contentsOf: UnsafeBufferPointer(rebasing: part[0..<room])) }
            carryOverflowed = true
        } else {
            carry.append(contentsOf: part)
        }
    }

    private mutating func flushCarry(_ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void) rethrows {
        if !carryOverflowed, loneCRs || carry.count > Self.loneCRLook { _ = try carryRest(of: carry, body) }
        let cut = carryOverflowed
        // A CR that ended up exactly at the cut is content, not a line ending; fine either way.
        try carry.withUnsafeBufferPointer { try emit($0, cut: cut, body) }
        carry.removeAll(keepingCapacity: true)
        carryOverflowed = false
    }

    private mutating func emit(
        _ line: UnsafeBufferPointer<UInt8>, cut: Bool,
        _ body: (UnsafeBufferPointer<UInt8>, Int, Bool) throws -> Void
    ) rethrows {
        lineNumber += 1
        if cut { truncatedLines += 1 }
        var count = line.count
        // `\r\n`, and `\r\r\n` from terminal captures; telnet's `\r\0\n`.
        while !cut, count > 0, line[count - 1] == 0x0D || line[count - 1] == 0 && count > 1 && line[count - 2] == 0x0D { count -= 1 }
        try body(UnsafeBufferPointer(start: line.baseAddress, count: count), lineNumber, cut)
    }
}
