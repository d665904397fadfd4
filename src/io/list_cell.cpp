#include "optbench/io/list_cell.hpp"

#include <charconv>
#include <limits>

#include "optbench/io/number_format.hpp"

namespace optbench {

std::string list_cell(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ' ';
    out += items[i];
  }
  return out + ']';
}

std::string list_cell(std::span<const double> values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    append_number(out, values[i]);
  }
  return out + ']';
}

namespace {

std::optional<double> parse_item(std::string_view text) {
  if (text == "nan") return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  double value = 0.0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::vector<double>> parse_number_list(std::string_view cell) {
  if (!cell.empty() && cell.front() == '[') {
    if (cell.size() < 2 || cell.back() != ']') return std::nullopt;
    cell = cell.substr(1, cell.size() - 2);
  }
  std::vector<double> out;
  std::size_t start = 0;
  while (start < cell.size()) {
    std::size_t end = cell.find(' ', start);
    if (end == std::string_view::npos) end = cell.size();
    if (end > start) {
      const auto value = parse_item(cell.substr(start, end - start));
      if (!value) return std::nullopt;
      out.push_back(*value);
    }
    start = end + 1;
  }
  return out;
}

std::string unbracketed(std::string_view cell) {
  std::string out;
  out.reserve(cell.size());
  for (const char c : cell) {
    if (c != '[' && c != ']') out += c;
  }
  return out;
}

}  // namespace optbench
