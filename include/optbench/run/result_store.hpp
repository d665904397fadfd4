#pragma once
// Durable results: finished runs are appended to part files as whole rows; when the sweep ends
// the final CSV files are written sorted by run_id under a temporary name and renamed.

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "optbench/io/record_file.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/record_check.hpp"

namespace optbench {

/// The part files and final files of one result folder.
class ResultStore {
 public:
  /// `tables` with runs.csv's integrity columns (with_integrity_columns); `expected_ids` gives
  /// the identifier cells of each run of the plan's shard (nullopt for other ids).
  ResultStore(std::string dir, std::vector<TableSpec> tables,
              std::function<std::optional<std::vector<std::string>>(std::size_t)> expected_ids);
  ~ResultStore();
  ResultStore(const ResultStore&) = delete;
  ResultStore& operator=(const ResultStore&) = delete;

  /// The runs an earlier attempt finished whose records verify (check_records). Everything else
  /// (rows of unfinished runs, a line torn by a kill, damaged, duplicated or foreign rows) is
  /// removed from the part files; `notes` gets a line per run dropped for damage.
  RunIds recover(std::vector<std::string>& notes);
  /// Opens the part files for appending.
  void open();
  /// Appends a finished run's rows (runs.csv last: its row marks the run complete). Thread-safe.
  /// The part files are synced to disk at run boundaries, at most once a second.
  void commit(const RunRecorder& rows);
  /// Verifies the part files again; returns how many of the shard's `wanted` runs did not
  /// verify (their problems appended to `notes`); finalize() writes nothing unless that is 0.
  std::size_t verify(std::size_t wanted, std::vector<std::string>& notes);
  /// Writes the sorted final files from the verified records (atomically, synced, the folder
  /// synced after the renames). The part files stay until remove_parts().
  void finalize();
  /// Removes the part files: call once the final files and the manifest saying complete are
  /// on disk.
  void remove_parts();

  /// The part file of table `t`.
  std::string part_path(std::size_t t) const;
  /// Where a run's recorder spills rows that outgrow memory.
  std::string spill_prefix(std::size_t run_id) const;

 private:
  RecordExpectation expectation() const;

  std::string dir_;
  std::vector<TableSpec> tables_;
  std::function<std::optional<std::vector<std::string>>(std::size_t)> expected_ids_;
  std::vector<int> fds_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point last_sync_;
  CheckedRecords checked_;  // of the last verify()
};

/// Sorts CSV records (whose first cell is a run_id) by run_id, keeping each run's own order.
void sort_by_run_id(std::vector<std::string>& records);

}  // namespace optbench
