#!/usr/bin/env python3
"""The restore drill's load and checks (run by scripts/restore-drill.sh, which sets the environment).

Phase 1 registers residents with WORKERS clients; `clinic-server backup` runs while they do. Phase 2 goes on; T is
taken; phase 3 goes on. The writes stop, the archive gets ARCHIVE_TIMEOUT (+5 s) to take the last segment, then the
server is killed with SIGKILL and PostgreSQL stopped with -m immediate, and the data directory is deleted.
`clinic-server restore --to-time T` and a new server follow. Every registration acknowledged before T must be found,
none sent after T, and a new one must work."""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

PORT = int(os.environ["PORT"])
BASE = f"http://127.0.0.1:{PORT}"
TOKEN = os.environ["TOKEN"]
BIN = os.environ["BIN"]
PGBIN = os.environ["PGBIN"]
DATA = os.environ["DATA"]
WORKERS = int(os.environ.get("WORKERS", "4"))
PHASE = float(os.environ.get("SECONDS_PER_PHASE", "20"))
ARCHIVE_TIMEOUT = int(os.environ.get("CLINIC_ARCHIVE_TIMEOUT", "10"))


def call(method, path, body=None, token=TOKEN):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, None


def register(tag, records, stop):
    n = 0
    while not stop.is_set():
        n += 1
        sent = time.time()
        status, body = call("POST", "/v1/residents", {"names": {"latin": f"Drill {tag} {n}"}, "sex": "female",
                                                      "birthDate": "1950-01-01"})
        records.append((sent, time.time(), status, body and body.get("id")))


def main():
    records = []
    stop = threading.Event()
    workers = [threading.Thread(target=register, args=(i, records, stop)) for i in range(WORKERS)]
    for worker in workers:
        worker.start()
    time.sleep(PHASE / 2)
    backup = subprocess.run([BIN, "backup"], capture_output=True, text=True)
    print(backup.stdout.strip() or backup.stderr.strip(), file=sys.stderr)
    if backup.returncode != 0:
        stop.set()
        return 1
    time.sleep(PHASE)
    target = time.time()
    time.sleep(PHASE)
    stop.set()
    for worker in workers:
        worker.join()
    # What archive_timeout does: the last segment reaches the archive within it. Wait that long, then die at once.
    time.sleep(ARCHIVE_TIMEOUT + 5)
    os.kill(int(os.environ["SERVER_PID"]), signal.SIGKILL)
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(as_postgres + [f"{PGBIN}/pg_ctl", "stop", "-D", f"{DATA}/pgdata", "-m", "immediate"],
                   capture_output=True)
    shutil.rmtree(f"{DATA}/pgdata")

    stamp = datetime.datetime.fromtimestamp(target, datetime.timezone.utc).isoformat()
    started = time.time()
    restored = subprocess.run([BIN, "restore", "--from", os.environ["CLINIC_BACKUP_DIR"], "--to-time", stamp],
                              capture_output=True, text=True)
    print(restored.stdout.strip() or restored.stderr.strip(), file=sys.stderr)
    if restored.returncode != 0:
        return 1
    restore_seconds = time.time() - started
    server = subprocess.Popen([BIN, "serve", "--port", str(PORT)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              text=True)
    try:
        for line in server.stdout:
            if line.startswith("listening on"):
                break
        token = json_login()
        acknowledged = [r for r in records if r[2] == 201]
        before = [r for r in acknowledged if r[1] < target]
        after = [r for r in acknowledged if r[0] > target]
        missing = [r[3] for r in before if call("GET", f"/v1/residents/{r[3]}", token=token)[0] != 200]
        present = [r[3] for r in after if call("GET", f"/v1/residents/{r[3]}", token=token)[0] != 404]
        other = [r for r in records if r[2] != 201]
        fresh = call("POST", "/v1/residents", {"names": {"latin": "Drill after restore"}, "sex": "male",
                                               "birthDate": "1950-01-01"}, token=token)[0]
        print(f"acknowledged {len(acknowledged)} registrations ({len(other)} other answers); "
              f"{len(before)} before T: {len(missing)} missing; {len(after)} after T: {len(present)} present; "
              f"restore took {restore_seconds:.1f} s; a new registration: {fresh}")
        return 0 if not missing and not present and fresh == 201 else 1
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def json_login():
    request = urllib.request.Request(BASE + "/v1/auth/login", method="POST",
                                     data=json.dumps({"username": "drill", "password": "drill password 2026"}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())["token"]


if __name__ == "__main__":
    sys.exit(main())
