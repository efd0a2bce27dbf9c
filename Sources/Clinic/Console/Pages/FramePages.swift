import ClinicDomain
import ClinicHTTP
import Foundation

/// The console's entrance and plumbing: `/` and `/console` lead in, the language switch, the stylesheet and script.
enum FramePages {
    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/", access: .anyone) { _ in ConsoleResponse.redirect("/console/") },
            Route.page(.get, "/console", access: .anyone) { _ in ConsoleResponse.redirect("/console/") },
            Route.page(.get, "/console/language", access: .anyone) { context in
                guard let language = context.request.query["to"].flatMap(Language.init(rawValue:)) else {
                    throw APIError.notFound()
                }
                var headers = HTTPHeaders()
                headers.add(
                    "Set-Cookie",
                    ConsoleCookie.header(
                        ConsoleCookie.language, language.rawValue, secure: console.secureCookies, maxAge: 400 * 86_400))
                return ConsoleResponse.redirect(
                    ConsoleResponse.safeNext(context.request.query["next"]), headers: headers)
            },
            // A county admin's health room: kept in a cookie; every page then shows and creates in it.
            Route.page(.get, "/console/clinic", access: .roles([.countyAdmin])) { context in
                let picked = context.request.query["clinicId"] ?? ""
                guard picked.isEmpty || context.session?.clinics?.options.contains(where: {
                    $0.id == UUID(uuidString: picked)
                }) == true else { throw APIError.notFound() }
                var headers = HTTPHeaders()
                headers.add(
                    "Set-Cookie",
                    ConsoleCookie.header(
                        ConsoleCookie.clinic, picked, secure: console.secureCookies, maxAge: picked.isEmpty ? 0 : nil))
                return ConsoleResponse.redirect(
                    ConsoleResponse.safeNext(context.request.query["next"]), headers: headers)
            },
            Route.page(.get, "/console/assets/{version}/console.css", access: .anyone) { context in
                try ConsoleAssets.response(context, contentType: "text/css; charset=utf-8", ConsoleStyle.css)
            },
            Route.page(.get, "/console/assets/{version}/console.js", access: .anyone) { context in
                try ConsoleAssets.response(context, contentType: "text/javascript; charset=utf-8", ConsoleScript.js)
            },
        ]
    }
}
