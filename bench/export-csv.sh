#!/usr/bin/env bash
# Benchmark of GET /v1/exports/health-files.csv over the demo clinic (16,528 residents by default):
# seeds a fresh private database, serves it with the release build, signs in as staff, and times the export
# with curl while sampling the server's resident memory (VmRSS now, VmHWM = peak) from /proc.
#
#   bench/export-csv.sh            # RESIDENTS=16528 RUNS=3
#   RESIDENTS=2000 bench/export-csv.sh
#   SKIP_BUILD=1 bench/export-csv.sh   # the release build as it is
#
# Prints a Markdown block for BENCHMARKS.md. Memory "flat" means the peak after exporting every resident is
# about the peak after exporting a few hundred: the server streams from a cursor, 1,000 rows at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
RESIDENTS="${RESIDENTS:-16528}"
RUNS="${RUNS:-3}"
. bench/lib-server.sh

kib() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$SERVER_PID/status"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

export_once() {  # export_once QUERY FILE -> prints "seconds bytes status"
    curl -s -o "$2" -w '%{time_total} %{size_download} %{http_code}\n' -H "Authorization: Bearer $TOKEN" \
        "$SERVER_URL/v1/exports/health-files.csv$1"
}

rows_of() { python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))) - 1)' "$1"; }

start_demo_server "$RESIDENTS"
login staff
OUT="$DEMO_DIR/export.csv"

echo "seeded $RESIDENTS residents in ${SEED_SECONDS}s; server pid $SERVER_PID at $SERVER_URL" >&2
idle_rss=$(kib VmRSS)
idle_hwm=$(kib VmHWM)

# A small export first (one grid), so the fixed costs (connections, code paths) are in the baseline.
grid="$(curl -sf -H "Authorization: Bearer $TOKEN" "$SERVER_URL/v1/residents?limit=1&minAge=65" |
    python3 -c 'import json, sys, urllib.parse; print(urllib.parse.quote(json.load(sys.stdin)["items"][0]["grid"]))')"
read -r small_time small_bytes small_status < <(export_once "?grid=$grid" "$OUT")
[ "$small_status" = 200 ] || { echo "export failed: HTTP $small_status" >&2; exit 1; }
small_rows=$(rows_of "$OUT")
small_hwm=$(kib VmHWM)

times=()
for run in $(seq 1 "$RUNS"); do
    read -r seconds bytes status < <(export_once "?bom=1" "$OUT")
    [ "$status" = 200 ] || { echo "export failed: HTTP $status" >&2; exit 1; }
    times+=("$seconds")
    echo "run $run: ${seconds}s, $bytes bytes, VmHWM $(mib "$(kib VmHWM)") MiB" >&2
done
full_rows=$(rows_of "$OUT")
full_bytes=$bytes
full_hwm=$(kib VmHWM)
full_rss=$(kib VmRSS)
read -r elderly_time elderly_bytes _ < <(export_once "?minAge=65&problem=hypertension" "$OUT")
elderly_rows=$(rows_of "$OUT")
best=$(printf '%s\n' "${times[@]}" | sort -n | head -1)
worst=$(printf '%s\n' "${times[@]}" | sort -n | tail -1)

cat <<REPORT

## Export: health-files.csv

\`RESIDENTS=$RESIDENTS RUNS=$RUNS bench/export-csv.sh\` on $(date -u +%Y-%m-%d), $(nproc) cores
($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM,
release build, PostgreSQL $(ls /usr/lib/postgresql | sort -V | tail -1) on the same machine (private cluster), curl over loopback.

| export | rows | bytes | time |
| --- | ---: | ---: | ---: |
| one grid (\`?grid=$grid\`) | $small_rows | $small_bytes | ${small_time} s |
| everyone (\`?bom=1\`), $RUNS runs | $full_rows | $full_bytes | best ${best} s, worst ${worst} s |
| \`?minAge=65&problem=hypertension\` | $elderly_rows | $elderly_bytes | ${elderly_time} s |

Server memory (from /proc/PID/status): idle after start-up and login VmRSS $(mib "$idle_rss") MiB (peak $(mib "$idle_hwm") MiB);
peak after the one-grid export $(mib "$small_hwm") MiB; peak after $RUNS full exports $(mib "$full_hwm") MiB
(VmRSS then $(mib "$full_rss") MiB). The full export is $(mib $((full_bytes / 1024))) MiB of CSV; the peak grew by
$(mib $((full_hwm - small_hwm))) MiB between $small_rows and $full_rows rows.
REPORT
