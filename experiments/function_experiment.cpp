#include "function_experiment.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "optbench/analysis/basin.hpp"
#include "optbench/analysis/hessian_analysis.hpp"
#include "optbench/analysis/summary.hpp"
#include "optbench/config/problem_function.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/optimizers/lr_schedule.hpp"
#include "optbench/optimizers/objective.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/run_randomness.hpp"
#include "schedule_length.hpp"
#include "timing_experiment.hpp"

namespace optbench {

namespace {

constexpr std::size_t kRuns = 0;
constexpr std::size_t kTrace = 1;

const std::vector<Column> kOutcomeColumns{{"status", ColumnType::Text},
                                          {"steps", ColumnType::Integer},
                                          {"evaluations", ColumnType::Integer},
                                          {"gradient_evaluations", ColumnType::Integer},
                                          {"final_loss", ColumnType::Number},
                                          {"best_loss", ColumnType::Number},
                                          {"final_grad_norm", ColumnType::Number},
                                          {"steps_to_target", ColumnType::Integer},
                                          {"reached_global", ColumnType::Bool},
                                          {"final_basin", ColumnType::Integer},
                                          {"escape_step", ColumnType::Integer},
                                          {"escape_alignment", ColumnType::Number},
                                          {"final_point_class", ColumnType::Text},
                                          {"min_eigenvalue", ColumnType::Number},
                                          {"max_eigenvalue", ColumnType::Number},
                                          {"wall_ms", ColumnType::Number}};

Eigen::Index traced_coordinates(const RunPlan& plan) {
  Eigen::Index most = 0;
  for (const auto& p : plan.problems) {
    if (p.dim <= 3) most = std::max(most, p.dim);
  }
  return most;
}

void cell(std::string& row, double value) {
  row += ',';
  append_number(row, value);
}

void empty_cell(std::string& row) {
  row += ',';
}

// The saddle a run starts next to, if any: the nearest known saddle within `radius`.
const KnownPoint* nearby_saddle(const std::vector<KnownPoint>& known, const Eigen::VectorXd& x,
                                double radius) {
  const KnownPoint* best = nullptr;
  double best_distance = radius;
  for (const auto& point : known) {
    if (point.kind != PointClass::SaddlePoint) continue;
    const double d = (x - point.x).norm();
    if (d <= best_distance) {
      best = &point;
      best_distance = d;
    }
  }
  return best;
}

// The unit eigenvector of the most negative Hessian eigenvalue at `x`, if it can be computed.
std::optional<Eigen::VectorXd> escape_direction(const TestFunction& f, const Eigen::VectorXd& x) {
  if (auto diagonal = f.diagonal_hessian(x)) {
    Eigen::Index i = 0;
    diagonal->minCoeff(&i);
    Eigen::VectorXd e = Eigen::VectorXd::Zero(f.dim());
    e(i) = 1.0;
    return e;
  }
  if (f.dim() > kDenseHessianLimit) return std::nullopt;
  auto analysis = analyze_point(f, x, 0.0, true);
  return Eigen::VectorXd(analysis->eigenvectors.col(0));
}

bool inside(const SearchBox& box, const Eigen::VectorXd& x) {
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const auto [low, high] = box[static_cast<std::size_t>(i)];
    if (!(x(i) >= low && x(i) <= high)) return false;
  }
  return true;
}

bool lists_minima(const std::vector<KnownPoint>& known) {
  return std::any_of(known.begin(), known.end(),
                     [](const KnownPoint& p) { return p.kind == PointClass::LocalMinimum; });
}

}  // namespace

void FunctionExperiment::check_spec(const ExperimentSpec& spec) const {
  if (spec.data) {
    throw Error(spec.data->where, "data",
                "kind " + spec.kind +
                    " works on test functions (problems:); data: is for kinds classification and "
                    "critical_points");
  }
}

void FunctionExperiment::check(const RunPlan& plan) const {
  for (const OptimizerInstance& choice : plan.optimizers) {
    check_schedule_length(choice, plan.spec.stop.max_steps, "stop.max_steps");
  }
}

std::vector<TableSpec> FunctionExperiment::tables(const RunPlan& plan) const {
  TableSpec runs{"runs.csv", plan.id_columns, true};
  runs.columns.push_back({"setting", ColumnType::Text});  // the last identifier: before status
  runs.columns.insert(runs.columns.end(), kOutcomeColumns.begin(), kOutcomeColumns.end());
  // timing: {enabled: true}: ns per step (gradient + update) by Google Benchmark, before wall_ms.
  if (plan.spec.timing.enabled)
    runs.columns.insert(runs.columns.end() - 1, {"ns_per_step", ColumnType::Number});
  TableSpec trace{"trace.csv",
                  {{"run_id", ColumnType::Integer},
                   {"step", ColumnType::Integer},
                   {"evaluations", ColumnType::Integer},
                   {"gradient_evaluations", ColumnType::Integer},
                   {"loss", ColumnType::Number},
                   {"grad_norm", ColumnType::Number},
                   {"lr", ColumnType::Number}},
                  true};
  for (Eigen::Index i = 0; i < traced_coordinates(plan); ++i) {
    trace.columns.push_back({"x" + std::to_string(i), ColumnType::Number});
  }
  // The run's elapsed time at the row, for loss against wall time; last, outside the checksum.
  trace.columns.push_back({"time_ms", ColumnType::Number});
  trace.timed_last_column = true;
  return {runs, trace};
}

void FunctionExperiment::run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const {
  const auto started = std::chrono::steady_clock::now();
  const ProblemInstance& problem = plan.problems[run.problem];
  const OptimizerInstance& choice = plan.optimizers[run.optimizer];
  const ExperimentSpec& spec = plan.spec;
  const auto f = make_problem_function(problem);
  // Released before the final point's analysis: at dimension 1e7 a run holds the optimizer's
  // state and at most three vectors of the dimension at any time (BENCHMARKS.md).
  auto optimizer = find_optimizer(choice.name).make(choice.settings);
  const Eigen::Index n = problem.dim;

  const RunRandomness randomness = run_randomness(plan, run);
  Eigen::VectorXd x = start_point(problem, randomness);
  optimizer->reset(n);
  optimizer->seed(randomness.optimizer);
  std::optional<LrSchedule> schedule(std::in_place, choice.schedule, *optimizer);

  std::vector<KnownPoint> known = f->known_points();
  const KnownPoint* saddle = nearby_saddle(known, x, spec.escape.radius);
  // Above the dense limit a known point is a vector of the dimension and no basin is computed:
  // keep only the saddle the run starts at (a start at a known minimum keeps the list whole).
  const bool large = n > kDenseHessianLimit && !problem.start_known;
  if (large) {
    std::vector<KnownPoint> kept;
    if (saddle != nullptr)
      kept.push_back(std::move(known[static_cast<std::size_t>(saddle - known.data())]));
    known = std::move(kept);
    saddle = known.empty() ? nullptr : &known.front();
  }
  // The escape direction of a large saddle, read before the gradient exists: its axis when the
  // Hessian is diagonal (the direction is then a unit vector), else none.
  std::optional<Eigen::Index> escape_axis;
  if (large && saddle != nullptr) {
    if (auto diagonal = f->diagonal_hessian(saddle->x)) {
      Eigen::Index i = 0;
      diagonal->minCoeff(&i);
      escape_axis = i;
    }
  }
  const double saddle_value = saddle != nullptr ? f->value(saddle->x) : 0.0;
  // start: {at_known: N} at a minimum: escape_step is the first recorded step whose descent
  // leads to another basin (or, with escape.delta, below f(minimum) - delta).
  const KnownPoint* start_minimum =
      problem.start_known && known[*problem.start_known].kind == PointClass::LocalMinimum
          ? &known[*problem.start_known]
          : nullptr;
  const double minimum_value = start_minimum != nullptr ? f->value(start_minimum->x) : 0.0;

  // Gradient methods get value and gradient here, one evaluation and one gradient evaluation per
  // step; objective-driven ones evaluate through `objective`, which counts.
  const bool driven = optimizer->drives_objective();
  std::optional<FunctionObjective> objective;
  if (driven) objective.emplace(*f);
  std::int64_t evaluations = 0;
  std::int64_t gradient_evaluations = 0;
  const std::optional<std::int64_t> budget = spec.stop.max_evaluations;

  Eigen::VectorXd grad(n);
  Eigen::MatrixXd hess;
  if (optimizer->needs_hessian()) hess.resize(n, n);
  const Eigen::Index traced = std::min<Eigen::Index>(traced_coordinates(plan), n <= 3 ? n : 0);
  const Eigen::Index trace_width = traced_coordinates(plan);
  const std::int64_t every = spec.record_every;
  const double target = problem.target.value_or(-std::numeric_limits<double>::infinity());

  std::string status = "max_steps";
  std::int64_t steps = spec.stop.max_steps;
  std::optional<std::int64_t> steps_to_target;
  std::optional<std::int64_t> escape_step;
  Eigen::VectorXd escape_point;  // x - saddle at the escape, below the dense limit
  double escape_alignment = std::numeric_limits<double>::quiet_NaN();  // above it
  double best = std::numeric_limits<double>::infinity();
  double loss = driven ? optimizer->begin_with_objective(x, *objective) : 0.0;

  // Ctrl-C is checked about every million coordinate updates (a millisecond or so), and every
  // step of a method that builds a Hessian: a relaxed load is invisible in a 30 ns step.
  const std::int64_t check_every = optimizer->needs_hessian() || driven
                                       ? 1
                                       : std::max<std::int64_t>(1, (std::int64_t{1} << 20) / n);
  for (std::int64_t t = 0;; ++t) {
    if (t % check_every == 0) throw_if_stopped();
    if (driven) {
      evaluations = objective->evaluations();
      gradient_evaluations = objective->gradient_evaluations();
    } else {
      loss = f->value_and_gradient(x, grad);
      ++evaluations;
      ++gradient_evaluations;
    }
    best = std::min(best, loss);
    const bool diverged = !std::isfinite(loss) || loss > spec.stop.diverge_above;
    const bool reached = problem.target && loss <= target;
    if (saddle != nullptr && !escape_step) {
      const bool far = (x - saddle->x).norm() > spec.escape.radius;
      const bool lower = spec.escape.delta && loss < saddle_value - *spec.escape.delta;
      if (far || lower) {
        escape_step = t;
        if (!large) {
          escape_point = x - saddle->x;
        } else if (escape_axis) {
          const double offset = (x - saddle->x).norm();
          if (offset > 0.0)
            escape_alignment = std::abs(x(*escape_axis) - saddle->x(*escape_axis)) / offset;
        }
      }
    }
    const bool spent = budget && evaluations >= *budget;
    const bool last = diverged || reached || t == spec.stop.max_steps || spent;
    if (start_minimum != nullptr && !escape_step && (t % every == 0 || last)) {
      const bool lower = spec.escape.delta && loss < minimum_value - *spec.escape.delta;
      bool left = lower;
      if (!left && (x - start_minimum->x).norm() > spec.escape.radius) {
        const auto basin = basin_of(*f, known, x);
        left = !basin || &known[*basin] != start_minimum;
      }
      if (left) escape_step = t;
    }
    if (t % every == 0 || last) {
      std::string& row = out.begin_row(kTrace);
      row += ',';
      row += std::to_string(t);
      row += ',';
      row += std::to_string(evaluations);
      row += ',';
      row += std::to_string(gradient_evaluations);
      cell(row, loss);
      if (driven) {  // no gradient or learning rate of the harness's own
        row += ",,";
      } else {
        cell(row, grad.norm());
        cell(row, optimizer->lr());
      }
      for (Eigen::Index i = 0; i < trace_width; ++i) {
        if (i < traced) {
          cell(row, x(i));
        } else {
          empty_cell(row);
        }
      }
      cell(row,
           std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
               .count());
      out.end_row(kTrace);
    }
    if (diverged) {
      status = "diverged";
      steps = t;
      break;
    }
    if (reached) {
      status = "reached_target";
      steps = t;
      steps_to_target = t;
      break;
    }
    if (t == spec.stop.max_steps) break;
    if (spent) {
      status = "max_evaluations";
      steps = t;
      break;
    }
    if (driven) {
      loss = optimizer->step_with_objective(x, *objective);
    } else if (optimizer->needs_hessian()) {
      f->hessian(x, hess);
      optimizer->step_with_hessian(x, grad, hess);
    } else {
      optimizer->step(x, grad);
    }
    // A step on a test function is a full pass: it ends the schedule's epoch too.
    schedule->after_step(loss);
    schedule->after_epoch(loss);
  }
  schedule.reset();
  optimizer.reset();
  // Objective-driven methods leave no gradient behind: the final one is analysis, not counted.
  if (driven && x.allFinite()) f->value_and_gradient(x, grad);
  const bool finite = x.allFinite();

  std::string& row = out.begin_row(kRuns);
  const std::vector<std::string> ids = plan.id_cells(run);
  for (std::size_t i = 1; i < ids.size(); ++i) {  // ids[0], the run_id, opens every row
    row += ',';
    append_cell(row, ids[i]);
  }
  row += ',';
  append_cell(row, plan.setting_text(run));
  row += ',' + status + ',' + std::to_string(steps) + ',' + std::to_string(evaluations) + ',' +
         std::to_string(gradient_evaluations);
  cell(row, loss);
  cell(row, best);
  if (finite) {
    cell(row, grad.norm());
  } else {
    cell(row, std::numeric_limits<double>::quiet_NaN());
  }
  row += ',';
  if (steps_to_target) row += std::to_string(*steps_to_target);
  // reached_global: the target is f* + OFFSET and the run met it inside the search box (checked
  // up to the dense limit: above it the box would cost more memory than the run).
  row += ',';
  if (spec.stop.target_from_f_star && problem.target) {
    const bool in_box = n > kDenseHessianLimit || inside(f->search_box(), x);
    row += steps_to_target && in_box ? "true" : "false";
  }
  row += ',';
  if (finite && n <= kDenseHessianLimit && lists_minima(known)) {
    if (const auto basin = basin_of(*f, known, x)) row += std::to_string(*basin);
  }
  row += ',';
  if (escape_step) row += std::to_string(*escape_step);
  if (large) {
    if (std::isnan(escape_alignment)) {
      empty_cell(row);
    } else {
      cell(row, escape_alignment);
    }
  } else if (escape_step && saddle != nullptr && escape_point.norm() > 0.0) {
    if (const auto direction = escape_direction(*f, saddle->x)) {
      cell(row, std::abs(direction->dot(escape_point)) / escape_point.norm());
    } else {
      empty_cell(row);
    }
  } else {
    empty_cell(row);
  }
  known.clear();
  known.shrink_to_fit();
  grad.resize(0);
  // A diverged run ended nowhere: no class, rather than one read off NaN eigenvalues.
  const bool analyzable = finite && status != "diverged";
  auto analysis = analyzable ? analyze_point(*f, x, spec.analysis_tol, false) : std::nullopt;
  if (analysis && !analysis->eigenvalues.allFinite()) analysis.reset();
  if (analysis) {
    row += ',';
    row += to_string(analysis->kind);
    cell(row, analysis->eigenvalues.minCoeff());
    cell(row, analysis->eigenvalues.maxCoeff());
  } else {
    row += ",,,";
  }
  const double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  // Timed after the run, from its start point with a fresh optimizer: wall_ms leaves it out.
  if (spec.timing.enabled) cell(row, time_step(function_step_factory(plan, run), spec.timing));
  cell(row, wall_ms);
  out.end_row(kRuns);
}

void FunctionExperiment::finish(const std::string& dir) const {
  write_kind_verdicts(*this, dir);
}

std::optional<RankingRule> FunctionExperiment::ranking_rule() const {
  RankingRule rule;
  rule.statement =
      "expected running time (ERT: the steps of all runs, a run that missed stop.target charged "
      "stop.max_steps, divided by the runs that reached it), then success rate, then median "
      "final loss; without a target the same with escape_step where the runs start at a "
      "saddle, else median final loss";
  rule.running_times = {"steps_to_target", "escape_step"};
  rule.medians = {{"final_loss", false}};
  rule.metrics = {"escape_alignment", "ns_per_step"};
  return rule;
}

SummaryOptions FunctionExperiment::summary_options(const ExperimentSpec& spec) const {
  SummaryOptions options = ExperimentKind::summary_options(spec);
  options.budget = static_cast<double>(spec.stop.max_steps);
  options.target = spec.stop.target.has_value();
  return options;
}

}  // namespace optbench
