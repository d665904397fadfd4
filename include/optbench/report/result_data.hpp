#pragma once
// A result folder as the report reads it: runs.csv grouped into problem instances and optimizer
// settings with readable labels, trace.csv as numbers per run, and the optional tables
// (summary.csv, critical_points.csv, spectrum.csv, timings.csv, manifest.json).

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "optbench/analysis/ranking_rule.hpp"
#include "optbench/analysis/statistics.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace optbench::report {

/// trace.csv as numbers: per run_id, one row per recorded step; empty cells are NaN.
struct Trace {
  std::vector<std::string> columns;  ///< every column but run_id
  std::map<std::size_t, std::vector<std::vector<double>>> runs;

  /// Index of a column among `columns`, or nullopt.
  std::optional<std::size_t> column(const std::string& name) const;
  /// Whether the column holds at least one number.
  bool has_values(const std::string& name) const;
};

/// runs.csv seen as problem instances x optimizer settings x seeds.
struct RunGroups {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  /// Per runs.csv row.
  std::vector<std::size_t> run_id, instance, setting;
  std::vector<std::string> seed;
  /// Labels: "strict_saddle dim=10", "sgd lr=0.01". An instance's variant label names only what
  /// differs between instances ("batchnorm=none"; the problem name where problems differ).
  std::vector<std::string> instance_labels, variant_labels, setting_labels;
  /// Rows of runs.csv per instance.
  std::vector<std::vector<std::size_t>> instance_rows;
  /// The identifier cells of each instance, by column name.
  std::vector<std::map<std::string, std::string>> instance_cells;
  /// The cells of each setting (optimizer and its hyperparameters), by column name.
  std::vector<std::map<std::string, std::string>> setting_cells;
};

/// Splits runs.csv into instances (identifier columns before `optimizer`, or before `seed` when
/// there is none) and settings (from `optimizer` up to `seed`).
RunGroups group_runs(const CsvTable& runs);

/// Everything the report draws from.
struct ResultData {
  std::string dir;
  std::string kind;  ///< manifest's kind, else guessed from the files
  std::optional<Manifest> manifest;
  CsvTable runs;
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
  Trace trace;                           ///< empty when there is no trace.csv
};

/// Reads dir's tables; throws Error when dir holds no runs.csv. summary.csv is read as it is
/// (write it first where it is missing).
ResultData load_results(const std::string& dir);

/// A cell as a number: NaN when empty or not a number.
double number_or_nan(const std::string& cell);

}  // namespace optbench::report
