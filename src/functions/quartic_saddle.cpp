#include "optbench/functions/quartic_saddle.hpp"

namespace optbench {

double QuarticSaddle::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                         Eigen::Ref<Eigen::VectorXd> grad) const {
  const double y2 = x(1) * x(1);
  grad(0) = 2.0 * x(0);
  grad(1) = x(1) * (y2 - 1.0);
  return x(0) * x(0) + y2 * y2 / 4.0 - y2 / 2.0;
}

void QuarticSaddle::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess << 2.0, 0.0, 0.0, 3.0 * x(1) * x(1) - 1.0;
}

std::vector<KnownPoint> QuarticSaddle::known_points() const {
  return {{Eigen::Vector2d(0.0, 0.0), PointClass::SaddlePoint},
          {Eigen::Vector2d(0.0, 1.0), PointClass::LocalMinimum},
          {Eigen::Vector2d(0.0, -1.0), PointClass::LocalMinimum}};
}

}  // namespace optbench
