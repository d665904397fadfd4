// Classification sweeps: test and training accuracy and loss against epoch, and sharpness against
// 2/lr, per optimizer setting x model variant (batch norm and any other model or train axis).

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "optbench/core/random.hpp"
#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

constexpr std::size_t kMaxCurvePoints = 1500;
// The bootstrap band of a curve: at most this many epochs and resamples.
constexpr std::size_t kMaxBandPoints = 100;
constexpr std::size_t kMaxBandResamples = 400;
struct CurveKey {
  std::size_t instance;
  std::size_t setting;
};

// A (setting, instance)'s curve, reduced as its runs stream by.
struct Reduced {
  std::vector<std::array<double, 4>> rows;
  std::vector<std::array<double, 3>> area;
  std::size_t runs = 0;  // runs with at least one point
};

// Median over seeds with its band for every (setting, instance) of column `y` against epoch.
PlotSpec curves_plot(const ResultData& data, const std::string& y, bool band, Marker marker) {
  const RunGroups& g = data.groups;
  const std::size_t epoch = *data.trace.column("epoch");
  const std::size_t column = *data.trace.column(y);
  const detail::InstanceSettingGroups groups = detail::instance_setting_groups(g);
  std::vector<Reduced> reduced(groups.instance.size());
  for_each_group(
      data.trace, g.run_id, groups.of_row, epoch, column, true,
      [&](std::size_t k, std::vector<Curve>& all) {
        std::vector<Curve> cs;
        for (auto& c : all) {
          if (!c.empty()) cs.push_back(std::move(c));
        }
        Reduced& out = reduced[k];
        out.runs = cs.size();
        out.rows = detail::thin(median_band(cs), kMaxCurvePoints);
        if (out.rows.empty() || !band || cs.size() <= 1) return;
        std::vector<double> xs;
        for (const auto& b : detail::thin(out.rows, kMaxBandPoints)) xs.push_back(b[0]);
        out.area = median_bootstrap_band(
            cs, xs,
            {std::min(data.bootstrap.resamples, kMaxBandResamples), data.bootstrap.confidence},
            stable_hash({"curve band", y, std::to_string(groups.instance[k]),
                         std::to_string(groups.setting[k])}));
      });
  const std::vector<std::size_t> order = detail::drawing_order(reduced, groups);
  const bool variants = g.instance_rows.size() > 1;
  PlotSpec plot;
  plot.section = "Classification";
  plot.x.label = "epoch";
  plot.key = KeyPlace::Below;
  std::vector<double> values;
  for (const std::size_t k : order) {
    const auto& rows = reduced[k].rows;
    if (rows.empty()) continue;
    const CurveKey key{groups.instance[k], groups.setting[k]};
    // Colour by optimizer setting, dash by model variant.
    const int colour = key.setting == RunGroups::npos ? 0 : static_cast<int>(key.setting);
    const int dash = variants ? static_cast<int>(key.instance) : 0;
    const auto cells = detail::cells_of(g, key.setting, key.instance);
    if (band && reduced[k].runs > 1) {
      Series area;
      area.style = SeriesStyle::Band;
      area.colour = colour;
      area.dash = dash;  // not drawn: follows its line where dashes turn into colours
      area.cells = cells;
      area.rows = reduced[k].area;
      plot.series.push_back(std::move(area));
    }
    Series line;
    line.style = marker == Marker::None ? SeriesStyle::Line : SeriesStyle::LinePoints;
    line.marker = marker;
    line.marker_size = 1.0;
    line.colour = colour;
    line.dash = dash;
    line.cells = cells;
    line.label = (key.setting == RunGroups::npos ? std::string() : g.setting_labels[key.setting]) +
                 (variants ? ", " + g.variant_labels[key.instance] : std::string());
    for (const auto& b : rows) {
      line.rows.push_back({b[0], b[1], 0.0});
      values.push_back(b[1]);
      values.push_back(b[2]);
    }
    plot.series.push_back(std::move(line));
  }
  plot.y.log = detail::log_axis_suits(values);
  return plot;
}

std::size_t seeds_per_curve(const ResultData& data) {
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> n;
  std::size_t most = 0;
  for (std::size_t r = 0; r < data.runs.size(); ++r) {
    most = std::max(most, ++n[{data.groups.instance[r], data.groups.setting[r]}]);
  }
  return most;
}

}  // namespace

std::vector<PlotSpec> classification_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const Trace& t = data.trace;
  if (!t.column("epoch") || data.runs.empty()) return plots;
  const std::size_t seeds = seeds_per_curve(data);
  const std::string over =
      "median over " + std::to_string(seeds) + (seeds == 1 ? " seed" : " seeds") +
      (seeds > 1
           ? " with the " +
                 std::to_string(static_cast<int>(std::lround(100.0 * data.bootstrap.confidence))) +
                 "% percentile-bootstrap interval of the median as a "
                 "band (seeds resampled)"
           : "");
  const bool variants = data.groups.instance_rows.size() > 1;
  const std::string per = variants ? "per optimizer x model variant" : "per optimizer";

  // Accuracy (linear, at most 1) and loss (log where positive), test and training side.
  const std::array<std::array<const char*, 4>, 4> metrics{
      {{"test_accuracy", "test-accuracy", "Test accuracy", "test accuracy"},
       {"test_loss", "test-loss", "Test loss", "test loss"},
       {"train_accuracy", "train-accuracy", "Training accuracy", "training accuracy"},
       {"train_loss", "train-loss", "Training loss", "training loss"}}};
  for (const auto& [column, name, title, label] : metrics) {
    if (!t.has_values(column)) continue;
    const bool accuracy = std::string(column).find("accuracy") != std::string::npos;
    PlotSpec plot = curves_plot(data, column, true, Marker::None);
    plot.name = name;
    plot.title = title;
    plot.y.label = label;
    if (accuracy) {
      plot.y.log = false;
      plot.y.max = 1.0;
    }
    plot.caption = std::string(title) + " against epoch " + per + ": " + over +
                   (plot.y.log ? " (log scale)." : ".");
    if (!plot.series.empty()) plots.push_back(std::move(plot));
  }
  // record.hessian_every: the spectrum's ends and its negative share (trace.csv).
  const std::array<std::array<const char*, 3>, 3> curvature{
      {{"min_eigenvalue", "Smallest Hessian eigenvalue", "λ_min (Lanczos, exact products)"},
       {"max_eigenvalue", "Largest Hessian eigenvalue", "λ_max (Lanczos, exact products)"},
       {"negative_fraction", "Share of negative Hessian eigenvalues",
        "share of eigenvalues below -tol (stochastic Lanczos quadrature)"}}};
  for (const auto& [column, title, label] : curvature) {
    if (!t.has_values(column)) continue;
    PlotSpec plot = curves_plot(data, column, true, Marker::FilledCircle);
    plot.name = std::string(column) == "min_eigenvalue"   ? "hessian-min"
                : std::string(column) == "max_eigenvalue" ? "hessian-max"
                                                          : "hessian-negative";
    plot.title = title;
    plot.y.label = label;
    plot.y.log = false;
    plot.caption = std::string(title) + " of the evaluation-mode training loss against epoch " +
                   per + ": " + over + ".";
    if (!plot.series.empty()) plots.push_back(std::move(plot));
  }
  if (t.has_values("sharpness")) {
    PlotSpec plot = curves_plot(data, "sharpness", false, Marker::FilledCircle);
    plot.name = "sharpness";
    plot.title = "Sharpness against 2/lr";
    plot.y.label = "largest Hessian eigenvalue";
    if (t.has_values("two_over_lr")) {
      // 2/lr per optimizer setting: the same for every variant and seed.
      const RunGroups& g = data.groups;
      const std::size_t epoch = *t.column("epoch");
      const std::size_t two = *t.column("two_over_lr");
      // Each setting's first run (in runs.csv order) with a curve, drawn in the order of
      // those runs.
      std::vector<std::size_t> group_of_row(g.setting.size());
      std::size_t groups = 0;
      for (std::size_t r = 0; r < g.setting.size(); ++r) {
        group_of_row[r] = g.setting[r] == RunGroups::npos ? 0 : g.setting[r] + 1;
        groups = std::max(groups, group_of_row[r] + 1);
      }
      std::vector<std::vector<std::size_t>> rows_of(groups);
      for (std::size_t r = 0; r < g.setting.size(); ++r) rows_of[group_of_row[r]].push_back(r);
      std::map<std::size_t, Curve> first;  // runs.csv row -> its curve
      for_each_group(t, g.run_id, group_of_row, epoch, two, false,
                     [&](std::size_t k, std::vector<Curve>& cs) {
                       for (std::size_t j = 0; j < cs.size(); ++j) {
                         if (cs[j].empty()) continue;
                         first[rows_of[k][j]] = std::move(cs[j]);
                         break;
                       }
                     });
      for (const auto& [r, c] : first) {
        Series line;
        line.colour = g.setting[r] == RunGroups::npos ? 0 : static_cast<int>(g.setting[r]);
        line.cells = detail::cells_of(g, g.setting[r], RunGroups::npos);
        line.dash = kDotted;
        line.width = 2.5;
        for (const auto& p : c) line.rows.push_back({p[0], p[1], 0.0});
        plot.series.push_back(std::move(line));
      }
      // The axis holds the sharpness and 2/lr alike.
      std::vector<double> values;
      for (const auto& series : plot.series) {
        for (const auto& row : series.rows) values.push_back(row[1]);
      }
      plot.y.log = detail::log_axis_suits(values);
      Series key;
      key.key_only = true;
      key.colour = kBlack;
      key.dash = kDotted;
      key.width = 2.5;
      key.label = "2/lr (dotted)";
      plot.series.push_back(std::move(key));
    }
    plot.caption =
        "Largest Hessian eigenvalue of the training loss (" + over.substr(0, over.find(" with")) +
        ") " + per +
        "; dotted: 2/lr in its optimizer's colour (black in a panel of one optimizer setting), "
        "where gradient descent with that lr turns unstable" +
        (plot.y.log ? " (log scale)." : ".");
    plots.push_back(std::move(plot));
  }
  return plots;
}

}  // namespace optbench::report
