#!/usr/bin/env bash
# Installs Schemathesis (the OpenAPI fuzzer the contract test runs) into a virtualenv at
# .cache/schemathesis, from PyPI, with every package pinned by requirements.txt beside this file.
# Idempotent: does nothing when the venv already holds the pinned version.
set -euo pipefail

VERSION=4.32.5 # keep in sync with requirements.txt beside this file
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$ROOT/.cache/schemathesis"
ST="$VENV/bin/st"

fail() { echo "tools/schemathesis/install.sh: $*" >&2; exit 1; }

# Captured before it is compared: `st --version | grep -q` fails under pipefail when grep exits early.
if [[ -x "$ST" ]]; then
  installed="$("$ST" --version 2>/dev/null || true)"
  if [[ "$installed" == *"version $VERSION"* ]]; then
    echo "Schemathesis $VERSION already installed: $ST"
    exit 0
  fi
fi

PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null || fail "$PYTHON is not on PATH (Python >= 3.10 is needed for Schemathesis 4)"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" || fail "could not make a virtualenv with $PYTHON"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --no-input -r "$HERE/requirements.txt" \
  || fail "pip could not install requirements.txt from PyPI"
installed="$("$ST" --version 2>/dev/null || true)"
[[ "$installed" == *"version $VERSION"* ]] || fail "installed, but st --version says: $installed"
echo "Schemathesis $VERSION installed: $ST"
