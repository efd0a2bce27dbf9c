"""Every main page for each role, in each language and width: a screenshot, axe-core (no serious or critical
violation), no browser console error (no CSP violation), no sideways scroll at 360 px, the security headers, and
the page's weight (HTML + CSS + JS, each gzipped) under 30 KB, printed as a table."""

from harness import PAGE_WEIGHT_LIMIT, Flow, FlowStopped, StepFailed, page_weight
from test_security import expect_csp

#: The menu of each role (Sources/Clinic/Console/ConsoleNavigation.swift): the pages a role starts from.
MAIN_PAGES = {
    "staff": ["/console/", "/console/residents", "/console/book", "/console/worklists", "/console/notifications"],
    "doctor": ["/console/", "/console/rota", "/console/drafts", "/console/residents", "/console/worklists"],
    "admin": ["/console/", "/console/residents", "/console/book", "/console/rota", "/console/worklists",
              "/console/notifications", "/console/admin"],
}
#: The pages a short run checks (the long run checks every page of every role).
SHORT_PAGES = {"staff": ["/console/", "/console/residents", "/console/book"], "doctor": ["/console/"],
               "admin": ["/console/"]}


def check(b, report, flow, name, path, weights):
    try:
        check_one(b, flow, name, path, weights)
    except FlowStopped:
        pass  # recorded; the next page is checked on its own


def check_one(b, flow, name, path, weights):
    with flow.step(f"{path} ({b.language}, {b.width} px)"):
        status, sizes = page_weight(b, path)
        total = sum(sizes.values())
        weights.append((f"{name} {path}", b.language, b.width, status, sizes, total))
        if status != 200:
            raise StepFailed(f"{path} answers HTTP {status} (not on this branch yet?)")
        expect_csp(b.http("GET", path), path)
        b.open(path)
        b.expect_path(path.split("?")[0])
        b.check_page(f"{name}{path}")
        if total > PAGE_WEIGHT_LIMIT:
            raise StepFailed(f"{path} weighs {total} bytes gzipped (limit {PAGE_WEIGHT_LIMIT})")


def signed_in(b, report, settings, role, name):
    """Signs `b` in as `role`, recorded as the step "sign in" of flow `name`; False when that failed."""
    try:
        with Flow(report, name).step("sign in"):
            b.sign_in(*settings.user(role))
    except FlowStopped:
        return False
    return True


def run(settings, report, browser_for, languages, widths, pages, sign_in_languages=None):
    weights = []
    for language in sign_in_languages or languages:
        for width in widths:
            flow = Flow(report, f"pages anonymous {language} {width}")
            with browser_for(width, language) as b:
                check(b, report, flow, "anonymous", "/console/login", weights)
    for role, paths in pages.items():
        if role not in settings.users:
            report.record(f"pages {role}", False, f"no {role} user given")
            continue
        for language in languages:
            for width in widths:
                # One flow per page set: a missing page fails alone, the others are still checked.
                with browser_for(width, language) as b:
                    if not signed_in(b, report, settings, role, f"pages {role} {language} {width}"):
                        continue
                    for path in paths:
                        check(b, report, Flow(report, f"pages {role}"), role, path, weights)
    print_weights(weights)


def print_weights(weights):
    print("\npage weight, gzipped bytes (limit %d):" % PAGE_WEIGHT_LIMIT)
    print(f"{'page':44} {'lang':4} {'width':>5} {'status':>6} {'html':>6} {'css':>6} {'js':>6} {'total':>6}")
    seen = set()
    for name, language, width, status, sizes, total in weights:
        key = (name, language)
        if key in seen:  # the same page at another width weighs the same
            continue
        seen.add(key)
        print(f"{name:44} {language:4} {width:5} {status:6} {sizes['html']:6} {sizes['css']:6} {sizes['js']:6} "
              f"{total:6}")
    print(flush=True)
