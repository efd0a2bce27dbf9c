#!/usr/bin/env bash
# Database restarts under write load: the release server on a private cluster, a client booking continuously
# (scripts/restart_under_load.py), CYCLES x `pg_ctl restart -m fast` then CYCLES x `-m immediate`.
# Checks afterwards: every acknowledged booking is in the database exactly once; outage answers are 503 with
# Retry-After within the request timeout; full throughput within 5 s of the database being ready.
#
# Knobs: PORT (18082), CYCLES (5), WORKERS (16), REQUEST_TIMEOUT (10), CLINIC_DB_POOL_SIZE, BENCH_DATA_DIR
# (/tmp/clinic-restart, wiped), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18082}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-restart}
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
release_bin
BIN=$CLINIC_BIN

rm -rf "$DATA"
export CLINIC_DATA_DIR=$DATA
"$BIN" seed --residents 2000 >&2
CLINIC_PASSWORD='restart password 2026' "$BIN" create-user --username restart --role staff >&2
serve_in_background "$BIN" "$DATA" "$PORT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1 "postgresql:///clinic?host=$DATA/run&user=clinic")
[ "$("${PSQL[@]}" -Atc "SHOW synchronous_commit")" = on ] || { echo "synchronous_commit is not on" >&2; exit 1; }
[ "$("${PSQL[@]}" -Atc "SHOW fsync")" = on ] || { echo "fsync is not on" >&2; exit 1; }
"${PSQL[@]}" -v residents=8192 -f bench/bench-fixtures.sql
workers=${WORKERS:-16}
"${PSQL[@]}" -v first=5000000 -v last=$((5000000 + workers * 15000)) -f bench/bench-slots.sql

TOKEN=$(login_token "http://127.0.0.1:$PORT" restart 'restart password 2026')
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
status=0
PORT=$PORT TOKEN=$TOKEN PGBIN=$PGBIN WORKERS=$workers python3 scripts/restart_under_load.py || status=$?
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "server log: 5xx lines $(grep -c '"status":"5' "$DATA/server.log" || true), errors $(grep -c '"level":"error"' "$DATA/server.log" || true)" >&2
exit $status
