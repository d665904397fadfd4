// The cost model and the global-minimum metrics end to end, through sweeps of kind function:
// evaluations and gradient_evaluations in runs.csv and trace.csv, stop.max_evaluations,
// reached_global, final_basin, start: {at_known: N} with escape_step, and the same bytes for
// the new methods whatever --jobs and shards.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "optbench/analysis/basin.hpp"
#include "optbench/analysis/global_summary.hpp"
#include "optbench/functions/function_registry.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

using Records = std::vector<std::map<std::string, std::string>>;

Records sweep_runs(const std::string& config, const std::string& name, unsigned jobs = 1) {
  testing::TempDir dir;
  testing::sweep_config(config, dir.str(), jobs);
  return testing::csv_records(dir.str() + "/" + name + "/runs.csv");
}

TEST(CostModel, GradientStepsAndGenerationsAreCountedInRunsAndTrace) {
  testing::TempDir dir;
  testing::sweep_config(R"(name: cost
kind: function
problems:
  - {function: rastrigin, dim: 2, start: [1.5, -2.5]}
optimizers:
  - {name: sgd, lr: 1.0e-3}
  - {name: cmaes, population: 8}
  - {name: multistart, local: {name: sgd, lr: 1.0e-3}, local_steps: 10, gtol: 0.0}
stop: {max_steps: 25}
record: {every: 5}
)",
                        dir.str());
  const Records runs = testing::csv_records(dir.str() + "/cost/runs.csv");
  ASSERT_EQ(runs.size(), 3u);
  // sgd: the gradient at each of the 26 iterates (steps 0..25), each also an evaluation.
  EXPECT_EQ(runs[0].at("steps"), "25");
  EXPECT_EQ(runs[0].at("evaluations"), "26");
  EXPECT_EQ(runs[0].at("gradient_evaluations"), "26");
  // cmaes: the first population and 25 generations of 8, no gradient.
  EXPECT_EQ(runs[1].at("evaluations"), std::to_string(8 * 26));
  EXPECT_EQ(runs[1].at("gradient_evaluations"), "0");
  // multistart: 1 + 25 local steps and two more descents started (after steps 10 and 20).
  EXPECT_EQ(runs[2].at("evaluations"), "28");
  EXPECT_EQ(runs[2].at("gradient_evaluations"), "28");
  const Records trace = testing::csv_records(dir.str() + "/cost/trace.csv");
  for (const auto& row : trace) {
    const int step = std::stoi(row.at("step"));
    const std::string& run = row.at("run_id");
    const std::int64_t evaluations = std::stoll(row.at("evaluations"));
    if (run == "0") {
      EXPECT_EQ(evaluations, step + 1);
      EXPECT_FALSE(row.at("grad_norm").empty());
    }
    if (run == "1") {
      EXPECT_EQ(evaluations, 8 * (step + 1));
      EXPECT_EQ(row.at("gradient_evaluations"), "0");
      EXPECT_EQ(row.at("grad_norm"), "");  // a derivative-free method has none
      EXPECT_EQ(row.at("lr"), "");
    }
  }
}

TEST(CostModel, MaxEvaluationsStopsEveryKindOfMethodAtItsBudget) {
  const Records runs = sweep_runs(R"(name: budget
kind: function
problems:
  - {function: six_hump_camel, start: [1.0, 1.0]}
optimizers:
  - {name: adam, lr: 1.0e-3}
  - {name: differential_evolution, population: 10}
  - {name: simulated_annealing, chain_length: 7}
  - {name: lbfgs, max_iter: 3}
stop: {max_evaluations: 95}
)",
                                  "budget");
  ASSERT_EQ(runs.size(), 4u);
  for (const auto& run : runs)
    EXPECT_EQ(run.at("status"), "max_evaluations") << run.at("optimizer");
  // adam: 95 evaluations are the gradients at steps 0..94.
  EXPECT_EQ(runs[0].at("evaluations"), "95");
  EXPECT_EQ(runs[0].at("steps"), "94");
  // de: 10 per generation, the run ends at the first count >= 95 (a generation is not cut).
  EXPECT_EQ(runs[1].at("evaluations"), "100");
  EXPECT_EQ(runs[1].at("steps"), "9");
  for (const auto& run : runs) {
    const std::int64_t used = std::stoll(run.at("evaluations"));
    EXPECT_GE(used, 95) << run.at("optimizer");
    EXPECT_LT(used, 95 + 10) << run.at("optimizer");  // less than one step over
  }
}

TEST(GlobalMetrics, ReachedGlobalAndFinalBasinOnSixHumpCamel) {
  const auto f = make_function("six_hump_camel", 2, Settings{});
  const std::vector<KnownPoint> known = f->known_points();
  // known[0] is the global minimum (0.0898, -0.7127), known[2] the local one (1.7036, -0.7961).
  const Records runs = sweep_runs(R"(name: basins
kind: function
problems:
  - {function: six_hump_camel, start: [[0.2, -0.6], [1.6, -0.7], [0.0, 0.0]]}
optimizers:
  - {name: sgd, lr: 0.01}
stop: {max_steps: 3000, target: f_star + 1.0e-8}
)",
                                  "basins");
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_EQ(runs[0].at("status"), "reached_target");
  EXPECT_EQ(runs[0].at("reached_global"), "true");
  EXPECT_EQ(runs[0].at("final_basin"), "0");
  EXPECT_EQ(runs[1].at("status"), "max_steps");
  EXPECT_EQ(runs[1].at("reached_global"), "false");
  EXPECT_EQ(runs[1].at("final_basin"), "2");
  // From the saddle at 0 plain gradient descent never moves: no basin.
  EXPECT_EQ(runs[2].at("final_basin"), "");
  EXPECT_EQ(runs[2].at("reached_global"), "false");
}

TEST(GlobalMetrics, ReachedGlobalIsEmptyWithoutATargetFromFStar) {
  const Records runs = sweep_runs(R"(name: plain
kind: function
problems:
  - {function: six_hump_camel, start: [0.2, -0.6]}
optimizers:
  - {name: sgd, lr: 0.01}
stop: {max_steps: 50, target: -0.5}
)",
                                  "plain");
  EXPECT_EQ(runs[0].at("reached_global"), "");
  EXPECT_EQ(runs[0].at("status"), "reached_target");
}

TEST(GlobalMetrics, DescentFromAPointEndsInItsBasin) {
  const auto f = make_function("styblinski_tang", 2, Settings{});
  const std::vector<KnownPoint> known = f->known_points();
  for (std::size_t k = 0; k < known.size(); ++k) {
    if (known[k].kind != PointClass::LocalMinimum) continue;
    // Half a unit off every minimum, towards the origin, still descends to it.
    const Eigen::VectorXd x = known[k].x - 0.5 * known[k].x.cwiseSign();
    ASSERT_EQ(basin_of(*f, known, x), k) << known[k].x.transpose();
  }
  // The maximum of styblinski_tang is no minimum's end.
  for (const KnownPoint& p : known) {
    if (p.kind == PointClass::LocalMaximum) {
      EXPECT_EQ(basin_of(*f, known, p.x), std::nullopt);
    }
  }
}

TEST(Escape, FromAKnownMinimumOnlyAGlobalStrategyLeavesItsBasin) {
  const Records runs = sweep_runs(R"(name: escape
kind: function
seeds: 2
problems:
  - {function: six_hump_camel, start: {at_known: 2}}
optimizers:
  - {name: momentum, lr: 0.01}
  - {name: adam, lr: 0.01}
  - {name: simulated_annealing, T0: 5.0, step_size: 0.2}
stop: {max_steps: 300}
escape: {radius: 0.05}
)",
                                  "escape");
  ASSERT_EQ(runs.size(), 6u);
  for (const auto& run : runs) {
    EXPECT_EQ(run.at("start"), "at_known 2");
    if (run.at("optimizer") == "simulated_annealing") {
      EXPECT_FALSE(run.at("escape_step").empty()) << "seed " << run.at("seed");
      EXPECT_NE(run.at("final_basin"), "2");
    } else {
      EXPECT_EQ(run.at("escape_step"), "") << run.at("optimizer");
      EXPECT_EQ(run.at("final_basin"), "2") << run.at("optimizer");
    }
  }
}

const char* kGlobalSweep = R"(name: global-sweep
kind: function
seeds: 3
problems:
  - {function: rastrigin, dim: 2, start: [2.1, -3.2], start_noise: 0.5}
  - {function: ackley, dim: 2, start: [4.0, 3.0]}
optimizers:
  - {name: simulated_annealing, T0: 2.0, chain_length: 5}
  - {name: genetic, population: 10}
  - {name: cmaes, population: 8}
  - {name: differential_evolution, population: 8}
  - {name: particle_swarm, population: 8}
  - {name: multistart, local: {name: adam, lr: 0.05}, local_steps: 40}
  - {name: basin_hopping, local: sgd, hops: 5, step: 1.0, local_steps: 30}
  - {name: lbfgs, line_search_fn: strong_wolfe, max_iter: 4}
stop: {max_evaluations: 400, target: f_star + 1.0e-4}
record: {every: 3}
)";

std::string without_wall_ms(const std::string& path) {
  CsvTable t = read_csv(path);
  const std::size_t wall = t.column("wall_ms");
  std::string out = csv_line(t.header) + "\n";
  for (auto& row : t.rows) {
    row[wall].clear();
    out += csv_line(row) + "\n";
  }
  return out;
}

TEST(Determinism, NewMethodsGiveTheSameBytesForEveryJobCountAndShard) {
  testing::TempDir dir;
  const auto config = dir.path() / "global.yaml";
  testing::write_text(config, kGlobalSweep);
  const auto one = testing::run_cli(
      {"run", config.string(), "--quiet", "--jobs", "1", "--out", dir.str() + "/one"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const auto two = testing::run_cli(
      {"run", config.string(), "--quiet", "--jobs", "2", "--out", dir.str() + "/two"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  std::vector<std::string> merge{"merge", "--out", dir.str() + "/merged"};
  for (int i = 1; i <= 2; ++i) {
    const std::string out = dir.str() + "/shard" + std::to_string(i);
    const auto r = testing::run_cli({"run", config.string(), "--quiet", "--jobs", "2", "--shard",
                                     std::to_string(i) + "/2", "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    merge.push_back(out);
  }
  const auto merged = testing::run_cli(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  for (const std::string other : {"/two", "/merged"}) {
    const std::string a = dir.str() + "/one/global-sweep/";
    const std::string b = dir.str() + other + "/global-sweep/";
    EXPECT_EQ(without_wall_ms(a + "runs.csv"), without_wall_ms(b + "runs.csv")) << other;
    EXPECT_EQ(testing::without_timing(a + "trace.csv"), testing::without_timing(b + "trace.csv"))
        << other;
  }
  // Seeds differ from one another: the stochastic methods do not repeat one run.
  const Records runs = testing::csv_records(dir.str() + "/one/global-sweep/runs.csv");
  ASSERT_EQ(runs.size(), 2u * 8u * 3u);
  EXPECT_NE(runs[3].at("final_loss"), runs[4].at("final_loss"));  // genetic, seeds 0 and 1
}

TEST(Timing, TimesOneStepOfTheMethodsThatDriveTheObjective) {
  testing::TempDir dir;
  const std::string config = dir.str() + "/step-cost.yaml";
  testing::write_text(config, R"(name: step-cost
kind: timing
problems:
  - {function: rastrigin, dim: 10, start: zeros}
optimizers:
  - {name: cmaes, population: 10}
  - {name: simulated_annealing}
  - {name: lbfgs, max_iter: 2}
timing: {min_time: 0.01}
)");
  // A timing config is timed by optbench bench (optbench run hands it over), never swept.
  const auto r = testing::run_cli({"bench", config, "--out", dir.str()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Records rows = testing::csv_records(dir.str() + "/step-cost/timings.csv");
  ASSERT_EQ(rows.size(), 3u);
  // Recorded for every method (its value is a timing: BENCHMARKS.md, not a test).
  for (const auto& row : rows) {
    EXPECT_FALSE(row.at("real_ns_per_step").empty()) << row.at("optimizer");
  }
}

// runs.csv's columns that the global summary reads, rows to be filled in.
CsvTable global_runs_table() {
  CsvTable runs;
  runs.header = {"run_id",
                 "problem",
                 "optimizer",
                 "seed",
                 "status",
                 "evaluations",
                 "gradient_evaluations",
                 "reached_global",
                 "final_basin"};
  return runs;
}

TEST(GlobalSummary, SharesPerBasinAndExpectedRunningTimeInEvaluations) {
  CsvTable runs = global_runs_table();
  runs.rows = {{"0", "f", "a", "0", "reached_target", "100", "100", "true", "0"},
               {"1", "f", "a", "1", "max_evaluations", "400", "400", "false", "3"},
               {"2", "f", "a", "2", "reached_target", "60", "60", "true", "0"},
               {"3", "f", "a", "3", "max_evaluations", "400", "400", "false", ""},
               {"4", "f", "b", "0", "max_evaluations", "400", "0", "false", "3"}};
  const CsvTable out = global_summary(runs);
  ASSERT_EQ(out.rows.size(), 2u);
  const auto at = [&](std::size_t row, const std::string& column) {
    return out.rows[row][out.column(column)];
  };
  EXPECT_EQ(at(0, "optimizer"), "a");
  EXPECT_EQ(at(0, "runs"), "4");
  EXPECT_EQ(at(0, "reached_global"), "2");
  EXPECT_EQ(at(0, "reached_global_share"), "0.5");
  // COCO's ERT: (100 + 400 + 60 + 400) / 2 successes.
  EXPECT_EQ(at(0, "ert_evaluations"), "480");
  EXPECT_EQ(at(0, "ert_gradient_evaluations"), "480");
  EXPECT_EQ(at(0, "final_basin_shares"), "[0=0.5 3=0.25 none=0.25]");
  EXPECT_EQ(at(1, "ert_evaluations"), "");  // no success: infinite
  EXPECT_EQ(at(1, "final_basin_shares"), "[3=1]");
}

TEST(GlobalSummary, JoinsSummaryCsvBeforeTheRankWithWilsonIntervals) {
  CsvTable runs = global_runs_table();
  runs.rows = {{"0", "f", "a", "0", "reached_target", "100", "50", "true", "0"},
               {"1", "f", "a", "1", "max_evaluations", "400", "200", "false", "3"},
               {"2", "f", "a", "2", "reached_target", "60", "30", "true", "0"},
               {"3", "f", "a", "3", "max_evaluations", "400", "200", "false", ""},
               {"4", "g", "a", "0", "max_steps", "400", "400", "", ""}};
  CsvTable summary;
  summary.header = {"problem", "optimizer", "n", "rank", "tied_with_best"};
  summary.rows = {{"f", "a", "4", "1", "false"}, {"g", "a", "1", "1", "false"}};
  add_global_columns(summary, runs, 0.95);
  ASSERT_EQ(summary.header.size(), 11u);
  EXPECT_EQ(summary.header[3], "reached_global_rate");
  EXPECT_EQ(summary.header[9], "rank");
  const auto at = [&](std::size_t row, const std::string& column) {
    return summary.rows[row][summary.column(column)];
  };
  EXPECT_EQ(at(0, "reached_global_rate"), "0.5");
  // scipy.stats.binomtest(2, 4).proportion_ci(0.95, method="wilson").
  EXPECT_NEAR(std::stod(at(0, "reached_global_ci_low")), 0.15003898915214953, 1e-12);
  EXPECT_NEAR(std::stod(at(0, "reached_global_ci_high")), 0.8499610108478505, 1e-12);
  EXPECT_EQ(at(0, "ert_evaluations"), "480");           // (100 + 400 + 60 + 400) / 2
  EXPECT_EQ(at(0, "ert_gradient_evaluations"), "240");  // (50 + 200 + 30 + 200) / 2
  EXPECT_EQ(at(0, "final_basin_shares"), "[0=0.5 3=0.25 none=0.25]");
  EXPECT_EQ(at(0, "rank"), "1");
  // Without a target of f_star + OFFSET nothing is judged: empty, not a rate of 0.
  EXPECT_EQ(at(1, "reached_global_rate"), "");
  EXPECT_EQ(at(1, "reached_global_ci_low"), "");
  EXPECT_EQ(at(1, "final_basin_shares"), "[none=1]");
}

TEST(GlobalSummary, LeavesSummariesOfOtherKindsAlone) {
  CsvTable runs;
  runs.header = {"run_id", "problem", "optimizer", "seed", "status", "final_test_accuracy"};
  runs.rows = {{"0", "iris", "a", "0", "max_epochs", "0.9"}};
  CsvTable summary;
  summary.header = {"problem", "optimizer", "n", "rank"};
  summary.rows = {{"iris", "a", "1", "1"}};
  const CsvTable before = summary;
  add_global_columns(summary, runs, 0.95);
  EXPECT_EQ(summary.header, before.header);
  EXPECT_EQ(summary.rows, before.rows);
}

}  // namespace
}  // namespace optbench
