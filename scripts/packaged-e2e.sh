#!/usr/bin/env bash
# Installs the plugin the way users get it and runs `generate` from it on Node 22:
#   npm pack → tarball installed as a dependency of a fresh folder (no overrides, production deps only, npm running on
#   Node 22 so it resolves versions for Node 22) → `<node22> node_modules/plugin-dropzone/bin/run.js dropzone app generate`
#   → output compared byte for byte with force-app/main/default.
# Needs a built plugin (npm run build). Prints one `packaged: ok` or `packaged: FAILED …` line last; exit 0 only when ok.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${PACKAGED_WORK_DIR:-$ROOT/.tmp/packaged}"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export SF_DISABLE_TELEMETRY=true SFDX_DISABLE_TELEMETRY=true SF_DISABLE_AUTOUPDATE=true SFDX_DISABLE_AUTOUPDATE=true
export SF_SKIP_NEW_VERSION_CHECK=true SF_HIDE_RELEASE_NOTES=true SF_USE_GENERIC_UNIX_KEYCHAIN=true SFDX_USE_GENERIC_UNIX_KEYCHAIN=true

fail() {
  echo "packaged: FAILED $*"
  exit 1
}
step() { echo "--- packaged: $*"; }

[ -f "$ROOT/lib/commands/dropzone/app/generate.js" ] && [ -f "$ROOT/oclif.manifest.json" ] || fail "the plugin is not built (run npm run build)"

# Node 22 first on PATH (scripts/node22.sh installs it from the npm registry when the machine's node is older), so
# that npm's engine-aware version picks are the ones a Node 22 user gets.
source "$ROOT/scripts/node22.sh"
NODE22="$(command -v node)"
step "node $("$NODE22" --version) at $NODE22"
npm22() { npm "$@"; }

rm -rf "$WORK"
mkdir -p "$WORK/pack" "$WORK/app"
step "npm pack"
TARBALL="$(cd "$ROOT" && npm pack --silent --pack-destination "$WORK/pack" | tail -n 1)"
[ -f "$WORK/pack/$TARBALL" ] || fail "npm pack produced no tarball"
CONTENTS="$(tar -tzf "$WORK/pack/$TARBALL")"
for required in package/bin/run.js package/lib/commands/dropzone/app/generate.js package/oclif.manifest.json \
  package/messages/dropzone.app.generate.md package/schemas/dropzone-app-generate.json; do
  grep -qx "$required" <<<"$CONTENTS" || fail "the tarball lacks $required"
done
if grep -qE '^package/(src|test|emulator|force-app|node_modules|\.tmp)/' <<<"$CONTENTS"; then
  fail "the tarball ships development files: $(grep -E '^package/(src|test|emulator|force-app|node_modules|\.tmp)/' <<<"$CONTENTS" | head -3 | tr '\n' ' ')"
fi
echo "$TARBALL: $(wc -l <<<"$CONTENTS") files"

cat > "$WORK/app/package.json" <<JSON
{ "name": "dropzone-user", "version": "1.0.0", "private": true, "dependencies": { "plugin-dropzone": "file:../pack/$TARBALL" } }
JSON
step "installing the tarball as a dependency (npm $(npm22 --version) on node $("$NODE22" --version), no overrides)"
(cd "$WORK/app" && npm22 install --omit=dev --no-audit --no-fund --loglevel=error) || fail "npm install of the tarball failed"
echo "resolved: $(cd "$WORK/app" && npm22 ls --all --omit=dev 2>/dev/null | grep -Eo '(@salesforce/core|@jsforce/jsforce-node|undici|@oclif/core)@[0-9.]+' | sort -u | tr '\n' ' ')"

RUN="$WORK/app/node_modules/plugin-dropzone/bin/run.js"
cd "$WORK/app"
export HOME="$WORK/home"
mkdir -p "$HOME"

step "dropzone app generate --help"
"$NODE22" "$RUN" dropzone app generate --help >"$WORK/help.txt" 2>"$WORK/help.err" || { cat "$WORK/help.err"; fail "--help exited $?"; }
grep -q '\$ sf dropzone app generate -e <value>' "$WORK/help.txt" || { head -20 "$WORK/help.txt"; fail "--help does not show the usage"; }
grep -q -- '--contact-email' "$WORK/help.txt" || fail "--help does not list --contact-email"

step "dropzone app generate --contact-email admin@example.com --output-dir out"
"$NODE22" "$RUN" dropzone app generate --contact-email admin@example.com --output-dir out \
  >"$WORK/generate.txt" 2>"$WORK/generate.err" || { cat "$WORK/generate.txt" "$WORK/generate.err"; fail "generate exited non-zero"; }
cat "$WORK/generate.txt"
diff -r out "$ROOT/force-app/main/default" || fail "the output differs from force-app/main/default"

step "generate --json again: every file unchanged"
"$NODE22" "$RUN" dropzone app generate --contact-email admin@example.com --output-dir out --json >"$WORK/generate.json" 2>/dev/null \
  || fail "generate --json exited non-zero"
"$NODE22" -e '
  const out = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const states = out.result.files.map((file) => file.state);
  if (out.status !== 0 || states.length !== 5 || states.some((state) => state !== "unchanged")) {
    console.error(JSON.stringify(out)); process.exit(1);
  }' "$WORK/generate.json" || fail "the --json result is not five unchanged files"

step "bad input exits 2 and writes nothing"
set +e
"$NODE22" "$RUN" dropzone app generate --contact-email nope --output-dir bad >"$WORK/bad.txt" 2>&1
code=$?
set -e
[ "$code" = 2 ] || { cat "$WORK/bad.txt"; fail "--contact-email nope exited $code, not 2"; }
grep -q 'not a valid email address' "$WORK/bad.txt" || fail "the error does not name the problem"
[ ! -e bad ] || fail "--contact-email nope wrote files"

echo "packaged: ok ($TARBALL on node $("$NODE22" --version))"
