import ClinicDomain
import Foundation

/// A person who signs in, as the API shows it: never the password hash.
struct User: Codable, Sendable, Equatable {
    var id: UUID
    var username: String
    var role: Role
    /// Set exactly when `role` is `doctor`: the doctor this user acts for.
    var doctorId: UUID?
    /// The clinic an admin or staff user belongs to; nil for doctors and county users.
    var clinicId: UUID?
    var active: Bool
    var createdAt: Date
    /// A grid worker's neighbourhood grids; empty for every other role.
    var grids: [String]
    /// A grid worker's phone: the notices' last-resort recipient for residents of their grids.
    var phone: String?

    init(
        id: UUID, username: String, role: Role, doctorId: UUID?, clinicId: UUID? = nil, active: Bool = true,
        createdAt: Date, grids: [String] = [], phone: String? = nil
    ) {
        self.id = id
        self.grids = grids
        self.phone = phone
        self.clinicId = clinicId
        self.username = username
        self.role = role
        self.doctorId = doctorId
        self.active = active
        self.createdAt = createdAt
    }

    /// The caller a token of this user stands for.
    var principal: Principal {
        Principal(userId: id, username: username, role: role, doctorId: doctorId, clinicId: clinicId, grids: grids)
    }
}

/// The body of `POST /v1/users`. It carries no id, `active` or timestamps: a client cannot set them.
///
/// `role` is text here so that an unknown role is a field error (422), not a malformed body (400).
struct NewUser: Codable, Sendable, Equatable {
    var username: String
    var password: String
    var role: String
    var doctorId: UUID?
    /// The clinic of an admin or staff user. Left out, the API puts the creating admin's own (a county admin must
    /// name one) and the command line the install's first clinic.
    var clinicId: UUID?
    /// A grid worker's grids: at least one, each 1 to 100 characters; only for a grid worker.
    var grids: [String]?
    /// A grid worker's phone (optional); only for a grid worker.
    var phone: String?

    /// The grids as stored: trimmed, blanks left out.
    var cleanGrids: [String] { (grids ?? []).compactMap(TextRules.clean) }

    /// A user name: 3 to 64 ASCII letters, digits, `.`, `_` or `-`, starting with a letter or digit.
    /// Compared without regard to case. ASCII keeps names typeable on any keyboard at the login screen.
    static func isValidUsername(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...64).contains(bytes.count), let first = bytes.first, isAlphanumeric(first) else { return false }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// Checks every field at once and gives the role as a value. Whether `doctorId` names an existing doctor
    /// is the database's to say (`UserStore.create` reports it on the same field).
    func validated(policy: PasswordPolicy = .standard) throws(ValidationError) -> Role {
        var v = Validator()
        v.check(
            NewUser.isValidUsername(username), field: "username",
            message: "must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit")
        v.include { () throws(ValidationError) in try policy.validate(password) }
        let role = Role(rawValue: role)
        if v.check(
            role != nil, field: "role",
            message: "must be one of " + Role.allCases.map(\.rawValue).joined(separator: ", "))
        {
            if role == .doctor {
                v.check(doctorId != nil, field: "doctorId", message: "is required for a doctor user")
            } else {
                v.check(doctorId == nil, field: "doctorId", message: "is only allowed for a doctor user")
            }
            if role?.belongsToOneClinic != true {
                v.check(clinicId == nil, field: "clinicId", message: "is only allowed for an admin or staff user")
            }
            if role == .gridWorker {
                v.check(!cleanGrids.isEmpty, field: "grids", message: "is required for a grid worker (at least one grid)")
                v.check(
                    cleanGrids.count == Set(cleanGrids).count && cleanGrids.count <= 50
                        && cleanGrids.allSatisfy { $0.count <= 100 && !$0.contains(where: \.isNewline) },
                    field: "grids", message: "must be at most 50 distinct grids of at most 100 characters")
                if let phone {
                    let trimmed = phone.trimmingCharacters(in: .whitespaces)
                    let digits = trimmed.filter(\.isASCII).filter(\.isNumber).count
                    v.check(
                        (5...20).contains(digits) && trimmed.allSatisfy { "0123456789 -+".contains($0) },
                        field: "phone", message: "must be 5 to 20 digits, with spaces, '-' and a leading '+' allowed")
                }
            } else {
                v.check(grids?.isEmpty ?? true, field: "grids", message: "is only allowed for a grid worker")
                v.check(phone == nil, field: "phone", message: "is only allowed for a grid worker")
            }
        }
        try v.finish()
        return role!
    }
}
