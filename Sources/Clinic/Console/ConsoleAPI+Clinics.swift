extension ConsoleAPI {
    /// The names of the health rooms the caller may see, by id (`GET /v1/clinics`). A page that lists work in
    /// several rooms (a visiting doctor's day and rota) names each row's room when there is more than one.
    func clinicNames() async throws(Problem) -> [String: String] {
        var names: [String: String] = [:]
        for clinic in try await get("/v1/clinics")["items"].array { names[clinic["id"].text] = clinic["name"].text }
        return names
    }
}
