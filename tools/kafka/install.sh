#!/usr/bin/env bash
# Fetches the Kafka broker jars (version pinned in pom.xml beside this file) and their
# runtime dependencies from Maven Central into .cache/kafka/libs.
# Idempotent: does nothing when the jars for this pom.xml are already there.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
LIBS="$ROOT/.cache/kafka/libs"
STAMP="$LIBS/.pom.sha256" # refetch when pom.xml changes (e.g. a version bump)

fail() { echo "tools/kafka/install.sh: $*" >&2; exit 1; }

want="$(sha256sum "$HERE/pom.xml" | cut -d' ' -f1)"
if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
  echo "Kafka jars already in $LIBS"
  exit 0
fi
command -v java >/dev/null || fail "java is not on PATH (Java 17 runs the broker)"
command -v mvn >/dev/null || fail "mvn is not on PATH (Maven fetches the broker jars)"

rm -rf "$LIBS.tmp" && mkdir -p "$(dirname "$LIBS")"
log="$(dirname "$LIBS")/install.log"
if ! mvn -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$LIBS.tmp" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  fail "Maven could not fetch the Kafka jars (full log: $log)"
fi
ls "$LIBS.tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || fail "no kafka_2.13 jar was fetched"
rm -rf "$LIBS" && mv "$LIBS.tmp" "$LIBS"
echo "$want" > "$STAMP"
echo "Kafka jars installed: $(ls "$LIBS"/kafka_2.13-*.jar | xargs -n1 basename), $(ls "$LIBS"/*.jar | wc -l) jars"
