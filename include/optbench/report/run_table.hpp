#pragma once
// runs.csv held compactly for the report: only the columns it reads, numbers as float or double,
// text interned, so that a sweep of millions of runs fits in memory.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace optbench::report {

/// The held columns of runs.csv, row by row; every other column is known by name only.
class RunTable {
 public:
  /// Every column of the file, in order.
  std::vector<std::string> header;

  /// Starts an empty table of these columns, holding the cells of those in `numbers` (read as
  /// numbers, their text kept exactly) and `texts` (interned).
  void start(std::vector<std::string> columns, const std::set<std::string>& numbers,
             const std::set<std::string>& texts);
  /// Adds a row of cells (one per header column).
  void append(const std::vector<std::string>& cells);

  /// Number of rows.
  std::size_t size() const { return rows_; }
  /// Whether there are no rows.
  bool empty() const { return rows_ == 0; }
  /// Index of a column by name, or nullopt.
  std::optional<std::size_t> column(const std::string& name) const;
  /// Whether the header has this column.
  bool has_column(const std::string& name) const { return column(name).has_value(); }
  /// Whether the cells of a column are held.
  bool held(std::size_t column) const;
  /// A held cell as a number: NaN when empty or not a number. Throws std::logic_error for a
  /// column that is not held.
  double number(std::size_t row, std::size_t column) const;
  /// A held cell's text exactly as in the file. Throws std::logic_error for a column not held.
  std::string text(std::size_t row, std::size_t column) const;
  /// number() by column name; NaN where the header has no such column.
  double number(std::size_t row, const std::string& column) const;
  /// text() by column name; "" where the header has no such column.
  std::string text(std::size_t row, const std::string& column) const;

 private:
  // A column of numbers: float while every value is one exactly, else double; the cells whose
  // text the shortest round-trip form does not give back are kept as text beside them.
  struct Numbers {
    std::vector<float> narrow;
    std::vector<double> wide;
    bool is_wide = false;
    std::vector<std::pair<std::size_t, std::string>> odd;  // (row, text), rows ascending
    double at(std::size_t row) const;
  };
  struct Texts {
    std::vector<std::uint32_t> ids;
    std::vector<std::string> values;
    std::unordered_map<std::string, std::uint32_t> index;
  };
  std::size_t rows_ = 0;
  std::vector<std::size_t> slot_;  // per column: index into numbers_ or texts_, or npos
  std::vector<bool> is_text_;
  std::vector<Numbers> numbers_;
  std::vector<Texts> texts_;
};

}  // namespace optbench::report
