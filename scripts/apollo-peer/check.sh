#!/usr/bin/env bash
# Starts bpgraph and the Apollo peer over the same data (bpgraph's own JSON-LD export) and
# checks that they answer every shared query (shared-queries.txt) alike, byte for byte but for
# the newline Apollo ends its answers with. Needs node and npm; installs the peer's locked
# dependencies on first use. BPGRAPH_BIN picks the binary (default: the debug build, made if
# missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${BPGRAPH_BIN:-$root/target/debug/bpgraph}"
source "$root/scripts/start-server.sh"

if [[ ! -x "$bin" ]]; then
	(cd "$root" && cargo build --locked --quiet --bin bpgraph)
fi
if [[ ! -d "$here/node_modules/@apollo/server" ]]; then
	(cd "$here" && npm ci --no-audit --no-fund --silent)
fi
work="$root/target/apollo-peer"
mkdir -p "$work"
"$bin" export --format jsonld --out "$work/graph.jsonld"
start_server "$bin" "$work/server.log" --response-cache false

# The peer on a port the OS picks; its first line names the address.
PEER_PORT=0 PEER_DATA="$work/graph.jsonld" node "$here/server.mjs" >"$work/peer.log" 2>&1 &
peer_pid=$!
trap 'kill "$peer_pid" 2>/dev/null || true; stop_server' EXIT
peer_url=
for _ in $(seq 300); do
	if ! kill -0 "$peer_pid" 2>/dev/null; then
		echo "the Apollo peer exited at startup:" >&2
		cat "$work/peer.log" >&2
		exit 1
	fi
	peer_url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$work/peer.log" | head -n1 || true)
	[[ -n $peer_url ]] && break
	sleep 0.1
done
if [[ -z $peer_url ]]; then
	echo "the Apollo peer did not start within 30 s:" >&2
	cat "$work/peer.log" >&2
	exit 1
fi
node "$here/compare.mjs" "$BASE_URL/graphql" "$peer_url/graphql"
