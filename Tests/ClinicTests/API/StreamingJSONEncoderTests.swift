import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain
@testable import ClinicPostgres
@testable import ClinicSupport

/// `JSONCoding.encode` (the streaming encoder every response goes through) writes the same bytes as Foundation's
/// `JSONEncoder` with the same conventions.
@Suite struct StreamingJSONEncoderTests {
    let zone = TimeZone(identifier: "Asia/Shanghai")!

    func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let ours = try JSONCoding.encode(value, timeZone: zone)
        let foundation = Array(try JSONCoding.foundationEncoder(timeZone: zone).encode(value))
        #expect(
            String(decoding: ours, as: UTF8.self) == String(decoding: foundation, as: UTF8.self),
            sourceLocation: sourceLocation)
    }

    struct Scalars: Encodable {
        var text = "quote \" backslash \\ slash / newline \n tab \t bell \u{7} nul \u{0} del \u{7F} 扎西 བཀྲ་ཤིས 😇 \u{2028}"
        var whole = -42
        var big = Int.max
        var yes = true
        var no = false
        var numbers = [0.0, -0.0, 1.0, 0.1, 36.6, 1e20, 1.5e-7, 123_456_789.0, -273.15]
        var id = UUID(uuidString: "8E3C1F4A-2B6D-4C1E-9F00-1234567890AB")!
        var when = Date(timeIntervalSince1970: 1_795_000_000.25)
        var missing: String? = nil
        var present: Int? = 7
        var optionals: [String?] = ["a", nil, "b"]
        var nested = [[1, 2], [], [3]]
        var map = ["zeta": 1, "Alpha": 2, "alpha": 3, "item10": 4, "item2": 5, "é": 6, "_": 7]
        var empty: [String: Int] = [:]
        var day = LocalDate("2026-12-01")!
        var int8: Int8 = -8
        var int16: Int16 = -16
        var int32: Int32 = -32
        var int64: Int64 = .min
        var uint: UInt = .max
        var uint8: UInt8 = 8
        var uint16: UInt16 = 16
        var uint32: UInt32 = 32
        var uint64: UInt64 = .max
        var float: Float = 0.1
        var floats: [Float] = [1.5, 2]
    }

    @Test func scalarsStringsAndMapsMatchFoundation() throws {
        try expectSameBytes(Scalars())
        try expectSameBytes("a top-level string")
        try expectSameBytes([3, 1, 2])
        try expectSameBytes(["b": ["d": 1, "c": 2], "a": [:]])
    }

    /// The encoder remembers each type's field order; items of one type with other keys must not reuse it.
    @Test func itemsOfOneTypeWithDifferentKeysMatchFoundation() throws {
        struct Item: Encodable {
            var zeta: Int? = nil
            var beta = 1
            var alpha: String? = nil
        }
        try expectSameBytes([Item(), Item(zeta: 2), Item(alpha: "a"), Item(zeta: 3, alpha: "b"), Item()])
        try expectSameBytes([["b": 1, "a": 2], ["z": 1, "c": 2, "a": 3], [:], ["b": 1, "a": 2, "aa": 0]])
    }

    @Test func apiValuesMatchFoundation() throws {
        let at = ZonedInstant(Date(timeIntervalSince1970: 1_795_000_000), in: zone)
        let slot = Slot(
            id: UUID(), doctorId: UUID(), date: LocalDate("2026-12-01")!, session: "morning", mode: .onsite,
            start: at, end: at, capacity: 3, booked: 1, priorityOnly: false)
        try expectSameBytes(Page(items: Array(repeating: slot, count: 5), nextCursor: "abc"))
        try expectSameBytes(Page(items: [slot], nextCursor: nil))
        // Slots write themselves (`JSONObjectWriting`): with and without the optional clinic, closed or not.
        var closed = slot
        (closed.clinicId, closed.closed, closed.session) = (UUID(), true, "afternoon \"late\" / 下午")
        try expectSameBytes([slot, closed])
        try expectSameBytes(
            Appointment(
                id: UUID(), slotId: UUID(), residentId: UUID(), doctorId: UUID(), mode: .remote, start: at, end: at,
                status: .booked, reason: "Dizzy \"often\"", interpreter: nil, walkIn: false, cancelReason: nil,
                createdAt: at))
        try expectSameBytes(ExportFixtures.resident)
        let file = ExportFixtures.fullFile()
        try expectSameBytes(file)
        let summary = ExportFixtures.summary(file)
        try expectSameBytes(summary)
        try expectSameBytes(FHIRPatientSummary.bundle(summary))
        try expectSameBytes(
            ProblemDetails(
                APIError.badRequest("bad", errors: [FieldError(field: "a.b[0]", message: "is required")]),
                requestId: "r-1"))
    }

    @Test func theOpenAPIDocumentMatchesFoundation() throws {
        let pool = PostgresPool(configuration: PostgresConfiguration(url: "postgresql:///none"))
        let application = ClinicApplication(pool: pool, configuration: try ServerConfiguration.fromEnvironment([:]))
        func value(_ any: Any) -> JSONValue {
            switch any {
            case let object as [String: Any]: return .object(object.mapValues(value))
            case let array as [Any]: return .array(array.map(value))
            case let text as String: return .string(text)
            case let flag as Bool where !(any is Int) && !(any is Double): return .bool(flag)
            case let number as NSNumber where String(cString: number.objCType) == "c": return .bool(number.boolValue)
            case let number as Int: return .int(number)
            case let number as Double: return .double(number)
            default: return .null
            }
        }
        let document = value(try JSONSerialization.jsonObject(with: Data(application.openAPIDocument)))
        try expectSameBytes(document)
        #expect(application.openAPIDocument.count > 10_000)
    }

    struct UsesNestedContainers: Encodable {
        enum Keys: String, CodingKey { case outer, list }
        enum Inner: String, CodingKey { case b, a }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var inner = container.nestedContainer(keyedBy: Inner.self, forKey: .outer)
            try inner.encode(1, forKey: .b)
            try inner.encode(2, forKey: .a)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode("x")
        }
    }

    struct UsesSuperEncoder: Encodable {
        func encode(to encoder: any Encoder) throws {
            var container = encoder.unkeyedContainer()
            try container.encode(1)
            try "super".encode(to: container.superEncoder())
        }
    }

    @Test func whatItDoesNotWriteItselfGoesToFoundation() throws {
        try expectSameBytes(UsesNestedContainers())
        try expectSameBytes(UsesSuperEncoder())
        try expectSameBytes(["data": Data([1, 2, 3])])
        try expectSameBytes(["url": URL(string: "https://example.org/a/b")!])
    }

    @Test func nonFiniteNumbersAreRefused() {
        #expect(throws: EncodingError.self) { try JSONCoding.encode([Double.nan], timeZone: zone) }
        #expect(throws: EncodingError.self) { try JSONCoding.encode(["x": Double.infinity], timeZone: zone) }
    }
}
