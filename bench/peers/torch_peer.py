#!/usr/bin/python3
"""The PyTorch peer of optbench's benchmarks: the same work, timed single-threaded.

Optional: nothing in the build or the tests needs it. Run it with Debian's python (python3-torch):

    /usr/bin/python3 bench/peers/torch_peer.py --out results/torch_peer.csv
    # with OpenBLAS instead of the reference BLAS that libblas.so.3 points to by default:
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
        /usr/bin/python3 bench/peers/torch_peer.py --out results/torch_peer_openblas.csv

What it times (torch.set_num_threads(1); medians over --repetitions runs of >= --min-time s):
  adam_update, sgd_momentum_update   torch.optim.Adam / SGD(momentum=0.9) .step() on one float
                                     tensor of n parameters whose .grad is set (n = 2 ... 1e7);
                                     optbench_bench's Step/adam and Step/momentum
  nadam_update ... asgd_update       the same for NAdam, RAdam, Adamax, Adadelta, Rprop and ASGD
                                     with their defaults (torch's default code path: single-tensor
                                     in 1.13); optbench_bench's Step/nadam ... Step/asgd
  adam_rosenbrock2d                  the 2-D loop: zero_grad, rosenbrock(x), backward, Adam step;
                                     optbench bench configs/step_cost.yaml's rosenbrock/dim=2/adam
  mlp_step_digits                    64 -> 64 -> 10 MLP, BatchNorm1d before ReLU, batch 32,
                                     cross-entropy, Adam: zero_grad, forward, backward, step on
                                     consecutive batches of the data (configs/timing_mlp.yaml)
  mlp_step_fashion                   784 -> 256 -> 128 -> 10, the same, batch 128
                                     (configs/timing_fashion.yaml)
  fashion_gemms                      only the 8 matrix products of one fashion step (torch.mm)

Output: CSV (benchmark, dtype, n, batch_size, ns_per_step, ns_per_element, samples_per_second,
repetitions, blas), one row per benchmark; torch.__config__.show() and the BLAS library
actually loaded go to stderr and into the `blas` column. tools/benchmarks_table.py puts these
rows next to optbench's.
"""

import argparse
import csv
import gzip
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

SIZES = [2, 1000, 100000, 1000000, 10000000]
HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS_CSV = os.path.join(HERE, "..", "..", "data", "digits.csv")
FASHION_DIR = "/usr/share/datasets/fashion-mnist"


def loaded_blas():
    """The BLAS/LAPACK shared objects this process has mapped (after a matrix product)."""
    torch.mm(torch.ones(8, 8, dtype=torch.float64), torch.ones(8, 8, dtype=torch.float64))
    found = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = os.path.basename(path)
                if any(k in name for k in ("blas", "blis", "mkl_", "lapack")):
                    found.add(os.path.realpath(path))
    except OSError:
        pass
    return " ".join(sorted(found)) or "unknown"


def measure(step, min_time, repetitions):
    """Median ns per call of step() over `repetitions` timed runs of >= min_time seconds."""
    for _ in range(3):
        step()
    count = 1
    while True:  # find a count that takes >= min_time
        start = time.perf_counter_ns()
        for _ in range(count):
            step()
        elapsed = time.perf_counter_ns() - start
        if elapsed >= min_time * 1e9:
            break
        count = max(count * 2, int(count * min_time * 1e9 / max(elapsed, 1) * 1.2))
    samples = [elapsed / count]
    for _ in range(repetitions - 1):
        start = time.perf_counter_ns()
        for _ in range(count):
            step()
        samples.append((time.perf_counter_ns() - start) / count)
    return statistics.median(samples)


UPDATES = {
    "adam": lambda p: torch.optim.Adam([p], lr=1e-3),
    "sgd": lambda p: torch.optim.SGD([p], lr=1e-3, momentum=0.9),
    "nadam": lambda p: torch.optim.NAdam([p]),
    "radam": lambda p: torch.optim.RAdam([p]),
    "adamax": lambda p: torch.optim.Adamax([p]),
    "adadelta": lambda p: torch.optim.Adadelta([p]),
    "rprop": lambda p: torch.optim.Rprop([p]),
    "asgd": lambda p: torch.optim.ASGD([p]),
}
# The benchmark name of each: adam_update, sgd_momentum_update, nadam_update, ...
UPDATE_NAMES = {k: ("sgd_momentum" if k == "sgd" else k) + "_update" for k in UPDATES}


def update_step(kind, n, dtype):
    p = torch.nn.Parameter(torch.rand(n, dtype=dtype))
    p.grad = 1e-6 * torch.rand(n, dtype=dtype)
    return UPDATES[kind](p).step


def rosenbrock(x):
    return 100.0 * (x[1] - x[0] * x[0]) ** 2 + (1.0 - x[0]) ** 2


def rosenbrock_step(dtype):
    x = torch.zeros(2, dtype=dtype, requires_grad=True)
    opt = torch.optim.Adam([x], lr=1e-3)

    def step():
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        opt.step()

    return step


def standardize(x):
    mean = x.mean(axis=0)
    std = x.std(axis=0)
    std[std == 0] = 1.0
    return (x - mean) / std


def digits_data():
    if os.path.exists(DIGITS_CSV):
        with open(DIGITS_CSV) as f:
            rows = list(csv.reader(f))
        header = rows[0]
        label = header.index("label")
        data = np.array([[float(c) for c in r] for r in rows[1:]])
        y = data[:, label].astype(np.int64)
        x = np.delete(data, label, axis=1)
        return standardize(x), y
    rng = np.random.default_rng(0)
    return rng.standard_normal((1797, 64)), rng.integers(0, 10, 1797)


def idx(path):
    with gzip.open(path) as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_data():
    images = os.path.join(FASHION_DIR, "train-images-idx3-ubyte.gz")
    labels = os.path.join(FASHION_DIR, "train-labels-idx1-ubyte.gz")
    if os.path.exists(images):
        x = idx(images).reshape(-1, 784).astype(np.float64) / 255.0
        return standardize(x), idx(labels).astype(np.int64)
    rng = np.random.default_rng(0)
    return rng.standard_normal((60000, 784)), rng.integers(0, 10, 60000)


def mlp(sizes, dtype):
    layers = []
    for i in range(len(sizes) - 2):
        layers += [torch.nn.Linear(sizes[i], sizes[i + 1]), torch.nn.BatchNorm1d(sizes[i + 1]),
                   torch.nn.ReLU()]
    layers.append(torch.nn.Linear(sizes[-2], sizes[-1]))
    return torch.nn.Sequential(*layers).to(dtype)


def training_step(sizes, data, batch, dtype):
    x_all = torch.from_numpy(data[0]).to(dtype).contiguous()
    y_all = torch.from_numpy(data[1])
    model = mlp(sizes, dtype)
    model.train()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    state = {"next": 0}
    samples = x_all.shape[0]

    def step():
        i = state["next"]
        xb = x_all[i:i + batch]  # a view: consecutive samples, no copy (as optbench)
        yb = y_all[i:i + batch]
        state["next"] = 0 if i + 2 * batch > samples else i + batch
        opt.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()

    return step


def fashion_gemms(dtype):
    b, n0, n1, n2, n3 = 128, 784, 256, 128, 10
    r = lambda *s: torch.rand(*s, dtype=dtype)
    x, w1, w2, w3 = r(b, n0), r(n1, n0), r(n2, n1), r(n3, n2)
    a1, a2, dz1, dz2, dz3 = r(b, n1), r(b, n2), r(b, n1), r(b, n2), r(b, n3)
    z1, z2, z3 = r(b, n1), r(b, n2), r(b, n3)
    dw1, dw2, dw3, da1, da2 = r(n1, n0), r(n2, n1), r(n3, n2), r(b, n1), r(b, n2)

    # The products nn.Linear's forward and backward compute (batch-major, as torch stores it).
    def step():
        torch.mm(x, w1.t(), out=z1)
        torch.mm(a1, w2.t(), out=z2)
        torch.mm(a2, w3.t(), out=z3)
        torch.mm(dz3.t(), a2, out=dw3)
        torch.mm(dz3, w3, out=da2)
        torch.mm(dz2.t(), a1, out=dw2)
        torch.mm(dz2, w2, out=da1)
        torch.mm(dz1.t(), x, out=dw1)

    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="CSV file (default: stdout)")
    parser.add_argument("--dtype", choices=["float64", "float32", "both"], default="float64")
    parser.add_argument("--min-time", type=float, default=0.2, help="seconds per timed run")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--only", default="", help="substring of the benchmarks to run")
    args = parser.parse_args()

    torch.set_num_threads(1)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:
        pass
    blas = loaded_blas()
    print(torch.__config__.show(), file=sys.stderr)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, BLAS loaded: {blas}",
          file=sys.stderr)

    dtypes = {"float64": [torch.float64], "float32": [torch.float32],
              "both": [torch.float64, torch.float32]}[args.dtype]
    rows = []

    def record(name, dtype, n, batch, make):
        if args.only and args.only not in name:
            return
        ns = measure(make(), args.min_time, args.repetitions)
        row = {"benchmark": name, "dtype": str(dtype).replace("torch.", ""), "n": n,
               "batch_size": batch or "", "ns_per_step": f"{ns:.6g}",
               "ns_per_element": f"{ns / n:.6g}" if n else "",
               "samples_per_second": f"{batch * 1e9 / ns:.6g}" if batch else "",
               "repetitions": args.repetitions, "blas": blas}
        rows.append(row)
        print(f"{name:24s} {row['dtype']:8s} n={n:<9} batch={batch or '':<4} {ns:14.1f} ns/step",
              file=sys.stderr)

    digits = digits_data()
    fashion = fashion_data()
    for dtype in dtypes:
        for n in SIZES:
            for kind, name in UPDATE_NAMES.items():
                record(name, dtype, n, 0, lambda: update_step(kind, n, dtype))
        record("adam_rosenbrock2d", dtype, 2, 0, lambda: rosenbrock_step(dtype))
        record("mlp_step_digits", dtype, 0, 32,
               lambda: training_step([64, 64, 10], digits, 32, dtype))
        record("mlp_step_fashion", dtype, 0, 128,
               lambda: training_step([784, 256, 128, 10], fashion, 128, dtype))
        record("fashion_gemms", dtype, 0, 128, lambda: fashion_gemms(dtype))

    out = open(args.out, "w", newline="") if args.out else sys.stdout
    writer = csv.DictWriter(out, fieldnames=["benchmark", "dtype", "n", "batch_size", "ns_per_step",
                                             "ns_per_element", "samples_per_second", "repetitions",
                                             "blas"])
    writer.writeheader()
    writer.writerows(rows)
    if args.out:
        out.close()


if __name__ == "__main__":
    main()
