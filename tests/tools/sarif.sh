#!/usr/bin/env bash
# SARIF output for a directory of failing drafts must pass Microsoft's SARIF
# validator with GitHub's ingestion rules (rule kinds Sarif and Gh) with zero
# errors. The validator comes from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${POLICYLINT_BIN:-$PWD/target/release/policylint}"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/policylint-tests/sarif-multitool"
tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$tool" ]; then
  mkdir -p "$cache"
  npm install --silent --no-save --no-audit --no-fund --prefix "$cache" @microsoft/sarif-multitool >/dev/null
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# failing drafts, an unreadable file and a draft with an unknown directive
mkdir -p "$out/drafts"
cp fixtures/underage.md fixtures/missing-*.md fixtures/bad/binary.md fixtures/bad/latin1.md "$out/drafts/"
printf '<!-- policylint-disable nonsense -->\n# Policy\n' > "$out/drafts/directive.md"
set +e
(cd "$out" && "$bin" --no-config --format sarif=report.sarif --format json drafts > report.json)
code=$?
set -e
[ "$code" -eq 2 ] || { echo "sarif: expected exit 2 (unreadable files), got $code"; exit 1; }

# the validator runs a shell under npx's wrapper, so it is called directly
"$tool" validate "$out/report.sarif" --rule-kind "Sarif;Gh" --output "$out/validation.sarif" --log ForceOverwrite > "$out/validator.log" 2>&1
python3 - "$out/validation.sarif" "$out/report.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
found = [r for run in log["runs"] for r in run.get("results", [])]
errors = [r for r in found if r.get("level", "warning") == "error"]
for r in found:
    print(f"  {r.get('level')}: {r['ruleId']}: {json.dumps(r['message'])[:300]}")
report = json.load(open(sys.argv[2]))
results = report["runs"][0]["results"]
assert results, "no results in the SARIF report"
for r in results:
    uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert not uri.startswith("/") and "://" not in uri, uri
notes = report["runs"][0]["invocations"][0]["toolExecutionNotifications"]
assert any("binary file" in n["message"]["text"] for n in notes), notes
if errors:
    sys.exit(f"sarif: the validator reported {len(errors)} error(s)")
print(f"sarif: {len(results)} results validated with rule kinds Sarif;Gh: 0 errors, {len(found)} other messages")
PY
