"""Schemathesis hooks for scripts/fuzz.sh and the suite's short fuzz run (SCHEMATHESIS_HOOKS=fuzz_exclusions).

The published schema states every rule a client can know in advance (enums, lengths, patterns, formats, ranges);
the server refuses whatever it refuses. A few rules no JSON Schema can state: a request that keeps the schema may
still be refused for them, and schemathesis reports that as "schema-valid request rejected" (ST202). Such a
refusal is dropped here only when every field error of the server's problem+json names one of these rules:
anything else still fails the run.
"""

import json
import re

import jsonschema
import schemathesis

# (field, message) patterns of the server's own field errors, each with why no schema can state the rule.
EXCLUSIONS = [
    # Order between two members or parameters: JSON Schema compares a value with constants, never with another value.
    (
        r"^(to|until|endedAt|sessions\[\d+\]\.(end|start))$",
        r"^must (not be before|be after|be at most \d+ (days|hours) after)|^overlaps session",
    ),
    (r"^vitals\.diastolic$|^diastolic$", r"^must be lower than systolic$"),
    (r"^slotMinutes\.\w+$", r"^must fit in the shortest session"),
    (r"^sessions\[\d+\]\.name$", r"^is used by another session$"),
    # Relative to the server's clock: a schema is the same every day.
    (r"^(birthDate|onset|takenAt|startedAt|endedAt|visitedAt)$", r"^must not be in the future$"),
    (r"^month$", r"^is still to come$"),
    (r"^visitedAt$", r"^must be within the last year"),
    # What the database holds: an id that names nothing, a name already taken, a cursor the server did not issue,
    # an Idempotency-Key already used with another body.
    (r"^\w*(Id|id)$", r"(names nothing that exists|^no such \w+)$"),
    (r"^appointmentId$", r"^the appointment belongs to another resident$"),
    (r"^(residentId|appointmentId)$", r"cannot change on an existing consultation$"),
    (r"^cursor$", r"^is not a cursor"),
    (r"^mode$", r"^is not the slot's mode$"),
    (r"^Idempotency-Key$", r"^was used with a different request$"),
    # Which members a combination of others requires: a remote consultation's channel, a doctor user's doctorId,
    # the day list's doctorId for callers who are not doctors (a doctor gets their own).
    (r"^channel$", r"^is (required for|only given for) a remote consultation$"),
    (r"^doctorId$", r"^is (required|only allowed) for a doctor user$|^is required$"),
    # A user's clinic goes with the role (admin and staff only), and a county admin names the clinic it acts in.
    (r"^clinicId$", r"^is only allowed for an admin or staff user$|^is required for a county admin$"),
    # A grid worker's grids and phone go with the role, and two grids may differ only in surrounding spaces (the
    # server trims them); an outreach visit's two pressures go together.
    (r"^(grids|phone)$", r"grid worker|^must be at most 50 distinct grids"),
    (r"^(systolic|diastolic)$", r"^systolic and diastolic go together$"),
    # A doctor request names its resident: booking it for another is refused.
    (r"^requestId$", r"^is a request for another resident$"),
    # A password's length in characters as a person sees them (grapheme clusters); a schema counts code points.
    (r"^password$", r"^must be at least \d+ characters long$"),
    # An IANA time zone id: the zone database of the server's system, not a fixed list.
    (r"^timeZone$", r"^must be an IANA time zone id$"),
    # Which items an assessment needs depends on its kind: the schema lists every form's items, the server holds a
    # body to its own form's.
    (r"^items\.\w+$", r"^(is required|is not an item of the \w+ form|must be one of [0-9, ]+)$"),
]


def _excluded(error):
    field, message = error.get("field", ""), error.get("message", "")
    return any(re.search(f, field) and re.search(m, message) for f, m in EXCLUSIONS)


# What the HTTP layer refuses before routing, by size (body 413, request line 414, header 431): a refusal too, of
# a request that breaks a maxLength by so much that it cannot be read.
TOO_LARGE = {413, 414, 431}


def _violates(value, schema, document):
    """Whether `value` breaks `schema` (with the document's components, so its $refs resolve), formats included."""
    rooted = dict(schema, components=document.get("components", {}))
    validator = jsonschema.Draft202012Validator(rooted, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    return next(validator.iter_errors(value), None) is not None


def _really_valid(case):
    """Whether the request schemathesis sent keeps the published schema. Its coverage phase now and then labels as
    valid a request that breaks it (a body of another type, a string one past its maxLength): the server is right to
    refuse those, so such a refusal is no mismatch. Anything that cannot be checked here counts as valid."""
    try:
        document = case.operation.schema.raw_schema
        definition = case.operation.definition.raw
    except AttributeError:
        return True
    body_schema = (definition.get("requestBody") or {}).get("content", {}).get(case.media_type or "", {}).get("schema")
    body = getattr(case, "body", None)
    json_value = body is None or isinstance(body, (dict, list, str, int, float, bool))  # not raw bytes, not "no body"
    if body_schema is not None and json_value and _violates(body, body_schema, document):
        return False
    for parameter in definition.get("parameters", []):
        values = {"query": case.query, "path": case.path_parameters}.get(parameter.get("in"))
        if not values or parameter.get("name") not in values or "schema" not in parameter:
            continue
        value = values[parameter["name"]]
        if isinstance(value, (str, int, float, bool)) and _violates(value, parameter["schema"], document):
            return False
    return True


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keeps a failure unless it is a schema-valid request refused only for rules in EXCLUSIONS, a "schema-valid"
    request that in fact breaks the schema, or a schema-violating one refused for its size."""
    code = getattr(failure, "code", None)
    if code == "ST201":
        return response.status_code not in TOO_LARGE
    if code != "ST202":
        return True
    if not _really_valid(case):
        return False
    try:
        errors = json.loads(response.content).get("errors") or []
    except (ValueError, AttributeError):
        return True
    return not (errors and all(_excluded(error) for error in errors))
