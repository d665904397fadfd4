#include "optbench/analysis/summary.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

namespace {

// Always in summary.csv (empty where runs.csv lacks them), then those only some kinds record.
constexpr std::string_view kMetrics[] = {"steps_to_target", "escape_step", "final_loss"};
constexpr std::string_view kOptionalMetrics[] = {"escape_alignment", "ns_per_step",
                                                 "final_test_accuracy", "best_test_accuracy"};

std::optional<std::size_t> find_column(const CsvTable& t, std::string_view name) {
  const auto it = std::find(t.header.begin(), t.header.end(), name);
  if (it == t.header.end()) return std::nullopt;
  return static_cast<std::size_t>(it - t.header.begin());
}

// A metric cell as pandas reads it: empty and nan are missing values.
std::optional<double> parse_value(const std::string& cell, const std::string& column,
                                  std::size_t row, const std::string& source) {
  if (cell.empty()) return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), value);
  if (ec != std::errc() || end != cell.data() + cell.size()) {
    throw Error({source, 0, 0}, column,
                "row " + std::to_string(row + 1) + ": '" + cell + "' is not a number");
  }
  if (std::isnan(value)) return std::nullopt;
  return value;
}

// numpy's _lerp (numpy >= 1.22, behind pandas' Series.quantile): from b when t >= 0.5, so the
// last bit matches for finite values. Where an end is infinite numpy can form inf - inf and
// answer nan (a diverged run's inf loss would blank the median); here the infinity stands.
double lerp(double a, double b, double t) {
  if (t == 0.0 || a == b) return a;
  if (std::isinf(a)) return a;  // -inf .. x, including -inf .. inf
  if (std::isinf(b)) return b;
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

// Quantile q of sorted, non-empty values; position (n-1)*q, the 'linear' method.
double quantile(const std::vector<double>& sorted, double q) {
  const double position = static_cast<double>(sorted.size() - 1) * q;
  const double below = std::floor(position);
  const auto lo = static_cast<std::size_t>(below);
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return lerp(sorted[lo], sorted[hi], position - below);
}

struct Quartiles {
  std::size_t n = 0;
  std::optional<double> median, q25, q75;
};

Quartiles quartiles(std::vector<double> values) {
  Quartiles out;
  out.n = values.size();
  if (values.empty()) return out;
  std::sort(values.begin(), values.end());
  out.median = quantile(values, 0.5);
  out.q25 = quantile(values, 0.25);
  out.q75 = quantile(values, 0.75);
  return out;
}

std::string cell_of(const std::optional<double>& v) {
  return v ? format_number(*v) : std::string();
}

std::string share(std::size_t count, std::size_t n) {
  return format_number(static_cast<double>(count) / static_cast<double>(n));
}

struct Group {
  std::vector<std::string> key;  // identifier cells but run_id and seed
  std::vector<std::size_t> rows;
  std::vector<Quartiles> metrics;
  std::size_t rank = 0;
};

// Rank order: a median that is missing (or nan) sorts after every number.
bool less_missing_last(const std::optional<double>& a, const std::optional<double>& b) {
  const bool a_missing = !a || std::isnan(*a);
  const bool b_missing = !b || std::isnan(*b);
  if (a_missing || b_missing) return !a_missing && b_missing;
  return *a < *b;
}

CsvTable summarize(const CsvTable& runs, const std::string& source) {
  std::size_t status = 0;
  std::size_t optimizer = 0;
  try {
    status = runs.column("status");
    optimizer = runs.column("optimizer");
  } catch (const Error& e) {
    const SourceLocation where = source.empty() ? SourceLocation{} : SourceLocation{source, 1, 1};
    throw Error(where, "", e.message() + " (not a runs.csv?)");
  }

  // Identifier columns: everything before status but run_id and seed.
  std::vector<std::size_t> keys;
  std::size_t instance_width = 0;  // leading keys naming the problem instance
  for (std::size_t c = 0; c < status; ++c) {
    if (runs.header[c] == "run_id" || runs.header[c] == "seed") continue;
    keys.push_back(c);
    if (c < optimizer) ++instance_width;
  }

  std::vector<std::string> metric_names(std::begin(kMetrics), std::end(kMetrics));
  for (const auto name : kOptionalMetrics) {
    if (find_column(runs, name)) metric_names.emplace_back(name);
  }
  std::vector<std::optional<std::size_t>> metric_columns;
  metric_columns.reserve(metric_names.size());
  for (const auto& name : metric_names) metric_columns.push_back(find_column(runs, name));
  const std::size_t steps_metric = 0;
  const std::size_t escape_metric = 1;
  const std::size_t loss_metric = 2;
  const auto steps_column = metric_columns[steps_metric];
  const auto escape_column = metric_columns[escape_metric];

  auto reached = [&](const std::vector<std::string>& row) {
    return row[status] == "reached_target";
  };
  auto has_target = [&](const std::vector<std::string>& row) {
    return reached(row) || (steps_column && !row[*steps_column].empty());
  };
  auto escaped = [&](const std::vector<std::string>& row) {
    return escape_column && !row[*escape_column].empty();
  };
  const bool table_has_target = std::any_of(runs.rows.begin(), runs.rows.end(), has_target);

  std::vector<Group> groups;
  std::map<std::vector<std::string>, std::size_t> index;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    std::vector<std::string> key;
    key.reserve(keys.size());
    for (const std::size_t c : keys) key.push_back(runs.rows[r][c]);
    const auto [it, inserted] = index.emplace(key, groups.size());
    if (inserted) groups.push_back({std::move(key), {}, {}, 0});
    groups[it->second].rows.push_back(r);
  }

  for (auto& g : groups) {
    for (std::size_t m = 0; m < metric_names.size(); ++m) {
      std::vector<double> values;
      if (metric_columns[m]) {
        for (const std::size_t r : g.rows) {
          const auto v = parse_value(runs.rows[r][*metric_columns[m]], metric_names[m], r, source);
          if (v) values.push_back(*v);
        }
      }
      g.metrics.push_back(quartiles(std::move(values)));
    }
  }

  // Rank within each problem instance; stable_sort keeps first appearance among ties.
  std::map<std::vector<std::string>, std::vector<std::size_t>> instances;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& key = groups[i].key;
    instances[{key.begin(), key.begin() + static_cast<std::ptrdiff_t>(instance_width)}].push_back(
        i);
  }
  for (auto& [instance, members] : instances) {
    std::stable_sort(members.begin(), members.end(), [&](std::size_t a, std::size_t b) {
      const auto& sa = groups[a].metrics[steps_metric].median;
      const auto& sb = groups[b].metrics[steps_metric].median;
      if (less_missing_last(sa, sb)) return true;
      if (less_missing_last(sb, sa)) return false;
      // Escape experiments without a target: leaving the saddle sooner ranks first.
      const auto& ea = groups[a].metrics[escape_metric].median;
      const auto& eb = groups[b].metrics[escape_metric].median;
      if (less_missing_last(ea, eb)) return true;
      if (less_missing_last(eb, ea)) return false;
      return less_missing_last(groups[a].metrics[loss_metric].median,
                               groups[b].metrics[loss_metric].median);
    });
    for (std::size_t k = 0; k < members.size(); ++k) groups[members[k]].rank = k + 1;
  }

  CsvTable out;
  for (const std::size_t c : keys) out.header.push_back(runs.header[c]);
  for (const char* name : {"n", "success_rate", "escape_rate"}) out.header.emplace_back(name);
  for (const auto& name : metric_names) {
    for (const char* suffix : {"_n", "_median", "_q25", "_q75"})
      out.header.push_back(name + suffix);
  }
  out.header.emplace_back("rank");

  for (const auto& g : groups) {
    const std::size_t n = g.rows.size();
    std::size_t n_reached = 0;
    std::size_t n_escaped = 0;
    for (const std::size_t r : g.rows) {
      n_reached += reached(runs.rows[r]) ? 1 : 0;
      n_escaped += escaped(runs.rows[r]) ? 1 : 0;
    }
    // A group with no sign of a target while others have one had a target and missed it every
    // time (stop.target is one per sweep), so it scores 0, not its escapes. Escape is the
    // measure only where no run could have a target.
    const bool by_target = table_has_target;

    std::vector<std::string> row = g.key;
    row.push_back(std::to_string(n));
    row.push_back(share(by_target ? n_reached : n_escaped, n));
    row.push_back(n_escaped > 0 ? share(n_escaped, n) : std::string());
    for (const auto& q : g.metrics) {
      row.push_back(std::to_string(q.n));
      row.push_back(cell_of(q.median));
      row.push_back(cell_of(q.q25));
      row.push_back(cell_of(q.q75));
    }
    row.push_back(std::to_string(g.rank));
    out.rows.push_back(std::move(row));
  }
  return out;
}

}  // namespace

CsvTable summarize_runs(const CsvTable& runs) {
  return summarize(runs, "");
}

void write_summary(const std::string& runs_csv, const std::string& summary_csv) {
  const CsvTable summary = summarize(read_csv(runs_csv), runs_csv);
  std::string text = csv_line(summary.header) + '\n';
  for (const auto& row : summary.rows) text += csv_line(row) + '\n';
  write_file_atomically(summary_csv, text);
}

}  // namespace optbench
