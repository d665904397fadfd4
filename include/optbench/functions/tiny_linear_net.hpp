#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = (1 - x0 x1)^2, the loss of the linear net y = w2 w1 x on the sample (1, 1): a saddle
/// at 0 (H = [[0,-2],[-2,0]]) and f* = 0 on the valley x0 x1 = 1 (inconclusive there).
class TinyLinearNet final : public TestFunction {
 public:
  TinyLinearNet() : TestFunction(2) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    const Scalar residual = 1.0 - x(0) * x(1);
    return residual * residual;
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
