import Foundation
import Testing

@testable import Clinic

@Suite struct CSVWriterTests {
    @Test func plainFieldsAreLeftAloneAndRowsEndInCRLF() {
        #expect(CSVWriter.row(["id", "name", "age"]) == "id,name,age\r\n")
        #expect(CSVWriter.row([]) == "\r\n")
        #expect(CSVWriter.row(["", ""]) == ",\r\n")
        #expect(CSVWriter.rows([["a"], ["b"]]) == "a\r\nb\r\n")
    }

    @Test func specialCharactersAreQuotedAndQuotesDoubled() {
        #expect(CSVWriter.field("Lhasa, Chengguan") == "\"Lhasa, Chengguan\"")
        #expect(CSVWriter.field("the \"old\" house") == "\"the \"\"old\"\" house\"")
        #expect(CSVWriter.field("line\nbreak") == "\"line\nbreak\"")
        #expect(CSVWriter.field("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVWriter.field("crlf\r\nhere") == "\"crlf\r\nhere\"")
        #expect(CSVWriter.field("\"") == "\"\"\"\"")
        #expect(CSVWriter.field("plain text; semicolon") == "plain text; semicolon")
    }

    @Test(arguments: [
        ("=1+1", "'=1+1"), ("+86 138 0000 0000", "'+86 138 0000 0000"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tlead", "'\tlead"), ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("\r=1", "\"'\r=1\""), ("a=1", "a=1"), (" =1", " =1"), ("'already", "'already"), ("", ""),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"), ("-", "'-"), ("=1,2", "\"'=1,2\""),
    ])
    func formulaLookingCellsAreNeutralisedBeforeQuoting(value: String, written: String) {
        #expect(CSVWriter.field(value) == written)
    }

    @Test func bomIsUTF8ByteOrderMark() {
        #expect(CSVWriter.bom == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: CSVWriter.bom, as: UTF8.self) == "\u{FEFF}")
    }

    @Test func tibetanAndChineseAreWrittenAsUTF8Unchanged() {
        let row = CSVWriter.row(["བཀྲ་ཤིས་བདེ་ལེགས", "扎西德勒", "Tashi Delek"])
        #expect(row == "བཀྲ་ཤིས་བདེ་ལེགས,扎西德勒,Tashi Delek\r\n")
        #expect(Array(row.utf8).prefix(3) == [0xE0, 0xBD, 0x96])  // U+0F56 TIBETAN LETTER BA
    }

    @Test func writtenRowsParseBackExactly() throws {
        let records: [[String]] = [
            ["id", "names.bo", "names.zh", "phone", "note"],
            ["1", "བཀྲ་ཤིས་བདེ་ལེགས", "扎西德勒", "0891-6321234", "lives alone, 4th floor"],
            ["2", "ཚེ་རིང་", "次仁 \"老次\"", "", "line one\r\nline two\nline three"],
            ["3", "", "", "", ""],
            ["4", "a,b", "\"", ",", "x\r\n"],
            ["5", "ending with quote\"", "with\ttab inside", "中文，全角逗号", "སྨན་ཁང་"],
        ]
        let text = CSVWriter.rows(records)
        #expect(try CSVParser.parse(text) == records)
    }

    @Test func formulaCellsParseBackWithTheirGuard() throws {
        let records = [["=1+1", "+86 138", "-5", "@x", "\tx", "\r\n=2", "safe"]]
        let parsed = try CSVParser.parse(CSVWriter.rows(records))
        #expect(parsed == [["'=1+1", "'+86 138", "'-5", "'@x", "'\tx", "'\r\n=2", "safe"]])
        #expect(parsed[0].allSatisfy { !["=", "+", "-", "@", "\t", "\r"].contains($0.first.map(String.init) ?? "") })
    }

    @Test func randomFieldsRoundTrip() throws {
        var random = SplitMix64(seed: 4180)
        let alphabet = Array("ab,\"\r\n\t=+-@ 藏ཀ྄ '").map(String.init) + ["\r\n"]
        for _ in 0..<300 {
            let record = (0..<Int.random(in: 1...6, using: &random)).map { _ in
                (0..<Int.random(in: 0...8, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
                    .joined()
            }
            let parsed = try CSVParser.parse(CSVWriter.row(record))
            #expect(parsed == [record.map(CSVWriter.neutralised)])
        }
    }

    @Test func parserRejectsMalformedInput() {
        #expect(throws: CSVParser.Malformed.self) { try CSVParser.parse("a,\"b\r\n") }
        #expect(throws: CSVParser.Malformed.self) { try CSVParser.parse("a\nb\r\n") }
        #expect(throws: CSVParser.Malformed.self) { try CSVParser.parse("a,b") }
        #expect(throws: CSVParser.Malformed.self) { try CSVParser.parse("a\"b\r\n") }
    }
}
