#pragma once
// The verdict on a sweep: summary.csv (one row per setting: counts, medians with bootstrap
// intervals, success rate with its Wilson interval, ERT, rank) and comparisons.csv (every
// setting against the best of its problem: paired Wilcoxon signed-rank tests, Holm-adjusted).
// Both are functions of runs.csv alone, so they are byte-identical for every --jobs and shard.

#include <optional>
#include <string>

#include "optbench/analysis/ranking_rule.hpp"
#include "optbench/analysis/statistics.hpp"
#include "optbench/io/csv.hpp"

namespace optbench {

/// What runs.csv does not say: the config's budget and target, and the bootstrap's settings.
struct SummaryOptions {
  BootstrapSpec bootstrap;
  /// The budget a failed run is charged in the ERT (stop.max_steps); unknown: the most steps
  /// any run of the table took.
  std::optional<double> budget;
  /// Whether the sweep had a target (stop.target); unknown: whether any run reached one.
  std::optional<bool> target;
};

/// summary.csv and comparisons.csv as tables.
struct Verdicts {
  CsvTable summary;
  CsvTable comparisons;
};

/// Judges runs.csv by `rule`. `source` names runs.csv in errors (a cell that is not a number).
Verdicts judge_runs(const CsvTable& runs, const RankingRule& rule, const SummaryOptions& options,
                    const std::string& source = "");

/// judge_runs(read_csv(path)), computed in streaming passes over the file a setting at a time
/// (a setting's runs are consecutive rows in every runs.csv optbench writes), so that memory grows
/// with the settings and the largest setting's runs, not with all runs. A file whose settings
/// are not contiguous, or that has no setting column, is read whole instead.
Verdicts judge_runs_file(const std::string& path, const RankingRule& rule,
                         const SummaryOptions& options);

/// comparisons.csv's rows for `optbench compare`: against `baseline` (a setting's text; empty:
/// each problem's best) on the problems that have it, on `metric` (empty: the metrics
/// comparisons.csv compares; else that runs.csv column, higher better where the rule says so).
CsvTable compare_settings(const CsvTable& runs, const RankingRule& rule,
                          const SummaryOptions& options, const std::string& baseline,
                          const std::string& metric, const std::string& source = "");

/// Reads dir/runs.csv and replaces dir/summary.csv and dir/comparisons.csv, each whole.
void write_verdicts(const std::string& dir, const RankingRule& rule, const SummaryOptions& options);

}  // namespace optbench
