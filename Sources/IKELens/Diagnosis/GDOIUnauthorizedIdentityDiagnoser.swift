/// `%GDOI-1-UNAUTHORIZED_IDENTITY: Group G received registration from unauthorized identity: A`:
/// a GETVPN key server refused a group member's registration, because the group's
/// `authorization address ipv4` ACL does not permit the member's IKE identity. The member
/// authenticated (phase 1 came up) and gets no keys: it cannot encrypt for the group.
public struct GDOIUnauthorizedIdentityDiagnoser: Diagnoser {
    public init() {}

    static let mnemonic = "GDOI-1-UNAUTHORIZED_IDENTITY"

    public static let description = DiagnoserDescription(
        id: "gdoi-unauthorized-identity",
        severity: .error,
        meaning: "A GETVPN key server refused a group member's registration (`GDOI-1-UNAUTHORIZED_IDENTITY`): the group's authorization ACL does not permit the member's identity.",
        usualFix: "Permit the member's address in the ACL of the group's `authorization address ipv4` on the key server (on every COOP key server).",
        triggering: [
            "Jun 19 10:04:24.849: %GDOI-1-UNAUTHORIZED_IDENTITY: Group GETVPN received registration from unauthorized identity: 192.168.0.1",
        ],
        nonTriggering: [
            "Jun 19 10:04:24.849: %GDOI-5-KS_REGS_COMPL: KS completed successful registration in group GETVPN with GM 192.168.0.1.",
        ])

    public func diagnose(device: DeviceTimeline) -> [Finding] {
        RouterMessages.byPeer(device, mnemonic: Self.mnemonic).map { group in
            let (who, _) = RouterMessages.subject(group)
            let first = group.events.first?.text ?? ""
            let name = first.range(of: "Group ").map { String(first[$0.upperBound...].prefix { !$0.isWhitespace }) }
            let g = name ?? "<group>"
            let a = group.peer ?? "<member address>"
            return finding(device: device, peer: group.peer,
                           summary: "Key server \(device.name) refuses the registration of \(who) in GETVPN group \(g) (\(RouterMessages.times(group.count))): not permitted by the group's authorization ACL",
                           explanation: "\(device.name) logged `%GDOI-1-UNAUTHORIZED_IDENTITY` (`Group \(g) received registration from unauthorized identity: \(who)`) \(RouterMessages.times(group.count)). \(who) authenticated (its IKE phase 1 with the key server came up) and asked to register in the group, but the key server checks the member's identity against the ACL of the group's `authorization address ipv4`, and that ACL does not permit \(who). The member gets no policy and no keys, so it cannot encrypt or decrypt the group's traffic, and it retries registration periodically (each try logs the message again).",
                           fix: "On \(device.name) (and on every cooperative key server of the group), permit \(a) in the ACL the group names: `crypto gdoi group \(g)` → `server local` → `authorization address ipv4 <ACL>`, then e.g. `ip access-list standard <ACL>` → `permit host \(a)` (or its subnet); `show crypto gdoi ks members` then lists it. If \(a) should not be a member, remove the group from its crypto map instead.",
                           evidence: Array(group.events.prefix(3)))
        }
    }
}
