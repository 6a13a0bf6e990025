#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files that are one log in pieces: a syslog server's rotated `hub.log.1` and `hub.log`, a
/// capture saved in parts. They show the same routers, and each ends before the next begins.
/// Read apart, each router would be a device per file, and an exchange cut at the boundary two
/// SAs, each failing half-way; read as one log (in time order, whatever the command line's
/// order: a shell's `hub.log*` lists the newest first), they are what `cat` of them would give.
enum RotatedParts {
    /// How much of a file's start (its routers' names, its first stamp) and of its end (its last
    /// stamp) is read to place it.
    static let peekBytes = 1 << 18

    /// A file's routers as its lines name them (prompts, syslog origins, host tags; not its
    /// file name: none, then), and its first and last stamps.
    struct Extent: Equatable {
        var names: Set<String>
        var first: Stamp
        var last: Stamp
    }

    /// `files` as inputs to read: each one file, or the parts of one log in time order (at the
    /// place of the first of them on the command line): rotated files of one name (`hub.log.1`,
    /// `hub.log`), or files that name the same routers and follow each other within `maxGap`.
    /// Files not stamped, or whose times overlap (two captures of one time), stay apart.
    static func plan(_ files: [String]) -> [[String]] {
        guard files.count > 1 else { return files.map { [$0] } }
        return plan(files, extents: files.map(extent(of:)))
    }

    static func plan(_ files: [String], extents: [Extent?]) -> [[String]] {
        // Files that share a router's name, by the first of them on the command line.
        var group = Array(files.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while group[i] != i { i = group[i] }
            return i
        }
        let bases = files.map(rotationBase)
        for i in files.indices {
            guard let a = extents[i] else { continue }
            for j in files.indices where j > i {
                guard let b = extents[j], !a.names.isDisjoint(with: b.names) || bases[i] == bases[j] else { continue }
                let (ri, rj) = (root(i), root(j))
                if ri != rj { group[max(ri, rj)] = min(ri, rj) }
            }
        }
        var members: [Int: [Int]] = [:]
        for i in files.indices { members[root(i), default: []].append(i) }
        var inputs: [[String]] = []
        for i in files.indices {
            let m = members[root(i)] ?? [i]
            if m.count > 1, let order = inSequence(m, files, extents) {
                if i == m[0] { inputs.append(order.map { files[$0] }) }
            } else {
                inputs.append([files[i]])
            }
        }
        return inputs
    }

    /// Two captures of a router hours apart are two looks at it, named apart with their files;
    /// parts of one capture follow each other closely. (Rotated files, by their names, may be
    /// apart by a quiet night.)
    static let maxGap = 15.0 * 60

    /// The files `m` in time order, when each ends before the next begins (stamps of one kind),
    /// soon after it or as the rotated files of one log.
    private static func inSequence(_ m: [Int], _ files: [String], _ extents: [Extent?]) -> [Int]? {
        let sorted = m.sorted { extents[$0]!.first.seconds(until: extents[$1]!.first) > 0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            let (x, y) = (extents[a]!, extents[b]!)
            guard x.last.kind == y.first.kind, x.first.kind == x.last.kind else { return nil }
            let gap = x.last.seconds(until: y.first)
            guard gap >= 0, rotationBase(files[a]) == rotationBase(files[b])
                || gap <= maxGap && !x.names.isDisjoint(with: y.names) else { return nil }
        }
        return sorted
    }

    /// A file's name without a rotation's suffix: `hub.log.1`, `hub.log-20261129` and `hub.log_3`
    /// are `hub.log`'s.
    static func rotationBase(_ path: String) -> String {
        var name = Substring(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let digits = name.reversed().prefix { $0.isASCII && $0.isNumber }.count
        if digits > 0, digits < name.count {
            let cut = name.index(name.endIndex, offsetBy: -digits - 1)
            if ".-_".contains(name[cut]) { name = name[..<cut] }
        }
        return String(name)
    }

    /// Reads `path`'s start and end (a regular file's only).
    static func extent(of path: String) -> Extent? {
        guard path != "-", InputReader.isRegularFile(path) else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        let size = Int(st.st_size)
        guard size > 0 else { return nil }
        func look(from offset: Int) -> LogAnalyzer? {
            var bytes = [UInt8](repeating: 0, count: min(peekBytes, size - offset))
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard n > 0 else { return nil }
            var start = 0
            if offset > 0 {
                // (From the first whole line on.)
                guard let nl = bytes[0..<n].firstIndex(of: 0x0A) else { return nil }
                start = nl + 1
            }
            let a = LogAnalyzer(file: path)
            bytes[start..<n].withUnsafeBytes { a.feed($0) }
            return a
        }
        guard let head = look(from: 0) else { return nil }
        let devices = head.finishAll()
        guard head.binary == nil, let first = head.firstStamp else { return nil }
        // (A capture's later part may show no prompt: it goes with the others by its file's name.)
        let names = Set(devices.map(\.name).filter { $0 != LogAnalyzer.baseName(path) })
        var last = head.lastStamp ?? first
        if size > peekBytes {
            guard let tail = look(from: size - peekBytes) else { return nil }
            _ = tail.finishAll()
            guard let l = tail.lastStamp else { return nil }
            last = l
        }
        return Extent(names: names, first: first, last: last)
    }
}
