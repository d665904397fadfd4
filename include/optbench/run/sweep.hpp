#pragma once
// Runs a plan: decides what the result folder allows (fresh, resume, refuse), runs the
// shard's missing runs on a thread pool, and writes the final files.

#include <functional>
#include <string>
#include <vector>

#include "optbench/config/run_plan.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace optbench {

/// How to run a sweep (the flags of `optbench run`).
struct SweepOptions {
  std::string out_root = "results";
  unsigned jobs = 1;
  int shard_index = 1;  ///< 1-based
  int shard_count = 1;
  bool resume = false;
  bool force = false;
  /// When another process holds the folder's lock: wait for it (true) or refuse (false).
  bool wait = false;
  /// Called once when the sweep starts waiting for the lock, with the holder's description.
  std::function<void(const std::string&)> waiting;
  /// What the lock file says this process is doing ("run --resume").
  std::string command = "run";
  /// Called once before the first run with (resumed, total) of this shard; may be empty.
  std::function<void(std::size_t, std::size_t)> starting;
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
  /// What the user should know: runs dropped on resume and why, a stale lock taken over.
  std::vector<std::string> notes;
};

/// The run ids of shard `index` of `count` (1-based): every count-th run, so slices are balanced.
std::vector<std::size_t> shard_runs(std::size_t total, int index, int count);

/// Runs `plan` into options.out_root/<name>/, holding the folder's lock throughout. Throws Error
/// (exit 2) when another process holds it (without options.wait), when the folder holds a
/// different config or data (without --force) or an incomplete sweep (without --resume). Runs an
/// earlier attempt finished are kept only when their records verify; the others run again.
SweepReport run_sweep(const RunPlan& plan, const ExperimentKind& kind, const SweepOptions& options);

}  // namespace optbench
