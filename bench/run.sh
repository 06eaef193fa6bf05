#!/usr/bin/env bash
# ./portico.sh bench: starts a private stack with the demo fleet (never .var/), then prints every
# figure beside a baseline measured in the same run, and the ratio.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PORTICO_BUILD_DIR:-$ROOT/build}"
DURATION="${BENCH_DURATION:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
export PORTICO_HOME="$(mktemp -d /tmp/portico-bench-XXXXXX)"
export PORTICO_PORT="${BENCH_PORT:-18740}"
chmod 755 "$PORTICO_HOME"
cleanup() { "$ROOT/portico.sh" down >/dev/null 2>&1 || true; rm -rf "$PORTICO_HOME"; }
trap cleanup EXIT

"$ROOT/portico.sh" up >/dev/null
OP="$(cat "$PORTICO_HOME/operator.token")"
BASE="http://127.0.0.1:$PORTICO_PORT"
echo "Stack: $(nproc) cores; wrk -t2 -c$CONNECTIONS -d$DURATION against portico-server on the same machine."
echo

rps() { # token url -> requests/s
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $1" "$2" | awk '/Requests\/sec/ {print $2}'
}

printf '%-52s %12s %16s %8s\n' "HTTP route" "req/s" "GET /v1/ping" "ratio"
compare() { # label token url
  local base value
  base="$(rps "$2" "$BASE/v1/ping")"
  value="$(rps "$2" "$3")"
  printf '%-52s %12.0f %16.0f %8.3f\n' "$1" "$value" "$base" "$(echo "$value / $base" | bc -l)"
}
compare "GET /v1/tenants?limit=50" "$OP" "$BASE/v1/tenants?limit=50"
compare "GET /v1/tenants?limit=50&q=north" "$OP" "$BASE/v1/tenants?limit=50&q=north"

# Document reads through the tenant API, one tenant of each isolation model (list: uncached, one
# TenantSession each; by id: served by the tenant-aware cache after the first read).
for model in shared schema database; do
  slug="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&isolation=$model&state=active&plan=enterprise" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')"
  token="$(curl -fsS -X POST -H "Authorization: Bearer $OP" "$BASE/v1/tenants/$slug/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  doc="$(curl -fsS -H "Authorization: Bearer $token" "$BASE/v1/documents?limit=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
  compare "GET /v1/documents?limit=10 ($model)" "$token" "$BASE/v1/documents?limit=10"
  compare "GET /v1/documents/{id} ($model, cached)" "$token" "$BASE/v1/documents/$doc"
done

echo
echo "Database level: the RLS read path against the same read without RLS (time per read)"
PORTICO_BENCH_PGHOST="$(ls -d "$PORTICO_HOME"/pg/home/run)" PORTICO_BENCH_POOLDB=portico_pool \
  "$BUILD_DIR/bin/bench_rls" --benchmark_min_time=1 --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null | python3 "$ROOT/bench/ratios.py"

echo
echo "Core (in-process)"
"$BUILD_DIR/bin/bench_core" --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null | python3 "$ROOT/bench/ratios.py"
