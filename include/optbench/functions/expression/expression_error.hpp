#pragma once
// A problem with an expression's text, placed at a byte of that text; the config loader and the
// command line turn it into an Error at the file's line and column.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace optbench {

/// Bad expression text (syntax, names, range, undefined values) at byte `offset` of the text.
class ExpressionError : public std::runtime_error {
 public:
  ExpressionError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}

  /// The byte of the expression the message is about (0: the expression as a whole).
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

}  // namespace optbench
