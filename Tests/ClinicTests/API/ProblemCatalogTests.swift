import ClinicDomain
import ClinicPostgres
import ClinicSupport
import Foundation
import Testing

@testable import Clinic

/// The problem catalog is complete: every entry has Tibetan and Chinese with the same placeholders, and the problems
/// and field messages each source produces (domain errors, API factories, the schema check, validation) are covered
/// in bo and zh, while English stays exactly what the code wrote.
@Suite struct ProblemCatalogTests {
    static var everyEntry: [Words] {
        ProblemTitles.byStatus.values.map { $0 } + ProblemDetailTexts.byType.values.flatMap(\.entries)
            + ProblemDetailTexts.shared.entries + FieldMessageTexts.book.entries
    }

    static func placeholders(_ text: String) -> [Int] { PhrasePattern(text).numbers.sorted() }

    @Test func everyEntryHasTibetanAndChineseWithTheSamePlaceholders() {
        for words in Self.everyEntry {
            #expect(ProblemLanguageTests.hasTibetan(words.bo), "bo of \(words.en)")
            #expect(ProblemLanguageTests.hasHan(words.zh), "zh of \(words.en)")
            #expect(Self.placeholders(words.bo) == Self.placeholders(words.en), "bo of \(words.en)")
            #expect(Self.placeholders(words.zh) == Self.placeholders(words.en), "zh of \(words.en)")
        }
    }

    @Test func patternsRecoverTheirValues() {
        let pattern = PhrasePattern("cannot {1} an appointment that is {2}")
        #expect(pattern.match("cannot cancel an appointment that is noShow") == [1: "cancel", 2: "noShow"])
        #expect(pattern.match("cannot cancel an appointment") == nil)
        #expect(PhrasePattern("{1} is not allowed here").match("PUT is not allowed here") == [1: "PUT"])
        #expect(
            FieldMessageTexts.book.translate("must be at most 200 characters", .zh) == "最多 200 个字符")
        #expect(
            FieldMessageTexts.book.translate("must be between 60 and 250 mm[Hg]", .zh) == "必须在 60 到 250 mm[Hg] 之间")
        #expect(ProblemDetailTexts.shared.translate("no such slot", .en) == "no such slot")
        #expect(ProblemDetailTexts.shared.translate("something new", .zh) == "something new")
    }

    /// Every problem the domain errors, the auth errors, the database mapping and the API's factories produce.
    static var problems: [APIError] {
        let day = LocalDate("2026-12-10")!
        let scheduling: [SchedulingError] = [
            .notFound(.resident), .notFound(.doctor), .notFound(.slot), .notFound(.appointment), .notFound(.assignment),
            .notFound(.closure), .notFound(.clinicSettings), .notFound(.walkIn), .unknownReference(field: "slotId"),
            .slotFull, .slotInPast, .slotPriorityOnly, .overlappingAppointment, .modeMismatch,
            .invalidTransition(from: .cancelled, action: "check in"), .sameSlot,
            .rotaAlreadyGenerated(first: day, last: day), .doctorCannotServe(.unavailable),
            .doctorLacksBookedMode(.remote), .duplicateClosure(day), .alreadyQueued, .duplicateClinicCode,
            .residentHasBookings,
        ]
        let clinical: [ClinicalError] = [
            .notFound(.resident), .notFound(.doctor), .notFound(.consultation), .notFound(.appointment),
            .unknownReference(field: "residentId"), .signed, .notYourConsultation, .appointmentNotOpen(.noShow),
            .appointmentHasConsultation, .appointmentOfAnotherResident, .appointmentOfAnotherDoctor,
            .cannotRelink(field: "residentId"),
        ]
        let auth: [AuthError] = [.invalidCredentials, .invalidToken, .throttled(retryAfter: 30), .usernameTaken]
        let database = [
            "40001", "57014", "22001", "23505", IdempotencyStore.claimLostState, AuditStore.workNotDoneState,
        ].map {
            ProblemMapping.apiError(for: PostgresError(kind: .server, sqlState: $0, message: "x"))
        }
        let notifications: [NotificationRetryError] = [.notFound, .alreadySent, .noRecipient, .notNotified]
        return scheduling.map(\.apiError) + clinical.map(\.apiError) + auth.map(\.apiError) + database
            + notifications.map(\.apiError) + [
            ProblemMapping.apiError(for: PostgresError(kind: .connectionLost, message: "x")),
            .badRequest("query parameter limit is not valid"), .badRequest("the JSON body could not be read"),
            .badRequest("the JSON body does not have the published shape"),
            .badRequest("a query parameter is not valid"),
            .badRequest("the body has more than 30 combining marks in a row"),
            .badRequest("the date range is reversed"),
            .badRequest("the date range is too long"), .badRequest("doctorId is required"), .badRequest("unknown flag"),
            .badRequest("the cursor is not valid"),
            .badRequest("Idempotency-Key must be 1 to 255 visible ASCII characters"),
            .unauthorized(), .unauthorized("the token is not valid (malformed, unknown, expired or revoked)"),
            .forbidden(), .forbidden("this user is not linked to a doctor"),
            .forbidden("this user is linked to no doctor"),
            .forbidden("a doctor sees only their own schedule"),
            .forbidden("a doctor may manage only their own calendar feed"), .notFound("no such calendar feed"), .notFound(), .notFound("no route for /v1/x"),
            .notFound("no closure on that date"), .notFound("no such clinic"), .notFound("no such problem of this resident"),
            .notFound("what this Idempotency-Key created no longer exists"),
            .conflict("idempotency-in-progress", "a request with this Idempotency-Key is still running"),
            .conflict(
                "idempotency-in-progress", "the request with this Idempotency-Key is over but cannot be answered again"),
            APIError(
                status: 422, type: APIError.problemType("idempotency-mismatch"), title: "Unprocessable Content",
                detail: "this Idempotency-Key was used with a different request"),
            APIError(status: 405, title: "Method Not Allowed", detail: "PUT is not allowed here"),
            .unprocessable([]), .unsupportedMediaType(), .notAcceptable(["application/json", "text/html"]),
            .tooManyRequests(retryAfter: 30, "2 exports are already streaming; try again when one has finished"),
            .unavailable(), .internalError,
        ]
    }

    @Test func everyProblemHasItsTitleAndDetailInTibetanAndChinese() {
        for problem in Self.problems {
            let english = ProblemDetails(problem, requestId: "r1")
            #expect(english.title == problem.title && english.detail == problem.detail)
            for language in [Language.bo, .zh] {
                let localized = ProblemDetails(problem, requestId: "r1", language: language)
                #expect(localized.type == english.type && localized.status == english.status)
                #expect(localized.instance == english.instance)
                #expect(localized.errors?.map(\.field) == english.errors?.map(\.field))
                #expect(localized.title != english.title, "\(language) title of \(problem.title)")
                #expect(localized.detail != english.detail, "\(language) detail \(problem.detail ?? "")")
                for (mine, theirs) in zip(localized.errors ?? [], english.errors ?? []) {
                    #expect(mine.message != theirs.message, "\(language) message \(theirs.message)")
                }
            }
        }
    }

    /// Field messages from each source: domain validation, the password and user rules, the schema check.
    static func fieldMessages() -> [String] {
        var messages: [String] = []
        let schema: JSONValue = .object([
            "type": .string("object"), "additionalProperties": .bool(false), "required": .array([.string("name")]),
            "properties": .object([
                "name": .object(["type": .string("string"), "maxLength": .int(3), "pattern": .string("^[a-z]+$")]),
                "age": .object(["type": .string("integer"), "minimum": .int(0), "maximum": .int(150)]),
                "when": .object(["type": .string("string"), "format": .string("date")]),
                "at": .object(["type": .string("string"), "format": .string("date-time")]),
                "id": .object(["type": .string("string"), "format": .string("uuid")]),
                "kind": .object(["enum": .array([.string("a"), .string("b")])]),
                "tags": .object([
                    "type": .string("array"), "maxItems": .int(1), "uniqueItems": .bool(true),
                    "items": .object(["type": .string("string"), "minLength": .int(1)]),
                ]),
                "step": .object(["type": .string("number"), "multipleOf": .int(5)]),
                "flag": .object(["type": .string("boolean")]),
            ]),
        ])
        let bad: JSONValue = .object([
            "name": .string("ABCDE"), "age": .int(200), "when": .string("soon"), "at": .string("then"),
            "id": .string("x"), "kind": .string("c"), "tags": .array([.string(""), .string("")]), "step": .int(7),
            "flag": .string("yes"), "extra": .int(1),
        ])
        messages += SchemaCheck.violations(of: bad, against: schema).map(\.message)
        messages += SchemaCheck.violations(of: .object([:]), against: schema).map(\.message)
        messages += SchemaCheck.violations(of: .object(["age": .int(-1), "name": .int(1)]), against: schema)
            .map(\.message)
        messages += [
            "must be at most 64 bytes of UTF-8", "must be at least 10 characters long",
            "must be at most 128 characters long", "must not be only spaces", "must not contain control characters",
            "must be 3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "must be one of admin, staff, doctor, countyAdmin, countyViewer", "is required for a doctor user",
            "is only allowed for a doctor user", "is only allowed for an admin or staff user",
            "is required for a county admin", "is required for a doctor who serves several clinics", "no such clinic",
            "must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit",
            "must be 1 to 64 bytes", "must be 1 to 1024 bytes of UTF-8", "must be at most 128 characters",
            "names nothing that exists", "is not the slot's mode", "is not a valid key",
            "was used with a different request", "expected a date YYYY-MM-DD", "is not an acceptable value",
            "must not be before from", "walk-ins are onsite", "must be 1 to 5", "is not a priority flag",
            "is required", "must not be null (expected a string)", "expected a whole number", "is not valid JSON",
            "could not be read", "expected json or csv", "must be at most 31 days after from",
            "needs at least one of bo, zh, latin", "must be one of active, resolved",
            "is not a cursor this server gave", "is not a cursor this server issued", "is not a cursor of this list",
            "no such doctor", "must be between 0 and 150", "must be between 60 and 250 mm[Hg]",
            "must be lower than systolic", "must be one of female, male, other, unknown", "is listed twice",
            "must not be in the future", "must not be before 1900-01-01", "must list at most 10 languages",
            "must be a lower-case language code of 2 to 8 letters",
            "may only contain digits, spaces, '-' and a leading '+'", "must have 7 to 15 digits",
            "must be 15 to 18 letters, digits or '-'", "must not be empty", "must be at most 200 characters",
            "must name at least one of onsite, remote, home", "must be an IANA time zone id",
            "must be one of video, phone", "is required for a remote consultation",
            "is only given for a remote consultation", "must not be before startedAt",
            "must be at most 12 hours after startedAt", "must hold at most 50 entries",
            "must be an ICD-10 code such as I10 or E11.9", "must be between 1 and 365",
            "must not contain control characters other than line breaks and tabs", "must name at least one weekday",
            "must be an ISO weekday 1 (Monday) to 7", "must name at least one session", "must name at most 6 sessions",
            "must not begin or end with spaces", "is used by another session", "must be after start",
            "overlaps session morning", "must be a multiple of 5 between 5 and 120",
            "must fit in the shortest session (90 min)", "is not an item of the barthel form",
            "must not be before since", "must be one of mild, moderate, severe", "must hold at least one measure",
            "must be one of barthel, selfCare", "must be a whole number of points", "must be one of 0, 5, 10",
            "the appointment belongs to another resident", "residentId names nothing that exists",
            "residentId cannot change on an existing consultation",
        ]
        return messages
    }

    @Test func everyFieldMessageHasTibetanAndChinese() {
        let messages = Self.fieldMessages()
        #expect(messages.count > 80)
        for message in messages {
            #expect(ProblemCatalog.fieldMessage(message, .en) == message)
            #expect(FieldMessageTexts.book.lookup(message) != nil, "no entry for \(message)")
            #expect(ProblemLanguageTests.hasTibetan(ProblemCatalog.fieldMessage(message, .bo)), "bo: \(message)")
            #expect(ProblemLanguageTests.hasHan(ProblemCatalog.fieldMessage(message, .zh)), "zh: \(message)")
        }
        // A specific pattern wins over a general one that would also match.
        let idNumber = FieldMessageTexts.book.lookup("must be 15 to 18 letters, digits or '-'")
        #expect(idNumber?.words.zh.contains("字母") == true)
        #expect(FieldMessageTexts.book.lookup("must be at most 200 characters")?.words.zh == "最多 {1} 个字符")
    }
}
