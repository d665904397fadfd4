#!/usr/bin/env python3
"""The README's global-minimum tables from a function sweep's runs.csv, per problem (and dim) and
optimizer. First: the runs that reached the global minimum (runs.csv reached_global) out of all,
and the expected running time in evaluations (COCO's ERT: the evaluations of all runs, a success
counted to its success, divided by the successes; '∞' without one). Second (--basins): the runs
that ended in the global minimum's basin (runs.csv final_basin is the index of a global
minimum: 0, and 1 too for six_hump_camel, whose known points list both global minima first),
whatever the precision. Standard library only.

    python3 tools/global_minima_table.py results/global-minima/runs.csv [--basins]

The same ERT as src/analysis/global_summary.cpp, which summary.csv is to carry.
"""
import csv
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


def cell(rows):
    successes = sum(r["reached_global"] == "true" for r in rows)
    value = ert(rows)
    cost = "∞" if value is None else "%.3g" % value
    return "%d/%d · %s" % (successes, len(rows), cost)


def main():
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
    problems = []
    optimizers = []
    groups = {}
    for r in rows:
        problem = r["problem"] + ("" if r["problem"] == "six_hump_camel" else " " + r["dim"])
        if problem not in problems:
            problems.append(problem)
        if r["optimizer"] not in optimizers:
            optimizers.append(r["optimizer"])
        groups.setdefault((problem, r["optimizer"]), []).append(r)
    print("| problem | " + " | ".join(optimizers) + " |")
    print("|---|" + "---|" * len(optimizers))
    for p in problems:
        show = basin_cell if "--basins" in sys.argv else cell
        print("| %s | %s |" % (p, " | ".join(show(groups.get((p, o), [])) for o in optimizers)))


if __name__ == "__main__":
    main()
