# Sourced by the scripts that test a running server: `start_server BIN LOG [ARGS...]` starts
# BIN on a port the OS picks (127.0.0.1:0), reads the bound address from its log, waits until
# /ready answers, and sets SERVER_PID and BASE_URL. The server is stopped when the script exits.

start_server() {
	local bin=$1 log=$2
	shift 2
	# No drain on stop: nothing routes to a test server.
	"$bin" --bind 127.0.0.1:0 --drain-ms 0 "$@" >"$log" 2>&1 &
	SERVER_PID=$!
	trap stop_server EXIT
	BASE_URL=
	for _ in $(seq 300); do
		if ! kill -0 "$SERVER_PID" 2>/dev/null; then
			echo "the server exited at startup:" >&2
			cat "$log" >&2
			return 1
		fi
		if [[ -z $BASE_URL ]]; then
			BASE_URL=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -n1 || true)
		fi
		if [[ -n $BASE_URL ]] && curl -fsS -o /dev/null "$BASE_URL/ready" 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	echo "the server was not ready within 30 s:" >&2
	cat "$log" >&2
	return 1
}

stop_server() {
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
}
