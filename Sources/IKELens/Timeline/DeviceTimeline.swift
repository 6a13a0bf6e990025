/// One device's log, reconstructed: its SAs and the input's line accounting.
public struct DeviceTimeline: Sendable {
    /// The router's host name when the log shows it (prompt or syslog origin), else the file name.
    public var name: String
    /// The input as the user named it (`-` / `stdin` for standard input).
    public var file: String
    public var stats: InputStats
    public var sas: [SecurityAssociation]
    /// Significant events no SA could take (the first few of each group, see `Correlator`).
    public var unattributed: [Event]
    /// Per group, the unattributed events counted but not kept.
    public var unattributedMore: [UnattributedGroup: Int] = [:]
    /// Streaming: the peers of SAs reported and let go before the end (no longer in `sas`).
    public var peersLetGo: Set<String> = []
    /// The stamp and the last line of the last event read from the device's log: where it ends.
    public var lastStamp: Stamp?
    public var lastEventLine = 0
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

    /// Whether the log showed an exchange with `peer`: one of `sas`, or one let go while streaming.
    public func hasSA(withPeer peer: String) -> Bool {
        peersLetGo.contains(peer) || sas.contains { $0.peer == peer }
    }
}

/// Unattributed events of one kind (a syslog message by its mnemonic) and one peer.
public struct UnattributedGroup: Hashable, Sendable {
    /// The syslog mnemonic (`CRYPTO-4-RECVD_PKT_INV_SPI`), else the event kind's name.
    public var message: String
    public var peer: String?

    public init(message: String, peer: String?) {
        self.message = message
        self.peer = peer
    }

    public init(_ e: borrowing Event) {
        if case let .syslog(mnemonic, peer) = e.kind {
            self.init(message: mnemonic, peer: peer)
        } else {
            self.init(message: e.kind.name, peer: e.peer)
        }
    }
}

extension Array where Element == DeviceTimeline {
    /// Each SA of these devices, read in place: a `for sa in` loop copies each one (a
    /// retain of every field), which a report of a quarter of a million SAs feels.
    func forEachSA(_ body: (borrowing SecurityAssociation) -> Void) {
        for d in indices {
            self[d].sas.withUnsafeBufferPointer { sas in
                for i in sas.indices { body(sas[i]) }
            }
        }
    }
}
