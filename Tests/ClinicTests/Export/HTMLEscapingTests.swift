import Testing

@testable import Clinic
@testable import ClinicDomain

@Suite struct HTMLEscapingTests {
    @Test func markupCharactersBecomeEntities() {
        #expect(
            HTML.escape("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
    }

    @Test func otherTextIsUntouched() {
        #expect(HTML.escape("བཀྲ་ཤིས་སྒྲོལ་མ 扎西卓玛 Tashi") == "བཀྲ་ཤིས་སྒྲོལ་མ 扎西卓玛 Tashi")
        #expect(HTML.escape("") == "")
    }

    @Test func controlCharactersAreDroppedButLinesKept() {
        #expect(HTML.escape("a\u{0}b\u{7}c\td\ne\u{85}") == "abc\td\ne")
    }

    @Test func dayListClockUsesTheInstantsOffset() {
        let instant = ZonedInstant(rfc3339: "2026-12-01T09:30:00+08:00")!
        #expect(instant.clockText == "09:30")
    }
}
