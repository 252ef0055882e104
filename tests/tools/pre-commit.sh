#!/usr/bin/env bash
# The real pre-commit tool runs this repository's hook (.pre-commit-hooks.yaml)
# with `pre-commit try-repo`: it must fail a bad draft and pass a good one, and
# leave other text files alone.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/policylint-tests"
venv="$cache/pre-commit-venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi
export PRE_COMMIT_HOME="$cache/pre-commit-home"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
git init --quiet .
git config user.email "test@example.com"
git config user.name "policylint test"
cp "$repo/fixtures/complete.md" good.md
cp "$repo/fixtures/missing-retention.md" bad.md
printf 'print("not a policy")\n' > tool.py
git add . && git commit --quiet -m "drafts"

run() { "$venv/bin/pre-commit" try-repo "$repo" policylint --verbose --files "$@" > "$work/out.txt" 2>&1; }
if run bad.md; then
  cat "$work/out.txt"; echo "pre-commit: the hook passed a draft with no retention clause"; exit 1
fi
grep -q "error\[retention\]" "$work/out.txt" || { cat "$work/out.txt"; echo "pre-commit: no retention finding shown"; exit 1; }
run good.md tool.py || { cat "$work/out.txt"; echo "pre-commit: the hook failed a complete draft"; exit 1; }
grep -q "1 file checked" "$work/out.txt" || { cat "$work/out.txt"; echo "pre-commit: tool.py should not be checked"; exit 1; }
# the configuration the README shows, pointed at this repository's committed HEAD
sed -e "s|repo: https://github.com/policylint/policylint|repo: $repo|" \
    -e "s|rev: v0.1.0|rev: $(git -C "$repo" rev-parse HEAD)|" \
    "$repo/docs/examples/pre-commit-config.yaml" > "$work/config.yaml"
if "$venv/bin/pre-commit" run --config "$work/config.yaml" --files bad.md > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"; echo "pre-commit: the README's configuration passed a bad draft"; exit 1
fi
grep -q "policylint" "$work/out.txt" || { cat "$work/out.txt"; echo "pre-commit: the README's configuration did not run the hook"; exit 1; }
echo "pre-commit: hook fails the bad draft, passes the good one; the README's configuration runs it"
