#!/usr/bin/env bash
# Drives GET /healthz with wrk at 1, 64 and 256 connections and prints requests/s, p99 and socket errors as
# Markdown rows for BENCHMARKS.md ("HTTP: GET /healthz").
#
# By default it builds and starts the release `clinic-server` (PORT from the environment, see API.md), with its
# private PostgreSQL cluster under bench/out/clinic (DATABASE_URL, if set, is used instead; /healthz itself does
# not touch the database). BENCH_SERVER_CMD runs something else that serves GET /healthz on $PORT instead.
# Other knobs: PORT (18080), DURATION (10s), THREADS (2, wrk's threads), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh

PORT=${PORT:-18080}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
URL="http://127.0.0.1:${PORT}/healthz"

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [ -z "${BENCH_SERVER_CMD:-}" ]; then
    release_bin
    BENCH_SERVER_CMD="$CLINIC_BIN serve"
fi

mkdir -p bench/out
export CLINIC_DATA_DIR=${CLINIC_DATA_DIR:-bench/out/clinic}
log=$(mktemp)
PORT=$PORT CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-warning} $BENCH_SERVER_CMD >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT

# Up to a minute: the first start creates the private cluster and migrates it.
for _ in $(seq 1 600); do
    if curl -fsS "$URL" >/dev/null 2>&1; then break; fi
    if ! kill -0 $server 2>/dev/null; then echo "server exited:" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.1
done
curl -fsS "$URL" >/dev/null || { echo "server does not answer $URL" >&2; cat "$log" >&2; exit 1; }

# Warm up (connections, allocator, caches) so the first row is not penalised.
wrk -t1 -c8 -d2s "$URL" >/dev/null

echo "| connections | requests/s | p99 latency | socket errors | non-2xx |"
echo "| ---: | ---: | ---: | --- | ---: |"
for connections in 1 64 256; do
    threads=$THREADS
    [ "$connections" -lt "$threads" ] && threads=$connections
    out=$(wrk -t"$threads" -c"$connections" -d"$DURATION" --latency "$URL")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(grep -o 'Socket errors:.*' <<<"$out" | sed 's/Socket errors: //' || true)
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    echo "| $connections | $rps | $p99 | ${errors:-none} | ${non2xx:-0} |"
done
