import Foundation

/// How a resident meets a doctor: at the clinic, by video or phone, or at home.
/// Each mode has its own slot length (`SlotMinutes`) and its own part of a session (`SlotPlanner`).
package enum ConsultationMode: String, Codable, Sendable, CaseIterable {
    case onsite, remote, home
}
