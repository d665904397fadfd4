#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = (1.5 - x0 + x0 x1)^2 + (2.25 - x0 + x0 x1^2)^2 + (2.625 - x0 + x0 x1^3)^2 (Beale,
/// 1958): the minimum f* = 0 at (3, 0.5); saddles at (0, 1) and (0.1005379..., -2.6445135...).
class Beale final : public TestFunction {
 public:
  Beale() : TestFunction(2) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    const Scalar y2 = x(1) * x(1);
    const Scalar r1 = 1.5 - x(0) + x(0) * x(1);
    const Scalar r2 = 2.25 - x(0) + x(0) * y2;
    const Scalar y3 = y2 * x(1);
    const Scalar r3 = 2.625 - x(0) + x(0) * y3;
    return r1 * r1 + r2 * r2 + r3 * r3;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<double> f_star() const override { return 0.0; }
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
