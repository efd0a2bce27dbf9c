import ClinicDomain
import ClinicHTTP
import Foundation

/// The notifications outbox for the front desk: what was (or could not be) sent to whom, and a retry for a notice
/// that failed. The texts are rendered in each notice's own language, whatever the caller's.
enum NotificationRoutes {
    static let schemas: [String: JSONSchema] = [
        "Notification": .object(
            [
                "id": .uuid, "clinicId": ClinicRoutes.rowClinicId, "residentId": .uuid,
                "residentNames": ConsultationSchemas.residentNames.described(
                    "who the notice is about, as the register names them now (not in the gateway's body)"),
                "appointmentId": JSONSchema.uuid.described("the appointment the notice is about"),
                "kind": .enumeration(NoticeKind.allCases.map(\.rawValue)),
                "language": .enumeration(Language.allCases.map(\.rawValue)),
                "recipient": .object(
                    [
                        "name": JSONSchema.string.nullable, "phone": JSONSchema.string.nullable,
                        "relation": JSONSchema.enumeration(["self", "emergencyContact", "gridWorker"]).nullable
                            .described("null with the phone when nobody could be reached (reason noRecipient)"),
                    ], required: ["name", "phone", "relation"]),
                "text": JSONSchema.string.described("rendered from the clinic's templates in the notice's language"),
                "status": .enumeration(NotificationStatus.allCases.map(\.rawValue)),
                "reason": JSONSchema.enumeration(["noRecipient", "gateway"]).described("only when failed"),
                "attempts": .integer(minimum: 0), "createdAt": .dateTime,
                "sentAt": JSONSchema.dateTime.described("only when sent"),
            ],
            required: [
                "id", "clinicId", "residentId", "kind", "language", "recipient", "text", "status", "attempts",
                "createdAt",
            ])
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        let access = Access.roles([.admin, .staff])
        return [
            Route(
                .get, "/v1/notifications", operationId: "listNotifications",
                summary: "Notices to residents, newest first: pending, sent and failed, with their text",
                tag: "notifications", access: access,
                query: [
                    QueryParameter("status", .enumeration(NotificationStatus.allCases.map(\.rawValue)), "only these"),
                    QueryParameter("residentId", .uuid, "only this resident's"), ClinicRoutes.clinicIdQuery, .limit,
                    .cursor,
                ],
                responses: [.json(200, "a page of notices", .page(of: .ref("Notification")))]
            ) { context in
                let filter = NotificationStore.Filter(
                    status: try context.query("status", "pending, sent or failed") { NotificationStatus(rawValue: $0) },
                    residentId: try context.queryUUID("residentId"), clinicId: try services.clinicFilter(context),
                    limit: try context.limit(), cursor: context.request.query["cursor"])
                let listed = AuditSubject.from { (page: NotificationStore.Listing) in
                    AuditTarget(
                        "notification", name: "list",
                        detail: [
                            "status": .string(filter.status?.rawValue ?? ""), "count": .int(page.items.count),
                            "residentIds": .strings(Array(Set(page.items.map(\.residentId.uuidString))).sorted()),
                        ])
                }
                let page = try await context.listing {
                    try await services.audited(context, .search, listed) { db in
                        try await NotificationStore.list(filter, on: db)
                    }
                }
                return try context.json(
                    Page(items: page.items.map(services.notices.notice), nextCursor: page.nextCursor))
            },
            Route(
                .post, "/v1/notifications/{id}/retry", operationId: "retryNotification",
                summary: "Send a failed notice again: due now, with a fresh count of attempts and its recipient found "
                    + "again from the register. A pending notice is answered as it is (200, unchanged); a sent one is "
                    + "409",
                tag: "notifications", access: access,
                responses: [
                    .json(200, "the notice, pending", .ref("Notification")),
                    .problem(404, "no such notice (or one of another clinic)"),
                    .problem(
                        409,
                        "already sent; or the resident has no phone nor an emergency contact with one, or is not to "
                            + "be sent notices"),
                ]
            ) { context in
                let id = try context.pathID()
                let retried = AuditSubject.from { (record: NotificationRecord) in
                    AuditTarget("notification", id: record.id, resident: record.residentId)
                }
                let record = try await services.audited(context, .update, retried) { db in
                    try await NotificationStore.retry(id, on: db)
                }
                return try context.json(services.notices.notice(record))
            },
        ]
    }
}

extension NotificationRetryError: APIErrorConvertible {
    var apiError: APIError {
        switch self {
        case .notFound: .notFound("no such notification")
        case .alreadySent: .conflict("notification-sent", "the notification has already been sent")
        case .noRecipient:
            .conflict(
                "notification-no-recipient",
                "the resident has no phone, nor an emergency contact with one: add one, then retry")
        case .notNotified:
            .conflict("notification-not-notified", "the resident is not to be sent notices (opted out or deceased)")
        }
    }
}
