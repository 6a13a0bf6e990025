#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The words IOS repeats on every SA — state names, FSM events, packet labels,
/// payload and attribute values — as string literals. A field that is one of
/// them costs a table lookup instead of a new `String` (and, past 15 bytes, a
/// heap allocation and its release), and literals are never reference-counted.
/// Read-only after its first use, so it is safe from any thread.
enum Tokens {
    /// String literals: immortal, so handing one out costs no reference counting.
    static let words: [String] = [
        // IKEv1 FSM states
        "IKE_READY", "IKE_I_MM1", "IKE_I_MM2", "IKE_I_MM3", "IKE_I_MM4", "IKE_I_MM5", "IKE_I_MM6",
        "IKE_R_MM1", "IKE_R_MM2", "IKE_R_MM3", "IKE_R_MM4", "IKE_R_MM5", "IKE_R_MM6",
        "IKE_I_AM1", "IKE_I_AM2", "IKE_I_AM3", "IKE_R_AM1", "IKE_R_AM2", "IKE_R_AM3", "IKE_R_AM_AAA_AWAIT",
        "IKE_P1_COMPLETE", "IKE_DEST_SA", "IKE_QM_READY", "IKE_QM_I_QM1", "IKE_QM_I_QM2", "IKE_QM_R_QM1",
        "IKE_QM_R_QM2", "IKE_QM_SPI_STARVE", "IKE_QM_IPSEC_INSTALL_AWAIT", "IKE_QM_PHASE2_COMPLETE",
        "IKE_XAUTH_REQ_SENT", "IKE_XAUTH_AAA_START_LOGIN_AWAIT", "IKE_XAUTH_AAA_CONT_LOGIN_AWAIT",
        "IKE_XAUTH_REPLY_AWAIT", "IKE_XAUTH_SET_SENT", "IKE_CONFIG_MODE_REQ_SENT", "IKE_CONFIG_MODE_SET_SENT",
        "IKE_CONFIG_AUTHOR_AAA_AWAIT", "IKE_AAA_START_LOGIN_AWAIT",
        // FSM events (the part after `Input = IKE_MESG_…,`)
        "IKE_MM_EXCH", "IKE_AM_EXCH", "IKE_QM_EXCH", "IKE_PROCESS_MAIN_MODE", "IKE_PROCESS_COMPLETE",
        "IKE_PROCESS_QM", "IKE_SA_REQ_MM", "IKE_SA_REQ_AM", "IKE_SA_REQ_QM", "IKE_INIT_QM", "IKE_GOT_SPI",
        "IKE_INFO_NOTIFY", "IKE_INFO_DELETE", "IKE_PHASE1_COMPLETE", "IKE_PHASE1_DEL", "IKE_PHASE2_DEL",
        "IKE_TIMER_EXPIRED", "IKE_PROCESS_ERROR", "IPSEC_INSTALL_DONE", "IKE_MESG_FROM_PEER", "IKE_MESG_INTERNAL",
        "IKE_MESG_FROM_IPSEC", "IKE_MESG_FROM_TIMER", "IKE_MESG_FROM_AAA", "IKE_MESG_KEEP_ALIVE",
        // Packet labels
        "MM_NO_STATE", "MM_SA_SETUP", "MM_KEY_EXCH", "QM_IDLE", "NEW SA", "AG_NO_STATE", "AG_INIT_EXCH", "AG_AUTH",
        // Payloads
        "SA", "KE", "NONCE", "ID", "HASH", "NOTIFY", "DELETE", "vendor", "SIG", "CERT", "CERT_REQ",
        // Proposal attributes
        "AES-CBC", "3DES-CBC", "DES-CBC", "SHA", "MD5", "SHA256", "SHA384", "SHA512", "pre-share", "RSA sig",
        "seconds", "kilobytes", "HMAC-SHA", "HMAC-MD5", "HMAC-SHA256", "1 (Tunnel)", "2 (Transport)",
        "1", "2", "5", "14", "15", "16", "19", "20", "21", "24", "128", "192", "256",
        // Notify types
        "PROPOSAL_NOT_CHOSEN", "INVALID_ID_INFO", "INITIAL_CONTACT", "RESPONDER_LIFETIME",
    ]

    private static let table = Table(words)

    /// The string for `buf[s..<e]`: a literal when it is a known word.
    @inline(__always)
    static func string(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        known(buf, s, e) ?? String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
    }

    /// The literal for `buf[s..<e]` when it is a known word, else nil (no `String` made).
    @inline(__always)
    static func known(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String? {
        guard e - s <= Table.maxLength, let base = buf.baseAddress else { return nil }
        return table.find(base + s, e - s)
    }

    /// Open addressing on a hash of the length and the first and last eight
    /// bytes; the table is built once and never freed (raw storage, no checks).
    final class Table: @unchecked Sendable {
        static let maxLength = 40
        private let mask: Int
        /// Per slot: index + 1 into the entries (0 = empty), and the key length.
        private let slots: UnsafeMutablePointer<(entry: Int32, length: Int32)>
        private let keys: UnsafeMutablePointer<UInt8>
        private let offsets: [Int]
        private let values: [String]

        init(_ words: [String]) {
            var keyBytes: [UInt8] = []
            var offsets: [Int] = []
            var values: [String] = []
            var size = 64
            while size < words.count * 4 { size *= 2 }
            let slots = UnsafeMutablePointer<(entry: Int32, length: Int32)>.allocate(capacity: size)
            slots.initialize(repeating: (0, 0), count: size)
            for w in words where w.utf8.count <= Self.maxLength && !w.isEmpty {
                let bytes = Array(w.utf8)
                var i = bytes.withUnsafeBufferPointer { Int(truncatingIfNeeded: Self.hash($0.baseAddress!, $0.count)) } & (size - 1)
                var duplicate = false
                while slots[i].entry > 0 {
                    let k = Int(slots[i].entry) - 1
                    if Int(slots[i].length) == bytes.count && keyBytes[offsets[k]..<offsets[k] + bytes.count].elementsEqual(bytes) {
                        duplicate = true
                        break
                    }
                    i = (i + 1) & (size - 1)
                }
                if duplicate { continue }
                offsets.append(keyBytes.count)
                keyBytes.append(contentsOf: bytes)
                values.append(w)
                slots[i] = (Int32(values.count), Int32(bytes.count))
            }
            let keys = UnsafeMutablePointer<UInt8>.allocate(capacity: max(keyBytes.count, 1))
            keys.initialize(from: keyBytes, count: keyBytes.count)
            self.slots = slots
            self.keys = keys
            self.mask = size - 1
            self.offsets = offsets
            self.values = values
        }

        @inline(__always)
        static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
            var h = UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15
            if n >= 8 {
                let raw = UnsafeRawPointer(p)
                h ^= raw.loadUnaligned(as: UInt64.self) &* 0xC2B2_AE3D_27D4_EB4F
                h = (h ^ (h >> 31)) &* 0x1656_67B1_9E37_79F9
                h ^= raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) &* 0x27D4_EB2F_1656_67C5
            } else {
                for i in 0..<n { h = (h ^ UInt64(p[i])) &* 0x100_0000_01b3 }
            }
            return h ^ (h >> 29)
        }

        @inline(__always)
        func find(_ p: UnsafePointer<UInt8>, _ n: Int) -> String? {
            entry(p, n).map { values[$0] }
        }

        /// Which of the words (non-empty and first seen, in the order given) `p[..<n]` is, or nil.
        @inline(__always)
        func entry(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
            var i = Int(truncatingIfNeeded: Self.hash(p, n)) & mask
            while true {
                let slot = slots[i]
                if slot.entry == 0 { return nil }
                if Int(slot.length) == n {
                    let k = Int(slot.entry) - 1
                    if memcmp(keys + offsets[k], p, n) == 0 { return k }
                }
                i = (i + 1) & mask
            }
        }
    }
}
