import Testing
@testable import IKELens

@Suite struct CorrelatorTests {
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
        #expect(d.sas.first { $0.peer == "10.0.0.7" }?.retransmissions == 2)
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
