#!/usr/bin/env bash
# Overload and memory, measured on a release build for RELIABILITY.md: the server pinned to
# core 0, every load generator to core 1, all traffic on 127.0.0.1, every loop bounded.
#   overload  2,000 connections POSTing an uncached heavy query (wrk, 20 s) while /health and a
#             cached query are measured (wrk --latency, 15 s), and /health asked 50 times a
#             second (paced.py, 15 s), on the probe port too when the binary has
#             `--probe-listen`: p99s, 503s and Retry-After, client
#             time-outs, the server's shed count, the listen queue, and where the server's
#             core went meanwhile (threads.py: CPU per group of threads);
#   distinct  200,000 distinct queries: RSS before, at the peak and after;
#   names     20,000 distinct operation names: the same;
#   idle      5,000 idle kept-alive connections: RSS before, while open, after they closed;
#   cached    throughput: 8 connections asking a cached query for 10 s (wrk), RSS after.
# Needs wrk, curl, python3 and taskset. Usage: scripts/overload/run.sh [RUN...] (the first four by
# default); BPGRAPH_BIN picks the binary (default target/release/bpgraph), SERVER_ARGS adds
# flags to every server, QUERY_FILE the heavy query.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BPGRAPH_BIN:-$root/target/release/bpgraph}
heavy=${QUERY_FILE:-$here/heavy.graphql}
for tool in wrk curl python3 taskset; do
	command -v "$tool" >/dev/null || { echo "overload: $tool is not installed" >&2; exit 1; }
done
# shellcheck source=../start-server.sh
source "$root/scripts/start-server.sh"
# 2,000 and 5,000 connections, on each side of loopback.
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
SERVER_PID=
trap 'stop_server; rm -rf "$work"' EXIT
# The server on core 0 (start_server takes one program: this wrapper execs into it, so its
# pid is the server's).
cat >"$work/server" <<EOF
#!/bin/sh
exec taskset -c 0 "$bin" \$SERVER_ARGS "\$@"
EOF
chmod +x "$work/server"
export SERVER_ARGS=${SERVER_ARGS:-}
on_load_core() { taskset -c 1 "$@"; }

status_mb() { awk -v key="$1:" '$1 == key { printf "%.0f MB", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
metric() { curl -fsS "$BASE_URL/metrics" | awk -v series="$1" '$1 == series { print $2 }'; }
port() { echo "${BASE_URL##*:}"; }
fresh_server() {
	stop_server
	start_server "$work/server" "$work/log" "$@"
	echo "  server: $(status_mb VmRSS) at rest ($(curl -fsS "$BASE_URL/ready"))"
}
# wrk's latency line for a percentile, and its request and error lines.
percentile() { awk -v p="$1" '$1 == p { print $2 }' "$2"; }
summary() { grep -E 'requests in|Non-2xx|Socket errors' "$1" | sed 's/^ */    /'; }

# The probe port's URL, from the server's log, when it was started with --probe-listen.
probe_url() { grep -oE 'probes on http://127\.0\.0\.1:[0-9]+' "$work/log" | head -n1 | sed 's/^probes on //' || true; }
has_probe_port() { "$bin" serve --help | grep -q -- --probe-listen; }

overload() {
	echo "overload: 2,000 connections on an uncached heavy query ($(basename "$heavy"))"
	if has_probe_port; then
		fresh_server --probe-listen 127.0.0.1:0
	else
		fresh_server
	fi
	local probes
	probes=$(probe_url)
	# The cached query is answered once before the load, so the cache holds it.
	curl -fsS -o /dev/null -H 'content-type: application/json' \
		--data-binary '{"query":"{ entity(ref: \"turkiye\") { name slug } }"}' "$BASE_URL/graphql"
	# The flood at nice 10, so the two measuring clients sharing its core are not held up by
	# it: their latencies are the server's, not the generator's.
	QUERY_FILE=$heavy on_load_core nice -n 10 wrk -t2 -c2000 -d20s --timeout 10s -s "$here/heavy.lua" \
		"$BASE_URL/graphql" >"$work/heavy.txt" &
	local load=$!
	sleep 3
	on_load_core wrk -t1 -c4 -d15s --timeout 10s --latency "$BASE_URL/health" >"$work/health.txt" &
	local health=$!
	# /health asked 50 times a second, as balancers and orchestrators ask (paced.py), on the
	# main port and, with --probe-listen, on the probe port.
	on_load_core python3 "$here/paced.py" "$(port)" /health 50 15 >"$work/paced-health.txt" &
	local paced=$!
	local probe=
	if [[ -n $probes ]]; then
		on_load_core python3 "$here/paced.py" "${probes##*:}" /health 50 15 >"$work/probe-health.txt" &
		probe=$!
	fi
	on_load_core wrk -t1 -c4 -d15s --timeout 10s --latency -s "$here/cached.lua" \
		"$BASE_URL/graphql" >"$work/cached.txt" &
	local cached=$!
	sleep 2
	# The listen queue (Recv-Q: connections the kernel completed that the server has not yet
	# accepted) and, for 10 s, where the server's core goes.
	ss -Hltn "sport = :$(port)" | awk '{ print "  listen queue during the load: " $2 " waiting (of " $3 ")" }' >"$work/queue.txt"
	python3 "$here/threads.py" "$SERVER_PID" 10 >"$work/threads.txt"
	wait "$health" "$cached" "$paced" ${probe:+"$probe"}
	# One uncached request under load, to see a shed answer's head.
	python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read() + "\n# probe"}))' \
		"$heavy" >"$work/probe.json"
	curl -sS -o /dev/null -D "$work/probe.head" -w '%{time_total}' -H 'content-type: application/json' \
		--data-binary @"$work/probe.json" "$BASE_URL/graphql" >"$work/probe.time"
	wait "$load"
	echo "  heavy query load:"
	summary "$work/heavy.txt"
	echo "    latency: $(grep -E '^ +Latency' "$work/heavy.txt" | awk '{ print "mean " $2 ", max " $4 }')"
	echo "  /health: p50 $(percentile 50% "$work/health.txt"), p99 $(percentile 99% "$work/health.txt")"
	summary "$work/health.txt"
	echo "  cached query: p50 $(percentile 50% "$work/cached.txt"), p99 $(percentile 99% "$work/cached.txt")"
	summary "$work/cached.txt"
	echo "  /health 50 times a second: $(cat "$work/paced-health.txt")"
	if [[ -n $probe ]]; then
		echo "  /health 50 times a second on the probe port: $(cat "$work/probe-health.txt")"
	fi
	cat "$work/queue.txt"
	echo "  the server's threads during the load:"
	cat "$work/threads.txt"
	echo "  one uncached request under load: $(head -n1 "$work/probe.head" | tr -d '\r'), $(grep -i '^retry-after' "$work/probe.head" | tr -d '\r' || echo 'no Retry-After') in $(cat "$work/probe.time") s"
	echo "  server: 503 answers $(metric 'bpgraph_http_requests_total{route="/graphql",status="503"}'), shed $(metric 'bpgraph_shed_total{reason="waited"}') waited + $(metric 'bpgraph_shed_total{reason="queue_full"}') queue full, 200 answers $(metric 'bpgraph_http_requests_total{route="/graphql",status="200"}')"
	echo "  server: $(status_mb VmRSS) after, peak $(status_mb VmHWM)"
}

distinct() { # distinct LABEL COUNT [--names]
	echo "$1: $2 distinct queries over 8 connections"
	fresh_server
	local started=$SECONDS
	echo "  statuses: $(on_load_core python3 "$here/distinct.py" "$(port)" "$2" "${@:3}") in $((SECONDS - started)) s"
	echo "  server: $(status_mb VmRSS) after, peak $(status_mb VmHWM)"
}

idle() {
	echo "idle: 5,000 kept-alive connections left idle, then closed (--max-connections 6000)"
	fresh_server --max-connections 6000
	coproc IDLE { on_load_core python3 "$here/idle.py" "$(port)" 5000; }
	local line
	read -r line <&"${IDLE[0]}"
	echo "  $line answered and idle: server $(status_mb VmRSS), peak $(status_mb VmHWM)"
	echo >&"${IDLE[1]}"
	read -r line <&"${IDLE[0]}"
	sleep 2
	echo "  $line, 2 s later: server $(status_mb VmRSS)"
	sleep 10
	echo "  12 s later: server $(status_mb VmRSS)"
}

cached() {
	echo "cached: 8 connections asking one cached query for 10 s"
	fresh_server
	on_load_core wrk -t1 -c8 -d10s --latency -s "$here/cached.lua" "$BASE_URL/graphql" >"$work/throughput.txt"
	echo "  $(grep -E '^Requests/sec' "$work/throughput.txt"), p50 $(percentile 50% "$work/throughput.txt"), p99 $(percentile 99% "$work/throughput.txt")"
	echo "  server: $(status_mb VmRSS) after, peak $(status_mb VmHWM)"
}

runs=("$@")
[[ ${#runs[@]} -gt 0 ]] || runs=(overload distinct names idle)
for run in "${runs[@]}"; do
	case $run in
	overload) overload ;;
	distinct) distinct distinct 200000 ;;
	names) distinct names 20000 --names ;;
	idle) idle ;;
	cached) cached ;;
	*) echo "unknown run: $run" >&2; exit 2 ;;
	esac
done
