#pragma once
// summary.csv: one row per setting over its seeds, so a sweep reads as a table of comparisons.

#include <string>

#include "optbench/io/csv.hpp"

namespace optbench {

/// Groups runs.csv rows by every identifier but run_id and seed; quartiles follow pandas so the
/// numbers match what a reader recomputes from runs.csv.
CsvTable summarize_runs(const CsvTable& runs);

/// The sweep's last step: runs.csv in, summary.csv out, replaced whole so no reader sees a part.
void write_summary(const std::string& runs_csv, const std::string& summary_csv);

}  // namespace optbench
