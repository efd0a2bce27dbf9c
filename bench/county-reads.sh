#!/usr/bin/env bash
# Reads at county size against one room (issue 19's target: p99 within 1.3x): a staff user of the first health
# room searches residents, lists a week of slots and exports the health files, in a database of one room and in
# one of CLINICS rooms (each RESIDENTS strong, sharing the doctors: `seed --clinics`). The same server build
# answers both, one database after the other; p99 from wrk at 16 connections, the export's time from curl
# (median of RUNS).
# Knobs: RESIDENTS (16528), CLINICS (20), DURATION (10, seconds of wrk per request), RUNS (3), PORT (18095),
# BENCH_DATA_DIR (/tmp/clinic-county: -1 and -CLINICS beside it, seeded once and kept), SKIP_BUILD=1.
# Run it on a quiet machine: the one-room and county rows are measured one after the other, so load that comes
# and goes in between shows up as a ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
RESIDENTS=${RESIDENTS:-16528}
CLINICS=${CLINICS:-20}
DURATION=${DURATION:-10}
RUNS=${RUNS:-3}
PORT=${PORT:-18095}
PREFIX=${BENCH_DATA_DIR:-/tmp/clinic-county}
PASSWORD='county password 2026'
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-warning}
release_bin
BIN=$CLINIC_BIN
monday=$(date -d "next monday" +%F); sunday=$(date -d "$monday + 6 days" +%F)
PATHS=("/v1/residents?q=dolma" "/v1/residents?q=zhang%20wei" "/v1/residents?q=13912"
    "/v1/slots?from=$monday&to=$sunday&mode=onsite")

# measure ROOMS: prints one line per request, "path p99-in-ms req/s", then "export seconds".
measure() {
    local rooms=$1 data="$PREFIX-$1"
    export CLINIC_DATA_DIR=$data
    # `seeded` marks a finished seed: a seed cut short is started again from nothing.
    if [ ! -f "$data/seeded" ]; then
        rm -rf "$data"
        local start=$SECONDS
        "$BIN" seed --clinics "$rooms" --residents "$RESIDENTS" >&2
        echo "seeded $rooms rooms of $RESIDENTS residents in $((SECONDS - start)) s" >&2
        CLINIC_PASSWORD=$PASSWORD "$BIN" create-user --username county-admin --role countyAdmin >&2
        touch "$data/seeded"
    fi
    serve_in_background "$BIN" "$data" "$PORT" 3000
    local url="http://127.0.0.1:$PORT" token
    token=$(login_token "$url" county-admin "$PASSWORD")
    # The staff user of the first room, made through the API (the rooms' ids are known once the server runs).
    local first
    first=$(curl -fsS -H "Authorization: Bearer $token" "$url/v1/clinics" |
        python3 -c 'import sys, json; print(sorted(json.load(sys.stdin)["items"], key=lambda c: c["name"])[0]["id"])')
    curl -sS -o /dev/null -X POST "$url/v1/users" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"username\":\"county-staff\",\"password\":\"$PASSWORD\",\"role\":\"staff\",\"clinicId\":\"$first\"}"
    token=$(login_token "$url" county-staff "$PASSWORD")
    for path in "${PATHS[@]}"; do
        wrk -t1 -c4 -d2s -H "Authorization: Bearer $token" "$url$path" >/dev/null  # warm the cache
        local out
        out=$(wrk -t2 -c16 -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer $token" "$url$path")
        if grep -q Non-2xx <<<"$out"; then echo "non-2xx answers on $path" >&2; exit 1; fi
        echo "$path $(awk '$1 == "99%" {print $2}' <<<"$out") $(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    done
    local times=()
    for _ in $(seq 1 "$RUNS"); do
        times+=("$(curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $token" \
            "$url/v1/exports/health-files.csv")")
    done
    echo "export $(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")"
    stop_server
}

# wrk prints latencies with units (us, ms, s): to milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f", n }'; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
one=$(measure 1)
county=$(measure "$CLINICS")
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| request (staff of the first room) | one room: p99 | $CLINICS rooms: p99 | ratio |"
echo "| --- | ---: | ---: | ---: |"
for path in "${PATHS[@]}"; do
    a=$(awk -v p="$path" '$1 == p {print $2}' <<<"$one"); b=$(awk -v p="$path" '$1 == p {print $2}' <<<"$county")
    printf '| `GET %s` | %s ms | %s ms | %.2f |\n' "${path//|/\\|}" "$(ms "$a")" "$(ms "$b")" \
        "$(awk -v a="$(ms "$a")" -v b="$(ms "$b")" 'BEGIN { print b / a }')"
done
a=$(awk '$1 == "export" {print $2}' <<<"$one"); b=$(awk '$1 == "export" {print $2}' <<<"$county")
printf '| `GET /v1/exports/health-files.csv` (the room'"'"'s %s residents; median of %s) | %.2f s | %.2f s | %.2f |\n' \
    "$RESIDENTS" "$RUNS" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')"
