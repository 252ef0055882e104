#!/usr/bin/env bash
# Work counted rather than timed: instructions and simulated cache misses
# (valgrind's cachegrind) for one thread checking 400 policies of the
# benchmark tree. On a shared or virtual machine a timing can move by 30%
# between runs; these counts move by well under 1%, so they tell whether a
# change made the checker do less work.
#
#   bench/count.sh                  the binary built from this tree
#   bench/count.sh OLD NEW ...      several binaries, side by side (A/B)
#
# Needs valgrind (Debian: apt-get install valgrind).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "count: valgrind is not installed"; exit 2; }
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
[ -d "$work/tree" ] || python3 bench/generate.py "$work" >/dev/null
inputs=("$work"/tree/team0[0-3])
bytes=$(find "${inputs[@]}" -type f -exec cat {} + | wc -c)
if [ $# -eq 0 ]; then
  cargo build --release --locked --quiet
  set -- "$PWD/target/release/policylint"
fi
echo "input: 400 policies, $bytes bytes; one thread, --format json"
printf "%-44s %16s %10s %14s %12s\n" binary instructions "per byte" "D1 misses/KB" "LL misses"
for bin in "$@"; do
  valgrind --tool=cachegrind --cache-sim=yes --cachegrind-out-file=/dev/null \
    "$bin" --no-config -j 1 --format json "${inputs[@]}" >/dev/null 2>"$work/cachegrind.txt" || true
  python3 - "$bin" "$bytes" "$work/cachegrind.txt" <<'PY'
import re, sys
name, size, text = sys.argv[1], int(sys.argv[2]), open(sys.argv[3]).read()
def count(label):
    m = re.search(rf"{label}:\s+([\d,]+)", text)
    if not m:
        sys.exit(f"count: no '{label}' in valgrind's output:\n{text[-2000:]}")
    return int(m.group(1).replace(",", ""))
ir, d1, ll = count("I\s+refs"), count("D1\s+misses"), count("LL misses")
print(f"{name[-44:]:<44} {ir:>16,} {ir / size:>10.0f} {d1 / (size / 1024):>14.0f} {ll:>12,}")
PY
done
