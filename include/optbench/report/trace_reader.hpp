#pragma once
// trace.csv as the report reads it: one pass at load for its columns, then a streaming pass per
// plot that hands each group of runs its curves and forgets them, so that no pass holds every
// row of every run.

#include <array>
#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace optbench::report {

/// What one pass over trace.csv learns: its columns, which of them hold numbers, and whether its
/// run ids never decrease (a run's rows together, runs in run_id order, as optbench writes it).
struct Trace {
  std::string path;                  ///< empty when the folder has no trace.csv
  std::vector<std::string> columns;  ///< every column but run_id
  bool keyed = false;                ///< the first column is run_id (else every row is run 0)
  bool ordered = true;               ///< run ids never decrease from row to row
  std::vector<bool> valued;          ///< per column: at least one row holds a number

  /// Index of a column among `columns`, or nullopt.
  std::optional<std::size_t> column(const std::string& name) const;
  /// Whether the column holds at least one number.
  bool has_values(const std::string& name) const;
};

/// Reads trace.csv's header and scans its rows once (rows of the wrong width or without a run id
/// are left out, as every later pass leaves them out).
Trace scan_trace(const std::string& path);

/// A run's trace as (x, y) pairs in file order.
using Curve = std::vector<std::array<double, 2>>;

/// Streams the trace's rows: visit(run_id, values) with the values of `wanted` columns (NaN where
/// a cell is empty or not a number), in file order.
void for_each_trace_row(const Trace& trace, const std::vector<std::size_t>& wanted,
                        const std::function<void(std::size_t, const std::vector<double>&)>& visit);

/// Streams the trace and hands each group of runs.csv rows its runs' curves (x, y: rows where x
/// is finite and y is not NaN, nor infinite unless keep_inf), one per row of the group in runs.csv
/// order (empty where a run has no rows). `group_of_row` gives each runs.csv row's group (or
/// SIZE_MAX: not wanted), `run_id_of_row` its run id. Where the trace is ordered, a group is handed
/// over and forgotten as soon as the stream passes its last run id; else all at the end.
void for_each_group(const Trace& trace, const std::vector<std::size_t>& run_id_of_row,
                    const std::vector<std::size_t>& group_of_row, std::size_t x, std::size_t y,
                    bool keep_inf,
                    const std::function<void(std::size_t, std::vector<Curve>&)>& reduce);

/// The rows of a few runs (values of `wanted` columns), by run id.
std::map<std::size_t, std::vector<std::vector<double>>> trace_rows_of(
    const Trace& trace, const std::vector<std::size_t>& run_ids,
    const std::vector<std::size_t>& wanted);

}  // namespace optbench::report
