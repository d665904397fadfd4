// The reliability corpus: what a cluster does to a result folder every day, each case asserting
// the exit (or error), its message, and that no result was lost or mixed. Concurrent writers,
// every kind of part-file damage before a resume, interrupts during long runs, inputs that would
// block or exhaust memory, grids too large to expand.

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "optbench/io/folder_lock.hpp"
#include "optbench/io/record_file.hpp"
#include "optbench/run/experiment_kind.hpp"
#include "optbench/run/input_fingerprint.hpp"
#include "optbench/run/interrupt.hpp"
#include "optbench/run/sweep.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;
using testing::BackgroundCli;
using testing::run_cli;
using testing::TempDir;
using testing::wait_until;
using testing::write_text;

const char* kSweep = R"(name: sweep
kind: function
seeds: 3
problems:
  - {function: quartic_saddle, start: [0.0, 1.0e-3], start_noise: 1.0e-4}
  - {function: strict_saddle, dim: [3, 20], negative: 1, start: zeros, start_noise: 1.0e-3}
optimizers:
  - {name: sgd, lr: [0.05, 0.2]}
  - {name: adam, lr: 0.05}
stop: {max_steps: 300, target: f_star + 1.0e-6}
record: {every: 7}
)";

// A run that would take hours: only a signal ends it.
const char* kEndless = R"(name: endless
kind: function
seeds: 2
problems:
  - {function: rosenbrock, dim: 2, start: [-1.2, 1.0]}
optimizers:
  - {name: sgd, lr: 1.0e-9}
stop: {max_steps: 1000000000000}
record: {every: 1000000}
)";

RunPlan plan_of(const std::string& text, const std::string& file = "sweep.yaml") {
  return expand_plan(parse_config(text, file), true);
}

SweepReport sweep(const RunPlan& plan, const std::string& out, bool resume = false,
                  unsigned jobs = 1) {
  const auto kind = find_experiment(plan.spec.kind).make();
  SweepOptions options;
  options.out_root = out;
  options.jobs = jobs;
  options.resume = resume;
  return run_sweep(plan, *kind, options);
}

// Runs the first `runs` runs of the plan, then stops as Ctrl-C would.
SweepReport interrupted_sweep(const RunPlan& plan, const std::string& out, std::size_t runs) {
  const auto kind = find_experiment(plan.spec.kind).make();
  SweepOptions options;
  options.out_root = out;
  options.progress = [runs](std::size_t done, std::size_t) {
    if (done == runs) request_stop();
  };
  SweepReport report = run_sweep(plan, *kind, options);
  clear_stop_request();
  return report;
}

void expect_same_result(const std::string& a, const std::string& b) {
  EXPECT_EQ(testing::without_timing(a + "/runs.csv"), testing::without_timing(b + "/runs.csv"));
  EXPECT_EQ(testing::without_timing(a + "/trace.csv"), testing::without_timing(b + "/trace.csv"));
  EXPECT_EQ(testing::without_timing(a + "/summary.csv"),
            testing::without_timing(b + "/summary.csv"));
}

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

void write_lines(const std::string& path, const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& l : lines) text += l + "\n";
  write_text(path, text);
}

bool mentions(const std::vector<std::string>& notes, const std::string& text) {
  for (const auto& n : notes) {
    if (n.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& notes) {
  std::string out;
  for (const auto& n : notes) out += n + "\n";
  return out;
}

// ---- One writer per folder ----------------------------------------------------------------

TEST(FolderLock, ASecondWriterIsRefusedWithTheHolderNamed) {
  TempDir dir;
  const RunPlan plan = plan_of(kSweep);
  fs::create_directories(dir.path() / "sweep");
  const FolderLock holder((dir.path() / "sweep").string(), FolderLock::Mode::exclusive,
                          "run --resume");
  try {
    sweep(plan, dir.str(), true);
    FAIL() << "a second writer was let in";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("is in use by pid " + std::to_string(::getpid())), std::string::npos) << m;
    EXPECT_NE(m.find("optbench run --resume"), std::string::npos) << m;
    EXPECT_NE(m.find("--wait"), std::string::npos) << m;
  }
  // --force is refused the same way: it would delete what the holder is writing.
  const auto kind = find_experiment("function").make();
  SweepOptions force;
  force.out_root = dir.str();
  force.force = true;
  EXPECT_THROW(run_sweep(plan, *kind, force), Error);
  EXPECT_FALSE(fs::exists(dir.path() / "sweep" / "manifest.json"));
}

TEST(FolderLock, ALockLeftByADeadProcessIsTakenOverWithANote) {
  TempDir dir;
  fs::create_directories(dir.path() / "sweep");
  // What a writer killed with -9 leaves: its description, and no flock (the kernel dropped it).
  write_text(dir.path() / "sweep" / kLockFileName,
             "pid=999999\nhost=node17\nstarted=2026-01-01T00:00:00Z\ncommand=run\n");
  const SweepReport report = sweep(plan_of(kSweep), dir.str());
  ASSERT_EQ(report.state, SweepState::Complete);
  EXPECT_TRUE(mentions(report.notes, "took over the lock of pid 999999 on host node17"))
      << joined(report.notes);
  // A clean end leaves an empty lock file: the next process has nothing to take over.
  EXPECT_EQ(read_file((dir.path() / "sweep" / kLockFileName).string()), "");
}

TEST(FolderLock, TwoProcessesOnOneFolderLoseNothing) {
  TempDir dir;
  const auto config = dir.path() / "endless.yaml";
  write_text(config, kEndless);
  const std::string out = (dir.path() / "out").string();
  BackgroundCli first({"run", config.string(), "--out", out, "--jobs", "1"});
  const std::string lock = out + "/endless/" + kLockFileName;
  ASSERT_TRUE(wait_until([&] { return fs::exists(lock) && fs::file_size(lock) > 0; }, 20.0));
  // The reproduction of the issue: a second process with --resume while the first runs.
  const auto second = run_cli({"run", config.string(), "--out", out, "--jobs", "1", "--resume"});
  EXPECT_EQ(second.exit_code, 2) << second.err;
  EXPECT_NE(second.err.find("is in use by pid"), std::string::npos) << second.err;
  EXPECT_EQ(std::count(second.err.begin(), second.err.end(), '\n'), 1) << second.err;
  // report and merge of the folder are refused too while it is being written.
  EXPECT_EQ(run_cli({"report", out + "/endless"}).exit_code, 2);
  first.signal(SIGINT);
  EXPECT_EQ(first.wait(10.0), 130) << first.err();
}

TEST(FolderLock, WaitWaitsForTheHolderThenResumes) {
  TempDir dir;
  const auto config = dir.path() / "endless.yaml";
  write_text(config, kEndless);
  const std::string out = (dir.path() / "out").string();
  BackgroundCli first({"run", config.string(), "--out", out, "--jobs", "1"});
  const std::string lock = out + "/endless/" + kLockFileName;
  ASSERT_TRUE(wait_until([&] { return fs::exists(lock) && fs::file_size(lock) > 0; }, 20.0));
  BackgroundCli second({"run", config.string(), "--out", out, "--resume", "--wait"});
  ASSERT_TRUE(
      wait_until([&] { return second.err().find("waiting for pid") != std::string::npos; }, 20.0))
      << second.err();
  first.signal(SIGTERM);
  EXPECT_EQ(first.wait(10.0), 143) << first.err();
  // The second got the folder and is running the endless runs now; stop it too.
  ASSERT_TRUE(wait_until(
      [&] {
        const auto holder = read_lock_holder(out + "/endless");
        return holder && holder->command == "run --resume";
      },
      20.0));
  second.signal(SIGINT);
  EXPECT_EQ(second.wait(10.0), 130) << second.err();
}

// ---- Verified resume ----------------------------------------------------------------------

class DamagedParts : public ::testing::Test {
 protected:
  void SetUp() override {
    plan_ = plan_of(kSweep);
    ASSERT_EQ(sweep(plan_, whole_.str()).state, SweepState::Complete);
    const SweepReport first = interrupted_sweep(plan_, broken_.str(), 10);
    ASSERT_EQ(first.state, SweepState::Interrupted);
    runs_ = broken_.str() + "/sweep/runs.csv.part";
    trace_ = broken_.str() + "/sweep/trace.csv.part";
    ASSERT_EQ(lines_of(runs_).size(), 10u);
  }
  // Resumes and checks the result equals the uninterrupted sweep; returns the resume's report.
  SweepReport resume_and_compare() {
    const SweepReport r = sweep(plan_, broken_.str(), true, 2);
    EXPECT_EQ(r.state, SweepState::Complete) << r.failure;
    expect_same_result(whole_.str() + "/sweep", broken_.str() + "/sweep");
    return r;
  }
  RunPlan plan_;
  TempDir whole_;
  TempDir broken_;
  std::string runs_;
  std::string trace_;
};

TEST_F(DamagedParts, ATruncatedTraceRerunsTheRunsItCut) {
  const auto size = fs::file_size(trace_);
  fs::resize_file(trace_, size - 200);  // the last run (or two) lose their last trace rows
  const SweepReport r = resume_and_compare();
  EXPECT_LT(r.resumed, 10u);
  EXPECT_GE(r.resumed, 7u);
  EXPECT_TRUE(mentions(r.notes, "trace.csv")) << joined(r.notes);
}

TEST_F(DamagedParts, ADeletedTraceRerunsEveryRunWithTraceRows) {
  fs::remove(trace_);
  const SweepReport r = resume_and_compare();
  EXPECT_EQ(r.resumed, 0u);
  EXPECT_TRUE(mentions(r.notes, "rows, 0 are there")) << joined(r.notes);
}

TEST_F(DamagedParts, ADuplicatedRowRunsAgainOnce) {
  auto lines = lines_of(runs_);
  lines.push_back(lines[3]);
  write_lines(runs_, lines);
  const SweepReport r = resume_and_compare();
  EXPECT_EQ(r.resumed, 9u);
  EXPECT_TRUE(mentions(r.notes, "appears more than once")) << joined(r.notes);
}

TEST_F(DamagedParts, ARowOutsideThePlanIsDropped) {
  auto lines = lines_of(runs_);
  lines.push_back("99999" + lines[0].substr(lines[0].find(',')));
  write_lines(runs_, lines);
  const SweepReport r = resume_and_compare();
  EXPECT_EQ(r.resumed, 10u);
  EXPECT_TRUE(mentions(r.notes, "run 99999: is not a run of this plan")) << joined(r.notes);
}

TEST_F(DamagedParts, ARowCarryingAnotherRunsIdDoesNotStandForIt) {
  // Run 3's row relabelled as run 20 (not run yet): run 20 must still run, run 3 again too.
  auto lines = lines_of(runs_);
  lines[3] = "20" + lines[3].substr(lines[3].find(','));
  write_lines(runs_, lines);
  const SweepReport r = resume_and_compare();
  EXPECT_EQ(r.resumed, 9u);
  EXPECT_TRUE(mentions(r.notes, "run 20: its ")) << joined(r.notes);
}

TEST_F(DamagedParts, AMalformedRowIsCaughtBeforeItIsPromoted) {
  auto lines = lines_of(runs_);
  lines[5] = lines[5].substr(0, lines[5].rfind(','));  // one cell short
  write_lines(runs_, lines);
  const SweepReport r = resume_and_compare();
  EXPECT_EQ(r.resumed, 9u);
  EXPECT_TRUE(mentions(r.notes, "malformed row")) << joined(r.notes);
}

TEST_F(DamagedParts, ATornLastLineIsDroppedSilently) {
  std::ofstream(runs_, std::ios::app) << "11,quartic_saddle,2";
  const SweepReport r = resume_and_compare();
  EXPECT_EQ(r.resumed, 10u);
}

// A folder an older optbench left unfinished holds cells of another form (lists `0 1e-04`):
// its rows cannot be checked against this plan's, so it is refused with what to do, untouched.
TEST_F(DamagedParts, AnUnfinishedSweepOfAnOlderCsvFormatIsNotResumed) {
  const std::string path = broken_.str() + "/sweep/manifest.json";
  const std::string manifest = read_file(path);
  write_text(path, std::regex_replace(manifest, std::regex("  \"csv_format\": 2,\n"), ""));
  ASSERT_NE(read_file(path), manifest);
  try {
    sweep(plan_, broken_.str(), true, 2);
    ADD_FAILURE() << "an older folder was resumed";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("in CSV format 1 (lists space-separated); this build writes format 2"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("pass --force to run it again"), std::string::npos) << m;
  }
  EXPECT_EQ(lines_of(runs_).size(), 10u);
  // This build's own unfinished folder resumes as before.
  write_text(path, manifest);
  resume_and_compare();
}

TEST(DataFile, AChangedDataFileIsRefusedOnResume) {
  TempDir dir;
  fs::copy_file(std::string(OPTBENCH_SOURCE_DIR) + "/data/iris.csv", dir.path() / "iris.csv");
  const std::string config = R"(name: irisr
kind: classification
seeds: 2
data: {dataset: iris, path: iris.csv}
model: {hidden: []}
train: {epochs: 2, batch_size: 16}
optimizers:
  - {name: sgd, lr: 0.1}
)";
  const auto path = dir.path() / "irisr.yaml";
  write_text(path, config);
  const auto kind = find_experiment("classification").make();
  auto plan_for = [&] {
    RunPlan plan = expand_plan(load_config(path.string()), true);
    fingerprint_inputs(plan, kind->input_files(plan));
    return plan;
  };
  const std::string out = (dir.path() / "out").string();
  const RunPlan before = plan_for();
  ASSERT_EQ(before.inputs.size(), 1u);
  SweepOptions options;
  options.out_root = out;
  options.progress = [](std::size_t done, std::size_t) {
    if (done == 1) request_stop();
  };
  ASSERT_EQ(run_sweep(before, *kind, options).state, SweepState::Interrupted);
  clear_stop_request();
  // One sample's label changes between the kill and the resume.
  std::string text = read_file((dir.path() / "iris.csv").string());
  text[text.rfind('2')] = '1';
  write_text(dir.path() / "iris.csv", text);
  const RunPlan after = plan_for();
  EXPECT_NE(after.hash, before.hash);
  options.progress = nullptr;
  options.resume = true;
  try {
    run_sweep(after, *kind, options);
    FAIL() << "runs on two data sets were mixed";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("iris.csv changed since they ran"), std::string::npos) << m;
    EXPECT_NE(m.find("crc32 " + before.inputs[0].crc32), std::string::npos) << m;
  }
}

// ---- Interrupts ---------------------------------------------------------------------------

TEST(Interrupt, SigintStopsARunInFlightAndKeepsNothingOfIt) {
  TempDir dir;
  const auto config = dir.path() / "endless.yaml";
  write_text(config, kEndless);
  const std::string out = (dir.path() / "out").string();
  BackgroundCli run({"run", config.string(), "--out", out, "--jobs", "2"});
  const std::string part = out + "/endless/runs.csv.part";
  ASSERT_TRUE(wait_until([&] { return fs::exists(part); }, 20.0));
  run.signal(SIGINT);
  // Both runs are in flight, 10^12 steps from their end: only the interrupt check stops them.
  EXPECT_EQ(run.wait(5.0), 130) << run.err();
  EXPECT_NE(run.err().find("interrupted: 0 of 2 runs kept"), std::string::npos) << run.err();
  EXPECT_EQ(fs::file_size(part), 0u);  // the unfinished runs left no row
  EXPECT_FALSE(fs::exists(out + "/endless/runs.csv"));
}

TEST(Interrupt, SigtermExitsWith143) {
  TempDir dir;
  const auto config = dir.path() / "endless.yaml";
  write_text(config, kEndless);
  const std::string out = (dir.path() / "out").string();
  BackgroundCli run({"run", config.string(), "--out", out, "--jobs", "1"});
  ASSERT_TRUE(wait_until([&] { return fs::exists(out + "/endless/runs.csv.part"); }, 20.0));
  run.signal(SIGTERM);
  EXPECT_EQ(run.wait(5.0), 143) << run.err();
}

TEST(Interrupt, ASignalDuringTheFinalWriteIsIgnoredWithANote) {
  clear_stop_request();
  install_interrupt_handler();
  set_finishing(true);
  ::raise(SIGINT);
  set_finishing(false);
  EXPECT_FALSE(stop_requested());
  EXPECT_TRUE(signal_ignored_while_finishing());
  ::raise(SIGINT);  // outside the final write it stops again
  EXPECT_TRUE(stop_requested());
  EXPECT_EQ(stop_signal(), SIGINT);
  clear_stop_request();
}

// ---- Inputs that would block or exhaust memory ----------------------------------------------

// Runs `body` in a child process with at most `megabytes` of address space and `seconds` of
// time; returns whether it finished in time without being killed.
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OPTBENCH_ADDRESS_SANITIZER 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define OPTBENCH_ADDRESS_SANITIZER 1
#endif

bool bounded(const std::function<void()>& body, std::size_t megabytes, double seconds) {
  const pid_t pid = ::fork();
  if (pid == 0) {
#ifndef OPTBENCH_ADDRESS_SANITIZER
    // AddressSanitizer reserves terabytes of shadow address space, so under it only the time
    // bound applies.
    const rlimit memory{megabytes << 20, megabytes << 20};
    ::setrlimit(RLIMIT_AS, &memory);
#else
    (void)megabytes;
#endif
    try {
      body();
    } catch (...) {
    }
    ::_exit(0);
  }
  int status = 0;
  const bool done = wait_until([&] { return ::waitpid(pid, &status, WNOHANG) == pid; }, seconds);
  if (!done) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Inputs, AnAliasCycleIsALocatedError) {
  const std::string m =
      error_of([] { parse_config("name: x\nkind: function\nproblems: &a [*a]\n", "cycle.yaml"); });
  EXPECT_NE(m.find("cycle.yaml:3:"), std::string::npos) << m;
  EXPECT_NE(m.find("contain itself"), std::string::npos) << m;
}

TEST(Inputs, AnAliasBombIsRefusedWithinBoundedTimeAndMemory) {
  // Nine levels of nine references: 9^9 = 387 million values from 500 bytes.
  std::string text = "name: x\nkind: function\na0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9]\n";
  for (int level = 1; level <= 9; ++level) {
    const std::string prev = "*a" + std::to_string(level - 1);
    text += "a" + std::to_string(level) + ": &a" + std::to_string(level) + " [";
    for (int i = 0; i < 9; ++i) text += (i ? ", " : "") + prev;
    text += "]\n";
  }
  text += "problems: *a9\n";
  const std::string m = error_of([&] { parse_config(text, "bomb.yaml"); });
  EXPECT_NE(m.find("more than 100000 values"), std::string::npos) << m;
  // A hang guard, not a measurement: the refusal needs no noticeable time or memory.
  EXPECT_TRUE(
      bounded([&] { (void)error_of([&] { parse_config(text, "bomb.yaml"); }); }, 512, 20.0));
}

TEST(Inputs, DevZeroAndAFifoAreRefusedAsConfigAndDataFiles) {
  TempDir dir;
  const std::string fifo = (dir.path() / "config.fifo").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  for (const std::string& path : {std::string("/dev/zero"), fifo}) {
    const auto r = run_cli({"validate", path});
    EXPECT_EQ(r.exit_code, 2) << path << ": " << r.err;
    EXPECT_NE(r.err.find("is not a regular file"), std::string::npos) << r.err;
  }
  for (const std::string& data : {std::string("/dev/zero"), fifo}) {
    write_text(dir.path() / "c.yaml", "name: c\nkind: classification\ndata: {dataset: csv, path: " +
                                          data + "}\noptimizers:\n  - {name: sgd}\n");
    const auto r =
        run_cli({"run", (dir.path() / "c.yaml").string(), "--out", (dir.path() / "out").string()});
    EXPECT_EQ(r.exit_code, 2) << data << ": " << r.err;
    EXPECT_NE(r.err.find("is not a regular file"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "out"));
  }
}

TEST(Inputs, AHugeGridIsCountedAndRefusedWithoutExpanding) {
  // 10^4 x 10^3 x 10^6 = 10^13 runs, from a few kilobytes.
  std::string lrs;
  for (int i = 1; i <= 1000; ++i) lrs += (i > 1 ? ", " : "") + std::to_string(i) + ".0e-6";
  std::string dims;
  for (int i = 2; i < 10002; ++i) dims += (i > 2 ? ", " : "") + std::to_string(i);
  const std::string text =
      "name: huge\nkind: function\nseeds: 1000000\nproblems:\n"
      "  - {function: strict_saddle, dim: [" +
      dims + "]}\noptimizers:\n  - {name: sgd, lr: [" + lrs + "]}\n";
  const ExperimentSpec spec = parse_config(text, "huge.yaml");
  EXPECT_EQ(count_runs(spec, true), 10000ull * 1000ull * 1000000ull);
  const std::string plain = error_of([&] { expand_plan(spec, true, false); });
  EXPECT_NE(plain.find("10000000000000 runs"), std::string::npos) << plain;
  const std::string large = error_of([&] { expand_plan(spec, true, true); });
  EXPECT_NE(large.find("at most 1000000000000"), std::string::npos) << large;
  EXPECT_TRUE(bounded([&] { (void)error_of([&] { expand_plan(spec, true, true); }); }, 512, 20.0));
  // Counts that overflow 64 bits saturate instead of wrapping to a small number.
  std::string many =
      "name: wrap\nkind: function\nseeds: 1000000\nproblems:\n  - {function: "
      "strict_saddle, dim: [" +
      dims + "], negative: [1, 2, 3, 4, 5, 6, 7, 8], start_noise: [" + lrs +
      "]}\noptimizers:\n  - {name: adam, lr: [" + lrs + "], eps: [" + lrs + "]}\n";
  EXPECT_EQ(count_runs(parse_config(many, "wrap.yaml"), true), SIZE_MAX);
}

TEST(Inputs, ValidateCountsALargeGridThatRunWouldNeedAllowLargeFor) {
  TempDir dir;
  write_text(dir.path() / "big.yaml",
             "name: big\nkind: function\nseeds: 1000\nproblems:\n  - {function: rosenbrock}\n"
             "optimizers:\n  - {name: sgd, lr: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, "
             "1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5, 2.6, "
             "2.7, 2.8, 2.9, 3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 3.6, 3.7, 3.8, 3.9, 4.0, 4.1, 4.2, "
             "4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 5.0, 5.1, 5.2, 5.3, 5.4, 5.5, 5.6, 5.7, 5.8, "
             "5.9, 6.0, 6.1, 6.2, 6.3, 6.4, 6.5, 6.6, 6.7, 6.8, 6.9, 7.0, 7.1, 7.2, 7.3, 7.4, "
             "7.5, 7.6, 7.7, 7.8, 7.9, 8.0, 8.1, 8.2, 8.3, 8.4, 8.5, 8.6, 8.7, 8.8, 8.9, 9.0, "
             "9.1, 9.2, 9.3, 9.4, 9.5, 9.6, 9.7, 9.8, 9.9, 10.0, 10.1]}\n");
  const auto r = run_cli({"validate", (dir.path() / "big.yaml").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "101000 runs (run needs --allow-large)\n");
}

TEST(Inputs, AnIdxHeaderThatDoesNotFitItsFileIsRefusedBeforeAllocating) {
  TempDir dir;
  // A plain IDX image header announcing 2^30 images of 28 x 28 pixels, and 16 bytes of data.
  const std::vector<unsigned char> header{0, 0, 8, 3, 0x40, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28};
  std::ofstream(dir.path() / "train-images-idx3-ubyte", std::ios::binary)
      .write(reinterpret_cast<const char*>(header.data()), static_cast<std::streamsize>(16));
  const std::vector<unsigned char> labels{0, 0, 8, 1, 0x40, 0, 0, 0};
  std::ofstream(dir.path() / "train-labels-idx1-ubyte", std::ios::binary)
      .write(reinterpret_cast<const char*>(labels.data()), static_cast<std::streamsize>(8));
  write_text(dir.path() / "c.yaml",
             "name: c\nkind: classification\ndata: {dataset: fashion_mnist, "
             "path: " +
                 dir.str() + ", part: train}\noptimizers:\n  - {name: sgd}\n");
  const auto r = run_cli({"validate", (dir.path() / "c.yaml").string()});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("of memory; this machine has"), std::string::npos) << r.err;
}

TEST(Inputs, ALongNameIsRefusedByValidate) {
  const std::string m = error_of(
      [] { parse_config("name: " + std::string(256, 'a') + "\nkind: function\n", "long.yaml"); });
  EXPECT_NE(m.find("long.yaml:1:7: error: name: a name may have at most 200 characters"),
            std::string::npos)
      << m;
}

// ---- Verified merge ----------------------------------------------------------------------

class MergeShards : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = (dir_.path() / "sweep.yaml").string();
    write_text(config_, kSweep);
    for (int i = 1; i <= 3; ++i) {
      const auto r = run_cli({"run", config_, "--quiet", "--shard", std::to_string(i) + "/3",
                              "--out", shard(i), "--jobs", "1"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    ASSERT_EQ(
        run_cli({"run", config_, "--quiet", "--out", (dir_.path() / "single").string()}).exit_code,
        0);
  }
  std::string shard(int i) const { return (dir_.path() / ("shard" + std::to_string(i))).string(); }
  std::string file(int i, const std::string& name) const { return shard(i) + "/sweep/" + name; }
  testing::CliResult merge(const std::string& out) const {
    return run_cli({"merge", "--out", out, shard(1), shard(2), shard(3)});
  }
  // A refused merge writes nothing: no result folder, no temporary folder.
  void expect_refused(const std::string& expected) {
    const std::string out = (dir_.path() / "merged").string();
    const auto r = merge(out);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out + "/sweep"));
    EXPECT_FALSE(fs::exists(out + "/.sweep.merging"));
  }
  TempDir dir_;
  std::string config_;
};

TEST_F(MergeShards, IntactShardsMergeToTheSingleRun) {
  const std::string out = (dir_.path() / "merged").string();
  const auto r = merge(out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_result(out + "/sweep", (dir_.path() / "single" / "sweep").string());
}

TEST_F(MergeShards, AShardThatLostRowsIsRefused) {
  auto lines = lines_of(file(2, "runs.csv"));
  lines.erase(lines.begin() + 1, lines.begin() + 6);
  write_lines(file(2, "runs.csv"), lines);
  expect_refused("shard 2/3 cannot be merged: misses 5 of its runs");
}

TEST_F(MergeShards, ADuplicatedRowIsRefused) {
  auto lines = lines_of(file(1, "runs.csv"));
  lines.push_back(lines[2]);
  write_lines(file(1, "runs.csv"), lines);
  expect_refused("appears more than once");
}

TEST_F(MergeShards, SwappedRunIdsAreRefused) {
  auto lines = lines_of(file(3, "runs.csv"));
  const std::string a = lines[1].substr(0, lines[1].find(','));
  const std::string b = lines[2].substr(0, lines[2].find(','));
  lines[1] = b + lines[1].substr(a.size());
  lines[2] = a + lines[2].substr(b.size());
  write_lines(file(3, "runs.csv"), lines);
  expect_refused("where the plan has");
}

TEST_F(MergeShards, DamagedTraceRowsAreRefused) {
  const auto size = fs::file_size(file(2, "trace.csv"));
  fs::resize_file(file(2, "trace.csv"), size / 2);
  expect_refused("trace.csv rows");
}

TEST_F(MergeShards, ADifferentGitRevisionIsRefusedAndARetryWorks) {
  const std::string manifest = read_file(file(3, "manifest.json"));
  write_text(file(3, "manifest.json"),
             std::regex_replace(manifest, std::regex("\"git_revision\": \"[^\"]*\""),
                                "\"git_revision\": \"0123456789ab\""));
  expect_refused("git_revision: 0123456789ab differs from");
  write_text(file(3, "manifest.json"), manifest);
  const std::string out = (dir_.path() / "merged").string();
  const auto r = merge(out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_same_result(out + "/sweep", (dir_.path() / "single" / "sweep").string());
}

TEST_F(MergeShards, AShardOfAnOlderCsvFormatIsRefused) {
  const std::string manifest = read_file(file(2, "manifest.json"));
  write_text(file(2, "manifest.json"),
             std::regex_replace(manifest, std::regex("  \"csv_format\": 2,\n"), ""));
  expect_refused("csv_format: 1 is the CSV format of optbench");
}

// ---- Smaller ones -------------------------------------------------------------------------

TEST(Seeds, TheConfigsNameChangesNoNumberButTheSaltDoes) {
  TempDir a;
  TempDir b;
  TempDir c;
  std::string renamed = kSweep;
  renamed.replace(renamed.find("name: sweep"), 11, "name: other");
  std::string salted = std::string(kSweep) + "seed_salt: replicate-2\n";
  ASSERT_EQ(sweep(plan_of(kSweep), a.str()).state, SweepState::Complete);
  ASSERT_EQ(sweep(plan_of(renamed), b.str()).state, SweepState::Complete);
  ASSERT_EQ(sweep(plan_of(salted), c.str()).state, SweepState::Complete);
  EXPECT_EQ(testing::without_timing(a.str() + "/sweep/trace.csv"),
            testing::without_timing(b.str() + "/other/trace.csv"));
  EXPECT_NE(testing::without_timing(a.str() + "/sweep/trace.csv"),
            testing::without_timing(c.str() + "/sweep/trace.csv"));
}

TEST(Divergence, ADivergedRunHasNoFinalPointClass) {
  TempDir dir;
  ASSERT_EQ(sweep(plan_of(R"(name: blowup
kind: function
problems:
  - {function: rosenbrock, start: [-1.2, 1.0]}
optimizers:
  - {name: sgd, lr: 1.0}
stop: {max_steps: 100}
)"),
                  dir.str())
                .state,
            SweepState::Complete);
  const auto rows = testing::csv_records(dir.str() + "/blowup/runs.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("status"), "diverged");
  EXPECT_EQ(rows[0].at("final_point_class"), "");
  EXPECT_EQ(rows[0].at("min_eigenvalue"), "");
}

TEST(Bench, ZeroRepetitionsAreRefusedAndTheTimingsStay) {
  TempDir dir;
  const std::string config = std::string(OPTBENCH_SOURCE_DIR) + "/configs/step_cost.yaml";
  const auto r = run_cli({"bench", config, "--out", dir.str(), "--benchmark_repetitions=0"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("--benchmark_repetitions=0: must be a whole number >= 1"), std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

// Google Benchmark 1.7.1 reads --benchmark_min_time as plain seconds; the "0.05s" of newer
// releases' docs is the same value, "100x" (iterations) it cannot do.
TEST(Bench, MinTimeTakesTheSecondsSuffixAndRefusesIterations) {
  TempDir dir;
  const std::string config = std::string(OPTBENCH_SOURCE_DIR) + "/configs/step_cost.yaml";
  const auto ok = run_cli({"bench", config, "--out", dir.str(), "--benchmark_min_time=0.01s",
                           "--benchmark_filter=rosenbrock/dim=2/sgd$"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  const auto rows = testing::csv_records(dir.str() + "/step-cost/timings.csv");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("name"), "rosenbrock/dim=2/sgd");
  const auto x = run_cli({"bench", config, "--out", dir.str() + "/x", "--benchmark_min_time=100x"});
  EXPECT_EQ(x.exit_code, 2) << x.err;
  EXPECT_NE(x.err.find("--benchmark_min_time=100x: an iteration count (Nx) needs Google "
                       "Benchmark 1.8"),
            std::string::npos)
      << x.err;
  const auto bad =
      run_cli({"bench", config, "--out", dir.str() + "/y", "--benchmark_min_time=-1s"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("must be a number of seconds > 0 (0.2 or 0.2s), got '-1s'"),
            std::string::npos)
      << bad.err;
  EXPECT_FALSE(fs::exists(dir.str() + "/x"));
  EXPECT_FALSE(fs::exists(dir.str() + "/y"));
}

TEST(Report, ARunsCsvWithoutItsHeaderIsRefused) {
  TempDir dir;
  ASSERT_EQ(sweep(plan_of(kSweep), dir.str()).state, SweepState::Complete);
  auto lines = lines_of(dir.str() + "/sweep/runs.csv");
  lines.erase(lines.begin());
  write_lines(dir.str() + "/sweep/runs.csv", lines);
  fs::remove(dir.str() + "/sweep/summary.csv");
  const auto r = run_cli({"report", dir.str() + "/sweep"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("runs.csv:1:1: error: the first line is not runs.csv's header"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace optbench
