# shellcheck shell=bash
# Shared by bench/ and scripts/: the release clinic-server, started the same way by every script.
#   release_bin                        sets CLINIC_BIN (builds first unless SKIP_BUILD is set)
#   serve_in_background BIN DATA PORT  serves CLINIC_DATA_DIR (set by the caller) on PORT until the script exits
#   start_demo_server RESIDENTS; login ROLE (sets TOKEN); ...; stop_demo_server
#                                      a fresh demo clinic in a temporary directory, on a free port; users
#                                      demo-staff, demo-admin, demo-countyAdmin, demo-countyViewer (DEMO_PASSWORD)
#   free_bench_slots DATA              gives the booking benchmark's slots back (its bookings and their notices go)
# Uses only processes it started (by their pid) and removes its temporary directory on exit.

CLINIC_BIN=""
SERVER_PID=""
SERVER_URL=""
DEMO_DIR=""

# release_bin: sets CLINIC_BIN to the release clinic-server. Builds it first unless SKIP_BUILD is set
# (bench/run-all.sh builds once, then runs every script with SKIP_BUILD=1).
release_bin() {
    if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product clinic-server >&2; fi
    CLINIC_BIN="$(swift build -c release --show-bin-path)/clinic-server"
}

# serve_in_background [--append-log] BIN DATA PORT [TENTHS]: starts `BIN serve --port PORT` (the caller exports
# CLINIC_DATA_DIR and the other settings), its stdout in DATA/server.out and its log in DATA/server.log (emptied
# first, unless --append-log: a script that restarts the server keeps every run's log). Sets SERVER_PID, stops the
# server when the script exits, and returns once it listens (wait_listening, TENTHS as there).
serve_in_background() {
    local append=""
    if [ "$1" = --append-log ]; then append=1; shift; fi
    local bin="$1" data="$2" port="$3" tenths="${4:-300}"
    [ -n "$append" ] || : >"$data/server.log"
    "$bin" serve --port "$port" >"$data/server.out" 2>>"$data/server.log" &
    SERVER_PID=$!
    trap stop_server EXIT
    wait_listening "$SERVER_PID" "$data/server.out" "$data/server.log" "$tenths"
}

# stop_server: SIGTERM to the server this script started, then waits for it to exit.
stop_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

# start_demo_server RESIDENTS: seeds a fresh demo clinic and serves it on a free port.
start_demo_server() {
    local residents="$1"
    [ -n "$CLINIC_BIN" ] || release_bin
    DEMO_DIR="$(mktemp -d /tmp/clinic-demo-XXXXXX)"
    # initdb refuses root, so the private cluster runs as another user who must be able to reach it.
    chmod 755 "$DEMO_DIR"
    export CLINIC_DATA_DIR="$DEMO_DIR/data"
    export CLINIC_LOG_LEVEL=warning
    trap stop_demo_server EXIT
    local started=$SECONDS
    "$CLINIC_BIN" seed --residents "$residents" >"$DEMO_DIR/seed.log" 2>&1 || { cat "$DEMO_DIR/seed.log" >&2; return 1; }
    # shellcheck disable=SC2034  # read by the scripts that source this file
    SEED_SECONDS=$((SECONDS - started))
    DEMO_PASSWORD="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
    for role in staff admin countyAdmin countyViewer; do
        CLINIC_PASSWORD="$DEMO_PASSWORD" "$CLINIC_BIN" create-user --username "demo-$role" --role "$role" \
            >>"$DEMO_DIR/seed.log" 2>&1
    done
    PORT=0 "$CLINIC_BIN" serve >"$DEMO_DIR/server.out" 2>"$DEMO_DIR/server.err" &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
        SERVER_URL="$(grep -o 'http://[0-9.]*:[0-9]*' "$DEMO_DIR/server.out" 2>/dev/null | head -1 || true)"
        [ -n "$SERVER_URL" ] && return 0
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$DEMO_DIR/server.err" >&2; return 1; }
        sleep 0.1
    done
    echo "the server did not start listening" >&2
    return 1
}

# login ROLE: sets TOKEN for demo-ROLE.
login() {
    # shellcheck disable=SC2034  # read by the scripts that source this file
    TOKEN="$(curl -sf -X POST "$SERVER_URL/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"demo-$1\",\"password\":\"$DEMO_PASSWORD\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
}

stop_demo_server() {
    stop_server
    if [ -n "$DEMO_DIR" ] && [ -d "$DEMO_DIR" ]; then rm -rf "$DEMO_DIR"; fi
    DEMO_DIR=""
}

# wait_listening PID OUT LOG [TENTHS]: waits (up to TENTHS tenths of a second, default 300) until the server has
# printed "listening on" to OUT; if it exits first, prints LOG and ends the script.
wait_listening() {
    local pid="$1" out="$2" log="$3" tenths="${4:-300}"
    for _ in $(seq 1 "$tenths"); do
        grep -q '^listening on' "$out" 2>/dev/null && return 0
        kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
        sleep 0.1
    done
    echo "the server was not listening after $((tenths / 10)) s" >&2
    exit 1
}

# login_token URL USERNAME PASSWORD: prints that user's bearer token.
login_token() {
    curl -fsS -X POST "$1/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"password\":\"$3\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["token"])'
}

# free_bench_slots DATA: the bookings of bench/book*.pgbench and bench/book.lua (all with the bench doctor) deleted,
# their notices with them, and their slots free again, in DATA's running cluster. The foreign-key checks are off for
# it (the owner's `session_replication_role`): nothing else refers to these rows, and with them each deleted
# appointment scanned notifications and appointments (neither `appointment_id` nor `rebooked_to` has an index of its
# own), which took minutes after a full booking-throughput run.
free_bench_slots() {
    local bench_doctor="'00000000-0000-4000-a000-000000000001'"
    psql -X -q -v ON_ERROR_STOP=1 "postgresql:///clinic?host=$1/run&user=clinic" -c "SET clinic.scope = '*'" \
        -c "SET session_replication_role = replica" \
        -c "DELETE FROM notifications WHERE appointment_id IN
            (SELECT id FROM appointments WHERE doctor_id = $bench_doctor)" \
        -c "DELETE FROM appointments WHERE doctor_id = $bench_doctor" \
        -c "UPDATE slots SET booked = 0 WHERE doctor_id = $bench_doctor AND booked > 0" \
        -c "VACUUM ANALYZE appointments" -c "VACUUM ANALYZE notifications" -c "VACUUM ANALYZE slots" >/dev/null
}
