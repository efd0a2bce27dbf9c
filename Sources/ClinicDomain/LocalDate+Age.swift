import Foundation

extension LocalDate {
    /// Age in whole years on `date`, taking this as the birth date.
    /// Someone born on 29 February becomes a year older on 1 March in a common year (not on 28 February),
    /// the reading that never makes a person older before a full year has passed.
    /// Negative when `date` is before the birth date.
    package func age(on date: LocalDate) -> Int {
        let years = date.year - year
        return (date.month, date.day) < (month, day) ? years - 1 : years
    }

    /// The latest birth date of someone at least `years` old on `date`, so `minAge` filters become
    /// `birth_date <= cutoff` in SQL and agree with `age(on:)`, 29 February included.
    package static func latestBirthDate(forAgeAtLeast years: Int, on date: LocalDate) -> LocalDate {
        let year = date.year - years
        let day = min(date.day, LocalDate.daysIn(month: date.month, year: year))
        return LocalDate(year: year, month: date.month, day: day) ?? LocalDate(year: 1, month: 1, day: 1)!
    }
}
