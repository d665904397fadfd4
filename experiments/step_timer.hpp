#pragma once
// The timer: Google Benchmark around a step kernel, as a registered benchmark's body or as one
// silent measurement (ns per step).

#include <benchmark/benchmark.h>

#include "optbench/config/experiment_spec.hpp"
#include "step_kernels.hpp"

namespace optbench {

/// The body of a step benchmark: builds a kernel, takes one untimed warm-up step (workspaces
/// grow on the first), times step() per iteration, and sets the counters timings.csv reads:
/// steps_per_second, bytes_per_second (when the update reports bytes) and items_per_second
/// (samples, for training steps). A factory that throws skips the benchmark with its message.
void run_step_benchmark(benchmark::State& state, const KernelFactory& make);

/// ns per step (real time) of the factory's kernel: one Google Benchmark with timing.min_time
/// and timing.repetitions (the median over repetitions), run silently. Google Benchmark's
/// registry is process-wide, so calls are serialised; with --jobs > 1 other runs share the
/// machine while one is timed.
double time_step(const KernelFactory& make, const TimingSpec& timing);

}  // namespace optbench
