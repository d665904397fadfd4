#include "optbench/report/result_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include "optbench/core/error.hpp"
#include "optbench/io/record_file.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace fs = std::filesystem;

namespace optbench::report {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::optional<std::size_t> find(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  if (it == header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - header.begin());
}

// A cell as a label shows it: lists in parentheses, `(64, 64)` and `()` (also from a runs.csv
// written before lists were bracketed, where `64 64` was a list and an empty cell could be one).
std::string shown(const std::string& column, const std::string& cell) {
  const bool bracketed = cell.size() >= 2 && cell.front() == '[' && cell.back() == ']';
  if (bracketed || (cell.find(' ') != std::string::npos && column != "schedule")) {
    std::string out = "(";
    for (const char c : bracketed ? cell.substr(1, cell.size() - 2) : cell)
      out += c == ' ' ? std::string(", ") : std::string(1, c);
    return out + ")";
  }
  return cell.empty() ? "-" : cell;
}

struct Keyed {
  std::vector<std::string> names;              // column names of the key
  std::vector<std::vector<std::string>> keys;  // distinct keys in first-appearance order
};

// Per key, the columns (from 1 on) whose values differ among the keys with the same first cell.
std::vector<std::string> labels_by_name(const Keyed& k, const std::set<std::string>& always) {
  std::vector<std::string> labels;
  for (const auto& key : k.keys) {
    std::string label = key.empty() ? std::string() : key[0];
    for (std::size_t c = 1; c < k.names.size(); ++c) {
      std::set<std::string> values;
      for (const auto& other : k.keys) {
        if (other[0] == key[0]) values.insert(other[c]);
      }
      const bool show = values.size() > 1 || (always.count(k.names[c]) > 0 && !key[c].empty());
      if (show) label += " " + k.names[c] + "=" + shown(k.names[c], key[c]);
    }
    labels.push_back(label);
  }
  return labels;
}

}  // namespace

std::optional<std::size_t> Trace::column(const std::string& name) const {
  return find(columns, name);
}

bool Trace::has_values(const std::string& name) const {
  const auto c = column(name);
  if (!c) return false;
  for (const auto& [id, rows] : runs) {
    for (const auto& row : rows) {
      if (!std::isnan(row[*c])) return true;
    }
  }
  return false;
}

double number_or_nan(const std::string& cell) {
  if (cell.empty()) return kNaN;
  double value = kNaN;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size()) return kNaN;
  return value;
}

RunGroups group_runs(const CsvTable& runs) {
  RunGroups g;
  if (runs.header.empty()) return g;
  const auto run_id = find(runs.header, "run_id");
  const auto seed = find(runs.header, "seed");
  const auto optimizer = find(runs.header, "optimizer");
  const std::size_t first = run_id ? *run_id + 1 : 0;
  const std::size_t seed_at = seed ? *seed : runs.header.size();
  const std::size_t instance_end = optimizer ? *optimizer : seed_at;

  Keyed instances;
  Keyed settings;
  for (std::size_t c = first; c < instance_end; ++c) instances.names.push_back(runs.header[c]);
  if (optimizer) {
    for (std::size_t c = *optimizer; c < seed_at; ++c) settings.names.push_back(runs.header[c]);
  }
  std::map<std::vector<std::string>, std::size_t> instance_index;
  std::map<std::vector<std::string>, std::size_t> setting_index;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    const auto& row = runs.rows[r];
    g.run_id.push_back(run_id ? static_cast<std::size_t>(std::stoull("0" + row[*run_id])) : r);
    g.seed.push_back(seed ? row[*seed] : std::string());
    std::vector<std::string> ikey(row.begin() + static_cast<std::ptrdiff_t>(first),
                                  row.begin() + static_cast<std::ptrdiff_t>(instance_end));
    const auto [it, added] = instance_index.emplace(ikey, instances.keys.size());
    if (added) {
      instances.keys.push_back(ikey);
      g.instance_rows.emplace_back();
      std::map<std::string, std::string> cells;
      for (std::size_t c = 0; c < ikey.size(); ++c) cells[instances.names[c]] = ikey[c];
      g.instance_cells.push_back(std::move(cells));
    }
    g.instance.push_back(it->second);
    g.instance_rows[it->second].push_back(r);
    if (optimizer) {
      std::vector<std::string> skey(row.begin() + static_cast<std::ptrdiff_t>(*optimizer),
                                    row.begin() + static_cast<std::ptrdiff_t>(seed_at));
      const auto [sit, sadded] = setting_index.emplace(skey, settings.keys.size());
      if (sadded) {
        settings.keys.push_back(skey);
        std::map<std::string, std::string> cells;
        for (std::size_t c = 0; c < skey.size(); ++c) cells[settings.names[c]] = skey[c];
        g.setting_cells.push_back(std::move(cells));
      }
      g.setting.push_back(sit->second);
    } else {
      g.setting.push_back(RunGroups::npos);
    }
  }
  g.instance_labels = labels_by_name(instances, {});
  g.setting_labels = labels_by_name(settings, {"lr"});

  // Variant labels: only what differs between instances at all.
  std::vector<bool> varies(instances.names.size(), false);
  for (std::size_t c = 0; c < instances.names.size(); ++c) {
    std::set<std::string> values;
    for (const auto& key : instances.keys) values.insert(key[c]);
    varies[c] = values.size() > 1;
  }
  for (const auto& key : instances.keys) {
    std::string label;
    for (std::size_t c = 0; c < key.size(); ++c) {
      if (!varies[c]) continue;
      if (!label.empty()) label += " ";
      label += c == 0 ? key[c] : instances.names[c] + "=" + shown(instances.names[c], key[c]);
    }
    g.variant_labels.push_back(label.empty() && !key.empty() ? key[0] : label);
  }
  return g;
}

ResultData load_results(const std::string& dir) {
  ResultData d;
  d.dir = dir;
  const fs::path root(dir);
  const bool has_runs = fs::exists(root / "runs.csv");
  const bool has_timings = fs::exists(root / "timings.csv");
  if (!has_runs && !has_timings) {
    if (fs::exists(root / "runs.csv.part")) {
      throw Error({dir, 0, 0}, "",
                  "the sweep did not finish (runs.csv.part only): finish it with "
                  "optbench run --resume, then report");
    }
    throw Error({dir, 0, 0}, "", "no runs.csv or timings.csv here: not an optbench result folder");
  }
  d.manifest = read_manifest(dir);
  if (has_runs) {
    d.runs = read_csv((root / "runs.csv").string());
    // Every runs.csv optbench writes starts with its header; a first line of data means the
    // file was cut or pasted together, and its "columns" would be numbers.
    if (d.runs.header.empty() || d.runs.header[0] != "run_id") {
      throw Error({(root / "runs.csv").string(), 1, 1}, "",
                  "the first line is not runs.csv's header (it starts with '" +
                      (d.runs.header.empty() ? std::string() : d.runs.header[0]) +
                      "', not run_id): not a file optbench wrote whole");
    }
    d.groups = group_runs(d.runs);
  }
  if (fs::exists(root / "summary.csv")) d.summary = read_csv((root / "summary.csv").string());
  if (fs::exists(root / "critical_points.csv")) {
    d.critical_points = read_csv((root / "critical_points.csv").string());
  }
  if (fs::exists(root / "spectrum.csv")) d.spectrum = read_csv((root / "spectrum.csv").string());
  if (has_timings) d.timings = read_csv((root / "timings.csv").string());
  if (fs::exists(root / "tuning.csv")) d.tuning = read_csv((root / "tuning.csv").string());
  if (fs::exists(root / "tuning_curve.csv")) {
    d.tuning_curve = read_csv((root / "tuning_curve.csv").string());
  }

  if (fs::exists(root / "trace.csv")) {
    RecordReader reader((root / "trace.csv").string());
    std::string record;
    if (reader.next(record)) {
      std::vector<std::string> header = split_csv_line(record);
      const bool keyed = !header.empty() && header[0] == "run_id";
      d.trace.columns.assign(header.begin() + (keyed ? 1 : 0), header.end());
      while (reader.next(record)) {
        const std::vector<std::string> cells = split_csv_line(record);
        if (cells.size() != header.size()) continue;  // a torn or foreign line: not plotted
        std::vector<double> row;
        row.reserve(d.trace.columns.size());
        for (std::size_t c = keyed ? 1 : 0; c < cells.size(); ++c)
          row.push_back(number_or_nan(cells[c]));
        const std::size_t id = keyed ? record_run_id(cells[0]) : 0;
        if (id == static_cast<std::size_t>(-1)) continue;  // not a run id: not plotted
        d.trace.runs[id].push_back(std::move(row));
      }
    }
  }

  if (d.manifest && !d.manifest->kind.empty()) {
    d.kind = d.manifest->kind;
  } else if (d.critical_points) {
    d.kind = "critical_points";
  } else if (d.trace.column("epoch")) {
    d.kind = "classification";
  } else if (find(d.runs.header, "optimizer")) {
    d.kind = "function";
  } else {
    d.kind = "timing";
  }
  if (const auto spec = result_config(dir)) {
    d.bootstrap.resamples = static_cast<std::size_t>(spec->bootstrap_resamples);
    d.bootstrap.confidence = spec->confidence;
  }
  try {
    const auto kind = find_experiment(d.kind).make();
    d.rule = kind->ranking_rule();
    d.sections = kind->report_sections();
  } catch (const Error&) {
    // A kind this optbench does not know: no rule, no ranking, no sections of its own.
  }
  return d;
}

}  // namespace optbench::report
