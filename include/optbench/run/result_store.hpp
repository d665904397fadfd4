#pragma once
// Durable results: finished runs are appended to part files as whole rows; when the sweep ends
// the final CSV files are written sorted by run_id under a temporary name and renamed.

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "optbench/experiments/experiment_kind.hpp"
#include "optbench/io/record_file.hpp"

namespace optbench {

/// The part files and final files of one result folder.
class ResultStore {
 public:
  ResultStore(std::string dir, std::vector<TableSpec> tables);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  /// The runs finished by an earlier attempt (their runs.csv row exists). Rows of runs that did
  /// not finish, and a line torn by a kill, are dropped from the part files.
  std::set<std::size_t> recover();
  /// Opens the part files for appending.
  void open();
  /// Appends a finished run's rows (runs.csv last: its row marks the run complete). Thread-safe.
  void commit(const RunRecorder& rows);
  /// Writes the sorted final files atomically and removes the part files.
  void finalize();

  /// The part file of table `t`.
  std::string part_path(std::size_t t) const;
  /// Where a run's recorder spills rows that outgrow memory.
  std::string spill_prefix(std::size_t run_id) const;

 private:
  std::string dir_;
  std::vector<TableSpec> tables_;
  std::vector<int> fds_;
  std::mutex mutex_;
};

/// Sorts CSV records (whose first cell is a run_id) by run_id, keeping each run's own order.
void sort_by_run_id(std::vector<std::string>& records);

}  // namespace optbench
