"""Every console page a role can reach, found by following the links of the pages themselves (from each role's
menu), each checked as the main pages are (axe-core, console errors, sideways scroll at 360 px, the CSP, the
weight). A page is known by its route: its path with ids as `{id}` and the names of its query parameters, so the
resident page is checked once, not once per resident, while the booking page for one resident (a whole week of
slots, the heaviest page) counts apart from the empty one. Run after the clinic-day flow, which makes the
appointments, consultations and drafts whose pages are then reachable."""

import re
import urllib.parse

import test_pages
from harness import Flow, FlowStopped

UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
#: Links that are not pages: the language switch sets a cookie and goes back; assets are not pages.
NOT_PAGES = ("/console/language", "/console/assets/")
#: The roles in the order they tour: a route is checked by the first role that reaches it.
ROLES = ("doctor", "staff", "admin")
#: At most this many pages a role (a guard against a link that makes new routes for ever).
LIMIT = 60


def route_of(target):
    parts = urllib.parse.urlsplit(target)
    keys = sorted({key for key, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)})
    return UUID.sub("{id}", parts.path) + ("?" + "&".join(keys) if keys else "")


def links(b, base_url):
    """The console links on the open page, as paths with their queries."""
    hrefs = b.driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
    found = []
    base = urllib.parse.urlsplit(base_url)
    for href in hrefs:
        parts = urllib.parse.urlsplit(href)
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith("/console"):
            continue
        if parts.path.startswith(NOT_PAGES):
            continue
        found.append(parts.path + ("?" + parts.query if parts.query else ""))
    return found


def run(settings, report, browser_for, languages, widths):
    weights = []
    for language in languages:
        for width in widths:
            checked = set()
            for role in ROLES:
                if role not in settings.users:
                    report.record(f"every page {role}", False, f"no {role} user given")
                    continue
                with browser_for(width, language) as b:
                    if not test_pages.signed_in(b, report, settings, role, f"every page {role} {language} {width}"):
                        continue
                    tour(b, report, settings.base_url, role, checked, weights)
    test_pages.print_weights(weights)


def tour(b, report, base_url, role, checked, weights):
    """Follows every link `role` sees from its home page (each role's pages link to different places, so each role
    walks its own way) and checks each page no earlier role checked; a page already checked is only opened for its
    links."""
    queue = ["/console/"]
    walked = set()
    while queue and len(walked) < LIMIT:
        path = queue.pop(0)
        route = route_of(path)
        if route in walked:
            continue
        walked.add(route)
        answer = b.http("GET", path)
        kind = (answer.header("content-type") or "").split(";")[0]
        if answer.status == 200 and kind != "text/html":
            report.record(f"every page {role} / {route}", True, f"{kind} download")
            continue
        if route in checked:
            b.open(path)
        else:
            checked.add(route)
            try:
                test_pages.check_one(b, Flow(report, f"every page {role}"), role, path, weights)
            except FlowStopped:
                continue
        queue.extend(link for link in links(b, base_url) if route_of(link) not in walked)
