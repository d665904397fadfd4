// Loss against wall time, checked against trace.csv: every point of a curve is the median over
// the seeds of the runs' last loss at or before that time_ms (a run counting from its first
// row), and its band the quartiles, for a function sweep (f - f*) and a classification sweep
// (training loss per optimizer x batch-norm variant).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

using Curve = std::vector<std::pair<double, double>>;  // (time_ms, loss) of one run

// numpy's percentile (linear interpolation) of unsorted values.
double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double at = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(at));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (at - static_cast<double>(lo));
}

// The runs of trace.csv whose runs.csv identifier cells are `cells`, as (time_ms, column).
std::vector<Curve> runs_of(const std::string& folder,
                           const std::map<std::string, std::string>& cells,
                           const std::string& column, double minus) {
  std::set<std::string> ids;
  for (const auto& run : testing::csv_records(folder + "/runs.csv")) {
    bool match = true;
    for (const auto& [name, value] : cells) match = match && run.at(name) == value;
    if (match) ids.insert(run.at("run_id"));
  }
  std::map<std::string, Curve> by_id;
  for (const auto& row : testing::csv_records(folder + "/trace.csv")) {
    if (ids.count(row.at("run_id")) == 0) continue;
    by_id[row.at("run_id")].emplace_back(std::stod(row.at("time_ms")),
                                         std::stod(row.at(column)) - minus);
  }
  std::vector<Curve> out;
  for (auto& [id, c] : by_id) out.push_back(std::move(c));
  return out;
}

// Checks every point of `line` (and of `band` where given) against the runs' values at its time.
void expect_medians(const report::Series& line, const report::Series* band,
                    const std::vector<Curve>& runs, double start_at) {
  ASSERT_FALSE(runs.empty()) << line.label;
  std::set<double> times;
  for (const auto& c : runs) {
    for (const auto& p : c) times.insert(p.first);
  }
  ASSERT_EQ(line.rows.size(), times.size()) << line.label;  // a point at every recorded time
  std::size_t k = 0;
  for (const double t : times) {
    std::vector<double> now;
    for (const auto& c : runs) {
      const Curve* curve = &c;
      double last = NAN;
      for (const auto& p : *curve) {
        if (p.first <= t) last = p.second;
      }
      if (!std::isnan(last)) now.push_back(last);
    }
    const auto& row = line.rows[k];
    // A log time axis draws a row at time 0 at its left end.
    EXPECT_EQ(row[0], t > 0.0 ? t : start_at) << line.label;
    EXPECT_NEAR(row[1], percentile(now, 0.5), 1e-12 * std::max(1.0, std::abs(row[1])))
        << line.label << " at " << t << " ms";
    if (band != nullptr) {
      EXPECT_NEAR(band->rows[k][1], percentile(now, 0.25), 1e-12 * std::max(1.0, std::abs(row[1])));
      EXPECT_NEAR(band->rows[k][2], percentile(now, 0.75), 1e-12 * std::max(1.0, std::abs(row[1])));
    }
    ++k;
  }
}

TEST(WallTimePlots, FunctionLossAgainstTimeIsTheMedianOfTraceCsv) {
  testing::TempDir dir;
  testing::sweep_config(R"(name: timed
kind: function
seeds: 3
problems: [{function: rosenbrock, start: [-1.2, 1.0]}]
optimizers:
  - {name: sgd, lr: 0.001}
  - {name: adam, lr: 0.01}
stop: {max_steps: 300}
record: {every: 10}
)",
                        dir.str());
  const std::string folder = dir.str() + "/timed";
  const auto plots = report::wall_time_plots(report::load_results(folder));
  ASSERT_EQ(plots.size(), 1u);
  const report::PlotSpec& plot = plots[0];
  EXPECT_EQ(plot.name, "loss-time-1-rosenbrock");
  EXPECT_EQ(plot.y.label.rfind("f - f*", 0), 0u) << plot.y.label;  // rosenbrock's f* = 0
  const double start_at = plot.x.min.value_or(0.0);
  std::size_t lines = 0;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const report::Series& line = plot.series[s];
    if (line.style == report::SeriesStyle::Band) continue;
    ++lines;
    const report::Series* band = s > 0 && plot.series[s - 1].style == report::SeriesStyle::Band
                                     ? &plot.series[s - 1]
                                     : nullptr;
    ASSERT_NE(band, nullptr) << line.label;  // three seeds: a band
    EXPECT_EQ(line.cells.at("optimizer"), line.label.substr(0, line.label.find(' ')));
    expect_medians(line, band, runs_of(folder, line.cells, "loss", 0.0), start_at);
  }
  EXPECT_EQ(lines, 2u);
}

TEST(WallTimePlots, ClassificationTrainingLossAgainstTimePerVariant) {
  testing::TempDir dir;
  testing::sweep_config(R"(name: timedclass
kind: classification
seeds: 2
data: {dataset: iris, test_fraction: 0.2, standardize: true}
model: {hidden: [8], activation: relu, batchnorm: [none, before_activation]}
train: {epochs: 4, batch_size: 16}
optimizers: [{name: sgd, lr: 0.1}]
)",
                        dir.str());
  const std::string folder = dir.str() + "/timedclass";
  const auto plots = report::wall_time_plots(report::load_results(folder));
  ASSERT_EQ(plots.size(), 1u);
  const report::PlotSpec& plot = plots[0];
  EXPECT_EQ(plot.name, "train-loss-time");
  const double start_at = plot.x.min.value_or(0.0);
  std::set<std::string> variants;
  for (std::size_t s = 0; s < plot.series.size(); ++s) {
    const report::Series& line = plot.series[s];
    if (line.style == report::SeriesStyle::Band) continue;
    variants.insert(line.cells.at("batchnorm"));
    const report::Series* band = &plot.series[s - 1];
    ASSERT_EQ(band->style, report::SeriesStyle::Band);
    expect_medians(line, band, runs_of(folder, line.cells, "train_loss", 0.0), start_at);
  }
  EXPECT_EQ(variants, (std::set<std::string>{"none", "before_activation"}));
}

}  // namespace
}  // namespace optbench
