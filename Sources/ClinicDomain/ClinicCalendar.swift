import Foundation

/// Which dates the clinic runs: its weekdays, less closures. Dates are already local to the clinic's zone,
/// so a weekday here is the weekday the people of the town see.
package enum ClinicCalendar {
    /// The longest range asked for at once; a rota or slot listing over more is a mistake, not a plan.
    package static let maximumRangeDays = 366

    /// Clinic days from `from` through `to` inclusive, in order.
    /// Errors: `to` before `from`, or a range longer than `maximumRangeDays` days (field `to` either way).
    package static func clinicDays(
        from: LocalDate, to: LocalDate, settings: ClinicSettings, closures: Set<LocalDate> = []
    ) throws(ValidationError) -> [LocalDate] {
        guard from <= to else { throw ValidationError(field: "to", message: "must not be before from") }
        let first = from.daysSinceEpoch
        let last = to.daysSinceEpoch
        guard last - first + 1 <= maximumRangeDays else {
            throw ValidationError(field: "to", message: "must be at most \(maximumRangeDays) days after from")
        }
        let weekdays = Set(settings.clinicWeekdays)
        return (first...last).map(LocalDate.init(daysSinceEpoch:))
            .filter { weekdays.contains($0.isoWeekday) && !closures.contains($0) }
    }

    /// True when `date` is a clinic day.
    static func isClinicDay(_ date: LocalDate, settings: ClinicSettings, closures: Set<LocalDate> = []) -> Bool {
        settings.clinicWeekdays.contains(date.isoWeekday) && !closures.contains(date)
    }
}
