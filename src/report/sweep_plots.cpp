// Plots across a sweep's axes from runs.csv: the final metric against each swept optimizer
// hyperparameter (sensitivity), and the escape (or target) step against the dimension.

#include <algorithm>
#include <array>
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

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// A swept axis has at least this many values; two are a comparison, not a curve.
constexpr std::size_t kMinAxisValues = 3;

bool has_numbers(const RunTable& table, std::size_t column) {
  for (std::size_t r = 0; r < table.size(); ++r) {
    if (std::isfinite(table.number(r, column))) return true;
  }
  return false;
}

// Median and quartiles of values (NaN counted as `worst`): {q25, median, q75}.
std::array<double, 3> quartiles(std::vector<double> values, double worst) {
  for (double& v : values) {
    if (std::isnan(v)) v = worst;
  }
  std::sort(values.begin(), values.end());
  return {quantile_linear(values, 0.25), quantile_linear(values, 0.5),
          quantile_linear(values, 0.75)};
}

// A curve of medians with its interquartile band: rows (x, median) and (x, q25, q75), finite only.
void add_curve(PlotSpec& plot, const std::map<double, std::vector<double>>& by_x, double worst,
               int colour, const std::string& label,
               const std::map<std::string, std::string>& cells) {
  Series band;
  band.style = SeriesStyle::Band;
  band.colour = colour;
  band.cells = cells;
  Series line;
  line.style = SeriesStyle::LinePoints;
  line.marker = Marker::FilledCircle;
  line.colour = colour;
  line.cells = cells;
  line.label = label;
  for (const auto& [x, values] : by_x) {
    const auto q = quartiles(values, worst);
    if (std::isfinite(q[1])) {
      line.rows.push_back({x, q[1], 0.0});
    } else {
      line.rows.push_back({x, std::numeric_limits<double>::quiet_NaN(), 0.0});
    }
    if (std::isfinite(q[0]) && std::isfinite(q[2]) && values.size() > 1) {
      band.rows.push_back({x, q[0], q[2]});
    }
  }
  if (band.rows.size() > 1) plot.series.push_back(std::move(band));
  plot.series.push_back(std::move(line));
}

struct Metric {
  std::string column, label;
  bool higher_is_better = false;
};

std::optional<Metric> final_metric(const ResultData& data) {
  if (const auto c = detail::column_of(data.runs, "final_test_accuracy");
      c && has_numbers(data.runs, *c)) {
    return Metric{"final_test_accuracy", "final test accuracy", true};
  }
  if (const auto c = detail::column_of(data.runs, "final_loss"); c && has_numbers(data.runs, *c)) {
    return Metric{"final_loss", "final loss", false};
  }
  return std::nullopt;
}

// The optimizer's setting columns of runs.csv: from `optimizer` up to `seed`.
std::vector<std::size_t> setting_columns(const RunTable& runs) {
  std::vector<std::size_t> out;
  const auto optimizer = detail::column_of(runs, "optimizer");
  const auto seed = detail::column_of(runs, "seed");
  if (!optimizer || !seed) return out;
  for (std::size_t c = *optimizer + 1; c < *seed; ++c) out.push_back(c);
  return out;
}

std::vector<PlotSpec> hyperparameter_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const auto metric = final_metric(data);
  const auto optimizer = detail::column_of(data.runs, "optimizer");
  if (!metric || !optimizer) return plots;
  const std::size_t value_col = *detail::column_of(data.runs, metric->column);
  const double worst = metric->higher_is_better ? -kInf : kInf;
  const RunGroups& g = data.groups;
  const std::vector<std::size_t> settings = setting_columns(data.runs);
  // Each setting's cells by runs.csv column (identifier cells come from the groups).
  const auto setting_cell = [&](std::size_t s, std::size_t c) -> const std::string& {
    return g.setting_cells[s].at(data.runs.header[c]);
  };
  for (std::size_t inst = 0; inst < g.instance_rows.size(); ++inst) {
    const auto& rows = g.instance_rows[inst];
    // The settings of this instance, in the order their runs first come.
    std::vector<std::size_t> present;
    {
      std::vector<bool> seen_setting(g.setting_cells.size(), false);
      for (const std::size_t r : rows) {
        if (!seen_setting[g.setting[r]]) present.push_back(g.setting[r]);
        seen_setting[g.setting[r]] = true;
      }
    }
    // The other settings that vary within an optimizer name: they split its curve (the label
    // names only those, not every default).
    std::map<std::string, std::map<std::size_t, std::set<std::string>>> seen;
    for (const std::size_t s : present) {
      for (const std::size_t c : settings)
        seen[setting_cell(s, *optimizer)][c].insert(setting_cell(s, c));
    }
    for (const std::size_t h : settings) {
      if (plots.size() >= detail::kMaxPerSort) return plots;
      // Per setting: x, the curve's key and its cells.
      std::vector<double> x_of(g.setting_cells.size(), kInf);
      std::vector<std::string> key_of(g.setting_cells.size());
      std::map<std::string, std::map<std::string, std::string>> cells;
      for (const std::size_t s : present) {
        const std::string& name = setting_cell(s, *optimizer);
        x_of[s] = number_or_nan(setting_cell(s, h));
        if (!std::isfinite(x_of[s])) continue;
        std::string key = name;
        std::map<std::string, std::string> these = g.instance_cells[inst];
        these["optimizer"] = name;
        for (const std::size_t c : settings) {
          if (c != h && seen[name][c].size() > 1) {
            key += " " + data.runs.header[c] + "=" + setting_cell(s, c);
            these[data.runs.header[c]] = setting_cell(s, c);
          }
        }
        cells[key] = std::move(these);
        key_of[s] = std::move(key);
      }
      // (optimizer and the other varying settings) -> x -> the runs' values.
      std::map<std::string, std::map<double, std::vector<double>>> curves;
      std::set<double> xs;
      for (const std::size_t r : rows) {
        const double x = x_of[g.setting[r]];
        if (!std::isfinite(x)) continue;
        curves[key_of[g.setting[r]]][x].push_back(data.runs.number(r, value_col));
        xs.insert(x);
      }
      // Swept: some curve takes the axis through three or more values.
      const bool swept = std::any_of(curves.begin(), curves.end(), [](const auto& c) {
        return c.second.size() >= kMinAxisValues;
      });
      if (!swept) continue;
      const std::string name = data.runs.header[h];
      PlotSpec plot;
      plot.section = "Sensitivity";
      plot.name = "sensitivity-" + detail::safe_name(name) + "-" + std::to_string(inst + 1);
      plot.title = metric->label + " against " + name + ": " + g.instance_labels[inst];
      plot.x.label = name;
      plot.y.label = metric->label;
      plot.key = KeyPlace::Below;
      std::vector<double> ys;
      int colour = 0;
      for (const auto& [key, by_x] : curves) {
        if (by_x.size() < 2) continue;
        add_curve(plot, by_x, worst, colour++, key, cells[key]);
        for (const auto& row : plot.series.back().rows) ys.push_back(row[1]);
      }
      plot.x.log = detail::log_axis_suits(std::vector<double>(xs.begin(), xs.end()));
      plot.y.log = detail::log_axis_suits(ys);
      plot.caption = "Median " + metric->label + " over seeds against " + name +
                     " per optimizer (the other settings in the label), with the interquartile "
                     "band; a diverged run counts as the worst value" +
                     (plot.x.log ? "; log " + name + " axis." : ".");
      plots.push_back(std::move(plot));
    }
  }
  return plots;
}

std::vector<PlotSpec> dimension_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const RunTable& runs = data.runs;
  const auto dim = detail::column_of(runs, "dim");
  if (!dim || data.groups.setting_labels.empty()) return plots;
  std::string step_name;
  for (const char* c : {"escape_step", "steps_to_target"}) {
    if (const auto at = detail::column_of(runs, c); at && has_numbers(runs, *at)) {
      step_name = c;
      break;
    }
  }
  if (step_name.empty()) return plots;
  const std::size_t step_col = *detail::column_of(runs, step_name);
  const RunGroups& g = data.groups;
  // The instances that differ only in dim: their cells without dim -> setting -> dim -> steps.
  std::map<std::string, std::map<std::size_t, std::map<double, std::vector<double>>>> groups;
  std::map<std::string, std::set<double>> dims;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& cells = g.instance_cells[g.instance[r]];
    const auto dim_cell = cells.find("dim");
    const double d = dim_cell == cells.end() ? kNaN : number_or_nan(dim_cell->second);
    if (!std::isfinite(d)) continue;
    std::string key;
    for (const auto& [name, value] : g.instance_cells[g.instance[r]]) {
      if (name != "dim") key += (key.empty() ? "" : " ") + name + "=" + value;
    }
    const double steps = runs.number(r, step_col);
    groups[key][g.setting[r]][d].push_back(std::isnan(steps) ? kInf : steps);
    dims[key].insert(d);
  }
  for (const auto& [key, by_setting] : groups) {
    if (dims[key].size() < 2 || plots.size() >= detail::kMaxPerSort) continue;
    PlotSpec plot;
    plot.section = "Scaling with the dimension";
    plot.name =
        step_name == "escape_step" ? "escape-against-dimension" : "target-against-dimension";
    plot.name += "-" + std::to_string(plots.size() + 1);
    plot.title = step_name == "escape_step" ? "Escape step against the dimension"
                                            : "Steps to the target against the dimension";
    plot.x.label = "dim";
    plot.y.label = step_name;
    plot.key = KeyPlace::Below;
    std::vector<double> ys;
    for (const auto& [setting, by_dim] : by_setting) {
      const int colour = setting == RunGroups::npos ? 0 : static_cast<int>(setting);
      add_curve(plot, by_dim, kInf, colour,
                setting == RunGroups::npos ? std::string() : g.setting_labels[setting],
                detail::cells_of(g, setting, RunGroups::npos));
      for (const auto& row : plot.series.back().rows) ys.push_back(row[1]);
    }
    plot.x.log = detail::log_axis_suits(std::vector<double>(dims[key].begin(), dims[key].end()));
    plot.y.log = detail::log_axis_suits(ys);
    plot.caption = key + ": median " + step_name +
                   " over seeds against the dimension per optimizer setting, with the "
                   "interquartile band; a run that never got there counts as infinite (a median "
                   "that is infinite leaves a gap).";
    plots.push_back(std::move(plot));
  }
  return plots;
}

}  // namespace

std::vector<PlotSpec> sweep_axis_plots(const ResultData& data) {
  std::vector<PlotSpec> plots = hyperparameter_plots(data);
  for (auto& p : dimension_plots(data)) plots.push_back(std::move(p));
  return plots;
}

}  // namespace optbench::report
