#pragma once

#include <cmath>
#include <numbers>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = -a exp(-b sqrt(sum x_i^2 / D)) - exp(sum cos(c x_i) / D) + a + e with a = 20, b = 0.2,
/// c = 2 pi (Ackley, 1987; the D-dimensional form of Jamil & Yang, 2013, f1, and Surjanovic &
/// Bingham's Virtual Library of Simulation Experiments): a nearly flat outer region and many
/// regularly spaced local minima around the global minimum f* = 0 at x = 0, searched in
/// [-32.768, 32.768]^D. The local minima are not catalogued in closed form.
///
/// The first term is a cone at 0: there f has no Hessian (it grows as 1/|x|). At x = 0 exactly
/// the gradient is 0 (the minimum-norm subgradient) and hessian() returns the Hessian of the
/// smooth cosine term alone, which is positive definite and classifies 0 as the minimum it is.
class Ackley final : public TestFunction {
 public:
  explicit Ackley(Eigen::Index dim) : TestFunction(dim) {}

  static constexpr double kA = 20.0;
  static constexpr double kB = 0.2;
  static constexpr double kC = 2.0 * std::numbers::pi;

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    using std::cos;
    using std::exp;
    using std::sqrt;
    const double d = static_cast<double>(x.size());
    Scalar squares(0.0);
    Scalar cosines(0.0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      squares += x(i) * x(i);
      cosines += cos(kC * x(i));
    }
    return -kA * exp(-kB * sqrt(squares / d)) - exp(cosines / d) + kA + std::numbers::e;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<double> f_star() const override { return 0.0; }
  /// The global minimum at 0.
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
