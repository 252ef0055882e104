#!/usr/bin/env bash
# Two binaries timed on the same input in alternation (old, new, old, new,
# ...), so a drift in the machine's speed during the comparison weighs on
# both alike. hyperfine times all of one command's runs before the other's,
# which on a shared machine can show a drift as a difference.
#
#   bench/ab.sh OLD NEW [RUNS] -- ARGS...    e.g.
#   bench/ab.sh /tmp/old target/release/policylint 15 -- --no-config --format json -j1 tree/
#
# Prints each binary's median wall time and CPU time (user + system), from
# /usr/bin/time, and the ratios new / old.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0"; exit 2; }
old=$1 new=$2
shift 2
runs=15
if [ "$1" != "--" ]; then runs=$1; shift; fi
[ "${1:-}" = "--" ] && shift
times=$(mktemp)
trap 'rm -f "$times"' EXIT
for _ in $(seq "$runs"); do
  for bin in "$old" "$new"; do
    /usr/bin/time -f "$bin %e %U %S" -a -o "$times" "$bin" "$@" >/dev/null 2>&1 || true
  done
done
python3 - "$times" "$old" "$new" <<'PY'
import statistics, sys
rows = [line.rsplit(" ", 3) for line in open(sys.argv[1]) if line.count(" ") >= 3]
medians = {}
for name in sys.argv[2:]:
    wall = [float(r[1]) for r in rows if r[0] == name]
    cpu = [float(r[2]) + float(r[3]) for r in rows if r[0] == name]
    medians[name] = (statistics.median(wall), statistics.median(cpu))
    print(f"{name[-40:]:<40} wall {medians[name][0] * 1e3:6.0f} ms (min {min(wall) * 1e3:.0f})"
          f"   cpu {medians[name][1] * 1e3:6.0f} ms   {len(wall)} runs")
(ow, oc), (nw, nc) = medians[sys.argv[2]], medians[sys.argv[3]]
print(f"new / old: wall {nw / ow:.3f}, cpu {nc / oc:.3f}")
PY
