#!/usr/bin/env bash
# Query plans of the list, export and report reads over a 1 000 000-row ledger on
# PostgreSQL (docs/benchmarks.md, "Query plans"):   run.sh HAUL
# A fresh database gets the demo season (`haul seed --demo`), then fill.sql brings the
# ledger to a million rows. auto_explain (for this database only) logs the plan of
# every statement while one request of each kind is sent to a real `haul serve`; the
# plans are printed from PostgreSQL's log. Needs superuser on the local server and
# read access to its log.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../page_login.sh"
HAUL=$1
PGADMIN=${HAUL_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
LOG=${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}
DB="haul_explain_$$"
URL="${PGADMIN%/*}/$DB"
PORT=18097
PASS="correct horse battery staple"
OUT=${OUT:-$(mktemp -d /tmp/haul-explain.XXXXXX)}
psql -q "$PGADMIN" -c "CREATE DATABASE $DB"
trap 'kill $PID 2>/dev/null || true; sleep 1; psql -q "$PGADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
PID=
export DATABASE_URL=$URL RUST_LOG=warn HAUL_DATA_DIR=$OUT
"$HAUL" migrate >/dev/null
"$HAUL" seed --demo
echo "$PASS" | "$HAUL" user add coord --role coordinator --password-stdin >/dev/null
time psql -q "$URL" -f "$HERE/fill.sql"
psql -Atq "$URL" -c "SELECT 'ledger rows: ' || count(*) FROM ledger_entries"
psql -q "$PGADMIN" -c "ALTER DATABASE $DB SET session_preload_libraries = 'auto_explain'" \
  -c "ALTER DATABASE $DB SET auto_explain.log_min_duration = 0" \
  -c "ALTER DATABASE $DB SET auto_explain.log_analyze = on" \
  -c "ALTER DATABASE $DB SET auto_explain.log_timing = on"
"$HAUL" serve --bind "127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
  -d "{\"handle\":\"coord\",\"password\":\"$PASS\"}" "http://127.0.0.1:$PORT/api/v1/auth/token" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
JAR="$OUT/jar"
page_login "$JAR" "http://127.0.0.1:$PORT" coord "$PASS"
sleep 1
START=$(wc -l <"$LOG")
for path in \
  "/api/v1/stock" "/api/v1/stock?location=unit-east" \
  "/api/v1/ledger" "/api/v1/ledger?location=unit-east&category=tent-2p" "/api/v1/ledger?cause=write-off" \
  "/api/v1/needs" "/api/v1/handouts" "/api/v1/runs" \
  "/api/v1/export/ledger.csv?from=2026-06-01&to=2026-06-30" "/api/v1/export/stock.csv" \
  "/api/v1/export/handouts.csv?from=2026-06-01&to=2026-12-31" "/api/v1/export/needs.csv" \
  "/api/v1/reports/summary?from=2026-06-01&to=2026-06-30" \
  "/history" "/history?kind=movements" "/reports" "/report"; do
  echo "=== $path" >>"$OUT/requests.txt"
  # A marker in the log between requests: the plans after it belong to this request.
  psql -Atq "$URL" -c "SELECT 'REQUEST $path'" >/dev/null
  case $path in
  /api/*) auth=(-H "Authorization: Bearer $TOKEN") ;;
  *) auth=(-b "$JAR") ;;
  esac
  curl -s -o /dev/null -w "%{http_code} %{time_total}s $path\n" "${auth[@]}" \
    "http://127.0.0.1:$PORT$path" | tee -a "$OUT/requests.txt"
done
sleep 1
tail -n +"$START" "$LOG" | grep -v 'checkpoint' >"$OUT/plans.log"
echo "plans: $OUT/plans.log"
