/// A small argument parser that behaves like one built with
/// swift-argument-parser: `--opt value` and `--opt=value`, enum-typed values
/// checked up front, `--` ends options, clear one-line errors.
struct Arguments {
    struct UsageError: Error { var message: String }

    var flags: Set<String> = []
    /// Every value given, in order (options may repeat, like `--config`).
    var values: [String: [String]] = [:]
    /// The last value of each option.
    var options: [String: String] { values.compactMapValues(\.last) }
    var positionals: [String] = []

    /// `valued`: options taking a value, with their allowed values (empty = any).
    init(_ args: [String], flags allowedFlags: Set<String>, valued: [String: [String]]) throws(UsageError) {
        var i = 0
        var onlyPositionals = false
        while i < args.count {
            let a = args[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") {
                positionals.append(a)
                continue
            }
            if a == "--" { onlyPositionals = true; continue }
            var name = a
            var value: String?
            if let eq = a.firstIndex(of: "="), a.hasPrefix("--") {
                name = String(a[..<eq])
                value = String(a[a.index(after: eq)...])
            }
            if allowedFlags.contains(name) {
                if value != nil { throw UsageError(message: "option '\(name)' takes no value") }
                flags.insert(name)
                continue
            }
            guard let allowed = valued[name] else {
                throw UsageError(message: "unknown option '\(name)'")
            }
            if value == nil {
                guard i < args.count else { throw UsageError(message: "option '\(name)' needs a value\(allowed.isEmpty ? "" : " (\(allowed.joined(separator: "|")))")") }
                value = args[i]
                i += 1
            }
            if !allowed.isEmpty, !allowed.contains(value!) {
                throw UsageError(message: "invalid value '\(value!)' for '\(name)': expected \(allowed.joined(separator: ", "))")
            }
            values[name, default: []].append(value!)
        }
    }
}
