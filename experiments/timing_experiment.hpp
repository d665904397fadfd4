#pragma once
// `kind: timing`: what one optimizer step of each (problem, optimizer) costs, measured with Google
// Benchmark (step_timer.hpp) on the step kernels (step_kernels.hpp) and named by
// benchmark_names.hpp; and the function runs' step factory that `timing: {enabled: true}` times.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "benchmark_names.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "step_kernels.hpp"
#include "step_timer.hpp"
#include "timings_reporter.hpp"

namespace optbench {

/// The factory of a function run's step: the run's start point (start plus its seeded noise, as
/// kind function draws it), a fresh optimizer and stop.diverge_above. `plan` must outlive it.
KernelFactory function_step_factory(const RunPlan& plan, const RunSpec& run);

/// `kind: timing`: every (problem, optimizer, hyperparameters, dim or model and batch size) of the
/// plan, at its first seed, is one Google Benchmark of its step. `optbench bench` (and `optbench
/// run` on such a config) registers them with register_benchmarks() and writes timings.csv;
/// it is never swept: tables() declares no sweep table and run() throws std::logic_error.
class TimingExperiment final : public ExperimentKind {
 public:
  bool uses_optimizers() const override { return true; }
  void check(const RunPlan& plan) const override;
  std::vector<TableSpec> tables(const RunPlan& plan) const override;
  void run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const override;
  /// Google Benchmark times the plan's steps one at a time and writes timings.csv
  /// (experiments/timing_runner.cpp).
  bool has_own_runner() const override { return true; }
  bool run_own(const ExperimentSpec& spec, const OwnRunOptions& options) const override;

  /// Registers one benchmark per (problem, optimizer) instance, in plan order, and returns their
  /// labels by registered name. `plan` and this object must outlive the benchmarks' runs.
  std::map<std::string, BenchmarkLabel> register_benchmarks(const RunPlan& plan) const;

  /// The factory of a run's step kernel (classification data loaded once per data set and seed).
  KernelFactory factory(const RunPlan& plan, const RunSpec& run) const;

 private:
  /// The standardised training part of the run's split (run_randomness.hpp), cached.
  std::shared_ptr<const Dataset> training_set(const RunPlan& plan, const RunSpec& run) const;

  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const Dataset>> cache_;
};

}  // namespace optbench
