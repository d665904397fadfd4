#!/usr/bin/env python3
"""Pivot a metric of summary.csv into a Markdown table. By default one row per optimizer and one
column per problem (and dimension); --rows and --cols pick other identifier columns of
summary.csv (comma-separated; each label shows its keys as key=value, optimizer and problem by
value alone). A cell whose success rate (escape rate for escape_* metrics) is below 1 shows it in
parentheses (not for classification configs without a target_accuracy). --intervals adds the
median's bootstrap interval from the M_ci_low/M_ci_high columns ([low, high]); --ranks sets the
cells of rank 1 in bold (the best of its problem and the settings tied with it). Standard library
only.

    python3 tools/summary_table.py results/saddle-escape/summary.csv [--metric escape_step_median]
    python3 tools/summary_table.py results/digits-batchnorm/summary.csv \\
        --rows optimizer,batch_size --cols batchnorm --metric final_test_accuracy_median --digits 3
    python3 tools/summary_table.py results/saddle-escape/summary.csv --metric ert --intervals --ranks
"""
import argparse
import csv
import sys

BARE = ("optimizer", "problem")  # shown by value alone in labels


def keys_of(text):
    return [k.strip() for k in text.split(",") if k.strip()] if text else []


def label(row, keys):
    parts = []
    for k in keys:
        v = row.get(k, "")
        parts.append(v if k in BARE else f"{k}={v}")
    return " ".join(parts)


def default_col(row):
    return row["problem"] + (f" d={row['dim']}" if row.get("dim") else "")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("summary")
    ap.add_argument("--metric", default="escape_step_median", help="a column of summary.csv")
    ap.add_argument("--rows", default="", help="identifier columns naming a row (default: optimizer)")
    ap.add_argument("--cols", default="", help="identifier columns naming a column (default: problem, dim)")
    ap.add_argument("--digits", type=int, default=0,
                    help="significant digits of the numbers (default: as %%g, 6)")
    ap.add_argument("--intervals", action="store_true",
                    help="add the bootstrap interval [M_ci_low, M_ci_high] of a median (or ert)")
    ap.add_argument("--ranks", action="store_true",
                    help="bold the cells of rank 1 (the best and the settings tied with it)")
    a = ap.parse_args()
    rows = list(csv.DictReader(open(a.summary, newline="")))
    row_keys, col_keys = keys_of(a.rows), keys_of(a.cols)
    header = rows[0].keys() if rows else []
    for k in row_keys + col_keys + [a.metric]:
        if k not in header:
            sys.exit(f"summary_table.py: {a.summary} has no column '{k}'")
    number = f"{{:.{a.digits}g}}" if a.digits > 0 else "{:g}"
    base = a.metric[:-len("_median")] if a.metric.endswith("_median") else a.metric
    if a.intervals and base + "_ci_low" not in header:
        sys.exit(f"summary_table.py: {a.summary} has no column '{base}_ci_low' for --intervals")
    cols, opts, cell = [], [], {}
    for r in rows:
        col = label(r, col_keys) if col_keys else default_col(r)
        opt = label(r, row_keys) if row_keys else r["optimizer"]
        if col not in cols:
            cols.append(col)
        if opt not in opts:
            opts.append(opt)
        v = r.get(a.metric, "")
        if v:
            v = number.format(float(v))
            low, high = r.get(base + "_ci_low", ""), r.get(base + "_ci_high", "")
            if a.intervals and low and high:
                v += f" [{number.format(float(low))}, {number.format(float(high))}]"
        rate = r.get("escape_rate") if a.metric.startswith("escape") else r.get("success_rate")
        # A classification without train.target_accuracy (0) has nothing to succeed at.
        no_target = r.get("target_accuracy") in ("0", "0.0") and not a.metric.startswith("escape")
        if rate not in (None, "", "1") and not no_target:
            v = f"{v or '-'} ({float(rate):.0%})"
        if a.ranks and r.get("rank") == "1" and v:
            v = f"**{v}**"
        if (row_keys or col_keys) and (opt, col) in cell:
            print(f"summary_table.py: several rows of {a.summary} fall in cell ({opt}, {col}); "
                  "add keys to --rows or --cols", file=sys.stderr)
        cell[(opt, col)] = v or "-"
    print(f"| {a.metric} | " + " | ".join(cols) + " |")
    print("|---|" + "---:|" * len(cols))
    for o in opts:
        print(f"| {o} | " + " | ".join(cell.get((o, c), "") for c in cols) + " |")


if __name__ == "__main__":
    main()
