#!/usr/bin/env bash
# schemathesis against a running `haul serve`, on SQLite and on PostgreSQL, once with a
# token of each role: every operation of /api/v1/openapi.json, generated requests,
# 0 responses >= 500 and 0 responses that do not match the document; the stateful phase
# follows the document's links (a create leads to what can be done with what it made).
#
# Called by .ci/run after `cargo test`. Installs schemathesis (a test tool, not a runtime
# dependency) into a virtualenv, reused when present: $HAUL_VENV, default
# ~/.cache/haul-venv. Time is bounded: HAUL_ST_MAX_TIME seconds per role and backend
# (default 12, so about 3 minutes in all), HAUL_ST_MAX_EXAMPLES per operation. One
# worker: hypothesis on Python 3.11 can fail with "AST constructor recursion depth
# mismatch" when two threads build strategies at once.
set -euo pipefail
cd "$(dirname "$0")/../.."

ST_VERSION="4.32.5"
VENV="${HAUL_VENV:-$HOME/.cache/haul-venv}"
if ! "$VENV/bin/st" --version 2>/dev/null | grep -q "$ST_VERSION"; then
  echo "installing schemathesis $ST_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$ST_VERSION"
fi

TARGET="${CARGO_TARGET_DIR:-target}"
# The binary `cargo test` built (the same features as the tests: no second build).
cargo test -q --no-run --test openapi
HAUL="$TARGET/debug/haul"
MAX_TIME="${HAUL_ST_MAX_TIME:-12}"
MAX_EXAMPLES="${HAUL_ST_MAX_EXAMPLES:-10}"
PG_ADMIN="${HAUL_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
ROLES=(crew warehouse driver distributor coordinator)
PASSWORD="schemathesis passphrase 2026"
export HAUL_SECRET="schemathesis-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export RUST_LOG=warn

work="$(mktemp -d)"
pg_db="haul_schemathesis_$$"
server=""
cleanup() {
  if [ -n "$server" ]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

failed=0
run_backend() {
  local name="$1" url="$2"
  export DATABASE_URL="$url"
  "$HAUL" seed --demo >/dev/null
  for role in "${ROLES[@]}"; do
    printf '%s\n' "$PASSWORD" | "$HAUL" user add "st-$role" --role "$role" --password-stdin >/dev/null
  done
  "$HAUL" serve --bind 127.0.0.1:0 >"$work/$name.out" 2>"$work/$name.err" &
  server=$!
  local base=""
  for _ in $(seq 1 100); do
    base="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/$name.out" | head -n1 || true)"
    if [ -n "$base" ] && curl -fs "$base/healthz" >/dev/null; then break; fi
    sleep 0.1
  done
  [ -n "$base" ] || { echo "haul serve did not start on $name"; cat "$work/$name.err"; exit 1; }
  # Every token first: fuzzing POST /auth/token soon trips the login throttle.
  declare -A tokens
  for role in "${ROLES[@]}"; do
    tokens[$role]="$(curl -fs -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
      -d "{\"handle\":\"st-$role\",\"password\":\"$PASSWORD\"}" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  done
  for role in "${ROLES[@]}"; do
    echo "== schemathesis: $name as $role"
    if ! "$VENV/bin/st" run "$base/api/v1/openapi.json" \
      -H "Authorization: Bearer ${tokens[$role]}" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
      --phases examples,coverage,fuzzing,stateful \
      --max-examples "$MAX_EXAMPLES" --max-time "$MAX_TIME" \
      --request-timeout 20 -w 1 --no-color --warnings off \
      >"$work/st-$name-$role.log" 2>&1; then
      failed=1
      cat "$work/st-$name-$role.log"
    else
      grep -E "Examples|Coverage|Fuzzing|Stateful|generated|passed|failed" "$work/st-$name-$role.log" | tail -n 6
    fi
  done
  kill -TERM "$server"
  wait "$server" || true
  server=""
  if grep -qiE "panicked|internal error" "$work/$name.err"; then
    echo "the server logged an internal error on $name:"
    cat "$work/$name.err"
    failed=1
  fi
}

run_backend sqlite "sqlite://$work/haul.db"
if pg_isready -d "$PG_ADMIN" >/dev/null 2>&1 || psql "$PG_ADMIN" -qc 'SELECT 1' >/dev/null 2>&1; then
  psql "$PG_ADMIN" -qc "CREATE DATABASE $pg_db" >/dev/null
  run_backend postgres "${PG_ADMIN%/*}/$pg_db"
elif [ "${HAUL_REQUIRE_POSTGRES:-}" = "1" ]; then
  echo "HAUL_REQUIRE_POSTGRES=1 but PostgreSQL at $PG_ADMIN is unreachable"
  exit 1
else
  echo "!!!!! SKIPPED schemathesis on PostgreSQL: $PG_ADMIN is unreachable !!!!!"
fi

if [ "$failed" -ne 0 ]; then
  echo "schemathesis found problems (see above)"
  exit 1
fi
echo "schemathesis: no server errors, every response matches the document"
