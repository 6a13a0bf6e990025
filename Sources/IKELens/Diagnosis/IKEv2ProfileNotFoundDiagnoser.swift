/// IKEv2: the peer's identity matches no IKEv2 profile.
public struct IKEv2ProfileNotFoundDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.v2ProfileNotFound, .v2LookupFailed]

    public static let description = DiagnoserDescription(
        id: "ikev2-profile-not-found",
        severity: .error,
        meaning: "IKEv2: the peer's identity matches no IKEv2 profile (`IKEv2 profile not found`, `Profile could not be found by peer certificate`; `Failed to locate an item in the database` when no profile was found before it, on the responder).",
        usualFix: "Add a `match identity remote …` (address, fqdn, email, or certificate map) for the identity the peer sends.",
        triggering: [
            """
            Nov 30 22:49:14.464: IKEv2:(SESSION ID = 172,SA ID = 1):Searching policy based on peer's identity 'hostname=asa.cisco.com' of type 'DER ASN1 DN'
            Nov 30 22:49:14.464: IKEv2:%Profile could not be found by peer certificate.
            Nov 30 22:49:14.468: IKEv2:% IKEv2 profile not found
            Nov 30 22:49:14.468: IKEv2:(SESSION ID = 172,SA ID = 1):: Failed to locate an item in the database
            """,
        ],
        nonTriggering: [
            """
            *Apr  3 08:17:36.001: IKEv2:(SESSION ID = 7,SA ID = 1):Searching policy based on peer's identity 'R1.LAB.LOCAL' of type 'FQDN'
            *Apr  3 08:17:36.001: IKEv2:found matching IKEv2 profile 'IKEV2-PROFILE'
            """,
            // The initiator's database error while it checks the responder's AUTH, the log cut
            // after the check's own lines: no profile was searched for.
            """
            IKEv2-PROTO-1: (88): Failed to locate an item in the database
            IKEv2-PROTO-1: (88):
            IKEv2-PROTO-5: (88): SM Trace-> SA: I_SPI=5A1C0E77D20B9F31 R_SPI=C4E8A1B9037D6E52 (I) MsgID = 00000001 CurState: I_PROC_AUTH Event: EV_AUTH_FAIL
            IKEv2-PROTO-3: (88): Verify auth failed
            IKEv2-PROTO-3: (88): Auth exchange failed
            """,
        ])

    /// The lines saying no profile was found: `IKEv2 profile not found` and its kin, and the
    /// generic `Failed to locate an item in the database` unless a profile was found before it
    /// (then it is another lookup's: the keyring's, ikev2-no-psk), nor on the initiator: it
    /// chose its profile before it sent IKE_SA_INIT, and the database error it prints while it
    /// checks the responder's AUTH (an ASA's `Peer ID check failed` just before it, cut off)
    /// names no profile search.
    static func notFound(_ sa: SecurityAssociation) -> [Event] {
        guard sa.version == 2, !sa.has({ $0 == .v2PeerIDCheckFailed }) else { return [] }
        var out: [Event] = []
        var matched = sa.role == .initiator
        for e in sa.events {
            switch e.kind {
            // (A pre-shared key looked up is a profile's: the lookup's failure after it is the
            // key's, in a log that lost the profile's match.)
            case .v2ProfileMatched, .v2PSKLookup: matched = true
            case .v2ProfileNotFound: out.append(e)
            case .v2LookupFailed where !matched: out.append(e)
            default: break
            }
        }
        return out
    }

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        let missing = Self.notFound(sa)
        guard !missing.isEmpty else { return nil }
        let search = sa.first { if case .v2IdentitySearch = $0 { return true }; return false }
        let identity = sa.peerIdentity
        let byCert = missing.contains { $0.text.contains("certificate") } || (identity ?? "").contains("DER ASN1 DN")
        var evidence = missing
        if let search { evidence.append(search) }
        let peer = Say.peer(sa)
        let explanation = "\(device.name) received \(peer)'s IKE_AUTH and looked for an IKEv2 profile matching the identity it sent\(identity.map { ", \($0)" } ?? ""), and found none, so it cannot choose a keyring, authentication method or trustpoint and aborts the exchange (the peer sees AUTHENTICATION_FAILED). \(byCert ? "The identity is a certificate distinguished name: profiles match it with `match certificate <certificate map>` (or `match identity remote fqdn` / `address` when the peer is told to send that identity instead)." : "Profiles match identities with `match identity remote address|fqdn|email …`; the type must match too (an FQDN identity does not match an address statement).")"
        let fix = byCert
            ? "On \(device.name), add a `crypto pki certificate map` matching the peer's subject\(identity.map { " (\($0))" } ?? "") and `match certificate <map>` under the intended `crypto ikev2 profile`; or have the peer send an address/FQDN identity (`identity local address|fqdn`) and match that."
            : "On \(device.name), add `match identity remote \(identity.map { $0.contains("FQDN") ? "fqdn \($0.split(separator: " ").first ?? "")" : "address \($0.split(separator: " ").first ?? "")" } ?? "…")` under the intended `crypto ikev2 profile` (`show crypto ikev2 profile` lists what each matches)."
        return finding(sa, on: device,
                       summary: "No IKEv2 profile on \(device.name) matches \(peer)'s identity\(identity.map { " \($0)" } ?? "")",
                       explanation: explanation, fix: fix, evidence: evidence)
    }
}
