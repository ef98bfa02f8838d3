#!/usr/bin/env bash
# GET /api/v1/stock with a ledger of 1 000 000 rows (docs/benchmarks.md, "Scale"):
#   stock1m.sh HAUL [ROUNDS] [SECONDS]
# A fresh SQLite database gets the seed catalogue and six places through Haul, then
# the ledger is filled to a million rows with sqlite3 (movements over every place ×
# category × condition; the stock projection rebuilt from them, so `haul check`
# agrees). One connection then reads the stock list for SECONDS, ROUNDS times.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
HAUL=$1 ROUNDS=${2:-3} SECS=${3:-10}
DIR=$(mktemp -d /tmp/haul-stock1m.XXXXXX)
DB="$DIR/haul.db"
PASS="correct horse battery staple"
PORT=18095
export DATABASE_URL="sqlite://$DB" RUST_LOG=warn
"$HAUL" migrate >/dev/null
"$HAUL" seed >/dev/null
echo "$PASS" | "$HAUL" user add coord --role coordinator --password-stdin >/dev/null
"$HAUL" serve --bind "127.0.0.1:$PORT" >"$DIR/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"handle\":\"coord\",\"password\":\"$PASS\"}" "http://127.0.0.1:$PORT/api/v1/auth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
for p in unit-east:warehouse unit-south:warehouse oak:site heron:site kestrel:site willow:site; do
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"slug\":\"${p%%:*}\",\"name\":\"${p%%:*}\",\"kind\":\"${p##*:}\"}" "http://127.0.0.1:$PORT/api/v1/locations"
done
kill $PID; wait $PID 2>/dev/null || true
sqlite3 "$DB" <<'SQL'
PRAGMA journal_mode = WAL;
BEGIN;
CREATE TEMP TABLE pl AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM locations
  WHERE kind IN ('warehouse', 'site');
CREATE TEMP TABLE pc AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM categories;
INSERT INTO ledger_entries (at, actor, cause, cause_id, location_id, category_id, condition, quantity)
SELECT datetime('2026-01-01', '+' || (value * 31) || ' seconds'), 'bench',
       CASE value % 10 WHEN 4 THEN 'transfer' WHEN 5 THEN 'transfer' WHEN 6 THEN 'delivery'
                       WHEN 7 THEN 'hand-out' WHEN 8 THEN 'write-off' WHEN 9 THEN 'regrade' ELSE 'intake' END,
       value, pl.id, pc.id,
       CASE (value / 7) % 6 WHEN 0 THEN 'good' WHEN 1 THEN 'usable' WHEN 2 THEN 'needs-drying'
                            WHEN 3 THEN 'needs-cleaning' WHEN 4 THEN 'needs-repair' ELSE 'unusable' END,
       1 + value % 5
FROM generate_series(1, 1000000 - (SELECT count(*) FROM ledger_entries))
JOIN pl ON pl.i = value % (SELECT count(*) FROM pl)
JOIN pc ON pc.i = (value / 3) % (SELECT count(*) FROM pc);
DELETE FROM stock;
INSERT INTO stock (location_id, category_id, condition, quantity)
SELECT location_id, category_id, condition, sum(quantity) FROM ledger_entries GROUP BY 1, 2, 3;
COMMIT;
ANALYZE;
SQL
echo "ledger rows: $(sqlite3 "$DB" 'SELECT count(*) FROM ledger_entries'), stock rows: $(sqlite3 "$DB" 'SELECT count(*) FROM stock')"
"$HAUL" check | tail -1
"$HAUL" serve --bind "127.0.0.1:$PORT" >>"$DIR/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for r in $(seq 1 "$ROUNDS"); do
  HAUL_TOKEN=$TOKEN HAUL_READ_PATH=/api/v1/stock wrk -t1 -c1 -d"${SECS}s" --latency \
    -s "$HERE/read.lua" "http://127.0.0.1:$PORT" >"$DIR/r-$r.txt"
  echo "round $r: $(grep -E '^ +(50|99)%' "$DIR/r-$r.txt" | tr -s ' ' | tr '\n' ' ') $(grep Requests/sec "$DIR/r-$r.txt") $(grep -c Non-2xx "$DIR/r-$r.txt" || true) non-2xx lines"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
