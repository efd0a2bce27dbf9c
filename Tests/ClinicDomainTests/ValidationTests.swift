import Testing

@testable import ClinicDomain

@Suite struct ValidationTests {
    @Test func validatorCollectsEveryFailureInOrder() {
        var v = Validator()
        let passed = v.check(true, field: "a", message: "never")
        let failed = v.check(false, field: "names", message: "needs a name")
        #expect(passed)
        #expect(!failed)
        v.fail(field: "vitals.systolic", message: "too high")
        #expect(!v.isValid)
        #expect(
            v.errors == [
                FieldError(field: "names", message: "needs a name"),
                FieldError(field: "vitals.systolic", message: "too high"),
            ])
    }

    @Test func finishThrowsCollectedErrorsAndPassesWhenClean() {
        var clean = Validator()
        clean.check(true, field: "x", message: "no")
        #expect(throws: Never.self) { try clean.finish() }

        var dirty = Validator()
        dirty.check(false, field: "sessions[1].end", message: "must be after start")
        #expect(throws: ValidationError(field: "sessions[1].end", message: "must be after start")) {
            try dirty.finish()
        }
    }

    @Test func includeKeepsNestedErrorsAndGoesOn() {
        var v = Validator()
        v.include { () throws(ValidationError) in
            throw ValidationError([FieldError(field: "vitals.spo2", message: "bad")])
        }
        v.include([FieldError(field: "names", message: "missing")])
        v.include { () throws(ValidationError) in }
        #expect(v.errors.map(\.field) == ["vitals.spo2", "names"])
    }

    @Test func fieldPathsSpellJSONPaths() {
        #expect(FieldPath.join("vitals", "systolic") == "vitals.systolic")
        #expect(FieldPath.join("", "name") == "name")
        #expect(FieldPath.join(FieldPath.index("sessions", 1), "end") == "sessions[1].end")
    }

    @Test func validationErrorDescribesItsFields() {
        let error = ValidationError([FieldError(field: "a", message: "x"), FieldError(field: "b", message: "y")])
        #expect(error.fields == ["a", "b"])
        #expect(error.description == "ValidationError(a: x; b: y)")
    }
}
