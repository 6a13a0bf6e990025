#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an input is when its first bytes show it is not text: a file format known
/// by its magic number (an executable, a compressed file or archive someone passed
/// instead of the log inside it), or `.data`, NUL and control bytes throughout.
public enum BinaryFormat: Sendable, Equatable {
    case elf, gzip, bzip2, xz, zstd, zip, office, data

    /// The format whose magic number `b` starts with, if any.
    static func magic(_ b: [UInt8]) -> BinaryFormat? {
        func starts(_ m: [UInt8]) -> Bool { b.count >= m.count && b[0..<m.count].elementsEqual(m) }
        if starts([0x7F, 0x45, 0x4C, 0x46]) { return .elf }
        if starts([0x1F, 0x8B]) { return .gzip }
        // `BZh`, the block size digit and a block's (or the empty stream's end) magic, so a
        // line that happens to start with `BZh` stays text.
        if starts([0x42, 0x5A, 0x68]), b.count >= 10, b[3] >= 0x31, b[3] <= 0x39,
           b[4..<10].elementsEqual([0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || b[4..<10].elementsEqual([0x17, 0x72, 0x45, 0x38, 0x50, 0x90]) {
            return .bzip2
        }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            // A Word, Excel or OpenDocument file is a zip archive too, whose first entries
            // name it (`[Content_Types].xml`, `word/…`, `mimetype` `application/vnd.oasis…`):
            // unzipping it gives XML, not the log.
            let head = b.prefix(4096)
            let office = head.withUnsafeBufferPointer { h in
                ByteSearch.contains("[Content_Types].xml", in: h) || ByteSearch.contains("word/", in: h)
                    || ByteSearch.contains("xl/", in: h) || ByteSearch.contains("application/vnd.oasis.opendocument", in: h)
            }
            return office ? .office : .zip
        }
        return nil
    }

    /// What the input is, for an error line (`… , not a Cisco debug log`).
    public var what: String {
        switch self {
        case .elf: return "binary data (an ELF executable)"
        case .gzip: return "gzip-compressed data"
        case .bzip2: return "bzip2-compressed data"
        case .xz: return "xz-compressed data"
        case .zstd: return "zstd-compressed data"
        case .zip: return "a zip archive"
        case .office: return "an Office document (Word, Excel or OpenDocument)"
        case .data: return "binary data (NUL and control bytes)"
        }
    }

    /// The command that prints the text of a compressed input or archive.
    public var decompressor: String? {
        switch self {
        case .gzip: return "zcat"
        case .bzip2: return "bzcat"
        case .xz: return "xzcat"
        case .zstd: return "zstdcat"
        case .zip: return "unzip -p"
        case .elf, .office, .data: return nil
        }
    }
}

/// Normalizes the encoding of an input before line framing, decided from its
/// first bytes: a UTF-8 byte-order mark is dropped; UTF-16 (with a BOM, or
/// detected by its zero bytes, as Windows editors save logs) is transcoded to
/// UTF-8; old Mac files that end lines with a lone CR get LF. Plain UTF-8 / ASCII
/// passes through untouched (the common case costs one check per chunk).
///
/// It also tells binary input from text, so that an executable, a compressed file
/// or `/dev/zero` is refused at once instead of read to its end (or forever): by a
/// known magic number, or by the share of NUL and control bytes in the first
/// `sampleSize` bytes of text (all of it if shorter, judged at its end). From then
/// on nothing more is handed on. A few NULs in a real log are far below that share, and a
/// run of zeros a crash left in a log file (a hole) does not count against it.
public struct InputDecoder {
    public enum Encoding: Sendable, Equatable { case undecided, utf8, utf16LE, utf16BE, crOnly }

    public private(set) var encoding: Encoding = .undecided
    /// Set when the input turned out not to be text (see the type's documentation).
    public private(set) var binary: BinaryFormat?
    /// Whether the text/binary verdict is in: binary found, or a whole sample seen as text.
    public var judged: Bool { binary != nil || sampled >= Self.sampleSize }
    /// How much of the text is judged for NUL and control bytes: enough to see through
    /// a file's header, little enough that a 1 MiB first read decides before any parsing.
    static let sampleSize = 1 << 16
    private var sampled = 0
    private var sampledControl = 0
    /// NUL bytes of the sample in runs of `holeRun` or more: a hole a crash or a
    /// preallocating writer left in a log file (a file-system block of zeros), not binary.
    private var sampledHoles = 0
    /// The NUL bytes just before the sampled part so far (a run may span chunks).
    private var nulRun = 0
    /// The last byte a lone-CR file's conversion handed on was a CR.
    private var afterCROut = false
    /// The last byte sampled was a CR (a NUL after it is telnet's, see `count`).
    private var afterCR = false
    static let holeRun = 16
    private var pending: [UInt8] = []          // bytes held until the encoding is known / an odd UTF-16 byte
    /// The input has ended: UTF-16 held after a line end is converted without looking further.
    private var finishing = false
    private var highSurrogate: UInt16?
    private var out: [UInt8] = []

    public init() {}

    /// Decodes `chunk`; `body` receives UTF-8 bytes (possibly the chunk itself).
    public mutating func feed(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        if encoding == .utf8 {
            if pending.isEmpty, Self.firstNUL(chunk, from: 0) == nil { emit(chunk, body) } else { scanUTF8(chunk, body) }
            return
        }
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

    /// Ends the input: decides on what was held, flushes it. An input shorter than
    /// the sample is judged on all of it (its lines have been handed on by then).
    public mutating func finish(_ body: (UnsafeRawBufferPointer) -> Void) {
        finishing = true
        if encoding == .undecided {
            decide()
            let held = pending
            pending = []
            held.withUnsafeBytes { convert($0, body) }
        } else if encoding == .utf16LE || encoding == .utf16BE, pending.count > 1 {
            // (Bytes held after a line end to see whether UTF-8 follows: all there is now.)
            convert(UnsafeRawBufferPointer(start: nil, count: 0), body)
        } else if encoding == .utf8, !pending.isEmpty {
            // (Bytes held after a NUL to see whether UTF-16 follows: all there is now.)
            scanUTF8(UnsafeRawBufferPointer(start: nil, count: 0), body)
        }
        if binary == nil, sampled > 0, sampled < Self.sampleSize, sampleIsBinary() { binary = .data }
        if binary == nil, !separatorHeld.isEmpty { endSeparators(UnsafeRawBufferPointer(start: nil, count: 0), final: true, body) }
    }

    /// Judges the text handed on so far as `finish` would, the input not ended: a log being
    /// followed that is shorter than the sample is judged when the reader reaches its end.
    public mutating func judgeSoFar() {
        if binary == nil, sampled >= 256, sampled < Self.sampleSize, sampleIsBinary() { binary = .data }
    }

    /// Hands decoded text on, judging the first `sampleSize` bytes of it; nothing once binary.
    @inline(__always)
    private mutating func emit(_ bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        if binary != nil { return }
        if sampled < Self.sampleSize {
            let n = min(bytes.count, Self.sampleSize - sampled)
            count(UnsafeRawBufferPointer(rebasing: bytes[0..<n]))
            sampled += n
            if sampled == Self.sampleSize, sampleIsBinary() {
                binary = .data
                return
            }
        }
        if separatorHeld.isEmpty, !Self.mayHoldSeparator(bytes) {
            body(bytes)
            return
        }
        endSeparators(bytes, final: false, body)
    }

    /// A separator's first bytes at the end of what was handed on, held to see what follows
    /// (see `endSeparators`).
    private var separatorHeld: [UInt8] = []
    private var separated: [UInt8] = []

    /// Whether `bytes` may hold a line end other than CR and LF (see `endSeparators`): one
    /// `memchr` each for VT, FF and the lead bytes of NEL and of U+2028/U+2029.
    @inline(__always)
    static func mayHoldSeparator(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return false }
        return memchr(base, 0x0B, bytes.count) != nil || memchr(base, 0x0C, bytes.count) != nil
            || memchr(base, 0xC2, bytes.count) != nil || memchr(base, 0xE2, bytes.count) != nil
    }

    /// Hands `bytes` on with VT, FF, NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH
    /// SEPARATOR (U+2029) made LF: the line ends of a log flattened by a tool that wrote them,
    /// exported as JSON, copied from a web application; otherwise its whole text was one line.
    /// One right before a LF (or CR LF) only goes with it (a page break's `\f\n`): no blank line
    /// is added. A separator at the end of `bytes` (or its first bytes) is held until the next
    /// bytes show what follows it (`final`: nothing follows).
    private mutating func endSeparators(_ bytes: UnsafeRawBufferPointer, final: Bool, _ body: (UnsafeRawBufferPointer) -> Void) {
        var all = separatorHeld
        separatorHeld.removeAll()
        all.append(contentsOf: bytes)
        separated.removeAll(keepingCapacity: true)
        let n = all.count
        var i = 0
        while i < n {
            let b = all[i]
            var len = 0
            if b == 0x0B || b == 0x0C {
                len = 1
            } else if b == 0xC2 {
                if i + 1 >= n { if !final { separatorHeld = [b]; break } } else if all[i + 1] == 0x85 { len = 2 }
            } else if b == 0xE2 {
                if i + 2 >= n, !final, i + 1 >= n || all[i + 1] == 0x80 {
                    separatorHeld = Array(all[i...])
                    break
                }
                if i + 2 < n, all[i + 1] == 0x80, all[i + 2] == 0xA8 || all[i + 2] == 0xA9 { len = 3 }
            }
            if len == 0 {
                separated.append(b)
                i += 1
                continue
            }
            let next = i + len
            if next >= n, !final {
                separatorHeld = Array(all[i...])
                break
            }
            if next < n, all[next] == 0x0A || all[next] == 0x0D && (next + 1 >= n || all[next + 1] == 0x0A) {
                if next + 1 >= n, all[next] == 0x0D, !final {
                    separatorHeld = Array(all[i...])
                    break
                }
            } else {
                separated.append(0x0A)
            }
            i = next
        }
        let text = separated
        text.withUnsafeBytes { body($0) }
    }

    /// Counts NUL and the control bytes text does not hold (TAB, LF, VT, FF, CR, and a
    /// terminal capture's BEL, BS and ESC are text); NULs in runs of `holeRun` or more
    /// are holes, counted apart.
    private mutating func count(_ bytes: UnsafeRawBufferPointer) {
        for b in bytes {
            // (Telnet's `\r\0`, a CR the terminal was sent alone: text, not binary.)
            if b == 0 { if afterCR && nulRun == 0 { afterCR = false; continue }; nulRun += 1; continue }
            afterCR = b == 0x0D
            if nulRun > 0 { endNulRun() }
            guard b < 0x20 else { continue }
            switch b {
            case 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B: break
            default: sampledControl += 1
            }
        }
    }

    private mutating func endNulRun() {
        if nulRun >= Self.holeRun { sampledHoles += nulRun } else { sampledControl += nulRun }
        nulRun = 0
    }

    /// The sample is binary when one byte in 16 or more of what is not a hole is NUL or
    /// control (text, even damaged, stays far below; random bytes have one in 11, an
    /// executable far more), or when holes are nearly all of it (`/dev/zero`, a file of zeros).
    private mutating func sampleIsBinary() -> Bool {
        endNulRun()
        let text = sampled - sampledHoles
        if sampledHoles > 0 && text < 64 { return true }
        return sampledControl * 16 >= text
    }

    private func looksLikeUTF16OrBOM() -> Bool {
        let b = pending
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) || b[0] == 0xEF { return true }
        return b.prefix(64).filter { $0 == 0 }.count >= 16
    }

    private mutating func decide() {
        let b = pending
        if let format = BinaryFormat.magic(b) {
            binary = format
            pending = []
            encoding = .utf8
        } else if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
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
            scanUTF8(chunk, body)
        case .crOnly:
            out.removeAll(keepingCapacity: true)
            // (Telnet's `\r\0` line ends: the NUL goes with the CR.)
            for b in chunk {
                if b == 0, afterCROut { afterCROut = false; continue }
                afterCROut = b == 0x0D
                out.append(b == 0x0D ? 0x0A : b)
            }
            let text = out
            text.withUnsafeBytes { emit($0, body) }
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
                if unit == 0x0A {
                    // After a line end, the file may go on in UTF-8 (appended to by another tool).
                    if bytes.count - i < Self.switchLook, !finishing {
                        pending = Array(bytes[i...])
                        i = bytes.count
                        break
                    }
                    if Self.goesOnInUTF8(bytes, from: i) {
                        encoding = .utf8
                        let text = out
                        text.withUnsafeBytes { emit($0, body) }
                        out.removeAll(keepingCapacity: true)
                        bytes.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[i...]), body) }
                        return
                    }
                }
            }
            if i < bytes.count { pending = [bytes[i]] }
            let text = out
            text.withUnsafeBytes { emit($0, body) }
        }
    }

    /// Hands UTF-8 text on, watching its NUL bytes for the start of UTF-16 text: a file written
    /// in UTF-8 and appended to in UTF-16 (PowerShell 5.1's `>>` or `Out-File -Append` onto a
    /// capture saved by another tool). From there it is transcoded; a UTF-16 byte-order mark
    /// before it is dropped. The bytes from a NUL too near the chunk's end to judge are held for
    /// the next chunk (with `utf16Look` bytes before it, where the UTF-16 part may begin).
    private mutating func scanUTF8(_ chunk: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var bytes = pending
        pending.removeAll()
        bytes.append(contentsOf: chunk)
        var from = 0
        while let q = bytes.withUnsafeBytes({ Self.firstNUL($0, from: from) }) {
            switch Self.utf16Start(bytes, nulAt: q, final: finishing) {
            case .no:
                from = q + 1
            case .needMore:
                let hold = max(0, q - Self.utf16Look)
                bytes.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[0..<hold]), body) }
                pending = Array(bytes[hold...])
                return
            case .at(let start):
                var end = start
                if end >= 2, bytes[end - 2] == 0xFF && bytes[end - 1] == 0xFE || bytes[end - 2] == 0xFE && bytes[end - 1] == 0xFF { end -= 2 }
                else if end >= 3, bytes[end - 3] == 0xFE && bytes[end - 2] == 0xFF && bytes[end - 1] == 0 { end -= 3 }
                bytes.withUnsafeBytes { emit(UnsafeRawBufferPointer(rebasing: $0[0..<end]), body) }
                // (UTF-16BE read from its second byte on is UTF-16LE: the same ASCII text.)
                encoding = .utf16LE
                pending = Array(bytes[start...])
                convert(UnsafeRawBufferPointer(start: nil, count: 0), body)
                return
            }
        }
        bytes.withUnsafeBytes { emit($0, body) }
    }

    /// How many bytes before a NUL are held with it when `utf16Start` needs more after it.
    static let utf16Look = 32

    @inline(__always)
    static func firstNUL(_ bytes: UnsafeRawBufferPointer, from i: Int) -> Int? {
        guard let base = bytes.baseAddress, i < bytes.count, let p = memchr(base + i, 0, bytes.count - i) else { return nil }
        return base.distance(to: UnsafeRawPointer(p))
    }

    enum UTF16Start: Equatable { case no, needMore, at(Int) }

    /// Where UTF-16LE text begins, if the NUL at `q` is the high byte of one of its characters:
    /// 16 characters (or, at the input's end, all there are, at least 4) of printable ASCII, TAB,
    /// CR or LF, each with a zero high byte, from there on, and back to the first byte that is no
    /// such character. A NUL of UTF-8 text (telnet's after a CR, a hole of zeros, a stray one) has
    /// no such run after it; `needMore` when the bytes there so far are such a run but too few.
    static func utf16Start(_ bytes: [UInt8], nulAt q: Int, final: Bool) -> UTF16Start {
        let text = isTextByte
        // (Two NULs in a row are no ASCII character's: a hole of zeros.)
        if q >= 1, bytes[q - 1] == 0 { return .no }
        var p = q >= 1 && text(bytes[q - 1]) ? q - 1 : q + 1
        // (At least 0: `p` is at most one past the end.)
        let pairs = min(16, (bytes.count - p) / 2)
        for k in 0..<pairs where !(text(bytes[p + 2 * k]) && bytes[p + 2 * k + 1] == 0) { return .no }
        // (A lone byte after the last pair must be a character too.)
        if pairs < 16, p + 2 * pairs < bytes.count, !text(bytes[p + 2 * pairs]) { return .no }
        if pairs < 16 { return final ? (pairs >= 4 ? .at(startBack(p)) : .no) : .needMore }
        return .at(startBack(p))
        func startBack(_ p0: Int) -> Int {
            var p = p0
            while p >= 2, text(bytes[p - 2]), bytes[p - 1] == 0 { p -= 2 }
            return p
        }
    }

    /// How far past a UTF-16 line end `goesOnInUTF8` looks.
    static let switchLook = 64

    /// Whether the bytes at `i`, after a UTF-16 line end, are UTF-8 (ASCII) text instead: a file
    /// written in UTF-16 and appended to in UTF-8 (PowerShell's `>` then cmd's or Git Bash's `>>`).
    /// UTF-16 text of a log has a zero byte in every ASCII character, its line ends included; 64
    /// bytes (or the input's rest, at least 8) of printable ASCII without one are no UTF-16 of a log.
    static func goesOnInUTF8(_ bytes: [UInt8], from i: Int) -> Bool {
        let end = min(bytes.count, i + switchLook)
        guard end - i >= 8 else { return false }
        for k in i..<end where !isTextByte(bytes[k]) { return false }
        return true
    }

    /// Printable ASCII, TAB, CR or LF: the bytes of a log's text in UTF-8, and the low bytes of
    /// its characters in UTF-16 (`goesOnInUTF8`, `utf16Start`).
    @inline(__always)
    static func isTextByte(_ b: UInt8) -> Bool { b >= 0x20 && b < 0x7F || b == 0x09 || b == 0x0A || b == 0x0D }

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
