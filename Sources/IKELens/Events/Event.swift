#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a line came from in IOS: which debug or syslog facility printed it.
public enum Facility: String, Sendable, Equatable {
    case isakmp, ipsec, cryptoMap = "crypto-map", syslog, ikev2, crypto, nhrp, none
}

/// A quick-mode / informational exchange's message ID. IOS prints it signed
/// (`M-ID of -889293300`) or unsigned (`message ID = 3405674000`); both are the
/// same 32-bit value.
public typealias MessageID = UInt32

/// What one log record says, typed. The cases follow the life of an IKEv1 SA.
/// (The cases of three fields or more are `indirect`: every event is as large as the largest
/// case, and events are moved and copied from the parser to the SA that keeps them.)
public enum EventKind: Sendable, Equatable {
    // Finite-state machine
    case fsmInput(node: MessageID?, input: String)
    case stateChange(from: String, to: String)
    case fsmError(code: Int)
    // Packets
    indirect case packetSent(peer: String, localPort: Int?, peerPort: Int?, role: String?, label: String)
    /// `vrf`: the front-door VRF a received packet names where IOS usually prints `Global`
    /// (`sport 500 INET (N) NEW SA`); nil for the global table.
    indirect case packetReceived(peer: String, localPort: Int?, peerPort: Int?, role: String?, label: String, vrf: String? = nil)
    indirect case retransmit(label: String?, attempt: Int?, maxAttempts: Int?, phase: Int?)
    /// Liveness checks unanswered: `DPD incrementing error counter (2/5)`, `peer X not
    /// responding!`, IKEv2's `Maximum number of retransmissions reached`.
    indirect case peerNotResponding(peer: String?, attempt: Int?, maxAttempts: Int?)
    case duplicatePacket
    // SA set-up
    case saRequest(profile: String?)
    case peerStruct(peer: String, port: Int?)
    case mainModeBegin
    case aggressiveModeBegin
    case payload(name: String, messageID: MessageID)
    // Keys and profiles
    case keyringKey(keyring: String)
    case pskMatched(peer: String)
    indirect case keyLookup(peer: String, keyring: String, found: Bool)
    indirect case keySelected(address: String, mask: String, final: Bool)
    case noPreSharedKey(peer: String?)
    case profileMatch(profile: String?)
    case keyNotInProfileKeyrings
    indirect case idPayload(type: Int?, address: String?, protocolNumber: Int?, port: Int?)
    case idField(name: String, value: String)
    case authStatus(authenticated: Bool, peer: String?)
    case reservedNotZero
    case badMessage(peer: String?)
    // Phase 1 proposal
    case transformCheck(transform: Int?, policy: Int?)
    case attribute(name: String, value: String)
    case attsAcceptable(Bool)
    case policyMismatch(attribute: String)
    case phase1NotAcceptable(local: String?, remote: String?)
    // Quick mode / IPsec
    case quickModeBegin(messageID: MessageID)
    case newNode(messageID: MessageID)
    case ipsecProposalCheck(proposal: Int?)
    /// `lifetimeSeconds` / `lifetimeKB`: the IPsec SA's lifetimes the key-engine block names
    /// (`lifedur= 3600s and 4608000kb`, `sa_lifetime(k/sec)= (4608000/3600)`).
    indirect case ipsecRequest(function: String, local: String?, remote: String?, localProxy: String?, remoteProxy: String?, transform: String?,
                      lifetimeSeconds: Int? = nil, lifetimeKB: Int? = nil)
    case mapProfileMismatch
    case mapNotFound
    case proxyNotSupported
    case transformNotSupported(transform: String?)
    /// `IPSEC(validate_proposal): invalid local address X`: the peer's quick mode reached an
    /// address no crypto map here is bound to.
    case invalidLocalAddress(address: String?)
    /// A line that names the SA's two ends (`SA has outstanding requests (local A port 4500,
    /// remote B port 4500)`, `Process initial contact, … with local A remote B`, IKEv2's
    /// `Searching Policy with fvrf 0, local address A`).
    case endpoints(local: String?, remote: String?)
    case proposalInvalidated(error: Int)
    case phase2NotAcceptable(local: String?, remote: String?)
    indirect case notify(sent: Bool, type: String, protocolNumber: Int?)
    /// A notify from the peer before phase 1 has keys, dropped by IOS: `Notify has no hash.
    /// Rejected.` and `Unknown Input IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY: state = IKE_I_MM1` (the
    /// state it came in). Answering MM1 with one is how a responder refuses the proposal.
    case unauthenticatedNotify(state: String?)
    indirect case nodeDeleted(messageID: MessageID, reason: String, error: Bool)
    indirect case saDeleted(reason: String, state: String?, peer: String?)
    case natDetected(text: String)
    /// `His hash no match - this node outside NAT`: one NAT-D hash missed (twice: the peer is behind NAT).
    case natHashMismatch
    case noOffersAccepted
    /// `construct_initial_message: Can not start Main mode`, `Error while processing SA request …`.
    case initFailed(text: String)
    /// `Returning Actual lifetime: 3600`, `restart ike sa timer to 3600 secs`.
    case lifetime(seconds: Int, responder: Bool)
    /// `Either (3des) encryption algorithm or (md5) hash algorithmis not CSDL compliant`.
    case weakAlgorithm(text: String)
    // IKEv2
    indirect case v2Packet(sent: Bool, peer: String?, local: String?, exchange: String?, request: Bool?, messageID: Int?, payloads: String?)
    case v2State(state: String, event: String)
    case v2IdentitySearch(identity: String, type: String?)
    case v2ProfileMatched(profile: String)
    case v2ProfileNotFound(text: String)
    /// `Failed to locate an item in the database`: some lookup found nothing (a profile, the
    /// peer's key in the keyring, …); which one, the lines before it tell.
    case v2LookupFailed(text: String)
    case v2KeyringKey(keyring: String)
    /// `Matched peer block 'NAME'`: the keyring's peer entry that covers the peer.
    case v2PeerBlock(name: String)
    /// `Get peer's preshared key for X` (`found` nil: the lookup begins) and `Use preshared key
    /// for id X, key len N` (`found` true: a key was found).
    case v2PSKLookup(identity: String, found: Bool?)
    case v2AuthResult(passed: Bool)
    /// `Peer's authentication method is 'RSA'` (`peer` true), `My authentication method is
    /// 'PSK'`: how a side authenticates (PSK, RSA, ECDSA, EAP).
    case v2AuthMethod(peer: Bool, method: String)
    case v2CertFailed(text: String)
    case v2PeerIDCheckFailed
    case v2Failure(text: String)
    case v2SessionUp(local: String?, remote: String?)
    /// `ESP Proposal: 1, … Num. transforms: 3 / AES-CBC SHA256 Don't use ESN`: the transforms of a
    /// child SA this router proposes.
    case v2ChildProposal(transforms: String)
    /// A CREATE_CHILD_SA request rekeying a child SA (`Building packet for encryption` with
    /// `NOTIFY(REKEY_SA)`); `ke`: it carries a KE payload (PFS).
    case v2ChildRekey(ke: Bool)
    case v2Deleting
    /// `R1#clear crypto session` typed at the prompt: the SAs deleted next are the operator's doing.
    case operatorClear(command: String)
    /// A ping's summary, `Success rate is 100 percent (5/5)`: the replies it got of the echoes sent.
    case pingResult(received: Int, sent: Int)
    /// `debug nhrp`: a DMVPN router learned (or uses) a tunnel endpoint, `Adding Tunnel Endpoints
    /// (VPN: 172.16.0.12, NBMA: 198.51.100.30)`: the NBMA address is the IPsec peer.
    case nhrpEndpoint(vpn: String?, nbma: String)
    // Syslog messages (`%CRYPTO-4-…`) not modeled above.
    case syslog(mnemonic: String, peer: String?)
    /// A known facility's line that carries no fact the analysis uses.
    case other
    /// A line nobody understood; kept, counted and listable.
    case unrecognized

    /// `self == .other`, without the general comparison (hot paths).
    @inline(__always) public var isOther: Bool {
        if case .other = self { return true }
        return false
    }

    /// `self == .reservedNotZero`, without the general comparison (hot paths).
    @inline(__always) public var isReservedNotZero: Bool {
        if case .reservedNotZero = self { return true }
        return false
    }

    /// `self == .unrecognized`, without the general comparison (hot paths).
    @inline(__always) public var isUnrecognized: Bool {
        if case .unrecognized = self { return true }
        return false
    }

    /// Whether the event, read from a message whose end may be cut (the last line of a file
    /// that ended inside it), may be a piece misread: the fact it names is missing (no peer in a
    /// router message that always ends naming one, `%CRYPTO-6-IKMP_MODE_FAILURE: Processing of
    /// Main M`: a failure of a peer of its own), or is the beginning of a longer one IOS prints
    /// (`New State = IKE_I_M`, `with error 25`).
    public var mayBeCut: Bool {
        switch self {
        case let .syslog(mnemonic, peer):
            return peer == nil && Self.namingPeers.contains { mnemonic.hasSuffix($0) }
        case let .stateChange(_, to):
            return !Tokens.words.contains(to) && Tokens.words.contains { $0.utf8.count > to.utf8.count && $0.hasPrefix(to) }
        case let .proposalInvalidated(code):
            return code < 0 || [32, 256].contains { $0 != code && String($0).hasPrefix(String(code)) }
        default: return false
        }
    }

    /// Router messages whose text ends naming the peer (`… failed with peer at 198.51.100.7`,
    /// `… srcaddr=…, input interface=…`): one without it was cut (see `mayBeCut`).
    private static let namingPeers = ["IKMP_MODE_FAILURE", "IKMP_AUTH_FAIL", "RECVD_PKT_INV_SPI", "RECVD_PKT_NOT_IPSEC"]

    /// Stable kebab-case name, used in NDJSON.
    public var name: String {
        switch self {
        case .fsmInput: return "fsm-input"
        case .stateChange: return "state"
        case .fsmError: return "fsm-error"
        case .packetSent: return "packet-sent"
        case .packetReceived: return "packet-received"
        case .retransmit: return "retransmit"
        case .peerNotResponding: return "peer-not-responding"
        case .operatorClear: return "operator-clear"
        case .pingResult: return "ping-result"
        case .nhrpEndpoint: return "nhrp-endpoint"
        case .duplicatePacket: return "duplicate-packet"
        case .saRequest: return "sa-request"
        case .peerStruct: return "peer-struct"
        case .mainModeBegin: return "main-mode-begin"
        case .aggressiveModeBegin: return "aggressive-mode-begin"
        case .payload: return "payload"
        case .keyringKey: return "keyring-key"
        case .pskMatched: return "psk-matched"
        case .keyLookup: return "key-lookup"
        case .keySelected: return "key-selected"
        case .noPreSharedKey: return "no-pre-shared-key"
        case .profileMatch: return "profile-match"
        case .keyNotInProfileKeyrings: return "key-not-in-profile-keyrings"
        case .idPayload: return "id-payload"
        case .idField: return "id-field"
        case .authStatus: return "auth-status"
        case .reservedNotZero: return "reserved-not-zero"
        case .badMessage: return "bad-message"
        case .transformCheck: return "transform-check"
        case .attribute: return "attribute"
        case .attsAcceptable: return "atts-acceptable"
        case .policyMismatch: return "policy-mismatch"
        case .phase1NotAcceptable: return "phase1-not-acceptable"
        case .quickModeBegin: return "quick-mode-begin"
        case .newNode: return "new-node"
        case .ipsecProposalCheck: return "ipsec-proposal-check"
        case .ipsecRequest: return "ipsec-request"
        case .mapProfileMismatch: return "map-profile-mismatch"
        case .mapNotFound: return "map-not-found"
        case .proxyNotSupported: return "proxy-not-supported"
        case .transformNotSupported: return "transform-not-supported"
        case .invalidLocalAddress: return "invalid-local-address"
        case .endpoints: return "endpoints"
        case .proposalInvalidated: return "proposal-invalidated"
        case .phase2NotAcceptable: return "phase2-not-acceptable"
        case .notify: return "notify"
        case .unauthenticatedNotify: return "unauthenticated-notify"
        case .nodeDeleted: return "node-deleted"
        case .saDeleted: return "sa-deleted"
        case .natDetected: return "nat-detected"
        case .natHashMismatch: return "nat-hash-mismatch"
        case .noOffersAccepted: return "no-offers-accepted"
        case .initFailed: return "init-failed"
        case .lifetime: return "lifetime"
        case .weakAlgorithm: return "weak-algorithm"
        case .v2Packet: return "v2-packet"
        case .v2State: return "v2-state"
        case .v2IdentitySearch: return "v2-identity-search"
        case .v2ProfileMatched: return "v2-profile-matched"
        case .v2ProfileNotFound: return "v2-profile-not-found"
        case .v2LookupFailed: return "v2-lookup-failed"
        case .v2KeyringKey: return "v2-keyring-key"
        case .v2PeerBlock: return "v2-peer-block"
        case .v2PSKLookup: return "v2-psk-lookup"
        case .v2AuthResult: return "v2-auth-result"
        case .v2AuthMethod: return "v2-auth-method"
        case .v2CertFailed: return "v2-cert-failed"
        case .v2PeerIDCheckFailed: return "v2-peer-id-check-failed"
        case .v2Failure: return "v2-failure"
        case .v2SessionUp: return "v2-session-up"
        case .v2ChildProposal: return "v2-child-proposal"
        case .v2ChildRekey: return "v2-child-rekey"
        case .v2Deleting: return "v2-deleting"
        case .syslog: return "syslog"
        case .other: return "other"
        case .unrecognized: return "unrecognized"
        }
    }
}

/// One typed event, with the source lines it came from.
public struct Event: Sendable, Equatable {
    public var kind: EventKind
    public var facility: Facility
    /// The ISAKMP conn-id printed on the line: `nil` when none was printed.
    public var connId: Int?
    public var firstLine: Int
    public var lastLine: Int
    public var stamp: Stamp?
    /// The record's text (header stripped, continuations joined). Empty for
    /// `.other` events unless the parser was asked to keep all text.
    public var text: String

    public init(kind: EventKind, facility: Facility, connId: Int?, firstLine: Int, lastLine: Int, stamp: Stamp?, text: String) {
        self.kind = kind
        self.facility = facility
        self.connId = connId
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.stamp = stamp
        self.text = text
    }

    /// The peer address the line names, if any: how `(0)` lines are attributed.
    public var peer: String? {
        switch kind {
        case let .packetSent(p, _, _, _, _), let .packetReceived(p, _, _, _, _, _): return p
        case let .peerStruct(p, _): return p
        case let .pskMatched(p): return p
        case let .keyLookup(p, _, _): return p
        case let .noPreSharedKey(p):
            return Self.addressNamed(p)
        case let .badMessage(p): return p
        case let .saDeleted(_, _, p): return p
        case let .authStatus(_, p): return p
        case let .phase1NotAcceptable(_, r), let .phase2NotAcceptable(_, r): return r
        case let .syslog(_, p): return p
        case let .ipsecRequest(_, _, remote, _, _, _, _, _): return remote
        case let .v2Packet(_, p, _, _, _, _, _): return p
        case let .v2SessionUp(_, r): return r
        default: return nil
        }
    }

    /// `p` when it is an address: `no pre-shared key based on hostname X` names a host, not an
    /// address. (Out of line: the scalar properties it reads cost every `peer` their setup.)
    @inline(never)
    private static func addressNamed(_ p: String?) -> String? {
        guard let p, let f = p.unicodeScalars.first, f.properties.numericType != nil || p.contains(":") else { return nil }
        return p
    }
}

extension Event {
    /// The line as logged, or, for the high-volume kinds whose text the parser
    /// does not keep, the line as IOS prints it (conn-id prefix included).
    public var evidenceText: String {
        if !text.isEmpty { return text }
        let prefix = facility == .isakmp ? (connId.map { "ISAKMP:(\($0)):" } ?? "ISAKMP:") : ""
        switch kind {
        case let .transformCheck(t, p): return prefix + "Checking ISAKMP transform \(t.map(String.init) ?? "?") against priority \(p.map(String.init) ?? "?") policy"
        case let .attribute(n, v): return prefix + "      \(n == "pfs-group" ? "group is" : n) \(v)"
        case .attsAcceptable(true): return prefix + "atts are acceptable."
        case let .fsmInput(node, input): return prefix + (node.map { "Node \($0), " } ?? "") + "Input = \(input)"
        case let .payload(name, m): return prefix + " processing \(name) payload. message ID = \(m)"
        case let .pskMatched(p): return prefix + "found peer pre-shared key matching \(p)"
        case let .lifetime(seconds, false): return prefix + "Returning Actual lifetime: \(seconds)"
        case let .authStatus(true, p?): return prefix + "SA has been authenticated with \(p)"
        case let .newNode(m): return prefix + "set new node \(m) to QM_IDLE"
        case let .ipsecProposalCheck(p): return prefix + "Checking IPsec proposal \(p.map(String.init) ?? "?")"
        case let .peerStruct(p, port): return prefix + "Found a peer struct for \(p), peer port \(port.map(String.init) ?? "?")"
        case .mainModeBegin: return prefix + " beginning Main Mode exchange"
        case let .stateChange(from, to): return prefix + "Old State = \(from)  New State = \(to) "
        case let .packetSent(peer, localPort?, peerPort?, role?, label):
            // (Kept without its text only as IOS 15 prints it: see `EventParser.textIsRebuilt`.)
            guard let connId, let pad = Self.rebuiltLabelPadding(label) else { break }
            return "ISAKMP:(\(connId)): sending packet to \(peer) my_port \(localPort) peer_port \(peerPort) (\(role)) \(label)" + String(repeating: " ", count: pad)
        case let .packetReceived(peer, localPort?, peerPort?, role?, label, nil):
            guard let connId, let pad = Self.rebuiltLabelPadding(label) else { break }
            return "ISAKMP (\(connId)): received packet from \(peer) dport \(localPort) sport \(peerPort) Global (\(role)) \(label)" + String(repeating: " ", count: pad)
        case let .v2State(st, ev): return "IKEv2:SM Trace-> CurState: \(st) Event: \(ev)"
        default: break
        }
        return prefix + kind.name
    }

    /// The spaces after a packet's label in its record, for the labels whose packet lines
    /// `evidenceText` rebuilds; nil for the others. (IOS pads `QM_IDLE` with spaces; the record
    /// keeps one of a line's trailing spaces.)
    static func rebuiltLabelPadding(_ label: String) -> Int? {
        var label = label
        return label.withUTF8 { rebuiltLabelPadding($0) }
    }

    /// `rebuiltLabelPadding` of a label's bytes.
    static func rebuiltLabelPadding(_ label: UnsafeBufferPointer<UInt8>) -> Int? {
        func equals(_ word: StaticString) -> Bool {
            label.count == word.utf8CodeUnitCount && memcmp(label.baseAddress!, word.utf8Start, label.count) == 0
        }
        switch label.count {
        case 6: return equals("NEW SA") ? 0 : nil
        case 7: return equals("QM_IDLE") ? 1 : equals("AG_AUTH") ? 0 : nil
        case 11: return equals("MM_NO_STATE") || equals("MM_SA_SETUP") || equals("MM_KEY_EXCH") || equals("AG_NO_STATE") ? 0 : nil
        case 12: return equals("AG_INIT_EXCH") ? 0 : nil
        default: return nil
        }
    }
}
