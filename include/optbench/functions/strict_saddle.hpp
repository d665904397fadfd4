#pragma once

#include <memory>

#include "optbench/core/setting.hpp"
#include "optbench/functions/test_function.hpp"

namespace optbench {

/// f(x) = sum_{i<k} (x_i^4/4 - x_i^2/2) + sum_{i>=k} x_i^2/2 (a strict saddle in the sense of
/// Ge et al., 2015): a saddle at 0 with k escape directions (a minimum for k = 0, a maximum for
/// k = D), minima at x_i = +-1 for i < k and 0 elsewhere, f* = -k/4.
class StrictSaddle final : public TestFunction {
 public:
  /// Throws Error("negative", ...) unless 0 <= negative <= dim.
  StrictSaddle(Eigen::Index dim, Eigen::Index negative);

  /// The parameters of the catalogue: `negative` (k), an integer >= 0, default 1.
  static std::vector<ParamSpec> params();
  /// Builds the function from complete settings (see params()).
  static std::unique_ptr<StrictSaddle> create(Eigen::Index dim, const Settings& params);

  /// Number of escape directions k (the first k coordinates).
  Eigen::Index negative() const { return negative_; }

  /// f for any scalar type (the tests pass Eigen's AutoDiff scalars).
  template <typename Derived>
  typename Derived::Scalar evaluate(const Eigen::MatrixBase<Derived>& x) const {
    using Scalar = typename Derived::Scalar;
    Scalar sum(0.0);
    for (Eigen::Index i = 0; i < x.size(); ++i) {
      const Scalar square = x(i) * x(i);
      if (i < negative_) {
        sum += square * square / 4.0 - square / 2.0;
      } else {
        sum += square / 2.0;
      }
    }
    return sum;
  }

  double value(Eigen::Ref<const Eigen::VectorXd> x) const override { return evaluate(x); }
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override { return -0.25 * static_cast<double>(negative_); }
  std::vector<KnownPoint> known_points() const override;

 private:
  Eigen::Index negative_;
};

}  // namespace optbench
