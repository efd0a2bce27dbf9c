import Foundation
import Testing

@testable import ClinicDomain

@Suite struct AppointmentStatusTests {
    @Test func onlyTheContractsTransitionsAreAllowed() {
        let allowed: Set<String> = [
            "booked>checkedIn", "booked>cancelled", "booked>noShow", "checkedIn>completed", "displaced>cancelled",
        ]
        for from in AppointmentStatus.allCases {
            for to in AppointmentStatus.allCases {
                #expect(
                    from.canTransition(to: to) == allowed.contains("\(from.rawValue)>\(to.rawValue)"), "\(from) → \(to)"
                )
            }
        }
    }

    @Test func staffCannotCompleteWithoutCheckInButALoggedConsultationCan() {
        #expect(!AppointmentStatus.booked.canTransition(to: .completed))
        #expect(AppointmentStatus.booked.canCompleteByConsultation)
        #expect(AppointmentStatus.checkedIn.canCompleteByConsultation)
        #expect(!AppointmentStatus.completed.canCompleteByConsultation)
        #expect(!AppointmentStatus.cancelled.canCompleteByConsultation)
        #expect(!AppointmentStatus.noShow.canCompleteByConsultation)
    }

    @Test func finalStatusesGoNowhere() {
        #expect(AppointmentStatus.allCases.filter(\.isFinal) == [.completed, .cancelled, .noShow, .rebooked])
        for status in AppointmentStatus.allCases where status.isFinal {
            #expect(AppointmentStatus.allCases.allSatisfy { !status.canTransition(to: $0) })
        }
    }

    @Test func capacityAndRescheduling() {
        #expect(AppointmentStatus.allCases.filter(\.occupiesSlot) == [.booked, .checkedIn, .completed])
        #expect(AppointmentStatus.allCases.filter(\.canReschedule) == [.booked])
    }

    @Test func rawValuesAreTheAPIStrings() throws {
        #expect(
            AppointmentStatus.allCases.map(\.rawValue)
                == ["booked", "checkedIn", "completed", "cancelled", "noShow", "displaced", "rebooked"])
        let decoded = try JSONDecoder().decode([AppointmentStatus].self, from: Data(#"["noShow","checkedIn"]"#.utf8))
        #expect(decoded == [.noShow, .checkedIn])
    }
}
