@testable import IKELens

/// The text report as it was written with `String`s (commit 5052d4f), kept
/// verbatim as the reference the byte-writing `TextReport` must match.
struct ReferenceTextReport {
    var color: Bool
    var width = 100
    /// Above this many SAs on a device, only SAs with findings or that did not
    /// complete get a full timeline; the rest are one line each.
    var fullTimelineLimit = 12

    init(color: Bool = false) {
        self.color = color
    }

    func render(_ analysis: Analysis) -> String {
        var out = ""
        render(analysis) { out += $0 }
        return out
    }

    /// Renders piece by piece into `sink`, so a report of thousands of SAs is
    /// never held whole in memory.
    func render(_ analysis: Analysis, to sink: (String) -> Void) {
        var out = ""
        let saCount = analysis.devices.reduce(0) { $0 + $1.sas.count }
        let errors = analysis.findings.filter { $0.severity == .error }.count
        let warnings = analysis.findings.filter { $0.severity == .warning }.count
        let infos = analysis.findings.count - errors - warnings
        out += bold("IKELens \(IKELens.version)") + " — \(count(analysis.devices.count, "device")), \(count(saCount, "IKE SA")), "
        var verdict: [String] = []
        if errors > 0 { verdict.append(paint(count(errors, "error"), .red)) }
        if warnings > 0 { verdict.append(paint(count(warnings, "warning"), .yellow)) }
        if infos > 0 { verdict.append(count(infos, "note")) }
        out += verdict.isEmpty ? paint("no problems found", .green) : verdict.joined(separator: ", ")
        out += "\n"
        sink(out)
        if analysis.devices.count > 1 && saCount > 4 * fullTimelineLimit {
            let nameWidth = max(min(analysis.devices.map { $0.name.count }.max() ?? 0, 30), 6) + 2
            sink("\n" + bold("Devices") + "\n" + dim("  " + pad("device", nameWidth) + pad("SAs", 6) + pad("phase 1 ok", 12) + pad("quick mode ok", 15) + "findings") + "\n")
            for d in analysis.devices {
                var ids: [String] = []
                for f in analysis.findings where f.device == d.name && !ids.contains(f.id) { ids.append(f.id) }
                let findings = ids.map { id in
                    let n = analysis.findings.filter { $0.device == d.name && $0.id == id }.count
                    return n > 1 ? "\(id)×\(n)" : id
                }
                let qms = d.sas.flatMap(\.quickModes)
                let qm = qms.isEmpty ? "-" : "\(qms.filter { $0.result == .complete }.count)/\(qms.count)"
                sink("  " + pad(d.name, nameWidth) + pad("\(d.sas.count)", 6) + pad("\(d.sas.filter { $0.phase1 == .complete }.count)", 12)
                     + pad(qm, 15) + wrap(findings.isEmpty ? "-" : findings.joined(separator: ", "), indent: String(repeating: " ", count: 2 + nameWidth + 33), firstPrefix: "", dimmed: false))
            }
        }
        for d in analysis.devices {
            sink("\n")
            renderDevice(d, analysis, to: sink)
        }
        if !analysis.findings.isEmpty {
            sink("\n" + bold("Findings") + "\n")
            for (i, f) in analysis.findings.enumerated() {
                sink("\n" + renderFinding(f, number: i + 1))
            }
        }
    }

    private func renderDevice(_ d: DeviceTimeline, _ analysis: Analysis, to sink: (String) -> Void) {
        var out = ""
        let s = d.stats
        out += bold("Device \(d.name)") + (d.name == LogAnalyzer.baseName(d.file) || d.name.hasSuffix("(\(LogAnalyzer.fileName(d.file)))") ? "" : " (\(d.file))")
        out += "\n" + wrap("\(d.file): \(s.lines) lines, \(s.recognized) recognized (\(s.noise) console noise), \(s.unrecognized) unrecognized",
                          indent: "    ", firstPrefix: "  ", dimmed: true).dropLast()
        var damage: [String] = []
        if s.truncated > 0 { damage.append("\(count(s.truncated, "line")) cut at \(LineFramer.defaultMaxLineLength / 1024) KiB") }
        if s.invalidUTF8 > 0 { damage.append("\(count(s.invalidUTF8, "line")) with invalid UTF-8") }
        if s.nul > 0 { damage.append("\(count(s.nul, "line")) with NUL bytes") }
        if !damage.isEmpty { out += "\n" + paint("  damaged input: " + damage.joined(separator: ", "), .yellow) }
        out += "\n"
        if d.sas.isEmpty {
            out += "  No IKE SA in this log.\n"
            sink(out)
            return
        }
        sink(out)
        let manySAs = analysis.devices.count > 1 && analysis.devices.reduce(0) { $0 + $1.sas.count } > 4 * fullTimelineLimit
        let compact = manySAs || d.sas.count > fullTimelineLimit
        if compact {
            sink("\n")
            renderTable(d.sas, to: sink)
        }
        for sa in d.sas where !compact || !sa.findingIds.isEmpty || sa.phase1 != .complete {
            sink("\n" + renderSA(sa))
        }
        if compact {
            let shown = d.sas.filter { !$0.findingIds.isEmpty || $0.phase1 != .complete }.count
            sink(dim("\n  (\(d.sas.count - shown) SAs that completed without findings are listed in the table only)") + "\n")
        }
    }

    private func renderTable(_ sas: [SecurityAssociation], to sink: (String) -> Void) {
        sink(dim("  " + pad("SA", 5) + pad("conn-id", 9) + pad("peer", 17) + pad("role", 10) + pad("phase 1", 11)
                 + pad("quick mode", 12) + "findings") + "\n")
        for sa in sas {
            let qm = sa.quickModes.isEmpty ? "-" : "\(sa.quickModes.filter { $0.result == .complete }.count)/\(sa.quickModes.count) ok"
            sink("  " + pad("#\(sa.number)", 5) + pad(sa.connId.map(String.init) ?? "(0)", 9) + pad(sa.peer ?? "?", 17)
                 + pad(sa.role?.rawValue ?? "?", 10) + pad(phaseWord(sa.phase1), 11) + pad(qm, 12)
                 + (sa.findingIds.isEmpty ? "-" : sa.findingIds.joined(separator: ", ")) + "\n")
        }
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
        case .complete: p1 = paint(sa.version == 2 ? (sa.deleted ? "IKE SA up, then deleted" : "IKE SA up") : sa.deleted ? "phase 1 complete, then deleted" : "phase 1 complete", .green)
        case .failed: p1 = paint((sa.version == 2 ? "IKE SA FAILED" : "phase 1 FAILED") + (sa.state.map { " in \($0)" } ?? ""), .red)
        case .incomplete where sa.clearedByOperator != nil:
            let state = sa.state == "IKE_DEST_SA" ? sa.states.last?.from : sa.state
            p1 = paint((sa.version == 2 ? "IKE SA cleared by operator" : "phase 1 cleared by operator") + (state.map { " in \($0)" } ?? ""), .yellow)
        case .incomplete where sa.v2AskedForAnotherGroup:
            p1 = paint("DH group renegotiated (INVALID_KE_PAYLOAD)", .yellow)
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
        if let s = sa.start, let e = sa.end {
            facts.append("\(s.text) → \(e.isSameDay(as: s) ? e.timeText : e.text)")
        }
        facts.append("lines \(sa.firstLine)-\(sa.lastLine)")
        out += wrap(facts.joined(separator: " · "), indent: "    ", dimmed: true)
        for row in sa.savedTimeline ?? TimelineRows.rows(sa) {
            let time = row.stamp?.timeText ?? ""
            let ln = "L\(row.line)"
            // Long rows (IKEv2 payload lists) wrap under their text column.
            let lines = wrap(row.text, indent: String(repeating: " ", count: 25), firstPrefix: "", dimmed: false)
                .split(separator: "\n").map(String.init)
            for (k, l) in lines.enumerated() {
                let text = (k == 0 ? "    " + pad(time, 13) + pad(ln, 8) : "") + l
                let painted: String
                switch row.tone {
                case .bad: painted = paint(text, .red)
                case .good: painted = paint(text, .green)
                case .plain: painted = text
                }
                out += painted + "\n"
            }
        }
        if sa.droppedEvents > 0 { out += dim("    (\(sa.droppedEvents) more events not kept)") + "\n" }
        for q in sa.quickModes {
            let id = q.messageID == 0 ? "(message ID not shown)" : "M-ID \(q.messageID)\(q.messageID >= 0x8000_0000 ? " (\(Int32(bitPattern: q.messageID)))" : "")"
            var line = sa.version == 2 ? "child SA (message \(q.messageID)): \(q.result.rawValue)" : "quick mode \(id): \(q.result.rawValue)"
            if let l = q.localProxy, let r = q.remoteProxy { line += " · \(l) ↔ \(r)" }
            for l in wrap(line, indent: "      ", firstPrefix: "    ", dimmed: false).split(separator: "\n") {
                out += (q.result == .complete ? paint(String(l), .green) : q.result == .incomplete ? String(l) : paint(String(l), .red)) + "\n"
            }
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
        var head = "\(number). \(sev) \(bold(f.id)) · \(f.device)\(f.saNumber.map { " SA #\($0)" } ?? "")"
        head += f.connId.map { f.ikeVersion == 2 ? " · IKEv2 session \($0)" : " · conn-id \($0)" } ?? ""
        head += f.peer.map { " · peer \($0)" } ?? ""
        out += wrap(head, indent: "   ", firstPrefix: "", dimmed: false)
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

