#pragma once

#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = sum_{i<D-1} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 (Rosenbrock, 1960; the chained
/// form of Dixon & Mills): a curved valley with the minimum f* = 0 at (1, ..., 1).
class Rosenbrock final : public TestFunction {
 public:
  explicit Rosenbrock(Eigen::Index dim) : TestFunction(dim) {}

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  static typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) {
    typename Derived::Scalar sum(0.0);
    for (Eigen::Index i = 0; i + 1 < x.size(); ++i) {
      const auto valley = x(i + 1) - x(i) * x(i);
      const auto offset = 1.0 - x(i);
      sum += 100.0 * valley * valley + offset * offset;
    }
    return sum;
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
