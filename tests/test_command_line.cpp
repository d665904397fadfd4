// The command line as people expect it: --version, COMMAND --help, -j N.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/progress_printer.hpp"
#include "optbench/core/build_info.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/csv.hpp"
#include "test_support.hpp"

namespace optbench {
namespace {

namespace fs = std::filesystem;

TEST(CommandLine, VersionNamesTheReleaseAndTheRevision) {
  const testing::CliResult r = testing::run_cli({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out.rfind("optbench " + std::string(build_info().version) + " (", 0), 0u) << r.out;
  EXPECT_NE(r.out.find(std::string(build_info().git_revision)), std::string::npos) << r.out;
}

TEST(CommandLine, EveryCommandHasItsOwnHelp) {
  for (const std::string command :
       {"run", "validate", "list", "classify", "check", "merge", "report", "compare", "bench"}) {
    for (const std::string flag : {"--help", "-h"}) {
      const testing::CliResult r = testing::run_cli({command, flag});
      EXPECT_EQ(r.exit_code, 0) << command << " " << flag << ": " << r.err;
      EXPECT_EQ(r.err, "");
      EXPECT_EQ(r.out.rfind("usage: optbench\n  " + command + " ", 0), 0u) << r.out;
      // Only that command's lines.
      std::size_t lines = 0;
      for (const char c : r.out) lines += c == '\n' ? 1 : 0;
      EXPECT_EQ(lines, command == "classify" ? 3u : 2u) << r.out;
    }
  }
  // After the command's other arguments too, and nothing is run or written.
  const testing::TempDir out;
  const testing::CliResult r =
      testing::run_cli({"run", std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml",
                        "--out", out.str(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--jobs N | -j N"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(out.path()));
}

TEST(CommandLine, ShortJobsFlagIsJobs) {
  const std::string config = std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml";
  const testing::TempDir a;
  const testing::TempDir b;
  const testing::TempDir c;
  ASSERT_EQ(testing::run_cli({"run", config, "--out", a.str(), "--jobs", "2", "--quiet"}).exit_code,
            0);
  ASSERT_EQ(testing::run_cli({"run", config, "--out", b.str(), "-j", "2", "--quiet"}).exit_code, 0);
  ASSERT_EQ(testing::run_cli({"run", config, "--out", c.str(), "-j2", "--quiet"}).exit_code, 0);
  // trace.csv, its time_ms aside: the same bytes.
  const auto trace = [](const testing::TempDir& d) {
    return testing::without_timing((d.path() / "quickstart" / "trace.csv").string());
  };
  EXPECT_EQ(trace(b), trace(a));
  EXPECT_EQ(trace(c), trace(a));
  // A bad count is refused as --jobs's.
  const testing::CliResult bad = testing::run_cli({"run", config, "--out", a.str(), "-j", "0"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--jobs"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace optbench

namespace optbench {
namespace {

const std::string kQuickstart = std::string(OPTBENCH_SOURCE_DIR) + "/configs/quickstart.yaml";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    start = end == std::string::npos ? text.size() : end + 1;
  }
  return lines;
}

TEST(Progress, ALogGetsDatedLinesFromStartToEnd) {
  const testing::TempDir out;
  // stderr is a file here, as in a Slurm log: auto means lines.
  const testing::CliResult r = testing::run_cli({"run", kQuickstart, "--out", out.str()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines = lines_of(r.err);
  ASSERT_GE(lines.size(), 2u) << r.err;
  const std::regex dated(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d optbench: .*)");
  for (const auto& line : lines) EXPECT_TRUE(std::regex_match(line, dated)) << line;
  const std::string total =
      std::to_string(read_csv(out.str() + "/quickstart/runs.csv").rows.size());
  EXPECT_NE(lines.front().find(" optbench: 0/" + total + " runs (0.0%), 0 runs/s, ETA ?"),
            std::string::npos)
      << lines.front();
  EXPECT_NE(lines.back().find(" optbench: " + total + "/" + total + " runs (100.0%)"),
            std::string::npos)
      << lines.back();
  EXPECT_NE(lines.back().find(", done in "), std::string::npos) << lines.back();
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
}

TEST(Progress, BarNoneAndBadModes) {
  const testing::TempDir a;
  const testing::CliResult bar =
      testing::run_cli({"run", kQuickstart, "--out", a.str(), "--progress", "bar"});
  ASSERT_EQ(bar.exit_code, 0) << bar.err;
  EXPECT_EQ(bar.err.front(), '\r');
  EXPECT_EQ(bar.err.back(), '\n');
  const testing::TempDir b;
  const testing::CliResult none =
      testing::run_cli({"run", kQuickstart, "--out", b.str(), "--progress", "none"});
  ASSERT_EQ(none.exit_code, 0);
  EXPECT_EQ(none.err, "");
  const testing::TempDir c;
  const testing::CliResult bad =
      testing::run_cli({"run", kQuickstart, "--out", c.str(), "--progress", "sometimes"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "optbench: error: --progress: must be auto, bar, lines or none, got 'sometimes'\n");
  EXPECT_TRUE(fs::is_empty(c.path()));
}

TEST(Progress, TheRateAndTimeLeftCountOnlyThisProcesssRuns) {
  // 50 resumed, 10 run here in 10 s: 1 run/s, 40 left.
  EXPECT_EQ(cli::ProgressPrinter::line_text(60, 100, 50, 10.0),
            "60/100 runs (60.0%), 50 resumed, 1 runs/s, ETA 40s");
  EXPECT_EQ(cli::ProgressPrinter::line_text(0, 7200, 0, 0.0),
            "0/7200 runs (0.0%), 0 runs/s, ETA ?");
  EXPECT_EQ(cli::ProgressPrinter::line_text(100, 7300, 0, 50.0),
            "100/7300 runs (1.4%), 2 runs/s, ETA 1h 00m");
  EXPECT_EQ(cli::ProgressPrinter::line_text(8, 8, 0, 95.0),
            "8/8 runs (100.0%), 0.0842 runs/s, done in 1m 35s");
}

}  // namespace
}  // namespace optbench
