#pragma once
// Helpers shared by the tests: temporary folders, running the CLI, reading references.

#include <filesystem>
#include <string>
#include <vector>

namespace optbench::testing {

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

/// Writes text to a file.
void write_text(const std::filesystem::path& path, const std::string& text);

/// `|a - b| <= atol + rtol*|b|`, with NaN equal to NaN.
bool close(double a, double b, double rtol, double atol);

}  // namespace optbench::testing
