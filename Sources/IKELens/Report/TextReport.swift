/// The human report: per device and SA a timeline, then the findings with
/// their evidence and fix. Fits `width` columns (100 unless told: the CLI
/// gives a terminal's width); colour only when asked.
///
/// Written as UTF-8 bytes (`TextWriter`), not `String`s: a busy router's
/// report is thousands of SAs and findings, and most of its cost was building
/// and joining small strings.
public struct TextReport {
    public var color: Bool
    public var width = 100
    /// Above this many SAs on a device, only SAs with findings or that did not
    /// complete get a full timeline; the rest are one line each.
    public var fullTimelineLimit = 12

    public init(color: Bool = false) {
        self.color = color
    }

    /// How many bytes the report gathers before handing them to the sink.
    static let chunkSize = 1 << 16

    /// Indents of the report's text, as bytes for `TextWriter.wrap`.
    static let indent3: [UInt8] = Array("   ".utf8)
    static let indent4: [UInt8] = Array("    ".utf8)
    static let indent5: [UInt8] = Array("     ".utf8)
    static let indent6: [UInt8] = Array("      ".utf8)
    static let indent14: [UInt8] = Array(repeating: 0x20, count: 14)
    /// Continuation lines of a timeline row start under its text column.
    static let rowIndent: [UInt8] = Array(repeating: 0x20, count: 25)

    public func render(_ analysis: Analysis) -> String {
        var out: [UInt8] = []
        render(analysis) { out.append(contentsOf: $0) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Renders in chunks of about `chunkSize` bytes into `sink` (UTF-8 text),
    /// so a report of thousands of SAs is never held whole in memory.
    public func render(_ analysis: Analysis, to sink: (UnsafeRawBufferPointer) -> Void) {
        var w = writer()
        writeHeader(analysis, to: &w)
        // Many routers' SAs (a syslog server's file of a hub and its spokes): every device's
        // SAs as a table, timelines only for those with findings or failed.
        let manySAs = analysis.devices.count > 1 && analysis.devices.reduce(0) { $0 + $1.sas.count } > 4 * fullTimelineLimit
        if manySAs { writeOverview(analysis, to: &w, sink) }
        for d in analysis.devices {
            w.newline()
            write(d, compact: manySAs || d.sas.count > fullTimelineLimit, to: &w, sink)
        }
        if !analysis.findings.isEmpty {
            w.newline()
            w.begin(.bold)
            w.append("Findings")
            w.end(.bold)
            w.newline()
            for (i, f) in analysis.findings.enumerated() {
                w.newline()
                write(f, number: i + 1, to: &w)
                w.drain(over: Self.chunkSize, to: sink)
            }
        }
        w.drain(over: 0, to: sink)
    }

    func writer() -> TextWriter {
        TextWriter(color: color, width: width, capacity: Self.chunkSize + Self.chunkSize / 4)
    }

    private func writeHeader(_ analysis: Analysis, to w: inout TextWriter) {
        let saCount = analysis.devices.reduce(0) { $0 + $1.sas.count }
        let errors = analysis.findings.filter { $0.severity == .error }.count
        let warnings = analysis.findings.filter { $0.severity == .warning }.count
        let infos = analysis.findings.count - errors - warnings
        w.begin(.bold)
        w.append("IKELens ")
        w.append(IKELens.version)
        w.end(.bold)
        w.append(" — ")
        w.count(analysis.devices.count, "device")
        w.append(", ")
        w.count(saCount, "IKE SA")
        // The verdict on a line of its own when the whole does not fit.
        let counts = [(errors, "error"), (warnings, "warning"), (infos, "note")].filter { $0.0 > 0 }.map { TextWriter.count($0.0, $0.1) }
        let line = "IKELens \(IKELens.version) — \(TextWriter.count(analysis.devices.count, "device")), \(TextWriter.count(saCount, "IKE SA")), "
            + (counts.isEmpty ? "no problems found" : counts.joined(separator: ", "))
        w.append(line.unicodeScalars.count > width ? ",\n  " : ", ")
        var verdict = false
        if errors > 0 {
            w.begin(.red)
            w.count(errors, "error")
            w.end(.red)
            verdict = true
        }
        if warnings > 0 {
            if verdict { w.append(", ") }
            w.begin(.yellow)
            w.count(warnings, "warning")
            w.end(.yellow)
            verdict = true
        }
        if infos > 0 {
            if verdict { w.append(", ") }
            w.count(infos, "note")
            verdict = true
        }
        if !verdict {
            w.begin(.green)
            w.append("no problems found")
            w.end(.green)
        }
        w.newline()
    }

    private func write(_ d: DeviceTimeline, compact: Bool, to w: inout TextWriter, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let s = d.stats
        w.begin(.bold)
        w.append("Device ")
        w.append(d.name)
        w.end(.bold)
        // (A name made apart with its file, `R1 (a.log)`, says it already.) The file on the next
        // line when both do not fit.
        if d.name != LogAnalyzer.baseName(d.file), !d.name.hasSuffix("(\(LogAnalyzer.fileName(d.file)))") {
            w.append("Device \(d.name) (\(d.file))".unicodeScalars.count > width ? "\n  (" : " (")
            w.append(d.file)
            w.append(")")
        }
        w.newline()
        w.append("  ")
        let stats = w.bytes.count
        w.append(d.file)
        w.append(": ")
        w.append(s.lines)
        w.append(s.lines == 1 ? " line, " : " lines, ")
        w.append(s.recognized)
        w.append(" recognized (")
        w.append(s.noise)
        w.append(" console noise), ")
        w.append(s.unrecognized)
        w.append(" unrecognized")
        w.rewrap(from: stats, indent: Self.indent4, dimmed: true)
        var damage: [String] = []
        if s.truncated > 0 { damage.append("\(TextWriter.count(s.truncated, "line")) cut at \(LineFramer.defaultMaxLineLength / 1024) KiB") }
        if s.invalidUTF8 > 0 { damage.append("\(TextWriter.count(s.invalidUTF8, "line")) with invalid UTF-8") }
        if s.nul > 0 { damage.append("\(TextWriter.count(s.nul, "line")) with NUL bytes") }
        if s.newestFirst {
            w.append("  ")
            w.wrap("listed newest first (a log store's order): read oldest first, lines numbered in that order", indent: Self.indent4, style: .yellow)
        }
        if s.repeated > 0 {
            w.append("  ")
            w.wrap(Self.repeatedNote(s), indent: Self.indent4, style: .yellow)
        }
        if !damage.isEmpty {
            w.append("  ")
            w.wrap("damaged input: " + damage.joined(separator: ", "), indent: Self.indent4, style: .yellow)
        }
        if d.sas.isEmpty {
            w.append("  No IKE SA in this log.\n")
            return
        }
        if compact {
            w.newline()
            writeTable(d.sas, to: &w, sink)
        }
        var shown = 0
        for sa in d.sas where !compact || !sa.findingIds.isEmpty || sa.phase1 != .complete {
            w.newline()
            write(sa, to: &w)
            w.drain(over: Self.chunkSize, to: sink)
            shown += 1
        }
        if compact {
            w.append("\n  ")
            w.wrap("(\(d.sas.count - shown) SAs that completed without findings are listed in the table only)", indent: Self.indent3, style: .dim)
        }
    }

    /// Where a device's log repeated itself (see `InputStats.repeated`): `lines 84–203 repeat
    /// earlier lines, …: 118 lines not read again`.
    static func repeatedNote(_ s: InputStats) -> String {
        var places = s.repeatedStretches.map { $0.lowerBound == $0.upperBound ? "\($0.lowerBound)" : "\($0.lowerBound)–\($0.upperBound)" }
        let more = s.repeatedStretchCount - places.count
        if more > 0 { places.append("\(more) more stretch\(more == 1 ? "" : "es")") }
        let listed = places.count < 2 ? places.joined() : places.dropLast().joined(separator: ", ") + " and " + places.last!
        let one = places.count == 1 && s.repeatedStretches.first?.count == 1
        return (one ? "line \(listed) repeats an earlier line" : "lines \(listed) repeat earlier lines")
            + ", stamps and all (a second copy of the log, such as show logging after the capture): "
            + "\(TextWriter.count(s.repeated, "line")) not read again"
    }

    /// One line per device above the devices' own sections, for a file of many routers:
    /// its SAs, how many came up, and its findings by id (`psk-mismatch×3`).
    private func writeOverview(_ analysis: Analysis, to w: inout TextWriter, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let nameWidth = min(analysis.devices.reduce(6) { max($0, $1.name.count) }, 30) + 2
        w.newline()
        w.begin(.bold)
        w.append("Devices")
        w.end(.bold)
        w.newline()
        var byDevice: [String: [(id: String, count: Int)]] = [:]
        for f in analysis.findings {
            var ids = byDevice[f.device, default: []]
            if let i = ids.firstIndex(where: { $0.id == f.id }) { ids[i].count += 1 } else { ids.append((f.id, 1)) }
            byDevice[f.device] = ids
        }
        func items(_ d: DeviceTimeline) -> [String] { (byDevice[d.name] ?? []).map { $0.count > 1 ? "\($0.id)×\($0.count)" : $0.id } }
        let column = 2 + nameWidth + 33
        var widest = column
        var longest = 0
        for d in analysis.devices {
            let quickModes = d.sas.reduce(0) { $0 + $1.quickModes.count }
            let qm = quickModes == 0 ? 1 : Self.digits(d.sas.reduce(0) { $0 + $1.quickModes.reduce(0) { $0 + ($1.result == .complete ? 1 : 0) } }) + 1 + Self.digits(quickModes)
            widest = max(widest, 2 + Self.cell(d.name.count, nameWidth) + Self.cell(Self.digits(d.sas.count), 6)
                         + Self.cell(Self.digits(d.sas.reduce(0) { $0 + ($1.phase1 == .complete ? 1 : 0) }), 12) + Self.cell(qm, 15))
            for item in items(d) { longest = max(longest, item.unicodeScalars.count) }
        }
        let inColumn = widest + longest <= width
        w.begin(.dim)
        w.append("  ")
        w.appendPadded("device", nameWidth)
        for (title, n) in [("SAs", 6), ("phase 1 ok", 12), ("quick mode ok", 15)] {
            w.appendPadded(title, n)
        }
        if inColumn { w.append("findings") } else { w.trimTrailingSpaces() }
        w.end(.dim)
        w.newline()
        for d in analysis.devices {
            w.append("  ")
            let row = w.bytes.count - 2
            w.appendPadded(d.name, nameWidth)
            var start = w.bytes.count
            w.append(d.sas.count)
            w.pad(from: start, to: 6)
            start = w.bytes.count
            w.append(d.sas.reduce(0) { $0 + ($1.phase1 == .complete ? 1 : 0) })
            w.pad(from: start, to: 12)
            start = w.bytes.count
            let quickModes = d.sas.reduce(0) { $0 + $1.quickModes.count }
            if quickModes == 0 {
                w.append("-")
            } else {
                w.append(d.sas.reduce(0) { $0 + $1.quickModes.reduce(0) { $0 + ($1.result == .complete ? 1 : 0) } })
                w.append("/")
                w.append(quickModes)
            }
            w.pad(from: start, to: 15)
            // (Wrapped under its column: a hub's list of findings is long.)
            writeFindings(items(d).joined(separator: ", "), inColumn: inColumn, column: column, row: row, to: &w)
            w.drain(over: Self.chunkSize, to: sink)
        }
    }

    private func writeTable(_ sas: [SecurityAssociation], to w: inout TextWriter, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let column = 66
        var widest = column
        var longest = 0
        for sa in sas {
            let qm = sa.quickModes.isEmpty ? 1 : Self.digits(sa.quickModes.reduce(0) { $0 + ($1.result == .complete ? 1 : 0) }) + 1 + Self.digits(sa.quickModes.count) + 3
            widest = max(widest, 2 + Self.cell(1 + Self.digits(sa.number), 5) + Self.cell(sa.connId.map(Self.digits) ?? (sa.phase1NotLogged ? 1 : 3), 9)
                         + Self.cell((sa.peer ?? "?").count, 17) + Self.cell(sa.role?.rawValue.count ?? 1, 10) + Self.cell(phaseWord(sa).utf8CodeUnitCount, 11) + Self.cell(qm, 12))
            for id in sa.findingIds { longest = max(longest, id.unicodeScalars.count) }
        }
        let inColumn = widest + longest <= width
        w.begin(.dim)
        w.append("  ")
        for (title, n) in [("SA", 5), ("conn-id", 9), ("peer", 17), ("role", 10), ("phase 1", 11), ("quick mode", 12)] {
            w.appendPadded(title, n)
        }
        if inColumn { w.append("findings") } else { w.trimTrailingSpaces() }
        w.end(.dim)
        w.newline()
        for sa in sas {
            w.append("  ")
            let row = w.bytes.count - 2
            var start = w.bytes.count
            w.append("#")
            w.append(sa.number)
            w.pad(from: start, to: 5)
            start = w.bytes.count
            // (No ISAKMP line of it: no conn-id, not one still `(0)`.)
            if let c = sa.connId { w.append(c) } else { w.append(sa.phase1NotLogged ? "-" : "(0)") }
            w.pad(from: start, to: 9)
            w.appendPadded(sa.peer ?? "?", 17)
            w.appendPadded(sa.role?.rawValue ?? "?", 10)
            start = w.bytes.count
            w.append(phaseWord(sa))
            w.pad(from: start, to: 11)
            start = w.bytes.count
            if sa.quickModes.isEmpty {
                w.append("-")
            } else {
                w.append(sa.quickModes.reduce(0) { $0 + ($1.result == .complete ? 1 : 0) })
                w.append("/")
                w.append(sa.quickModes.count)
                w.append(" ok")
            }
            w.pad(from: start, to: 12)
            writeFindings(sa.findingIds.joined(separator: ", "), inColumn: inColumn, column: column, row: row, to: &w)
            w.drain(over: Self.chunkSize, to: sink)
        }
    }

    /// The columns a table's cell of `n` takes, padded to `width` (see `TextWriter.pad`).
    static func cell(_ n: Int, _ width: Int) -> Int { max(n + 1, width) }

    /// The decimal digits of `n`, with its sign.
    static func digits(_ n: Int) -> Int {
        var count = n < 0 ? 2 : 1
        var m = n.magnitude
        while m >= 10 { m /= 10; count += 1 }
        return count
    }

    /// A table's last cell, its findings (`-` for none), begun at `column` from the row's start
    /// (`row`): under the column, wrapped there, when every row's findings fit it (`inColumn`);
    /// in a report too narrow for that, on a line of their own below the row (and the table
    /// has no `findings` title).
    private func writeFindings(_ list: String, inColumn: Bool, column: Int, row: Int, to w: inout TextWriter) {
        if inColumn {
            w.wrap(list.isEmpty ? "-" : list, indent: Array(repeating: 0x20, count: column), firstWidth: w.characterCount(from: row) - column, style: nil)
            return
        }
        w.trimTrailingSpaces()
        w.newline()
        if !list.isEmpty {
            w.append("    findings: ")
            w.wrap(list, indent: Self.indent14, style: nil)
        }
    }

    private func phaseWord(_ sa: SecurityAssociation) -> StaticString {
        switch sa.phase1 {
        case .complete: return sa.phase1NotLogged ? "implied" : "complete"
        case .failed: return "FAILED"
        case .incomplete: return sa.phase1NotLogged ? "not logged" : "incomplete"
        }
    }

    func renderSA(_ sa: SecurityAssociation) -> String {
        var w = writer()
        write(sa, to: &w)
        return w.text
    }

    private func write(_ sa: SecurityAssociation, to w: inout TextWriter) {
        let v2 = sa.version == 2
        // Its head in bold, ` · `, how it ended: on one line when it fits, else how it
        // ended on the next, each wrapped (written plain first, to be measured).
        w.append("  ")
        let head = w.bytes.count
        w.append("SA #")
        w.append(sa.number)
        w.append(" · ")
        if v2 {
            w.append("IKEv2 session ")
            if let c = sa.connId { w.append(c) } else { w.append("?") }
            w.append(" · ")
        } else if let c = sa.connId {
            w.append("conn-id ")
            w.append(c)
            w.append(" · ")
        } else if !sa.phase1NotLogged {
            // (No ISAKMP line of it: no conn-id, not one still `(0)`.)
            w.append("conn-id (0) · ")
        }
        w.append("peer ")
        w.append(sa.peer ?? "unknown")
        if let r = sa.role {
            w.append(" · ")
            w.append(r.rawValue)
        }
        let outcome = w.bytes.count
        let style: TextWriter.Style
        switch sa.phase1 {
        case .complete:
            style = .green
            if sa.phase1NotLogged {
                // (`debug crypto ipsec` alone: the IPsec SAs it created imply it.)
                w.append("phase 1 not debugged, implied complete")
            } else {
                w.append(v2 ? (sa.deleted ? "IKE SA up, then deleted" : "IKE SA up") : sa.deleted ? "phase 1 complete, then deleted" : "phase 1 complete")
            }
        case .failed:
            style = .red
            w.append(v2 ? "IKE SA FAILED" : "phase 1 FAILED")
            if let s = sa.state {
                w.append(" in ")
                w.append(s)
            }
        case .incomplete:
            style = .yellow
            if sa.clearedByOperator != nil {
                // (The state it was in, not the IKE_DEST_SA it was deleted to.)
                w.append(v2 ? "IKE SA cleared by operator" : "phase 1 cleared by operator")
                if let s = sa.stateBeforeDeletion {
                    w.append(" in ")
                    w.append(s)
                }
            } else if sa.v2AskedForAnotherGroup {
                w.append("DH group renegotiated (INVALID_KE_PAYLOAD)")
            } else if sa.phase1NotLogged {
                w.append("phase 1 not debugged")
            } else {
                w.append(v2 ? "IKE SA incomplete" : "phase 1 incomplete")
                if let s = sa.state {
                    w.append(" (last state ")
                    w.append(s)
                    w.append(")")
                }
            }
        }
        let width = self.width
        w.rewrite(from: head) { w, text in
            let headText = UnsafeBufferPointer(rebasing: text[..<(outcome - head)])
            let outcomeText = UnsafeBufferPointer(rebasing: text[(outcome - head)...])
            if 2 + TextWriter.codePoints(headText) + 3 + TextWriter.codePoints(outcomeText) <= width {
                w.begin(.bold)
                w.append(headText)
                w.end(.bold)
                w.append(" · ")
                w.begin(style)
                w.append(outcomeText)
                w.end(style)
                w.newline()
            } else {
                w.wrap(headText, indent: Self.indent4, style: .bold)
                w.append("    ")
                w.wrap(outcomeText, indent: Self.indent4, style: style)
            }
        }

        // The facts, one ` · `-separated paragraph, dimmed.
        w.append("    ")
        let facts = w.bytes.count
        var more = false
        func fact(_ w: inout TextWriter, _ label: StaticString) {
            if more { w.append(" · ") }
            more = true
            w.append(label)
        }
        if let l = sa.local { fact(&w, "local "); w.append(l) }
        if let id = sa.peerIdentity { fact(&w, "peer identity "); w.append(id) }
        if let p = sa.profile {
            fact(&w, "profile ")
            w.append(p)
        } else if sa.matchedNoProfile {
            fact(&w, "no profile matched")
        }
        if let k = sa.keyKeyring { fact(&w, "key from keyring "); w.append(k) }
        if let k = sa.profileKeyring, k != sa.keyKeyring { fact(&w, "profile keyring "); w.append(k) }
        if sa.natTraversal { fact(&w, "NAT-T (UDP 4500)") }
        if let s = sa.start, let e = sa.end {
            fact(&w, "")
            s.appendText(to: &w.bytes)
            w.append(" → ")
            // (Another day: its date too, so the end does not read as before the start.)
            if e.isSameDay(as: s) {
                e.appendTimeText(to: &w.bytes)
            } else {
                e.appendText(to: &w.bytes)
            }
        }
        fact(&w, "lines ")
        w.append(sa.firstLine)
        w.append("-")
        w.append(sa.lastLine)
        w.rewrap(from: facts, indent: Self.indent4, dimmed: true)

        for row in sa.savedTimeline ?? TimelineRows.rows(sa) {
            write(row, to: &w)
        }
        if sa.droppedEvents > 0 {
            w.begin(.dim)
            w.append("    (")
            w.append(sa.droppedEvents)
            w.append(" more events not kept)")
            w.end(.dim)
            w.newline()
        }
        for q in sa.quickModes {
            let start = w.bytes.count
            w.append("    ")
            let text = w.bytes.count
            if v2 {
                w.append("child SA (message ")
                w.append(Int(q.messageID))
                w.append("): ")
            } else if q.messageID == 0 {
                w.append("quick mode (message ID not shown): ")
            } else {
                w.append("quick mode M-ID ")
                // (Signed too when IOS prints it so: `M-ID of -889293300`.)
                w.append(Say.messageID(q.messageID))
                w.append(": ")
            }
            w.append(q.result.rawValue)
            if let l = q.localProxy, let r = q.remoteProxy {
                w.append(" · ")
                w.append(l)
                w.append(" ↔ ")
                w.append(r)
            }
            w.rewrap(from: text, indent: Self.indent6, dimmed: false)
            let style: TextWriter.Style? = q.result == .complete ? .green : q.result == .incomplete ? nil : .red
            w.rewrite(from: start) { w, wrapped in
                var lines = TextWriter.Lines(wrapped, keepEmpty: false)
                while let l = lines.next() {
                    w.begin(style)
                    w.append(UnsafeBufferPointer(rebasing: wrapped[l]))
                    w.end(style)
                    w.newline()
                }
            }
        }
        if !sa.findingIds.isEmpty {
            w.append("    findings: ")
            w.wrap(sa.findingIds.joined(separator: ", "), indent: Self.indent14, style: .red)
        }
    }

    /// One timeline row: time and line number, then the text; a long row (an
    /// IKEv2 payload list) wraps under its text column.
    private func write(_ row: TimelineRows.Row, to w: inout TextWriter) {
        let start = w.bytes.count
        w.wrap(row.text, indent: Self.rowIndent, dimmed: false)
        let style: TextWriter.Style?
        switch row.tone {
        case .bad: style = .red
        case .good: style = .green
        case .plain: style = nil
        }
        // Cut where the wrapped text has line breaks, as `split(separator: "\n")` would.
        w.rewrite(from: start) { w, wrapped in
            var lines = TextWriter.Lines(wrapped, keepEmpty: false)
            var first = true
            while let l = lines.next() {
                w.begin(style)
                if first {
                    w.append("    ")
                    let time = w.bytes.count
                    row.stamp?.appendTimeText(to: &w.bytes)
                    w.pad(from: time, to: 13)
                    let line = w.bytes.count
                    w.append("L")
                    w.append(row.line)
                    w.pad(from: line, to: 8)
                    first = false
                }
                w.append(UnsafeBufferPointer(rebasing: wrapped[l]))
                w.end(style)
                w.newline()
            }
        }
    }

    func renderFinding(_ f: Finding, number: Int) -> String {
        var w = writer()
        write(f, number: number, to: &w)
        return w.text
    }

    private func write(_ f: Finding, number: Int, to w: inout TextWriter) {
        let head = w.bytes.count
        w.append(number)
        w.append(". ")
        switch f.severity {
        case .error:
            w.begin(.red)
            w.append("ERROR")
            w.end(.red)
        case .warning:
            w.begin(.yellow)
            w.append("WARNING")
            w.end(.yellow)
        case .info:
            w.append("NOTE")
        }
        w.append(" ")
        w.begin(.bold)
        w.append(f.id)
        w.end(.bold)
        w.append(" · ")
        w.append(f.device)
        if let n = f.saNumber {
            w.append(" SA #")
            w.append(n)
        }
        if let c = f.connId {
            w.append(f.ikeVersion == 2 ? " · IKEv2 session " : " · conn-id ")
            w.append(c)
        }
        if let p = f.peer {
            w.append(" · peer ")
            w.append(p)
        }
        // The colour codes count as columns here, as they always have.
        w.rewrap(from: head, indent: Self.indent3, dimmed: false)
        w.append("   ")
        w.wrap(f.summary, indent: Self.indent3, dimmed: false)
        w.append("\n   ")
        w.wrap(f.explanation, indent: Self.indent3, dimmed: false)
        w.append("\n   ")
        w.begin(.bold)
        w.append("Evidence")
        w.end(.bold)
        w.newline()
        for e in f.evidence {
            w.append("     ")
            let place = w.bytes.count
            w.begin(.dim)
            let loc = w.bytes.count
            w.append(e.file)
            w.append(":")
            w.append(e.line)
            let locWidth = w.characterCount(from: loc)
            if 5 + locWidth > width {
                // A place longer than a line (a long path in a narrow report): cut, the text under it.
                w.rewrite(from: place) { w, text in w.wrap(UnsafeBufferPointer(rebasing: text[(loc - place)...]), indent: Self.indent5, style: .dim) }
                w.append("     ")
                w.wrap(e.text, indent: Self.indent5, dimmed: false)
                continue
            }
            w.end(.dim)
            // The line's text beside its place, or under it when its first word would not fit
            // there (a long file name in a narrow report).
            if 5 + locWidth + 2 + TextWriter.firstWordLength(e.text) > width {
                w.newline()
                w.append("     ")
                w.wrap(e.text, indent: Self.indent5, dimmed: false)
            } else {
                w.append("  ")
                w.wrap(e.text, indent: Self.indent5, firstWidth: locWidth + 2, dimmed: false)
            }
        }
        w.append("\n   ")
        w.begin(.bold)
        w.append("Fix")
        w.end(.bold)
        w.newline()
        var fix = f.fix
        fix.withUTF8 { utf8 in
            var parts = TextWriter.Lines(utf8, keepEmpty: true)
            while let p = parts.next() {
                let part = UnsafeBufferPointer(rebasing: utf8[p])
                // Configuration lines keep their own indentation; prose is wrapped.
                if TextWriter.hasPrefix(part, " ") || TextWriter.hasPrefix(part, "crypto ") || TextWriter.hasPrefix(part, "no ")
                    || TextWriter.hasPrefix(part, "ip ") || TextWriter.hasPrefix(part, "interface ") || TextWriter.hasPrefix(part, "!") {
                    w.append("       ")
                    w.append(part)
                    w.newline()
                } else {
                    w.append("     ")
                    w.wrap(part, indent: Self.indent5, dimmed: false)
                }
            }
        }
    }

    // MARK: - Text helpers

    /// Word-wraps `text` to the report width (see `TextWriter.wrap`).
    func wrap(_ text: String, indent: String, firstPrefix: String? = nil, firstWidth: Int = 0, dimmed: Bool) -> String {
        var w = TextWriter(color: color, width: width)
        w.append(firstPrefix ?? indent)
        w.wrap(text, indent: Array(indent.utf8), firstWidth: firstWidth, dimmed: dimmed)
        return w.text
    }
}

/// The text report's bytes as they are written, with what its layout needs:
/// colour codes, padding to a column, word-wrapping. Counts columns as the
/// report always has: padding in `Character`s (`String.count`), wrapping in
/// code points, byte by byte when the text is ASCII.
struct TextWriter {
    /// The text written so far (UTF-8).
    var bytes: [UInt8] = []
    let color: Bool
    let width: Int
    /// Reused for text that is written again transformed (`rewrite`).
    private var scratch: [UInt8] = []

    init(color: Bool, width: Int, capacity: Int = 0) {
        self.color = color
        self.width = width
        bytes.reserveCapacity(capacity)
    }

    /// The bytes written, as a `String`.
    var text: String {
        var b = bytes
        Self.neutralizeControls(&b, keepingEscape: color)
        return String(decoding: b, as: UTF8.self)
    }

    /// `s` with its control characters neutralized (see `neutralizeControls`).
    static func neutralized(_ s: String, keepingEscape: Bool) -> String {
        var b = Array(s.utf8)
        neutralizeControls(&b, keepingEscape: keepingEscape)
        return String(decoding: b, as: UTF8.self)
    }

    // MARK: Text

    mutating func append(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: b) }

    /// `i` in decimal, as `String(i)`.
    mutating func append(_ i: Int) {
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        bytes.appendDecimal(i.magnitude)
    }

    mutating func append(_ list: [String], separator: StaticString) {
        for (i, s) in list.enumerated() {
            if i > 0 { append(separator) }
            append(s)
        }
    }

    mutating func newline() { bytes.append(0x0A) }

    /// `3 lines`, `1 line`.
    mutating func count(_ n: Int, _ word: StaticString) {
        append(n)
        bytes.append(0x20)
        append(word)
        if n != 1 { bytes.append(UInt8(ascii: "s")) }
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    // MARK: Colour

    enum Style { case red, green, yellow, bold, dim }

    /// Starts `style` (nothing without colour, or for no style).
    mutating func begin(_ style: Style?) {
        guard color, let style else { return }
        switch style {
        case .red: append("\u{1B}[31m")
        case .green: append("\u{1B}[32m")
        case .yellow: append("\u{1B}[33m")
        case .bold: append("\u{1B}[1m")
        case .dim: append("\u{1B}[2m")
        }
    }

    /// Ends what `begin(style)` started.
    mutating func end(_ style: Style?) {
        guard color, style != nil else { return }
        append("\u{1B}[0m")
    }

    // MARK: Columns

    /// The `Character`s of the bytes written since `start` (`String.count`):
    /// in ASCII every byte is one but for CR LF, which is one `Character`.
    func characterCount(from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { all in
            let b = UnsafeBufferPointer(rebasing: all[start...])
            guard let n = Self.asciiCharacterCount(b) else { return String(decoding: b, as: UTF8.self).count }
            return n
        }
    }

    /// The `Character`s of ASCII text, nil when `b` is not all ASCII.
    static func asciiCharacterCount(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var n = b.count
        var previous: UInt8 = 0
        for c in b {
            if c >= 0x80 { return nil }
            if c == 0x0A && previous == 0x0D { n -= 1 }
            previous = c
        }
        return n
    }

    /// Spaces after the text written since `start` up to column `n`, or one
    /// space when it is that wide already.
    mutating func pad(from start: Int, to n: Int) {
        let used = characterCount(from: start)
        bytes.append(contentsOf: repeatElement(0x20, count: used >= n ? 1 : n - used))
    }

    /// Takes back the spaces at the end of what was written.
    mutating func trimTrailingSpaces() {
        while bytes.last == 0x20 { bytes.removeLast() }
    }

    mutating func appendPadded(_ s: String, _ n: Int) {
        let start = bytes.count
        append(s)
        pad(from: start, to: n)
    }

    // MARK: Wrapping

    /// Word-wraps `text` to `width` columns: words are cut at spaces (runs of
    /// spaces collapse; none lead or trail), and width counts code points. A
    /// word longer than a whole line (a certificate's subject, a path) is cut
    /// to fill lines, when a line has a column at all; one that only does not
    /// fit the first line starts the next. The first line's prefix is already
    /// written; it has `width - indent - firstWidth` columns, the others start
    /// with `indent` and have `width - indent`. Every line, the first even when
    /// `text` is blank, ends with a newline; the text of each (not the prefix)
    /// is in `style`.
    mutating func wrap(_ text: UnsafeBufferPointer<UInt8>, indent: [UInt8], firstWidth: Int = 0, style: Style?) {
        var indentLength = 0
        for b in indent where b & 0xC0 != 0x80 { indentLength += 1 }
        let lineWidth = width - indentLength
        var limit = lineWidth - firstWidth
        var first = true
        var open = false
        var lineLength = 0
        func startLine(_ w: inout TextWriter) {
            if !first { w.bytes.append(contentsOf: indent) }
            w.begin(style)
            open = true
            lineLength = 0
        }
        func endLine(_ w: inout TextWriter) {
            w.end(style)
            w.bytes.append(0x0A)
            first = false
            open = false
            limit = lineWidth
        }
        let n = text.count
        var i = 0
        while i < n {
            while i < n, text[i] == 0x20 { i += 1 }
            guard i < n else { break }
            var start = i
            var length = 0
            while i < n, text[i] != 0x20 {
                if text[i] & 0xC0 != 0x80 { length += 1 }
                i += 1
            }
            if open, lineLength + 1 + length > limit { endLine(&self) }
            if !open, length > limit, length > lineWidth, lineWidth >= 1 {
                // Too long for any line: as much as each line holds (one code point at least).
                while length > limit {
                    let take = Swift.max(limit, 1)
                    var end = start
                    var taken = 0
                    while end < i {
                        if text[end] & 0xC0 != 0x80 {
                            if taken == take { break }
                            taken += 1
                        }
                        end += 1
                    }
                    startLine(&self)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<end]))
                    endLine(&self)
                    start = end
                    length -= take
                }
            }
            if open {
                bytes.append(0x20)
                lineLength += 1
            } else {
                startLine(&self)
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<i]))
            lineLength += length
        }
        if !open && first { startLine(&self) }
        if open { endLine(&self) }
    }

    mutating func wrap(_ text: UnsafeBufferPointer<UInt8>, indent: [UInt8], firstWidth: Int = 0, dimmed: Bool) {
        wrap(text, indent: indent, firstWidth: firstWidth, style: dimmed ? .dim : nil)
    }

    mutating func wrap(_ text: String, indent: [UInt8], firstWidth: Int = 0, style: Style?) {
        var text = text
        text.withUTF8 { wrap($0, indent: indent, firstWidth: firstWidth, style: style) }
    }

    mutating func wrap(_ text: String, indent: [UInt8], firstWidth: Int = 0, dimmed: Bool) {
        wrap(text, indent: indent, firstWidth: firstWidth, style: dimmed ? .dim : nil)
    }

    /// Wraps the text written since `start` (see `wrap`).
    mutating func rewrap(from start: Int, indent: [UInt8], dimmed: Bool) {
        rewrap(from: start, indent: indent, style: dimmed ? .dim : nil)
    }

    mutating func rewrap(from start: Int, indent: [UInt8], style: Style?) {
        rewrite(from: start) { w, text in w.wrap(text, indent: indent, style: style) }
    }

    /// The code points of the first word of `text` (as `wrap` cuts words and counts columns).
    static func firstWordLength(_ text: String) -> Int {
        var n = 0
        for b in text.utf8.drop(while: { $0 == 0x20 }) {
            if b == 0x20 { break }
            if b & 0xC0 != 0x80 { n += 1 }
        }
        return n
    }

    /// The code points of UTF-8 text: the columns `wrap` counts.
    static func codePoints(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var n = 0
        for c in b where c & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Takes back the bytes written since `start` and hands them to `body`,
    /// to write them again transformed.
    mutating func rewrite(from start: Int, _ body: (inout TextWriter, UnsafeBufferPointer<UInt8>) -> Void) {
        var taken = scratch
        scratch = []
        taken.removeAll(keepingCapacity: true)
        taken.append(contentsOf: bytes[start...])
        bytes.removeSubrange(start...)
        taken.withUnsafeBufferPointer { body(&self, $0) }
        scratch = taken
    }

    // MARK: Lines

    /// The lines of UTF-8 text as `String.split(separator: "\n")` cuts them:
    /// at every LF but one after a CR (CR LF is a single `Character`), with or
    /// without the empty lines.
    struct Lines {
        let text: UnsafeBufferPointer<UInt8>
        let keepEmpty: Bool
        private var position = 0
        private var done = false

        init(_ text: UnsafeBufferPointer<UInt8>, keepEmpty: Bool) {
            self.text = text
            self.keepEmpty = keepEmpty
        }

        mutating func next() -> Range<Int>? {
            while !done {
                let start = position
                var i = start
                while i < text.count, text[i] != 0x0A || (i > 0 && text[i - 1] == 0x0D) { i += 1 }
                if i == text.count { done = true } else { position = i + 1 }
                if i > start || keepEmpty { return start..<i }
            }
            return nil
        }
    }

    /// `String(line).hasPrefix(p)` for an ASCII `p`: it compares `Character`s,
    /// so a code point that joins the prefix's last character (a combining
    /// mark) makes it false; past ASCII, `String` decides.
    static func hasPrefix(_ line: UnsafeBufferPointer<UInt8>, _ p: StaticString) -> Bool {
        let n = p.utf8CodeUnitCount
        guard line.count >= n else { return false }
        for k in 0..<n where line[k] != p.utf8Start[k] { return false }
        if line.count == n || line[n] < 0x80 { return true }
        return Substring(String(decoding: line, as: UTF8.self)).hasPrefix(p.description)
    }

    // MARK: Output

    /// A control character a log carried to the report (a bell, a backspace, a stray ESC) would
    /// act on the reader's terminal: each becomes `?`. Line feeds and tabs stay, and ESC when
    /// the report colours its own text.
    static func neutralizeControls(_ bytes: inout [UInt8], keepingEscape: Bool) {
        @inline(__always) func neutral(_ x: UInt8) -> Bool {
            !(x < 0x20 || x == 0x7F) || x == 0x0A || x == 0x09 || keepingEscape && x == 0x1B
        }
        bytes.withUnsafeMutableBufferPointer { b in
            // (A counting pass first, branch-free: a report's text almost never has one.)
            var found = 0
            for x in b { found &+= neutral(x) ? 0 : 1 }
            guard found > 0 else { return }
            for i in b.indices where !neutral(b[i]) { b[i] = UInt8(ascii: "?") }
        }
    }

    /// Hands the bytes written so far to `sink` and empties the buffer, once
    /// it holds at least `limit` bytes.
    mutating func drain(over limit: Int, to sink: (UnsafeRawBufferPointer) -> Void) {
        guard bytes.count >= limit, !bytes.isEmpty else { return }
        Self.neutralizeControls(&bytes, keepingEscape: color)
        bytes.withUnsafeBytes(sink)
        bytes.removeAll(keepingCapacity: true)
    }
}
