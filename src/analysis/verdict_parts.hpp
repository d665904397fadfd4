#pragma once
// Internal to the verdicts: per-setting statistics and the rank order (summary.cpp), paired
// comparisons (comparisons.cpp); verdicts.cpp joins them into summary.csv and comparisons.csv.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "setting_groups.hpp"

namespace optbench::detail {

/// Metric values per runs.csv row, parsed once per column.
class MetricCache {
 public:
  /// `row_offset`: rows of runs.csv before `runs` (a setting's block), for the row in errors.
  MetricCache(const CsvTable& runs, std::string source, std::size_t row_offset = 0)
      : runs_(runs), source_(std::move(source)), row_offset_(row_offset) {}
  const std::vector<std::optional<double>>& operator()(const std::string& column);
  bool has(const std::string& column) const;

 private:
  const CsvTable& runs_;
  std::string source_;
  std::size_t row_offset_ = 0;
  std::map<std::string, std::vector<std::optional<double>>> values_;
};

/// A median over seeds with its quartiles and bootstrap interval.
struct MedianStats {
  std::size_t n = 0;
  std::optional<double> median, ci_low, ci_high, q25, q75;
};

/// What summary.csv says about one setting.
struct SettingStats {
  std::size_t n = 0, diverged = 0, succeeded = 0, escaped = 0;
  std::optional<double> success_rate;
  std::optional<Interval> success_ci;
  std::optional<double> ert;
  std::optional<Interval> ert_ci;
  /// The rate the rank's guard compares: success, or not diverging where success is undefined.
  double guard_rate = 1.0;
  Interval guard_ci{0.0, 1.0};
  std::vector<MedianStats> medians;  ///< per summary metric
};

/// The metrics summary.csv reports medians of, in column order.
std::vector<std::string> summary_metrics(const CsvTable& runs, const RankingRule& rule);

/// Counts, rates, ERT and medians with intervals of every setting.
std::vector<SettingStats> setting_statistics(const CsvTable& runs, const SettingGroups& groups,
                                             const std::vector<std::string>& metrics,
                                             MetricCache& values, const SummaryOptions& options);

/// A problem's settings best first: ERT, success rate, the rule's medians; a setting whose guard
/// interval lies wholly below a remaining setting's guard interval waits for it.
std::vector<std::size_t> rank_order(const ProblemGroup& problem,
                                    const std::vector<SettingStats>& stats,
                                    const std::vector<std::string>& metrics,
                                    const RankingRule& rule);

/// The metrics a problem's settings are compared on: its running time (where ERT applies), then
/// the rule's medians; those without any value on the problem left out.
std::vector<RankedMetric> compared_metrics(const SettingGroups& groups, const ProblemGroup& problem,
                                           const RankingRule& rule, MetricCache& values);

/// One row of comparisons.csv.
struct PairedComparison {
  std::size_t problem = 0, setting = 0, baseline = 0;
  std::string metric;
  std::size_t pairs = 0, wins = 0, losses = 0, ties = 0;
  std::optional<double> median_difference, ci_low, ci_high, p_value, p_holm;
};

/// A setting's values of one metric per seed (the row's position where runs.csv has no seed).
std::map<std::string, double> values_by_seed(const CsvTable& runs, const SettingGroups& groups,
                                             const SettingGroup& setting,
                                             const std::vector<std::optional<double>>& values);

/// One setting against the baseline's values on one metric, paired by seed, its bootstrap drawn
/// from `seed`; problem, setting, baseline and p_holm left for the caller.
PairedComparison compare_pair(const std::map<std::string, double>& values,
                              const std::map<std::string, double>& reference,
                              const RankedMetric& metric, std::uint64_t seed,
                              const BootstrapSpec& spec);

/// Holm's adjustment of the p-values of rows[first..]: one problem's settings on one metric.
void holm_over(std::vector<PairedComparison>& rows, std::size_t first);

/// Every other setting of `problem` against `baseline` on each metric, on the seeds both have
/// a value for; p-values Holm-adjusted across the settings of the problem, per metric.
std::vector<PairedComparison> compare_on_problem(const CsvTable& runs, const SettingGroups& groups,
                                                 std::size_t problem, std::size_t baseline,
                                                 const std::vector<RankedMetric>& metrics,
                                                 MetricCache& values, const BootstrapSpec& spec);

/// comparisons.csv from its rows.
CsvTable comparisons_table(const SettingGroups& groups,
                           const std::vector<PairedComparison>& comparisons);

/// summary.csv from the statistics and the ranks (0: none) and ties.
CsvTable summary_table(const SettingGroups& groups, const std::vector<std::string>& metrics,
                       const std::vector<SettingStats>& stats, bool with_ert,
                       const std::vector<std::size_t>& ranks, const std::vector<bool>& tied);

}  // namespace optbench::detail
