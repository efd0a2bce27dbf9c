import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// `/console/residents/{id}/health-file`: the health file as `GET /v1/residents/{id}/health-file` returns it to
/// the reader's role (for staff the API leaves out what doctors wrote, so this page cannot show it).
enum HealthFilePage {
    static let problems = Words("ནད་ཀྱི་ཐོ།", "问题列表", "Problems")
    static let medications = Words("བཟའ་བཞིན་པའི་སྨན།", "用药", "Medications")
    static let allergies = Words("ཕོག་ཐེབས།", "过敏", "Allergies")
    static let latestVitals = Words("ཉེ་ཆར་གྱི་གསོན་རྟགས།", "最近生命体征", "Latest vital signs")
    static let vitalsHistory = Words("གསོན་རྟགས་ཀྱི་ལོ་རྒྱུས།", "生命体征记录", "Vital signs history")
    static let assessments = Words("ཚོད་དཔག", "评估", "Assessments")
    static let consultations = Words("བརྟག་དཔྱད།", "诊疗记录", "Consultations")
    static let followUpsDue = Words("རྗེས་བཅར་དགོས་པ།", "待随访", "Follow-ups due")
    static let assessmentSaved = Words("ཚོད་དཔག་ཉར་ཚགས་ཟིན།", "评估已保存。", "Assessment saved.")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/residents/{id}/health-file", access: .roles([.doctor, .admin, .staff])) {
                context in try await render(context, console, entry: nil)
            }
        ] + HealthFileEntryForms.routes(console)
    }

    /// The page; `entry` is a small form sent back with the API's errors (everything else as the API has it).
    static func render(
        _ context: RequestContext, _ console: ConsoleServices, entry: HealthFileEntryForms.Sent?
    ) async throws -> HTTPResponse {
        let id = try context.pathID().uuidString
        let api = console.api(context)
        let user = try context.user
        let resident = try await api.get("/v1/residents/\(id)")
        let file = try await api.get("/v1/residents/\(id)/health-file")
        var links: [Markup] = []
        if user.role == .doctor {
            let label = context.t(ClinicalWords.newConsultation)
            let target = "/console/consultations/new?residentId=" + id
            links.append("<a class=\"button\" href=\"\(target)\">\(label)</a>")
        }
        if user.role != .admin {
            let label = context.t(ClinicalWords.newAssessment)
            let target = "/console/residents/" + id + "/assessments/new"
            links.append("<a class=\"button secondary\" href=\"\(target)\">\(label)</a>")
        }
        let body: Markup = """
            \(notice(context, file))
            <p class="card">\(NameDisplay.markup(resident["names"], context.language)) · \
            \(ConsoleDates.date(resident["birthDate"].text, context.language))\
            \(LocalDate(resident["birthDate"].text).map {
                " · " + context.t(CommonWords.age($0.age(on: ClinicTime.today(context.timeZone))))
            } ?? "")</p>
            <div class="actions">\(links)</div>
            \(user.role == .staff ? Markup.empty : HealthFileEntryForms.markup(context, residentId: id, sent: entry))
            \(list(context, problems, file["problems"]) {
                        ($0["code"].string.map { $0 + " " } ?? "") + $0["text"].text + " ("
                            + context.t(ValueWords.problemStatus($0["status"].text)) + ")"
                    })
            \(list(context, medications, file["medications"]) { "\($0["name"].text) \($0["dose"].text)" })
            \(list(context, allergies, file["allergies"]) {
                        [$0["substance"].text, $0["reaction"].text]
                            .filter { !$0.isEmpty }.joined(separator: " · ")
                            + ($0["severity"].string.map {
                                " (" + context.t(ValueWords.allergySeverity($0)) + ")"
                            } ?? "")
                    })
            \(list(context, vitalsHistory, file["vitalsHistory"]) { vitals($0, context) })
            \(list(context, assessments, file["assessments"]) { entry in
                        "\(ConsoleDates.day(entry["takenAt"].text, context.language)) · "
                            + ClinicalWords.word(ClinicalWords.assessmentKinds, entry["kind"].text, context) + " · "
                            + context.t(ClinicalWords.score) + " \(entry["score"].text) · "
                            + ClinicalWords.word(ClinicalWords.bands, entry["band"].text, context)
                    })
            \(consultationList(context, file["consultations"]))
            \(list(context, followUpsDue, file["followUpsDue"]) { entry in
                        ConsoleDates.date(entry["dueDate"].text, context.language) + " · "
                            + context.t(ValueWords.mode(entry["mode"].text))
                            + (entry["note"].string.map { " · " + $0 } ?? "")
                    })
            """
        return ConsoleLayout.page(
            context,
            title: context.t(ClinicalWords.healthFile) + " · "
                + NameDisplay.text(resident["names"], context.language),
            status: entry == nil ? .ok : HTTPStatus(code: 422), body)
    }

    /// After an assessment: its score and band, read from the health file the API returned.
    private static func notice(_ context: RequestContext, _ file: JSONValue) -> Markup {
        guard context.request.query["done"] == "assessment" else { return .empty }
        let id = context.request.query["assessmentId"]
        guard let saved = file["assessments"].array.first(where: { $0["id"].string == id }) else {
            return "<div class=\"alert ok\" role=\"status\">\(context.t(assessmentSaved))</div>"
        }
        return """
            <div class="alert ok" role="status" id="assessment-result">\(context.t(assessmentSaved)) \
            \(ClinicalWords.word(ClinicalWords.assessmentKinds, saved["kind"].text, context)): \
            \(context.t(ClinicalWords.score)) <strong id="assessment-score">\(saved["score"].text)</strong> · \
            \(context.t(ClinicalWords.band)) <strong id="assessment-band" data-band="\(saved["band"].text)">\
            \(ClinicalWords.word(ClinicalWords.bands, saved["band"].text, context))</strong></div>
            """
    }

    private static func vitals(_ entry: JSONValue, _ context: RequestContext) -> String {
        let measures = ClinicalWords.vitals.compactMap { name, words -> String? in
            entry[name] == .null ? nil : context.t(words) + " " + entry[name].text
        }
        return ConsoleDates.day(entry["takenAt"].text, context.language) + " "
            + ConsoleDates.time(entry["takenAt"].text)
            + " · " + measures.joined(separator: ", ")
    }

    private static func list(
        _ context: RequestContext, _ heading: Words, _ items: JSONValue, _ line: (JSONValue) -> String
    ) -> Markup {
        let entries = items.array.map { "<li>\(line($0))</li>" as Markup }
        return """
            <section class="card"><h2>\(context.t(heading))</h2>\
            \(entries.isEmpty ? noneMarkup(context) : "<ul>\(entries)</ul>")</section>
            """
    }

    private static func consultationList(_ context: RequestContext, _ items: JSONValue) -> Markup {
        let entries = items.array.map { item -> Markup in
            let status = item["signed"].bool == true ? ClinicalWords.signed : ClinicalWords.draft
            let summary = item["notes"]["assessment"].string.map { " · " + $0 } ?? ""
            return """
                <li><a href="/console/consultations/\(item["id"].text)">\
                \(ConsoleDates.day(item["startedAt"].text, context.language)) \
                \(ConsoleDates.time(item["startedAt"].text))</a> · \
                \(context.t(ValueWords.mode(item["mode"].text))) · \(item["doctorName"].text) · \
                \(context.t(status))\(summary)</li>
                """
        }
        return """
            <section class="card"><h2>\(context.t(consultations))</h2>\
            \(entries.isEmpty ? noneMarkup(context) : "<ul>\(entries)</ul>")</section>
            """
    }

    private static func noneMarkup(_ context: RequestContext) -> Markup {
        "<p class=\"muted\">\(context.t(ClinicalWords.none))</p>"
    }
}
