#pragma once
// Whole files replaced at once: written to a temporary name, flushed, then renamed.

#include <string>
#include <string_view>

namespace optbench {

/// Writes `content` to `path` atomically: readers see the old file or the new, never a part.
void write_file_atomically(const std::string& path, std::string_view content);

/// Reads a whole file; throws Error naming it when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace optbench
