import ClinicDomain
import ClinicHTTP
import Foundation

/// A doctor's secret calendar feed (issue 20): the doctor, an admin or a county admin makes a URL that a phone's
/// calendar subscribes to without signing in, and may revoke it. The feed lists the doctor's sessions in every clinic
/// (never a resident); whoever holds the URL reads it, so it is a long random secret, stored only as a hash.
enum CalendarFeedRoutes {
    static let schemas: [String: JSONSchema] = [
        "CalendarFeed": .object(
            ["url": JSONSchema.string.described("the secret feed URL; shown once, as only its hash is kept")],
            required: ["url"]),
        "CalendarFeedStatus": .object(["createdAt": .dateTime], required: ["createdAt"]),
    ]

    /// Who may make, read the state of, and revoke a doctor's feed: the doctor's own user, an admin, a county admin.
    static let managers = Access.roles([.doctor, .admin, .countyAdmin])
    /// How far the feed reaches back and ahead of today (UTC).
    static let daysBack = 30
    static let daysAhead = 180

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.pool
        return [
            Route(
                .post, "/v1/doctors/{id}/calendar-feed", operationId: "createCalendarFeed",
                summary: "A new secret calendar URL for the doctor (an earlier one stops working)", tag: "doctors",
                access: managers, responses: [.json(201, "the feed's URL", .ref("CalendarFeed"))]
            ) { context in
                let doctorId = try managedDoctor(context)
                let secret = CalendarFeedSecret.generate()
                let hash = CalendarFeedSecret.hash(secret)
                try await services.audited(context, .create, .record("calendarFeed", id: doctorId)) { db in
                    _ = try await DoctorStore.get(doctorId, on: db)
                    _ = try await CalendarFeedStore.replace(doctorId: doctorId, secretHash: hash, on: db)
                }
                let url = publicURL(feedPath(secret), context, configured: services.configuration.publicURL)
                return try context.json(["url": url], status: .created)
            },
            Route(
                .get, "/v1/doctors/{id}/calendar-feed", operationId: "getCalendarFeed",
                summary: "Whether the doctor has a calendar feed, and since when (its URL is not kept)", tag: "doctors",
                access: managers,
                responses: [.json(200, "the doctor has a feed", .ref("CalendarFeedStatus"))]
            ) { context in
                let doctorId = try managedDoctor(context)
                let created = try await pool.withConnection { db in
                    _ = try await DoctorStore.get(doctorId, on: db)
                    return try await CalendarFeedStore.createdAt(doctorId: doctorId, on: db)
                }
                guard let created else { throw APIError.notFound(noFeed) }
                return try context.json(["createdAt": created])
            },
            Route(
                .delete, "/v1/doctors/{id}/calendar-feed", operationId: "deleteCalendarFeed",
                summary: "Revoke the doctor's calendar feed", tag: "doctors", access: managers,
                responses: [.noContent("revoked: the URL answers 404 from now on")]
            ) { context in
                let doctorId = try managedDoctor(context)
                try await services.audited(context, .delete, .record("calendarFeed", id: doctorId)) { db in
                    _ = try await DoctorStore.get(doctorId, on: db)
                    guard try await CalendarFeedStore.delete(doctorId: doctorId, on: db) else {
                        throw APIError.notFound(noFeed)
                    }
                }
                return HTTPResponse(status: .noContent)
            },
            Route(
                .get, "/v1/calendar/{secret}.ics", operationId: "getCalendarFeedFile",
                summary: "A doctor's sessions in every clinic as iCalendar (RFC 5545), without a token", tag: "doctors",
                access: .anyone,
                query: [
                    QueryParameter(
                        "lang", .enumeration(Language.allCases.map(\.rawValue)),
                        "the language of the feed's own words (default: Accept-Language, else zh)")
                ],
                responses: [ResponseSpec(200, "the calendar", content: ["text/calendar": .string])],
                pathParameters: [
                    "secret": JSONSchema.string(minLength: 1, maxLength: 64).described("the secret of the feed's URL")
                ]
            ) { context in
                let secret = try context.pathText("secret")
                guard CalendarFeedSecret.isWellFormed(secret) else { throw APIError.notFound(noFeed) }
                let language =
                    context.request.query["lang"].flatMap(Language.init(rawValue:))
                    ?? AcceptLanguage.preferred(context.request.headers["Accept-Language"]) ?? .zh
                let now = Date()
                let today = LocalDate(now, in: .gmt)
                // No caller: the feed's doctor serves in any clinic, so it reads as the server's own jobs do.
                let feed = try await ClinicScope.county.run {
                    try await pool.withConnection { db -> (String, [CalendarSession])? in
                        guard
                            let doctor = try await CalendarFeedStore.doctor(
                                secretHash: CalendarFeedSecret.hash(secret), on: db)
                        else { return nil }
                        let sessions = try await CalendarFeedStore.sessions(
                            doctorId: doctor.id, from: today.adding(days: -daysBack), to: today.adding(days: daysAhead),
                            on: db)
                        return (doctor.name, sessions)
                    }
                }
                guard let (doctorName, sessions) = feed else { throw APIError.notFound(noFeed) }
                let body = DoctorCalendar.render(
                    doctorName: doctorName, sessions: sessions, now: now, language: language)
                return HTTPResponse(
                    status: .ok, contentType: "text/calendar; charset=utf-8", body: body,
                    headers: ["Cache-Control": "no-store", "Content-Language": language.tag])
            },
        ]
    }

    static let noFeed = "no such calendar feed"

    /// The doctor of the path, if the caller may manage their feed: a doctor only their own (403 otherwise, whether
    /// or not the other doctor exists), admins and county admins any.
    static func managedDoctor(_ context: RequestContext) throws -> UUID {
        let doctorId = try context.pathID()
        let caller = try context.user
        if caller.role == .doctor, caller.doctorId != doctorId {
            throw APIError.forbidden("a doctor may manage only their own calendar feed")
        }
        return doctorId
    }

    static func feedPath(_ secret: String) -> String { "/v1/calendar/" + secret + ".ics" }

    /// `path` as an absolute URL: under `CLINIC_PUBLIC_URL` when set, else `http://` and the request's `Host` (when it
    /// is a plain host name or address with an optional port), else the path alone.
    static func publicURL(_ path: String, _ context: RequestContext, configured: String?) -> String {
        if let configured { return configured + path }
        guard let host = context.request.headers["Host"], isPlainHost(host) else { return path }
        return "http://" + host + path
    }

    static func isPlainHost(_ host: String) -> Bool {
        !host.isEmpty && host.utf8.count <= 255
            && host.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) && $0.isASCII || ".-:[]".unicodeScalars.contains($0)
            }
    }
}
