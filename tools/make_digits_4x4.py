#!/usr/bin/env python3
"""Writes configs/data/digits_4x4.csv: the first 30 images of each class of data/digits.csv,
down-sampled from 8x8 to 4x4 by averaging 2x2 blocks (16 features, 300 samples, 10 classes).
A network on it small enough for its dense Hessian at every Newton step (Dauphin et al. 2014
used down-sampled MNIST the same way). Usage: python3 tools/make_digits_4x4.py"""
import csv
import os

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
with open(os.path.join(root, "data", "digits.csv")) as f:
    rows = list(csv.reader(f))[1:]
per_class = {}
out = []
for row in rows:
    label = int(row[-1])
    if per_class.get(label, 0) >= 30:
        continue
    per_class[label] = per_class.get(label, 0) + 1
    pixels = [float(v) for v in row[:-1]]
    small = []
    for i in range(4):
        for j in range(4):
            block = [pixels[(2 * i + a) * 8 + 2 * j + b] for a in (0, 1) for b in (0, 1)]
            small.append(sum(block) / 4.0)
    out.append(small + [label])
with open(os.path.join(root, "configs", "data", "digits_4x4.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow([f"pixel_{i}_{j}" for i in range(4) for j in range(4)] + ["label"])
    for r in out:
        w.writerow([f"{v:g}" for v in r[:-1]] + [r[-1]])
