#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = (x0^2 + x1 - 11)^2 + (x0 + x1^2 - 7)^2 (Himmelblau, 1972): in [-5,5]^2 four minima
/// with f* = 0 ((3, 2) and three irrational ones), four saddles and one maximum.
class Himmelblau final : public TestFunction {
 public:
  Himmelblau() : TestFunction(2) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    const Scalar a = x(0) * x(0) + x(1) - 11.0;
    const Scalar b = x(0) + x(1) * x(1) - 7.0;
    return a * a + b * b;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<double> f_star() const override { return 0.0; }
  std::vector<KnownPoint> known_points() const override;
};

}  // namespace optbench
