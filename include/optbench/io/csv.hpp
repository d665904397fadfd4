#pragma once
// CSV cells and rows as RFC 4180 writes them, and a reader for optbench's own files.

#include <string>
#include <string_view>
#include <vector>

#include "optbench/io/column_type.hpp"

namespace optbench {

/// Appends one cell to a row being built, quoting it when it holds a comma, quote or newline.
void append_cell(std::string& row, std::string_view cell);

/// Joins cells into one CSV line (no trailing newline).
std::string csv_line(const std::vector<std::string>& cells);

/// Splits one CSV record (quotes honoured) into its cells.
std::vector<std::string> split_csv_line(std::string_view line);

/// A whole CSV file: header and rows.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  /// The declared type of each header column in a table optbench builds (summary.csv, ...);
  /// empty in a table read from a file, which does not say.
  std::vector<ColumnType> types;

  /// Index of a column; throws Error naming the file when absent.
  std::size_t column(const std::string& name) const;
  /// Column c's declared type; text where the table does not declare types.
  ColumnType type(std::size_t c) const;
  /// Appends a column to the header with its declared type.
  void add_column(std::string name, ColumnType type);
};

/// Reads a CSV file with a header row; throws Error(file:line) for a missing file or a ragged row.
CsvTable read_csv(const std::string& path);

/// Splits text into CSV records (a quoted cell may hold newlines); each record without its
/// line end. A last record without a newline is dropped when `complete_only`.
std::vector<std::string> split_records(std::string_view text, bool complete_only);

}  // namespace optbench
