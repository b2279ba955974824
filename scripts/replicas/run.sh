#!/usr/bin/env bash
# Three replicas behind nginx on loopback, as a load balancer would run them:
#   1. every replica gives the same answer and the same ETag for the same query;
#   2. a data change rolled through the replicas one at a time (each hot-reloads its own data
#      directory) while clients keep querying: no client sees an error, and at the end every
#      replica serves the same new dataVersion;
#   3. one replica killed (SIGKILL) under load: nginx retries on another, no client sees an error;
#   4. a replica stopped with SIGTERM under load: it drains, then exits; no client sees an error.
# Needs nginx and wrk (Debian packages) and curl; every loop is bounded and traffic stays on
# 127.0.0.1. Usage: BPGRAPH_BIN=target/debug/bpgraph scripts/replicas/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${BPGRAPH_BIN:-$root/target/debug/bpgraph}
for tool in nginx wrk curl; do
	command -v "$tool" >/dev/null || { echo "replicas: $tool is not installed" >&2; exit 1; }
done
work=$(mktemp -d)
pids=()
nginx_pid=
cleanup() {
	for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
	[[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check NAME COMMAND...: one line per check, and a count
	local name=$1
	shift
	if "$@"; then
		echo "ok   $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name"
		failed=$((failed + 1))
	fi
}

# A free port on loopback, from the kernel.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

ports=()
start_replica() { # start_replica N: its own copy of the seed, hot-reloaded
	local n=$1 port=${ports[$1]}
	"$bin" --bind "127.0.0.1:$port" --data "$work/data$n" --drain-ms 1000 \
		>"$work/replica$n.log" 2>&1 &
	pids[n]=$!
	for _ in $(seq 300); do
		curl -fsS -o /dev/null "http://127.0.0.1:$port/ready" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "replica $n did not become ready" >&2
	cat "$work/replica$n.log" >&2
	return 1
}

for n in 0 1 2; do
	cp -r "$root/seed" "$work/data$n"
	ports[n]=$(free_port)
	start_replica "$n"
done
lb_port=$(free_port)
cat >"$work/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $work/body;
	proxy_temp_path $work/proxy;
	fastcgi_temp_path $work/fastcgi;
	uwsgi_temp_path $work/uwsgi;
	scgi_temp_path $work/scgi;
	upstream bpgraph {
		server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=2s;
		server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=2s;
		server 127.0.0.1:${ports[2]} max_fails=1 fail_timeout=2s;
		keepalive 32;
	}
	server {
		listen 127.0.0.1:$lb_port;
		location / {
			proxy_pass http://bpgraph;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			# GraphQL queries are reads: retrying a POST on another replica is safe.
			proxy_next_upstream error timeout http_502 http_503 non_idempotent;
			proxy_next_upstream_tries 3;
			proxy_connect_timeout 1s;
		}
	}
}
CONF
nginx -c "$work/nginx.conf" &
nginx_pid=$!
for _ in $(seq 100); do
	curl -fsS -o /dev/null "http://127.0.0.1:$lb_port/ready" 2>/dev/null && break
	sleep 0.1
done

query='{"query":"{ coChairTimeline(first: 100) { nodes { subject { name } object { name } citations { quote } } } }"}'
cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$query'
LUA

# 1. The same answer and ETag from every replica.
answers=()
etags=()
for n in 0 1 2; do
	answers[n]=$(curl -fsS -H 'Content-Type: application/json' -d "$query" "http://127.0.0.1:${ports[$n]}/graphql" | sha256sum)
	etags[n]=$(curl -fsS -o /dev/null -D - -H 'Content-Type: application/json' -d "$query" \
		"http://127.0.0.1:${ports[$n]}/graphql" | tr -d '\r' | awk 'tolower($1)=="etag:" {print $2}')
done
same() { [[ $1 == "$2" && $2 == "$3" && -n $1 ]]; }
check "the same answer from every replica" same "${answers[@]}"
check "the same ETag from every replica (${etags[0]})" same "${etags[@]}"

# Load through nginx for SECONDS; its counts of errors go to FILE.
load() { # load SECONDS FILE
	wrk -t1 -c8 -d"$1"s -s "$work/post.lua" "http://127.0.0.1:$lb_port/graphql" >"$2" 2>&1
}
# wrk prints "Non-2xx or 3xx responses: N" and "Socket errors: ..." only when there are some.
no_errors() { # no_errors FILE
	if grep -qE 'Non-2xx|Socket errors' "$1"; then
		cat "$1"
		return 1
	fi
	grep -qE 'requests in' "$1"
}
version_of() { curl -fsS "http://127.0.0.1:${ports[$1]}/ready" | python3 -c 'import json,sys; print(json.load(sys.stdin)["dataVersion"])'; }

# 2. A data change rolled through the replicas one by one, under load.
old_version=$(version_of 0)
load 8 "$work/rolling.txt" &
loader=$!
sleep 1
for n in 0 1 2; do
	# Any edit is a new content hash, so a new dataVersion; a comment changes no fact.
	printf '\n# rolled out\n' >>"$work/data$n/entities/states.toml"
	for _ in $(seq 100); do
		[[ $(version_of "$n") != "$old_version" ]] && break
		sleep 0.1
	done
	sleep 1
done
wait "$loader"
check "no client error while the data rolled through the replicas" no_errors "$work/rolling.txt"
versions=("$(version_of 0)" "$(version_of 1)" "$(version_of 2)")
check "every replica serves the new data version (${versions[0]:0:12})" \
	same "${versions[@]}"
check "the new data version differs from the old" test "${versions[0]}" != "$old_version"

# 3. One replica killed under load.
load 6 "$work/killed.txt" &
loader=$!
sleep 2
kill -9 "${pids[1]}"
wait "${pids[1]}" 2>/dev/null || true
wait "$loader"
check "no client error when a replica is killed under load" no_errors "$work/killed.txt"

# 4. One replica stopped with SIGTERM under load: it drains, then exits by itself.
load 6 "$work/stopped.txt" &
loader=$!
sleep 1
kill -TERM "${pids[2]}"
ready_while_draining=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${ports[2]}/ready" || true)
exited=false
for _ in $(seq 200); do
	if ! kill -0 "${pids[2]}" 2>/dev/null; then exited=true; break; fi
	sleep 0.1
done
wait "$loader"
check "a stopping replica answers /ready with 503 while it drains" test "$ready_while_draining" = 503
check "a stopping replica exits by itself" $exited
check "no client error when a replica stops under load" no_errors "$work/stopped.txt"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
