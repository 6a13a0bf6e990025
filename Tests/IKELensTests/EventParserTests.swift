import Testing
@testable import IKELens

@Suite struct EventParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let line: String
        let kind: EventKind
        let connId: Int?
        var testDescription: String { line }
        init(_ line: String, _ kind: EventKind, conn: Int? = nil) {
            self.line = line
            self.kind = kind
            self.connId = conn
        }
    }

    static let cases: [Case] = [
        Case("ISAKMP:(0):Input = IKE_MESG_FROM_IPSEC, IKE_SA_REQ_MM", .fsmInput(node: nil, input: "IKE_SA_REQ_MM"), conn: 0),
        Case("ISAKMP: (1003):Node 852773885, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH", .fsmInput(node: 852773885, input: "IKE_QM_EXCH"), conn: 1003),
        Case("ISAKMP:(1011):Node -1472022203, Input = IKE_MESG_INTERNAL, IKE_INIT_QM", .fsmInput(node: 2822945093, input: "IKE_INIT_QM"), conn: 1011),
        Case("ISAKMP:(1011):Old State = IKE_R_MM5 New State = IKE_P1_COMPLETE", .stateChange(from: "IKE_R_MM5", to: "IKE_P1_COMPLETE"), conn: 1011),
        Case("ISAKMP (1012): FSM action returned error: 2", .fsmError(code: 2), conn: 1012),
        Case("ISAKMP:(0): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_NO_STATE",
             .packetSent(peer: "192.168.0.2", localPort: 500, peerPort: 500, role: "I", label: "MM_NO_STATE"), conn: 0),
        Case("ISAKMP-PAK: (1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE      ",
             .packetReceived(peer: "203.0.113.30", localPort: 4500, peerPort: 4786, role: "R", label: "QM_IDLE"), conn: 1003),
        Case("ISAKMP (0:0): received packet from 10.10.10.2 (N) NEW SA",
             .packetReceived(peer: "10.10.10.2", localPort: nil, peerPort: nil, role: "N", label: "NEW SA"), conn: 0),
        Case("ISAKMP (0:1): sending packet to 10.10.10.2 (R) MM_SA_SETUP",
             .packetSent(peer: "10.10.10.2", localPort: nil, peerPort: nil, role: "R", label: "MM_SA_SETUP"), conn: 1),
        Case("ISAKMP:(1012): retransmitting phase 1 MM_KEY_EXCH...", .retransmit(label: "MM_KEY_EXCH", attempt: nil, maxAttempts: nil, phase: 1), conn: 1012),
        Case("ISAKMP (1012): incrementing error counter on sa, attempt 2 of 5: retransmit phase 1", .retransmit(label: nil, attempt: 2, maxAttempts: 5, phase: 1), conn: 1012),
        Case("ISAKMP (0:1): retransmitting due to retransmit phase 1", .retransmit(label: nil, attempt: nil, maxAttempts: nil, phase: 1), conn: 1),
        Case("ISAKMP (0:1): phase 1 packet is a duplicate of a previous packet.", .duplicatePacket, conn: 1),
        Case("ISAKMP:(0): SA request profile is profile2", .saRequest(profile: "profile2"), conn: 0),
        Case("ISAKMP: (0):SA request profile is (NULL)", .saRequest(profile: nil), conn: 0),
        Case("ISAKMP: Found a peer struct for 192.168.0.2, peer port 500", .peerStruct(peer: "192.168.0.2", port: 500)),
        Case("ISAKMP: (0):Created a peer struct for 203.0.113.1, peer port 500", .peerStruct(peer: "203.0.113.1", port: 500), conn: 0),
        Case("ISAKMP:(0): beginning Main Mode exchange", .mainModeBegin, conn: 0),
        Case("ISAKMP:(0): processing NONCE payload. message ID = 0", .payload(name: "NONCE", messageID: 0), conn: 0),
        Case("ISAKMP:(0):Found ADDRESS key in keyring keyring2", .keyringKey(keyring: "keyring2"), conn: 0),
        Case("ISAKMP:(0):found peer pre-shared key matching 192.168.0.1", .pskMatched(peer: "192.168.0.1"), conn: 0),
        Case("ISAKMP:(0):key for 192.168.0.2 not available in default", .keyLookup(peer: "192.168.0.2", keyring: "default", found: false), conn: 0),
        Case("ISAKMP:(0):key for 192.168.0.2 found in keyring1", .keyLookup(peer: "192.168.0.2", keyring: "keyring1", found: true), conn: 0),
        Case("ISAKMP:(0):ISAKMP: Selecting 192.168.0.0,255.255.255.0 as key", .keySelected(address: "192.168.0.0", mask: "255.255.255.0", final: false), conn: 0),
        Case("ISAKMP:(0):ISAKMP: Selecting 192.168.0.2,255.255.255.255 as final key", .keySelected(address: "192.168.0.2", mask: "255.255.255.255", final: true), conn: 0),
        Case("ISAKMP-ERROR: (0):No pre-shared key with 203.0.113.1!", .noPreSharedKey(peer: "203.0.113.1"), conn: 0),
        Case("ISAKMP-ERROR: (0):No Cert or pre-shared address key.", .noPreSharedKey(peer: nil), conn: 0),
        Case("ISAKMP:(0):: peer matches profile2 profile", .profileMatch(profile: "profile2"), conn: 0),
        Case("Oct 7 08:13:58.428: ISAKMP:(0):: peer matches *none* of the profiles", .profileMatch(profile: nil), conn: 0),
        Case("ISAKMP: (0):peer matches VPN profile", .profileMatch(profile: "VPN"), conn: 0),
        Case("ISAKMP:(1012):Key not found in keyrings of profile , aborting exchange", .keyNotInProfileKeyrings, conn: 1012),
        Case("ISAKMP:(1011):SA has been authenticated with 192.168.0.1", .authStatus(authenticated: true, peer: "192.168.0.1"), conn: 1011),
        Case("ISAKMP: reserved not zero on ID payload!", .reservedNotZero),
        Case("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformed", .badMessage(peer: "192.168.0.2")),
        // Data-plane drops: the peer is `remote=` (12.4/15.x), `src_addr` (IOS-XE, relayed inside %IOSXE-3-PLATFORM).
        Case("%CRYPTO-4-RECVD_PKT_MAC_ERR: decrypt: mac verify failed for connection id=2989 local=172.16.200.18 remote=172.16.204.18 spi=999CD43B seqno=00071328",
             .syslog(mnemonic: "CRYPTO-4-RECVD_PKT_MAC_ERR", peer: "172.16.204.18")),
        Case("%CRYPTO-4-PKT_REPLAY_ERR: decrypt: replay check failed connection id=311, sequence number=0",
             .syslog(mnemonic: "CRYPTO-4-PKT_REPLAY_ERR", peer: nil)),
        Case("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 192.168.0.2:500       Id: 192.168.0.2",
             .syslog(mnemonic: "CRYPTO-5-SESSION_STATUS", peer: "192.168.0.2")),
        Case("%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is UP.  Peer 203.0.113.30:4500 Id: 203.0.113.30",
             .syslog(mnemonic: "CRYPTO-5-IKEV2_SESSION_STATUS", peer: "203.0.113.30")),
        Case("%IOSXE-3-PLATFORM: SIP0: cpp_cp: QFP:0.0 Thread:000 TS:00000182801541574367 %IPSEC-3-HMAC_ERROR: IPSec SA receives HMAC error, DP Handle 349, src_addr 11.12.82.1, dest_addr 10.1.1.200, SPI 0xdad10535",
             .syslog(mnemonic: "IPSEC-3-HMAC_ERROR", peer: "11.12.82.1")),
        Case("%IOSXE-3-PLATFORM: R0/0: cpp_cp: QFP:0.0 Thread:000 TS:00000021859220345621 %IPSEC-3-REPLAY_ERROR: IPSec SA receives anti-replay error, DP Handle 13, src_addr 198.51.100.7, dest_addr 203.0.113.1, SPI 0x3caaaeb7",
             .syslog(mnemonic: "IPSEC-3-REPLAY_ERROR", peer: "198.51.100.7")),
        Case("%CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 3 failed with host 10.0.50.2", .syslog(mnemonic: "CRYPTO-6-IKMP_AUTH_FAIL", peer: "10.0.50.2")),
        // DMVPN: the other router's NBMA address (the NHS's, not this router's after `for`).
        Case("%DMVPN-5-CRYPTO_SS:  Tunnel0: local address : 198.51.100.2 remote address : 203.0.113.2 socket is DOWN",
             .syslog(mnemonic: "DMVPN-5-CRYPTO_SS", peer: "203.0.113.2")),
        Case("%DMVPN-5-CRYPTO_SS: Tunnel0-198.51.100.30 socket is DOWN", .syslog(mnemonic: "DMVPN-5-CRYPTO_SS", peer: "198.51.100.30")),
        Case("%DMVPN-5-NHRP_NHS_DOWN: Tunnel0: Next Hop Server : (Tunnel: 10.0.0.1 NBMA: 198.51.100.1 ) for (Tunnel: 10.0.0.2 NBMA: 203.0.113.2) is DOWN, Reason: External(NHRP: no error)",
             .syslog(mnemonic: "DMVPN-5-NHRP_NHS_DOWN", peer: "198.51.100.1")),
        Case("%DMVPN-5-NHRP_NHS_UP: Tunnel0: Next Hop Server : (Tunnel: 10.0.0.1 NBMA: 198.51.100.1 ) for (Tunnel: 10.0.0.2 NBMA: 203.0.113.2) is UP",
             .syslog(mnemonic: "DMVPN-5-NHRP_NHS_UP", peer: "198.51.100.1")),
        Case("ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy", .transformCheck(transform: 1, policy: 10), conn: 0),
        Case("ISAKMP:      encryption 3DES-CBC", .attribute(name: "encryption", value: "3DES-CBC")),
        Case("ISAKMP: (0):      default group 2", .attribute(name: "group", value: "2"), conn: 0),
        Case("ISAKMP:      life duration (VPI) of  0x0 0x1 0x51 0x80 ", .attribute(name: "life-duration", value: "86400")),
        Case("ISAKMP: (0):      life duration (basic) of 6000", .attribute(name: "life-duration", value: "6000"), conn: 0),
        Case("ISAKMP:(0):atts are acceptable. Next payload is 0", .attsAcceptable(true), conn: 0),
        Case("ISAKMP:(0):atts are not acceptable. Next payload is 0", .attsAcceptable(false), conn: 0),
        Case("ISAKMP:(0):Encryption algorithm offered does not match policy!", .policyMismatch(attribute: "encryption"), conn: 0),
        Case("ISAKMP:(0):phase 1 SA policy not acceptable! (local 10.1.1.1 remote 10.2.2.2)", .phase1NotAcceptable(local: "10.1.1.1", remote: "10.2.2.2"), conn: 0),
        Case("ISAKMP:(1011):beginning Quick Mode exchange, M-ID of -889293300", .quickModeBegin(messageID: 3405673996), conn: 1011),
        Case("ISAKMP: (1003):set new node 570535495 to QM_IDLE      ", .newNode(messageID: 570535495), conn: 1003),
        Case("ISAKMP: (1003):Checking IPSec proposal 1", .ipsecProposalCheck(proposal: 1), conn: 1003),
        Case("ISAKMP:(1003):Checking IPsec proposal 1", .ipsecProposalCheck(proposal: 1), conn: 1003),
        Case("map_db_check_isakmp_profile profile did not match", .mapProfileMismatch),
        Case("*Oct 7 06:46:39.898: map_db_find_best did not find matching map", .mapNotFound),
        Case("IPSEC(ipsec_process_proposal): proxy identities not supported", .proxyNotSupported),
        Case("IPSEC(ipsec_process_proposal): transform proposal not supported for identity: {esp-aes 256 esp-sha512-hmac }",
             .transformNotSupported(transform: "esp-aes 256 esp-sha512-hmac")),
        Case("ISAKMP-ERROR: (1003):IPSec policy invalidated proposal with error 32", .proposalInvalidated(error: 32), conn: 1003),
        Case("ISAKMP:(1003): IPsec policy invalidated proposal with error 256", .proposalInvalidated(error: 256), conn: 1003),
        Case("ISAKMP-ERROR: (1003):phase 2 SA policy not acceptable! (local 203.0.113.1 remote 203.0.113.30)",
             .phase2NotAcceptable(local: "203.0.113.1", remote: "203.0.113.30"), conn: 1003),
        Case("ISAKMP: (1003):Sending NOTIFY PROPOSAL_NOT_CHOSEN protocol 3", .notify(sent: true, type: "PROPOSAL_NOT_CHOSEN", protocolNumber: 3), conn: 1003),
        Case("ISAKMP:(9577): processing NOTIFY RESPONDER_LIFETIME protocol 1", .notify(sent: false, type: "RESPONDER_LIFETIME", protocolNumber: 1), conn: 9577),
        Case("ISAKMP-ERROR: (1001):deleting node 570535495 error TRUE reason \"Delete Larval\"", .nodeDeleted(messageID: 570535495, reason: "Delete Larval", error: true), conn: 1001),
        Case("ISAKMP:(9577):deleting SA reason \"No reason\" state (I) QM_IDLE       (peer 77.77.77.77)", .saDeleted(reason: "No reason", state: "QM_IDLE", peer: "77.77.77.77"), conn: 9577),
        // A log copied from a web page: its quotes are `&quot;`.
        Case("ISAKMP-ERROR: (1001):deleting node 2002719471 error TRUE reason &quot;Death by retransmission P2&quot;",
             .nodeDeleted(messageID: 2002719471, reason: "Death by retransmission P2", error: true), conn: 1001),
        Case("ISAKMP:(9577):deleting SA reason &quot;No reason&quot; state (I) QM_IDLE       (peer 77.77.77.77)", .saDeleted(reason: "No reason", state: "QM_IDLE", peer: "77.77.77.77"), conn: 9577),
        Case("%CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=61.128.1.1, prot=50, spi=0x3EA71AED(1051138797), srcaddr=103.1.1.1, input interface=GigabitEthernet1",
             .syslog(mnemonic: "CRYPTO-4-RECVD_PKT_INV_SPI", peer: "103.1.1.1")),
        Case("ISAKMP:(0): processing vendor id payload", .other, conn: 0),
        Case("ISAKMP-ERROR: (0):(65514): Either (3des) encryption algorithm or (md5) hash algorithmis not CSDL compliant", .weakAlgorithm(text: "Either (3des) encryption algorithm or (md5) hash algorithmis not CSDL compliant"), conn: 0),
        Case("ISAKMP:(0): processing vendor id payload.", .other, conn: 0),
        Case("ISAKMP:(1004):DPD incrementing error counter (2/5)", .peerNotResponding(peer: nil, attempt: 2, maxAttempts: 5), conn: 1004),
        Case("ISAKMP: (1004):peer 203.0.113.2 not responding!", .peerNotResponding(peer: "203.0.113.2", attempt: nil, maxAttempts: nil), conn: 1004),
        Case("IKEv2:(SESSION ID = 12,SA ID = 1):Retransmitting packet ", .retransmit(label: nil, attempt: nil, maxAttempts: nil, phase: nil), conn: 12),
        Case("IKEv2:(SESSION ID = 12,SA ID = 1):Maximum number of retransmissions reached ", .peerNotResponding(peer: nil, attempt: nil, maxAttempts: nil), conn: 12),
        Case("IKEv2-ERROR:(SESSION ID = 12,SA ID = 1):: Maximum number of retransmissions reached", .peerNotResponding(peer: nil, attempt: nil, maxAttempts: nil), conn: 12),
        Case("IKEv2:(SESSION ID = 12,SA ID = 1):Failed SA init exchange", .v2Failure(text: "Failed SA init exchange"), conn: 12),
        Case("IKEv2:(SESSION ID = 14607,SA ID = 68):Peer's authentication method is 'RSA'", .v2AuthMethod(peer: true, method: "RSA"), conn: 14607),
        Case("IKEv2:(SESSION ID = 12,SA ID = 1):My authentication method is 'PSK'", .v2AuthMethod(peer: false, method: "PSK"), conn: 12),
        Case("IKEv2:(SESSION ID = 12,SA ID = 1):Get my authentication method", .other, conn: 12),
        Case("ISAKMP (1011): His hash no match - this node outside NAT", .natHashMismatch, conn: 1011),
        Case("ISAKMP (1011): My hash no match -  this node inside NAT", .natDetected(text: "My hash no match -  this node inside NAT"), conn: 1011),
        Case("SOMEDEBUG: nothing we know", .unrecognized),
    ]

    @Test(arguments: cases)
    func parsesEveryLineKind(_ c: Case) {
        let e = Fixture.event(c.line)
        #expect(e.kind == c.kind)
        #expect(e.connId == c.connId)
    }

    /// A syslog message wrapped over three lines, as Cisco's documents print it: its peer is on
    /// the last one.
    @Test func aWrappedSyslogMessageNamesItsPeer() {
        let text = """
            Sep  2 13:27:57.707: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet
               has invalid spi for destaddr=10.1.1.1, prot=50, spi=0xB761863E(3076621886),
               srcaddr=10.2.2.2
            """
        var kinds: [EventKind] = []
        _ = Fixture.device(Array(text.utf8)) { kinds.append($0.kind) }
        #expect(kinds == [.syslog(mnemonic: "CRYPTO-4-RECVD_PKT_INV_SPI", peer: "10.2.2.2")])
    }

    /// A line cut short inside an address (a capture's last line, a truncated file) names no
    /// peer: `77.77.77.` is not a peer `77.77.77` that would open an SA of its own.
    @Test func anAddressCutShortIsNoAddress() {
        #expect(Fixture.event("ISAKMP (0:0): received packet from 77.77.77.").kind == .other)
        #expect(Fixture.event("ISAKMP:(9577):deleting SA reason \"No reason\" state (I) QM_IDLE       (peer 77.77.7").kind
                == .saDeleted(reason: "No reason", state: "QM_IDLE", peer: nil))
        #expect(Fixture.event("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.1.20").kind == .badMessage(peer: nil))
        #expect(Fixture.event("ISAKMP: Found a peer struct for 1.2.3.4.5, peer port 500").kind == .other)
        #expect(Fixture.event("ISAKMP: Found a peer struct for 192.168.0.2, peer port 500").kind == .peerStruct(peer: "192.168.0.2", port: 500))
        let cut = "ISAKMP:(0): sending packet to 77.77.77.77 my_port 500 peer_port 500 (I) MM_NO_STATE\n"
            + "ISAKMP (0:0): received packet from 77.77.77."
        #expect(Fixture.device(Array(cut.utf8)).sas.map(\.peer) == ["77.77.77.77"])
        // Nor in a syslog message's `Peer` or an IKEv2 packet's `[To …` (before: peer
        // `198.51.100`, a `tunnel-down` for it; an IKEv2 session with peer `203.0.11`).
        #expect(Fixture.event("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 198.51.100").kind
                == .syslog(mnemonic: "CRYPTO-5-SESSION_STATUS", peer: nil))
        #expect(Fixture.event("%CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 198.51.100.7:500").kind
                == .syslog(mnemonic: "CRYPTO-5-SESSION_STATUS", peer: "198.51.100.7"))
        // The address's rest on the message's next line (a terminal that indents what it wraps,
        // by three blanks before the log showed it), or `Peer` there (a word wrap at the two
        // blanks before it): the whole address, without its port (before: no peer, and a
        // `tunnel-down` for "0 other peers"; the port kept).
        for log in ["*Jun 19 10:09:35.102: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 192.\n   168.0.2:500       Id: 192.168.0.2",
                    "*Jun 19 10:09:35.102: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN.\n Peer 192.168.0.2:500       Id: 192.168.0.2"] {
            #expect(Fixture.events(log).map(\.kind) == [.syslog(mnemonic: "CRYPTO-5-SESSION_STATUS", peer: "192.168.0.2")], "\(log)")
        }
        let noPeer = Fixture.analyze("*Jun 19 10:09:35.102: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 192.\n")
        #expect(noPeer.findings.map(\.summary) == ["The tunnel to a peer went down once; the log has no IKE debug for it to tell why"])
        for cutPeer in ["203.0.11", "203.0.113.", "203.0.113.1234"] {
            guard case let .v2Packet(_, peer, _, _, _, _, _) = Fixture.event("IKEv2:(SESSION ID = 4,SA ID = 1):Sending Packet [To \(cutPeer)").kind else {
                Issue.record("\(cutPeer)"); continue
            }
            #expect(peer == nil, "\(cutPeer)")
        }
    }

    /// A packet's label that is one of IOS's known words is taken as the word itself, without
    /// the secret masking a label gets: masking must leave every known word as it is.
    @Test func knownWordsNeedNoMasking() {
        for w in Tokens.words { #expect(SecretMasker.maskField(w) == w, "\(w)") }
    }

    /// The lines `Event.evidenceText` writes back exactly are kept without their text (a busy
    /// log's packets and state changes: no `String` each), and their evidence is the line all the
    /// same; a line printed any other way keeps its text.
    @Test func linesEvidenceWritesBackKeepNoText() {
        let rebuilt = [
            "ISAKMP:(1001): sending packet to 10.1.0.136 my_port 500 peer_port 500 (R) MM_KEY_EXCH",
            "ISAKMP (1001): received packet from 10.1.0.136 dport 500 sport 500 Global (R) QM_IDLE ",
            "ISAKMP (0): received packet from 10.1.0.136 dport 4500 sport 4500 Global (N) NEW SA",
            "ISAKMP:(1001):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE ",
            "ISAKMP:(0):found peer pre-shared key matching 10.1.0.136",
            "ISAKMP:(0):Checking ISAKMP transform 1 against priority 10 policy",
            "ISAKMP:(0):atts are acceptable.",
            "ISAKMP:(1001):Returning Actual lifetime: 86400",
            "ISAKMP:(1001):SA has been authenticated with 10.1.0.136",
        ]
        let kept = [
            "ISAKMP-PAK: (1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE ",
            "ISAKMP (1001): received packet from 10.1.0.136 dport 500 sport 500 Global (R) QM_IDLE",
            "ISAKMP:(1001): sending packet to 2001:DB8::2 my_port 500 peer_port 500 (R) MM_KEY_EXCH",
            "ISAKMP:(1001): sending packet to 10.1.0.136 my_port 500 peer_port 500 (R) MM_ODD_STATE",
            "ISAKMP:(1001): sending packet to 10.1.0.136 my_port 0500 peer_port 500 (R) MM_KEY_EXCH",
            "ISAKMP (1001): received packet from 10.1.0.136 dport 500 sport 500 FVRF (R) MM_KEY_EXCH",
            "ISAKMP:(1001):Old State = IKE_R_MM5 New State = IKE_P1_COMPLETE",
            "ISAKMP:(0):atts are acceptable. Next payload is 0",
            "ISAKMP:(1001):Returning Actual lifetime: 86400 ",
            "ISAKMP:(1001):SA has been authenticated with 10.1.0.136.",
        ]
        func event(_ line: String) -> Event? {
            let d = Fixture.device(Array((line + "\n").utf8))
            return (d.sas.flatMap(\.events) + d.unattributed).first
        }
        // (A record keeps one of its line's trailing spaces: IOS pads `QM_IDLE` with six.)
        #expect(event("ISAKMP (1001): received packet from 10.1.0.136 dport 500 sport 500 Global (R) QM_IDLE      ")?.text == "")
        for line in rebuilt {
            let e = event(line)
            #expect(e?.text == "", "\(line)")
            #expect(e?.evidenceText == line, "\(line)")
        }
        for line in kept {
            #expect(event(line)?.text == line, "\(line)")
        }
    }

    /// Each attribute spelling gives its name (the first spelling that fits, by its first letter).
    @Test func attributeLinesGiveTheirNames() {
        let lines: [(String, String, String)] = [
            ("encryption AES-CBC", "encryption", "AES-CBC"), ("encaps is 1 (Tunnel)", "encapsulation", "1 (Tunnel)"),
            ("hash SHA", "hash", "SHA"), ("default group 14", "group", "14"), ("group is 5", "pfs-group", "5"),
            ("group 2", "group", "2"), ("auth pre-share", "authentication", "pre-share"),
            ("authenticator is HMAC-SHA", "authenticator", "HMAC-SHA"), ("life type in seconds", "life-type", "seconds"),
            ("life duration (VPI) of  0x0 0x1 0x51 0x80", "life-duration", "86400"), ("key length is 256", "key-length", "256"),
            ("keylength of 128", "key-length", "128"), ("SA life type in kilobytes", "sa-life-type", "kilobytes"),
            ("SA life duration (basic) of 3600", "sa-life-duration", "3600"), ("transform 1, ESP_AES", "transform", "1, ESP_AES"),
        ]
        for (line, name, value) in lines {
            #expect(Fixture.event("ISAKMP:      \(line)").kind == .attribute(name: name, value: value), "\(line)")
        }
        for line in ["authority of x", "generic thing", "keys are here", "SA lifetime", "today"] {
            #expect(Fixture.event("ISAKMP:      \(line)").kind == .other, "\(line)")
        }
        // A packet's label that is no known word, and none at all (the rest of the line, as printed).
        #expect(Fixture.event("ISAKMP:(0): sending packet to 10.0.0.1 my_port 500 peer_port 500 (I) MM_ODD_STATE").kind
                == .packetSent(peer: "10.0.0.1", localPort: 500, peerPort: 500, role: "I", label: "MM_ODD_STATE"))
        #expect(Fixture.event("ISAKMP:(0): sending packet to 10.0.0.1 my_port 500 peer_port 500 (R) odd label  ").kind
                == .packetSent(peer: "10.0.0.1", localPort: 500, peerPort: 500, role: "R", label: " odd label"))
    }

    @Test func everyEventKindHasAParserCase() {
        // Each kind name the parser can produce appears in the table above (or is structural).
        let covered = Set(Self.cases.map(\.kind.name))
        let structural: Set<String> = ["id-payload", "id-field", "auth-status", "ipsec-request", "aggressive-mode-begin"]
        let all: [EventKind] = [.fsmInput(node: nil, input: ""), .stateChange(from: "", to: ""), .fsmError(code: 0),
                                .packetSent(peer: "", localPort: nil, peerPort: nil, role: nil, label: ""),
                                .packetReceived(peer: "", localPort: nil, peerPort: nil, role: nil, label: ""),
                                .retransmit(label: nil, attempt: nil, maxAttempts: nil, phase: nil), .duplicatePacket,
                                .saRequest(profile: nil), .peerStruct(peer: "", port: nil), .mainModeBegin, .payload(name: "", messageID: 0),
                                .keyringKey(keyring: ""), .pskMatched(peer: ""), .keyLookup(peer: "", keyring: "", found: true),
                                .keySelected(address: "", mask: "", final: true), .noPreSharedKey(peer: nil), .profileMatch(profile: nil),
                                .keyNotInProfileKeyrings, .reservedNotZero, .badMessage(peer: nil), .transformCheck(transform: nil, policy: nil),
                                .attribute(name: "", value: ""), .attsAcceptable(true), .policyMismatch(attribute: ""),
                                .phase1NotAcceptable(local: nil, remote: nil), .quickModeBegin(messageID: 0), .newNode(messageID: 0),
                                .ipsecProposalCheck(proposal: nil), .mapProfileMismatch, .mapNotFound, .proxyNotSupported,
                                .transformNotSupported(transform: nil), .proposalInvalidated(error: 0), .phase2NotAcceptable(local: nil, remote: nil),
                                .notify(sent: true, type: "", protocolNumber: nil), .nodeDeleted(messageID: 0, reason: "", error: true),
                                .saDeleted(reason: "", state: nil, peer: nil), .syslog(mnemonic: "", peer: nil), .other, .unrecognized,
                                .peerNotResponding(peer: nil, attempt: nil, maxAttempts: nil), .natHashMismatch]
        for k in all where !structural.contains(k.name) {
            #expect(covered.contains(k.name), "no parser test for \(k.name)")
        }
    }
}

@Suite struct EndpointTests {
    /// Lines that name an SA's two ends give its local address (and its peer, when unknown).
    @Test func linesNamingBothEndsGiveTheLocalAddress() {
        #expect(Fixture.event("*Oct 25 20:37:02.884: ISAKMP: (1001):SA has outstanding requests  (local 172.16.0.2 port 4500, remote 203.0.113.1 port 4500)").kind
                == .endpoints(local: "172.16.0.2", remote: "203.0.113.1"))
        #expect(Fixture.event("ISAKMP: (1003):Process initial contact,\nbring down existing phase 1 and 2 SA's with local 61.128.1.1 remote 103.1.1.1 remote port 4501").kind
                == .endpoints(local: "61.128.1.1", remote: "103.1.1.1"))
        #expect(Fixture.event("*Apr  3 08:17:36.002: IKEv2:Searching Policy with fvrf 0, local address 192.168.251.5").kind
                == .endpoints(local: "192.168.251.5", remote: nil))
        let d = Fixture.device(Array("*Oct 25 20:37:02.880: ISAKMP: (1001):Old State = IKE_READY  New State = IKE_I_MM1\n*Oct 25 20:37:02.884: ISAKMP: (1001):SA has outstanding requests  (local 172.16.0.2 port 4500, remote 203.0.113.1 port 4500)\n".utf8))
        #expect(d.sas.first?.local == "172.16.0.2")
    }
}
