extension ConsoleAPI {
    /// The names of the health rooms the caller may see, by id (`GET /v1/clinics`), when there are several; nil for a
    /// caller who sees one. A page that lists work in several rooms (a visiting doctor's day and rota) then names
    /// each row's room.
    func roomNames() async throws(Problem) -> [String: String]? {
        let clinics = try await get("/v1/clinics")["items"].array
        guard clinics.count > 1 else { return nil }
        var names: [String: String] = [:]
        for clinic in clinics { names[clinic["id"].text] = clinic["name"].text }
        return names
    }

    /// The column heading of a row's health room, for the pages `roomNames` names rooms on.
    static func roomHeading(_ context: RequestContext) -> Markup {
        "<th scope=\"col\">\(context.t(CommonWords.healthRoom))</th>"
    }
}
