# Sourced by bench/run.sh. Fair under load: five enterprise tenants each send as fast as wrk can
# (four connections each; their limits lifted, as a large contract would, so every request is
# served rather than refused with a cheap 429), while a victim tenant sends paced reads. The
# victim's p99 alone, then during the flood, and the ratio (target <= 1.5). What keeps it: the
# fair scheduler's queue per tenant, served in turn, and its cap on the workers one tenant holds.
p99() { # wrk --latency output -> p99 in ms
  awk '/ 99%/ {v=$2; if (v ~ /us$/) {sub(/us$/, "", v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v=v*1000}; print v}'
}
mapfile -t fair_slugs < <(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=6&plan=enterprise&state=active" \
  | python3 -c 'import json,sys; [print(t["slug"]) for t in json.load(sys.stdin)["items"]]')
[ "${#fair_slugs[@]}" -eq 6 ] || { echo "error: the fairness bench needs 6 active enterprise tenants, found ${#fair_slugs[@]}" >&2; exit 1; }
victim_token="$(tenant_token "${fair_slugs[0]}")"
victim_load() { BENCH_DELAY_MS=5 wrk -t1 -c2 -d"$DURATION" --latency -s "$ROOT/bench/paced.lua" -H "Authorization: Bearer $victim_token" "$BASE/v1/documents?limit=10"; }
alone="$(victim_load | p99)"
flood_pids=()
for i in 1 2 3 4 5; do
  token="$(tenant_token "${fair_slugs[$i]}")"
  wrk -t1 -c4 -d"$DURATION" -H "Authorization: Bearer $token" "$BASE/v1/documents?limit=10" > "$PORTICO_HOME/flood-$i.txt" &
  flood_pids+=($!)
done
sleep 0.5
crowded="$(victim_load | p99)"
wait "${flood_pids[@]}"
flood_rps="$(cat "$PORTICO_HOME"/flood-*.txt | awk '/Requests\/sec/ {s += $2} END {printf "%.0f", s}')"
flood_bad="$(cat "$PORTICO_HOME"/flood-*.txt | awk '/Non-2xx/ {s += $NF} END {print s + 0}')"
printf '%-52s %12s %16s %8.2f\n' "victim p99 ms, 5 tenants flooding ${flood_rps}/s" "$crowded" "$alone alone" "$(echo "$crowded / $alone" | bc -l)"
echo "  (target <= 1.50; the floods got $flood_bad non-2xx answers)"
