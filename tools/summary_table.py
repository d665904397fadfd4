#!/usr/bin/env python3
"""Pivot a metric of summary.csv into a Markdown table: one row per optimizer, one column per
problem (and dimension). Standard library only.

    python3 tools/summary_table.py results/saddle-escape/summary.csv [--metric escape_step_median]
"""
import argparse
import csv


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("summary")
    ap.add_argument("--metric", default="escape_step_median")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.summary, newline="")))
    cols, opts, cell = [], [], {}
    for r in rows:
        col = r["problem"] + (f" d={r['dim']}" if r.get("dim") else "")
        opt = r["optimizer"]
        if col not in cols:
            cols.append(col)
        if opt not in opts:
            opts.append(opt)
        v = r.get(a.metric, "")
        if v:
            v = f"{float(v):g}"
        rate = r.get("escape_rate") if a.metric.startswith("escape") else r.get("success_rate")
        if rate not in (None, "", "1"):
            v = f"{v or '-'} ({float(rate):.0%})"
        cell[(opt, col)] = v or "-"
    print(f"| {a.metric} | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for o in opts:
        print(f"| {o} | " + " | ".join(cell.get((o, c), "") for c in cols) + " |")


if __name__ == "__main__":
    main()
