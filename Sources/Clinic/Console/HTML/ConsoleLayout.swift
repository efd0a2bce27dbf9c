import ClinicDomain
import ClinicHTTP

/// The frame of every console page: language, skip link, the role's menu, the language switch, sign-out, and the
/// page's own content in `<main>`. Styles and scripts come from the binary (`ConsoleAssets`), none inline.
enum ConsoleLayout {
    static func page(
        _ context: RequestContext, title: String, status: HTTPStatus = .ok, headers: HTTPHeaders = [:],
        _ content: Markup
    ) -> HTTPResponse {
        let language = context.language
        let html: Markup = """
            <!doctype html>
            <html lang="\(language.tag)">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · \(CommonWords.console(language))</title>
            <link rel="icon" href="\(ConsoleAssets.iconURI)">
            <link rel="stylesheet" href="\(ConsoleAssets.stylePath)">
            <script src="\(ConsoleAssets.scriptPath)" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">\(CommonWords.skipToContent(language))</a>
            \(header(context))
            <main id="main" tabindex="-1">
            <h1>\(title)</h1>
            \(content)
            </main>
            </body>
            </html>
            """
        return HTTPResponse(
            status: status, contentType: "text/html; charset=utf-8", body: Array(html.html.utf8), headers: headers)
    }

    private static func header(_ context: RequestContext) -> Markup {
        let language = context.language
        var menu: Markup = .empty
        var account: Markup = .empty
        if let session = context.session {
            let current = context.request.path
            let items = ConsoleNavigation.entries(for: session.principal.role).map { entry -> Markup in
                let here = entry.path == current || (entry.path != "/console/" && current.hasPrefix(entry.path + "/"))
                return
                    "<li><a href=\"\(entry.path)\"\(here ? Markup(raw: " aria-current=\"page\"") : .empty)>\(entry.words(language))</a></li>"
            }
            menu = """
                <nav aria-label="\(CommonWords.mainMenu(language))"><ul class="menu">\(items)</ul></nav>
                """
            account = """
                <form class="signout" method="post" action="/console/logout">
                \(ConsoleForm.csrfField(context))
                <span class="who">\(session.principal.username)</span>
                <button type="submit">\(CommonWords.signOut(language))</button>
                </form>
                """
        }
        return """
            <header class="top">
            <a class="brand" href="/console/">\(CommonWords.console(language))</a>
            \(menu)
            <div class="tools">\(clinicPicker(context))\(languageSwitch(context))\(account)</div>
            </header>
            """
    }

    /// A county admin's health room: a form that works without script (a GET that only sets the choice and comes
    /// back). Users of one clinic have no picker.
    private static func clinicPicker(_ context: RequestContext) -> Markup {
        guard let choice = context.session?.clinics else { return .empty }
        let language = context.language
        let here = context.request.method == .get ? context.request.target : "/console/"
        var options: [Markup] = [
            "<option value=\"\"\(choice.picked == nil ? Markup(raw: " selected") : .empty)>\(CommonWords.allHealthRooms(language))</option>"
        ]
        for option in choice.options {
            let selected = option.id == choice.picked ? Markup(raw: " selected") : .empty
            options.append("<option value=\"\(option.id.uuidString)\"\(selected)>\(option.name)</option>")
        }
        return """
            <form class="clinic-picker" method="get" action="/console/clinic">
            <label for="clinic-picker">\(CommonWords.healthRoom(language))</label>
            <select id="clinic-picker" name="clinicId">\(options.joined(separator: ""))</select>
            <input type="hidden" name="next" value="\(here)">
            <button type="submit">\(CommonWords.show(language))</button>
            </form>
            """
    }

    /// Links to the same page in each language (a GET that only sets the display language); a page that answers a
    /// form leads back to the console's start, since its address takes only a POST.
    private static func languageSwitch(_ context: RequestContext) -> Markup {
        let here = context.request.method == .get ? context.request.target : "/console/"
        let links = Language.allCases.map { language -> Markup in
            let target = ConsoleAPI.target("/console/language", [("to", language.rawValue), ("next", here)])
            let current = language == context.language ? Markup(raw: " aria-current=\"true\"") : .empty
            return
                "<a href=\"\(target)\" lang=\"\(language.tag)\" hreflang=\"\(language.tag)\"\(current)>\(ConsoleLanguage.name(of: language))</a>"
        }
        return """
            <nav class="languages" aria-label="\(CommonWords.language(context.language))">\(links.joined(separator: " "))</nav>
            """
    }
}
