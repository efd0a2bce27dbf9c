#!/usr/bin/env bash
# Graceful shutdown under load: WORKERS clients book continuously (scripts/shutdown_under_load.py); after
# LOAD_SECONDS the server gets SIGTERM. Checks: it exits 0 within 10 s, and no request it fully received is lost:
# every appointment in the database was acknowledged to its client with a 201 (a booking committed but never
# answered would be a lost request), and every acknowledged one is in the database.
# Knobs: PORT (18087), WORKERS (32), LOAD_SECONDS (8), ROUNDS (3), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18087}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-shutdown}
WORKERS=${WORKERS:-32}
release_bin
BIN=$CLINIC_BIN
rm -rf "$DATA"
export CLINIC_DATA_DIR=$DATA CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}
"$BIN" seed --residents 300 >/dev/null
CLINIC_PASSWORD='shutdown password 2026' "$BIN" create-user --username down --role staff >/dev/null
PSQL=(psql -X -q -At -v ON_ERROR_STOP=1 "postgresql:///clinic?host=$DATA/run&user=clinic")

start_server() { serve_in_background --append-log "$BIN" "$DATA" "$PORT"; }
start_server
"${PSQL[@]}" -v residents=8192 -f bench/bench-fixtures.sql >/dev/null
"${PSQL[@]}" -v first=7000000 -v last=$((7000000 + WORKERS * 20000)) -f bench/bench-slots.sql >/dev/null
kill -TERM "$SERVER_PID"; wait "$SERVER_PID"

status=0
for round in $(seq 1 "${ROUNDS:-3}"); do
    start_server
    TOKEN=$(login_token "http://127.0.0.1:$PORT" down 'shutdown password 2026')
    "${PSQL[@]}" -c "DELETE FROM appointments WHERE doctor_id = '00000000-0000-4000-a000-000000000001'" \
        -c "UPDATE slots SET booked = 0 WHERE doctor_id = '00000000-0000-4000-a000-000000000001' AND booked > 0"
    PORT=$PORT TOKEN=$TOKEN WORKERS=$WORKERS ACKED_FILE=$DATA/acked.txt python3 scripts/shutdown_under_load.py \
        >"$DATA/client.json" &
    client=$!
    sleep "${LOAD_SECONDS:-8}"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    t0=$(date +%s.%N)
    kill -TERM "$SERVER_PID"
    code=0; wait "$SERVER_PID" || code=$?
    took=$(echo "$(date +%s.%N) - $t0" | bc)
    wait $client
    start_server  # to read the database (the private cluster stopped with the server)
    read -r in_db acked found < <(
        { echo "CREATE TEMP TABLE acked (id uuid); COPY acked FROM STDIN;"; grep . "$DATA/acked.txt"; echo '\.';
          echo "SELECT (SELECT count(*) FROM appointments WHERE doctor_id = '00000000-0000-4000-a000-000000000001'),
                       (SELECT count(*) FROM acked),
                       (SELECT count(*) FROM acked k JOIN appointments a ON a.id = k.id);"; } |
        "${PSQL[@]}" -F ' ')
    kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true
    echo "round $round: load $load; SIGTERM → exit $code in ${took}s; client saw $(cat "$DATA/client.json");" \
        "appointments in database $in_db, acknowledged $acked, acknowledged and found $found"
    if [ "$code" != 0 ] || [ "$(echo "$took > 10" | bc)" = 1 ] || [ "$in_db" != "$acked" ] || [ "$found" != "$acked" ]; then
        status=1
    fi
done
exit $status
