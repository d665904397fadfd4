// judge_runs_file (summary.csv and comparisons.csv a setting at a time) against judge_runs on the
// whole table: the same tables, cell for cell, on sweeps of each kind that ranks, on files whose
// settings are not contiguous (read whole), and in its errors.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "optbench/analysis/verdicts.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

using testing::run_cli;
using testing::TempDir;
using testing::write_text;

std::string text_of(const CsvTable& t) {
  std::string out = csv_line(t.header) + '\n';
  for (const auto& row : t.rows) out += csv_line(row) + '\n';
  return out;
}

// Runs a config and returns its folder.
std::string swept(const TempDir& dir, const std::string& yaml) {
  write_text(dir.path() / "config.yaml", yaml);
  const auto r = run_cli({"run", (dir.path() / "config.yaml").string(), "--out",
                          (dir.path() / "out").string(), "--quiet"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string name = yaml.substr(6, yaml.find('\n') - 6);
  return (dir.path() / "out" / name).string();
}

void expect_same_verdicts(const std::string& runs, const std::string& kind) {
  const auto k = find_experiment(kind).make();
  const RankingRule rule = *k->ranking_rule();
  for (const bool with_target : {true, false}) {
    SummaryOptions options;
    options.bootstrap.resamples = 200;
    if (with_target) options.target = true;
    const Verdicts whole = judge_runs(read_csv(runs), rule, options, runs);
    const Verdicts streamed = judge_runs_file(runs, rule, options);
    EXPECT_EQ(text_of(streamed.summary), text_of(whole.summary)) << runs;
    EXPECT_EQ(text_of(streamed.comparisons), text_of(whole.comparisons)) << runs;
    EXPECT_GT(whole.comparisons.rows.size(), 0U);
  }
}

TEST(VerdictStream, FunctionSweepWithTargetsEscapesAndTiesEqualsTheWholeTable) {
  const TempDir dir;
  const std::string out = swept(dir, R"(name: stream-function
kind: function
seeds: 7
problems:
  - {function: strict_saddle, dim: [2, 4], negative: 1, start: zeros, start_noise: 1.0e-3}
  - {function: rosenbrock}
optimizers:
  - {name: sgd, lr: [0.001, 0.01]}
  - {name: momentum, lr: 0.01}
  - {name: adam, lr: [0.01, 0.05]}
stop: {max_steps: 400, target: f_star + 1.0e-4}
escape: {radius: 0.1}
)");
  expect_same_verdicts(out + "/runs.csv", "function");
}

TEST(VerdictStream, GlobalOptimizerColumnsEqualTheWholeTable) {
  const TempDir dir;
  const std::string out = swept(dir, R"(name: stream-global
kind: function
seeds: 5
problems:
  - {function: rastrigin, dim: 2, start: [3.0, -3.0], start_noise: 0.3}
  - {function: six_hump_camel, start: {at_known: 2}, start_noise: 0.1}
optimizers:
  - {name: adam, lr: 1.0e-2}
  - {name: multistart, local: {name: adam, lr: 1.0e-2}, local_steps: 100}
  - {name: simulated_annealing, T0: 10.0, alpha: 0.99, step_size: 0.1, chain_length: 10}
stop: {max_evaluations: 2000, target: f_star + 1.0e-3}
record: {every: 200}
)");
  const CsvTable runs = read_csv(out + "/runs.csv");
  ASSERT_NE(std::find(runs.header.begin(), runs.header.end(), "reached_global"), runs.header.end());
  expect_same_verdicts(out + "/runs.csv", "function");
}

TEST(VerdictStream, ClassificationSweepEqualsTheWholeTable) {
  const TempDir dir;
  const std::string out = swept(dir, R"(name: stream-classification
kind: classification
seeds: 4
data: {dataset: iris, test_fraction: 0.2, standardize: true}
model: {hidden: [[], [8]], activation: relu, batchnorm: none}
train: {epochs: 6, batch_size: 16, target_accuracy: 0.8}
optimizers:
  - {name: sgd, lr: 0.1}
  - {name: adam, lr: [0.01, 0.03]}
)");
  expect_same_verdicts(out + "/runs.csv", "classification");
}

TEST(VerdictStream, SettingsOutOfOrderAreReadWholeAndErrorsNameTheFileRow) {
  const TempDir dir;
  const std::string out = swept(dir, R"(name: stream-order
kind: function
seeds: 4
problems:
  - {function: strict_saddle, dim: 2, negative: 1, start: zeros, start_noise: 1.0e-3}
optimizers:
  - {name: sgd, lr: 0.01}
  - {name: adam, lr: 0.01}
stop: {max_steps: 200, target: f_star + 1.0e-4}
)");
  // Rows interleaved by seed: each setting's rows come back after the other's.
  CsvTable runs = read_csv(out + "/runs.csv");
  std::stable_sort(runs.rows.begin(), runs.rows.end(), [&](const auto& a, const auto& b) {
    return a[runs.column("seed")] < b[runs.column("seed")];
  });
  write_text(dir.path() / "mixed.csv", text_of(runs));
  expect_same_verdicts((dir.path() / "mixed.csv").string(), "function");

  // A bad number in a later setting's block is reported at its row of the file.
  CsvTable bad = read_csv(out + "/runs.csv");
  bad.rows[6][bad.column("final_loss")] = "oops";
  write_text(dir.path() / "bad.csv", text_of(bad));
  const auto rule = *find_experiment("function").make()->ranking_rule();
  try {
    judge_runs_file((dir.path() / "bad.csv").string(), rule, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("row 7: 'oops' is not a number"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace optbench
