#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = 1/2 sum (x_i^4 - 16 x_i^2 + 5 x_i) (Styblinski & Tang, 1990): in [-5,5]^D the 3^D
/// critical points combine the roots of 4t^3 - 32t + 5 per coordinate; f* = -39.166165703771412 D
/// at x_i = -2.903534027771177.
class StyblinskiTang final : public TestFunction {
 public:
  explicit StyblinskiTang(Eigen::Index dim) : TestFunction(dim) {}

  /// The roots of 4t^3 - 32t + 5 = 0, rounded to double: the minimum, the maximum and the
  /// local minimum of one coordinate.
  static constexpr double kLowRoot = -2.903534027771177;
  static constexpr double kMiddleRoot = 0.15673125678034011;
  static constexpr double kHighRoot = 2.7468027709908371;
  /// The minimum of one coordinate, 1/2 (t^4 - 16t^2 + 5t) at kLowRoot.
  static constexpr double kMinPerCoordinate = -39.166165703771412;
  /// Up to this dimension known_points() lists all 3^D critical points.
  static constexpr Eigen::Index kEnumerateUpTo = 4;

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    Scalar sum(0.0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const Scalar square = x(i) * x(i);
      sum += square * square - 16.0 * square + 5.0 * x(i);
    }
    return 0.5 * sum;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override {
    return kMinPerCoordinate * static_cast<double>(dim());
  }
  /// All 3^D critical points up to kEnumerateUpTo dimensions; above, the two minima with equal
  /// coordinates, the maximum, and one saddle (x0 at the low root, the rest at the middle one).
  std::vector<KnownPoint> known_points() const override;
};

}  // namespace optbench
