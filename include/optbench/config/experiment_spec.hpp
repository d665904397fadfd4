#pragma once
// A loaded experiment config, before grid expansion: typed values that remember where in the
// YAML file they were written, so every later check can point at the line.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/setting.hpp"
#include "optbench/optimizers/schedule_spec.hpp"

namespace optbench {

/// How a `start: {at_known: N}` value is held until the plan resolves it ("at_known N").
inline constexpr const char* kAtKnown = "at_known ";

/// One value of a grid axis and where it was written.
struct AxisValue {
  Setting value;
  SourceLocation where;
  std::string keypath;
};

/// A key whose value is one setting or a list of alternatives (a grid axis).
struct Axis {
  std::string key;
  std::vector<AxisValue> values;
};

/// A `problems:` entry of a function-style experiment.
struct ProblemSpec {
  std::string function;
  SourceLocation where;    ///< of the `function:` value
  std::string keypath;     ///< `problems[i]`
  std::vector<Axis> axes;  ///< dim, function parameters, start, start_noise (config order)
  std::optional<std::vector<std::pair<double, double>>> box;  ///< critical_points search box
  SourceLocation box_where;
};

/// An `optimizers:` entry: a name and its hyperparameters, each possibly a grid axis.
struct OptimizerSpec {
  std::string name;
  SourceLocation where;
  std::string keypath;  ///< `optimizers[i]`
  std::vector<Axis> axes;
  /// The typed schedules of the `schedule` axis, whose values are indexes into this list (so
  /// the axis keeps its place in the grid order while a schedule is parsed only once).
  std::vector<ScheduleSpec> schedules;
};

/// `stop:`. A target is either a number or f_star plus an offset. A budget of evaluations may
/// stand beside max_steps or replace it (then max_steps is max_evaluations: every step of every
/// method costs at least one evaluation, so it never binds first).
struct StopSpec {
  std::int64_t max_steps = 1000;
  std::optional<std::int64_t> max_evaluations;  ///< function evaluations (see objective.hpp)
  std::optional<double> target;
  bool target_from_f_star = false;
  double target_offset = 0.0;
  SourceLocation target_where;
  double diverge_above = std::numeric_limits<double>::infinity();
};

/// `escape:`: the saddle-escape test (radius, and optionally a loss drop delta).
struct EscapeSpec {
  double radius = 0.1;
  std::optional<double> delta;
};

/// `timing:`: Google Benchmark timing of the step (kind timing, or ns_per_step in other kinds).
struct TimingSpec {
  bool enabled = false;
  double min_time = 0.05;  ///< seconds per benchmark (Google Benchmark's min_time)
  std::int64_t repetitions = 1;
};

/// `data:` of a classification config: the data set, its parameters and the split.
struct DataSpec {
  std::string dataset;
  SourceLocation where;
  Settings params;  ///< the data set's own parameters (n, noise, path, ...)
  Settings split;   ///< test_fraction, standardize
};

/// The whole experiment config as written.
struct ExperimentSpec {
  std::string file;
  std::string source_text;
  std::string name;
  std::string kind;
  SourceLocation kind_where;
  SourceLocation root_where;  ///< the top of the file, for missing keys
  std::vector<std::uint64_t> seeds{0};
  /// `seed_salt:` mixed into every random draw (start points, splits, weights, batch order);
  /// empty by default. The config's name is not: renaming a config changes no number.
  std::string seed_salt;
  std::vector<ProblemSpec> problems;
  std::vector<OptimizerSpec> optimizers;
  StopSpec stop;
  EscapeSpec escape;
  std::int64_t record_every = 1;
  double analysis_tol = 1e-12;
  std::int64_t bootstrap_resamples = 2000;  ///< analysis.bootstrap: resamples per interval
  double confidence = 0.95;                 ///< analysis.confidence: of every interval and test
  std::optional<DataSpec> data;             ///< classification
  std::vector<Axis> model_axes;             ///< classification: model keys (each possibly an axis)
  std::vector<Axis> train_axes;             ///< classification: train keys
  std::int64_t sharpness_every = 0;         ///< epochs between sharpness estimates (0: never)
  std::int64_t hessian_every = 0;   ///< epochs between Hessian spectrum estimates (0: never)
  int hessian_probes = 8;           ///< record.probes: SLQ/Hutchinson probe vectors
  int lanczos_steps = 30;           ///< record.lanczos_steps: Lanczos steps per probe
  double hessian_tolerance = 1e-3;  ///< record.hessian_tolerance: relative to max |eigenvalue|
  TimingSpec timing;
};

}  // namespace optbench
