#include "outcome_table.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "optbench/io/csv.hpp"

namespace optbench::cli {

namespace {

std::string median(std::vector<double> v) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double m = n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", m);
  return buf;
}

bool has(const CsvTable& t, const std::string& column) {
  return std::find(t.header.begin(), t.header.end(), column) != t.header.end();
}

}  // namespace

void print_outcome_table(const std::string& runs_csv, std::ostream& out) {
  const CsvTable t = read_csv(runs_csv);
  if (!has(t, "status") || !has(t, "optimizer")) return;
  // Rows group by every identifier column but run_id and seed.
  const std::size_t first_outcome = t.column("status");
  const std::size_t seed = t.column("seed");
  struct Group {
    std::string problem;
    std::string optimizer;
    int runs = 0;
    int reached = 0;
    int escaped = 0;
    int diverged = 0;
    std::vector<double> steps;
    std::vector<double> final_loss;
  };
  std::vector<Group> groups;
  std::map<std::string, std::size_t> index;
  for (const auto& row : t.rows) {
    std::string key;
    for (std::size_t c = 1; c < first_outcome; ++c) {
      if (c != seed) key += row[c] + '\x1f';
    }
    auto [it, inserted] = index.emplace(key, groups.size());
    if (inserted) {
      Group g;
      g.problem = row[t.column("problem")];
      if (has(t, "dim")) g.problem += " d=" + row[t.column("dim")];
      g.optimizer = row[t.column("optimizer")];
      if (has(t, "lr")) g.optimizer += " lr=" + row[t.column("lr")];
      groups.push_back(g);
    }
    Group& g = groups[it->second];
    ++g.runs;
    const std::string& status = row[first_outcome];
    if (status == "reached_target") {
      ++g.reached;
      g.steps.push_back(std::stod(row[t.column("steps")]));
    }
    if (status == "diverged") ++g.diverged;
    if (has(t, "escape_step") && !row[t.column("escape_step")].empty()) ++g.escaped;
    const std::string& loss = row[t.column("final_loss")];
    if (!loss.empty()) g.final_loss.push_back(std::stod(loss));
  }
  std::size_t wp = 7;
  std::size_t wo = 9;
  for (const auto& g : groups) {
    wp = std::max(wp, g.problem.size());
    wo = std::max(wo, g.optimizer.size());
  }
  char line[512];
  std::snprintf(line, sizeof line, "%-*s  %-*s  %4s  %7s  %7s  %8s  %12s  %16s\n",
                static_cast<int>(wp), "problem", static_cast<int>(wo), "optimizer", "runs",
                "reached", "escaped", "diverged", "median steps", "median final loss");
  out << line;
  for (const auto& g : groups) {
    std::snprintf(line, sizeof line, "%-*s  %-*s  %4d  %7d  %7d  %8d  %12s  %16s\n",
                  static_cast<int>(wp), g.problem.c_str(), static_cast<int>(wo),
                  g.optimizer.c_str(), g.runs, g.reached, g.escaped, g.diverged,
                  median(g.steps).c_str(), median(g.final_loss).c_str());
    out << line;
  }
  out << "(median steps over the runs that reached the target)\n";
}

}  // namespace optbench::cli
