import ClinicDomain
import Foundation

/// The visiting doctors: admins register and change them and their unavailability; everyone signed in reads them.
enum DoctorRoutes {
    static let mode = JSONSchema.enumeration(ConsultationMode.allCases.map(\.rawValue))

    static let schemas: [String: JSONSchema] = [
        "Doctor": .object(
            [
                "id": .uuid, "name": .string, "institution": .string, "languages": .array(of: .string),
                "modes": .array(of: mode), "active": .boolean,
            ], required: ["id", "name", "institution", "languages", "modes", "active"]),
        "Unavailability": .object(
            ["id": .uuid, "doctorId": .uuid, "from": .date, "to": .date, "reason": .string],
            required: ["id", "doctorId", "from", "to", "reason"]),
    ]

    static let inputProperties: [String: JSONSchema] = [
        "name": .text(maxLength: 200, required: true), "institution": .text(maxLength: 200), "languages": .languages,
        "modes": .array(of: mode, minItems: 1, uniqueItems: true), "active": .boolean,
    ]

    static func routes(_ services: ClinicServices) -> [Route] {
        let pool = services.pool
        let admins = Access.roles([.admin])
        return [
            Route(
                .post, "/v1/doctors", operationId: "createDoctor", summary: "Register a visiting doctor",
                tag: "doctors", access: admins, requestBody: .object(inputProperties, required: ["name"], open: true),
                responses: [.json(201, "registered", .ref("Doctor"))], idempotent: true
            ) { context in
                let input = try context.body(NewDoctor.self)
                let registeredIn = try context.user.clinicId
                // In the shared transaction, so an Idempotency-Key's completion commits with the doctor.
                let created = AuditSubject.from { (doctor: Doctor) in AuditTarget("doctor", id: doctor.id) }
                let doctor = try await services.audited(context, .create, created) { db in
                    try await DoctorStore.create(input, clinicId: registeredIn, on: db)
                }

                return try context.json(doctor, status: .created, headers: ["Location": "/v1/doctors/\(doctor.id)"])
            },
            Route(
                .get, "/v1/doctors", operationId: "listDoctors", summary: "All doctors, by name", tag: "doctors",
                access: .signedIn,
                query: [QueryParameter("active", .queryBoolean, "only active (true) doctors")],
                responses: [
                    .json(200, "the doctors", .object(["items": .array(of: .ref("Doctor"))], required: ["items"]))
                ]
            ) { context in
                let activeOnly = try context.queryBool("active") ?? false
                let doctors = try await pool.withConnection { try await DoctorStore.list(activeOnly: activeOnly, on: $0) }
                return try context.json(["items": doctors])
            },
            Route(
                .get, "/v1/doctors/{id}", operationId: "getDoctor", summary: "One doctor", tag: "doctors",
                access: .signedIn, responses: [.json(200, "the doctor", .ref("Doctor"))]
            ) { context in
                let id = try context.pathID()
                return try context.json(try await pool.withConnection { try await DoctorStore.get(id, on: $0) })
            },
            Route(
                .patch, "/v1/doctors/{id}", operationId: "updateDoctor", summary: "Change a doctor", tag: "doctors",
                access: admins, requestBody: .object(inputProperties, open: true),
                responses: [.json(200, "the changed doctor", .ref("Doctor"))]
            ) { context in
                let id = try context.pathID()
                let patch = try context.body(DoctorPatch.self)
                return try context.json(try await pool.withConnection { try await DoctorStore.patch(id, patch, on: $0) })
            },
            Route(
                .post, "/v1/doctors/{id}/unavailability", operationId: "addUnavailability",
                summary: "A period the doctor cannot serve (inclusive dates): their sessions in every clinic will not "
                    + "run and their bookings are displaced. The doctor themselves, an admin or a county admin.",
                tag: "doctors", access: .roles([.admin, .doctor]),
                requestBody: .object(
                    [
                        "from": .date, "to": JSONSchema.date.described("not before from"),
                        "reason": JSONSchema.text(maxLength: 500).nullable, "dryRun": ScheduleChangeJSON.dryRunMember,
                    ],
                    required: ["from", "to"],
                    open: true),
                responses: [
                    .json(201, "recorded, with the bookings it displaced", .ref("UnavailabilityAdded")),
                    .json(200, "dryRun: the bookings it would displace", .ref("DisplacementPreview")),
                    .problem(403, "a doctor entering another doctor's unavailability"),
                    .problem(404, "no such doctor"),
                ]
            ) { context in
                let id = try context.pathID()
                let user = try context.user
                if user.role == .doctor, user.doctorId != id {
                    throw APIError.forbidden("a doctor enters only their own unavailability")
                }
                let input = try context.body(NewUnavailability.self)
                let dryRun = try context.body(ScheduleChangeJSON.DryRun.self).dryRun ?? false
                let (period, displaced) = try await pool.withTransaction { db in
                    let added = try await DoctorStore.addUnavailability(doctorId: id, input, dryRun: dryRun, on: db)
                    if !dryRun {
                        try await services.auditChangedAppointments(
                            added.displaced, context,
                            detail: [
                                "status": .string("displaced"),
                                "unavailability": .string(added.period.id.uuidString),
                                "doctorId": .string(id.uuidString),
                            ], on: db)
                    }
                    return added
                }
                let ids = try ScheduleChangeJSON.visible(displaced, to: context)
                if dryRun { return try context.json(ScheduleChangeJSON.Preview(displacedAppointments: ids)) }
                return try context.json(
                    ScheduleChangeJSON.UnavailabilityAdded(
                        id: period.id, doctorId: period.doctorId, from: period.from, to: period.to,
                        reason: period.reason, displacedAppointments: ids),
                    status: .created)
            },
            Route(
                .get, "/v1/doctors/{id}/unavailability", operationId: "listUnavailability",
                summary: "The doctor's unavailability overlapping a range", tag: "doctors", access: .signedIn,
                query: [QueryParameter("from", .date, "default: a year ago"), QueryParameter("to", .date, "default: a year ahead")],
                responses: [
                    .json(200, "the periods", .object(["items": .array(of: .ref("Unavailability"))], required: ["items"]))
                ]
            ) { context in
                let id = try context.pathID()
                let today = ClinicSettingsStore.today(in: services.settings(context))
                let from = try context.queryDate("from") ?? today.adding(days: -365)
                let to = try context.queryDate("to") ?? today.adding(days: 365)
                // PostgreSQL refuses a backwards range (22000): say so as the client's mistake, not a 500.
                guard from <= to else { throw ValidationError(field: "to", message: "must not be before from") }
                let periods = try await pool.withConnection { db in
                    _ = try await DoctorStore.get(id, on: db)
                    return try await DoctorStore.unavailability(doctorId: id, from: from, to: to, on: db)
                }
                return try context.json(["items": periods])
            },
        ]
    }
}
