import ClinicDomain
import ClinicHTTP
import ClinicSupport
import Foundation

/// Sign-in, the caller, users (admin) and the audit log (admin).
enum SecurityRoutes {
    static let schemas: [String: JSONSchema] = [
        "User": .object(
            [
                "id": .uuid, "username": .string, "role": .enumeration(Role.allCases.map(\.rawValue)),
                "doctorId": JSONSchema.uuid.nullable, "clinicId": JSONSchema.uuid.nullable, "active": .boolean,
                "createdAt": .dateTime, "grids": .array(of: .string), "phone": JSONSchema.string.nullable,
            ], required: ["id", "username", "role", "active", "createdAt"]),
        "AuditEntry": .object(
            [
                "id": .uuid, "at": .dateTime, "userId": JSONSchema.uuid.nullable,
                "username": JSONSchema.string.nullable,
                "role": JSONSchema.string.nullable, "action": .string, "residentId": JSONSchema.uuid.nullable,
                "residentNames": ConsultationSchemas.residentNames.described(
                    "the resident's names now, when the reader may see them"),
                "resourceType": .string, "resourceId": JSONSchema.string.nullable,
                "requestId": JSONSchema.string.nullable, "serverRequestId": JSONSchema.string.nullable,
                "remoteAddress": JSONSchema.string.nullable,
                "detail": .object([:], open: true),
            ], required: ["id", "at", "action", "resourceType", "detail"]),
    ]

    /// JSON Schema counts characters; the server also refuses a password over 256 bytes of UTF-8 (422).
    static let passwordDescription: JSONValue = "at most 200 characters and 256 bytes of UTF-8"
    /// A login body is two short strings: 4 KB leaves room for any real one, and a larger body is refused (413)
    /// before it is read, let alone decoded.
    static let loginBodyLimit = 4 * 1024
    static let loginBody = JSONSchema.object(
        [
            "username": .string(minLength: 1, maxLength: 64),
            "password": JSONSchema(
                JSONSchema.string(minLength: 1, maxLength: 200).json.setting("description", passwordDescription)),
        ],
        required: ["username", "password"], open: true)
    static let newUserBody = JSONSchema.object(
        [
            "username": .string(minLength: 3, maxLength: 64, pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$")
                .explained("must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"),
            "password": JSONSchema.string(
                minLength: 10, maxLength: 200,
                pattern: "^[^\\x00-\\x1F\\x7F]*[^\\x00-\\x1F\\x7F\\u0085\(JSONSchema.spaces)][^\\x00-\\x1F\\x7F]*$"
            ).explained("must not be only spaces nor contain control characters").described(
                "10 to 200 characters as a person sees them and at most 256 bytes of UTF-8; not only spaces, no control"
                    + " characters"),
            "role": .enumeration(Role.allCases.map(\.rawValue)), "doctorId": JSONSchema.uuid.nullable,
            "clinicId": JSONSchema.uuid.nullable.described(
                "an admin's or staff user's clinic: the creating admin's own when left out; a county admin names it"),
            "grids": JSONSchema.array(of: JSONSchema.text(maxLength: 100, required: true), maxItems: 50, uniqueItems: true)
                .described("a grid worker's grids (at least one); only for a grid worker"),
            "phone": JSONSchema.phone.nullable.described("a grid worker's phone: the notices' last resort for their grids"),
        ], required: ["username", "password", "role"], open: true)

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.pool
        return [
            Route(
                .post, "/v1/auth/login", operationId: "login", summary: "Sign in: a bearer token for 12 hours",
                tag: "auth", access: .anyone, requestBody: loginBody, bodyLimit: loginBodyLimit,
                responses: [
                    .json(
                        200, "signed in",
                        .object(
                            ["token": .string, "expiresAt": .dateTime, "user": .ref("User")],
                            required: ["token", "expiresAt", "user"]))
                ]
            ) { context in
                let body = try context.body(LoginRequest.self)
                let response = try await LoginFlow.login(
                    body, remoteAddress: context.request.remoteAddress, requestId: context.request.requestId,
                    serverRequestId: context.request.serverRequestId, settings: services.loginSettings, pool: pool)
                return try context.json(response, headers: ["Cache-Control": "no-store"])
            },
            Route(
                .post, "/v1/auth/logout", operationId: "logout", summary: "Revoke the caller's token", tag: "auth",
                access: .anyRole, responses: [.noContent("the token no longer works")]
            ) { context in
                let principal = try context.user
                guard let header = context.request.headers["Authorization"],
                    let token = BearerToken.fromAuthorizationHeader(header)
                else { throw APIError.unauthorized() }
                try await LoginFlow.logout(
                    token: token, principal: principal, remoteAddress: context.request.remoteAddress,
                    requestId: context.request.requestId, serverRequestId: context.request.serverRequestId, pool: pool)
                services.tokens.forget(token: token)
                return HTTPResponse(status: .noContent)
            },
            Route(
                .get, "/v1/me", operationId: "getMe", summary: "The signed-in user", tag: "auth", access: .anyRole,
                responses: [.json(200, "the caller", .ref("User"))]
            ) { context in
                let principal = try context.user
                guard let user = try await pool.withConnection({ try await UserStore.get(principal.userId, on: $0) })
                else { throw APIError.unauthorized() }
                return try context.json(user)
            },
            Route(
                .post, "/v1/users", operationId: "createUser", summary: "Create a user", tag: "users",
                access: .roles([.admin]), requestBody: newUserBody, responses: [.json(201, "created", .ref("User"))],
                idempotent: true
            ) { context in
                var body = try context.body(NewUser.self)
                let caller = try context.user
                if let role = Role(rawValue: body.role) {
                    // Only a county admin makes county users; a clinic's admin makes users of their own clinic.
                    if role == .countyAdmin || role == .countyViewer, caller.role != .countyAdmin {
                        throw APIError.forbidden("only a county admin may create county users")
                    }
                    if role.belongsToOneClinic { body.clinicId = try services.actingClinic(context, named: body.clinicId) }
                }
                let input = body
                let created = AuditSubject.from { (user: User) in
                    AuditTarget("user", id: user.id, detail: ["role": .string(user.role.rawValue)])
                }
                let user = try await services.audited(context, .create, created) { db in
                    try await UserStore.create(input, cost: services.configuration.bcryptCost, on: db)
                }

                return try context.json(user, status: .created, headers: ["Location": "/v1/users/\(user.id)"])
            },
            Route(
                .get, "/v1/users", operationId: "listUsers",
                summary: "The users of the caller's clinic and the doctors (a county admin: every user)", tag: "users",
                access: .roles([.admin]), query: [ClinicRoutes.clinicIdQuery],
                responses: [.json(200, "the users", .object(["items": .array(of: .ref("User"))], required: ["items"]))]
            ) { context in
                let principal = try context.user
                let clinicId = principal.role == .countyAdmin ? try services.clinicFilter(context) : principal.clinicId
                let users = try await pool.withConnection { try await UserStore.list(clinicId: clinicId, on: $0) }
                return try context.json(["items": users])
            },
            Route(
                .get, "/v1/audit", operationId: "listAudit",
                summary: "Who read, changed or exported what, newest first",
                tag: "audit", access: .roles([.admin]),
                query: [
                    QueryParameter("residentId", .uuid, "only accesses to this resident's data"), ClinicRoutes.clinicIdQuery,
                    QueryParameter("userId", .uuid, "only this user's accesses"),
                    QueryParameter("from", .dateTime, "at or after this instant"),
                    QueryParameter("to", .dateTime, "before this instant"), .limit, .cursor,
                ],
                responses: [.json(200, "a page of the log", .page(of: .ref("AuditEntry")))]
            ) { context in
                let filter = AuditFilter(
                    residentId: try context.queryUUID("residentId"), userId: try context.queryUUID("userId"),
                    from: try context.query("from", "an RFC 3339 instant", RFC3339.parse),
                    to: try context.query("to", "an RFC 3339 instant", RFC3339.parse), limit: try context.limit(),
                    cursor: context.request.query["cursor"], clinicId: try services.clinicFilter(context))
                do {
                    let page = try await pool.withConnection { try await AuditStore.list(filter, on: $0) }
                    return try context.json(page)
                } catch let error as ValidationError {
                    throw APIError.badRequest("the cursor is not valid", errors: error.errors)
                }
            },
        ]
    }
}
