/// A log line's time, as IOS printed it: wall clock (`*Jun 19 10:04:24.826`)
/// or uptime (`00:27:07`, `1d02h`). Kept as small integers, rendered on demand.
public struct Stamp: Hashable, Sendable, Comparable {
    public enum Kind: UInt8, Sendable { case wall, uptime }
    public var kind: Kind
    /// 1...12 for wall stamps, 0 for uptime.
    public var month: UInt8 = 0
    public var day: UInt8 = 0
    /// 0 when the log printed no year.
    public var year: UInt16 = 0
    public var hour: UInt8 = 0
    public var minute: UInt8 = 0
    public var second: UInt8 = 0
    /// -1 when the log printed no milliseconds.
    public var millis: Int16 = -1
    /// Whole days of uptime (`1d02h`), or 0.
    public var uptimeDays: UInt16 = 0

    public init(kind: Kind) { self.kind = kind }

    /// Seconds from an arbitrary origin, for ordering and durations within one log.
    public var seconds: Double {
        let ms = millis >= 0 ? Double(millis) / 1000 : 0
        let dayIndex = kind == .wall ? (Int(year) * 372 + Int(month) * 31 + Int(day)) : Int(uptimeDays)
        return Double(dayIndex * 86_400 + Int(hour) * 3600 + Int(minute) * 60 + Int(second)) + ms
    }

    public static func < (a: Stamp, b: Stamp) -> Bool { a.seconds < b.seconds }

    /// Whether `other` falls on the same day (the same date, or the same day of uptime).
    public func isSameDay(as other: Stamp) -> Bool {
        kind == other.kind && month == other.month && day == other.day && year == other.year && uptimeDays == other.uptimeDays
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func two(_ v: UInt8) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// Time of day, `10:04:24.826` (or `1d02:00:00` for day-granular uptime).
    public var timeText: String {
        var s = ""
        if kind == .uptime, uptimeDays > 0 { s += "\(uptimeDays)d" }
        s += "\(Stamp.two(hour)):\(Stamp.two(minute)):\(Stamp.two(second))"
        if millis >= 0 {
            let m = Int(millis)
            s += "." + (m < 10 ? "00" : m < 100 ? "0" : "") + "\(m)"
        }
        return s
    }

    /// The full stamp, `Jun 19 10:04:24.826` or `uptime 00:27:07`.
    public var text: String {
        switch kind {
        case .wall:
            let mon = month >= 1 && month <= 12 ? Stamp.monthNames[Int(month) - 1] : "?"
            let y = year > 0 ? " \(year)" : ""
            return "\(mon) \(day)\(y) \(timeText)"
        case .uptime:
            return "uptime \(timeText)"
        }
    }

    /// Appends `text` as UTF-8 to `out`, without making a `String`.
    public func appendText(to out: inout [UInt8]) {
        switch kind {
        case .wall:
            if month >= 1 && month <= 12 {
                out.append(contentsOf: Stamp.monthNames[Int(month) - 1].utf8)
            } else {
                out.append(UInt8(ascii: "?"))
            }
            out.append(0x20)
            out.appendDecimal(UInt(day))
            if year > 0 {
                out.append(0x20)
                out.appendDecimal(UInt(year))
            }
            out.append(0x20)
        case .uptime:
            out.append(contentsOf: [0x75, 0x70, 0x74, 0x69, 0x6D, 0x65, 0x20])  // "uptime "
        }
        appendTimeText(to: &out)
    }

    /// Appends `timeText` as UTF-8 to `out`.
    public func appendTimeText(to out: inout [UInt8]) {
        if kind == .uptime, uptimeDays > 0 {
            out.appendDecimal(UInt(uptimeDays))
            out.append(UInt8(ascii: "d"))
        }
        out.appendDecimal(UInt(hour), minDigits: 2)
        out.append(ASCII.colon)
        out.appendDecimal(UInt(minute), minDigits: 2)
        out.append(ASCII.colon)
        out.appendDecimal(UInt(second), minDigits: 2)
        if millis >= 0 {
            out.append(ASCII.dot)
            out.appendDecimal(UInt(millis), minDigits: 3)
        }
    }
}
