"""The console's real-browser harness: headless Chromium through chromedriver (Selenium), at a given width and
language; signing in through the form; screenshots; axe-core (axe-selenium-python); the browser console's errors
(a CSP violation, "Refused to ...", is always one); HTTP with the browser's cookies (urllib) for what a page
cannot show (headers, a form sent without its CSRF field).

Every check is a named step. A step that fails says which step and why (for a page that is not there yet: the
CSS selector that was missing and the page it was looked for on), and the run goes on with the next flow; the
exit status is 1 when any step failed. Nothing here downloads anything: Chromium and chromedriver are the
machine's (Debian `chromium`, `chromium-driver`), chosen by CHROMIUM and CHROMEDRIVER or found on PATH.
"""

import contextlib
import gzip
import http.cookiejar
import json
import os
import re
import shutil
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

LANGUAGES = ("bo", "zh", "en")
WIDTHS = (360, 1280)
#: The console's language cookie and its session cookie (Sources/Clinic/Console/ConsoleSession.swift).
LANGUAGE_COOKIE = "clinic_lang"
SESSION_COOKIE = "clinic_session"
#: A page's HTML + CSS + JS, each gzipped, must stay under this (issue 18: the health room's link is slow).
PAGE_WEIGHT_LIMIT = 30 * 1024


class StepFailed(Exception):
    """A check that did not hold; its message says what was expected and what was found."""


class Missing(StepFailed):
    """An element the flow needs is not on the page (often: the page is not built yet on this branch)."""


class Report:
    """Every step's outcome, printed as it happens and summed up at the end."""

    def __init__(self):
        self.results = []  # (name, ok, detail)
        self.notes = []

    def record(self, name, ok, detail=""):
        self.results.append((name, ok, detail))
        mark = "PASS" if ok else "FAIL"
        print(f"{mark} {name}" + (f": {detail}" if detail else ""), flush=True)

    def note(self, text):
        self.notes.append(text)
        print(f"NOTE {text}", flush=True)

    def note_once(self, text):
        if text not in self.notes:
            self.note(text)

    @property
    def failed(self):
        return [r for r in self.results if not r[1]]

    def summary(self):
        print("\n== summary ==")
        for text in self.notes:
            print(f"note: {text}")
        print(f"{len(self.results) - len(self.failed)} steps passed, {len(self.failed)} failed")
        for name, _, detail in self.failed:
            print(f"  FAILED {name}: {detail}")
        return 1 if self.failed or not self.results else 0


class FlowStopped(Exception):
    """A step of a flow failed: the steps after it need it, so the flow stops (the run goes on with the next)."""


class Flow:
    """A sequence of dependent steps: the first failure is recorded and stops the flow (`FlowStopped`)."""

    def __init__(self, report, name):
        self.report = report
        self.name = name
        self.broken = None

    @contextlib.contextmanager
    def step(self, name):
        full = f"{self.name} / {name}"
        try:
            yield None
        except StepFailed as failure:
            self.broken = name
            self.report.record(full, False, str(failure))
            raise FlowStopped(full) from None
        except Exception as error:  # a Selenium or HTTP error: the step failed, with what the driver said
            self.broken = name
            text = str(error).strip()
            detail = f"{type(error).__name__}: {text.splitlines()[0] if text else ''}"
            self.report.record(full, False, detail)
            if os.environ.get("CONSOLE_TRACE"):
                traceback.print_exc()
            raise FlowStopped(full) from None
        else:
            self.report.record(full, True)


def guarded(report, run, *arguments, **options):
    """Runs one flow; a failed step stops it (later steps are not run and say so), not the whole run."""
    try:
        run(*arguments, **options)
    except FlowStopped as stopped:
        report.note(f"stopped at '{stopped}': the flow's later steps were not run")


def executable(variable, names):
    """The program named by environment `variable`, else the first of `names` on PATH, else an error saying so."""
    chosen = os.environ.get(variable)
    if chosen:
        return chosen
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    sys.exit(
        f"{' or '.join(names)} not found (set {variable}): install Debian's chromium and chromium-driver "
        "(.ci/run does)")


class Browser:
    """One headless Chromium window of `width` px, reading `language`, saving screenshots to `shots`."""

    def __init__(self, base_url, width, language, shots, report):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.base_url = base_url.rstrip("/")
        self.width = width
        self.language = language
        self.shots = shots
        self.report = report
        options = webdriver.ChromeOptions()
        options.binary_location = executable("CHROMIUM", ["chromium", "chromium-browser", "google-chrome"])
        for argument in (
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--window-size={width},900", f"--lang={language}", "--hide-scrollbars",
            "--no-first-run", "--disable-extensions", "--disable-background-networking",
        ):
            options.add_argument(argument)
        options.add_experimental_option("prefs", {"intl.accept_languages": language})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        service = Service(executable_path=executable("CHROMEDRIVER", ["chromedriver"]))
        self.driver = webdriver.Chrome(options=options, service=service)
        self.driver.set_page_load_timeout(30)
        self.driver.set_script_timeout(60)
        # The exact CSS width, whatever the window's frame: a phone's 360 px is the point of the check.
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False})

    def close(self):
        with contextlib.suppress(Exception):
            self.driver.quit()

    # -- navigation -------------------------------------------------------------------------------------------

    def url(self, path):
        return path if path.startswith("http") else self.base_url + path

    def open(self, path):
        self.driver.get(self.url(path))
        return self.driver

    def path(self):
        parts = urllib.parse.urlsplit(self.driver.current_url)
        return urllib.parse.unquote(parts.path + (f"?{parts.query}" if parts.query else ""))

    def find(self, css, within=None, timeout=5):
        """The first element matching `css`, or `Missing` naming the selector and the page. Waits up to `timeout`
        seconds for it: a click on a submit button returns before the browser has navigated, so the element may
        belong to the page still on its way."""
        from selenium.webdriver.common.by import By

        deadline = time.time() + timeout
        while True:
            with contextlib.suppress(Exception):
                found = (within or self.driver).find_elements(By.CSS_SELECTOR, css)
                if found:
                    return found[0]
            if time.time() >= deadline:
                raise Missing(f"missing element `{css}` on {self.path()} ({self.heading()})")
            time.sleep(0.05)

    def find_all(self, css, within=None):
        from selenium.webdriver.common.by import By

        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def heading(self):
        """The page's `<h1>` (or title): says at once whether it is the page wanted, an error page or sign-in."""
        with contextlib.suppress(Exception):
            return "h1: " + self.find_all("h1")[0].text.strip()
        return "title: " + self.driver.title

    def click(self, css, within=None):
        element = self.find(css, within)
        element.click()
        return element

    def fill(self, css, text, within=None):
        element = self.find(css, within)
        element.clear()
        element.send_keys(text)
        return element

    def choose(self, css, value):
        from selenium.webdriver.support.ui import Select

        element = self.find(css)
        try:
            Select(element).select_by_value(value)
        except Exception as error:
            options = [o.get_attribute("value") for o in Select(element).options]
            raise StepFailed(f"`{css}` has no option {value!r} (options: {options})") from error

    def expect_path(self, prefix, timeout=10):
        """Waits for the page at `prefix` (a click on a submit button returns before the browser has navigated)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.path().startswith(prefix) and self.driver.execute_script("return document.readyState") == "complete":
                return
            time.sleep(0.05)
        raise StepFailed(f"expected to be on {prefix}..., but on {self.path()} ({self.heading()})")

    def accept_dialog(self, timeout=5):
        """Accepts a `confirm()` (the console's `data-confirm` forms); nothing when none opens (no JavaScript)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                alert = self.driver.switch_to.alert
                text = alert.text
                alert.accept()
                return text
            except Exception:
                time.sleep(0.1)
        return None

    def open_dialog_text(self):
        """The text of an open alert/confirm dialog, or None: a `<script>` in data that ran would open one."""
        try:
            return self.driver.switch_to.alert.text
        except Exception:
            return None

    # -- session ------------------------------------------------------------------------------------------------

    def sign_in(self, username, password):
        self.open("/console/login")
        self.fill("#f-username", username)
        self.fill("#f-password", password)
        self.find("#f-password").submit()
        if self.path().startswith("/console/login"):
            errors = [e.text for e in self.find_all(".alert.error")]
            raise StepFailed(f"sign-in as {username} stayed on {self.path()}: {errors}")

    def sign_out(self):
        self.click(".signout button")
        self.expect_path("/console/login")

    def set_language(self, language):
        """Chooses the language through the console's own switch (a remembered cookie)."""
        self.open(f"/console/language?to={language}&next=%2Fconsole%2Flogin")

    def cookies(self):
        return {c["name"]: c for c in self.driver.get_cookies()}

    # -- checks ---------------------------------------------------------------------------------------------

    def screenshot(self, name):
        os.makedirs(self.shots, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")
        target = os.path.join(self.shots, f"{safe}-{self.language}-{self.width}.png")
        # The whole page, not only the first screen: set the viewport to the page's height for the picture.
        height = self.driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)")
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": max(600, min(int(height or 900), 6000)), "deviceScaleFactor": 1,
             "mobile": False})
        self.driver.save_screenshot(target)
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": self.width, "height": 900, "deviceScaleFactor": 1, "mobile": False})
        return target

    def console_errors(self):
        """The browser console's errors since the last call; every "Refused to" (CSP) message counts."""
        errors = []
        document = self.driver.current_url.split("#")[0]
        for entry in self.driver.get_log("browser"):
            message = entry.get("message", "")
            if "Refused to" in message:
                errors.append(message)
            elif entry.get("level") != "SEVERE":
                continue
            elif message.startswith(document + " - Failed to load resource"):
                continue  # the page's own status (a 401 or 422 form answer is meant): steps check it themselves
            elif "/favicon.ico - Failed to load resource" in message:
                self.report.note_once("the browser asks for /favicon.ico and gets 404 (not counted as a failure)")
            else:
                errors.append(message)
        return errors

    def axe_serious(self):
        """axe-core's serious and critical violations on the current page, as readable lines."""
        from axe_selenium_python import Axe

        # AXE_SCRIPT: a newer axe.min.js than the one axe-selenium-python ships (axe-core 3.1.1).
        axe = Axe(self.driver, **({"script_url": os.environ["AXE_SCRIPT"]} if os.environ.get("AXE_SCRIPT") else {}))
        axe.inject()
        results = axe.run()
        version = self.driver.execute_script("return axe.version")
        lines = []
        for violation in results.get("violations", []):
            nodes = violation.get("nodes", [])
            if violation.get("id") == "autocomplete-valid" and version in ("3.1.0", "3.1.1"):
                # axe-core 3.1.0-3.1.1 call autocomplete="off" wrong on some input types (dequelabs/axe-core#1109,
                # fixed in 3.1.2); "off" is valid HTML and no input purpose.
                nodes = [node for node in nodes if 'autocomplete="off"' not in node.get("html", "")]
                if len(nodes) < len(violation.get("nodes", [])):
                    self.report.note_once(f"axe-core {version}: autocomplete=\"off\" not counted (axe-core#1109)")
            if nodes and violation.get("impact") in ("serious", "critical"):
                targets = [", ".join(node.get("target", [])) for node in nodes][:5]
                lines.append(f"{violation['impact']} {violation['id']} ({violation['help']}) at {targets}")
        return lines

    def horizontal_overflow(self):
        """How many px the page is wider than the window (0 when it fits)."""
        scroll, inner = self.driver.execute_script(
            "return [document.scrollingElement.scrollWidth, window.innerWidth]")
        return max(0, scroll - inner - 1)

    def check_page(self, name, *, axe=True, overflow=True):
        """Screenshot, no console errors, axe clean, no sideways scroll on a phone; raises on the first problem."""
        shot = self.screenshot(name)
        problems = []
        errors = self.console_errors()
        if errors:
            problems.append(f"browser console errors: {errors}")
        if axe:
            serious = self.axe_serious()
            if serious:
                problems.append(f"axe: {serious}")
        if overflow and self.width <= 400:
            extra = self.horizontal_overflow()
            if extra:
                problems.append(f"{extra} px wider than the {self.width} px window (sideways scroll)")
        if problems:
            raise StepFailed(f"{self.path()}: " + "; ".join(problems) + f" (screenshot {shot})")
        return shot

    # -- HTTP with the browser's cookies ---------------------------------------------------------------------

    def http(self, method, path, form=None, accept="text/html"):
        """A request with this browser's cookies (as the browser would send them), redirects not followed."""
        cookie = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        return http_request(self.base_url, method, path, form=form, cookie=cookie, accept=accept)


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_request(base_url, method, path, form=None, json_body=None, cookie=None, token=None, accept=None):
    """One HTTP request; returns an `Answer` whatever the status (a redirect is not followed)."""
    data = None
    headers = {}
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if json_body is not None:
        data = json.dumps(json_body).encode()
        headers["Content-Type"] = "application/json"
    if cookie:
        headers["Cookie"] = cookie
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if accept:
        headers["Accept"] = accept
    url = path if path.startswith("http") else base_url.rstrip("/") + path
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return Answer(response.status, {k.lower(): v for k, v in response.headers.items()}, response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


class API:
    """The JSON API with a bearer token, for the data the flows need."""

    def __init__(self, base_url, username, password):
        self.base_url = base_url
        answer = http_request(base_url, "POST", "/v1/auth/login",
                              json_body={"username": username, "password": password})
        if answer.status != 200:
            raise StepFailed(f"API sign-in as {username}: {answer.status} {answer.text[:300]}")
        self.token = json.loads(answer.body)["token"]

    def call(self, method, path, body=None, expect=(200, 201)):
        answer = http_request(self.base_url, method, path, json_body=body, token=self.token,
                              accept="application/json")
        if answer.status not in expect:
            raise StepFailed(f"{method} {path}: {answer.status} {answer.text[:500]}")
        return json.loads(answer.body) if answer.body else None


def page_weight(browser, path):
    """(html, css, js) sizes in bytes, each gzipped as a server would send it, of `path` with the browser's session."""
    page = browser.http("GET", path)
    html = page.body
    sizes = {"html": len(gzip.compress(html)), "css": 0, "js": 0}
    for kind, pattern in (("css", r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"'),
                          ("js", r'<script[^>]+src="([^"]+)"')):
        for href in re.findall(pattern, page.text):
            asset = browser.http("GET", href.replace("&amp;", "&"))
            sizes[kind] += len(gzip.compress(asset.body))
    return page.status, sizes


class Settings:
    """What the Swift test (or scripts/console-browser.sh) passes in the environment."""

    def __init__(self):
        environment = os.environ
        self.base_url = environment.get("BASE_URL", "http://127.0.0.1:8080").rstrip("/")
        self.users = {}
        for role in ("admin", "staff", "doctor", "county", "gridworker"):
            user = environment.get(f"CONSOLE_{role.upper()}_USER")
            if user:
                self.users[role] = (user, environment.get(f"CONSOLE_{role.upper()}_PASSWORD", ""))
        self.tibetan_name = environment.get("CONSOLE_TIBETAN_NAME", "")
        self.chinese_name = environment.get("CONSOLE_CHINESE_NAME", "")
        self.shots = environment.get("CONSOLE_SCREENSHOTS") or os.path.join(os.getcwd(), "console-screenshots")

    def user(self, role):
        if role not in self.users:
            raise StepFailed(f"no {role} user given (CONSOLE_{role.upper()}_USER / _PASSWORD)")
        return self.users[role]


@contextlib.contextmanager
def browser(settings, report, width=1280, language="en"):
    opened = Browser(settings.base_url, width, language, settings.shots, report)
    try:
        yield opened
    finally:
        opened.close()
