#!/usr/bin/env bash
# The restore drill, long form: a health room's server registers residents under load while it archives its WAL
# into a backup directory; a base backup is taken while it serves; then the server and its database die at once
# (kill -9, pg_ctl -m immediate), the data directory is deleted, and `clinic-server restore --to-time T` brings it
# back. Checks: every registration acknowledged before T is there, none started after T, and the restored server
# takes writes again. `swift test --filter BackupRestoreTests` runs the short form.
#
# Knobs: PORT (18083), SECONDS_PER_PHASE (20), WORKERS (4), ARCHIVE_TIMEOUT (10 s), BENCH_DATA_DIR
# (/tmp/clinic-drill, wiped), SKIP_BUILD=1, SERVER_BIN (a clinic-server already built).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
PORT=${PORT:-18083}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-drill}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
if [ -n "${SERVER_BIN:-}" ]; then CLINIC_BIN=$SERVER_BIN; else release_bin; fi
BIN=$CLINIC_BIN

rm -rf "$DATA" "$DATA-backups"
mkdir -p "$DATA"
chmod 755 "$DATA"
export CLINIC_DATA_DIR=$DATA CLINIC_BACKUP_DIR=$DATA-backups CLINIC_ARCHIVE_TIMEOUT=${ARCHIVE_TIMEOUT:-10}
export CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-warning}
"$BIN" seed --residents 2000 >&2
CLINIC_PASSWORD='drill password 2026' "$BIN" create-user --username drill --role staff >&2
serve_in_background "$BIN" "$DATA" "$PORT"
TOKEN=$(login_token "http://127.0.0.1:$PORT" drill 'drill password 2026')

status=0
PORT=$PORT TOKEN=$TOKEN BIN=$BIN PGBIN=$PGBIN DATA=$DATA SERVER_PID=$SERVER_PID \
    python3 scripts/restore_drill.py || status=$?
SERVER_PID=""  # the drill killed it and started its own
exit $status
