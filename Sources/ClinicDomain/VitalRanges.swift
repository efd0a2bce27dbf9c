import Foundation

/// The limits vitals are judged by, in one table so a clinician can review them at a glance.
///
/// `accepted` is what a human body can show at all: outside it the value is a typing or device error and is
/// rejected (a field error). Inside it, `flags` mark values worth a clinician's attention; every flag whose
/// threshold the value passes is raised, so a crisis reading carries both `hypertensive` and `hypertensiveCrisis`.
///
/// The clinic sits at about 3,600–4,500 m. Healthy residents there commonly show SpO₂ of 85–92 %, so a low SpO₂
/// is only flagged, never rejected, down to 50 %; below 70 % it is `criticalSpO2` (an emergency anywhere).
/// Fever follows the Chinese axillary convention (≥ 37.3 °C); glucose is mmol/L; BMI uses the Chinese adult
/// cut-offs (WGOC: < 18.5 underweight, ≥ 24 overweight, ≥ 28 obese) and is not judged for children.
///
/// | field       | unit   | accepted    | flags                                                             |
/// | ----------- | ------ | ----------- | ----------------------------------------------------------------- |
/// | systolic    | mmHg   | 50–300      | < 90 hypotensive · ≥ 140 hypertensive · ≥ 180 hypertensiveCrisis  |
/// | diastolic   | mmHg   | 20–200      | ≥ 90 hypertensive · ≥ 120 hypertensiveCrisis (must be < systolic) |
/// | heartRate   | /min   | 20–250      | < 50 bradycardia · > 100 tachycardia                              |
/// | spo2        | %      | 50–100      | < 90 lowSpO2 · < 70 criticalSpO2                                  |
/// | temperature | °C     | 30.0–45.0   | < 35.0 hypothermia · ≥ 37.3 fever · ≥ 39.0 highFever              |
/// | glucose     | mmol/L | 1.0–50.0    | < 3.9 hypoglycemia · ≥ 11.1 hyperglycemia                         |
/// | weightKg    | kg     | 0.5–350     | —                                                                 |
/// | heightCm    | cm     | 30–250      | —                                                                 |
/// | BMI         | kg/m²  | (derived)   | < 18.5 underweight · ≥ 24 overweight · ≥ 28 obese (adults only)    |
package struct VitalRange: Sendable {
    /// The JSON name inside `vitals`.
    package let field: String
    package let unit: String
    package let accepted: ClosedRange<Double>
    /// Checked in order; all that match are raised.
    package let flags: [VitalFlagRule]

    package static let table: [VitalRange] = [
        VitalRange(
            field: "systolic", unit: "mmHg", accepted: 50...300,
            flags: [.below(90, "hypotensive"), .atLeast(140, "hypertensive"), .atLeast(180, "hypertensiveCrisis")]),
        VitalRange(
            field: "diastolic", unit: "mmHg", accepted: 20...200,
            flags: [.atLeast(90, "hypertensive"), .atLeast(120, "hypertensiveCrisis")]),
        VitalRange(
            field: "heartRate", unit: "/min", accepted: 20...250,
            flags: [.below(50, "bradycardia"), .above(100, "tachycardia")]),
        VitalRange(
            field: "spo2", unit: "%", accepted: 50...100,
            flags: [.below(90, "lowSpO2"), .below(70, "criticalSpO2")]),
        VitalRange(
            field: "temperature", unit: "°C", accepted: 30...45,
            flags: [.below(35, "hypothermia"), .atLeast(37.3, "fever"), .atLeast(39, "highFever")]),
        VitalRange(
            field: "glucose", unit: "mmol/L", accepted: 1...50,
            flags: [.below(3.9, "hypoglycemia"), .atLeast(11.1, "hyperglycemia")]),
        VitalRange(field: "weightKg", unit: "kg", accepted: 0.5...350, flags: []),
        VitalRange(field: "heightCm", unit: "cm", accepted: 30...250, flags: []),
    ]

    /// Derived from weight and height; never rejected, only flagged, and only for adults.
    static let bmi = VitalRange(
        field: "bmi", unit: "kg/m²", accepted: 0...Double.greatestFiniteMagnitude,
        flags: [.below(18.5, "underweight"), .atLeast(24, "overweight"), .atLeast(28, "obese")])

    /// The row for `field`, if the table has one.
    package static func named(_ field: String) -> VitalRange? { table.first { $0.field == field } }
}

/// A threshold that raises a flag.
package struct VitalFlagRule: Sendable {
    package enum Comparison: Sendable { case below, atLeast, above }

    let comparison: Comparison
    let threshold: Double
    package let flag: String

    package static func below(_ threshold: Double, _ flag: String) -> VitalFlagRule {
        VitalFlagRule(comparison: .below, threshold: threshold, flag: flag)
    }

    static func atLeast(_ threshold: Double, _ flag: String) -> VitalFlagRule {
        VitalFlagRule(comparison: .atLeast, threshold: threshold, flag: flag)
    }

    static func above(_ threshold: Double, _ flag: String) -> VitalFlagRule {
        VitalFlagRule(comparison: .above, threshold: threshold, flag: flag)
    }

    package func matches(_ value: Double) -> Bool {
        switch comparison {
        case .below: return value < threshold
        case .atLeast: return value >= threshold
        case .above: return value > threshold
        }
    }
}
