#pragma once
// Helpers shared by the tests: temporary folders, running the CLI, reading references.

#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "optbench/core/setting.hpp"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define OPTBENCH_TEST_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define OPTBENCH_TEST_SANITIZED 1
#endif

namespace optbench::testing {

/// True in the AddressSanitizer build (tests/sanitized_suite.sh). There the few tests whose sweeps
/// take minutes run smaller ones: the same checks on less work (the release build runs them
/// whole).
#ifdef OPTBENCH_TEST_SANITIZED
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif

/// A fresh empty folder under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

/// The outcome of running the optbench binary.
struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

/// Runs build/optbench with `args` (shell-quoted here) and captures stdout and stderr.
CliResult run_cli(const std::vector<std::string>& args);

/// The optbench binary started in the background (stdout and stderr to files), for tests that
/// signal it or run a second process beside it. Killed (SIGKILL) on destruction if still running.
class BackgroundCli {
 public:
  explicit BackgroundCli(const std::vector<std::string>& args);
  ~BackgroundCli();
  BackgroundCli(const BackgroundCli&) = delete;
  BackgroundCli& operator=(const BackgroundCli&) = delete;
  /// Sends `signal` to the process.
  void signal(int signal) const;
  /// Waits at most `seconds` for the exit; returns its code, or -1 when still running (then it
  /// is killed) or killed by a signal.
  int wait(double seconds);
  std::string out() const;
  std::string err() const;

 private:
  TempDir io_;
  int pid_ = -1;
};

/// Calls `ready` every 10 ms until it returns true or `seconds` pass; returns its last answer.
bool wait_until(const std::function<bool()>& ready, double seconds);

/// Writes text to a file.
void write_text(const std::filesystem::path& path, const std::string& text);

/// `|a - b| <= atol + rtol*|b|`, with NaN equal to NaN.
bool close(double a, double b, double rtol, double atol);

/// The rows of a CSV file (with a header) as column name -> cell.
std::vector<std::map<std::string, std::string>> csv_records(const std::string& path);

/// The timing columns of optbench's CSV files: the only cells that may differ between two
/// processes running the same config (wall_ms, time_ms, seconds_to_target, ns_per_step,
/// hessian_ms).
bool is_timing_column(const std::string& column);

/// A CSV file's text with its timing columns left out: what must be byte-identical between
/// runs of the same config whatever the job count, shard or resume.
std::string without_timing(const std::string& path);

/// Runs `config` (YAML text; errors name `file`) through the library with `jobs` threads and
/// checks that the sweep completed; the files land in out/<name>/.
void sweep_config(const std::string& config, const std::string& out, unsigned jobs = 1,
                  const std::string& file = "config.yaml");

/// Settings from key/value pairs: settings({{"lr", 0.1}, {"nesterov", true}}).
Settings settings(std::initializer_list<std::pair<std::string, Setting>> values);

}  // namespace optbench::testing
