# Shared by the per-request measuring scripts (`cpu-per-request`, `instructions-per-request`);
# sourced, not run.

# require_tools NAME TOOL...: exits with a message naming the first tool not installed.
require_tools() {
	local name=$1 tool
	shift
	for tool in "$@"; do
		command -v "$tool" >/dev/null || { echo "$name: $tool is not installed" >&2; exit 1; }
	done
}

# request_body QUERY_FILE: the query as a JSON request body.
request_body() {
	python3 -c 'import json, sys; print(json.dumps({"query": open(sys.argv[1]).read()}))' "$1"
}

# floor_answers BIN PORT BODY OUT: what the server answers BODY (a JSON request body), fetched
# from a server of its own on PORT, written to OUT as the one-answer list `bench floor` serves,
# so that the floor answers the same bytes.
floor_answers() {
	local bin=$1 port=$2 body=$3 out=$4 server
	"$bin" --bind "127.0.0.1:$port" --drain-ms 0 >/dev/null 2>&1 &
	server=$!
	for _ in $(seq 50); do curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && break; sleep 0.1; done
	curl -fsS -H 'content-type: application/json' --data-binary "$body" "http://127.0.0.1:$port/graphql" >"$out.answer"
	kill "$server"
	wait "$server" 2>/dev/null || true
	python3 -c 'import json, sys; print(json.dumps([open(sys.argv[1]).read()]))' "$out.answer" >"$out"
	rm -f "$out.answer"
}
