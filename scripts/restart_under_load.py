#!/usr/bin/env python3
"""Database restarts, or a failover, under write load (driver for scripts/restart-under-load.sh and
scripts/failover-under-load.sh).

WORKERS client threads book continuously over keep-alive HTTP/1.1, each request a capacity-1 slot of its own
(the fixtures of bench/bench-fixtures.sql, slot k = 5,000,000 + worker * 15,000 + n), and log every answer.
Meanwhile the database is restarted CYCLES times with `pg_ctl restart -m fast` and CYCLES times with `-m immediate`.
With DISRUPTION=failover there is one disruption instead: the primary (PRIMARY_DATA) is stopped with -m immediate and
the synchronous standby (STANDBY_DATA) promoted; the checks then ask the new primary (CHECK_URL).
Afterwards: every acknowledged booking (201 and its appointment id) must be in the database exactly once, answers
during the outage must be 503 with Retry-After and come within the request timeout, and the time from the
database being ready again to full throughput is measured (first 250 ms window at >= 80% of the rate before).
Prints a JSON summary; exits 1 if a check fails.
"""
import http.client, json, os, subprocess, sys, threading, time, collections

PORT = int(os.environ["PORT"])
TOKEN = os.environ["TOKEN"]
DATA = os.environ["CLINIC_DATA_DIR"]
PGBIN = os.environ["PGBIN"]
WORKERS = int(os.environ.get("WORKERS", "16"))
CYCLES = int(os.environ.get("CYCLES", "5"))
TIMEOUT = float(os.environ.get("REQUEST_TIMEOUT", "10"))
RESIDENTS = 8192
DISRUPTION = os.environ.get("DISRUPTION", "restart")
PSQL = ["psql", "-X", "-Atq", os.environ.get("CHECK_URL", f"postgresql:///clinic?host={DATA}/run&user=clinic")]

stop = threading.Event()
lock = threading.Lock()
events = []  # (sent, received, status, retry_after, appointment_id, error)


def worker(index):
    conn = None
    n = 0
    while not stop.is_set():
        n += 1
        k = 5_000_000 + index * 15_000 + n
        body = json.dumps({"slotId": "00000000-0000-4000-8000-%012x" % k,
                           "residentId": "00000000-0000-4000-9000-%012x" % (k % RESIDENTS + 1), "mode": "onsite"})
        sent = time.monotonic()
        status, retry, appointment, error = None, None, None, None
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=TIMEOUT)
            conn.request("POST", "/v1/appointments", body,
                         {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            status = response.status
            retry = response.getheader("Retry-After")
            if status == 201:
                appointment = json.loads(data)["id"]
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except Exception as exc:  # a timeout or a dropped connection: the outcome is unknown
            error = type(exc).__name__
            if conn is not None:
                conn.close()
            conn = None
        with lock:
            events.append((sent, time.monotonic(), status, retry, appointment, error))
        if status == 503:
            time.sleep(0.05)  # a real client would honour Retry-After; keep the pressure on, a little gentler


def rate(start, end):
    with lock:
        return sum(1 for e in events if e[2] == 201 and start <= e[1] < end) / (end - start)


def pg_ctl(*arguments):
    command = [f"{PGBIN}/pg_ctl", *arguments]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--"] + command
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def restart(mode):
    """One disruption; returns when it began and when the database was ready (for a failover: promoted)."""
    began = time.monotonic()
    if mode == "failover":
        pg_ctl("stop", "-D", f"{os.environ['PRIMARY_DATA']}/pgdata", "-m", "immediate", "-w", "-t", "60")
        pg_ctl("promote", "-D", f"{os.environ['STANDBY_DATA']}/pgdata", "-w", "-t", "60")
    else:
        pg_ctl("restart", "-D", f"{DATA}/pgdata", "-m", mode, "-w", "-t", "60", "-l", f"{DATA}/postgres.log",
               "-o", f"-k {DATA}/run -p 5432")
    return began, time.monotonic()


def main():
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(WORKERS)]
    for t in threads:
        t.start()
    time.sleep(5)
    cycles = []
    modes = ["failover"] if DISRUPTION == "failover" else ["fast"] * CYCLES + ["immediate"] * CYCLES
    for mode in modes:
        now = time.monotonic()
        baseline = rate(now - 3, now)
        began, ready = restart(mode)
        recovered = None
        deadline = ready + 15
        while time.monotonic() < deadline:
            time.sleep(0.25)
            t = ready
            while t + 0.25 <= time.monotonic():
                if rate(t, t + 0.25) >= 0.8 * baseline:
                    recovered = t + 0.25 - ready
                    break
                t += 0.25
            if recovered is not None:
                break
        time.sleep(max(0, ready + 4 - time.monotonic()))
        with lock:
            during = [e for e in events if began <= e[1] <= ready + 0.5 and e[2] != 201]
        cycles.append({"mode": mode, "restartSeconds": round(ready - began, 2), "baselinePerSecond": round(baseline),
                       "fullThroughputAfterReadySeconds": None if recovered is None else round(recovered, 2),
                       "outageAnswers": dict(collections.Counter(str(e[2] or e[5]) for e in during))})
        print(json.dumps(cycles[-1]), file=sys.stderr)
    time.sleep(2)
    stop.set()
    for t in threads:
        t.join(TIMEOUT + 5)

    with lock:
        all_events = list(events)
    acked = [e[4] for e in all_events if e[2] == 201]
    # Every answer, for a closer look afterwards (times in seconds since the first request).
    origin = min(e[0] for e in all_events)
    with open(os.path.join(DATA, "answers.tsv"), "w") as log:
        for e in sorted(all_events):
            log.write("%.4f\t%.4f\t%s\t%s\n" % (e[0] - origin, e[1] - origin, e[2] or e[5], e[4] or ""))
    statuses = collections.Counter(str(e[2] or e[5]) for e in all_events)
    bad_503 = sum(1 for e in all_events if e[2] == 503 and not e[3])
    five_other = sum(1 for e in all_events if e[2] and e[2] >= 500 and e[2] != 503)
    slowest = max(e[1] - e[0] for e in all_events)
    unknown = sum(1 for e in all_events if e[2] is None)

    sql = ("CREATE TEMP TABLE acked (id uuid); COPY acked FROM STDIN;\n" + "\n".join(acked) + "\n\\.\n"
           "SELECT (SELECT count(*) FROM acked), (SELECT count(DISTINCT id) FROM acked),"
           " (SELECT count(*) FROM acked k JOIN appointments a ON a.id = k.id),"
           " (SELECT count(*) FROM appointments a JOIN slots s ON s.id = a.slot_id"
           "   WHERE s.starts_at >= TIMESTAMPTZ '2030-01-01 00:00+00' + 5000000 * interval '15 minutes'),"
           " (SELECT count(*) FROM slots s WHERE s.starts_at >= TIMESTAMPTZ '2030-01-01 00:00+00'"
           "   + 5000000 * interval '15 minutes' AND s.booked <> (SELECT count(*) FROM appointments a"
           "   WHERE a.slot_id = s.id AND a.status IN ('booked','checkedIn','completed')));")
    out = subprocess.run(PSQL, input=sql, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    n_acked, n_distinct, n_found, n_in_range, n_inconsistent = map(int, out.split("|"))
    summary = {
        "requests": len(all_events), "statuses": dict(statuses), "acknowledged": n_acked,
        "acknowledgedDistinct": n_distinct, "acknowledgedFoundInDatabase": n_found,
        "appointmentsInRange": n_in_range, "unknownOutcomes": unknown,
        # Committed, yet the client was told 503: the connection died during COMMIT (outcome unknown to the server).
        "committedButNotAcknowledged": n_in_range - n_acked,
        "slotsWhoseBookedCountDisagrees": n_inconsistent, "503WithoutRetryAfter": bad_503,
        "other5xx": five_other, "slowestAnswerSeconds": round(slowest, 2), "cycles": cycles,
    }
    print(json.dumps(summary, indent=1))
    ok = (n_acked == n_distinct == n_found and bad_503 == 0
          and five_other == 0 and slowest <= TIMEOUT + 0.5 and n_inconsistent == 0
          and all(c["fullThroughputAfterReadySeconds"] is not None and c["fullThroughputAfterReadySeconds"] <= 5
                  for c in cycles))
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
