#pragma once
// A tuned config (tune:) end to end: the trials as one sweep (OUT/NAME.tuning/), the selection
// on the tuning seeds (tuning.csv, chosen.csv, tuning_curve.csv there), then the chosen settings
// as a second sweep on fresh seeds (OUT/NAME/, with the usual runs.csv, summary.csv and
// comparisons.csv). Both sweeps resume, verify and lock as any other.

#include <memory>
#include <string>
#include <vector>

#include "optbench/analysis/ranking_rule.hpp"
#include "optbench/config/experiment_spec.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/sweep.hpp"

namespace optbench {

/// What selects a trial: a runs.csv column and its direction, or ERT over the tuning seeds.
struct SelectionMetric {
  std::string column;  ///< the per-run value (steps_to_target for ert)
  bool higher_is_better = false;
  bool ert = false;  ///< the score is the ERT of the trial's runs, not their median
};

/// The metric tune.select_by names (default: the rule's first median), with its direction from
/// the kind's ranking rule; throws Error at select_by for a name the kind does not rank by.
SelectionMetric selection_metric(const ExperimentSpec& spec, const RankingRule& rule);

/// The files the selection writes, from the tuning sweep's runs.csv.
struct TuningTables {
  CsvTable tuning;  ///< one row per trial per tuning seed
  CsvTable chosen;  ///< per problem x optimizer: the chosen trial, its score and the tuning cost
  CsvTable curve;   ///< per problem x optimizer x k: the expected best score after k trials
  /// Per problem instance p and optimizer entry e: the chosen trial, at p * entries + e.
  std::vector<std::size_t> chosen_trials;
};

/// Selects each problem's trial per optimizer entry from the tuning plan's runs.csv: the best
/// score (the median of the metric over the tuning seeds, NaN last; ties to the lower trial).
TuningTables select_trials(const RunPlan& tuning_plan, const CsvTable& runs,
                           const SelectionMetric& metric);

/// The trials of `spec` (which has tune:) as one plan, named NAME.tuning.
RunPlan tuning_plan_of(const ExperimentSpec& spec, bool allow_large);

/// The kind the trials run as: `kind`'s runs and tables without summary.csv or comparisons.csv
/// (tuning.csv and chosen.csv are their verdict). Holds a reference to `kind`.
std::unique_ptr<ExperimentKind> trials_kind(const ExperimentKind& kind);

/// Selects the trials from dir/runs.csv (a complete tuning folder) and writes tuning.csv,
/// chosen.csv and tuning_curve.csv there.
TuningTables write_selection(const RunPlan& tuning_plan, const SelectionMetric& metric,
                             const std::string& dir);

/// What a tuned run did: both sweeps' reports (final is empty until the tuning is complete).
struct TunedReport {
  SweepReport tuning;
  SweepReport final;
  bool final_started = false;
};

/// Runs both phases of `spec` (which has tune:) with `options`. With --shard only that shard of
/// the trials runs: the selection needs every trial, so it and the final runs wait for
/// `optbench merge` of the trials' shards and a run of the config where the merged folder is.
TunedReport run_tuned(const ExperimentSpec& spec, const ExperimentKind& kind,
                      const SweepOptions& options, bool allow_large);

}  // namespace optbench
