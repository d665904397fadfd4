#pragma once
// The one exception type of optbench: bad input with the place it came from.

#include <stdexcept>
#include <string>

namespace optbench {

/// Where a bad value sits: a file with a 1-based line and column (0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

/// Bad input (config, flags, data): printed once by main as
/// `FILE:LINE:COL: error: KEYPATH: message` and answered with exit code 2.
class Error : public std::runtime_error {
 public:
  Error(SourceLocation where, std::string keypath, std::string message);
  /// An error about a key whose location the caller adds later (see `located`).
  Error(std::string keypath, std::string message);

  const SourceLocation& where() const { return where_; }
  const std::string& keypath() const { return keypath_; }
  const std::string& message() const { return message_; }

  /// The same error placed at `where` with `prefix` put before its key path.
  Error located(const SourceLocation& where, const std::string& prefix) const;

 private:
  static std::string format(const SourceLocation& where, const std::string& keypath,
                            const std::string& message);
  SourceLocation where_;
  std::string keypath_;
  std::string message_;
};

/// Joins a key path and a child key (`optimizers[2]` + `betas`).
std::string join_key(const std::string& parent, const std::string& child);

}  // namespace optbench
