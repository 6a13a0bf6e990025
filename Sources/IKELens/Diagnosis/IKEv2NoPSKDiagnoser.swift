/// IKEv2: the IKEv2 profile was found, but its keyring has no `peer` entry for the peer, so
/// there is no pre-shared key to verify (or sign) the AUTH payload with.
public struct IKEv2NoPSKDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.v2LookupFailed, .v2Failure, .v2AuthFailure]

    public static let description = DiagnoserDescription(
        id: "ikev2-no-psk",
        severity: .error,
        meaning: "IKEv2: the IKEv2 profile matched, but its keyring has no `peer` entry for the peer (`Getting preshared key from profile keyring KR` with no `Matched peer block` after it; `Get peer's preshared key for X` answered by `Failed to locate an item in the database`): no pre-shared key, so IKE_AUTH fails with AUTHENTICATION_FAILED.",
        usualFix: "Add a peer entry under the profile's keyring (`crypto ikev2 keyring KR` → `peer NAME` → `address X` or `identity …` → `pre-shared-key …`); the profile needs no change.",
        triggering: [
            """
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Searching policy based on peer's identity '198.51.100.2' of type 'IPv4 address'
            *Nov 17 13:26:50.086: IKEv2:found matching IKEv2 profile 'PROF'
            *Nov 17 13:26:50.086: IKEv2:% Getting preshared key from profile keyring KR
            *Nov 17 13:26:50.086: IKEv2:Searching Policy with fvrf 0, local address 203.0.113.1
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Peer's authentication method is 'PSK'
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Get peer's preshared key for 198.51.100.2
            *Nov 17 13:26:50.086: IKEv2-ERROR:(SESSION ID = 15,SA ID = 1):: Failed to locate an item in the database
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Sending authentication failure notify
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Auth exchange failed
            """,
            // An FQDN identity, the error in the older `IKEv2:(…)::` form, the line wrapped at 80 columns.
            """
            *Apr  3 08:17:36.001: IKEv2:(SESSION ID = 7,SA ID = 1):Searching policy based on peer's identity 'SPOKE9.LAB.LOCAL' of type 'FQDN'
            *Apr  3 08:17:36.001: IKEv2:found matching IKEv2 profile 'IKEV2-PROFILE'
            *Apr  3 08:17:36.001: IKEv2:% Getting preshared key from profile keyring KEYRING
            *Apr  3 08:17:36.005: IKEv2:(SESSION ID = 7,SA ID = 1):Get peer's preshared key for SPOKE9.LAB.LOCAL
            *Apr  3 08:17:36.005: IKEv2:(SESSION ID = 7,SA ID = 1):: Failed to
            locate an item in the database
            *Apr  3 08:17:36.005: IKEv2:(SESSION ID = 7,SA ID = 1):Verify auth failed
            """,
            // A log that starts after the profile's keyring was named: the key's lookup and its failure.
            """
            *Nov 21 08:14:37.086: IKEv2:(SESSION ID = 23,SA ID = 1):Peer's authentication method is 'PSK'
            *Nov 21 08:14:37.086: IKEv2:(SESSION ID = 23,SA ID = 1):Get peer's preshared key for 198.51.100.9
            *Nov 21 08:14:37.086: IKEv2-ERROR:(SESSION ID = 23,SA ID = 1):: Failed to locate an item in the database
            *Nov 21 08:14:37.086: IKEv2:(SESSION ID = 23,SA ID = 1):Sending authentication failure notify
            *Nov 21 08:14:37.086: IKEv2:(SESSION ID = 23,SA ID = 1):Auth exchange failed
            """,
        ],
        nonTriggering: [
            // The keyring has the peer (`Matched peer block`): the key was found, and it differs
            // (ikev2-auth-failed).
            """
            *Nov 17 13:26:50.086: IKEv2:found matching IKEv2 profile 'PROF'
            *Nov 17 13:26:50.086: IKEv2:% Getting preshared key from profile keyring KR
            *Nov 17 13:26:50.086: IKEv2:% Matched peer block 'BRANCH2'
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Get peer's preshared key for 198.51.100.2
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Verify peer's authentication data
            *Nov 17 13:26:50.086: IKEv2:(SESSION ID = 15,SA ID = 1):Verification of peer's authentication data FAILED
            """,
            // No profile for the identity: the database error is the profile lookup's (ikev2-profile-not-found).
            """
            *Nov 19 22:49:14.449: IKEv2:(SESSION ID = 21,SA ID = 1):Searching policy based on peer's identity 'branch7.example.com' of type 'FQDN'
            *Nov 19 22:49:14.453: IKEv2:% IKEv2 profile not found
            *Nov 19 22:49:14.453: IKEv2:(SESSION ID = 21,SA ID = 1):: Failed to locate an item in the database
            """,
        ])

    /// What the log shows of the missing key: the keyring lookup (`Getting preshared key from
    /// profile keyring KR`) with no `Matched peer block` (nor `Use preshared key for id …`, nor
    /// a verified or failed AUTH) after it, then the lookup's failure: the database error, or,
    /// whatever IOS's wording, the exchange failing after `Get peer's preshared key for X`.
    /// In a log without the keyring's line (a logging buffer that overwrote the exchange's start,
    /// or a release that does not print it), the key's lookup (`Get peer's preshared key for X`)
    /// answered by the database error is the same story, the keyring unnamed (`keyring` nil).
    static func missingKey(_ sa: SecurityAssociation) -> (keyring: Event?, lookup: Event?, failure: Event)? {
        guard sa.version == 2, !sa.established else { return nil }
        // (No profile, a certificate or a peer-ID check: their own diagnoses.)
        if sa.has({ switch $0 { case .v2ProfileNotFound, .v2CertFailed, .v2PeerIDCheckFailed: return true; default: return false } }) { return nil }
        let k = sa.events.lastIndex(where: { if case .v2KeyringKey = $0.kind { return true }; return false })
        // (No keyring line: from the key's lookup on, which only a matched profile makes.)
        guard let from = k ?? sa.events.firstIndex(where: { if case .v2PSKLookup(_, nil) = $0.kind { return true }; return false }) else { return nil }
        let keyring = k.map { sa.events[$0] }
        var lookup: Event?
        for e in sa.events[(k.map { $0 + 1 } ?? from)...] {
            switch e.kind {
            case .v2PeerBlock, .v2PSKLookup(_, true), .v2AuthResult: return nil
            case .v2PSKLookup(_, nil): if lookup == nil { lookup = e }
            case .v2LookupFailed: return keyring == nil && lookup == nil ? nil : (keyring, lookup, e)
            case let .v2Packet(sent, _, _, _, _, _, payloads):
                // (The peer refused this router's AUTH: its key, not this router's lookup.)
                if !sent, (payloads ?? "").contains("AUTHENTICATION_FAILED") { return nil }
                if sent, lookup != nil, (payloads ?? "").contains("AUTHENTICATION_FAILED") { return (keyring, lookup, e) }
            case .v2Failure: if lookup != nil { return (keyring, lookup, e) }
            default: break
            }
        }
        return nil
    }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let m = Self.missingKey(sa) else { return nil }
        var named: String?
        if let k = m.keyring, case let .v2KeyringKey(keyring) = k.kind { named = keyring }
        // (A log that lost the keyring's line: the profile's keyring, unnamed.)
        let keyring = named ?? "<keyring>"
        let keyringText = named.map { "keyring \($0)" } ?? "keyring (its name is not in the log)"
        let peer = Say.peer(sa)
        // The identity IOS looked the key up by: the lookup's, else the one the peer sent.
        var identity: String?
        if let l = m.lookup, case let .v2PSKLookup(id, _) = l.kind { identity = id }
        let sentIdentity = sa.peerIdentity
        let lookedUp = identity ?? sentIdentity.map { String($0.split(separator: " ").first ?? "") } ?? sa.peer ?? "the peer"
        let byName = (sentIdentity ?? "").contains("FQDN") || (sentIdentity ?? "").contains("email")
            || lookedUp.contains { $0.isLetter } && !lookedUp.contains(":")
        let profile = sa.matchedProfile
        let profileText = profile.map { "IKEv2 profile \($0)" } ?? "its IKEv2 profile"
        var evidence = sa.all { switch $0 { case .v2IdentitySearch, .v2ProfileMatched: return true; default: return false } }
        evidence += (m.keyring.map { [$0] } ?? []) + [m.failure] + (m.lookup.map { [$0] } ?? [])
        let responder = sa.role != .initiator
        var steps: [String] = []
        if responder {
            steps.append("\(device.name) received \(peer)'s IKE_AUTH\(sentIdentity.map { " with identity \($0)" } ?? ""), matched it to \(profileText)\(profile.map { " (`found matching IKEv2 profile '\($0)'`)" } ?? ""), and looked for the pre-shared key in that profile's \(keyringText): no `peer` entry of \(named ?? "it") covers \(lookedUp).")
        } else {
            steps.append("\(device.name) looked for its pre-shared key for \(peer) in \(named == nil ? "\(profileText)'s \(keyringText)" : "\(keyringText) of \(profileText)"): no `peer` entry of \(named ?? "it") covers \(lookedUp).")
        }
        let error: String
        switch m.failure.kind {
        case let .v2LookupFailed(t), let .v2Failure(t): error = "`\(t)`"
        default: error = "AUTHENTICATION_FAILED"
        }
        steps.append(named == nil
            ? "The log says so: `Get peer's preshared key for \(lookedUp)` is answered by \(error), with no `Matched peer block` line (the log starts after the profile's keyring was named)."
            : "The log says so: no `Matched peer block` line follows `Getting preshared key from profile keyring \(keyring)`, and \(m.lookup != nil ? "`Get peer's preshared key for \(lookedUp)` is answered by " : "the lookup ends in ")\(error).")
        steps.append(responder
            ? "Without a key \(device.name) cannot verify \(peer)'s AUTH payload, so it answers AUTHENTICATION_FAILED and deletes the SA. The profile lookup succeeded: what is missing is the keyring's entry for the peer."
            : "Without a key \(device.name) cannot compute its own AUTH payload (nor verify \(peer)'s), so IKE_AUTH fails. What is missing is the keyring's entry for the peer.")
        steps.append("IKEv2 takes the key only from the keyring of the matched profile (`keyring local \(keyring)`): a key for \(lookedUp) in another keyring, or an IKEv1 `crypto isakmp key`, is not used. A keyring's `peer` entry covers the peer by `address` (with a mask) or by `identity` (address, fqdn, email, key-id).")
        let entry = byName
            ? "identity \((sentIdentity ?? "").contains("email") ? "email" : "fqdn") \(lookedUp)"
            : "address \(lookedUp)"
        let fix = "On \(device.name), add a peer entry for \(peer) to \(named.map { "keyring \($0)" } ?? "the keyring the profile names (`keyring local <keyring>` in `show crypto ikev2 profile`)"): `crypto ikev2 keyring \(keyring)` → `peer <name>` → `\(entry)`\(byName && sa.peer != nil ? " (or `address \(sa.peer!)`)" : "") → `pre-shared-key <key>` (or `pre-shared-key local …` and `pre-shared-key remote …`), with the key \(peer) uses for \(sa.local ?? "this router"). \(profile.map { "No change to IKEv2 profile \($0) is needed; `show crypto ikev2 profile \($0)` confirms it uses keyring \(keyring)." } ?? "`show crypto ikev2 profile` confirms which keyring the profile uses.")"
        return finding(sa, on: device,
                       summary: "\(profile.map { "IKEv2 profile \($0) on \(device.name) matched \(peer), but its" } ?? "\(device.name)'s IKEv2") keyring\(named.map { " \($0)" } ?? "") has no peer entry for \(lookedUp) (no pre-shared key)",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}
