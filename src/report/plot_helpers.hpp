#pragma once
// Helpers shared by the report's plot producers (not installed).

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "optbench/functions/test_function.hpp"
#include "optbench/report/plot_spec.hpp"
#include "optbench/report/result_data.hpp"

namespace optbench::report::detail {

/// At most this many figures of one sort per report (one per problem instance).
inline constexpr std::size_t kMaxPerSort = 24;

/// The test function of a problem instance (name, dim and parameters from its runs.csv cells),
/// or nullptr when it cannot be rebuilt (unknown name, bad cells).
std::unique_ptr<TestFunction> function_of(const std::map<std::string, std::string>& cells);

/// Index of a column of `table` by name, or nullopt.
std::optional<std::size_t> column_of(const CsvTable& table, const std::string& name);

/// Index of a runs.csv column by name, or nullopt.
std::optional<std::size_t> column_of(const RunTable& table, const std::string& name);

/// A cell of row r by column name ("" when the column is absent).
std::string cell(const CsvTable& table, std::size_t row, const std::string& column);

/// The runs.csv rows grouped by (problem instance, optimizer setting), the groups numbered in
/// that order (a row without a setting after its instance's settings).
struct InstanceSettingGroups {
  std::vector<std::size_t> of_row;             ///< per runs.csv row, its group
  std::vector<std::size_t> instance, setting;  ///< per group
  std::vector<std::size_t> runs;               ///< per group, its number of runs.csv rows
};
InstanceSettingGroups instance_setting_groups(const RunGroups& groups);

/// Per instance, the known minimum value of its registered function (nullopt where unknown).
std::vector<std::optional<double>> instance_f_stars(const RunGroups& groups);

/// The groups whose reduced curves hold runs, in (setting, instance) order: the order the curves
/// are drawn in.
template <typename Reduced>
std::vector<std::size_t> drawing_order(const std::vector<Reduced>& reduced,
                                       const InstanceSettingGroups& groups) {
  std::vector<std::size_t> order;
  for (std::size_t k = 0; k < reduced.size(); ++k) {
    if (reduced[k].runs > 0) order.push_back(k);
  }
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::make_pair(groups.setting[a], groups.instance[a]) <
           std::make_pair(groups.setting[b], groups.instance[b]);
  });
  return order;
}

/// What log_axis_suits says of a set of values, gathered one value at a time.
class AxisRange {
 public:
  /// Adds a value the axis would show.
  void add(double value);
  /// log_axis_suits of every value added.
  bool log_suits() const;
  /// The smallest value added (infinite before any).
  double lo() const { return lo_; }

 private:
  double lo_ = std::numeric_limits<double>::infinity();
  double hi_ = -std::numeric_limits<double>::infinity();
  bool bad_ = false;
};

/// Loss curves by optimizer setting, one (x, loss) curve per run.
using CurvesBySetting = std::map<std::size_t, std::vector<std::vector<std::array<double, 2>>>>;

/// Where no finite loss of `curves` lies below f* (rounding aside) and some lies above it, turns
/// every loss into f - f*, at least the smallest positive gap (a log axis shows them all), and
/// returns true; else leaves them and returns false.
bool to_gap(CurvesBySetting& curves, double f_star);

/// Keeps at most `limit` rows, evenly spaced, always the first and last.
template <typename Row>
std::vector<Row> thin(const std::vector<Row>& rows, std::size_t limit) {
  if (rows.size() <= limit || limit < 2) return rows;
  std::vector<Row> out;
  out.reserve(limit);
  const double stride = static_cast<double>(rows.size() - 1) / static_cast<double>(limit - 1);
  for (std::size_t k = 0; k < limit; ++k) {
    out.push_back(rows[static_cast<std::size_t>(static_cast<double>(k) * stride + 0.5)]);
  }
  out.back() = rows.back();
  return out;
}

/// A file-name-safe stem: letters, digits, '-' and '_' kept, the rest '-'.
std::string safe_name(const std::string& text);

/// The identifier cells of an optimizer setting and a problem instance together (either may be
/// RunGroups::npos), for Series::cells.
std::map<std::string, std::string> cells_of(const RunGroups& groups, std::size_t setting,
                                            std::size_t instance);

/// A log axis from this ratio of the largest to the smallest value on (two decades).
inline constexpr double kDecadesForLog = 100.0;

/// The report's one rule for an automatic log axis: the values (NaN ignored) are all positive
/// and finite and the largest is at least kDecadesForLog times the smallest. A caller passes
/// what the axis would show (a step axis its positive steps: a log axis starts after step 0).
bool log_axis_suits(const std::vector<double>& values);

/// Number of distinct settings (optimizer columns) in the sweep.
std::size_t setting_count(const RunGroups& groups);

/// A short number for labels and captions (%.4g).
std::string short_number(double value);

}  // namespace optbench::report::detail
