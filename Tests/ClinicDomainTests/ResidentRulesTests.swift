import Foundation
import Testing

@testable import ClinicDomain

@Suite struct ResidentNamesTests {
    @Test func anyOneScriptIsEnough() throws {
        try ResidentNames(bo: "བཀྲ་ཤིས་བདེ་ལེགས").validate()
        try ResidentNames(zh: "扎西").validate()
        try ResidentNames(latin: "Tashi Delek").validate()
    }

    @Test func noNameOrOnlyBlanksIsRejected() {
        #expect(throws: ValidationError(field: "names", message: "needs at least one of bo, zh, latin")) {
            try ResidentNames().validate()
        }
        #expect(throws: ValidationError(field: "names", message: "needs at least one of bo, zh, latin")) {
            try ResidentNames(bo: "   ", zh: "\n", latin: "").validate()
        }
    }

    @Test func normalizedTrimsAndDropsBlanks() {
        let names = ResidentNames(bo: "  བསོད་ནམས  ", zh: " ", latin: "Sonam\n").normalized
        #expect(names == ResidentNames(bo: "བསོད་ནམས", zh: nil, latin: "Sonam"))
    }

    @Test func lengthIsCountedInScalarsAfterTrimming() throws {
        let tibetanSyllable = "བཀྲ་"  // 4 scalars
        #expect(tibetanSyllable.unicodeScalars.count == 4)
        try ResidentNames(bo: String(repeating: tibetanSyllable, count: 50) + "  ").validate()
        #expect(throws: ValidationError(field: "names.bo", message: "must be at most 200 characters")) {
            try ResidentNames(bo: String(repeating: tibetanSyllable, count: 50) + "ཀ").validate()
        }
        try ResidentNames(zh: String(repeating: "张", count: 200)).validate()
        #expect(throws: ValidationError(field: "names.zh", message: "must be at most 200 characters")) {
            try ResidentNames(zh: String(repeating: "张", count: 201)).validate()
        }
    }

    @Test func controlCharactersInsideANameAreRejected() {
        #expect(throws: ValidationError(field: "names.latin", message: "must not contain control characters")) {
            try ResidentNames(latin: "Dorje\nTsering").validate()
        }
        #expect(
            ResidentNames(latin: "Dorje\u{0}").fieldErrors(prefix: "resident.names").map(\.field) == [
                "resident.names.latin"
            ])
    }
}

@Suite struct ResidentRulesTests {
    static let today = LocalDate("2026-12-01")!

    @Test func birthDateIsNotInTheFutureNorBefore1890() {
        #expect(ResidentRules.birthDateErrors(Self.today, today: Self.today).isEmpty)
        #expect(ResidentRules.birthDateErrors(LocalDate("1890-01-01")!, today: Self.today).isEmpty)
        #expect(
            ResidentRules.birthDateErrors(LocalDate("2026-12-02")!, today: Self.today)
                == [FieldError(field: "birthDate", message: "must not be in the future")])
        #expect(
            ResidentRules.birthDateErrors(LocalDate("1889-12-31")!, today: Self.today)
                == [FieldError(field: "birthDate", message: "must not be before 1890-01-01")])
    }

    @Test func languagesArePrimaryLowerCaseTags() {
        #expect(ResidentRules.languageErrors(["bo", "zh", "en", "ug", "ii"]).isEmpty)
        #expect(ResidentRules.languageErrors([]).isEmpty)
        #expect(ResidentRules.languageErrors(["abcdefgh"]).isEmpty)
        #expect(
            ResidentRules.languageErrors(["BO", "b", "abcdefghi", "zh-CN", "", "藏"]).map(\.field) == [
                "languages[0]", "languages[1]", "languages[2]", "languages[3]", "languages[4]", "languages[5]",
            ])
        #expect(
            ResidentRules.languageErrors(["bo", "zh", "bo"])
                == [FieldError(field: "languages[2]", message: "is listed twice")])
    }

    @Test func atMostTenLanguages() {
        let ten = ["aa", "ab", "ac", "ad", "ae", "af", "ag", "ah", "ai", "aj"]
        #expect(ResidentRules.languageErrors(ten).isEmpty)
        #expect(
            ResidentRules.languageErrors(ten + ["ak"])
                == [FieldError(field: "languages", message: "must list at most 10 languages")])
    }

    @Test(arguments: [
        "+86 138-0013-8000", "13800138000", "12345", "0891-6321234", "  0891 632 1234 ", "12345678901234567890",
    ])
    func acceptedPhones(phone: String) {
        #expect(ResidentRules.phoneErrors(phone).isEmpty)
    }

    @Test func rejectedPhonesSayWhy() {
        let digits = FieldError(field: "phone", message: "must have 5 to 20 digits")
        let characters = FieldError(field: "phone", message: "may only contain digits, spaces, '-' and a leading '+'")
        #expect(ResidentRules.phoneErrors("1234") == [digits])
        #expect(ResidentRules.phoneErrors("123456789012345678901") == [digits])
        #expect(ResidentRules.phoneErrors("+ - -") == [digits])
        #expect(ResidentRules.phoneErrors("") == [digits])
        #expect(ResidentRules.phoneErrors("138a0013800") == [characters])
        #expect(ResidentRules.phoneErrors("86+13800138000") == [characters])
        #expect(ResidentRules.phoneErrors("(0891) 6321234") == [characters])
        #expect(ResidentRules.phoneErrors("１３８００１３８０００") == [characters])
    }

    @Test func phoneDigitsForSearch() {
        #expect(ResidentRules.digitsOf("+86 138-0013-8000") == "8613800138000")
        #expect(ResidentRules.digitsOf("") == "")
    }

    @Test func idNumbersAreMaskedToTheLastFour() {
        #expect(ResidentRules.maskIdNumber("540102195001011234") == "**************1234")
        #expect(ResidentRules.maskIdNumber("11010519491231002X") == "**************002X")
        #expect(ResidentRules.maskIdNumber("540102195001011234").count == 18)
        #expect(ResidentRules.maskIdNumber(" E12345678 ") == "*****5678")
        #expect(ResidentRules.maskIdNumber("12345") == "*2345")
        #expect(ResidentRules.maskIdNumber("1234") == "****")
        #expect(ResidentRules.maskIdNumber("12") == "**")
        #expect(ResidentRules.maskIdNumber("") == "")
    }

    @Test func idNumberTailIsUpperCaseLastFour() {
        #expect(ResidentRules.idNumberTail("11010519491231002x") == "002X")
        #expect(ResidentRules.idNumberTail("540102195001011234") == "1234")
        #expect(ResidentRules.idNumberTail("1234") == "1234")
        #expect(ResidentRules.idNumberTail("123") == nil)
    }

    @Test func chineseChecksumIsRecognisedButNotEnforced() {
        #expect(IdNumber.hasValidChineseChecksum("11010519491231002X"))
        #expect(IdNumber.hasValidChineseChecksum("11010519491231002x"))
        #expect(IdNumber.hasValidChineseChecksum("440524188001010014"))
        #expect(!IdNumber.hasValidChineseChecksum("540102195001011234"))
        #expect(!IdNumber.hasValidChineseChecksum("1101051949123100"))
        #expect(!IdNumber.hasValidChineseChecksum("1101051949123100AX"))
        #expect(ResidentRules.idNumberErrors("540102195001011234").isEmpty)
    }

    @Test func idNumberShape() {
        #expect(ResidentRules.idNumberErrors("E1234-5678").isEmpty)
        #expect(ResidentRules.idNumberErrors("abcd").isEmpty)
        let error = [FieldError(field: "idNumber", message: "must be 4 to 32 letters, digits or '-'")]
        #expect(ResidentRules.idNumberErrors("123") == error)
        #expect(ResidentRules.idNumberErrors(String(repeating: "1", count: 33)) == error)
        #expect(ResidentRules.idNumberErrors("5401 0219") == error)
        #expect(ResidentRules.idNumberErrors("５４０１０２") == error)
    }

    @Test func validateChecksOnlyTheFieldsGiven() throws {
        try ResidentRules.validate(
            names: nil, birthDate: nil, languages: nil, phone: nil, idNumber: nil, today: Self.today)
        do {
            try ResidentRules.validate(
                names: ResidentNames(), birthDate: LocalDate("2030-01-01"), languages: ["EN"], phone: "12",
                idNumber: "x", today: Self.today)
            Issue.record("expected a validation error")
        } catch {
            #expect(error.fields == ["names", "birthDate", "languages[0]", "phone", "idNumber"])
        }
    }

    @Test func priorityMeansAnyFlag() {
        #expect(!PriorityFlag.isPriority([PriorityFlag]()))
        #expect(PriorityFlag.isPriority([.livesAlone]))
        #expect(PriorityFlag.isPriority(Set([.lowIncome, .disabled])))
        #expect(
            PriorityFlag.allCases.map(\.rawValue) == [
                "livesAlone", "emptyNest", "disabled", "lowIncome", "specialHardship",
            ])
        #expect(Sex.allCases.map(\.rawValue) == ["female", "male", "other", "unknown"])
    }
}

@Suite struct AgeTests {
    @Test func ageCountsWholeYears() {
        let birth = LocalDate("1950-06-15")!
        #expect(birth.age(on: LocalDate("2026-06-14")!) == 75)
        #expect(birth.age(on: LocalDate("2026-06-15")!) == 76)
        #expect(birth.age(on: LocalDate("2026-12-31")!) == 76)
        #expect(birth.age(on: birth) == 0)
        #expect(birth.age(on: LocalDate("1950-06-14")!) == -1)
    }

    @Test func leapDayBirthdaysTurnOverOnFirstOfMarchInCommonYears() {
        let birth = LocalDate("2024-02-29")!
        #expect(birth.age(on: LocalDate("2025-02-28")!) == 0)
        #expect(birth.age(on: LocalDate("2025-03-01")!) == 1)
        #expect(birth.age(on: LocalDate("2028-02-28")!) == 3)
        #expect(birth.age(on: LocalDate("2028-02-29")!) == 4)
    }

    @Test func latestBirthDateAgreesWithAge() {
        #expect(LocalDate.latestBirthDate(forAgeAtLeast: 65, on: LocalDate("2026-12-01")!) == LocalDate("1961-12-01"))
        #expect(LocalDate.latestBirthDate(forAgeAtLeast: 1, on: LocalDate("2028-02-29")!) == LocalDate("2027-02-28"))
        #expect(LocalDate.latestBirthDate(forAgeAtLeast: 4, on: LocalDate("2028-02-29")!) == LocalDate("2024-02-29"))
        let start = LocalDate("2023-12-25")!
        for offset in 0..<800 {
            let today = start.adding(days: offset)
            for years in [0, 1, 3, 65] {
                let cutoff = LocalDate.latestBirthDate(forAgeAtLeast: years, on: today)
                #expect(cutoff.age(on: today) >= years)
                #expect(cutoff.adding(days: 1).age(on: today) < years)
            }
        }
    }
}
