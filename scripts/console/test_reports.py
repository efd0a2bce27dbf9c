"""The monthly report in the console (issue 21) in a real browser: a clinic's admin picks the seeded month, reads
its figures, opens the printable page and the CSV (passed through under /console/), and submits the month (the button
then gives way to the submitted status); a county viewer starts on the report and sees every clinic side by side with
the total and no submit button. Each page in every language at 360 and 1280 px (axe-core, console errors, sideways
scroll), screenshots named reports-<who>-<language>-<width>.png.

Environment besides the harness's: CONSOLE_VIEWER_USER / _PASSWORD (a county viewer) and CONSOLE_REPORT_MONTH
(YYYY-MM, a month with data)."""

import os

from harness import LANGUAGES, WIDTHS, Flow, StepFailed
from test_county import set_width


def figure(b, key, column=0):
    """The value shown for figure `key` in the given column of the report table (an int, or None when blank)."""
    cells = b.find_all(f'#report tr[data-figure="{key}"] td')
    if not cells:
        raise StepFailed(f"no row for {key} on {b.path()}")
    text = cells[column].text.strip()
    return int(text) if text else None


def every_language_and_width(b, path, name):
    for language in LANGUAGES:
        b.language = language
        b.open(f"/console/language?to={language}&next=" + path.replace("/", "%2F").replace("?", "%3F")
               .replace("=", "%3D").replace("&", "%26"))
        for width in WIDTHS:
            set_width(b, width)
            b.open(path)
            b.check_page(name)
    b.language = "en"
    b.open("/console/language?to=en&next=%2Fconsole%2Freports")
    set_width(b, 1280)


def run(settings, report, browser_for):
    flow = Flow(report, "reports")
    month = os.environ["CONSOLE_REPORT_MONTH"]
    viewer = (os.environ["CONSOLE_VIEWER_USER"], os.environ["CONSOLE_VIEWER_PASSWORD"])
    page = f"/console/reports?month={month}"
    with browser_for(1280, "en") as b:
        with flow.step("an admin's menu leads to the monthly report; the month picker shows the month"):
            b.sign_in(*settings.user("admin"))
            b.open("/console/")
            b.click('a[href="/console/reports"]')
            b.expect_path("/console/reports")
            b.driver.execute_script(f"document.getElementById('month').value = '{month}'")
            b.click("#show")
            b.expect_path("/console/reports?month=")
            if b.find("#month").get_attribute("value") != month:
                raise StepFailed(f"the picker shows {b.find('#month').get_attribute('value')}, not {month}")
            if not (figure(b, "consultations.total") or 0) > 0:
                raise StepFailed("no consultations in the seeded month")
        with flow.step("the printable page and the CSV come through /console/"):
            printed = b.http("GET", f"/console/reports/print?month={month}")
            if printed.status != 200 or not printed.header("content-type").startswith("text/html") \
                    or 'data-figure="consultations.total"' not in printed.text:
                raise StepFailed(f"print: {printed.status} {printed.header('content-type')}")
            b.console_errors()
            b.open(f"/console/reports/print?month={month}")
            errors = b.console_errors()  # the page's inline style must be allowed by the console's CSP
            if errors:
                raise StepFailed(f"the printable page in the browser: {errors}")
            csv = b.http("GET", f"/console/reports/monthly.csv?month={month}", accept="text/csv")
            if csv.status != 200 or not csv.header("content-type").startswith("text/csv") \
                    or "consultations.total" not in csv.text:
                raise StepFailed(f"csv: {csv.status} {csv.header('content-type')}")
        with flow.step("the admin's report in every language at 360 and 1280 px"):
            every_language_and_width(b, page, "reports-admin")
        with flow.step("the admin submits the month; the button gives way to the submitted status"):
            b.open(page)
            b.click("#submit-report")
            b.expect_path(f"/console/reports?month={month}&done=submitted")
            b.find("#notice")
            if b.find_all("#submit-report"):
                raise StepFailed("the submit button is still there after submitting")
            status = b.find("#report thead .status").text
            if not status.startswith("Submitted"):
                raise StepFailed(f"the column's status reads {status!r}")
            b.screenshot("reports-admin-submitted")
            b.sign_out()
        with flow.step("a county viewer starts on the report: every clinic side by side with the total"):
            b.sign_in(*viewer)
            b.open("/console/")
            b.expect_path("/console/reports")
            b.open(page)
            heads = b.find_all("#report table")[0].find_elements("css selector", "thead th")
            if len(heads) < 3:  # figure, each clinic (two in the suite's county, one in the demo), total
                raise StepFailed(f"{len(heads)} columns: {[h.text for h in heads]}")
            values = [figure(b, "consultations.total", column) or 0 for column in range(len(heads) - 1)]
            if values[-1] != sum(values[:-1]):
                raise StepFailed(f"the total {values[-1]} is not the sum of {values[:-1]}")
            if b.find_all("#submit-report"):
                raise StepFailed("a county viewer has a submit button")
        with flow.step("the county's report in every language at 360 and 1280 px"):
            every_language_and_width(b, page, "reports-county")
