// The timing kind's own runner (`optbench bench`, and `optbench run` on a kind: timing config):
// every (problem, optimizer, hyperparameters, dim or model and batch size) becomes one Google
// Benchmark of its step; Google Benchmark's own flags pass through (filter, repetitions,
// min_time, format, out, ...). The console shows Google Benchmark's table; DIR/<name>/timings.csv
// gets one row per benchmark run and aggregate. The config's timing: min_time and repetitions
// apply unless the flags set --benchmark_min_time or --benchmark_repetitions.

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "optbench/core/error.hpp"
#include "optbench/io/atomic_file.hpp"
#include "optbench/io/folder_lock.hpp"
#include "optbench/io/number_format.hpp"
#include "optbench/run/plan_manifest.hpp"
#include "timing_experiment.hpp"
#include "timings_reporter.hpp"

namespace fs = std::filesystem;

namespace optbench {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool given(const std::vector<std::string>& flags, const std::string& name) {
  for (const auto& f : flags) {
    if (f == name || starts_with(f, name + "=")) return true;
  }
  return false;
}

// The folder may take new timings: absent, empty, or holding this config's earlier timings.
void prepare_folder(const RunPlan& plan, const std::string& dir, bool force) {
  if (!fs::exists(dir) || force) return;
  const SourceLocation config{plan.spec.file, 0, 0};
  const auto manifest = read_manifest(dir);
  if (!manifest) {
    bool empty = true;
    for (const auto& entry : fs::directory_iterator(dir))
      empty = empty && entry.path().filename() == kLockFileName;
    if (!empty) {
      throw Error(config, "",
                  dir +
                      " exists and is not an optbench result; pass --force to "
                      "write into it or --out to choose another folder");
    }
    return;
  }
  if (manifest->config_hash != plan.hash) {
    throw Error(config, "",
                dir + " holds results of a different config (hash " + manifest->config_hash +
                    ", this one " + plan.hash +
                    "); pass --force to replace them or --out to keep both");
  }
}

// --benchmark_min_time as Google Benchmark 1.7.1 reads it: seconds as a plain number. Newer
// releases (and their docs) write "0.2s" for seconds and "100x" for iterations: the first is
// the same value, so the suffix is taken off; the second 1.7.1 cannot do, so it is refused.
std::string min_time_flag(const std::string& flag) {
  const std::string key = "--benchmark_min_time=";
  std::string value = flag.substr(key.size());
  if (!value.empty() && value.back() == 'x') {
    throw Error(flag,
                "an iteration count (Nx) needs Google Benchmark 1.8 or later; this one "
                "takes seconds, e.g. --benchmark_min_time=0.2");
  }
  if (!value.empty() && value.back() == 's') value.pop_back();
  char* end = nullptr;
  const double seconds = value.empty() ? 0.0 : std::strtod(value.c_str(), &end);
  if (value.empty() || end != value.c_str() + value.size() || !(seconds > 0.0) ||
      !std::isfinite(seconds)) {
    throw Error(flag, "must be a number of seconds > 0 (0.2 or 0.2s), got '" +
                          flag.substr(key.size()) + "'");
  }
  return key + value;
}

}  // namespace

bool TimingExperiment::run_own(const ExperimentSpec& spec, const OwnRunOptions& options) const {
  const std::vector<std::string>& benchmark_flags = options.tool_flags;
  const RunPlan plan = expand_plan(spec, uses_optimizers(), true);
  check(plan);

  // Google Benchmark reads its flags from an argv: the config's defaults first, the command
  // line's flags after them (a flag given on the command line replaces the default).
  std::vector<std::string> argv_text{"optbench bench"};
  if (!given(benchmark_flags, "--benchmark_min_time")) {
    argv_text.push_back("--benchmark_min_time=" + format_number(spec.timing.min_time));
  }
  if (!given(benchmark_flags, "--benchmark_repetitions") && spec.timing.repetitions > 1) {
    argv_text.push_back("--benchmark_repetitions=" + std::to_string(spec.timing.repetitions));
  }
  for (const auto& flag : benchmark_flags) {
    // Zero repetitions measure nothing: refused before anything runs (or is replaced).
    if (starts_with(flag, "--benchmark_repetitions=")) {
      const std::string value = flag.substr(std::string("--benchmark_repetitions=").size());
      if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
          std::stoll(value.substr(0, 9)) < 1) {
        throw Error(flag, "must be a whole number >= 1, got '" + value + "'");
      }
    }
  }
  for (const auto& flag : benchmark_flags) {
    argv_text.push_back(starts_with(flag, "--benchmark_min_time=") ? min_time_flag(flag) : flag);
  }
  std::vector<char*> argv;
  argv.reserve(argv_text.size() + 1);
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(argv_text.size());
  benchmark::Initialize(&argc, argv.data());
  if (argc > 1) {
    std::string unknown;
    for (int i = 1; i < argc; ++i)
      unknown += std::string(i > 1 ? " " : "") + argv[static_cast<std::size_t>(i)];
    throw Error("", "bench: Google Benchmark did not take " + unknown +
                        " (a flag it does not know, or a value it cannot read; "
                        "optbench_bench --help lists its flags)");
  }

  const std::string dir = (fs::path(options.out_root) / spec.name).string();
  prepare_folder(plan, dir, options.force);
  const std::map<std::string, BenchmarkLabel> labels = register_benchmarks(plan);
  TimingsReporter reporter(labels, benchmark::CreateDefaultDisplayReporter());
  const std::size_t matched = benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::ClearRegisteredBenchmarks();
  benchmark::Shutdown();
  if (given(benchmark_flags, "--benchmark_list_tests") &&
      !given(benchmark_flags, "--benchmark_list_tests=false")) {
    return true;  // names listed, nothing measured
  }
  if (matched == 0) {
    throw Error("--benchmark_filter", "no benchmark of " + spec.name + " matches; nothing written");
  }
  if (reporter.rows().empty()) {
    for (const auto& e : reporter.errors()) std::cerr << "optbench: error: " << e << "\n";
    throw Error("", "bench: no measurement came back from Google Benchmark; " + dir +
                        "/timings.csv is left as it was");
  }
  fs::create_directories(dir);
  const FolderLock lock(dir, FolderLock::Mode::exclusive, "bench");
  prepare_folder(plan, dir, options.force);  // again, under the lock
  reporter.write(dir + "/timings.csv");
  Manifest manifest = make_manifest(plan, 1, 1);
  manifest.runs = reporter.rows().size();
  manifest.finished = utc_now();
  manifest.complete = true;
  write_file_atomically(dir + "/manifest.json", to_json(manifest));
  for (const auto& e : reporter.errors()) std::cerr << "optbench: error: " << e << "\n";
  if (!options.quiet)
    std::cerr << spec.name << ": " << reporter.rows().size() << " rows -> " << dir
              << "/timings.csv\n";
  return reporter.errors().empty();
}

}  // namespace optbench
