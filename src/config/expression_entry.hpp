#pragma once
// The keys of a `function: expression` problem entry: the expression itself (syntax-checked
// where it is written), f_star, known_points, search_box and evaluator.

#include <string>
#include <vector>

#include "optbench/config/experiment_spec.hpp"
#include "yaml_node.hpp"

namespace optbench {

/// The function name that makes a problem entry an expression.
inline constexpr const char* kExpressionFunction = "expression";

/// expression, f_star, known_points, search_box, evaluator.
const std::vector<std::string>& expression_entry_keys();

/// Reads `key` (one of expression_entry_keys() but evaluator, a grid axis) of an expression entry
/// into p.expression.
void read_expression_key(const std::string& key, const yaml::Node& value, ProblemSpec& p);

/// One value of the `evaluator:` axis: compiled or interpreted.
Setting read_evaluator(const yaml::Node& value);

/// Fails at the entry when it gave no expression.
void finish_expression_entry(const yaml::Node& entry, const ProblemSpec& p);

/// The Error for an ExpressionError about byte `offset` of the entry's text.
Error expression_error(const ExpressionEntry& entry, std::size_t offset, const std::string& what);

}  // namespace optbench
