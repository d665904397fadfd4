#include "outcome_table.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "optbench/analysis/summary.hpp"
#include "optbench/io/csv.hpp"

namespace optbench::cli {

namespace {

bool has(const CsvTable& t, const std::string& column) {
  return std::find(t.header.begin(), t.header.end(), column) != t.header.end();
}

std::string shorter(const std::string& number) {
  if (number.empty()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::stod(number));
  return buf;
}

}  // namespace

void print_outcome_table(const std::string& runs_csv, std::ostream& out) {
  const CsvTable runs = read_csv(runs_csv);
  if (!has(runs, "status") || !has(runs, "optimizer")) return;
  const CsvTable s = summarize_runs(runs);
  struct Line {
    std::string problem, optimizer, n, success, escape, steps, loss, rank;
  };
  std::vector<Line> lines{{"problem", "optimizer", "runs", "success", "median escape",
                           "median steps", "median final loss", "rank"}};
  for (const auto& row : s.rows) {
    auto at = [&](const std::string& c) { return has(s, c) ? row[s.column(c)] : std::string(); };
    Line l;
    l.problem = at("problem") + (has(s, "dim") ? " d=" + at("dim") : "");
    l.optimizer = at("optimizer") + (has(s, "lr") ? " lr=" + at("lr") : "");
    l.n = at("n");
    l.success = shorter(at("success_rate"));
    l.escape = shorter(at("escape_step_median"));
    l.steps = shorter(at("steps_to_target_median"));
    l.loss = shorter(at("final_loss_median"));
    l.rank = at("rank");
    lines.push_back(l);
  }
  std::size_t wp = 0;
  std::size_t wo = 0;
  for (const auto& l : lines) {
    wp = std::max(wp, l.problem.size());
    wo = std::max(wo, l.optimizer.size());
  }
  for (const auto& l : lines) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%-*s  %-*s  %4s  %7s  %13s  %12s  %17s  %4s\n", static_cast<int>(wp),
                  l.problem.c_str(), static_cast<int>(wo), l.optimizer.c_str(), l.n.c_str(),
                  l.success.c_str(), l.escape.c_str(), l.steps.c_str(), l.loss.c_str(), l.rank.c_str());
    out << buf;
  }
  out << "(success: share of runs that reached the target, or escaped where no target is set; "
         "medians over seeds; all in summary.csv)\n";
}

}  // namespace optbench::cli
