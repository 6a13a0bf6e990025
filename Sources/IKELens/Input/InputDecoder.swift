/// Normalizes the encoding of an input before line framing, decided from its
/// first bytes: a UTF-8 byte-order mark is dropped; UTF-16 (with a BOM, or
/// detected by its zero bytes, as Windows editors save logs) is transcoded to
/// UTF-8; old Mac files that end lines with a lone CR get LF. Plain UTF-8 / ASCII
/// passes through untouched (the common case costs one check per chunk).
public struct InputDecoder {
    public enum Encoding: Sendable, Equatable { case undecided, utf8, utf16LE, utf16BE, crOnly }

    public private(set) var encoding: Encoding = .undecided
    private var pending: [UInt8] = []          // bytes held until the encoding is known / an odd UTF-16 byte
    private var highSurrogate: UInt16?
    private var out: [UInt8] = []

    public init() {}

    /// Decodes `chunk`; `body` receives UTF-8 bytes (possibly the chunk itself).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        if encoding == .utf8 { body(chunk); return }
        if encoding == .undecided {
            pending.append(contentsOf: chunk)
            // A BOM or UTF-16's zeros show in the first bytes; a lone-CR file needs a
            // longer look (no LF at all in its first KiB).
            guard pending.count >= 64 else { return }
            if pending.count < 1024, !pending.contains(0x0A), pending.contains(0x0D), !looksLikeUTF16OrBOM() { return }
            decide()
            let held = pending
            pending = []
            held.withUnsafeBytes { convert($0, body) }
            return
        }
        convert(chunk, body)
    }

    /// Ends the input: decides on what was held, flushes it.
    public mutating func finish(_ body: (UnsafeRawBufferPointer) -> Void) {
        if encoding == .undecided {
            decide()
            let held = pending
            pending = []
            held.withUnsafeBytes { convert($0, body) }
        }
    }

    private func looksLikeUTF16OrBOM() -> Bool {
        let b = pending
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) || b[0] == 0xEF { return true }
        return b.prefix(64).filter { $0 == 0 }.count >= 16
    }

    private mutating func decide() {
        let b = pending
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            pending.removeFirst(3)
            encoding = .utf8
        } else if b.count >= 2, b[0] == 0xFF, b[1] == 0xFE {
            pending.removeFirst(2)
            encoding = .utf16LE
        } else if b.count >= 2, b[0] == 0xFE, b[1] == 0xFF {
            pending.removeFirst(2)
            encoding = .utf16BE
        } else {
            // No BOM: UTF-16 text has a zero in nearly every other byte.
            let n = min(b.count, 4096) & ~1
            var zeroOdd = 0, zeroEven = 0
            var i = 0
            while i < n {
                if b[i] == 0 { zeroEven += 1 }
                if b[i + 1] == 0 { zeroOdd += 1 }
                i += 2
            }
            let pairs = max(n / 2, 1)
            if zeroOdd * 10 >= pairs * 8 && zeroEven * 10 < pairs { encoding = .utf16LE }
            else if zeroEven * 10 >= pairs * 8 && zeroOdd * 10 < pairs { encoding = .utf16BE }
            else if !b.contains(0x0A) && b.filter({ $0 == 0x0D }).count >= 2 { encoding = .crOnly }
            else { encoding = .utf8 }
        }
    }

    private mutating func convert(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        switch encoding {
        case .utf8, .undecided:
            body(chunk)
        case .crOnly:
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: chunk)
            for i in out.indices where out[i] == 0x0D { out[i] = 0x0A }
            out.withUnsafeBytes { body($0) }
        case .utf16LE, .utf16BE:
            out.removeAll(keepingCapacity: true)
            var bytes = pending
            pending.removeAll()
            bytes.append(contentsOf: chunk)
            var i = 0
            while i + 1 < bytes.count {
                let unit = encoding == .utf16LE ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])
                i += 2
                appendUnit(unit)
            }
            if i < bytes.count { pending = [bytes[i]] }
            out.withUnsafeBytes { body($0) }
        }
    }

    private mutating func appendUnit(_ u: UInt16) {
        var scalar: UInt32
        if let high = highSurrogate {
            highSurrogate = nil
            if u >= 0xDC00 && u <= 0xDFFF {
                scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(u) - 0xDC00)
            } else {
                appendScalar(0xFFFD)
                scalar = UInt32(u)
            }
        } else if u >= 0xD800 && u <= 0xDBFF {
            highSurrogate = u
            return
        } else {
            scalar = UInt32(u)
        }
        if scalar >= 0xDC00 && scalar <= 0xDFFF { scalar = 0xFFFD }
        appendScalar(scalar)
    }

    private mutating func appendScalar(_ s: UInt32) {
        switch s {
        case 0..<0x80: out.append(UInt8(s))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (s >> 6))); out.append(UInt8(0x80 | (s & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (s >> 12))); out.append(UInt8(0x80 | ((s >> 6) & 0x3F))); out.append(UInt8(0x80 | (s & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (s >> 18))); out.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((s >> 6) & 0x3F))); out.append(UInt8(0x80 | (s & 0x3F)))
        }
    }
}
