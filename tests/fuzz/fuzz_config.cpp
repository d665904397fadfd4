// libFuzzer target: any bytes given to the config loader and the grid expansion end in a plan or
// in optbench::Error, never in a crash, a hang or another exception.

#include <cstddef>
#include <cstdint>
#include <string>

#include "optbench/config/load_config.hpp"
#include "optbench/config/run_plan.hpp"
#include "optbench/core/error.hpp"
#include "optbench/core/plugin_loader.hpp"

// A `plugins:` entry may name any library on the machine: the fuzzer loads none.
extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  optbench::set_plugin_loading(false);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const optbench::ExperimentSpec spec = optbench::parse_config(text, "fuzz.yaml");
    // Kinds without optimizers and with them: both paths are checked.
    (void)optbench::expand_plan(spec, !spec.optimizers.empty(), false);
  } catch (const optbench::Error&) {
    // Bad input is expected to end here.
  }
  return 0;
}
