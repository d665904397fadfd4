// Loss against wall time (trace.csv's time_ms): what an optimizer's steps cost, next to what they
// achieve. Function sweeps per problem instance, classification per optimizer setting x model
// variant; the median over seeds with its interquartile band.

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

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

// The median curve of each run group with its interquartile band, styled by setting (colour)
// and variant (dash).
void add_median(PlotSpec& plot, const std::vector<std::vector<std::array<double, 2>>>& runs,
                int colour, int dash, const std::map<std::string, std::string>& cells,
                const std::string& label, Axes& axes) {
  const auto rows = detail::thin(median_band(runs), kMaxCurvePoints);
  if (rows.empty()) return;
  if (runs.size() > 1) {
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
  for (std::size_t i = 0; i < g.instance_rows.size() && plots.size() < detail::kMaxPerSort; ++i) {
    detail::CurvesBySetting curves;
    std::size_t seeds = 0;
    for (const std::size_t r : g.instance_rows[i]) {
      auto c = detail::trace_curve(data.trace, g.run_id[r], time, *loss, true);
      if (c.empty()) continue;
      curves[g.setting[r]].push_back(std::move(c));
      seeds = std::max(seeds, curves[g.setting[r]].size());
    }
    if (curves.empty()) continue;
    const auto f = detail::function_of(g.instance_cells[i]);
    const std::optional<double> f_star = f ? f->f_star() : std::nullopt;
    const bool gap = f_star && detail::to_gap(curves, *f_star);
    PlotSpec plot;
    plot.section = "Loss curves";
    plot.name = "loss-time-" + std::to_string(i + 1) + "-" +
                detail::safe_name(
                    g.instance_cells[i].count("problem") ? g.instance_cells[i].at("problem") : "");
    plot.title = g.instance_labels[i] + ": loss against wall time";
    plot.x.label = "wall time (ms, time_ms)";
    plot.y.label = gap ? "f - f*  (f* = " + detail::short_number(*f_star) + ")" : "loss";
    Axes axes;
    for (const auto& [s, runs] : curves) {
      add_median(plot, runs, s == RunGroups::npos ? 0 : static_cast<int>(s), 0,
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
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::vector<std::array<double, 2>>>>
      curves;  // (setting, instance) -> runs
  for (std::size_t r = 0; r < data.runs.rows.size(); ++r) {
    auto c = detail::trace_curve(data.trace, g.run_id[r], time, y, true);
    if (!c.empty()) curves[{g.setting[r], g.instance[r]}].push_back(std::move(c));
  }
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
  for (const auto& [key, runs] : curves) {
    const auto [setting, instance] = key;
    seeds = std::max(seeds, runs.size());
    add_median(plot, runs, setting == RunGroups::npos ? 0 : static_cast<int>(setting),
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
  if (!time || !data.trace.has_values("time_ms") || data.runs.rows.empty()) return plots;
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
