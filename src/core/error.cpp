#include "optbench/core/error.hpp"

#include <utility>

namespace optbench {

Error::Error(SourceLocation where, std::string keypath, std::string message)
    : std::runtime_error(format(where, keypath, message)),
      where_(std::move(where)),
      keypath_(std::move(keypath)),
      message_(std::move(message)) {}

Error::Error(std::string keypath, std::string message)
    : Error(SourceLocation{}, std::move(keypath), std::move(message)) {}

Error Error::located(const SourceLocation& where, const std::string& prefix) const {
  return Error(where, join_key(prefix, keypath_), message_);
}

std::string Error::format(const SourceLocation& where, const std::string& keypath,
                          const std::string& message) {
  std::string out = where.file.empty() ? std::string("optbench") : where.file;
  if (where.line > 0) {
    out += ':' + std::to_string(where.line) + ':' +
           std::to_string(where.column > 0 ? where.column : 1);
  }
  out += ": error: ";
  if (!keypath.empty()) out += keypath + ": ";
  out += message;
  return out;
}

std::string join_key(const std::string& parent, const std::string& child) {
  if (parent.empty()) return child;
  if (child.empty()) return parent;
  if (child.front() == '[') return parent + child;
  return parent + '.' + child;
}

}  // namespace optbench
