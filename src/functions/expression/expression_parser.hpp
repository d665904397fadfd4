#pragma once
// Text -> syntax tree, with every error placed at its byte.

#include <string_view>

#include "expression_ast.hpp"

namespace optbench::expression {

/// Parses and resolves the names of `text`; throws ExpressionError.
Ast parse_expression(std::string_view text);

}  // namespace optbench::expression
