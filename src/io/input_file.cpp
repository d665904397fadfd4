#include "optbench/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "optbench/core/error.hpp"

namespace optbench {

namespace {

std::string byte_count(std::uint64_t n) {
  if (n >= (std::uint64_t{1} << 30)) return std::to_string(n >> 30) + " GiB";
  if (n >= (std::uint64_t{1} << 20)) return std::to_string(n >> 20) + " MiB";
  if (n >= (std::uint64_t{1} << 10)) return std::to_string(n >> 10) + " KiB";
  return std::to_string(n) + " bytes";
}

}  // namespace

std::string read_input_file(const std::string& path, std::uint64_t limit, const std::string& what) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw Error({path, 0, 0}, "",
                errno == ENOENT ? "cannot read the " + what + " (does it exist?)"
                                : "cannot read the " + what + ": " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) throw Error({path, 0, 0}, "", "is a directory, not a " + what);
  if (!S_ISREG(st.st_mode)) {
    throw Error(
        {path, 0, 0}, "",
        "is not a regular file (a pipe, socket or device); a " + what + " must be a file on disk");
  }
  if (static_cast<std::uint64_t>(st.st_size) > limit) {
    throw Error({path, 0, 0}, "",
                "is " + byte_count(static_cast<std::uint64_t>(st.st_size)) + "; a " + what +
                    " may be at most " + byte_count(limit));
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    throw Error({path, 0, 0}, "", "cannot read the " + what + ": " + std::strerror(errno));
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw Error({path, 0, 0}, "", "cannot read the " + what + ": " + why);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    // The file grew after stat (or lied about its size): the limit still holds.
    if (text.size() > limit) {
      ::close(fd);
      throw Error({path, 0, 0}, "",
                  "is larger than a " + what + " may be (" + byte_count(limit) + ")");
    }
  }
  ::close(fd);
  return text;
}

}  // namespace optbench
