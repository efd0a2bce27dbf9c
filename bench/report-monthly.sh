#!/usr/bin/env bash
# Benchmark of GET /v1/reports/monthly: one clinic's last month at demo size (16,528 residents, the seeded demo
# month), then the county report of 20 clinics side by side (`seed --clinics 20`). Seeds a fresh private database for
# each, serves it, signs in (a clinic admin; a county viewer) and times RUNS requests of each with curl.
#
#   bench/report-monthly.sh                          # RESIDENTS=16528 CLINICS=20 COUNTY_RESIDENTS=16528 RUNS=10
#   COUNTY_RESIDENTS=3000 bench/report-monthly.sh    # a quicker county seed (3,000 residents in each clinic)
#   SKIP_BUILD=1 bench/report-monthly.sh             # the release build as it is
#   CLINIC_BIN=.build/debug/clinic-server bench/report-monthly.sh   # another build (say so with the figures)
#
# Prints a Markdown block for BENCHMARKS.md. Targets: one clinic under 200 ms, the county of 20 under 2 s.
set -euo pipefail
cd "$(dirname "$0")/.."
RESIDENTS="${RESIDENTS:-16528}"
CLINICS="${CLINICS:-20}"
COUNTY_RESIDENTS="${COUNTY_RESIDENTS:-16528}"
RUNS="${RUNS:-10}"
BIN="${CLINIC_BIN:-}"
. bench/lib-server.sh  # (it empties CLINIC_BIN)
if [ -n "$BIN" ]; then CLINIC_BIN="$BIN"; else release_bin; fi

# county_server CLINICS RESIDENTS: a fresh demo county served on a free port; users demo-admin and demo-viewer.
county_server() {
    stop_demo_server
    DEMO_DIR="$(mktemp -d /tmp/clinic-report-XXXXXX)"
    chmod 755 "$DEMO_DIR"  # the private cluster runs as another user (initdb refuses root)
    export CLINIC_DATA_DIR="$DEMO_DIR/data" CLINIC_LOG_LEVEL=warning
    trap stop_demo_server EXIT
    local started=$SECONDS
    "$CLINIC_BIN" seed --residents "$2" --clinics "$1" >"$DEMO_DIR/seed.log" 2>&1 || { cat "$DEMO_DIR/seed.log" >&2; exit 1; }
    SEED_SECONDS=$((SECONDS - started))
    DEMO_PASSWORD="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
    if [ "$1" = 1 ]; then  # an admin belongs to one clinic: only a one-clinic install has an obvious one
        CLINIC_PASSWORD="$DEMO_PASSWORD" "$CLINIC_BIN" create-user --username demo-admin --role admin \
            >>"$DEMO_DIR/seed.log" 2>&1
    fi
    CLINIC_PASSWORD="$DEMO_PASSWORD" "$CLINIC_BIN" create-user --username demo-viewer --role countyViewer \
        >>"$DEMO_DIR/seed.log" 2>&1
    PORT=0 "$CLINIC_BIN" serve >"$DEMO_DIR/server.out" 2>"$DEMO_DIR/server.err" &
    SERVER_PID=$!
    wait_listening "$SERVER_PID" "$DEMO_DIR/server.out" "$DEMO_DIR/server.err"
    SERVER_URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$DEMO_DIR/server.out" | head -1)"
}

# time_report QUERY: RUNS timed requests (after one untimed); prints "best median worst bytes" in milliseconds.
time_report() {
    local times=() out status seconds bytes
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$SERVER_URL/v1/reports/monthly$1"
    for _ in $(seq 1 "$RUNS"); do
        read -r seconds bytes status < <(curl -s -o /dev/null -w '%{time_total} %{size_download} %{http_code}\n' \
            -H "Authorization: Bearer $TOKEN" "$SERVER_URL/v1/reports/monthly$1")
        [ "$status" = 200 ] || { echo "report failed: HTTP $status" >&2; exit 1; }
        times+=("$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }')")
    done
    out=$(printf '%s\n' "${times[@]}" | sort -n)
    echo "$(echo "$out" | head -1) $(echo "$out" | sed -n "$(((RUNS + 1) / 2))p") $(echo "$out" | tail -1) $bytes"
}

county_server 1 "$RESIDENTS"
one_seed=$SEED_SECONDS
login admin
month=$(curl -sf -H "Authorization: Bearer $TOKEN" "$SERVER_URL/v1/reports/monthly" |
    python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["month"]); print(r["consultations"]["total"], "consultations,", r["appointments"]["booked"], "appointments,", r["elderly"]["total"], "elderly", file=sys.stderr)')
read -r one_best one_median one_worst one_bytes < <(time_report "?month=$month")
echo "one clinic: best $one_best ms, median $one_median ms, worst $one_worst ms" >&2
load_one=$(cut -d' ' -f1-3 /proc/loadavg)

county_server "$CLINICS" "$COUNTY_RESIDENTS"
county_seed=$SEED_SECONDS
login viewer
read -r county_best county_median county_worst county_bytes < <(time_report "?month=$month")
echo "county of $CLINICS: best $county_best ms, median $county_median ms, worst $county_worst ms" >&2
load_county=$(cut -d' ' -f1-3 /proc/loadavg)

cat <<REPORT

## Monthly report

\`RESIDENTS=$RESIDENTS CLINICS=$CLINICS COUNTY_RESIDENTS=$COUNTY_RESIDENTS RUNS=$RUNS bench/report-monthly.sh\` on
$(date -u +%Y-%m-%d), $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), server
\`$CLINIC_BIN\`, PostgreSQL on the same machine (private cluster), curl over loopback; $RUNS timed requests each
after one untimed. Load average during the runs: $load_one (one clinic), $load_county (county).

| report | data | best | median | worst | bytes |
| --- | --- | ---: | ---: | ---: | ---: |
| one clinic, month $month (JSON, admin) | $RESIDENTS residents, demo month (seeded in ${one_seed}s) | $one_best ms | $one_median ms | $one_worst ms | $one_bytes |
| county, $CLINICS clinics side by side (JSON, countyViewer) | $COUNTY_RESIDENTS residents each (seeded in ${county_seed}s) | $county_best ms | $county_median ms | $county_worst ms | $county_bytes |
REPORT
