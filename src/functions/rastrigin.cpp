#include "optbench/functions/rastrigin.hpp"

namespace optbench {

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

}  // namespace

double Rastrigin::value_and_gradient(Eigen::Ref<const Eigen::VectorXd> x,
                                     Eigen::Ref<Eigen::VectorXd> grad) const {
  double sum = 0.0;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double angle = kTwoPi * x(i);
    sum += x(i) * x(i) - 10.0 * std::cos(angle);
    grad(i) = 2.0 * x(i) + 10.0 * kTwoPi * std::sin(angle);
  }
  return 10.0 * static_cast<double>(x.size()) + sum;
}

void Rastrigin::hessian(Eigen::Ref<const Eigen::VectorXd> x,
                        Eigen::Ref<Eigen::MatrixXd> hess) const {
  hess.setZero();
  hess.diagonal() = *diagonal_hessian(x);
}

std::optional<Eigen::VectorXd> Rastrigin::diagonal_hessian(
    Eigen::Ref<const Eigen::VectorXd> x) const {
  Eigen::VectorXd diag(x.size());
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    diag(i) = 2.0 + 10.0 * kTwoPi * kTwoPi * std::cos(kTwoPi * x(i));
  }
  return diag;
}

std::vector<KnownPoint> Rastrigin::known_points() const {
  std::vector<KnownPoint> out{
      {Eigen::VectorXd::Zero(dim()), PointClass::LocalMinimum},
      {Eigen::VectorXd::Constant(dim(), kHalfRoot), PointClass::LocalMaximum}};
  if (dim() >= 2) {
    Eigen::VectorXd saddle = Eigen::VectorXd::Zero(dim());
    saddle(0) = kHalfRoot;
    out.push_back({saddle, PointClass::SaddlePoint});
  }
  return out;
}

SearchBox Rastrigin::search_box() const {
  return SearchBox(static_cast<std::size_t>(dim()), {-5.12, 5.12});
}

}  // namespace optbench
