import Testing

@testable import ClinicHTTP

@Suite struct RouterTests {
    static func table() -> Router<String> {
        var router = Router<String>()
        router.add(.get, "/healthz", "healthz")
        router.add(.get, "/v1/residents", "list")
        router.add(.post, "/v1/residents", "create")
        router.add(.get, "/v1/residents/{id}", "show")
        router.add(.patch, "/v1/residents/{id}", "update")
        router.add(.get, "/v1/residents/search", "search")
        router.add(.get, "/v1/residents/{id}/consultations", "consultations")
        router.add(.post, "/v1/appointments/{id}/cancel", "cancel")
        router.add(.delete, "/v1/clinic/closures/{date}", "deleteClosure")
        router.add(.get, "/", "root")
        return router
    }

    func found(_ match: RouteMatch<String>) -> (String, [String: String], String)? {
        if case .found(let value, let parameters, let pattern) = match { return (value, parameters, pattern) }
        return nil
    }

    @Test func literalRoutes() {
        let router = Self.table()
        #expect(found(router.match(.get, "/healthz"))?.0 == "healthz")
        #expect(found(router.match(.get, "/"))?.0 == "root")
        #expect(found(router.match(.post, "/v1/residents"))?.0 == "create")
    }

    @Test func parametersAreCapturedWithThePattern() throws {
        let router = Self.table()
        let match = try #require(found(router.match(.get, "/v1/residents/abc-123/consultations")))
        #expect(match.0 == "consultations")
        #expect(match.1 == ["id": "abc-123"])
        #expect(match.2 == "/v1/residents/{id}/consultations")
        #expect(found(router.match(.delete, "/v1/clinic/closures/2026-12-01"))?.1 == ["date": "2026-12-01"])
    }

    @Test func literalWinsOverParameter() {
        let router = Self.table()
        #expect(found(router.match(.get, "/v1/residents/search"))?.0 == "search")
        #expect(found(router.match(.get, "/v1/residents/searc"))?.0 == "show")
    }

    /// OpenAPI matches a concrete path before a templated one, so `/v1/residents/search` is its own resource: a
    /// method it lacks is 405 (the fuzzer's ST204 on `PATCH /v1/consultations/drafts`), not `/v1/residents/{id}`.
    @Test func aLiteralPathAnswersOnlyItsOwnMethods() {
        let router = Self.table()
        guard case .methodNotAllowed(let allow) = router.match(.patch, "/v1/residents/search") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == [.get, .head])
        #expect(found(router.match(.patch, "/v1/residents/searc"))?.1 == ["id": "searc"])
        #expect(found(router.match(.get, "/v1/residents/search/consultations"))?.1 == ["id": "search"])
    }

    @Test func segmentsArePercentDecodedAfterSplitting() {
        let router = Self.table()
        #expect(found(router.match(.get, "/v1/residents/a%2Fb"))?.1 == ["id": "a/b"])
        #expect(found(router.match(.get, "/v1/residents/Dr%C3%B6lma"))?.1 == ["id": "Drölma"])
        #expect(found(router.match(.get, "/v1/resid%65nts"))?.0 == "list")
        guard case .notFound = router.match(.get, "/v1/residents/%zz") else {
            Issue.record("bad escape should not match")
            return
        }
    }

    @Test func unknownPathsAreNotFound() {
        let router = Self.table()
        for path in ["/nope", "/v1", "/v1/residents/1/2", "/v1/residents//consultations", "/healthz/x"] {
            guard case .notFound = router.match(.get, path) else {
                Issue.record("\(path) should be 404")
                continue
            }
        }
    }

    @Test func trailingSlashIsSignificant() {
        let router = Self.table()
        guard case .notFound = router.match(.get, "/v1/residents/") else {
            Issue.record("trailing slash should be 404")
            return
        }
        guard case .notFound = router.match(.get, "/healthz/") else {
            Issue.record("trailing slash should be 404")
            return
        }
    }

    @Test func aPatternWithATrailingSlashIsAPathOfItsOwn() {
        var router = Self.table()
        router.add(.get, "/console/", "console home")
        router.add(.get, "/console", "console entrance")
        #expect(found(router.match(.get, "/console/"))?.0 == "console home")
        #expect(found(router.match(.get, "/console"))?.0 == "console entrance")
        #expect(found(router.match(.get, "/console//")) == nil)
    }

    @Test func wrongMethodListsAllowed() {
        let router = Self.table()
        guard case .methodNotAllowed(let allow) = router.match(.delete, "/v1/residents") else {
            Issue.record("expected 405")
            return
        }
        #expect(allow == [.get, .head, .post])
        guard case .methodNotAllowed(let allowCancel) = router.match(.get, "/v1/appointments/x/cancel") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowCancel == [.post])
        guard case .methodNotAllowed(let allowShow) = router.match(.put, "/v1/residents/x") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowShow == [.get, .head, .patch])
    }

    @Test func headFallsBackToGet() {
        let router = Self.table()
        #expect(found(router.match(.head, "/v1/residents/7"))?.0 == "show")
        guard case .methodNotAllowed = router.match(.head, "/v1/appointments/x/cancel") else {
            Issue.record("HEAD without GET should be 405")
            return
        }
    }

    @Test func explicitHeadRouteWins() {
        var router = Router<String>()
        router.add(.get, "/x", "get")
        router.add(.head, "/x", "head")
        #expect(found(router.match(.head, "/x"))?.0 == "head")
    }

    @Test func aParameterWithASuffixLeavesTheSuffixOut() {
        var router = Router<String>()
        router.add(.get, "/v1/calendar/{secret}.ics", "feed")
        router.add(.get, "/v1/calendar/today", "today")
        #expect(found(router.match(.get, "/v1/calendar/abc_-9.ics"))?.1 == ["secret": "abc_-9"])
        #expect(found(router.match(.get, "/v1/calendar/abc_-9.ics"))?.2 == "/v1/calendar/{secret}.ics")
        #expect(found(router.match(.get, "/v1/calendar/today"))?.0 == "today")
        for path in ["/v1/calendar/.ics", "/v1/calendar/abc", "/v1/calendar/abc.ics.txt", "/v1/calendar/abc.ICS"] {
            guard case .notFound = router.match(.get, path) else {
                Issue.record("\(path) should not match")
                continue
            }
        }
        #expect(RoutePattern("/v1/calendar/{secret}.ics").segments.last == .parameter("secret", suffix: ".ics"))
    }

    @Test func patternParsing() {
        let pattern = RoutePattern("/v1/residents/{id}/consultations")
        let expected: [RoutePattern.Segment] = [
            .literal("v1"), .literal("residents"), .parameter("id"), .literal("consultations"),
        ]
        #expect(pattern.segments == expected)
        #expect(RoutePattern("/").segments.isEmpty)
        #expect(RoutePattern.split("/a/b/") == ["a", "b", ""])
    }
}
