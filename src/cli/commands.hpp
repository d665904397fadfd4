#pragma once
// The subcommands of the optbench command line; each returns the process exit code.

#include <string>
#include <vector>

namespace optbench {
struct ExperimentSpec;
struct SweepOptions;
class ExperimentKind;
}  // namespace optbench

namespace optbench::cli {

/// Exit codes shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitRunFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInterrupted = 130;  ///< 128 + SIGINT, as a shell reports Ctrl-C
inline constexpr int kExitTerminated = 143;   ///< 128 + SIGTERM (scancel, a Slurm time limit)

int run_command(const std::vector<std::string>& args);
int validate_command(const std::vector<std::string>& args);
int list_command(const std::vector<std::string>& args);
int classify_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int merge_command(const std::vector<std::string>& args);
int report_command(const std::vector<std::string>& args);
int compare_command(const std::vector<std::string>& args);
int bench_command(const std::vector<std::string>& args);
/// optbench run on a config with tune: its trials, the selection and the final runs.
int run_tuned_command(const ExperimentSpec& spec, const ExperimentKind& kind,
                      const SweepOptions& options, bool allow_large, bool quiet);
/// Hands a config of a kind with its own runner (timing: timings.csv) to it (bench, and run on such
/// configs); exit 1 when a measurement failed.
int bench_spec(const ExperimentSpec& spec, const std::string& out_root, bool force, bool quiet,
               const std::vector<std::string>& benchmark_flags);

}  // namespace optbench::cli
