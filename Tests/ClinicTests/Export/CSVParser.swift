/// A strict RFC 4180 reader for tests: records end in CRLF, quoted fields may hold commas, quotes (doubled)
/// and line breaks. It exists to prove the writer's output reads back exactly.
enum CSVParser {
    struct Malformed: Error, Equatable {
        let reason: String
    }

    static func parse(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var scalars = Array(text.unicodeScalars)[...]
        var fieldStarted = false

        func endField() {
            record.append(field)
            field = ""
            fieldStarted = false
        }

        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\"" where !fieldStarted && field.isEmpty:
                fieldStarted = true
                while true {
                    guard let next = scalars.popFirst() else { throw Malformed(reason: "unterminated quote") }
                    if next == "\"" {
                        if scalars.first == "\"" {
                            scalars.removeFirst()
                            field.unicodeScalars.append("\"")
                        } else {
                            break
                        }
                    } else {
                        field.unicodeScalars.append(next)
                    }
                }
                guard let after = scalars.first, after == "," || after == "\r" else {
                    throw Malformed(reason: "text after closing quote")
                }
            case ",":
                endField()
            case "\r":
                guard scalars.popFirst() == "\n" else { throw Malformed(reason: "CR without LF") }
                endField()
                records.append(record)
                record = []
            case "\n":
                throw Malformed(reason: "bare LF outside quotes")
            case "\"":
                throw Malformed(reason: "quote inside an unquoted field")
            default:
                fieldStarted = true
                field.unicodeScalars.append(scalar)
            }
        }
        guard record.isEmpty, field.isEmpty, !fieldStarted else { throw Malformed(reason: "last record lacks CRLF") }
        return records
    }
}
