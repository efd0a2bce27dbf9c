"""Schedule changes in a real browser (issue 20): two residents booked on a clinic day ahead; an admin adds a
closure of that day through the clinic page and first sees the bookings it would displace (the preview), confirms,
and lands on the displaced work list (priority first) which the today page links to with its count; one is rebooked
into the earliest slot, the rest with "rebook all", each result shown. Screenshots (axe, console errors, no sideways
scroll at 360 px) of the preview, the displaced list, the notices page and the doctor's rota and unavailability pages
in each language and width asked for."""

import datetime
import os
import zoneinfo

from harness import API, Flow, StepFailed
from test_pages import check, signed_in

REASON = "Road to the pass closed · 山口道路封闭"


def run(settings, report, browser_for, languages, widths):
    flow = Flow(report, "schedule")
    state = {}
    with flow.step("two residents are booked on a clinic day ahead (one a priority resident with a phone)"):
        state["date"] = book_two(settings)
    # The preview in each language and width: the closure form sent, not confirmed.
    for language in languages:
        for width in widths:
            with browser_for(width, language) as b:
                if not signed_in(b, report, settings, "admin", f"schedule preview {language} {width}"):
                    continue
                with Flow(report, "schedule").step(f"the closure's preview lists both bookings ({language}, {width} px)"):
                    preview(b, state["date"])
                    b.check_page("closure-preview")
    with browser_for(1280, languages[0]) as b:
        if not signed_in(b, report, settings, "admin", "schedule admin"):
            return
        with flow.step("confirming the closure leads to the displaced list, the priority resident first"):
            preview(b, state["date"])
            b.click("#preview-confirm")
            b.expect_path("/console/worklists/displaced")
            rows = b.find_all("#displaced tbody tr")
            if len(rows) < 2:
                raise StepFailed(f"{len(rows)} rows in #displaced, expected the 2 bookings at least")
            if not b.find_all(".badge.priority", within=rows[0]):
                raise StepFailed("the first row of #displaced is not a priority resident's")
        with flow.step("the today page links to the displaced list with its count"):
            b.open("/console/")
            b.click("#displaced-link a")
            b.expect_path("/console/worklists/displaced")
    # The pages in each language and width, while the list has rows.
    for language in languages:
        for width in widths:
            for role, paths in (("admin", ["/console/worklists/displaced", "/console/notifications"]),
                                ("doctor", ["/console/rota", "/console/rota/unavailability"])):
                with browser_for(width, language) as b:
                    if signed_in(b, report, settings, role, f"schedule pages {role} {language} {width}"):
                        for path in paths:
                            check(b, report, Flow(report, f"schedule pages {role}"), role, path, [])
    with browser_for(1280, languages[0]) as b:
        if not signed_in(b, report, settings, "staff", "schedule staff"):
            return
        with flow.step("staff rebooks one into the earliest slot and sees its new time"):
            b.open("/console/worklists/displaced")
            b.click("#displaced tbody tr button[id^=rebook-]")
            b.expect_path("/console/worklists/displaced?done=rebooked")
            b.find("#notice.alert.ok")
        with flow.step("\"rebook all\" shows what became of each"):
            b.click("#rebook-all")
            b.find("#rebook-results", timeout=60)  # each booking rebooked in its own transaction, then each read
            if not b.find_all("#results tbody tr"):
                raise StepFailed("#rebook-results lists no result")
            b.check_page("displaced-rebooked-all")


def preview(b, date):
    b.open("/console/admin/clinic")
    b.driver.execute_script("arguments[0].value = arguments[1]", b.find("#closure-form input[name=date]"), date)
    b.fill("#closure-form input[name=reason]", REASON)
    b.click("#closure-add")
    b.find("#preview-confirm")
    # The two booked here, and on a demo clinic (the long form) the day's other bookings too.
    count = b.find("#preview-count strong").text
    if not count.isdigit() or int(count) < 2:
        raise StepFailed(f"the preview counts {count!r} bookings, expected the 2 booked here at least")
    listed = b.find("#preview").text
    for name in ("Tsering Wangmo", "Wang Jianguo"):
        if name not in listed and int(count) <= 40:  # the preview names the first 40 (DisplacementPreview.listed)
            raise StepFailed(f"the preview does not name {name}")


def book_two(settings):
    """Books two new residents (the first a priority resident with a phone) into the first day from two days ahead
    with two free on-site slots; that date."""
    staff = API(settings.base_url, *settings.user("staff"))
    zone = zoneinfo.ZoneInfo(os.environ.get("CONSOLE_TIME_ZONE", "Asia/Shanghai"))
    today = datetime.datetime.now(zone).date()
    residents = [
        {"names": {"bo": "ཚེ་རིང་དབང་མོ", "zh": "次仁旺姆", "latin": "Tsering Wangmo"}, "sex": "female",
         "birthDate": "1943-06-01", "languages": ["bo"], "flags": ["livesAlone"], "phone": "139 0891 2020"},
        {"names": {"zh": "王建国", "latin": "Wang Jianguo"}, "sex": "male", "birthDate": "1956-02-11",
         "languages": ["zh"]},
    ]
    for ahead in range(2, 15):
        day = (today + datetime.timedelta(days=ahead)).isoformat()
        slots = staff.call("GET", f"/v1/slots?from={day}&to={day}&mode=onsite&available=true&limit=50")["items"]
        free = [s for s in slots if not s["priorityOnly"] and not s["closed"]]
        if len(free) >= 2:
            break
    else:
        raise StepFailed("no day in the next two weeks has two free on-site slots")
    for resident, slot in zip(residents, free):
        made = staff.call("POST", "/v1/residents", resident)
        staff.call("POST", "/v1/appointments", {"slotId": slot["id"], "residentId": made["id"], "mode": "onsite"})
    return day
