#pragma once

#include <cmath>

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = 1 + sum x_i^2 / 4000 - prod cos(x_i / sqrt(i)), i = 1..D (Griewank, 1981; Jamil & Yang,
/// 2013, f59; Surjanovic & Bingham's Virtual Library): a wide bowl with a product of cosines
/// laid over it, the global minimum f* = 0 at x = 0, searched in [-600, 600]^D. Its many local
/// minima lie near the points where every cosine is +-1 (an even number of them -1); they are
/// not catalogued in closed form.
class Griewank final : public TestFunction {
 public:
  explicit Griewank(Eigen::Index dim) : TestFunction(dim) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    using Scalar = typename Derived::Scalar;
    using std::cos;
    Scalar squares(0.0);
    Scalar product(1.0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      squares += x(i) * x(i);
      product *= cos(x(i) / std::sqrt(static_cast<double>(i + 1)));
    }
    return 1.0 + squares / 4000.0 - product;
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
