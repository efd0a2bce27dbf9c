"""Security in a real browser: data is text, never script; forms need their CSRF field; the session cookie's flags;
the Content-Security-Policy on every page (and, through the harness, no CSP violation in the console)."""

import json
import urllib.parse

from harness import API, Flow, StepFailed

SCRIPT_NAME = "<script>alert(1)</script>"
#: Every POST form of the page: its action (a path) and its fields as the browser would send them.
FORMS = """
return [...document.querySelectorAll('form')].filter(f => f.method.toLowerCase() === 'post')
  .map(f => [new URL(f.action).pathname + new URL(f.action).search, [...new FormData(f).entries()]
  .filter(e => typeof e[1] === 'string')]);
"""


def expect_no_dialog(b, where):
    text = b.open_dialog_text()
    if text is not None:
        b.driver.switch_to.alert.dismiss()
        raise StepFailed(f"a dialog opened on {where}: {text!r} (script in data ran)")


def expect_visible_text(b, text, where):
    body = b.find("main").text
    if text not in body:
        raise StepFailed(f"{text!r} is not shown as text in <main> on {where}")


def expect_csp(answer, where):
    csp = answer.header("Content-Security-Policy") or ""
    if "default-src 'none'" not in csp or "unsafe-inline" in csp or "frame-ancestors 'none'" not in csp:
        raise StepFailed(f"{where}: Content-Security-Policy {csp!r}")
    if answer.header("X-Frame-Options") != "DENY":
        raise StepFailed(f"{where}: X-Frame-Options {answer.header('X-Frame-Options')!r}")


def run_sign_in_page(settings, report, browser_for):
    """What the sign-in page alone can show: typed script stays text, CSRF, the cookie's flags, the headers."""
    flow = Flow(report, "security-sign-in")
    username, password = settings.user("staff")
    with browser_for(1280, "en") as b:
        with flow.step("a name typed as <script> into the sign-in form comes back as text, not script"):
            b.open("/console/login?next=" + urllib.parse.quote("javascript:alert(1)"))
            b.fill("#f-username", SCRIPT_NAME)
            b.fill("#f-password", "not the password at all")
            b.find("#f-password").submit()
            expect_no_dialog(b, b.path())
            kept = b.find("#f-username").get_attribute("value")
            if kept != SCRIPT_NAME:
                raise StepFailed(f"the name typed was not kept as typed: {kept!r}")
            b.find(".alert.error")
            b.check_page("login-script-typed")
        with flow.step("the sign-in form without or with a wrong CSRF field is 403"):
            b.open("/console/login")
            for label, extra in (("without", {}), ("with a wrong", {"_csrf": "0" * 64})):
                answer = b.http("POST", "/console/login", form={"username": username, "password": password, **extra})
                if answer.status != 403:
                    raise StepFailed(f"sign-in {label} CSRF field: {answer.status}, not 403")
        with flow.step("the session cookie is HttpOnly, SameSite=Strict, on /console"):
            b.sign_in(username, password)
            cookie = b.cookies().get("clinic_session")
            if not cookie:
                raise StepFailed(f"no clinic_session cookie after sign-in ({list(b.cookies())})")
            if not cookie.get("httpOnly") or cookie.get("sameSite") != "Strict" or cookie.get("path") != "/console":
                raise StepFailed(f"cookie flags: {json.dumps(cookie)}")
            if b.driver.execute_script("return document.cookie").find("clinic_session") >= 0:
                raise StepFailed("the session cookie is readable from JavaScript")
        with flow.step("sign-out without its CSRF field is 403 and the session stays"):
            answer = b.http("POST", "/console/logout", form={})
            if answer.status != 403:
                raise StepFailed(f"sign-out without the CSRF field: {answer.status}, not 403")
            b.open("/console/")
            b.expect_path("/console/")
        with flow.step("the sign-in page and the home page carry the CSP and framing headers"):
            expect_csp(b.http("GET", "/console/"), "/console/")
            b.sign_out()
            expect_csp(b.http("GET", "/console/login"), "/console/login")


def run_data(settings, report, browser_for):
    """A resident named <script>alert(1)</script> shows as text on the residents list and the resident's page."""
    flow = Flow(report, "security-data")
    username, password = settings.user("staff")
    state = {}
    with flow.step("a resident named <script>alert(1)</script> is created through the API"):
        api = API(settings.base_url, username, password)
        resident = api.call("POST", "/v1/residents", {
            "names": {"latin": SCRIPT_NAME}, "sex": "unknown", "birthDate": "1950-01-01", "languages": ["zh"],
            "flags": []})
        state["id"] = resident["id"]
    with browser_for(1280, "en") as b:
        with flow.step("the residents list shows the name as text"):
            b.sign_in(username, password)
            b.open("/console/residents?q=" + urllib.parse.quote("<script>"))
            expect_no_dialog(b, b.path())
            b.find("a.resident-link")
            expect_visible_text(b, SCRIPT_NAME, b.path())
            b.check_page("residents-script-name")
        with flow.step("the resident's page shows the name as text"):
            b.open(f"/console/residents/{state['id']}")
            expect_no_dialog(b, b.path())
            expect_visible_text(b, SCRIPT_NAME, b.path())
            b.check_page("resident-script-name")
        with flow.step("every POST form on the resident's page, sent without its CSRF field, is 403"):
            forms = b.driver.execute_script(FORMS)
            if not forms:
                raise StepFailed(f"no POST form on {b.path()}")
            for action, fields in forms:
                answer = b.http("POST", action, form=[(k, v) for k, v in fields if k != "_csrf"])
                if answer.status != 403:
                    raise StepFailed(f"POST {action} without the CSRF field: {answer.status}, not 403")
                wrong = b.http("POST", action, form=[(k, "0" * 64 if k == "_csrf" else v) for k, v in fields])
                if wrong.status != 403:
                    raise StepFailed(f"POST {action} with a wrong CSRF field: {wrong.status}, not 403")
