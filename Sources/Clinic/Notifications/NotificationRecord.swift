import ClinicDomain
import Foundation

/// A row of the notifications outbox as the store reads it: what the notice is about as of the event, its recipient
/// and delivery state, and what rendering its text needs besides (the doctor's and the clinic's names, the clinic's
/// zone, the resident's name in the notice's language).
struct NotificationRecord: Sendable, Equatable {
    var id: UUID
    var clinicId: UUID
    var residentId: UUID
    var appointmentId: UUID?
    var kind: NoticeKind
    var language: Language
    var recipientName: String?
    var recipientPhone: String?
    var recipientRelation: String?
    var startsAt: Date?
    var endsAt: Date?
    var previousStartsAt: Date?
    var doctorName: String?
    var mode: ConsultationMode?
    var status: NotificationStatus
    var reason: String?
    var attempts: Int
    var createdAt: Date
    var sentAt: Date?
    var residentName: String?
    /// The resident's names in every script, as the register holds them now (for the desk, not the gateway).
    var residentNames: ResidentNames
    var clinicName: String
    var timeZone: String
}

enum NotificationStatus: String, Codable, Sendable, CaseIterable {
    case pending, sent, failed
}

/// A notification as the API shows it and as the gateway receives it (API.md, "Schedule changes, notifications").
struct ResidentNotice: Encodable, Sendable, Equatable {
    struct Recipient: Encodable, Sendable, Equatable {
        var name: String?
        var phone: String?
        /// `self`, `emergencyContact` or `gridWorker`; null with the phone when nobody could be found.
        var relation: String?

        /// Every member written, null or not: the contract names all three.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(phone, forKey: .phone)
            try container.encode(relation, forKey: .relation)
        }

        enum CodingKeys: String, CodingKey { case name, phone, relation }
    }

    var id: UUID
    var clinicId: UUID
    var residentId: UUID
    /// Who the notice is about, for the desk reading the list; nil (not written) in the gateway's body, which
    /// needs the recipient and the text, not the register's names.
    var residentNames: ResidentNames?
    var appointmentId: UUID?
    var kind: NoticeKind
    var language: Language
    var recipient: Recipient
    var text: String
    var status: NotificationStatus
    /// Only on a failed notice: `noRecipient`, or `gateway` when the attempts ran out.
    var reason: String?
    var attempts: Int
    var createdAt: Date
    var sentAt: Date?
}
