#!/usr/bin/env bash
# Before/after timings of the history list and the dated ledger export over a
# 1 000 000-row ledger on PostgreSQL (docs/benchmarks.md, "Scale", history and export):
#   timing.sh OLD_HAUL NEW_HAUL [TIMES]
# One database: the demo season (`haul seed --demo`) filled to a million entries with
# fill.sql. OLD serves it first; each request is sent TIMES times (default 3) and every
# time is printed. Then NEW serves the same database (its migrations run at start, so
# its indexes are made then) and the same requests are sent again.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../page_login.sh"
OLD=$1 NEW=$2 TIMES=${3:-3}
PGADMIN=${HAUL_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
DB="haul_timing_$$"
URL="${PGADMIN%/*}/$DB"
PORT=18098
PASS="correct horse battery staple"
OUT=$(mktemp -d /tmp/haul-timing.XXXXXX)
PID=
psql -q "$PGADMIN" -c "CREATE DATABASE $DB"
trap 'kill $PID 2>/dev/null || true; sleep 1; psql -q "$PGADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
export DATABASE_URL=$URL RUST_LOG=warn HAUL_DATA_DIR=$OUT
"$OLD" migrate >/dev/null
"$OLD" seed --demo >/dev/null
echo "$PASS" | "$OLD" user add coord --role coordinator --password-stdin >/dev/null
psql -q "$URL" -f "$HERE/fill.sql"
psql -Atq "$URL" -c "SELECT 'ledger rows: ' || count(*) FROM ledger_entries"

serve() {
  "$1" serve --bind "127.0.0.1:$PORT" >>"$OUT/serve.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
  TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"handle\":\"coord\",\"password\":\"$PASS\"}" "http://127.0.0.1:$PORT/api/v1/auth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  JAR="$OUT/jar-$2"
  page_login "$JAR" "http://127.0.0.1:$PORT" coord "$PASS"
}

measure() {
  local label=$1 path auth
  # The second page of each list: `before` is the newest entry of the first page's
  # 25th change, as the page's "older" link gives it.
  for path in "/history" "/history?kind=movements" "/history?kind=hand-outs" \
    "/history?kind=intakes&from=2026-06-01&to=2026-06-30" \
    "/history?kind=intakes&before=500000" \
    "/api/v1/export/ledger.csv?from=2026-06-01&to=2026-06-30" \
    "/api/v1/export/ledger.csv?from=2026-11-01&to=2026-11-30"; do
    case $path in
    /api/*) auth=(-H "Authorization: Bearer $TOKEN") ;;
    *) auth=(-b "$JAR") ;;
    esac
    for i in $(seq 1 "$TIMES"); do
      curl -s -o "$OUT/body-$label-$i" -w "$label %{http_code} %{time_total}s %{size_download}B $path\n" \
        "${auth[@]}" "http://127.0.0.1:$PORT$path"
    done
    # The same bytes before and after (the first request's answer is compared).
    cp "$OUT/body-$label-1" "$OUT/$(echo "$label$path" | tr '/?&=' '____')"
  done
}

uptime
serve "$OLD" old
measure old
kill "$PID"; wait "$PID" 2>/dev/null || true
uptime
serve "$NEW" new
measure new
kill "$PID"; wait "$PID" 2>/dev/null || true
uptime
# Answers that differ between the two (history pages carry a fresh form key each time,
# so they are compared without their hidden fields).
for f in "$OUT"/old_*; do
  g="$OUT/new_${f#"$OUT"/old_}"
  if ! diff -q <(sed 's/value="[^"]*"//g' "$f") <(sed 's/value="[^"]*"//g' "$g") >/dev/null; then
    echo "differs: ${f#"$OUT"/old_}"
  fi
done
echo "bodies: $OUT"
