#pragma once
// How a kind judges the settings of one problem: what names a problem, what counts as success,
// which running time and which medians decide the rank. Each kind provides its rule
// (ExperimentKind::ranking_rule); summary.csv, comparisons.csv, `optbench compare` and the
// report's footnotes read it instead of asking which kind they are looking at.

#include <functional>
#include <string>
#include <vector>

namespace optbench {

/// A runs.csv column whose median over seeds takes part in the rank.
struct RankedMetric {
  std::string column;             ///< e.g. final_test_accuracy
  bool higher_is_better = false;  ///< accuracy: true; losses and step counts: false
};

/// A kind's ranking rule. Settings of a problem are taken in order of expected running time
/// (where `running_times` applies), then success rate, then the medians of `medians` in turn;
/// a setting whose success-rate interval lies wholly below another's interval waits for it.
/// Settings tied with the best by the paired test on the first compared metric (and whose own
/// success-rate interval holds the best's rate) share rank 1.
struct RankingRule {
  /// One line for footnotes and docs: what decides the rank.
  std::string statement;
  /// Whether an identifier column of runs.csv names the problem (the others but run_id and seed
  /// name the setting). Empty: the columns before `optimizer`.
  std::function<bool(const std::string& column)> names_problem;
  /// Time-to-success columns, the first that applies to a problem giving its ERT: a column
  /// applies where the sweep has a target (steps_to_target; success is status reached_target)
  /// or, for the columns after the first, where any run of the problem has a value (escape_step:
  /// success is having one). Empty: no ERT.
  std::vector<std::string> running_times;
  /// Medians compared after ERT and success rate, in order.
  std::vector<RankedMetric> medians;
  /// A problem column whose value > 0 says the problem has a success criterion without a
  /// running time (classification's target_accuracy); empty: none.
  std::string target_column;
  /// The kind's own runs.csv metrics that summary.csv gives medians of where runs.csv has them,
  /// after the common ones (steps_to_target, escape_step, final_loss) and before the medians
  /// above that are not among them.
  std::vector<std::string> metrics;
};

}  // namespace optbench
