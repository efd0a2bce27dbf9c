import ClinicDomain
import ClinicSupport
import Foundation

/// One rostered session of a doctor as their calendar shows it: where, which session, the modes, when, and whether
/// it is still held. Nothing about residents or bookings.
struct CalendarSession: Sendable, Equatable {
    /// The rota assignment's id: the event's UID, stable across fetches and changes.
    var id: UUID
    var clinicName: String
    var session: String
    var modes: [ConsultationMode]
    var start: Date
    var end: Date
    var created: Date
    /// The latest change that touched the session: the assignment's own, or a closure or unavailability that
    /// cancels it.
    var lastModified: Date
    /// The session will not run (uncovered, its clinic closed that day, or its doctor away).
    var cancelled: Bool
}

/// A doctor's sessions in every clinic as an iCalendar feed (RFC 5545) that a phone subscribes to: one VEVENT per
/// rota assignment, times in UTC, a session no longer held as `STATUS:CANCELLED` (so a subscribed calendar updates
/// the event rather than keeping a stale one).
enum DoctorCalendar {
    static let productId = "-//clinic//doctor calendar//EN"
    /// How often a subscribed client should fetch again (RFC 7986 and the older Microsoft property).
    static let refreshInterval = "PT1H"

    static func render(doctorName: String, sessions: [CalendarSession], now: Date, language: Language) -> [UInt8] {
        var ics = ICalendarWriter()
        ics.raw("BEGIN", "VCALENDAR")
        ics.raw("VERSION", "2.0")
        ics.text("PRODID", productId)
        ics.raw("CALSCALE", "GREGORIAN")
        ics.raw("METHOD", "PUBLISH")
        ics.text("X-WR-CALNAME", Labels.calendarName(doctorName)(language))
        ics.raw("REFRESH-INTERVAL;VALUE=DURATION", refreshInterval)
        ics.raw("X-PUBLISHED-TTL", refreshInterval)
        for session in sessions { event(session, now: now, language: language, into: &ics) }
        ics.raw("END", "VCALENDAR")
        return ics.bytes
    }

    /// The UID of an assignment's event: the same in every fetch, whatever changes.
    static func uid(_ assignmentId: UUID) -> String { "rota-" + UUIDText.lower(assignmentId) + "@clinic" }

    /// SEQUENCE: seconds from the session's creation to its last change, so it grows with every change.
    static func sequence(_ session: CalendarSession) -> Int {
        let seconds = session.lastModified.timeIntervalSince(session.created)
        return seconds.isFinite ? Int(min(max(seconds, 0), Double(Int32.max))) : 0
    }

    private static func event(
        _ session: CalendarSession, now: Date, language: Language, into ics: inout ICalendarWriter
    ) {
        let title = session.clinicName + " · " + session.session
        let modes = session.modes.map { Labels.mode($0)(language) }.joined(separator: ", ")
        ics.raw("BEGIN", "VEVENT")
        ics.text("UID", uid(session.id))
        ics.dateTime("DTSTAMP", now)
        ics.dateTime("CREATED", session.created)
        ics.dateTime("LAST-MODIFIED", session.lastModified)
        ics.raw("SEQUENCE", String(sequence(session)))
        ics.dateTime("DTSTART", session.start)
        ics.dateTime("DTEND", session.end)
        ics.text("SUMMARY", session.cancelled ? Labels.cancelled(language) + ": " + title : title)
        ics.text("LOCATION", session.clinicName)
        ics.text("DESCRIPTION", Labels.modes(language) + ": " + modes)
        ics.raw("STATUS", session.cancelled ? "CANCELLED" : "CONFIRMED")
        ics.raw("TRANSP", session.cancelled ? "TRANSPARENT" : "OPAQUE")
        ics.raw("END", "VEVENT")
    }

    /// The feed's words in the three languages.
    enum Labels {
        static func calendarName(_ doctor: String) -> Words {
            Words("\(doctor) · ལས་ཐོ།", "\(doctor) · 出诊排班", "\(doctor) · clinic sessions")
        }
        static let modes = Words("བྱ་ཐབས།", "方式", "Modes")
        static let cancelled = Words("མེད་པར་བཟོས།", "已取消", "Cancelled")

        static func mode(_ mode: ConsultationMode) -> Words {
            switch mode {
            case .onsite: Words("སྨན་ཁང་དུ།", "到诊", "on site")
            case .remote: Words("རྒྱང་རིང་།", "远程", "remote")
            case .home: Words("ཁྱིམ་དུ་བཅར་བ།", "上门", "home visit")
            }
        }
    }
}
