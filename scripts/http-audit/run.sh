#!/usr/bin/env bash
# Runs graphql-http's server audit (every MUST and SHOULD of the GraphQL-over-HTTP spec)
# against bpgraph on a free loopback port. Needs node and npm; installs the audit's locked
# dependencies on first use. BPGRAPH_BIN picks the binary (default: the debug build, made if
# missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${BPGRAPH_BIN:-$root/target/debug/bpgraph}"
source "$root/scripts/start-server.sh"

if [[ ! -x "$bin" ]]; then
	(cd "$root" && cargo build --locked --quiet)
fi
if [[ ! -d "$here/node_modules/graphql-http" ]]; then
	(cd "$here" && npm ci --no-audit --no-fund --silent)
fi
mkdir -p "$root/target/http-audit"
start_server "$bin" "$root/target/http-audit/server.log"
node "$here/audit.mjs" "$BASE_URL/graphql"
