import Foundation
import Testing

@testable import ClinicDomain

@Suite struct AssessmentTests {
    static let barthelMax: [String: Int] = [
        "feeding": 10, "bathing": 5, "grooming": 5, "dressing": 10, "bowels": 10, "bladder": 10,
        "toiletUse": 10, "transfers": 15, "mobility": 15, "stairs": 10,
    ]
    static let barthelZero = barthelMax.mapValues { _ in 0 }
    static let selfCareZero: [String: Int] = ["eating": 0, "grooming": 0, "dressing": 0, "toileting": 0, "activity": 0]

    static func barthel(_ changes: [String: Int]) -> [String: Int] { barthelZero.merging(changes) { $1 } }
    static func selfCare(_ changes: [String: Int]) -> [String: Int] { selfCareZero.merging(changes) { $1 } }

    @Test func barthelFormHasTheContractItemsAndMaximum() {
        #expect(
            AssessmentKind.barthel.items.map(\.name) == [
                "feeding", "bathing", "grooming", "dressing", "bowels", "bladder", "toiletUse", "transfers",
                "mobility", "stairs",
            ])
        #expect(AssessmentKind.barthel.items.first { $0.name == "transfers" }?.allowedPoints == [0, 5, 10, 15])
        #expect(AssessmentKind.barthel.items.first { $0.name == "bathing" }?.allowedPoints == [0, 5])
        #expect(AssessmentKind.barthel.maximumScore == 100)
        #expect(AssessmentKind.selfCare.maximumScore == 37)
        #expect(
            AssessmentKind.selfCare.items.map(\.name) == ["eating", "grooming", "dressing", "toileting", "activity"])
        #expect(AssessmentKind.selfCare.items.first { $0.name == "grooming" }?.allowedPoints == [0, 1, 3, 7])
    }

    @Test func barthelScoresAndBands() throws {
        #expect(
            try AssessmentScoring.score(kind: .barthel, items: Self.barthelMax)
                == AssessmentScore(score: 100, band: "independent"))
        #expect(
            try AssessmentScoring.score(kind: .barthel, items: Self.barthelZero)
                == AssessmentScore(score: 0, band: "totalDependency"))
        let ninetyFive = Self.barthelMax.merging(["bathing": 0]) { $1 }
        #expect(
            try AssessmentKind.barthel.score(items: ninetyFive) == AssessmentScore(score: 95, band: "slightDependency"))
        let twenty = Self.barthel(["feeding": 10, "transfers": 10])
        #expect(try AssessmentKind.barthel.score(items: twenty) == AssessmentScore(score: 20, band: "totalDependency"))
        let twentyFive = Self.barthel(["feeding": 10, "transfers": 15])
        #expect(
            try AssessmentKind.barthel.score(items: twentyFive) == AssessmentScore(score: 25, band: "severeDependency"))
        let sixty = Self.barthel(["feeding": 10, "transfers": 15, "mobility": 15, "bowels": 10, "bladder": 10])
        #expect(try AssessmentKind.barthel.score(items: sixty) == AssessmentScore(score: 60, band: "severeDependency"))
        let sixtyFive = Self.barthel([
            "feeding": 10, "transfers": 15, "mobility": 15, "bowels": 10, "bladder": 10, "grooming": 5,
        ])
        #expect(
            try AssessmentKind.barthel.score(items: sixtyFive) == AssessmentScore(score: 65, band: "moderateDependency")
        )
        let ninety = Self.barthelMax.merging(["stairs": 0]) { $1 }
        #expect(
            try AssessmentKind.barthel.score(items: ninety) == AssessmentScore(score: 90, band: "moderateDependency"))
    }

    @Test(arguments: [
        (0, AssessmentBand.totalDependency), (20, .totalDependency), (21, .severeDependency), (60, .severeDependency),
        (61, .moderateDependency), (90, .moderateDependency), (91, .slightDependency), (99, .slightDependency),
        (100, .independent),
    ])
    func barthelBandEdges(score: Int, band: AssessmentBand) {
        #expect(AssessmentBand(kind: .barthel, score: score) == band)
    }

    @Test(arguments: [
        (0, AssessmentBand.independent), (3, .independent), (4, .mildDependency), (8, .mildDependency),
        (9, .moderateDependency), (18, .moderateDependency), (19, .dependent), (37, .dependent),
    ])
    func selfCareBandEdges(score: Int, band: AssessmentBand) {
        #expect(AssessmentBand(kind: .selfCare, score: score) == band)
    }

    @Test func selfCareScoresAtBandEdges() throws {
        #expect(
            try AssessmentKind.selfCare.score(items: Self.selfCareZero)
                == AssessmentScore(score: 0, band: "independent"))
        #expect(
            try AssessmentKind.selfCare.score(items: Self.selfCare(["eating": 3]))
                == AssessmentScore(score: 3, band: "independent"))
        #expect(
            try AssessmentKind.selfCare.score(items: Self.selfCare(["eating": 3, "grooming": 1]))
                == AssessmentScore(score: 4, band: "mildDependency"))
        #expect(
            try AssessmentKind.selfCare.score(items: Self.selfCare(["eating": 5, "grooming": 3]))
                == AssessmentScore(score: 8, band: "mildDependency"))
        #expect(
            try AssessmentKind.selfCare.score(items: Self.selfCare(["eating": 5, "grooming": 3, "activity": 1]))
                == AssessmentScore(score: 9, band: "moderateDependency"))
        #expect(
            try AssessmentKind.selfCare.score(items: Self.selfCare(["eating": 5, "grooming": 3, "toileting": 10]))
                == AssessmentScore(score: 18, band: "moderateDependency"))
        #expect(
            try AssessmentKind.selfCare.score(
                items: Self.selfCare(["eating": 5, "grooming": 3, "toileting": 10, "activity": 1]))
                == AssessmentScore(score: 19, band: "dependent"))
        let all = ["eating": 5, "grooming": 7, "dressing": 5, "toileting": 10, "activity": 10]
        #expect(try AssessmentKind.selfCare.score(items: all) == AssessmentScore(score: 37, band: "dependent"))
    }

    @Test func valueNotOnTheFormIsRejectedByItemName() {
        #expect(throws: ValidationError(field: "items.feeding", message: "must be one of 0, 5, 10")) {
            try AssessmentKind.barthel.score(items: Self.barthel(["feeding": 7]))
        }
        #expect(throws: ValidationError(field: "items.bathing", message: "must be one of 0, 5")) {
            try AssessmentKind.barthel.score(items: Self.barthel(["bathing": 10]))
        }
        #expect(throws: ValidationError(field: "items.grooming", message: "must be one of 0, 1, 3, 7")) {
            try AssessmentKind.selfCare.score(items: Self.selfCare(["grooming": 5]))
        }
        #expect(throws: ValidationError(field: "items.stairs", message: "must be one of 0, 5, 10")) {
            try AssessmentKind.barthel.score(items: Self.barthel(["stairs": -5]))
        }
    }

    @Test func missingAndUnknownItemsAreAllNamed() {
        var items = Self.barthel(["transfers": 20, "colour": 5, "aardvark": 0])
        items["mobility"] = nil
        do {
            _ = try AssessmentKind.barthel.score(items: items)
            Issue.record("expected a validation error")
        } catch {
            #expect(error.fields == ["items.transfers", "items.mobility", "items.aardvark", "items.colour"])
            #expect(error.errors[1].message == "is required")
            #expect(error.errors[2].message == "is not an item of the barthel form")
        }
    }

    @Test func barthelItemsAreNotSelfCareItems() {
        do {
            _ = try AssessmentKind.selfCare.score(items: Self.barthelMax)
            Issue.record("expected a validation error")
        } catch {
            #expect(
                error.fields == [
                    "items.eating", "items.grooming", "items.dressing", "items.toileting", "items.activity",
                    "items.bathing", "items.bladder", "items.bowels", "items.feeding", "items.mobility",
                    "items.stairs", "items.toiletUse", "items.transfers",
                ])
        }
    }

    @Test func emptyItemsNameEveryFormItem() {
        do {
            _ = try AssessmentKind.selfCare.score(items: [:])
            Issue.record("expected a validation error")
        } catch {
            #expect(
                error.fields == [
                    "items.eating", "items.grooming", "items.dressing", "items.toileting", "items.activity",
                ])
        }
    }

    @Test func labelsInEnglishAndChinese() {
        #expect(
            AssessmentBand.severeDependency.label(for: .barthel)
                == BandLabel(english: "Severe dependency", chinese: "重度依赖"))
        #expect(AssessmentBand.independent.label(for: .barthel).chinese == "生活自理")
        #expect(AssessmentBand.independent.label(for: .selfCare).chinese == "可自理")
        #expect(
            AssessmentBand.dependent.label(for: .selfCare)
                == BandLabel(english: "Unable to care for self", chinese: "不能自理"))
        #expect(AssessmentBand.mildDependency.label(for: .selfCare).chinese == "轻度依赖")
        for kind in AssessmentKind.allCases {
            for band in AssessmentBand.bands(of: kind) {
                #expect(!band.label(for: kind).english.isEmpty)
                #expect(!band.label(for: kind).chinese.isEmpty)
            }
        }
    }

    @Test func everyScoreOnTheScaleLandsInABandOfItsKind() {
        for kind in AssessmentKind.allCases {
            for score in 0...kind.maximumScore {
                #expect(AssessmentBand.bands(of: kind).contains(AssessmentBand(kind: kind, score: score)))
            }
        }
    }

    @Test func kindDecodesFromTheAPIString() throws {
        let kinds = try JSONDecoder().decode([AssessmentKind].self, from: Data(#"["barthel","selfCare"]"#.utf8))
        #expect(kinds == [.barthel, .selfCare])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([AssessmentKind].self, from: Data(#"["katz"]"#.utf8))
        }
    }
}
