/// No pre-shared key for the peer's address (or host name) at all.
public struct NoPSKDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .noPreSharedKey

    public static let description = DiagnoserDescription(
        id: "no-psk",
        severity: .error,
        meaning: "No pre-shared key for the peer (`No pre-shared key with X!`, `No Cert or pre-shared address key`, `no pre-shared key based on hostname`, `Preshared authentication offered but does not match policy!`).",
        usualFix: "Add the key for the peer's address in a keyring of the right front-door VRF (or `crypto isakmp key … address X`).",
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
        let vrf = sa.frontDoorVRF
        if let vrf {
            steps.append("Here the peer's packets arrive in front-door VRF \(vrf) (the packet line names `\(vrf)` where it says `Global` for the global table), so only a keyring bound to that VRF can serve \(peer).")
        }
        let fix = byHostname
            ? "On \(device.name) add `pre-shared-key hostname \(peer) key …` in the keyring used for this peer (or make the peer identify itself by address: `crypto isakmp identity address`), and check `show crypto isakmp key`."
            : vrf.map { v in "On \(device.name) add the key for \(peer) in a keyring of front-door VRF \(v): `crypto keyring <name> vrf \(v)` + `pre-shared-key \(Say.keyAddress(peer)) key …` (a global `crypto isakmp key`, or a keyring without `vrf \(v)`, cannot serve a peer reached through VRF \(v)). Verify with `show crypto isakmp key`; the same key must be configured on \(peer) for this router's address." }
            ?? "On \(device.name) add the key for \(peer): `crypto keyring <name>` + `pre-shared-key \(Say.keyAddress(peer)) key …` (in the keyring of the front-door VRF the tunnel uses), or globally `crypto isakmp key … \(Say.keyAddress(peer))`. Verify with `show crypto isakmp key`; the same key must be configured on \(peer) for this router's address."
        return finding(sa, on: device,
                       summary: "\(device.name) has no pre-shared key for \(peer)\(byHostname ? " (by host name)" : "")",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
