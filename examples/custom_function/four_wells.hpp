#pragma once
// A user's test function added to optbench without forking it (docs/extending.md).

#include <Eigen/Core>

#include "optbench/functions/function_registry.hpp"

namespace example {

/// f(x, y) = (x^2 - 1)^2 + (y^2 - 1)^2. The gradient (4x(x^2 - 1), 4y(y^2 - 1)) vanishes at x, y
/// in {0, +-1}; the Hessian diag(12x^2 - 4, 12y^2 - 4) makes (+-1, +-1) the four minima (f* = 0),
/// (0, +-1) and (+-1, 0) saddles and (0, 0) a local maximum: every class in one picture.
class FourWells final : public optbench::TestFunction {
 public:
  FourWells() : TestFunction(2) {}
  double value(Eigen::Ref<const Eigen::VectorXd> x) const override;
  double value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::VectorXd> grad) const override;
  void hessian(Eigen::Ref<const Eigen::VectorXd> x,
               Eigen::Ref<Eigen::MatrixXd> hess) const override;
  std::optional<Eigen::VectorXd> diagonal_hessian(
      Eigen::Ref<const Eigen::VectorXd> x) const override;
  std::optional<double> f_star() const override { return 0.0; }
  /// The nine critical points: the minima, then the saddles (0, 1) first, then the maximum.
  std::vector<optbench::KnownPoint> known_points() const override;
};

/// The catalogue entry: name four_wells, 2-D, no parameters.
optbench::FunctionInfo four_wells_info();

/// Registers four_wells beside the built-ins (what the plugin and the own main both call).
void register_four_wells();

}  // namespace example
