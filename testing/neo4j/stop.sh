#!/usr/bin/env bash
# Stop the Neo4j started by start.sh for a bolt port and delete its data and state.
# Usage: stop.sh [boltport|all]   (default: $NEO4J_BOLT_PORT, else 7687)
# SIGTERM (clean DBMS shutdown), SIGKILL after $NEO4J_STOP_TIMEOUT seconds (default 60).
# Idempotent: exits 0 when nothing is running.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RUN="$HERE/run"
TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"
MARKER=".scim2neo4j-neo4j-home" # written by start.sh into every home it may delete

log() { echo "stop.sh: $*" >&2; }

alive() { # running and not a zombie
  local st
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$st" ] && [ "${st:0:1}" != Z ]
}

stop_port() {
  local port="$1" state="$RUN/$1" pid="" cmd="" nhome=""
  [[ "$port" =~ ^[0-9]+$ ]] || { log "not a port number: '$port'"; return 1; }
  if command -v flock >/dev/null; then # wait for a start.sh of this port to finish launching
    mkdir -p "$RUN"
    exec 9>"$RUN/.lock.$port"
    flock 9
  fi
  if [ ! -d "$state" ]; then
    log "no Neo4j started by start.sh on bolt port $port; nothing to do"
    return 0
  fi
  pid="$(cat "$state/pid" 2>/dev/null || true)"
  nhome="$(cat "$state/home" 2>/dev/null || true)"
  if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid"; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  fi
  if [[ "$cmd" == *neo4j-launcher.jar* ]]; then
    log "stopping Neo4j on bolt port $port (pid $pid) ..."
    kill -TERM "$pid" 2>/dev/null || true
    local waited=0
    while alive "$pid" && [ "$waited" -lt $((TIMEOUT * 5)) ]; do
      sleep 0.2
      waited=$((waited + 1))
    done
    if alive "$pid"; then
      log "still running after ${TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while alive "$pid"; do sleep 0.2; done
    fi
  else
    log "no live Neo4j for bolt port $port (stale state); cleaning up"
  fi
  if [ -n "$nhome" ] && [ -f "$nhome/$MARKER" ]; then
    rm -rf "$nhome"
  elif [ -n "$nhome" ] && [ -d "$nhome" ]; then
    log "not deleting $nhome: it lacks the $MARKER file written by start.sh"
  fi
  rm -rf "$state"
  exec 9>&-
  log "stopped and removed bolt port $port"
}

target="${1:-${NEO4J_BOLT_PORT:-7687}}"
if [ "$target" = all ]; then
  shopt -s nullglob
  for d in "$RUN"/*/; do
    d="${d%/}"
    [[ "${d##*/}" =~ ^[0-9]+$ ]] || continue # not an instance (e.g. build logs)
    stop_port "${d##*/}"
  done
else
  stop_port "$target"
fi
