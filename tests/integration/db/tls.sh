#!/usr/bin/env bash
# tests/integration/db/tls.sh [DYSGU_BIN] — TLS to MariaDB (issue 23, finding 6).
#
# Makes a throwaway CA, server certificates (one for 127.0.0.1, one for another
# name) and a second CA nobody trusts, starts three private mariadbd of its own
# at once on free 127.0.0.1 ports (empty datadirs, --skip-grant-tables: the
# client's checks are under test, not the server's accounts): TLS, TLS with the
# other name, no TLS. Then proves with `dysgu migrate` (an empty migrations
# folder: it connects, creates schema_migrations and stops):
#   right CA -> works, over TLS;      wrong CA, or only the system's -> refused;
#   a client certificate -> works;    another machine without ssl= -> refused;
#   a certificate for another name -> refused;
#   no TLS on the server: ssl=1 -> refused, ssl=0 -> works.
# Everything it starts is stopped and removed on exit.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=$(realpath -- "${1:-${DYSGU_BIN:-$ROOT/build/test/dysgu}}")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dysgu-tls.XXXXXX")
failed=0
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM # so that the EXIT trap cleans up
fail() {
  echo "FAIL $*"
  failed=1
}

# --- certificates --------------------------------------------------------
ca() { # NAME: a self-signed CA in $tmp/NAME.pem, its key in NAME.key
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=dysgu test $1" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign \
    -keyout "$tmp/$1.key" -out "$tmp/$1.pem" 2>/dev/null
}
leaf() { # NAME SAN: a key and a certificate signed by ca
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.csr" 2>/dev/null &&
    printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\n' "$2" >"$tmp/$1.ext" &&
    openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" \
      -CAcreateserial -days 2 -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
}
if ! { ca ca && ca other && leaf server "IP:127.0.0.1,DNS:localhost" &&
  leaf elsewhere "DNS:db.example" && leaf client "DNS:dysgu"; }; then
  echo "FAIL openssl could not make the certificates"
  exit 1
fi
chmod 600 "$tmp"/*.key

# --- three servers, started at once --------------------------------------
# tls: TLS with the right certificate; elsewhere: a certificate for another
# name; plain: no TLS. Each in $tmp/NAME, on port ${port[NAME]}.
declare -A pid port
stop_servers() {
  local n
  for n in "${!pid[@]}"; do
    kill "${pid[$n]}" 2>/dev/null
    wait "${pid[$n]}" 2>/dev/null
  done
}
trap 'stop_servers; rm -rf "$tmp"' EXIT

free_port() { # a port nothing answers on
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || break
  done
  echo "$p"
}
start_server() { # NAME [mariadbd options...]
  local n=$1
  shift
  mkdir -p "$tmp/$n/data"
  port[$n]=$(free_port)
  local -a opts=(
    --no-defaults --datadir="$tmp/$n/data" --socket="$tmp/$n/s.sock" --pid-file="$tmp/$n/pid"
    --port="${port[$n]}" --bind-address=127.0.0.1 --skip-grant-tables --skip-log-bin
    --skip-name-resolve --log-error="$tmp/$n/err"
    # small and unsynced: three start at once, and their data is thrown away
    --innodb-buffer-pool-size=16M --innodb-log-file-size=4M
    --innodb-data-file-path=ibdata1:4M:autoextend --innodb-flush-method=nosync
  )
  [ "$(id -u)" -eq 0 ] && opts+=(--user="$(id -un)")
  mariadbd "${opts[@]}" "$@" </dev/null >/dev/null 2>&1 &
  pid[$n]=$!
}
sql() { # NAME SQL, as the administrator on NAME's socket
  mariadb --no-defaults --skip-ssl --socket="$tmp/$1/s.sock" -u dysgu -N -B -e "$2"
}
wait_up() { # NAME: answering within 30 s, with the scratch database
  local i
  for ((i = 0; i < 300; i++)); do
    if ! kill -0 "${pid[$1]}" 2>/dev/null; then
      break
    elif sql "$1" "CREATE DATABASE IF NOT EXISTS dysgu_tls" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "FAIL mariadbd $1 did not start:"
  tail -n 20 "$tmp/$1/err"
  exit 1
}
tls() { # certificate NAME: the server options for it
  echo "--ssl-ca=$tmp/ca.pem --ssl-cert=$tmp/$1.pem --ssl-key=$tmp/$1.key"
}
mkdir -p "$tmp/root/migrations"
# shellcheck disable=SC2046 # $tmp holds no spaces (mktemp)
start_server tls $(tls server)
# shellcheck disable=SC2046
start_server elsewhere $(tls elsewhere)
start_server plain
wait_up tls
wait_up elsewhere
wait_up plain

# dysgu URL: run `dysgu migrate` against URL; its log in $tmp/log
dysgu() {
  (cd "$tmp" && env DYSGU_ROOT="$tmp/root" DYSGU_DB="$1" "$BIN" migrate) >"$tmp/log" 2>&1
}
# expect_ok NAME URL / expect_refused NAME URL TEXT: TEXT must be in the log
expect_ok() {
  dysgu "$2" || { fail "$1: refused"; sed 's/^/    /' "$tmp/log"; }
}
expect_refused() {
  if dysgu "$2"; then
    fail "$1: connected"
  elif ! grep -qF -- "$3" "$tmp/log"; then
    fail "$1: refused, but the log does not say '$3'"
    sed 's/^/    /' "$tmp/log"
  fi
}
ssl_accepts() { sql tls "SHOW GLOBAL STATUS LIKE 'Ssl_accepts'" | cut -f2; }
at() { echo "mysql://dysgu@127.0.0.1:${port[$1]}/dysgu_tls"; }

before=$(ssl_accepts)
expect_ok "right CA" "$(at tls)?ssl=1&ssl-ca=$tmp/ca.pem"
[ "$(ssl_accepts)" -gt "$before" ] || fail "right CA: the server accepted no TLS handshake"
[ "$(sql tls "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'dysgu_tls'
  AND table_name = 'schema_migrations'")" = 1 ] || fail "right CA: migrate wrote nothing"
expect_ok "client certificate" \
  "$(at tls)?ssl=1&ssl-ca=$tmp/ca.pem&ssl-cert=$tmp/client.pem&ssl-key=$tmp/client.key"
expect_refused "wrong CA" "$(at tls)?ssl=1&ssl-ca=$tmp/other.pem" "(2026)"
expect_refused "system CAs only" "$(at tls)?ssl=1" "(2026)"
expect_refused "another machine without ssl=" "mysql://dysgu@db.invalid:${port[tls]}/dysgu_tls" \
  "ssl=1"
expect_refused "a certificate for another name" "$(at elsewhere)?ssl=1&ssl-ca=$tmp/ca.pem" "(2026)"
expect_refused "ssl=1 without TLS on the server" "$(at plain)?ssl=1&ssl-ca=$tmp/ca.pem" "(2026)"
expect_ok "ssl=0 without TLS on the server" "$(at plain)?ssl=0"

[ "$failed" = 0 ] && echo "tls: all cases passed"
exit "$failed"
