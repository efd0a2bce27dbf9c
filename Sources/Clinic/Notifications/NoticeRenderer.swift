import ClinicDomain
import ClinicSupport
import Foundation

/// Writes a notice's text from the templates, when it is read or sent: the instants in the clinic's zone, in the
/// notice's language. Text is never stored, so a corrected template applies to every notice not yet sent.
final class NoticeRenderer: Sendable {
    let templates: NoticeTemplates
    private let zones = LockedValue<[String: TimeZone]>([:])

    init(templates: NoticeTemplates) { self.templates = templates }

    func zone(_ identifier: String) -> TimeZone {
        if let known = zones.value[identifier] { return known }
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        zones.withValue { $0[identifier] = zone }
        return zone
    }

    func notice(_ record: NotificationRecord) -> ResidentNotice {
        ResidentNotice(
            id: record.id, clinicId: record.clinicId, residentId: record.residentId,
            residentNames: record.residentNames, appointmentId: record.appointmentId, kind: record.kind,
            language: record.language,
            recipient: ResidentNotice.Recipient(
                name: record.recipientName, phone: record.recipientPhone, relation: record.recipientRelation),
            text: text(record), status: record.status, reason: record.status == .failed ? record.reason : nil,
            attempts: record.attempts, createdAt: record.createdAt, sentAt: record.sentAt)
    }

    func text(_ record: NotificationRecord) -> String {
        let wording = templates[record.language]
        let zone = zone(record.timeZone)
        let clinic = ["clinic": record.clinicName]
        var values = clinic
        values["resident"] = record.residentName ?? ""
        values["doctor"] = record.doctorName ?? ""
        if let mode = record.mode {
            values["mode"] = wording.modes[mode]?.render(clinic)
            values["place"] = wording.places[mode]?.render(clinic)
        }
        if let start = record.startsAt {
            values["date"] = date(start, zone, wording)
            values["time"] = wording.digits(LocalTime(start, in: zone).description)
        }
        if let end = record.endsAt { values["endTime"] = wording.digits(LocalTime(end, in: zone).description) }
        if let previous = record.previousStartsAt {
            values["previousDate"] = date(previous, zone, wording)
            values["previousTime"] = wording.digits(LocalTime(previous, in: zone).description)
        }
        return wording.texts[record.kind]?.render(values) ?? ""
    }

    func date(_ instant: Date, _ zone: TimeZone, _ wording: NoticeWording) -> String {
        let day = LocalDate(instant, in: zone)
        return wording.date.render([
            "weekday": wording.weekdays[day.isoWeekday - 1], "day": wording.digits(String(day.day)),
            "month": wording.digits(String(day.month)),
            "monthName": wording.months.isEmpty ? "" : wording.months[day.month - 1],
            "year": wording.digits(String(day.year)),
        ])
    }
}
