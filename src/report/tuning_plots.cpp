// A tuned config's trials: budget curves (tuning_curve.csv) and sensitivity (tuning.csv).

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "optbench/report/plot_data.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {

// The columns before `optimizer`, which name the problem.
std::vector<std::string> problem_columns(const CsvTable& t) {
  const auto end = std::find(t.header.begin(), t.header.end(), "optimizer");
  return {t.header.begin(), end};
}

std::string problem_label(const CsvTable& t, std::size_t row,
                          const std::vector<std::string>& columns) {
  std::string label;
  for (const auto& c : columns) {
    const std::string value = detail::cell(t, row, c);
    if (value.empty()) continue;
    label += (label.empty() ? "" : " ") + (c == "problem" ? value : c + "=" + value);
  }
  return label;
}

// The first two words of a problem label ("strict_saddle dim=100"), for titles.
std::string short_label(const std::string& label) {
  const auto first = label.find(' ');
  if (first == std::string::npos) return label;
  const auto second = label.find(' ', first + 1);
  return label.substr(0, second);
}

// optimizer name -> its log_uniform keys, from the config the folder ran.
std::map<std::string, std::set<std::string>> log_keys(const std::string& dir) {
  std::map<std::string, std::set<std::string>> out;
  if (const auto spec = result_config(dir)) {
    for (const auto& o : spec->optimizers) {
      for (const auto& s : o.spaces) {
        if (s.form == SearchSpace::Form::log_uniform) out[o.name].insert(s.key);
      }
    }
  }
  return out;
}

std::vector<PlotSpec> budget_plots(const CsvTable& t) {
  std::vector<PlotSpec> plots;
  const auto columns = problem_columns(t);
  // problem label -> optimizer -> (k, expected best), in file order.
  std::vector<std::string> problems;
  std::map<std::string, std::vector<std::string>> optimizers;
  std::map<std::string, std::map<std::string, Series>> lines;
  std::string metric;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string problem = problem_label(t, r, columns);
    const std::string optimizer = detail::cell(t, r, "optimizer");
    metric = detail::cell(t, r, "select_by");
    if (std::find(problems.begin(), problems.end(), problem) == problems.end())
      problems.push_back(problem);
    auto& names = optimizers[problem];
    if (std::find(names.begin(), names.end(), optimizer) == names.end()) names.push_back(optimizer);
    const double best = number_or_nan(detail::cell(t, r, "expected_best"));
    lines[problem][optimizer].rows.push_back(
        {number_or_nan(detail::cell(t, r, "k")), std::isfinite(best) ? best : NAN, 0.0});
  }
  for (std::size_t p = 0; p < problems.size() && p < detail::kMaxPerSort; ++p) {
    PlotSpec plot;
    plot.section = "Tuning";
    plot.name = "budget-" + detail::safe_name(problems[p]);
    plot.title = "Budget curve: " + short_label(problems[p]);
    plot.x.label = "trials k";
    plot.y.label = "expected best " + metric + " after k trials";
    plot.key = KeyPlace::OutsideRight;
    const auto& names = optimizers[problems[p]];
    for (std::size_t o = 0; o < names.size(); ++o) {
      Series line = lines[problems[p]][names[o]];
      line.label = names[o];
      line.style = SeriesStyle::LinePoints;
      line.marker = Marker::FilledCircle;
      line.marker_size = 0.8;
      line.colour = static_cast<int>(o);
      line.cells = {{"optimizer", names[o]}};
      plot.series.push_back(std::move(line));
    }
    // Scores spread over decades (ERT, losses): a log axis.
    std::vector<double> scores;
    for (const auto& series : plot.series) {
      for (const auto& row : series.rows) {
        if (std::isfinite(row[1])) scores.push_back(row[1]);
      }
    }
    plot.y.log = detail::log_axis_suits(scores);
    plot.caption = problems[p] +
                   ": the expected best score of k trials drawn from each optimizer's trials "
                   "(Dodge et al. 2019); lines that cross are a ranking that changes with the "
                   "tuning budget.";
    plots.push_back(std::move(plot));
  }
  return plots;
}

std::vector<PlotSpec> sensitivity_plots(const CsvTable& t, const std::string& dir) {
  std::vector<PlotSpec> plots;
  const auto columns = problem_columns(t);
  const auto seed_at = std::find(t.header.begin(), t.header.end(), "seed");
  if (seed_at == t.header.end() || t.header.size() < 2) return plots;
  // The hyperparameter columns sit between seed and the metric (then status).
  const std::vector<std::string> keys(seed_at + 1, t.header.end() - 2);
  const std::string metric = t.header[t.header.size() - 2];
  const auto logs = log_keys(dir);
  // (problem, optimizer, key) -> points, with each key that varies among the trials.
  std::vector<std::tuple<std::string, std::string, std::string>> order;
  std::map<std::tuple<std::string, std::string, std::string>, Series> points;
  std::map<std::tuple<std::string, std::string, std::string>, std::set<std::string>> values;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    const std::string problem = problem_label(t, r, columns);
    const std::string optimizer = detail::cell(t, r, "optimizer");
    for (const auto& key : keys) {
      const std::string text = detail::cell(t, r, key);
      const double x = number_or_nan(text);
      if (text.empty() || std::isnan(x)) continue;
      const auto id = std::make_tuple(problem, optimizer, key);
      if (points.count(id) == 0) order.push_back(id);
      values[id].insert(text);
      points[id].rows.push_back({x, number_or_nan(detail::cell(t, r, metric)), 0.0});
    }
  }
  for (const auto& id : order) {
    if (values[id].size() < 2 || plots.size() >= detail::kMaxPerSort) continue;  // fixed keys
    const auto& [problem, optimizer, key] = id;
    PlotSpec plot;
    plot.section = "Tuning";
    plot.name = "sensitivity-" + detail::safe_name(problem + "-" + optimizer + "-" + key);
    plot.title = optimizer + " on " + short_label(problem) + ": " + metric + " against " + key;
    plot.x.label = key;
    const auto log = logs.find(optimizer);
    plot.x.log = log != logs.end() && log->second.count(key) != 0;
    plot.y.label = metric + " (each run of each trial)";
    plot.key = KeyPlace::None;
    Series series = points[id];
    series.style = SeriesStyle::Points;
    series.marker = Marker::Circle;
    series.colour = 0;
    std::sort(series.rows.begin(), series.rows.end());
    plot.series.push_back(std::move(series));
    plot.caption = "Every tuning run's " + metric + " at its trial's " + key +
                   (plot.x.log ? " (log axis: a log_uniform space)" : "") + ".";
    plots.push_back(std::move(plot));
  }
  return plots;
}

}  // namespace

std::vector<PlotSpec> tuning_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  if (data.tuning_curve) plots = budget_plots(*data.tuning_curve);
  if (data.tuning) {
    for (auto& p : sensitivity_plots(*data.tuning, data.dir)) plots.push_back(std::move(p));
  }
  return plots;
}

}  // namespace optbench::report
