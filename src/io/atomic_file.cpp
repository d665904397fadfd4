#include "optbench/io/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "optbench/io/input_file.hpp"

namespace optbench {

void write_file_atomically(const std::string& path, std::string_view content) {
  const std::string temp = path + ".tmp";
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + temp + ": " + std::strerror(errno));
  auto fail = [&](const std::string& what) {
    const std::string why = std::strerror(errno);
    ::close(fd);
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot " + what + " " + temp + ": " + why);
  };
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    written += static_cast<std::size_t>(n);
  }
  // A full disk can show only here (delayed allocation): the old file must then stay.
  if (::fsync(fd) != 0) fail("sync");
  if (::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(temp.c_str());
    throw std::runtime_error("cannot write " + temp + ": " + why);
  }
  std::filesystem::rename(temp, path);
}

void sync_fd(int fd, const std::string& path) {
  while (::fdatasync(fd) != 0) {
    if (errno == EINTR) continue;
    // Some file systems (and /dev/null in tests) cannot sync; only a failed write is fatal.
    if (errno == EINVAL || errno == EROFS) return;
    throw std::runtime_error("cannot sync " + path + ": " + std::strerror(errno));
  }
}

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);  // makes renames and new names durable; not every file system supports it
  ::close(fd);
}

std::string read_file(const std::string& path) {
  return read_input_file(path, kMaxReadBytes, "file");
}

}  // namespace optbench
