#!/usr/bin/env bash
# HTTP benchmark: requests/s of a real route beside a same-run route that does no work (/v1/ping),
# against a private stack with the demo fleet. Prints each figure, its baseline and the ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${BENCH_DURATION:-10s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
export PORTICO_HOME="$(mktemp -d /tmp/portico-bench-XXXXXX)"
export PORTICO_PORT="${BENCH_PORT:-18740}"
chmod 755 "$PORTICO_HOME"
cleanup() { "$ROOT/portico.sh" down >/dev/null 2>&1 || true; rm -rf "$PORTICO_HOME"; }
trap cleanup EXIT

"$ROOT/portico.sh" up >/dev/null
TOKEN="$(cat "$PORTICO_HOME/operator.token")"
BASE="http://127.0.0.1:$PORTICO_PORT"

rps() { # url -> requests/s
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $TOKEN" "$1" | awk '/Requests\/sec/ {print $2}'
}

printf '%-44s %14s %14s %8s\n' "route" "req/s" "baseline req/s" "ratio"
compare() { # label url
  local base value
  base="$(rps "$BASE/v1/ping")"
  value="$(rps "$2")"
  printf '%-44s %14.0f %14.0f %8.3f\n' "$1" "$value" "$base" "$(echo "$value / $base" | bc -l)"
}
compare "GET /v1/tenants?limit=50" "$BASE/v1/tenants?limit=50"
compare "GET /v1/tenants?limit=50&q=north" "$BASE/v1/tenants?limit=50&q=north"
