#!/usr/bin/env bash
# Installs an official Node.js build into .node/<version>/ and prints its bin directory.
# The builds come from the npm registry (node-<os>-<arch>@<version> ships the binary),
# so this works wherever npm does. Usage: scripts/node-runtime.sh [version]
# (default: the version in .node-version).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-$(tr -d '[:space:]' <"$root/.node-version")}"
case "$(uname -s)" in
  Linux) os=linux ;;
  Darwin) os=darwin ;;
  *) echo "node-runtime: no official Node package for $(uname -s); install Node $version yourself" >&2; exit 1 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "node-runtime: no official Node package for $(uname -m); install Node $version yourself" >&2; exit 1 ;;
esac
package="node-$os-$arch"
dir="$root/.node/$version"
bin="$dir/node_modules/$package/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$version" ]; then
  mkdir -p "$dir"
  # A package.json of its own keeps npm from walking up into the project.
  [ -f "$dir/package.json" ] || printf '{"private":true}\n' >"$dir/package.json"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$package@$version" >&2
fi
[ "$("$bin/node" --version)" = "v$version" ] || { echo "node-runtime: $bin/node is not v$version" >&2; exit 1; }
printf '%s\n' "$bin"
