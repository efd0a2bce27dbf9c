#!/usr/bin/env bash
# A failover under booking load, RUNS times (5): each run makes a primary (the private cluster of `clinic-server
# migrate` and `seed`) and a synchronous hot standby of it (`pg_basebackup -R`, named in the primary's
# synchronous_standby_names), serves on a DATABASE_URL naming both (target_session_attrs=read-write), books with
# WORKERS clients (64) for 5 s, stops the primary with `pg_ctl stop -m immediate`, promotes the standby, and books on.
# Checks (scripts/restart_under_load.py, DISRUPTION=failover): every acknowledged booking is on the new primary
# exactly once, answers in the gap are 503 with Retry-After and no other 5xx, and full throughput is back within
# 5 s of the promotion. `swift test --filter FailoverTests` is the short form.
#
# Knobs: RUNS (5), WORKERS (64), PORT (18084), BENCH_DATA_DIR (/tmp/clinic-failover, wiped), SKIP_BUILD=1,
# SERVER_BIN (a clinic-server already built).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18084}
ROOT=${BENCH_DATA_DIR:-/tmp/clinic-failover}
RUNS=${RUNS:-5}
workers=${WORKERS:-64}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ -n "${SERVER_BIN:-}" ]; then CLINIC_BIN=$SERVER_BIN; else release_bin; fi
BIN=$CLINIC_BIN
as_postgres=()
[ "$(id -u)" -ne 0 ] || as_postgres=(runuser -u postgres --)
pgctl() { "${as_postgres[@]}" "$PGBIN/pg_ctl" "$@"; }

stop_pair() {
    stop_server
    pgctl stop -D "$ROOT/primary/pgdata" -m immediate >/dev/null 2>&1 || true
    pgctl stop -D "$ROOT/standby/pgdata" -m immediate >/dev/null 2>&1 || true
}
trap stop_pair EXIT

status=0
for run in $(seq 1 "$RUNS"); do
    rm -rf "$ROOT"
    mkdir -p "$ROOT/standby/run"
    chmod 755 "$ROOT" "$ROOT/standby"
    export CLINIC_LOG_LEVEL=warning
    # The primary: the server's own private cluster, migrated and seeded, then left running for the pair.
    CLINIC_DATA_DIR=$ROOT/primary "$BIN" seed --residents 2000 >"$ROOT/seed.log" 2>&1
    pgctl start -D "$ROOT/primary/pgdata" -l "$ROOT/primary/postgres.log" -w -o "-k $ROOT/primary/run -p 5432" >/dev/null
    PRIMARY="postgresql:///clinic?host=$ROOT/primary/run&user=clinic"
    psql -X -q -v ON_ERROR_STOP=1 "$PRIMARY" -v residents=8192 -f bench/bench-fixtures.sql
    psql -X -q -v ON_ERROR_STOP=1 "$PRIMARY" -v first=5000000 -v last=$((5000000 + workers * 15000)) -f bench/bench-slots.sql
    # The synchronous standby.
    chown -R postgres "$ROOT/standby" 2>/dev/null || true
    "${as_postgres[@]}" "$PGBIN/pg_basebackup" -D "$ROOT/standby/pgdata" -R -X stream -c fast \
        -h "$ROOT/primary/run" -p 5432 -U clinic
    echo "cluster_name = 'clinic_standby'" | "${as_postgres[@]}" tee -a "$ROOT/standby/pgdata/postgresql.auto.conf" >/dev/null
    pgctl start -D "$ROOT/standby/pgdata" -l "$ROOT/standby/postgres.log" -w -o "-k $ROOT/standby/run -p 5432" >/dev/null
    psql -X -q "$PRIMARY" -c "ALTER SYSTEM SET synchronous_standby_names = 'clinic_standby'" -c "SELECT pg_reload_conf()"
    for _ in $(seq 1 100); do
        [ "$(psql -X -Atq "$PRIMARY" -c "SELECT sync_state FROM pg_stat_replication")" = sync ] && break
        sleep 0.1
    done
    [ "$(psql -X -Atq "$PRIMARY" -c "SELECT sync_state FROM pg_stat_replication")" = sync ] \
        || { echo "the standby is not synchronous" >&2; exit 1; }

    export DATABASE_URL="postgresql:///clinic?host=$ROOT/primary/run,$ROOT/standby/run&port=5432,5432&user=clinic&target_session_attrs=read-write&connect_timeout=2"
    CLINIC_PASSWORD='failover password 2026' "$BIN" create-user --username failover --role staff >>"$ROOT/seed.log" 2>&1
    CLINIC_DB_POOL_SIZE=${CLINIC_DB_POOL_SIZE:-32} serve_in_background "$BIN" "$ROOT" "$PORT"
    TOKEN=$(login_token "http://127.0.0.1:$PORT" failover 'failover password 2026')
    echo "run $run: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    PORT=$PORT TOKEN=$TOKEN PGBIN=$PGBIN WORKERS=$workers CLINIC_DATA_DIR=$ROOT DISRUPTION=failover \
        PRIMARY_DATA=$ROOT/primary STANDBY_DATA=$ROOT/standby \
        CHECK_URL="postgresql:///clinic?host=$ROOT/standby/run&user=clinic" \
        python3 scripts/restart_under_load.py || status=1
    echo "server log: 5xx lines $(grep -c '"status":"5' "$ROOT/server.log" || true)" >&2
    stop_pair
    unset DATABASE_URL
done
exit $status
