/// The failure signs an SA's events carry, one bit each, kept as the events
/// arrive. A diagnoser names the signs it needs; an SA without any of them is
/// not shown to it (most SAs of a busy log came up cleanly).
public struct Signals: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let keyNotInProfileKeyrings = Signals(rawValue: 1 << 0)
    public static let reservedNotZero = Signals(rawValue: 1 << 1)
    public static let badMessage = Signals(rawValue: 1 << 2)
    public static let retransmit = Signals(rawValue: 1 << 3)
    public static let saDeleted = Signals(rawValue: 1 << 4)
    public static let mapProfileMismatch = Signals(rawValue: 1 << 5)
    public static let notifyReceived = Signals(rawValue: 1 << 6)
    public static let nodeDeletedWithError = Signals(rawValue: 1 << 7)
    public static let phase1Refusal = Signals(rawValue: 1 << 8)
    public static let noPreSharedKey = Signals(rawValue: 1 << 9)
    public static let duplicatePacket = Signals(rawValue: 1 << 10)
    public static let transformNotSupported = Signals(rawValue: 1 << 11)
    public static let proposalInvalidated = Signals(rawValue: 1 << 12)
    public static let proxyOrMapNotFound = Signals(rawValue: 1 << 13)
    public static let responderLifetime = Signals(rawValue: 1 << 14)
    public static let noProfileMatched = Signals(rawValue: 1 << 15)
    public static let v2Refusal = Signals(rawValue: 1 << 16)
    public static let v2AuthFailure = Signals(rawValue: 1 << 17)
    public static let v2ProfileNotFound = Signals(rawValue: 1 << 18)
    public static let v2CertFailure = Signals(rawValue: 1 << 19)
    public static let v2PeerIDCheck = Signals(rawValue: 1 << 20)
    /// `%CRYPTO-6-IKMP_AUTH_FAIL`: the peer's phase 1 authentication (key or signature) failed.
    public static let authFailure = Signals(rawValue: 1 << 21)
    /// `IPSEC(validate_proposal): invalid local address`: no crypto map at the address the peer used.
    public static let invalidLocalAddress = Signals(rawValue: 1 << 22)
    /// An IKEv2 failure line (`Auth exchange failed`, `Abort exchange`): a failed SA, whatever
    /// else the log shows of it.
    public static let v2Failure = Signals(rawValue: 1 << 23)
    /// Liveness checks (DPD, IKEv2 retransmissions) unanswered up to giving up, or on the way.
    public static let peerNotResponding = Signals(rawValue: 1 << 24)
    /// The SA was deleted by the operator's `clear crypto …` (set by the correlator).
    public static let operatorClear = Signals(rawValue: 1 << 25)
    /// AAA refused an XAUTH login (`IKE_AAA_CONT_LOGIN_FAIL`).
    public static let loginRefused = Signals(rawValue: 1 << 26)
    /// A phase 1 failure only the syslog tells (`IKMP_SA_NOT_AUTH`, `IKMP_SA_NOT_OFFERED`).
    public static let phase1Message = Signals(rawValue: 1 << 27)
    /// `%CRYPTO-6-IKMP_NOT_ENCRYPTED`: a clear-text IKE packet where an encrypted one was due.
    public static let unencryptedIKE = Signals(rawValue: 1 << 28)
    /// IKEv2's `Failed to locate an item in the database`: a profile or key lookup found nothing.
    public static let v2LookupFailed = Signals(rawValue: 1 << 29)
    /// A third (or later) quick mode of the SA completed (set by the correlator): a rekey storm
    /// is possible.
    public static let quickModesRepeated = Signals(rawValue: 1 << 30)

    public static let all = Signals(rawValue: .max)
}

extension EventKind {
    /// AAA's refusal of an XAUTH login: `Input = IKE_MESG_FROM_AAA, IKE_AAA_CONT_LOGIN_FAIL`.
    /// (The last byte first: the check runs on every FSM input.)
    var isLoginRefusal: Bool {
        guard case let .fsmInput(_, input) = self else { return false }
        return input.utf8.last == UInt8(ascii: "L") && input.asciiContains("LOGIN_FAIL")
    }

    /// IOS's own line about a refusal notify (`IKEv2-ERROR:…: Received no proposal chosen
    /// notify`, which stays when the packet dump that carried it was lost; `Sending TS unacceptable
    /// notify`, `There was no IPSEC policy found for received TS` on the refusing side).
    static func namesV2Refusal(_ detail: String) -> Bool {
        let t = detail.lowercased()
        return t.contains("no proposal chosen") || t.contains("no_proposal_chosen") || refusesSelectors(lowercased: t)
    }

    /// The refusal named is of the traffic selectors (TS_UNACCEPTABLE, no policy for the received TS).
    static func namesV2SelectorRefusal(_ detail: String) -> Bool { refusesSelectors(lowercased: detail.lowercased()) }

    private static func refusesSelectors(lowercased t: String) -> Bool {
        t.contains("ts unacceptable") || t.contains("ts_unacceptable") || t.contains("no ipsec policy found for received ts")
    }

    /// A syslog mnemonic saying the peer's certificate did not validate: `CRYPTO-5-IKMP_INVAL_CERT`
    /// (`Certificate received from X failed validation`), `PKI-3-CERTIFICATE_INVALID_EXPIRED`,
    /// `…_NOT_YET_VALID`, `PKI-3-CERTIFICATE_REVOKED`, `PKI-3-CRL_FETCH_FAIL`.
    static func isCertificateFailure(_ mnemonic: String) -> Bool {
        mnemonic.hasSuffix("IKMP_INVAL_CERT") || mnemonic.hasPrefix("PKI-") && (mnemonic.contains("CERTIFICATE_INVALID")
            || mnemonic.hasSuffix("CERTIFICATE_REVOKED") || mnemonic.hasSuffix("CRL_FETCH_FAIL"))
    }

    /// The failure signs this event carries (empty for the ordinary ones).
    public var signals: Signals {
        switch self {
        case .keyNotInProfileKeyrings: return .keyNotInProfileKeyrings
        case .reservedNotZero: return .reservedNotZero
        case .badMessage: return .badMessage
        case .retransmit: return .retransmit
        case .peerNotResponding: return .peerNotResponding
        case .saDeleted: return .saDeleted
        case .mapProfileMismatch: return .mapProfileMismatch
        case let .notify(sent, type, _):
            if sent || type == "INITIAL_CONTACT" { return [] }
            return type == "RESPONDER_LIFETIME" ? [.notifyReceived, .responderLifetime] : .notifyReceived
        case .unauthenticatedNotify: return .notifyReceived
        case let .nodeDeleted(_, _, error): return error ? .nodeDeletedWithError : []
        case .phase1NotAcceptable, .noOffersAccepted, .policyMismatch, .attsAcceptable(false): return .phase1Refusal
        case let .syslog(mnemonic, _):
            if mnemonic.hasSuffix("IKMP_MODE_FAILURE") { return .phase1Refusal }
            if mnemonic.hasSuffix("IKMP_SA_NOT_AUTH") || mnemonic.hasSuffix("IKMP_SA_NOT_OFFERED") { return .phase1Message }
            if mnemonic.hasSuffix("IKMP_NOT_ENCRYPTED") { return .unencryptedIKE }
            return mnemonic.hasSuffix("IKMP_AUTH_FAIL") || EventKind.isCertificateFailure(mnemonic) ? .authFailure : []
        case .noPreSharedKey: return .noPreSharedKey
        case .duplicatePacket: return .duplicatePacket
        case .transformNotSupported: return .transformNotSupported
        case .invalidLocalAddress: return .invalidLocalAddress
        case .proposalInvalidated: return .proposalInvalidated
        case .proxyNotSupported, .mapNotFound: return .proxyOrMapNotFound
        case .lifetime(_, true): return .responderLifetime
        case .profileMatch(nil): return .noProfileMatched
        case let .v2Packet(_, _, _, _, _, _, payloads):
            guard let p = payloads else { return [] }
            var s: Signals = []
            if p.contains("NO_PROPOSAL_CHOSEN") || p.contains("TS_UNACCEPTABLE") || p.contains("INVALID_KE_PAYLOAD") { s.insert(.v2Refusal) }
            if p.contains("AUTHENTICATION_FAILED") { s.insert(.v2AuthFailure) }
            return s
        case .v2AuthResult(false): return .v2AuthFailure
        case .v2ProfileNotFound: return .v2ProfileNotFound
        case .v2LookupFailed: return .v2LookupFailed
        case .v2CertFailed: return .v2CertFailure
        case .v2PeerIDCheckFailed: return .v2PeerIDCheck
        case let .v2Failure(text): return EventKind.namesV2Refusal(text) ? [.v2Failure, .v2Refusal] : .v2Failure
        case .fsmInput: return isLoginRefusal ? .loginRefused : []
        default: return []
        }
    }
}

import Foundation
