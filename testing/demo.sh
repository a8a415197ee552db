#!/usr/bin/env bash
# The product on its bundled demo, without Docker: starts a real Neo4j 5.26
# (testing/neo4j/start.sh), builds scim2neo4j, serves a generated directory
# with `scim2neo4j demo`, and syncs it into Neo4j. Neo4j and the demo server
# keep running so you can explore the graph in Neo4j Browser;
# `testing/demo.sh stop` stops both.
# Environment: DEMO_USERS (10000), DEMO_GROUPS (500), DEMO_SEED (1),
# DEMO_ADDR (127.0.0.1:8080), NEO4J_PASSWORD (scim2neo4j-dev), and the
# launcher's NEO4J_* settings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export NEO4J_PASSWORD="${NEO4J_PASSWORD:-scim2neo4j-dev}"
port="${NEO4J_BOLT_PORT:-7687}"
addr="${DEMO_ADDR:-127.0.0.1:8080}"
state="bin/demo-state-$port"
pidfile="$state/demo.pid"

stop_demo() {
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")" && echo "demo.sh: demo SCIM server stopped" >&2
  fi
  rm -f "$pidfile"
}

if [ "${1:-}" = "stop" ]; then
  stop_demo
  rm -rf "$state"
  testing/neo4j/stop.sh "$port"
  exit 0
fi

testing/neo4j/start.sh >/dev/null
mkdir -p bin "$state"
go build -o bin/scim2neo4j ./cmd/scim2neo4j

stop_demo
export SCIM_BEARER_TOKEN="${SCIM_BEARER_TOKEN:-demo-token}"
nohup bin/scim2neo4j demo --addr "$addr" --users "${DEMO_USERS:-10000}" --groups "${DEMO_GROUPS:-500}" \
  --seed "${DEMO_SEED:-1}" >"$state/demo.log" 2>&1 &
echo $! >"$pidfile"
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/${addr%:*}/${addr##*:}") 2>/dev/null && break
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { cat "$state/demo.log" >&2; exit 1; }
  sleep 0.2
done

NEO4J_URI="bolt://127.0.0.1:$port" bin/scim2neo4j sync --name demo --scim-url "http://$addr/scim/v2"

cat >&2 <<MSG

Synced. Open Neo4j Browser at http://127.0.0.1:${NEO4J_HTTP_PORT:-7474}/browser/
and connect to bolt://127.0.0.1:$port as neo4j / $NEO4J_PASSWORD.
Stop Neo4j and the demo server with: testing/demo.sh stop
MSG
