#!/usr/bin/python3
"""Reference values for optbench's derivative check (src/analysis/derivative_check.cpp), from
scipy.optimize.approx_derivative with method '3-point' (central differences, default steps).

    /usr/bin/python3 tools/derivative_check_reference.py > tests/data/derivative_check_reference.csv

Rows (kind, function, x, values; lists space-separated, numbers in repr form):
  step      the absolute step scipy takes at x (scipy.optimize._numdiff._compute_absolute_step)
  gradient  approx_derivative(f, x): the central-difference gradient of f
  hessian   approx_derivative(grad f, x): the Jacobian of the analytic gradient, row-major
"""
import sys

import numpy as np
import scipy
from scipy.optimize import rosen, rosen_der
from scipy.optimize._numdiff import _compute_absolute_step, approx_derivative


def himmelblau(x):
    return (x[0] ** 2 + x[1] - 11.0) ** 2 + (x[0] + x[1] ** 2 - 7.0) ** 2


def himmelblau_grad(x):
    a = x[0] ** 2 + x[1] - 11.0
    b = x[0] + x[1] ** 2 - 7.0
    return np.array([4.0 * x[0] * a + 2.0 * b, 2.0 * a + 4.0 * x[1] * b])


def cells(values):
    return " ".join(repr(float(v)) for v in np.ravel(values))


def main():
    out = sys.stdout
    out.write(f"# scipy {scipy.__version__}, numpy {np.__version__}: "
              "tools/derivative_check_reference.py\n")
    out.write("kind,function,x,values\n")
    for x in [0.0, 1e-3, -0.5, 1.0, -1.2, 3.7, -1000.0, 12345.678]:
        x0 = np.array([x])
        h = _compute_absolute_step(None, x0, np.array(0.0), "3-point")
        out.write(f"step,,{cells(x0)},{cells(h)}\n")
    functions = {
        "rosenbrock": (rosen, rosen_der),
        "himmelblau": (himmelblau, himmelblau_grad),
    }
    points = [[-1.2, 1.0], [0.5, -0.25], [1.5, 2.0], [-3.0, 4.5], [1e-4, -2e-3]]
    for name, (f, grad) in functions.items():
        for p in points:
            x = np.array(p, dtype=float)
            g = approx_derivative(f, x, method="3-point")
            out.write(f"gradient,{name},{cells(x)},{cells(g)}\n")
            h = approx_derivative(grad, x, method="3-point")
            out.write(f"hessian,{name},{cells(x)},{cells(h)}\n")


if __name__ == "__main__":
    main()
