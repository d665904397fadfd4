#include "optbench/functions/expression/expression_function.hpp"

#include <cmath>

#include "evaluator.hpp"
#include "expression_program.hpp"
#include "optbench/functions/expression/expression_error.hpp"
#include "optbench/functions/expression/expression_syntax.hpp"
#include "optbench/io/number_format.hpp"

namespace optbench {

std::string definition_text(const ExpressionProblem& problem) {
  std::string out = "expression=" + problem.text + ";f_star=";
  if (problem.f_star) out += format_number(*problem.f_star);
  out += ";known=";
  for (const KnownPoint& p : problem.known_points) {
    for (Eigen::Index i = 0; i < p.x.size(); ++i) out += format_number(p.x(i)) + ' ';
    out += std::string(to_string(p.kind)) + ',';
  }
  out += ";search_box=";
  if (problem.search_box) {
    for (const auto& [low, high] : *problem.search_box) {
      out += format_number(low) + ' ' + format_number(high) + ',';
    }
  }
  return out;
}

Eigen::Index expression_dim(const std::string& text, std::optional<Eigen::Index> given) {
  const ExpressionShape shape = check_expression_syntax(text);
  if (given) return *given;
  if (shape.uses_dim) {
    throw ExpressionError(0, "the expression uses dim or x[...]: give its dimension with dim:");
  }
  if (!shape.highest_variable) {
    throw ExpressionError(0,
                          "the expression has no variable x0, x1, ...: give its dimension "
                          "with dim:");
  }
  return static_cast<Eigen::Index>(*shape.highest_variable + 1);
}

ExpressionFunction::ExpressionFunction(std::shared_ptr<const ExpressionProblem> problem,
                                       Eigen::Index dim, ExpressionEvaluator evaluator)
    : TestFunction(dim),
      problem_(std::move(problem)),
      program_(expression::expression_program(problem_->text, dim)) {
  const std::vector<expression::NativeFunction>* native =
      evaluator == ExpressionEvaluator::Compiled ? expression::compiled_functions(*program_)
                                                 : nullptr;
  evaluator_ = std::make_unique<expression::Evaluator>(*program_, native);
}

ExpressionFunction::~ExpressionFunction() = default;

double ExpressionFunction::value(Eigen::Ref<const Eigen::VectorXd> x) const {
  return evaluator_->value(x.data());
}

double ExpressionFunction::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                              Eigen::Ref<Eigen::VectorXd> grad) const {
  return evaluator_->value_and_gradient(x.data(), grad.data());
}

void ExpressionFunction::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                                 Eigen::Ref<Eigen::MatrixXd> hess) const {
  const Eigen::VectorXd& entries = evaluator_->hessian_entries(x.data());
  hess.setZero();
  for (std::size_t k = 0; k < program_->hessian_entries.size(); ++k) {
    const auto [i, j] = program_->hessian_entries[k];
    const double v = entries(static_cast<Eigen::Index>(k));
    hess(i, j) = v;
    hess(j, i) = v;
  }
}

std::optional<Eigen::VectorXd> ExpressionFunction::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  if (!program_->diagonal) return std::nullopt;
  const Eigen::VectorXd& entries = evaluator_->hessian_entries(x.data());
  Eigen::VectorXd diagonal = Eigen::VectorXd::Zero(dim());
  for (std::size_t k = 0; k < program_->hessian_entries.size(); ++k) {
    diagonal(program_->hessian_entries[k].first) = entries(static_cast<Eigen::Index>(k));
  }
  return diagonal;
}

SearchBox ExpressionFunction::search_box() const {
  if (problem_->search_box) return *problem_->search_box;
  return TestFunction::search_box();
}

bool ExpressionFunction::compiled() const {
  return evaluator_->compiled();
}

namespace {

std::string point_text(Eigen::Ref<const Eigen::VectorXd> x) {
  std::string out = "[";
  for (Eigen::Index i = 0; i < std::min<Eigen::Index>(x.size(), 6); ++i) {
    out += (i > 0 ? ", " : "") + format_number(x(i));
  }
  return out + (x.size() > 6 ? ", ...]" : "]");
}

}  // namespace

void ExpressionFunction::check_defined_at(Eigen::Ref<const Eigen::VectorXd> x) const {
  const Eigen::VectorXd point = x;
  auto fail = [&](const std::string& what, const expression::Tape& tape) {
    const auto why = expression::first_undefined_operation(tape, point.data());
    throw ExpressionError(0, what + " is undefined at the start " + point_text(point) +
                                 (why ? ": " + *why : std::string()));
  };
  // The interpreter gives the same numbers as native code and says which operation failed.
  expression::Evaluator check(*program_, nullptr);
  const double f = check.value(point.data());
  if (!std::isfinite(f)) fail("the value (" + format_number(f) + ")", program_->value);
  Eigen::VectorXd grad(dim());
  check.value_and_gradient(point.data(), grad.data());
  for (Eigen::Index i = 0; i < dim(); ++i) {
    if (!std::isfinite(grad(i))) {
      fail("the gradient (df/dx" + std::to_string(i) + " = " + format_number(grad(i)) + ")",
           program_->gradient);
    }
  }
  const Eigen::VectorXd& entries = check.hessian_entries(point.data());
  for (std::size_t k = 0; k < program_->hessian_entries.size(); ++k) {
    const double v = entries(static_cast<Eigen::Index>(k));
    if (!std::isfinite(v)) {
      const auto [i, j] = program_->hessian_entries[k];
      fail("the Hessian (d2f/dx" + std::to_string(i) + "dx" + std::to_string(j) + " = " +
               format_number(v) + ")",
           program_->hessian);
    }
  }
}

}  // namespace optbench
