import Foundation
import Testing
@testable import IKELens

@Suite struct CorrelatorTests {
    /// A flood of one router message keeps a few lines per peer and counts the rest:
    /// memory stays flat, and the finding still says how many and cites the first three.
    @Test func aFloodOfRouterMessagesIsCountedNotKept() {
        // (Each peer on its own SPI, as stale SAs are: one SPI from several is a scan. The stamps
        // run on: the same stamped lines again would be a second copy of the log, read once.)
        func line(_ i: Int, _ peer: String) -> String {
            let spi = peer.hasPrefix("103.") ? "0x3EA71AED(1051138797)" : "0x5B2E9C1A(1529781274)"
            return "*Oct 24 04:\(31 + i / 40):\(10 + i % 40).058: %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=61.128.1.1, prot=50, spi=\(spi), srcaddr=\(peer), input interface=GigabitEthernet1"
        }
        var lines: [String] = []
        for i in 0..<300 { lines.append(line(i, "103.1.1.1")) }
        for i in 0..<5 { lines.append(line(i, "198.51.100.7")) }
        for i in 300..<400 { lines.append(line(i, "103.1.1.1")) }
        let a = Fixture.analyze(lines.joined(separator: "\n") + "\n")
        let d = a.devices[0]
        #expect(d.unattributed.count == Correlator.keptPerGroup + 5)
        #expect(d.unattributedMore == [UnattributedGroup(message: "CRYPTO-4-RECVD_PKT_INV_SPI", peer: "103.1.1.1"): 400 - Correlator.keptPerGroup])
        let spi = a.findings.filter { $0.id == "invalid-spi" }
        #expect(spi.map(\.summary) == ["103.1.1.1 sends ESP on an SA test does not have (invalid SPI, 400 times)",
                                        "198.51.100.7 sends ESP on an SA test does not have (invalid SPI, 5 times)"])
        #expect(spi.first?.evidence.map(\.line) == [1, 2, 3])
    }

    /// `debug crypto ipsec` alone, the tunnel up: phase 1 is not in the log, but the IPsec SAs
    /// created imply it, and each quick mode is known from the key engine (the peer's proposal or
    /// this router's request, then the SAs created in pairs). Before, the responder's log had no
    /// SA at all (`No IKE SA in this log.`) and the initiator's read `phase 1 incomplete`, with
    /// no quick mode.
    @Test func anIPsecOnlyLogImpliesPhase1AndShowsItsQuickModes() throws {
        let a = Fixture.analyze(Fixture.sampleText("ipsec-only-success"))
        #expect(a.findings.isEmpty && a.errorCount == 0)
        func facts(_ a: Analysis) -> [String] {
            a.devices.flatMap(\.sas).map { sa in
                "\(sa.peer ?? "-") \(sa.local ?? "-") \(sa.role?.rawValue ?? "-") \(sa.phase1) implied \(sa.phase1Implied) conn-id \(sa.connId.map(String.init) ?? "-") lines \(sa.firstLine)-\(sa.lastLine)"
                    + sa.quickModes.map { " | \($0.messageID) \($0.result) \($0.firstLine)-\($0.lastLine) \($0.localProxy ?? "-") ↔ \($0.remoteProxy ?? "-") \($0.transform ?? "-")" }.joined()
            }
        }
        let gre = "192.168.0.2/255.255.255.255/47/0 ↔ 192.168.0.1/255.255.255.255/47/0 esp-aes esp-sha256-hmac (Tunnel)"
        #expect(facts(a) == ["192.168.0.1 192.168.0.2 responder complete implied true conn-id - lines 5-76 | 0 complete 5-36 \(gre) | 0 complete 46-76 \(gre)"])
        let text = TextReport(color: false).render(a)
        #expect(text.contains("\n  SA #1 · peer 192.168.0.1 · responder · phase 1 not debugged, implied complete\n"))
        #expect(text.contains("    10:04:24.845 L27     inbound IPsec SA created\n    10:04:24.845 L32     outbound IPsec SA created, to 192.168.0.1\n"))
        #expect(JSONReport.render(a).contains("\"phase1\": \"complete\",\n      \"phase1Implied\": true,\n"))
        // The initiator's side: its request, the keys, the SAs created.
        let initiator = """
        R1#debug crypto ipsec
        Crypto IPSEC debugging is on
        *Jun 19 10:04:24.826: IPSEC(sa_request): ,
          (key eng. msg.) OUTBOUND local= 192.168.0.1:500, remote= 192.168.0.2:500,
            local_proxy= 192.168.0.1/255.255.255.255/47/0,
            remote_proxy= 192.168.0.2/255.255.255.255/47/0,
            protocol= ESP, transform= esp-aes esp-sha256-hmac  (Tunnel),
            lifedur= 3600s and 4608000kb,
            spi= 0x0(0), conn_id= 0, keysize= 128, flags= 0x0
        *Jun 19 10:04:24.848: IPSEC(key_engine): got a queue event with 1 KMI message(s)
        *Jun 19 10:04:24.848: IPSEC(create_sa): sa created,
          (sa) sa_dest= 192.168.0.1, sa_proto= 50,
            sa_spi= 0xC4E5A1F3(3303383539),
            sa_trans= esp-aes esp-sha256-hmac , sa_conn_id= 1
            sa_lifetime(k/sec)= (4608000/3600)
        *Jun 19 10:04:24.848: IPSEC(create_sa): sa created,
          (sa) sa_dest= 192.168.0.2, sa_proto= 50,
            sa_spi= 0x6B0D2E91(1796026001),
            sa_trans= esp-aes esp-sha256-hmac , sa_conn_id= 2
            sa_lifetime(k/sec)= (4608000/3600)
        *Jun 19 10:04:24.849: IPSEC(update_current_outbound_sa): updated peer 192.168.0.2 current outbound sa to SPI 6B0D2E91
        *Jun 19 10:04:24.850: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 192.168.0.2:500       Id: 192.168.0.2

        """
        let i = Fixture.analyze(initiator)
        #expect(i.findings.isEmpty)
        #expect(facts(i) == ["192.168.0.2 192.168.0.1 initiator complete implied true conn-id - lines 3-20 | 0 complete 3-20 192.168.0.1/255.255.255.255/47/0 ↔ 192.168.0.2/255.255.255.255/47/0 esp-aes esp-sha256-hmac (Tunnel)"])
        // Its request alone (no answer: the peer unreachable, or phase 1 failing): phase 1 is not
        // in the log, not said to be incomplete.
        let request = initiator.split(separator: "\n", omittingEmptySubsequences: false).prefix(9).joined(separator: "\n") + "\n"
        let r = Fixture.analyze(request)
        #expect(facts(r) == ["192.168.0.2 192.168.0.1 initiator incomplete implied false conn-id - lines 3-9"])
        #expect(TextReport(color: false).render(r).contains("  SA #1 · peer 192.168.0.2 · initiator · phase 1 not debugged\n"))
        // With `debug crypto isakmp` too, phase 1 is in the log: not implied.
        let both = Fixture.analyze(Fixture.sampleText("r2-responder-success"))
        #expect(both.devices.flatMap(\.sas).map { "\($0.phase1) \($0.phase1Implied) \($0.quickModes.count)" } == ["complete false 1"])
        // With `debug crypto ikev2`, the key engine's request and SAs created are the IKEv2 child
        // SA's: no IKEv1 phase 1 implied.
        func moved(_ lines: ArraySlice<Substring>) -> String {
            lines.joined(separator: "\n").replacingOccurrences(of: "192.168.0.1", with: "203.0.113.1").replacingOccurrences(of: "192.168.0.2", with: "198.51.100.2")
                .replacingOccurrences(of: "Jun 19 10:04:24.8", with: "Nov 12 14:02:11.1") + "\n"
        }
        let engine = initiator.split(separator: "\n")
        let created = "*Nov 12 14:02:11.128: IKEv2:(SA ID = 1):[IPsec -> IKEv2] Creation of IPsec SA into IPsec database PASSED\n"
        let v2 = Fixture.sampleText("ikev2-success-initiator")
            .replacingOccurrences(of: "*Nov 12 14:02:11.101: IKEv2:% Getting preshared key", with: moved(engine[2..<9]) + "*Nov 12 14:02:11.101: IKEv2:% Getting preshared key")
            .replacingOccurrences(of: created, with: created + moved(engine[9..<20]))
        #expect(v2.components(separatedBy: "IPSEC(").count == 5)
        let sas = Fixture.analyze(v2).devices.flatMap(\.sas)
        #expect(!sas.contains { $0.phase1Implied })
        #expect(sas.filter { $0.version == 2 }.map { "\($0.phase1) \($0.quickModes.map(\.result))" } == ["complete [IKELens.QuickModeResult.complete]"])
    }

    /// `debug crypto ipsec` alone, quick mode refused: its diagnosis as with ISAKMP debug, over a
    /// phase 1 implied complete (the peer proposed IPsec SAs), never a phase 1 failure.
    @Test func anIPsecOnlyRefusalKeepsItsDiagnosis() throws {
        let refused = """
        HUB#debug crypto ipsec
        Crypto IPSEC debugging is on
        *Nov 13 10:21:44.509: IPSEC(validate_proposal_request): proposal part #1
        *Nov 13 10:21:44.509: IPSEC(validate_proposal_request): proposal part #1,
          (key eng. msg.) INBOUND local= 203.0.113.1:0, remote= 198.51.100.5:0,
            local_proxy= 10.1.0.0/255.255.255.0/256/0,
            remote_proxy= 10.5.0.0/255.255.255.0/256/0,
            protocol= ESP, transform= esp-aes 256 esp-sha512-hmac  (Tunnel),
            lifedur= 0s and 0kb,
            spi= 0x0(0), conn_id= 0, keysize= 256, flags= 0x0
        *Nov 13 10:21:44.509: Crypto mapdb : proxy_match
                src addr     : 10.1.0.0
                dst addr     : 10.5.0.0
                protocol     : 0
                src port     : 0
                dst port     : 0
        *Nov 13 10:21:44.509: IPSEC(ipsec_process_proposal): transform proposal not supported for identity:
            {esp-aes 256 esp-sha512-hmac }

        """
        for (text, id) in [(refused, "transform-set-mismatch"),
                           (refused.replacingOccurrences(of: "transform proposal not supported for identity:\n    {esp-aes 256 esp-sha512-hmac }", with: "proxy identities not supported"), "proxy-id-mismatch")] {
            let a = Fixture.analyze(text)
            #expect(a.findings.map { "\($0.id) \($0.severity)" } == ["\(id) error"])
            #expect(a.devices.flatMap(\.sas).map { sa in
                "\(sa.role?.rawValue ?? "-") \(sa.phase1) \(sa.phase1Implied) \(sa.firstLine)" + sa.quickModes.map { " | \($0.result) \($0.localProxy ?? "-") ↔ \($0.remoteProxy ?? "-")" }.joined()
            } == ["responder complete true 4 | rejected 10.1.0.0/255.255.255.0/256/0 ↔ 10.5.0.0/255.255.255.0/256/0"])
            let report = TextReport(color: false).render(a)
            #expect(report.contains("  SA #1 · peer 198.51.100.5 · responder · phase 1 not debugged, implied complete\n"))
            #expect(!report.contains("phase 1 FAILED"))
        }
    }

    /// An IKEv2 responder that answered IKE_SA_INIT with INVALID_KE_PAYLOAD: normal DH group
    /// negotiation, no failure; the initiator's retry is a new session, with its role, even when
    /// `Deleting SA` was not logged between the two.
    /// The same answer with no retry after it (the log's first 22 lines, then a minute of other
    /// sessions: the initiator never came back with the group asked for): the DH groups never
    /// agree, an error. The first 22 lines alone end with the answer: a retry, which comes at
    /// once, may lie past the end of the log, so they tell nothing.
    @Test func ikev2InvalidKEWithNoRetryIsAFailure() throws {
        let text = try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("ikev2-invalid-ke-retry-responder.log"), encoding: .utf8)
        let alone = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(22).joined(separator: "\n")
        #expect(alone.hasSuffix("(SESSION ID = 3,SA ID = 1):Deleting SA"))
        let later = alone + "\n*Mar  4 08:42:07.500: IKEv2:(SESSION ID = 9,SA ID = 1):Sending DPD/liveness query\n"
        let a = Fixture.analyze(later)
        #expect(a.findings.map { "\($0.id) \($0.severity)" } == ["ikev2-no-proposal-chosen error"])
        #expect(a.findings.first?.summary.hasSuffix("asked 192.0.2.66 for another DH group in IKE_SA_INIT (INVALID_KE_PAYLOAD) and no retry came up") == true)
        #expect(Fixture.analyze(alone).findings.isEmpty)
        // Four seconds later is still too soon to tell; six is not.
        for (seconds, findings) in [("11.212", 0), ("13.212", 1)] {
            let soon = alone + "\n*Mar  4 08:41:\(seconds): IKEv2:(SESSION ID = 9,SA ID = 1):Sending DPD/liveness query\n"
            #expect(Fixture.analyze(soon).findings.count == findings, "the log going on to 08:41:\(seconds)")
        }
        #expect(Fixture.analyze(text).findings.isEmpty)
    }

    @Test func ikev2InvalidKERetryIsANewSessionNotAFailure() throws {
        let text = try String(contentsOf: Fixture.sampleLogs.appendingPathComponent("ikev2-invalid-ke-retry-responder.log"), encoding: .utf8)
        for withDelete in [true, false] {
            let log = withDelete ? text : text.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("Deleting SA") }.joined(separator: "\n")
            let a = Fixture.analyze(log)
            let sas = a.devices[0].sas
            #expect(sas.map(\.connId) == [3, 4])
            #expect(sas.map(\.role) == [.responder, .responder])
            #expect(sas.map(\.phase1) == [.incomplete, .complete])
            #expect(sas.map(\.v2AskedForAnotherGroup) == [true, false])
            #expect(sas[1].exchanges.first?.line == (withDelete ? 23 : 22))
            #expect(a.findings.map(\.id) == [])
        }
    }

    /// Past the overall bound, new groups are counted only: still reported, without lines.
    @Test func routerMessagesPastTheOverallBoundAreStillCounted() {
        let peers = Correlator.keptUnattributedMax + 2
        var text = ""
        for i in 0..<peers {
            text += "%CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=61.128.1.1, prot=50, spi=0x\(String(i + 1, radix: 16))(\(i + 1)), srcaddr=10.\(i / 65536).\(i / 256 % 256).\(i % 256), input interface=Gi1\n"
        }
        let d = Fixture.device(Array(text.utf8))
        #expect(d.unattributed.count == Correlator.keptUnattributedMax)
        #expect(d.unattributedMore.count == 2)
        // Every message counted, the kept and the counted-only ones; past 25 peers, one group for the rest.
        let groups = RouterMessages.byPeer(d, mnemonic: "RECVD_PKT_INV_SPI")
        #expect(groups.count == RouterMessages.peersReported + 1)
        #expect(groups.reduce(0) { $0 + $1.count } == peers)
        #expect(groups.prefix(2).map(\.peer) == ["10.0.0.0", "10.0.0.1"])
        #expect(groups.last?.otherPeers == peers - RouterMessages.peersReported)
        #expect(groups.last?.events.map(\.firstLine) == [26, 27, 28])
        let findings = InvalidSPIDiagnoser().diagnose(device: d)
        #expect(findings.count == RouterMessages.peersReported + 1)
        #expect(findings.last?.summary == "19977 other peers send ESP on an SA test does not have (invalid SPI, 19977 times)")
    }

    /// A tunnel that stays up sends DPD keepalives for as long as the log runs: the SA
    /// keeps a bounded number of them (the rest counted), and what comes after them
    /// (a quick mode, a delete) is still followed.
    @Test func keepalivesOfALongLivedSAAreBounded() {
        func dpd(_ round: Int) -> String {
            let sent = 100_000 + round * 2, received = sent + 1
            return """
            ISAKMP:(1005):Sending NOTIFY DPD/R_U_THERE protocol 1
            \tspi 1677434384, message ID = \(sent)
            ISAKMP:(1005): sending packet to 10.1.1.1 my_port 500 peer_port 500 (I) QM_IDLE
            ISAKMP:(1005):purging node \(sent)
            ISAKMP:(1005):Input = IKE_MESG_FROM_TIMER, IKE_TIMER_IM_ALIVE
            ISAKMP:(1005):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE
            ISAKMP (1005): received packet from 10.1.1.1 dport 500 sport 500 Global (I) QM_IDLE
            ISAKMP: set new node \(received) to QM_IDLE
            ISAKMP:(1005): processing HASH payload. message ID = \(received)
            ISAKMP:(1005): processing NOTIFY DPD/R_U_THERE_ACK protocol 1
            \tspi 0, message ID = \(received), sa = 0x6A3DE6A8
            ISAKMP:(1005):deleting node \(received) error FALSE reason "Informational (in) state 1"
            ISAKMP:(1005):Input = IKE_MESG_FROM_PEER, IKE_INFO_NOTIFY
            ISAKMP:(1005):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE

            """
        }
        var log = ""
        for r in 0..<500 { log += dpd(r) }
        log += """
        ISAKMP:(1005):deleting SA reason "Receive initial contact" state (I) QM_IDLE (peer 10.1.1.1)
        ISAKMP:(1005):Old State = IKE_P1_COMPLETE  New State = IKE_DEST_SA

        """
        let d = Fixture.device(Array(log.utf8))
        #expect(d.sas.count == 1)
        let sa = d.sas[0]
        #expect(sa.connId == 1005)
        #expect(sa.droppedEvents > 0)
        #expect(sa.events.count <= 3 * Correlator.keepalivesKept)
        #expect(sa.events.count + sa.droppedEvents == 500 * 8 + 2)  // eight kept a round, and the delete
        #expect(sa.states.map(\.to) == ["IKE_P1_COMPLETE", "IKE_P1_COMPLETE"] + Array(repeating: "IKE_P1_COMPLETE", count: sa.states.count - 3) + ["IKE_DEST_SA"])
        #expect(sa.states.count <= Correlator.keepalivesKept)
        #expect(sa.states.first?.line == 6)
        #expect(sa.deleted && sa.deleteReason == "Receive initial contact")
        #expect(sa.phase1 == .complete)
    }

    /// Pruning keepalives leaves an SA's main mode and quick modes whole.
    @Test func pruningKeepalivesKeepsMainAndQuickModes() {
        let sample = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-success.log")), as: UTF8.self)
        var log = sample.hasSuffix("\n") ? sample : sample + "\n"
        for r in 0..<200 {
            log += """
            ISAKMP:(1011):Sending NOTIFY DPD/R_U_THERE protocol 1
            ISAKMP:(1011): sending packet to 192.168.0.1 my_port 500 peer_port 500 (R) QM_IDLE
            ISAKMP:(1011):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE
            ISAKMP (1011): received packet from 192.168.0.1 dport 500 sport 500 Global (R) QM_IDLE
            ISAKMP: set new node \(900_000 + r) to QM_IDLE
            ISAKMP:(1011): processing NOTIFY DPD/R_U_THERE_ACK protocol 1
            ISAKMP:(1011):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE

            """
        }
        let alone = Fixture.device(Array(sample.utf8)).sas[0]
        let sa = Fixture.device(Array(log.utf8)).sas[0]
        let sampleLines = sample.utf8.filter { $0 == 0x0A }.count
        #expect(sa.droppedEvents > 0)
        #expect(sa.events.filter { $0.firstLine <= sampleLines }.map(\.firstLine) == alone.events.map(\.firstLine))
        #expect(sa.quickModes.map(\.result) == [.complete])
        #expect(sa.quickModes.map(\.states.count) == alone.quickModes.map(\.states.count))
        #expect(Array(sa.states.prefix(alone.states.count)) == alone.states)
    }

    /// An IKEv2 SA that stays up keeps a bounded number of liveness exchanges.
    @Test func ikev2LivenessChecksAreBounded() {
        let sample = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-success-initiator.log")), as: UTF8.self)
        var log = sample.hasSuffix("\n") ? sample : sample + "\n"
        for m in 3..<200 {
            log += """
            IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:500/From 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: \(m)
            IKEv2 INFORMATIONAL Exchange REQUEST
            Payload contents:
             ENCR

            IKEv2:(SESSION ID = 12,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: \(m)
            IKEv2 INFORMATIONAL Exchange RESPONSE
            Payload contents:


            """
        }
        let alone = Fixture.device(Array(sample.utf8)).sas
        let sas = Fixture.device(Array(log.utf8)).sas
        #expect(sas.count == alone.count)
        let sa = sas.first { $0.connId == 12 }
        #expect(sa?.established == true)
        #expect((sa?.exchanges.filter { $0.name == "INFORMATIONAL" }.count ?? 0) <= Correlator.keepalivesKept + 2)
        #expect((sa?.droppedEvents ?? 0) >= 2 * 197 - Correlator.keepalivesKept)
        #expect(sa?.exchanges.prefix(alone.first { $0.connId == 12 }?.exchanges.count ?? 0).map(\.line)
                == alone.first { $0.connId == 12 }?.exchanges.map(\.line))
    }

    /// Endless rekeys of one SA keep a bounded number of quick modes (the first ones).
    @Test func quickModesOfOneSAAreBounded() {
        var log = "ISAKMP:(1001):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE\n"
        for i in 0..<1000 {
            let m = 100_000 + i
            log += """
            ISAKMP:(1001):beginning Quick Mode exchange, M-ID of \(m)
            ISAKMP:(1001):Node \(m), Input = IKE_MESG_INTERNAL, IKE_INIT_QM
            ISAKMP:(1001):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
            ISAKMP:(1001):Node \(m), Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
            ISAKMP:(1001):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE

            """
        }
        let sa = Fixture.device(Array(log.utf8)).sas[0]
        #expect(sa.quickModes.count == Correlator.maxQuickModesPerSA)
        #expect(sa.quickModes.first?.messageID == 100_000)
        #expect(sa.quickModes.allSatisfy { $0.result == .complete && $0.states.count == 2 })
        #expect(sa.events.count <= Correlator.maxEventsPerSA)
    }

    /// Past 25 peers, those with the most messages are reported one by one, the rest as one.
    @Test func manyPeersWithRouterMessagesAreReportedByTheBusiest() {
        var text = ""
        for i in 0..<30 {
            for _ in 0..<(i == 29 ? 5 : 1) {
                text += "%CRYPTO-4-IKMP_NO_SA: IKE message from 10.0.0.\(i) has no SA and is not an initialization offer\n"
            }
        }
        let groups = RouterMessages.byPeer(Fixture.device(Array(text.utf8)), mnemonic: "IKMP_NO_SA")
        #expect(groups.map(\.peer) == (0..<24).map { "10.0.0.\($0)" } + ["10.0.0.29", nil])
        #expect(groups.last?.count == 5)
        #expect(groups.last?.otherPeers == 5)
        #expect(groups[24].count == 5)
    }

    @Test func attributesInterleavedZeroLinesByPeerAddress() {
        let d = Fixture.device(Array("""
        ISAKMP (0): received packet from 10.0.0.1 dport 500 sport 500 Global (N) NEW SA
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        ISAKMP (0): received packet from 10.0.0.2 dport 500 sport 500 Global (N) NEW SA
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        ISAKMP:(0): sending packet to 10.0.0.1 my_port 500 peer_port 500 (R) MM_SA_SETUP
        ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2
        ISAKMP:(0): sending packet to 10.0.0.2 my_port 500 peer_port 500 (R) MM_SA_SETUP
        ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2
        ISAKMP (0): received packet from 10.0.0.2 dport 500 sport 500 Global (R) MM_SA_SETUP
        ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_R_MM3
        ISAKMP:(0):found peer pre-shared key matching 10.0.0.2
        ISAKMP:(2002): processing vendor id payload
        ISAKMP (0): received packet from 10.0.0.1 dport 500 sport 500 Global (R) MM_SA_SETUP
        ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_R_MM3
        ISAKMP:(0):found peer pre-shared key matching 10.0.0.1
        ISAKMP:(2001): processing vendor id payload
        ISAKMP:(2001):Old State = IKE_R_MM3  New State = IKE_R_MM4
        ISAKMP:(2002):Old State = IKE_R_MM3  New State = IKE_R_MM4

        """.utf8))
        #expect(d.sas.count == 2)
        let a = d.sas.first { $0.peer == "10.0.0.1" }
        let b = d.sas.first { $0.peer == "10.0.0.2" }
        #expect(a?.connId == 2001)
        #expect(b?.connId == 2002)
        #expect(a?.states.map(\.to) == ["IKE_R_MM1", "IKE_R_MM2", "IKE_R_MM3", "IKE_R_MM4"])
        #expect(b?.states.map(\.to) == ["IKE_R_MM1", "IKE_R_MM2", "IKE_R_MM3", "IKE_R_MM4"])
        #expect(a?.role == .responder)
    }

    @Test func zeroLineInsideALiveSAJoinsTheBurstItIsIn() {
        let d = Fixture.device(Array("""
        ISAKMP (1012): received packet from 192.168.0.2 dport 500 sport 500 Global (R) MM_KEY_EXCH
        ISAKMP:(1012):Old State = IKE_R_MM4 New State = IKE_R_MM5
        ISAKMP:(0):: peer matches profile2 profile
        ISAKMP (1013): received packet from 192.168.0.9 dport 500 sport 500 Global (R) MM_KEY_EXCH
        ISAKMP:(0):: peer matches profile9 profile

        """.utf8))
        #expect(d.sas.first { $0.connId == 1012 }?.matchedProfile == "profile2")
        #expect(d.sas.first { $0.connId == 1013 }?.matchedProfile == "profile9")
    }

    @Test func stateContinuityPicksTheSAInTheOldState() {
        // The second transition has no peer and comes after another SA's line.
        let d = Fixture.device(Array("""
        ISAKMP (0): received packet from 10.0.0.1 dport 500 sport 500 Global (N) NEW SA
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        ISAKMP (0): received packet from 10.0.0.2 dport 500 sport 500 Global (N) NEW SA
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2
        ISAKMP (0): received packet from 10.0.0.1 dport 500 sport 500 Global (R) MM_SA_SETUP
        ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2

        """.utf8))
        #expect(d.sas.count == 2)
        #expect(d.sas.allSatisfy { $0.state == "IKE_R_MM2" })
    }

    @Test func tracksQuickModesByMessageIDWhateverTheSign() {
        let d = Fixture.device(Array("""
        ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
        ISAKMP:(1011):beginning Quick Mode exchange, M-ID of -889293300
        ISAKMP:(1011):Node -889293300, Input = IKE_MESG_INTERNAL, IKE_INIT_QM
        ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
        ISAKMP:(1011):Node 3405673996, Input = IKE_MESG_FROM_PEER, IKE_QM_EXCH
        ISAKMP:(1011):Old State = IKE_QM_I_QM1  New State = IKE_QM_PHASE2_COMPLETE

        """.utf8))
        #expect(d.sas.count == 1)
        let qm = d.sas[0].quickModes
        #expect(qm.count == 1)
        #expect(qm.first?.messageID == 3405673996)
        #expect(qm.first?.result == .complete)
        #expect(qm.first?.states.map(\.to) == ["IKE_QM_I_QM1", "IKE_QM_PHASE2_COMPLETE"])
        #expect(d.sas[0].phase1 == .complete)
    }

    @Test func aLogThatStartsMidExchangeIsAPartialSA() {
        let d = Fixture.device(Array("""
        ISAKMP:(1011):Old State = IKE_I_MM4  New State = IKE_I_MM5
        ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_KEY_EXCH

        """.utf8))
        #expect(d.sas.count == 1)
        #expect(d.sas[0].phase1 == .incomplete)
        #expect(d.sas[0].role == .initiator)
        #expect(d.sas[0].peer == "192.168.0.2")
    }

    /// A quick mode starts where its packet arrived and IOS set up its node, not at the SA
    /// payload that named its message ID a few lines later.
    /// A deleted IKEv2 session whose id starts IKE_SA_INIT again is a new session (IOS reuses
    /// ids after a clear or an interface bounce); a session the log shows only the end of is
    /// incomplete, not failed.
    @Test func aReusedIKEv2SessionIdStartsANewSA() {
        let log = """
        IKEv2:(SESSION ID = 31,SA ID = 1):Session with IKE ID PAIR (FC00:123:123:123::1, FC00:123:123:123::2) is UP
        IKEv2:(SESSION ID = 31,SA ID = 1):Deleting SA
        XE-R4#
        IKEv2:% Getting preshared key from profile keyring KR
        IKEv2:(SESSION ID = 31,SA ID = 1):Computing DH public key, DH Group 5
        IKEv2:(SESSION ID = 31,SA ID = 1):Sending Packet [To FC00:123:123:123::1:500/From FC00:123:123:123::2:500/VRF i0:f0]
        Initiator SPI : 1D418169B24BF95A - Responder SPI : 0000000000000000 Message id: 0
        IKEv2 IKE_SA_INIT Exchange REQUEST
        Payload contents:
         SA KE N VID VID VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)

        """
        let d = Fixture.device(Array(log.utf8))
        // (The lines IOS prints before the new session's id, its keyring lookup, start it.)
        #expect(d.sas.map { [$0.firstLine, $0.lastLine] } == [[1, 2], [4, 10]])
        #expect(d.sas.map(\.phase1) == [.complete, .incomplete])
        #expect(d.sas.map(\.profileKeyring) == [nil, "KR"])
    }

    /// A log that starts with the deletion of a session it does not show (real log 11: the
    /// capture began after a `shutdown`) has no SA for it: the line is kept and counted.
    @Test func aLoneDeletionOfAnUnseenSessionIsNoSA() {
        let log = """
        IKEv2:(SESSION ID = 31,SA ID = 1):Deleting SA
        XE-R4#
        IKEv2:% Getting preshared key from profile keyring KR
        IKEv2:(SESSION ID = 31,SA ID = 1):Computing DH public key, DH Group 5

        """
        let d = Fixture.device(Array(log.utf8))
        #expect(d.sas.map { [$0.firstLine, $0.lastLine] } == [[3, 4]])
        #expect(d.unattributed.map(\.firstLine) == [1])
        #expect(d.stats.unrecognized == 0)
    }

    /// A quick mode whose log has no key-engine lines gets its transform from the attributes IOS
    /// accepted, written as a transform set is.
    @Test func aQuickModesTransformComesFromItsAttributes() {
        let d = Fixture.device(Array("""
        *Oct 25 20:37:02.880: ISAKMP: (1003):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
        *Oct 25 20:37:02.887: ISAKMP: (1003):set new node 570535495 to QM_IDLE
        *Oct 25 20:37:02.887: ISAKMP: (1003):processing SA payload. message ID = 570535495
        *Oct 25 20:37:02.887: ISAKMP: (1003):Checking IPSec proposal 1
        *Oct 25 20:37:02.887: ISAKMP: (1003):transform 1, ESP_AES
        *Oct 25 20:37:02.887: ISAKMP: (1003):   attributes in transform:
        *Oct 25 20:37:02.887: ISAKMP: (1003):      encaps is 3 (Tunnel-UDP)
        *Oct 25 20:37:02.887: ISAKMP: (1003):      key length is 256
        *Oct 25 20:37:02.887: ISAKMP: (1003):      authenticator is HMAC-SHA256
        *Oct 25 20:37:02.887: ISAKMP: (1003):atts are acceptable.

        """.utf8))
        #expect(d.sas.first?.quickModes.first?.transform == "esp-aes 256 esp-sha256-hmac (Tunnel)")
    }

    @Test func aQuickModeStartsAtItsPacket() {
        let d = Fixture.device(Array("""
        *Oct 25 20:37:02.880: ISAKMP: (1003):Old State = IKE_R_MM5  New State = IKE_P1_COMPLETE
        *Oct 25 20:37:02.887: ISAKMP-PAK: (1003):received packet from 203.0.113.30 dport 4500 sport 4786 Global (R) QM_IDLE
        *Oct 25 20:37:02.887: ISAKMP: (1003):set new node 570535495 to QM_IDLE
        *Oct 25 20:37:02.888: ISAKMP: (1003):processing HASH payload. message ID = 570535495
        *Oct 25 20:37:02.888: ISAKMP: (1003):processing SA payload. message ID = 570535495

        """.utf8))
        #expect(d.sas.first?.quickModes.map { [Int($0.messageID), $0.firstLine] } == [[570535495, 2]])
        #expect(d.sas.first?.quickModes.first?.start?.timeText == "20:37:02.887")
    }

    @Test func retransmissionsWaitForTheLineThatNamesTheirPeer() {
        let d = Fixture.device(Array("""
        ISAKMP (0): received packet from 10.0.0.5 dport 500 sport 500 Global (N) NEW SA
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        ISAKMP:(0): SA request profile is P
        ISAKMP: Created a peer struct for 10.0.0.7, peer port 500
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1
        ISAKMP:(0): sending packet to 10.0.0.7 my_port 500 peer_port 500 (I) MM_NO_STATE
        ISAKMP (0): received packet from 10.0.0.5 dport 500 sport 500 Global (R) MM_SA_SETUP
        ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
        ISAKMP (0:0): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
        ISAKMP:(0): sending packet to 10.0.0.7 my_port 500 peer_port 500 (I) MM_NO_STATE

        """.utf8))
        // (One retransmission, however many lines IOS prints for it.)
        #expect(d.sas.first { $0.peer == "10.0.0.7" }?.retransmissions == 1)
        #expect(d.sas.first { $0.peer == "10.0.0.5" }?.retransmissions == 0)
    }

    @Test func aConnIdOfAnSAThatStartedBeforeTheLogIsNotGivenToANewZeroSA() {
        let d = Fixture.device(Array("""
        ISAKMP (0): received packet from 10.0.0.1 dport 500 sport 500 Global (N) NEW SA
        ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        ISAKMP:(1500): processing HASH payload. message ID = 77
        ISAKMP:(1500):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE
        ISAKMP:(0): sending packet to 10.0.0.1 my_port 500 peer_port 500 (R) MM_SA_SETUP
        ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2

        """.utf8))
        #expect(d.sas.count == 2)
        #expect(d.sas.first { $0.peer == "10.0.0.1" }?.connId == nil)
        #expect(d.sas.first { $0.connId == 1500 }?.peer == nil)
        #expect(d.sas.first { $0.peer == "10.0.0.1" }?.state == "IKE_R_MM2")
    }
}

@Suite struct CertificateLineTests {
    /// `CRYPTO_PKI: … No suitable trustpoints found` in an IKEv1 (rsa-sig) exchange belongs to
    /// the ISAKMP SA in progress, not to an IKEv2 SA of its own; in an IKEv2 log, to the IKEv2 SA.
    @Test func aPKILineJoinsTheExchangeInProgress() {
        let v1 = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ike-auth-failed-rsa-sig-responder.log")), as: UTF8.self)
        var lines = v1.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let mm5 = lines.firstIndex { $0.contains("New State = IKE_R_MM5") }!
        lines.insert("*Nov 12 16:19:58.400: CRYPTO_PKI: (A16A8) No suitable trustpoints found", at: mm5 + 1)
        let d = Fixture.device(Array(lines.joined(separator: "\n").utf8))
        #expect(d.sas.count == 1)
        #expect(d.sas.first?.version == 1)
        #expect(d.sas.first?.has { if case .v2CertFailed = $0 { return true }; return false } == true)
        let v2 = Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-cert-chain-failed-responder.log")))
        #expect(v2.sas.map(\.version) == [2])
        #expect(v2.sas.first?.has { if case .v2CertFailed = $0 { return true }; return false } == true)
    }
}

@Suite struct StreamingTests {
    /// A head-end with more tunnels up than streaming follows (`Correlator.maxDormant`): the
    /// ones quiet the longest are let go, but a failure on one of them later (a rekey refused)
    /// is still diagnosed and reported; its DPD lines alone bring nothing back.
    @Test func aTunnelLetGoWhileQuietIsFollowedAgainOnNews() {
        let up = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-success.log")), as: UTF8.self)
        let failing = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-qm-error32.log")), as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let start = failing.firstIndex { $0.contains("received packet from") && $0.contains("QM_IDLE") }!
        let tunnels = Correlator.maxDormant + 100
        func peer(_ k: Int) -> String { "10.9.\(k / 250).\(k % 250 + 1)" }
        var log = ""
        for k in 0..<tunnels {
            log += up.replacingOccurrences(of: "192.168.0.1", with: peer(k)).replacingOccurrences(of: "(1011)", with: "(\(2000 + k))") + "\n"
        }
        // Tunnel 0 was let go long ago: a DPD exchange, then a rekey the router refuses.
        log += """
        *Jun 19 11:04:24.826: ISAKMP:(2000):purging node 1234567
        *Jun 19 11:04:24.826: ISAKMP:(2000):Sending NOTIFY DPD/R_U_THERE protocol 1
        *Jun 19 11:04:24.827: ISAKMP (2000): received packet from \(peer(0)) dport 500 sport 500 Global (R) QM_IDLE

        """
        log += failing[start...].joined(separator: "\n").replacingOccurrences(of: "(1003)", with: "(2000)")
            .replacingOccurrences(of: "192.168.0.1", with: peer(0)) + "\n"
        let a = LogAnalyzer(file: "headend.log")
        a.streaming = true
        a.retireReported = true
        var findings: [Finding] = []
        var concluded: [SecurityAssociation] = []
        a.onFinding = { findings.append($0) }
        a.onConcluded = { concluded.append($0) }
        // In reads of 64 KiB, as from a file or a pipe: SAs are diagnosed (and let go) between reads.
        let bytes = Array(log.utf8)
        for at in stride(from: 0, to: bytes.count, by: 1 << 16) { a.feed(Array(bytes[at..<min(bytes.count, at + (1 << 16))])) }
        _ = a.finishAll()
        // Each tunnel once when up, and the one with news once more.
        #expect(concluded.count == tunnels + 1)
        #expect(concluded.last?.connId == 2000 && concluded.last?.role == .responder && concluded.last?.profile == "profile1")
        #expect(findings.map(\.id) == ["qm-profile-mismatch"])
        #expect(findings.first?.connId == 2000)
        #expect(findings.first?.peer == peer(0))
    }
}

/// `reserved not zero on ID payload!` names neither conn-id nor peer: the `IKMP_BAD_MESSAGE`
/// IOS prints with it names the peer, also when lines of the same instant came in another order
/// or one beside it was lost.
@Suite struct ReservedNotZeroAttributionTests {
    static let busy = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("busy-headend.log")), as: UTF8.self)

    static func findingsByPeer(_ text: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for f in Fixture.analyze(text).findings { out[f.peer ?? "", default: []].append(f.id) }
        return out
    }

    @Test func theBadMessageLineNamesTheSA() throws {
        var lines = Self.busy.split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(lines.firstIndex { $0.hasSuffix("(R) MM_KEY_EXCH") && $0.contains("received packet from 10.1.0.40") })
        try #require(lines[at + 1].hasSuffix("reserved not zero on ID payload!"))
        let before = Self.findingsByPeer(Self.busy)
        #expect(before["10.1.0.40"] == ["psk-mismatch"])
        #expect(before["10.1.0.63"] == nil)
        // Swapped: the line now follows another SA's packet (to 10.1.0.63, which completes).
        lines.swapAt(at, at + 1)
        let swapped = Self.findingsByPeer(lines.joined(separator: "\n"))
        #expect(swapped["10.1.0.40"] == ["psk-mismatch"])
        #expect(swapped["10.1.0.63"] == nil)
        // Its SA's packet line lost: the bad message still names the peer.
        lines.swapAt(at, at + 1)
        lines.remove(at: at)
        let lost = Self.findingsByPeer(lines.joined(separator: "\n"))
        #expect(lost["10.1.0.40"] == ["psk-mismatch"])
        #expect(lost["10.1.0.63"] == nil)
    }

    @Test func withoutTheBadMessageTheCurrentSATakesIt() {
        let log = """
            *Mar  1 00:42:09.420: ISAKMP (1012): received packet from 192.1.20.2 dport 500 sport 500 Global (R) MM_KEY_EXCH
            *Mar  1 00:42:09.430: ISAKMP: reserved not zero on ID payload!
            *Mar  1 00:42:09.431: ISAKMP:(1012):Old State = IKE_R_MM4  New State = IKE_R_MM5

            """
        let a = Fixture.analyze(log)
        #expect(a.findings.map(\.id) == ["psk-mismatch"])
        #expect(a.devices[0].sas.map(\.connId) == [1012])
        // Filed in line order among the SA's events.
        #expect(a.devices[0].sas[0].events.map(\.firstLine) == [1, 2, 3])
    }
}

/// A new SA's first state (`IKE_READY → IKE_R_MM1`, conn-id 0) after another SA's line came
/// between it and the packet that made the SA: the same SA, not one more.
@Suite struct FirstStateAttributionTests {
    @Test func anotherSAsLineBetweenPacketAndFirstStateMakesNoExtraSA() {
        let log = """
            *Jun 19 10:04:24.826: ISAKMP (0): received packet from 192.168.0.1 dport 500 sport 500 Global (N) NEW SA
            *Jun 19 10:04:24.826: ISAKMP: Created a peer struct for 192.168.0.1, peer port 500
            *Jun 19 10:04:24.826: ISAKMP:(9999):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE
            *Jun 19 10:04:24.826: ISAKMP:(0):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH
            *Jun 19 10:04:24.826: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
            *Jun 19 10:04:24.827: ISAKMP:(0): sending packet to 192.168.0.1 my_port 500 peer_port 500 (R) MM_SA_SETUP
            *Jun 19 10:04:24.827: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2

            """
        let d = Fixture.device(Array(log.utf8))
        #expect(d.sas.count == 2)
        let new = d.sas.first { $0.connId == nil }
        #expect(new?.peer == "192.168.0.1")
        #expect(new?.states.map(\.to) == ["IKE_R_MM1", "IKE_R_MM2"])
    }
}

/// A conn-id IOS gives again after its SA was deleted (a reload; two days' files one after the
/// other), lost in a reload, or given up, belongs to the new exchange, not to the old SA.
@Suite struct ConnIdReuseTests {
    @Test func aConnIdGivenAgainAfterItsSAWasDeletedStartsAnother() {
        let day1 = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log")), as: UTF8.self)
        let day2 = day1.replacingOccurrences(of: "Jun 19 ", with: "Jun 20 ")
        let a = Fixture.analyze(day1 + day2)
        #expect(a.devices[0].sas.map(\.connId) == [1012, 1012])
        #expect(a.devices[0].sas.map(\.phase1) == [.failed, .failed])
        #expect(a.findings.map(\.id) == ["keyring-mismatch", "keyring-mismatch"])
        // The first SA ends with its own deletion, on day 1.
        #expect(a.devices[0].sas[0].end?.day == 19)
        #expect(a.devices[0].sas[1].start?.day == 20)
    }

    /// R1 aborts MM5 with 192.168.0.2 (the keyring mismatch, lines 1-130: the peer still
    /// retransmits, no delete logged), then `between`, then R1's own successful exchange with
    /// `peer`, begun at `time` (`*Jun 19 12:31:`), under conn-id 1012 again.
    static func failingThenSucceeding(_ between: [String], peer: String, time: String) -> String {
        let failing = Fixture.sampleText("r1-responder-keyring-mismatch").split(separator: "\n", omittingEmptySubsequences: false).prefix(130)
        let success = Fixture.sampleText("r1-initiator-success").split(separator: "\n", omittingEmptySubsequences: false).dropFirst(8).map {
            $0.replacingOccurrences(of: "1011", with: "1012").replacingOccurrences(of: "192.168.0.2", with: peer)
                .replacingOccurrences(of: "*Jun 19 10:04:", with: time)
        }
        return (failing.map(String.init) + between + success).joined(separator: "\n")
    }

    /// Each SA of `log`, and the findings (id and peer), as the whole report and as streaming
    /// output (SAs diagnosed and let go as they conclude) have them.
    static func outcome(_ log: String) -> (sas: [String], findings: [String], streamed: [String]) {
        let a = Fixture.analyze(log)
        let sas = a.devices[0].sas.map { sa in
            "\(sa.connId ?? 0) \(sa.peer ?? "?") \(sa.role?.rawValue ?? "?") \(sa.phase1.rawValue) [\(sa.findingIds.joined(separator: ","))]"
        }
        let streaming = LogAnalyzer(file: "test.log")
        streaming.streaming = true
        streaming.retireReported = true
        var streamed: [String] = []
        streaming.onFinding = { streamed.append("\($0.id) \($0.peer ?? "")") }
        streaming.onConcluded = { _ in }
        streaming.feed(Array(log.utf8))
        _ = streaming.finishAll()
        return (sas, a.findings.map { "\($0.id) \($0.peer ?? "")" }, streamed)
    }

    /// The router reloads during that failing exchange (`%SYS-5-RELOAD`, `%SYS-5-RESTART`: a
    /// `logging host` file, or a console capture across the reload). IOS numbers conn-ids from the
    /// start again, so the first SA after the reload gets 1012 too, two minutes after the old SA's
    /// last line: with another peer, or with the same one (the clock reset to `*Mar  1`). The reload
    /// ends the old SA with its own diagnosis; the new one is clean.
    @Test(arguments: [("192.168.0.3", "*Jun 19 12:30:55.123", "*Jun 19 12:31:"), ("192.168.0.2", "*Mar  1 00:00:05.123", "*Mar  1 00:01:")])
    func aReloadEndsEveryOpenSAAndFreesItsConnIds(_ peer: String, _ restart: String, _ time: String) {
        let log = Self.failingThenSucceeding(["*Jun 19 12:29:05.002: %SYS-5-RELOAD: Reload requested by console. Reload Reason: Reload Command.",
                                              "\(restart): %SYS-5-RESTART: System restarted --"], peer: peer, time: time)
        let (sas, findings, streamed) = Self.outcome(log)
        #expect(sas == ["1012 192.168.0.2 responder failed [keyring-mismatch]", "1012 \(peer) initiator complete []"])
        #expect(findings == ["keyring-mismatch 192.168.0.2"])
        #expect(streamed == findings)
        #expect(Fixture.analyze(log).devices[0].sas.first?.lastLine == 130)
    }

    /// No reload in the log, and no delete of the failing exchange: two captures of one router
    /// hours apart. A conn-id given to a new exchange long after (more than `idleSeconds`) its SA went
    /// quiet in phase 1 is the new exchange's: IOS had given the old one up.
    @Test(arguments: ["192.168.0.3", "192.168.0.2"])
    func aConnIdOfAnExchangeQuietForLongIsANewExchanges(_ peer: String) {
        let log = Self.failingThenSucceeding([], peer: peer, time: "*Jun 19 16:34:")
        let (sas, findings, streamed) = Self.outcome(log)
        #expect(sas == ["1012 192.168.0.2 responder failed [keyring-mismatch]", "1012 \(peer) initiator complete []"])
        #expect(findings == ["keyring-mismatch 192.168.0.2"])
        #expect(streamed == findings)
    }

    /// The same for IKEv2: a session that never came up (the peer unreachable, its `Deleting SA` not
    /// captured), and a session with the same id ten minutes later, with or without the reload
    /// between: two SAs, each with its own outcome.
    @Test(arguments: [true, false])
    func anIKEv2SessionIdOfAnExchangeGivenUpIsANewSessions(_ reload: Bool) {
        let unreachable = Fixture.sampleText("ikev2-peer-unreachable-initiator").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = unreachable.firstIndex { $0.contains("Deleting SA") }!
        let later = Fixture.sampleText("ikev2-success-initiator").replacingOccurrences(of: "*Nov 12 14:0", with: "*Nov 12 14:1")
        let log = unreachable[..<cut].joined(separator: "\n") + "\n"
            + (reload ? "*Nov 12 14:05:01.002: %SYS-5-RELOAD: Reload requested by console. Reload Reason: Reload Command.\n" : "") + later
        let (sas, findings, streamed) = Self.outcome(log)
        #expect(sas == ["12 198.51.100.2 initiator failed [peer-unreachable]", "12 198.51.100.2 initiator complete []"])
        #expect(findings == ["peer-unreachable 198.51.100.2"])
        #expect(streamed == findings)
    }
}

/// Exchanges that never finish (no delete, no completion) do not pile up when streaming: one the
/// log has not spoken of for five minutes is concluded and reported as it goes, and a flood of
/// them (or stamps that go round) is bounded by count.
@Suite struct UnfinishedExchangeTests {
    /// `n` exchanges that stop after MM5; `secondsApart` each, or with `cycle` all within one
    /// minute that repeats (the stamps go round).
    static func flood(_ n: Int, secondsApart: Int, cycle: Bool = false) -> String {
        var log = ""
        for i in 0..<n {
            let t = cycle ? i % 60 : i * secondsApart
            let stamp = String(format: "*Nov 10 %02d:%02d:%02d.%03d", 9 + t / 3600 % 12, t / 60 % 60, t % 60, i % 1000)
            let peer = "10.\(i / 65536 % 256).\(i / 256 % 256).\(i % 256)"
            log += "\(stamp): ISAKMP (\(1000 + i)): received packet from \(peer) dport 500 sport 500 Global (R) MM_KEY_EXCH\n"
            log += "\(stamp): ISAKMP: reserved not zero on ID payload!\n"
        }
        return log
    }

    static func stream(_ log: String, whileFeeding: inout Int) -> (findings: Int, sas: Int) {
        let a = LogAnalyzer(file: "flood.log")
        a.streaming = true
        a.retireReported = true
        var findings = 0
        // (Every finding counts: a flood's are its psk-mismatch, a slow tunnel has none.)
        a.onFinding = { _ in findings += 1 }
        a.onConcluded = { _ in }
        let bytes = Array(log.utf8)
        for at in stride(from: 0, to: bytes.count, by: 1 << 16) { a.feed(Array(bytes[at..<min(bytes.count, at + (1 << 16))])) }
        whileFeeding = findings
        let devices = a.finishAll()
        return (findings, devices.reduce(0) { $0 + $1.sas.count })
    }

    @Test func anExchangeIdleForFiveMinutesIsReportedAsTheLogGoes() {
        var early = 0
        let (findings, _) = Self.stream(Self.flood(400, secondsApart: 10), whileFeeding: &early)
        #expect(findings == 400)
        // (Reported while the log was read, not all at its end.)
        #expect(early >= 300)
    }

    @Test func aFloodOfUnfinishedExchangesIsBoundedAndFullyReported() {
        // 12,000 exchanges whose stamps go round every minute: the clock never says they are old.
        var early = 0
        let (findings, left) = Self.stream(Self.flood(12_000, secondsApart: 1, cycle: true), whileFeeding: &early)
        #expect(findings == 12_000)
        #expect(early >= 12_000 - 3 * Correlator.maxOpen - 1024)
        #expect(left <= 3 * Correlator.maxOpen + 1024)
    }

    /// More tunnels than the bound negotiating at once, each slowly (retransmitting every ten
    /// seconds before it completes): none is cut short into a false finding.
    @Test func slowTunnelsPastTheBoundAreNotCutShort() {
        let n = Correlator.maxOpen + 200
        var lines: [(Int, String)] = []
        func stamp(_ ms: Int) -> String { String(format: "*Nov 10 09:%02d:%02d.%03d", ms / 60_000 % 60, ms / 1000 % 60, ms % 1000) }
        for i in 0..<n {
            let t = i * 10  // all begun within 21 s
            let id = 1000 + i
            lines.append((t, "\(stamp(t)): ISAKMP:(\(id)):Old State = IKE_READY  New State = IKE_I_MM1"))
            for k in 1...4 { lines.append((t + k * 10_000, "\(stamp(t + k * 10_000)): ISAKMP:(\(id)): retransmitting phase 1 MM_NO_STATE...")) }
            lines.append((t + 45_000, "\(stamp(t + 45_000)): ISAKMP:(\(id)):Old State = IKE_I_MM1  New State = IKE_I_MM2"))
            lines.append((t + 45_100, "\(stamp(t + 45_100)): ISAKMP:(\(id)):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE"))
        }
        let log = lines.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: "\n") + "\n"
        var early = 0
        let (findings, _) = Self.stream(log, whileFeeding: &early)
        #expect(findings == 0)
        #expect(Fixture.analyze(log).findings.isEmpty)
    }
}

extension CorrelatorTests {
    /// Two captures one after the other, the router reloaded between them: the conn-id the first
    /// tunnel had (never deleted in the log) is given to a new exchange with another peer. A
    /// main-mode step under it is that exchange's, not the established tunnel's.
    @Test func aConnIdGivenAgainToAnotherPeerStartsItsOwnSA() {
        let first = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-success.log")), as: UTF8.self)
        let second = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("mm5-not-received-natt-responder.log")), as: UTF8.self)
            .replacingOccurrences(of: "(1003)", with: "(1011)").replacingOccurrences(of: "HQ#", with: "R2#")
        let analysis = Analysis.diagnose([Fixture.device(Array((first + second).utf8))])
        let sas = analysis.devices[0].sas
        #expect(sas.map(\.peer) == ["192.168.0.1", "198.51.100.7"])
        #expect(sas.map(\.connId) == [1011, 1011])
        #expect(sas.map(\.phase1) == [.complete, .failed])
        #expect(analysis.findings.map(\.id) == ["mm5-not-received"])
    }
}

extension CorrelatorTests {
    /// A busy responder with two exchanges at MM3 at once: the conn-id's first lines come while the
    /// other `(0)` SA's packet was the last one read. The first line under the id that names a peer
    /// (`sending packet to X`) gives the id, and the lines that carried it, to X's SA.
    @Test func aConnIdGivenToTheWrongZeroSAIsMovedByItsFirstPacketLine() {
        let log = """
            *Nov 12 16:19:58.340: ISAKMP (0): received packet from 198.51.100.41 dport 500 sport 500 Global (R) MM_SA_SETUP
            *Nov 12 16:19:58.340: ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_R_MM3
            *Nov 12 16:19:58.340: ISAKMP (0): received packet from 198.51.100.42 dport 500 sport 500 Global (R) MM_SA_SETUP
            *Nov 12 16:19:58.340: ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_R_MM3
            *Nov 12 16:19:58.391: ISAKMP:(0): processing NONCE payload. message ID = 0
            *Nov 12 16:19:58.391: ISAKMP:(1041): processing vendor id payload
            *Nov 12 16:19:58.391: ISAKMP:(1041):Old State = IKE_R_MM3  New State = IKE_R_MM3
            *Nov 12 16:19:58.392: ISAKMP:(1041): sending packet to 198.51.100.41 my_port 500 peer_port 500 (R) MM_KEY_EXCH
            *Nov 12 16:19:58.392: ISAKMP:(1041):Old State = IKE_R_MM3  New State = IKE_R_MM4
            *Nov 12 16:20:30.392: ISAKMP:(1041): retransmitting phase 1 MM_KEY_EXCH...
            *Nov 12 16:20:40.392: ISAKMP:(1041):deleting SA reason "Death by retransmission P1" state (R) MM_KEY_EXCH (peer 198.51.100.41)
            *Nov 12 16:20:40.392: ISAKMP:(1041):Old State = IKE_R_MM4  New State = IKE_DEST_SA
            """
        let device = Fixture.device(Array(log.utf8))
        let holder = device.sas.first { $0.connId == 1041 }
        #expect(holder?.peer == "198.51.100.41")
        #expect(holder?.states.map(\.to) == ["IKE_R_MM3", "IKE_R_MM3", "IKE_R_MM4", "IKE_DEST_SA"])
        let other = device.sas.first { $0.peer == "198.51.100.42" }
        #expect(other?.connId == nil && other?.state == "IKE_R_MM3")
        #expect(Analysis.diagnose([device]).findings.map { "\($0.id) \($0.peer ?? "")" } == ["mm5-not-received 198.51.100.41"])
    }
}

/// A busy hub's log with a line lost (UDP syslog drops lines): the `received packet … MM_SA_SETUP`
/// line of a responder in IKE_R_MM2 gone, its state step went to another `(0)` SA in that state.
@Suite struct LostPacketLineTests {
    /// (Line number, the line.) A responder's MM3 packet line; another's; a responder's step to
    /// IKE_R_MM2 (its next step, after its MM3 packet, then went to another SA in IKE_R_MM2).
    @Test(arguments: [(13385, "*Nov 10 09:00:02.298: ISAKMP (0): received packet from 10.1.0.119 dport 500 sport 500 Global (R) MM_SA_SETUP"),
                      (21304, "*Nov 10 09:00:03.599: ISAKMP (0): received packet from 10.1.0.192 dport 500 sport 500 Global (R) MM_SA_SETUP"),
                      (343, "*Nov 10 09:00:00.036: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2 "),
                      (627, "*Nov 10 09:00:00.084: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2 ")])
    func aLostLineSplitsNoSA(_ number: Int, _ lost: String) {
        let text = Fixture.sampleText("busy-headend")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[number - 1] == lost)
        lines.remove(at: number - 1)
        let damaged = lines.joined(separator: "\n")
        let before = Fixture.analyze(text), after = Fixture.analyze(damaged)
        #expect(after.devices[0].sas.count == before.devices[0].sas.count)
        // (The lost step itself is missing from the SA's steps: no step to IKE_R_MM2 compared.)
        func withoutLost(_ f: [String]) -> [String] { lost.contains("Old State") ? f.map { $0.replacingOccurrences(of: "IKE_R_MM1>IKE_R_MM2,", with: "") } : f }
        #expect(withoutLost(DamageTests.findings(damaged)) == withoutLost(DamageTests.findings(text)))
    }

    /// Both lost for one responder: its step to IKE_R_MM2 and its MM3 packet line. It is still in
    /// IKE_R_MM1 when it looks its peer's key up again just before the conn-id comes.
    @Test func bothTheStepAndThePacketLostSplitNoSA() {
        let text = Fixture.sampleText("busy-headend")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[5541] == "*Nov 10 09:00:00.933: ISAKMP (0): received packet from 10.1.0.52 dport 500 sport 500 Global (R) MM_SA_SETUP")
        #expect(lines[4396] == "*Nov 10 09:00:00.721: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2 ")
        lines.remove(at: 5541)
        lines.remove(at: 4396)
        let damaged = lines.joined(separator: "\n")
        #expect(Fixture.analyze(damaged).devices[0].sas.count == Fixture.analyze(text).devices[0].sas.count)
        func withoutLost(_ f: [String]) -> [String] { f.map { $0.replacingOccurrences(of: "IKE_R_MM1>IKE_R_MM2,", with: "") } }
        #expect(withoutLost(DamageTests.findings(damaged)) == withoutLost(DamageTests.findings(text)))
    }

    /// The decisive line of a keyring mismatch lost (`Key not found in keyrings of profile`): the
    /// failure is unexplained, but says where it stopped (right after the profile's keyring lookup).
    @Test(arguments: ["r1-responder-keyring-mismatch", "r1-responder-detail-keyring-mismatch"])
    func aKeyringMismatchWithoutItsLineSaysWhereItStopped(_ name: String) {
        let text = Fixture.sampleText(name)
        let damaged = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("Key not found in keyrings") }
        #expect(damaged.count < text.split(separator: "\n", omittingEmptySubsequences: false).count)
        let findings = Fixture.analyze(damaged.joined(separator: "\n")).findings.filter { $0.severity == .error }
        #expect(findings.map(\.id) == ["unexplained-failure"])
        #expect(findings.first?.summary.hasSuffix("(it stopped where a keyring mismatch stops)") == true)
        #expect(findings.first?.evidence.contains { $0.text.contains("Found ADDRESS key in keyring") } == true)
        // (Not where the line is there: the keyring mismatch itself.)
        #expect(Fixture.analyze(text).findings.filter { $0.severity == .error }.map(\.id) == ["keyring-mismatch"])
    }

    /// An XAUTH login nobody answered, its step to IKE_DEST_SA lost: the delete still came in
    /// IKE_XAUTH_REQ_SENT, so it is still `xauth-failed`, not a quick mode nobody answered.
    @Test func anXAuthDeathWithoutItsLastStepIsStillXAuth() {
        let text = Fixture.sampleText("xauth-no-reply-server")
        let lost = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("New State = IKE_DEST_SA") }
        #expect(lost.count + 1 == text.split(separator: "\n", omittingEmptySubsequences: false).count)
        #expect(Fixture.analyze(lost.joined(separator: "\n")).findings.map(\.id) == Fixture.analyze(text).findings.map(\.id))
        #expect(Fixture.analyze(text).findings.map(\.id) == ["xauth-failed"])
    }

    /// A capture stopped right after `map_db_check_isakmp_profile profile did not match`: IOS prints
    /// it for each crypto map entry of another profile and may still find one that matches, so the
    /// quick mode is unfinished, not refused (the refusal's own lines come after it).
    @Test func aCaptureThatEndsAtAProfileCheckRefusesNothing() {
        let lines = Fixture.sampleText("r2-responder-qm-error32").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = lines.firstIndex { $0.contains("profile did not match") }!
        let analysis = Fixture.analyze(lines[...cut].joined(separator: "\n"))
        #expect(analysis.devices[0].sas.flatMap(\.quickModes).map(\.result) == [.incomplete])
        #expect(analysis.findings.filter { $0.severity == .error }.isEmpty)
        // (The whole capture: refused, error 32.)
        #expect(Fixture.analyze(lines.joined(separator: "\n")).devices[0].sas.flatMap(\.quickModes).map(\.result) == [.rejected])
    }

    /// The responder refused the first proposal of a quick mode and accepted the second: with
    /// `processing SA payload. message ID = N` lost, and with `set new node N to QM_IDLE` before it
    /// lost too, the proposal checks (the refusal among them) are still quick mode N's, which its
    /// later lines complete: one quick mode, complete, no transform-set mismatch.
    @Test(arguments: [["processing SA payload. message ID = 1374387520"],
                      ["processing SA payload. message ID = 1374387520", "set new node 1374387520 to QM_IDLE"]])
    func aQuickModeWithoutItsMessageIDLineIsStillOne(_ lost: [String]) {
        let text = Fixture.sampleText("qm-second-proposal-accepted-responder")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let kept = lines.filter { l in !lost.contains { l.contains($0) } }
        #expect(kept.count == lines.count - lost.count)
        let damaged = Fixture.analyze(kept.joined(separator: "\n"))
        let quickModes = damaged.devices[0].sas.flatMap(\.quickModes)
        #expect(quickModes.map(\.messageID) == [1374387520])
        #expect(quickModes.map(\.result) == [.complete])
        #expect(damaged.findings.map(\.id) == ["no-profile-match"])
        #expect(Fixture.analyze(text).findings.map(\.id) == ["no-profile-match"])
    }

    /// Every sample, initiators and responders: each `processing SA payload. message ID = N` of a
    /// quick mode lost, alone or with the `set new node N` line before it, changes no finding.
    @Test func aLostQuickModeSALineChangesNoFinding() {
        func findings(_ text: String) -> [String] { Fixture.analyze(text).findings.map { "\($0.saNumber ?? 0) \($0.id)" }.sorted() }
        for name in Fixture.sampleNames() where name != "busy-headend" {
            let lines = Fixture.sampleText(name).split(separator: "\n", omittingEmptySubsequences: false)
            var base: [String]?
            for (i, line) in lines.enumerated() {
                guard let r = line.range(of: "processing SA payload. message ID = ") else { continue }
                let node = line[r.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
                guard node != "0" else { continue }
                var losses = [[i]]
                if let j = lines[max(0, i - 5)..<i].lastIndex(where: { $0.contains("set new node \(node) ") }) { losses.append([j, i]) }
                base = base ?? findings(lines.joined(separator: "\n"))
                for lost in losses {
                    let damaged = lines.enumerated().filter { !lost.contains($0.offset) }.map(\.element).joined(separator: "\n")
                    #expect(findings(damaged) == base, "\(name) without lines \(lost.map { $0 + 1 })")
                }
            }
        }
    }

    /// The same exchange captured twice, an hour apart, no delete between: the second capture's
    /// exchange takes the conn-id again at its first main-mode step under it, with the id's lines
    /// since it began; the first capture's SA keeps its own lines only. (The same capture pasted
    /// twice, stamps and all, is a copy: read once, one SA.)
    @Test func theSameConnIdCapturedTwiceIsTwoSAs() {
        let text = Fixture.sampleText("r2-responder-success")
        let once = Fixture.analyze(text).devices[0].sas
        #expect(Fixture.analyze(text + "\n" + text).devices[0].sas.map(\.lastLine) == once.map(\.lastLine))
        let twice = Fixture.analyze(text + "\n" + text.replacingOccurrences(of: "Jun 19 10:", with: "Jun 19 11:")).devices[0].sas
        let n = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(twice.count == 2)
        #expect(twice.map(\.phase1) == [once[0].phase1, once[0].phase1])
        #expect(twice.map(\.connId) == [once[0].connId, once[0].connId])
        #expect(twice[0].lastLine == once[0].lastLine)
        #expect(twice[1].firstLine == once[0].firstLine + n && twice[1].lastLine == once[0].lastLine + n)
        // Each capture checks NAT-D once (`His hash no match`, then `No NAT Found`): the two one-hash
        // mismatches under the same conn-id an hour apart make no NAT-T.
        let qm = Fixture.sampleText("qm-invalid-id-info-initiator")
        let hourLater = Fixture.analyze(qm + "\n" + qm.replacingOccurrences(of: "Oct  7 06:", with: "Oct  7 07:"))
        #expect(hourLater.devices[0].sas.map(\.natTraversal) == [false, false])
        #expect(hourLater.findings.map(\.id) == ["qm-refused-by-peer", "qm-refused-by-peer"])
    }

    /// `received packet … (N) NEW SA` and the `Created a peer struct` line after it swapped (a
    /// relay reorders): one SA, not a second one made of the peer-struct line.
    @Test func aNewSALineAfterItsPeerStructIsOneSA() {
        let text = Fixture.sampleText("p1-proposal-mismatch-responder")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let n = lines.firstIndex { $0.contains("(N) NEW SA") }!
        #expect(lines[n + 1].contains("Created a peer struct"))
        lines.swapAt(n, n + 1)
        let swapped = Fixture.analyze(lines.joined(separator: "\n"))
        #expect(swapped.devices[0].sas.count == Fixture.analyze(text).devices[0].sas.count)
        #expect(swapped.findings.map(\.id) == Fixture.analyze(text).findings.map(\.id))
    }

    /// A relay that loses one line in a hundred, anywhere: each SA stays one SA, and each failed
    /// SA still has one finding. (Which one may change where its decisive line was among the lost:
    /// without `map_db_check_isakmp_profile profile did not match`, a profile mismatch in quick
    /// mode reads as the proxy-ID mismatch its other lines describe.)
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func onePercentLostSplitsNoSA(_ seed: UInt64) {
        let text = Fixture.sampleText("busy-headend")
        var rng = SplitMix64(seed: seed)
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { _ in rng.next() % 100 != 0 }
        let before = Fixture.analyze(text), after = Fixture.analyze(kept.joined(separator: "\n"))
        #expect(after.devices[0].sas.count == before.devices[0].sas.count)
        #expect(after.findings.count == before.findings.count)
        func failed(_ a: Analysis) -> [String] { a.devices[0].sas.filter { $0.phase1 == .failed }.map { $0.peer ?? "-" }.sorted() }
        #expect(failed(after) == failed(before))
    }
}

/// A log that starts while two exchanges retransmit: a `(0)` SA still at MM1 or MM2 (its last
/// packet `MM_NO_STATE`, or `MM_SA_SETUP` sent) takes no conn-id; the conn-id's own packet lines
/// name its peer (review repros: the two were one SA, blamed on the wrong peer).
@Suite struct MidExchangeStartTests {
    static let initiator = """
        *Nov 20 10:00:10.003: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
        *Nov 20 10:00:10.003: ISAKMP (0): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
        *Nov 20 10:00:10.003: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE
        *Nov 20 10:00:10.003: ISAKMP:(0): sending packet to 10.0.1.24 my_port 500 peer_port 500 (I) MM_NO_STATE
        *Nov 20 10:00:10.003: ISAKMP:(0):Sending an IKE IPv4 Packet.
        *Nov 20 10:00:10.021: ISAKMP:(3012): retransmitting phase 1 MM_KEY_EXCH...
        *Nov 20 10:00:10.021: ISAKMP (3012): incrementing error counter on sa, attempt 1 of 5: retransmit phase 1
        *Nov 20 10:00:10.021: ISAKMP:(3012): retransmitting phase 1 MM_KEY_EXCH
        *Nov 20 10:00:10.021: ISAKMP:(3012): sending packet to 10.0.1.22 my_port 500 peer_port 500 (I) MM_KEY_EXCH
        *Nov 20 10:00:10.021: ISAKMP:(3012):Sending an IKE IPv4 Packet.
        *Nov 20 10:00:20.003: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
        *Nov 20 10:00:20.003: ISAKMP (0): incrementing error counter on sa, attempt 2 of 5: retransmit phase 1
        *Nov 20 10:00:20.003: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE
        *Nov 20 10:00:20.003: ISAKMP:(0): sending packet to 10.0.1.24 my_port 500 peer_port 500 (I) MM_NO_STATE
        *Nov 20 10:00:20.003: ISAKMP:(0):Sending an IKE IPv4 Packet.
        *Nov 20 10:00:20.021: ISAKMP:(3012): retransmitting phase 1 MM_KEY_EXCH...
        *Nov 20 10:00:20.021: ISAKMP (3012): incrementing error counter on sa, attempt 2 of 5: retransmit phase 1
        *Nov 20 10:00:20.021: ISAKMP:(3012): retransmitting phase 1 MM_KEY_EXCH
        *Nov 20 10:00:20.021: ISAKMP:(3012): sending packet to 10.0.1.22 my_port 500 peer_port 500 (I) MM_KEY_EXCH
        *Nov 20 10:00:20.021: ISAKMP:(3012):Sending an IKE IPv4 Packet.
        *Nov 20 10:00:30.003: ISAKMP:(0): retransmitting phase 1 MM_NO_STATE...
        *Nov 20 10:00:30.003: ISAKMP:(0):peer does not do paranoid keepalives.

        *Nov 20 10:00:30.003: ISAKMP:(0):deleting SA reason "Death by retransmission P1" state (I) MM_NO_STATE (peer 10.0.1.24)
        *Nov 20 10:00:30.003: ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL
        *Nov 20 10:00:30.003: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_DEST_SA

        *Nov 20 10:00:30.023: ISAKMP:(3012): retransmitting phase 1 MM_KEY_EXCH...
        *Nov 20 10:00:30.023: ISAKMP:(3012):peer does not do paranoid keepalives.

        *Nov 20 10:00:30.023: ISAKMP:(3012):deleting SA reason "Death by retransmission P1" state (I) MM_KEY_EXCH (peer 10.0.1.22)
        *Nov 20 10:00:30.027: ISAKMP:(3012):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL
        *Nov 20 10:00:30.027: ISAKMP:(3012):Old State = IKE_I_MM5  New State = IKE_DEST_SA
        """
    static let responder = """
        *Nov 20 10:00:10.003: ISAKMP:(0): retransmitting phase 1 MM_SA_SETUP...
        *Nov 20 10:00:10.003: ISAKMP (0): incrementing error counter on sa, attempt 2 of 5: retransmit phase 1
        *Nov 20 10:00:10.003: ISAKMP:(0): retransmitting phase 1 MM_SA_SETUP
        *Nov 20 10:00:10.003: ISAKMP:(0): sending packet to 198.51.100.40 my_port 500 peer_port 500 (R) MM_SA_SETUP
        *Nov 20 10:00:10.003: ISAKMP:(0):Sending an IKE IPv4 Packet.
        *Nov 20 10:00:10.021: ISAKMP:(1005): retransmitting phase 1 MM_KEY_EXCH...
        *Nov 20 10:00:10.021: ISAKMP (1005): incrementing error counter on sa, attempt 2 of 5: retransmit phase 1
        *Nov 20 10:00:10.021: ISAKMP:(1005): retransmitting phase 1 MM_KEY_EXCH
        *Nov 20 10:00:10.021: ISAKMP:(1005): sending packet to 198.51.100.7 my_port 500 peer_port 1024 (R) MM_KEY_EXCH
        *Nov 20 10:00:10.021: ISAKMP:(1005):Sending an IKE IPv4 Packet.
        *Nov 20 10:00:20.003: ISAKMP:(0): retransmitting phase 1 MM_SA_SETUP...
        *Nov 20 10:00:20.003: ISAKMP:(0):peer does not do paranoid keepalives.

        *Nov 20 10:00:20.003: ISAKMP:(0):deleting SA reason "Death by retransmission P1" state (R) MM_SA_SETUP (peer 198.51.100.40)
        *Nov 20 10:00:20.003: ISAKMP:(0):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL
        *Nov 20 10:00:20.003: ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_DEST_SA

        *Nov 20 10:00:20.021: ISAKMP:(1005): retransmitting phase 1 MM_KEY_EXCH...
        *Nov 20 10:00:20.021: ISAKMP:(1005):peer does not do paranoid keepalives.

        *Nov 20 10:00:20.021: ISAKMP:(1005):deleting SA reason "Death by retransmission P1" state (R) MM_KEY_EXCH (peer 198.51.100.7)
        *Nov 20 10:00:20.021: ISAKMP:(1005):Input = IKE_MESG_INTERNAL, IKE_PHASE1_DEL
        *Nov 20 10:00:20.021: ISAKMP:(1005):Old State = IKE_R_MM4  New State = IKE_DEST_SA
        """

    @Test func twoRetransmittingExchangesStayTwoSAs() {
        let i = Fixture.analyze(Self.initiator)
        #expect(i.devices[0].sas.map { "\($0.connId.map(String.init) ?? "0") \($0.peer ?? "-")" } == ["0 10.0.1.24", "3012 10.0.1.22"])
        #expect(i.findings.map { "\($0.id) \($0.peer ?? "-")" } == ["peer-unreachable 10.0.1.24", "mm5-rejected-by-peer 10.0.1.22"])
        let r = Fixture.analyze(Self.responder)
        #expect(r.devices[0].sas.map { "\($0.connId.map(String.init) ?? "0") \($0.peer ?? "-")" } == ["0 198.51.100.40", "1005 198.51.100.7"])
        #expect(r.findings.map { "\($0.id) \($0.peer ?? "-")" } == ["unexplained-failure 198.51.100.40", "mm5-not-received 198.51.100.7"])
    }
}

/// A log whose start a full logging buffer overwrote: its SAs' first lines are gone, but what is
/// left still tells each SA's role, as the whole log does — an IKEv2 SA's from the direction of
/// an IKE_SA_INIT or IKE_AUTH request or response, an IKEv1 initiator's from its failure to build
/// the first message (`construct_initial_message`). Never another role or peer than the whole
/// log's; a diagnosis that rests on what the lost lines held says so.
@Suite struct LostStartTests {
    static func roles(_ text: String) -> [String] {
        Fixture.analyze(text).devices.flatMap(\.sas).map { "\($0.connId.map(String.init) ?? "0") \($0.role.map { "\($0)" } ?? "-")" }
    }

    /// The log without its first lines, up to the `k`-th line (of 10) of the whole, or from line `from` on.
    static func withoutStart(_ text: String, tenths k: Int = 0, from: Int? = nil) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines[(from.map { $0 - 1 } ?? lines.count * k / 10)...].joined(separator: "\n")
    }

    /// A sample, and the first line kept: its first 30% lost, or from a line on (`no-psk-initiator`
    /// from its first SA's `Can not start Aggressive mode`, past its SA request).
    @Test(arguments: ["ikev2-success-initiator", "ikev2-auth-failed-responder", "ikev2-init-no-proposal-chosen-initiator",
                      "ikev2-child-rekey-pfs-initiator", "ikev2-no-psk-responder", "no-psk-initiator@14"])
    func whatIsLeftTellsTheRole(_ argument: String) {
        let parts = argument.split(separator: "@")
        let text = Fixture.sampleText(String(parts[0]))
        let cut = Self.roles(Self.withoutStart(text, tenths: 3, from: parts.count > 1 ? Int(parts[1]) : nil))
        #expect(!cut.isEmpty)
        #expect(cut.allSatisfy { !$0.hasSuffix(" -") })
        let whole = Set(Self.roles(text))
        #expect(cut.allSatisfy(whole.contains))
    }

    /// An initiator's MM1 (or quick-mode proposal) refused by the peer, then retransmitted until
    /// the SA (or node) died: a log that lost the refusal (it starts in the retransmissions, or at
    /// the SA's deletion) says the peer did not answer in the lines logged and where the log
    /// starts, not that it never answered; the whole log says what the full exchange shows.
    @Test func anUnansweredPhase1WhoseStartIsLostSaysSo() {
        let text = Fixture.sampleText("p1-proposal-refused-initiator")
        func summary(_ t: String) -> String { Fixture.analyze(t).findings.map { "\($0.id): \($0.summary)" }.joined(separator: "; ") }
        #expect(summary(text) == "p1-proposal-mismatch: 192.168.0.1 refused R2's phase 1 proposal: MM1 was answered with a notify, not MM2")
        #expect(summary(Self.withoutStart(text, tenths: 7)) == "peer-unreachable: 192.168.0.1 did not answer R2's phase 1 in the lines logged (MM1 retransmitted until the SA died; the log starts at retransmission attempt 3)")
        #expect(summary(Self.withoutStart(text, tenths: 9)) == "peer-unreachable: 192.168.0.1 did not answer R2's phase 1 in the lines logged (MM1 retransmitted until the SA died; the log starts at the SA's deletion)")
        // Quick mode: refused with INVALID_ID_INFO, then retransmitted until the node died.
        let refused = Fixture.sampleText("qm-invalid-id-info-initiator")
        #expect(summary(refused) == "qm-refused-by-peer: 192.168.0.2 refused R1's quick-mode proposal (INVALID_ID_INFO: proxy identities not accepted)")
        #expect(summary(Self.withoutStart(refused, tenths: 9)) == "qm-no-reply: 192.168.0.2 did not answer R1's quick mode in the lines logged (the log starts at a retransmission)")
        #expect(summary(Fixture.sampleText("nat-t-qm-timeout-initiator")).contains("never answered"))
        let unreachable = Fixture.sampleText("peer-unreachable-initiator")
        #expect(summary(unreachable) == "peer-unreachable: 203.0.113.99 never answered BR1's phase 1 (MM1 retransmitted until the SA died)")
    }

    /// A responder's quick mode refused for PFS, in a log that lost the proposal's `Checking IPSec
    /// proposal 1` line: its attributes left (`transform 1, ESP_AES`, `group is 2`) are still the
    /// proposal's, so the finding is the whole log's; a log that lost the attributes too does not
    /// say the peer offered no PFS, nor that it lacks `debug crypto ipsec`.
    @Test func aQuickModeProposalWhoseStartIsLostIsStillRead() throws {
        let text = Fixture.sampleText("pfs-mismatch-responder")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let check = try #require(lines.lastIndex { $0.contains("Checking IPSec proposal 1") })
        func findings(from k: Int) -> [Finding] { Fixture.analyze(lines[k...].joined(separator: "\n")).findings }
        let whole = Fixture.analyze(text).findings.first { $0.id == "pfs-mismatch" }
        let cut = findings(from: check + 1).first
        #expect(cut?.id == "pfs-mismatch")
        #expect(cut?.summary == whole?.summary)
        #expect(cut?.summary == "Quick mode with 198.51.100.6 refused: PFS differs (peer offers group 2)")
        let lastAttribute = try #require(lines.lastIndex { $0.contains("atts are acceptable") })
        let blind = try #require(findings(from: lastAttribute + 1).first)
        #expect(blind.id == "transform-set-mismatch")
        #expect(blind.explanation.contains("its attributes not in the log"))
        #expect(!blind.explanation.contains("no PFS") && !blind.explanation.contains("no `debug crypto ipsec`"))
    }

    /// A responder that rejected the peer's certificate, in a log that starts in MM5's processing:
    /// the first `IKMP_INVAL_CERT`, logged before a packet named the SA's peer, is router-wide,
    /// the later ones the SA's; one finding tells it, the whole log's, not a second one for the
    /// router-wide message.
    @Test(arguments: ["ike-auth-failed-cert-expired-responder", "ike-auth-failed-rsa-sig-responder"])
    func aRouterWideMessageBeforeItsSAsPeerIsKnownIsNoSecondFinding(_ name: String) {
        let text = Fixture.sampleText(name)
        func findings(_ t: String) -> [String] { Fixture.analyze(t).findings.map { "\($0.saNumber.map(String.init) ?? "-") \($0.id): \($0.summary)" } }
        let cut = findings(Self.withoutStart(text, tenths: 6))
        #expect(cut == findings(text).filter { $0.contains("ike-auth-failed") })
        #expect(cut.count == 1)
    }

    /// An IKEv2 responder without a key for the peer, in a log that starts after the profile's
    /// keyring was named: the key's lookup answered by the database error is `ikev2-no-psk`, the
    /// keyring unnamed, not a profile that was not found.
    @Test func anIKEv2KeyLookupWhoseKeyringLineIsLostIsNoPSK() throws {
        let text = Fixture.sampleText("ikev2-no-psk-responder")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let k = try #require(lines.firstIndex { $0.contains("Peer's policy verified") })
        let cut = Fixture.analyze(lines[k...].joined(separator: "\n")).findings
        #expect(cut.map(\.id) == ["ikev2-no-psk"])
        #expect(cut.first?.summary == "HQ's IKEv2 keyring has no peer entry for 198.51.100.9 (no pre-shared key)")
        #expect(cut.first?.explanation.contains("(its name is not in the log)") == true)
        #expect(Fixture.analyze(text).findings.map(\.summary)
                == ["IKEv2 profile PROF on HQ matched 198.51.100.9, but its keyring KR has no peer entry for 198.51.100.9 (no pre-shared key)"])
    }

    /// A log that starts in a quick mode: the SA's peer is the one its packets name, not the
    /// `sa_dest=` of the inbound SA IPsec created first (the local address); with any start
    /// lost, no SA with a conn-id gets a peer the whole log does not give it.
    @Test(arguments: Fixture.sampleNames())
    func noPeerContradictsTheWholeLog(_ name: String) {
        func peers(_ text: String) -> [(Int, String)] {
            Fixture.analyze(text).devices.flatMap(\.sas).compactMap { sa in sa.connId.flatMap { id in sa.peer.map { (id, $0) } } }
        }
        let text = Fixture.sampleText(name)
        let whole = Dictionary(peers(text).map { ($0.0, [$0.1]) }, uniquingKeysWith: +)
        for k in [3, 5] {
            for (id, peer) in peers(Self.withoutStart(text, tenths: k)) where id != 0 {
                #expect(whole[id].map { $0.contains(peer) } ?? true, "\(name) without \(k)/10: conn-id \(id) peer \(peer), whole log \(whole[id] ?? [])")
            }
        }
    }

    @Test(arguments: Fixture.sampleNames())
    func noRoleContradictsTheWholeLog(_ name: String) {
        let text = Fixture.sampleText(name)
        let whole = Dictionary(Self.roles(text).map { ($0.split(separator: " ")[0], [$0]) }, uniquingKeysWith: +)
        for k in [3, 5] {
            for r in Self.roles(Self.withoutStart(text, tenths: k)) where !r.hasSuffix(" -") {
                let id = r.split(separator: " ")[0]
                #expect(whole[id].map { $0.contains(r) } ?? true, "\(name) without \(k)/10: \(r), whole log \(whole[id] ?? [])")
            }
        }
    }
}

/// An IKE collision: both ends initiate to each other at once, two `(0)` SAs with the same peer.
/// A packet line's `(I)` / `(R)` says which is which; a line naming the peer and no role is the
/// burst's in hand (review repro: the responder's lines went to the initiator's SA).
@Suite struct CollisionTests {
    static let log = """
        R1#debug crypto isakmp
        Crypto ISAKMP debugging is on
        *Nov 20 10:00:00.000: ISAKMP:(0): SA request profile is profile2
        *Nov 20 10:00:00.000: ISAKMP: Found a peer struct for 192.168.0.2, peer port 500
        *Nov 20 10:00:00.000: ISAKMP:(0):Can not start Aggressive mode, trying Main mode.
        *Nov 20 10:00:00.000: ISAKMP:(0):Found ADDRESS key in keyring keyring2
        *Nov 20 10:00:00.000: ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1
        *Nov 20 10:00:00.000: ISAKMP:(0): beginning Main Mode exchange
        *Nov 20 10:00:00.000: ISAKMP:(0): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_NO_STATE
        *Nov 20 10:00:00.001: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_NO_STATE
        *Nov 20 10:00:00.001: ISAKMP:(0):Old State = IKE_I_MM1  New State = IKE_I_MM2
        *Nov 20 10:00:00.001: ISAKMP:(0):Found ADDRESS key in keyring keyring2
        *Nov 20 10:00:00.001: ISAKMP:(0):Old State = IKE_I_MM2  New State = IKE_I_MM2
        *Nov 20 10:00:00.002: ISAKMP:(0): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_SA_SETUP
        *Nov 20 10:00:00.002: ISAKMP:(0):Old State = IKE_I_MM2  New State = IKE_I_MM3
        *Nov 20 10:00:00.002: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (N) NEW SA
        *Nov 20 10:00:00.002: ISAKMP: Created a peer struct for 192.168.0.2, peer port 500
        *Nov 20 10:00:00.002: ISAKMP:(0):Old State = IKE_READY  New State = IKE_R_MM1
        *Nov 20 10:00:00.002: ISAKMP:(0):found peer pre-shared key matching 192.168.0.2
        *Nov 20 10:00:00.002: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM1
        *Nov 20 10:00:00.005: ISAKMP:(0): sending packet to 192.168.0.2 my_port 500 peer_port 500 (R) MM_SA_SETUP
        *Nov 20 10:00:00.005: ISAKMP:(0):Old State = IKE_R_MM1  New State = IKE_R_MM2
        *Nov 20 10:00:00.005: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_SA_SETUP
        *Nov 20 10:00:00.005: ISAKMP:(0):Old State = IKE_I_MM3  New State = IKE_I_MM4
        *Nov 20 10:00:00.011: ISAKMP:(0):Found ADDRESS key in keyring keyring2
        *Nov 20 10:00:00.011: ISAKMP:(1011):Old State = IKE_I_MM4  New State = IKE_I_MM4
        *Nov 20 10:00:00.012: ISAKMP:(1011):Send initial contact
        *Nov 20 10:00:00.012: ISAKMP:(1011):SA is doing pre-shared key authentication using id type ID_IPV4_ADDR
        *Nov 20 10:00:00.012: ISAKMP (1011): ID payload
        *Nov 20 10:00:00.012: ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) MM_KEY_EXCH
        *Nov 20 10:00:00.012: ISAKMP:(1011):Old State = IKE_I_MM4  New State = IKE_I_MM5
        *Nov 20 10:00:00.012: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (R) MM_SA_SETUP
        *Nov 20 10:00:00.012: ISAKMP:(0):Old State = IKE_R_MM2  New State = IKE_R_MM3
        *Nov 20 10:00:00.013: ISAKMP:(0):found peer pre-shared key matching 192.168.0.2
        *Nov 20 10:00:00.013: ISAKMP:(1012):Old State = IKE_R_MM3  New State = IKE_R_MM3
        *Nov 20 10:00:00.013: ISAKMP:(1012): sending packet to 192.168.0.2 my_port 500 peer_port 500 (R) MM_KEY_EXCH
        *Nov 20 10:00:00.013: ISAKMP:(1012):Old State = IKE_R_MM3  New State = IKE_R_MM4
        *Nov 20 10:00:00.013: ISAKMP (1011): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_KEY_EXCH
        *Nov 20 10:00:00.013: ISAKMP (1011): ID payload
        *Nov 20 10:00:00.013: ISAKMP:(1011):SA authentication status:
        *Nov 20 10:00:00.013: ISAKMP:(1011):SA has been authenticated with 192.168.0.2
        *Nov 20 10:00:00.013: ISAKMP:(1011):Old State = IKE_I_MM5  New State = IKE_I_MM6
        *Nov 20 10:00:00.013: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_I_MM6
        *Nov 20 10:00:00.017: ISAKMP:(1011):Old State = IKE_I_MM6  New State = IKE_P1_COMPLETE
        *Nov 20 10:00:00.017: ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 2816227709
        *Nov 20 10:00:00.018: ISAKMP:(1011): sending packet to 192.168.0.2 my_port 500 peer_port 500 (I) QM_IDLE      
        *Nov 20 10:00:00.018: ISAKMP:(1011):Old State = IKE_QM_READY  New State = IKE_QM_I_QM1
        *Nov 20 10:00:00.018: ISAKMP:(1011):Old State = IKE_P1_COMPLETE  New State = IKE_P1_COMPLETE
        *Nov 20 10:00:00.020: ISAKMP (1012): received packet from 192.168.0.2 dport 500 sport 500 Global (R) MM_KEY_EXCH
        *Nov 20 10:00:00.020: ISAKMP:(1012):Old State = IKE_R_MM4  New State = IKE_R_MM5
        *Nov 20 10:00:00.020: ISAKMP (1012): ID payload
        *Nov 20 10:00:00.020: ISAKMP:(0):: peer matches profile2 profile
        *Nov 20 10:00:00.020: ISAKMP:(1012):Found ADDRESS key in keyring keyring2
        *Nov 20 10:00:00.020: ISAKMP:(1012):Key not found in keyrings of profile , aborting exchange
        *Nov 20 10:00:00.020: ISAKMP (1012): FSM action returned error: 2
        R1#
        *Nov 20 10:01:10.014: ISAKMP:(1012):deleting SA reason "Death by retransmission P1" state (R) MM_KEY_EXCH (peer 192.168.0.2)
        *Nov 20 10:01:10.018: ISAKMP:(1012):deleting SA reason "Death by retransmission P1" state (R) MM_KEY_EXCH (peer 192.168.0.2)
        *Nov 20 10:01:10.018: ISAKMP:(1012):Old State = IKE_R_MM5  New State = IKE_DEST_SA
        """

    @Test func bothEndsInitiatingAtOnceAreTwoSAs() {
        let a = Fixture.analyze(Self.log)
        let sas = a.devices[0].sas
        #expect(sas.map { "\($0.connId ?? 0) \($0.role.map { "\($0)" } ?? "-") \($0.phase1)" } == ["1011 initiator complete", "1012 responder failed"])
        #expect(sas[0].states.allSatisfy { !$0.from.hasPrefix("IKE_R_") && !$0.to.hasPrefix("IKE_R_") })
        #expect(sas[1].states.allSatisfy { !$0.from.hasPrefix("IKE_I_") && !$0.to.hasPrefix("IKE_I_") })
        #expect(a.findings.map { "\($0.id) \($0.connId ?? 0)" } == ["keyring-mismatch 1012"])
    }
}

/// Durations between stamps count the calendar's days.
@Suite struct StampTests {
    static func wall(_ month: UInt8, _ day: UInt8, _ hour: UInt8, _ minute: UInt8, _ second: UInt8, year: UInt16 = 0) -> Stamp {
        var s = Stamp(kind: .wall)
        (s.month, s.day, s.hour, s.minute, s.second, s.year) = (month, day, hour, minute, second, year)
        return s
    }

    @Test func aMonthsEndAndNewYearAreOneNight() {
        #expect(Self.wall(6, 30, 23, 59, 59).seconds(until: Self.wall(7, 1, 0, 0, 1)) == 2)
        #expect(Self.wall(4, 30, 23, 0, 0).seconds(until: Self.wall(5, 1, 1, 0, 0)) == 7200)
        // February: 28 days, 29 in a leap year the log names.
        #expect(Self.wall(2, 28, 12, 0, 0, year: 2025).seconds(until: Self.wall(3, 1, 12, 0, 0, year: 2025)) == 86_400)
        #expect(Self.wall(2, 28, 12, 0, 0, year: 2024).seconds(until: Self.wall(3, 1, 12, 0, 0, year: 2024)) == 2 * 86_400)
        #expect(Self.wall(12, 31, 23, 59, 59, year: 2025).seconds(until: Self.wall(1, 1, 0, 0, 1, year: 2026)) == 2)
        // Without a year, Dec 31 → Jan 1 is the night between, both ways round.
        #expect(Self.wall(12, 31, 23, 59, 59).seconds(until: Self.wall(1, 1, 0, 0, 1)) == 2)
        #expect(Self.wall(1, 1, 0, 0, 1).seconds(until: Self.wall(12, 31, 23, 59, 59)) == -2)
        // A clock set back within the year stays a step back.
        #expect(Self.wall(7, 16, 10, 0, 0).seconds(until: Self.wall(3, 1, 0, 0, 0)) < -100 * 86_400)
        #expect(Self.wall(6, 30, 0, 0, 0) < Self.wall(7, 1, 0, 0, 0))
        // One stamp with a year, one without (stamps that changed style): their dates alone.
        #expect(Self.wall(4, 3, 8, 17, 36).seconds(until: Self.wall(4, 3, 8, 17, 38, year: 2026)) == 2)
        #expect(Self.wall(4, 3, 8, 17, 38, year: 2026).seconds(until: Self.wall(4, 3, 8, 17, 36)) == -2)
    }
}

/// A step of the router's clock (summer time, an NTP step or first sync) inside an IKEv2
/// exchange: the lines after it carry stamps an hour (or minutes) ahead of, or behind, those
/// before it, yet they follow each other. The exchange is one session, its outcome unchanged.
@Suite struct ClockStepTests {
    /// `text` with every stamp (`Nov 21 08:14:37.071`) from line `from` (0-based) on moved by
    /// `seconds` (within the day's month: the samples are far from a month's end).
    static func shifted(_ text: String, from: Int, by seconds: Int) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for n in lines.indices where n >= from {
            let u = Array(lines[n].utf8)
            guard u.count >= 15 else { continue }
            // `Mon DD HH:MM:SS`: the first such run in the line.
            for s in 0...(u.count - 15) {
                guard months.contains(String(decoding: u[s..<s + 3], as: UTF8.self)), u[s + 3] == 32, u[s + 6] == 32,
                      u[s + 9] == 58, u[s + 12] == 58,
                      let day = Int(String(decoding: u[s + 4..<s + 6], as: UTF8.self).trimmingCharacters(in: .whitespaces)),
                      let h = Int(String(decoding: u[s + 7..<s + 9], as: UTF8.self)),
                      let m = Int(String(decoding: u[s + 10..<s + 12], as: UTF8.self)),
                      let sec = Int(String(decoding: u[s + 13..<s + 15], as: UTF8.self)) else { continue }
                var total = ((day * 24 + h) * 60 + m) * 60 + sec + seconds
                let d = total / 86_400
                total %= 86_400
                let stamp = (d < 10 ? " \(d)" : "\(d)") + String(format: " %02d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                lines[n] = String(decoding: u[..<(s + 4)], as: UTF8.self) + stamp + String(decoding: u[(s + 15)...], as: UTF8.self)
                break
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Each IKEv2 sample with its clock stepped an hour ahead, an hour back, and seven minutes
    /// ahead (more than `Correlator.idleSeconds`), from a line in the middle of an exchange: the
    /// lines without a session id (the lookups IOS prints in IKE_SA_INIT and IKE_AUTH, a
    /// `CRYPTO_PKI:` line), where the session was split in two, and the first line after each
    /// packet dump. Same findings and SAs as without the step (before, `ikev2-no-psk-responder`
    /// stepped before `found matching IKEv2 profile` became `ikev2-profile-not-found` on a second SA).
    @Test(arguments: Fixture.sampleNames().filter { $0.hasPrefix("ikev2-") })
    func aClockStepInsideAnExchangeKeepsItsSession(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var differ: [String] = []
        for cut in lines.indices.dropFirst() where lines[cut].first == "*" || lines[cut].first?.isNumber == true {
            guard !lines[cut].contains("SESSION ID =") || lines[cut - 1].allSatisfy(\.isWhitespace) else { continue }
            for shift in [3600, -3600, 420] where DamageTests.findings(Self.shifted(text, from: cut, by: shift)) != expected {
                differ.append("line \(cut + 1) \(shift) s")
            }
        }
        #expect(differ == [], "\(name)")
    }
}

/// DMVPN's syslog on the tunnel to a peer (`socket is DOWN`, `Next Hop Server … is DOWN` / `is UP`)
/// names the peer by its NBMA address, and joins that peer's SA as evidence of the tunnel's fate
/// (before: no peer, a router-wide line); a peer the log has no SA of keeps it router-wide, named.
@Suite struct DMVPNSyslogTests {
    @Test func dmvpnLinesJoinTheirPeersSA() {
        let log = Fixture.sampleText("peer-dead-initiator") + """
            *Jun 19 10:09:35.106: %DMVPN-5-CRYPTO_SS: Tunnel1-192.168.0.2 socket is DOWN
            *Jun 19 10:09:35.108: %DMVPN-5-NHRP_NHS_DOWN: Tunnel1: Next Hop Server : (Tunnel: 10.255.0.2 NBMA: 192.168.0.2 ) for (Tunnel: 10.255.0.1 NBMA: 192.168.0.1) is DOWN, Reason: External(NHRP: no error)
            *Jun 19 10:09:35.110: %DMVPN-5-NHRP_NHS_DOWN: Tunnel1: Next Hop Server : (Tunnel: 10.255.0.9 NBMA: 192.168.0.9 ) for (Tunnel: 10.255.0.1 NBMA: 192.168.0.1) is DOWN, Reason: External(NHRP: no error)

            """
        let device = Fixture.analyze(log).devices[0]
        let joined = device.sas[0].events.compactMap { e -> String? in
            if case let .syslog(tag, peer) = e.kind, tag.hasPrefix("DMVPN-") { return "\(e.firstLine) \(tag) \(peer ?? "-")" }
            return nil
        }
        #expect(joined == ["284 DMVPN-5-CRYPTO_SS 192.168.0.2", "285 DMVPN-5-NHRP_NHS_DOWN 192.168.0.2"])
        let alone = device.unattributed.compactMap { e -> String? in
            if case let .syslog(tag, peer) = e.kind, tag.hasPrefix("DMVPN-") { return "\(e.firstLine) \(tag) \(peer ?? "-")" }
            return nil
        }
        #expect(alone == ["286 DMVPN-5-NHRP_NHS_DOWN 192.168.0.9"])
        // The finding is unchanged (the tunnel's SA was deleted: these lines tell its end again).
        #expect(Fixture.analyze(log).findings.map { "\($0.id) \($0.saNumber ?? 0)" } == ["peer-dead 1"])
    }
}

/// A responder's later CREATE_CHILD_SA exchanges (the peer rekeying a child SA): the request it
/// received shows the payloads (`SA N KE TSi TSr NOTIFY(REKEY_SA)`), its response only `ENCR`.
/// Answered, the child SA is recorded on the session as the initiator's are (before: only the
/// first, from IKE_AUTH); refused (`NOTIFY(NO_PROPOSAL_CHOSEN)` built for the answer), none.
@Suite struct ResponderChildRekeyTests {
    static func rekey(answer: String) -> String {
        Fixture.sampleText("ikev2-invalid-ke-retry-responder") + """
            *Mar  4 09:41:07.270: IKEv2:(SESSION ID = 4,SA ID = 1):Received Packet [From 192.0.2.66:500/To 192.0.2.1:500/VRF i0:f0] 
            Initiator SPI : 7A41C09E33D2B518 - Responder SPI : 0F9B62D7A1E4C385 Message id: 2
            IKEv2 CREATE_CHILD_SA Exchange REQUEST 
            Payload contents: 
             SA N KE TSi TSr NOTIFY(REKEY_SA) 

            *Mar  4 09:41:07.270: IKEv2:(SESSION ID = 4,SA ID = 1):Processing any notify-messages in child SA exchange
            *Mar  4 09:41:07.270: IKEv2:(SESSION ID = 4,SA ID = 1):Check for existing active SA
            *Mar  4 09:41:07.271: IKEv2:(SESSION ID = 4,SA ID = 1):Building packet for encryption.  
            Payload contents: 
             \(answer) 

            *Mar  4 09:41:07.271: IKEv2:(SESSION ID = 4,SA ID = 1):Sending Packet [To 192.0.2.66:500/From 192.0.2.1:500/VRF i0:f0] 
            Initiator SPI : 7A41C09E33D2B518 - Responder SPI : 0F9B62D7A1E4C385 Message id: 2
            IKEv2 CREATE_CHILD_SA Exchange RESPONSE 
            Payload contents: 
             ENCR 

            HUB#

            """
    }

    static func childSAs(_ log: String) -> [String] {
        Fixture.analyze(log).devices[0].sas.map { sa in "\(sa.number) \(sa.role.map { "\($0)" } ?? "-") " + sa.quickModes.map { "\($0.messageID) \($0.result) L\($0.firstLine)" }.joined(separator: ", ") }
    }

    @Test func aResponderRecordsTheChildSAsItAnswers() throws {
        let answered = Self.rekey(answer: "SA N KE TSi TSr")
        #expect(Self.childSAs(answered) == ["1 responder ", "2 responder 1 complete L93, 2 complete L117"])
        let json = try JSONSerialization.jsonObject(with: Data(JSONReport.render(Fixture.analyze(answered)).utf8)) as? [String: Any]
        let sas = try #require(json?["sas"] as? [[String: Any]])
        #expect((sas.last?["quickModes"] as? [[String: Any]])?.map { "\($0["messageId"] ?? "") \($0["result"] ?? "")" } == ["1 complete", "2 complete"])
        // Refused: no child SA made.
        #expect(Self.childSAs(Self.rekey(answer: "NOTIFY(NO_PROPOSAL_CHOSEN)")) == ["1 responder ", "2 responder 1 complete L93"])
    }
}

@Suite struct StateStepTests {
    /// IOS's own state names are stored as numbers, any other name in a box: both read back
    /// as written, and the line survives beyond 32 bits.
    @Test func namesAndLinesReadBackAsWritten() {
        var stamp = Stamp(kind: .wall)
        (stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second, stamp.millis) = (10, 24, 4, 31, 10, 58)
        let cases: [(String, String, Int)] = [
            ("IKE_I_MM4", "IKE_I_MM5", 17), ("", "IKE_READY", 0), ("QM_IDLE", "QM_IDLE", 4_294_967_296 + 5),
            ("IKE_I_MM5", "IKE_FUTURE_STATE", 3), ("état", "", 99), ("IKE_P1_COMPLETE", "IKE_P1_COMPLETE ", 1),
        ]
        for (from, to, line) in cases {
            let s = StateStep(from: from, to: to, stamp: stamp, line: line)
            #expect(s.from == from && s.to == to && s.line == line && s.stamp == stamp)
        }
        var s = StateStep(from: "IKE_I_MM1", to: "IKE_I_MM2", stamp: nil, line: 1)
        s.line = 123_456
        #expect(s == StateStep(from: "IKE_I_MM1", to: "IKE_I_MM2", stamp: nil, line: 123_456))
        #expect(s != StateStep(from: "IKE_I_MM1", to: "IKE_I_MM3", stamp: nil, line: 123_456))
        #expect(s != StateStep(from: "IKE_I_MM1", to: "IKE_I_MM2", stamp: stamp, line: 123_456))
        #expect(StateStep(from: "A", to: "B", stamp: nil, line: 2) == StateStep(from: "A", to: "B", stamp: nil, line: 2))
        #expect(StateStep(from: "A", to: "B", stamp: nil, line: 2) != StateStep(from: "A", to: "C", stamp: nil, line: 2))
        // A negative line is not a line: clamped to 0.
        #expect(StateStep(from: "A", to: "B", stamp: nil, line: -4).line == 0)
        #expect(MemoryLayout<StateStep>.stride <= 32)
    }

    /// Every name in the table is its own: no two numbers share a name.
    @Test func theKnownNamesAreDistinct() {
        #expect(Set(StateStep.known).count == StateStep.known.count)
        #expect(StateStep.known.count < 256)
    }
}
