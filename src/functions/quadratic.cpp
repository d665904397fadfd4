#include "optbench/functions/quadratic.hpp"

#include <cmath>

#include <Eigen/Eigenvalues>

namespace optbench {

namespace {

ParamSpec real_param(std::string name, double default_value, std::string help) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = SettingType::Real;
  spec.default_value = default_value;
  spec.help = std::move(help);
  return spec;
}

}  // namespace

std::vector<ParamSpec> Quadratic::params() {
  return {real_param("a", 1.0, "H[0][0], the curvature along x0"),
          real_param("b", 0.0, "H[0][1] = H[1][0], the coupling of x0 and x1"),
          real_param("c", 1.0, "H[1][1], the curvature along x1")};
}

std::unique_ptr<Quadratic> Quadratic::create(const Settings& params) {
  return std::make_unique<Quadratic>(params.real("a"), params.real("b"), params.real("c"));
}

double Quadratic::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                     Eigen::Ref<Eigen::VectorXd> grad) const {
  grad(0) = a_ * x(0) + b_ * x(1);
  grad(1) = b_ * x(0) + c_ * x(1);
  return evaluate(x);
}

void Quadratic::hessian(Eigen::Ref<const Eigen::VectorXd> /*x*/,
                        Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess << a_, b_, b_, c_;
}

std::optional<double> Quadratic::f_star() const {
  // Positive semi-definite: a >= 0, c >= 0 and det = ac - b^2 >= 0.
  if (a_ >= 0.0 && c_ >= 0.0 && a_ * c_ - b_ * b_ >= 0.0) return 0.0;
  return std::nullopt;
}

std::vector<KnownPoint> Quadratic::known_points() const {
  Eigen::MatrixXd hess(2, 2);
  hessian(Eigen::VectorXd::Zero(2), hess);
  // The solver and tolerance analyze_hessian uses, so the known point and the analysis agree.
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(hess, Eigen::EigenvaluesOnly);
  return {{Eigen::VectorXd::Zero(2), classify_eigenvalues(solver.eigenvalues(), 1e-12)}};
}

}  // namespace optbench
