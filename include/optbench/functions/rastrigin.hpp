#pragma once

#include <cmath>
#include <numbers>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = 10 D + sum (x_i^2 - 10 cos(2 pi x_i)) (Rastrigin, 1974; Muhlenbein et al., 1991):
/// the global minimum f* = 0 at 0 among a lattice of local minima; each coordinate has a local
/// maximum at +-0.50254603655467467.
class Rastrigin final : public TestFunction {
 public:
  explicit Rastrigin(Eigen::Index dim) : TestFunction(dim) {}

  /// The critical point of one coordinate near 1/2 (root of t + 10 pi sin(2 pi t) = 0).
  static constexpr double kHalfRoot = 0.50254603655467467;

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    using std::cos;
    constexpr double two_pi = 2.0 * std::numbers::pi;
    Scalar sum(0.0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      sum += x(i) * x(i) - 10.0 * cos(two_pi * x(i));
    }
    return 10.0 * static_cast<double>(x.size()) + sum;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override { return 0.0; }
  /// The minimum at 0, the maximum with every coordinate at kHalfRoot, and (D >= 2) the saddle
  /// with only x0 at kHalfRoot.
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
