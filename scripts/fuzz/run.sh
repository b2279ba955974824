#!/usr/bin/env bash
# Fuzz the GraphQL API with schemathesis: generate queries from schema.graphql, send them to a
# local server and fail on any HTTP 5xx answer or server crash. A 4xx answer, or a 200 whose
# `errors` reject a generated query, is the expected outcome for invalid input, not a failure.
#
# Usage: scripts/fuzz/run.sh
# Environment:
#   BPGRAPH_BIN         server binary (default target/release/bpgraph, built if missing)
#   FUZZ_MAX_EXAMPLES   test cases per GraphQL operation (default 100)
#   FUZZ_SEED           schemathesis seed, to reproduce a run (default: random, printed)
#   FUZZ_WORKERS        concurrent schemathesis workers (default 1)
#   FUZZ_TIMEOUT        hard limit on the schemathesis run, in seconds (default 1800)
#   FUZZ_DICTIONARY     1 (default) to seed arguments with the server's real slugs, ids and
#                       cursors (see dictionary.py), 0 for purely random arguments
#   PYTHON              interpreter for the venv, >= 3.11 (default python3)
# Everything it writes goes under target/: the venv in target/fuzz-venv, the server log,
# reports (JUnit, HAR) and schemathesis' example databases in target/fuzz.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/scripts/fuzz
VENV=$ROOT/target/fuzz-venv
WORK=$ROOT/target/fuzz
BIN=${BPGRAPH_BIN:-target/release/bpgraph}
MAX_EXAMPLES=${FUZZ_MAX_EXAMPLES:-100}
WORKERS=${FUZZ_WORKERS:-1}
TIMEOUT=${FUZZ_TIMEOUT:-1800}
PYTHON=${PYTHON:-python3}

# The venv, reinstalled only when requirements.txt changes (so later runs work offline).
source "$ROOT/scripts/python-venv.sh"
python_venv fuzz 11 "$VENV" "$HERE/requirements.txt"

if [[ ! -x $BIN ]]; then
	if [[ -n ${BPGRAPH_BIN:-} ]]; then
		echo "fuzz: BPGRAPH_BIN=$BPGRAPH_BIN is not an executable" >&2
		exit 2
	fi
	cargo build --release --locked
fi

rm -rf "$WORK/report"
mkdir -p "$WORK/report"
LOG=$WORK/server.log
OUT=$WORK/schemathesis.log

source "$ROOT/scripts/start-server.sh"
start_server "$BIN" "$LOG"
URL=$BASE_URL/graphql
echo "fuzz: server $BIN (pid $SERVER_PID) answering at $URL"

CONFIG=$WORK/schemathesis.toml
if [[ ${FUZZ_DICTIONARY:-1} == 1 ]]; then
	"$VENV/bin/python" "$HERE/dictionary.py" "$URL" "$CONFIG"
else
	: >"$CONFIG"
fi

# Checks: only `no_5xx` (checks.py), not schemathesis' `not_a_server_error`: in GraphQL mode
# that one also fails any HTTP 200 whose `errors` come from a resolver (ST113 "GraphQL server
# error"), which is how bpgraph answers, by design, an argument that names nothing (NOT_FOUND,
# "no entity is called ..."), so many random queries would count as failures.
# The run is bounded by FUZZ_MAX_EXAMPLES per operation and by `timeout`, not by schemathesis'
# --max-time, which keeps fuzzing until the budget is spent.
# schemathesis runs from target/fuzz so its .hypothesis and .schemathesis caches (used by
# `schemathesis replay`) stay out of the work tree.
args=(
	--no-color --config-file "$CONFIG"
	run "$ROOT/schema.graphql" --url "$URL"
	--checks no_5xx
	--max-examples "$MAX_EXAMPLES"
	--workers "$WORKERS"
	--request-timeout 30
	--report junit,har --report-dir "$WORK/report"
)
[[ -n ${FUZZ_SEED:-} ]] && args+=(--seed "$FUZZ_SEED")

echo "fuzz: schemathesis ${args[*]}"
start=$(date +%s)
status=0
(
	cd "$WORK"
	SCHEMATHESIS_HOOKS=$HERE/checks.py timeout --kill-after=30 "$TIMEOUT" "$VENV/bin/schemathesis" "${args[@]}"
) 2>&1 | tee "$OUT" || status=$?
elapsed=$(($(date +%s) - start))

problems=()
if ((status == 124 || status == 137)); then
	problems+=("schemathesis did not finish within FUZZ_TIMEOUT=${TIMEOUT}s")
elif ((status != 0)); then
	problems+=("schemathesis exited with $status (failures or errors above)")
fi
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
	problems+=("the server died during the run (log: $LOG)")
fi
panics=$(grep -c 'panicked' "$LOG" || true)
if ((panics > 0)); then
	problems+=("the server log has $panics panic(s): $LOG")
fi

echo
echo "=== fuzz summary ==="
echo "duration:   ${elapsed}s (max ${MAX_EXAMPLES} examples per operation, ${WORKERS} worker(s))"
grep -E '^\s*(Selected|Tested):' "$OUT" | sed 's/^ */operations: /' || true
grep -E '^\s*[0-9]+ generated' "$OUT" | sed 's/^ */test cases: /' || true
grep -E '^Seed:' "$OUT" || true
echo "reports:    $WORK/report, server log $LOG"
if ((${#problems[@]})); then
	printf 'FAILED: %s\n' "${problems[@]}"
	exit 1
fi
echo "OK: no 5xx answers, no crashes"
