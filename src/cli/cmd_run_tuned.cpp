// optbench run on a config with tune: the trials (OUT/NAME.tuning/), the selection, then the
// final runs of the chosen settings (OUT/NAME/). With --shard, only that shard of the trials.

#include <csignal>
#include <iostream>

#include "commands.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/tuning.hpp"
#include "outcome_table.hpp"

namespace optbench::cli {

namespace {

// The exit code of a phase that did not complete, after saying so; 0 when it completed.
int unfinished(const SweepReport& report, const std::string& phase) {
  for (const auto& note : report.notes) std::cerr << "optbench: note: " << note << "\n";
  switch (report.state) {
    case SweepState::Interrupted:
      std::cerr << "\noptbench: interrupted in the " << phase << ": " << report.ran + report.resumed
                << " of " << report.shard_runs << " runs kept in " << report.dir
                << "; run again with --resume to finish\n";
      return stop_signal() == SIGTERM ? kExitTerminated : kExitInterrupted;
    case SweepState::Failed:
      std::cerr << "optbench: error: " << report.failure << "\n"
                << "the finished runs are kept in " << report.dir
                << " (--resume retries the rest)\n";
      return kExitRunFailed;
    case SweepState::Complete:
    case SweepState::AlreadyComplete:
      break;
  }
  return kExitOk;
}

}  // namespace

int run_tuned_command(const ExperimentSpec& spec, const ExperimentKind& kind,
                      const SweepOptions& options, bool allow_large, bool quiet) {
  const TunedReport report = run_tuned(spec, kind, options, allow_large);
  if (const int code = unfinished(report.tuning, "tuning phase"); code != kExitOk) return code;
  if (options.shard_count != 1) {
    if (!quiet) {
      std::cout << spec.name << ": shard " << options.shard_index << "/" << options.shard_count
                << " of the trials, " << report.tuning.shard_runs << " runs -> "
                << report.tuning.dir << "\nnext: optbench merge --out DIR each shard's "
                << spec.name
                << ".tuning folder, then optbench run CONFIG --out DIR --resume (without --shard) "
                   "for the selection and the final runs\n";
    }
    return kExitOk;
  }
  if (const int code = unfinished(report.final, "final phase"); code != kExitOk) return code;
  if (!quiet) {
    std::cout << spec.name << ": " << report.tuning.shard_runs << " tuning runs -> "
              << report.tuning.dir << " (chosen.csv), " << report.final.shard_runs
              << " final runs -> " << report.final.dir << "\n";
    if (const auto rule = kind.ranking_rule()) {
      print_outcome_table(report.final.dir, *rule, std::cout);
    }
  }
  return kExitOk;
}

}  // namespace optbench::cli
