#pragma once

#include <cmath>
#include <numbers>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = sin^2(pi w_1) + sum_{i<D} (w_i - 1)^2 (1 + 10 sin^2(pi w_i + 1))
///        + (w_D - 1)^2 (1 + sin^2(2 pi w_D)),  w_i = 1 + (x_i - 1)/4
/// (Levy; the form of Surjanovic & Bingham's Virtual Library and of Laguna & Marti, 2005):
/// the global minimum f* = 0 at x = (1, ..., 1) among many local minima, searched in
/// [-10, 10]^D. Every term depends on one coordinate, so the Hessian is diagonal. The local
/// minima are not catalogued in closed form.
class Levy final : public TestFunction {
 public:
  explicit Levy(Eigen::Index dim) : TestFunction(dim) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    using std::sin;
    constexpr double pi = std::numbers::pi;
    const Eigen::Index n = x.size();
    const auto w = [&](Eigen::Index i) -> Scalar { return 1.0 + (x(i) - 1.0) / 4.0; };
    const Scalar first = sin(pi * w(0));
    Scalar sum = first * first;
    for (Eigen::Index i = 0; i + 1 < n; ++i) {
      const Scalar wave = sin(pi * w(i) + 1.0);
      sum += (w(i) - 1.0) * (w(i) - 1.0) * (1.0 + 10.0 * wave * wave);
    }
    const Scalar last = sin(2.0 * pi * w(n - 1));
    return sum + (w(n - 1) - 1.0) * (w(n - 1) - 1.0) * (1.0 + last * last);
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override { return 0.0; }
  /// The global minimum at (1, ..., 1).
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
