#!/usr/bin/env bash
# Vendors cytoscape's browser build into assets/explorer/ (the explorer page's graph view), so
# the binary embeds it and the page works offline. Fetches the package with `npm pack` (from
# the npm registry, checked against its integrity hash by npm) and copies the minified build,
# its licence and its version. Usage: scripts/vendor-cytoscape.sh [VERSION] (default: the
# version in assets/explorer/cytoscape.version).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/assets/explorer"
version="${1:-$(cat "$dest/cytoscape.version")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "cytoscape@$version" >/dev/null)
tar -xzf "$work"/cytoscape-*.tgz -C "$work"
cp "$work/package/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE.cytoscape"
node -p "require('$work/package/package.json').version" >"$dest/cytoscape.version"
echo "vendored cytoscape $(cat "$dest/cytoscape.version") into ${dest#"$root"/}"
