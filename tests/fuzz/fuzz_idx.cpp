// libFuzzer target: IDX image and label files (gzipped or not) built from the input end in a
// Dataset or in optbench::Error. The first byte picks where the input splits into the two files.

#include <cstddef>
#include <cstdint>

#include "fuzz_file.hpp"
#include "optbench/core/error.hpp"
#include "optbench/data/idx_dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t rest = size - 1;
  const std::size_t cut = rest == 0 ? 0 : (static_cast<std::size_t>(data[0]) * rest) / 255;
  const std::string images = optbench::fuzz::scratch_file("images.idx", data + 1, cut);
  const std::string labels = optbench::fuzz::scratch_file("labels.idx", data + 1 + cut, rest - cut);
  try {
    (void)optbench::read_idx_dataset(images, labels);
  } catch (const optbench::Error&) {
  }
  return 0;
}
