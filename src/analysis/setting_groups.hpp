#pragma once
// Internal to the verdicts: runs.csv split into problems and the settings compared on each,
// per-row metric values, and what success means on a problem.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "optbench/analysis/ranking_rule.hpp"
#include "optbench/analysis/verdicts.hpp"
#include "optbench/io/csv.hpp"

namespace optbench::detail {

/// One setting of one problem: the runs of its seeds.
struct SettingGroup {
  std::vector<std::string> key;  ///< summary.csv's identifier cells (the setting text last)
  std::string text;              ///< the `setting` cell
  std::size_t problem = 0;
  std::vector<std::size_t> rows;  ///< runs.csv rows, in file order
};

/// What success means on a problem, and the running time its ERT counts.
struct ProblemMode {
  std::optional<std::size_t> time_column;  ///< runs.csv column of the ERT (steps_to_target, ...)
  std::string time_name;
  bool success_defined = false;
  bool success_by_status = false;  ///< status reached_target; else: a value in time_column
};

/// One problem: its identifier cells and settings in first-appearance order.
struct ProblemGroup {
  std::vector<std::string> cells;  ///< values of SettingGroups::problem_header
  std::string key;                 ///< "column=value;" per cell: seeds the bootstrap
  std::vector<std::size_t> settings;
  ProblemMode mode;
};

/// runs.csv seen as problems x settings x seeds.
struct SettingGroups {
  std::vector<Column> key_header;      ///< summary.csv's identifier columns, setting last
  std::vector<Column> problem_header;  ///< the identifier columns naming a problem
  std::vector<SettingGroup> settings;
  std::vector<ProblemGroup> problems;
  std::size_t status = 0;                      ///< runs.csv column
  std::optional<std::size_t> seed;             ///< runs.csv column
  std::map<std::string, std::size_t> columns;  ///< runs.csv column index by name
};

/// Groups runs.csv by its identifier columns (those before status) but run_id and seed; the
/// setting's text is the `setting` column, or, in a runs.csv written before it existed, the
/// label setting_labels gives. Throws Error (at `source`) without status or optimizer.
SettingGroups group_settings(const CsvTable& runs, const RankingRule& rule,
                             const SummaryOptions& options, const std::string& source,
                             std::size_t row_offset = 0);

/// A metric column per runs.csv row: nullopt where empty or nan (all nullopt where the column is
/// absent); a cell that is not a number throws Error naming the row (counted after
/// `row_offset` rows of runs.csv that `runs` leaves out).
std::vector<std::optional<double>> metric_values(const CsvTable& runs, const std::string& column,
                                                 const std::string& source,
                                                 std::size_t row_offset = 0);

/// Whether run `row` succeeded on a problem with `mode` (false where success is undefined).
bool succeeded(const CsvTable& runs, const SettingGroups& groups, const ProblemMode& mode,
               std::size_t row);

/// The seeds a key draws its resamples from: stable_hash of the parts.
std::uint64_t bootstrap_seed(const std::string& what, const ProblemGroup& problem,
                             const std::string& setting, const std::string& column,
                             const std::string& other = "");

}  // namespace optbench::detail
