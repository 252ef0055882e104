#!/usr/bin/env bash
# The GitHub Action's logic (action.yml runs this). It gets the binary, runs
# policylint with annotations (and SARIF when asked), writes the step's
# outputs and exits with policylint's code.
#
# Inputs come as INPUT_* variables; GitHub sets GITHUB_WORKSPACE,
# GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP.
# POLICYLINT_BIN skips the download or build (tests use it);
# POLICYLINT_RELEASES overrides where release archives are downloaded from.
set -euo pipefail

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
releases="${POLICYLINT_RELEASES:-https://github.com/policylint/policylint/releases/download}"
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/policylint-action"
mkdir -p "$work"

target_triple() {
  case "${RUNNER_OS:-$(uname -s)}/${RUNNER_ARCH:-$(uname -m)}" in
    Linux/X64 | Linux/x86_64) echo x86_64-unknown-linux-gnu ;;
    Linux/ARM64 | Linux/aarch64) echo aarch64-unknown-linux-gnu ;;
    macOS/ARM64 | Darwin/arm64) echo aarch64-apple-darwin ;;
    macOS/X64 | Darwin/x86_64) echo x86_64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) echo "policylint: no release for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}; leave 'version' empty to build from source" >&2; return 1 ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

get_binary() {
  if [ -n "${POLICYLINT_BIN:-}" ]; then
    echo "$POLICYLINT_BIN"
    return
  fi
  if [ -n "${INPUT_VERSION:-}" ]; then
    local version="${INPUT_VERSION#v}" triple archive
    triple="$(target_triple)"
    archive="policylint-v${version}-${triple}.tar.gz"
    curl --fail --silent --show-error --location -o "$work/$archive" "$releases/v${version}/$archive"
    curl --fail --silent --show-error --location -o "$work/$archive.sha256" "$releases/v${version}/$archive.sha256"
    local want got
    want="$(cut -d' ' -f1 < "$work/$archive.sha256")"
    got="$(sha256 "$work/$archive")"
    if [ "$want" != "$got" ]; then
      echo "policylint: checksum mismatch for $archive (expected $want, got $got)" >&2
      return 1
    fi
    tar -xzf "$work/$archive" -C "$work"
    local bin="$work/policylint"
    [ -f "$bin.exe" ] && bin="$bin.exe"
    echo "$bin"
    return
  fi
  cargo install --locked --quiet --path "$action_path" --root "$work/install" >&2
  echo "$work/install/bin/policylint"
}

bin="$(get_binary)"

args=(--format github)
if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  args+=(--format "sarif=${INPUT_SARIF_FILE}")
fi
for ruleset in $(echo "${INPUT_RULESETS:-}" | tr ',\n' '  '); do
  args+=(--ruleset "$ruleset")
done
if [ -n "${INPUT_CONFIG:-}" ]; then
  args+=(--config "$INPUT_CONFIG")
fi
args+=(--fail-on "${INPUT_FAIL_ON:-error}")
read -r -a paths <<< "$(echo "${INPUT_PATHS:-.}" | tr '\n' ' ')"

cd "${GITHUB_WORKSPACE:-.}"
set +e
"$bin" "${args[@]}" -- "${paths[@]}"
code=$?
set -e

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "sarif-file=${INPUT_SARIF_FILE:-}"
  } >> "$GITHUB_OUTPUT"
fi
exit "$code"
