import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Booking at the front desk: choose a resident, pick the week and the filters, book a free slot. The booking is
/// `POST /v1/appointments` in process, so its rules (full, past, green channel, overlap, idempotency) are the API's.
enum BookingPage {
    static let desk: Access = .roles([.staff, .admin])

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/book", access: desk) { context in
                try await render(context, console, query: context.request.query, attempt: nil)
            },
            Route.page(.post, "/console/appointments", access: desk) { context in
                try await book(context, console)
            },
            Route.page(.get, "/console/appointments/{id}", access: .signedIn) { context in
                try await AppointmentPage.render(context, console)
            },
            Route.page(.get, "/console/appointments/{id}/reschedule", access: desk) { context in
                try await ReschedulePage.render(context, console, query: context.request.query, attempt: nil)
            },
            Route.page(.post, "/console/appointments/{id}/reschedule", access: desk) { context in
                try await ReschedulePage.move(context, console)
            },
        ]
    }

    /// A booking or move the API refused: what was typed, and the problem.
    struct Attempt: Sendable {
        var reason: String?
        var interpreter: String?
        var problem: ConsoleAPI.Problem
    }

    /// `POST /console/appointments`: 303 to the new appointment, or the booking page again with the refusal. The
    /// week's one form sends the slot its pressed button names (`slot`: the slot's id and mode), and the page's
    /// idempotency key, made the slot's own (a double click on one button books once; another button is another
    /// booking).
    static func book(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let form = context.form
        let chosen = (form["slot"] ?? "").split(separator: " ", maxSplits: 1).map(String.init)
        let slotId = chosen.first ?? ""
        let reason = form["reason"].flatMap { $0.isEmpty ? nil : $0 }
        let interpreter = form["interpreter"].flatMap { $0.isEmpty ? nil : $0 }
        var body: [String: JSONValue] = [
            "slotId": .string(slotId), "residentId": .string(form["residentId"] ?? ""),
            "mode": .string(chosen.count > 1 ? chosen[1] : ""),
        ]
        if let reason { body["reason"] = .string(reason) }
        if let interpreter { body["interpreter"] = .string(interpreter) }
        // A doctor request's booking (the green channel) carries its request in the page's view.
        if let request = (try? QueryParameters(parsing: form["view"] ?? ""))?["requestId"], !request.isEmpty {
            body["requestId"] = .string(request)
        }
        let key = form["idempotencyKey"].flatMap { $0.isEmpty ? nil : $0 + "/" + slotId }
        let outcome = await callWaitingForTwin(
            console.api(context), .post, "/v1/appointments", json: .object(body), idempotencyKey: key)
        switch outcome {
        case .success(let booked):
            return ConsoleResponse.redirect(
                "/console/appointments/\(ConsoleAPI.encode(booked["id"].text))?done=booked")
        case .failure(let problem) where [400, 409, 422].contains(problem.status):
            var view = (try? QueryParameters(parsing: form["view"] ?? "")) ?? QueryParameters()
            if view["residentId"] == nil, let resident = form["residentId"] {
                view = QueryParameters([("residentId", resident)] + view.map { ($0.name, $0.value) })
            }
            let attempt = Attempt(reason: reason, interpreter: interpreter, problem: problem)
            return try await render(context, console, query: view, attempt: attempt)
        case .failure(let problem):
            throw problem
        }
    }

    /// Calls the API; while a twin request with the same `Idempotency-Key` (a double click) is still running,
    /// waits for it and takes its answer, so a double click lands on the booking it made.
    static func callWaitingForTwin(
        _ api: ConsoleAPI, _ method: HTTPMethod, _ target: String, json: JSONValue, idempotencyKey: String?
    ) async -> Result<JSONValue, ConsoleAPI.Problem> {
        var tries = 0
        while true {
            let outcome = await api.outcome(method, target, json: json, idempotencyKey: idempotencyKey)
            guard case .failure(let problem) = outcome, problem.type.hasSuffix(":idempotency-in-progress"),
                idempotencyKey != nil, tries < 30
            else { return outcome }
            tries += 1
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// The booking page: the resident search, or the chosen resident and the week's slots in one book form.
    static func render(
        _ context: RequestContext, _ console: ConsoleServices, query: QueryParameters, attempt: Attempt?
    ) async throws -> HTTPResponse {
        let language = context.language
        let api = console.api(context)
        guard let residentId = query["residentId"], !residentId.isEmpty else {
            return try await search(context, api, query: query, attempt: attempt)
        }
        let resident = try await api.get("/v1/residents/\(ConsoleAPI.encode(residentId))")
        let today = LocalDate(Date(), in: context.timeZone)
        let week = SlotWeek(query, today: today)
        let loaded = try await week.load(api)
        let requestId = query["requestId"].flatMap { $0.isEmpty ? nil : $0 }
        let carried = [("residentId", residentId)] + (requestId.map { [("requestId", $0)] } ?? [])
        let view = ConsoleAPI.target("", week.query(carried)).dropFirst()
        let interpreters = Array(Set(resident["languages"].array.map(\.text) + ["bo", "zh"])).sorted()
        let table = week.table(context, loaded, actionHeader: BookingWords.bookButton) { slot in
            guard SlotWeek.isOpen(slot) else { return SlotWeek.closedReason(slot, language) }
            return bookButton(slot, language)
        }
        let slots =
            loaded.slots.contains { SlotWeek.isOpen($0) }
            ? bookingForm(
                context, table, residentId: residentId, view: String(view), interpreters: interpreters,
                attempt: attempt)
            : table
        let languages = resident["languages"].array.map { BookingWords.languageName($0.text) }
        let priority: Markup =
            resident["flags"].array.isEmpty && requestId == nil
            ? .empty : " <span class=\"badge priority\">\(BookingWords.priorityResident(language))</span>"
        let body: Markup = """
            \(attemptNotice(context, attempt))
            <section class="card" aria-labelledby="resident-heading">
            <h2 id="resident-heading">\(BookingWords.resident(language))</h2>
            <p id="book-resident">\(NameDisplay.markup(resident["names"], language))\(priority)</p>
            <p class="muted">\(BookingWords.birthDate(language)): \(ConsoleDates.date(resident["birthDate"].text, language)) · \(BookingWords.languages(language)): \(languages.joined(separator: ", "))</p>
            <p><a href="/console/book">\(BookingWords.otherResident(language))</a></p>
            </section>
            <h2>\(BookingWords.slots(language))</h2>
            \(week.controls(context, path: "/console/book", hidden: carried, loaded))
            \(slots)
            """
        let status = attempt.map { HTTPStatus(code: $0.problem.status == 409 ? 409 : 422) }
            ?? (week.badWeek != nil || loaded.problem != nil ? .badRequest : .ok)
        return ConsoleLayout.page(context, title: context.t(BookingWords.book), status: status, body)
    }

    /// A refused booking or move, above the page: the conflict in words, or the fields to fix.
    static func attemptNotice(_ context: RequestContext, _ attempt: Attempt?) -> Markup {
        guard let attempt else { return .empty }
        let problem = attempt.problem
        if let words = BookingWords.conflict(problem) {
            return "<div class=\"alert error\" role=\"alert\" id=\"booking-problem\">\(context.t(words))</div>"
        }
        guard !problem.errors.isEmpty else {
            return """
                <div class="alert error" role="alert" id="booking-problem">\(problem.detail ?? problem.title)</div>
                """
        }
        let items = problem.errors.map { error -> Markup in
            let id = ConsoleForm.fieldID(error.field)
            let label = fieldLabels[error.field].map { context.t($0) } ?? error.field
            return "<li><a href=\"#\(id)\">\(label)</a>: \(error.message)</li>"
        }
        return """
            <div class="alert error" role="alert" id="booking-problem"><p>\(CommonWords.fixTheFields(context.language))</p><ul>\(items)</ul></div>
            """
    }

    static let fieldLabels: [String: Words] = [
        "reason": BookingWords.reason, "interpreter": BookingWords.interpreter, "slotId": BookingWords.slots,
        "mode": BookingWords.mode, "residentId": BookingWords.resident,
    ]

    /// The week's one book form around its table (`SlotWeek.pickForm`): hidden resident, view and a fresh
    /// idempotency key, the reason and interpreter language typed once above the slots, a book button in each free
    /// slot's row (`bookButton`).
    static func bookingForm(
        _ context: RequestContext, _ table: Markup, residentId: String, view: String, interpreters: [String],
        attempt: Attempt?
    ) -> Markup {
        let language = context.language
        let options = ([("", BookingWords.none(language))] + interpreters.map { ($0, BookingWords.languageName($0)) })
            .map { (value: $0.0, label: $0.1) }
        let fields: Markup = """
            <input type="hidden" name="residentId" value="\(residentId)">
            <input type="hidden" name="idempotencyKey" value="\(UUID.random().uuidString)">
            <div class="row">
            \(ConsoleForm.input(
                "reason", label: BookingWords.reason(language), value: attempt?.reason,
                error: attempt?.problem.message(for: "reason"),
                attributes: "maxlength=\"\(TextRules.reasonMaximum)\""))
            \(ConsoleForm.select(
                "interpreter", label: BookingWords.interpreter(language), options: options,
                selected: attempt?.interpreter ?? "", error: attempt?.problem.message(for: "interpreter")))
            </div>
            """
        return SlotWeek.pickForm(
            context, id: "book-form", action: "/console/appointments", view: view, fields: fields, table: table)
    }

    /// A free slot's button in the week's book form: it sends the slot's id and mode.
    static func bookButton(_ slot: JSONValue, _ language: Language) -> Markup {
        SlotWeek.slotButton(
            name: "slot", value: "\(slot["id"].text) \(slot["mode"].text)", class: "book-slot",
            label: BookingWords.bookButton(language))
    }

    /// No resident chosen yet: the search (form `book-resident-search`) and its results, each a link back here.
    static func search(
        _ context: RequestContext, _ api: ConsoleAPI, query: QueryParameters, attempt: Attempt? = nil
    ) async throws -> HTTPResponse {
        let language = context.language
        let q = query["q"] ?? ""
        var results: Markup = .empty
        var error: String?
        if !q.isEmpty {
            switch await api.outcome(.get, ConsoleAPI.target("/v1/residents", [("q", q), ("limit", "20")])) {
            case .success(let found):
                let items = found["items"].array.map { resident -> Markup in
                    let target = ConsoleAPI.target("/console/book", [("residentId", resident["id"].text)])
                    return """
                        <li><a href="\(target)">\(NameDisplay.markup(resident["names"], language))</a> <span class="muted">\(ConsoleDates.date(resident["birthDate"].text, language))</span></li>
                        """
                }
                results =
                    items.isEmpty
                    ? "<p class=\"muted\">\(BookingWords.noResidentFound(language))</p>"
                    : "<ul id=\"book-resident-results\">\(items)</ul>"
            case .failure(let problem) where problem.status == 400:
                error = problem.message(for: "q") ?? problem.detail
            case .failure(let problem):
                throw problem
            }
        }
        let body: Markup = """
            \(attemptNotice(context, attempt))
            <h2>\(BookingWords.chooseResident(language))</h2>
            <form id="book-resident-search" method="get" action="/console/book" class="card" role="search">
            \(ConsoleForm.input(
                "q", label: BookingWords.findResident(language), value: q, type: "search", error: error,
                hint: BookingWords.searchHint(language), attributes: "maxlength=\"200\" autocomplete=\"off\""))
            <button type="submit">\(CommonWords.search(language))</button>
            </form>
            \(results)
            """
        return ConsoleLayout.page(
            context, title: context.t(BookingWords.book),
            status: attempt.map { HTTPStatus(code: $0.problem.status) } ?? (error == nil ? .ok : .badRequest), body)
    }
}
