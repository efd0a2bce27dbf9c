import Foundation
import Testing

@testable import Clinic
@testable import ClinicDomain

@Suite struct PasswordPolicyTests {
    @Test func lengthAndContentRules() throws {
        let policy = PasswordPolicy.standard
        try policy.validate("correct horse")
        try policy.validate("བཀྲ་ཤིས་བདེ་ལེགས་ཡིན")
        #expect(throws: ValidationError(field: "password", message: "must be at least 10 characters long")) {
            try policy.validate("short")
        }
        #expect(throws: ValidationError.self) { try policy.validate(String(repeating: "a", count: 201)) }
        try policy.validate(String(repeating: "a", count: 200))
        let spaces = try #require(throws: ValidationError.self) {
            try policy.validate(String(repeating: " ", count: 12))
        }
        #expect(spaces.errors.map(\.message) == ["must not be only spaces"])
        #expect(throws: ValidationError.self) { try policy.validate("abcdefghij\u{0}k") }
        // An empty password breaks only the length rule, and no message repeats the password.
        let empty = try #require(throws: ValidationError.self) { try policy.validate("") }
        #expect(empty.fields == ["password"])
    }

    @Test func lengthCountsWhatPeopleSee() throws {
        // Ten user-perceived characters that are more than ten scalars and bytes.
        let tibetan = "སྐྱིད་སྡུག་སྐྱིད་སྡུག"
        #expect(tibetan.count < tibetan.unicodeScalars.count)
        #expect(throws: ValidationError.self) { try PasswordPolicy(minimumLength: tibetan.count + 1).validate(tibetan) }
        try PasswordPolicy(minimumLength: tibetan.count).validate(tibetan)
    }

    @Test func prehashIsStableAcrossNormalisationAndHidesThePassword() {
        let composed = "caf\u{E9} au lait!"
        let decomposed = "cafe\u{301} au lait!"
        #expect(PasswordHashing.prehash(composed) == PasswordHashing.prehash(decomposed))
        #expect(PasswordHashing.prehash(composed).count == 64)
        #expect(PasswordHashing.prehash("a") != PasswordHashing.prehash("b"))
        #expect(!PasswordHashing.prehash(composed).contains("lait"))
    }

    @Test func newUserValidation() throws {
        let doctorId = UUID()
        #expect(try NewUser(username: "tashi.d", password: "long enough pw", role: "staff").validated() == .staff)
        #expect(
            try NewUser(username: "dr-yang", password: "long enough pw", role: "doctor", doctorId: doctorId).validated()
                == .doctor)
        let bad = try #require(throws: ValidationError.self) {
            try NewUser(username: "a b", password: "short", role: "nurse", doctorId: doctorId).validated()
        }
        #expect(bad.fields == ["username", "password", "role"])
        let doctorWithout = try #require(throws: ValidationError.self) {
            try NewUser(username: "dr-yang", password: "long enough pw", role: "doctor").validated()
        }
        #expect(doctorWithout.fields == ["doctorId"])
        let staffWith = try #require(throws: ValidationError.self) {
            try NewUser(username: "front", password: "long enough pw", role: "staff", doctorId: doctorId).validated()
        }
        #expect(staffWith.fields == ["doctorId"])
        for name in ["ab", "-lead", "名字", String(repeating: "x", count: 65), "user@host"] {
            #expect(!NewUser.isValidUsername(name), "\(name)")
        }
        for name in ["abc", "Tashi_D", "dr.yang-2", String(repeating: "x", count: 64)] {
            #expect(NewUser.isValidUsername(name), "\(name)")
        }
    }

    @Test func newUserBodyCannotCarryServerFields() throws {
        let body = #"{"username":"eve1","password":"long enough pw","role":"staff","id":"\#(UUID())","active":false}"#
        let decoded = try JSONDecoder().decode(NewUser.self, from: Data(body.utf8))
        let encoded = try #require(String(data: try JSONEncoder().encode(decoded), encoding: .utf8))
        #expect(!encoded.contains("\"id\"") && !encoded.contains("active"))
    }

    @Test func userJSONNeverHasAHash() throws {
        let user = User(id: UUID(), username: "tashi", role: .staff, doctorId: nil, createdAt: Date())
        let json = try #require(String(data: try JSONEncoder().encode(user), encoding: .utf8))
        #expect(!json.contains("password") && !json.contains("hash") && !json.contains("doctorId"))
    }

    @Test func bearerTokens() {
        let tokens = (0..<100).map { _ in BearerToken.generate() }
        #expect(Set(tokens).count == 100)
        #expect(tokens.allSatisfy { $0.utf8.count == 43 && BearerToken.isWellFormed($0) })
        #expect(BearerToken.hash(tokens[0]).count == 32)
        #expect(!BearerToken.isWellFormed(tokens[0] + "A"))
        #expect(!BearerToken.isWellFormed(String(tokens[0].dropLast()) + "+"))
        #expect(BearerToken.fromAuthorizationHeader("Bearer \(tokens[0])") == tokens[0])
        #expect(BearerToken.fromAuthorizationHeader("bearer  \(tokens[0])") == tokens[0])
        #expect(BearerToken.fromAuthorizationHeader("Basic \(tokens[0])") == nil)
        #expect(BearerToken.fromAuthorizationHeader("Bearer") == nil)
        #expect(BearerToken.fromAuthorizationHeader("Bearer x y") == nil)
    }

    @Test func loginRequestBounds() throws {
        try LoginRequest(username: "tashi", password: "x").validate()
        #expect(throws: ValidationError.self) { try LoginRequest(username: "", password: "x").validate() }
        #expect(throws: ValidationError.self) {
            try LoginRequest(username: "tashi", password: String(repeating: "p", count: 201)).validate()
        }
    }
}
