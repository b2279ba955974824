#!/usr/bin/env bash
# Times the refusal of hostile documents by a running release server, for RELIABILITY.md.
# Usage: scripts/hostile-timing.sh [BIN] (default target/release/bpgraph; build it with
# `cargo build --release` first). Each request differs by a comment, so no cache answers it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/start-server.sh
bin=${1:-target/release/bpgraph}
log=$(mktemp)
start_server "$bin" "$log"

# Eight fragments, each spreading the next $1 times: $1^7 fields once spread.
fan_out_bomb() {
	local query="{ ...F0 }" spreads
	for i in $(seq 0 6); do
		spreads=$(printf -- "...F$((i + 1)) %.0s" $(seq "$1"))
		query+=" fragment F$i on Query { $spreads}"
	done
	echo "$query fragment F7 on Query { dataVersion }"
}

# Prints the median time to answer `$2` (a query text) over $1 requests, in milliseconds.
median_ms() {
	local rounds=$1 query=$2
	for i in $(seq "$rounds"); do
		python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1] + " #" + sys.argv[2]}))' \
			"$query" "$i" >"$log.body"
		curl -sS -o /dev/null -w '%{time_total}\n' -H 'content-type: application/json' \
			--data-binary @"$log.body" "$BASE_URL/graphql"
	done | sort -n | awk '{ t[NR] = $1 } END { printf "%.2f ms\n", 1000 * t[int((NR + 1) / 2)] }'
}

bomb=$(fan_out_bomb 14)
echo "fan-out bomb, k = 14 (${#bomb} bytes): $(median_ms 21 "$bomb")"
echo "ordinary query { dataVersion }: $(median_ms 21 '{ dataVersion }')"
echo "refusal: $(curl -sS -H 'content-type: application/json' \
	--data-binary "$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1]}))' "$bomb")" \
	"$BASE_URL/graphql" | head -c 200)"
