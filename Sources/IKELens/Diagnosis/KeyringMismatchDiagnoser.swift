/// The responder took one keyring's key at MM3 and matched, at MM5, a profile
/// whose keyring is another: `Key not found in keyrings of profile`.
public struct KeyringMismatchDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = .keyNotInProfileKeyrings

    public static let description = DiagnoserDescription(
        id: "keyring-mismatch",
        severity: .error,
        meaning: "Responder used a key from one keyring at MM3, but the ISAKMP profile matched at MM5 uses another keyring (`Key not found in keyrings of profile`).",
        usualFix: "Keep each peer address in exactly one keyring (one keyring with several entries on a responder), or use IKEv2.",
        triggering: [
            """
            *Jun 19 12:28:44.250: ISAKMP (0): received packet from 192.168.0.2 dport 500 sport 500 Global (N) NEW SA
            *Jun 19 12:28:44.263: ISAKMP:(0):found peer pre-shared key matching 192.168.0.2
            *Jun 19 12:28:44.263: ISAKMP:(1012): processing vendor id payload
            *Jun 19 12:28:44.270: ISAKMP:(1012):Old State = IKE_R_MM4  New State = IKE_R_MM5
            *Jun 19 12:28:44.270: ISAKMP:(0):: peer matches profile2 profile
            *Jun 19 12:28:44.270: ISAKMP:(1012):Found ADDRESS key in keyring keyring2
            *Jun 19 12:28:44.270: ISAKMP:(1012):Key not found in keyrings of profile , aborting exchange
            *Jun 19 12:28:44.270: ISAKMP (1012): FSM action returned error: 2
            """,
            """
            ISAKMP:(0):key for 10.0.0.9 not available in default
            ISAKMP:(0):key for 10.0.0.9 found in KR-A
            ISAKMP:(0):ISAKMP: Selecting 10.0.0.9,255.255.255.255 as final key
            ISAKMP:(0):found peer pre-shared key matching 10.0.0.9
            ISAKMP:(2001): processing vendor id payload
            ISAKMP:(0):: peer matches PROF-B profile
            ISAKMP:(2001):Found ADDRESS key in keyring KR-B
            ISAKMP:(2001):Key not found in keyrings of profile , aborting exchange
            """,
        ],
        nonTriggering: [
            """
            *Jun 19 10:04:24.828: ISAKMP (0): received packet from 192.168.0.1 dport 500 sport 500 Global (N) NEW SA
            *Jun 19 10:04:24.831: ISAKMP:(0):found peer pre-shared key matching 192.168.0.1
            *Jun 19 10:04:24.831: ISAKMP:(1011): processing vendor id payload
            *Jun 19 10:04:24.838: ISAKMP:(0):: peer matches profile1 profile
            *Jun 19 10:04:24.838: ISAKMP:(1011):Found ADDRESS key in keyring keyring1
            *Jun 19 10:04:24.838: ISAKMP:(1011):SA authentication status:
                authenticated
            *Jun 19 10:04:24.838: ISAKMP:(1011):Old State = IKE_R_MM5 New State = IKE_P1_COMPLETE
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard let abort = sa.first({ $0 == .keyNotInProfileKeyrings }) else { return nil }
        let peer = Say.peer(sa)
        let profile = sa.matchedProfile
        let profileKeyring = sa.profileKeyring
        let keyKeyring = sa.keyKeyring.flatMap { $0 == profileKeyring ? nil : $0 }
        var evidence = sa.all {
            switch $0 {
            case .pskMatched, .keyLookup, .keySelected, .profileMatch, .keyringKey, .fsmError: return true
            default: return false
            }
        }
        evidence.append(abort)

        let profileText = profile.map { "ISAKMP profile \($0)" } ?? "an ISAKMP profile"
        let profileKeyringText = profileKeyring.map { "keyring \($0)" } ?? "its keyring"
        var steps: [String] = []
        steps.append("\(device.name) was the responder for \(peer). In IKEv1 main mode the pre-shared key is needed at MM3 to derive the keys that protect MM5, but the peer's identity only arrives in MM5, so IOS cannot know the ISAKMP profile yet: it searched all keyrings for a key for \(peer)'s address")
        if let keyKeyring {
            let how = sa.keyringCandidates.count > 1
                ? " (`debug crypto isakmp detail` shows it found keys in \(sa.keyringCandidates.joined(separator: " and ")) and selected \(keyKeyring))"
                : ""
            steps[0] += " and took keyring \(keyKeyring)\(how)."
        } else {
            steps[0] += " and took the first keyring that holds it (the log does not name it: only `found peer pre-shared key matching \(peer)`)."
        }
        steps.append("At MM5 the identity matched \(profileText), whose keyring is \(profileKeyringText).")
        if let keyKeyring {
            steps.append("\(profileKeyringText.capitalizedFirst) is not \(keyKeyring), the keyring whose key was used, so IOS aborted the exchange (`Key not found in keyrings of profile`), even if both keyrings hold the same key text: IOS compares keyring objects, not passwords.")
        } else {
            steps.append("The key IOS used at MM3 did not come from \(profileKeyringText), so it aborted the exchange (`Key not found in keyrings of profile`), even if both keyrings hold the same key text. To see which keyring IOS took at MM3, run `debug crypto isakmp detail` (lines `key for \(peer) found in …`, `Selecting … as final key`) and `show crypto isakmp key`.")
        }
        steps.append("Phase 1 fails on this side only: when \(device.name) initiates, it knows the profile from the start and uses its keyring, so the tunnel may come up in one direction and not the other.")

        let keep = profileKeyring ?? "the profile's keyring"
        var fix = "On \(device.name), keep the key for \(peer) in exactly one keyring, the one \(profileText) uses (\(keep))"
        if let keyKeyring {
            fix += ": under `crypto keyring \(keyKeyring)` remove `pre-shared-key \(Say.keyAddress(peer)) …`."
        } else {
            fix += ": remove \(peer)'s `pre-shared-key address` from every other keyring (and any global `crypto isakmp key … \(Say.keyAddress(peer))`)."
        }
        fix += " On a responder prefer one keyring with several entries shared by all profiles, never the same address in two keyrings (Cisco calls that unsupported), or move the tunnel to IKEv2, which picks the profile before it needs the key."
        return finding(sa, on: device,
                       summary: "\(device.name) (responder) aborted phase 1 with \(peer): key taken from \(keyKeyring.map { "keyring \($0)" } ?? "another keyring") at MM3, but \(profileText) uses \(profileKeyringText)",
                       explanation: steps.joined(separator: " "), fix: fix, evidence: evidence)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
