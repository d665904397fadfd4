#pragma once
// Grid expansion: an ExperimentSpec becomes the ordered list of runs
// (problem instances x optimizer instances x seeds), each fully typed and checked.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <Eigen/Core>

#include "optbench/config/experiment_spec.hpp"
#include "optbench/functions/expression/expression_function.hpp"

namespace optbench {

/// A named cell of runs.csv's identifier columns.
using Cell = std::pair<std::string, std::string>;

/// One point of a problem's grid: a concrete function, dimension and start.
struct ProblemInstance {
  std::string function;
  Eigen::Index dim = 2;
  Settings params;                           ///< function parameters, defaults filled in
  std::optional<std::vector<double>> start;  ///< nullopt: zeros
  double start_noise = 0.0;
  std::optional<double> target;                ///< stop.target resolved for this function
  std::vector<std::pair<double, double>> box;  ///< search box (critical_points)
  std::string key;                             ///< stable text naming it, for seeding
  std::vector<Cell> cells;
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
  std::string schedule;  ///< canonical schedule text (lr_schedule.hpp); empty: constant
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

/// The expanded experiment.
struct RunPlan {
  ExperimentSpec spec;
  std::vector<ProblemInstance> problems;
  std::vector<OptimizerInstance> optimizers;
  std::vector<RunSpec> runs;
  std::vector<std::string> id_columns;  ///< run_id, problem, dim, ..., seed
  std::string hash;                     ///< of the expanded config, hex

  /// The identifier cells of a run, in id_columns order.
  std::vector<std::string> id_cells(const RunSpec& run) const;
};

/// Above this many runs a plan needs --allow-large.
inline constexpr std::size_t kLargePlan = 100000;

/// Expands and checks every combination; throws Error located at the offending value.
RunPlan expand_plan(const ExperimentSpec& spec, bool with_optimizers, bool allow_large = false);

}  // namespace optbench
