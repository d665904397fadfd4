#pragma once
// Grid expansion: an ExperimentSpec becomes the ordered list of runs
// (problem instances x optimizer instances x seeds), each fully typed and checked.

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "optbench/config/experiment_spec.hpp"
#include "optbench/functions/expression/expression_function.hpp"
#include "optbench/io/column_type.hpp"
#include "optbench/io/input_file.hpp"

namespace optbench {

/// A named cell of runs.csv's identifier columns, with its column's declared type.
struct Cell {
  Cell(std::string name, std::string text, ColumnType type);
  /// With the text the cell gives seeding keys where it differs from the cell's (a null).
  Cell(std::string name, std::string text, ColumnType type, std::string key);

  std::string name;
  std::string text;  ///< as runs.csv writes it
  ColumnType type = ColumnType::Text;
  /// What seeding keys and the plan hash take: the cell as optbench wrote it before lists were
  /// bracketed (`64 64`) and torch's None emptied (`null`), so neither changed a run's numbers.
  std::string key;

  /// `name=key;`, the cell's part of a key.
  std::string key_part() const { return name + '=' + key + ';'; }
};

/// One point of a problem's grid: a concrete function, dimension and start.
struct ProblemInstance {
  std::string function;
  Eigen::Index dim = 2;
  Settings params;                           ///< function parameters, defaults filled in
  std::optional<std::vector<double>> start;  ///< nullopt: zeros
  std::optional<std::size_t> start_known;    ///< start: {at_known: N}: N (start holds the point)
  double start_noise = 0.0;
  std::optional<double> target;                ///< stop.target resolved for this function
  std::vector<std::pair<double, double>> box;  ///< search box (critical_points)
  std::string key;                             ///< stable text naming it, for seeding
  std::vector<Cell> cells;
  /// How many leading cells name the problem; the rest (a network's model and train keys) belong
  /// to the setting compared on it, with the optimizer's cells.
  std::size_t problem_cells = static_cast<std::size_t>(-1);
  /// `function: expression`: its text and definition (null for registered functions).
  std::shared_ptr<const ExpressionProblem> expression;
  ExpressionEvaluator evaluator = ExpressionEvaluator::Compiled;
  // Classification (function names the data set there):
  std::string data_key;  ///< the data set, its parameters and split: seeds the split
  Settings model;        ///< model: keys, defaults filled in
  Settings train;        ///< train: keys, defaults filled in
};

/// One point of an optimizer's grid: a name with every hyperparameter written out.
struct OptimizerInstance {
  std::string name;
  Settings settings;
  ScheduleSpec schedule;  ///< `none` unless the entry gives one
  std::string key;
  std::vector<Cell> cells;
};

/// One run of the plan. optimizer is npos for kinds without optimizers.
struct RunSpec {
  std::size_t run_id = 0;
  std::size_t problem = 0;
  std::size_t optimizer = 0;
  std::uint64_t seed = 0;
};

/// The expanded experiment. Its runs are not stored: run(id) derives each from its id
/// (problem-major, then optimizer, then seed), so a plan's memory grows with its problem and
/// optimizer instances, never with problems x optimizers x seeds.
struct RunPlan {
  ExperimentSpec spec;
  std::vector<ProblemInstance> problems;
  std::vector<OptimizerInstance> optimizers;
  bool with_optimizers = true;
  std::vector<Column> id_columns;  ///< run_id, problem, dim, ..., seed
  std::string hash;                ///< of the expanded config (and its inputs), hex
  std::vector<InputFile> inputs;   ///< what the runs read besides the config
  std::vector<InputFile> plugins;  ///< the plugin libraries loaded when the plan was made
  /// Per (problem, optimizer), problem-major: the setting's name (setting_labels over the plan).
  std::vector<std::string> setting_texts;

  /// Optimizer instances each problem runs (all of them, but in a tuned config's final phase).
  std::size_t optimizers_per_problem() const;
  /// Number of runs: problems x optimizers (1 for kinds without) x seeds.
  std::size_t run_count() const;
  /// The run with id `run_id` (< run_count()).
  RunSpec run(std::size_t run_id) const;
  /// The identifier cells of a run, in id_columns order.
  std::vector<std::string> id_cells(const RunSpec& run) const;
  /// A seed for one purpose of a run ("start", "init", ...): a stable hash of the config's
  /// seed_salt and `parts`. The config's name never enters, so renaming a config keeps its numbers.
  std::uint64_t seed_for(std::initializer_list<std::string_view> parts) const;
  /// The `setting` cell of a run: its optimizer and what else differs, as the console prints it.
  const std::string& setting_text(const RunSpec& run) const;
};

/// Above this many runs a plan needs --allow-large.
inline constexpr std::size_t kLargePlan = 100000;
/// No plan may have more runs than this, --allow-large or not (run ids stay exact in a double,
/// and a sweep this size would not finish anyway).
inline constexpr std::size_t kMaxPlanRuns = 1000000000000ULL;
/// Above this many problem (or optimizer) instances the grid is refused before it is expanded.
inline constexpr std::size_t kMaxInstances = 1000000;

/// The number of runs `spec` expands to, computed from the lengths of its axes without expanding
/// anything; saturates at SIZE_MAX instead of overflowing.
std::size_t count_runs(const ExperimentSpec& spec, bool with_optimizers);

/// Expands and checks every combination; throws Error located at the offending value. The run
/// count is checked first (count_runs), so a huge grid is refused in microseconds.
RunPlan expand_plan(const ExperimentSpec& spec, bool with_optimizers, bool allow_large = false);

}  // namespace optbench
