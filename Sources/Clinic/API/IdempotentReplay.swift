import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import Foundation

/// Answers an `Idempotency-Key` again from its row: the stored bytes where they carry no clinical text, otherwise
/// (and when committed work's response was lost) the created resource read again under the caller's permissions.
/// A replay that returns a resident's data writes its audit row, like any other read of it.
enum IdempotentReplay {
    /// How to read one kind of created resource again, and what its create answered.
    struct Reader: Sendable {
        /// The response body carries clinical text: it is never stored, only read again.
        var clinical: Bool
        var status: Int
        /// The `Location` path prefix of the create's response (the id follows), if it sends one.
        var location: String?
        var read: @Sendable (UUID, RequestContext, PostgresConnection) async throws -> [UInt8]?
    }

    /// By the audit log's resource type, which the work's transaction records as the key's resource.
    static let readers: [String: Reader] = [
        "resident": Reader(clinical: false, status: 201, location: "/v1/residents/") { id, context, db in
            try encode(try await ResidentStore.get(id, on: db), context)
        },
        "appointment": Reader(clinical: false, status: 201, location: "/v1/appointments/") { id, context, db in
            try encode(try await AppointmentStore.get(id, zone: context.timeZone, on: db), context)
        },
        "walkInQueue": Reader(clinical: false, status: 202, location: nil) { id, context, db in
            try encode(try await AppointmentStore.walkInQueueEntry(id, zone: context.timeZone, on: db), context)
        },
        "user": Reader(clinical: false, status: 201, location: "/v1/users/") { id, context, db in
            try encode(try await UserStore.get(id, on: db), context)
        },
        "doctor": Reader(clinical: false, status: 201, location: "/v1/doctors/") { id, context, db in
            try encode(try await DoctorStore.get(id, on: db), context)
        },
        "consultation": Reader(clinical: true, status: 201, location: "/v1/consultations/") { id, context, db in
            let visibility = ConsultationVisibility(role: try context.user.role)
            return try encode(try await ConsultationStore.get(id, visibility: visibility, on: db), context)
        },
        "consultationAddendum": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await ConsultationStore.addendum(id, on: db), context)
        },
        "problem": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await HealthRecordStore.problem(id, on: db), context)
        },
        "medication": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await HealthRecordStore.medication(id, on: db), context)
        },
        "allergy": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await HealthRecordStore.allergy(id, on: db), context)
        },
        "vitals": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await HealthRecordStore.vitalSigns(id, on: db), context)
        },
        "assessment": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await HealthRecordStore.assessment(id, on: db), context)
        },
        "outreachVisit": Reader(clinical: true, status: 201, location: nil) { id, context, db in
            try encode(try await OutreachStore.visit(id, zone: context.timeZone, on: db), context)
        },
    ]

    /// Whether the response to a create of `resource` may be stored as bytes: only for kinds known to carry no
    /// clinical text; a refusal (no resource) carries none.
    static func storesBody(for resource: IdempotencyStore.Resource?) -> Bool {
        guard let resource else { return true }
        return readers[resource.type]?.clinical == false
    }

    /// The response `answer` stands for. `replayed`: for a repeated request (marked `Idempotent-Replayed`, and its
    /// return of a resident's data audited); otherwise the first request's own answer, recovered after its
    /// `COMMIT`'s answer was lost (its create is audited already).
    static func response(
        _ answer: IdempotencyStore.Answer, _ context: RequestContext, pool: PostgresPool, replayed: Bool
    ) async throws -> HTTPResponse {
        var headers: HTTPHeaders = replayed ? ["Idempotent-Replayed": "true"] : [:]
        let audit = replayed ? answer.resource.flatMap { auditEvent($0, context) } : nil
        if let stored = answer.response, let body = stored.body {
            if let audit { try await pool.withConnection { try await AuditStore.record(audit, on: $0) } }
            for (name, value) in stored.headers.sorted(by: { $0.key < $1.key }) { headers.add(name, value) }
            return HTTPResponse(status: HTTPStatus(code: stored.status), headers: headers, body: .bytes(Array(body)))
        }
        guard let resource = answer.resource, let reader = readers[resource.type],
            let id = resource.id.flatMap(UUID.init(uuidString:))
        else {
            throw APIError.conflict(
                "idempotency-in-progress", "the request with this Idempotency-Key is over but cannot be answered again")
        }
        let body = try await pool.withTransaction { db in
            let body = try await reader.read(id, context, db)
            if let audit { try AuditStore.recordWithNextStatement(audit, on: db) }
            return body
        }
        guard let body else { throw APIError.notFound("what this Idempotency-Key created no longer exists") }
        headers.add("Content-Type", "application/json")
        if let location = answer.response?.headers["Location"] ?? reader.location.map({ $0 + id.uuidString }) {
            headers.add("Location", location)
        }
        return HTTPResponse(
            status: HTTPStatus(code: answer.response?.status ?? reader.status), headers: headers, body: .bytes(body))
    }

    /// A replay returns the resource again: for a resident's data, that is a read like any other.
    private static func auditEvent(_ resource: IdempotencyStore.Resource, _ context: RequestContext) -> AuditEvent? {
        guard let residentId = resource.residentId else { return nil }
        return AuditEvent(
            userId: context.principal?.userId, role: context.principal?.role, action: .read, residentId: residentId,
            resourceType: resource.type, resourceId: resource.id, requestId: context.request.requestId,
            remoteAddress: context.request.remoteAddress, detail: ["idempotentReplay": .bool(true)])
    }

    private static func encode<T: Encodable>(_ value: T?, _ context: RequestContext) throws -> [UInt8]? {
        try value.map { try JSONCoding.encode($0, timeZone: context.timeZone) }
    }
}
