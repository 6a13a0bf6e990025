@testable import IKELens

/// The text report as it was written with `String`s (commit 5052d4f), kept
/// as the reference the byte-writing `TextReport` must match; since then laid
/// out to fit any width (a narrow terminal's): long words cut, headings and
/// tables' findings moved to the next line when they do not fit.
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
        var verdict: [String] = []
        var plainVerdict: [String] = []
        if errors > 0 { verdict.append(paint(count(errors, "error"), .red)); plainVerdict.append(count(errors, "error")) }
        if warnings > 0 { verdict.append(paint(count(warnings, "warning"), .yellow)); plainVerdict.append(count(warnings, "warning")) }
        if infos > 0 { verdict.append(count(infos, "note")); plainVerdict.append(count(infos, "note")) }
        let counts = "\(count(analysis.devices.count, "device")), \(count(saCount, "IKE SA"))"
        let whole = "IKELens \(IKELens.version) — \(counts), " + (plainVerdict.isEmpty ? "no problems found" : plainVerdict.joined(separator: ", "))
        out += bold("IKELens \(IKELens.version)") + " — \(counts)" + (whole.unicodeScalars.count > width ? ",\n  " : ", ")
        out += verdict.isEmpty ? paint("no problems found", .green) : verdict.joined(separator: ", ")
        out += "\n"
        sink(out)
        if analysis.devices.count > 1 && saCount > 4 * fullTimelineLimit {
            let nameWidth = max(min(analysis.devices.map { $0.name.count }.max() ?? 0, 30), 6) + 2
            func findings(_ d: DeviceTimeline) -> [String] {
                var ids: [String] = []
                for f in analysis.findings where f.device == d.name && !ids.contains(f.id) { ids.append(f.id) }
                return ids.map { id in
                    let n = analysis.findings.filter { $0.device == d.name && $0.id == id }.count
                    return n > 1 ? "\(id)×\(n)" : id
                }
            }
            func cells(_ d: DeviceTimeline) -> [(String, Int)] {
                let qms = d.sas.flatMap(\.quickModes)
                let qm = qms.isEmpty ? "-" : "\(qms.filter { $0.result == .complete }.count)/\(qms.count)"
                return [(d.name, nameWidth), ("\(d.sas.count)", 6), ("\(d.sas.filter { $0.phase1 == .complete }.count)", 12), (qm, 15)]
            }
            func row(_ d: DeviceTimeline) -> String { "  " + cells(d).map { pad($0.0, $0.1) }.joined() }
            let column = 2 + nameWidth + 33
            let inColumn = analysis.devices.map { cellsWidth(cells($0)) }.reduce(column, max)
                + analysis.devices.flatMap(findings).map(\.unicodeScalars.count).reduce(0, max) <= width
            let titles = "  " + pad("device", nameWidth) + pad("SAs", 6) + pad("phase 1 ok", 12) + pad("quick mode ok", 15)
            sink("\n" + bold("Devices") + "\n" + dim(inColumn ? titles + "findings" : trimmed(titles)) + "\n")
            for d in analysis.devices {
                sink(tableFindings(row(d), findings(d).joined(separator: ", "), inColumn: inColumn, column: column))
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
        let fileToo = "Device \(d.name) (\(d.file))".unicodeScalars.count > width ? "\n  (\(d.file))" : " (\(d.file))"
        out += bold("Device \(d.name)") + (d.name == LogAnalyzer.baseName(d.file) || d.name.hasSuffix("(\(LogAnalyzer.fileName(d.file)))") ? "" : fileToo)
        out += "\n" + wrap("\(d.file): \(s.lines) line\(s.lines == 1 ? "" : "s"), \(s.recognized) recognized (\(s.noise) console noise), \(s.unrecognized) unrecognized",
                          indent: "    ", firstPrefix: "  ", dimmed: true)
        var damage: [String] = []
        if s.truncated > 0 { damage.append("\(count(s.truncated, "line")) cut at \(LineFramer.defaultMaxLineLength / 1024) KiB") }
        if s.invalidUTF8 > 0 { damage.append("\(count(s.invalidUTF8, "line")) with invalid UTF-8") }
        if s.nul > 0 { damage.append("\(count(s.nul, "line")) with NUL bytes") }
        if s.newestFirst {
            out += wrap("listed newest first (a log store's order): read oldest first, lines numbered in that order", indent: "    ", firstPrefix: "  ", style: .yellow)
        }
        if s.repeated > 0 {
            var places = s.repeatedStretches.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
            if s.repeatedStretchCount > places.count {
                let more = s.repeatedStretchCount - places.count
                places.append("\(more) more \(more == 1 ? "stretch" : "stretches")")
            }
            let listed = places.count == 1 ? places[0] : places.dropLast().joined(separator: ", ") + " and " + places[places.count - 1]
            let what = places.count == 1 && s.repeatedStretches[0].count == 1 ? "line \(listed) repeats an earlier line" : "lines \(listed) repeat earlier lines"
            out += wrap(what + ", stamps and all (a second copy of the log, such as show logging after the capture): "
                        + "\(count(s.repeated, "line")) not read again", indent: "    ", firstPrefix: "  ", style: .yellow)
        }
        if !damage.isEmpty { out += wrap("damaged input: " + damage.joined(separator: ", "), indent: "    ", firstPrefix: "  ", style: .yellow) }
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
            sink("\n" + wrap("(\(d.sas.count - shown) SAs that completed without findings are listed in the table only)", indent: "   ", firstPrefix: "  ", style: .dim))
        }
    }

    private func renderTable(_ sas: [SecurityAssociation], to sink: (String) -> Void) {
        func cells(_ sa: SecurityAssociation) -> [(String, Int)] {
            let qm = sa.quickModes.isEmpty ? "-" : "\(sa.quickModes.filter { $0.result == .complete }.count)/\(sa.quickModes.count) ok"
            return [("#\(sa.number)", 5), (sa.connId.map(String.init) ?? (sa.phase1NotLogged ? "-" : "(0)"), 9), (sa.peer ?? "?", 17), (sa.role?.rawValue ?? "?", 10), (phaseWord(sa), 11), (qm, 12)]
        }
        func row(_ sa: SecurityAssociation) -> String { "  " + cells(sa).map { pad($0.0, $0.1) }.joined() }
        let inColumn = sas.map { cellsWidth(cells($0)) }.reduce(66, max) + sas.flatMap(\.findingIds).map(\.unicodeScalars.count).reduce(0, max) <= width
        let titles = "  " + pad("SA", 5) + pad("conn-id", 9) + pad("peer", 17) + pad("role", 10) + pad("phase 1", 11) + pad("quick mode", 12)
        sink(dim(inColumn ? titles + "findings" : trimmed(titles)) + "\n")
        for sa in sas {
            sink(tableFindings(row(sa), sa.findingIds.joined(separator: ", "), inColumn: inColumn, column: 66))
        }
    }

    /// A table's row and its findings: under their column, or below the row.
    private func tableFindings(_ row: String, _ list: String, inColumn: Bool, column: Int) -> String {
        if inColumn {
            return row + wrap(list.isEmpty ? "-" : list, indent: String(repeating: " ", count: column), firstPrefix: "", firstWidth: row.count - column, dimmed: false)
        }
        return trimmed(row) + "\n" + (list.isEmpty ? "" : wrap(list, indent: String(repeating: " ", count: 14), firstPrefix: "    findings: ", dimmed: false))
    }

    /// The columns a row of padded cells takes, with its indent (each cell counted alone).
    private func cellsWidth(_ cells: [(String, Int)]) -> Int { 2 + cells.map { max($0.0.count + 1, $0.1) }.reduce(0, +) }

    private func trimmed(_ s: String) -> String {
        var s = s
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }

    private func phaseWord(_ sa: SecurityAssociation) -> String {
        switch sa.phase1 {
        case .complete: return sa.phase1NotLogged ? "implied" : "complete"
        case .failed: return "FAILED"
        case .incomplete: return sa.phase1NotLogged ? "not logged" : "incomplete"
        }
    }

    func renderSA(_ sa: SecurityAssociation) -> String {
        var out = ""
        let idText = sa.version == 2 ? "IKEv2 session \(sa.connId.map(String.init) ?? "?") · " : sa.connId.map { "conn-id \($0) · " } ?? (sa.phase1NotLogged ? "" : "conn-id (0) · ")
        var head = "SA #\(sa.number) · \(idText)peer \(sa.peer ?? "unknown")"
        if let r = sa.role { head += " · \(r.rawValue)" }
        let p1: String
        let tone: Tone
        switch sa.phase1 {
        case .complete where sa.phase1NotLogged:
            (p1, tone) = ("phase 1 not debugged, implied complete", .green)
        case .complete:
            (p1, tone) = (sa.version == 2 ? (sa.deleted ? "IKE SA up, then deleted" : "IKE SA up") : sa.deleted ? "phase 1 complete, then deleted" : "phase 1 complete", .green)
        case .failed: (p1, tone) = ((sa.version == 2 ? "IKE SA FAILED" : "phase 1 FAILED") + (sa.state.map { " in \($0)" } ?? ""), .red)
        case .incomplete where sa.clearedByOperator != nil:
            let state = sa.state == "IKE_DEST_SA" ? sa.states.last?.from : sa.state
            (p1, tone) = ((sa.version == 2 ? "IKE SA cleared by operator" : "phase 1 cleared by operator") + (state.map { " in \($0)" } ?? ""), .yellow)
        case .incomplete where sa.v2AskedForAnotherGroup:
            (p1, tone) = ("DH group renegotiated (INVALID_KE_PAYLOAD)", .yellow)
        case .incomplete where sa.phase1NotLogged: (p1, tone) = ("phase 1 not debugged", .yellow)
        case .incomplete: (p1, tone) = ((sa.version == 2 ? "IKE SA incomplete" : "phase 1 incomplete") + (sa.state.map { " (last state \($0))" } ?? ""), .yellow)
        }
        if 2 + head.unicodeScalars.count + 3 + p1.unicodeScalars.count <= width {
            out += "  " + bold(head) + " · " + paint(p1, tone) + "\n"
        } else {
            // (Too wide: how it ended on the next line.)
            out += wrap(head, indent: "    ", firstPrefix: "  ", style: .bold) + wrap(p1, indent: "    ", style: Style(tone))
        }
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
            out += wrap(sa.findingIds.joined(separator: ", "), indent: String(repeating: " ", count: 14), firstPrefix: "    findings: ", style: .red)
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
            let firstWord = e.text.unicodeScalars.split(separator: " ").first?.count ?? 0
            if 5 + loc.count > width {
                out += wrap(loc, indent: "     ", style: .dim) + wrap(e.text, indent: "     ", dimmed: false)
            } else if 5 + loc.count + 2 + firstWord > width {
                out += "     " + dim(loc) + "\n" + wrap(e.text, indent: "     ", dimmed: false)
            } else {
                out += wrap(e.text, indent: "     ", firstPrefix: "     " + dim(loc) + "  ", firstWidth: loc.count + 2, dimmed: false)
            }
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

    func wrap(_ text: String, indent: String, firstPrefix: String? = nil, firstWidth: Int = 0, dimmed: Bool) -> String {
        wrap(text, indent: indent, firstPrefix: firstPrefix, firstWidth: firstWidth, style: dimmed ? .dim : nil)
    }

    /// Word-wraps `text` to the report width. Works on UTF-8 bytes (a report of
    /// thousands of findings is mostly this); width counts code points. A word
    /// longer than a whole line is cut to fill lines (when a line has a column).
    func wrap(_ text: String, indent: String, firstPrefix: String? = nil, firstWidth: Int = 0, style: Style?) -> String {
        let indentLength = indent.unicodeScalars.count
        let lineWidth = width - indentLength
        var limit = lineWidth - firstWidth
        var out: [UInt8] = []
        var line: [UInt8] = []
        var lineLength = 0
        var first = true
        func flush() {
            let prefix = first ? (firstPrefix ?? indent) : indent
            out.append(contentsOf: prefix.utf8)
            if let style, color { out.append(contentsOf: style.code.utf8) }
            out.append(contentsOf: line)
            if style != nil && color { out.append(contentsOf: "\u{1B}[0m".utf8) }
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
                if line.isEmpty, length > limit, length > lineWidth, lineWidth >= 1 {
                    // Cut, a line's worth at a time.
                    var word = Array(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self).unicodeScalars)
                    while word.count > limit {
                        let take = max(limit, 1)
                        line.append(contentsOf: String(String.UnicodeScalarView(word.prefix(take))).utf8)
                        lineLength = take
                        flush()
                        word.removeFirst(take)
                    }
                    line.append(contentsOf: String(String.UnicodeScalarView(word)).utf8)
                    lineLength = word.count
                    continue
                }
                if !line.isEmpty { line.append(0x20); lineLength += 1 }
                line.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                lineLength += length
            }
        }
        if !line.isEmpty || first { flush() }
        return String(decoding: out, as: UTF8.self)
    }

    enum Tone { case red, green, yellow }

    enum Style {
        case red, green, yellow, bold, dim
        init(_ tone: Tone) {
            switch tone {
            case .red: self = .red
            case .green: self = .green
            case .yellow: self = .yellow
            }
        }
        var code: String {
            switch self {
            case .red: return "\u{1B}[31m"
            case .green: return "\u{1B}[32m"
            case .yellow: return "\u{1B}[33m"
            case .bold: return "\u{1B}[1m"
            case .dim: return "\u{1B}[2m"
            }
        }
    }

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

