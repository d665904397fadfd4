#include "optbench/report/result_data.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
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

void IndexColumn::push_back(std::size_t index) {
  if (index != npos && index >= kNone) throw std::length_error("more than 2^32 - 1 groups");
  values_.push_back(index == npos ? kNone : static_cast<std::uint32_t>(index));
}

std::vector<std::size_t> IndexColumn::values() const {
  std::vector<std::size_t> out(size());
  for (std::size_t i = 0; i < size(); ++i) out[i] = (*this)[i];
  return out;
}

double number_or_nan(const std::string& cell) {
  if (cell.empty()) return kNaN;
  double value = kNaN;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size()) return kNaN;
  return value;
}

namespace {

// Builds RunGroups a runs.csv row at a time, holding per row only indices.
class Grouper {
 public:
  explicit Grouper(const std::vector<std::string>& header) {
    const auto run_id = find(header, "run_id");
    const auto seed = find(header, "seed");
    optimizer_ = find(header, "optimizer");
    run_id_ = run_id;
    seed_ = seed;
    first_ = run_id ? *run_id + 1 : 0;
    seed_at_ = seed ? *seed : header.size();
    instance_end_ = optimizer_ ? *optimizer_ : seed_at_;
    for (std::size_t c = first_; c < instance_end_; ++c) instances_.names.push_back(header[c]);
    if (optimizer_) {
      for (std::size_t c = *optimizer_; c < seed_at_; ++c) settings_.names.push_back(header[c]);
    }
  }

  void add(const std::vector<std::string>& row, std::size_t r) {
    g_.run_id.push_back(run_id_ ? static_cast<std::size_t>(std::stoull("0" + row[*run_id_])) : r);
    const std::string seed = seed_ ? row[*seed_] : std::string();
    const auto [sd, sd_added] =
        seed_index_.emplace(seed, static_cast<std::uint32_t>(g_.seeds.size()));
    if (sd_added) g_.seeds.push_back(seed);
    g_.seed_index.push_back(sd->second);
    const std::size_t i = key_index(row, first_, instance_end_, instance_index_, instances_);
    if (i == g_.instance_rows.size()) {
      g_.instance_rows.emplace_back();
      std::map<std::string, std::string> cells;
      for (std::size_t c = 0; c < instances_.names.size(); ++c)
        cells[instances_.names[c]] = instances_.keys[i][c];
      g_.instance_cells.push_back(std::move(cells));
    }
    g_.instance.push_back(i);
    g_.instance_rows[i].push_back(r);
    if (optimizer_) {
      const std::size_t s = key_index(row, *optimizer_, seed_at_, setting_index_, settings_);
      if (s == g_.setting_cells.size()) {
        std::map<std::string, std::string> cells;
        for (std::size_t c = 0; c < settings_.names.size(); ++c)
          cells[settings_.names[c]] = settings_.keys[s][c];
        g_.setting_cells.push_back(std::move(cells));
      }
      g_.setting.push_back(s);
    } else {
      g_.setting.push_back(RunGroups::npos);
    }
  }

  RunGroups finish() {
    g_.instance_labels = labels_by_name(instances_, {});
    g_.setting_labels = labels_by_name(settings_, {"lr"});
    // Variant labels: only what differs between instances at all.
    std::vector<bool> varies(instances_.names.size(), false);
    for (std::size_t c = 0; c < instances_.names.size(); ++c) {
      std::set<std::string> values;
      for (const auto& key : instances_.keys) values.insert(key[c]);
      varies[c] = values.size() > 1;
    }
    for (const auto& key : instances_.keys) {
      std::string label;
      for (std::size_t c = 0; c < key.size(); ++c) {
        if (!varies[c]) continue;
        if (!label.empty()) label += " ";
        label += c == 0 ? key[c] : instances_.names[c] + "=" + shown(instances_.names[c], key[c]);
      }
      g_.variant_labels.push_back(label.empty() && !key.empty() ? key[0] : label);
    }
    return std::move(g_);
  }

 private:
  // The index of the key cells [begin, end) of row among `keyed`, added where new. The lookup key
  // spells each cell's length before it, so no two different keys read the same.
  static std::size_t key_index(const std::vector<std::string>& row, std::size_t begin,
                               std::size_t end, std::unordered_map<std::string, std::size_t>& index,
                               Keyed& keyed) {
    std::string joined;
    for (std::size_t c = begin; c < end; ++c) {
      joined += std::to_string(row[c].size());
      joined += ':';
      joined += row[c];
    }
    const auto [it, added] = index.emplace(std::move(joined), keyed.keys.size());
    if (added) {
      keyed.keys.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(begin),
                              row.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return it->second;
  }

  RunGroups g_;
  std::optional<std::size_t> run_id_, seed_, optimizer_;
  std::size_t first_ = 0, seed_at_ = 0, instance_end_ = 0;
  Keyed instances_, settings_;
  std::unordered_map<std::string, std::size_t> instance_index_, setting_index_;
  std::unordered_map<std::string, std::uint32_t> seed_index_;
};

// The runs.csv columns the report reads beyond the identifiers (instances and settings come
// from RunGroups): numbers, and text interned.
const std::set<std::string>& held_numbers() {
  static const std::set<std::string> names{
      "steps_to_target", "evaluations", "escape_step",        "epochs_to_target",
      "steps",           "epochs_done", "final_loss",         "final_test_accuracy",
      "n_points",        "n_minima",    "n_saddles",          "n_maxima",
      "n_inconclusive",  "wall_ms",     "spearman_index_loss"};
  return names;
}

// Reads runs.csv a record at a time into d.runs and d.groups; the same errors as read_csv.
void stream_runs(const std::string& path, ResultData& d) {
  RecordReader reader(path);
  std::string record;
  bool more = reader.next(record);
  if (!more && record.empty()) throw Error({path, 1, 1}, "", "the file is empty (no header row)");
  std::vector<std::string> header = split_csv_line(record);
  // Every runs.csv optbench writes starts with its header; a first line of data means the file
  // was cut or pasted together, and its "columns" would be numbers.
  if (header.empty() || header[0] != "run_id") {
    throw Error({path, 1, 1}, "",
                "the first line is not runs.csv's header (it starts with '" +
                    (header.empty() ? std::string() : header[0]) +
                    "', not run_id): not a file optbench wrote whole");
  }
  d.runs.start(header, held_numbers(), {"status"});
  Grouper grouper(header);
  std::size_t line = 1;
  std::size_t row = 0;
  while (more) {
    more = reader.next(record);
    // A last record without a newline is read too (read_csv's rule for whole tables).
    if (!more && record.empty()) break;
    ++line;
    if (record.empty()) continue;
    const std::vector<std::string> cells = split_csv_line(record);
    if (cells.size() != header.size()) {
      throw Error({path, static_cast<int>(line), 1}, "",
                  "row has " + std::to_string(cells.size()) + " cells, the header " +
                      std::to_string(header.size()));
    }
    d.runs.append(cells);
    grouper.add(cells, row++);
  }
  d.groups = grouper.finish();
}

}  // namespace

RunGroups group_runs(const CsvTable& runs) {
  if (runs.header.empty()) return {};
  Grouper grouper(runs.header);
  for (std::size_t r = 0; r < runs.rows.size(); ++r) grouper.add(runs.rows[r], r);
  return grouper.finish();
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
  // The kind decides what is drawn; only the manifest says it (files alone do not: a function
  // and a classification sweep both write runs.csv and trace.csv).
  if (!d.manifest || d.manifest->kind.empty()) {
    throw Error({(root / "manifest.json").string(), 0, 0}, "kind",
                "missing: the report needs the kind of the results, which optbench writes into "
                "manifest.json beside them");
  }
  d.kind = d.manifest->kind;
  if (has_runs) stream_runs((root / "runs.csv").string(), d);
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

  if (fs::exists(root / "trace.csv")) d.trace = scan_trace((root / "trace.csv").string());

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
