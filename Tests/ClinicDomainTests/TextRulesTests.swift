import Foundation
import Testing

@testable import ClinicDomain

/// Issue 17, item 5: one place for the text rules every input shares.
@Suite struct TextRulesTests {
    @Test func reasonRuleIsTheAppointmentsRule() {
        let longest = String(repeating: "a", count: TextRules.reasonMaximum)
        #expect(TextRules.reasonErrors(longest).isEmpty)
        let tooLong = [FieldError(field: "reason", message: "must be at most 1000 characters")]
        #expect(TextRules.reasonErrors(longest + "a") == tooLong)
        #expect(TextRules.reasonErrors("a\u{7}b").map(\.field) == ["reason"])
        #expect(TextRules.reasonErrors(nil).isEmpty)
        let booking = NewAppointment(slotId: UUID(), residentId: UUID(), mode: .onsite, reason: longest + "a")
        #expect(throws: ValidationError(tooLong)) {
            try booking.validate()
        }
    }

    @Test func plainTextHasOneLimitAndOneCleaning() {
        #expect(TextRules.errors(String(repeating: "x", count: TextRules.defaultMaximum), field: "f").isEmpty)
        #expect(TextRules.errors(String(repeating: "x", count: 501), field: "f").map(\.field) == ["f"])
        #expect(TextRules.clean("  Barkor  ") == "Barkor")
        #expect(TextRules.clean(" \n ") == nil)
        #expect(ClinicalText.clean(" note ") == "note")
    }
}
