#!/usr/bin/env python3
"""Runs the console's browser tests against BASE_URL with the users and residents the environment names.

    python3 scripts/console/run.py --short          # what the Swift test runs (ConsoleBrowserTests)
    python3 scripts/console/run.py                  # every page, 3 languages, 2 widths (scripts/console-browser.sh)
    python3 scripts/console/run.py --only flow,every-page   # the flow's data, then every page its links reach
    python3 scripts/console/run.py --only basics,security-sign-in,tibetan-sign-in,pages-core,county

Environment: BASE_URL; CONSOLE_{ADMIN,STAFF,DOCTOR,COUNTY,GRIDWORKER}_{USER,PASSWORD} (COUNTY: a county admin, for
the health-room picker; a run of every part without one skips it and says so; GRIDWORKER: for `outreach`); CONSOLE_TIBETAN_NAME and
CONSOLE_CHINESE_NAME (a resident the staff can find by either); CONSOLE_SCREENSHOTS (where the PNGs go);
CONSOLE_LANGUAGE (the one language of a short run, default zh); CONSOLE_TIME_ZONE (the clinic's, default
Asia/Shanghai); CHROMIUM, CHROMEDRIVER (else found on PATH); AXE_SCRIPT (an axe.min.js newer than the one
axe-selenium-python ships); CONSOLE_TRACE=1 prints the stack of a step that failed on a driver error.
Exit status 1 when any step failed; every failed step is listed at the end with its reason.
"""

import argparse
import contextlib
import functools
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import test_county  # noqa: E402
import test_flow  # noqa: E402
import test_pages  # noqa: E402
import test_schedule  # noqa: E402
import test_reports  # noqa: E402
import test_security  # noqa: E402
import test_tibetan  # noqa: E402
import test_tour  # noqa: E402
import test_outreach  # noqa: E402

PARTS = ("basics", "security-sign-in", "tibetan-sign-in", "pages-core", "flow", "security-data", "tibetan", "pages",
         "every-page", "county", "schedule", "reports", "outreach")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--short", action="store_true", help="the short form: main pages, one language")
    parser.add_argument("--only", help="comma-separated parts: " + ", ".join(PARTS))
    arguments = parser.parse_args()
    chosen = arguments.only.split(",") if arguments.only else list(PARTS)
    unknown = [part for part in chosen if part not in PARTS]
    if unknown:
        parser.error(f"unknown parts {unknown}; known: {PARTS}")
    try:
        import axe_selenium_python  # noqa: F401
        import selenium  # noqa: F401
    except ImportError as error:
        sys.exit(f"{error}: pip install -r scripts/requirements-test.txt (.ci/run does)")
    # Fail at once, and clearly, when the browser is not there.
    harness.executable("CHROMIUM", ["chromium", "chromium-browser", "google-chrome"])
    harness.executable("CHROMEDRIVER", ["chromedriver"])

    settings = harness.Settings()
    report = harness.Report()
    browser_for = functools.partial(harness.browser, settings, report)
    print(f"console browser tests against {settings.base_url}; screenshots in {settings.shots}", flush=True)
    started = time.time()
    if "basics" in chosen:
        harness.guarded(report, test_flow.run_basics, settings, report, browser_for)
    if "security-sign-in" in chosen:
        harness.guarded(report, test_security.run_sign_in_page, settings, report, browser_for)
    if "tibetan-sign-in" in chosen or "tibetan" in chosen:
        harness.guarded(report, run_tibetan, settings, report, browser_for, resident="tibetan" in chosen)
    if "flow" in chosen:
        harness.guarded(report, test_flow.run_flow, settings, report, browser_for)
    if "security-data" in chosen:
        harness.guarded(report, test_security.run_data, settings, report, browser_for)
    language = os.environ.get("CONSOLE_LANGUAGE", "zh")
    if "pages-core" in chosen:
        # What the console core serves: the sign-in page in every language and each role's home.
        test_pages.run(settings, report, browser_for, [language], harness.WIDTHS,
                       {role: ["/console/"] for role in ("staff", "doctor", "admin")},
                       sign_in_languages=harness.LANGUAGES)
    if "pages" in chosen:
        if arguments.short:
            test_pages.run(settings, report, browser_for, [language], harness.WIDTHS,
                           test_pages.SHORT_PAGES, sign_in_languages=harness.LANGUAGES)
        else:
            test_pages.run(settings, report, browser_for, harness.LANGUAGES, harness.WIDTHS,
                           test_pages.MAIN_PAGES)
    if "every-page" in chosen:
        # Every page each role reaches from its menu, found by its links: one language and width in a short run.
        if arguments.short:
            test_tour.run(settings, report, browser_for, [language], [1280])
        else:
            test_tour.run(settings, report, browser_for, harness.LANGUAGES, harness.WIDTHS)
    if "county" in chosen:
        if arguments.only or "county" in settings.users:
            harness.guarded(report, test_county.run, settings, report, browser_for)
        else:
            report.note("no county admin given (CONSOLE_COUNTY_USER): the health-room picker was not checked")
    if "schedule" in chosen:
        # Schedule changes: a closure previewed and confirmed, the displaced list, rebooking (one language when short;
        # CONSOLE_SCHEDULE_LANGUAGES=bo,zh,en asks for more).
        asked = os.environ.get("CONSOLE_SCHEDULE_LANGUAGES")
        languages = asked.split(",") if asked else [language] if arguments.short else list(harness.LANGUAGES)
        harness.guarded(report, test_schedule.run, settings, report, browser_for, languages, harness.WIDTHS)
    if "reports" in chosen:
        harness.guarded(report, test_reports.run, settings, report, browser_for)
    if "outreach" in chosen:
        harness.guarded(report, test_outreach.run, settings, report, browser_for)
    print(f"ran in {time.time() - started:.0f} s")
    return report.summary()


def run_tibetan(settings, report, browser_for, resident):
    """The sign-in page's check always; the resident's name only when asked (`tibetan`)."""
    if resident:
        test_tibetan.run(settings, report, browser_for)
        return
    flow = harness.Flow(report, "tibetan")
    with browser_for(1280, "bo") as b:
        with flow.step("the sign-in page's Tibetan heading is drawn with a Tibetan font"):
            b.open("/console/login")
            test_tibetan.check_tibetan(b, report, "main h1", "tibetan-login-heading")
        with flow.step("Tibetan is set at most 1.3 times larger than English, not larger at each level"):
            test_tibetan.check_sizes(b)


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
