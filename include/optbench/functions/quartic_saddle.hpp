#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = x0^2 + x1^4/4 - x1^2/2: a strict saddle at 0 (eigenvalues 2 and -1) between the
/// minima (0, +-1) with f* = -1/4.
class QuarticSaddle final : public TestFunction {
 public:
  QuarticSaddle() : TestFunction(2) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    const auto y2 = x(1) * x(1);
    return x(0) * x(0) + y2 * y2 / 4.0 - y2 / 2.0;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<double> f_star() const override { return -0.25; }
  std::vector<KnownPoint> known_points() const override;
};

}  // namespace optbench
