import Foundation
import Testing
@testable import IKELens

@Suite struct SAStoreTests {
    private func sa(_ n: Int) -> SecurityAssociation {
        var s = SecurityAssociation(number: n, device: "HUB", file: "hub.log", firstLine: n * 10)
        s.peer = "10.1.\(n / 256).\(n % 256)"
        s.connId = 1000 + n
        return s
    }

    private func store(_ n: Int) -> SAStore {
        var st = SAStore()
        for i in 1...n { st.append(sa(i)) }
        return st
    }

    /// Appended SAs read back in order, and are changed where they lie.
    @Test func appendsAndChangesInPlace() {
        var st = store(100)
        #expect(st.count == 100 && st.map(\.number) == Array(1...100))
        st[41].state = "IKE_P1_COMPLETE"
        st[41].states.append(StateStep(from: "IKE_R_MM5", to: "IKE_P1_COMPLETE", stamp: nil, line: 7))
        #expect(st[41].state == "IKE_P1_COMPLETE" && st[41].states.map(\.line) == [7])
        #expect(st[40].state == nil && st[42].state == nil)
    }

    /// A copy is a value: writing one leaves the other as it was.
    @Test func copiesAreValues() {
        var a = store(20)
        var b = a
        b[3].peer = "192.0.2.1"
        b.append(sa(21))
        #expect(a[3].peer == "10.1.0.4" && a.count == 20)
        #expect(b[3].peer == "192.0.2.1" && b.count == 21)
        a[0].deleted = true
        #expect(!b[0].deleted)
    }

    /// Removing keeps the others in order and says where each went.
    @Test func removesInPlace() {
        var st = store(10)
        let map = st.remove([0, 4, 5, 9])
        #expect(map == [-1, 0, 1, 2, -1, -1, 3, 4, 5, -1])
        #expect(st.map(\.number) == [2, 3, 4, 7, 8, 9])
        #expect(st.map(\.peer) == ["10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.7", "10.1.0.8", "10.1.0.9"])
    }

    /// Taken, the SAs come out whole and in order, past the steps whose pages are given back
    /// (tens of megabytes), and the store is left empty; a store shared with a copy is copied.
    @Test func takesEverySAWhole() {
        let n = 60_000
        var st = store(n)
        st[n - 1].findingIds = ["keyring-mismatch"]
        let out = st.take()
        #expect(st.isEmpty)
        #expect(out.count == n)
        #expect(out.enumerated().allSatisfy { $0.element.number == $0.offset + 1 && $0.element.connId == 1001 + $0.offset })
        #expect(out[n / 2].peer == sa(n / 2 + 1).peer && out[n - 1].findingIds == ["keyring-mismatch"])

        var shared = store(5)
        let copy = shared
        #expect(shared.take().map(\.number) == [1, 2, 3, 4, 5])
        #expect(shared.isEmpty && copy.map(\.number) == [1, 2, 3, 4, 5])
    }
}

@Suite struct SecurityAssociationLayoutTests {
    /// The rarely set fields live in a box of their own: written on one copy of an SA they do
    /// not show on another, and setting them back to nothing leaves no box behind to share.
    @Test func rareFieldsAreValues() {
        var a = SecurityAssociation(number: 1, device: "R1", file: "r1.log", firstLine: 1)
        #expect(a.exchanges.isEmpty && a.peerIdentity == nil && a.pingAfter == nil && a.savedTimeline == nil)
        var b = a
        b.exchanges.append(Exchange(name: "IKE_SA_INIT", messageID: 0, sent: true, request: true, payloads: "SA KE N", line: 3, stamp: nil))
        b.peerIdentity = "R2.LAB"
        b.keyringCandidates.append("KR1")
        b.clearedByOperator = 40
        b.frontDoorVRF = "INET"
        b.pingAfter = PingResult(line: 9, received: 5, sent: 5)
        b.reportedNodes.append(77)
        #expect(a.exchanges.isEmpty && a.peerIdentity == nil && a.keyringCandidates.isEmpty && a.clearedByOperator == nil)
        #expect(b.exchanges.map(\.name) == ["IKE_SA_INIT"] && b.peerIdentity == "R2.LAB" && b.keyringCandidates == ["KR1"])
        #expect(b.clearedByOperator == 40 && b.frontDoorVRF == "INET" && b.pingAfter?.text == "Success rate is 100 percent (5/5)")
        #expect(b.reportedNodes == [77])
        var c = b
        c.keyringCandidates.append("KR2")
        c.peerIdentity = nil
        #expect(b.keyringCandidates == ["KR1"] && b.peerIdentity == "R2.LAB")
        #expect(c.keyringCandidates == ["KR1", "KR2"] && c.peerIdentity == nil)
        a.exchanges = []
        a.savedTimeline = nil
        #expect(a.exchanges.isEmpty && a.savedTimeline == nil)
    }

    /// Optional numbers keep nil apart from every value, 0 and negatives included.
    @Test func packedNumbersKeepNil() {
        var s = SecurityAssociation(number: 1, device: "R1", file: "r1.log", firstLine: 1)
        #expect(s.connId == nil && s.peerPort == nil && s.firstPeerPort == nil && s.localPort == nil)
        #expect(s.ipsecLifetimeSeconds == nil && s.ipsecLifetimeKB == nil)
        for v in [0, 1, 500, 4500, -1, Int.max, 4_294_967_295] {
            s.connId = v; s.peerPort = v; s.ipsecLifetimeKB = v
            #expect(s.connId == v && s.peerPort == v && s.ipsecLifetimeKB == v)
        }
        s.connId = nil
        #expect(s.connId == nil && s.peerPort == 4_294_967_295)
        #expect(MemoryLayout<SecurityAssociation>.stride <= 408)
    }
}
