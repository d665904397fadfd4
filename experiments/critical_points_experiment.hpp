#pragma once

#include "optbench/run/experiment_kind.hpp"

namespace optbench {

/// `kind: critical_points`: finds the critical points of each test function inside its search
/// box by Newton's method on the gradient, x <- x - H^+ g (H^+ the pseudo-inverse of a rank-
/// revealing factorisation, so a singular Hessian gives a least-squares step rather than a blow-
/// up), from seeded starts: a jittered stratified grid for dim <= 3 (every cell of the box gets
/// one start), uniform random starts above. A start counts when its iteration reaches
/// ||g|| <= 1e-10 max(1, |f|) inside the box; the points are deduplicated (within
/// 1e-6 max(1, |x|)), classified by the Hessian's eigenvalues and sorted (minima, saddles,
/// maxima, inconclusive; then by coordinates), so the files do not depend on --jobs.
/// Writes runs.csv (how many points of each class per problem and seed) and critical_points.csv
/// (function, point, f, grad_norm, eigenvalues, class; as `optbench classify --format csv`).
/// Over a data: + model: problem instead, the critical points of a network's training loss
/// (see network_critical_points.hpp).
class CriticalPointsExperiment final : public ExperimentKind {
 public:
  bool uses_optimizers() const override { return false; }
  void check(const RunPlan& plan) const override;
  std::vector<TableSpec> tables(const RunPlan& plan) const override;
  void run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const override;
  /// The report's summary is the table of the points found.
  ReportSections report_sections() const override {
    ReportSections sections;
    sections.critical_point_tables = true;
    return sections;
  }
};

}  // namespace optbench
