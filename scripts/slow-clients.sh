#!/usr/bin/env bash
# Slow and abusive clients while normal load runs:
#   1. baseline: wrk GET /healthz and GET /v1/me (a token check: one database round trip), 64 connections;
#   2. the same wrk while slowhttptest holds SLOW connections in slowloris mode (-H: headers never finish);
#   3. the same while slowhttptest runs slow-body (-B: a POST body dribbled out);
#   every 2 s: the server's open file descriptors (ls /proc/PID/fd | wc -l);
#   4. oversized request line, header, body: expect 414, 431, 413.
# Knobs: PORT (18084), SLOW (1000), ATTACK_DURATION (4, seconds of wrk per path and phase), DURATION (30: slowhttptest
# runs at most 2 x DURATION + 40 s), BENCH_DATA_DIR (/tmp/clinic-slow, wiped), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18084}
SLOW=${SLOW:-1000}
DURATION=${DURATION:-30}
ATTACK_DURATION=${ATTACK_DURATION:-4}  # wrk per path while the slow connections are all open (2 paths in ~8 s)
DATA=${BENCH_DATA_DIR:-/tmp/clinic-slow}
command -v slowhttptest >/dev/null || { echo "slowhttptest is missing: apt-get install slowhttptest" >&2; exit 1; }
release_bin
BIN=$CLINIC_BIN
rm -rf "$DATA"
export CLINIC_DATA_DIR=$DATA CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}
"$BIN" seed --residents 300 >/dev/null
CLINIC_PASSWORD='slow password 2026' "$BIN" create-user --username slow --role staff >/dev/null
serve_in_background "$BIN" "$DATA" "$PORT"
# shellcheck disable=SC2046  # one pid a word
trap 'kill $(jobs -p) 2>/dev/null; stop_server' EXIT  # the fd sampler and slowhttptest too
URL="http://127.0.0.1:$PORT"
TOKEN=$(login_token "$URL" slow 'slow password 2026')
fds() { find "/proc/$SERVER_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }

sample_fds() {  # prints the largest fd count seen until killed
    local max=0 n
    while true; do n=$(fds); [ "$n" -gt "$max" ] && max=$n && echo "$max" >"$DATA/fdmax"; sleep 1; done
}

load() {  # label
    local out
    for path in /healthz /v1/me; do
        out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -H "Authorization: Bearer $TOKEN" "$URL$path")
        printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$path" \
            "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" "$(awk '$1 == "99%" {print $2}' <<<"$out")" \
            "$(grep -o 'Socket errors:.*' <<<"$out" | sed 's/Socket errors: //' || echo none)" \
            "$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
    done
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); fds idle: $(fds)"
echo "| phase | path | req/s | p99 | socket errors | non-2xx |"
echo "| --- | --- | ---: | ---: | --- | ---: |"
DURATION=$ATTACK_DURATION load "baseline"

for attack in slowloris slowbody; do
    echo 0 >"$DATA/fdmax"
    sample_fds & sampler=$!
    flag=-H; [ $attack = slowbody ] && flag=-B
    # -i 10: a few bytes every 10 s, so no single read stalls long enough to trip an idle timeout;
    # -r: open all the connections in the first second; -l: keep the tool running past our timeouts.
    slowhttptest $flag -c "$SLOW" -i 10 -r "$SLOW" -s 8192 -l $((DURATION * 2 + 40)) -u "$URL/v1/appointments" -t POST \
        -x 24 -p 3 -g -o "$DATA/$attack" >"$DATA/$attack.out" 2>&1 & slow=$!
    sleep 2  # all connected; our header-read timeout (10 s) closes them from about 10 s on
    DURATION=$ATTACK_DURATION load "$attack ($SLOW connections)"
    kill $sampler 2>/dev/null || true
    wait $slow || true
    echo "$attack: server fds max $(cat "$DATA/fdmax"); slowhttptest says: $(grep -E 'closed|pending|connected|service available' "$DATA/$attack.out" | tail -4 | tr -s ' ' | tr '\n' ';')"
    grep -E '^[0-9]' "$DATA/$attack.csv" 2>/dev/null | awk -F, 'NR%10==1 {printf "t=%ss connected=%s closed=%s pending=%s; ", $1, $3, $4, $2}' ; echo
    sleep 2
    echo "fds after $attack: $(fds)"
done

echo "oversized: request line $(python3 -c 'print("/x"*6000)' | xargs -I{} curl -s -o /dev/null -w '%{http_code}' "$URL{}"), \
header $(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $(head -c 20000 /dev/zero | tr '\0' a)" "$URL/healthz"), \
body $(head -c 2000000 /dev/zero | curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" --data-binary @- "$URL/v1/appointments")"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
