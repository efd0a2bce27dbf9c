import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

/// `clinic-server create-user --role gridWorker --grids G1,G2 [--phone P]`: the grids are required for a grid worker
/// and refused for every other role, as is the phone; the user made carries both.
@Suite struct GridWorkerCommandTests {
    @Test func createUserTakesGridsAndAPhoneOnlyForAGridWorker() throws {
        #expect(
            try ClinicCommand.parse(
                ["create-user", "--username", "dolma.grid", "--role", "gridWorker", "--grids", "Grid 1, Grid 2",
                 "--phone", "13800000001"])
                == .createUser(
                    .init(
                        username: "dolma.grid", role: .gridWorker, doctorId: nil, grids: ["Grid 1", "Grid 2"],
                        phone: "13800000001")))
        #expect(throws: CommandLineError.missingOption("--grids", command: "create-user")) {
            try ClinicCommand.parse(["create-user", "--username", "dolma.grid", "--role", "gridWorker"])
        }
        for option in ["--grids", "--phone"] {
            #expect(throws: CommandLineError.notForRole(option: option, role: "staff", command: "create-user")) {
                try ClinicCommand.parse(["create-user", "--username", "desk", "--role", "staff", option, "G1"])
            }
        }
        let message = CommandLineError.notForRole(option: "--grids", role: "staff", command: "create-user").description
        #expect(message.contains("only for gridWorker users"))
    }

    @Test func theCommandMakesAGridWorkerWithGridsAndPhone() async throws {
        let db = try await TestDatabase.fresh()
        let options = ClinicCommand.CreateUserOptions(
            username: "pema.grid", role: .gridWorker, doctorId: nil, grids: ["North 1"], phone: "13800000002")
        let user = try await ClinicServerMain.createUser(options, password: "a long password 1", cost: 4, db.pool)
        #expect(user.role == .gridWorker && user.grids == ["North 1"] && user.phone == "13800000002")
        #expect(user.clinicId != nil)
    }
}
