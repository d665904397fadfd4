#pragma once
// `kind: timing` and the step timing that `timing: {enabled: true}` adds to other kinds: what one
// optimizer step of a run costs, measured with Google Benchmark.

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <Eigen/Core>

#include "optbench/data/dataset.hpp"
#include "optbench/functions/test_function.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/optimizers/optimizer.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "timings_reporter.hpp"

namespace optbench {

/// One step of a run, set up to be timed: it owns its own parameters, gradient and optimizer
/// state, so timing never changes a run's numbers. step() allocates nothing.
class StepKernel {
 public:
  virtual ~StepKernel() = default;
  /// One step: the gradient and the optimizer update.
  virtual void step() = 0;

  Eigen::Index dim = 0;         ///< parameters updated per step
  Eigen::Index batch_size = 0;  ///< samples per step; 0 for a test function
  double bytes_per_step = 0.0;  ///< memory the optimizer update moves (0: not memory-bound)
};

/// Builds a fresh kernel; Google Benchmark calls its function several times (to find the
/// iteration count, then once per repetition) and each call starts from a fresh kernel.
using KernelFactory = std::function<std::unique_ptr<StepKernel>()>;

/// A test function's step from `start`: value_and_gradient (and the Hessian for second-order
/// methods), then the update at the optimizer's configured lr (schedules are not applied). A step
/// whose loss is not finite or exceeds `diverge_above` starts again from `start` with fresh
/// optimizer state instead of updating, so a long timing of an unstable setting stays finite.
std::unique_ptr<StepKernel> make_function_step(std::unique_ptr<TestFunction> f,
                                               const Eigen::VectorXd& start,
                                               std::unique_ptr<Optimizer> optimizer,
                                               double diverge_above);

/// The factory of a function run's step: the run's start point (start plus its seeded noise, as
/// kind function draws it), a fresh optimizer and stop.diverge_above. `plan` must outlive it.
KernelFactory function_step_factory(const RunPlan& plan, const RunSpec& run);

/// One training step of an MLP: loss_and_gradient on the next `batch` consecutive samples of
/// `train` (a column block, no copy; wrapping to the first batch at the end), then the update.
/// Starts from `initial` parameters; a non-finite loss starts again from them. `train` must
/// outlive the kernel. float32 trains a float network on a float copy of the features (made
/// once, when the kernel is built) with a float32 optimizer state.
std::unique_ptr<StepKernel> make_training_step(const nn::MlpSpec& model,
                                               const Eigen::VectorXd& initial,
                                               std::unique_ptr<Optimizer> optimizer,
                                               const Dataset& train, Eigen::Index batch,
                                               Precision precision = Precision::float64);

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

/// `kind: timing`: every (problem, optimizer, hyperparameters, dim or model and batch size) of the
/// plan, at its first seed, is one Google Benchmark of its step. `optbench bench` (and `optbench
/// run` on such a config) registers them with register_benchmarks() and writes timings.csv;
/// run() makes the kind usable in a plain sweep too (runs.csv with ns_per_step per run).
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
  /// The standardised training part of the run's split, cached.
  std::shared_ptr<const Dataset> training_set(const RunPlan& plan, std::uint64_t seed) const;

  mutable std::mutex mutex_;
  mutable std::map<std::string, std::shared_ptr<const Dataset>> cache_;
};

/// Benchmark names of a plan's (problem, optimizer) pairs, problems major:
/// "rosenbrock/dim=1000/adam", "digits/hidden=64/batchnorm=before_activation/batch_size=32/adam",
/// plus every id cell that differs between the plan's instances (lr=0.01, ...), so each name is
/// unique.
std::vector<std::string> benchmark_names(const RunPlan& plan);

}  // namespace optbench
