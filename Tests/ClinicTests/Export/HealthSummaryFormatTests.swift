import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicSupport

/// The summary's three formats built from health files in memory: what the JSON holds, that the FHIR bundle
/// passes an R4 library's validation and the IPS rules, and that the page shows every script and escapes.
@Suite struct HealthSummaryFormatTests {
    @Test func summaryKeepsWhatIsCurrent() throws {
        let summary = ExportFixtures.summary(ExportFixtures.fullFile())
        #expect(summary.age == 78)
        #expect(summary.resident.maskedIdNumber == "**************1234")
        #expect(summary.activeProblems.map(\.code) == ["I10"])
        #expect(summary.medications.map(\.name) == ["Amlodipine 氨氯地平"], "the medication that ended is left out")
        #expect(summary.latestAssessments.map(\.kind) == [.barthel, .selfCare])
        #expect(summary.latestAssessments[0].score == 65 && summary.latestAssessments[0].band == "moderateDependency")
        #expect(summary.latestAssessments[0].bandLabel.zh == "中度依赖")
        #expect(
            summary.latestAssessments[1].band == "moderateDependency" && summary.latestAssessments[1].maximumScore == 37
        )
        #expect(summary.lastConsultations.count == HealthSummary.consultationLimit)
        #expect(summary.lastConsultations.first?.startedAt == ExportFixtures.at("2026-11-15T10:00:00+08:00"))
        let trends = Dictionary(uniqueKeysWithValues: summary.vitalTrends.map { ($0.measure, $0) })
        #expect(trends["systolic"]?.values.map(\.value) == [152, 140, 150])
        #expect(trends["systolic"]?.direction == .up)
        #expect(trends["diastolic"]?.direction == .steady)
        #expect(trends["spo2"]?.direction == .down)
        #expect(trends["glucose"]?.direction == nil, "one reading has no direction")
        #expect(summary.followUpsDue.count == 1)

        let json =
            try JSONSerialization.jsonObject(
                with: Data(try JSONCoding.encode(summary, timeZone: ExportFixtures.zone))) as! [String: Any]
        let resident = json["resident"] as! [String: Any]
        #expect(resident["idNumber"] as? String == "**************1234")
        #expect(json["exportDate"] as? String == "2026-12-01")
    }

    @Test(.enabled(if: FHIRValidator.isAvailable || FHIRValidator.required, FHIRValidator.skipMessage))
    func fullBundlePassesTheR4Validator() async throws {
        let bundle = FHIRPatientSummary.bundle(ExportFixtures.summary(ExportFixtures.fullFile()))
        let data = Data(try JSONCoding.encode(bundle, timeZone: ExportFixtures.zone))
        let result = try await FHIRValidator.validate(data)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: FHIRValidator.isAvailable || FHIRValidator.required, FHIRValidator.skipMessage))
    func emptyFileStillMakesAValidIPS() async throws {
        var resident = ExportFixtures.resident
        resident.names = ResidentNames(bo: "ཚེ་རིང")
        resident.phone = nil
        resident.address = nil
        resident.languages = []
        let bundle = FHIRPatientSummary.bundle(ExportFixtures.summary(ExportFixtures.emptyFile(), resident: resident))
        let data = Data(try JSONCoding.encode(bundle, timeZone: ExportFixtures.zone))
        let result = try await FHIRValidator.validate(data)
        #expect(result.status == 0, "\(result.output)")
        let text = String(decoding: data, as: UTF8.self)
        for code in ["no-problem-info", "no-allergy-info", "no-medication-info", "notasked"] {
            #expect(text.contains(code))
        }
    }

    @Test(.enabled(if: FHIRValidator.isAvailable || FHIRValidator.required, FHIRValidator.skipMessage))
    func validatorRejectsABrokenDocument() async throws {
        // Guards the guard: a bundle whose Composition is not first, and one with a wrong field type, fail.
        var bundle = FHIRPatientSummary.bundle(ExportFixtures.summary(ExportFixtures.fullFile())).members
        guard case .array(var entries)? = bundle["entry"] else { throw TestFailure("no entries") }
        entries.swapAt(0, 1)
        bundle["entry"] = .array(entries)
        let swapped = try await FHIRValidator.validate(Data(try JSONCoding.encode(JSONValue.object(bundle), timeZone: .gmt)))
        #expect(swapped.status == 1 && swapped.output.contains("not the Composition"), "\(swapped.output)")
        bundle["timestamp"] = 42
        let badType = try await FHIRValidator.validate(Data(try JSONCoding.encode(JSONValue.object(bundle), timeZone: .gmt)))
        #expect(badType.status == 1, "\(badType.output)")
    }

    @Test func bundleStructure() throws {
        let summary = ExportFixtures.summary(ExportFixtures.fullFile())
        let data = Data(try JSONCoding.encode(FHIRPatientSummary.bundle(summary), timeZone: ExportFixtures.zone))
        let bundle = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(bundle["type"] as? String == "document")
        let entries = bundle["entry"] as! [[String: Any]]
        let resources = entries.map { $0["resource"] as! [String: Any] }
        #expect(resources.first?["resourceType"] as? String == "Composition")
        #expect(entries.allSatisfy { ($0["fullUrl"] as? String)?.hasPrefix("urn:uuid:") == true })
        let composition = resources[0]
        let sections = composition["section"] as! [[String: Any]]
        let codes = sections.map {
            (($0["code"] as! [String: Any])["coding"] as! [[String: Any]])[0]["code"] as! String
        }
        #expect(codes == ["11450-4", "48765-2", "10160-0", "8716-3", "47420-5"])
        let patient = try #require(resources.first { $0["resourceType"] as? String == "Patient" })
        let names = (patient["name"] as! [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(names == ["བཀྲ་ཤིས་སྒྲོལ་མ", "扎西卓玛", "Tashi <Dolma> & \"Co\""])
        let observationCodes = resources.filter { $0["resourceType"] as? String == "Observation" }.flatMap {
            (($0["code"] as! [String: Any])["coding"] as! [[String: Any]]).compactMap { $0["code"] as? String }
        }
        for code in ["85354-9", "8867-4", "59408-5", "8310-5", "29463-7", "8302-2", "15074-8", "96761-2", "selfCare"] {
            #expect(observationCodes.contains(code), "observation \(code)")
        }
        // Data fields hold the text as it is; the XHTML narrative escapes it.
        let divs = sections.map { ($0["text"] as! [String: Any])["div"] as! String }
        #expect(divs.allSatisfy { !$0.contains("<script>") })
        #expect(divs[0].contains("高血压 &lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test func pageShowsEveryScriptAndEscapes() {
        let html = HealthSummaryPage.render(ExportFixtures.summary(ExportFixtures.fullFile()))
        #expect(html.contains("<meta charset=\"utf-8\">"))
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("Noto Serif Tibetan") && html.contains("Jomolhari") && html.contains("Noto Sans CJK SC"))
        #expect(html.contains("<span lang=\"bo\">བཀྲ་ཤིས་སྒྲོལ་མ</span>"))
        #expect(html.contains("扎西卓玛"))
        #expect(html.contains("Tashi &lt;Dolma&gt; &amp; &quot;Co&quot;"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("高血压 &lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Dizzy &lt;b&gt;"))
        #expect(html.contains("Community Smart Health Room 社区智慧健康小屋"))
        #expect(html.contains("2026-12-01"))
        #expect(html.contains("**************1234") && !html.contains("540102194803021234"))
        // Labels in the page's language: Chinese unless the request asks for another (ProblemLanguageTests).
        for label in ["姓名", "当前问题", "用药", "过敏", "生命体征"] {
            #expect(html.contains("<h2>\(label)</h2>"))
        }
        let english = HealthSummaryPage.render(ExportFixtures.summary(ExportFixtures.fullFile()), language: .en)
        for label in ["Names", "Active problems", "Medications", "Allergies", "Vital signs"] {
            #expect(english.contains("<h2>\(label)</h2>"))
        }
    }

    @Test func pageWithoutNotesForStaff() {
        let html = HealthSummaryPage.render(ExportFixtures.summary(ExportFixtures.fullFile(notes: false)))
        #expect(!html.contains("Dizzy") && !html.contains("Less salt"))
        #expect(html.contains("Dr Wangmo"))
    }
}
