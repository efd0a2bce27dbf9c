import ClinicDomain
import ClinicHTTP
import ClinicSupport

/// `/console/exports`: the county CSV of health files. The form's filters go to the API's streamed CSV, which the
/// console passes on as it comes (a stream stays a stream); a refusal (a bad filter, the export cap's 429) comes
/// back as a page, never as a download that looks whole.
enum ExportPages {
    static let title = Words("འཕྲོད་བསྟེན་ཡིག་ཆ་ཕྱིར་འདོན།", "导出健康档案", "Export health files")
    static let intro = Words(
        "ཆ་རྐྱེན་འདེམས་ནས་ CSV ཡིག་ཆ་ཕབ་ལེན་གནང་། སྟོང་པ་བཞག་ན་ཚང་མ་ཚུད།", "选择条件后下载 CSV 文件；留空表示全部。",
        "Choose the filters and download a CSV file; leave them blank for everyone.")
    static let minAge = Words("ལོ་ཚད་ཉུང་མཐའ།", "最低年龄", "Minimum age")
    static let problemLabel = Words("ནད་རིགས།", "健康问题", "Problem")
    static let problemHint = Words(
        "དཔེར་ན། hypertension, type2Diabetes ཡང་ན་ ICD-10 ཨང་རྟགས། I10",
        "例如 hypertension、type2Diabetes 或 ICD-10 编码 I10",
        "For example hypertension, type2Diabetes or an ICD-10 code like I10")
    static let forExcel = Words("Excel ཆེད་དུ།", "用于 Excel（带 BOM）", "For Excel (with a byte-order mark)")
    static let download = Words("CSV ཕབ་ལེན།", "下载 CSV", "Download CSV")

    static func routes(_ console: ConsoleServices) -> [Route] {
        let exporters = Access.roles([.staff, .admin])
        return [
            Route.page(.get, "/console/exports", access: exporters) { context in form(context) },
            Route.page(.get, "/console/exports/health-files.csv", access: exporters) { context in
                let query = context.request.query
                let target = ConsoleAPI.target(
                    "/v1/exports/health-files.csv",
                    ["minAge", "grid", "problem", "flag", "bom"].map { ($0, query[$0]) })
                let answer = await console.api(context).send(.get, target, accept: "text/csv")
                if answer.status.code == 400 || answer.status.code == 422 {
                    return form(context, problem: answer)
                }
                return ConsolePassThrough.response(context, answer)
            },
        ]
    }

    /// The filter form, with the API's field errors beside the fields and the values kept.
    static func form(_ context: RequestContext, problem answer: HTTPResponse? = nil) -> HTTPResponse {
        let language = context.language
        let query = context.request.query
        let body = answer?.body.fixedBytes ?? []
        let problem = (try? JSONValue(parsing: body)) ?? .null
        let errors = problem["errors"].array.map { FieldError(field: $0["field"].text, message: $0["message"].text) }
        func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
        let flagOptions =
            [("", context.t(ResidentWords.anyFlag))]
            + ResidentForm.flagValues.map { ($0, ResidentWords.label(ResidentWords.flagNames, $0, language)) }
        let bom = query["bom"] == "1" ? Markup(raw: " checked") : .empty
        let page: Markup = """
            \(ConsoleForm.errorSummary(context, errors, labels: [
                "minAge": context.t(minAge), "grid": context.t(ResidentWords.grid), "problem": context.t(problemLabel),
                "flag": context.t(ResidentWords.flag),
            ]))
            <p>\(context.t(intro))</p>
            <form method="get" action="/console/exports/health-files.csv" id="export-form" class="card">
            <div class="row">
            \(ConsoleForm.input("minAge", label: context.t(minAge), value: query["minAge"], type: "number",
                error: error("minAge"), attributes: "min=\"0\" max=\"150\" inputmode=\"numeric\""))
            \(ConsoleForm.input("grid", label: context.t(ResidentWords.grid), value: query["grid"], error: error("grid"),
                attributes: "maxlength=\"100\""))
            </div>
            <div class="row">
            \(ConsoleForm.input("problem", label: context.t(problemLabel), value: query["problem"], error: error("problem"),
                hint: context.t(problemHint), attributes: "maxlength=\"100\""))
            \(ConsoleForm.select("flag", label: context.t(ResidentWords.flag), options: flagOptions,
                selected: query["flag"], error: error("flag")))
            </div>
            <p><label class="check" for="f-bom"><input type="checkbox" id="f-bom" name="bom" value="1"\(bom)> \(context.t(forExcel))</label></p>
            <div class="actions"><button type="submit" id="export-download">\(context.t(download))</button></div>
            </form>
            """
        let status: HTTPStatus = answer.map { $0.status } ?? .ok
        return ConsoleLayout.page(context, title: context.t(title), status: status, page)
    }
}
