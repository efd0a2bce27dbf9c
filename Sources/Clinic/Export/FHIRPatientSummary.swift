import ClinicDomain
import ClinicSupport
import Foundation

/// A health-file summary as an HL7 FHIR R4 International Patient Summary: a `document` Bundle whose first entry
/// is the Composition (LOINC 60591-5), then the Patient, the clinic as the authoring Organization, and the
/// resources the sections point at. Every reference is a `urn:uuid:` full URL inside the Bundle.
///
/// - The three sections IPS requires (Problems 11450-4, Allergies 48765-2, Medications 10160-0) always have
///   entries: when the file records nothing, one entry coded from the IPS absent-unknown code system says there
///   is "no information" (`no-problem-info`, …). The file cannot tell "asked, none" from "never recorded", so
///   the weaker code is the honest one.
/// - Vital signs (8716-3) and Functional status (47420-5, Barthel index and the national self-care form) come
///   from the latest readings; when empty they carry `emptyReason` `notasked`, which FHIR allows for a section
///   without entries.
/// - Every section has generated XHTML narrative; all text in it is escaped.
/// - Blood glucose is in mmol/L, so it is LOINC 15074-8 (moles/volume), not 2339-0 (mass/volume, mg/dL).
enum FHIRPatientSummary {
    static let loinc = "http://loinc.org"
    static let absentUnknown = "http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips"
    static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"
    static let ucum = "http://unitsofmeasure.org"
    /// The clinic's own codes, for what has no standard code (the national self-care form, bands).
    static let assessmentSystem = "urn:clinic:codesystem:assessment"
    static let bandSystem = "urn:clinic:codesystem:assessment-band"

    /// The section codes, in document order.
    enum Section: String, CaseIterable, Sendable {
        case problems = "11450-4"
        case allergies = "48765-2"
        case medications = "10160-0"
        case vitalSigns = "8716-3"
        case functionalStatus = "47420-5"

        var title: String {
            switch self {
            case .problems: "Problem list 问题列表"
            case .allergies: "Allergies and intolerances 过敏"
            case .medications: "Medication summary 用药"
            case .vitalSigns: "Vital signs 生命体征"
            case .functionalStatus: "Functional status 功能状态"
            }
        }

        var display: String {
            switch self {
            case .problems: "Problem list - Reported"
            case .allergies: "Allergies and adverse reactions Document"
            case .medications: "History of Medication use Narrative"
            case .vitalSigns: "Vital signs"
            case .functionalStatus: "Functional status assessment note"
            }
        }
    }

    /// The Bundle for `summary`. `documentId` names the document (Bundle identifier); the Composition and the
    /// Organization get ids of their own per document.
    static func bundle(_ summary: HealthSummary, documentId: UUID = UUID.random()) -> JSONValue {
        var builder = Builder(summary: summary)
        return builder.build(documentId: documentId)
    }

    struct Builder {
        let summary: HealthSummary
        let patientURL: String
        let organizationURL: String
        var entries: [JSONValue] = []

        init(summary: HealthSummary) {
            self.summary = summary
            patientURL = FHIRPatientSummary.url(summary.resident.id)
            organizationURL = FHIRPatientSummary.url(UUID.random())
        }

        mutating func build(documentId: UUID) -> JSONValue {
            let sections: [JSONValue] = [
                problemSection(), allergySection(), medicationSection(), vitalSignsSection(), functionalSection(),
            ]
            let compositionURL = FHIRPatientSummary.url(UUID.random())
            let composition: JSONValue = [
                "resourceType": "Composition",
                "id": .string(FHIRPatientSummary.id(compositionURL)),
                "status": "final",
                "type": concept(loinc, "60591-5", "Patient summary Document"),
                "subject": reference(patientURL),
                "date": .string(summary.generatedAt.description),
                "author": [reference(organizationURL)],
                "custodian": reference(organizationURL),
                "title": .string("Patient summary 健康档案摘要 — \(summary.clinicName)"),
                "section": .array(sections),
            ]
            let head: [JSONValue] = [
                entry(compositionURL, composition), entry(patientURL, patient()),
                entry(organizationURL, organization()),
            ]
            return [
                "resourceType": "Bundle",
                "identifier": ["system": "urn:ietf:rfc:3986", "value": .string(FHIRPatientSummary.url(documentId))],
                "type": "document",
                "timestamp": .string(summary.generatedAt.description),
                "entry": .array(head + entries),
            ]
        }

        // MARK: Patient and author

        func patient() -> JSONValue {
            let resident = summary.resident
            var names: [JSONValue] = []
            for (key, value) in resident.names.all {
                guard let text = nonEmpty(value) else { continue }
                // ISO 21090 representation: Tibetan is syllabic, Chinese ideographic, the transliteration alphabetic.
                let representation = ["bo": "SYL", "zh": "IDE", "latin": "ABC"][key]!
                var extensions: [JSONValue] = [
                    [
                        "url": "http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation",
                        "valueCode": .string(representation),
                    ]
                ]
                if key != "latin" {
                    extensions.append(
                        ["url": "http://hl7.org/fhir/StructureDefinition/language", "valueCode": .string(key)])
                }
                names.append(["extension": .array(extensions), "use": "usual", "text": .string(text)])
            }
            var patient: [String: JSONValue] = [
                "resourceType": "Patient",
                "id": .string(FHIRPatientSummary.id(patientURL)),
                "identifier": [["system": "urn:ietf:rfc:3986", "value": .string(patientURL)]],
                "name": .array(names),
                "gender": .string(resident.sex.rawValue),
                "birthDate": .string(resident.birthDate.description),
                "managingOrganization": reference(organizationURL),
            ]
            if let phone = nonEmpty(resident.phone) {
                patient["telecom"] = [["system": "phone", "value": .string(phone)]]
            }
            if let address = nonEmpty(resident.address) { patient["address"] = [["text": .string(address)]] }
            let languages = resident.languages.compactMap { language -> JSONValue? in
                guard language.range(of: #"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"#, options: .regularExpression) != nil
                else { return nil }
                return ["language": ["coding": [["system": "urn:ietf:bcp:47", "code": .string(language)]]]]
            }
            if !languages.isEmpty { patient["communication"] = .array(languages) }
            return .object(patient)
        }

        func organization() -> JSONValue {
            [
                "resourceType": "Organization", "id": .string(FHIRPatientSummary.id(organizationURL)),
                "name": .string(nonEmpty(summary.clinicName) ?? "Community health room"),
            ]
        }

        // MARK: Sections

        mutating func problemSection() -> JSONValue {
            var urls: [String] = []
            var rows: [String] = []
            for problem in summary.activeProblems {
                let url = FHIRPatientSummary.url(problem.id)
                var code: [String: JSONValue] = ["text": .string(problem.text)]
                if let icd = problem.code {
                    code["coding"] = [["system": "http://hl7.org/fhir/sid/icd-10", "code": .string(icd)]]
                }
                var condition: [String: JSONValue] = [
                    "resourceType": "Condition", "id": .string(FHIRPatientSummary.id(url)),
                    "clinicalStatus": concept(
                        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active"),
                    "category": [
                        concept(
                            "http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
                            "Problem List Item")
                    ],
                    "code": .object(code), "subject": reference(patientURL),
                    "recordedDate": .string(problem.createdAt.description),
                ]
                if let onset = problem.onset { condition["onsetDateTime"] = .string(onset.description) }
                add(url, .object(condition), to: &urls)
                rows.append(row([problem.text, problem.code ?? "", problem.onset?.description ?? ""]))
            }
            if urls.isEmpty {
                let url = FHIRPatientSummary.url(UUID.random())
                add(
                    url,
                    [
                        "resourceType": "Condition", "id": .string(FHIRPatientSummary.id(url)),
                        "code": concept(absentUnknown, "no-problem-info", "No information about problems"),
                        "subject": reference(patientURL),
                    ], to: &urls)
            }
            let narrative =
                rows.isEmpty
                ? "<p>No information about problems 无问题记录</p>"
                : table(["Problem 问题", "ICD-10", "Onset 起病"], rows)
            return section(.problems, narrative: narrative, entries: urls)
        }

        mutating func allergySection() -> JSONValue {
            var urls: [String] = []
            var rows: [String] = []
            let active = concept(
                "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active")
            for allergy in summary.allergies {
                let url = FHIRPatientSummary.url(allergy.id)
                var resource: [String: JSONValue] = [
                    "resourceType": "AllergyIntolerance", "id": .string(FHIRPatientSummary.id(url)),
                    "clinicalStatus": active, "code": ["text": .string(allergy.substance)],
                    "patient": reference(patientURL), "recordedDate": .string(allergy.createdAt.description),
                ]
                if allergy.reaction != nil || allergy.severity != nil {
                    // R4 requires a manifestation for every reaction.
                    var reaction: [String: JSONValue] = [
                        "manifestation": [["text": .string(nonEmpty(allergy.reaction) ?? "not recorded")]]
                    ]
                    if let severity = allergy.severity { reaction["severity"] = .string(severity.rawValue) }
                    resource["reaction"] = [.object(reaction)]
                }
                add(url, .object(resource), to: &urls)
                rows.append(row([allergy.substance, allergy.reaction ?? "", allergy.severity?.rawValue ?? ""]))
            }
            if urls.isEmpty {
                let url = FHIRPatientSummary.url(UUID.random())
                add(
                    url,
                    [
                        "resourceType": "AllergyIntolerance", "id": .string(FHIRPatientSummary.id(url)),
                        "clinicalStatus": active,
                        "code": concept(absentUnknown, "no-allergy-info", "No information about allergies"),
                        "patient": reference(patientURL),
                    ], to: &urls)
            }
            let narrative =
                rows.isEmpty
                ? "<p>No information about allergies 无过敏记录</p>"
                : table(["Substance 过敏原", "Reaction 反应", "Severity 严重程度"], rows)
            return section(.allergies, narrative: narrative, entries: urls)
        }

        mutating func medicationSection() -> JSONValue {
            var urls: [String] = []
            var rows: [String] = []
            for medication in summary.medications {
                let url = FHIRPatientSummary.url(medication.id)
                var statement: [String: JSONValue] = [
                    "resourceType": "MedicationStatement", "id": .string(FHIRPatientSummary.id(url)),
                    "status": "active", "medicationCodeableConcept": ["text": .string(medication.name)],
                    "subject": reference(patientURL), "dateAsserted": .string(medication.createdAt.description),
                ]
                if medication.since != nil || medication.until != nil {
                    var period: [String: JSONValue] = [:]
                    if let since = medication.since { period["start"] = .string(since.description) }
                    if let until = medication.until { period["end"] = .string(until.description) }
                    statement["effectivePeriod"] = .object(period)
                }
                if let dose = nonEmpty(medication.dose) { statement["dosage"] = [["text": .string(dose)]] }
                add(url, .object(statement), to: &urls)
                rows.append(row([medication.name, medication.dose ?? "", medication.since?.description ?? ""]))
            }
            if urls.isEmpty {
                let url = FHIRPatientSummary.url(UUID.random())
                add(
                    url,
                    [
                        "resourceType": "MedicationStatement", "id": .string(FHIRPatientSummary.id(url)),
                        "status": "unknown",
                        "medicationCodeableConcept": concept(
                            absentUnknown, "no-medication-info", "No information about medications"),
                        "subject": reference(patientURL),
                    ], to: &urls)
            }
            let narrative =
                rows.isEmpty
                ? "<p>No information about medications 无用药记录</p>"
                : table(["Medication 药品", "Dose 剂量", "Since 开始"], rows)
            return section(.medications, narrative: narrative, entries: urls)
        }

        /// The vital signs as LOINC-coded Observations; `measure` is the `Vitals` field.
        static let vitalCodes: [String: (code: String, display: String, unit: String)] = [
            "heartRate": ("8867-4", "Heart rate", "/min"),
            "spo2": ("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%"),
            "temperature": ("8310-5", "Body temperature", "Cel"),
            "glucose": ("15074-8", "Glucose [Moles/volume] in Blood", "mmol/L"),
            "weightKg": ("29463-7", "Body weight", "kg"),
            "heightCm": ("8302-2", "Body height", "cm"),
        ]

        mutating func vitalSignsSection() -> JSONValue {
            var urls: [String] = []
            var rows: [String] = []
            let trends = Dictionary(
                summary.vitalTrends.map { ($0.measure, $0) }, uniquingKeysWith: { first, _ in first })
            let systolic = trends["systolic"]?.values.first
            let diastolic = trends["diastolic"]?.values.first
            if let first = systolic ?? diastolic {
                var components: [JSONValue] = []
                var text: [String] = []
                if let systolic {
                    components.append([
                        "code": concept(loinc, "8480-6", "Systolic blood pressure"),
                        "valueQuantity": quantity(systolic.value, "mm[Hg]"),
                    ])
                    text.append(format(systolic.value))
                }
                if let diastolic, diastolic.takenAt == first.takenAt {
                    components.append([
                        "code": concept(loinc, "8462-4", "Diastolic blood pressure"),
                        "valueQuantity": quantity(diastolic.value, "mm[Hg]"),
                    ])
                    text.append(format(diastolic.value))
                }
                let url = FHIRPatientSummary.url(UUID.random())
                add(
                    url,
                    observation(
                        url, code: concept(loinc, "85354-9", "Blood pressure panel with all children optional"),
                        at: first.takenAt, extra: ["component": .array(components)]), to: &urls)
                rows.append(
                    row(["Blood pressure 血压", text.joined(separator: "/") + " mmHg", first.takenAt.description]))
            }
            for measure in VitalTrend.measures.map(\.field) {
                guard let code = Self.vitalCodes[measure], let reading = trends[measure]?.values.first else { continue }
                let url = FHIRPatientSummary.url(UUID.random())
                add(
                    url,
                    observation(
                        url, code: concept(loinc, code.code, code.display), at: reading.takenAt,
                        extra: ["valueQuantity": quantity(reading.value, code.unit)]), to: &urls)
                rows.append(row([code.display, "\(format(reading.value)) \(code.unit)", reading.takenAt.description]))
            }
            let narrative =
                rows.isEmpty
                ? "<p>No vital signs recorded 无生命体征记录</p>" : table(["Measure 项目", "Value 数值", "Taken 测量时间"], rows)
            return section(.vitalSigns, narrative: narrative, entries: urls)
        }

        mutating func functionalSection() -> JSONValue {
            var urls: [String] = []
            var rows: [String] = []
            for assessment in summary.latestAssessments {
                let url = FHIRPatientSummary.url(assessment.id)
                var codings: [JSONValue] = []
                let name: String
                switch assessment.kind {
                case .barthel:
                    codings.append([
                        "system": .string(loinc), "code": "96761-2", "display": "Total score Barthel Index",
                    ])
                    name = "Barthel index 巴氏指数"
                case .selfCare:
                    name = "Elderly self-care assessment 老年人生活自理能力评估"
                }
                codings.append([
                    "system": .string(assessmentSystem), "code": .string(assessment.kind.rawValue),
                    "display": .string(name),
                ])
                let band = "\(assessment.bandLabel.en) \(assessment.bandLabel.zh)"
                let interpretation: JSONValue = [
                    "coding": [
                        [
                            "system": .string(bandSystem), "code": .string(assessment.band),
                            "display": .string(assessment.bandLabel.en),
                        ]
                    ],
                    "text": .string(band),
                ]
                add(
                    url,
                    observation(
                        url, code: ["coding": .array(codings), "text": .string(name)], at: assessment.takenAt,
                        category: "survey",
                        extra: ["valueInteger": .int(assessment.score), "interpretation": [interpretation]]),
                    to: &urls)
                rows.append(
                    row([
                        name, "\(assessment.score) / \(assessment.maximumScore)", band, assessment.takenAt.description,
                    ]))
            }
            let narrative =
                rows.isEmpty
                ? "<p>No assessments recorded 无能力评估记录</p>"
                : table(["Assessment 评估", "Score 得分", "Band 等级", "Taken 评估时间"], rows)
            return section(.functionalStatus, narrative: narrative, entries: urls)
        }

        // MARK: Pieces

        mutating func add(_ url: String, _ resource: JSONValue, to urls: inout [String]) {
            entries.append(entry(url, resource))
            urls.append(url)
        }

        func observation(
            _ url: String, code: JSONValue, at takenAt: ZonedInstant, category: String = "vital-signs",
            extra: [String: JSONValue]
        ) -> JSONValue {
            var resource: [String: JSONValue] = [
                "resourceType": "Observation", "id": .string(FHIRPatientSummary.id(url)), "status": "final",
                "category": [concept(observationCategory, category, category == "survey" ? "Survey" : "Vital Signs")],
                "code": code, "subject": reference(patientURL), "effectiveDateTime": .string(takenAt.description),
            ]
            resource.merge(extra) { _, new in new }
            return .object(resource)
        }

        func section(_ section: Section, narrative: String, entries urls: [String]) -> JSONValue {
            var value: [String: JSONValue] = [
                "title": .string(section.title),
                "code": concept(loinc, section.rawValue, section.display),
                "text": [
                    "status": "generated",
                    "div": .string(#"<div xmlns="http://www.w3.org/1999/xhtml">"# + narrative + "</div>"),
                ],
            ]
            if urls.isEmpty {
                value["emptyReason"] = concept(
                    "http://terminology.hl7.org/CodeSystem/list-empty-reason", "notasked", "Not Asked")
            } else {
                value["entry"] = .array(urls.map(reference))
            }
            return .object(value)
        }

        func entry(_ url: String, _ resource: JSONValue) -> JSONValue {
            ["fullUrl": .string(url), "resource": resource]
        }
        func reference(_ url: String) -> JSONValue { ["reference": .string(url)] }

        func concept(_ system: String, _ code: String, _ display: String) -> JSONValue {
            ["coding": [["system": .string(system), "code": .string(code), "display": .string(display)]]]
        }

        func quantity(_ value: Double, _ unit: String) -> JSONValue {
            let number: JSONValue = value == value.rounded() && abs(value) < 1e9 ? .int(Int(value)) : .double(value)
            return ["value": number, "unit": .string(unit), "system": .string(ucum), "code": .string(unit)]
        }

        func format(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }

        func table(_ headers: [String], _ rows: [String]) -> String {
            "<table><thead><tr>" + headers.map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                + rows.joined() + "</tbody></table>"
        }

        func row(_ cells: [String]) -> String {
            "<tr>" + cells.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>"
        }

        func nonEmpty(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
                return nil
            }
            return trimmed
        }
    }

    /// `urn:uuid:` with the lower-case form FHIR's `uuid` type requires.
    static func url(_ id: UUID) -> String { "urn:uuid:" + UUIDText.lower(id) }
    static func id(_ url: String) -> String { String(url.dropFirst("urn:uuid:".count)) }
}
