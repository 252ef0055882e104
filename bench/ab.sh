#!/usr/bin/env bash
# Two binaries timed on the same input in alternation (old, new, old, new,
# ...), so a drift in the machine's speed during the comparison weighs on
# both alike. hyperfine times all of one command's runs before the other's,
# which on a shared machine can show a drift as a difference.
#
#   bench/ab.sh OLD NEW [RUNS] -- ARGS...    e.g.
#   bench/ab.sh /tmp/old target/release/policylint 15 -- --no-config --format json -j1 tree/
#
# Prints each binary's median wall time and CPU time (user + system, from
# the child's resource usage), and the ratios new / old.
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,11p' "$0"; exit 2; }
old=$1 new=$2
shift 2
runs=15
if [ "$1" != "--" ]; then runs=$1; shift; fi
[ "${1:-}" = "--" ] && shift
python3 - "$runs" "$old" "$new" "$@" <<'PY'
# wall time by the monotonic clock and CPU time from the child's rusage
# (wait4), both to the microsecond: /usr/bin/time rounds to 10 ms, a
# twentieth of a run of the tree
import os, statistics, subprocess, sys, time
runs, old, new, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
wall = {old: [], new: []}
cpu = {old: [], new: []}
# each round runs the two in the other order, so that neither always runs
# right after the other
for k in range(runs):
    for name in ((old, new) if k % 2 == 0 else (new, old)):
        begin = time.perf_counter()
        child = subprocess.Popen([name, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(child.pid, 0)
        wall[name].append(time.perf_counter() - begin)
        cpu[name].append(usage.ru_utime + usage.ru_stime)
medians = {}
for name in (old, new):
    medians[name] = (statistics.median(wall[name]), statistics.median(cpu[name]))
    print(f"{name[-40:]:<40} wall {medians[name][0] * 1e3:6.1f} ms (min {min(wall[name]) * 1e3:.1f})"
          f"   cpu {medians[name][1] * 1e3:6.1f} ms   {runs} runs")
(ow, oc), (nw, nc) = medians[old], medians[new]
print(f"new / old: wall {nw / ow:.3f}, cpu {nc / oc:.3f}")
PY
