import Foundation
import Testing
@testable import IKELens

/// Two hosts behind one NAT address, and a clock set back once: what the log says of each SA
/// must not be read across them.
@Suite struct PeerAndClockTests {
    /// A hub's log: a spoke behind the NAT at 198.51.100.7 whose MM5 never came (from port
    /// 1024), then an SA from that address that came up (`r2-responder-success`'s exchange, its
    /// peer's port `port`).
    static func hubLog(laterPort port: Int) -> String {
        var first = Fixture.sampleText("mm5-not-received-natt-responder").split(separator: "\n", omittingEmptySubsequences: false)
        while let l = first.last, l.isEmpty || l == "HQ#" { first.removeLast() }
        let later = Fixture.sampleText("r2-responder-success").split(separator: "\n", omittingEmptySubsequences: false).dropFirst(5).map { l in
            l.replacingOccurrences(of: "R2#", with: "HQ#")
                .replacingOccurrences(of: "192.168.0.1", with: "198.51.100.7")
                .replacingOccurrences(of: "Jun 19 10:04:", with: "Mar  3 09:20:")
                .replacingOccurrences(of: "sport 500", with: "sport \(port)")
                .replacingOccurrences(of: "peer_port 500", with: "peer_port \(port)")
                .replacingOccurrences(of: "peer port 500", with: "peer port \(port)")
                .replacingOccurrences(of: "remote port 500", with: "remote port \(port)")
        }
        return (first.map(String.init) + later).joined(separator: "\n")
    }

    /// The same host (its exchange began from the port the NAT gave it before, 1024) coming up
    /// recovers its failure; another host behind the same address (the NAT gave it 1030) does
    /// not: the error stands, in the whole report and in streaming output alike. Before, any SA
    /// to the address recovered it.
    @Test func anotherHostBehindTheSameNATRecoversNothing() throws {
        let same = Fixture.analyze(Self.hubLog(laterPort: 1024))
        #expect(same.findings.map { "\($0.saNumber ?? 0) \($0.id) \($0.severity)" } == ["1 mm5-not-received warning"])
        #expect(same.findings.first?.summary.hasSuffix("; recovered: SA #2 to 198.51.100.7 came up at 09:20:24.850") == true)
        let other = Fixture.analyze(Self.hubLog(laterPort: 1030))
        #expect(other.findings.map { "\($0.saNumber ?? 0) \($0.id) \($0.severity)" } == ["1 mm5-not-received error"])
        #expect(other.findings.first?.summary.contains("recovered") == false)
        #expect(other.devices.flatMap(\.sas).map { "\($0.number) \($0.firstPeerPort ?? 0) \($0.peerPort ?? 0) \($0.phase1)" }
                == ["1 1024 1024 failed", "2 1030 1030 complete"])
        // Streaming output: the later SA's coming up is told as a recovery for the same host only.
        for (port, recovered) in [(1024, true), (1030, false)] {
            let a = Fixture.device(Array(Self.hubLog(laterPort: port).utf8))
            var watch = RecoveryWatch()
            var notes: [RecoveryNote] = []
            let diagnosed = Analysis.diagnose([a])
            for sa in a.sas {
                notes += watch.concluded(sa, slot: 0, device: a.name, findings: diagnosed.findings.filter { $0.saNumber == sa.number })
            }
            #expect(notes.map { "\($0.failedSA) \($0.upSA ?? 0)" } == (recovered ? ["1 2"] : []), "port \(port)")
        }
    }

    /// Hosts told apart by what each SA shows: their identities when both name one, and the
    /// ports their exchanges began from when one is a NAT's (500 and 4500 tell nothing).
    @Test func hostsAreToldApartByIdentityOrNATPort() {
        func host(_ identity: String?, _ port: Int?) -> Recovery.Host {
            var h = Recovery.Host()
            h.identity = identity
            h.port = port
            return h
        }
        let cases: [(Recovery.Host, Recovery.Host, Bool)] = [
            (host(nil, 1024), host(nil, 1024), false),
            (host(nil, 1024), host(nil, 1030), true),
            (host(nil, 500), host(nil, 4500), false),
            (host(nil, 500), host(nil, 1024), true),
            (host(nil, nil), host(nil, 1024), false),
            (host("10.1.1.5 (IPv4 address)", 4500), host("10.1.1.6 (IPv4 address)", 4500), true),
            (host("10.1.1.5 (IPv4 address)", 4500), host(nil, 4500), false),
        ]
        for (a, b, other) in cases {
            #expect(a.isOther(than: b) == other, "\(a) \(b)")
            #expect(b.isOther(than: a) == other, "\(b) \(a)")
        }
    }

    /// `text`'s debug stamps dropped and each message relayed by a syslog server that stamps
    /// whole seconds: all in one second, `10`, until the `from`th stamped line, then `09` (the
    /// server's clock set back a second by NTP; `from` nil: never).
    static func relayedInOneSecond(_ text: String, steppedBackFrom from: Int?) -> String {
        var n = 0
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            guard let m = l.prefixMatch(of: #/\*?[A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d(\.\d+)?( UTC)?: /#) else { return String(l) }
            n += 1
            let second = from.map { n >= $0 } == true ? "09" : "10"
            return "Nov 14 18:50:\(second) r1 " + l[m.range.upperBound...]
        }.joined(separator: "\n")
    }

    /// A syslog server's file of a router that stamps nothing, whose own clock was set back
    /// once (NTP) partway through: one step back between two stamps, the SAs' lines plainly in
    /// order across it. Not a log listed newest first: not turned round, and the same SAs and
    /// findings as with no step (before, the log was read backwards and an SA split in two).
    /// (Not the rekey storm: its rate is the stamps'. Not no-psk-responder: its peer's retry
    /// repeats the first attempt word for word, which with the same second on both reads as a
    /// second copy of the log.)
    @Test(arguments: Fixture.sampleNames().filter { !["busy-headend", "rekey-storm-volume-lifetime-initiator", "no-psk-responder"].contains($0) })
    func aClockSetBackOnceIsNoNewestFirstLog(_ name: String) {
        let text = Fixture.sampleText(name)
        let stamped = text.split(separator: "\n").filter { $0.prefixMatch(of: #/\*?[A-Z][a-z]{2} +\d+ \d\d:\d\d:\d\d/#) != nil }.count
        guard stamped >= 4 else { return }
        let plain = Self.relayedInOneSecond(text, steppedBackFrom: nil)
        let expected = DamageTests.findingsAndSAs(plain)
        for from in [stamped / 3, stamped * 2 / 3] {
            let stepped = Self.relayedInOneSecond(text, steppedBackFrom: from)
            #expect(!Fixture.analyze(stepped).devices.contains { $0.stats.newestFirst }, "step at \(from)")
            #expect(DamageTests.findingsAndSAs(stepped) == expected, "step at \(from)")
        }
    }
}
