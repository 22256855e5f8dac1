#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium), which the console's browser tests drive through
# playwright-core. Never a browser build downloaded by a test tool: only the distribution's package.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

fail() { echo "tools/chromium/install.sh: $*" >&2; exit 1; }

if [[ -x /usr/bin/chromium ]]; then
  echo "Chromium already installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
  exit 0
fi
command -v apt-get >/dev/null || fail "apt-get not found: install Chromium at /usr/bin/chromium by hand"
SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
  command -v sudo >/dev/null || fail "run as root (or with sudo available) to apt-get install chromium"
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q chromium
[[ -x /usr/bin/chromium ]] || fail "the chromium package did not install /usr/bin/chromium"
echo "Chromium installed: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
