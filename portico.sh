#!/usr/bin/env bash
# Portico's entry script: installs what is missing, builds, runs the local stack, the tests and
# the benchmarks. Run `./portico.sh --help`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PORTICO_HOME="${PORTICO_HOME:-$ROOT/.var}"
BUILD_DIR="${PORTICO_BUILD_DIR:-$ROOT/build}"
PORT="${PORTICO_PORT:-8740}"
PG_BIN="${PORTICO_PG_BIN:-/usr/lib/postgresql/15/bin}"

# Debian 12 packages, grouped by what needs them.
PKGS_BUILD=(cmake ninja-build g++ ccache pkg-config python3 python3-yaml
  qt6-base-dev libqt6sql6-sqlite qt6-httpserver-dev qt6-websockets-dev qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools
  qt6-l10n-tools qtkeychain-qt6-dev libqt6opengl6-dev libgl-dev libspdlog-dev libsodium-dev libpq-dev libbenchmark-dev libboost1.81-dev)
PKGS_RUN=(postgresql-15 postgresql-contrib curl)
PKGS_GUI=(qt6-qpa-plugins xvfb xauth fonts-dejavu-core)
PKGS_BENCH=(wrk bc strace)

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
Usage: ./portico.sh <command>

  demo     install what is missing, build, start the local stack with demo tenants, open the console
  up       start the local stack (PostgreSQL under \$PORTICO_HOME and portico-server on :$PORT)
  down     stop the local stack
  test     build and run every test (each test starts its own private PostgreSQL)
  bench    build and run the benchmarks; every figure is printed beside a same-run baseline
  build    install build dependencies and build incrementally
  status   say what is running

Environment: PORTICO_HOME (state, default .var/), PORTICO_PORT (default 8740),
             PORTICO_BUILD_DIR (default build/), PORTICO_SEED_SCALE (up: add N synthetic tenants).
EOF
}

# --- packages ---------------------------------------------------------------------------------
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing missing Debian packages: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# --- build ------------------------------------------------------------------------------------
build() {
  ensure_packages "${PKGS_BUILD[@]}"
  local werror=OFF
  [ "${CI:-}" = "true" ] && werror=ON
  if [ ! -f "$BUILD_DIR/build.ninja" ] || [ "$(sed -n 's/^PORTICO_WERROR:BOOL=//p' "$BUILD_DIR/CMakeCache.txt" 2>/dev/null)" != "$werror" ]; then
    say "Configuring ($BUILD_DIR)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTICO_WERROR="$werror" >/dev/null
  fi
  say "Building"
  # Paths relative to the checkout, so another clone (CI's) reuses this machine's compile cache.
  CCACHE_BASEDIR="$ROOT" CCACHE_NOHASHDIR=true cmake --build "$BUILD_DIR" -j"$(nproc)" "$@"
}

# --- PostgreSQL -------------------------------------------------------------------------------
# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_dir() {
  local dir="${PORTICO_PG_DIR:-$PORTICO_HOME/pg}"
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      # The checkout is not reachable by the postgres user (e.g. under /root): keep the cluster elsewhere.
      dir="/var/tmp/portico-pg-$(printf '%s' "$PORTICO_HOME" | sha1sum | cut -c1-12)"
      mkdir -p "$dir" && chown postgres: "$dir"
    fi
  fi
  printf '%s' "$dir"
}

# The local stack runs two clusters as two regions: "home" (us-east, also the control plane)
# and "eu-central".
CLUSTERS=(home eu-central)

pg_start() { # name
  local dir data run
  dir="$(pg_dir)/$1"; data="$dir/data"; run="$dir/run"
  as_pg mkdir -p "$run"
  as_pg chmod 700 "$run"
  if [ ! -f "$data/PG_VERSION" ]; then
    say "Creating a private PostgreSQL cluster '$1' in $data"
    as_pg "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat <<EOF | as_pg tee -a "$data/postgresql.conf" >/dev/null
# Portico local stack: unix socket only, never TCP.
listen_addresses = ''
unix_socket_directories = '$run'
max_connections = 200
shared_buffers = 256MB
EOF
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "Starting PostgreSQL '$1' (socket in $run)"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$dir/postgresql.log" -w start >/dev/null \
      || die "PostgreSQL '$1' did not start; see $dir/postgresql.log"
  fi
}

pg_socket() { printf '%s' "$(pg_dir)/$1/run"; }

pg_stop() { # name
  local data; data="$(pg_dir)/$1/data"
  if [ -f "$data/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    say "Stopping PostgreSQL '$1'"
    as_pg "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
}

# --- server -----------------------------------------------------------------------------------
server_running() {
  [ -f "$PORTICO_HOME/server.pid" ] && kill -0 "$(cat "$PORTICO_HOME/server.pid")" 2>/dev/null
}

wait_for_health() {
  # The server listens only after migrations and, on first start, the demo seeding (about a
  # minute), so wait as long as it is alive and making progress, up to ten minutes.
  local i
  for i in $(seq 1 3000); do
    curl -fsS "http://127.0.0.1:$PORT/v1/health" >/dev/null 2>&1 && return 0
    server_running || return 1
    sleep 0.2
  done
  return 1
}

up() {
  ensure_packages "${PKGS_RUN[@]}"
  [ -x "$BUILD_DIR/bin/portico-server" ] || build
  mkdir -p "$PORTICO_HOME/log"

  local c
  for c in "${CLUSTERS[@]}"; do pg_start "$c"; done
  if server_running; then
    say "portico-server is already running"
  else
    if [ ! -s "$PORTICO_HOME/admin.password" ]; then
      (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PORTICO_HOME/admin.password")
    fi
    say "Starting portico-server (first start seeds the demo tenants; that takes a moment)"
    # PORTICO_SEED_SCALE=N adds N synthetic tenants (control-plane rows, shared placements) to
    # try the console and the API at scale; idempotent.
    local scale=()
    [ -n "${PORTICO_SEED_SCALE:-}" ] && scale=(--seed-scale "$PORTICO_SEED_SCALE")
    nohup "$BUILD_DIR/bin/portico-server" --port "$PORT" --db-host "$(pg_socket home)" --db-admin-user postgres \
      --cluster "eu-central,eu-central,$(pg_socket eu-central),5432" \
      --log-dir "$PORTICO_HOME/log" --seed-demo --seed-demo-usage --admin-email admin@portico.local \
      --admin-password-file "$PORTICO_HOME/admin.password" --operator-token-file "$PORTICO_HOME/operator.token" \
      --signing-key-file "$PORTICO_HOME/audit-signing.key" "${scale[@]}" \
      >"$PORTICO_HOME/log/server.out" 2>&1 &
    echo $! >"$PORTICO_HOME/server.pid"
    wait_for_health || { tail -n 20 "$PORTICO_HOME/log/server.out" >&2; die "portico-server did not come up; log above"; }
  fi
  wait_for_health || die "portico-server is not answering on port $PORT"
  chmod 600 "$PORTICO_HOME/operator.token"
  cat <<EOF

  Portico is up:   http://127.0.0.1:$PORT   (API description: /v1/openapi.json)
  Operator token:  $PORTICO_HOME/operator.token
  Console sign-in: admin@portico.local / $(cat "$PORTICO_HOME/admin.password")
  Logs:            $PORTICO_HOME/log/
  Stop with:       ./portico.sh down

EOF
}

down() {
  if server_running; then
    say "Stopping portico-server"
    kill "$(cat "$PORTICO_HOME/server.pid")" 2>/dev/null || true
    for _ in $(seq 1 50); do server_running || break; sleep 0.1; done
  fi
  rm -f "$PORTICO_HOME/server.pid"
  local c
  for c in "${CLUSTERS[@]}"; do pg_stop "$c"; done
}

status() {
  if server_running; then say "portico-server running (pid $(cat "$PORTICO_HOME/server.pid")) on :$PORT"; else say "portico-server stopped"; fi
  local c data
  for c in "${CLUSTERS[@]}"; do
    data="$(pg_dir)/$c/data"
    if [ -f "$data/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then say "PostgreSQL '$c' running ($data)"; else say "PostgreSQL '$c' stopped"; fi
  done
}

demo() {
  ensure_packages "${PKGS_BUILD[@]}" "${PKGS_RUN[@]}" "${PKGS_GUI[@]}"
  build
  up
  local console=("$BUILD_DIR/bin/portico-console" --connect "http://127.0.0.1:$PORT" --token-file "$PORTICO_HOME/operator.token")
  if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    say "Opening the console"
    "${console[@]}"
  else
    say "No display here: rendering the console off-screen to $PORTICO_HOME/console.png instead"
    xvfb-run -a -s "-screen 0 1600x1000x24" "${console[@]}" --screenshot "$PORTICO_HOME/console.png"
    say "Screenshot: $PORTICO_HOME/console.png (the stack keeps running; ./portico.sh down stops it)"
  fi
}

run_tests() {
  ensure_packages "${PKGS_BUILD[@]}" "${PKGS_RUN[@]}" "${PKGS_GUI[@]}"
  build
  say "Running tests"
  cd "$BUILD_DIR"
  ctest --output-on-failure -j2 --timeout 900 "$@"
}

bench() {
  ensure_packages "${PKGS_BUILD[@]}" "${PKGS_RUN[@]}" "${PKGS_BENCH[@]}"
  build
  PORTICO_BUILD_DIR="$BUILD_DIR" "$ROOT/bench/run.sh"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  demo) demo ;;
  up) up ;;
  down) down ;;
  test) run_tests "$@" ;;
  bench) bench ;;
  build) build "$@" ;;
  status) status ;;
  -h|--help|help|"") usage ;;
  *) usage >&2; exit 2 ;;
esac
