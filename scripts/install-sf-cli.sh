#!/usr/bin/env bash
# Installs the real Salesforce CLI (pinned: the current release, on @salesforce/core 9) into .tmp/sf-cli/ for the e2e
# tests and the bench. It needs Node >= 22.19, which scripts/node22.sh provides.
set -euo pipefail
VERSION="${SF_CLI_VERSION:-2.150.6}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${SF_CLI_DIR:-$ROOT/.tmp/sf-cli}"
BIN="$DIR/node_modules/.bin/sf"
source "$ROOT/scripts/node22.sh"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

if [ -x "$BIN" ] && [ -f "$DIR/node_modules/@salesforce/cli/package.json" ] \
  && node -e "process.exit(require('$DIR/node_modules/@salesforce/cli/package.json').version === '$VERSION' ? 0 : 1)"; then
  echo "sf CLI $VERSION already installed in $DIR"
  exit 0
fi

mkdir -p "$DIR"
cat > "$DIR/package.json" <<JSON
{
  "name": "sf-cli-cache",
  "private": true,
  "dependencies": { "@salesforce/cli": "$VERSION" }
}
JSON
(cd "$DIR" && npm install --no-audit --no-fund --loglevel=error)
echo "sf CLI installed: $("$BIN" --version 2>/dev/null || echo unknown) ($BIN)"
