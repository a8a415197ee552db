#!/usr/bin/env bash
# End-to-end test of Neo4j Browser on a synced graph (see e2e.mjs): installs what is missing
# (Debian's chromium via apt-get, playwright-core via `npm ci`; never a downloaded browser),
# then runs e2e.mjs in headless Chromium. Meant to run after a demo sync, e.g.
#   testing/demo.sh && NEO4J_URI=bolt://127.0.0.1:7687 testing/browser/run.sh
# Environment: NEO4J_HTTP_URL (http://127.0.0.1:${NEO4J_HTTP_PORT:-7474}), NEO4J_URI
# (bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}), NEO4J_USERNAME (neo4j), NEO4J_PASSWORD
# (scim2neo4j-dev), and e2e.mjs's optional SCREENSHOT, QUERY_FILE, STYLE_FILE, EXPECT_TEXT,
# E2E_TIMEOUT (90 s), CHROMIUM (/usr/bin/chromium).
# The last line is "browser e2e: 1 passed, 0 failed" (exit 0) or "... 0 passed, 1 failed" (exit 1).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export NEO4J_HTTP_URL="${NEO4J_HTTP_URL:-http://127.0.0.1:${NEO4J_HTTP_PORT:-7474}}"
export NEO4J_URI="${NEO4J_URI:-bolt://127.0.0.1:${NEO4J_BOLT_PORT:-7687}}"
export NEO4J_USERNAME="${NEO4J_USERNAME:-neo4j}"
export NEO4J_PASSWORD="${NEO4J_PASSWORD:-scim2neo4j-dev}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
E2E_TIMEOUT="${E2E_TIMEOUT:-90}"
export E2E_TIMEOUT

log() { echo "browser e2e: $*" >&2; }
result() { # passed failed
  echo "browser e2e: $1 passed, $2 failed"
  [ "$2" = 0 ]
}
setup_failed() { log "setup failed: $*"; result 0 1 || exit 1; }

start=$SECONDS

# Chromium from Debian (with a font for the captions); apt-get needs root.
need_apt=()
[ -x "$CHROMIUM" ] || need_apt+=(chromium)
if ! command -v fc-list >/dev/null || [ -z "$(fc-list 2>/dev/null | head -n1)" ]; then
  need_apt+=(fonts-dejavu-core)
fi
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$CHROMIUM" != /usr/bin/chromium ] && [ ! -x "$CHROMIUM" ]; then
    setup_failed "CHROMIUM=$CHROMIUM is not executable"
  fi
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || setup_failed "need root (or sudo) to apt-get install ${need_apt[*]}"
    sudo=(sudo -n)
  fi
  log "installing ${need_apt[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 "${sudo[@]}" apt-get update -qq >&2 || setup_failed "apt-get update"
  timeout 900 "${sudo[@]}" apt-get install -y -qq "${need_apt[@]}" >&2 || setup_failed "apt-get install ${need_apt[*]}"
  [ -x "$CHROMIUM" ] || setup_failed "$CHROMIUM missing after apt-get install chromium"
fi

command -v node >/dev/null || setup_failed "node not found (need Node.js 20 or newer)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || setup_failed "Node.js $(node --version) is too old (need 20 or newer)"

# playwright-core only (it never downloads a browser); exactly the locked version.
if [ ! -f node_modules/playwright-core/package.json ]; then
  log "npm ci (playwright-core)"
  timeout 300 npm ci --no-audit --no-fund --loglevel=error >&2 || setup_failed "npm ci in testing/browser"
fi
log "setup took $((SECONDS - start))s; testing $NEO4J_HTTP_URL/browser/ -> $NEO4J_URI"

# e2e.mjs stops itself after E2E_TIMEOUT; the outer timeout is a backstop for a hung Node.
rc=0
timeout --kill-after=10 "$((E2E_TIMEOUT + 30))" node e2e.mjs || rc=$?
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then log "e2e.mjs killed after $((E2E_TIMEOUT + 30))s"; fi
log "took $((SECONDS - start))s in all"
if [ "$rc" = 0 ]; then result 1 0; else result 0 1; fi
