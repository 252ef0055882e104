"""Inputs for the benchmarks, made from fixtures/: a tree of 2,000 policies,
each varied (names, numbers, a shuffled paragraph order) so that nothing is
cached by content, and with --sweep the 1-64 MB files of the size sweep.

    python3 bench/generate.py WORK_DIR [--sweep]
"""
import glob
import os
import random
import sys

work = sys.argv[1]
random.seed(7)
sources = [open(f, encoding="utf-8-sig").read() for f in sorted(glob.glob("fixtures/*.md") + glob.glob("fixtures/*.txt"))
           if "README" not in f]
tree = os.path.join(work, "tree")
os.makedirs(tree, exist_ok=True)
total = 0
for i in range(2000):
    text = sources[i % len(sources)]
    paras = text.split("\n\n")
    head, body = paras[:2], paras[2:]
    random.shuffle(body)
    text = "\n\n".join(head + body).replace("Lumen", f"Lumen{i}").replace("90 days", f"{30 + i % 300} days")
    text += f"\n\nInternal reference {i}: {random.random()}\n"
    sub = os.path.join(tree, f"team{i % 20:02d}")
    os.makedirs(sub, exist_ok=True)
    path = os.path.join(sub, f"policy{i:04d}.md")
    open(path, "w").write(text)
    total += len(text.encode())
print(f"tree: 2000 policies, {total / 1e6:.1f} MB")
if "--sweep" in sys.argv[2:]:
    big = "\n\n".join(sources)
    for mb in (1, 2, 4, 8, 16, 32, 64):
        with open(os.path.join(work, f"size-{mb}.md"), "w") as f:
            written, n = 0, 0
            while written < mb * 1_000_000:
                chunk = big.replace("Lumen", f"Lumen{n}")
                f.write(chunk)
                written += len(chunk.encode())
                n += 1
