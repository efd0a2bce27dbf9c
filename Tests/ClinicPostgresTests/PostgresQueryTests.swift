import Foundation
import Testing

@testable import ClinicPostgres
@testable import ClinicSupport

@Suite struct PostgresQueryTests {
    @Test func interpolationBindsValuesAsParameters() {
        let name = "Robert'); DROP TABLE residents;--"
        let id = UUID()
        let query: PostgresQuery = "SELECT * FROM residents WHERE name = \(name) AND id = \(id)"
        #expect(query.sql == "SELECT * FROM residents WHERE name = $1 AND id = $2")
        #expect(query.binds.count == 2)
        #expect(query.binds[0].bytes == Array(name.utf8))
        #expect(query.binds[1].oid == PostgresOID.uuid)
    }

    @Test func fragmentsAreRenumbered() {
        var query: PostgresQuery = "SELECT 1 WHERE a = \(1)"
        query.append(" AND b = \("x") AND c = '$1'")
        let inner: PostgresQuery = "d = \(3) OR e = \(4)"
        query.append(" AND (\(inner))")
        #expect(query.sql == "SELECT 1 WHERE a = $1 AND b = $2 AND c = '$1' AND (d = $3 OR e = $4)")
        #expect(query.binds.count == 4)
        // A fragment without parameters is taken as it is, interpolated or appended.
        let plain: PostgresQuery = "f IN ('$1', 'x')"
        let outer: PostgresQuery = "SELECT \(5) WHERE \(plain) AND \(inner)"
        #expect(outer.sql == "SELECT $1 WHERE f IN ('$1', 'x') AND d = $2 OR e = $3")
        #expect(outer.binds.count == 3)
    }

    @Test func renumberingLeavesQuotedAndNonASCIITextAlone() {
        let sql = #"SELECT '扎西 $1' AS "col $2", $1, $10 || 'བཀྲ་ཤིས' WHERE x = $3"#
        #expect(
            PostgresQuery.renumber(sql, by: 12)
                == #"SELECT '扎西 $1' AS "col $2", $13, $22 || 'བཀྲ་ཤིས' WHERE x = $15"#)
        #expect(PostgresQuery.renumber("a = $1 AND b = '$", by: 1) == "a = $2 AND b = '$")
        #expect(PostgresQuery.renumber("price $ 5, $x", by: 3) == "price $ 5, $x")
    }

    @Test func nullKeepsItsType() {
        let missing: String? = nil
        let query: PostgresQuery = "SELECT \(missing)"
        #expect(query.binds[0].bytes == nil)
        #expect(query.binds[0].oid == PostgresOID.text)
    }

    @Test func arraysAreQuotedLiterals() {
        let query: PostgresQuery = "SELECT \(["a", "b\"c", "d\\e", "x,y"])"
        #expect(String(decoding: query.binds[0].bytes!, as: UTF8.self) == #"{"a","b\"c","d\\e","x,y"}"#)
        #expect(PostgresArrayText.parse(#"{a,"b\"c","d\\e","x,y",NULL,"NULL"}"#) == ["a", "b\"c", "d\\e", "x,y", nil, "NULL"])
        #expect(PostgresArrayText.parse("{}") == [])
    }

    @Test func timestampsKeepMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_795_000_000.123456)
        let text = PostgresTimestamp.format(date)
        #expect(text.hasSuffix(".123456+00"))
        let back = PostgresTimestamp.parse(text)!
        #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001)
        #expect(PostgresTimestamp.parse("2026-12-01 09:30:00+08") == PostgresTimestamp.parse("2026-12-01 01:30:00+00"))
        #expect(PostgresTimestamp.parse("2026-12-01 09:30:00.5+05:30") != nil)
        #expect(PostgresTimestamp.parse("2026-12-01") == nil)
        #expect(PostgresTimestamp.parse("2026-12-01 09:30:00+08 junk") == nil)
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
