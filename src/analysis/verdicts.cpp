// The verdict: per-setting statistics, each problem's rank order, comparisons with its best, and
// the ties that share rank 1.

#include "optbench/analysis/verdicts.hpp"

#include <algorithm>

#include "optbench/analysis/global_summary.hpp"
#include "optbench/io/atomic_file.hpp"
#include "verdict_parts.hpp"

namespace optbench {

namespace {

using detail::PairedComparison;

std::string csv_text(const CsvTable& table) {
  std::string text = csv_line(table.header) + '\n';
  for (const auto& row : table.rows) text += csv_line(row) + '\n';
  return text;
}

}  // namespace

Verdicts judge_runs(const CsvTable& runs, const RankingRule& rule, const SummaryOptions& options,
                    const std::string& source) {
  const detail::SettingGroups groups = detail::group_settings(runs, rule, options, source);
  detail::MetricCache values(runs, source);
  const std::vector<std::string> metrics = detail::summary_metrics(runs, rule);
  const std::vector<detail::SettingStats> stats =
      detail::setting_statistics(runs, groups, metrics, values, options);
  const double alpha = 1.0 - options.bootstrap.confidence;

  std::vector<std::size_t> ranks(groups.settings.size(), 0);
  std::vector<bool> tied(groups.settings.size(), false);
  std::vector<PairedComparison> comparisons;
  for (std::size_t p = 0; p < groups.problems.size(); ++p) {
    const detail::ProblemGroup& problem = groups.problems[p];
    const std::vector<std::size_t> order = detail::rank_order(problem, stats, metrics, rule);
    const std::size_t best = order.front();
    const std::vector<RankedMetric> compared =
        detail::compared_metrics(groups, problem, rule, values);
    const std::vector<PairedComparison> rows =
        detail::compare_on_problem(runs, groups, p, best, compared, values, options.bootstrap);
    // Tied with the best: the paired test on the first compared metric finds no difference
    // (Holm-adjusted p >= alpha), and the setting's own rate interval holds the best's rate.
    const double best_rate = stats[best].guard_rate;
    for (const PairedComparison& c : rows) {
      if (compared.empty() || c.metric != compared.front().column) continue;
      const Interval& ci = stats[c.setting].guard_ci;
      const bool plausible = ci.low <= best_rate && best_rate <= ci.high;
      tied[c.setting] = c.p_holm && *c.p_holm >= alpha && plausible;
    }
    // Rank 1 for the best and its ties; the others keep their order behind them.
    std::vector<std::size_t> ranked{best};
    for (const std::size_t s : order) {
      if (tied[s]) ranked.push_back(s);
    }
    for (const std::size_t s : order) {
      if (s != best && !tied[s]) ranked.push_back(s);
    }
    for (std::size_t k = 0; k < ranked.size(); ++k) {
      ranks[ranked[k]] = ranked[k] == best || tied[ranked[k]] ? 1 : k + 1;
    }
    comparisons.insert(comparisons.end(), rows.begin(), rows.end());
  }
  Verdicts out;
  out.summary =
      detail::summary_table(groups, metrics, stats, !rule.running_times.empty(), ranks, tied);
  add_global_columns(out.summary, runs, options.bootstrap.confidence);
  out.comparisons = detail::comparisons_table(groups, comparisons);
  return out;
}

CsvTable compare_settings(const CsvTable& runs, const RankingRule& rule,
                          const SummaryOptions& options, const std::string& baseline,
                          const std::string& metric, const std::string& source) {
  const detail::SettingGroups groups = detail::group_settings(runs, rule, options, source);
  detail::MetricCache values(runs, source);
  const std::vector<std::string> metrics = detail::summary_metrics(runs, rule);
  const std::vector<detail::SettingStats> stats =
      baseline.empty() ? detail::setting_statistics(runs, groups, metrics, values, options)
                       : std::vector<detail::SettingStats>{};
  std::vector<PairedComparison> comparisons;
  for (std::size_t p = 0; p < groups.problems.size(); ++p) {
    const detail::ProblemGroup& problem = groups.problems[p];
    std::size_t base = 0;
    if (baseline.empty()) {
      base = detail::rank_order(problem, stats, metrics, rule).front();
    } else {
      const auto it =
          std::find_if(problem.settings.begin(), problem.settings.end(),
                       [&](std::size_t s) { return groups.settings[s].text == baseline; });
      if (it == problem.settings.end()) continue;
      base = *it;
    }
    std::vector<RankedMetric> compared;
    if (metric.empty()) {
      compared = detail::compared_metrics(groups, problem, rule, values);
    } else {
      RankedMetric m{metric, false};
      for (const auto& r : rule.medians) {
        if (r.column == metric) m = r;
      }
      compared.push_back(m);
    }
    const auto rows =
        detail::compare_on_problem(runs, groups, p, base, compared, values, options.bootstrap);
    comparisons.insert(comparisons.end(), rows.begin(), rows.end());
  }
  return detail::comparisons_table(groups, comparisons);
}

void write_verdicts(const std::string& dir, const RankingRule& rule,
                    const SummaryOptions& options) {
  const std::string runs = dir + "/runs.csv";
  const Verdicts v = judge_runs_file(runs, rule, options);
  write_file_atomically(dir + "/summary.csv", csv_text(v.summary));
  write_file_atomically(dir + "/comparisons.csv", csv_text(v.comparisons));
}

}  // namespace optbench
