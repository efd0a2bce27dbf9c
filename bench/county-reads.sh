#!/usr/bin/env bash
# Reads at county size against one room (issue 19's target: p99 within 1.3x): a staff user of the first health
# room searches residents, lists a week of slots and exports the health files, in a database of one room and in
# one of CLINICS rooms (each RESIDENTS strong, sharing the doctors: `seed --clinics`). Two servers of the same build
# run side by side, one per database, and the measurements alternate between them: ROUNDS rounds, each running
# every request against both (which goes first alternates too), so load that comes and goes falls on both sides.
# p99 from wrk at 16 connections; the table gives each side's median over the rounds, the ratio of the medians and
# the range of the rounds' own ratios. The export's time from curl, alternating the same way.
# Knobs: RESIDENTS (16528), CLINICS (20), DURATION (5, seconds of wrk per request and round), ROUNDS (5),
# PORT (18095; the county's server on PORT + 1), BENCH_DATA_DIR (/tmp/clinic-county: -1 and -CLINICS beside it,
# seeded once and kept), SHARED_BUFFERS (both clusters' shared_buffers, as ALTER SYSTEM would set it; unset: each
# cluster's own, which the server sized to the machine when it created it: SharedBuffersSize), SKIP_BUILD=1.
# With too few shared buffers for the county's 1.2 GB (PostgreSQL's default 128MB), the other requests' pages
# evict the room's between exports, which costs the county's export more than the room's.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
RESIDENTS=${RESIDENTS:-16528}
CLINICS=${CLINICS:-20}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-5}
PORT=${PORT:-18095}
SHARED_BUFFERS=${SHARED_BUFFERS:-}
PREFIX=${BENCH_DATA_DIR:-/tmp/clinic-county}
PASSWORD='county password 2026'
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-warning}
release_bin
BIN=$CLINIC_BIN
monday=$(date -d "next monday" +%F); sunday=$(date -d "$monday + 6 days" +%F)
PATHS=("/v1/residents?q=dolma" "/v1/residents?q=zhang%20wei" "/v1/residents?q=13912"
    "/v1/slots?from=$monday&to=$sunday&mode=onsite" "/v1/exports/health-files.csv")
EXPORT=/v1/exports/health-files.csv
SIDES=(1 "$CLINICS")
PIDS=()
declare -A URL TOKEN
stop_servers() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap stop_servers EXIT

# start ROOMS PORT: seeds the database of ROOMS rooms once, serves it on PORT, and sets URL[ROOMS] and TOKEN[ROOMS]
# (a staff user of the first room, made through the API: the rooms' ids are known once the server runs).
start() {
    local rooms=$1 port=$2 data="$PREFIX-$1"
    # `seeded` marks a finished seed: a seed cut short is started again from nothing.
    if [ ! -f "$data/seeded" ]; then
        rm -rf "$data"
        local began=$SECONDS
        CLINIC_DATA_DIR=$data "$BIN" seed --clinics "$rooms" --residents "$RESIDENTS" >&2
        echo "seeded $rooms rooms of $RESIDENTS residents in $((SECONDS - began)) s" >&2
        CLINIC_DATA_DIR=$data CLINIC_PASSWORD=$PASSWORD "$BIN" create-user --username county-admin --role countyAdmin >&2
        touch "$data/seeded"
    fi
    # The cluster's own settings file, read when the server starts the cluster (as ALTER SYSTEM would write it).
    sed -i '/^shared_buffers/d' "$data/pgdata/postgresql.auto.conf"
    if [ -n "$SHARED_BUFFERS" ]; then echo "shared_buffers = '$SHARED_BUFFERS'" >>"$data/pgdata/postgresql.auto.conf"; fi
    : >"$data/server.log"
    CLINIC_DATA_DIR=$data "$BIN" serve --port "$port" >"$data/server.out" 2>>"$data/server.log" &
    PIDS+=($!)
    wait_listening "$!" "$data/server.out" "$data/server.log" 3000
    local url="http://127.0.0.1:$port" token first
    token=$(login_token "$url" county-admin "$PASSWORD")
    first=$(curl -fsS -H "Authorization: Bearer $token" "$url/v1/clinics" |
        python3 -c 'import sys, json; print(sorted(json.load(sys.stdin)["items"], key=lambda c: c["name"])[0]["id"])')
    curl -sS -o /dev/null -X POST "$url/v1/users" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "{\"username\":\"county-staff\",\"password\":\"$PASSWORD\",\"role\":\"staff\",\"clinicId\":\"$first\"}"
    URL[$rooms]=$url
    echo "$rooms rooms: shared_buffers $(psql -Atc 'SHOW shared_buffers' "postgresql:///clinic?host=$data/run&user=clinic")"
    TOKEN[$rooms]=$(login_token "$url" county-staff "$PASSWORD")
}

# once ROOMS PATH: one measurement, in milliseconds: wrk's p99 at 16 connections, or the export's time from curl.
once() {
    local rooms=$1 path=$2 out
    if [ "$path" = "$EXPORT" ]; then
        curl -fsS -o /dev/null -w '%{time_total}' -H "Authorization: Bearer ${TOKEN[$rooms]}" "${URL[$rooms]}$path" |
            awk '{ printf "%.1f\n", $1 * 1000 }'
        return
    fi
    out=$(wrk -t2 -c16 -d"${DURATION}s" --timeout 10s --latency -H "Authorization: Bearer ${TOKEN[$rooms]}" \
        "${URL[$rooms]}$path")
    if grep -q Non-2xx <<<"$out"; then echo "non-2xx answers on $path" >&2; exit 1; fi
    ms "$(awk '$1 == "99%" {print $2}' <<<"$out")"
}

# wrk prints latencies with units (us, ms, s): to milliseconds.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; printf "%.2f\n", n }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

start 1 "$PORT"
start "$CLINICS" $((PORT + 1))
for rooms in "${SIDES[@]}"; do
    for path in "${PATHS[@]}"; do  # warm the caches
        if [ "$path" = "$EXPORT" ]; then once "$rooms" "$path" >/dev/null
        else wrk -t1 -c4 -d2s -H "Authorization: Bearer ${TOKEN[$rooms]}" "${URL[$rooms]}$path" >/dev/null; fi
    done
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
results=$(mktemp)
for round in $(seq 1 "$ROUNDS"); do
    order=("${SIDES[@]}")
    if ((round % 2 == 0)); then order=("${SIDES[1]}" "${SIDES[0]}"); fi
    for path in "${PATHS[@]}"; do
        for rooms in "${order[@]}"; do echo "$round $rooms $path $(once "$rooms" "$path")" >>"$results"; done
    done
    echo "round $round done, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| request (staff of the first room) | one room: p99 | $CLINICS rooms: p99 | ratio of medians | rounds' ratios |"
echo "| --- | ---: | ---: | ---: | ---: |"
for path in "${PATHS[@]}"; do
    a=$(awk -v p="$path" '$2 == 1 && $3 == p {print $4}' "$results" | median)
    b=$(awk -v p="$path" -v c="$CLINICS" '$2 == c && $3 == p {print $4}' "$results" | median)
    range=$(awk -v p="$path" -v c="$CLINICS" '$3 == p { v[$1, $2] = $4 } END {
        for (r = 1; (r, 1) in v; r++) { x = v[r, c] / v[r, 1]; if (r == 1 || x < lo) lo = x; if (r == 1 || x > hi) hi = x }
        printf "%.2f-%.2f", lo, hi }' "$results")
    label='`GET '"${path//|/\\|}"'`'
    if [ "$path" = "$EXPORT" ]; then label="$label (the room's $RESIDENTS residents; time of the whole download)"; fi
    printf '| %s | %s ms | %s ms | %.2f | %s |\n' "$label" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { print b / a }')" \
        "$range"
done
rm -f "$results"
