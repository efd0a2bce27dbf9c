# Shared by bench/ and scripts/: a release clinic-server over a private database in a temporary directory.
# Source it, then: start_demo_server RESIDENTS; login ROLE (sets TOKEN); ...; stop_demo_server.
# Uses only processes it started (by their pid) and removes its directory on exit.

CLINIC_BIN=""
SERVER_PID=""
SERVER_URL=""
DEMO_DIR=""

build_release() {
    swift build -c release --product clinic-server >&2
    CLINIC_BIN="$(swift build -c release --show-bin-path)/clinic-server"
}

# start_demo_server RESIDENTS: seeds a fresh demo clinic and serves it on a free port.
start_demo_server() {
    local residents="$1"
    [ -n "$CLINIC_BIN" ] || build_release
    DEMO_DIR="$(mktemp -d /tmp/clinic-demo-XXXXXX)"
    # initdb refuses root, so the private cluster runs as another user who must be able to reach it.
    chmod 755 "$DEMO_DIR"
    export CLINIC_DATA_DIR="$DEMO_DIR/data"
    export CLINIC_LOG_LEVEL=warning
    trap stop_demo_server EXIT
    local started=$SECONDS
    "$CLINIC_BIN" seed --residents "$residents" >"$DEMO_DIR/seed.log" 2>&1 || { cat "$DEMO_DIR/seed.log" >&2; return 1; }
    SEED_SECONDS=$((SECONDS - started))
    DEMO_PASSWORD="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
    for role in staff admin; do
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
    TOKEN="$(curl -sf -X POST "$SERVER_URL/v1/auth/login" -H 'Content-Type: application/json' \
        -d "{\"username\":\"demo-$1\",\"password\":\"$DEMO_PASSWORD\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
}

stop_demo_server() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID"
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
    if [ -n "$DEMO_DIR" ] && [ -d "$DEMO_DIR" ]; then rm -rf "$DEMO_DIR"; fi
    DEMO_DIR=""
}

# For scripts that start `clinic-server serve` themselves:
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
