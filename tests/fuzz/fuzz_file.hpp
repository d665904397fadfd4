#pragma once
// Fuzz inputs handed to readers that take a path: the bytes go to a per-process scratch file.

#include <unistd.h>

#include <cstdio>
#include <string>

namespace optbench::fuzz {

/// Writes `size` bytes to /tmp/optbench-fuzz-<pid>-<tag> and returns the path.
inline std::string scratch_file(const char* tag, const void* data, std::size_t size) {
  const std::string path = "/tmp/optbench-fuzz-" + std::to_string(::getpid()) + "-" + tag;
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f != nullptr) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  return path;
}

}  // namespace optbench::fuzz
