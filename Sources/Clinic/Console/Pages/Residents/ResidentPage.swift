import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/residents/{id}`: one resident's details (the ID number masked, as the API gives it), their appointments
/// and consultations (staff get no notes: the page shows what the API returns), and the ways on: edit, book,
/// walk-in, health file, the printable summary (passed through from the API).
enum ResidentPage {
    static func routes(_ console: ConsoleServices) -> [Route] {
        let readers = Access.roles([.staff, .admin, .doctor])
        return [
            Route.page(.get, "/console/residents/{id}", access: readers) { context in
                try await render(context, console)
            },
            Route.page(.get, "/console/residents/{id}/summary/print", access: readers) { context in
                let id = try context.pathID()
                let answer = await console.api(context).send(
                    .get, "/v1/residents/\(id)/summary", accept: "text/html")
                return ConsolePassThrough.response(context, answer)
            },
        ]
    }

    static func render(_ context: RequestContext, _ console: ConsoleServices) async throws -> HTTPResponse {
        let id = try context.pathID()
        let api = console.api(context)
        let role = try context.user.role
        let language = context.language
        let resident = try await api.get("/v1/residents/\(id)")
        // A role the API does not show appointments to sees none here either (403 leaves the list out).
        let appointments: JSONValue
        switch await api.result(
            .get, ConsoleAPI.target("/v1/appointments", [("residentId", id.uuidString), ("limit", "100")]))
        {
        case .success(let value): appointments = value
        case .failure(let problem) where problem.status == 403: appointments = .null
        case .failure(let problem): throw problem
        }
        let consultations = try await api.get(
            ConsoleAPI.target("/v1/residents/\(id)/consultations", [("limit", "50")]))
        let doctors = (try? await api.get("/v1/doctors")) ?? .null
        var doctorNames: [String: String] = [:]
        for doctor in doctors["items"].array { doctorNames[doctor["id"].text] = doctor["name"].text }

        let path = "/console/residents/\(UUIDText.lower(id))"
        let query = "?residentId=\(UUIDText.lower(id))"
        var links: [Markup] = []
        if role == .staff || role == .admin {
            links.append(
                "<a class=\"button\" id=\"edit-resident\" href=\"\(path)/edit\">\(context.t(ResidentWords.edit))</a>")
            links.append(
                "<a class=\"button secondary\" id=\"book-for-resident\" href=\"/console/book\(query)\">\(context.t(ResidentWords.book))</a>"
            )
            links.append(
                "<a class=\"button secondary\" id=\"walk-in-for-resident\" href=\"/console/walk-ins\(query)\">\(context.t(ResidentWords.walkIn))</a>"
            )
        }
        if role == .doctor || role == .admin {
            links.append(
                "<a class=\"button secondary\" id=\"health-file\" href=\"\(path)/health-file\">\(context.t(ResidentWords.healthFile))</a>"
            )
        }
        links.append(
            "<a class=\"button secondary\" id=\"print-summary\" href=\"\(path)/summary/print\">\(context.t(ResidentWords.printSummary))</a>"
        )
        let done: Markup =
            switch context.request.query["done"] {
            case "registered": "<div class=\"alert ok\" role=\"status\">\(context.t(ResidentWords.registered))</div>"
            case "saved": "<div class=\"alert ok\" role=\"status\">\(context.t(ResidentWords.saved))</div>"
            default: .empty
            }
        let body: Markup = """
            \(done)
            <div class="actions">\(links.joined(separator: "\n"))</div>
            <h2>\(context.t(ResidentWords.details))</h2>
            \(details(context, resident))
            <h2>\(context.t(ResidentWords.appointments))</h2>
            \(appointmentTable(context, appointments["items"].array, doctorNames))
            <h2>\(context.t(ResidentWords.consultations))</h2>
            \(consultationTable(context, consultations["items"].array))
            \(try await OutreachResidentSection.markup(context, api, residentId: id, resident: resident))
            """
        let title = NameDisplay.text(resident["names"], language)
        return ConsoleLayout.page(context, title: title.isEmpty ? context.t(ResidentWords.details) : title, body)
    }

    private static func details(_ context: RequestContext, _ resident: JSONValue) -> Markup {
        let language = context.language
        let today = LocalDate(Date(), in: context.timeZone)
        let contact = resident["emergencyContact"]
        let contactText = ["name", "relationship", "phone"].map { contact[$0].text }.filter { !$0.isEmpty }
            .joined(separator: " · ")
        let languages = resident["languages"].array.map {
            ResidentWords.label(ResidentWords.languageNames, $0.text, language)
        }
        let rows: [(Words, Markup)] = [
            (ResidentWords.names, NameDisplay.markup(resident["names"], language)),
            (ResidentWords.sex, "\(ResidentWords.label(ResidentWords.sexes, resident["sex"].text, language))"),
            (ResidentWords.birthDate, birthAndAge(resident["birthDate"].text, today: today, language)),
            (ResidentWords.ethnicity, "\(resident["ethnicity"].text)"),
            (ResidentWords.languages, "\(languages.joined(separator: ", "))"),
            (ResidentWords.phone, "\(resident["phone"].text)"),
            (ResidentWords.idNumber, "<span id=\"resident-id-number\">\(resident["idNumber"].text)</span>"),
            (ResidentWords.address, "\(resident["address"].text)"),
            (ResidentWords.grid, "\(resident["grid"].text)"),
            (ResidentWords.household, "\(resident["household"].text)"),
            (ResidentWords.flags, flagBadges(resident["flags"], language)),
            (ResidentWords.emergencyContact, "\(contactText)"),
        ]
        let items = rows.map { words, value -> Markup in
            "<tr><th scope=\"row\">\(context.t(words))</th><td>\(value)</td></tr>"
        }
        return "<div class=\"table-wrap\"><table id=\"resident-details\"><tbody>\(items)</tbody></table></div>"
    }

    private static func appointmentTable(
        _ context: RequestContext, _ items: [JSONValue], _ doctorNames: [String: String]
    ) -> Markup {
        let language = context.language
        guard !items.isEmpty else { return "<p class=\"muted\">\(context.t(ResidentWords.noAppointments))</p>" }
        let rows = items.map { item -> Markup in
            let start = item["start"].text
            return """
                <tr><th scope="row"><a class="appointment-link"
                href="/console/appointments/\(ConsoleAPI.encode(item["id"].text))">\(
                ConsoleDates.day(start, language)) \(ConsoleDates.time(start))</a></th>
                <td>\(ValueWords.mode(item["mode"].text)(language))</td>
                <td>\(doctorNames[item["doctorId"].text] ?? "")</td>
                <td>\(ValueWords.appointmentStatus(item["status"].text)(language))</td></tr>
                """
        }
        return """
            <div class="table-wrap"><table id="resident-appointments">
            \(head(context, [ResidentWords.when, ResidentWords.mode, ResidentWords.doctor, ResidentWords.status]))
            <tbody>\(rows)</tbody></table></div>
            """
    }

    /// Consultations as the API returned them: notes and diagnoses only when the API sent them (doctors, admins).
    private static func consultationTable(_ context: RequestContext, _ items: [JSONValue]) -> Markup {
        let language = context.language
        guard !items.isEmpty else { return "<p class=\"muted\">\(context.t(ResidentWords.noConsultations))</p>" }
        let showsNotes = items.contains { !$0["notes"].isNull || !$0["diagnoses"].isNull }
        let rows = items.map { item -> Markup in
            let started = item["startedAt"].text
            var mode = ValueWords.mode(item["mode"].text)(language)
            if let channel = item["channel"].string {
                mode += " (" + ValueWords.channel(channel)(language) + ")"
            }
            let signed = item["signed"].bool == true ? ResidentWords.signed : ResidentWords.draft
            var notes: Markup = .empty
            if showsNotes {
                let diagnoses = item["diagnoses"].array.map { $0["text"].text }.filter { !$0.isEmpty }
                let assessment = item["notes"]["assessment"].text
                let lines = ([assessment] + diagnoses).filter { !$0.isEmpty }
                notes = "<td>\(lines.joined(separator: " · "))</td>"
            }
            return """
                <tr><th scope="row">\(ConsoleDates.day(started, language)) \(ConsoleDates.time(started))</th>
                <td>\(mode)</td><td>\(item["doctorName"].text)</td><td>\(context.t(signed))</td>\(notes)</tr>
                """
        }
        return """
            <div class="table-wrap"><table id="resident-consultations">
            \(head(context, [ResidentWords.when, ResidentWords.mode, ResidentWords.doctor, ResidentWords.status]
                + (showsNotes ? [ResidentWords.notes] : [])))
            <tbody>\(rows)</tbody></table></div>
            """
    }

    /// A table's head row: one column header per label.
    static func head(_ context: RequestContext, _ columns: [Words]) -> Markup {
        let cells = columns.map { "<th scope=\"col\">\(context.t($0))</th>" as Markup }
        return "<thead><tr>\(cells)</tr></thead>"
    }

    /// `Thu 10 Dec 1950 (76)`: the birth date in the reader's style and the age today.
    static func birthAndAge(_ text: String, today: LocalDate, _ language: Language) -> Markup {
        guard let birth = LocalDate(text) else { return "\(text)" }
        return "\(ConsoleDates.date(birth, language)) (\(birth.age(on: today)))"
    }

    static func flagBadges(_ flags: JSONValue, _ language: Language) -> Markup {
        flags.array.map { flag -> Markup in
            "<span class=\"badge priority\">\(ResidentWords.label(ResidentWords.flagNames, flag.text, language))</span>"
        }.joined(separator: " ")
    }
}
