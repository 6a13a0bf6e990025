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

    /// Seconds from an arbitrary origin, for ordering and durations within one log: days
    /// counted as the calendar has them (Jun 30 → Jul 1 is one day; Feb 29 in a leap year
    /// when the log prints the year).
    public var seconds: Double {
        let ms = millis >= 0 ? Double(millis) / 1000 : 0
        return Double(dayIndex * 86_400 + Int(hour) * 3600 + Int(minute) * 60 + Int(second)) + ms
    }

    /// Days before each month in a common year.
    private static let daysBeforeMonth = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    private var dayIndex: Int {
        guard kind == .wall else { return Int(uptimeDays) }
        let y = Int(year)
        let leap = y > 0 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let m = min(max(Int(month), 1), 12)
        let yearDays = y > 0 ? (y - 1) * 365 + (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400 : 0
        return yearDays + Self.daysBeforeMonth[m - 1] + (leap && m > 2 ? 1 : 0) + Int(day)
    }

    /// Seconds from this stamp to `later`. Without a year in the log, Dec 31 → Jan 1 is the
    /// night it looks like, not a year back (a gap of more than half a year the other way
    /// round is read as New Year's).
    /// One stamp with a year and one without (a log whose stamps changed style, a relay that
    /// added the year to some lines) are compared by their dates alone.
    public func seconds(until later: Stamp) -> Double {
        if kind == .wall, later.kind == .wall, (year == 0) != (later.year == 0) {
            var (a, b) = (self, later)
            (a.year, b.year) = (0, 0)
            return a.seconds(until: b)
        }
        let d = later.seconds - seconds
        guard kind == .wall, later.kind == .wall, year == 0 || later.year == 0 else { return d }
        let halfYear = 183.0 * 86_400, year = 365.0 * 86_400
        if d < -halfYear { return d + year }
        if d > halfYear { return d - year }
        return d
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
