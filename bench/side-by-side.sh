#!/usr/bin/env bash
# Two builds of the server compared at the same moment: both serve their own copy of the demo seed and both take the
# same load at once (wrk -t1 -c32 on each, DURATION seconds, ROUNDS rounds); prints each one's CPU per request (user
# + system time from /proc), its PostgreSQL's (the private cluster's processes), and B's over A's. On a machine whose speed drifts between minutes (this VM: 1.5×),
# alternating runs cannot tell 10 % apart; running both at once can.
#
#   bench/side-by-side.sh A B     each BIN or BIN:CHECKOUT (the checkout whose migrations/ the binary reads;
#                                 default this one), e.g. an older build: git worktree add /tmp/old <rev>, build it
#                                 there, then pass /tmp/old/.build/release/clinic-server:/tmp/old
#
# Knobs: QUERY (next week's on-site slots), ROUNDS (3), DURATION (10), RESIDENTS (16528), DATA_A and DATA_B
# (/tmp/clinic-side-a, -b: seeded by each build when missing and kept; with SAME_DATA=1 B gets a copy of A's, so
# both answer from the very same rows: only for builds of one schema).
# BOOK=1 compares bookings instead (POST /v1/appointments by bench/book.lua, each its own slot): DATA_A is then
# bench/booking-throughput.sh's kept database (/tmp/clinic-bench-booking: run that first), DATA_B a copy of it, and
# both get their bench slots back before every round.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
[ $# -eq 2 ] || { sed -n '2,13p' "$0" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing (apt-get install wrk)" >&2; exit 1; }
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
BOOK=${BOOK:-}
if [ -n "$BOOK" ]; then
    DATA_A=${DATA_A:-/tmp/clinic-bench-booking}
    DATA_B=${DATA_B:-$DATA_A-b}
    [ -d "$DATA_A/pgdata" ] || { echo "$DATA_A has no database: run bench/booking-throughput.sh first" >&2; exit 1; }
    [ -d "$DATA_B/pgdata" ] || SAME_DATA=1
    QUERY="POST /v1/appointments (bench/book.lua)"
fi
DATA_A=${DATA_A:-/tmp/clinic-side-a}
DATA_B=${DATA_B:-/tmp/clinic-side-b}
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}
monday=$(date -d "next monday" +%F)
QUERY=${QUERY:-"/v1/slots?from=$monday&to=$(date -d "$monday + 6 days" +%F)&mode=onsite"}
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done; wait' EXIT

split() { BIN=${1%%:*}; CHECKOUT=$PWD; [ "$1" = "$BIN" ] || CHECKOUT=${1#*:}; }
seed() {  # spec data
    split "$1"
    [ -d "$2/pgdata" ] && return
    (cd "$CHECKOUT" && CLINIC_DATA_DIR=$2 "$BIN" seed --residents "${RESIDENTS:-16528}" >&2 \
        && CLINIC_DATA_DIR=$2 CLINIC_PASSWORD='bench password 2026' "$BIN" create-user --username bench --role staff >&2)
}
serve() {  # spec data port
    split "$1"
    (cd "$CHECKOUT" && CLINIC_DATA_DIR=$2 exec "$BIN" serve --port "$3" >"$2.out" 2>"$2.log") &
    PIDS+=($!)
    wait_listening "$!" "$2.out" "$2.log" 600
}
token() { login_token "http://127.0.0.1:$1" bench 'bench password 2026'; }
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }  # clock ticks (100 a second)
# The private cluster's CPU: its postmaster and every child (the pool's backends live as long as the server).
dbcpu() {
    local postmaster ticks=0 pid
    postmaster=$(head -1 "$1/pgdata/postmaster.pid")
    for pid in "$postmaster" $(pgrep -P "$postmaster"); do
        [ -r "/proc/$pid/stat" ] && ticks=$((ticks + $(cpu "$pid")))
    done
    echo "$ticks"
}
items() {
    [ -z "$BOOK" ] || { echo "(booking)"; return; }
    curl -fsS -H "Authorization: Bearer $2" "http://127.0.0.1:$1$QUERY" \
        | python3 -c 'import sys,json; print(len(json.load(sys.stdin).get("items", [])))'
}

seed "$1" "$DATA_A"
if [ -n "${SAME_DATA:-}" ]; then rm -rf "$DATA_B" && cp -a "$DATA_A" "$DATA_B" && rm -f "$DATA_B/pgdata/postmaster.pid"; fi
seed "$2" "$DATA_B"
serve "$1" "$DATA_A" 18087
serve "$2" "$DATA_B" 18088
TA=$(token 18087)
TB=$(token 18088)
echo "query: $QUERY (A answers $(items 18087 "$TA") items, B $(items 18088 "$TB")); load average $(cut -d' ' -f1-3 /proc/loadavg)"
load() {  # port token seconds output [first slot]: wrk on the query, or booking slots from the given one on
    if [ -n "$BOOK" ]; then
        TOKEN=$2 FIRST=$5 PER_THREAD=60000 RESIDENTS=8192 wrk -t1 -c32 -d"$3s" -s bench/book.lua \
            "http://127.0.0.1:$1" >"$4"
    else
        wrk -t1 -c32 -d"$3s" -H "Authorization: Bearer $2" "http://127.0.0.1:$1$QUERY" >"$4"
    fi
}
both() {  # seconds output-prefix first-slot
    load 18087 "$TA" "$1" "$2.a" "$3" &
    local first=$!
    load 18088 "$TB" "$1" "$2.b" "$3"
    wait "$first"  # not a bare wait: the servers are children too
}
out=$(mktemp -d)
for round in $(seq 1 "$ROUNDS"); do
    if [ -n "$BOOK" ]; then free_bench_slots "$DATA_A"; free_bench_slots "$DATA_B"; fi
    both 2 "$out/warm" 3120000  # booking-throughput.sh's wrk slots: 3,000,000 to 3,240,000
    a0=$(cpu "${PIDS[0]}"); b0=$(cpu "${PIDS[1]}"); da0=$(dbcpu "$DATA_A"); db0=$(dbcpu "$DATA_B")
    both "$DURATION" "$out/run" 3140000
    a1=$(cpu "${PIDS[0]}"); b1=$(cpu "${PIDS[1]}"); da1=$(dbcpu "$DATA_A"); db1=$(dbcpu "$DATA_B")
    na=$(awk '/requests in/ {print $1}' "$out/run.a"); nb=$(awk '/requests in/ {print $1}' "$out/run.b")
    python3 -c "a = ($a1 - $a0) * 10.0 / $na; b = ($b1 - $b0) * 10.0 / $nb
da = ($da1 - $da0) * 10.0 / $na; db = ($db1 - $db0) * 10.0 / $nb
print('round $round: A %d requests, %.3f CPU ms each (+ %.3f its database); B %d requests, %.3f (+ %.3f); '
      'B / A = %.2f, with the databases %.2f' % ($na, a, da, $nb, b, db, b / a, (b + db) / (a + da)))"
done
rm -rf "$out"
