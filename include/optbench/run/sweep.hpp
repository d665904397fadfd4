#pragma once
// Runs a plan: decides what the result folder allows (fresh, resume, refuse), runs the
// shard's missing runs on a thread pool, and writes the final files.

#include <functional>
#include <string>

#include "optbench/config/run_plan.hpp"
#include "optbench/experiments/experiment_kind.hpp"

namespace optbench {

/// How to run a sweep (the flags of `optbench run`).
struct SweepOptions {
  std::string out_root = "results";
  unsigned jobs = 1;
  int shard_index = 1;  ///< 1-based
  int shard_count = 1;
  bool resume = false;
  bool force = false;
  /// Called after every finished run with (done, total) of this shard; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// How a sweep ended.
enum class SweepState { Complete, AlreadyComplete, Interrupted, Failed };

/// What a sweep did.
struct SweepReport {
  SweepState state = SweepState::Complete;
  std::string dir;
  std::size_t shard_runs = 0;  ///< runs in this shard
  std::size_t ran = 0;         ///< runs performed now
  std::size_t resumed = 0;     ///< runs found finished from an earlier attempt
  std::string failure;         ///< the first unexpected error, when state is Failed
};

/// The run ids of shard `index` of `count` (1-based): every count-th run, so slices are balanced.
std::vector<std::size_t> shard_runs(std::size_t total, int index, int count);

/// Runs `plan` into options.out_root/<name>/. Throws Error (exit 2) when the folder holds a
/// different config (without --force) or an incomplete one (without --resume).
SweepReport run_sweep(const RunPlan& plan, const ExperimentKind& kind, const SweepOptions& options);

}  // namespace optbench
