import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// The line at the top of the today page after a form: what was done (`done=`), or why it was not
/// (`notice=`). Both are fixed codes that pick a sentence; a walk-in's slot and doctor are read again from the
/// API by the appointment's id, so no text from the address is ever shown.
enum TodayNotice {
    static let done: [String: Words] = [
        "checkedIn": TodayWords.checkedInDone, "noShow": TodayWords.noShowDone,
        "completed": TodayWords.completedDone, "cancelled": TodayWords.cancelledDone, "left": TodayWords.leftDone,
    ]
    static let gone = Words(
        "མི་དེ་སྒུག་ཐོའི་ནང་མེད།", "此人已不在队列中。", "That person is no longer in the queue.")

    static func markup(_ context: RequestContext, _ api: ConsoleAPI, doctors: [String: String]) async throws -> Markup {
        let query = context.request.query
        switch query["notice"] {
        case "conflict": return error(context.t(TodayWords.conflict))
        case "gone": return error(context.t(gone))
        default: break
        }
        if let code = query["done"], let words = done[code] { return ok(context.t(words)) }
        switch query["done"] {
        case "walk-in":
            var text = context.t(TodayWords.walkInBooked)
            if let id = query["appointmentId"].flatMap(UUID.init(uuidString:)),
                let appointment = try? await api.get("/v1/appointments/" + id.uuidString)
            {
                text +=
                    " " + ConsoleDates.day(appointment["start"].text, context.language) + " "
                    + ConsoleDates.time(appointment["start"].text) + "–" + ConsoleDates.time(appointment["end"].text)
                    + " · " + (doctors[appointment["doctorId"].text] ?? "")
            }
            return ok(text)
        case "queued":
            let position = query["position"].flatMap { Int($0) }.map { " " + String($0) } ?? ""
            return ok(context.t(TodayWords.walkInQueued) + position)
        default:
            return .empty
        }
    }

    private static func ok(_ text: String) -> Markup {
        "<div class=\"alert ok\" role=\"status\" id=\"notice\">\(text)</div>"
    }

    private static func error(_ text: String) -> Markup {
        "<div class=\"alert error\" role=\"alert\" id=\"notice\">\(text)</div>"
    }
}
