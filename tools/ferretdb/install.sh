#!/usr/bin/env bash
# Builds the FerretDB server (MongoDB wire protocol; the tests run it on PostgreSQL) into .cache/bin/ferretdb.
# Idempotent: does nothing when the pinned version is already built.
set -euo pipefail

VERSION=v1.24.2 # keep in sync with go.mod beside this file
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$ROOT/.cache/bin/ferretdb"
SRC="$ROOT/.cache/ferretdb-src"

fail() { echo "tools/ferretdb/install.sh: $*" >&2; exit 1; }

# Output is captured before it is searched: with pipefail, `--version | grep -q` (or `| head`)
# fails with SIGPIPE whenever the reader exits before ferretdb has written every line.
version_of() { local out; out="$("$1" --version 2>/dev/null || true)"; printf '%s\n' "$out"; }

if [[ -x "$BIN" ]] && [[ "$(version_of "$BIN")" == *"version: $VERSION"* ]]; then
  echo "FerretDB $VERSION already built: $BIN"
  exit 0
fi
command -v go >/dev/null || fail "go is not on PATH (Go >= 1.24 is needed to build FerretDB)"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false

# `go install …/cmd/ferretdb@v1.24.2` does not work: the proxy refuses the version
# listing it asks for, and the binary panics at start without build/version/version.txt,
# which release builds generate. So: fetch the module (hash pinned by go.sum here),
# copy its source, add version.txt, and build that copy.
cd "$HERE"
dir="$(go mod download -json github.com/FerretDB/FerretDB | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" \
  || fail "could not download github.com/FerretDB/FerretDB $VERSION from the Go module proxy"
[[ -d "$dir" ]] || fail "go mod download gave no source directory for FerretDB"

rm -rf "$SRC" && mkdir -p "$SRC" "$(dirname "$BIN")"
cp -r "$dir/." "$SRC/" && chmod -R u+w "$SRC"
echo "$VERSION" > "$SRC/build/version/version.txt"
echo "Building FerretDB $VERSION (takes about a minute)..."
(cd "$SRC" && go build -trimpath -o "$BIN.tmp" ./cmd/ferretdb) || fail "go build of FerretDB failed"
mv "$BIN.tmp" "$BIN"
rm -rf "$SRC"
version_of "$BIN" | sed -n 1p
