// Loss against wall time (trace.csv's time_ms): what an optimizer's steps cost, next to what they
// achieve. Function sweeps per problem instance, classification per optimizer setting x model
// variant; the median over seeds with its interquartile band.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr std::size_t kMaxCurvePoints = 1500;

struct Axes {
  std::vector<double> times, values;
};

// A log time axis starts at half the first positive time; a row at time 0 is drawn there.
void place_start(PlotSpec& plot, const Axes& axes) {
  plot.x.log = detail::log_axis_suits(axes.times);
  plot.y.log = detail::log_axis_suits(axes.values);
  if (!plot.x.log) return;
  const double start = 0.5 * *std::min_element(axes.times.begin(), axes.times.end());
  plot.x.min = start;
  for (auto& s : plot.series) {
    for (auto& r : s.rows) {
      if (r[0] <= 0.0) r[0] = start;
    }
  }
}

// A group's curve as its runs stream by: the median band over the runs with a trace, thinned.
struct Reduced {
  std::vector<std::array<double, 4>> rows;
  std::size_t runs = 0;  // runs with at least one point
};

// Keeps the runs that have points.
std::vector<Curve> with_points(std::vector<Curve>& curves) {
  std::vector<Curve> out;
  for (auto& c : curves) {
    if (!c.empty()) out.push_back(std::move(c));
  }
  return out;
}

// The median curve of a run group with its interquartile band, styled by setting (colour) and
// variant (dash).
void add_median(PlotSpec& plot, const Reduced& runs, int colour, int dash,
                const std::map<std::string, std::string>& cells, const std::string& label,
                Axes& axes) {
  const auto& rows = runs.rows;
  if (rows.empty()) return;
  if (runs.runs > 1) {
    Series band;
    band.style = SeriesStyle::Band;
    band.colour = colour;
    band.dash = dash;
    band.cells = cells;
    for (const auto& r : rows) band.rows.push_back({r[0], r[2], r[3]});
    plot.series.push_back(std::move(band));
  }
  Series line;
  line.colour = colour;
  line.dash = dash;
  line.cells = cells;
  line.label = label;
  for (const auto& r : rows) {
    line.rows.push_back({r[0], r[1], 0.0});
    if (r[0] > 0.0) axes.times.push_back(r[0]);
    for (std::size_t k = 1; k < 4; ++k) {
      if (std::isfinite(r[k])) axes.values.push_back(r[k]);
    }
  }
  plot.series.push_back(std::move(line));
}

std::string seeds_text(std::size_t seeds) {
  return std::to_string(seeds) + (seeds == 1 ? " seed" : " seeds");
}

std::vector<PlotSpec> function_plots(const ResultData& data, std::size_t time) {
  std::vector<PlotSpec> plots;
  const auto loss = data.trace.column("loss");
  if (!loss) return plots;
  const RunGroups& g = data.groups;
  const std::size_t instances = g.instance_rows.size();
  const detail::InstanceSettingGroups groups = detail::instance_setting_groups(g);
  const std::vector<std::optional<double>> f_star = detail::instance_f_stars(g);
  // detail::to_gap over each instance's curves, gathered over a first pass.
  std::vector<double> lowest_gap(instances, kInf);
  std::vector<double> smallest_positive_gap(instances, kInf);
  std::vector<bool> drawn(instances, false);  // some run of the instance has points
  for_each_group(data.trace, g.run_id, groups.of_row, time, *loss, true,
                 [&](std::size_t k, std::vector<Curve>& cs) {
                   const std::size_t i = groups.instance[k];
                   for (const auto& c : cs) {
                     if (!c.empty()) drawn[i] = true;
                     if (!f_star[i]) continue;
                     for (const auto& p : c) {
                       if (!std::isfinite(p[1])) continue;
                       const double gap = p[1] - *f_star[i];
                       lowest_gap[i] = std::min(lowest_gap[i], gap);
                       if (gap > 0)
                         smallest_positive_gap[i] = std::min(smallest_positive_gap[i], gap);
                     }
                   }
                 });
  std::vector<bool> use_gap(instances, false);
  for (std::size_t i = 0; i < instances; ++i) {
    use_gap[i] = f_star[i] && lowest_gap[i] > -1e-9 * (1.0 + std::abs(*f_star[i])) &&
                 std::isfinite(smallest_positive_gap[i]);
  }
  std::vector<Reduced> reduced(groups.instance.size());
  for_each_group(data.trace, g.run_id, groups.of_row, time, *loss, true,
                 [&](std::size_t k, std::vector<Curve>& cs) {
                   const std::size_t i = groups.instance[k];
                   std::vector<Curve> runs = with_points(cs);
                   if (use_gap[i]) {
                     for (auto& c : runs) {
                       for (auto& p : c)
                         p[1] = std::max(p[1] - *f_star[i], smallest_positive_gap[i]);
                     }
                   }
                   reduced[k].runs = runs.size();
                   reduced[k].rows = detail::thin(median_band(runs), kMaxCurvePoints);
                 });
  std::size_t k = 0;  // the groups come in instance order
  for (std::size_t i = 0; i < instances && plots.size() < detail::kMaxPerSort; ++i) {
    const std::size_t first = k;
    while (k < groups.instance.size() && groups.instance[k] == i) ++k;
    if (!drawn[i]) continue;
    std::size_t seeds = 0;
    for (std::size_t j = first; j < k; ++j) seeds = std::max(seeds, reduced[j].runs);
    const bool gap = use_gap[i];
    PlotSpec plot;
    plot.section = "Loss curves";
    plot.name = "loss-time-" + std::to_string(i + 1) + "-" +
                detail::safe_name(
                    g.instance_cells[i].count("problem") ? g.instance_cells[i].at("problem") : "");
    plot.title = g.instance_labels[i] + ": loss against wall time";
    plot.x.label = "wall time (ms, time_ms)";
    plot.y.label = gap ? "f - f*  (f* = " + detail::short_number(*f_star[i]) + ")" : "loss";
    Axes axes;
    for (std::size_t j = first; j < k; ++j) {
      if (reduced[j].runs == 0) continue;  // no curve of this setting
      const std::size_t s = groups.setting[j];
      add_median(plot, reduced[j], s == RunGroups::npos ? 0 : static_cast<int>(s), 0,
                 detail::cells_of(g, s, i),
                 s == RunGroups::npos ? std::string() : g.setting_labels[s], axes);
    }
    place_start(plot, axes);
    plot.caption =
        std::string(gap ? "f - f*" : "Loss") +
        " against the run's elapsed wall-clock time (trace.csv's time_ms): median over " +
        seeds_text(seeds) +
        " per optimizer with the interquartile band, each run holding its last value "
        "after it stopped" +
        (plot.x.log ? "; log time axis, the start drawn at its left end" : "") +
        ". Timings vary between repeats and machines.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

PlotSpec classification_plot(const ResultData& data, std::size_t time, const std::string& column) {
  const RunGroups& g = data.groups;
  const std::size_t y = *data.trace.column(column);
  const detail::InstanceSettingGroups groups = detail::instance_setting_groups(g);
  std::vector<Reduced> reduced(groups.instance.size());
  for_each_group(data.trace, g.run_id, groups.of_row, time, y, true,
                 [&](std::size_t k, std::vector<Curve>& cs) {
                   std::vector<Curve> runs = with_points(cs);
                   reduced[k].runs = runs.size();
                   reduced[k].rows = detail::thin(median_band(runs), kMaxCurvePoints);
                 });
  const std::vector<std::size_t> order = detail::drawing_order(reduced, groups);
  const bool variants = g.instance_rows.size() > 1;
  const bool training = column == "train_loss";
  PlotSpec plot;
  plot.section = "Classification";
  plot.name = training ? "train-loss-time" : "test-loss-time";
  plot.title = std::string(training ? "Training" : "Test") + " loss against wall time";
  plot.x.label = "wall time (ms, time_ms)";
  plot.y.label = training ? "training loss" : "test loss";
  Axes axes;
  std::size_t seeds = 0;
  for (const std::size_t k : order) {
    const std::size_t setting = groups.setting[k];
    const std::size_t instance = groups.instance[k];
    seeds = std::max(seeds, reduced[k].runs);
    add_median(plot, reduced[k], setting == RunGroups::npos ? 0 : static_cast<int>(setting),
               variants ? static_cast<int>(instance) : 0, detail::cells_of(g, setting, instance),
               (setting == RunGroups::npos ? std::string() : g.setting_labels[setting]) +
                   (variants ? ", " + g.variant_labels[instance] : std::string()),
               axes);
  }
  place_start(plot, axes);
  plot.caption = plot.title + " (trace.csv's time_ms, without the Hessian work) per optimizer" +
                 (variants ? " x model variant" : "") + ": median over " + seeds_text(seeds) +
                 " with the interquartile band" +
                 (plot.x.log ? "; log time axis, the start drawn at its left end" : "") +
                 (plot.y.log ? "; log loss axis" : "") +
                 ". Timings vary between repeats and machines.";
  return plot;
}

}  // namespace

std::vector<PlotSpec> wall_time_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const auto time = data.trace.column("time_ms");
  if (!time || !data.trace.has_values("time_ms") || data.runs.empty()) return plots;
  if (data.sections.function_paths) return function_plots(data, *time);
  if (data.sections.training_curves) {
    for (const char* column : {"train_loss", "test_loss"}) {
      if (!data.trace.has_values(column)) continue;
      PlotSpec plot = classification_plot(data, *time, column);
      if (!plot.series.empty()) {
        plots.push_back(std::move(plot));
        break;  // the training loss, the objective; the test loss only without it
      }
    }
  }
  return plots;
}

}  // namespace optbench::report
