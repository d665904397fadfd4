// summary.csv: grouping over seeds, pandas' quartiles, success and escape rates, rank order, and
// the quickstart sweep summarized end to end.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "optbench/analysis/summary.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

// A runs.csv shaped like the function experiment's, cut down to the columns that matter here.
struct RunRow {
  std::string problem = "quartic_saddle";
  std::string dim = "2";
  std::string optimizer = "sgd";
  std::string lr = "0.01";
  std::string status = "max_steps";
  std::string final_loss = "1";
  std::string steps_to_target;
  std::string escape_step;
};

CsvTable runs_table(const std::vector<RunRow>& runs) {
  CsvTable t;
  t.header = {"run_id", "problem", "dim",        "start",           "optimizer",   "lr",     "seed",
              "status", "steps",   "final_loss", "steps_to_target", "escape_step", "wall_ms"};
  std::map<std::string, int> seeds;  // seeds count up per setting, as the sweep writes them
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunRow& r = runs[i];
    const int seed = seeds[r.problem + r.dim + r.optimizer + r.lr]++;
    t.rows.push_back({std::to_string(i), r.problem, r.dim, "0 1e-04", r.optimizer, r.lr,
                      std::to_string(seed), r.status, "100", r.final_loss, r.steps_to_target,
                      r.escape_step, std::to_string(0.5 + static_cast<double>(i))});
  }
  return t;
}

std::string cell(const CsvTable& t, std::size_t row, const std::string& column) {
  return t.rows.at(row).at(t.column(column));
}

RunRow with_loss(const std::string& loss) {
  RunRow r;
  r.final_loss = loss;
  return r;
}

TEST(Summary, HeaderKeepsIdentifiersButRunIdAndSeedThenTheMetricsAndRank) {
  const CsvTable s = summarize_runs(runs_table({RunRow{}}));
  const std::vector<std::string> expected{"problem",
                                          "dim",
                                          "start",
                                          "optimizer",
                                          "lr",
                                          "n",
                                          "success_rate",
                                          "escape_rate",
                                          "steps_to_target_n",
                                          "steps_to_target_median",
                                          "steps_to_target_q25",
                                          "steps_to_target_q75",
                                          "escape_step_n",
                                          "escape_step_median",
                                          "escape_step_q25",
                                          "escape_step_q75",
                                          "final_loss_n",
                                          "final_loss_median",
                                          "final_loss_q25",
                                          "final_loss_q75",
                                          "rank"};
  EXPECT_EQ(s.header, expected);
}

TEST(Summary, QuartilesInterpolateLinearlyAsPandasDoes) {
  // 1, 2, 3, 4: positions 0.75, 1.5 and 2.25 between the sorted values.
  const CsvTable s =
      summarize_runs(runs_table({with_loss("3"), with_loss("1"), with_loss("4"), with_loss("2")}));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(cell(s, 0, "n"), "4");
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "4");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "1.75");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "2.5");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "3.25");
}

TEST(Summary, OddCountHitsTheValuesThemselves) {
  const CsvTable s = summarize_runs(runs_table(
      {with_loss("100"), with_loss("2"), with_loss("3"), with_loss("1"), with_loss("4")}));
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "2");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "3");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "4");
}

TEST(Summary, ASingleValueIsEveryQuartile) {
  const CsvTable s = summarize_runs(runs_table({with_loss("-0.25")}));
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "1");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "-0.25");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "-0.25");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "-0.25");
}

TEST(Summary, EmptyAndNanCellsAreSkipped) {
  // 10, 20, 30 remain: q25 at position 0.5, q75 at 1.5.
  const CsvTable s = summarize_runs(runs_table(
      {with_loss("10"), with_loss(""), with_loss("30"), with_loss("nan"), with_loss("20")}));
  EXPECT_EQ(cell(s, 0, "n"), "5");
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "3");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "15");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "20");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "25");
}

TEST(Summary, NoValueLeavesTheQuartilesEmpty) {
  const CsvTable s = summarize_runs(runs_table({with_loss(""), with_loss("nan")}));
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "0");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "");
  EXPECT_EQ(cell(s, 0, "steps_to_target_n"), "0");
  EXPECT_EQ(cell(s, 0, "escape_step_median"), "");
}

TEST(Summary, InterpolationMatchesNumpyToTheLastBit) {
  // numpy's _lerp computes from the upper value when the weight is >= 0.5: the median of
  // 0.1 and 0.7 is 0.7 - 0.6*0.5 = 0.39999999999999997, where 0.1 + 0.6*0.5 gives 0.4.
  const CsvTable s = summarize_runs(runs_table({with_loss("0.7"), with_loss("0.1")}));
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "0.25");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "0.39999999999999997");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "0.5499999999999999");
}

TEST(Summary, InfinitiesStayInfinite) {
  const CsvTable s =
      summarize_runs(runs_table({with_loss("inf"), with_loss("1"), with_loss("inf")}));
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "inf");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "inf");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "inf");  // 1 + (inf - 1) * 0.5
}

TEST(Summary, GroupsIgnoreSeedAndRunIdButSeparateSettingsInFirstRowOrder) {
  RunRow a;
  a.lr = "0.1";
  RunRow b;
  b.lr = "0.01";
  RunRow c = b;
  c.dim = "3";
  const CsvTable s = summarize_runs(runs_table({a, b, a, c, b, a}));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(cell(s, 0, "lr"), "0.1");
  EXPECT_EQ(cell(s, 0, "n"), "3");
  EXPECT_EQ(cell(s, 1, "lr"), "0.01");
  EXPECT_EQ(cell(s, 1, "dim"), "2");
  EXPECT_EQ(cell(s, 1, "n"), "2");
  EXPECT_EQ(cell(s, 2, "dim"), "3");
  EXPECT_EQ(cell(s, 2, "n"), "1");
}

TEST(Summary, SuccessIsReachingTheTargetAndEscapeIsSeparate) {
  RunRow hit;
  hit.status = "reached_target";
  hit.steps_to_target = "40";
  hit.escape_step = "7";
  RunRow miss = hit;
  miss.status = "max_steps";
  miss.steps_to_target = "";
  RunRow blown = miss;
  blown.status = "diverged";
  blown.escape_step = "";
  // Another setting that never reaches the target and never leaves the saddle's ball.
  RunRow stuck;
  stuck.lr = "1e-06";
  const CsvTable s = summarize_runs(runs_table({hit, miss, hit, blown, stuck, stuck}));
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(cell(s, 0, "n"), "4");
  EXPECT_EQ(cell(s, 0, "success_rate"), "0.5");
  EXPECT_EQ(cell(s, 0, "escape_rate"), "0.75");
  EXPECT_EQ(cell(s, 0, "steps_to_target_n"), "2");
  EXPECT_EQ(cell(s, 0, "steps_to_target_median"), "40");
  EXPECT_EQ(cell(s, 0, "escape_step_n"), "3");
  // The target exists in this table, so missing it every time is a success rate of 0.
  EXPECT_EQ(cell(s, 1, "success_rate"), "0");
  EXPECT_EQ(cell(s, 1, "escape_rate"), "");
}

TEST(Summary, WithoutAnyTargetSuccessIsEscaping) {
  RunRow escaped;
  escaped.escape_step = "12";
  RunRow stayed;
  const CsvTable s = summarize_runs(runs_table({escaped, stayed, stayed}));
  EXPECT_EQ(cell(s, 0, "success_rate"), format_number(1.0 / 3.0));
  EXPECT_EQ(cell(s, 0, "escape_rate"), "0.3333333333333333");
  EXPECT_EQ(cell(s, 0, "steps_to_target_median"), "");
}

TEST(Summary, RankByMedianStepsThenLossWithinEachProblem) {
  auto run = [](std::string problem, std::string optimizer, std::string steps, std::string loss) {
    RunRow r;
    r.problem = std::move(problem);
    r.optimizer = std::move(optimizer);
    r.status = steps.empty() ? "max_steps" : "reached_target";
    r.steps_to_target = std::move(steps);
    r.final_loss = std::move(loss);
    return r;
  };
  const CsvTable s = summarize_runs(runs_table({
      run("quartic_saddle", "sgd", "", "0.001"),       // no target reached: after all others
      run("quartic_saddle", "momentum", "50", "0.5"),  // ties adam on steps, worse loss
      run("quartic_saddle", "adam", "50", "0.25"),     // best
      run("quartic_saddle", "rmsprop", "50", "0.5"),   // ties momentum fully: later row loses
      run("rosenbrock", "sgd", "900", "1e-07"),        // another problem: ranked on its own
      run("rosenbrock", "adam", "", ""),               // nothing at all: last
      run("rosenbrock", "momentum", "", "0.5"),        // a loss beats no loss
      run("quartic_saddle", "adagrad", "", "0.01"),    // no steps, loss worse than sgd
  }));
  ASSERT_EQ(s.rows.size(), 8u);
  const std::vector<std::string> ranks{"4", "2", "1", "3", "1", "3", "2", "5"};
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    EXPECT_EQ(cell(s, i, "rank"), ranks[i])
        << cell(s, i, "problem") << " " << cell(s, i, "optimizer");
  }
}

TEST(Summary, WithoutATargetTheSoonerEscapeRanksFirstThenTheLoss) {
  auto run = [](std::string optimizer, std::string escape, std::string loss) {
    RunRow r;
    r.optimizer = std::move(optimizer);
    r.escape_step = std::move(escape);
    r.final_loss = std::move(loss);
    return r;
  };
  const CsvTable s = summarize_runs(runs_table({
      run("sgd", "232", "-0.25"),       // escapes late, lowest loss
      run("momentum", "42", "-0.2"),    // escapes first: best despite the higher loss
      run("adam", "", "-0.3"),          // never escapes: last though its loss is lowest
      run("nesterov", "232", "-0.26"),  // ties sgd on escape, lower loss: ahead of it
  }));
  ASSERT_EQ(s.rows.size(), 4u);
  const std::vector<std::string> ranks{"3", "1", "4", "2"};
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    EXPECT_EQ(cell(s, i, "rank"), ranks[i]) << cell(s, i, "optimizer");
  }
}

TEST(Summary, RankSeparatesDimensionsAndComparesNumbersNotText) {
  auto run = [](std::string dim, std::string lr, std::string steps) {
    RunRow r;
    r.dim = std::move(dim);
    r.lr = std::move(lr);
    r.status = "reached_target";
    r.steps_to_target = std::move(steps);
    return r;
  };
  const CsvTable s = summarize_runs(
      runs_table({run("2", "0.1", "100"), run("2", "0.01", "9"), run("10", "0.1", "1000")}));
  EXPECT_EQ(cell(s, 0, "rank"), "2");  // "100" < "9" as text, not as numbers
  EXPECT_EQ(cell(s, 1, "rank"), "1");
  EXPECT_EQ(cell(s, 2, "rank"), "1");
}

TEST(Summary, OptionalMetricsAppearOnlyWhereRunsHaveThem) {
  CsvTable t = runs_table({with_loss("1"), with_loss("3")});
  t.header.push_back("final_test_accuracy");
  t.rows[0].push_back("0.5");
  t.rows[1].push_back("1");
  const CsvTable s = summarize_runs(t);
  EXPECT_EQ(cell(s, 0, "final_test_accuracy_n"), "2");
  EXPECT_EQ(cell(s, 0, "final_test_accuracy_median"), "0.75");
  EXPECT_EQ(s.header.back(), "rank");
  EXPECT_EQ(std::count(s.header.begin(), s.header.end(), "ns_per_step_median"), 0);
  EXPECT_EQ(std::count(s.header.begin(), s.header.end(), "best_test_accuracy_n"), 0);
}

TEST(Summary, RejectsATextCellInAMetricAndATableWithoutStatus) {
  EXPECT_THROW(summarize_runs(runs_table({with_loss("fast")})), Error);
  CsvTable t;
  t.header = {"run_id", "optimizer", "seed"};
  EXPECT_THROW(summarize_runs(t), Error);
}

TEST(Summary, QuickstartEndToEnd) {
  testing::TempDir dir;
  const auto result =
      testing::run_cli({"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml",
                        "--out", dir.str(), "--quiet"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto runs_path = dir.path() / "quickstart" / "runs.csv";
  const auto summary_path = dir.path() / "quickstart" / "summary.csv";
  write_summary(runs_path.string(), summary_path.string());

  const CsvTable runs = read_csv(runs_path.string());
  const CsvTable s = read_csv(summary_path.string());
  // Count by hand: per (problem, optimizer, lr), runs and those that reached the target.
  std::map<std::vector<std::string>, std::pair<int, int>> counted;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    auto& [n, reached] =
        counted[{cell(runs, r, "problem"), cell(runs, r, "optimizer"), cell(runs, r, "lr")}];
    ++n;
    reached += cell(runs, r, "status") == "reached_target" ? 1 : 0;
  }
  ASSERT_EQ(s.rows.size(), 6u);  // 2 problems x 3 optimizers
  ASSERT_EQ(counted.size(), 6u);
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const auto& [n, reached] =
        counted.at({cell(s, i, "problem"), cell(s, i, "optimizer"), cell(s, i, "lr")});
    EXPECT_EQ(cell(s, i, "n"), "3");
    EXPECT_EQ(n, 3);
    EXPECT_EQ(cell(s, i, "success_rate"), format_number(reached / 3.0));
    EXPECT_EQ(cell(s, i, "final_loss_n"), "3");
    // Started next to the saddle of quartic_saddle only.
    EXPECT_EQ(cell(s, i, "escape_rate").empty(), cell(s, i, "problem") == "rosenbrock");
  }
  // Ranks are 1, 2, 3 within each problem, in order of median steps to target.
  for (const std::string problem : {"quartic_saddle", "rosenbrock"}) {
    std::map<int, double> steps_by_rank;
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
      if (cell(s, i, "problem") != problem) continue;
      steps_by_rank[std::stoi(cell(s, i, "rank"))] =
          std::stod(cell(s, i, "steps_to_target_median"));
    }
    ASSERT_EQ(steps_by_rank.size(), 3u) << problem;
    EXPECT_EQ(steps_by_rank.begin()->first, 1);
    EXPECT_LE(steps_by_rank[1], steps_by_rank[2]);
    EXPECT_LE(steps_by_rank[2], steps_by_rank[3]);
  }
}

}  // namespace
}  // namespace optbench
