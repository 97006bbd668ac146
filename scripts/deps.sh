#!/usr/bin/env bash
# deps.sh: install the Debian packages phaseout needs to build, test and run.
# Idempotent: only missing packages are installed.  Needs root (or sudo).
set -euo pipefail
pkgs=(build-essential pkg-config make
      libsqlite3-dev sqlite3 libpq-dev postgresql postgresql-client
      libmicrohttpd-dev libjansson-dev libcsv-dev libxlsxwriter-dev libsodium-dev
      libzip-dev libexpat1-dev libcmocka-dev
      python3 ca-certificates bc
      clang libclang-rt-14-dev  # make fuzz: clang with libFuzzer and the sanitizer runtimes
      libcairo2-dev libpango1.0-dev poppler-utils
      nodejs chromium fonts-noto-cjk)  # nodejs brings npm (HTTP and browser tests, web/ packages); chromium and CJK fonts for the browser tests
[ "${PHASEOUT_DEPS_EXTRA:-}" ] && read -r -a extra <<<"$PHASEOUT_DEPS_EXTRA" && pkgs+=("${extra[@]}")
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "deps: installing ${missing[*]}" >&2
    SUDO=; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
