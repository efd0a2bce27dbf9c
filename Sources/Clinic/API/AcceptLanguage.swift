import ClinicDomain

/// Reads `Accept-Language` (RFC 9110 §12.5.4): the clinic language the client ranks highest, by quality and then by
/// order; `bo-CN`, `zh-Hans-CN` and `en-GB` count as their primary language. Nil when it names none of them.
enum AcceptLanguage {
    /// Headers longer than this are not read (a browser sends well under 200 bytes).
    static let maximumLength = 512

    static func preferred(_ header: String?) -> Language? {
        guard let header, header.utf8.count <= maximumLength else { return nil }
        var best: (language: Language, quality: Double)?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let range = parts.first?.lowercased(), !range.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let primary = range.split(separator: "-").first.map(String.init) ?? range
            guard quality > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || quality > best!.quality { best = (language, quality) }
        }
        return best?.language
    }
}
