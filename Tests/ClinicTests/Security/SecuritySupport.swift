import Foundation

@testable import Clinic
@testable import ClinicDomain

/// bcrypt's lowest cost keeps the security suites fast; production uses `PasswordHashing.defaultCost`.
let testBcryptCost = 4

/// A user name no other test in the suite uses.
func uniqueUsername(_ prefix: String = "user") -> String {
    prefix + "-" + UUID().uuidString.prefix(8).lowercased()
}

/// A client address of its own (an IPv6 /64 of the documentation range, which the throttle counts as one address),
/// so tests that count one address's attempts in a shared database never count each other's.
func uniqueAddress() -> String {
    let bits = UUID().uuid
    return String(format: "2001:db8:%02x%02x:%02x%02x::1", bits.0, bits.1, bits.2, bits.3)
}

extension TestDatabase {
    @discardableResult
    func makeUser(
        _ name: String = uniqueUsername(), password: String = "a long password 1", role: Role = .staff,
        doctorId: UUID? = nil
    ) async throws -> User {
        try await pool.withConnection { db in
            try await UserStore.create(
                NewUser(username: name, password: password, role: role.rawValue, doctorId: doctorId),
                cost: testBcryptCost, on: db)
        }
    }

    func makeDoctor() async throws -> UUID {
        try await pool.query("INSERT INTO doctors (clinic_id, name) VALUES ((SELECT id FROM clinics ORDER BY created_at, id LIMIT 1), 'Dr Test') RETURNING id").first!.decode(
            UUID.self, "id")
    }
}
