#!/usr/bin/env python3
"""Parses a doctor's calendar feed with the `icalendar` library (what CalendarFeedAPITests calls): the calendar's
frame and every event's required properties are checked, and what the library read is printed as JSON for the test
to compare with what it put in. Exit status 1 names the first problem; 3 means icalendar is not installed.

    python3 scripts/check_ics.py FEED.ics
"""

import datetime
import json
import sys

try:
    import icalendar
except ImportError as error:  # the caller skips the check with this message
    print(f"icalendar is not installed: {error}", file=sys.stderr)
    sys.exit(3)

REQUIRED_EVENT = ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "SEQUENCE"]


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(1)


def utc(value, name, uid):
    moment = value.dt
    if not isinstance(moment, datetime.datetime) or moment.utcoffset() != datetime.timedelta(0):
        fail(f"{name} of {uid} is not a UTC date-time: {value.to_ical()!r}")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def main(path):
    with open(path, "rb") as file:
        data = file.read()
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except ValueError as error:
        fail(f"not an iCalendar object: {error}")
    if calendar.name != "VCALENDAR":
        fail(f"the outer component is {calendar.name}")
    for name, expected in [("VERSION", "2.0"), ("CALSCALE", "GREGORIAN"), ("METHOD", "PUBLISH")]:
        if str(calendar.get(name, "")) != expected:
            fail(f"{name} is {calendar.get(name)!r}, not {expected}")
    for name in ["PRODID", "X-WR-CALNAME"]:
        if not str(calendar.get(name, "")):
            fail(f"the calendar has no {name}")
    events = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        for name in REQUIRED_EVENT:
            if event.get(name) is None:
                fail(f"event {uid or '?'} has no {name}")
        status = str(event["STATUS"])
        if status not in ("CONFIRMED", "CANCELLED"):
            fail(f"event {uid} has STATUS {status}")
        start, end = utc(event["DTSTART"], "DTSTART", uid), utc(event["DTEND"], "DTEND", uid)
        utc(event["DTSTAMP"], "DTSTAMP", uid)
        if end <= start:
            fail(f"event {uid} ends before it starts")
        events.append({
            "uid": uid, "status": status, "summary": str(event["SUMMARY"]), "location": str(event["LOCATION"]),
            "description": str(event["DESCRIPTION"]), "start": start, "end": end, "sequence": int(event["SEQUENCE"]),
        })
    print(json.dumps({"calendarName": str(calendar["X-WR-CALNAME"]), "events": events}, ensure_ascii=False))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail(__doc__)
    main(sys.argv[1])
