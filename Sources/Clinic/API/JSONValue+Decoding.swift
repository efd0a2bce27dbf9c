import ClinicDomain
import ClinicHTTP
import ClinicPostgres
import ClinicSupport
import Foundation

/// Plain JSON as a field of a `Decodable` type (a report's figures). Whole texts are read by `JSONValue(parsing:)`,
/// which accepts and reads what this does (tested against it) without throwing an error per value to find its kind.
extension JSONValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}
