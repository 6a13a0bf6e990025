import Foundation
import Testing
@testable import IKELens

/// Small configurations for the selection rules.
enum Configs {
    static func router(_ name: String, _ body: String) -> RouterConfig {
        ConfigParser.parse("hostname \(name)\n" + body, file: "\(name).cfg")
    }

    /// A router with one crypto map entry toward `peer` on the interface that owns `own` (its
    /// file named after it in lower case).
    static func mapRouter(_ name: String, own: String, peer: String, key: String = "Shared99",
                          transforms: String = "esp-aes 256 esp-sha256-hmac", pfs: Bool = false, acl: String) -> RouterConfig {
        ConfigParser.parse("""
            hostname \(name)
            crypto isakmp policy 10
             encr aes 256
             hash sha256
             authentication pre-share
             group 14
            crypto isakmp key \(key) address \(peer)
            crypto ipsec transform-set TS1 \(transforms)
            crypto map CMAP 10 ipsec-isakmp
             set peer \(peer)
             set transform-set TS1
            \(pfs ? " set pfs group14\n" : "") match address VPN-ACL
            interface GigabitEthernet0/0
             ip address \(own) 255.255.255.0
             crypto map CMAP
            ip access-list extended VPN-ACL
             permit ip \(acl)
            """, file: "\(name.lowercased()).cfg")
    }

    static let spoke = router("SPOKE", """
    crypto isakmp policy 10
     encr aes 256
     hash sha256
     authentication pre-share
     group 14
    crypto isakmp key k1 address 203.0.113.1
    crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
     mode tunnel
    crypto map VPN 10 ipsec-isakmp
     set peer 203.0.113.1
     set transform-set TS
     match address ACL
    interface Gi0/0
     ip address 198.51.100.9 255.255.255.0
     crypto map VPN
    ip access-list extended ACL
     permit ip 10.9.0.0 0.0.0.255 10.0.0.0 0.0.255.255
    """)

    /// The seed's responder: the spoke's address in two keyrings, its identity matched by the
    /// profile of the second.
    static var seedHub: RouterConfig {
        hub("""
        crypto keyring KR1
         pre-shared-key address 198.51.100.9 key k1
        crypto keyring KR2
         pre-shared-key address 198.51.100.9 key k1
        """, profiles: """
        crypto isakmp profile P2
         keyring KR2
         match identity address 198.51.100.9 255.255.255.255
        """)
    }

    static func hub(_ keys: String, profiles: String = "", mapProfile: String? = nil) -> RouterConfig {
        router("HUB", """
        \(keys)
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        \(profiles)
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto map VPN 10 ipsec-isakmp
         set peer 198.51.100.9
         set transform-set TS
         match address ACL
        \(mapProfile.map { " set isakmp-profile \($0)" } ?? "")
        interface Gi0/1
         ip address 203.0.113.1 255.255.255.0
         crypto map VPN
        ip access-list extended ACL
         permit ip 10.0.0.0 0.0.255.255 10.9.0.0 0.0.0.255
        """)
    }

    static func direction(_ hub: RouterConfig) -> Simulator.Direction {
        Simulator.simulate(initiator: spoke, responder: hub, peer: "203.0.113.1")
    }
}

@Suite struct SelectionRuleTests {
    @Test func responderTakesFirstKeyringWhenTwoHoldTheSameAddress() {
        let hub = Configs.seedHub
        let d = Configs.direction(hub)
        #expect(d.outcome == "keyring-mismatch")
        #expect(d.steps.contains { $0.text.contains("takes KR1, first in configuration") })
        #expect(d.fixLines == ["crypto keyring KR1", " no pre-shared-key address 198.51.100.9"])
        #expect(d.fixEdit == .removeKey(keyring: "KR1", line: 3))
    }

    @Test func responderTakesDefaultKeyringBeforeLongerMaskInKeyring() {
        let hub = Configs.hub("""
        crypto keyring EXACT
         pre-shared-key address 198.51.100.9 key k1
        crypto isakmp key wild address 0.0.0.0 0.0.0.0
        """)
        let d = Configs.direction(hub)
        #expect(d.outcome == "psk-mismatch")
        #expect(d.steps.contains { $0.text.contains("checked before any keyring → takes the default keyring") })
    }

    @Test func responderPrefersTheLongestMaskAcrossKeyrings() {
        let hub = Configs.hub("""
        crypto keyring WIDE
         pre-shared-key address 198.51.100.0 255.255.255.0 key other
        crypto keyring EXACT
         pre-shared-key address 198.51.100.9 key k1
        """)
        let d = Configs.direction(hub)
        #expect(d.outcome == "establishes")
        #expect(d.steps.contains { $0.text.contains("takes EXACT, the longest mask") })
    }

    @Test func responderSearchesOnlyTheKeyringsOfTheFrontDoorVRF() {
        var hub = Configs.hub("""
        crypto keyring GLOBAL
         pre-shared-key address 198.51.100.9 key wrong
        crypto keyring INSIDE vrf BLUE
         pre-shared-key address 198.51.100.9 key k1
        """)
        #expect(Configs.direction(hub).outcome == "psk-mismatch")
        hub.interfaces[0].vrf = "BLUE"
        let d = Configs.direction(hub)
        #expect(d.outcome == "establishes")
        #expect(d.steps.contains { $0.text.contains("fVRF BLUE") && $0.text.contains("INSIDE") })
    }

    @Test func responderPicksTheMostSpecificProfileWhateverTheOrder() {
        let hub = Configs.hub("""
        crypto keyring KR
         pre-shared-key address 198.51.100.0 255.255.255.0 key k1
        """, profiles: """
        crypto isakmp profile BROAD
         keyring KR
         match identity address 198.51.100.0 255.255.255.0
        crypto isakmp profile EXACT
         keyring KR
         match identity address 198.51.100.9 255.255.255.255
        """, mapProfile: "BROAD")
        let d = Configs.direction(hub)
        #expect(d.outcome == "qm-profile-mismatch")
        #expect(d.steps.contains { $0.text.contains("matches profile EXACT") })
        #expect(d.fixLines == ["crypto map VPN 10", " set isakmp-profile EXACT"])
    }

    @Test func aPeerMissingFromTheMapIsRefusedWithError32() {
        var hub = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        hub.cryptoMaps[0].peers = ["198.51.100.99"]
        #expect(Configs.direction(hub).outcome == "qm-no-matching-map")
    }

    @Test func crossedACLsAreAProxyMismatch() {
        var hub = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        hub.accessLists["ACL"] = [ACLEntry(permit: true, protocolName: "ip", source: IPv4Prefix("10.0.0.0", mask: "255.255.0.0")!,
                                           destination: IPv4Prefix("10.8.0.0", mask: "255.255.255.0")!, line: 99)]
        let d = Configs.direction(hub)
        #expect(d.outcome == "proxy-id-mismatch")
        #expect(d.fixLines.last == " permit ip 10.0.0.0 0.0.255.255 10.9.0.0 0.0.0.255")
    }

    @Test func differentTransformSetsAndPFSAreFound() {
        var hub = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        hub.transformSets[0].transforms = ["esp-3des", "esp-md5-hmac"]
        #expect(Configs.direction(hub).outcome == "transform-set-mismatch")
        var pfs = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        pfs.cryptoMaps[0].pfs = "group14"
        #expect(Configs.direction(pfs).outcome == "pfs-mismatch")
        // A responder without `set pfs` accepts the initiator's PFS offer.
        let responder = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        var initiator = Configs.spoke
        for i in initiator.cryptoMaps.indices { initiator.cryptoMaps[i].pfs = "group14" }
        for i in initiator.ipsecProfiles.indices { initiator.ipsecProfiles[i].pfs = "group14" }
        #expect(Simulator.simulate(initiator: initiator, responder: responder, peer: "203.0.113.1").outcome == "establishes")
    }

    /// Several problems between two routers: the first stops the tunnel, the others are met as
    /// the fix is simulated round by round. Each is named (text, JSON, the finding's
    /// explanation), and each part of the fix is headed by the router it is for, also when the
    /// fix goes back to the first router after a part on the other.
    @Test func problemsBehindTheFirstAreNamedAndTheirFixesHeadedByRouter() throws {
        let r1 = Configs.mapRouter("R1", own: "198.51.100.1", peer: "203.0.113.2", key: "Alpha123", transforms: "esp-aes 256 esp-sha256-hmac", pfs: true,
                     acl: "10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255")
        let r2 = Configs.mapRouter("R2", own: "203.0.113.2", peer: "198.51.100.1", key: "Alpha124", transforms: "esp-aes esp-sha-hmac", pfs: false,
                     acl: "10.2.0.0 0.0.255.255 10.1.0.0 0.0.0.255")
        let check = ConfigCheck.run([r1, r2])
        let forward = try #require(check.directions.first { $0.initiator == "R1" })
        let reverse = try #require(check.directions.first { $0.initiator == "R2" })
        #expect(forward.outcome == "psk-mismatch")
        #expect(forward.problemsBehind.map(\.outcome) == ["transform-set-mismatch", "proxy-id-mismatch"])
        #expect(forward.outcomeAfterFix == "establishes")
        #expect(reverse.outcome == "psk-mismatch")
        #expect(reverse.problemsBehind.map(\.outcome) == ["transform-set-mismatch", "pfs-mismatch"])
        // Key on R2, transform set on R1, PFS on R2 again: the last part is R2's, headed so.
        #expect(reverse.fixRouter == "R2")
        #expect(Array(reverse.fixLines.suffix(3)) == ["! on R2:", "crypto map CMAP 10", " set pfs group14"])
        #expect(reverse.fixLines.filter { $0.hasPrefix("! on ") } == ["! on R1:", "! on R2:"])
        #expect(reverse.outcomeAfterFix == "establishes")
        let text = ConfigReport.text(check)
        #expect(text.contains("  - behind it: pfs-mismatch: R2 uses no PFS and R1 PFS group14: quick mode refused with error 256.\n"))
        let finding = try #require(check.findings.first { $0.summary.hasPrefix("R2 → R1") })
        #expect(finding.explanation.contains("With that fixed, the simulation meets 2 more, each once the ones before are fixed (the fix below covers all): transform-set-mismatch: "))
        #expect(finding.explanation.contains(" Then pfs-mismatch: R2 uses no PFS and R1 PFS group14"))
        let json = ConfigReport.json(check)
        #expect(json.contains("\"transform-set-mismatch\",\n        \"pfs-mismatch\"\n"))
        // No key in any of it.
        #expect(!text.contains("Alpha12") && !json.contains("Alpha12"))
    }

    /// A peer readdressed (or its address mistyped): the responder has no key for the address
    /// the initiator comes from, but a crypto map entry and a /32 key for another address no
    /// router given owns, whose ACL covers the initiator's traffic. The fix moves that entry and
    /// key to the new address (not a second keyring and map entry beside them); an entry whose
    /// ACL is for other traffic is another peer's, and the usual fix stays.
    @Test func aPeerUnderAFormerAddressIsMovedToItsNewOne() throws {
        let hub = Configs.mapRouter("R1", own: "198.51.100.1", peer: "203.0.113.3", acl: "10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255")
        let moved = Configs.mapRouter("R2", own: "203.0.113.2", peer: "198.51.100.1", acl: "10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255")
        var d = Simulator.simulate(initiator: moved, responder: hub, peer: "198.51.100.1")
        #expect(d.outcome == "no-psk")
        #expect(d.problem.hasSuffix(" Its crypto map CMAP 10 (line 9) names peer 203.0.113.3 instead, with a key for 203.0.113.3 (line 7) and an ACL that covers R2's traffic: 203.0.113.3 looks like R2's former (or mistyped) address."))
        #expect(d.fixRouter == "R1")
        #expect(d.fixLines == ["no crypto isakmp key <the key of line 7> address 203.0.113.3",
                              "crypto isakmp key <same key as on R2> address 203.0.113.2",
                              "crypto map CMAP 10", " no set peer 203.0.113.3", " set peer 203.0.113.2"])
        ConfigCheck.checkFix(&d, routers: [moved, hub], a: moved, b: hub)
        #expect(d.outcomeAfterFix == "establishes")
        #expect(d.problemsBehind.isEmpty)

        // The entry for 203.0.113.3 protects other networks: another peer's, left alone.
        let other = Configs.mapRouter("R1", own: "198.51.100.1", peer: "203.0.113.3", acl: "10.1.0.0 0.0.255.255 10.9.0.0 0.0.255.255")
        let plain = Simulator.simulate(initiator: moved, responder: other, peer: "198.51.100.1")
        #expect(plain.outcome == "no-psk")
        #expect(!plain.problem.contains("former"))
        #expect(plain.fixLines == ["crypto keyring KR-R2", " pre-shared-key address 203.0.113.2 key <same key as on R2>"])

        // The same with a VTI: the tunnel's destination and its key are moved.
        func vti(_ name: String, own: String, peer: String) -> RouterConfig {
            ConfigParser.parse("""
                hostname \(name)
                crypto keyring KR
                  pre-shared-key address \(peer) key Shared99
                crypto isakmp policy 10
                 encr aes 256
                 hash sha256
                 authentication pre-share
                 group 14
                crypto ipsec transform-set TS1 esp-aes 256 esp-sha256-hmac
                crypto ipsec profile IPP
                 set transform-set TS1
                interface Tunnel0
                 ip address 172.16.0.1 255.255.255.252
                 tunnel source GigabitEthernet0/0
                 tunnel mode ipsec ipv4
                 tunnel destination \(peer)
                 tunnel protection ipsec profile IPP
                interface GigabitEthernet0/0
                 ip address \(own) 255.255.255.0
                """, file: "\(name.lowercased()).cfg")
        }
        let vtiHub = vti("R1", own: "198.51.100.1", peer: "203.0.113.3")
        let vtiMoved = vti("R2", own: "203.0.113.2", peer: "198.51.100.1")
        var t = Simulator.simulate(initiator: vtiMoved, responder: vtiHub, peer: "198.51.100.1")
        #expect(t.outcome == "no-psk")
        #expect(t.problem.hasSuffix(" Its interface Tunnel0 (line 12), protected and sourced where R2's packets arrive, has `tunnel destination 203.0.113.3` instead, with a key for 203.0.113.3 (line 3): 203.0.113.3 looks like R2's former (or mistyped) address."))
        #expect(t.fixLines == ["crypto keyring KR", " no pre-shared-key address 203.0.113.3",
                               " pre-shared-key address 203.0.113.2 key <same key as on R2>",
                               "interface Tunnel0", " tunnel destination 203.0.113.2"])
        ConfigCheck.checkFix(&t, routers: [vtiMoved, vtiHub], a: vtiMoved, b: vtiHub)
        #expect(t.outcomeAfterFix == "establishes")
    }

    /// The fixes a direction proposes are checked by simulating again: each must make the tunnel
    /// come up (a transform set added under a free name and referenced, PFS added on the side
    /// that lacks it, an incomplete map entry completed with a mirrored ACL).
    @Test func proposedFixesMakeTheTunnelComeUp() {
        var ts = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        ts.transformSets[0].transforms = ["esp-aes", "esp-sha-hmac"]
        var d = Configs.direction(ts)
        #expect(d.outcome == "transform-set-mismatch")
        #expect(d.fixLines.contains(" set transform-set TS TS-SPOKE"))
        ConfigCheck.checkFix(&d, routers: [Configs.spoke, ts], a: Configs.spoke, b: ts)
        #expect(d.outcomeAfterFix == "establishes")

        var pfs = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        pfs.cryptoMaps[0].pfs = "group14"
        d = Configs.direction(pfs)
        #expect(d.fixRouter == "SPOKE" && d.fixLines == ["crypto map VPN 10", " set pfs group14"])
        ConfigCheck.checkFix(&d, routers: [Configs.spoke, pfs], a: Configs.spoke, b: pfs)
        #expect(d.outcomeAfterFix == "establishes")

        // A map entry without `match address` (or naming an ACL that is not there) is incomplete:
        // IOS does not use it.
        var incomplete = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        incomplete.cryptoMaps[0].acl = nil
        d = Configs.direction(incomplete)
        #expect(d.outcome == "qm-no-matching-map" && d.problem.contains("has no `match address`"))
        #expect(d.fixLines.prefix(2) == ["crypto map VPN 10 ipsec-isakmp", " match address VPN-SPOKE"])
        ConfigCheck.checkFix(&d, routers: [Configs.spoke, incomplete], a: Configs.spoke, b: incomplete)
        #expect(d.outcomeAfterFix == "establishes")
        incomplete.cryptoMaps[0].acl = "NOPE"
        #expect(Configs.direction(incomplete).problem.contains("names ACL NOPE, which is not configured"))

        // `mode transport` on one side only: IOS falls back to tunnel mode.
        var transport = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        transport.transformSets[0].mode = "transport"
        #expect(Configs.direction(transport).outcome == "establishes")
    }

    /// A global key for a whole subnet that wins at MM3 over the profile's keyring: the fix removes
    /// that entry as configured (its network and mask) and says who else it serves.
    @Test func aWildcardGlobalKeyIsRemovedAsConfigured() {
        let hub = Configs.hub("""
        crypto keyring K
          pre-shared-key address 198.51.100.9 key k1
        crypto isakmp key k1 address 198.51.100.0 255.255.255.0
        """, profiles: """
        crypto isakmp profile P
         keyring K
         match identity address 198.51.100.9 255.255.255.255
        """)
        var d = Configs.direction(hub)
        #expect(d.outcome == "keyring-mismatch")
        #expect(d.fixLines.first == "no crypto isakmp key ***** address 198.51.100.0 255.255.255.0")
        #expect(d.fixLines.dropFirst().first?.hasPrefix("! (that key also serves the other peers in 198.51.100.0/24") == true)
        ConfigCheck.checkFix(&d, routers: [Configs.spoke, hub], a: Configs.spoke, b: hub)
        #expect(d.outcomeAfterFix == "establishes")
    }

    /// A profile no map or ipsec profile names is still used when a tunnel to a peer it matches
    /// names none (the initiator takes the most specific match): no `profile-unused` note then.
    @Test func aProfileMatchedByATunnelsPeerIsUsed() {
        let h = Configs.router("H", """
        crypto keyring K
          pre-shared-key address 10.9.9.9 key beta
        crypto isakmp profile P
           keyring K
           match identity address 10.9.9.9 255.255.255.255
        crypto isakmp profile SPARE
           keyring K
           match identity address 10.7.7.7 255.255.255.255
        crypto ipsec profile IP
         set transform-set TS
        interface Tunnel1
         tunnel source GigabitEthernet0/0
         tunnel destination 10.9.9.9
         tunnel protection ipsec profile IP
        interface GigabitEthernet0/0
         ip address 10.2.2.1 255.255.255.0
        """)
        let unused = ConfigCheck.run([h]).findings.filter { $0.id == "profile-unused" }.map(\.summary)
        #expect(unused == ["ISAKMP profile SPARE is used by no crypto map or ipsec profile"])
    }

    /// Two keyrings holding the same peer but bound to different local addresses serve different
    /// packets: no `keyring-duplicate-address` warning (as without `local-address` there is one).
    @Test func keyringsOnDifferentLocalAddressesDoNotConflict() {
        func config(_ la1: String, _ la2: String) -> RouterConfig {
            Configs.router("H", """
            crypto keyring KA
              \(la1)
              pre-shared-key address 10.9.9.9 key alpha
            crypto keyring KB
              \(la2)
              pre-shared-key address 10.9.9.9 key beta
            interface GigabitEthernet0/0
             ip address 10.2.2.1 255.255.255.0
            """)
        }
        let ids = { (r: RouterConfig) in ConfigCheck.run([r]).findings.map(\.id).filter { $0 == "keyring-duplicate-address" } }
        #expect(ids(config("local-address 10.1.1.1", "local-address 10.2.2.1")).isEmpty)
        #expect(ids(config("", "")) == ["keyring-duplicate-address"])
        #expect(ids(config("local-address 10.2.2.1", "local-address 10.2.2.1")) == ["keyring-duplicate-address"])
    }

    /// Removing a wide global key: the peers this router names that take it get keys of their
    /// own first, and with a dynamic map (peers it cannot name) the key moves into a keyring.
    @Test func removingAWideKeyKeepsThePeersThatNeedIt() throws {
        func load(_ name: String, extra: String = "") -> RouterConfig {
            let path = "SampleLogs/configs/default-overlap/\(name).cfg"
            return ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self) + extra, file: path)
        }
        let plain = try #require(ConfigCheck.run([load("hub"), load("spoke")]).directions.first { $0.outcome == "psk-mismatch" })
        #expect(plain.fixLines.contains("crypto isakmp key <the key of line 118> address 198.51.100.8"))
        #expect(!plain.fixLines.contains("crypto keyring WIDE"))
        let dynamic = load("hub", extra: "crypto dynamic-map DYN 10\n set transform-set TS\ncrypto map OUTSIDE 65535 ipsec-isakmp dynamic DYN\n")
        let d = try #require(ConfigCheck.run([dynamic, load("spoke")]).directions.first { $0.outcome == "psk-mismatch" })
        #expect(d.fixLines.contains("crypto keyring WIDE"))
        #expect(d.fixLines.contains(" pre-shared-key address 0.0.0.0 0.0.0.0 key <the key of line 118>"))
        #expect(d.fixLines.last == "no crypto isakmp key ***** address 0.0.0.0 0.0.0.0")
    }

    /// Two profiles match the peer equally, with the same keyring, and the crypto map names
    /// one: phase 1 passes either way, quick mode only under the named one. Unpredictable.
    @Test func equalIdentityMatchesWithTheMapNamingOneAreUnpredictable() {
        let h = Configs.router("HUB", """
            crypto keyring K
              pre-shared-key address 198.51.100.50 key aaa
            crypto isakmp profile A
               keyring K
               match identity address 198.51.100.50 255.255.255.255
            crypto isakmp profile B
               keyring K
               match identity address 198.51.100.50 255.255.255.255
            crypto map WAN 10 ipsec-isakmp
             set peer 198.51.100.50
             set transform-set TS
             set isakmp-profile A
             match address VPN-50
            crypto isakmp policy 10
             encr aes 256
             hash sha256
             authentication pre-share
             group 14
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            interface GigabitEthernet0/1
             ip address 203.0.113.1 255.255.255.0
             crypto map WAN
            ip access-list extended VPN-50
             permit ip 10.0.0.0 0.0.255.255 10.50.0.0 0.0.255.255
            """)
        let d = ConfigCheck.run([h]).directions.first
        #expect(d?.outcome == "establishes")
        #expect(d?.unpredictable == "establishes with profile A, fails with B (qm-profile-mismatch: crypto map WAN 10 names A)")
        #expect(ConfigReport.text(ConfigCheck.run([h]), color: false).contains("UNPREDICTABLE: establishes with profile A, fails with B"))
    }

    /// A blank line inside a block (a hand-edited file) ends no block: the commands after it are
    /// still the block's.
    @Test func aBlankLineInsideABlockEndsNoBlock() {
        let r = Configs.router("A", "crypto map M 10 ipsec-isakmp\n set peer 10.1.1.2\n\n set transform-set TS\n match address ACL\n")
        #expect(r.cryptoMaps.first?.transformSets == ["TS"] && r.cryptoMaps.first?.acl == "ACL")
    }

    /// Checked alone, a router whose keyrings serve different local addresses is assumed to be
    /// reached with the key of the keyring at the address its peer targets: no "keys differ".
    @Test func aloneThePeersAssumedKeyIsTheKeyringsAtItsAddress() {
        let h = Configs.router("H", """
        crypto keyring KA
          local-address 10.1.1.1
          pre-shared-key address 10.9.9.9 key alpha
        crypto keyring KB
          local-address 10.2.2.1
          pre-shared-key address 10.9.9.9 key beta
        crypto isakmp policy 10
         encr aes
         hash sha256
         authentication pre-share
         group 14
        crypto ipsec transform-set TS esp-aes esp-sha256-hmac
        crypto map M 10 ipsec-isakmp
         set peer 10.9.9.9
         set transform-set TS
         match address ACL
        interface GigabitEthernet0/2
         ip address 10.2.2.1 255.255.255.0
         crypto map M
        ip access-list extended ACL
         permit ip 192.168.1.0 0.0.0.255 192.168.9.0 0.0.0.255
        """)
        let d = ConfigCheck.run([h]).directions.first
        #expect(d?.outcome == "establishes")
        #expect(d?.steps.map(\.text).contains { $0.hasPrefix("keys differ") } == false)
        #expect(d?.steps.contains { $0.text.contains("key in keyring KB") } == true)
    }

    @Test func noCommonPolicyIsAPhase1ProposalMismatch() {
        var hub = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        hub.policies[0].group = "2"
        let d = Configs.direction(hub)
        #expect(d.outcome == "p1-proposal-mismatch")
        #expect(d.fixLines.contains(" group 14"))
    }

    @Test func aMissingKeyIsNoPSKOnTheRouterThatLacksIt() {
        let hub = Configs.hub("crypto isakmp key k1 address 198.51.100.77")
        let d = Configs.direction(hub)
        #expect(d.outcome == "no-psk")
        #expect(d.fixRouter == "HUB")
    }

    @Test func encryptedKeysThatDifferCannotBeVerifiedNotWrong() {
        #expect(Secret(type: 6, text: "AAA").compare(Secret(type: 6, text: "BBB")) == .cannotVerify)
        #expect(Secret(type: 0, text: "a").compare(Secret(type: 0, text: "b")) == .different)
        #expect(Secret(type: 7, text: "0822").compare(Secret(type: 7, text: "0822")) == .equal)
        let hub = Configs.hub("crypto isakmp key 6 XYZ address 198.51.100.9")
        let d = Configs.direction(hub)
        #expect(d.outcome == "establishes")
        #expect(d.keyUnverified)
    }

    @Test func initiatorWithoutAProfileTakesTheMostSpecificMatchAndItsKeyring() {
        let spoke = Configs.router("SPOKE", """
        crypto keyring WIDE
         pre-shared-key address 203.0.113.0 255.255.255.0 key other
        crypto keyring EXACT
         pre-shared-key address 203.0.113.1 key k1
        crypto isakmp profile BROAD
         keyring WIDE
         match identity address 203.0.113.0 255.255.255.0
        crypto isakmp profile HUB
         keyring EXACT
         match identity address 203.0.113.1 255.255.255.255
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto map VPN 10 ipsec-isakmp
         set peer 203.0.113.1
         set transform-set TS
         match address ACL
        interface Gi0/0
         ip address 198.51.100.9 255.255.255.0
         crypto map VPN
        ip access-list extended ACL
         permit ip 10.9.0.0 0.0.0.255 10.0.0.0 0.0.255.255
        """)
        let d = Simulator.simulate(initiator: spoke, responder: Configs.hub("crypto isakmp key k1 address 198.51.100.9"), peer: "203.0.113.1")
        #expect(d.steps[0].text.contains("takes the most specific match, ISAKMP profile HUB"))
        #expect(d.steps[1].text.contains("from keyring EXACT"))
        #expect(d.outcome == "establishes")
    }

    @Test func aKeyringWithALocalAddressServesOnlyThatAddress() {
        let hub = Configs.hub("""
        crypto keyring OTHER-SIDE
         local-address 192.0.2.254
         pre-shared-key address 198.51.100.9 key wrong
        crypto keyring OUTSIDE
         local-address GigabitEthernet0/1
         pre-shared-key address 198.51.100.9 key k1
        """)
        var h = hub
        h.interfaces[0].name = "GigabitEthernet0/1"
        let d = Configs.direction(h)
        #expect(d.outcome == "establishes")
        #expect(d.steps.contains { $0.text.contains("key in keyring OUTSIDE") })
    }

    @Test func theFixIsCheckedBySimulatingAgain() {
        let c = ConfigCheck.run([Configs.spoke, Configs.seedHub])
        let d = c.directions.first { $0.initiator == "SPOKE" }
        #expect(d?.outcome == "keyring-mismatch")
        #expect(d?.outcomeAfterFix == "establishes")
    }
}

@Suite struct ConfigParserTests {
    static let seedR1 = Fixture.sampleLogs.appendingPathComponent("configs/seed/r1.cfg")

    @Test func readsTheSeedsCryptoConfiguration() throws {
        let text = String(decoding: Fixture.bytes(Self.seedR1), as: UTF8.self)
        let cfg = ConfigParser.parse(text, file: "r1.cfg")
        #expect(cfg.hostname == "R1")
        #expect(cfg.keyrings.map(\.name) == ["keyring1", "keyring2"])
        #expect(cfg.keyrings.allSatisfy { $0.entries.count == 1 && $0.entries[0].prefix?.description == "192.168.0.2/32" })
        #expect(cfg.profiles.map(\.name) == ["profile1", "profile2"])
        #expect(cfg.profiles[1].keyrings == ["keyring2"])
        #expect(cfg.profiles[1].matches.first?.prefix?.description == "192.168.0.2/32")
        #expect(cfg.policies.first?.signature == "3des/md5/2/pre-share")
        #expect(cfg.ipsecProfiles.first?.isakmpProfile == "profile2")
        let tunnel = try #require(cfg.interface("Tunnel1"))
        #expect(tunnel.tunnelDestination == "192.168.0.2")
        #expect(tunnel.tunnelProtection == "profile1")
        #expect(Simulator.intent(cfg, toward: "192.168.0.2")?.localAddress == "192.168.0.1")
    }

    @Test func aDynamicCryptoMapEntryTakesItsDynamicMapsSettings() {
        let path = "SampleLogs/configs/mask-length/hub.cfg"
        let cfg = ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self), file: path)
        let entry = cfg.cryptoMaps.first { $0.dynamic }
        #expect(entry?.dynamicMap == "DYN-WIDE")
        #expect(entry?.isakmpProfile == "P-WIDE")
        #expect(entry?.transformSets == ["TS"])
        #expect(!ConfigLint.run(cfg, showSecrets: false).contains { $0.id == "profile-unused" && $0.summary.contains("P-WIDE") })
    }

    @Test func skipsBannersAndCertificatesWhole() {
        let cfg = ConfigParser.parse("""
        hostname X
        banner motd ^C
        crypto keyring fake
          pre-shared-key address 1.1.1.1 key nope
        ^C
        crypto pki certificate chain TP
         certificate ca 01
          30820122 30819FA0 03020102
          quit
        crypto keyring real
          pre-shared-key address 2.2.2.2 key yes
        """, file: "x.cfg")
        #expect(cfg.keyrings.map(\.name) == ["real"])
    }

    @Test func masksKeysInEveryConfigurationLineItCites() {
        #expect(SecretMasker.mask(" pre-shared-key address 192.168.0.2 key cisco") == " pre-shared-key address 192.168.0.2 key *****")
        #expect(SecretMasker.mask("crypto isakmp key 6 FLgBaJHXd address 1.2.3.4") == "crypto isakmp key 6 ***** address 1.2.3.4")
        #expect(SecretMasker.mask(" pre-shared-key local s3cret") == " pre-shared-key local *****")
        #expect(SecretMasker.mask("username admin privilege 15 secret 9 $9$abc") == "username admin privilege 15 secret 9 *****")
        #expect(SecretMasker.mask("snmp-server community public RO") == "snmp-server community ***** RO")
    }
}

/// `SampleLogs/configs/<scenario>/`: the routers' configurations and the
/// expected `config check` reports beside them.
@Suite struct ConfigGoldenTests {
    static let scenarios = ["seed", "seed-fixed", "default-overlap", "mask-length", "vrf-keyrings", "crypto-map-profile", "two-profiles", "fvrf-catchall", "ikev2", "ikev2-fixed", "ikev2-fvrf", "dmvpn-hub", "dvti", "flexvpn", "dmvpn-spokes", "map-local-address", "fqdn-identity", "aggressive", "default-policy"]

    struct Expect: Sendable, CustomTestStringConvertible {
        let scenario: String
        let outcomes: [String]
        var testDescription: String { scenario }
    }

    static let expectations: [Expect] = [
        Expect(scenario: "seed", outcomes: ["R1 → R2 establishes", "R2 → R1 keyring-mismatch"]),
        Expect(scenario: "seed-fixed", outcomes: ["R1 → R2 establishes", "R2 → R1 establishes", "192.168.0.102 → R1 qm-no-matching-map"]),
        Expect(scenario: "default-overlap", outcomes: ["HUB → SPOKE establishes", "SPOKE → HUB psk-mismatch", "198.51.100.8 → HUB establishes"]),
        Expect(scenario: "mask-length", outcomes: ["HUB → SPOKE establishes", "SPOKE → HUB establishes"]),
        Expect(scenario: "vrf-keyrings", outcomes: ["CE-A → PE establishes", "PE → CE-A establishes"]),
        Expect(scenario: "crypto-map-profile", outcomes: ["HUB → SPOKE establishes", "SPOKE → HUB qm-profile-mismatch", "198.51.100.20 → HUB establishes"]),
        Expect(scenario: "fvrf-catchall", outcomes: ["R1 → R2 establishes", "R2 → R1 establishes"]),
        Expect(scenario: "ikev2", outcomes: ["SITEA → SITEB ikev2-auth-failed", "SITEB → SITEA ikev2-auth-failed"]),
        Expect(scenario: "ikev2-fixed", outcomes: ["SITEA → SITEB establishes", "SITEB → SITEA establishes"]),
        Expect(scenario: "ikev2-fvrf", outcomes: ["SITEA → SITEB ikev2-no-proposal-chosen", "SITEB → SITEA ikev2-no-proposal-chosen"]),
        Expect(scenario: "dmvpn-hub", outcomes: ["SPOKE1 → HUB establishes"]),
        Expect(scenario: "dvti", outcomes: ["SPOKE → HUB establishes"]),
        Expect(scenario: "flexvpn", outcomes: ["SPOKE → HUB establishes"]),
        Expect(scenario: "dmvpn-spokes", outcomes: ["SPOKE1 → HUB psk-mismatch", "SPOKE2 → HUB p1-proposal-mismatch"]),
        Expect(scenario: "map-local-address", outcomes: ["R1 → R2 establishes", "R2 → R1 establishes"]),
        Expect(scenario: "fqdn-identity", outcomes: ["R1 → R2 establishes", "R2 → R1 establishes"]),
        Expect(scenario: "aggressive", outcomes: ["R1 → R2 establishes", "R2 → R1 establishes"]),
        Expect(scenario: "default-policy", outcomes: ["R1 → R2 p1-proposal-mismatch", "R2 → R1 p1-proposal-mismatch"]),
    ]

    static func files(_ scenario: String) -> [String] {
        let dir = Fixture.sampleLogs.appendingPathComponent("configs/\(scenario)")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".cfg") }.sorted()
        return names.map { "SampleLogs/configs/\(scenario)/\($0)" }
    }

    static func check(_ scenario: String) -> ConfigCheck {
        let routers = files(scenario).map { path in
            ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self), file: path)
        }
        return ConfigCheck.run(routers)
    }

    /// Broken variants of the VRF sample: the fixes name the front-door VRF and the profile's
    /// keyring, and make the tunnel come up when simulated again.
    @Test func frontDoorVRFFixesNameTheVRF() {
        func routers(_ edit: (String) -> String) -> [RouterConfig] {
            Self.files("vrf-keyrings").map { path in
                var text = String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self)
                if path.hasSuffix("pe.cfg") { text = edit(text) }
                return ConfigParser.parse(text, file: path)
            }
        }
        // The profile's match without the VRF: it matches global peers only.
        let noVRF = ConfigCheck.run(routers { $0.replacingOccurrences(of: "255.255.255.255 CUST-A", with: "255.255.255.255") })
        let d1 = noVRF.directions.first { $0.initiator == "CE-A" }
        #expect(d1?.outcome == "qm-profile-mismatch")
        #expect(d1?.fixLines.last == " match identity address 172.16.1.2 255.255.255.255 CUST-A")
        // The keyring moved out of the VRF: the key goes back to the profile's keyring, in the VRF.
        let outside = ConfigCheck.run(routers { $0.replacingOccurrences(of: "crypto keyring KR-A vrf CUST-A", with: "crypto keyring KR-A") })
        let d2 = outside.directions.first { $0.initiator == "CE-A" }
        #expect(d2?.outcome == "no-psk")
        #expect(d2?.fixLines.first == "crypto keyring KR-A vrf CUST-A")
        #expect(d2?.outcomeAfterFix == "establishes")
    }

    @Test(arguments: expectations)
    func predictsTheOutcomeOfEveryDirection(_ x: Expect) {
        let c = Self.check(x.scenario)
        #expect(c.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" }.sorted() == x.outcomes.sorted())
        // (Toward a peer not given, the fix may need what only that peer's configuration tells:
        // the traffic it protects.)
        for d in c.directions where d.outcome != "establishes" && !d.initiatorFile.isEmpty {
            #expect(d.outcomeAfterFix == "establishes", "\(x.scenario): the fix does not work")
        }
    }

    /// A configuration copied the ways configurations travel reads as the file does: saved on
    /// Windows (CR LF) or an old Mac (CR), captured from a terminal without `terminal length 0`
    /// (IOS's ` --More-- ` prompt erased by backspaces every 23 lines, or left in by a tool that
    /// took the backspaces out), pasted from a web page that dropped the indentation, quoted in
    /// a mail (`> `), numbered by a ticket's view (`12: `). Every direction, step, fix and finding
    /// is the same.
    @Test(arguments: scenarios)
    func aConfigurationCopiedTheUsualWaysReadsTheSame(_ scenario: String) throws {
        func summary(_ c: ConfigCheck) -> [String] {
            c.directions.map { d in
                ([d.initiator, d.responder, d.outcome, d.outcomeAfterFix ?? "-"] + d.steps.map { "\($0.router): \($0.text)" } + d.fixLines).joined(separator: "\n")
            } + c.findings.map { "\($0.id) \($0.severity) \($0.summary) \($0.explanation)" }
        }
        func lines(_ t: String) -> [String] { t.components(separatedBy: "\n") }
        let forms: [(String, (String) -> String)] = [
            ("CR LF", { $0.replacingOccurrences(of: "\n", with: "\r\n") }),
            ("CR", { $0.replacingOccurrences(of: "\n", with: "\r") }),
            ("pager", { t in lines(t).enumerated().map { i, l in i > 0 && i % 23 == 0 ? " --More-- " + String(repeating: "\u{8}", count: 9) + String(repeating: " ", count: 9) + String(repeating: "\u{8}", count: 9) + l : l }.joined(separator: "\r\n") }),
            ("pager, no backspaces", { t in lines(t).enumerated().map { i, l in i > 0 && i % 23 == 0 && !l.hasPrefix(" ") ? " --More--         " + l : l }.joined(separator: "\n") }),
            ("no indentation", { t in lines(t).map { String($0.drop { $0 == " " }) }.joined(separator: "\n") }),
            ("mail quote", { t in lines(t).map { "> " + $0 }.joined(separator: "\n") }),
            ("line numbers", { t in lines(t).enumerated().map { "\($0 + 1): \($1)" }.joined(separator: "\n") }),
        ]
        let files = Self.files(scenario)
        let texts = files.map { String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent($0)), as: UTF8.self) }
        let expected = summary(ConfigCheck.run(zip(texts, files).map { ConfigParser.parse($0, file: $1) }))
        for (name, form) in forms {
            let got = summary(ConfigCheck.run(zip(texts, files).map { ConfigParser.parse(form($0), file: $1) }))
            #expect(got == expected, "\(scenario), \(name)")
        }
    }

    /// `show running-config | section crypto` of both seed routers: no interfaces, so no address
    /// is known. No tunnel is simulated (before, each router was checked alone toward the peers
    /// it names as if it had no crypto map or protected tunnel: two `peer-unreachable` errors,
    /// "initiates to 0.0.0.0"); the keyring and profile lint still runs, and the report says why.
    @Test func aCryptoSectionAloneIsCheckedForItsKeyringsNotItsTunnels() throws {
        let excerpts = Self.files("seed").map { path in
            let text = String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self)
            var keep = false
            let section = text.components(separatedBy: "\n").filter { l in
                if !l.hasPrefix(" ") { keep = l.hasPrefix("crypto ") }
                return keep
            }
            return ConfigParser.parse(section.joined(separator: "\n"), file: path)
        }
        let check = ConfigCheck.run(excerpts)
        #expect(check.directions.isEmpty)
        #expect(check.findings.filter { $0.severity == .error }.isEmpty)
        #expect(check.findings.map(\.id).contains("keyring-duplicate-address"))
        let text = ConfigReport.text(check)
        #expect(text.contains("    no interfaces: an excerpt (`show running-config | section crypto`?), so where it receives IKE\n"))
        #expect(text.contains("No direction could be simulated: no configuration given has interfaces, so no router's addresses are known.\n"))
        #expect(!text.contains("0.0.0.0 ("))
    }

    /// A configuration that reached a syslog server, or a capture that stamped every line: each
    /// line behind a relay's header or a router's stamp reads as the configuration itself (before,
    /// "no IOS configuration found").
    @Test(arguments: scenarios)
    func aConfigurationBehindASyslogHeaderOnEveryLineReadsTheSame(_ scenario: String) throws {
        let original = ConfigReport.text(Self.check(scenario))
        for header in ["<189>1 2026-12-03T10:00:01Z r1 - - - - ", "Dec  3 10:00:01 10.1.1.1 123: ", "*Dec  3 10:00:01.123: "] {
            let routers = Self.files(scenario).map { path in
                let text = String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self)
                let prefixed = text.split(separator: "\n", omittingEmptySubsequences: false).map { header + $0 }.joined(separator: "\n")
                return ConfigParser.parse(prefixed, file: path)
            }
            #expect(ConfigReport.text(ConfigCheck.run(routers)) == original, "\(header)")
        }
    }

    @Test(arguments: scenarios)
    func reportMatchesGoldenFiles(_ scenario: String) throws {
        let c = Self.check(scenario)
        let dir = Fixture.sampleLogs.appendingPathComponent("configs/\(scenario)")
        try GoldenReportTests.compare(ConfigReport.text(c), with: dir.appendingPathComponent("expected.txt"))
        try GoldenReportTests.compare(ConfigReport.json(c), with: dir.appendingPathComponent("expected.json"))
    }

    @Test func secretsNeverLeaveUnlessAsked() {
        for scenario in Self.scenarios {
            let c = Self.check(scenario)
            let out = ConfigReport.text(c) + ConfigReport.json(c)
            for key in ["cisco", "branchkey", "SPOKEKEY", "widekey", "exactkey", "custa", "wrongglobal", "shared", "FLgBaJHXdYY_AVQZ_RVZbZNROKcCBAAB", "FvrfK3y!", "Aside-K3y", "Bside-K3y", "WRONG-K3y", "DMVPN-s3cret", "Dvti-K3y", "Flex-K3y", "WrongKey", "Sh4red-K3y"] {
                #expect(!out.contains(" \(key)\n") && !out.contains(" \(key)\"") && !out.contains("key \(key)"), "\(scenario) leaks \(key)")
            }
        }
        let shown = ConfigCheck.run(Self.files("seed").map { path in
            ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self), file: path)
        }, showSecrets: true)
        #expect(ConfigReport.text(shown).contains("key cisco"))
        // (A key line glued onto a policy's or a proposal's line, a line end lost in a paste: the
        // value the policy is named by holds it.)
        let glued = ConfigParser.parse("""
        hostname R9
        crypto isakmp policy 10
         encryption des
         group 14crypto isakmp key\tZqGlued1 address 0.0.0.0
        crypto ikev2 proposal P
         encryption aes-cbc-256
         group 14crypto isakmp key ZqGlued2 address 0.0.0.0
        crypto ikev2 policy POL
         proposal P
        interface Tunnel0
         tunnel source GigabitEthernet0/0
         tunnel destination 203.0.113.1
         tunnel protection ipsec profile DMVPN-PROF
        interface GigabitEthernet0/0
         ip address 192.0.2.1 255.255.255.0
        """, file: "glued.cfg")
        let c = ConfigCheck.run([glued], showSecrets: false)
        let out = ConfigReport.text(c) + ConfigReport.json(c)
        #expect(!out.contains("ZqGlued"))
        #expect(glued.policies.first?.group == "14crypto isakmp key ***** address 0.0.0.0")
        #expect(glued.ikev2Proposals.first?.groups == ["14crypto", "isakmp", "key", "*****", "address", "0.0.0.0"])
    }
}

@Suite struct ConfigLintTests {
    @Test func flagsEveryRiskOfOneRouter() throws {
        let path = "SampleLogs/configs/two-profiles/hub.cfg"
        let cfg = ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self), file: path)
        let ids = Set(ConfigLint.run(cfg, showSecrets: false).map(\.id))
        #expect(ids.isSuperset(of: ["keyring-duplicate-address", "profile-ambiguous", "profile-unused", "profile-without-keyring", "weak-algorithms"]))
        let overlap = ConfigGoldenTests.check("default-overlap")
        #expect(overlap.findings.contains { $0.id == "global-key-overlap" })
    }
}

@Suite struct AnalyzeWithConfigTests {
    static func config(_ path: String) -> RouterConfig {
        ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self), file: path)
    }

    static func analysis(_ log: String) -> Analysis {
        Analysis.diagnose([Fixture.device(Fixture.bytes(Fixture.sampleLogs.appendingPathComponent(log)), file: log)])
    }

    @Test func aLogFindingNamesTheConfigurationLinesBehindIt() throws {
        let a = ConfigCorrelation.apply([Self.config("SampleLogs/configs/seed/r1.cfg")], to: Self.analysis("r1-responder-keyring-mismatch.log"), showSecrets: false)
        let f = try #require(a.findings.first { $0.id == "keyring-mismatch" })
        #expect(f.explanation.contains("keys for 192.168.0.2 in keyring keyring1 /32 (line 76), keyring keyring2 /32 (line 78); as responder IOS takes keyring1"))
        #expect(f.evidence.contains { $0.file == "SampleLogs/configs/seed/r1.cfg" && $0.line == 90 })
        #expect(!f.evidence.contains { $0.text.contains("cisco") })
        #expect(!a.findings.contains { $0.id == ConfigCorrelation.disagreementId })
    }

    @Test func aConfigurationThatDisagreesWithTheLogIsReported() throws {
        let a = ConfigCorrelation.apply([Self.config("SampleLogs/configs/seed-fixed/r1.cfg")], to: Self.analysis("r1-responder-detail-keyring-mismatch.log"), showSecrets: false)
        let f = try #require(a.findings.first { $0.id == ConfigCorrelation.disagreementId })
        #expect(f.severity == .warning)
        #expect(f.explanation.contains("took the key from keyring keyring1 at MM3, but this configuration would choose keyring2 (line 78)"))
    }

    /// A log that does not name the MM3 keyring: the failure itself is what this configuration
    /// cannot produce (the fixed one, given with the log of the failure it fixes).
    @Test func aConfigurationThatCannotFailAsLoggedIsReported() throws {
        let a = ConfigCorrelation.apply([Self.config("SampleLogs/configs/seed-fixed/r1.cfg")], to: Self.analysis("r1-responder-keyring-mismatch.log"), showSecrets: false)
        let f = try #require(a.findings.first { $0.id == ConfigCorrelation.disagreementId })
        #expect(f.connId == 1012)
        #expect(f.explanation.contains("with this configuration IOS takes the key from keyring keyring2 (line 78) and profile profile2 (line 90) accepts that keyring: phase 1 would not fail this way"))
        #expect(f.evidence.map(\.line) == [78, 90])
    }
}

@Suite struct ConfigRobustnessTests {
    /// Any text read as a configuration (logs, garbage) must not crash the parser or the simulation.
    @Test func anyTextIsSafeToReadAsAConfiguration() {
        var texts = Fixture.sampleNames().prefix(6).map { String(decoding: Fixture.bytes(Fixture.sampleLogs.appendingPathComponent("\($0).log")), as: UTF8.self) }
        var rng = SplitMix64(seed: 5)
        let words = ["crypto", "keyring", "isakmp", "profile", "key", "pre-shared-key", "address", "match", "identity", "set", "peer",
                     "map", "10", "1.2.3.4", "255.255.255.0", "interface", "tunnel", "destination", "ip", "vrf", "forwarding", " ", "\n", "!", "banner", "^C"]
        for _ in 0..<30 {
            texts.append((0..<400).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " "))
        }
        let configs = texts.enumerated().map { ConfigParser.parse($0.element, file: "t\($0.offset).cfg") }
        for pair in stride(from: 0, to: configs.count - 1, by: 2) {
            let c = ConfigCheck.run([configs[pair], configs[pair + 1]])
            #expect(c.findings.allSatisfy { !$0.id.isEmpty })
            _ = ConfigReport.text(c)
            _ = ConfigReport.json(c)
        }
        for cfg in configs.prefix(10) { _ = ConfigCheck.run([cfg]) }
    }
}

/// Behaviours a CCIE review found missing from the config check, one test each.
@Suite struct ConfigReviewTests {
    static func profile(_ match: String) -> ISAKMPProfile? {
        Configs.router("R", "crypto isakmp profile P\n   keyring K\n   \(match) \n").profiles.first
    }

    /// IOS prints the catch-all `match identity address 0.0.0.0 0.0.0.0` without its mask.
    @Test func aBareZeroIdentityMatchIsTheCatchAll() throws {
        let bare = try #require(Self.profile("match identity address 0.0.0.0").flatMap { $0.matches.first })
        #expect(bare.prefix?.length == 0)
        #expect(bare.vrf == nil)
        let inVRF = try #require(Self.profile("match identity address 0.0.0.0 INTERNET").flatMap { $0.matches.first })
        #expect(inVRF.prefix?.length == 0)
        #expect(inVRF.vrf == "INTERNET")
        let host = try #require(Self.profile("match identity address 192.0.2.7 BLUE").flatMap { $0.matches.first })
        #expect(host.prefix?.length == 32)
        #expect(host.vrf == "BLUE")
        let hub = Configs.hub("""
        crypto keyring KR
         pre-shared-key address 0.0.0.0 0.0.0.0 key k1
        """, profiles: """
        crypto isakmp profile ANY
         keyring KR
         match identity address 0.0.0.0
        """, mapProfile: "ANY")
        #expect(Configs.direction(hub).outcome == "establishes")
    }

    /// Two IKEv2 routers (an ipsec profile with `set ikev2-profile`): `proposal` is B's IKEv2
    /// proposal body (none: no policy, IOS's default proposal), `bKeys` B's keys for A.
    static func ikev2Pair(proposal: String? = " encryption aes-cbc-256\n integrity sha256\n group 14\n",
                          bKeys: String = "  pre-shared-key local kb\n  pre-shared-key remote ka\n",
                          bMatch: String = "198.51.100.9 255.255.255.255") -> [RouterConfig] {
        func body(_ me: String, _ peer: String, _ proposal: String?, _ keys: String, _ match: String) -> String {
            (proposal.map { "crypto ikev2 proposal PROP\n\($0)crypto ikev2 policy POL\n proposal PROP\n" } ?? "") + """
            crypto ikev2 keyring KR
             peer P
              address \(peer)
            \(keys)crypto ikev2 profile V2
             match identity remote address \(match)
             authentication remote pre-share
             authentication local pre-share
             keyring local KR
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            crypto ipsec profile IP
             set transform-set TS
             set ikev2-profile V2
            interface Tunnel1
             tunnel source Gi0/0
             tunnel destination \(peer)
             tunnel protection ipsec profile IP
            interface Gi0/0
             ip address \(me) 255.255.255.0
            """
        }
        return [Configs.router("A", body("198.51.100.9", "203.0.113.1", " encryption aes-cbc-256\n integrity sha256\n group 14\n", "  pre-shared-key local ka\n  pre-shared-key remote kb\n", "203.0.113.1 255.255.255.255")),
                Configs.router("B", body("203.0.113.1", "198.51.100.9", proposal, bKeys, bMatch))]
    }

    /// An IKEv2 tunnel is not simulated as IKEv1 (no `no-psk` with an IKEv1 keyring fix).
    @Test func anIKEv2TunnelIsCheckedAsIKEv2() throws {
        let ok = ConfigCheck.run(Self.ikev2Pair())
        #expect(ok.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(ok.directions.allSatisfy { $0.ikeVersion == 2 })
        #expect(ConfigReport.text(ok).contains("A → B (203.0.113.1) IKEv2: establishes"))
        #expect(!ConfigReport.text(ok).contains("crypto keyring"))
        // A plain `pre-shared-key K` is both keys.
        let plain = ConfigCheck.run(Self.ikev2Pair(bKeys: "  pre-shared-key ka\n"))
        let ab = try #require(plain.directions.first { $0.initiator == "A" })
        #expect(ab.outcome == "ikev2-auth-failed")  // A verifies B's AUTH (ka) with its remote key kb
        #expect(ab.fixRouter == "A")
        #expect(ab.outcomeAfterFix == "establishes")
        // Proposals: IOS's default proposal (aes-cbc, sha1…sha512, group 5/2) shares no group 14.
        let noPolicy = ConfigCheck.run(Self.ikev2Pair(proposal: nil))
        let d = try #require(noPolicy.directions.first { $0.initiator == "A" })
        #expect(d.outcome == "ikev2-no-proposal-chosen")
        #expect(d.problem.contains("default assumed"))
        #expect(d.outcomeAfterFix == "establishes")
        // The responder's profile is chosen by the identity (the initiator's address).
        let noMatch = ConfigCheck.run(Self.ikev2Pair(bMatch: "192.0.2.1 255.255.255.255"))
        let m = try #require(noMatch.directions.first { $0.initiator == "A" })
        #expect(m.outcome == "ikev2-profile-not-found")
        #expect(m.fixLines == ["crypto ikev2 profile V2", " match identity remote address 198.51.100.9 255.255.255.255"])
        #expect(m.outcomeAfterFix == "establishes")
        // The profile found, its keyring without an entry for the initiator: ikev2-no-psk, as the
        // log's diagnosis names it (it was the IKEv1 `no-psk`), fixed in the keyring.
        let pair = Self.ikev2Pair()
        let b = ConfigParser.parse(pair[1].lines.joined(separator: "\n").replacingOccurrences(of: "  address 198.51.100.9", with: "  address 192.0.2.99"), file: pair[1].file)
        let noKey = try #require(ConfigCheck.run([pair[0], b]).directions.first { $0.initiator == "A" })
        #expect(noKey.outcome == "ikev2-no-psk")
        #expect(noKey.fixRouter == "B" && noKey.fixLines.prefix(3) == ["crypto ikev2 keyring KR", " peer A", "  address 198.51.100.9"])
    }

    /// A DMVPN spoke's mGRE tunnel initiates to its hub's NBMA address (`ip nhrp nhs X nbma Y`,
    /// `ip nhrp map X Y`), not to `ip nhrp map multicast Y` alone.
    @Test func aDMVPNSpokeInitiatesToItsHubsNBMAAddress() {
        let spoke = Configs.router("S", """
        interface Tunnel0
         ip nhrp map multicast 192.0.2.99
         ip nhrp map 172.16.0.1 203.0.113.1
         ip nhrp nhs 172.16.0.2 nbma 203.0.113.2 multicast
         tunnel mode gre multipoint
         tunnel protection ipsec profile P
        """)
        #expect(spoke.interfaces[0].nhrpNBMA == ["203.0.113.1", "203.0.113.2"])
        #expect(Simulator.namedPeers(spoke) == ["203.0.113.1", "203.0.113.2"])
        #expect(Simulator.intent(spoke, toward: "203.0.113.2")?.kind == "tunnel Tunnel0")
    }

    /// Routers that point at none of each other's addresses: nothing was checked, not "no problems".
    @Test func nothingPairedIsNotNoProblems() {
        let a = Configs.router("A", "interface Gi0/0\n ip address 192.0.2.1 255.255.255.0\n")
        let b = Configs.router("B", "interface Gi0/0\n ip address 198.51.100.1 255.255.255.0\n")
        let text = ConfigReport.text(ConfigCheck.run([a, b]))
        #expect(text.contains("0 directions, nothing could be checked"))
        #expect(text.contains("No direction could be simulated"))
        #expect(!text.contains("no problems found"))
    }

    /// `crypto map NAME local-address IFACE`: the map's IKE is sourced from that interface.
    @Test func aCryptoMapLocalAddressIsTheSourceOfItsIKE() throws {
        let r = Configs.router("R", """
        crypto map VPN local-address Loopback0
        crypto map VPN 10 ipsec-isakmp
         set peer 198.51.100.2
         match address ACL
        interface Loopback0
         ip address 192.0.2.1 255.255.255.255
        interface Gi0/0
         ip address 203.0.113.1 255.255.255.0
         crypto map VPN
        ip access-list extended ACL
         permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
        """)
        let intent = try #require(Simulator.intent(r, toward: "198.51.100.2"))
        #expect(intent.localAddress == "192.0.2.1")
        #expect(intent.line == 3)
    }

    /// `crypto isakmp identity hostname` / `self-identity fqdn`: the responder matches the FQDN.
    @Test func anFQDNIdentityIsMatchedByHost() {
        let hub = Configs.hub("""
        crypto keyring KR
         pre-shared-key address 198.51.100.9 key k1
        """, profiles: """
        crypto isakmp profile BYNAME
         keyring KR
         match identity host domain example.net
        """, mapProfile: "BYNAME")
        // The spoke sends its address: no profile matches, the map's profile is not negotiated.
        #expect(Configs.direction(hub).outcome == "qm-profile-mismatch")
        var spoke = Configs.spoke
        spoke.identityHostname = true
        spoke.domainName = "branch.example.net"
        #expect(Simulator.identity(spoke, profile: nil, local: "198.51.100.9") == "SPOKE.branch.example.net")
        let d = Simulator.simulate(initiator: spoke, responder: hub, peer: "203.0.113.1")
        #expect(d.outcome == "establishes")
        #expect(d.steps.contains { $0.text.contains("identity SPOKE.branch.example.net") })
        // `self-identity address` in the profile overrides the global hostname identity.
        let p = ISAKMPProfile(name: "P", selfIdentityFQDN: false, line: 0)
        #expect(Simulator.identity(spoke, profile: p, local: "198.51.100.9") == "198.51.100.9")
        let parsed = Configs.router("X", "ip domain-name lab.example\ncrypto isakmp identity hostname\n")
        #expect(parsed.fqdn == "X.lab.example" && parsed.identityHostname)
    }

    /// `initiate mode aggressive`: the responder takes the key from the profile the identity
    /// matches, so the seed's keyring mismatch does not happen.
    @Test func aggressiveModeTakesTheKeyFromTheMatchedProfile() throws {
        let hub = Configs.seedHub
        #expect(Configs.direction(hub).outcome == "keyring-mismatch")
        var spoke = Configs.spoke
        spoke.profiles = [ISAKMPProfile(name: "AM", keyrings: ["default"], aggressive: true, line: 0)]
        spoke.cryptoMaps[0].isakmpProfile = "AM"
        let d = Simulator.simulate(initiator: spoke, responder: hub, peer: "203.0.113.1")
        #expect(d.outcome == "establishes")
        #expect(d.steps.contains { $0.text.contains("aggressive mode") && $0.text.contains("keyring KR2") })
        #expect(Configs.router("R", "crypto isakmp profile AM\n   initiate mode aggressive\n").profiles.first?.aggressive == true)
    }

    /// No `crypto isakmp policy`: IOS's default suites (65507–65514) are offered and accepted.
    @Test func noPolicyMeansTheIOSDefaults() {
        #expect(ISAKMPPolicy.iosDefaults.count == 8)
        #expect(ISAKMPPolicy.iosDefaults[1].signature == "aes/sha/5/pre-share")
        var spoke = Configs.spoke
        spoke.policies = []
        let d = Simulator.simulate(initiator: spoke, responder: Configs.hub("crypto isakmp key k1 address 198.51.100.9"), peer: "203.0.113.1")
        #expect(d.outcome == "p1-proposal-mismatch")
        #expect(d.problem.contains("default policies 65507–65514 assumed"))
        #expect(d.fixRouter == "SPOKE")
        spoke.policies = [ISAKMPPolicy(priority: 10, encryption: "3des", hash: "sha", group: "2", authentication: "pre-share", line: 0)]
        var hub = Configs.hub("crypto isakmp key k1 address 198.51.100.9")
        hub.policies = []
        #expect(Simulator.simulate(initiator: spoke, responder: hub, peer: "203.0.113.1").steps.contains { $0.text.contains("matches HUB's policy 65512") })
    }
}

/// A second domain review: IOS behaviours the check ignored.
@Suite struct ConfigDomainReviewTests {
    /// Two routers with a crypto map toward each other (R1 203.0.113.1, R2 198.51.100.2).
    static func mapRouter(_ name: String, own: String, peer: String, acl: String, extra: String = "", policy: String = """
    crypto isakmp policy 10
     encr aes
     hash sha
     authentication pre-share
     group 5
    """) -> RouterConfig {
        Configs.router(name, """
        !
        \(extra)
        \(policy)
        crypto isakmp key Sh4red address \(peer)
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
         mode tunnel
        !
        crypto map VPN 10 ipsec-isakmp
         set peer \(peer)
         set transform-set TS
         match address VPN-ACL
        !
        interface GigabitEthernet0/0
         ip address \(own) 255.255.255.0
         crypto map VPN
        !
        ip access-list extended VPN-ACL
         \(acl)
        end
        """)
    }

    /// `no crypto isakmp default policy` with no `crypto isakmp policy`: no policy at all, so
    /// nothing is proposed (initiator) and everything is refused (responder).
    @Test func noDefaultPolicyAndNoPolicyIsNoPolicyAtAll() {
        let r1 = Self.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255",
                                extra: "no crypto isakmp default policy", policy: "")
        let r2 = Self.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255")
        #expect(r1.noDefaultPolicyLine == 3)
        let check = ConfigCheck.run([r1, r2])
        let out = check.directions.first { $0.initiator == "R1" }, back = check.directions.first { $0.initiator == "R2" }
        #expect(out?.outcome == "p1-proposal-mismatch")
        #expect(back?.outcome == "p1-proposal-mismatch")
        #expect(out?.problem == "R1 has `no crypto isakmp default policy` (line 3) and no `crypto isakmp policy`: it has no ISAKMP policy, so it has nothing to propose in MM1 and main mode to 198.51.100.2 never starts.")
        #expect(back?.problem == "R1 has `no crypto isakmp default policy` (line 3) and no `crypto isakmp policy`: it has no ISAKMP policy and refuses every proposal (`phase 1 SA policy not acceptable`), R2's included.")
        let fix = ["crypto isakmp policy 10", " encryption aes", " hash sha", " authentication pre-share", " group 5",
                   "! (or remove `no crypto isakmp default policy`: one of IOS's default policies matches R2's)"]
        for d in [out, back] {
            #expect(d?.fixRouter == "R1")
            #expect(d?.fixLines == fix)
            #expect(d?.outcomeAfterFix == "establishes")
        }
        // Without the `no` line, IOS's defaults apply (65508 matches R2's policy 10).
        let plain = Self.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255", policy: "")
        #expect(ConfigCheck.run([plain, r2]).directions.allSatisfy { $0.outcome == "establishes" })
    }

    /// Point-to-point GRE over a crypto map (no `tunnel protection`): R1 203.0.113.1, R2 198.51.100.2.
    static func greRouter(_ name: String, own: String, peer: String, greACL: String, mapOnInterface: Bool = true) -> RouterConfig {
        Configs.router(name, """
        !
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto isakmp key K3y address \(peer)
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
         mode transport
        !
        crypto map VPN 10 ipsec-isakmp
         set peer \(peer)
         set transform-set TS
         match address GRE-ACL
        !
        interface Tunnel0
         ip address 10.255.0.\(name == "R1" ? 1 : 2) 255.255.255.0
         tunnel source GigabitEthernet0/0
         tunnel destination \(peer)
        !
        interface GigabitEthernet0/0
         ip address \(own) 255.255.255.0
        \(mapOnInterface ? " crypto map VPN" : "!")
        !
        ip access-list extended GRE-ACL
         \(greACL)
        end
        """)
    }

    /// A GRE tunnel without `tunnel protection` is protected only by a crypto map whose ACL
    /// matches its GRE packets; never "tunnel up" through the tunnel itself.
    @Test func aGRETunnelWithoutTunnelProtectionIsProtectedOnlyByAMatchingCryptoMap() throws {
        // R1's ACL misses its own GRE (wrong source); R2's is right.
        let r1 = Self.greRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", greACL: "permit gre host 10.0.0.1 host 198.51.100.2")
        let r2 = Self.greRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", greACL: "permit gre host 198.51.100.2 host 203.0.113.1")
        #expect(Simulator.intent(r1, toward: "198.51.100.2")?.kind == "crypto map VPN 10")
        let check = ConfigCheck.run([r1, r2])
        let out = try #require(check.directions.first { $0.initiator == "R1" })
        let back = try #require(check.directions.first { $0.initiator == "R2" })
        // R1 sends its GRE in clear; R2's map expects it protected.
        #expect(out.outcome == "not-ipsec")
        #expect(out.problem == "R1's Tunnel0 (line 18) has no `tunnel protection`, and no entry of crypto map VPN on GigabitEthernet0/0 permits its GRE 203.0.113.1 → 198.51.100.2 (IP protocol 47): the GRE packets go in clear. R2's crypto map VPN 10 (ACL GRE-ACL, line 28) expects that traffic protected, so R2 drops them (`%CRYPTO-4-RECVD_PKT_NOT_IPSEC`) and Tunnel0 stays down.")
        #expect(out.fixRouter == "R1")
        #expect(out.fixLines == ["ip access-list extended GRE-ACL", " permit gre host 203.0.113.1 host 198.51.100.2"])
        #expect(out.outcomeAfterFix == "establishes")
        // R2's GRE is protected by its map; R1 refuses the proxies.
        #expect(back.outcome == "proxy-id-mismatch")
        #expect(back.steps.first?.text == "Tunnel0 (line 18) has no `tunnel protection`: its GRE 198.51.100.2 → 203.0.113.1 leaves out GigabitEthernet0/0, whose crypto map VPN 10 permits it (ACL GRE-ACL, line 28): the crypto map protects it")
        #expect(back.fixLines == ["ip access-list extended GRE-ACL", " permit gre host 203.0.113.1 host 198.51.100.2"])
        #expect(back.outcomeAfterFix == "establishes")
        for d in check.directions { #expect(!d.steps.contains { $0.text.contains("tunnel Tunnel0") && $0.text.contains("tunnel up") }) }

        // Both ACLs right: it establishes through the crypto map, not through the tunnel.
        let good = Self.greRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", greACL: "permit gre host 203.0.113.1 host 198.51.100.2")
        let fine = ConfigCheck.run([good, r2])
        #expect(fine.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(fine.directions.allSatisfy { $0.steps.last?.text == "quick mode: crypto map VPN 10 (line 13) accepts the proposal → tunnel up" })

        // No crypto map on any interface: no IPsec between them (a warning), not "establishes".
        let c1 = Self.greRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", greACL: "permit gre host 203.0.113.1 host 198.51.100.2", mapOnInterface: false)
        let c2 = Self.greRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", greACL: "permit gre host 198.51.100.2 host 203.0.113.1", mapOnInterface: false)
        let clear = ConfigCheck.run([c1, c2])
        #expect(clear.directions.map(\.outcome) == ["no-ipsec", "no-ipsec"])
        #expect(clear.directions[0].problem == "R1's Tunnel0 (line 18) has no `tunnel protection`, and no crypto map on the interface it leaves by (GigabitEthernet0/0) permits its GRE 203.0.113.1 → 198.51.100.2 (IP protocol 47), and R2 expects none for it (no crypto map on GigabitEthernet0/0); R1's crypto map VPN 10 (line 13), for 198.51.100.2, is applied to no interface: no IPsec is configured between R1 and R2, and the GRE tunnel carries its traffic in clear.")
        #expect(clear.findings.filter { $0.id == "no-ipsec" }.allSatisfy { $0.severity == .warning })
        #expect(ConfigReport.text(clear).contains("R1 → R2 (198.51.100.2): NO IPSEC: no-ipsec (the GRE goes in clear)"))
    }

    /// One crypto map, two entries to the same peer: entry 10 for the LANs, entry 20 for the plain
    /// GRE tunnel's packets. The responder takes the GRE proposal with the entry whose ACL covers
    /// it (IOS walks every entry for the peer), not the first one.
    @Test func aGREProposalFindsTheResponderEntryThatCoversIt() throws {
        func router(_ name: String, own: String, peer: String, lan: String, peerLan: String) -> RouterConfig {
            Configs.router(name, """
            !
            crypto isakmp policy 10
             encr aes 256
             hash sha256
             authentication pre-share
             group 14
            crypto isakmp key K3y address \(peer)
            !
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            !
            crypto map VPN 10 ipsec-isakmp
             set peer \(peer)
             set transform-set TS
             match address LAN-ACL
            crypto map VPN 20 ipsec-isakmp
             set peer \(peer)
             set transform-set TS
             match address GRE-ACL
            !
            interface Tunnel9
             ip address 10.255.9.\(name == "R1" ? 1 : 2) 255.255.255.0
             tunnel source GigabitEthernet0/0
             tunnel destination \(peer)
            !
            interface GigabitEthernet0/0
             ip address \(own) 255.255.255.0
             crypto map VPN
            !
            ip access-list extended LAN-ACL
             permit ip \(lan) 0.0.0.255 \(peerLan) 0.0.0.255
            ip access-list extended GRE-ACL
             permit gre host \(own) host \(peer)
            end
            """)
        }
        let r1 = router("R1", own: "203.0.113.1", peer: "198.51.100.2", lan: "10.1.1.0", peerLan: "10.2.2.0")
        let r2 = router("R2", own: "198.51.100.2", peer: "203.0.113.1", lan: "10.2.2.0", peerLan: "10.1.1.0")
        let check = ConfigCheck.run([r1, r2])
        #expect(check.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(check.directions.allSatisfy { $0.steps.last?.text.hasPrefix("quick mode: crypto map VPN 20 ") == true })
        // One router alone, its map applied to no interface and its GRE tunnel plain: the peer
        // (not given) is assumed right; nothing is blamed on a tunnel of the peer's, and this
        // router's side is its GRE's source address.
        let alone = Configs.router("R1", """
        !
        crypto isakmp key K3y address 198.51.100.2
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto map VPN 10 ipsec-isakmp
         set peer 198.51.100.2
         set transform-set TS
         match address GRE-ACL
        interface Tunnel0
         ip address 10.255.0.1 255.255.255.0
         tunnel source GigabitEthernet0/0
         tunnel destination 198.51.100.2
        interface GigabitEthernet0/0
         ip address 203.0.113.1 255.255.255.0
        ip access-list extended GRE-ACL
         permit gre host 203.0.113.1 host 198.51.100.2
        end
        """)
        let single = ConfigCheck.run([alone])
        #expect(single.directions.map { "\($0.initiator) → \($0.peerAddress) \($0.outcome)" } == ["198.51.100.2 → 203.0.113.1 peer-unreachable"])
        #expect(single.directions.first?.fixLines == ["interface GigabitEthernet0/0", " crypto map VPN"])
        #expect(!single.directions.contains { $0.problem.contains("198.51.100.2's Tunnel0") })
    }

    /// An IKEv2 site (SITEA 203.0.113.1, SITEB 198.51.100.2) with a VTI to the other; `identity`
    /// is its `identity local fqdn` (`email` with an @), `remote` its profile's `match identity
    /// remote` (default: the peer's address).
    static func v2Site(_ name: String, own: String, peer: String, auth: String, identity: String = "", remote: String? = nil, keyring: Bool = true) -> RouterConfig {
        Configs.router(name, """
        !
        crypto ikev2 proposal P
         encryption aes-cbc-256
         integrity sha256
         group 14
        crypto ikev2 policy POL
         proposal P
        !
        \(keyring ? "crypto ikev2 keyring KR\n peer PEER\n  address \(peer)\n  pre-shared-key SameKey" : "!")
        !
        crypto ikev2 profile PROF
         match identity remote \(remote ?? "address \(peer) 255.255.255.255")
        \(identity.isEmpty ? " !" : " identity local \(identity.contains("@") ? "email" : "fqdn") \(identity)")
        \(auth)
        \(keyring ? " keyring local KR" : " !")
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto ipsec profile IP
         set transform-set TS
         set ikev2-profile PROF
        !
        interface Tunnel10
         ip address 169.254.10.\(name == "SITEA" ? 1 : 2) 255.255.255.252
         tunnel source GigabitEthernet0/0
         tunnel mode ipsec ipv4
         tunnel destination \(peer)
         tunnel protection ipsec profile IP
        !
        interface GigabitEthernet0/0
         ip address \(own) 255.255.255.0
        end
        """)
    }

    /// FlexVPN with certificates on both ends (`authentication local/remote rsa-sig`, a
    /// trustpoint, no keyring): no key is looked up; it establishes, the certificates not checked.
    @Test func anIKEv2TunnelSignedWithCertificatesBothWaysNeedsNoKeys() throws {
        let certs = " authentication remote rsa-sig\n authentication local rsa-sig\n pki trustpoint TP"
        let check = ConfigCheck.run([Self.v2Site("SITEA", own: "203.0.113.1", peer: "198.51.100.2", auth: certs, keyring: false),
                                     Self.v2Site("SITEB", own: "198.51.100.2", peer: "203.0.113.1", auth: certs, keyring: false)])
        #expect(check.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(check.directions.allSatisfy { d in d.steps.contains { $0.text.hasPrefix("both AUTH payloads are signatures: the certificates") } })
        #expect(!check.directions.contains { d in d.steps.contains { $0.text.contains("no IKEv2 key") } })
    }

    /// IKEv2 `authentication local` on one side must be one of `authentication remote` on the other.
    @Test func anIKEv2ProfileAcceptsOnlyItsRemoteAuthenticationMethods() throws {
        let psk = " authentication remote pre-share\n authentication local pre-share"
        let certOnly = " authentication remote rsa-sig\n authentication local pre-share"
        let a = Self.v2Site("SITEA", own: "203.0.113.1", peer: "198.51.100.2", auth: psk)
        let b = Self.v2Site("SITEB", own: "198.51.100.2", peer: "203.0.113.1", auth: certOnly)
        #expect(b.ikev2Profiles.first?.remoteAuths == ["rsa-sig"])
        let check = ConfigCheck.run([a, b])
        let ab = try #require(check.directions.first { $0.initiator == "SITEA" })
        let ba = try #require(check.directions.first { $0.initiator == "SITEB" })
        let fix = ["crypto ikev2 profile PROF", " authentication remote pre-share",
                   "! (or have SITEA sign with what SITEB expects: `authentication local rsa-sig` in its profile PROF)"]
        // The responder SITEB refuses SITEA's pre-shared-key AUTH.
        #expect(ab.outcome == "ikev2-auth-failed")
        #expect(ab.problem == "SITEA authenticates with `authentication local pre-share` (IKEv2 profile PROF, line 19), but SITEB's IKEv2 profile PROF accepts only `authentication remote rsa-sig` (line 18): SITEB refuses SITEA's pre-shared-key AUTH payload (AUTHENTICATION_FAILED). Each side's `authentication local` must be one of the other side's `authentication remote` methods.")
        #expect(ab.fixRouter == "SITEB" && ab.fixLines == fix && ab.outcomeAfterFix == "establishes")
        // The initiator SITEB refuses the responder SITEA's pre-shared-key AUTH.
        #expect(ba.outcome == "ikev2-auth-failed")
        #expect(ba.steps.last?.text == "SITEB's IKEv2 profile PROF accepts only `authentication remote rsa-sig`; SITEA sends a pre-shared-key AUTH → AUTHENTICATION_FAILED")
        #expect(ba.fixRouter == "SITEB" && ba.fixLines == fix && ba.outcomeAfterFix == "establishes")
        // Both methods accepted: it establishes.
        let both = Self.v2Site("SITEB", own: "198.51.100.2", peer: "203.0.113.1", auth: " authentication remote rsa-sig\n authentication remote pre-share\n authentication local pre-share")
        #expect(ConfigCheck.run([a, both]).directions.map(\.outcome) == ["establishes", "establishes"])
        // SITEA sending an FQDN: SITEB's profile (addresses only) is not found first; the fix
        // names the profile, and the method is fixed next.
        let fqdn = Self.v2Site("SITEA", own: "203.0.113.1", peer: "198.51.100.2", auth: psk, identity: "sitea.lab.local")
        let f = try #require(ConfigCheck.run([fqdn, b]).directions.first { $0.initiator == "SITEA" })
        #expect(f.outcome == "ikev2-profile-not-found")
        #expect(f.fixLines == ["crypto ikev2 profile PROF", " match identity remote fqdn sitea.lab.local", "crypto ikev2 profile PROF", " authentication remote pre-share",
                               "! (or have SITEA sign with what SITEB expects: `authentication local rsa-sig` in its profile PROF)"])
        #expect(f.outcomeAfterFix == "establishes")
    }

    /// IKEv2 `match identity remote fqdn F` is an exact match; only `fqdn domain D` takes the names
    /// in D (`email E` / `email domain D` alike for user@domain identities).
    @Test func anIKEv2FQDNMatchIsExactUnlessItSaysDomain() throws {
        let psk = " authentication remote pre-share\n authentication local pre-share"
        func check(identity: String, remote: String) -> Simulator.Direction? {
            let a = Self.v2Site("SITEA", own: "203.0.113.1", peer: "198.51.100.2", auth: psk, identity: identity)
            let b = Self.v2Site("SITEB", own: "198.51.100.2", peer: "203.0.113.1", auth: psk, remote: remote)
            return ConfigCheck.run([a, b]).directions.first { $0.initiator == "SITEA" }
        }
        let b = Self.v2Site("SITEB", own: "198.51.100.2", peer: "203.0.113.1", auth: psk, remote: "fqdn domain example.net")
        #expect(b.ikev2Profiles[0].matches.map { [$0.host, $0.domain] } == [[nil, "example.net"]])
        // `fqdn example.net` does not take sitea.example.net: the profile is not found.
        let exact = try #require(check(identity: "sitea.example.net", remote: "fqdn example.net"))
        #expect(exact.outcome == "ikev2-profile-not-found")
        #expect(exact.problem.hasSuffix("Its `match identity remote fqdn example.net` (IKEv2 profile PROF, line 16) is an exact match, of the FQDN example.net only; `match identity remote fqdn domain example.net` would match every FQDN in example.net."))
        #expect(exact.fixLines == ["crypto ikev2 profile PROF", " match identity remote fqdn sitea.example.net",
                                   "! (or, for every FQDN in example.net: `match identity remote fqdn domain example.net` in place of line 16)"])
        #expect(exact.outcomeAfterFix == "establishes")
        // The exact name, any case, and the domain form (not a name that merely ends the same).
        #expect(check(identity: "sitea.example.net", remote: "fqdn SiteA.Example.NET")?.outcome == "establishes")
        #expect(check(identity: "sitea.example.net", remote: "fqdn domain example.net")?.outcome == "establishes")
        #expect(check(identity: "sitea.badexample.net", remote: "fqdn domain example.net")?.outcome == "ikev2-profile-not-found")
        // Email identities: `email E` exact, `email domain D` for user@D; an FQDN line never takes them.
        #expect(check(identity: "vpn@example.net", remote: "email vpn@example.net")?.outcome == "establishes")
        #expect(check(identity: "vpn@example.net", remote: "email domain example.net")?.outcome == "establishes")
        let email = try #require(check(identity: "vpn@example.net", remote: "fqdn domain example.net"))
        #expect(email.outcome == "ikev2-profile-not-found")
        #expect(email.fixLines == ["crypto ikev2 profile PROF", " match identity remote email vpn@example.net"])
        #expect(email.outcomeAfterFix == "establishes")
    }

    /// An IKEv2 site whose WAN (and so its IKE) is in front-door VRF `vrf` (nil: global), with
    /// `policyFVRF` / `profileFVRF` as its policy's and profile's `match fvrf` (nil: none), and
    /// optionally a second tunnel, to 192.0.2.9 from a global interface, with the same profile.
    static func v2FVRFSite(_ name: String, own: String, peer: String, vrf: String?, policyFVRF: String? = nil, profileFVRF: String? = nil,
                           globalTunnel: Bool = false) -> RouterConfig {
        Configs.router(name, """
        crypto ikev2 proposal P
         encryption aes-cbc-256
         integrity sha256
         group 14
        crypto ikev2 policy POL
        \(policyFVRF.map { " match fvrf \($0)" } ?? " !")
         proposal P
        crypto ikev2 keyring KR
         peer PEER
          address 0.0.0.0 0.0.0.0
          pre-shared-key SameKey
        crypto ikev2 profile PROF
        \(profileFVRF.map { " match fvrf \($0)" } ?? " !")
         match identity remote address 0.0.0.0
         authentication remote pre-share
         authentication local pre-share
         keyring local KR
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto ipsec profile IP
         set transform-set TS
         set ikev2-profile PROF
        interface Tunnel10
         tunnel source GigabitEthernet0/0
        \(vrf.map { " tunnel vrf \($0)" } ?? " !")
         tunnel mode ipsec ipv4
         tunnel destination \(peer)
         tunnel protection ipsec profile IP
        interface GigabitEthernet0/0
        \(vrf.map { " vrf forwarding \($0)" } ?? " !")
         ip address \(own) 255.255.255.0
        \(globalTunnel ? "interface Tunnel20\n tunnel source GigabitEthernet0/1\n tunnel mode ipsec ipv4\n tunnel destination 192.0.2.9\n tunnel protection ipsec profile IP\ninterface GigabitEthernet0/1\n ip address 192.0.2.1 255.255.255.0" : "!")
        """)
    }

    /// IKEv2 policies and profiles are looked up in the front-door VRF of the IKE packets: without
    /// `match fvrf` they serve the global table only; IOS's default policy (no `crypto ikev2
    /// policy` at all) serves every fVRF.
    @Test func anIKEv2PolicyAndProfileServeOnlyTheirFrontDoorVRF() throws {
        func ab(_ a: RouterConfig, _ b: RouterConfig) throws -> Simulator.Direction {
            try #require(ConfigCheck.run([a, b]).directions.first { $0.initiator == "A" })
        }
        let aGlobal = Self.v2FVRFSite("A", own: "203.0.113.1", peer: "198.51.100.2", vrf: nil)
        let parsed = Self.v2FVRFSite("B", own: "198.51.100.2", peer: "203.0.113.1", vrf: "INTERNET", policyFVRF: "INTERNET", profileFVRF: "any")
        #expect(parsed.ikev2Policies[0].fvrf == "INTERNET" && parsed.ikev2Profiles[0].fvrf == "any" && parsed.interfaces[0].tunnelVRF == "INTERNET")
        #expect(try ab(aGlobal, parsed).outcome == "establishes")
        // The responder's WAN in VRF INTERNET, no `match fvrf` anywhere: its policy serves the
        // global table only, so it has no proposal for IKE_SA_INIT in INTERNET.
        let bare = try ab(aGlobal, Self.v2FVRFSite("B", own: "198.51.100.2", peer: "203.0.113.1", vrf: "INTERNET"))
        #expect(bare.outcome == "ikev2-no-proposal-chosen")
        #expect(bare.steps.last?.text == "IKE_SA_INIT: no IKEv2 policy of B serves front-door VRF INTERNET → NO_PROPOSAL_CHOSEN")
        #expect(bare.fixRouter == "B")
        #expect(bare.fixLines == ["crypto ikev2 policy POL", " match fvrf INTERNET", "crypto ikev2 profile PROF", " match fvrf INTERNET",
                                  "! (or `match fvrf any`, which serves every front-door VRF and the global table)"])
        #expect(bare.outcomeAfterFix == "establishes")
        // The policy serves INTERNET, the profile does not: `IKEv2 profile not found`.
        let profile = try ab(aGlobal, Self.v2FVRFSite("B", own: "198.51.100.2", peer: "203.0.113.1", vrf: "INTERNET", policyFVRF: "INTERNET"))
        #expect(profile.outcome == "ikev2-profile-not-found")
        #expect(profile.problem.hasPrefix("B's IKEv2 profile PROF takes identity 203.0.113.1 (line 15), but the IKE packets arrive in front-door VRF INTERNET and the profile has no `match fvrf`"))
        #expect(profile.fixLines == ["crypto ikev2 profile PROF", " match fvrf INTERNET", "! (or `match fvrf any`, which serves every front-door VRF and the global table)"])
        #expect(profile.outcomeAfterFix == "establishes")
        // With certificates both ways (no keyring) the profile is looked up first too: not found, not no-psk.
        func certs(_ r: RouterConfig) -> RouterConfig {
            var r = r
            (r.ikev2Profiles[0].localAuth, r.ikev2Profiles[0].remoteAuths, r.ikev2Profiles[0].keyring) = ("rsa-sig", ["rsa-sig"], nil)
            return r
        }
        let cert = try ab(certs(aGlobal), certs(Self.v2FVRFSite("B", own: "198.51.100.2", peer: "203.0.113.1", vrf: "INTERNET", policyFVRF: "INTERNET")))
        #expect(cert.outcome == "ikev2-profile-not-found" && cert.outcomeAfterFix == "establishes")
        // The initiator in VRF INTERNET finds no policy and sends nothing; the fix on both ends.
        let bVRF = Self.v2FVRFSite("B", own: "198.51.100.2", peer: "203.0.113.1", vrf: "INTERNET")
        let both = try ab(Self.v2FVRFSite("A", own: "203.0.113.1", peer: "198.51.100.2", vrf: "INTERNET"), bVRF)
        #expect(both.outcome == "ikev2-no-proposal-chosen")
        #expect(both.steps.last?.text == "IKE_SA_INIT: no IKEv2 policy of A serves front-door VRF INTERNET → not sent")
        #expect(both.fixLines.contains("! on B:") && both.outcomeAfterFix == "establishes")
        // The same policy and profile also serve a global tunnel: `match fvrf any`, not INTERNET.
        let shared = try ab(aGlobal, Self.v2FVRFSite("B", own: "198.51.100.2", peer: "203.0.113.1", vrf: "INTERNET", globalTunnel: true))
        #expect(shared.fixLines == ["crypto ikev2 policy POL", " match fvrf any", "crypto ikev2 profile PROF", " match fvrf any",
                                    "! (`match fvrf any`, not `match fvrf INTERNET`: tunnel Tunnel20 (line 32) uses it in the global routing table)"])
        #expect(shared.outcomeAfterFix == "establishes")
        // No `crypto ikev2 policy` at all: IOS's default policy serves every fVRF (the profile still needs it).
        var noPolicy = bVRF
        noPolicy.ikev2Policies = []
        noPolicy.ikev2Profiles[0].fvrf = "INTERNET"
        var aDefault = aGlobal
        aDefault.ikev2Policies = []
        #expect(try ab(aDefault, noPolicy).outcome == "establishes")
        // Checked alone, the responder's own failure shows (its peer assumed global and right).
        #expect(ConfigCheck.run([bVRF]).directions.map(\.outcome) == ["ikev2-no-proposal-chosen"])
    }

    /// `crypto isakmp identity hostname` on the initiator: the responder's profile needs `match
    /// identity host FQDN`; its `match identity address` (already there) never matches an FQDN.
    @Test func anFQDNIdentityIsFixedWithMatchIdentityHostNotAnotherAddressMatch() throws {
        let r1 = Self.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255",
                                extra: "ip domain name lab.local\ncrypto isakmp identity hostname")
        let r2 = Configs.router("R2", """
        ip domain name lab.local
        !
        crypto keyring KR
         pre-shared-key address 203.0.113.1 key Sh4red
        !
        crypto isakmp policy 10
         encr aes
         hash sha
         authentication pre-share
         group 5
        !
        crypto isakmp profile P-R1
         keyring KR
         match identity address 203.0.113.1 255.255.255.255
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        !
        crypto map VPN 10 ipsec-isakmp
         set peer 203.0.113.1
         set transform-set TS
         set isakmp-profile P-R1
         match address VPN-ACL
        !
        interface GigabitEthernet0/0
         ip address 198.51.100.2 255.255.255.0
         crypto map VPN
        !
        ip access-list extended VPN-ACL
         permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255
        end
        """)
        let d = try #require(ConfigCheck.run([r1, r2]).directions.first { $0.initiator == "R1" })
        #expect(d.outcome == "qm-profile-mismatch")
        #expect(d.problem.hasSuffix(" R1 sends identity R1.lab.local, an FQDN (`crypto isakmp identity hostname` on R1): only `match identity host` matches it."))
        #expect(d.fixRouter == "R2")
        #expect(d.fixLines == ["crypto isakmp profile P-R1", " match identity host R1.lab.local",
                               "! (or on R1: `no crypto isakmp identity hostname`, so it sends its address)"])
        #expect(d.outcomeAfterFix == "establishes")
        #expect(!d.fixLines.contains { $0.contains("match identity address") })
    }

    /// The only keyring with the peer's key is bound (`local-address`) to another interface: the
    /// fix moves its `local-address`, it does not add the key it already holds.
    @Test func aKeyringBoundToAnotherLocalAddressIsFixedByItsLocalAddress() throws {
        let hub = Configs.router("HUB", """
        !
        crypto keyring KR-A
         local-address GigabitEthernet0/1
         pre-shared-key address 198.51.100.2 key Sh4red
        !
        crypto isakmp policy 10
         encr aes
         hash sha
         authentication pre-share
         group 5
        !
        crypto isakmp profile P-B
         keyring KR-A
         match identity address 198.51.100.2 255.255.255.255
         local-address GigabitEthernet0/0
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        !
        crypto map VPN 10 ipsec-isakmp
         set peer 198.51.100.2
         set transform-set TS
         set isakmp-profile P-B
         match address VPN-ACL
        !
        interface GigabitEthernet0/0
         ip address 203.0.113.1 255.255.255.0
         crypto map VPN
        !
        interface GigabitEthernet0/1
         ip address 192.0.2.1 255.255.255.0
        !
        ip access-list extended VPN-ACL
         permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255
        end
        """)
        #expect(hub.keyrings.first?.localAddressLine == 4)
        let spoke = Self.mapRouter("SPOKE", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255")
        let d = try #require(ConfigCheck.run([hub, spoke]).directions.first { $0.initiator == "SPOKE" })
        #expect(d.outcome == "no-psk")
        #expect(d.problem.hasSuffix(" Keyring KR-A holds a key for 198.51.100.2 (line 5), but it has `local-address GigabitEthernet0/1` (line 4): it serves only IKE packets sent to GigabitEthernet0/1 (192.0.2.1), and SPOKE's arrive at 203.0.113.1."))
        #expect(d.fixRouter == "HUB")
        #expect(d.fixLines == ["crypto keyring KR-A", " local-address GigabitEthernet0/0",
                               "! (KR-A then no longer serves packets sent to GigabitEthernet0/1 (192.0.2.1): peers that reach HUB there need a keyring of their own)"])
        #expect(d.outcomeAfterFix == "establishes")
        #expect(!d.fixLines.contains { $0.contains("pre-shared-key") })
    }

    /// A dual-ISP hub: one wildcard keyring and one catch-all profile per ISP, each bound with
    /// `local-address` to its interface, and a dynamic crypto map per interface. A profile with
    /// `local-address` serves only the IKE sessions that terminate there: a spoke that targets
    /// ISP-B's address lands in P-ISPB (no tie with P-ISPA, no keyring mismatch), and its quick mode
    /// is answered by the dynamic map on ISP-B's interface.
    @Test func aProfileWithALocalAddressServesOnlyThatAddress() throws {
        let hub = Configs.router("HUB", """
        !
        crypto keyring KR-ISPA
          local-address GigabitEthernet0/1
          pre-shared-key address 0.0.0.0 0.0.0.0 key ispA-key
        crypto keyring KR-ISPB
          local-address GigabitEthernet0/2
          pre-shared-key address 0.0.0.0 0.0.0.0 key ispB-key
        !
        crypto isakmp policy 10
         encr aes
         hash sha
         authentication pre-share
         group 5
        crypto isakmp profile P-ISPA
           keyring KR-ISPA
           match identity address 0.0.0.0
           local-address GigabitEthernet0/1
        crypto isakmp profile P-ISPB
           keyring KR-ISPB
           match identity address 0.0.0.0
           local-address GigabitEthernet0/2
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto dynamic-map DYN-A 10
         set transform-set TS
         set isakmp-profile P-ISPA
        crypto dynamic-map DYN-B 10
         set transform-set TS
         set isakmp-profile P-ISPB
        crypto map MAP-A 65535 ipsec-isakmp dynamic DYN-A
        crypto map MAP-B 65535 ipsec-isakmp dynamic DYN-B
        !
        interface GigabitEthernet0/1
         ip address 203.0.113.1 255.255.255.0
         crypto map MAP-A
        interface GigabitEthernet0/2
         ip address 192.0.2.1 255.255.255.0
         crypto map MAP-B
        end
        """)
        #expect(hub.profiles.map(\.localAddress) == ["GigabitEthernet0/1", "GigabitEthernet0/2"])
        for (isp, target, key) in [("B", "192.0.2.1", "ispB-key"), ("A", "203.0.113.1", "ispA-key")] {
            var spoke = Self.mapRouter("SPOKE", own: "198.51.100.7", peer: target, acl: "permit ip 10.7.0.0 0.0.255.255 10.0.0.0 0.0.255.255")
            spoke.keyrings[0].entries[0].key = Secret(type: 0, text: key)
            let check = ConfigCheck.run([hub, spoke])
            let d = try #require(check.directions.first { $0.initiator == "SPOKE" })
            #expect(d.outcome == "establishes", "ISP-\(isp)")
            #expect(d.unpredictable == nil)
            let other = isp == "A" ? "B" : "A"
            #expect(d.steps.contains { $0.text.hasPrefix("MM5: identity 198.51.100.7 matches profile P-ISP\(isp) (line ") && $0.text.contains("(P-ISP\(other) has `local-address GigabitEthernet0/\(isp == "A" ? 2 : 1)`: not for IKE sent to \(target))") && !$0.text.contains("equally") })
            #expect(d.steps.last?.text.hasPrefix("quick mode: crypto map MAP-\(isp) 65535 ") == true)
            #expect(!check.findings.contains { $0.id == "profile-ambiguous" })
        }
    }

    /// A crypto ACL entry proposes its protocol and `eq` ports as well as its addresses, and a
    /// responder accepts a proposal only inside one of its entries: `permit ip` (protocol 0)
    /// proposed to a `permit gre` entry (47) is broader and refused; GRE proposed to `permit ip` is
    /// accepted. The fix widens the narrower entry, so the two ACLs mirror exactly.
    @Test func theCryptoACLProtocolAndPortsMustMirror() throws {
        let r1 = Self.greRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", greACL: "permit gre host 203.0.113.1 host 198.51.100.2")
        let r2 = Self.greRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", greACL: "permit ip host 198.51.100.2 host 203.0.113.1")
        let check = ConfigCheck.run([r1, r2])
        let out = try #require(check.directions.first { $0.initiator == "R1" })
        let back = try #require(check.directions.first { $0.initiator == "R2" })
        #expect(out.outcome == "establishes")
        #expect(back.outcome == "proxy-id-mismatch")
        #expect(back.problem == "R2 proposes 198.51.100.2/32 → 203.0.113.1/32, protocol ip (any) (line 28); R1's ACL GRE-ACL has the mirror addresses only as 203.0.113.1/32 → 198.51.100.2/32, protocol gre (line 28). IOS accepts a proposal only inside one of its crypto ACL entries, protocol and ports included: this one is broader, so quick mode is refused (`proxy identities not supported`). The two ACLs must mirror each other exactly.")
        #expect(back.fixRouter == "R1")
        #expect(back.fixLines == ["ip access-list extended GRE-ACL", " no permit gre host 203.0.113.1 host 198.51.100.2", " permit ip host 203.0.113.1 host 198.51.100.2"])
        #expect(back.outcomeAfterFix == "establishes")

        // Ports: `eq isakmp` is `eq 500`; an entry without a port is broader than one with it.
        let ports = Self.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit udp host 10.1.0.1 eq isakmp host 10.2.0.1 eq 500")
        let same = Self.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit udp host 10.2.0.1 eq 500 host 10.1.0.1 eq 500")
        #expect(ConfigCheck.run([ports, same]).directions.map(\.outcome) == ["establishes", "establishes"])
        let anyPort = Self.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit udp host 10.2.0.1 host 10.1.0.1")
        let p = ConfigCheck.run([ports, anyPort])
        #expect(p.directions.first { $0.initiator == "R1" }?.outcome == "establishes")
        let wide = try #require(p.directions.first { $0.initiator == "R2" })
        #expect(wide.outcome == "proxy-id-mismatch")
        #expect(wide.fixLines == ["ip access-list extended VPN-ACL", " no permit udp host 10.1.0.1 eq isakmp host 10.2.0.1 eq 500", " permit udp host 10.1.0.1 host 10.2.0.1"])
        #expect(wide.outcomeAfterFix == "establishes")
    }

    /// An IKEv1 router with a protected Tunnel1 to the other (`tunnel mode` as given; nil: GRE,
    /// the default) and the same policy, key and transform set.
    static func tunnelRouter(_ name: String, own: String, peer: String, mode: String?) -> RouterConfig {
        Configs.router(name, """
        !
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto isakmp key VtiK3y address \(peer)
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto ipsec profile VTI
         set transform-set TS
        !
        interface Tunnel1
         ip address 169.254.1.\(name == "R1" ? 1 : 2) 255.255.255.252
         tunnel source GigabitEthernet0/0
        \(mode.map { " tunnel mode \($0)" } ?? " !")
         tunnel destination \(peer)
         tunnel protection ipsec profile VTI
        !
        interface GigabitEthernet0/0
         ip address \(own) 255.255.255.0
        end
        """)
    }

    /// A protected tunnel negotiates the proxies its mode fixes: a VTI (`tunnel mode ipsec ipv4`)
    /// any ↔ any, GRE (the default) its two addresses, protocol 47. A VTI on one end and GRE on the
    /// other refuse each other's proposal (`proxy identities not supported`) both ways; the fix
    /// makes the GRE end a VTI, the same on both directions. A crypto map toward a GRE tunnel
    /// must propose exactly its GRE.
    @Test func aVTIAgainstAGRETunnelIsAProxyMismatchBothWays() throws {
        let r1 = Self.tunnelRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", mode: "ipsec ipv4")
        let r2 = Self.tunnelRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", mode: nil)
        let check = ConfigCheck.run([r1, r2])
        let out = try #require(check.directions.first { $0.initiator == "R1" })
        let back = try #require(check.directions.first { $0.initiator == "R2" })
        #expect(out.outcome == "proxy-id-mismatch" && back.outcome == "proxy-id-mismatch")
        #expect(out.problem == "R1's tunnel Tunnel1 (line 14) is a VTI (`tunnel mode ipsec ipv4`) and proposes 0.0.0.0/0 → 0.0.0.0/0, protocol ip (any); R2's tunnel Tunnel1 (line 14) is GRE (`tunnel mode gre ip`, the default): it accepts only 203.0.113.1/32 → 198.51.100.2/32, protocol gre. R2 refuses the proposal (`proxy identities not supported`, error 32) and R1 sees PROPOSAL_NOT_CHOSEN. Both ends of a tunnel must use the same `tunnel mode`.")
        #expect(back.steps.last?.text == "quick mode: proxies 203.0.113.1/32 → 198.51.100.2/32, protocol gre are not those of tunnel Tunnel1, a VTI → `proxy identities not supported`, error 32")
        for d in [out, back] {
            #expect(d.fixRouter == "R2" && d.fixLines == ["interface Tunnel1", " tunnel mode ipsec ipv4"] && d.outcomeAfterFix == "establishes")
        }
        #expect(ConfigReport.text(check).contains("     On R2:\n       interface Tunnel1\n        tunnel mode ipsec ipv4\n"))
        // The same mode on both ends: both establish.
        let gre = Self.tunnelRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", mode: "gre ip")
        #expect(ConfigCheck.run([gre, r2]).directions.map(\.outcome) == ["establishes", "establishes"])

        // A crypto map whose ACL permits all IP between the two, toward R2's GRE tunnel: broader
        // than its GRE, refused; the fix makes the ACL exactly the GRE.
        var map = Self.greRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", greACL: "permit ip host 203.0.113.1 host 198.51.100.2")
        map.keyrings[0].entries[0].key = Secret(type: 0, text: "VtiK3y")
        let m = try #require(ConfigCheck.run([map, r2]).directions.first { $0.initiator == "R1" })
        #expect(m.outcome == "proxy-id-mismatch")
        #expect(m.fixRouter == "R1")
        #expect(m.fixLines == ["ip access-list extended GRE-ACL", " no permit ip host 203.0.113.1 host 198.51.100.2", " permit gre host 203.0.113.1 host 198.51.100.2"])
        #expect(m.outcomeAfterFix == "establishes")
    }

    /// An ipsec profile (or map entry) with no `set transform-set` proposes and accepts IOS's
    /// default transform sets (esp-aes esp-sha-hmac, esp-3des esp-sha-hmac), not anything: against
    /// AES-256/SHA-256 quick mode fails (error 256) both ways, and the fix gives that side the
    /// other's set (only a reference when it has a set with those transforms already).
    @Test func noTransformSetMeansIOSsDefaultTransformSets() throws {
        let r1 = Self.tunnelRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", mode: "ipsec ipv4")
        var r2 = Self.tunnelRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", mode: "ipsec ipv4")
        r2.ipsecProfiles[0].transformSets = []
        r2.transformSets = []
        let check = ConfigCheck.run([r1, r2])
        #expect(check.directions.map(\.outcome) == ["transform-set-mismatch", "transform-set-mismatch"])
        let out = try #require(check.directions.first { $0.initiator == "R1" })
        #expect(out.problem == "R1 proposes TS (esp-aes 256 esp-sha256-hmac (tunnel)); R2 accepts #$!default_transform_set_1 (esp-aes esp-sha-hmac (transport)), #$!default_transform_set_0 (esp-3des esp-sha-hmac (transport)): no common transform set, quick mode refused with error 256. R2's crypto ipsec profile VTI has no `set transform-set`: it uses IOS's default transform sets.")
        for d in check.directions {
            #expect(d.fixRouter == "R2")
            #expect(d.fixLines == ["crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac", " mode tunnel", "crypto ipsec profile VTI", " set transform-set TS"])
            #expect(d.outcomeAfterFix == "establishes")
        }
        // A set with those transforms left unreferenced: the fix only references it.
        var leftover = r2
        leftover.transformSets = r1.transformSets
        let ref = try #require(ConfigCheck.run([r1, leftover]).directions.first { $0.initiator == "R1" })
        #expect(ref.fixLines == ["crypto ipsec profile VTI", " set transform-set TS"] && ref.outcomeAfterFix == "establishes")
        // esp-aes esp-sha-hmac on the other end is one of the defaults; so are the defaults.
        var aes = r1
        aes.transformSets[0].transforms = ["esp-aes", "esp-sha-hmac"]
        #expect(ConfigCheck.run([aes, r2]).directions.map(\.outcome) == ["establishes", "establishes"])
        var both = r1
        both.ipsecProfiles[0].transformSets = []
        #expect(ConfigCheck.run([both, r2]).directions.map(\.outcome) == ["establishes", "establishes"])
    }

    /// A `crypto isakmp policy` without `authentication` authenticates with RSA signatures (IOS's
    /// default): with no certificate (no trustpoint with one, or only the HTTPS server's self-signed one)
    /// the pre-shared keys are never used and phase 1 fails; the fix is `authentication
    /// pre-share` on both ends. With a trustpoint on both, no key is looked up. Two routers on IOS's
    /// default policies and keys agree on a pre-shared-key suite, not on rsa-sig.
    @Test func aPolicyWithoutAuthenticationSignsAndNeedsCertificates() throws {
        let policy = "crypto isakmp policy 10\n encr aes 256\n hash sha256\n group 14"
        func pair(_ extra: String, policy: String = policy) -> [RouterConfig] {
            [Self.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit ip 10.1.0.0 0.0.255.255 10.2.0.0 0.0.255.255", extra: extra, policy: policy),
             Self.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255", extra: extra, policy: policy)]
        }
        let check = ConfigCheck.run(pair("!"))
        #expect(check.directions.map(\.outcome) == ["ike-auth-failed", "ike-auth-failed"])
        let d = try #require(check.directions.first { $0.initiator == "R1" })
        #expect(d.problem == "R1 and R2 agree in MM1 only on policies that sign: R1's policy 10 / R2's policy 10 (encryption aes 256, hash sha256, group 14, authentication rsa-sig): R1's policy 10 and R2's policy 10 have no `authentication` line, and IOS's default is rsa-sig. RSA signatures need a certificate on each router, and R1 and R2 have none (no `crypto pki trustpoint`): the pre-shared keys are never used with this policy, and phase 1 cannot authenticate.")
        #expect(!d.steps.contains { $0.text.contains("takes the key") })
        #expect(d.fixRouter == "R2")
        #expect(d.fixLines == ["crypto isakmp policy 10", " authentication pre-share", "! (policy 10 has no `authentication` line and R2 has no certificate: no peer signs with it)",
                               "! on R1:", "crypto isakmp policy 10", " authentication pre-share", "! (policy 10 has no `authentication` line and R1 has no certificate: no peer signs with it)",
                               "! (or enroll both routers in a PKI: a trustpoint and a certificate each)"])
        #expect(d.outcomeAfterFix == "establishes")
        // The HTTPS server's self-signed trustpoint signs nothing a peer can validate.
        let selfSigned = ConfigCheck.run(pair("crypto pki trustpoint TP-self-signed-4711\n enrollment selfsigned"))
        #expect(selfSigned.directions.map(\.outcome) == ["ike-auth-failed", "ike-auth-failed"])
        #expect(selfSigned.directions[0].problem.contains("(TP-self-signed-4711 is the HTTPS server's self-signed trustpoint, which no peer can validate)"))
        // Trustpoints with a certificate of their own on both ends: certificates, assumed valid;
        // no key needed.
        var pki = pair("crypto pki trustpoint CA-TP\n enrollment url http://192.0.2.50:80\ncrypto pki certificate chain CA-TP\n certificate 02\n  3082\n  \tquit\n certificate ca 01\n  \tquit")
        for i in pki.indices { pki[i].keyrings = [] }
        let signed = ConfigCheck.run(pki)
        #expect(signed.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(signed.directions[0].steps.map(\.text).contains("authentication rsa-sig: both sign with their certificates (trustpoints R1: CA-TP (line 3); R2: CA-TP (line 3)); the certificates and their CA are not checked here (assumed valid), and no pre-shared key is used"))
        // IOS's defaults on both ends, keys and no certificate: a pre-shared-key suite.
        let defaults = ConfigCheck.run(pair("!", policy: ""))
        #expect(defaults.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(defaults.directions[0].steps.contains { $0.text.hasPrefix("MM1: R1's policy 65508 (encryption aes, hash sha, group 5, authentication pre-share) matches R2's policy 65508") })
    }
}

/// The CCIE regression review of tunnel-mode proxies, rsa-sig defaults, trustpoints, FlexVPN.
@Suite struct ConfigRegressionReviewTests {
    static func sample(_ path: String) -> RouterConfig {
        ConfigParser.parse(String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent(path)), as: UTF8.self), file: path)
    }

    /// A crypto-map branch (subnet proxies) toward a dVTI hub: the Virtual-Access accepts the
    /// selectors it proposes (Multi-SA dVTI), so it establishes; no `permit ip any any` fix.
    @Test func aDynamicVTIAcceptsACryptoMapsProxies() throws {
        let hub = Self.sample("SampleLogs/configs/dvti/hub.cfg")
        let branch = Configs.router("BRANCH", """
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto isakmp key Dvti-K3y address 203.0.113.1
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
         mode tunnel
        crypto map VPN 10 ipsec-isakmp
         set peer 203.0.113.1
         set transform-set TS
         match address VPN-ACL
        interface GigabitEthernet0/0
         ip address 198.51.100.9 255.255.255.0
         crypto map VPN
        ip access-list extended VPN-ACL
         permit ip 10.9.0.0 0.0.0.255 172.16.0.0 0.0.255.255
        end
        """)
        let check = ConfigCheck.run([hub, branch])
        let d = try #require(check.directions.first { $0.initiator == "BRANCH" })
        #expect(d.outcome == "establishes")
        #expect(d.fixLines.isEmpty)
        #expect(d.steps.last?.text == "quick mode: Virtual-Template1 (dynamic VTI of profile DVTI-PROF) (line 74) accepts the proposal (a dynamic VTI accepts the proxies a crypto map proposes: multi-SA dVTI) → tunnel up")
        // A static VTI still answers only any ↔ any.
        let svti = ConfigDomainReviewTests.tunnelRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", mode: "ipsec ipv4")
        var map = ConfigDomainReviewTests.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255",
                                                    policy: "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14")
        map.keyrings[0].entries[0].key = Secret(type: 0, text: "VtiK3y")
        #expect(Simulator.simulate(initiator: map, responder: svti, peer: "203.0.113.1").outcome == "proxy-id-mismatch")
    }
}

extension ConfigRegressionReviewTests {
    /// An IOS-XE 17 router as `show running-config` prints it: IOS's own trustpoints only
    /// (SLA-TrustPoint with its CA certificate, TP-self-signed with a self-signed one), a key for
    /// the peer, and `policy` (empty: IOS's default suites).
    static func xeRouter(_ name: String, own: String, peer: String, key: String, policy: String) -> RouterConfig {
        Configs.router(name, """
        crypto pki trustpoint SLA-TrustPoint
         enrollment pkcs12
         revocation-check crl
        crypto pki trustpoint TP-self-signed-1234567\(name)
         enrollment selfsigned
         subject-name cn=IOS-Self-Signed-Certificate-1234567
         revocation-check none
         rsakeypair TP-self-signed-1234567
        crypto pki certificate chain SLA-TrustPoint
         certificate ca 01
          30820321 30820209 A0030201 02020101
          \tquit
        crypto pki certificate chain TP-self-signed-1234567\(name)
         certificate self-signed 01
          3082032E 30820216 A0030201 02020101
          \tquit
        \(policy)
        crypto isakmp key \(key) address \(peer)
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
         mode tunnel
        crypto ipsec profile P
         set transform-set TS
        interface Tunnel0
         ip address 10.0.0.\(name == "RA" ? 1 : 2) 255.255.255.252
         tunnel source GigabitEthernet1
         tunnel mode ipsec ipv4
         tunnel destination \(peer)
         tunnel protection ipsec profile P
        interface GigabitEthernet1
         ip address \(own) 255.255.255.0
        end
        """)
    }

    /// A trustpoint counts as a certificate only with one of the router's own in its chain
    /// (`certificate SERIAL`, not `certificate ca`); SLA-TrustPoint and TP-self-signed never.
    /// Two IOS-XE routers with no policy and different keys agree on 65508 (pre-share) and fail on
    /// the keys; with a policy lacking `authentication` they fail to authenticate (no certificate).
    @Test func onlyARouterCertificateSigns() throws {
        let ra = Self.xeRouter("RA", own: "192.0.2.1", peer: "192.0.2.2", key: "Key-A", policy: "!")
        let rb = Self.xeRouter("RB", own: "192.0.2.2", peer: "192.0.2.1", key: "Key-B", policy: "!")
        #expect(ra.trustpoints.map(\.name) == ["SLA-TrustPoint", "TP-self-signed-1234567RA"])
        #expect(ra.ikeTrustpoints.isEmpty)
        let check = ConfigCheck.run([ra, rb])
        #expect(check.directions.map(\.outcome) == ["psk-mismatch", "psk-mismatch"])
        #expect(check.directions[0].steps.contains { $0.text.hasPrefix("MM1: RA's policy 65508 ") })

        let noAuth = "crypto isakmp policy 10\n encryption aes 256\n hash sha256\n group 14"
        let pa = Self.xeRouter("RA", own: "192.0.2.1", peer: "192.0.2.2", key: "Key-A", policy: noAuth)
        let pb = Self.xeRouter("RB", own: "192.0.2.2", peer: "192.0.2.1", key: "Key-A", policy: noAuth)
        let p = ConfigCheck.run([pa, pb])
        #expect(p.directions.map(\.outcome) == ["ike-auth-failed", "ike-auth-failed"])
        #expect(p.directions[0].problem.contains("RA and RB have none (RA: SLA-TrustPoint is IOS-XE's Smart Licensing trustpoint (a CA certificate only); TP-self-signed-1234567RA is the HTTPS server's self-signed trustpoint, which no peer can validate; RB: "))
        // Alone, the peer is given a certificate only when the router has one.
        #expect(ConfigCheck.run([pa]).directions.map(\.outcome) == ["ike-auth-failed"])
        #expect(!ConfigCheck.run([ra]).directions.contains { d in d.steps.contains { $0.text.contains("sign with their certificates") } })

        // An enrolled trustpoint (its chain holds `certificate 03`) on both: they sign.
        func enrolled(_ r: RouterConfig) -> RouterConfig {
            var text = r.lines.joined(separator: "\n")
            text = text.replacingOccurrences(of: "crypto isakmp key", with: "crypto pki trustpoint CORP-CA\n enrollment url http://10.0.0.10:80\ncrypto pki certificate chain CORP-CA\n certificate 03\n  30820321\n  \tquit\n certificate ca 01\n  \tquit\ncrypto isakmp key")
            return ConfigParser.parse(text, file: r.file)
        }
        let ea = enrolled(pa)
        #expect(ea.ikeTrustpoints.map(\.name) == ["CORP-CA"])
        #expect(ConfigCheck.run([ea, enrolled(pb)]).directions.map(\.outcome) == ["establishes", "establishes"])
        // A trustpoint whose chain holds only its CA's certificate (authenticated, not enrolled).
        let caOnly = ConfigParser.parse(ea.lines.joined(separator: "\n").replacingOccurrences(of: " certificate 03\n", with: ""), file: ea.file)
        #expect(caOnly.ikeTrustpoints.isEmpty)
        let c = ConfigCheck.run([caOnly, enrolled(pb)])
        #expect(c.directions.map(\.outcome) == ["ike-auth-failed", "ike-auth-failed"])
        #expect(c.directions[0].problem.contains("; trustpoint CORP-CA (line 22) holds no certificate of the router's own (no `certificate SERIAL` in `crypto pki certificate chain CORP-CA`, at most the CA's: not enrolled))"))
    }

    /// `crypto pki certificate chain NAME`: its `certificate SERIAL` line is the router's own
    /// certificate; `certificate ca` and `certificate self-signed` are not.
    @Test func aCertificateChainIsReadForTheRoutersOwnCertificate() {
        let cfg = Configs.router("R", """
        crypto pki certificate chain SLA-TrustPoint
         certificate ca 01
          30820321 30820209
          \tquit
        crypto ca certificate chain OLD-TP
         certificate 0A
          \tquit
        crypto pki certificate chain CORP-CA
         certificate ca 01
          \tquit
         certificate 03
          \tquit
        crypto pki certificate chain TP-self-signed-99
         certificate self-signed 01
          \tquit
        """)
        #expect(cfg.routerCertificates == ["OLD-TP": 7, "CORP-CA": 12])
    }
}

extension ConfigRegressionReviewTests {
    /// A router of the PKI hub-and-spoke (HUB 203.0.113.1, BR1 198.51.100.10, BR2 198.51.100.20):
    /// sVTIs, policy 10 AES-256/SHA-256/group 14 with `authentication` as given (nil: no line).
    static func pkiRouter(_ name: String, certificate: Bool, authentication: String?) -> RouterConfig {
        let own = ["HUB": "203.0.113.1", "BR1": "198.51.100.10", "BR2": "198.51.100.20"][name]!
        let peers = name == "HUB" ? ["198.51.100.10", "198.51.100.20"] : ["203.0.113.1"]
        let pki = """
        crypto pki trustpoint CORP-CA
         enrollment url http://10.0.0.10:80
        crypto pki certificate chain CORP-CA
         certificate 0\(name.count)
          \tquit
         certificate ca 01
          \tquit
        """
        let tunnels = peers.enumerated().map { i, p in
            "interface Tunnel\(i + 1)\n tunnel source GigabitEthernet0/0\n tunnel mode ipsec ipv4\n tunnel destination \(p)\n tunnel protection ipsec profile P"
        }.joined(separator: "\n")
        return Configs.router(name, """
        \(certificate ? pki : "!")
        crypto isakmp policy 10
         encr aes 256
         hash sha256
        \(authentication.map { " authentication \($0)" } ?? " !")
         group 14
        \(name == "BR1" ? "!" : "crypto isakmp key Br2-K3y address \(name == "HUB" ? "198.51.100.20" : "203.0.113.1")")
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto ipsec profile P
         set transform-set TS
        \(tunnels)
        interface GigabitEthernet0/0
         ip address \(own) 255.255.255.0
        end
        """)
    }

    /// The ike-auth-failed fix never rewrites a policy with an explicit `authentication rsa-sig`
    /// (the hub's certificate peers sign with it): the end without a certificate whose policy lacks
    /// the line gets `authentication pre-share`, the hub a pre-shared-key twin at a free priority.
    /// With the fix applied, the hub's certificate peer still establishes.
    @Test func theNoCertificateFixKeepsAnExplicitRSASigPolicy() throws {
        let hub = Self.pkiRouter("HUB", certificate: true, authentication: "rsa-sig")
        let br1 = Self.pkiRouter("BR1", certificate: true, authentication: "rsa-sig")
        let br2 = Self.pkiRouter("BR2", certificate: false, authentication: nil)
        let check = ConfigCheck.run([hub, br1, br2])
        #expect(check.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" }
                == ["HUB → BR1 establishes", "HUB → BR2 ike-auth-failed", "BR1 → HUB establishes", "BR2 → HUB ike-auth-failed"])
        let d = try #require(check.directions.first { $0.initiator == "HUB" && $0.responder == "BR2" })
        #expect(d.fixRouter == "BR2")
        #expect(d.fixLines == ["crypto isakmp policy 10", " authentication pre-share", "! (policy 10 has no `authentication` line and BR2 has no certificate: no peer signs with it)",
                               "! on HUB:", "crypto isakmp policy 20", " encryption aes 256", " hash sha256", " authentication pre-share", " group 14",
                               "! (least disruptive: policy 10 says `authentication rsa-sig` (line 12) and is kept for the peers that sign with certificates; policy 20, its suite with pre-shared keys, comes after HUB's other policies and changes no other negotiation)",
                               "! (or enroll BR2 in HUB's PKI: a trustpoint and a certificate, and nothing else changes)"])
        #expect(d.outcomeAfterFix == "establishes")
        // Applied by hand, it keeps HUB ↔ BR1 up and brings HUB ↔ BR2 up.
        let edit = try #require(d.fixEdit)
        var fixed = [hub, br1, br2]
        for i in fixed.indices { edit.apply(to: &fixed[i]) }
        #expect(fixed[0].policies.first { $0.priority == 10 }?.authentication == "rsa-sig")
        #expect(ConfigCheck.run(fixed).directions.map(\.outcome) == ["establishes", "establishes", "establishes", "establishes"])
        // A hub with a certificate and a policy without the line: its peers may sign with it too.
        let implicit = Self.pkiRouter("HUB", certificate: true, authentication: nil)
        let i = try #require(ConfigCheck.run([implicit, br2]).directions.first { $0.initiator == "HUB" })
        #expect(i.fixLines.contains("! (least disruptive: policy 10 has no `authentication` line (rsa-sig) and is kept for the peers that sign with certificates; policy 20, its suite with pre-shared keys, comes after HUB's other policies and changes no other negotiation)"))
        #expect(i.outcomeAfterFix == "establishes")
    }
}

extension ConfigRegressionReviewTests {
    /// A crypto-map branch (subnet ACL on its Internet interface) facing a static VTI: quick mode
    /// fails both ways, but the fix is never `permit ip any any` in that crypto ACL (it would
    /// carry all the branch's traffic to the hub): the branch becomes a VTI (ipsec profile with the
    /// entry's settings, a tunnel in the hub tunnel's /30, routes, the map removed), both ways.
    @Test func aCryptoMapFacingAStaticVTIBecomesAVTINotAnAnyACL() throws {
        let hub = ConfigDomainReviewTests.tunnelRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", mode: "ipsec ipv4")
        var branch = ConfigDomainReviewTests.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255",
                                                       policy: "crypto isakmp policy 10\n encr aes 256\n hash sha256\n authentication pre-share\n group 14")
        branch.keyrings[0].entries[0].key = Secret(type: 0, text: "VtiK3y")
        let check = ConfigCheck.run([hub, branch])
        #expect(check.directions.map(\.outcome) == ["proxy-id-mismatch", "proxy-id-mismatch"])
        let fix = ["crypto ipsec profile VTI-R1", " set transform-set TS",
                   "interface Tunnel1", " ip address 169.254.1.2 255.255.255.252", " tunnel source GigabitEthernet0/0", " tunnel mode ipsec ipv4",
                   " tunnel destination 203.0.113.1", " tunnel protection ipsec profile VTI-R1",
                   "ip route 10.1.0.0 255.255.0.0 Tunnel1",
                   "interface GigabitEthernet0/0", " no crypto map VPN",
                   "! on R1 (routing is not checked here): ip route 10.2.0.0 255.255.0.0 Tunnel1",
                   "! (not `permit ip any any` in ACL VPN-ACL: on the crypto map of GigabitEthernet0/0 it would encrypt all of R2's traffic toward R1 and drop the clear-text traffic it matches, Internet, management and routing included)",
                   "! (or on R1: answer R2 with a crypto map entry whose ACL mirrors VPN-ACL, or a dynamic VTI, `virtual-template` in the ISAKMP profile, which accepts its subnets: multi-SA)"]
        for d in check.directions {
            #expect(d.fixRouter == "R2")
            #expect(d.fixLines == fix)
            #expect(!d.fixLines.contains { $0.hasPrefix(" permit ip any any") })
            #expect(d.outcomeAfterFix == "establishes")
        }
        #expect(check.directions.first { $0.initiator == "R1" }?.problem.hasSuffix("R1's tunnel Tunnel1 is a VTI (`tunnel mode ipsec ipv4`): it proposes any ↔ any and nothing else.") == true)
    }
}

extension ConfigRegressionReviewTests {
    /// A VTI facing a GRE tunnel that carries IPv6 and MPLS: the fix makes the VTI end GRE (an
    /// IPv4 VTI carries neither), not the GRE end a VTI; a plain IPv4 GRE end still becomes a VTI.
    @Test func aGRETunnelCarryingIPv6OrMPLSStaysGRE() throws {
        let vti = ConfigDomainReviewTests.tunnelRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", mode: "ipsec ipv4")
        let plain = ConfigDomainReviewTests.tunnelRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", mode: nil)
        let gre = ConfigParser.parse(plain.lines.joined(separator: "\n").replacingOccurrences(of: " tunnel source GigabitEthernet0/0\n",
            with: " tunnel source GigabitEthernet0/0\n ipv6 address 2001:db8:ffff::2/64\n ip ospf 1 area 0\n mpls ip\n"), file: plain.file)
        #expect(gre.interface("Tunnel1")?.nonIPv4.map(\.kind) == ["IPv6", "MPLS"])
        let check = ConfigCheck.run([vti, gre])
        #expect(check.directions.map(\.outcome) == ["proxy-id-mismatch", "proxy-id-mismatch"])
        for d in check.directions {
            #expect(d.fixRouter == "R1")
            #expect(d.fixLines == ["interface Tunnel1", " tunnel mode gre ip",
                                   "! (not R2's Tunnel1 to `tunnel mode ipsec ipv4`: it carries IPv6 (`ipv6 address 2001:db8:ffff::2/64`, line 17) and MPLS (`mpls ip`, line 19), which an IPv4 VTI cannot carry; R1's Tunnel1 then needs IPv6 and MPLS configured as well)"])
            #expect(d.outcomeAfterFix == "establishes")
        }
        #expect(ConfigCheck.run([vti, plain]).directions.allSatisfy { $0.fixRouter == "R2" && $0.fixLines == ["interface Tunnel1", " tunnel mode ipsec ipv4"] })
    }
}

extension ConfigRegressionReviewTests {
    /// FlexVPN with certificates: the hub's IKEv2 profile `match certificate FLEX-MAP`, both
    /// `identity local dn` and rsa-sig, a Virtual-Template on the hub; `hubMatch` replaces the hub's
    /// match line.
    static func flexPKI(hubMatch: String = "match certificate FLEX-MAP") -> [RouterConfig] {
        func body(_ profile: String, _ match: String, _ extra: String) -> String {
            """
            crypto pki trustpoint FLEX-CA
             enrollment url http://10.0.0.10:80
            crypto pki certificate map FLEX-MAP 10
             issuer-name co cn = flex-ca
            crypto pki certificate chain FLEX-CA
             certificate 03
              \tquit
             certificate ca 01
              \tquit
            crypto ikev2 proposal PROP
             encryption aes-cbc-256
             integrity sha256
             group 14
            crypto ikev2 policy POL
             proposal PROP
            crypto ikev2 profile \(profile)
             \(match)
             identity local dn
             authentication remote rsa-sig
             authentication local rsa-sig
             pki trustpoint FLEX-CA
            \(extra)
            """
        }
        let hub = Configs.router("HUB", body("FLEX-HUB", hubMatch, """
             virtual-template 1
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            crypto ipsec profile IPSEC-FLEX
             set transform-set TS
             set ikev2-profile FLEX-HUB
            interface GigabitEthernet0/0
             ip address 203.0.113.1 255.255.255.0
            interface Virtual-Template1 type tunnel
             ip unnumbered Loopback0
             tunnel source GigabitEthernet0/0
             tunnel mode ipsec ipv4
             tunnel protection ipsec profile IPSEC-FLEX
            end
            """))
        let spoke = Configs.router("SPOKE", body("FLEX-SPOKE", "match certificate FLEX-MAP", """
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            crypto ipsec profile IPSEC-FLEX
             set transform-set TS
             set ikev2-profile FLEX-SPOKE
            interface Tunnel1
             ip unnumbered Loopback0
             tunnel source GigabitEthernet0/0
             tunnel mode ipsec ipv4
             tunnel destination 203.0.113.1
             tunnel protection ipsec profile IPSEC-FLEX
            interface GigabitEthernet0/0
             ip address 198.51.100.9 255.255.255.0
            end
            """))
        return [hub, spoke]
    }

    /// A FlexVPN hub whose IKEv2 profile matches spokes by `match certificate` takes a spoke that
    /// signs and sends its DN (the map assumed to match, as the IKEv1 path does): it establishes,
    /// with no `match identity remote address` fix; alone, the spoke is taken the same way. A
    /// profile that only matches addresses is not found for a DN, and the fix is a certificate map.
    @Test func aFlexVPNProfileMatchesCertificatesByItsMap() throws {
        let check = ConfigCheck.run(Self.flexPKI())
        let d = try #require(check.directions.first)
        #expect(check.directions.map(\.outcome) == ["establishes"])
        #expect(d.steps.map(\.text).contains("IKE_AUTH: identity the DN of SPOKE's certificate (`identity local dn`) matches IKEv2 profile FLEX-HUB by `match certificate FLEX-MAP` (line 18; the certificate map is not read: assumed to match)"))
        #expect(ConfigCheck.run([Self.flexPKI()[1]]).directions.map(\.outcome) == ["establishes"])

        let byAddress = try #require(ConfigCheck.run(Self.flexPKI(hubMatch: "match identity remote address 198.51.100.0 255.255.255.0")).directions.first)
        #expect(byAddress.outcome == "ikev2-profile-not-found")
        #expect(byAddress.fixLines == ["crypto pki certificate map SPOKE-MAP 10", " subject-name co <a part of SPOKE's certificate subject, or issuer-name co <its CA>>",
                                       "crypto ikev2 profile FLEX-HUB", " match certificate SPOKE-MAP"])
        #expect(byAddress.outcomeAfterFix == "establishes")
    }
}

extension ConfigRegressionReviewTests {
    /// A crypto ACL written with `object-group network` groups is read as their members (host,
    /// subnet with its network mask, range, nested group-object), not dropped: mirrored against a
    /// literal ACL it establishes both ways; against an ACL that does not cover a member, the
    /// member is what is refused.
    @Test func aCryptoACLWithObjectGroupsIsReadAsTheirMembers() throws {
        let groups = """
        object-group network LAN-A
         description site A
         10.1.0.0 255.255.0.0
        object-group network LAN-B
         group-object LAN-B-CORE
        object-group network LAN-B-CORE
         10.2.0.0 255.255.0.0
        """
        let a = ConfigDomainReviewTests.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit ip object-group LAN-A object-group LAN-B", extra: groups)
        let b = ConfigDomainReviewTests.mapRouter("R2", own: "198.51.100.2", peer: "203.0.113.1", acl: "permit ip 10.2.0.0 0.0.255.255 10.1.0.0 0.0.255.255")
        #expect(a.accessLists["VPN-ACL"]?.map { "\($0.source) → \($0.destination)" } == ["10.1.0.0/16 → 10.2.0.0/16"])
        #expect(ConfigCheck.run([a, b]).directions.map(\.outcome) == ["establishes", "establishes"])

        // A host and a range beside the subnet: B does not cover the host 192.0.2.10.
        let wider = ConfigDomainReviewTests.mapRouter("R1", own: "203.0.113.1", peer: "198.51.100.2", acl: "permit ip object-group LAN-A object-group LAN-B",
                                                      extra: groups.replacingOccurrences(of: " 10.1.0.0 255.255.0.0", with: " 10.1.0.0 255.255.0.0\n host 192.0.2.10\n range 10.3.0.0 10.3.1.255"))
        #expect(wider.accessLists["VPN-ACL"]?.map(\.source.description) == ["10.1.0.0/16", "192.0.2.10/32", "10.3.0.0/23"])
        let d = try #require(ConfigCheck.run([wider, b]).directions.first { $0.initiator == "R1" })
        #expect(d.outcome == "proxy-id-mismatch")
        #expect(d.problem.hasPrefix("R1 proposes 192.0.2.10/32 → 10.2.0.0/16 (line "))
    }
}

extension ConfigRegressionReviewTests {
    /// A broadband branch: its tunnel source has `ip address dhcp`, so its IKE source is the lease,
    /// never the tunnel's own address. Facing HQ, which names the branch's address, it is taken
    /// as that address (both ways, HQ → BRANCH included); facing a wildcard dVTI hub that names
    /// none, as an address only wildcards take; a single-file branch, likewise.
    @Test func aLeasedTunnelSourceIsNotTheTunnelsAddress() throws {
        func site(_ name: String, _ body: String) -> RouterConfig {
            Configs.router(name, """
            crypto keyring KR
              pre-shared-key address \(name == "HQ" ? "198.51.100.9" : "203.0.113.1") key S1te-K3y
            crypto isakmp policy 10
             encr aes 256
             hash sha256
             authentication pre-share
             group 14
            crypto isakmp profile IKE
               keyring KR
               match identity address \(name == "HQ" ? "198.51.100.9" : "203.0.113.1") 255.255.255.255
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
             mode tunnel
            crypto ipsec profile P
             set transform-set TS
             set isakmp-profile IKE
            interface Tunnel1
             ip address 169.254.1.\(name == "HQ" ? 1 : 2) 255.255.255.252
             tunnel source GigabitEthernet0/0
             tunnel mode ipsec ipv4
             tunnel destination \(name == "HQ" ? "198.51.100.9" : "203.0.113.1")
             tunnel protection ipsec profile P
            interface GigabitEthernet0/0
             \(body)
            end
            """)
        }
        let hq = site("HQ", "ip address 203.0.113.1 255.255.255.0")
        let branch = site("BRANCH", "description ISP (DHCP)\n ip address dhcp")
        #expect(branch.interface("GigabitEthernet0/0")?.assignedAddress == "dhcp")
        let check = ConfigCheck.run([hq, branch])
        #expect(check.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" } == ["HQ → BRANCH establishes", "BRANCH → HQ establishes"])
        let out = try #require(check.directions.first { $0.initiator == "BRANCH" })
        #expect(out.initiatorAddress == "198.51.100.9")
        #expect(out.steps.first?.text == "BRANCH's GigabitEthernet0/0 has `ip address dhcp` (line 25): the IKE source is the address assigned at run time, not in the configuration; taken as 198.51.100.9, the address HQ names for it (tunnel Tunnel1, line 17)")
        #expect(!check.directions.contains { d in d.steps.contains { $0.text.contains("169.254.1.2") } })

        // A dVTI hub with a wildcard key names no address for its spokes.
        let dvtiHub = Self.sample("SampleLogs/configs/dvti/hub.cfg")
        let spoke = Self.sample("SampleLogs/configs/dvti/spoke.cfg")
        let dhcpSpoke = ConfigParser.parse(spoke.lines.joined(separator: "\n").replacingOccurrences(of: " ip address 198.51.100.9 255.255.255.0", with: " ip address dhcp"), file: spoke.file)
        let d = try #require(ConfigCheck.run([dvtiHub, dhcpSpoke]).directions.first)
        #expect(d.outcome == "establishes")
        #expect(d.steps.first?.text.hasSuffix("HUB names no address for it, so it is unknown (taken as 0.0.0.0: only a wildcard key or match, 0.0.0.0 0.0.0.0, takes it, as it takes any lease)") == true)
        // A hub keyed for specific addresses only: no key for an unknown lease (the fix a wildcard).
        let keyed = ConfigParser.parse(dvtiHub.lines.joined(separator: "\n").replacingOccurrences(of: "pre-shared-key address 0.0.0.0 0.0.0.0 key", with: "pre-shared-key address 192.0.2.1 255.255.255.255 key"), file: dvtiHub.file)
        let k = try #require(ConfigCheck.run([keyed, dhcpSpoke]).directions.first)
        #expect(k.outcome == "no-psk")
        #expect(k.fixLines.contains("  pre-shared-key address 0.0.0.0 0.0.0.0 key <same key as on SPOKE>") || k.fixLines.contains(" pre-shared-key address 0.0.0.0 0.0.0.0 key <same key as on SPOKE>"))
        // Alone, the branch is not reached at its tunnel's address.
        let alone = try #require(ConfigCheck.run([branch]).directions.first)
        #expect(alone.peerAddress == "0.0.0.0" && alone.outcome == "establishes")
    }
}

extension ConfigRegressionReviewTests {
    /// A fix is checked against the other tunnels of the routers it edits: HUB's two tunnels share
    /// ipsec profile PROT, which names S2's ISAKMP profile, so S1 fails quick mode; the fix (PROT
    /// names S1's profile) would break S2, and says so.
    @Test func aFixThatBreaksAnotherTunnelSaysSo() throws {
        func spoke(_ name: String, _ own: String) -> RouterConfig {
            Configs.router(name, """
            crypto isakmp policy 10
             encr aes 256
             hash sha256
             authentication pre-share
             group 14
            crypto isakmp key K3y address 203.0.113.1
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            crypto ipsec profile P
             set transform-set TS
            interface Tunnel1
             tunnel source GigabitEthernet0/0
             tunnel mode ipsec ipv4
             tunnel destination 203.0.113.1
             tunnel protection ipsec profile P
            interface GigabitEthernet0/0
             ip address \(own) 255.255.255.0
            end
            """)
        }
        let hub = Configs.router("HUB", """
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto isakmp key K3y address 0.0.0.0 0.0.0.0
        crypto isakmp profile PROF-S1
           match identity address 198.51.100.1 255.255.255.255
        crypto isakmp profile PROF-S2
           match identity address 198.51.100.2 255.255.255.255
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        crypto ipsec profile PROT
         set transform-set TS
         set isakmp-profile PROF-S2
        interface Tunnel1
         tunnel source GigabitEthernet0/0
         tunnel mode ipsec ipv4
         tunnel destination 198.51.100.1
         tunnel protection ipsec profile PROT
        interface Tunnel2
         tunnel source GigabitEthernet0/0
         tunnel mode ipsec ipv4
         tunnel destination 198.51.100.2
         tunnel protection ipsec profile PROT
        interface GigabitEthernet0/0
         ip address 203.0.113.1 255.255.255.0
        end
        """)
        let check = ConfigCheck.run([hub, spoke("S1", "198.51.100.1"), spoke("S2", "198.51.100.2")])
        let d = try #require(check.directions.first { $0.initiator == "S1" })
        #expect(d.outcome == "qm-profile-mismatch")
        #expect(d.fixLines.first == "crypto ipsec profile PROT")
        #expect(d.fixLines.last == "! caution: with this change S2 → HUB (203.0.113.1), which establishes now, fails (qm-profile-mismatch)")
        #expect(check.directions.first { $0.initiator == "S2" }?.outcome == "establishes")
    }
}

/// The new user's review (rev18): an unapplied crypto map, one key disagreement seen from both
/// ends, a dynamic map's profile, a configuration given twice, two routers with one host name.
@Suite struct ConfigNewUserReviewTests {
    /// RA (10.0.0.1) ↔ RB (10.0.0.2), a crypto map each, global keys; `key` is this router's,
    /// `apply` whether its crypto map is on GigabitEthernet0/0, `extra` more lines before `end`.
    static func site(_ name: String, own: String, peer: String, key: String, lan: String, peerLan: String, apply: Bool = true,
                     hostname: String? = nil, extra: String = "", interfaceExtra: String = "") -> RouterConfig {
        ConfigParser.parse("""
        hostname \(hostname ?? name)
        !
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto isakmp key \(key) address \(peer)
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
         mode tunnel
        !
        crypto map CM 10 ipsec-isakmp
         set peer \(peer)
         set transform-set TS
         match address 101
        !
        interface GigabitEthernet0/0
         ip address \(own) 255.255.255.252
        \(apply ? " crypto map CM" : "")\(interfaceExtra)
        !
        access-list 101 permit ip \(lan) 0.0.0.255 \(peerLan) 0.0.0.255
        \(extra)
        end
        """, file: "\(name.lowercased()).cfg")
    }

    static func ra(key: String = "Sup3rS3cretA", hostname: String? = nil) -> RouterConfig {
        site("RA", own: "10.0.0.1", peer: "10.0.0.2", key: key, lan: "192.168.1.0", peerLan: "192.168.2.0", hostname: hostname)
    }

    static func rb(key: String = "Sup3rS3cretA", apply: Bool = true, hostname: String? = nil, extra: String = "", interfaceExtra: String = "") -> RouterConfig {
        site("RB", own: "10.0.0.2", peer: "10.0.0.1", key: key, lan: "192.168.2.0", peerLan: "192.168.1.0", apply: apply, hostname: hostname,
             extra: extra, interfaceExtra: interfaceExtra)
    }

    /// A crypto map applied to no interface, on a router with no other crypto map and no tunnel
    /// protection: ISAKMP is off, the peer's IKE gets no answer. Not "ACL 101 is not configured"
    /// (it is), and the fix applies the map to the interface the peer reaches, which establishes.
    @Test func aCryptoMapOnNoInterfaceLeavesISAKMPOffAndTheFixAppliesIt() throws {
        let check = ConfigCheck.run([Self.ra(), Self.rb(apply: false)])
        #expect(check.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" } == ["RA → RB peer-unreachable"])
        let d = try #require(check.directions.first)
        #expect(d.problem == "RB answers no IKE: none of its interfaces has a crypto map or `tunnel protection`, and IOS turns ISAKMP on only when one has (`%CRYPTO-6-ISAKMP_ON_OFF: ISAKMP is ON`). RA's main mode to 10.0.0.2 gets no answer (`retransmitting phase 1 MM_NO_STATE`). RB's crypto map CM 10 (line 13), its entry for 10.0.0.1, is applied to no interface: IOS uses a crypto map only on an interface, so RB neither answers 10.0.0.1 nor initiates to it with that entry.")
        #expect(d.steps.map(\.router) == ["RA", "RB"])
        #expect(d.fixRouter == "RB")
        #expect(d.fixLines == ["interface GigabitEthernet0/0", " crypto map CM"])
        #expect(d.outcomeAfterFix == "establishes")
        #expect(check.errorCount == 1)
        // The router alone: the same.
        let alone = ConfigCheck.run([Self.rb(apply: false)])
        #expect(alone.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" } == ["10.0.0.1 → RB peer-unreachable"])
        #expect(alone.directions.first?.fixLines == ["interface GigabitEthernet0/0", " crypto map CM"])
        #expect(alone.directions.first?.outcomeAfterFix == "establishes")
    }

    /// ISAKMP on (another crypto map on another interface): phase 1 completes and quick mode finds
    /// the entry unused because its map is on no interface; the fix applies it. When the interface
    /// the peer reaches has another map already, the entry moves into that map instead (an
    /// interface takes one crypto map).
    @Test func anEntryInAnUnappliedMapIsNamedSoAndItsFixEstablishes() throws {
        let other = """
        crypto map OTHER 10 ipsec-isakmp
         set peer 172.16.0.9
         set transform-set TS
         match address 102
        interface GigabitEthernet0/1
         ip address 172.16.0.2 255.255.255.0
         crypto map OTHER
        access-list 102 permit ip 192.168.2.0 0.0.0.255 192.168.9.0 0.0.0.255
        """
        let check = ConfigCheck.run([Self.ra(), Self.rb(apply: false, extra: other)])
        let d = try #require(check.directions.first { $0.initiator == "RA" })
        #expect(d.outcome == "qm-no-matching-map")
        #expect(d.problem == "Phase 1 completes, but RB's crypto map CM, whose entry 10 (line 13) is for 10.0.0.1, is applied to no interface: IOS uses a crypto map only on an interface, so quick mode is refused with error 32 (and RB never initiates to 10.0.0.1).")
        #expect(!d.problem.contains("not configured"))
        #expect(d.fixLines == ["interface GigabitEthernet0/0", " crypto map CM"])
        #expect(d.outcomeAfterFix == "establishes")

        let taken = ConfigCheck.run([Self.ra(), Self.rb(apply: false, extra: other.replacingOccurrences(of: "interface GigabitEthernet0/1\n ip address 172.16.0.2 255.255.255.0\n crypto map OTHER", with: ""),
                                                        interfaceExtra: "\n crypto map OTHER")])
        let t = try #require(taken.directions.first { $0.initiator == "RA" })
        #expect(t.outcome == "qm-no-matching-map")
        #expect(t.fixLines == ["crypto map OTHER 20 ipsec-isakmp", " set peer 10.0.0.1", " set transform-set TS", " match address 101",
                               "! (GigabitEthernet0/0 has crypto map OTHER, and an interface takes one crypto map: the entry moves into OTHER rather than CM replacing it)"])
        #expect(t.outcomeAfterFix == "establishes")
    }

    /// Two routers whose keys for each other differ: one disagreement, failing both ways. Both
    /// directions get the same fix, on one router, with the other way named as the alternative
    /// (before: each direction fixed its responder, and both fixes together swapped the keys), and
    /// it is one finding, one error.
    @Test func aKeyThatDiffersIsOneProblemWithOneFix() throws {
        let check = ConfigCheck.run([Self.ra(), Self.rb(key: "Sup3rS3cretB")])
        #expect(check.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" } == ["RA → RB psk-mismatch", "RB → RA psk-mismatch"])
        let fix = ["crypto isakmp key <the key of RA's line 8> address 10.0.0.1",
                   "! (either this, or on RA: crypto isakmp key <the key of RB's line 8> address 10.0.0.2; not both: that swaps the keys)"]
        for d in check.directions {
            #expect(d.fixRouter == "RB")
            #expect(d.fixLines == fix)
            #expect(d.outcomeAfterFix == "establishes")
        }
        #expect(check.errorCount == 1)
        let f = try #require(check.findings.first { $0.id == "psk-mismatch" })
        #expect(f.device == "RB" && f.peer == "10.0.0.1")
        #expect(f.summary == "RA → RB (10.0.0.2) and RB → RA (10.0.0.1) would fail: psk-mismatch")
        #expect(f.fix == "On RB:\n" + fix.joined(separator: "\n") + "\nSimulated again with this change: RA → RB establishes; RB → RA establishes.")
        // Applying the one fix makes both ways establish.
        var rb = Self.rb(key: "Sup3rS3cretB")
        check.directions[0].fixEdit?.apply(to: &rb)
        #expect(ConfigCheck.run([Self.ra(), rb]).directions.map(\.outcome) == ["establishes", "establishes"])
        // The keys stay masked.
        let out = ConfigReport.text(check) + ConfigReport.json(check)
        #expect(!out.contains("Sup3rS3cret"))
    }

    /// A hub whose dynamic map entry sets P-SPOKES, and a spoke (10.0.0.2) that a more specific
    /// profile, P-PARTNER, takes: quick mode refuses it (error 32). The fix is not `set
    /// isakmp-profile` under the parent `crypto map CM 100` (not where IOS takes it from; the
    /// simulation no longer takes it either), nor a change of DM 10 (the other spokes'), but a
    /// dynamic map of its own for P-PARTNER, which leaves SPOKE3 (P-SPOKES) as it is.
    @Test func aDynamicMapsProfileIsFixedWithAnEntryOfItsOwn() throws {
        let hub = ConfigParser.parse("""
        hostname HUB
        !
        crypto keyring KR-SPOKES
         pre-shared-key address 10.0.0.0 255.255.255.0 key Spk1
        crypto keyring KR-PARTNER
         pre-shared-key address 10.0.0.2 key Spk1
        !
        crypto isakmp policy 10
         encr aes 256
         hash sha256
         authentication pre-share
         group 14
        crypto isakmp profile P-SPOKES
         keyring KR-SPOKES
         match identity address 10.0.0.0 255.255.255.0
        crypto isakmp profile P-PARTNER
         keyring KR-PARTNER
         match identity address 10.0.0.2
        !
        crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
        !
        crypto dynamic-map DM 10
         set transform-set TS
         set isakmp-profile P-SPOKES
        !
        crypto map CM 100 ipsec-isakmp dynamic DM
        !
        interface GigabitEthernet0/0
         ip address 10.0.0.1 255.255.255.0
         crypto map CM
        end
        """, file: "h2.cfg")
        func spoke(_ name: String, _ own: String, _ lan: String) -> RouterConfig {
            ConfigParser.parse("""
            hostname \(name)
            !
            crypto isakmp policy 10
             encr aes 256
             hash sha256
             authentication pre-share
             group 14
            crypto isakmp key Spk1 address 10.0.0.1
            !
            crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
            !
            crypto map CM 10 ipsec-isakmp
             set peer 10.0.0.1
             set transform-set TS
             match address 101
            !
            interface GigabitEthernet0/0
             ip address \(own) 255.255.255.0
             crypto map CM
            !
            access-list 101 permit ip \(lan) 0.0.0.255 192.168.0.0 0.0.255.255
            end
            """, file: "\(name.lowercased()).cfg")
        }
        let s2 = spoke("SPOKE2", "10.0.0.2", "192.168.2.0"), s3 = spoke("SPOKE3", "10.0.0.3", "192.168.3.0")
        let check = ConfigCheck.run([hub, s2, s3])
        #expect(check.directions.map { "\($0.initiator) → \($0.responder) \($0.outcome)" } == ["SPOKE2 → HUB qm-profile-mismatch", "SPOKE3 → HUB establishes"])
        let d = try #require(check.directions.first)
        #expect(d.steps.last?.text == "quick mode: crypto map CM 100 (dynamic-map DM 10) (line 22) wants profile P-SPOKES, SA has P-PARTNER → error 32")
        #expect(d.problem.hasSuffix(" That profile is set in crypto dynamic-map DM 10 (line 22), not under crypto map CM 100 (line 26), which only names DM; and DM 10 answers every peer of that entry: setting P-PARTNER there would take P-SPOKES away from them."))
        #expect(d.fixRouter == "HUB")
        #expect(d.fixLines == ["crypto dynamic-map DM-P-PARTNER 10", " set transform-set TS", " set isakmp-profile P-PARTNER",
                               "crypto map CM 101 ipsec-isakmp dynamic DM-P-PARTNER",
                               "! (IOS answers an SA with the first dynamic entry whose `set isakmp-profile` is the SA's: 10.0.0.2's, negotiated under P-PARTNER, takes DM-P-PARTNER; DM 10 keeps serving the peers under P-SPOKES)",
                               "! (or, if P-PARTNER is not meant for 10.0.0.2: narrow its `match identity` so that 10.0.0.2 lands in P-SPOKES)"])
        #expect(d.outcomeAfterFix == "establishes")
        // The fix applied: SPOKE3 still establishes, under DM 10.
        var fixed = hub
        d.fixEdit?.apply(to: &fixed)
        let after = ConfigCheck.run([fixed, s2, s3])
        #expect(after.directions.map(\.outcome) == ["establishes", "establishes"])
        #expect(after.directions[0].steps.last?.text == "quick mode: crypto map CM 101 (dynamic-map DM-P-PARTNER 10) (line 0) accepts the proposal → tunnel up")
        #expect(after.directions[1].steps.last?.text == "quick mode: crypto map CM 100 (dynamic-map DM 10) (line 22) accepts the proposal → tunnel up")
        // `set isakmp-profile` under crypto map CM 100 changes nothing IOS reads: still refused.
        var parent = hub
        Simulator.FixEdit.setProfile(intentLine: 26, profile: "P-PARTNER").apply(to: &parent)
        #expect(ConfigCheck.run([parent, s2]).directions.first?.outcome == "qm-profile-mismatch")
        // Changing DM 10's profile lets SPOKE2 in and shuts SPOKE3 out.
        var shared = hub
        Simulator.FixEdit.setProfile(intentLine: 22, profile: "P-PARTNER").apply(to: &shared)
        #expect(ConfigCheck.run([shared, s2, s3]).directions.map(\.outcome) == ["establishes", "qm-profile-mismatch"])
    }

    /// Two versions of one router (the same host name and addresses, another line changed): no
    /// direction between them, so each is checked alone toward its peers, as one file is, and
    /// the keyring mismatch of each is found (before: "2 routers, 0 directions, 0 errors").
    /// With no direction at all beside lint findings, the header says nothing was simulated.
    @Test func aRouterInNoDirectionIsCheckedAlone() throws {
        let text = String(decoding: Fixture.bytes(Fixture.packageRoot.appendingPathComponent("SampleLogs/configs/seed/r1.cfg")), as: UTF8.self)
        let r1 = ConfigParser.parse(text, file: "r1.cfg")
        let older = ConfigParser.parse(text.replacingOccurrences(of: "Jun 19", with: "Jun 18"), file: "r1-old.cfg")
        let check = ConfigCheck.run([r1, older])
        #expect(check.directions.map { "\($0.initiator) → \($0.responderFile) \($0.outcome)" } == ["192.168.0.2 → r1.cfg keyring-mismatch", "192.168.0.2 → r1-old.cfg keyring-mismatch"])
        #expect(check.directions.allSatisfy { $0.outcomeAfterFix == "establishes" })
        #expect(check.errorCount == 2)
        // Lint findings and nothing simulated: not "0 directions, 0 errors" as if all were fine.
        let a = Configs.router("A", "crypto isakmp policy 10\n encr des\ninterface Gi0/0\n ip address 192.0.2.1 255.255.255.0\n")
        let b = Configs.router("B", "interface Gi0/0\n ip address 198.51.100.1 255.255.255.0\n")
        let lintOnly = ConfigReport.text(ConfigCheck.run([a, b]))
        #expect(lintOnly.hasPrefix("IKELens \(IKELens.version) config check — 2 routers, 0 directions (nothing could be simulated), 0 errors, 1 warning\n"))
        #expect(lintOnly.contains("No direction could be simulated: no router initiates to an address another one owns"))
    }

    /// Two routers left at `hostname Router`: named apart by file, as `analyze` names devices,
    /// in the directions, the fixes and the findings (before: "Router → Router", "Fix on
    /// Router"); the fix goes to that one router, and the FQDN it sends keeps its host name.
    @Test func twoRoutersWithOneHostNameAreNamedApartByFile() throws {
        let check = ConfigCheck.run([Self.ra(hostname: "Router"), Self.rb(key: "Sup3rS3cretB", hostname: "Router")])
        #expect(check.routers.map(\.hostname) == ["Router (ra.cfg)", "Router (rb.cfg)"])
        #expect(check.routers.map(\.fqdn) == ["Router", "Router"])
        #expect(check.directions.map { "\($0.initiator) → \($0.responder)" } == ["Router (ra.cfg) → Router (rb.cfg)", "Router (rb.cfg) → Router (ra.cfg)"])
        #expect(check.directions.allSatisfy { $0.fixRouter == "Router (rb.cfg)" && $0.outcomeAfterFix == "establishes" })
        #expect(check.findings.map(\.device) == ["Router (rb.cfg)"])
        let text = ConfigReport.text(check)
        #expect(text.contains("\n  Fix on Router (rb.cfg):\n"))
        #expect(!text.contains("Router → Router"))
        #expect(ConfigReport.json(check).contains("\"hostname\": \"Router (ra.cfg)\""))
        // The same file name in two folders: the path given.
        var a = Self.ra(hostname: "Router"), b = Self.rb(hostname: "Router")
        (a.file, b.file) = ("site-a/router.cfg", "site-b/router.cfg")
        #expect(ConfigCheck.run([a, b]).routers.map(\.hostname) == ["Router (site-a/router.cfg)", "Router (site-b/router.cfg)"])
    }
}
