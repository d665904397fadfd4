#pragma once
// summary.csv: one row per setting over its seeds, so a sweep reads as a table of comparisons.

#include "optbench/analysis/verdicts.hpp"

namespace optbench {

/// summary.csv of runs.csv: grouped by every identifier but run_id and seed, quartiles as pandas
/// computes them, intervals and ranks as judge_runs gives them (comparisons.csv aside).
CsvTable summarize_runs(const CsvTable& runs, const RankingRule& rule,
                        const SummaryOptions& options = {});

}  // namespace optbench
