#!/usr/bin/env python3
"""Reference values of Spearman's rank correlation for tests/test_network_curvature.cpp
(scipy.stats.spearmanr, average ranks for ties). Run with Debian's python: /usr/bin/python3."""
from scipy.stats import spearmanr

print(repr(spearmanr([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).correlation))
print(repr(spearmanr([0.3, 0.1, 0.2, 0.2, 0.9, 0.5], [2.0, 1.0, 1.5, 1.4, 3.0, 0.2]).correlation))
