#include "optbench/run/tuning.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "optbench/analysis/statistics.hpp"
#include "optbench/analysis/tuning_curve.hpp"
#include "optbench/config/tuning_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/run/input_fingerprint.hpp"

namespace optbench {

namespace {

constexpr const char* kErt = "ert";

double parse_cell(const std::string& cell) {
  if (cell.empty()) return std::numeric_limits<double>::quiet_NaN();
  return std::strtod(cell.c_str(), nullptr);
}

double worst(bool higher_is_better) {
  return higher_is_better ? -std::numeric_limits<double>::infinity()
                          : std::numeric_limits<double>::infinity();
}

bool better(double a, double b, bool higher_is_better) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return higher_is_better ? a > b : a < b;
}

// The columns of `columns` strictly between two names.
std::vector<Column> columns_between(const std::vector<Column>& columns, const std::string& after,
                                    const std::string& before) {
  const auto named = [](const std::string& name) {
    return [&name](const Column& c) { return c.name == name; };
  };
  const auto from = std::find_if(columns.begin(), columns.end(), named(after));
  const auto to = std::find_if(columns.begin(), columns.end(), named(before));
  if (from == columns.end() || to == columns.end() || from >= to) return {};
  return {from + 1, to};
}

std::string table_text(const CsvTable& table) {
  std::string text = csv_line(table.header) + '\n';
  for (const auto& row : table.rows) text += csv_line(row) + '\n';
  return text;
}

// One trial's runs over the tuning seeds.
struct TrialRuns {
  std::vector<double> values;  // the metric per run
  std::size_t successes = 0;   // ert: runs that reached the target
  double steps = 0.0;
  double wall_ms = 0.0;
};

double trial_score(const TrialRuns& runs, const SelectionMetric& metric) {
  if (runs.values.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (metric.ert) {
    // Every run's steps are charged, the unsuccessful ones' included (Auger & Hansen 2005).
    return runs.successes == 0 ? std::numeric_limits<double>::infinity()
                               : runs.steps / static_cast<double>(runs.successes);
  }
  std::vector<double> values = runs.values;
  for (double& v : values) {
    if (std::isnan(v)) v = worst(metric.higher_is_better);  // a diverged run is the worst run
  }
  return median_of(std::move(values));
}

// The kind of the trials: the same runs and tables, but no summary.csv or comparisons.csv at
// the end (tuning.csv and chosen.csv are the trials' verdict; `optbench report` writes a
// summary where one is wanted). Their bootstrap intervals over trials x problems would cost more
// than the trials of a cheap config.
class TrialsKind : public ExperimentKind {
 public:
  explicit TrialsKind(const ExperimentKind& kind) : kind_(kind) {}
  bool uses_optimizers() const override { return kind_.uses_optimizers(); }
  void check(const RunPlan& plan) const override { kind_.check(plan); }
  std::vector<std::string> input_files(const RunPlan& plan) const override {
    return kind_.input_files(plan);
  }
  std::vector<TableSpec> tables(const RunPlan& plan) const override { return kind_.tables(plan); }
  void run(const RunPlan& plan, const RunSpec& run, RunRecorder& out) const override {
    kind_.run(plan, run, out);
  }
  std::optional<RankingRule> ranking_rule() const override { return kind_.ranking_rule(); }
  SummaryOptions summary_options(const ExperimentSpec& spec) const override {
    return kind_.summary_options(spec);
  }

 private:
  const ExperimentKind& kind_;
};

}  // namespace

SelectionMetric selection_metric(const ExperimentSpec& spec, const RankingRule& rule) {
  const TuneSpec& tune = *spec.tune;
  std::vector<std::string> names;
  if (!rule.running_times.empty()) names.emplace_back(kErt);
  for (const auto& m : rule.medians) names.push_back(m.column);
  const std::string wanted = tune.select_by.empty() ? rule.medians.front().column : tune.select_by;
  if (wanted == kErt && !rule.running_times.empty()) {
    if (!spec.stop.target) {
      throw Error(tune.select_where, "tune.select_by",
                  "ert needs a target to reach: set stop.target (a number or f_star + OFFSET)");
    }
    return {rule.running_times.front(), false, true};
  }
  for (const auto& m : rule.medians) {
    if (m.column == wanted) return {m.column, m.higher_is_better, false};
  }
  std::string listed;
  for (const auto& n : names) listed += (listed.empty() ? "" : ", ") + n;
  throw Error(tune.select_where, "tune.select_by",
              "kind " + spec.kind + " cannot select by '" + wanted + "'; it ranks by " + listed +
                  did_you_mean(wanted, names));
}

TuningTables select_trials(const RunPlan& plan, const CsvTable& runs,
                           const SelectionMetric& metric) {
  const ExperimentSpec& spec = plan.spec;
  const auto trials = static_cast<std::size_t>(spec.tune->trials);
  const std::size_t entries = plan.optimizers.size() / trials;
  const std::size_t problems = plan.problems.size();
  const std::vector<Column>& ids = plan.id_columns;
  const std::vector<Column> problem_columns = columns_between(ids, "run_id", "optimizer");
  const std::vector<Column> hyper_columns = columns_between(ids, "trial", "seed");
  const auto id_index = [&ids](const std::string& column) {
    return static_cast<std::size_t>(
        std::find_if(ids.begin(), ids.end(), [&](const Column& c) { return c.name == column; }) -
        ids.begin());
  };
  const auto add_columns = [](CsvTable& table, const std::vector<Column>& columns) {
    for (const auto& c : columns) table.add_column(c.name, c.type);
  };

  const std::size_t run_id_col = runs.column("run_id");
  const std::size_t metric_col = runs.column(metric.column);
  const std::size_t status_col = runs.column("status");
  const std::size_t steps_col = runs.column("steps");
  const std::size_t wall_col = runs.column("wall_ms");

  TuningTables out;
  add_columns(out.tuning, problem_columns);
  add_columns(out.tuning, {{"optimizer", ColumnType::Text},
                           {"trial", ColumnType::Integer},
                           {"seed", ColumnType::Integer}});
  add_columns(out.tuning, hyper_columns);
  out.tuning.add_column(metric.column, ColumnType::Number);
  out.tuning.add_column("status", ColumnType::Text);

  // Per (problem, optimizer entry, trial), problem-major as the plan orders runs.
  std::vector<TrialRuns> trial_runs(problems * entries * trials);
  const auto cells_of = [&](const std::vector<std::string>& id_cells,
                            const std::vector<Column>& columns) {
    std::vector<std::string> cells;
    cells.reserve(columns.size());
    for (const auto& c : columns) cells.push_back(id_cells[id_index(c.name)]);
    return cells;
  };
  const std::vector<Column> optimizer_trial_seed{{"optimizer", ColumnType::Text},
                                                 {"trial", ColumnType::Integer},
                                                 {"seed", ColumnType::Integer}};
  const std::vector<Column> optimizer_trial{optimizer_trial_seed[0], optimizer_trial_seed[1]};
  for (const auto& row : runs.rows) {
    const RunSpec run = plan.run(static_cast<std::size_t>(std::stoull(row[run_id_col])));
    TrialRuns& t = trial_runs[run.problem * entries * trials + run.optimizer];
    const double value = parse_cell(row[metric_col]);
    t.values.push_back(value);
    t.successes += row[status_col] == "reached_target" ? 1 : 0;
    t.steps += parse_cell(row[steps_col]);
    t.wall_ms += parse_cell(row[wall_col]);
    const std::vector<std::string> id_cells = plan.id_cells(run);
    std::vector<std::string> cells = cells_of(id_cells, problem_columns);
    for (const auto& c : cells_of(id_cells, optimizer_trial_seed)) cells.push_back(c);
    for (const auto& c : cells_of(id_cells, hyper_columns)) cells.push_back(c);
    cells.push_back(row[metric_col]);
    cells.push_back(row[status_col]);
    out.tuning.rows.push_back(std::move(cells));
  }

  add_columns(out.chosen, problem_columns);
  add_columns(out.chosen, optimizer_trial);
  add_columns(out.chosen, hyper_columns);
  add_columns(out.chosen, {{"select_by", ColumnType::Text},
                           {"score", ColumnType::Number},
                           {"tuning_runs", ColumnType::Integer},
                           {"tuning_steps", ColumnType::Integer},
                           {"tuning_wall_ms", ColumnType::Number}});
  add_columns(out.curve, problem_columns);
  add_columns(out.curve, {{"optimizer", ColumnType::Text},
                          {"select_by", ColumnType::Text},
                          {"k", ColumnType::Integer},
                          {"expected_best", ColumnType::Number},
                          {"all_failed", ColumnType::Number}});
  const std::string metric_name = metric.ert ? kErt : metric.column;

  for (std::size_t p = 0; p < problems; ++p) {
    for (std::size_t e = 0; e < entries; ++e) {
      std::vector<double> scores;
      std::size_t best = 0;
      double runs_total = 0.0;
      double steps_total = 0.0;
      double wall_total = 0.0;
      for (std::size_t t = 0; t < trials; ++t) {
        const TrialRuns& tr = trial_runs[(p * entries + e) * trials + t];
        scores.push_back(trial_score(tr, metric));
        if (better(scores[t], scores[best], metric.higher_is_better)) best = t;
        runs_total += static_cast<double>(tr.values.size());
        steps_total += tr.steps;
        wall_total += tr.wall_ms;
      }
      out.chosen_trials.push_back(best);
      RunSpec run;
      run.problem = p;
      run.optimizer = e * trials + best;
      run.seed = spec.seeds.front();
      const std::vector<std::string> id_cells = plan.id_cells(run);
      const std::vector<std::string> problem_cells = cells_of(id_cells, problem_columns);
      std::vector<std::string> row = problem_cells;
      for (const auto& c : cells_of(id_cells, optimizer_trial)) row.push_back(c);
      for (const auto& c : cells_of(id_cells, hyper_columns)) row.push_back(c);
      row.push_back(metric_name);
      row.push_back(format_number(scores[best]));
      row.push_back(format_number(runs_total));
      row.push_back(format_number(steps_total));
      row.push_back(format_number(wall_total));
      out.chosen.rows.push_back(std::move(row));

      for (std::size_t k = 1; k <= trials; ++k) {
        std::vector<std::string> line = problem_cells;
        line.push_back(plan.optimizers[e * trials].name);
        line.push_back(metric_name);
        line.push_back(std::to_string(k));
        const double best = expected_best(scores, k, metric.higher_is_better);
        line.push_back(std::isnan(best) ? std::string() : format_number(best));
        line.push_back(format_number(all_failed_probability(scores, k, metric.higher_is_better)));
        out.curve.rows.push_back(std::move(line));
      }
    }
  }
  return out;
}

std::unique_ptr<ExperimentKind> trials_kind(const ExperimentKind& kind) {
  return std::make_unique<TrialsKind>(kind);
}

RunPlan tuning_plan_of(const ExperimentSpec& spec, bool allow_large) {
  ExperimentSpec tuning = tuning_spec(spec);
  tuning.name = spec.name + ".tuning";
  return expand_plan(tuning, true, allow_large);
}

TuningTables write_selection(const RunPlan& tuning_plan, const SelectionMetric& metric,
                             const std::string& dir) {
  TuningTables tables = select_trials(tuning_plan, read_csv(dir + "/runs.csv"), metric);
  write_file_atomically(dir + "/tuning.csv", table_text(tables.tuning));
  write_file_atomically(dir + "/chosen.csv", table_text(tables.chosen));
  write_file_atomically(dir + "/tuning_curve.csv", table_text(tables.curve));
  return tables;
}

TunedReport run_tuned(const ExperimentSpec& spec, const ExperimentKind& kind,
                      const SweepOptions& options, bool allow_large) {
  TunedReport report;
  const auto rule = kind.ranking_rule();
  if (!rule) throw Error(spec.tune->where, "tune", "kind " + spec.kind + " ranks nothing");
  const SelectionMetric metric = selection_metric(spec, *rule);

  RunPlan tuning_plan = tuning_plan_of(spec, allow_large);
  kind.check(tuning_plan);
  fingerprint_inputs(tuning_plan, kind.input_files(tuning_plan));
  report.tuning = run_sweep(tuning_plan, TrialsKind(kind), options);
  // A shard holds some of the trials: the selection needs all of them (after merge).
  if (options.shard_count != 1) return report;
  if (report.tuning.state != SweepState::Complete &&
      report.tuning.state != SweepState::AlreadyComplete) {
    return report;
  }

  const TuningTables tables = write_selection(tuning_plan, metric, report.tuning.dir);

  ExperimentSpec final_phase = final_spec(spec, tables.chosen_trials, tuning_plan.problems.size());
  RunPlan final_plan = expand_plan(final_phase, true, allow_large);
  kind.check(final_plan);
  fingerprint_inputs(final_plan, kind.input_files(final_plan));
  report.final_started = true;
  report.final = run_sweep(final_plan, kind, options);
  return report;
}

}  // namespace optbench
