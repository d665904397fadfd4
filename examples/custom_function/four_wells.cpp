#include "four_wells.hpp"

namespace example {

double FourWells::value(Eigen::Ref<const Eigen::VectorXd> x) const {
  const double u = x(0) * x(0) - 1.0;
  const double v = x(1) * x(1) - 1.0;
  return u * u + v * v;
}

double FourWells::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                     Eigen::Ref<Eigen::VectorXd> grad) const {
  const double u = x(0) * x(0) - 1.0;
  const double v = x(1) * x(1) - 1.0;
  grad(0) = 4.0 * x(0) * u;
  grad(1) = 4.0 * x(1) * v;
  return u * u + v * v;
}

void FourWells::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                        Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess << 12.0 * x(0) * x(0) - 4.0, 0.0, 0.0, 12.0 * x(1) * x(1) - 4.0;
}

std::optional<Eigen::VectorXd> FourWells::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  return Eigen::Vector2d(12.0 * x(0) * x(0) - 4.0, 12.0 * x(1) * x(1) - 4.0);
}

std::vector<optbench::KnownPoint> FourWells::known_points() const {
  using optbench::PointClass;
  using P = Eigen::Vector2d;
  return {{P(1.0, 1.0), PointClass::LocalMinimum},  {P(-1.0, 1.0), PointClass::LocalMinimum},
          {P(1.0, -1.0), PointClass::LocalMinimum}, {P(-1.0, -1.0), PointClass::LocalMinimum},
          {P(0.0, 1.0), PointClass::SaddlePoint},   {P(0.0, -1.0), PointClass::SaddlePoint},
          {P(1.0, 0.0), PointClass::SaddlePoint},   {P(-1.0, 0.0), PointClass::SaddlePoint},
          {P(0.0, 0.0), PointClass::LocalMaximum}};
}

optbench::FunctionInfo four_wells_info() {
  optbench::FunctionInfo info;
  info.name = "four_wells";
  info.formula = "(x0^2 - 1)^2 + (x1^2 - 1)^2 (examples/custom_function)";
  info.fixed_dim = 2;
  info.min_dim = 2;
  info.known = "minima (+-1, +-1), f* = 0; saddles (0, +-1), (+-1, 0); maximum (0, 0)";
  info.make = [](Eigen::Index /*dim*/, const optbench::Settings& /*params*/) {
    return std::make_unique<FourWells>();
  };
  return info;
}

void register_four_wells() {
  optbench::register_function(four_wells_info());
}

}  // namespace example
