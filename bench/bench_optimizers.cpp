// Micro-benchmarks of the kernels: every optimizer's update against a triad that moves the same
// kind of memory, and the gradient of every test function.
//   build/optbench_bench --benchmark_filter=Adam --benchmark_min_time=0.2

#include <benchmark/benchmark.h>

#include <Eigen/Core>

#include "optbench/functions/function_registry.hpp"
#include "optbench/optimizers/optimizer_registry.hpp"

namespace {

using optbench::Settings;

const std::vector<std::int64_t> kSizes{2, 1000, 100000, 1000000, 10000000};

// a[i] = b[i] + s*c[i]: 24 bytes per element, the memory system's streaming limit.
void Triad(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  Eigen::VectorXd a = Eigen::VectorXd::Zero(n);
  const Eigen::VectorXd b = Eigen::VectorXd::Random(n);
  const Eigen::VectorXd c = Eigen::VectorXd::Random(n);
  const double s = 1.0001;
  for (auto _ : state) {
    a.noalias() = b + s * c;
    benchmark::DoNotOptimize(a.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * n * 24);
  state.counters["ns_per_element"] =
      benchmark::Counter(static_cast<double>(state.iterations() * n),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void OptimizerStep(benchmark::State& state, const std::string& name, const Settings& settings) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  auto opt = optbench::make_optimizer(name, settings);
  Eigen::VectorXd x = Eigen::VectorXd::Random(n);
  // A small gradient keeps the iterate finite over millions of steps.
  const Eigen::VectorXd g = 1e-6 * Eigen::VectorXd::Random(n);
  opt->reset(n);
  for (auto _ : state) {
    opt->step(x, g);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(static_cast<double>(state.iterations() * n) *
                                                    opt->bytes_per_parameter()));
  state.counters["ns_per_element"] =
      benchmark::Counter(static_cast<double>(state.iterations() * n),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// Adam's update in the first steps of a run, where both bias corrections still call std::pow
// (once 1 - beta^t is exactly 1, after ~355 steps for beta1 = 0.9 and ~37000 for beta2 = 0.999,
// Adam skips it): steps 1..1000 over and over, the cost a short run sees. Step/adam/2 runs
// millions of steps, so it mostly measures the later ones.
void AdamEarlySteps(benchmark::State& state) {
  const auto n = static_cast<Eigen::Index>(state.range(0));
  auto opt = optbench::make_optimizer("adam", Settings{});
  Eigen::VectorXd x = Eigen::VectorXd::Random(n);
  const Eigen::VectorXd g = 1e-6 * Eigen::VectorXd::Random(n);
  opt->reset(n);
  int t = 0;
  for (auto _ : state) {
    if (++t == 1000) {
      opt->reset(n);
      t = 0;
    }
    opt->step(x, g);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
}

void Gradient(benchmark::State& state, const std::string& name) {
  const optbench::FunctionInfo* info = optbench::function_registry().find(name);
  const Eigen::Index n = info->fixed_dim != 0 ? info->fixed_dim : state.range(0);
  auto f = optbench::make_function(name, n, Settings{});
  const Eigen::VectorXd x = 0.5 * Eigen::VectorXd::Random(n);
  Eigen::VectorXd g(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(f->value_and_gradient(x, g));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

int register_all() {
  auto* triad = benchmark::RegisterBenchmark("Triad", Triad);
  for (auto n : kSizes) triad->Arg(n);
  for (const auto& info : optbench::optimizer_registry().all()) {
    const auto opt = info.make(optbench::checked_optimizer_settings(info, {}));
    // Dense second-order steps are not memory kernels; objective-driven methods have no step().
    if (opt->needs_hessian() || opt->drives_objective()) continue;
    auto* b = benchmark::RegisterBenchmark(("Step/" + info.name).c_str(), OptimizerStep, info.name,
                                           Settings{});
    for (auto n : kSizes) b->Arg(n);
  }
  benchmark::RegisterBenchmark("AdamEarlySteps", AdamEarlySteps)->Arg(2)->Arg(1000);
  for (const auto& info : optbench::function_registry().all()) {
    auto* b = benchmark::RegisterBenchmark(("Gradient/" + info.name).c_str(), Gradient, info.name);
    if (info.fixed_dim != 0) {
      b->Arg(info.fixed_dim);
    } else {
      b->Arg(2)->Arg(1000)->Arg(1000000);
    }
  }
  return 0;
}

const int registered = register_all();

}  // namespace

BENCHMARK_MAIN();
