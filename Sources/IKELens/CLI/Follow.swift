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
    /// Why `follow` read its file again from the start.
    public enum Restart: Sendable {
        /// Another file is at the path (rotation by rename): read from its start.
        case rotated
        /// The file is shorter than what was read of it.
        case truncated
        /// The file was written again in place (same inode: `cp new.log log`, `cmd > log`,
        /// a copytruncate and a burst) as long as what was read or longer: the bytes read
        /// are no longer there.
        case rewritten
    }

    /// What `follow` remembers of the bytes it read, to tell an append from a rewrite in
    /// place: the file's first `size` bytes and the last `size` before the offset. Both are
    /// looked at again (two reads of 256 bytes) only when the file's size or mtime changed.
    struct ReadMarks {
        static let size = 256
        var head: [UInt8] = []
        var tail: [UInt8] = []

        mutating func saw(_ chunk: UnsafeRawBufferPointer) {
            if head.count < Self.size { head.append(contentsOf: chunk.prefix(Self.size - head.count)) }
            if chunk.count >= Self.size {
                tail.removeAll(keepingCapacity: true)
                tail.append(contentsOf: chunk.suffix(Self.size))
            } else {
                tail.append(contentsOf: chunk)
                if tail.count > Self.size { tail.removeFirst(tail.count - Self.size) }
            }
        }

        /// Whether `fd` still holds them, read up to `offset`.
        func stillIn(_ fd: Int32, offset: Int) -> Bool {
            Self.holds(fd, head, at: 0) && Self.holds(fd, tail, at: offset - tail.count)
        }

        private static func holds(_ fd: Int32, _ bytes: [UInt8], at position: Int) -> Bool {
            guard !bytes.isEmpty else { return true }
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { b in
                var got = 0
                while got < bytes.count {
                    let m = pread(fd, b.baseAddress! + got, bytes.count - got, off_t(position + got))
                    if m < 0 && errno == EINTR { continue }
                    guard m > 0 else { return false }
                    got += m
                }
                return bytes.elementsEqual(b)
            }
        }
    }

    /// Reads `path` like `tail -F`: to the end, then whatever is appended,
    /// surviving rotation by rename (a new file at the path is opened and read
    /// from its start), truncation and a rewrite in place (read again from the
    /// start; `restarted` is told which), until `StopSignal` is raised or `done`
    /// says the rest is not wanted. `-` reads standard input until its end.
    public static func follow(_ path: String, pollMicroseconds: UInt32 = 200_000, until done: () -> Bool = { false },
                              atEnd: () -> Void = {}, restarted: (Restart) -> Void = { _ in },
                              _ body: (UnsafeRawBufferPointer) -> Void) throws(Failure) {
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
        var marks = ReadMarks()
        // The size and mtime last looked at: the marks are checked again when either changes.
        var seen = st
        func changed(_ now: stat) -> Bool {
            now.st_size != seen.st_size || now.st_mtim.tv_sec != seen.st_mtim.tv_sec || now.st_mtim.tv_nsec != seen.st_mtim.tv_nsec
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate(); close(fd) }
        while !StopSignal.requested {
            let n = read(fd, buffer.baseAddress, chunkSize)
            if n > 0 {
                offset += n
                let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<n])
                marks.saw(chunk)
                body(chunk)
                if done() { return }
                continue
            }
            if n < 0 && errno != EINTR {
                throw Failure(message: "cannot read '\(path)': \(errorText(errno))")
            }
            // At the end for now: what was read may settle the input's verdict.
            atEnd()
            if done() { return }
            // (Waited for first, and the path looked at right before the next read: a file
            // rewritten in place during the wait is seen before its new bytes are read.)
            usleep(pollMicroseconds)
            // Rotated (another file at the path), truncated, or written again in place?
            var now = stat()
            guard stat(path, &now) == 0 else { continue }
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
                    marks = ReadMarks()
                    seen = now
                    restarted(.rotated)
                }
                continue
            }
            var restart: Restart?
            if Int(now.st_size) < offset {
                restart = .truncated
            } else if (now.st_mode & S_IFMT) == S_IFREG, changed(now), !marks.stillIn(fd, offset: offset) {
                restart = .rewritten
            }
            seen = now
            if let restart {
                lseek(fd, 0, SEEK_SET)
                offset = 0
                marks = ReadMarks()
                restarted(restart)
            }
        }
    }
}
