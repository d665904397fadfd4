// optbench bench CONFIG [--out DIR] [--force] [--quiet] [--benchmark_* flags]
//
// Hands a config of a kind with its own runner (timing: one Google Benchmark per step, see
// experiments/timing_runner.cpp) to that runner; the --benchmark_* flags pass through to it.

#include <boost/program_options.hpp>
#include <memory>

#include "commands.hpp"
#include "optbench/config/load_config.hpp"
#include "optbench/core/error.hpp"
#include "optbench/run/experiment_kind.hpp"

namespace po = boost::program_options;

namespace optbench::cli {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

int bench_spec(const ExperimentSpec& spec, const std::string& out_root, bool force, bool quiet,
               const std::vector<std::string>& benchmark_flags) {
  const auto kind = find_experiment(spec.kind).make();
  if (!kind->has_own_runner()) {
    throw Error(spec.kind_where, "kind",
                "optbench bench times kind timing configs, this one is kind " + spec.kind +
                    "; add timing: {enabled: true} to it for ns_per_step in runs.csv, or list "
                    "its problems and optimizers in a kind: timing config");
  }
  OwnRunOptions options;
  options.out_root = out_root;
  options.force = force;
  options.quiet = quiet;
  options.tool_flags = benchmark_flags;
  return kind->run_own(spec, options) ? kExitOk : kExitRunFailed;
}

int bench_command(const std::vector<std::string>& args) {
  std::vector<std::string> ours;
  std::vector<std::string> benchmark_flags;
  for (const auto& a : args) {
    (starts_with(a, "--benchmark_") || starts_with(a, "--v=") ? benchmark_flags : ours)
        .push_back(a);
  }
  po::options_description flags("optbench bench CONFIG");
  flags.add_options()("config", po::value<std::string>(), "kind: timing config (YAML)")(
      "out", po::value<std::string>()->default_value("results"), "results root")(
      "force", "replace a different config's results")("quiet", "no closing line on stderr");
  po::positional_options_description positional;
  positional.add("config", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(ours).options(flags).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("config") == 0) {
    throw Error("",
                "bench: which config? usage: optbench bench CONFIG.yaml [--out DIR] "
                "[--benchmark_filter=REGEX] [--benchmark_repetitions=N] ...");
  }
  const std::string out = vm["out"].as<std::string>();
  if (out.empty()) throw Error("--out", "must name a folder, got ''");
  const ExperimentSpec spec = load_config(vm["config"].as<std::string>());
  checked_kind(spec);
  return bench_spec(spec, out, vm.count("force") != 0, vm.count("quiet") != 0, benchmark_flags);
}

}  // namespace optbench::cli
