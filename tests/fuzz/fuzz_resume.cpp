// libFuzzer target: the reader --resume and merge trust part files through. Any bytes, split into
// a runs part and a trace part (at the first 0xFF byte), end in a verdict, never in a crash or an
// exception; every run it accepts is one of the plan's with a block inside its files.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "fuzz_file.hpp"
#include "optbench/run/record_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::size_t split = 0;
  while (split < size && data[split] != 0xFF) ++split;
  const std::string runs = optbench::fuzz::scratch_file("runs.csv.part", data, split);
  const std::size_t rest = split < size ? split + 1 : size;
  const std::string trace =
      optbench::fuzz::scratch_file("trace.csv.part", data + rest, size - rest);
  optbench::RecordExpectation e;
  e.files = {runs, trace};
  e.headers = {{"run_id", "problem", "seed", "status", "trace_rows", "trace_checksum"},
               {"run_id", "step", "loss"}};
  e.runs_columns = 6;
  // A plan of 20 runs over two problems and ten seeds.
  e.expected_ids = [](std::size_t id) -> std::optional<std::vector<std::string>> {
    if (id >= 20) return std::nullopt;
    return std::vector<std::string>{std::to_string(id), id < 10 ? "a" : "b",
                                    std::to_string(id % 10)};
  };
  const optbench::CheckedRecords checked = optbench::check_records(e);
  for (std::size_t t = 0; t < 2; ++t) {
    const auto bytes = std::filesystem::file_size(e.files[t]);
    for (const auto& block : checked.blocks[t]) {
      if (checked.runs.count(block.run_id) == 0 || block.begin >= block.end || block.end > bytes)
        std::abort();
    }
  }
  for (const std::size_t id : checked.runs) {
    if (id >= 20) std::abort();
  }
  return 0;
}
