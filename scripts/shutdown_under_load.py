#!/usr/bin/env python3
"""Client side of scripts/shutdown-under-load.sh: WORKERS threads book continuously over keep-alive HTTP/1.1
(slot k = 7,000,000 + worker * 20,000 + n of bench/bench-fixtures.sql) until the server has gone for 2 s, then
write every acknowledged appointment id to ACKED_FILE and print a JSON summary of what the clients saw."""
import http.client, json, os, sys, threading, time, collections

PORT = int(os.environ["PORT"])
TOKEN = os.environ["TOKEN"]
WORKERS = int(os.environ.get("WORKERS", "32"))
RESIDENTS = 8192
lock = threading.Lock()
seen = collections.Counter()
acked = []
last_success = [time.monotonic()]


def worker(index):
    conn = None
    n = 0
    refused_since = None
    while True:
        n += 1
        k = 7_000_000 + index * 20_000 + n
        body = json.dumps({"slotId": "00000000-0000-4000-8000-%012x" % k,
                           "residentId": "00000000-0000-4000-9000-%012x" % (k % RESIDENTS + 1), "mode": "onsite"})
        try:
            if conn is None:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=15)
            conn.request("POST", "/v1/appointments", body,
                         {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
            with lock:
                seen[str(response.status)] += 1
                if response.status == 201:
                    acked.append(json.loads(data)["id"])
            refused_since = None
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except ConnectionRefusedError:
            with lock:
                seen["refused"] += 1
            refused_since = refused_since or time.monotonic()
            if time.monotonic() - refused_since > 2:
                return
            time.sleep(0.05)
            conn = None
        except Exception as exc:
            with lock:
                seen[type(exc).__name__] += 1
            if conn is not None:
                conn.close()
            conn = None


threads = [threading.Thread(target=worker, args=(i,)) for i in range(WORKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with open(os.environ["ACKED_FILE"], "w") as f:
    f.write("\n".join(acked) + "\n")
print(json.dumps({"answers": dict(seen), "acknowledged": len(acked)}))
