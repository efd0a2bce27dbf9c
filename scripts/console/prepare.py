#!/usr/bin/env python3
"""Prepares a demo clinic (`clinic-server seed`) for the browser tests, through the JSON API: a doctor user linked
to a doctor on a coming Thursday's rota who works remotely, a resident with a Tibetan and a Chinese name, and a
grid worker of a grid of its own ("North 3") with three elderly residents never seen (the outreach part's round).
Prints `export NAME=value` lines for the shell (scripts/console-browser.sh evaluates them).

Environment: BASE_URL, CONSOLE_ADMIN_USER/_PASSWORD, CONSOLE_STAFF_USER/_PASSWORD.
"""

import datetime
import os
import shlex
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import API, Settings  # noqa: E402

TIBETAN_NAME = "བཀྲ་ཤིས་སྒྲོལ་མ"
CHINESE_NAME = "扎西卓玛"
GRID = "North 3"
ELDERLY = [("ཚེ་རིང་ལྷ་མོ", "次仁拉姆", "Tsering Lhamo"), ("པད་མ་རྡོ་རྗེ", "白玛多吉", "Pema Dorje"),
           ("སྒྲོལ་དཀར", "卓嘎", "Drolkar")]


def main():
    settings = Settings()
    admin = API(settings.base_url, *settings.user("admin"))
    staff = API(settings.base_url, *settings.user("staff"))
    today = datetime.date.today()
    rota = admin.call("GET", f"/v1/rota?from={today}&to={today + datetime.timedelta(days=14)}")
    doctors = [a["doctorId"] for a in rota["items"]
               if datetime.date.fromisoformat(a["date"]).isoweekday() == 4 and "remote" in a.get("modes", [])]
    if not doctors:
        sys.exit("no doctor works remotely on a Thursday of the next two weeks: seed a clinic first")
    password = f"browser-{uuid.uuid4().hex}"
    username = f"browser-doctor-{uuid.uuid4().hex[:6]}"
    admin.call("POST", "/v1/users", {"username": username, "password": password, "role": "doctor",
                                     "doctorId": doctors[0]})
    staff.call("POST", "/v1/residents", {
        "names": {"bo": TIBETAN_NAME, "zh": CHINESE_NAME, "latin": "Tashi Dolma"}, "sex": "female",
        "birthDate": "1948-03-02", "languages": ["bo", "zh"], "flags": ["livesAlone"]})
    worker = f"browser-grid-{uuid.uuid4().hex[:6]}"
    admin.call("POST", "/v1/users", {"username": worker, "password": password, "role": "gridWorker",
                                     "grids": [GRID], "phone": "13800001234"})
    for index, (bo, zh, latin) in enumerate(ELDERLY):
        staff.call("POST", "/v1/residents", {
            "names": {"bo": bo, "zh": zh, "latin": latin}, "sex": "female", "birthDate": f"{1938 + index}-04-02",
            "languages": ["bo", "zh"], "grid": GRID, "household": f"H{index + 1}",
            "address": f"{index + 3} Barley Lane", "phone": f"1390000000{index}"})
    for name, value in (("CONSOLE_DOCTOR_USER", username), ("CONSOLE_DOCTOR_PASSWORD", password),
                        ("CONSOLE_GRIDWORKER_USER", worker), ("CONSOLE_GRIDWORKER_PASSWORD", password),
                        ("CONSOLE_TIBETAN_NAME", TIBETAN_NAME), ("CONSOLE_CHINESE_NAME", CHINESE_NAME)):
        print(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
