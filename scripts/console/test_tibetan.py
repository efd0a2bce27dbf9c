"""Tibetan renders with a real font: on a page in Tibetan, a Tibetan text is measured against the same number of
characters no font has (each drawn as the same missing-glyph box). Glyphs from a Tibetan font have widths of their
own (stacked vowels and subjoined letters take none), so the two widths differ; if the Tibetan text fell back to
boxes they would be equal. Chromium's own record of the fonts it drew the text with (DevTools
`CSS.getPlatformFontsForNode`) is printed beside, and a screenshot kept."""

from harness import Flow, StepFailed

#: Measures the element's text and a run of unassigned code points (U+0FFF) as long, in the element's own font.
MEASURE = """
const element = document.querySelector(arguments[0]);
if (!element) return null;
const probe = (text) => {
  const span = document.createElement('span');
  span.textContent = text;
  span.style.whiteSpace = 'nowrap';
  element.appendChild(span);
  const width = span.getBoundingClientRect().width;
  span.remove();
  return width;
};
const text = element.textContent.trim();
return {text: text, width: probe(text), boxes: probe('\\u0FFF'.repeat([...text].length)),
        font: getComputedStyle(element).fontFamily};
"""


def platform_fonts(b, css):
    """The fonts Chromium drew `css`'s text with, e.g. [('Noto Serif Tibetan', 12)]."""
    document = b.driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    node = b.driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": css})
    b.driver.execute_cdp_cmd("CSS.enable", {})
    fonts = b.driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return [(f["familyName"], f["glyphCount"]) for f in fonts.get("fonts", [])]


def check_tibetan(b, report, css, name):
    measured = b.driver.execute_script(MEASURE, css)
    if not measured:
        raise StepFailed(f"missing element `{css}` on {b.path()}")
    if not any("\u0f00" <= c <= "\u0fff" for c in measured["text"]):
        raise StepFailed(f"`{css}` holds no Tibetan: {measured['text']!r}")
    fonts = platform_fonts(b, css)
    shot = b.screenshot(name)
    report.note(f"Tibetan {measured['text']!r} in `{css}` on {b.path()}: {measured['width']:.1f} px drawn, "
                f"{measured['boxes']:.1f} px as boxes; fonts used {fonts}; screenshot {shot}")
    if abs(measured["width"] - measured["boxes"]) < 0.5:
        raise StepFailed(f"the Tibetan text is as wide as {len(measured['text'])} missing-glyph boxes "
                         f"({measured['width']:.1f} px): no Tibetan font (fonts: {fonts})")
    if not any(count > 0 and not family.lower().startswith(("dejavu", "liberation")) for family, count in fonts):
        raise StepFailed(f"Chromium drew it with no Tibetan font: {fonts}")


def run(settings, report, browser_for):
    flow = Flow(report, "tibetan")
    with browser_for(1280, "bo") as b:
        with flow.step("the sign-in page's Tibetan heading is drawn with a Tibetan font"):
            b.open("/console/login")
            lang = b.driver.execute_script("return document.documentElement.lang")
            if lang != "bo":
                raise StepFailed(f"a browser reading Tibetan got <html lang={lang!r}>")
            check_tibetan(b, report, "main h1", "tibetan-login-heading")
        with flow.step("Tibetan is set at most 1.3 times larger than English, not larger at each level"):
            check_sizes(b)
        with flow.step("a resident's Tibetan name is drawn with a Tibetan font"):
            name = settings.tibetan_name
            if not name:
                raise StepFailed("no Tibetan name given (CONSOLE_TIBETAN_NAME)")
            username, password = settings.user("staff")
            b.sign_in(username, password)
            b.open("/console/residents?q=" + name)
            b.find("a.resident-link [lang=bo]")
            check_tibetan(b, report, "a.resident-link [lang=bo]", "tibetan-resident-name")


#: The computed font size of each of these, on the sign-in page.
SIZES = "return ['body', 'main h1', 'label[for=f-username]', '#f-username', 'main button']" \
    ".map(s => [s, parseFloat(getComputedStyle(document.querySelector(s)).fontSize)])"


def check_sizes(b):
    """Tibetan is set a little larger than Latin and Chinese (its letters are small for their height), once: the
    sign-in page's text in Tibetan is at most 1.3 times its size in English, not larger at each nesting level."""
    b.open("/console/language?to=en&next=%2Fconsole%2Flogin")
    english = dict(b.driver.execute_script(SIZES))
    b.open("/console/language?to=bo&next=%2Fconsole%2Flogin")
    tibetan = dict(b.driver.execute_script(SIZES))
    wrong = {css: f"{tibetan[css]:.1f} px in Tibetan, {english[css]:.1f} px in English" for css in english
             if not english[css] <= tibetan[css] <= english[css] * 1.3}
    if wrong:
        raise StepFailed(f"Tibetan text sizes out of proportion: {wrong}")
