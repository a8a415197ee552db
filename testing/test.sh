#!/usr/bin/env bash
# Runs the whole test suite against a real Neo4j 5.26: the one named by
# NEO4J_URI if set, else one started here from Maven Central jars
# (testing/neo4j/start.sh) and stopped afterwards. Fails if any test was
# skipped: the integration tests must run. This is what CI runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${NEO4J_URI:-}" ]; then
  export NEO4J_PASSWORD="${NEO4J_PASSWORD:-scim2neo4j-dev}"
  port="${NEO4J_BOLT_PORT:-7687}"
  testing/neo4j/start.sh >/dev/null
  trap 'testing/neo4j/stop.sh "$port" || true' EXIT
  export NEO4J_URI="bolt://127.0.0.1:$port" NEO4J_USERNAME=neo4j
fi

log=$(mktemp)
set +e
go test -race -count=1 -v "$@" ./... 2>&1 | tee "$log" | grep -E '^(--- (FAIL|SKIP)|FAIL|ok|PASS$|panic)'
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
  echo "--- failures in full:" >&2
  grep -B2 -A40 -E '^\s*--- FAIL' "$log" | head -400 >&2 || true
  exit "$status"
fi
if grep -E -- '--- SKIP' "$log"; then
  echo "test.sh: tests were skipped; integration tests must run against the real Neo4j" >&2
  exit 1
fi
passed=$(grep -cE -- '^\s*--- PASS' "$log" || true)
echo "$passed passed, 0 failed"
