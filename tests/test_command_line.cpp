// The command line as people expect it: --version, COMMAND --help, -j N.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "optbench/core/build_info.hpp"
#include "optbench/io/atomic_file.hpp"
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
  // trace.csv has no timing column: the same bytes.
  const auto trace = [](const testing::TempDir& d) {
    return read_file((d.path() / "quickstart" / "trace.csv").string());
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
