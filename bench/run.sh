#!/usr/bin/env bash
# Performance of policylint against the floor of a raw multi-term scan:
# ripgrep searching the ruleset's literal terms case-insensitively, on the
# same files, in the same run.
#
#   bench/run.sh            a 2,000-policy tree, one draft, a 1-64 MB size sweep, peak memory
#
# Needs hyperfine and ripgrep (Debian: apt-get install hyperfine ripgrep).
# Timings are whatever the machine gives; the ratio to ripgrep is measured
# in the same run, so it carries over between machines better than seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine rg python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed"; exit 2; }
done
cargo build --release --locked --quiet
bin="$PWD/target/release/policylint"
work="${BENCH_DIR:-$(mktemp -d)}"
mkdir -p "$work"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sm)"
echo "work folder: $work"

# the ruleset's literal terms, for ripgrep
python3 - "$work/terms.txt" <<'PY'
import sys, tomllib
rules = tomllib.load(open("rules/core.toml", "rb"))["rule"]
terms = set()
def add(ts):
    for t in ts:
        if not t.startswith("/"):
            terms.add(t.replace("*", "").strip())
for r in rules:
    add(r.get("heading", []))
    for g in r.get("sentence", []): add(g)
    for p in r.get("pattern", []):
        for g in p["all"]: add(g)
open(sys.argv[1], "w").write("\n".join(sorted(t for t in terms if t)) + "\n")
PY
echo "ripgrep terms: $(wc -l < "$work/terms.txt") literal terms from rules/core.toml"

# 2,000 policies made from the fixtures, each varied so nothing is cached by
# content, and the size sweep's files
python3 bench/generate.py "$work" --sweep

rg_args=(-i -c -F)
while IFS= read -r term; do rg_args+=(-e "$term"); done < "$work/terms.txt"

echo
echo "== 2,000-policy tree: policylint --format json vs ripgrep =="
# hyperfine times one command's runs, then the other's; on a shared machine
# the speed can drift between the two blocks and move the ratio. So it runs
# in ten rounds of two runs each, alternating, and the ratio is taken from
# the medians of all twenty runs of each.
rm -f "$work"/tree-*.json
rounds=10
for round in $(seq $rounds); do
  hyperfine --style none --warmup 1 --runs 2 --ignore-failure --export-json "$work/tree-$round.json" \
    -n policylint "$bin --no-config --format json $work/tree > /dev/null" \
    -n ripgrep "rg ${rg_args[*]@Q} $work/tree > /dev/null" >/dev/null 2>"$work/hyperfine.err" ||
    { cat "$work/hyperfine.err" >&2; exit 2; }
done
python3 - "$rounds" "$work"/tree-*.json <<'PY'
import json, statistics, sys
times = {}
for path in sys.argv[2:]:
    for result in json.load(open(path))["results"]:
        times.setdefault(result["command"], []).extend(result["times"])
# medians: one slow run on a shared machine moves a mean, not a median
p, r = (statistics.median(times[c]) for c in ("policylint", "ripgrep"))
for name in ("policylint", "ripgrep"):
    t = sorted(times[name])
    print(f"  {name:<10} median {statistics.median(t):.3f} s, range {t[0]:.3f}-{t[-1]:.3f} s over {len(t)} runs")
print(f"ratio policylint / ripgrep on the tree: {p / r:.1f}x "
      f"(medians of {len(times['policylint'])} runs in {sys.argv[1]} alternating rounds: {p:.3f} s vs {r:.3f} s)")
PY

echo
echo "== one draft (a pre-commit hook's run: start-up, one file, JSON) =="
# most of it is compiling the rulesets and the extractors' patterns
hyperfine --style none --warmup 3 --runs 40 --ignore-failure --export-json "$work/draft.json" \
  "$bin --no-config --format json fixtures/complete.md > /dev/null" >/dev/null 2>"$work/hyperfine.err" ||
  { cat "$work/hyperfine.err" >&2; exit 2; }
python3 - "$work/draft.json" <<'PY'
import json, statistics, sys
result = json.load(open(sys.argv[1]))["results"][0]
t = sorted(result["times"])
print(f"  fixtures/complete.md: median {statistics.median(t) * 1e3:.1f} ms wall, range {t[0] * 1e3:.1f}-{t[-1] * 1e3:.1f} ms over {len(t)} runs; "
      f"{(result['user'] + result['system']) * 1e3:.1f} ms CPU (mean)")
PY

echo
echo "== size sweep, one thread (parse + check throughput per core) =="
# sizes and rates in MB of 10^6 bytes, as the files are cut; peak RSS in MiB
printf "%8s %10s %10s %12s\n" size seconds "MB/s" "peak RSS"
for mb in 1 2 4 8 16 32 64; do
  f="$work/size-$mb.md"
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" --no-config -j 1 --format json "$f" > /dev/null || true
  read -r secs rss < <(tail -n1 "$work/time.txt")
  python3 -c "import sys; s=float(sys.argv[2]); print(f'{sys.argv[1]:>6} MB {s:10.2f} {int(sys.argv[1])/max(s,1e-3):10.1f} {int(sys.argv[3])/1024:9.0f} MiB')" "$mb" "$secs" "$rss"
done

echo
echo "== peak memory =="
/usr/bin/time -f "%M" -o "$work/time.txt" "$bin" --no-config --format json "$work/tree" > /dev/null || true
rss_line() { python3 -c "import sys; k=int(sys.argv[2]); print(f'{sys.argv[1]}: {k/1024:.0f} MiB peak RSS ({k*1024/1e6:.1f} MB)')" "$1" "$(tail -n1 "$work/time.txt")"; }
rss_line "tree of 2,000 files"
head -c 50000000 "$work/size-64.md" > "$work/size-50.md"
/usr/bin/time -f "%M" -o "$work/time.txt" "$bin" --no-config --format json "$work/size-50.md" > /dev/null || true
rss_line "one 50 MB file"
