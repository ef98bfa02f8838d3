#!/usr/bin/env bash
# Side-by-side HTTP benchmark with wrk (docs/benchmarks.md, "Scale"):
#   run.sh sqlite OLD_HAUL NEW_HAUL CEILING [ROUNDS] [SECONDS]   (OLD_HAUL "-": none)
#   run.sh postgres NEW_HAUL [ROUNDS] [SECONDS]        (1 process, then 3 on one database)
# Each round measures every server in turn (so all see the same machine load); the
# summary is the median of the rounds. 32 connections write one-line intakes, each
# with its own Idempotency-Key; in the "+reads" runs 2 more connections read
# the /stock and /needs pages (HTML, with a coordinator's page session) meanwhile. Server CPU per intake (from
# /proc/PID/stat) is taken from the runs without reads.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../page_login.sh"
DIR=$(mktemp -d /tmp/haul-wrk.XXXXXX)
PASS="correct horse battery staple"
PGADMIN=${HAUL_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
PGBASE=${PGADMIN%/*}
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }

wait_ready() {
  for _ in $(seq 1 200); do
    curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server on $1 did not start" >&2
  return 1
}

# start BIN URL PORT: a haul serve; sets PID.
start() {
  DATABASE_URL=$2 RUST_LOG=warn "$1" serve --bind "127.0.0.1:$3" >>"$DIR/serve-$3.log" 2>&1 &
  PID=$!
  PIDS+=("$PID")
  wait_ready "$3"
}

# prepare BIN URL PORT: a coordinator, a warehouse; sets TOKEN.
prepare() {
  echo "$PASS" | DATABASE_URL=$2 RUST_LOG=warn "$1" user add coord --role coordinator --password-stdin >/dev/null
  TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"handle\":\"coord\",\"password\":\"$PASS\"}" "http://127.0.0.1:$3/api/v1/auth/token" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d '{"slug":"unit-east","name":"Unit East","kind":"warehouse"}' "http://127.0.0.1:$3/api/v1/locations"
}

# session PORT: a page session of the coordinator (the /login form, as a browser
# does it); sets COOKIE.
session() {
  local jar="$DIR/jar-$1"
  page_login "$jar" "http://127.0.0.1:$1" coord "$PASS"
  COOKIE=$(awk '$6 == "haul_session" {print "haul_session=" $7}' "$jar")
  [ -n "$COOKIE" ] || { echo "no page session on $1" >&2; return 1; }
}

# writes LABEL SECONDS PIDS PORTS...: 32 writers spread over PORTS, 1 reader of each
# page on the first; one line of results appended to $DIR/results.
writes() {
  local label=$1 secs=$2 pids=$3
  shift 3
  local ports=("$@") n=$# before=0 after=0 p
  for p in $pids; do before=$((before + $(ticks "$p"))); done
  local i=0 waiting=()
  for port in "${ports[@]}"; do
    HAUL_TOKEN=$TOKEN wrk -t1 -c$((32 / n)) -d"${secs}s" --latency -s "$HERE/intake.lua" \
      "http://127.0.0.1:$port" >"$DIR/w-$label-$i.txt" 2>&1 &
    waiting+=($!)
    i=$((i + 1))
  done
  if [ -n "$TOKEN" ] && [ -n "${READS:-}" ]; then
    HAUL_COOKIE=$COOKIE HAUL_READ_PATH=/stock wrk -t1 -c1 -d"${secs}s" --latency \
      -s "$HERE/read.lua" "http://127.0.0.1:${ports[0]}" >"$DIR/r-stock-$label.txt" 2>&1 &
    waiting+=($!)
    HAUL_COOKIE=$COOKIE HAUL_READ_PATH=/needs wrk -t1 -c1 -d"${secs}s" --latency \
      -s "$HERE/read.lua" "http://127.0.0.1:${ports[0]}" >"$DIR/r-needs-$label.txt" 2>&1 &
    waiting+=($!)
  fi
  wait "${waiting[@]}"
  for p in $pids; do after=$((after + $(ticks "$p"))); done
  python3 "$HERE/summarise.py" line "$DIR" "$label" "$((after - before))" >>"$DIR/results"
}

mode=${1:-}
shift || true
if [ "$mode" = sqlite ]; then
  OLD=$1 NEW=$2 CEIL=$3 ROUNDS=${4:-3} SECS=${5:-10}
  if [ "$OLD" != - ]; then
    start "$OLD" "sqlite://$DIR/old.db" 18081; OLD_PID=$PID
    prepare "$OLD" "sqlite://$DIR/old.db" 18081; OLD_TOKEN=$TOKEN
    session 18081; OLD_COOKIE=$COOKIE
  fi
  start "$NEW" "sqlite://$DIR/new.db" 18082; NEW_PID=$PID
  prepare "$NEW" "sqlite://$DIR/new.db" 18082; NEW_TOKEN=$TOKEN
  session 18082; NEW_COOKIE=$COOKIE
  "$CEIL" 127.0.0.1:18083 "$DIR/ceiling.db" >"$DIR/ceiling.log" 2>&1 &
  CEIL_PID=$!; PIDS+=("$CEIL_PID")
  sleep 1
  for r in $(seq 1 "$ROUNDS"); do
    [ "$OLD" = - ] || TOKEN=$OLD_TOKEN writes "before-$r" "$SECS" "$OLD_PID" 18081
    TOKEN=$NEW_TOKEN writes "after-$r" "$SECS" "$NEW_PID" 18082
    TOKEN="" writes "ceiling-$r" "$SECS" "$CEIL_PID" 18083
    [ "$OLD" = - ] || TOKEN=$OLD_TOKEN COOKIE=$OLD_COOKIE READS=1 writes "before+reads-$r" "$SECS" "$OLD_PID" 18081
    TOKEN=$NEW_TOKEN COOKIE=$NEW_COOKIE READS=1 writes "after+reads-$r" "$SECS" "$NEW_PID" 18082
  done
elif [ "$mode" = postgres ]; then
  NEW=$1 ROUNDS=${2:-3} SECS=${3:-10}
  DB="haul_wrk_$$"
  psql -q "$PGADMIN" -c "CREATE DATABASE $DB"
  trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; psql -q "$PGADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"' EXIT
  URL="$PGBASE/$DB"
  export HAUL_DATA_DIR=$DIR
  start "$NEW" "$URL" 18091; P1=$PID
  prepare "$NEW" "$URL" 18091
  session 18091
  start "$NEW" "$URL" 18092; P2=$PID
  start "$NEW" "$URL" 18093; P3=$PID
  for r in $(seq 1 "$ROUNDS"); do
    writes "pg1-$r" "$SECS" "$P1" 18091
    writes "pg3-$r" "$SECS" "$P1 $P2 $P3" 18091 18092 18093
    READS=1 writes "pg1+reads-$r" "$SECS" "$P1" 18091
  done
else
  sed -n '2,9p' "$0"
  exit 2
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
python3 "$HERE/summarise.py" table "$DIR/results"
