#!/usr/bin/env bash
# The server's user-space instructions per request, counted by callgrind over a fixed number of
# requests after a warm-up: a figure that does not move with the machine's load, unlike
# requests per second or CPU time, so a change of a few hundred instructions shows. (Not the
# kernel's work, and not what each instruction costs: `cpu-per-request` and `bench apart` say
# that.) Every thread of the server is counted.
#
# Usage: scripts/instructions-per-request/run.sh QUERY_FILE cached|uncached|floor [REQUESTS]
#   `floor` runs `bench floor`, a bare axum server answering the same bytes. BPGRAPH_BIN picks
#   the binary (default target/release/bpgraph); KEEP=FILE keeps callgrind's output (read it
#   with `callgrind_annotate --inclusive=yes FILE`).
# Needs valgrind, curl and python3. Requests go as wrk sends them: POST, no Accept-Encoding.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${BPGRAPH_BIN:-$root/target/release/bpgraph}
query=$1 mode=$2 requests=${3:-1000}
source "$root/scripts/lib/measure.sh"
require_tools instructions-per-request valgrind callgrind_control curl python3
work=$(mktemp -d)
server=
trap '[[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
request_body "$query" >"$work/body.json"
port=18290
path=/graphql
if [[ $mode == floor ]]; then
	floor_answers "$bin" "$port" "$(cat "$work/body.json")" "$work/answers.json"
	command=("$(dirname "$bin")/bench" floor --answers "$work/answers.json" --bind "127.0.0.1:$port")
	path=/floor/0
else
	cache=()
	[[ $mode == uncached ]] && cache=(--response-cache false)
	command=("$bin" --bind "127.0.0.1:$port" --drain-ms 0 "${cache[@]}")
fi
# Not instrumented until the warm-up is over: start-up and first requests are not counted.
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/callgrind.out" \
	"${command[@]}" >/dev/null 2>"$work/valgrind.log" &
server=$!
for _ in $(seq 300); do
	curl -fsS -o /dev/null -H 'content-type: application/json' --data-binary @"$work/body.json" \
		"http://127.0.0.1:$port$path" 2>/dev/null && break
	sleep 0.2
done
client="$root/scripts/instructions-per-request/client.py"
python3 "$client" "$port" 300 "$path" "$work/body.json"
callgrind_control -i on "$server" >/dev/null
python3 "$client" "$port" "$requests" "$path" "$work/body.json"
callgrind_control -i off "$server" >/dev/null
callgrind_control -d "$server" >/dev/null
sleep 0.5
kill "$server"
wait "$server" 2>/dev/null || true
server=
total=$(cat "$work"/callgrind.out* | awk '/^totals:/ { sum += $2 } END { print sum }')
[[ -n ${KEEP:-} ]] && cat "$work"/callgrind.out* >"$KEEP"
python3 -c "print(f'{$total / $requests:.0f} instructions per request ($mode, $requests requests)')"
