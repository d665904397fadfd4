#include "optbench/analysis/global_summary.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "optbench/analysis/statistics.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

namespace {

std::int64_t whole(const std::string& cell, const std::string& column) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size()) {
    throw Error(column, "'" + cell + "' is not a whole number");
  }
  return value;
}

struct Group {
  std::vector<std::string> key;
  std::size_t runs = 0;
  std::size_t successes = 0;
  std::size_t judged = 0;  ///< runs with a reached_global cell (a target of f_star + OFFSET)
  std::int64_t evaluations = 0;
  std::int64_t gradient_evaluations = 0;
  std::map<std::int64_t, std::size_t> basins;  ///< basin index -> runs; -1: none
};

}  // namespace

CsvTable global_summary(const CsvTable& runs) {
  const std::size_t status = runs.column("status");
  const std::size_t reached = runs.column("reached_global");
  const std::size_t evaluations = runs.column("evaluations");
  const std::size_t gradient_evaluations = runs.column("gradient_evaluations");
  const std::size_t basin = runs.column("final_basin");
  std::vector<std::size_t> keys;
  for (std::size_t c = 0; c < status; ++c) {
    if (runs.header[c] != "run_id" && runs.header[c] != "seed") keys.push_back(c);
  }
  std::vector<Group> groups;
  std::map<std::vector<std::string>, std::size_t> index;
  for (const auto& row : runs.rows) {
    std::vector<std::string> key;
    key.reserve(keys.size());
    for (const std::size_t c : keys) key.push_back(row[c]);
    // An index, not a search: a sweep may hold a million settings.
    const auto [slot, inserted] = index.try_emplace(key, groups.size());
    if (inserted) groups.push_back(Group{key, 0, 0, 0, 0, 0, {}});
    Group* it = &groups[slot->second];
    ++it->runs;
    if (row[reached] == "true") ++it->successes;
    if (!row[reached].empty()) ++it->judged;
    it->evaluations += whole(row[evaluations], "evaluations");
    it->gradient_evaluations += whole(row[gradient_evaluations], "gradient_evaluations");
    ++it->basins[row[basin].empty() ? -1 : whole(row[basin], "final_basin")];
  }
  CsvTable out;
  for (const std::size_t c : keys) out.add_column(runs.header[c], runs.type(c));
  for (const char* column : {"runs", "reached_global"}) out.add_column(column, ColumnType::Integer);
  for (const char* column : {"reached_global_share", "ert_evaluations", "ert_gradient_evaluations"})
    out.add_column(column, ColumnType::Number);
  out.add_column("final_basin_shares", ColumnType::List);
  for (const Group& g : groups) {
    std::vector<std::string> row = g.key;
    const auto n = static_cast<double>(g.runs);
    const auto s = static_cast<double>(g.successes);
    row.push_back(std::to_string(g.runs));
    row.push_back(std::to_string(g.successes));
    const bool judged = g.judged > 0;
    row.push_back(judged ? format_number(s / n) : "");
    row.push_back(g.successes > 0 ? format_number(static_cast<double>(g.evaluations) / s) : "");
    row.push_back(g.successes > 0 ? format_number(static_cast<double>(g.gradient_evaluations) / s)
                                  : "");
    std::vector<std::string> shares;
    for (const auto& [index, count] : g.basins) {
      if (index < 0) continue;
      shares.push_back(std::to_string(index) + '=' + format_number(static_cast<double>(count) / n));
    }
    if (const auto none = g.basins.find(-1); none != g.basins.end()) {
      shares.push_back("none=" + format_number(static_cast<double>(none->second) / n));
    }
    row.push_back(list_cell(shares));
    out.rows.push_back(std::move(row));
  }
  return out;
}

bool has_global_columns(const std::vector<std::string>& runs_header) {
  for (const char* column :
       {"status", "reached_global", "evaluations", "gradient_evaluations", "final_basin"}) {
    if (std::find(runs_header.begin(), runs_header.end(), column) == runs_header.end())
      return false;
  }
  return true;
}

void add_global_columns(CsvTable& summary, const CsvTable& runs, double confidence) {
  if (has_global_columns(runs.header)) add_global_table(summary, global_summary(runs), confidence);
}

void add_global_table(CsvTable& summary, const CsvTable& global, double confidence) {
  const std::size_t key_count = global.header.size() - 6;
  std::vector<std::size_t> key_in_summary;
  for (std::size_t c = 0; c < key_count; ++c) {
    const auto it = std::find(summary.header.begin(), summary.header.end(), global.header[c]);
    if (it == summary.header.end()) return;
    key_in_summary.push_back(static_cast<std::size_t>(it - summary.header.begin()));
  }
  std::map<std::vector<std::string>, const std::vector<std::string>*> by_key;
  for (const auto& row : global.rows) {
    by_key.emplace(std::vector<std::string>(row.begin(), row.begin() + key_count), &row);
  }
  // Before the rank, beside the other per-setting statistics.
  const auto rank = std::find(summary.header.begin(), summary.header.end(), "rank");
  const auto at = static_cast<std::size_t>(rank - summary.header.begin());
  const std::vector<Column> added{{"reached_global_rate", ColumnType::Number},
                                  {"reached_global_ci_low", ColumnType::Number},
                                  {"reached_global_ci_high", ColumnType::Number},
                                  {"ert_evaluations", ColumnType::Number},
                                  {"ert_gradient_evaluations", ColumnType::Number},
                                  {"final_basin_shares", ColumnType::List}};
  const std::vector<std::string> names = column_names(added);
  summary.types.resize(summary.header.size(), ColumnType::Text);
  summary.header.insert(summary.header.begin() + static_cast<std::ptrdiff_t>(at), names.begin(),
                        names.end());
  for (std::size_t i = 0; i < added.size(); ++i) {
    summary.types.insert(summary.types.begin() + static_cast<std::ptrdiff_t>(at + i),
                         added[i].type);
  }
  for (auto& row : summary.rows) {
    std::vector<std::string> key;
    key.reserve(key_count);
    for (const std::size_t c : key_in_summary) key.push_back(row[c]);
    std::vector<std::string> cells(added.size());
    if (const auto it = by_key.find(key); it != by_key.end()) {
      const std::vector<std::string>& g = *it->second;
      const std::size_t n = static_cast<std::size_t>(whole(g[key_count], "runs"));
      const std::size_t reached = static_cast<std::size_t>(whole(g[key_count + 1], "runs"));
      // Judged only where the target was f_star + OFFSET (reached_global filled in).
      if (!g[key_count + 2].empty()) {
        const Interval ci = wilson_interval(reached, n, confidence);
        cells[0] = g[key_count + 2];
        cells[1] = format_number(ci.low);
        cells[2] = format_number(ci.high);
        cells[3] = g[key_count + 3];
        cells[4] = g[key_count + 4];
      }
      cells[5] = g[key_count + 5];
    }
    row.insert(row.begin() + static_cast<std::ptrdiff_t>(at), cells.begin(), cells.end());
  }
}

}  // namespace optbench
