#pragma once

#include <cmath>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = 418.9829 D - sum x_i sin(sqrt|x_i|) (Schwefel's problem 2.26: Schwefel, 1981; Jamil &
/// Yang, 2013, f106, with the offset of Surjanovic & Bingham's Virtual Library), searched in
/// [-500, 500]^D. Deceptive: the global minimum at x_i = 420.96874635998205, near a corner, is
/// far from the second-best minima (a coordinate at -302.52493561191176), so methods that follow
/// the local landscape are led away from it. The literature's offset 418.9829 is the per-coordinate
/// minimum rounded, so f* = 1.2727566294e-5 D rather than 0. Outside the box f is unbounded
/// below: only box-bounded methods and runs that stay inside it measure the function as defined.
///
/// One coordinate's term -t sin(sqrt|t|) has 14 non-degenerate critical points in [-500, 500],
/// the roots t = +-s^2 of sin s + (s/2) cos s = 0 (and an inflection at 0, where the second
/// derivative is unbounded); combining them gives the critical points of f.
class Schwefel final : public TestFunction {
 public:
  explicit Schwefel(Eigen::Index dim) : TestFunction(dim) {}

  /// The offset per coordinate, as the references print it.
  static constexpr double kOffset = 418.9829;
  /// The minimum of -t sin(sqrt|t|) over [-500, 500] (at t = kMinimumAt), from a 50-digit
  /// Newton iteration, rounded.
  static constexpr double kMinimumPerCoordinate = -418.9828872724337;
  static constexpr double kMinimumAt = 420.96874635998205;
  /// The critical points of one coordinate's term in [-500, 500], ascending, from a 50-digit
  /// Newton iteration on sin s + (s/2) cos s = 0, rounded; minima and maxima alternate.
  static constexpr double kCritical[14] = {
      -420.96874635998205, -302.52493561191176, -203.81425264889447, -124.82935642021526,
      -65.54786509015155,  -25.877417347618685, -5.239199300195525,  5.239199300195525,
      25.877417347618685,  65.54786509015155,   124.82935642021526,  203.81425264889447,
      302.52493561191176,  420.96874635998205};
  /// Up to this dimension known_points() lists all 14^D critical points.
  static constexpr Eigen::Index kEnumerateUpTo = 2;

  /// Whether kCritical[k] is a minimum of one coordinate's term (the odd entries).
  static constexpr bool is_coordinate_minimum(int k) { return k % 2 == 1; }

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    using std::sin;
    using std::sqrt;
    Scalar sum(0.0);
    // |x| as sqrt(x^2): Eigen's AutoDiff has no abs for nested (second-order) scalars.
    for (Eigen::Index i = 0; i < x.size(); ++i) sum += x(i) * sin(sqrt(sqrt(x(i) * x(i))));
    return kOffset * static_cast<double>(x.size()) - sum;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override {
    return (kOffset + kMinimumPerCoordinate) * static_cast<double>(dim());
  }
  /// All 14^D critical points up to kEnumerateUpTo dimensions; above, the 7 minima with every
  /// coordinate at the same coordinate minimum, from the deepest up. Either way the global minimum
  /// comes first.
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
