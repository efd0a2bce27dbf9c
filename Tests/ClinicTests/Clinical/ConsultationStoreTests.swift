import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres

@Suite struct ConsultationStoreTests {
    typealias F = ClinicalFixtures

    @Test func logsConsultationsInAllThreeModes() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 72, on: conn)
            for (mode, channel) in [("onsite", nil), ("remote", "phone"), ("home", nil)] as [(String, String?)] {
                let c = try await ConsultationStore.create(
                    F.consultation(residentId: resident, mode: mode, channel: channel), doctorId: doctor, on: conn)
                #expect(c.mode.rawValue == mode)
                #expect(c.channel?.rawValue == channel)
                #expect(c.durationMinutes == 20)
                #expect(c.notes?.subjective == "Headache for three days")
                #expect(c.diagnoses == [Diagnosis(code: "I10", text: "Essential hypertension")])
                #expect(c.treatments == [Treatment(kind: .tibetanPlaster, text: "Plaster on the lower back")])
                #expect(c.signed == false)
                #expect(c.startedAt.offsetSeconds == 8 * 3600)
                #expect(try await ConsultationStore.get(c.id, visibility: .full, on: conn) == c)
            }
            let page = try await ConsultationStore.list(residentId: resident, visibility: .full, limit: 2, on: conn)
            #expect(page.items.count == 2)
            let rest = try await ConsultationStore.list(
                residentId: resident, visibility: .full, limit: 2, cursor: page.nextCursor, on: conn)
            #expect(rest.items.count == 1)
            #expect(rest.nextCursor == nil)
            #expect(Set((page.items + rest.items).map(\.mode)) == [.onsite, .remote, .home])
        }
    }

    @Test func remoteNeedsAChannelAndImpossibleVitalsAreRefused() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 70, on: conn)
            await #expect(throws: ValidationError(field: "channel", message: "is required for a remote consultation")) {
                try await ConsultationStore.create(
                    F.consultation(residentId: resident, channel: nil), doctorId: doctor, on: conn)
            }
            do {
                _ = try await ConsultationStore.create(
                    F.consultation(residentId: resident, vitals: Vitals(systolic: 900, diastolic: 80)),
                    doctorId: doctor, on: conn)
                Issue.record("systolic 900 was accepted")
            } catch let error as ValidationError {
                #expect(error.fields == ["vitals.systolic"])
            }
            // The database refuses a remote consultation without a channel even when Swift is bypassed.
            do {
                try await conn.query(
                    """
                    INSERT INTO consultations (clinic_id, resident_id, doctor_id, mode, started_at, ended_at)
                    VALUES ((SELECT clinic_id FROM residents WHERE id = \(resident)), \(resident), \(doctor), 'remote',
                            now(), now())
                    """)
                Issue.record("a remote consultation without a channel was stored")
            } catch let error as PostgresError {
                #expect(error.sqlState == "23514", "\(error)")
            }
        }
    }

    @Test func lowSpO2AtAltitudeIsAcceptedAndFlagged() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 68, on: conn)
            let c = try await ConsultationStore.create(
                F.consultation(residentId: resident, vitals: Vitals(systolic: 150, diastolic: 95, spo2: 85)),
                doctorId: doctor, on: conn)
            #expect(c.vitals?.spo2 == 85)
            #expect(c.vitalFlags == ["hypertensive", "lowSpO2"])
            let history = try await HealthRecordStore.vitals(residentId: resident, on: conn)
            #expect(history.count == 1)
            #expect(history.first?.source == .consultation)
            #expect(history.first?.consultationId == c.id)
            #expect(history.first?.flags == ["hypertensive", "lowSpO2"])
        }
    }

    @Test func linkingAnAppointmentCompletesIt() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 75, on: conn)
            let other = try await F.resident(age: 75, on: conn)
            let base = Date().addingTimeInterval(-3 * 86_400)
            let booked = try await F.appointment(residentId: resident, doctorId: doctor, start: base, on: conn)
            let checkedIn = try await F.appointment(
                residentId: resident, doctorId: doctor, start: base.addingTimeInterval(3600), status: .checkedIn,
                on: conn)
            let cancelled = try await F.appointment(
                residentId: resident, doctorId: doctor, start: base.addingTimeInterval(7200), status: .cancelled,
                on: conn)
            let othersBooking = try await F.appointment(
                residentId: other, doctorId: doctor, start: base.addingTimeInterval(10_800), on: conn)
            let colleague = try await F.doctor(on: conn)
            let colleaguesBooking = try await F.appointment(
                residentId: resident, doctorId: colleague, start: base.addingTimeInterval(14_400), on: conn)

            for appointment in [booked, checkedIn] {
                let c = try await ConsultationStore.create(
                    F.consultation(residentId: resident, appointmentId: appointment), doctorId: doctor, on: conn)
                #expect(c.appointmentId == appointment)
                let status = try await conn.query("SELECT status FROM appointments WHERE id = \(appointment)")
                    .first!.decode(String.self, "status")
                #expect(status == "completed")
            }
            await #expect(throws: ClinicalError.appointmentHasConsultation) {
                try await ConsultationStore.create(
                    F.consultation(residentId: resident, appointmentId: booked), doctorId: doctor, on: conn)
            }
            await #expect(throws: ClinicalError.appointmentNotOpen(.cancelled)) {
                try await ConsultationStore.create(
                    F.consultation(residentId: resident, appointmentId: cancelled), doctorId: doctor, on: conn)
            }
            await #expect(throws: ClinicalError.appointmentOfAnotherResident) {
                try await ConsultationStore.create(
                    F.consultation(residentId: resident, appointmentId: othersBooking), doctorId: doctor, on: conn)
            }
            await #expect(throws: ClinicalError.unknownReference(field: "appointmentId")) {
                try await ConsultationStore.create(
                    F.consultation(residentId: resident, appointmentId: UUID()), doctorId: doctor, on: conn)
            }
            // A doctor logs only their own appointments: another doctor's stays theirs to log.
            await #expect(throws: ClinicalError.appointmentOfAnotherDoctor) {
                try await ConsultationStore.create(
                    F.consultation(residentId: resident, appointmentId: colleaguesBooking), doctorId: doctor, on: conn)
            }
            // Refused links leave nothing behind: the other resident's and the colleague's appointments are booked.
            for untouched in [othersBooking, colleaguesBooking] {
                let status = try await conn.query("SELECT status FROM appointments WHERE id = \(untouched)")
                    .first!.decode(String.self, "status")
                #expect(status == "booked")
            }
            await #expect(throws: ClinicalError.unknownReference(field: "residentId")) {
                try await ConsultationStore.create(F.consultation(residentId: UUID()), doctorId: doctor, on: conn)
            }
        }
    }

    @Test func signingIsForTheOwnDoctorOnceAndFreezesTheRecord() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let colleague = try await F.doctor("Dr Colleague", on: conn)
            let resident = try await F.resident(age: 80, on: conn)
            let input = F.consultation(residentId: resident, vitals: Vitals(systolic: 130, diastolic: 80))
            let draft = try await ConsultationStore.create(input, doctorId: doctor, on: conn)

            var edited = input
            edited.notes?.plan = "Add hydrochlorothiazide"
            edited.vitals = Vitals(systolic: 145, diastolic: 92)
            let updated = try await ConsultationStore.updateDraft(draft.id, with: edited, doctorId: doctor, on: conn)
            #expect(updated.notes?.plan == "Add hydrochlorothiazide")
            #expect(try await HealthRecordStore.vitals(residentId: resident, on: conn).map(\.vitals.systolic) == [145])
            await #expect(throws: ClinicalError.notYourConsultation) {
                try await ConsultationStore.updateDraft(draft.id, with: edited, doctorId: colleague, on: conn)
            }

            await #expect(throws: ClinicalError.notYourConsultation) {
                try await ConsultationStore.sign(draft.id, doctorId: colleague, on: conn)
            }
            let signed = try await ConsultationStore.sign(draft.id, doctorId: doctor, on: conn)
            #expect(signed.signed)
            #expect(signed.signedBy == doctor)
            #expect(signed.signedAt != nil)
            await #expect(throws: ClinicalError.signed) {
                try await ConsultationStore.sign(draft.id, doctorId: doctor, on: conn)
            }
            await #expect(throws: ClinicalError.signed) {
                try await ConsultationStore.updateDraft(draft.id, with: input, doctorId: doctor, on: conn)
            }
            await #expect(throws: ClinicalError.notFound(.consultation)) {
                try await ConsultationStore.sign(UUID(), doctorId: doctor, on: conn)
            }

            // Enforced by the database, not only by the store.
            do {
                try await conn.query("UPDATE consultations SET plan = 'tampered' WHERE id = \(draft.id)")
                Issue.record("a signed consultation was updated")
            } catch let error as PostgresError {
                #expect(error.sqlState == "55000")
                #expect(error.constraint == "consultations_signed_immutable")
            }
            await #expect(throws: PostgresError.self) {
                try await conn.query("DELETE FROM consultations WHERE id = \(draft.id)")
            }
            #expect(
                try await ConsultationStore.get(draft.id, visibility: .full, on: conn).notes?.plan
                    == "Add hydrochlorothiazide")

            // Corrections are addenda, by any doctor, with author and time; they never change either.
            let addendum = try await ConsultationStore.addAddendum(
                to: draft.id, text: "  BP 128/78 on recheck.\nContinue.  ", authorId: colleague, on: conn)
            #expect(addendum.text == "BP 128/78 on recheck.\nContinue.")
            #expect(addendum.authorId == colleague)
            let withAddenda = try await ConsultationStore.get(draft.id, visibility: .full, on: conn)
            #expect(withAddenda.addenda == [addendum])
            await #expect(throws: PostgresError.self) {
                try await conn.query("UPDATE consultation_addenda SET text = 'x' WHERE id = \(addendum.id)")
            }
            await #expect(throws: ClinicalError.notFound(.consultation)) {
                try await ConsultationStore.addAddendum(to: UUID(), text: "x", authorId: doctor, on: conn)
            }
            await #expect(throws: ValidationError.self) {
                try await ConsultationStore.addAddendum(to: draft.id, text: "   ", authorId: doctor, on: conn)
            }
        }
    }

    @Test func staffReadHasNoNotes() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 66, on: conn)
            let c = try await ConsultationStore.create(
                F.consultation(residentId: resident, vitals: Vitals(spo2: 88), followUpDays: 14), doctorId: doctor,
                on: conn)
            _ = try await ConsultationStore.addAddendum(to: c.id, text: "Secret detail", authorId: doctor, on: conn)
            let overview = try await ConsultationStore.get(c.id, visibility: .overview, on: conn)
            #expect(overview.notes == nil && overview.vitals == nil && overview.diagnoses == nil)
            #expect(overview.treatments == nil && overview.advice == nil && overview.addenda == nil)
            #expect(overview.followUp?.inDays == 14 && overview.followUp?.note == nil)
            #expect(overview.mode == .remote && overview.doctorId == doctor)
            let encoder = JSONEncoder()
            let json = String(decoding: try encoder.encode(overview), as: UTF8.self)
            for secret in [
                "Headache", "Alert", "amlodipine", "Secret", "notes", "butter", "Plaster", "spo2", "Check blood",
            ] {
                #expect(!json.contains(secret), "staff JSON contains \(secret)")
            }
            let listed = try await ConsultationStore.list(residentId: resident, visibility: .overview, on: conn)
            #expect(listed.items.allSatisfy { $0.notes == nil && $0.addenda == nil })
            let file = try await HealthFileStore.load(residentId: resident, visibility: .overview, on: conn)
            #expect(file.consultations.allSatisfy { $0.notes == nil && $0.addenda == nil })
            #expect(file.followUpsDue.count == 1 && file.followUpsDue.allSatisfy { $0.note == nil })
            let due = try await WorklistStore.followUpsDue(
                before: F.today.adding(days: 30), visibility: .overview, on: conn)
            #expect(due.contains { $0.residentId == resident } && due.allSatisfy { $0.note == nil })
            let full = try await WorklistStore.followUpsDue(
                before: F.today.adding(days: 30), visibility: .full, on: conn)
            #expect(full.first { $0.residentId == resident }?.note == "Check blood pressure")
        }
    }

    @Test func oldUnsignedDraftsAreListedForTheirDoctor() async throws {
        let db = try await TestDatabase.forSuite()
        try await db.pool.withConnection { conn in
            let doctor = try await F.doctor(on: conn)
            let resident = try await F.resident(age: 71, name: "Draft Owner", on: conn)
            let draft = try await ConsultationStore.create(
                F.consultation(residentId: resident), doctorId: doctor, on: conn)
            let signed = try await ConsultationStore.create(
                F.consultation(residentId: resident, mode: "onsite", channel: nil), doctorId: doctor, on: conn)
            _ = try await ConsultationStore.sign(signed.id, doctorId: doctor, on: conn)

            let later = Date().addingTimeInterval(30 * 3600)
            let old = try await ConsultationStore.unsignedDrafts(
                doctorId: doctor, olderThan: .seconds(24 * 3600), now: later, on: conn)
            #expect(old.map(\.consultationId) == [draft.id])
            #expect(old.first?.residentNames.latin == "Draft Owner")
            #expect(old.first.map { (29...30).contains($0.ageHours) } == true)
            #expect(
                try await ConsultationStore.unsignedDrafts(doctorId: doctor, olderThan: .seconds(24 * 3600), on: conn)
                    .isEmpty)
        }
    }
}
