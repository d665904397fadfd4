// comparisons.csv: each setting of a problem against its best (or a chosen baseline), paired by
// seed: wins and losses, the median difference with its bootstrap interval, the two-sided
// Wilcoxon signed-rank test and Holm's adjustment across the problem's settings.

#include <algorithm>
#include <cmath>
#include <map>

#include "optbench/io/number_format.hpp"
#include "verdict_parts.hpp"

namespace optbench::detail {

namespace {

std::string cell_of(const std::optional<double>& v) {
  return v ? format_number(*v) : std::string();
}

std::vector<std::size_t> problem_rows(const SettingGroups& groups, const ProblemGroup& problem) {
  std::vector<std::size_t> rows;
  for (const std::size_t s : problem.settings) {
    rows.insert(rows.end(), groups.settings[s].rows.begin(), groups.settings[s].rows.end());
  }
  return rows;
}

}  // namespace

std::map<std::string, double> values_by_seed(const CsvTable& runs, const SettingGroups& groups,
                                             const SettingGroup& setting,
                                             const std::vector<std::optional<double>>& values) {
  std::map<std::string, double> out;
  for (std::size_t i = 0; i < setting.rows.size(); ++i) {
    const std::size_t r = setting.rows[i];
    if (!values[r]) continue;
    out.emplace(groups.seed ? runs.rows[r][*groups.seed] : std::to_string(i), *values[r]);
  }
  return out;
}

PairedComparison compare_pair(const std::map<std::string, double>& values,
                              const std::map<std::string, double>& reference,
                              const RankedMetric& metric, std::uint64_t seed,
                              const BootstrapSpec& spec) {
  PairedComparison c;
  c.metric = metric.column;
  std::vector<double> d;
  for (const auto& [key, value] : values) {
    const auto it = reference.find(key);
    if (it == reference.end()) continue;
    // Equal values (two infinite losses included) are a tie, not inf - inf.
    d.push_back(value == it->second ? 0.0 : value - it->second);
  }
  c.pairs = d.size();
  for (const double x : d) {
    if (x == 0.0) {
      ++c.ties;
    } else if ((x > 0.0) == metric.higher_is_better) {
      ++c.wins;
    } else {
      ++c.losses;
    }
  }
  if (!d.empty()) {
    c.median_difference = median_of(d);
    const Interval ci = bootstrap_median(d, spec, seed);
    c.ci_low = ci.low;
    c.ci_high = ci.high;
    const auto test = wilcoxon_signed_rank(d);
    // Every pair equal: no evidence of a difference at all (scipy raises here).
    c.p_value = test ? test->p_value : 1.0;
  }
  return c;
}

void holm_over(std::vector<PairedComparison>& rows, std::size_t first) {
  std::vector<double> p_values;
  for (std::size_t i = first; i < rows.size(); ++i) {
    if (rows[i].p_value) p_values.push_back(*rows[i].p_value);
  }
  const std::vector<double> adjusted = holm_adjust(p_values);
  std::size_t k = 0;
  for (std::size_t i = first; i < rows.size(); ++i) {
    if (rows[i].p_value) rows[i].p_holm = adjusted[k++];
  }
}

std::vector<RankedMetric> compared_metrics(const SettingGroups& groups, const ProblemGroup& problem,
                                           const RankingRule& rule, MetricCache& values) {
  std::vector<RankedMetric> out;
  if (problem.mode.time_column) out.push_back({problem.mode.time_name, false});
  const std::vector<std::size_t> rows = problem_rows(groups, problem);
  for (const auto& m : rule.medians) {
    if (!values.has(m.column)) continue;
    const auto& v = values(m.column);
    if (std::none_of(rows.begin(), rows.end(), [&](std::size_t r) { return v[r].has_value(); }))
      continue;
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const RankedMetric& o) { return o.column == m.column; });
    if (!seen) out.push_back(m);
  }
  return out;
}

std::vector<PairedComparison> compare_on_problem(const CsvTable& runs, const SettingGroups& groups,
                                                 std::size_t problem, std::size_t baseline,
                                                 const std::vector<RankedMetric>& metrics,
                                                 MetricCache& values, const BootstrapSpec& spec) {
  const ProblemGroup& p = groups.problems[problem];
  const SettingGroup& base = groups.settings[baseline];
  std::vector<PairedComparison> out;
  for (const RankedMetric& metric : metrics) {
    const auto& v = values(metric.column);
    const std::map<std::string, double> reference = values_by_seed(runs, groups, base, v);
    const std::size_t first = out.size();
    for (const std::size_t s : p.settings) {
      if (s == baseline) continue;
      PairedComparison c = compare_pair(
          values_by_seed(runs, groups, groups.settings[s], v), reference, metric,
          bootstrap_seed("difference", p, groups.settings[s].text, metric.column, base.text), spec);
      c.problem = problem;
      c.setting = s;
      c.baseline = baseline;
      out.push_back(std::move(c));
    }
    // Holm across the settings of this problem that have a p-value, for this metric.
    holm_over(out, first);
  }
  return out;
}

CsvTable comparisons_table(const SettingGroups& groups,
                           const std::vector<PairedComparison>& comparisons) {
  CsvTable out;
  for (const auto& column : groups.problem_header) out.add_column(column.name, column.type);
  for (const char* name : {"metric", "setting", "best_setting"})
    out.add_column(name, ColumnType::Text);
  for (const char* name : {"n_pairs", "wins", "losses", "ties"})
    out.add_column(name, ColumnType::Integer);
  for (const char* name :
       {"median_difference", "difference_ci_low", "difference_ci_high", "p_value", "p_holm"})
    out.add_column(name, ColumnType::Number);
  for (const auto& c : comparisons) {
    std::vector<std::string> row = groups.problems[c.problem].cells;
    row.push_back(c.metric);
    row.push_back(groups.settings[c.setting].text);
    row.push_back(groups.settings[c.baseline].text);
    for (const std::size_t count : {c.pairs, c.wins, c.losses, c.ties})
      row.push_back(std::to_string(count));
    for (const auto* v : {&c.median_difference, &c.ci_low, &c.ci_high, &c.p_value, &c.p_holm})
      row.push_back(cell_of(*v));
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace optbench::detail
