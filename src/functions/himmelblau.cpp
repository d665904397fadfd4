#include "optbench/functions/himmelblau.hpp"

namespace optbench {

double Himmelblau::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                      Eigen::Ref<Eigen::VectorXd> grad) const {
  const double a = x(0) * x(0) + x(1) - 11.0;
  const double b = x(0) + x(1) * x(1) - 7.0;
  grad(0) = 4.0 * x(0) * a + 2.0 * b;
  grad(1) = 2.0 * a + 4.0 * x(1) * b;
  return a * a + b * b;
}

void Himmelblau::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                         Eigen::Ref<Eigen::MatrixXd> hess) const {
  const double cross = 4.0 * (x(0) + x(1));
  hess << 12.0 * x(0) * x(0) + 4.0 * x(1) - 42.0, cross, cross,
      4.0 * x(0) + 12.0 * x(1) * x(1) - 26.0;
}

std::vector<KnownPoint> Himmelblau::known_points() const {
  // Newton's method in binary128 from a grid over [-5,5]^2, rounded to the nearest double.
  return {{Eigen::Vector2d(3.0, 2.0), PointClass::LocalMinimum},
          {Eigen::Vector2d(-2.8051180869527448, 3.131312518250573), PointClass::LocalMinimum},
          {Eigen::Vector2d(-3.779310253377747, -3.2831859912861696), PointClass::LocalMinimum},
          {Eigen::Vector2d(3.5844283403304917, -1.8481265269644036), PointClass::LocalMinimum},
          {Eigen::Vector2d(-0.27084459066734762, -0.92303855647998145), PointClass::LocalMaximum},
          {Eigen::Vector2d(-3.0730257507643897, -0.08135304428796751), PointClass::SaddlePoint},
          {Eigen::Vector2d(-0.12796134673068008, -1.9537149802445763), PointClass::SaddlePoint},
          {Eigen::Vector2d(0.086677504555396356, 2.8842547011747759), PointClass::SaddlePoint},
          {Eigen::Vector2d(3.3851541836070211, 0.073851879837749282), PointClass::SaddlePoint}};
}

}  // namespace optbench
