#!/usr/bin/python3
"""Unscrambled Sobol points from scipy.stats.qmc.Sobol (Joe & Kuo direction numbers), the
reference tests/test_tuning.cpp checks Boost.Random's sobol engine against.

Boost leaves out the all-zero first point of the sequence, so the file starts at scipy's second
point. Run: /usr/bin/python3 tools/sobol_reference.py > tests/data/sobol_reference.csv
"""
import sys

import scipy
from scipy.stats import qmc

DIMS = 6
COUNT = 64

points = qmc.Sobol(DIMS, scramble=False).random_base2(7)[1 : COUNT + 1]
print(f"# scipy {scipy.__version__}: qmc.Sobol({DIMS}, scramble=False), points 1..{COUNT}")
print(",".join(f"x{d}" for d in range(DIMS)))
for p in points:
    print(",".join(repr(float(v)) for v in p))
