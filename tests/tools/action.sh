#!/usr/bin/env bash
# The GitHub Action's script, run here with the variables GitHub sets: it must
# annotate, write SARIF and a step summary, set its outputs and return
# policylint's exit code; a release download must be verified by SHA-256.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${POLICYLINT_BIN:-$repo/target/release/policylint}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "action: $*"; exit 1; }

mkdir -p "$work/ws/policies" "$work/tmp"
cp "$repo/fixtures/underage.md" "$work/ws/policies/app.md"
cp "$repo/fixtures/complete.md" "$work/ws/policies/web.md"
export GITHUB_ACTIONS=true GITHUB_WORKSPACE="$work/ws" GITHUB_OUTPUT="$work/output" \
  GITHUB_STEP_SUMMARY="$work/summary.md" RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TEMP="$work/tmp" \
  GITHUB_ACTION_PATH="$repo" INPUT_PATHS="policies" INPUT_RULESETS="core" INPUT_CONFIG="" \
  INPUT_FAIL_ON=error INPUT_SARIF_FILE="policylint.sarif" INPUT_VERSION=""

# 1. a failing draft: annotation on the under-age line, SARIF, summary, exit 1
set +e
POLICYLINT_BIN="$bin" bash "$repo/scripts/action.sh" > "$work/annotations" 2> "$work/stderr"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$work/annotations" "$work/stderr"; fail "expected exit 1, got $code"; }
grep -q '^::error file=policies/app.md,line=30,col=30,endLine=30,endColumn=38,title=policylint (children)::the policy sets a minimum age of 12' "$work/annotations" \
  || { cat "$work/annotations"; fail "no annotation on the under-age line"; }
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); assert r['runs'][0]['results'], 'empty SARIF'" "$work/ws/policylint.sarif" \
  || fail "no SARIF written"
grep -q "| error | \`policies/app.md\` | 30 | \`children\` |" "$work/summary.md" || { cat "$work/summary.md"; fail "no step summary row"; }
grep -q "^exit-code=1$" "$work/output" || fail "no exit-code output"
grep -q "^sarif-file=policylint.sarif$" "$work/output" || fail "no sarif-file output"

# 2. fail-on never: the same findings, exit 0
set +e
INPUT_FAIL_ON=never POLICYLINT_BIN="$bin" bash "$repo/scripts/action.sh" > /dev/null 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || fail "fail-on never should exit 0, got $code"

# 3. a release download, verified by its checksum (served from a local folder)
release="$work/releases/v9.9.9"
mkdir -p "$release" "$work/pack"
cp "$bin" "$work/pack/policylint"
archive="policylint-v9.9.9-x86_64-unknown-linux-gnu.tar.gz"
tar -czf "$release/$archive" -C "$work/pack" policylint
(cd "$release" && sha256sum "$archive" > "$archive.sha256")
set +e
INPUT_VERSION=9.9.9 INPUT_PATHS="policies/web.md" POLICYLINT_RELEASES="file://$work/releases" \
  env -u POLICYLINT_BIN bash "$repo/scripts/action.sh" > /dev/null 2> "$work/stderr"
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/stderr"; fail "release install of a passing draft should exit 0, got $code"; }
echo "0000000000000000000000000000000000000000000000000000000000000000  $archive" > "$release/$archive.sha256"
set +e
INPUT_VERSION=9.9.9 INPUT_PATHS="policies/web.md" POLICYLINT_RELEASES="file://$work/releases" \
  env -u POLICYLINT_BIN bash "$repo/scripts/action.sh" > /dev/null 2> "$work/stderr"
code=$?
set -e
[ "$code" -ne 0 ] && grep -q "checksum mismatch" "$work/stderr" || fail "a bad checksum was not refused"
# 4. the README's workflow only uses inputs the action has
python3 - "$repo/action.yml" "$repo/docs/examples/policylint.yml" <<'PY' || fail "the example workflow does not match action.yml"
import re, sys
action = open(sys.argv[1]).read()
inputs = set(re.findall(r"^  ([a-z-]+):\n    description:", action.split("outputs:")[0], re.M))
example = open(sys.argv[2]).read()
block = example.split("uses: policylint/policylint")[1].split("with:")[1].split("- uses:")[0]
used = set(re.findall(r"^\s+([a-z-]+):", block, re.M))
assert used and used <= inputs, (used - inputs, inputs)
PY
echo "action: annotations, SARIF, step summary, outputs and exit codes as GitHub expects"
