#pragma once
// A result folder as the report reads it: runs.csv grouped into problem instances and optimizer
// settings with readable labels (streamed, only the columns the report reads held), trace.csv's
// columns (its rows are streamed per plot), and the optional tables
// (summary.csv, critical_points.csv, spectrum.csv, timings.csv, manifest.json).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "optbench/analysis/ranking_rule.hpp"
#include "optbench/analysis/statistics.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/report/run_table.hpp"
#include "optbench/report/trace_reader.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace optbench::report {

/// A column of indices (below 2^32 - 1) held in 4 bytes each, read back as std::size_t: a
/// sweep of ten million runs keeps two of them per row. npos is stored as 2^32 - 1 and read back
/// as npos.
class IndexColumn {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  /// The index at position i (npos where npos was stored).
  std::size_t operator[](std::size_t i) const { return values_[i] == kNone ? npos : values_[i]; }
  /// Appends an index; throws std::length_error above the 4-byte range.
  void push_back(std::size_t index);
  /// Number of indices.
  std::size_t size() const { return values_.size(); }
  /// Whether there are none.
  bool empty() const { return values_.empty(); }
  /// Reserves room for n indices.
  void reserve(std::size_t n) { values_.reserve(n); }
  /// Every index, as std::size_t (a copy).
  std::vector<std::size_t> values() const;

 private:
  static constexpr std::uint32_t kNone = static_cast<std::uint32_t>(-1);
  std::vector<std::uint32_t> values_;
};

/// runs.csv seen as problem instances x optimizer settings x seeds.
struct RunGroups {
  static constexpr std::size_t npos = IndexColumn::npos;
  /// Per runs.csv row.
  std::vector<std::size_t> run_id;
  IndexColumn instance, setting;
  /// Per runs.csv row, the index of its seed cell among `seeds` (seeds repeat across settings).
  std::vector<std::uint32_t> seed_index;
  /// The distinct seed cells.
  std::vector<std::string> seeds;
  /// Labels: "strict_saddle dim=10", "sgd lr=0.01". An instance's variant label names only what
  /// differs between instances ("batchnorm=none"; the problem name where problems differ).
  std::vector<std::string> instance_labels, variant_labels, setting_labels;
  /// Rows of runs.csv per instance.
  std::vector<std::vector<std::size_t>> instance_rows;
  /// The identifier cells of each instance, by column name.
  std::vector<std::map<std::string, std::string>> instance_cells;
  /// The cells of each setting (optimizer and its hyperparameters), by column name.
  std::vector<std::map<std::string, std::string>> setting_cells;

  /// The seed cell of a runs.csv row.
  const std::string& seed(std::size_t row) const { return seeds[seed_index[row]]; }
};

/// Splits runs.csv into instances (identifier columns before `optimizer`, or before `seed` when
/// there is none) and settings (from `optimizer` up to `seed`).
RunGroups group_runs(const CsvTable& runs);

/// Everything the report draws from.
struct ResultData {
  std::string dir;
  std::string kind;  ///< manifest's kind, else guessed from the files
  std::optional<Manifest> manifest;
  RunTable runs;  ///< the columns of runs.csv the plots and tables read
  RunGroups groups;
  std::optional<CsvTable> summary;
  std::optional<RankingRule> rule;  ///< the kind's ranking rule, where it ranks settings
  ReportSections sections;          ///< the kind's own parts of the report
  BootstrapSpec bootstrap;          ///< analysis.bootstrap and .confidence of the config
  std::optional<CsvTable> critical_points;
  std::optional<CsvTable> spectrum;  ///< spectrum.csv of record.hessian_every (classification)
  std::optional<CsvTable> timings;
  std::optional<CsvTable> tuning;        ///< tuning.csv of a tuned config's trials
  std::optional<CsvTable> tuning_curve;  ///< tuning_curve.csv beside it
  Trace trace;                           ///< path empty when there is no trace.csv
};

/// Reads dir's tables; throws Error when dir holds no runs.csv. summary.csv is read as it is
/// (write it first where it is missing).
ResultData load_results(const std::string& dir);

/// A cell as a number: NaN when empty or not a number.
double number_or_nan(const std::string& cell);

}  // namespace optbench::report
