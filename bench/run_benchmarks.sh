#!/usr/bin/env bash
# Every figure of BENCHMARKS.md, measured side by side in one session, then tabulated:
#   bench/run_benchmarks.sh [OUT_DIR]          (default results/benchmarks)
# Needs a Release build in build/ (cmake -S . -B build -G Ninja && cmake --build build);
# the PyTorch peer runs when /usr/bin/python3 has torch (python3-torch), with the BLAS that
# libblas.so.3 points to and, when libopenblas0-pthread is installed, with OpenBLAS too.
# Measure on an otherwise idle machine: the script waits (up to WAIT_S seconds, default 600) until
# no compiler runs, and records the load average before each step in OUT_DIR/load.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-results/benchmarks}
build=${BUILD_DIR:-build}
reps=${REPETITIONS:-5}
mkdir -p "$out"
: >"$out/load.txt"

quiet() {
  local waited=0
  while pgrep -x cc1plus >/dev/null || pgrep -x ld >/dev/null; do
    [ "$waited" -ge "${WAIT_S:-600}" ] && break
    sleep 2
    waited=$((waited + 2))
  done
  echo "$1: $(cut -d' ' -f1-3 /proc/loadavg) (waited ${waited}s)" >>"$out/load.txt"
}

# The machine.
{
  lscpu | grep -E '^(Model name|CPU family|Model:|CPU\(s\)|Thread|Core|Socket|L1d|L2|L3|Hypervisor)'
  echo "SIMD: $(grep -o -w -E 'avx2|fma|avx512f' /proc/cpuinfo | sort -u | tr '\n' ' ')"
  ${CXX:-c++} --version | head -1
  grep -E 'CMAKE_BUILD_TYPE|OPTBENCH_NATIVE' "$build/CMakeCache.txt" || true
  /usr/bin/python3 -c 'import torch; print("torch", torch.__version__)' 2>/dev/null || echo "torch: not installed"
} >"$out/machine.txt"

# 1. Kernels: triad, optimizer updates, MLP steps and the fashion GEMMs (optbench_bench).
quiet kernels
"$build/bench/optbench_bench" \
  --benchmark_filter='^(Triad|Step/(adam|momentum|nadam|radam|adamax|adadelta|rprop|asgd)/|AdamEarlySteps|MlpForwardBackward|MlpTrainStep|FashionGemms)' \
  --benchmark_repetitions="$reps" --benchmark_min_time=0.2 \
  --benchmark_out="$out/kernels.json" --benchmark_out_format=json >"$out/kernels.txt"

# 2. kind timing configs through optbench bench (timings.csv).
quiet step_cost
"$build/optbench" bench configs/step_cost.yaml --out "$out" --force \
  --benchmark_filter='adam|momentum' --benchmark_repetitions="$reps" >"$out/step_cost.txt"
quiet timing_mlp
"$build/optbench" bench configs/timing_mlp.yaml --out "$out" --force \
  --benchmark_repetitions="$reps" >"$out/timing_mlp.txt"
if [ -d /usr/share/datasets/fashion-mnist ]; then
  quiet timing_fashion
  "$build/optbench" bench configs/timing_fashion.yaml --out "$out" --force \
    --benchmark_repetitions="$reps" >"$out/timing_fashion.txt"
fi

# 3. The PyTorch peer, single-threaded.
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  quiet torch_peer
  /usr/bin/python3 bench/peers/torch_peer.py --dtype both --repetitions "$reps" --out "$out/torch_peer.csv" \
    2>"$out/torch_peer.txt"
  if [ -f /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 ]; then
    quiet torch_peer_openblas
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 \
      /usr/bin/python3 bench/peers/torch_peer.py --dtype both --repetitions "$reps" \
      --out "$out/torch_peer_openblas.csv" 2>"$out/torch_peer_openblas.txt"
  fi
fi

# 4. --jobs 1 vs --jobs 2, whole process, alternating, on the saddle-escape sweep.
echo "config,jobs,repetition,wall_s" >"$out/jobs.csv"
for config in configs/saddle_escape.yaml; do
  quiet "jobs $config"
  for r in $(seq 1 "$reps"); do
    for jobs in 1 2; do
      rm -rf "$out/jobs_tmp"
      start=$EPOCHREALTIME
      "$build/optbench" run "$config" --jobs "$jobs" --out "$out/jobs_tmp" --quiet
      end=$EPOCHREALTIME
      echo "$config,$jobs,$r,$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')" >>"$out/jobs.csv"
    done
  done
done
rm -rf "$out/jobs_tmp"

python3 tools/benchmarks_table.py "$out" >"$out/tables.md"
cat "$out/tables.md"
