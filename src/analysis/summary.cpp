// summary.csv: per setting over its seeds, the counts, the success rate with its Wilson
// interval, the ERT and the medians with bootstrap intervals; and the rank order the kind's rule
// gives within each problem.

#include "optbench/analysis/summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "optbench/io/number_format.hpp"
#include "verdict_parts.hpp"

namespace optbench {

namespace detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Always in summary.csv (empty where runs.csv lacks them); the kind's rule names its own after.
constexpr const char* kMetrics[] = {"steps_to_target", "escape_step", "final_loss"};

std::string cell_of(const std::optional<double>& v) {
  return v ? format_number(*v) : std::string();
}

std::string share(std::size_t count, std::size_t n) {
  return format_number(static_cast<double>(count) / static_cast<double>(n));
}

// Rank order of two values: a missing (or nan) one after every number.
int compare_values(const std::optional<double>& a, const std::optional<double>& b,
                   bool higher_is_better) {
  const bool a_missing = !a || std::isnan(*a);
  const bool b_missing = !b || std::isnan(*b);
  if (a_missing || b_missing) return a_missing == b_missing ? 0 : (a_missing ? 1 : -1);
  if (*a == *b) return 0;
  return (*a < *b) != higher_is_better ? -1 : 1;
}

}  // namespace

const std::vector<std::optional<double>>& MetricCache::operator()(const std::string& column) {
  auto it = values_.find(column);
  if (it == values_.end())
    it = values_.emplace(column, metric_values(runs_, column, source_, row_offset_)).first;
  return it->second;
}

bool MetricCache::has(const std::string& column) const {
  return std::find(runs_.header.begin(), runs_.header.end(), column) != runs_.header.end();
}

std::vector<std::string> summary_metrics(const CsvTable& runs, const RankingRule& rule) {
  const auto has = [&](const std::string& c) {
    return std::find(runs.header.begin(), runs.header.end(), c) != runs.header.end();
  };
  std::vector<std::string> names(std::begin(kMetrics), std::end(kMetrics));
  for (const auto& name : rule.metrics) {
    if (has(name)) names.push_back(name);
  }
  for (const auto& m : rule.medians) {
    if (has(m.column) && std::find(names.begin(), names.end(), m.column) == names.end())
      names.push_back(m.column);
  }
  return names;
}

std::vector<SettingStats> setting_statistics(const CsvTable& runs, const SettingGroups& groups,
                                             const std::vector<std::string>& metrics,
                                             MetricCache& values, const SummaryOptions& options) {
  // Without the config's budget, the longest run stands in for stop.max_steps.
  double budget = 0.0;
  if (options.budget) {
    budget = *options.budget;
  } else if (values.has("steps")) {
    for (const auto& v : values("steps")) {
      if (v && std::isfinite(*v)) budget = std::max(budget, *v);
    }
  }
  const auto& escapes = values("escape_step");
  std::vector<SettingStats> out;
  out.reserve(groups.settings.size());
  for (const auto& s : groups.settings) {
    const ProblemGroup& problem = groups.problems[s.problem];
    const ProblemMode& mode = problem.mode;
    SettingStats st;
    st.n = s.rows.size();
    std::vector<std::optional<double>> times;
    for (const std::size_t r : s.rows) {
      st.diverged += runs.rows[r][groups.status] == "diverged" ? 1 : 0;
      st.escaped += escapes[r] ? 1 : 0;
      const bool ok = succeeded(runs, groups, mode, r);
      st.succeeded += ok ? 1 : 0;
      if (mode.time_column) times.push_back(ok ? values(mode.time_name)[r] : std::nullopt);
    }
    const BootstrapSpec& spec = options.bootstrap;
    if (mode.success_defined) {
      st.success_rate = static_cast<double>(st.succeeded) / static_cast<double>(st.n);
      st.success_ci = wilson_interval(st.succeeded, st.n, spec.confidence);
      st.guard_rate = *st.success_rate;
      st.guard_ci = *st.success_ci;
    } else {
      const std::size_t kept = st.n - st.diverged;
      st.guard_rate = static_cast<double>(kept) / static_cast<double>(st.n);
      st.guard_ci = wilson_interval(kept, st.n, spec.confidence);
    }
    if (mode.time_column) {
      st.ert = expected_running_time(times, budget);
      st.ert_ci = bootstrap_ert(times, budget, spec,
                                bootstrap_seed("ert", problem, s.text, mode.time_name));
    }
    for (const auto& metric : metrics) {
      MedianStats m;
      std::vector<double> v;
      for (const std::size_t r : s.rows) {
        if (const auto& x = values(metric)[r]) v.push_back(*x);
      }
      m.n = v.size();
      if (!v.empty()) {
        const Interval ci =
            bootstrap_median(v, spec, bootstrap_seed("median", problem, s.text, metric));
        std::sort(v.begin(), v.end());
        m.median = quantile_linear(v, 0.5);
        m.q25 = quantile_linear(v, 0.25);
        m.q75 = quantile_linear(v, 0.75);
        m.ci_low = ci.low;
        m.ci_high = ci.high;
      }
      st.medians.push_back(m);
    }
    out.push_back(std::move(st));
  }
  return out;
}

std::vector<std::size_t> rank_order(const ProblemGroup& problem,
                                    const std::vector<SettingStats>& stats,
                                    const std::vector<std::string>& metrics,
                                    const RankingRule& rule) {
  std::vector<std::size_t> median_index;
  for (const auto& m : rule.medians) {
    const auto it = std::find(metrics.begin(), metrics.end(), m.column);
    median_index.push_back(it == metrics.end() ? metrics.size()
                                               : static_cast<std::size_t>(it - metrics.begin()));
  }
  auto better = [&](std::size_t a, std::size_t b) {
    const SettingStats& x = stats[a];
    const SettingStats& y = stats[b];
    if (problem.mode.time_column) {
      const double ex = x.ert.value_or(kInf);
      const double ey = y.ert.value_or(kInf);
      if (ex != ey) return ex < ey;
    }
    if (const int c = compare_values(x.success_rate, y.success_rate, true); c != 0) return c < 0;
    for (std::size_t k = 0; k < rule.medians.size(); ++k) {
      if (median_index[k] == metrics.size()) continue;
      const int c =
          compare_values(x.medians[median_index[k]].median, y.medians[median_index[k]].median,
                         rule.medians[k].higher_is_better);
      if (c != 0) return c < 0;
    }
    return false;
  };
  std::vector<std::size_t> remaining = problem.settings;
  std::stable_sort(remaining.begin(), remaining.end(), better);
  // A setting whose rate interval lies wholly below a remaining setting's interval is not ranked
  // above it: the next is the first in order that reaches the highest lower end remaining.
  std::vector<std::size_t> order;
  while (!remaining.empty()) {
    double top = 0.0;
    for (const std::size_t s : remaining) top = std::max(top, stats[s].guard_ci.low);
    const auto next = std::find_if(remaining.begin(), remaining.end(),
                                   [&](std::size_t s) { return stats[s].guard_ci.high >= top; });
    order.push_back(*next);
    remaining.erase(next);
  }
  return order;
}

CsvTable summary_table(const SettingGroups& groups, const std::vector<std::string>& metrics,
                       const std::vector<SettingStats>& stats, bool with_ert,
                       const std::vector<std::size_t>& ranks, const std::vector<bool>& tied) {
  CsvTable out;
  for (const auto& column : groups.key_header) out.add_column(column.name, column.type);
  for (const char* name : {"n", "n_diverged", "n_failed"})
    out.add_column(name, ColumnType::Integer);
  for (const char* name :
       {"success_rate", "success_rate_ci_low", "success_rate_ci_high", "escape_rate"})
    out.add_column(name, ColumnType::Number);
  if (with_ert) {
    for (const char* name : {"ert", "ert_ci_low", "ert_ci_high"})
      out.add_column(name, ColumnType::Number);
  }
  for (const auto& name : metrics) {
    out.add_column(name + "_n", ColumnType::Integer);
    for (const char* suffix : {"_median", "_ci_low", "_ci_high", "_q25", "_q75"})
      out.add_column(name + suffix, ColumnType::Number);
  }
  out.add_column("rank", ColumnType::Integer);
  out.add_column("tied_with_best", ColumnType::Bool);

  for (std::size_t i = 0; i < groups.settings.size(); ++i) {
    const SettingStats& st = stats[i];
    std::vector<std::string> row = groups.settings[i].key;
    row.push_back(std::to_string(st.n));
    row.push_back(std::to_string(st.diverged));
    row.push_back(st.success_rate ? std::to_string(st.n - st.succeeded) : std::string());
    row.push_back(cell_of(st.success_rate));
    row.push_back(st.success_ci ? format_number(st.success_ci->low) : std::string());
    row.push_back(st.success_ci ? format_number(st.success_ci->high) : std::string());
    row.push_back(st.escaped > 0 ? share(st.escaped, st.n) : std::string());
    if (with_ert) {
      row.push_back(cell_of(st.ert));
      row.push_back(st.ert_ci ? format_number(st.ert_ci->low) : std::string());
      row.push_back(st.ert_ci ? format_number(st.ert_ci->high) : std::string());
    }
    for (const auto& m : st.medians) {
      row.push_back(std::to_string(m.n));
      for (const auto* v : {&m.median, &m.ci_low, &m.ci_high, &m.q25, &m.q75})
        row.push_back(cell_of(*v));
    }
    row.push_back(ranks[i] == 0 ? std::string() : std::to_string(ranks[i]));
    row.emplace_back(tied[i] ? "true" : "false");
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace detail

CsvTable summarize_runs(const CsvTable& runs, const RankingRule& rule,
                        const SummaryOptions& options) {
  return judge_runs(runs, rule, options).summary;
}

}  // namespace optbench
