#pragma once
// Verification of a result folder's records before they are trusted (resume, finalize, merge):
// each finished run's runs.csv row must belong to the plan, carry the plan's identifier cells,
// appear once, and vouch for its rows in every other table (count and CRC-32).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "optbench/io/column_type.hpp"

namespace optbench {

/// The integrity cells a runs.csv row carries for one other table: its row count, CRC-32.
struct TableDigest {
  std::uint64_t rows = 0;
  std::uint32_t crc = 0;
};

/// Folds one record (its bytes, without the newline) into a digest as it is written.
void add_record(TableDigest& digest, std::string_view record);

/// The part of a record its checksum covers: all of it, or, where the table's last column is a
/// time, everything before that cell's comma.
std::string_view checked_part(std::string_view record, bool timed_last_column);

/// The integrity columns runs.csv gets for a table ("trace.csv" -> trace_rows,
/// trace_checksum), both integers.
std::vector<Column> integrity_columns(const std::string& table_file);

/// The text of a digest's two cells.
std::string rows_cell(const TableDigest& d);
std::string checksum_cell(const TableDigest& d);

/// A run's contiguous rows in a file: bytes [begin, end).
struct RecordBlock {
  std::size_t run_id = 0;
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};

/// What the records of a folder must look like.
struct RecordExpectation {
  std::vector<std::string> files;                 ///< runs table first; the others in table order
  bool with_header = false;                       ///< final files (merge) start with a header line
  std::vector<std::vector<std::string>> headers;  ///< expected header per file, when with_header
  std::size_t runs_columns = 0;                   ///< cells of a runs row, integrity cells included
  std::vector<bool> timed_last_column;  ///< per file: its last cell is outside the checksum
  /// The identifier cells (run_id first) a run of the plan (and shard) has; nullopt for an id
  /// that is not one.
  std::function<std::optional<std::vector<std::string>>(std::size_t run_id)> expected_ids;
};

/// Run ids in increasing order, without repeats: 8 bytes a run where a std::set takes 40.
class RunIds {
 public:
  /// Appends an id greater than every id held.
  void push_back(std::size_t id) { ids_.push_back(id); }
  /// 1 when the id is held, else 0 (as std::set::count).
  std::size_t count(std::size_t id) const;
  std::size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  std::vector<std::size_t>::const_iterator begin() const { return ids_.begin(); }
  std::vector<std::size_t>::const_iterator end() const { return ids_.end(); }

 private:
  std::vector<std::size_t> ids_;
};

/// The verified runs of a folder, where their rows are, and why the others were dropped.
/// Its memory is about 50 bytes a run and table, whatever the rows hold: the rows themselves are
/// read once, streaming, and never kept.
struct CheckedRecords {
  RunIds runs;                                   ///< verified runs
  std::vector<std::vector<RecordBlock>> blocks;  ///< per file: the verified runs' blocks
  std::vector<std::string> problems;             ///< one line per dropped run or damaged file
};

/// Reads every file (missing ones count as empty) and verifies each run's records. Never throws
/// on bad content: what does not verify is reported in `problems` and left out.
CheckedRecords check_records(const RecordExpectation& expected);

}  // namespace optbench
