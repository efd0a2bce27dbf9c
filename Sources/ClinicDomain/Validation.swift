import Foundation

/// One invalid value in a request, named by its JSON path (`names`, `vitals.systolic`, `sessions[1].end`).
/// The API turns these one-to-one into the `errors` of its answer, so a client can put each message next to the
/// field the user typed.
package struct FieldError: Codable, Sendable, Equatable {
    package var field: String
    package var message: String

    package init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// Well-formed input whose values break a domain rule.
/// It carries every broken rule at once, so a form can be corrected in one round trip.
package struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    package var errors: [FieldError]

    package init(_ errors: [FieldError]) {
        self.errors = errors
    }

    package init(field: String, message: String) {
        self.errors = [FieldError(field: field, message: message)]
    }

    /// The fields named, in order, for tests and logs.
    package var fields: [String] { errors.map(\.field) }

    package var description: String {
        "ValidationError(" + errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") + ")"
    }
}

/// Collects broken rules instead of stopping at the first, then throws them together.
///
///     var v = Validator()
///     v.check(!name.isEmpty, field: "name", message: "must not be empty")
///     try v.finish()
package struct Validator: Sendable {
    package private(set) var errors: [FieldError] = []

    package init() {}

    var isValid: Bool { errors.isEmpty }

    /// Records `message` for `field` unless `condition` holds. Returns `condition`, so a caller can
    /// skip checks that only make sense once an earlier one passed.
    @discardableResult
    package mutating func check(_ condition: Bool, field: String, message: @autoclosure () -> String) -> Bool {
        if !condition { errors.append(FieldError(field: field, message: message())) }
        return condition
    }

    /// Records a broken rule unconditionally.
    package mutating func fail(field: String, message: String) {
        errors.append(FieldError(field: field, message: message))
    }

    /// Keeps errors found by another validation (e.g. nested vitals inside a consultation).
    package mutating func include(_ other: [FieldError]) {
        errors.append(contentsOf: other)
    }

    /// Runs a nested validation that throws, keeping its errors rather than stopping.
    package mutating func include(_ body: () throws(ValidationError) -> Void) {
        do { try body() } catch { errors.append(contentsOf: error.errors) }
    }

    /// Throws everything collected, if anything.
    package func finish() throws(ValidationError) {
        if !errors.isEmpty { throw ValidationError(errors) }
    }
}

/// Builds the JSON paths used as `FieldError.field`, so every rule spells them the same way.
package enum FieldPath {
    /// `join("vitals", "systolic")` is `vitals.systolic`; an empty prefix gives the bare name.
    package static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : prefix + "." + name
    }

    /// `index("sessions", 1)` is `sessions[1]`.
    package static func index(_ prefix: String, _ position: Int) -> String {
        prefix + "[" + String(position) + "]"
    }
}
