import Foundation

/// A time, or a duration from now: `90s`, `30m`, `2h`, `1d`.
package struct Deadline {
    package let date: Date

    package init(parsing argument: String) throws {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        if let unit = argument.last.flatMap({ units[$0] }), let count = Double(argument.dropLast()) {
            guard count > 0, count.isFinite else {
                throw ArgumentProblem("a duration must be more than 0 (90s, 30m, 2h, 1d)")
            }
            date = Date().addingTimeInterval(count * unit)
        } else if let date = try? Date(argument, strategy: .iso8601) {
            guard date > Date() else {
                throw ArgumentProblem("it is in the past; give a later time, or a duration from now (90s, 30m, 2h, 1d)")
            }
            self.date = date
        } else {
            throw ArgumentProblem("give an RFC 3339 time (2026-11-21T18:00:00Z) or a duration from now (90s, 30m, 2h, 1d)")
        }
    }
}
