// optbench compare RESULTS_DIR [--metric M] [--baseline SETTING]: the table a paper would print
// for each problem (median [CI], success rate [CI], wins/losses against the baseline, Holm-adjusted
// p-value, the winner and its statistical ties marked). Reads runs.csv and the manifest's config,
// judges them as the sweep did, and writes nothing.

#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "commands.hpp"
#include "optbench/analysis/verdicts.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/suggest.hpp"
#include "optbench/io/manifest.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace optbench::cli {

namespace {

// The result folder itself, or the single result folder under a root.
std::string result_folder(const std::string& dir) {
  if (fs::exists(fs::path(dir) / "runs.csv")) return dir;
  std::vector<std::string> found;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (fs::exists(entry.path() / "runs.csv")) found.push_back(entry.path().string());
    }
  }
  if (found.empty()) {
    throw Error({dir, 0, 0}, "", "no runs.csv here: not an optbench result (or not finished)");
  }
  if (found.size() > 1) throw Error({dir, 0, 0}, "", "holds several results; name one folder");
  return found.front();
}

std::string number(const std::string& cell) {
  if (cell.empty()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", std::stod(cell));
  return buf;
}

std::string percent(const std::string& cell) {
  if (cell.empty()) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * std::stod(cell));
  return buf;
}

std::string with_interval(const std::string& value, const std::string& low, const std::string& high,
                          bool as_percent) {
  if (value.empty()) return "-";
  const auto f = as_percent ? percent : number;
  return f(value) + " [" + f(low) + ", " + f(high) + "]";
}

std::string at(const CsvTable& t, std::size_t row, const std::string& column) {
  const auto it = std::find(t.header.begin(), t.header.end(), column);
  return it == t.header.end() ? std::string()
                              : t.rows[row][static_cast<std::size_t>(it - t.header.begin())];
}

}  // namespace

int compare_command(const std::vector<std::string>& args) {
  po::options_description flags("optbench compare");
  flags.add_options()("metric", po::value<std::string>(), "runs.csv column to compare")(
      "baseline", po::value<std::string>(), "setting to compare with (default: the best)")(
      "dir", po::value<std::string>(), "result folder");
  po::positional_options_description positional;
  positional.add("dir", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("dir") == 0) {
    throw Error("",
                "compare: which result folder? usage: optbench compare RESULTS_DIR "
                "[--metric M] [--baseline SETTING]");
  }
  const std::string dir = result_folder(vm["dir"].as<std::string>());
  const auto manifest = read_manifest(dir);
  if (!manifest) throw Error({dir, 0, 0}, "", "no manifest.json: cannot tell the experiment kind");
  const auto kind = find_experiment(manifest->kind).make();
  const auto rule = kind->ranking_rule();
  if (!rule) {
    throw Error({dir, 0, 0}, "",
                "kind " + manifest->kind + " ranks no settings: nothing to compare");
  }
  const std::string runs_path = dir + "/runs.csv";
  const SummaryOptions options = result_summary_options(*kind, dir);
  // Streamed a setting at a time: a sweep of millions of runs is compared in little memory.
  const Verdicts verdicts = judge_runs_file(runs_path, *rule, options);
  const CsvTable& s = verdicts.summary;
  std::size_t run_count = 0;
  for (std::size_t r = 0; r < s.rows.size(); ++r) run_count += std::stoull("0" + at(s, r, "n"));

  std::vector<std::string> settings;
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const std::string text = at(s, r, "setting");
    if (std::find(settings.begin(), settings.end(), text) == settings.end())
      settings.push_back(text);
  }
  std::string baseline;
  if (vm.count("baseline") != 0) {
    baseline = vm["baseline"].as<std::string>();
    if (std::find(settings.begin(), settings.end(), baseline) == settings.end()) {
      throw Error("--baseline", "no setting '" + baseline + "' in " + dir +
                                    did_you_mean(baseline, settings) +
                                    " (the setting column of summary.csv)");
    }
  }
  std::string chosen;
  if (vm.count("metric") != 0) {
    chosen = vm["metric"].as<std::string>();
    std::vector<std::string> medians;
    for (const auto& h : s.header) {
      if (h.size() > 7 && h.compare(h.size() - 7, 7, "_median") == 0)
        medians.push_back(h.substr(0, h.size() - 7));
    }
    if (std::find(medians.begin(), medians.end(), chosen) == medians.end()) {
      throw Error("--metric", "no metric '" + chosen + "'" + did_you_mean(chosen, medians) +
                                  " (a runs.csv column with a median in summary.csv)");
    }
  }

  // comparisons.csv as written where nothing is chosen; else the paired tests asked for.
  const CsvTable comparisons =
      baseline.empty() && chosen.empty()
          ? verdicts.comparisons
          : compare_settings(read_csv(runs_path), *rule, options, baseline, chosen, runs_path);

  // Problems in summary order: the identifier columns before `setting` that name a problem.
  const std::size_t setting_at = static_cast<std::size_t>(
      std::find(s.header.begin(), s.header.end(), "setting") - s.header.begin());
  const std::size_t optimizer_at = static_cast<std::size_t>(
      std::find(s.header.begin(), s.header.end(), "optimizer") - s.header.begin());
  std::vector<std::size_t> problem_columns;
  for (std::size_t c = 0; c < setting_at; ++c) {
    if (rule->names_problem ? rule->names_problem(s.header[c]) : c < optimizer_at)
      problem_columns.push_back(c);
  }
  std::vector<std::vector<std::string>> problems;
  std::map<std::vector<std::string>, std::vector<std::size_t>> rows_of;
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    std::vector<std::string> key;
    key.reserve(problem_columns.size());
    for (const std::size_t c : problem_columns) key.push_back(s.rows[r][c]);
    if (rows_of.count(key) == 0) problems.push_back(key);
    rows_of[key].push_back(r);
  }

  std::cout << manifest->name << " (" << manifest->kind << "): " << run_count
            << " runs; rank: " << rule->statement << "\n";
  for (const auto& key : problems) {
    std::vector<std::size_t> rows = rows_of[key];
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
      return std::stoul("0" + at(s, a, "rank")) < std::stoul("0" + at(s, b, "rank"));
    });
    // The problem's name and what tells it from the others.
    std::string label;
    for (std::size_t i = 0; i < key.size(); ++i) {
      const std::string& column = s.header[problem_columns[i]];
      std::set<std::string> values;
      for (const auto& other : problems) values.insert(other[i]);
      if (column == "problem") {
        label += (label.empty() ? "" : " ") + key[i];
      } else if (values.size() > 1) {
        label += (label.empty() ? "" : " ") + column + "=" + key[i];
      }
    }
    // This problem's comparisons: the metric chosen, else the first it is compared on.
    std::string metric = chosen;
    std::map<std::string, std::size_t> comparison_of;
    std::string problem_baseline = baseline;
    for (std::size_t r = 0; r < comparisons.rows.size(); ++r) {
      bool same = true;
      for (std::size_t i = 0; i < key.size(); ++i) same = same && comparisons.rows[r][i] == key[i];
      if (!same) continue;
      if (metric.empty()) metric = at(comparisons, r, "metric");
      if (at(comparisons, r, "metric") != metric) continue;
      comparison_of[at(comparisons, r, "setting")] = r;
      problem_baseline = at(comparisons, r, "best_setting");
    }
    if (metric.empty()) metric = rule->medians.empty() ? "final_loss" : rule->medians[0].column;
    if (problem_baseline.empty()) problem_baseline = at(s, rows.front(), "setting");
    const bool with_ert = !at(s, rows.front(), "ert").empty();
    std::cout << "\n" << label << "  (" << metric << "; baseline: " << problem_baseline << ")\n";

    std::vector<std::vector<std::string>> table;
    std::vector<std::string> head{"rank", "setting", "median " + metric + " [CI]", "success [CI]"};
    if (with_ert) head.emplace_back("ERT [CI]");
    for (const char* h : {"wins/losses/ties", "p (Holm)"}) head.emplace_back(h);
    table.push_back(head);
    for (const std::size_t r : rows) {
      const std::string setting = at(s, r, "setting");
      const bool tied = at(s, r, "tied_with_best") == "true";
      std::string rank = at(s, r, "rank");
      if (rank == "1") rank += tied ? "=" : "*";
      std::vector<std::string> line{
          rank, setting,
          with_interval(at(s, r, metric + "_median"), at(s, r, metric + "_ci_low"),
                        at(s, r, metric + "_ci_high"), false),
          with_interval(at(s, r, "success_rate"), at(s, r, "success_rate_ci_low"),
                        at(s, r, "success_rate_ci_high"), true)};
      if (with_ert)
        line.push_back(
            with_interval(at(s, r, "ert"), at(s, r, "ert_ci_low"), at(s, r, "ert_ci_high"), false));
      if (setting == problem_baseline) {
        line.emplace_back("baseline");
        line.emplace_back("");
      } else if (const auto it = comparison_of.find(setting); it != comparison_of.end()) {
        const std::size_t c = it->second;
        line.push_back(at(comparisons, c, "wins") + "/" + at(comparisons, c, "losses") + "/" +
                       at(comparisons, c, "ties"));
        line.push_back(number(at(comparisons, c, "p_holm")));
      } else {
        line.emplace_back("-");
        line.emplace_back("-");
      }
      table.push_back(line);
    }
    std::vector<std::size_t> width(head.size(), 0);
    for (const auto& line : table) {
      for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
    }
    for (const auto& line : table) {
      std::string text;
      for (std::size_t i = 0; i < line.size(); ++i) {
        const std::string pad(width[i] - line[i].size(), ' ');
        text += i == 1 ? line[i] + pad : pad + line[i];  // the setting left, numbers right
        if (i + 1 < line.size()) text += "  ";
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      std::cout << text << "\n";
    }
  }
  const int percent_level = static_cast<int>(std::lround(100.0 * options.bootstrap.confidence));
  std::cout << "\n* best; = tied with the best (paired Wilcoxon signed-rank test on the seeds both "
               "have, Holm-adjusted p >= "
            << 1.0 - options.bootstrap.confidence << ", success-rate intervals overlapping); "
            << percent_level
            << "% intervals: medians and ERT by percentile bootstrap over seeds, success by "
               "Wilson; wins/losses/ties: seeds on which the setting did better/worse/the same "
               "than the baseline.\n";
  return kExitOk;
}

}  // namespace optbench::cli
