import Testing

@testable import ClinicDomain

@Suite struct ICD10Tests {
    @Test(arguments: ["I10", "E11.9", "J45.909", "S52.521A", "C4A", "M1A.0", "Z99.89", "U07.1", "A00.0", "E11.65"])
    func wellFormedCodes(code: String) {
        #expect(ICD10.isWellFormed(code))
    }

    @Test(arguments: [
        "", "I", "I1", "i10", "IO0", "10I", "II0", "E119", "I10.", "E11.12345", "E11,9", " I10", "I10 ", "E11..9",
        "E11.9.1", "E11-9", "I10.x00x002", "Ｉ10", "E11.9a", "J45.9O9 ",
    ])
    func malformedCodes(code: String) {
        #expect(!ICD10.isWellFormed(code))
    }

    @Test func normalizedTrimsAndUpperCases() {
        #expect(ICD10.normalized(" e11.9 ") == "E11.9")
        #expect(ICD10.normalized("j45.909") == "J45.909")
        #expect(ICD10.normalized("I10") == "I10")
        #expect(ICD10.normalized("e119") == nil)
        #expect(ICD10.normalized("") == nil)
    }
}
