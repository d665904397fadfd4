#pragma once
// Files that come from outside (configs, data sets, result files read back): regular files of
// bounded size only, so that a FIFO cannot block optbench and /dev/zero cannot exhaust memory.

#include <cstdint>
#include <string>

namespace optbench {

/// A file the plan's runs read (a data set), fingerprinted so that a changed file is noticed.
struct InputFile {
  std::string path;
  std::uint64_t bytes = 0;
  std::string crc32;  ///< 8 hex digits
};

/// The most read_file() reads.
inline constexpr std::uint64_t kMaxReadBytes = std::uint64_t{1} << 30;
/// The largest config file optbench reads.
inline constexpr std::uint64_t kMaxConfigBytes = std::uint64_t{1} << 20;
/// The largest CSV data set optbench reads.
inline constexpr std::uint64_t kMaxCsvDataBytes = std::uint64_t{1} << 30;

/// Reads a whole input file: it must be a regular file (not a FIFO, device or directory, which
/// could block or never end) of at most `limit` bytes; otherwise an Error says what `what`
/// ("config file", "CSV data file") must be.
std::string read_input_file(const std::string& path, std::uint64_t limit, const std::string& what);

}  // namespace optbench
