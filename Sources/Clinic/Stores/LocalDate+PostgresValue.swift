import ClinicDomain
import ClinicPostgres

/// The clinic's calendar values as query parameters and result cells: the driver knows only Swift's and
/// Foundation's types, so the clinic teaches it its own here.
extension LocalDate: PostgresEncodable, PostgresDecodable {
    package static var nullOID: UInt32 { PostgresOID.date }
    package var postgresBind: PostgresBind { PostgresBind(text: description, oid: PostgresOID.date) }
    package init?(postgresText text: String) { self.init(text) }
    package init?(postgresBytes bytes: UnsafeBufferPointer<UInt8>) { self.init(utf8: bytes) }
}

extension LocalTime: PostgresDecodable {
    package init?(postgresText text: String) { self.init(text) }
}

extension LocalDate: PostgresArrayElement {
    package static var arrayOID: UInt32 { PostgresOID.dateArray }
    package var arrayElementText: String? { description }
}
