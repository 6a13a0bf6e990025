import Foundation
import Testing
@testable import IKELens

/// `SampleLogs/<scenario>.log` beside `<scenario>.expected.txt` and
/// `.expected.json`: the whole report must match byte for byte. Run with
/// `IKELENS_RECORD=1 swift test` to re-record; a recording run fails on
/// purpose so that it cannot pass silently.
@Suite struct GoldenReportTests {
    static let recording = ProcessInfo.processInfo.environment["IKELENS_RECORD"] == "1"

    static func reports(_ name: String) -> (text: String, json: String) {
        let relative = "SampleLogs/\(name).log"
        let device = Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), file: relative)
        let analysis = Analysis.diagnose([device])
        return (TextReport(color: false).render(analysis), JSONReport.render(analysis))
    }

    @Test(arguments: Fixture.sampleNames())
    func reportMatchesGoldenFiles(_ name: String) throws {
        let (text, json) = Self.reports(name)
        try Self.compare(text, with: Fixture.sampleLogs.appendingPathComponent("\(name).expected.txt"))
        try Self.compare(json, with: Fixture.sampleLogs.appendingPathComponent("\(name).expected.json"))
    }

    /// Compares a report with its golden file, or re-records it (failing on purpose).
    static func compare(_ actual: String, with url: URL) throws {
        let name = url.pathComponents.suffix(2).joined(separator: "/")
        if recording {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("re-recorded \(name); run again without IKELENS_RECORD")
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs from the report; review and re-record with IKELENS_RECORD=1")
    }

    @Test func everySampleLogHasGoldenFiles() {
        #expect(Fixture.sampleNames().count >= 31)
        for name in Fixture.sampleNames() {
            for ext in ["expected.txt", "expected.json"] {
                let path = Fixture.sampleLogs.appendingPathComponent("\(name).\(ext)").path
                #expect(FileManager.default.fileExists(atPath: path), "missing \(name).\(ext)")
            }
        }
    }
}

/// What each sample log is written to show (`SampleLogs/README.md`): its
/// findings, independent of the golden files (which could be re-recorded wrong).
@Suite struct SampleDiagnosisTests {
    static let expected: [String: [String]] = [
        "am3-not-received-ezvpn-server": ["mm5-not-received"],
        "anti-replay-hub": ["anti-replay"],
        "cleared-by-operator-initiator": ["cleared-by-operator"],
        "csdl-weak-algorithms": ["weak-algorithms"],
        "dmvpn-spoke-to-spoke-no-psk-initiator": ["no-psk"],
        "esp-integrity-after-rekey-xe": ["esp-integrity-failed"],
        "getvpn-ks-unauthorized-gm": ["gdoi-unauthorized-identity"],
        "getvpn-timebased-replay-gm": ["anti-replay"],
        "identity-not-allowed-headend": ["identity-not-allowed"],
        "ike-auth-failed-cert-expired-responder": ["ike-auth-failed"],
        "ike-auth-failed-rsa-sig-responder": ["ike-auth-failed"],
        "ikev2-auth-failed-responder": ["ikev2-auth-failed"],
        "invalid-local-address-responder": ["invalid-local-address", "no-profile-match"],
        "ikev2-cert-chain-failed-responder": ["ikev2-cert-failed"],
        "ikev2-child-no-proposal-chosen-initiator": ["ikev2-no-proposal-chosen"],
        "ikev2-init-no-proposal-chosen-initiator": ["ikev2-no-proposal-chosen","ikev2-no-proposal-chosen"],
        "ikev2-peer-unreachable-initiator": ["peer-unreachable"],
        "ikev2-profile-not-found-responder": ["ikev2-profile-not-found"],
        "ikev2-no-psk-responder": ["ikev2-no-psk"],
        "ikev2-success-initiator": [],
        "ikev2-invalid-ke-retry-responder": [],
        "ikev2-child-rekey-pfs-initiator": ["ikev2-no-proposal-chosen"],
        "ipsec-only-success": [],
        "invalid-spi-and-no-sa": ["invalid-spi","ikmp-no-sa","not-ipsec"],
        "invalid-spi-scan-and-stale-r1": ["invalid-spi","invalid-spi"],
        "tunnel-down-syslog-only": ["tunnel-down","tunnel-down"],
        "lifetime-mismatch-initiator": ["lifetime-mismatch","no-profile-match"],
        "messages-lost-initiator": ["messages-lost"],
        "mm5-not-received-natt-responder": ["mm5-not-received"],
        "nat-t-qm-timeout-initiator": ["qm-no-reply","nat-t","no-profile-match"],
        "no-psk-initiator": ["no-psk","no-psk"],
        "no-psk-responder": ["no-psk","no-psk"],
        "p1-proposal-mismatch-responder": ["p1-proposal-mismatch"],
        "p1-proposal-second-policy-accepted": ["no-profile-match"],
        "p1-proposal-refused-initiator": ["p1-proposal-mismatch"],
        "peer-dead-initiator": ["peer-dead"],
        "peer-dead-then-up-initiator": ["peer-dead"],
        "ikev2-dpd-dead-then-up-initiator": ["peer-dead"],
        "ikev2-rekey-unanswered-recovered": ["peer-dead"],
        "peer-replies-lost-responder": ["peer-unreachable"],
        "peer-unreachable-initiator": ["peer-unreachable"],
        "peer-unreachable-aggressive-initiator": ["peer-unreachable"],
        "peer-unreachable-then-up-initiator": ["peer-unreachable"],
        "pfs-mismatch-responder": ["pfs-mismatch","no-profile-match"],
        "proxy-id-mismatch-responder": ["proxy-id-mismatch","no-profile-match"],
        "qm-invalid-id-info-initiator": ["qm-refused-by-peer"],
        "qm-deleted-by-peer-initiator": ["qm-refused-by-peer"],
        "qm-no-matching-map-responder": ["qm-no-matching-map","no-profile-match"],
        "rekey-storm-volume-lifetime-initiator": ["rekey-storm"],
        "r1-initiator-qm-error32": ["qm-refused-by-peer"],
        "r1-initiator-success-wrapped": [],
        "r1-initiator-success": [],
        "r1-responder-detail-keyring-mismatch": ["keyring-mismatch"],
        "r1-responder-keyring-mismatch": ["keyring-mismatch"],
        "r1-responder-psk-mismatch": ["psk-mismatch"],
        "r2-initiator-keyring-mismatch": ["mm5-rejected-by-peer"],
        "mm5-rejected-rsa-sig-initiator": ["mm5-rejected-by-peer"],
        "r2-initiator-psk-mismatch": ["mm5-rejected-by-peer"],
        "r2-responder-qm-error32": ["qm-profile-mismatch"],
        "r2-responder-success": [],
        "syslog-sa-not-auth-not-offered": ["sa-not-authenticated", "attribute-not-offered"],
        "syslog-ikmp-not-encrypted": ["ikmp-not-encrypted"],
        "syslog-auth-fail-ezvpn-group-server": ["ike-auth-failed"],
        "transform-set-mismatch-responder": ["transform-set-mismatch","no-profile-match"],
        "transform-set-mismatch-isakmp-only-responder": ["transform-set-mismatch","no-profile-match"],
        "qm-second-proposal-accepted-responder": ["no-profile-match"],
        "unexplained-failure-responder": ["unexplained-failure"],
        "xauth-no-reply-server": ["xauth-failed"],
        "xauth-rejected-server": ["xauth-failed"],
    ]

    @Test(arguments: expected.keys.sorted())
    func sampleYieldsTheDiagnosisItWasWrittenFor(_ name: String) {
        let url = Fixture.sampleLogs.appendingPathComponent("\(name).log")
        let analysis = Analysis.diagnose([Fixture.device(Fixture.bytes(url), file: name)])
        #expect(analysis.findings.map(\.id) == Self.expected[name])
    }

    /// With RSA signatures, an unanswered MM5 is blamed on the certificate or MM5's fragments,
    /// never on a pre-shared key; the same log with `auth pre-share` names the keys.
    @Test func anUnansweredMM5WithCertificatesNamesNoKey() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("mm5-rejected-rsa-sig-initiator.log")), as: UTF8.self)
        let rsa = try #require(Fixture.analyze(text).findings.first)
        #expect(rsa.summary == "192.168.0.1 did not answer R2's MM5: the certificate was rejected or MM5's fragments were lost")
        #expect(!rsa.explanation.contains("pre-shared keys differ"))
        #expect(rsa.fix.contains("crypto isakmp fragmentation"))
        let psk = try #require(Fixture.analyze(text.replacingOccurrences(of: "auth RSA sig", with: "auth pre-share")).findings.first)
        #expect(psk.summary == "192.168.0.1 did not answer R2's MM5: the responder rejected its identity or key")
    }

    /// The peer refusing this router's MM1 with a notify IOS rejects (`Notify has no hash`): said
    /// from the initiator's side, with the notify lines as evidence.
    @Test func anMM1RefusedByThePeerIsWordedForTheInitiator() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("p1-proposal-refused-initiator.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.summary == "192.168.0.1 refused R2's phase 1 proposal: MM1 was answered with a notify, not MM2")
        #expect(!f.explanation.contains("proposed phase 1 to R2"))
        #expect(f.evidence.map(\.text).contains("ISAKMP:(0):Notify has no hash. Rejected."))
        // The same without the syslog line: the debug lines alone tell it.
        let debugOnly = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("%CRYPTO-6-IKMP_MODE_FAILURE") }.joined(separator: "\n")
        #expect(Fixture.analyze(debugOnly).findings.map(\.id) == ["p1-proposal-mismatch"])
    }

    /// `Processing of Informational mode failed` alone is quoted as it was logged, not as main mode.
    @Test func aLoneInformationalModeFailureIsQuotedAsLogged() throws {
        let f = try #require(Fixture.analyze("Jun 19 10:04:24.849: %CRYPTO-6-IKMP_MODE_FAILURE: Processing of Informational mode failed with peer at 192.168.0.2\n").findings.first)
        #expect(f.explanation.contains("`Processing of Informational mode failed with peer at 192.168.0.2`"))
        #expect(!f.explanation.contains("Main mode"))
        #expect(f.summary.hasPrefix("An informational exchange with 192.168.0.2 failed"))
    }

    /// `RECVD_PKT_INV_IDENTITY_ACL`'s `src_addr=` is a decrypted packet's inner source: no IKE peer.
    @Test func anIdentityNotAllowedNamesNoPeer() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("identity-not-allowed-headend.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.peer == nil)
        #expect(f.explanation.contains("10.20.7.14 → 10.1.10.25 TCP"))
    }

    /// Error 256 without `debug crypto ipsec` lines cannot tell the transform set from PFS or the
    /// mode: the transform set is named first, hedged, never a confident PFS answer; the same
    /// exchange with the IPsec debug showing the map accepted is PFS.
    @Test func anError256WithoutIPsecDebugIsNotCalledPFS() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("transform-set-mismatch-isakmp-only-responder.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.id == "transform-set-mismatch")
        #expect(f.summary.contains("most likely no transform set on Hub matches `esp-aes 256 esp-sha512-hmac"))
        #expect(f.summary.hasSuffix("else PFS or the mode differs"))
        #expect(f.explanation.contains("no `debug crypto ipsec` lines to tell which"))
        #expect(f.fix.contains("crypto ipsec transform-set <name> esp-aes 256 esp-sha512-hmac`"))
        #expect(f.fix.contains("run `debug crypto ipsec`"))
        let pfs = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("pfs-mismatch-responder.log")), as: UTF8.self)
        #expect(Fixture.analyze(pfs).findings.first?.id == "pfs-mismatch")
    }

    /// The peer's first quick-mode proposal refused (error 256), its second accepted and the
    /// exchange complete: no refusal to report.
    @Test func aRefusedProposalFollowedByAnAcceptedOneIsNoError() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("qm-second-proposal-accepted-responder.log")), as: UTF8.self)
        let a = Fixture.analyze(text)
        #expect(a.findings.map(\.id) == ["no-profile-match"])
        #expect(a.devices[0].sas.first?.quickModes.map(\.result) == [.complete])
    }

    /// The peer answering QM1 with a DELETE of the IKE SA, no notify (as an ASA refuses): a quick
    /// mode refused by the peer, with the QM1 sent and the delete as evidence; the same SA deleted
    /// after its quick mode completed is no refusal.
    @Test func aQuickModeAnsweredWithADeleteIsRefusedByThePeer() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("qm-deleted-by-peer-initiator.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.id == "qm-refused-by-peer")
        #expect(f.severity == .error)
        #expect(f.summary == "192.168.0.2 refused R1's quick-mode proposal by deleting the IKE SA (no notify)")
        #expect(f.evidence.map(\.line) == [130, 132, 142, 145])
        #expect(f.fix.contains("crypto ACL must mirror R1's"))
        #expect(f.fix.contains("set pfs"))
        let success = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let later = success.replacingOccurrences(of: "\n.!!!!", with: "\n" + lines[138..<159].joined(separator: "\n").replacingOccurrences(of: "10:04:24.85", with: "10:34:24.85") + "\n.!!!!")
        #expect(Fixture.analyze(later).findings.map(\.id) == [])
    }

    /// `IKMP_NOT_ENCRYPTED` alone is a warning for its peer (stale IKE state, DPD and a clear as
    /// the fix); with the peer's exchange in the log it joins that SA.
    @Test func anUnencryptedIKEPacketIsStaleState() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("syslog-ikmp-not-encrypted.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.id == "ikmp-not-encrypted" && f.severity == .warning && f.peer == "192.168.0.2")
        #expect(f.summary.hasPrefix("192.168.0.2 sends IKE packets in clear text where R1 expects them encrypted (3 times)"))
        #expect(f.fix.contains("crypto isakmp keepalive"))
        #expect(f.fix.contains("clear crypto session remote 192.168.0.2"))
        let success = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log")), as: UTF8.self)
        let joined = Fixture.analyze(success.replacingOccurrences(of: "\n.!!!!", with: "\n*Jun 19 10:09:24.900: %CRYPTO-6-IKMP_NOT_ENCRYPTED: IKE packet from 192.168.0.2 was not encrypted and it should've been.\n.!!!!"))
        #expect(joined.findings.map { "\($0.id) \($0.saNumber ?? 0)" } == ["ikmp-not-encrypted 1"])
        // Inside the peer's SA, the one peer is the subject of both router-message diagnoses.
        let notAuth = Fixture.analyze(success.replacingOccurrences(of: "\n.!!!!", with: "\n*Jun 19 10:09:24.900: %CRYPTO-6-IKMP_SA_NOT_AUTH: Cannot accept Quick Mode exchange from 192.168.0.2 if SA is not authenticated!\n.!!!!"))
        #expect(notAuth.findings.map { "\($0.id) \($0.saNumber ?? 0)" } == ["sa-not-authenticated 1"])
        #expect(notAuth.findings.first?.summary.hasPrefix("192.168.0.2 starts quick mode on an IKE SA R1 never authenticated") == true)
        #expect(joined.findings.first?.summary.hasPrefix("192.168.0.2 sends IKE packets in clear text") == true)
    }

    /// A failed attempt followed by a later SA to the same peer that came up: the finding stays,
    /// says so, and is a warning; the same log without the later SA keeps its error.
    @Test func aFailureFollowedByALaterTunnelUpIsAWarningThatSaysSo() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-unreachable-then-up-initiator.log")), as: UTF8.self)
        let a = Fixture.analyze(text)
        let f = try #require(a.findings.first)
        #expect(a.findings.count == 1)
        #expect(f.id == "peer-unreachable" && f.saNumber == 1)
        #expect(f.severity == .warning)
        #expect(f.summary.hasSuffix("; recovered: SA #2 to 192.168.0.2 came up at 10:04:24.849"))
        #expect(f.explanation.contains("a later SA (#2) to 192.168.0.2 came up at 10:04:24.849"))
        #expect(a.errorCount == 0)
        #expect(a.devices[0].sas[0].findings.first?.severity == .warning)
        #expect(a.devices[0].findings.first?.severity == .warning)
        // Cut before the second attempt: the error stands, untold.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let cut = try #require(lines.firstIndex { $0.contains("10:04:24.826") })
        let alone = try #require(Fixture.analyze(lines[..<cut].joined(separator: "\n")).findings.first)
        #expect(alone.severity == .error)
        #expect(!alone.summary.contains("recovered"))
        // A keyring mismatch as responder, then this router's own attempt (as initiator) to the
        // same peer comes up: no recovery, the peer's attempts still fail.
        let mismatch = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log")), as: UTF8.self)
        let success = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-initiator-success.log")), as: UTF8.self)
        let both = Fixture.analyze(mismatch + "\n" + success)
        #expect(both.devices.flatMap(\.sas).map { "\($0.role.map { "\($0)" } ?? "-") \($0.phase1)" } == ["responder failed", "initiator complete"])
        let kept = try #require(both.findings.first)
        #expect(both.findings.count == 1 && kept.id == "keyring-mismatch" && kept.severity == .error)
        #expect(!kept.summary.contains("recovered"))
        // A quick mode refused for one pair of proxies, then another crypto map entry's tunnel to
        // the same peer (the GRE proxies) comes up: the refused proxies never did, no recovery.
        let proxy = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("proxy-id-mismatch-responder.log")), as: UTF8.self)
        let gre = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-responder-success.log")), as: UTF8.self)
            .replacingOccurrences(of: "192.168.0.1", with: "192.0.2.1").replacingOccurrences(of: "Jun 19 10:", with: "Nov 13 17:")
        let other = Fixture.analyze(proxy + "\n" + gre)
        #expect(other.devices.flatMap(\.sas).map { "\($0.peer ?? "-") \($0.quickModes.map { "\($0.result)" })" }
                == ["192.0.2.1 [\"rejected\"]", "192.0.2.1 [\"complete\"]"])
        let refused = try #require(other.findings.first { $0.id == "proxy-id-mismatch" })
        #expect(refused.severity == .error && !refused.summary.contains("recovered"))
    }

    /// A tunnel declared dead by DPD (IKEv1) or by an unanswered liveness check (IKEv2), then up
    /// again with a later SA to the same peer: `peer-dead` is a warning that says which SA came up
    /// and when, as the other failures that did not last are (it stayed an error).
    @Test func aDeadPeerWhoseTunnelCameBackIsAWarningThatSaysSo() throws {
        let v1 = Fixture.analyze(String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-dead-then-up-initiator.log")), as: UTF8.self))
        #expect(v1.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["peer-dead 1 warning"])
        #expect(v1.findings.first?.summary.hasSuffix("deleted the tunnel; recovered: SA #2 to 192.168.0.2 came up at 10:10:41.849") == true)
        #expect(v1.findings.first?.explanation.contains("a later SA (#2) to 192.168.0.2 came up at 10:10:41.849, its quick mode complete") == true)
        #expect(v1.errorCount == 0)
        let v2 = Fixture.analyze(String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("ikev2-dpd-dead-then-up-initiator.log")), as: UTF8.self))
        #expect(v2.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["peer-dead 1 warning"])
        #expect(v2.findings.first?.summary.hasSuffix("; recovered: SA #2 to 198.51.100.2 came up at 14:06:02.127") == true)
        #expect(v2.findings.first?.explanation.contains("came up at 14:06:02.127, its child SA created") == true)
        // The dead tunnel alone: the error stands.
        let alone = Fixture.analyze(String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-dead-initiator.log")), as: UTF8.self))
        #expect(alone.findings.map { "\($0.id) \($0.severity)" } == ["peer-dead error"])
        // Back only after it went down (an SA up before, a phase 1 rekey's, is no recovery), and
        // for the proxies it carried.
        var dead = SecurityAssociation(number: 1, device: "R1", file: "r1.log", firstLine: 10)
        dead.peer = "192.168.0.2"; dead.role = .initiator; dead.phase1 = .complete; dead.lastLine = 300
        var q = QuickMode(messageID: 1, firstLine: 20, lastLine: 30)
        q.result = .complete; q.localProxy = "192.168.0.1/255.255.255.255/47/0"; q.remoteProxy = "192.168.0.2/255.255.255.255/47/0"
        dead.quickModes = [q]
        let failed = Recovery.Failed(dead)
        func up(_ line: Int, _ remote: String = "192.168.0.2/255.255.255.255/47/0") -> Recovery.Up {
            Recovery.Up(line: line, number: 2, stamp: nil, role: .initiator, localProxy: "192.168.0.1/255.255.255.255/47/0", remoteProxy: remote)
        }
        #expect([up(200), up(400), up(400, "10.2.0.0/255.255.0.0/0/0")].map { Recovery.recovers($0, failed) } == [false, true, false])
    }

    /// A dead peer's tunnel back with no debug of the new exchange, only the router's syslog
    /// `Crypto tunnel is UP` (IKEv2: `Crypto tunnel v2 is UP`) for that peer after it went down:
    /// `peer-dead` is a warning that says so, as when a later SA's debug shows it up (it stayed an
    /// error). An UP for another peer, or a failed negotiation (not a tunnel that went down), is no
    /// recovery: the message names neither a role nor proxies.
    @Test func aDeadPeerLoggedUpAgainIsAWarningThatSaysSo() throws {
        let v1 = Fixture.sampleText("peer-dead-initiator") + """
            *Jun 19 10:12:07.514: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 192.168.0.2:500       Id: 192.168.0.2
            *Jun 19 10:12:07.518: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel1, changed state to up

            """
        let a = Fixture.analyze(v1)
        #expect(a.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["peer-dead 1 warning"])
        #expect(a.findings.first?.summary.hasSuffix("deleted the tunnel; recovered: tunnel to 192.168.0.2 logged up at 10:12:07.514") == true)
        #expect(a.findings.first?.explanation.contains("the router logged the tunnel to 192.168.0.2 up again at 10:12:07.514 (`%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP`, line 284;") == true)
        #expect(a.errorCount == 0)
        let dead = Fixture.sampleText("ikev2-dpd-dead-then-up-initiator").split(separator: "\n", omittingEmptySubsequences: false)
        let cut = try #require(dead.firstIndex { $0.contains("*Nov 12 14:06:02.101") })
        let v2 = dead[..<cut].joined(separator: "\n") + """

            *Nov 12 14:06:02.129: %CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is UP.  Peer 198.51.100.2:500 Id: 198.51.100.2
            *Nov 12 14:06:02.130: %LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel12, changed state to up
            """
        let b = Fixture.analyze(v2)
        #expect(b.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["peer-dead 1 warning"])
        #expect(b.findings.first?.summary.hasSuffix("; recovered: tunnel to 198.51.100.2 logged up at 14:06:02.129") == true)
        #expect(b.findings.first?.explanation.contains("(`%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is UP`, line \(cut + 1);") == true)
        // Another peer's tunnel up: the error stands.
        let other = Fixture.analyze(v1.replacingOccurrences(of: "Peer 192.168.0.2:500       Id: 192.168.0.2\n*Jun 19 10:12", with: "Peer 192.168.0.9:500       Id: 192.168.0.9\n*Jun 19 10:12"))
        #expect(other.findings.map { "\($0.id) \($0.severity)" } == ["peer-dead error"])
        // A phase 1 that never completed (the peer unreachable), then its tunnel logged up: no recovery.
        let unreachable = Fixture.analyze(Fixture.sampleText("peer-unreachable-initiator")
            + "*Nov 14 08:40:12.004: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 203.0.113.99:500       Id: 203.0.113.99\n")
        #expect(unreachable.findings.map { "\($0.id) \($0.severity)" } == ["peer-unreachable error"])
    }

    /// A hub (IKEv2 responder) whose rekey of the child SA went unanswered until it deleted the
    /// tunnel, then the spoke initiated again and the tunnel came back: `peer-dead` is a warning
    /// that says so, as for an initiator. (It stayed an error: a responder's IKE_AUTH response
    /// showed no child SA, so the SA that came back did not count as up.)
    @Test func anUnansweredIKEv2RekeyWhoseTunnelCameBackIsAWarning() throws {
        let a = Fixture.analyze(Fixture.sampleText("ikev2-rekey-unanswered-recovered"))
        #expect(a.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["peer-dead 1 warning"])
        let f = try #require(a.findings.first)
        #expect(f.summary == "198.51.100.14 stopped answering: HUB's rekey went unanswered until it gave up and deleted the tunnel; recovered: SA #2 to 198.51.100.14 came up at 08:49:55.263")
        #expect(f.explanation.contains("a later SA (#2) to 198.51.100.14 came up at 08:49:55.263, its child SA created"))
        #expect(a.errorCount == 0)
        // Each responder SA's first child SA, made in IKE_AUTH (message 1), at its response's line.
        #expect(a.devices.flatMap(\.sas).map { "\($0.role?.rawValue ?? "-") \($0.quickModes.map { "\($0.messageID) \($0.result) L\($0.firstLine)" })" }
                == ["responder [\"1 complete L74\"]", "responder [\"1 complete L215\"]"])
        // A responder that refused the child SA in IKE_AUTH made none, though its IKE SA came up.
        let refused = Fixture.sampleText("ikev2-invalid-ke-retry-responder").replacingOccurrences(
            of: " VID IDr AUTH SA TSi TSr NOTIFY(SET_WINDOW_SIZE)", with: " VID IDr AUTH NOTIFY(TS_UNACCEPTABLE) NOTIFY(SET_WINDOW_SIZE)")
        #expect(Fixture.analyze(refused).devices.flatMap(\.sas).map(\.quickModes.count) == [0, 0])
        // A tunnel that went down is back whichever end brought it up again; a failure to
        // negotiate is recovered only in its own role.
        var dead = SecurityAssociation(number: 1, device: "R1", file: "r1.log", firstLine: 10)
        dead.peer = "192.168.0.2"; dead.role = .initiator; dead.phase1 = .complete; dead.lastLine = 300
        var q = QuickMode(messageID: 1, firstLine: 20, lastLine: 30)
        q.result = .complete
        dead.quickModes = [q]
        var failed = dead
        failed.phase1 = .failed; failed.quickModes = []
        let responderUp = Recovery.Up(line: 400, number: 2, stamp: nil, role: .responder, localProxy: nil, remoteProxy: nil, version: 2)
        #expect([Recovery.recovers(responderUp, Recovery.Failed(dead)), Recovery.recovers(responderUp, Recovery.Failed(failed))] == [true, false])
    }

    /// The same proxies renegotiated by four quick modes in 18 s with a 2560 KB volume lifetime:
    /// a `rekey-storm` warning naming the lifetime, the rate and who began them (before: no
    /// problems found). Not for the first two of them, nor for the same four an hour apart.
    @Test func aRekeyStormIsAWarningNamingTheVolumeLifetime() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("rekey-storm-volume-lifetime-initiator.log")), as: UTF8.self)
        let a = Fixture.analyze(text)
        #expect(a.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["rekey-storm 1 warning"])
        let f = try #require(a.findings.first)
        #expect(f.summary == "The IPsec SA with 192.168.0.2 was negotiated 4 times in 18 s (about every 6 s): its volume lifetime is 2560 KB")
        #expect(f.explanation.contains("the key-engine lines give the IPsec SA 2560 KB (`lifedur= 3600s and 2560kb`), the least IOS accepts"))
        #expect(f.explanation.contains("R1 began the quick modes itself"))
        #expect(f.fix.contains("`set security-association lifetime kilobytes N`") && f.fix.contains("`crypto ipsec security-association lifetime kilobytes N` (the default is 4608000 KB)"))
        #expect(f.fix.contains("kilobytes disable"))
        #expect(f.evidence.map(\.line) == [10, 130, 189, 205, 273, 341, 400])
        #expect(a.errorCount == 0)
        // Two quick modes: a rekey, no storm.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let third = try #require(lines.firstIndex { $0.contains("10:04:36.826") })
        #expect(Fixture.analyze(lines[..<third].joined(separator: "\n")).findings.isEmpty)
        // The same quick modes an hour apart (each 54 minutes after the one before): routine rekeys.
        var hourly = text
        for (k, second) in ["30", "36", "42"].enumerated() {
            let hour = 10 + (k + 1) * 54 / 60, minute = (4 + (k + 1) * 54) % 60
            hourly = hourly.replacingOccurrences(of: "Jun 19 10:04:\(second).", with: "Jun 19 \(hour):\(minute < 10 ? "0" : "")\(minute):\(second).")
        }
        #expect(Fixture.analyze(hourly).findings.isEmpty)
        // The default volume lifetime, times gone: the four quick modes alone tell nothing.
        let untimed = text.replacingOccurrences(of: "2560kb", with: "4608000kb").replacingOccurrences(of: "(2560/3600)", with: "(4608000/3600)")
            .split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
                guard l.first == "*", let r = l.range(of: ": ") else { return String(l) }
                return String(l[r.upperBound...])
            }.joined(separator: "\n")
        #expect(Fixture.analyze(untimed).findings.isEmpty)
        #expect(Fixture.analyze(untimed.replacingOccurrences(of: "4608000kb", with: "2560kb")).findings.map(\.id) == ["rekey-storm"])
    }

    /// A DMVPN spoke with no key for another spoke (NHRP resolved its NBMA address): the wildcard
    /// key on every spoke, not one per address, and a warning while the ping gets through the hub
    /// (before: an ERROR with the per-address key). Without the ping's replies it stays an error;
    /// without the NHRP lines the per-address key comes first.
    @Test func aDMVPNSpokeWithoutAKeyForAnotherSpokeGetsTheWildcardKey() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("dmvpn-spoke-to-spoke-no-psk-initiator.log")), as: UTF8.self)
        let a = Fixture.analyze(text)
        #expect(a.findings.map { "\($0.id) \($0.saNumber ?? 0) \($0.severity)" } == ["no-psk 1 warning"])
        let f = try #require(a.findings.first)
        #expect(f.summary == "SPOKE1 has no pre-shared key for 198.51.100.30, another DMVPN spoke: the spoke-to-spoke tunnel is not built; traffic still flows through the hub")
        #expect(f.explanation.hasPrefix("NHRP resolved tunnel address 172.16.0.12 to the NBMA address 198.51.100.30 (`Adding Tunnel Endpoints`), and SPOKE1 started IPsec to 198.51.100.30 for GRE (proxies with protocol 47, transport mode): a DMVPN spoke-to-spoke tunnel."))
        #expect(f.fix.hasPrefix("On every spoke, a key that matches any spoke's address: `crypto isakmp key … address 0.0.0.0 0.0.0.0`"))
        #expect(f.fix.contains("`pre-shared-key address 0.0.0.0 0.0.0.0 key …` in the keyring of the ISAKMP profile that the tunnel's `tunnel protection ipsec profile` uses"))
        #expect(f.fix.contains("Certificates") && f.fix.contains("IKEv2"))
        #expect(!f.fix.contains("address 198.51.100.30`"))
        #expect(f.evidence.map(\.line) == [15, 16, 23, 31, 32, 33, 38, 39, 41])
        #expect(a.errorCount == 0)
        // The ping got nothing back: the traffic does not get through the hub either.
        let lost = Fixture.analyze(text.replacingOccurrences(of: "!!!!!", with: ".....")
            .replacingOccurrences(of: "Success rate is 100 percent (5/5), round-trip min/avg/max = 28/30/36 ms", with: "Success rate is 0 percent (0/5)"))
        #expect(lost.findings.map { "\($0.id) \($0.severity)" } == ["no-psk error"])
        #expect(lost.findings.first?.explanation.contains("The ping got no replies (`Success rate is 0 percent (0/5)`)") == true)
        // No NHRP lines: GRE in transport mode alone could be a point-to-point tunnel.
        let plain = Fixture.analyze(text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("NHRP") && !$0.contains(" src: ") }.joined(separator: "\n"))
        let p = try #require(plain.findings.first)
        #expect(plain.findings.count == 1 && p.id == "no-psk" && p.severity == .error)
        #expect(p.summary == "SPOKE1 has no pre-shared key for 198.51.100.30")
        #expect(p.fix.hasPrefix("On SPOKE1 add the key for 198.51.100.30: `crypto keyring <name>` + `pre-shared-key address 198.51.100.30 key …`"))
        #expect(p.fix.hasSuffix("If 198.51.100.30 is another DMVPN spoke, whose address NHRP learns, put a key that matches any address on every spoke instead: `crypto isakmp key … address 0.0.0.0 0.0.0.0`, or `pre-shared-key address 0.0.0.0 0.0.0.0 key …` in the keyring of the ISAKMP profile the tunnel's ipsec profile uses (certificates or IKEv2 scale better)."))
        // A plain peer (no GRE in transport mode): the per-address key alone.
        let peer = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("no-psk-initiator.log")), as: UTF8.self)
        #expect(Fixture.analyze(peer).findings.allSatisfy { !$0.fix.contains("0.0.0.0") && !$0.explanation.contains("DMVPN") })
    }

    /// GETVPN's time-based anti-replay is the members' clocks, not reordering.
    @Test func aGDOITimeBasedReplayIsNotReordering() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("getvpn-timebased-replay-gm.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.summary.contains("pseudotimes differ by 99973 seconds"))
        #expect(!f.explanation.contains("reordering between the two routers"))
        #expect(f.fix.contains("clear crypto gdoi"))
        #expect(!f.fix.contains("crypto ipsec security-association replay window-size"))
    }

    /// Aggressive mode's AM2 unanswered is said in aggressive mode's words.
    @Test func anUnansweredAM2IsWordedForAggressiveMode() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("am3-not-received-ezvpn-server.log")), as: UTF8.self)
        let f = try #require(Fixture.analyze(text).findings.first)
        #expect(f.summary.hasPrefix("AM3 from 198.51.100.77 never arrived"))
        #expect(f.explanation.contains("group key"))
        #expect(!f.explanation.contains("MM5"))
    }

    /// A log that begins after a responder checked the proposal (the buffer wrapped) shows only the
    /// refusal, which a missing key ends the same way: no p1-proposal-mismatch for that SA; the
    /// peer's next, whole attempt tells (no-psk).
    @Test func aRefusalWhoseCheckIsBeforeTheLogIsNotBlamedOnThePolicy() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("no-psk-responder.log")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.contains("atts are not acceptable") })
        let a = Fixture.analyze(lines[start...].joined(separator: "\n"))
        #expect(a.findings.map { "\($0.saNumber ?? 0) \($0.id)" } == ["1 unexplained-failure", "2 no-psk"])
        #expect(a.findings.first?.summary == "Phase 1 with 198.51.100.20 failed in IKE_R_MM1: refused at MM1, but the log begins after the proposal was checked")
        // The whole exchange in the log: the policy is blamed as before.
        let whole = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("p1-proposal-mismatch-responder.log")), as: UTF8.self)
        #expect(Fixture.analyze(whole).findings.map(\.id).contains("p1-proposal-mismatch"))
    }

    /// Two `His hash no match` lines with `received payload type 20` between them: neither NAT-D
    /// hash matched, NAT. The same line twice in a row is one line and its copy (two syslog
    /// servers' files merged): no NAT.
    @Test func aCopiedNATHashLineIsNoSecondHash() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("qm-invalid-id-info-initiator.log")), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let at = try #require(lines.firstIndex { $0.contains("His hash no match") })
        lines.insert(lines[at], at: at + 1)
        let copied = Fixture.analyze(lines.joined(separator: "\n"))
        #expect(copied.findings.map(\.id) == Fixture.analyze(text).findings.map(\.id))
        #expect(copied.devices[0].sas.first?.natTraversal == false)
        let nat = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("mm5-not-received-natt-responder.log")), as: UTF8.self)
        #expect(Fixture.analyze(nat).devices[0].sas.first?.peerBehindNAT == true)
    }

    /// A peer that retries a refused quick mode for hours fills its SA's events: the middle gives
    /// way, and the latest attempt, with its proposal, still tells the cause.
    @Test func aQuickModeRetriedForHoursKeepsItsCause() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("pfs-mismatch-responder.log")), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let start = try #require(lines.firstIndex { $0.contains("processing HASH payload. message ID = 2214690311") }) - 2
        // (An attempt: from the peer's first quick mode packet to the log's end, its purges and retries.)
        let attempt = lines[start...].joined(separator: "\n")
        // (Every 30 s, each with its own message ID; the events fill up anywhere in an attempt.)
        let retries = (1...30).map { n in
            let t = 12 * 3600 + n * 30
            let stamp = String(format: "%02d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
            return attempt.replacingOccurrences(of: "2214690311", with: "\(3_000_000_000 + n)").replacingOccurrences(of: "11:48:09", with: stamp)
        }
        for count in 10...30 {
            let a = Fixture.analyze((lines[..<start] + retries.prefix(count)).joined(separator: "\n"))
            #expect(a.findings.filter { $0.severity == .error }.map(\.id) == ["pfs-mismatch"], "\(count) attempts")
        }
    }

    /// An SA that ends on another day shows the end's date (else its end reads as before its start).
    @Test func anSAThatEndsAnotherDayShowsTheDate() throws {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("peer-dead-initiator.log")), as: UTF8.self)
        // (Its last five minutes on the next day.)
        let nextDay = text.replacingOccurrences(of: "*Jun 19 10:09:", with: "*Jun 20 10:09:")
        let report = TextReport(color: false).render(Fixture.analyze(nextDay))
        #expect(report.contains("Jun 19 10:04:24.826 → Jun 20\n    10:09:35.101"))
        #expect(TextReport(color: false).render(Fixture.analyze(text)).contains("Jun 19 10:04:24.826 →\n    10:09:35.101"))
    }

    /// Several devices with more than 48 SAs between them (a hub and its spokes): every device's
    /// SAs as a table, timelines only for those that failed or have findings.
    @Test func manyDevicesWithManySAsGetTables() {
        let healthy = BothEndsTests.device("r1-initiator-success")
        let failing = BothEndsTests.device("r1-responder-keyring-mismatch")
        var devices: [DeviceTimeline] = []
        for n in 0..<25 {
            var d = n == 0 ? failing : healthy
            d.name = "R\(n)"
            devices.append(d)
            var e = healthy
            e.name = "S\(n)"
            devices.append(e)
        }
        let report = TextReport(color: false).render(Analysis.diagnose(devices))
        #expect(report.components(separatedBy: "  SA   conn-id  peer").count - 1 == 50)
        #expect(report.components(separatedBy: "IKE_READY → IKE_I_MM1").count - 1 == 0)
        #expect(report.contains("Key not found in keyrings of profile"))
        // A few devices: full timelines as before.
        let few = TextReport(color: false).render(Analysis.diagnose(Array(devices.prefix(4))))
        #expect(few.components(separatedBy: "IKE_READY → IKE_I_MM1").count - 1 == 3)
    }

    @Test func everyDiagnosisHasASampleLog() {
        let shown = Set(Self.expected.values.flatMap { $0 })
        // The ASA-only peer-ID check is proven on the real corpus log 12 instead.
        let exempt: Set<String> = ["ikev2-peer-id-check-failed"]
        for d in DiagnoserRegistry.all where !exempt.contains(d.description.id) {
            #expect(shown.contains(d.description.id), "no sample log shows \(d.description.id)")
        }
        #expect(Set(Fixture.sampleNames()).subtracting(["busy-headend"]) == Set(Self.expected.keys))
    }
}

/// The seed's scenarios, fact by fact, and with damaged input.
@Suite struct SeedScenarioTests {
    struct Expect: Sendable {
        let name: String
        let connId: Int
        let peer: String
        let role: Role
        let phase1: Phase1Result
        let profile: String?
        let keyKeyring: String?
        let profileKeyring: String?
        let findings: [String]
        let quickModes: [QuickModeResult]
    }

    static let expectations: [Expect] = [
        Expect(name: "r1-initiator-success", connId: 1011, peer: "192.168.0.2", role: .initiator, phase1: .complete,
               profile: "profile2", keyKeyring: "keyring2", profileKeyring: "keyring2", findings: [], quickModes: [.complete]),
        Expect(name: "r1-initiator-success-wrapped", connId: 1011, peer: "192.168.0.2", role: .initiator, phase1: .complete,
               profile: "profile2", keyKeyring: "keyring2", profileKeyring: "keyring2", findings: [], quickModes: [.complete]),
        Expect(name: "r2-responder-success", connId: 1011, peer: "192.168.0.1", role: .responder, phase1: .complete,
               profile: "profile1", keyKeyring: nil, profileKeyring: "keyring1", findings: [], quickModes: [.complete]),
        Expect(name: "r1-responder-keyring-mismatch", connId: 1012, peer: "192.168.0.2", role: .responder, phase1: .failed,
               profile: "profile2", keyKeyring: nil, profileKeyring: "keyring2", findings: ["keyring-mismatch"], quickModes: []),
        Expect(name: "r1-responder-detail-keyring-mismatch", connId: 1013, peer: "192.168.0.2", role: .responder, phase1: .failed,
               profile: "profile2", keyKeyring: "keyring1", profileKeyring: "keyring2", findings: ["keyring-mismatch"], quickModes: []),
        Expect(name: "r2-initiator-keyring-mismatch", connId: 1012, peer: "192.168.0.1", role: .initiator, phase1: .failed,
               profile: "profile1", keyKeyring: "keyring1", profileKeyring: "keyring1", findings: ["mm5-rejected-by-peer"], quickModes: []),
        Expect(name: "r1-responder-psk-mismatch", connId: 1004, peer: "192.168.0.2", role: .responder, phase1: .failed,
               profile: nil, keyKeyring: nil, profileKeyring: nil, findings: ["psk-mismatch"], quickModes: []),
        Expect(name: "r2-initiator-psk-mismatch", connId: 1004, peer: "192.168.0.1", role: .initiator, phase1: .failed,
               profile: "profile1", keyKeyring: "keyring1", profileKeyring: "keyring1", findings: ["mm5-rejected-by-peer"], quickModes: []),
        Expect(name: "r2-responder-qm-error32", connId: 1003, peer: "192.168.0.1", role: .responder, phase1: .complete,
               profile: "profile2", keyKeyring: "keyring", profileKeyring: "keyring", findings: ["qm-profile-mismatch"], quickModes: [.rejected]),
        Expect(name: "r1-initiator-qm-error32", connId: 1003, peer: "192.168.0.2", role: .initiator, phase1: .complete,
               profile: "profile2", keyKeyring: "keyring2", profileKeyring: "keyring2", findings: ["qm-refused-by-peer"], quickModes: [.refusedByPeer]),
    ]

    @Test(arguments: expectations)
    func seedScenarioYieldsTheRightFacts(_ x: Expect) {
        let text = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(x.name).log")), as: UTF8.self)
        for variation in Variation.allCases {
            let analysis = Fixture.analyze(variation.apply(text))
            let all = analysis.devices[0].sas
            let sas = all.filter { $0.peer != "198.51.100.9" }
            #expect(all.count - sas.count == (variation == .unrelatedSAInterleaved ? 1 : 0), "\(x.name) \(variation)")
            #expect(sas.count == 1, "\(x.name) \(variation): \(sas.count) SAs")
            guard let sa = sas.first else { continue }
            #expect(sa.connId == x.connId, "\(x.name) \(variation)")
            #expect(sa.peer == x.peer, "\(x.name) \(variation)")
            #expect(sa.role == x.role, "\(x.name) \(variation)")
            #expect(sa.phase1 == x.phase1, "\(x.name) \(variation)")
            #expect(sa.profile == x.profile, "\(x.name) \(variation)")
            #expect(sa.keyKeyring == x.keyKeyring, "\(x.name) \(variation)")
            #expect(sa.profileKeyring == x.profileKeyring, "\(x.name) \(variation)")
            #expect(analysis.findings.map(\.id) == x.findings, "\(x.name) \(variation)")
            #expect(sa.quickModes.map(\.result) == x.quickModes, "\(x.name) \(variation)")
            #expect(analysis.devices[0].stats.unrecognized == 0, "\(x.name) \(variation): unrecognized lines")
        }
    }

    @Test func keyringMismatchNamesBothKeyringsAndTheProfile() throws {
        let analysis = Fixture.analyze(String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-detail-keyring-mismatch.log")), as: UTF8.self))
        let f = try #require(analysis.findings.first)
        #expect(f.summary.contains("keyring keyring1"))
        #expect(f.summary.contains("profile2"))
        #expect(f.summary.contains("keyring2"))
        #expect(f.fix.contains("crypto keyring keyring1"))
        #expect(f.evidence.contains { $0.text.contains("Key not found in keyrings of profile") })
        #expect(f.evidence.contains { $0.text.contains("found in keyring1") })
    }

    @Test func keyringMismatchWithoutDetailSaysWhatToCollect() throws {
        let analysis = Fixture.analyze(String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log")), as: UTF8.self))
        let f = try #require(analysis.findings.first)
        #expect(f.explanation.contains("debug crypto isakmp detail"))
        #expect(f.explanation.contains("the log does not name it"))
    }

    @Test func busyHeadEndFindsEveryGeneratedFailure() {
        var gen = BusyRouterLog(seed: 11, concurrency: 60)
        var bytes: [UInt8] = []
        let truth = gen.generate(maxSAs: 400) { bytes.append(contentsOf: $0) }
        for chunking in [Fixture.Chunking.whole, .random(seed: 9)] {
            let analysis = Analysis.diagnose([Fixture.device(bytes, chunking: chunking)])
            let sas = analysis.devices[0].sas
            #expect(sas.count == truth.sas)
            #expect(sas.filter { $0.phase1 == .complete }.count == truth.phase1Complete)
            var counts: [String: Int] = [:]
            for f in analysis.findings { counts[f.id, default: 0] += 1 }
            #expect(counts == truth.findings)
            #expect(analysis.devices[0].stats.unrecognized == 0)
        }
    }
}

@Suite struct StreamingReportTests {
    @Test func streamedJSONIsTheSameDocumentAsTheWholeTree() {
        for name in ["busy-headend", "r1-responder-keyring-mismatch", "invalid-spi-and-no-sa"] {
            let a = Analysis.diagnose([Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), file: name)])
            #expect(JSONReport.render(a) == JSONReport.value(a).pretty() + "\n", "\(name)")
        }
    }
}

@Suite struct ReportWidthTests {
    /// The text report fits its width: 100 columns (piped, as always), 80 (a usual terminal),
    /// and 64, the narrowest a terminal's width or `--width` takes (`CommandLineTool.widths`).
    @Test(arguments: Fixture.sampleNames())
    func everyTextReportLineFitsItsWidth(_ name: String) {
        let device = Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), file: "SampleLogs/\(name).log")
        let analysis = Analysis.diagnose([device])
        for width in [100, 80, 64] {
            var report = TextReport(color: false)
            report.width = width
            for line in report.render(analysis).split(separator: "\n") {
                #expect(line.unicodeScalars.count <= width, "\(name) at \(width) columns: \(line)")
            }
        }
    }

    /// Many routers in one run (the devices overview and the SA tables) fit 80 columns too.
    @Test func theOverviewAndTablesFit80Columns() {
        let devices = ["busy-headend", "r1-responder-keyring-mismatch", "r2-initiator-keyring-mismatch", "ikev2-child-no-proposal-chosen-initiator"].map { name in
            Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), file: "SampleLogs/\(name).log")
        }
        var report = TextReport(color: false)
        report.width = 80
        let text = report.render(Analysis.diagnose(devices))
        #expect(text.contains("\nDevices\n"))
        for line in text.split(separator: "\n") {
            #expect(line.unicodeScalars.count <= 80, "\(line)")
        }
    }
}

@Suite struct ParallelParseTests {
    /// Parsing on a second thread gives the same analysis, whatever the chunking.
    @Test func parallelParseGivesTheSameReport() {
        for name in ["busy-headend", "r1-responder-detail-keyring-mismatch", "ikev2-child-no-proposal-chosen-initiator", "invalid-spi-and-no-sa"] {
            let bytes = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log"))
            let sequential = Analysis.diagnose([Fixture.device(bytes, file: name)])
            for size in (bytes.count < 100_000 ? [1, 997, 65_536] : [997, 65_536]) {
                let a = LogAnalyzer(file: name, parallel: true)
                var i = 0
                while i < bytes.count {
                    let n = min(size, bytes.count - i)
                    a.feed(Array(bytes[i..<(i + n)]))
                    i += n
                }
                let parallel = Analysis.diagnose(a.finishAll())
                #expect(JSONReport.render(parallel) == JSONReport.render(sequential), "\(name), \(size)-byte chunks")
            }
        }
    }

    /// The parse thread hands records on without waiting for the parser's answer: the lines
    /// the parser does not understand are counted on the correlating side, those of a second
    /// copy's records held and then read after all (`ReplayFilter`) too, as on one thread.
    @Test func unrecognizedLinesAndCopiesCountTheSameOnTwoThreads() {
        let sample = Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r1-responder-keyring-mismatch.log"))
        let lines = sample.split(separator: ASCII.newline, omittingEmptySubsequences: false)
        // A stamped line nobody reads after every seventh line, where the next line starts a
        // message (before an indented field it would take the field as its own).
        let strays = lines.indices.filter { $0 % 7 == 3 && $0 + 1 < lines.count && lines[$0 + 1].first == ASCII.star }
        var log: [UInt8] = []
        for (i, line) in lines.enumerated() {
            log += line + [ASCII.newline]
            if strays.contains(i) { log += Array("*Jun 19 12:28:44.251: zork quux \(i)\n".utf8) }
        }
        // The log shown again (`show logging` after the console capture), then a last stray line.
        log += Array("R1#show logging\n".utf8) + sample + Array("trailing words\n".utf8)
        let one = Fixture.device(log, file: "x")
        #expect(strays.count > 20 && one.stats.unrecognized == strays.count + 1, "\(one.stats)")
        #expect(one.stats.repeated > 0, "\(one.stats)")
        let sequential = Analysis.diagnose([one])
        // (Streaming output parses on the parse thread: the same counts.)
        for size in [1, 333, 4096, 1 << 20] {
            for streaming in [false, true] {
                let a = LogAnalyzer(file: "x", parallel: true)
                a.streaming = streaming
                var i = 0
                while i < log.count {
                    let n = min(size, log.count - i)
                    a.feed(Array(log[i..<(i + n)]))
                    i += n
                }
                let devices = a.finishAll()
                #expect(devices.map(\.stats) == [one.stats], "\(size)-byte chunks, streaming \(streaming)")
                if !streaming {
                    #expect(JSONReport.render(Analysis.diagnose(devices)) == JSONReport.render(sequential), "\(size)-byte chunks")
                }
            }
        }
    }
}

/// Both ends' logs in one run: the initiator's unanswered MM5 names the responder's finding.
@Suite struct BothEndsTests {
    static func device(_ name: String) -> DeviceTimeline {
        Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\(name).log")), file: "\(name).log")
    }

    @Test func theInitiatorsFindingNamesTheRespondersCause() {
        let both = Analysis.diagnose([Self.device("r1-responder-keyring-mismatch"), Self.device("r2-initiator-keyring-mismatch")])
        let mm5 = both.findings.first { $0.id == "mm5-rejected-by-peer" }
        #expect(mm5?.explanation.hasSuffix("R1's log in this run tells which: keyring-mismatch (R1 SA #1).") == true)
        #expect(both.devices[1].sas[0].findings.first?.explanation == mm5?.explanation)
        // Alone, or beside a log of another exchange (another day), it cannot tell.
        let alone = Analysis.diagnose([Self.device("r2-initiator-keyring-mismatch")])
        #expect(alone.findings.first { $0.id == "mm5-rejected-by-peer" }?.explanation.hasSuffix("This log alone cannot tell which.") == true)
        let other = Analysis.diagnose([Self.device("r1-responder-psk-mismatch"), Self.device("r2-initiator-keyring-mismatch")])
        #expect(other.findings.first { $0.id == "mm5-rejected-by-peer" }?.explanation.hasSuffix("This log alone cannot tell which.") == true)
        // A refused quick mode learns the responder's reason too.
        let qm = Analysis.diagnose([Self.device("r1-initiator-qm-error32"), Self.device("r2-responder-qm-error32")])
        #expect(qm.findings.first { $0.id == "qm-refused-by-peer" }?.explanation.hasSuffix("R2's log in this run tells which: qm-profile-mismatch (R2 SA #1).") == true)
        // The two routers' clocks differ (another time zone, no NTP): the logs show no local
        // address, but each names the other and holds the only such failure in the run.
        let shifted = String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("r2-initiator-keyring-mismatch.log")), as: UTF8.self)
            .replacingOccurrences(of: "*Jun 19 12:", with: "*Jun 19 13:")
        let skewed = Analysis.diagnose([Self.device("r1-responder-keyring-mismatch"), Fixture.device(Array(shifted.utf8), file: "r2.log")])
        #expect(skewed.findings.first { $0.id == "mm5-rejected-by-peer" }?.explanation.hasSuffix("R1's log in this run tells which: keyring-mismatch (R1 SA #1).") == true)
        // …but not when R2 sent another identity than the one R1 received: another exchange.
        let otherID = shifted.replacingOccurrences(of: "address      : 192.168.0.2", with: "address      : 10.9.9.9")
        #expect(otherID != shifted)
        let apart = Analysis.diagnose([Self.device("r1-responder-keyring-mismatch"), Fixture.device(Array(otherID.utf8), file: "r2.log")])
        #expect(apart.findings.first { $0.id == "mm5-rejected-by-peer" }?.explanation.hasSuffix("This log alone cannot tell which.") == true)
        let qmAlone = Analysis.diagnose([Self.device("r1-initiator-qm-error32")])
        #expect(qmAlone.findings.first { $0.id == "qm-refused-by-peer" }?.explanation.contains("in this run") == false)
    }
}
