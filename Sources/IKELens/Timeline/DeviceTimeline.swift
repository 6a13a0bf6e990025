/// One device's log, reconstructed: its SAs and the input's line accounting.
public struct DeviceTimeline: Sendable {
    /// The router's host name when the log shows it (prompt or syslog origin), else the file name.
    public var name: String
    /// The input as the user named it (`-` / `stdin` for standard input).
    public var file: String
    public var stats: InputStats
    public var sas: [SecurityAssociation]
    /// Significant events no SA could take.
    public var unattributed: [Event]
    /// The findings, once diagnosed (per SA in SA order, then router-wide).
    public var findings: [Finding] = []
    public var diagnosed = false

    public init(name: String, file: String, stats: InputStats, sas: [SecurityAssociation], unattributed: [Event]) {
        self.name = name
        self.file = file
        self.stats = stats
        self.sas = sas
        self.unattributed = unattributed
    }
}
