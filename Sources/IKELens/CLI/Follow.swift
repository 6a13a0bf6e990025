#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGINT/SIGTERM while following a log; read by the polling loop.
nonisolated(unsafe) var followStopRequested: Int32 = 0

enum StopSignal {
    /// Installs SIGINT/SIGTERM handlers that only set a flag (no `SA_RESTART`,
    /// so a blocking read returns and the loop can print its summary).
    static func install() {
        followStopRequested = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in followStopRequested = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
        // A parent may have spawned us with these blocked: unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        sigprocmask(SIG_UNBLOCK, &set, nil)
    }

    static var requested: Bool { followStopRequested != 0 }
}

extension InputReader {
    /// Reads `path` like `tail -f`: to the end, then whatever is appended,
    /// surviving rotation by rename (a new file at the path is opened and read
    /// from its start) and truncation, until `StopSignal` is raised or `done` says
    /// the rest is not wanted. `-` reads standard input until its end.
    public static func follow(_ path: String, pollMicroseconds: UInt32 = 200_000, until done: () -> Bool = { false },
                              atEnd: () -> Void = {}, _ body: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
        if path == "-" {
            try stream(path, until: done, body)
            return
        }
        var fd = open(path, O_RDONLY)
        if fd < 0 { throw Failure(message: "cannot open '\(path)': \(errorText(errno))") }
        var st = stat()
        fstat(fd, &st)
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw Failure(message: "'\(path)' is a directory, not a log file")
        }
        var inode = st.st_ino
        var offset = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate(); close(fd) }
        while !StopSignal.requested {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n > 0 {
                offset += n
                body(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
                if done() { return }
                continue
            }
            if n < 0 && errno != EINTR {
                throw Failure(message: "cannot read '\(path)': \(errorText(errno))")
            }
            // At the end for now: what was read may settle the input's verdict.
            atEnd()
            if done() { return }
            // At the end: rotated (another file at the path) or truncated?
            var now = stat()
            if stat(path, &now) == 0 {
                if now.st_ino != inode {
                    let next = open(path, O_RDONLY)
                    if next >= 0 {
                        // What the writer put in the old file after our last read (it writes
                        // there until it reopens the path) is read before the new file.
                        while true {
                            let m = read(fd, buffer.baseAddress, chunkSize)
                            if m < 0 && errno == EINTR { continue }
                            guard m > 0 else { break }
                            body(UnsafeRawBufferPointer(rebasing: buffer[0..<m]))
                            if done() { close(next); return }
                        }
                        close(fd)
                        fd = next
                        inode = now.st_ino
                        offset = 0
                        continue
                    }
                } else if Int(now.st_size) < offset {
                    lseek(fd, 0, SEEK_SET)
                    offset = 0
                    continue
                }
            }
            usleep(pollMicroseconds)
        }
    }
}
