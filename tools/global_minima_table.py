#!/usr/bin/env python3
"""The README's global-minimum tables from a function sweep's runs.csv, per problem (and dim) and
optimizer. First: the runs that reached the global minimum (runs.csv reached_global) out of all,
and the expected running time in evaluations (COCO's ERT: the evaluations of all runs, a success
counted to its success, divided by the successes; '∞' without one). Second (--basins): the runs
that ended in the global minimum's basin (runs.csv final_basin is the index of a global
minimum: 0, and 1 too for six_hump_camel, whose known points list both global minima first),
whatever the precision. The first table's interval is the Wilson interval of the reached share
that optbench wrote to summary.csv beside runs.csv (reached_global_ci_low/high), and its ERT is
checked against summary.csv's ert_evaluations. Standard library only.

    python3 tools/global_minima_table.py results/global-minima/runs.csv [--basins]

The same ERT as src/analysis/global_summary.cpp, which summary.csv carries.
"""
import csv
import os
import sys


def ert(rows):
    successes = sum(r["reached_global"] == "true" for r in rows)
    if successes == 0:
        return None
    return sum(int(r["evaluations"]) for r in rows) / successes


GLOBAL_BASINS = {"six_hump_camel": {"0", "1"}}


def basin_cell(rows):
    hits = sum(r["final_basin"] in GLOBAL_BASINS.get(r["problem"], {"0"}) for r in rows)
    return "%d/%d" % (hits, len(rows))


def label(r):
    return r["problem"] + ("" if r["problem"] == "six_hump_camel" else " " + r["dim"])


def read_summary(runs_path):
    path = os.path.join(os.path.dirname(runs_path), "summary.csv")
    table = {}
    for r in csv.DictReader(open(path, newline="")):
        key = (label(r), r["optimizer"])
        if key in table:
            sys.exit("summary.csv has two settings of %s %s" % key)
        table[key] = r
    return table


def cell(rows, summary):
    successes = sum(r["reached_global"] == "true" for r in rows)
    value = ert(rows)
    written = summary["ert_evaluations"]
    if (value is None) != (written == "") or (value is not None and
                                              abs(value - float(written)) > 1e-9 * value):
        sys.exit("summary.csv's ert_evaluations %r differs from runs.csv's %r" % (written, value))
    cost = "∞" if value is None else "%.3g" % value
    low = float(summary["reached_global_ci_low"])
    high = float(summary["reached_global_ci_high"])
    return "%d/%d [%.2f, %.2f] · %s" % (successes, len(rows), low, high, cost)


def main():
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    problems = []
    optimizers = []
    groups = {}
    for r in rows:
        problem = label(r)
        if problem not in problems:
            problems.append(problem)
        if r["optimizer"] not in optimizers:
            optimizers.append(r["optimizer"])
        groups.setdefault((problem, r["optimizer"]), []).append(r)
    print("| problem | " + " | ".join(optimizers) + " |")
    print("|---|" + "---|" * len(optimizers))
    basins = "--basins" in sys.argv
    summary = None if basins else read_summary(sys.argv[1])
    for p in problems:
        cells = [basin_cell(groups.get((p, o), [])) if basins else
                 cell(groups.get((p, o), []), summary[(p, o)]) for o in optimizers]
        print("| %s | %s |" % (p, " | ".join(cells)))


if __name__ == "__main__":
    main()
