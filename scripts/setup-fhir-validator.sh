#!/usr/bin/env bash
# Installs the FHIR R4 validator the test suite uses (scripts/validate_fhir.py) into .venv-fhir, apart from the
# system Python: fhir.resources 6.1.0 (the last release modelling R4 4.0.1) needs pydantic 1.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -m venv --help >/dev/null 2>&1; then
    echo "python3 with venv is needed (apt-get install python3-venv)" >&2
    exit 1
fi
[ -x .venv-fhir/bin/python ] || python3 -m venv .venv-fhir
.venv-fhir/bin/pip install --quiet --disable-pip-version-check -r scripts/requirements-fhir.txt
.venv-fhir/bin/python -c 'import fhir.resources as f; assert f.__fhir_version__ == "4.0.1", f.__fhir_version__'
echo "FHIR validator ready: .venv-fhir/bin/python scripts/validate_fhir.py FILE"
