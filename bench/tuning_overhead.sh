#!/usr/bin/env bash
# Whole-process time of a tuned config (tune:) with --jobs 1 and 2, and the share of it outside
# the runs: (process wall - sum of the runs' wall_ms / jobs) / process wall, from the runs.csv of
# both phases. The runs themselves are timed by the runs; planning, selection and the files are
# the rest. Usage: bench/tuning_overhead.sh CONFIG [REPETITIONS] (build/optbench must exist).
set -euo pipefail
config=$1
reps=${2:-3}
name=$(sed -n 's/^name: *//p' "$config")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for r in $(seq "$reps"); do
  for jobs in 1 2; do
    rm -rf "$tmp/out"
    start=$EPOCHREALTIME
    build/optbench run "$config" --jobs "$jobs" --out "$tmp/out" --quiet
    end=$EPOCHREALTIME
    python3 - "$tmp/out" "$name" "$jobs" "$start" "$end" <<'PY'
import csv, sys
out, name, jobs, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
runs = 0.0
for folder in (f"{out}/{name}.tuning", f"{out}/{name}"):
    runs += sum(float(r["wall_ms"]) for r in csv.DictReader(open(f"{folder}/runs.csv"))) / 1000
wall = end - start
print(f"jobs {jobs}: {wall:.3f} s, runs {runs:.3f} s, outside {100 * (wall - runs / jobs) / wall:.1f}%")
PY
  done
done
