// optbench run CONFIG [--out DIR] [--jobs N] [--shard I/N] [--resume | --force] [--wait]
//                     [--allow-large] [--quiet]

#include <unistd.h>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <regex>
#include <thread>

#include "commands.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/config/tuning_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/note.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/input_fingerprint.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/sweep.hpp"
#include "optbench/run/tuning.hpp"
#include "outcome_table.hpp"
#include "progress_printer.hpp"

namespace po = boost::program_options;

namespace optbench::cli {

namespace {

void parse_shard(const std::string& text, SweepOptions& options) {
  static const std::regex form("([0-9]{1,9})/([0-9]{1,9})");
  std::smatch m;
  if (!std::regex_match(text, m, form)) {
    throw Error("--shard", "must be I/N (for example 2/4), got '" + text + "'");
  }
  const long index = std::stol(m[1].str());
  const long count = std::stol(m[2].str());
  if (count < 1) throw Error("--shard", "the count N must be >= 1, got '" + text + "'");
  if (index < 1 || index > count) {
    throw Error("--shard", "index must be in 1.." + std::to_string(count) + ", got '" + text + "'");
  }
  options.shard_index = static_cast<int>(index);
  options.shard_count = static_cast<int>(count);
}

// Notes go back to plain stderr when the printer they were routed through is gone.
struct RestoreStderrNotes {
  RestoreStderrNotes() = default;
  RestoreStderrNotes(const RestoreStderrNotes&) = delete;
  RestoreStderrNotes& operator=(const RestoreStderrNotes&) = delete;
  ~RestoreStderrNotes() {
    set_note_handler(
        [](const std::string& text) { std::cerr << "optbench: note: " << text << '\n'; });
  }
};

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench run CONFIG");
  flags.add_options()("config", po::value<std::string>(), "experiment config (YAML)")(
      "out", po::value<std::string>()->default_value("results"), "results root")(
      "jobs", po::value<int>(), "parallel runs (default: the number of cores)")(
      "shard", po::value<std::string>(), "run the I-th of N slices: I/N")(
      "resume", "finish an interrupted sweep")("force", "replace existing results")(
      "wait", "wait while another process holds the result folder (instead of refusing)")(
      "allow-large", "allow grids above 100000 runs")("quiet", "print nothing but errors")(
      "progress", po::value<std::string>()->default_value("auto"),
      "auto (a bar on a terminal, else a dated line every 10 s), bar, lines or none");
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("config") == 0)
    throw Error("", "run: which config? usage: optbench run CONFIG.yaml");
  if (vm.count("resume") != 0 && vm.count("force") != 0) {
    throw Error("--resume", "cannot be combined with --force");
  }

  SweepOptions options;
  options.out_root = vm["out"].as<std::string>();
  if (options.out_root.empty()) throw Error("--out", "must name a folder, got ''");
  options.resume = vm.count("resume") != 0;
  options.force = vm.count("force") != 0;
  options.wait = vm.count("wait") != 0;
  options.command =
      std::string("run") + (options.resume ? " --resume" : "") + (options.force ? " --force" : "");
  options.jobs = std::max(1u, std::thread::hardware_concurrency());
  if (vm.count("jobs") != 0) {
    const int jobs = vm["jobs"].as<int>();
    if (jobs < 1) throw Error("--jobs", "must be >= 1, got " + std::to_string(jobs));
    options.jobs = static_cast<unsigned>(jobs);
  }
  if (vm.count("shard") != 0) parse_shard(vm["shard"].as<std::string>(), options);
  const bool quiet = vm.count("quiet") != 0;

  const ExperimentSpec spec = load_config(vm["config"].as<std::string>());
  const auto kind = checked_kind(spec).make();
  if (kind->has_own_runner()) {
    // Its runner runs one thing at a time in this process (timing: as optbench bench), without
    // --jobs or shards.
    if (vm.count("shard") != 0) throw Error("--shard", "kind " + spec.kind + " has no shards");
    return bench_spec(spec, options.out_root, options.force, quiet, {});
  }
  const bool allow_large = vm.count("allow-large") != 0;
  RunPlan plan;
  if (!spec.tune) {  // a tuned config builds its two plans in run_tuned_command
    plan = expand_plan(spec, kind->uses_optimizers(), allow_large);
    kind->check(plan);
    fingerprint_inputs(plan, kind->input_files(plan));
  }

  const ProgressMode mode =
      quiet ? ProgressMode::None : parse_progress_mode(vm["progress"].as<std::string>());
  ProgressPrinter printer(mode, stderr, ::isatty(STDERR_FILENO) != 0);
  if (mode != ProgressMode::None) {
    options.starting = [&printer](std::size_t resumed, std::size_t total) {
      printer.start(resumed, total);
    };
    options.progress = [&printer](std::size_t done, std::size_t total) {
      printer.update(done, total);
    };
  }
  // Notes (an expression interpreted for want of a compiler) never land on the bar's line.
  set_note_handler(
      [&printer](const std::string& text) { printer.message("optbench: note: " + text); });
  const RestoreStderrNotes restore_notes;
  options.waiting = [&printer](const std::string& holder) {
    printer.message("optbench: waiting for " + holder + " to finish");
  };
  install_interrupt_handler();
  if (spec.tune) return run_tuned_command(spec, *kind, options, allow_large, quiet);
  const SweepReport report = run_sweep(plan, *kind, options);
  for (const auto& note : report.notes) printer.message("optbench: note: " + note);
  switch (report.state) {
    case SweepState::AlreadyComplete:
      if (!quiet) std::cout << report.dir << " already holds the complete result of this config\n";
      return kExitOk;
    case SweepState::Interrupted:
      printer.message("optbench: interrupted: " + std::to_string(report.ran + report.resumed) +
                      " of " + std::to_string(report.shard_runs) + " runs kept in " + report.dir +
                      "; run again with --resume to finish");
      return stop_signal() == SIGTERM ? kExitTerminated : kExitInterrupted;
    case SweepState::Failed:
      printer.message("optbench: error: " + report.failure + "\nthe finished runs are kept in " +
                      report.dir + " (--resume retries the rest)");
      return kExitRunFailed;
    case SweepState::Complete:
      break;
  }
  if (!quiet) {
    std::cout << spec.name << ": " << report.shard_runs << " runs";
    if (report.resumed > 0) std::cout << " (" << report.resumed << " resumed)";
    std::cout << " -> " << report.dir << "\n";
    if (const auto rule = kind->ranking_rule()) print_outcome_table(report.dir, *rule, std::cout);
  }
  return kExitOk;
}

int validate_command(const std::vector<std::string>& args) {
  if (args.size() != 1) throw Error("", "usage: optbench validate CONFIG.yaml");
  const ExperimentSpec spec = load_config(args[0]);
  const auto kind = checked_kind(spec).make();
  if (spec.tune) {
    // The trials; the final runs are known once they are chosen.
    const RunPlan tuning = expand_plan(tuning_spec(spec), true, true);
    kind->check(tuning);
    if (const auto rule = kind->ranking_rule()) selection_metric(spec, *rule);
    std::cout << tuning.run_count() << " tuning runs, then "
              << tuning.problems.size() * spec.optimizers.size() *
                     static_cast<std::size_t>(spec.tune->final_seeds)
              << " final runs\n";
    return kExitOk;
  }
  const RunPlan plan = expand_plan(spec, kind->uses_optimizers(), true);
  kind->check(plan);
  std::cout << plan.run_count() << " runs";
  if (plan.run_count() > kLargePlan) std::cout << " (run needs --allow-large)";
  std::cout << "\n";
  return kExitOk;
}

}  // namespace optbench::cli
