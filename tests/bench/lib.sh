# Shared by tests/bench/run, soak and dbkill. Sourced, not run.
# shellcheck shell=bash

BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH/../../ops/lib.sh"

BENCH_TMP=$(mktemp -d /tmp/dysgu-bench.XXXXXX)
BENCH_PIDS=()

# Stop every server this script started, then remove the scratch folder.
bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    # (a process ended by the TERM makes wait return 143: under set -e, in an
    # EXIT trap, that ended the trap there, and the script with 143)
    kill -TERM "$pid" 2>/dev/null && { wait "$pid" 2>/dev/null || true; }
  done
  BENCH_PIDS=()
  # the pool's sessions (tests/bench/sessions), when BENCH_SESSIONS_DB names their database
  if [ -n "${BENCH_SESSIONS_DB:-}" ] && [ -s "${BENCH_SESSIONS:-}" ]; then
    "$BENCH/sessions" --forget "$BENCH_SESSIONS" "$BENCH_SESSIONS_DB" || true
  fi
  rm -rf "$BENCH_TMP"
}

# The release dysgu (built as ./ops/run builds it), or DYSGU_BIN.
bench_binary() {
  if [ -n "${DYSGU_BIN:-}" ]; then
    [ -x "$DYSGU_BIN" ] || { echo "bench: DYSGU_BIN=$DYSGU_BIN is not executable" >&2; return 1; }
    echo "$DYSGU_BIN"
    return
  fi
  build release -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDYSGU_TESTS=OFF
  echo "$ROOT/build/release/dysgu"
}

# A TCP port on 127.0.0.1 that nothing listens on, below the kernel's
# ephemeral range: a port some client connection holds (or left in
# TIME_WAIT) cannot be bound, and a loaded bench leaves thousands.
free_port() {
  local p i low
  low=$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
  [ "$low" -gt 21000 ] 2>/dev/null || low=60000
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % (low - 20000)))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}

# bench_serve VAR PORT [ARGS...]: start BIN serve ARGS on 127.0.0.1:PORT with
# the access log off (BENCH_ACCESS_LOG=true to keep it, in $BENCH_TMP), wait
# until it answers, and store its pid in VAR. The load generator's own
# address, 127.0.0.1, is exempt from the per-address request budgets
# (app/budgets.c): one address sending thousands of searches is the bench's
# job; clients it names in X-Forwarded-For are counted as usual.
bench_serve() {
  local _var=$1 _port=$2 _pid _i _code
  shift 2
  DYSGU_LISTEN="127.0.0.1:$_port" DYSGU_BASE_URL="http://127.0.0.1:$_port" DYSGU_ROOT="$ROOT" \
    DYSGU_ACCESS_LOG=${BENCH_ACCESS_LOG:-false} DYSGU_BUDGET_EXEMPT=${DYSGU_BUDGET_EXEMPT-127.0.0.1} \
    "$BIN" serve "$@" 2>>"$BENCH_TMP/server-$_port.log" &
  _pid=$!
  BENCH_PIDS+=("$_pid")
  # ready when /healthz says 200 (its database reached: a first connect that
  # missed its time on a loaded machine answers 503 until the pool's prober
  # reconnects, and a row measured then counts those as errors), else after
  # 10 s at any answer
  for ((_i = 0; _i < 200; _i++)); do
    _code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$_port/healthz" || true)
    [ "$_code" = 200 ] || { [ "$_i" -ge 100 ] && [ "$_code" != 000 ]; } && break
    kill -0 "$_pid" 2>/dev/null || { cat "$BENCH_TMP/server-$_port.log" >&2; return 1; }
    sleep 0.1
  done
  printf -v "$_var" '%s' "$_pid"
}

# Stop one server started by bench_serve; non-zero if it did not exit cleanly.
bench_stop() {
  local pid=$1 rc=0 keep=() p
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || rc=$?
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  BENCH_PIDS=("${keep[@]}")
  return "$rc"
}

# Memory of a process in KiB: rss_kb PID [VmRSS|VmHWM]
rss_kb() { awk -v k="${2:-VmRSS}:" '$1 == k { print $2 }' "/proc/$1/status"; }
fd_count() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# MariaDB's Threads_connected for the private database in DIR.
threads_connected() {
  "$ROOT/ops/db" sql "$1" --batch --skip-column-names -e "SHOW GLOBAL STATUS LIKE 'Threads_connected'" | awk '{ print $2 }'
}

# The pages file as arrays: PAGE_NAME, PAGE_PATH, PAGE_STATUS, PAGE_SCRIPT,
# PAGE_AE (the Accept-Encoding to send, or empty).
read_pages() {
  local name path rest tok status script ae
  PAGE_NAME=() PAGE_PATH=() PAGE_STATUS=() PAGE_SCRIPT=() PAGE_AE=()
  while read -r name path rest; do
    case "$name" in '' | '#'*) continue ;; esac
    status="" script="" ae=""
    for tok in $rest; do
      case "$tok" in
        [0-9][0-9][0-9]) status=$tok ;;
        *.lua) script=$tok ;;
        ae=?*) ae=${tok#ae=} ;;
        *) echo "bench: pages.txt: '$tok' is neither a status, a script nor ae=CODING" >&2; return 1 ;;
      esac
    done
    PAGE_NAME+=("$name")
    PAGE_PATH+=("$path")
    PAGE_STATUS+=("${status:-200}")
    PAGE_SCRIPT+=("$script")
    PAGE_AE+=("$ae")
  done <"${1:-$BENCH/pages.txt}"
}

# bench_wrk CONNS SECONDS URL [SCRIPT] [-- ARGS]: run wrk, print its BENCH line.
# BENCH_AE, when set, is sent as Accept-Encoding with every request.
bench_wrk() {
  local conns=$1 secs=$2 url=$3 script=${4:-} lua="$BENCH_TMP/run-$RANDOM.lua" hdr=()
  shift 3
  [ $# -gt 0 ] && shift
  [ -n "${BENCH_AE:-}" ] && hdr=(-H "Accept-Encoding: $BENCH_AE")
  if [ -n "$script" ]; then
    cat "$BENCH/$script" "$BENCH/report.lua" >"$lua"
  else
    cp "$BENCH/report.lua" "$lua"
  fi
  wrk -t2 -c"$conns" -d"${secs}s" --timeout 5s --latency "${hdr[@]}" -s "$lua" "$url" "$@" | grep '^BENCH '
}

# field NAME "BENCH ..." -> the value of NAME=
field() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }
