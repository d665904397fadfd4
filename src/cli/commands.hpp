#pragma once
// The subcommands of the optbench command line; each returns the process exit code.

#include <string>
#include <vector>

namespace optbench::cli {

/// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRunFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int list_command(const std::vector<std::string>& args);
int classify_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);

}  // namespace optbench::cli
