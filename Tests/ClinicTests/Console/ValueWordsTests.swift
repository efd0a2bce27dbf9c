import Testing

@testable import Clinic
@testable import ClinicDomain

/// Every value the API can send that a console page shows has words in the three languages: a new status, mode or
/// vital flag in the domain fails here until the console can say it (else the page would show the raw value).
@Suite struct ValueWordsTests {
    static func expectWords(_ table: [String: Words], _ values: [String], _ kind: String) {
        for value in values {
            let words = table[value]
            #expect(words != nil, "\(kind) \(value) has no words")
            if let words {
                #expect(!words.bo.isEmpty && !words.zh.isEmpty && !words.en.isEmpty, "\(kind) \(value)")
                #expect(words.bo != value && words.zh != value, "\(kind) \(value) is not translated")
            }
        }
        #expect(Set(table.keys) == Set(values), "\(kind): words for values the domain does not have")
    }

    @Test func everyValueTheConsoleShowsHasWords() {
        Self.expectWords(ValueWords.modes, ConsultationMode.allCases.map(\.rawValue), "mode")
        Self.expectWords(
            ValueWords.appointmentStatuses, AppointmentStatus.allCases.map(\.rawValue), "appointment status")
        Self.expectWords(ValueWords.channels, ConsultationChannel.allCases.map(\.rawValue), "channel")
        Self.expectWords(ValueWords.problemStatuses, ProblemStatus.allCases.map(\.rawValue), "problem status")
        Self.expectWords(ValueWords.allergySeverities, AllergySeverity.allCases.map(\.rawValue), "allergy severity")
        let flags = (VitalRange.table + [VitalRange.bmi]).flatMap { $0.flags.map(\.flag) }
        Self.expectWords(ValueWords.vitalFlags, Array(Set(flags)), "vital flag")
    }

    /// The default sessions' names (and the other usual ones) in each language; a name a clinic chose as it is.
    @Test func sessionNamesAreTranslatedWhenTheyAreTheUsualOnes() {
        for session in ClinicSettings.default.sessions {
            let words = ValueWords.session(session.name)
            #expect(words.zh != session.name && words.bo != session.name, "\(session.name)")
        }
        #expect(ValueWords.session("morning")(.zh) == "上午" && ValueWords.session("Afternoon")(.bo) == "ཕྱི་དྲོ།")
        #expect(ValueWords.session("Market day")(.zh) == "Market day")
    }

    @Test func anUnknownValueIsShownAsItCame() {
        #expect(ValueWords.mode("teleport")(.bo) == "teleport")
        #expect(ValueWords.appointmentStatus("booked")(.zh) == "已预约")
    }
}
