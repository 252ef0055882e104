#!/usr/bin/env bash
# criterion's throughput benchmarks of two builds run alternately (old, new,
# old, new, ...), so that a drift in the machine's speed weighs on both
# alike. A single criterion run compares against the last one saved, made
# minutes earlier on a machine whose speed moves by more than a small change
# gains; docs/performance.md compares builds this way.
#
#   bench/criterion-ab.sh OLD NEW [PAIRS] [FILTER]    e.g.
#   bench/criterion-ab.sh HEAD~1 HEAD 6 'parse \+ check'
#
# OLD and NEW are commits (each extracted and built once, under $BENCH_DIR;
# the benchmark reads its fixtures from there) or bench binaries already
# built. FILTER is criterion's regex
# over the benchmarks' names ('parse', 'term scan', 'check \(core\)', 'parse
# \+ check'); the default is 'parse \+ check'. Prints each pair's times, the
# medians, how many pairs the new build won, and the median of new / old.
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,16p' "$0"; exit 2; }
cd "$(dirname "$0")/.."
old=$1 new=$2 pairs=${3:-6} filter=${4:-'parse \+ check'}
work="${BENCH_DIR:-$(mktemp -d)}/criterion-ab"
mkdir -p "$work"

# the bench binary of a commit, built once (a binary given is used as it is)
bench_of() {
  if [ -f "$1" ] && [ -x "$1" ]; then
    echo "$1"
    return
  fi
  local sha bin tree
  sha=$(git rev-parse --verify --quiet "$1^{commit}") || { echo "criterion-ab: no commit or binary '$1'" >&2; exit 2; }
  bin="$work/throughput-$sha"
  if [ ! -x "$bin" ]; then
    tree="$work/tree-$sha"
    rm -rf "$tree"
    mkdir -p "$tree"
    # tar gives the files their commit's time, older than the last build in
    # the shared target folder, and cargo would take that build as fresh: an
    # older commit extracted after a newer one was built got the newer
    # one's binary. Extracted files take the current time instead.
    git archive --format=tar "$sha" | tar -x -m -C "$tree"
    echo "criterion-ab: building the benchmarks of $sha" >&2
    # the two builds share one target folder, so the dependencies build once
    (cd "$tree" && CARGO_TARGET_DIR="$work/target" cargo bench --bench throughput --no-run --locked --message-format=json) |
      python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "throughput" and m.get("executable"):
        print(m["executable"])' >"$work/path-$sha"
    cp "$(tail -1 "$work/path-$sha")" "$bin"
  fi
  echo "$bin"
}
old_bin=$(bench_of "$old")
new_bin=$(bench_of "$new")

cd "$work"
python3 - "$pairs" "$filter" "$old_bin" "$new_bin" <<'PY'
import re, statistics, subprocess, sys
pairs, filter_, old, new = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
scale = {"ps": 1e-9, "ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1e3}
line = re.compile(r"^(\S.*?)\s+time:\s+\[[\d.]+ \S+ ([\d.]+) (\S+) [\d.]+ \S+\]", re.M)

def timed(binary):
    out = subprocess.run(
        [binary, "--bench", "--noplot", "--measurement-time", "3", "--warm-up-time", "1", filter_],
        capture_output=True, text=True, check=True,
    ).stdout
    # criterion prints a long name on a line of its own, the time below it
    out = re.sub(r"\n\s+time:", " time:", out)
    found = line.findall(out)
    if not found:
        sys.exit(f"criterion-ab: no benchmark matches {filter_!r}")
    name, value, unit = found[0]
    return name.strip(), float(value) * scale[unit], len(found)

times = {old: [], new: []}
# each pair runs the two in the other order, as bench/ab.sh does
for k in range(pairs):
    for binary in ((old, new) if k % 2 == 0 else (new, old)):
        name, ms, matched = timed(binary)
        times[binary].append(ms)
    row = [times[old][-1], times[new][-1]]
    if k == 0:
        extra = f" (the first of {matched} matching)" if matched > 1 else ""
        print(f"benchmark: {name}{extra}")
    print(f"pair {k + 1}: old {row[0]:.3f} ms   new {row[1]:.3f} ms   new / old {row[1] / row[0]:.3f}")
won = sum(n < o for o, n in zip(times[old], times[new]))
ratios = [n / o for o, n in zip(times[old], times[new])]
print(f"old median {statistics.median(times[old]):.3f} ms ({old})")
print(f"new median {statistics.median(times[new]):.3f} ms ({new})")
print(f"new faster in {won} of {pairs} pairs; median new / old {statistics.median(ratios):.3f}")
PY
