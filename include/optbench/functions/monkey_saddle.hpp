#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = x0^3 - 3 x0 x1^2, the monkey saddle: a degenerate critical point at 0 (H = 0,
/// inconclusive by eigenvalues), unbounded below, so no f*.
class MonkeySaddle final : public TestFunction {
 public:
  MonkeySaddle() : TestFunction(2) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    return x(0) * x(0) * x(0) - 3.0 * x(0) * x(1) * x(1);
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::vector<KnownPoint> known_points() const override;
};

}  // namespace optbench
