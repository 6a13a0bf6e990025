#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress indicator on a terminal's standard error, for files
/// over 50 MB; never in pipes or CI. Erased when done.
final class Progress {
    private let err: FDWriter
    private let analyzer: LogAnalyzer
    private let total: Int
    private var done = 0
    private let started: Double
    private var lastShown: Double
    private var shown = false

    static let threshold = 50 * 1_000_000

    init?(file: String, err: FDWriter, analyzer: LogAnalyzer) {
        guard file != "-", FDWriter.isTerminal(2), getenv("CI") == nil else { return nil }
        var st = stat()
        guard stat(file, &st) == 0, Int(st.st_size) > Progress.threshold else { return nil }
        self.err = err
        self.analyzer = analyzer
        self.total = Int(st.st_size)
        self.started = Progress.now()
        self.lastShown = started
    }

    func update(_ bytes: Int) {
        done += bytes
        let t = Progress.now()
        guard t - lastShown >= 0.5 else { return }
        lastShown = t
        let mb = Double(done) / 1e6
        let rate = mb / max(t - started, 0.001)
        let pct = total > 0 ? done * 100 / total : 0
        err.write("\r\u{1B}[K  \(Int(mb)) of \(total / 1_000_000) MB (\(pct)%), \(Int(rate)) MB/s, \(analyzer.saCount) SAs")
        err.flush()
        shown = true
    }

    func clear() {
        guard shown else { return }
        err.write("\r\u{1B}[K")
        err.flush()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
