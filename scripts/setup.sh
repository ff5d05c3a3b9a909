#!/usr/bin/env bash
# Installs what localoffer needs to build, test and run, skipping what is already there.
# Debian packages via apt-get (with sudo when not root); npm packages via `npm ci` from the
# committed lockfile. Safe to run again: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Libraries and build tools: checked as installed Debian packages.
packages=(
  build-essential cmake g++ pkg-config git
  libboost1.74-dev libsqlite3-dev nlohmann-json3-dev
  libkainjow-mustache-dev  # tests only: the reference tests/http/mustache_test.cpp compares the templates' renderer with
  libsodium-dev libssl-dev libxapian-dev libqrencode-dev libmd4c-dev libmd4c-html0-dev zlib1g-dev libcli11-dev
  libgtest-dev googletest
  libssl-dev openssl  # e-mail: STARTTLS in the SMTP client; the tests make a certificate
  libhunspell-dev hunspell-en-gb  # search: a real British English dictionary, so real words are never "corrected"
  ccache  # rebuilds and clean clones on the same machine reuse earlier compiles
  dpkg-dev systemd  # make package (CPack, dpkg-shlibdeps); the package test's systemd-analyze and systemd-sysusers
  nginx  # the reverse-proxy test runs docs/deploy.md's nginx configuration (tests/e2e/nginx.test.mjs)
)
# Commands: checked on the PATH, so a Node.js installed another way (with its own npm) is
# used as it is rather than fought over. "command:package".
commands=(
  node:nodejs npm:npm sqlite3:sqlite3 clang-format:clang-format curl:curl
  chromium:chromium  # the browser the browser tests drive (tests/browser, playwright-core)
  zbarimg:zbar-tools  # a real QR code reader: the browser test scans the two-factor QR code
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
for pair in "${commands[@]}"; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair##*:}")
done

if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Front-end packages (govuk-frontend, sass, and later the browser-test tools), from the lockfile.
if [ -f package-lock.json ]; then
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error
  fi
fi
