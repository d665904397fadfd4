// libFuzzer target: any bytes read as a labelled CSV data set end in a Dataset or in
// optbench::Error, never in a crash or another exception.

#include <cstddef>
#include <cstdint>

#include "fuzz_file.hpp"
#include "optbench/core/error.hpp"
#include "optbench/data/csv_dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = optbench::fuzz::scratch_file("data.csv", data, size);
  try {
    (void)optbench::read_csv_dataset(path, "label");
  } catch (const optbench::Error&) {
  }
  return 0;
}
