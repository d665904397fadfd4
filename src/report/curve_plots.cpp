// Curves over seeds and problems: loss against step with quartile bands, runtime ECDFs and
// Dolan-More performance profiles.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "optbench/core/random.hpp"
#include "optbench/report/plot_data.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kMaxCurvePoints = 1500;
// Bootstrap bands on curves: at most this many x positions and resamples each (a band is a
// picture of the uncertainty, not a number to report; summary.csv has those).
constexpr std::size_t kMaxBandPoints = 100;
constexpr std::size_t kMaxBandResamples = 400;
constexpr std::size_t kMaxEcdfResamples = 1000;

BootstrapSpec capped(const BootstrapSpec& spec, std::size_t most) {
  return {std::min(spec.resamples, most), spec.confidence};
}

std::string level_text(const BootstrapSpec& spec) {
  return std::to_string(static_cast<int>(std::lround(100.0 * spec.confidence))) + "%";
}

struct Metric {
  const char* column;
  const char* budget;  // runs.csv column with the run's length, where the ECDF ends
  const char* what;    // "reached the target", for titles
  const char* unit;    // axis label
  // Where set, a run counts only where this column has a value: a run stops at its target, so
  // its evaluations are those to the target exactly where steps_to_target is set.
  const char* gate = nullptr;
};

constexpr Metric kMetrics[] = {
    {"steps_to_target", "steps", "reached the target", "steps"},
    // COCO's axis, on which gradient steps and population generations compare.
    {"evaluations", "evaluations", "reached the target", "function evaluations", "steps_to_target"},
    {"escape_step", "steps", "escaped the saddle", "steps"},
    {"epochs_to_target", "epochs_done", "reached the target accuracy", "epochs"},
};

bool has_column(const RunTable& t, const std::string& name) {
  return t.has_column(name);
}

// A runs.csv cell as a number by column index (NaN where the column is absent).
double number_at(const RunTable& runs, std::size_t row, const std::optional<std::size_t>& c) {
  return c ? runs.number(row, *c) : kNaN;
}

// Instances where at least one run has a value of the metric: elsewhere the metric does not
// apply (no target set, no start near a saddle).
std::vector<bool> instances_with(const ResultData& data, const std::string& column) {
  std::vector<bool> with(data.groups.instance_rows.size(), false);
  const auto c = data.runs.column(column);
  if (!c) return with;
  for (std::size_t r = 0; r < data.runs.size(); ++r) {
    if (std::isfinite(data.runs.number(r, *c))) with[data.groups.instance[r]] = true;
  }
  return with;
}

std::size_t count(const std::vector<bool>& flags) {
  return static_cast<std::size_t>(std::count(flags.begin(), flags.end(), true));
}

std::string plural(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

namespace {

// A (problem instance, optimizer setting)'s loss curve, reduced from its runs as they stream
// by: the median band, and the bootstrap band where there are two runs or more.
struct LossCurve {
  std::vector<std::array<double, 4>> band;
  std::vector<std::array<double, 3>> area;
  std::size_t runs = 0;
};

}  // namespace

std::vector<PlotSpec> loss_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const auto step = data.trace.column("step");
  const auto loss = data.trace.column("loss");
  if (!step || !loss || !data.sections.function_paths) return plots;
  const RunGroups& g = data.groups;
  const std::size_t instances = g.instance_rows.size();
  const detail::InstanceSettingGroups groups = detail::instance_setting_groups(g);
  const std::vector<std::optional<double>> f_star = detail::instance_f_stars(g);
  // f - f* where f* is known and no value lies below it (rounding aside), else the loss
  // (detail::to_gap over the instance's curves, gathered over a first pass).
  std::vector<double> lowest_gap(instances, kInf);
  std::vector<double> smallest_positive_gap(instances, kInf);
  if (std::any_of(f_star.begin(), f_star.end(), [](const auto& f) { return f.has_value(); })) {
    for_each_group(data.trace, g.run_id, groups.of_row, *step, *loss, true,
                   [&](std::size_t k, std::vector<Curve>& cs) {
                     const std::size_t i = groups.instance[k];
                     if (!f_star[i]) return;
                     for (const auto& c : cs) {
                       for (const auto& p : c) {
                         if (!std::isfinite(p[1])) continue;
                         const double gap = p[1] - *f_star[i];
                         lowest_gap[i] = std::min(lowest_gap[i], gap);
                         if (gap > 0) {
                           smallest_positive_gap[i] = std::min(smallest_positive_gap[i], gap);
                         }
                       }
                     }
                   });
  }
  std::vector<bool> use_gap(instances, false);
  for (std::size_t i = 0; i < instances; ++i) {
    use_gap[i] = f_star[i] && lowest_gap[i] > -1e-9 * (1.0 + std::abs(*f_star[i])) &&
                 std::isfinite(smallest_positive_gap[i]);
  }
  // On a log scale by the report's one rule (log_axis_suits), as is the step axis.
  std::vector<detail::AxisRange> steps(instances), values(instances);
  std::vector<LossCurve> curves(groups.instance.size());
  for_each_group(data.trace, g.run_id, groups.of_row, *step, *loss, true,
                 [&](std::size_t k, std::vector<Curve>& cs) {
                   const std::size_t i = groups.instance[k];
                   const std::size_t s = groups.setting[k];
                   for (auto& c : cs) {
                     for (auto& p : c) {
                       if (use_gap[i]) p[1] = std::max(p[1] - *f_star[i], smallest_positive_gap[i]);
                       if (p[0] > 0.0) steps[i].add(p[0]);
                       if (std::isfinite(p[1])) values[i].add(p[1]);
                     }
                   }
                   LossCurve& out = curves[k];
                   out.runs = cs.size();
                   out.band = detail::thin(median_band(cs), kMaxCurvePoints);
                   if (out.band.empty() || cs.size() <= 1) return;
                   std::vector<double> xs;
                   for (const auto& b : detail::thin(out.band, kMaxBandPoints)) xs.push_back(b[0]);
                   out.area = median_bootstrap_band(
                       cs, xs, capped(data.bootstrap, kMaxBandResamples),
                       stable_hash({"loss band", g.instance_labels[i], std::to_string(s)}));
                 });
  std::size_t k = 0;  // the groups come in instance order
  for (std::size_t i = 0; i < instances && plots.size() < detail::kMaxPerSort; ++i) {
    const std::size_t first = k;
    while (k < groups.instance.size() && groups.instance[k] == i) ++k;
    std::size_t seeds = 0;
    for (std::size_t j = first; j < k; ++j) seeds = std::max(seeds, groups.runs[j]);
    PlotSpec plot;
    plot.section = "Loss curves";
    plot.name = "loss-" + std::to_string(i + 1) + "-" +
                detail::safe_name(
                    g.instance_cells[i].count("problem") ? g.instance_cells[i].at("problem") : "");
    plot.title = g.instance_labels[i] + ": loss";
    plot.x.label = "step";
    plot.x.log = steps[i].log_suits();
    // A log step axis has no 0: the start is drawn at the axis's left end, half the first
    // recorded step.
    const double start_at = plot.x.log ? 0.5 * steps[i].lo() : 0.0;
    if (plot.x.log) plot.x.min = start_at;
    const auto place_start = [&](std::vector<std::array<double, 3>>& rows) {
      for (auto& r : rows) {
        if (r[0] <= 0.0) r[0] = start_at;
      }
    };
    plot.y.log = values[i].log_suits();
    plot.y.label = use_gap[i] ? "f - f*  (f* = " + detail::short_number(*f_star[i]) + ")" : "loss";
    for (std::size_t j = first; j < k; ++j) {
      const LossCurve& curve = curves[j];
      if (curve.band.empty()) continue;
      const std::size_t s = groups.setting[j];
      const int colour = s == RunGroups::npos ? 0 : static_cast<int>(s);
      const auto cells = detail::cells_of(g, s, i);
      if (curve.runs > 1) {
        Series area;
        area.style = SeriesStyle::Band;
        area.colour = colour;
        area.cells = cells;
        area.rows = curve.area;
        place_start(area.rows);
        plot.series.push_back(std::move(area));
      }
      Series line;
      line.colour = colour;
      line.cells = cells;
      line.label = s == RunGroups::npos ? std::string() : g.setting_labels[s];
      for (const auto& b : curve.band) line.rows.push_back({b[0], b[1], 0.0});
      place_start(line.rows);
      plot.series.push_back(std::move(line));
    }
    if (plot.series.empty()) continue;
    plot.caption =
        std::string(use_gap[i] ? "f - f*" : "Loss") + " against step: median over " +
        plural(seeds, "seed", "seeds") + " per optimizer" +
        (seeds > 1 ? " with the " + level_text(data.bootstrap) +
                         " percentile-bootstrap interval of the median (seeds "
                         "resampled) as a band"
                   : "") +
        "; a run that stopped holds its last value" + (plot.y.log ? " (log scale)" : "") +
        (plot.x.log ? "; log step axis, the start (step 0) drawn at its left end." : ".");
    if (plots.size() + 1 == detail::kMaxPerSort && instances > detail::kMaxPerSort) {
      plot.caption += " (Only the first " + std::to_string(detail::kMaxPerSort) + " of " +
                      std::to_string(instances) + " problems are drawn.)";
    }
    plots.push_back(std::move(plot));
  }
  return plots;
}

std::vector<PlotSpec> ecdf_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const RunGroups& g = data.groups;
  const std::size_t settings = detail::setting_count(g);
  if (settings == 0) return plots;
  for (const Metric& m : kMetrics) {
    if (!has_column(data.runs, m.column)) continue;
    const std::string solved = m.gate != nullptr ? m.gate : m.column;
    const std::vector<bool> included = instances_with(data, solved);
    if (count(included) == 0) continue;
    std::vector<std::vector<double>> values(settings);
    std::vector<std::map<std::size_t, std::vector<double>>> per_instance(settings);
    std::vector<std::size_t> totals(settings, 0);
    double x_end = 0.0;
    double lowest = kInf;
    std::size_t seeds = 0;
    std::map<std::pair<std::size_t, std::size_t>, std::size_t> per_cell;
    const auto solved_c = data.runs.column(solved);
    const auto value_c = data.runs.column(m.column);
    const auto budget_c = data.runs.column(m.budget);
    for (std::size_t r = 0; r < data.runs.size(); ++r) {
      if (!included[g.instance[r]] || g.setting[r] == RunGroups::npos) continue;
      const bool counts = std::isfinite(number_at(data.runs, r, solved_c));
      const double v = counts ? number_at(data.runs, r, value_c) : kNaN;
      values[g.setting[r]].push_back(v);
      per_instance[g.setting[r]][g.instance[r]].push_back(v);
      ++totals[g.setting[r]];
      seeds = std::max(seeds, ++per_cell[{g.instance[r], g.setting[r]}]);
      if (std::isfinite(v)) {
        x_end = std::max(x_end, v);
        lowest = std::min(lowest, v);
      }
      const double budget = number_at(data.runs, r, budget_c);
      if (std::isfinite(budget)) x_end = std::max(x_end, budget);
    }
    PlotSpec plot;
    plot.section = "Runs solved and performance profiles";
    plot.name = std::string("ecdf-") + m.column;
    plot.title = std::string("Share of runs that ") + m.what + " (ECDF)";
    plot.x.label = std::string(m.unit) + " (" + m.column + ")";
    plot.y.label = "share of runs";
    plot.y.min = 0.0;
    plot.y.max = 1.02;
    plot.x.log = detail::log_axis_suits({lowest, x_end});
    if (!plot.x.log) plot.x.min = 0.0;
    plot.key = KeyPlace::Below;
    for (std::size_t s = 0; s < settings; ++s) {
      if (totals[s] == 0) continue;
      Series line;
      line.style = SeriesStyle::Steps;
      line.colour = static_cast<int>(s);
      line.cells = g.setting_cells[s];
      line.label = g.setting_labels[s];
      line.rows = ecdf_rows(values[s], totals[s], x_end);
      if (line.rows.empty()) continue;
      // The band: each problem's seeds resampled, the share solved at every step of the curve.
      std::vector<std::vector<double>> by_problem;
      for (const auto& [instance, v] : per_instance[s]) by_problem.push_back(v);
      std::vector<double> xs;
      for (const auto& r : line.rows) xs.push_back(r[0]);
      Series band;
      band.style = SeriesStyle::Band;
      band.colour = line.colour;
      band.cells = line.cells;
      band.rows = ecdf_band(by_problem, xs, x_end, capped(data.bootstrap, kMaxEcdfResamples),
                            stable_hash({"ecdf band", m.column, g.setting_labels[s]}));
      if (!band.rows.empty()) plot.series.push_back(std::move(band));
      plot.series.push_back(std::move(line));
    }
    const std::size_t problems = count(included);
    plot.caption = "Share of each optimizer's runs (" + plural(problems, "problem", "problems") +
                   " x " + plural(seeds, "seed", "seeds") + ") with " + m.column +
                   (m.gate != nullptr ? std::string(" (to the target)") : std::string()) +
                   " at most x, with its " + level_text(data.bootstrap) +
                   " percentile-bootstrap band (each problem's seeds resampled); problems where "
                   "no run " +
                   m.what + " are left out.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

std::vector<PlotSpec> profile_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  const RunGroups& g = data.groups;
  const std::size_t settings = detail::setting_count(g);
  if (settings < 2) return plots;
  for (const Metric& m : kMetrics) {
    if (!has_column(data.runs, m.column)) continue;
    const std::string solved = m.gate != nullptr ? m.gate : m.column;
    const std::vector<bool> included = instances_with(data, solved);
    if (count(included) < 2) continue;
    // Median over seeds per (instance, setting), a run without a value counting as infinite.
    std::map<std::size_t, std::vector<std::vector<double>>> runs;  // instance -> setting -> values
    const auto solved_c = data.runs.column(solved);
    const auto value_c = data.runs.column(m.column);
    for (std::size_t r = 0; r < data.runs.size(); ++r) {
      if (!included[g.instance[r]] || g.setting[r] == RunGroups::npos) continue;
      auto& by_setting = runs[g.instance[r]];
      by_setting.resize(settings);
      const bool counts = std::isfinite(number_at(data.runs, r, solved_c));
      const double v = counts ? number_at(data.runs, r, value_c) : kInf;
      by_setting[g.setting[r]].push_back(std::isfinite(v) ? v : kInf);
    }
    std::vector<std::vector<double>> cost;
    for (auto& [instance, by_setting] : runs) {
      std::vector<double> row;
      for (auto& v : by_setting) {
        std::sort(v.begin(), v.end());
        row.push_back(v.empty() ? kInf : quantile_sorted(v, 0.5));
      }
      cost.push_back(std::move(row));
    }
    double tau_max = 1.0;
    for (const auto& row : cost) {
      double best = kInf;
      for (const double c : row) best = std::min(best, c);
      for (const double c : row) {
        if (std::isfinite(c) && best > 0.0 && std::isfinite(best))
          tau_max = std::max(tau_max, c / best);
      }
    }
    const double tau_end = std::max(2.0, tau_max * 1.25);
    const auto profile = performance_profile(cost, tau_end);
    PlotSpec plot;
    plot.section = "Runs solved and performance profiles";
    plot.name = std::string("profile-") + m.column;
    plot.title = std::string("Performance profile: ") + m.column;
    plot.x.label = "tau: within this factor of the best optimizer";
    plot.x.log = true;
    plot.x.log_base = 2;
    plot.x.min = 1.0;
    plot.x.max = tau_end;
    plot.y.label = "share of problems";
    plot.y.min = 0.0;
    plot.y.max = 1.02;
    plot.key = KeyPlace::Below;
    for (std::size_t s = 0; s < settings; ++s) {
      Series line;
      line.style = SeriesStyle::Steps;
      line.colour = static_cast<int>(s);
      line.cells = g.setting_cells[s];
      line.label = g.setting_labels[s];
      line.rows = profile[s];
      plot.series.push_back(std::move(line));
    }
    plot.caption = "Dolan-More profile over " + plural(cost.size(), "problem", "problems") +
                   ": share of problems on which an optimizer's median " + m.column +
                   " over seeds is within a factor tau of the best; a median that never got there "
                   "counts as unsolved.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

}  // namespace optbench::report
