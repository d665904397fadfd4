#include "step_timer.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "timings_reporter.hpp"

namespace optbench {

void run_step_benchmark(benchmark::State& state, const KernelFactory& make) {
  std::unique_ptr<StepKernel> kernel;
  try {
    kernel = make();
    kernel->step();  // untimed: the first step sizes the workspaces
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  StepKernel& k = *kernel;
  for (auto _ : state) {
    k.step();
  }
  const auto steps = static_cast<double>(state.iterations());
  state.counters["steps_per_second"] = benchmark::Counter(steps, benchmark::Counter::kIsRate);
  if (k.bytes_per_step > 0.0) {
    state.SetBytesProcessed(static_cast<std::int64_t>(steps * k.bytes_per_step));
  }
  if (k.batch_size > 0) state.SetItemsProcessed(state.iterations() * k.batch_size);
}

double time_step(const KernelFactory& make, const TimingSpec& timing) {
  static std::mutex registry_mutex;
  const std::lock_guard<std::mutex> lock(registry_mutex);
  benchmark::ClearRegisteredBenchmarks();
  auto* b = benchmark::RegisterBenchmark(
      "optbench_step", [&make](benchmark::State& state) { run_step_benchmark(state, make); });
  b->MinTime(timing.min_time);
  if (timing.repetitions > 1) b->Repetitions(static_cast<int>(timing.repetitions));
  TimingsReporter collect({}, nullptr);
  benchmark::RunSpecifiedBenchmarks(&collect, "^optbench_step");
  benchmark::ClearRegisteredBenchmarks();
  if (!collect.errors().empty()) throw std::runtime_error("timing: " + collect.errors().front());
  const std::string want = timing.repetitions > 1 ? "median" : "";
  const std::vector<std::string> columns = column_names(timings_columns());
  const auto real = static_cast<std::size_t>(
      std::find(columns.begin(), columns.end(), "real_ns_per_step") - columns.begin());
  for (const auto& row : collect.rows()) {
    if (row.back() == want) return std::stod(row[real]);
  }
  throw std::runtime_error("timing: Google Benchmark reported no time");
}

}  // namespace optbench
