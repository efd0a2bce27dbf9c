import Foundation

/// What a grid worker found at a resident's door.
package enum OutreachOutcome: String, Codable, Sendable, CaseIterable, Hashable {
    case seenWell, notHome, needsDoctor, hospitalised, movedAway, deceased

    /// Whether the visit saw the resident: it counts as "seen" on the unvisited-elderly list (`basis=any`).
    package var sawResident: Bool { self == .seenWell || self == .needsDoctor }

    /// The inactive reason this outcome gives the resident (moved away, deceased), if any.
    package var inactiveReason: InactiveReason? { InactiveReason(rawValue: rawValue) }
}

/// Why a resident is no longer cared for here.
package enum InactiveReason: String, Codable, Sendable, CaseIterable, Hashable {
    case movedAway, deceased
}

/// `POST /v1/residents/{id}/outreach-visits`.
package struct NewOutreachVisit: Codable, Sendable, Equatable {
    package var visitedAt: ZonedInstant
    /// Text, so an unknown outcome is a field error naming the field.
    package var outcome: String
    package var systolic: Int?
    package var diastolic: Int?
    package var note: String?

    package init(visitedAt: ZonedInstant, outcome: String, systolic: Int? = nil, diastolic: Int? = nil, note: String? = nil) {
        self.visitedAt = visitedAt
        self.outcome = outcome
        self.systolic = systolic
        self.diastolic = diastolic
        self.note = note
    }

    /// How long after a visit it may still be recorded: a year (366 days), for a round's paper notes typed in late.
    package static let latestEntry: TimeInterval = 366 * 86_400

    /// Checks every field (blood pressure as the vitals: both or neither, in range, diastolic below systolic; a visit
    /// not in the future, nor more than `latestEntry` ago) and gives the outcome as a value.
    package func validated(now: Date = Date()) throws(ValidationError) -> OutreachOutcome {
        var v = Validator()
        let outcome = OutreachOutcome(rawValue: outcome)
        v.check(
            outcome != nil, field: "outcome",
            message: "must be one of " + OutreachOutcome.allCases.map(\.rawValue).joined(separator: ", "))
        v.check(
            visitedAt.date <= now.addingTimeInterval(300), field: "visitedAt", message: "must not be in the future")
        v.check(
            visitedAt.date >= now.addingTimeInterval(-Self.latestEntry), field: "visitedAt",
            message: "must be within the last year (a visit is recorded from the round's notes, not from archives)")
        v.check(
            (systolic == nil) == (diastolic == nil), field: systolic == nil ? "systolic" : "diastolic",
            message: "systolic and diastolic go together")
        if let systolic { v.check((50...300).contains(systolic), field: "systolic", message: "must be between 50 and 300") }
        if let diastolic {
            v.check((20...200).contains(diastolic), field: "diastolic", message: "must be between 20 and 200")
        }
        if let systolic, let diastolic {
            v.check(diastolic < systolic, field: "diastolic", message: "must be lower than systolic")
        }
        v.include(TextRules.errors(note, field: "note", maximum: 2000))
        try v.finish()
        return outcome!
    }
}

/// One outreach visit as the API shows it; `note` only to readers who may see it (staff, doctors, admins and the
/// grid worker who records).
package struct OutreachVisit: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID
    package var residentId: UUID
    package var visitedAt: ZonedInstant
    package var outcome: OutreachOutcome
    package var systolic: Int?
    package var diastolic: Int?
    package var note: String?
    package var recordedBy: UUID
    package var createdAt: ZonedInstant
    /// The doctor request a `needsDoctor` visit opened.
    package var doctorRequestId: UUID?

    package init(
        id: UUID, clinicId: UUID, residentId: UUID, visitedAt: ZonedInstant, outcome: OutreachOutcome, systolic: Int?,
        diastolic: Int?, note: String?, recordedBy: UUID, createdAt: ZonedInstant, doctorRequestId: UUID?
    ) {
        self.id = id
        self.clinicId = clinicId
        self.residentId = residentId
        self.visitedAt = visitedAt
        self.outcome = outcome
        self.systolic = systolic
        self.diastolic = diastolic
        self.note = note
        self.recordedBy = recordedBy
        self.createdAt = createdAt
        self.doctorRequestId = doctorRequestId
    }
}

/// A doctor request's state: `open` until staff book it (green channel) or close it.
package enum DoctorRequestStatus: String, Codable, Sendable, CaseIterable {
    case open, booked, closed
}

/// `GET /v1/worklists/doctor-requests` rows: a resident a grid worker found in need of a doctor.
package struct DoctorRequest: Codable, Sendable, Equatable {
    package var id: UUID
    package var clinicId: UUID
    package var residentId: UUID
    package var visitId: UUID
    package var createdAt: ZonedInstant
    package var note: String?
    package var status: DoctorRequestStatus
    package var appointmentId: UUID?
    package var closeReason: String?
    /// Who and where, for the desk's call: the resident's names, phone, grid and address.
    package var names: ResidentNames?
    package var phone: String?
    package var grid: String?
    package var address: String?
    package var visitedAt: ZonedInstant?
    /// What the grid worker measured at the door, for the desk to judge how soon; nil when not measured.
    package var systolic: Int?
    package var diastolic: Int?
    /// The grid worker who made the visit (their username), to call back.
    package var visitedBy: String?

    package init(
        id: UUID, clinicId: UUID, residentId: UUID, visitId: UUID, createdAt: ZonedInstant, note: String?,
        status: DoctorRequestStatus, appointmentId: UUID?, closeReason: String?, names: ResidentNames?, phone: String?,
        grid: String?, address: String?, visitedAt: ZonedInstant?, systolic: Int? = nil, diastolic: Int? = nil,
        visitedBy: String? = nil
    ) {
        self.id = id
        self.clinicId = clinicId
        self.residentId = residentId
        self.visitId = visitId
        self.createdAt = createdAt
        self.note = note
        self.status = status
        self.appointmentId = appointmentId
        self.closeReason = closeReason
        self.names = names
        self.phone = phone
        self.grid = grid
        self.address = address
        self.visitedAt = visitedAt
        self.systolic = systolic
        self.diastolic = diastolic
        self.visitedBy = visitedBy
    }
}
