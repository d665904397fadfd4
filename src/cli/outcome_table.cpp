#include "outcome_table.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
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

// Per name (a problem or an optimizer), the identifier columns in [first, last) whose values
// differ between that name's groups: what a label must show to tell them apart.
std::map<std::string, std::vector<std::size_t>> varying(const CsvTable& t, std::size_t name,
                                                        std::size_t first, std::size_t last) {
  std::map<std::string, std::vector<std::size_t>> out;
  std::map<std::string, std::vector<const std::vector<std::string>*>> by_name;
  for (const auto& row : t.rows) by_name[row[name]].push_back(&row);
  for (const auto& [key, rows] : by_name) {
    for (std::size_t c = first; c < last; ++c) {
      std::set<std::string> values;
      for (const auto* row : rows) values.insert((*row)[c]);
      if (values.size() > 1 || t.header[c] == "lr") out[key].push_back(c);
    }
  }
  return out;
}

std::string label(const CsvTable& t, const std::vector<std::string>& row, std::size_t name,
                  const std::map<std::string, std::vector<std::size_t>>& shown) {
  // An expression is named by its text rather than "expression expression=...".
  const auto text = std::find(t.header.begin(), t.header.end(), "expression");
  const bool expression = row[name] == "expression" && text != t.header.end();
  std::string out = expression ? row[static_cast<std::size_t>(text - t.header.begin())] : row[name];
  if (const auto it = shown.find(row[name]); it != shown.end()) {
    for (const std::size_t c : it->second) {
      if (expression && t.header[c] == "expression") continue;
      out += " " + t.header[c] + "=" + row[c];
    }
  }
  return out;
}

}  // namespace

void print_outcome_table(const std::string& runs_csv, std::ostream& out) {
  const CsvTable runs = read_csv(runs_csv);
  if (!has(runs, "status") || !has(runs, "optimizer")) return;
  const CsvTable s = summarize_runs(runs);
  const std::size_t problem = s.column("problem");
  const std::size_t optimizer = s.column("optimizer");
  const std::size_t n = s.column("n");
  const auto problem_keys = varying(s, problem, problem + 1, optimizer);
  const auto optimizer_keys = varying(s, optimizer, optimizer + 1, n);
  const bool classification = has(s, "final_test_accuracy_median");
  struct Line {
    std::string problem, optimizer, n, success, first, second, third, rank;
  };
  std::vector<Line> lines;
  if (classification) {
    lines.push_back({"problem", "optimizer", "runs", "success", "test accuracy", "best accuracy",
                     "final loss", "rank"});
  } else {
    lines.push_back({"problem", "optimizer", "runs", "success", "median escape", "median steps",
                     "median final loss", "rank"});
  }
  for (const auto& row : s.rows) {
    auto at = [&](const std::string& c) { return has(s, c) ? row[s.column(c)] : std::string(); };
    Line l;
    l.problem = label(s, row, problem, problem_keys);
    l.optimizer = label(s, row, optimizer, optimizer_keys);
    l.n = at("n");
    l.success = shorter(at("success_rate"));
    // A classification without a target accuracy (0) has nothing to succeed at.
    if (classification && (at("target_accuracy") == "0" || at("target_accuracy") == "0.0")) {
      l.success = "-";
    }
    if (classification) {
      l.first = shorter(at("final_test_accuracy_median"));
      l.second = shorter(at("best_test_accuracy_median"));
    } else {
      l.first = shorter(at("escape_step_median"));
      l.second = shorter(at("steps_to_target_median"));
    }
    l.third = shorter(at("final_loss_median"));
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
    char buf[1024];
    std::snprintf(buf, sizeof buf, "%-*s  %-*s  %4s  %7s  %13s  %13s  %17s  %4s\n",
                  static_cast<int>(wp), l.problem.c_str(), static_cast<int>(wo),
                  l.optimizer.c_str(), l.n.c_str(), l.success.c_str(), l.first.c_str(),
                  l.second.c_str(), l.third.c_str(), l.rank.c_str());
    out << buf;
  }
  // The best setting per problem instance: the short answer to "who won?".
  out << "best per problem:\n";
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].rank == "1") out << "  " << lines[i].problem << ": " << lines[i].optimizer << "\n";
  }
  out << (classification ? "(medians over seeds; success: share of runs that reached the target "
                           "accuracy, - without one; all in summary.csv)\n"
                         : "(medians over seeds; success: share of runs that reached the target, "
                           "or escaped where no target is set; all in summary.csv)\n");
}

}  // namespace optbench::cli
