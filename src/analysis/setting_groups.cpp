#include "setting_groups.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/core/setting_label.hpp"
#include "optbench/io/list_cell.hpp"

namespace optbench::detail {

namespace {

constexpr const char* kReached = "reached_target";

bool any_value(const std::vector<std::optional<double>>& values,
               const std::vector<std::size_t>& rows) {
  return std::any_of(rows.begin(), rows.end(), [&](std::size_t r) { return values[r]; });
}

}  // namespace

std::vector<std::optional<double>> metric_values(const CsvTable& runs, const std::string& column,
                                                 const std::string& source,
                                                 std::size_t row_offset) {
  std::vector<std::optional<double>> out(runs.rows.size());
  const auto it = std::find(runs.header.begin(), runs.header.end(), column);
  if (it == runs.header.end()) return out;
  const auto c = static_cast<std::size_t>(it - runs.header.begin());
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    const std::string& cell = runs.rows[r][c];
    if (cell.empty()) continue;
    double value = 0.0;
    const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
    if (ec != std::errc() || end != cell.data() + cell.size()) {
      throw Error({source, 0, 0}, column,
                  "row " + std::to_string(row_offset + r + 1) + ": '" + cell + "' is not a number");
    }
    // As pandas reads it: nan is a missing value.
    if (!std::isnan(value)) out[r] = value;
  }
  return out;
}

SettingGroups group_settings(const CsvTable& runs, const RankingRule& rule,
                             const SummaryOptions& options, const std::string& source,
                             std::size_t row_offset) {
  SettingGroups g;
  std::size_t optimizer = 0;
  try {
    g.status = runs.column("status");
    optimizer = runs.column("optimizer");
  } catch (const Error& e) {
    const SourceLocation where = source.empty() ? SourceLocation{} : SourceLocation{source, 1, 1};
    throw Error(where, "", e.message() + " (not a runs.csv?)");
  }
  for (std::size_t c = 0; c < runs.header.size(); ++c) g.columns[runs.header[c]] = c;
  if (const auto it = g.columns.find("seed"); it != g.columns.end() && it->second < g.status)
    g.seed = it->second;

  // Identifier columns: everything before status but run_id and seed.
  std::vector<std::size_t> keys;
  std::vector<std::size_t> problem;
  std::optional<std::size_t> setting;
  for (std::size_t c = 0; c < g.status; ++c) {
    const std::string& name = runs.header[c];
    if (name == "run_id" || name == "seed") continue;
    keys.push_back(c);
    if (name == "setting") {
      setting = c;
      continue;
    }
    const bool names_problem = rule.names_problem ? rule.names_problem(name) : c < optimizer;
    if (names_problem) problem.push_back(c);
  }
  for (const std::size_t c : keys) g.key_header.push_back({runs.header[c], runs.type(c)});
  if (!setting) g.key_header.push_back({"setting", ColumnType::Text});
  for (const std::size_t c : problem) g.problem_header.push_back({runs.header[c], runs.type(c)});

  std::map<std::vector<std::string>, std::size_t> setting_index;
  std::map<std::vector<std::string>, std::size_t> problem_index;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    const auto& row = runs.rows[r];
    std::vector<std::string> key;
    key.reserve(keys.size() + 1);
    for (const std::size_t c : keys) key.push_back(row[c]);
    const auto [it, added] = setting_index.emplace(key, g.settings.size());
    if (added) {
      std::vector<std::string> cells;
      cells.reserve(problem.size());
      for (const std::size_t c : problem) cells.push_back(row[c]);
      const auto [pit, padded] = problem_index.emplace(cells, g.problems.size());
      if (padded) {
        ProblemGroup p;
        p.cells = cells;
        // Lists enter the bootstrap's seed without their brackets, as before they had them,
        // so a problem draws the resamples it drew then (an expression never starts with `[`).
        for (std::size_t i = 0; i < cells.size(); ++i) {
          const std::string& cell = cells[i];
          const bool list = !cell.empty() && cell.front() == '[' && cell.back() == ']';
          p.key += g.problem_header[i].name + '=' + (list ? unbracketed(cell) : cell) + ';';
        }
        g.problems.push_back(std::move(p));
      }
      g.problems[pit->second].settings.push_back(g.settings.size());
      g.settings.push_back(
          {std::move(key), setting ? row[*setting] : std::string(), pit->second, {}});
    }
    g.settings[it->second].rows.push_back(r);
  }

  if (!setting) {
    // A runs.csv from before the setting column: the label the console printed then.
    std::vector<LabelCells> cells;
    for (const auto& s : g.settings) {
      const auto& row = runs.rows[s.rows.front()];
      LabelCells l{row[optimizer], {}};
      for (std::size_t c = optimizer + 1; c < g.status; ++c) {
        if (runs.header[c] != "seed" && runs.header[c] != "run_id")
          l.cells.emplace_back(runs.header[c], row[c]);
      }
      for (const std::size_t c : keys) {
        if (c < optimizer && std::find(problem.begin(), problem.end(), c) == problem.end())
          l.cells.emplace_back(runs.header[c], row[c]);
      }
      cells.push_back(std::move(l));
    }
    const std::vector<std::string> labels = setting_labels(cells);
    for (std::size_t i = 0; i < g.settings.size(); ++i) {
      g.settings[i].text = labels[i];
      g.settings[i].key.push_back(labels[i]);
    }
  }

  // What success means on each problem: the first running time that applies, else a target.
  bool any_reached = false;
  for (const auto& row : runs.rows) any_reached = any_reached || row[g.status] == kReached;
  for (auto& p : g.problems) {
    std::vector<std::size_t> rows;
    for (const std::size_t s : p.settings) {
      rows.insert(rows.end(), g.settings[s].rows.begin(), g.settings[s].rows.end());
    }
    for (std::size_t i = 0; i < rule.running_times.size() && !p.mode.time_column; ++i) {
      const std::string& name = rule.running_times[i];
      const auto column = g.columns.find(name);
      if (column == g.columns.end()) continue;
      const auto values = metric_values(runs, name, source, row_offset);
      // The first is the target's (one per sweep): it applies wherever the sweep had a target,
      // even on a problem no run solved. Later ones apply where some run has a value.
      const bool applies = i == 0 ? options.target.value_or(any_reached || any_value(values, rows))
                                  : any_value(values, rows);
      if (!applies) continue;
      p.mode.time_column = column->second;
      p.mode.time_name = name;
      p.mode.success_defined = true;
      p.mode.success_by_status = i == 0;
    }
    if (!p.mode.time_column && !rule.target_column.empty()) {
      const auto targets = metric_values(runs, rule.target_column, source, row_offset);
      p.mode.success_defined = std::any_of(
          rows.begin(), rows.end(), [&](std::size_t r) { return targets[r] && *targets[r] > 0.0; });
      p.mode.success_by_status = p.mode.success_defined;
    }
  }
  return g;
}

bool succeeded(const CsvTable& runs, const SettingGroups& groups, const ProblemMode& mode,
               std::size_t row) {
  if (!mode.success_defined) return false;
  if (mode.success_by_status) return runs.rows[row][groups.status] == kReached;
  const std::string& cell = runs.rows[row][*mode.time_column];
  return !cell.empty() && cell != "nan";
}

std::uint64_t bootstrap_seed(const std::string& what, const ProblemGroup& problem,
                             const std::string& setting, const std::string& column,
                             const std::string& other) {
  return stable_hash({what, problem.key, setting, column, other});
}

}  // namespace optbench::detail
