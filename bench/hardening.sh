# Sourced by bench/run.sh. A login flood against the API: a tenant's document list, paced, its
# median and p99 alone and while wrong-password logins flood in, first on 16 connections, then on
# 250 (just under the per-address cap of 256). The limits turn the flood into 429s after 30
# failures from the address, and each refusal is held for a second without holding a worker, so
# the flood runs at about one try per connection per second. Ratio target: close to 1.
lat() { # wrk --latency output, percentile label ("50%", "99%") -> ms
  awk -v p="$1" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v=v*1000}; print v}'
}
login_slug="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&plan=pro&state=active" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')"
login_victim="$(tenant_token "$login_slug")"
api_load() { BENCH_DELAY_MS=5 wrk -t1 -c2 -d"$DURATION" --latency -s "$ROOT/bench/paced.lua" -H "Authorization: Bearer $login_victim" "$BASE/v1/documents?limit=10"; }
api_load > "$PORTICO_HOME/login-alone.txt"
for login_conns in 16 250; do
  wrk -t2 -c"$login_conns" -d"$DURATION" -s "$ROOT/bench/login.lua" "$BASE/v1/auth/login" > "$PORTICO_HOME/login-flood.txt" &
  login_pid=$!
  sleep 0.5
  api_load > "$PORTICO_HOME/login-crowded.txt"
  wait "$login_pid"
  login_rps="$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$PORTICO_HOME/login-flood.txt")"
  for pct in 50% 99%; do
    a="$(lat "$pct" < "$PORTICO_HOME/login-alone.txt")"; c="$(lat "$pct" < "$PORTICO_HOME/login-crowded.txt")"
    printf '%-52s %12s %16s %8.2f\n' "documents p${pct%\%} ms, login flood ${login_conns} conns ${login_rps}/s" "$c" "$a alone" "$(echo "$c / $a" | bc -l)"
  done
done
