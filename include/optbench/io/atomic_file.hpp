#pragma once
// Whole files replaced at once: written to a temporary name, flushed, then renamed.

#include <cstdint>
#include <string>
#include <string_view>

namespace optbench {

/// Writes `content` to `path` atomically: readers see the old file or the new, never a part.
void write_file_atomically(const std::string& path, std::string_view content);

/// Reads a whole file of at most kMaxReadBytes; throws Error naming it when it cannot be read.
std::string read_file(const std::string& path);

/// fdatasync with errors thrown (a full disk shows here too).
void sync_fd(int fd, const std::string& path);

/// Makes the names in a folder durable (after renames and new files); best effort.
void sync_directory(const std::string& dir);

}  // namespace optbench
