#!/usr/bin/env python3
"""Validates a health-summary export as an HL7 FHIR R4 International Patient Summary document.

Usage: validate_fhir.py FILE.json

Parses the Bundle and every resource in it with the R4 (4.0.1) models of the `fhir.resources` package
(pinned in scripts/requirements-test.txt), then checks what IPS asks of the document: type `document`,
an identifier and timestamp, the Composition first (status final, LOINC 60591-5) with subject, date, author
and title, the Patient second-class but present, the required sections Problems 11450-4, Allergies 48765-2
and Medications 10160-0 with entries, every section with generated XHTML narrative, and every reference
resolving to a `urn:uuid:` fullUrl inside the Bundle.

Exit 0 when valid; 1 with one problem a line when not; 3 when fhir.resources (R4) is not installed.
"""
import json
import sys

try:
    import fhir.resources
    from fhir.resources.bundle import Bundle
except ImportError as error:  # the caller skips the check with this message
    print(f"fhir.resources is not installed: {error}", file=sys.stderr)
    sys.exit(3)

REQUIRED_SECTIONS = {"11450-4": "Problems", "48765-2": "Allergies", "10160-0": "Medications"}
LOINC = "http://loinc.org"


def loinc_codes(concept):
    return {c.code for c in (concept.coding or []) if c.system == LOINC} if concept else set()


def references(value, found):
    """Collects every `reference` string anywhere in a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                found.append(item)
            else:
                references(item, found)
    elif isinstance(value, list):
        for item in value:
            references(item, found)
    return found


def validate(path):
    problems = []
    if fhir.resources.__fhir_version__ != "4.0.1":
        return [f"fhir.resources models FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1"]
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    try:
        bundle = Bundle.parse_obj(raw)  # validates every contained resource against the R4 models
    except Exception as error:  # pydantic's ValidationError lists each field at fault
        return [f"not a valid R4 Bundle: {error}"]

    if bundle.type != "document":
        problems.append(f"Bundle.type is {bundle.type!r}, not 'document'")
    if not bundle.identifier or not bundle.identifier.value:
        problems.append("Bundle.identifier is missing")
    if not bundle.timestamp:
        problems.append("Bundle.timestamp is missing")
    entries = bundle.entry or []
    if not entries:
        return problems + ["the Bundle has no entries"]

    full_urls = set()
    for entry in entries:
        if not entry.fullUrl or not entry.fullUrl.startswith("urn:uuid:"):
            problems.append(f"entry fullUrl {entry.fullUrl!r} is not a urn:uuid")
        if entry.fullUrl in full_urls:
            problems.append(f"fullUrl {entry.fullUrl} appears twice")
        full_urls.add(entry.fullUrl)

    composition = entries[0].resource
    if composition.resource_type != "Composition":
        return problems + [f"the first entry is a {composition.resource_type}, not the Composition"]
    if composition.status != "final":
        problems.append(f"Composition.status is {composition.status!r}, not 'final'")
    if "60591-5" not in loinc_codes(composition.type):
        problems.append("Composition.type is not LOINC 60591-5 (Patient summary Document)")
    for field in ("subject", "date", "author", "title"):
        if not getattr(composition, field):
            problems.append(f"Composition.{field} is missing")

    by_url = {entry.fullUrl: entry.resource for entry in entries}
    subject = by_url.get(composition.subject.reference) if composition.subject else None
    if subject is None or subject.resource_type != "Patient":
        problems.append("Composition.subject does not resolve to a Patient in the Bundle")
    for author in composition.author or []:
        if author.reference not in by_url:
            problems.append(f"Composition.author {author.reference} is not in the Bundle")

    seen = {}
    for section in composition.section or []:
        codes = loinc_codes(section.code)
        label = "/".join(sorted(codes)) or section.title or "?"
        for code in codes:
            seen[code] = section
        if not section.text or section.text.status != "generated" or not section.text.div.startswith("<div"):
            problems.append(f"section {label} has no generated XHTML narrative")
        if section.entry and section.emptyReason:
            problems.append(f"section {label} has both entries and an emptyReason")
        if not section.entry and not section.emptyReason:
            problems.append(f"section {label} has neither entries nor an emptyReason")
    for code, name in REQUIRED_SECTIONS.items():
        if code not in seen:
            problems.append(f"required section {name} ({code}) is missing")
        elif not seen[code].entry:
            problems.append(f"required section {name} ({code}) has no entry (IPS needs one, or an absent/unknown one)")

    for reference in references(raw, []):
        if reference.startswith("urn:uuid:") and reference not in full_urls:
            problems.append(f"reference {reference} does not resolve inside the Bundle")
    return problems


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    problems = validate(sys.argv[1])
    for problem in problems:
        print(problem)
    if not problems:
        print("valid FHIR R4 IPS document Bundle")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
