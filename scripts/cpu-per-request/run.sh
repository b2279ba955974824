#!/usr/bin/env bash
# The server's CPU time per request, from /proc (utime + stime of every thread) over a wrk run:
# a figure that load on the rest of the machine hardly moves, unlike requests per second. The
# server runs pinned to core 0 and wrk to core 1, one server per setting, in rounds.
#
# Usage: scripts/cpu-per-request/run.sh QUERY_FILE cached|uncached [SETTING...]
#   each SETTING is an environment assignment for the server (`BPGRAPH_INLINE_US=0`,
#   `RUST_LOG=warn`); `-` runs it as shipped; `floor` runs `bench floor`, a bare axum server
#   answering the same bytes. BPGRAPH_BIN picks the binary (default target/release/bpgraph),
#   ROUNDS the rounds (3), SECONDS_EACH each measured run (3).
# Needs wrk, curl, python3 and taskset.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BPGRAPH_BIN:-$root/target/release/bpgraph}
query=$1 mode=$2
shift 2
settings=("$@")
[[ ${#settings[@]} -gt 0 ]] || settings=(-)
source "$root/scripts/lib/measure.sh"
require_tools cpu-per-request wrk curl python3 taskset
work=$(mktemp -d)
server=
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
body=$(request_body "$query")
printf 'wrk.method = "POST"\nwrk.headers["content-type"] = "application/json"\nwrk.body = [[%s]]\n' \
	"$body" >"$work/post.lua"
cache=()
[[ $mode == uncached ]] && cache=(--response-cache false)
port=18190
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
for round in $(seq "${ROUNDS:-3}"); do
	for setting in "${settings[@]}"; do
		environment=()
		[[ $setting != - ]] && environment=("$setting")
		url="http://127.0.0.1:$port/graphql"
		if [[ $setting == floor ]]; then
			floor_answers "$bin" "$port" "$body" "$work/answers.json"
			taskset -c 0 "$(dirname "$bin")/bench" floor --answers "$work/answers.json" --bind "127.0.0.1:$port" \
				>/dev/null 2>&1 &
			url="http://127.0.0.1:$port/floor/0"
		else
			env "${environment[@]}" taskset -c 0 "$bin" --bind "127.0.0.1:$port" --drain-ms 0 "${cache[@]}" \
				>/dev/null 2>&1 &
		fi
		server=$!
		sleep 0.3
		for _ in $(seq 50); do curl -fsS -o /dev/null -H 'content-type: application/json' --data-binary "$body" "$url" 2>/dev/null && break; sleep 0.1; done
		# Warm: parsed, validated, its plan timed, then a second of load.
		for _ in 1 2 3; do curl -fsS -o /dev/null -H 'content-type: application/json' --data-binary "$body" "$url"; done
		taskset -c 1 wrk -t1 -c32 -d1s -s "$work/post.lua" "$url" >/dev/null
		before=$(ticks "$server")
		taskset -c 1 wrk -t1 -c32 -d"${SECONDS_EACH:-3}"s -s "$work/post.lua" "$url" >"$work/wrk.txt"
		after=$(ticks "$server")
		requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
		ticks_per_second=$(getconf CLK_TCK)
		python3 -c "print(f'round $round  $setting  {($after - $before) * 1e6 / $ticks_per_second / $requests:.1f} µs CPU per request  ($requests requests)')"
		kill "$server"
		wait "$server" 2>/dev/null || true
		server=
		port=$((port + 1))
	done
done
