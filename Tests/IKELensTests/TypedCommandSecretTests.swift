import Foundation
import Testing
@testable import IKELens

/// A pre-shared key in a command typed the way operators type it, and reaching the log the way
/// a console puts it there: IOS's abbreviations (`cry is key X add A`, a keyring's `pre a A k X`,
/// `pre l X`), typed while debug text was written (glued onto its end with no prompt,
/// `…IKE_I_MM5key X`), joined onto the line before it, cut by a line end inside a command's
/// word (`pre-shared-k` / `ey`) or after `cr`. Before, each of these showed the key in
/// `ikelens events` (a leak sweep over the samples found 75 in 4,575 runs; now none of these).
@Suite struct TypedCommandSecretTests {
    static let secret = "Zq9Sekr1t"

    /// Typed commands and the masker's exact output for each.
    static let masked: [(String, String)] = [
        ("cry is key Zq9Sekr1t add 10.0.0.2", "cry is key ***** add 10.0.0.2"),
        ("cr is k Zq9Sekr1t a 10.0.0.2", "cr is k ***** a 10.0.0.2"),
        ("cry isakmp k 6 Zq9Sekr1t add 10.0.0.2", "cry isakmp k 6 ***** add 10.0.0.2"),
        ("Cry Is Key Zq9Sekr1t Add 10.0.0.2", "Cry Is Key ***** Add 10.0.0.2"),
        ("pre a 10.0.0.2 k Zq9Sekr1t", "pre a 10.0.0.2 k *****"),
        ("pre-shared-key a 10.0.0.2 k Zq9Sekr1t", "pre-shared-key a 10.0.0.2 k *****"),
        ("pre-sh h r2.example.com ke Zq9Sekr1t", "pre-sh h r2.example.com ke *****"),
        ("pre a 10.0.0.0 255.255.255.0 k Zq9Sekr1t", "pre a 10.0.0.0 255.255.255.0 k *****"),
        ("pre l Zq9Sekr1t", "pre l *****"),
        ("pre r Zq9Sekr1t", "pre r *****"),
        ("R1(config-ikev2-keyring-peer)#pre Zq9Sekr1t", "R1(config-ikev2-keyring-peer)#pre *****"),
        // Typed while debug text was written: glued onto its end, no prompt between.
        ("ISAKMP:(1012):Old State = IKE_I_MM4  New State = IKE_I_MM5key Zq9Sekr1t",
         "ISAKMP:(1012):Old State = IKE_I_MM4  New State = IKE_I_MM5key *****"),
        ("ISAKMP:(1011):SA has been authenticated with 192.168.0.2Cry Is Key Zq9Sekr1t Add 10.0.0.2",
         "ISAKMP:(1011):SA has been authenticated with 192.168.0.2Cry Is Key ***** Add 10.0.0.2"),
        ("ISAKMP:      SA life type in secondspre a 10.0.0.2 k Zq9Sekr1t", "ISAKMP:      SA life type in secondspre a 10.0.0.2 k *****"),
        ("IKEv2:(SESSION ID = 23,SA ID = 1):Completed SA init exchangecry isakmp k Zq9Sekr1t add 10.0.0.2",
         "IKEv2:(SESSION ID = 23,SA ID = 1):Completed SA init exchangecry isakmp k ***** add 10.0.0.2"),
        ("IPSEC(create_sa): sa created,enable secret Zq9Sekr1t", "IPSEC(create_sa): sa created,enable secret *****"),
        ("%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformedenable secret Zq9Sekr1t",
         "%CRYPTO-4-IKMP_BAD_MESSAGE: IKE message from 192.168.0.2 failed its sanity check or is malformedenable secret *****"),
        ("ISAKMP:(0): vendor ID seems Unity/DPD but major 157 mismatchkey Zq9Sekr1t", "ISAKMP:(0): vendor ID seems Unity/DPD but major 157 mismatchkey *****"),
        ("ISAKMP:received payload type 20ip nhrp authentication Zq9Sekr1t", "ISAKMP:received payload type 20ip nhrp authentication *****"),
        ("ISAKMP:received payload type 20 ip nhrp authentication Zq9Sekr1t", "ISAKMP:received payload type 20 ip nhrp authentication *****"),
        ("ISAKMP:(0):Fill atts in sa vpi_length:4snmp-server community Zq9Sekr1t RO",
         "ISAKMP:(0):Fill atts in sa vpi_length:4snmp-server community ***** RO"),
        // Joined onto the line before it: `key X` ends the line after debug text.
        ("ISAKMP:(0):found peer pre-shared key matching 10.0.0.2 key Zq9Sekr1t",
         "ISAKMP:(0):found peer pre-shared key matching 10.0.0.2 key *****"),
        ("IKEv2:(SESSION ID = 21,SA ID = 1):SM Trace-> SA: CurState: AUTH_DONE Event: EV_FAIL key Zq9Sekr1t",
         "IKEv2:(SESSION ID = 21,SA ID = 1):SM Trace-> SA: CurState: AUTH_DONE Event: EV_FAIL key *****"),
        // A line cut after `cr`, its rest indented (a join's ` | `).
        ("ISAKMP:      default group 2!R1(config)#cr | is k Zq9Sekr1t a 10.0.0.2",
         "ISAKMP:      default group 2!R1(config)#cr | is k ***** a 10.0.0.2"),
        ("ISAKMP:(1011):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH!pre | l Zq9Sekr1t",
         "ISAKMP:(1011):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH!pre | l *****"),
        ("ISAKMP:(1010):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH!pre | Zq9Sekr1t", "ISAKMP:(1010):Input = IKE_MESG_FROM_PEER, IKE_MM_EXCH!pre | *****"),
        ("ISAKMP:(1011):SA is doing pre-shared key authentication using id type ID_IPV4_ADDRkey-string Zq9Sekr1t",
         "ISAKMP:(1011):SA is doing pre-shared key authentication using id type ID_IPV4_ADDRkey-string *****"),
        ("ISAKMP:(0): vendor ID is Unitykey-string Zq9Sekr1t", "ISAKMP:(0): vendor ID is Unitykey-string *****"),
        ("%CRYPTO-5-IKMP_INVAL_CERT: Certificate received from 198.51.100.41 failed validationcr is k Zq9Sekr1t a 10.0.0.2",
         "%CRYPTO-5-IKMP_INVAL_CERT: Certificate received from 198.51.100.41 failed validationcr is k ***** a 10.0.0.2"),
        ("ISAKMP:(0): processing vendor id payloadpre Zq9Sekr1t", "ISAKMP:(0): processing vendor id payloadpre *****"),
        // (`pre` glued so, its side abbreviated to more than one letter: `loc`, `rem`, `add`, `ho`.)
        ("ISAKMP-ERROR: (0):(65514): Either (3des) encryption algorithm or (md5) hash algorithmis not CSDL compliantpre loc Zq9Sekr1t",
         "ISAKMP-ERROR: (0):(65514): Either (3des) encryption algorithm or (md5) hash algorithmis not CSDL compliantpre loc *****"),
        ("ISAKMP-ERROR: (0):not CSDL compliantpre rem 0 Zq9Sekr1t", "ISAKMP-ERROR: (0):not CSDL compliantpre rem 0 *****"),
        ("ISAKMP-ERROR: (0):not CSDL compliantpre add 10.0.0.2 ke Zq9Sekr1t", "ISAKMP-ERROR: (0):not CSDL compliantpre add 10.0.0.2 ke *****"),
        ("ISAKMP-ERROR: (0):not CSDL compliantpre ho r2.example.com k Zq9Sekr1t", "ISAKMP-ERROR: (0):not CSDL compliantpre ho r2.example.com k *****"),
        ("ISAKMP:(0):found peer pre-shared key matching 203.0.113.99\"key-string Zq9Sekr1t\"",
         "ISAKMP:(0):found peer pre-shared key matching 203.0.113.99\"key-string *****"),
        // The value's rest, on the next line, masked already (`tail(of:)`): the value too.
        ("ISAKMP:(1011):purging node 3952146721!key Zq9Sekr1 *****", "ISAKMP:(1011):purging node 3952146721!key ***** *****"),
        ("ISAKMP:(1011): seq. no 0x6F3A5E19!R1(config)#pre Zq9Sekr1 *****", "ISAKMP:(1011): seq. no 0x6F3A5E19!R1(config)#pre ***** *****"),
    ]

    /// Debug text that reads like none of them stays as it is.
    static let kept = [
        "ISAKMP:(0):found peer pre-shared key matching 10.0.0.2",
        "ISAKMP:(0): local preshared key found",
        "ISAKMP:(0):No pre-shared key with 10.0.0.2!",
        "IKEv2:(SESSION ID = 5,SA ID = 1):Load IPSEC key material",
        "ISAKMP:(1013):Found ADDRESS key in keyring default",
        "ISAKMP:(1004):Key not found in keyrings of profile",
        "Crypto mapdb : proxy_match",
        "ISAKMP:      encryption AES-CBC",
        "ISAKMP:(0): processing vendor id payload",
        "ISAKMP:(0):Preshared authentication offered but does not match policy!",
        "crypto isakmp keepalive 10 3 periodic",
        "R1(config)#cry isa k 10 3",
        "interface Tunnel0 | tunnel key 100",
        "ISAKMP:(0): pre-shared key proposal",
    ]

    @Test func eachTypedFormIsMaskedAndDebugTextKept() {
        for (line, expected) in Self.masked {
            #expect(SecretMasker.maskLog(line) == expected, "\(line)")
            var t = line
            #expect(t.withUTF8 { SecretMasker.mayCarrySecret($0, configuration: false) }, "\(line)")
        }
        for line in Self.kept {
            #expect(SecretMasker.maskLog(line) == line, "\(line)")
        }
        // The configuration's masker (a line typed at a prompt is configuration) reads a
        // keyring's words abbreviated too; `pre-shared-key a` alone is a key `a`.
        #expect(SecretMasker.mask("pre-shared-key a 10.0.0.2 k Zq9Sekr1t") == "pre-shared-key a 10.0.0.2 k *****")
        #expect(SecretMasker.mask("pre-shared-key l Zq9Sekr1t") == "pre-shared-key l *****")
        #expect(SecretMasker.mask("pre-shared-key h r2.example.com key Zq9Sekr1t") == "pre-shared-key h r2.example.com key *****")
        #expect(SecretMasker.mask("pre-shared-key a") == "pre-shared-key *****")
    }

    /// A line that ends in such a command's value may have the rest of the value on the next
    /// line (`tail(of:)`); debug text that ends in `… pre-shared key` asks for no word after it.
    @Test func aValueCutAtTheLineEndIsSeen() {
        func tail(_ s: String) -> SecretMasker.Tail { Array(s.utf8).withUnsafeBufferPointer { SecretMasker.tail(of: $0) } }
        #expect(tail("R1(config-keyring)#pre a 10.0.0.2 k Zq9S") == .inValue)
        #expect(tail("ISAKMP:      encryption AES-CBC!R1(config-keyring)#pre Zq") == .inValue)
        #expect(tail("ISAKMP:(0):sending packet (I) AG_INIT_EXCHpre-shared-key Zq9S") == .inValue)
        #expect(tail("R1(config-keyring)#pre l") == .afterWord)
        #expect(tail("ISAKMP:(0): retransmitting phase 1 MM_SA_SETUP!cry is key") == .afterWord)
        #expect(tail("ISAKMP:(0):found peer pre-shared key") == .none)
        #expect(tail("ISAKMP:(0): local preshared key found!R1(c") == .none)
    }

    /// A word of a command that names a secret, cut by a line end, is joined whole at any width.
    @Test func aCommandsWordCutByALineEndIsJoinedWhole() {
        func cut(_ a: String, _ b: String) -> Bool { Array(b.utf8).withUnsafeBufferPointer { RecordAssembler.cutInsideCommandWord(Array(a.utf8), $0) } }
        #expect(cut("!R1(config)#pre-shared-k", "ey Zq9Sekr1t"))
        #expect(cut("!R1(config)#pre-shared-", "key Zq9Sekr1t"))
        #expect(cut("payload type 20!R1(config)#snmp-se", "rver community X RO"))
        #expect(cut("vpi_length:4!crypto isa", "kmp key 6 X address 0.0.0.0"))
        #expect(cut("IPv4 Packet.!pre-shared-key loc", "al X"))
        #expect(cut("found!R1(config)#p", "re l X"))
        #expect(cut("vendor id payload!R1(config)#cr i", "s k X a 10.0.0.2"))
        #expect(!cut("ISAKMP:(0): processing crypto", "isakmp"))
        #expect(!cut("ISAKMP:(0):found peer pre-shared key", "matching 10.0.0.2"))
        #expect(!cut("ISAKMP:(1004):Key not found in", "keyrings of profile"))
        // `ke` (`key` abbreviated) cut after its `k`, in a log: its rest is no value, the word after it is.
        let sample = Fixture.sampleText("r1-responder-psk-mismatch")
        let lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let glued = lines[20] + "!pre-sh h r2.example.com ke Zq9Sekr1t"
        let k = glued.utf8.count - "e Zq9Sekr1t".utf8.count
        for width in [k, 72] where glued.utf8.count > width {
            let at = glued.utf8.index(glued.utf8.startIndex, offsetBy: width)
            for log in [[String(glued[..<at]), String(glued[at...])].joined(separator: "\n"),
                        (lines[..<20] + [String(glued[..<at]), String(glued[at...])] + lines[21...]).joined(separator: "\n")] {
                let (events, all) = ConfigurationSecretTests.everyOutput(log)
                #expect(!all.contains("Sekr1t"), "cut at \(width): \(events.filter { $0.contains("Sekr") })")
            }
        }
    }

    /// In a log: each command alone after a debug line (joined onto it), glued onto a debug line
    /// after IOS's `!` and a prompt, glued with no prompt, and glued and then cut at 79 and 72
    /// columns. No event, report or JSON shows the key, and the sample's findings stay.
    @Test func noOutputShowsTheKeyWhereverTheCommandStands() {
        let sample = Fixture.sampleText("r1-responder-psk-mismatch")
        let lines = sample.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expected = DamageTests.findings(sample)
        let commands = ["cry is key Zq9Sekr1t add 10.0.0.2", "pre a 10.0.0.2 k Zq9Sekr1t", "pre-shared-key a 10.0.0.2 k Zq9Sekr1t",
                        "pre l Zq9Sekr1t", "key Zq9Sekr1t", "crypto isakmp key 6 Zq9Sekr1t address 0.0.0.0 0.0.0.0",
                        "snmp-server community Zq9Sekr1t RO", "R1(config-keyring)#pre-shared-key a 10.0.0.2 k Zq9Sekr1t"]
        for command in commands {
            for at in [20, 40] {
                let debug = lines[at]
                let glued = debug + "!R1(config-keyring)#" + command
                var ways: [(String, [String])] = [
                    ("alone", [debug, command]),
                    ("glued after a prompt", [glued]),
                    ("glued", [debug + command]),
                    // (Typed on the line after a prompt with nothing typed at it.)
                    ("after a bare prompt", [debug, "R1(config-keyring)#", command]),
                ]
                for width in [79, 72] where glued.utf8.count > width {
                    let cut = glued.utf8.index(glued.utf8.startIndex, offsetBy: width)
                    ways.append(("cut at \(width)", [String(glued[..<cut]), String(glued[cut...])]))
                }
                for (way, inserted) in ways {
                    let log = (lines[..<at] + inserted + lines[(at + 1)...]).joined(separator: "\n")
                    let (events, all) = ConfigurationSecretTests.everyOutput(log)
                    #expect(!all.contains("Sekr1t"), "\(command) \(way) at \(at): \(events.filter { $0.contains("Sekr") })")
                    #expect(DamageTests.findings(log) == expected, "\(command) \(way) at \(at)")
                }
            }
        }
    }
}
