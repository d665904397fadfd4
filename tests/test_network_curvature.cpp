// Curvature of networks through the experiment kinds: record.hessian_every in classification
// (trace.csv, spectrum.csv, runs.csv's final point), critical points of a network's loss, the
// saddle at 0 of a small-initialised tanh network, and Spearman's correlation against scipy.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "../experiments/network_critical_points.hpp"
#include "optbench/analysis/statistics.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

double number(const std::string& cell) {
  return std::stod(cell);
}

// scipy.stats.spearmanr (tools/spearman_reference.py).
TEST(NetworkCurvature, SpearmanMatchesScipy) {
  EXPECT_NEAR(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}), 0.8207826816681233, 1e-15);
  EXPECT_NEAR(spearman({0.3, 0.1, 0.2, 0.2, 0.9, 0.5}, {2.0, 1.0, 1.5, 1.4, 3.0, 0.2}),
              0.4058397249567139, 1e-15);
  EXPECT_TRUE(std::isnan(spearman({1.0}, {2.0})));
  EXPECT_TRUE(std::isnan(spearman({1, 1, 1}, {1, 2, 3})));
}

const char* const kCurvature = R"(name: curvature
kind: classification
seeds: 2
data: {dataset: iris}
model:
  hidden: [6]
  activation: tanh
  batchnorm: [none, before_activation]
train: {epochs: 4, batch_size: 16}
optimizers:
  - {name: sgd, lr: 0.1}
  - {name: adam, lr: 0.01}
record: {hessian_every: 2, probes: 3, lanczos_steps: 12}
)";

TEST(NetworkCurvature, HessianEveryFillsTraceSpectrumAndRuns) {
  testing::TempDir dir;
  testing::sweep_config(kCurvature, dir.str());
  const auto runs = testing::csv_records(dir.str() + "/curvature/runs.csv");
  const auto trace = testing::csv_records(dir.str() + "/curvature/trace.csv");
  const auto spectrum = testing::csv_records(dir.str() + "/curvature/spectrum.csv");
  ASSERT_EQ(runs.size(), 8u);
  std::map<std::string, std::map<std::string, std::map<std::string, std::string>>> rows;
  for (const auto& row : trace) rows[row.at("run_id")][row.at("epoch")] = row;
  for (const auto& run : runs) {
    const std::string id = run.at("run_id");
    // Epochs 0, 2, 4 measured, 1 and 3 not.
    for (const std::string e : {"0", "2", "4"}) {
      const auto& row = rows[id].at(e);
      const double lo = number(row.at("min_eigenvalue"));
      const double hi = number(row.at("max_eigenvalue"));
      const double share = number(row.at("negative_fraction"));
      EXPECT_LE(lo, hi) << id;
      EXPECT_GT(hi, 0.0) << id;
      EXPECT_GE(share, 0.0);
      EXPECT_LE(share, 1.0);
      EXPECT_TRUE(std::isfinite(number(row.at("hessian_trace"))));
    }
    for (const std::string e : {"1", "3"}) EXPECT_EQ(rows[id].at(e).at("min_eigenvalue"), "");
    // runs.csv's final point is the epoch-4 spectrum, classified with the relative tolerance.
    const auto& last = rows[id].at("4");
    EXPECT_EQ(run.at("min_eigenvalue"), last.at("min_eigenvalue"));
    EXPECT_EQ(run.at("max_eigenvalue"), last.at("max_eigenvalue"));
    EXPECT_EQ(run.at("negative_fraction"), last.at("negative_fraction"));
    const double lo = number(last.at("min_eigenvalue"));
    const double hi = number(last.at("max_eigenvalue"));
    const double tol = 1e-3 * std::max(std::abs(lo), std::abs(hi));
    EXPECT_EQ(run.at("final_point_class"), lo < -tol ? "saddle" : "minimum") << id;
    // Recorded apart from wall_ms (its value is a timing: BENCHMARKS.md, not a test).
    EXPECT_FALSE(run.at("hessian_ms").empty());
  }
  // spectrum.csv: 100 grid points per measured epoch and run; the density integrates to ~1.
  std::map<std::string, std::vector<std::pair<double, double>>> curves;
  for (const auto& row : spectrum) {
    curves[row.at("run_id") + "@" + row.at("epoch")].emplace_back(number(row.at("eigenvalue")),
                                                                  number(row.at("density")));
  }
  EXPECT_EQ(curves.size(), 8u * 3u);
  for (const auto& [key, c] : curves) {
    ASSERT_EQ(c.size(), 100u) << key;
    const double step = c[1].first - c[0].first;
    double mass = 0.0;
    for (const auto& p : c) mass += p.second * step;
    EXPECT_NEAR(mass, 1.0, 0.02) << key;
  }
  // Paired probes: the optimizers of a (model, seed) measure the same spectrum at epoch 0.
  std::map<std::string, std::set<std::string>> start;
  for (const auto& run : runs) {
    start[run.at("batchnorm") + run.at("seed")].insert(
        rows[run.at("run_id")].at("0").at("min_eigenvalue"));
  }
  for (const auto& [group, values] : start) EXPECT_EQ(values.size(), 1u) << group;
  // The same bytes again (timing columns aside).
  testing::TempDir again;
  testing::sweep_config(kCurvature, again.str());
  EXPECT_EQ(testing::without_timing(again.str() + "/curvature/trace.csv"),
            testing::without_timing(dir.str() + "/curvature/trace.csv"));
}

// init: small puts a tanh network within noise of theta = 0, a strict saddle: the Hessian there
// is [[0, A], [A', 0]] (plus the output bias's block), so lambda_min = -lambda_max up to the noise.
TEST(NetworkCurvature, SmallInitialisationStartsAtASaddle) {
  const std::string config = R"(name: saddle
kind: classification
data: {dataset: iris}
model: {hidden: [4], activation: tanh, init: small}
train: {epochs: 1, batch_size: 120}
optimizers: [{name: sgd, lr: 0.01}]
record: {hessian_every: 1, probes: 2, lanczos_steps: 40}
)";
  testing::TempDir dir;
  testing::sweep_config(config, dir.str());
  const auto trace = testing::csv_records(dir.str() + "/saddle/trace.csv");
  ASSERT_EQ(trace.front().at("epoch"), "0");
  const double lo = number(trace.front().at("min_eigenvalue"));
  const double hi = number(trace.front().at("max_eigenvalue"));
  EXPECT_LT(lo, -0.05);
  // The bias block adds positive curvature (softmax's Hessian in the logits); the coupling block
  // is symmetric about 0.
  EXPECT_GT(hi, -lo * 0.5);
  const auto runs = testing::csv_records(dir.str() + "/saddle/runs.csv");
  EXPECT_EQ(runs.front().at("final_point_class"), "saddle");
}

const char* const kCritical = R"(name: netcrit
kind: critical_points
seeds: 1
data: {dataset: iris}
model: {hidden: [3], activation: tanh, init: xavier}
)";

TEST(NetworkCurvature, CriticalPointsOfANetworkHaveZeroGradientAndAnIndex) {
  testing::TempDir dir;
  // critical_points runs no optimizers (sweep_config expands them).
  const RunPlan plan = expand_plan(parse_config(kCritical, "config.yaml"), false);
  const auto kind = find_experiment("critical_points").make();
  kind->check(plan);
  SweepOptions options;
  options.out_root = dir.str();
  ASSERT_EQ(run_sweep(plan, *kind, options).state, SweepState::Complete);
  const auto runs = testing::csv_records(dir.str() + "/netcrit/runs.csv");
  const auto points = testing::csv_records(dir.str() + "/netcrit/critical_points.csv");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].at("n_starts"), std::to_string(kNetworkStarts));
  ASSERT_EQ(runs[0].at("n_points"), std::to_string(points.size()));
  ASSERT_GE(points.size(), 4u);
  std::vector<double> index;
  std::vector<double> loss;
  for (const auto& p : points) {
    EXPECT_LE(number(p.at("grad_norm")), 1e-7);
    const double share = number(p.at("index"));
    const double lo = number(p.at("min_eigenvalue"));
    const double hi = number(p.at("max_eigenvalue"));
    // A positive index means an eigenvalue below -1e-3 max|lambda|, and none means none.
    EXPECT_EQ(share > 0.0, lo < -1e-3 * std::max(std::abs(lo), std::abs(hi))) << share;
    EXPECT_NEAR(number(p.at("negative_eigenvalues")), share * 27.0, 1e-9);  // 4*3+3 + 3*3+3
    EXPECT_GE(number(p.at("train_error")), 0.0);
    index.push_back(share);
    loss.push_back(number(p.at("loss")));
  }
  const double rho = number(runs[0].at("spearman_index_loss"));
  EXPECT_NEAR(rho, spearman(index, loss), 1e-12);
  // Dauphin et al.'s trend: the more units a point's subspace switches off, the higher its loss
  // and the more descent directions it has.
  EXPECT_GT(rho, 0.5);
  int all_off = 0;
  for (const auto& p : points) {
    if (p.at("units_off") == "0" && p.at("units_tied") == "0") {
      // The search in the whole space is saddle-free Newton: it ends at minima.
      EXPECT_EQ(p.at("negative_eigenvalues"), "0");
    }
    if (p.at("units_off") != "3") continue;
    ++all_off;
    // Every unit off: the network outputs its bias b, and softmax(b) - class shares + 1e-3 b = 0
    // has b = 0 on the stratified split's 40 + 40 + 40 samples, so the loss is log 3. Each unit's
    // (input, output) weights form the block [[1e-3 I, A], [A^T, 1e-3 I]] with A = mean of
    // (softmax - onehot) x^T: rank 2 (its rows sum to 0; the bias column is 0 on a balanced set),
    // eigenvalues 1e-3 +- sigma_i(A), so each of the 3 units adds 2 negative eigenvalues.
    EXPECT_NEAR(number(p.at("loss")), std::log(3.0), 1e-12);
    EXPECT_EQ(p.at("negative_eigenvalues"), "6");
  }
  EXPECT_GT(all_off, 0);
}

}  // namespace
}  // namespace optbench
