// Prints the declared type of every column of every CSV file in result folders, as the code that
// writes the files declares them (TableSpec, the plan's identifier columns, the builders of
// summary.csv, comparisons.csv, tuning.csv, chosen.csv, tuning_curve.csv and timings.csv), for
// check_types.py and check_types.R to compare with what pandas and R read.
//
//   csv_declared_types RESULT_DIR...   > declared.csv   (folder,file,column,type)
//
// Exit 1 when a folder holds a CSV file nothing declares or a file whose header differs from the
// declaration: the checkers then could not vouch for every column.

#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include "../../experiments/timings_reporter.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/tuning_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/tuning.hpp"

namespace fs = std::filesystem;
using namespace optbench;

namespace {

struct Declared {
  std::string file;
  std::vector<Column> columns;
};

std::vector<Column> columns_of(const CsvTable& table) {
  std::vector<Column> out;
  for (std::size_t c = 0; c < table.header.size(); ++c)
    out.push_back({table.header[c], table.type(c)});
  return out;
}

// runs.csv as the file holds it, with the types its TableSpec declares.
CsvTable typed_runs(const std::string& dir, const TableSpec& runs) {
  CsvTable table = read_csv(dir + "/runs.csv");
  if (table.header != runs.header()) throw Error({dir + "/runs.csv", 1, 1}, "", "header differs");
  for (const auto& c : runs.columns) table.types.push_back(c.type);
  return table;
}

std::vector<Declared> declare(const std::string& dir) {
  const auto manifest = read_manifest(dir);
  if (!manifest) throw Error({dir, 0, 0}, "", "no manifest.json");
  const ExperimentSpec spec = parse_config(manifest->config_text, manifest->config_file);
  const auto base = find_experiment(spec.kind).make();
  const ExperimentKind* kind = base.get();
  std::unique_ptr<ExperimentKind> trials;
  RunPlan plan;
  const bool tuning_phase = spec.tune && manifest->name == spec.name + ".tuning";
  if (!spec.tune) {
    plan = expand_plan(spec, kind->uses_optimizers(), true);
  } else {
    const RunPlan tuning = tuning_plan_of(spec, true);
    if (tuning_phase) {
      trials = trials_kind(*base);
      kind = trials.get();
      plan = tuning;
    } else {
      const std::string tuning_dir = dir + ".tuning";
      const TuningTables chosen = select_trials(tuning, read_csv(tuning_dir + "/runs.csv"),
                                                selection_metric(spec, *base->ranking_rule()));
      plan =
          expand_plan(final_spec(spec, chosen.chosen_trials, tuning.problems.size()), true, true);
    }
  }
  std::vector<Declared> out;
  const std::vector<TableSpec> tables = with_integrity_columns(kind->tables(plan));
  for (const auto& t : tables) out.push_back({t.file, t.columns});
  if (fs::exists(dir + "/summary.csv")) {
    const Verdicts v = judge_runs(typed_runs(dir, tables[0]), *kind->ranking_rule(),
                                  result_summary_options(*kind, dir));
    out.push_back({"summary.csv", columns_of(v.summary)});
    out.push_back({"comparisons.csv", columns_of(v.comparisons)});
  }
  if (tuning_phase) {
    const TuningTables t = select_trials(plan, typed_runs(dir, tables[0]),
                                         selection_metric(spec, *base->ranking_rule()));
    out.push_back({"tuning.csv", columns_of(t.tuning)});
    out.push_back({"chosen.csv", columns_of(t.chosen)});
    out.push_back({"tuning_curve.csv", columns_of(t.curve)});
  }
  out.push_back({"timings.csv", timings_columns()});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::cout << "folder,file,column,type\n";
  int status = 0;
  for (int a = 1; a < argc; ++a) {
    const std::string dir = argv[a];
    try {
      std::set<std::string> declared_files;
      for (const Declared& d : declare(dir)) {
        const std::string path = dir + "/" + d.file;
        if (!fs::exists(path)) continue;
        declared_files.insert(d.file);
        if (read_csv(path).header != column_names(d.columns)) {
          std::cerr << path << ": the header differs from the declared columns\n";
          status = 1;
        }
        for (const Column& c : d.columns) {
          std::cout << csv_line({dir, d.file, c.name, std::string(type_name(c.type))}) << "\n";
        }
      }
      for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".csv" && declared_files.count(name) == 0) {
          std::cerr << dir << "/" << name << ": no declaration of its columns\n";
          status = 1;
        }
      }
    } catch (const std::exception& e) {
      std::cerr << dir << ": " << e.what() << "\n";
      status = 1;
    }
  }
  return status;
}
