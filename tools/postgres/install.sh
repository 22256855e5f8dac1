#!/usr/bin/env bash
# Installs PostgreSQL from Debian's packages: FerretDB (the MongoDB test server) stores its
# data in a throwaway PostgreSQL cluster that jest's global setup starts in a temp folder.
# Only the binaries are needed (initdb, postgres); the Debian service is not used.
# Idempotent: does nothing when initdb and postgres are already under /usr/lib/postgresql.
set -euo pipefail

fail() { echo "tools/postgres/install.sh: $*" >&2; exit 1; }

# The newest installed major version that has both binaries, or nothing.
installed_bin() {
  local dir dirs=(/usr/lib/postgresql/*/bin)
  [[ -d "${dirs[0]}" ]] || return 0 # the glob matched nothing
  for dir in $(printf '%s\n' "${dirs[@]}" | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/postgres" ]]; then echo "$dir"; return; fi
  done
}

bin="$(installed_bin)"
if [[ -z "$bin" ]]; then
  command -v apt-get >/dev/null || fail "PostgreSQL is not installed and apt-get is not available"
  SUDO=""
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null || fail "run as root (or with sudo available) to apt-get install postgresql"
    SUDO="sudo"
  fi
  echo "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null || fail "apt-get update failed"
  $SUDO apt-get install -y -q --no-install-recommends postgresql >/dev/null || fail "apt-get install postgresql failed"
  bin="$(installed_bin)"
  [[ -n "$bin" ]] || fail "apt-get installed postgresql, but no initdb/postgres under /usr/lib/postgresql/*/bin"
fi
# The package creates the `postgres` user; the server refuses to run as root, so tests run it as that user.
id -u postgres >/dev/null 2>&1 || fail "there is no 'postgres' user to run the server as"
echo "PostgreSQL: $("$bin/postgres" --version) in $bin"
