#!/usr/bin/env bash
# Installs Keycloak (the identity provider the tests get OIDC tokens from) into .cache/keycloak:
#   1. Maven fetches the distribution zip (org.keycloak:keycloak-quarkus-dist, ~177 MB) from Maven Central;
#   2. it is unzipped to .cache/keycloak/server;
#   3. one `kc.sh start-dev` runs until it serves, then is stopped. That first start is the slow,
#      one-off part: it re-builds the server for the dev profile (`kc.sh build` refuses to) and
#      creates the H2 database schema and the master realm. Both are kept (data/h2 is copied
#      into every test run's Keycloak), so a test run's start only imports the test realm.
# Idempotent: does nothing when the stamp matches this script (which pins the version).
set -euo pipefail

VERSION=26.7.3
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="$ROOT/.cache/keycloak"
SERVER="$CACHE/server"
STAMP="$SERVER/.install.sha256" # redone when this script changes (e.g. a version bump)

fail() { echo "tools/keycloak/install.sh: $*" >&2; exit 1; }
now() { date +%s; }

want="$(sha256sum "${BASH_SOURCE[0]}" | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "Keycloak $VERSION already installed in $SERVER"
  exit 0
fi
command -v mvn >/dev/null || fail "mvn is not on PATH (Maven fetches the Keycloak distribution)"
command -v unzip >/dev/null || fail "unzip is not on PATH"

# Temurin 25 starts Keycloak faster than Java 17; both run it. The tests use the JDK recorded here.
java_home=""
for dir in /usr/lib/jvm/temurin-25*; do [[ -x "$dir/bin/java" ]] && java_home="$dir" && break; done
if [[ -z "$java_home" ]]; then
  java="$(command -v java)" || fail "no Temurin 25 under /usr/lib/jvm and no java on PATH (Java 17 or newer runs Keycloak)"
  java_home="$(dirname "$(dirname "$(readlink -f "$java")")")"
fi
export JAVA_HOME="$java_home"

mkdir -p "$CACHE"
log="$CACHE/install.log"
: >"$log"
t0=$(now)
echo "Fetching org.keycloak:keycloak-quarkus-dist:$VERSION:zip (~177 MB) with Maven..."
rm -rf "$CACHE/download"
if ! mvn -B -Dstyle.color=never dependency:copy \
  -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" -DoutputDirectory="$CACHE/download" >>"$log" 2>&1; then
  tail -n 40 "$log" >&2
  fail "Maven could not fetch the Keycloak distribution (full log: $log)"
fi
zip="$CACHE/download/keycloak-quarkus-dist-$VERSION.zip"
[[ -f "$zip" ]] || fail "Maven reported success but $zip is missing"

rm -rf "$SERVER" "$CACHE/unzip" && mkdir -p "$CACHE/unzip"
unzip -q "$zip" -d "$CACHE/unzip" || fail "could not unzip $zip"
mv "$CACHE/unzip/keycloak-$VERSION" "$SERVER"
rm -rf "$CACHE/unzip" "$CACHE/download" # the zip stays in ~/.m2
t1=$(now)
echo "Downloaded and unpacked in $((t1 - t0)) s. First start (dev build, database schema; a minute or more)..."

# --http-port=0: the server picks a free port and prints it in "Listening on: http://127.0.0.1:<port>".
"$SERVER/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port=0 >>"$log" 2>&1 &
pid=$!
deadline=$(( $(now) + 900 ))
until grep -q "Listening on: http" "$log"; do
  kill -0 "$pid" 2>/dev/null || { tail -n 40 "$log" >&2; fail "Keycloak's first start failed (full log: $log)"; }
  if (( $(now) > deadline )); then
    kill "$pid" 2>/dev/null || true
    tail -n 40 "$log" >&2
    fail "Keycloak's first start did not finish within 15 minutes (full log: $log)"
  fi
  sleep 1
done
# After its re-build kc.sh exec's the JVM, so $pid is the JVM; SIGTERM shuts it down cleanly.
kill "$pid"
wait "$pid" || true
grep -q "kc.profile=dev" <(unzip -p "$SERVER/lib/quarkus/generated-bytecode.jar" META-INF/keycloak-persisted.properties) \
  || fail "the first start did not leave a dev-profile build in $SERVER/lib/quarkus (full log: $log)"
[[ -d "$SERVER/data/h2" ]] || fail "the first start left no database in $SERVER/data/h2 (full log: $log)"
# Only the database is kept: temp files and transaction logs belong to that one run.
find "$SERVER/data" -mindepth 1 -maxdepth 1 ! -name h2 -exec rm -rf {} +
echo "$JAVA_HOME" >"$CACHE/java-home"
echo "$want" >"$STAMP"
echo "Keycloak $VERSION installed in $SERVER ($((t1 - t0)) s download, $(( $(now) - t1 )) s first start; Java: $JAVA_HOME)"
