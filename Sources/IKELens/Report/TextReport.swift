/// The human report: per device and SA a timeline, then the findings with
/// their evidence and fix. Fits 100 columns; colour only when asked.
public struct TextReport {
    public var color: Bool
    public var width = 100
    /// Above this many SAs on a device, only SAs with findings or that did not
    /// complete get a full timeline; the rest are one line each.
    public var fullTimelineLimit = 12

    public init(color: Bool = false) {
        self.color = color
    }

    public func render(_ analysis: Analysis) -> String {
        var out = ""
        let allSAs = analysis.devices.flatMap(\.sas)
        let errors = analysis.findings.filter { $0.severity == .error }.count
        let warnings = analysis.findings.filter { $0.severity == .warning }.count
        let infos = analysis.findings.count - errors - warnings
        out += bold("IKELens \(IKELens.version)") + " — \(count(analysis.devices.count, "device")), \(count(allSAs.count, "IKE SA")), "
        var verdict: [String] = []
        if errors > 0 { verdict.append(paint(count(errors, "error"), .red)) }
        if warnings > 0 { verdict.append(paint(count(warnings, "warning"), .yellow)) }
        if infos > 0 { verdict.append(count(infos, "note")) }
        out += verdict.isEmpty ? paint("no problems found", .green) : verdict.joined(separator: ", ")
        out += "\n"
        for d in analysis.devices {
            out += "\n" + renderDevice(d, analysis)
        }
        if !analysis.findings.isEmpty {
            out += "\n" + bold("Findings") + "\n"
            for (i, f) in analysis.findings.enumerated() {
                out += "\n" + renderFinding(f, number: i + 1)
            }
        }
        return out
    }

    private func renderDevice(_ d: DeviceTimeline, _ analysis: Analysis) -> String {
        var out = ""
        let s = d.stats
        out += bold("Device \(d.name)") + (d.name == LogAnalyzer.baseName(d.file) ? "" : " (\(d.file))")
        out += "\n" + dim("  \(d.file): \(s.lines) lines, \(s.recognized) recognized (\(s.noise) console noise), \(s.unrecognized) unrecognized")
        var damage: [String] = []
        if s.truncated > 0 { damage.append("\(count(s.truncated, "line")) cut at \(LineFramer.defaultMaxLineLength / 1024) KiB") }
        if s.invalidUTF8 > 0 { damage.append("\(count(s.invalidUTF8, "line")) with invalid UTF-8") }
        if s.nul > 0 { damage.append("\(count(s.nul, "line")) with NUL bytes") }
        if !damage.isEmpty { out += "\n" + paint("  damaged input: " + damage.joined(separator: ", "), .yellow) }
        out += "\n"
        if d.sas.isEmpty {
            out += "  No IKE SA in this log.\n"
            return out
        }
        let compact = d.sas.count > fullTimelineLimit
        if compact {
            out += "\n" + renderTable(d.sas)
        }
        for sa in d.sas where !compact || !sa.findingIds.isEmpty || sa.phase1 != .complete {
            out += "\n" + renderSA(sa)
        }
        if compact {
            let shown = d.sas.filter { !$0.findingIds.isEmpty || $0.phase1 != .complete }.count
            out += dim("\n  (\(d.sas.count - shown) SAs that completed without findings are listed in the table only)") + "\n"
        }
        return out
    }

    private func renderTable(_ sas: [SecurityAssociation]) -> String {
        var out = dim("  " + pad("SA", 5) + pad("conn-id", 9) + pad("peer", 17) + pad("role", 10) + pad("phase 1", 11)
                      + pad("quick mode", 12) + "findings") + "\n"
        for sa in sas {
            let qm = sa.quickModes.isEmpty ? "-" : "\(sa.quickModes.filter { $0.result == .complete }.count)/\(sa.quickModes.count) ok"
            out += "  " + pad("#\(sa.number)", 5) + pad(sa.connId.map(String.init) ?? "(0)", 9) + pad(sa.peer ?? "?", 17)
                + pad(sa.role?.rawValue ?? "?", 10) + pad(phaseWord(sa.phase1), 11) + pad(qm, 12)
                + (sa.findingIds.isEmpty ? "-" : sa.findingIds.joined(separator: ", ")) + "\n"
        }
        return out
    }

    private func phaseWord(_ p: Phase1Result) -> String {
        switch p {
        case .complete: return "complete"
        case .failed: return "FAILED"
        case .incomplete: return "incomplete"
        }
    }

    func renderSA(_ sa: SecurityAssociation) -> String {
        var out = ""
        let idText = sa.version == 2 ? "IKEv2 session \(sa.connId.map(String.init) ?? "?")" : sa.connId.map { "conn-id \($0)" } ?? "conn-id (0)"
        var head = "SA #\(sa.number) · \(idText) · peer \(sa.peer ?? "unknown")"
        if let r = sa.role { head += " · \(r.rawValue)" }
        let p1: String
        switch sa.phase1 {
        case .complete: p1 = paint(sa.version == 2 ? "IKE SA up" : "phase 1 complete", .green)
        case .failed: p1 = paint((sa.version == 2 ? "IKE SA FAILED" : "phase 1 FAILED") + (sa.state.map { " in \($0)" } ?? ""), .red)
        case .incomplete: p1 = paint((sa.version == 2 ? "IKE SA incomplete" : "phase 1 incomplete") + (sa.state.map { " (last state \($0))" } ?? ""), .yellow)
        }
        out += "  " + bold(head) + " · " + p1 + "\n"
        var facts: [String] = []
        if let l = sa.local { facts.append("local \(l)") }
        if let id = sa.peerIdentity { facts.append("peer identity \(id)") }
        if let p = sa.profile { facts.append("profile \(p)") } else if sa.matchedNoProfile { facts.append("no profile matched") }
        if let k = sa.keyKeyring { facts.append("key from keyring \(k)") }
        if let k = sa.profileKeyring, k != sa.keyKeyring { facts.append("profile keyring \(k)") }
        if sa.natTraversal { facts.append("NAT-T (UDP 4500)") }
        if let s = sa.start, let e = sa.end { facts.append("\(s.text) → \(e.timeText)") }
        facts.append("lines \(sa.firstLine)-\(sa.lastLine)")
        out += wrap(facts.joined(separator: " · "), indent: "    ", dimmed: true)
        for row in TimelineRows.rows(sa) {
            let time = row.stamp?.timeText ?? ""
            let ln = "L\(row.line)"
            let text = pad(time, 13) + pad(ln, 8) + row.text
            let painted: String
            switch row.tone {
            case .bad: painted = paint(text, .red)
            case .good: painted = paint(text, .green)
            case .plain: painted = text
            }
            out += "    " + painted + "\n"
        }
        if sa.droppedEvents > 0 { out += dim("    (\(sa.droppedEvents) more events not kept)") + "\n" }
        for q in sa.quickModes {
            let id = q.messageID == 0 ? "(message ID not shown)" : "M-ID \(q.messageID)"
            var line = sa.version == 2 ? "child SA (message \(q.messageID)): \(q.result.rawValue)" : "quick mode \(id): \(q.result.rawValue)"
            if let l = q.localProxy, let r = q.remoteProxy { line += " · \(l) ↔ \(r)" }
            out += "    " + (q.result == .complete ? paint(line, .green) : q.result == .incomplete ? line : paint(line, .red)) + "\n"
        }
        if !sa.findingIds.isEmpty {
            out += "    findings: " + paint(sa.findingIds.joined(separator: ", "), .red) + "\n"
        }
        return out
    }

    func renderFinding(_ f: Finding, number: Int) -> String {
        var out = ""
        let sev: String
        switch f.severity {
        case .error: sev = paint("ERROR", .red)
        case .warning: sev = paint("WARNING", .yellow)
        case .info: sev = "NOTE"
        }
        out += "\(number). \(sev) \(bold(f.id)) · \(f.device)\(f.saNumber.map { " SA #\($0)" } ?? "")"
        out += f.connId.map { " · conn-id \($0)" } ?? ""
        out += f.peer.map { " · peer \($0)" } ?? ""
        out += "\n"
        out += wrap(f.summary, indent: "   ", dimmed: false)
        out += "\n" + wrap(f.explanation, indent: "   ", dimmed: false)
        out += "\n   " + bold("Evidence") + "\n"
        for e in f.evidence {
            let loc = "\(e.file):\(e.line)"
            out += wrap(e.text, indent: "     ", firstPrefix: "     " + dim(loc) + "  ", firstWidth: loc.count + 2, dimmed: false)
        }
        out += "\n   " + bold("Fix") + "\n"
        for part in f.fix.split(separator: "\n", omittingEmptySubsequences: false) {
            // Configuration lines keep their own indentation; prose is wrapped.
            if part.hasPrefix(" ") || part.hasPrefix("crypto ") || part.hasPrefix("no ") || part.hasPrefix("ip ") || part.hasPrefix("!") {
                out += "       " + part + "\n"
            } else {
                out += wrap(String(part), indent: "     ", dimmed: false)
            }
        }
        return out
    }

    // MARK: - Text helpers

    private func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    private func pad(_ s: String, _ n: Int) -> String {
        s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }

    /// Word-wraps `text` to the report width. Works on UTF-8 bytes (a report of
    /// thousands of findings is mostly this); width counts code points.
    func wrap(_ text: String, indent: String, firstPrefix: String? = nil, firstWidth: Int = 0, dimmed: Bool) -> String {
        let indentLength = indent.unicodeScalars.count
        var limit = width - indentLength - firstWidth
        var out: [UInt8] = []
        var line: [UInt8] = []
        var lineLength = 0
        var first = true
        func flush() {
            let prefix = first ? (firstPrefix ?? indent) : indent
            out.append(contentsOf: prefix.utf8)
            if dimmed && color { out.append(contentsOf: "\u{1B}[2m".utf8) }
            out.append(contentsOf: line)
            if dimmed && color { out.append(contentsOf: "\u{1B}[0m".utf8) }
            out.append(0x0A)
            first = false
            line.removeAll(keepingCapacity: true)
            lineLength = 0
            limit = width - indentLength
        }
        var utf8 = text
        utf8.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                while i < n, bytes[i] == 0x20 { i += 1 }
                guard i < n else { break }
                let start = i
                var length = 0
                while i < n, bytes[i] != 0x20 {
                    if bytes[i] & 0xC0 != 0x80 { length += 1 }
                    i += 1
                }
                if !line.isEmpty, lineLength + 1 + length > limit { flush() }
                if !line.isEmpty { line.append(0x20); lineLength += 1 }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                lineLength += length
            }
        }
        if !line.isEmpty || first { flush() }
        return String(decoding: out, as: UTF8.self)
    }

    enum Tone { case red, green, yellow }

    private func paint(_ s: String, _ tone: Tone) -> String {
        guard color else { return s }
        let code: String
        switch tone {
        case .red: code = "31"
        case .green: code = "32"
        case .yellow: code = "33"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }

    private func bold(_ s: String) -> String { color ? "\u{1B}[1m\(s)\u{1B}[0m" : s }
    private func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }
}

/// The lines of an SA's timeline: state changes and the facts that explain them.
enum TimelineRows {
    enum Tone { case plain, good, bad }
    struct Row {
        var stamp: Stamp?
        var line: Int
        var text: String
        var tone: Tone
    }

    static func rows(_ sa: SecurityAssociation) -> [Row] {
        var rows: [Row] = []
        var lastRetransmit: Int?
        var runBase = ""
        var runCount = 0
        for e in sa.events {
            var text: String?
            var tone = Tone.plain
            switch e.kind {
            case let .stateChange(from, to):
                guard from != to else { continue }
                text = "\(from) → \(to)"
                if to == "IKE_P1_COMPLETE" || to == "IKE_QM_PHASE2_COMPLETE" { tone = .good }
                if to == "IKE_DEST_SA" { tone = .bad }
            case let .packetSent(peer, _, _, _, label): text = "sent \(label) to \(peer)"
            case let .packetReceived(peer, _, _, _, label): text = "received \(label) from \(peer)"
            case let .saRequest(p): text = "SA request, ISAKMP profile \(p ?? "(none)")"
            case let .keyringKey(k): text = "key found in keyring \(k)"
            case let .pskMatched(p): text = "pre-shared key found for \(p) (keyring not named)"
            case let .keyLookup(p, k, found): text = found ? "detail: key for \(p) found in \(k)" : "detail: no key for \(p) in \(k)"
            case let .keySelected(a, m, final): text = "detail: selecting \(a)/\(m) as \(final ? "final key" : "key")"
            case let .profileMatch(p): text = p.map { "identity matches profile \($0)" } ?? "identity matches no profile"
            case let .idPayload(_, a, _, _): text = "ID payload \(a ?? "?")"
            case let .authStatus(ok, _):
                text = ok ? "authenticated" : "NOT authenticated"
                tone = ok ? .good : .bad
            case .keyNotInProfileKeyrings: text = "Key not found in keyrings of profile: exchange aborted"; tone = .bad
            case let .fsmError(code): text = "FSM action returned error \(code)"; tone = .bad
            case .reservedNotZero: text = "reserved not zero on ID payload (MM5 not decryptable)"; tone = .bad
            case .badMessage: text = "IKMP_BAD_MESSAGE: message failed its sanity check"; tone = .bad
            case .retransmit(let label, _, _, let phase):
                if let r = lastRetransmit {
                    // Collapse a run of retransmission lines into one row.
                    runCount += 1
                    rows[r].text = "\(runBase) (×\(runCount) lines)"
                    continue
                }
                runBase = "retransmit phase \(phase.map(String.init) ?? "?")\(label.map { " \($0)" } ?? "")"
                runCount = 1
                text = runBase
                tone = .bad
            case .duplicatePacket: text = "phase 1 packet is a duplicate (our reply was lost?)"
            case let .attsAcceptable(ok): if !ok { text = "proposal attributes not acceptable" }
            case let .policyMismatch(a): text = "\(a) offered does not match policy"
            case .phase1NotAcceptable: text = "phase 1 SA policy not acceptable"; tone = .bad
            case let .quickModeBegin(m): text = "quick mode begins, M-ID \(m)"
            case .mapProfileMismatch: text = "crypto map: ISAKMP profile did not match"; tone = .bad
            case .mapNotFound: text = "crypto map: no matching map"; tone = .bad
            case .proxyNotSupported: text = "proxy identities not supported"; tone = .bad
            case let .transformNotSupported(t): text = "transform proposal not supported\(t.map { " {\($0)}" } ?? "")"; tone = .bad
            case let .proposalInvalidated(code): text = "IPsec policy invalidated proposal with error \(code)"; tone = .bad
            case .phase2NotAcceptable: text = "phase 2 SA policy not acceptable"; tone = .bad
            case let .notify(sent, type, _):
                if type == "INITIAL_CONTACT" { continue }
                text = sent ? "sent NOTIFY \(type)" : "received NOTIFY \(type)"
                if type.contains("NOT_CHOSEN") || type.contains("INVALID") { tone = .bad }
            case let .nodeDeleted(m, reason, error):
                guard error else { continue }
                text = "node \(m) deleted: \(reason)"
                tone = .bad
            case let .saDeleted(reason, _, _):
                text = "SA deleted: \(reason)"
                tone = reason.contains("Death") ? .bad : .plain
            case let .noPreSharedKey(p): text = "no pre-shared key for \(p ?? "the peer")"; tone = .bad
            case .noOffersAccepted: text = "no offers accepted"; tone = .bad
            case let .initFailed(t): text = t; tone = .bad
            case let .lifetime(sec, responder): text = responder ? "peer set the IKE lifetime to \(sec) s" : "lifetime \(sec) s"
            case let .weakAlgorithm(t): text = t; tone = .bad
            case let .natDetected(t): text = "NAT: \(t)"
            case let .v2Packet(sent, peer, _, exchange, request, m, payloads):
                let dir = sent ? "sent" : "received"
                let kind = request.map { $0 ? " request" : " response" } ?? ""
                var t = "\(dir) \(exchange ?? "packet")\(kind)\(m.map { " #\($0)" } ?? "") \(sent ? "to" : "from") \(peer ?? "?")"
                if let payloads { t += ": \(payloads)" }
                text = t
                if (payloads ?? "").contains("NO_PROPOSAL_CHOSEN") || (payloads ?? "").contains("AUTHENTICATION_FAILED") || (payloads ?? "").contains("TS_UNACCEPTABLE") { tone = .bad }
            case let .v2IdentitySearch(id, type): text = "looking up a profile for identity '\(id)'\(type.map { " (\($0))" } ?? "")"
            case let .v2ProfileMatched(p): text = "IKEv2 profile \(p) matched"
            case let .v2ProfileNotFound(t): text = t; tone = .bad
            case let .v2KeyringKey(k): text = "pre-shared key from keyring \(k)"
            case let .v2AuthResult(ok):
                text = ok ? "peer's authentication data verified" : "peer's authentication data FAILED"
                tone = ok ? .good : .bad
            case let .v2CertFailed(t): text = t; tone = .bad
            case .v2PeerIDCheckFailed: text = "peer ID check failed"; tone = .bad
            case let .v2Failure(t): text = t; tone = .bad
            case .v2SessionUp: text = "IKE SA up"; tone = .good
            case .v2Deleting: text = "IKE SA deleted"
            default: continue
            }
            guard let t = text else { continue }
            rows.append(Row(stamp: e.stamp, line: e.firstLine, text: t, tone: tone))
            if case .retransmit = e.kind { lastRetransmit = rows.count - 1 } else { lastRetransmit = nil }
        }
        return collapseRepeats(rows)
    }

    /// A block of rows repeated back to back (the peer retransmitting MM5 and
    /// the router failing it the same way each time) is shown once, then counted.
    static func collapseRepeats(_ rows: [Row]) -> [Row] {
        var out: [Row] = []
        var i = 0
        while i < rows.count {
            var collapsed = false
            for period in 1...min(12, max(1, (rows.count - i) / 2)) where i + 2 * period <= rows.count {
                func same(_ a: Int, _ b: Int) -> Bool {
                    (0..<period).allSatisfy { rows[a + $0].text == rows[b + $0].text }
                }
                guard same(i, i + period) else { continue }
                var repeats = 1
                while i + (repeats + 1) * period <= rows.count, same(i, i + repeats * period) { repeats += 1 }
                if period == 1 && repeats < 3 { continue }
                out += rows[i..<(i + period)]
                let last = rows[i + repeats * period - 1]
                let first = rows[i + period]
                out.append(Row(stamp: first.stamp, line: first.line,
                               text: "… the \(period == 1 ? "same row" : "same \(period) rows") again \(repeats - 1) time\(repeats == 2 ? "" : "s"), to line \(last.line)",
                               tone: .plain))
                i += repeats * period
                collapsed = true
                break
            }
            if !collapsed {
                out.append(rows[i])
                i += 1
            }
        }
        return out
    }
}

import Foundation
