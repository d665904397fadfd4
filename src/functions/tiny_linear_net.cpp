#include "optbench/functions/tiny_linear_net.hpp"

namespace optbench {

double TinyLinearNet::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                         Eigen::Ref<Eigen::VectorXd> grad) const {
  const double residual = 1.0 - x(0) * x(1);
  grad(0) = -2.0 * residual * x(1);
  grad(1) = -2.0 * residual * x(0);
  return residual * residual;
}

void TinyLinearNet::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                            Eigen::Ref<Eigen::MatrixXd> hess) const {
  const double cross = 4.0 * x(0) * x(1) - 2.0;
  hess << 2.0 * x(1) * x(1), cross, cross, 2.0 * x(0) * x(0);
}

std::vector<KnownPoint> TinyLinearNet::known_points() const {
  return {{Eigen::Vector2d(0.0, 0.0), PointClass::SaddlePoint},
          {Eigen::Vector2d(1.0, 1.0), PointClass::Inconclusive},
          {Eigen::Vector2d(-1.0, -1.0), PointClass::Inconclusive}};
}

SearchBox TinyLinearNet::search_box() const {
  return SearchBox(2, {-2.0, 2.0});
}

}  // namespace optbench
