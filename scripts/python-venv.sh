# Sourced by the scripts that run a Python tool: `python_venv TOOL MIN_MINOR VENV REQUIREMENTS`
# makes VENV with $PYTHON (default python3, which must be 3.MIN_MINOR or newer) and installs the
# hash-pinned REQUIREMENTS into it, again only when that file changes, so later runs work
# offline. TOOL names the caller in messages.

python_venv() {
	local tool=$1 min_minor=$2 venv=$3 requirements=$4
	local python=${PYTHON:-python3}
	if [[ ! -x $venv/bin/python ]]; then
		"$python" -c "import sys; sys.exit(sys.version_info < (3, $min_minor))" \
			|| { echo "$tool: needs Python >= 3.$min_minor (set PYTHON)" >&2; exit 2; }
		"$python" -m venv "$venv"
	fi
	local stamp
	stamp=$(sha256sum "$requirements" | cut -d' ' -f1)
	if [[ $(cat "$venv/.requirements-sha256" 2>/dev/null || true) != "$stamp" ]]; then
		"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
			-r "$requirements"
		echo "$stamp" >"$venv/.requirements-sha256"
	fi
}
