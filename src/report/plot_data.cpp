// The statistics behind the report's curves (quartile bands, ECDFs, performance profiles), the
// helpers the plot producers share, and the page order of the plots.

#include "optbench/report/plot_data.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/shuffle.hpp"
#include "optbench/functions/expression/expression_function.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/list_cell.hpp"
#include "plot_helpers.hpp"

namespace optbench::report {

namespace {
constexpr double kInf = std::numeric_limits<double>::infinity();
}  // namespace

double quantile_sorted(const std::vector<double>& sorted, double q) {
  const double position = static_cast<double>(sorted.size() - 1) * q;
  const double below = std::floor(position);
  const auto lo = static_cast<std::size_t>(below);
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double a = sorted[lo];
  const double b = sorted[hi];
  const double t = position - below;
  if (t == 0.0 || a == b || std::isinf(a)) return a;
  if (std::isinf(b)) return b;
  return a + (b - a) * t;
}

std::vector<std::array<double, 4>> median_band(
    const std::vector<std::vector<std::array<double, 2>>>& curves) {
  std::set<double> xs;
  for (const auto& c : curves) {
    for (const auto& p : c) xs.insert(p[0]);
  }
  std::vector<std::size_t> at(curves.size(), 0);  // next unread point per curve
  std::vector<std::array<double, 4>> out;
  out.reserve(xs.size());
  std::vector<double> values;
  for (const double x : xs) {
    values.clear();
    for (std::size_t k = 0; k < curves.size(); ++k) {
      const auto& c = curves[k];
      while (at[k] < c.size() && c[at[k]][0] <= x) ++at[k];
      if (at[k] == 0) continue;  // this run starts later
      const double y = c[at[k] - 1][1];
      values.push_back(std::isnan(y) ? kInf : y);  // a diverged value counts as the worst
    }
    if (values.empty()) continue;
    std::sort(values.begin(), values.end());
    out.push_back({x, quantile_sorted(values, 0.5), quantile_sorted(values, 0.25),
                   quantile_sorted(values, 0.75)});
  }
  return out;
}

std::vector<std::array<double, 3>> median_bootstrap_band(
    const std::vector<std::vector<std::array<double, 2>>>& curves, const std::vector<double>& xs,
    const BootstrapSpec& spec, std::uint64_t seed) {
  std::vector<std::array<double, 3>> out;
  const std::size_t n = curves.size();
  if (n == 0) return out;
  Rng rng(seed);
  std::vector<std::size_t> at(n, 0);
  std::vector<double> sample(n);
  std::vector<double> medians(spec.resamples);
  for (const double x : xs) {
    std::vector<double> current;  // the curves that have begun, each at its last value
    for (std::size_t k = 0; k < n; ++k) {
      const auto& c = curves[k];
      while (at[k] < c.size() && c[at[k]][0] <= x) ++at[k];
      if (at[k] > 0) current.push_back(std::isnan(c[at[k] - 1][1]) ? kInf : c[at[k] - 1][1]);
    }
    if (current.empty()) continue;
    const std::size_t m = current.size();
    sample.resize(m);
    for (std::size_t b = 0; b < spec.resamples; ++b) {
      for (std::size_t i = 0; i < m; ++i) sample[i] = current[uniform_below(rng, m)];
      std::sort(sample.begin(), sample.end());
      medians[b] = quantile_sorted(sample, 0.5);
    }
    std::vector<double> sorted = medians;
    std::sort(sorted.begin(), sorted.end());
    const double alpha = 1.0 - spec.confidence;
    out.push_back(
        {x, quantile_sorted(sorted, alpha / 2.0), quantile_sorted(sorted, 1.0 - alpha / 2.0)});
  }
  return out;
}

std::vector<std::array<double, 3>> ecdf_band(const std::vector<std::vector<double>>& groups,
                                             std::vector<double> xs, double x_end,
                                             const BootstrapSpec& spec, std::uint64_t seed) {
  std::vector<std::array<double, 3>> out;
  std::size_t total = 0;
  for (const auto& g : groups) total += g.size();
  if (total == 0 || xs.empty()) return out;
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  Rng rng(seed);
  // shares[b][i]: resample b's share solved at xs[i].
  std::vector<std::vector<double>> shares(xs.size(), std::vector<double>(spec.resamples));
  std::vector<double> solved;
  for (std::size_t b = 0; b < spec.resamples; ++b) {
    solved.clear();
    for (const auto& g : groups) {
      for (std::size_t i = 0; i < g.size(); ++i) {
        const double v = g[uniform_below(rng, g.size())];
        if (std::isfinite(v)) solved.push_back(v);
      }
    }
    std::sort(solved.begin(), solved.end());
    std::size_t count = 0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
      while (count < solved.size() && solved[count] <= xs[i]) ++count;
      shares[i][b] = static_cast<double>(count) / static_cast<double>(total);
    }
  }
  const double alpha = 1.0 - spec.confidence;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    std::sort(shares[i].begin(), shares[i].end());
    const double low = quantile_sorted(shares[i], alpha / 2.0);
    const double high = quantile_sorted(shares[i], 1.0 - alpha / 2.0);
    // A step: the level holds from this x to the next.
    if (!out.empty()) out.push_back({xs[i], out.back()[1], out.back()[2]});
    out.push_back({xs[i], low, high});
  }
  if (x_end > xs.back()) out.push_back({x_end, out.back()[1], out.back()[2]});
  return out;
}

std::vector<std::array<double, 3>> ecdf_rows(std::vector<double> values, std::size_t total,
                                             double x_end) {
  values.erase(
      std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
      values.end());
  std::sort(values.begin(), values.end());
  std::vector<std::array<double, 3>> rows;
  if (total == 0) return rows;
  const double n = static_cast<double>(total);
  if (!values.empty()) rows.push_back({values.front(), 0.0, 0.0});
  for (std::size_t i = 0; i < values.size(); ++i) {
    // Ties: one row at the last of equal values.
    if (i + 1 < values.size() && values[i + 1] == values[i]) continue;
    rows.push_back({values[i], static_cast<double>(i + 1) / n, 0.0});
  }
  const double last = rows.empty() ? 0.0 : rows.back()[1];
  if (rows.empty() || x_end > rows.back()[0]) rows.push_back({x_end, last, 0.0});
  return rows;
}

std::vector<std::vector<std::array<double, 3>>> performance_profile(
    const std::vector<std::vector<double>>& cost, double tau_end) {
  const std::size_t problems = cost.size();
  const std::size_t solvers = problems == 0 ? 0 : cost[0].size();
  std::vector<std::vector<double>> ratios(solvers);
  for (const auto& row : cost) {
    double best = kInf;
    for (const double c : row) {
      if (std::isfinite(c)) best = std::min(best, c);
    }
    for (std::size_t s = 0; s < solvers; ++s) {
      const double c = row[s];
      if (!std::isfinite(c) || !std::isfinite(best)) {
        ratios[s].push_back(kInf);
      } else if (best <= 0.0) {
        ratios[s].push_back(c <= 0.0 ? 1.0 : kInf);  // zero cost: only the zero-cost ones tie
      } else {
        ratios[s].push_back(c / best);
      }
    }
  }
  std::vector<std::vector<std::array<double, 3>>> out;
  for (auto& r : ratios) {
    std::sort(r.begin(), r.end());
    std::vector<std::array<double, 3>> rows;
    const double n = static_cast<double>(problems);
    std::size_t solved = 0;
    while (solved < r.size() && r[solved] <= 1.0) ++solved;
    rows.push_back({1.0, static_cast<double>(solved) / n, 0.0});
    for (std::size_t i = solved; i < r.size() && std::isfinite(r[i]); ++i) {
      if (i + 1 < r.size() && r[i + 1] == r[i]) continue;
      rows.push_back({r[i], static_cast<double>(i + 1) / n, 0.0});
    }
    if (tau_end > rows.back()[0]) rows.push_back({tau_end, rows.back()[1], 0.0});
    out.push_back(std::move(rows));
  }
  return out;
}

std::vector<PlotSpec> all_plots(const ResultData& data) {
  std::vector<PlotSpec> plots;
  for (auto* producer : {&trajectory_plots, &critical_point_plots, &loss_plots, &ecdf_plots,
                         &profile_plots, &classification_plots, &wall_time_plots, &curvature_plots,
                         &sweep_axis_plots, &timing_plots, &tuning_plots}) {
    auto some = (*producer)(data);
    for (auto& p : some) plots.push_back(std::move(p));
  }
  return plots;
}

namespace detail {

std::unique_ptr<TestFunction> function_of(const std::map<std::string, std::string>& cells) {
  const auto name = cells.find("problem");
  const auto dim = cells.find("dim");
  if (name == cells.end() || dim == cells.end()) return nullptr;
  if (const auto text = cells.find("expression"); text != cells.end() && !text->second.empty()) {
    // runs.csv holds the text, not f_star or the known points: enough for contours.
    try {
      auto problem = std::make_shared<ExpressionProblem>();
      problem->text = text->second;
      return std::make_unique<ExpressionFunction>(
          problem, static_cast<Eigen::Index>(std::stoll(dim->second)),
          ExpressionEvaluator::Interpreted);
    } catch (const std::exception&) {
      return nullptr;
    }
  }
  const FunctionInfo* info = function_registry().find(name->second);
  if (info == nullptr) return nullptr;
  try {
    Settings params;
    for (const auto& spec : info->params) {
      const auto it = cells.find(spec.name);
      if (it == cells.end() || it->second.empty()) continue;
      const std::string& text = it->second;
      switch (spec.type) {
        case SettingType::Real:
          params.set(spec.name, number_or_nan(text));
          break;
        case SettingType::Integer:
          params.set(spec.name, static_cast<std::int64_t>(std::stoll(text)));
          break;
        case SettingType::Bool:
          params.set(spec.name, text == "true");
          break;
        case SettingType::RealList: {
          const auto list = parse_number_list(text);
          if (!list) return nullptr;
          params.set(spec.name, *list);
          break;
        }
        case SettingType::Text:
          params.set(spec.name, text);
          break;
      }
    }
    return make_function(name->second, static_cast<Eigen::Index>(std::stoll(dim->second)), params);
  } catch (const std::exception&) {
    return nullptr;
  }
}

std::string cell(const CsvTable& table, std::size_t row, const std::string& column) {
  const auto it = std::find(table.header.begin(), table.header.end(), column);
  if (it == table.header.end()) return {};
  return table.rows[row][static_cast<std::size_t>(it - table.header.begin())];
}

std::vector<std::optional<double>> instance_f_stars(const RunGroups& groups) {
  std::vector<std::optional<double>> out(groups.instance_rows.size());
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (const auto f = function_of(groups.instance_cells[i])) out[i] = f->f_star();
  }
  return out;
}

InstanceSettingGroups instance_setting_groups(const RunGroups& groups) {
  InstanceSettingGroups out;
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> index;
  for (std::size_t r = 0; r < groups.instance.size(); ++r)
    index.emplace(std::make_pair(groups.instance[r], groups.setting[r]), 0);
  for (auto& [key, at] : index) {
    at = out.instance.size();
    out.instance.push_back(key.first);
    out.setting.push_back(key.second);
  }
  out.runs.assign(out.instance.size(), 0);
  out.of_row.reserve(groups.instance.size());
  for (std::size_t r = 0; r < groups.instance.size(); ++r) {
    const std::size_t at = index.at({groups.instance[r], groups.setting[r]});
    out.of_row.push_back(at);
    ++out.runs[at];
  }
  return out;
}

void AxisRange::add(double value) {
  if (std::isnan(value)) return;
  if (!(value > 0.0) || std::isinf(value)) {
    bad_ = true;
    return;
  }
  lo_ = std::min(lo_, value);
  hi_ = std::max(hi_, value);
}

bool AxisRange::log_suits() const {
  return !bad_ && lo_ <= hi_ && hi_ >= kDecadesForLog * lo_;
}

std::string safe_name(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
    out += keep ? c : '-';
  }
  return out;
}

std::map<std::string, std::string> cells_of(const RunGroups& groups, std::size_t setting,
                                            std::size_t instance) {
  std::map<std::string, std::string> out;
  if (instance < groups.instance_cells.size()) out = groups.instance_cells[instance];
  if (setting < groups.setting_cells.size()) {
    for (const auto& [column, value] : groups.setting_cells[setting]) out[column] = value;
  }
  return out;
}

bool to_gap(CurvesBySetting& curves, double f_star) {
  double lowest_gap = kInf;
  double smallest_positive_gap = kInf;
  for (const auto& [s, cs] : curves) {
    for (const auto& c : cs) {
      for (const auto& p : c) {
        if (!std::isfinite(p[1])) continue;
        const double gap = p[1] - f_star;
        lowest_gap = std::min(lowest_gap, gap);
        if (gap > 0) smallest_positive_gap = std::min(smallest_positive_gap, gap);
      }
    }
  }
  if (!(lowest_gap > -1e-9 * (1.0 + std::abs(f_star))) || !std::isfinite(smallest_positive_gap))
    return false;
  for (auto& [s, cs] : curves) {
    for (auto& c : cs) {
      for (auto& p : c) p[1] = std::max(p[1] - f_star, smallest_positive_gap);
    }
  }
  return true;
}

bool log_axis_suits(const std::vector<double>& values) {
  double lo = kInf;
  double hi = -kInf;
  for (const double v : values) {
    if (std::isnan(v)) continue;
    if (!(v > 0.0) || std::isinf(v)) return false;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  return lo <= hi && hi >= kDecadesForLog * lo;
}

std::size_t setting_count(const RunGroups& groups) {
  std::size_t n = 0;
  for (std::size_t r = 0; r < groups.setting.size(); ++r) {
    const std::size_t s = groups.setting[r];
    if (s != RunGroups::npos) n = std::max(n, s + 1);
  }
  return n;
}

std::optional<std::size_t> column_of(const RunTable& table, const std::string& name) {
  return table.column(name);
}

std::optional<std::size_t> column_of(const CsvTable& table, const std::string& name) {
  const auto it = std::find(table.header.begin(), table.header.end(), name);
  if (it == table.header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - table.header.begin());
}

std::string short_number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", value);
  return buf;
}

}  // namespace detail

}  // namespace optbench::report
