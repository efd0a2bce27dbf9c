import Testing
@testable import Clinic

@Test func versionIsSet() { #expect(!ClinicVersion.string.isEmpty) }
