#pragma once
// A loaded experiment config, before grid expansion: typed values that remember where in the
// YAML file they were written, so every later check can point at the line.

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/core/setting.hpp"
#include "optbench/functions/test_function.hpp"
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

/// What a `function: expression` entry writes besides its grid axes.
struct ExpressionEntry {
  std::string text;
  std::vector<SourceLocation> where;  ///< of every byte of text, and one past its end
  std::string keypath;                ///< of the entry, `problems[i]`
  std::optional<double> f_star;
  SourceLocation f_star_where;
  std::vector<KnownPoint> known_points;
  std::vector<SourceLocation> known_points_where;
  std::optional<SearchBox> search_box;
  SourceLocation search_box_where;

  /// Where byte `offset` of the text is in the file.
  const SourceLocation& at(std::size_t offset) const {
    return where[std::min(offset, where.size() - 1)];
  }
};

/// A `problems:` entry of a function-style experiment.
struct ProblemSpec {
  std::string function;
  SourceLocation where;    ///< of the `function:` value
  std::string keypath;     ///< `problems[i]`
  std::vector<Axis> axes;  ///< dim, function parameters, start, start_noise (config order)
  std::optional<std::vector<std::pair<double, double>>> box;  ///< critical_points search box
  SourceLocation box_where;
  std::optional<ExpressionEntry> expression;  ///< `function: expression` only
};

/// An `optimizers:` entry: a name and its hyperparameters, each possibly a grid axis.
/// A search space on an optimizer key (a config with tune:): where its trials draw from.
struct SearchSpace {
  enum class Form { list, uniform, log_uniform, int_uniform, choice };
  std::string key;
  Form form = Form::list;
  double low = 0.0;             ///< uniform, log_uniform, int_uniform
  double high = 0.0;            ///< (int_uniform: inclusive)
  std::vector<Setting> values;  ///< list, choice
  SourceLocation where;
  std::string keypath;
};

struct OptimizerSpec {
  std::string name;
  SourceLocation where;
  std::string keypath;  ///< `optimizers[i]`
  std::vector<Axis> axes;
  /// The typed schedules of the `schedule` axis, whose values are indexes into this list (so
  /// the axis keeps its place in the grid order while a schedule is parsed only once).
  std::vector<ScheduleSpec> schedules;
  /// tune: the keys written as search spaces (their axes hold the default until sampled).
  std::vector<SearchSpace> spaces;
  /// The tuning phase: this entry is trial N of its optimizer (a `trial` column in runs.csv).
  std::optional<std::int64_t> trial;
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
  /// Share of each class of the training part held out for selection (tune:); 0: none.
  double validation_fraction = 0.0;
  SourceLocation validation_where;
};

/// `tune:`: every optimizer tuned with the same number of trials, then judged on fresh seeds.
struct TuneSpec {
  enum class Method { grid, random, quasi_random };
  std::int64_t trials = 20;
  Method method = Method::quasi_random;
  std::int64_t seeds = 3;  ///< tuning seeds: kFirstTuningSeed, kFirstTuningSeed + 1, ...
  std::string select_by;   ///< a summary metric (empty: the kind's first ranked metric)
  SourceLocation select_where;
  std::int64_t final_seeds = 20;  ///< final seeds 0 .. final_seeds - 1
  SourceLocation where;
};

/// Tuning seeds start here, so they never meet the final seeds (at most this many).
inline constexpr std::uint64_t kFirstTuningSeed = 1000000;

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
  std::optional<TuneSpec> tune;
  /// The tuning phase of a tuned config: runs train without the validation part and report it
  /// in place of the test part (which they never read).
  bool evaluate_on_validation = false;
  /// The final phase of a tuned config: problem p runs optimizers [p*n, p*n + n) only (each
  /// problem its own chosen settings); 0: every problem runs every optimizer.
  std::size_t optimizers_per_problem = 0;
};

}  // namespace optbench
