#include "optbench/config/run_plan.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>

#include "canonical_plan.hpp"
#include "expression_plan.hpp"
#include "optbench/analysis/hessian_analysis.hpp"
#include "optbench/config/classification_keys.hpp"
#include "optbench/core/random.hpp"
#include "optbench/core/setting_label.hpp"
#include "optbench/data/dataset_registry.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/list_cell.hpp"
#include "optbench/optimizers/lr_schedule.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"

namespace optbench {

Cell::Cell(std::string name_, std::string text_, ColumnType type_)
    : name(std::move(name_)), text(std::move(text_)), type(type_) {
  key = type == ColumnType::List ? unbracketed(text) : text;
}

Cell::Cell(std::string name_, std::string text_, ColumnType type_, std::string key_)
    : name(std::move(name_)), text(std::move(text_)), type(type_), key(std::move(key_)) {}

namespace {

// A setting's identifier cell, typed as its spec declares (by its value where no spec names it).
// torch's None (a nullable number written `null`) is an empty cell: a word would turn the
// number column into text.
Cell setting_cell(const std::string& name, const Setting& value,
                  const std::vector<ParamSpec>& specs) {
  const auto spec =
      std::find_if(specs.begin(), specs.end(), [&](const ParamSpec& p) { return p.name == name; });
  if (spec != specs.end()) {
    const auto* word = std::get_if<std::string>(&value);
    const bool null = spec->nullable && word != nullptr && *word == "null";
    return {name, null ? std::string() : to_cell(value), column_type(spec->type), key_text(value)};
  }
  // By the alternative the value holds, in Setting's order.
  static constexpr ColumnType kByValue[] = {ColumnType::Bool, ColumnType::Integer,
                                            ColumnType::Number, ColumnType::Text, ColumnType::List};
  return {name, to_cell(value), kByValue[value.index()], key_text(value)};
}

// Calls `visit` with one AxisValue per axis for every point of the product, in order
// (the last axis varies fastest).
void for_each_point(const std::vector<Axis>& axes,
                    const std::function<void(const std::vector<const AxisValue*>&)>& visit) {
  std::vector<std::size_t> index(axes.size(), 0);
  std::vector<const AxisValue*> point(axes.size());
  while (true) {
    for (std::size_t a = 0; a < axes.size(); ++a) point[a] = &axes[a].values[index[a]];
    visit(point);
    std::size_t a = axes.size();
    while (a > 0) {
      --a;
      if (++index[a] < axes[a].values.size()) break;
      index[a] = 0;
      if (a == 0) return;
    }
    if (axes.empty()) return;
  }
}

const AxisValue* find_value(const std::vector<Axis>& axes,
                            const std::vector<const AxisValue*>& point, const std::string& key) {
  for (std::size_t a = 0; a < axes.size(); ++a) {
    if (axes[a].key == key) return point[a];
  }
  return nullptr;
}

// An Error from a library check, moved to where the offending key was written.
[[noreturn]] void relocate(const Error& e, const std::vector<Axis>& axes,
                           const std::vector<const AxisValue*>& point, const SourceLocation& entry,
                           const std::string& entry_path) {
  if (const AxisValue* v = find_value(axes, point, e.keypath())) {
    throw Error(v->where, v->keypath, e.message());
  }
  throw e.located(entry, entry_path);
}

// with_optimizers: the kind's runs start from the problems' start points.
void expand_problem(const ExperimentSpec& spec, const ProblemSpec& p, bool with_optimizers,
                    std::vector<ProblemInstance>& out) {
  // Null for `function: expression`, which expression_plan.cpp builds.
  const FunctionInfo* info = function_registry().find(p.function);
  const std::shared_ptr<const ExpressionProblem> expression =
      p.expression ? expression_problem(*p.expression) : nullptr;
  const bool any_dim = info == nullptr || info->fixed_dim == 0;
  for_each_point(p.axes, [&](const std::vector<const AxisValue*>& point) {
    ProblemInstance inst;
    inst.function = p.function;
    inst.dim = any_dim ? 2 : info->fixed_dim;
    Settings given;
    const AxisValue* start_value = nullptr;
    for (std::size_t a = 0; a < p.axes.size(); ++a) {
      const std::string& key = p.axes[a].key;
      const Setting& v = point[a]->value;
      if (key == "dim") {
        inst.dim = static_cast<Eigen::Index>(std::get<std::int64_t>(v));
      } else if (key == "start") {
        start_value = point[a];
        if (const auto* xs = std::get_if<std::vector<double>>(&v)) inst.start = *xs;
        const auto* word = std::get_if<std::string>(&v);
        if (word != nullptr && word->rfind(kAtKnown, 0) == 0) {
          inst.start_known = std::stoull(word->substr(std::string(kAtKnown).size()));
        }
      } else if (key == "start_noise") {
        inst.start_noise = std::get<double>(v);
      } else if (key == "evaluator") {
        inst.evaluator = std::get<std::string>(v) == "interpreted"
                             ? ExpressionEvaluator::Interpreted
                             : ExpressionEvaluator::Compiled;
      } else {
        given.set(key, v);
      }
    }
    // Without dim:, an N-dimensional function takes its dimension from an explicit start (an
    // expression first from its highest variable).
    const bool dim_given = find_value(p.axes, point, "dim") != nullptr;
    if (expression && !dim_given) {
      inst.dim = expression_instance_dim(*p.expression, inst.start);
    } else if (any_dim && !dim_given && inst.start) {
      inst.dim = static_cast<Eigen::Index>(inst.start->size());
    }
    std::unique_ptr<TestFunction> f;
    if (expression) {
      inst.expression = expression;
      f = expression_instance_function(*p.expression, expression, inst.dim);
    } else {
      try {
        f = make_function(p.function, inst.dim, given);
      } catch (const Error& e) {
        relocate(e, p.axes, point, p.where, p.keypath);
      }
      inst.params = complete_settings(info->params, given);
    }
    if (inst.start_known) {
      const std::vector<KnownPoint> known = f->known_points();
      if (*inst.start_known >= known.size()) {
        throw Error(start_value->where, start_value->keypath + ".at_known",
                    p.function + " (dim " + std::to_string(inst.dim) + ") lists " +
                        std::to_string(known.size()) + " known points (0.." +
                        std::to_string(static_cast<long long>(known.size()) - 1) + "), got " +
                        std::to_string(*inst.start_known));
      }
      const Eigen::VectorXd& point_x = known[*inst.start_known].x;
      inst.start = std::vector<double>(point_x.data(), point_x.data() + point_x.size());
    }
    if (inst.start && static_cast<Eigen::Index>(inst.start->size()) != inst.dim) {
      throw Error(start_value->where, start_value->keypath,
                  "start has " + std::to_string(inst.start->size()) + " coordinates but " +
                      p.function + " has dim " + std::to_string(inst.dim));
    }
    // An expression must be defined where the optimizers start (a kind without optimizers, such
    // as critical_points, starts nowhere).
    if (expression && with_optimizers) {
      check_expression_start(*p.expression, *f, inst.start, inst.dim);
    }
    if (spec.stop.target) {
      if (spec.stop.target_from_f_star) {
        const auto f_star = f->f_star();
        if (!f_star) {
          throw Error(spec.stop.target_where, "stop.target",
                      p.function + " has no known f_star (" + p.keypath + "); give a number");
        }
        inst.target = *f_star + spec.stop.target_offset;
      } else {
        inst.target = spec.stop.target;
      }
    }
    if (p.box) {
      if (static_cast<Eigen::Index>(p.box->size()) != inst.dim) {
        throw Error(p.box_where, p.keypath + ".box",
                    "box has " + std::to_string(p.box->size()) + " ranges but dim is " +
                        std::to_string(inst.dim));
      }
      inst.box = *p.box;
    } else {
      // Only the critical-point search uses the box, and only up to the dense Hessian limit.
      if (inst.dim <= kDenseHessianLimit) inst.box = f->search_box();
    }
    inst.cells.push_back({"problem", p.function, ColumnType::Text});
    if (expression) inst.cells.push_back({"expression", expression->text, ColumnType::Text});
    inst.cells.push_back({"dim", std::to_string(inst.dim), ColumnType::Integer});
    for (const auto& [key, value] : inst.params.items()) {
      inst.cells.push_back(
          setting_cell(key, value, info != nullptr ? info->params : std::vector<ParamSpec>{}));
    }
    // The start's words (zeros, at_known N) are text like its brackets.
    inst.cells.push_back({"start",
                          inst.start_known
                              ? kAtKnown + std::to_string(*inst.start_known)
                              : (inst.start ? to_cell(*inst.start) : std::string("zeros")),
                          ColumnType::List});
    if (p.box) {
      std::vector<std::string> ranges;
      for (const auto& [low, high] : *p.box) ranges.push_back(to_cell(std::vector{low, high}));
      inst.cells.push_back({"box", list_cell(ranges), ColumnType::List});
    }
    inst.cells.push_back({"start_noise", to_cell(inst.start_noise), ColumnType::Number});
    for (const auto& cell : inst.cells) inst.key += cell.key_part();
    // After the key: compiled and interpreted runs of an expression start from the same point.
    if (expression) {
      inst.cells.push_back(
          {"evaluator",
           inst.evaluator == ExpressionEvaluator::Interpreted ? "interpreted" : "compiled",
           ColumnType::Text});
    }
    out.push_back(std::move(inst));
  });
}

// Classification: one problem instance per point of the model x train grid, all on the same data.
void expand_models(const ExperimentSpec& spec, std::vector<ProblemInstance>& out) {
  const DataSpec& data = *spec.data;
  std::string data_key = "dataset=" + data.dataset + ';';
  std::vector<Cell> data_cells{{"problem", data.dataset, ColumnType::Text}};
  const DatasetInfo* dataset = dataset_registry().find(data.dataset);
  for (const auto& [key, value] : data.params.items()) {
    // "data." keeps a data set's own n and seed apart from summary.csv's n and the run's seed.
    Cell cell =
        setting_cell(key, value, dataset != nullptr ? dataset->params : std::vector<ParamSpec>{});
    cell.name = "data." + key;
    data_cells.push_back(std::move(cell));
    data_key += key + '=' + key_text(value) + ';';
  }
  for (const auto& [key, value] : data.split.items()) data_key += key + '=' + key_text(value) + ';';
  std::vector<Axis> axes = spec.model_axes;
  const std::size_t model_count = axes.size();
  axes.insert(axes.end(), spec.train_axes.begin(), spec.train_axes.end());
  for_each_point(axes, [&](const std::vector<const AxisValue*>& point) {
    ProblemInstance inst;
    inst.function = data.dataset;
    inst.dim = 0;
    inst.data_key = data_key;
    Settings model;
    Settings train;
    for (std::size_t a = 0; a < axes.size(); ++a) {
      (a < model_count ? model : train).set(axes[a].key, point[a]->value);
    }
    inst.model = complete_settings(model_param_specs(), model);
    inst.train = complete_settings(train_param_specs(), train);
    inst.cells = data_cells;
    inst.problem_cells = data_cells.size();
    for (const auto& [key, value] : inst.model.items())
      inst.cells.push_back(setting_cell(key, value, model_param_specs()));
    for (const auto& [key, value] : inst.train.items())
      inst.cells.push_back(setting_cell(key, value, train_param_specs()));
    // The key seeds minibatch order and dropout. dtype and BatchNorm1d's arguments stay out of
    // it: a float32 run and its float64 twin, and the batch-norm variants of a model, see the
    // same batches (a paired comparison), and runs draw what they drew before these keys existed.
    for (const auto& cell : inst.cells) {
      if (cell.name != "dtype" && cell.name.rfind("batchnorm_", 0) != 0)
        inst.key += cell.key_part();
    }
    out.push_back(std::move(inst));
  });
}

void expand_optimizer(const OptimizerSpec& o, std::vector<OptimizerInstance>& out) {
  const OptimizerInfo& info = find_optimizer(o.name);
  for_each_point(o.axes, [&](const std::vector<const AxisValue*>& point) {
    Settings given;
    OptimizerInstance inst;
    for (std::size_t a = 0; a < o.axes.size(); ++a) {
      if (o.axes[a].key == "schedule") {
        inst.schedule =
            o.schedules[static_cast<std::size_t>(std::get<std::int64_t>(point[a]->value))];
      } else {
        given.set(o.axes[a].key, point[a]->value);
      }
    }
    inst.name = o.name;
    try {
      inst.settings = checked_optimizer_settings(info, given);
    } catch (const Error& e) {
      relocate(e, o.axes, point, o.where, o.keypath);
    }
    try {
      // What torch checks when the schedulers are built (cycle_momentum needs a momentum).
      const auto optimizer = info.make(inst.settings);
      const LrSchedule check(inst.schedule, *optimizer);
    } catch (const Error& e) {
      throw Error(e.where(), e.keypath(), o.name + ": " + e.message());
    }
    inst.cells.push_back({"optimizer", o.name, ColumnType::Text});
    if (o.trial) inst.cells.push_back({"trial", std::to_string(*o.trial), ColumnType::Integer});
    for (const auto& [key, value] : inst.settings.items())
      inst.cells.push_back(setting_cell(key, value, info.params));
    inst.cells.push_back({"schedule", to_text(inst.schedule), ColumnType::Text});
    // The key seeds minibatch order, dropout and noise. The schedule stays out of it: an
    // optimizer's schedules see the same batches, so comparing schedules is paired too.
    for (const auto& cell : inst.cells) {
      if (cell.name != "schedule") inst.key += cell.key_part();
    }
    out.push_back(std::move(inst));
  });
}

void add_columns(std::vector<Column>& columns, const std::vector<Cell>& cells) {
  for (const auto& cell : cells) {
    const auto same = [&](const Column& c) { return c.name == cell.name; };
    if (std::none_of(columns.begin(), columns.end(), same))
      columns.push_back({cell.name, cell.type});
  }
}

std::size_t column_index(const std::vector<Column>& columns, const std::string& name) {
  return static_cast<std::size_t>(std::find_if(columns.begin(), columns.end(),
                                               [&](const Column& c) { return c.name == name; }) -
                                  columns.begin());
}

// The setting of every (problem, optimizer): the optimizer's cells, then the problem cells that
// belong to the setting, each part in runs.csv's column order (as a reader of runs.csv sees it).
std::vector<std::string> setting_texts(const RunPlan& plan) {
  const auto by_column = [&](std::vector<Cell> cells) {
    std::stable_sort(cells.begin(), cells.end(), [&](const Cell& a, const Cell& b) {
      return column_index(plan.id_columns, a.name) < column_index(plan.id_columns, b.name);
    });
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(cells.size());
    for (auto& c : cells) out.emplace_back(std::move(c.name), std::move(c.text));
    return out;
  };
  std::vector<LabelCells> optimizers;
  for (const auto& o : plan.optimizers)
    optimizers.push_back({o.name, by_column({o.cells.begin() + 1, o.cells.end()})});  // 0: name
  std::vector<LabelCells> settings;
  settings.reserve(plan.problems.size() * plan.optimizers.size());
  for (const auto& p : plan.problems) {
    const std::size_t named = std::min(p.problem_cells, p.cells.size());
    const auto own =
        by_column({p.cells.begin() + static_cast<std::ptrdiff_t>(named), p.cells.end()});
    for (LabelCells s : optimizers) {
      s.cells.insert(s.cells.end(), own.begin(), own.end());
      settings.push_back(std::move(s));
    }
  }
  return setting_labels(settings);
}

}  // namespace

std::vector<std::string> RunPlan::id_cells(const RunSpec& run) const {
  std::vector<std::string> out(id_columns.size());
  out[0] = std::to_string(run.run_id);
  auto fill = [&](const std::vector<Cell>& cells) {
    for (const auto& cell : cells) out[column_index(id_columns, cell.name)] = cell.text;
  };
  fill(problems[run.problem].cells);
  if (run.optimizer < optimizers.size()) fill(optimizers[run.optimizer].cells);
  out.back() = std::to_string(run.seed);
  return out;
}

namespace {

// a * b, or SIZE_MAX when it does not fit.
std::size_t saturating_multiply(std::size_t a, std::size_t b) {
  std::size_t out = 0;
  return __builtin_mul_overflow(a, b, &out) ? SIZE_MAX : out;
}

std::size_t saturating_add(std::size_t a, std::size_t b) {
  std::size_t out = 0;
  return __builtin_add_overflow(a, b, &out) ? SIZE_MAX : out;
}

std::size_t grid_points(const std::vector<Axis>& axes) {
  std::size_t n = 1;
  for (const auto& axis : axes) n = saturating_multiply(n, axis.values.size());
  return n;
}

std::size_t problem_instances(const ExperimentSpec& spec) {
  if (spec.data) {
    return saturating_multiply(grid_points(spec.model_axes), grid_points(spec.train_axes));
  }
  std::size_t n = 0;
  for (const auto& p : spec.problems) n = saturating_add(n, grid_points(p.axes));
  return n;
}

std::size_t optimizer_instances(const ExperimentSpec& spec) {
  if (spec.optimizers_per_problem != 0) return spec.optimizers_per_problem;
  std::size_t n = 0;
  for (const auto& o : spec.optimizers) n = saturating_add(n, grid_points(o.axes));
  return n;
}

std::string with_digits(std::size_t n) {
  return n == SIZE_MAX ? std::string("more than 10^19") : std::to_string(n);
}

// Refuses a grid too large to expand (or to run), before anything is expanded.
void check_size(const ExperimentSpec& spec, bool with_optimizers, bool allow_large) {
  const std::size_t problems = problem_instances(spec);
  const std::size_t optimizers = with_optimizers ? optimizer_instances(spec) : 1;
  const std::size_t total = count_runs(spec, with_optimizers);
  if (problems > kMaxInstances || optimizers > kMaxInstances || total > kMaxPlanRuns) {
    const std::string what = problems > kMaxInstances     ? "problem instances"
                             : optimizers > kMaxInstances ? "optimizer settings"
                                                          : "runs";
    const std::size_t count = problems > kMaxInstances     ? problems
                              : optimizers > kMaxInstances ? optimizers
                                                           : total;
    const std::size_t limit = what == "runs" ? kMaxPlanRuns : kMaxInstances;
    throw Error(spec.root_where, "",
                "the grid expands to " + with_digits(count) + " " + what + " (at most " +
                    std::to_string(limit) + "); shorten its axes");
  }
  if (total > kLargePlan && !allow_large) {
    throw Error(spec.root_where, "",
                "the grid expands to " + std::to_string(total) + " runs (more than " +
                    std::to_string(kLargePlan) + "); pass --allow-large if that is intended");
  }
}

}  // namespace

std::size_t count_runs(const ExperimentSpec& spec, bool with_optimizers) {
  const std::size_t optimizers = with_optimizers ? optimizer_instances(spec) : 1;
  return saturating_multiply(saturating_multiply(problem_instances(spec), optimizers),
                             spec.seeds.size());
}

std::size_t RunPlan::optimizers_per_problem() const {
  if (!with_optimizers) return 1;
  return spec.optimizers_per_problem != 0 ? spec.optimizers_per_problem : optimizers.size();
}

std::size_t RunPlan::run_count() const {
  return problems.size() * optimizers_per_problem() * spec.seeds.size();
}

RunSpec RunPlan::run(std::size_t run_id) const {
  const std::size_t seeds = spec.seeds.size();
  const std::size_t per_problem = optimizers_per_problem() * seeds;
  RunSpec r;
  r.run_id = run_id;
  r.problem = run_id / per_problem;
  r.optimizer = with_optimizers ? (run_id % per_problem) / seeds : static_cast<std::size_t>(-1);
  if (with_optimizers && spec.optimizers_per_problem != 0)
    r.optimizer += r.problem * spec.optimizers_per_problem;
  r.seed = spec.seeds[run_id % seeds];
  return r;
}

std::uint64_t RunPlan::seed_for(std::initializer_list<std::string_view> parts) const {
  std::vector<std::string_view> all;
  all.reserve(parts.size() + 1);
  all.emplace_back(spec.seed_salt);
  all.insert(all.end(), parts.begin(), parts.end());
  return stable_hash(all);
}

const std::string& RunPlan::setting_text(const RunSpec& run) const {
  return setting_texts.at(run.problem * optimizers.size() + run.optimizer);
}

RunPlan expand_plan(const ExperimentSpec& spec, bool with_optimizers, bool allow_large) {
  RunPlan plan;
  plan.spec = spec;
  plan.with_optimizers = with_optimizers;
  check_size(spec, with_optimizers, allow_large);
  if (spec.data) {
    if (!spec.problems.empty()) {
      throw Error(spec.problems.front().where, "problems",
                  "a config with data: trains models on it; it has no problems: list");
    }
    expand_models(spec, plan.problems);
  } else {
    if (!spec.model_axes.empty() || !spec.train_axes.empty()) {
      throw Error(spec.root_where, spec.model_axes.empty() ? "train" : "model",
                  "model: and train: need a data: section (kind classification)");
    }
    if (spec.problems.empty())
      throw Error(spec.root_where, "problems", "missing: list the problems");
    for (const auto& p : spec.problems) expand_problem(spec, p, with_optimizers, plan.problems);
  }
  if (with_optimizers) {
    if (spec.optimizers.empty()) {
      throw Error(spec.root_where, "optimizers", "missing: list the optimizers to compare");
    }
    for (const auto& o : spec.optimizers) {
      const std::size_t first = plan.optimizers.size();
      expand_optimizer(o, plan.optimizers);
      // Second-order methods build a dense Hessian every step.
      const auto& inst = plan.optimizers[first];
      if (find_optimizer(inst.name).make(inst.settings)->needs_hessian()) {
        for (const auto& p : plan.problems) {
          if (p.dim > kDenseHessianLimit) {
            throw Error(o.where, o.keypath + ".name",
                        o.name + " needs a dense Hessian, which stops at dim " +
                            std::to_string(kDenseHessianLimit) + " (" + p.function + " has dim " +
                            std::to_string(p.dim) + ")");
          }
        }
      }
    }
  } else if (!spec.optimizers.empty()) {
    throw Error(spec.optimizers.front().where, "optimizers",
                "kind " + spec.kind + " runs no optimizers; remove this section");
  }
  plan.id_columns.push_back({"run_id", ColumnType::Integer});
  for (const auto& p : plan.problems) add_columns(plan.id_columns, p.cells);
  for (const auto& o : plan.optimizers) add_columns(plan.id_columns, o.cells);
  plan.id_columns.push_back({"seed", ColumnType::Integer});
  if (with_optimizers) plan.setting_texts = setting_texts(plan);

  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(stable_hash({canonical_text(plan)})));
  plan.hash = hex;
  return plan;
}

}  // namespace optbench
