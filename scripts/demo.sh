#!/usr/bin/env bash
# The main job on a fresh machine: set up, then create, validate and hand over the Dropzone Connector app.
#   scripts/demo.sh                      against the built-in local org emulator (an isolated sf HOME, nothing of yours touched)
#   scripts/demo.sh --target-org <alias> against a real org your sf CLI knows
#   scripts/demo.sh --contact-email you@example.com   the app's contact email (default admin@example.com)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh

target_org=""
contact_email="admin@example.com"
while [ $# -gt 0 ]; do
  case "$1" in
    --target-org) target_org="$2"; shift 2 ;;
    --contact-email) contact_email="$2"; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

export SF_DISABLE_TELEMETRY=true SFDX_DISABLE_TELEMETRY=true SF_DISABLE_AUTOUPDATE=true SFDX_DISABLE_AUTOUPDATE=true
export SF_SKIP_NEW_VERSION_CHECK=true SF_HIDE_RELEASE_NOTES=true npm_config_update_notifier=false

if [ ! -d node_modules ]; then npm ci --no-audit --no-fund; fi
if [ ! -f oclif.manifest.json ] || [ -n "$(find src messages -newer oclif.manifest.json -print -quit)" ]; then npm run build; fi

emulator_pid=""
cleanup() { if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi; }
trap cleanup EXIT

if [ -z "$target_org" ]; then
  demo_home="$PWD/.tmp/demo-home"
  mkdir -p "$demo_home"
  export HOME="$demo_home" SF_USE_GENERIC_UNIX_KEYCHAIN=true SFDX_USE_GENERIC_UNIX_KEYCHAIN=true
  target_org="dropzone-emulator"
  log="$PWD/.tmp/demo-emulator.log"
  node --loader ts-node/esm --no-warnings=ExperimentalWarning emulator/cli.ts --port 0 --login-alias "$target_org" --state "$PWD/.tmp/demo-org.json" >"$log" 2>&1 &
  emulator_pid=$!
  for _ in $(seq 1 150); do
    grep -q '^instance url:' "$log" 2>/dev/null && grep -q 'alias' "$log" 2>/dev/null && break
    kill -0 "$emulator_pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.2
  done
  echo "== local org emulator: $(grep '^instance url:' "$log" | cut -d' ' -f3-) (alias $target_org, HOME=$demo_home)"
fi

run() { echo; echo "\$ sf $*"; ./bin/run.js "$@"; }
run dropzone app create --target-org "$target_org" --contact-email "$contact_email"
run dropzone app validate --target-org "$target_org"
if [ -f lib/commands/dropzone/app/credentials.js ]; then run dropzone app credentials --target-org "$target_org"; fi
echo
echo "Re-running create changes nothing:"
run dropzone app create --target-org "$target_org" --contact-email "$contact_email"
