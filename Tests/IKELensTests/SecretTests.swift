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

    @Test func everyFormAloneOrJoinedOntoADebugLineIsMasked() {
        #expect(Self.forms.allSatisfy { f in Self.leaked(f, in: Self.everyOutput(Self.sample).all).isEmpty })
        for f in Self.forms {
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
    @Test func everyFormCutAt80ColumnsAnywhereIsMasked() {
        let after = "*Jul 16 20:21:25.299: ISAKMP:(0): local preshared key found"
        for f in Self.forms {
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
    @Test func everyFormInAConfigurationIsMaskedUnlessShowSecrets() {
        for f in Self.forms {
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
