# Sourced by bench/run.sh, bench/hotpaths.sh (through run.sh) and bench/instructions.sh: what
# more than one of them sets up or drives. Uses OP, BASE and PORTICO_PORT.

# The bench's 50 flags (the demo's 13 plus 37 more with rollouts, plan entitlements and
# overrides, created through the API; made once per stack) and a pro tenant with one override.
# Sets flag_slug to that tenant's slug.
bench_fifty_flags() {
  local existing i body
  existing="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/flags" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
  for i in $(seq "$((existing + 1))" 50); do
    case $((i % 3)) in
      0) body="{\"key\":\"bench-flag-$i\",\"default\":false,\"rollout\":{\"percentage\":$((i * 2)),\"by\":\"user\"}}" ;;
      1) body="{\"key\":\"bench-flag-$i\",\"default\":false,\"plans\":{\"enterprise\":true},\"rollout\":{\"percentage\":$i,\"by\":\"tenant\"}}" ;;
      *) body="{\"key\":\"bench-flag-$i\",\"kind\":\"variant\",\"default\":\"a\",\"variants\":[{\"name\":\"a\",\"value\":\"a\",\"weight\":1},{\"name\":\"b\",\"value\":\"b\",\"weight\":1}],\"rollout\":{\"percentage\":100,\"by\":\"user\"}}" ;;
    esac
    curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $OP" -H "Content-Type: application/json" -d "$body" "$BASE/v1/flags"
  done
  flag_slug="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&state=active&plan=pro" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')"
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $OP" -H "Content-Type: application/json" -d '{"value":true,"reason":"bench"}' "$BASE/v1/tenants/$flag_slug/flags/bench-flag-19"
}

# token path count -> makes count sequential GETs on one kept-alive connection, prints the seconds
# they took; any answer but 200 stops the run.
sequential_client() {
  python3 - "$PORTICO_PORT" "$1" "$2" "$3" <<'PY'
import http.client, sys, time
port, token, path, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", port)
headers = {"Authorization": "Bearer " + token}
start = time.monotonic()
for _ in range(n):
    c.request("GET", path, headers=headers)
    r = c.getresponse()
    r.read()
    if r.status != 200:
        sys.exit("status %d for %s" % (r.status, path))
print("%.3f" % (time.monotonic() - start))
PY
}
