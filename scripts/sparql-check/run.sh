#!/usr/bin/env bash
# Loads the server's Turtle export into an RDF store (pyoxigraph) and checks that SPARQL and
# GraphQL name the same co-chairs of every working group, with the same citations, and that
# `/entity/turkiye` answers Turtle that parses (check.py says how).
#
# Usage: scripts/sparql-check/run.sh
# Environment:
#   BPGRAPH_BIN   server binary (default target/debug/bpgraph, built if missing)
#   PYTHON        interpreter for the venv, >= 3.9 (default python3)
# The venv lives in target/sparql-venv and is reinstalled only when requirements.txt changes,
# so later runs work offline; the server log goes to target/sparql-check/server.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT=$PWD
HERE=$ROOT/scripts/sparql-check
VENV=$ROOT/target/sparql-venv
WORK=$ROOT/target/sparql-check
BIN=${BPGRAPH_BIN:-target/debug/bpgraph}
PYTHON=${PYTHON:-python3}
# Not the default base: the check also proves that the configured base reaches every IRI.
BASE_IRI=https://example.org/bp/

source "$ROOT/scripts/python-venv.sh"
python_venv sparql-check 9 "$VENV" "$HERE/requirements.txt"

if [[ ! -x $BIN ]]; then
	if [[ -n ${BPGRAPH_BIN:-} ]]; then
		echo "sparql-check: BPGRAPH_BIN=$BPGRAPH_BIN is not an executable" >&2
		exit 2
	fi
	cargo build --locked
fi

mkdir -p "$WORK"
source "$ROOT/scripts/start-server.sh"
start_server "$BIN" "$WORK/server.log" --base-iri "$BASE_IRI"
echo "sparql-check: server $BIN (pid $SERVER_PID) at $BASE_URL, base IRI $BASE_IRI"
"$VENV/bin/python" "$HERE/check.py" "$BASE_URL" "$BASE_IRI"
