import Foundation

/// One set of vital signs, as taken at a consultation or recorded on its own in the health file.
/// Every measure is optional: a home visit may only have a blood pressure.
package struct Vitals: Codable, Sendable, Equatable {
    package var systolic: Int?
    package var diastolic: Int?
    package var heartRate: Int?
    /// Peripheral oxygen saturation, percent.
    package var spo2: Int?
    /// Degrees Celsius.
    package var temperature: Double?
    /// Blood glucose, mmol/L.
    package var glucose: Double?
    package var weightKg: Double?
    package var heightCm: Double?

    package init(
        systolic: Int? = nil, diastolic: Int? = nil, heartRate: Int? = nil, spo2: Int? = nil,
        temperature: Double? = nil, glucose: Double? = nil, weightKg: Double? = nil, heightCm: Double? = nil
    ) {
        self.systolic = systolic
        self.diastolic = diastolic
        self.heartRate = heartRate
        self.spo2 = spo2
        self.temperature = temperature
        self.glucose = glucose
        self.weightKg = weightKg
        self.heightCm = heightCm
    }

    /// True when nothing was measured; a vitals entry on its own should carry at least one value.
    package var isEmpty: Bool { measures.allSatisfy { $0.value == nil } }

    /// Body-mass index, when both weight and height are known.
    var bmi: Double? {
        guard let weightKg, let heightCm, heightCm > 0 else { return nil }
        let metres = heightCm / 100
        return weightKg / (metres * metres)
    }

    /// The measures by their JSON names, in `VitalRange.table` order.
    package var measures: [(field: String, value: Double?)] {
        [
            ("systolic", systolic.map(Double.init)), ("diastolic", diastolic.map(Double.init)),
            ("heartRate", heartRate.map(Double.init)), ("spo2", spo2.map(Double.init)),
            ("temperature", temperature), ("glucose", glucose), ("weightKg", weightKg), ("heightCm", heightCm),
        ]
    }

    /// The broken rules, with fields under `prefix` (`vitals.systolic`), for merging into a larger validation.
    func fieldErrors(prefix: String = "vitals") -> [FieldError] {
        var v = Validator()
        for (field, value) in measures {
            guard let value, let range = VitalRange.named(field) else { continue }
            v.check(
                value.isFinite && range.accepted.contains(value), field: FieldPath.join(prefix, field),
                message: "must be between \(Self.format(range.accepted.lowerBound)) and "
                    + "\(Self.format(range.accepted.upperBound)) \(range.unit)")
        }
        if let systolic, let diastolic {
            v.check(
                diastolic < systolic, field: FieldPath.join(prefix, "diastolic"),
                message: "must be lower than systolic")
        }
        return v.errors
    }

    /// Rejects physiologically impossible values (a typing or device error); plausible abnormal values pass
    /// and show up in `flags()` instead. See `VitalRange` for the table.
    package func validate(prefix: String = "vitals") throws(ValidationError) {
        let errors = fieldErrors(prefix: prefix)
        if !errors.isEmpty { throw ValidationError(errors) }
    }

    /// Abnormal-but-plausible findings (`"lowSpO2"`, `"hypertensive"`, …), each once, in table order.
    /// BMI flags are left out when `ageInYears` says the resident is a child (adult cut-offs do not apply).
    package func flags(ageInYears: Int? = nil) -> [String] {
        var found: [String] = []
        func raise(_ range: VitalRange, _ value: Double) {
            for rule in range.flags where rule.matches(value) && !found.contains(rule.flag) {
                found.append(rule.flag)
            }
        }
        for (field, value) in measures {
            guard let value, let range = VitalRange.named(field), value.isFinite else { continue }
            raise(range, value)
        }
        if let bmi, bmi.isFinite, (ageInYears ?? 18) >= 18 { raise(VitalRange.bmi, bmi) }
        return found
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
