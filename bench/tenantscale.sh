# Sourced by bench/run.sh (uses BASE, OP, PG_SOCKET, PG_BIN_DIR, BUILD_DIR, PORTICO_HOME,
# PORTICO_PORT, median_ms). The tenant list at 100,000 tenants: first pages, each filter
# combination the console offers, beside GET /v1/ping of the same run; then the EXPLAIN
# (ANALYZE, BUFFERS) of the slowest.
#
# Runs after the other HTTP and usage sections, on the same stack, so they measured the demo
# fleet alone: a second server instance seeds the synthetic tenants (--seed-scale, control-plane
# rows and shared placements only) and is stopped once it answers (its start-up gauge sample of
# every tenant stops with it, before it can load the machine); the main server then serves the list.
SCALE_N="${BENCH_SCALE_TENANTS:-100000}"
SCALE_TARGET_MS=20
echo
echo "Tenant list at scale: $SCALE_N synthetic tenants added (first page, limit=100 as the console asks; median of 25 sequential requests)"
seed_port=$((PORTICO_PORT + 2))
"$BUILD_DIR/bin/portico-server" --port "$seed_port" --db-host "$PG_SOCKET" \
  --cluster "eu-central,eu-central,$PORTICO_HOME/pg/eu-central/run,5432" --log-dir "$PORTICO_HOME/log-seed" \
  --seed-scale "$SCALE_N" >"$PORTICO_HOME/seed-scale.out" 2>&1 &
seed_pid=$!
for _ in $(seq 1 1500); do curl -fsS -o /dev/null "http://127.0.0.1:$seed_port/v1/health" 2>/dev/null && break; kill -0 "$seed_pid" 2>/dev/null || break; sleep 0.2; done
curl -fsS -o /dev/null "http://127.0.0.1:$seed_port/v1/health" || { tail -n 20 "$PORTICO_HOME/seed-scale.out" >&2; echo "error: the seeding server did not come up" >&2; exit 1; }
# SIGTERM: its start-up gauge sample (of every tenant, now in progress) stops at the next tenant.
kill "$seed_pid" 2>/dev/null || true
wait "$seed_pid" 2>/dev/null || true
# The seeder's line is in its log file (with --log-dir, stderr carries warnings only).
{ grep -ho 'scale seed: .*\|usage gauges: .*' "$PORTICO_HOME/seed-scale.out" "$PORTICO_HOME/log-seed/"*.log 2>/dev/null || true; } | sed 's/^/  /'
count="$("$PG_BIN_DIR/psql" -X -q -At -h "$PG_SOCKET" -U postgres -d portico -c "SELECT count(*) FROM tenants")"
echo "  tenants in the control plane: $count"

ping_ms="$(median_ms "$BASE/v1/ping")"
printf '%-64s %8s %10s %7s %8s\n' "GET /v1/tenants?limit=100&..." "ms" "ping ms" "ratio" "target"
slowest_ms=0
slowest_query=""
scale_row() { # query
  local ms
  ms="$(median_ms "$BASE/v1/tenants?limit=100${1:+&$1}")"
  printf '%-64s %8s %10s %7.1f %8s\n' "${1:-(no filter)}" "$ms" "$ping_ms" "$(echo "$ms / $ping_ms" | bc -l)" \
    "$(if [ "$(echo "$ms <= $SCALE_TARGET_MS" | bc -l)" = 1 ]; then echo "<= $SCALE_TARGET_MS"; else echo "OVER"; fi)"
  if [ "$(echo "$ms > $slowest_ms" | bc -l)" = 1 ]; then slowest_ms="$ms"; slowest_query="$1"; fi
}
# The first page as the console opens it, each sort both ways, the search as one types it, each
# filter and filters together, a search with filters, and a second page (through a cursor).
for q in "" sort=-name sort=slug sort=-slug sort=state sort=-state sort=plan sort=-plan sort=created_at sort=-created_at \
         q=n q=no q=nor q=nort q=north q=northwind q=wind%20log q=000042 q=zzzz q=zq total=exact \
         state=trial state=suspended plan=enterprise region=eu-central isolation=shared isolation=schema isolation=database \
         state=suspended\&plan=enterprise state=suspended\&plan=enterprise\&region=eu-central \
         state=trial\&plan=pro\&region=eu-central\&isolation=shared state=active\&plan=free\&region=us-east\&isolation=shared\&sort=-created_at \
         q=north\&state=active\&sort=-created_at q=no\&plan=enterprise\&region=eu-central q=ics\&isolation=database; do
  scale_row "$q"
done
for q in "" q=north state=suspended\&plan=enterprise; do
  cursor="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=100${q:+&$q}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"] or "")')"
  [ -n "$cursor" ] && scale_row "${q:+$q&}cursor=$cursor"
done
curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print("  unfiltered total: %s (total_is_estimate: %s)" % (d["total"], str(d["total_is_estimate"]).lower()))'
echo "  slowest: ${slowest_query:-(no filter)} at $slowest_ms ms"

# EXPLAIN (ANALYZE, BUFFERS) of the slowest, as the server runs it: auto_explain for the data
# role's new connections, the server's control connections replaced once (it replaces lost
# connections by design), the request made, and everything set back.
pg() { "$PG_BIN_DIR/psql" -X -q -At -h "$PG_SOCKET" -U postgres -d portico -c "$1" >/dev/null; }
drop_app_connections() { pg "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'portico_app' AND datname = 'portico' AND pid <> pg_backend_pid()"; }
pg "ALTER ROLE portico_app SET session_preload_libraries = 'auto_explain'"
pg "ALTER ROLE portico_app SET auto_explain.log_min_duration = 0"
pg "ALTER ROLE portico_app SET auto_explain.log_analyze = on"
pg "ALTER ROLE portico_app SET auto_explain.log_buffers = on"
drop_app_connections
pg_log="$PORTICO_HOME/pg/home/postgresql.log"
curl -fsS -o /dev/null -H "Authorization: Bearer $OP" "$BASE/v1/ping"
log_from=$(stat -c %s "$pg_log")
curl -fsS -o /dev/null -H "Authorization: Bearer $OP" -H "Cache-Control: no-cache" "$BASE/v1/tenants?limit=100${slowest_query:+&$slowest_query}" || true
sleep 0.3
for setting in session_preload_libraries auto_explain.log_min_duration auto_explain.log_analyze auto_explain.log_buffers; do
  pg "ALTER ROLE portico_app RESET $setting"
done
drop_app_connections
echo "  EXPLAIN (ANALYZE, BUFFERS) of the slowest, its statements as the server ran them:"
tail -c +"$((log_from + 1))" "$pg_log" | python3 -c '
import re, sys
blocks, cur = [], None
for line in sys.stdin:
    if re.match(r"^\d{4}-\d\d-\d\d ", line):
        cur = [line.rstrip()] if "duration:" in line and "plan:" in line else None
        if cur is not None:
            blocks.append(cur)
    elif cur is not None:
        cur.append(line.rstrip())
for b in blocks:
    text = "\n".join(b)
    if "FROM tenants t" in text:
        print("\n".join("    " + l for l in b))
'
