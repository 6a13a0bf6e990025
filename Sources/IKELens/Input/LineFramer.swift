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
                appendCarry(UnsafeBufferPointer(start: bytes + start, count: remaining))
                return
            }
            let nl = bytes.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if carry.isEmpty && !carryOverflowed {
                var len = nl - start
                var cut = false
                if len > maxLineLength { len = maxLineLength; cut = true }
                try emit(UnsafeBufferPointer(start: bytes + start, count: len), cut: cut, body)
            } else {
                appendCarry(UnsafeBufferPointer(start: bytes + start, count: nl - start))
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
        }
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
