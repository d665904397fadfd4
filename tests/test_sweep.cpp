// Sweeps end to end: determinism across --jobs, resume after an interruption (and a torn line),
// refusing to overwrite, divergence recorded, trace conventions.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/run/experiment_kind.hpp"
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

TEST(Sweep, SameFilesForEveryJobCount) {
  const RunPlan plan = plan_of(kSweep);
  ASSERT_EQ(plan.run_count(), 3u * 4u * 3u);
  testing::TempDir one;
  testing::TempDir two;
  ASSERT_EQ(sweep(plan, one.str(), 1).state, SweepState::Complete);
  ASSERT_EQ(sweep(plan, two.str(), 2).state, SweepState::Complete);
  EXPECT_EQ(testing::without_timing(one.str() + "/sweep/runs.csv"),
            testing::without_timing(two.str() + "/sweep/runs.csv"));
  EXPECT_EQ(testing::without_timing(one.str() + "/sweep/trace.csv"),
            testing::without_timing(two.str() + "/sweep/trace.csv"));
  // The verdicts too: intervals come from generators seeded by what they describe, never by
  // the thread that happened to run a run.
  EXPECT_EQ(read_file(one.str() + "/sweep/summary.csv"),
            read_file(two.str() + "/sweep/summary.csv"));
  EXPECT_EQ(read_file(one.str() + "/sweep/comparisons.csv"),
            read_file(two.str() + "/sweep/comparisons.csv"));
  EXPECT_FALSE(std::filesystem::exists(one.str() + "/sweep/runs.csv.part"));
}

// The plan's sweep into `out`, stopped (as by Ctrl-C) once 10 runs are recorded.
SweepReport stopped_after_ten(const RunPlan& plan, const std::string& out) {
  const auto kind = find_experiment("function").make();
  SweepOptions options;
  options.out_root = out;
  options.progress = [](std::size_t done, std::size_t) {
    if (done == 10) request_stop();
  };
  const SweepReport report = run_sweep(plan, *kind, options);
  clear_stop_request();
  return report;
}

TEST(Sweep, InterruptedAndResumedGivesTheSameFiles) {
  const RunPlan plan = plan_of(kSweep);
  testing::TempDir whole;
  testing::TempDir broken;
  ASSERT_EQ(sweep(plan, whole.str(), 1).state, SweepState::Complete);

  const SweepReport first = stopped_after_ten(plan, broken.str());
  ASSERT_EQ(first.state, SweepState::Interrupted);
  EXPECT_EQ(first.ran, 10u);
  // A kill -9 in the middle of a write leaves a torn line behind.
  std::ofstream(broken.str() + "/sweep/trace.csv.part", std::ios::app) << "999,12,0.5";
  EXPECT_THROW(sweep(plan, broken.str(), 1), Error);  // unfinished: needs --resume
  const SweepReport second = sweep(plan, broken.str(), 2, true);
  ASSERT_EQ(second.state, SweepState::Complete);
  EXPECT_EQ(second.resumed, 10u);
  EXPECT_EQ(second.ran, plan.run_count() - 10);
  EXPECT_EQ(testing::without_timing(whole.str() + "/sweep/runs.csv"),
            testing::without_timing(broken.str() + "/sweep/runs.csv"));
  EXPECT_EQ(testing::without_timing(whole.str() + "/sweep/trace.csv"),
            testing::without_timing(broken.str() + "/sweep/trace.csv"));
  EXPECT_EQ(read_file(whole.str() + "/sweep/summary.csv"),
            read_file(broken.str() + "/sweep/summary.csv"));
  EXPECT_EQ(read_file(whole.str() + "/sweep/comparisons.csv"),
            read_file(broken.str() + "/sweep/comparisons.csv"));
}

// trace.csv's time_ms lies outside the checksum runs.csv keeps for the trace: a resume keeps
// runs whose times differ (they always do between processes) but not a run whose loss changed.
TEST(Sweep, ResumeIgnoresTraceTimesButNotTheirRows) {
  const RunPlan plan = plan_of(kSweep);
  testing::TempDir broken;
  const SweepReport first = stopped_after_ten(plan, broken.str());
  ASSERT_EQ(first.state, SweepState::Interrupted);
  const std::string part = broken.str() + "/sweep/trace.csv.part";
  const std::string text = read_file(part);
  std::string retimed;
  std::size_t rows = 0;
  std::size_t begin = 0;
  while (begin < text.size()) {
    const std::size_t end = text.find('\n', begin);
    const std::string line = text.substr(begin, end - begin);
    retimed += line.substr(0, line.rfind(',') + 1) + "123456.5\n";
    ++rows;
    begin = end + 1;
  }
  ASSERT_GT(rows, 10u);
  write_file_atomically(part, retimed);
  // Every finished run survives new times; the first row's loss edited sends its run back.
  {
    testing::TempDir copy;
    std::filesystem::copy(broken.path(), copy.path(), std::filesystem::copy_options::recursive);
    const SweepReport kept = sweep(plan, copy.str(), 1, true);
    ASSERT_EQ(kept.state, SweepState::Complete);
    EXPECT_EQ(kept.resumed, 10u);
  }
  std::vector<std::string> cells = split_csv_line(retimed.substr(0, retimed.find('\n')));
  cells[4] = "12345";  // run_id, step, evaluations, gradient_evaluations, loss
  write_file_atomically(part, csv_line(cells) + retimed.substr(retimed.find('\n')));
  const SweepReport redone = sweep(plan, broken.str(), 1, true);
  ASSERT_EQ(redone.state, SweepState::Complete);
  EXPECT_EQ(redone.resumed, 9u);
}

// time_ms: from the run's start, never decreasing, and the last row's no later than wall_ms.
TEST(Sweep, TraceTimeGrowsAlongTheRunAndEndsBeforeItsWallTime) {
  testing::TempDir dir;
  ASSERT_EQ(sweep(plan_of(kSweep), dir.str(), 2).state, SweepState::Complete);
  const CsvTable trace = read_csv(dir.str() + "/sweep/trace.csv");
  const CsvTable runs = read_csv(dir.str() + "/sweep/runs.csv");
  ASSERT_EQ(trace.header.back(), "time_ms");
  std::map<std::string, double> last;
  for (const auto& row : trace.rows) {
    const double t = std::stod(row.back());
    EXPECT_GE(t, 0.0);
    const auto it = last.find(row[0]);
    if (it != last.end()) {
      EXPECT_GE(t, it->second) << "run " << row[0];
    }
    last[row[0]] = t;
  }
  ASSERT_EQ(last.size(), runs.rows.size());
  for (const auto& row : runs.rows) {
    EXPECT_LE(last.at(row[0]), std::stod(row[runs.column("wall_ms")])) << "run " << row[0];
  }
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

namespace optbench {
namespace {

TEST(Sweep, LongTracesSpillToDiskAndComeBackWhole) {
  const RunPlan plan = plan_of(R"(name: long
kind: function
seeds: 2
problems:
  - {function: rosenbrock, dim: 2, start: [-1.2, 1.0], start_noise: 0.01}
optimizers:
  - {name: sgd, lr: 1.0e-4}
stop: {max_steps: 80000}
record: {every: 1}
)");
  testing::TempDir one;
  testing::TempDir two;
  ASSERT_EQ(sweep(plan, one.str(), 1).state, SweepState::Complete);
  ASSERT_EQ(sweep(plan, two.str(), 2).state, SweepState::Complete);
  const std::string trace = read_file(one.str() + "/long/trace.csv");
  ASSERT_GT(trace.size(), 2 * RunRecorder::kSpillBytes);  // both runs spilled
  EXPECT_EQ(testing::without_timing(one.str() + "/long/trace.csv"),
            testing::without_timing(two.str() + "/long/trace.csv"));
  const CsvTable t = read_csv(one.str() + "/long/trace.csv");
  ASSERT_EQ(t.rows.size(), 2u * 80001u);
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    ASSERT_EQ(t.rows[i][0], i < 80001 ? "0" : "1");
    ASSERT_EQ(t.rows[i][1], std::to_string(i % 80001));
  }
  for (const auto& entry : std::filesystem::directory_iterator(one.path() / "long")) {
    EXPECT_EQ(entry.path().filename().string().find(".spill"), std::string::npos);
    EXPECT_EQ(entry.path().extension(),
              entry.path().extension() == ".part" ? "" : entry.path().extension());
  }
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

TEST(Shards, ThreeShardsMergedEqualOneRun) {
  testing::TempDir dir;
  std::string config = std::string(OPTBENCH_SOURCE_DIR) + "/configs/saddle_escape.yaml";
#ifdef OPTBENCH_TEST_SANITIZED
  // Under the sanitizers the README's config runs for minutes, four times here: the same config
  // with 3 seeds and 2000 steps (the suite's other build runs it whole).
  std::string text = read_file(config);
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"seeds: 20", "seeds: 3"},
                                 {"max_steps: 20000", "max_steps: 2000"}}) {
    const std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  }
  config = dir.str() + "/saddle_escape.yaml";
  testing::write_text(config, text);
#endif
  std::vector<std::string> merge{"merge", "--out", dir.str() + "/merged"};
  for (int i = 1; i <= 3; ++i) {
    const std::string out = dir.str() + "/shard" + std::to_string(i);
    const auto r = testing::run_cli({"run", config, "--quiet", "--jobs", "2", "--shard",
                                     std::to_string(i) + "/3", "--out", out});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    merge.push_back(out);
  }
  const auto single =
      testing::run_cli({"run", config, "--quiet", "--jobs", "1", "--out", dir.str() + "/single"});
  ASSERT_EQ(single.exit_code, 0) << single.err;
  // A missing shard is refused, and so is a shard given twice.
  const auto missing = testing::run_cli({"merge", "--out", dir.str() + "/bad", merge[3], merge[5]});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("shard 2/3 is missing"), std::string::npos) << missing.err;
  const auto twice =
      testing::run_cli({"merge", "--out", dir.str() + "/bad", merge[3], merge[3], merge[5]});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad"));

  const auto merged = testing::run_cli(merge);
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  const std::string a = dir.str() + "/merged/saddle-escape/";
  const std::string b = dir.str() + "/single/saddle-escape/";
  EXPECT_EQ(testing::without_timing(a + "runs.csv"), testing::without_timing(b + "runs.csv"));
  EXPECT_EQ(testing::without_timing(a + "trace.csv"), testing::without_timing(b + "trace.csv"));
  EXPECT_EQ(read_file(a + "summary.csv"), read_file(b + "summary.csv"));
  // merge writes comparisons.csv again from the merged runs: the single run's bytes.
  EXPECT_EQ(read_file(a + "comparisons.csv"), read_file(b + "comparisons.csv"));
  // The merged folder counts as the complete result of the config.
  const auto again = testing::run_cli({"run", config, "--out", dir.str() + "/merged"});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.out.find("already holds the complete result"), std::string::npos) << again.out;
}

TEST(Shards, ShardsOfDifferentConfigsAreRefused) {
  testing::TempDir dir;
  const auto a = dir.path() / "a.yaml";
  const auto b = dir.path() / "b.yaml";
  const std::string base =
      "name: s\nkind: function\nseeds: 4\nproblems:\n  - {function: quartic_saddle, start: [0.1, "
      "0.1]}\n";
  testing::write_text(a, base + "optimizers:\n  - {name: sgd, lr: 0.01}\nstop: {max_steps: 10}\n");
  testing::write_text(b, base + "optimizers:\n  - {name: sgd, lr: 0.02}\nstop: {max_steps: 10}\n");
  ASSERT_EQ(
      testing::run_cli({"run", a.string(), "--quiet", "--shard", "1/2", "--out", dir.str() + "/1"})
          .exit_code,
      0);
  ASSERT_EQ(
      testing::run_cli({"run", b.string(), "--quiet", "--shard", "2/2", "--out", dir.str() + "/2"})
          .exit_code,
      0);
  const auto r =
      testing::run_cli({"merge", "--out", dir.str() + "/m", dir.str() + "/1", dir.str() + "/2"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("config_hash"), std::string::npos) << r.err;
}

TEST(Interrupt, SigintKeepsFinishedRunsAndResumeCompletesThem) {
  testing::TempDir dir;
  const auto config = dir.path() / "slow.yaml";
  // 40 runs; the signal is sent as soon as the first run is on disk, so most are still to do.
  // Under the sanitizers a tenth of the steps: a run still takes a third of a second there.
  testing::write_text(config, std::string(R"(name: slow
kind: function
seeds: 20
problems:
  - {function: rosenbrock, dim: 2, start: [-1.2, 1.0], start_noise: 0.01}
optimizers:
  - {name: sgd, lr: 1.0e-4}
  - {name: adam, lr: 1.0e-4}
stop: {max_steps: )") + (testing::kSanitized ? "200000" : "2000000") +
                                  R"(}
record: {every: 10000}
)");
  const std::string out = dir.str() + "/out";
  const auto script = dir.path() / "interrupt.sh";
  testing::write_text(script, "'" + std::string(OPTBENCH_BINARY) + "' run '" + config.string() +
                                  "' --quiet --jobs 2 --out '" + out +
                                  "' &\npid=$!\n"
                                  "for i in $(seq 3000); do [ -s '" +
                                  out +
                                  "/slow/runs.csv.part' ] && break; sleep 0.01; done\n"
                                  "kill -INT $pid\nwait $pid\necho $? > '" +
                                  dir.str() + "/rc'\n");
  ASSERT_EQ(std::system(("bash '" + script.string() + "'").c_str()), 0);
  EXPECT_EQ(read_file(dir.str() + "/rc"), "130\n");
  EXPECT_FALSE(std::filesystem::exists(out + "/slow/runs.csv"));
  ASSERT_TRUE(std::filesystem::exists(out + "/slow/runs.csv.part"));
  const std::size_t kept = split_records(read_file(out + "/slow/runs.csv.part"), true).size();
  EXPECT_LT(kept, 40u);
  const auto resumed =
      testing::run_cli({"run", config.string(), "--quiet", "--resume", "--out", out});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  const auto whole =
      testing::run_cli({"run", config.string(), "--quiet", "--out", dir.str() + "/whole"});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_EQ(testing::without_timing(out + "/slow/runs.csv"),
            testing::without_timing(dir.str() + "/whole/slow/runs.csv"));
  EXPECT_EQ(testing::without_timing(out + "/slow/trace.csv"),
            testing::without_timing(dir.str() + "/whole/slow/trace.csv"));
}

}  // namespace
}  // namespace optbench
