#!/usr/bin/env bash
# Booking throughput against PostgreSQL's own limit (issues 8 and 23), in one run on one database, twice: first with
# fsync off (ALTER SYSTEM, the cluster's owner), then with durable settings (fsync on, synchronous_commit on). Each:
#   1. pgbench -M prepared, the minimal booking transaction: guarded UPDATE + INSERT (bench/book-minimal.pgbench)
#   2. pgbench -M prepared running the booking statement of AppointmentStore.book (bench/book-statement.pgbench)
#   3. pgbench -M prepared running every statement one POST /v1/appointments sends (bench/book-request.pgbench)
#   4. wrk on POST /v1/appointments (bench/book.lua), and the server's resident memory (VmRSS, VmHWM) after it
# and then, unless SLOTS=0, issue 23's read figures: bench/slots-read.sh (its own server and data directory).
# Every transaction and request books a capacity-1 slot of its own (bench/bench-fixtures.sql, bench/bench-slots.sql), so
# every side does comparable work. Prints the figures, every ratio issue 23 names, and Markdown rows for BENCHMARKS.md.
#
# Knobs: PORT (18081), DURATION (20, seconds), CONNECTIONS (64), CLINIC_DB_POOL_SIZE (server default),
# CLINIC_LOG_LEVEL (info), BENCH_DATA_DIR (/tmp/clinic-bench-booking; wiped unless KEEP_DATA=1 and it exists),
# RESIDENTS (16528, the demo seed), CLINICS (1; 20 for the county-size figures: 20 health rooms of RESIDENTS each,
# the bench clinic being the first), PGBENCH_ROLE (clinic_app, as the server; `owner` runs pgbench as the
# database's owner, a superuser, which row-level security does not hold: the difference is its cost),
# DURABILITY ("off on": the fsync settings to run, in order), PER_CLIENT (24000 slots per pgbench client, shared by
# the six pgbench runs), PER_THREAD (60000 slots per wrk thread and run), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh

PORT=${PORT:-18081}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-bench-booking}
SEED_RESIDENTS=${RESIDENTS:-16528}
BENCH_RESIDENTS=8192
PER_CLIENT=${PER_CLIENT:-24000}     # pgbench: slots per client (6 runs share them: PER_CLIENT/6 each)
PER_RUN=$((PER_CLIENT / 6))
PER_THREAD=${PER_THREAD:-60000}     # wrk: slots per thread and run (2 runs)
DURABILITY=${DURABILITY:-off on}
THREADS=2
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}

for tool in wrk psql; do command -v $tool >/dev/null || { echo "$tool is missing (apt-get install wrk postgresql)" >&2; exit 1; }; done
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGBENCH=$PGBIN/pgbench

release_bin
BIN=$CLINIC_BIN

log() { echo "[$(date +%T)] $*" >&2; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

export CLINIC_DATA_DIR=$DATA
if [ -z "${KEEP_DATA:-}" ] || [ ! -d "$DATA/pgdata" ]; then
    rm -rf "$DATA"
    log "seeding $SEED_RESIDENTS residents"
    start=$(date +%s.%N)
    "$BIN" seed --clinics "${CLINICS:-1}" --residents "$SEED_RESIDENTS" >&2
    log "seed took $(echo "$(date +%s.%N) - $start" | bc) s"
    FRESH=1
fi

serverlog=$DATA/server.log
serve_in_background "$BIN" "$DATA" "$PORT"
URL="http://127.0.0.1:$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "postgresql:///clinic?host=$DATA/run&user=clinic")

CLINIC_ID=$("${PSQL[@]}" -Atc "SELECT id FROM clinics ORDER BY created_at, id LIMIT 1")
if [ -n "${FRESH:-}" ]; then
    # A front-desk user of the bench clinic (the first): its requests pay row-level security as a clinic's do.
    CLINIC_PASSWORD='bench password 2026' "$BIN" create-user --username bench --role staff --clinic-id "$CLINIC_ID" >&2
    log "building $((CONNECTIONS * PER_CLIENT + THREADS * PER_THREAD)) bench slots"
    "${PSQL[@]}" -v residents=$BENCH_RESIDENTS -f bench/bench-fixtures.sql
    "${PSQL[@]}" -v first=1000000 -v last=$((1000000 + CONNECTIONS * PER_CLIENT + PER_CLIENT)) -f bench/bench-slots.sql
    "${PSQL[@]}" -v first=3000000 -v last=$((3000000 + 2 * THREADS * PER_THREAD)) -f bench/bench-slots.sql
fi
if [ -z "${FRESH:-}" ]; then free_bench_slots "$DATA"; fi  # a kept database: give the bench slots back
[ "$("${PSQL[@]}" -Atc "SHOW synchronous_commit")" = on ] || { echo "synchronous_commit is not on" >&2; exit 1; }

TOKEN=$(login_token "$URL" bench 'bench password 2026')
TOKEN_HEX=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
USER_ID=$("${PSQL[@]}" -Atc "SELECT id FROM users WHERE username = 'bench'")
[ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM auth_tokens WHERE token_hash = decode('$TOKEN_HEX', 'hex')")" = 1 ] \
    || { echo "token hash does not match the server's (BearerToken.hash changed?)" >&2; exit 1; }

booked() { "${PSQL[@]}" -Atc "SELECT count(*) FROM appointments a JOIN slots s ON s.id = a.slot_id
    WHERE s.assignment_id = '00000000-0000-4000-a000-000000000002' AND s.starts_at $1"; }
# slot k starts at 2030-01-01 + k * 15 min: pgbench k < 3,000,000 <= wrk k
PG_RANGE="< TIMESTAMPTZ '2030-01-01 00:00+00' + 3000000 * interval '15 minutes'"
WRK_RANGE=">= TIMESTAMPTZ '2030-01-01 00:00+00' + 3000000 * interval '15 minutes'"

run_pgbench() {  # script, offset of n
    local before after out
    before=$(booked "$PG_RANGE")
    log "pgbench $1 (load $(loadavg))"
    # As the server: role clinic_app under row-level security, the bench clinic in scope.
    local options="-c clinic.scope={$CLINIC_ID}"
    [ "${PGBENCH_ROLE:-clinic_app}" = owner ] || options="-c role=${PGBENCH_ROLE:-clinic_app} $options"
    out=$(PGHOST=$DATA/run PGUSER=clinic PGOPTIONS="$options" \
        "$PGBENCH" -n -M prepared -c "$CONNECTIONS" -j $THREADS -T "$DURATION" \
        -r -P 5 -f "$1" -D n="$2" -D per_client="$PER_CLIENT" -D residents="$BENCH_RESIDENTS" \
        -D user_id="$USER_ID" -D token_hex="$TOKEN_HEX" -D clinic_id="$CLINIC_ID" clinic 2>&1)
    after=$(booked "$PG_RANGE")
    echo "$out" >&2
    local tps lat failed processed
    tps=$(awk '/^tps = / {print $3}' <<<"$out")
    lat=$(awk '/^latency average/ {print $4}' <<<"$out")
    processed=$(awk '/number of transactions actually processed/ {print $NF}' <<<"$out" | cut -d/ -f1)
    failed=$(awk '/number of failed transactions/ {print $5}' <<<"$out")
    echo "$tps $lat ${failed:-0} $processed $((after - before))"
}

# durability off|on: fsync as asked (a reload setting; the owner's ALTER SYSTEM), synchronous_commit stays on.
durability() {
    if [ "$1" = off ]; then "${PSQL[@]}" -c "ALTER SYSTEM SET fsync = off"; else "${PSQL[@]}" -c "ALTER SYSTEM RESET fsync"; fi
    "${PSQL[@]}" -c "SELECT pg_reload_conf()" >/dev/null
    sleep 1
    "${PSQL[@]}" -c CHECKPOINT
    [ "$("${PSQL[@]}" -Atc "SHOW fsync")" = "$1" ] || { echo "fsync did not become $1" >&2; exit 1; }
    [ "$("${PSQL[@]}" -Atc "SHOW synchronous_commit")" = on ] || { echo "synchronous_commit is not on" >&2; exit 1; }
}
trap '"${PSQL[@]}" -c "ALTER SYSTEM RESET fsync" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 || true; stop_server' EXIT

ratio() { echo "scale=2; $1 / $2" | bc; }
memory() { awk '/^(VmRSS|VmHWM):/ {printf "%s %.1f MiB; ", $1, $2 / 1024}' "/proc/$SERVER_PID/status"; }

run=0
wrk_first=3000000
tables=""
for fsync in $DURABILITY; do
    durability "$fsync"
    load_before=$(loadavg)
    read -r mi_tps mi_lat mi_failed mi_n mi_booked < <(run_pgbench bench/book-minimal.pgbench $((run * PER_RUN)))
    read -r st_tps st_lat st_failed st_n st_booked < <(run_pgbench bench/book-statement.pgbench $(((run + 1) * PER_RUN)))
    read -r rq_tps rq_lat rq_failed rq_n rq_booked < <(run_pgbench bench/book-request.pgbench $(((run + 2) * PER_RUN)))
    run=$((run + 3))
    log "pgbench (fsync $fsync): minimal $mi_tps, statement $st_tps, request $rq_tps tx/s"

    before=$(booked "$WRK_RANGE")
    log "wrk (fsync $fsync, load $(loadavg))"
    wrk_out=$(TOKEN=$TOKEN FIRST=$wrk_first PER_THREAD=$PER_THREAD RESIDENTS=$BENCH_RESIDENTS \
        wrk -t$THREADS -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/book.lua "$URL" 2>&1)
    mem=$(memory)
    after=$(booked "$WRK_RANGE")
    wrk_first=$((wrk_first + THREADS * PER_THREAD))
    echo "$wrk_out" >&2
    wrk_rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$wrk_out")
    wrk_p99=$(awk '/^p99_ms:/ {print $2}' <<<"$wrk_out")
    wrk_statuses=$(sed -n 's/^statuses: //p' <<<"$wrk_out")
    wrk_errors=$(grep -o 'Socket errors:.*' <<<"$wrk_out" | sed 's/Socket errors: //' || true)
    wrk_booked=$((after - before))
    max_thread=$(awk '/^max_per_thread:/ {print $2}' <<<"$wrk_out")
    [ "$max_thread" -le "$PER_THREAD" ] || log "WARNING: wrk used $max_thread slots per thread > PER_THREAD=$PER_THREAD"
    five=$(grep -c '"status":"5' "$serverlog" || true)

    tables+="
fsync $fsync, synchronous_commit on; load average $load_before before, $(loadavg) after; server: $mem
| side | rate | latency | bookings made | errors |
| --- | ---: | ---: | ---: | --- |
| pgbench, minimal transaction | $mi_tps tx/s | avg $mi_lat ms | $mi_booked of $mi_n tx | $mi_failed failed |
| pgbench, booking statement | $st_tps tx/s | avg $st_lat ms | $st_booked of $st_n tx | $st_failed failed |
| pgbench, every statement of the request | $rq_tps tx/s | avg $rq_lat ms | $rq_booked of $rq_n tx | $rq_failed failed |
| wrk, POST /v1/appointments | $wrk_rps req/s | p99 $wrk_p99 ms | $wrk_booked | ${wrk_errors:-no socket errors}; statuses $wrk_statuses; 5xx in log $five |
ratios (fsync $fsync): request / minimal = $(ratio "$rq_tps" "$mi_tps"); server / request = $(ratio "$wrk_rps" "$rq_tps"); \
server / minimal = $(ratio "$wrk_rps" "$mi_tps"); server / statement = $(ratio "$wrk_rps" "$st_tps")
"
done
echo "build: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources migrations || echo '+changes'); $(date -u '+%F %H:%M UTC')"
echo "$tables"
if [ "${SLOTS:-1}" != 0 ]; then
    "${PSQL[@]}" -c "ALTER SYSTEM RESET fsync" -c "SELECT pg_reload_conf()" >/dev/null
    stop_server  # and its cluster: the read figures run alone
    echo "GET /v1/slots (a week, one mode; bench/slots-read.sh):"
    SKIP_BUILD=1 DURATION="$DURATION" bench/slots-read.sh
fi
