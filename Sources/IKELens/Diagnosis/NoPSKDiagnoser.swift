/// No pre-shared key for the peer's address (or host name) at all. A DMVPN spoke-to-spoke tunnel
/// (`debug nhrp` named the peer as a tunnel endpoint's NBMA address) needs the wildcard key every
/// spoke has for the others, not one per address; while traffic still flows through the hub (a
/// ping that got replies) it is a shortcut not built, a warning.
public struct NoPSKDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .noPreSharedKey

    public static let description = DiagnoserDescription(
        id: "no-psk",
        severity: .error,
        meaning: "No pre-shared key for the peer (`No pre-shared key with X!`, `No Cert or pre-shared address key`, `no pre-shared key based on hostname`, `Preshared authentication offered but does not match policy!`).",
        usualFix: "Add the key for the peer's address in a keyring of the right front-door VRF (or `crypto isakmp key … address X`); DMVPN spoke to spoke: the wildcard key on every spoke (`crypto isakmp key … address 0.0.0.0 0.0.0.0`).",
        triggering: [
            // A peer reached through front-door VRF INET (named where the packet line says `Global`):
            // the key belongs in `crypto keyring K vrf INET`.
            """
            *Nov 14 07:42:18.305: ISAKMP-PAK: (0):received packet from 198.51.100.20 dport 500 sport 500 INET (N) NEW SA
            *Nov 14 07:42:18.305: ISAKMP: (0):Created a peer struct for 198.51.100.20, peer port 500
            *Nov 14 07:42:18.306: ISAKMP-ERROR: (0):No pre-shared key with 198.51.100.20!
            *Nov 14 07:42:18.306: ISAKMP-ERROR: (0):Preshared authentication offered but does not match policy!
            *Nov 14 07:42:18.307: ISAKMP-ERROR: (0):phase 1 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.20)
            """,
            // An IPv6 peer: the fix's key commands take `address ipv6 X/128`.
            """
            *Nov 14 18:50:01.497: ISAKMP: (0):SA request profile is (NULL)
            *Nov 14 18:50:01.497: ISAKMP: (0):Created a peer struct for 2001:DB8:1::1, peer port 500
            *Nov 14 18:50:01.497: ISAKMP: (0):Can not start Aggressive mode, trying Main mode.
            *Nov 14 18:50:01.497: ISAKMP-ERROR: (0):No pre-shared key with 2001:DB8:1::1!
            *Nov 14 18:50:01.497: ISAKMP-ERROR: (0):No Cert or pre-shared address key.
            *Nov 14 18:50:01.497: ISAKMP-ERROR: (0):construct_initial_message: Can not start Main mode
            """,
            """
            *Oct 25 18:50:01.497: ISAKMP: (0):SA request profile is (NULL)
            *Oct 25 18:50:01.497: ISAKMP: (0):Created a peer struct for 203.0.113.1, peer port 500
            *Oct 25 18:50:01.497: ISAKMP: (0):Can not start Aggressive mode, trying Main mode.
            *Oct 25 18:50:01.497: ISAKMP-ERROR: (0):No pre-shared key with 203.0.113.1!
            *Oct 25 18:50:01.497: ISAKMP-ERROR: (0):No Cert or pre-shared address key.
            *Oct 25 18:50:01.497: ISAKMP-ERROR: (0):construct_initial_message: Can not start Main mode
            """,
            """
            ISAKMP (0): received packet from 198.51.100.20 dport 500 sport 500 Global (N) NEW SA
            ISAKMP:(0): processing SA payload. message ID = 0
            ISAKMP: no pre-shared key based on hostname srx110c2821!
            """,
            // (The `No pre-shared key with …` line lost: what IOS prints after it still tells.)
            // A DMVPN spoke to another spoke whose NBMA address NHRP resolved: the wildcard key.
            """
            *Apr 11 14:20:05.327: NHRP: Adding Tunnel Endpoints (VPN: 172.16.0.12, NBMA: 198.51.100.30)
            *Apr 11 14:20:05.327: IPSEC(sa_request): ,
              (key eng. msg.) OUTBOUND local= 198.51.100.20:500, remote= 198.51.100.30:500,
                local_proxy= 198.51.100.20/255.255.255.255/47/0,
                remote_proxy= 198.51.100.30/255.255.255.255/47/0,
                protocol= ESP, transform= esp-aes 256 esp-sha256-hmac  (Transport),
            *Apr 11 14:20:05.327: ISAKMP:(0): SA request profile is (NULL)
            *Apr 11 14:20:05.327: ISAKMP:(0):Can not start Aggressive mode, trying Main mode.
            *Apr 11 14:20:05.327: ISAKMP:(0):No pre-shared key with 198.51.100.30!
            *Apr 11 14:20:05.327: ISAKMP:(0):No Cert or pre-shared address key.
            *Apr 11 14:20:05.327: ISAKMP:(0):construct_initial_message: Can not start Main mode
            !!!!!
            Success rate is 100 percent (5/5), round-trip min/avg/max = 28/30/36 ms
            """,
            """
            *Nov 14 07:42:18.306: ISAKMP: (0):Checking ISAKMP transform 1 against priority 10 policy
            *Nov 14 07:42:18.306: ISAKMP: (0):      auth pre-share
            *Nov 14 07:42:18.306: ISAKMP-ERROR: (0):Preshared authentication offered but does not match policy!
            *Nov 14 07:42:18.306: ISAKMP-ERROR: (0):atts are not acceptable. Next payload is 0
            *Nov 14 07:42:18.307: ISAKMP-ERROR: (0):phase 1 SA policy not acceptable! (local 203.0.113.1 remote 198.51.100.20)
            """,
        ],
        nonTriggering: [
            """
            *Oct 25 18:51:49.100: ISAKMP: (0):SA request profile is (NULL)
            *Oct 25 18:51:49.100: ISAKMP: (0):Created a peer struct for 203.0.113.1, peer port 500
            *Oct 25 18:51:49.100: ISAKMP: (0):found peer pre-shared key matching 203.0.113.1
            *Oct 25 18:51:49.101: ISAKMP-PAK: (0):sending packet to 203.0.113.1 my_port 500 peer_port 500 (I) MM_NO_STATE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let missing = sa.all { if case .noPreSharedKey = $0 { return true }; return false }
        guard !missing.isEmpty else { return nil }
        var evidence = missing
        evidence += sa.all { if case .initFailed = $0 { return true }; return false }
        if let req = sa.first({ if case .saRequest = $0 { return true }; return false }) { evidence.append(req) }
        let named = missing.compactMap { if case let .noPreSharedKey(p) = $0.kind { return p }; return nil }.first
        let peer = named ?? Say.peer(sa)
        let byHostname = missing.contains { $0.text.contains("hostname") }
        if !byHostname, let nhrp = sa.first({ if case let .nhrpEndpoint(_, nbma) = $0 { return nbma == peer }; return false }) {
            return dmvpnSpokeToSpoke(sa, on: device, peer: peer, nhrp: nhrp, evidence: evidence)
        }
        var steps: [String] = []
        if sa.role == .initiator || sa.has({ if case .saRequest = $0 { return true }; return false }) {
            steps.append("\(device.name) wanted to start main mode to \(peer)\(sa.requestedProfile.map { " with ISAKMP profile \($0)" } ?? " with no ISAKMP profile (`SA request profile is (NULL)`)") and found no pre-shared key for that address, so it could not even send MM1 (`Can not start Main mode`).")
        } else {
            steps.append("\(peer) proposed phase 1 with pre-shared-key authentication and \(device.name) has no pre-shared key for it\(byHostname ? " by host name (the peer identifies itself by FQDN, so IOS looks for `pre-shared-key hostname …`)" : ""), so it cannot accept the proposal.")
            if named == nil, missing.contains(where: { $0.text.contains("Preshared authentication offered") }) {
                steps.append("(The log shows `Preshared authentication offered but does not match policy!`, which IOS prints when it finds no key for the peer's address; the `No pre-shared key with …` line that usually precedes it is not in the log.)")
            }
        }
        steps.append("IOS looks keys up by the peer's address in the keyrings of the front-door VRF the packet uses: a key in `crypto keyring NAME vrf V` serves only peers reached through VRF V, and a global `crypto isakmp key` only the global table. A key that exists but in another VRF's keyring (or the tunnel's `tunnel vrf` / the interface's `vrf forwarding` not matching the keyring) gives the same message.")
        // GRE in transport mode without NHRP in the log: a protected tunnel, point to point or a
        // DMVPN spoke's; the fix names both.
        let (request, gre, transport) = byHostname ? (nil, false, false) : Self.greRequest(sa)
        let greTransport = gre && transport
        if greTransport, let request {
            evidence.append(request)
            steps.append("The IPsec request is for GRE in transport mode (proxies with protocol 47, `(Transport)`), as a tunnel protected by an ipsec profile asks: a point-to-point tunnel, or a DMVPN spoke's tunnel to another spoke (then `debug nhrp` shows NHRP resolving \(peer) just before).")
        }
        let vrf = sa.frontDoorVRF
        if let vrf {
            steps.append("Here the peer's packets arrive in front-door VRF \(vrf) (the packet line names `\(vrf)` where it says `Global` for the global table), so only a keyring bound to that VRF can serve \(peer).")
        }
        let fix = byHostname
            ? "On \(device.name) add `pre-shared-key hostname \(peer) key …` in the keyring used for this peer (or make the peer identify itself by address: `crypto isakmp identity address`), and check `show crypto isakmp key`."
            : vrf.map { v in "On \(device.name) add the key for \(peer) in a keyring of front-door VRF \(v): `crypto keyring <name> vrf \(v)` + `pre-shared-key \(Say.keyAddress(peer)) key …` (a global `crypto isakmp key`, or a keyring without `vrf \(v)`, cannot serve a peer reached through VRF \(v)). Verify with `show crypto isakmp key`; the same key must be configured on \(peer) for this router's address." }
            ?? "On \(device.name) add the key for \(peer): `crypto keyring <name>` + `pre-shared-key \(Say.keyAddress(peer)) key …` (in the keyring of the front-door VRF the tunnel uses), or globally `crypto isakmp key … \(Say.keyAddress(peer))`. Verify with `show crypto isakmp key`; the same key must be configured on \(peer) for this router's address."
        let dmvpnFix = " If \(peer) is another DMVPN spoke, whose address NHRP learns, put a key that matches any address on every spoke instead: `crypto isakmp key … address 0.0.0.0 0.0.0.0`, or `pre-shared-key address 0.0.0.0 0.0.0.0 key …` in the keyring of the ISAKMP profile the tunnel's ipsec profile uses (certificates or IKEv2 scale better)."
        return finding(sa, on: device,
                       summary: "\(device.name) has no pre-shared key for \(peer)\(byHostname ? " (by host name)" : "")",
                       explanation: steps.joined(separator: " "), fix: fix + (greTransport ? dmvpnFix : ""), evidence: evidence)
    }

    /// The IPsec request that started the SA, and whether it is for GRE (proxies with protocol 47)
    /// and in transport mode: what a tunnel protected by an ipsec profile asks for.
    static func greRequest(_ sa: SecurityAssociation) -> (Event?, gre: Bool, transport: Bool) {
        guard let request = sa.first({ if case let .ipsecRequest("sa_request", _, _, lp, _, t, _, _) = $0 { return lp != nil || t != nil }; return false }),
              case let .ipsecRequest(_, _, _, lp, _, t, _, _) = request.kind else { return (nil, false, false) }
        return (request, lp.map { $0.split(separator: "/").dropFirst(2).first == "47" } ?? false, t?.contains("(Transport)") ?? false)
    }

    /// DMVPN spoke to spoke: NHRP resolved another spoke's NBMA address and this router has no key
    /// for it. Spoke addresses are learned, so the fix is the wildcard key every spoke carries; a
    /// ping that got replies shows the traffic going through the hub meanwhile (a warning).
    private func dmvpnSpokeToSpoke(_ sa: SecurityAssociation, on device: DeviceTimeline, peer: String, nhrp: Event, evidence: [Event]) -> Finding {
        let vpn: String? = { if case let .nhrpEndpoint(v, _) = nhrp.kind { return v }; return nil }()
        let (request, gre, transport) = Self.greRequest(sa)
        let flows = sa.pingAfter.map { $0.received > 0 } ?? false
        var steps: [String] = []
        steps.append("NHRP resolved \(vpn.map { "tunnel address \($0)" } ?? "a tunnel endpoint") to the NBMA address \(peer) (`Adding Tunnel Endpoints`), and \(device.name) started IPsec to \(peer)\(gre ? " for GRE (proxies with protocol 47\(transport ? ", transport mode" : ""))" : ""): a DMVPN spoke-to-spoke tunnel. It found no pre-shared key for \(peer) (`No pre-shared key with \(peer)!`), so it could not even send MM1\(sa.has({ if case .initFailed = $0 { return true }; return false }) ? " (`Can not start Main mode`)" : "").")
        steps.append("Spokes learn each other's NBMA addresses from NHRP, so a key per spoke address does not scale and breaks when a spoke's address changes (DHCP, another ISP): a spoke that has only the hub's key (`crypto isakmp key … address <hub>`) reaches the hub and no other spoke.")
        if let ping = sa.pingAfter {
            steps.append(flows
                ? "The ping got its replies (`\(ping.text)`): the traffic goes spoke to hub to spoke while the direct tunnel is missing, so this is a shortcut not built (more load and delay through the hub), not an outage, and is reported as a warning."
                : "The ping got no replies (`\(ping.text)`): the traffic does not get through the hub either, so look at the hub tunnel as well.")
        }
        let fix = "On every spoke, a key that matches any spoke's address: `crypto isakmp key … address 0.0.0.0 0.0.0.0` (the same key as the hub's), or `pre-shared-key address 0.0.0.0 0.0.0.0 key …` in the keyring of the ISAKMP profile that the tunnel's `tunnel protection ipsec profile` uses\(sa.requestedProfile.map { " (here \($0))" } ?? "")\(sa.frontDoorVRF.map { " (a keyring of front-door VRF \($0): `crypto keyring <name> vrf \($0)`)" } ?? ""). Certificates (`authentication rsa-sig` with a trustpoint on every spoke) or IKEv2 scale better and keep one spoke's key from opening all the others. Verify with `show crypto isakmp key`, then `show dmvpn` (the entry for \(peer) comes up) and `show crypto isakmp sa`."
        var ev = evidence + [nhrp]
        if let request { ev.append(request) }
        if let ping = sa.pingAfter {
            ev.append(Event(kind: .pingResult(received: ping.received, sent: ping.sent), facility: .none, connId: nil,
                            firstLine: ping.line, lastLine: ping.line, stamp: nil, text: ping.text))
        }
        var f = finding(sa, on: device,
                        summary: "\(device.name) has no pre-shared key for \(peer), another DMVPN spoke: the spoke-to-spoke tunnel is not built\(flows ? "; traffic still flows through the hub" : "")",
                        explanation: steps.joined(separator: " "), fix: fix, evidence: ev)
        if flows { f.severity = .warning }
        return f
    }
}
