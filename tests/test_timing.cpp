// Timing with Google Benchmark: `optbench bench` and `optbench run` on kind timing write a
// well-formed timings.csv (one row per benchmark run and per aggregate), Google Benchmark's flags
// pass through, and `timing: {enabled: true}` adds a numeric ns_per_step column to runs.csv
// without changing any other cell. No assertion here depends on how fast anything is.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "../experiments/classification_experiment.hpp"
#include "../experiments/timing_experiment.hpp"
#include "../experiments/timings_reporter.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/data/split.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/run/run_randomness.hpp"
#include "test_support.hpp"

// Heap-allocation counters of the operator new that tests/test_optimizers.cpp replaces.
extern std::atomic<bool> g_counting;
extern std::atomic<long> g_allocations;

namespace optbench {
namespace {

namespace fs = std::filesystem;
using testing::run_cli;
using testing::TempDir;
using testing::write_text;

const char* kTimingConfig = R"(name: tiny-timing
kind: timing
problems:
  - {function: rosenbrock, dim: [2, 10], start: zeros}
optimizers:
  - {name: sgd, lr: 1.0e-3}
  - {name: adam, lr: [1.0e-3, 1.0e-2]}
timing: {min_time: 0.001}
)";

const char* kMlpTimingConfig = R"(name: tiny-mlp-timing
kind: timing
data: {dataset: iris}
model: {hidden: [8], batchnorm: before_activation}
train: {batch_size: [16, 32]}
optimizers:
  - {name: adam, lr: 1.0e-3}
timing: {min_time: 0.001}
)";

const char* kFunctionConfig = R"(name: timed-function
kind: function
seeds: 2
problems:
  - {function: quartic_saddle, start: [0.0, 1.0e-3], start_noise: 1.0e-4}
  - {function: rosenbrock, dim: 5, start: zeros}
optimizers:
  - {name: sgd, lr: 0.05}
  - {name: adam, lr: 0.05}
stop: {max_steps: 200, target: f_star + 1.0e-6}
record: {every: 10}
)";

const char* kClassificationConfig = R"(name: timed-classification
kind: classification
seeds: 1
data: {dataset: iris}
model: {hidden: [8], batchnorm: before_activation}
train: {epochs: 3, batch_size: 16}
optimizers:
  - {name: adam, lr: 1.0e-2}
)";

bool is_number(const std::string& cell) {
  double value = 0.0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  return !cell.empty() && ec == std::errc() && end == cell.data() + cell.size();
}

std::string config_file(const TempDir& dir, const std::string& text) {
  const std::string path = dir.str() + "/config.yaml";
  write_text(path, text);
  return path;
}

// Every row: the columns of timings_columns(), numeric cells that parse, a known aggregate.
void expect_well_formed(const CsvTable& t) {
  ASSERT_EQ(t.header, column_names(timings_columns()));
  for (const auto& row : t.rows) {
    ASSERT_EQ(row.size(), t.header.size());
    EXPECT_FALSE(row[t.column("name")].empty());
    for (const char* c :
         {"dim", "iterations", "real_ns_per_step", "cpu_ns_per_step", "steps_per_second"}) {
      EXPECT_TRUE(is_number(row[t.column(c)])) << c << " = '" << row[t.column(c)] << "'";
    }
    const std::string& aggregate = row[t.column("aggregate")];
    EXPECT_TRUE(aggregate.empty() || aggregate == "mean" || aggregate == "median" ||
                aggregate == "stddev")
        << aggregate;
    if (aggregate.empty()) {
      // Well-formed, not fast or slow: a measured run has iterations and a time per step.
      const double per_step = std::stod(row[t.column("real_ns_per_step")]);
      EXPECT_TRUE(std::isfinite(per_step) && per_step > 0.0) << per_step;
      EXPECT_GT(std::stod(row[t.column("iterations")]), 0.0);
    }
  }
}

std::vector<std::string> column(const CsvTable& t, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& row : t.rows) out.push_back(row[t.column(name)]);
  return out;
}

TEST(Timing, BenchWritesOneRowPerBenchmark) {
  TempDir dir;
  const auto r = run_cli(
      {"bench", config_file(dir, kTimingConfig), "--out", dir.str(), "--benchmark_min_time=0.001"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("rosenbrock/dim=10/adam/lr=0.01"), std::string::npos) << r.out;
  const CsvTable t = read_csv(dir.str() + "/tiny-timing/timings.csv");
  expect_well_formed(t);
  EXPECT_EQ(column(t, "name"),
            (std::vector<std::string>{"rosenbrock/dim=2/sgd", "rosenbrock/dim=2/adam/lr=0.001",
                                      "rosenbrock/dim=2/adam/lr=0.01", "rosenbrock/dim=10/sgd",
                                      "rosenbrock/dim=10/adam/lr=0.001",
                                      "rosenbrock/dim=10/adam/lr=0.01"}));
  EXPECT_EQ(column(t, "dim"), (std::vector<std::string>{"2", "2", "2", "10", "10", "10"}));
  EXPECT_EQ(column(t, "optimizer"),
            (std::vector<std::string>{"sgd", "adam", "adam", "sgd", "adam", "adam"}));
  for (const auto& row : t.rows) {
    EXPECT_EQ(row[t.column("problem")], "rosenbrock");
    EXPECT_EQ(row[t.column("batch_size")], "");
    EXPECT_EQ(row[t.column("aggregate")], "");
    EXPECT_TRUE(is_number(row[t.column("bytes_per_second")]));  // the update's bytes
  }
  EXPECT_TRUE(fs::exists(dir.str() + "/tiny-timing/manifest.json"));
}

TEST(Timing, RepetitionsAddMeanMedianAndStddevRows) {
  TempDir dir;
  const auto r = run_cli({"bench", config_file(dir, kTimingConfig), "--out", dir.str(),
                          "--benchmark_min_time=0.001", "--benchmark_repetitions=3",
                          "--benchmark_filter=dim=2/"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable t = read_csv(dir.str() + "/tiny-timing/timings.csv");
  expect_well_formed(t);
  ASSERT_EQ(t.rows.size(), 3u * (3u + 3u));  // 3 benchmarks x (3 repetitions + 3 aggregates)
  std::map<std::string, int> aggregates;
  for (const auto& row : t.rows) {
    EXPECT_EQ(row[t.column("dim")], "2");
    ++aggregates[row[t.column("aggregate")]];
  }
  EXPECT_EQ(aggregates[""], 9);
  EXPECT_EQ(aggregates["mean"], 3);
  EXPECT_EQ(aggregates["median"], 3);
  EXPECT_EQ(aggregates["stddev"], 3);
}

TEST(Timing, ConfigRepetitionsApplyAndRunOnATimingConfigWritesTimings) {
  TempDir dir;
  std::string text = kTimingConfig;
  text.replace(text.find("timing: {min_time: 0.001}"), 25,
               "timing: {min_time: 0.001, repetitions: 2}");
  const auto r = run_cli({"run", config_file(dir, text), "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable t = read_csv(dir.str() + "/tiny-timing/timings.csv");
  expect_well_formed(t);
  EXPECT_EQ(t.rows.size(), 6u * (2u + 3u));
  EXPECT_FALSE(fs::exists(dir.str() + "/tiny-timing/runs.csv"));
}

TEST(Timing, ClassificationBenchmarksTimeATrainingStepPerBatchSize) {
  TempDir dir;
  const auto r = run_cli({"bench", config_file(dir, kMlpTimingConfig), "--out", dir.str(),
                          "--benchmark_min_time=0.001", "--benchmark_format=json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"benchmarks\""), std::string::npos);  // the format flag reached it
  const CsvTable t = read_csv(dir.str() + "/tiny-mlp-timing/timings.csv");
  expect_well_formed(t);
  ASSERT_EQ(t.rows.size(), 2u);
  // iris: 4 features, 3 classes; 4*8 + 8 + 2*8 (batch norm) + 8*3 + 3 = 83 parameters.
  EXPECT_EQ(column(t, "dim"), (std::vector<std::string>{"83", "83"}));
  EXPECT_EQ(column(t, "batch_size"), (std::vector<std::string>{"16", "32"}));
  EXPECT_EQ(column(t, "problem"), (std::vector<std::string>{"iris", "iris"}));
  EXPECT_EQ(column(t, "dtype"), (std::vector<std::string>{"float64", "float64"}));
  EXPECT_EQ(t.rows[0][t.column("name")],
            "iris/hidden=8/batchnorm=before_activation/batch_size=16/adam");
}

// A dtype axis gives one benchmark per precision: the float32 step trains a float network.
TEST(Timing, ADtypeAxisTimesBothPrecisions) {
  TempDir dir;
  std::string text = kMlpTimingConfig;
  text.replace(text.find("train: {batch_size: [16, 32]}"), 29,
               "train: {batch_size: 16, dtype: [float64, float32]}");
  const auto r =
      run_cli({"bench", config_file(dir, text), "--out", dir.str(), "--benchmark_min_time=0.001"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable t = read_csv(dir.str() + "/tiny-mlp-timing/timings.csv");
  expect_well_formed(t);
  EXPECT_EQ(column(t, "dtype"), (std::vector<std::string>{"float64", "float32"}));
  EXPECT_EQ(column(t, "dim"), (std::vector<std::string>{"83", "83"}));
  EXPECT_EQ(t.rows[1][t.column("name")],
            "iris/hidden=8/batchnorm=before_activation/batch_size=16/dtype=float32/adam");
}

TEST(Timing, BadBenchInvocationsExitTwoAndWriteNothing) {
  TempDir dir;
  const std::string timing = config_file(dir, kTimingConfig);
  auto r = run_cli({"bench", timing, "--out", dir.str(), "--benchmark_filter=no_such_thing"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  r = run_cli({"bench", timing, "--out", dir.str(), "--benchmark_no_such_flag=1"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--benchmark_no_such_flag"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.str() + "/tiny-timing"));

  write_text(dir.str() + "/function.yaml", kFunctionConfig);
  r = run_cli({"bench", dir.str() + "/function.yaml", "--out", dir.str()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("kind timing"), std::string::npos) << r.err;
}

void expect_timing_column_adds_only_ns_per_step(const std::string& config,
                                                const std::string& name) {
  TempDir dir;
  const std::string plain = dir.str() + "/plain.yaml";
  const std::string timed = dir.str() + "/timed.yaml";
  write_text(plain, config);
  write_text(timed, config + "timing: {enabled: true, min_time: 0.001, repetitions: 2}\n");
  ASSERT_EQ(run_cli({"run", plain, "--out", dir.str() + "/plain", "--quiet"}).exit_code, 0);
  const auto r = run_cli({"run", timed, "--out", dir.str() + "/timed", "--quiet", "--jobs", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string plain_runs = dir.str() + "/plain/" + name + "/runs.csv";
  const std::string timed_runs = dir.str() + "/timed/" + name + "/runs.csv";
  const CsvTable without = read_csv(plain_runs);
  const CsvTable with = read_csv(timed_runs);
  EXPECT_EQ(std::count(without.header.begin(), without.header.end(), "ns_per_step"), 0);
  ASSERT_EQ(with.header.size(), without.header.size() + 1);
  for (const auto& row : with.rows) {
    const std::string& ns = row[with.column("ns_per_step")];
    EXPECT_TRUE(is_number(ns)) << ns;
    EXPECT_GT(std::stod(ns), 0.0);
  }
  EXPECT_EQ(testing::without_timing(plain_runs), testing::without_timing(timed_runs));
  EXPECT_EQ(testing::without_timing(dir.str() + "/plain/" + name + "/trace.csv"),
            testing::without_timing(dir.str() + "/timed/" + name + "/trace.csv"));
}

TEST(Timing, TimingSectionAddsNsPerStepToFunctionRuns) {
  expect_timing_column_adds_only_ns_per_step(kFunctionConfig, "timed-function");
}

TEST(Timing, TimingSectionAddsNsPerStepToClassificationRuns) {
  expect_timing_column_adds_only_ns_per_step(kClassificationConfig, "timed-classification");
}

// Both kinds draw the initial weights through run_randomness: a timing run of a model starts from
// the weights the classification run of the same model and seed starts from. activation and
// batchnorm are keys the timing kind once hashed into its weights' seed (the classification kind
// takes only hidden and init), which made the two start apart.
TEST(Timing, ATimingRunStartsFromTheClassificationRunsWeights) {
  const std::string classification = R"(name: same-start
kind: classification
seeds: [3]
data: {dataset: iris}
model: {hidden: [8], activation: tanh, batchnorm: before_activation}
train: {epochs: 1, batch_size: 16}
optimizers:
  - {name: sgd, lr: 0.1}
)";
  TempDir dir;
  write_text(dir.str() + "/c.yaml", classification);
  const auto r = run_cli({"run", dir.str() + "/c.yaml", "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const CsvTable trace = read_csv(dir.str() + "/same-start/trace.csv");
  ASSERT_FALSE(trace.rows.empty());
  ASSERT_EQ(trace.rows[0][trace.column("epoch")], "0");
  const double initial_loss = std::stod(trace.rows[0][trace.column("train_loss")]);

  std::string timing = classification;
  timing.replace(timing.find("kind: classification"), 20, "kind: timing");
  const RunPlan plan = expand_plan(parse_config(timing, "t.yaml"), true);
  const TimingExperiment kind;
  const RunSpec run = plan.run(0);
  ASSERT_EQ(run.seed, 3u);
  const Eigen::VectorXd start = kind.factory(plan, run)()->start();

  // The classification run's epoch-0 training loss, recomputed at the timing kernel's start on
  // the same split.
  const RunRandomness randomness = run_randomness(plan, run);
  Split split = stratified_split(load_dataset("iris", data_params(plan.spec), randomness.samples),
                                 plan.spec.data->split.real("test_fraction"), randomness.split);
  if (plan.spec.data->split.flag("standardize")) standardize(split);
  nn::Mlp model(mlp_spec(plan.problems[run.problem], split.train));
  ASSERT_EQ(start.size(), model.parameter_count());
  double accuracy = 0.0;
  EXPECT_EQ(model.evaluate(start, split.train.x, split.train.y, &accuracy), initial_loss);
}

TEST(Timing, TimeStepMeasuresAFunctionKernelAndRecoversFromDivergence) {
  // lr 10 on rosenbrock diverges within a few steps: the kernel starts over instead of timing
  // arithmetic on infinities, and the measurement stays finite.
  auto make = [] {
    Settings settings;
    settings.set("lr", 10.0);
    return make_function_step(make_function("rosenbrock", 4, Settings{}), Eigen::VectorXd::Zero(4),
                              make_optimizer("sgd", settings), 1e6);
  };
  TimingSpec timing;
  timing.min_time = 0.001;
  const double ns = time_step(make, timing);
  EXPECT_TRUE(std::isfinite(ns));
  EXPECT_GT(ns, 0.0);
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

// The fast kernels keep torch's arithmetic: Adam stops calling std::pow for a bias correction
// only once 1 - beta^t is exactly 1, so 50000 steps (past beta2 = 0.999's ~37000) are
// bit-identical to the update written with std::pow at every step.
TEST(Kernels, AdamBiasCorrectionShortcutIsBitExact) {
  for (const bool amsgrad : {false, true}) {
    Settings settings;
    settings.set("lr", 1e-2);
    settings.set("amsgrad", amsgrad);
    settings.set("weight_decay", 0.01);
    auto adam = make_optimizer("adam", settings);
    const Eigen::Index n = 5;
    Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(n, -1.0, 1.0);
    Eigen::VectorXd ref = x;
    Eigen::VectorXd m = Eigen::VectorXd::Zero(n);
    Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
    Eigen::VectorXd vmax = Eigen::VectorXd::Zero(n);
    Eigen::VectorXd g(n);
    adam->reset(n);
    const double b1 = 0.9;
    const double b2 = 0.999;
    for (int t = 1; t <= 50000; ++t) {
      for (Eigen::Index i = 0; i < n; ++i)
        g(i) = std::sin(0.001 * t + static_cast<double>(i)) + ref(i);
      adam->step(x, g);
      const double step_size = 1e-2 / (1.0 - std::pow(b1, static_cast<double>(t)));
      const double c2 = std::sqrt(1.0 - std::pow(b2, static_cast<double>(t)));
      for (Eigen::Index i = 0; i < n; ++i) {
        const double gi = g(i) + 0.01 * ref(i);
        m(i) = m(i) * b1 + (1.0 - b1) * gi;
        v(i) = v(i) * b2 + (1.0 - b2) * (gi * gi);
        vmax(i) = std::max(vmax(i), v(i));
        ref(i) = ref(i) - step_size * (m(i) / (std::sqrt(amsgrad ? vmax(i) : v(i)) / c2 + 1e-8));
      }
      ASSERT_EQ(x, ref) << "step " << t << (amsgrad ? " amsgrad" : "");
      x = ref;  // the gradient is the same function of both
    }
  }
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

// What a timing measures allocates nothing per step (operator new is counted; Eigen's own
// malloc calls are checked by tests/test_nn.cpp for the network).
TEST(Kernels, StepKernelsAllocateNothing) {
  Settings adam;
  adam.set("lr", 1e-3);
  std::vector<std::unique_ptr<StepKernel>> kernels;
  kernels.push_back(make_function_step(make_function("rosenbrock", 100, Settings{}),
                                       Eigen::VectorXd::Zero(100), make_optimizer("adam", adam),
                                       1e6));
  Dataset data;
  data.x = Eigen::MatrixXd::Random(6, 40);
  data.y = Eigen::VectorXi::LinSpaced(40, 0, 39).unaryExpr([](int i) { return i % 3; });
  data.classes = 3;
  nn::MlpSpec spec;
  spec.inputs = 6;
  spec.hidden = {8, 8};
  spec.classes = 3;
  spec.batchnorm = "before_activation";
  nn::Mlp model(spec);
  Eigen::VectorXd initial(model.parameter_count());
  Rng rng(1);
  model.initialize(initial, rng);
  kernels.push_back(make_training_step(spec, initial, make_optimizer("adam", adam), data, 16));
  for (auto& k : kernels) k->step();  // the first step sizes the workspaces
  g_allocations = 0;
  g_counting = true;
  for (int t = 0; t < 20; ++t) {
    for (auto& k : kernels) k->step();
  }
  g_counting = false;
  EXPECT_EQ(g_allocations.load(), 0);
}

}  // namespace
}  // namespace optbench
