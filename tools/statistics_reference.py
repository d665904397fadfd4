#!/usr/bin/env python3
"""Reference values for src/analysis/statistics.cpp, computed with numpy and scipy.stats 1.10
(Debian's python3-numpy and python3-scipy). Writes tests/data/statistics_reference.yaml, which
tests/test_statistics.cpp reads; the tests never run Python.

    /usr/bin/python3 tools/statistics_reference.py > tests/data/statistics_reference.yaml

- Wilcoxon signed-rank: scipy.stats.wilcoxon. Zero differences are dropped first (zero_method
  "wilcox"); with at most 50 non-zero differences and no ties among |d| the reference is
  wilcoxon(d[d != 0], method="exact") (scipy itself would switch to the approximation on seeing a
  zero), otherwise wilcoxon(d, zero_method="wilcox", method="approx", correction=True).
- Wilson: scipy.stats.binomtest(k, n).proportion_ci(confidence, method="wilson").
- Percentile bootstrap: the resamples are those optbench draws. optbench's generator is a
  documented, portable algorithm (xoshiro256** seeded through SplitMix64, integers below a bound
  by rejection: src/core/random.cpp, src/data/shuffle.cpp), re-implemented here so that the same
  indices are drawn; the statistic of each resample is numpy's (np.quantile(sample, 0.5), the
  median as pandas computes it, or the ERT), and the interval np.quantile(statistics,
  [(1 - c)/2, (1 + c)/2]) (method "linear"). Where a statistic
  is infinite numpy's interpolation can form inf - inf; there the infinity stands, as in optbench.
- ERT (COCO): sum over runs of the steps used (a failed run charged the budget) / successes.
- Holm: the step-down adjustment, written out (statsmodels' multipletests(method="holm")).
"""
import math
import sys
import warnings

import numpy as np
import scipy
from scipy import stats

MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Rng:
    """optbench::Rng: xoshiro256** seeded through SplitMix64."""

    def __init__(self, seed):
        self.s = []
        state = seed & MASK
        for _ in range(4):
            state, value = splitmix64(state)
            self.s.append(value)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, bound):
        """optbench::uniform_below: rejection of the lowest 2^64 mod bound values."""
        threshold = ((1 << 64) - bound) % bound
        while True:
            r = self.next()
            if r >= threshold:
                return r % bound


def stable_hash(parts):
    """optbench::stable_hash: FNV-1a over the parts with a separator, then SplitMix64."""
    h = 0xCBF29CE484222325
    for part in parts:
        for byte in part.encode():
            h ^= byte
            h = (h * 0x100000001B3) & MASK
        h ^= 0xFF
        h = (h * 0x100000001B3) & MASK
    return splitmix64(h)[1]


def lerp_quantile(sorted_values, q):
    """numpy's 'linear' quantile, except that an infinite end stands."""
    n = len(sorted_values)
    position = (n - 1) * q
    lo = math.floor(position)
    hi = min(lo + 1, n - 1)
    a, b, t = sorted_values[lo], sorted_values[hi], position - lo
    if t == 0 or a == b or math.isinf(a):
        return a
    if math.isinf(b):
        return b
    return float(np.quantile([a, b], t))  # numpy's own _lerp on the two neighbours


def percentile_interval(statistics, confidence):
    values = sorted(statistics)
    alpha = 1.0 - confidence
    if all(math.isfinite(v) for v in values):
        low, high = np.quantile(np.array(values), [alpha / 2, 1 - alpha / 2])
        return float(low), float(high)
    return lerp_quantile(values, alpha / 2), lerp_quantile(values, 1 - alpha / 2)


def bootstrap(values, statistic, resamples, confidence, seed):
    rng = Rng(seed)
    n = len(values)
    out = []
    for _ in range(resamples):
        sample = [values[rng.below(n)] for _ in range(n)]
        out.append(statistic(sample))
    return percentile_interval(out, confidence)


def median(sample):
    if all(map(math.isfinite, sample)):
        return float(np.quantile(np.array(sample), 0.5))
    return lerp_quantile(sorted(sample), 0.5)


def ert(runs, budget):
    successes = sum(1 for r in runs if r is not None)
    if successes == 0:
        return math.inf
    return sum(budget if r is None else r for r in runs) / successes


def wilcoxon(d):
    d = np.asarray(d, dtype=float)
    nonzero = d[d != 0]
    if nonzero.size == 0:
        return None
    ties = len(np.unique(np.abs(nonzero))) < nonzero.size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if nonzero.size <= 50 and not ties:
            res = stats.wilcoxon(nonzero, method="exact")
            exact = True
        else:
            res = stats.wilcoxon(d, zero_method="wilcox", method="approx", correction=True)
            exact = False
    return {"statistic": float(res.statistic), "p_value": float(res.pvalue), "exact": exact,
            "nonzero": int(nonzero.size)}


def holm(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, (m - rank) * p[i])
        out[i] = min(1.0, running)
    return out


def num(x):
    if x is None:
        return "null"
    if math.isnan(x):
        return ".nan"
    if math.isinf(x):
        return ".inf" if x > 0 else "-.inf"
    return repr(float(x))


def seq(xs):
    return "[" + ", ".join(num(x) for x in xs) + "]"


def main():
    out = sys.stdout
    out.write("# Written by tools/statistics_reference.py (numpy %s, scipy %s); do not edit.\n"
              % (np.__version__, scipy.__version__))

    out.write("quantiles:\n")
    for values, q in [([1.0, 2.0, 3.0, 4.0], 0.25), ([0.7, 0.1], 0.5), ([0.7, 0.1], 0.75),
                      ([5.0], 0.025), ([3.0, 1.0, 2.0, 10.0, -4.0], 0.975)]:
        ref = float(np.quantile(np.array(values), q))
        out.write("  - {values: %s, q: %s, value: %s}\n" % (seq(values), num(q), num(ref)))

    out.write("rng:\n")  # the generator itself: first outputs and bounded draws
    for seed in [0, 1, 12345678901234567]:
        r = Rng(seed)
        first = [r.next() for _ in range(3)]
        r = Rng(seed)
        below = [r.below(7) for _ in range(10)]
        out.write("  - {seed: %d, next: [%s], below_7: [%s]}\n"
                  % (seed, ", ".join(str(v) for v in first), ", ".join(str(v) for v in below)))
    out.write("stable_hash:\n")
    for parts in [["a"], ["ab", "c"], ["a", "bc"], ["bootstrap", "problem=quartic_saddle;",
                                                    "adam lr=0.01", "final_loss"]]:
        out.write("  - {parts: [%s], value: %d}\n"
                  % (", ".join('"%s"' % p for p in parts), stable_hash(parts)))

    out.write("bootstrap_median:\n")
    cases = [
        ("eight", [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0], 2000, 0.95, 1),
        ("twenty_steps", [float(v) for v in [131, 140, 128, 135, 150, 129, 133, 138, 131, 160,
                                             127, 133, 136, 141, 130, 129, 145, 132, 134, 139]],
         2000, 0.95, 20240601),
        ("ties", [2.0, 2.0, 2.0, 5.0, 5.0], 500, 0.9, 7),
        ("single", [0.375], 2000, 0.95, 3),
        ("with_inf", [1.0, 2.0, math.inf, math.inf, 3.0], 1000, 0.95, 11),
    ]
    for name, values, b, c, seed in cases:
        low, high = bootstrap(values, median, b, c, seed)
        out.write("  - {id: %s, values: %s, resamples: %d, confidence: %s, seed: %d, "
                  "median: %s, low: %s, high: %s}\n"
                  % (name, seq(values), b, num(c), seed,
                     num(lerp_quantile(sorted(values), 0.5)), num(low), num(high)))

    # summary.csv's own key: stable_hash("median", problem cells, setting, column) seeds the
    # resamples of final_loss of setting "sgd lr=0.01" on problem quartic_saddle dim=2 start "0 1e-04".
    out.write("summary_interval:\n")
    key = ["median", "problem=quartic_saddle;dim=2;start=0 1e-04;", "sgd lr=0.01", "final_loss", ""]
    values = [0.25, 1.5, -0.125, 3.0, 0.75, 2.25, 0.5]
    low, high = bootstrap(values, median, 2000, 0.95, stable_hash(key))
    out.write("  values: %s\n  seed: %d\n  median: %s\n  low: %s\n  high: %s\n"
              % (seq(values), stable_hash(key), num(median(values)), num(low), num(high)))

    out.write("wilson:\n")
    for k, n, c in [(0, 20, 0.95), (20, 20, 0.95), (10, 20, 0.95), (19, 20, 0.95), (1, 1, 0.95),
                    (0, 1, 0.95), (7, 13, 0.9), (50, 120, 0.99)]:
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=c, method="wilson")
        out.write("  - {k: %d, n: %d, confidence: %s, low: %s, high: %s}\n"
                  % (k, n, num(c), num(ci.low), num(ci.high)))

    out.write("ert:\n")
    ert_cases = [
        ("all_succeed", [10.0, 20.0, 30.0], 100.0, 2000, 0.95, 5),
        ("half_fail", [12.0, None, 15.0, None, 11.0, None, 14.0, None, 13.0, None], 20000.0,
         2000, 0.95, 6),
        ("one_success", [7.0, None, None, None], 50.0, 2000, 0.95, 8),
        ("all_fail", [None, None, None], 1000.0, 200, 0.95, 9),
        ("single_run", [42.0], 1000.0, 100, 0.95, 10),
    ]
    for name, runs, budget, b, c, seed in ert_cases:
        low, high = bootstrap(runs, lambda s: ert(s, budget), b, c, seed)
        out.write("  - {id: %s, runs: %s, budget: %s, resamples: %d, confidence: %s, seed: %d, "
                  "ert: %s, low: %s, high: %s}\n"
                  % (name, seq(runs), num(budget), b, num(c), seed, num(ert(runs, budget)),
                     num(low), num(high)))

    out.write("wilcoxon:\n")
    rng = np.random.default_rng(2024)
    w_cases = [
        ("one", [0.5]),
        ("one_negative", [-3.0]),
        ("two", [1.0, -2.0]),
        ("five_all_positive", [1.0, 2.5, 0.5, 4.0, 3.0]),
        ("ten_mixed", [1.5, -0.3, 2.2, 0.9, -1.1, 3.4, 0.2, -0.05, 1.8, 2.6]),
        ("centre", [1.0, -2.0, 3.0, -4.0, -5.0, 6.0, 7.0, -8.0]),
        ("zeros_dropped", [0.0, 1.0, -2.0, 0.0, 3.0, 4.0, 5.0, 0.0, 6.0]),
        ("ties_approx", [1.0, 1.0, -1.0, 2.0, 2.0, 3.0, -0.5, 4.0, 4.0, 4.0, 5.0]),
        ("ties_and_zeros", [0.0, 2.0, -2.0, 2.0, 0.0, 7.0, 7.0, -1.0, 3.0]),
        ("twenty", list(np.round(rng.normal(0.4, 1.0, 20), 6))),
        ("fifty_exact", list(np.round(rng.normal(0.2, 1.0, 50), 9))),
        ("sixty_approx", list(np.round(rng.normal(0.1, 1.0, 60), 9))),
        ("infinite_difference", [math.inf, 1.0, 2.0, -0.5, 3.0]),
        ("all_zero", [0.0, 0.0, 0.0]),
    ]
    for name, d in w_cases:
        res = wilcoxon(d)
        if res is None:
            out.write("  - {id: %s, d: %s, defined: false}\n" % (name, seq(d)))
            continue
        out.write("  - {id: %s, d: %s, defined: true, nonzero: %d, exact: %s, statistic: %s, "
                  "p_value: %s}\n"
                  % (name, seq(d), res["nonzero"], "true" if res["exact"] else "false",
                     num(res["statistic"]), num(res["p_value"])))

    out.write("holm:\n")
    for p in [[0.01, 0.04, 0.03, 0.005], [0.5, 0.2], [0.3], [0.02, 0.02, 0.9]]:
        out.write("  - {p: %s, adjusted: %s}\n" % (seq(p), seq(holm(p))))


if __name__ == "__main__":
    main()
