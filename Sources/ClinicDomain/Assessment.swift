import Foundation

/// The scored elderly assessments the clinic records. Raw values are the API's `kind` strings.
package enum AssessmentKind: String, Codable, Sendable, CaseIterable {
    /// Barthel index of activities of daily living, 0–100 (higher is more independent).
    case barthel
    /// The national elderly self-care assessment (老年人生活自理能力评估), 0–37 (higher is more dependent).
    case selfCare

    /// The form's items in printed order, each with the only point values the form offers.
    /// Items are entered as the points of the paper form, so any other number is a typing error.
    package var items: [AssessmentItem] {
        switch self {
        case .barthel:
            return [
                AssessmentItem("feeding", [0, 5, 10]),
                AssessmentItem("bathing", [0, 5]),
                AssessmentItem("grooming", [0, 5]),
                AssessmentItem("dressing", [0, 5, 10]),
                AssessmentItem("bowels", [0, 5, 10]),
                AssessmentItem("bladder", [0, 5, 10]),
                AssessmentItem("toiletUse", [0, 5, 10]),
                AssessmentItem("transfers", [0, 5, 10, 15]),
                AssessmentItem("mobility", [0, 5, 10, 15]),
                AssessmentItem("stairs", [0, 5, 10]),
            ]
        case .selfCare:
            return [
                AssessmentItem("eating", [0, 3, 5]),
                AssessmentItem("grooming", [0, 1, 3, 7]),
                AssessmentItem("dressing", [0, 3, 5]),
                AssessmentItem("toileting", [0, 1, 5, 10]),
                AssessmentItem("activity", [0, 1, 5, 10]),
            ]
        }
    }

    /// The highest score the form can give (100 for Barthel, 37 for self-care).
    package var maximumScore: Int { items.reduce(0) { $0 + ($1.allowedPoints.max() ?? 0) } }
}

/// One line of an assessment form and the points it may take.
package struct AssessmentItem: Sendable, Equatable {
    package let name: String
    package let allowedPoints: [Int]

    package init(_ name: String, _ allowedPoints: [Int]) {
        self.name = name
        self.allowedPoints = allowedPoints
    }
}

/// What the server computes from the items: the sum and the band it falls in.
package struct AssessmentScore: Codable, Sendable, Equatable {
    package var score: Int
    /// An `AssessmentBand` raw value (`"moderateDependency"`), as the API returns it.
    package var band: String

    package init(score: Int, band: String) {
        self.score = score
        self.band = band
    }
}

/// Scores assessments. The server never trusts a client's total: it recomputes it here.
package enum AssessmentScoring {
    /// Checks that `items` holds exactly the form's items with allowed points, then sums them and bands the sum.
    /// Errors name `items.<name>`: a missing item, a value the form does not offer, or an item the form lacks.
    package static func score(kind: AssessmentKind, items: [String: Int]) throws(ValidationError) -> AssessmentScore {
        var v = Validator()
        var sum = 0
        for item in kind.items {
            let field = FieldPath.join("items", item.name)
            guard let points = items[item.name] else {
                v.fail(field: field, message: "is required")
                continue
            }
            if v.check(
                item.allowedPoints.contains(points), field: field,
                message: "must be one of " + item.allowedPoints.map(String.init).joined(separator: ", "))
            {
                sum += points
            }
        }
        let known = Set(kind.items.map(\.name))
        for name in items.keys.sorted() where !known.contains(name) {
            v.fail(field: FieldPath.join("items", name), message: "is not an item of the \(kind.rawValue) form")
        }
        try v.finish()
        return AssessmentScore(score: sum, band: AssessmentBand(kind: kind, score: sum).rawValue)
    }
}

extension AssessmentKind {
    /// Shorthand for `AssessmentScoring.score(kind:items:)`.
    package func score(items: [String: Int]) throws(ValidationError) -> AssessmentScore {
        try AssessmentScoring.score(kind: self, items: items)
    }
}
