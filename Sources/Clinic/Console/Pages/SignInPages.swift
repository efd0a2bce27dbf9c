import ClinicHTTP
import ClinicSupport

/// Signing in and out. Sign-in goes through `POST /v1/auth/login` in process, so the console has the API's password
/// check, throttling (by the browser's address) and token store; the token becomes the session cookie.
enum SignInPages {
    static let title = Words("ནང་འཛུལ།", "登录", "Sign in")
    static let wrongCredentials = Words(
        "སྤྱོད་མཁན་གྱི་མིང་ངམ་གསང་ཨང་ནོར་འདུག", "用户名或密码错误。", "The user name or password is wrong.")
    static let tooMany = Words(
        "ཚོད་ལྟ་མང་དྲགས་སོང་། ཅུང་ཙམ་སྒུག་ནས་ཡང་བསྐྱར་ཚོད་ལྟ་གནང་།", "尝试次数过多，请稍后再试。",
        "Too many attempts. Please wait a while and try again.")
    static let signedOut = Words("ཕྱིར་ཐོན་ཟིན།", "您已退出。", "You have signed out.")

    static func routes(_ console: ConsoleServices) -> [Route] {
        [
            Route.page(.get, "/console/login", access: .anyone) { context in
                if context.session != nil {
                    return ConsoleResponse.redirect(ConsoleResponse.safeNext(context.request.query["next"]))
                }
                let notice: Markup? =
                    if context.request.query["expired"] == "1" {
                        "<div class=\"alert error\" role=\"alert\">\(context.t(CommonWords.sessionExpired))</div>"
                    } else if context.request.query["out"] == "1" {
                        "<div class=\"alert ok\" role=\"status\">\(context.t(signedOut))</div>"
                    } else { nil }
                return form(context, console, notice: notice, username: nil, next: context.request.query["next"])
            },
            Route.page(.post, "/console/login", access: .anyone) { context in
                let fields = context.form
                let username = fields["username"] ?? ""
                let next = ConsoleResponse.safeNext(fields["next"])
                let response = await console.api(context).send(
                    .post, "/v1/auth/login",
                    json: ["username": .string(username), "password": .string(fields["password"] ?? "")])
                let status = response.status.code
                guard status == 200, let bytes = response.body.fixedBytes,
                    let answer = try? JSONValue(parsing: bytes),
                    let token = answer["token"].string
                else {
                    let words = status == 429 ? tooMany : wrongCredentials
                    let notice: Markup = "<div class=\"alert error\" role=\"alert\">\(context.t(words))</div>"
                    var page = form(context, console, notice: notice, username: username, next: next)
                    page.status = HTTPStatus(code: status == 429 ? 429 : 401)
                    if let retry = response.headers["Retry-After"] { page.headers.add("Retry-After", retry) }
                    return page
                }
                // Signing in over a session (another user at the same browser) ends that session: its token is
                // revoked, not left valid behind the new cookie.
                if context.session != nil { _ = await console.api(context).send(.post, "/v1/auth/logout") }
                var headers = HTTPHeaders()
                headers.add(
                    "Set-Cookie", ConsoleCookie.header(ConsoleCookie.session, token, secure: console.secureCookies))
                headers.add(
                    "Set-Cookie",
                    ConsoleCookie.header(ConsoleCookie.login, "", secure: console.secureCookies, maxAge: 0))
                return ConsoleResponse.redirect(next, headers: headers)
            },
            Route.page(.post, "/console/logout", access: .anyRole) { context in
                _ = await console.api(context).send(.post, "/v1/auth/logout")
                var headers = HTTPHeaders()
                headers.add(
                    "Set-Cookie",
                    ConsoleCookie.header(ConsoleCookie.session, "", secure: console.secureCookies, maxAge: 0))
                return ConsoleResponse.redirect("/console/login?out=1", headers: headers)
            },
        ]
    }

    /// The sign-in form, with the sign-in cookie whose value the form sends back: the browser's own when it has a
    /// well-formed one (so two sign-in tabs both work), else a fresh one.
    private static func form(
        _ context: RequestContext, _ console: ConsoleServices, notice: Markup?, username: String?, next: String?
    ) -> HTTPResponse {
        let check =
            ConsoleCookie.value(ConsoleCookie.login, in: context.request).flatMap {
                BearerToken.isWellFormed($0) ? $0 : nil
            } ?? BearerToken.generate()
        let body: Markup = """
            \(notice ?? .empty)
            <form method="post" action="/console/login" class="card">
            <input type="hidden" name="\(ConsoleForm.csrfName)" value="\(check)">
            <input type="hidden" name="next" value="\(ConsoleResponse.safeNext(next))">
            \(ConsoleForm.input("username", label: context.t(CommonWords.username), value: username, required: true,
                attributes: "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" maxlength=\"64\""))
            \(ConsoleForm.input("password", label: context.t(CommonWords.password), type: "password", required: true,
                attributes: "autocomplete=\"current-password\" maxlength=\"256\""))
            <button type="submit">\(context.t(CommonWords.signIn))</button>
            </form>
            """
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", ConsoleCookie.header(ConsoleCookie.login, check, secure: console.secureCookies))
        return ConsoleLayout.page(context, title: context.t(title), headers: headers, body)
    }
}
