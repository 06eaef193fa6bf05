#!/usr/bin/env bash
# Instructions per request, counted by callgrind, for GET /v1/ping and GET /v1/flags/evaluate (a
# tenant with 50 flags, as bench/run.sh sets it up). Instructions, not seconds: they do not move
# with the load of a shared machine, so two builds compare on one run each.
#
#   PORTICO_HOME=/tmp/x PORTICO_PORT=18820 ./portico.sh up      # a stack of your own
#   PORTICO_HOME=/tmp/x PORTICO_PORT=18820 bench/instructions.sh  # restarts its server under callgrind
#
# The server runs with instrumentation off until the windows: each window is N sequential
# requests on one kept-alive connection (as bench/hotpaths.sh), followed by an idle window of the
# same length; what the background threads did in the idle window is subtracted. The dumps stay in
# $PORTICO_HOME/callgrind/ for callgrind_annotate. The server is left running normally afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${PORTICO_BUILD_DIR:-$ROOT/build}"
: "${PORTICO_HOME:?PORTICO_HOME of a running stack}" "${PORTICO_PORT:?PORTICO_PORT of that stack}"
N="${BENCH_INSTR_REQUESTS:-2000}"
BASE="http://127.0.0.1:$PORTICO_PORT"
OP="$(cat "$PORTICO_HOME/operator.token")"
OUT="$PORTICO_HOME/callgrind"
mkdir -p "$OUT"
rm -f "$OUT"/callgrind.out.*

# The bench's 50 flags and its pro tenant with one override (bench/run.sh), made once per stack.
source "$ROOT/bench/lib.sh"
bench_fifty_flags
slug="$flag_slug"
curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $OP" -H "X-Portico-Reason: benchmark" -H "Content-Type: application/json" \
  -d '{"rate_per_second": 100000, "burst": 1000000, "concurrency": 10000}' "$BASE/v1/tenants/$slug/limits"
token="$(curl -fsS -X POST -H "Authorization: Bearer $OP" "$BASE/v1/tenants/$slug/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

# The server again, the same arguments, under callgrind.
pid="$(cat "$PORTICO_HOME/server.pid")"
mapfile -d '' args < "/proc/$pid/cmdline"
kill "$pid"
while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.out.%p" \
  "${args[@]}" >"$PORTICO_HOME/log/server.callgrind.out" 2>&1 &
vpid=$!
echo "$vpid" >"$PORTICO_HOME/server.pid"
for _ in $(seq 1 600); do curl -fsS -o /dev/null "$BASE/v1/health" 2>/dev/null && break; sleep 0.5; done

client() { sequential_client "$token" "$1" "$2"; } # path count -> seconds
total_of() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done {gsub(",", "", $1); print $1; done = 1}'; }
window() { # label path
  client "$2" 200 >/dev/null # warm: the token cache, the connection
  callgrind_control -z "$vpid" >/dev/null 2>&1
  callgrind_control -i on "$vpid" >/dev/null 2>&1
  local secs
  secs="$(client "$2" "$N")"
  callgrind_control -d "$1" "$vpid" >/dev/null 2>&1
  local busy idle
  busy="$(total_of "$(ls -t "$OUT"/callgrind.out.*.* | head -1)")"
  sleep "$secs"
  callgrind_control -d "$1-idle" "$vpid" >/dev/null 2>&1
  callgrind_control -i off "$vpid" >/dev/null 2>&1
  idle="$(total_of "$(ls -t "$OUT"/callgrind.out.*.* | head -1)")"
  printf '%-44s %14d instructions/request (%s s for %d requests; idle window %d)\n' "$3" "$(((busy - idle) / N))" "$secs" "$N" "$idle"
}
window ping /v1/ping "GET /v1/ping"
window flags "/v1/flags/evaluate?user=u-42" "GET /v1/flags/evaluate (50 flags, user)"
# Back to the plain server, with the same arguments.
kill "$vpid"
while kill -0 "$vpid" 2>/dev/null; do sleep 0.2; done
nohup "${args[@]}" >>"$PORTICO_HOME/log/server.out" 2>&1 &
echo $! >"$PORTICO_HOME/server.pid"
echo "Annotate: callgrind_annotate --inclusive=yes \$(ls $OUT/callgrind.out.*.* | sort -t. -k4 -n | sed -n 3p) | head -60"
