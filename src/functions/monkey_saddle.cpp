#include "optbench/functions/monkey_saddle.hpp"

namespace optbench {

double MonkeySaddle::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                        Eigen::Ref<Eigen::VectorXd> grad) const {
  grad(0) = 3.0 * x(0) * x(0) - 3.0 * x(1) * x(1);
  grad(1) = -6.0 * x(0) * x(1);
  return x(0) * x(0) * x(0) - 3.0 * x(0) * x(1) * x(1);
}

void MonkeySaddle::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                           Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess << 6.0 * x(0), -6.0 * x(1), -6.0 * x(1), -6.0 * x(0);
}

std::vector<KnownPoint> MonkeySaddle::known_points() const {
  return {{Eigen::Vector2d(0.0, 0.0), PointClass::Inconclusive}};
}

}  // namespace optbench
