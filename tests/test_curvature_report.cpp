// The report's curvature figures: the Hessian's eigenvalue density from spectrum.csv (the mean of
// the seeds' densities, checked against spectrum.csv itself) and the index of a network's
// critical points against their loss (checked against critical_points.csv and runs.csv).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "optbench/analysis/statistics.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

double number(const std::string& cell) {
  return std::stod(cell);
}

using Curve = std::vector<std::pair<double, double>>;

// The density of one run at x: linear between spectrum.csv's grid points, 0 outside.
double interpolate(const Curve& c, double x) {
  if (x < c.front().first || x > c.back().first) return 0.0;
  for (std::size_t k = 1; k < c.size(); ++k) {
    if (x <= c[k].first) {
      const double t = (x - c[k - 1].first) / (c[k].first - c[k - 1].first);
      return (1.0 - t) * c[k - 1].second + t * c[k].second;
    }
  }
  return c.back().second;
}

const report::PlotSpec* named(const std::vector<report::PlotSpec>& plots, const std::string& name) {
  for (const auto& p : plots) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

TEST(CurvatureReport, DensityIsTheSeedsMeanAtTheFirstMiddleAndLastEpoch) {
  testing::TempDir dir;
  testing::sweep_config(R"(name: density
kind: classification
seeds: 2
data: {dataset: iris}
model: {hidden: [5], activation: tanh}
train: {epochs: 6, batch_size: 16}
optimizers:
  - {name: sgd, lr: 0.1}
  - {name: adam, lr: 0.01}
record: {hessian_every: 2, probes: 3, lanczos_steps: 12}
)",
                        dir.str());
  const std::string folder = dir.str() + "/density";
  const report::ResultData data = report::load_results(folder);
  ASSERT_TRUE(data.spectrum.has_value());
  const auto plots = report::curvature_plots(data);
  // Epochs 0, 2, 4 and 6 were measured: the first, a middle one and the last are drawn.
  ASSERT_NE(named(plots, "hessian-density-epoch-0"), nullptr);
  ASSERT_NE(named(plots, "hessian-density-epoch-4"), nullptr);
  ASSERT_NE(named(plots, "hessian-density-epoch-6"), nullptr);
  EXPECT_EQ(named(plots, "hessian-density-epoch-2"), nullptr);

  std::map<std::string, std::map<std::string, Curve>> by_epoch;  // epoch -> run_id -> curve
  for (const auto& row : testing::csv_records(folder + "/spectrum.csv")) {
    by_epoch[row.at("epoch")][row.at("run_id")].emplace_back(number(row.at("eigenvalue")),
                                                             number(row.at("density")));
  }
  const auto runs = testing::csv_records(folder + "/runs.csv");
  const report::PlotSpec& last = *named(plots, "hessian-density-epoch-6");
  // One line per optimizer and the dashed zero line.
  ASSERT_EQ(last.series.size(), 3u);
  for (std::size_t s = 0; s < 2; ++s) {
    const report::Series& line = last.series[s];
    const std::string optimizer = line.label.substr(0, line.label.find(' '));
    std::vector<const Curve*> seeds;
    for (const auto& run : runs) {
      if (run.at("optimizer") == optimizer) seeds.push_back(&by_epoch["6"].at(run.at("run_id")));
    }
    ASSERT_EQ(seeds.size(), 2u) << line.label;
    std::vector<double> means;
    for (const auto& row : line.rows) {
      means.push_back(0.5 * (interpolate(*seeds[0], row[0]) + interpolate(*seeds[1], row[0])));
    }
    const double top = *std::max_element(means.begin(), means.end());
    double mass = 0.0;
    for (std::size_t k = 0; k < line.rows.size(); ++k) {
      if (std::isnan(line.rows[k][1])) {
        // Below the log axis's floor (1e-5 of the peak): a gap, never a made-up value.
        EXPECT_LT(means[k], 1e-5 * top) << line.rows[k][0];
        continue;
      }
      EXPECT_NEAR(line.rows[k][1], means[k], 1e-12 * std::max(1.0, means[k])) << line.rows[k][0];
      if (k > 0 && !std::isnan(line.rows[k - 1][1])) {
        mass +=
            0.5 * (line.rows[k][1] + line.rows[k - 1][1]) * (line.rows[k][0] - line.rows[k - 1][0]);
      }
    }
    // The mean of densities is a density: it integrates to about 1 on the common grid.
    EXPECT_NEAR(mass, 1.0, 0.05) << line.label;
  }
  const report::Series& zero = last.series[2];
  EXPECT_EQ(zero.rows.front()[0], 0.0);
  EXPECT_EQ(zero.rows.back()[0], 0.0);
}

TEST(CurvatureReport, IndexAgainstLossHoldsEveryCriticalPointAndSpearman) {
  testing::TempDir dir;
  const RunPlan plan = expand_plan(parse_config(R"(name: netcrit
kind: critical_points
seeds: 1
data: {dataset: iris}
model: {hidden: [3], activation: tanh, init: xavier}
)",
                                                "config.yaml"),
                                   false);
  const auto kind = find_experiment("critical_points").make();
  kind->check(plan);
  SweepOptions options;
  options.out_root = dir.str();
  ASSERT_EQ(run_sweep(plan, *kind, options).state, SweepState::Complete);
  const std::string folder = dir.str() + "/netcrit";
  const auto points = testing::csv_records(folder + "/critical_points.csv");
  const auto runs = testing::csv_records(folder + "/runs.csv");
  ASSERT_GE(points.size(), 4u);
  const auto plots = report::curvature_plots(report::load_results(folder));
  const report::PlotSpec* scatter = named(plots, "network-index-against-loss");
  ASSERT_NE(scatter, nullptr);
  ASSERT_EQ(scatter->series.size(), 1u);  // one seed
  const auto& rows = scatter->series[0].rows;
  ASSERT_EQ(rows.size(), points.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i][0], number(points[i].at("loss")));
    EXPECT_EQ(rows[i][1], number(points[i].at("index")));
  }
  // The caption quotes runs.csv's Spearman correlation (%.4g).
  char rho[32];
  std::snprintf(rho, sizeof rho, "%.4g", number(runs[0].at("spearman_index_loss")));
  EXPECT_NE(scatter->caption.find("seed " + runs[0].at("seed") + ": " + rho), std::string::npos)
      << scatter->caption;
  // Dauphin's axes: the same points against the training error in %.
  const report::PlotSpec* by_error = named(plots, "network-index-against-error");
  ASSERT_NE(by_error, nullptr);
  ASSERT_EQ(by_error->series.size(), 1u);
  ASSERT_EQ(by_error->series[0].rows.size(), points.size());
  std::vector<double> error;
  std::vector<double> index;
  for (std::size_t i = 0; i < points.size(); ++i) {
    EXPECT_EQ(by_error->series[0].rows[i][0], 100.0 * number(points[i].at("train_error")));
    error.push_back(number(points[i].at("train_error")));
    index.push_back(number(points[i].at("index")));
  }
  std::snprintf(rho, sizeof rho, "%.4g", spearman(index, error));
  EXPECT_NE(by_error->caption.find("training error: seed " + runs[0].at("seed") + ": " + rho),
            std::string::npos)
      << by_error->caption;
}

}  // namespace
}  // namespace optbench
