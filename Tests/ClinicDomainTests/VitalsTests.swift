import Foundation
import Testing

@testable import ClinicDomain

@Suite struct VitalsTests {
    @Test func normalReadingPassesWithoutFlags() throws {
        let vitals = Vitals(
            systolic: 118, diastolic: 76, heartRate: 72, spo2: 95, temperature: 36.5, glucose: 5.4, weightKg: 60,
            heightCm: 165)
        try vitals.validate()
        #expect(vitals.flags() == [])
        #expect(!vitals.isEmpty)
        #expect(Vitals().isEmpty)
    }

    @Test func impossibleValuesAreRejectedByPath() {
        #expect(throws: ValidationError(field: "vitals.systolic", message: "must be between 50 and 300 mmHg")) {
            try Vitals(systolic: 900).validate()
        }
        #expect(throws: ValidationError(field: "vitals.spo2", message: "must be between 50 and 100 %")) {
            try Vitals(spo2: 101).validate()
        }
        #expect(throws: ValidationError(field: "vitals.temperature", message: "must be between 30 and 45 °C")) {
            try Vitals(temperature: 50).validate()
        }
        #expect(throws: ValidationError(field: "vitals.diastolic", message: "must be lower than systolic")) {
            try Vitals(systolic: 120, diastolic: 120).validate()
        }
        #expect(throws: ValidationError(field: "reading.glucose", message: "must be between 1 and 50 mmol/L")) {
            try Vitals(glucose: 0.5).validate(prefix: "reading")
        }
        #expect(throws: ValidationError(field: "heightCm", message: "must be between 30 and 250 cm")) {
            try Vitals(heightCm: 300).validate(prefix: "")
        }
    }

    @Test func everyBrokenRuleIsReportedAtOnce() {
        let vitals = Vitals(systolic: 80, diastolic: 90, heartRate: 300, spo2: 49, temperature: .nan, weightKg: 0)
        #expect(
            vitals.fieldErrors().map(\.field) == [
                "vitals.heartRate", "vitals.spo2", "vitals.temperature", "vitals.weightKg", "vitals.diastolic",
            ])
    }

    @Test(arguments: [
        // field, value at the accepted edge (passes), value just outside (fails)
        ("systolic", 50.0, 49.0), ("systolic", 300, 301), ("diastolic", 20, 19), ("heartRate", 20, 19),
        ("heartRate", 250, 251), ("spo2", 50, 49), ("spo2", 100, 101), ("temperature", 30, 29.9),
        ("temperature", 45, 45.1), ("glucose", 1, 0.9), ("glucose", 50, 50.1), ("weightKg", 0.5, 0.4),
        ("weightKg", 350, 350.5), ("heightCm", 30, 29.5), ("heightCm", 250, 250.5),
    ])
    func acceptedRangeEdges(field: String, inside: Double, outside: Double) {
        #expect(Self.vitals(field, inside).fieldErrors().isEmpty)
        #expect(Self.vitals(field, outside).fieldErrors().map(\.field) == ["vitals." + field])
    }

    @Test(arguments: [
        (100, [String]()), (90, []), (89, ["lowSpO2"]), (85, ["lowSpO2"]), (70, ["lowSpO2"]),
        (69, ["lowSpO2", "criticalSpO2"]), (50, ["lowSpO2", "criticalSpO2"]),
    ])
    func highAltitudeSpO2IsFlaggedNotRejected(spo2: Int, flags: [String]) throws {
        let vitals = Vitals(spo2: spo2)
        try vitals.validate()
        #expect(vitals.flags() == flags)
    }

    @Test(arguments: [
        (139, 89, [String]()), (140, 80, ["hypertensive"]), (120, 90, ["hypertensive"]), (89, 60, ["hypotensive"]),
        (90, 60, []), (179, 119, ["hypertensive"]), (180, 100, ["hypertensive", "hypertensiveCrisis"]),
        (150, 120, ["hypertensive", "hypertensiveCrisis"]),
    ])
    func bloodPressureFlags(systolic: Int, diastolic: Int, flags: [String]) throws {
        let vitals = Vitals(systolic: systolic, diastolic: diastolic)
        try vitals.validate()
        #expect(vitals.flags() == flags)
    }

    @Test func otherFlagsAtTheirThresholds() {
        #expect(Vitals(heartRate: 49).flags() == ["bradycardia"])
        #expect(Vitals(heartRate: 50).flags() == [])
        #expect(Vitals(heartRate: 100).flags() == [])
        #expect(Vitals(heartRate: 101).flags() == ["tachycardia"])
        #expect(Vitals(temperature: 34.9).flags() == ["hypothermia"])
        #expect(Vitals(temperature: 35.0).flags() == [])
        #expect(Vitals(temperature: 37.2).flags() == [])
        #expect(Vitals(temperature: 37.3).flags() == ["fever"])
        #expect(Vitals(temperature: 39.0).flags() == ["fever", "highFever"])
        #expect(Vitals(glucose: 3.8).flags() == ["hypoglycemia"])
        #expect(Vitals(glucose: 3.9).flags() == [])
        #expect(Vitals(glucose: 11.0).flags() == [])
        #expect(Vitals(glucose: 11.1).flags() == ["hyperglycemia"])
    }

    @Test func bodyMassIndexUsesChineseAdultCutOffs() throws {
        #expect(abs(try #require(Vitals(weightKg: 72.25, heightCm: 170).bmi) - 25) < 1e-9)
        #expect(Vitals(weightKg: 53, heightCm: 170).flags() == ["underweight"])  // 18.3
        #expect(Vitals(weightKg: 54, heightCm: 170).flags() == [])  // 18.7
        #expect(Vitals(weightKg: 69, heightCm: 170).flags() == [])  // 23.9
        #expect(Vitals(weightKg: 70, heightCm: 170).flags() == ["overweight"])  // 24.2
        #expect(Vitals(weightKg: 81, heightCm: 170).flags() == ["overweight", "obese"])  // 28.03
        #expect(Vitals(weightKg: 81).bmi == nil)
        #expect(Vitals(weightKg: 81).flags() == [])
    }

    @Test func childrenAreNotJudgedByAdultBodyMassIndex() {
        let vitals = Vitals(temperature: 38, weightKg: 20, heightCm: 130)  // BMI 11.8
        #expect(vitals.flags(ageInYears: 8) == ["fever"])
        #expect(vitals.flags(ageInYears: 18) == ["fever", "underweight"])
        #expect(vitals.flags() == ["fever", "underweight"])
    }

    @Test func flagsFollowTableOrderAndAppearOnce() {
        let vitals = Vitals(systolic: 190, diastolic: 125, heartRate: 120, spo2: 65, temperature: 39.5, glucose: 2.5)
        #expect(
            vitals.flags() == [
                "hypertensive", "hypertensiveCrisis", "tachycardia", "lowSpO2", "criticalSpO2", "fever", "highFever",
                "hypoglycemia",
            ])
    }

    @Test func decodesTheAPIShapeWithMissingFields() throws {
        let json = #"{"systolic":150,"diastolic":95,"spo2":88,"temperature":36.8,"weightKg":58.5}"#
        let vitals = try JSONDecoder().decode(Vitals.self, from: Data(json.utf8))
        #expect(vitals == Vitals(systolic: 150, diastolic: 95, spo2: 88, temperature: 36.8, weightKg: 58.5))
        #expect(vitals.flags() == ["hypertensive", "lowSpO2"])
        let again = try JSONDecoder().decode(Vitals.self, from: JSONEncoder().encode(vitals))
        #expect(again == vitals)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Vitals.self, from: Data(#"{"systolic":"high"}"#.utf8))
        }
    }

    @Test func tableCoversEveryMeasure() {
        #expect(
            VitalRange.table.map(\.field) == [
                "systolic", "diastolic", "heartRate", "spo2", "temperature", "glucose", "weightKg", "heightCm",
            ])
        #expect(Vitals().measures.map(\.field) == VitalRange.table.map(\.field))
    }

    static func vitals(_ field: String, _ value: Double) -> Vitals {
        var vitals = Vitals()
        switch field {
        case "systolic": vitals.systolic = Int(value)
        case "diastolic": vitals.diastolic = Int(value)
        case "heartRate": vitals.heartRate = Int(value)
        case "spo2": vitals.spo2 = Int(value)
        case "temperature": vitals.temperature = value
        case "glucose": vitals.glucose = value
        case "weightKg": vitals.weightKg = value
        case "heightCm": vitals.heightCm = value
        default: Issue.record("unknown field \(field)")
        }
        return vitals
    }
}
