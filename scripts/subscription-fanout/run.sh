#!/usr/bin/env bash
# Measures subscription fan-out: N (default 1000) graphql-transport-ws subscribers to
# `dataVersionChanged` on one server over a copy of the seed; then a change to the copy and a
# SIGHUP reload, and how long until every subscriber has the new version (reload, validation
# and graph build included). Prints figures, asserts nothing. Needs node 20+.
# BPGRAPH_BIN picks the binary (default: the release build, made if missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
bin="${BPGRAPH_BIN:-$root/target/release/bpgraph}"
count="${1:-1000}"
source "$root/scripts/start-server.sh"
if [[ ! -x "$bin" ]]; then
	(cd "$root" && cargo build --release --locked --quiet)
fi
data="$(mktemp -d)"
cp -r "$root/seed/." "$data/"
log="$(mktemp)"
start_server "$bin" "$log" --data "$data" --watch false --max-subscriptions "$count"
ws_url="${BASE_URL/http:/ws:}/graphql"
coproc FANOUT { node --experimental-websocket --no-warnings "$here/fanout.mjs" "$ws_url" "$count"; }
read -r line <&"${FANOUT[0]}"
[[ $line == reload ]]
# Any change of bytes is a new data version.
echo "# changed for the fan-out measurement" >>"$data/entities/states.toml"
kill -HUP "$SERVER_PID"
echo go >&"${FANOUT[1]}"
wait "$FANOUT_PID"
rm -rf "$data" "$log"
