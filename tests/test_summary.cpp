// summary.csv and comparisons.csv: grouping over seeds, pandas' quartiles, counts of diverged and
// failed runs, intervals seeded by their documented key, the kinds' ranking rules (ERT with
// failures charged, the success-rate guard, statistical ties at rank 1, classification by test
// accuracy), the paired comparisons, and the quickstart sweep judged end to end.

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "optbench/analysis/summary.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

RankingRule rule_of(const std::string& kind) {
  return *find_experiment(kind).make()->ranking_rule();
}

// A runs.csv shaped like the function experiment's, cut down to the columns that matter here.
struct RunRow {
  std::string problem = "quartic_saddle";
  std::string dim = "2";
  std::string optimizer = "sgd";
  std::string lr = "0.01";
  std::string status = "max_steps";
  std::string steps = "100";
  std::string final_loss = "1";
  std::string steps_to_target;
  std::string escape_step;
};

CsvTable runs_table(const std::vector<RunRow>& runs) {
  CsvTable t;
  t.header = {"run_id",      "problem", "dim",    "start", "optimizer",  "lr",
              "seed",        "setting", "status", "steps", "final_loss", "steps_to_target",
              "escape_step", "wall_ms"};
  std::map<std::string, int> seeds;  // seeds count up per setting, as the sweep writes them
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const RunRow& r = runs[i];
    const int seed = seeds[r.problem + r.dim + r.optimizer + r.lr]++;
    t.rows.push_back({std::to_string(i), r.problem, r.dim, "0 1e-04", r.optimizer, r.lr,
                      std::to_string(seed), r.optimizer + " lr=" + r.lr, r.status, r.steps,
                      r.final_loss, r.steps_to_target, r.escape_step,
                      std::to_string(0.5 + static_cast<double>(i))});
  }
  return t;
}

CsvTable summarize(const CsvTable& runs, const SummaryOptions& options = {}) {
  return summarize_runs(runs, rule_of("function"), options);
}

std::string cell(const CsvTable& t, std::size_t row, const std::string& column) {
  return t.rows.at(row).at(t.column(column));
}

// The summary row of a setting.
std::size_t row_of(const CsvTable& s, const std::string& setting, const std::string& dim = "2") {
  for (std::size_t r = 0; r < s.rows.size(); ++r) {
    const bool same_dim = !s.header.empty() &&
                          (std::find(s.header.begin(), s.header.end(), "dim") == s.header.end() ||
                           cell(s, r, "dim") == dim);
    if (cell(s, r, "setting") == setting && same_dim) return r;
  }
  ADD_FAILURE() << "no row for " << setting;
  return 0;
}

RunRow with_loss(const std::string& loss) {
  RunRow r;
  r.final_loss = loss;
  return r;
}

// A run that reached the target after `steps` steps.
RunRow reached(const std::string& optimizer, double steps, const std::string& lr = "0.01") {
  RunRow r;
  r.optimizer = optimizer;
  r.lr = lr;
  r.status = "reached_target";
  r.steps = r.steps_to_target = format_number(steps);
  return r;
}

// A run that ran out of steps.
RunRow missed(const std::string& optimizer, const std::string& lr = "0.01") {
  RunRow r;
  r.optimizer = optimizer;
  r.lr = lr;
  return r;
}

TEST(Summary, HeaderKeepsIdentifiersThenCountsRatesErtMediansWithIntervalsAndRank) {
  const CsvTable s = summarize(runs_table({RunRow{}}));
  std::vector<std::string> expected{"problem",
                                    "dim",
                                    "start",
                                    "optimizer",
                                    "lr",
                                    "setting",
                                    "n",
                                    "n_diverged",
                                    "n_failed",
                                    "success_rate",
                                    "success_rate_ci_low",
                                    "success_rate_ci_high",
                                    "escape_rate",
                                    "ert",
                                    "ert_ci_low",
                                    "ert_ci_high"};
  for (const char* metric : {"steps_to_target", "escape_step", "final_loss"}) {
    for (const char* suffix : {"_n", "_median", "_ci_low", "_ci_high", "_q25", "_q75"})
      expected.push_back(std::string(metric) + suffix);
  }
  expected.emplace_back("rank");
  expected.emplace_back("tied_with_best");
  EXPECT_EQ(s.header, expected);
}

TEST(Summary, QuartilesInterpolateLinearlyAsPandasDoes) {
  // 1, 2, 3, 4: positions 0.75, 1.5 and 2.25 between the sorted values.
  const CsvTable s =
      summarize(runs_table({with_loss("3"), with_loss("1"), with_loss("4"), with_loss("2")}));
  ASSERT_EQ(s.rows.size(), 1u);
  EXPECT_EQ(cell(s, 0, "n"), "4");
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "4");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "1.75");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "2.5");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "3.25");
}

TEST(Summary, OddCountHitsTheValuesThemselves) {
  const CsvTable s = summarize(runs_table(
      {with_loss("100"), with_loss("2"), with_loss("3"), with_loss("1"), with_loss("4")}));
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "2");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "3");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "4");
}

TEST(Summary, ASingleValueIsEveryQuartileAndItsOwnInterval) {
  const CsvTable s = summarize(runs_table({with_loss("-0.25")}));
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "1");
  for (const char* c : {"final_loss_q25", "final_loss_median", "final_loss_q75",
                        "final_loss_ci_low", "final_loss_ci_high"})
    EXPECT_EQ(cell(s, 0, c), "-0.25") << c;
}

TEST(Summary, EmptyAndNanCellsAreSkipped) {
  // 10, 20, 30 remain: q25 at position 0.5, q75 at 1.5.
  const CsvTable s = summarize(runs_table(
      {with_loss("10"), with_loss(""), with_loss("30"), with_loss("nan"), with_loss("20")}));
  EXPECT_EQ(cell(s, 0, "n"), "5");
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "3");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "15");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "20");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "25");
}

TEST(Summary, NoValueLeavesTheQuartilesAndIntervalsEmpty) {
  const CsvTable s = summarize(runs_table({with_loss(""), with_loss("nan")}));
  EXPECT_EQ(cell(s, 0, "final_loss_n"), "0");
  for (const char* c : {"final_loss_median", "final_loss_q25", "final_loss_q75",
                        "final_loss_ci_low", "final_loss_ci_high", "escape_step_median"})
    EXPECT_EQ(cell(s, 0, c), "") << c;
  EXPECT_EQ(cell(s, 0, "steps_to_target_n"), "0");
}

TEST(Summary, InterpolationMatchesNumpyToTheLastBit) {
  // numpy's _lerp computes from the upper value when the weight is >= 0.5: the median of
  // 0.1 and 0.7 is 0.7 - 0.6*0.5 = 0.39999999999999997, where 0.1 + 0.6*0.5 gives 0.4.
  const CsvTable s = summarize(runs_table({with_loss("0.7"), with_loss("0.1")}));
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "0.25");
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "0.39999999999999997");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "0.5499999999999999");
}

TEST(Summary, InfinitiesStayInfinite) {
  const CsvTable s = summarize(runs_table({with_loss("inf"), with_loss("1"), with_loss("inf")}));
  EXPECT_EQ(cell(s, 0, "final_loss_median"), "inf");
  EXPECT_EQ(cell(s, 0, "final_loss_q75"), "inf");
  EXPECT_EQ(cell(s, 0, "final_loss_q25"), "inf");  // 1 + (inf - 1) * 0.5
}

TEST(Summary, MedianIntervalIsThePythonReferenceDrawnFromTheDocumentedKey) {
  // tools/statistics_reference.py draws the resamples from stable_hash("median", the problem's
  // cells, the setting, the column): the interval summary.csv reports for final_loss.
  const YAML::Node ref = YAML::LoadFile(std::string(OPTBENCH_TEST_DATA) +
                                        "/statistics_reference.yaml")["summary_interval"];
  std::vector<RunRow> rows;
  for (const auto& v : ref["values"]) rows.push_back(with_loss(format_number(v.as<double>())));
  const CsvTable s = summarize(runs_table(rows));
  EXPECT_EQ(stable_hash({"median", "problem=quartic_saddle;dim=2;start=0 1e-04;", "sgd lr=0.01",
                         "final_loss", ""}),
            ref["seed"].as<std::uint64_t>());
  EXPECT_EQ(cell(s, 0, "final_loss_median"), format_number(ref["median"].as<double>()));
  EXPECT_EQ(cell(s, 0, "final_loss_ci_low"), format_number(ref["low"].as<double>()));
  EXPECT_EQ(cell(s, 0, "final_loss_ci_high"), format_number(ref["high"].as<double>()));
}

TEST(Summary, GroupsIgnoreSeedAndRunIdButSeparateSettingsInFirstRowOrder) {
  RunRow a;
  a.lr = "0.1";
  RunRow b;
  b.lr = "0.01";
  RunRow c = b;
  c.dim = "3";
  const CsvTable s = summarize(runs_table({a, b, a, c, b, a}));
  ASSERT_EQ(s.rows.size(), 3u);
  EXPECT_EQ(cell(s, 0, "lr"), "0.1");
  EXPECT_EQ(cell(s, 0, "n"), "3");
  EXPECT_EQ(cell(s, 1, "lr"), "0.01");
  EXPECT_EQ(cell(s, 1, "dim"), "2");
  EXPECT_EQ(cell(s, 1, "n"), "2");
  EXPECT_EQ(cell(s, 2, "dim"), "3");
  EXPECT_EQ(cell(s, 2, "n"), "1");
}

TEST(Summary, SuccessIsReachingTheTargetWithAWilsonIntervalAndEscapeIsSeparate) {
  RunRow hit = reached("sgd", 40);
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
  const CsvTable s = summarize(runs_table({hit, miss, hit, blown, stuck, stuck}));
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(cell(s, 0, "n"), "4");
  EXPECT_EQ(cell(s, 0, "n_diverged"), "1");
  EXPECT_EQ(cell(s, 0, "n_failed"), "2");  // the miss and the diverged run
  EXPECT_EQ(cell(s, 0, "success_rate"), "0.5");
  const Interval wilson = wilson_interval(2, 4, 0.95);
  EXPECT_EQ(cell(s, 0, "success_rate_ci_low"), format_number(wilson.low));
  EXPECT_EQ(cell(s, 0, "success_rate_ci_high"), format_number(wilson.high));
  EXPECT_EQ(cell(s, 0, "escape_rate"), "0.75");
  EXPECT_EQ(cell(s, 0, "steps_to_target_n"), "2");
  EXPECT_EQ(cell(s, 0, "steps_to_target_median"), "40");
  EXPECT_EQ(cell(s, 0, "escape_step_n"), "3");
  // The target exists in this table, so missing it every time is a success rate of 0.
  EXPECT_EQ(cell(s, 1, "success_rate"), "0");
  EXPECT_EQ(cell(s, 1, "n_failed"), "2");
  EXPECT_EQ(cell(s, 1, "success_rate_ci_low"), "0");
  EXPECT_EQ(cell(s, 1, "escape_rate"), "");
}

TEST(Summary, ErtChargesEveryFailedRunTheBudget) {
  // (40 + 60 + 2 failures x 1000) / 2 successes, with stop.max_steps = 1000 from the config.
  const CsvTable s =
      summarize(runs_table({reached("sgd", 40), missed("sgd"), reached("sgd", 60), missed("sgd")}),
                {BootstrapSpec{}, 1000.0, true});
  EXPECT_EQ(cell(s, 0, "ert"), "1050");
  const CsvTable all_failed =
      summarize(runs_table({missed("sgd"), missed("sgd")}), {BootstrapSpec{}, 1000.0, true});
  EXPECT_EQ(cell(all_failed, 0, "ert"), "inf");
  EXPECT_EQ(cell(all_failed, 0, "ert_ci_low"), "inf");
  EXPECT_EQ(cell(all_failed, 0, "ert_ci_high"), "inf");
  EXPECT_EQ(cell(all_failed, 0, "success_rate"), "0");
}

TEST(Summary, WithoutAnyTargetSuccessIsEscaping) {
  RunRow escaped;
  escaped.escape_step = "12";
  RunRow stayed;
  const CsvTable s = summarize(runs_table({escaped, stayed, stayed}));
  EXPECT_EQ(cell(s, 0, "success_rate"), format_number(1.0 / 3.0));
  EXPECT_EQ(cell(s, 0, "escape_rate"), "0.3333333333333333");
  EXPECT_EQ(cell(s, 0, "steps_to_target_median"), "");
  // ERT of escaping: 12 steps + 2 runs charged the longest run's 100 steps, over 1 escape.
  EXPECT_EQ(cell(s, 0, "ert"), "212");
}

TEST(Summary, FastButUnreliableLosesToSlowButSure) {
  // The saddle story: half the runs of one setting finish in 5 steps and the others never do;
  // another takes 150 steps every time. By median steps the first would win.
  std::vector<RunRow> rows;
  for (int seed = 0; seed < 20; ++seed) {
    rows.push_back(seed % 2 == 0 ? reached("rmsprop", 5, "0.1") : missed("rmsprop", "0.1"));
    rows.push_back(reached("sgd", 150, "0.1"));
  }
  const CsvTable s = summarize(runs_table(rows), {BootstrapSpec{}, 20000.0, true});
  EXPECT_EQ(cell(s, row_of(s, "rmsprop lr=0.1"), "steps_to_target_median"), "5");
  EXPECT_EQ(cell(s, row_of(s, "rmsprop lr=0.1"), "ert"), "20005");
  EXPECT_EQ(cell(s, row_of(s, "sgd lr=0.1"), "rank"), "1");
  EXPECT_EQ(cell(s, row_of(s, "rmsprop lr=0.1"), "rank"), "2");
  EXPECT_EQ(cell(s, row_of(s, "rmsprop lr=0.1"), "tied_with_best"), "false");
}

TEST(Summary, ASettingWhoseSuccessIntervalLiesBelowNeverRanksAbove) {
  // 12 of 20 in 1 step: ERT (12 + 8 x 50) / 12 = 34.3 beats 20 of 20 at 40 steps, but the
  // Wilson interval of 12/20, [0.39, 0.78], lies wholly below that of 20/20, [0.84, 1]: the
  // reliable setting ranks first.
  std::vector<RunRow> rows;
  for (int seed = 0; seed < 20; ++seed) {
    rows.push_back(seed < 12 ? reached("adam", 1) : missed("adam"));
    rows.push_back(reached("sgd", 40));
  }
  const CsvTable s = summarize(runs_table(rows), {BootstrapSpec{}, 50.0, true});
  const std::size_t adam = row_of(s, "adam lr=0.01");
  const std::size_t sgd = row_of(s, "sgd lr=0.01");
  EXPECT_LT(std::stod(cell(s, adam, "ert")), std::stod(cell(s, sgd, "ert")));
  EXPECT_LT(std::stod(cell(s, adam, "success_rate_ci_high")),
            std::stod(cell(s, sgd, "success_rate_ci_low")));
  EXPECT_EQ(cell(s, sgd, "rank"), "1");
  EXPECT_EQ(cell(s, adam, "rank"), "2");
  // One failure in 20 is no such evidence (the intervals overlap): ERT decides.
  rows.clear();
  for (int seed = 0; seed < 20; ++seed) {
    rows.push_back(seed < 19 ? reached("adam", 1) : missed("adam"));
    rows.push_back(reached("sgd", 40));
  }
  const CsvTable t = summarize(runs_table(rows), {BootstrapSpec{}, 50.0, true});
  EXPECT_EQ(cell(t, row_of(t, "adam lr=0.01"), "rank"), "1");
}

TEST(Summary, SettingsThePairedTestCannotTellApartShareRankOne) {
  // Eight seeds each. sgd and nesterov differ by one step either way (p = 1 after Holm);
  // momentum is slower on every seed by 100 to 107 steps (distinct differences: the exact test,
  // p = 2/2^8, x2 by Holm = 0.016 < 0.05).
  std::vector<RunRow> rows;
  for (int seed = 0; seed < 8; ++seed) {
    rows.push_back(reached("sgd", 100 + seed));
    rows.push_back(reached("nesterov", 100 + seed + (seed % 2 == 0 ? 1 : -1)));
    rows.push_back(reached("momentum", 200 + 2 * seed));
  }
  const CsvTable s = summarize(runs_table(rows), {BootstrapSpec{}, 1000.0, true});
  const std::size_t sgd = row_of(s, "sgd lr=0.01");
  const std::size_t nesterov = row_of(s, "nesterov lr=0.01");
  const std::size_t momentum = row_of(s, "momentum lr=0.01");
  EXPECT_EQ(cell(s, sgd, "rank"), "1");
  EXPECT_EQ(cell(s, nesterov, "rank"), "1");
  EXPECT_EQ(cell(s, nesterov, "tied_with_best"), "true");
  EXPECT_EQ(cell(s, momentum, "rank"), "3");
  EXPECT_EQ(cell(s, momentum, "tied_with_best"), "false");

  const CsvTable c =
      judge_runs(runs_table(rows), rule_of("function"), {BootstrapSpec{}, 1000.0, true})
          .comparisons;
  const std::vector<std::string> header{"problem",
                                        "dim",
                                        "start",
                                        "metric",
                                        "setting",
                                        "best_setting",
                                        "n_pairs",
                                        "wins",
                                        "losses",
                                        "ties",
                                        "median_difference",
                                        "difference_ci_low",
                                        "difference_ci_high",
                                        "p_value",
                                        "p_holm"};
  EXPECT_EQ(c.header, header);
  bool found = false;
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    if (cell(c, r, "metric") != "steps_to_target" || cell(c, r, "setting") != "momentum lr=0.01")
      continue;
    found = true;
    EXPECT_EQ(cell(c, r, "best_setting"), "sgd lr=0.01");
    EXPECT_EQ(cell(c, r, "n_pairs"), "8");
    EXPECT_EQ(cell(c, r, "wins"), "0");
    EXPECT_EQ(cell(c, r, "losses"), "8");
    EXPECT_EQ(cell(c, r, "median_difference"), "103.5");
    EXPECT_EQ(cell(c, r, "p_value"), "0.0078125");  // scipy: wilcoxon(range(100, 108)) = 2/2^8
    EXPECT_EQ(cell(c, r, "p_holm"), "0.015625");
  }
  EXPECT_TRUE(found);
}

TEST(Summary, ATieNeedsTheBestsSuccessRateInsideTheSettingsOwnInterval) {
  // Five seeds: sgd reaches the target on all five, adam on two, at the same steps as sgd. The
  // paired test sees two equal pairs (p = 1), but adam's interval for 2/5, [0.12, 0.77], does not
  // hold sgd's rate 1: no tie. nesterov misses once (4/5, [0.38, 0.96]): no tie either.
  std::vector<RunRow> rows;
  for (int seed = 0; seed < 5; ++seed) {
    rows.push_back(reached("sgd", 10 + seed));
    rows.push_back(seed < 2 ? reached("adam", 10 + seed) : missed("adam"));
    rows.push_back(seed < 4 ? reached("nesterov", 10 + seed) : missed("nesterov"));
  }
  const Verdicts v =
      judge_runs(runs_table(rows), rule_of("function"), {BootstrapSpec{}, 20.0, true});
  const CsvTable& s = v.summary;
  EXPECT_EQ(cell(s, row_of(s, "sgd lr=0.01"), "rank"), "1");
  for (const char* other : {"adam lr=0.01", "nesterov lr=0.01"}) {
    EXPECT_EQ(cell(s, row_of(s, other), "tied_with_best"), "false") << other;
    EXPECT_NE(cell(s, row_of(s, other), "rank"), "1") << other;
  }
  // The paired test itself found nothing: every pair is equal.
  for (std::size_t r = 0; r < v.comparisons.rows.size(); ++r) {
    if (cell(v.comparisons, r, "metric") != "steps_to_target") continue;
    EXPECT_EQ(cell(v.comparisons, r, "p_value"), "1");
    EXPECT_EQ(cell(v.comparisons, r, "ties"), cell(v.comparisons, r, "n_pairs"));
  }
}

TEST(Summary, OneSeedTellsNothingApartAndMissedTargetsRankByLoss) {
  auto run = [](std::string problem, std::string optimizer, std::string steps, std::string loss) {
    RunRow r;
    r.problem = std::move(problem);
    r.optimizer = std::move(optimizer);
    r.status = steps.empty() ? "max_steps" : "reached_target";
    r.steps_to_target = std::move(steps);
    r.final_loss = std::move(loss);
    return r;
  };
  const CsvTable s = summarize(runs_table({
      run("quartic_saddle", "sgd", "", "0.001"),       // no target reached: after all that did
      run("quartic_saddle", "momentum", "50", "0.5"),  // ties adam on ERT, worse loss
      run("quartic_saddle", "adam", "50", "0.25"),     // best
      run("quartic_saddle", "rmsprop", "50", "0.5"),   // ties momentum fully
      run("rosenbrock", "sgd", "900", "1e-07"),        // another problem: ranked on its own
      run("rosenbrock", "adam", "", ""),               // nothing at all: last
      run("rosenbrock", "momentum", "", "0.5"),        // a loss beats no loss
      run("quartic_saddle", "adagrad", "", "0.01"),    // no steps, loss worse than sgd
  }));
  ASSERT_EQ(s.rows.size(), 8u);
  // One seed each: equal steps give no non-zero difference (p = 1), so momentum and rmsprop
  // share rank 1 with adam; those that never reached the target have no pair and no tie.
  const std::vector<std::string> ranks{"4", "1", "1", "1", "1", "3", "2", "5"};
  for (std::size_t i = 0; i < ranks.size(); ++i) {
    EXPECT_EQ(cell(s, i, "rank"), ranks[i])
        << cell(s, i, "problem") << " " << cell(s, i, "optimizer");
  }
  EXPECT_EQ(cell(s, 2, "tied_with_best"), "false");  // adam is the best itself
  EXPECT_EQ(cell(s, 1, "tied_with_best"), "true");
}

TEST(Summary, WithoutATargetTheSoonerEscapeRanksFirstThenTheLoss) {
  std::vector<RunRow> rows;
  auto run = [](std::string optimizer, std::string escape, std::string loss) {
    RunRow r;
    r.optimizer = std::move(optimizer);
    r.escape_step = std::move(escape);
    r.final_loss = std::move(loss);
    return r;
  };
  for (int seed = 0; seed < 8; ++seed) {
    const std::string late = std::to_string(80 + seed);
    rows.push_back(run("sgd", late, "-0.25"));                           // escapes late
    rows.push_back(run("momentum", std::to_string(40 + seed), "-0.2"));  // escapes first
    rows.push_back(run("adam", "", "-0.3"));                             // never escapes
    rows.push_back(run("nesterov", late, "-0.26"));  // ties sgd on escape, lower loss
  }
  const CsvTable s = summarize(runs_table(rows));
  ASSERT_EQ(s.rows.size(), 4u);
  // sgd and nesterov escape at the same steps: every pair is zero, p = 1, a tie with each
  // other, but both are slower than momentum on every seed.
  EXPECT_EQ(cell(s, row_of(s, "momentum lr=0.01"), "rank"), "1");
  EXPECT_EQ(cell(s, row_of(s, "nesterov lr=0.01"), "rank"), "2");
  EXPECT_EQ(cell(s, row_of(s, "sgd lr=0.01"), "rank"), "3");
  EXPECT_EQ(cell(s, row_of(s, "adam lr=0.01"), "rank"), "4");
}

TEST(Summary, RankSeparatesDimensionsAndComparesNumbersNotText) {
  std::vector<RunRow> rows;
  for (int seed = 0; seed < 8; ++seed) {
    RunRow a = reached("sgd", 100 + seed, "0.1");
    RunRow b = reached("sgd", 9 + seed, "0.01");
    RunRow c = reached("sgd", 1000 + seed, "0.1");
    c.dim = "10";
    rows.insert(rows.end(), {a, b, c});
  }
  const CsvTable s = summarize(runs_table(rows));
  EXPECT_EQ(cell(s, 0, "rank"), "2");  // "100" < "9" as text, not as numbers
  EXPECT_EQ(cell(s, 1, "rank"), "1");
  EXPECT_EQ(cell(s, 2, "rank"), "1");
}

// The kind's own metrics (RankingRule::metrics: escape_alignment and ns_per_step for kind
// function) appear where runs.csv has them; another kind's never.
TEST(Summary, OptionalMetricsAppearOnlyWhereRunsHaveThem) {
  CsvTable t = runs_table({with_loss("1"), with_loss("3")});
  t.header.push_back("escape_alignment");
  t.header.push_back("best_test_accuracy");
  for (auto& row : t.rows) row.insert(row.end(), {"0.9", "0.9"});
  t.rows[0][t.column("escape_alignment")] = "0.5";
  t.rows[1][t.column("escape_alignment")] = "1";
  const CsvTable s = summarize(t);
  EXPECT_EQ(cell(s, 0, "escape_alignment_n"), "2");
  EXPECT_EQ(cell(s, 0, "escape_alignment_median"), "0.75");
  EXPECT_EQ(s.header.back(), "tied_with_best");
  EXPECT_EQ(std::count(s.header.begin(), s.header.end(), "ns_per_step_median"), 0);
  EXPECT_EQ(std::count(s.header.begin(), s.header.end(), "best_test_accuracy_n"), 0);
}

TEST(Summary, ASettingColumnIsComputedForARunsCsvWrittenBeforeIt) {
  CsvTable t = runs_table({with_loss("1")});
  const std::size_t setting = t.column("setting");
  t.header.erase(t.header.begin() + static_cast<std::ptrdiff_t>(setting));
  for (auto& row : t.rows) row.erase(row.begin() + static_cast<std::ptrdiff_t>(setting));
  const CsvTable s = summarize(t);
  EXPECT_EQ(cell(s, 0, "setting"), "sgd lr=0.01");
}

TEST(Summary, RejectsATextCellInAMetricAndATableWithoutStatus) {
  EXPECT_THROW(summarize(runs_table({with_loss("fast")})), Error);
  CsvTable t;
  t.header = {"run_id", "optimizer", "seed"};
  EXPECT_THROW(summarize(t), Error);
}

// A classification runs.csv: the data set names the problem; model keys join the setting.
TEST(Summary, ClassificationRanksByTestAccuracyWithinTheDataSet) {
  CsvTable t;
  t.header = {"run_id",
              "problem",
              "data.path",
              "batchnorm",
              "target_accuracy",
              "optimizer",
              "lr",
              "seed",
              "setting",
              "status",
              "final_loss",
              "final_test_loss",
              "final_test_accuracy",
              "epochs_to_target"};
  // momentum has the lower training loss, sgd the higher test accuracy on every seed.
  const std::vector<std::vector<std::string>> settings{
      {"none", "momentum", "0.1", "momentum lr=0.1 batchnorm=none", "0.001", "0.3", "0.95", "4"},
      {"after_activation", "sgd", "0.1", "sgd lr=0.1 batchnorm=after_activation", "0.01", "0.2",
       "0.97", "3"}};
  std::size_t id = 0;
  for (int seed = 0; seed < 8; ++seed) {
    for (const auto& s : settings) {
      const std::string acc = format_number(std::stod(s[6]) + 0.001 * seed);
      t.rows.push_back({std::to_string(id++), "digits", "", s[0], "0.9", s[1], s[2],
                        std::to_string(seed), s[3], "reached_target", s[4], s[5], acc, s[7]});
    }
  }
  const Verdicts v = judge_runs(t, rule_of("classification"), {});
  const CsvTable& s = v.summary;
  EXPECT_EQ(std::count(s.header.begin(), s.header.end(), "ert"), 0);
  EXPECT_EQ(cell(s, 1, "setting"), "sgd lr=0.1 batchnorm=after_activation");
  EXPECT_EQ(cell(s, 1, "rank"), "1");
  EXPECT_EQ(cell(s, 0, "rank"), "2");
  EXPECT_EQ(cell(s, 0, "success_rate"), "1");
  // One problem (the data set): comparisons name it by its data-set columns.
  ASSERT_FALSE(v.comparisons.rows.empty());
  EXPECT_EQ(v.comparisons.header[0], "problem");
  EXPECT_EQ(v.comparisons.header[1], "data.path");
  EXPECT_EQ(v.comparisons.header[2], "metric");
  EXPECT_EQ(cell(v.comparisons, 0, "metric"), "final_test_accuracy");
  EXPECT_EQ(cell(v.comparisons, 0, "losses"), "8");  // momentum worse on every seed
}

TEST(Summary, QuickstartEndToEnd) {
  testing::TempDir dir;
  const auto result =
      testing::run_cli({"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml",
                        "--out", dir.str(), "--quiet"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto folder = dir.path() / "quickstart";
  const CsvTable runs = read_csv((folder / "runs.csv").string());
  const CsvTable s = read_csv((folder / "summary.csv").string());
  ASSERT_TRUE(std::filesystem::exists(folder / "comparisons.csv"));
  // Count by hand: per (problem, optimizer, lr), runs, those that reached the target and the
  // steps they used, a miss charged stop.max_steps (20000).
  struct Count {
    int n = 0, reached = 0;
    double used = 0.0;
  };
  std::map<std::vector<std::string>, Count> counted;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) {
    auto& c = counted[{cell(runs, r, "problem"), cell(runs, r, "setting")}];
    ++c.n;
    const bool hit = cell(runs, r, "status") == "reached_target";
    c.reached += hit ? 1 : 0;
    c.used += hit ? std::stod(cell(runs, r, "steps_to_target")) : 20000.0;
  }
  ASSERT_EQ(s.rows.size(), 6u);  // 2 problems x 3 optimizers
  ASSERT_EQ(counted.size(), 6u);
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const Count& c = counted.at({cell(s, i, "problem"), cell(s, i, "setting")});
    EXPECT_EQ(cell(s, i, "n"), "8");  // seeds: 8
    EXPECT_EQ(c.n, 8);
    EXPECT_EQ(cell(s, i, "success_rate"), format_number(c.reached / 8.0));
    EXPECT_EQ(cell(s, i, "ert"), format_number(c.used / c.reached));
    EXPECT_EQ(cell(s, i, "final_loss_n"), "8");
    // Started next to the saddle of quartic_saddle only.
    EXPECT_EQ(cell(s, i, "escape_rate").empty(), cell(s, i, "problem") == "rosenbrock");
  }
  // Within each problem one best; every other rank-1 setting is marked tied.
  for (const std::string problem : {"quartic_saddle", "rosenbrock"}) {
    int best = 0;
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
      if (cell(s, i, "problem") != problem) continue;
      if (cell(s, i, "rank") == "1" && cell(s, i, "tied_with_best") == "false") ++best;
    }
    EXPECT_EQ(best, 1) << problem;
  }
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

TEST(Setting, OneNameInRunsSummaryComparisonsAndTheConsole) {
  testing::TempDir dir;
  const auto result = testing::run_cli(
      {"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml", "--out", dir.str()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string folder = dir.str() + "/quickstart/";
  const CsvTable runs = read_csv(folder + "runs.csv");
  const CsvTable summary = read_csv(folder + "summary.csv");
  const CsvTable comparisons = read_csv(folder + "comparisons.csv");
  // The last identifier column, just before status.
  EXPECT_EQ(runs.column("setting") + 1, runs.column("status"));
  std::set<std::string> in_runs;
  for (std::size_t r = 0; r < runs.rows.size(); ++r) in_runs.insert(cell(runs, r, "setting"));
  EXPECT_EQ(in_runs, (std::set<std::string>{"sgd lr=0.001", "momentum lr=0.001", "adam lr=0.01"}));
  for (std::size_t r = 0; r < summary.rows.size(); ++r) {
    const std::string s = cell(summary, r, "setting");
    EXPECT_TRUE(in_runs.count(s)) << s;
    EXPECT_NE(result.out.find("  " + s + " "), std::string::npos) << "console lacks " << s;
  }
  for (std::size_t r = 0; r < comparisons.rows.size(); ++r) {
    EXPECT_TRUE(in_runs.count(cell(comparisons, r, "setting")));
    EXPECT_TRUE(in_runs.count(cell(comparisons, r, "best_setting")));
  }
}

TEST(Setting, ClassificationSettingsNameTheModelAndTrainKeysThatVary) {
  const ExperimentSpec spec = parse_config(R"(name: s
kind: classification
data: {dataset: iris}
model: {hidden: [8], batchnorm: [none, after_activation]}
train: {epochs: 1, batch_size: [16, 32]}
optimizers:
  - {name: sgd, lr: [0.1, 0.01], momentum: 0.9}
  - {name: adam}
)",
                                           "s.yaml");
  const RunPlan plan = expand_plan(spec, true);
  std::set<std::string> texts(plan.setting_texts.begin(), plan.setting_texts.end());
  EXPECT_EQ(texts.size(), 12u);  // 2 batchnorm x 2 batch sizes x 3 optimizer settings
  EXPECT_TRUE(texts.count("sgd lr=0.1 batchnorm=after_activation batch_size=32"));
  EXPECT_TRUE(texts.count("adam lr=0.001 batchnorm=none batch_size=16"));
  // What does not vary (hidden, momentum, epochs) is left out.
  for (const auto& t : texts) EXPECT_EQ(t.find("hidden"), std::string::npos) << t;
}

TEST(Compare, PrintsThePapersTableAndWritesNothing) {
  testing::TempDir dir;
  ASSERT_EQ(testing::run_cli({"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml",
                              "--out", dir.str(), "--quiet"})
                .exit_code,
            0);
  const std::string folder = dir.str() + "/quickstart";
  std::set<std::string> before;
  for (const auto& e : std::filesystem::directory_iterator(folder))
    before.insert(e.path().filename().string());
  const auto r = testing::run_cli({"compare", folder});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The winner marked, the intervals shown, each other setting's wins/losses against it.
  EXPECT_NE(r.out.find("1*  adam lr=0.01"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("median steps_to_target [CI]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("100% ["), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0/8/0"), std::string::npos) << r.out;  // slower on all 8 seeds
  std::set<std::string> after;
  for (const auto& e : std::filesystem::directory_iterator(folder))
    after.insert(e.path().filename().string());
  EXPECT_EQ(before, after);
  // Another baseline and metric.
  const auto b =
      testing::run_cli({"compare", folder, "--baseline", "sgd lr=0.001", "--metric", "final_loss"});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_NE(b.out.find("baseline: sgd lr=0.001"), std::string::npos) << b.out;
  EXPECT_NE(b.out.find("median final_loss [CI]"), std::string::npos) << b.out;
  // A misspelt setting or metric: one line, exit code 2, with a suggestion.
  const auto typo = testing::run_cli({"compare", folder, "--baseline", "sgd lr=0.01"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("did you mean 'sgd lr=0.001'?"), std::string::npos) << typo.err;
  const auto metric = testing::run_cli({"compare", folder, "--metric", "final_los"});
  EXPECT_EQ(metric.exit_code, 2);
  EXPECT_NE(metric.err.find("did you mean 'final_loss'?"), std::string::npos) << metric.err;
}

}  // namespace
}  // namespace optbench
