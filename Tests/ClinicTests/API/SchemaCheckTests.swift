import Foundation
import Testing

@testable import Clinic
@testable import ClinicSupport

/// The server's reading of its own published schemas: what a request breaks, and whether it is malformed (400) or a
/// value out of bounds (422).
@Suite struct SchemaCheckTests {
    func violations(_ value: JSONValue, _ schema: JSONSchema) -> [SchemaViolation] {
        SchemaCheck.violations(of: value, against: schema.json)
    }

    @Test func queryValuesAreReadAsTheirDeclaredType() {
        let age = JSONSchema.integer(minimum: 0, maximum: 150).json
        #expect(SchemaCheck.violation(ofQueryValue: "65", against: age) == nil)
        #expect(SchemaCheck.violation(ofQueryValue: "151", against: age) == "must be at most 150")
        #expect(SchemaCheck.violation(ofQueryValue: "+5", against: age) == "must be a whole number")
        #expect(SchemaCheck.violation(ofQueryValue: "1", against: JSONSchema.queryBoolean.json) == nil)
        #expect(SchemaCheck.violation(ofQueryValue: "maybe", against: JSONSchema.queryBoolean.json) != nil)
        #expect(SchemaCheck.violation(ofQueryValue: "2026-02-30", against: JSONSchema.date.json) != nil)
    }

    /// Lengths are counted in code points, as JSON Schema counts them: 200 Chinese characters are 200.
    @Test func lengthsCountCodePoints() {
        let q = JSONSchema.string(maxLength: 200)
        #expect(violations(.string(String(repeating: "卓", count: 200)), q).isEmpty)
        #expect(violations(.string(String(repeating: "卓", count: 201)), q).map(\.malformed) == [false])
    }

    /// Text over its length is refused for that alone: the pattern never runs over it, so no body can make a pattern
    /// with nested repetition backtrack over a megabyte.
    @Test func anOverLongTextIsNotMatchedAgainstItsPattern() {
        let password = SecurityRoutes.newUserBody.json
        let body: JSONValue = .object([
            "username": "frontdesk", "role": "staff",
            "password": .string(String(repeating: " ", count: 1_000_000) + "\u{1}"),
        ])
        let found = SchemaCheck.violations(of: body, against: password)
        #expect(found.map(\.message) == ["must be at most 200 characters"])
    }

    /// Text within its maxLength is matched against its pattern however long the maxLength (a 20,000-character note).
    @Test func aLongTextWithinItsMaxLengthIsAccepted() {
        let note = JSONSchema.text(maxLength: 20_000, lineBreaks: true)
        #expect(violations(.string(String(repeating: "0", count: 20_000)), note).isEmpty)
        #expect(violations(.string(String(repeating: "0", count: 20_000) + "\u{1}"), note).map(\.malformed) == [false])
    }

    @Test func textRefusesControlCharactersAndBlanks() {
        let plain = JSONSchema.text(maxLength: 100)
        #expect(violations("Grid 3", plain).isEmpty)
        #expect(!violations("Grid\n3", plain).isEmpty)
        let clinical = JSONSchema.text(maxLength: 100, required: true, lineBreaks: true)
        #expect(violations("dizzy\nmornings", clinical).isEmpty)
        #expect(!violations(" \t\n", clinical).isEmpty)
        #expect(!violations("bell\u{7}", clinical).isEmpty)
    }

    @Test func shapeIsMalformedAndBoundsAreNot() {
        let body = JSONSchema.object(
            ["replace": .boolean, "doctorsPerSession": .integer(minimum: 1, maximum: 5)], required: ["from"])
        let found = violations(["replace": .null, "doctorsPerSession": 9, "extra": 1], body)
        #expect(Set(found.map(\.field)) == ["from", "replace", "doctorsPerSession", "extra"])
        #expect(found.first { $0.field == "doctorsPerSession" }?.malformed == false)
        #expect(found.filter(\.malformed).count == 3)
    }

    /// `anyOf` of "this member is required" reads as "at least one of"; a nullable member is judged by its non-null
    /// form.
    @Test func anyOfIsExplainedByItsClosestBranch() {
        let names = ResidentRoutes.inputNames
        #expect(violations([:], names).map(\.message) == ["needs at least one of bo, zh, latin"])
        #expect(violations(["latin": "Tashi"], names).isEmpty)
        #expect(violations(["latin": "Tashi", "zh": .null], names).isEmpty)
        #expect(violations(["latin": "  "], names).map(\.field) == ["latin"])
        #expect(violations(.int(3), JSONSchema.date.nullable).map(\.message) == ["must be string"])
        #expect(violations(.null, JSONSchema.date.nullable).isEmpty)
    }

    @Test func multiplesAndUniqueItems() {
        #expect(violations(15, ClinicRoutes.slotMinutes).isEmpty)
        #expect(violations(12, ClinicRoutes.slotMinutes).map(\.message) == ["must be a multiple of 5"])
        #expect(violations(["bo", "bo"], .languages).map(\.message) == ["must not repeat an item"])
    }
}
