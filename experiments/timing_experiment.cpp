#include "timing_experiment.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "classification_experiment.hpp"
#include "optbench/config/problem_function.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/split.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/run/run_randomness.hpp"

namespace optbench {

std::shared_ptr<const Dataset> TimingExperiment::training_set(const RunPlan& plan,
                                                              const RunSpec& run) const {
  const DataSpec& data = *plan.spec.data;
  const RunRandomness randomness = run_randomness(plan, run);
  const std::string key =
      std::to_string(randomness.samples) + "#" + std::to_string(randomness.split);
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  // As kind classification splits and standardises it for this seed.
  Split split =
      stratified_split(load_dataset(data.dataset, data_params(plan.spec), randomness.samples),
                       data.split.real("test_fraction"), randomness.split);
  if (data.split.flag("standardize")) standardize(split);
  auto train = std::make_shared<const Dataset>(std::move(split.train));
  return cache_.emplace(key, std::move(train)).first->second;
}

KernelFactory function_step_factory(const RunPlan& plan, const RunSpec& run) {
  const ProblemInstance& problem = plan.problems[run.problem];
  const OptimizerInstance& choice = plan.optimizers[run.optimizer];
  const Eigen::VectorXd start = start_point(problem, run_randomness(plan, run));
  const double limit = plan.spec.stop.diverge_above;
  return [&problem, &choice, start, limit] {
    return make_function_step(make_problem_function(problem), start,
                              find_optimizer(choice.name).make(choice.settings), limit);
  };
}

KernelFactory TimingExperiment::factory(const RunPlan& plan, const RunSpec& run) const {
  if (!plan.spec.data) return function_step_factory(plan, run);
  const ProblemInstance& problem = plan.problems[run.problem];
  const OptimizerInstance& choice = plan.optimizers[run.optimizer];
  std::shared_ptr<const Dataset> train = training_set(plan, run);
  const nn::MlpSpec spec = mlp_spec(problem, *train);
  nn::Mlp model(spec);
  // The initial weights kind classification draws for this model and seed.
  Eigen::VectorXd initial(model.parameter_count());
  Rng init_rng(run_randomness(plan, run).init);
  model.initialize(initial, init_rng);
  const Eigen::Index batch = problem.train.integer("batch_size");
  const Precision precision = precision_of(problem);
  return [&choice, train, spec, initial, batch, precision] {
    return make_training_step(spec, initial, find_optimizer(choice.name).make(choice.settings),
                              *train, batch, precision);
  };
}

void TimingExperiment::check(const RunPlan& plan) const {
  if (!plan.spec.data) return;
  check_gradient_optimizers(plan);
  const DataSpec& data = *plan.spec.data;
  std::shared_ptr<const Dataset> train;
  try {
    train = training_set(plan, RunSpec{0, 0, 0, plan.spec.seeds.front()});
  } catch (const Error& e) {
    if (!e.where().file.empty()) throw;
    throw Error(data.where, "data." + e.keypath(), e.message());
  }
  if (train->samples() < 2) {
    throw Error(data.where, "data.dataset", "the training part has fewer than 2 samples");
  }
  for (const auto& p : plan.problems) {
    try {
      const nn::Mlp model(mlp_spec(p, *train));
    } catch (const Error& e) {
      throw Error(data.where, e.keypath(),
                  e.message() + " (data set " + data.dataset + ": " +
                      std::to_string(train->classes) + " classes)");
    }
    const bool batchnorm = p.model.text("batchnorm") != "none";
    if (batchnorm && std::min<Eigen::Index>(p.train.integer("batch_size"), train->samples()) < 2) {
      throw Error(data.where, "train.batch_size",
                  "batch norm in training mode needs at least 2 samples per batch");
    }
  }
  check_float32_optimizers(plan);
}

// `optbench run` hands a timing config to bench_spec before a sweep is built: the kind writes
// timings.csv (timings_columns()), no sweep table, and is never run as a sweep.
std::vector<TableSpec> TimingExperiment::tables(const RunPlan& /*plan*/) const {
  return {};
}

void TimingExperiment::run(const RunPlan& /*plan*/, const RunSpec& /*run*/,
                           RunRecorder& /*out*/) const {
  throw std::logic_error("kind timing writes timings.csv through optbench bench, not a sweep");
}

std::map<std::string, BenchmarkLabel> TimingExperiment::register_benchmarks(
    const RunPlan& plan) const {
  std::map<std::string, BenchmarkLabel> labels;
  const std::vector<std::string> names = benchmark_names(plan);
  std::size_t i = 0;
  for (std::size_t p = 0; p < plan.problems.size(); ++p) {
    for (std::size_t o = 0; o < plan.optimizers.size(); ++o, ++i) {
      const RunSpec run{i, p, o, plan.spec.seeds.front()};
      KernelFactory make = factory(plan, run);
      BenchmarkLabel label;
      label.problem = plan.problems[p].function;
      label.optimizer = plan.optimizers[o].name;
      if (plan.spec.data) {
        const auto kernel = make();
        label.dim = kernel->dim;
        label.batch_size = kernel->batch_size;
        label.dtype = precision_name(precision_of(plan.problems[p]));
      } else {
        label.dim = plan.problems[p].dim;
      }
      benchmark::RegisterBenchmark(
          names[i].c_str(), [make](benchmark::State& state) { run_step_benchmark(state, make); });
      labels.emplace(names[i], std::move(label));
    }
  }
  return labels;
}

}  // namespace optbench
