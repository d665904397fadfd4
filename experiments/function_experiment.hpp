#pragma once

#include "optbench/run/experiment_kind.hpp"

namespace optbench {

/// `kind: function`: each optimizer minimises each test function from a seeded start; writes
/// runs.csv (outcome, steps to target, escape from a nearby saddle, class of the final point)
/// and trace.csv (loss, gradient norm, lr and the first coordinates every record.every steps).
class FunctionExperiment final : public ExperimentKind {
 public:
  bool uses_optimizers() const override { return true; }
  /// Every schedule lasts stop.max_steps steps (OneCycleLR's total_steps).
  /// Test functions only (no data:); tune: allowed.
  void check_spec(const ExperimentSpec& spec) const override;
  void check(const RunPlan& plan) const override;
  std::vector<TableSpec> tables(const RunPlan& plan) const override;
  void run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const override;
  /// summary.csv and comparisons.csv from runs.csv.
  void finish(const std::string& dir) const override;
  /// ERT in steps to the target, then success rate, then median final loss (escape_step where
  /// there is no target and the runs start at a saddle).
  std::optional<RankingRule> ranking_rule() const override;
  /// stop.max_steps is the budget a failed run is charged; stop.target says whether there is one.
  SummaryOptions summary_options(const ExperimentSpec& spec) const override;
  /// Contours with the paths, loss against step and against wall time.
  ReportSections report_sections() const override {
    ReportSections sections;
    sections.function_paths = true;
    return sections;
  }
};

}  // namespace optbench
