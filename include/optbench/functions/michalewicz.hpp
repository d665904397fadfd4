#pragma once

#include <cmath>
#include <numbers>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = -sum_{i=1..D} sin(x_i) sin^{2m}(i x_i^2 / pi), m = 10 (Michalewicz, 1992; Jamil & Yang,
/// 2013, f89; Surjanovic & Bingham's Virtual Library), on [0, pi]^D: steep narrow valleys
/// between flat plateaus where f is 0 to many digits (the gradient vanishes there too, so a
/// gradient method started on a plateau does not move). The references give
/// f* = -1.8013 (D = 2, at (2.20, 1.57)), -4.687658 (D = 5) and -9.66015 (D = 10).
///
/// Every term depends on one coordinate, so the minima combine the minima of the D terms
/// g_i(t) = -sin t sin^{20}(i t^2 / pi). f_star() and known_points() find them by Newton's method
/// on g_i' from each crest of sin^{20} (i t^2 / pi = pi/2 + k pi) inside [0, pi]; the work grows
/// as D^2. Outside [0, pi]^D f takes lower values than f*: only box-bounded methods and runs
/// that stay inside it measure the function as defined.
class Michalewicz final : public TestFunction {
 public:
  explicit Michalewicz(Eigen::Index dim) : TestFunction(dim) {}

  /// The steepness m of the references.
  static constexpr int kSteepness = 10;
  /// known_points() lists every combination of coordinate minima while there are at most this
  /// many; above, the global minimum and the D points one coordinate away from it.
  static constexpr std::size_t kEnumerateUpTo = 64;

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    using std::sin;
    static_assert(kSteepness == 10, "the power below is sin^20");
    Scalar sum(0.0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const double index = static_cast<double>(i + 1);
      const Scalar s = sin(index * x(i) * x(i) / std::numbers::pi);
      const Scalar s4 = (s * s) * (s * s);
      sum += sin(x(i)) * ((s4 * s4) * (s4 * s4) * s4);
    }
    return -sum;
  }

  /// The minima of g_i in [0, pi] (i = coordinate + 1), ascending by value, as (t, g_i(t)).
  static std::vector<std::pair<double, double>> coordinate_minima(Eigen::Index coordinate);

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  /// The sum of the coordinate minima.
  std::optional<double> f_star() const override;
  /// The global minimum first, then other combinations of coordinate minima (kEnumerateUpTo).
  std::vector<KnownPoint> known_points() const override;
  SearchBox search_box() const override;
};

}  // namespace optbench
