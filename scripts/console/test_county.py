"""The county admin's health-room picker (issue 19) in a real browser: a second health room made through the API;
the picker in the header, its label tied to its select, reached and used with the keyboard alone and with script
off (a plain GET form); the page comes back with the room picked; a resident registered through the console form
lands in that room (read back through the API); the picker's page in each language at 360 and 1280 px (axe-core,
console errors, sideways scroll, the header's parts not overlapping, Tibetan drawn with a Tibetan font); a staff
user's header has no picker. One browser for all of it, resized and switched in language, to keep the run short."""

import re
import uuid

import test_tibetan
from harness import API, LANGUAGES, WIDTHS, Flow, StepFailed

#: Pairs of the header's parts whose boxes overlap, and parts that leave the window (empty when the header is sound).
OVERLAPS = """
const parts = ['.brand', 'header.top nav.languages', '.clinic-picker label', '#clinic-picker',
               '.clinic-picker button', '.signout .who', '.signout button']
  .map(css => [css, document.querySelector(css)]).filter(([, e]) => e)
  .map(([css, e]) => [css, e.getBoundingClientRect()]);
const problems = [];
for (const [css, r] of parts) {
  if (r.left < 0 || r.right > window.innerWidth + 0.5) problems.push(`${css} spans ${r.left}-${r.right} px`);
}
for (let i = 0; i < parts.length; i++) for (let j = i + 1; j < parts.length; j++) {
  const [a, r] = parts[i], [b, s] = parts[j];
  const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
  const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
  if (x > 0.5 && y > 0.5) problems.push(`${a} overlaps ${b}`);
}
return problems;
"""


def set_width(b, width):
    """The same window at another CSS width (as `Browser` sets it up), named so in later screenshots."""
    b.width = width
    b.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})


def tab_to(b, element_id, limit=80):
    """Presses Tab from the top of the page until `element_id` has the focus; a step failure if it never does."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    b.driver.find_element("tag name", "body").click()
    for _ in range(limit):
        ActionChains(b.driver).send_keys(Keys.TAB).perform()
        if b.driver.switch_to.active_element.get_attribute("id") == element_id:
            return
    raise StepFailed(f"#{element_id} not reached in {limit} presses of Tab on {b.path()}")


def run(settings, report, browser_for):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    flow = Flow(report, "county")
    county = API(settings.base_url, *settings.user("county"))
    state = {}
    with flow.step("a county admin adds a second health room (POST /v1/clinics)"):
        first = county.call("GET", "/v1/clinics")["items"][0]
        body = {key: value for key, value in first.items() if key not in ("id", "code")}
        body["name"] = f"སྨན་ཁང་གཉིས་པ། Room {uuid.uuid4().hex[:4]}"
        state["clinic"] = county.call("POST", "/v1/clinics", body)["id"].lower()
    with browser_for(1280, "en") as b:
        with flow.step("the county admin signs in to the start page; the picker's label is tied to its select"):
            b.sign_in(*settings.user("county"))
            b.expect_path("/console/")
            b.find("#day-form")  # the start page itself, not an error page, before any room is picked
            b.open("/console/residents/new")
            picker = b.find("form.clinic-picker")
            if not picker.is_displayed():
                raise StepFailed("form.clinic-picker is on the page but not shown")
            select = b.find("select#clinic-picker", within=picker)
            label = b.find("label[for=clinic-picker]", within=picker)
            if not label.text.strip():
                raise StepFailed("the picker's label is empty")
            name = b.driver.execute_cdp_cmd(
                "Accessibility.getPartialAXTree", {"backendNodeId": backend_node(b, "#clinic-picker"),
                                                   "fetchRelatives": False})["nodes"][0]["name"]["value"]
            if name.strip() != label.text.strip():
                raise StepFailed(f"the select's accessible name is {name!r}, not its label {label.text!r}")
            values = [option.get_attribute("value").lower() for option in Select(select).options]
            if state["clinic"] not in values:
                raise StepFailed(f"the picker offers {values}, not the new room {state['clinic']}")
        with flow.step("with script off, Tab reaches the picker, arrows pick the room, Enter on Show sends it"):
            b.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
            tab_to(b, "clinic-picker")
            for _ in values:
                if Select(b.find("#clinic-picker")).first_selected_option.get_attribute("value").lower() == \
                        state["clinic"]:
                    break
                ActionChains(b.driver).send_keys(Keys.ARROW_DOWN).perform()
            ActionChains(b.driver).send_keys(Keys.TAB).perform()
            focused = b.driver.switch_to.active_element
            if focused.tag_name != "button" or focused.get_attribute("type") != "submit":
                raise StepFailed(f"Tab after the select reached <{focused.tag_name}>, not the Show button")
            ActionChains(b.driver).send_keys(Keys.ENTER).perform()
            b.expect_path("/console/residents/new")
            picked = Select(b.find("#clinic-picker")).first_selected_option.get_attribute("value").lower()
            if picked != state["clinic"]:
                raise StepFailed(f"the page came back with {picked!r} picked, not {state['clinic']}")
            b.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        with flow.step("a resident registered through the console form lands in the picked room (API)"):
            b.open("/console/residents/new")
            b.fill("#f-names-latin", "Picker Resident")
            b.choose("#f-sex", "female")
            b.driver.execute_script("arguments[0].value = '1944-03-02'", b.find("#f-birthDate"))
            b.find("#resident-form").submit()
            match = re.match(r"/console/residents/([0-9a-fA-F-]{36})", b.path())
            if not match:
                errors = [e.text for e in b.find_all(".alert.error, .error")]
                raise StepFailed(f"registering stayed on {b.path()} ({b.heading()}): {errors}")
            resident = county.call("GET", f"/v1/residents/{match.group(1)}")
            if resident.get("clinicId", "").lower() != state["clinic"]:
                raise StepFailed(f"the resident is in clinic {resident.get('clinicId')}, not {state['clinic']}")
        for language in LANGUAGES:
            b.set_language(language)
            b.language = language
            for width in WIDTHS:
                with flow.step(f"the picker's page in {language} at {width} px: axe, no overflow or overlap"):
                    set_width(b, width)
                    b.open("/console/residents/new")
                    if b.driver.execute_script("return document.documentElement.lang") != language:
                        raise StepFailed(f"the page is not in {language}")
                    b.check_page("county-picker")
                    problems = b.driver.execute_script(OVERLAPS)
                    if problems:
                        raise StepFailed(f"the header at {width} px: {problems}")
                    if language == "bo" and width == 360:
                        test_tibetan.check_tibetan(b, report, ".clinic-picker label", "county-picker-label")
        with flow.step("a staff user's header has no picker, and /console/clinic is not theirs (403)"):
            b.sign_out()
            b.sign_in(*settings.user("staff"))
            b.open("/console/")
            if b.find_all(".clinic-picker"):
                raise StepFailed("a staff user sees the health-room picker")
            status = b.http("GET", f"/console/clinic?clinicId={state['clinic']}&next=%2Fconsole%2F").status
            if status != 403:
                raise StepFailed(f"/console/clinic answers a staff user {status}, not 403")


def backend_node(b, css):
    document = b.driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    node = b.driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": css})
    return b.driver.execute_cdp_cmd("DOM.describeNode", {"nodeId": node["nodeId"]})["node"]["backendNodeId"]
