#pragma once
// `function: expression`: a test function written as text, with its exact gradient and Hessian
// from GiNaC's symbolic differentiation, evaluated by native code the system C compiler built
// (cached in the user's cache folder) or, without a compiler, by an interpreter.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "optbench/functions/test_function.hpp"

namespace optbench {

namespace expression {
struct ExpressionProgram;
class Evaluator;
}  // namespace expression

/// How an expression is evaluated: compiled to native code (the default, with a fallback to the
/// interpreter) or interpreted.
enum class ExpressionEvaluator { Compiled, Interpreted };

/// What a `function: expression` entry defines besides its dimension.
struct ExpressionProblem {
  std::string text;                      ///< in x0 .. x{dim-1}
  std::optional<double> f_star;          ///< the known minimum, if any
  std::vector<KnownPoint> known_points;  ///< critical points the author knows
  std::optional<SearchBox> search_box;   ///< default: [-5, 5] per coordinate
};

/// The definition beyond the text (f_star, known points, search box) as one line, for the
/// hash that tells configs apart.
std::string definition_text(const ExpressionProblem& problem);

/// The dimension of an expression: `given` if set, else its highest xN + 1; throws
/// ExpressionError when the text needs a given dim (it writes dim or x[...]) or names no variable.
Eigen::Index expression_dim(const std::string& text, std::optional<Eigen::Index> given);

/// A test function defined by an expression.
class ExpressionFunction final : public TestFunction {
 public:
  /// Builds (or takes from the process's cache) the program of `problem` at `dim`; throws
  /// ExpressionError for a bad expression.
  ExpressionFunction(std::shared_ptr<const ExpressionProblem> problem, Eigen::Index dim,
                     ExpressionEvaluator evaluator);
  ~ExpressionFunction() override;

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override;
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override { return problem_->f_star; }
  std::vector<KnownPoint> known_points() const override { return problem_->known_points; }
  SearchBox search_box() const override;

  /// Whether native code evaluates it (false: the interpreter).
  bool compiled() const;
  /// Throws ExpressionError when f, its gradient or its Hessian is not finite at x, saying which
  /// and why ("division by zero").
  void check_defined_at(Eigen::Ref<const Eigen::VectorXd> x) const;

 private:
  std::shared_ptr<const ExpressionProblem> problem_;
  std::shared_ptr<const expression::ExpressionProgram> program_;
  std::unique_ptr<expression::Evaluator> evaluator_;
};

}  // namespace optbench
