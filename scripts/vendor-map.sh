#!/usr/bin/env bash
# Vendors what the explorer's map of the states needs into assets/explorer/, so the binary
# embeds it and the map works offline: d3-geo (projection and SVG paths; it needs d3-array),
# topojson-client (TopoJSON to GeoJSON), world-atlas' countries-110m.json (Natural Earth's
# 1:110m countries, feature ids ISO 3166-1 numeric) and i18n-iso-countries' codes.json (ISO
# 3166-1 alpha-2, alpha-3 and numeric codes, the table that matches the seed's codes to the
# map's ids). Each package comes from the npm registry with `npm pack` (checked against its
# integrity hash by npm); its licence and version are kept beside the files.
# Usage: scripts/vendor-map.sh (the versions are pinned below).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/assets/explorer"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# package@version, then each file to copy as `path-in-package:name-in-assets`.
vendor() {
	local spec=$1 name=${1%@*}
	shift
	mkdir -p "$work/$name"
	(cd "$work/$name" && npm pack --silent "$spec" >/dev/null && tar -xzf ./*.tgz)
	for pair in "$@"; do
		cp "$work/$name/package/${pair%%:*}" "$dest/${pair#*:}"
	done
	cp "$work/$name/package/LICENSE" "$dest/LICENSE.$name"
	node -p "require('$work/$name/package/package.json').version" >"$dest/$name.version"
	echo "vendored $name $(cat "$dest/$name.version")"
}

vendor d3-array@3.2.5 dist/d3-array.min.js:d3-array.min.js
vendor d3-geo@3.1.2 dist/d3-geo.min.js:d3-geo.min.js
vendor topojson-client@3.1.0 dist/topojson-client.min.js:topojson-client.min.js
vendor world-atlas@2.0.2 countries-110m.json:countries-110m.json
vendor i18n-iso-countries@7.14.0 codes.json:iso-3166-codes.json
