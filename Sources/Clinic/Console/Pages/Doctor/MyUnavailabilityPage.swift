import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// `/console/rota/unavailability`: a doctor says when they cannot come (`POST /v1/doctors/{own id}/unavailability`),
/// first seeing the bookings that would be displaced (`DisplacementPreview`), and sees their periods. The front desk
/// rebooks the displaced residents.
enum MyUnavailabilityPage {
    static let path = "/console/rota/unavailability"
    static let title = Words("ངའི་ཁོམ་མེད་དུས་ཚོད།", "我不能出诊的时间", "When I cannot come")
    static let link = Words(
        "ཁོམ་མེད་དུས་ཚོད་ཐོ་འགོད།", "登记不能出诊的时间", "Record when you cannot come")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, path, access: .roles([.doctor])) { context in
                try await render(context, console, period: DisplacementPreview.typed(context, ["from", "to", "reason"]), problem: nil)
            },
            Route.page(.post, path, access: .roles([.doctor])) { context in
                let period = UnavailabilityForm.period(context.form)
                return try await UnavailabilityForm.submit(
                    context, console.api(context), doctorId: try ownId(context), action: path,
                    back: ConsoleAPI.target(path, period.map { ($0.key, $0.value) }),
                    recorded: { made in
                        ConsoleResponse.redirect(
                            path + "?done=recorded&displaced=\(made["displacedAppointments"].array.count)")
                    },
                    refused: { period, problem in try await render(context, console, period: period, problem: problem) })
            },
        ]
    }

    static func ownId(_ context: RequestContext) throws -> String {
        guard let id = try context.user.doctorId else { throw APIError.forbidden("no doctor record") }
        return UUIDText.lower(id)
    }

    static func render(
        _ context: RequestContext, _ console: ConsoleServices, period: [String: String], problem: ConsoleAPI.Problem?
    ) async throws -> HTTPResponse {
        let api = console.api(context)
        let doctorId = try ownId(context)
        let section = try await UnavailabilityForm.section(
            context, api, doctorId: doctorId, period: period, problem: problem, action: path)
        var notice: Markup = .empty
        if context.request.query["done"] == "recorded" {
            let count = Int(context.request.query["displaced"] ?? "") ?? 0
            let text =
                count > 0
                ? context.t(DisplacedWords.displacedForDesk) + ": \(count)" : context.t(DoctorPage.recorded)
            notice = DisplacedPage.alert(text, ok: true)
        }
        let body: Markup = """
            \(notice)
            <p><a href="/console/rota">\(context.t(RotaPage.mine))</a></p>
            \(section)
            """
        return ConsoleLayout.page(
            context, title: context.t(title), status: problem.map { AdminForms.status($0) } ?? .ok, body)
    }
}
