// A tuned comparison (tune:): Sobol points against scipy's reference, the budget curve's closed
// form against brute force, the trials and the selection as ordinary, --jobs-independent sweeps,
// and a selection that never reads the test part.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "optbench/analysis/statistics.hpp"
#include "optbench/analysis/tuning_curve.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/config/tuning_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/random.hpp"
#include "optbench/data/split.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/report/plot_data.hpp"
#include "optbench/report/result_data.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

using testing::csv_records;
using testing::run_cli;
using testing::TempDir;
using testing::write_text;

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A CSV file with the named timing columns blanked: everything else must be identical.
std::string without_columns(const std::string& path, const std::set<std::string>& drop) {
  CsvTable t = read_csv(path);
  std::string out = csv_line(t.header) + "\n";
  for (auto& row : t.rows) {
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      if (drop.count(t.header[c]) != 0) row[c].clear();
    }
    out += csv_line(row) + "\n";
  }
  return out;
}

TEST(Sobol, MatchesScipyUnscrambledPoints) {
  std::ifstream in(std::string(OPTBENCH_TEST_DATA) + "/sobol_reference.csv");
  ASSERT_TRUE(in.good());
  std::string line;
  std::vector<std::vector<double>> reference;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line[0] == 'x') continue;
    std::vector<double> point;
    for (const auto& cell : split_csv_line(line)) point.push_back(std::stod(cell));
    reference.push_back(point);
  }
  ASSERT_EQ(reference.size(), 64u);
  const auto points = sobol_points(6, 64);
  for (std::size_t i = 0; i < reference.size(); ++i) {
    for (std::size_t d = 0; d < 6; ++d) {
      // Dyadic rationals: exact in both.
      EXPECT_EQ(points[i][d], reference[i][d]) << "point " << i << " coordinate " << d;
    }
  }
}

TEST(Sobol, SeededShiftMovesEveryPointByTheSameAmountModuloOne) {
  const auto base = sobol_points(3, 16);
  const auto a = unit_points(TuneSpec::Method::quasi_random, 3, 16, 7);
  const auto b = unit_points(TuneSpec::Method::quasi_random, 3, 16, 8);
  EXPECT_EQ(a, unit_points(TuneSpec::Method::quasi_random, 3, 16, 7));  // seeded
  EXPECT_NE(a, b);                                                      // the seed moves them
  for (std::size_t d = 0; d < 3; ++d) {
    const double shift = a[0][d] - base[0][d] + (a[0][d] < base[0][d] ? 1.0 : 0.0);
    for (std::size_t i = 0; i < 16; ++i) {
      EXPECT_GE(a[i][d], 0.0);
      EXPECT_LT(a[i][d], 1.0);
      EXPECT_NEAR(std::fmod(base[i][d] + shift, 1.0), a[i][d], 1e-15);
    }
  }
}

// E[best of k draws with replacement | not all failed] by enumerating all n^k draws.
double brute_force_best(const std::vector<double>& v, std::size_t k, bool higher) {
  const std::size_t n = v.size();
  std::size_t total = 1;
  for (std::size_t i = 0; i < k; ++i) total *= n;
  double sum = 0.0;
  std::size_t counted = 0;
  for (std::size_t code = 0; code < total; ++code) {
    std::size_t rest = code;
    double best = NAN;
    for (std::size_t i = 0; i < k; ++i) {
      const double x = v[rest % n];
      rest /= n;
      if (failed_score(x, higher)) continue;
      best = std::isnan(best) ? x : (higher ? std::max(best, x) : std::min(best, x));
    }
    if (std::isnan(best)) continue;
    sum += best;
    ++counted;
  }
  return counted == 0 ? NAN : sum / static_cast<double>(counted);
}

TEST(TuningCurve, ClosedFormMatchesBruteForceEnumeration) {
  Rng rng(3);
  for (std::size_t n = 1; n <= 5; ++n) {
    for (int trial = 0; trial < 4; ++trial) {
      std::vector<double> v(n);
      for (double& x : v) {
        x = std::round(rng.uniform() * 4.0);  // ties included
        if (rng.uniform() < 0.2) x = NAN;     // and failed trials
      }
      for (std::size_t k = 1; k <= 4; ++k) {
        for (const bool higher : {true, false}) {
          const double closed = expected_best(v, k, higher);
          const double brute = brute_force_best(v, k, higher);
          if (std::isnan(brute)) {
            EXPECT_TRUE(std::isnan(closed));
          } else {
            EXPECT_NEAR(closed, brute, 1e-12) << "n " << n << " k " << k << " higher " << higher;
          }
        }
      }
    }
  }
  // k = 1 is the mean, and the curve only improves with k.
  const std::vector<double> v{0.3, 0.1, 0.7, 0.2};
  EXPECT_DOUBLE_EQ(expected_best(v, 1, false), 0.325);
  for (std::size_t k = 1; k < 6; ++k)
    EXPECT_LE(expected_best(v, k + 1, false), expected_best(v, k, false));
  // An ERT without a success (inf) is a failed trial when minimising: 1/4 of two draws are both it.
  const std::vector<double> ert{INFINITY, 10.0};
  EXPECT_DOUBLE_EQ(expected_best(ert, 2, false), 10.0);
  EXPECT_DOUBLE_EQ(all_failed_probability(ert, 2, false), 0.25);
}

TEST(SearchSpace, ValuesStayInTheirSpaces) {
  SearchSpace log;
  log.form = SearchSpace::Form::log_uniform;
  log.low = 1e-4;
  log.high = 1.0;
  EXPECT_DOUBLE_EQ(std::get<double>(space_value(log, 0.0)), 1e-4);
  EXPECT_NEAR(std::get<double>(space_value(log, 0.5)), 1e-2, 1e-15);
  EXPECT_LE(std::get<double>(space_value(log, std::nextafter(1.0, 0.0))), 1.0);
  SearchSpace whole;
  whole.form = SearchSpace::Form::int_uniform;
  whole.low = 2;
  whole.high = 4;
  std::set<std::int64_t> seen;
  for (int i = 0; i < 30; ++i) seen.insert(std::get<std::int64_t>(space_value(whole, i / 30.0)));
  EXPECT_EQ(seen, (std::set<std::int64_t>{2, 3, 4}));
  SearchSpace choice;
  choice.form = SearchSpace::Form::choice;
  choice.values = {std::string("a"), std::string("b")};
  EXPECT_EQ(std::get<std::string>(space_value(choice, 0.49)), "a");
  EXPECT_EQ(std::get<std::string>(space_value(choice, 0.51)), "b");
}

const char* kTuned = R"(name: tuned
kind: function
tune: {trials: 6, method: quasi_random, seeds: 2, select_by: final_loss, final_seeds: 3}
problems:
  - {function: quartic_saddle, start: [0.0, 1.0e-3], start_noise: 1.0e-4}
  - {function: rosenbrock, start: [-1.0, 1.0]}
optimizers:
  - {name: sgd, lr: {log_uniform: [1.0e-4, 1.0e-1]}, momentum: {uniform: [0.0, 0.9]}}
  - {name: adam, lr: [0.001, 0.01, 0.1]}
stop: {max_steps: 60}
)";

TEST(TuneConfig, SpacesAndTrialsExpandAsOrdinaryRuns) {
  const ExperimentSpec spec = parse_config(kTuned, "tuned.yaml");
  ASSERT_TRUE(spec.tune);
  ASSERT_EQ(spec.optimizers[0].spaces.size(), 2u);
  ASSERT_EQ(spec.optimizers[1].spaces.size(), 1u);  // a list with tune: is a search space
  EXPECT_TRUE(spec.optimizers[1].axes.empty());
  const RunPlan plan = expand_plan(tuning_spec(spec), true);
  EXPECT_EQ(plan.run_count(), 2u * 12u * 2u);
  EXPECT_NE(std::find(plan.id_columns.begin(), plan.id_columns.end(), "trial"),
            plan.id_columns.end());
  EXPECT_EQ(plan.spec.seeds, (std::vector<std::uint64_t>{kFirstTuningSeed, kFirstTuningSeed + 1}));
  for (std::size_t t = 0; t < 6; ++t) {
    const double lr = plan.optimizers[t].settings.real("lr");
    EXPECT_GE(lr, 1e-4);
    EXPECT_LE(lr, 1e-1);
    const double adam_lr = plan.optimizers[6 + t].settings.real("lr");
    EXPECT_TRUE(adam_lr == 0.001 || adam_lr == 0.01 || adam_lr == 0.1);
  }
  // The seed salt moves the quasi-random points.
  std::string salted = kTuned;
  salted.insert(salted.find("kind:"), "seed_salt: other\n");
  const RunPlan other = expand_plan(tuning_spec(parse_config(salted, "tuned.yaml")), true);
  EXPECT_NE(plan.optimizers[0].settings.real("lr"), other.optimizers[0].settings.real("lr"));
}

TEST(TuneConfig, GridRunsDistinctGridPoints) {
  std::string grid = kTuned;
  grid.replace(grid.find("quasi_random"), 12, "grid");
  grid.replace(grid.find("{log_uniform: [1.0e-4, 1.0e-1]}"), 31, "[0.001, 0.01, 0.1]");
  grid.replace(grid.find("{uniform: [0.0, 0.9]}"), 21, "[0.0, 0.5]");
  grid.replace(grid.find("[0.001, 0.01, 0.1]}"), 18, "[1, 2, 3, 4, 5, 6, 7]");
  const RunPlan plan = expand_plan(tuning_spec(parse_config(grid, "grid.yaml")), true);
  std::set<std::pair<double, double>> seen;
  for (std::size_t t = 0; t < 6; ++t) {
    seen.insert(
        {plan.optimizers[t].settings.real("lr"), plan.optimizers[t].settings.real("momentum")});
  }
  EXPECT_EQ(seen.size(), 6u);  // all 3 x 2 grid points, each once
}

// The chosen trial recomputed from tuning.csv alone: the lowest median of final_loss over the
// tuning seeds, the first trial on ties.
std::map<std::pair<std::string, std::string>, std::string> chosen_from(const std::string& dir) {
  std::map<std::pair<std::string, std::string>, std::map<std::string, std::vector<double>>> by;
  for (const auto& row : csv_records(dir + "/tuning.csv")) {
    const double v = row.at("final_loss").empty() ? INFINITY : std::stod(row.at("final_loss"));
    by[{row.at("problem"), row.at("optimizer")}][row.at("trial")].push_back(v);
  }
  std::map<std::pair<std::string, std::string>, std::string> out;
  for (const auto& [key, trials] : by) {
    double best = INFINITY;
    int best_trial = -1;
    for (const auto& [trial, values] : trials) {
      const double m = median_of(values);
      const int t = std::stoi(trial);
      if (m < best || (m == best && t < best_trial) || best_trial < 0) {
        best = m;
        best_trial = t;
      }
    }
    out[key] = std::to_string(best_trial);
  }
  return out;
}

TEST(TunedRun, TuningSelectionAndFinalRunsAreJobsIndependent) {
  TempDir dir;
  write_text(dir.path() / "tuned.yaml", kTuned);
  const std::string config = dir.str() + "/tuned.yaml";
  for (const char* jobs : {"1", "2"}) {
    const auto r =
        run_cli({"run", config, "--out", dir.str() + "/j" + jobs, "--jobs", jobs, "--quiet"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string t1 = dir.str() + "/j1/tuned.tuning/";
  const std::string t2 = dir.str() + "/j2/tuned.tuning/";
  EXPECT_EQ(file_text(t1 + "tuning.csv"), file_text(t2 + "tuning.csv"));
  EXPECT_EQ(file_text(t1 + "tuning_curve.csv"), file_text(t2 + "tuning_curve.csv"));
  EXPECT_EQ(without_columns(t1 + "chosen.csv", {"tuning_wall_ms"}),
            without_columns(t2 + "chosen.csv", {"tuning_wall_ms"}));
  EXPECT_EQ(without_columns(dir.str() + "/j1/tuned/runs.csv", {"wall_ms"}),
            without_columns(dir.str() + "/j2/tuned/runs.csv", {"wall_ms"}));

  const auto tuning = csv_records(t1 + "tuning.csv");
  ASSERT_EQ(tuning.size(), 2u * 2u * 6u * 2u);  // problems x optimizers x trials x seeds
  std::set<std::string> tuning_seeds;
  for (const auto& row : tuning) tuning_seeds.insert(row.at("seed"));
  EXPECT_EQ(tuning_seeds, (std::set<std::string>{"1000000", "1000001"}));

  // The selection is what tuning.csv says it must be, and the final runs use exactly it.
  const auto expected = chosen_from(t1);
  const auto chosen = csv_records(t1 + "chosen.csv");
  ASSERT_EQ(chosen.size(), 4u);
  std::map<std::pair<std::string, std::string>, std::string> chosen_lr;
  for (const auto& row : chosen) {
    const auto key = std::make_pair(row.at("problem"), row.at("optimizer"));
    EXPECT_EQ(row.at("trial"), expected.at(key)) << key.first << " " << key.second;
    EXPECT_EQ(row.at("tuning_runs"), "12");
    EXPECT_EQ(row.at("select_by"), "final_loss");
    chosen_lr[key] = row.at("lr");
  }
  const auto final_runs = csv_records(dir.str() + "/j1/tuned/runs.csv");
  ASSERT_EQ(final_runs.size(), 2u * 2u * 3u);
  for (const auto& row : final_runs) {
    EXPECT_EQ(row.at("lr"), chosen_lr.at({row.at("problem"), row.at("optimizer")}));
    EXPECT_LT(std::stoi(row.at("seed")), 3);  // fresh seeds 0, 1, 2
    EXPECT_EQ(row.count("trial"), 0u);
  }
  EXPECT_TRUE(std::filesystem::exists(dir.str() + "/j1/tuned/summary.csv"));
  const auto curve = csv_records(t1 + "tuning_curve.csv");
  ASSERT_EQ(curve.size(), 2u * 2u * 6u);
  // The expected best of k trials never beats the best trial (final_loss is minimised).
  for (const auto& row : chosen) {
    for (const auto& point : curve) {
      if (point.at("problem") != row.at("problem") || point.at("optimizer") != row.at("optimizer"))
        continue;
      if (!point.at("expected_best").empty()) {
        EXPECT_GE(std::stod(point.at("expected_best")), std::stod(row.at("score")) - 1e-12);
      }
    }
  }

  // Run again: both phases are complete and nothing changes.
  const std::string before = file_text(t1 + "tuning.csv");
  const auto again = run_cli({"run", config, "--out", dir.str() + "/j1", "--quiet"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(file_text(t1 + "tuning.csv"), before);
}

TEST(TunedRun, ReportDrawsBudgetCurvesAndSensitivityWithLogAxesForLogSpaces) {
  TempDir dir;
  write_text(dir.path() / "tuned.yaml", kTuned);
  const auto r = run_cli({"run", dir.str() + "/tuned.yaml", "--out", dir.str(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto plots = report::tuning_plots(report::load_results(dir.str() + "/tuned.tuning"));
  std::map<std::string, bool> log_x;  // title -> log x axis
  std::size_t budget = 0;
  for (const auto& p : plots) {
    if (p.name.rfind("budget-", 0) == 0) {
      ++budget;
      EXPECT_EQ(p.series.size(), 2u);          // sgd, adam
      EXPECT_EQ(p.series[0].rows.size(), 6u);  // k = 1 .. trials
    } else {
      log_x[p.x.label + " " + p.series[0].label + p.title] = p.x.log;
      EXPECT_EQ(p.series[0].rows.size(), 12u);  // 6 trials x 2 tuning seeds
    }
  }
  EXPECT_EQ(budget, 2u);  // one per problem
  // sgd's lr (log_uniform) and momentum (uniform), adam's lr (a list): per problem.
  ASSERT_EQ(log_x.size(), 6u);
  for (const auto& [title, log] : log_x) {
    const bool sgd_lr = title.rfind("lr ", 0) == 0 && title.find("sgd on") != std::string::npos;
    EXPECT_EQ(log, sgd_lr) << title;
  }
}

TEST(TunedRun, ShardedTrialsMergedThenResumedEqualOneProcess) {
  TempDir dir;
  write_text(dir.path() / "tuned.yaml", kTuned);
  const std::string config = dir.str() + "/tuned.yaml";
  ASSERT_EQ(run_cli({"run", config, "--out", dir.str() + "/one", "--quiet"}).exit_code, 0);
  // A cluster's way: the trials as 3 shards, merged (with the selection), then the final runs.
  std::vector<std::string> merge = {"merge", "--out", dir.str() + "/merged"};
  for (const char* i : {"1", "2", "3"}) {
    const std::string out = dir.str() + "/shard" + i;
    const auto r = run_cli({"run", config, "--out", out, "--shard", std::string(i) + "/3"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("next: optbench merge"), std::string::npos) << r.out;
    // A shard holds some trials: no selection and no final runs yet.
    EXPECT_FALSE(std::filesystem::exists(out + "/tuned.tuning/chosen.csv"));
    EXPECT_FALSE(std::filesystem::exists(out + "/tuned"));
    merge.push_back(out + "/tuned.tuning");
  }
  const auto merged = run_cli(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const std::string t1 = dir.str() + "/one/tuned.tuning/";
  const std::string t2 = dir.str() + "/merged/tuned.tuning/";
  EXPECT_EQ(file_text(t1 + "tuning.csv"), file_text(t2 + "tuning.csv"));
  EXPECT_EQ(file_text(t1 + "tuning_curve.csv"), file_text(t2 + "tuning_curve.csv"));
  EXPECT_EQ(without_columns(t1 + "chosen.csv", {"tuning_wall_ms"}),
            without_columns(t2 + "chosen.csv", {"tuning_wall_ms"}));
  EXPECT_EQ(without_columns(t1 + "runs.csv", {"wall_ms"}),
            without_columns(t2 + "runs.csv", {"wall_ms"}));
  EXPECT_FALSE(std::filesystem::exists(t2 + "summary.csv"));  // trials have no summary
  const auto final_phase = run_cli({"run", config, "--out", dir.str() + "/merged", "--resume"});
  ASSERT_EQ(final_phase.exit_code, 0) << final_phase.err;
  EXPECT_EQ(without_columns(dir.str() + "/one/tuned/runs.csv", {"wall_ms"}),
            without_columns(dir.str() + "/merged/tuned/runs.csv", {"wall_ms"}));
  ASSERT_TRUE(std::filesystem::exists(dir.str() + "/one/tuned/trace.csv"));
  EXPECT_EQ(testing::without_timing(dir.str() + "/one/tuned/trace.csv"),
            testing::without_timing(dir.str() + "/merged/tuned/trace.csv"));
  EXPECT_EQ(without_columns(t1 + "chosen.csv", {"tuning_wall_ms"}),
            without_columns(t2 + "chosen.csv", {"tuning_wall_ms"}));
}

// Two well-separated classes; `poison` moves the listed rows' features far to the other class's
// side, which a selection that read them would see.
std::string blobs_csv(const std::set<Eigen::Index>& poison) {
  Rng rng(11);
  std::string text = "a,b,label\n";
  for (Eigen::Index i = 0; i < 80; ++i) {
    const int label = static_cast<int>(i % 2);
    double a = rng.normal() + (label == 1 ? 1.5 : -1.5);
    double b = rng.normal();
    if (poison.count(i) != 0) {  // the labels stay: the stratified split depends on them
      a = 40.0 * (label == 1 ? -1.0 : 1.0);
      b = -25.0;
    }
    text += std::to_string(a) + ',' + std::to_string(b) + ',' + std::to_string(label) + '\n';
  }
  return text;
}

TEST(TunedRun, SelectionNeverReadsTheTestPart) {
  TempDir dir;
  const std::string data = dir.str() + "/blobs.csv";
  const std::string config = R"(name: tuned
kind: classification
data: {dataset: csv, path: )" +
                             data + R"(, test_fraction: 0.5, validation_fraction: 0.3}
model: {hidden: [4]}
train: {epochs: 3, batch_size: 8}
tune: {trials: 5, seeds: 2, final_seeds: 2}
optimizers:
  - {name: sgd, lr: {log_uniform: [1.0e-3, 1.0]}}
  - {name: adam, lr: {log_uniform: [1.0e-4, 1.0e-1]}}
)";
  write_text(dir.path() / "tuned.yaml", config);
  write_text(data, blobs_csv({}));

  // The rows in the test part of every tuning seed: they never train or validate a trial.
  const RunPlan plan = expand_plan(tuning_spec(parse_config(config, "tuned.yaml")), true);
  Dataset index;
  index.x.resize(1, 80);
  index.y.resize(80);
  index.classes = 2;
  for (Eigen::Index i = 0; i < 80; ++i) {
    index.x(0, i) = static_cast<double>(i);
    index.y(i) = static_cast<int>(i % 2);
  }
  std::map<Eigen::Index, int> in_test;
  for (const std::uint64_t seed : plan.spec.seeds) {
    const Split split = stratified_split(
        index, 0.5, plan.seed_for({plan.problems[0].data_key, std::to_string(seed), "split"}));
    for (Eigen::Index j = 0; j < split.test.samples(); ++j)
      ++in_test[static_cast<Eigen::Index>(split.test.x(0, j))];
  }
  std::set<Eigen::Index> poison;
  for (const auto& [row, count] : in_test) {
    if (count == 2) poison.insert(row);
  }
  ASSERT_GE(poison.size(), 5u);

  const auto clean =
      run_cli({"run", dir.str() + "/tuned.yaml", "--out", dir.str() + "/clean", "--quiet"});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  write_text(data, blobs_csv(poison));
  const auto poisoned =
      run_cli({"run", dir.str() + "/tuned.yaml", "--out", dir.str() + "/poisoned", "--quiet"});
  ASSERT_EQ(poisoned.exit_code, 0) << poisoned.err;

  const std::string a = dir.str() + "/clean/tuned.tuning/";
  const std::string b = dir.str() + "/poisoned/tuned.tuning/";
  EXPECT_EQ(file_text(a + "tuning.csv"), file_text(b + "tuning.csv"));
  EXPECT_EQ(without_columns(a + "chosen.csv", {"tuning_wall_ms"}),
            without_columns(b + "chosen.csv", {"tuning_wall_ms"}));
  // The poison is real: the final runs, which report the test part, see it.
  EXPECT_NE(without_columns(dir.str() + "/clean/tuned/runs.csv", {"wall_ms"}),
            without_columns(dir.str() + "/poisoned/tuned/runs.csv", {"wall_ms"}));
}

}  // namespace
}  // namespace optbench
