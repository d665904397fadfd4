#include "optbench/functions/beale.hpp"

namespace optbench {

namespace {

// The residuals r_i = c_i - x0 + x0 x1^i (i = 1, 2, 3) of Beale's function.
constexpr double kTargets[3] = {1.5, 2.25, 2.625};

}  // namespace

double Beale::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                 Eigen::Ref<Eigen::VectorXd> grad) const {
  const double y2 = x(1) * x(1);
  const double powers[4] = {1.0, x(1), y2, y2 * x(1)};  // x1^0 .. x1^3
  double sum = 0.0;
  grad.setZero();
  for (int i = 1; i <= 3; ++i) {
    const double r = kTargets[i - 1] - x(0) + x(0) * powers[i];
    sum += r * r;
    grad(0) += 2.0 * r * (powers[i] - 1.0);
    grad(1) += 2.0 * r * i * x(0) * powers[i - 1];
  }
  return sum;
}

void Beale::hessian(Eigen::Ref<const Eigen::VectorXd> x, Eigen::Ref<Eigen::MatrixXd> hess) const {
  const double y2 = x(1) * x(1);
  const double powers[4] = {1.0, x(1), y2, y2 * x(1)};
  double h00 = 0.0;
  double h01 = 0.0;
  double h11 = 0.0;
  for (int i = 1; i <= 3; ++i) {
    const double r = kTargets[i - 1] - x(0) + x(0) * powers[i];
    const double dr0 = powers[i] - 1.0;                                     // dr/dx0
    const double dr1 = i * x(0) * powers[i - 1];                            // dr/dx1
    const double dr01 = i * powers[i - 1];                                  // d2r/dx0dx1
    const double dr11 = i >= 2 ? i * (i - 1) * x(0) * powers[i - 2] : 0.0;  // d2r/dx1^2
    h00 += 2.0 * dr0 * dr0;
    h01 += 2.0 * (dr0 * dr1 + r * dr01);
    h11 += 2.0 * (dr1 * dr1 + r * dr11);
  }
  hess << h00, h01, h01, h11;
}

std::vector<KnownPoint> Beale::known_points() const {
  // The second saddle: Newton's method in binary128, rounded to the nearest double.
  return {{Eigen::Vector2d(3.0, 0.5), PointClass::LocalMinimum},
          {Eigen::Vector2d(0.0, 1.0), PointClass::SaddlePoint},
          {Eigen::Vector2d(0.10053793732415836, -2.6445135850231249), PointClass::SaddlePoint}};
}

SearchBox Beale::search_box() const {
  return SearchBox(2, {-4.5, 4.5});
}

}  // namespace optbench
