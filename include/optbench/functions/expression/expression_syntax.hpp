#pragma once
// The language of `function: expression`: its limits, the functions it knows, and a syntax check
// that needs no dimension (the config loader runs it when it reads the file).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optbench {

/// Longer expression texts are refused before parsing (long sums are written with sum(...)).
inline constexpr std::size_t kMaxExpressionLength = 100000;
/// Parentheses, calls, signs and powers nest at most this deep.
inline constexpr int kMaxExpressionDepth = 100;
/// An expression has at most this many variables (each is a GiNaC symbol).
inline constexpr std::int64_t kMaxExpressionDim = 100000;
/// A sum(...) may expand to at most this many nodes in all.
inline constexpr std::size_t kMaxExpandedNodes = 2000000;

/// A function an expression may call.
struct ExpressionFunctionInfo {
  std::string name;
  int arity = 1;
  std::string meaning;
};

/// exp, log, sqrt, abs, sin, ..., pow: the calls the parser accepts (sum is syntax, not listed).
const std::vector<ExpressionFunctionInfo>& expression_functions();

/// What a syntactically valid expression says about its dimension.
struct ExpressionShape {
  std::optional<std::int64_t> highest_variable;  ///< the largest N written as xN
  bool uses_dim = false;                         ///< writes dim or x[...]: needs a given dim
};

/// Parses `text` and resolves its names; throws ExpressionError at the offending byte.
ExpressionShape check_expression_syntax(std::string_view text);

}  // namespace optbench
