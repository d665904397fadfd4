#include "outcome_table.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <vector>

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

// The problem's label: its name, and each other problem column whose value differs between the
// rows of that name.
std::vector<std::string> problem_labels(const CsvTable& s,
                                        const std::vector<std::size_t>& columns) {
  const std::size_t name = s.column("problem");
  std::map<std::string, std::map<std::size_t, std::set<std::string>>> values;
  for (const auto& row : s.rows) {
    for (const std::size_t c : columns) values[row[name]][c].insert(row[c]);
  }
  // An expression is named by its text rather than "expression expression=...".
  const auto text = std::find(s.header.begin(), s.header.end(), "expression");
  const auto text_column = static_cast<std::size_t>(text - s.header.begin());
  std::vector<std::string> labels;
  for (const auto& row : s.rows) {
    const bool expression = row[name] == "expression" && text != s.header.end();
    std::string label = expression ? row[text_column] : row[name];
    for (const std::size_t c : columns) {
      if (expression && c == text_column) continue;
      if (c != name && values[row[name]][c].size() > 1) label += " " + s.header[c] + "=" + row[c];
    }
    labels.push_back(label);
  }
  return labels;
}

}  // namespace

void print_outcome_table(const std::string& dir, const RankingRule& rule, std::ostream& out) {
  const std::string path = dir + "/summary.csv";
  if (!std::filesystem::exists(path)) return;
  const CsvTable s = read_csv(path);
  if (!has(s, "problem") || !has(s, "setting") || !has(s, "n")) return;
  const std::size_t optimizer = has(s, "optimizer") ? s.column("optimizer") : s.column("setting");
  std::vector<std::size_t> problem_columns;
  for (std::size_t c = 0; c < s.column("setting"); ++c) {
    const bool names = rule.names_problem ? rule.names_problem(s.header[c]) : c < optimizer;
    if (names) problem_columns.push_back(c);
  }
  const std::vector<std::string> problems = problem_labels(s, problem_columns);
  const bool classification = has(s, "final_test_accuracy_median");
  struct Line {
    std::string problem, setting, n, success, first, second, third, fourth, rank;
  };
  std::vector<Line> lines;
  if (classification) {
    lines.push_back({"problem", "setting", "runs", "success", "test accuracy", "best accuracy", "",
                     "test loss", "rank"});
  } else {
    lines.push_back({"problem", "setting", "runs", "success", "median escape", "median steps",
                     "ERT", "median final loss", "rank"});
  }
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const auto& row = s.rows[i];
    auto at = [&](const std::string& c) { return has(s, c) ? row[s.column(c)] : std::string(); };
    Line l;
    l.problem = problems[i];
    l.setting = at("setting");
    l.n = at("n");
    l.success = shorter(at("success_rate"));
    if (classification) {
      l.first = shorter(at("final_test_accuracy_median"));
      l.second = shorter(at("best_test_accuracy_median"));
      l.fourth = shorter(at("final_test_loss_median"));
    } else {
      l.first = shorter(at("escape_step_median"));
      l.second = shorter(at("steps_to_target_median"));
      l.third = shorter(at("ert"));
      l.fourth = shorter(at("final_loss_median"));
    }
    l.rank = at("rank");
    lines.push_back(l);
  }
  std::size_t wp = 0;
  std::size_t ws = 0;
  for (const auto& l : lines) {
    wp = std::max(wp, l.problem.size());
    ws = std::max(ws, l.setting.size());
  }
  for (const auto& l : lines) {
    char buf[1024];
    if (classification) {
      std::snprintf(buf, sizeof buf, "%-*s  %-*s  %4s  %7s  %13s  %13s  %10s  %4s\n",
                    static_cast<int>(wp), l.problem.c_str(), static_cast<int>(ws),
                    l.setting.c_str(), l.n.c_str(), l.success.c_str(), l.first.c_str(),
                    l.second.c_str(), l.fourth.c_str(), l.rank.c_str());
    } else {
      std::snprintf(buf, sizeof buf, "%-*s  %-*s  %4s  %7s  %13s  %12s  %11s  %17s  %4s\n",
                    static_cast<int>(wp), l.problem.c_str(), static_cast<int>(ws),
                    l.setting.c_str(), l.n.c_str(), l.success.c_str(), l.first.c_str(),
                    l.second.c_str(), l.third.c_str(), l.fourth.c_str(), l.rank.c_str());
    }
    out << buf;
  }
  // The best setting per problem, and those the paired test cannot tell from it.
  out << "best per problem:\n";
  const bool tie_column = has(s, "tied_with_best");
  std::vector<std::string> order;
  std::map<std::string, std::pair<std::string, std::vector<std::string>>> best;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    if (s.rows[i][s.column("rank")] != "1") continue;
    const std::string& problem = problems[i];
    if (best.count(problem) == 0) order.push_back(problem);
    const bool tied = tie_column && s.rows[i][s.column("tied_with_best")] == "true";
    auto& [winner, ties] = best[problem];
    if (tied) {
      ties.push_back(s.rows[i][s.column("setting")]);
    } else {
      winner = s.rows[i][s.column("setting")];
    }
  }
  for (const auto& problem : order) {
    const auto& [winner, ties] = best[problem];
    out << "  " << problem << ": " << winner;
    for (std::size_t k = 0; k < ties.size(); ++k)
      out << (k == 0 ? " (tied: " : ", ") << ties[k] << (k + 1 == ties.size() ? ")" : "");
    out << "\n";
  }
  out << (classification
              ? "(medians over seeds; success: share of runs that reached the target accuracy, - "
                "without one; rank 1 is shared by settings the paired test cannot tell from the "
                "best; all in summary.csv and comparisons.csv)\n"
              : "(medians over seeds; success: share of runs that reached the target, or escaped "
                "where no target is set; ERT: steps per success, a failed run charged max_steps; "
                "rank 1 is shared by settings the paired test cannot tell from the best; all in "
                "summary.csv and comparisons.csv)\n");
}

}  // namespace optbench::cli
