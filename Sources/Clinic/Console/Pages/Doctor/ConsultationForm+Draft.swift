import ClinicDomain
import ClinicSupport
import Foundation

/// The consultation form for a saved draft: filled from `GET /v1/consultations/{id}`, and sent back as the JSON
/// merge patch `PATCH /v1/consultations/{id}` takes, which leaves the stored draft equal to the form: every
/// field the form shows is sent, a blank one as null (a merge patch keeps what it does not name).
extension ConsultationForm {
    /// The form showing `draft`, its times in the clinic's zone.
    init(draft: JSONValue, zone: TimeZone) {
        var values: [String: String] = [
            "residentId": draft["residentId"].text, "appointmentId": draft["appointmentId"].text,
            "mode": draft["mode"].text, "channel": draft["channel"].text, "advice": draft["advice"].text,
            "updatedAt": draft["updatedAt"].text,
        ]
        for name in ["startedAt", "endedAt"] {
            values[name] = RFC3339.parse(draft[name].text).map { ClinicTime.localInput($0, zone) } ?? ""
        }
        for name in Self.noteNames { values["notes." + name] = draft["notes"][name].text }
        for name in Self.vitalNames {
            let value = draft["vitals"][name]
            values["vitals." + name] = value.int.map(String.init) ?? value.double.map { String($0) } ?? ""
        }
        for (row, item) in draft["diagnoses"].array.prefix(Self.diagnosisRows).enumerated() {
            values["diagnoses.\(row).code"] = item["code"].text
            values["diagnoses.\(row).text"] = item["text"].text
        }
        for (row, item) in draft["treatments"].array.prefix(Self.treatmentRows).enumerated() {
            values["treatments.\(row).kind"] = item["kind"].text
            values["treatments.\(row).text"] = item["text"].text
        }
        let followUp = draft["followUp"]
        values["followUp.inDays"] = followUp["inDays"].text
        values["followUp.mode"] = followUp["mode"].text
        values["followUp.note"] = followUp["note"].text
        self.init(values: values)
    }

    /// Whether the draft has more diagnoses or treatments than the form has rows: saving the form would drop them,
    /// so the page says so instead of offering it (the API takes up to its own limits; the form shows three).
    static func overflows(_ draft: JSONValue) -> Bool {
        draft["diagnoses"].array.count > diagnosisRows || draft["treatments"].array.count > treatmentRows
    }

    /// The merge patch that makes `draft` what the form shows. The resident and the appointment never change; a
    /// time left as the form showed it is not sent, so its seconds (the form shows minutes) stay as they were.
    func patch(of draft: JSONValue, zone: TimeZone) -> JSONValue {
        var patch = body(zone: zone).members
        patch["residentId"] = nil
        patch["appointmentId"] = nil
        let shown = ConsultationForm(draft: draft, zone: zone)
        for name in ["startedAt", "endedAt"] where self[name] == shown[name] { patch[name] = nil }
        for name in ["channel", "advice"] where patch[name] == nil { patch[name] = .null }
        var vitals = patch["vitals"]?.members ?? [:]
        for name in Self.vitalNames where vitals[name] == nil { vitals[name] = .null }
        patch["vitals"] = .object(vitals)
        if var followUp = patch["followUp"]?.members {
            for name in ["inDays", "mode", "note"] where followUp[name] == nil { followUp[name] = .null }
            patch["followUp"] = .object(followUp)
        } else {
            patch["followUp"] = .null
        }
        return .object(patch)
    }
}
