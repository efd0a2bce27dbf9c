#!/usr/bin/env bash
# Fuzzes the API from its own published contract: schemathesis against /openapi.json with every check on (--checks
# all), all phases (examples, coverage, fuzzing, stateful), as an admin, a staff member and a doctor (each role
# reaches other operations and other answers). Passes when schemathesis finds no failure: no server error, no
# response outside the published schema, no schema-valid request refused and no schema-violating one accepted, no
# method answered 404 where 405 is due.
#
# The rules no schema can state (a range's order, the clock, records the database holds, a cursor the server issued,
# members another member requires) are listed, each with why, in scripts/fuzz_exclusions.py: a refusal is excused
# only when every field the server names in it is one of them.
#
#   scripts/fuzz.sh                     30 examples an operation
#   MAX_EXAMPLES=1000 scripts/fuzz.sh   the long run
#
# Knobs: PORT (18083), MAX_EXAMPLES (30), SEED (a fixed seed makes a run repeatable), WORKERS (2),
# RUNS ("admin staff doctor"), BENCH_DATA_DIR (/tmp/clinic-fuzz, wiped), SERVER_BIN (a built clinic-server; default:
# release build), REPORT_DIR (/tmp/clinic-fuzz-report). Needs: pip install -r scripts/requirements-test.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18083}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-fuzz}
MAX_EXAMPLES=${MAX_EXAMPLES:-30}
mkdir -p "${REPORT_DIR:-/tmp/clinic-fuzz-report}"
REPORT_DIR=${REPORT_DIR:-/tmp/clinic-fuzz-report}
command -v schemathesis >/dev/null || { echo "schemathesis is missing: pip install schemathesis" >&2; exit 1; }
if [ -z "${SERVER_BIN:-}" ]; then release_bin; SERVER_BIN=$CLINIC_BIN; fi

rm -rf "$DATA"
export CLINIC_DATA_DIR=$DATA CLINIC_BCRYPT_COST=4 CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-warning}
"$SERVER_BIN" seed --residents 300 >/dev/null
CLINIC_PASSWORD='fuzz password 2026' "$SERVER_BIN" create-user --username fuzz --role admin >/dev/null
serve_in_background "$SERVER_BIN" "$DATA" "$PORT"
URL="http://127.0.0.1:$PORT"
TOKEN=$(login_token "$URL" fuzz 'fuzz password 2026')

CLINIC_PASSWORD='fuzz password 2026' "$SERVER_BIN" create-user --username fuzz-staff --role staff >/dev/null
STAFF_TOKEN=$(login_token "$URL" fuzz-staff 'fuzz password 2026')

# A doctor too: the consultation operations answer only a doctor (the admin gets 403 for all of them).
doctor_id=$(curl -fsS "$URL/v1/doctors?limit=1" -H "Authorization: Bearer $TOKEN" |
    python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
curl -fsS -o /dev/null -X POST "$URL/v1/users" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"username\":\"fuzz-doctor\",\"password\":\"fuzz password 2026\",\"role\":\"doctor\",\"doctorId\":\"$doctor_id\"}"
DOCTOR_TOKEN=$(login_token "$URL" fuzz-doctor 'fuzz password 2026')

# fuzz NAME TOKEN [schemathesis options]: one run, its JUnit report in $REPORT_DIR/NAME.xml. Judged by the report:
# failures are the server's (5xx, a response outside the contract); errors are schemathesis's own crashes while
# generating data.
failed=0
fuzz() {
    local name=$1 token=$2 status=0
    shift 2
    SCHEMATHESIS_HOOKS=scripts/fuzz_exclusions.py schemathesis run "$URL/openapi.json" --url "$URL" \
        --header "Authorization: Bearer $token" \
        --phases examples,coverage,fuzzing,stateful --checks all \
        --max-examples "$MAX_EXAMPLES" ${SEED:+--seed "$SEED"} --workers "${WORKERS:-2}" \
        --request-timeout 20 --no-color --suppress-health-check all --generation-database none \
        --report junit --report-junit-path "$REPORT_DIR/$name.xml" "$@" || status=$?
    read -r failures errors < <(python3 -c 'import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot(); print(r.get("failures"), r.get("errors"))' "$REPORT_DIR/$name.xml")
    echo "$name: schemathesis exit $status: $failures failures (server), $errors errors (schemathesis itself)" >&2
    [ "$failures" = 0 ] || failed=1
}
# Logout would revoke the token under the rest of the run: it is left out (tests cover it).
RUNS=${RUNS:-admin staff doctor}
if [[ " $RUNS " == *" admin "* ]]; then fuzz admin "$TOKEN" --exclude-path /v1/auth/logout; fi
if [[ " $RUNS " == *" staff "* ]]; then fuzz staff "$STAFF_TOKEN" --exclude-path /v1/auth/logout; fi
if [[ " $RUNS " == *" doctor "* ]]; then fuzz doctor "$DOCTOR_TOKEN" --exclude-path /v1/auth/logout; fi
echo "server log: $(grep -c '"level":"error"' "$DATA/server.log" || true) error lines" >&2
grep '"level":"error"' "$DATA/server.log" | head -20 >&2 || true
[ "$failed" = 0 ]
