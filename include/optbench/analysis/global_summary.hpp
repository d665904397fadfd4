#pragma once
// The global-minimum view of a function sweep, per setting over its seeds: how many runs found
// the global minimum, at what expected cost in evaluations, and where the runs ended. Kept apart
// from summary.csv's statistics so the two can be joined where summary.csv is built.

#include "optbench/io/csv.hpp"

namespace optbench {

/// One row per setting (runs.csv's identifier columns but run_id and seed, in first-seen order),
/// then: runs; reached_global (runs with reached_global = true); reached_global_share;
/// ert_evaluations and ert_gradient_evaluations, the expected running time (Hansen et al.,
/// COCO: the evaluations of all runs, each counted to its end, which for a success is where it
/// reached the target, divided by the successes; empty without a success); and
/// final_basin_shares, the share of runs per final_basin as a list of `N=share` items by basin
/// index, with `none=share` for runs that ended in no listed minimum (`[0=0.5 none=0.5]`). Throws
/// Error where runs.csv lacks the columns (a sweep of another kind).
CsvTable global_summary(const CsvTable& runs);

/// summary.csv's global-minimum columns, inserted before `rank` where runs.csv has them (kind
/// function): reached_global_rate with its Wilson interval at `confidence` and the two ERTs in
/// evaluations (empty where no target of f_star + OFFSET was set), final_basin_shares.
void add_global_columns(CsvTable& summary, const CsvTable& runs, double confidence);

/// Whether a runs.csv header has the columns global_summary reads.
bool has_global_columns(const std::vector<std::string>& runs_header);

/// add_global_columns from global_summary's table (of the whole runs.csv, or its settings'
/// tables one after another: each setting is one row).
void add_global_table(CsvTable& summary, const CsvTable& global, double confidence);

}  // namespace optbench
