// The verdict on a runs.csv too big to hold: read a setting at a time, in four passes (what each
// problem's settings have, the statistics of each setting, the best settings' values, the paired
// comparisons), so that memory grows with the settings and the largest setting, not with runs.
// Every number is computed by the same functions as judge_runs, on the same values in the same
// order, so the two agree byte for byte (tests/test_summary.cpp compares them).

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "optbench/analysis/global_summary.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/record_file.hpp"
#include "verdict_parts.hpp"

namespace optbench {

namespace {

using detail::PairedComparison;
using detail::ProblemGroup;
using detail::SettingGroup;
using detail::SettingGroups;

constexpr const char* kReached = "reached_target";

// One setting's rows of runs.csv, as a table of its own.
struct Block {
  CsvTable table;
  std::size_t row_offset = 0;  // data rows of runs.csv before it
};

// runs.csv a setting at a time: runs of consecutive rows with the same identifier cells (all
// before status but run_id and seed). Throws NotContiguous when a setting's rows come back after
// another setting's, so that the caller reads the file whole instead.
class SettingBlocks {
 public:
  struct NotContiguous {};

  explicit SettingBlocks(const std::string& path) : path_(path), reader_(path) {
    std::string record;
    if (!reader_.next(record)) throw Error({path, 1, 1}, "", "the file is empty (no header row)");
    header_ = split_csv_line(record);
    records_ = 1;
    const auto status = std::find(header_.begin(), header_.end(), "status");
    for (auto it = header_.begin(); it != status && status != header_.end(); ++it) {
      if (*it != "run_id" && *it != "seed")
        keys_.push_back(static_cast<std::size_t>(it - header_.begin()));
    }
  }

  const std::vector<std::string>& header() const { return header_; }

  bool next(Block& block) {
    block.table = CsvTable{};
    block.table.header = header_;
    block.row_offset = rows_;
    if (!pending_) read_row();
    if (!pending_) return false;
    const std::vector<std::string> key = key_of(*pending_);
    if (!seen_.insert(key).second) throw NotContiguous{};
    while (pending_ && key_of(*pending_) == key) {
      block.table.rows.push_back(std::move(*pending_));
      ++rows_;
      pending_.reset();
      read_row();
    }
    return true;
  }

 private:
  std::vector<std::string> key_of(const std::vector<std::string>& row) const {
    std::vector<std::string> key;
    key.reserve(keys_.size());
    for (const std::size_t c : keys_) key.push_back(row[c]);
    return key;
  }

  // The next data row into pending_ (skipping empty records, as read_csv does).
  void read_row() {
    std::string record;
    while (reader_.next(record)) {
      ++records_;
      if (record.empty()) continue;
      std::vector<std::string> cells = split_csv_line(record);
      if (cells.size() != header_.size()) {
        throw Error({path_, static_cast<int>(records_), 1}, "",
                    "row has " + std::to_string(cells.size()) + " cells, the header " +
                        std::to_string(header_.size()));
      }
      pending_ = std::move(cells);
      return;
    }
  }

  std::string path_;
  RecordReader reader_;
  std::vector<std::string> header_;
  std::vector<std::size_t> keys_;
  std::optional<std::vector<std::string>> pending_;
  std::set<std::vector<std::string>> seen_;
  std::size_t records_ = 0;
  std::size_t rows_ = 0;
};

bool any_of(const std::vector<std::optional<double>>& values) {
  return std::any_of(values.begin(), values.end(), [](const auto& v) { return v.has_value(); });
}

// What pass 1 learns about a problem over all its settings.
struct ProblemFacts {
  std::vector<bool> running_time_has_value;  // per rule.running_times
  bool target_positive = false;              // some run has rule.target_column > 0
  std::vector<bool> median_has_value;        // per rule.medians
};

// The problem's mode as group_settings decides it over the whole table.
detail::ProblemMode problem_mode(const ProblemFacts& facts, const RankingRule& rule,
                                 const SummaryOptions& options, bool any_reached,
                                 const std::map<std::string, std::size_t>& columns) {
  detail::ProblemMode mode;
  for (std::size_t i = 0; i < rule.running_times.size() && !mode.time_column; ++i) {
    const auto column = columns.find(rule.running_times[i]);
    if (column == columns.end()) continue;
    const bool has = facts.running_time_has_value[i];
    const bool applies = i == 0 ? options.target.value_or(any_reached || has) : has;
    if (!applies) continue;
    mode.time_column = column->second;
    mode.time_name = rule.running_times[i];
    mode.success_defined = true;
    mode.success_by_status = i == 0;
  }
  if (!mode.time_column && !rule.target_column.empty()) {
    mode.success_defined = facts.target_positive;
    mode.success_by_status = mode.success_defined;
  }
  return mode;
}

// A setting's block grouped alone: one setting of one problem, whose mode the caller sets.
SettingGroups block_groups(const Block& b, const RankingRule& rule, const SummaryOptions& options,
                           const std::string& path) {
  return detail::group_settings(b.table, rule, options, path, b.row_offset);
}

}  // namespace

Verdicts judge_runs_file(const std::string& path, const RankingRule& rule,
                         const SummaryOptions& options) {
  const auto whole = [&] { return judge_runs(read_csv(path), rule, options, path); };
  {
    // Without a setting column the labels are made over all settings at once: read it whole.
    RecordReader reader(path);
    std::string record;
    if (!reader.next(record)) return whole();
    const std::vector<std::string> header = split_csv_line(record);
    if (std::find(header.begin(), header.end(), "setting") == header.end()) return whole();
    if (!reader.next(record)) return whole();
  }
  try {
    // Pass 1: the settings and problems, and what each problem's runs have.
    SettingGroups all;
    std::vector<ProblemFacts> facts;
    std::vector<std::string> header;
    std::map<std::vector<std::string>, std::size_t> problem_index;
    bool any_reached = false;
    double budget = 0.0;
    bool has_steps = false;
    {
      SettingBlocks blocks(path);
      header = blocks.header();
      Block b;
      while (blocks.next(b)) {
        const SettingGroups g = block_groups(b, rule, options, path);
        if (all.settings.empty()) {
          all.key_header = g.key_header;
          all.problem_header = g.problem_header;
          all.status = g.status;
          all.seed = g.seed;
          all.columns = g.columns;
        }
        const ProblemGroup& bp = g.problems.front();
        const auto [it, added] = problem_index.emplace(bp.cells, all.problems.size());
        if (added) {
          ProblemGroup p;
          p.cells = bp.cells;
          p.key = bp.key;
          all.problems.push_back(std::move(p));
          ProblemFacts f;
          f.running_time_has_value.assign(rule.running_times.size(), false);
          f.median_has_value.assign(rule.medians.size(), false);
          facts.push_back(std::move(f));
        }
        const std::size_t p = it->second;
        all.problems[p].settings.push_back(all.settings.size());
        SettingGroup s = g.settings.front();
        s.problem = p;
        s.rows.clear();
        all.settings.push_back(std::move(s));

        detail::MetricCache values(b.table, path, b.row_offset);
        ProblemFacts& f = facts[p];
        for (std::size_t i = 0; i < rule.running_times.size(); ++i) {
          if (!f.running_time_has_value[i] && values.has(rule.running_times[i]))
            f.running_time_has_value[i] = any_of(values(rule.running_times[i]));
        }
        if (!rule.target_column.empty() && !f.target_positive && values.has(rule.target_column)) {
          const auto& t = values(rule.target_column);
          f.target_positive =
              std::any_of(t.begin(), t.end(), [](const auto& v) { return v && *v > 0.0; });
        }
        for (std::size_t k = 0; k < rule.medians.size(); ++k) {
          if (!f.median_has_value[k] && values.has(rule.medians[k].column))
            f.median_has_value[k] = any_of(values(rule.medians[k].column));
        }
        for (const auto& row : b.table.rows) any_reached = any_reached || row[g.status] == kReached;
        if (values.has("steps")) {
          has_steps = true;
          for (const auto& v : values("steps")) {
            if (v && std::isfinite(*v)) budget = std::max(budget, *v);
          }
        }
      }
    }
    if (all.settings.empty()) return whole();
    for (std::size_t p = 0; p < all.problems.size(); ++p)
      all.problems[p].mode = problem_mode(facts[p], rule, options, any_reached, all.columns);
    SummaryOptions stat_options = options;
    if (!stat_options.budget) stat_options.budget = has_steps ? budget : 0.0;

    // Pass 2: each setting's statistics (and its global-minimum row).
    CsvTable runs_header;
    runs_header.header = header;
    const std::vector<std::string> metrics = detail::summary_metrics(runs_header, rule);
    const bool global = has_global_columns(header);
    CsvTable global_rows;
    std::vector<detail::SettingStats> stats;
    stats.reserve(all.settings.size());
    {
      SettingBlocks blocks(path);
      Block b;
      while (blocks.next(b)) {
        const std::size_t s = stats.size();
        SettingGroups g = block_groups(b, rule, options, path);
        g.problems.front().mode = all.problems[all.settings[s].problem].mode;
        detail::MetricCache values(b.table, path, b.row_offset);
        stats.push_back(std::move(
            detail::setting_statistics(b.table, g, metrics, values, stat_options).front()));
        if (global) {
          CsvTable one = global_summary(b.table);
          if (global_rows.header.empty()) {
            global_rows.header = one.header;
            global_rows.types = one.types;
          }
          for (auto& row : one.rows) global_rows.rows.push_back(std::move(row));
        }
      }
    }

    // Each problem's order and best, and the metrics its settings are compared on.
    std::vector<std::vector<std::size_t>> orders(all.problems.size());
    std::vector<std::vector<RankedMetric>> compared(all.problems.size());
    std::vector<std::size_t> best_of(all.problems.size());
    std::vector<bool> is_best(all.settings.size(), false);
    bool any_comparison = false;
    for (std::size_t p = 0; p < all.problems.size(); ++p) {
      const ProblemGroup& problem = all.problems[p];
      orders[p] = detail::rank_order(problem, stats, metrics, rule);
      best_of[p] = orders[p].front();
      is_best[best_of[p]] = true;
      if (problem.mode.time_column) compared[p].push_back({problem.mode.time_name, false});
      for (std::size_t k = 0; k < rule.medians.size(); ++k) {
        const auto& m = rule.medians[k];
        if (all.columns.count(m.column) == 0 || !facts[p].median_has_value[k]) continue;
        const bool seen = std::any_of(compared[p].begin(), compared[p].end(),
                                      [&](const RankedMetric& o) { return o.column == m.column; });
        if (!seen) compared[p].push_back(m);
      }
      any_comparison = any_comparison || (problem.settings.size() > 1 && !compared[p].empty());
    }

    // Passes 3 and 4: the best settings' values by seed, then every other setting against them.
    std::vector<std::vector<PairedComparison>> pairs(all.settings.size());
    if (any_comparison) {
      std::vector<std::vector<std::map<std::string, double>>> reference(all.problems.size());
      {
        SettingBlocks blocks(path);
        Block b;
        for (std::size_t s = 0; blocks.next(b); ++s) {
          const std::size_t p = all.settings[s].problem;
          if (!is_best[s] || all.problems[p].settings.size() < 2) continue;
          const SettingGroups g = block_groups(b, rule, options, path);
          detail::MetricCache values(b.table, path, b.row_offset);
          for (const RankedMetric& m : compared[p])
            reference[p].push_back(
                detail::values_by_seed(b.table, g, g.settings.front(), values(m.column)));
        }
      }
      SettingBlocks blocks(path);
      Block b;
      for (std::size_t s = 0; blocks.next(b); ++s) {
        const std::size_t p = all.settings[s].problem;
        if (is_best[s] || compared[p].empty()) continue;
        const SettingGroups g = block_groups(b, rule, options, path);
        detail::MetricCache values(b.table, path, b.row_offset);
        const std::string& base = all.settings[best_of[p]].text;
        for (std::size_t k = 0; k < compared[p].size(); ++k) {
          const RankedMetric& m = compared[p][k];
          PairedComparison c = detail::compare_pair(
              detail::values_by_seed(b.table, g, g.settings.front(), values(m.column)),
              reference[p][k], m,
              detail::bootstrap_seed("difference", all.problems[p], all.settings[s].text, m.column,
                                     base),
              options.bootstrap);
          c.problem = p;
          c.setting = s;
          c.baseline = best_of[p];
          pairs[s].push_back(std::move(c));
        }
      }
    }

    // Ranks, ties and the tables, as judge_runs makes them.
    const double alpha = 1.0 - options.bootstrap.confidence;
    std::vector<std::size_t> ranks(all.settings.size(), 0);
    std::vector<bool> tied(all.settings.size(), false);
    std::vector<PairedComparison> comparisons;
    for (std::size_t p = 0; p < all.problems.size(); ++p) {
      const ProblemGroup& problem = all.problems[p];
      const std::size_t best = best_of[p];
      std::vector<PairedComparison> rows;
      for (std::size_t k = 0; k < compared[p].size(); ++k) {
        const std::size_t first = rows.size();
        for (const std::size_t s : problem.settings) {
          if (s != best) rows.push_back(std::move(pairs[s][k]));
        }
        detail::holm_over(rows, first);
      }
      const double best_rate = stats[best].guard_rate;
      for (const PairedComparison& c : rows) {
        if (compared[p].empty() || c.metric != compared[p].front().column) continue;
        const Interval& ci = stats[c.setting].guard_ci;
        const bool plausible = ci.low <= best_rate && best_rate <= ci.high;
        tied[c.setting] = c.p_holm && *c.p_holm >= alpha && plausible;
      }
      std::vector<std::size_t> ranked{best};
      for (const std::size_t s : orders[p]) {
        if (tied[s]) ranked.push_back(s);
      }
      for (const std::size_t s : orders[p]) {
        if (s != best && !tied[s]) ranked.push_back(s);
      }
      for (std::size_t k = 0; k < ranked.size(); ++k) {
        ranks[ranked[k]] = ranked[k] == best || tied[ranked[k]] ? 1 : k + 1;
      }
      comparisons.insert(comparisons.end(), std::make_move_iterator(rows.begin()),
                         std::make_move_iterator(rows.end()));
    }
    Verdicts out;
    out.summary =
        detail::summary_table(all, metrics, stats, !rule.running_times.empty(), ranks, tied);
    if (global) add_global_table(out.summary, global_rows, options.bootstrap.confidence);
    out.comparisons = detail::comparisons_table(all, comparisons);
    return out;
  } catch (const SettingBlocks::NotContiguous&) {
    return whole();
  }
}

}  // namespace optbench
