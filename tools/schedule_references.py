#!/usr/bin/python3
"""Reference runs of torch.optim.lr_scheduler for tests/data/lr_schedulers.yaml.

Needs Debian's python3-torch (1.13): run it with /usr/bin/python3, from the repository root:

    /usr/bin/python3 tools/schedule_references.py > tests/data/lr_schedulers.yaml

Every case is a config's `schedule:` map (torch's names) on one optimizer minimising
quartic_saddle (x0^2 + x1^4/4 - x1^2/2) from (0.5, 0.5) in float64, with the loop optbench's
function kind runs:

    for t in 0..steps: record lr, momentum, f(x_t), x_t; stop at t == steps;
                       backward; optimizer.step(); scheduler.step()   (ReduceLROnPlateau: step(f))

Composite schedules are built as a torch user builds them: the members first, in list order
(each constructor steps once and may change the lr), then SequentialLR or ChainedScheduler.
`lr` and `momentum` are param_groups[0]['lr'] and its 'momentum' (or betas[0]) in force for
the update from x_t. Numbers are written with 17 significant digits.
"""
import math
import sys

import torch
from torch.optim import lr_scheduler as S

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

STEPS = 40
START = [0.5, 0.5]

# (id, optimizer name and torch hyperparameters, schedule map as a config writes it)
SGD = ("sgd", {"lr": 0.1})
SGD_MOMENTUM = ("sgd", {"lr": 0.1, "momentum": 0.9})
SGD_NESTEROV = ("sgd", {"lr": 0.05, "momentum": 0.5, "nesterov": True})
ADAM = ("adam", {"lr": 0.05})
ADAMW = ("adamw", {"lr": 0.05, "weight_decay": 0.1})
RMSPROP = ("rmsprop", {"lr": 0.01, "momentum": 0.5})
ADAGRAD = ("adagrad", {"lr": 0.1})

CASES = [
    ("none", SGD, {"name": "none"}),
    ("step_a", SGD, {"name": "StepLR", "step_size": 7, "gamma": 0.5}),
    ("step_b", ADAM, {"name": "StepLR", "step_size": 3, "gamma": 0.8}),
    ("multistep_a", SGD, {"name": "MultiStepLR", "milestones": [5, 12, 12, 30], "gamma": 0.5}),
    ("multistep_b", SGD_MOMENTUM, {"name": "MultiStepLR", "milestones": [10]}),
    ("exponential_a", SGD, {"name": "ExponentialLR", "gamma": 0.93}),
    ("exponential_b", ADAM, {"name": "ExponentialLR", "gamma": 1.02}),
    ("cosine_a", SGD, {"name": "CosineAnnealingLR", "T_max": 25, "eta_min": 0.001}),
    ("cosine_b", SGD_MOMENTUM, {"name": "CosineAnnealingLR", "T_max": 10}),
    ("constant_a", SGD, {"name": "ConstantLR", "factor": 0.5, "total_iters": 4}),
    ("constant_b", ADAM, {"name": "ConstantLR"}),
    ("linear_a", SGD, {"name": "LinearLR", "start_factor": 0.25, "total_iters": 8}),
    ("linear_b", SGD_MOMENTUM,
     {"name": "LinearLR", "start_factor": 1.0, "end_factor": 0.1, "total_iters": 20}),
    ("polynomial_a", SGD, {"name": "PolynomialLR", "total_iters": 10}),
    ("polynomial_b", ADAM, {"name": "PolynomialLR", "total_iters": 30, "power": 2.5}),
    ("warm_restarts_a", SGD,
     {"name": "CosineAnnealingWarmRestarts", "T_0": 10, "eta_min": 0.001}),
    ("warm_restarts_b", SGD_MOMENTUM, {"name": "CosineAnnealingWarmRestarts", "T_0": 3, "T_mult": 2}),
    ("lambda_a", SGD, {"name": "LambdaLR", "factors": [1.0, 0.5, 0.25, 2.0]}),
    ("lambda_b", ADAM, {"name": "LambdaLR", "factors": [0.1, 0.2, 0.4, 0.6, 0.8, 1.0]}),
    ("multiplicative_a", SGD, {"name": "MultiplicativeLR", "factors": [0.9]}),
    ("multiplicative_b", SGD_MOMENTUM,
     {"name": "MultiplicativeLR", "factors": [1.0, 0.9, 0.8, 1.05]}),
    ("one_cycle_a", SGD_MOMENTUM, {"name": "OneCycleLR", "max_lr": 0.1, "total_steps": 40}),
    ("one_cycle_b", ADAM,
     {"name": "OneCycleLR", "max_lr": 0.05, "total_steps": 50, "pct_start": 0.25,
      "anneal_strategy": "linear", "three_phase": True, "div_factor": 10.0,
      "final_div_factor": 100.0, "base_momentum": 0.8, "max_momentum": 0.9}),
    ("one_cycle_c", ADAGRAD,
     {"name": "OneCycleLR", "max_lr": 0.2, "epochs": 4, "steps_per_epoch": 10,
      "cycle_momentum": False}),
    ("one_cycle_d", ADAMW, {"name": "OneCycleLR", "max_lr": 0.05, "total_steps": 45}),
    ("cyclic_a", SGD_MOMENTUM,
     {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.1, "step_size_up": 5}),
    ("cyclic_b", ADAM,
     {"name": "CyclicLR", "base_lr": 0.001, "max_lr": 0.05, "step_size_up": 4,
      "step_size_down": 6, "mode": "triangular2", "cycle_momentum": False}),
    ("cyclic_c", RMSPROP,
     {"name": "CyclicLR", "base_lr": 0.002, "max_lr": 0.02, "step_size_up": 3, "mode": "exp_range",
      "gamma": 0.9, "base_momentum": 0.7, "max_momentum": 0.95}),
    ("cyclic_d", SGD_NESTEROV,
     {"name": "CyclicLR", "base_lr": 0.01, "max_lr": 0.05, "step_size_up": 6,
      "mode": "triangular2"}),
    ("plateau_a", SGD,
     {"name": "ReduceLROnPlateau", "factor": 0.5, "patience": 2, "cooldown": 1, "min_lr": 0.001}),
    ("plateau_b", SGD_MOMENTUM,
     {"name": "ReduceLROnPlateau", "mode": "max", "factor": 0.3, "patience": 0,
      "threshold_mode": "abs", "threshold": 0.01}),
    ("plateau_c", ADAM,
     {"name": "ReduceLROnPlateau", "patience": 3, "threshold": 0.05, "eps": 0.004}),
    ("sequential_warmup", SGD,
     {"name": "SequentialLR", "milestones": [5],
      "schedulers": [{"name": "LinearLR", "start_factor": 0.1, "total_iters": 5},
                     {"name": "CosineAnnealingLR", "T_max": 35}]}),
    ("sequential_three", SGD_MOMENTUM,
     {"name": "SequentialLR", "milestones": [3, 15],
      "schedulers": [{"name": "ConstantLR", "factor": 0.5, "total_iters": 3},
                     {"name": "ExponentialLR", "gamma": 0.9},
                     {"name": "StepLR", "step_size": 4, "gamma": 0.5}]}),
    ("sequential_cyclic", SGD_MOMENTUM,
     {"name": "SequentialLR", "milestones": [6],
      "schedulers": [{"name": "ConstantLR", "factor": 0.2, "total_iters": 6},
                     {"name": "CyclicLR", "base_lr": 0.02, "max_lr": 0.08, "step_size_up": 4}]}),
    ("sequential_restarts", ADAM,
     {"name": "SequentialLR", "milestones": [4, 20],
      "schedulers": [{"name": "LinearLR", "start_factor": 0.5, "total_iters": 4},
                     {"name": "CosineAnnealingWarmRestarts", "T_0": 5, "T_mult": 2},
                     {"name": "CosineAnnealingLR", "T_max": 7, "eta_min": 0.01}]}),
    ("sequential_one_cycle", ADAM,
     {"name": "SequentialLR", "milestones": [10],
      "schedulers": [{"name": "ExponentialLR", "gamma": 0.95},
                     {"name": "OneCycleLR", "max_lr": 0.06, "total_steps": 30}]}),
    ("chained_doc", SGD,
     {"name": "ChainedScheduler",
      "schedulers": [{"name": "ConstantLR", "factor": 0.1, "total_iters": 2},
                     {"name": "ExponentialLR", "gamma": 0.9}]}),
    ("chained_three", SGD_MOMENTUM,
     {"name": "ChainedScheduler",
      "schedulers": [{"name": "LinearLR", "start_factor": 0.2, "total_iters": 6},
                     {"name": "CosineAnnealingWarmRestarts", "T_0": 8, "eta_min": 0.005},
                     {"name": "MultiStepLR", "milestones": [12, 25], "gamma": 0.3}]}),
    ("chained_sequential", ADAM,
     {"name": "ChainedScheduler",
      "schedulers": [{"name": "SequentialLR", "milestones": [4],
                      "schedulers": [{"name": "LinearLR", "start_factor": 0.3, "total_iters": 4},
                                     {"name": "ExponentialLR", "gamma": 0.97}]},
                     {"name": "StepLR", "step_size": 5, "gamma": 0.5},
                     {"name": "PolynomialLR", "total_iters": 50, "power": 0.5}]}),
    ("chained_cosine_one_cycle", SGD_MOMENTUM,
     {"name": "ChainedScheduler",
      "schedulers": [{"name": "CosineAnnealingLR", "T_max": 15, "eta_min": 0.002},
                     {"name": "OneCycleLR", "max_lr": 0.08, "total_steps": 40,
                      "anneal_strategy": "linear"}]}),
    ("legacy_cosine_warmup", SGD,
     {"name": "cosine", "t_max": 35, "eta_min": 0.0, "warmup_steps": 5, "start_factor": 0.1}),
    ("legacy_step", SGD, {"name": "step", "step_size": 7, "gamma": 0.5}),
]

LEGACY = {"step": "StepLR", "exponential": "ExponentialLR", "cosine": "CosineAnnealingLR",
          "multiplicative": "MultiplicativeLR"}


def torch_form(spec):
    """A legacy spelling (snake-case names, t_max, warmup_steps) in torch's own form."""
    spec = dict(spec)
    spec["name"] = LEGACY.get(spec["name"], spec["name"])
    if "t_max" in spec:
        spec["T_max"] = spec.pop("t_max")
    warmup = spec.pop("warmup_steps", 0)
    start_factor = spec.pop("start_factor", 1.0 / 3) if spec["name"] != "LinearLR" else None
    if warmup > 0:
        return {"name": "SequentialLR", "milestones": [warmup],
                "schedulers": [{"name": "LinearLR", "start_factor": start_factor,
                                "total_iters": warmup}, spec]}
    return spec


def build(optimizer, spec):
    spec = torch_form(spec)
    args = {k: v for k, v in spec.items() if k != "name"}
    name = spec["name"]
    if name == "none":
        return S.LambdaLR(optimizer, lambda epoch: 1.0)
    if name == "LambdaLR":
        f = args["factors"]
        return S.LambdaLR(optimizer, lambda epoch: f[min(epoch, len(f) - 1)])
    if name == "MultiplicativeLR":
        f = args["factors"]
        return S.MultiplicativeLR(optimizer, lambda epoch: f[min(epoch, len(f)) - 1])
    if name == "SequentialLR":
        members = [build(optimizer, m) for m in args["schedulers"]]
        return S.SequentialLR(optimizer, members, milestones=args["milestones"])
    if name == "ChainedScheduler":
        return S.ChainedScheduler([build(optimizer, m) for m in args["schedulers"]])
    return getattr(S, name)(optimizer, **args)


def make_optimizer(name, params, x):
    cls = {"sgd": torch.optim.SGD, "adam": torch.optim.Adam, "adamw": torch.optim.AdamW,
           "rmsprop": torch.optim.RMSprop, "adagrad": torch.optim.Adagrad}[name]
    return cls([x], **params)


def quartic_saddle(x):
    return x[0] ** 2 + x[1] ** 4 / 4 - x[1] ** 2 / 2


def momentum_of(group):
    if "betas" in group:
        return float(group["betas"][0])
    m = group.get("momentum")
    return None if m is None else float(m)


def run(optimizer_name, params, spec):
    x = torch.tensor(START, requires_grad=True)
    optimizer = make_optimizer(optimizer_name, params, x)
    scheduler = build(optimizer, spec)
    plateau = isinstance(scheduler, S.ReduceLROnPlateau)
    lrs, momenta, losses, xs = [], [], [], []
    for t in range(STEPS + 1):
        group = optimizer.param_groups[0]
        lrs.append(float(group["lr"]))
        momenta.append(momentum_of(group))
        xs.append([float(v) for v in x.detach()])
        optimizer.zero_grad()
        f = quartic_saddle(x)
        losses.append(float(f))
        if t == STEPS:
            break
        f.backward()
        optimizer.step()
        if plateau:
            scheduler.step(float(f))
        else:
            scheduler.step()
    return lrs, momenta, losses, xs


def number(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    text = "%.17g" % v
    if "." not in text and "e" not in text and "inf" not in text and "nan" not in text:
        text += ".0"
    elif "e" in text and "." not in text:
        mantissa, exponent = text.split("e")
        text = mantissa + ".0e" + exponent
    return text


def flow(value):
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, str):
        return value
    return number(value)


def main():
    out = sys.stdout
    out.write("# Generated by tools/schedule_references.py with torch %s (float64): the lr and\n"
              "# momentum in force and the iterates of an optimizer on quartic_saddle from\n"
              "# (0.5, 0.5) under each schedule; see the script for the loop.\n" % torch.__version__)
    out.write("function: quartic_saddle\nstart: [0.5, 0.5]\nsteps: %d\ncases:\n" % STEPS)
    for case_id, (optimizer_name, params), spec in CASES:
        lrs, momenta, losses, xs = run(optimizer_name, params, spec)
        out.write(f"  - id: {case_id}\n")
        out.write(f"    optimizer: {flow(dict(name=optimizer_name, **params))}\n")
        out.write(f"    schedule: {flow(spec)}\n")
        out.write(f"    lr: {flow(lrs)}\n")
        if all(m is not None for m in momenta):
            out.write(f"    momentum: {flow(momenta)}\n")
        out.write(f"    loss: {flow(losses)}\n")
        out.write(f"    x0: {flow([p[0] for p in xs])}\n")
        out.write(f"    x1: {flow([p[1] for p in xs])}\n")


if __name__ == "__main__":
    main()
