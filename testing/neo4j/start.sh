#!/usr/bin/env bash
# Start a throw-away Neo4j 5.26 Community server (real Neo4j, from Maven Central jars; no Docker).
# Bolt and HTTP (with Neo4j Browser) on 127.0.0.1, auth on: neo4j / $NEO4J_PASSWORD.
# Progress goes to stderr; stdout is two KEY=VALUE lines, the last one NEO4J_URI=bolt://...
# See README.md for the environment variables. Stop it with stop.sh [boltport].
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BOLT_PORT="${NEO4J_BOLT_PORT:-7687}"
HTTP_PORT="${NEO4J_HTTP_PORT:-7474}"
PASSWORD="${NEO4J_PASSWORD:-scim2neo4j-dev}"
HEAP="${NEO4J_HEAP:-1g}"
PAGECACHE="${NEO4J_PAGECACHE:-512m}"
TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAR="$HERE/target/neo4j-launcher.jar"
RUN="$HERE/run"
STATE="$RUN/$BOLT_PORT"
MARKER=".scim2neo4j-neo4j-home" # stop.sh only deletes directories carrying this file

log() { echo "start.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

for v in BOLT_PORT HTTP_PORT TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a number, got '${!v}'"
done
[ "$BOLT_PORT" != "$HTTP_PORT" ] || die "NEO4J_BOLT_PORT and NEO4J_HTTP_PORT must differ"
if [ "${#PASSWORD}" -lt 8 ]; then
  die "NEO4J_PASSWORD must be at least 8 characters long (Neo4j's minimum password length)"
fi
command -v "$JAVA" >/dev/null || die "java not found (need Java 17 or 21)"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
discovery() { # Neo4j's HTTP discovery document (JSON with bolt_direct etc.)
  if command -v curl >/dev/null; then
    curl -fsS --max-time 3 -H 'Accept: application/json' "http://127.0.0.1:$1/" 2>/dev/null
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1" &&
      printf 'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n' >&3 &&
      timeout 3 cat <&3) 2>/dev/null
  fi
}
alive() { # running and not a zombie (an exited child of this script stays a zombie)
  local st
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$st" ] && [ "${st:0:1}" != Z ]
}
our_pid() { # prints the pid of this port's launcher if it is alive
  local pid cmd
  pid="$(cat "$STATE/pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmd" == *neo4j-launcher.jar* ]] || return 1
  echo "$pid"
}
ready() { # launcher wrote its ready file (default db available) + Bolt answers + HTTP discovery
  local doc
  [ -f "$STATE/ready" ] && port_open "$BOLT_PORT" || return 1
  doc="$(discovery "$HTTP_PORT")" || return 1
  [[ "$doc" == *bolt_direct* ]]
}
give_up() { # print the log tail, clean up this port's instance, fail
  log "$1; last lines of $STATE/neo4j.log:"
  tail -n 40 "$STATE/neo4j.log" >&2 || true
  local nhome
  nhome="$(cat "$STATE/home" 2>/dev/null || true)"
  if [ -n "$nhome" ] && [ -f "$nhome/logs/debug.log" ]; then
    log "last lines of $nhome/logs/debug.log:"
    tail -n 20 "$nhome/logs/debug.log" >&2 || true
  fi
  "$HERE/stop.sh" "$BOLT_PORT" >&2 || true
  die "Neo4j on bolt port $BOLT_PORT did not start"
}

mkdir -p "$RUN"
if command -v flock >/dev/null; then # serialise start/stop of one port
  exec 9>"$RUN/.lock.$BOLT_PORT"
  flock 9
fi

if pid="$(our_pid)"; then
  HTTP_PORT="$(cat "$STATE/http_port" 2>/dev/null || echo "$HTTP_PORT")"
  log "Neo4j is already running on bolt port $BOLT_PORT (pid $pid); not starting another"
else
  if [ -d "$STATE" ]; then # left over from a crashed or killed run
    log "removing stale state of a dead instance in $STATE"
    old_home="$(cat "$STATE/home" 2>/dev/null || true)"
    keep="$(cd "${NEO4J_DATA_DIR:-/nonexistent}" 2>/dev/null && pwd || true)"
    if [ -n "$old_home" ] && [ "$old_home" = "$keep" ]; then
      log "keeping the data of the dead instance in NEO4J_DATA_DIR=$keep (Neo4j recovers it at start)"
    elif [ -n "$old_home" ] && [ -f "$old_home/$MARKER" ]; then
      rm -rf "$old_home"
    fi
    rm -rf "$STATE"
  fi
  for p in "$BOLT_PORT" "$HTTP_PORT"; do
    port_open "$p" && die "port 127.0.0.1:$p is already in use by another process"
  done

  # Build when the jar is missing or older than pom.xml / sources (one build at a time).
  (
    if command -v flock >/dev/null; then exec 8>"$RUN/.lock.build"; flock 8; fi
    if [ ! -f "$JAR" ] || [ ! -d "$HERE/target/lib" ] ||
      [ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$JAR" -print -quit)" ]; then
      log "building the launcher (mvn package) ..."
      if ! (cd "$HERE" && mvn -q -B package -DskipTests) >"$RUN/build.log" 2>&1; then
        tail -n 40 "$RUN/build.log" >&2
        die "maven build failed (full output in $RUN/build.log)"
      fi
    fi
  ) 8>&- 9>&-

  # Throw-away Neo4j home (conf/, data/, logs/): NEO4J_DATA_DIR if set, else a fresh temp dir.
  if [ -n "${NEO4J_DATA_DIR:-}" ]; then
    NHOME="$NEO4J_DATA_DIR"
    mkdir -p "$NHOME"
    if [ -n "$(ls -A "$NHOME")" ] && [ ! -f "$NHOME/$MARKER" ]; then
      die "NEO4J_DATA_DIR=$NHOME is not empty and was not made by start.sh (stop.sh deletes it)"
    fi
  else
    NHOME="$(mktemp -d "${TMPDIR:-/tmp}/scim2neo4j-neo4j-$BOLT_PORT.XXXXXX")"
  fi
  NHOME="$(cd "$NHOME" && pwd)"
  touch "$NHOME/$MARKER"
  mkdir -p "$STATE"
  echo "$NHOME" >"$STATE/home"
  echo "$HTTP_PORT" >"$STATE/http_port"

  log "starting Neo4j (bolt $BOLT_PORT, http $HTTP_PORT, heap $HEAP, page cache $PAGECACHE, data $NHOME)"
  # JVM flags follow the stock neo4j.conf (server.jvm.additional); add more via NEO4J_JAVA_OPTS.
  # shellcheck disable=SC2086
  NEO4J_PASSWORD="$PASSWORD" NEO4J_BOLT_PORT="$BOLT_PORT" NEO4J_HTTP_PORT="$HTTP_PORT" \
    NEO4J_PAGECACHE="$PAGECACHE" \
    nohup "$JAVA" -Xms"$HEAP" -Xmx"$HEAP" \
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC -XX:+ExitOnOutOfMemoryError \
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.disable.jmx=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    ${NEO4J_JAVA_OPTS:-} \
    -jar "$JAR" "$NHOME" "$STATE/ready" \
    </dev/null >"$STATE/neo4j.log" 2>&1 9>&- &
  echo $! >"$STATE/pid"
  pid="$(cat "$STATE/pid")"
fi

exec 9>&- # release the per-port lock: waiting must not block stop.sh

start=$SECONDS
until ready; do
  alive "$pid" || give_up "Neo4j exited during startup"
  [ $((SECONDS - start)) -lt "$TIMEOUT" ] || give_up "Neo4j not ready after ${TIMEOUT}s"
  sleep 0.5
done

log "Neo4j ready (pid $pid, log $STATE/neo4j.log, data $(cat "$STATE/home"))"
echo "NEO4J_BROWSER_URL=http://127.0.0.1:$HTTP_PORT/browser/"
echo "NEO4J_URI=bolt://127.0.0.1:$BOLT_PORT"
