#!/usr/bin/env python3
"""Escape from the saddle at 0 (configs/network_saddle_escape.yaml): per optimizer, the median
over seeds of the first epoch whose training loss is 0.1 below the start's (the escape epoch),
and lambda_min at epochs 0, 5, 10 and 20 (median over seeds).
Usage: python3 tools/escape_table.py results/network-saddle-escape"""
import csv
import statistics
import sys

folder = sys.argv[1]
runs = {r["run_id"]: r for r in csv.DictReader(open(f"{folder}/runs.csv"))}
trace = {}
for row in csv.DictReader(open(f"{folder}/trace.csv")):
    trace.setdefault(row["run_id"], []).append(row)
by_optimizer = {}
for rid, rows in trace.items():
    rows.sort(key=lambda r: int(r["epoch"]))
    start = float(rows[0]["train_loss"])
    escape = next((int(r["epoch"]) for r in rows if float(r["train_loss"]) < start - 0.1), None)
    lam = {int(r["epoch"]): float(r["min_eigenvalue"]) for r in rows if r["min_eigenvalue"]}
    by_optimizer.setdefault(runs[rid]["optimizer"], []).append((escape, lam))
epochs = [0, 5, 10, 20]
print("| optimizer | escape epoch (median; per seed) | " +
      " | ".join(f"λ_min @ {e}" for e in epochs) + " |")
print("|---|---|" + "---:|" * len(epochs))
for name, items in by_optimizer.items():
    escapes = [e for e, _ in items]
    found = [e for e in escapes if e is not None]
    median = statistics.median(found) if len(found) == len(escapes) else "not all"
    cells = []
    for e in epochs:
        values = [lam[e] for _, lam in items if e in lam]
        cells.append(f"{statistics.median(values):.3g}" if values else "")
    print(f"| {name} | {median} ({', '.join(str(e) for e in escapes)}) | " + " | ".join(cells) +
          " |")
