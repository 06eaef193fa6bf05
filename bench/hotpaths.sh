# Sourced by bench/run.sh. System calls per request on the hot routes, counted by strace over a
# fixed number of requests from one fixed client (one kept-alive connection, one request at a
# time), minus what the server's background threads do in an idle window of the same length.
# The request path should make only the socket's calls (recvmsg/sendmsg, epoll) and the
# database's (sendto/recvfrom, poll); anything else is listed, as what is left to remove.
HOT_REQUESTS="${BENCH_HOT_REQUESTS:-2000}"
hot_pid="$(cat "$PORTICO_HOME/server.pid")"
hot_client() { sequential_client "$1" "$2" "$HOT_REQUESTS"; } # token path -> seconds for HOT_REQUESTS requests
# strace -c summary -> "name calls" lines
strace_calls() { awk '$1 ~ /^[0-9.]+$/ && NF >= 5 && $NF != "total" {print $NF, $4}' "$1"; }
strace_window() { # output-file command... : counts every thread's calls while the command runs
  strace -c -f -q -p "$hot_pid" -o "$1" &
  local sp=$!
  sleep 0.5 # attached to every thread before the first request
  "${@:2}"
  kill -INT "$sp"
  wait "$sp" 2>/dev/null || true
}
hot_syscalls() { # label token path
  local busy="$PORTICO_HOME/strace-busy.txt" idle="$PORTICO_HOME/strace-idle.txt" secs
  hot_client "$2" "$3" >/dev/null # warm: connections, statement cache, tenant cache
  strace_window "$busy" hot_client "$2" "$3" >"$PORTICO_HOME/hot-secs.txt"
  secs="$(cat "$PORTICO_HOME/hot-secs.txt")"
  strace_window "$idle" sleep "$secs"
  python3 - "$1" "$HOT_REQUESTS" <(strace_calls "$busy") <(strace_calls "$idle") <<'PY'
import sys
label, n = sys.argv[1], int(sys.argv[2])
def read(path):
    out = {}
    for line in open(path):
        name, calls = line.split()
        out[name] = out.get(name, 0) + int(calls)
    return out
busy, idle = read(sys.argv[3]), read(sys.argv[4])
# The socket's (Asio: recvmsg/sendmsg, epoll) and the database's (libpq: sendto/recvfrom, poll).
io = {"recvmsg", "sendmsg", "recvfrom", "sendto", "read", "poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_ctl", "accept4"}
per = {k: (busy.get(k, 0) - idle.get(k, 0)) / n for k in set(busy) | set(idle)}
per = {k: v for k, v in per.items() if v >= 0.01}
total = sum(per.values())
other = {k: v for k, v in per.items() if k not in io}
detail = ", ".join("%s %.2f" % (k, v) for k, v in sorted(other.items(), key=lambda kv: -kv[1])) or "none"
print("%-52s %12.2f %16.2f   other: %s" % (label, total, sum(other.values()), detail))
PY
}
echo
echo "System calls per request (strace -c -f over $HOT_REQUESTS sequential requests, idle window subtracted; target: socket and database only)"
printf '%-52s %12s %16s\n' "route" "syscalls/req" "not socket/db"
strace_can_attach() {
  strace -q -o /dev/null -p "$hot_pid" -e trace=none 2>/dev/null &
  local sp=$!
  sleep 0.3
  kill -0 "$sp" 2>/dev/null || return 1
  kill -INT "$sp"
  wait "$sp" 2>/dev/null || true
}
if ! command -v strace >/dev/null; then
  echo "strace is missing (apt package strace, in PKGS_BENCH)"
elif ! strace_can_attach; then
  echo "strace cannot attach to the server here (ptrace not permitted)"
else
  hot_shared="$(curl -fsS -H "Authorization: Bearer $OP" "$BASE/v1/tenants?limit=1&isolation=shared&state=active&plan=enterprise" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["slug"])')"
  hot_token="$(tenant_token "$hot_shared")"
  hot_syscalls "GET /v1/ping" "$hot_token" "/v1/ping"
  hot_syscalls "GET /v1/tenants?limit=50" "$OP" "/v1/tenants?limit=50"
  hot_syscalls "GET /v1/documents?limit=10 (shared)" "$hot_token" "/v1/documents?limit=10"
  hot_syscalls "GET /v1/flags/evaluate" "$hot_token" "/v1/flags/evaluate?user=u-42"
fi
