#!/usr/bin/env python3
"""Measured escape_step of configs/escape_offsets.yaml against the linearised prediction, as a
Markdown table. Standard library only.

    python3 tools/escape_offsets.py results/escape-offsets/runs.csv

sgd:      t = ln(0.1/delta) / ln(1 + lr*|lambda_min|)
momentum: x_{t+1} = (1 + mu + a) x_t - mu x_{t-1}, x_1 = (1 + a) x_0 (a = lr*|lambda_min|);
          x_t ~ A r1^t with r1 the larger root of r^2 - (1 + mu + a) r + mu = 0,
          A = delta (1 + a - r2)/(r1 - r2), so t = ln(0.1/A) / ln(r1).
"""
import csv
import math
import sys


def predicted(delta, lr, mu, radius=0.1, lam=1.0):
    a = lr * lam
    if mu == 0:
        return math.log(radius / delta) / math.log(1 + a)
    s = 1 + mu + a
    root = math.sqrt(s * s - 4 * mu)
    r1, r2 = (s + root) / 2, (s - root) / 2
    amplitude = delta * (1 + a - r2) / (r1 - r2)
    return math.log(radius / amplitude) / math.log(r1)


def main():
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    print("| optimizer | delta | measured escape_step | predicted | measured/predicted |")
    print("|---|---:|---:|---:|---:|")
    for r in rows:
        delta = float(r["start"].strip("[]").split()[1])  # `[0 1e-04]`; older files `0 1e-04`
        p = predicted(delta, float(r["lr"]), float(r["momentum"]))
        m = float(r["escape_step"])
        print(f"| {r['optimizer']} (lr {r['lr']}, momentum {r['momentum']}) | {delta:g} | {m:g} | {p:.1f} | {m / p:.3f} |")


if __name__ == "__main__":
    main()
