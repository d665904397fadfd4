#pragma once
// The interface of an experiment kind (function, critical_points, ...): which tables it writes
// and how one run of the plan fills them. Kinds never print; they hand rows to a RunRecorder.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "optbench/analysis/ranking_rule.hpp"
#include "optbench/analysis/verdicts.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/registry.hpp"
#include "optbench/io/column_type.hpp"
#include "optbench/run/record_check.hpp"

namespace optbench {

/// A CSV file an experiment writes; its rows are sorted by run_id when the sweep ends.
struct TableSpec {
  std::string file;  ///< e.g. "runs.csv"
  std::vector<Column>
      columns;               ///< header and declared types; the first is run_id when write_run_id
  bool write_run_id = true;  ///< false: run_id only orders the rows, it is not a column
  /// The last column is a time (trace.csv's time_ms): left out of the run's checksum, so that
  /// the checksum in runs.csv is the same in every process, like every other non-timing cell.
  bool timed_last_column = false;

  /// The header's names.
  std::vector<std::string> header() const { return column_names(columns); }
};

/// The rows one run produced, one buffer of complete CSV lines per table. Every line starts
/// with the run's id as its first cell (stripped on output where the table has no run_id).
/// A buffer that outgrows kSpillBytes is moved to a spill file, so a long run's trace streams to
/// disk instead of growing memory with its steps. The runs.csv row (table 0) comes last: the
/// recorder ends it with each other table's row count and CRC-32 (the integrity columns), the
/// proof resume and merge check before they trust the run.
class RunRecorder {
 public:
  static constexpr std::size_t kSpillBytes = std::size_t{4} << 20;

  /// One buffer per table of `tables`; `spill_prefix` names the run's spill files (empty: keep
  /// everything in memory).
  RunRecorder(std::size_t run_id, const std::vector<TableSpec>& tables,
              std::string spill_prefix = "");
  ~RunRecorder();
  RunRecorder(const RunRecorder&) = delete;
  RunRecorder& operator=(const RunRecorder&) = delete;

  /// Starts a row of `table` and returns the buffer to append ",cell" pieces to; call
  /// end_row() after the last cell.
  std::string& begin_row(std::size_t table);
  void end_row(std::size_t table);
  /// Appends a whole row from cells (the run_id cell is added in front).
  void add_row(std::size_t table, const std::vector<std::string>& cells);
  const std::vector<std::string>& buffers() const { return buffers_; }
  /// The spill file holding the first rows of `table`, or "" when nothing was spilled.
  std::string spilled(std::size_t table) const;

 private:
  std::string id_;
  std::vector<std::string> buffers_;
  std::string spill_prefix_;
  std::vector<bool> spilled_;
  std::vector<TableDigest> digests_;
  std::vector<bool> timed_;    // per table: the last cell is a time, outside the checksum
  std::size_t row_begin_ = 0;  // where the row being built starts in its buffer
  bool finished_ = false;      // the runs.csv row is written: nothing may follow
};

/// The tables with runs.csv's integrity columns appended (one pair per other table).
std::vector<TableSpec> with_integrity_columns(std::vector<TableSpec> tables);

/// What `optbench run` and `optbench bench` pass to a kind that runs its plan itself.
struct OwnRunOptions {
  std::string out_root = "results";  ///< the result folder is out_root/<name>
  bool force = false;                ///< replace a different config's results
  bool quiet = false;                ///< no closing line
  /// Flags for the kind's own tool, passed through (`optbench bench`'s --benchmark_*).
  std::vector<std::string> tool_flags;
};

/// The parts of `optbench report` that only some kinds' folders get (the ranked summary, the
/// timings table and the plots the files allow are common to all).
struct ReportSections {
  /// Runs are optimizer paths on test functions: contours of 2-D problems with the paths, loss
  /// against step, and loss against wall time per problem.
  bool function_paths = false;
  /// Runs train a model: loss against wall time from the training (else test) loss.
  bool training_curves = false;
  /// The summary is the table of the critical points found.
  bool critical_point_tables = false;
};

/// One experiment kind. Table 0 is always runs.csv: its row is a run's mark of completion.
class ExperimentKind {
 public:
  virtual ~ExperimentKind() = default;
  /// Whether the config lists optimizers (the plan crosses them with problems).
  virtual bool uses_optimizers() const = 0;
  /// Refuses the config sections the kind cannot use (data:, tune:) before a plan is expanded;
  /// throws Error located in the config. Default: no tune: section.
  virtual void check_spec(const ExperimentSpec& spec) const;
  /// Checks what only the kind can (data files, model shapes) before anything is written;
  /// throws Error located in the config.
  virtual void check(const RunPlan& /*plan*/) const {}
  /// The files the plan's runs read besides the config (data sets), fingerprinted into the
  /// plan's identity; default none.
  virtual std::vector<std::string> input_files(const RunPlan& /*plan*/) const { return {}; }
  /// The tables the plan's runs write, runs.csv first.
  virtual std::vector<TableSpec> tables(const RunPlan& plan) const = 0;
  /// Performs one run and records its rows.
  virtual void run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const = 0;
  /// Derived files written once the final tables exist (summary.csv); default none.
  virtual void finish(const std::string& /*dir*/) const {}
  /// How the kind ranks the settings of a problem (summary.csv, comparisons.csv, the report's
  /// footnote); nullopt: it ranks nothing.
  virtual std::optional<RankingRule> ranking_rule() const { return std::nullopt; }
  /// What the verdicts take from a config of this kind; default: analysis.bootstrap and
  /// analysis.confidence.
  virtual SummaryOptions summary_options(const ExperimentSpec& spec) const;
  /// What the report draws for this kind beyond the common sections; default nothing more.
  virtual ReportSections report_sections() const { return {}; }
  /// Whether `optbench run` hands the whole config to run_own() instead of sweeping its runs
  /// (timing: Google Benchmark times one benchmark at a time, without jobs or shards).
  virtual bool has_own_runner() const { return false; }
  /// Runs `spec` by the kind's own means; false when some measurement failed (exit 1). Throws
  /// Error for bad input. Only called where has_own_runner(); the default throws logic_error.
  virtual bool run_own(const ExperimentSpec& spec, const OwnRunOptions& options) const;
};

/// A registered experiment kind.
struct ExperimentInfo {
  std::string name;
  std::string description;
  std::function<std::unique_ptr<ExperimentKind>()> make;
};

/// The experiment kinds a config can name, in registration order.
using ExperimentRegistry = Registry<ExperimentInfo>;

/// Every built-in kind and every registered one (experiments/register_experiments.cpp, above the
/// engine: the engine declares the catalogue, the layer of the kinds fills it).
const ExperimentRegistry& experiment_registry();

/// Adds a kind beside the built-ins (a program's own, a plugin's); call it before any config is
/// read, from one thread. Throws Error("name", ...) when the name is taken.
void register_experiment_kind(ExperimentInfo info);

/// The kind named `name`; throws Error("kind", ... did you mean ...) otherwise
/// (experiments/register_experiments.cpp).
const ExperimentInfo& find_experiment(const std::string& name);

/// The kind `spec` names, once its check_spec() has accepted the config: the way from a loaded
/// config to its kind (an unknown name is an Error at the config's kind:).
const ExperimentInfo& checked_kind(const ExperimentSpec& spec);

/// The config a result folder was run with (manifest.json keeps its text); nullopt without a
/// manifest or when the text no longer parses.
std::optional<ExperimentSpec> result_config(const std::string& dir);

/// The options `kind` judges dir's runs with: from its config where manifest.json has it, else
/// the defaults (the budget and target then read from runs.csv).
SummaryOptions result_summary_options(const ExperimentKind& kind, const std::string& dir);

/// Writes dir/summary.csv and dir/comparisons.csv by the kind's rule; false when it has none.
bool write_kind_verdicts(const ExperimentKind& kind, const std::string& dir);

}  // namespace optbench
