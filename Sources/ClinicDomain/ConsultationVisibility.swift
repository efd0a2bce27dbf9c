import Foundation

/// How much of a consultation a reader may see: the one view every read of consultation data goes through
/// (a consultation, a resident's list, the health file, the summary in every format, the follow-up work list).
///
/// The contract: "staff see that a consultation took place (when, mode, doctor, that a follow-up is due, when and
/// in which mode) but not its notes, its follow-up note or its addenda". Diagnoses, treatments and advice are
/// what the doctor wrote too, so staff do not see them either. Vitals are measurements, not the doctor's words:
/// staff read them in the health file's vitals history and the summary (also those taken at a consultation,
/// which carry its `consultationId`), but not inside the consultation itself.
package enum ConsultationVisibility: Sendable, Equatable {
    /// Everything: for doctors and admins.
    case full
    /// That it took place (when, mode, channel, doctor, follow-up due date and mode, signature) without any text
    /// the doctor wrote: notes, vitals, diagnoses, treatments, advice, the follow-up note and addenda are not
    /// even read from the database (`ClinicalSQL`). For staff.
    case overview

    /// The view of a role. Exhaustive on purpose: a new role must be given its view here, never inherit `.full`.
    package init(role: Role) {
        switch role {
        case .admin, .doctor, .countyAdmin: self = .full
        case .staff, .countyViewer, .gridWorker: self = .overview
        }
    }
}
