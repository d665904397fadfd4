#include "expression_plan.hpp"

#include <cmath>

#include "expression_entry.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

std::shared_ptr<const ExpressionProblem> expression_problem(const ExpressionEntry& entry) {
  auto problem = std::make_shared<ExpressionProblem>();
  problem->text = entry.text;
  problem->f_star = entry.f_star;
  problem->known_points = entry.known_points;
  problem->search_box = entry.search_box;
  return problem;
}

Eigen::Index expression_instance_dim(const ExpressionEntry& entry,
                                     const std::optional<std::vector<double>>& start) {
  try {
    const ExpressionShape shape = check_expression_syntax(entry.text);
    if (!shape.uses_dim && shape.highest_variable) {
      return static_cast<Eigen::Index>(*shape.highest_variable + 1);
    }
    if (start) return static_cast<Eigen::Index>(start->size());
    return expression_dim(entry.text, std::nullopt);  // throws: says what is missing
  } catch (const ExpressionError& e) {
    throw expression_error(entry, e.offset(), e.what());
  }
}

std::unique_ptr<ExpressionFunction> expression_instance_function(
    const ExpressionEntry& entry, const std::shared_ptr<const ExpressionProblem>& problem,
    Eigen::Index dim) {
  for (std::size_t i = 0; i < entry.known_points.size(); ++i) {
    if (entry.known_points[i].x.size() != dim) {
      throw Error(entry.known_points_where[i],
                  join_key(entry.keypath, "known_points[" + std::to_string(i) + "].x"),
                  "has " + std::to_string(entry.known_points[i].x.size()) +
                      " coordinates but the expression has dim " + std::to_string(dim));
    }
  }
  if (entry.search_box && static_cast<Eigen::Index>(entry.search_box->size()) != dim) {
    throw Error(entry.search_box_where, join_key(entry.keypath, "search_box"),
                "has " + std::to_string(entry.search_box->size()) +
                    " ranges but the expression has dim " + std::to_string(dim));
  }
  std::unique_ptr<ExpressionFunction> f;
  try {
    f = std::make_unique<ExpressionFunction>(problem, dim, ExpressionEvaluator::Interpreted);
  } catch (const ExpressionError& e) {
    throw expression_error(entry, e.offset(), e.what());
  }
  // f* is the least value: a known point below it means one of the two is mistyped.
  if (entry.f_star) {
    for (std::size_t i = 0; i < entry.known_points.size(); ++i) {
      const double v = f->value(entry.known_points[i].x);
      if (v < *entry.f_star - 1e-9 * (1.0 + std::abs(*entry.f_star))) {
        throw Error(entry.f_star_where, join_key(entry.keypath, "f_star"),
                    format_number(*entry.f_star) + " is above the value " + format_number(v) +
                        " at known_points[" + std::to_string(i) +
                        "]; f_star is the least value of the function");
      }
    }
  }
  return f;
}

void check_expression_start(const ExpressionEntry& entry, const TestFunction& f,
                            const std::optional<std::vector<double>>& start, Eigen::Index dim) {
  if (start && static_cast<Eigen::Index>(start->size()) != dim) return;  // reported elsewhere
  Eigen::VectorXd x = Eigen::VectorXd::Zero(dim);
  if (start) x = Eigen::Map<const Eigen::VectorXd>(start->data(), dim);
  try {
    dynamic_cast<const ExpressionFunction&>(f).check_defined_at(x);
  } catch (const ExpressionError& e) {
    throw expression_error(entry, e.offset(), e.what());
  }
}

}  // namespace optbench
