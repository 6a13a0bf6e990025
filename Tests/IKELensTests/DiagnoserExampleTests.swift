import Foundation
import Testing
@testable import IKELens

/// Every registered diagnoser's examples are its tests: triggering examples
/// must produce its finding, non-triggering ones must not, under every
/// mechanical variation and chunking of the input.
@Suite struct DiagnoserExampleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        let index: Int
        let log: String
        let triggers: Bool
        var testDescription: String { "\(id) \(triggers ? "triggering" : "non-triggering") #\(index + 1)" }
    }

    static let cases: [Case] = DiagnoserRegistry.all.flatMap { d -> [Case] in
        let desc = d.description
        return desc.triggering.enumerated().map { Case(id: desc.id, index: $0.offset, log: $0.element, triggers: true) }
            + desc.nonTriggering.enumerated().map { Case(id: desc.id, index: $0.offset, log: $0.element, triggers: false) }
    }

    @Test(arguments: cases)
    func exampleHoldsUnderEveryVariation(_ c: Case) {
        for variation in Variation.allCases {
            for chunking in [Fixture.Chunking.whole, .bytewise, .random(seed: 3)] {
                let analysis = Fixture.analyze(variation.apply(c.log), chunking: chunking)
                let ids = analysis.findings.map(\.id)
                if c.triggers {
                    #expect(ids.filter { $0 == c.id }.count == 1, "\(variation), \(chunking): expected one \(c.id), got \(ids)")
                } else {
                    #expect(!ids.contains(c.id), "\(variation), \(chunking): \(c.id) fired on a non-triggering example")
                }
            }
        }
    }

    @Test func everyDiagnoserHasBothKindsOfExamples() {
        for d in DiagnoserRegistry.all {
            #expect(!d.description.triggering.isEmpty, "\(d.description.id) has no triggering example")
            #expect(!d.description.nonTriggering.isEmpty, "\(d.description.id) has no non-triggering example")
        }
    }

    @Test func idsAreUniqueAndKebabCase() {
        let ids = DiagnoserRegistry.all.map { $0.description.id }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(id) is not kebab-case")
        }
    }

    /// A diagnoser file that is not registered would never run.
    @Test func everyDiagnoserFileIsRegistered() throws {
        let dir = Fixture.packageRoot.appendingPathComponent("Sources/IKELens/Diagnosis")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix("Diagnoser.swift") && $0 != "Diagnoser.swift" }
            .map { String($0.dropLast(".swift".count)) }
        let registered = Set(DiagnoserRegistry.all.map { String(describing: $0) })
        for f in files {
            #expect(registered.contains(f), "\(f).swift is not in DiagnoserRegistry.all")
        }
        #expect(files.count == registered.count)
    }

    /// The README's table of diagnoses is generated from the descriptions.
    @Test func readmeTableOfDiagnosesIsCurrent() throws {
        let readme = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let table = DiagnosisTable.markdown()
        #expect(readme.contains(table), "README.md's table of diagnoses is stale; regenerate it with `swift run ikelens help diagnoses`:\n\(table)")
    }
}

@Suite struct TriggerTests {
    /// A diagnoser's triggers only skip SAs it could not fire on: on every sample
    /// and real log, running every diagnoser on every SA finds the same.
    @Test func triggersNeverHideAFinding() {
        var logs = Fixture.sampleNames().filter { $0 != "busy-headend" }.map { Fixture.sampleLogs.appendingPathComponent("\($0).log") }
        if Fixture.corpusAvailable {
            logs += ((try? FileManager.default.contentsOfDirectory(atPath: Fixture.corpus.path)) ?? [])
                .filter { $0.hasSuffix(".log") }.map { Fixture.corpus.appendingPathComponent($0) }
        }
        let diagnosers = DiagnoserRegistry.makeAll()
        for url in logs {
            let device = Fixture.device(Fixture.bytes(url), file: url.lastPathComponent)
            for sa in device.sas {
                let all = diagnosers.compactMap { $0.diagnose(sa, on: device) }.map(\.id)
                #expect(all == sa.findingIds, "\(url.lastPathComponent) SA #\(sa.number)")
            }
        }
    }
}

/// An explanation tells the story the log shows, not the full story of its diagnosis: a line it
/// quotes is in the log.
@Suite struct ExplanationEvidenceTests {
    @Test func pskMismatchQuotesOnlyTheSignsTheLogHas() {
        let bad = "*Mar  1 00:42:09.431: %CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.1.20.2 failed its sanity check or is malformed\n"
        let alone = Fixture.analyze(bad).findings
        #expect(alone.map(\.id) == ["psk-mismatch"])
        #expect(alone.first.map { !$0.explanation.contains("reserved not zero") && $0.explanation.contains("the log shows no more") } == true)
        let both = Fixture.analyze("*Mar  1 00:42:09.430: ISAKMP:(1012):reserved not zero on ID payload!\n" + bad).findings
        #expect(both.first.map { $0.explanation.contains("`reserved not zero on ID payload`") && $0.explanation.contains("received MM5") } == true)
    }

    /// `Verification of peer's authentication data FAILED` says the AUTH payload did not verify,
    /// not how the SA authenticates. Its lines tell: a key looked up (pre-shared keys), or the
    /// method RSA and certificate checks with no certificate error kept (a log that lost those
    /// lines): the certificate; or nothing (a log that begins at the failure): pre-shared keys,
    /// said to be a guess. Before, all three read "pre-shared keys most likely differ".
    @Test func ikev2AuthFailureNamesTheMethodItsLinesShow() throws {
        let head = "Nov 20 19:14:38.050 GMT: IKEv2:(SESSION ID = 2291,SA ID = 14):"
        let rsa = [
            head + "Get peer's authentication method",
            head + "Peer's authentication method is 'RSA'",
            head + "SM Trace-> SA: I_SPI=D03A7E5B19C4F826 R_SPI=6E91B2F0A74C3D58 (R) MsgID = 1 CurState: R_VERIFY_AUTH Event: EV_VERIFY_X509_CERTS",
        ]
        let failure = [
            head + "SM Trace-> SA: I_SPI=D03A7E5B19C4F826 R_SPI=6E91B2F0A74C3D58 (R) MsgID = 1 CurState: R_VERIFY_AUTH Event: EV_AUTH_FAIL",
            head + "Verification of peer's authentication data FAILED",
            head + "Sending authentication failure notify",
            head + "Auth exchange failed",
            head + "Abort exchange",
            head + "Deleting SA",
        ]
        func finding(_ lines: [String]) throws -> Finding {
            let f = Fixture.analyze(lines.joined(separator: "\n") + "\n").findings
            #expect(f.map(\.id) == ["ikev2-auth-failed"])
            return try #require(f.first)
        }
        let signed = try finding(rsa + failure)
        #expect(signed.summary == "IKEv2 authentication with the peer failed: the certificate or signature did not verify")
        #expect(signed.evidence.map(\.line) == [2, 3, 5])
        #expect(signed.fix.hasPrefix("On test, `debug crypto pki transactions`"))
        let unknown = try finding(failure)
        #expect(unknown.summary == "IKEv2 authentication with the peer failed: pre-shared keys most likely differ (the log does not show the method)")
        #expect(unknown.explanation.contains("pre-shared keys are the likely cause, not a certain one"))
        let psk = try finding([head + "Peer's authentication method is 'PSK'"] + rsa.suffix(1) + failure)
        #expect(psk.summary == "IKEv2 authentication with the peer failed: pre-shared keys most likely differ")
    }

    /// IOS-XE prints a CSDL message for each weak policy: a router with many prints the DH groups'
    /// after more than the eight messages kept of one kind; the finding still names them.
    @Test func weakAlgorithmsNamesWhatComesAfterManyMessages() {
        var log = ""
        for (i, pair) in ["(3des) encryption algorithm or (md5)", "(aes) encryption algorithm or (md5)", "(3des) encryption algorithm or (sha)"].enumerated() {
            for k in 0..<4 {
                log += "*Oct 25 20:31:3\(i).2\(k)1: ISAKMP-ERROR: (0):(65514): Either \(pair) hash algorithmis not CSDL compliant\n"
            }
        }
        log += "*Oct 25 20:31:38.261: ISAKMP-ERROR: (0):(65514): DH Group (5) is not CSDL compliant\n"
        log += "*Oct 25 20:31:38.262: ISAKMP-ERROR: (0):(65514): DH Group (5) is not CSDL compliant\n"
        log += "*Oct 25 20:31:38.263: ISAKMP-ERROR: (0):Can't request CE to Pregen DH Group (2) since it is not CSDL compliant\n"
        let f = Fixture.analyze(log).findings
        #expect(f.map(\.id) == ["weak-algorithms"])
        #expect(f.first?.summary == "test flags weak crypto algorithms as not CSDL compliant (3des, md5, DH group 5, DH group 2)")
        #expect(f.first?.explanation.contains("printed 15 messages naming weak algorithms") == true)
    }

    /// IKEv2 initiator: IKE_SA_INIT answered, IKE_AUTH retransmitted until IKEv2 gave up, with a
    /// response logged before the retransmissions that IOS did not take as the answer.
    @Test func ikev2IKEAuthRetransmittedAfterALoggedResponseIsPeerUnreachable() throws {
        let example = try #require(PeerUnreachableDiagnoser.description.triggering.first { $0.contains("IKE_AUTH Exchange RESPONSE") })
        let f = Fixture.analyze(example).findings
        #expect(f.map(\.id) == ["peer-unreachable"])
        #expect(f.map(\.severity) == [.error])
        #expect(f.first?.summary == "198.51.100.2 answered IKE_SA_INIT, but test retransmitted IKE_AUTH (UDP 4500, NAT detected) until IKEv2 gave up: no answer it accepted")
        #expect(f.first?.explanation.contains("An IKE_AUTH response from 198.51.100.2 is logged (line 17) before the retransmissions, but test went on retransmitting its request: it did not take that packet as the answer (it could not process it, or it arrived on UDP 500 after the exchange moved to 4500, and IOS logged no error for it). Otherwise 198.51.100.2 receives IKE_AUTH and drops it without an answer") == true)
        #expect(f.first?.fix.hasPrefix("Enable IKEv2 fragmentation on both ends (`crypto ikev2 fragmentation mtu 1360`)") == true)
        #expect(f.first?.evidence.map(\.line) == [1, 6, 17, 23, 29])
    }

    /// `RESPONDER_LIFETIME` protocol 3 (ESP, in quick mode) is the IPsec SA's lifetime, fixed in
    /// the IPsec configuration; protocol 1 stays the IKE lifetime.
    @Test func responderLifetimeOfESPIsTheIPsecSALifetime() throws {
        let ipsec = try #require(LifetimeMismatchDiagnoser.description.triggering.first { $0.contains("protocol 3") })
        let f = Fixture.analyze(ipsec).findings.filter { $0.id == "lifetime-mismatch" }
        #expect(f.map(\.severity) == [.info])
        #expect(f.first?.summary == "192.168.0.2 uses a shorter IPsec SA lifetime; harmless")
        #expect(f.first?.fix == "Nothing is required. To keep both ends consistent, set the same IPsec SA lifetime on both ends: globally `crypto ipsec security-association lifetime seconds N` (and `kilobytes N`), or per tunnel `set security-association lifetime seconds N` in the crypto map entry or ipsec profile for 192.168.0.2.")
        #expect(f.first?.explanation.contains("not the IKE SA") == true)
        #expect(f.first?.evidence.map(\.line) == [3])
        let ike = try #require(LifetimeMismatchDiagnoser.description.triggering.first { $0.contains("protocol 1") })
        let g = Fixture.analyze(ike).findings.filter { $0.id == "lifetime-mismatch" }
        #expect(g.first?.summary == "77.77.77.77 uses a shorter IKE lifetime (3600 s); harmless")
        #expect(g.first?.fix == "Nothing is required. To keep both ends consistent, set the same `lifetime` under `crypto isakmp policy` on test and 77.77.77.77.")
    }

    /// A second quick mode refused on an IKE SA whose first came up: the evidence is the refused
    /// one's start, and the proxies its `IPSEC(sa_request)` printed are named.
    @Test func secondQuickModeRefusedCitesItsOwnLines() throws {
        let example = try #require(QuickModeRefusedByPeerDiagnoser.description.triggering.first { $0.contains("M-ID of 3958013221") })
        let f = Fixture.analyze(example).findings
        #expect(f.map(\.id) == ["qm-refused-by-peer"])
        #expect(f.first?.evidence.map(\.line) == [8, 15, 20, 22])
        #expect(f.first?.evidence.dropFirst().first?.text == "ISAKMP:(1011):beginning Quick Mode exchange, M-ID of 3958013221")
        #expect(f.first?.explanation.contains("proposed quick mode (M-ID 3958013221 (-336954075)) and 192.168.0.2 refused it") == true)
        #expect(f.first?.explanation.contains("The refused quick mode proposed the proxies 10.1.1.0/255.255.255.0/0/0 ↔ 10.2.2.0/255.255.255.0/0/0 (`IPSEC(sa_request)`).") == true)
        #expect(f.first?.fix.hasSuffix("the ACLs must mirror each other (this router proposed 10.1.1.0/255.255.255.0/0/0 ↔ 10.2.2.0/255.255.255.0/0/0).") == true)
    }

    /// IKEv2 CREATE_CHILD_SA rekey refused: no "authentication in CREATE_CHILD_SA", no "no child
    /// SA"; the old child SA works until it expires, and a rekey with KE refused with the
    /// transforms IKE_AUTH's child was accepted with points at PFS.
    @Test func ikev2RefusedChildRekeyWithKEPointsAtPFS() {
        let sample = Analysis.diagnose([Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-child-rekey-pfs-initiator.log")))])
        let f = sample.findings
        #expect(f.map(\.id) == ["ikev2-no-proposal-chosen"])
        #expect(f.first?.summary == "203.0.113.70 refused R7's rekey of a child SA in CREATE_CHILD_SA (NO_PROPOSAL_CHOSEN): PFS most likely differs")
        let text = f.first?.explanation ?? ""
        #expect(!text.contains("Authentication is done in the same CREATE_CHILD_SA"))
        #expect(!text.contains("With no child SA"))
        #expect(text.contains("A refused rekey does not remove the child SA being rekeyed: it keeps carrying traffic until its lifetime expires"))
        #expect(text.contains("The rekey proposed the same transforms (AES-CBC SHA256 Don't use ESN) that 203.0.113.70 accepted for the first child SA in IKE_AUTH; the difference is the KE payload, which IKE_AUTH never carries, so PFS is the likely mismatch"))
        #expect(f.first?.fix.hasPrefix("Configure the same PFS on both ends for this peer: `set pfs groupN`") == true)
        #expect(f.first?.evidence.map(\.line) == [131, 143, 150])
    }

    /// Key commands for an IPv6 peer use IOS's IPv6 syntax (`address ipv6 X/128`).
    @Test func keyFixesForAnIPv6PeerUseIPv6Syntax() throws {
        let example = try #require(NoPSKDiagnoser.description.triggering.first { $0.contains("2001:DB8:1::1") })
        let f = Fixture.analyze(example).findings
        #expect(f.map(\.id) == ["no-psk"])
        #expect(f.first?.fix == "On test add the key for 2001:DB8:1::1: `crypto keyring <name>` + `pre-shared-key address ipv6 2001:DB8:1::1/128 key …` (in the keyring of the front-door VRF the tunnel uses), or globally `crypto isakmp key … address ipv6 2001:DB8:1::1/128`. Verify with `show crypto isakmp key`; the same key must be configured on 2001:DB8:1::1 for this router's address.")
        #expect(Say.keyAddress("192.0.2.1") == "address 192.0.2.1")
        #expect(Say.keyAddress("2001:DB8:1::1") == "address ipv6 2001:DB8:1::1/128")
    }

    /// The front-door VRF a received packet names (`sport 500 INET (N) NEW SA`) is parsed, and
    /// no-psk's fix puts the key in that VRF's keyring, not a global `crypto isakmp key`.
    @Test func noPSKInAFrontDoorVRFNamesItsKeyring() throws {
        let example = try #require(NoPSKDiagnoser.description.triggering.first { $0.contains(" INET (N) ") })
        #expect(Fixture.events(example).first?.kind == .packetReceived(peer: "198.51.100.20", localPort: 500, peerPort: 500, role: "N", label: "NEW SA", vrf: "INET"))
        #expect(Fixture.event("ISAKMP (1011): received packet from 192.168.0.2 dport 500 sport 500 Global (I) MM_NO_STATE").kind
                == .packetReceived(peer: "192.168.0.2", localPort: 500, peerPort: 500, role: "I", label: "MM_NO_STATE", vrf: nil))
        let f = Fixture.analyze(example).findings
        #expect(f.map(\.id) == ["no-psk"])
        #expect(f.first?.fix == "On test add the key for 198.51.100.20 in a keyring of front-door VRF INET: `crypto keyring <name> vrf INET` + `pre-shared-key address 198.51.100.20 key …` (a global `crypto isakmp key`, or a keyring without `vrf INET`, cannot serve a peer reached through VRF INET). Verify with `show crypto isakmp key`; the same key must be configured on 198.51.100.20 for this router's address.")
        #expect(f.first?.explanation.hasSuffix("Here the peer's packets arrive in front-door VRF INET (the packet line names `INET` where it says `Global` for the global table), so only a keyring bound to that VRF can serve 198.51.100.20.") == true)
    }

    @Test func natTraversalBlamesUDP4500OnlyWhenItNeverCarriedAReply() {
        let example = NATTraversalDiagnoser.description.triggering[0]
        #expect(Fixture.analyze(example).findings.first { $0.id == "nat-t" }?.summary.hasSuffix("check UDP 4500") == true)
        let sample = Analysis.diagnose([Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("nat-t-qm-timeout-initiator.log")))])
        let natT = sample.findings.first { $0.id == "nat-t" }
        #expect(natT?.summary.hasSuffix("though UDP 4500 carried phase 1") == true)
        #expect(natT?.evidence.contains { $0.text.contains("received packet from 203.0.113.1 dport 4500") } == true)
        let noReply = sample.findings.first { $0.id == "qm-no-reply" }
        #expect(noReply.map { $0.explanation.contains("not simply blocked") && !$0.explanation.contains("blocks or mis-translates") } == true)
    }

    @Test func refusedQuickModeQuotesDeleteLarvalOnlyWhenLogged() {
        let notify = """
            *Oct 25 20:37:02.884: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 570535495
            *Oct 25 20:37:02.890: ISAKMP: (1001):processing NOTIFY PROPOSAL_NOT_CHOSEN protocol 3
            """
        let larval = "\n*Oct 25 20:37:02.890: ISAKMP-ERROR: (1001):deleting node 570535495 error TRUE reason \"Delete Larval\""
        let without = Fixture.analyze(notify).findings.first { $0.id == "qm-refused-by-peer" }
        #expect(without.map { !$0.explanation.contains("Delete Larval") && $0.explanation.contains("PROPOSAL_NOT_CHOSEN") } == true)
        let with = Fixture.analyze(notify + larval).findings.first { $0.id == "qm-refused-by-peer" }
        #expect(with?.explanation.contains("(`Delete Larval`)") == true)
        // Only the larval delete logged: the summary does not claim the notify.
        let begin = "*Oct 25 20:37:02.884: ISAKMP: (1001):beginning Quick Mode exchange, M-ID of 570535495"
        let alone = Fixture.analyze(begin + larval).findings.first { $0.id == "qm-refused-by-peer" }
        #expect(alone.map { !$0.summary.contains("PROPOSAL_NOT_CHOSEN") && $0.summary.contains("Delete Larval") } == true)
    }
}

extension ExplanationEvidenceTests {
    /// `group 1` is not `group 14`: a strong proposal is not called weak.
    @Test func onlyAWeakProposalIsCalledWeak() throws {
        let weak = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("p1-proposal-mismatch-responder.log")), as: UTF8.self)
        let strong = weak.replacingOccurrences(of: "encryption DES-CBC", with: "encryption AES-CBC")
            .replacingOccurrences(of: "hash MD5", with: "hash SHA256")
            .replacingOccurrences(of: "default group 1\n", with: "default group 14\n")
        let before = try #require(Fixture.analyze(weak).findings.first { $0.id == "p1-proposal-mismatch" })
        #expect(before.fix.contains("uses weak algorithms"))
        let after = try #require(Fixture.analyze(strong).findings.first { $0.id == "p1-proposal-mismatch" })
        #expect(after.fix.contains("group 14, authentication pre-share"))
        #expect(!after.fix.contains("weak"))
    }
}

extension ExplanationEvidenceTests {
    /// NAT found at MM4, MM5 sent (and resent) on UDP 4500 and nothing back on that port: the
    /// 4500 path is named first; without NAT, the two key causes only.
    @Test func mm5UnansweredOverNATTNamesUDP4500First() {
        let plain = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-initiator-keyring-mismatch.log")), as: UTF8.self)
        let nat = plain.replacingOccurrences(of: "No NAT Found for self or peer", with: "NAT found, the node inside NAT")
            .replacingOccurrences(of: "my_port 500 peer_port 500 (I) MM_KEY_EXCH", with: "my_port 4500 peer_port 4500 (I) MM_KEY_EXCH")
        let before = Fixture.analyze(plain).findings.first { $0.id == "mm5-rejected-by-peer" }
        let after = Fixture.analyze(nat).findings.first { $0.id == "mm5-rejected-by-peer" }
        #expect(before.map { !$0.explanation.contains("UDP 4500") } == true)
        #expect(after.map { $0.explanation.contains("MM5 was the first message on UDP 4500") && $0.fix.contains("UDP 4500 passes both ways") } == true)
    }

    /// A log that starts while the initiator retransmits MM5 (the buffer wrapped, or debug was
    /// turned on late) is MM5 unanswered, not "MM1 never answered": with or without the state
    /// line that leaves IKE_I_MM5.
    @Test func aLogStartingAfterMM5IsStillMM5Unanswered() {
        let log = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-initiator-keyring-mismatch.log")), as: UTF8.self)
        let lines = log.split(separator: "\n", omittingEmptySubsequences: false)
        for start in [97, 101, 104] {
            let tail = lines[start...].joined(separator: "\n")
            let ids = Fixture.analyze(tail).findings.map(\.id)
            #expect(ids == ["mm5-rejected-by-peer"], "from line \(start + 1)")
        }
        let cut = lines[101..<118].joined(separator: "\n")  // no state line at all
        #expect(!cut.contains("New State"))
        #expect(Fixture.analyze(cut).findings.map(\.id) == ["mm5-rejected-by-peer"])
    }
}

@Suite struct ByteScanTests {
    /// `SecretMasker.lastBlank` (eight bytes a step) finds the same blank as a byte loop, on
    /// random bytes near a blank's value (0x1F–0x21, 0x08–0x0A, 0x80, 0xA0) at every length.
    @Test func lastBlankMatchesAByteLoop() {
        var rng = SplitMix64(seed: 11)
        let alphabet: [UInt8] = [0x20, 0x09, 0x1F, 0x21, 0x08, 0x0A, 0x00, 0x80, 0xA0, 0x41, 0x01, 0x19]
        for _ in 0..<20_000 {
            let n = Int(rng.next() % 40)
            let bytes = (0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let end = n == 0 ? 0 : Int(rng.next() % UInt64(n + 1))
            let expected = bytes[..<end].lastIndex { $0 == 0x20 || $0 == 0x09 } ?? -1
            let got = bytes.withUnsafeBufferPointer { SecretMasker.lastBlank($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, before: end) }
            #expect(got == expected, "\(bytes) before \(end)")
            if got != expected { return }
        }
    }
}

extension ExplanationEvidenceTests {
    /// IOS prints `His hash no match - this node outside NAT` for one NAT-D hash even without
    /// NAT (then `No NAT Found`): only both hashes missing put the peer behind NAT.
    @Test func mm5NotReceivedBlamesUDP4500OnlyWhenNeitherNATDHashMatched() throws {
        let example = MM5NotReceivedDiagnoser.description.triggering[0]
        let natFinding = try #require(Fixture.analyze(example).findings.first)
        #expect(natFinding.id == "mm5-not-received")
        #expect(natFinding.summary.hasSuffix("UDP 4500 is most likely blocked"))
        #expect(natFinding.evidence.map(\.text).first == "ISAKMP (1003): His hash no match - this node outside NAT")
        // One hash missed, the other matched: no NAT, so the other explanation.
        let oneHashPAT = example.replacingOccurrences(
            of: "ISAKMP (1003): His hash no match - this node outside NAT",
            with: "ISAKMP (1003): No NAT Found for self or peer")
        // (A source port other than 500 is a NAT's sign even so.)
        #expect(Fixture.analyze(oneHashPAT).findings.first?.explanation.contains("sends from UDP port 1024, not 500") == true)
        let oneHash = oneHashPAT.replacingOccurrences(of: "peer_port 1024", with: "peer_port 500")
        #expect(oneHash != example)
        let plain = try #require(Fixture.analyze(oneHash).findings.first)
        #expect(plain.id == "mm5-not-received")
        #expect(plain.summary.hasSuffix("retransmitted MM4") && !plain.explanation.contains("NAT was detected"))
        let one = Fixture.device(Array(oneHash.utf8)).sas[0]
        #expect(!one.natTraversal && !one.peerBehindNAT)
        let two = Fixture.device(Array(example.utf8)).sas[0]
        #expect(two.peerBehindNAT && two.natTraversal)
    }
}

extension ExplanationEvidenceTests {
    /// `clear crypto …` at the prompt accounts only for the SAs it deleted: those that existed
    /// before it and went right after it; a negotiation begun after it, or a delete half a
    /// minute later, fails on its own.
    @Test func anOperatorClearExplainsOnlyTheDeletesItCaused() {
        let example = ClearedByOperatorDiagnoser.description.triggering[0]
        let cleared = Fixture.analyze(example).findings
        #expect(cleared.map(\.id) == ["cleared-by-operator"])
        #expect(cleared.first?.evidence.first?.text == "R1#clear crypto isakmp")
        #expect(Fixture.device(Array(example.utf8)).sas.map(\.phase1) == [.incomplete])
        // Typed abbreviated, from configuration mode.
        let abbreviated = example.replacingOccurrences(of: "R1#clear crypto isakmp", with: "R1(config)#do clea cry sess")
        #expect(Fixture.analyze(abbreviated).findings.map(\.id) == ["cleared-by-operator"])
        // Typed in capitals (IOS reads any case), or over a message that arrived meanwhile (no
        // `logging synchronous`: the typing goes on after the message's text, as `ISAKMP is
        // OFFno shut` in a real capture), at a bare prompt or after the command's start.
        let message = "*Jun 19 10:04:25.900: %LINEPROTO-5-UPDOWN: Line protocol on Interface Loopback9, changed state to up"
        for (typed, expected) in [("R1#CLEAR CRYPTO ISAKMP", "R1#CLEAR CRYPTO ISAKMP"), ("R1#Cle Cry Isa", "R1#Cle Cry Isa"),
                                  ("R1#\n" + message + "clear crypto isakmp", "R1#clear crypto isakmp"),
                                  ("R1#clear cry\n" + message + "pto isakmp", "R1#clear crypto isakmp"),
                                  ("R1#clear crypto\n" + message + "session", "R1#clear crypto session")] {
            let text = example.replacingOccurrences(of: "R1#clear crypto isakmp", with: typed)
            let findings = Fixture.analyze(text).findings
            #expect(findings.map(\.id) == ["cleared-by-operator"], "\(typed)")
            #expect(findings.first?.evidence.first?.text == expected, "\(typed)")
            // (The message keeps its own text.)
            #expect(!typed.contains("UPDOWN") || Fixture.events(text).contains { $0.text.hasSuffix("changed state to up") }, "\(typed)")
        }
        // Other typing over a message is no clear (`clear cry` then `…upshow run`).
        for typed in ["R1#\n" + message + "show crypto isakmp sa", "R1#clear cry\n" + message + "ptic", "R1#\n" + message + "clear counters"] {
            let text = example.replacingOccurrences(of: "R1#clear crypto isakmp", with: typed)
            #expect(Fixture.analyze(text).findings.map(\.id) == ["unexplained-failure"], "\(typed)")
        }
        // Across the end of a 30-day month (Jun 30 → Jul 1), and at New Year without a year in
        // the stamps: the delete two seconds later is still the command's.
        for (before, after) in [("Jun 30", "Jul  1"), ("Feb 28", "Mar  1"), ("Dec 31", "Jan  1")] {
            let midnight = example.replacingOccurrences(of: "Jun 19 10:04:24.828", with: "\(before) 23:59:59.828")
                .replacingOccurrences(of: "Jun 19 10:04:26.112", with: "\(after) 00:00:01.112")
            #expect(Fixture.analyze(midnight).findings.map(\.id) == ["cleared-by-operator"], "\(before) → \(after)")
        }
        // The delete 40 s after the command is not its doing.
        let late = example.replacingOccurrences(of: "10:04:26.112", with: "10:05:06.112")
        #expect(Fixture.analyze(late).findings.map(\.id) == ["unexplained-failure"])
        // An SA that begins after the command and dies is a failure of its own.
        let after = "R1#clear crypto isakmp\n" + example.replacingOccurrences(of: "R1#clear crypto isakmp\n", with: "")
        #expect(Fixture.analyze(after).findings.map(\.id) == ["unexplained-failure"])
        // Only what the command deletes: its peer, its IKE version, its conn-id; not IPsec SAs alone.
        for (command, ids) in [("clear crypto session remote 192.168.0.2", ["cleared-by-operator"]),
                               ("clear crypto session remote 10.9.9.9", ["unexplained-failure"]),
                               ("clear crypto isakmp 1099", ["unexplained-failure"]),
                               ("clear crypto ikev2 sa", ["unexplained-failure"]),
                               ("clear crypto sa", ["unexplained-failure"]),
                               ("clear crypto pki crls", ["unexplained-failure"])] {
            let text = example.replacingOccurrences(of: "clear crypto isakmp", with: command)
            #expect(Fixture.analyze(text).findings.map(\.id) == ids, "\(command)")
        }
        // A failure's delete reason is the failure's, whatever was typed; another router's prompt types nothing here.
        let died = example.replacingOccurrences(of: "\"No reason\"", with: "\"Death by retransmission P1\"")
        #expect(Fixture.analyze(died).findings.map(\.id) == ["peer-unreachable"])
        let elsewhere = "R1#debug crypto isakmp\n" + example.replacingOccurrences(of: "R1#clear", with: "R2#clear")
        #expect(Fixture.analyze(elsewhere).findings.map(\.id) == ["unexplained-failure"])
    }
}

extension ExplanationEvidenceTests {
    /// IKEv2: IKE_SA_INIT answered, IKE_AUTH retransmitted to the maximum: the larger message is
    /// lost; over UDP 4500 (NAT detected), the summary says so first.
    @Test func ikev2AuthNeverAnsweredBlames4500WhenTheExchangeMovedThere() throws {
        func log(_ port: Int) -> String {
            """
            *Nov 12 14:02:11.102: IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:500/From 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : 0000000000000000 Message id: 0
            IKEv2 IKE_SA_INIT Exchange REQUEST
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Nov 12 14:02:11.116: IKEv2:(SESSION ID = 12,SA ID = 1):Received Packet [From 198.51.100.2:500/To 203.0.113.1:500/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: 0
            IKEv2 IKE_SA_INIT Exchange RESPONSE
            Payload contents:
             SA KE N VID VID NOTIFY(NAT_DETECTION_SOURCE_IP) NOTIFY(NAT_DETECTION_DESTINATION_IP)
            *Nov 12 14:02:11.118: IKEv2:(SESSION ID = 12,SA ID = 1):Sending Packet [To 198.51.100.2:\(port)/From 203.0.113.1:\(port)/VRF i0:f0]
            Initiator SPI : 5B2E9C1A7D4F0836 - Responder SPI : C81D24E0A9B36F15 Message id: 1
            IKEv2 IKE_AUTH Exchange REQUEST
            Payload contents:
             ENCR
            *Nov 12 14:02:13.118: IKEv2:(SESSION ID = 12,SA ID = 1):Retransmitting packet
            *Nov 12 14:03:19.118: IKEv2:(SESSION ID = 12,SA ID = 1):Maximum number of retransmissions reached
            *Nov 12 14:03:19.118: IKEv2:(SESSION ID = 12,SA ID = 1):Deleting SA
            """
        }
        let plain = try #require(Fixture.analyze(log(500)).findings.first)
        #expect(plain.id == "peer-unreachable" && plain.summary.hasSuffix("the larger, encrypted message is lost on the way"))
        let nat = try #require(Fixture.analyze(log(4500)).findings.first)
        #expect(nat.id == "peer-unreachable" && nat.summary.contains("sent to UDP 4500 after NAT was detected"))
    }
}

extension ExplanationEvidenceTests {
    /// Invalid SPIs right after the operator cleared this router's SAs are the clear's aftermath.
    @Test func invalidSPIAfterAClearSaysSo() throws {
        let spi = InvalidSPIDiagnoser.description.triggering[0]
        let plain = try #require(Fixture.analyze(spi).findings.first)
        #expect(plain.id == "invalid-spi" && !plain.summary.contains("cleared"))
        let afterClear = try #require(Fixture.analyze("HQ#clear crypto sa\n" + spi).findings.first)
        #expect(afterClear.id == "invalid-spi")
        #expect(afterClear.summary.contains("HQ cleared (`clear crypto sa`, line 1)"))
        #expect(afterClear.evidence.first?.text == "HQ#clear crypto sa")
        // (Another command at the prompt explains nothing.)
        let other = try #require(Fixture.analyze("HQ#clear crypto pki crls\n" + spi).findings.first)
        #expect(!other.summary.contains("cleared"))
    }
}

extension ExplanationEvidenceTests {
    /// `no-profile-match` names the identity the peer sent (an EzVPN group, an address behind NAT)
    /// and matches it in its fix; never the ID payload this router sent itself (an initiator's own
    /// MM5 identity, when the received one was lost from the log).
    @Test func noProfileMatchNamesTheIdentityThePeerSent() throws {
        func finding(_ text: String) throws -> Finding {
            try #require(Fixture.analyze(text).findings.first { $0.id == "no-profile-match" })
        }
        let sample = Fixture.sampleText
        // (The EzVPN server's sample, its client's group matching no profile.)
        let group = try finding(sample("am3-not-received-ezvpn-server").replacingOccurrences(of: "peer matches EZVPN-IKE-PROF profile", with: "peer matches *none* of the profiles"))
        #expect(group.fix.contains("`match identity group EZGROUP`") && group.explanation.hasPrefix("In aggressive mode"))
        let natted = try finding(sample("qm-no-matching-map-responder"))
        #expect(natted.fix.contains("`match identity address 10.30.0.2 255.255.255.255`"))
        // The initiator's received MM6 ID lost: its own MM5 ID (192.0.2.20) is not the peer's.
        let lines = sample("lifetime-mismatch-initiator").split(separator: "\n", omittingEmptySubsequences: false)
        let at = try #require(lines.firstIndex { $0.contains("processing ID payload. message ID = 0") })
        let lost = (lines[..<at] + lines[(at + 8)...]).joined(separator: "\n")
        let own = try finding(lost)
        #expect(!own.summary.contains("192.0.2.20") && own.fix.contains("`match identity address 203.0.113.50 255.255.255.255`"))
        // A user FQDN (type 3) is matched with `match identity user`.
        let user = sample("invalid-local-address-responder").replacingOccurrences(of: "        type         : 1\n        address      : 10.1.1.1", with: "        type         : 3\n        user FQDN    : bob@lab.local")
        #expect(try finding(user).fix.contains("`match identity user bob@lab.local`"))
        // With RSA signatures, a certificate map chooses the profile: its name (a host name ID,
        // type 2) in the map's subject, or the host name matched; not an address to match.
        let signed = sample("invalid-local-address-responder").replacingOccurrences(of: "ISAKMP:      auth pre-share", with: "ISAKMP:      auth RSA sig")
        let byCertificate = try finding(signed.replacingOccurrences(of: "        type         : 1\n        address      : 10.1.1.1", with: "        type         : 2\n        hostname     : spoke1.lab.local"))
        #expect(byCertificate.fix.contains("`match certificate <map>` with a certificate map that matches its certificate (`crypto pki certificate map <map> 10`, `subject-name co spoke1.lab.local`), or `match identity host spoke1.lab.local`, and `ca trust-point`"))
        #expect(byCertificate.explanation.contains("or `match certificate` (the peer authenticates with RSA signatures"))
        #expect(try finding(signed).fix.contains("`subject-name co <its name>`") && !finding(signed).fix.contains("match identity address"))
    }
}

extension ExplanationEvidenceTests {
    static func invalidSPI(from source: String, spi: String = "0x2F6C19A4(795613604)", at time: String = "Jun 19 10:31:40.512") -> String {
        "*\(time): %CRYPTO-4-RECVD_PKT_INV_SPI: decaps: rec'd IPSEC packet has invalid spi for destaddr=192.168.0.1, prot=50, spi=\(spi), srcaddr=\(source), input interface=Ethernet0/0\n"
    }

    /// This router gives each inbound SA its own SPI: one SPI from several hosts that never ran
    /// IKE with it is a scan (one note, no invalid-spi-recovery toward them); different SPIs
    /// from unknown hosts, or a peer that did negotiate, stay stale-SA warnings.
    @Test func invalidSPIFromScannersIsOneNote() throws {
        let scan = "0x77B40000(2008285184)"
        let log = Fixture.sampleText("r1-initiator-success") + Self.invalidSPI(from: "125.240.132.86", spi: scan)
            + Self.invalidSPI(from: "111.253.25.1", spi: scan) + Self.invalidSPI(from: "192.168.0.2", spi: scan)
        let findings = Fixture.analyze(log).findings.filter { $0.id == "invalid-spi" }
        #expect(findings.map(\.peer) == ["192.168.0.2", nil])
        let note = try #require(findings.last)
        #expect(note.severity == .info && note.summary.hasPrefix("2 hosts that never negotiated with R1 send ESP with the same SPI (0x77B40000)"))
        #expect(note.fix.hasPrefix("Nothing to fix in the VPN: do not enable `crypto isakmp invalid-spi-recovery`"))
        // (Each its own SPI: nothing says they are not peers whose SAs this router lost.)
        let distinct = Fixture.analyze(Self.invalidSPI(from: "125.240.132.86", spi: scan) + Self.invalidSPI(from: "111.253.25.1")).findings
        #expect(distinct.map(\.peer) == ["125.240.132.86", "111.253.25.1"] && distinct.allSatisfy { $0.severity == .warning })
    }

    /// The fix follows the IKE SA with the peer: up at the time (IOS notifies over it, so
    /// invalid-spi-recovery changes nothing), IKEv2 (no isakmp commands), or none (IKEv1 recovery).
    @Test func invalidSPIFixFollowsTheIKESAWithThePeer() throws {
        func fix(_ sample: String, _ source: String, at time: String = "Jun 19 12:31:40.512") throws -> String {
            try #require(Fixture.analyze(Fixture.sampleText(sample) + Self.invalidSPI(from: source, at: time)).findings.first { $0.id == "invalid-spi" }).fix
        }
        let v1Up = try fix("r1-initiator-success", "192.168.0.2")
        #expect(v1Up.hasPrefix("Compare `show crypto ipsec sa peer 192.168.0.2` on both ends") && v1Up.contains("`clear crypto session remote 192.168.0.2` on R1"))
        #expect(v1Up.contains("`crypto isakmp invalid-spi-recovery` changes nothing here"))
        let v2Up = try fix("ikev2-success-initiator", "198.51.100.2", at: "Nov 12 14:40:03.512")
        #expect(v2Up.hasPrefix("Compare `show crypto ipsec sa peer 198.51.100.2`") && !v2Up.contains("isakmp"))
        let v2Down = try fix("ikev2-peer-unreachable-initiator", "198.51.100.2", at: "Nov 12 14:40:03.512")
        #expect(v2Down.hasPrefix("Enable dead peer detection on both ends (`dpd 10 3 periodic` in the IKEv2 profile; IKEv2 has no `invalid-spi-recovery`"))
        #expect(!v2Down.contains("crypto isakmp"))
        let v1Down = try fix("r1-responder-keyring-mismatch", "192.168.0.2")
        #expect(v1Down.hasPrefix("On R1 enable `crypto isakmp invalid-spi-recovery`"))
    }

    /// IKEv2 fixes name IKEv2 commands and the key pair that failed in its direction.
    @Test func ikev2FixesNameIKEv2CommandsAndTheFailedKeyPair() throws {
        let dead = try #require(Fixture.analyze(PeerDeadDiagnoser.description.triggering[1]).findings.first)
        #expect(dead.id == "peer-dead" && dead.fix.contains("(`crypto ikev2 nat keepalive 20`)") && !dead.fix.contains("isakmp"))
        // The initiator told AUTHENTICATION_FAILED: its signing key against the peer's verifying key.
        let lines = Fixture.sampleText("ikev2-success-initiator").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.contains("IDr AUTH SA TSi TSr") })
        let refused = lines[..<cut].joined(separator: "\n") + "\n NOTIFY(AUTHENTICATION_FAILED) \n"
        let told = try #require(Fixture.analyze(refused).findings.first)
        #expect(told.id == "ikev2-auth-failed")
        #expect(told.fix.contains("the key HQ signs with (its `pre-shared-key local`, or the entry's only key) must equal the key 198.51.100.2 verifies HQ with"))
        let verified = try #require(Fixture.analyze(Fixture.sampleText("ikev2-auth-failed-responder")).findings.first)
        #expect(verified.fix.contains("the key HQ verifies 198.51.100.2 with (its `pre-shared-key remote`"))
    }
}

extension ExplanationEvidenceTests {
    /// `tunnel-down` speaks of a tunnel the log has no debug for: down for good is a warning, down
    /// and up again a note; in a flood (messages counted, not kept) its count is a lower bound.
    /// A peer whose exchange the log holds is its SA's story.
    @Test func tunnelDownWithoutDebugSaysWhenNotWhy() throws {
        func status(_ i: Int, _ up: Bool, peer: String = "192.168.0.2") -> String {
            "Nov 29 06:\(10 + i):56 10.0.0.1 \(1234 + i): Nov 29 06:\(10 + i):55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is \(up ? "UP  ." : "DOWN.") Peer \(peer):500       Id: \(peer)\n"
        }
        let back = try #require(Fixture.analyze(status(0, true) + status(1, false) + status(2, true)).findings.first)
        #expect(back.id == "tunnel-down" && back.severity == .info && back.peer == "192.168.0.2")
        #expect(back.summary == "The tunnel to 192.168.0.2 went down once and came back up; the log has no IKE debug for it to tell why")
        let flood = try #require(Fixture.analyze((0..<20).map { status($0 % 40, $0 % 2 == 0) }.joined()).findings.first)
        #expect(flood.severity == .warning && flood.summary.hasPrefix("The tunnel to 192.168.0.2 went down at least 4 times;"))
        // (The IKE SA with 192.168.0.2 is in the log: its own diagnoses tell.)
        let withDebug = Fixture.sampleText("r1-initiator-success") + "*Jun 19 10:31:40.512: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 192.168.0.2:500       Id: 192.168.0.2\n"
        #expect(!Fixture.analyze(withDebug).findings.contains { $0.id == "tunnel-down" })
    }
}

extension ExplanationEvidenceTests {
    /// IKEv2: the profile found, its keyring without the peer. The generic database error answers
    /// the key lookup, not the profile search: `ikev2-no-psk` with a keyring fix (it was
    /// `ikev2-profile-not-found`, "found none", with a `match identity` fix). Any wording of the
    /// lookup's failure says the same; an FQDN identity is added as `identity fqdn`.
    @Test func ikev2KeyringWithoutThePeerIsNoPSKNotProfileNotFound() throws {
        let log = Fixture.sampleText("ikev2-no-psk-responder")
        let f = Fixture.analyze(log).findings
        #expect(f.map(\.id) == ["ikev2-no-psk"])
        let missing = try #require(f.first)
        #expect(missing.summary == "IKEv2 profile PROF on HQ matched 198.51.100.9, but its keyring KR has no peer entry for 198.51.100.9 (no pre-shared key)")
        #expect(missing.fix.hasPrefix("On HQ, add a peer entry for 198.51.100.9 to keyring KR: `crypto ikev2 keyring KR` → `peer <name>` → `address 198.51.100.9` → `pre-shared-key <key>`"))
        #expect(!missing.fix.contains("match identity") && missing.evidence.map(\.line) == [48, 49, 50, 57, 58])
        // Another error line after the lookup: the same finding, quoting it.
        let worded = Fixture.analyze(log.replacingOccurrences(of: "Failed to locate an item in the database", with: "Failed to get the peer's preshared key")).findings
        #expect(worded.map(\.id) == ["ikev2-no-psk"])
        #expect(worded.first?.explanation.contains("`Get peer's preshared key for 198.51.100.9` is answered by `Failed to get the peer's preshared key`") == true)
        // An FQDN identity: the keyring entry takes it by `identity fqdn`.
        let fqdn = log.replacingOccurrences(of: "peer's identity '198.51.100.9' of type 'IPv4 address'", with: "peer's identity 'br9.example.net' of type 'FQDN'")
            .replacingOccurrences(of: "Get peer's preshared key for 198.51.100.9", with: "Get peer's preshared key for br9.example.net")
        let byName = try #require(Fixture.analyze(fqdn).findings.first)
        #expect(byName.id == "ikev2-no-psk" && byName.fix.contains("`identity fqdn br9.example.net` (or `address 198.51.100.9`)"))
        // The key found (`Use preshared key for id …`) and refused: a key mismatch, as before.
        #expect(Fixture.analyze(Fixture.sampleText("ikev2-auth-failed-responder")).findings.map(\.id) == ["ikev2-auth-failed"])
    }
}

extension ExplanationEvidenceTests {
    /// `IKMP_AUTH_FAIL` with method 65001 (XAUTHInitPreShared) and an aggressive-mode
    /// `IKMP_MODE_FAILURE`: one finding, about the Easy VPN group's key in aggressive mode (it was
    /// "the last main-mode message" and a key for the client's address, plus a second,
    /// `unexplained-failure`, finding for the mode's end). With the debug, the accepted proposal
    /// is not called a proposal mismatch either.
    @Test func xauthPreSharedAuthFailureIsTheGroupKeyInAggressiveMode() throws {
        let alone = Fixture.analyze("""
            Mar  3 09:12:40 203.0.113.10 5521: EZSERVER: *Mar  3 09:12:40.231: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 65001 failed with host 198.51.100.77
            Mar  3 09:12:40 203.0.113.10 5522: EZSERVER: *Mar  3 09:12:40.231: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Aggressive mode failed with peer at 198.51.100.77

            """).findings
        #expect(alone.map(\.id) == ["ike-auth-failed"])
        let f = try #require(alone.first)
        #expect(f.summary == "EZSERVER could not authenticate 198.51.100.77 in aggressive mode (the client's group key differs)")
        #expect(f.explanation.hasPrefix("EZSERVER could not verify 198.51.100.77's aggressive-mode hash (in AM3, the client's last message)"))
        #expect(!f.explanation.contains("main-mode") && !f.fix.contains("show crypto isakmp key"))
        #expect(f.fix.contains("`crypto isakmp client configuration group NAME` → `key …`") && f.fix.contains("`match identity group NAME`"))
        #expect(f.evidence.map(\.line) == [1, 2])
        let retried = Fixture.analyze(Fixture.sampleText("syslog-auth-fail-ezvpn-group-server")).findings
        #expect(retried.map(\.id) == ["ike-auth-failed"] && retried.first?.explanation.contains(" 3 times as the exchange was retried, then `IKMP_MODE_FAILURE`") == true)
        // Method 1 in main mode: the address's key, the mode's end folded in all the same.
        let main = Fixture.analyze("""
            *Mar  3 09:20:11.664: %CRYPTO-6-IKMP_AUTH_FAIL: Authentication method 1 failed with host 192.0.2.50
            *Mar  3 09:20:11.664: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Main mode failed with peer at 192.0.2.50

            """).findings
        #expect(main.map(\.id) == ["ike-auth-failed"])
        #expect(main.first?.explanation.contains("the last main-mode message") == true && main.first?.evidence.map(\.line) == [1, 2])
        // The server's debug: AM2 sent, AM3's hash refused.
        let debug = try #require(IKEAuthFailedDiagnoser.description.triggering.first { $0.contains("AG_INIT_EXCH") })
        let withDebug = Fixture.analyze(debug).findings
        #expect(withDebug.map(\.id) == ["ike-auth-failed"])
        #expect(withDebug.first?.explanation.hasPrefix("test could not verify 198.51.100.77's aggressive-mode hash (in AM3, the client's last message)") == true, "\(withDebug.first?.explanation ?? "")")
    }
}

extension ExplanationEvidenceTests {
    /// An aggressive-mode initiator with no answer: AM1 (`AG_INIT_EXCH`) unanswered, with aggressive
    /// mode's silent refusals and main mode as the way between static addresses (it was "MM1
    /// (`MM_NO_STATE`) retransmitted", the lines it quoted saying AG_INIT_EXCH).
    @Test func aggressiveModeInitiatorWithNoAnswerIsAM1Unanswered() throws {
        let f = try #require(Fixture.analyze(Fixture.sampleText("peer-unreachable-aggressive-initiator")).findings.first)
        #expect(f.id == "peer-unreachable")
        #expect(f.summary == "203.0.113.99 never answered BR1's aggressive-mode AM1 (`AG_INIT_EXCH` retransmitted until the SA died)")
        #expect(!f.summary.contains("MM1") && !f.explanation.contains("MM_NO_STATE"))
        for cause in ["`crypto isakmp aggressive-mode disable` on IOS", "`crypto ikev1 am-disable` on an ASA",
                      "`crypto isakmp key KEY hostname br1.example.net`", "`match identity host br1.example.net`"] {
            #expect(f.explanation.contains(cause), "\(cause)")
        }
        #expect(f.fix.contains("If both ends have static addresses, main mode needs none of this: remove `initiate mode aggressive` from ISAKMP profile AM-PROF"))
        #expect(f.evidence.map(\.line) == [32, 33, 38, 39, 76])
        // Main mode keeps its words.
        let mm = try #require(Fixture.analyze(Fixture.sampleText("peer-unreachable-initiator")).findings.first)
        #expect(mm.summary.contains("(MM1 retransmitted until the SA died)"))
    }
}
