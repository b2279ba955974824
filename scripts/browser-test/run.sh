#!/usr/bin/env bash
# Runs the explorer's browser test: starts bpgraph on a free loopback port and drives the page
# at `/` in Debian's headless Chromium (`apt-get install chromium`; no browser is downloaded)
# with playwright-core, every request to another host refused (after node's own tests of the
# graph's hub grouping, hub.test.mjs). Needs node and npm; installs
# the test's locked dependencies on first use. Screenshots go to target/browser-test/.
# BPGRAPH_BIN picks the binary (default: the debug build, made if missing); CHROMIUM the browser.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${BPGRAPH_BIN:-$root/target/debug/bpgraph}"
source "$root/scripts/start-server.sh"

if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
	echo "no Chromium at ${CHROMIUM:-/usr/bin/chromium}: apt-get install chromium" >&2
	exit 1
fi
if [[ ! -x "$bin" ]]; then
	(cd "$root" && cargo build --locked --quiet)
fi
if [[ ! -d "$here/node_modules/playwright-core" ]]; then
	# playwright-core never downloads browsers; the variable makes sure of it.
	(cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi
# The hub grouping's own rules first (no browser needed).
node --test "$here/hub.test.mjs"
out="$root/target/browser-test"
mkdir -p "$out"
start_server "$bin" "$out/server.log"
node "$here/explorer.mjs" "$BASE_URL" "$out"
