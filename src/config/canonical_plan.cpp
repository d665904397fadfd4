#include "canonical_plan.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "optbench/functions/expression/expression_function.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

namespace {

// Writes `name=value` lines; one overload per kind of value, so every field goes through the
// same spelling.
class CanonicalWriter {
 public:
  void put(std::string_view name, std::string_view value) {
    text_.append(name).append("=").append(value).append("\n");
  }
  void put(std::string_view name, const char* value) { put(name, std::string_view(value)); }
  void put(std::string_view name, const std::string& value) { put(name, std::string_view(value)); }
  void put(std::string_view name, double value) { put(name, format_number(value)); }
  void put(std::string_view name, bool value) { put(name, value ? "true" : "false"); }
  void put(std::string_view name, std::int64_t value) { put(name, std::to_string(value)); }
  void put(std::string_view name, std::uint64_t value) { put(name, std::to_string(value)); }
  void put(std::string_view name, int value) { put(name, std::to_string(value)); }
  void put(std::string_view name, long long value) { put(name, std::to_string(value)); }
  void put(std::string_view name, const Setting& value) { put(name, to_cell(value)); }

  template <typename T>
  void put(std::string_view name, const std::optional<T>& value) {
    if (value) {
      put(name, *value);
    } else {
      put(name, "null");
    }
  }

  template <typename T>
  void put(std::string_view name, const std::vector<T>& values) {
    put(std::string(name) + ".size", static_cast<std::uint64_t>(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i)
      put(std::string(name) + '[' + std::to_string(i) + ']', values[i]);
  }

  void put(std::string_view name, const std::pair<double, double>& range) {
    put(name, format_number(range.first) + ',' + format_number(range.second));
  }

  // Sorted by key: a map's order is the config's, not the value's.
  void put(std::string_view name, const Settings& settings) {
    std::vector<std::pair<std::string, std::string>> items;
    for (const auto& [key, value] : settings.items()) items.emplace_back(key, to_cell(value));
    std::sort(items.begin(), items.end());
    for (const auto& [key, value] : items) put(std::string(name) + '.' + key, value);
  }

  void put(std::string_view name, const Cell& cell) { put(name, cell.name + '=' + cell.key); }

  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

void write_spec(CanonicalWriter& w, const ExperimentSpec& s) {
  w.put("kind", s.kind);
  w.put("seed_salt", s.seed_salt);
  w.put("seeds", s.seeds);
  w.put("stop.max_steps", s.stop.max_steps);
  w.put("stop.max_evaluations", s.stop.max_evaluations);
  w.put("stop.target", s.stop.target);
  w.put("stop.target_from_f_star", s.stop.target_from_f_star);
  w.put("stop.target_offset", s.stop.target_offset);
  w.put("stop.diverge_above", s.stop.diverge_above);
  w.put("escape.radius", s.escape.radius);
  w.put("escape.delta", s.escape.delta);
  w.put("record.every", s.record_every);
  w.put("record.sharpness_every", s.sharpness_every);
  w.put("record.hessian_every", s.hessian_every);
  w.put("record.probes", s.hessian_probes);
  w.put("record.lanczos_steps", s.lanczos_steps);
  w.put("record.hessian_tolerance", s.hessian_tolerance);
  w.put("analysis.tol", s.analysis_tol);
  w.put("analysis.bootstrap", s.bootstrap_resamples);
  w.put("analysis.confidence", s.confidence);
  w.put("timing.enabled", s.timing.enabled);
  w.put("timing.min_time", s.timing.min_time);
  w.put("timing.repetitions", s.timing.repetitions);
  w.put("data", s.data.has_value());
  if (s.data) {
    w.put("data.dataset", s.data->dataset);
    w.put("data.params", s.data->params);
    w.put("data.split", s.data->split);
  }
  w.put("evaluate_on_validation", s.evaluate_on_validation);
  // The validation part exists in a tuned config's trials only; the final runs never read it.
  if (s.data && s.evaluate_on_validation)
    w.put("data.validation_fraction", s.data->validation_fraction);
  w.put("optimizers_per_problem", static_cast<std::uint64_t>(s.optimizers_per_problem));
}

void write_problem(CanonicalWriter& w, const ProblemInstance& p) {
  w.put("problem", p.function);
  w.put("problem.dim", static_cast<std::int64_t>(p.dim));
  w.put("problem.params", p.params);
  w.put("problem.start", p.start);
  w.put("problem.start_known", p.start_known ? std::optional<std::uint64_t>(*p.start_known)
                                             : std::optional<std::uint64_t>());
  w.put("problem.start_noise", p.start_noise);
  w.put("problem.target", p.target);
  w.put("problem.box", p.box);
  w.put("problem.key", p.key);
  w.put("problem.cells", p.cells);
  w.put("problem.problem_cells", static_cast<std::uint64_t>(p.problem_cells));
  // What an expression's cells do not show: its f_star, known points and search box.
  w.put("problem.expression", p.expression ? definition_text(*p.expression) : std::string());
  w.put("problem.data_key", p.data_key);
  w.put("problem.model", p.model);
  w.put("problem.train", p.train);
}

void write_optimizer(CanonicalWriter& w, const OptimizerInstance& o) {
  w.put("optimizer", o.name);
  w.put("optimizer.settings", o.settings);
  w.put("optimizer.schedule", to_text(o.schedule));
  w.put("optimizer.key", o.key);
  w.put("optimizer.cells", o.cells);
}

}  // namespace

std::string canonical_text(const RunPlan& plan) {
  CanonicalWriter w;
  write_spec(w, plan.spec);
  w.put("with_optimizers", plan.with_optimizers);
  std::vector<std::string> columns;
  for (const Column& c : plan.id_columns) columns.push_back(c.name);
  w.put("columns", columns);
  for (const ProblemInstance& p : plan.problems) write_problem(w, p);
  for (const OptimizerInstance& o : plan.optimizers) write_optimizer(w, o);
  return w.take();
}

}  // namespace optbench
