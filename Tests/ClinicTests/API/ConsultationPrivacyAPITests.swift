import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// Staff see that a consultation took place (when, mode, doctor, that a follow-up is due, when and in which mode),
/// never what the doctor wrote: a marker in every free-text field of a consultation must reach no response a staff
/// user can ask for, while doctors and admins read it in full.
@Suite struct ConsultationPrivacyAPITests {
    typealias F = ClinicalFixtures

    /// Every free-text field of a consultation, each with its own marker so a failure names the field that leaked.
    static let textFields = [
        "subjective", "objective", "assessment", "plan", "diagnosis", "treatment", "advice", "followUpNote",
        "addendum",
    ]

    /// A resident seen 30 minutes ago for a booked appointment, by a doctor who wrote `marker-<field>` into every
    /// free-text field (the four notes, diagnosis, treatment, advice, follow-up note) and added an addendum.
    static func consultationWithMarkers(
        _ app: TestApp, doctor: TestApp.SignedIn, marker: String, grid: String
    ) async throws -> (residentId: UUID, consultationId: String, appointmentId: UUID, date: LocalDate) {
        let start = Date().addingTimeInterval(-1800)
        let (residentId, appointmentId) = try await app.pool.withConnection { db in
            let residentId = try await F.resident(age: 80, grid: grid, flags: ["livesAlone"], on: db)
            let appointmentId = try await F.appointment(
                residentId: residentId, doctorId: doctor.doctorId!, start: start, status: .checkedIn, on: db)
            return (residentId, appointmentId)
        }
        let body: [String: Any] = [
            "residentId": residentId.uuidString, "appointmentId": appointmentId.uuidString, "mode": "remote",
            "channel": "phone",
            "startedAt": F.instant(start).description, "endedAt": F.instant(F.justEnded()).description,
            "notes": [
                "subjective": "\(marker)-subjective", "objective": "\(marker)-objective",
                "assessment": "\(marker)-assessment", "plan": "\(marker)-plan",
            ],
            "vitals": ["systolic": 163, "diastolic": 97, "heartRate": 88],
            "diagnoses": [["code": "I10", "text": "\(marker)-diagnosis"]],
            "treatments": [["kind": "tibetanMedicine", "text": "\(marker)-treatment"]],
            "advice": "\(marker)-advice",
            "followUp": ["inDays": 7, "mode": "home", "note": "\(marker)-followUpNote"],
        ]
        let created = try await doctor.client.post("/v1/consultations", body)
        let id = try #require(created.string("id"), "\(created.status) \(created.text)")
        let addendum = try await doctor.client.post(
            "/v1/consultations/\(id)/addenda", ["text": "\(marker)-addendum"])
        #expect(addendum.status == 201)
        return (residentId, id, appointmentId, LocalDate(start, in: F.shanghai))
    }

    @Test func staffReceiveNoFreeTextOfAConsultationAnywhere() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        let admin = try await app.signIn(.admin)
        let marker = "PRIV\(UUID().uuidString.prefix(8))"
        let grid = "priv-\(UUID().uuidString.prefix(8))"
        let seen = try await Self.consultationWithMarkers(app, doctor: doctor, marker: marker, grid: grid)
        let resident = "/v1/residents/\(seen.residentId)"
        let dueBefore = F.today.adding(days: 30)

        // Every read a staff user may make that names this resident, its consultation or its appointment.
        let staffReads: [(path: String, accept: String?)] = [
            ("/v1/consultations/\(seen.consultationId)", nil),
            ("\(resident)/consultations", nil),
            ("\(resident)/health-file", nil),
            ("\(resident)/summary", "application/json"),
            ("\(resident)/summary", "application/fhir+json"),
            ("\(resident)/summary", "text/html"),
            ("/v1/exports/health-files.csv?grid=\(grid)", nil),
            ("/v1/worklists/follow-ups-due?before=\(dueBefore)", nil),
            ("/v1/worklists/unvisited-elderly?grid=\(grid)&days=1", nil),
            ("/v1/worklists/unvisited-elderly?grid=\(grid)&days=1&format=csv", nil),
            ("/v1/day-list?date=\(seen.date)&doctorId=\(doctor.doctorId!)", "application/json"),
            ("/v1/day-list?date=\(seen.date)&doctorId=\(doctor.doctorId!)", "text/html"),
            ("/v1/appointments/\(seen.appointmentId)", nil),
            ("/v1/appointments?residentId=\(seen.residentId)", nil),
            (resident, nil),
        ]
        for read in staffReads {
            let response = try await staff.client.get(read.path, headers: read.accept.map { ["Accept": $0] } ?? [:])
            #expect(response.status == 200, "\(read.path) \(read.accept ?? "")")
            for field in Self.textFields {
                #expect(
                    !response.text.contains("\(marker)-\(field)"),
                    "staff received the \(field) from \(read.path) \(read.accept ?? "")")
            }
        }

        // Staff still learn that it took place and that a follow-up is due, when and in which mode.
        let overview = try await staff.client.get("/v1/consultations/\(seen.consultationId)")
        #expect(overview.string("mode") == "remote" && overview.string("doctorId") == doctor.doctorId!.uuidString)
        let followUp = try #require(overview.json["followUp"] as? [String: Any])
        #expect(followUp["mode"] as? String == "home" && followUp["inDays"] as? Int == 7)
        #expect(followUp["dueDate"] as? String == F.today.adding(days: 7).description && followUp["note"] == nil)
        for hidden in ["notes", "vitals", "vitalFlags", "diagnoses", "treatments", "advice", "addenda"] {
            #expect(overview.json[hidden] == nil, "\(hidden)")
        }
        let file = try await staff.client.get("\(resident)/health-file")
        let pending = try #require((file.json["followUpsDue"] as? [[String: Any]])?.first)
        #expect(pending["mode"] as? String == "home" && pending["note"] == nil)
        // Vitals are measurements, not the doctor's words: staff see them in the file, also those of a consultation.
        let vitals = try #require((file.json["vitalsHistory"] as? [[String: Any]])?.first)
        #expect(vitals["systolic"] as? Int == 163 && vitals["consultationId"] as? String == seen.consultationId)
        let due = try await staff.client.get("/v1/worklists/follow-ups-due?before=\(dueBefore)")
        let row = try #require(due.items.first { $0["residentId"] as? String == seen.residentId.uuidString })
        #expect(row["reason"] as? String == "requested" && row["mode"] as? String == "home" && row["note"] == nil)

        // Doctors and admins read every field.
        let fullReads = [
            "/v1/consultations/\(seen.consultationId)", "\(resident)/consultations", "\(resident)/health-file",
            "\(resident)/summary",
        ]
        for reader in [doctor, admin] {
            for path in fullReads {
                let response = try await reader.client.get(path)
                #expect(response.status == 200, "\(path)")
                for field in Self.textFields {
                    #expect(
                        response.text.contains("\(marker)-\(field)"), "\(reader.user.role) lacks \(field) in \(path)")
                }
            }
            let page = try await reader.client.get("\(resident)/summary", headers: ["Accept": "text/html"])
            #expect(page.text.contains("\(marker)-subjective") && page.text.contains("\(marker)-followUpNote"))
            let list = try await reader.client.get("/v1/worklists/follow-ups-due?before=\(dueBefore)")
            let mine = list.items.first { $0["residentId"] as? String == seen.residentId.uuidString }
            #expect(mine?["note"] as? String == "\(marker)-followUpNote", "\(reader.user.role)")
        }
    }
}

extension ConsultationPrivacyAPITests {
    @Test func onlyDoctorsAndAdminsHaveTheFullView() {
        #expect(ConsultationVisibility(role: .doctor) == .full && ConsultationVisibility(role: .admin) == .full)
        #expect(ConsultationVisibility(role: .staff) == .overview)
    }

    /// The published contract says which fields staff do not get, and what they do get keeps to it.
    @Test func theContractTellsWhatStaffDoNotReceive() async throws {
        let app = try await TestApp.forSuite()
        let doctor = try await app.signIn(.doctor)
        let staff = try await app.signIn(.staff)
        let seen = try await Self.consultationWithMarkers(
            app, doctor: doctor, marker: "PRIV\(UUID().uuidString.prefix(8))",
            grid: "priv-\(UUID().uuidString.prefix(8))")
        let overview = try await staff.client.get("/v1/consultations/\(seen.consultationId)")
        expectConforms(overview.json, to: ConsultationSchemas.schemas["Consultation"])
        let file = try await staff.client.get("/v1/residents/\(seen.residentId)/health-file")
        expectConforms(file.json, to: HealthFileSchemas.schemas["HealthFile"])

        let document = try await app.anonymous.get("/openapi.json").json
        let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
        func description(_ schema: String, _ property: String) -> String {
            let properties = schemas[schema]?["properties"] as? [String: [String: Any]]
            return properties?[property]?["description"] as? String ?? ""
        }
        for (schema, property) in [
            ("PendingFollowUp", "note"), ("FollowUpDue", "note"), ("Consultation", "notes"),
            ("Consultation", "diagnoses"), ("Consultation", "treatments"), ("Consultation", "addenda"),
        ] {
            #expect(description(schema, property).contains("doctors and admins only"), "\(schema).\(property)")
        }
        let followUp = (schemas["Consultation"]?["properties"] as? [String: [String: Any]])?["followUp"]
        let note = (followUp?["properties"] as? [String: [String: Any]])?["note"]?["description"] as? String
        #expect(note?.contains("doctors and admins only") == true)
        #expect((schemas["VitalSignsEntry"]?["description"] as? String)?.contains("staff too") == true)
    }
}
