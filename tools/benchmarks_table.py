#!/usr/bin/env python3
"""Tabulates the output of bench/run_benchmarks.sh as the Markdown tables of BENCHMARKS.md.

    python3 tools/benchmarks_table.py results/benchmarks > results/benchmarks/tables.md

Reads DIR/kernels.json (optbench_bench, Google Benchmark JSON with repetitions), the timings.csv
that `optbench bench` wrote under DIR/<config name>/, DIR/torch_peer*.csv (bench/peers/torch_peer.py)
and DIR/jobs.csv. Every time is the median over repetitions of real (wall-clock) time.
Standard library only.
"""

import csv
import json
import os
import statistics
import sys

ADAM_BYTES = 56.0
MOMENTUM_BYTES = 40.0
TRIAD_BYTES = 24.0
# Bytes per element each update reads and writes (Optimizer::bytes_per_parameter at defaults).
TORCH_OPTIMIZER_BYTES = {"nadam": 56.0, "radam": 56.0, "adamax": 56.0, "adadelta": 56.0,
                         "rprop": 56.0, "asgd": 40.0}


def kernels(path, time="real_time"):
    """run_name -> median real (or, with time="cpu_time", CPU) ns per iteration."""
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        data = json.load(f)
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    out = {}
    plain = {}
    for b in data["benchmarks"]:
        ns = b[time] * scale[b.get("time_unit", "ns")]
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                out[b["run_name"]] = ns
        else:
            plain.setdefault(b["run_name"], []).append(ns)
    for name, values in plain.items():  # without repetitions there is no median row
        out.setdefault(name, statistics.median(values))
    return out


def timings(path):
    """benchmark name -> median real ns per step from an optbench timings.csv."""
    if not os.path.exists(path):
        return {}
    out = {}
    plain = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            ns = float(row["real_ns_per_step"])
            if row["aggregate"] == "median":
                out[row["name"]] = ns
            elif row["aggregate"] == "":
                plain.setdefault(row["name"], []).append(ns)
    for name, values in plain.items():
        out.setdefault(name, statistics.median(values))
    return out


def peer(path, dtype="float64"):
    """(benchmark, n) -> ns per step at `dtype`, and the BLAS it loaded."""
    if not os.path.exists(path):
        return {}, ""
    out = {}
    blas = ""
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["dtype"] != dtype:
                continue
            out[(row["benchmark"], int(row["n"] or 0))] = float(row["ns_per_step"])
            blas = row["blas"]
    return out, blas


def fmt(x, digits=3):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}g}"


def ratio(a, b):
    return None if a is None or b is None else a / b


def timing_of(table, name, dtype):
    """A timings.csv row by its name, written with or without the dtype axis (float64 only)."""
    parts = name.split("/")
    with_dtype = "/".join(parts[:-1] + [f"dtype={dtype}", parts[-1]])
    if with_dtype in table:
        return table[with_dtype]
    return table.get(name) if dtype == "float64" else None


def mlp_tables(d, k, mlp, fashion, dtype):
    """The digits and fashion tables at one dtype (optbench_bench names end in Float for float32)."""
    ref, ref_blas = peer(os.path.join(d, "torch_peer.csv"), dtype)
    obl, obl_blas = peer(os.path.join(d, "torch_peer_openblas.csv"), dtype)
    suffix = "" if dtype == "float64" else "Float"
    print(f"\n### Digits MLP 64-64-10, batch norm, Adam, batch 32, {dtype}: one training step\n")
    print("| measurement | ns per step | samples/s | vs torch (reference BLAS) | "
          "vs torch (OpenBLAS) |")
    print("|---|---|---|---|---|")
    rows = [("optbench bench configs/timing_mlp.yaml",
             timing_of(mlp, "digits/hidden=64/batchnorm=before_activation/batch_size=32/adam", dtype)),
            (f"optbench_bench MlpTrainStep{suffix} (random data)",
             k.get(f"MlpTrainStep{suffix}/digits_64_64_10_bn_b32_adam")),
            ("torch, reference BLAS", ref.get(("mlp_step_digits", 0))),
            ("torch, OpenBLAS", obl.get(("mlp_step_digits", 0)))]
    for label, ns in rows:
        sps = None if ns is None else 32e9 / ns
        print(f"| {label} | {fmt(ns)} | {fmt(sps)} | "
              f"{fmt(ratio(ref.get(('mlp_step_digits', 0)), ns))}x | "
              f"{fmt(ratio(obl.get(('mlp_step_digits', 0)), ns))}x |")

    print(f"\n### Fashion-MNIST MLP 784-256-128-10, batch norm, Adam, batch 128, {dtype}\n")
    gemms = k.get(f"FashionGemms{suffix}")
    print("| measurement | ms per step | / optbench GEMMs alone | torch (reference BLAS) / it | "
          "torch (OpenBLAS) / it |")
    print("|---|---|---|---|---|")
    t_ref = ref.get(("mlp_step_fashion", 0))
    t_obl = obl.get(("mlp_step_fashion", 0))
    rows = [("optbench bench configs/timing_fashion.yaml",
             timing_of(fashion, "fashion_mnist/hidden=256,128/batchnorm=before_activation/batch_size=128/adam",
                       dtype)),
            (f"optbench_bench MlpTrainStep{suffix} (random data)",
             k.get(f"MlpTrainStep{suffix}/fashion_784_256_128_10_bn_b128_adam")),
            (f"optbench_bench MlpForwardBackward{suffix}", k.get(f"MlpForwardBackward{suffix}/fashion_784_256_128_10_bn_b128")),
            (f"optbench_bench FashionGemms{suffix} (the 8 products alone)", gemms),
            ("torch step, reference BLAS", t_ref),
            ("torch step, OpenBLAS", t_obl),
            ("torch GEMMs alone, reference BLAS", ref.get(("fashion_gemms", 0))),
            ("torch GEMMs alone, OpenBLAS", obl.get(("fashion_gemms", 0)))]
    for label, ns in rows:
        print(f"| {label} | {fmt(None if ns is None else ns / 1e6)} | {fmt(ratio(ns, gemms), 3)} | "
              f"{fmt(ratio(t_ref, ns), 3)} | {fmt(ratio(t_obl, ns), 3)} |")
    print(f"\ntorch BLAS: reference = `{ref_blas}`; OpenBLAS = `{obl_blas}`")


def other_updates(k, k_cpu, ref):
    """NAdam ... ASGD: ns per element and the ratio to the triad for the same bytes, in real and
    in CPU time (on a shared machine CPU time is the steadier of the two), and torch's ns."""
    print("\n### The other torch.optim updates: ns per element (float64, medians)\n")
    print("Ratio = time of the update / time the triad needs for the same bytes (bytes per "
          "element: " + ", ".join(f"{name} {b:.0f}" for name, b in TORCH_OPTIMIZER_BYTES.items()) +
          f", triad {TRIAD_BYTES:.0f}); target <= 1.3. torch = `torch.optim.<Name>([p]).step()` "
          "at its defaults (real time), and how many times optbench's real time it takes.\n")
    print("| optimizer | n | real ns | ratio (real) | CPU ns | ratio (CPU) | torch ns | torch / optbench |")
    print("|---|---|---|---|---|---|---|---|")
    for name, nbytes in TORCH_OPTIMIZER_BYTES.items():
        for n in [100000, 1000000, 10000000]:
            per = lambda table, key: None if f"{key}/{n}" not in table else table[f"{key}/{n}"] / n
            same = lambda triad: None if triad is None else triad * nbytes / TRIAD_BYTES
            ours, ours_cpu = per(k, f"Step/{name}"), per(k_cpu, f"Step/{name}")
            theirs = ref.get((f"{name}_update", n))
            theirs = None if theirs is None else theirs / n
            print(f"| {name} | {n:.0e} | {fmt(ours)} | **{fmt(ratio(ours, same(per(k, 'Triad'))), 3)}** | "
                  f"{fmt(ours_cpu)} | **{fmt(ratio(ours_cpu, same(per(k_cpu, 'Triad'))), 3)}** | "
                  f"{fmt(theirs)} | {fmt(ratio(theirs, ours), 2)}x |")


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else "results/benchmarks"
    k = kernels(os.path.join(d, "kernels.json"))
    k_cpu = kernels(os.path.join(d, "kernels.json"), "cpu_time")
    step_cost = timings(os.path.join(d, "step-cost", "timings.csv"))
    mlp = timings(os.path.join(d, "timing-mlp", "timings.csv"))
    fashion = timings(os.path.join(d, "timing-fashion", "timings.csv"))
    ref, ref_blas = peer(os.path.join(d, "torch_peer.csv"))
    obl, obl_blas = peer(os.path.join(d, "torch_peer_openblas.csv"))

    print("### Update kernels: ns per element (float64, median real time)\n")
    print("Ratio = time of the update / time the triad needs for the same bytes "
          f"(Adam {ADAM_BYTES:.0f} B/element, SGD-momentum {MOMENTUM_BYTES:.0f}, "
          f"triad {TRIAD_BYTES:.0f}); target <= 1.3 for n >= 1e5.\n")
    print("| n | triad | Adam | Adam ratio | SGD-momentum | momentum ratio | torch Adam | "
          "torch SGD-momentum |")
    print("|---|---|---|---|---|---|---|---|")
    for n in [1000, 100000, 1000000, 10000000]:
        per = lambda name: None if f"{name}/{n}" not in k else k[f"{name}/{n}"] / n
        triad, adam, mom = per("Triad"), per("Step/adam"), per("Step/momentum")
        same = lambda b: None if triad is None else triad * b / TRIAD_BYTES
        ta = ref.get(("adam_update", n))
        tm = ref.get(("sgd_momentum_update", n))
        print(f"| {n:.0e} | {fmt(triad)} | {fmt(adam)} | {fmt(ratio(adam, same(ADAM_BYTES)), 2)} | "
              f"{fmt(mom)} | {fmt(ratio(mom, same(MOMENTUM_BYTES)), 2)} | "
              f"{fmt(None if ta is None else ta / n)} | {fmt(None if tm is None else tm / n)} |")

    other_updates(k, k_cpu, ref)

    print("\n### Adam on 2-D rosenbrock, gradient included: ns per step\n")
    ours = step_cost.get("rosenbrock/dim=2/adam")
    theirs = ref.get(("adam_rosenbrock2d", 2))
    print("| optbench | torch.optim loop | torch / optbench |")
    print("|---|---|---|")
    print(f"| {fmt(ours)} | {fmt(theirs)} | {fmt(ratio(theirs, ours))}x |")
    steady, early = k.get("Step/adam/2"), k.get("AdamEarlySteps/2")
    if steady is not None and early is not None:
        print(f"\nThe update alone at n = 2 (optbench_bench): {fmt(steady)} ns over millions of steps "
              f"(Step/adam/2), {fmt(early)} ns over steps 1..1000 of a run, where both bias "
              f"corrections still call std::pow (AdamEarlySteps/2). With that difference added, "
              f"torch / optbench = {fmt(ratio(theirs, None if ours is None else ours + early - steady))}x.")

    for dtype in ("float64", "float32"):
        mlp_tables(d, k, mlp, fashion, dtype)

    path = os.path.join(d, "jobs.csv")
    if os.path.exists(path):
        print("\n### `optbench run --jobs N`, whole process: median wall seconds\n")
        print("| config | --jobs 1 | --jobs 2 | speed-up |")
        print("|---|---|---|---|")
        runs = {}
        with open(path) as f:
            for row in csv.DictReader(f):
                runs.setdefault((row["config"], row["jobs"]), []).append(float(row["wall_s"]))
        for config in dict.fromkeys(c for c, _ in runs):
            one = statistics.median(runs[(config, "1")])
            two = statistics.median(runs[(config, "2")])
            print(f"| {config} | {one:.3f} | {two:.3f} | {one / two:.2f}x |")


if __name__ == "__main__":
    main()
