#!/usr/bin/env python3
"""Runs every config the README names, scaled down, for the CSV type checks.

    readme_sweeps.py --optbench BIN --declared-types BIN --source DIR --out DIR

Each configs/NAME.yaml the README names is copied to OUT/configs/ with fewer seeds, steps,
epochs, trials and benchmark time, dimensions above 100 (1000 for kind timing) left out, its data
paths made absolute, and Fashion-MNIST replaced by a tiny IDX set written here; every key, grid
axis, optimizer and problem kind stays, so the copy writes every file and column the config
writes. `optbench run COPY --out OUT/results` runs it, then csv_declared_types writes
OUT/declared.csv (folder,file,column,type) for check_types.py and check_types.R.
"""
import argparse, gzip, os, re, shutil, struct, subprocess, sys, time
import yaml

SEEDS = 2          # the statistics need two seeds to have intervals and paired tests
MAX_STEPS = 2000
MAX_EVALUATIONS = 2000
EPOCHS = 2
TRIALS = 3
MIN_TIME = 0.002   # seconds per benchmark
MAX_DIM = {"timing": 1000}  # else 100


def readme_configs(source):
    text = open(os.path.join(source, "README.md")).read()
    return sorted(set(re.findall(r"configs/[A-Za-z0-9_]+\.yaml", text)))


def capped_seeds(value):
    if isinstance(value, int):
        return min(value, SEEDS)
    return value[:SEEDS]


def cap_dims(problem, limit):
    dims = problem.get("dim")
    if isinstance(dims, list):
        kept = [d for d in dims if d <= limit]
        problem["dim"] = kept or [min(dims)]
    elif isinstance(dims, int) and dims > limit and "start" not in problem:
        problem["dim"] = limit


def write_idx(folder):
    """A tiny Fashion-MNIST: 40 training and 20 test images of 28 x 28, 10 classes."""
    os.makedirs(folder, exist_ok=True)
    for name, count in (("train", 40), ("t10k", 20)):
        pixels = bytes((i * 37 + j * 11) % 256 for i in range(count) for j in range(28 * 28))
        labels = bytes(i % 10 for i in range(count))
        with gzip.open(os.path.join(folder, f"{name}-images-idx3-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">IIII", 0x803, count, 28, 28) + pixels)
        with gzip.open(os.path.join(folder, f"{name}-labels-idx1-ubyte.gz"), "wb") as f:
            f.write(struct.pack(">II", 0x801, count) + labels)


def no_sharpness(c):
    c["record"]["sharpness_every"] = 0


# Where the generic scaling is not enough: what the copy changes and why.
OVERRIDES = {
    # The digits_4x4 search takes about 20 s per seed; a small tanh network on iris writes the
    # same columns, every type filled, in half a second (tests/test_network_curvature.cpp).
    "configs/network_critical_points.yaml": lambda c: c.update(
        data={"dataset": "iris"}, model={"hidden": [3], "activation": "tanh", "init": "xavier"},
        seeds=1),
    # A sharpness estimate of these networks costs about 0.3 s (1024 samples), 95% of these
    # copies' time; iris, wine, breast_cancer and moons fill the sharpness columns cheaply.
    "configs/digits_batchnorm.yaml": no_sharpness,
    "configs/spirals.yaml": no_sharpness,
    "configs/digits_lr_tolerance.yaml": no_sharpness,
    "configs/fashion_mnist.yaml": no_sharpness,
}


def scaled(config, config_dir, fashion):
    c = dict(config)
    kind = c.get("kind", "function")
    if "seeds" in c:
        c["seeds"] = capped_seeds(c["seeds"])
    if "tune" in c:
        t = c["tune"]
        t["trials"] = min(t.get("trials", TRIALS), TRIALS)
        for key in ("seeds", "final_seeds"):
            if key in t:
                t[key] = min(t[key], SEEDS)
    stop = c.get("stop") or {}
    if "max_steps" in stop:
        stop["max_steps"] = min(stop["max_steps"], MAX_STEPS)
    if "max_evaluations" in stop:
        stop["max_evaluations"] = min(stop["max_evaluations"], MAX_EVALUATIONS)
    train = c.get("train") or {}
    if "epochs" in train:
        train["epochs"] = min(train["epochs"], EPOCHS)
    record = c.get("record") or {}
    for key in ("sharpness_every", "hessian_every"):
        if record.get(key):
            record[key] = min(record[key], EPOCHS)
    if "timing" in c:
        c["timing"]["min_time"] = MIN_TIME
        if kind == "timing":
            c["timing"]["repetitions"] = 2  # timings.csv's aggregate rows
    for p in c.get("problems") or []:
        cap_dims(p, MAX_DIM.get(kind, 100))
    data = c.get("data")
    if data:
        if data.get("dataset") == "fashion_mnist":
            data["path"] = fashion
        elif data.get("path") and not os.path.isabs(data["path"]):
            data["path"] = os.path.abspath(os.path.join(config_dir, data["path"]))
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--optbench", required=True)
    ap.add_argument("--declared-types", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", default="2")
    a = ap.parse_args()
    shutil.rmtree(a.out, ignore_errors=True)
    configs_dir = os.path.join(a.out, "configs")
    results = os.path.join(a.out, "results")
    os.makedirs(configs_dir)
    fashion = os.path.join(a.out, "fashion-mnist")
    write_idx(fashion)
    failed = []
    for rel in readme_configs(a.source):
        path = os.path.join(a.source, rel)
        config = yaml.safe_load(open(path))
        copy = os.path.join(configs_dir, os.path.basename(rel))
        config = scaled(config, os.path.dirname(path), fashion)
        if rel in OVERRIDES:
            OVERRIDES[rel](config)
        with open(copy, "w") as f:
            yaml.safe_dump(config, f, sort_keys=False)
        started = time.monotonic()
        p = subprocess.run([os.path.abspath(a.optbench), "run", copy, "--out", results, "--jobs", a.jobs,
                            "--quiet"], capture_output=True, text=True)
        print(f"{rel}: exit {p.returncode}, {time.monotonic() - started:.1f} s", flush=True)
        if p.returncode != 0:
            failed.append(f"{rel}: {p.stderr.strip()[-600:]}")
    # Folders relative to declared.csv, as the checkers take them.
    folders = sorted(os.path.join("results", d) for d in os.listdir(results))
    with open(os.path.join(a.out, "declared.csv"), "w") as out:
        p = subprocess.run([os.path.abspath(a.declared_types)] + folders, stdout=out,
                           stderr=subprocess.PIPE, text=True, cwd=a.out)
    if p.returncode != 0:
        failed.append("csv_declared_types: " + p.stderr.strip())
    for line in failed:
        print("FAILED", line)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
