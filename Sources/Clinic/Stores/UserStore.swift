import ClinicDomain
import ClinicPostgres
import Foundation

/// Users and their passwords. Hashing and checking happen in PostgreSQL (pgcrypto bcrypt) over
/// `PasswordHashing.prehash`, so the plain password is never sent anywhere.
enum UserStore {
    private static let columns: PostgresQuery = "id, username, role, doctor_id, clinic_id, active, created_at, grids, phone"

    /// Creates a user from validated input.
    ///
    /// - Throws: `ValidationError` for invalid input or a `doctorId` naming no doctor (422),
    ///   `AuthError.usernameTaken` when the name exists in any case (409).
    static func create(
        _ input: NewUser, cost: Int = PasswordHashing.defaultCost, policy: PasswordPolicy = .standard,
        on db: PostgresConnection
    ) async throws -> User {
        let role = try input.validated(policy: policy)
        precondition(PasswordHashing.costRange.contains(cost), "bcrypt cost out of range")
        let secret = PasswordHashing.prehash(input.password)
        do {
            let rows = try await db.query(
                """
                INSERT INTO users (username, password_hash, role, doctor_id, grids, phone, clinic_id)
                VALUES (\(input.username), crypt(\(secret), gen_salt('bf', \(cost)::int4)), \(role.rawValue),
                        \(input.doctorId), \(input.cleanGrids), \(TextRules.clean(input.phone)),
                        coalesce(\(input.clinicId)::uuid, CASE WHEN \(role.belongsToOneClinic)
                                 THEN (SELECT id FROM clinics ORDER BY created_at, id LIMIT 1) END))
                RETURNING \(columns)
                """)
            return try user(from: try single(rows))
        } catch let error as PostgresError where error.sqlState == "23505" {
            throw AuthError.usernameTaken
        } catch let error as PostgresError where error.sqlState == "23503" {
            if error.constraint == "users_clinic_id_fkey" {
                throw ValidationError(field: "clinicId", message: "no such clinic")
            }
            throw ValidationError(field: "doctorId", message: "no such doctor")
        }
    }

    /// All users, by name; with `clinicId`, that clinic's users and the doctors (who serve many clinics).
    static func list(clinicId: UUID? = nil, on db: PostgresConnection) async throws -> [User] {
        try await db.query(
            #"""
            SELECT \#(columns) FROM users
            WHERE \#(clinicId)::uuid IS NULL OR clinic_id = \#(clinicId) OR role = 'doctor'
            ORDER BY lower(username COLLATE "C"), id
            """#
        ).map(user(from:))
    }

    /// The clinics a doctor reaches, for the row of `users u`: the clinic that registered the doctor and every clinic
    /// whose rota names them. Reads every clinic's rota, so it needs the county's scope.
    static let doctorClinics: PostgresQuery = """
        ARRAY(SELECT d.clinic_id FROM doctors d WHERE d.id = u.doctor_id AND d.clinic_id IS NOT NULL
              UNION SELECT ra.clinic_id FROM rota_assignments ra WHERE ra.doctor_id = u.doctor_id)
        """


    static func get(_ id: UUID, on db: PostgresConnection) async throws -> User? {
        try await db.query("SELECT \(columns) FROM users WHERE id = \(id)").first.map(user(from:))
    }

    /// The active user with this name and password, or nil.
    ///
    /// Costs one bcrypt at `cost` whether or not the name exists or is active (an unknown name is hashed with
    /// a fresh salt of that cost and compared to nothing), so response time does not reveal which names exist.
    /// `cost` should be the cost new passwords get; users hashed at another cost still verify.
    static func verify(
        username: String, password: String, cost: Int = PasswordHashing.defaultCost, on db: PostgresConnection
    ) async throws -> User? {
        precondition(PasswordHashing.costRange.contains(cost), "bcrypt cost out of range")
        let secret = PasswordHashing.prehash(password)
        // The name is lower-cased once, here and for the throttle alike (`Username.canonical`: A-Z only), and
        // matched by the index `users_username_ascii_lower`.
        // One crypt() in every case: against the stored hash, or against a fresh salt of `cost` for an unknown
        // name. `matches` and `active` are separate columns so no short-circuit can skip the hashing.
        let rows = try await db.query(
            """
            SELECT u.id, u.username, u.role, u.doctor_id, u.clinic_id, u.created_at, coalesce(u.active, false) AS active,
                   coalesce(u.grids, '{}') AS grids, u.phone,
                   h.computed = coalesce(u.password_hash, '') AS matches
            FROM (SELECT 1) AS one
            LEFT JOIN users u ON lower(u.username COLLATE "C") = \(Username.canonical(username))
            CROSS JOIN LATERAL (
                SELECT crypt(\(secret), coalesce(u.password_hash, gen_salt('bf', \(cost)::int4))) AS computed
            ) AS h
            """, prepare: true)
        guard let row = rows.first, try row.decode(Bool.self, "matches"), try row.decode(Bool.self, "active") else {
            return nil
        }
        return try user(from: row)
    }

    /// Replaces a password; the caller should revoke the user's tokens (`TokenStore.revokeAll`) in the same
    /// transaction. Returns false when there is no such user.
    static func setPassword(
        _ id: UUID, password: String, cost: Int = PasswordHashing.defaultCost, policy: PasswordPolicy = .standard,
        on db: PostgresConnection
    ) async throws -> Bool {
        try policy.validate(password)
        precondition(PasswordHashing.costRange.contains(cost), "bcrypt cost out of range")
        let rows = try await db.query(
            """
            UPDATE users SET password_hash = crypt(\(PasswordHashing.prehash(password)), gen_salt('bf', \(cost)::int4)),
                             updated_at = now()
            WHERE id = \(id)
            """)
        return rows.affectedRows == 1
    }

    /// Deactivates or reactivates a user; a deactivated user's tokens stop working at once.
    static func setActive(_ id: UUID, _ active: Bool, on db: PostgresConnection) async throws -> Bool {
        try await db.query("UPDATE users SET active = \(active), updated_at = now() WHERE id = \(id)").affectedRows == 1
    }

    static func count(on db: PostgresConnection) async throws -> Int {
        try await db.query("SELECT count(*) AS n FROM users").first?.decode(Int.self, "n") ?? 0
    }

    static func user(from row: PostgresRow) throws -> User {
        guard let role = Role(rawValue: try row.decode(String.self, "role")) else {
            throw PostgresError(kind: .decoding, message: "unknown role in users")
        }
        return User(
            id: try row.decode(UUID.self, "id"), username: try row.decode(String.self, "username"), role: role,
            doctorId: try row.decode(UUID?.self, "doctor_id"), clinicId: try row.decode(UUID?.self, "clinic_id"),
            active: try row.decode(Bool.self, "active"),
            createdAt: try row.decode(Date.self, "created_at"), grids: try row.decodeArray(String.self, "grids"),
            phone: try row.decode(String?.self, "phone"))
    }

    private static func single(_ rows: PostgresRows) throws -> PostgresRow {
        guard let row = rows.first else { throw PostgresError(kind: .decoding, message: "expected one row") }
        return row
    }
}
