#!/usr/bin/env bash
# ./portico.sh bench: starts a private stack with the demo fleet (never .var/), then prints every
# figure beside a baseline measured in the same run, and the ratio.
set -euo pipefail
shopt -s inherit_errexit # a failed step inside $(...) stops the run instead of skewing it
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PORTICO_BUILD_DIR:-$ROOT/build}"
DURATION="${BENCH_DURATION:-8s}"
CONNECTIONS="${BENCH_CONNECTIONS:-16}"
export PORTICO_HOME="$(mktemp -d /tmp/portico-bench-XXXXXX)"
export PORTICO_PORT="${BENCH_PORT:-18740}"
chmod 755 "$PORTICO_HOME"
cleanup() { "$ROOT/portico.sh" down >/dev/null 2>&1 || true; rm -rf "$PORTICO_HOME"; }
trap cleanup EXIT
source "$ROOT/bench/lib.sh"

"$ROOT/portico.sh" up >/dev/null
OP="$(cat "$PORTICO_HOME/operator.token")"
PG_SOCKET="$PORTICO_HOME/pg/home/run"
PG_BIN_DIR="${PORTICO_PG_BIN:-/usr/lib/postgresql/15/bin}"
BASE="http://127.0.0.1:$PORTICO_PORT"
echo "Stack: $(nproc) cores; wrk -t2 -c$CONNECTIONS -d$DURATION against portico-server on the same machine."
echo

# A tenant token for slug, with the tenant's rate limits lifted: these runs measure the server,
# not the limiter (which would answer most requests with a cheap 429).
tenant_token() { # slug
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $OP" -H "X-Portico-Reason: benchmark" -H "Content-Type: application/json" \
    -d '{"rate_per_second": 100000, "burst": 1000000, "concurrency": 10000}' "$BASE/v1/tenants/$1/limits"
  curl -fsS -X POST -H "Authorization: Bearer $OP" "$BASE/v1/tenants/$1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

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
# The tenant list twice: as served (a page kept under the list's version, checked with one read)
# and built every time (Cache-Control: no-cache: the count and the page query), each beside ping.
compare_built() { # label token url
  local base value
  base="$(rps "$2" "$BASE/v1/ping")"
  value="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $2" -H "Cache-Control: no-cache" "$3" | awk '/Requests\/sec/ {print $2}')"
  printf '%-52s %12.0f %16.0f %8.3f\n' "$1" "$value" "$base" "$(echo "$value / $base" | bc -l)"
}
compare "GET /v1/tenants?limit=50 (kept page)" "$OP" "$BASE/v1/tenants?limit=50"
compare_built "GET /v1/tenants?limit=50 (built, no-cache)" "$OP" "$BASE/v1/tenants?limit=50"
compare "GET /v1/tenants?limit=50&q=north (kept page)" "$OP" "$BASE/v1/tenants?limit=50&q=north"
compare_built "GET /v1/tenants?limit=50&q=north (built, no-cache)" "$OP" "$BASE/v1/tenants?limit=50&q=north"

# Document reads through the tenant API, one tenant of each isolation model (list: uncached, one
# TenantSession each; by id: served by the tenant-aware cache after the first read).
for model in shared schema database; do
  slug="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&isolation=$model&state=active&plan=enterprise" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')"
  token="$(tenant_token "$slug")"
  doc="$(curl -fsS -H "Authorization: Bearer $token" "$BASE/v1/documents?limit=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
  compare "GET /v1/documents?limit=10 ($model)" "$token" "$BASE/v1/documents?limit=10"
  compare "GET /v1/documents/{id} ($model, cached)" "$token" "$BASE/v1/documents/$doc"
done

# Flag evaluation for one tenant with 50 flags: the demo's 13 plus 37 more with rollouts, plan
# entitlements and overrides, created through the API. Served from the in-memory snapshot.
bench_fifty_flags
slug="$flag_slug"
token="$(tenant_token "$slug")"
flags="$(curl -fsS -H "Authorization: Bearer $token" "$BASE/v1/flags/evaluate?user=u-42" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["flags"]))')"
compare "GET /v1/flags/evaluate ($flags flags, with user)" "$token" "$BASE/v1/flags/evaluate?user=u-42"

# The HTTP transport: Beast (the server's) against QHttpServer, the transport it replaced, kept
# behind --http-transport=qhttpserver only for this comparison. A second server on the same
# databases; every figure beside the Beast server's ping of the same run.
QT_PORT=$((PORTICO_PORT + 1))
QT_BASE="http://127.0.0.1:$QT_PORT"
"$BUILD_DIR/bin/portico-server" --port "$QT_PORT" --http-transport=qhttpserver --db-host "$PG_SOCKET" \
  --cluster "eu-central,eu-central,$PORTICO_HOME/pg/eu-central/run,5432" --log-dir "$PORTICO_HOME/log-qhttpserver" \
  >"$PORTICO_HOME/qhttpserver.out" 2>&1 &
qt_pid=$!
trap 'kill "$qt_pid" 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 1 600); do curl -fsS -o /dev/null "$QT_BASE/v1/health" 2>/dev/null && break; sleep 0.2; done
curl -fsS -o /dev/null "$QT_BASE/v1/health" || { tail -n 20 "$PORTICO_HOME/qhttpserver.out" >&2; echo "error: the qhttpserver-transport server did not come up" >&2; exit 1; }
shared_slug="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&isolation=shared&state=active&plan=enterprise" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')"
shared_token="$(tenant_token "$shared_slug")"
echo
printf '%-52s %12s %16s %8s\n' "HTTP transport (same run)" "req/s" "ping, Beast" "ratio"
ping_beast="$(rps "$shared_token" "$BASE/v1/ping")"
for transport in beast qhttpserver; do
  at="$BASE"; [ "$transport" = qhttpserver ] && at="$QT_BASE"
  for route in "/v1/ping" "/v1/documents?limit=10"; do
    value="$(rps "$shared_token" "$at$route")"
    printf '%-52s %12.0f %16.0f %8.3f\n' "GET $route ($transport)" "$value" "$ping_beast" "$(echo "$value / $ping_beast" | bc -l)"
  done
done
kill "$qt_pid" 2>/dev/null || true
wait "$qt_pid" 2>/dev/null || true

echo
echo "Usage"
# Ingestion: batches of 1000 external events, stored (idempotent insert + hourly upsert) against
# the same batches validated only (?dry_run=true).
ev_token="$(tenant_token "$slug")"
events_per_s() { # url; refuses to report a rate of error answers
  BENCH_BATCH=1000 wrk -t2 -c4 -d"$DURATION" -s "$ROOT/bench/events.lua" -H "Authorization: Bearer $ev_token" "$1" \
    | awk '/Non-2xx/ {bad=1} /Requests\/sec/ {rate=$2 * 1000} END {if (bad) {print "error: non-2xx answers" > "/dev/stderr"; exit 1} print rate}'
}
dry="$(events_per_s "$BASE/v1/usage/events?dry_run=true")"
stored="$(events_per_s "$BASE/v1/usage/events")"
printf '%-52s %12.0f %16s %8.3f\n' "POST /v1/usage/events, events/s (batches of 1000)" "$stored" "$(printf '%.0f dry run' "$dry")" "$(echo "$stored / $dry" | bc -l)"

# A year of hourly points for one tenant, read back as one series, against GET /v1/ping.
year_tenant="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&plan=enterprise" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
"$PG_BIN_DIR/psql" -X -q -h "$PG_SOCKET" -U postgres -d portico -c "INSERT INTO usage_hourly (tenant_id, metric, hour, route_class, quantity)
   SELECT '$year_tenant', 'requests', h, 'bench', 100 FROM generate_series(date_trunc('hour', now()) - interval '365 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') h
   ON CONFLICT DO NOTHING" >/dev/null
# no-cache: the tenant list would otherwise serve its kept page from the second request on; these
# figures are of the work (other routes ignore the header).
median_ms() { # url -> median of 25 sequential requests, in ms
  for _ in $(seq 1 25); do curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $OP" -H "Cache-Control: no-cache" "$1"; done \
    | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)] * 1000}'
}
from="$(date -u -d '-365 days' +%Y-%m-%dT%H:00:00Z)"
series_ms="$(median_ms "$BASE/v1/tenants/$year_tenant/usage?metric=requests&step=hour&from=$from")"
ping_ms="$(median_ms "$BASE/v1/ping")"
printf '%-52s %12s %16s %8.1f\n' "usage series, a year hourly (8760 points), ms" "$series_ms" "$ping_ms ping" "$(echo "$series_ms / $ping_ms" | bc -l)"

echo
echo "Fair under load"
source "$ROOT/bench/fairness.sh"

echo
echo "Hostile clients"
source "$ROOT/bench/hardening.sh"

source "$ROOT/bench/hotpaths.sh"

source "$ROOT/bench/tenantscale.sh" # after the sections above: they measured the demo fleet alone

source "$ROOT/bench/usagescale.sh"

echo
echo "Database level: the RLS read path against the same read without RLS (time per read)"
PORTICO_BENCH_PGHOST="$PG_SOCKET" \
  "$BUILD_DIR/bin/bench_rls" --benchmark_min_time=1 --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true --benchmark_format=json 2>/dev/null | python3 "$ROOT/bench/ratios.py"

echo
echo "Core (in-process)"
"$BUILD_DIR/bin/bench_core" --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null | python3 "$ROOT/bench/ratios.py"
echo
echo "Flag evaluation (in-process, from the snapshot; target <= 100 ns for the targeted flag with a rollout)"
"$BUILD_DIR/bin/bench_flags" --benchmark_min_time=0.5 --benchmark_format=json 2>/dev/null | python3 "$ROOT/bench/ratios.py"
