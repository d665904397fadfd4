#include "optbench/report/run_table.hpp"

#include "optbench/report/result_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace optbench::report {

namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string shortest(double value) {
  char buf[40];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

}  // namespace

double RunTable::Numbers::at(std::size_t row) const {
  return is_wide ? wide[row] : static_cast<double>(narrow[row]);
}

void RunTable::start(std::vector<std::string> columns, const std::set<std::string>& numbers,
                     const std::set<std::string>& texts) {
  *this = RunTable();
  header = std::move(columns);
  slot_.assign(header.size(), kNone);
  is_text_.assign(header.size(), false);
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (std::find(header.begin(), header.begin() + static_cast<std::ptrdiff_t>(c), header[c]) !=
        header.begin() + static_cast<std::ptrdiff_t>(c))
      continue;  // a repeated name: the first column of that name is the one read
    if (texts.count(header[c]) != 0) {
      slot_[c] = texts_.size();
      is_text_[c] = true;
      texts_.emplace_back();
    } else if (numbers.count(header[c]) != 0) {
      slot_[c] = numbers_.size();
      numbers_.emplace_back();
    }
  }
}

void RunTable::append(const std::vector<std::string>& cells) {
  for (std::size_t c = 0; c < slot_.size() && c < cells.size(); ++c) {
    if (slot_[c] == kNone) continue;
    const std::string& cell = cells[c];
    if (is_text_[c]) {
      Texts& t = texts_[slot_[c]];
      const auto [it, added] = t.index.emplace(cell, static_cast<std::uint32_t>(t.values.size()));
      if (added) t.values.push_back(cell);
      t.ids.push_back(it->second);
      continue;
    }
    Numbers& n = numbers_[slot_[c]];
    const double value = number_or_nan(cell);
    if (!cell.empty() && (std::isnan(value) || shortest(value) != cell))
      n.odd.emplace_back(rows_, cell);
    if (!n.is_wide && !std::isnan(value) &&
        static_cast<double>(static_cast<float>(value)) != value) {
      // A value a float cannot hold: the column turns double (floats widen exactly).
      n.wide.assign(n.narrow.begin(), n.narrow.end());
      n.narrow = std::vector<float>();
      n.is_wide = true;
    }
    if (n.is_wide) {
      n.wide.push_back(value);
    } else {
      n.narrow.push_back(static_cast<float>(value));
    }
  }
  ++rows_;
}

std::optional<std::size_t> RunTable::column(const std::string& name) const {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

bool RunTable::held(std::size_t column) const {
  return column < slot_.size() && slot_[column] != kNone;
}

double RunTable::number(std::size_t row, std::size_t column) const {
  if (!held(column)) {
    throw std::logic_error("runs.csv column " + header.at(column) +
                           " is not held by the report's reader (add it to its list)");
  }
  if (is_text_[column]) {
    const Texts& t = texts_[slot_[column]];
    return number_or_nan(t.values[t.ids[row]]);
  }
  return numbers_[slot_[column]].at(row);
}

std::string RunTable::text(std::size_t row, std::size_t column) const {
  if (!held(column)) {
    throw std::logic_error("runs.csv column " + header.at(column) +
                           " is not held by the report's reader (add it to its list)");
  }
  if (is_text_[column]) {
    const Texts& t = texts_[slot_[column]];
    return t.values[t.ids[row]];
  }
  const Numbers& n = numbers_[slot_[column]];
  const auto it = std::lower_bound(
      n.odd.begin(), n.odd.end(), row,
      [](const std::pair<std::size_t, std::string>& o, std::size_t r) { return o.first < r; });
  if (it != n.odd.end() && it->first == row) return it->second;
  const double value = n.at(row);
  return std::isnan(value) ? std::string() : shortest(value);
}

double RunTable::number(std::size_t row, const std::string& column) const {
  const auto c = this->column(column);
  return c ? number(row, *c) : kNaN;
}

std::string RunTable::text(std::size_t row, const std::string& column) const {
  const auto c = this->column(column);
  return c ? text(row, *c) : std::string();
}

}  // namespace optbench::report
