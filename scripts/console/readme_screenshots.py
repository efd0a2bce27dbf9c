#!/usr/bin/env python3
"""The README's two console pictures, taken from a running demo clinic (`clinic-server seed`):

    python3 scripts/console/readme_screenshots.py BASE_URL USERNAME PASSWORD DAY

DAY is a clinic day with appointments (a Tuesday or Thursday near the seed's today). Writes docs/console-today.png
(the front desk's day in Chinese, 1280 px) and docs/console-login-bo.png (the sign-in page in Tibetan on a 360 px
phone), each reduced to a small palette PNG so the repository stays light."""

import os
import sys

from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Browser, Report  # noqa: E402

DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "docs")


def shrink(source, target, width, height=None):
    """`source` cut to its first `height` px (the first screen), scaled to `width`, as a 64-colour PNG."""
    picture = Image.open(source).convert("RGB")
    if height and picture.height > height:
        picture = picture.crop((0, 0, picture.width, height))
    if picture.width > width:
        picture = picture.resize((width, round(picture.height * width / picture.width)), Image.LANCZOS)
    picture.quantize(colors=64, method=Image.MEDIANCUT).save(target, optimize=True)
    print(f"{target}: {os.path.getsize(target)} bytes")


def main():
    base_url, username, password, day = sys.argv[1:5]
    shots = "/tmp/clinic-readme-shots"
    report = Report()
    desk = Browser(base_url, 1280, "zh", shots, report)
    try:
        desk.set_language("zh")
        desk.sign_in(username, password)
        desk.open(f"/console/?date={day}")
        shrink(desk.screenshot("today"), os.path.join(DOCS, "console-today.png"), 1000, 960)
    finally:
        desk.close()
    phone = Browser(base_url, 360, "bo", shots, report)
    try:
        phone.set_language("bo")
        shrink(phone.screenshot("login"), os.path.join(DOCS, "console-login-bo.png"), 360, 720)
    finally:
        phone.close()


if __name__ == "__main__":
    main()
