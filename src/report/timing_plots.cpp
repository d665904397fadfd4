// timings.csv: the cost of one optimizer step against the dimension, log-log.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

std::vector<PlotSpec> timing_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  if (!data.timings) return plots;
  const CsvTable& t = *data.timings;
  const auto has = [&](const char* c) {
    return std::find(t.header.begin(), t.header.end(), c) != t.header.end();
  };
  if (!has("optimizer") || !has("dim") || !has("real_ns_per_step")) return plots;
  using detail::cell;

  // Repetitions themselves where there are any (their median is taken here), else the
  // aggregate rows Google Benchmark wrote (median preferred).
  std::vector<std::size_t> rows;
  for (const char* wanted : {"", "median", "mean"}) {
    for (std::size_t r = 0; r < t.rows.size(); ++r) {
      if (cell(t, r, "aggregate") == wanted) rows.push_back(r);
    }
    if (!rows.empty()) break;
  }
  std::set<std::string> problems;
  std::set<std::string> batches;
  for (const std::size_t r : rows) {
    problems.insert(cell(t, r, "problem"));
    batches.insert(cell(t, r, "batch_size"));
  }
  // Curve key: optimizer, problem, batch size; points: dim -> ns per step.
  std::map<std::tuple<std::string, std::string, std::string>, std::map<double, std::vector<double>>>
      curves;
  std::vector<std::string> optimizers;  // first-appearance order, for colours
  std::vector<std::tuple<std::string, std::string, std::string>> order;  // curves, likewise
  for (const std::size_t r : rows) {
    const double dim = number_or_nan(cell(t, r, "dim"));
    const double ns = number_or_nan(cell(t, r, "real_ns_per_step"));
    if (!(dim > 0.0) || !(ns > 0.0) || !std::isfinite(ns)) continue;
    const std::string optimizer = cell(t, r, "optimizer");
    if (std::find(optimizers.begin(), optimizers.end(), optimizer) == optimizers.end()) {
      optimizers.push_back(optimizer);
    }
    const auto key = std::make_tuple(optimizer, cell(t, r, "problem"), cell(t, r, "batch_size"));
    if (curves.count(key) == 0) order.push_back(key);
    curves[key][dim].push_back(ns);
  }
  if (curves.empty()) return plots;

  PlotSpec plot;
  plot.section = "Step cost";
  plot.name = "ns-per-step";
  plot.title = "Time per optimizer step";
  plot.x.label = "dimension";
  plot.y.label = "ns per step (wall clock)";
  plot.key = KeyPlace::Below;
  std::map<std::string, int> dashes;  // per problem x batch size
  for (const auto& key : order) {
    auto& points = curves[key];
    const auto& [optimizer, problem, batch] = key;
    Series line;
    line.style = SeriesStyle::LinePoints;
    line.marker = Marker::FilledCircle;
    line.marker_size = 1.0;
    line.colour = static_cast<int>(std::find(optimizers.begin(), optimizers.end(), optimizer) -
                                   optimizers.begin());
    const std::string variant = (problems.size() > 1 ? problem : std::string()) +
                                (batches.size() > 1 ? " batch=" + batch : std::string());
    line.dash = dashes.emplace(variant, static_cast<int>(dashes.size())).first->second;
    line.label = optimizer + (variant.empty() ? std::string() : ", " + variant);
    line.cells = {{"optimizer", optimizer}, {"problem", problem}, {"batch_size", batch}};
    for (auto& [dim, ns] : points) {
      std::sort(ns.begin(), ns.end());
      line.rows.push_back({dim, quantile_sorted(ns, 0.5), 0.0});
    }
    plot.series.push_back(std::move(line));
  }
  std::vector<double> dims, times;
  for (const auto& series : plot.series) {
    for (const auto& row : series.rows) {
      dims.push_back(row[0]);
      times.push_back(row[1]);
    }
  }
  plot.x.log = detail::log_axis_suits(dims);
  plot.y.log = detail::log_axis_suits(times);
  plot.caption =
      "Wall-clock ns per optimizer step (median of the repetitions) against the dimension" +
      std::string(plot.x.log && plot.y.log ? ", log-log: slope 1 is linear cost." : ".");
  plots.push_back(std::move(plot));
  return plots;
}

}  // namespace optbench::report
