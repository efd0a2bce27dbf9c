import Testing

@testable import Clinic
@testable import ClinicDomain

/// The report's dependency bands come from two scales that run in opposite directions: each band's line names the
/// scales that produce it (and no other), in every language, so a reader never takes one scale's step for the other's.
@Suite struct MonthlyReportLabelsTests {
    @Test func eachBandNamesTheScalesThatProduceIt() {
        for band in AssessmentBand.allCases {
            let path = ["elderly", "byBand", band.rawValue]
            let english = MonthlyReportLabels.figure(path, .en)
            let chinese = MonthlyReportLabels.figure(path, .zh)
            let tibetan = MonthlyReportLabels.figure(path, .bo)
            let barthel = AssessmentBand.bands(of: .barthel).contains(band)
            let selfCare = AssessmentBand.bands(of: .selfCare).contains(band)
            #expect(english.contains("Barthel") == barthel && chinese.contains("Barthel") == barthel, "\(band)")
            #expect(tibetan.contains("Barthel") == barthel, "\(band)")
            #expect(english.contains("self-care") == selfCare && chinese.contains("自理评估") == selfCare, "\(band)")
            #expect(tibetan.contains("རང་འཚོ") == selfCare, "\(band)")
        }
    }
}
