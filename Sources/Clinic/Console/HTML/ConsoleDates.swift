import ClinicDomain

/// Dates and times as each language writes them. The API already answers in the clinic's zone (dates as
/// `YYYY-MM-DD`, instants with the clinic's offset), so these only change the style, never the zone.
enum ConsoleDates {
    static let weekdays: [Language: [String]] = [
        .bo: ["གཟའ་ཟླ་བ།", "གཟའ་མིག་དམར།", "གཟའ་ལྷག་པ།", "གཟའ་ཕུར་བུ།", "གཟའ་པ་སངས།", "གཟའ་སྤེན་པ།", "གཟའ་ཉི་མ།"],
        .zh: ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"],
        .en: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    ]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The weekday's name (ISO weekday 1 = Monday).
    static func weekday(_ isoWeekday: Int, _ language: Language) -> String {
        weekdays[language]?[(isoWeekday - 1) % 7] ?? ""
    }

    /// `Thu 10 Dec 2026`, `2026年12月10日 星期四`, `སྤྱི་ལོ་2026 ཟླ་12 ཚེས་10 གཟའ་ཕུར་བུ།`.
    static func date(_ date: LocalDate, _ language: Language) -> String {
        let day = weekday(date.isoWeekday, language)
        switch language {
        case .en: return "\(day) \(date.day) \(months[date.month - 1]) \(date.year)"
        case .zh: return "\(date.year)年\(date.month)月\(date.day)日 \(day)"
        case .bo: return "སྤྱི་ལོ་\(date.year) ཟླ་\(date.month) ཚེས་\(date.day) \(day)"
        }
    }

    /// A `YYYY-MM-DD` text from the API in the language's style; other text as it came.
    static func date(_ text: String, _ language: Language) -> String {
        LocalDate(text).map { date($0, language) } ?? text
    }

    /// The clock time (`09:30`) of an RFC 3339 instant from the API, in the offset it was written in (the clinic's).
    static func time(_ instant: String) -> String {
        let characters = Array(instant)
        guard characters.count >= 16, characters[10] == "T" else { return instant }
        return String(characters[11..<16])
    }

    /// The date part of an RFC 3339 instant, in the language's style.
    static func day(_ instant: String, _ language: Language) -> String {
        date(String(instant.prefix(10)), language)
    }
}
