#!/usr/bin/env python3
"""torch.optim.LBFGS references for tests/test_lbfgs_reference.cpp: three test functions x two
settings (fixed steps, strong-Wolfe line search), float64, one thread. For every case, step 0 is
the start and step k the state after k calls of optimizer.step(closure): x, f(x), and torch's
state['func_evals'] and state['n_iter'].

Chaos: every case is also run from the start moved by one ulp per coordinate (the smallest
perturbation there is: half an ulp rounds back to the start). `self_gap` is the largest relative
difference of x between the two torch runs at that step, and `chaotic_from` the first step where
it exceeds 1e-10, a tenth of the replay's tolerance: from there on torch does not reproduce
itself to 1e-9, so the replay compares x and f at 1e-9 only before that step.

    /usr/bin/python3 tools/lbfgs_reference.py > tests/data/lbfgs_traces.yaml

Needs Debian's python3-torch (1.13). Numbers are written with 17 significant digits and always
with a '.' or an exponent, so YAML reads them back as the same doubles.
"""
import sys

import numpy
import torch

FUNCTIONS = {
    "rosenbrock": (lambda x: 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1.0]),
    "himmelblau": (lambda x: (x[0] ** 2 + x[1] - 11) ** 2 + (x[0] + x[1] ** 2 - 7) ** 2,
                   [0.5, -1.5]),
    "six_hump_camel": (lambda x: (4 - 2.1 * x[0] ** 2 + x[0] ** 4 / 3) * x[0] ** 2 + x[0] * x[1]
                       + (-4 + 4 * x[1] ** 2) * x[1] ** 2, [1.2, 0.9]),
}

# torch's arguments; the rest at torch's defaults (written out below).
SETTINGS = {
    "fixed": dict(lr=0.1, max_iter=5, history_size=4, line_search_fn=None),
    "strong_wolfe": dict(lr=1.0, max_iter=6, history_size=3, line_search_fn="strong_wolfe"),
}
STEPS = 8


def number(v):
    text = "%.17g" % v
    if "." not in text and "e" not in text and "n" not in text:
        text += ".0"
    return text


def trajectory(f, start, args):
    """x after 0..STEPS calls of step(closure), plus the counts and f."""
    x = torch.tensor(start, requires_grad=True)
    opt = torch.optim.LBFGS([x], **args)

    def closure():
        opt.zero_grad()
        loss = f(x)
        loss.backward()
        return loss

    out = []
    for k in range(STEPS + 1):
        if k > 0:
            opt.step(closure)
        state = opt.state[x]
        with torch.no_grad():
            out.append((x.detach().clone(), float(f(x)), state.get("func_evals", 0),
                        state.get("n_iter", 0)))
    return out, opt.param_groups[0]


def main():
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(1)
    out = sys.stdout
    out.write("# torch.optim.LBFGS trajectories, written by tools/lbfgs_reference.py.\n")
    out.write('torch_version: "%s"\ncases:\n' % torch.__version__)
    for fname, (f, start) in FUNCTIONS.items():
        for sname, args in SETTINGS.items():
            steps, group = trajectory(f, start, args)
            nudged = [float(numpy.nextafter(v, numpy.inf)) for v in start]
            other, _ = trajectory(f, nudged, args)
            gaps = [float(torch.max(torch.abs(a[0] - b[0]) / torch.abs(a[0]).clamp(min=1e-300)))
                    for a, b in zip(steps, other)]
            chaotic_from = next((k for k, gap in enumerate(gaps) if gap > 1e-10), len(gaps))
            out.write('  - id: "%s__%s"\n    function: "%s"\n' % (fname, sname, fname))
            out.write("    start: [%s]\n" % ", ".join(number(v) for v in start))
            out.write("    hyperparameters:\n")
            for key in ("lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change",
                        "history_size"):
                value = group[key]
                out.write("      %s: %s\n" % (key, value if isinstance(value, int) else number(value)))
            out.write('      line_search_fn: "%s"\n' % (group["line_search_fn"] or "none"))
            out.write("    chaotic_from: %d\n" % chaotic_from)
            out.write("    steps:\n")
            for k, ((x, value, evals, n_iter), gap) in enumerate(zip(steps, gaps)):
                out.write("      - {step: %d, f: %s, x: [%s], func_evals: %d, n_iter: %d, "
                          "self_gap: %s}\n" % (k, number(value),
                                               ", ".join(number(float(v)) for v in x), evals,
                                               n_iter, number(gap)))


if __name__ == "__main__":
    main()
