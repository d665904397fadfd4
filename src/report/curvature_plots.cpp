// The curvature of networks' training losses: the Hessian's eigenvalue density at chosen epochs
// (spectrum.csv of record.hessian_every) and, for critical points of a network's loss, the index
// against the training loss (Dauphin et al. 2014, fig. 1).

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "optbench/analysis/statistics.hpp"
#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

constexpr std::size_t kGridPoints = 200;
// Densities are drawn on a log axis down to this share of the highest one: the bulk near zero is
// orders of magnitude above the outliers that decide the verdicts.
constexpr double kDensityFloor = 1e-5;

struct Density {
  std::vector<double> eigenvalue, density;  // ascending eigenvalues
};

// Linear interpolation of a run's density, 0 outside its grid (its Gaussians are negligible
// there by construction of the grid).
double density_at(const Density& d, double x) {
  if (d.eigenvalue.empty() || x < d.eigenvalue.front() || x > d.eigenvalue.back()) return 0.0;
  const auto hi = std::lower_bound(d.eigenvalue.begin(), d.eigenvalue.end(), x);
  if (hi == d.eigenvalue.begin()) return d.density.front();
  const std::size_t j = static_cast<std::size_t>(hi - d.eigenvalue.begin());
  const double x0 = d.eigenvalue[j - 1], x1 = d.eigenvalue[j];
  const double t = x1 > x0 ? (x - x0) / (x1 - x0) : 0.0;
  return (1.0 - t) * d.density[j - 1] + t * d.density[j];
}

// The epochs to draw: the first and the last that spectrum.csv holds, and one between them.
std::vector<long> chosen_epochs(const std::set<long>& epochs) {
  std::vector<long> all(epochs.begin(), epochs.end());
  std::vector<long> out;
  if (all.empty()) return out;
  out.push_back(all.front());
  if (all.size() > 2) out.push_back(all[all.size() / 2]);
  if (all.size() > 1) out.push_back(all.back());
  return out;
}

std::vector<PlotSpec> spectrum_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  if (!data.spectrum || data.runs.empty()) return plots;
  const CsvTable& s = *data.spectrum;
  const auto run_col = detail::column_of(s, "run_id");
  const auto epoch_col = detail::column_of(s, "epoch");
  const auto x_col = detail::column_of(s, "eigenvalue");
  const auto y_col = detail::column_of(s, "density");
  if (!run_col || !epoch_col || !x_col || !y_col) return plots;

  // run_id -> epoch -> density.
  std::map<std::size_t, std::map<long, Density>> by_run;
  std::set<long> epochs;
  for (const auto& row : s.rows) {
    const double id = number_or_nan(row[*run_col]);
    const double epoch = number_or_nan(row[*epoch_col]);
    const double x = number_or_nan(row[*x_col]);
    const double y = number_or_nan(row[*y_col]);
    if (!std::isfinite(id) || !std::isfinite(epoch) || !std::isfinite(x) || !std::isfinite(y)) {
      continue;
    }
    const long e = std::lround(epoch);
    Density& d = by_run[static_cast<std::size_t>(id)][e];
    d.eigenvalue.push_back(x);
    d.density.push_back(y);
    epochs.insert(e);
  }
  // Rows come in grid order; sorted anyway, a hand-edited file must not draw zigzags.
  for (auto& run : by_run) {
    for (auto& entry : run.second) {
      Density& d = entry.second;
      std::vector<std::size_t> order(d.eigenvalue.size());
      for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
      std::sort(order.begin(), order.end(),
                [&](std::size_t a, std::size_t b) { return d.eigenvalue[a] < d.eigenvalue[b]; });
      Density sorted;
      for (const std::size_t k : order) {
        sorted.eigenvalue.push_back(d.eigenvalue[k]);
        sorted.density.push_back(d.density[k]);
      }
      d = std::move(sorted);
    }
  }
  const RunGroups& g = data.groups;
  const bool variants = g.instance_rows.size() > 1;
  for (const long epoch : chosen_epochs(epochs)) {
    // (setting, instance) -> the runs' densities at this epoch.
    std::map<std::pair<std::size_t, std::size_t>, std::vector<const Density*>> curves;
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (std::size_t r = 0; r < data.runs.size(); ++r) {
      const auto run = by_run.find(g.run_id[r]);
      if (run == by_run.end()) continue;
      const auto at = run->second.find(epoch);
      if (at == run->second.end() || at->second.eigenvalue.empty()) continue;
      const Density& d = at->second;
      lo = std::min(lo, d.eigenvalue.front());
      hi = std::max(hi, d.eigenvalue.back());
      curves[{g.setting[r], g.instance[r]}].push_back(&d);
    }
    if (curves.empty() || !(hi > lo)) continue;
    PlotSpec plot;
    plot.section = "Classification";
    plot.name = "hessian-density-epoch-" + std::to_string(epoch);
    plot.title = "Hessian eigenvalue density at epoch " + std::to_string(epoch);
    plot.x.label = "eigenvalue of the training loss's Hessian";
    plot.y.label = "density (stochastic Lanczos quadrature)";
    plot.y.log = true;
    plot.key = KeyPlace::Below;
    double top = 0.0;
    std::size_t seeds = 0;
    for (const auto& [key, runs] : curves) {
      Series line;
      line.colour = key.first == RunGroups::npos ? 0 : static_cast<int>(key.first);
      line.dash = variants ? static_cast<int>(key.second) : 0;
      line.cells = detail::cells_of(g, key.first, key.second);
      line.label = (key.first == RunGroups::npos ? std::string() : g.setting_labels[key.first]) +
                   (variants ? ", " + g.variant_labels[key.second] : std::string());
      seeds = std::max(seeds, runs.size());
      for (std::size_t k = 0; k < kGridPoints; ++k) {
        const double x =
            lo + (hi - lo) * static_cast<double>(k) / static_cast<double>(kGridPoints - 1);
        double mean = 0.0;
        for (const Density* d : runs) mean += density_at(*d, x);
        mean /= static_cast<double>(runs.size());
        top = std::max(top, mean);
        line.rows.push_back({x, mean, 0.0});
      }
      plot.series.push_back(std::move(line));
    }
    if (!(top > 0.0)) continue;
    const double floor = kDensityFloor * top;
    for (Series& line : plot.series) {
      for (auto& row : line.rows) {
        if (!(row[1] >= floor)) row[1] = std::numeric_limits<double>::quiet_NaN();
      }
    }
    plot.y.min = floor;
    Series zero;
    zero.colour = kGrey;
    zero.dash = kDotted;
    zero.width = 1.0;
    zero.rows = {{0.0, floor, 0.0}, {0.0, top * 2.0, 0.0}};
    plot.series.push_back(std::move(zero));
    plot.caption = "Eigenvalue density of the evaluation-mode training loss's Hessian at epoch " +
                   std::to_string(epoch) + ", mean over " + std::to_string(seeds) +
                   (seeds == 1 ? " seed" : " seeds") + " per optimizer" +
                   (variants ? " x model variant" : "") +
                   "; log scale down to 1e-5 of the peak, dashed grey line at 0: mass left of "
                   "it is the share of negative eigenvalues.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

// critical_points.csv of a network's loss: index against the column `x_column` (loss, or
// train_error drawn in %), one colour per seed, Spearman's correlation per seed in the caption.
std::optional<PlotSpec> network_index_plot(const ResultData& data, const std::string& x_column) {
  const CsvTable& cp = *data.critical_points;
  const auto run_col = detail::column_of(cp, "run_id");
  const auto x_col = detail::column_of(cp, x_column);
  const auto index_col = detail::column_of(cp, "index");
  if (!run_col || !x_col || !index_col) return std::nullopt;
  const bool error = x_column == "train_error";
  std::map<std::size_t, Series> by_run;
  std::size_t points = 0;
  for (const auto& row : cp.rows) {
    const double id = number_or_nan(row[*run_col]);
    const double x = number_or_nan(row[*x_col]) * (error ? 100.0 : 1.0);
    const double index = number_or_nan(row[*index_col]);
    if (!std::isfinite(id) || !std::isfinite(x) || !std::isfinite(index)) continue;
    Series& s = by_run[static_cast<std::size_t>(id)];
    s.rows.push_back({x, index, 0.0});
    ++points;
  }
  if (points == 0) return std::nullopt;
  PlotSpec plot;
  plot.section = "Critical points";
  plot.name = error ? "network-index-against-error" : "network-index-against-loss";
  plot.title = error ? "Index of critical points against training error"
                     : "Index of critical points against training loss";
  plot.x.label =
      error ? "training error at the critical point (%)" : "training loss at the critical point";
  plot.y.label = "index (share of negative Hessian eigenvalues)";
  plot.y.min = 0.0;
  plot.key = KeyPlace::Below;
  const RunGroups& g = data.groups;
  std::string spearman_text;
  int colour = 0;
  for (auto& [id, series] : by_run) {
    series.style = SeriesStyle::Points;
    series.marker = colour % 2 == 0 ? Marker::FilledCircle : Marker::FilledSquare;
    series.marker_size = 1.3;
    series.colour = colour++;
    std::string label = "run " + std::to_string(id);
    std::string seed = label;
    for (std::size_t r = 0; r < data.runs.size(); ++r) {
      if (g.run_id[r] != id) continue;
      label = g.instance_labels[g.instance[r]] + ", seed " + g.seed(r);
      seed = "seed " + g.seed(r);
      series.cells = detail::cells_of(g, g.setting[r], g.instance[r]);
    }
    std::vector<double> xs;
    std::vector<double> indices;
    for (const auto& point : series.rows) {
      xs.push_back(point[0]);
      indices.push_back(point[1]);
    }
    const double rho = spearman(indices, xs);
    if (std::isfinite(rho)) {
      spearman_text +=
          (spearman_text.empty() ? "" : ", ") + seed + ": " + detail::short_number(rho);
    }
    series.label = label + " (" + std::to_string(series.rows.size()) + " points)";
    plot.series.push_back(std::move(series));
  }
  plot.caption =
      "Each point is a critical point of the training loss (gradient norm at most 1e-7), found "
      "by saddle-free Newton in a seeded start's symmetric subspace (hidden units switched off "
      "or tied); its index is the share of the dense Hessian's eigenvalues below the tolerance. "
      "Spearman's correlation of index and " +
      std::string(error ? "training error" : "loss") + ": " +
      (spearman_text.empty() ? std::string("not computed") : spearman_text) +
      " (Dauphin et al. 2014, fig. 1: the points lie on a rising curve).";
  return plot;
}

std::vector<PlotSpec> network_index_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  if (!data.critical_points) return plots;
  for (const char* x : {"loss", "train_error"}) {
    if (auto plot = network_index_plot(data, x)) plots.push_back(std::move(*plot));
  }
  return plots;
}

}  // namespace

std::vector<PlotSpec> curvature_plots(const ResultData& data) {
  std::vector<PlotSpec> plots = spectrum_plots(data);
  for (auto& p : network_index_plots(data)) plots.push_back(std::move(p));
  return plots;
}

}  // namespace optbench::report
