#!/usr/bin/env bash
# GET /v1/slots for one week and one mode (the booking screen's read): the maximum rate with wrk at 64
# connections, then about 70% of that rate paced with bench/paced.lua (see its note on coordinated omission),
# and p99 of each. Runs on the demo seed (16,528 residents, two months of rota).
# Knobs: PORT (18085), DURATION (20), RESIDENTS (16528, used when seeding),
# BENCH_DATA_DIR (/tmp/clinic-bench-slots, seeded once and kept),
# CLINIC_DB_POOL_SIZE, CLINIC_LOG_LEVEL (info), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18085}
DURATION=${DURATION:-20}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-bench-slots}
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}
release_bin
BIN=$CLINIC_BIN
export CLINIC_DATA_DIR=$DATA
if [ ! -d "$DATA/pgdata" ]; then
    "$BIN" seed --residents "${RESIDENTS:-16528}" >&2
    CLINIC_PASSWORD='bench password 2026' "$BIN" create-user --username bench --role staff >&2
fi
serve_in_background "$BIN" "$DATA" "$PORT"
URL="http://127.0.0.1:$PORT"
TOKEN=$(login_token "$URL" bench 'bench password 2026')
# Next week's Monday to Sunday (the seed's rota covers it).
monday=$(date -d "next monday" +%F); sunday=$(date -d "$monday + 6 days" +%F)
QUERY="/v1/slots?from=$monday&to=$sunday&mode=onsite"
items=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$URL$QUERY" | python3 -c 'import sys,json; print(len(json.load(sys.stdin)["items"]))')
echo "query: $QUERY ($items slots in the answer)"
wrk -t1 -c8 -d3s -H "Authorization: Bearer $TOKEN" "$URL$QUERY" >/dev/null

row() {
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(awk '/^Requests\/sec:/ {print $2}' <<<"$2")" \
        "$(awk '$1 == "50%" {print $2}' <<<"$2")" "$(awk '$1 == "99%" {print $2}' <<<"$2")" \
        "$(grep -o 'Socket errors:.*' <<<"$2" | sed 's/Socket errors: //' || echo none)" "$(awk '/Non-2xx/ {print $NF}' <<<"$2")"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| run | req/s | p50 | p99 | socket errors | non-2xx |"
echo "| --- | ---: | ---: | ---: | --- | ---: |"
max=$(wrk -t2 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$URL$QUERY")
row "max, 64 connections" "$max"
rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$max")
rate=$(python3 -c "print(int(float('$rps') * 0.7))")
paced=$(TOKEN=$TOKEN PATH_QUERY=$QUERY RATE=$rate CONNECTIONS=64 \
    wrk -t2 -c64 -d"${DURATION}s" --latency -s bench/paced.lua "$URL")
row "paced to $rate/s (70%), 64 connections" "$paced"
paced16=$(TOKEN=$TOKEN PATH_QUERY=$QUERY RATE=$rate CONNECTIONS=16 \
    wrk -t2 -c16 -d"${DURATION}s" --latency -s bench/paced.lua "$URL")
row "paced to $rate/s (70%), 16 connections" "$paced16"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
