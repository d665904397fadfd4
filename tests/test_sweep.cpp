// Sweeps end to end: determinism across --jobs, resume after an interruption (and a torn line),
// refusing to overwrite, divergence recorded, trace conventions.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/experiments/experiment_kind.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

const char* kSweep = R"(name: sweep
kind: function
seeds: 3
problems:
  - {function: quartic_saddle, start: [0.0, 1.0e-3], start_noise: 1.0e-4}
  - {function: strict_saddle, dim: [3, 20], negative: 1, start: zeros, start_noise: 1.0e-3}
optimizers:
  - {name: sgd, lr: [0.05, 0.2]}
  - {name: adam, lr: 0.05}
  - {name: rmsprop, lr: 0.01}
stop: {max_steps: 300, target: f_star + 1.0e-6}
escape: {radius: 0.1}
record: {every: 7}
)";

RunPlan plan_of(const std::string& text) {
  const ExperimentSpec spec = parse_config(text, "sweep.yaml");
  return expand_plan(spec, true);
}

SweepReport sweep(const RunPlan& plan, const std::string& out, unsigned jobs, bool resume = false) {
  const auto kind = find_experiment(plan.spec.kind).make();
  SweepOptions options;
  options.out_root = out;
  options.jobs = jobs;
  options.resume = resume;
  return run_sweep(plan, *kind, options);
}

// The file with the wall_ms column blanked: everything but timing must be identical.
std::string without_timing(const std::string& path) {
  CsvTable t = read_csv(path);
  const auto it = std::find(t.header.begin(), t.header.end(), "wall_ms");
  std::string out = csv_line(t.header) + "\n";
  for (auto& row : t.rows) {
    if (it != t.header.end()) row[static_cast<std::size_t>(it - t.header.begin())].clear();
    out += csv_line(row) + "\n";
  }
  return out;
}

TEST(Sweep, SameFilesForEveryJobCount) {
  const RunPlan plan = plan_of(kSweep);
  ASSERT_EQ(plan.runs.size(), 3u * 4u * 3u);
  testing::TempDir one;
  testing::TempDir two;
  ASSERT_EQ(sweep(plan, one.str(), 1).state, SweepState::Complete);
  ASSERT_EQ(sweep(plan, two.str(), 2).state, SweepState::Complete);
  EXPECT_EQ(without_timing(one.str() + "/sweep/runs.csv"), without_timing(two.str() + "/sweep/runs.csv"));
  EXPECT_EQ(read_file(one.str() + "/sweep/trace.csv"), read_file(two.str() + "/sweep/trace.csv"));
  EXPECT_FALSE(std::filesystem::exists(one.str() + "/sweep/runs.csv.part"));
}

TEST(Sweep, InterruptedAndResumedGivesTheSameFiles) {
  const RunPlan plan = plan_of(kSweep);
  testing::TempDir whole;
  testing::TempDir broken;
  ASSERT_EQ(sweep(plan, whole.str(), 1).state, SweepState::Complete);

  const auto kind = find_experiment("function").make();
  SweepOptions options;
  options.out_root = broken.str();
  options.progress = [](std::size_t done, std::size_t) {
    if (done == 10) request_stop();
  };
  const SweepReport first = run_sweep(plan, *kind, options);
  clear_stop_request();
  ASSERT_EQ(first.state, SweepState::Interrupted);
  EXPECT_EQ(first.ran, 10u);
  // A kill -9 in the middle of a write leaves a torn line behind.
  std::ofstream(broken.str() + "/sweep/trace.csv.part", std::ios::app) << "999,12,0.5";
  EXPECT_THROW(sweep(plan, broken.str(), 1), Error);  // unfinished: needs --resume
  const SweepReport second = sweep(plan, broken.str(), 2, true);
  ASSERT_EQ(second.state, SweepState::Complete);
  EXPECT_EQ(second.resumed, 10u);
  EXPECT_EQ(second.ran, plan.runs.size() - 10);
  EXPECT_EQ(without_timing(whole.str() + "/sweep/runs.csv"),
            without_timing(broken.str() + "/sweep/runs.csv"));
  EXPECT_EQ(read_file(whole.str() + "/sweep/trace.csv"), read_file(broken.str() + "/sweep/trace.csv"));
}

TEST(Sweep, RefusesADifferentConfigAndSkipsACompleteOne) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(kSweep);
  ASSERT_EQ(sweep(plan, dir.str(), 2).state, SweepState::Complete);
  EXPECT_EQ(sweep(plan, dir.str(), 2).state, SweepState::AlreadyComplete);
  std::string changed = kSweep;
  changed.replace(changed.find("max_steps: 300"), 14, "max_steps: 301");
  EXPECT_THROW(sweep(plan_of(changed), dir.str(), 2), Error);
}

TEST(Sweep, TraceStartsAtTheStartPointAndRunsHaveNoTargetWithoutOne) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(R"(name: plain
kind: function
problems:
  - {function: rosenbrock, dim: 2, start: [-1.2, 1.0]}
optimizers:
  - {name: sgd, lr: 1.0e-3}
stop: {max_steps: 25}
record: {every: 10}
)");
  ASSERT_EQ(sweep(plan, dir.str(), 1).state, SweepState::Complete);
  const CsvTable trace = read_csv(dir.str() + "/plain/trace.csv");
  ASSERT_EQ(trace.rows.size(), 4u);  // steps 0, 10, 20 and the last, 25
  EXPECT_EQ(trace.rows[0][trace.column("step")], "0");
  EXPECT_EQ(trace.rows[0][trace.column("x0")], "-1.2");
  EXPECT_NEAR(std::stod(trace.rows[0][trace.column("loss")]), 24.2, 1e-12);  // f(-1.2, 1)
  EXPECT_EQ(trace.rows[3][trace.column("step")], "25");
  const CsvTable runs = read_csv(dir.str() + "/plain/runs.csv");
  EXPECT_EQ(runs.rows[0][runs.column("status")], "max_steps");
  EXPECT_EQ(runs.rows[0][runs.column("steps")], "25");
  EXPECT_EQ(runs.rows[0][runs.column("steps_to_target")], "");
  EXPECT_EQ(runs.rows[0][runs.column("seed")], "0");
}

TEST(Sweep, ADivergingRunIsRecordedAndTheOthersGoOn) {
  testing::TempDir dir;
  const RunPlan plan = plan_of(R"(name: blowup
kind: function
problems:
  - {function: rosenbrock, dim: 2, start: [-1.2, 1.0]}
optimizers:
  - {name: sgd, lr: [0.1, 1.0e-3]}
stop: {max_steps: 200, diverge_above: 1.0e10}
)");
  ASSERT_EQ(sweep(plan, dir.str(), 2).state, SweepState::Complete);
  const CsvTable runs = read_csv(dir.str() + "/blowup/runs.csv");
  ASSERT_EQ(runs.rows.size(), 2u);
  EXPECT_EQ(runs.rows[0][runs.column("status")], "diverged");
  EXPECT_LT(std::stoi(runs.rows[0][runs.column("steps")]), 200);
  EXPECT_EQ(runs.rows[1][runs.column("status")], "max_steps");
}

TEST(Sweep, ShardsAreDisjointBalancedAndCoverThePlan) {
  std::vector<int> seen(10, 0);
  for (int i = 1; i <= 3; ++i) {
    const auto mine = shard_runs(10, i, 3);
    EXPECT_GE(mine.size(), 3u);
    EXPECT_LE(mine.size(), 4u);
    for (const auto id : mine) ++seen[id];
  }
  for (const int s : seen) EXPECT_EQ(s, 1);
}

}  // namespace
}  // namespace optbench
