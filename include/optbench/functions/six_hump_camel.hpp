#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = (4 - 2.1 x0^2 + x0^4/3) x0^2 + x0 x1 + (-4 + 4 x1^2) x1^2 (Dixon & Szego, 1978): in
/// [-3,3]x[-2,2] six minima, seven saddles and two maxima; f* = -1.0316284534898774 at
/// +-(0.0898420131003181, -0.7126564030207396).
class SixHumpCamel final : public TestFunction {
 public:
  SixHumpCamel() : TestFunction(2) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    const Scalar x2 = x(0) * x(0);
    const Scalar y2 = x(1) * x(1);
    return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x(0) * x(1) + (-4.0 + 4.0 * y2) * y2;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<double> f_star() const override { return -1.0316284534898774; }
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
