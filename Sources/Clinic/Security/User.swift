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

    init(
        id: UUID, username: String, role: Role, doctorId: UUID?, clinicId: UUID? = nil, active: Bool = true,
        createdAt: Date
    ) {
        self.id = id
        self.clinicId = clinicId
        self.username = username
        self.role = role
        self.doctorId = doctorId
        self.active = active
        self.createdAt = createdAt
    }

    /// The caller a token of this user stands for.
    var principal: Principal {
        Principal(userId: id, username: username, role: role, doctorId: doctorId, clinicId: clinicId)
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
        }
        try v.finish()
        return role!
    }
}
