#include "optbench/functions/six_hump_camel.hpp"

namespace optbench {

double SixHumpCamel::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                        Eigen::Ref<Eigen::VectorXd> grad) const {
  const double x2 = x(0) * x(0);
  const double y2 = x(1) * x(1);
  grad(0) = x(0) * (8.0 - 8.4 * x2 + 2.0 * x2 * x2) + x(1);
  grad(1) = x(0) + x(1) * (-8.0 + 16.0 * y2);
  return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + x(0) * x(1) + (-4.0 + 4.0 * y2) * y2;
}

void SixHumpCamel::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                           Eigen::Ref<Eigen::MatrixXd> hess) const {
  const double x2 = x(0) * x(0);
  hess << 8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, 1.0, -8.0 + 48.0 * x(1) * x(1);
}

std::vector<KnownPoint> SixHumpCamel::known_points() const {
  // Newton's method in binary128 from a grid over [-3,3]x[-2,2], rounded to the nearest double;
  // f is even (f(-x) = f(x)), so the points come in pairs +-p (and 0).
  const Eigen::Vector2d global(0.089842013100318058, -0.71265640302073963);
  const Eigen::Vector2d minimum1(1.703606714969981, -0.79608356867262509);
  const Eigen::Vector2d minimum2(1.6071047529201974, 0.56865145488413138);
  const Eigen::Vector2d maximum(1.2302298765166526, 0.16233458445899496);
  const Eigen::Vector2d saddle1(1.1092053368047863, -0.76826809250953987);
  const Eigen::Vector2d saddle2(1.2960702671671092, 0.60508438803865849);
  const Eigen::Vector2d saddle3(1.6380679841897787, 0.22867406904439408);
  return {{global, PointClass::LocalMinimum},
          {-global, PointClass::LocalMinimum},
          {minimum1, PointClass::LocalMinimum},
          {-minimum1, PointClass::LocalMinimum},
          {minimum2, PointClass::LocalMinimum},
          {-minimum2, PointClass::LocalMinimum},
          {maximum, PointClass::LocalMaximum},
          {-maximum, PointClass::LocalMaximum},
          {Eigen::Vector2d(0.0, 0.0), PointClass::SaddlePoint},
          {saddle1, PointClass::SaddlePoint},
          {-saddle1, PointClass::SaddlePoint},
          {saddle2, PointClass::SaddlePoint},
          {-saddle2, PointClass::SaddlePoint},
          {saddle3, PointClass::SaddlePoint},
          {-saddle3, PointClass::SaddlePoint}};
}

SearchBox SixHumpCamel::search_box() const {
  return {{-3.0, 3.0}, {-2.0, 2.0}};
}

}  // namespace optbench
