/// Generates the `debug crypto isakmp` log of a busy head-end: many SAs in
/// flight at once, their packet bursts interleaved, `(0)` lines before conn-id
/// allocation, every scenario kind the diagnosers know. Deterministic for a
/// seed, and it returns the truth (SAs and findings per id) so a benchmark or
/// test can check the analysis, not just time it.
public struct BusyRouterLog {
    public enum Scenario: CaseIterable, Sendable {
        case responderSuccess, responderKeyringMismatch, responderPSKMismatch, responderQMProfileMismatch
        case initiatorSuccess, initiatorMM5Rejected

        /// The finding id the analysis must produce for this scenario, if any.
        public var findingId: String? {
            switch self {
            case .responderSuccess, .initiatorSuccess: return nil
            case .responderKeyringMismatch: return "keyring-mismatch"
            case .responderPSKMismatch: return "psk-mismatch"
            case .responderQMProfileMismatch: return "qm-profile-mismatch"
            case .initiatorMM5Rejected: return "mm5-rejected-by-peer"
            }
        }
    }

    public struct Truth: Equatable, Sendable {
        public var sas = 0
        public var phase1Complete = 0
        public var findings: [String: Int] = [:]
        public var bytes = 0
        public var lines = 0
    }

    public let hostname: String
    public let concurrency: Int
    private var rng: SplitMix64
    private var clockMillis = 9 * 3_600_000
    private var nextConnId = 1001
    private var nextPeer = 0
    private var active: [Flight] = []
    private var out: [UInt8] = []
    public private(set) var truth = Truth()

    public init(seed: UInt64 = 1, hostname: String = "HUB", concurrency: Int = 40) {
        self.rng = SplitMix64(seed: seed)
        self.hostname = hostname
        self.concurrency = max(1, concurrency)
    }

    /// Writes SAs until at least `targetBytes` (or `maxSAs`) are out; `sink`
    /// gets the text in chunks of about 1 MiB. Returns the truth.
    public mutating func generate(targetBytes: Int = .max, maxSAs: Int = .max, _ sink: ([UInt8]) -> Void) -> Truth {
        out.reserveCapacity(1 << 20)
        line("\(hostname)#debug crypto isakmp")
        line("Crypto ISAKMP debugging is on")
        line("\(hostname)#debug crypto ipsec")
        line("Crypto IPSEC debugging is on")
        var started = 0
        while true {
            while active.count < concurrency, started < maxSAs, truth.bytes + out.count < targetBytes {
                active.append(newFlight())
                started += 1
            }
            if active.isEmpty { break }
            let i = Int(rng.next() % UInt64(active.count))
            var flight = active[i]
            let done = emitBurst(&flight)
            if done { active.remove(at: i) } else { active[i] = flight }
            if out.count >= 1 << 20 { flush(sink) }
        }
        flush(sink)
        return truth
    }

    private mutating func flush(_ sink: ([UInt8]) -> Void) {
        guard !out.isEmpty else { return }
        truth.bytes += out.count
        sink(out)
        out.removeAll(keepingCapacity: true)
    }

    // MARK: - Flights

    struct Flight {
        var scenario: Scenario
        var connId: Int
        var peer: String
        var step = 0
        var messageID: UInt32
    }

    private mutating func newFlight() -> Flight {
        let r = rng.next() % 100
        let scenario: Scenario
        switch r {
        case 0..<66: scenario = .responderSuccess
        case 66..<74: scenario = .responderKeyringMismatch
        case 74..<82: scenario = .responderPSKMismatch
        case 82..<88: scenario = .responderQMProfileMismatch
        case 88..<94: scenario = .initiatorSuccess
        default: scenario = .initiatorMM5Rejected
        }
        nextPeer += 1
        let n = nextPeer
        // Distinct peers: 10.a.b.c with c in 1...250.
        let peer = "10.\(1 + (n / 62_500) % 250).\((n / 250) % 250).\(1 + n % 250)"
        let f = Flight(scenario: scenario, connId: nextConnId, peer: peer, messageID: UInt32(truncatingIfNeeded: rng.next()) | 1)
        nextConnId += 1
        truth.sas += 1
        if let id = scenario.findingId { truth.findings[id, default: 0] += 1 }
        if scenario == .responderSuccess || scenario == .initiatorSuccess || scenario == .responderQMProfileMismatch {
            truth.phase1Complete += 1
        }
        return f
    }

    /// Emits the next burst of `f`; true when the SA is finished.
    private mutating func emitBurst(_ f: inout Flight) -> Bool {
        defer { f.step += 1 }
        clockMillis += 1 + Int(rng.next() % 7)
        switch f.scenario {
        case .responderSuccess, .responderKeyringMismatch, .responderPSKMismatch, .responderQMProfileMismatch:
            return responder(f)
        case .initiatorSuccess, .initiatorMM5Rejected:
            return initiator(f)
        }
    }

    private static let local = "203.0.113.1"

    private mutating func responder(_ f: Flight) -> Bool {
        let p = f.peer, c = f.connId, m = f.messageID
        switch f.step {
        case 0:
            isakmp("ISAKMP (0): received packet from \(p) dport 500 sport 500 Global (N) NEW SA")
            isakmp("ISAKMP: Created a peer struct for \(p), peer port 500")
            isakmp("ISAKMP: New peer created peer = 0x\(hex(c * 4099)) peer_handle = 0x8000\(hex(c))")
            isakmp("ISAKMP: Locking peer struct 0x\(hex(c * 4099)), refcount 1 for crypto_isakmp_process_block")
            isakmp("ISAKMP: local port 500, remote port 500")
            isakmp("ISAKMP:(0):insert sa successfully sa = \(hex(c * 7919))")
            isakmp("ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH")
            isakmp("ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1 ")
            line("")
            isakmp("ISAKMP:(0): processing SA payload. message ID = 0")
            isakmp("ISAKMP:(0): processing vendor id payload")
            isakmp("ISAKMP:(0): vendor ID seems Unity/DPD but major 69 mismatch")
            isakmp("ISAKMP (0): vendor ID is NAT-T RFC 3947")
            isakmp("ISAKMP:(0):found peer pre-shared key matching \(p)")
            isakmp("ISAKMP:(0): local preshared key found")
            isakmp("ISAKMP : Scanning profiles for xauth ... SPOKES")
            isakmp("ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy")
            isakmp("ISAKMP:      encryption AES-CBC")
            isakmp("ISAKMP:      keylength of 256")
            isakmp("ISAKMP:      hash SHA")
            isakmp("ISAKMP:      default group 14")
            isakmp("ISAKMP:      auth pre-share")
            isakmp("ISAKMP:      life type in seconds")
            isakmp("ISAKMP:      life duration (VPI) of  0x0 0x1 0x51 0x80 ")
            isakmp("ISAKMP:(0):atts are acceptable. Next payload is 0")
            isakmp("ISAKMP:(0):Acceptable atts:actual life: 0")
            isakmp("ISAKMP:(0):Returning Actual lifetime: 86400")
            isakmp("ISAKMP:(0)::Started lifetime timer: 86400.")
            line("")
            isakmp("ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PROCESS_MAIN_MODE")
            isakmp("ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM1 ")
            line("")
            isakmp("ISAKMP:(0): sending packet to \(p) my_port 500 peer_port 500 (R) MM_SA_SETUP")
            isakmp("ISAKMP:(0):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE")
            isakmp("ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2 ")
            line("")
            return false
        case 1:
            isakmp("ISAKMP (0): received packet from \(p) dport 500 sport 500 Global (R) MM_SA_SETUP")
            isakmp("ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH")
            isakmp("ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_R_MM3 ")
            line("")
            isakmp("ISAKMP:(0): processing KE payload. message ID = 0")
            isakmp("ISAKMP:(0): processing NONCE payload. message ID = 0")
            isakmp("ISAKMP:(0):found peer pre-shared key matching \(p)")
            isakmp("ISAKMP:(\(c)): processing vendor id payload")
            isakmp("ISAKMP:(\(c)): vendor ID is DPD")
            isakmp("ISAKMP:(\(c)): processing vendor id payload")
            isakmp("ISAKMP:(\(c)): speaking to another IOS box!")
            isakmp("ISAKMP:received payload type 20")
            isakmp("ISAKMP (\(c)): His hash no match - this node outside NAT")
            isakmp("ISAKMP:received payload type 20")
            isakmp("ISAKMP (\(c)): No NAT Found for self or peer")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PROCESS_MAIN_MODE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_R_MM3  New State = IKE_R_MM3 ")
            line("")
            isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (R) MM_KEY_EXCH")
            isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_R_MM3  New State = IKE_R_MM4 ")
            line("")
            return false
        case 2:
            isakmp("ISAKMP (\(c)): received packet from \(p) dport 500 sport 500 Global (R) MM_KEY_EXCH")
            if f.scenario == .responderPSKMismatch {
                isakmp("ISAKMP: reserved not zero on ID payload!")
                isakmp("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from \(p) failed its sanity check or is malformed")
                return false
            }
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH")
            isakmp("ISAKMP:(\(c)):Old State = IKE_R_MM4  New State = IKE_R_MM5 ")
            line("")
            isakmp("ISAKMP:(\(c)): processing ID payload. message ID = 0")
            isakmp("ISAKMP (\(c)): ID payload ")
            idPayloadFields(p)
            switch f.scenario {
            case .responderKeyringMismatch:
                isakmp("ISAKMP:(0):: peer matches LEGACY profile")
                isakmp("ISAKMP:(\(c)):Found ADDRESS key in keyring LEGACY-KR")
                isakmp("ISAKMP:(\(c)):Key not found in keyrings of profile , aborting exchange")
                isakmp("ISAKMP (\(c)): FSM action returned error: 2")
                return false
            case .responderQMProfileMismatch:
                isakmp("ISAKMP:(0):: peer matches SPOKES-OLD profile")
            default:
                isakmp("ISAKMP:(0):: peer matches SPOKES profile")
            }
            isakmp("ISAKMP:(\(c)):Found ADDRESS key in keyring SPOKES-KR")
            isakmp("ISAKMP:(\(c)): processing HASH payload. message ID = 0")
            isakmp("ISAKMP:(\(c)):SA authentication status:")
            line("\tauthenticated")
            isakmp("ISAKMP:(\(c)):SA has been authenticated with \(p)")
            isakmp("ISAKMP:(\(c)):SA is doing pre-shared key authentication using id type ID_IPV4_ADDR")
            isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (R) MM_KEY_EXCH")
            isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE ")
            line("")
            return false
        case 3:
            if f.scenario == .responderKeyringMismatch || f.scenario == .responderPSKMismatch {
                isakmp("ISAKMP:(\(c)):deleting SA reason \"Death by retransmission P1\" state (R) MM_KEY_EXCH (peer \(p))")
                isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL")
                isakmp("ISAKMP:(\(c)):Old State = IKE_R_MM5  New State = IKE_DEST_SA ")
                line("")
                return true
            }
            isakmp("ISAKMP (\(c)): received packet from \(p) dport 500 sport 500 Global (R) QM_IDLE      ")
            isakmp("ISAKMP: set new node \(m) to QM_IDLE      ")
            isakmp("ISAKMP:(\(c)): processing HASH payload. message ID = \(m)")
            isakmp("ISAKMP:(\(c)): processing SA payload. message ID = \(m)")
            isakmp("ISAKMP:(\(c)):Checking IPSec proposal 1")
            isakmp("ISAKMP: transform 1, ESP_AES ")
            isakmp("ISAKMP:   attributes in transform:")
            isakmp("ISAKMP:      encaps is 1 (Tunnel)")
            isakmp("ISAKMP:      SA life type in seconds")
            isakmp("ISAKMP:      SA life duration (basic) of 3600")
            isakmp("ISAKMP:      authenticator is HMAC-SHA")
            isakmp("ISAKMP:      key length is 256")
            isakmp("ISAKMP:(\(c)):atts are acceptable.")
            isakmp("IPSEC(validate_proposal_request): proposal part #1")
            isakmp("IPSEC(validate_proposal_request): proposal part #1,")
            line("  (key eng. msg.) INBOUND local= \(Self.local):0, remote= \(p):0, ")
            line("    local_proxy= 192.168.0.0/255.255.0.0/256/0 (type=4), ")
            line("    remote_proxy= \(subnet(p))/255.255.255.0/256/0 (type=4),")
            line("    protocol= ESP, transform= esp-aes 256 esp-sha-hmac  (Tunnel), ")
            line("    lifedur= 0s and 0kb, ")
            line("    spi= 0x0(0), conn_id= 0, keysize= 256, flags= 0x0")
            if f.scenario == .responderQMProfileMismatch {
                isakmp("map_db_check_isakmp_profile profile did not match")
                isakmp("Crypto mapdb : proxy_match")
                line("\tsrc addr     : 192.168.0.0")
                line("\tdst addr     : \(subnet(p))")
                line("\tprotocol     : 0")
                line("\tsrc port     : 0")
                line("\tdst port     : 0")
                isakmp("map_db_find_best did not find matching map")
                isakmp("IPSEC(ipsec_process_proposal): proxy identities not supported")
                isakmp("ISAKMP:(\(c)): IPSec policy invalidated proposal with error 32")
                isakmp("ISAKMP:(\(c)): phase 2 SA policy not acceptable! (local \(Self.local) remote \(p))")
                isakmp("ISAKMP: set new node \(m &+ 7) to QM_IDLE      ")
                isakmp("ISAKMP:(\(c)):Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3")
                line("\tspi 1936714345, message ID = \(m &+ 7)")
                isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (R) QM_IDLE      ")
                isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
                isakmp("ISAKMP:(\(c)):purging node \(m &+ 7)")
                isakmp("ISAKMP:(\(c)):deleting node \(m) error TRUE reason \"QM rejected\"")
                isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH")
                isakmp("ISAKMP:(\(c)):Old State = IKE_QM_READY  New State = IKE_QM_READY")
                line("")
                return true
            }
            isakmp("Crypto mapdb : proxy_match")
            line("\tsrc addr     : 192.168.0.0")
            line("\tdst addr     : \(subnet(p))")
            line("\tprotocol     : 0")
            line("\tsrc port     : 0")
            line("\tdst port     : 0")
            isakmp("ISAKMP:(\(c)): processing NONCE payload. message ID = \(m)")
            isakmp("ISAKMP:(\(c)): processing ID payload. message ID = \(m)")
            isakmp("ISAKMP:(\(c)): processing ID payload. message ID = \(m)")
            isakmp("ISAKMP:(\(c)):QM Responder gets spi")
            isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH")
            isakmp("ISAKMP:(\(c)):Old State = IKE_QM_READY  New State = IKE_QM_SPI_STARVE")
            isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_INTERNAL, IKE_GOT_SPI")
            isakmp("ISAKMP:(\(c)):Old State = IKE_QM_SPI_STARVE  New State = IKE_QM_IPSEC_INSTALL_AWAIT")
            isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (R) QM_IDLE      ")
            isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_R_QM2")
            return false
        default:
            isakmp("ISAKMP (\(c)): received packet from \(p) dport 500 sport 500 Global (R) QM_IDLE      ")
            isakmp("ISAKMP:(\(c)):deleting node \(m) error FALSE reason \"QM done (await)\"")
            isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH")
            isakmp("ISAKMP:(\(c)):Old State = IKE_QM_R_QM2  New State = IKE_QM_PHASE2_COMPLETE")
            return true
        }
    }

    private mutating func initiator(_ f: Flight) -> Bool {
        let p = f.peer, c = f.connId, m = f.messageID
        switch f.step {
        case 0:
            isakmp("IPSEC(sa_request): ,")
            line("  (key eng. msg.) OUTBOUND local= \(Self.local):500, remote= \(p):500, ")
            line("    local_proxy= 192.168.0.0/255.255.0.0/256/0 (type=4), ")
            line("    remote_proxy= \(subnet(p))/255.255.255.0/256/0 (type=4),")
            line("    protocol= ESP, transform= esp-aes 256 esp-sha-hmac  (Tunnel), ")
            line("    lifedur= 3600s and 4608000kb, ")
            line("    spi= 0x0(0), conn_id= 0, keysize= 256, flags= 0x0")
            isakmp("ISAKMP:(0): SA request profile is SPOKES")
            isakmp("ISAKMP: Created a peer struct for \(p), peer port 500")
            isakmp("ISAKMP: Locking peer struct 0x\(hex(c * 4099)), refcount 1 for isakmp_initiator")
            isakmp("ISAKMP: local port 500, remote port 500")
            isakmp("ISAKMP: set new node 0 to QM_IDLE      ")
            isakmp("ISAKMP:(0):insert sa successfully sa = \(hex(c * 7919))")
            isakmp("ISAKMP:(0):Can not start Aggressive mode, trying Main mode.")
            isakmp("ISAKMP:(0):Found ADDRESS key in keyring SPOKES-KR")
            isakmp("ISAKMP:(0): constructed NAT-T vendor-rfc3947 ID")
            isakmp("ISAKMP:(0):Input = IKE_MESG_FROM_IPSEC, IKE_SA_REQ_MM")
            isakmp("ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1 ")
            line("")
            isakmp("ISAKMP:(0): beginning Main Mode exchange")
            isakmp("ISAKMP:(0): sending packet to \(p) my_port 500 peer_port 500 (I) MM_NO_STATE")
            isakmp("ISAKMP:(0):Sending an IKE IPv4 Packet.")
            return false
        case 1:
            isakmp("ISAKMP (0): received packet from \(p) dport 500 sport 500 Global (I) MM_NO_STATE")
            isakmp("ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH")
            isakmp("ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2 ")
            line("")
            isakmp("ISAKMP:(0): processing SA payload. message ID = 0")
            isakmp("ISAKMP:(0):Found ADDRESS key in keyring SPOKES-KR")
            isakmp("ISAKMP:(0): local preshared key found")
            isakmp("ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy")
            isakmp("ISAKMP:      encryption AES-CBC")
            isakmp("ISAKMP:      keylength of 256")
            isakmp("ISAKMP:      hash SHA")
            isakmp("ISAKMP:      default group 14")
            isakmp("ISAKMP:      auth pre-share")
            isakmp("ISAKMP:(0):atts are acceptable. Next payload is 0")
            isakmp("ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PROCESS_MAIN_MODE")
            isakmp("ISAKMP:(0):Old State = IKE_I_MM2  New State = IKE_I_MM2 ")
            line("")
            isakmp("ISAKMP:(0): sending packet to \(p) my_port 500 peer_port 500 (I) MM_SA_SETUP")
            isakmp("ISAKMP:(0):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE")
            isakmp("ISAKMP:(0):Old State = IKE_I_MM2  New State = IKE_I_MM3 ")
            line("")
            return false
        case 2:
            isakmp("ISAKMP (0): received packet from \(p) dport 500 sport 500 Global (I) MM_SA_SETUP")
            isakmp("ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH")
            isakmp("ISAKMP:(0):Old State = IKE_I_MM3  New State = IKE_I_MM4 ")
            line("")
            isakmp("ISAKMP:(0): processing KE payload. message ID = 0")
            isakmp("ISAKMP:(0): processing NONCE payload. message ID = 0")
            isakmp("ISAKMP:(0):Found ADDRESS key in keyring SPOKES-KR")
            isakmp("ISAKMP:(\(c)): processing vendor id payload")
            isakmp("ISAKMP:(\(c)): vendor ID is Unity")
            isakmp("ISAKMP (\(c)): No NAT Found for self or peer")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PROCESS_MAIN_MODE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_I_MM4  New State = IKE_I_MM4 ")
            line("")
            isakmp("ISAKMP:(\(c)):Send initial contact")
            isakmp("ISAKMP:(\(c)):SA is doing pre-shared key authentication using id type ID_IPV4_ADDR")
            isakmp("ISAKMP (\(c)): ID payload ")
            idPayloadFields(Self.local)
            isakmp("ISAKMP:(\(c)):Total payload length: 12")
            isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (I) MM_KEY_EXCH")
            isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_I_MM4  New State = IKE_I_MM5 ")
            line("")
            return false
        case 3, 4:
            if f.scenario == .initiatorMM5Rejected {
                isakmp("ISAKMP:(\(c)): retransmitting phase 1 MM_KEY_EXCH...")
                isakmp("ISAKMP (\(c)): incrementing error counter on sa, attempt \(f.step - 2) of 5: retransmit phase 1")
                isakmp("ISAKMP:(\(c)): retransmitting phase 1 MM_KEY_EXCH")
                isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (I) MM_KEY_EXCH")
                isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
                return false
            }
            if f.step == 4 {
                isakmp("ISAKMP (\(c)): received packet from \(p) dport 500 sport 500 Global (I) QM_IDLE      ")
                isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH")
                isakmp("ISAKMP:(\(c)):Old State = IKE_QM_I_QM1  New State = IKE_QM_IPSEC_INSTALL_AWAIT")
                isakmp("ISAKMP:(\(c)):Node \(m), Input = IKE_MESG_FROM_IPSEC, IPSEC_INSTALL_DONE")
                isakmp("ISAKMP:(\(c)):Old State = IKE_QM_IPSEC_INSTALL_AWAIT  New State = IKE_QM_PHASE2_COMPLETE")
                return true
            }
            isakmp("ISAKMP (\(c)): received packet from \(p) dport 500 sport 500 Global (I) MM_KEY_EXCH")
            isakmp("ISAKMP:(\(c)): processing ID payload. message ID = 0")
            isakmp("ISAKMP (\(c)): ID payload ")
            idPayloadFields(p)
            isakmp("ISAKMP:(\(c)):SA authentication status:")
            line("\tauthenticated")
            isakmp("ISAKMP:(\(c)):SA has been authenticated with \(p)")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH")
            isakmp("ISAKMP:(\(c)):Old State = IKE_I_MM5  New State = IKE_I_MM6 ")
            line("")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PROCESS_COMPLETE")
            isakmp("ISAKMP:(\(c)):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE ")
            line("")
            isakmp("ISAKMP:(\(c)):beginning Quick Mode exchange, M-ID of \(Int32(bitPattern: m))")
            isakmp("ISAKMP:(\(c)):QM Initiator gets spi")
            isakmp("ISAKMP:(\(c)): sending packet to \(p) my_port 500 peer_port 500 (I) QM_IDLE      ")
            isakmp("ISAKMP:(\(c)):Sending an IKE IPv4 Packet.")
            isakmp("ISAKMP:(\(c)):Node \(Int32(bitPattern: m)), Input = IKE_MESG_INTERNAL, IKE_INIT_QM")
            isakmp("ISAKMP:(\(c)):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1")
            return false
        default:
            isakmp("ISAKMP:(\(c)):deleting SA reason \"Death by retransmission P1\" state (I) MM_KEY_EXCH (peer \(p))")
            isakmp("ISAKMP:(\(c)):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL")
            isakmp("ISAKMP:(\(c)):Old State = IKE_I_MM5  New State = IKE_DEST_SA ")
            line("")
            return true
        }
    }

    // MARK: - Text

    private func subnet(_ p: String) -> String {
        var parts = p.split(separator: ".")
        parts[3] = "0"
        return parts.joined(separator: ".")
    }

    private func hex(_ v: Int) -> String { String(UInt32(truncatingIfNeeded: v), radix: 16, uppercase: true) }

    private mutating func isakmp(_ body: String) {
        let ms = clockMillis
        let h = (ms / 3_600_000) % 24, m = (ms / 60_000) % 60, s = (ms / 1000) % 60, f = ms % 1000
        let day = 10 + (ms / 86_400_000) % 18
        out.append(contentsOf: "*Nov \(day) ".utf8)
        appendPadded(h, 2); out.append(0x3A); appendPadded(m, 2); out.append(0x3A); appendPadded(s, 2)
        out.append(0x2E); appendPadded(f, 3)
        out.append(contentsOf: ": ".utf8)
        out.append(contentsOf: body.utf8)
        out.append(0x0A)
        truth.lines += 1
    }

    /// The indented fields of an ID payload block.
    private mutating func idPayloadFields(_ address: String) {
        for f in ["next-payload : 8", "type         : 1", "address      : \(address)", "protocol     : 17", "port         : 500", "length       : 12"] {
            line("\t" + f)
        }
    }

    private mutating func line(_ text: String) {
        out.append(contentsOf: text.utf8)
        out.append(0x0A)
        truth.lines += 1
    }

    private mutating func appendPadded(_ v: Int, _ width: Int) {
        var digits: [UInt8] = []
        var x = v
        repeat { digits.append(UInt8(0x30 + x % 10)); x /= 10 } while x > 0
        while digits.count < width { digits.append(0x30) }
        out.append(contentsOf: digits.reversed())
    }
}

/// A small, fast, seedable PRNG (SplitMix64), so generated logs are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
