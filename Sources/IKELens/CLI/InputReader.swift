#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or standard input in large chunks into a reusable buffer.
public enum InputReader {
    public static let chunkSize = 1 << 20

    public struct Failure: Error, Equatable {
        public var message: String
    }

    /// Streams `path` (`-` = standard input) through `body`, one chunk at a time,
    /// until its end or until `done` says the rest is not wanted (binary input:
    /// `/dev/zero` has no end).
    public static func stream(_ path: String, until done: () -> Bool = { false }, _ body: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        let fd: Int32
        if path == "-" {
            fd = 0
        } else {
            fd = open(path, O_RDONLY)
            if fd < 0 { throw Failure(message: "cannot open '\(path)': \(errorText(errno))") }
            var st = stat()
            if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                close(fd)
                throw Failure(message: "'\(path)' is a directory, not a log file")
            }
        }
        defer { if fd != 0 { close(fd) } }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read '\(path == "-" ? "standard input" : path)': \(errorText(errno))")
            }
            if n == 0 { break }
            body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            if done() { break }
        }
    }

    /// Whether `path` (`-` = standard input) is a regular file, read to its end
    /// at once, rather than a pipe or terminal whose lines come as they are written.
    public static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        let ok = path == "-" ? fstat(0, &st) == 0 : stat(path, &st) == 0
        return ok && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func errorText(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}

/// Buffered writer to a file descriptor (standard output by default).
public final class FDWriter {
    let fd: Int32
    private var buffer: [UInt8] = []

    public init(fd: Int32 = 1) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Bytes as they are (UTF-8 text); a chunk as big as the buffer goes
    /// straight to the descriptor.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        if buffer.count + bytes.count < 1 << 16 {
            buffer.append(contentsOf: bytes)
            return
        }
        flush()
        if bytes.count < 1 << 16 {
            buffer.append(contentsOf: bytes)
        } else {
            writeAll(bytes)
        }
    }

    public func flush() {
        buffer.withUnsafeBytes { writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Why the output could not be written (a full disk, a closed descriptor), once it failed:
    /// nothing more is written, and the caller reports it and exits non-zero.
    public private(set) var failure: String?

    private func writeAll(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, failure == nil else { return }
        var off = 0
        while off < raw.count {
            let n = Glibc.write(fd, base + off, raw.count - off)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                failure = n < 0 ? String(cString: strerror(errno)) : "nothing written"
                return
            }
            off += n
        }
    }

    deinit { flush() }

    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The columns of the terminal `fd` is (`TIOCGWINSZ`); nil when it is none, or says 0.
    static func terminalColumns(_ fd: Int32) -> Int? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }
}
