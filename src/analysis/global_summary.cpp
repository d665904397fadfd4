#include "optbench/analysis/global_summary.hpp"

#include <algorithm>
#include <charconv>
#include <map>

#include "optbench/core/error.hpp"
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
  for (const auto& row : runs.rows) {
    std::vector<std::string> key;
    key.reserve(keys.size());
    for (const std::size_t c : keys) key.push_back(row[c]);
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.key == key; });
    if (it == groups.end()) {
      groups.push_back(Group{key, 0, 0, 0, 0, {}});
      it = groups.end() - 1;
    }
    ++it->runs;
    if (row[reached] == "true") ++it->successes;
    it->evaluations += whole(row[evaluations], "evaluations");
    it->gradient_evaluations += whole(row[gradient_evaluations], "gradient_evaluations");
    ++it->basins[row[basin].empty() ? -1 : whole(row[basin], "final_basin")];
  }
  CsvTable out;
  for (const std::size_t c : keys) out.header.push_back(runs.header[c]);
  for (const char* column : {"runs", "reached_global", "reached_global_share", "ert_evaluations",
                             "ert_gradient_evaluations", "final_basin_shares"}) {
    out.header.emplace_back(column);
  }
  for (const Group& g : groups) {
    std::vector<std::string> row = g.key;
    const auto n = static_cast<double>(g.runs);
    const auto s = static_cast<double>(g.successes);
    row.push_back(std::to_string(g.runs));
    row.push_back(std::to_string(g.successes));
    row.push_back(format_number(s / n));
    row.push_back(g.successes > 0 ? format_number(static_cast<double>(g.evaluations) / s) : "");
    row.push_back(g.successes > 0 ? format_number(static_cast<double>(g.gradient_evaluations) / s)
                                  : "");
    std::string shares;
    for (const auto& [index, count] : g.basins) {
      if (index < 0) continue;
      shares += (shares.empty() ? "" : " ") + std::to_string(index) + '=' +
                format_number(static_cast<double>(count) / n);
    }
    if (const auto none = g.basins.find(-1); none != g.basins.end()) {
      shares += (shares.empty() ? "" : " ") + std::string("none=") +
                format_number(static_cast<double>(none->second) / n);
    }
    row.push_back(shares);
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace optbench
