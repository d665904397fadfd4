#include "optbench/run/input_fingerprint.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "optbench/core/error.hpp"
#include "optbench/core/plugin_loader.hpp"
#include "optbench/core/random.hpp"

namespace optbench {

InputFile fingerprint_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    throw Error({path, 0, 0}, "", "cannot fingerprint the data file: not a readable regular file");
  }
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    throw Error({path, 0, 0}, "",
                std::string("cannot read the data file: ") + std::strerror(errno));
  }
  constexpr std::size_t kChunk = std::size_t{1} << 20;
  const auto buffer = std::make_unique_for_overwrite<unsigned char[]>(kChunk);
  uLong crc = crc32(0, Z_NULL, 0);
  std::uint64_t bytes = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.get(), kChunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      throw Error({path, 0, 0}, "", "cannot read the data file: " + why);
    }
    if (n == 0) break;
    crc = crc32(crc, buffer.get(), static_cast<uInt>(n));
    bytes += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08lx", static_cast<unsigned long>(crc & 0xffffffffUL));
  return {path, bytes, hex};
}

namespace {

// plan.hash folded with the content (not the paths) of `files`, under `purpose`.
void fold_into_hash(RunPlan& plan, const char* purpose, const std::vector<InputFile>& files) {
  std::string text = plan.hash;
  for (const auto& file : files) text += '|' + std::to_string(file.bytes) + ':' + file.crc32;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx",
                static_cast<unsigned long long>(stable_hash({purpose, text})));
  plan.hash = hex;
}

}  // namespace

void fingerprint_inputs(RunPlan& plan, const std::vector<std::string>& files) {
  plan.inputs.clear();
  plan.plugins.clear();
  for (const auto& path : files) plan.inputs.push_back(fingerprint_file(path));
  for (const auto& path : loaded_plugins()) plan.plugins.push_back(fingerprint_file(path));
  // Without inputs or plugins the hash stays the config's: folders of earlier builds still match.
  if (!plan.inputs.empty()) fold_into_hash(plan, "inputs", plan.inputs);
  if (!plan.plugins.empty()) fold_into_hash(plan, "plugins", plan.plugins);
}

}  // namespace optbench
