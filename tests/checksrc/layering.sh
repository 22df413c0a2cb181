#!/usr/bin/env bash
# tests/checksrc/layering.sh — ops/checksrc must fail on a planted violation
# of each layering rule (and pass on the tree as it is). Each plant goes into
# a fresh copy of server/ in a scratch folder; the real tree is never touched.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/checksrc-plant.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failed=0

copy() { # a fresh copy of the sources in $tmp/tree
  rm -rf "$tmp/tree"
  mkdir -p "$tmp/tree"
  (cd "$ROOT" && git ls-files -co --exclude-standard server | tar -cf - -T -) | tar -xf - -C "$tmp/tree"
  [ -f "$tmp/tree/server/routes.c" ] || { echo "FAIL cannot copy the sources"; exit 1; }
}

run() { CHECKSRC_ROOT="$tmp/tree" CHECKSRC_NO_FORMAT=1 "$ROOT/ops/checksrc" 2>&1; }

# plant NAME FILE LINE EXPECTED: append LINE to FILE, expect a failure naming EXPECTED
plant() {
  local name=$1 file=$2 line=$3 expected=$4 out
  copy
  printf '%s\n' "$line" >>"$tmp/tree/$file"
  if out=$(run); then
    echo "FAIL $name: checksrc passed with '$line' in $file"
    failed=1
  elif ! grep -qF "$expected" <<<"$out"; then
    echo "FAIL $name: checksrc failed without naming '$expected':"
    echo "$out" | head -5
    failed=1
  else
    echo "ok   $name"
  fi
}

copy
if out=$(run); then
  echo "ok   the tree as it is passes"
else
  echo "FAIL the tree as it is: $out"
  failed=1
fi

plant core-knows-no-db server/core/arena.c '#include "db/db.h"' \
  'the core knows no web or database'
plant core-knows-no-web server/core/sbuf.c '#include "http/req.h"' \
  'the core knows no web or database'
plant db-knows-no-request server/db/pool.c '#include "http/req.h"' \
  'the database layer knows no request'
plant view-never-queries server/view/tpl.c '#include "db/db.h"' 'views never query'
plant vm-never-queries server/enrol/vm.c \
  'static int planted(struct db *db) { return db_exec(db, "SELECT 1", ""); }' 'views never query'
plant vm-calls-no-store server/catalogue/vm.c \
  'static void planted(void) { enrol_store_course(0, 0, 0, 0); }' 'views never query'
plant transport-knows-no-app server/http/req.c '#include "app/page.h"' \
  'the transport (http/) knows no app'
plant auth-knows-no-app server/auth/ratelimit.c '#include "app/page.h"' \
  'auth knows no app or feature'
plant funnel-knows-no-feature server/app/router.c '#include "catalogue/catalogue.h"' \
  'the funnel reaches features only through the route table'
plant transport-knows-no-feature server/http/server.c '#include "mail/mail.h"' \
  'the transport (http/) knows no app'
plant seats-know-no-feature server/seats/seats.c '#include "enrol/enrol.h"' \
  'the seat engine knows no request or feature'
plant seats-know-no-request server/seats/seats.c '#include "http/req.h"' \
  'the seat engine knows no request or feature'
plant impl-is-private server/enrol/pages.c '#include "mail/mail_impl.h"' \
  "another folder's _impl.h"
plant compression-is-transport server/app/page.c '#include <zlib.h>' \
  'is only for server/http/'
plant brotli-is-transport server/catalogue/api.c '#include <brotli/encode.h>' \
  'is only for server/http/'

exit "$failed"
