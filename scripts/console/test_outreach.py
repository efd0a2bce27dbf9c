"""Community outreach (issue 21) in a real browser: the grid worker's phone page at 360 px (their start page and
only menu entry; their grids' elderly in walking order; one tap records an outcome, blood pressure folded away),
in each language; then the desk's doctor requests: "book" opens the booking page with the request (the green
channel) and a slot books it, "close" takes a reason. Screenshots of both pages in bo, zh and en."""

from harness import LANGUAGES, Flow, StepFailed


def run(settings, report, browser_for):
    flow = Flow(report, "outreach")
    with browser_for(360, "en") as b:
        with flow.step("the grid worker lands on their round; the menu holds only it"):
            b.sign_in(*settings.user("gridworker"))
            b.expect_path("/console/")
            cards = b.find_all("#round li.visit-card")
            if len(cards) < 3:
                raise StepFailed(f"the round lists {len(cards)} residents, not the 3 of the grid")
            menu = [a.get_attribute("href") for a in b.find_all("nav ul.menu a")]
            if len(menu) != 1 or not menu[0].endswith("/console/outreach"):
                raise StepFailed(f"the grid worker's menu is {menu}")
            buttons = b.find_all("button[name=outcome]", within=cards[0])
            if len(buttons) != 6:
                raise StepFailed(f"the first card has {len(buttons)} outcome buttons, not 6")
        for language in LANGUAGES:
            with flow.step(f"the round in {language} at 360 px: axe, no sideways scroll"):
                b.set_language(language)
                b.language = language
                b.open("/console/outreach")
                b.check_page("outreach-round")
        b.set_language("en")
        b.language = "en"
        with flow.step("one tap with blood pressure: needsDoctor recorded, the resident leaves the round"):
            b.open("/console/outreach")
            card = b.find_all("#round li.visit-card")[0]
            first = card.get_attribute("id")
            b.click("details summary", within=card)
            b.fill("input[name=systolic]", "168", within=card)
            b.fill("input[name=diastolic]", "102", within=card)
            b.fill("textarea[name=note]", "breathless on the stairs", within=card)
            b.click("button[value=needsDoctor]", within=card)
            b.expect_path("/console/outreach")
            if "done=needsDoctor" not in b.driver.current_url:
                raise StepFailed(f"after the tap the page is {b.driver.current_url}")
            if b.find_all(f"#{first}"):
                raise StepFailed("the visited resident is still on the round")
            b.check_page("outreach-recorded")
        with flow.step("a second tap: needsDoctor for the next resident, without details"):
            card = b.find_all("#round li.visit-card")[0]
            b.click("button[value=needsDoctor]", within=card)
            b.expect_path("/console/outreach")
    with browser_for(1280, "en") as b:
        b.sign_in(*settings.user("staff"))
        for language in LANGUAGES:
            with flow.step(f"the doctor-requests page in {language}: axe"):
                b.set_language(language)
                b.language = language
                b.open("/console/doctor-requests")
                b.check_page("doctor-requests")
        b.set_language("en")
        b.language = "en"
        with flow.step("the desk sees both requests, oldest first, and books the first through the green channel"):
            b.open("/console/doctor-requests")
            rows = round_requests(b)
            if len(rows) < 2:
                raise StepFailed(f"{len(rows)} open requests from {GRID} listed, not 2")
            if "breathless on the stairs" not in rows[0].text:
                raise StepFailed(f"the oldest request's note is not first: {rows[0].text!r}")
            b.click("a.book-request", within=rows[0])
            b.expect_path("/console/book")
            if "requestId=" not in b.driver.current_url:
                raise StepFailed(f"the booking page lost the request: {b.driver.current_url}")
            forms = b.find_all("form#book-form")
            for _ in range(3):  # the week shown may have no clinic day left: go on to the next
                if forms:
                    break
                b.click("nav.week-nav a[rel=next]")
                forms = b.find_all("form#book-form")
            if not forms:
                raise StepFailed("no free slot to book on the booking page")
            b.click("button.book-slot", within=forms[0])
            b.expect_path("/console/appointments/")
        with flow.step("the booked request leaves the list; the other is closed with a reason"):
            b.open("/console/doctor-requests")
            rows = round_requests(b)
            if len(rows) != 1:
                raise StepFailed(f"{len(rows)} requests from {GRID} left, not 1")
            b.fill("input[name=reason]", "family took her to the county hospital", within=rows[0])
            b.click("form.close-request button", within=rows[0])
            b.expect_path("/console/doctor-requests")
            if round_requests(b):
                raise StepFailed("the closed request is still listed")


#: The grid worker's grid (the suite's fixture and scripts/console/prepare.py both use it): the demo seed's own open
#: requests, from other grids, are listed too in the long form.
GRID = "North 3"


def round_requests(b):
    """The open requests listed from the round's grid, oldest first."""
    return [row for row in b.find_all("#doctor-requests tbody tr") if GRID in row.text]
