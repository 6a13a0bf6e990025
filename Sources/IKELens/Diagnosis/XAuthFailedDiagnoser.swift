/// Extended authentication (XAUTH, Easy VPN and remote-access clients) after phase 1: the
/// server asked for a username and password and either got no answer (`retransmitting phase 2
/// CONF_XAUTH` until the SA died in IKE_XAUTH_REQ_SENT) or AAA refused them (the SA deleted in
/// IKE_XAUTH_SET_SENT after IKE_XAUTH_AAA_CONT_LOGIN_AWAIT, with no quick mode).
public struct XAuthFailedDiagnoser: Diagnoser {
    public init() {}

    public static let triggers: Signals = [.retransmit, .saDeleted, .nodeDeletedWithError, .loginRefused]

    public static let description = DiagnoserDescription(
        id: "xauth-failed",
        severity: .error,
        meaning: "XAUTH (user authentication after phase 1) failed: the client never answered the login request (`retransmitting phase 2 CONF_XAUTH`), or AAA refused its credentials (the SA deleted in IKE_XAUTH_SET_SENT).",
        usualFix: "A site-to-site peer that meets XAUTH: `no-xauth` on its key or a profile without `client authentication list`; a client: the user's credentials and the AAA method list.",
        triggering: [
            """
            *Nov 12 15:30:01.261: ISAKMP:(1031):Old State = IKE_P1_COMPLETE  New State = IKE_XAUTH_AAA_START_LOGIN_AWAIT
            *Nov 12 15:30:01.261: ISAKMP:(1031): sending packet to 203.0.113.50 my_port 500 peer_port 500 (R) CONF_XAUTH
            *Nov 12 15:30:01.261: ISAKMP:(1031):Old State = IKE_XAUTH_AAA_START_LOGIN_AWAIT  New State = IKE_XAUTH_REQ_SENT
            *Nov 12 15:30:06.261: ISAKMP:(1031): retransmitting phase 2 CONF_XAUTH    2046395231 ...
            *Nov 12 15:30:31.261: ISAKMP:(1031):deleting SA reason "Death by retransmission P2" state (R) CONF_XAUTH    (peer 203.0.113.50)
            *Nov 12 15:30:31.261: ISAKMP:(1031):Old State = IKE_XAUTH_REQ_SENT  New State = IKE_DEST_SA
            """,
            """
            *Nov 12 15:30:04.880: ISAKMP (1031): received packet from 203.0.113.50 dport 500 sport 500 Global (R) CONF_XAUTH
            *Nov 12 15:30:04.880: ISAKMP:(1031):Old State = IKE_XAUTH_REQ_SENT  New State = IKE_XAUTH_AAA_CONT_LOGIN_AWAIT
            *Nov 12 15:30:04.884: ISAKMP:(1031):Old State = IKE_XAUTH_AAA_CONT_LOGIN_AWAIT  New State = IKE_XAUTH_SET_SENT
            *Nov 12 15:30:04.926: ISAKMP:(1031):deleting SA reason "Xauth authentication failed" state (R) QM_IDLE       (peer 203.0.113.50)
            *Nov 12 15:30:04.926: ISAKMP:(1031):Old State = IKE_XAUTH_SET_SENT  New State = IKE_DEST_SA
            """,
        ],
        nonTriggering: [
            """
            *Nov 12 15:30:04.884: ISAKMP:(1031):Old State = IKE_XAUTH_AAA_CONT_LOGIN_AWAIT  New State = IKE_XAUTH_SET_SENT
            *Nov 12 15:30:04.925: ISAKMP:(1031):Old State = IKE_XAUTH_SET_SENT  New State = IKE_P1_COMPLETE
            *Nov 12 15:30:05.101: ISAKMP:(1031):Old State = IKE_P1_COMPLETE  New State = IKE_CONFIG_MODE_REQ_RECEIVED
            """,
        ])

    public func diagnose(_ sa: SecurityAssociation, on device: DeviceTimeline) -> Finding? {
        guard sa.version == 1, sa.clearedByOperator == nil, !sa.quickModes.contains(where: { $0.result == .complete }) else { return nil }
        // AAA said no (`Input = IKE_MESG_FROM_AAA, IKE_AAA_CONT_LOGIN_FAIL`), whether or not the delete was logged.
        let refusal = sa.first { $0.isLoginRefusal }
        // The state it died in: the one its step to IKE_DEST_SA left, or (that line lost) the one it
        // was last seen in when its delete came.
        let diedIn = sa.states.last(where: { $0.to == "IKE_DEST_SA" })?.from ?? (sa.deleted ? sa.state : nil)
        guard refusal != nil || diedIn?.asciiHasPrefix("IKE_XAUTH_") == true else { return nil }
        let state = diedIn ?? sa.state ?? "IKE_XAUTH_SET_SENT"
        let peer = Say.peer(sa)
        let deletes = sa.all { if case .saDeleted = $0 { return true }; return false }
        let requests = sa.all { if case let .packetSent(_, _, _, _, label) = $0 { return label.asciiHasPrefix("CONF_XAUTH") }; return false }
        let retransmits = sa.all { if case let .retransmit(label, _, _, _) = $0 { return label?.asciiHasPrefix("CONF_XAUTH") ?? false }; return false }
        let answered = sa.reached("IKE_XAUTH_AAA_CONT_LOGIN_AWAIT") || refusal != nil
        // The client itself ended it (`P1 delete notify (in)`): it cancelled the login.
        let cancelled = refusal == nil && (sa.deleteReason?.contains("(in)") ?? false)
        let lastStep = sa.events.last { if case let .stateChange(_, to) = $0.kind { return to == "IKE_DEST_SA" }; return false }
        if cancelled {
            return finding(sa, on: device,
                           summary: "The client at \(peer) cancelled its XAUTH login (it deleted the SA)",
                           explanation: "Phase 1 with \(peer) completed and \(device.name) asked for a username and password (XAUTH), but the client deleted the SA itself (`\(sa.deleteReason ?? "delete notify (in)")`) in \(state): its user cancelled the login prompt, or the client gave up waiting for one.",
                           fix: "Have the user log in again and enter the credentials; on an Easy VPN remote, `crypto ipsec client ezvpn xauth` answers the prompt.",
                           evidence: Array(deletes.prefix(1)) + Array(requests.prefix(1)))
        }
        if !answered {
            var evidence = Array(requests.prefix(1)) + Array(retransmits.prefix(1)) + Array(deletes.prefix(1))
            if let lastStep { evidence.append(lastStep) }
            return finding(sa, on: device,
                           summary: "\(peer) never answered \(device.name)'s XAUTH login request (username and password)",
                           explanation: "Phase 1 with \(peer) completed, then \(device.name) asked it for a username and password (XAUTH, `CONF_XAUTH`)\(retransmits.isEmpty ? "" : ", repeated the request (\(Say.times(RetransmitTally(retransmits).value)))") and deleted the SA in \(state) when no answer came. Two cases are common. A site-to-site router that reaches a crypto map or ISAKMP profile with XAUTH enabled (`crypto map … client authentication list`) does not do XAUTH and never answers. A remote-access client (Easy VPN remote, a software client) waits for its user to log in: the prompt was not answered, or the remote cannot send stored credentials.",
                           fix: "For a site-to-site peer, exempt it from XAUTH: `crypto isakmp key <key> \(Say.keyAddress(peer)) no-xauth`, or give it an ISAKMP profile without `client authentication list`. For a remote client, have the user log in (`crypto ipsec client ezvpn xauth` on an Easy VPN remote), or let the remote answer XAUTH itself: `save-password` in the server's client group (`crypto isakmp client configuration group`), then on an IOS Easy VPN remote `username <user> password <password>` and `xauth userid mode local` under `crypto ipsec client ezvpn <name>`.",
                           evidence: evidence)
        }
        var evidence = Array(deletes.prefix(1)) + (refusal.map { [$0] } ?? [])
        if let reply = sa.events.first(where: { if case let .packetReceived(_, _, _, _, label, _) = $0.kind { return label.asciiHasPrefix("CONF_XAUTH") }; return false }) {
            evidence.append(reply)
        }
        if let lastStep { evidence.append(lastStep) }
        return finding(sa, on: device,
                       summary: "XAUTH login from \(peer) was refused: user authentication failed",
                       explanation: "Phase 1 with \(peer) completed and the client answered \(device.name)'s XAUTH request with a username and password, but AAA refused them: \(device.name) sent the XAUTH status and deleted the SA in \(state)\(sa.deleteReason.map { " (`\($0)`)" } ?? "") before any mode configuration or quick mode. The usual causes: a wrong username or password, a user missing from the local database or the RADIUS/TACACS+ server, or an `aaa authentication login` method list (the one `client authentication list` names) that does not exist or points at a server that does not answer.",
                       fix: "Check the method list and the user on \(device.name): `show running-config | section aaa|crypto map|crypto isakmp profile`, `debug aaa authentication` while the client retries, and `test aaa group <group> <user> <password> new-code` against the server.",
                       evidence: evidence)
    }
}
