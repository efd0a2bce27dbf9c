#!/usr/bin/env bash
# Growth: a clinic RESIDENTS strong (default 100x the demo, 1,652,800), its seed timed; EXPLAIN (ANALYZE, BUFFERS)
# of the resident search (each of its plans) and the slot listing as the server sends them (read off
# log_statement = all); and p99 of GET /v1/residents?q= and GET /v1/slots with wrk at 16 connections. Run it once with RESIDENTS=16528 to get the
# demo-size figures to compare with. The health file is read in one statement of per-table subqueries; each is
# EXPLAINed on its own for one elderly resident.
# Knobs: RESIDENTS, BENCH_DATA_DIR (/tmp/clinic-growth-$RESIDENTS, seeded once and kept), PORT (18090),
# DURATION (10, seconds of wrk per request), SKIP_BUILD=1.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib-server.sh
RESIDENTS=${RESIDENTS:-1652800}
DATA=${BENCH_DATA_DIR:-/tmp/clinic-growth-$RESIDENTS}
PORT=${PORT:-18090}
release_bin
BIN=$CLINIC_BIN
export CLINIC_DATA_DIR=$DATA CLINIC_LOG_LEVEL=${CLINIC_LOG_LEVEL:-info}
if [ ! -d "$DATA/pgdata" ]; then
    start=$(date +%s)
    "$BIN" seed --residents "$RESIDENTS" >&2
    echo "seed of $RESIDENTS residents: $(( $(date +%s) - start )) s"
    CLINIC_PASSWORD='growth password 2026' "$BIN" create-user --username growth --role staff >/dev/null
fi
serve_in_background "$BIN" "$DATA" "$PORT" 6000  # migrations at 100x take minutes
PSQL=(psql -X -q "postgresql:///clinic?host=$DATA/run&user=clinic")
"${PSQL[@]}" -c "VACUUM ANALYZE residents" -c "VACUUM ANALYZE slots"
echo "residents: $("${PSQL[@]}" -Atc "SELECT count(*) FROM residents")"
monday=$(date -d "next monday" +%F); sunday=$(date -d "$monday + 6 days" +%F)
for term in dolma zhang; do
    echo "--- resident search, q=$term (a common name): the vocabulary words holding it, then each word's residents in name order"
    "${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT word FROM name_words WHERE word LIKE '%$term%'
        ORDER BY word LIMIT 201"
    words=$("${PSQL[@]}" -Atc "SELECT array_agg(word) FROM name_words WHERE word LIKE '%$term%'")
    "${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) WITH page AS MATERIALIZED (SELECT DISTINCT sort_name, id FROM (
        SELECT hit.sort_name, hit.id FROM unnest('$words'::text[]) AS v(word) CROSS JOIN LATERAL (
            SELECT w.sort_name, w.resident_id AS id FROM resident_name_words w WHERE w.word = v.word
            ORDER BY w.sort_name, w.resident_id LIMIT 51) hit) hits ORDER BY sort_name, id LIMIT 51)
        SELECT id, name_bo, name_zh, name_latin, sex, birth_date, ethnicity, languages, phone, id_number, address, grid,
        household, flags, emergency_contact, sort_name FROM residents WHERE id IN (SELECT id FROM page)
        ORDER BY sort_name, id"
done
echo '--- resident search, q=13912 (phone digits, 0.5% of residents): the probe of the name order, then its walk'
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) FILTER (WHERE search_text LIKE '%13912%') AS hits,
    count(*) AS read FROM (SELECT id, sort_name, search_text FROM residents ORDER BY sort_name, id LIMIT 2000) sample"
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) WITH page AS MATERIALIZED (SELECT id FROM (SELECT id, sort_name,
    search_text FROM residents WHERE true ORDER BY sort_name, id OFFSET 0) ordered WHERE search_text LIKE '%13912%'
    ORDER BY sort_name, id LIMIT 51) SELECT id FROM residents WHERE id IN (SELECT id FROM page) ORDER BY sort_name, id"
echo '--- resident search, q=dolma 13912 (a name, then the start of a phone): the count of candidates, then the page'
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT count(*) AS n FROM (SELECT 1 FROM residents
    WHERE clinic_last_pair(search_text) LIKE 'dolma 13912%' LIMIT 1000) t"
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) WITH hits AS MATERIALIZED (SELECT id, sort_name FROM residents
    WHERE (clinic_last_pair(search_text) LIKE 'dolma 13912%') AND search_text LIKE '%dolma 13912%')
    SELECT * FROM hits WHERE true ORDER BY sort_name, id LIMIT 51"
echo '--- resident search, q=13800138 (phone digits, rare)'
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) WITH hits AS MATERIALIZED (SELECT id, sort_name FROM residents
    WHERE search_text LIKE '%13800138%') SELECT * FROM hits WHERE true ORDER BY sort_name, id LIMIT 51"
echo '--- slot listing'
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT s.id, s.doctor_id, s.date, s.session, s.mode, s.starts_at,
    s.ends_at, s.capacity, s.booked, s.priority_reserved FROM slots s
    WHERE s.date BETWEEN '$monday' AND '$sunday' AND s.mode = 'onsite' ORDER BY s.starts_at, s.id LIMIT 51"

elder=$("${PSQL[@]}" -Atc "SELECT r.id FROM residents r JOIN consultations c ON c.resident_id = r.id ORDER BY r.id LIMIT 1")
echo "--- health file of $elder, each part"
for part in "problems p WHERE p.resident_id" "medications m WHERE m.resident_id" "allergies a WHERE a.resident_id" \
    "assessments s WHERE s.resident_id" "consultations c WHERE c.resident_id"; do
    "${PSQL[@]}" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM $part = '$elder'" | grep -E "Scan|Execution"
done
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, COSTS OFF) SELECT * FROM vital_signs WHERE resident_id = '$elder'
    ORDER BY taken_at DESC, id DESC LIMIT 50" | grep -E "Scan|Execution"

TOKEN=$(login_token "http://127.0.0.1:$PORT" growth 'growth password 2026')
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in "/v1/residents?q=dolma" "/v1/residents?q=zhang" "/v1/residents?q=13912" "/v1/residents?q=tenzin%20dolma" \
    "/v1/residents?q=zhang%20wei" "/v1/residents?q=dolma%2013912" "/v1/slots?from=$monday&to=$sunday&mode=onsite" \
    "/v1/residents/$elder/health-file"; do
    # Requests wrk gave up on may still run in the database: let them finish before the next measurement.
    for _ in $(seq 1 60); do
        [ "$("${PSQL[@]}" -Atc "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'
            AND backend_type = 'client backend' AND pid <> pg_backend_pid()")" = 0 ] && break
        sleep 1
    done
    wrk -t1 -c4 -d2s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path" >/dev/null  # warm the cache
    out=$(wrk -t2 -c16 -d"${DURATION:-10}s" --timeout 10s --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT$path")
    echo "$path: $(awk '/^Requests\/sec:/ {print $2}' <<<"$out") req/s, p50 $(awk '$1 == "50%" {print $2}' <<<"$out"), p99 $(awk '$1 == "99%" {print $2}' <<<"$out"), non-2xx $(awk '/Non-2xx/ {print $NF}' <<<"$out")"
done
