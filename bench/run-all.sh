#!/usr/bin/env bash
# Every figure of BENCHMARKS.md, reproduced in the order of its tables: builds the release server once, runs each
# benchmark's script with SKIP_BUILD=1, and prints the figures it prints (its progress goes to OUT/ID.log, its
# figures also to OUT/ID.txt). Ends with one line per run: passed, failed or skipped, and how long it took.
#
#   bench/run-all.sh                        the figures of BENCHMARKS.md: about two hours on 2 cores (the fuzz
#                                           runs ~40 min; the first 100x growth run seeds for ~10 min and migrates)
#   SMOKE=1 bench/run-all.sh                about 5 minutes: short runs on small seeds, to check the harness; its
#                                           figures do not compare with the table
#   ONLY="slots booking" bench/run-all.sh   some of them (names below); SKIP="fuzz growth" leaves some out
#
# Names, in order: healthz export booking slots slow restart shutdown races fuzz growth.
# Knobs: SMOKE, ONLY, SKIP, OUT (bench/out/run-all), SKIP_BUILD=1 (the release build as it is).
# Needs: wrk, postgresql-15 (pgbench, psql), slowhttptest, bc, curl, python3; schemathesis (pip) for the fuzz.
# Measure on a quiet machine: every figure moves with the load average (the scripts print it).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh

ALL="healthz export booking slots slow restart shutdown races fuzz growth"
ONLY=${ONLY:-$ALL}
SKIP=${SKIP:-}
OUT=${OUT:-bench/out/run-all}
mkdir -p "$OUT"
release_bin  # once: every script below runs with SKIP_BUILD=1
export SKIP_BUILD=1

# Databases this run makes and throws away: every smoke run's (so a small seed never stays behind in a kept bench
# directory, where a later full run would take it for the demo clinic) and the growth run's at demo size (its
# figures are from a fresh seed; a kept, bloated one skews them).
SCRATCH=$(mktemp -d /tmp/clinic-run-all-XXXXXX)
chmod 755 "$SCRATCH"  # the private clusters run as another user (initdb refuses root), who must reach them
trap 'rm -rf "$SCRATCH"' EXIT

results=()
failed=0
selected() { [[ " $ONLY " == *" $1 "* && " $SKIP " != *" $1 "* ]]; }

# run NAME ID TITLE [VAR=value ...] COMMAND ...: one benchmark run, unless ONLY or SKIP leaves NAME out or a tool it
# needs is missing. Prints the command, the load average and the script's figures; records how it went.
run() {
    local name=$1 id=$2 title=$3 tool
    shift 3
    selected "$name" || return 0
    echo
    echo "## $title"
    echo "\$ $*"
    case $name in
        slow) tool=slowhttptest ;;
        fuzz) tool=schemathesis ;;
        races) tool=swift ;;
        *) tool=wrk ;;
    esac
    if ! command -v "$tool" >/dev/null; then
        echo "skipped: $tool is not installed"
        results+=("$id: skipped ($tool is not installed)")
        return 0
    fi
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    local started=$SECONDS status=0
    env "$@" 2>"$OUT/$id.log" | tee "$OUT/$id.txt" || status=$?
    local took=$((SECONDS - started))
    if [ "$status" = 0 ]; then
        results+=("$id: passed in ${took} s")
    else
        echo "FAILED (exit $status); the end of $OUT/$id.log:"
        tail -5 "$OUT/$id.log"
        results+=("$id: FAILED (exit $status) after ${took} s, see $OUT/$id.log")
        failed=1
    fi
}

races='swift build --build-tests >&2 && swift test --skip-build --filter RaceTests'
if [ -n "${SMOKE:-}" ]; then
    run healthz healthz "HTTP: GET /healthz" DURATION=1s bench/http-healthz.sh
    run export export "Export: health-files.csv" RESIDENTS=300 RUNS=1 bench/export-csv.sh
    run booking booking "Booking throughput against PostgreSQL's own limit" BENCH_DATA_DIR="$SCRATCH/booking" \
        RESIDENTS=300 DURATION=2 PER_CLIENT=1200 PER_THREAD=10000 SLOTS=0 bench/booking-throughput.sh
    run slots slots "GET /v1/slots" BENCH_DATA_DIR="$SCRATCH/slots" RESIDENTS=300 DURATION=2 bench/slots-read.sh
    run slow slow "Slow and abusive clients" BENCH_DATA_DIR="$SCRATCH/slow" SLOW=100 DURATION=1 ATTACK_DURATION=1 \
        scripts/slow-clients.sh
    run restart restart "Database restart under write load" BENCH_DATA_DIR="$SCRATCH/restart" CYCLES=1 WORKERS=4 \
        scripts/restart-under-load.sh
    run shutdown shutdown "Graceful shutdown under load" BENCH_DATA_DIR="$SCRATCH/shutdown" ROUNDS=1 LOAD_SECONDS=2 \
        WORKERS=8 scripts/shutdown-under-load.sh
    if selected races; then
        results+=("races: skipped (a smoke run leaves out the debug test build; ONLY=races without SMOKE runs it)")
    fi
    run fuzz fuzz "Fuzzing from the published contract" BENCH_DATA_DIR="$SCRATCH/fuzz" \
        REPORT_DIR="$SCRATCH/fuzz-report" MAX_EXAMPLES=5 SEED=1 scripts/fuzz.sh
    run growth growth "Growth" BENCH_DATA_DIR="$SCRATCH/growth" RESIDENTS=300 DURATION=1 scripts/growth.sh
else
    run healthz healthz "HTTP: GET /healthz" bench/http-healthz.sh
    run export export "Export: health-files.csv, the demo clinic" RESIDENTS=16528 RUNS=3 bench/export-csv.sh
    run export export-10x "Export: health-files.csv, 10x the demo clinic" RESIDENTS=165280 RUNS=1 \
        bench/export-csv.sh
    run booking booking "Booking throughput against PostgreSQL's own limit" SLOTS=0 bench/booking-throughput.sh
    run slots slots "GET /v1/slots (a week, one mode)" bench/slots-read.sh
    run slow slow "Slow and abusive clients" scripts/slow-clients.sh
    run restart restart "Database restart under write load" scripts/restart-under-load.sh
    run shutdown shutdown "Graceful shutdown under load" scripts/shutdown-under-load.sh
    run races races "Races (the test suite's RaceTests, debug build)" bash -c "$races"
    run fuzz fuzz "Fuzzing from the published contract" MAX_EXAMPLES=1000 SEED=12 scripts/fuzz.sh
    run growth growth-demo "Growth: the demo size, freshly seeded" BENCH_DATA_DIR="$SCRATCH/growth-16528" \
        RESIDENTS=16528 scripts/growth.sh
    run growth growth-100x "Growth: 100x the demo clinic" RESIDENTS=1652800 scripts/growth.sh
fi

echo
echo "## Summary (figures in $OUT/*.txt, progress in $OUT/*.log)"
printf '%s\n' "${results[@]}"
exit "$failed"
