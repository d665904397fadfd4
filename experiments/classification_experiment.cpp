#include "classification_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <type_traits>

#include "optbench/analysis/sharpness.hpp"
#include "optbench/analysis/spectrum.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/shuffle.hpp"
#include "optbench/data/split.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/nn/hessian_vector.hpp"
#include "optbench/nn/mlp.hpp"
#include "optbench/optimizers/lr_schedule.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/run_randomness.hpp"
#include "schedule_length.hpp"
#include "timing_experiment.hpp"

namespace optbench {

namespace {

constexpr std::size_t kRuns = 0;
constexpr std::size_t kTrace = 1;
constexpr std::size_t kSpectrum = 2;  // record.hessian_every > 0 only
constexpr Eigen::Index kSharpnessSamples = 1024;

const std::vector<Column> kOutcomeColumns{{"status", ColumnType::Text},
                                          {"epochs_done", ColumnType::Integer},
                                          {"steps", ColumnType::Integer},
                                          {"parameters", ColumnType::Integer},
                                          {"final_loss", ColumnType::Number},
                                          {"final_train_accuracy", ColumnType::Number},
                                          {"final_test_loss", ColumnType::Number},
                                          {"final_test_accuracy", ColumnType::Number},
                                          {"best_test_accuracy", ColumnType::Number},
                                          {"epochs_to_target", ColumnType::Integer},
                                          {"seconds_to_target", ColumnType::Number},
                                          {"final_sharpness", ColumnType::Number},
                                          {"final_point_class", ColumnType::Text},
                                          {"min_eigenvalue", ColumnType::Number},
                                          {"max_eigenvalue", ColumnType::Number},
                                          {"negative_fraction", ColumnType::Number},
                                          {"hessian_ms", ColumnType::Number},
                                          {"wall_ms", ColumnType::Number}};

const std::vector<Column> kTraceColumns{
    {"run_id", ColumnType::Integer},        {"epoch", ColumnType::Integer},
    {"step", ColumnType::Integer},          {"lr", ColumnType::Number},
    {"train_loss", ColumnType::Number},     {"train_accuracy", ColumnType::Number},
    {"test_loss", ColumnType::Number},      {"test_accuracy", ColumnType::Number},
    {"sharpness", ColumnType::Number},      {"two_over_lr", ColumnType::Number},
    {"min_eigenvalue", ColumnType::Number}, {"max_eigenvalue", ColumnType::Number},
    {"hessian_trace", ColumnType::Number},  {"negative_fraction", ColumnType::Number},
    {"time_ms", ColumnType::Number}};

void cell(std::string& row, double value) {
  row += ',';
  append_number(row, value);
}

void optional_cell(std::string& row, const std::optional<double>& value) {
  row += ',';
  if (value) append_number(row, *value);
}

// Where the value of `keypath` (model.loss, model.hidden[0]) that problem instance `p` uses is
// written; `fallback` (the data: entry) when it is a default.
SourceLocation model_value_where(const ExperimentSpec& spec, const ProblemInstance& p,
                                 const std::string& keypath, const SourceLocation& fallback) {
  const std::string prefix = "model.";
  if (keypath.rfind(prefix, 0) != 0) return fallback;
  const std::string key = keypath.substr(prefix.size(), keypath.find('[') - prefix.size());
  if (!p.model.has(key)) return fallback;
  const std::string used = to_cell(p.model.get(key));
  for (const Axis& axis : spec.model_axes) {
    if (axis.key != key) continue;
    for (const AxisValue& value : axis.values) {
      if (to_cell(value.value) == used) return value.where;
    }
  }
  return fallback;
}

}  // namespace

Settings data_params(const ExperimentSpec& spec) {
  Settings params = spec.data->params;
  if (!params.has("path")) return params;
  const std::filesystem::path path = params.text("path");
  // A config names its files relative to itself, so it runs the same from any folder.
  if (path.empty() || path.is_absolute() || spec.file.empty()) return params;
  const std::filesystem::path folder = std::filesystem::path(spec.file).parent_path();
  if (!folder.empty()) params.set("path", (folder / path).string());
  return params;
}

Precision precision_of(const ProblemInstance& p) {
  const bool float32 =
      p.train.has("dtype") && p.train.text("dtype") == precision_name(Precision::float32);
  return float32 ? Precision::float32 : Precision::float64;
}

nn::MlpSpec mlp_spec(const ProblemInstance& p, const Dataset& data) {
  nn::MlpSpec spec;
  spec.inputs = static_cast<int>(data.features());
  spec.classes = data.classes;
  for (const double w : p.model.list("hidden")) spec.hidden.push_back(static_cast<int>(w));
  spec.activation = p.model.text("activation");
  spec.batchnorm = p.model.text("batchnorm");
  spec.batchnorm_eps = p.model.real("batchnorm_eps");
  // `null` (torch's None): the cumulative average.
  const Setting& momentum = p.model.get("batchnorm_momentum");
  spec.batchnorm_momentum = std::holds_alternative<std::string>(momentum)
                                ? std::nullopt
                                : std::optional<double>(p.model.real("batchnorm_momentum"));
  spec.batchnorm_affine = p.model.flag("batchnorm_affine");
  spec.batchnorm_track_running_stats = p.model.flag("batchnorm_track_running_stats");
  spec.init = p.model.text("init");
  spec.loss = p.model.text("loss");
  spec.dropout = p.model.real("dropout");
  return spec;
}

std::shared_ptr<const Dataset> ClassificationExperiment::dataset(const RunPlan& plan,
                                                                 std::uint64_t seed) const {
  const DataSpec& data = *plan.spec.data;
  const std::uint64_t data_seed = samples_seed(plan, seed);
  const std::string key = plan.problems.front().data_key + "#" + std::to_string(data_seed);
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  }
  auto loaded = std::make_shared<const Dataset>(
      load_dataset(data.dataset, data_params(plan.spec), data_seed));
  const std::lock_guard<std::mutex> lock(mutex_);
  return cache_.emplace(key, std::move(loaded)).first->second;
}

void ClassificationExperiment::check_spec(const ExperimentSpec& spec) const {
  if (!spec.data && spec.problems.empty()) {
    throw Error(spec.root_where, "data",
                "missing: kind classification trains on a data set, e.g. data: {dataset: iris}");
  }
  if (spec.tune && (!spec.data || spec.data->validation_fraction <= 0.0)) {
    throw Error(spec.tune->where, "tune",
                "classification selects on a validation part of the training data, never on the "
                "test part: set data.validation_fraction (e.g. 0.2)");
  }
}

void ClassificationExperiment::check(const RunPlan& plan) const {
  check_gradient_optimizers(plan);
  if (!plan.spec.data) {
    throw Error(plan.spec.root_where, "data", "missing: kind classification trains on a data set");
  }
  const DataSpec& data = *plan.spec.data;
  std::shared_ptr<const Dataset> set;
  try {
    set = dataset(plan, plan.spec.seeds.front());
  } catch (const Error& e) {
    if (e.where().line > 0) throw;  // a line of the data file itself
    // A bad parameter, or a file that cannot be read (no line to point at): at the data: entry,
    // naming the file.
    const std::string key =
        !e.keypath().empty() ? e.keypath() : (data.params.has("path") ? "path" : "dataset");
    const std::string file = e.where().file.empty() ? "" : e.where().file + ": ";
    throw Error(data.where, "data." + key, file + e.message());
  }
  if (set->samples() < 2)
    throw Error(data.where, "data.dataset", "the data set has fewer than 2 samples");
  for (const auto& p : plan.problems) {
    try {
      nn::Mlp model(mlp_spec(p, *set));
    } catch (const Error& e) {
      throw Error(model_value_where(plan.spec, p, e.keypath(), data.where), e.keypath(),
                  e.message() + " (data set " + data.dataset + ": " + std::to_string(set->classes) +
                      " classes)");
    }
  }
  check_float32_optimizers(plan);
  // How often a run steps its schedule, for schedules that allow only so many steps.
  const Eigen::Index n_train =
      stratified_split(*set, data.split.real("test_fraction"), 0).train.samples();
  const Eigen::Index n_test = set->samples() - n_train;
  for (const auto& p : plan.problems) {
    const bool batch_statistics =
        p.model.text("batchnorm") != "none" && !p.model.flag("batchnorm_track_running_stats");
    if (batch_statistics && n_test == 1) {
      const std::string key = "model.batchnorm_track_running_stats";
      throw Error(model_value_where(plan.spec, p, key, data.where), key,
                  "without running statistics batch norm evaluates the test part with its own "
                  "statistics, which needs at least 2 samples; the test part has 1");
    }
    const std::int64_t epochs = p.train.integer("epochs");
    const Eigen::Index batch = std::min<Eigen::Index>(p.train.integer("batch_size"), n_train);
    const Eigen::Index rest = n_train % batch;
    // A last batch of one sample is skipped with batch norm (see run_as).
    const bool last_batch = rest > 1 || (rest == 1 && p.model.text("batchnorm") == "none");
    const std::int64_t per_epoch = n_train / batch + (last_batch ? 1 : 0);
    for (const auto& choice : plan.optimizers) {
      if (choice.schedule.interval == ScheduleInterval::epoch) {
        check_schedule_length(choice, epochs, "train.epochs");
      } else {
        check_schedule_length(choice, epochs * per_epoch,
                              "train.epochs x " + std::to_string(per_epoch) + " steps per epoch");
      }
    }
  }
}

void check_gradient_optimizers(const RunPlan& plan) {
  for (const OptimizerInstance& inst : plan.optimizers) {
    if (!find_optimizer(inst.name).make(inst.settings)->drives_objective()) continue;
    for (const OptimizerSpec& o : plan.spec.optimizers) {
      if (o.name != inst.name) continue;
      throw Error(o.where, o.keypath + ".name",
                  o.name +
                      " evaluates the function itself; a network is trained with a "
                      "gradient optimizer, one minibatch step at a time");
    }
  }
}

void check_float32_optimizers(const RunPlan& plan) {
  const bool float32 = std::any_of(plan.problems.begin(), plan.problems.end(), [](const auto& p) {
    return precision_of(p) == Precision::float32;
  });
  if (!float32) return;
  for (const OptimizerInstance& inst : plan.optimizers) {
    if (find_optimizer(inst.name).make(inst.settings)->supports_float32()) continue;
    for (const OptimizerSpec& o : plan.spec.optimizers) {
      if (o.name != inst.name) continue;
      throw Error(o.where, o.keypath + ".name",
                  o.name +
                      " has no float32 update; train.dtype float32 needs a first-order "
                      "optimizer (sgd, momentum, nesterov, adam, adamw, rmsprop, adagrad, "
                      "perturbed_gd)");
    }
  }
}

std::vector<TableSpec> ClassificationExperiment::tables(const RunPlan& plan) const {
  TableSpec runs{"runs.csv", plan.id_columns, true};
  runs.columns.push_back({"setting", ColumnType::Text});  // the last identifier: before status
  runs.columns.insert(runs.columns.end(), kOutcomeColumns.begin(), kOutcomeColumns.end());
  // timing: {enabled: true}: ns per training step by Google Benchmark, before wall_ms.
  if (plan.spec.timing.enabled)
    runs.columns.insert(runs.columns.end() - 1, {"ns_per_step", ColumnType::Number});
  // time_ms (last, outside the checksum): the run's elapsed time at the row, Hessian work aside.
  std::vector<TableSpec> out{runs, TableSpec{"trace.csv", kTraceColumns, true, true}};
  if (plan.spec.hessian_every > 0) {
    out.push_back(TableSpec{"spectrum.csv",
                            {{"run_id", ColumnType::Integer},
                             {"epoch", ColumnType::Integer},
                             {"eigenvalue", ColumnType::Number},
                             {"density", ColumnType::Number}},
                            true});
  }
  return out;
}

void ClassificationExperiment::run(const RunPlan& plan, const RunSpec& run,
                                   RunRecorder& out) const {
  if (precision_of(plan.problems[run.problem]) == Precision::float32) {
    run_as<float>(plan, run, out);
  } else {
    run_as<double>(plan, run, out);
  }
}

template <typename Scalar>
void ClassificationExperiment::run_as(const RunPlan& plan, const RunSpec& run,
                                      RunRecorder& out) const {
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  constexpr bool kFloat64 = std::is_same_v<Scalar, double>;
  const auto started = std::chrono::steady_clock::now();
  const ProblemInstance& problem = plan.problems[run.problem];
  const OptimizerInstance& choice = plan.optimizers[run.optimizer];
  const ExperimentSpec& spec = plan.spec;

  // Common random numbers (run_randomness.hpp): the split and the initial weights depend on the
  // data, the model and the seed, never on the optimizer; minibatch order and dropout on the run.
  const RunRandomness randomness = run_randomness(plan, run);
  const std::shared_ptr<const Dataset> data = dataset(plan, run.seed);
  Split split = stratified_split(*data, spec.data->split.real("test_fraction"), randomness.split);
  if (spec.evaluate_on_validation) {
    // A tuned config's trials: the validation part of the training part stands in for the test
    // part, which is dropped here, so selection cannot read it.
    split = stratified_split(split.train, spec.data->validation_fraction, randomness.validation);
  }
  if (spec.data->split.flag("standardize")) standardize(split);
  const Dataset& train = split.train;
  const Dataset& test = split.test;
  Matrix train_copy;
  Matrix test_copy;
  const Matrix& train_x = features_as<Scalar>(train.x, train_copy);
  const Matrix& test_x = features_as<Scalar>(test.x, test_copy);

  const nn::MlpSpec network = mlp_spec(problem, *data);
  nn::BasicMlp<Scalar> model(network);
  const Eigen::Index n_params = model.parameter_count();
  Vector params(n_params);
  Vector grad(n_params);
  Rng init_rng(randomness.init);
  model.initialize(params, init_rng);
  const Eigen::VectorXd initial =
      spec.timing.enabled ? Eigen::VectorXd(params.template cast<double>()) : Eigen::VectorXd();
  model.seed_dropout(randomness.dropout);

  const auto optimizer = find_optimizer(choice.name).make(choice.settings);
  optimizer->reset(n_params, precision_of_scalar<Scalar>());
  optimizer->seed(randomness.optimizer);
  LrSchedule schedule(choice.schedule, *optimizer);

  // A fixed training subset for sharpness, the same for every optimizer of the seed.
  Eigen::MatrixXd sharp_x;
  Eigen::VectorXi sharp_y;
  Rng sharp_rng(randomness.sharpness);
  if (spec.sharpness_every > 0) {
    std::vector<Eigen::Index> pick(static_cast<std::size_t>(train.samples()));
    std::iota(pick.begin(), pick.end(), Eigen::Index{0});
    shuffle(pick, sharp_rng);
    pick.resize(static_cast<std::size_t>(std::min(kSharpnessSamples, train.samples())));
    const Dataset subset = select_samples(train, pick);
    sharp_x = subset.x;
    sharp_y = subset.y;
  }

  // The Hessian's spectrum on a fixed training subset, the same for every optimizer of the seed,
  // as is every probe vector (seeded by the epoch): the curves of two optimizers are paired.
  Eigen::MatrixXd hess_x;
  Eigen::VectorXi hess_y;
  if (spec.hessian_every > 0) {
    Rng pick_rng(randomness.hessian);
    std::vector<Eigen::Index> pick(static_cast<std::size_t>(train.samples()));
    std::iota(pick.begin(), pick.end(), Eigen::Index{0});
    shuffle(pick, pick_rng);
    pick.resize(static_cast<std::size_t>(std::min(kSharpnessSamples, train.samples())));
    const Dataset subset = select_samples(train, pick);
    hess_x = subset.x;
    hess_y = subset.y;
  }
  double hessian_ms = 0.0;
  std::optional<SpectrumEstimate> last_spectrum;
  // Exact products on a float64 twin (the float32 network's weights and running statistics).
  auto measure_spectrum = [&](std::int64_t at_epoch) {
    const auto begun = std::chrono::steady_clock::now();
    nn::Mlp twin(network);
    twin.set_state(model.state().template cast<double>());
    // A copy for float64 too: the float32 network needs the converted one.
    // NOLINTNEXTLINE(performance-unnecessary-copy-initialization)
    const Eigen::VectorXd at = params.template cast<double>();
    nn::MlpHessian hessian(twin);
    const HessianProduct product = [&](const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
      hessian.hessian_vector_product(at, hess_x, hess_y, v, hv);
    };
    Rng probes(probes_seed(plan, run, at_epoch));
    SpectrumOptions options;
    options.probes = spec.hessian_probes;
    options.lanczos_steps = spec.lanczos_steps;
    options.tolerance = spec.hessian_tolerance;
    SpectrumEstimate estimate = estimate_spectrum(product, n_params, probes, options);
    hessian_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begun).count();
    return estimate;
  };

  const std::int64_t epochs = problem.train.integer("epochs");
  const Eigen::Index batch =
      std::min<Eigen::Index>(problem.train.integer("batch_size"), train.samples());
  const double target = problem.train.real("target_accuracy");
  const bool batchnorm = problem.model.text("batchnorm") != "none";
  Matrix xb(train.features(), batch);
  Eigen::VectorXi yb(batch);
  std::vector<Eigen::Index> order(static_cast<std::size_t>(train.samples()));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  Rng batch_rng(randomness.batches);

  std::string status = "max_epochs";
  std::int64_t step = 0;
  std::int64_t epoch = 0;
  double train_loss = 0.0;
  double train_accuracy = 0.0;
  double test_loss = 0.0;
  double test_accuracy = 0.0;
  double best_test = 0.0;
  std::optional<double> last_sharpness;
  std::optional<std::int64_t> epochs_to_target;
  std::optional<double> seconds_to_target;

  // After an epoch (not before the first): the schedule's epoch ends on the epoch's metric, so the
  // row shows the lr the next epoch starts with.
  auto record = [&](bool measure_sharpness, bool epoch_end, bool measure_hessian) {
    train_loss = model.evaluate(params, train_x, train.y, &train_accuracy);
    test_loss = test.samples() > 0 ? model.evaluate(params, test_x, test.y, &test_accuracy) : 0.0;
    // ReduceLROnPlateau's metric: the training loss over the whole training part (a held-out
    // validation part would take its place; the test part never steers training).
    if (epoch_end) schedule.after_epoch(train_loss);
    best_test = std::max(best_test, test_accuracy);
    std::optional<double> sharp;
    if (measure_sharpness) {
      if constexpr (kFloat64) {
        sharp = sharpness(model, params, sharp_x, sharp_y, sharp_rng);
      } else {
        // A measurement, not training: the float32 network's weights and running statistics
        // in a float64 twin, whose finite-difference Hessian-vector products float's 7
        // digits would blur.
        nn::Mlp twin(network);
        twin.set_state(model.state().template cast<double>());
        sharp = sharpness(twin, params.template cast<double>(), sharp_x, sharp_y, sharp_rng);
      }
      last_sharpness = sharp;
    }
    std::optional<SpectrumEstimate> spectrum;
    if (measure_hessian) {
      spectrum = measure_spectrum(epoch);
      last_spectrum = spectrum;
    }
    const double lr = optimizer->lr();
    std::string& row = out.begin_row(kTrace);
    row += ',' + std::to_string(epoch) + ',' + std::to_string(step);
    cell(row, lr);
    cell(row, train_loss);
    cell(row, train_accuracy);
    cell(row, test_loss);
    cell(row, test_accuracy);
    optional_cell(row, sharp);
    optional_cell(row, sharp ? std::optional<double>(2.0 / lr) : std::nullopt);
    if (spectrum) {
      cell(row, spectrum->min_eigenvalue);
      cell(row, spectrum->max_eigenvalue);
      cell(row, spectrum->trace);
      cell(row, spectrum->negative_fraction);
    } else {
      row += ",,,,";
    }
    // Like wall_ms, without the Hessian work (its own column in runs.csv); rounded to the clock's
    // nanosecond, which the subtraction would otherwise print as 0.21367199999999986.
    const double elapsed_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    cell(row, std::round((elapsed_ms - hessian_ms) * 1e6) / 1e6);
    out.end_row(kTrace);
    if (spectrum) {
      const SpectralDensity density = spectral_density(*spectrum, SpectrumOptions{}.density_points);
      for (Eigen::Index k = 0; k < density.grid.size(); ++k) {
        std::string& line = out.begin_row(kSpectrum);
        line += ',' + std::to_string(epoch);
        cell(line, density.grid(k));
        cell(line, density.density(k));
        out.end_row(kSpectrum);
      }
    }
  };

  // Curvature at the start, every hessian_every epochs and at the last epoch (runs.csv's
  // final_point_class).
  const auto hessian_due = [&](std::int64_t e) {
    return spec.hessian_every > 0 && (e % spec.hessian_every == 0 || e == epochs);
  };
  record(spec.sharpness_every > 0, false, hessian_due(0));
  for (epoch = 1; epoch <= epochs && status != "diverged"; ++epoch) {
    shuffle(order, batch_rng);
    for (Eigen::Index start = 0; start < train.samples(); start += batch) {
      const Eigen::Index b = std::min(batch, train.samples() - start);
      // Batch norm cannot normalise one sample (torch refuses it too): skip such a last batch.
      if (b == 1 && batchnorm) continue;
      for (Eigen::Index j = 0; j < b; ++j) {
        const Eigen::Index i = order[static_cast<std::size_t>(start + j)];
        xb.col(j) = train_x.col(i);
        yb(j) = train.y(i);
      }
      throw_if_stopped();  // a minibatch takes milliseconds: Ctrl-C is seen at once
      const double loss = model.loss_and_gradient(params, xb.leftCols(b), yb.head(b), grad);
      if (!std::isfinite(loss) || !std::isfinite(grad.squaredNorm())) {
        status = "diverged";
        break;
      }
      optimizer->step(params, grad);
      schedule.after_step(loss);
      ++step;
    }
    if (status == "diverged" || !params.allFinite()) {
      // The final weights are not finite: no final loss or accuracy (nan, a missing value in
      // summary.csv), not the last finite epoch's; best_test_accuracy keeps what was reached.
      status = "diverged";
      train_loss = train_accuracy = test_loss = test_accuracy =
          std::numeric_limits<double>::quiet_NaN();
      break;
    }
    record(spec.sharpness_every > 0 && epoch % spec.sharpness_every == 0, true, hessian_due(epoch));
    if (target > 0.0 && !epochs_to_target && test_accuracy >= target) {
      epochs_to_target = epoch;
      seconds_to_target =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }
  }
  const std::int64_t epochs_done = std::min(epoch, epochs);
  if (status != "diverged" && epochs_to_target) status = "reached_target";

  std::string& row = out.begin_row(kRuns);
  const std::vector<std::string> ids = plan.id_cells(run);
  for (std::size_t i = 1; i < ids.size(); ++i) {
    row += ',';
    append_cell(row, ids[i]);
  }
  row += ',';
  append_cell(row, plan.setting_text(run));
  row += ',' + status + ',' + std::to_string(epochs_done) + ',' + std::to_string(step) + ',' +
         std::to_string(n_params);
  cell(row, train_loss);
  cell(row, train_accuracy);
  cell(row, test_loss);
  cell(row, test_accuracy);
  cell(row, best_test);
  optional_cell(row, epochs_to_target
                         ? std::optional<double>(static_cast<double>(*epochs_to_target))
                         : std::nullopt);
  optional_cell(row, seconds_to_target);
  optional_cell(row, last_sharpness);
  // The final point's class: from the spectrum at the last epoch (none when the run diverged).
  const bool final_spectrum = last_spectrum && status != "diverged" && epochs_done == epochs;
  if (final_spectrum) {
    row += ',';
    row += final_point_name(classify_extremes(
        last_spectrum->min_eigenvalue, last_spectrum->max_eigenvalue, spec.hessian_tolerance));
    cell(row, last_spectrum->min_eigenvalue);
    cell(row, last_spectrum->max_eigenvalue);
    cell(row, last_spectrum->negative_fraction);
  } else {
    row += ",,,,";
  }
  optional_cell(row, spec.hessian_every > 0 ? std::optional<double>(hessian_ms) : std::nullopt);
  // The Hessian work has its own column: wall_ms is the training (and evaluation) alone.
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
          .count() -
      hessian_ms;
  if (spec.timing.enabled) {
    // One training step from the initial weights with a fresh optimizer, timed after the run
    // (wall_ms leaves it out) on the run's training part.
    const KernelFactory make = [&] {
      return make_training_step(network, initial, find_optimizer(choice.name).make(choice.settings),
                                train, batch, optimizer->precision());
    };
    cell(row, time_step(make, spec.timing));
  }
  cell(row, wall_ms);
  out.end_row(kRuns);
}

std::vector<std::string> ClassificationExperiment::input_files(const RunPlan& plan) const {
  if (!plan.spec.data) return {};
  return dataset_files(plan.spec.data->dataset, data_params(plan.spec));
}

void ClassificationExperiment::finish(const std::string& dir) const {
  write_kind_verdicts(*this, dir);
}

std::optional<RankingRule> ClassificationExperiment::ranking_rule() const {
  RankingRule rule;
  rule.statement =
      "median final test accuracy (higher first), then median epochs to train.target_accuracy "
      "where it is set, then median final test loss; the settings of a data set include its "
      "model and train keys";
  rule.names_problem = [](const std::string& column) {
    return column == "problem" || column.rfind("data.", 0) == 0;
  };
  rule.medians = {
      {"final_test_accuracy", true}, {"epochs_to_target", false}, {"final_test_loss", false}};
  rule.target_column = "target_accuracy";
  rule.metrics = {"ns_per_step", "final_test_accuracy", "best_test_accuracy"};
  return rule;
}

}  // namespace optbench
