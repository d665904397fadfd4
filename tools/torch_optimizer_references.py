#!/usr/bin/python3
"""PyTorch references for the torch.optim optimizers beyond the first five, and for `maximize`.

    /usr/bin/python3 tools/torch_optimizer_references.py            # writes tests/data/torch_*
    /usr/bin/python3 tools/torch_optimizer_references.py --check    # regenerates, compares, writes nothing

Needs Debian's python3-torch (torch 1.13) and nothing else. Writes, in the format of
tests/data/optimizer_cases.yaml and optimizer_traces.csv (see ../shared/reference/README.md):

  tests/data/torch_optimizer_cases.yaml   one entry per case: the function, start, torch class,
                                          every hyperparameter under torch's name (defaults written
                                          out), steps, dtype, compare_steps, final values
  tests/data/torch_optimizer_traces.csv   case,step,index,value: f(x_t) ('f') and x_t[i] per step

Cases: NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD, each on three test functions with two
hyperparameter settings in float64, and on one function in float32; `maximize: true` for all
eleven torch optimizers optbench has; SGD's dampening outside [0, 1], which torch accepts.
The loop is torch's usual one: zero_grad, f(x), backward, step.

Choices that the C++ replay (tests/test_reference_traces.cpp) relies on:
- float64 cases run with torch.set_default_dtype(torch.float64): the scalar state tensors that
  torch creates with torch.tensor(...) (NAdam's mu_product, ASGD's eta and mu) then have the
  parameters' precision. float32 cases keep torch's default (float32), as a float32 user would.
- NAdam runs with foreach=True: 1.13's default single-tensor path multiplies one extra mu into
  mu_product_next (pytorch#92699, fixed in torch 2.0); the foreach path follows the documented
  formula, which optbench implements.
- RAdam runs the default single-tensor path: 1.13's foreach path leaves eps out of the
  denominator altogether.
- NAdam and RAdam have no `maximize` in 1.13; their maximize cases negate the gradient before
  step(), which is what torch 2.0's flag does (the gradient is negated before weight decay).
- chaotic runs: every case is run a second time with its iterate moved by one ulp per
  coordinate before every step (up, down, up, ...: the smallest change a float can take; a
  half-ulp change rounds back). compare_steps is the last step at which the two torch runs still
  agree to a tenth of the replay's float64 tolerance (1e-10 relative + 1e-13 absolute), or to
  the float32 tolerance itself (1e-5 + 1e-6, already ~170 float ulps): beyond it torch does not
  reproduce itself, so no reimplementation can be asked to. It equals steps where nothing
  diverges. Moving only the start was tried first and is not enough: a start difference can die
  out before the run reaches an unstable stretch (adamax on styblinski_tang oscillating about its
  minimum from step ~40), while a reimplementation rounds differently at every step (optbench's
  kernels contract multiply-adds into FMAs, torch's do not), by more than one ulp, hence the
  tenth.
"""

import argparse
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "data")
CASES = os.path.join(DATA, "torch_optimizer_cases.yaml")
TRACES = os.path.join(DATA, "torch_optimizer_traces.csv")

# The replay's tolerances (relative, absolute), and the share of them that the chaos check allows.
TOL = {"float64": (1e-9, 1e-12), "float32": (1e-5, 1e-6)}
CHAOS_SHARE = {"float64": 0.1, "float32": 1.0}


# The test functions of optbench (../shared/reference/README.md), on one flat tensor.
def rosenbrock(x):
    return sum(100.0 * (x[i + 1] - x[i] * x[i]) ** 2 + (1.0 - x[i]) ** 2 for i in range(len(x) - 1))


def himmelblau(x):
    return (x[0] * x[0] + x[1] - 11.0) ** 2 + (x[0] + x[1] * x[1] - 7.0) ** 2


def six_hump_camel(x):
    x0, x1 = x[0], x[1]
    return (4.0 - 2.1 * x0 * x0 + x0 ** 4 / 3.0) * x0 * x0 + x0 * x1 + (-4.0 + 4.0 * x1 * x1) * x1 * x1


def beale(x):
    x0, x1 = x[0], x[1]
    return ((1.5 - x0 + x0 * x1) ** 2 + (2.25 - x0 + x0 * x1 * x1) ** 2
            + (2.625 - x0 + x0 * x1 * x1 * x1) ** 2)


def styblinski_tang(x):
    return 0.5 * torch.sum(x ** 4 - 16.0 * x ** 2 + 5.0 * x)


def quartic_saddle(x):
    return x[0] * x[0] + x[1] ** 4 / 4.0 - x[1] * x[1] / 2.0


def rastrigin(x):
    return 10.0 * len(x) + torch.sum(x * x - 10.0 * torch.cos(2.0 * math.pi * x))


FUNCTIONS = {
    "rosenbrock": (rosenbrock, "sum_{i<D-1} 100*(x_{i+1}-x_i^2)^2 + (1-x_i)^2"),
    "himmelblau": (himmelblau, "(x0^2 + x1 - 11)^2 + (x0 + x1^2 - 7)^2"),
    "six_hump_camel": (six_hump_camel, "(4 - 2.1*x0^2 + x0^4/3)*x0^2 + x0*x1 + (-4 + 4*x1^2)*x1^2"),
    "beale": (beale, "(1.5 - x0 + x0*x1)^2 + (2.25 - x0 + x0*x1^2)^2 + (2.625 - x0 + x0*x1^3)^2"),
    "styblinski_tang": (styblinski_tang, "0.5*sum(x_i^4 - 16*x_i^2 + 5*x_i)"),
    "quartic_saddle": (quartic_saddle, "x0^2 + x1^4/4 - x1^2/2"),
    "rastrigin": (rastrigin, "10*D + sum(x_i^2 - 10*cos(2*pi*x_i))"),
}

# torch 1.13's defaults, written out in every case (torch's argument names).
DEFAULTS = {
    "SGD": dict(lr=1e-3, momentum=0.0, dampening=0.0, nesterov=False, weight_decay=0.0,
                maximize=False),
    "Adam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False,
                 maximize=False),
    "AdamW": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False,
                  maximize=False),
    "RMSprop": dict(lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, centered=False,
                    maximize=False),
    "Adagrad": dict(lr=1e-2, lr_decay=0.0, weight_decay=0.0, initial_accumulator_value=0.0,
                    eps=1e-10, maximize=False),
    "NAdam": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, momentum_decay=4e-3,
                  maximize=False),
    "RAdam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False),
    "Adamax": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False),
    "Adadelta": dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False),
    "Rprop": dict(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50.0), maximize=False),
    "ASGD": dict(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, maximize=False),
}
NO_MAXIMIZE_IN_113 = ("NAdam", "RAdam")
# Keyword arguments that pick torch's code path, not part of the update rule.
PATH = {"NAdam": dict(foreach=True), "RAdam": dict(foreach=False)}


def case(cid, opt, function, start, steps, dtype="float64", dim=None, **hp):
    unknown = set(hp) - set(DEFAULTS[opt])
    assert not unknown, (cid, unknown)
    full = dict(DEFAULTS[opt])
    full.update(hp)
    return dict(id=cid, optimizer=opt, function=function, start=[float(s) for s in start],
                dim=dim or len(start), steps=steps, dtype=dtype, hyperparameters=full)


def cases():
    out = []
    add = out.append
    # Starts: rosenbrock's classic (-1.2, 1), himmelblau between its minima, styblinski_tang in 3-D
    # between its basins, beale and six_hump_camel off their minima.
    rb, hb, st3, bl, sc = [-1.2, 1.0], [0.5, -0.5], [0.3, -1.2, 2.0], [1.0, 1.2], [1.1, -0.4]

    # NAdam: defaults (lr raised so the runs move), then betas, weight decay and momentum_decay.
    add(case("nadam_plain__rosenbrock_d2", "NAdam", "rosenbrock", rb, 80, lr=1e-2))
    add(case("nadam_plain__himmelblau", "NAdam", "himmelblau", hb, 80, lr=5e-2))
    add(case("nadam_plain__styblinski_tang_d3", "NAdam", "styblinski_tang", st3, 80, lr=5e-2))
    add(case("nadam_tuned__rosenbrock_d2", "NAdam", "rosenbrock", rb, 80, lr=2e-2,
             betas=(0.8, 0.99), weight_decay=0.05, momentum_decay=0.01, eps=1e-6))
    add(case("nadam_tuned__himmelblau", "NAdam", "himmelblau", hb, 80, lr=0.1,
             betas=(0.95, 0.9), weight_decay=0.01, momentum_decay=0.1))
    add(case("nadam_tuned__styblinski_tang_d3", "NAdam", "styblinski_tang", st3, 80, lr=0.1,
             betas=(0.5, 0.999), weight_decay=0.1, momentum_decay=0.0))

    # RAdam: long enough for the rectified steps (rho_t > 5 from step 6 with beta2 = 0.999).
    add(case("radam_plain__rosenbrock_d2", "RAdam", "rosenbrock", rb, 80))
    add(case("radam_plain__himmelblau", "RAdam", "himmelblau", hb, 80, lr=5e-2))
    add(case("radam_plain__styblinski_tang_d3", "RAdam", "styblinski_tang", st3, 80, lr=5e-2))
    add(case("radam_tuned__rosenbrock_d2", "RAdam", "rosenbrock", rb, 80, lr=2e-3,
             betas=(0.8, 0.99), weight_decay=0.05, eps=1e-6))
    add(case("radam_tuned__himmelblau", "RAdam", "himmelblau", hb, 80, lr=0.05,
             betas=(0.95, 0.9), weight_decay=0.01))
    add(case("radam_tuned__beale", "RAdam", "beale", bl, 80, lr=0.05, betas=(0.5, 0.95)))

    # Adamax.
    add(case("adamax_plain__rosenbrock_d2", "Adamax", "rosenbrock", rb, 80, lr=1e-2))
    add(case("adamax_plain__himmelblau", "Adamax", "himmelblau", hb, 80, lr=5e-2))
    add(case("adamax_plain__styblinski_tang_d3", "Adamax", "styblinski_tang", st3, 80, lr=5e-2))
    add(case("adamax_tuned__rosenbrock_d2", "Adamax", "rosenbrock", rb, 80, lr=2e-2,
             betas=(0.8, 0.99), weight_decay=0.05, eps=1e-3))
    add(case("adamax_tuned__six_hump_camel", "Adamax", "six_hump_camel", sc, 80, lr=0.05,
             betas=(0.95, 0.5), weight_decay=0.01))
    add(case("adamax_tuned__styblinski_tang_d3", "Adamax", "styblinski_tang", st3, 80, lr=0.1,
             betas=(0.5, 0.9), weight_decay=0.1))

    # Adadelta: its default lr 1 with rho and eps varied.
    add(case("adadelta_plain__rosenbrock_d2", "Adadelta", "rosenbrock", rb, 80))
    add(case("adadelta_plain__himmelblau", "Adadelta", "himmelblau", hb, 80))
    add(case("adadelta_plain__styblinski_tang_d3", "Adadelta", "styblinski_tang", st3, 80))
    add(case("adadelta_tuned__rosenbrock_d2", "Adadelta", "rosenbrock", rb, 80, lr=0.5, rho=0.5,
             eps=1e-4, weight_decay=0.05))
    add(case("adadelta_tuned__beale", "Adadelta", "beale", bl, 80, lr=10.0, rho=0.95, eps=1e-3))
    add(case("adadelta_tuned__styblinski_tang_d3", "Adadelta", "styblinski_tang", st3, 80, lr=2.0,
             rho=0.99, eps=1e-3, weight_decay=0.1))

    # Rprop: sign flips shrink the step, agreements grow it, within step_sizes.
    add(case("rprop_plain__rosenbrock_d2", "Rprop", "rosenbrock", rb, 80))
    add(case("rprop_plain__himmelblau", "Rprop", "himmelblau", hb, 80))
    add(case("rprop_plain__styblinski_tang_d3", "Rprop", "styblinski_tang", st3, 80))
    add(case("rprop_tuned__rosenbrock_d2", "Rprop", "rosenbrock", rb, 80, lr=0.1, etas=(0.3, 1.5),
             step_sizes=(1e-3, 0.2)))
    add(case("rprop_tuned__six_hump_camel", "Rprop", "six_hump_camel", sc, 80, lr=0.5,
             etas=(0.7, 1.1), step_sizes=(0.01, 0.3)))
    add(case("rprop_tuned__styblinski_tang_d3", "Rprop", "styblinski_tang", st3, 80, lr=2.0,
             etas=(0.5, 2.0), step_sizes=(1e-6, 1.0)))

    # ASGD: t0 small enough for the averaging (mu < 1) to start within the run.
    add(case("asgd_plain__rosenbrock_d2", "ASGD", "rosenbrock", rb, 80, lr=1e-3))
    add(case("asgd_plain__himmelblau", "ASGD", "himmelblau", hb, 80))
    add(case("asgd_plain__styblinski_tang_d3", "ASGD", "styblinski_tang", st3, 80))
    add(case("asgd_tuned__rosenbrock_d2", "ASGD", "rosenbrock", rb, 80, lr=1e-3, lambd=0.1,
             alpha=0.5, t0=20.0, weight_decay=0.05))
    add(case("asgd_tuned__himmelblau", "ASGD", "himmelblau", hb, 80, lr=0.01, lambd=1.0,
             alpha=1.0, t0=10.0))
    add(case("asgd_tuned__styblinski_tang_d3", "ASGD", "styblinski_tang", st3, 80, lr=0.02,
             lambd=0.01, alpha=0.9, t0=30.5, weight_decay=0.1))

    # Chaotic runs (rastrigin's curvature times the step exceeds 2): compared up to compare_steps.
    add(case("adadelta_chaotic__rastrigin_d2", "Adadelta", "rastrigin", [0.3, -1.7], 200,
             lr=100.0))
    add(case("asgd_chaotic__rastrigin_d2", "ASGD", "rastrigin", [0.3, -1.7], 150, lr=0.009))

    # float32: the same updates on float32 tensors (one tuned case each).
    f32 = dict(dtype="float32")
    add(case("nadam_tuned__himmelblau_f32", "NAdam", "himmelblau", hb, 60, lr=0.1,
             betas=(0.95, 0.9), weight_decay=0.01, momentum_decay=0.1, **f32))
    add(case("radam_tuned__himmelblau_f32", "RAdam", "himmelblau", hb, 60, lr=0.05,
             betas=(0.95, 0.9), weight_decay=0.01, **f32))
    add(case("adamax_tuned__styblinski_tang_d3_f32", "Adamax", "styblinski_tang", st3, 60, lr=0.1,
             betas=(0.5, 0.9), weight_decay=0.1, **f32))
    add(case("adadelta_tuned__styblinski_tang_d3_f32", "Adadelta", "styblinski_tang", st3, 60,
             lr=2.0, rho=0.99, eps=1e-3, weight_decay=0.1, **f32))
    add(case("rprop_tuned__six_hump_camel_f32", "Rprop", "six_hump_camel", sc, 60, lr=0.5,
             etas=(0.7, 1.1), step_sizes=(0.01, 0.3), **f32))
    add(case("asgd_tuned__himmelblau_f32", "ASGD", "himmelblau", hb, 60, lr=0.01, lambd=1.0,
             alpha=1.0, t0=10.0, **f32))

    # maximize: every optimizer climbs to himmelblau's local maximum (-0.2708, -0.9230) or
    # styblinski_tang's (0.0935 per coordinate), with weight decay where it has one.
    hm = [0.2, -0.5]
    stm = [0.5, -0.4, 0.3]
    mx = dict(maximize=True)
    add(case("sgd_maximize__himmelblau", "SGD", "himmelblau", hm, 60, lr=5e-3, momentum=0.5,
             weight_decay=0.1, **mx))
    add(case("adam_maximize__himmelblau", "Adam", "himmelblau", hm, 60, lr=0.05, weight_decay=0.1,
             amsgrad=True, **mx))
    add(case("adamw_maximize__styblinski_tang_d3", "AdamW", "styblinski_tang", stm, 60, lr=0.05,
             weight_decay=0.1, **mx))
    add(case("rmsprop_maximize__himmelblau", "RMSprop", "himmelblau", hm, 60, lr=0.01,
             momentum=0.5, centered=True, weight_decay=0.1, **mx))
    add(case("adagrad_maximize__styblinski_tang_d3", "Adagrad", "styblinski_tang", stm, 60,
             lr=0.1, lr_decay=0.01, weight_decay=0.1, **mx))
    add(case("nadam_maximize__himmelblau", "NAdam", "himmelblau", hm, 60, lr=0.05,
             weight_decay=0.1, **mx))
    add(case("radam_maximize__styblinski_tang_d3", "RAdam", "styblinski_tang", stm, 60, lr=0.05,
             weight_decay=0.1, **mx))
    add(case("adamax_maximize__himmelblau", "Adamax", "himmelblau", hm, 60, lr=0.05,
             weight_decay=0.1, **mx))
    add(case("adadelta_maximize__styblinski_tang_d3", "Adadelta", "styblinski_tang", stm, 60,
             weight_decay=0.1, **mx))
    add(case("rprop_maximize__himmelblau", "Rprop", "himmelblau", hm, 60, lr=0.05, **mx))
    add(case("asgd_maximize__styblinski_tang_d3", "ASGD", "styblinski_tang", stm, 60, lr=0.02,
             t0=10.0, weight_decay=0.1, **mx))
    add(case("nadam_maximize__himmelblau_f32", "NAdam", "himmelblau", hm, 40, lr=0.05,
             weight_decay=0.1, dtype="float32", **mx))

    # SGD's dampening outside [0, 1], which torch does not check.
    add(case("sgd_dampening_above_one__quartic_saddle", "SGD", "quartic_saddle", [0.5, 0.3], 60,
             lr=0.02, momentum=0.5, dampening=1.5))
    add(case("sgd_dampening_negative__beale", "SGD", "beale", bl, 60, lr=1e-3, momentum=0.5,
             dampening=-0.5))
    return out


def run(c, perturb=False):
    """The torch trace of case c: a list of (f, x) for steps 0..steps; `perturb` moves the
    iterate by one ulp per coordinate before every step, up and down in turn."""
    dtype = {"float64": torch.float64, "float32": torch.float32}[c["dtype"]]
    torch.set_default_dtype(dtype)
    x = torch.tensor(c["start"], dtype=dtype, requires_grad=True)
    hp = dict(c["hyperparameters"])
    negate = hp["maximize"] and c["optimizer"] in NO_MAXIMIZE_IN_113
    if c["optimizer"] in NO_MAXIMIZE_IN_113:
        del hp["maximize"]
    hp.update(PATH.get(c["optimizer"], {}))
    opt = getattr(torch.optim, c["optimizer"])([x], **hp)
    fn = FUNCTIONS[c["function"]][0]
    trace = []
    for step in range(c["steps"]):
        if perturb:
            toward = torch.full_like(x, math.inf if step % 2 == 0 else -math.inf)
            with torch.no_grad():
                x.copy_(torch.nextafter(x, toward))
        opt.zero_grad()
        f = fn(x)
        trace.append((f.item(), x.detach().clone().tolist()))
        f.backward()
        if negate:
            x.grad.neg_()  # torch 2.0's maximize: the gradient negated, then weight decay
        opt.step()
    with torch.no_grad():
        trace.append((fn(x).item(), x.detach().clone().tolist()))
    extra = {}
    if c["optimizer"] == "ASGD":
        extra["final_ax"] = opt.state[x]["ax"].tolist()
    torch.set_default_dtype(torch.float32)
    return trace, extra


def agree(a, b, dtype):
    rtol, atol = (t * CHAOS_SHARE[dtype] for t in TOL[dtype])
    return all(abs(p - q) <= atol + rtol * abs(q) for p, q in zip(a, b))


def compare_steps(c, trace):
    """The last step at which torch, its iterate moved by an ulp every step, agrees with itself."""
    other, _ = run(c, perturb=True)
    for step, ((f, x), (g, y)) in enumerate(zip(trace, other)):
        if not (math.isfinite(f) and agree([f] + x, [g] + y, c["dtype"])):
            return step - 1
    return c["steps"]


def num(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(num(e) for e in v) + "]"
    s = "%.17g" % v
    mantissa, e, exp = s.partition("e")
    if "." not in mantissa and mantissa not in ("inf", "-inf", "nan"):
        mantissa += ".0"
    return mantissa + e + exp


def render(all_cases):
    lines = [
        "# PyTorch optimizer traces beyond optimizer_cases.yaml: NAdam, RAdam, Adamax, Adadelta,",
        "# Rprop, ASGD; maximize for every torch optimizer; SGD's dampening outside [0, 1].",
        "# Written by tools/torch_optimizer_references.py (its docstring says how); do not edit.",
        "# compare_steps: the last step at which torch, its iterate moved by one ulp before every",
        "# step, still agrees with itself (see the script; steps unless the run is chaotic).",
        f'torch_version: "{torch.__version__}"',
        "cases:",
    ]
    for c in all_cases:
        lines += [
            f'  - id: "{c["id"]}"',
            f'    function: "{c["function"]}"',
            f"    dim: {c['dim']}",
            "    function_params: {}",
            f"    start: {num(c['start'])}",
            f'    optimizer: "{c["optimizer"]}"',
            f'    dtype: "{c["dtype"]}"',
            "    hyperparameters:",
        ]
        lines += [f"      {k}: {num(v)}" for k, v in c["hyperparameters"].items()]
        lines += [
            f"    steps: {c['steps']}",
            f"    compare_steps: {c['compare_steps']}",
            f'    function_formula: "{FUNCTIONS[c["function"]][1]}"',
            f"    final_f: {num(c['trace'][-1][0])}",
            f"    final_x: {num(c['trace'][-1][1])}",
        ]
        if "final_ax" in c:
            lines.append(f"    final_ax: {num(c['final_ax'])}")
    return "\n".join(lines) + "\n"


def render_traces(all_cases):
    rows = ["case,step,index,value"]
    for c in all_cases:
        for step, (f, x) in enumerate(c["trace"]):
            rows.append(f"{c['id']},{step},f,{num(f)}")
            rows += [f"{c['id']},{step},{i},{num(v)}" for i, v in enumerate(x)]
    return "\n".join(rows) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="compare with the stored files instead")
    args = ap.parse_args()
    torch.set_num_threads(1)
    all_cases = cases()
    for c in all_cases:
        c["trace"], extra = run(c)
        c.update(extra)
        c["compare_steps"] = compare_steps(c, c["trace"])
        moved = max(abs(a - b) for a, b in zip(c["trace"][-1][1], c["start"]))
        note = "" if c["compare_steps"] == c["steps"] else f"  chaotic after step {c['compare_steps']}"
        print(f"{c['id']:45s} f {c['trace'][0][0]:10.4g} -> {c['trace'][-1][0]:10.4g}"
              f"  moved {moved:.3g}{note}", file=sys.stderr)
        assert moved > 1e-3, f"{c['id']}: the run hardly moves"
        assert c["compare_steps"] >= 20, f"{c['id']}: chaotic from step {c['compare_steps']}"
    texts = {CASES: render(all_cases), TRACES: render_traces(all_cases)}
    if args.check:
        same = all(open(p).read() == t for p, t in texts.items())
        print("stored references reproduced" if same else "stored references DIFFER", file=sys.stderr)
        sys.exit(0 if same else 1)
    for path, text in texts.items():
        with open(path, "w") as f:
            f.write(text)
    print(f"{len(all_cases)} cases written to {os.path.relpath(CASES)} and {os.path.relpath(TRACES)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
