#include "timing_experiment.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <set>
#include <type_traits>
#include <utility>

#include <benchmark/benchmark.h>

#include "classification_experiment.hpp"
#include "optbench/config/problem_function.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/split.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/optimizers/objective.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"

namespace optbench {

namespace {

class FunctionStep final : public StepKernel {
 public:
  FunctionStep(std::unique_ptr<TestFunction> f, const Eigen::VectorXd& start,
               std::unique_ptr<Optimizer> optimizer, double diverge_above)
      : f_(std::move(f)),
        optimizer_(std::move(optimizer)),
        start_(start),
        x_(start),
        grad_(start.size()),
        limit_(diverge_above) {
    dim = start.size();
    bytes_per_step = optimizer_->bytes_per_parameter() * static_cast<double>(dim);
    if (optimizer_->needs_hessian()) hess_.resize(dim, dim);
    if (optimizer_->drives_objective()) objective_ = std::make_unique<FunctionObjective>(*f_);
    optimizer_->reset(dim);
  }

  void step() override {
    if (objective_) {  // an objective-driven method: one of its steps (a generation, ...)
      const double loss = begun_ ? optimizer_->step_with_objective(x_, *objective_)
                                 : optimizer_->begin_with_objective(x_, *objective_);
      begun_ = true;
      if (!(loss <= limit_)) {
        x_ = start_;
        optimizer_->reset(dim);
        begun_ = false;
      }
      return;
    }
    const double loss = f_->value_and_gradient(x_, grad_);
    if (!(loss <= limit_)) {  // diverged (or NaN): start again, as a new run would
      x_ = start_;
      optimizer_->reset(dim);
      return;
    }
    if (hess_.size() != 0) {
      f_->hessian(x_, hess_);
      optimizer_->step_with_hessian(x_, grad_, hess_);
    } else {
      optimizer_->step(x_, grad_);
    }
  }

 private:
  std::unique_ptr<TestFunction> f_;
  std::unique_ptr<Optimizer> optimizer_;
  Eigen::VectorXd start_;
  Eigen::VectorXd x_;
  Eigen::VectorXd grad_;
  Eigen::MatrixXd hess_;
  double limit_;
  std::unique_ptr<FunctionObjective> objective_;
  bool begun_ = false;
};

template <typename Scalar>
class TrainingStep final : public StepKernel {
 public:
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

  TrainingStep(const nn::MlpSpec& spec, const Eigen::VectorXd& initial,
               std::unique_ptr<Optimizer> optimizer, const Dataset& train, Eigen::Index batch)
      : model_(spec),
        optimizer_(std::move(optimizer)),
        train_(train),
        x_(features_as<Scalar>(train.x, x_copy_)),
        initial_(initial.cast<Scalar>()),
        params_(initial_),
        grad_(initial.size()) {
    if (initial.size() != model_.parameter_count()) {
      throw std::invalid_argument("TrainingStep: the initial parameters do not fit the model");
    }
    dim = initial.size();
    batch_size = std::min(batch, train.samples());
    // No bytes_per_step: the update's traffic is a small part of a training step's.
    optimizer_->reset(dim, precision());
  }

  void step() override {
    const double loss = model_.loss_and_gradient(params_, x_.middleCols(next_, batch_size),
                                                 train_.y.segment(next_, batch_size), grad_);
    next_ += batch_size;
    if (next_ + batch_size > train_.samples()) next_ = 0;
    if (!std::isfinite(loss)) {
      params_ = initial_;
      optimizer_->reset(dim, precision());
      model_.reset_state();
      return;
    }
    optimizer_->step(params_, grad_);
  }

 private:
  static constexpr Precision precision() { return precision_of_scalar<Scalar>(); }

  nn::BasicMlp<Scalar> model_;
  std::unique_ptr<Optimizer> optimizer_;
  const Dataset& train_;
  Matrix x_copy_;    // float32: the features rounded, made once, outside the timed steps
  const Matrix& x_;  // the features in Scalar: train.x itself for double, else x_copy_
  Vector initial_;
  Vector params_;
  Vector grad_;
  Eigen::Index next_ = 0;
};

// The run's start point: the problem's start plus its seeded noise (as kind function draws it).
Eigen::VectorXd start_point(const RunPlan& plan, const ProblemInstance& problem,
                            std::uint64_t seed) {
  const Eigen::Index n = problem.dim;
  Eigen::VectorXd x = Eigen::VectorXd::Zero(n);
  if (problem.start) x = Eigen::Map<const Eigen::VectorXd>(problem.start->data(), n);
  if (problem.start_noise > 0.0) {
    Rng rng(plan.seed_for({problem.key, std::to_string(seed)}));
    Eigen::VectorXd noise(n);
    rng.ball(noise, problem.start_noise);
    x += noise;
  }
  return x;
}

// The initial weights the classification kind draws for this problem and seed.
Eigen::VectorXd initial_weights(const RunPlan& plan, const ProblemInstance& problem,
                                std::uint64_t seed, nn::Mlp& model) {
  std::string model_key;
  for (const auto& [key, value] : problem.model.items())
    model_key += key + '=' + key_text(value) + ';';
  Rng rng(plan.seed_for({problem.data_key, model_key, std::to_string(seed), "init"}));
  Eigen::VectorXd params(model.parameter_count());
  model.initialize(params, rng);
  return params;
}

bool samples_depend_on_seed(const std::string& dataset) {
  const DatasetInfo* info = dataset_registry().find(dataset);
  if (info == nullptr) return false;
  return std::any_of(info->params.begin(), info->params.end(),
                     [](const auto& p) { return p.name == "seed"; });
}

std::string name_value(std::string value) {
  if (value.empty()) return "[]";
  std::replace(value.begin(), value.end(), ' ', ',');
  return value;
}

// For each instance, "key=value" parts: the `always` keys, then every other cell whose value
// differs between the instances of the same group (the grid axes).
template <typename Instance, typename GroupOf>
std::vector<std::string> name_parts(const std::vector<Instance>& instances, GroupOf group_of,
                                    const std::vector<std::string>& always,
                                    const std::vector<std::string>& skip) {
  // Names are built from the cells' key texts (`hidden=256,128`), as before lists were
  // bracketed, so a benchmark keeps its name.
  auto value_of = [](const Instance& inst, const std::string& key) -> std::string {
    for (const Cell& c : inst.cells) {
      if (c.name == key) return c.key;
    }
    return "\x01";  // absent
  };
  std::vector<std::string> parts(instances.size());
  for (std::size_t i = 0; i < instances.size(); ++i) {
    const Instance& inst = instances[i];
    std::string part;
    for (const auto& key : always) {
      const std::string v = value_of(inst, key);
      if (v != "\x01") part += '/' + key + '=' + name_value(v);
    }
    for (const Cell& c : inst.cells) {
      if (std::find(always.begin(), always.end(), c.name) != always.end()) continue;
      if (std::find(skip.begin(), skip.end(), c.name) != skip.end()) continue;
      bool varies = false;
      for (const Instance& other : instances) {
        if (group_of(other) == group_of(inst) && value_of(other, c.name) != c.key) varies = true;
      }
      if (varies) part += '/' + c.name + '=' + name_value(c.key);
    }
    parts[i] = part;
  }
  return parts;
}

}  // namespace

std::unique_ptr<StepKernel> make_function_step(std::unique_ptr<TestFunction> f,
                                               const Eigen::VectorXd& start,
                                               std::unique_ptr<Optimizer> optimizer,
                                               double diverge_above) {
  return std::make_unique<FunctionStep>(std::move(f), start, std::move(optimizer), diverge_above);
}

std::unique_ptr<StepKernel> make_training_step(const nn::MlpSpec& model,
                                               const Eigen::VectorXd& initial,
                                               std::unique_ptr<Optimizer> optimizer,
                                               const Dataset& train, Eigen::Index batch,
                                               Precision precision) {
  if (precision == Precision::float32) {
    return std::make_unique<TrainingStep<float>>(model, initial, std::move(optimizer), train,
                                                 batch);
  }
  return std::make_unique<TrainingStep<double>>(model, initial, std::move(optimizer), train, batch);
}

void run_step_benchmark(benchmark::State& state, const KernelFactory& make) {
  std::unique_ptr<StepKernel> kernel;
  try {
    kernel = make();
    kernel->step();  // untimed: the first step sizes the workspaces
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  StepKernel& k = *kernel;
  for (auto _ : state) {
    k.step();
  }
  const auto steps = static_cast<double>(state.iterations());
  state.counters["steps_per_second"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  if (k.bytes_per_step > 0.0) {
    state.SetBytesProcessed(static_cast<std::int64_t>(steps * k.bytes_per_step));
  }
  if (k.batch_size > 0) state.SetItemsProcessed(state.iterations() * k.batch_size);
}

double time_step(const KernelFactory& make, const TimingSpec& timing) {
  static std::mutex registry_mutex;
  const std::lock_guard<std::mutex> lock(registry_mutex);
  benchmark::ClearRegisteredBenchmarks();
  auto* b = benchmark::RegisterBenchmark(
      "optbench_step", [&make](benchmark::State& state) { run_step_benchmark(state, make); });
  b->MinTime(timing.min_time);
  if (timing.repetitions > 1) b->Repetitions(static_cast<int>(timing.repetitions));
  TimingsReporter collect({}, nullptr);
  benchmark::RunSpecifiedBenchmarks(&collect, "^optbench_step");
  benchmark::ClearRegisteredBenchmarks();
  if (!collect.errors().empty()) throw std::runtime_error("timing: " + collect.errors().front());
  const std::string want = timing.repetitions > 1 ? "median" : "";
  const std::vector<std::string> columns = column_names(timings_columns());
  const auto real = static_cast<std::size_t>(
      std::find(columns.begin(), columns.end(), "real_ns_per_step") - columns.begin());
  for (const auto& row : collect.rows()) {
    if (row.back() == want) return std::stod(row[real]);
  }
  throw std::runtime_error("timing: Google Benchmark reported no time");
}

std::vector<std::string> benchmark_names(const RunPlan& plan) {
  const bool classification = plan.spec.data.has_value();
  const std::vector<std::string> problem_parts =
      name_parts(plan.problems, [](const ProblemInstance&) { return 0; },
                 classification ? std::vector<std::string>{"hidden", "batchnorm", "batch_size"}
                                : std::vector<std::string>{"dim"},
                 {"problem"});
  const std::vector<std::string> optimizer_parts = name_parts(
      plan.optimizers, [](const OptimizerInstance& o) { return o.name; }, {}, {"optimizer"});
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (std::size_t p = 0; p < plan.problems.size(); ++p) {
    for (std::size_t o = 0; o < plan.optimizers.size(); ++o) {
      std::string name = plan.problems[p].function + problem_parts[p] + '/' +
                         plan.optimizers[o].name + optimizer_parts[o];
      const int count = seen[name]++;
      if (count > 0) name += '#' + std::to_string(count);
      names.push_back(std::move(name));
    }
  }
  return names;
}

std::shared_ptr<const Dataset> TimingExperiment::training_set(const RunPlan& plan,
                                                              std::uint64_t seed) const {
  const DataSpec& data = *plan.spec.data;
  const std::string& data_key = plan.problems.front().data_key;
  const std::string seed_text = std::to_string(seed);
  const std::uint64_t data_seed =
      samples_depend_on_seed(data.dataset) ? plan.seed_for({data_key, seed_text}) : 0;
  const std::string key = data_key + "#" + seed_text;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  // As kind classification splits and standardises it for this seed.
  Split split = stratified_split(load_dataset(data.dataset, data_params(plan.spec), data_seed),
                                 data.split.real("test_fraction"),
                                 plan.seed_for({data_key, seed_text, "split"}));
  if (data.split.flag("standardize")) standardize(split);
  auto train = std::make_shared<const Dataset>(std::move(split.train));
  return cache_.emplace(key, std::move(train)).first->second;
}

KernelFactory function_step_factory(const RunPlan& plan, const RunSpec& run) {
  const ProblemInstance& problem = plan.problems[run.problem];
  const OptimizerInstance& choice = plan.optimizers[run.optimizer];
  const Eigen::VectorXd start = start_point(plan, problem, run.seed);
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
  std::shared_ptr<const Dataset> train = training_set(plan, run.seed);
  const nn::MlpSpec spec = mlp_spec(problem, *train);
  nn::Mlp model(spec);
  const Eigen::VectorXd initial = initial_weights(plan, problem, run.seed, model);
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
    train = training_set(plan, plan.spec.seeds.front());
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

std::vector<TableSpec> TimingExperiment::tables(const RunPlan& plan) const {
  TableSpec runs{"runs.csv", plan.id_columns, true};
  runs.columns.push_back({"parameters", ColumnType::Integer});
  runs.columns.push_back({"ns_per_step", ColumnType::Number});
  return {runs};
}

void TimingExperiment::run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const {
  const KernelFactory make = factory(plan, run);
  const Eigen::Index parameters = make()->dim;
  const double ns = time_step(make, plan.spec.timing);
  std::string& row = out.begin_row(0);
  const std::vector<std::string> ids = plan.id_cells(run);
  for (std::size_t i = 1; i < ids.size(); ++i) {
    row += ',';
    append_cell(row, ids[i]);
  }
  row += ',' + std::to_string(parameters) + ',';
  append_number(row, ns);
  out.end_row(0);
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
