#pragma once

#include <memory>

#include "optbench/core/setting.hpp"
#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = (a x0^2 + 2 b x0 x1 + c x1^2) / 2, the quadratic form with the constant Hessian
/// H = [[a, b], [b, c]]: its only critical point (when H is invertible) is 0, and the signs of
/// H's eigenvalues (a + c)/2 +- sqrt(((a - c)/2)^2 + b^2) say what it is. The lesson's examples:
/// a = c = 0, b = -2 is a saddle (eigenvalues -2, 2); a = c = 2, b = 0 a minimum; a = c = -2,
/// b = 0 a maximum.
class Quadratic final : public TestFunction {
 public:
  Quadratic(double a, double b, double c) : TestFunction(2), a_(a), b_(b), c_(c) {}

  /// The parameters of the catalogue: the real numbers a (default 1), b (0) and c (1).
  static std::vector<ParamSpec> params();
  /// Builds the function from complete settings (see params()).
  static std::unique_ptr<Quadratic> create(const Settings& params);

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) const {
    return (a_ * (x(0) * x(0)) + 2.0 * b_ * (x(0) * x(1)) + c_ * (x(1) * x(1))) / 2.0;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  /// 0 when H is positive semi-definite (the minimum at 0); none otherwise (unbounded below).
  std::optional<double> f_star() const override;
  /// The origin, classified by H's eigenvalues (tol 1e-12, as the analysis defaults to).
  std::vector<KnownPoint> known_points() const override;

 private:
  double a_;
  double b_;
  double c_;
};

}  // namespace optbench
