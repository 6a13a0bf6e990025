import Foundation
import Testing
@testable import IKELens

/// Wrapping helpers for the sweeps below.
enum Wrap {
    /// A terminal's hard wrap: every line cut each `width` columns, nothing lost.
    static func hard(_ text: String, _ width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            var rest = Substring(l), out: [Substring] = []
            while rest.count > width { out.append(rest.prefix(width)); rest = rest.dropFirst(width) }
            out.append(rest)
            return out.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// A mail client's word wrap at `width` (the blank at each break eaten), each broken line
    /// after the first begun with `quote` (`> `, a reply's quote marks), if any.
    static func words(_ text: String, _ width: Int, quote: String = "") -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var out: [String] = [], cur = ""
            for word in line.split(separator: " ", omittingEmptySubsequences: false) {
                if !cur.isEmpty, cur.count + 1 + word.count > width { out.append(cur); cur = String(word) } else { cur += (out.isEmpty && cur.isEmpty ? "" : " ") + word }
            }
            out.append(cur)
            return quote + out.joined(separator: "\n" + quote)
        }.joined(separator: "\n")
    }
}

/// IOS's own text shaped like a key table's row is no row: `Crypto tunnel is UP  .  Peer` has a
/// word, a wide gap, a lone `.`, a wide gap and a last word, yet `.` is no address and `Peer`
/// no key.
@Suite struct KeyTableShapeTests {
    static let nowrap = """
    HUB1#show logging | include SESSION_STATUS
    *Nov 29 06:19:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 198.51.100.21:500       Id: 198.51.100.21
    *Nov 29 07:02:17.550 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is DOWN. Peer 198.51.100.21:500       Id: 198.51.100.21
    *Nov 29 07:02:48.016 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 198.51.100.21:500       Id: 198.51.100.21
    HUB1#

    """

    static func outcome(_ text: String) -> [String] {
        Fixture.analyze(text).findings.map { "\($0.severity) \($0.id) \($0.peer ?? "-") \($0.summary)" }
    }

    /// `show logging` on an 80-column terminal with `show-timezone` stamps: the UP message ends
    /// exactly at `Peer`, and the address is the next line's start. The UP messages keep their
    /// peer, so the tunnel came back up (a note, as unwrapped).
    @Test func sessionUpCutAfterPeerKeepsItsPeer() {
        let wrapped = Wrap.hard(Self.nowrap, 80)
        #expect(wrapped.contains("UP  .  Peer\n 198.51.100.21:500"))
        let whole = Fixture.events(Self.nowrap), cut = Fixture.events(wrapped)
        #expect(cut.map(\.text) == whole.map(\.text))
        #expect(cut.map(\.text).filter { $0.contains("UP  .") } == Array(repeating: "%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer 198.51.100.21:500       Id: 198.51.100.21", count: 2))
        #expect(Self.outcome(wrapped) == Self.outcome(Self.nowrap))
        #expect(Self.outcome(wrapped).first?.hasPrefix("info tunnel-down 198.51.100.21 The tunnel to 198.51.100.21 went down once and came back up") == true)
        // Alone, the cut UP line shows its last word.
        #expect(Fixture.events("*Nov 29 06:19:55.123 UTC: %CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer\n").map(\.text)
                == ["%CRYPTO-5-SESSION_STATUS: Crypto tunnel is UP  .  Peer"])
    }

    /// The syslog-only sample wrapped as a mail, a quoted reply or a wide terminal wraps it:
    /// the tunnel that went down and came back up is told so wherever the break falls.
    @Test func sessionUpWrappedAnywhereGivesTheSameFindings() {
        let text = Fixture.sampleText(Fixture.syslogServerOnly)
        func outcome(_ text: String) -> [String] { Self.outcome(text).filter { $0.contains(" 198.51.100.21 ") } }
        let whole = outcome(text)
        #expect(whole == ["info tunnel-down 198.51.100.21 The tunnel to 198.51.100.21 went down once and came back up; the log has no IKE debug for it to tell why"])
        var variants: [(String, String)] = []
        for w in 60...72 { variants.append(("mail \(w)", Wrap.words(text, w))) }
        for w in 62...72 { variants.append(("quoted \(w)", Wrap.words(text, w, quote: "> "))) }
        variants.append(("mail 132", Wrap.words(text, 132)))
        variants.append(("hard 120", Wrap.hard(text, 120)))
        for (name, wrapped) in variants {
            #expect(outcome(wrapped) == whole, "\(name)")
        }
    }
}

/// The secrets a pasted running-configuration carries (key chains, NHRP, NTP, HSRP/VRRP/GLBP,
/// BGP, SNMPv3 and SNMP communities, TACACS+/RADIUS keys, local users, enable, PPP, OSPF,
/// IS-IS, WPA, EzVPN groups, IKEv1/IKEv2 keys) never show in any output, however the line
/// reached the log: alone, joined onto a debug line as its continuation (output of a `show
/// running-config` a debug line came before), or logged as a typed command and cut at 80
/// columns anywhere. A configuration file's evidence masks them too, unless `--show-secrets`.
@Suite struct ConfigurationSecretTests {
    struct Form {
        /// The lines of its section before it (`key chain KC1`, ` key 1`), shown as they are.
        let context: [String]
        let line: String
        let secrets: [String]
    }

    static let forms: [Form] = [
        Form(context: ["key chain KC1", " key 1"], line: "  key-string QzKcJ7x1Q", secrets: ["QzKcJ7x1Q"]),
        Form(context: ["key chain KC2", " key 2"], line: "  key-string 7 0822455D0A1F3B", secrets: ["0822455D0A1F3B"]),
        Form(context: ["interface Tunnel0"], line: " ip nhrp authentication QzNh7J", secrets: ["QzNh7J"]),
        Form(context: [], line: "ntp authentication-key 1 md5 QzNtp7Jx 7", secrets: ["QzNtp7Jx"]),
        Form(context: [], line: "ntp authentication-key 42 sha1 QzNtp8Jx", secrets: ["QzNtp8Jx"]),
        Form(context: ["interface Vlan10"], line: " standby 1 authentication QzHs7J", secrets: ["QzHs7J"]),
        Form(context: ["interface Vlan10"], line: " standby authentication QzHn7J", secrets: ["QzHn7J"]),
        Form(context: ["interface Vlan10"], line: " standby 1 authentication text QzHt7J", secrets: ["QzHt7J"]),
        Form(context: ["interface Vlan10"], line: " standby 1 authentication md5 key-string QzHm7Jx9", secrets: ["QzHm7Jx9"]),
        Form(context: ["interface Vlan10"], line: " standby 1 authentication md5 key-string 7 QzHm8Jx9", secrets: ["QzHm8Jx9"]),
        Form(context: ["interface Vlan10"], line: " vrrp 1 authentication text QzVr7J", secrets: ["QzVr7J"]),
        Form(context: ["interface Vlan10"], line: " glbp 1 authentication text QzGl7J", secrets: ["QzGl7J"]),
        Form(context: ["router bgp 65000"], line: " neighbor 192.0.2.1 password QzBgp7Jx!", secrets: ["QzBgp7Jx!"]),
        Form(context: ["router bgp 65000"], line: " neighbor 192.0.2.1 password 7 QzBgp8Jx", secrets: ["QzBgp8Jx"]),
        Form(context: ["router bgp 65000"], line: " neighbor PEERS password QzBgp9Jx", secrets: ["QzBgp9Jx"]),
        Form(context: [], line: "snmp-server user nms NMS v3 auth sha QzAu7Jx1 priv aes 128 QzPr7Jx1", secrets: ["QzAu7Jx1", "QzPr7Jx1"]),
        Form(context: [], line: "snmp-server user u g v3 encrypted auth md5 QzAu8Jx2 priv des QzPr8Jx2", secrets: ["QzAu8Jx2", "QzPr8Jx2"]),
        Form(context: [], line: "snmp-server community QzCm7Jx RO", secrets: ["QzCm7Jx"]),
        Form(context: [], line: "snmp-server host 10.1.1.1 version 2c QzCm8Jx", secrets: ["QzCm8Jx"]),
        Form(context: [], line: "snmp-server host 10.1.1.1 informs version 2c QzCm9Jx", secrets: ["QzCm9Jx"]),
        Form(context: [], line: "tacacs-server host 10.1.1.5 key QzTk7Jx", secrets: ["QzTk7Jx"]),
        Form(context: [], line: "tacacs-server key 7 QzTk8Jx", secrets: ["QzTk8Jx"]),
        Form(context: [], line: "radius-server host 10.1.1.6 auth-port 1645 acct-port 1646 key QzRk7Jx", secrets: ["QzRk7Jx"]),
        Form(context: [], line: "radius-server key QzRk8Jx", secrets: ["QzRk8Jx"]),
        Form(context: ["radius server R1", " address ipv4 10.1.1.7 auth-port 1812 acct-port 1813"], line: " key 7 QzRk9Jx", secrets: ["QzRk9Jx"]),
        Form(context: ["tacacs server T1", " address ipv4 10.1.1.8"], line: " key QzAt7Jx", secrets: ["QzAt7Jx"]),
        Form(context: ["aaa group server radius RG"], line: " server-private 10.1.1.9 auth-port 1812 acct-port 1813 key 7 QzAs7Jx", secrets: ["QzAs7Jx"]),
        Form(context: [], line: "username admin privilege 15 secret 9 QzUs7Jx", secrets: ["QzUs7Jx"]),
        Form(context: [], line: "username vpn password 0 QzUp7Jx", secrets: ["QzUp7Jx"]),
        Form(context: [], line: "username vpn password QzUp8Jx", secrets: ["QzUp8Jx"]),
        Form(context: [], line: "enable secret 9 QzEn7Jx", secrets: ["QzEn7Jx"]),
        Form(context: [], line: "enable secret QzEn8Jx", secrets: ["QzEn8Jx"]),
        Form(context: [], line: "enable password QzEn9Jx", secrets: ["QzEn9Jx"]),
        Form(context: ["interface Dialer1"], line: " ppp chap password 0 QzPc7Jx", secrets: ["QzPc7Jx"]),
        Form(context: ["interface Dialer1"], line: " ppp chap password QzPc8Jx", secrets: ["QzPc8Jx"]),
        Form(context: ["interface Dialer1"], line: " ppp pap sent-username u1 password 0 QzPp7Jx", secrets: ["QzPp7Jx"]),
        Form(context: ["interface Dialer1"], line: " ppp pap sent-username u1 password QzPp8Jx", secrets: ["QzPp8Jx"]),
        Form(context: ["interface Gi0/1"], line: " ip ospf message-digest-key 1 md5 QzOm7Jx", secrets: ["QzOm7Jx"]),
        Form(context: ["interface Gi0/1"], line: " ip ospf message-digest-key 1 md5 7 QzOm8Jx", secrets: ["QzOm8Jx"]),
        Form(context: ["interface Gi0/1"], line: " ip ospf authentication-key QzOa7Jx", secrets: ["QzOa7Jx"]),
        Form(context: ["interface Gi0/1"], line: " ip ospf authentication-key 7 QzOa8Jx", secrets: ["QzOa8Jx"]),
        Form(context: ["dot11 ssid CORP", " authentication key-management wpa"], line: " wpa-psk ascii 0 QzWp7Jx1", secrets: ["QzWp7Jx1"]),
        Form(context: ["dot11 ssid CORP", " authentication key-management wpa"], line: " wpa-psk ascii QzWp8Jx1", secrets: ["QzWp8Jx1"]),
        Form(context: ["crypto isakmp client configuration group G1"], line: " key QzGk7Jx", secrets: ["QzGk7Jx"]),
        Form(context: ["crypto ipsec client ezvpn EZ"], line: " group G1 key QzGk8Jx", secrets: ["QzGk8Jx"]),
        Form(context: ["crypto ikev2 keyring KR", " peer P1", "  address 10.1.1.10"], line: "  pre-shared-key local QzIl7Jx", secrets: ["QzIl7Jx"]),
        Form(context: ["crypto ikev2 keyring KR", " peer P1", "  address 10.1.1.10"], line: "  pre-shared-key remote QzIr7Jx", secrets: ["QzIr7Jx"]),
        Form(context: ["crypto ikev2 keyring KR", " peer P1", "  address 10.1.1.10"], line: "  pre-shared-key QzIb7Jx", secrets: ["QzIb7Jx"]),
        Form(context: ["crypto ikev2 profile IP"], line: " authentication remote pre-share key QzAr7Jx", secrets: ["QzAr7Jx"]),
        Form(context: [], line: "crypto isakmp key QzCk7Jx address 10.1.1.1", secrets: ["QzCk7Jx"]),
        Form(context: ["crypto keyring K1"], line: "  pre-shared-key address 10.1.1.2 key QzPk7Jx", secrets: ["QzPk7Jx"]),
        Form(context: [], line: "key config-key password-encrypt QzKe7Jx", secrets: ["QzKe7Jx"]),
        Form(context: ["router isis"], line: " area-password QzIs7Jx", secrets: ["QzIs7Jx"]),
        Form(context: ["router isis"], line: " domain-password QzId7Jx", secrets: ["QzId7Jx"]),
        Form(context: ["interface Gi0/2"], line: " isis password QzIi7Jx", secrets: ["QzIi7Jx"]),
        Form(context: ["line vty 0 4"], line: " password 7 QzLv7Jx", secrets: ["QzLv7Jx"]),
        Form(context: ["line vty 0 4"], line: " password QzLv8Jx", secrets: ["QzLv8Jx"]),
        Form(context: ["l2tp-class L2"], line: " l2tp tunnel password 0 QzL2Jx", secrets: ["QzL2Jx"]),
    ]

    /// A debug line the configuration's lines follow (as `show running-config`'s output does when
    /// a debug message comes between the command and its output), and the sample around it.
    static let debugLine = "*Jul 16 20:21:25.298: ISAKMP:(0):found peer pre-shared key matching 192.168.0.2"
    static let sample = Fixture.sampleText("r1-responder-psk-mismatch")
    static var head: String { sample.split(separator: "\n", omittingEmptySubsequences: false).prefix(25).joined(separator: "\n") + "\n" }
    static var tail: String { sample.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(26).joined(separator: "\n") }

    /// The line as it shows: trimmed, each secret `*****`.
    static func masked(_ f: Form) -> String {
        var t = f.line.trimmingCharacters(in: .whitespaces)
        for s in f.secrets { t = t.replacingOccurrences(of: s, with: SecretMasker.mask) }
        return t
    }

    /// Everything `text` gives: the events' texts and fields, the JSON and the text reports.
    static func everyOutput(_ text: String) -> (events: [String], all: String) {
        var texts: [String] = [], fields = ""
        let device = Fixture.device(Array(text.utf8), onEvent: { texts.append($0.text); fields += String(describing: $0.kind) })
        let analysis = Analysis.diagnose([device])
        var json = ""
        JSONReport.write(analysis) { json += String(decoding: $0, as: UTF8.self) }
        var report = ""
        TextReport(color: false).render(analysis) { report += String(decoding: $0, as: UTF8.self) }
        return (texts, texts.joined(separator: "\n") + fields + json + report)
    }

    /// A secret, or a piece of it a line end cut (its first or last four characters), in `all`.
    static func leaked(_ f: Form, in all: String) -> [String] {
        f.secrets.filter { s in all.contains(s) || all.contains(String(s.prefix(4))) || all.contains(String(s.suffix(4))) }
    }

    @Test func everyFormAloneOrJoinedOntoADebugLineIsMasked() { Self.expectMaskedAloneOrJoined(Self.forms) }

    static func expectMaskedAloneOrJoined(_ forms: [Form]) {
        #expect(forms.allSatisfy { f in Self.leaked(f, in: Self.everyOutput(Self.sample).all).isEmpty })
        for f in forms {
            let block = (f.context + [f.line]).joined(separator: "\n")
            let variants = [
                ("alone after a prompt", Self.sample + "R1#\n" + block + "\n"),
                ("show running-config output after a debug line", Self.head + "R1#show running-config\n" + Self.debugLine + "\n" + block + "\nR1#\n" + Self.tail),
                ("joined onto a debug line", Self.head + Self.debugLine + "\n" + block + "\n" + Self.tail),
            ]
            for (name, log) in variants {
                let (events, all) = Self.everyOutput(log)
                #expect(Self.leaked(f, in: all).isEmpty, "\(f.line) \(name)")
                if name.hasPrefix("alone") {
                    // Each line an event of its own: the line masked, its section's lines as they are
                    // (a key chain's `key 1`, `key chain KC1`).
                    #expect(Array(events.suffix(f.context.count + 1)) == f.context.map { $0.trimmingCharacters(in: .whitespaces) } + [Self.masked(f)], "\(f.line)")
                } else {
                    #expect(events.contains { $0.hasSuffix(Self.masked(f)) }, "\(f.line) \(name)")
                }
            }
        }
    }

    /// The line logged as a typed command (`%PARSER-5-CFGLOG_LOGGEDCMD: User:U  logged
    /// command:…`, with and without the router's stamp) on an 80-column terminal, the user's
    /// name as long as puts the cut at each column of the command: no piece of a secret shows.
    @Test func everyFormCutAt80ColumnsAnywhereIsMasked() { Self.expectMaskedCutAt80Anywhere(Self.forms) }

    static func expectMaskedCutAt80Anywhere(_ forms: [Form]) {
        let after = "*Jul 16 20:21:25.299: ISAKMP:(0): local preshared key found"
        for f in forms {
            let command = f.line.trimmingCharacters(in: .whitespaces)
            var log = Self.head
            for cut in 1..<command.count {
                for stamp in ["", "*Jul 16 20:21:25.318: "] {
                    let before = stamp.count + "%PARSER-5-CFGLOG_LOGGEDCMD: User:".count + "  logged command:".count
                    let user = String(repeating: "a", count: (80 - (before + cut) % 80) % 80 == 0 ? 80 : (80 - (before + cut) % 80) % 80)
                    let whole = stamp + "%PARSER-5-CFGLOG_LOGGEDCMD: User:" + user + "  logged command:" + command
                    log += Wrap.hard(whole, 80) + "\n" + after + "\n"
                }
            }
            log += Self.tail
            let (events, all) = Self.everyOutput(log)
            #expect(Self.leaked(f, in: all).isEmpty, "\(f.line)")
            // (Each copy joined whole, and masked as the line alone is.)
            // (A cut between a lower-case letter and a capital one, `Qz` / `KcJ7x1Q`, reads as a
            // word wrap: the join puts a blank there, and each piece is masked.)
            let logged = events.filter { $0.contains("logged command:") }.map {
                String($0[$0.range(of: "logged command:")!.upperBound...]).replacingOccurrences(of: "***** *****", with: "*****")
            }
            #expect(logged.filter { $0 != Self.masked(f) } == [], "\(f.line)")
            #expect(logged.count == 2 * (command.count - 1), "\(f.line)")
        }
    }

    /// A configuration file's lines cited as evidence (`--config`, `config check`): masked,
    /// unless `--show-secrets`.
    @Test func everyFormInAConfigurationIsMaskedUnlessShowSecrets() { Self.expectMaskedInAConfiguration(Self.forms) }

    static func expectMaskedInAConfiguration(_ forms: [Form]) {
        for f in forms {
            let cfg = ConfigParser.parse("hostname R1\n" + (f.context + [f.line]).joined(separator: "\n") + "\n", file: "r1.cfg")
            let n = f.context.count + 2
            #expect(cfg.lineText(n, showSecrets: false) == Self.masked(f), "\(f.line)")
            #expect(cfg.lineText(n, showSecrets: true) == f.line.trimmingCharacters(in: .whitespaces), "\(f.line)")
            for (k, l) in f.context.enumerated() {
                #expect(cfg.lineText(k + 2, showSecrets: false) == l.trimmingCharacters(in: .whitespaces), "\(l)")
            }
        }
    }
}

extension ConfigurationSecretTests {
    /// `show running-config` output a debug message came before, as the review's samples have it:
    /// the debug line shows the lines it took, each value masked and nothing else (a key chain's
    /// `key 1`, the next line's `ip`).
    @Test func runningConfigAfterADebugLineShowsOnlyItsValuesMasked() {
        let cases: [(String, String)] = [
            ("key chain HSRP-KC\n key 1\n  key-string 7 0822455D0A16\n key 2\n  key-string Kc-Secr3t-2",
             "key chain HSRP-KC | key 1 | key-string 7 ***** | key 2 | key-string *****"),
            ("interface Tunnel0\n ip address 172.16.0.1 255.255.255.0\n ip nhrp authentication NhrpK3y\n ip nhrp network-id 1",
             "interface Tunnel0 | ip address 172.16.0.1 255.255.255.0 | ip nhrp authentication ***** | ip nhrp network-id 1"),
            ("ntp authentication-key 1 md5 NtpS3cret 7\n standby 1 authentication Hsrp-S3cret",
             "ntp authentication-key 1 md5 ***** 7 | standby 1 authentication *****"),
            (" neighbor 192.168.0.2 password BgpS3cret!\nsnmp-server user nms NMS v3 auth sha AuthS3cret priv aes 128 PrivS3cret",
             "| neighbor 192.168.0.2 password ***** snmp-server user nms NMS v3 auth sha ***** priv aes 128 *****"),
        ]
        for (config, shown) in cases {
            let log = Self.head + "R1#show running-config\n" + Self.debugLine + "\n" + config + "\nR1#\n" + Self.tail
            let texts = Fixture.events(log).map(\.text)
            #expect(texts.contains("ISAKMP:(0):found peer pre-shared key matching 192.168.0.2 " + shown), "\(texts.filter { $0.contains("found peer") })")
            let (_, all) = Self.everyOutput(log)
            for secret in ["0822455D0A16", "Kc-Secr3t-2", "NhrpK3y", "NtpS3cret", "Hsrp-S3cret", "BgpS3cret", "AuthS3cret", "PrivS3cret"] {
                #expect(!all.contains(secret), "\(secret)")
            }
        }
    }
}

extension ConfigurationSecretTests {
    /// Debug text that says the words these commands use (`authentication`, `auth`, `md5`,
    /// `version`, `Standby`) is shown as logged, whole or cut after any of its words, and a
    /// line that ends in one of them asks nothing of the next line.
    @Test func debugTextThatSaysTheirWordsIsShownAsLogged() {
        let bodies = [
            "IKEv2:(SESSION ID = 1,SA ID = 1):Verify peer's authentication data",
            "IKEv2:(SESSION ID = 1,SA ID = 1):Get peer's authentication method",
            "ISAKMP:      auth pre-share",
            "ISAKMP:      hash MD5",
            "ISAKMP:      hash SHA",
            "ISAKMP:(1004):Sending an IKE IPv4 Packet.",
            "ISAKMP: reserved not zero on ID payload!",
            "%HSRP-5-STATECHANGE: Vlan10 Grp 1 state Standby -> Active",
            "ISAKMP (1004): vendor ID is NAT-T v3",
            "IKEv2:(SESSION ID = 1,SA ID = 1):Sending Packet [To 192.0.2.1:500/From 192.0.2.2:500/VRF i0:f0]",
        ]
        for body in bodies {
            #expect(SecretMasker.maskLog(body) == body)
            let words = body.split(separator: " ")
            for n in 1...words.count {
                let head = words.prefix(n).joined(separator: " ")
                #expect(Array(head.utf8).withUnsafeBufferPointer { SecretMasker.tail(of: $0) } == .none, "\(head)")
            }
            let line = "*Jun 19 12:28:44.263: " + body
            #expect(Fixture.events(line + "\n").map(\.text) == [body])
            // (Also where a configuration's commands are looked for: a record of two lines.)
            #expect(Array(body.utf8).withUnsafeBufferPointer { Record.displayText(of: $0, configuration: true) } == body)
        }
    }
}

/// The keys of IPsec itself and the credentials of a transfer, as a pasted configuration or a
/// typed command carries them: a manual IPsec SA's `set session-key … cipher X authenticator Y`
/// and `ah SPI X`, OSPFv3's IPsec keys, a PKCS#12 file's password, a URL's password, `ip ftp
/// password`, `ip http client password`, a RADIUS server's `pac key`. Each is masked alone,
/// joined onto a debug line, logged and cut at 80 columns anywhere, and in a configuration's
/// evidence; the rest of its line (the SPI, `esp`, the algorithms, the URL's user and host) shows.
@Suite struct TransferAndIPsecSecretTests {
    typealias Form = ConfigurationSecretTests.Form
    static let md5 = "A1B2C3D4E5F60718293A4B5C6D7E8F90", sha1 = "F0E1D2C3B4A5968778695A4B3C2D1E0F10213243"

    static let forms: [Form] = [
        Form(context: ["crypto map CM 20 ipsec-manual", " set peer 192.168.0.2"],
             line: " set session-key inbound esp 256 cipher 0A1B2C3D4E5F60718293A4B5C6D7E8F9 authenticator 9F8E7D6C5B4A39281706F5E4D3C2B1A0A9B8C7D6",
             secrets: ["0A1B2C3D4E5F60718293A4B5C6D7E8F9", "9F8E7D6C5B4A39281706F5E4D3C2B1A0A9B8C7D6"]),
        Form(context: ["crypto map CM 20 ipsec-manual"], line: " set session-key outbound esp 257 cipher 1122AABB33CC44DD authenticator 5566EEFF77008899",
             secrets: ["1122AABB33CC44DD", "5566EEFF77008899"]),
        Form(context: ["crypto map CM 20 ipsec-manual"], line: " set session-key inbound esp 258 authenticator 13579BDF2468ACE0",
             secrets: ["13579BDF2468ACE0"]),
        Form(context: ["crypto map CM 20 ipsec-manual"], line: " set session-key outbound ah 259 FEDCBA98765432100123456789ABCDEF",
             secrets: ["FEDCBA98765432100123456789ABCDEF"]),
        Form(context: ["interface Tunnel1"], line: " ipv6 ospf authentication ipsec spi 256 md5 \(md5)", secrets: [md5]),
        Form(context: ["interface Tunnel1"], line: " ipv6 ospf authentication ipsec spi 500 sha1 7 \(sha1)", secrets: [sha1]),
        Form(context: ["interface Tunnel1"], line: " ipv6 ospf encryption ipsec spi 256 esp aes-cbc 128 0D1C2B3A49586776F5E4D3C2B1A09F8E sha1 \(sha1)",
             secrets: ["0D1C2B3A49586776F5E4D3C2B1A09F8E", sha1]),
        Form(context: ["interface Tunnel1"], line: " ipv6 ospf encryption ipsec spi 257 esp 3des 0 1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F md5 0 \(md5)",
             secrets: ["1A2B3C4D5E6F7A8B9C0D1E2F3A4B5C6D7E8F9A0B1C2D3E4F", md5]),
        Form(context: ["interface Tunnel1"], line: " ipv6 ospf encryption ipsec spi 258 esp null sha1 \(sha1)", secrets: [sha1]),
        Form(context: ["router ospfv3 1"], line: " area 0 authentication ipsec spi 300 md5 \(md5)", secrets: [md5]),
        Form(context: ["router ospfv3 1"], line: " area 1 encryption ipsec spi 301 esp des 7 8E7F6A5B4C3D2E1F md5 \(md5)", secrets: ["8E7F6A5B4C3D2E1F", md5]),
        Form(context: ["interface Gi0/3"], line: " ospfv3 authentication ipsec spi 256 sha1 \(sha1)", secrets: [sha1]),
        Form(context: ["interface Gi0/3"], line: " ospfv3 encryption ipsec spi 302 esp aes-cbc 256 7 2F3E4D5C6B7A89980F1E2D3C4B5A6978 sha1 7 \(sha1)",
             secrets: ["2F3E4D5C6B7A89980F1E2D3C4B5A6978", sha1]),
        Form(context: [], line: "crypto pki import TP pkcs12 tftp://10.0.0.5/r1.p12 password QzP12Jx", secrets: ["QzP12Jx"]),
        Form(context: [], line: "crypto pki export TP pkcs12 flash:r1.p12 password QzP13Jx", secrets: ["QzP13Jx"]),
        Form(context: [], line: "crypto pki export TP pem terminal 3des password QzPem7Jx", secrets: ["QzPem7Jx"]),
        Form(context: [], line: "copy ftp://admin:QzFtp7Jx@10.0.0.5/r1.cfg running-config", secrets: ["QzFtp7Jx"]),
        Form(context: [], line: "copy scp://backup:QzScp7Jx@10.0.0.5/r1.cfg flash:", secrets: ["QzScp7Jx"]),
        Form(context: [], line: "copy http://web:QzHtp7Jx@10.0.0.5/images/r1.bin flash:", secrets: ["QzHtp7Jx"]),
        Form(context: ["archive"], line: " path scp://backup:QzArc7Jx@10.0.0.5/$h-$t", secrets: ["QzArc7Jx"]),
        Form(context: [], line: "ip ftp password QzIf7Jx", secrets: ["QzIf7Jx"]),
        Form(context: [], line: "ip ftp password 7 QzIf8Jx", secrets: ["QzIf8Jx"]),
        Form(context: [], line: "ip http client password QzHc7Jx", secrets: ["QzHc7Jx"]),
        Form(context: [], line: "ip http client password 0 QzHc8Jx", secrets: ["QzHc8Jx"]),
        Form(context: ["radius server ISE", " address ipv4 10.0.0.9 auth-port 1812 acct-port 1813"], line: " pac key QzPac7Jx", secrets: ["QzPac7Jx"]),
        Form(context: ["radius server ISE", " address ipv4 10.0.0.9 auth-port 1812 acct-port 1813"], line: " pac key 7 QzPac8Jx", secrets: ["QzPac8Jx"]),
    ]

    @Test func everyFormAloneOrJoinedOntoADebugLineIsMasked() { ConfigurationSecretTests.expectMaskedAloneOrJoined(Self.forms) }

    @Test func everyFormLoggedAndCutAt80ColumnsAnywhereIsMasked() { ConfigurationSecretTests.expectMaskedCutAt80Anywhere(Self.forms) }

    @Test func everyFormInAConfigurationIsMaskedUnlessShowSecrets() { ConfigurationSecretTests.expectMaskedInAConfiguration(Self.forms) }

    /// Text that says these words and is no such command stays as it is: a URL without a
    /// password, a debug line's `spi`, `esp`, `ah`, `cipher`.
    @Test func theirWordsElsewhereAreNotMasked() {
        for text in ["copy tftp://10.0.0.5/r1.cfg running-config", "copy scp://backup@10.0.0.5/r1.cfg flash:",
                     "copy http://[2001:db8::5]:8080/r1.bin flash:", "archive | path flash:/archive/$h",
                     "IPSEC(validate_proposal_request): proposal part #1, (key eng. msg.) INBOUND local= 192.168.0.1, remote= 192.168.0.2, protocol= ESP, transform= esp-aes esp-sha-hmac  (Tunnel), spi= 0x0(0)",
                     "crypto map CM 20 ipsec-manual | set peer 192.168.0.2 | set transform-set TS | match address 120",
                     "ipv6 ospf authentication null | ospfv3 authentication key-chain KC", "ip ftp username backup", "ip http client username web"] {
            #expect(SecretMasker.maskLog(text) == text, "\(text)")
            #expect(SecretMasker.mask(text) == text, "\(text)")
        }
    }
}

/// The scan that tells whether text may name a secret looks sixteen bytes at a time, then eight,
/// then at the last few: a phrase is found, and an event's text masked, wherever it stands
/// against those steps.
@Suite struct SecretScanOffsetTests {
    static func names(_ text: String, configuration: Bool = false) -> Bool {
        var t = text
        return t.withUTF8 { configuration ? SecretMasker.mayNameConfigurationSecret($0) : SecretMasker.mayNameSecret($0) }
    }

    static func eventText(_ text: String, configuration: Bool) -> String {
        Array(text.utf8).withUnsafeBufferPointer { Record.displayText(of: $0, configuration: configuration) }
    }

    @Test func aKeyIsMaskedWhereverItStandsInTheLine() {
        for pad in 0..<48 {
            let inside = "ISAKMP:(1004):" + String(repeating: "x", count: pad) + " crypto isakmp key S3cr3tV4lue address 10.0.0.1"
            #expect(Self.names(inside), "\(inside)")
            #expect(!Self.eventText(inside, configuration: false).contains("S3cr3tV4lue"), "\(inside)")
            let atEnd = String(repeating: "y", count: pad) + " crypto isakmp key S3cr3tV4lue"
            #expect(Self.names(atEnd), "\(atEnd)")
            #expect(!Self.eventText(atEnd, configuration: false).contains("S3cr3tV4lue"), "\(atEnd)")
        }
    }

    @Test func aConfigurationSecretIsMaskedWhereverItStands() {
        for pad in 0..<48 {
            let text = String(repeating: "z", count: pad) + " standby 1 authentication S3cr3tV4lue"
            #expect(Self.names(text, configuration: true), "\(text)")
            #expect(!Self.eventText(text, configuration: true).contains("S3cr3tV4lue"), "\(text)")
        }
    }

    @Test func debugTextWithoutAPhraseNamesNone() {
        for pad in 0..<48 {
            let text = String(repeating: "q", count: pad) + " ISAKMP:(1004):Old State = IKE_R_MM5  New State = IKE_R_MM5 keyring found"
            #expect(!Self.names(text), "\(text)")
            #expect(!Self.names(text, configuration: true), "\(text)")
            #expect(Self.eventText(text, configuration: true) == text, "\(text)")
        }
    }
}
