import Foundation
import Testing
@testable import IKELens

extension PastedFormTests {
    /// `text` as a log store exports it as CSV with the router's stamp parsed out into a column of
    /// its own (`*Jun 19 12:28:44.251: ` → `2024-06-19T12:28:44.251Z`), the message in another; a
    /// message's unstamped lines in its field. (A message that starts with a blank after its stamp,
    /// `*Apr 11 14:20:05.311:  src: …`, keeps its stamp: it is no message alone in a row.)
    static func csvWithStampColumn(_ text: String, header: String, quoteAll: Bool, messageLast: Bool) -> String {
        func quote(_ s: String) -> String {
            quoteAll || s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var rows = [header]
        var lastTime = "2024-01-01T00:00:00.000Z"
        for e in DamageTests.logStoreEvents(text) {
            var first = String(e[0])
            var time = lastTime
            if let m = first.wholeMatch(of: /\*?([A-Z][a-z]{2}) +(\d+) (\d\d:\d\d:\d\d)(\.\d+)?(?: [A-Z]{3,4})?: (.*)/),
               let month = months.firstIndex(of: String(m.1)), m.5.first != " " {
                let day = Int(m.2)!
                time = "2024-\(month < 9 ? "0" : "")\(month + 1)-\(day < 10 ? "0" : "")\(day)T\(m.3)\(m.4 ?? ".000")Z"
                first = String(m.5)
                lastTime = time
            }
            let message = ([first] + e.dropFirst().map(String.init)).joined(separator: "\n")
            if message.allSatisfy({ $0 == " " }) { continue }
            rows.append(messageLast ? [quote(time), quote("r1"), quote(message)].joined(separator: ",")
                        : [quote(message), quote(time), quote("r1")].joined(separator: ","))
        }
        return rows.joined(separator: "\n")
    }

    @Test(arguments: samples)
    func csvExportWithTheStampInItsOwnColumnKeepsTheFindings(_ name: String) {
        let text = Fixture.sampleText(name)
        let expected = DamageTests.findings(text)
        let splunk = Self.csvWithStampColumn(text, header: "_raw,_time,host", quoteAll: false, messageLast: false)
        #expect(DamageTests.findings(splunk) == expected, "Splunk: _raw,_time,host")
        let graylog = Self.csvWithStampColumn(text, header: "\"timestamp\",\"source\",\"message\"", quoteAll: true, messageLast: true)
        #expect(DamageTests.findings(graylog) == expected, "Graylog: timestamp,source,message")
        // (The stamps the router printed, from the time column.)
        func stamps(_ t: String) -> [String] {
            Fixture.events(t).compactMap { e in e.stamp.map { "\(e.kind) \($0.month)-\($0.day) \($0.hour):\($0.minute):\($0.second).\($0.millis)" } }
        }
        #expect(stamps(graylog) == stamps(text), "Graylog's stamps")
        let a = Fixture.analyze(graylog, chunking: .random(seed: 3))
        let s = a.devices[0].stats
        #expect(s.recognized + s.unrecognized == s.lines)
    }

    /// The time column stamps a message the log store parsed its stamp out of, as the router
    /// printed it; a line that is no router's message (a prompt) takes none.
    @Test func csvTimeColumnStampsTheMessage() {
        for csv in ["_time,host,_raw\n2024-06-19T12:28:44.251+0000,r1,\"ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1\"",
                    "\"timestamp\",\"source\",\"message\"\n\"2024-06-19 12:28:44.251\",\"r1\",\"ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1\"",
                    "@timestamp,host.name,message\n\"Jun 19, 2024 @ 12:28:44.251\",r1,ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1",
                    "\"2024-06-19T12:28:44.251Z\",\"r1\",\"ISAKMP:(0):Old State = IKE_READY  New State = IKE_I_MM1\""] {
            let e = Fixture.events(csv).filter { if case .stateChange = $0.kind { return true } else { return false } }
            #expect(e.count == 1, "\(csv)")
            #expect(e.first?.stamp.map { "\($0.month)-\($0.day) \($0.hour):\($0.minute):\($0.second).\($0.millis)" } == "6-19 12:28:44.251", "\(csv)")
        }
    }
}
