#include "optbench/io/csv.hpp"

#include <fstream>
#include <sstream>

#include "optbench/core/error.hpp"
#include "optbench/io/input_file.hpp"

namespace optbench {

void append_cell(std::string& row, std::string_view cell) {
  if (cell.find_first_of(",\"\r\n") == std::string_view::npos) {
    row.append(cell);
    return;
  }
  row += '"';
  for (char c : cell) {
    if (c == '"') row += '"';
    row += c;
  }
  row += '"';
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += ',';
    append_cell(out, cells[i]);
  }
  return out;
}

std::vector<std::string> split_csv_line(std::string_view line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cells.back() += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cells.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

std::vector<std::string> split_records(std::string_view text, bool complete_only) {
  std::vector<std::string> out;
  std::size_t start = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') quoted = !quoted;
    if (c == '\n' && !quoted) {
      std::size_t end = i;
      if (end > start && text[end - 1] == '\r') --end;
      out.emplace_back(text.substr(start, end - start));
      start = i + 1;
    }
  }
  if (start < text.size() && !complete_only) out.emplace_back(text.substr(start));
  return out;
}

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  throw Error("", "no column '" + name + "'");
}

ColumnType CsvTable::type(std::size_t c) const {
  return c < types.size() ? types[c] : ColumnType::Text;
}

void CsvTable::add_column(std::string name, ColumnType type) {
  // A table read from a file has no types: its header's columns are text until declared.
  types.resize(header.size(), ColumnType::Text);
  header.push_back(std::move(name));
  types.push_back(type);
}

CsvTable read_csv(const std::string& path) {
  const std::vector<std::string> records =
      split_records(read_input_file(path, kMaxReadBytes, "CSV file"), false);
  CsvTable table;
  if (records.empty()) throw Error({path, 1, 1}, "", "the file is empty (no header row)");
  table.header = split_csv_line(records[0]);
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].empty()) continue;
    auto cells = split_csv_line(records[r]);
    if (cells.size() != table.header.size()) {
      throw Error({path, static_cast<int>(r + 1), 1}, "",
                  "row has " + std::to_string(cells.size()) + " cells, the header " +
                      std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(cells));
  }
  return table;
}

}  // namespace optbench
