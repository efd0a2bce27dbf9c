#!/usr/bin/env python3
"""Prepares a demo clinic (`clinic-server seed`) for the browser tests, through the JSON API: a doctor user linked
to a doctor on a coming Thursday's rota who works remotely, and a resident with a Tibetan and a Chinese name.
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
    for name, value in (("CONSOLE_DOCTOR_USER", username), ("CONSOLE_DOCTOR_PASSWORD", password),
                        ("CONSOLE_TIBETAN_NAME", TIBETAN_NAME), ("CONSOLE_CHINESE_NAME", CHINESE_NAME)):
        print(f"export {name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
