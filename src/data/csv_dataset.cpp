#include "optbench/data/csv_dataset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/input_file.hpp"

namespace optbench {

namespace {

/// One cell of a line: its text (quotes removed) and the 1-based column where it starts.
struct Cell {
  std::string text;
  int column = 1;
};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

/// Splits one physical line into cells (RFC 4180 quotes, which may not span lines).
std::vector<Cell> split_cells(std::string_view line, const std::string& path, int line_no) {
  std::vector<Cell> cells(1);
  bool quoted = false;
  int quote_column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c != '"') {
        cells.back().text += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cells.back().text += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
      quote_column = static_cast<int>(i) + 1;
    } else if (c == ',') {
      cells.push_back({"", static_cast<int>(i) + 2});
    } else {
      cells.back().text += c;
    }
  }
  if (quoted) {
    throw Error({path, line_no, quote_column}, "",
                "unterminated quote (a data cell may not span lines)");
  }
  return cells;
}

/// Parses a whole cell as a finite number, else throws Error at the cell.
double parse_number(const Cell& cell, const std::string& path, int line_no,
                    const std::string& column_name) {
  std::string_view s = trim(cell.text);
  const SourceLocation where{path, line_no, cell.column};
  if (s.empty()) throw Error(where, column_name, "empty cell (a number is needed)");
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);
  double value = 0.0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    throw Error(where, column_name, "number out of range: '" + std::string(s) + "'");
  }
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    throw Error(where, column_name, "not a number: '" + std::string(s) + "'");
  }
  if (!std::isfinite(value)) {
    throw Error(where, column_name, "not a finite number: '" + std::string(s) + "'");
  }
  return value;
}

/// Labels: whole numbers from 0; anything above this is surely not a class index.
constexpr double kMaxLabel = 1.0e6;

int parse_label(const Cell& cell, const std::string& path, int line_no,
                const std::string& column_name) {
  const double value = parse_number(cell, path, line_no, column_name);
  const SourceLocation where{path, line_no, cell.column};
  const std::string text(trim(cell.text));
  if (value != std::floor(value)) {
    throw Error(where, column_name, "a label must be a whole number, got '" + text + "'");
  }
  if (value < 0.0) {
    throw Error(where, column_name,
                "negative label '" + text + "' (labels are the classes 0, 1, 2, ...)");
  }
  if (value > kMaxLabel) throw Error(where, column_name, "label '" + text + "' is too large");
  return static_cast<int>(value);
}

}  // namespace

Dataset read_csv_dataset(const std::string& path, const std::string& label_column) {
  // A regular file of bounded size: a FIFO would block and /dev/zero never end.
  const std::string text = read_input_file(path, kMaxCsvDataBytes, "CSV data file");
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);  // UTF-8 byte-order mark

  Dataset data;
  data.name = std::filesystem::path(path).stem().string();
  std::vector<std::string> header;
  int header_line = 0;
  std::size_t label_index = 0;
  std::vector<double> values;  // sample after sample: the column-major features x samples matrix
  std::vector<int> labels;

  int line_no = 0;
  while (!rest.empty()) {
    const std::size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    const std::vector<Cell> cells = split_cells(line, path, line_no);

    if (header.empty()) {
      header_line = line_no;
      for (const auto& cell : cells) header.emplace_back(trim(cell.text));
      const auto found = std::find(header.begin(), header.end(), label_column);
      if (found == header.end()) {
        throw Error({path, line_no, 1}, "label",
                    "no label column '" + label_column + "' in the header" +
                        did_you_mean(label_column, header));
      }
      label_index = static_cast<std::size_t>(found - header.begin());
      const auto again = std::find(found + 1, header.end(), label_column);
      if (again != header.end()) {
        throw Error({path, line_no, cells[static_cast<std::size_t>(again - header.begin())].column},
                    "label", "the label column '" + label_column + "' appears twice");
      }
      if (header.size() < 2) {
        throw Error({path, line_no, 1}, "", "the header has no feature columns besides the label");
      }
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (c != label_index) data.feature_names.push_back(header[c]);
      }
      continue;
    }

    if (cells.size() != header.size()) {
      const int column = cells.size() > header.size() ? cells[header.size()].column
                                                      : static_cast<int>(line.size()) + 1;
      throw Error({path, line_no, column}, "",
                  "row has " + std::to_string(cells.size()) + " cells, the header " +
                      std::to_string(header.size()));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c == label_index) {
        labels.push_back(parse_label(cells[c], path, line_no, header[c]));
      } else {
        values.push_back(parse_number(cells[c], path, line_no, header[c]));
      }
    }
  }

  if (header.empty()) throw Error({path, 1, 1}, "", "the file is empty (no header row)");
  if (labels.empty()) {
    throw Error({path, header_line, 1}, "", "the header has no data rows below it");
  }

  std::vector<int> present = labels;
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
  for (std::size_t k = 0; k < present.size(); ++k) {
    if (present[k] != static_cast<int>(k)) {
      throw Error({path, 0, 0}, label_column,
                  "class " + std::to_string(k) + " never occurs (the labels must cover 0 to " +
                      std::to_string(present.back()) + ", the largest label)");
    }
  }
  data.classes = present.back() + 1;

  const auto n = static_cast<Eigen::Index>(labels.size());
  const auto f = static_cast<Eigen::Index>(data.feature_names.size());
  data.x = Eigen::Map<const Eigen::MatrixXd>(values.data(), f, n);
  data.y = Eigen::Map<const Eigen::VectorXi>(labels.data(), n);
  return data;
}

}  // namespace optbench
